"""The faster paths for large networks and for steady-state sweeps agree with the
reference paths (scipy, numpy) they replace: the per-point Schur Lyapunov solve, the
products form of the trajectory flow, the compiled intensity roots, the compiled
Routh–Hurwitz verdict and the eigenvalue verdict past its size limit. Networks: the
spec's and a chain of N phonons cooled by one driven cavity at several N."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.optimize

import hybridsys as hs
from hybridsys.compiled import compiler
from hybridsys.compiled.compiler import CompiledModel, cache_key, generate_sources
from hybridsys.numerics import covariance as cov
from hybridsys.numerics import elimination, hurwitz_kernel, intensity_roots, lapack, stability

from .conftest import random_values

pytest.importorskip("numba")


def chain(n: int) -> hs.Network:
    """N phonons in a row (contact J), the first cooled by a driven cavity (tutorials/04)."""
    return hs.Network(
        [hs.Cavity("a", detuning="Delta_a", damping="kappa_a")]
        + [hs.Phonon(f"b{j}", frequency="omega_m", damping="gamma_m", occupation="nbar_m") for j in range(1, n + 1)]
        + [hs.RadiationPressure("a", "b1", g="g_a"), hs.Drive("a", amplitude="xi_a")]
        + [hs.Contact(f"b{j}", f"b{j + 1}", chi="J") for j in range(1, n)]
    )


def chain_points(compiled, count: int, seed: int = 0) -> np.ndarray:
    values = hs.load_model("resonator_chain").values()
    rng = np.random.default_rng(seed)
    return compiled.parameters({**{k: values[k] for k in compiled.parameter_names}, "Delta_a": rng.uniform(0.9, 1.1, count)})


@pytest.fixture(scope="module", params=[2, 9])
def chain_compiled(request):
    """Chains on both sides of the flow's size limit (6 and 20 quadratures)."""
    return hs.compile(chain(request.param))


def relative(a, b) -> float:
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def test_chain_fixed_point_equals_scipy_root_and_every_lyapunov_engine_equals_scipy(chain_compiled):
    params = chain_points(chain_compiled, 20)
    found = hs.fixed_points(chain_compiled, params)
    assert found.method == "intensity polynomial" and np.all(found.count == 1) and np.all(found.stable[:, 0])
    state = found.states[:, 0]
    zero = np.zeros(chain_compiled.size)
    for k in range(3):
        p = params[k]
        root = scipy.optimize.root(lambda x: chain_compiled.mean_field(p, x), zero, jac=lambda x: chain_compiled.drift(p, x), tol=1e-12)
        assert root.success and relative(state[k], root.x) < 1e-10
    drift, diffusion = chain_compiled.drift(params, state), chain_compiled.diffusion(params)
    reference = np.array([scipy.linalg.solve_continuous_lyapunov(drift[k], -diffusion[k]) for k in range(len(params))])
    for engine in (None, "numba", "schur", "numpy"):
        assert relative(cov.steady_covariance(drift, diffusion, engine=engine), reference) < 1e-10, engine


def scipy_covariances(drift, diffusion) -> np.ndarray:
    return np.array([scipy.linalg.solve_continuous_lyapunov(drift[k], -diffusion[k]) for k in range(len(drift))])


