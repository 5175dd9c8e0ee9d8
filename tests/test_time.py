"""Time t is time: a reserved symbol in units of 1/ω_ref, never a parameter.

Before, ``Drive("a", amplitude="E0*cos(Om*t)")`` compiled with ``t`` as a parameter: a
static drive and no warning. These tests pin that t is recognised wherever an expression
is written (Python, sympy, model files, generic terms), that a model says where it
depends on time, and that the static routes refuse such a model with a message that
names where t enters.
"""

import numpy as np
import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.model import symbols
from hybridsys.model.network import Network
from hybridsys.numerics.stability import stability


def modulated_cavity(amplitude="E0*cos(Om*t)"):
    return hs.Network([hs.Cavity("a", detuning="Delta", damping="kappa"), hs.Drive("a", amplitude=amplitude)])


def test_t_in_a_drive_is_time_not_a_parameter():
    network = modulated_cavity()
    assert network.parameter_names == ("Delta", "kappa", "E0", "Om")
    assert network.time_dependence == ("Drive(a).amplitude",)
    field = hs.derive(network).mean_field.amplitudes["a"]
    assert field.has(symbols.TIME)
    assert not field.has(sp.Symbol("t", real=True))  # not a parameter symbol called t


def test_a_static_network_is_not_time_dependent():
    network = modulated_cavity("E0")
    assert network.time_dependence == () and not network.time_dependent
    assert not hs.derive(network).time_dependent


STATIC_ROUTES = {
    "Routh-Hurwitz": lambda d, c, p: d.hurwitz,
    "fixed points": lambda d, c, p: hs.fixed_points(c, p),
    "steady states": lambda d, c, p: hs.steady_states(c, p),
    "steady covariance": lambda d, c, p: hs.covariance_at(c, p, np.zeros(2)),
    "Hurwitz verdict": lambda d, c, p: stability(c, p, np.zeros(2)),
}


@pytest.mark.parametrize("route", STATIC_ROUTES.values(), ids=STATIC_ROUTES.keys())
def test_static_routes_refuse_a_time_dependent_model_naming_where_t_enters(route):
    derivation = hs.derive(modulated_cavity())
    compiled = hs.compile(derivation)  # compiling is fine: trajectories and the periodic route take t
    params = compiled.parameters({"Delta": 0.0, "kappa": 1.0, "E0": 1.0, "Om": 2.0})
    with pytest.raises(hs.NetworkError, match=r"Drive\(a\)\.amplitude.*periodic route"):
        route(derivation, compiled, params)


def test_a_parameter_cannot_be_called_t():
    with pytest.raises(hs.ParameterError, match="'t' is time"):
        symbols.parameter_symbol("t")
    compiled = hs.compile(modulated_cavity("E0"))
    with pytest.raises(hs.ParameterError, match="'t' is time"):
        compiled.parameters({"Delta": 0.0, "kappa": 1.0, "E0": 1.0, "t": 2.0})


def test_a_sympy_symbol_called_t_is_time():
    E0, Om, t = sp.symbols("E0 Om t")
    drive = hs.Drive("a", amplitude=E0 * sp.cos(Om * t))
    assert drive.amplitude.has(symbols.TIME)
    assert drive.time_dependence() == ("amplitude",)


def test_time_dependence_survives_the_model_file_form():
    network = modulated_cavity("E0*(1 + eps*cos(Om*t + phi))")
    data = network.to_data()
    assert data["couplings"][0]["amplitude"] == "E0*(eps*cos(Om*t + phi) + 1)"
    again = Network.from_data(data)
    assert again == network
    assert again.time_dependence == ("Drive(a).amplitude",)


@pytest.mark.parametrize("field", ["damping", "occupation", "squeezing", "squeezing_phase"])
def test_baths_cannot_depend_on_time(field):
    with pytest.raises(hs.ParameterError, match=rf"a\.{field}.*time t"):
        hs.Cavity("a", **{field: "x*cos(t)"})


def test_detunings_couplings_and_kerr_may_depend_on_time():
    network = hs.Network([
        hs.Cavity("a", detuning="D*cos(W*t)"), hs.Phonon("b"), hs.RadiationPressure("a", "b", g="g*(1 + sin(W*t))"),
        hs.Kerr("a", K="K*cos(W*t)"), hs.Drive("a"),
    ])
    assert network.time_dependence == ("a.detuning", "RadiationPressure(a, b).g", "Kerr(a).K")
    assert "W" in network.parameter_names and "t" not in network.parameter_names


