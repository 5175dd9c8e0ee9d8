"""One-point summaries of trajectories, steady states and periodic states, as JSON-ready
dicts (schemas ``hybridsys.simulate/1``, ``hybridsys.steady/1`` and
``hybridsys.periodic/1``, documented in the README and kept stable) and as readable
text. Used by the command line.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from .._version import __version__
from ..compiled.compiler import compile
from ..measures import (
    asymptotic,
    gaussian_discord,
    linearization_validity,
    log_negativity,
    mean_occupation,
    mechanical_response,
    mode_index,
    mutual_information,
    phase_synchronization,
    purity,
    quantum_synchronization,
    residual_contangle,
    squeezing,
    steering,
    von_neumann_entropy,
    window,
)
from ..model.couplings import SagnacDrive
from ..numerics.fixedpoints import fixed_points
from ..numerics.stability import verdict_from_drift


def _number(value) -> float | None:
    """A JSON number, or null for NaN/inf (−0.0, e.g. a clipped E_N, written as 0.0)."""
    value = float(value) + 0.0
    return value if np.isfinite(value) else None


def _header(schema: str, model, set_name: str, convention: str, values: dict, scenarios) -> dict:
    return {
        "schema": schema,
        "hybridsys": __version__,
        "model": model.name,
        "parameter_set": set_name,
        "scenarios": list(scenarios),
        "drive_directions": {c.cavity: c.direction for c in model.network_for(*scenarios).couplings if isinstance(c, SagnacDrive)},
        "convention": convention,
        "parameters": {k: float(v) for k, v in values.items()},
    }


def _fixed_point_list(compiled, points) -> tuple[list[dict], dict]:
    """One point's :class:`~hybridsys.numerics.fixedpoints.FixedPoints` as a list of dicts."""
    listing = []
    for k in range(int(points.count)):
        state = points.states[k]
        listing.append(
            {
                "state": dict(zip(compiled.state_names, map(_number, state))),
                "occupations": dict(zip(compiled.modes, map(_number, mean_occupation(state)))),
                "stable": bool(points.stable[k]),
                "max_real_eigenvalue": _number(points.max_real_eigenvalue[k]),
            }
        )
    return listing, {"method": points.method, "complete": bool(points.complete), "verdicts_agree": points.agree}


#: The pair's Gaussian measures that ``simulate`` summarizes over the window (keys of
#: :data:`hybridsys.measures.PAIR_MEASURES`).
WINDOW_MEASURES = ("E_N", "steering", "discord", "mutual_information", "squeezing", "purity", "entropy", "S_p")


def simulation_data(model, set_name: str, convention: str, values: dict, trajectory, pair: tuple[str, str], scenarios=()) -> dict:
    """Summary of a one-point :class:`~hybridsys.numerics.trajectory.Trajectory`."""
    compiled = compile(model, convention, scenarios)
    params = trajectory.params
    run = trajectory.integration
    last = window(trajectory.times, trajectory.classify_periods)
    sq = trajectory.quantum_synchronization(*pair)
    sc = trajectory.complete_synchronization(*pair)
    summary = lambda series: {key: _number(v) for key, v in asymptotic(trajectory.times, series, trajectory.classify_periods).items() if key != "periods"}  # noqa: E501,E731
    mean_last = trajectory.mean[last]
    finite = np.all(np.isfinite(mean_last), axis=-1)
    unstable = np.nan
    couplings = {}
    if np.any(finite):
        t = trajectory.times[last][finite]  # A(t) and G(t) of a time-dependent model
        drift = compiled.drift(params, mean_last[finite], t)
        unstable = float(np.mean(np.linalg.eigvals(drift).real.max(axis=-1) > 0))
        couplings = dict(zip(compiled.coupling_labels, map(_number, np.mean(compiled.effective_couplings(params, mean_last[finite], t), axis=0))))
    if compiled.time_dependent:  # no fixed points: its steady state is periodic (`hybridsys steady`)
        fixed, about = [], {"method": "none: the model depends on time t", "complete": False, "verdicts_agree": True}
    else:
        fixed, about = _fixed_point_list(compiled, fixed_points(compiled, params))
    margin = trajectory.uncertainty_margin()
    data = _header("hybridsys.simulate/1", model, set_name, convention, values, scenarios)
    data.update(
        {
            "method": "linearized",
            "initial_state": trajectory.initial,
            "integration": {
                "engine": run.engine,
                **run.accuracy.to_data(),
                "periods": round(float(trajectory.times[-1] / (2 * np.pi)), 9),
                "samples": int(trajectory.times.size),
                "steps_accepted": int(run.steps[0, 0]),
                "steps_rejected": int(run.steps[0, 1]),
                "status": "ok" if trajectory.ok else "failed",
                "reason": trajectory.reasons[0],
            },
            "regime": str(trajectory.regime),
            "period": _number(trajectory.period),
            "window_periods": trajectory.classify_periods,
            "stability": {"fixed_points": fixed, **about, "unstable_fraction_of_window": _number(unstable)},
            "synchronization": {"modes": list(pair), "S_Q": summary(sq), "S_C": summary(sc)},
            "measures": {"modes": list(pair), **{key: summary(series) for key, series in trajectory.measures(*pair, names=WINDOW_MEASURES).items()}},
            "validity": {
                "uncertainty_margin": _number(margin),
                "physical": bool(trajectory.physical()),
                "S_Q_at_most_1": bool(np.nanmax(sq) <= 1 + 1e-9),
                "linearization": dict(zip(compiled.modes, map(_number, trajectory.linearization_validity()))),
            },
            "effective_couplings": couplings,
        }
    )
    return data


