"""The steady-state Lyapunov equation A V + V Aᵀ + D = 0 for a batch that shares one
sparsity pattern, by Gaussian elimination in an order fixed once for the batch.

The n(n+1)/2 unknowns of symmetric V obey L v = -d, with L the packed operator of
V ↦ A V + V Aᵀ (:func:`hybridsys.numerics.lyapunov.lyapunov_terms`). Every point of
a sweep has the same pattern of nonzeros in A, hence in L. So the expensive decisions
are taken once, on one point of the batch: a fill-reducing order (SuperLU's COLAMD or
a reverse Cuthill–McKee order, whichever fills in less) and a threshold-pivoted row
order (SuperLU, ``scipy.sparse.linalg.splu``). Replaying the
elimination those orders define is then a fixed list of multiply-adds, which a compiled
kernel runs on :data:`LANES` points at once, one point per SIMD lane.

A fixed pivot order can be poor at another point of the batch. So every point's
solution is checked: its componentwise backward error (Oettli–Prager),
max_r |L v - b|_r / (|L| |v| + |b|)_r, must be below :data:`BACKWARD_ERROR`; a point
that fails (or has a zero pivot) is flagged for the caller to solve with the pivoted
kernel (:mod:`hybridsys.numerics.lyapunov`).
"""

from __future__ import annotations

import attrs
import numpy as np

from ..compiled.kernels import BatchKernel
from .lyapunov import lyapunov_terms, numba

#: Points solved together, one per SIMD lane (measured on the spec and the chain of
#: bench/scaling.py: 64 beats 16 and 32, also where the work arrays outgrow the cache).
LANES = 64

#: Largest componentwise backward error accepted from the fixed-order elimination. On
#: 665 stable points of the spec's (Δa, Δm) plane it gave 2.7e-15 (median) and 3.2e-14
#: (largest); a point past this has met a small pivot and is solved again with pivoting.
BACKWARD_ERROR = 1e-13

#: Multiply-adds (points × plan) below which one thread solves the batch (about 1 ms):
#: waking a second thread saves less than that, and on a busy machine, where the other
#: core is taken, waiting for it costs a whole time slice (measured: 4–8 ms).
SERIAL_WORK = 2_500_000

#: SuperLU's threshold for keeping the diagonal as pivot (1 is partial pivoting):
#: lower keeps the fill-reducing order, at the price of smaller pivots.
PIVOT_THRESHOLD = 0.1


@attrs.frozen(eq=False)
class EliminationPlan:
    """A fixed elimination of the packed Lyapunov operator of one pattern of A (n × n),
    as flat integer arrays (m = n(n+1)/2 unknowns, ``slots`` stored entries of the
    permuted operator after fill-in):

    * loading: slot ``load_slot[t]`` += A.flat[``load_source[t]``], and row
      ``load_row[t]``, column ``load_column[t]`` of the *unpermuted* operator (for the
      residual);
    * step k: the pivot is slot ``pivot[k]``; rows ``row_ptr[k]:row_ptr[k+1]`` of
      (``factor_slot``, ``factor_row``) are eliminated, each by the updates
      ``update_ptr[r]:update_ptr[r+1]`` of (``update_target``, ``update_source``);
    * back substitution: row k of U is ``upper_ptr[k]:upper_ptr[k+1]`` of
      (``upper_slot``, ``upper_column``);
    * ``rhs_row[r]``: the permuted row of unpermuted row r; ``unknown[c]``: the permuted
      column of unknown c; ``entry[c]``, ``mirror[c]``: where unknown c (packed V,
      ``numpy.triu_indices`` order) sits in V.flat, above and below the diagonal.
    """

    size: int
    slots: int
    load_slot: np.ndarray
    load_source: np.ndarray
    load_row: np.ndarray
    load_column: np.ndarray
    pivot: np.ndarray
    row_ptr: np.ndarray
    factor_slot: np.ndarray
    factor_row: np.ndarray
    update_ptr: np.ndarray
    update_target: np.ndarray
    update_source: np.ndarray
    upper_ptr: np.ndarray
    upper_slot: np.ndarray
    upper_column: np.ndarray
    rhs_row: np.ndarray
    unknown: np.ndarray
    entry: np.ndarray
    mirror: np.ndarray

    @property
    def updates(self) -> int:
        """Multiply-adds a point (the cost of the elimination)."""
        return int(self.update_target.size)

    def arrays(self) -> tuple[np.ndarray, ...]:
        """The integer arrays, in the kernel's order."""
        return tuple(getattr(self, f.name) for f in attrs.fields(EliminationPlan)[2:])


