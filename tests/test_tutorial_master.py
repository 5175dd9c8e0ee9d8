"""Tutorial 09 (when the linearization and the Wigner route fail) runs end to end; its
master-equation numbers in the few-quanta regime are checked against the exact
Drummond–Walls steady state written in tests/test_master.py, and in the many-quanta
regime the three routes agree."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("qutip")
from tests.test_master import drummond_walls  # noqa: E402

TUTORIALS = Path(__file__).resolve().parent.parent / "tutorials"


def test_tutorial_09_carries_three_routes_and_the_exact_few_quanta_state(tmp_path, monkeypatch, capsys):
    name = "09_when_linearization_and_wigner_fail.py"
    monkeypatch.setattr(sys, "argv", [name, str(tmp_path)])
    runpy.run_path(str(TUTORIALS / name), run_name="__main__")
    assert "NOT CONVERGED" not in capsys.readouterr().out
    assert (tmp_path / "routes.png").stat().st_size > 20_000 and (tmp_path / "wigner_blockade.png").stat().st_size > 10_000
    data = np.load(tmp_path / "routes.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text())
    few = meta["regimes"]["few quanta"]
    for xi, n, g2 in zip(few["xi"], data["few_quanta__master_n"], data["few_quanta__master_g2"]):
        exact = drummond_walls(1.0, few["Delta"] + few["K"], few["K"], xi, 1)
        assert n == pytest.approx(exact, rel=1e-7)
        assert g2 == pytest.approx(drummond_walls(1.0, few["Delta"] + few["K"], few["K"], xi, 2) / exact**2, rel=1e-7)
    assert np.all(data["few_quanta__master_g2"] < 0.6)  # blockade, which neither Gaussian route sees
    assert np.all(data["few_quanta__linearized_g2"][:, 0] > 0.9)
    many_n, many_err = data["many_quanta__wigner_n"], data["many_quanta__wigner_n_error"]
    assert np.all(np.abs(many_n - data["many_quanta__master_n"]) < 4 * many_err + 1e-9)
    assert np.all(np.abs(data["many_quanta__linearized_n"][:, 0] - data["many_quanta__master_n"])
                  < 0.01 * data["many_quanta__master_n"])
    assert all(np.all(data[f"{r}__master_converged"]) for r in ("few_quanta", "bistability", "many_quanta"))