def _scattering(compiled, params, state, omega: float) -> dict:
    """The ports' S(ω) at one stable point (:func:`~hybridsys.measures.scattering.port_scattering`):
    every S_{to,from} as [re, im] and |S|², and the isolation in dB of each pair."""
    from ..measures.scattering import port_scattering

    scattering = port_scattering(compiled, params, state, np.array([omega]))
    ports = scattering.ports
    pairs = [(to, source) for to in ports for source in ports]
    return {
        "omega": _number(omega),
        "ports": list(ports),
        "S": {f"{to}<-{source}": [_number(v) for v in (scattering.amplitude(to, source)[0].real, scattering.amplitude(to, source)[0].imag)]
              for to, source in pairs},
        "transmission": {f"{to}<-{source}": _number(scattering.transmission(to, source)[0]) for to, source in pairs},
        "isolation_db": {f"{to}<-{source}": _number(scattering.isolation_db(to, source)[0]) for to, source in pairs if to != source},
    }


def steady_data(model, set_name: str, convention: str, values: dict, pair: tuple[str, str], scenarios=(),
                omega: float = 0.0) -> dict:
    """Every fixed point of one parameter point; at the stable ones, the steady
    covariance's measures, and where the model has ports their scattering at the
    frequency ``omega`` (in the rotating frame, units of ω_ref)."""
    from ..numerics.steady import steady_states

    compiled = compile(model, convention, scenarios)
    params = compiled.parameters(values)
    steady = steady_states(compiled, params)
    listing, about = _fixed_point_list(compiled, steady.fixed_points)
    phonons = [k for k, m in enumerate(model.network.modes) if m.type_name == "phonon"]
    others = [k for k, m in enumerate(model.network.modes) if m.type_name != "phonon"]
    i, j = (mode_index(compiled.modes, name) for name in pair)
    for k, entry in enumerate(listing):
        if not entry["stable"]:
            entry["steady"] = None
            continue
        V, x = steady.covariance[k], steady.states[k]
        drift = compiled.drift(params, x)
        frequency, damping = zip(*(mechanical_response(drift, b, others) for b in phonons)) if phonons else ((), ())
        entry["steady"] = {
            "S_Q": _number(quantum_synchronization(V, i, j)),
            "E_N": {f"{compiled.modes[a]}-{compiled.modes[b]}": _number(log_negativity(V, a, b)) for a, b in combinations(range(len(compiled.modes)), 2)},
            "physical": bool(steady.physical[k]),
            "lyapunov_residual": _number(steady.residual[k]),
            "linearization": dict(zip(compiled.modes, map(_number, linearization_validity(x, V)))),
            "effective_couplings": dict(zip(compiled.coupling_labels, map(_number, compiled.effective_couplings(params, x)))),
            "mechanical": {
                compiled.modes[b]: {"frequency": _number(w), "damping": _number(g)} for b, w, g in zip(phonons, frequency, damping)
            },
            "hurwitz_stable": bool(verdict_from_drift(drift).stable),
            **_gaussian_measures(compiled.modes, x, V, i, j),
        }
        if compiled.ports:
            entry["steady"]["scattering"] = _scattering(compiled, params, x, omega)
    data = _header("hybridsys.steady/1", model, set_name, convention, values, scenarios)
    data.update({"synchronize": list(pair), **about, "fixed_points": listing})
    return data


#: What ``hybridsys steady`` reports over the period of a modulated model, per pair.
PERIODIC_MEASURES = ("E_N", "S_Q", "steering", "squeezing")


