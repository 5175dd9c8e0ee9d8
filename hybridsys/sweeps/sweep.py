"""Sweeps: one call computes a measure over a grid (or a list) of parameter points.

The points are cut into chunks sized to memory; each chunk is one batched
computation (one compiled integration of all its trajectories, or one batched
steady-state solve), never a Python loop over points. With ``store=DIR`` every
finished chunk is written to disk at once: a sweep that was killed and is started
again with the same call loads what was finished and computes only the rest, and the
result is identical to an uninterrupted run. With ``client=`` (a
``dask.distributed.Client``) the chunks run as tasks on the cluster's workers; what is
shipped is a :class:`SweepSpec` of plain data (the model file's text, not compiled
functions), and each worker rebuilds the compiled model from the disk cache.

    >>> result = sweep("nonreciprocal_sync", over={"gamma_1": np.linspace(0.001, 0.012, 100),
    ...                                            "K": np.linspace(-5e-5, 5e-5, 100)},
    ...                values={"gamma_2": ...}, measure="S_Q")          # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import time
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import attrs
import numpy as np

from .._version import __version__
from ..compiled.compiler import compile
from ..errors import HybridsysError, ParameterError
from ..measures import (
    PAIR_MEASURES,
    asymptotic,
    mode_index,
    pair_measures,
)
from ..model.modelfile import Model, load_model
from ..numerics import memory
from ..numerics.integrator import Accuracy
from ..numerics.periodic import modulation_periods, periodic_states, summarize
from ..numerics.resolution import period_samples, trajectory_samples
from ..numerics.steady import steady_states
from ..numerics.trajectory import InitialState, simulate
from ..numerics.wigner import unresolved_wigner
from .progress import progress as progress_bar
from .result import SweepResult

REGIMES = ("trajectory", "steady", "wigner", "periodic")
#: Measures of a pair of modes, and the linearization check of every mode.
#: Each is reported under the names :data:`~hybridsys.measures.named.PAIR_MEASURES`
#: gives (e.g. "steering" as steering_a_to_b and steering_b_to_a, a and b the pair).
MEASURES = tuple(PAIR_MEASURES)
#: Memory a chunk may use for its recorded samples, in bytes.
CHUNK_MEMORY = 256 * 2**20
#: Groups of trajectories of the Wigner regime (its jackknife errors).
WIGNER_GROUPS = 20


class SweepStoreWarning(UserWarning):
    """A chunk of a sweep's store was damaged (its checksum does not match) and is recomputed."""


@attrs.frozen
class Settings:
    """How each point is computed: for trajectories, ``periods`` of integration from
    all modes empty (fluctuations ``"thermal"`` or ``"vacuum"``), ``samples_per_period``,
    and the last ``window`` periods summarized (max and mean); the integration's
    ``rtol`` and ``atol``. Steady states use none of these. The ``"wigner"`` regime
    uses ``trajectories``, ``seed`` (fixed, so that a resumed sweep is identical) and
    ``steps_per_period`` (truncated Wigner, :mod:`hybridsys.numerics.wigner`). The
    ``"periodic"`` regime (:mod:`hybridsys.numerics.periodic`) samples
    ``samples_per_period`` phases of one modulation period and integrates it with
    ``rtol`` and ``atol`` (Newton on the period map to 10·rtol)."""

    periods: float = 200
    window: float = 20
    samples_per_period: int = 20
    rtol: float = 1e-6
    atol: float = 1e-9
    fluctuations: str = "thermal"
    trajectories: int = 1000
    seed: int = 0
    steps_per_period: int = 400


