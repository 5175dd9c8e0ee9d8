"""The master-equation route (hybridsys.compiled.qutip, hybridsys.numerics.master),
checked against what does not come from it: the Lyapunov covariance of a linear
network, the exact complex-P steady state of the driven Kerr oscillator (Drummond &
Walls 1980) written here from its formula, the coherent state, and the Heisenberg
equations that the QuTiP operators give, term by term against our Langevin equations.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import mpmath as mp
import numpy as np
import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.compiled.qutip import CutoffError, QutipMissing
from hybridsys.model import symbols
from hybridsys.model.baths import NotLindblad
from hybridsys.model.components import parameter
from hybridsys.model.couplings import Coupling
from hybridsys.model.modes import Mode
from hybridsys.symbolic.langevin import heisenberg

qutip = pytest.importorskip("qutip")

KERR = hs.Network([hs.Cavity("a"), hs.Kerr("a"), hs.Drive("a")])


def drummond_walls(kappa: float, delta: float, chi: float, xi: complex, j: int) -> float:
    """⟨a†ʲ aʲ⟩ in the steady state of dρ/dt = −i[H, ρ] + κ(2aρa† − a†aρ − ρa†a),
    H = δ a†a + χ a†²a² + i(ξ a† − ξ* a), from the complex-P solution of Drummond &
    Walls, J. Phys. A 13, 725 (1980): P(α, β) = α^{c−2} β^{d−2} exp(ε/α + ε*/β + 2αβ),
    c = (κ + iδ)/(iχ), d = c*, ε = ξ/(iχ). Its moments are, with z = 2|ε|² and
    ₀F₂(; c, d; z) = Σₙ zⁿ Γ(c)Γ(d)/(n! Γ(c+n)Γ(d+n)),

        ⟨a†ʲ aʲ⟩ = |ε|^{2j} Γ(c)Γ(d)/(Γ(c+j)Γ(d+j)) · ₀F₂(; c+j, d+j; z)/₀F₂(; c, d; z).

    (Derived from the Fokker–Planck equation of the P function: drift
    ξ − (κ + iδ)α − 2iχα²β, diffusion −2iχα², whose zero-flux solution is the P above;
    each contour integral ∮ α^m e^{ε/α} dα ∝ ε^{m+1}/Γ(m+2).)

    Mapping to ours: our H = Δ o†o + K(o†o)² + i(ξ o† − ξ* o), and K(o†o)² =
    K o†²o² + K o†o, so χ = K and δ = Δ + K; our κ is the amplitude rate of
    ȯ ∋ −κ o, the κ of the damping above (linewidth 2κ)."""
    c = (kappa + 1j * delta) / (1j * chi)
    d = mp.conj(c)
    eps = xi / (1j * chi)
    z = 2 * abs(eps) ** 2
    value = abs(eps) ** (2 * j) / (mp.rf(c, j) * mp.rf(d, j)) * mp.hyper([], [c + j, d + j], z) / mp.hyper([], [c, d], z)
    return float(mp.re(value))


@pytest.mark.parametrize("Delta, K, xi", [(0.5, 0.3, 0.7), (-1.0, 0.2, 1.5), (0.0, 1.0, 2.0), (-3.0, 0.5, 2.5)])
def test_kerr_oscillator_matches_the_complex_p_solution_of_drummond_and_walls(Delta, K, xi):
    kappa = 1.0
    state = hs.master_steady_state(KERR, {"Delta_a": Delta, "kappa_a": kappa, "K_a": K, "xi_a": xi}, {"a": 40})
    n = drummond_walls(kappa, Delta + K, K, xi, 1)
    g2 = drummond_walls(kappa, Delta + K, K, xi, 2) / n**2
    assert state.converged
    assert state.occupations["a"] == pytest.approx(n, rel=1e-7)
    assert state.g2["a"] == pytest.approx(g2, rel=1e-7)


def test_the_wigner_function_is_in_our_quadratures():
    """Its marginal moments are the state's mean quadratures and covariance (W[k, j] at Y = y[k], X = x[j])."""
    state = hs.master_steady_state(KERR, {"Delta_a": -2.0, "kappa_a": 1.0, "K_a": 2.0, "xi_a": 1.5}, {"a": 12})
    x, y, W = state.wigner("a")
    X, Y = np.meshgrid(x, y)
    area = (x[1] - x[0]) * (y[1] - y[0])
    moment = lambda f: float(np.sum(W * f) * area)  # noqa: E731
    assert moment(1) == pytest.approx(1, abs=1e-9)
    np.testing.assert_allclose([moment(X), moment(Y)], state.mean, atol=1e-9)
    V = [[moment(X * X), moment(X * Y)], [moment(X * Y), moment(Y * Y)]] - np.outer(state.mean, state.mean)
    np.testing.assert_allclose(V, state.covariance, atol=1e-9)


