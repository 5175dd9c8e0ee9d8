"""`hybridsys reproduce --fast`: every figure is written with data that pass sanity checks,
and the claims report judges every claim from them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hybridsys.papers.nonreciprocal_sync.claims import REPRODUCED, VERDICTS
from hybridsys.papers.nonreciprocal_sync.claims_catalog import CATALOGUE, CONTRADICTIONS, UNCHECKABLE
from hybridsys.cli import main
from hybridsys.papers.figures import FigureData
from hybridsys.papers.nonreciprocal_sync.figures import FIGURES, KERR_SCENARIOS, LABELS, SYNCHRONIZED, survives_wigner


@pytest.fixture(scope="module")
def figures_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    assert main(["reproduce", "--fast", "--quiet", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_figure_is_written_with_its_parameters(figures_dir, name):
    assert (figures_dir / f"{name}.png").stat().st_size > 5_000
    record = json.loads((figures_dir / f"{name}.json").read_text())
    assert record["figure"] == name and record["parameters"]["hybridsys"]
    assert record["parameters"]["initial_state"] == {"mean": "empty", "fluctuations": "thermal"}
    assert record["parameters"]["values"]["xi_a"] == 35.0
    data = np.load(figures_dir / f"{name}.npz")
    for key in data.files:
        if "S_Q" in key or key.startswith(("map_", "vs_")):
            values = data[key][np.isfinite(data[key])]  # failed points are NaN, and said so in the notes
            assert values.size > data[key].size / 2 and np.all((values >= 0) & (values <= 1 + 1e-9)), key
    if any(np.isnan(data[k]).any() for k in data.files if data[k].dtype.kind == "f"):
        assert any("points failed" in note for note in record["notes"])


def test_report_judges_every_claim_from_the_figures(figures_dir):
    report = json.loads((figures_dir / "report.json").read_text())
    assert report["counts"]["not computed"] == 0 and sum(report["counts"].values()) == len(CATALOGUE)
    for claim in report["claims"]:
        assert claim["verdict"] in VERDICTS and claim["ours"]
        assert (claim["why"] != "") == (claim["verdict"] != REPRODUCED), claim["key"]
    markdown = (figures_dir / "report.md").read_text()
    assert all(f"| {c.key} |" in markdown for c in CATALOGUE)
    assert {c["kind"] for c in report["claims"]} == {"figure", "formula", "table"}
    assert [u["key"] for u in report["uncheckable"]] == [u.key for u in UNCHECKABLE]
    assert [c["key"] for c in report["contradictions"]] == [c.key for c in CONTRADICTIONS]
    assert all(f"| {u.key} |" in markdown for u in UNCHECKABLE) and all(f"**{c.key}**" in markdown for c in CONTRADICTIONS)
    studies = {s["choice"].split(" (")[0] for s in report["sensitivity"]}
    assert {"single-excitation couplings g_a = g_m", "initial state", "the 'max' of S_Q", "spin Ω of the silica sphere"} <= studies


@pytest.mark.parametrize("name", ["S6", "S7"])
def test_maps_record_why_each_point_failed(figures_dir, name):
    """The maps' failed points (NaN) carry their reason, which the plot shows as "failed: <reason>"."""
    data = np.load(figures_dir / f"{name}.npz")
    maps = [k for k in data.files if k.startswith("map_")]
    assert maps
    for key in maps:
        reasons = data[f"failed_{key}"]
        assert reasons.shape == data[key].shape
        assert np.array_equal(reasons != "", ~np.isfinite(data[key])), key


def test_s3_shows_the_headline_nonreciprocity_quoted_in_the_readme(figures_dir):
    """CD synchronizes the phonons and OD does not; the README quotes these numbers."""
    cd, off, od = np.load(figures_dir / "S3.npz")["S_Q_max"]
    assert cd > off > SYNCHRONIZED > od
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert f"S_Q ≈ {cd:.2f}" in readme and "S_Q < 0.001" in readme and od < 0.001


def test_s3_draws_the_wigner_mean_beside_every_linearized_curve_the_report_overturns(figures_dir):
    """Where the report's truncated-Wigner recheck changes an S3 verdict, the legend names
    both routes and marks the linearized curve; the drawn Wigner mean and band are the data file's."""
    report = json.loads((figures_dir / "report.json").read_text())
    figure_of = {c.key: c.figure for c in CATALOGUE}
    changed = [r["key"] for r in report["beyond_linearization"]
               if figure_of[r["key"]] == "S3" and r["wigner"] and r["wigner"]["verdict"] != r["linearized"]["verdict"]]
    assert "S3-split" in changed  # at Table I the Kerr-off S_Q: linearized 0.22, truncated Wigner ~5e-5 (README)
    data = dict(np.load(figures_dir / "S3.npz"))
    linearized, wigner, error = data["S_Q_max"], data["S_Q_wigner_max"], data["S_Q_wigner_max_error"]
    by_hand = [(lin > SYNCHRONIZED) == (w > SYNCHRONIZED) or abs(w - SYNCHRONIZED) < 2 * e for lin, w, e in zip(linearized, wigner, error)]
    assert list(data["survives_wigner"]) == by_hand == [True, False, True]  # CD and OD hold, Kerr off does not
    from matplotlib.figure import Figure

    fig = Figure()
    FIGURES["S3"].plot(FigureData("S3", data, {}), fig)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    labels = ax.get_legend_handles_labels()[1]
    for k, scenario in enumerate(KERR_SCENARIOS):
        marked = f"{LABELS[scenario]} (linearized; does not survive truncated Wigner)"
        drawn = [label for label in labels if label.startswith(f"{LABELS[scenario]}, truncated Wigner")]
        if data["survives_wigner"][k]:
            assert LABELS[scenario] in labels and marked not in labels and not drawn
            continue
        assert marked in labels and lines[marked].get_linestyle() == "--" and len(drawn) == 1
        assert np.array_equal(lines[drawn[0]].get_ydata(), data["S_Q_wigner"][k])
        assert np.all(data["S_Q_wigner_error"][k][1:] > 0) and data["S_Q_wigner"][k].shape == data["S_Q"][k].shape


def test_survival_of_a_linearized_verdict_needs_the_wigner_number_decisively_across_the_threshold():
    assert list(survives_wigner([0.22, 0.22, 0.22, 0.0005], [5e-5, 0.009, 0.3, 0.02], [1e-5, 0.001, 0.01, 0.001])) == \
        [False, True, True, False]


def test_unknown_figure_is_a_clear_error(capsys, tmp_path):
    assert main(["reproduce", "S99", "--out", str(tmp_path)]) == 2
    assert "unknown figure(s) ['S99']" in capsys.readouterr().err
