"""A compiled solver for the steady-state Lyapunov equation A V + V Aᵀ + D = 0.

The n(n+1)/2 unknowns of symmetric V obey one linear system L v = -d whose matrix
L is sparse: row (i, j) holds the entries of rows i and j of A only (for the spec's
4 modes, 8 quadratures, 196 nonzeros of 36 × 36, and Gaussian elimination fills in little). The
kernel eliminates with partial pivoting like LAPACK, but each step touches only the
nonzero entries of the pivot row and column, point by point in a compiled loop over
the batch (numba ``prange``). It needs the ``fast`` extra; :func:`available` says.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..compiled.kernels import BatchKernel

try:  # numba is an optional accelerator; covariance.py falls back to a batched numpy solve
    import numba
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None


def available() -> bool:
    return numba is not None


@lru_cache(maxsize=8)
def lyapunov_terms(size: int) -> tuple[np.ndarray, np.ndarray]:
    """How V ↦ A V + V Aᵀ acts on packed symmetric V: L.flat[targets[t]] += A.flat[sources[t]]
    for every t builds the (m × m, m = n(n+1)/2) matrix L of the packed operator."""
    rows, cols = np.triu_indices(size)
    m = rows.size
    position = np.zeros((size, size), dtype=np.int64)
    position[rows, cols] = np.arange(m)
    position[cols, rows] = np.arange(m)
    targets, sources = [], []
    for k in range(size):
        # (A V)_ij = Σ_k A_ik V_kj and (V Aᵀ)_ij = Σ_k A_jk V_ik
        targets += [np.arange(m) * m + position[k, cols], np.arange(m) * m + position[rows, k]]
        sources += [rows * size + k, cols * size + k]
    return np.concatenate(targets).astype(np.int64), np.concatenate(sources).astype(np.int64)


def _solve_point(p, drift, rhs, targets, sources, matrix, b, nonzero, count, rows, out) -> None:
    """Solve L v = rhs[p] for point ``p`` into out[p], with L[targets] += drift[p, sources]
    (flat indices), in the work arrays ``matrix`` (m, m), ``b``, ``count``, ``rows`` (m)
    and ``nonzero`` (m, m). NaN where L is singular (a zero pivot) or not finite.
    Points are indexed, not sliced: views of shared arrays would make the threads
    contend for their reference counts."""
    m = rhs.shape[1]
    matrix[:, :] = 0.0
    flat = matrix.reshape(m * m)
    for t in range(targets.size):
        flat[targets[t]] += drift[p, sources[t]]
    for j in range(m):
        b[j] = rhs[p, j]
    for k in range(m):
        # pivot: the largest |L[i, k]|, i >= k; rows[:found] are the rows with L[i, k] != 0
        pivot, largest, found = k, 0.0, 0
        for i in range(k, m):
            size = abs(matrix[i, k])
            if size != 0.0:
                rows[found] = i
                found += 1
                if size > largest:
                    pivot, largest = i, size
        if not largest > 0.0:  # also catches NaN
            for j in range(m):
                out[p, j] = np.nan
            return
        if pivot != k:
            for j in range(k, m):
                matrix[k, j], matrix[pivot, j] = matrix[pivot, j], matrix[k, j]
            b[k], b[pivot] = b[pivot], b[k]
        n = 0  # row k of U: its nonzero columns j > k are nonzero[k, :count[k]]
        for j in range(k + 1, m):
            if matrix[k, j] != 0.0:
                nonzero[k, n] = j
                n += 1
        count[k] = n
        inverse = 1.0 / matrix[k, k]
        for r in range(found):
            i = rows[r]
            if i == pivot:
                continue
            if i == k:  # swapped into the pivot's place
                i = pivot
            factor = matrix[i, k] * inverse
            for c in range(n):
                matrix[i, nonzero[k, c]] -= factor * matrix[k, nonzero[k, c]]
            b[i] -= factor * b[k]
    for k in range(m - 1, -1, -1):
        total = b[k]
        for c in range(count[k]):
            total -= matrix[k, nonzero[k, c]] * out[p, nonzero[k, c]]
        out[p, k] = total / matrix[k, k]


def _solve_batch(drift, rhs, targets, sources, chunk, out) -> None:
    """Every point of the batch, in chunks of ``chunk`` points that share work arrays."""
    points, m = rhs.shape
    for first in numba.prange((points + chunk - 1) // chunk):
        matrix, b = np.empty((m, m)), np.empty(m)
        nonzero = np.empty((m, m), dtype=np.int64)
        count, rows = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64)
        for p in range(first * chunk, min(points, (first + 1) * chunk)):
            _solve_point(p, drift, rhs, targets, sources, matrix, b, nonzero, count, rows, out)


if numba is not None:
    _solve_point = numba.njit(cache=True, error_model="numpy", inline="always")(_solve_point)
    _solve_batch = BatchKernel(_solve_batch)


def solve_packed(drift: np.ndarray, rhs: np.ndarray, targets: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Packed v with L v = rhs for a batch: ``drift`` (N, n, n), ``rhs`` (N, m); the
    operator L[targets] += A.flat[sources] (see :func:`lyapunov_terms`)."""
    drift = np.ascontiguousarray(drift, dtype=float).reshape(len(drift), -1)
    rhs = np.ascontiguousarray(rhs, dtype=float)
    out = np.empty_like(rhs)
    _solve_batch(len(rhs), drift, rhs, targets, sources, 64, out)
    return out
