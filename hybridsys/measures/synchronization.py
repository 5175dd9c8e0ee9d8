"""Quantum and complete synchronization of two modes (S21)-(S27), Mari's phase
synchronization, and the Kerr revival factor (S64).

Conventions as in :mod:`hybridsys.measures` (vacuum variance ½, V ordered
[X_o1, Y_o1, X_o2, ...]). All functions take arrays with the batch axes first.
"""

from __future__ import annotations

import numpy as np

from .gaussian import block, physical


def _pair(covariance: np.ndarray, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
    """(⟨δX_−²⟩, ⟨δY_−²⟩) of O_− = (O_i − O_j)/√2 (S21), (S26): (V_XiXi + V_XjXj − 2V_XiXj)/2."""
    x, y = [], []
    for offset, out in ((0, x), (1, y)):
        a, b = 2 * i + offset, 2 * j + offset
        out.append((covariance[..., a, a] + covariance[..., b, b] - 2 * covariance[..., a, b]) / 2)
    return x[0], y[0]


def quantum_synchronization(covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """S_Q = 1 / (⟨δX_−²⟩ + ⟨δY_−²⟩) (S27) between modes i and j, from the
    fluctuations only. Two vacua give exactly 1, the uncertainty bound (S25): S_Q ≤ 1."""
    dx, dy = _pair(covariance, i, j)
    return 1.0 / (dx + dy)


def complete_synchronization(mean: np.ndarray, covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """S_C = 1 / (⟨X_−²⟩ + ⟨Y_−²⟩) (S23): full second moments, i.e. the fluctuations
    plus the squared mean-field differences ⟨O_−⟩² = (⟨O_i⟩ − ⟨O_j⟩)²/2."""
    dx, dy = _pair(covariance, i, j)
    mx = (mean[..., 2 * i] - mean[..., 2 * j]) ** 2 / 2
    my = (mean[..., 2 * i + 1] - mean[..., 2 * j + 1]) ** 2 / 2
    return 1.0 / (dx + mx + dy + my)


def revival_factor(sq_noisy_kerr: np.ndarray, sq_ideal: np.ndarray) -> float:
    """Λ = max S_Q(n̄ ≠ 0, K ≠ 0) / max S_Q(n̄ = 0, K = 0) (S64): how much of the
    noiseless, Kerr-free synchronization the Kerr effect restores under thermal noise."""
    return float(np.nanmax(sq_noisy_kerr) / np.nanmax(sq_ideal))


def phase_synchronization(mean: np.ndarray, covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """Mari's phase synchronization S_p = ½ ⟨δY'_−²⟩⁻¹ (Mari et al., PRL 111, 103605
    (2013)): each mode's fluctuations rotated to its mean field's phase
    φ = arg⟨o⟩ = atan2(⟨Y⟩, ⟨X⟩), δY' = −sin φ δX + cos φ δY (the phase quadrature),
    and Y'_− = (Y'_i − Y'_j)/√2. Two vacua give 1. NaN where the two-mode state is
    unphysical, and where a mode has no mean field (its phase is undefined)."""
    covariance = np.asarray(covariance, dtype=float)
    size = covariance.shape[-1]
    direction = np.zeros(np.shape(mean)[:-1] + (size,))
    for mode, sign in ((i, 1.0), (j, -1.0)):
        phase = np.arctan2(mean[..., 2 * mode + 1], mean[..., 2 * mode])
        direction[..., 2 * mode] += -sign * np.sin(phase) / np.sqrt(2)
        direction[..., 2 * mode + 1] += sign * np.cos(phase) / np.sqrt(2)
    variance = np.einsum("...k,...kl,...l->...", direction, covariance, direction)
    has_phase = (np.hypot(mean[..., 2 * i], mean[..., 2 * i + 1]) > 0) & (np.hypot(mean[..., 2 * j], mean[..., 2 * j + 1]) > 0)
    ok = physical(block(covariance, (i, j))) & has_phase
    return np.where(ok, 0.5 / variance, np.nan)
