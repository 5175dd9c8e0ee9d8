"""Tutorial 08 (modulation) runs end to end; its numbers are checked against the
Mari–Eisert equations written by hand in tests/test_mari2009.py and against the
trajectory it integrates itself."""

from __future__ import annotations

import json

import numpy as np
import pytest

from .test_mari2009 import brute_force_orbit, paper_log_negativity, paper_static_log_negativity
from .test_tutorials_gaussian import run_tutorial


def test_modulation_tutorial_checks_the_floquet_state_and_sweeps_depth_and_frequency(tmp_path, monkeypatch, capsys):
    run_tutorial("08_modulation.py", tmp_path, monkeypatch)
    assert "brute force after 60 τ against Floquet" in capsys.readouterr().out
    assert (tmp_path / "modulation.png").stat().st_size > 10_000
    data = np.load(tmp_path / "modulation.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text(encoding="utf-8"))
    assert meta["drive"]["Om"] == 2.0 and meta["coupling"]["eps"] == 0.6
    # the modulated E_N(t) against the paper's equations integrated to periodicity by hand
    phases = data["drive_phase"][::25]
    expected = paper_log_negativity(brute_force_orbit(phases))
    assert np.max(np.abs(data["drive_E_N"][0, ::25] - expected)) < 1e-6
    static = paper_static_log_negativity()
    assert np.allclose(data["drive_E_N"][1], static, atol=1e-8)  # E1 = 0: every phase the static state
    assert float(data["brute_force_covariance_difference"]) < 1e-8
    # the sweep: E1 = 0 is the static state at every Ω; its grid is (depth, frequency)
    assert data["sweep_E_N_max"].shape == (9, 9)
    assert np.allclose(data["sweep_E_N_max"][0], static, atol=1e-6)
    assert data["sweep_E_N_max"][4, 4] == pytest.approx(np.max(data["drive_E_N"][0]), abs=1e-3)  # the paper's point
