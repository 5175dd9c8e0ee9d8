"""Whether a time grid resolves a model's modulation.

A modulated model (t inside cos(ωt + φ), ...; :mod:`hybridsys.symbolic.modulation`)
varies on the time scale 2π/|ω| of its fastest frequency. What must resolve it
depends on the route:

* a **fixed step** (the truncated-Wigner kernel) integrates it correctly only with
  several steps per modulation period: steps are checked;
* an **adaptive step** (the trajectory kernel, the period map of the periodic route,
  QuTiP's solver on the master route) has no step to check: its error control shortens
  the step wherever the modulation needs it, however fast;
* the **samples** of every route are exact where they are, but what is read from the
  series of samples (the regime and period of a trajectory, the max, min and mean of a
  measure over a window or over the period) sees the modulation only if the samples
  resolve it: samples are checked (:data:`SAMPLES_PER_MODULATION` a period, twice
  Nyquist's bare two).

A point is unresolved when its grid's spacing h exceeds 2π/(per·|ω|) for its fastest
frequency ω; routes raise a :class:`~hybridsys.errors.ParameterError` naming the
point, the frequency and the spacing, and sweeps mark the point ``failed`` with the
same reason.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError

TAU = 2 * np.pi

#: Samples per period 2π/|ω| of the fastest modulation that every route's samples must
#: give, so that the series they form (and its max, min, mean, regime) shows it.
SAMPLES_PER_MODULATION = 4


def unresolved(compiled, params: np.ndarray, spacing, per: int, grid: str, fix: str, count) -> list[str]:
    """Per point of ``params`` (B, P): '' where the ``grid`` (words and the spacing's
    formula, e.g. "sample intervals (τ/samples_per_period") with spacing ``spacing`` (a
    number or per point) gives at least ``per`` points a period of the fastest
    modulation, else why, with the smallest value of the setting ``fix`` (its name) that
    would: ``count`` (a number or per point) is that setting's present value, the
    spacing scaling as 1/count."""
    frequencies = np.abs(compiled.frequencies(params))
    fastest = frequencies.max(axis=-1, initial=0.0)
    spacing = np.broadcast_to(np.asarray(spacing, dtype=float), fastest.shape)
    with np.errstate(invalid="ignore"):
        short = fastest * spacing * per > TAU * (1 + 1e-12)
    if not np.any(short):
        return [""] * len(fastest)
    needed = np.ceil(np.broadcast_to(np.asarray(count, dtype=float), fastest.shape) * fastest * spacing * per / TAU * (1 - 1e-12))
    return [(f"the modulation period 2π/ω = {TAU / fastest[b]:.4g} (ω = {fastest[b]:.4g}) is shorter than {per} {grid} = "
             f"{spacing[b]:.4g}); take {fix} >= {needed[b]:.0f}") if short[b] else "" for b in range(len(fastest))]


def trajectory_samples(compiled, params: np.ndarray, samples_per_period: int) -> list[str]:
    """:func:`unresolved` for a trajectory's samples, τ/samples_per_period apart (τ = 2π)."""
    return unresolved(compiled, params, TAU / samples_per_period, SAMPLES_PER_MODULATION,
                      "sample intervals (τ/samples_per_period", "samples_per_period", samples_per_period)


def period_samples(compiled, params: np.ndarray, period: np.ndarray, samples: int, setting: str = "samples") -> list[str]:
    """:func:`unresolved` for ``samples`` phases of the period T (per point; NaN where
    there is none, never unresolved), named ``setting``."""
    return unresolved(compiled, params, np.asarray(period, dtype=float) / samples, SAMPLES_PER_MODULATION,
                      f"sample intervals of the period T (T/{setting}", setting, samples)


def require(reasons: list[str], compiled, params: np.ndarray) -> None:
    """Raise :class:`ParameterError` at the first point of ``params`` (B, P) with a reason
    (from :func:`unresolved`), naming it."""
    found = [b for b, r in enumerate(reasons) if r]
    if found:
        b = found[0]
        point = ", ".join(f"{k}={v:.4g}" for k, v in zip(compiled.parameter_names, params[b]))
        more = f" (and {len(found) - 1} more points)" if len(found) > 1 else ""
        raise ParameterError(f"at parameter point #{b}{f' ({point})' if point else ''}{more}: {reasons[b]}")
