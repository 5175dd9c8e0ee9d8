"""Covariance of the fluctuations: its equation of motion (S17), its steady state,
initial states and the physicality check.

Conventions: u = [δX_o1, δY_o1, δX_o2, ...] with X = (δo + δo†)/√2,
Y = i(δo† − δo)/√2, so [X, Y] = i (S22) and the vacuum has V = I/2.
V_kl = ½⟨u_k u_l + u_l u_k⟩ (S16). A symmetric V is stored *packed*: its upper
triangle, row by row (``numpy.triu_indices`` order).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..compiled.kernels import worth_compiling
from ..errors import ParameterError
from ..measures import symplectic_form
from . import elimination, lapack, lyapunov
from .linalg import batched_solve


def packed_size(size: int) -> int:
    """Number of independent entries of a symmetric size × size matrix."""
    return size * (size + 1) // 2


def pack(matrix: np.ndarray) -> np.ndarray:
    """Upper triangle of (batch..., n, n) as (batch..., n(n+1)/2)."""
    rows, cols = np.triu_indices(matrix.shape[-1])
    return matrix[..., rows, cols]


def unpack(packed: np.ndarray, size: int) -> np.ndarray:
    """The symmetric (batch..., n, n) matrix of a packed upper triangle (one gather:
    2.4x faster than writing the two triangles)."""
    return np.take(packed, _packed_index(size), axis=-1).reshape(packed.shape[:-1] + (size, size))


@lru_cache(maxsize=8)
def _packed_index(size: int) -> np.ndarray:
    """Where entry (i, j) of an n × n symmetric matrix sits in its packed upper triangle, row by row."""
    rows, cols = np.triu_indices(size)
    where = np.empty((size, size), dtype=np.intp)
    where[rows, cols] = where[cols, rows] = np.arange(rows.size)
    return where.ravel()


def thermal(occupations: np.ndarray) -> np.ndarray:
    """V of modes in thermal states: diag(n̄ + ½, n̄ + ½) per mode; n̄ = 0 is the vacuum.

    ``occupations`` has shape (batch..., modes).
    """
    occupations = np.asarray(occupations, dtype=float)
    diagonal = np.repeat(occupations + 0.5, 2, axis=-1)
    return diagonal[..., :, None] * np.eye(diagonal.shape[-1])


@lru_cache(maxsize=8)
def _lyapunov_groups(size: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """:func:`~hybridsys.numerics.lyapunov.lyapunov_terms` in groups whose targets are
    distinct, so that one vectorized addition applies each group to a whole batch."""
    targets, sources = lyapunov.lyapunov_terms(size)
    groups = []
    while targets.size:
        first = np.unique(targets, return_index=True)[1]
        groups.append((targets[first], sources[first]))
        keep = np.ones(targets.size, dtype=bool)
        keep[first] = False
        targets, sources = targets[keep], sources[keep]
    return tuple(groups)


def _lyapunov_operator(drift: np.ndarray) -> np.ndarray:
    """The matrix L of V ↦ A V + V Aᵀ on packed symmetric V, shape (batch, m, m)."""
    size = drift.shape[-1]
    m = size * (size + 1) // 2
    flat = drift.reshape(drift.shape[:-2] + (size * size,))
    operator = np.zeros(drift.shape[:-2] + (m * m,))
    for targets, sources in _lyapunov_groups(size):
        operator[..., targets] += flat[..., sources]
    return operator.reshape(drift.shape[:-2] + (m, m))


#: The default engine: the sparse elimination where its plan costs at most
#: ELIMINATION_LIMIT multiply-adds a point, the per-point Schur solve where it costs more
#: (it fills in) or where A has more than SPARSE_LIMIT rows (planning alone would take
#: seconds). Measured on the chain of bench/scaling.py (2 threads, load 1.5): 33,700
#: multiply-adds (18 quadratures) 11 µs a point against Schur's 51; 258,000 (30) 77
#: against 145; 399,000 (34) 182 against 402; 932,000 (42) 950 against 613.
ELIMINATION_LIMIT = 500_000
SPARSE_LIMIT = 40

#: Past this many rows of A a batch too small to compile for still takes the Schur
#: kernel: numpy's dense operator has (n(n+1)/2)² entries a point.
DENSE_LIMIT = 24

ENGINES = ("numba", "schur", "numpy")


def steady_covariance(drift: np.ndarray, diffusion: np.ndarray, chunk: int = 256, engine: str | None = None) -> np.ndarray:
    """The V solving A V + V Aᵀ + D = 0 (steady state of (S17)) for a batch of
    Hurwitz-stable drift matrices (batch..., n, n). ``engine``: ``"numba"`` solves one
    linear system for the n(n+1)/2 unknowns of symmetric V per point by sparse
    elimination: in one order fixed for the batch, several points at once in SIMD lanes
    (:mod:`hybridsys.numerics.elimination`), and where that order's backward error is too
    large, with partial pivoting point by point (:mod:`hybridsys.numerics.lyapunov`);
    ``"schur"`` runs Bartels–Stewart per point (real Schur form of A, triangular
    Sylvester solve; LAPACK called from a compiled loop, :mod:`hybridsys.numerics.lapack`),
    which does not fill in and wins for large networks; ``"numpy"`` builds the
    dense operators in chunks of ``chunk`` points for one batched LAPACK solve. The
    default (None) picks ``"numba"`` or ``"schur"`` by the elimination's cost
    (:data:`ELIMINATION_LIMIT`), and ``"numpy"`` without numba or for a batch too small
    to compile for (:func:`~hybridsys.compiled.kernels.worth_compiling`, up to
    :data:`DENSE_LIMIT` rows). Stability is the
    caller's business: at an unstable point the solution exists but is no steady
    state. Where the equation is singular (eigenvalues with λi + λj = 0, e.g. a
    lossless mode) V is NaN."""
    size = np.shape(drift)[-1]
    points = int(np.prod(np.broadcast_shapes(np.shape(drift)[:-2], np.shape(diffusion)[:-2])))
    if engine is None and (not lyapunov.available() or (not worth_compiling(points) and size <= DENSE_LIMIT)):
        engine = "numpy"
    if engine not in ENGINES + (None,):
        raise ParameterError(f"unknown engine {engine!r} for the steady covariance; choose one of {ENGINES}")
    if engine in ("numba", "schur") and not lyapunov.available():
        raise ParameterError(f"engine {engine!r} needs numba: pip install 'hybridsys[fast]'")
    drift = np.asarray(drift, dtype=float)
    batch = np.broadcast_shapes(drift.shape[:-2], np.shape(diffusion)[:-2])
    drift = np.broadcast_to(drift, batch + (size, size)).reshape(-1, size, size)
    plan = elimination.pattern_plan(drift) if engine == "numba" or (engine is None and size <= SPARSE_LIMIT) else None
    if engine is None:
        engine = "numba" if plan is not None and plan.updates <= ELIMINATION_LIMIT else "schur"
    diffusion = np.broadcast_to(np.asarray(diffusion, dtype=float), batch + (size, size)).reshape(-1, size, size)
    if engine == "schur":
        return lapack.lyapunov(drift, diffusion).reshape(batch + (size, size))
    if engine == "numba":
        return _eliminate(drift, diffusion, plan).reshape(batch + (size, size))
    rhs = -pack(diffusion)
    packed = np.empty(rhs.shape)
    for start in range(0, len(rhs), chunk):
        part = slice(start, start + chunk)
        packed[part] = batched_solve(_lyapunov_operator(drift[part]), rhs[part])
    return unpack(packed, size).reshape(batch + (size, size))


def _eliminate(drift: np.ndarray, diffusion: np.ndarray, plan: elimination.EliminationPlan | None) -> np.ndarray:
    """The ``"numba"`` engine: the elimination ``plan`` for the batch's pattern
    (:mod:`hybridsys.numerics.elimination`), and the pivoted kernel
    (:mod:`hybridsys.numerics.lyapunov`) at the points where that order fails (every
    point where there is no plan)."""
    size = drift.shape[-1]
    if plan is None:
        failed = np.ones(len(drift), dtype=bool)
        covariance = np.empty(drift.shape)
    else:
        covariance, failed = elimination.solve(drift, diffusion, plan)
    if np.any(failed):
        packed = lyapunov.solve_packed(drift[failed], -pack(diffusion[failed]), *lyapunov.lyapunov_terms(size))
        covariance[failed] = unpack(packed, size)
    return covariance


def lyapunov_residual(drift: np.ndarray, covariance: np.ndarray, diffusion: np.ndarray) -> np.ndarray:
    """‖A V + V Aᵀ + D‖ / (2‖A‖‖V‖ + ‖D‖) (Frobenius norms), per point: rounding is ~1e-16."""
    product = drift @ covariance
    residual = product + np.swapaxes(product, -1, -2) + diffusion
    norm = lambda m: np.linalg.norm(m, axis=(-2, -1))  # noqa: E731
    return norm(residual) / (2 * norm(drift) * norm(covariance) + norm(diffusion))


def uncertainty_margin(covariance: np.ndarray) -> np.ndarray:
    """Smallest eigenvalue of V + iΩ/2, per point. A physical state has it >= 0
    (the uncertainty principle; equivalently every symplectic eigenvalue >= ½).
    NaN where V is not finite (e.g. after a failed integration)."""
    covariance = np.asarray(covariance, dtype=float)
    omega = symplectic_form(covariance.shape[-1] // 2)
    finite = np.all(np.isfinite(covariance), axis=(-2, -1))
    margin = np.full(finite.shape, np.nan)
    margin[finite] = np.linalg.eigvalsh(covariance[finite] + 0.5j * omega)[..., 0]
    return margin


def is_physical(covariance: np.ndarray, tolerance: float = 1e-9) -> np.ndarray:
    """V + iΩ/2 ⪰ 0 up to ``tolerance`` relative to the largest variance."""
    covariance = np.asarray(covariance, dtype=float)
    scale = np.max(np.abs(np.diagonal(covariance, axis1=-2, axis2=-1)), axis=-1)
    return uncertainty_margin(covariance) >= -tolerance * np.maximum(scale, 1.0)
