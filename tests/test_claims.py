"""The claims report: each verdict follows the data by the rules of hybridsys/claims.py.

Every judge is fed made-up data twice (or more): once where the spec's claim holds and
once where it does not, so a verdict can never be a constant typed into the code."""

from __future__ import annotations

import numpy as np
import pytest

from hybridsys.papers.nonreciprocal_sync.claims import CLAIMS, NOT_REPRODUCED, PARTLY, REPRODUCED, _approximately, _crossing, judge
from hybridsys.papers.nonreciprocal_sync.figures import FigureData
from hybridsys.model.physical import YIG_RADIUS_SIMULATION, yig_kerr_coefficient

NAN = np.nan
DETUNING = np.linspace(-1.3, -0.7, 13)
K = np.linspace(-5e-5, 5e-5, 11)
T = np.linspace(0, 200, 401)


def peak(x, at, width=0.1):
    return 0.3 * np.exp(-(((np.asarray(x) - at) / width) ** 2))


def ramp(x, crossing, slope):
    """An S_Q crossing 0.01 at ``crossing``, rising with ``slope`` (clipped to [0, 0.3])."""
    return np.clip(0.01 + slope * (np.asarray(x) - crossing), 0, 0.3)


def onset(t0):
    sq = np.where(T >= t0, 0.3, 0.0)
    sq[0] = 1.0  # vacuum at t = 0
    return np.array([sq, sq, np.zeros_like(T)])


GAMMA, KAPPA_M, KAPPA_A = np.linspace(0.001, 0.012, 23), np.linspace(0.05, 0.5, 19), np.linspace(0.05, 0.4, 15)
S6 = dict(gamma=GAMMA, kappa_m=KAPPA_M, vs_gamma_CD=np.full(23, 0.2), vs_gamma_kerr_off=ramp(GAMMA, 0.007, -30),
          vs_kappa_m_CD=peak(KAPPA_M, 0.25) + 0.02, vs_kappa_m_kerr_off=ramp(KAPPA_M, 0.27, -0.05),
          map_CD=np.full((5, 5), 0.2), map_kerr_off=np.where(np.arange(25).reshape(5, 5) < 10, 0.2, 0.0))
S7 = dict(gamma=GAMMA, kappa_m=KAPPA_M, kappa_a=KAPPA_A, vs_gamma_kerr_off=ramp(GAMMA, 0.007, -30),
          vs_kappa_m_kerr_off=ramp(KAPPA_M, 0.24, -1), vs_kappa_m_CD=peak(KAPPA_M, 0.25),
          vs_kappa_a_kerr_off=ramp(KAPPA_A, 0.14, 2), vs_kappa_a_CD=peak(KAPPA_A, 0.125))
S8 = dict(S_Q_nbar0_kerr_off=peak(DETUNING, -1.1), S_Q_nbar1_kerr_off=0.8 * peak(DETUNING, -1.1),
          S_Q_nbar10_kerr_off=0.3 * peak(DETUNING, -1.1), S_Q_nbar10_CD=0.95 * peak(DETUNING, -1.0),
          K=np.linspace(-5e-5, -2.5e-6, 20), revival_vs_K=np.linspace(0.5, 0.98, 20)[::-1], revival_factor=0.9)
REFERENCE_HZ = 10e6
K_110 = yig_kerr_coefficient("[110]", YIG_RADIUS_SIMULATION, REFERENCE_HZ)

