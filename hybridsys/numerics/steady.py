"""Steady states: every fixed point, its stability, and at the stable ones the
covariance of the fluctuations from the algebraic Lyapunov equation
A V + V Aᵀ + D = 0 (the t → ∞ limit of (S17)).
"""

from __future__ import annotations

import attrs
import numpy as np

from ..errors import HybridsysError
from . import memory
from .covariance import is_physical, lyapunov_residual, steady_covariance
from .fixedpoints import FixedPoints, fixed_points
from .stability import verdict_from_drift


#: How far from a fixed point a state given to :func:`covariance_at` may be: the
#: mean-field residual max|f(x)| relative to ‖A‖·(1 + max|x|) (fixed points found by
#: :func:`fixed_points` are polished to 1e-10 of the same measure).
FIXED_POINT_TOLERANCE = 1e-8


def covariance_at(compiled, params: np.ndarray, state: np.ndarray) -> np.ndarray:
    """Steady covariance at the given mean fields (batch..., 2n), which must be a
    stable fixed point (e.g. one of :func:`fixed_points`): a state that is not a fixed
    point, or an unstable one, has no steady state, and asking for it raises an error
    naming the parameter point(s). A time-dependent model is refused (its steady state
    is periodic, see :mod:`hybridsys.numerics.periodic`)."""
    compiled.require_static("the steady covariance (algebraic Lyapunov equation)")
    params, state = compiled._batch(params, state)
    drift = compiled.drift(params, state)
    flat = np.broadcast_to(params, drift.shape[:-2] + params.shape[-1:]).reshape(int(np.prod(drift.shape[:-2])), params.shape[-1])
    where = lambda b: dict(zip(compiled.parameter_names, flat[b].tolist()))  # noqa: E731
    with np.errstate(all="ignore"):
        scale = np.max(np.abs(drift), axis=(-2, -1)) * (1 + np.max(np.abs(state), axis=-1))
        residual = np.max(np.abs(compiled.mean_field(params, state)), axis=-1) / np.where(scale > 0, scale, 1.0)
    off = np.flatnonzero(~(residual <= FIXED_POINT_TOLERANCE).ravel())
    if off.size:
        b = int(off[0])
        raise HybridsysError(
            f"no steady state: the mean fields given are not a fixed point at {off.size} of {residual.size} point(s) "
            f"(#{', #'.join(map(str, off[:10].tolist()))}{', ...' if off.size > 10 else ''}); at #{b} the mean-field "
            f"residual is {residual.ravel()[b]:.3g} of the state's scale (tolerance {FIXED_POINT_TOLERANCE:g}). "
            f"Take the state from hs.fixed_points. Parameters at #{b}: {where(b)}"
        )
    covariance = steady_covariance(drift, compiled.diffusion(params))
    bad = ~verdict_from_drift(drift).stable | ~np.all(np.isfinite(covariance), axis=(-2, -1))
    if np.any(bad):
        b = int(np.flatnonzero(bad.ravel())[0])
        worst = np.linalg.eigvals(drift.reshape((-1,) + drift.shape[-2:])[b]).real.max()
        raise HybridsysError(
            f"no steady state: the operating point #{b} is unstable or marginal (largest Re λ of A = {worst:.3g}); "
            f"integrate a trajectory instead. Parameters: {where(b)}"
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
    count = int(np.prod(np.shape(params)[:-1]))
    memory.require(memory.steady_bytes(count, compiled.size), "params", f"{count} parameter points",
                   f"steady states at {count} parameter points", "pass fewer points at a time (or a sweep, which cuts them into chunks)")
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
