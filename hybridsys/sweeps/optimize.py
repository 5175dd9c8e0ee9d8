"""Optimum search: the largest (or smallest) value of a measure over a box of parameters,
keeping to the points where the measure is computed (``ok``: stable, physical).

Papers report optima ("E_N is largest at Δ_a ≈ ω_b"); :func:`optimize` finds them in
three batched stages, each a sweep over a list of points (:func:`hybridsys.sweep`), so
every regime works (``steady``, ``trajectory``, ``wigner``) and every point gets the
sweep's status:

1. **coarse grid**: ``grid`` points per axis over the box;
2. **local refinement** from the best ``starts`` local optima of the grid: a compass
   search batched over the starts (each round evaluates x ± h e_k along every axis k
   for every start in one sweep; a start moves to its best improving neighbour, or
   halves its steps), until every step is below ``rtol`` × the axis's width;
3. **the stability boundary**: from the optimum, along each axis both ways, the
   nearest point whose status is not ``ok`` (geometric probes, then bisection to the
   same tolerance). The optimum is **on the boundary** when that distance is within
   two final steps: the maximum of E_N often sits on the edge of stability, where the
   linearization's steady state ceases to exist.

Points that are not ``ok`` (unstable, failed, unphysical) are never an optimum. Where
the regime gives standard errors (``wigner``), the optimum's error is reported; a fixed
seed makes every point share its noise (common random numbers), so that neighbours
compare meaningfully, but the location is then only as good as that noise allows.
"""

from __future__ import annotations

import itertools
from typing import Mapping, Sequence

import attrs
import numpy as np

from ..errors import HybridsysError, ParameterError
from ..measures.named import PAIR_MEASURES
from ..model.modelfile import Model, load_model
from .sweep import Settings, sweep

#: Halvings of the probe distance from the optimum towards the box's edge (stage 3).
PROBES = 24


@attrs.frozen
class Optimum:
    """Where ``quantity`` is largest (``maximize``) or smallest over the box.

    ``location`` maps each searched parameter to its value at the optimum; ``value`` is
    the quantity there (``error`` its standard error, NaN where the regime has none);
    ``boundary_distance`` the distance (in the parameter's own units) from the optimum
    to the nearest point along an axis whose status is not ``ok`` (inf if none in the
    box), reached along ``boundary_direction`` (e.g. ``"G+"``), with ``boundary_status``
    its status and reason; ``on_boundary`` is True when that distance is within
    ``2 × resolution`` of that axis. ``at_edge`` names the parameters at a limit of the
    box (the optimum may lie beyond it). ``evaluations`` counts the points computed.
    """

    quantity: str
    maximize: bool
    regime: str
    location: dict
    value: float
    error: float
    box: dict
    resolution: dict
    on_boundary: bool
    boundary_distance: float
    boundary_direction: str
    boundary_status: str
    at_edge: tuple[str, ...]
    starts: tuple[dict, ...]
    evaluations: int

    def to_data(self) -> dict:
        """JSON-ready form (the ``hybridsys.optimize/1`` schema of the README)."""
        finite = lambda x: None if not np.isfinite(x) else float(x)  # noqa: E731
        return {
            "quantity": self.quantity, "goal": "max" if self.maximize else "min", "regime": self.regime,
            "location": self.location, "value": finite(self.value), "error": finite(self.error),
            "box": {k: list(v) for k, v in self.box.items()}, "resolution": self.resolution,
            "on_boundary": self.on_boundary, "boundary_distance": finite(self.boundary_distance),
            "boundary_direction": self.boundary_direction or None, "boundary_status": self.boundary_status or None,
            "at_edge": list(self.at_edge), "starts": list(self.starts), "evaluations": self.evaluations,
        }

    def __str__(self) -> str:
        goal = "maximum" if self.maximize else "minimum"
        where = ", ".join(f"{k} = {v:.8g} (± {self.resolution[k]:.1g})" for k, v in self.location.items())
        value = f"{self.value:.8g}" + (f" ± {self.error:.2g}" if np.isfinite(self.error) else "")
        lines = [f"{goal} of {self.quantity} ({self.regime}): {value} at {where}"]
        if self.on_boundary:
            lines.append(f"on the stability boundary: {self.boundary_status} at distance {self.boundary_distance:.3g} "
                         f"along {self.boundary_direction}")
        elif np.isfinite(self.boundary_distance):
            lines.append(f"inside the stable region: the nearest point not ok ({self.boundary_status}) is "
                         f"{self.boundary_distance:.3g} away along {self.boundary_direction}")
        else:
            lines.append("no unstable or failed point along the axes within the box")
        if self.at_edge:
            lines.append(f"at the edge of the box in {', '.join(self.at_edge)}: the optimum may lie beyond it")
        lines.append(f"{self.evaluations} points computed")
        return "\n".join(lines)