def _pointers(lists) -> np.ndarray:
    """Offsets of consecutive lists in their concatenation (CSR style)."""
    return np.concatenate([[0], np.cumsum([len(x) for x in lists])]).astype(np.int64)


def _join(lists) -> np.ndarray:
    return np.concatenate([np.asarray(x, dtype=np.int64) for x in lists] + [np.zeros(0, np.int64)])


def _operator_terms(pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(targets, sources) of :func:`lyapunov_terms` whose entry of A is in ``pattern``."""
    targets, sources = lyapunov_terms(pattern.shape[0])
    keep = pattern.reshape(-1)[sources]
    return targets[keep], sources[keep]


#: Fill-reducing orders tried for each pattern; the plan with fewer multiply-adds is kept
#: (on the chain of bench/scaling.py, Cuthill–McKee wins: 33,700 against COLAMD's 45,700
#: at 18 quadratures).
ORDERINGS = ("COLAMD", "RCM")


def _orders(targets, sources, drift: np.ndarray, m: int, ordering: str) -> tuple[np.ndarray, np.ndarray]:
    """Row and column permutations of the operator at the point ``drift`` (entry (i, j)
    goes to (perm_r[i], perm_c[j])): SuperLU's threshold pivoting after its own COLAMD
    column order, or after a symmetric reverse Cuthill–McKee order of the pattern."""
    import scipy.sparse.csgraph  # once per pattern; kept out of ``import hybridsys``
    import scipy.sparse.linalg

    rows, columns = np.divmod(targets, m)
    operator = scipy.sparse.csc_matrix((drift.reshape(-1)[sources], (rows, columns)), shape=(m, m))
    operator.sum_duplicates()
    operator.eliminate_zeros()
    if ordering == "COLAMD":
        factors = scipy.sparse.linalg.splu(operator, permc_spec="COLAMD", diag_pivot_thresh=PIVOT_THRESHOLD)
        return factors.perm_r, factors.perm_c
    symmetric = scipy.sparse.csr_matrix((np.ones(2 * rows.size), (np.r_[rows, columns], np.r_[columns, rows])), shape=(m, m))
    order = scipy.sparse.csgraph.reverse_cuthill_mckee(symmetric, symmetric_mode=True)
    factors = scipy.sparse.linalg.splu(operator[order][:, order].tocsc(), permc_spec="NATURAL", diag_pivot_thresh=PIVOT_THRESHOLD)
    perm_r, perm_c = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64)
    perm_r[order], perm_c[order] = factors.perm_r, factors.perm_c
    return perm_r, perm_c


def plan(pattern: np.ndarray, drift: np.ndarray) -> EliminationPlan:
    """The elimination of operators with A's nonzeros in ``pattern`` (n × n booleans),
    its orders chosen at the point ``drift`` (n × n): of :data:`ORDERINGS`, the one with
    the fewest multiply-adds. Raises ``RuntimeError`` (SuperLU) where the operator is
    singular there."""
    targets, sources = _operator_terms(pattern)
    m = pattern.shape[0] * (pattern.shape[0] + 1) // 2
    plans = [_plan_in_order(pattern, targets, sources, *_orders(targets, sources, drift, m, o)) for o in ORDERINGS]
    return min(plans, key=lambda p: p.updates)


def _plan_in_order(pattern, targets, sources, perm_r, perm_c) -> EliminationPlan:
    """The plan that eliminates in the order (perm_r, perm_c), with its fill-in."""
    n = pattern.shape[0]
    m = n * (n + 1) // 2
    rows, columns = np.divmod(targets, m)
    triangle = np.triu_indices(n)
    filled = np.zeros((m, m), dtype=bool)
    filled[perm_r[rows], perm_c[columns]] = True
    below, above = [], []
    for k in range(m):  # symbolic elimination: where the fill-in lands
        lower = k + 1 + np.flatnonzero(filled[k + 1:, k])
        upper = k + 1 + np.flatnonzero(filled[k, k + 1:])
        filled[np.ix_(lower, upper)] = True
        below.append(lower)
        above.append(upper)
    if not np.all(np.diagonal(filled)):
        raise RuntimeError("structurally singular Lyapunov operator")
    slot = np.full((m, m), -1, dtype=np.int64)
    slot[filled] = np.arange(np.count_nonzero(filled))
    factor_slot, factor_row, update_target, update_source, update_ptr = [], [], [], [], [0]
    for k in range(m):
        for i in below[k]:
            factor_slot.append(slot[i, k])
            factor_row.append(i)
            update_target.append(slot[i, above[k]])
            update_source.append(slot[k, above[k]])
            update_ptr.append(update_ptr[-1] + above[k].size)
    return EliminationPlan(
        size=n, slots=int(slot.max()) + 1,
        load_slot=slot[perm_r[rows], perm_c[columns]], load_source=sources, load_row=rows, load_column=columns,
        pivot=slot[np.arange(m), np.arange(m)], row_ptr=_pointers(below),
        factor_slot=np.asarray(factor_slot, dtype=np.int64), factor_row=np.asarray(factor_row, dtype=np.int64),
        update_ptr=np.asarray(update_ptr, dtype=np.int64), update_target=_join(update_target), update_source=_join(update_source),
        upper_ptr=_pointers(above), upper_slot=_join([slot[k, above[k]] for k in range(m)]), upper_column=_join(above),
        rhs_row=np.asarray(perm_r, dtype=np.int64), unknown=np.asarray(perm_c, dtype=np.int64),
        entry=triangle[0] * n + triangle[1], mirror=triangle[1] * n + triangle[0],
    )


def _solve_block(first, drift, diffusion, indices, columns, rhs, work, b, y, inverse, factor, residual, scale, ok, out,
                 failed):
    """Points first … first + lanes - 1 of the batch (the last point repeated to fill
    the block): V into out (points, n²), and failed[p] where its backward error is too
    large or not finite. ``indices``: the plan's :meth:`EliminationPlan.arrays`; the
    other arguments are work arrays, one column per lane."""
    (load_slot, load_source, load_row, load_column, pivot, row_ptr, factor_slot, factor_row, update_ptr, update_target,
     update_source, upper_ptr, upper_slot, upper_column, rhs_row, unknown, entry, mirror) = indices
    points, m, lanes = drift.shape[0], pivot.size, work.shape[1]
    count = min(lanes, points - first)
    for lane in range(lanes):  # the block's A and D as columns, so that the lanes are contiguous
        p = first + min(lane, count - 1)
        for e in range(drift.shape[1]):
            columns[e, lane] = drift[p, e]
        for r in range(m):
            rhs[r, lane] = -diffusion[p, entry[r]]
    work[:, :] = 0.0
    for t in range(load_slot.size):
        s, source = load_slot[t], load_source[t]
        for lane in range(lanes):
            work[s, lane] += columns[source, lane]
    for r in range(m):
        for lane in range(lanes):
            b[rhs_row[r], lane] = rhs[r, lane]
    for k in range(m):
        for lane in range(lanes):
            inverse[k, lane] = 1.0 / work[pivot[k], lane]
        for r in range(row_ptr[k], row_ptr[k + 1]):
            f, i = factor_slot[r], factor_row[r]
            for lane in range(lanes):
                factor[lane] = work[f, lane] * inverse[k, lane]
            for u in range(update_ptr[r], update_ptr[r + 1]):
                target, source = update_target[u], update_source[u]
                for lane in range(lanes):
                    work[target, lane] -= factor[lane] * work[source, lane]
            for lane in range(lanes):
                b[i, lane] -= factor[lane] * b[k, lane]
    for k in range(m - 1, -1, -1):
        for lane in range(lanes):
            factor[lane] = b[k, lane]
        for e in range(upper_ptr[k], upper_ptr[k + 1]):
            s, j = upper_slot[e], upper_column[e]
            for lane in range(lanes):
                factor[lane] -= work[s, lane] * y[j, lane]
        for lane in range(lanes):
            y[k, lane] = factor[lane] * inverse[k, lane]
    for r in range(m):  # Oettli–Prager: |L v - b| <= tolerance (|L| |v| + |b|), row by row
        for lane in range(lanes):
            residual[r, lane] = -rhs[r, lane]
            scale[r, lane] = abs(rhs[r, lane])
    for t in range(load_slot.size):
        r, c, source = load_row[t], unknown[load_column[t]], load_source[t]
        for lane in range(lanes):
            term = columns[source, lane] * y[c, lane]
            residual[r, lane] += term
            scale[r, lane] += abs(term)
    for lane in range(lanes):
        ok[lane] = True
    for r in range(m):
        for lane in range(lanes):
            ok[lane] &= abs(residual[r, lane]) <= BACKWARD_ERROR * scale[r, lane]
    for lane in range(count):
        failed[first + lane] = not ok[lane]
        for c in range(m):
            value = y[unknown[c], lane]
            out[first + lane, entry[c]] = value
            out[first + lane, mirror[c]] = value


def _solve_lanes(drift, diffusion, slots, indices, lanes, out, failed):
    """Every block of ``lanes`` points, the blocks in parallel."""
    size, m = drift.shape[1], indices[4].size
    for block in numba.prange((drift.shape[0] + lanes - 1) // lanes):
        columns, rhs, work = np.empty((size, lanes)), np.empty((m, lanes)), np.empty((slots, lanes))
        b, y, inverse = np.empty((m, lanes)), np.empty((m, lanes)), np.empty((m, lanes))
        factor, residual, scale = np.empty(lanes), np.empty((m, lanes)), np.empty((m, lanes))
        ok = np.empty(lanes, dtype=np.bool_)
        _solve_block(block * lanes, drift, diffusion, indices, columns, rhs, work, b, y, inverse, factor, residual, scale,
                     ok, out, failed)


if numba is not None:
    _solve_block = numba.njit(cache=True, error_model="numpy", inline="always")(_solve_block)
    _solve_lanes = BatchKernel(_solve_lanes)


_PLANS: dict = {}


def pattern_plan(drift: np.ndarray) -> EliminationPlan | None:
    """The plan for the pattern of nonzeros of a batch (points, n, n) over its finite
    points, its orders chosen at the first point with the whole pattern, and kept for
    later batches of the same pattern. None where no point is finite or SuperLU finds
    the operator singular at that point (the pivoted kernel then solves every point)."""
    every = np.isfinite(np.sum(drift))  # a NaN or an infinity anywhere makes the sum one
    finite = np.ones(len(drift), dtype=bool) if every else np.all(np.isfinite(drift), axis=(1, 2))
    if not np.any(finite):
        return None
    nonzero = drift != 0.0
    pattern = np.any(nonzero if every else nonzero[finite], axis=0)
    key = pattern.tobytes()
    if key not in _PLANS:
        whole = finite & np.all(nonzero == pattern, axis=(1, 2))
        representative = drift[np.argmax(whole if np.any(whole) else finite)]
        try:
            _PLANS[key] = plan(pattern, representative)
        except RuntimeError:  # singular at that point
            _PLANS[key] = None
    return _PLANS[key]


def solve(drift: np.ndarray, diffusion: np.ndarray, elimination: EliminationPlan) -> tuple[np.ndarray, np.ndarray]:
    """V with A V + V Aᵀ + D = 0 for a batch ``drift``, ``diffusion`` (N, n, n), and
    which points failed the backward-error check (their V is to be discarded)."""
    points, n = drift.shape[0], drift.shape[-1]
    drift = np.ascontiguousarray(drift, dtype=float).reshape(points, n * n)
    diffusion = np.ascontiguousarray(diffusion, dtype=float).reshape(points, n * n)
    out, failed = np.empty((points, n * n)), np.empty(points, dtype=bool)
    threads = numba.get_num_threads()
    if points * elimination.updates < SERIAL_WORK:
        numba.set_num_threads(1)
    try:
        _solve_lanes(points, drift, diffusion, elimination.slots, elimination.arrays(), LANES, out, failed)
    finally:
        numba.set_num_threads(threads)
    return out.reshape(points, n, n), failed
