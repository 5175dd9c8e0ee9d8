"""The master-equation route on the command line: ``steady``/``simulate`` with
``--method master`` (schema ``hybridsys.master/1``, documented in docs/master.md).

Cutoffs come from ``--cutoff MODE=N`` (repeatable); a mode without one gets
:data:`DEFAULT_CUTOFF` Fock states, and the cutoff check (every result) says whether
that was enough: a result that is not converged is printed as NOT CONVERGED.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from ..compiled.compiler import compile
from ..errors import ParameterError
from ..measures import mode_index, pair_measures
from ..numerics.master import exact_log_negativity, master_steady_state, negative_volume, plot_wigner, wigner
from ..numerics.trajectory import InitialState, simulate
from ..numerics.accuracy import DEFAULT_CUTOFF
from .output import _header, _number

#: Gaussian measures reported for the model's pair of modes.
PAIR = ("S_Q", "S_C", "E_N", "steering", "squeezing")


def cutoffs(items: list[str], modes) -> dict[str, int]:
    """``--cutoff MODE=N`` items, every other mode at :data:`DEFAULT_CUTOFF`."""
    out = {m: DEFAULT_CUTOFF for m in modes}
    for item in items:
        name, sep, text = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = int(text)
        except ValueError:
            raise ParameterError(f"--cutoff expects MODE=N with a whole number N of Fock states, got {item!r}") from None
    return out


def _state_data(modes, dims, rho, moments, pair) -> dict:
    """Moments, g², Wigner negativity per mode; exact and Gaussian E_N per pair; the pair's Gaussian measures."""
    mean, V = moments.mean[-1], moments.covariance[-1]
    per_mode = {}
    for k, m in enumerate(modes):
        per_mode[m] = {
            "mean": {"X": _number(mean[2 * k]), "Y": _number(mean[2 * k + 1])},
            "occupation": _number(moments.occupations[-1, k]),
            "g2": _number(moments.g2[-1, k]),
            "wigner_negative_volume": _number(negative_volume(*wigner(rho, k, dims))),
        }
    pairs = {}
    for i, j in combinations(range(len(modes)), 2):
        gaussian = pair_measures(("E_N",), mean, V, i, j)["E_N"]
        pairs[f"{modes[i]}-{modes[j]}"] = {"E_N_exact": _number(exact_log_negativity(rho, i, j)), "E_N_gaussian": _number(gaussian)}
    measures = {}
    if len(pair) == 2:
        i, j = (mode_index(modes, name) for name in pair)
        measures = {"modes": list(pair), **{k: _number(v) for k, v in pair_measures(PAIR, mean, V, i, j).items()}}
    return {"modes": per_mode, "pairs": pairs, "measures": measures,
            "covariance": [[_number(x) for x in row] for row in V]}


def master_steady_data(model, set_name, convention, values, pair, scenarios, args) -> dict:
    network = model.network_for(*scenarios)
    state = master_steady_state(network, values, cutoffs(args.cutoff, network.mode_names), args.tolerance, args.brownian, convention)
    data = _header("hybridsys.master/1", model, set_name, convention, values, scenarios)
    data.update({"method": "master", "kind": "steady", "approximated": list(state.model.approximated),
                 "cutoff_check": state.check.to_data(),
                 **_state_data(state.modes, state.model.dims, state.rho, state.moments, pair)})
    if args.wigner:
        data["wigner_figure"] = wigner_figure(state.modes, state.model.dims, state.rho, args.wigner)
    return data


def wigner_figure(modes, dims, rho, path: str) -> str:
    """Every mode's Wigner function side by side, written to ``path`` (PNG; needs matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(modes), figsize=(4.5 * len(modes), 4), squeeze=False)
    for k, (mode, ax) in enumerate(zip(modes, axes[0])):
        plot_wigner(*wigner(rho, k, dims), mode, ax)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return str(path)


def master_simulate_data(model, set_name, convention, values, pair, scenarios, args) -> dict:
    network = model.network_for(*scenarios)
    compiled = compile(model, convention, scenarios)
    run = simulate(compiled, compiled.parameters(values), periods=args.periods, samples_per_period=args.samples_per_period,
                   initial=InitialState(fluctuations=args.fluctuations), classify_periods=args.window, method="master",
                   cutoffs=cutoffs(args.cutoff, network.mode_names), tolerance=args.tolerance, brownian=args.brownian)
    check = run.checks[0]
    moments = _Final(run)
    data = _header("hybridsys.master/1", model, set_name, convention, values, scenarios)
    data.update({"method": "master", "kind": "simulate", "initial_state": run.initial,
                 "periods": round(float(run.times[-1] / (2 * np.pi)), 9), "samples": int(run.times.size),
                 "cutoff_check": check.to_data(),
                 **_state_data(run.modes, tuple(check.cutoffs.values()), run.final[0], moments, pair)})
    return data


class _Final:
    """A one-point trajectory's moments in the shape :func:`_state_data` reads."""

    def __init__(self, run):
        self.mean, self.covariance = run.mean, run.covariance
        self.occupations, self.g2 = run.occupations, run.g2


def master_text(data: dict) -> str:
    check = data["cutoff_check"]
    verdict = "converged" if check["converged"] else "NOT CONVERGED"
    what = "steady state" if data["kind"] == "steady" else f"state after {data['periods']:g} periods τ from {data['initial_state']['fluctuations']} modes"
    lines = [
        f"{data['model']} ({' + '.join([data['parameter_set'], *data['scenarios']])}, {data['convention']} convention): "
        f"master equation, {what}",
        f"cutoffs {verdict} to {check['tolerance']:g}: " + ", ".join(
            f"{m} N={n} (top level {check['top_population'][m]:.2g}, change {check['change_when_cutoff_grows'][m]:.2g} "
            f"when N grows by {check['cutoff_step']})" for m, n in check["cutoffs"].items()),
    ]
    if data.get("wigner_figure"):
        lines.append(f"Wigner functions: {data['wigner_figure']}")
    if data.get("approximated"):
        lines.append(f"Brownian damping of {', '.join(data['approximated'])} in the standard Lindblad approximation (docs/master.md)")
    tag = "" if check["converged"] else "  [NOT CONVERGED]"
    fmt = lambda v: "n/a" if v is None else f"{v:.6g}"  # noqa: E731
    for m, v in data["modes"].items():
        lines.append(f"  {m}: <X> {fmt(v['mean']['X'])}, <Y> {fmt(v['mean']['Y'])}, <{m}†{m}> {fmt(v['occupation'])}, "
                     f"g2(0) {fmt(v['g2'])}, Wigner negative volume {fmt(v['wigner_negative_volume'])}{tag}")
    for name, v in data["pairs"].items():
        lines.append(f"  E_N({name}): exact {fmt(v['E_N_exact'])}, Gaussian (from the moments) {fmt(v['E_N_gaussian'])}{tag}")
    if data["measures"]:
        lines.append(f"  Gaussian measures of {'–'.join(data['measures']['modes'])} from the moments: " + ", ".join(
        f"{k} {fmt(v)}" for k, v in data["measures"].items() if k != "modes") + tag)
    return "\n".join(lines)
