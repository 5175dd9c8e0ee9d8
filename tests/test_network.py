"""Components and networks: defaults, validation errors, composition, listing, drawing."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.errors import NetworkError, ParameterError
from hybridsys.model import symbols


def test_parameters_default_to_clearly_named_symbols_and_numbers_stay_numbers():
    cavity = hs.Cavity("a")
    assert cavity.detuning == sp.Symbol("Delta_a", real=True)
    assert cavity.damping == sp.Symbol("kappa_a", real=True)
    assert cavity.occupation == 0
    assert hs.Magnetostriction("m", "b1").g == sp.Symbol("g_m", real=True)
    assert hs.Phonon("b1", damping=0.005).damping == sp.Float(0.005)
    assert hs.Kerr("m", K=sp.Symbol("K")).K == sp.Symbol("K", real=True)


def test_string_parameters_are_parsed_without_evaluating_code():
    assert hs.Phonon("b", damping="2*gamma").damping == 2 * sp.Symbol("gamma", real=True)
    for bad in ("__import__('os').system('true')", "gamma.real", "[1, 2]", "lambda: 1", "gamma if 1 else 2"):
        with pytest.raises(ParameterError, match="not allowed|cannot parse"):
            hs.Phonon("b", damping=bad)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: hs.Cavity("a", damping=-0.1), r"Cavity\(a\)|a\.damping.*>= 0"),
        (lambda: hs.Phonon("b", occupation=-1), r"b\.occupation.*>= 0"),
        (lambda: hs.Phonon("b", mass=0), r"b\.mass.*> 0"),
        (lambda: hs.Cavity("a", detuning=float("nan")), r"a\.detuning.*not finite"),
        (lambda: hs.Cavity("2a"), "identifier"),
        (lambda: hs.SagnacDrive("a", direction="up"), "LD"),
    ],
)
def test_bad_component_input_raises_a_clear_error(make, message):
    with pytest.raises((ParameterError, NetworkError, ValueError), match=message):
        make()


@pytest.mark.parametrize("name", sorted(symbols.RESERVED))
@pytest.mark.parametrize("kind", [hs.Cavity, hs.Magnon, hs.Phonon])
def test_mode_names_that_are_reserved_words_of_the_expression_language_are_refused(kind, name):
    with pytest.raises(NetworkError, match=rf"{kind.__name__}: mode name '{name}' is a reserved word"):
        kind(name)


def test_unknown_mode_is_named_in_the_error():
    with pytest.raises(NetworkError, match=r"RadiationPressure\(a, b3\): phonon 'b3' is not a mode.*\['a', 'b2'\]"):
        hs.Network([hs.Cavity("a"), hs.Phonon("b2"), hs.RadiationPressure("a", "b3")])


def test_coupling_between_wrong_kinds_of_mode_is_rejected():
    with pytest.raises(NetworkError, match=r"Magnetostriction\(m, a\) couples phonon 'a', which is a Cavity, not a Phonon"):
        hs.Network([hs.Cavity("a"), hs.Magnon("m"), hs.Magnetostriction("m", "a")])
    with pytest.raises(NetworkError, match="which is a Magnon, not a Cavity"):
        hs.Network([hs.Magnon("m"), hs.SagnacDrive("m")])
    with pytest.raises(NetworkError, match="distinct"):
        hs.Network([hs.Cavity("a"), hs.BeamSplitter("a", "a")])


def test_duplicate_names_are_rejected():
    with pytest.raises(NetworkError, match="duplicate mode name 'a'"):
        hs.Network([hs.Cavity("a"), hs.Magnon("a")])
    with pytest.raises(NetworkError, match=r"duplicate component 'Kerr\(a\)'"):
        hs.Network([hs.Cavity("a"), hs.Kerr("a"), hs.Kerr("a", K="K2")])
    with pytest.raises(NetworkError, match="not a hybridsys component"):
        hs.Network([hs.Cavity("a"), "kerr"])


def test_graph_has_modes_as_nodes_couplings_as_edges_and_self_loops(spec_model):
    graph = spec_model.network.graph
    assert set(graph.nodes) == {"a", "m", "b1", "b2"}
    assert graph.has_edge("a", "b2") and graph.has_edge("b1", "b2") and graph.has_edge("m", "b1")
    assert graph.number_of_edges("m", "m") == 2  # Kerr and drive
    assert graph.nodes["a"]["kind"] == "cavity"


def test_networks_compose_from_smaller_networks(spec_model):
    optomechanics = hs.Network([hs.Cavity("a"), hs.Phonon("b2"), hs.RadiationPressure("a", "b2"), hs.Drive("a")])
    magnomechanics = hs.Network([hs.Magnon("m"), hs.Phonon("b1"), hs.Magnetostriction("m", "b1"), hs.Kerr("m")])
    joined = optomechanics + magnomechanics + hs.Contact("b1", "b2")
    assert joined.mode_names == ("a", "b2", "m", "b1")
    assert len(joined.couplings) == 5
    with pytest.raises(NetworkError, match="duplicate mode name 'a'"):
        optomechanics + optomechanics
    smaller = joined.without("m")
    assert smaller.mode_names == ("a", "b2", "b1") and "Kerr(m)" not in [c.label for c in smaller.couplings]


def test_listing_names_every_mode_coupling_and_parameter(spec_model):
    text = spec_model.network.describe()
    for word in ("RadiationPressure(a, b2)", "Contact(b1, b2)", "kappa_m", "Lambda", "ω_ref", "quanta"):
        assert word in text


def test_network_draws_with_matplotlib(spec_model):
    ax = spec_model.network.draw()
    assert len(ax.collections) >= 2


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: hs.Cavity("a", damping="I"), "not a finite real number"),
        (lambda: hs.Cavity("a", damping="1/0"), "not a finite real number"),
        (lambda: hs.Phonon("b", mass=sp.oo), "not a finite real number"),
        (lambda: hs.Cavity("a", damping="I*k"), "must be real"),
        (lambda: hs.Cavity("a", detuning="9**9**9**9"), "too large"),
        (lambda: hs.Cavity("a", detuning="-" * 5000 + "1"), "too long|nested too deeply"),
        (lambda: hs.Cavity("a", detuning=sp.Function("f")(sp.Symbol("x"))), "not one of sqrt"),
    ],
)
def test_unphysical_or_unsafe_parameter_expressions_are_rejected(make, message):
    with pytest.raises(ParameterError, match=message):
        make()


def test_a_complex_drive_amplitude_is_allowed():
    assert hs.Drive("a", amplitude="xi*exp(I*phi)").amplitude.has(sp.I)


def test_default_names_are_never_silently_shared():
    with pytest.raises(NetworkError, match="'xi_a' is used by"):
        hs.Network([hs.Cavity("a"), hs.Drive("a"), hs.SagnacDrive("a")])
    shared = hs.Network([hs.Cavity("a"), hs.Drive("a", amplitude="xi"), hs.SagnacDrive("a", amplitude="xi")])
    assert "xi" in shared.parameter_names


def test_mass_symbols_are_positive_and_keep_the_drift_readable():
    network = hs.Network([hs.Cavity("a"), hs.Phonon("b", mass="M"), hs.RadiationPressure("a", "b", g="g")])
    assert sp.Symbol("M", positive=True) in hs.derive(network).drift.matrix.free_symbols
    assert not hs.derive(network).drift.matrix.has(sp.atan2)
    with pytest.raises(NetworkError, match="'M' is used as a mass"):
        hs.Network([hs.Cavity("a", detuning="M"), hs.Phonon("b", mass="M")])


def test_components_show_their_terms_as_latex_and_networks_draw_themselves():
    assert hs.Kerr("m")._repr_latex_() == "$H_{\\mathrm{Kerr(m)}} = K_{m} m^{\\dagger} m + K_{m} \\left(m^{\\dagger}\\right)^{2} m^{2}$"
    assert hs.Contact("b1", "b2")._repr_latex_().endswith("- \\chi_{b1 b2} b_{1}^{\\dagger} b_{2} - \\chi_{b1 b2} b_{2}^{\\dagger} b_{1}$")
    pytest.importorskip("matplotlib")
    png = hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.RadiationPressure("a", "b"), hs.Drive("a")])._repr_png_()
    assert png.startswith(b"\x89PNG") and len(png) > 2_000
