"""Standard normal numbers for the compiled stochastic kernels: fast, and reproducible
from one integer seed per trajectory.

numba's ``np.random.standard_normal`` (Mersenne Twister, polar method) costs about
39 ns a number here, most of a truncated-Wigner step; this module's, 3.7 ns. It draws
uniform bits from xoshiro256** (Blackman & Vigna 2018; its state seeded by splitmix64) and turns them
into normal numbers by the ziggurat method with 128 layers in Doornik's form (ZIGNOR,
2005: the layer index and the uniform come from disjoint bits, so they are independent),
exact: the ziggurat is a rejection method with the normal density as its target.

Generators are columns of a ``uint64`` array (4, lanes), one per SIMD lane of a kernel:
:func:`seed` fills one, :func:`standard_normal` draws from one, :func:`fill_lanes` from
all at once. All are numba functions for use inside compiled kernels.
"""

from __future__ import annotations

import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - the kernels that use this need numba anyway
    numba = None

#: Layers of the ziggurat, its rightmost edge R and the area V of each layer (Marsaglia &
#: Tsang 2000, for 128 layers).
LAYERS = 128
EDGE = 3.442619855899
AREA = 9.91256303526217e-3


def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Layer edges x_0 > x_1 = R > ... > x_128 = 0 and the ratios x_{i+1}/x_i."""
    x = np.zeros(LAYERS + 1)
    f = np.exp(-0.5 * EDGE * EDGE)
    x[0], x[1] = AREA / f, EDGE
    for i in range(2, LAYERS):
        x[i] = np.sqrt(-2 * np.log(AREA / x[i - 1] + f))
        f = np.exp(-0.5 * x[i] * x[i])
    return x, x[1:] / x[:-1]


EDGES, RATIOS = _tables()


def _rotate(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


def _next(states, lane):
    """xoshiro256**: the next 64 random bits of the generator in column ``lane``."""
    s0, s1, s2, s3 = states[0, lane], states[1, lane], states[2, lane], states[3, lane]
    result = _rotate(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    states[0, lane], states[1, lane], states[2, lane], states[3, lane] = s0, s1, s2, _rotate(s3, 45)
    return result


def seed(states, lane, value) -> None:
    """Seed the generator in column ``lane`` from the integer ``value`` by splitmix64
    (never all zero)."""
    z = np.uint64(value)
    for k in range(4):
        z += np.uint64(0x9E3779B97F4A7C15)
        mixed = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        mixed = (mixed ^ (mixed >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        states[k, lane] = mixed ^ (mixed >> np.uint64(31))


def uniform(states, lane) -> float:
    """A uniform number in [0, 1) with 53 random bits."""
    return float(_next(states, lane) >> np.uint64(11)) * 2.0**-53


def _tail(states, lane, negative) -> float:
    """A normal number beyond the edge R (Marsaglia 1964)."""
    while True:
        x = np.log(1.0 - uniform(states, lane)) / EDGE
        y = np.log(1.0 - uniform(states, lane))
        if -2.0 * y >= x * x:
            return x - EDGE if negative else EDGE - x


def _attempt(bits):
    """The ziggurat's first try from 64 random bits: a uniform u in [-1, 1) and a layer."""
    return 2.0 * (float(bits >> np.uint64(11)) * 2.0**-53) - 1.0, np.int64(bits & np.uint64(LAYERS - 1))


def _rejected(states, lane, u, layer) -> float:
    """The rest of the ziggurat after the try (u, layer) missed the layer's rectangle:
    the tail, the wedge test, or new tries."""
    while True:
        if layer == 0:
            return _tail(states, lane, u < 0.0)
        x = u * EDGES[layer]
        f0 = np.exp(-0.5 * (EDGES[layer] * EDGES[layer] - x * x))
        f1 = np.exp(-0.5 * (EDGES[layer + 1] * EDGES[layer + 1] - x * x))
        if f1 + uniform(states, lane) * (f0 - f1) < 1.0:
            return x
        u, layer = _attempt(_next(states, lane))
        if abs(u) < RATIOS[layer]:
            return u * EDGES[layer]


def standard_normal(states, lane) -> float:
    """A standard normal number (ziggurat, ZIGNOR) from the generator in column ``lane``."""
    u, layer = _attempt(_next(states, lane))
    if abs(u) < RATIOS[layer]:
        return u * EDGES[layer]
    return _rejected(states, lane, u, layer)


def fill_lanes(states, out) -> None:
    """out[i, l] = the i-th next standard normal number of the generator in column l:
    the numbers, in the order, that :func:`standard_normal` gives (each lane draws
    from its own generator, so the lanes may go in any order). Each number is finished
    before the next (measured on the spec's Wigner kernel, one thread: 54 ns a
    trajectory and step, against 87 with every lane's first try in one pass and the
    misses after it, and slower still with 8, 16 or 32 lanes, where that pass vectorizes)."""
    for i in range(out.shape[0]):
        for lane in range(out.shape[1]):
            u, layer = _attempt(_next(states, lane))
            out[i, lane] = u * EDGES[layer] if abs(u) < RATIOS[layer] else _rejected(states, lane, u, layer)


if numba is not None:
    _rotate, _next, _attempt = (numba.njit(cache=True, inline="always")(f) for f in (_rotate, _next, _attempt))
    seed, uniform, _tail, _rejected, standard_normal, fill_lanes = (
        numba.njit(cache=True)(f) for f in (seed, uniform, _tail, _rejected, standard_normal, fill_lanes))
