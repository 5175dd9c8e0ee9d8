"""The catalogue of the spec's checkable statements: every new judge follows its data.

As in test_claims.py, every judge is fed data where its statement holds and data where
it does not. For formula claims the data are the spec's transcribed formulas: the
statement "holds" for a corrected transcription (e.g. g_a for the printed g_c) and is
judged on the printed one; for Table I claims, Table I's transcription. No number here
is read off a figure: the curves are made up, the formulas are the spec's text, the
parameters come from the model file."""

from __future__ import annotations

import numpy as np
import pytest

from hybridsys.model.modelfile import load_model
from hybridsys.papers.nonreciprocal_sync import formulas as fm
from hybridsys.papers.nonreciprocal_sync.claims import CLAIMS, NOT_REPRODUCED, PARTLY, REPRODUCED, judge
from hybridsys.papers.nonreciprocal_sync.claims_catalog import (CATALOGUE, CONTRADICTIONS, FORMULAS, NEW_CLAIMS, TABLE, TABLE_I,
                                                               UNCHECKABLE, catalogue_figures)
from hybridsys.papers.nonreciprocal_sync.figures import FigureData, _map

MODEL = load_model("nonreciprocal_sync")
PSEUDO = {name: figure.data for name, figure in catalogue_figures(MODEL).items()}
OD_K = MODEL.values("simulation", "OD")["K"]
DETUNING = np.linspace(-1.3, -0.7, 13)
K = np.linspace(-5e-5, 5e-5, 11)
GAMMA, KAPPA_M, KAPPA_A = np.linspace(0.001, 0.012, 23), np.linspace(0.05, 0.5, 19), np.linspace(0.05, 0.4, 15)
T = np.linspace(0, 100, 801)


def peak(x, at, width=0.1):
    return 0.3 * np.exp(-(((np.asarray(x) - at) / width) ** 2))


def ramp(x, crossing, slope):
    return np.clip(0.01 + slope * (np.asarray(x) - crossing), 0, 0.3)


def swap(key: str, old: str, new: str) -> dict:
    """The transcription of ``key`` with ``old`` replaced by ``new``."""
    assert old in fm.PRINTED[key], (key, old)
    return {key: fm.PRINTED[key].replace(old, new)}


def rows(first: int, fix=lambda row: row[:8]) -> dict:
    """(S14) with rows ``first``, ``first + 1`` rewritten by ``fix``."""
    printed = [list(r) for r in fm.PRINTED["S14"]]
    for r in (first, first + 1):
        printed[r] = fix(printed[r])
    return {"S14": tuple(tuple(r) for r in printed)}


def move_optomechanical(row):
    """Rows 1-2 of (S14) with the optomechanical entry moved to column 7 (X_b2), ERRATA 1."""
    return row[:6] + [row[8], "0"]


