"""The command line and the README's promises."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from hybridsys.cli import main
from hybridsys.symbolic.hurwitz import coefficient_symbols, hurwitz_matrix

README = Path(__file__).resolve().parent.parent / "README.md"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_show_lists_modes_couplings_and_parameters_with_values_units_and_meaning():
    code, out = run("show", "nonreciprocal_sync")
    assert code == 0
    assert re.search(r"kappa_a\s+0\.15\s+ω_ref\s+amplitude decay rate", out)
    assert re.search(r"nbar_1\s+0\s+quanta", out)
    assert "SagnacDrive(a)" in out and "Magnetostriction(m, b1)" in out


def test_show_experimental_column_and_spec_convention():
    code, out = run("show", "nonreciprocal_sync", "--parameters", "experimental", "--drift", "--convention", "spec")
    assert code == 0 and "+ K -" not in out
    code, out = run("show", "nonreciprocal_sync", "--parameters", "experimental")
    assert re.search(r"kappa_a\s+0\.66", out)


def test_show_json_has_documented_keys_and_provenance():
    code, out = run("show", "nonreciprocal_sync", "--json", "--hamiltonian", "--langevin", "--drift", "--diffusion", "--hurwitz")
    data = json.loads(out)
    for key in ("schema", "hybridsys_version", "model", "parameter_set", "reference_hz", "convention", "modes",
                "couplings", "parameters", "hamiltonian", "langevin", "drift", "diffusion", "hurwitz"):
        assert key in data, key
    assert data["schema"] == "hybridsys.show/1"
    assert data["drift"]["basis"] == ["X_a", "Y_a", "X_m", "Y_m", "X_b1", "Y_b1", "X_b2", "Y_b2"]
    entry = next(e for e in data["drift"]["entries"] if (e["row"], e["col"]) == ("X_b1", "Y_b2"))
    assert entry["value"] == "-chi" and entry["sources"][0]["component"] == "Contact(b1, b2)"
    kappa = next(p for p in data["parameters"] if p["name"] == "kappa_a")
    assert kappa == {**kappa, "value": 0.15, "unit": "ω_ref", "quantity": "rate"}
    assert len(data["hurwitz"]["determinants"]) == 8 and data["hurwitz"]["expanded"] is True
    symbols = {a.name: a for a in coefficient_symbols(8)}
    assert sp.sympify(data["hurwitz"]["matrix"], locals=symbols) == hurwitz_matrix(8, 8)


def test_show_latex_prints_latex():
    code, out = run("show", "nonreciprocal_sync", "--hamiltonian", "--latex")
    assert code == 0 and "a^{\\dagger}" in out


def test_show_unknown_model_is_a_clear_error(capsys):
    assert main(["show", "no_such_model"]) == 2
    assert "unknown model 'no_such_model'" in capsys.readouterr().err


def test_readme_example_prints_the_same_drift_matrix_as_the_command_line():
    text = README.read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    example = next(b for b in blocks if "print(derivation.drift)" in b)
    assert len([line for line in example.splitlines() if line.strip()]) <= 16
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, "README.md", "exec"), {})
    code, shown = run("show", "nonreciprocal_sync", "--drift")
    assert code == 0
    assert out.getvalue().strip() in shown
    assert out.getvalue().count("\n") >= 9


def test_readme_second_example_runs():
    text = README.read_text()
    example = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "stability(" in b)
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert namespace["A"].shape == (101, 8, 8) and namespace["verdict"].stable.shape == (101,)


def test_readme_commands_are_the_ci_commands():
    text = README.read_text()
    commands = re.findall(r"```bash\n(.*?)\n```", text, re.S)
    assert commands[0] == 'python -m pip install ".[figures]" && hybridsys reproduce S3 --out out/figures'
    ci = (README.parent / ".ci" / "run").read_text()
    assert commands[1] in ci.splitlines()


def test_readme_numerics_example_runs():
    example = next(b for b in re.findall(r"```python\n(.*?)```", README.read_text(), re.S) if "hs.simulate(" in b)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(example, "README.md", "exec"), namespace)
    assert namespace["sq"].shape[0] == 3 and np.all(namespace["trajectory"].ok)


def readme_keys(schema: str) -> set[str]:
    """Top-level keys the README's table for ``schema`` documents."""
    text = README.read_text()
    table = text.split(f"schema `{schema}`:")[1].split("\n\n")[1]
    keys = set()
    for row in table.splitlines()[2:]:
        keys.update(re.findall(r"`([a-z_A-Z]+)`", row.split("|")[1]))
    return keys


