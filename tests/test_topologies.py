"""The new topologies (tutorial 4): their model files load and work by name on the
command line, the magnomechanical entanglement behaves as it must, the E_N values agree
with an independent computation, and the tutorial runs end to end."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.measures import log_negativity
from hybridsys.model.modelfile import Model, available_models, load_model

TUTORIALS = Path(__file__).resolve().parent.parent / "tutorials"

#: model -> (its default parameter set, named after the paper; the pair it is about)
TOPOLOGIES = {
    "two_optomechanical_cavities": ("mari2013", ("b1", "b2")),
    "cavity_magnomechanics": ("li2018", ("m", "b")),
    "spinning_optomechanics": ("illustrative", ("a", "b")),
    "resonator_chain": ("chain", ("b1", "b5")),
}


def stable_steady_state(model, *scenarios, **overrides):
    """The one stable fixed point at a model's values: compiled model, params, state, V."""
    compiled = hs.compile(model, scenarios=scenarios)
    params = compiled.parameters(model.values(None, *scenarios, **overrides))
    steady = hs.steady_states(compiled, params)
    assert steady.stable.sum() == 1, f"expected one stable fixed point, got {steady.stable}"
    k = int(np.argmax(steady.stable))
    return compiled, params, steady.states[k], steady.covariance[k]


def independent_log_negativity(covariance: np.ndarray, i: int, j: int) -> float:
    """E_N of modes i, j from the symplectic eigenvalues of the partially transposed
    two-mode covariance, computed as the moduli of the eigenvalues of the non-Hermitian iΩṼ
    (numpy), not through the Hermitian factorization of hybridsys.measures."""
    index = [2 * i, 2 * i + 1, 2 * j, 2 * j + 1]
    block = covariance[np.ix_(index, index)]
    flip = np.diag([1.0, 1.0, 1.0, -1.0])  # partial transposition: p_j -> -p_j
    omega = np.kron(np.eye(2), np.array([[0.0, 1.0], [-1.0, 0.0]]))
    nu = np.abs(np.linalg.eigvals(1j * omega @ flip @ block @ flip)).min()
    return max(0.0, -np.log(2 * nu))


@pytest.mark.parametrize("name", sorted(TOPOLOGIES))
def test_model_loads_by_name_and_its_network_validates(name):
    assert name in available_models()
    model = load_model(name)
    default_set, pair = TOPOLOGIES[name]
    assert model.name == name and model.description
    assert model.default_set == default_set and model.synchronize == pair
    pset = model.parameter_set()
    assert pset.description and pset.reference_hz > 0
    assert set(pset.values) == set(model.network.parameter_names)
    assert hs.Network(model.network.components) == model.network  # validates again
    assert hs.Network.from_data(model.network.to_data()) == model.network
    again = Model.from_toml(model.to_toml())
    assert again.network == model.network and again.parameter_set().values == pset.values
    for scenario in model.scenarios:
        model.network_for(scenario)
        model.values(None, scenario)