# (claim, figure data where the claim holds, changes that break it, the verdict then)
CASES = [
    ("S1-still", dict(S_Q_still_LD=peak(DETUNING, -1), S_Q_still_RD=peak(DETUNING, -1)),
     dict(S_Q_still_RD=peak(DETUNING, -0.9)), NOT_REPRODUCED),
    ("S1-still", dict(S_Q_still_LD=peak(DETUNING, -1), S_Q_still_RD=peak(DETUNING, -1)),
     dict(S_Q_still_RD=np.full(13, NAN)), NOT_REPRODUCED),
    ("S1-spinning", dict(Delta_a=DETUNING, S_Q_spinning_LD=peak(DETUNING, -1.1), S_Q_spinning_RD=peak(DETUNING, -0.9)),
     dict(S_Q_spinning_RD=peak(DETUNING, -1.1)), NOT_REPRODUCED),
    ("S1-spinning", dict(Delta_a=DETUNING, S_Q_spinning_LD=peak(DETUNING, -1.1), S_Q_spinning_RD=peak(DETUNING, -0.9)),
     dict(S_Q_spinning_LD=np.zeros(13)), PARTLY),
    ("S2-theta", dict(theta2_standard=np.ones((3, 3)), theta2_printed=np.ones((3, 3))),
     dict(theta2_standard=-np.ones((3, 3))), NOT_REPRODUCED),
    ("S2-stable", dict(stable=np.ones((3, 3), bool), table_stable=np.array([True]), table_max_real_eigenvalue=np.array([-0.1])),
     dict(table_stable=np.array([False]), table_max_real_eigenvalue=np.array([0.08])), NOT_REPRODUCED),
    ("S2-cycle", dict(regime=np.array(["limit cycle", "limit cycle"]), period=np.array([6.4, 6.2])),
     dict(regime=np.array(["irregular", "limit cycle"])), NOT_REPRODUCED),
    ("S3-split", dict(S_Q_max=np.array([0.3, 0.2, 0.001]), linearization=np.array([0.04, 0.1, 0.1])),
     dict(S_Q_max=np.array([0.3, 0.2, 0.3])), NOT_REPRODUCED),
    ("S3-split", dict(S_Q_max=np.array([0.3, 0.2, 0.001]), linearization=np.array([0.04, 0.1, 0.1])),
     dict(linearization=np.array([0.04, 0.7, 0.9])), PARTLY),
    ("S3-onset", dict(t_over_tau=T, S_Q=onset(50)), dict(S_Q=onset(10)), NOT_REPRODUCED),
    ("S4-Delta-m", dict(detuning=DETUNING, S_Q_vs_Delta_m_CD=np.full(13, 0.3), S_Q_vs_Delta_m_OD=np.zeros(13)),
     dict(S_Q_vs_Delta_m_OD=np.where(DETUNING > -0.95, 0.3, 0.0)), PARTLY),
    ("S4-Delta-a", dict(detuning=DETUNING, S_Q_vs_Delta_a_CD=np.full(13, 0.3), S_Q_vs_Delta_a_OD=np.zeros(13)),
     dict(S_Q_vs_Delta_a_OD=np.full(13, 0.3)), NOT_REPRODUCED),
    ("S4-optimum", dict(detuning=DETUNING, S_Q_vs_Delta_m_CD=peak(DETUNING, -1), S_Q_vs_Delta_a_CD=peak(DETUNING, -1)),
     dict(S_Q_vs_Delta_a_CD=peak(DETUNING, -0.75)), PARTLY),
    ("S5a", dict(S_Q_CD=np.full(9, 0.3), S_Q_kerr_off=np.full(9, 0.2)), dict(S_Q_CD=np.full(9, 0.1)), NOT_REPRODUCED),
    ("S5b-OD", dict(K=K, S_Q_max=np.where(K < 0, 0.3, 0.0)), dict(S_Q_max=np.where(K < 1.5e-5, 0.3, 0.0)), PARTLY),
    ("S5b-OD", dict(K=K, S_Q_max=np.where(K < 0, 0.3, 0.0)), dict(S_Q_max=np.where(K < 0, 0.3, NAN)), NOT_REPRODUCED),
    ("S5b-OD", dict(K=K, S_Q_max=np.where(K < 0, 0.3, 0.0)), dict(S_Q_max=np.where(K < 3.5e-5, 0.3, NAN)), NOT_REPRODUCED),
    ("S5b-optimum", dict(K=K, S_Q_max=peak(K, -2e-5, 2e-5)), dict(S_Q_max=peak(K, 3e-5, 2e-5)), NOT_REPRODUCED),
    ("S5b-optimum", dict(K=K, S_Q_max=peak(K, -2e-5, 2e-5)), dict(S_Q_max=peak(K, -6e-5, 2e-5)), PARTLY),
    ("S6-robust", S6, dict(vs_gamma_CD=np.where(GAMMA < 0.01, 0.2, 0.0)), PARTLY),
    ("S6-robust", S6, dict(vs_gamma_CD=np.where(GAMMA < 0.01, 0.2, NAN)), PARTLY),
    ("S6-map", S6, dict(map_CD=np.zeros((5, 5))), NOT_REPRODUCED),
    ("S6-kappa-m", S6, dict(vs_kappa_m_kerr_off=ramp(KAPPA_M, 0.12, -1)), NOT_REPRODUCED),
    ("S62", S6, dict(vs_kappa_m_CD=np.zeros(19)), NOT_REPRODUCED),
    ("S62", S6, dict(vs_gamma_CD=np.where(GAMMA < 0.004, 0.0, 0.2)), PARTLY),
    ("S7-gamma", S7, dict(vs_gamma_kerr_off=ramp(GAMMA, 0.0085, -30)), PARTLY),
    ("S7-gamma", S7, dict(vs_gamma_kerr_off=np.full(23, 0.2)), NOT_REPRODUCED),
    ("S7-kappa-m", S7, dict(vs_kappa_m_kerr_off=ramp(KAPPA_M, 0.45, -1)), NOT_REPRODUCED),
    ("S7-kappa-m-optimum", S7, dict(vs_kappa_m_CD=peak(KAPPA_M, 0.33)), PARTLY),
    ("S7-kappa-a", S7, dict(vs_kappa_a_kerr_off=ramp(KAPPA_A, 0.30, 2)), NOT_REPRODUCED),
    ("S7-kappa-a-optimum", S7, dict(vs_kappa_a_CD=peak(KAPPA_A, 0.05)), NOT_REPRODUCED),
    ("S8-noise", S8, dict(S_Q_nbar10_kerr_off=2 * peak(DETUNING, -1.1)), NOT_REPRODUCED),
    ("S8-kerr", S8, dict(S_Q_nbar10_CD=0.5 * peak(DETUNING, -1.0)), PARTLY),
    ("S8-kerr", S8, dict(S_Q_nbar10_CD=0.1 * peak(DETUNING, -1.0)), NOT_REPRODUCED),
    ("S64-revival", S8, dict(revival_vs_K=np.linspace(0.1, 0.26, 20)), NOT_REPRODUCED),
    ("S9", dict(relative_mismatch=np.array([0.05, 1.5])), dict(relative_mismatch=np.array([0.5, 1.5])), PARTLY),
    ("S10-CD", dict(S_C_window_max=np.array([0.0151, 0.02, 0.0])), dict(S_C_window_max=np.array([0.013, 0.02, 0.0])), PARTLY),
    ("S10-CD", dict(S_C_window_max=np.array([0.0151, 0.02, 0.0])), dict(S_C_window_max=np.array([0.001, 0.02, 0.0])), NOT_REPRODUCED),
    ("S10-OD", dict(S_C_window_max=np.array([0.015, 0.02, 1e-6])), dict(S_C_window_max=np.array([0.015, 0.02, 0.01])), NOT_REPRODUCED),
    ("S10-K", dict(K=K, S_C_max=np.where(K < 0, 0.015, 0.0)), dict(S_C_max=np.where(K < 2.5e-5, 0.015, 0.0)), PARTLY),
    ("S10-K", dict(K=K, S_C_max=np.where(K < 0, 0.015, 0.0)), dict(S_C_max=np.zeros(11)), NOT_REPRODUCED),
    ("S11", dict(G_a_scenarios=np.array([0.17, 0.16, 0.17]), G_m_scenarios=np.array([0.17, 0.15, 0.05]), K_scenarios=np.array([-2e-5, 0, 2e-5])),
     dict(G_m_scenarios=np.array([0.05, 0.15, 0.05])), NOT_REPRODUCED),
    ("S49-size", dict(reference_hz=REFERENCE_HZ, K=np.array([K_110, 0.0, -K_110])), dict(K=np.array([-2e-5, 0.0, 2e-5])), NOT_REPRODUCED),
]


