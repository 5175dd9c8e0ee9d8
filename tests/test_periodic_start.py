"""The periodic route's compiled start (from 16 points, with numba) against numpy's
batched route, a closed form and scipy's own integration of the mean field."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import hybridsys as hs
from hybridsys.numerics import periodic
from hybridsys.numerics.periodic_start import compiled_starts
from tests.test_periodic import STATIC, optomechanics
from tests.test_time import driven_cavity

pytest.importorskip("numba")

TOLERANCE = 1e-10  # harmonic balance stops where an iteration moves x by at most this (relative)


def starts_both_ways(compiled, params, period):
    """(compiled orbit, compiled average), (numpy orbit, numpy average)."""
    K_average = periodic.harmonic_phases(compiled, params, period, least=5)
    K = periodic.harmonic_phases(compiled, params, period)
    average = periodic.averaged_fixed_point(compiled, params, period)
    numpy_route = periodic.harmonic_balance(compiled, params, period, average, tolerance=TOLERANCE), average
    return compiled_starts(compiled, params, period, K_average, K, TOLERANCE, periodic.HARMONIC_ITERATIONS), numpy_route


def test_a_linear_cavity_starts_on_its_closed_form_orbit():
    """E cos Wt on a linear cavity: α(0) = E/2 [1/(κ + i(Δ+W)) + 1/(κ + i(Δ−W))]; the
    averaged fixed point is the empty state."""
    compiled = hs.compile(driven_cavity())
    D = np.linspace(-2.0, 2.0, 20)
    params = compiled.parameters({"Delta": D, "kappa": 0.3, "n": 0.0, "E0": 2.0, "Om": 1.7})
    period = np.full(len(D), 2 * np.pi / 1.7)
    (orbit, average), _ = starts_both_ways(compiled, params, period)
    alpha = 1.0 * (1 / (0.3 + 1j * (D + 1.7)) + 1 / (0.3 + 1j * (D - 1.7)))
    assert np.abs(average).max() < 1e-14
    assert np.allclose(orbit, np.stack([np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag], axis=1), rtol=0, atol=1e-12)


def test_a_nonlinear_start_agrees_with_numpy_and_returns_to_itself_under_scipy():
    """Radiation pressure with a modulated drive at 20 points: the compiled start and
    numpy's agree to the stopping tolerance (numpy's batch carries finished points on),
    and scipy's integration of the mean field from it returns within the tolerance."""
    compiled = hs.compile(optomechanics("E0 + E1*cos(Om*t)"))
    Da = np.linspace(0.7, 1.4, 20)
    params = compiled.parameters({**STATIC, "Delta_a": Da, "E1": 2.0, "Om": 2.0})
    period = np.full(len(Da), np.pi)
    (orbit, average), (numpy_orbit, numpy_average) = starts_both_ways(compiled, params, period)
    scale = 1 + np.abs(average).max(axis=1)
    assert np.all(np.abs(average - numpy_average).max(axis=1) <= 1e-12 * scale)
    assert np.all(np.abs(orbit - numpy_orbit).max(axis=1) <= TOLERANCE * scale)
    for b in (0, 9, 19):
        run = solve_ivp(lambda t, x: compiled.mean_field(params[b], x, t), (0, np.pi), orbit[b], method="DOP853",
                        rtol=1e-12, atol=1e-12)
        assert np.abs(run.y[:, -1] - orbit[b]).max() < TOLERANCE * scale[b]


def test_a_resonant_harmonic_gives_no_start_there_only():
    """An undamped cavity whose detuning equals the drive's frequency: 2πi·1 − TĀ is
    singular, so that point has no harmonic-balance start; its neighbours have one."""
    compiled = hs.compile(driven_cavity())
    k = np.full(16, 0.2)
    k[5] = 0.0
    D = np.full(16, 0.5)
    D[5] = 1.0
    params = compiled.parameters({"Delta": D, "kappa": k, "n": 0.0, "E0": 1.0, "Om": 1.0})
    (orbit, average), _ = starts_both_ways(compiled, params, np.full(16, 2 * np.pi))
    assert np.isnan(orbit[5]).all() and np.isfinite(np.delete(orbit, 5, axis=0)).all()
