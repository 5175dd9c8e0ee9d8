"""Damping models and baths: the Brownian phonon and the squeezed bath, each checked
against matrices and closed forms written here by hand, and their bad inputs refused."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
import scipy.linalg
import sympy as sp

import hybridsys as hs
from hybridsys.measures import log_negativity
from hybridsys.model import symbols
from hybridsys.model.modelfile import Model, load_model

from .conftest import random_network
from .test_derivation import assert_drift_is_jacobian


def real(name):
    return sp.Symbol(name, real=True)


def steady(network, values=None):
    """The single stable steady state of ``network``: compiled model, params, state, V."""
    compiled = hs.compile(network)
    params = compiled.parameters(values or {})
    result = hs.steady_states(compiled, params)
    assert result.stable.sum() == 1
    k = int(np.argmax(result.stable))
    return compiled, params, result.states[k], result.covariance[k]


@pytest.mark.parametrize("model", ["symmetric", "brownian"])
def test_free_phonon_steady_state_is_thermal_under_both_damping_models(model):
    nbar = 3.7
    network = hs.Network([hs.Phonon("b", damping_model=model)])
    _, _, state, V = steady(network, {"omega_b": 1.0, "gamma_b": 0.02, "nbar_b": nbar})
    assert np.all(state == 0)
    assert np.allclose(V, (nbar + 0.5) * np.eye(2), rtol=1e-12, atol=1e-14 * nbar)


def test_brownian_phonon_drift_and_diffusion_equal_the_hand_written_matrices():
    """Cavity a + Brownian phonon b, -g a†a(b + b†), driven: the linearized equations
    of quantum Brownian motion (Vitali et al. 2007, Eq. (4)), written out by hand in
    quadratures X = (o + o†)/√2, Y = i(o† - o)/√2, [X, Y] = i, with α = <a>, β = <b>:
        Ẋ_a = -κ X_a + Δ̃ Y_a - 2g Im α X_b,   Ẏ_a = -κ Y_a - Δ̃ X_a + 2g Re α X_b,
        Ẋ_b = ω Y_b,                          Ẏ_b = -ω X_b - γ Y_b + 2g (Re α X_a + Im α Y_a) + ξ,
    Δ̃ = Δ - 2g Re β; D = diag(κ(2n̄_a+1), κ(2n̄_a+1), 0, γ(2n̄_b+1))."""
    network = hs.Network([
        hs.Cavity("a", occupation="nbar_a"), hs.Phonon("b", damping_model="brownian"), hs.RadiationPressure("a", "b"),
        hs.Drive("a"),
    ])
    derivation = hs.derive(network)
    kappa, delta, nbar_a = real("kappa_a"), real("Delta_a"), real("nbar_a")
    omega, gamma, nbar_b, g = real("omega_b"), real("gamma_b"), real("nbar_b"), real("g_a")
    xa, ya, xb = (symbols.quadrature_mean(m, q) for m, q in (("a", "X"), ("a", "Y"), ("b", "X")))
    re_alpha, im_alpha, re_beta = xa / sp.sqrt(2), ya / sp.sqrt(2), xb / sp.sqrt(2)
    shifted = delta - 2 * g * re_beta
    A = sp.Matrix([
        [-kappa, shifted, -2 * g * im_alpha, 0],
        [-shifted, -kappa, 2 * g * re_alpha, 0],
        [0, 0, 0, omega],
        [2 * g * re_alpha, 2 * g * im_alpha, -omega, -gamma],
    ])
    D = sp.diag(kappa * (2 * nbar_a + 1), kappa * (2 * nbar_a + 1), 0, gamma * (2 * nbar_b + 1))
    assert (derivation.drift.matrix - A).applyfunc(sp.simplify) == sp.zeros(4, 4)
    assert (derivation.diffusion.matrix - D).applyfunc(sp.expand) == sp.zeros(4, 4)
    # the mean phonon obeys the same Brownian equations: no damping on <X_b>
    field = derivation.mean_field.vector_field
    yb = symbols.quadrature_mean("b", "Y")
    assert sp.expand(field[2] - omega * yb) == 0
    assert sp.expand(field[3] - (-omega * xb - gamma * yb + g * (xa**2 + ya**2) / sp.sqrt(2))) == 0
    # every entry of A is stamped by a component: the damping -γ by the phonon itself
    assert derivation.drift.provenance("Y_b", "Y_b") == [("b", -gamma)]
    assert "b_in†" in str(derivation.fluctuations)


@pytest.mark.parametrize("seed", range(4))
def test_drift_equals_jacobian_of_mean_field_with_brownian_phonons_and_squeezed_baths(seed):
    rng = np.random.default_rng(100 + seed)
    network = random_network(rng, n_modes=3 + seed % 2)
    for mode in network.modes:
        if isinstance(mode, hs.Phonon):
            network = network.replace(attrs.evolve(mode, damping_model="brownian"))
        else:
            network = network.replace(attrs.evolve(mode, squeezing=f"r_{mode.name}", squeezing_phase=f"theta_{mode.name}"))
    assert_drift_is_jacobian(hs.compile(network), rng, points=20)


def _optomechanics(model: str, gamma: float, G: float):
    """A red-detuned driven cavity on a phonon (ω = 1, n̄ = 50) at effective coupling
    G = 2g|α| ≈ ``G``; the same mirror under either damping model (γ_s = γ_b/2)."""
    network = hs.Network([
        hs.Cavity("a", occupation=0), hs.Phonon("b", damping_model=model), hs.RadiationPressure("a", "b"), hs.Drive("a"),
    ])
    values = {
        "Delta_a": 1.0, "kappa_a": 0.2, "omega_b": 1.0, "gamma_b": gamma if model == "brownian" else gamma / 2,
        "nbar_b": 50.0, "g_a": 1e-4, "xi_a": G / 2e-4 * abs(0.2 + 1j),
    }
    return steady(network, values)[3]


def test_damping_models_converge_as_gamma_over_omega_vanishes_at_weak_coupling():
    """The models differ at relative order Γ/ω, Γ the phonon's whole linewidth (its own γ
    plus the optical damping ≈ G²/κ). Weak coupling, G² = κγ (optical damping ~ γ): the
    difference of the covariances falls tenfold with each tenfold smaller γ/ω."""
    differences = []
    for gamma in (1e-2, 1e-3, 1e-4):
        G = np.sqrt(0.2 * gamma)
        sym, brown = _optomechanics("symmetric", gamma, G), _optomechanics("brownian", gamma, G)
        differences.append(np.abs(sym - brown).max() / np.abs(sym).max())
    assert differences[0] < 1e-2 * 0.5
    for before, after in zip(differences, differences[1:]):
        assert before / 12 < after < before / 8


def test_damping_models_differ_measurably_at_strong_coupling():
    """The same mechanical linewidth (γ_b = 1e-5 ω_b, i.e. γ_s = 5e-6) in Li, Zhu, Agarwal's
    regime, |G_mb| = 0.32 ω_b, n̄_b = 20: E_N(a, m) differs by ~20 γ/ω, not by O(γ/ω)."""
    model = load_model("cavity_magnomechanics")
    values = model.values()
    phonon = model.network.mode("b")
    assert phonon.damping_model == "brownian"  # the paper's model, with γ_b the linewidth
    symmetric = model.network.replace(attrs.evolve(phonon, damping_model="symmetric"))
    *_, V_b = steady(model.network, values)
    *_, V_s = steady(symmetric, dict(values, gamma_b=values["gamma_b"] / 2))
    en_b, en_s = log_negativity(V_b, 0, 1), log_negativity(V_s, 0, 1)
    relative = abs(en_b - en_s) / en_b
    assert 1e-4 < relative < 1e-3
    # and the weak-coupling limit of the same comparison is far smaller
    assert relative > 10 * values["gamma_b"]


@pytest.mark.parametrize("detuning, r, theta, nbar", [(0.0, 0.5, 0.0, 0.0), (0.7, 0.8, 1.1, 2.0), (-2.0, 1.5, -2.5, 0.3)])
def test_squeezed_bath_drives_a_damped_mode_to_the_closed_form(detuning, r, theta, nbar):
    """ȧ = -(κ + iΔ) a + √(2κ) a_in with ⟨a_in† a_in⟩ = N δ, ⟨a_in a_in⟩ = M δ:
    a(t) = √(2κ) ∫ e^{-(κ+iΔ)s} a_in(t - s) ds, so ⟨a†a⟩ = N and
    ⟨a a⟩ = 2κ M ∫ e^{-2(κ+iΔ)s} ds = κ M / (κ + iΔ). For a squeezed thermal bath
    N = n̄ cosh 2r + sinh² r, M = -(n̄ + ½) e^{iθ} sinh 2r, and in quadratures
    V = [[N + ½ + Re⟨aa⟩, Im⟨aa⟩], [Im⟨aa⟩, N + ½ - Re⟨aa⟩]]."""
    kappa = 0.3
    N = nbar * np.cosh(2 * r) + np.sinh(r) ** 2
    M = -(nbar + 0.5) * np.exp(1j * theta) * np.sinh(2 * r)
    aa = kappa * M / (kappa + 1j * detuning)
    expected = np.array([[N + 0.5 + aa.real, aa.imag], [aa.imag, N + 0.5 - aa.real]])
    cavity = hs.Cavity("a", occupation="n", squeezing="r", squeezing_phase="theta")
    values = {"Delta_a": detuning, "kappa_a": kappa, "n": nbar, "r": r, "theta": theta}
    compiled, params, state, V = steady(hs.Network([cavity]), values)
    assert np.allclose(V, expected, rtol=1e-12, atol=1e-12)
    D = compiled.diffusion(params)
    assert D[0, 1] != 0 or theta == 0  # the correlated, non-diagonal block
    assert np.linalg.det(V) >= 0.25 and V[0, 0] > 0  # a physical state, V + iΩ/2 ⪰ 0


def test_squeezed_bath_reduces_to_the_thermal_diffusion_without_squeezing():
    a = hs.Network([hs.Cavity("a", squeezing=0)])
    block = hs.derive(a).diffusion.matrix
    kappa, nbar = real("kappa_a"), sp.Integer(0)
    assert block == sp.diag(kappa * (2 * nbar + 1), kappa * (2 * nbar + 1))
    squeezed = hs.derive(hs.Network([hs.Cavity("a", occupation="n", squeezing="r", squeezing_phase="theta")])).diffusion.matrix
    r, t, n = real("r"), real("theta"), real("n")
    expected = kappa * (2 * n + 1) * sp.Matrix([[sp.cosh(2 * r) - sp.cos(t) * sp.sinh(2 * r), -sp.sin(t) * sp.sinh(2 * r)],
                                               [-sp.sin(t) * sp.sinh(2 * r), sp.cosh(2 * r) + sp.cos(t) * sp.sinh(2 * r)]])
    assert (squeezed - expected).applyfunc(sp.simplify) == sp.zeros(2, 2)


def test_symmetric_is_the_default_damping_model_and_round_trips_through_model_files():
    assert hs.Phonon("b").damping_model == "symmetric"
    network = hs.Network([hs.Phonon("b", damping_model="brownian"), hs.Cavity("a", squeezing=0.3, squeezing_phase=0.2)])
    assert hs.Network.from_data(network.to_data()) == network


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: hs.Phonon("b", damping_model="viscous"), r"b\.damping_model.*unknown damping model 'viscous'.*brownian.*symmetric"),
        (lambda: hs.Cavity("a", squeezing=-0.2), r"a\.squeezing.*>= 0"),
        (lambda: hs.Phonon("b", damping_model="brownian", squeezing=0.5), r"^b: a squeezed bath.*symmetric"),
        (lambda: hs.Cavity("a", squeezing="I"), r"a\.squeezing.*not a finite real number"),
    ],
)
def test_bad_damping_model_or_unphysical_squeezing_is_refused_naming_the_component(make, match):
    with pytest.raises(hs.HybridsysError, match=match):
        make()


def test_bad_damping_model_in_a_model_file_and_negative_squeezing_at_a_point_are_refused():
    text = """
name = "x"
[[modes]]
type = "phonon"
name = "b"
damping_model = "viscous"
[parameters.p]
reference_hz = 1e6
values = { omega_b = 1.0, gamma_b = 0.1, nbar_b = 1.0 }
"""
    with pytest.raises(hs.ModelFileError, match=r"b\.damping_model.*viscous"):
        Model.from_toml(text)
    compiled = hs.compile(hs.Network([hs.Cavity("a", squeezing="r")]))
    with pytest.raises(hs.ParameterError, match=r"'r' is a squeezing and must be >= 0"):
        compiled.diffusion(compiled.parameters({"Delta_a": 0.0, "kappa_a": 1.0, "r": -0.1}))
