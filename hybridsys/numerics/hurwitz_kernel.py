"""The Routh–Hurwitz verdict of :mod:`hybridsys.numerics.stability`, compiled: the same
steps (Faddeev–LeVerrier coefficients with their rounding bounds, rescaled Hurwitz
determinants by LU, a sign decided when σ_min(H_k) exceeds the perturbation's norm
(first tested with two lower bounds of σ_min, |det H_k|/‖H_k‖_F^(k-1) and 1/‖H_k⁻¹‖_F
from the same LU, the singular values computed only where both fall short),
the eigenvalues of A where no sign is decided), point by point in a numba loop over
the batch instead of numpy over (batch, n, n) arrays. Used by
:func:`hybridsys.numerics.stability.verdict_from_drift` for finite input when numba
is installed; :func:`available` says.
"""

from __future__ import annotations

import numpy as np

from ..compiled.kernels import BatchKernel
from . import lapack

try:  # numba is an optional accelerator
    import numba
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None

EPS = np.finfo(float).eps


def available() -> bool:
    return numba is not None and lapack.available()


def _determinant(block, k, work):
    """det of block[:k, :k] by LU with partial pivoting (as LAPACK's getrf)."""
    for i in range(k):
        for j in range(k):
            work[i, j] = block[i, j]
    det = 1.0
    for c in range(k):
        pivot, largest = c, abs(work[c, c])
        for r in range(c + 1, k):
            if abs(work[r, c]) > largest:
                pivot, largest = r, abs(work[r, c])
        if largest == 0.0:
            return 0.0
        if pivot != c:
            for j in range(k):
                work[c, j], work[pivot, j] = work[pivot, j], work[c, j]
            det = -det
        det *= work[c, c]
        inverse = 1.0 / work[c, c]
        for r in range(c + 1, k):
            factor = work[r, c] * inverse
            work[r, c] = factor  # L below the diagonal, U on and above it
            if factor != 0.0:
                for j in range(c + 1, k):
                    work[r, j] -= factor * work[c, j]
    return det


def _inverse_norm(work, k, column):
    """‖H⁻¹‖_F from the LU factors of H in work[:k, :k] (row swaps only permute the
    columns of H⁻¹, which leaves the norm alone)."""
    total = 0.0
    for e in range(k):
        for i in range(k):  # L y = e_e
            value = 1.0 if i == e else 0.0
            for j in range(i):
                value -= work[i, j] * column[j]
            column[i] = value
        for i in range(k - 1, -1, -1):  # U x = y
            value = column[i]
            for j in range(i + 1, k):
                value -= work[i, j] * column[j]
            column[i] = value / work[i, i]
            total += column[i] ** 2
    return np.sqrt(total)


def _verdict_point(drift, rounding, coefficients, determinants, decided):
    """One point: fills coefficients (n + 1), determinants and decided (n); returns
    0 (stable), 1 (clearly unstable) or 2 (undecided)."""
    n = drift.shape[0]
    columns = np.empty((n, n), dtype=np.int64)  # the nonzero columns of each row of A
    count = np.zeros(n, dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if drift[i, j] != 0.0:
                columns[i, count[i]] = j
                count[i] += 1
    product, product_abs = np.zeros((n, n)), np.zeros((n, n))
    after, after_abs = np.empty((n, n)), np.empty((n, n))
    scale = np.empty(n + 1)
    coefficients[0], scale[0] = 1.0, 1.0
    for k in range(1, n + 1):
        for i in range(n):
            product[i, i] += coefficients[k - 1]
            product_abs[i, i] += scale[k - 1]
        after[:, :] = 0.0  # A M and |A| M', over the nonzeros of A only
        after_abs[:, :] = 0.0
        for i in range(n):
            for t in range(count[i]):
                c = columns[i, t]
                value, size = drift[i, c], abs(drift[i, c])
                for j in range(n):
                    after[i, j] += value * product[c, j]
                    after_abs[i, j] += size * product_abs[c, j]
        product, after = after, product
        product_abs, after_abs = after_abs, product_abs
        trace, trace_abs = 0.0, 0.0
        for i in range(n):
            trace += product[i, i]
            trace_abs += product_abs[i, i]
        coefficients[k] = -trace / k
        scale[k] = trace_abs / k
    s = 0.0
    for k in range(1, n + 1):
        s = max(s, abs(coefficients[k]) ** (1.0 / k))
    if not s > 0.0:
        s = 1.0
    scaled = np.empty(n + 1)
    error = np.empty(n + 1)
    for k in range(n + 1):
        scaled[k] = coefficients[k] / s**k
        error[k] = rounding * (n + 2) * EPS * scale[k] / s**k
    full = np.zeros((n, n))
    bound = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            index = 2 * (i + 1) - (j + 1)
            if 0 <= index <= n:
                full[i, j] = scaled[index]
                bound[i, j] = error[index]
    work = np.empty((n, n))
    column = np.empty(n)
    negative, positive = False, True
    for k in range(1, n + 1):
        size, spread = 0.0, 0.0
        for i in range(k):
            for j in range(k):
                size += full[i, j] ** 2
                spread += bound[i, j] ** 2
        size, spread = np.sqrt(size), np.sqrt(spread)
        perturbation = spread + rounding * k * EPS * size
        det = _determinant(full, k, work)
        sure = abs(det) > perturbation * size ** (k - 1)
        if not sure and det != 0.0:  # σ_min >= 1/‖H⁻¹‖_F: a closer bound from the same LU
            sure = 1.0 / _inverse_norm(work, k, column) > perturbation
        if not sure:
            sure = np.linalg.svd(full[:k, :k].copy())[1][k - 1] > perturbation
        determinants[k - 1] = det
        decided[k - 1] = sure
        negative = negative or (sure and det < 0)
        positive = positive and sure and det > 0
    if negative:
        return 1
    return 0 if positive else 2


def _verdict_batch(drift, rounding, coefficients, determinants, decided, stable, undecided, max_real):
    for p in numba.prange(drift.shape[0]):
        n = drift.shape[1]
        outcome = _verdict_point(drift[p], rounding, coefficients[p], determinants[p], decided[p])
        stable[p] = outcome == 0
        undecided[p] = outcome == 2
        if outcome == 2:
            t = drift[p].T.copy().T
            wr, wi, u = np.empty(n), np.empty(n), np.empty((1, 1))
            lapack._schur(t, False, u, wr, wi)
            max_real[p] = wr.max()
            margin = rounding * n * EPS * np.abs(drift[p]).max()
            stable[p] = max_real[p] < -margin


if numba is not None:
    _determinant = numba.njit(cache=True)(_determinant)
    _inverse_norm = numba.njit(cache=True)(_inverse_norm)
    _verdict_point = numba.njit(cache=True)(_verdict_point)
    _verdict_batch = BatchKernel(_verdict_batch)


def verdict(drift: np.ndarray, rounding: float):
    """(stable, undecided, coefficients a_0..a_n, determinants, max_real) for finite
    drift matrices (N, n, n); max_real is NaN where the determinants decided."""
    drift = np.ascontiguousarray(drift, dtype=float)
    count, n = drift.shape[0], drift.shape[-1]
    coefficients, determinants = np.empty((count, n + 1)), np.empty((count, n))
    decided = np.empty((count, n), dtype=np.bool_)
    stable, undecided = np.empty(count, dtype=np.bool_), np.empty(count, dtype=np.bool_)
    max_real = np.full(count, np.nan)
    _verdict_batch(count, drift, float(rounding), coefficients, determinants, decided, stable, undecided, max_real)
    return stable, undecided, coefficients, determinants, max_real
