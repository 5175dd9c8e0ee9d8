"""What every benchmark here prints beside its figures, and how it times a call."""

from __future__ import annotations

import os
import time

import numpy as np


def timed(function, *args, repeat: int = 1, **kwargs):
    """The result of ``function(*args, **kwargs)`` and the best of ``repeat`` timings
    (on a shared 2-core machine a parallel call now and then waits a whole time slice)."""
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return result, best


def context() -> str:
    """Load averages, numba's thread count and the cores, for beside a figure."""
    import numba

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"[load {load}; {numba.get_num_threads()} numba threads, {os.cpu_count()} cores]"