WITH_KERR_ORDER = {"S9b": fm.PRINTED["S9b"] + " + K"}  # Δ'_m with the normal-ordering shift K (ERRATA 3)
FORMULA_CASES = [
    ("S3a", {}, swap("S3a", "-I*Delta_a*a", "I*Delta_a*a"), NOT_REPRODUCED),
    ("S3b", swap("S3b", "-I*Delta_m*m", "-I*(Delta_m + K)*m"), swap("S3b", "-I*Delta_m*m", "-I*Delta_m*m"), PARTLY),
    ("S3b", swap("S3b", "-I*Delta_m*m", "-I*(Delta_m + K)*m"), swap("S3b", "I*g_m", "-I*g_m"), NOT_REPRODUCED),
    ("S3c", {}, swap("S3c", " + I*chi*b2", ""), NOT_REPRODUCED),
    ("S3d", {}, swap("S3d", "I*g_a*ad*a", "I*g_a*ad*ad"), NOT_REPRODUCED),
    ("S7a", {}, swap("S7a", "- kappa_a*alpha", "+ kappa_a*alpha"), NOT_REPRODUCED),
    ("S7b", swap("S7b", "-I*Delta_m*mu", "-I*(Delta_m + K)*mu"), {}, PARTLY),
    ("S7c", {}, swap("S7c", "I*g_m*conjugate(mu)*mu", "I*g_m*mu*mu"), NOT_REPRODUCED),
    ("S7d", {}, swap("S7d", "I*chi*beta1", "I*chi*beta2"), NOT_REPRODUCED),
    ("S7-shift", {"S7-shift": "2*K*conjugate(mu)*mu + K"}, {}, PARTLY),
    ("S7-shift", {"S7-shift": "2*K*conjugate(mu)*mu + K"}, {"S7-shift": "4*K*conjugate(mu)*mu"}, NOT_REPRODUCED),
    ("S8a", {}, swap("S8a", "db2 + db2d", "db2"), NOT_REPRODUCED),
    ("S8b", WITH_KERR_ORDER, {"S9b": fm.PRINTED["S9b"]}, PARTLY),
    ("S8c", {}, swap("S8c", " + I*g_m*mu*dmd", ""), NOT_REPRODUCED),
    ("S8d", swap("S8d", "g_c", "g_a"), {}, NOT_REPRODUCED),
    ("S9a", {}, swap("S9a", "- 2*g_a", "+ 2*g_a"), NOT_REPRODUCED),
    ("S9b", WITH_KERR_ORDER, {"S9b": fm.PRINTED["S9b"]}, PARTLY),
    ("S14-a", rows(0, move_optomechanical), {}, NOT_REPRODUCED),
    ("S14-m", {**WITH_KERR_ORDER, **rows(2)}, {"S9b": fm.PRINTED["S9b"]}, PARTLY),
    ("S14-m", {**WITH_KERR_ORDER, **rows(2)}, rows(2, lambda row: row), PARTLY),
    ("S14-b1", rows(4), {"S14": fm.PRINTED["S14"]}, PARTLY),
    ("S14-b1", rows(4), rows(4, lambda row: [e.replace("chi", "-chi") for e in row[:8]]), NOT_REPRODUCED),
    ("S14-b2", rows(6), {"S14": fm.PRINTED["S14"]}, PARTLY),
    ("S15", {}, {"S15-kernel": "s - t"}, NOT_REPRODUCED),
    ("S17", {}, {"S17": "A*V + V*A.T - Q"}, NOT_REPRODUCED),
    ("S17", {}, {"S17": "A*V + V*A.T + 2*Q"}, NOT_REPRODUCED),
    ("L626-mass", {}, {"x_ZPM": "hbar/(2*m*omega)"}, NOT_REPRODUCED),
    ("S20", {"S20": tuple(e.replace("(2*nbar_m + 1)*", "") for e in fm.PRINTED["S20"])}, {}, PARTLY),
    ("S20", {"S20": tuple(e.replace("(2*nbar_m + 1)*", "") for e in fm.PRINTED["S20"])},
     {"S20": ("2*kappa_a",) + fm.PRINTED["S20"][1:]}, NOT_REPRODUCED),
    ("S22", {}, {"S10-X": "(bd + b)/2"}, NOT_REPRODUCED),
    ("S24", {}, {"S24": "1/2"}, NOT_REPRODUCED),
    ("S24", {}, {"S21-weight": "1"}, NOT_REPRODUCED),
    ("S25", {}, {"S25-bound": "1/2"}, PARTLY),
    ("S30", {}, {"S30": "1/2"}, NOT_REPRODUCED),
    ("S34", {}, {"S33": {"z": "-4*K_an*M_z/M**2"}}, NOT_REPRODUCED),
    ("S37", {}, swap("S37", "- 2*mu0", "+ 2*mu0"), NOT_REPRODUCED),
    ("S38", {}, swap("S38", "2*mu0", "mu0"), NOT_REPRODUCED),
    ("S39", {}, swap("S39", "mu0*gamma", "2*mu0*gamma"), NOT_REPRODUCED),
    ("S41", {}, swap("S41", "9*mu0", "3*mu0"), NOT_REPRODUCED),
    ("S43", {}, {"S43": "sqrt(2*S + n)"}, NOT_REPRODUCED),
    ("S46", {}, {"S46": "sqrt(2*S)*(1 - n/(2*S))"}, NOT_REPRODUCED),
    ("S48", {}, swap("S48", "13*mu0", "11*mu0"), NOT_REPRODUCED),
    ("S49", {}, swap("S49", "13*mu0", "11*mu0"), NOT_REPRODUCED),
    ("S39-S49-opposite", {}, {"S40": {"z": "-K_an*M_z/M**2"}}, NOT_REPRODUCED),
    ("S39-units", {"S39": "gamma**2*K_an/(M**2*V_m)"}, {}, NOT_REPRODUCED),
    ("L673-red", {}, {"K_CD": OD_K}, NOT_REPRODUCED),
    ("L465-blue", {"K_CD": OD_K}, {"K_CD": PSEUDO[FORMULAS]["K_CD"]}, NOT_REPRODUCED),
    ("S52-units", {}, swap("S52", "/c", ""), NOT_REPRODUCED),
    ("S52-index", {}, swap("S52-index", "/c", ""), NOT_REPRODUCED),
    ("S53", {}, {"S53-degree": 7}, NOT_REPRODUCED),
    ("S54", {"S54-upper": "n"}, {}, NOT_REPRODUCED),
    ("L546", {}, {"L546-direction": "increases"}, NOT_REPRODUCED),
    ("x_ZPM", {}, {"x_ZPM": "hbar/(2*m*omega)"}, NOT_REPRODUCED),
]
EQUAL_COLUMNS = {name: (sim, sim) for name, (sim, _) in TABLE_I["columns"].items()}
TABLE_CASES = [
    ("T-c", {}, {"c": 1e8}, NOT_REPRODUCED),
    ("T-gamma", {}, {"gyromagnetic_MHz_per_Oe": 28.0}, NOT_REPRODUCED),
    ("T-omega2", {}, {"omega_2_MHz": 10.5}, NOT_REPRODUCED),
    ("T-resonance", {}, {"omega_2_MHz": 10.5}, NOT_REPRODUCED),
    ("T-columns", {"columns": EQUAL_COLUMNS}, {"columns": TABLE_I["columns"]}, PARTLY),
    ("T-masses", {}, {"model_masses_equal": False}, NOT_REPRODUCED),
]
CYCLE = np.sin(T)
HURWITZ_ONLY_2 = np.array([0, 0.3, 0, 0, 0, 0, 0, 0])
ONE_WAY = dict(detuning=DETUNING, S_Q_vs_Delta_m_CD=np.full(13, 0.3), S_Q_vs_Delta_a_CD=np.full(13, 0.3),
               S_Q_vs_Delta_m_OD=np.where((DETUNING > -1.1 - 1e-9) & (DETUNING < -0.8 + 1e-9), 0.0, 0.3),
               S_Q_vs_Delta_a_OD=np.where((DETUNING > -1.1 - 1e-9) & (DETUNING < -0.9 + 1e-9), 0.0, 0.3))
