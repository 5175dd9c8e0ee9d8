"""Two-mode squeezing, degenerate parametric drive, cross-Kerr and the generic Term:
drift = Jacobian on random networks, Term = built-in component, closed forms of the
squeezed steady states (derived by hand below), fixed points, model files, bad input."""

from __future__ import annotations

import contextlib
import io
import json
import time

import numpy as np
import pytest
import scipy.linalg
import scipy.optimize
import sympy as sp

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.measures.entanglement import log_negativity
from hybridsys.model import symbols
from hybridsys.model.modelfile import Model
from hybridsys.model.normal_order import expanded_size
from hybridsys.symbolic.reduction import reduce_network

from .conftest import random_network
from .test_derivation import assert_drift_is_jacobian


def P(name):
    return symbols.parameter_symbol(name)


# -- drift = Jacobian of the mean field -------------------------------------------------
def with_new_terms(network: hs.Network, rng) -> hs.Network:
    """``network`` plus squeezing, two-mode squeezing, cross-Kerr and generic cubic
    and quartic terms on random modes and pairs."""
    names = network.mode_names
    extra = []
    for name in names:
        if rng.random() < 0.6:
            extra.append(hs.Squeezing(name, G=f"G_{name}", phase=f"theta_{name}"))
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            choice = rng.integers(4)
            if choice == 0:
                extra.append(hs.TwoModeSqueezing(first, second))
            elif choice == 1:
                extra.append(hs.CrossKerr(first, second))
            elif choice == 2:
                x, y = first, second
                extra.append(hs.Term(
                    hamiltonian=f"c_{x}_{y}*({x}_dag**2*{y} + {y}_dag*{x}**2) + d_{x}_{y}*{x}_dag*{y}_dag*{x}*{y}"
                    f" + I*e_{x}_{y}*({x}_dag*{y}_dag*{y} - {y}_dag*{x}*{y})",
                    label=f"cubic_{x}_{y}",
                ))
    return network + extra


@pytest.mark.parametrize("seed", range(8))
def test_drift_equals_jacobian_of_mean_field_on_random_networks_with_new_terms(seed):
    rng = np.random.default_rng(100 + seed)
    network = with_new_terms(random_network(rng, n_modes=2 + seed % 3), rng)
    assert any(isinstance(c, (hs.Squeezing, hs.TwoModeSqueezing, hs.CrossKerr, hs.Term)) for c in network.couplings)
    assert_drift_is_jacobian(hs.compile(network), rng, points=20)


@pytest.mark.parametrize("kind", ["squeezing", "two_mode_squeezing", "cross_kerr", "term"])
def test_drift_equals_jacobian_for_each_new_term_alone(kind):
    components = {
        "squeezing": [hs.Squeezing("a", phase="theta")],
        "two_mode_squeezing": [hs.TwoModeSqueezing("a", "b")],
        "cross_kerr": [hs.CrossKerr("a", "b")],
        "term": [hs.Term(hamiltonian="h*(a_dag**2*b + b_dag*a**2) + u*a_dag**2*a**2", label="t")],
    }[kind]
    network = hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.Drive("a"), *components])
    assert_drift_is_jacobian(hs.compile(network), np.random.default_rng(7), points=30)


# -- a Term with a built-in component's polynomial is that component ----------------------
SAME_POLYNOMIAL = {
    "two_mode_squeezing": (hs.TwoModeSqueezing("a", "b", G="G"), "I*G*(a_dag*b_dag - a*b)"),
    "squeezing": (hs.Squeezing("a", G="G", phase="theta"), "I*(G/2)*(exp(I*theta)*a_dag**2 - exp(-I*theta)*a**2)"),
    "cross_kerr": (hs.CrossKerr("a", "b", K="K"), "K*a_dag*a*b_dag*b"),
    "beam_splitter": (hs.BeamSplitter("a", "b", g="g"), "g*(a_dag*b + b_dag*a)"),
    "kerr": (hs.Kerr("a", K="K"), "K*(a_dag*a)*a_dag*a"),  # read in written order: not normally ordered
    "kerr_normal": (hs.Kerr("a", K="K"), "K*(a_dag**2*a**2 + a_dag*a)"),
    "radiation_pressure": (hs.RadiationPressure("a", "b", g="g"), "-g*a_dag*a*(b + b_dag)"),
    "drive": (hs.Drive("a", amplitude="xi"), "I*xi*(a_dag - a)"),
}


