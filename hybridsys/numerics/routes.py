"""One comparison, three routes: the same steady-state measures from the linearization
(stable fixed point and Lyapunov covariance), truncated Wigner (the window mean of a
run from empty modes) and the master equation (its steady state), each with its error,
and where they disagree beyond the errors.

The measures are those every route gives from the mean quadratures and the covariance
V (vacuum variance ½): per mode ⟨o†o⟩ = (|⟨X⟩|² + |⟨Y⟩|² + V_XX + V_YY − 1)/2, ⟨X⟩,
⟨Y⟩; per pair E_N of the moments. Errors: none for the linearization (its error is the
model's, which the comparison shows); the jackknife standard error for truncated Wigner;
the cutoff check's change for the master equation. Two routes disagree on a measure when
|x₁ − x₂| > 3 √(e₁² + e₂²) + 10⁻⁶ max(|x₁|, |x₂|, 1).

Where the linearization has several stable fixed points (bistability) it reports the
one nearest the other routes' mean (the first if it stands alone) and says how many.
"""

from __future__ import annotations

import warnings
from itertools import combinations

import attrs
import numpy as np

from ..errors import ParameterError
from ..measures import log_negativity
from .master import master_steady_state
from .steady import steady_states
from .trajectory import InitialState, simulate

METHODS = ("linearized", "wigner", "master")
#: Standard errors two routes may differ by before they disagree.
SIGMAS = 3.0


def measures(modes, mean: np.ndarray, V: np.ndarray) -> dict:
    """{name: array over the leading axes} of the compared measures."""
    out = {}
    for k, m in enumerate(modes):
        x, y = mean[..., 2 * k], mean[..., 2 * k + 1]
        out[f"<{m}†{m}>"] = (x**2 + y**2 + V[..., 2 * k, 2 * k] + V[..., 2 * k + 1, 2 * k + 1] - 1) / 2
        out[f"<X_{m}>"], out[f"<Y_{m}>"] = x, y
    for i, j in combinations(range(len(modes)), 2):
        out[f"E_N({modes[i]},{modes[j]})"] = log_negativity(V, i, j)
    return out


@attrs.frozen
class Comparison:
    """``values[method][measure]`` and ``errors[method][measure]`` (floats), the
    ``disagreements`` (measure, method, method) beyond the errors, and ``notes``."""

    methods: tuple[str, ...]
    values: dict
    errors: dict
    notes: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return list(next(iter(self.values.values())))

    @property
    def disagreements(self) -> list[tuple[str, str, str]]:
        out = []
        for name in self.names:
            for a, b in combinations(self.methods, 2):
                x, y = self.values[a][name], self.values[b][name]
                ex, ey = self.errors[a][name], self.errors[b][name]
                if np.isfinite(x) and np.isfinite(y) and abs(x - y) > SIGMAS * np.hypot(ex, ey) + 1e-6 * max(abs(x), abs(y), 1.0):
                    out.append((name, a, b))
        return out

    def table(self) -> str:
        width = max(len(n) for n in self.names) + 2
        head = f"{'':<{width}}" + "".join(f"{m:>26}" for m in self.methods)
        rows = [head]
        for name in self.names:
            cells = "".join(f"{self.values[m][name]:>14.6g} ± {self.errors[m][name]:<9.2g}" for m in self.methods)
            rows.append(f"{name:<{width}}{cells}")
        found = self.disagreements
        rows.append("disagree beyond the errors: " + ("; ".join(f"{n} ({a} vs {b})" for n, a, b in found) if found else "none"))
        rows += list(self.notes)
        return "\n".join(rows)

    def to_data(self) -> dict:
        clean = lambda d: {k: (float(v) if np.isfinite(v) else None) for k, v in d.items()}  # noqa: E731
        return {"methods": list(self.methods), "values": {m: clean(self.values[m]) for m in self.methods},
                "errors": {m: clean(self.errors[m]) for m in self.methods},
                "disagreements": [list(d) for d in self.disagreements], "notes": list(self.notes)}


def compare(compiled, values: dict, methods=METHODS, cutoffs: dict | None = None, tolerance: float = 1e-3,
            trajectories: int = 2000, periods: float = 10, window: float = 5, seed: int | None = None,
            brownian: str = "refuse") -> Comparison:
    """The same steady-state measures from each of ``methods`` at one parameter point
    (``values``: name → number) of ``compiled`` (:func:`hybridsys.compile`)."""
    methods = tuple(methods)
    unknown = [m for m in methods if m not in METHODS]
    if unknown or not methods:
        raise ParameterError(f"compare: methods must be some of {METHODS}, got {list(methods)}")
    params = compiled.parameters(values)
    modes = compiled.modes
    found, errors, notes, means = {}, {}, [], {}
    if "master" in methods:
        state = master_steady_state(compiled.derivation, values, cutoffs, tolerance, brownian)
        found["master"] = {k: float(v) for k, v in measures(modes, state.mean, state.covariance).items()}
        change = max(state.check.change.values())
        errors["master"] = {k: change * max(abs(v), 1.0) for k, v in found["master"].items()}
        means["master"] = state.mean
        notes.append(f"master: {state.check.describe()}")
    if "wigner" in methods:
        run = simulate(compiled, params, periods=periods, method="wigner", trajectories=trajectories, seed=seed,
                       classify_periods=window, initial=InitialState(fluctuations="vacuum"))
        last = run.times >= run.times[-1] - window * 2 * np.pi * (1 - 1e-9)
        names = list(measures(modes, run.mean[..., :1, :], run.covariance[..., :1, :, :]))
        with warnings.catch_warnings():  # diverged trajectories make every measure NaN, and say so below
            warnings.simplefilter("ignore", RuntimeWarning)
            stacked = run.estimate(lambda m, V: np.stack(
                [np.mean(v, axis=-1) for v in measures(modes, m[..., last, :], V[..., last, :, :]).values()], axis=-1))
        found["wigner"] = dict(zip(names, np.ravel(stacked.value).tolist()))
        errors["wigner"] = dict(zip(names, np.ravel(stacked.error).tolist()))
        means["wigner"] = np.mean(run.mean[..., last, :], axis=-2).reshape(-1)
        notes.append(f"wigner: {trajectories} trajectories from the vacuum, mean over the last {window:g} of {periods:g} periods τ, "
                     f"seed {run.seed}, {int(run.diverged.sum())} diverged")
    if "linearized" in methods:
        steady = steady_states(compiled, params)
        stable = np.flatnonzero(np.asarray(steady.stable).reshape(-1))
        if stable.size == 0:
            raise ParameterError("compare: the linearization has no stable fixed point here; leave it out of the methods")
        states = steady.states.reshape(-1, compiled.size)[stable]
        reference = next((m for m in means.values() if np.all(np.isfinite(m))), states[0])
        k = stable[int(np.argmin(np.linalg.norm(states - reference, axis=-1)))]
        V = steady.covariance.reshape(-1, compiled.size, compiled.size)[k]
        found["linearized"] = {n: float(v) for n, v in measures(modes, steady.states.reshape(-1, compiled.size)[k], V).items()}
        errors["linearized"] = {n: 0.0 for n in found["linearized"]}
        if stable.size > 1:
            notes.append(f"linearized: {stable.size} stable fixed points (bistable); the one nearest the other routes' mean is shown")
    return Comparison(methods, {m: found[m] for m in methods}, {m: errors[m] for m in methods}, tuple(notes))
