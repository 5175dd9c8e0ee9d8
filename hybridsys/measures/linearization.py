"""How far the linearization (S5)-(S8) can be trusted: fluctuation against
mean-field occupations, per mode.

Conventions as in :mod:`hybridsys.measures` (vacuum variance ½, V ordered
[X_o1, Y_o1, X_o2, ...]). All functions take arrays with the batch axes first.
"""

from __future__ import annotations

import numpy as np


def mean_occupation(mean: np.ndarray) -> np.ndarray:
    """|⟨o⟩|² = (⟨X⟩² + ⟨Y⟩²)/2 per mode, (batch..., modes)."""
    return (mean[..., 0::2] ** 2 + mean[..., 1::2] ** 2) / 2


def fluctuation_occupation(covariance: np.ndarray) -> np.ndarray:
    """⟨δo†δo⟩ = (V_XX + V_YY − 1)/2 per mode, (batch..., modes); 0 in the vacuum."""
    diagonal = np.diagonal(covariance, axis1=-2, axis2=-1)
    return (diagonal[..., 0::2] + diagonal[..., 1::2] - 1) / 2


def linearization_validity(mean: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """⟨δo†δo⟩ / |⟨o⟩|² per mode: the linearization (S5)-(S8) assumes it is small.
    Modes with no mean field give inf unless their fluctuations are vacuum (0)."""
    fluctuations = fluctuation_occupation(covariance)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = fluctuations / mean_occupation(mean)
    return np.where(np.abs(fluctuations) < 1e-12, 0.0, ratio)
