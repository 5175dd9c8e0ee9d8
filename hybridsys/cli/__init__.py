"""The ``hybridsys`` command line.

    hybridsys models                      list the ready-made models
    hybridsys show MODEL [options]        modes, couplings, parameters; derived objects
    hybridsys simulate MODEL [options]    integrate from the initial state: regime, S_Q, S_C
    hybridsys steady MODEL [options]      every fixed point; steady S_Q and E_N at stable ones
    hybridsys optimize MODEL --measure M --over NAME=LOW:HIGH ...   the optimum of a measure over a box
    hybridsys compare MODEL [options]     the same measures from the linearized, Wigner and master routes
    hybridsys reproduce [PAPER] [FIGURE ...]  a paper's figures (PNG, data, parameters) and its claims
                                          report (default paper: the spec, nonreciprocal_sync)

``steady`` on a time-dependent model gives its periodic state over one period. ``--json``
output follows the schemas ``hybridsys.show/1``, ``hybridsys.simulate/1``,
``hybridsys.steady/1``, ``hybridsys.periodic/1`` and ``hybridsys.optimize/1`` documented in
the README, ``hybridsys.master/1`` with ``--method master`` and ``hybridsys.compare/1``
(README, docs/master.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

from .._version import __version__
from ..errors import HybridsysError, ModelFileError, ParameterError, ResourceError
from ..model.conventions import BROWNIAN, CONVENTIONS
from ..numerics.accuracy import DEFAULT_CUTOFF, ENGINES, TOLERANCE, Accuracy, default_engine
from ..papers import DEFAULT, available_papers, load_paper
from ..papers.figures import Resolution
from ..papers.reproduce import figure_help

# Only what the parser needs is imported above (no sympy, scipy, numba, matplotlib:
# ``hybridsys --help`` stays fast); each command imports the numerics it runs.

#: The finest grid `reproduce --resolution` computes: 1001² points per map, days of work already.
MAX_RESOLUTION = 1001
SECTIONS = ("hamiltonian", "langevin", "mean_field", "fluctuations", "drift", "diffusion", "hurwitz")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hybridsys", description="Hybrid quantum systems: derive, inspect, simulate.")
    parser.add_argument("--version", action="version", version=f"hybridsys {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("models", help="list the ready-made models")

    show = commands.add_parser("show", help="list a model's modes, couplings and parameters, and derived objects")
    show.add_argument("model", help="ready-made model name (see `hybridsys models`) or path to a .toml model file")
    show.add_argument("--parameters", metavar="SET", help="parameter set whose values to list (default: the model's)")
    show.add_argument("--convention", choices=CONVENTIONS, default="exact", help="exact (default) or the spec's Kerr convention (ERRATA 3)")
    for section in SECTIONS:
        flag = "--" + section.replace("_", "-")
        show.add_argument(flag, dest=section, action="store_true", help=f"print the {section.replace('_', ' ')}")
    fmt = show.add_mutually_exclusive_group()
    fmt.add_argument("--latex", action="store_true", help="print derived objects as LaTeX")
    fmt.add_argument("--json", action="store_true", help="machine-readable output (schema hybridsys.show/1)")

    simulate = commands.add_parser("simulate", help="integrate mean fields and covariance from the initial state (S17)")
    _point_arguments(simulate)
    simulate.add_argument("--periods", type=float, default=200, help="length in mechanical periods τ = 2π/ω_ref (default 200)")
    simulate.add_argument("--window", type=float, help="periods at the end summarized and classified (default 20, or all if fewer)")
    simulate.add_argument("--samples-per-period", type=int, default=20, help="samples per period (default 20)")
    simulate.add_argument("--fluctuations", choices=("thermal", "vacuum"), default="thermal",
                          help="initial fluctuations: each bath's thermal state (default) or the vacuum")
    simulate.add_argument("--rtol", type=float, default=Accuracy().rtol, help=f"relative tolerance (default {Accuracy().rtol:g})")
    simulate.add_argument("--atol", type=float, default=Accuracy().atol, help=f"absolute tolerance (default {Accuracy().atol:g})")
    simulate.add_argument("--engine", choices=ENGINES, help=f"integration engine (default {default_engine()})")
    simulate.add_argument("--method", choices=("linearized", "wigner", "master"), default="linearized",
                          help="linearized fluctuations (default), truncated-Wigner sampling of the full nonlinear equations, "
                               "or the master equation in a truncated Fock space (QuTiP)")
    simulate.add_argument("--trajectories", type=int, default=1000, help="wigner: number of trajectories M (default 1000)")
    simulate.add_argument("--seed", type=int, help="wigner: seed of the noise (default: drawn, and reported)")
    simulate.add_argument("--steps-per-period", type=int, default=400, help="wigner: fixed steps per period τ (default 400)")
    _master_arguments(simulate)
    simulate.add_argument("--json", action="store_true", help="machine-readable output (schema hybridsys.simulate/1; hybridsys.master/1 with --method master)")

    reproduce = commands.add_parser(
        "reproduce", help="compute a paper's figures (PNG, data and parameters for each) and its claims report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reproduce.format_help = _with_figure_list(reproduce.format_help)
    reproduce.add_argument("figures", nargs="*", metavar="[PAPER] FIGURE",
                           help=f"a paper first, if not the default ({DEFAULT}); then figures to compute (default: all)")
    reproduce.add_argument("--out", default="out/figures", help="output folder (default out/figures)")
    grid = reproduce.add_mutually_exclusive_group()
    grid.add_argument("--fast", action="store_true", help="a coarse pass (9 points per swept axis)")
    grid.add_argument("--resolution", type=int, metavar="N", help=f"points per swept axis (default {Resolution().points})")
    reproduce.add_argument("--quiet", action="store_true", help="no progress bars")

    comparison = commands.add_parser("compare", help="the same steady-state measures from several routes, with their errors")
    _point_arguments(comparison)
    comparison.add_argument("--methods", default="linearized,wigner,master",
                            help="comma-separated routes among linearized, wigner, master (default all three)")
    comparison.add_argument("--trajectories", type=int, default=2000, help="wigner: trajectories (default 2000)")
    comparison.add_argument("--periods", type=float, default=10, help="wigner: length of the run in periods τ (default 10)")
    comparison.add_argument("--window", type=float, default=5, help="wigner: periods at the end averaged (default 5)")
    comparison.add_argument("--seed", type=int, help="wigner: seed of the noise (default: drawn, and reported)")
    _master_arguments(comparison)
    comparison.add_argument("--json", action="store_true", help="machine-readable output (schema hybridsys.compare/1)")

    steady = commands.add_parser("steady", help="every fixed point with its stability; steady S_Q and E_N where stable; "
                                                "for a time-dependent model its periodic (Floquet) state")
    _point_arguments(steady)
    steady.add_argument("--period", type=float, help="periodic state: the period T (default: from the modulation frequencies)")
    steady.add_argument("--phases", type=int, default=64, help="periodic state: phases sampled over one period (default 64)")
    steady.add_argument("--omega", type=float, default=0.0,
                        help="a model with ports: the frequency of their scattering matrix S(ω), in the rotating frame (default 0)")
    steady.add_argument("--method", choices=("linearized", "master"), default="linearized",
                        help="fixed points and Lyapunov covariances (default) or the master equation's steady state (QuTiP)")
    _master_arguments(steady)
    steady.add_argument("--wigner", metavar="FILE.png", help="master: write every mode's Wigner function to this PNG")
    steady.add_argument("--json", action="store_true",
                        help="machine-readable output (schema hybridsys.steady/1; hybridsys.periodic/1 for a time-dependent "
                             "model; hybridsys.master/1 with --method master)")

    optimize = commands.add_parser("optimize", help="the maximum (or minimum) of a measure over a box of parameters, at stable points")
    _point_arguments(optimize)
    optimize.add_argument("--measure", required=True, help="the measure of the model's pair of modes (a sweep measure: S_Q, E_N, steering, ...)")
    optimize.add_argument("--over", metavar="NAME=LOW:HIGH", action="append", required=True,
                          help="a searched parameter and its limits, in units of ω_ref (repeatable)")
    optimize.add_argument("--regime", default="steady", help="how each point is computed, as in sweeps (default steady; trajectory, wigner, periodic)")
    optimize.add_argument("--quantity", help="the reported name to optimize (default: the measure's, with _mean for trajectory and wigner)")
    optimize.add_argument("--minimize", action="store_true", help="the minimum instead of the maximum")
    optimize.add_argument("--pair", metavar="A,B", help="the pair of modes (default: the model's synchronize pair)")
    optimize.add_argument("--grid", type=int, default=21, help="coarse grid points per axis (default 21)")
    optimize.add_argument("--starts", type=int, default=3, help="local optima of the grid refined (default 3)")
    optimize.add_argument("--rtol", type=float, default=1e-5, help="resolution relative to each axis's width (default 1e-5)")
    optimize.add_argument("--json", action="store_true", help="machine-readable output (schema hybridsys.optimize/1)")
    return parser


def _with_figure_list(format_help):
    """``reproduce --help`` lists the papers and the default paper's figures, loading
    that paper (and its numerics) only when this help is asked for."""

    def with_epilog() -> str:
        return format_help() + f"\npapers: {', '.join(available_papers())} (default {DEFAULT})\n\n" + figure_help(load_paper()) + "\n"

    return with_epilog


def _master_arguments(parser) -> None:
    parser.add_argument("--cutoff", metavar="MODE=N", action="append", default=[],
                        help=f"master: Fock states of a mode (repeatable; default {DEFAULT_CUTOFF}), e.g. --cutoff a=12")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE,
                        help=f"master: largest change of the results when a cutoff grows by 2 (default {TOLERANCE:g})")
    parser.add_argument("--brownian", choices=BROWNIAN, default="refuse",
                        help="master: refuse Brownian damping (default) or take its standard Lindblad approximation")


def _point_arguments(parser) -> None:
    parser.add_argument("model", help="ready-made model name (see `hybridsys models`) or path to a .toml model file")
    parser.add_argument("--parameters", metavar="SET", help="parameter set to start from (default: the model's)")
    parser.add_argument("--scenario", metavar="NAME", action="append", default=[], dest="scenarios",
                        help="apply a named scenario of the model (repeatable; `hybridsys show MODEL` lists them), e.g. --scenario OD")
    parser.add_argument("--set", metavar="NAME=VALUE", action="append", default=[], dest="overrides",
                        help="override one parameter, in units of ω_ref (repeatable), e.g. --set K=2e-5")
    parser.add_argument("--convention", choices=CONVENTIONS, default="exact", help="exact (default) or the spec's Kerr convention (ERRATA 3)")


def _overrides(items: list[str]) -> dict[str, float]:
    values = {}
    for item in items:
        name, sep, text = item.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            values[name.strip()] = float(text)
        except ValueError:
            raise ParameterError(f"--set expects NAME=VALUE with a number, got {item!r}") from None
    return values


def _point(args):
    from ..model.modelfile import load_model

    model = load_model(args.model)
    pset = model.parameter_set(args.parameters)
    values = model.values(pset.name, *args.scenarios, **_overrides(args.overrides))
    return model, pset.name, values


def _require_pair(model, command: str) -> None:
    """The linearized, Wigner and periodic summaries report a pair's measures: refuse clearly
    a model that names none (the master-equation route reports per mode and needs none)."""
    if len(model.synchronize) != 2:
        raise ModelFileError(
            f"model {model.name!r} names no pair of modes whose measures `{command}` reports: add "
            f"synchronize = [\"{model.network.mode_names[0]}\", \"...\"] (two of its modes {list(model.network.mode_names)}) "
            "to the model file, or use --method master"
        )


def run_simulate(args) -> str:
    from ..compiled.compiler import compile
    from ..numerics.trajectory import InitialState, simulate
    from .output import simulation_data, simulation_text

    model, set_name, values = _point(args)
    if args.method != "master":
        _require_pair(model, "simulate")
    compiled = compile(model, args.convention, args.scenarios)
    if args.method == "wigner":
        return run_simulate_wigner(args, model, set_name, values, compiled)
    if args.method == "master":
        from .master_output import master_simulate_data, master_text

        data = master_simulate_data(model, set_name, args.convention, values, model.synchronize, args.scenarios, args)
        return json.dumps(data, indent=2, ensure_ascii=False) if args.json else master_text(data)
    accuracy = Accuracy(rtol=args.rtol, atol=args.atol)
    trajectory = simulate(
        compiled, compiled.parameters(values), periods=args.periods, samples_per_period=args.samples_per_period,
        initial=InitialState(fluctuations=args.fluctuations), accuracy=accuracy, engine=args.engine,
        classify_periods=args.window,
    )
    trajectory.raise_failures()
    data = simulation_data(model, set_name, args.convention, values, trajectory, model.synchronize, args.scenarios)
    return json.dumps(data, indent=2, ensure_ascii=False) if args.json else simulation_text(data)


def run_simulate_wigner(args, model, set_name, values, compiled) -> str:
    from ..numerics.trajectory import InitialState, simulate
    from .output import wigner_data, wigner_text

    trajectory = simulate(
        compiled, compiled.parameters(values), periods=args.periods, samples_per_period=args.samples_per_period,
        initial=InitialState(fluctuations=args.fluctuations), classify_periods=args.window, method="wigner",
        trajectories=args.trajectories, seed=args.seed, steps_per_period=args.steps_per_period,
    )
    trajectory.raise_failures()
    data = wigner_data(model, set_name, args.convention, values, trajectory, model.synchronize, args.scenarios)
    return json.dumps(data, indent=2, ensure_ascii=False) if args.json else wigner_text(data)


def run_compare(args) -> str:
    from ..compiled.compiler import compile
    from ..numerics.routes import compare
    from .master_output import cutoffs as master_cutoffs

    model, set_name, values = _point(args)
    compiled = compile(model, args.convention, args.scenarios)
    result = compare(compiled, values, [m.strip() for m in args.methods.split(",") if m.strip()],
                     master_cutoffs(args.cutoff, compiled.modes), args.tolerance, args.trajectories, args.periods,
                     args.window, args.seed, args.brownian)
    if args.json:
        data = {"schema": "hybridsys.compare/1", "model": model.name, "parameter_set": set_name,
                "parameters": {k: float(v) for k, v in values.items()}, **result.to_data()}
        return json.dumps(data, indent=2, ensure_ascii=False)
    return f"{model.name} ({' + '.join([set_name, *args.scenarios])}): steady-state measures by route (± error)\n" + result.table()


def run_reproduce(args) -> str:
    from ..papers.reproduce import reproduce

    if args.resolution is not None and not 3 <= args.resolution <= MAX_RESOLUTION:
        raise ParameterError(f"--resolution must be 3 to {MAX_RESOLUTION} points per axis, got {args.resolution}")
    resolution = Resolution.fast() if args.fast else Resolution(points=args.resolution or Resolution().points)
    names = list(args.figures)
    paper = load_paper(names.pop(0) if names and names[0] in available_papers() else DEFAULT)
    summaries = reproduce(paper, names, Path(args.out), resolution, args.quiet)
    lines = []
    for s in summaries:
        lines.append(f"{s['figure']}: {s['seconds']:.1f} s -> {', '.join(s['files'])}")
        lines += [f"    {note}" for note in s["notes"]]
    lines += ["", f"Claims of {paper.name} (details and the choices they depend on: report.md)",
              paper.summary(summaries[-1]["report"])]
    return "\n".join(lines)


def run_steady(args) -> str:
    from ..compiled.compiler import compile
    from ..numerics.periodic import periodic_states
    from .master_output import master_steady_data, master_text
    from .output import periodic_data, periodic_text, steady_data, steady_text

    model, set_name, values = _point(args)
    if args.method == "master":
        data = master_steady_data(model, set_name, args.convention, values, model.synchronize, args.scenarios, args)
        return json.dumps(data, indent=2, ensure_ascii=False) if args.json else master_text(data)
    _require_pair(model, "steady")
    compiled = compile(model, args.convention, args.scenarios)
    if compiled.time_dependent or args.period is not None:
        states = periodic_states(compiled, compiled.parameters(values), period=args.period, samples=args.phases)
        data = periodic_data(model, set_name, args.convention, values, states, model.synchronize, args.scenarios)
        return json.dumps(data, indent=2, ensure_ascii=False) if args.json else periodic_text(data)
    if not math.isfinite(args.omega):
        raise ParameterError(f"--omega must be a finite frequency, got {args.omega}")
    data = steady_data(model, set_name, args.convention, values, model.synchronize, args.scenarios, omega=args.omega)
    return json.dumps(data, indent=2, ensure_ascii=False) if args.json else steady_text(data)


def _limits(items: list[str]) -> dict[str, tuple[float, float]]:
    box = {}
    for item in items:
        name, sep, text = item.partition("=")
        low, colon, high = text.partition(":")
        try:
            if not (sep and colon and name.strip()):
                raise ValueError
            box[name.strip()] = (float(low), float(high))
        except ValueError:
            raise ParameterError(f"--over expects NAME=LOW:HIGH with two numbers, got {item!r}") from None
    return box


def run_optimize(args) -> str:
    from ..model.modelfile import load_model
    from ..sweeps.optimize import optimize

    model = load_model(args.model)
    optimum = optimize(
        model, args.measure, _limits(args.over), regime=args.regime, quantity=args.quantity, maximize=not args.minimize,
        pair=args.pair.split(",") if args.pair else None, parameter_set=args.parameters, scenarios=args.scenarios,
        values=_overrides(args.overrides), convention=args.convention, grid=args.grid, starts=args.starts, rtol=args.rtol,
    )
    if args.json:
        data = {"schema": "hybridsys.optimize/1", "hybridsys_version": __version__, "model": model.name,
                "parameter_set": model.parameter_set(args.parameters).name, "scenarios": list(args.scenarios),
                "overrides": _overrides(args.overrides), "measure": args.measure, **optimum.to_data()}
        return json.dumps(data, indent=2, ensure_ascii=False)
    return f"{model.name}: {optimum}"


def run_show(args) -> str:
    from ..model.display import describe_network, network_data
    from ..model.modelfile import load_model
    from ..symbolic.derivation import derive
    from ..symbolic.display import derivation_data, derivation_text, header_data

    model = load_model(args.model)
    pset = model.parameter_set(args.parameters)
    derivation = derive(model, args.convention)
    sections = [s for s in SECTIONS if getattr(args, s)]
    if args.json:
        data = header_data(model, pset.name, args.convention)
        data.update(network_data(model.network, pset.values))
        data.update(derivation_data(derivation, sections))
        return json.dumps(data, indent=2, ensure_ascii=False)
    if sections:
        return derivation_text(derivation, sections, as_latex=args.latex)
    head = f"{model.name}: {model.description}\nparameter set {pset.name!r} (ω_ref = 2π × {pset.reference_hz:.6g} Hz): {pset.description}"
    scenarios = "".join(
        f"\n  {s.name}: {', '.join([*(f'{k} = {v:g}' for k, v in s.values.items()), *(f'{c} driven from {d}' for c, d in s.directions.items())])}"
        f"  ({s.description})"
        for s in model.scenarios.values()
    )
    return head + "\n\n" + describe_network(model.network, pset.values) + (f"\n\nScenarios (--scenario NAME){scenarios}" if scenarios else "")


#: The option that sets each argument a memory estimate can blame.
OPTIONS = {"trajectories": "--trajectories", "periods": "--periods"}


def _option(args, exc: ResourceError) -> str:
    """The command-line option behind a memory refusal, with its value: a figure's sizes
    all follow --resolution; otherwise the option of the blamed argument."""
    if args.command == "reproduce":
        return f"--resolution {args.resolution}" if args.resolution else f"the figures' default resolution ({exc.culprit})"
    option = OPTIONS.get(exc.argument)
    return f"{option} {getattr(args, exc.argument)}" if option else exc.culprit


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "models":
            from ..model.modelfile import available_models

            print("\n".join(available_models()))
        elif args.command == "show":
            print(run_show(args))
        elif args.command == "simulate":
            print(run_simulate(args))
        elif args.command == "compare":
            print(run_compare(args))
        elif args.command == "steady":
            print(run_steady(args))
        elif args.command == "reproduce":
            print(run_reproduce(args))
        elif args.command == "optimize":
            print(run_optimize(args))
    except ResourceError as exc:
        print(f"hybridsys: error: {_option(args, exc)}: {exc.message}", file=sys.stderr)
        return 2
    except HybridsysError as exc:
        print(f"hybridsys: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
