"""Logarithmic negativity E_N of two modes (partial transposition and the
symplectic spectrum).

Conventions (those of the spec): quadratures X = (o + o†)/√2, Y = i(o† − o)/√2 with
[X, Y] = i (S22), so the vacuum variance is ½; states are ordered
[X_o1, Y_o1, X_o2, ...] and V is the symmetrized covariance of the fluctuations
(S16). All functions take arrays with the batch axes first.
"""

from __future__ import annotations

import numpy as np

from .gaussian import symplectic_form, two_mode_block

_OMEGA2 = symplectic_form(2)
_TRANSPOSE_SIGNS = np.outer([1.0, 1.0, 1.0, -1.0], [1.0, 1.0, 1.0, -1.0])  # partial transposition of mode j


def log_negativity(covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """Logarithmic negativity E_N = max(0, −ln 2ν̃₋) of modes i and j (vacuum variance ½),
    where ν̃₋ is the smaller symplectic eigenvalue of the partially transposed two-mode
    covariance Ṽ (Y_j → −Y_j): ν̃₋² = (Σ − √(Σ² − 4 det V))/2 with
    Σ = det A + det B − 2 det C, evaluated as det V / ν̃₊².

    Where ν̃₋ ≈ ν̃₊ (next to two vacua) the root cancels and the closed form would lose
    half the digits; there (Σ² − 4 det V < 10⁻² Σ²) ν̃₋ comes from the Hermitian
    eigenproblem of :func:`_smallest_symplectic_transposed` instead, accurate to rounding.
    A block with det V <= 0, or not positive definite, is no physical state: NaN."""
    block = two_mode_block(np.asarray(covariance, dtype=float), i, j)
    det = np.linalg.det
    sigma = det(block[..., :2, :2]) + det(block[..., 2:, 2:]) - 2 * det(block[..., :2, 2:])
    gap = sigma**2 - 4 * det(block)  # (ν̃₊² − ν̃₋²)²
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = np.array(np.sqrt(np.where(det(block) > 0, det(block), np.nan) / ((sigma + np.sqrt(np.maximum(gap, 0.0))) / 2)))
        degenerate = ~(gap > 1e-2 * sigma**2)  # also where not finite
        nu[degenerate] = _smallest_symplectic_transposed(block[degenerate])
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
