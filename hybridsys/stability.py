"""Numeric stability verdicts from the Routh-Hurwitz criterion (S53)-(S54), batched.

For a batch of drift matrices A (already in units of the reference frequency ω_ref,
see :mod:`hybridsys.units`, so entries are O(1)). Where the model's A has a small
enough sparsity pattern (the spec's does), the a_k and Δ_k are its compiled symbolic
forms with running error bounds (:meth:`CompiledModel.hurwitz`). Otherwise:

1. the characteristic coefficients a_k come from A by the Faddeev-LeVerrier
   recursion (matrix products and traces, no eigenvalues), run alongside the same
   recursion on |A| that bounds the size of every term;
2. the Hurwitz determinants Δ_k are LU determinants of the standard Hurwitz
   matrices (ERRATA 12) built from the a_k; a Δ_k's sign counts as decided only
   if no perturbation within the rounding-error bounds could make H_k singular.

Where some sign is undecided (and no Δ_k is decidedly negative), floating point
cannot decide; that point's verdict falls back to the eigenvalues of A and says
so in ``method``. Symbolic forms of the same objects are
in :mod:`hybridsys.hurwitz`.
"""

from __future__ import annotations

import attrs
import numpy as np

#: Safety factor on the running rounding-error bound of the a_k (n·eps·scale each).
ROUNDING = 8.0


def characteristic_coefficients(drift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a, scale): a[..., k] = a_k of det(λ - A) = Σ a_k λ^(n-k) for k = 0..n (a_0 = 1),
    and the same recursion on |A|, which bounds every term (the rounding-error scale)."""
    n = drift.shape[-1]
    eye = np.eye(n)
    magnitude = np.abs(drift)
    a = [np.ones(drift.shape[:-2])]
    scale = [np.ones(drift.shape[:-2])]
    m = np.zeros_like(drift)
    m_abs = np.zeros_like(drift)
    for k in range(1, n + 1):
        m = drift @ m + a[-1][..., None, None] * eye
        m_abs = magnitude @ m_abs + scale[-1][..., None, None] * eye
        a.append(-np.trace(drift @ m, axis1=-2, axis2=-1) / k)
        scale.append(np.trace(magnitude @ m_abs, axis1=-2, axis2=-1) / k)
    return np.stack(a, axis=-1), np.stack(scale, axis=-1)


def hurwitz_matrices(coefficients: np.ndarray) -> np.ndarray:
    """The n×n standard Hurwitz matrices, entry (i, j) = a_{2i-j} (1-based), batched."""
    n = coefficients.shape[-1] - 1
    index = 2 * np.arange(1, n + 1)[:, None] - np.arange(1, n + 1)[None, :]
    valid = (index >= 0) & (index <= n)
    return np.where(valid, coefficients[..., np.clip(index, 0, n)], 0.0)


def numeric_hurwitz(drift: np.ndarray, rounding: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a_1..a_n, Δ_1..Δ_n, decided) for any size of A, without symbolic forms."""
    coefficients, coefficient_scale = characteristic_coefficients(drift)
    errors = rounding * drift.shape[-1] * np.finfo(float).eps * coefficient_scale
    determinants, decided = hurwitz_determinants(coefficients, errors)
    return coefficients[..., 1:], determinants, decided


def hurwitz_determinants(coefficients: np.ndarray, errors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Δ_1..Δ_n, decided) from a_0..a_n and bounds on their rounding errors.

    The sign of Δ_k = det(H_k) is *decided* when the smallest singular value of H_k
    exceeds the Frobenius norm of every perturbation the computation may have made
    (the a_k's errors plus LU's backward error): then no such perturbation can make
    H_k singular, so the computed sign is the true one.
    """
    full = hurwitz_matrices(coefficients)
    error = hurwitz_matrices(errors)
    n = full.shape[-1]
    eps = np.finfo(float).eps
    dets, decided = [], []
    for k in range(1, n + 1):
        block = full[..., :k, :k]
        sigma_min = np.linalg.svd(block, compute_uv=False)[..., -1]
        backward = 4 * k * eps * np.linalg.norm(block, axis=(-2, -1))
        perturbation = np.linalg.norm(error[..., :k, :k], axis=(-2, -1)) + backward
        dets.append(np.linalg.det(block))
        decided.append(sigma_min > perturbation)
    return np.stack(dets, axis=-1), np.stack(decided, axis=-1)


@attrs.frozen
class StabilityVerdict:
    """Per-point stability of the linearized dynamics u̇ = A u.

    ``method[i]`` is ``"hurwitz"`` where the determinants decided, ``"eigenvalues"``
    where rounding made them undecidable and the eigenvalues of A decided instead.
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


def verdict_from_drift(drift: np.ndarray, compiled=None, rounding: float = ROUNDING) -> StabilityVerdict:
    """Stability of a batch of drift matrices A, shape (batch..., 2n, 2n).

    With a ``compiled`` model whose a_k and Δ_k were compiled from their symbolic
    forms (the spec's model), those are used; otherwise the numeric route.
    """
    drift = np.asarray(drift, dtype=float)
    if compiled is not None and compiled.has_symbolic_hurwitz:
        coefficients, determinants, decided = compiled.hurwitz(drift, rounding)
    else:
        coefficients, determinants, decided = numeric_hurwitz(drift, rounding)
    clearly_negative = np.any(decided & (determinants < 0), axis=-1)
    clearly_positive = np.all(decided & (determinants > 0), axis=-1)
    undecided = ~(clearly_negative | clearly_positive)
    stable = clearly_positive.copy()
    max_real = np.full(stable.shape, np.nan)
    if np.any(undecided):
        max_real[undecided] = np.linalg.eigvals(drift[undecided]).real.max(axis=-1)
        stable[undecided] = max_real[undecided] < 0
    method = np.where(undecided, "eigenvalues", "hurwitz")
    return StabilityVerdict(stable, method, coefficients, determinants, max_real)


def stability(compiled, params, state, rounding: float = ROUNDING) -> StabilityVerdict:
    """Stability of the linearization at mean fields ``state`` for ``params`` (S53)-(S54)."""
    return verdict_from_drift(compiled.drift(params, state), compiled, rounding)