def periodic_data(model, set_name: str, convention: str, values: dict, states, pair: tuple[str, str], scenarios=()) -> dict:
    """Summary of a one-point :class:`~hybridsys.numerics.periodic.PeriodicStates`: the
    period, Floquet multipliers, the orbit at phase 0, and over the period (max, min,
    mean, and the phases s = t/T of max and min) E_N of every pair, S_Q of the
    ``synchronize`` pair, steering and squeezing, and every mode's occupations."""
    from ..numerics.periodic import summarize

    modes, phases = states.modes, states.phases
    n = len(modes)
    over = lambda series: {k: _number(v) for k, v in summarize(np.asarray(series), phases).items()}  # noqa: E731
    data = _header("hybridsys.periodic/1", model, set_name, convention, values, scenarios)
    data.update({
        "time_dependence": list(model.network.time_dependence),
        "period": _number(states.period),
        "phases": int(phases.size),
        "starts": states.starts,
        "newton_iterations": int(states.iterations),
        "accuracy": states.accuracy.to_data(),
        "status": str(states.status),
        "reason": states.reasons[0],
        "floquet_multipliers": [{"abs": _number(abs(m)), "arg": _number(np.angle(m))} for m in np.ravel(states.multipliers)],
        "orbit_at_phase_0": dict(zip([f"{q}_{m}" for m in modes for q in "XY"], map(_number, np.ravel(states.mean[0])))),
        "synchronize": list(pair),
    })
    if states.status != "ok":
        return data
    pairs = list(combinations(range(n), 2))
    ordered = [(a, b) for a in range(n) for b in range(n) if a != b]
    i, j = (mode_index(modes, name) for name in pair)
    occupations = states.occupations()
    data["over_the_period"] = {
        "E_N": {f"{modes[a]}-{modes[b]}": over(log_negativity(states.covariance, a, b)) for a, b in pairs},
        "S_Q": over(quantum_synchronization(states.covariance, i, j)),
        "steering": {f"{modes[a]}->{modes[b]}": over(steering(states.covariance, a, b)) for a, b in ordered},
        "squeezing_dB": {modes[m]: over(squeezing(states.covariance, m)[0]) for m in range(n)},
        "fluctuation_occupation": {modes[m]: over(occupations["fluctuations"][..., m]) for m in range(n)},
        "mean_field_occupation": {modes[m]: over(occupations["mean_field"][..., m]) for m in range(n)},
    }
    data["physical"] = bool(states.physical())
    return data


def periodic_text(data: dict) -> str:
    lines = [
        f"{data['model']} ({' + '.join([data['parameter_set'], *data['scenarios']])}, {data['convention']} convention): "
        f"periodic state (time dependent in {', '.join(data['time_dependence'])}), period T = {_fmt(data['period'])} (1/ω_ref)",
        f"status: {data['status']}{' (' + data['reason'] + ')' if data['reason'] else ''}; Newton on the period map from "
        f"{data['starts']}, {data['newton_iterations']} period integration(s)",
        "Floquet multipliers |μ|: " + ", ".join(_fmt(m["abs"]) for m in data["floquet_multipliers"]),
    ]
    if data["status"] != "ok":
        return "\n".join(lines)
    over = data["over_the_period"]
    cell = lambda v: f"max {_fmt(v['max'])} (s = {_fmt(v['phase_of_max'])})  min {_fmt(v['min'])} (s = {_fmt(v['phase_of_min'])})  mean {_fmt(v['mean'])}"  # noqa: E501,E731
    lines.append(f"over one period, {data['phases']} phases s = t/T (t = 0 where the model's expressions are written); "
                 f"physical: {data['physical']}")
    lines += [f"  E_N {k}: {cell(v)}" for k, v in over["E_N"].items()]
    lines.append(f"  S_Q {'-'.join(data['synchronize'])}: {cell(over['S_Q'])}")
    lines += [f"  squeezing {k} (dB): {cell(v)}" for k, v in over["squeezing_dB"].items()]
    lines += [f"  ⟨δo†δo⟩ {k}: {cell(v)}" for k, v in over["fluctuation_occupation"].items()]
    return "\n".join(lines)


