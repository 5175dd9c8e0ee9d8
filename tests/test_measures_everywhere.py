"""The Gaussian toolbox wherever a measure can go: sweeps (by name, both directions of
a directed measure), trajectories along time, and `hybridsys steady --json`."""

from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest

import hybridsys as hs
from hybridsys import measures
from hybridsys.cli import main
from hybridsys.model.modelfile import load_model

NEW = ["steering", "discord", "squeezing", "purity", "entropy", "mutual_information", "S_p"]


def test_steady_sweep_reports_every_new_measure_as_the_direct_calls_give_it():
    model = load_model("cavity_magnomechanics")
    compiled = hs.compile(model)
    points = {"Delta_a": [-1.0, -0.8], "g_ma": [0.32, 0.2]}
    result = hs.sweep(model, points=points, regime="steady", measure=["E_N", *NEW], progress=False)
    steady = hs.steady_states(compiled, compiled.parameters(model.values(**{k: np.array(v) for k, v in points.items()})))
    m, b = compiled.modes.index("m"), compiled.modes.index("b")
    assert list(result.status) == ["ok", "ok"]
    for k in range(2):
        first = int(np.argmax(steady.stable[k]))
        x, V = steady.states[k, first], steady.covariance[k, first]
        assert result["steering_a_to_b"][k] == measures.steering(V, m, b)
        assert result["steering_b_to_a"][k] == measures.steering(V, b, m)
        assert result["discord_b_to_a"][k] == measures.gaussian_discord(V, b, m)
        assert result["squeezing_b"][k] == measures.squeezing(V, b)[0]
        assert result["purity_a"][k] == measures.purity(V, m)
        assert result["entropy_b"][k] == measures.von_neumann_entropy(V, b)
        assert result["mutual_information"][k] == measures.mutual_information(V, m, b)
        assert result["S_p"][k] == measures.phase_synchronization(x, V, m, b)
    assert 0 < result["purity_b"][0] < 1 and result["discord_a_to_b"][0] > 0


def test_unknown_measure_names_list_the_known_ones():
    with pytest.raises(hs.HybridsysError, match="steering"):
        hs.sweep("cavity_magnomechanics", points={"Delta_a": [-1.0]}, regime="steady", measure=["steerage"], progress=False)


def test_trajectory_gives_the_measures_along_time(spec_model, spec_compiled):
    params = spec_compiled.parameters(spec_model.values())
    trajectory = hs.simulate(spec_compiled, params, periods=4, samples_per_period=5, classify_periods=4)
    series = trajectory.measures("b1", "b2", ["S_Q", "steering", "S_p"])
    assert set(series) == {"S_Q", "steering_a_to_b", "steering_b_to_a", "S_p"}
    i, j = spec_compiled.modes.index("b1"), spec_compiled.modes.index("b2")
    np.testing.assert_array_equal(series["steering_b_to_a"], measures.steering(trajectory.covariance, j, i))
    np.testing.assert_array_equal(series["S_Q"], trajectory.quantum_synchronization("b1", "b2"))
    assert series["S_p"].shape == trajectory.times.shape


def test_steady_json_adds_the_gaussian_toolbox_for_every_pair_mode_and_triple():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["steady", "cavity_magnomechanics", "--json"]) == 0
    steady = json.loads(out.getvalue())["fixed_points"][0]["steady"]
    assert set(steady["steering"]) == {"a->m", "a->b", "m->a", "m->b", "b->a", "b->m"} == set(steady["discord"])
    assert set(steady["mutual_information"]) == set(steady["E_N"]) == {"a-m", "a-b", "m-b"}
    assert set(steady["residual_contangle"]) == {"a-m-b"} and set(steady["squeezing"]["b"]) == {"dB", "angle"}
    assert set(steady["purity"]) == set(steady["entropy"]) == {"a", "m", "b"}
    # Li, Zhu & Agarwal (2018): all three pairs entangled and genuinely tripartite at their point
    assert min(steady["E_N"].values()) > 0 and steady["residual_contangle"]["a-m-b"] > 0
    assert isinstance(steady["S_p"], float)
