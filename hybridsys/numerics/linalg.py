"""Batched linear algebra that tolerates bad members: one singular matrix in a batch
of parameter points must not fail the other points."""

from __future__ import annotations

import numpy as np


def batched_solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Batched solve of matrix @ x = rhs for rhs (batch, n) or (batch, n, k); members
    with a singular or non-finite matrix give NaN instead of failing the batch."""
    vector = rhs.ndim == matrix.ndim - 1
    rhs = rhs[..., None] if vector else rhs
    try:
        out = np.linalg.solve(matrix, rhs)
    except np.linalg.LinAlgError:
        good = np.all(np.isfinite(matrix), axis=(-2, -1))
        good[good] = np.linalg.cond(matrix[good]) < 1 / np.finfo(float).eps
        out = np.full(np.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2]) + rhs.shape[-2:], np.nan)
        out[good] = np.linalg.solve(matrix[good], rhs[good])
    return out[..., 0] if vector else out
