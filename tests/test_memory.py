"""Memory is estimated before anything large is allocated, and a request that would
not fit is refused with an error naming its culprit (issue 26, item 4)."""

from __future__ import annotations

import contextlib
import io
import time
import tracemalloc

import numpy as np
import pytest

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.errors import ResourceError
from hybridsys.numerics import memory
from hybridsys.numerics.trajectory import simulate
from hybridsys.sweeps import sweep as sweep_module


def test_available_memory_is_read_from_the_system_and_is_positive():
    available = memory.available_bytes()
    assert isinstance(available, int) and 0 < available < 2**60


def test_a_huge_trajectory_count_is_refused_at_once_without_allocating(spec_compiled, spec_model):
    params = spec_compiled.parameters(spec_model.values())
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ResourceError, match=r"trajectories=100000000000: truncated Wigner .* needs about .* GiB of memory "
                                            r"\(estimated before allocating\), more than the .* available") as caught:
        simulate(spec_compiled, params, method="wigner", trajectories=10**11)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.argument == "trajectories"
    assert peak < 50 * 2**20  # nothing of the ~1.5 TB was allocated
    assert elapsed < 1.0


def test_the_command_line_names_the_option_and_exits_with_2():
    err = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stderr(err):
        code = main(["simulate", "nonreciprocal_sync", "--method", "wigner", "--trajectories", "100000000000"])
    assert code == 2 and time.perf_counter() - started < 30  # the model compiles first; the refusal itself is instant
    assert err.getvalue().startswith("hybridsys: error: --trajectories 100000000000: truncated Wigner")
    assert "Traceback" not in err.getvalue()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["simulate", "nonreciprocal_sync", "--periods", "1e6", "--samples-per-period", "100"])
    assert code == 2 and err.getvalue().startswith("hybridsys: error: --periods 1000000.0: integrating 1 parameter points")


@pytest.mark.parametrize("regime", ["trajectory", "steady"])
def test_too_many_points_at_once_are_refused_naming_the_points(spec_compiled, spec_model, monkeypatch, regime):
    monkeypatch.setattr(memory, "available_bytes", lambda: 2**20)  # a machine with 1 MiB to spare
    K = np.linspace(-5e-5, 5e-5, 1000)
    params = spec_compiled.parameters({**spec_model.values(), "K": K})
    with pytest.raises(ResourceError, match=r"1000 parameter points: .* more than the 1 MiB available") as caught:
        simulate(spec_compiled, params, periods=20) if regime == "trajectory" else hs.steady_states(spec_compiled, params)
    assert caught.value.argument == "params"


def test_a_sweep_refuses_a_chunk_or_a_grid_that_does_not_fit(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 64 * 2**20)
    with pytest.raises(ResourceError, match=r"chunk=1000000: a chunk of 1000000 points needs about"):
        sweep_module.make_spec("nonreciprocal_sync", over={"K": np.linspace(-5e-5, 5e-5, 10**6)}, chunk=10**6)
    started = time.perf_counter()
    with pytest.raises(ResourceError, match=r"a 100000 × 100000 grid: the sweep's result of 10000000000 points"):
        sweep_module.make_spec("nonreciprocal_sync", regime="steady",
                               over={"K": np.linspace(-5e-5, 5e-5, 10**5), "chi": np.linspace(0, 0.05, 10**5)})
    assert time.perf_counter() - started < 5  # refused before checking 10¹⁰ points' values


def test_default_chunks_fit_the_chunk_budget_by_the_shared_estimate():
    settings = hs.Settings()
    for regime in ("trajectory", "wigner"):
        chunk = sweep_module._default_chunk(regime, settings, 8)
        assert chunk * sweep_module._point_bytes(regime, settings, 8) <= sweep_module.CHUNK_MEMORY