@pytest.mark.parametrize("name", [n for n in SAME_POLYNOMIAL if n != "kerr"])
def test_term_with_a_builtin_polynomial_gives_identical_hamiltonian_drift_and_diffusion(name):
    builtin, text = SAME_POLYNOMIAL[name]
    second = hs.Phonon("b") if name == "radiation_pressure" else hs.Cavity("b")
    base = [hs.Cavity("a"), second, hs.Drive("a", amplitude="xi_a")]
    if name == "drive":
        base = base[:2]
    one = hs.derive(hs.Network(base + [builtin]))
    other = hs.derive(hs.Network(base + [hs.Term(hamiltonian=text, label="same")]))
    assert sp.expand(one.hamiltonian.expr - other.hamiltonian.expr) == 0
    assert one.drift.matrix.shape == other.drift.matrix.shape
    assert sp.expand(one.drift.matrix - other.drift.matrix) == sp.zeros(*one.drift.matrix.shape)
    assert sp.expand(one.diffusion.matrix - other.diffusion.matrix) == sp.zeros(*one.diffusion.matrix.shape)
    assert sp.expand(one.mean_field.vector_field - other.mean_field.vector_field) == sp.zeros(4, 1)


def test_kerr_written_as_its_square_is_refused_as_not_normally_ordered():
    _, text = SAME_POLYNOMIAL["kerr"]
    with pytest.raises(hs.ParameterError, match="kerr.hamiltonian.*not normally ordered.*a_dag\\*a\\*a_dag\\*a"):
        hs.Term(hamiltonian=text, label="kerr")


def test_builtin_terms_stamp_the_stated_hamiltonians():
    ctx = hs.derive(hs.Network([hs.Cavity("a"), hs.Cavity("b")])).context
    a, ad, b, bd = symbols.lowering("a"), symbols.raising("a"), symbols.lowering("b"), symbols.raising("b")
    G, K, theta = P("G"), P("K"), P("theta")
    assert sp.expand(hs.TwoModeSqueezing("a", "b", G="G").hamiltonian(ctx) - sp.I * G * (ad * bd - a * b)) == 0
    squeezing = sp.I * G / 2 * (sp.exp(sp.I * theta) * ad**2 - sp.exp(-sp.I * theta) * a**2)
    assert sp.expand(hs.Squeezing("a", G="G", phase="theta").hamiltonian(ctx) - squeezing) == 0
    assert sp.expand(hs.CrossKerr("a", "b", K="K").hamiltonian(ctx) - K * ad * a * bd * b) == 0


