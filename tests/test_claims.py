"""The claims report: verdicts follow the data by fixed rules, never typed in."""

from __future__ import annotations

import numpy as np
import pytest

from hybridsys.claims import CLAIMS, CLOSE, NOT_REPRODUCED, PARTLY, REPRODUCED, ROUGH, VERDICTS, _approximately, judge
from hybridsys.figures import SYNCHRONIZED, FigureData


def figure(name: str, **data) -> dict[str, FigureData]:
    return {name: FigureData(name, {k: np.asarray(v) for k, v in data.items()}, {})}


def claim(key: str):
    return next(c for c in CLAIMS if c.key == key)


@pytest.mark.parametrize(
    "ours, verdict", [(0.015, REPRODUCED), (0.015 * (1 + CLOSE) * 0.999, REPRODUCED), (0.015 * (1 + ROUGH) * 0.999, PARTLY),
                      (0.015 * (1 - ROUGH) * 0.99, NOT_REPRODUCED), (np.nan, NOT_REPRODUCED)],
)
def test_stated_numbers_are_judged_by_relative_deviation(ours, verdict):
    found = _approximately(ours, 0.015, "S_C")
    assert found.verdict == verdict and (found.why == "") == (verdict == REPRODUCED)


def test_the_cd_od_split_verdict_follows_the_numbers():
    ratios = [0.1, 0.1, 0.1]
    assert judge(claim("S3-split"), figure("S3", S_Q_max=[0.3, 0.2, 0.001], linearization=ratios)).verdict == REPRODUCED
    assert judge(claim("S3-split"), figure("S3", S_Q_max=[0.3, 0.2, 0.3], linearization=ratios)).verdict == NOT_REPRODUCED
    assert judge(claim("S3-split"), figure("S3", S_Q_max=[SYNCHRONIZED / 2, 0.2, 0.0], linearization=ratios)).verdict == NOT_REPRODUCED


def test_classical_synchronization_and_revival_follow_the_numbers():
    for value, verdict in ((0.0151, REPRODUCED), (0.013, PARTLY), (0.001, NOT_REPRODUCED)):
        assert judge(claim("S10-CD"), figure("S10", S_C_window_max=[value, 0.0, 0.0])).verdict == verdict
    K = np.linspace(-5e-5, 0, 5)
    assert judge(claim("S64-revival"), figure("S8", K=K, revival_vs_K=[0.3, 0.98, 0.5, 0.2, 0.1], revival_factor=0.5)).verdict == REPRODUCED
    assert judge(claim("S64-revival"), figure("S8", K=K, revival_vs_K=[0.3, 0.26, 0.2, 0.2, 0.1], revival_factor=0.26)).verdict == NOT_REPRODUCED


def test_thresholds_are_read_from_the_sweep():
    gamma = np.linspace(0.001, 0.012, 12)
    sq = np.where(gamma <= 0.007, 0.2, 0.0)
    found = judge(claim("S7-gamma"), figure("S7", gamma=gamma, vs_gamma_kerr_off=sq))
    assert found.verdict == REPRODUCED and "0.007" in found.ours
    sq[gamma > 0.007] = 0.2  # synchronized everywhere: the last synchronized γ is the grid's end
    assert judge(claim("S7-gamma"), figure("S7", gamma=gamma, vs_gamma_kerr_off=sq)).verdict == NOT_REPRODUCED


def test_one_way_synchronization_needs_both_directions_to_differ():
    delta = np.linspace(-1.4, -0.6, 17)
    ld = np.where(delta < -1.0, 0.3, 0.0)
    found = judge(claim("S1-spinning"), figure("S1", Delta_a=delta, S_Q_spinning_LD=ld, S_Q_spinning_RD=ld[::-1]))
    assert found.verdict == REPRODUCED
    found = judge(claim("S1-spinning"), figure("S1", Delta_a=delta, S_Q_spinning_LD=ld, S_Q_spinning_RD=ld))
    assert found.verdict == NOT_REPRODUCED


def test_claims_without_their_figure_are_not_judged_and_helpers_always_are():
    assert judge(claim("S3-split"), {}) is None
    kerr = judge(claim("S39-S49-signs"), {})
    assert kerr.verdict in VERDICTS and "[110]" in kerr.ours
    assert len({c.key for c in CLAIMS}) == len(CLAIMS)


def test_vanishing_for_positive_kerr_is_located_on_the_sweep():
    K = np.linspace(-5e-5, 5e-5, 11)
    sq = np.where(K < 1.5e-5, 0.2, 0.0)
    found = judge(claim("S5b-OD"), figure("S5b", K=K, S_Q_max=sq))
    assert found.verdict == PARTLY and "K/ω1 >= 2e-05" in found.ours
    found = judge(claim("S5b-OD"), figure("S5b", K=K, S_Q_max=np.full_like(K, 0.2)))
    assert found.verdict == NOT_REPRODUCED and "nowhere" in found.ours
    found = judge(claim("S5b-OD"), figure("S5b", K=K, S_Q_max=np.where(K < 0, 0.2, 0.0)))
    assert found.verdict == REPRODUCED
