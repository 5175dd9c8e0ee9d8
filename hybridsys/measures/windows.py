"""Statistics of a measure over the last periods of a trajectory (the window the
spec's figures summarize)."""

from __future__ import annotations

import numpy as np


def window(times: np.ndarray, periods: float, period: float = 2 * np.pi) -> np.ndarray:
    """Mask of the samples in the last ``periods`` periods (default τ = 2π/ω_ref)."""
    times = np.asarray(times)
    return times >= times[-1] - periods * period * (1 + 1e-12)


def asymptotic(times: np.ndarray, values: np.ndarray, periods: float = 20, period: float = 2 * np.pi) -> dict:
    """Max and mean of ``values`` (batch..., T) over the last ``periods`` periods."""
    last = values[..., window(times, periods, period)]
    return {"max": np.max(last, axis=-1), "mean": np.mean(last, axis=-1), "periods": periods}
