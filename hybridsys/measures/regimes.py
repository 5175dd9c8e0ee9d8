"""The regime a trajectory settles into, read off its mean fields over the last periods:
fixed point, limit cycle (with its period), transient or irregular."""

from __future__ import annotations

import warnings

import numpy as np

from .windows import window


def _upward_crossings(t: np.ndarray, signal: np.ndarray) -> np.ndarray:
    """Times (batch, T-1; NaN elsewhere) where ``signal`` crosses 0 upward between
    uniform samples, located on the parabola through the samples i-1, i, i+1 around
    each crossing (error O(Δt³); linear in the first interval)."""
    lo, hi = signal[:, :-1], signal[:, 1:]
    up = (lo < 0) & (hi >= 0)
    s = -lo / (hi - lo)
    y0, y1, y2 = signal[:, :-2], signal[:, 1:-1], signal[:, 2:]
    a, b, c = (y0 + y2) / 2 - y1, (y2 - y0) / 2, y1  # y(s) = a s² + b s + c, s in sample steps
    root = -2 * c / (b + np.sqrt(np.maximum(b * b - 4 * a * c, 0.0)))  # the root where y rises
    s[:, 1:] = np.where((root >= 0) & (root <= 1), root, s[:, 1:])
    return np.where(up, t[:-1] + (t[1] - t[0]) * s, np.nan)


def classify(times: np.ndarray, mean: np.ndarray, ok: np.ndarray, periods: float = 20,
             tolerance: float = 1e-4, noise: np.ndarray | float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Regime and period of each trajectory from its mean fields (batch, T, 2n),
    sampled uniformly, over the last ``periods`` periods τ.

    * "fixed point": every quadrature varies by less than ``tolerance`` relative to
      the largest (the integrator's own error is ~rtol per step, so simulate
      passes 100·rtol) plus ``noise`` (per point: how much a mean estimated from
      samples varies by chance; 0 for an integration);
    * "limit cycle": the quadrature that varies most crosses its mid-level upward at
      equal intervals (spread below 1% of their mean) with a steady amplitude (the
      thirds of the window within 1%); the period is the mean interval, accurate to
      well below 1e-3 with 10 or more samples a period;
    * "transient": the amplitude grows or decays steadily through the window;
    * "irregular": none of these (quasi-periodic, chaotic, or several crossings a
      period); "failed": the integration did not finish.
    """
    inside = window(times, periods)
    last, t = mean[:, inside], times[inside]
    top, bottom = np.max(last, axis=1), np.min(last, axis=1)
    span = top - bottom
    size = np.maximum(1.0, np.max(np.abs(last), axis=(1, 2)))
    fixed = np.max(span, axis=1) <= tolerance * size + noise
    k = np.argmax(span, axis=1)
    pick = lambda a: np.take_along_axis(a, k[:, None], axis=1)[:, 0]  # noqa: E731
    signal = np.take_along_axis(last, k[:, None, None], axis=2)[..., 0] - (pick(top) + pick(bottom))[:, None] / 2
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows without crossings give NaN
        crossings = np.sort(_upward_crossings(t, signal), axis=1)
        intervals = np.diff(crossings, axis=1)
        count = np.sum(np.isfinite(crossings), axis=1)
        cycle = (np.nanmax(crossings, axis=1) - crossings[:, 0]) / (count - 1)
        spread = (np.nanmax(intervals, axis=1) - np.nanmin(intervals, axis=1)) / cycle
        thirds = [np.ptp(part, axis=1) for part in np.array_split(signal, 3, axis=1)]
        growth = (thirds[1] / thirds[0], thirds[2] / thirds[1])
    regular = (count >= 3) & (spread <= 1e-2)
    steady = (np.abs(growth[0] - 1) <= 0.01) & (np.abs(growth[1] - 1) <= 0.01)
    monotonic = ((growth[0] > 1.01) & (growth[1] > 1.01)) | ((growth[0] < 0.99) & (growth[1] < 0.99))
    regime = np.select(
        [~ok, fixed, regular & steady, monotonic],
        ["failed", "fixed point", "limit cycle", "transient"],
        "irregular",
    )
    return regime, np.where(regime == "limit cycle", cycle, np.nan)