@attrs.frozen
class SweepSpec:
    """Everything that defines a sweep, as plain data (it pickles, and its JSON is the
    key of a checkpoint store).

    ``axes`` are the swept parameters, grouped: the parameters of one group take the
    same values together (e.g. ``("gamma_1", "gamma_2")``); ``coords`` holds each
    group's values: one axis each (``grid``: every combination) or one value per
    point each (a list of points). ``values`` holds every other parameter.
    """

    model: str
    model_name: str
    axes: tuple[tuple[str, ...], ...]
    coords: tuple[tuple[float, ...], ...]
    grid: bool
    values: dict
    measures: tuple[str, ...]
    pair: tuple[str, str]
    regime: str
    scenarios: tuple[str, ...]
    convention: str
    settings: Settings
    chunk: int

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(c) for c in self.coords) if self.grid else (len(self.coords[0]),)

    @property
    def names(self) -> tuple[str, ...]:
        """One name per axis: its parameters joined by "=" (``"gamma_1=gamma_2"``)."""
        return tuple("=".join(group) for group in self.axes)

    @property
    def dims(self) -> tuple[str, ...]:
        return self.names if self.grid else ("point",)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def chunks(self) -> int:
        return -(-self.size // self.chunk)

    def to_data(self) -> dict:
        data = attrs.asdict(self)
        data["coords"] = [list(c) for c in self.coords]
        return data

    def key(self) -> str:
        """A digest of the whole spec and the hybridsys version."""
        text = json.dumps({"spec": self.to_data(), "hybridsys": __version__}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def point_values(self, index: int) -> dict[str, np.ndarray]:
        """Every parameter at the points of chunk ``index`` (swept ones as arrays)."""
        flat = np.arange(index * self.chunk, min(self.size, (index + 1) * self.chunk))
        where = np.unravel_index(flat, self.shape) if self.grid else (flat,) * len(self.axes)
        swept = {name: np.asarray(c)[w] for group, c, w in zip(self.axes, self.coords, where) for name in group}
        return {**self.values, **swept}


# -- one chunk ---------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _compiled(model_text: str, convention: str, scenarios: tuple[str, ...]):
    """The compiled model of a model file's text (cached per process: a worker
    rebuilds it once, from the disk cache)."""
    return compile(Model.from_toml(model_text, "sweep"), convention, scenarios)


def compute_chunk(spec: SweepSpec, index: int) -> dict[str, np.ndarray]:
    """The measures, status and reason at every point of chunk ``index``."""
    compiled = _compiled(spec.model, spec.convention, spec.scenarios)
    params = compiled.parameters(spec.point_values(index))
    with _thread_limits():
        if spec.regime == "steady":
            return _steady_chunk(spec, compiled, params)
        compute = {"trajectory": _trajectory_chunk, "wigner": _wigner_chunk, "periodic": _periodic_chunk}[spec.regime]
        reasons = np.array(_unresolved(spec, compiled, params), dtype=object)
        bad = reasons != ""
        if not np.any(bad):
            return compute(spec, compiled, params)
        out = {name: _spread(values, ~bad) for name, values in
               (compute(spec, compiled, params[~bad]) if not np.all(bad) else {}).items()}
        out["status"] = np.where(bad, "failed", out.get("status", "")).astype(str)
        out["reason"] = np.where(bad, reasons, out.get("reason", "")).astype(str)
        return out


def _unresolved(spec: SweepSpec, compiled, params: np.ndarray) -> list[str]:
    """Per point: why the samples (or the truncated-Wigner step) do not resolve the
    fastest modulation (:mod:`hybridsys.numerics.resolution`), or ''."""
    s = spec.settings
    if spec.regime == "periodic":
        return period_samples(compiled, params, modulation_periods(compiled, params)[0], s.samples_per_period,
                              "samples_per_period")
    if spec.regime == "wigner":
        return unresolved_wigner(compiled, params, s.samples_per_period, s.steps_per_period)
    return trajectory_samples(compiled, params, s.samples_per_period)


def _spread(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``values`` at the points ``rows`` (a mask) of a chunk, NaN (or '') at the others."""
    text = values.dtype.kind in "US"
    out = np.full(rows.shape + values.shape[1:], "" if text else np.nan, dtype=object if text else np.result_type(values, float))
    out[rows] = values
    return out.astype(str) if text else out


def _pair_measures(spec: SweepSpec, modes, mean: np.ndarray, covariance: np.ndarray) -> dict[str, np.ndarray]:
    """Each requested measure along the last axis of samples (or at one state)."""
    i, j = (mode_index(modes, m) for m in spec.pair)
    return pair_measures(spec.measures, mean, covariance, i, j)


def _trajectory_chunk(spec: SweepSpec, compiled, params: np.ndarray) -> dict[str, np.ndarray]:
    s = spec.settings
    trajectory = simulate(compiled, params, periods=s.periods, samples_per_period=s.samples_per_period,
                          record_periods=s.window, initial=InitialState(fluctuations=s.fluctuations),
                          accuracy=Accuracy(rtol=s.rtol, atol=s.atol), classify_periods=s.window)
    out = {}
    for name, series in _pair_measures(spec, compiled.modes, trajectory.mean, trajectory.covariance).items():
        summary = asymptotic(trajectory.times, series, s.window)
        out[f"{name}_max"], out[f"{name}_mean"] = summary["max"], summary["mean"]
    out["regime"], out["period"] = trajectory.regime.astype(str), trajectory.period
    failed = ~trajectory.ok
    status = np.where(failed, "failed", np.where(trajectory.physical(), "ok", "unphysical"))
    reason = np.array([r or ("V + iΩ/2 is not positive semidefinite" if st == "unphysical" else "")
                       for r, st in zip(trajectory.reasons, status)])
    return {**out, "status": status, "reason": reason}


def _wigner_chunk(spec: SweepSpec, compiled, params: np.ndarray) -> dict[str, np.ndarray]:
    """Truncated Wigner at every point: each measure's max and mean over the window
    with their standard errors (``S_Q_max_error``, ...); failed where trajectories diverged."""
    s = spec.settings
    run = simulate(compiled, params, periods=s.periods, samples_per_period=s.samples_per_period, record_periods=s.window,
                   initial=InitialState(fluctuations=s.fluctuations), classify_periods=s.window, method="wigner",
                   trajectories=s.trajectories, seed=s.seed, steps_per_period=s.steps_per_period, batches=WIGNER_GROUPS)
    out = {}
    for name in spec.measures:
        summary = run.summary(lambda m, V, name=name: _pair_measures(attrs.evolve(spec, measures=(name,)), compiled.modes, m, V)[name])
        for key, estimate in summary.items():
            out[f"{name}_{key}"], out[f"{name}_{key}_error"] = estimate.value, estimate.error
    diverged = run.diverged.sum(axis=-1)
    status = np.where(diverged > 0, "failed", "ok")
    reason = np.array([f"{d} of {s.trajectories} trajectories diverged" if d else "" for d in diverged])
    return {**out, "status": status, "reason": reason}


def _periodic_chunk(spec: SweepSpec, compiled, params: np.ndarray) -> dict[str, np.ndarray]:
    """On the periodic orbit of each point: each measure's max, min and mean over one
    period, the period and the largest Floquet multiplier |μ|; ``unstable`` where
    |μ| >= 1, ``failed`` where there is no period or no orbit (the reason says which)."""
    s = spec.settings
    states = periodic_states(compiled, params, samples=s.samples_per_period, accuracy=Accuracy(rtol=s.rtol, atol=s.atol),
                             tolerance=10 * s.rtol)
    out = {}
    with np.errstate(invalid="ignore"):
        for name, series in _pair_measures(spec, compiled.modes, states.mean, states.covariance).items():
            summary = summarize(series, states.phases)
            out[f"{name}_max"], out[f"{name}_min"], out[f"{name}_mean"] = summary["max"], summary["min"], summary["mean"]
        out["period"] = states.period
        out["largest_multiplier"] = np.max(np.abs(states.multipliers), axis=-1)
    physical = states.physical()
    status = np.where(states.status == "ok", np.where(physical, "ok", "unphysical"),
                      np.where(states.status == "unstable", "unstable", "failed"))
    reason = np.array([r or ("V + iΩ/2 is not positive semidefinite" if st == "unphysical" else "")
                       for r, st in zip(states.reasons, status)])
    return {**out, "status": status, "reason": reason}


def _steady_chunk(spec: SweepSpec, compiled, params: np.ndarray) -> dict[str, np.ndarray]:
    """At the lowest-occupation stable fixed point of each point."""
    steady = steady_states(compiled, params, spectrum=False)  # the verdict suffices here
    stable = steady.stable
    has = stable.any(axis=-1)
    pick = np.argmax(stable, axis=-1)
    rows = np.arange(len(params))
    state, covariance = steady.states[rows, pick], steady.covariance[rows, pick]
    with np.errstate(invalid="ignore"):  # NaN where no fixed point is stable
        measures = _pair_measures(spec, compiled.modes, state, covariance)
    out = {name: np.where(has, value, np.nan) for name, value in measures.items()}
    out["fixed_points"] = steady.fixed_points.count.astype(float)
    physical = steady.physical[rows, pick]
    status = np.where(~has, "unstable", np.where(physical, "ok", "unphysical"))
    reason = np.where(~has, "no stable fixed point", np.where(physical, "", "V + iΩ/2 is not positive semidefinite"))
    return {**out, "status": status, "reason": reason}


@contextlib.contextmanager
def _thread_limits():
    """Inside a dask worker, numba and BLAS use no more threads than the worker has,
    so that workers sharing a machine do not oversubscribe its cores."""
    try:
        from distributed import get_worker

        threads = get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        yield
        return
    from ..numerics.integrator import numba

    previous = numba.get_num_threads() if numba else None
    if numba:
        numba.set_num_threads(min(previous, threads))
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with the dask extra
        limits = contextlib.nullcontext()
    else:
        limits = threadpool_limits(threads)
    try:
        with limits:
            yield
    finally:
        if numba:
            numba.set_num_threads(previous)


# -- the checkpoint store -----------------------------------------------------------------
class Store:
    """A folder of finished chunks (``chunk-NNNNNN.npz``) beside the spec (``sweep.json``).

    Each chunk has its SHA-256 beside it (``chunk-NNNNNN.npz.sha256``, the format of
    ``sha256sum``), written before the chunk itself: a chunk whose bytes do not match
    (a copy cut short, a disk that filled) or that has no checksum is *damaged*; it is
    reported by name and recomputed, and every other chunk is kept."""

    def __init__(self, path: str | Path, spec: SweepSpec):
        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HybridsysError(f"cannot use {str(self.path)!r} as the sweep's store (store=): it must be a folder "
                                 f"or a path where one can be created ({exc.strerror or exc})") from None
        header = self.path / "sweep.json"
        record = {"key": spec.key(), "hybridsys": __version__, "spec": spec.to_data()}
        if header.exists():
            try:
                stored = json.loads(header.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise HybridsysError(f"the store {str(self.path)!r} has an unreadable {header.name} ({exc}); "
                                     f"use another folder or delete it") from None
            if not isinstance(stored, dict) or stored.get("key") != record["key"]:
                key = stored.get("key") if isinstance(stored, dict) else None
                raise HybridsysError(f"the store {str(self.path)!r} holds a different sweep (key {key}, "
                                     f"this one is {record['key']}); use another folder or delete it")
        else:
            _write_atomically(header, json.dumps(record, indent=1).encode())

    def _chunk(self, index: int) -> Path:
        return self.path / f"chunk-{index:06d}.npz"

    @staticmethod
    def _checksum(path: Path) -> Path:
        return path.with_name(path.name + ".sha256")

    def finished(self) -> set[int]:
        return {int(p.stem.split("-")[1]) for p in self.path.glob("chunk-*.npz")}

    def damage(self, index: int) -> str:
        """Why chunk ``index`` cannot be trusted ("" if its bytes match its checksum)."""
        path, checksum = self._chunk(index), self._checksum(self._chunk(index))
        try:
            expected = checksum.read_text(encoding="ascii").split()[0]
        except (OSError, UnicodeDecodeError, IndexError):
            return f"{path.name} has no readable checksum ({checksum.name})"
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            return f"{path.name} does not match its checksum (truncated or altered)"
        return ""

    def load(self, index: int) -> dict[str, np.ndarray]:
        with np.load(self._chunk(index), allow_pickle=False) as stored:
            return {k: stored[k] for k in stored.files}

    def save(self, index: int, chunk: dict[str, np.ndarray]) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, **chunk)
        data = buffer.getvalue()
        path = self._chunk(index)
        _write_atomically(self._checksum(path), f"{hashlib.sha256(data).hexdigest()}  {path.name}\n".encode("ascii"))
        _write_atomically(path, data)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename it: a kill leaves no half-written file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# -- the sweep -----------------------------------------------------------------------------
def _axis(name: str, values) -> tuple[float, ...]:
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(f"sweep: the values of {name!r} must be numbers within the float range, got {values!r:.200}") from None
    if array.size == 0:
        raise ParameterError(f"sweep: no values given for {name!r}")
    return tuple(array.tolist())


def _point_bytes(regime: str, settings: Settings, quadratures: int) -> int:
    """Memory one point of a chunk holds at its peak (:mod:`hybridsys.numerics.memory`)."""
    samples = int(settings.window * settings.samples_per_period) + 1
    if regime == "steady":
        return memory.steady_bytes(1, quadratures)
    if regime == "wigner":
        return memory.wigner_bytes(1, 0, WIGNER_GROUPS, samples, quadratures)
    return memory.trajectory_bytes(1, samples, quadratures)


def _default_chunk(regime: str, settings: Settings, quadratures: int) -> int:
    """Points per chunk so that a chunk's recorded samples stay within CHUNK_MEMORY."""
    if regime == "steady":
        return 4096
    if regime == "periodic":
        return 256
    least = 1 if regime == "wigner" else 16
    return int(np.clip(CHUNK_MEMORY // _point_bytes(regime, settings, quadratures), least, 1024))


def _check_memory(spec: SweepSpec, quadratures: int, chunk_given: bool) -> None:
    """Refuse a sweep whose chunk, or whose assembled result, would not fit in memory."""
    per_point = _point_bytes(spec.regime, spec.settings, quadratures)
    seeds = memory.wigner_bytes(0, spec.settings.trajectories, WIGNER_GROUPS, 0, quadratures) if spec.regime == "wigner" else 0
    chunk = min(spec.chunk, spec.size)
    memory.require(chunk * per_point + seeds, "chunk" if chunk_given else "settings",
                   f"chunk={spec.chunk}" if chunk_given else f"settings={spec.settings}",
                   f"a chunk of {chunk} points", "ask for a smaller chunk (chunk=), fewer samples or fewer trajectories")
    arrays = 4 * len(spec.measures) + 4  # max, mean and their errors per measure; regime, period, status, reason
    memory.require(spec.size * arrays * memory.FLOAT, "over" if spec.grid else "points",
                   f"a {' × '.join(map(str, spec.shape))} {'grid' if spec.grid else 'list of points'}",
                   f"the sweep's result of {spec.size} points", "sweep fewer points")


def make_spec(model: Model | str, over: Mapping | None = None, *, points: Mapping | None = None,
              measure: str | Sequence[str] = "S_Q", regime: str = "trajectory", parameter_set: str | None = None,
              scenarios: Sequence[str] = (), values: Mapping[str, float] | None = None, pair: Sequence[str] | None = None,
              convention: str = "exact", settings: Settings = Settings(), chunk: int | None = None) -> SweepSpec:
    """Check a sweep's arguments (see :func:`sweep`) and freeze them into a spec."""
    model = model if isinstance(model, Model) else load_model(model)
    if (over is None) == (points is None):
        raise ParameterError("sweep: give either over={name: axis values} (a grid) or points={name: values} (a list)")
    swept = dict(over if over is not None else points)
    if not swept:
        raise ParameterError("sweep: nothing to sweep over")
    axes = tuple((key,) if isinstance(key, str) else tuple(key) for key in swept)
    coords = tuple(_axis("=".join(group), v) for group, v in zip(axes, swept.values()))
    if points is not None and len({len(c) for c in coords}) > 1:
        counts = ", ".join(f"{'='.join(g)}: {len(c)}" for g, c in zip(axes, coords))
        raise ParameterError(f"sweep: points= needs equally many values per parameter, got {counts}")
    if regime not in REGIMES:
        raise ParameterError(f"sweep: unknown regime {regime!r}; choose one of {REGIMES}")
    measures = (measure,) if isinstance(measure, str) else tuple(measure)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or not measures:
        raise ParameterError(f"sweep: unknown measure(s) {unknown}; choose from {MEASURES}")
    pair = tuple(pair or model.synchronize)
    if len(pair) != 2:
        raise ParameterError(f"sweep: the measures need a pair of modes (pair=('b1', 'b2')); the model names {model.synchronize}")
    if settings.fluctuations not in ("thermal", "vacuum"):
        raise ParameterError(f"sweep: fluctuations must be 'thermal' or 'vacuum', got {settings.fluctuations!r}")
    fixed = model.values(parameter_set, *scenarios, **dict(values or {}))
    names = [name for group in axes for name in group]
    unknown = [n for n in names if n not in fixed]
    if unknown or len(set(names)) < len(names):
        raise ParameterError(f"sweep: swept parameters {names} must be distinct parameters of {model.name!r}; it has {list(fixed)}")
    compiled = compile(model, convention, tuple(scenarios))
    if regime == "steady":
        compiled.require_static("the steady regime of a sweep (regime='steady')")
    for name in pair:
        mode_index(compiled.modes, name)
    spec = SweepSpec(model.to_toml(), model.name, axes, coords, points is None,
                     {n: float(v) for n, v in fixed.items() if n not in names}, measures, pair, regime, tuple(scenarios),
                     convention, settings, int(chunk or _default_chunk(regime, settings, compiled.size)))
    if spec.chunk < 1:
        raise ParameterError(f"sweep: chunk must be a positive number of points, got {chunk}")
    _check_memory(spec, compiled.size, chunk is not None)
    for index in range(spec.chunks):  # every point's values are checked before anything is computed
        compiled.parameters(spec.point_values(index))
    return spec


def sweep(model: Model | str, over: Mapping | None = None, *, points: Mapping | None = None,
          measure: str | Sequence[str] = "S_Q", regime: str = "trajectory", parameter_set: str | None = None,
          scenarios: Sequence[str] = (), values: Mapping[str, float] | None = None, pair: Sequence[str] | None = None,
          convention: str = "exact", settings: Settings = Settings(), chunk: int | None = None,
          store: str | Path | None = None, client=None, progress: bool = True) -> SweepResult:
    """``measure`` (one of :data:`MEASURES`, or several) of the model's pair of modes
    over a grid ``over={name: axis values}`` or a list ``points={name: values}``; a
    tuple of names sweeps several parameters together (``{("gamma_1", "gamma_2"): ...}``).

    ``regime="trajectory"`` integrates every point (``settings``) and reports the max
    and mean over the last window, the regime and the period; ``"steady"`` takes the
    steady state at the lowest-occupation stable fixed point (static models only);
    ``"periodic"`` takes the periodic (Floquet) state of a modulated model and reports
    each measure's max, min and mean over one period. Other parameters come
    from ``parameter_set`` (default: the model's), then ``scenarios``, then ``values``.
    Each point gets a status (``ok``, ``failed``, ``unstable``, ``unphysical``) and a
    reason; a bad point never stops the sweep. ``store``: a folder for checkpoints
    (resume by calling again); ``client``: a ``dask.distributed.Client``.
    """
    spec = make_spec(model, over, points=points, measure=measure, regime=regime, parameter_set=parameter_set,
                     scenarios=scenarios, values=values, pair=pair, convention=convention, settings=settings, chunk=chunk)
    return run(spec, store=store, client=client, progress=progress)


def run(spec: SweepSpec, store: str | Path | None = None, client=None, progress: bool = True) -> SweepResult:
    """Compute (or load from ``store``) every chunk of ``spec`` and assemble the result."""
    start = time.perf_counter()
    store = Store(store, spec) if store is not None else None
    damaged = {i: store.damage(i) for i in sorted(store.finished())} if store else {}
    for why in filter(None, damaged.values()):
        warnings.warn(f"sweep store {str(store.path)!r}: {why}; recomputing it", SweepStoreWarning, stacklevel=2)
    chunks = {i: store.load(i) for i, why in damaged.items() if not why}
    loaded = len(chunks)
    missing = [i for i in range(spec.chunks) if i not in chunks]
    with progress_bar(spec.size, f"sweep over {', '.join(spec.names)}", progress) as bar:
        bar.update(sum(len(c["status"]) for c in chunks.values()))
        for index, chunk in _computed(spec, missing, client):
            if store:
                store.save(index, chunk)
            chunks[index] = chunk
            bar.update(len(chunk["status"]))
    counts = {"loaded": loaded, "computed": len(missing)}
    if any(damaged.values()):
        counts["damaged"] = [why for why in damaged.values() if why]
    return _assemble(spec, chunks, counts, time.perf_counter() - start)


def _filled(chunks: dict[int, dict], index: int, name: str) -> np.ndarray:
    """Chunk ``index``'s values of ``name``; NaN (or '') where the chunk has none (every
    point of it unresolved: only status and reason)."""
    chunk = chunks[index]
    if name in chunk:
        return chunk[name]
    example = next(c[name] for c in chunks.values() if name in c)
    return _spread(example[:0], np.zeros(len(chunk["status"]), dtype=bool))


def _computed(spec: SweepSpec, missing: list[int], client):
    """(index, chunk) for every missing chunk, as each finishes."""
    if client is None:
        for index in missing:
            yield index, compute_chunk(spec, index)
        return
    from distributed import as_completed

    futures = {client.submit(compute_chunk, spec, index, pure=False): index for index in missing}
    for future in as_completed(futures):
        yield futures[future], future.result()


def _assemble(spec: SweepSpec, chunks: dict[int, dict], counts: dict, seconds: float) -> SweepResult:
    names = list(dict.fromkeys(n for i in range(spec.chunks) for n in chunks[i]))
    flat = {n: np.concatenate([_filled(chunks, i, n) for i in range(spec.chunks)]) for n in names}
    shape = spec.shape
    status, reason = flat.pop("status").reshape(shape), flat.pop("reason").reshape(shape)
    coords = {n: np.asarray(c) for n, c in zip(spec.names, spec.coords)}
    attributes = {
        "hybridsys": __version__, "model": spec.model_name, "regime": spec.regime, "measures": list(spec.measures),
        "pair": list(spec.pair), "scenarios": list(spec.scenarios), "convention": spec.convention,
        "values": spec.values, "settings": attrs.asdict(spec.settings), "chunk": spec.chunk, "key": spec.key(),
        "chunks": counts, "seconds": seconds,
    }
    return SweepResult(spec.dims, coords, {n: v.reshape(shape) for n, v in flat.items()}, status, reason, attributes)
