"""Steady states: every fixed point, its stability, and at the stable ones the
covariance of the fluctuations from the algebraic Lyapunov equation
A V + V Aᵀ + D = 0 (the t → ∞ limit of (S17)).
"""

from __future__ import annotations

import attrs
import numpy as np

from ..errors import HybridsysError
from .covariance import is_physical, lyapunov_residual, steady_covariance
from .fixedpoints import FixedPoints, fixed_points
from .stability import verdict_from_drift


def covariance_at(compiled, params: np.ndarray, state: np.ndarray) -> np.ndarray:
    """Steady covariance at the given mean fields (batch..., 2n), which must be a
    stable operating point: an unstable one has no steady state, and asking for it
    raises an error naming the first such parameter point."""
    params, state = compiled._batch(params, state)
    drift = compiled.drift(params, state)
    covariance = steady_covariance(drift, compiled.diffusion(params))
    bad = ~verdict_from_drift(drift).stable | ~np.all(np.isfinite(covariance), axis=(-2, -1))
    if np.any(bad):
        b = int(np.flatnonzero(bad.ravel())[0])
        flat = np.broadcast_to(params, drift.shape[:-2] + params.shape[-1:]).reshape(-1, params.shape[-1])
        point = dict(zip(compiled.parameter_names, flat[b].tolist()))
        worst = np.linalg.eigvals(drift.reshape((-1,) + drift.shape[-2:])[b]).real.max()
        raise HybridsysError(
            f"no steady state: the operating point #{b} is unstable or marginal (largest Re λ of A = {worst:.3g}); "
            f"integrate a trajectory instead. Parameters: {point}"
        )
    return covariance


@attrs.frozen
class SteadyStates:
    """Every fixed point (see :class:`FixedPoints`) and, at the stable ones, the
    steady covariance (NaN at unstable ones), its Lyapunov residual and its
    physicality (V + iΩ/2 ⪰ 0)."""

    fixed_points: FixedPoints
    covariance: np.ndarray
    residual: np.ndarray
    physical: np.ndarray
    modes: tuple[str, ...]

    @property
    def states(self) -> np.ndarray:
        return self.fixed_points.states

    @property
    def stable(self) -> np.ndarray:
        return self.fixed_points.stable


def steady_states(compiled, params: np.ndarray, spectrum: bool = True) -> SteadyStates:
    """Fixed points of every parameter point (batch..., P) with their steady covariances;
    ``spectrum``: see :func:`fixed_points`."""
    points = fixed_points(compiled, params, spectrum)
    params = np.broadcast_to(compiled._params(params)[..., None, :], points.states.shape[:-1] + (len(compiled.parameter_names),))
    size = compiled.size
    covariance = np.full(points.states.shape + (size,), np.nan)
    residual = np.full(points.stable.shape, np.nan)
    physical = np.zeros(points.stable.shape, dtype=bool)
    where = points.stable
    if np.any(where):
        drift = compiled.drift(params[where], points.states[where])
        diffusion = compiled.diffusion(params[where])
        covariance[where] = steady_covariance(drift, diffusion)  # NaN where singular (marginal)
        residual[where] = lyapunov_residual(drift, covariance[where], diffusion)
        with np.errstate(invalid="ignore"):
            physical[where] = is_physical(covariance[where])
    return SteadyStates(points, covariance, residual, physical, compiled.modes)
