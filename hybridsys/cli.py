"""The ``hybridsys`` command line.

    hybridsys models                      list the ready-made models
    hybridsys show MODEL [options]        modes, couplings, parameters; derived objects

``--json`` output follows the schema ``hybridsys.show/1`` documented in the README.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import __version__
from .display import derivation_data, derivation_text, describe_network, header_data, network_data
from .errors import HybridsysError
from .hamiltonian import CONVENTIONS
from .modelfile import available_models, load_model

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
    return parser


def run_show(args) -> str:
    model = load_model(args.model)
    pset = model.parameter_set(args.parameters)
    derivation = model.derive(args.convention)
    sections = [s for s in SECTIONS if getattr(args, s)]
    if args.json:
        data = header_data(model, pset.name, args.convention)
        data.update(network_data(model.network, pset.values))
        data.update(derivation_data(derivation, sections))
        return json.dumps(data, indent=2, ensure_ascii=False)
    if sections:
        return derivation_text(derivation, sections, as_latex=args.latex)
    head = f"{model.name}: {model.description}\nparameter set {pset.name!r} (ω_ref = 2π × {pset.reference_hz:.6g} Hz): {pset.description}"
    return head + "\n\n" + describe_network(model.network, pset.values)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "models":
            print("\n".join(available_models()))
        elif args.command == "show":
            print(run_show(args))
    except HybridsysError as exc:
        print(f"hybridsys: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