@pytest.mark.parametrize("name", sorted(TOPOLOGIES))
def test_show_steady_and_simulate_run_by_name(name, capsys):
    _, pair = TOPOLOGIES[name]
    assert main(["show", name]) == 0
    assert name in capsys.readouterr().out
    assert main(["show", name, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["model"] == name and [m["name"] for m in shown["modes"]] == list(load_model(name).network.mode_names)

    assert main(["steady", name, "--json"]) == 0
    steady = json.loads(capsys.readouterr().out)
    assert steady["model"] == name and steady["synchronize"] == list(pair) and steady["fixed_points"]
    for point in steady["fixed_points"]:
        assert (point["steady"] is None) == (not point["stable"])
        if point["stable"]:
            assert point["steady"]["physical"] and point["steady"]["lyapunov_residual"] < 1e-12

    # the scipy engine (the reference): the numba kernel of each model would cost seconds of
    # compilation here; the tutorial runs the default engine on two_optomechanical_cavities
    assert main(["simulate", name, "--periods", "5", "--engine", "scipy", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert run["integration"]["status"] == "ok" and run["synchronization"]["modes"] == list(pair)
    assert 0 < run["synchronization"]["S_Q"]["max"] <= 1 + 1e-9 and run["validity"]["physical"]


def test_magnomechanics_fixed_point_has_the_papers_effective_detuning_and_coupling():
    """Li, Zhu, Agarwal fix the effective magnon detuning 0.9 ω_b and |G_mb| = 0.32 ω_b
    (2π × 3.2 MHz); the model file gives bare values that must land there."""
    model = load_model("cavity_magnomechanics")
    compiled, params, state, _ = stable_steady_state(model)
    drift = compiled.drift(params, state)
    at = {name: k for k, name in enumerate(compiled.state_names)}
    assert drift[at["X_m"], at["Y_m"]] == pytest.approx(0.9, rel=1e-9)  # Δ_m − 2 g Re<b>
    coupling = np.hypot(drift[at["X_m"], at["X_b"]], drift[at["Y_m"], at["X_b"]])  # 2 g |<m>|
    assert coupling == pytest.approx(0.32, rel=1e-9)
    assert abs(drift[at["Y_b"], at["X_m"]] + 1j * drift[at["Y_b"], at["Y_m"]]) == pytest.approx(0.32, rel=1e-9)
    g = dict(zip(compiled.coupling_labels, compiled.effective_couplings(params, state)))
    assert g["Magnetostriction(m, b)"] == pytest.approx(coupling / 2, rel=1e-12)  # hybridsys's G = g|<m>|


def test_magnon_phonon_entanglement_vanishes_without_magnetostriction_and_is_positive_in_the_papers_regime():
    model = load_model("cavity_magnomechanics")
    a, m, b = (model.network.mode_names.index(n) for n in "amb")
    _, _, _, V = stable_steady_state(model)
    for i, j in ((a, m), (m, b), (a, b)):  # all three pairs entangled in the paper's regime
        assert log_negativity(V, i, j) > 1e-2

    *_, V_off = stable_steady_state(model, "no_magnomechanics")
    assert model.values(None, "no_magnomechanics")["g_mb"] == 0
    # the phonon decouples: no correlation with the cavity or the magnon, at all
    assert np.all(V_off[2 * b : 2 * b + 2, : 2 * b] == 0) and np.all(V_off[: 2 * b, 2 * b : 2 * b + 2] == 0)
    nbar_b = model.values()["nbar_b"]
    assert np.allclose(V_off[2 * b : 2 * b + 2, 2 * b : 2 * b + 2], (nbar_b + 0.5) * np.eye(2), rtol=1e-12, atol=0)
    # so E_N = max(0, −ln 2ν) with ν the magnon's own symplectic eigenvalue, which is the
    # vacuum's 1/2: zero up to the last bit of that 1/2, whichever side rounding falls on
    for i in (a, m):
        assert 0 <= log_negativity(V_off, i, b) <= np.finfo(float).eps


@pytest.mark.parametrize(
    "name, scenarios",
    [("cavity_magnomechanics", ()), ("spinning_optomechanics", ("RD",)), ("resonator_chain", ())],
)
def test_log_negativity_agrees_with_an_independent_computation(name, scenarios):
    """hybridsys's steady covariance and E_N against scipy's Lyapunov solver and numpy's
    eigenvalues of iΩV^{T_B}, on the same drift and diffusion matrices."""
    model = load_model(name)
    compiled, params, state, V = stable_steady_state(model, *scenarios)
    reference = scipy.linalg.solve_continuous_lyapunov(compiled.drift(params, state), -compiled.diffusion(params))
    assert np.allclose(V, reference, rtol=1e-10, atol=1e-12 * np.abs(reference).max())
    modes = len(compiled.modes)
    values = [(log_negativity(V, i, j), independent_log_negativity(reference, i, j)) for i in range(modes) for j in range(i + 1, modes)]
    ours, theirs = np.array(values).T
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)
    assert ours.max() > 1e-2 or name == "resonator_chain"  # the comparison is not only between zeros


def test_spinning_resonator_entanglement_is_nonreciprocal_through_the_sagnac_shift():
    model = load_model("spinning_optomechanics")
    values = model.values()
    sigma = values["Omega"] * values["Lambda"]
    E = {side: log_negativity(stable_steady_state(model, side)[3], 0, 1) for side in ("LD", "RD")}
    assert E["RD"] > 0.1 and E["LD"] == 0  # entangled when driven from the right only
    # reversing the spin swaps the sides; without spin both sides are alike
    reversed_spin = {side: log_negativity(stable_steady_state(model, side, Omega=-values["Omega"])[3], 0, 1) for side in ("LD", "RD")}
    assert reversed_spin["LD"] == pytest.approx(E["RD"], rel=1e-12) and reversed_spin["RD"] == pytest.approx(E["LD"], abs=1e-15)
    still = [log_negativity(stable_steady_state(model, side, "still")[3], 0, 1) for side in ("LD", "RD")]
    assert still[0] == pytest.approx(still[1], rel=1e-12) and E["LD"] < still[0] < E["RD"]
    # the spin only shifts the detuning: RD at Δ_a is the still resonator at Δ_a − σ
    shifted = log_negativity(stable_steady_state(model, "still", Delta_a=values["Delta_a"] - sigma)[3], 0, 1)
    assert shifted == pytest.approx(E["RD"], rel=1e-9)


def test_chain_is_cooled_from_its_driven_end_and_thermal_without_the_drive():
    model = load_model("resonator_chain")
    nbar = model.values()["nbar_m"]
    _, _, _, V = stable_steady_state(model)
    occupation = (np.diagonal(V)[0::2] + np.diagonal(V)[1::2] - 1) / 2
    phonons = occupation[1:]
    assert np.all(phonons < nbar) and phonons[0] == phonons.min()
    _, _, state, V_off = stable_steady_state(model, "cavity_off")
    assert np.all(state == 0)
    assert np.allclose(V_off, np.diag(np.repeat([0.5] + [nbar + 0.5] * 5, 2)), rtol=1e-12, atol=1e-12)


def test_new_topologies_tutorial_writes_figures_data_and_parameters(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["04_new_topologies.py", str(tmp_path)])
    runpy.run_path(str(TUTORIALS / "04_new_topologies.py"), run_name="__main__")
    for figure in ("two_cavities", "magnomechanics", "spinning", "chain"):
        assert (tmp_path / f"{figure}.png").stat().st_size > 10_000
    data = np.load(tmp_path / "topologies.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text())
    printed = capsys.readouterr().out

    # (a) S_Q, S_C of the mirrors: bounded by 1, and the coupling is what synchronizes them
    assert data["a_S_Q"].shape == (2, data["a_t_over_tau"].size) and data["a_t_over_tau"][-1] == 100
    assert np.all((data["a_S_Q"] > 0) & (data["a_S_Q"] <= 1 + 1e-9)) and np.all(data["a_S_C"] <= data["a_S_Q"] + 1e-12)
    summary = meta["a_two_optomechanical_cavities"]["summary"]
    coupled, uncoupled = summary["coupled, chi = 0.02"], summary["uncoupled, chi = 0"]
    assert coupled["regime"] == "limit cycle" and coupled["S_Q"]["mean"] > 10 * uncoupled["S_Q"]["mean"]

    # (b) the E_N recorded are those of the model at the paper's point, and zero when switched off
    model = load_model("cavity_magnomechanics")
    _, _, _, V = stable_steady_state(model)
    b = meta["b_cavity_magnomechanics"]
    assert b["E_N"]["m-b"] == pytest.approx(independent_log_negativity(V, 1, 2), abs=1e-12)
    assert b["fixed_point"]["Delta_m_eff"] == pytest.approx(0.9, rel=1e-9)
    eps = np.finfo(float).eps  # the phonon's pairs vanish to the last bit (see the test above)
    assert b["E_N_switched_off"]["m-b"] <= eps and b["E_N_switched_off"]["a-b"] <= eps
    assert np.all(data["b_E_N_m-b_off"] <= eps) and np.all(data["b_E_N_a-b_off"] <= eps) and np.nanmax(data["b_E_N_m-b"]) > 0.05

    # (c) nonreciprocity: at the file's detuning, the right side entangles and the left does not
    c = meta["c_spinning_optomechanics"]["E_N_at_Delta_a"]
    assert c["RD"] > 0.1 and c["LD"] == 0 and c["LD"] < c["still"] < c["RD"]

    # (d) every chain size ran, and each chain is cooled below its baths' occupation
    assert list(data["d_N"]) == list(range(1, 9)) and len(meta["d_resonator_chain"]["seconds"]["generate"]) == 8
    occupations = data["d_occupations"][:, 1:]
    assert np.all(occupations[np.isfinite(occupations)] < meta["d_resonator_chain"]["parameters"]["nbar_m"])
    assert "S_Q max" in printed and "steady E_N" in printed and "N = 5 (6 modes)" in printed