# -- closed forms ----------------------------------------------------------------------
def test_two_mode_squeezing_below_threshold_gives_the_closed_form_log_negativity():
    """Cavities a, b with equal κ, no detuning, bath occupation n̄, H = iG(a†b† − ab).

    By hand: ȧ = −κa + G b† + √(2κ) a_in, so with X± = (X_a ± X_b)/√2, Y± likewise,
    Ẋ± = −(κ ∓ G) X±, Ẏ± = −(κ ± G) Y± and D = κ(2n̄+1) 1. Each decoupled quadrature
    relaxes to D/(2·rate): Var X+ = Var Y− = κ(2n̄+1)/(2(κ−G)), Var X− = Var Y+ =
    κ(2n̄+1)/(2(κ+G)). Back in a, b: V_aa = V_bb = s 1 and V_ab = diag(c, −c) with
    s = (2n̄+1)κ²/(2(κ²−G²)), c = (2n̄+1)κG/(2(κ²−G²)). Partial transposition flips
    c's sign in Y, so ν̃₋ = s − c = (2n̄+1)κ/(2(κ+G)) and E_N = max(0, ln((κ+G)/((2n̄+1)κ))).
    """
    network = hs.Network([
        hs.Cavity("a", detuning=0, damping="kappa", occupation="nbar"),
        hs.Cavity("b", detuning=0, damping="kappa", occupation="nbar"),
        hs.TwoModeSqueezing("a", "b", G="G"),
    ])
    compiled = hs.compile(network)
    kappa = 0.7
    G = kappa * np.array([0.0, 0.1, 0.5, 0.9, 0.99, 0.5, 0.5])
    nbar = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.2, 1.0])
    steady = hs.steady_states(compiled, compiled.parameters({"kappa": kappa, "G": G, "nbar": nbar}))
    assert np.all(steady.fixed_points.count == 1) and np.all(steady.stable[:, 0])
    assert np.allclose(steady.states[:, 0], 0.0, atol=1e-12)
    V = steady.covariance[:, 0]
    s = (2 * nbar + 1) * kappa**2 / (2 * (kappa**2 - G**2))
    c = (2 * nbar + 1) * kappa * G / (2 * (kappa**2 - G**2))
    zero = np.zeros_like(s)
    expected = np.stack([
        np.stack([s, zero, c, zero], -1), np.stack([zero, s, zero, -c], -1),
        np.stack([c, zero, s, zero], -1), np.stack([zero, -c, zero, s], -1),
    ], -2)
    # the hand-derived V solves the hand-written Lyapunov equation
    for k in range(len(G)):
        A = np.array([[-kappa, 0, G[k], 0], [0, -kappa, 0, -G[k]], [G[k], 0, -kappa, 0], [0, -G[k], 0, -kappa]])
        D = kappa * (2 * nbar[k] + 1) * np.eye(4)
        assert np.allclose(A @ expected[k] + expected[k] @ A.T + D, 0.0, atol=1e-12)
    assert np.allclose(V, expected, rtol=1e-10, atol=1e-12)
    closed = np.maximum(0.0, np.log((kappa + G) / ((2 * nbar + 1) * kappa)))
    assert np.allclose(log_negativity(V, 0, 1), closed, rtol=1e-9, atol=1e-12)
    assert closed[3] == pytest.approx(np.log(1.9)) and closed[-1] == 0.0  # entangled; thermal noise kills it


def test_two_mode_squeezing_above_threshold_has_no_stable_steady_state():
    network = hs.Network([
        hs.Cavity("a", detuning=0, damping="kappa"), hs.Cavity("b", detuning=0, damping="kappa"),
        hs.TwoModeSqueezing("a", "b", G="G"),
    ])
    compiled = hs.compile(network)
    steady = hs.steady_states(compiled, compiled.parameters({"kappa": 0.5, "G": 0.6}))
    assert steady.fixed_points.count == 1 and not steady.stable[0]
    assert steady.fixed_points.max_real_eigenvalue[0] == pytest.approx(0.1)


@pytest.mark.parametrize("theta", [0.0, 0.7, -2.0])
@pytest.mark.parametrize("nbar", [0.0, 0.5])
def test_degenerate_squeezing_below_threshold_gives_the_closed_form_quadrature_variances(theta, nbar):
    """Cavity a (κ, Δ = 0, n̄), H = i(G/2)(e^{iθ}a†² − e^{−iθ}a²).

    By hand: ȧ = −κa + G e^{iθ} a† + √(2κ) a_in. With a = e^{iθ/2} a', a' obeys the
    θ = 0 equation, whose quadratures decouple: Ẋ' = −(κ − G) X', Ẏ' = −(κ + G) Y',
    with X' = cos(θ/2) X + sin(θ/2) Y, Y' = −sin(θ/2) X + cos(θ/2) Y and D = κ(2n̄+1) 1
    (rotation invariant). So Var X' = κ(2n̄+1)/(2(κ − G)), Var Y' = κ(2n̄+1)/(2(κ + G)),
    uncorrelated, and V = Qᵀ diag(Var X', Var Y') Q with Q the rotation above.
    """
    network = hs.Network([
        hs.Cavity("a", detuning=0, damping="kappa", occupation="nbar"),
        hs.Squeezing("a", G="G", phase="theta"),
    ])
    compiled = hs.compile(network)
    kappa, G = 0.4, 0.4 * np.array([0.0, 0.3, 0.8, 0.95])
    steady = hs.steady_states(compiled, compiled.parameters({"kappa": kappa, "G": G, "theta": theta, "nbar": nbar}))
    assert np.all(steady.stable[:, 0])
    V = steady.covariance[:, 0]
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    Q = np.array([[c, s], [-s, c]])
    for k, g in enumerate(G):
        amplified, squeezed = kappa * (2 * nbar + 1) / (2 * (kappa - g)), kappa * (2 * nbar + 1) / (2 * (kappa + g))
        expected = Q.T @ np.diag([amplified, squeezed]) @ Q
        assert np.allclose(V[k], expected, rtol=1e-10, atol=1e-13)
        A = -kappa * np.eye(2) + g * np.array([[np.cos(theta), np.sin(theta)], [np.sin(theta), -np.cos(theta)]])
        assert np.allclose(A @ expected + expected @ A.T + kappa * (2 * nbar + 1) * np.eye(2), 0.0, atol=1e-12)
    if nbar == 0:
        squeezed_variance = np.linalg.eigvalsh(V)[:, 0]
        assert np.allclose(squeezed_variance, kappa / (2 * (kappa + G)))  # below the vacuum's 1/2


