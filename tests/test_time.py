"""Time t is time: a reserved symbol in units of 1/ω_ref, never a parameter.

Before, ``Drive("a", amplitude="E0*cos(Om*t)")`` compiled with ``t`` as a parameter: a
static drive and no warning. These tests pin that t is recognised wherever an expression
is written (Python, sympy, model files, generic terms), that a model says where it
depends on time, and that the static routes refuse such a model with a message that
names where t enters.
"""

import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.model import symbols
from hybridsys.model.network import Network


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


@pytest.mark.parametrize("route", [lambda d: d.hurwitz, lambda d: hs.compile(d)])
def test_static_routes_refuse_a_time_dependent_model_naming_where_t_enters(route):
    derivation = hs.derive(modulated_cavity())
    with pytest.raises(hs.NetworkError, match=r"Drive\(a\)\.amplitude.*periodic"):
        route(derivation)


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
