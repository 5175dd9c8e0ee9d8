"""The guided tutorials (01 declare and inspect, 02 nonreciprocal synchronization,
03 entanglement) run end to end and write what they promise; their numbers are
checked against computations written out here independently of hybridsys."""

from __future__ import annotations

import json
import math
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.linalg import solve_continuous_lyapunov

TUTORIALS = Path(__file__).resolve().parent.parent / "tutorials"


def run_tutorial(name: str, outdir: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", [name, str(outdir)])
    runpy.run_path(str(TUTORIALS / name), run_name="__main__")


# -- independent formulas -----------------------------------------------------------------
OMEGA2 = np.array([[0.0, 1.0], [-1.0, 0.0]])
OMEGA4 = np.block([[OMEGA2, np.zeros((2, 2))], [np.zeros((2, 2)), OMEGA2]])
TRANSPOSE_SECOND = np.diag([1.0, 1.0, 1.0, -1.0])  # partial transposition: Y_j -> -Y_j


def smallest_symplectic_eigenvalue_transposed(block: np.ndarray) -> float:
    """ν̃₋: the smallest modulus of the eigenvalues of iΩṼ, Ṽ = P V P the partially
    transposed two-mode covariance."""
    transposed = TRANSPOSE_SECOND @ block @ TRANSPOSE_SECOND
    return float(np.min(np.abs(np.linalg.eigvals(1j * OMEGA4 @ transposed))))


def log_negativity_by_eigenvalues(block: np.ndarray) -> float:
    """E_N = max(0, -ln 2ν̃₋) (vacuum variance ½)."""
    return max(0.0, -math.log(2 * smallest_symplectic_eigenvalue_transposed(block)))


def test_the_independent_log_negativity_knows_squeezed_and_product_states():
    for r in (0.0, 0.3, 1.1):  # two-mode squeezed vacuum: E_N = 2r
        c, s, z = math.cosh(2 * r), math.sinh(2 * r), np.diag([1.0, -1.0])
        block = 0.5 * np.block([[c * np.eye(2), s * z], [s * z, c * np.eye(2)]])
        assert log_negativity_by_eigenvalues(block) == pytest.approx(2 * r, abs=1e-12)
    thermal = np.diag([2.5, 2.5, 0.5, 0.5])  # product of a thermal state and the vacuum
    assert log_negativity_by_eigenvalues(thermal) == 0.0


def spec_mean_field_and_drift(p: dict, state: np.ndarray, sagnac_sign: int):
    """(S7) and A (S14, as written out in ERRATA 1) by hand, in the exact convention
    (the Kerr term's -iKm, ERRATA 3), with the Sagnac shift σ = ±ΩΛ (S52) and the
    couplings to the phonons scaled by 1/√(m/m_0) (ERRATA 11). Also D (S20)."""
    rho = p.get("rho", 1.0)
    ga, gm = p["g_a"] / math.sqrt(rho), p["g_m"] / math.sqrt(rho)
    alpha, mu, beta1, beta2 = ((state[2 * k] + 1j * state[2 * k + 1]) / math.sqrt(2) for k in range(4))
    K, sigma = p["K"], sagnac_sign * p["Omega"] * p["Lambda"]
    flow = np.array([
        -1j * (p["Delta_a"] + sigma) * alpha + 1j * ga * alpha * 2 * beta2.real - p["kappa_a"] * alpha + p["xi_a"],
        -1j * (p["Delta_m"] + K) * mu - 2j * K * abs(mu) ** 2 * mu + 1j * gm * mu * 2 * beta1.real - p["kappa_m"] * mu + p["xi_m"],
        -1j * p["omega_1"] * beta1 + 1j * gm * abs(mu) ** 2 + 1j * p["chi"] * beta2 - p["gamma_1"] * beta1,
        -1j * p["omega_2"] * beta2 + 1j * ga * abs(alpha) ** 2 + 1j * p["chi"] * beta1 - p["gamma_2"] * beta2,
    ])
    da = p["Delta_a"] + sigma - 2 * ga * beta2.real
    dm = p["Delta_m"] + K - 2 * gm * beta1.real + 4 * K * abs(mu) ** 2
    re, im = mu.real, mu.imag
    chi, w1, w2, g1, g2 = p["chi"], p["omega_1"], p["omega_2"], p["gamma_1"], p["gamma_2"]
    A = np.array([
        [-p["kappa_a"], da, 0, 0, 0, 0, -2 * ga * alpha.imag, 0],
        [-da, -p["kappa_a"], 0, 0, 0, 0, 2 * ga * alpha.real, 0],
        [0, 0, -p["kappa_m"] + 4 * K * re * im, dm - 2 * K * (re**2 - im**2), -2 * gm * im, 0, 0, 0],
        [0, 0, -dm - 2 * K * (re**2 - im**2), -p["kappa_m"] - 4 * K * re * im, 2 * gm * re, 0, 0, 0],
        [0, 0, 0, 0, -g1, w1, 0, -chi],
        [0, 0, 2 * gm * re, 2 * gm * im, -w1, -g1, chi, 0],
        [0, 0, 0, 0, 0, -chi, -g2, w2],
        [2 * ga * alpha.real, 2 * ga * alpha.imag, 0, 0, chi, 0, -w2, -g2],
    ])
    D = np.diag(np.repeat([p["kappa_a"], p["kappa_m"], g1 * (2 * p["nbar_1"] + 1), g2 * (2 * p["nbar_2"] + 1)], 2))
    return flow, A, D


# -- tutorial 1 ---------------------------------------------------------------------------
# The nonzero entries of A listed in ERRATA 1 (basis u = [Xa, Ya, Xm, Ym, Xb1, Yb1, Xb2, Yb2]).
ERRATA_1_PATTERN = {
    ("X_a", "X_a"), ("X_a", "Y_a"), ("X_a", "X_b2"), ("Y_a", "X_a"), ("Y_a", "Y_a"), ("Y_a", "X_b2"),
    ("X_m", "X_m"), ("X_m", "Y_m"), ("X_m", "X_b1"), ("Y_m", "X_m"), ("Y_m", "Y_m"), ("Y_m", "X_b1"),
    ("X_b1", "X_b1"), ("X_b1", "Y_b1"), ("X_b1", "Y_b2"),
    ("Y_b1", "X_m"), ("Y_b1", "Y_m"), ("Y_b1", "X_b1"), ("Y_b1", "Y_b1"), ("Y_b1", "X_b2"),
    ("X_b2", "Y_b1"), ("X_b2", "X_b2"), ("X_b2", "Y_b2"),
    ("Y_b2", "X_a"), ("Y_b2", "Y_a"), ("Y_b2", "X_b1"), ("Y_b2", "X_b2"), ("Y_b2", "Y_b2"),
}


def test_declare_and_inspect_tutorial(tmp_path, monkeypatch, capsys):
    run_tutorial("01_declare_and_inspect.py", tmp_path, monkeypatch)
    printed = capsys.readouterr().out
    assert "network == model.network: True | same graph: True" in printed
    assert (tmp_path / "network.png").stat().st_size > 10_000

    tex = (tmp_path / "equations.tex").read_text(encoding="utf-8")
    for section in ("hamiltonian", "langevin", "mean_field", "fluctuations", "drift", "diffusion", "hurwitz"):
        assert f"% {section}\n" in tex
    assert tex.count("\\begin{aligned}") == 4  # Langevin, mean field, fluctuations, Hurwitz
    assert "\\Delta_{8}" in tex and "\\Delta_{9}" not in tex  # 8 modes' quadratures, degree 8

    provenance = json.loads((tmp_path / "drift_provenance.json").read_text(encoding="utf-8"))
    assert provenance["basis"] == ["X_a", "Y_a", "X_m", "Y_m", "X_b1", "Y_b1", "X_b2", "Y_b2"]
    sources = {(e["row"], e["col"]): {s["component"] for s in e["sources"]} for e in provenance["entries"]}
    assert set(sources) == ERRATA_1_PATTERN
    assert sources[("X_m", "Y_m")] == {"m", "Magnetostriction(m, b1)", "Kerr(m)"}  # Δm' of (S51)
    assert sources[("X_a", "Y_a")] == {"a", "RadiationPressure(a, b2)", "SagnacDrive(a)"}  # Δa' with σ_a (S52)
    contact = {key for key, names in sources.items() if "Contact(b1, b2)" in names}
    assert contact == {("X_b1", "Y_b2"), ("Y_b1", "X_b2"), ("X_b2", "Y_b1"), ("Y_b2", "X_b1")}
    assert all(names == {"Contact(b1, b2)"} for key, names in sources.items() if key in contact)

    meta = json.loads((tmp_path / "parameters.json").read_text(encoding="utf-8"))
    from hybridsys.model.modelfile import load_model

    model = load_model("nonreciprocal_sync")
    assert meta["network"] == model.network.to_data()
    assert {p["name"]: p["value"] for p in meta["parameters"]} == model.values()
    assert sorted(meta["graph"]["nodes"].items()) == [("a", "cavity"), ("b1", "phonon"), ("b2", "phonon"), ("m", "magnon")]
    assert len(meta["graph"]["edges"]) == 6  # 3 two-mode couplings, 3 single-mode terms (self-loops)
    fixed = meta["table_I_fixed_point"]  # ERRATA 7: unstable at Table I, so some Hurwitz determinant is negative
    assert fixed["stable"] is False and min(fixed["hurwitz_determinants"]) < 0


# -- tutorial 2 ---------------------------------------------------------------------------
def test_nonreciprocal_synchronization_tutorial(tmp_path, monkeypatch, capsys):
    run_tutorial("02_nonreciprocal_synchronization.py", tmp_path, monkeypatch)
    assert "wrote" in capsys.readouterr().out
    for figure in ("sq_t.png", "sq_delta_a.png"):
        assert (tmp_path / figure).stat().st_size > 10_000
    data = np.load(tmp_path / "synchronization.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text(encoding="utf-8"))
    tau = data["t_over_tau"]
    assert tau[0] == 0 and tau[-1] == meta["periods"] == 200
    assert list(data["kerr_scenarios"]) == ["CD", "kerr_off", "OD"] and data["K"].tolist() == [-2e-5, 0.0, 2e-5]
    assert data["S_Q_kerr"].shape == (3, tau.size)
    assert np.all((data["S_Q_kerr"] > 0) & (data["S_Q_kerr"] <= 1 + 1e-9))  # (S25)
    assert meta["initial_state"] == {"mean": "empty", "fluctuations": "thermal"}

    # Δm' read off the drift matrix along the trajectories is (S51) (+K, ERRATA 3)
    kerr = {k: np.asarray(v)[:, None] for k, v in meta["kerr"]["parameters"].items()}
    mean = data["mean_kerr"]
    n_m = (mean[..., 2] ** 2 + mean[..., 3] ** 2) / 2
    by_hand = kerr["Delta_m"] + kerr["K"] - 2 * kerr["g_m"] * mean[..., 4] / math.sqrt(2) + 4 * kerr["K"] * n_m
    assert np.max(np.abs(data["Delta_m_eff_kerr"] - by_hand)) < 1e-12 * np.max(np.abs(by_hand))
    # at the fixed point, the Kerr shift 4K|μ|² (S50) has the sign of K: the field's direction
    state = data["fixed_point_kerr"]
    shift = 4 * data["K"] * (state[:, 2] ** 2 + state[:, 3] ** 2) / 2
    np.testing.assert_allclose(data["kerr_shift_fixed_point"], shift, rtol=1e-12, atol=0)
    assert np.all(np.sign(shift) == np.sign(data["K"]))
    for i in range(3):  # a fixed point of (S7), to the framework's stated criterion (residual / (‖A‖(1 + ‖x‖)) < 1e-10)
        flow, A, _ = spec_mean_field_and_drift({k: v[i, 0] for k, v in kerr.items()}, state[i], +1)
        assert np.max(np.abs(flow)) < 1e-10 * np.max(np.abs(A)) * (1 + np.max(np.abs(state[i])))

    # the Sagnac shift (S52): σ_a = ±ΩΛ, Λ = 2π ζ r (1 - 1/ζ²)/λ from Table I's sphere (no dispersion)
    ld, rd = meta["sagnac"]["LD"]["parameters"], meta["sagnac"]["RD"]["parameters"]
    sagnac = 2 * math.pi * 1.486 * 1.1e-3 * (1 - 1 / 1.486**2) / 1550e-9
    omega = np.asarray(ld["Omega"])
    assert np.all(omega[0] == 0) and np.all(omega[1] > 0) and ld["Omega"] == rd["Omega"]
    np.testing.assert_allclose(data["sigma_a_LD"], omega * sagnac, rtol=1e-12)
    np.testing.assert_allclose(data["sigma_a_RD"], -omega * sagnac, rtol=1e-12)
    # a still sphere is reciprocal: LD and RD agree to the integrator's accuracy
    rtol = meta["accuracy"]["rtol"]
    assert np.nanmax(np.abs(data["S_Q_LD"][0] - data["S_Q_RD"][0])) < 10 * rtol
    # a spinning one is not: far beyond that accuracy
    spinning_gap = np.nanmax(np.abs(data["S_Q_max_LD"][1] - data["S_Q_max_RD"][1]))
    assert spinning_gap > 1000 * rtol
    assert data["S_Q_LD"].shape == (2, data["delta_a"].size, tau.size) and -1.005 in data["delta_a"]


# -- tutorial 3 ---------------------------------------------------------------------------
def test_entanglement_tutorial_agrees_with_an_independent_computation(tmp_path, monkeypatch, capsys):
    run_tutorial("03_entanglement.py", tmp_path, monkeypatch)
    printed = capsys.readouterr().out
    assert "LD: ρ = 1 drift equals the model's: True" in printed and "RD: ρ = 1 drift equals the model's: True" in printed
    for figure in ("EN_t.png", "EN_maps.png", "EN_robustness.png"):
        assert (tmp_path / figure).stat().st_size > 10_000
    data = np.load(tmp_path / "entanglement.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text(encoding="utf-8"))
    assert list(data["pairs"]) == ["b1-b2", "m-b1", "a-b2"]
    assert meta["initial_state"]["mean"] == "empty" and meta["periods"] == 200

    # along trajectories: every E_N of the last 20 τ from its covariance block, a second way
    blocks, values = data["blocks_t_window"], data["E_N_t_window"]
    assert blocks.shape == values.shape + (4, 4) and values.shape[:2] == (3, 5) and values.shape[2] > 100
    nu = np.vectorize(smallest_symplectic_eigenvalue_transposed, signature="(4,4)->()")(blocks)
    again = np.maximum(0.0, -np.log(2 * nu))
    # a backward-stable eigenvalue solver errs by O(ε‖V‖) in ν̃₋, i.e. by O(ε‖V‖/ν̃₋) in E_N = -ln 2ν̃₋
    bound = 100 * np.finfo(float).eps * np.max(np.abs(blocks), axis=(-2, -1)) / nu
    assert np.all(np.abs(values - again) <= bound)
    assert np.all(np.isfinite(data["E_N_t"])) and np.all(data["E_N_t"] >= 0)
    assert np.any(values > 0)  # not all zero: the check above compares nonzero values too

    # at stable fixed points: (S7) residual, A, D and the Lyapunov solution by hand, then E_N
    sets = [(f"map_{label.replace(' ', '_')}", side) for label, side in meta["map_sides"].items()]
    sets += [("robust_nbar", "LD"), ("robust_rho", "LD")]
    names = list(data["parameter_names"])
    assert "rho" in names
    checked = 0
    for prefix, side in sets:
        params, states, stable = data[f"{prefix}_params"], data[f"{prefix}_state"], data[f"{prefix}_stable"]
        en = data[f"{prefix}_E_N"] if prefix.startswith("map") else data[f"{prefix}_steady"]
        assert np.all(np.isnan(en[:, ~stable]))
        for index in zip(*np.nonzero(stable)):
            p = dict(zip(names, params[index]))
            flow, A, D = spec_mean_field_and_drift(p, states[index], +1 if side == "LD" else -1)
            assert np.max(np.abs(flow)) < 1e-10 * np.max(np.abs(A)) * (1 + np.max(np.abs(states[index])))
            assert np.max(np.linalg.eigvals(A).real) < 0
            V = solve_continuous_lyapunov(A, -D)
            for q, (i, j) in enumerate(((2, 3), (1, 2), (0, 3))):  # b1-b2, m-b1, a-b2 in mode order a, m, b1, b2
                rows = [2 * i, 2 * i + 1, 2 * j, 2 * j + 1]
                expected = log_negativity_by_eigenvalues(V[np.ix_(rows, rows)])
                assert en[(q,) + index] == pytest.approx(expected, rel=1e-9, abs=1e-12), (prefix, index, q)
            checked += 1
    assert checked > 100
    # ρ = 1, n̄ = 0 is the same point in both robustness sweeps, and the CD run of Table I
    k_rho, k_nbar = list(data["robust_rho_x"]).index(1.0), list(data["robust_nbar_x"]).index(0.0)
    cd_window = data["E_N_t_window"][:, list(data["labels"]).index("CD")].max(axis=-1)
    np.testing.assert_array_equal(data["robust_rho_trajectory"][:, k_rho], data["robust_nbar_trajectory"][:, k_nbar])
    np.testing.assert_array_equal(data["robust_rho_trajectory"][:, k_rho], cd_window)
