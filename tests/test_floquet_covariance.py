"""The periodic covariance from one period's rows y = [x, Φ, Q]: numpy's batched route
and the compiled pass against a closed form, and against each other."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm, solve_continuous_lyapunov

from hybridsys.numerics import floquet_covariance
from hybridsys.numerics.covariance import pack

pytest.importorskip("numba")


def constant_drift_rows(points: int, n: int = 4, phases: int = 6, seed: int = 3):
    """Rows y of one period for constant stable drifts A with diffusion D: Φ(t) = e^{At},
    and the noise accumulated from 0, Q(t) = V∞ − Φ(t) V∞ Φ(t)ᵀ (V∞ the steady state,
    A V∞ + V∞ Aᵀ + D = 0). The periodic covariance is V∞ at every phase."""
    rng = np.random.default_rng(seed)
    period = 1.3
    y = np.empty((points, phases + 1, n + n * n + n * (n + 1) // 2))
    steady = np.empty((points, n, n))
    for b in range(points):
        A = rng.standard_normal((n, n))
        A -= (np.linalg.eigvals(A).real.max() + rng.uniform(0.2, 1.0)) * np.eye(n)
        G = rng.standard_normal((n, n))
        steady[b] = solve_continuous_lyapunov(A, -(G @ G.T))
        for s, t in enumerate(np.linspace(0, period, phases + 1)):
            Phi = expm(A * t)
            y[b, s] = np.concatenate([rng.standard_normal(n), Phi.ravel(), pack(steady[b] - Phi @ steady[b] @ Phi.T)])
    return y, steady


@pytest.mark.parametrize("points", [5, 40])  # numpy's batched route, then the compiled pass
def test_a_constant_drift_has_the_steady_covariance_at_every_phase(points):
    y, steady = constant_drift_rows(points)
    n, phases = 4, y.shape[1] - 1
    mean, covariance = np.full((points + 2, phases, n), 7.0), np.full((points + 2, phases, n, n), 7.0)
    rows = np.arange(points) + 2  # written in place at these rows, the others left alone
    converged = floquet_covariance.periodic_covariance(y, n, rows, mean, covariance)
    assert converged.all()
    scale = np.abs(steady).max(axis=(-2, -1))[:, None, None, None]
    assert np.abs(covariance[2:] - steady[:, None]).max(axis=(-2, -1)).max() <= 1e-12 * scale.max()
    assert np.array_equal(mean[2:], y[:, :-1, :n]) and np.all(mean[:2] == 7.0) and np.all(covariance[:2] == 7.0)


def test_the_compiled_pass_agrees_with_numpy_and_marks_a_sum_that_does_not_converge():
    """A point whose Φ(T) is a rotation (|μ| = 1): Σ Φᵏ Q Φᵏᵀ does not converge, NaN there."""
    y, _ = constant_drift_rows(20, seed=5)
    n, phases = 4, y.shape[1] - 1
    angle = 0.7
    rotation = np.kron(np.eye(2), [[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    y[7, -1, n:n + n * n] = rotation.ravel()
    compiled = np.empty((20, phases, n, n))  # 20 points: the compiled pass
    compiled_converged = floquet_covariance.periodic_covariance(y, n, np.arange(20), np.empty((20, phases, n)), compiled)
    mean, covariance = np.empty((20, phases, n)), np.empty((20, phases, n, n))
    numpy_converged = np.concatenate([  # numpy's route: parts of fewer points than compiling needs
        floquet_covariance.periodic_covariance(y[k:k + 5], n, np.arange(k, k + 5), mean, covariance) for k in range(0, 20, 5)])
    assert np.array_equal(compiled_converged, numpy_converged) and list(np.flatnonzero(~compiled_converged)) == [7]
    assert np.isnan(compiled[7]).all() and np.isnan(covariance[7]).all()
    others = np.arange(20) != 7
    assert np.allclose(compiled[others], covariance[others], rtol=1e-12, atol=0)