# -- fixed points: the search where the reduction does not apply, exact where it does ------
def hand_linear_fixed_point(matrix: np.ndarray, drive: np.ndarray) -> np.ndarray:
    """Solve 0 = M z + d for the real vector z = (Re o1, Im o1, ...), return the
    mean quadratures √2 z."""
    return np.sqrt(2) * np.linalg.solve(matrix, -drive)


def test_driven_squeezed_cavity_has_the_single_linear_fixed_point():
    """dα/dt = −(κ + iΔ)α + G e^{iθ} α* + ξ: linear, one fixed point; the intensity
    reduction does not apply (α* enters), the Newton search finds it."""
    network = hs.Network([hs.Cavity("a"), hs.Drive("a", amplitude="xi"), hs.Squeezing("a", G="G", phase="theta")])
    assert reduce_network(hs.derive(network)) is None
    compiled = hs.compile(network)
    kappa, delta, xi, G, theta = 0.5, 0.3, 1.2, 0.35, 0.9
    points = hs.fixed_points(compiled, compiled.parameters({"kappa_a": kappa, "Delta_a": delta, "xi": xi, "G": G, "theta": theta}))
    assert points.method == "Newton search" and points.count == 1
    c, s = G * np.cos(theta), G * np.sin(theta)
    M = np.array([[-kappa + c, delta + s], [-delta + s, -kappa - c]])
    assert np.allclose(points.states[0], hand_linear_fixed_point(M, np.array([xi, 0.0])), atol=1e-12)


def test_two_mode_squeezed_driven_cavities_have_the_single_linear_fixed_point():
    """dα/dt = −(κa + iΔa)α + G β* + ξ, dβ/dt = −(κb + iΔb)β + G α*."""
    network = hs.Network([hs.Cavity("a"), hs.Cavity("b"), hs.Drive("a", amplitude="xi"), hs.TwoModeSqueezing("a", "b", G="G")])
    assert reduce_network(hs.derive(network)) is None
    compiled = hs.compile(network)
    ka, kb, da, db, xi, G = 0.6, 0.5, 0.2, -0.4, 1.0, 0.3
    values = {"kappa_a": ka, "kappa_b": kb, "Delta_a": da, "Delta_b": db, "xi": xi, "G": G}
    points = hs.fixed_points(compiled, compiled.parameters(values))
    M = np.array([[-ka, da, G, 0], [-da, -ka, 0, -G], [G, 0, -kb, db], [0, -G, -db, -kb]])
    assert points.count == 1
    assert np.allclose(points.states[0], hand_linear_fixed_point(M, np.array([xi, 0, 0, 0.0])), atol=1e-12)


