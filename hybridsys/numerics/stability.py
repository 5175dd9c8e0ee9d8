"""Numeric stability verdicts from the Routh-Hurwitz criterion (S53)-(S54), batched.

Drift matrices A are already in units of the reference frequency ω_ref (see
:mod:`hybridsys.model.units`), so their entries are O(1). For a batch of them:

1. the characteristic coefficients a_k come from A by the Faddeev-LeVerrier
   recursion (matrix products and traces, no eigenvalues), each with a running bound
   on its rounding error. (The spec model's compiled symbolic a_k were measured
   slower in numpy, 11.5 against ~9 µs a point, so they serve inspection only.)
2. the Hurwitz determinants Δ_k are LU determinants of the standard Hurwitz
   matrices (ERRATA 12) built from the a_k. A sign counts as *decided* only if no
   perturbation of H_k within the a_k's error bounds plus LU's backward error can
   make H_k singular (smallest singular value above the perturbation's norm).

The error bounds are conservative first-order estimates, not proofs. Where a sign is
undecided (and no Δ_k is decidedly negative), the point's verdict falls back to the
eigenvalues of A and says so in ``method``; past :data:`HURWITZ_LIMIT` quadratures the
eigenvalues decide every point. With numba, the same steps run compiled
(:mod:`hybridsys.numerics.hurwitz_kernel`) for batches of
:data:`~hybridsys.compiled.kernels.COMPILED_FROM` points or more. Symbolic forms of the same objects are
in :mod:`hybridsys.symbolic.hurwitz`.
"""

from __future__ import annotations

import attrs
import numpy as np

from ..compiled.kernels import worth_compiling
from . import hurwitz_kernel, lapack

#: Safety factor on the running rounding-error bounds.
ROUNDING = 8.0
#: Largest A (2n × 2n) whose verdict the Hurwitz determinants give. Past it the
#: eigenvalues decide every point and ``coefficients``, ``determinants`` are NaN: the
#: LeVerrier recursion costs 2n matrix products (O(n⁴)) and the high-order Δ_k of a
#: degree-2n polynomial are rarely decided in floating point, so the eigenvalues would
#: decide most points anyway, at a fraction of the cost.
HURWITZ_LIMIT = 16
EPS = np.finfo(float).eps


def leverrier_coefficients(drift: np.ndarray, rounding: float = ROUNDING) -> tuple[np.ndarray, np.ndarray]:
    """(a, error): a[..., k] = a_k of det(λ - A) = Σ a_k λ^(n-k), k = 0..n (a_0 = 1), by
    the Faddeev-LeVerrier recursion, and a bound on each a_k's rounding error from the
    same recursion run on |A| (which bounds the size of every term)."""
    n = drift.shape[-1]
    eye = np.eye(n)
    magnitude = np.abs(drift)
    a = [np.ones(drift.shape[:-2])]
    scale = [np.ones(drift.shape[:-2])]
    product = np.zeros_like(drift)  # A M_{k-1}, with M_0 = 0
    product_abs = np.zeros_like(drift)
    for k in range(1, n + 1):
        product = drift @ (product + a[-1][..., None, None] * eye)  # A M_k, M_k = A M_{k-1} + a_{k-1} I
        product_abs = magnitude @ (product_abs + scale[-1][..., None, None] * eye)
        a.append(-np.trace(product, axis1=-2, axis2=-1) / k)
        scale.append(np.trace(product_abs, axis1=-2, axis2=-1) / k)
    # observed errors stay below 0.2·n·eps·scale (checked against exact rationals up to
    # 12×12); ROUNDING·(n+2)·eps·scale leaves a wide margin
    return np.stack(a, axis=-1), rounding * (n + 2) * EPS * np.stack(scale, axis=-1)


def hurwitz_matrices(coefficients: np.ndarray) -> np.ndarray:
    """The n×n standard Hurwitz matrices, entry (i, j) = a_{2i-j} (1-based), batched."""
    n = coefficients.shape[-1] - 1
    index = 2 * np.arange(1, n + 1)[:, None] - np.arange(1, n + 1)[None, :]
    valid = (index >= 0) & (index <= n)
    return np.where(valid, coefficients[..., np.clip(index, 0, n)], 0.0)


def hurwitz_signs(coefficients: np.ndarray, errors: np.ndarray, rounding: float = ROUNDING) -> tuple[np.ndarray, np.ndarray]:
    """(Δ_1..Δ_n, decided) for a batch of a_0..a_n (shape (B, n+1)) and their error bounds;
    the Δ_k are those of the rescaled polynomial (same signs).

    Δ_k's sign is decided when σ_min(H_k) exceeds the Frobenius norm of the possible
    perturbation. A cheap sufficient test, σ_min ≥ |Δ_k| / ‖H_k‖_F^(k-1), settles most
    points; the singular values are computed only for the rest.
    """
    # λ → sλ with s ~ the spectral radius: a_k → a_k/s^k is H → D1 H D2 with positive
    # diagonal D1, D2, so every sign is kept while the entries become O(1).
    n = coefficients.shape[-1] - 1
    powers = np.arange(n + 1)
    s = np.max(np.abs(coefficients[:, 1:]) ** (1.0 / powers[1:]), axis=-1, keepdims=True)
    s = np.where(s > 0, s, 1.0) ** powers
    full = hurwitz_matrices(coefficients / s)
    error = hurwitz_matrices(errors / s)
    dets, decided = [], []
    for k in range(1, n + 1):
        block = full[:, :k, :k]
        size = np.linalg.norm(block, axis=(-2, -1))
        perturbation = np.linalg.norm(error[:, :k, :k], axis=(-2, -1)) + rounding * k * EPS * size
        det = np.linalg.det(block)
        sure = np.abs(det) > perturbation * size ** (k - 1)
        rest = ~sure
        if np.any(rest):
            sure[rest] = np.linalg.svd(block[rest], compute_uv=False)[:, -1] > perturbation[rest]
        dets.append(det)
        decided.append(sure)
    return np.stack(dets, axis=-1), np.stack(decided, axis=-1)