def test_simulate_json_follows_the_documented_schema():
    code, out = run("simulate", "nonreciprocal_sync", "--periods", "40", "--set", "K=2e-5", "--json")
    data = json.loads(out)
    assert code == 0 and data["schema"] == "hybridsys.simulate/1"
    assert set(data) == readme_keys("hybridsys.simulate/1")
    assert data["parameters"]["K"] == 2e-5
    assert data["initial_state"] == {"mean": "empty", "fluctuations": "thermal"}
    assert data["integration"]["status"] == "ok" and data["integration"]["rtol"] == 1e-6
    assert data["regime"] in ("fixed point", "limit cycle", "transient", "irregular")
    assert 0 < data["synchronization"]["S_Q"]["max"] <= 1 and data["validity"]["physical"]
    measures = data["measures"]
    assert measures["modes"] == data["synchronization"]["modes"]
    documented = re.search(r"\| `measures` \| .*? measures (.*?) \(a, b", README.read_text()).group(1)
    assert set(measures) - {"modes"} == set(re.findall(r"`(\w+)`", documented))
    assert 0 < measures["purity_a"]["mean"] <= 1 and measures["E_N"]["max"] >= 0 and measures["mutual_information"]["mean"] > 0


def test_simulate_text_names_regime_and_synchronization():
    code, out = run("simulate", "nonreciprocal_sync")
    assert code == 0
    assert "regime: limit cycle" in out and "S_Q  max" in out and "b1–b2" in out


def test_steady_json_lists_every_fixed_point_and_measures_at_stable_ones():
    code, out = run("steady", "nonreciprocal_sync", "--set", "Delta_a=1", "--set", "Delta_m=1", "--json")
    data = json.loads(out)
    assert code == 0 and data["schema"] == "hybridsys.steady/1" and data["complete"]
    assert len(data["fixed_points"]) == 9
    stable = [p for p in data["fixed_points"] if p["stable"]]
    assert stable and all(p["steady"] is None for p in data["fixed_points"] if not p["stable"])
    steady = stable[0]["steady"]
    assert {"S_Q", "E_N", "physical", "lyapunov_residual", "linearization", "effective_couplings", "mechanical", "hurwitz_stable"} <= set(steady)
    assert len(steady["E_N"]) == 6 and steady["physical"] and steady["lyapunov_residual"] < 1e-14


def test_steady_text_says_when_there_is_no_steady_state():
    code, out = run("steady", "nonreciprocal_sync")
    assert code == 0 and "unstable" in out and "no steady state here" in out


def test_bad_set_is_a_clear_error(capsys):
    assert main(["steady", "nonreciprocal_sync", "--set", "K"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err
    assert main(["steady", "nonreciprocal_sync", "--set", "Kerr=1"]) == 2
    assert "no parameter(s) ['Kerr']" in capsys.readouterr().err
    assert main(["simulate", "nonreciprocal_sync", "--set", "kappa_a=-1"]) == 2
    assert "kappa_a" in capsys.readouterr().err


def test_covariance_at_an_unstable_point_is_a_clear_error(spec_model, spec_compiled):
    import hybridsys as hs

    params = spec_compiled.parameters(spec_model.values())
    state = hs.fixed_points(spec_compiled, params).states[0]
    with pytest.raises(hs.HybridsysError, match=r"no steady state: the operating point #0 is unstable or marginal"):
        hs.covariance_at(spec_compiled, params, state)


def test_simulate_stops_with_an_error_naming_a_diverging_point(capsys):
    lossless = ["--set", "kappa_a=0", "--set", "kappa_m=0", "--set", "gamma_1=0", "--set", "gamma_2=0"]
    assert main(["simulate", "nonreciprocal_sync", *lossless, "--periods", "50"]) == 2
    err = capsys.readouterr().err
    assert "integration failed at parameter point #0 (diverged at t =" in err and "'kappa_a': 0.0" in err


def test_simulate_shorter_than_the_default_window():
    code, out = run("simulate", "nonreciprocal_sync", "--periods", "10", "--json")
    assert code == 0 and json.loads(out)["window_periods"] == 10


def test_simulate_rejects_a_bad_window(capsys):
    assert main(["simulate", "nonreciprocal_sync", "--window", "0"]) == 2
    assert "classify_periods" in capsys.readouterr().err


def test_scenarios_apply_named_values_before_set():
    code, out = run("steady", "nonreciprocal_sync", "--scenario", "OD", "--json")
    data = json.loads(out)
    assert code == 0 and data["scenarios"] == ["OD"] and data["parameters"]["K"] == 2e-5
    code, out = run("steady", "nonreciprocal_sync", "--scenario", "OD", "--set", "K=1e-5", "--json")
    assert json.loads(out)["parameters"]["K"] == 1e-5
    assert main(["steady", "nonreciprocal_sync", "--scenario", "XX"]) == 2


def test_steady_and_simulate_refuse_a_model_without_a_pair_of_modes_clearly(tmp_path, capsys):
    path = tmp_path / "lonely.toml"
    path.write_text(
        'name = "lonely"\ndescription = "one cavity"\ndefault_parameters = "p"\n'
        '[[modes]]\ntype = "cavity"\nname = "a"\n[[couplings]]\ntype = "drive"\nmode = "a"\n'
        '[parameters.p]\nreference_hz = 1e6\n[parameters.p.values]\nDelta_a = 0.1\nkappa_a = 0.2\nxi_a = 1.0\n'
    )
    for command in ("steady", "simulate"):
        assert main([command, str(path)]) == 2
        assert "names no pair of modes" in capsys.readouterr().err