def test_kerr_blockade_is_sub_poissonian_and_the_check_passes_at_a_small_cutoff():
    state = hs.master_steady_state(KERR, {"Delta_a": -5.0, "kappa_a": 1.0, "K_a": 5.0, "xi_a": 0.3}, {"a": 12})
    assert state.g2["a"] < 0.1
    assert state.converged and state.check.top["a"] < 1e-10


def test_a_coherent_state_at_zero_kerr():
    net = hs.Network([hs.Cavity("a"), hs.Drive("a")])
    kappa, Delta, xi = 0.7, -0.4, 0.9
    state = hs.master_steady_state(net, {"Delta_a": Delta, "kappa_a": kappa, "xi_a": xi}, {"a": 25})
    alpha = xi / (kappa + 1j * Delta)
    np.testing.assert_allclose(state.mean, [np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag], atol=1e-9)
    np.testing.assert_allclose(state.covariance, 0.5 * np.eye(2), atol=1e-9)
    assert state.g2["a"] == pytest.approx(1.0, abs=1e-8)
    assert state.wigner_negativity("a") < 1e-8


LINEAR = hs.Network([
    hs.Cavity("a", occupation=0.02), hs.Cavity("c", squeezing=0.05, squeezing_phase=0.4), hs.BeamSplitter("a", "c"),
    hs.TwoModeSqueezing("a", "c"), hs.Drive("a"),
])
LINEAR_VALUES = {"Delta_a": 0.3, "kappa_a": 1.0, "Delta_c": -0.5, "kappa_c": 0.8, "g_a_c": 0.4, "G_a_c": 0.12, "xi_a": 0.1}


def test_linear_network_covariance_equals_the_lyapunov_solution():
    """The state is Gaussian, so the master equation's moments are the mean-field fixed
    point and the Lyapunov covariance, up to the truncation (whose size the cutoff check
    measures: the change when a cutoff grows)."""
    state = hs.master_steady_state(LINEAR, LINEAR_VALUES, {"a": 7, "c": 7}, tolerance=1e-4)
    compiled = hs.compile(LINEAR)
    params = compiled.parameters(LINEAR_VALUES)
    fixed = hs.fixed_points(compiled, params)
    assert int(fixed.count) == 1
    V = hs.covariance_at(compiled, params, fixed.states[0])
    assert state.converged
    truncation = 10 * max(state.check.change.values()) + 1e-9
    np.testing.assert_allclose(state.mean, fixed.states[0], atol=truncation)
    np.testing.assert_allclose(state.covariance, V, atol=truncation)
    # the state is Gaussian: the exact E_N from the partial transpose equals the moments' E_N
    assert state.gaussian_log_negativity("a", "c") > 0.02
    assert state.log_negativity("a", "c") == pytest.approx(state.gaussian_log_negativity("a", "c"), abs=truncation)


def test_the_gaussian_measures_come_from_the_same_functions():
    state = hs.master_steady_state(LINEAR, LINEAR_VALUES, {"a": 6, "c": 6})
    measures = state.measures("a", "c", names=("S_Q", "E_N", "squeezing"))
    i, j = 0, 1
    assert measures["E_N"] == pytest.approx(float(hs.measures.log_negativity(state.covariance, i, j)))
    assert measures["S_Q"] == pytest.approx(float(hs.measures.quantum_synchronization(state.covariance, i, j)))


