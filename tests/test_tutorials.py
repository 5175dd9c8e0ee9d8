"""The tutorial scripts run end to end and write what they promise."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import numpy as np

TUTORIALS = Path(__file__).resolve().parent.parent / "tutorials"


def test_kerr_scenarios_tutorial_writes_figure_data_and_parameters(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["kerr_scenarios.py", str(tmp_path)])
    runpy.run_path(str(TUTORIALS / "kerr_scenarios.py"), run_name="__main__")
    assert (tmp_path / "sq.png").stat().st_size > 10_000
    data = np.load(tmp_path / "sq.npz")
    assert data["S_Q"].shape == (3, data["t_over_tau"].size) and data["t_over_tau"][-1] == 200
    assert np.all((data["S_Q"] > 0) & (data["S_Q"] <= 1 + 1e-9))
    meta = json.loads((tmp_path / "parameters.json").read_text())
    assert meta["parameters"]["K"] == [-2e-5, 0.0, 2e-5] and meta["initial_state"]["mean"] == "empty"
    assert len(meta["summary"]) == 3 and "S_Q max" in capsys.readouterr().out


def test_tutorials_leave_their_figures_to_the_notebook_and_their_outdir_to_the_command_line():
    """The docs run each tutorial as a notebook: a forced Agg backend or a closed figure
    would hide its plots there, and the kernel's own flags are no output folder."""
    for script in sorted(TUTORIALS.glob("*.py")):
        text = script.read_text()
        assert 'matplotlib.use("Agg")' not in text and "plt.close(" not in text, script.name
        assert 'not sys.argv[1].startswith("-")' in text, script.name


def test_tutorial_lines_fit_in_100_columns():
    """The tutorials are teaching texts, read as scripts and rendered as notebooks: every
    line of every one of them (code, comment or markdown) fits in 100 columns."""
    scripts = sorted(TUTORIALS.glob("*.py"))
    assert scripts
    too_long = [
        f"{script.name}:{number}: {len(line)} columns"
        for script in scripts
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 100
    ]
    assert not too_long, "lines over 100 columns:\n" + "\n".join(too_long)