def claim(key: str):
    return next(c for c in CLAIMS if c.key == key)


def verdict(key: str, data: dict) -> str:
    name = claim(key).figure
    finding = judge(claim(key), {name: FigureData(name, {k: np.asarray(v) for k, v in data.items()}, {})})
    assert (finding.why == "") == (finding.verdict == REPRODUCED), finding
    return finding.verdict


@pytest.mark.parametrize("key, holds, breaks, broken", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_verdict_follows_the_data(key, holds, breaks, broken):
    assert verdict(key, holds) == REPRODUCED
    assert verdict(key, {**holds, **breaks}) == broken


def test_every_claim_is_exercised_except_the_material_signs():
    assert {c.key for c in CLAIMS} - {case[0] for case in CASES} == {"S39-S49-signs"}
    # YIG's K1 < 0 reverses (S39)/(S49)'s signs whatever the frequency unit
    assert verdict("S39-S49-signs", dict(reference_hz=REFERENCE_HZ, K=K)) == NOT_REPRODUCED


@pytest.mark.parametrize(
    "ours, result", [(0.015, REPRODUCED), (0.0165 * 0.999, REPRODUCED), (0.0225 * 0.999, PARTLY), (0.0074, NOT_REPRODUCED),
                     (NAN, NOT_REPRODUCED)],
)
def test_stated_numbers_are_judged_by_relative_deviation(ours, result):
    assert _approximately(ours, 0.015, "S_C").verdict == result


def test_thresholds_are_interpolated_between_grid_points():
    x = np.linspace(0, 1, 11)
    assert _crossing(x, ramp(x, 0.33, -0.05), last=True)[0] == pytest.approx(0.33)
    assert _crossing(x, ramp(x, 0.47, 0.05), last=False)[0] == pytest.approx(0.47)
    assert np.isnan(_crossing(x, np.full(11, 0.2), last=True)[0])  # synchronized to the end: no threshold inside
    assert np.isnan(_crossing(x, np.full(11, NAN), last=True)[0])


def test_claims_without_their_figure_are_not_judged():
    assert judge(claim("S3-split"), {}) is None
    assert len({c.key for c in CLAIMS}) == len(CLAIMS)


def test_failed_points_cap_a_verdict_only_where_they_could_decide_it():
    x = np.linspace(0, 1, 11)
    sq = ramp(x, 0.24, -0.05)  # crosses 0.01 between the grid points 0.2 and 0.3
    judged = lambda values: verdict("S7-kappa-m", dict(S7, kappa_m=x, vs_kappa_m_kerr_off=values))  # noqa: E731
    assert judged(sq) == REPRODUCED
    assert judged(np.where(x > 0.9, NAN, sq)) == REPRODUCED  # failed far from the crossing
    assert judged(np.where(np.isclose(x, 0.3), NAN, sq)) == PARTLY  # failed where the crossing is decided
    both = peak(DETUNING, -1)
    both[0] = NAN
    assert verdict("S1-still", dict(S_Q_still_LD=both, S_Q_still_RD=both)) == REPRODUCED  # failed from both sides alike
    assert verdict("S1-still", dict(S_Q_still_LD=both, S_Q_still_RD=peak(DETUNING, -1))) == NOT_REPRODUCED