def _gaussian_measures(modes, state: np.ndarray, V: np.ndarray, i: int, j: int) -> dict:
    """The Gaussian toolbox at one steady state, for every pair (``"a-b"``), ordered pair
    (``"a->b"``: b steered by, or discord with measurements on, a), mode and triple."""
    n = len(modes)
    ordered = [(a, b) for a in range(n) for b in range(n) if a != b]
    name = lambda *k: "-".join(modes[m] for m in k)  # noqa: E731
    arrow = lambda a, b: f"{modes[a]}->{modes[b]}"  # noqa: E731
    decibels, angles = zip(*(squeezing(V, m) for m in range(n)))
    return {
        "steering": {arrow(a, b): _number(steering(V, a, b)) for a, b in ordered},
        "discord": {arrow(a, b): _number(gaussian_discord(V, a, b)) for a, b in ordered},
        "mutual_information": {name(a, b): _number(mutual_information(V, a, b)) for a, b in combinations(range(n), 2)},
        "residual_contangle": {name(*t): _number(residual_contangle(V, *t)) for t in combinations(range(n), 3)},
        "squeezing": {modes[m]: {"dB": _number(d), "angle": _number(t)} for m, d, t in zip(range(n), decibels, angles)},
        "purity": {modes[m]: _number(purity(V, m)) for m in range(n)},
        "entropy": {modes[m]: _number(von_neumann_entropy(V, m)) for m in range(n)},
        "S_p": _number(phase_synchronization(state, V, i, j)),
    }


def _pair_name(name: str, a: str, b: str) -> str:
    """A measure's reported name with the pair's modes in it: steering_a_to_b → steering a->b."""
    for suffix, words in (("_a_to_b", f" {a}->{b}"), ("_b_to_a", f" {b}->{a}"), ("_a", f" {a}"), ("_b", f" {b}")):
        if name.endswith(suffix):
            return name[: -len(suffix)] + words
    return name


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.6g}"


def _heading(data: dict, periods) -> str:
    """A run's first line: model, parameter set and scenarios, convention, length, initial state."""
    return (f"{data['model']} ({' + '.join([data['parameter_set'], *data['scenarios']])}, {data['convention']} convention), "
            f"{_fmt(periods)} periods τ from {data['initial_state']['mean']} modes with "
            f"{data['initial_state']['fluctuations']} fluctuations")


def _regime(data: dict, label: str) -> str:
    return f"{label}: {data['regime']}" + (f", period {_fmt(data['period'])} (1/ω_ref)" if data["period"] else "")


def simulation_text(data: dict) -> str:
    sync, integ, valid = data["synchronization"], data["integration"], data["validity"]
    pair = "–".join(sync["modes"])
    lines = [
        _heading(data, integ["periods"]),
        f"integration: {integ['status']}{' (' + integ['reason'] + ')' if integ['reason'] else ''}; {integ['engine']} "
        f"engine, rtol {integ['rtol']:g}, atol {integ['atol']:g}, {integ['steps_accepted']} steps ({integ['steps_rejected']} rejected)",
        _regime(data, "regime"),
        (f"fixed points: {data['stability']['method']}" if data["stability"]["method"].startswith("none") else
         f"fixed points: {len(data['stability']['fixed_points'])} ({'all' if data['stability']['complete'] else 'search: maybe not all'}), "
         + ", ".join("stable" if f["stable"] else f"unstable (max Re λ = {_fmt(f['max_real_eigenvalue'])})" for f in data["stability"]["fixed_points"])),
        f"A(t) unstable during {_fmt(100 * (data['stability']['unstable_fraction_of_window'] or 0))}% of the last {data['window_periods']} periods",
        f"over the last {data['window_periods']} periods, modes {pair}:",
        f"  S_Q  max {_fmt(sync['S_Q']['max'])}  mean {_fmt(sync['S_Q']['mean'])}",
        f"  S_C  max {_fmt(sync['S_C']['max'])}  mean {_fmt(sync['S_C']['mean'])}",
        "  mean over the window: " + ", ".join(f"{_pair_name(k, *sync['modes'])} {_fmt(v['mean'])}"
                                               for k, v in data["measures"].items() if k != "modes"),
        f"physical within the integration accuracy: {valid['physical']} (min eigenvalue of V + iΩ/2 = "
        f"{_fmt(valid['uncertainty_margin'])}); S_Q <= 1: {valid['S_Q_at_most_1']}",
        "linearization (fluctuation / mean-field occupation, max over the window): "
        + ", ".join(f"{m} {_fmt(v)}" for m, v in valid["linearization"].items()),
        "effective couplings G (mean over the window): " + ", ".join(f"{k} {_fmt(v)}" for k, v in data["effective_couplings"].items()),
    ]
    return "\n".join(lines)