# -- the Heisenberg equations of the QuTiP operators against our Langevin equations -----------
def adjoint(model, A):
    """L†(A) = i[H, A] + Σ_c (c† A c − ½{c†c, A}): d⟨A⟩/dt = ⟨L†(A)⟩."""
    out = 1j * (model.H * A - A * model.H)
    for c in model.c_ops:
        out = out + c.dag() * A * c - 0.5 * (c.dag() * c * A + A * c.dag() * c)
    return out


def low(model, margin: int) -> np.ndarray:
    """Indices of the product states with every mode's Fock number below N_o − margin."""
    grids = np.meshgrid(*[np.arange(n) for n in model.dims], indexing="ij")
    keep = np.all([g < n - margin for g, n in zip(grids, model.dims)], axis=0)
    return np.flatnonzero(keep.ravel())


def close_on(model, left, right, margin=5, atol=1e-9):
    keep = low(model, margin)
    L, R = left.full()[np.ix_(keep, keep)], right.full()[np.ix_(keep, keep)]
    np.testing.assert_allclose(L, R, atol=atol * max(1.0, np.abs(R).max()))


def numeric(expr, values):
    return sp.expand(expr.xreplace({sp.Symbol(k, real=True): v for k, v in values.items()}))


def random_network(seed: int):
    """A small random network (two or three modes, every kind of coupling drawn) and values."""
    rng = np.random.default_rng(seed)
    modes = [hs.Cavity("a", occupation=float(rng.uniform(0, 0.5)), squeezing=float(rng.uniform(0, 0.3)),
                       squeezing_phase=float(rng.uniform(0, 3))),
             hs.Phonon("b", occupation=float(rng.uniform(0, 0.5))), hs.Magnon("m")]
    pool = [hs.Kerr("a"), hs.Drive("a"), hs.RadiationPressure("a", "b"), hs.BeamSplitter("a", "m"),
            hs.TwoModeSqueezing("b", "m"), hs.Squeezing("m"), hs.CrossKerr("a", "m"), hs.Kerr("b"),
            hs.Term("G1*(a_dag*a_dag*b + b_dag*a*a)"), hs.Drive("m")]
    chosen = [pool[k] for k in sorted(rng.choice(len(pool), size=5, replace=False))]
    net = hs.Network(modes + chosen)
    values = {name: float(rng.uniform(0.1, 0.6)) for name in net.parameter_names}
    return net, values


#: Seeds whose networks hold, together, every coupling of the pool.
SEEDS = [1, 2, 23]


@pytest.mark.parametrize("seed", SEEDS)
def test_heisenberg_equations_of_the_qutip_operators_match_the_langevin_equations_term_by_term(seed):
    net, values = random_network(seed)
    model = hs.to_qutip(net, values, {"a": 9, "b": 9, "m": 9})
    derivation = hs.derive(net)
    for mode in net.mode_names:
        o = model.lowering(mode)
        # the whole right-hand side
        close_on(model, adjoint(model, o), model.operator(numeric(derivation.langevin.coherent(mode), values)))
        # each component's Hamiltonian term alone: i[H_c, o] = −i ∂H_c/∂o†
        for label, term in derivation.hamiltonian.terms:
            H = model.operator(numeric(term, values))
            close_on(model, 1j * (H * o - o * H), model.operator(numeric(heisenberg(term, mode), values)))


def quadratures(model):
    out = []
    for mode in model.modes:
        a = model.lowering(mode)
        out += [(a + a.dag()) / np.sqrt(2), 1j * (a.dag() - a) / np.sqrt(2)]
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_the_master_equation_noise_is_the_diffusion_matrix(seed):
    """Symmetrized ⟨d(R_j R_k)⟩ − ⟨dR_j R_k⟩ − ⟨R_j dR_k⟩ of the master equation, the
    diffusion of the quadratures, equals D of the derivation (squeezed baths included)."""
    net, values = random_network(seed)
    model = hs.to_qutip(net, values, {"a": 9, "b": 9, "m": 9})
    compiled = hs.compile(net)
    D = compiled.diffusion(compiled.parameters(values))
    R = quadratures(model)
    dR = [adjoint(model, r) for r in R]
    identity = qutip.qeye(list(model.dims))
    for j in range(len(R)):
        for k in range(j, len(R)):
            G = adjoint(model, R[j] * R[k]) - dR[j] * R[k] - R[j] * dR[k]
            G = 0.5 * (G + adjoint(model, R[k] * R[j]) - dR[k] * R[j] - R[k] * dR[j])
            close_on(model, G, D[j, k] * identity)