def test_a_generic_term_reads_t_as_time_and_its_modulation_frequency_as_a_frequency():
    term = hs.Term(hamiltonian="g*cos(W*t + phi)*(a_dag*b + b_dag*a)")
    quantities = {info.field: info.quantity for info in term.parameters()}
    assert quantities == {"g": "frequency", "W": "frequency", "phi": "dimensionless"}
    assert term.time_dependence() == ("hamiltonian",)
    network = hs.Network([hs.Cavity("a"), hs.Cavity("b"), term])
    assert "t" not in network.parameter_names
    assert network.time_dependence == ("Term(a, b).hamiltonian",)


def test_show_lists_where_time_enters_and_prints_a_of_t(capsys):
    from hybridsys.model.display import describe_network, network_data
    from hybridsys.symbolic.display import derivation_text

    network = modulated_cavity()
    assert "Time dependent (t in units of 1/ω_ref): Drive(a).amplitude" in describe_network(network)
    assert network_data(network)["time_dependence"] == ["Drive(a).amplitude"]
    assert network_data(modulated_cavity("E0"))["time_dependence"] == []
    assert derivation_text(hs.derive(network), ["drift"]).startswith("Drift matrix A(t)")


def test_a_model_file_cannot_give_t_a_value(tmp_path):
    path = tmp_path / "modulated.toml"
    path.write_text(
        'name = "modulated"\ndescription = "a modulated cavity"\ndefault_parameters = "p"\n'
        '[[modes]]\ntype = "cavity"\nname = "a"\n'
        '[[couplings]]\ntype = "drive"\nmode = "a"\namplitude = "E0*cos(Om*t)"\n'
        '[parameters.p]\nreference_hz = 1e6\n'
        '[parameters.p.values]\nDelta_a = 0.0\nkappa_a = 0.1\nE0 = 1.0\nOm = 2.0\nt = 3.0\n'
    )
    with pytest.raises(hs.ModelFileError, match="'t' is time"):
        hs.load_model(str(path))
    path.write_text(path.read_text().replace("t = 3.0\n", ""))
    assert hs.load_model(str(path)).network.time_dependence == ("Drive(a).amplitude",)


@pytest.mark.parametrize("make", [
    lambda: hs.Dissipator(jump="a + exp(I*W*t)*b", rate="Gamma"),
    lambda: hs.DissipativeCoupling("a", "b", Gamma="Gamma", phase="W*t"),
])
def test_bath_channels_cannot_depend_on_time(make):
    with pytest.raises(hs.ParameterError, match="cannot depend on time t"):
        make()


# -- time through the compiled kernels ------------------------------------------------------
def modulated_optomechanics():
    """Every kind of term that may depend on t: drive, detuning, coupling, Kerr and a generic term."""
    return hs.Network([
        hs.Cavity("a", detuning="D*(1 + d1*cos(W*t))", damping="ka"), hs.Phonon("b", damping="gb", occupation="nb"),
        hs.RadiationPressure("a", "b", g="g*(1 + eps*sin(2*W*t))"), hs.Kerr("a", K="K*cos(W*t + phi)"),
        hs.Drive("a", amplitude="E0 + E1*cos(W*t)"), hs.Term(hamiltonian="G*sin(3*W*t)*(a_dag*b_dag + a*b)"),
    ])


MODULATED = {"D": 1.0, "d1": 0.2, "W": 1.3, "ka": 0.4, "omega_b": 1.0, "gb": 0.05, "nb": 1.0, "g": 0.02, "eps": 0.3,
             "K": 0.01, "phi": 0.4, "E0": 3.0, "E1": 1.0, "G": 0.05}


def test_drift_is_the_jacobian_of_the_mean_field_at_every_t():
    derivation = hs.derive(modulated_optomechanics())
    field, drift = derivation.mean_field.vector_field, derivation.drift.matrix
    jacobian = field.jacobian(list(derivation.state))
    assert sp.simplify(jacobian - drift) == sp.zeros(*drift.shape)  # symbolically, t kept
    compiled = hs.compile(derivation)
    rng = np.random.default_rng(3)
    params = compiled.parameters(MODULATED)
    t = rng.uniform(0, 20, size=30)
    state = rng.normal(scale=2.0, size=(30, compiled.size))
    step = 1e-6
    columns = [(compiled.mean_field(params, state + step * e, t) - compiled.mean_field(params, state - step * e, t)) / (2 * step)
               for e in np.eye(compiled.size)]
    numeric = compiled.drift(params, state, t)
    assert np.max(np.abs(np.stack(columns, axis=-1) - numeric)) < 1e-7 * np.abs(numeric).max()
    assert np.ptp(numeric[:, 0, 1]) > 0.1  # A(t) really changes with t