def steady_text(data: dict) -> str:
    pair = "–".join(data["synchronize"])
    lines = [
        f"{data['model']} ({' + '.join([data['parameter_set'], *data['scenarios']])}, {data['convention']} convention): {len(data['fixed_points'])} fixed point(s), "
        f"{'all of them' if data['complete'] else 'found by search (maybe not all)'} ({data['method']})"
    ]
    for k, point in enumerate(data["fixed_points"]):
        occupations = ", ".join(f"|{m}|² {_fmt(v)}" for m, v in point["occupations"].items())
        verdict = "stable" if point["stable"] else "unstable"
        lines.append(f"#{k}: {verdict} (max Re λ = {_fmt(point['max_real_eigenvalue'])}); {occupations}")
        steady = point["steady"]
        if steady is None:
            lines.append("    no steady state here: run `hybridsys simulate` for the dynamics")
            continue
        lines.append(f"    S_Q({pair}) = {_fmt(steady['S_Q'])}; physical: {steady['physical']}; Lyapunov residual {_fmt(steady['lyapunov_residual'])}")
        lines.append("    E_N: " + ", ".join(f"{k} {_fmt(v)}" for k, v in steady["E_N"].items()))
        lines.append("    steering: " + ", ".join(f"{k} {_fmt(v)}" for k, v in steady["steering"].items()))
        if steady["mechanical"]:  # phonons only
            lines.append("    mechanical (frequency, damping): " + ", ".join(
                f"{m} ({_fmt(v['frequency'])}, {_fmt(v['damping'])})" for m, v in steady["mechanical"].items()))
        lines.append("    linearization: " + ", ".join(f"{m} {_fmt(v)}" for m, v in steady["linearization"].items()))
        if "scattering" in steady:
            scattering = steady["scattering"]
            lines.append(f"    ports at ω = {_fmt(scattering['omega'])}: |S|² " + ", ".join(
                f"{k} {_fmt(v)}" for k, v in scattering["transmission"].items()))
            passing = {k: v for k, v in scattering["isolation_db"].items() if v is not None and v > 0}
            lines.append("    isolation (dB, pass direction): " + (", ".join(f"{k} {_fmt(v)}" for k, v in passing.items()) or "none"))
    return "\n".join(lines)


def wigner_data(model, set_name: str, convention: str, values: dict, trajectory, pair: tuple[str, str], scenarios=()) -> dict:
    """Summary of a one-point truncated-Wigner run (:class:`~hybridsys.numerics.wigner.WignerTrajectory`):
    the ``synchronization`` keys of the linearized summary, each with its standard
    error beside it (``S_Q_error``, ...), and the method's own settings."""
    i, j = (mode_index(trajectory.modes, name) for name in pair)
    summary = trajectory.synchronization_summary(*pair)
    summary["E_N"] = trajectory.summary(lambda m, V: log_negativity(V, i, j))
    sync = {"modes": list(pair)}
    regime, period = trajectory.classification()
    for name, stats in summary.items():
        sync[name] = {k: _number(e.value) for k, e in stats.items()}
        sync[f"{name}_error"] = {k: _number(e.error) for k, e in stats.items()}
    data = _header("hybridsys.simulate/1", model, set_name, convention, values, scenarios)
    data.update({
        "method": "wigner",
        "trajectories": trajectory.trajectories,
        "seed": trajectory.seed,
        "step": trajectory.step,
        "groups": int(trajectory.counts.shape[-1]),
        "initial_state": trajectory.initial,
        "periods": round(float(trajectory.times[-1] / (2 * np.pi)), 9),
        "window_periods": trajectory.classify_periods,
        "regime": str(np.ravel(regime)[0]),
        "period": _number(np.ravel(period)[0]),
        "synchronization": sync,
        "validity": {
            "diverged": int(trajectory.diverged.sum()),
            "linearization": dict(zip(trajectory.modes, map(_number, trajectory.linearization_validity()))),
        },
    })
    return data


def wigner_text(data: dict) -> str:
    sync = data["synchronization"]
    pair = "–".join(sync["modes"])
    cell = lambda name, key: f"{_fmt(sync[name][key])} ± {_fmt(sync[name + '_error'][key])}"  # noqa: E731
    lines = [
        _heading(data, data["periods"]),
        f"truncated Wigner: {data['trajectories']} trajectories in {data['groups']} groups, seed {data['seed']}, stochastic Heun, "
        f"step {data['step']:.6g} (1/ω_ref); {data['validity']['diverged']} diverged",
        _regime(data, "regime of the mean"),
        f"over the last {data['window_periods']} periods, modes {pair} (± standard error):",
        *(f"  {name:<4} max {cell(name, 'max')}  mean {cell(name, 'mean')}" for name in ("S_Q", "S_C", "E_N")),
        "fluctuation / mean-field occupation from the samples (max over the window): "
        + ", ".join(f"{m} {_fmt(v)}" for m, v in data["validity"]["linearization"].items()),
    ]
    return "\n".join(lines)
