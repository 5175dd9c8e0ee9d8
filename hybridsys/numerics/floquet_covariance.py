"""The periodic covariance from one period's integration of y = [x, Φ, Q].

Along the orbit, Φ(t) = Φ(t, 0) is the transport of the fluctuations and Q(t) the noise
accumulated from phase 0 (dQ/dt = A Q + Q Aᵀ + D, Q(0) = 0). The periodic covariance at
phase 0 solves the discrete Lyapunov equation V₀ = Φ V₀ Φᵀ + Q with Φ = Φ(T), Q = Q(T)
(by doubling: V ← V + M V Mᵀ, M ← M², which sums Σ Φᵏ Q Φᵏᵀ), and at every phase

    V(t) = Φ(t) V₀ Φ(t)ᵀ + Q(t).

:func:`periodic_covariance` reads the integrator's rows y (points, S + 1, L) directly,
L = 2n + (2n)² + 2n(2n+1)/2 (mean, Φ row by row, Q packed). With numba, from
:func:`~hybridsys.compiled.kernels.worth_compiling` points, one compiled pass per point
does both steps and writes the samples in place, the points split over numba's threads
(:func:`~hybridsys.compiled.kernels.in_parts`); numpy's batched route (fewer points, or
no numba) is the reference it is tested against: they agree to rounding. On the 400
Mari–Eisert points of bench/periodic.py the pass takes 3.0 ms on one thread, where
numpy's batched products, with their copies of Φ(t) and Q(t), took 19 ms.
"""

from __future__ import annotations

import numpy as np

from ..compiled.kernels import in_parts, worth_compiling
from .covariance import _packed_index, unpack

try:  # numba is an optional accelerator; numpy's batched route needs nothing more
    import numba
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None

#: Doubling steps at most (V₀ sums 2^DOUBLINGS periods).
DOUBLINGS = 80


def discrete_lyapunov(monodromy: np.ndarray, noise: np.ndarray, iterations: int = DOUBLINGS) -> np.ndarray:
    """V with V = Φ V Φᵀ + Q, batched, by doubling (V = Σ_k Φᵏ Q Φᵏᵀ); needs every |μ| < 1
    (NaN where the sum does not converge)."""
    V, M = noise.copy(), monodromy.copy()
    with np.errstate(over="ignore", invalid="ignore"):  # a sum that diverges overflows: NaN is its answer
        for _ in range(iterations):
            added = M @ V @ np.swapaxes(M, -1, -2)
            V = V + added
            M = M @ M
            if np.all(np.abs(added).max(axis=(-2, -1)) <= 1e-16 * np.abs(V).max(axis=(-2, -1))):
                return V
        small = np.abs(M).max(axis=(-2, -1)) <= 1e-16
    return np.where(small[..., None, None], V, np.nan)


def periodic_covariance(y: np.ndarray, n: int, rows: np.ndarray, mean: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """Write the orbit's mean and V(t) at the S phases of one period into ``mean[rows]``
    (B, S, n) and ``covariance[rows]`` (B, S, n, n) from the rows ``y`` (len(rows), S + 1, L);
    returns per point whether V₀ converged (NaN covariance where not: an unstable orbit, or
    a multiplier at |μ| ≈ 1)."""
    if numba is not None and worth_compiling(len(rows)):
        converged = np.empty(len(rows), dtype=np.bool_)
        in_parts(_periodic_points, len(rows), np.ascontiguousarray(y), n, np.asarray(rows, dtype=np.int64), _packed_index(n),
                 DOUBLINGS, mean, covariance, converged)
        return converged
    Phi = y[..., n:n + n * n].reshape(y.shape[:2] + (n, n))  # a view: the last axis splits
    noise = unpack(y[..., n + n * n:], n)
    V0 = discrete_lyapunov(Phi[:, -1], noise[:, -1])
    half = np.matmul(Phi[:, :-1], V0[:, None])
    covariance[rows] = half @ np.swapaxes(Phi[:, :-1], -1, -2) + noise[:, :-1]
    mean[rows] = y[:, :-1, :n]
    return np.isfinite(V0).all(axis=(-2, -1))


def _doubling(y, p, n, index, doublings, V, M, added, work) -> bool:
    """V₀ of point ``p`` into V (Φ = M at the period's end), as :func:`discrete_lyapunov`."""
    last, offset = y.shape[1] - 1, n + n * n
    for i in range(n):
        for j in range(n):
            M[i, j] = y[p, last, n + i * n + j]
            V[i, j] = y[p, last, offset + index[i * n + j]]
    for _ in range(doublings):
        for i in range(n):  # work = M V
            for j in range(n):
                total = 0.0
                for k in range(n):
                    total += M[i, k] * V[k, j]
                work[i, j] = total
        grown, largest = 0.0, 0.0
        for i in range(n):  # added = M V Mᵀ, V += added
            for j in range(n):
                total = 0.0
                for k in range(n):
                    total += work[i, k] * M[j, k]
                added[i, j] = total
        for i in range(n):
            for j in range(n):
                V[i, j] += added[i, j]
                size = abs(added[i, j])
                grown = grown if size <= grown else size  # NaN propagates (max() would drop it)
                size = abs(V[i, j])
                largest = largest if size <= largest else size
        for i in range(n):  # M = M²
            for j in range(n):
                total = 0.0
                for k in range(n):
                    total += M[i, k] * M[k, j]
                work[i, j] = total
        M[:, :] = work
        if grown <= 1e-16 * largest:
            return True
    small = 0.0
    for i in range(n):
        for j in range(n):
            size = abs(M[i, j])
            small = small if size <= small else size
    return small <= 1e-16


def _periodic_points(y, n, rows, index, doublings, mean, covariance, converged, first, last) -> None:
    """Points first..last − 1: V₀ by doubling, then mean and V(t) at each phase."""
    phases, offset = y.shape[1] - 1, n + n * n
    V, M = np.empty((n, n)), np.empty((n, n))
    added, work = np.empty((n, n)), np.empty((n, n))
    for p in range(first, last):
        converged[p] = _doubling(y, p, n, index, doublings, V, M, added, work)
        r = rows[p]
        for s in range(phases):
            for i in range(n):
                mean[r, s, i] = y[p, s, i]
            if not converged[p]:
                covariance[r, s] = np.nan
                continue
            for i in range(n):  # work = Φ(t) V₀
                for j in range(n):
                    total = 0.0
                    for k in range(n):
                        total += y[p, s, n + i * n + k] * V[k, j]
                    work[i, j] = total
            for i in range(n):  # V(t) = work Φ(t)ᵀ + Q(t), symmetric
                for j in range(i, n):
                    total = y[p, s, offset + index[i * n + j]]
                    for k in range(n):
                        total += work[i, k] * y[p, s, n + j * n + k]
                    covariance[r, s, i, j] = total
                    covariance[r, s, j, i] = total


if numba is not None:
    _doubling = numba.njit(cache=True, error_model="numpy", inline="always")(_doubling)
    _periodic_points = numba.njit(cache=True, nogil=True, error_model="numpy")(_periodic_points)
