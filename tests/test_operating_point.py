"""Published operating points: a model declared at the effective detuning Δ̃ and the
effective coupling |G| is solved for its bare detuning and drive, and the fixed point
that the dynamics then reaches has exactly those values."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

import hybridsys as hs
from hybridsys.model.modelfile import Model, load_model
from hybridsys.model.operating_point import OperatingPoint


def effective_values(network, values, mode, phonon):
    """(Δ̃, |G|) read off the drift matrix at the one stable fixed point: Δ̃ = A[X_o, Y_o],
    |G| = the largest singular value of the block A[o, p] (2 g s |<o>| for a position coupling)."""
    compiled = hs.compile(network)
    params = compiled.parameters(values)
    steady = hs.steady_states(compiled, params)
    assert steady.stable.sum() == 1
    drift = compiled.drift(params, steady.states[int(np.argmax(steady.stable))])
    at = {name: k for k, name in enumerate(compiled.state_names)}
    o, p = at[f"X_{mode}"], at[f"X_{phonon}"]
    return drift[o, o + 1], np.linalg.svd(drift[o : o + 2, p : p + 2], compute_uv=False)[0]


def test_li2018_operating_point_reproduces_the_papers_effective_detuning_and_coupling_to_1e_10():
    model = load_model("cavity_magnomechanics")
    pset = model.parameter_set()
    assert pset.operating_point == OperatingPoint("m", 0.9, "b", 0.32) and pset.solved == ("Delta_m", "xi_m")
    detuning, coupling = effective_values(model.network, model.values(), "m", "b")
    assert abs(detuning - 0.9) < 1e-10 and abs(coupling - 0.32) < 1e-10
    # the closed form of the model file's comment: Δ_m = 0.9 + G²/(2ω_b) for the Brownian phonon
    assert model.values()["Delta_m"] == pytest.approx(0.9 + 0.32**2 / 2, rel=1e-14)


@pytest.mark.parametrize("damping_model", ["symmetric", "brownian"])
@pytest.mark.parametrize("detuning, coupling", [(0.9, 0.32), (1.0, 0.05), (-0.4, 0.2)])
def test_operating_point_is_reached_under_either_damping_model(damping_model, detuning, coupling):
    """One driven cavity on one phonon (Vitali et al.'s structure), with a strongly damped
    phonon so that the symmetric static response ω/(ω² + γ²) differs from 1/ω."""
    network = hs.Network([
        hs.Cavity("a"), hs.Phonon("b", damping_model=damping_model, mass="m_b"), hs.RadiationPressure("a", "b"), hs.Drive("a"),
    ])
    values = {"kappa_a": 0.3, "omega_b": 1.0, "gamma_b": 0.2, "nbar_b": 5.0, "g_a": 1e-3, "m_b": 2.0}
    point = OperatingPoint("a", detuning, "b", coupling)
    values.update(point.solve(network, values))
    reached = effective_values(network, values, "a", "b")
    assert abs(reached[0] - detuning) < 1e-10 and abs(reached[1] - coupling) < 1e-10


def test_operating_point_round_trips_through_the_model_file():
    model = load_model("cavity_magnomechanics")
    again = Model.from_toml(model.to_toml())
    assert again.values() == model.values() and again.parameter_set().operating_point == model.parameter_set().operating_point
    assert "xi_m" not in again.to_data()["parameters"]["li2018"]["values"]


def _li_text(**point):
    text = load_model("cavity_magnomechanics").to_toml()
    start = text.index("[parameters.li2018.operating_point]")
    end = text.index("[scenarios]")
    table = "\n".join(f"{k} = {v!r}".replace("'", '"') for k, v in point.items())
    return text[:start] + "[parameters.li2018.operating_point]\n" + table + "\n\n" + text[end:]


GOOD = {"mode": "m", "effective_detuning": 0.9, "phonon": "b", "effective_coupling": 0.32}


@pytest.mark.parametrize(
    "edit, match",
    [
        (lambda t: t.replace("g_mb = 1.414213562373095e-08", "g_mb = 0.0"), r"no fixed point reaches \|G\| = 0\.32: Magnetostriction\(m, b\) has g = 0"),
        (lambda t: t.replace("Delta_a = -1.0", "Delta_a = -1.0\nDelta_m = 0.95"), r"\['Delta_m'\] are both given and solved"),
        (lambda t: t.replace('phonon = "b"\neffective', 'phonon = "a"\neffective'), r"no position coupling from 'm' to a phonon 'a'"),
        (lambda t: t.replace('mode = "m"\neffective', 'mode = "b"\neffective'), r"operating point: b is a Phonon"),
        (lambda t: t.replace("effective_coupling = 0.32", "effective_coupling = -0.32"), r"\|G\| and must be >= 0"),
        (lambda t: t.replace("effective_coupling = 0.32", "coupling = 0.32"), r"an operating point is a table with the keys"),
        (lambda t: t.replace("[[couplings]]", '[[couplings]]\ntype = "kerr"\nmode = "m"\nK = 0.0\n\n[[couplings]]', 1),
         r"operating point of m: Kerr\(m\) is outside the closed form"),
    ],
)
def test_unreachable_or_unsupported_operating_point_is_refused_naming_the_component(edit, match):
    text = edit(_li_text(**GOOD))
    with pytest.raises(hs.ModelFileError, match=match):
        Model.from_toml(text)


def test_undamped_linear_resonance_at_the_target_detuning_is_refused():
    network = hs.Network([hs.Cavity("a", damping=0), hs.Phonon("b"), hs.RadiationPressure("a", "b"), hs.Drive("a")])
    with pytest.raises(hs.ParameterError, match=r"no fixed point reaches Δ̃ = 0.0"):
        OperatingPoint("a", 0.0, "b", 0.1).solve(network, {"omega_b": 1.0, "gamma_b": 0.1, "nbar_b": 0.0, "g_a": 1e-3})


def test_operating_point_at_a_given_drive_solves_the_bare_detuning_only():
    """At fixed laser power (Vitali et al. 2007) the paper gives Δ̃ and the drive ξ:
    |<a>| = ξ/|κ + iΔ̃| and |G| = 2 g s ξ/|κ + iΔ̃| follow."""
    network = hs.Network([hs.Cavity("a"), hs.Phonon("b", damping_model="brownian"), hs.RadiationPressure("a", "b"), hs.Drive("a")])
    values = {"kappa_a": 0.7, "omega_b": 1.0, "gamma_b": 1e-5, "nbar_b": 800.0, "g_a": 2e-6, "xi_a": 3e4}
    point = OperatingPoint("a", 1.0)
    assert point.solved_parameters(network) == ("Delta_a",) and point.to_data() == {"mode": "a", "effective_detuning": 1.0}
    values.update(point.solve(network, values))
    detuning, coupling = effective_values(network, values, "a", "b")
    assert abs(detuning - 1.0) < 1e-10
    assert coupling == pytest.approx(2 * 2e-6 * 3e4 / abs(0.7 + 1j), rel=1e-12)