def test_every_components_dissipators_are_read_including_a_nonlinear_jump():
    """Two-photon loss, a Dissipator with jump a² at rate Γ (L = √(2Γ) a², w = 2Γ): w D[a²]
    adds −w a†a² to ȧ (the adjoint w(a†²·a·a² − ½{a†²a², a}) = −w a†a²); nothing in the
    conversion knows this component. The Gaussian routes refuse the jump, naming it."""
    linear_net = hs.Network([hs.Cavity("a"), hs.Drive("a")])
    net = linear_net + hs.Dissipator(jump="a*a", rate="gamma2", label="two_photon_loss")
    values = {"Delta_a": 0.4, "kappa_a": 0.5, "xi_a": 0.8, "gamma2": 0.15}
    model = hs.to_qutip(net, values, {"a": 14})
    a = model.lowering("a")
    langevin = numeric(hs.derive(linear_net).langevin.coherent("a"), values)
    extra = -0.3 * symbols.raising("a") * symbols.lowering("a") ** 2
    close_on(model, adjoint(model, a), model.operator(langevin + extra))
    state = hs.master_steady_state(net, values, {"a": 14})
    linear = hs.master_steady_state(linear_net, {k: v for k, v in values.items() if k != "gamma2"}, {"a": 14})
    assert state.converged and state.occupations["a"] < 0.9 * linear.occupations["a"]
    with pytest.raises(hs.NetworkError, match="two_photon_loss.*not linear"):
        hs.derive(net).langevin


def test_the_brownian_lindblad_approximation_has_the_exact_drift_and_the_stated_extra_diffusion():
    gamma, nbar = 0.3, 0.7
    net = hs.Network([hs.Phonon("b", damping_model="brownian"), hs.Drive("b")])
    values = {"omega_b": 1.0, "gamma_b": gamma, "nbar_b": nbar, "xi_b": 0.2}
    model = hs.to_qutip(net, values, {"b": 14}, brownian="lindblad")
    assert model.approximated == ("b",)
    derivation = hs.derive(net)
    b = model.lowering("b")
    close_on(model, adjoint(model, b), model.operator(numeric(derivation.langevin.coherent("b"), values)))
    compiled = hs.compile(net)
    D = compiled.diffusion(compiled.parameters(values)) + np.diag([gamma / (4 * (2 * nbar + 1)), 0.0])
    X, Y = quadratures(model)
    identity = qutip.qeye([14])
    for P, Q, expected in ((X, X, D[0, 0]), (Y, Y, D[1, 1]), (X, Y, D[0, 1])):
        G = adjoint(model, P * Q) - adjoint(model, P) * Q - P * adjoint(model, Q)
        G = 0.5 * (G + adjoint(model, Q * P) - adjoint(model, Q) * P - Q * adjoint(model, P))
        close_on(model, G, expected * identity)


# -- dynamics ------------------------------------------------------------------------------------
def test_mesolve_route_follows_the_driven_cavity_from_the_vacuum():
    net = hs.Network([hs.Cavity("a"), hs.Drive("a")])
    values = {"Delta_a": 0.5, "kappa_a": 0.2, "xi_a": 0.3}
    compiled = hs.compile(net)
    run = hs.simulate(compiled, compiled.parameters(values), periods=1, samples_per_period=10, method="master",
                      cutoffs={"a": 12}, initial=hs.InitialState(fluctuations="vacuum"))
    alpha = 0.3 / (0.2 + 0.5j) * (1 - np.exp(-(0.2 + 0.5j) * run.times))
    np.testing.assert_allclose(run.mean[:, 0], np.sqrt(2) * alpha.real, atol=1e-6)
    np.testing.assert_allclose(run.mean[:, 1], np.sqrt(2) * alpha.imag, atol=1e-6)
    np.testing.assert_allclose(run.covariance, np.broadcast_to(0.5 * np.eye(2), run.covariance.shape), atol=1e-6)
    assert bool(run.converged)


