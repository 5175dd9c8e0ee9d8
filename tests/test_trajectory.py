"""Trajectories: the compiled kernel against scipy, batching, regimes, failures."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import hybridsys as hs
from hybridsys import measures
from hybridsys.numerics.covariance import unpack
from hybridsys.numerics.integrator import A, B, C, E, P, STATUS
from tests.test_time import driven_cavity


def driven_kerr_cavity():
    """A cavity with Kerr rate K_a and drive xi_a: with K_a = 0 a driven linear cavity, with
    xi_a = 0 a free Kerr oscillator. One network for the tests below, so that one
    trajectory kernel (per lane count) is compiled for all of them."""
    return hs.compile(hs.Network([hs.Cavity("a"), hs.Kerr("a"), hs.Drive("a")]))


def derived_mean_field(compiled, params):
    """dx/dt of one point for scipy's reference runs, straight from the derivation: sympy's
    mean field with the point's values put in, lambdified (no generated code in between;
    about ten times faster a call than the batched ``compiled.mean_field``)."""
    import sympy as sp

    derivation = compiled.derivation
    field = derivation.mean_field.vector_field
    values = dict(zip(compiled.parameter_names, params))
    point = list(field.subs({s: values[s.name] for s in field.free_symbols if s.name in values}))
    assert all(symbol in derivation.state for item in point for symbol in item.free_symbols)
    function = sp.lambdify([list(derivation.state)], point, cse=True)
    return lambda t, x: function(x)


def test_tableau_is_scipys_rk45():
    from scipy.integrate._ivp.rk import RK45

    for ours, theirs in ((A, RK45.A), (B, RK45.B), (C, RK45.C), (E, RK45.E), (P, RK45.P)):
        assert np.array_equal(ours, theirs)


def test_compiled_kernel_agrees_with_scipy_rk45_reference(spec_model, spec_compiled):
    params = spec_compiled.parameters(spec_model.values())
    fast = hs.simulate(spec_compiled, params, periods=60, engine="numba")
    reference = hs.simulate(spec_compiled, params, periods=60, engine="scipy")
    scale = np.abs(reference.y).max(axis=0)
    assert np.max(np.abs(fast.y - reference.y) / (1 + scale)) < 1e-6


def test_mean_field_agrees_with_an_independent_tight_integration(spec_model, spec_compiled):
    """DOP853 at rtol 1e-11 on the derived mean field (sympy's, not the generated flow): the
    error is within 10 rtol over 60 periods of the limit cycle, and falls with rtol."""
    params = spec_compiled.parameters(spec_model.values())
    rhs = derived_mean_field(spec_compiled, params)
    errors, tight = [], None
    for rtol in (1e-6, 1e-8):
        trajectory = hs.simulate(spec_compiled, params, periods=60, accuracy=hs.Accuracy(rtol=rtol, atol=rtol * 1e-3))
        if tight is None:  # the same sample times at either rtol: one reference serves both
            tight = solve_ivp(rhs, (0, trajectory.times[-1]), np.zeros(8), method="DOP853", t_eval=trajectory.times, rtol=1e-11, atol=1e-12)
        assert np.array_equal(tight.t, trajectory.times)
        errors.append(np.abs(trajectory.mean - tight.y.T).max() / np.abs(tight.y).max())
        assert errors[-1] < 10 * rtol
    assert errors[1] < errors[0] / 30


def test_time_dependent_covariance_converges_to_the_steady_one():
    network = hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.RadiationPressure("a", "b"), hs.Drive("a")])
    compiled = hs.compile(network)
    values = {"Delta_a": 1.0, "kappa_a": 0.3, "omega_b": 1.0, "gamma_b": 0.05, "nbar_b": 2.0, "g_a": 0.01, "xi_a": 8.0}
    params = compiled.parameters(values)
    steady = hs.steady_states(compiled, params)
    assert steady.fixed_points.count == 1 and steady.stable[0]
    start = hs.InitialState(mean=steady.states[0], fluctuations="vacuum")
    trajectory = hs.simulate(compiled, params, periods=120, initial=start, accuracy=hs.Accuracy(rtol=1e-9, atol=1e-12))
    assert trajectory.regime == "fixed point"
    assert np.allclose(trajectory.covariance[-1], steady.covariance[0], rtol=1e-6, atol=1e-8)


def test_flow_is_the_mean_field_and_a_v_plus_v_a_transpose_plus_d(spec_model, spec_compiled):
    """The generated flow (covariance part collected on V's entries) against the mean
    field and A V + V Aᵀ + D formed here with matrix products from A and D, at random
    mean fields and a random symmetric V."""
    from hybridsys.numerics.covariance import pack

    rng = np.random.default_rng(3)
    params = spec_compiled.parameters(spec_model.values())
    size = spec_compiled.size
    for _ in range(3):
        x = rng.normal(scale=30.0, size=size)
        M = rng.normal(size=(size, size))
        V = M @ M.T
        out = np.empty(size + size * (size + 1) // 2)
        spec_compiled.flow.numpy(params, np.concatenate([x, pack(V)]), out)
        A, D = spec_compiled.drift(params, x), spec_compiled.diffusion(params)
        expected = np.concatenate([spec_compiled.mean_field(params, x), pack(A @ V + V @ A.T + D)])
        assert np.allclose(out, expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())


def test_batched_trajectories_equal_one_point_runs(spec_model, spec_compiled):
    K = np.array([-2e-5, 0.0, 2e-5, -1e-5])
    batch = hs.simulate(spec_compiled, spec_compiled.parameters(spec_model.values(K=K)), periods=30)
    assert batch.y.shape[0] == 4
    for k in range(4):
        single = hs.simulate(spec_compiled, spec_compiled.parameters(spec_model.values(K=K[k])), periods=30)
        assert np.array_equal(single.y, batch.y[k])  # each point has its own adaptive steps; one point runs the one-lane kernel


def test_limit_cycle_period_of_a_lossless_kerr_oscillator():
    """ȧ = -i(Δ + K(2|a|² + 1))a exactly (undriven, ξ = 0): a circle at frequency Δ + K(2|a|² + 1)."""
    compiled = driven_kerr_cavity()
    params = compiled.parameters({"Delta_a": 1.0, "kappa_a": 0.0, "K_a": 0.01, "xi_a": 0.0})
    trajectory = hs.simulate(compiled, params, periods=60, initial=hs.InitialState(mean=np.array([2.0, 0.0])))
    expected = 2 * np.pi / (1.0 + 0.01 * (2 * 2.0 + 1))
    assert trajectory.regime == "limit cycle"
    assert trajectory.period == pytest.approx(expected, rel=1e-3)


def event_period(compiled, params, periods):
    """The period a second way: scipy events on upward crossings of X_b1's mid-level."""
    rhs = derived_mean_field(compiled, params)
    T = periods * 2 * np.pi
    warm = solve_ivp(rhs, (0, T - 20 * 2 * np.pi), np.zeros(compiled.size), method="DOP853", rtol=1e-10, atol=1e-12)
    probe = solve_ivp(rhs, (warm.t[-1], T), warm.y[:, -1], method="DOP853", rtol=1e-10, atol=1e-12, dense_output=True)
    k = int(np.argmax(np.ptp(probe.y, axis=1)))
    level = (probe.y[k].max() + probe.y[k].min()) / 2
    crossing = lambda t, x: x[k] - level  # noqa: E731
    crossing.direction = 1
    events = solve_ivp(rhs, (warm.t[-1], T), warm.y[:, -1], method="DOP853", rtol=1e-10, atol=1e-12, events=crossing).t_events[0]
    return np.mean(np.diff(events))


def test_spec_self_oscillation_period_matches_an_event_based_measurement(spec_model, spec_compiled):
    params = spec_compiled.parameters(spec_model.values())
    trajectory = hs.simulate(spec_compiled, params, periods=200)
    assert trajectory.regime == "limit cycle"
    assert trajectory.period == pytest.approx(event_period(spec_compiled, params, 200), rel=1e-3)


def test_divergence_marks_the_point_and_the_batch_goes_on():
    compiled = driven_kerr_cavity()  # K_a = 0: a driven linear cavity
    values = {"Delta_a": 0.0, "kappa_a": np.array([0.1, 0.0, 0.2]), "K_a": 0.0, "xi_a": 1.0}
    params = compiled.parameters(values)
    trajectory = hs.simulate(compiled, params, periods=50, accuracy=hs.Accuracy(divergence=100.0))
    assert list(trajectory.ok) == [True, False, True]
    assert list(trajectory.regime) == ["fixed point", "failed", "fixed point"]
    assert STATUS[trajectory.status[1]] == "diverged" and "diverged at t =" in trajectory.reasons[1]
    assert np.all(np.isnan(trajectory.y[1, -1]))
    with pytest.raises(hs.HybridsysError, match=r"point #1 .*diverged.*kappa_a': 0.0"):
        trajectory.raise_failures()


def test_each_point_stops_for_its_own_reason_and_progress_counts_every_point():
    """One batch, five fates (run in parts on several threads): ok, diverged (an
    undamped resonant drive), too many steps (a fast rotation), step size underflow
    (a huge Kerr rate), a non-finite right-hand side (|a|² overflows); the scipy
    reference agrees on the first four."""
    compiled = driven_kerr_cavity()
    values = {"Delta_a": np.array([1.0, 0.0, 300.0, 1.0, 1.0]), "kappa_a": np.array([0.1, 0.0, 0.1, 0.1, 0.1]),
              "K_a": np.array([0.0, 0.0, 0.0, 1.0, 0.0]), "xi_a": 1.0}
    mean = np.zeros((5, 2))
    mean[3, 0], mean[4, 0] = 1e120, 1e200
    expected = ["ok", "diverged", "too many steps", "step size underflow", "non-finite right-hand side"]
    accuracy = hs.Accuracy(divergence=100.0, max_steps=2000)
    for engine, fates in (("numba", expected), ("scipy", expected[:4])):
        finished = []
        trajectory = hs.simulate(compiled, compiled.parameters(values), periods=20, initial=hs.InitialState(mean=mean),
                                 accuracy=accuracy, engine=engine, progress=finished.append)
        assert [STATUS[code] for code in trajectory.status[: len(fates)]] == fates, engine
        assert sum(finished) == 5 and len(finished) > 1, engine
        assert np.all(np.isfinite(trajectory.y[0])) and np.all(np.isnan(trajectory.y[1:, -1])), engine
        if engine == "numba":  # the lanes of one kernel call stop independently
            for b in range(5):
                alone = hs.simulate(compiled, compiled.parameters({k: np.ravel(v)[b % np.size(v)] for k, v in values.items()}),
                                    periods=20, initial=hs.InitialState(mean=mean[b]), accuracy=accuracy)
                assert np.array_equal(alone.y, trajectory.y[b], equal_nan=True) and alone.status == trajectory.status[b]


def test_lane_form_of_the_flow_equals_the_flow(spec_model, spec_compiled):
    """The generated right-hand side for several points at once (one flat buffer, entry r
    of lane l at r * lanes + l) gives each lane exactly the one-point flow."""
    from hybridsys.compiled.codegen import in_place_lanes

    rng = np.random.default_rng(5)
    lanes, n = 3, spec_compiled.size * (spec_compiled.size + 3) // 2
    params = spec_compiled.parameters(spec_model.values(K=rng.uniform(-4e-5, 4e-5, lanes), chi=rng.uniform(0, 0.04, lanes)))
    y = rng.normal(size=(lanes, n))
    namespace = {"numpy": np}
    exec(in_place_lanes(spec_compiled.flow.source, lanes, 2 * n + 1), namespace)
    z = np.full((2 * n + 1 + params.shape[1], lanes), np.nan)
    z[:n], z[2 * n + 1 :] = y.T, params.T
    namespace["flow_lanes"](z.ravel())
    for l in range(lanes):
        expected = np.empty(n)
        spec_compiled.flow.numpy(params[l], y[l], expected)
        assert np.array_equal(z[n : 2 * n, l], expected)


def test_sq_at_most_one_and_physical_along_random_trajectories(spec_model, spec_compiled):
    rng = np.random.default_rng(11)
    n = 12
    values = spec_model.values(
        K=rng.uniform(-5e-5, 5e-5, n), Delta_a=rng.uniform(-1.2, -0.8, n), Delta_m=rng.uniform(-1.2, -0.8, n),
        gamma_1=rng.uniform(1e-3, 1e-2, n), nbar_1=rng.uniform(0, 3, n), chi=rng.uniform(0, 0.04, n),
    )
    trajectory = hs.simulate(spec_compiled, spec_compiled.parameters(values), periods=60, samples_per_period=10)
    assert np.all(trajectory.ok)
    assert np.all(trajectory.uncertainty_margin() > -1e-8) and np.all(trajectory.physical())
    sq = trajectory.quantum_synchronization("b1", "b2")
    assert np.all((sq > 0) & (sq <= 1 + 1e-9))


def test_initial_states_are_stated_and_used(spec_compiled, spec_model):
    params = spec_compiled.parameters(spec_model.values(nbar_1=3.0))
    thermal = hs.simulate(spec_compiled, params, periods=20)
    vacuum = hs.simulate(spec_compiled, params, periods=20, initial=hs.InitialState(fluctuations="vacuum"))
    assert thermal.initial == {"mean": "empty", "fluctuations": "thermal"}
    assert vacuum.initial == {"mean": "empty", "fluctuations": "vacuum"}
    assert thermal.covariance[0][4, 4] == pytest.approx(3.5) and vacuum.covariance[0][4, 4] == pytest.approx(0.5)
    with pytest.raises(hs.ParameterError, match="initial fluctuations"):
        hs.InitialState(fluctuations="squeezed")


def test_spec_kerr_scenarios_over_200_periods(spec_model, spec_compiled):
    """Table I's simulation column, K/ω1 = -2e-5, 0, +2e-5: S_Q(t) over 0 <= t <= 200τ."""
    K = np.array([-2e-5, 0.0, 2e-5])
    trajectory = hs.simulate(spec_compiled, spec_compiled.parameters(spec_model.values(K=K)), periods=200)
    assert np.all(trajectory.ok)
    sq = trajectory.quantum_synchronization("b1", "b2")
    assert np.all((sq > 0) & (sq <= 1 + 1e-9))
    assert np.all(trajectory.uncertainty_margin() > -1e-8)
    summary = measures.asymptotic(trajectory.times, sq)
    assert np.all(summary["max"] >= summary["mean"])


def test_unpacked_covariance_is_symmetric(spec_model, spec_compiled):
    trajectory = hs.simulate(spec_compiled, spec_compiled.parameters(spec_model.values()), periods=20)
    V = trajectory.covariance
    assert np.array_equal(V, np.swapaxes(V, -1, -2))
    assert np.array_equal(unpack(trajectory.y[..., 8:], 8), V)


@pytest.mark.parametrize("samples", [10, 13, 20])
def test_period_does_not_depend_on_the_sampling(samples):
    compiled = driven_kerr_cavity()
    params = compiled.parameters({"Delta_a": 1.0, "kappa_a": 0.0, "K_a": 0.01, "xi_a": 0.0})
    trajectory = hs.simulate(compiled, params, periods=60, samples_per_period=samples,
                             initial=hs.InitialState(mean=np.array([2.0, 0.0])))
    assert trajectory.regime == "limit cycle"
    assert trajectory.period == pytest.approx(2 * np.pi / 1.05, rel=1e-3)


def test_multidimensional_batches_and_given_initial_states(spec_model, spec_compiled):
    K = np.array([[-2e-5, 0.0], [1e-5, 2e-5]])
    params = spec_compiled.parameters(spec_model.values(K=K))
    mean = np.zeros((2, 2, 8))
    mean[1, 1, 0] = 1.0
    covariance = np.broadcast_to(np.eye(8) * 0.7, (2, 2, 8, 8))
    trajectory = hs.simulate(spec_compiled, params, periods=20, initial=hs.InitialState(mean=mean, fluctuations=covariance))
    assert trajectory.y.shape[:2] == (2, 2) and trajectory.regime.shape == (2, 2)
    assert trajectory.mean[1, 1, 0, 0] == 1.0 and trajectory.covariance[0, 1, 0, 3, 3] == 0.7
    single = hs.simulate(spec_compiled, params[1, 1], periods=20, initial=hs.InitialState(mean=mean[1, 1], fluctuations=covariance[1, 1]))
    assert np.array_equal(single.y, trajectory.y[1, 1])
    with pytest.raises(hs.ParameterError, match="does not fit the batch"):
        hs.simulate(spec_compiled, params, periods=20, initial=hs.InitialState(mean=np.zeros((4, 8))))
    with pytest.raises(hs.ParameterError, match="symmetric and physical"):
        hs.simulate(spec_compiled, params, periods=20, initial=hs.InitialState(fluctuations=np.eye(8) * 0.1))


def test_classification_window_is_checked(spec_model, spec_compiled):
    params = spec_compiled.parameters(spec_model.values())
    for bad in (0, -1, 30):
        with pytest.raises(hs.ParameterError, match="classify_periods"):
            hs.simulate(spec_compiled, params, periods=20, classify_periods=bad)
    assert hs.simulate(spec_compiled, params, periods=10).classify_periods == 10


@pytest.mark.parametrize("side, sign", [("LD", 1), ("RD", -1)])
def test_sagnac_shift_moves_the_optical_detuning_by_plus_or_minus_omega_lambda(spec_model, side, sign):
    """(S52): driven from LD (RD) on a sphere spinning at Ω, the dynamics at Δa equal those
    of the still sphere at Δa + ΩΛ (Δa - ΩΛ): a second, independent route to the same numbers."""
    compiled = hs.compile(spec_model, "exact", ("spinning", side))
    spinning = spec_model.values(None, "spinning", side)
    sigma = spinning["Omega"] * spinning["Lambda"]
    delta = np.array([-1.1, -1.005, -0.9])
    moving = hs.simulate(compiled, compiled.parameters({**spinning, "Delta_a": delta}), periods=60)
    still = hs.simulate(compiled, compiled.parameters({**spinning, "Omega": 0.0, "Delta_a": delta + sign * sigma}), periods=60)
    assert np.all(moving.ok) and np.all(still.ok)
    np.testing.assert_allclose(moving.y, still.y, rtol=1e-6, atol=1e-6 * np.abs(still.y).max())


def test_trajectories_convert_to_xarray_with_labelled_quadratures(spec_model, spec_compiled):
    pytest.importorskip("xarray")
    K = np.array([[-2e-5, 2e-5]])
    trajectory = hs.simulate(spec_compiled, spec_compiled.parameters(spec_model.values(K=K)), periods=5)
    data = trajectory.to_xarray()
    assert data["mean"].dims == ("point", "time", "quadrature") and data.sizes["point"] == 2
    assert list(data["quadrature"].values[:2]) == ["X_a", "Y_a"] and list(data["K"].values) == [-2e-5, 2e-5]
    np.testing.assert_array_equal(data["covariance"].sel(row="X_b1", column="Y_b2").values, trajectory.covariance[0, ..., 4, 7])
    assert list(data["status"].values) == ["ok", "ok"]


def test_samples_too_sparse_for_the_modulation_are_refused_naming_the_point():
    """The adaptive kernel resolves any modulation by its error control (nothing to check);
    its samples must show it, 4 a period 2π/ω at least: Ω = 50 needs 4·50 = 200 a τ."""
    compiled = hs.compile(driven_cavity())
    Om = np.array([1.0, 50.0, 3.0])
    params = compiled.parameters({"Delta": 0.0, "kappa": 1.0, "n": 0.0, "E0": 1.0, "Om": Om})
    with pytest.raises(hs.ParameterError, match=r"point #1 \(.*Om=50\).*2π/ω = 0.1257 \(ω = 50\) is shorter than 4 "
                                                r"sample intervals \(τ/samples_per_period = 0.3142\); take samples_per_period >= 200"):
        hs.simulate(compiled, params, periods=1, samples_per_period=20)
    run = hs.simulate(compiled, params, periods=3, samples_per_period=200, accuracy=hs.Accuracy(rtol=1e-10, atol=1e-12))
    t = run.times  # from the empty cavity: the closed-form response (test_master's α(t)) and its transient, κ = 1, Δ = 0
    for b, W in enumerate(Om):
        response = lambda s: 0.5 * (np.exp(1j * W * s) / (1 + 1j * W) + np.exp(-1j * W * s) / (1 - 1j * W))  # noqa: E731
        alpha = response(t) - response(0.0) * np.exp(-t)
        mean = run.mean[b]
        assert np.abs(mean[:, 0] - np.sqrt(2) * alpha.real).max() < 1e-8 and np.abs(mean[:, 1] - np.sqrt(2) * alpha.imag).max() < 1e-8
