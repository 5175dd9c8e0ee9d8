"""The Gaussian-state basics every measure uses: the symplectic form, where a mode
sits in the state vector, and a mode pair's block of V.

Conventions as in :mod:`hybridsys.measures` (vacuum variance ½, V ordered
[X_o1, Y_o1, X_o2, ...]). All functions take arrays with the batch axes first.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError


def symplectic_form(modes: int) -> np.ndarray:
    """Ω = ⊕ [[0, 1], [-1, 0]], so that [u_k, u_l] = iΩ_kl."""
    return np.kron(np.eye(modes), np.array([[0.0, 1.0], [-1.0, 0.0]]))


def mode_index(modes, name: str) -> int:
    """Position of mode ``name`` in ``modes`` (e.g. ``compiled.modes``), with a clear error."""
    modes = tuple(modes)
    if name not in modes:
        raise ParameterError(f"unknown mode {name!r}; the modes are {list(modes)}")
    return modes.index(name)


def two_mode_block(covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """The 4×4 covariance of modes i and j, (batch..., 4, 4)."""
    index = np.array([2 * i, 2 * i + 1, 2 * j, 2 * j + 1])
    return covariance[..., index[:, None], index[None, :]]


#: A reduced state whose smallest symplectic eigenvalue is below ½ by more than this
#: times max(1, its largest variance) breaks V + iΩ/2 ⪰ 0: every measure gives NaN there.
PHYSICAL_TOLERANCE = 1e-6


def group(modes) -> tuple[int, ...]:
    """A mode index or a sequence of them, as a tuple (the modes of one party)."""
    modes = (modes,) if np.ndim(modes) == 0 else tuple(modes)
    if not modes or len(set(modes)) < len(modes):
        raise ParameterError(f"a party needs distinct mode indices, got {list(modes)}")
    return tuple(int(m) for m in modes)


def quadrature_indices(modes) -> np.ndarray:
    """Positions [2k, 2k + 1, ...] of the quadratures of the modes in ``modes``."""
    return np.array([q for m in group(modes) for q in (2 * m, 2 * m + 1)])


def block(covariance: np.ndarray, modes) -> np.ndarray:
    """The covariance of the modes ``modes`` (an index or a sequence), (batch..., 2n, 2n)."""
    index = quadrature_indices(modes)
    return np.asarray(covariance, dtype=float)[..., index[:, None], index[None, :]]


def symplectic_eigenvalues(covariance: np.ndarray) -> np.ndarray:
    """The n symplectic eigenvalues ν_k of a (batch..., 2n, 2n) covariance, ascending
    (the moduli of the eigenvalues of iΩV; ν ≥ ½ for a physical state, ν = ½ for pure).

    With V = L Lᵀ the eigenvalues ±ν_k of iΩV are those of the Hermitian Lᵀ iΩ L,
    which ``eigvalsh`` returns to rounding even for degenerate ν. NaN where V is not
    finite, not symmetric or not positive definite (no state)."""
    covariance = np.asarray(covariance, dtype=float)
    n = covariance.shape[-1] // 2
    symmetric = np.all(np.abs(covariance - np.swapaxes(covariance, -1, -2))
                       <= 1e-9 * np.max(np.abs(covariance), axis=(-2, -1), keepdims=True), axis=(-2, -1))
    usable = np.all(np.isfinite(covariance), axis=(-2, -1)) & symmetric
    nu = np.full(covariance.shape[:-2] + (n,), np.nan)
    variances, axes = np.linalg.eigh(covariance[usable])
    root = axes * np.sqrt(np.abs(variances))[..., None, :]
    hermitian = np.swapaxes(root, -1, -2) @ (1j * symplectic_form(n)) @ root
    positive = np.linalg.eigvalsh(hermitian)[..., n:]
    nu[usable] = np.where(variances[..., :1] > 0, positive, np.nan)
    return nu


def physical(covariance: np.ndarray, nu: np.ndarray | None = None) -> np.ndarray:
    """V + iΩ/2 ⪰ 0 up to :data:`PHYSICAL_TOLERANCE` (batch...,): every ν_k ≥ ½ and V > 0.
    ``nu``: the symplectic eigenvalues if already computed."""
    nu = symplectic_eigenvalues(covariance) if nu is None else nu
    scale = np.max(np.abs(np.diagonal(covariance, axis1=-2, axis2=-1)), axis=-1)
    with np.errstate(invalid="ignore"):
        return nu[..., 0] >= 0.5 - PHYSICAL_TOLERANCE * np.maximum(scale, 1.0)


def partial_transpose(covariance: np.ndarray, modes) -> np.ndarray:
    """V with Y → −Y on the given positions (0-based modes of ``covariance``): the
    covariance of the partially transposed state (Simon's criterion)."""
    signs = np.ones(covariance.shape[-1])
    signs[quadrature_indices(modes)[1::2]] = -1.0
    return covariance * np.outer(signs, signs)