def test_a_cutoff_too_small_is_marked_not_converged():
    state = hs.master_steady_state(KERR, {"Delta_a": 0.0, "kappa_a": 1.0, "K_a": 0.05, "xi_a": 2.0}, {"a": 6})
    assert not state.converged
    assert "NOT CONVERGED" in state.check.describe()
    assert state.check.top["a"] > 1e-3


# -- bad input -------------------------------------------------------------------------------------
VALUES = {"Delta_a": 0.5, "kappa_a": 1.0, "K_a": 0.3, "xi_a": 0.7}


@pytest.mark.parametrize("cutoffs, words", [
    ({}, "mode 'a' has no cutoff"),
    ({"a": 0}, "mode 'a': the cutoff must be"),
    ({"a": -3}, "mode 'a': the cutoff must be"),
    ({"a": 2.5}, "mode 'a': the cutoff must be"),
    ({"a": 10, "z": 4}, "'z'"),
    (None, "mode 'a' has no cutoff"),
])
def test_missing_or_invalid_cutoffs_are_clear_errors(cutoffs, words):
    with pytest.raises(CutoffError, match=words):
        hs.to_qutip(KERR, VALUES, cutoffs)


def test_a_space_too_large_for_memory_is_refused_naming_the_cutoffs():
    net = hs.Network([hs.Cavity("a"), hs.Cavity("c"), hs.BeamSplitter("a", "c")])
    with pytest.raises(CutoffError, match=r"cutoffs \{a: 3000, c: 3000\}.*GiB"):
        hs.to_qutip(net, {"Delta_a": 0, "kappa_a": 1, "Delta_c": 0, "kappa_c": 1, "g_a_c": 1}, {"a": 3000, "c": 3000})


def test_brownian_damping_is_refused_without_the_explicit_approximation():
    net = hs.Network([hs.Cavity("a"), hs.Phonon("b", damping_model="brownian"), hs.RadiationPressure("a", "b")])
    values = {name: 0.5 for name in net.parameter_names}
    with pytest.raises(NotLindblad, match=r"^b: Brownian damping .* no Lindblad form.*brownian='lindblad'"):
        hs.to_qutip(net, values, {"a": 4, "b": 4})


def test_missing_qutip_says_how_to_install_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "qutip", None)  # import qutip now raises ImportError
    with pytest.raises(QutipMissing, match=r'pip install "hybridsys\[quantum\]"'):
        hs.to_qutip(KERR, VALUES, {"a": 5})


def test_missing_parameter_values_are_named():
    with pytest.raises(hs.ParameterError, match=r"missing value\(s\) for \['xi_a'\]"):
        hs.to_qutip(KERR, {k: v for k, v in VALUES.items() if k != "xi_a"}, {"a": 5})


def test_the_exact_log_negativity_sees_entanglement_the_moments_miss():
    """A Kerr-entangled (non-Gaussian) state: the exact E_N is positive and differs from the moments' E_N."""
    net = hs.Network([hs.Cavity("a"), hs.Cavity("c"), hs.CrossKerr("a", "c"), hs.Drive("a"), hs.Drive("c")])
    values = {"Delta_a": 0.0, "kappa_a": 0.5, "Delta_c": 0.0, "kappa_c": 0.5, "K_a_c": 2.0, "xi_a": 0.4, "xi_c": 0.4}
    state = hs.master_steady_state(net, values, {"a": 7, "c": 7}, tolerance=1e-2)
    assert state.converged
    exact, gaussian = state.log_negativity("a", "c"), state.gaussian_log_negativity("a", "c")
    assert exact > 1e-3
    assert abs(exact - gaussian) > 0.05


# -- the command line ------------------------------------------------------------------------------
KERR_MODEL = '''
name = "kerr_cavity"
description = "A driven Kerr cavity"
default_parameters = "blockade"

[[modes]]
type = "cavity"
name = "a"
detuning = "Delta"
damping = "kappa"

[[couplings]]
type = "kerr"
mode = "a"
K = "K"

[[couplings]]
type = "drive"
mode = "a"
amplitude = "xi"

[parameters.blockade]
reference_hz = 1e6
description = "photon blockade"
values = { Delta = -5.0, kappa = 1.0, K = 5.0, xi = 0.3 }
'''


@pytest.fixture
def kerr_model(tmp_path):
    path = tmp_path / "kerr.toml"
    path.write_text(KERR_MODEL)
    return str(path)


