"""Wrong input a new user tries gets a clear error (a HybridsysError naming the file,
parameter or point; exit code 2 on the command line), never a traceback or a silent
number (issue 6/6 §2). Each test is one case that ended in a traceback before."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.model.modelfile import load_model
from hybridsys.numerics.stability import verdict_from_drift
from hybridsys.sweeps.sweep import SweepStoreWarning

MODELS = Path(__file__).resolve().parent.parent / "models"


def cli_error(capsys, *argv: str) -> str:
    """Run the command line, which must fail with exit code 2; return its message."""
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize("content", [bytes(range(256)), 'name = "caf\u00e9"\n'.encode("latin-1")], ids=["binary", "latin-1"])
def test_a_model_file_that_is_not_utf8_is_an_error_naming_the_file_and_byte(tmp_path, capsys, content):
    path = tmp_path / "model.toml"
    path.write_bytes(content)
    with pytest.raises(hs.ModelFileError, match=r"model\.toml.*must be UTF-8 text, but byte \d+ \(line \d+\)"):
        load_model(path)
    assert "must be UTF-8" in cli_error(capsys, "show", str(path))


def test_a_parameter_of_1e308_is_an_error_naming_it(tmp_path, capsys):
    """Before: numpy.linalg.LinAlgError: SVD did not converge (in the Hurwitz verdict)."""
    text = (MODELS / "two_optomechanical_cavities.toml").read_text(encoding="utf-8")
    path = tmp_path / "huge.toml"
    path.write_text(text.replace("kappa_1 = 0.15", "kappa_1 = 1e308"), encoding="utf-8")
    with pytest.raises(hs.ModelFileError, match=r"parameter 'kappa_1': value 1e\+308 is beyond"):
        load_model(path)
    for command in ("steady", "simulate"):
        assert "'kappa_1'" in cli_error(capsys, command, str(path))
    assert "'xi_m'" in cli_error(capsys, "steady", "nonreciprocal_sync", "--set", "xi_m=1e308")


def test_an_integer_past_the_float_range_is_an_error_naming_the_parameter(tmp_path):
    """Before: OverflowError: int too large to convert to float (found by tests/test_fuzz.py)."""
    text = (MODELS / "two_optomechanical_cavities.toml").read_text(encoding="utf-8")
    path = tmp_path / "huge.toml"
    path.write_text(text.replace("xi_1 = 48.0", "xi_1 = 1" + "0" * 400), encoding="utf-8")
    with pytest.raises(hs.ModelFileError, match=r"parameter 'xi_1': value 10000000\.\.\. \(401 digits\) is beyond"):
        load_model(path)
    with pytest.raises(hs.ParameterError, match=r"'a\.occupation': value 10000000\.\.\. \(401 digits\) is beyond"):
        hs.Cavity("a", occupation=10**400)


def test_raw_parameter_arrays_are_checked_like_named_values(spec_compiled, spec_model):
    params = spec_compiled.parameters(spec_model.values())
    for value, message in ((np.inf, "must be finite"), (1e308, "is beyond"), (-1.0, "must be >= 0")):
        bad = params.copy()
        bad[spec_compiled.parameter_names.index("kappa_a")] = value
        with pytest.raises(hs.ParameterError, match=rf"kappa_a.*{message}"):
            hs.steady_states(spec_compiled, bad)


def test_the_stability_verdict_of_huge_and_non_finite_drift_matrices():
    """A and A·2^e have one verdict: a_k ~ |A|^k no longer overflows; a non-finite A gets
    no verdict (not stable, method "not finite") instead of an SVD failure."""
    damped = np.array([[-1.0, 0.3], [-0.3, -1.0]])
    verdict = verdict_from_drift(np.stack([damped * 1e300, -damped * 1e300, damped * np.inf]))
    assert list(verdict.stable) == [True, False, False]
    assert list(verdict.method) == ["hurwitz", "hurwitz", "not finite"]
    # the coefficients are A's own: a_1 = -tr A, a_2 = det A
    ordinary = verdict_from_drift(damped[None] * 3.0)
    assert np.allclose(ordinary.coefficients[0], [6.0, 9 * (1 + 0.09)], rtol=1e-14)


def test_reproduce_into_a_folder_that_cannot_be_created_is_an_error_naming_it(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    message = cli_error(capsys, "reproduce", "S3", "--fast", "--quiet", "--out", str(blocker / "figures"))
    assert f"cannot create the output folder {str(blocker / 'figures')!r} (--out)" in message


def test_a_sweep_store_that_is_a_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "results.npz"
    path.write_bytes(b"not a folder")
    with pytest.raises(hs.HybridsysError, match=r"cannot use '.*results\.npz' as the sweep's store"):
        hs.sweep("nonreciprocal_sync", over={"K": [0.0]}, regime="steady", store=path, progress=False)


def test_an_unknown_key_in_a_model_file_names_the_component_the_key_and_the_allowed_keys(tmp_path, capsys):
    text = (MODELS / "resonator_chain.toml").read_text(encoding="utf-8")
    path = tmp_path / "foo.toml"
    path.write_text(text.replace('detuning = "Delta_a"', 'detuning = "Delta_a"\nfoo = 1', 1), encoding="utf-8")
    expected = "modes[0] (cavity, 'a'): unknown key(s) ['foo']; a cavity takes ['type', 'damping', 'detuning', 'name', 'occupation', 'squeezing', 'squeezing_phase']"
    with pytest.raises(hs.ModelFileError) as error:
        load_model(path)
    assert str(error.value) == f"{path}: {expected}"
    assert expected in cli_error(capsys, "show", str(path))


def test_covariance_at_a_state_that_is_not_a_fixed_point_is_an_error_naming_the_points():
    """Before: a covariance, without a word. The damped driven cavity's fixed point is
    a = ξ/(κ + iΔ); the origin is not one, the fixed point is (and gives the vacuum)."""
    compiled = hs.compile(hs.Network([hs.Cavity("a"), hs.Drive("a")]))
    params = compiled.parameters({"Delta_a": np.array([0.5, 0.5, 0.0]), "kappa_a": 0.2, "xi_a": np.array([1.0, 0.0, 2.0])})
    with pytest.raises(hs.HybridsysError, match=r"not a fixed point at 2 of 3 point\(s\) \(#0, #2\); at #0 the mean-field residual"):
        hs.covariance_at(compiled, params, np.zeros(2))
    a = params[:, compiled.parameter_names.index("xi_a")] / (0.2 + 1j * params[:, compiled.parameter_names.index("Delta_a")])
    state = np.stack([a.real, a.imag], axis=-1) * np.sqrt(2)  # quadratures x = √2 Re a, p = √2 Im a
    assert np.allclose(compiled.mean_field(params, state), 0.0, atol=1e-14)
    assert np.allclose(hs.covariance_at(compiled, params, state), np.eye(2) / 2, atol=1e-14)


def test_a_truncated_store_chunk_is_reported_by_name_and_recomputed_and_nothing_else_is_lost(tmp_path):
    """Before: zipfile.BadZipFile on resume."""
    store = tmp_path / "store"
    call = dict(over={"K": np.linspace(-5e-5, 5e-5, 6)}, regime="steady", chunk=2, store=store, progress=False)
    first = hs.sweep("nonreciprocal_sync", **call)
    chunk = store / "chunk-000001.npz"
    assert (store / "chunk-000001.npz.sha256").read_text().split()[1] == chunk.name
    chunk.write_bytes(chunk.read_bytes()[:100])
    kept = {p.name: p.stat().st_mtime_ns for p in store.glob("chunk-*.npz") if p != chunk}
    with pytest.warns(SweepStoreWarning, match=r"chunk-000001\.npz does not match its checksum"):
        resumed = hs.sweep("nonreciprocal_sync", **call)
    assert resumed.attrs["chunks"]["loaded"] == 2 and resumed.attrs["chunks"]["computed"] == 1
    assert resumed.attrs["chunks"]["damaged"] == ["chunk-000001.npz does not match its checksum (truncated or altered)"]
    assert all((store / name).stat().st_mtime_ns == mtime for name, mtime in kept.items())
    assert resumed.equals(first)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # repaired: a third call loads everything without a word
        assert hs.sweep("nonreciprocal_sync", **call).attrs["chunks"] == {"loaded": 3, "computed": 0}


@pytest.mark.parametrize("argv, message", [
    (["simulate", "nonreciprocal_sync", "--periods", "inf"], "need finite periods > 0"),
    (["simulate", "nonreciprocal_sync", "--periods", "1e12"], "samples is more than 1e+08"),
    (["reproduce", "S4", "--resolution", "100000000", "--quiet"], "--resolution must be 3 to 1001 points per axis"),
])
def test_run_lengths_and_grids_past_memory_are_clear_errors(capsys, tmp_path, argv, message):
    """Before: OverflowError, numpy's ArrayMemoryError (146 TiB), or a grid of 10^16 points."""
    assert message in cli_error(capsys, *argv, *(["--out", str(tmp_path)] if argv[0] == "reproduce" else []))