@attrs.frozen
class StabilityVerdict:
    """Per-point stability of the linearized dynamics u̇ = A u.

    ``method[i]`` is ``"hurwitz"`` where the determinants decided, ``"eigenvalues"``
    where rounding made them undecidable and the eigenvalues of A decided instead, and
    ``"not finite"`` where A itself has an infinite or NaN entry (not stable).
    ``max_real_eigenvalue`` is filled only at the latter points (NaN elsewhere).
    """

    stable: np.ndarray
    method: np.ndarray
    coefficients: np.ndarray
    determinants: np.ndarray
    max_real_eigenvalue: np.ndarray

    @property
    def fallback_count(self) -> int:
        """How many points the eigenvalues had to decide."""
        return int(np.count_nonzero(self.method == "eigenvalues"))


def verdict_from_drift(drift: np.ndarray, rounding: float = ROUNDING) -> StabilityVerdict:
    """Stability of a batch of drift matrices A, shape (batch..., 2n, 2n)."""
    drift = np.asarray(drift, dtype=float)
    batch, n = drift.shape[:-2], drift.shape[-1]
    flat = drift.reshape((-1, n, n))
    if n > HURWITZ_LIMIT:  # the eigenvalues decide every point (see HURWITZ_LIMIT)
        max_real = np.full(len(flat), np.nan)
        finite = np.all(np.isfinite(flat), axis=(-2, -1))
        max_real[finite] = lapack.max_real_eigenvalue(flat[finite]) if lapack.available() and worth_compiling(len(flat)) else np.linalg.eigvals(flat[finite]).real.max(axis=-1)
        with np.errstate(invalid="ignore"):
            stable = max_real < -rounding * n * EPS * np.max(np.abs(flat), axis=(-2, -1))
        nothing = np.full((len(flat), n), np.nan)
        shape = lambda a: a.reshape(batch + a.shape[1:])  # noqa: E731
        return StabilityVerdict(shape(stable), shape(np.full(len(flat), "eigenvalues")), shape(nothing), shape(nothing), shape(max_real))
    # A and A/2^e (e ~ log2 max|A|) have the same stability; the division by a power of
    # two is exact, and keeps the a_k ~ |A|^k finite for large entries. A non-finite A
    # (an overflow upstream) has no verdict: not stable, method "not finite".
    finite = np.all(np.isfinite(flat), axis=(-2, -1))
    exponent = np.frexp(np.where(finite, np.max(np.abs(flat), axis=(-2, -1)), 1.0))[1]
    scaled = np.where(finite[:, None, None], np.ldexp(flat, -exponent[:, None, None]), 0.0)
    if hurwitz_kernel.available() and worth_compiling(len(flat)) and n > 0 and np.all(finite):  # the same steps, compiled
        stable, undecided, coefficients, determinants, max_real = hurwitz_kernel.verdict(scaled, rounding)
        with np.errstate(over="ignore"):
            coefficients = np.ldexp(coefficients, exponent[:, None] * np.arange(n + 1))  # back to A's scale
        max_real = np.ldexp(max_real, exponent)
        method = np.where(undecided, "eigenvalues", "hurwitz")
        shape = lambda a: a.reshape(batch + a.shape[1:])  # noqa: E731
        return StabilityVerdict(shape(stable), shape(method), shape(coefficients[:, 1:]), shape(determinants), shape(max_real))
    coefficients, errors = leverrier_coefficients(scaled, rounding)
    determinants, decided = hurwitz_signs(coefficients, errors, rounding)
    with np.errstate(over="ignore"):
        coefficients = np.ldexp(coefficients, exponent[:, None] * np.arange(n + 1))  # back to A's scale (inf if past the range)
    decided &= finite[:, None]
    clearly_negative = np.any(decided & (determinants < 0), axis=-1)
    stable = np.all(decided & (determinants > 0), axis=-1)
    undecided = ~(clearly_negative | stable) & finite
    max_real = np.full(stable.shape, np.nan)
    if np.any(undecided):
        max_real[undecided] = np.linalg.eigvals(flat[undecided]).real.max(axis=-1)
        # an eigenvalue within rounding of the imaginary axis is marginal, not stable
        margin = rounding * n * EPS * np.max(np.abs(flat[undecided]), axis=(-2, -1))
        stable[undecided] = max_real[undecided] < -margin
    method = np.where(finite, np.where(undecided, "eigenvalues", "hurwitz"), "not finite")
    return StabilityVerdict(
        stable.reshape(batch),
        method.reshape(batch),
        coefficients[:, 1:].reshape(batch + (n,)),
        determinants.reshape(batch + (n,)),
        max_real.reshape(batch),
    )


def stability(compiled, params, state, rounding: float = ROUNDING) -> StabilityVerdict:
    """Stability of the linearization at mean fields ``state`` for ``params`` (S53)-(S54)."""
    compiled.require_static("the Hurwitz stability verdict")
    return verdict_from_drift(compiled.drift(params, state), rounding)
