"""Sweeps: the same numbers as the direct calls, failures recorded per point, resume
after a kill, the same result on a Dask cluster, and files that round-trip."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import hybridsys as hs
from hybridsys.measures import asymptotic
from hybridsys.sweeps.sweep import Settings, make_spec, run

SHORT = Settings(periods=60, window=10)
GRID = {("gamma_1", "gamma_2"): np.linspace(0.002, 0.01, 3), "K": np.array([-2e-5, 0.0, 2e-5])}


@pytest.fixture(scope="module")
def grid_result():
    return hs.sweep("nonreciprocal_sync", over=GRID, measure=["S_Q", "S_C", "E_N"], settings=SHORT, chunk=4, progress=False)


def test_grid_sweep_equals_the_direct_simulation(spec_model, spec_compiled, grid_result):
    assert grid_result.dims == ("gamma_1=gamma_2", "K") and grid_result.shape == (3, 3)
    gamma, K = np.meshgrid(*GRID.values(), indexing="ij")
    params = spec_compiled.parameters(spec_model.values(gamma_1=gamma, gamma_2=gamma, K=K))
    trajectory = hs.simulate(spec_compiled, params, periods=60, record_periods=10, classify_periods=10)
    sq = asymptotic(trajectory.times, trajectory.quantum_synchronization("b1", "b2"), 10)
    np.testing.assert_array_equal(grid_result["S_Q_max"], sq["max"])
    np.testing.assert_array_equal(grid_result["regime"], trajectory.regime)
    assert grid_result.summary() == {"ok": 9, "failed": 0, "unstable": 0, "unphysical": 0}
    assert grid_result.attrs["values"]["kappa_a"] == 0.15 and grid_result.attrs["settings"]["periods"] == 60


def test_steady_sweep_takes_the_lowest_stable_fixed_point(spec_model, spec_compiled):
    points = {"Delta_a": [1.0, 0.8, -1.005], "Delta_m": [1.0, 1.2, -1.0]}
    result = hs.sweep("nonreciprocal_sync", points=points, regime="steady", measure=["S_Q", "E_N"], progress=False)
    steady = hs.steady_states(spec_compiled, spec_compiled.parameters(spec_model.values(**{k: np.array(v) for k, v in points.items()})))
    for k in range(2):
        first = int(np.argmax(steady.stable[k]))
        V = steady.covariance[k, first]
        assert result["S_Q"][k] == hs.measures.quantum_synchronization(V, 2, 3)
    assert list(result.status) == ["ok", "ok", "unstable"] and result.reason[2] == "no stable fixed point"
    assert np.isnan(result["S_Q"][2])


def test_failed_points_are_recorded_counted_and_do_not_stop_the_sweep():
    result = hs.sweep("nonreciprocal_sync", points={"kappa_m": [0.05, 0.2, 0.1], "K": [0.0, 0.0, 0.0]}, progress=False)
    assert list(result.status) == ["failed", "ok", "ok"] and result.reason[0].startswith("diverged at t =")
    assert np.isnan(result["S_Q_max"][0]) and np.all(np.isfinite(result["S_Q_max"][1:]))
    assert result.summary()["failed"] == 1


def test_sweep_outputs_round_trip_through_their_files(grid_result, tmp_path):
    assert hs.SweepResult.from_npz(grid_result.to_npz(tmp_path / "r.npz")).equals(grid_result)
    with grid_result.to_csv(tmp_path / "r.csv").open() as handle:
        assert handle.readline().startswith("# {")
        rows = list(csv.DictReader(handle))
    assert len(rows) == 9 and [float(r["S_Q_max"]) for r in rows] == grid_result["S_Q_max"].ravel().tolist()
    assert [float(r["K"]) for r in rows[:3]] == GRID["K"].tolist() and rows[0]["status"] == "ok"
    xarray = pytest.importorskip("xarray")
    dataset = grid_result.to_xarray()
    assert dataset["S_Q_max"].dims == ("gamma_1=gamma_2", "K")
    with xarray.open_dataset(grid_result.to_netcdf(tmp_path / "r.nc")) as stored:
        assert hs.SweepResult.from_xarray(stored.load()).equals(grid_result)


def test_resume_after_a_kill_gives_the_uninterrupted_result(tmp_path):
    """A sweep killed (SIGKILL) mid-way and called again loads its finished chunks,
    computes only the others, and ends with the same numbers as one uninterrupted run."""
    store = tmp_path / "store"
    call = ("import numpy as np, hybridsys as hs\n"
            "hs.sweep('nonreciprocal_sync', over={'K': np.linspace(-5e-5, 5e-5, 32)}, settings=hs.Settings(periods=400), "
            f"chunk=2, store={str(store)!r}, progress=False)\n")
    process = subprocess.Popen([sys.executable, "-c", call], cwd=Path(__file__).resolve().parent.parent)
    deadline = time.time() + 120
    while len(list(store.glob("chunk-*.npz"))) < 3 and time.time() < deadline and process.poll() is None:
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in store.glob("chunk-*.npz")}
    assert 3 <= len(finished) < 16, "the sweep must be killed part-way"
    spec = make_spec("nonreciprocal_sync", over={"K": np.linspace(-5e-5, 5e-5, 32)}, settings=Settings(periods=400), chunk=2)
    resumed = run(spec, store=store, progress=False)
    assert resumed.attrs["chunks"] == {"loaded": len(finished), "computed": 16 - len(finished)}
    assert all((store / name).stat().st_mtime_ns == mtime for name, mtime in finished.items())  # none recomputed
    assert resumed.equals(run(spec, progress=False))
    with pytest.raises(hs.HybridsysError, match="holds a different sweep"):
        run(make_spec("nonreciprocal_sync", over={"K": [0.0]}), store=store, progress=False)


def test_dask_local_cluster_gives_the_local_result(grid_result):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = hs.sweep("nonreciprocal_sync", over=GRID, measure=["S_Q", "S_C", "E_N"], settings=SHORT, chunk=4,
                          client=client, progress=False)
        steady = hs.sweep("nonreciprocal_sync", points={"Delta_a": [1.0, 0.8], "Delta_m": [1.0, 1.2]}, regime="steady",
                          client=client, progress=False)
    assert remote.equals(grid_result) and remote.attrs["chunks"]["computed"] == 3
    local = hs.sweep("nonreciprocal_sync", points={"Delta_a": [1.0, 0.8], "Delta_m": [1.0, 1.2]}, regime="steady", progress=False)
    assert steady.equals(local)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (dict(over={"nope": [1.0]}), "must be distinct parameters"),
        (dict(over={"K": []}), "no values given"),
        (dict(over={"K": [0.0]}, measure="S_X"), "unknown measure"),
        (dict(over={"K": [0.0]}, regime="chaos"), "unknown regime"),
        (dict(points={"K": [0.0, 1e-5], "chi": [0.0]}), "equally many values"),
        (dict(over={"kappa_a": [-1.0]}), "kappa_a"),
        (dict(), "either over="),
    ],
)
def test_wrong_sweeps_are_clear_errors(arguments, message):
    with pytest.raises(hs.HybridsysError, match=message):
        hs.sweep("nonreciprocal_sync", progress=False, **arguments)


def test_progress_without_tqdm_writes_plain_lines(monkeypatch, capsys):
    from hybridsys.sweeps import progress as module

    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if tqdm were not installed
    monkeypatch.setattr(module, "LINE_INTERVAL", 0.0)
    with module.progress(10, "demo") as bar:
        bar.update(4)
        bar.update(6)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "  demo: 4/10 points, 0 s" and lines[-1].startswith("  demo: 10 points in")
    with module.progress(10, "silent", show=False) as bar:
        bar.update(10)
    assert capsys.readouterr().err == ""