def test_fixed_order_elimination_equals_scipy_on_the_spec_and_on_brownian_phonons(spec_model, spec_compiled):
    """The elimination in one order for the batch (several points in SIMD lanes) against
    scipy point by point: the spec's stable points over its (Δa, Δm) plane, and Vitali
    2007, whose Brownian phonon has a zero on the drift's diagonal. Almost every point
    passes the backward-error check (the order holds), and each one that does not is
    solved again with pivoting."""
    rng = np.random.default_rng(11)
    values = spec_model.values(Delta_a=rng.uniform(-1.5, 1.5, 600), Delta_m=rng.uniform(-1.5, 1.5, 600),
                               K=rng.uniform(-1e-4, 1e-4, 600), nbar_1=rng.uniform(0, 5, 600))
    params = spec_compiled.parameters(values)
    found = hs.fixed_points(spec_compiled, params)
    stable = found.stable[:, 0]
    vitali = hs.compile(hs.load_model("vitali2007"))
    vitali_params = vitali.parameters(hs.load_model("vitali2007").values(nbar_b=rng.uniform(0, 5e4, 100)))
    vitali_state = hs.fixed_points(vitali, vitali_params).states[:, 0]
    for compiled, points, state in ((spec_compiled, params[stable], found.states[stable, 0]), (vitali, vitali_params, vitali_state)):
        drift, diffusion = compiled.drift(points, state), compiled.diffusion(points)
        plan = elimination.pattern_plan(drift)
        V, failed = elimination.solve(drift, diffusion, plan)
        reference = scipy_covariances(drift, diffusion)
        assert len(drift) > 50 and np.mean(failed) < 0.05
        assert relative(V[~failed], reference[~failed]) < 1e-10
        assert relative(cov.steady_covariance(drift, diffusion, engine="numba"), reference) < 1e-10
    assert np.any(np.diagonal(drift, axis1=-2, axis2=-1) == 0.0)  # Vitali's Brownian phonon


def test_a_point_where_the_fixed_order_meets_a_zero_pivot_is_solved_with_pivoting():
    """L = [[2a, 2b, 0], [c, a + d, b], [0, 2c, 2d]] for A = [[a, b], [c, d]]; the order
    chosen at A = [[-1, 0.5], [-0.5, -2]] keeps the diagonal, and at A = [[-1, 2], [1, -1]]
    the second pivot, (a + d) - 2bc / 2a, is zero."""
    chosen = elimination.plan(np.ones((2, 2), dtype=bool), np.array([[-1.0, 0.5], [-0.5, -2.0]]))
    drift = np.array([[[-1.0, 2.0], [1.0, -1.0]], [[-1.0, 0.5], [-0.5, -2.0]]])
    diffusion = np.array([np.eye(2), np.eye(2)])
    _, failed = elimination.solve(drift, diffusion, chosen)
    assert list(failed) == [True, False]
    assert relative(cov.steady_covariance(drift, diffusion, engine="numba"), scipy_covariances(drift, diffusion)) < 1e-12


def test_schur_engine_equals_scipy_on_random_sparse_drifts_and_is_nan_where_singular():
    rng = np.random.default_rng(3)
    for size in (1, 3, 8, 20):
        drift = rng.normal(size=(50, size, size))
        drift[rng.random(drift.shape) < 0.6] = 0.0
        drift -= (np.abs(np.linalg.eigvals(drift).real).max(axis=-1) + 0.1)[:, None, None] * np.eye(size)
        noise = rng.normal(size=(50, size, size))
        diffusion = noise @ np.swapaxes(noise, -1, -2)
        reference = np.array([scipy.linalg.solve_continuous_lyapunov(drift[k], -diffusion[k]) for k in range(50)])
        assert relative(cov.steady_covariance(drift, diffusion, engine="schur"), reference) < 1e-10
        assert np.allclose(lapack.max_real_eigenvalue(drift), np.linalg.eigvals(drift).real.max(axis=-1), rtol=1e-12, atol=1e-12)
    lossless = np.array([[[0.0, 1.0], [-1.0, 0.0]], [[-0.1, 1.0], [-1.0, -0.1]], [[np.nan, 0.0], [0.0, -1.0]]])
    V = cov.steady_covariance(lossless, np.eye(2), engine="schur")
    assert np.all(np.isnan(V[0])) and np.all(np.isfinite(V[1])) and np.all(np.isnan(V[2]))


