"""Standard normal numbers for the compiled stochastic kernels: fast, and reproducible
from one integer seed per trajectory.

numba's ``np.random.standard_normal`` (Mersenne Twister, polar method) costs about
39 ns a number here, most of a truncated-Wigner step; this module's, 8 ns. This module draws uniform bits
from xoshiro256** (Blackman & Vigna 2018; its state seeded by splitmix64) and turns them
into normal numbers by the ziggurat method with 128 layers in Doornik's form (ZIGNOR,
2005: the layer index and the uniform come from disjoint bits, so they are independent),
exact: the ziggurat is a rejection method with the normal density as its target.

A state is a ``uint64`` array of 4; :func:`seed` fills it, :func:`standard_normal`
advances it. Both are numba functions for use inside compiled kernels.
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
_MASK = (1 << 64) - 1


def _rotate(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


def _next(state):
    """xoshiro256**: the next 64 random bits."""
    result = _rotate(state[1] * np.uint64(5), 7) * np.uint64(9)
    t = state[1] << np.uint64(17)
    state[2] ^= state[0]
    state[3] ^= state[1]
    state[1] ^= state[2]
    state[0] ^= state[3]
    state[2] ^= t
    state[3] = _rotate(state[3], 45)
    return result


def seed(state, value) -> None:
    """Fill ``state`` from the integer ``value`` by splitmix64 (never all zero)."""
    z = np.uint64(value)
    for k in range(4):
        z += np.uint64(0x9E3779B97F4A7C15)
        mixed = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        mixed = (mixed ^ (mixed >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        state[k] = mixed ^ (mixed >> np.uint64(31))


def uniform(state) -> float:
    """A uniform number in [0, 1) with 53 random bits."""
    return float(_next(state) >> np.uint64(11)) * 2.0**-53


def _tail(state, negative) -> float:
    """A normal number beyond the edge R (Marsaglia 1964)."""
    while True:
        x = np.log(1.0 - uniform(state)) / EDGE
        y = np.log(1.0 - uniform(state))
        if -2.0 * y >= x * x:
            return x - EDGE if negative else EDGE - x


def standard_normal(state) -> float:
    """A standard normal number (ziggurat, ZIGNOR)."""
    while True:
        bits = _next(state)
        u = 2.0 * (float(bits >> np.uint64(11)) * 2.0**-53) - 1.0
        i = int(bits & np.uint64(LAYERS - 1))
        if abs(u) < RATIOS[i]:
            return u * EDGES[i]
        if i == 0:
            return _tail(state, u < 0.0)
        x = u * EDGES[i]
        f0 = np.exp(-0.5 * (EDGES[i] * EDGES[i] - x * x))
        f1 = np.exp(-0.5 * (EDGES[i + 1] * EDGES[i + 1] - x * x))
        if f1 + uniform(state) * (f0 - f1) < 1.0:
            return x


def fill(state, out) -> None:
    """``out[:]`` = standard normal numbers."""
    for k in range(out.shape[0]):
        out[k] = standard_normal(state)


if numba is not None:
    _rotate, _next, seed, uniform, _tail, standard_normal, fill = (
        numba.njit(cache=True, inline="always")(f) if f in (_rotate, _next) else numba.njit(cache=True)(f)
        for f in (_rotate, _next, seed, uniform, _tail, standard_normal, fill)
    )
