"""The integrator's second method, Hairer's DOP853 (order 8, 7th-order dense output):
its tableau against scipy's, the compiled kernel against scipy's DOP853 and a closed
form, samples between steps, a time-dependent flow, and the choice of method."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate._ivp import dop853_coefficients as coefficients
from scipy.integrate._ivp.rk import Dop853DenseOutput

import hybridsys as hs
from hybridsys.numerics.integrator import RK45, tableau
from tests.test_time import MODULATED, closed_form_amplitude, driven_cavity, modulated_optomechanics
from tests.test_trajectory import driven_kerr_cavity

DOP853 = hs.Accuracy(rtol=1e-10, atol=1e-13, method="DOP853")


def test_tableau_is_scipys_dop853():
    method = tableau("DOP853")
    rows = coefficients.N_STAGES_EXTENDED
    assert method.new == coefficients.N_STAGES == 12 and method.rows == rows == 16
    assert np.array_equal(method.stages, coefficients.A[:rows, :rows]) and np.array_equal(method.nodes, coefficients.C)
    assert np.array_equal(method.stages[method.new, : method.new], coefficients.B)  # row 12 is y_new
    assert np.array_equal(method.errors[0], coefficients.E5) and np.array_equal(method.errors[1], coefficients.E3)
    assert method.exponent == -1 / 8 and RK45.exponent == -1 / 5


def test_dense_output_is_scipys_polynomial():
    """Our weights of each k in powers of θ against scipy's Dop853DenseOutput (Hairer's
    CONTD8: nested in θ and 1 − θ, over F = [Δy, h k₀ − Δy, 2Δy − h(k₀ + k_new), h D k]),
    on random stages; and at θ = 1 the polynomial is y_new."""
    method = tableau("DOP853")
    rng = np.random.default_rng(5)
    k, y, h = rng.normal(size=(16, 6)), rng.normal(size=6), 0.37
    delta = h * coefficients.B @ k[:12]
    F = np.vstack([delta, h * k[0] - delta, 2 * delta - h * (k[12] + k[0]), h * coefficients.D @ k])
    theirs = Dop853DenseOutput(0.0, h, y, F)
    theta = np.linspace(0.0, 1.0, 11)
    ours = y + h * theta[:, None] * (np.polynomial.polynomial.polyval(theta, method.dense.T).T @ k)
    assert np.max(np.abs(ours - theirs(theta * h).T)) < 1e-12
    assert np.max(np.abs(ours[-1] - (y + delta))) < 1e-12


def test_kernel_agrees_with_scipys_dop853_on_a_time_dependent_flow_between_steps():
    """Every term of a model modulated in time (drive, detuning, coupling, Kerr, a
    generic term), 5 points in one batch: the compiled DOP853 kernel and scipy's DOP853
    on the same flow agree within the tolerance, at samples denser than the steps (the
    dense output with its extra stages), with under a quarter of RK45's steps."""
    compiled = hs.compile(modulated_optomechanics())
    params = compiled.parameters({**MODULATED, "W": np.array([0.9, 1.3, 2.0, 2.6, 0.5])})
    settings = dict(periods=8, samples_per_period=256)
    fast = hs.simulate(compiled, params, accuracy=DOP853, **settings)
    reference = hs.simulate(compiled, params[:3], accuracy=DOP853, engine="scipy", **settings)
    assert np.all(fast.ok) and np.all(reference.ok) and fast.integration.accuracy.method == "DOP853"
    scale = np.abs(reference.y).max(axis=-2)
    assert np.max(np.abs(fast.y[:3] - reference.y) / (1 + scale[:, None])) < 1e-9  # 10 rtol
    accepted = fast.integration.steps[:, 0]
    assert np.all(accepted < len(fast.times) / 2)  # most samples fall between steps
    rk45 = hs.simulate(compiled, params, accuracy=hs.Accuracy(rtol=1e-10, atol=1e-13, method="RK45"), **settings)
    assert np.all(4 * accepted < rk45.integration.steps[:, 0])


def test_a_damped_mode_driven_by_e0_cos_omega_t_follows_the_closed_form():
    """dα/dt = −(κ + iΔ)α + E₀ cos Ωt from α = 0: after 40 τ the transient (e^{−κt}) is
    gone and every sample, between steps, is the closed-form periodic solution within
    the tolerance; the covariance stays (n + ½) I."""
    compiled = hs.compile(driven_cavity())
    values = {"Delta": np.array([0.3, -1.1, 2.0]), "kappa": 0.5, "n": 2.0, "E0": 1.5, "Om": np.array([1.0, 2.5, 0.7])}
    for engine in ("numba", "scipy"):
        run = hs.simulate(compiled, compiled.parameters(values), periods=40, record_periods=5, samples_per_period=40,
                          initial=hs.InitialState(fluctuations="vacuum"), accuracy=DOP853, engine=engine)
        assert np.all(run.ok)
        alpha = closed_form_amplitude(run.times, 1.5, values["Om"][:, None], values["Delta"][:, None], 0.5)
        expected = np.stack([np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag], axis=-1)  # X = √2 Re α, Y = √2 Im α
        assert np.max(np.abs(run.mean - expected)) < 1e-9, engine
        assert np.max(np.abs(run.covariance - 2.5 * np.eye(2))) < 1e-9, engine


def test_trajectories_keep_rk45_unless_asked_and_a_wrong_method_is_refused():
    compiled = driven_kerr_cavity()
    params = compiled.parameters({"Delta_a": 1.0, "kappa_a": 0.2, "K_a": 0.0, "xi_a": 1.0})
    assert hs.simulate(compiled, params, periods=2).integration.accuracy.method == "RK45"
    with pytest.raises(hs.ParameterError, match="Accuracy.method must be one of"):
        hs.Accuracy(method="RK23")


def test_each_point_stops_for_its_own_reason_with_dop853():
    """The failure paths are the template's, shared with RK45: ok, diverged (an undamped
    resonant drive), too many steps, step size underflow (a huge Kerr rate), a
    non-finite right-hand side (|a|² overflows), each lane as if alone."""
    compiled = driven_kerr_cavity()
    values = {"Delta_a": np.array([1.0, 0.0, 300.0, 1.0, 1.0]), "kappa_a": np.array([0.1, 0.0, 0.1, 0.1, 0.1]),
              "K_a": np.array([0.0, 0.0, 0.0, 1.0, 0.0]), "xi_a": 1.0}
    mean = np.zeros((5, 2))
    mean[3, 0], mean[4, 0] = 1e120, 1e200
    accuracy = hs.Accuracy(divergence=100.0, max_steps=300, method="DOP853")
    trajectory = hs.simulate(compiled, compiled.parameters(values), periods=20, initial=hs.InitialState(mean=mean),
                             accuracy=accuracy)
    assert list(trajectory.integration.status) == [0, 1, 3, 4, 2]  # ok, diverged, too many steps, underflow, non-finite
    for b in range(5):
        alone = hs.simulate(compiled, compiled.parameters({k: np.ravel(v)[b % np.size(v)] for k, v in values.items()}),
                            periods=20, initial=hs.InitialState(mean=mean[b]), accuracy=accuracy)
        assert np.array_equal(alone.y, trajectory.y[b], equal_nan=True) and alone.status == trajectory.status[b]
