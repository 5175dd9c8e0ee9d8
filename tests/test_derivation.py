"""The symbolic derivation: checked against ERRATA item 1, closed forms and an
independent route (Jacobian of the mean-field flow)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import sympy as sp

import hybridsys as hs
from hybridsys.model import symbols

from .conftest import random_network, random_values


def P(name):
    return symbols.parameter_symbol(name)


def errata_drift(delta_m_shift=0):
    """ERRATA item 1, typed from its text, with Δa → Δa + ΩΛ (S52) for the SagnacDrive."""
    alpha, mu, b1, b2 = (symbols.amplitude(n) for n in ("a", "m", "b1", "b2"))
    ga, gm, K, chi = P("g_a"), P("g_m"), P("K"), P("chi")
    da = P("Delta_a") + P("Omega") * P("Lambda") - 2 * ga * sp.re(b2)
    dm = P("Delta_m") + delta_m_shift - 2 * gm * sp.re(b1) + 4 * K * (sp.re(mu) ** 2 + sp.im(mu) ** 2)
    ka, km, g1, g2, w1, w2 = P("kappa_a"), P("kappa_m"), P("gamma_1"), P("gamma_2"), P("omega_1"), P("omega_2")
    re, im = sp.re, sp.im
    kerr = 2 * K * (re(mu) ** 2 - im(mu) ** 2)
    E = sp.zeros(8, 8)
    E[0, 0], E[0, 1], E[0, 6] = -ka, da, -2 * ga * im(alpha)
    E[1, 0], E[1, 1], E[1, 6] = -da, -ka, 2 * ga * re(alpha)
    E[2, 2], E[2, 3], E[2, 4] = -km + 4 * K * re(mu) * im(mu), dm - kerr, -2 * gm * im(mu)
    E[3, 2], E[3, 3], E[3, 4] = -dm - kerr, -km - 4 * K * re(mu) * im(mu), 2 * gm * re(mu)
    E[4, 4], E[4, 5], E[4, 7] = -g1, w1, -chi
    E[5, 2], E[5, 3], E[5, 4], E[5, 5], E[5, 6] = 2 * gm * re(mu), 2 * gm * im(mu), -w1, -g1, chi
    E[6, 5], E[6, 6], E[6, 7] = -chi, -g2, w2
    E[7, 0], E[7, 1], E[7, 4], E[7, 6], E[7, 7] = 2 * ga * re(alpha), 2 * ga * im(alpha), chi, -w2, -g2
    return E


@pytest.mark.parametrize("convention, shift", [("spec", 0), ("exact", P("K"))])
def test_spec_drift_matrix_equals_errata_item_1_entry_by_entry(spec_model, convention, shift):
    derived = hs.derive(spec_model, convention).drift.in_amplitudes()
    expected = errata_drift(shift)
    assert derived.shape == (8, 8)
    for i in range(8):
        for j in range(8):
            assert sp.expand(derived[i, j] - expected[i, j]) == 0, (i, j, derived[i, j], expected[i, j])


def test_spec_diffusion_matrix_is_s20_with_bath_occupations(spec_model):
    D = hs.derive(spec_model).diffusion.matrix
    expected = sp.diag(
        P("kappa_a"), P("kappa_a"), P("kappa_m"), P("kappa_m"),
        P("gamma_1") * (2 * P("nbar_1") + 1), P("gamma_1") * (2 * P("nbar_1") + 1),
        P("gamma_2") * (2 * P("nbar_2") + 1), P("gamma_2") * (2 * P("nbar_2") + 1),
    )
    assert sp.expand(D - expected) == sp.zeros(8, 8)


def numerical_jacobian(compiled, params, state, step=1e-6):
    """Central finite differences of the compiled mean-field vector field."""
    columns = []
    for k in range(state.shape[-1]):
        shift = np.zeros(state.shape[-1])
        shift[k] = step
        columns.append((compiled.mean_field(params, state + shift) - compiled.mean_field(params, state - shift)) / (2 * step))
    return np.stack(columns, axis=-1)


def assert_drift_is_jacobian(compiled, rng, points=50):
    params = compiled.parameters(random_values(compiled, rng, points))
    state = rng.normal(scale=3.0, size=(points, compiled.size))
    drift = compiled.drift(params, state)
    jac = numerical_jacobian(compiled, params, state)
    scale = np.abs(drift).max(axis=(-1, -2), keepdims=True)
    assert np.max(np.abs(drift - jac) / scale) < 1e-7


@pytest.mark.parametrize("convention", ["exact", "spec"])
def test_drift_equals_jacobian_of_mean_field_for_spec_model(spec_model, convention):
    compiled = hs.compile(spec_model, convention)
    assert_drift_is_jacobian(compiled, np.random.default_rng(1))


@pytest.mark.parametrize("seed", range(12))
def test_drift_equals_jacobian_of_mean_field_for_random_networks(seed):
    rng = np.random.default_rng(seed)
    network = random_network(rng, n_modes=2 + seed % 4)
    assert_drift_is_jacobian(hs.compile(network), rng, points=20)


def test_single_damped_driven_cavity_has_steady_amplitude_xi_over_kappa_plus_i_delta():
    derivation = hs.derive(hs.Network([hs.Cavity("a"), hs.Drive("a")]))
    amp = symbols.amplitude("a")
    (solution,) = sp.solve(derivation.mean_field.amplitudes["a"], amp)
    assert sp.simplify(solution - P("xi_a") / (P("kappa_a") + sp.I * P("Delta_a"))) == 0
    compiled = hs.compile(derivation)
    values = {"Delta_a": 0.3, "kappa_a": 0.7, "xi_a": 2.0}
    alpha = 2.0 / (0.7 + 0.3j)
    state = np.array([np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag])
    assert np.max(np.abs(compiled.mean_field(compiled.parameters(values), state))) < 1e-14


def test_beam_splitter_drift_reproduces_the_exchange_rotation():
    network = hs.Network([hs.Cavity("a", detuning=0, damping=0), hs.Magnon("m", detuning=0, damping=0), hs.BeamSplitter("a", "m", g="g")])
    A = np.array(hs.derive(network).drift.matrix.subs(P("g"), 0.8), dtype=float)
    t = 1.3
    c, s = np.cos(0.8 * t), np.sin(0.8 * t)
    # a(t) = cos(gt) a - i sin(gt) m  =>  X_a -> c X_a + s Y_m,  Y_a -> c Y_a - s X_m
    expected = np.array([[c, 0, 0, s], [0, c, -s, 0], [0, s, c, 0], [-s, 0, 0, c]])
    assert np.allclose(scipy.linalg.expm(A * t), expected, atol=1e-13)


def test_kerr_exact_equation_has_the_extra_minus_i_K_m_term():
    network = hs.Network([hs.Magnon("m"), hs.Kerr("m", K="K")])
    exact = hs.derive(network, "exact").langevin.rhs["m"]
    spec = hs.derive(network, "spec").langevin.rhs["m"]
    m, mdag = symbols.lowering("m"), symbols.raising("m")
    assert sp.expand(exact - spec) == sp.expand(-sp.I * P("K") * m)
    assert sp.expand(spec.coeff(mdag)) == sp.expand(-2 * sp.I * P("K") * m**2)


def test_normal_ordered_derivative_matches_fock_space_commutator():
    """[m, K(m†m)²] = K(2m†m + 1)m, checked with truncated Fock-space matrices."""
    n = 12
    m = np.diag(np.sqrt(np.arange(1, n)), 1)
    number = m.T @ m
    commutator = m @ number @ number - number @ number @ m
    expected = (2 * number + np.eye(n)) @ m
    assert np.allclose(commutator[: n - 2, : n - 2], expected[: n - 2, : n - 2])
    derived = sp.expand(sp.I * hs.derive(hs.Network([hs.Magnon("m"), hs.Kerr("m", K=1)])).langevin.coherent("m"))
    mm, md = symbols.lowering("m"), symbols.raising("m")
    detuning = P("Delta_m") * mm - sp.I * P("kappa_m") * mm
    assert sp.expand(derived - detuning - (2 * md * mm + 1) * mm) == 0


def test_every_drift_entry_knows_which_components_produced_it(spec_model):
    drift = hs.derive(spec_model).drift
    sources = dict(drift.provenance("X_a", "Y_a"))
    assert set(sources) == {"a", "RadiationPressure(a, b2)", "SagnacDrive(a)"}
    assert [label for label, _ in drift.provenance("Y_b2", "X_b1")] == ["Contact(b1, b2)"]
    assert sp.expand(sum(sources.values()) - drift.matrix[0, 1]) == 0
    assert "Kerr(m)" in drift.table()


def test_mass_scales_position_couplings_by_zero_point_motion():
    light = hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.RadiationPressure("a", "b", g="g")])
    heavy = light.replace(hs.Phonon("b", mass=4))
    assert sp.expand(hs.derive(heavy).drift.matrix - hs.derive(light).drift.matrix.subs(P("g"), P("g") / 2)) == sp.zeros(4, 4)


def test_derived_objects_print_as_text_and_latex(spec_model):
    d = hs.derive(spec_model)
    assert "K*m†**2*m**2" in str(d.hamiltonian)
    for obj in (d.hamiltonian, d.langevin, d.mean_field, d.fluctuations, d.drift, d.diffusion, d.hurwitz):
        assert obj._repr_latex_().startswith("$") and len(str(obj)) > 20
    assert "\\langle" in d.drift._repr_latex_() and "a^{\\dagger}" in d.hamiltonian._repr_latex_()


def test_noise_operators_of_subscripted_modes_are_valid_latex(spec_model):
    """b1's input noise is {b_{1}}_{in}, not the double subscript b_{1}_{in}."""
    latex = hs.derive(spec_model.network).langevin._repr_latex_()
    assert "{b_{1}}_{\\mathrm{in}}" in latex and "b_{1}_{" not in latex
    mathtext = pytest.importorskip("matplotlib.mathtext")
    mathtext.MathTextParser("agg").parse("$\\sqrt{2} \\sqrt{\\gamma_{1}} {b_{1}}_{\\mathrm{in}}$")
