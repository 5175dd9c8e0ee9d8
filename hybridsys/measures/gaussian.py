"""The Gaussian-state basics every measure uses: the symplectic form, where a mode
sits in the state vector, and a mode pair's block of V.

Conventions (those of the spec): quadratures X = (o + o†)/√2, Y = i(o† − o)/√2 with
[X, Y] = i (S22), so the vacuum variance is ½; states are ordered
[X_o1, Y_o1, X_o2, ...] and V is the symmetrized covariance of the fluctuations
(S16). All functions take arrays with the batch axes first.
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