def test_a_time_dependent_model_needs_t_and_a_static_one_ignores_it():
    compiled = hs.compile(modulated_cavity())
    params = compiled.parameters({"Delta": 0.0, "kappa": 1.0, "E0": 1.0, "Om": 2.0})
    with pytest.raises(hs.ParameterError, match="give t"):
        compiled.mean_field(params, np.zeros(2))
    assert np.allclose(compiled.mean_field(params, np.zeros(2), t=[0.0, np.pi / 2]), [[np.sqrt(2), 0], [-np.sqrt(2), 0]])
    static = hs.compile(modulated_cavity("E0"))
    p = static.parameters({"Delta": 0.0, "kappa": 1.0, "E0": 1.0})
    assert np.array_equal(static.mean_field(p, np.zeros(2), t=3.0), static.mean_field(p, np.zeros(2)))


def closed_form_amplitude(t, E0, Om, Delta, kappa):
    """Periodic solution of dα/dt = −(κ + iΔ)α + E₀ cos Ωt (our drive convention: a
    drive E adds E to dα/dt), written out: E₀/2 [e^{iΩt}/(κ + i(Δ+Ω)) + e^{−iΩt}/(κ + i(Δ−Ω))]."""
    return E0 / 2 * (np.exp(1j * Om * t) / (kappa + 1j * (Delta + Om)) + np.exp(-1j * Om * t) / (kappa + 1j * (Delta - Om)))


def driven_cavity():
    """A thermal cavity driven by E₀ cos Ωt, the model of the closed-form checks of the
    time-dependent routes (here, tests/test_dop853.py, tests/test_trajectory.py,
    tests/test_periodic.py): one network, so that each kernel it needs compiles once."""
    return hs.Network([hs.Cavity("a", detuning="Delta", damping="kappa", occupation="n"),
                       hs.Drive("a", amplitude="E0*cos(Om*t)")])


@pytest.mark.parametrize("engine", ["numba", "scipy"])
def test_a_cavity_driven_by_e0_cos_omega_t_follows_the_closed_form_periodic_mean_field(engine):
    compiled = hs.compile(driven_cavity())
    values = {"Delta": np.array([0.3, -1.1, 2.0]), "kappa": 0.5, "n": 2.0, "E0": 1.5, "Om": np.array([1.0, 2.5, 0.7])}
    params = compiled.parameters(values)
    run = hs.simulate(compiled, params, periods=40, record_periods=5, initial=hs.InitialState(fluctuations="vacuum"),
                      accuracy=hs.Accuracy(rtol=1e-9, atol=1e-12), engine=engine)
    assert np.all(run.ok)
    t = run.times
    alpha = closed_form_amplitude(t, 1.5, values["Om"][:, None], values["Delta"][:, None], 0.5)
    expected = np.stack([np.sqrt(2) * alpha.real, np.sqrt(2) * alpha.imag], axis=-1)  # X = √2 Re α, Y = √2 Im α
    assert np.max(np.abs(run.mean - expected)) < 1e-7
    assert np.max(np.abs(run.covariance - 2.5 * np.eye(2))) < 1e-7  # the static (n + ½) I: the drive moves only the mean


def test_trajectories_of_a_modulated_model_agree_between_the_numba_and_scipy_engines():
    compiled = hs.compile(modulated_optomechanics())
    params = compiled.parameters({**MODULATED, "W": np.array([0.9, 1.3, 2.0, 2.6, 0.5])})
    fast = hs.simulate(compiled, params, periods=8, samples_per_period=32, engine="numba")  # 4 samples a period of 3W <= 7.8
    reference = hs.simulate(compiled, params[:3], periods=8, samples_per_period=32, engine="scipy")
    scale = np.abs(reference.y).max(axis=-2)
    assert np.max(np.abs(fast.y[:3] - reference.y) / (1 + scale[:, None])) < 1e-6
    # the unmodulated model at the same points (W then enters nowhere): a batch of five, as
    # above, so that it runs the kernel compiled for that batch
    static = hs.simulate(compiled, compiled.parameters({**MODULATED, "d1": 0.0, "eps": 0.0, "E1": 0.0, "K": 0.0, "G": 0.0,
                                                        "W": np.array([0.9, 1.3, 2.0, 2.6, 0.5])}),
                         periods=8, samples_per_period=32)
    assert np.all(static.y == static.y[:1])  # W enters nowhere in the unmodulated model
    assert np.abs(fast.y[1] - static.y[1]).max() > 1e-2  # the modulation is felt