def test_products_flow_equals_the_scalar_flow_and_its_trajectory_equals_scipy():
    derivation = hs.derive(chain(9))
    products = hs.compile(derivation)
    assert products.size > compiler.FLOW_SCALAR_LIMIT and "def covariance_rate(" in products.flow.source
    previous, compiler.FLOW_SCALAR_LIMIT = compiler.FLOW_SCALAR_LIMIT, 10**6
    try:
        scalar = CompiledModel("scalar-" + cache_key(derivation), generate_sources(derivation))
    finally:
        compiler.FLOW_SCALAR_LIMIT = previous
    assert "def covariance_rate(" not in scalar.flow.source
    params = chain_points(products, 4, seed=1)
    rng = np.random.default_rng(2)
    m = products.size * (products.size + 3) // 2
    for k in range(4):
        y, a, b = rng.normal(size=m), np.empty(m), np.empty(m)
        products.flow.numpy(params[k], y, a)
        scalar.flow.numpy(params[k], y, b)
        assert relative(a, b) < 1e-13
    from hybridsys.numerics.integrator import kernel

    compiled_flow = kernel(products.flow).flow
    compiled_flow(params[3], y, a)
    assert relative(a, b) < 1e-13
    ours = hs.simulate(products, params[:2], periods=3)
    reference = hs.simulate(products, params[:2], periods=3, engine="scipy")
    assert np.all(ours.ok) and np.all(reference.ok)
    assert relative(ours.covariance[:, -1], reference.covariance[:, -1]) < 1e-5  # rtol 1e-6 on both sides
    assert relative(ours.mean[:, -1], reference.mean[:, -1]) < 1e-5


def test_compiled_intensity_roots_give_the_numpy_paths_fixed_points(spec_model, spec_compiled, monkeypatch):
    rng = np.random.default_rng(11)
    n = 3000
    values = spec_model.values(Delta_a=rng.uniform(-3, 3, n), Delta_m=rng.uniform(-3, 3, n), K=rng.uniform(-1e-3, 1e-3, n),
                               xi_a=rng.uniform(0, 3000, n))
    params = spec_compiled.parameters(values)
    compiled = hs.fixed_points(spec_compiled, params)
    monkeypatch.setattr(intensity_roots, "available", lambda: False)
    reference = hs.fixed_points(spec_compiled, params)
    assert np.array_equal(compiled.count, reference.count) and compiled.count.max() >= 3
    width = reference.states.shape[1]
    assert np.array_equal(compiled.stable[:, :width], reference.stable)
    present = np.isfinite(reference.states)
    assert np.array_equal(np.isfinite(compiled.states[:, :width]), present)
    scale = 1 + np.abs(reference.states[present])
    assert np.max(np.abs(compiled.states[:, :width][present] - reference.states[present]) / scale) < 1e-10


def test_compiled_hurwitz_verdict_equals_the_numpy_verdict(spec_compiled, monkeypatch):
    rng = np.random.default_rng(5)
    n = 2000
    params = spec_compiled.parameters(random_values(spec_compiled, rng, n))
    state = rng.normal(size=(n, 8)) * rng.choice([0.1, 1.0, 3.0, 30.0], size=(n, 1))
    drift = spec_compiled.drift(params, state)
    compiled = stability.verdict_from_drift(drift)
    monkeypatch.setattr(hurwitz_kernel, "available", lambda: False)
    reference = stability.verdict_from_drift(drift)
    assert np.array_equal(compiled.stable, reference.stable) and np.array_equal(compiled.method, reference.method)
    assert np.array_equal(compiled.stable, np.linalg.eigvals(drift).real.max(axis=-1) < 0)
    sure = reference.method == "hurwitz"
    assert np.array_equal(np.sign(compiled.determinants[sure]), np.sign(reference.determinants[sure]))
    undecided = ~sure
    assert np.allclose(compiled.max_real_eigenvalue[undecided], reference.max_real_eigenvalue[undecided], rtol=1e-10, atol=1e-12)


def test_past_the_hurwitz_limit_the_eigenvalues_decide_every_point():
    rng = np.random.default_rng(7)
    size = stability.HURWITZ_LIMIT + 2
    drift = rng.normal(size=(200, size, size)) - rng.uniform(3.0, 6.0, size=(200, 1, 1)) * np.eye(size)
    verdict = stability.verdict_from_drift(drift)
    assert np.all(verdict.method == "eigenvalues") and np.all(np.isnan(verdict.determinants))
    assert np.array_equal(verdict.stable, np.linalg.eigvals(drift).real.max(axis=-1) < 0)
    assert 20 < verdict.stable.sum() < 180, "the sample must hold both stable and unstable matrices"