FALLING = dict(gamma=GAMMA, kappa_m=KAPPA_M, vs_gamma_kerr_off=np.linspace(0.3, 0.0, 23), vs_gamma_CD=np.linspace(0.3, 0.1, 23),
               vs_kappa_m_kerr_off=np.linspace(0.3, 0.0, 19), vs_kappa_m_CD=np.linspace(0.3, 0.1, 19),
               map_CD=np.where((GAMMA[:, None] > 0.007) | (KAPPA_M[None, :] > 0.27), 0.0, 0.2))
S7 = dict(K=K, gamma=GAMMA, kappa_a=KAPPA_A, map_gamma=np.where(K[None, :] < 0, 0.2, 0.0) + 0 * GAMMA[:, None],
          vs_gamma_kerr_off=np.zeros(23), vs_kappa_a_CD=np.full(15, 0.2), vs_kappa_a_kerr_off=ramp(KAPPA_A, 0.14, 2))
K_NEG = np.linspace(-5e-5, -5e-6, 10)
S8 = dict(K=K_NEG, revival_vs_K=np.linspace(1.02, 0.3, 10), S_Q_nbar10_kerr_off=np.zeros(13), S_Q_nbar10_CD=peak(DETUNING, -1))
S8_OPTIMUM = dict(S8, revival_vs_K=peak(K_NEG, -2e-5, 1e-5))
FIGURE_CASES = [
    ("T-G", dict(G_a=np.full(11, 0.15), G_m=np.full(11, 0.1)), dict(G_m=np.where(K > 0, 0.3, 0.1)), PARTLY),
    ("S1-symmetric", dict(Delta_a=DETUNING, S_Q_still_LD=peak(DETUNING, -1), S_Q_spinning_LD=peak(DETUNING, -1.1),
                          S_Q_spinning_RD=peak(DETUNING, -0.9)), dict(S_Q_spinning_RD=peak(DETUNING, -1.1)), NOT_REPRODUCED),
    ("S1-symmetric", dict(Delta_a=DETUNING, S_Q_still_LD=peak(DETUNING, -1), S_Q_spinning_LD=peak(DETUNING, -1.1),
                          S_Q_spinning_RD=peak(DETUNING, -0.9)), dict(S_Q_spinning_RD=peak(DETUNING, -0.8)), PARTLY),
    ("S1-blueshift", dict(X_b2=np.array([CYCLE - 2, CYCLE - 3])), dict(X_b2=np.array([CYCLE + 2, CYCLE + 3])), NOT_REPRODUCED),
    ("S2-only-theta2", dict(hurwitz_nonpositive=HURWITZ_ONLY_2), dict(hurwitz_nonpositive=HURWITZ_ONLY_2 + np.eye(8)[4] * 0.1),
     NOT_REPRODUCED),
    ("S2-blue-sideband", dict(Delta_a=DETUNING, Delta_m=DETUNING, stable=np.ones((13, 13), bool)),
     dict(stable=np.zeros((13, 13), bool)), NOT_REPRODUCED),
    ("S2-consistent", dict(X_b1_CD=CYCLE, X_b2_CD=CYCLE, Y_b1_CD=np.cos(T), Y_b2_CD=np.cos(T)), dict(X_b2_CD=0.3 * CYCLE), NOT_REPRODUCED),
    ("S3-CD-largest", dict(S_Q_max=np.array([0.3, 0.2, 0.001]), linearization=np.array([0.1, 0.1, 0.1])),
     dict(S_Q_max=np.array([0.1, 0.2, 0.001])), NOT_REPRODUCED),
    ("S55-window", ONE_WAY, dict(S_Q_vs_Delta_m_OD=np.where(np.isclose(DETUNING, -1), 0.3, 0.0)), NOT_REPRODUCED),
    ("S55-window", ONE_WAY, dict(S_Q_vs_Delta_m_OD=np.zeros(13)), PARTLY),
    ("S56-window", ONE_WAY, dict(S_Q_vs_Delta_a_OD=np.where(np.isclose(DETUNING, -1), 0.3, 0.0)), NOT_REPRODUCED),
    ("S5b-switch", dict(K=K, S_Q_max=np.where(K < 0, 0.3, 0.0)), dict(S_Q_max=np.zeros(11)), NOT_REPRODUCED),
    ("S6-gamma-off", FALLING, dict(vs_gamma_kerr_off=np.linspace(0.0, 0.3, 23)), NOT_REPRODUCED),
    ("S6-gamma-CD", FALLING, dict(vs_gamma_CD=peak(GAMMA, 0.006, 0.003)), PARTLY),
    ("S6-kappa-off", FALLING, dict(vs_kappa_m_kerr_off=np.linspace(0.0, 0.3, 19)), NOT_REPRODUCED),
    ("S6-kappa-CD", FALLING, dict(vs_kappa_m_CD=peak(KAPPA_M, 0.25, 0.1)), PARTLY),
    ("S6-kappa-robust", FALLING, dict(vs_kappa_m_CD=np.zeros(19)), NOT_REPRODUCED),
    ("S6-gamma-threshold", dict(gamma=GAMMA, vs_gamma_kerr_off=ramp(GAMMA, 0.007, -30)),
     dict(vs_gamma_kerr_off=ramp(GAMMA, 0.011, -30)), NOT_REPRODUCED),
    ("S6-vanish-CD", FALLING, dict(map_CD=np.full((23, 19), 0.2)), NOT_REPRODUCED),
    ("S7-gamma-robust", S7, dict(map_gamma=np.zeros((23, 11))), NOT_REPRODUCED),
    ("S7-gamma-off-zero", S7, dict(vs_gamma_kerr_off=ramp(GAMMA, 0.007, -30)), PARTLY),
    ("S7-kappa-a-CD", S7, dict(vs_kappa_a_CD=np.zeros(15)), NOT_REPRODUCED),
    ("S7-kappa-a-off", S7, dict(vs_kappa_a_kerr_off=ramp(KAPPA_A, 0.10, 2)), NOT_REPRODUCED),
    ("S8-stronger", S8, dict(revival_vs_K=np.linspace(0.3, 1.02, 10)), NOT_REPRODUCED),
    ("S8-optimal-K", S8_OPTIMUM, dict(revival_vs_K=peak(K_NEG, -4e-5, 1e-5)), NOT_REPRODUCED),
    ("S8-switch", S8, dict(S_Q_nbar10_kerr_off=np.full(13, 0.2)), NOT_REPRODUCED),
    ("S8-surpass", S8, dict(revival_vs_K=np.linspace(0.3, 0.1, 10)), NOT_REPRODUCED),
    ("S9-steady", dict(regime=np.array(["limit cycle", "limit cycle"])), dict(regime=np.array(["fixed point", "fixed point"])),
     NOT_REPRODUCED),
    ("S26", dict(S_Q=np.array([[0.3, 0.2], [0.1, 0.05]]), S_C=np.array([[0.01, 0.2], [0.0, 0.05]])),
     dict(S_C=np.array([[0.4, 0.3], [0.2, 0.1]])), NOT_REPRODUCED),
]
CASES = FORMULA_CASES + TABLE_CASES + FIGURE_CASES


