"""Vitali et al., PRL 98, 030405 (2007), as a paper package: the model file's values
from the paper's laboratory parameters, the framework's steady state against the
paper's linearized equations written here by hand and solved with scipy, the
cavity-decay convention the paper's headline implies, and `hybridsys reproduce`."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg
from scipy import constants

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.measures import log_negativity
from hybridsys.papers import available_papers, load_paper
from hybridsys.papers.vitali2007.figures import Session

DOCS = Path(__file__).resolve().parent.parent / "docs" / "papers" / "vitali2007.md"
# the paper's parameters, SI
OMEGA_M = 2 * math.pi * 10e6
Q, MASS, LENGTH, FINESSE, WAVELENGTH, POWER = 1e5, 5e-12, 1e-3, 1.07e4, 810e-9, 50e-3


def paper_quantities(kappa_factor: float = 1.0, temperature: float = 0.4):
    """(κ, G_0, E, n̄) in units of ω_m, written from the paper: κ = kappa_factor·πc/(FL),
    G_0 = (ω_c/L)√(ħ/(mω_m)), E = √(2Pκ/(ħω_0)), n̄ = 1/(e^{ħω_m/kT} − 1)."""
    omega_c = 2 * math.pi * constants.c / WAVELENGTH
    kappa = kappa_factor * math.pi * constants.c / (FINESSE * LENGTH)
    G0 = omega_c / LENGTH * math.sqrt(constants.hbar / (MASS * OMEGA_M))
    E = math.sqrt(2 * POWER * kappa / (constants.hbar * omega_c))
    nbar = 1 / math.expm1(constants.hbar * OMEGA_M / (constants.k * temperature))
    return kappa / OMEGA_M, G0 / OMEGA_M, E / OMEGA_M, nbar


def paper_drift(detuning: float = 1.0, kappa_factor: float = 1.0, temperature: float = 0.4):
    """A and D of the paper's Eq. (5), basis (δq, δp, δX, δY), α_s real:
        δq̇ = ω_m δp,  δṗ = −ω_m δq − γ_m δp + G δX + ξ,
        δẊ = −κ δX + Δ δY + √(2κ) X_in,  δẎ = −κ δY − Δ δX + G δq + √(2κ) Y_in,
    G = √2 G_0 α_s, α_s = E/√(κ² + Δ²); D = diag(0, γ_m(2n̄+1), κ, κ)."""
    kappa, G0, E, nbar = paper_quantities(kappa_factor, temperature)
    gamma = 1 / Q
    G = math.sqrt(2) * G0 * E / math.hypot(kappa, detuning)
    A = np.array([[0, 1, 0, 0], [-1, -gamma, G, 0], [0, 0, -kappa, detuning], [G, 0, -detuning, -kappa]])
    D = np.diag([0, gamma * (2 * nbar + 1), kappa, kappa])
    return A, D


def paper_covariance(detuning: float = 1.0, kappa_factor: float = 1.0, temperature: float = 0.4) -> np.ndarray:
    """The steady V of :func:`paper_drift`'s equations (scipy's Lyapunov solver)."""
    A, D = paper_drift(detuning, kappa_factor, temperature)
    assert np.linalg.eigvals(A).real.max() < 0  # stable: the paper's Routh-Hurwitz conditions
    return scipy.linalg.solve_continuous_lyapunov(A, -D)


def paper_log_negativity(V: np.ndarray) -> float:
    """The paper's Eq. (7): E_N = max(0, −ln 2η⁻), η⁻ = 2^{-1/2}[Σ − (Σ² − 4 det V)^{1/2}]^{1/2},
    Σ = det A + det B − 2 det C for V = [[A, C], [Cᵀ, B]]."""
    a, b, c = V[:2, :2], V[2:, 2:], V[:2, 2:]
    sigma = np.linalg.det(a) + np.linalg.det(b) - 2 * np.linalg.det(c)
    eta = math.sqrt(sigma - math.sqrt(sigma**2 - 4 * np.linalg.det(V))) / math.sqrt(2)
    return max(0.0, -math.log(2 * eta))


def invariants(V: np.ndarray, mirror: slice, cavity: slice) -> np.ndarray:
    """det of each local block, det C and det V: unchanged by the local phase rotations
    in which hybridsys's fixed point (complex <a>) and the paper's (α_s real) differ."""
    return np.array([np.linalg.det(V[mirror, mirror]), np.linalg.det(V[cavity, cavity]),
                     np.linalg.det(V[mirror, cavity]), np.linalg.det(V)])


def framework_covariance(model, **values):
    compiled = hs.compile(model)
    params = compiled.parameters(dict(model.values(), **values))
    steady = hs.steady_states(compiled, params)
    assert steady.stable.sum() == 1
    return steady.covariance[int(np.argmax(steady.stable))]


def test_model_file_values_are_the_papers_laboratory_parameters():
    model = hs.load_model("vitali2007")
    values = model.values()
    kappa, G0, E, nbar = paper_quantities()
    assert values["kappa_a"] == pytest.approx(kappa, rel=1e-12) and kappa == pytest.approx(1.4009, rel=1e-4)
    assert values["g_a"] == pytest.approx(G0 / math.sqrt(2), rel=1e-12)  # -g a†a(b + b†) = -G_0 a†a q
    assert values["xi_a"] == pytest.approx(E, rel=1e-12)
    assert values["nbar_b"] == pytest.approx(nbar, rel=1e-12)
    assert values["gamma_b"] == 1 / Q and model.network.mode("b").damping_model == "brownian"
    # the bare detuning carries the static radiation-pressure shift G_0² α_s²/ω_m
    assert values["Delta_a"] == pytest.approx(1.0 + G0**2 * E**2 / (kappa**2 + 1), rel=1e-12)


@pytest.mark.parametrize("temperature", [0.4, 10.0, 20.0])
def test_steady_state_equals_the_papers_equations_solved_independently(temperature):
    model = hs.load_model("vitali2007")
    nbar = paper_quantities(temperature=temperature)[3]
    V = framework_covariance(model, nbar_b=nbar)  # basis X_a, Y_a, X_b, Y_b
    reference = paper_covariance(temperature=temperature)  # basis q, p, X, Y
    ours = invariants(V, slice(2, 4), slice(0, 2))
    theirs = invariants(reference, slice(0, 2), slice(2, 4))
    assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-12 * np.abs(theirs).max())
    assert log_negativity(V, 0, 1) == pytest.approx(paper_log_negativity(reference), abs=1e-10)
    assert paper_log_negativity(reference) > 0.01


def test_the_papers_cavity_decay_is_the_whole_linewidth_from_the_finesse():
    """The paper's headline, entanglement up to about 20 K, holds with κ = πc/(FL) in
    ȧ = −κ a (the angular FWHM that the finesse gives): E_N > 0 at 20 K and 0 at 25 K.
    With the amplitude rate πc/(2FL) the paper's operating point (Δ = ω_m, 50 mW) would
    not even be stable: A has an eigenvalue in the right half plane."""
    assert paper_log_negativity(paper_covariance(temperature=20.0)) > 0
    assert paper_log_negativity(paper_covariance(temperature=25.0)) == 0
    A, _ = paper_drift(kappa_factor=0.5)
    assert np.linalg.eigvals(A).real.max() > 0.1


def test_docs_table_of_both_damping_models_is_what_the_session_computes():
    """docs/papers/vitali2007.md shows E_N under the Brownian and the symmetric mirror
    side by side; its numbers are recomputed here (to the digits printed)."""
    session = Session(hs.load_model("vitali2007"))
    rows = re.findall(r"^\| T = ([\d.]+) K \| ([\d.]+) \| ([\d.]+) \|$", DOCS.read_text(encoding="utf-8"), re.M)
    assert len(rows) == 3
    for temperature, brownian, symmetric in rows:
        for damping, shown in (("brownian", brownian), ("symmetric", symmetric)):
            computed = session.entanglement(damping, [session.values(damping, 1.0, float(temperature))])[0]
            assert f"{computed:.4f}" == shown
    deaths = re.search(r"^\| E_N = 0 from \| ([\d.]+) K \| ([\d.]+) K \|$", DOCS.read_text(encoding="utf-8"), re.M)
    assert deaths and (f"{session.death_temperature('brownian'):.1f}", f"{session.death_temperature('symmetric'):.1f}") == deaths.groups()


def test_reproduce_vitali2007_writes_both_figures_and_judges_the_headline(tmp_path, capsys):
    assert "vitali2007" in available_papers() and load_paper("vitali2007").name == "vitali2007"
    assert main(["reproduce", "vitali2007", "--fast", "--quiet", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    for name in ("detuning", "temperature"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    data = np.load(tmp_path / "temperature.npz")
    assert 20 < float(data["death_temperature_brownian"]) < 25
    assert float(data["death_temperature_symmetric"]) < float(data["death_temperature_brownian"]) - 1  # the model matters
    assert "entanglement_to_20K" in printed and "not reproduced" not in printed