def optimize(model: Model | str, measure: str, over: Mapping[str, tuple[float, float]], *, regime: str = "steady",
             quantity: str | None = None, maximize: bool = True, pair: Sequence[str] | None = None,
             parameter_set: str | None = None, scenarios: Sequence[str] = (), values: Mapping[str, float] | None = None,
             convention: str = "exact", settings: Settings = Settings(), grid: int = 21, starts: int = 3,
             rtol: float = 1e-5) -> Optimum:
    """The optimum of ``measure`` (a sweep measure, e.g. ``"E_N"``) over the box
    ``over={name: (low, high)}`` (see the module docstring for the method).

    ``quantity`` is the reported name to optimize: by default the measure's first name
    (``E_N``; ``steering_a_to_b`` for ``steering``), with ``_mean`` appended for the
    ``trajectory`` and ``wigner`` regimes (the mean over the sweep's window; ``_max`` is
    the other choice). Other arguments are those of :func:`hybridsys.sweep`.
    """
    model = model if isinstance(model, Model) else load_model(model)
    if measure not in PAIR_MEASURES:
        raise ParameterError(f"optimize: unknown measure {measure!r}; choose from {list(PAIR_MEASURES)}")
    box = _box(over)
    if not (isinstance(grid, int) and 3 <= grid <= 1001) or not (isinstance(starts, int) and starts >= 1):
        raise ParameterError(f"optimize: grid must be 3 to 1001 points per axis and starts at least 1, got {grid}, {starts}")
    if not 0 < rtol < 0.1:
        raise ParameterError(f"optimize: rtol must be in (0, 0.1), got {rtol}")
    quantity = quantity or PAIR_MEASURES[measure][0] + ("" if regime == "steady" else "_mean")
    names = list(box)
    low, high = np.array([box[n][0] for n in names]), np.array([box[n][1] for n in names])
    search = _Search(model, measure, quantity, maximize, names, dict(
        regime=regime, pair=pair, parameter_set=parameter_set, scenarios=scenarios, values=values,
        convention=convention, settings=settings))

    axes = [np.linspace(lo, hi, grid) for lo, hi in zip(low, high)]
    points = np.array(list(itertools.product(*axes)))
    score = search.scores(points).reshape((grid,) * len(names))
    if not np.any(np.isfinite(score)):
        raise HybridsysError(f"optimize: no point of the {grid}-point grid over {box} is ok (stable and computed); "
                             f"statuses: {search.last_summary}")
    tolerance = rtol * (high - low)
    x = points[_local_optima(score, starts)]
    x, f = search.refine(x, (high - low) / (grid - 1), tolerance, low, high)
    best = int(np.argmax(f))
    location = x[best]
    distance, direction, status = search.boundary(location, tolerance, low, high)
    value, error = search.value_and_error(location)
    step = dict(zip(names, tolerance.tolist()))
    axis = names.index(direction[:-1]) if direction else 0
    return Optimum(
        quantity=quantity, maximize=maximize, regime=regime, location=dict(zip(names, location.tolist())),
        value=value, error=error, box=box, resolution=step,
        on_boundary=bool(np.isfinite(distance) and distance <= 2 * tolerance[axis]),
        boundary_distance=distance, boundary_direction=direction, boundary_status=status,
        at_edge=tuple(n for n, v, lo, hi, h in zip(names, location, low, high, tolerance) if min(v - lo, hi - v) < h),
        starts=tuple({**dict(zip(names, p.tolist())), quantity: float(search.sign * v)} for p, v in zip(x, f)),
        evaluations=search.evaluations,
    )


