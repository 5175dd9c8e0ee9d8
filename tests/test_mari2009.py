"""Mari & Eisert, PRL 103, 213603 (2009), as a paper package: the model file's values
from the laboratory parameters, and E_N(t) on the periodic orbit of the modulated drive
against the paper's linearized equations written here by hand and integrated with scipy
until one period no longer changes the state (an independent route: no hybridsys code)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import constants
from scipy.integrate import solve_ivp
from scipy.optimize import fsolve

import hybridsys as hs
from hybridsys.papers import available_papers, load_paper
from hybridsys.papers.figures import Resolution
from hybridsys.papers.mari2009.figures import Session, compute_entanglement

DOCS = Path(__file__).resolve().parent.parent / "docs" / "papers" / "mari2009.md"
# the laboratory parameters (SI), and Δ₀ = ω_m, Ω = 2ω_m
FINESSE, LENGTH, WAVELENGTH, MASS, OMEGA_M, Q, T = 1.4e4, 25e-3, 1064e-9, 150e-12, 2 * math.pi * 1e6, 1e6, 0.1
P0, P1 = 10e-3, 2e-3


def paper_quantities():
    """(κ, G₀, E₀, E₁, γ_m, n̄) in units of ω_m: κ = πc/(2FL), G₀ = (ω_c/L)√(ħ/(mω_m)),
    E_n = √(2κP_n/(ħω_l)), γ_m = ω_m/Q, n̄ = 1/(e^{ħω_m/kT} − 1)."""
    kappa = math.pi * constants.c / (2 * FINESSE * LENGTH)
    laser = 2 * math.pi * constants.c / WAVELENGTH
    G0 = laser / LENGTH * math.sqrt(constants.hbar / (MASS * OMEGA_M))
    E = lambda P: math.sqrt(2 * kappa * P / (constants.hbar * laser))  # noqa: E731
    nbar = 1 / math.expm1(constants.hbar * OMEGA_M / (constants.k * T))
    return kappa / OMEGA_M, G0 / OMEGA_M, E(P0) / OMEGA_M, E(P1) / OMEGA_M, 1 / Q, nbar


def paper_flow(sideband: float = 1.0):
    """d/dt of y = [q, p, Re α, Im α, V (4×4)] from the paper's equations:
        q̇ = ω_m p,  ṗ = −ω_m q − γ_m p + G₀|α|²,
        α̇ = −(κ + iΔ₀)α + iG₀ α q + E₀ + 2E₁ cos Ωt        (Ω = 2ω_m, ω_m = 1)
    and V̇ = A V + V Aᵀ + D in the basis (δX_a, δY_a, δq, δp), α = (X + iY)/√2:
        A = [[−κ, Δ, −√2G₀ Im α, 0], [−Δ, −κ, √2G₀ Re α, 0], [0, 0, 0, 1],
             [√2G₀ Re α, √2G₀ Im α, −1, −γ_m]],  Δ = Δ₀ − G₀ q,
        D = diag(κ, κ, 0, γ_m(2n̄ + 1))."""
    kappa, G0, E0, E1, gamma, nbar = paper_quantities()
    E1 = E1 * sideband
    D = np.diag([kappa, kappa, 0.0, gamma * (2 * nbar + 1)])

    def flow(t, y):
        q, p, re, im = y[:4]
        alpha = re + 1j * im
        da = -(kappa + 1j) * alpha + 1j * G0 * alpha * q + E0 + 2 * E1 * math.cos(2 * t)
        detuning = 1 - G0 * q
        A = np.array([[-kappa, detuning, -math.sqrt(2) * G0 * im, 0], [-detuning, -kappa, math.sqrt(2) * G0 * re, 0],
                      [0, 0, 0, 1], [math.sqrt(2) * G0 * re, math.sqrt(2) * G0 * im, -1, -gamma]])
        V = y[4:].reshape(4, 4)
        return np.concatenate([[p, -q - gamma * p + G0 * abs(alpha) ** 2, da.real, da.imag], (A @ V + V @ A.T + D).ravel()])

    return flow


def paper_log_negativity(V: np.ndarray) -> np.ndarray:
    """E_N = max(0, −ln 2ν₋), ν₋² = (Σ − √(Σ² − 4 det V))/2, Σ = det A + det B − 2 det C
    for V = [[A, C], [Cᵀ, B]] (Vidal & Werner; vacuum variance ½)."""
    A, B, C = V[..., :2, :2], V[..., 2:, 2:], V[..., :2, 2:]
    sigma = np.linalg.det(A) + np.linalg.det(B) - 2 * np.linalg.det(C)
    nu = np.sqrt((sigma - np.sqrt(sigma**2 - 4 * np.linalg.det(V))) / 2)
    return np.maximum(0.0, -np.log(2 * nu))


def brute_force_orbit(phases: np.ndarray, sideband: float = 1.0) -> np.ndarray:
    """V at the phases of one period after integrating period by period (DOP853,
    rtol 1e-11) from the empty cavity and a thermal mirror until a period changes y by
    less than 1e-9 of its size."""
    flow = paper_flow(sideband)
    *_, nbar = paper_quantities()
    period = math.pi
    y = np.concatenate([np.zeros(4), np.diag([0.5, 0.5, nbar + 0.5, nbar + 0.5]).ravel()])
    for _ in range(400):
        after = solve_ivp(flow, (0, period), y, method="DOP853", rtol=1e-11, atol=1e-12).y[:, -1]
        change, y = np.abs(after - y).max() / np.abs(after).max(), after
        if change < 1e-11:
            break
    assert change < 1e-11
    run = solve_ivp(flow, (0, period), y, method="DOP853", rtol=1e-11, atol=1e-12, t_eval=phases * period)
    return run.y[4:].T.reshape(-1, 4, 4)


def test_the_model_file_has_the_laboratory_values():
    kappa, G0, E0, E1, gamma, nbar = paper_quantities()
    values = hs.load_model("mari2009").values()
    assert values["kappa_a"] == pytest.approx(kappa, rel=1e-7)
    assert values["g_a"] == pytest.approx(G0 / math.sqrt(2), rel=1e-8)  # −G₀ a†a q = −g a†a (b + b†)
    assert values["E0"] == pytest.approx(E0, rel=1e-7) and values["E1"] == pytest.approx(E1, rel=1e-7)
    assert values["gamma_b"] == gamma and values["nbar_b"] == pytest.approx(nbar, rel=1e-12)
    assert values["Delta_a"] == 1.0 and values["Om"] == 2.0


@pytest.fixture(scope="module")
def figure():
    return compute_entanglement(Session(hs.load_model("mari2009"), Resolution.fast()))


def test_entanglement_over_the_period_equals_the_hand_written_equations_integrated_to_periodicity(figure):
    phases = figure.data["phase"][::20]
    expected = paper_log_negativity(brute_force_orbit(phases))
    assert np.max(np.abs(figure.data["E_N_modulated"][::20] - expected)) < 1e-6
    assert figure.data["period"][0] == pytest.approx(math.pi)


def paper_static_log_negativity() -> float:
    """E₁ = 0: E_N at the fixed point of the hand-written mean field, from its Lyapunov covariance."""
    from scipy.linalg import solve_continuous_lyapunov

    kappa, G0, E0, _, gamma, nbar = paper_quantities()
    flow = paper_flow(sideband=0.0)
    guess = np.array([G0 * E0**2 / (kappa**2 + 1), 0.0, E0 * kappa / (kappa**2 + 1), -E0 / (kappa**2 + 1)])
    mean = fsolve(lambda x: flow(0.0, np.concatenate([x, np.zeros(16)]))[:4], guess, xtol=1e-14)
    q, _, re, im = mean
    r2, detuning = math.sqrt(2) * G0, 1 - G0 * q
    A = np.array([[-kappa, detuning, -r2 * im, 0], [-detuning, -kappa, r2 * re, 0], [0, 0, 0, 1], [r2 * re, r2 * im, -1, -gamma]])
    assert np.linalg.eigvals(A).real.max() < 0
    V = solve_continuous_lyapunov(A, -np.diag([kappa, kappa, 0.0, gamma * (2 * nbar + 1)]))
    return float(paper_log_negativity(V))


def test_the_static_value_equals_the_hand_written_steady_state(figure):
    assert float(figure.data["E_N_static"]) == pytest.approx(paper_static_log_negativity(), abs=1e-8)


def test_the_claims_and_the_paper_is_registered(figure):
    assert "mari2009" in available_papers()
    paper = load_paper("mari2009")
    report = paper.report(None, {"entanglement": figure})
    verdicts = {c["key"]: c["verdict"] for c in report["claims"]}
    assert verdicts["periodic_state"] == "reproduced"
    assert verdicts["modulation_raises_entanglement"] == "reproduced"
    top = figure.data["E_N_modulated"].max()
    assert top > figure.data["E_N_static"] and (verdicts["beyond_static_optimum"] == "reproduced") == (
        top > figure.data["E_N_static_optimum"])
    assert DOCS.exists() and "qom" in DOCS.read_text()
