"""Model files: the spec model, round trips, safety and errors, loading when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.model.modelfile import Model, available_models, load_model


def test_spec_model_loads_by_name_with_both_table_one_columns(spec_model):
    assert "nonreciprocal_sync" in available_models()
    assert set(spec_model.parameter_sets) == {"simulation", "experimental"}
    sim = spec_model.values("simulation")
    assert sim["kappa_a"] == 0.15 and sim["chi"] == 0.02 and sim["xi_a"] == 35.0 and sim["g_a"] == 0.005
    exp = spec_model.values("experimental")
    assert exp["kappa_a"] == 0.66 and exp["gamma_2"] == 0.0004
    assert spec_model.parameter_set("experimental").units.from_hz(15.367e6) == pytest.approx(exp["omega_2"])
    assert spec_model.synchronize == ("b1", "b2")


def test_model_round_trips_through_toml(spec_model):
    again = Model.from_toml(spec_model.to_toml())
    assert again == spec_model
    assert hs.derive(again.network).drift.matrix == hs.derive(spec_model.network).drift.matrix


def test_model_file_never_evaluates_its_contents(tmp_path):
    marker = tmp_path / "pwned"
    text = load_model("nonreciprocal_sync").to_toml().replace(
        'g = "g_a"', f'g = "__import__(\'pathlib\').Path(\'{marker}\').touch()"'
    )
    with pytest.raises(hs.ModelFileError, match="not allowed"):
        Model.from_toml(text)
    assert not marker.exists()


@pytest.mark.parametrize(
    "edit, message",
    [
        (('type = "contact"', 'type = "glue"'), "unknown type 'glue'"),
        (("kappa_a = 0.15", "kappa_a = -0.15"), "kappa_a.*>= 0"),
        (("chi = 0.02\n", ""), r"missing values for \['chi'\]"),
        (('phonon = "b2"', 'phonon = "b9"'), "'b9' is not a mode"),
        (("[[modes]]", "[[modes]"), "not valid TOML"),
        (('name = "a"', 'name = "I"'), "mode name 'I' is a reserved word of the expression language"),
    ],
)
def test_bad_model_files_raise_clear_errors(edit, message):
    text = load_model("nonreciprocal_sync").to_toml().replace(*edit, 1)
    with pytest.raises(hs.ModelFileError, match=message):
        Model.from_toml(text)


def test_model_file_loads_from_any_path(tmp_path, spec_model):
    path = tmp_path / "mine.toml"
    path.write_text(spec_model.to_toml())
    assert load_model(str(path)) == spec_model
    with pytest.raises(hs.ModelFileError, match="unknown model"):
        load_model("no_such_model")


@pytest.mark.skipif(shutil.which("hybridsys") is None, reason="package not installed (run `pip install .`)")
def test_installed_package_loads_models_by_name_outside_the_source_tree(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import hybridsys, hybridsys.model.modelfile as f; print(hybridsys.__file__); print(f.load_model('nonreciprocal_sync').name)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    location, name = out.stdout.split()
    assert name == "nonreciprocal_sync"
    if "site-packages" in location:  # a regular (non-editable) install: models come from package data
        assert os.path.isdir(os.path.join(os.path.dirname(location), "_models"))


@pytest.mark.parametrize(
    "edit, message",
    [
        (("kappa_a = 0.15", "kappa_a = true"), "must be a number"),
        (("kappa_a = 0.15", 'kappa_a = "0.15"'), "must be a number"),
        (("reference_hz = 10000000.0", "reference_hz = -5.0"), "positive number of Hz"),
        (("omega_1 = 1.0\n", "omega_1 = 1.0\nLambda = 3.0\n"), "both given and derived"),
        (('default_parameters = "simulation"', 'default_parameters = "simulation"\nmodesx = 1'), r"unknown key\(s\) \['modesx'\]"),
        (('direction = "LD"', 'direction = "up"'), "direction must be 'LD' or 'RD'"),
    ],
)
def test_bad_values_in_model_files_raise_clear_errors(edit, message):
    text = load_model("nonreciprocal_sync").to_toml()
    assert edit[0] in text
    with pytest.raises(hs.ModelFileError, match=message):
        Model.from_toml(text.replace(*edit, 1))


def test_toml_writer_quotes_odd_keys_and_escapes_control_characters(spec_model):
    import attrs

    from hybridsys.model.modelfile import ParameterSet

    odd = ParameterSet("Table I (sim)", dict(spec_model.values()), 1e7, 'quote " back\\slash \t tab \x01 \x7f del')
    model = attrs.evolve(spec_model, parameter_sets={"Table I (sim)": odd}, default_set="Table I (sim)")
    again = Model.from_toml(model.to_toml())
    assert again.parameter_set("Table I (sim)").description == odd.description
    assert again.values() == odd.values


def test_expressions_that_would_not_read_back_the_same_are_refused():
    cavity = hs.Cavity("a", detuning=sp.exp(1) * sp.Symbol("x"))  # prints as E*x
    with pytest.raises(hs.ParameterError, match="reads back the same"):
        cavity.to_data()
    precise = hs.Cavity("a", detuning=sp.Float(1.0000000000000002) * sp.Symbol("D"))
    assert hs.Network.from_data({"modes": [precise.to_data()]}).modes[0] == precise


def test_scenarios_are_declared_checked_and_round_trip():
    model = load_model("nonreciprocal_sync")
    assert model.values(None, "CD")["K"] < 0 < model.values(None, "OD")["K"] and model.values(None, "kerr_off")["K"] == 0
    assert Model.from_toml(model.to_toml()) == model
    data = model.to_data()
    data["scenarios"]["bad"] = {"values": {"kappa_a": -1.0}}
    with pytest.raises(hs.ModelFileError, match="scenario 'bad'.*kappa_a"):
        Model.from_data(data)
    data["scenarios"]["bad"] = {"values": {"nope": 1.0}}
    with pytest.raises(hs.ModelFileError, match="unknown parameters"):
        Model.from_data(data)


def test_drive_direction_scenarios_flip_the_sagnac_shift():
    """RD drives the clockwise mode: σ = -ΩΛ in place of +ΩΛ (S52), nothing else changes."""
    model = load_model("nonreciprocal_sync")
    assert model.network_for("LD") == model.network
    left, right = hs.derive(model, "exact", ("LD",)), hs.derive(model, "exact", ("spinning", "RD"))
    symbols = {s.name: s for s in right.drift.matrix.free_symbols}
    omega, lam = symbols["Omega"], symbols["Lambda"]
    difference = sp.simplify(right.drift.matrix - left.drift.matrix)
    # only the cavity quadratures' rotation changes, by 2σ
    assert difference[0, 1] == -2 * omega * lam and difference[1, 0] == 2 * omega * lam
    assert sum(1 for entry in difference if entry != 0) == 2
    values = model.values(None, "spinning", "RD")
    assert values["Omega"] * values["Lambda"] == pytest.approx(0.10876, rel=1e-4)
    assert Model.from_toml(model.to_toml()) == model
    data = model.to_data()
    data["scenarios"]["bad"] = {"directions": {"m": "RD"}}
    with pytest.raises(hs.ModelFileError, match="no Sagnac drive"):
        Model.from_data(data)
    data["scenarios"]["bad"] = {"directions": {"a": "up"}}
    with pytest.raises(hs.ModelFileError, match="direction must be 'LD' or 'RD'"):
        Model.from_data(data)
