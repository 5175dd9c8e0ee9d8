"""Logarithmic negativity E_N of two modes or of any bipartition of groups of modes
(partial transposition and the symplectic spectrum), and the residual contangle of
three modes (genuine tripartite entanglement).

Conventions as in :mod:`hybridsys.measures` (vacuum variance ½, V ordered
[X_o1, Y_o1, X_o2, ...]). All functions take arrays with the batch axes first.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from .gaussian import (
    block,
    group,
    partial_transpose,
    physical,
    symplectic_eigenvalues,
    symplectic_form,
    two_mode_block,
)

_OMEGA2 = symplectic_form(2)
_TRANSPOSE_SIGNS = np.outer([1.0, 1.0, 1.0, -1.0], [1.0, 1.0, 1.0, -1.0])  # partial transposition of mode j


def log_negativity(covariance: np.ndarray, i, j) -> np.ndarray:
    """Logarithmic negativity of the bipartition i | j, where i and j are mode indices
    or sequences of them (groups): E_N = Σ_k max(0, −ln 2ν̃_k) over the symplectic
    eigenvalues ν̃_k of the partially transposed covariance of the modes i ∪ j
    (vacuum variance ½; Vidal & Werner 2002, Adesso & Illuminati 2007). Two single
    modes (integers) take the closed form of :func:`_pairwise_log_negativity`, as before.
    Groups give NaN where the reduced state of i ∪ j is unphysical (see
    :func:`~hybridsys.measures.gaussian.physical`); two integers give NaN only where
    the block is no covariance (not positive definite)."""
    if np.ndim(i) == 0 and np.ndim(j) == 0:
        return _pairwise_log_negativity(covariance, int(i), int(j))
    first, second = group(i), group(j)
    if set(first) & set(second):
        raise ParameterError(f"log_negativity: the parties {list(first)} and {list(second)} share modes")
    reduced = block(covariance, first + second)
    nu = symplectic_eigenvalues(partial_transpose(reduced, range(len(first), len(first) + len(second))))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.sum(np.maximum(0.0, -np.log(2 * nu)), axis=-1)
    return np.where(physical(reduced), value, np.nan)


def residual_contangle(covariance: np.ndarray, i: int, j: int, k: int) -> np.ndarray:
    """Residual contangle of modes i, j, k, the genuine tripartite entanglement of
    Adesso & Illuminati (2007) as used by Li, Zhu & Agarwal, PRL 121, 203601 (2018):
    min over the focus mode f of C_{f|gh} − C_{f|g} − C_{f|h}, with the contangle
    C = E_N² (E_N of the reduced state of the modes involved). Positive: genuinely
    tripartite entangled. NaN where the three-mode state is unphysical."""
    modes = group((i, j, k))
    taus = []
    for focus in modes:
        g, h = (m for m in modes if m != focus)
        taus.append(log_negativity(covariance, [focus], [g, h]) ** 2
                    - log_negativity(covariance, focus, g) ** 2 - log_negativity(covariance, focus, h) ** 2)
    return np.min(taus, axis=0)


def _pairwise_log_negativity(covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """Logarithmic negativity E_N = max(0, −ln 2ν̃₋) of modes i and j (vacuum variance ½),
    where ν̃₋ is the smaller symplectic eigenvalue of the partially transposed two-mode
    covariance Ṽ (Y_j → −Y_j): ν̃₋² = (Σ − √(Σ² − 4 det V))/2 with
    Σ = det A + det B − 2 det C, evaluated as det V / ν̃₊².

    Where ν̃₋ ≈ ν̃₊ (next to two vacua) the root cancels and the closed form would lose
    half the digits; there (Σ² − 4 det V < 10⁻² Σ²) ν̃₋ comes from the Hermitian
    eigenproblem of :func:`_smallest_symplectic_transposed` instead, accurate to rounding.
    A block with det V <= 0, or not positive definite, is no state: NaN. Unlike the
    group path, a positive definite block slightly below the uncertainty bound still
    gets a number: covariances estimated from samples (the truncated-Wigner method)
    fluctuate below ½, and their jackknife errors need every replicate's value."""
    pair = two_mode_block(np.asarray(covariance, dtype=float), i, j)
    det = np.linalg.det
    positive = np.where(det(pair) > 0, det(pair), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = det(pair[..., :2, :2]) + det(pair[..., 2:, 2:]) - 2 * det(pair[..., :2, 2:])
        gap = sigma**2 - 4 * det(pair)  # (ν̃₊² − ν̃₋²)²
        nu = np.array(np.sqrt(positive / ((sigma + np.sqrt(np.maximum(gap, 0.0))) / 2)))
        degenerate = ~(gap > 1e-2 * sigma**2)  # also where not finite
        nu[degenerate] = _smallest_symplectic_transposed(pair[degenerate])
        return np.maximum(0.0, -np.log(2 * nu))


def _smallest_symplectic_transposed(block: np.ndarray) -> np.ndarray:
    """ν̃₋ of two-mode blocks (k, 4, 4): with Ṽ = L Lᵀ the eigenvalues ±ν̃ of iΩṼ are
    those of the Hermitian Lᵀ iΩ L, which ``eigvalsh`` returns to rounding even where
    ν̃₋ = ν̃₊. NaN where Ṽ is not finite or not positive definite."""
    transposed = block * _TRANSPOSE_SIGNS
    finite = np.all(np.isfinite(transposed), axis=(-2, -1))
    nu = np.full(finite.shape, np.nan)
    variances, axes = np.linalg.eigh(transposed[finite])
    root = axes * np.sqrt(np.abs(variances))[..., None, :]  # L, with L Lᵀ = Ṽ where Ṽ > 0
    hermitian = np.swapaxes(root, -1, -2) @ (1j * _OMEGA2) @ root
    nu[finite] = np.where(variances[..., 0] > 0, np.linalg.eigvalsh(hermitian)[..., 2], np.nan)  # -ν̃₊ < -ν̃₋ < ν̃₋ < ν̃₊
    return nu
