"""Batched kernels compile only the form a call needs (serial for a few points,
parallel for many) and give the same numbers either way; a batch of fewer than
COMPILED_FROM points compiles nothing (numpy's route) and agrees with the compiled
kernels to rounding; a first run that compiles says so on stderr (issue 26, item 2)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from hybridsys.compiled import kernels
from hybridsys.numerics import hurwitz_kernel, intensity_roots, lapack

pytestmark = pytest.mark.skipif(not hurwitz_kernel.available(), reason="needs numba")


def drifts(count: int, n: int = 6, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return -np.eye(n) * rng.uniform(0.05, 1.0, (count, 1, 1)) + 0.4 * rng.standard_normal((count, n, n))


def test_a_few_points_run_the_serial_form_and_many_the_parallel_one_with_the_same_numbers():
    many = drifts(3 * kernels.PARALLEL_FROM)
    together = lapack.max_real_eigenvalue(many)
    alone = np.concatenate([lapack.max_real_eigenvalue(many[k : k + 1]) for k in range(len(many))])
    assert lapack._max_real_batch.parallel.signatures and lapack._max_real_batch.serial.signatures
    np.testing.assert_array_equal(together, alone)  # bit for bit: points do not interact
    batch = hurwitz_kernel.verdict(many, 1.0)
    for k in (0, 7, len(many) - 1):
        single = hurwitz_kernel.verdict(many[k : k + 1], 1.0)
        for whole, one in zip(batch, single):
            np.testing.assert_array_equal(whole[k : k + 1], one)
    assert np.array_equal(batch[0], np.max(np.linalg.eigvals(many).real, axis=-1) < 0)  # the verdict is the spectrum's


def test_intensity_roots_of_one_point_equal_those_in_a_large_batch():
    rng = np.random.default_rng(3)
    count = 2 * kernels.PARALLEL_FROM
    e, a = rng.uniform(-3, 3, (count, 1)), rng.uniform(-2, 2, (count, 1, 1))
    together = intensity_roots.scaled_solutions(e, a, None, 3)
    for k in (0, 5, count - 1):
        np.testing.assert_array_equal(intensity_roots.scaled_solutions(e[k : k + 1], a[k : k + 1], None, 3)[0], together[k])
    found = together[..., 0][np.isfinite(together[..., 0])]
    assert found.size  # and every root solves J (1 + (e + a J)²) = 1
    rows = np.nonzero(np.isfinite(together[..., 0]))[0]
    J = together[..., 0][np.isfinite(together[..., 0])]
    np.testing.assert_allclose(J * (1 + (e[rows, 0] + a[rows, 0, 0] * J) ** 2), 1.0, rtol=1e-9)


def test_a_slow_first_call_says_it_is_compiling_on_stderr_once(monkeypatch, capsys):
    monkeypatch.setattr(kernels, "NOTICE_AFTER", 0.05)
    monkeypatch.setattr(kernels, "_noticed", type(kernels._noticed)())
    with kernels.compile_notice(first=False):
        time.sleep(0.2)
    assert capsys.readouterr().err == ""
    with kernels.compile_notice(first=True):
        time.sleep(0.2)
    with kernels.compile_notice(first=True):
        time.sleep(0.2)
    captured = capsys.readouterr()
    assert captured.err == kernels.NOTICE + "\n" and captured.out == ""
    with kernels.compile_notice(first=True):  # a quick call says nothing
        pass
    assert capsys.readouterr().err == ""


def test_a_few_points_compile_nothing_and_agree_with_the_compiled_batch(spec_compiled, monkeypatch):
    """Fewer than COMPILED_FROM points take numpy's route (no compilation on a first
    run); the same points inside a large batch take the compiled kernels. The routes
    agree to rounding: fixed points, their count and stability, the spectrum and the
    steady covariance."""
    from hybridsys.numerics import elimination, steady
    from tests.conftest import random_values

    rng = np.random.default_rng(11)
    count = 4 * kernels.COMPILED_FROM
    params = spec_compiled.parameters(random_values(spec_compiled, rng, count))
    batch = steady.steady_states(spec_compiled, params)
    assert batch.stable.any() and (~batch.stable & np.isfinite(batch.states[..., 0])).any(), "both stable and unstable points"

    def refuse(*args, **kwargs):
        raise AssertionError("a batch of a few points ran a compiled kernel")

    for module, name in ((intensity_roots, "_solve_batch"), (hurwitz_kernel, "_verdict_batch"), (lapack, "_max_real_batch"),
                         (lapack, "_lyapunov_batch"), (elimination, "_solve_lanes")):
        monkeypatch.setattr(module, name, refuse)
    compared = 0
    few = 4  # at most 3 fixed points each: fewer than COMPILED_FROM drift matrices
    for start in (0, few, 2 * few):
        alone = steady.steady_states(spec_compiled, params[start : start + few])
        part = slice(start, start + few)
        width = alone.states.shape[1]
        assert np.array_equal(alone.fixed_points.count, batch.fixed_points.count[part])
        assert np.array_equal(alone.stable, batch.stable[part, :width]) and not batch.stable[part, width:].any()
        np.testing.assert_allclose(alone.states, batch.states[part, :width], rtol=1e-12, atol=1e-12 * np.nanmax(np.abs(batch.states)))
        np.testing.assert_allclose(alone.fixed_points.max_real_eigenvalue, batch.fixed_points.max_real_eigenvalue[part, :width], rtol=1e-10, atol=1e-13)
        ours, theirs = alone.covariance[alone.stable], batch.covariance[part, :width][alone.stable]
        compared += len(ours)
        assert np.all(np.max(np.abs(ours - theirs), axis=(-2, -1)) <= 1e-12 * np.max(np.abs(theirs), axis=(-2, -1)))
        assert np.array_equal(np.isnan(alone.covariance), np.isnan(batch.covariance[part, :width]))
    assert compared, "no stable point among those compared"


def test_a_generated_kernel_file_changes_when_what_it_imports_changes(tmp_path, monkeypatch):
    """numba's disk cache checks the kernel file only: the file carries the hash of the
    numerics it imports (normals, tableaux), so a changed dependency recompiles it."""
    from hybridsys.compiled import compiler

    monkeypatch.setenv("HYBRIDSYS_CACHE", str(tmp_path))
    first = compiler.import_generated("hybridsys_test_fingerprint", "VALUE = 1\n")
    path = tmp_path / "kernels" / "hybridsys_test_fingerprint.py"
    assert first.VALUE == 1 and compiler._kernel_fingerprint() in path.read_text().splitlines()[0]
    monkeypatch.setattr(compiler, "_kernel_fingerprint", lambda: "changed-normals")
    compiler.import_generated("hybridsys_test_fingerprint", "VALUE = 1\n")
    assert path.read_text().splitlines()[0] == "# hybridsys kernel code changed-normals"