def _box(over: Mapping) -> dict[str, tuple[float, float]]:
    if not isinstance(over, Mapping) or not over:
        raise ParameterError("optimize: over must map each searched parameter to its (low, high) limits")
    box = {}
    for name, limits in over.items():
        try:
            lo, hi = (float(v) for v in limits)
        except (TypeError, ValueError):
            raise ParameterError(f"optimize: the limits of {name!r} must be two numbers (low, high), got {limits!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ParameterError(f"optimize: the limits of {name!r} must be finite with low < high, got ({lo}, {hi})")
        box[str(name)] = (lo, hi)
    return box


def _local_optima(score: np.ndarray, count: int) -> np.ndarray:
    """Flat indices of up to ``count`` grid points that are no worse than any axis
    neighbour, best first (the best grid point always among them)."""
    padded = np.pad(score, 1, constant_values=-np.inf)
    inner = tuple(slice(1, -1) for _ in score.shape)
    peak = np.isfinite(score)
    for axis in range(score.ndim):
        for shift in (-1, 1):
            neighbour = tuple(slice(1 + shift, score.shape[a] + 1 + shift) if a == axis else inner[a] for a in range(score.ndim))
            peak &= score >= padded[neighbour]
    candidates = np.flatnonzero(peak.ravel())
    order = candidates[np.argsort(-score.ravel()[candidates], kind="stable")]
    return order[:count] if len(order) else np.array([int(np.nanargmax(score))])


@attrs.define
class _Search:
    """Evaluates batches of points through sweeps and keeps count."""

    model: Model
    measure: str
    quantity: str
    maximize: bool
    names: list
    options: dict
    evaluations: int = 0
    last_summary: dict = attrs.field(factory=dict)

    @property
    def sign(self) -> float:
        return 1.0 if self.maximize else -1.0

    def run(self, points: np.ndarray):
        result = sweep(self.model, points={n: points[:, k] for k, n in enumerate(self.names)}, measure=self.measure,
                       progress=False, **self.options)
        if self.quantity not in result.data:
            raise ParameterError(f"optimize: the {self.options['regime']} regime reports {sorted(result.data)} for "
                                 f"{self.measure!r}, not {self.quantity!r}")
        self.evaluations += len(points)
        self.last_summary = result.summary()
        return result

    def scores(self, points: np.ndarray) -> np.ndarray:
        """sign × quantity at each point, −inf where the point is not ok."""
        result = self.run(points)
        values = self.sign * np.asarray(result[self.quantity], dtype=float)
        return np.where((result.status == "ok") & np.isfinite(values), values, -np.inf)

    def refine(self, x: np.ndarray, step: np.ndarray, tolerance: np.ndarray, low, high):
        """Compass search from every row of ``x`` at once (module docstring, stage 2)."""
        f = self.scores(x)
        h = np.tile(step, (len(x), 1))
        dims = x.shape[1]
        moves = np.concatenate([np.eye(dims), -np.eye(dims)])  # (2d, d)
        while np.any(h >= tolerance):
            active = np.flatnonzero(np.any(h >= tolerance, axis=1))
            candidates = np.clip(x[active, None, :] + moves[None] * h[active, None, :], low, high)  # (S, 2d, d)
            values = self.scores(candidates.reshape(-1, dims)).reshape(len(active), 2 * dims)
            best = np.argmax(values, axis=1)
            better = values[np.arange(len(active)), best] > f[active]
            moved = active[better]
            x[moved] = candidates[better, best[better]]
            f[moved] = values[better, best[better]]
            h[active[~better]] /= 2
        return x, f

    def boundary(self, location: np.ndarray, tolerance: np.ndarray, low, high) -> tuple[float, str, str]:
        """(distance, direction, status) of the nearest point not ok along an axis (stage 3)."""
        dims = len(location)
        directions = [(k, s) for k in range(dims) for s in (1.0, -1.0)]
        room = np.array([(high[k] - location[k]) if s > 0 else (location[k] - low[k]) for k, s in directions])
        fractions = 0.5 ** np.arange(PROBES)[::-1]  # from tiny to the whole room
        probes = np.array([[location + s * d * np.eye(dims)[k] for d in room[i] * fractions]
                           for i, (k, s) in enumerate(directions)])  # (2d, P, d)
        result = self.run(probes.reshape(-1, dims))
        bad = (result.status != "ok").reshape(len(directions), PROBES) & (room[:, None] > 0)
        if not bad.any():
            return float("inf"), "", ""
        first = np.where(bad.any(axis=1), np.argmax(bad, axis=1), PROBES)
        near = np.where(first > 0, room * fractions[np.maximum(first - 1, 0)], 0.0)  # last ok distance
        far = np.where(first < PROBES, room * fractions[np.minimum(first, PROBES - 1)], np.inf)
        steps = np.array([tolerance[k] for k, _ in directions])
        hit = np.flatnonzero(np.isfinite(far))
        while np.any(far[hit] - near[hit] > steps[hit]):  # bisection, every direction at once
            middle = (near[hit] + far[hit]) / 2
            points = np.array([location + directions[i][1] * m * np.eye(dims)[directions[i][0]] for i, m in zip(hit, middle)])
            ok = self.run(points).status == "ok"
            near[hit] = np.where(ok, middle, near[hit])
            far[hit] = np.where(ok, far[hit], middle)
        nearest = hit[np.argmin(far[hit])]
        k, s = directions[nearest]
        point = location + s * far[nearest] * np.eye(dims)[k]
        result = self.run(point[None])
        status = f"{result.status[0]}: {result.reason[0]}" if result.reason[0] else str(result.status[0])
        return float(far[nearest]), f"{self.names[k]}{'+' if s > 0 else '-'}", status

    def value_and_error(self, location: np.ndarray) -> tuple[float, float]:
        result = self.run(location[None])
        error = result.data.get(f"{self.quantity}_error")
        return float(result[self.quantity][0]), float(error[0]) if error is not None else float("nan")
