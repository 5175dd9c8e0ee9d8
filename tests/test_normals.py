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
    state = np.empty(4, dtype=np.uint64)
    normals.seed(state, value)
    out = np.empty(count)
    for k in range(count):
        out[k] = normals.standard_normal(state)
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