def claim(key: str):
    return next(c for c in CATALOGUE if c.key == key)


def verdict(key: str, changes: dict) -> str:
    c = claim(key)
    if c.figure in PSEUDO:
        data = {**PSEUDO[c.figure], **changes}
    else:
        data = {k: np.asarray(v) for k, v in changes.items()}
    finding = judge(c, {c.figure: FigureData(c.figure, data, {})})
    assert (finding.why == "") == (finding.verdict == REPRODUCED), finding
    assert finding.ours, finding
    return finding.verdict


@pytest.mark.parametrize("key, holds, breaks, broken", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_verdict_follows_the_data(key, holds, breaks, broken):
    """``breaks`` empty: the statement is broken by the spec's own transcription."""
    assert verdict(key, holds) == REPRODUCED
    printed = {k: PSEUDO[claim(key).figure][k] for k in holds} if not breaks else {}
    assert verdict(key, {**holds, **breaks, **printed}) == broken


def test_every_new_claim_is_exercised():
    assert {c.key for c in NEW_CLAIMS} == {case[0] for case in CASES}


def test_catalogue_has_unique_ids_locations_and_judges():
    keys = [c.key for c in CATALOGUE] + [u.key for u in UNCHECKABLE]
    assert len(keys) == len(set(keys))
    assert CATALOGUE[: len(CLAIMS)] == CLAIMS
    for c in CATALOGUE:
        assert c.source.strip() and c.statement.strip() and callable(c.judge), c.key
        assert c.kind in ("figure", "formula", "table"), c.key
        assert (c.figure in (FORMULAS, TABLE)) == (c.kind != "figure"), c.key
    for u in UNCHECKABLE:
        assert u.source.strip() and u.statement.strip() and len(u.why) > 20, u.key
    assert len(CATALOGUE) >= 3 * len(CLAIMS)


def test_every_contradiction_cites_two_places_and_existing_claims():
    keys = {c.key for c in CATALOGUE}
    assert len({c.key for c in CONTRADICTIONS}) == len(CONTRADICTIONS)
    for c in CONTRADICTIONS:
        assert len(c.places) >= 2 and all(p.strip() for p in c.places), c.key
        assert set(c.judged_by) <= keys, c.key


def test_the_printed_spec_is_judged_as_transcribed():
    """On the spec as printed, the judges find what ERRATA says (not typed in: derived)."""
    printed = {key: verdict(key, {}) for key in ("S8d", "S14-a", "S54", "S3b", "L465-blue", "S3a")}
    assert printed == {"S8d": NOT_REPRODUCED, "S14-a": NOT_REPRODUCED, "S54": NOT_REPRODUCED, "S3b": PARTLY,
                       "L465-blue": NOT_REPRODUCED, "S3a": REPRODUCED}


def test_map_marks_failed_points_with_their_reason():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    z = np.full((4, 3), 0.2)
    z[1, 2] = z[3, 0] = np.nan
    reasons = np.where(np.isnan(z), "diverged", "").astype("<U40")
    reasons[3, 0] = "step size too small"
    fig = Figure()
    ax = fig.subplots()
    _map(fig, ax, np.arange(4.0), np.arange(3.0), z, "x", "y", "", reasons)
    labels = sorted(t.get_text() for t in ax.get_legend().get_texts())
    assert labels == ["failed: diverged (1)", "failed: step size too small (1)"]
    assert len(ax.patches) == 2
