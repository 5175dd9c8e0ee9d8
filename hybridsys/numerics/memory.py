"""Memory estimates, checked before anything large is allocated.

Every computation that can be asked for more than the machine holds (trajectory
counts, parameter grids, chunks, time samples) estimates its peak memory first, from
the sizes alone, and :func:`require` refuses it with a :class:`ResourceError` that
names the culprit (the argument or command-line option), the estimate and what is
available, instead of a numpy ``MemoryError`` after minutes of work.

The estimates are upper bounds of the arrays each route holds at its peak, measured
with :mod:`tracemalloc` on ``nonreciprocal_sync`` (4 modes) and written per point in
the sizes that set them: ``n`` quadratures (2 per mode), ``T`` recorded samples.
"""

from __future__ import annotations

import os

from ..errors import ResourceError

FLOAT = 8
GiB = 2**30
#: Used when the operating system says nothing about available memory.
FALLBACK_AVAILABLE = 8 * GiB


def available_bytes() -> int:
    """Memory available to a new allocation: ``MemAvailable`` of /proc/meminfo (Linux),
    else free physical pages (``os.sysconf``), else :data:`FALLBACK_AVAILABLE`."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return FALLBACK_AVAILABLE


def _size(nbytes: float) -> str:
    return f"{nbytes / GiB:.3g} GiB" if nbytes >= GiB / 10 else f"{nbytes / 2**20:.3g} MiB"


def require(nbytes: float, argument: str, culprit: str, what: str, hint: str) -> None:
    """Refuse (:class:`ResourceError`) ``what``, estimated at ``nbytes``, when it does not fit
    in the available memory; ``culprit`` names keyword ``argument`` with its value, ``hint`` how to ask for less."""
    available = available_bytes()
    if nbytes > available:
        raise ResourceError(argument, culprit, f"{what} needs about {_size(nbytes)} of memory (estimated before "
                                              f"allocating), more than the {_size(available)} available; {hint}")


def samples_or_points(points: int, samples: int) -> tuple[str, str, str]:
    """(argument, culprit, hint) for a computation over ``points`` × ``samples``: the
    recorded samples (``periods``) for one point, else the parameter points."""
    if points == 1:
        return "periods", f"{samples} recorded samples", "record fewer periods or fewer samples a period"
    return ("params", f"{points} parameter points",
            "pass fewer points at a time (a sweep cuts them into chunks) or record fewer samples")


def trajectory_bytes(points: int, samples: int, quadratures: int) -> int:
    """Linearized trajectories: per point and sample, the state (means and packed
    covariance) and the unpacked covariances the measures read."""
    n = quadratures
    state = n + n * (n + 1) // 2
    return int(points) * int(samples) * (state + 4 * n * n) * FLOAT


def wigner_bytes(points: int, trajectories: int, groups: int, samples: int, quadratures: int) -> int:
    """Truncated Wigner: a seed per trajectory, and per point, group and sample the sums
    of x and x xᵀ with the leave-one-group-out moments of the jackknife (6 copies)."""
    n = quadratures
    return int(trajectories) * 2 * FLOAT + 6 * int(points) * int(groups) * int(samples) * (n + n * n) * FLOAT


def steady_bytes(points: int, quadratures: int) -> int:
    """Steady states: per point, the fixed-point candidates, their drift matrices and
    covariances (a few fixed points a point)."""
    return int(points) * 16 * quadratures * quadratures * FLOAT