def test_cross_kerr_driven_cavities_reduce_exactly_and_give_every_fixed_point():
    """α = ξa/(κa + i(Δa + K|β|²)), β = ξb/(κb + i(Δb + K|α|²)): eliminating β gives
    one equation in I_a = |α|², whose roots are counted here by bracketing on a fine grid."""
    network = hs.Network([hs.Cavity("a"), hs.Cavity("b"), hs.Drive("a", amplitude="xi_a"), hs.Drive("b", amplitude="xi_b"),
                          hs.CrossKerr("a", "b", K="K")])
    assert reduce_network(hs.derive(network)) is not None
    compiled = hs.compile(network)
    values = {"kappa_a": 0.1, "kappa_b": 0.1, "Delta_a": -1.0, "Delta_b": -1.2, "xi_a": 0.5, "xi_b": 0.45, "K": 0.06}
    ka, kb, da, db, xa, xb, K = values.values()
    intensity_b = lambda Ia: xb**2 / (kb**2 + (db + K * Ia) ** 2)  # noqa: E731
    residual = lambda Ia: Ia - xa**2 / (ka**2 + (da + K * intensity_b(Ia)) ** 2)  # noqa: E731
    grid = np.linspace(0.0, xa**2 / ka**2, 200001)
    signs = np.sign(residual(grid))
    roots = [scipy.optimize.brentq(residual, grid[i], grid[i + 1], xtol=1e-15) for i in np.flatnonzero(signs[:-1] != signs[1:])]
    assert len(roots) >= 3  # a multistable point, so that counting means something
    points = hs.fixed_points(compiled, compiled.parameters(values))
    assert points.method == "intensity polynomial" and points.complete
    assert points.count == len(roots)
    count = int(points.count)
    found = np.sort(points.states[:count, 0] ** 2 + points.states[:count, 1] ** 2) / 2
    assert np.allclose(found, np.sort(roots), rtol=1e-9)


def test_squeezed_phonon_keeps_the_exact_reduction_and_every_fixed_point():
    """A squeezed phonon stays linear: β̇ = −(γ + iω)β + G e^{iθ}β* + i g|α|² = 0 gives
    Re β = r|α|² (r from the 2×2 real system below), and α = ξ/(κ + i(Δ − 2g Re β))
    gives one equation in I = |α|², whose roots are counted here by bracketing."""
    network = hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.Drive("a", amplitude="xi"),
                          hs.RadiationPressure("a", "b", g="g"), hs.Squeezing("b", G="G", phase="theta")])
    assert reduce_network(hs.derive(network)) is not None
    compiled = hs.compile(network)
    ka, delta, omega, gamma, xi, g, G, theta = 0.1, 1.0, 1.0, 0.01, 2.0, 0.05, 0.3, 0.8
    values = {"Delta_a": delta, "kappa_a": ka, "omega_b": omega, "gamma_b": gamma, "nbar_b": 0.0, "xi": xi, "g": g, "G": G, "theta": theta}
    M = np.array([[-gamma + G * np.cos(theta), omega + G * np.sin(theta)], [-omega + G * np.sin(theta), -gamma - G * np.cos(theta)]])
    r = -np.linalg.solve(M, [0.0, g])[0]
    residual = lambda I: I - xi**2 / (ka**2 + (delta - 2 * g * r * I) ** 2)  # noqa: E731
    grid = np.linspace(0.0, xi**2 / ka**2, 200001)
    signs = np.sign(residual(grid))
    roots = [scipy.optimize.brentq(residual, grid[i], grid[i + 1], xtol=1e-15) for i in np.flatnonzero(signs[:-1] != signs[1:])]
    assert len(roots) == 3
    points = hs.fixed_points(compiled, compiled.parameters(values))
    assert points.method == "intensity polynomial" and points.complete and points.count == 3
    found = np.sort(points.states[:3, 0] ** 2 + points.states[:3, 1] ** 2) / 2
    assert np.allclose(found, roots, rtol=1e-9)


