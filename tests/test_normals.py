"""The normal numbers of the stochastic kernels (xoshiro256** and the ziggurat) are
standard normal: moments, tails and the whole distribution against the exact one,
within the sampling error of 4·10⁶ numbers (fixed seeds: the test is deterministic),
and reproducible from their seed."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
import scipy.stats

numba = pytest.importorskip("numba")

from hybridsys.numerics import normals  # noqa: E402

COUNT = 4_000_000


@numba.njit(cache=True)
def _draw(value, count):
    states = np.empty((4, 1), dtype=np.uint64)
    normals.seed(states, 0, value)
    out = np.empty(count)
    for k in range(count):
        out[k] = normals.standard_normal(states, 0)
    return out


@pytest.fixture(scope="module")
def sample():
    return _draw(20261206, COUNT)


def test_ziggurat_layers_have_equal_areas_under_the_density():
    """Each layer i >= 1 is a rectangle x_i (f(x_{i+1}) - f(x_i)) of area V; the base
    layer R f(R) plus the tail beyond R has area V too (Marsaglia & Tsang's constants)."""
    x, f = normals.EDGES, np.exp(-0.5 * normals.EDGES**2)
    assert np.allclose(x[1:-1] * (f[2:] - f[1:-1]), normals.AREA, rtol=1e-9)
    tail = np.sqrt(np.pi / 2) * scipy.special.erfc(normals.EDGE / np.sqrt(2))
    assert normals.EDGE * f[1] + tail == pytest.approx(normals.AREA, rel=1e-9)


def test_moments_are_those_of_the_standard_normal(sample):
    """Mean 0, variance 1, skewness 0, excess kurtosis 0, each within 5 standard errors."""
    n = len(sample)
    assert abs(sample.mean()) < 5 / np.sqrt(n)
    assert abs(sample.var() - 1) < 5 * np.sqrt(2 / n)
    assert abs(scipy.stats.skew(sample)) < 5 * np.sqrt(6 / n)
    assert abs(scipy.stats.kurtosis(sample)) < 5 * np.sqrt(24 / n)


def test_tails_and_the_whole_distribution_are_standard_normal(sample):
    """Tail frequencies (inside the layers, at the edge R and in the tail drawn apart)
    within 5 binomial standard errors, and a Kolmogorov–Smirnov test."""
    n = len(sample)
    for level in (0.5, 1.0, 2.0, normals.EDGE, 4.0):
        p = 2 * scipy.stats.norm.sf(level)
        assert abs(np.mean(np.abs(sample) > level) - p) < 5 * np.sqrt(p * (1 - p) / n), level
    assert scipy.stats.kstest(sample[:1_000_000], "norm").pvalue > 1e-3


def test_consecutive_numbers_are_uncorrelated(sample):
    """Lag-1 correlation of the numbers and of their squares within 5 standard errors."""
    n = len(sample)
    assert abs(np.corrcoef(sample[:-1], sample[1:])[0, 1]) < 5 / np.sqrt(n)
    assert abs(np.corrcoef(sample[:-1] ** 2, sample[1:] ** 2)[0, 1]) < 5 / np.sqrt(n)


def test_a_seed_gives_its_own_stream_every_time():
    assert np.array_equal(_draw(5, 100), _draw(5, 100))
    assert not np.array_equal(_draw(5, 100), _draw(6, 100))


def test_all_lanes_at_once_draw_what_each_lane_draws_alone():
    """fill_lanes (lane by lane, row by row) against standard_normal
    lane by lane: the same numbers, bit for bit, misses and tail included (8,000 numbers
    a lane: about 1% miss their rectangle)."""
    lanes, count = 5, 8000
    together, alone = np.zeros((4, lanes), dtype=np.uint64), np.zeros((4, lanes), dtype=np.uint64)
    for lane in range(lanes):
        normals.seed(together, lane, 40 + lane)
        normals.seed(alone, lane, 40 + lane)
    out = np.empty((count, lanes))
    normals.fill_lanes(together, out)
    for lane in range(lanes):
        assert np.array_equal(out[:, lane], _draw(40 + lane, count))
    assert np.mean(np.abs(out) > normals.EDGE) > 0  # the tail was drawn
