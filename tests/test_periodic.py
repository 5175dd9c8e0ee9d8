"""The periodic (Floquet) route: checked against the static steady state, brute-force
integration of the Lyapunov equation to periodicity, exp(AT) for a constant A, and
truncated-Wigner sampling of a modulated linear network."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from scipy.integrate import solve_ivp

import hybridsys as hs
from hybridsys.numerics.periodic import common_period
from tests.test_time import driven_cavity

periodic_states = hs.periodic_states

ACCURATE = hs.Accuracy(rtol=1e-11, atol=1e-14)


def optomechanics(amplitude="E0"):
    """A driven optomechanical cavity with the default parameter names: modulated, it is the
    network of MODEL_FILE below, so that the tests in Python and on the command line share
    its compiled kernels."""
    return hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.RadiationPressure("a", "b"), hs.Drive("a", amplitude=amplitude)])


STATIC = {"Delta_a": 1.0, "kappa_a": 0.3, "omega_b": 1.0, "gamma_b": 0.02, "nbar_b": 2.0, "g_a": 0.02, "E0": 6.0}


def two_tone_cavity():
    """A cavity driven at two frequencies, E (cos W1 t + cos W2 t)."""
    return hs.Network([hs.Cavity("a"), hs.Drive("a", amplitude="E*(cos(W1*t) + cos(W2*t))")])


def modulated_amplifier():
    """Two cavities amplified by a modulated two-mode-squeezing gain G(1 + ε cos Wt), a
    driven by E cos Wt (also the model of tests/test_optimize.py's periodic regime)."""
    return hs.Network([hs.Cavity("a", detuning="Delta_a", damping="kappa"), hs.Cavity("b", detuning="Delta_b", damping="kappa"),
                       hs.TwoModeSqueezing("a", "b", G="G*(1 + eps*cos(W*t))"), hs.Drive("a", amplitude="E*cos(W*t)")])


def test_an_unmodulated_model_on_the_periodic_route_gives_the_static_steady_state():
    compiled = hs.compile(optomechanics())
    params = compiled.parameters({**STATIC, "Delta_a": np.array([0.8, 1.0, 1.3])})
    steady = hs.steady_states(compiled, params)
    assert np.all(steady.fixed_points.count == 1)
    periodic = periodic_states(compiled, params, accuracy=ACCURATE)
    assert np.all(periodic.ok) and np.allclose(periodic.period, 2 * np.pi)  # a static model: τ = 2π
    assert np.max(np.abs(periodic.mean - steady.states[:, :1])) < 1e-9
    V = steady.covariance[:, 0]
    assert np.max(np.abs(periodic.covariance - V[:, None])) < 1e-10 * np.abs(V).max()


def test_floquet_multipliers_of_a_constant_drift_are_the_eigenvalues_of_exp_at():
    compiled = hs.compile(optomechanics())
    params = compiled.parameters({**STATIC, "Delta_a": np.array([0.8, 1.0, 1.3])})  # the batch of the test above
    fixed = hs.fixed_points(compiled, params)
    assert np.all(fixed.count == 1)
    T = 3.7
    periodic = periodic_states(compiled, params, period=T, accuracy=ACCURATE)
    for b in range(3):
        expected = np.linalg.eigvals(scipy.linalg.expm(compiled.drift(params[b], fixed.states[b, 0]) * T))
        assert np.allclose(np.sort_complex(periodic.multipliers[b]), np.sort_complex(expected), rtol=0, atol=1e-9)


def random_modulated_linear_network(rng):
    """Two or three modes, beam-splitter and two-mode-squeezing couplings, detunings,
    couplings and drives modulated at Ω and 2Ω (a linear network: A(t) without x)."""
    n = 2 + int(rng.integers(2))
    names = ["a", "b", "c"][:n]
    parts = [hs.Cavity(m, detuning=f"D{m}*(1 + d{m}*cos(W*t))", damping=f"k{m}", occupation=f"n{m}") for m in names]
    parts += [hs.BeamSplitter(names[0], names[1], g="g*(1 + e*sin(2*W*t))"), hs.Drive(names[0], amplitude="E*cos(W*t + f)")]
    if n == 3:
        parts.append(hs.TwoModeSqueezing(names[1], names[2], G="G*cos(W*t)"))
    values = {"W": rng.uniform(0.5, 2.0), "g": rng.uniform(0.1, 0.5), "e": rng.uniform(0, 0.8), "E": rng.uniform(0, 2),
              "f": rng.uniform(0, 6), "G": rng.uniform(0.0, 0.15)}
    for m in names:
        values |= {f"D{m}": rng.uniform(-1, 1), f"d{m}": rng.uniform(0, 0.5), f"k{m}": rng.uniform(0.2, 0.6),
                   f"n{m}": rng.uniform(0, 2)}
    network = hs.Network(parts)
    return network, {k: v for k, v in values.items() if k in network.parameter_names}


@pytest.mark.parametrize("seed", range(3))
def test_floquet_covariance_equals_brute_force_lyapunov_integration_to_periodicity(seed):
    rng = np.random.default_rng(seed)
    network, values = random_modulated_linear_network(rng)
    compiled = hs.compile(network)
    params = compiled.parameters(values)
    periodic = periodic_states(compiled, params, samples=8, accuracy=ACCURATE)
    assert periodic.ok and np.isclose(periodic.period, 2 * np.pi / values["W"])
    n, T = compiled.size, float(periodic.period)
    D = compiled.diffusion(params)
    zero = np.zeros(n)  # linear: A(t) does not depend on the mean fields

    def lyapunov(t, v):
        A = compiled.drift(params, zero, t)
        V = v.reshape(n, n)
        return (A @ V + V @ A.T + D).ravel()

    V = np.eye(n) / 2
    for _ in range(400):  # period by period until V(T) = V(0)
        after = solve_ivp(lyapunov, (0, T), V.ravel(), method="DOP853", rtol=1e-12, atol=1e-14).y[:, -1].reshape(n, n)
        change, V = np.abs(after - V).max(), after
        if change < 1e-13:
            break
    assert change < 1e-13
    phases = periodic.phases
    brute = solve_ivp(lyapunov, (0, T), V.ravel(), method="DOP853", rtol=1e-12, atol=1e-14, t_eval=phases * T).y.T.reshape(-1, n, n)
    assert np.max(np.abs(periodic.covariance - brute)) < 1e-8
    assert np.all(periodic.physical())


def test_truncated_wigner_on_a_modulated_linear_network_matches_the_floquet_covariance():
    network, values = random_modulated_linear_network(np.random.default_rng(5))
    values["W"] = 1.0  # T = 2π = τ: the Wigner samples fall on the Floquet phases
    compiled = hs.compile(network)
    params = compiled.parameters(values)
    periodic = periodic_states(compiled, params, samples=10)
    wigner = hs.simulate(compiled, params, periods=25, samples_per_period=10, record_periods=1, method="wigner",
                         trajectories=4000, batches=20, seed=11, steps_per_period=200)
    n = compiled.size
    z = []
    for i in range(n):
        for j in range(i, n):
            estimate = wigner.estimate(lambda m, V: V[..., i, j])
            z.append((estimate.value[:10] - periodic.covariance[:, i, j]) / estimate.error[:10])
            mean = wigner.estimate(lambda m, V: m[..., i])
            z.append((mean.value[:10] - periodic.mean[:, i]) / mean.error[:10])
    z = np.concatenate(z)
    assert np.max(np.abs(z)) < 5  # every entry at every phase within its standard error (a few σ over ~100 numbers)
    assert np.abs(np.mean(z)) < 1  # and no bias


def test_common_period_of_commensurate_frequencies_and_none_for_incommensurate_ones():
    T, ok = common_period(np.array([[2.0, 3.0], [1.0, 0.0], [0.0, 0.0], [1.0, np.sqrt(2)], [0.4, 0.6]]))
    assert ok.tolist() == [True, True, True, False, True]
    assert np.allclose(T[[0, 1, 2, 4]], [2 * np.pi, 2 * np.pi, 2 * np.pi, 2 * np.pi / 0.2])


def test_a_modulated_drive_and_coupling_have_the_common_period_of_their_frequencies():
    network = hs.Network([hs.Cavity("a"), hs.Cavity("b"), hs.BeamSplitter("a", "b", g="g*cos(3*W*t)"),
                          hs.Drive("a", amplitude="E*(1 + sin(2*W*t))")])
    compiled = hs.compile(network)
    values = {"Delta_a": 0.2, "kappa_a": 0.5, "Delta_b": 0.1, "kappa_b": 0.5, "g": 0.3, "E": 1.0, "W": 1.5}
    periodic = periodic_states(compiled, values, samples=12)  # 4 samples a period of 3W
    assert np.isclose(periodic.period, 2 * np.pi / 1.5) and periodic.ok


def test_a_non_periodic_time_dependence_is_refused_naming_the_expression():
    compiled = hs.compile(hs.Network([hs.Cavity("a"), hs.Drive("a", amplitude="E + g*t")]))
    with pytest.raises(hs.ParameterError, match=r"not periodic.*g\*t.*Drive\(a\)\.amplitude"):
        periodic_states(compiled, {"Delta_a": 0.0, "kappa_a": 1.0, "E": 1.0, "g": 0.1})


def test_incommensurate_periods_and_no_periodic_orbit_are_statuses_with_reasons():
    compiled = hs.compile(two_tone_cavity())
    values = {"Delta_a": 0.0, "kappa_a": 1.0, "E": 1.0, "W1": 1.0, "W2": np.array([2.0, np.sqrt(2)])}
    periodic = periodic_states(compiled, values, samples=8)
    assert periodic.status.tolist() == ["ok", "no period"]
    assert "incommensurate" in periodic.reasons[1]
    with pytest.raises(hs.HybridsysError, match="#1.*incommensurate"):
        periodic.raise_failures()
    given = periodic_states(compiled, {**values, "W2": np.sqrt(2)}, period=2 * np.pi * 100, samples=566, iterations=1,
                            tolerance=1e-30)
    assert given.status == "no periodic orbit" and "did not converge" in given.reasons[0]


def test_an_unstable_orbit_is_marked_with_its_largest_multiplier():
    """Two resonant modes amplified faster than they decay (G > κ): the orbit exists but
    grows away, |μ| = exp((G − κ)T) for the unmodulated part of G."""
    values = {"Delta_a": 0.0, "Delta_b": 0.0, "kappa": 0.1, "G": 0.5, "eps": 0.1, "W": 1.0, "E": 1.0}
    periodic = periodic_states(modulated_amplifier(), values)
    assert periodic.status == "unstable" and not periodic.stable
    largest = np.abs(periodic.multipliers).max()
    assert np.isclose(largest, np.exp(0.4 * 2 * np.pi), rtol=0.05)
    assert f"|μ| = {largest:.6g}" in periodic.reasons[0]
    assert np.all(np.isnan(periodic.covariance))


def test_a_modulation_faster_than_the_fixed_wigner_step_is_refused():
    compiled = hs.compile(driven_cavity())
    params = compiled.parameters({"Delta": 0.0, "kappa": 1.0, "n": 0.0, "E0": 1.0, "Om": np.array([1.0, 50.0])})
    with pytest.raises(hs.ParameterError, match=r"point #1 \(.*Om=50\).*modulation period .* shorter than 16 fixed steps.*"
                                                r"steps_per_period >= 800"):
        hs.simulate(compiled, params, periods=1, method="wigner", trajectories=40, batches=4, steps_per_period=400)


def test_samples_of_the_period_too_sparse_for_its_fastest_modulation_are_refused():
    """The period map steps adaptively, but the summary over the period reads the
    samples: W2 = 8 W1 on T = 2π/W1 needs 4·8 = 32 samples; a given period counts too."""
    compiled = hs.compile(two_tone_cavity())
    values = {"Delta_a": 0.0, "kappa_a": 1.0, "E": 1.0, "W1": 1.0, "W2": 8.0}
    with pytest.raises(hs.ParameterError, match=r"point #0 \(.*W2=8\).*2π/ω = 0.7854 \(ω = 8\) is shorter than 4 sample "
                                                r"intervals of the period T \(T/samples = 0.2618\); take samples >= 32"):
        periodic_states(compiled, values, samples=24)
    assert periodic_states(compiled, values, samples=32).ok
    with pytest.raises(hs.ParameterError, match="take samples >= 64"):
        periodic_states(compiled, values, samples=32, period=4 * np.pi)


# -- sweeps ----------------------------------------------------------------------------------
def modulated_model():
    from hybridsys.model.modelfile import Model, ParameterSet

    network = optomechanics("E0 + E1*cos(Om*t)")
    values = {**STATIC, "E1": 2.0, "Om": 2.0}
    return Model("modulated", network, {"p": ParameterSet("p", values, 1e6)}, "p", synchronize=("a", "b"))


def test_a_periodic_sweep_reports_the_measures_over_the_period_of_each_point():
    from hybridsys.sweeps.sweep import Settings

    model = modulated_model()
    settings = Settings(samples_per_period=16, rtol=1e-10, atol=1e-13)
    # two points (unmodulated and modulated): the one-lane period map the command line's single point runs too
    result = hs.sweep(model, over={"E1": [0.0, 4.0]}, measure=["E_N", "squeezing"], regime="periodic",
                      settings=settings, progress=False)
    assert result.summary()["ok"] == 2
    compiled = hs.compile(model.network)
    direct = periodic_states(compiled, compiled.parameters(model.values(E1=np.array([0.0, 4.0]))), samples=16,
                             accuracy=hs.Accuracy(rtol=1e-10, atol=1e-13), tolerance=1e-9)
    E_N = direct.measures("a", "b", ["E_N"])["E_N"]
    np.testing.assert_array_equal(result["E_N_max"], E_N.max(axis=-1))
    np.testing.assert_array_equal(result["E_N_mean"], E_N.mean(axis=-1))
    assert np.allclose(result["period"], np.pi) and np.all(result["largest_multiplier"] < 1)
    assert result["E_N_max"][0] == pytest.approx(result["E_N_min"][0], abs=1e-9)  # E1 = 0: constant over the period


def test_a_sweep_marks_points_whose_modulation_its_samples_cannot_resolve():
    """Per point, not an exception: Om needs 4·Om samples of τ; in chunks of 2 points the
    second chunk has only unresolved points and the measures keep their names (NaN)."""
    from hybridsys.sweeps.sweep import Settings

    model = modulated_model()
    result = hs.sweep(model, over={"Om": [2.0, 6.0, 7.0]}, measure="E_N", regime="trajectory", chunk=2, progress=False,
                      settings=Settings(periods=2, window=1, samples_per_period=20))
    assert result.status.tolist() == ["ok", "failed", "failed"]
    assert result.reason[1].endswith("(ω = 6) is shorter than 4 sample intervals (τ/samples_per_period = 0.3142); "
                                     "take samples_per_period >= 24") and result.reason[2].endswith(">= 28")
    assert np.isfinite(result["E_N_max"][0]) and np.all(np.isnan(result["E_N_max"][1:])) and result["regime"][2] == ""
    wigner = hs.sweep(model, over={"Om": [6.0]}, measure="E_N", regime="wigner", progress=False,
                      settings=Settings(periods=2, window=1, samples_per_period=24, steps_per_period=48, trajectories=40))
    assert wigner.status.tolist() == ["failed"] and wigner.reason[0].endswith("take steps_per_period >= 96")


def test_the_steady_regime_refuses_a_modulated_model_and_points_to_the_periodic_one():
    with pytest.raises(hs.NetworkError, match="regime='steady'.*periodic route"):
        hs.sweep(modulated_model(), over={"E1": [1.0]}, measure="E_N", regime="steady", progress=False)


def test_an_unstable_periodic_point_is_marked_unstable_in_a_sweep():
    from hybridsys.model.modelfile import Model, ParameterSet

    network = modulated_amplifier()
    values = {"Delta_a": 0.0, "Delta_b": 0.0, "kappa": 0.1, "G": 0.05, "eps": 0.1, "W": 1.0, "E": 1.0}
    model = Model("amplifier", network, {"p": ParameterSet("p", values, 1e6)}, "p", synchronize=("a", "b"))
    result = hs.sweep(model, over={"G": [0.05, 0.5]}, measure="E_N", regime="periodic", progress=False)
    assert result.status.tolist() == ["ok", "unstable"] and "|μ|" in result.reason[1]


# -- the command line ----------------------------------------------------------------------
MODEL_FILE = """name = "modulated"
description = "an optomechanical cavity with a modulated drive"
default_parameters = "p"
synchronize = ["a", "b"]
[[modes]]
type = "cavity"
name = "a"
[[modes]]
type = "phonon"
name = "b"
[[couplings]]
type = "radiation_pressure"
cavity = "a"
phonon = "b"
[[couplings]]
type = "drive"
mode = "a"
amplitude = "AMPLITUDE"
[parameters.p]
reference_hz = 1e6
[parameters.p.values]
Delta_a = 1.0
kappa_a = 0.3
omega_b = 1.0
gamma_b = 0.001
nbar_b = 0.0
g_a = 0.02
E0 = 8.0
E1 = 3.0
Om = 2.0
"""


def model_file(tmp_path, amplitude="E0 + E1*cos(Om*t)"):
    path = tmp_path / "modulated.toml"
    path.write_text(MODEL_FILE.replace("AMPLITUDE", amplitude))
    return str(path)


def test_steady_on_a_modulated_model_reports_its_periodic_state(tmp_path, capsys):
    import json

    from hybridsys.cli import main

    path = model_file(tmp_path)
    assert main(["steady", path, "--json", "--phases", "16"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "hybridsys.periodic/1" and data["status"] == "ok"
    assert data["period"] == pytest.approx(np.pi) and data["phases"] == 16
    assert all(m["abs"] < 1 for m in data["floquet_multipliers"])
    model = hs.load_model(path)
    states = periodic_states(model.network, model.values(), samples=16)
    E_N = states.measures("a", "b", ["E_N"])["E_N"]
    assert data["over_the_period"]["E_N"]["a-b"]["max"] == pytest.approx(E_N.max(), rel=1e-9)
    assert data["over_the_period"]["E_N"]["a-b"]["phase_of_max"] == states.phases[np.argmax(E_N)]
    assert main(["steady", path]) == 0
    text = capsys.readouterr().out
    assert "periodic state (time dependent in Drive(a).amplitude), period T = 3.14159" in text and "E_N a-b: max" in text


def test_simulate_on_a_modulated_model_runs_without_fixed_points(tmp_path, capsys):
    from hybridsys.cli import main

    assert main(["simulate", model_file(tmp_path), "--periods", "5", "--window", "2"]) == 0
    assert "fixed points: none: the model depends on time t" in capsys.readouterr().out


def test_steady_on_a_non_periodic_model_is_a_clear_error(tmp_path, capsys):
    from hybridsys.cli import main

    assert main(["steady", model_file(tmp_path, "E0 + E1*Om*t")]) == 2
    assert "not periodic" in capsys.readouterr().err


def test_the_harmonic_balance_start_is_the_orbit_of_a_linear_cavity_and_given_starts_are_used():
    """A drive E₀ cos Ωt on a linear cavity: the averaged fixed point plus its linear
    periodic response is the orbit itself, so Newton converges on its first period
    (three detunings in one batch: the batch size of the next tests, one compiled kernel)."""
    network = driven_cavity()
    Delta = np.array([0.4, -0.9, 1.5])
    values = {"Delta": Delta, "kappa": 0.3, "n": 0.0, "E0": 2.0, "Om": 1.7}
    periodic = periodic_states(network, values, samples=8)
    assert np.all(periodic.ok) and np.all(periodic.iterations == 1)
    alpha = 1.0 * (1 / (0.3 + 1j * (Delta + 1.7)) + 1 / (0.3 + 1j * (Delta - 1.7)))  # E/2 (…) at t = 0, E = 2
    assert np.allclose(periodic.mean[:, 0], np.stack([np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag], axis=-1), atol=1e-9)
    reference = periodic_states(network, values, samples=8, engine="scipy")  # scipy's RK45 on the same period map
    assert np.allclose(reference.covariance, periodic.covariance, atol=1e-9) and np.allclose(reference.mean, periodic.mean)
    given = periodic_states(network, values, samples=8, starts=[5.0, -5.0])
    assert given.starts == "given" and np.all(given.ok) and np.all(given.iterations == 2)  # linear: one Newton step, one check
    assert np.allclose(given.mean, periodic.mean, atol=1e-9)


def test_harmonic_balance_starts_a_nonlinear_orbit_within_the_tolerance():
    """Radiation pressure with a modulated drive: the harmonic-balance start already is the
    orbit, so one period is integrated a point; scipy's own integration of the mean field
    from that x(0) (independent of our kernel) returns to it after one period. Two points:
    the one-lane period map of the tests above."""
    compiled = hs.compile(optomechanics("E0 + E1*cos(Om*t)"))
    params = compiled.parameters({**STATIC, "E1": 2.0, "Om": 2.0, "Delta_a": np.array([0.7, 1.4])})
    states = periodic_states(compiled, params, samples=16, accuracy=ACCURATE, tolerance=1e-10)
    assert np.all(states.ok) and np.all(states.iterations == 1)
    for b in range(2):
        x0 = states.mean[b, 0]
        run = solve_ivp(lambda t, x: compiled.mean_field(params[b], x, t), (0, np.pi), x0, method="DOP853",
                        rtol=1e-12, atol=1e-12)
        assert np.abs(run.y[:, -1] - x0).max() < 1e-8 * (1 + np.abs(x0).max())


def test_a_network_with_numbers_only_has_its_periodic_state():
    """No parameters at all (a batch of one point of zero columns): the closed-form orbit
    α(0) = E/2 [1/(κ + i(Δ+Ω)) + 1/(κ + i(Δ−Ω))] of a linear cavity driven by E cos Ωt."""
    network = hs.Network([hs.Cavity("a", detuning=0.3, damping=1.0), hs.Drive("a", amplitude="0.5*cos(2*t)")])
    states = periodic_states(network, {}, samples=8)
    alpha = 0.25 * (1 / (1 + 2.3j) + 1 / (1 - 1.7j))
    assert states.ok and np.allclose(states.mean[0], [np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag], rtol=0, atol=1e-9)


def test_the_start_takes_enough_phases_for_a_fast_harmonic_of_the_period():
    """A drive cos t + cos 17t (period 2π, harmonic 17): the start samples enough phases that
    cos 17t does not alias to a constant; the averaged fixed point is 0 and harmonic balance
    lands on the closed form α(0) = Σ_Ω E/2 [1/(κ + i(Δ+Ω)) + 1/(κ + i(Δ−Ω))], so one period is
    integrated."""
    from hybridsys.numerics.periodic import averaged_fixed_point, harmonic_balance

    compiled = hs.compile(two_tone_cavity())
    values = {"Delta_a": 0.3, "kappa_a": 1.0, "E": 0.5, "W1": 1.0, "W2": 17.0}
    params, period = compiled.parameters(values)[None, :], np.array([2 * np.pi])  # one point
    average = averaged_fixed_point(compiled, params, period)
    assert np.abs(average).max() < 1e-12
    alpha = sum(0.25 * (1 / (1 + 1j * (0.3 + w)) + 1 / (1 + 1j * (0.3 - w))) for w in (1.0, 17.0))
    expected = [np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag]
    assert np.allclose(harmonic_balance(compiled, params, period, average)[0], expected, atol=1e-12)
    states = periodic_states(compiled, values, samples=80)
    assert states.ok and states.iterations == 1 and np.allclose(states.mean[0], expected, atol=1e-9)


def test_batches_of_any_shape_and_periods_given_per_point():
    compiled = hs.compile(driven_cavity())
    params = compiled.parameters({"Delta": np.array([[0.1], [0.2], [0.3]]), "kappa": 0.5, "n": 0.0, "E0": 1.0,
                                  "Om": np.array([1.0, 2.0])})
    states = periodic_states(compiled, params, samples=5)
    assert states.status.shape == (3, 2) and states.covariance.shape == (3, 2, 5, 2, 2) and np.all(states.ok)
    assert np.allclose(states.period, [2 * np.pi, np.pi])
    given = periodic_states(compiled, params, samples=8, period=np.array([4 * np.pi, np.pi]))  # 4π: a period too
    assert np.allclose(given.mean[..., 0, :], states.mean[..., 0, :], atol=1e-9)  # the orbit at t = 0
    for bad in (np.array([1.0, 2.0, 3.0]), -1.0, "one"):
        with pytest.raises(hs.ParameterError, match="period"):
            periodic_states(compiled, params, period=bad)