# -- effective couplings ----------------------------------------------------------------
def test_effective_couplings_of_new_terms():
    network = hs.Network([hs.Cavity("a"), hs.Magnon("m"), hs.Drive("a"), hs.TwoModeSqueezing("a", "m", G="G"),
                          hs.CrossKerr("a", "m", K="K"), hs.Squeezing("m"), hs.Term(hamiltonian="h*(a_dag*m + m_dag*a)", label="hop")])
    compiled = hs.compile(network)
    assert compiled.coupling_labels == ("TwoModeSqueezing(a, m)", "CrossKerr(a, m)")
    values = {name: 0.3 for name in compiled.parameter_names} | {"G": 0.2, "K": 0.05}
    state = np.array([0.4, -1.0, 2.0, 0.5])  # √2 Re, √2 Im of <a>, <m>
    G = compiled.effective_couplings(compiled.parameters(values), state)
    magnitude = lambda x, y: np.hypot(x, y) / np.sqrt(2)  # noqa: E731
    assert np.allclose(G, [0.2, 0.05 * magnitude(0.4, -1.0) * magnitude(2.0, 0.5)])


# -- the generic Term: reading rules -------------------------------------------------------
def test_term_finds_modes_and_parameters_in_the_text_in_written_order():
    term = hs.Term(hamiltonian="G*(b_dag*a_dag + a*b) + I*eps*exp(I*phi)*(a_dag - a*exp(-2*I*phi))", label="amp")
    assert term.mode_names() == ("b", "a") and term.label == "amp"
    infos = {i.field: i.quantity for i in term.parameters()}
    assert infos == {"G": "frequency", "eps": "frequency", "phi": "dimensionless"}
    assert hs.Term(hamiltonian="K*a_dag*a*b_dag*b").label == "Term(a, b)"
    network = hs.Network([hs.Cavity("a"), hs.Cavity("b"), term])
    assert [p.name for p in network.parameters][-3:] == ["G", "eps", "phi"]
    assert network.parameters[-1].quantity == "dimensionless" and "amp" in network.parameters[-1].meaning


def test_operators_of_different_modes_may_be_written_in_any_order():
    """Only a mode's own creation-after-annihilation order is refused: b*a_dag is a†b."""
    one = hs.Term(hamiltonian="g*(b*a_dag + a*b_dag)", label="x")
    other = hs.Term(hamiltonian="g*(a_dag*b + b_dag*a)", label="x")
    assert sp.expand(one._read.polynomial - other._read.polynomial) == 0 and one != other


@pytest.mark.parametrize(
    "text, error, message",
    [
        ("I*G*(a_dag*b_dag + a*b)", hs.ParameterError, r"amp.hamiltonian: .* is not Hermitian: H† − H = "),
        ("G*a_dag*b_dag", hs.ParameterError, "not Hermitian"),
        ("sqrt(G)*(a + a_dag)", hs.ParameterError, "not Hermitian"),
        ("G*(a*a_dag)", hs.ParameterError, r"not normally ordered: the product a\*a_dag .*a\*a_dag = a_dag\*a \+ 1"),
        ("G*(a + a_dag)**2", hs.ParameterError, "not normally ordered"),
        ("a_dag*b*b_dag*a", hs.ParameterError, "not normally ordered.*b_dag to the right of b"),
        ("sqrt(a_dag*a)", hs.ParameterError, "not a polynomial in the ladder operators"),
        ("G/a + G/a_dag", hs.ParameterError, "not a polynomial in the ladder operators"),
        ("exp(a_dag)*exp(a)", hs.ParameterError, "not a polynomial in the ladder operators"),
        ("G + 1", hs.ParameterError, "contains no ladder operator"),
        ("a_dag*a if G else 0", hs.ParameterError, "amp.hamiltonian: .* not allowed"),
        ("__import__('os').system('true')", hs.ParameterError, "not allowed"),
        ("a_dag.real*a", hs.ParameterError, "not allowed"),
        ("a_dag*a +", hs.ParameterError, "amp.hamiltonian: cannot parse"),
        (42, hs.ParameterError, "must be a text"),
    ],
)
def test_bad_terms_are_refused_with_an_error_naming_the_term(text, error, message):
    with pytest.raises(error, match=message):
        hs.Term(hamiltonian=text, label="amp")


@pytest.mark.parametrize("text", ["K*(a + a_dag)**60", "K*(a_dag + b_dag + a + b)**8", "(x + y + z + w)**64*a_dag*a"])
def test_a_term_whose_expansion_would_explode_is_refused_before_expanding(text):
    started = time.perf_counter()
    with pytest.raises(hs.ParameterError, match=r"amp.hamiltonian: expanding .* would make about .* products, more than 2048"):
        hs.Term(hamiltonian=text, label="amp")
    assert time.perf_counter() - started < 1.0  # refused by counting, not by expanding


