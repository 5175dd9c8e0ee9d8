"""Steady covariance, physicality and the entanglement/synchronization measures,
against closed forms and independent computations."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

import hybridsys as hs
from hybridsys.numerics import covariance as cov
from hybridsys import measures


def stable_spec_points(spec_model, spec_compiled, count, seed=0):
    """Random red-detuned spec points and their stable fixed points."""
    rng = np.random.default_rng(seed)
    values = spec_model.values(
        Delta_a=rng.uniform(0.6, 1.4, count), Delta_m=rng.uniform(0.6, 1.4, count), K=rng.uniform(-1e-4, 1e-4, count),
        chi=rng.uniform(0, 0.05, count), nbar_1=rng.uniform(0, 5, count), nbar_2=rng.uniform(0, 5, count),
    )
    params = spec_compiled.parameters(values)
    steady = hs.steady_states(spec_compiled, params)
    first = steady.stable[:, 0]
    return params[first], steady.states[first, 0], steady.covariance[first, 0]


def test_steady_covariance_solves_lyapunov_to_rounding_and_matches_scipy(spec_model, spec_compiled):
    params, states, V = stable_spec_points(spec_model, spec_compiled, 300)
    assert len(params) > 100
    A, D = spec_compiled.drift(params, states), spec_compiled.diffusion(params)
    residual = cov.lyapunov_residual(A, V, D)
    assert residual.max() < 1e-14
    for k in range(0, len(params), 25):
        reference = scipy.linalg.solve_continuous_lyapunov(A[k], -D[k])
        assert np.allclose(V[k], reference, rtol=1e-10, atol=1e-12 * np.abs(reference).max())


def test_steady_covariances_are_physical_and_sq_at_most_one(spec_model, spec_compiled):
    params, states, V = stable_spec_points(spec_model, spec_compiled, 300, seed=1)
    assert np.all(cov.is_physical(V))
    sq = measures.quantum_synchronization(V, 2, 3)
    assert np.all((sq > 0) & (sq <= 1 + 1e-12))


def test_batched_and_single_point_steady_states_agree(spec_model, spec_compiled):
    params, _, _ = stable_spec_points(spec_model, spec_compiled, 40, seed=2)
    batch = hs.steady_states(spec_compiled, params)
    for k in range(0, len(params), 7):
        single = hs.steady_states(spec_compiled, params[k])
        n = int(single.fixed_points.count)
        assert n == batch.fixed_points.count[k]
        assert np.allclose(single.states[:n], batch.states[k, :n], rtol=1e-10, atol=0)
        stable = single.stable[:n]
        assert np.allclose(single.covariance[:n][stable], batch.covariance[k, :n][stable], rtol=1e-10, atol=0)


def test_thermal_damped_mode_has_v_equal_nbar_plus_half():
    network = hs.Network([hs.Cavity("a", occupation="n"), hs.Phonon("b")])
    compiled = hs.compile(network)
    for n in (0.0, 0.3, 7.0):
        params = compiled.parameters({"Delta_a": 0.7, "kappa_a": 0.2, "n": n, "omega_b": 1.0, "gamma_b": 0.01, "nbar_b": 2.5})
        V = hs.covariance_at(compiled, params, np.zeros(4))
        assert np.allclose(V, np.diag([n + 0.5, n + 0.5, 3.0, 3.0]), rtol=1e-13, atol=1e-14)


def test_two_mode_squeezed_vacuum_has_log_negativity_2r():
    for r in (0.0, 0.1, 0.8, 2.0):
        c, s = np.cosh(2 * r) / 2, np.sinh(2 * r) / 2
        Z = np.diag([1.0, -1.0])
        V = np.block([[c * np.eye(2), s * Z], [s * Z, c * np.eye(2)]])
        # det V = 1/16 is computed from entries ~cosh(2r)/2, so rounding grows as cosh(2r)^4
        assert measures.log_negativity(V, 0, 1) == pytest.approx(2 * r, abs=1e-15 * np.cosh(2 * r) ** 4)
        assert cov.uncertainty_margin(V) == pytest.approx(0.0, abs=1e-12)


def test_log_negativity_keeps_its_digits_next_to_the_vacuum():
    """Weakly squeezed vacua have degenerate symplectic eigenvalues ν̃₋ ≈ ν̃₊ ≈ ½, where a
    closed form through √(Σ² − 4 det V) loses half the digits: E_N = 2r to rounding."""
    Z = np.diag([1.0, -1.0])
    for r in (1e-9, 1e-7, 1e-4):
        c, s = np.cosh(2 * r) / 2, np.sinh(2 * r) / 2
        V = np.block([[c * np.eye(2), s * Z], [s * Z, c * np.eye(2)]])
        assert measures.log_negativity(V, 0, 1) == pytest.approx(2 * r, rel=1e-6, abs=1e-15)
    thermal_and_vacuum = np.diag([2.5, 2.5, 0.5, 0.5])
    assert 0.0 <= measures.log_negativity(np.stack([np.eye(4) / 2, thermal_and_vacuum]), 0, 1).max() <= 1e-15


def partial_transpose_negativity(V):
    """E_N a second way: symplectic eigenvalues of the partial transpose as |eig(iΩṼ)|."""
    flip = np.diag([1.0, 1.0, 1.0, -1.0])
    Vt = flip @ V @ flip
    nu = np.abs(np.linalg.eigvals(1j * measures.symplectic_form(2) @ Vt)).min()
    return max(0.0, -np.log(2 * nu))


def test_log_negativity_agrees_with_symplectic_eigenvalues_of_partial_transpose(spec_model, spec_compiled):
    _, _, V = stable_spec_points(spec_model, spec_compiled, 60, seed=3)
    checked = 0
    for k in range(len(V)):
        for i, j in ((0, 3), (1, 2), (2, 3), (0, 1)):
            block = measures.two_mode_block(V[k], i, j)
            assert measures.log_negativity(V[k], i, j) == pytest.approx(partial_transpose_negativity(block), abs=1e-10)
            checked += measures.log_negativity(V[k], i, j) > 0
    assert checked > 0  # some pairs are entangled, so the comparison is not only of zeros


def beam_splitter_network():
    return hs.Network([hs.Cavity("a"), hs.Cavity("c"), hs.BeamSplitter("a", "c"), hs.Drive("a")])


def test_passive_beam_splitter_on_vacuum_gives_no_entanglement():
    compiled = hs.compile(beam_splitter_network())
    params = compiled.parameters({"Delta_a": 0.3, "kappa_a": 0.1, "Delta_c": -0.2, "kappa_c": 0.2, "g_a_c": 0.5, "xi_a": 2.0})
    state = hs.fixed_points(compiled, params).states[0]
    V = hs.covariance_at(compiled, params, state)
    assert np.allclose(V, np.eye(4) / 2, atol=1e-14)
    # V is the vacuum to rounding, and so E_N is zero to rounding (-ln 2ν̃₋ with ν̃₋ = ½ ± 1e-16)
    assert 0.0 <= measures.log_negativity(V, 0, 1) <= 1e-15
    trajectory = hs.simulate(compiled, params, periods=10, initial=hs.InitialState(fluctuations="vacuum"))
    assert np.all(measures.log_negativity(trajectory.covariance, 0, 1) <= 1e-15)


def test_identical_decoupled_vacuum_modes_give_sq_one():
    network = hs.Network([hs.Phonon("b1"), hs.Phonon("b2")])
    compiled = hs.compile(network)
    params = compiled.parameters({"omega_b1": 1.0, "gamma_b1": 0.01, "nbar_b1": 0, "omega_b2": 1.0, "gamma_b2": 0.01, "nbar_b2": 0})
    V = hs.covariance_at(compiled, params, np.zeros(4))
    assert measures.quantum_synchronization(V, 0, 1) == pytest.approx(1.0, abs=1e-14)


def test_uncertainty_margin_flags_unphysical_covariances():
    assert cov.uncertainty_margin(np.eye(2) / 2) == pytest.approx(0.0, abs=1e-15)
    assert cov.uncertainty_margin(np.diag([0.1, 0.1])) < 0
    squeezed = np.diag([np.exp(-2.0) / 2, np.exp(2.0) / 2])
    assert cov.uncertainty_margin(squeezed) == pytest.approx(0.0, abs=1e-12)
    assert not cov.is_physical(np.diag([0.1, 0.1, 1.0, 1.0]))


def test_pack_and_unpack_round_trip():
    rng = np.random.default_rng(0)
    M = rng.normal(size=(3, 6, 6))
    S = M + np.swapaxes(M, -1, -2)
    assert np.array_equal(cov.unpack(cov.pack(S), 6), S)
    assert cov.packed_size(6) == 21


def test_random_networks_steady_states_are_physical():
    from .conftest import random_network, random_values

    rng = np.random.default_rng(21)
    checked = 0
    for n_modes in (2, 3, 4, 5):
        network = random_network(rng, n_modes)
        compiled = hs.compile(network)
        params = compiled.parameters(random_values(compiled, rng, 30))
        steady = hs.steady_states(compiled, params)
        where = steady.stable
        V = steady.covariance[where]
        assert np.all(cov.is_physical(V)) and np.all(steady.residual[where] < 1e-13)
        for i in range(n_modes):
            for j in range(i + 1, n_modes):
                assert np.all(measures.quantum_synchronization(V, i, j) <= 1 + 1e-12)
        checked += len(V)
    assert checked > 20


def test_a_marginal_point_does_not_fail_the_batch():
    compiled = hs.compile(hs.Network([hs.Cavity("a"), hs.Kerr("a"), hs.Drive("a")]))
    params = compiled.parameters({"kappa_a": np.array([0.2, 0.0]), "Delta_a": 1.0, "K_a": -0.01, "xi_a": 2.0})
    steady = hs.steady_states(compiled, params)
    assert list(steady.stable[0]) == [True, False, True] and not np.any(steady.stable[1])
    assert np.all(steady.physical[0] == steady.stable[0])
    state = steady.states[1, 0]
    with pytest.raises(hs.HybridsysError, match="unstable or marginal"):
        hs.covariance_at(compiled, params[1], state)


def test_compiled_and_dense_lyapunov_solvers_agree_and_flag_singular_points():
    """The sparse compiled elimination (numba) against the dense batched LAPACK solve:
    the same V to rounding on random stable drifts of several sizes, NaN for a
    singular operator (a lossless mode, λ + λ* = 0) and for non-finite input."""
    pytest.importorskip("numba")
    rng = np.random.default_rng(5)
    for size in (2, 4, 8):
        drift = rng.normal(size=(200, size, size))
        drift[rng.random(drift.shape) < 0.5] = 0.0  # sparse, like a real drift matrix
        drift -= (np.abs(np.linalg.eigvals(drift).real).max(axis=-1) + 0.1)[:, None, None] * np.eye(size)
        noise = rng.normal(size=(200, size, size))
        diffusion = noise @ np.swapaxes(noise, -1, -2)
        compiled = cov.steady_covariance(drift, diffusion, engine="numba")
        dense = cov.steady_covariance(drift, diffusion, engine="numpy")
        assert np.allclose(compiled, dense, rtol=1e-9, atol=1e-12 * np.abs(dense).max())
        assert cov.lyapunov_residual(drift, compiled, diffusion).max() < 1e-13
    lossless = np.array([[[0.0, 1.0], [-1.0, 0.0]], [[-0.1, 1.0], [-1.0, -0.1]], [[np.nan, 0.0], [0.0, -1.0]]])
    V = cov.steady_covariance(lossless, np.eye(2), engine="numba")
    assert np.all(np.isnan(V[0])) and np.all(np.isfinite(V[1])) and np.all(np.isnan(V[2]))
    with pytest.raises(hs.ParameterError, match="engine"):
        cov.steady_covariance(lossless, np.eye(2), engine="fortran")
