"""Routh-Hurwitz: symbolic forms, numeric verdicts, and agreement with eigenvalues."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.symbolic.hurwitz import coefficient_symbols, entry_symbol, hurwitz_determinants, hurwitz_matrix
from hybridsys.numerics.stability import hurwitz_matrices, leverrier_coefficients, stability, verdict_from_drift

from .conftest import random_network, random_values


def test_standard_hurwitz_matrix_keeps_a3_in_delta2_unlike_the_printed_rule():
    a1, a2, a3 = coefficient_symbols(8)[:3]
    assert sp.expand(hurwitz_determinants(8)[1] - (a1 * a2 - a3)) == 0
    assert sp.expand(hurwitz_matrix(8, 2, "printed").det() - a1 * a2) == 0


def test_symbolic_coefficients_of_spec_pattern_equal_numeric_characteristic_polynomial(spec_model, spec_compiled):
    hurwitz = hs.derive(spec_model).hurwitz
    rng = np.random.default_rng(3)
    params = spec_compiled.parameters(random_values(spec_compiled, rng, 5))
    drift = spec_compiled.drift(params, rng.normal(size=(5, 8)))
    for A in drift:
        values = {entry_symbol(i, j): A[i, j] for (i, j) in hurwitz.entries}
        symbolic = np.array([float(c.xreplace(values)) for c in hurwitz.coefficients])
        from_eigenvalues = np.poly(np.linalg.eigvals(A)).real[1:]
        numeric = leverrier_coefficients(A)[0][1:]
        assert np.allclose(symbolic, from_eigenvalues, rtol=1e-9, atol=1e-9)
        assert np.allclose(numeric, symbolic, rtol=1e-12, atol=1e-12)


def test_symbolic_hurwitz_determinants_equal_numeric_lu_determinants():
    rng = np.random.default_rng(4)
    a = np.concatenate([[1.0], rng.normal(size=8)])
    symbolic = [float(d.xreplace(dict(zip(coefficient_symbols(8), a[1:])))) for d in hurwitz_determinants(8)]
    H = hurwitz_matrices(a)
    numeric = [np.linalg.det(H[:k, :k]) for k in range(1, 9)]
    assert np.allclose(symbolic, numeric, rtol=1e-10)


def test_past_ten_by_ten_the_display_gives_the_hurwitz_matrix_whose_minors_decide_stability():
    """The 5-resonator chain's 12×12 A: its expansions would take hours, so the display
    gives θ_12; its leading minors at a_k from the eigenvalues of A (not from
    hybridsys.numerics.stability) are all positive where A is stable and not all where unstable."""
    model = hs.load_model("resonator_chain")
    hurwitz = hs.derive(model).hurwitz
    assert hurwitz.size == 12 and not hurwitz.expanded
    text = str(hurwitz)
    assert "θ_12" in text and "a_1 =" not in text and "Δ_1 =" not in text
    spec = hs.derive(hs.load_model("nonreciprocal_sync")).hurwitz
    assert spec.expanded and "Δ_8 =" in str(spec)  # the spec's 8×8 A is still shown expanded
    compiled = hs.compile(model)
    params = compiled.parameters(model.values(Delta_a=np.array([1.0, -1.0])))  # red sideband cools, blue heats
    drift = compiled.drift(params, hs.fixed_points(compiled, params).states[:, 0])
    growth = []
    for A in drift:
        a = np.poly(np.linalg.eigvals(A)).real
        theta = np.array(hurwitz.matrix.xreplace(dict(zip(coefficient_symbols(12), a[1:]))), dtype=float)
        assert np.array_equal(theta, hurwitz_matrices(a))
        minors_positive = all(np.linalg.det(theta[:k, :k]) > 0 for k in range(1, 13))
        growth.append(np.linalg.eigvals(A).real.max())
        assert minors_positive == (growth[-1] < 0)
    assert growth[0] < 0 < growth[1]


def test_hurwitz_verdict_agrees_with_eigenvalues_on_thousands_of_spec_points(spec_compiled):
    rng = np.random.default_rng(5)
    n = 4000
    params = spec_compiled.parameters(random_values(spec_compiled, rng, n))
    state = rng.normal(size=(n, 8)) * rng.choice([0.1, 1.0, 3.0, 30.0], size=(n, 1))
    drift = spec_compiled.drift(params, state)
    verdict = verdict_from_drift(drift)
    by_eigenvalues = np.linalg.eigvals(drift).real.max(axis=-1) < 0
    assert np.array_equal(verdict.stable, by_eigenvalues)
    assert 500 < verdict.stable.sum() < n - 500, "the sample must hold both stable and unstable points"
    # how many points the determinants decide depends on conditioning: on these wild
    # points (frequencies spread over 1e3) many fall back; on realistic ones few do (below)
    assert np.count_nonzero(verdict.method == "hurwitz") > n // 2


@pytest.mark.parametrize("set_name", ["simulation", "experimental"])
def test_determinants_decide_realistic_points_of_the_shipped_parameter_sets(spec_model, spec_compiled, set_name):
    rng = np.random.default_rng(8)
    n = 2000
    values = spec_model.values(set_name, Delta_a=rng.uniform(-1.3, -0.7, n), K=rng.uniform(-5e-5, 5e-5, n))
    params = spec_compiled.parameters(values)
    state = rng.normal(scale=40.0, size=(n, 8))  # |<a>| ~ xi/kappa ~ 35 at these drives
    drift = spec_compiled.drift(params, state)
    verdict = stability(spec_compiled, params, state)
    assert np.array_equal(verdict.stable, np.linalg.eigvals(drift).real.max(axis=-1) < 0)
    assert verdict.fallback_count < 0.05 * n


def test_single_point_without_batch_axis(spec_model, spec_compiled):
    undamped = hs.compile(hs.Network([hs.Phonon("b", damping=0, occupation=0)]))
    verdict = stability(undamped, undamped.parameters({"omega_b": 1.0}), np.zeros(2))
    assert verdict.stable.shape == () and not verdict.stable and verdict.method == "eigenvalues"
    single = stability(spec_compiled, spec_compiled.parameters(spec_model.values()), np.zeros(8))
    assert single.determinants.shape == (8,)


@pytest.mark.parametrize("seed", range(6))
def test_hurwitz_verdict_agrees_with_eigenvalues_for_random_networks(seed):
    rng = np.random.default_rng(100 + seed)
    compiled = hs.compile(random_network(rng, 2 + seed % 4))
    params = compiled.parameters(random_values(compiled, rng, 500))
    state = rng.normal(size=(500, compiled.size))
    verdict = stability(compiled, params, state)
    assert np.array_equal(verdict.stable, np.linalg.eigvals(compiled.drift(params, state)).real.max(axis=-1) < 0)


def test_marginal_point_falls_back_to_eigenvalues_and_says_so():
    undamped = hs.compile(hs.Network([hs.Phonon("b", damping=0, occupation=0)]))
    verdict = stability(undamped, undamped.parameters({"omega_b": [1.0]}), np.zeros((1, 2)))
    assert verdict.method[0] == "eigenvalues"
    assert not verdict.stable[0]
    assert verdict.max_real_eigenvalue[0] == pytest.approx(0.0, abs=1e-12)


def test_known_stable_and_unstable_companion_matrices():
    def companion(roots):
        coeffs = np.poly(roots).real
        n = len(roots)
        C = np.zeros((n, n))
        C[0, :] = -coeffs[1:]
        C[1:, :-1] = np.eye(n - 1)
        return C

    stable = companion([-1, -2, -0.5 + 3j, -0.5 - 3j, -0.01 + 1j, -0.01 - 1j])
    unstable = companion([-1, -2, -0.5 + 3j, -0.5 - 3j, 0.01 + 1j, 0.01 - 1j])
    verdict = verdict_from_drift(np.stack([stable, unstable]))
    assert verdict.stable.tolist() == [True, False]
    assert verdict.method.tolist() == ["hurwitz", "hurwitz"]
