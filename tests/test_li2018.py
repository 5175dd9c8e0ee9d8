"""Li, Zhu, Agarwal, PRL 121, 203601 (2018), as a paper package: the framework's steady
state at the paper's operating point against the paper's linearized equations written
here by hand (Brownian phonon) and solved with scipy, and `hybridsys reproduce li2018`."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.measures import log_negativity
from hybridsys.model.physical import thermal_occupation

PAIRS = ((0, 1), (1, 2), (0, 2))  # a-m, m-b, a-b


def paper_covariance() -> np.ndarray:
    """The paper's Eq. (3), u = (δx_a, δy_a, δx_m, δy_m, δq, δp), ω_ref = ω_b:
        δẋ_a = −κ_a δx_a + Δ_a δy_a + g_ma δy_m,      δẏ_a = −κ_a δy_a − Δ_a δx_a − g_ma δx_m,
        δẋ_m = −κ_m δx_m + Δ̃_m δy_m + g_ma δy_a,      δẏ_m = −κ_m δy_m − Δ̃_m δx_m − g_ma δx_a + G_mb δq,
        δq̇ = ω_b δp,                                  δṗ = −ω_b δq − γ_b δp + G_mb δx_m + ξ,
    with the paper's numbers: κ_a = κ_m = 0.1, g_ma = G_mb = 0.32, Δ_a = −1, Δ̃_m = 0.9,
    γ_b = 10⁻⁵ (100 Hz), T = 10 mK; D = diag(κ_a(2N_a+1), ., κ_m(2N_m+1), ., 0, γ_b(2N_b+1))."""
    kappa, g, G, Da, Dm, gamma = 0.1, 0.32, 0.32, -1.0, 0.9, 1e-5
    A = np.array([
        [-kappa, Da, 0, g, 0, 0],
        [-Da, -kappa, -g, 0, 0, 0],
        [0, g, -kappa, Dm, 0, 0],
        [-g, 0, -Dm, -kappa, G, 0],
        [0, 0, 0, 0, 0, 1],
        [0, 0, G, 0, -1, -gamma],
    ])
    assert np.linalg.eigvals(A).real.max() < 0
    N_a = N_m = thermal_occupation(10e9, 0.01)
    N_b = thermal_occupation(10e6, 0.01)
    D = np.diag([kappa * (2 * N_a + 1)] * 2 + [kappa * (2 * N_m + 1)] * 2 + [0, gamma * (2 * N_b + 1)])
    return scipy.linalg.solve_continuous_lyapunov(A, -D)


def test_steady_entanglement_equals_the_papers_equations_solved_independently():
    """hybridsys keeps the exact fixed point, where <m> and so G_mb carry a phase; the paper
    rotates it away. A common phase of a and m is a product of local rotations, so every
    pair's E_N and every local invariant agree."""
    model = hs.load_model("cavity_magnomechanics")
    compiled = hs.compile(model)
    params = compiled.parameters(model.values())
    steady = hs.steady_states(compiled, params)
    assert steady.stable.sum() == 1
    V = steady.covariance[int(np.argmax(steady.stable))]
    reference = paper_covariance()
    for i, j in PAIRS:
        ours, theirs = log_negativity(V, i, j), log_negativity(reference, i, j)
        assert theirs > 0.05 and ours == pytest.approx(theirs, abs=1e-9)
    for k in range(3):
        block = slice(2 * k, 2 * k + 2)
        assert np.linalg.det(V[block, block]) == pytest.approx(np.linalg.det(reference[block, block]), rel=1e-9)
    assert np.linalg.det(V) == pytest.approx(np.linalg.det(reference), rel=1e-8)


def test_reproduce_li2018_writes_its_figure_and_finds_all_three_pairs_entangled(tmp_path, capsys):
    assert main(["reproduce", "li2018", "--fast", "--quiet", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert (tmp_path / "detuning.png").stat().st_size > 10_000
    data = np.load(tmp_path / "detuning.npz")
    at = int(np.argmin(np.abs(data["effective_magnon_detuning"] - 0.9)))
    assert all(data[f"E_N_{p}"][at] > 0.05 for p in ("a-m", "m-b", "a-b"))
    assert "tripartite_entanglement" in printed and "not reproduced" not in printed
