"""Quadrature squeezing of one mode: the smallest variance of X_θ = X cos θ + Y sin θ.

Conventions as in :mod:`hybridsys.measures` (vacuum variance ½, V ordered
[X_o1, Y_o1, X_o2, ...]). Modes are indices; a party may be a sequence of them. All functions take
arrays with the batch axes first and give NaN where the reduced state they use is
unphysical (:func:`~hybridsys.measures.gaussian.physical`).
"""

from __future__ import annotations

import numpy as np

from .gaussian import block, physical


def squeezing(covariance: np.ndarray, mode: int) -> tuple[np.ndarray, np.ndarray]:
    """(dB, θ): how far the smallest quadrature variance of mode,
    λ = (V_XX + V_YY)/2 − √(((V_XX − V_YY)/2)² + V_XY²), lies below the vacuum's ½,
    as −10 log₁₀(2λ) dB (positive: squeezed; negative: every quadrature is noisier than
    vacuum), and the angle θ ∈ (−π/2, π/2] of that quadrature X_θ = X cos θ + Y sin θ."""
    single = block(covariance, mode)
    xx, yy, xy = single[..., 0, 0], single[..., 1, 1], single[..., 0, 1]
    smallest = (xx + yy) / 2 - np.hypot((xx - yy) / 2, xy)
    angle = 0.5 * np.arctan2(2 * xy, xx - yy) + np.pi / 2  # the largest variance's direction, turned by π/2
    angle = np.where(angle > np.pi / 2, angle - np.pi, angle)
    ok = physical(single)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ok, -10 * np.log10(2 * smallest), np.nan), np.where(ok, angle, np.nan)
