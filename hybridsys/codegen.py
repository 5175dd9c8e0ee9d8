"""Generate batched numpy source code from sympy expressions.

One generated function evaluates a whole batch at once: its arguments are arrays
whose *last* axis indexes symbols (parameters, state, ...) and whose leading axes
are the batch; the result has the batch axes first. Common subexpressions are
eliminated once (sympy ``cse``), and only the symbols actually used are read.
The source is plain text, so it can be cached on disk and re-created in a worker
process without sympy.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter


class _Printer(NumPyPrinter):
    """numpy printer that writes floats with full precision."""

    def _print_Float(self, expr):
        return repr(float(expr))


def generate(
    name: str,
    arguments: Sequence[tuple[str, Sequence[sp.Symbol]]],
    outputs: Mapping[tuple[int, ...], sp.Expr],
    shape: tuple[int, ...],
    doc: str = "",
) -> str:
    """Source of ``def name(*arguments)`` returning an array of shape batch + ``shape``.

    ``outputs`` maps an index into ``shape`` to its expression; other entries are 0.
    """
    printer = _Printer({"fully_qualified_modules": True, "allow_unknown_functions": False})
    names: dict[sp.Symbol, sp.Symbol] = {}
    reads: list[str] = []
    used = set().union(*(sp.sympify(e).free_symbols for e in outputs.values())) if outputs else set()
    for arg, syms in arguments:
        for position, sym in enumerate(syms):
            if sym in used:
                local = sp.Symbol(f"{arg}_{position}")
                names[sym] = local
                reads.append(f"    {local} = {arg}[..., {position}]  # {sym}")
    unknown = used - set(names)
    if unknown:
        raise ValueError(f"{name}: expressions use symbols that are not arguments: {sorted(map(str, unknown))}")
    keys = list(outputs)
    replacements, reduced = sp.cse([sp.sympify(outputs[k]).xreplace(names) for k in keys], symbols=sp.numbered_symbols("t"))
    broadcast = ", ".join(f"{arg}.shape[:-1]" for arg, _ in arguments)
    lines = [f"def {name}({', '.join(arg for arg, _ in arguments)}):"]
    if doc:
        lines.append(f"    {doc!r}")
    lines += reads
    lines += [f"    {t} = {printer.doprint(e)}" for t, e in replacements]
    lines.append(f"    out = numpy.zeros(numpy.broadcast_shapes({broadcast}) + {tuple(shape)!r})")
    for key, expr in zip(keys, reduced):
        index = ", ".join(str(i) for i in key)
        lines.append(f"    out[..., {index}] = {printer.doprint(expr)}")
    lines.append("    return out")
    return "\n".join(lines) + "\n"


def load(source: str, name: str, filename: str = "<hybridsys-generated>"):
    """Compile ``source`` and return its function ``name`` (namespace: numpy only)."""
    namespace: dict = {"numpy": np}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace[name]
