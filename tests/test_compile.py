"""Compiled functions: batching, caching, pickling, input checks."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.compiled import compiler as hcompile
from hybridsys.model import symbols

from .conftest import random_values


def test_compiled_drift_equals_symbolic_drift_at_a_point(spec_model, spec_compiled):
    values = spec_model.values(Omega=0.3)
    state = np.array([0.3, -1.2, 2.0, 0.7, -0.4, 0.9, 1.1, -0.6])
    derivation = hs.derive(spec_model)
    subs = {symbols.parameter_symbol(k): v for k, v in values.items()}
    subs.update(dict(zip(derivation.state, state)))
    symbolic = np.array(derivation.drift.matrix.xreplace(subs), dtype=float)
    compiled = spec_compiled.drift(spec_compiled.parameters(values), state)
    assert np.allclose(compiled, symbolic, rtol=1e-13, atol=1e-13)
    symbolic_d = np.array(derivation.diffusion.matrix.xreplace(subs), dtype=float)
    assert np.allclose(spec_compiled.diffusion(spec_compiled.parameters(values)), symbolic_d, rtol=1e-14)


def test_batched_evaluation_equals_point_by_point(spec_compiled):
    rng = np.random.default_rng(7)
    params = spec_compiled.parameters(random_values(spec_compiled, rng, 64))
    state = rng.normal(size=(64, 8))
    batch = spec_compiled.drift(params, state)
    singles = np.stack([spec_compiled.drift(p, x) for p, x in zip(params, state)])
    assert np.array_equal(batch, singles)
    grid = spec_compiled.drift(params.reshape(8, 8, -1), state.reshape(8, 8, -1))
    assert grid.shape == (8, 8, 8, 8) and np.array_equal(grid.reshape(64, 8, 8), batch)
    assert spec_compiled.mean_field(params, state).shape == (64, 8)


def test_parameter_arrays_broadcast_and_are_checked(spec_model, spec_compiled):
    values = spec_model.values()
    values["K"] = np.linspace(-2e-5, 2e-5, 5)
    assert spec_compiled.parameters(values).shape == (5, len(spec_compiled.parameter_names))
    with pytest.raises(hs.ParameterError, match="kappa_a"):
        spec_compiled.parameters({**values, "kappa_a": -0.1})
    with pytest.raises(hs.ParameterError, match="unknown parameter"):
        spec_compiled.parameters({**values, "kapa_a": 0.1})
    with pytest.raises(hs.ParameterError, match="missing"):
        spec_compiled.parameters({k: v for k, v in values.items() if k != "chi"})
    with pytest.raises(hs.ParameterError, match="not finite"):
        spec_compiled.parameters({**values, "chi": np.nan})
    with pytest.raises(hs.ParameterError, match="state must have last axis 8"):
        spec_compiled.drift(spec_compiled.parameters(spec_model.values()), np.zeros(6))


def test_compiled_model_is_cached_in_memory_and_on_disk(spec_model, tmp_path, monkeypatch):
    monkeypatch.setenv("HYBRIDSYS_CACHE", str(tmp_path))
    network = spec_model.network.replace(hs.Kerr("m", K="K_test"))
    first = hs.compile(network)
    assert hs.compile(network) is first
    assert list(tmp_path.glob("*.json"))
    hcompile.clear_memory_cache()
    monkeypatch.setattr(hcompile, "generate_sources", lambda derivation: pytest.fail("regenerated despite disk cache"))
    again = hs.compile(network)
    assert again is not first and again.key == first.key


def test_compiled_model_pickles_and_runs_in_a_worker_process(spec_model, spec_compiled):
    clone = pickle.loads(pickle.dumps(spec_compiled))
    params = spec_compiled.parameters(spec_model.values())
    state = np.linspace(-1, 1, 8)
    assert np.array_equal(clone.drift(params, state), spec_compiled.drift(params, state))
    with ProcessPoolExecutor(max_workers=1) as pool:
        remote = pool.submit(_drift_in_worker, spec_compiled, params, state).result()
    assert np.array_equal(remote, spec_compiled.drift(params, state))


def _drift_in_worker(compiled, params, state):
    return compiled.drift(params, state)


def test_parameter_given_as_expression_compiles():
    network = hs.Network([hs.Cavity("a", damping="2*gamma"), hs.Phonon("b", damping="gamma", occupation=0), hs.BeamSplitter("a", "b", g="g")])
    compiled = hs.compile(network)
    assert set(compiled.parameter_names) == {"Delta_a", "gamma", "omega_b", "g"}
    D = compiled.diffusion(compiled.parameters({"Delta_a": 0.0, "gamma": 0.25, "omega_b": 1.0, "g": 0.1}))
    assert np.allclose(np.diag(D), [0.5, 0.5, 0.25, 0.25])
    assert sp.Symbol("gamma", real=True) in hs.derive(network).diffusion.matrix.free_symbols


def test_rates_given_as_expressions_are_checked_at_every_point():
    network = hs.Network([hs.Cavity("a", damping="2*y - z")])
    compiled = hs.compile(network)
    assert compiled.parameters({"Delta_a": 0.0, "y": [0.1, 0.2], "z": 0.15}).shape == (2, 3)
    with pytest.raises(hs.ParameterError, match=r"a\.damping.*>= 0"):
        compiled.parameters({"Delta_a": 0.0, "y": [0.1, 0.2], "z": 0.3})
    shared = hs.compile(hs.Network([hs.Cavity("a", detuning="x", damping="x")]))
    with pytest.raises(hs.ParameterError, match=r"a\.damping"):
        shared.parameters({"x": -1.0})


def test_parameter_axis_and_state_are_checked(spec_compiled):
    with pytest.raises(hs.ParameterError, match="params must have last axis 18"):
        spec_compiled.drift(np.zeros(19), np.zeros(8))
    params = spec_compiled.parameters({n: 0.5 for n in spec_compiled.parameter_names})
    with pytest.raises(hs.ParameterError, match="NaN or infinite"):
        spec_compiled.drift(params, np.full(8, np.nan))
    with pytest.raises(hs.ParameterError, match="do not broadcast"):
        spec_compiled.drift(np.stack([params] * 3), np.zeros((2, 8)))
    with pytest.raises(hs.ParameterError, match="not a number"):
        spec_compiled.parameters({**{n: 0.5 for n in spec_compiled.parameter_names}, "chi": "0.5"})


def test_cache_key_distinguishes_what_printing_would_confuse():
    x = sp.Symbol("x")
    first = hs.compile(hs.Network([hs.Cavity("a", detuning=sp.exp(1) * x)]))
    second = hs.compile(hs.Network([hs.Cavity("a", detuning=sp.Symbol("E") * x)]))
    assert first.key != second.key and "E" in second.parameter_names and "E" not in first.parameter_names