def test_expanded_size_counts_words_of_operators_and_monomials_of_parameters():
    a, b = sp.Symbol("a", commutative=False), sp.Symbol("b", commutative=False)
    x, y, z = sp.symbols("x y z")
    assert expanded_size((a + b) ** 5) == 2**5 == len(sp.Add.make_args(sp.expand((a + b) ** 5)))
    assert expanded_size((x + y + z) ** 4) == 15 == len(sp.Add.make_args(sp.expand((x + y + z) ** 4)))
    assert expanded_size((x + y) * (a + b + x)) == 6
    assert expanded_size(sp.sin((x + y) ** 3) * a) == 4


def test_term_without_label_names_its_text_in_errors():
    with pytest.raises(hs.ParameterError, match=r"Term\(hamiltonian='a\*a_dag'\)"):
        hs.Term(hamiltonian="a*a_dag")


@pytest.mark.parametrize(
    "components, message",
    [
        ([hs.Term(hamiltonian="g*(a_dag*c + c_dag*a)", label="hop")], r"hop: its Hamiltonian .* uses mode 'c' .*the modes are \['a', 'b'\]"),
        ([hs.Term(hamiltonian="g*a_dag*a*b", label="hop")], "hop: .*'b' is a mode of the network but reads as a parameter"),
        ([hs.Term(hamiltonian="a_dag*a", label="a")], "duplicate"),
        ([hs.Term(hamiltonian="u*a_dag*a"), hs.Term(hamiltonian="v*a_dag**2*a**2")], r"duplicate component 'Term\(a\)'"),
        ([hs.TwoModeSqueezing("a", "c")], r"TwoModeSqueezing\(a, c\): mode2 'c' is not a mode"),
        ([hs.CrossKerr("a", "a")], r"CrossKerr\(a, a\) must couple distinct modes"),
        ([hs.Squeezing("z")], r"Squeezing\(z\): mode 'z' is not a mode"),
    ],
)
def test_networks_refuse_terms_on_unknown_or_ambiguous_modes(components, message):
    with pytest.raises(hs.NetworkError, match=message):
        hs.Network([hs.Cavity("a"), hs.Cavity("b"), *components])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: hs.Squeezing("a", G="2*I"), r"Squeezing\(a\).G: 2\*I is not a finite real number"),
        (lambda: hs.Squeezing("a", G="I*G"), r"Squeezing\(a\).G: a coupling must be real"),
        (lambda: hs.Squeezing("a", phase=float("nan")), r"Squeezing\(a\).phase"),
        (lambda: hs.TwoModeSqueezing("a", "b", G="G + os.system"), r"TwoModeSqueezing\(a, b\).G"),
        (lambda: hs.CrossKerr("a", "b", K="1j"), r"CrossKerr\(a, b\).K"),
        (lambda: hs.Term(hamiltonian="a_dag*a", label=""), "label must be a non-empty text"),
    ],
)
def test_bad_parameters_of_new_terms_name_the_component(make, message):
    with pytest.raises(hs.HybridsysError, match=message):
        make()


# -- model files and the command line ------------------------------------------------------
MODEL = """
name = "parametric_pair"
description = "two cavities, a two-mode squeezing Term and a squeezed, cross-Kerr-coupled pair"

[[modes]]
type = "cavity"
name = "a"
detuning = 0
damping = "kappa"

[[modes]]
type = "cavity"
name = "b"
detuning = 0
damping = "kappa"

[[couplings]]
type = "term"
label = "amplifier"
hamiltonian = "I*G*(a_dag*b_dag - a*b) + chi*a_dag*a*b_dag*b"

[[couplings]]
type = "squeezing"
mode = "a"
G = "G_s"
phase = "theta"

[[couplings]]
type = "two_mode_squeezing"
mode1 = "a"
mode2 = "b"
G = "G_2"

[[couplings]]
type = "cross_kerr"
mode1 = "a"
mode2 = "b"
K = "K_ab"

[parameters.default]
reference_hz = 1e6
values = { kappa = 1.0, G = 0.2, chi = 0.01, G_s = 0.1, theta = 0.5, G_2 = 0.1, K_ab = 0.02 }
"""