def test_cli_steady_master_prints_the_drummond_walls_state_and_its_json(kerr_model, capsys):
    import json

    from hybridsys.cli import main

    assert main(["steady", kerr_model, "--method", "master", "--cutoff", "a=10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "hybridsys.master/1" and data["cutoff_check"]["converged"]
    n = drummond_walls(1.0, -5.0 + 5.0, 5.0, 0.3, 1)
    assert data["modes"]["a"]["occupation"] == pytest.approx(n, rel=1e-7)
    assert data["modes"]["a"]["g2"] == pytest.approx(drummond_walls(1.0, 0.0, 5.0, 0.3, 2) / n**2, rel=1e-7)
    figure = Path(kerr_model).with_name("wigner.png")
    assert main(["steady", kerr_model, "--method", "master", "--cutoff", "a=10", "--wigner", str(figure)]) == 0
    text = capsys.readouterr().out
    assert "cutoffs converged to 0.001" in text and "g2(0)" in text
    assert f"Wigner functions: {figure}" in text and figure.stat().st_size > 10_000


def test_cli_marks_a_result_not_converged(kerr_model, capsys):
    from hybridsys.cli import main

    assert main(["simulate", kerr_model, "--method", "master", "--periods", "1", "--set", "xi=2", "--set", "K=0.1",
                 "--set", "Delta=0", "--cutoff", "a=6"]) == 0
    text = capsys.readouterr().out
    assert "NOT CONVERGED" in text and " converged to" not in text


@pytest.mark.parametrize("flag, words", [("a=0", "mode 'a': the cutoff must be"), ("a", "--cutoff expects MODE=N"),
                                         ("z=4", "'z'")])
def test_cli_bad_cutoffs_exit_2_with_a_clear_error(kerr_model, capsys, flag, words):
    from hybridsys.cli import main

    assert main(["steady", kerr_model, "--method", "master", "--cutoff", flag]) == 2
    assert words in capsys.readouterr().err


# -- one comparison, three routes ----------------------------------------------------------------
MANY_QUANTA = {"Delta_a": 0.0, "kappa_a": 1.0, "K_a": 0.002, "xi_a": 3.0}


def test_truncated_wigner_and_the_master_equation_agree_at_many_quanta_within_the_wigner_errors():
    result = hs.compare(hs.compile(KERR), MANY_QUANTA, methods=("wigner", "master"), cutoffs={"a": 40},
                        trajectories=1000, periods=3, window=1.5, seed=7)
    assert result.values["master"]["<a†a>"] > 8
    assert result.disagreements == []
    for name in result.names:
        assert abs(result.values["wigner"][name] - result.values["master"][name]) < 4 * result.errors["wigner"][name]


def test_compare_says_where_the_linearization_fails_in_the_few_quanta_regime():
    """Photon blockade: ⟨a†a⟩ of the linearization is twice the exact one, and the table says so."""
    result = hs.compare(hs.compile(KERR), {"Delta_a": -5.0, "kappa_a": 1.0, "K_a": 5.0, "xi_a": 0.3},
                        methods=("linearized", "master"), cutoffs={"a": 10})
    exact = drummond_walls(1.0, 0.0, 5.0, 0.3, 1)
    assert result.values["master"]["<a†a>"] == pytest.approx(exact, rel=1e-7)
    assert ("<a†a>", "linearized", "master") in result.disagreements
    assert "<a†a> (linearized vs master)" in result.table()


def test_cli_compare_tabulates_the_routes(kerr_model, capsys):
    import json

    from hybridsys.cli import main

    assert main(["compare", kerr_model, "--methods", "linearized,master", "--cutoff", "a=10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "hybridsys.compare/1" and data["methods"] == ["linearized", "master"]
    assert ["<a†a>", "linearized", "master"] in data["disagreements"]
    assert main(["compare", kerr_model, "--methods", "linearized,exact"]) == 2
    assert "methods must be some of" in capsys.readouterr().err


@pytest.mark.parametrize("channel", [
    lambda: [hs.Port("a", "out", rate=0.6), hs.Port("b", "in", rate=0.5), hs.Cascade("a.out", "b.in", efficiency=0.7, phase=0.9)],
    lambda: [hs.DissipativeCoupling("a", "b", Gamma=0.2, phase=0.7, occupation=0.3)],
    lambda: [hs.TwoModeSqueezedBath("a", "b", r=0.3, phase=0.3)],
    lambda: [hs.Waveguide(["a", "b"], right=[0.2, 0.1], phases=[0.0, 0.7])],
])
def test_bath_channels_on_the_master_route_give_the_lyapunov_covariance(channel):
    """A cascade (negative weights that cancel part of the modes' own damping), a shared
    bath, a two-mode squeezed bath and a waveguide (its channels and its series-product
    Hamiltonian): the master equation's steady covariance equals the
    Gaussian routes' Lyapunov solution to the truncation error, so the same Lindblad terms
    mean the same thing on both routes."""
    net = hs.Network([hs.Cavity("a", detuning=0.3, damping=1.0), hs.Cavity("b", detuning=-0.2, damping=0.8),
                      hs.Squeezing("a", G=0.2), *channel()])
    state = hs.master_steady_state(net, {}, {"a": 7, "b": 7}, tolerance=1e-2)
    compiled = hs.compile(net)
    V = hs.covariance_at(compiled, compiled.parameters({}), np.zeros(compiled.size))
    assert state.converged
    np.testing.assert_allclose(state.covariance, V, atol=10 * max(state.check.change.values()) + 1e-9)


def test_a_time_dependent_drive_becomes_qutips_time_dependent_hamiltonian():
    """E₀ cos Ωt on a damped cavity: mesolve with the QobjEvo H follows the closed-form
    periodic amplitude α(t) = E₀/2 [e^{iΩt}/(κ + i(Δ+Ω)) + e^{−iΩt}/(κ + i(Δ−Ω))] (written
    here) once the transient has decayed, with the vacuum's covariance ½ I; the steady-state
    solver refuses the model, which has none."""
    net = hs.Network([hs.Cavity("a", detuning="Delta", damping="kappa"), hs.Drive("a", amplitude="E0*cos(Om*t)")])
    values = {"Delta": 0.3, "kappa": 0.5, "E0": 0.6, "Om": 1.7}
    compiled = hs.compile(net)
    run = hs.simulate(compiled, compiled.parameters(values), periods=8, samples_per_period=20, record_periods=2,
                      method="master", cutoffs={"a": 8}, initial=hs.InitialState(fluctuations="vacuum"))
    t = run.times
    alpha = 0.3 * (np.exp(1.7j * t) / (0.5 + 2.0j) + np.exp(-1.7j * t) / (0.5 - 1.4j))
    assert np.abs(run.mean[..., 0] - np.sqrt(2) * alpha.real).max() < 1e-6
    assert np.abs(run.mean[..., 1] - np.sqrt(2) * alpha.imag).max() < 1e-6
    assert np.abs(run.covariance - 0.5 * np.eye(2)).max() < 1e-6
    assert hs.to_qutip(net, values, {"a": 6}).H(0.4) != hs.to_qutip(net, values, {"a": 6}).H(0.0)
    with pytest.raises(hs.ParameterError, match="time-dependent model has no steady state"):
        hs.master_steady_state(net, values, {"a": 6})


def test_samples_too_sparse_for_the_modulation_are_refused_on_the_master_route():
    """QuTiP's solver steps adaptively (no step to check), but samples 4 to a modulation
    period at least: Ω = 30 needs samples_per_period >= 4·30 = 120 (τ = 2π)."""
    net = hs.Network([hs.Cavity("a", detuning="Delta", damping="kappa"), hs.Drive("a", amplitude="E0*cos(Om*t)")])
    compiled = hs.compile(net)
    params = compiled.parameters({"Delta": 0.3, "kappa": 0.5, "E0": 0.6, "Om": np.array([1.7, 30.0])})
    with pytest.raises(hs.ParameterError, match=r"point #1 \(.*Om=30\).*2π/ω = 0.2094 \(ω = 30\) is shorter than 4 "
                                                r"sample intervals \(τ/samples_per_period = 0.3142\); take samples_per_period >= 120"):
        hs.simulate(compiled, params, periods=1, samples_per_period=20, method="master", cutoffs={"a": 4})