def test_model_file_with_a_term_loads_derives_and_round_trips():
    model = Model.from_toml(MODEL)
    term = model.network.component("amplifier")
    assert isinstance(term, hs.Term) and term.mode_names() == ("a", "b")
    assert {"G", "chi", "G_s", "theta", "G_2", "K_ab"} <= set(model.network.parameter_names)
    assert model.to_data()["couplings"][0] == {"type": "term", "label": "amplifier", "hamiltonian": term.hamiltonian_text}
    again = Model.from_data(model.to_data())
    assert again == model and Model.from_toml(model.to_toml()) == model
    assert hs.derive(again).drift.matrix == hs.derive(model).drift.matrix
    provenance = dict(hs.derive(model).drift.provenance("X_a", "X_b"))
    assert set(provenance) == {"amplifier", "TwoModeSqueezing(a, b)", "CrossKerr(a, b)"}
    x_b, y_a = symbols.quadrature_mean("b", "X"), symbols.quadrature_mean("a", "Y")
    assert sp.expand(provenance["amplifier"] - (P("G") + P("chi") * x_b * y_a)) == 0  # = G + 2χ Re<b> Im<a>
    assert "i G a^{\\dagger} b^{\\dagger}" in term._repr_latex_()
    compiled = hs.compile(model)
    steady = hs.steady_states(compiled, compiled.parameters(model.values()))
    assert steady.stable[0] and steady.residual[0] < 1e-12 and steady.physical[0]


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_show_lists_terms_with_their_hamiltonian_and_parameters(tmp_path):
    path = tmp_path / "pair.toml"
    path.write_text(MODEL)
    code, out = run_cli("show", str(path))
    assert code == 0
    assert "amplifier" in out and "hamiltonian: I*G*(a_dag*b_dag - a*b)" in out
    assert "theta" in out and "phase" in out and "Squeezing(a)" in out and "CrossKerr(a, b)" in out
    code, out = run_cli("show", str(path), "--json", "--hamiltonian")
    data = json.loads(out)
    term = next(c for c in data["couplings"] if c["label"] == "amplifier")
    assert term["type"] == "term" and term["modes"] == ["a", "b"] and term["hamiltonian"].startswith("I*G")
    assert term["parameters"] == {"G": "G", "chi": "chi"}
    assert {p["name"]: p["quantity"] for p in data["parameters"]}["theta"] == "dimensionless"
    assert any(t["component"] == "amplifier" for t in data["hamiltonian"]["terms"])


@pytest.mark.parametrize(
    "edit, message",
    [
        (('hamiltonian = "I*G*(a_dag*b_dag - a*b)', 'hamiltonian = "I*G*(a_dag*b_dag + a*b)'), "amplifier.hamiltonian: .*not Hermitian"),
        (('hamiltonian = "I*G*(a_dag*b_dag - a*b)', 'hamiltonian = "I*G*(a_dag*c_dag - a*c)'), "amplifier: .*uses mode 'c'"),
        (('hamiltonian = "I*G*', "hamiltonian = \"open('x')*"), "amplifier.hamiltonian: .*not allowed"),
        (('label = "amplifier"\n', 'label = "amplifier"\nfoo = 1\n'), r"couplings\[0\] \(term\).*foo"),
        (('hamiltonian = "I*G*(a_dag*b_dag - a*b) + chi*a_dag*a*b_dag*b"\n', ""), r"couplings\[0\] \(term\).*hamiltonian"),
        (('hamiltonian = "I*G*(a_dag*b_dag - a*b)', 'hamiltonian = "G*(a + a_dag)**60'), "amplifier.hamiltonian: expanding .* more than 2048"),
    ],
)
def test_bad_term_in_a_model_file_is_a_model_file_error_naming_it(edit, message):
    text = MODEL.replace(*edit, 1)
    assert text != MODEL
    with pytest.raises(hs.ModelFileError, match=message):
        Model.from_toml(text)
