"""Generate numeric source code from sympy expressions.

Two layouts, same expressions:

* **batched** (:func:`generate`): arguments are arrays whose *last* axis indexes
  symbols (parameters, state, ...) and whose leading axes are the batch; the
  result is a new array with the batch axes first.
* **in place** (:func:`generate_in_place`): ``def name(p, y, out)`` reads ``p[k]``
  and writes ``out[k]``. With 1-d arrays it is scalar code that numba compiles
  into a per-point kernel; with arrays of shape (k, batch...) the same source
  evaluates a whole batch in numpy (symbol axis first).

Common subexpressions are eliminated once (sympy ``cse``), and only the symbols
actually used are read. The source is plain text, so it can be cached on disk and
re-created in a worker process without sympy.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter


class _Printer(NumPyPrinter):
    """numpy printer that writes floats with full precision."""

    def _print_Float(self, expr):
        return repr(float(expr))


def _body(name: str, arguments: Sequence[tuple[str, Sequence[sp.Symbol]]], exprs: Sequence[sp.Expr], index: str):
    """(lines reading the used symbols, cse lines, reduced expressions as text)."""
    printer = _Printer({"fully_qualified_modules": True, "allow_unknown_functions": False})
    exprs = [sp.sympify(e) for e in exprs]
    used = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
    names: dict[sp.Symbol, sp.Symbol] = {}
    reads: list[str] = []
    for arg, syms in arguments:
        for position, sym in enumerate(syms):
            if sym in used:
                local = sp.Symbol(f"{arg}_{position}")
                names[sym] = local
                reads.append(f"    {local} = {arg}[{index.format(position)}]  # {sym}")
    unknown = used - set(names)
    if unknown:
        raise ValueError(f"{name}: expressions use symbols that are not arguments: {sorted(map(str, unknown))}")
    replacements, reduced = sp.cse([e.xreplace(names) for e in exprs], symbols=sp.numbered_symbols("t"))
    common = [f"    {t} = {printer.doprint(e)}" for t, e in replacements]
    return reads, common, [printer.doprint(e) for e in reduced]


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
    keys = list(outputs)
    reads, common, values = _body(name, arguments, [outputs[k] for k in keys], "..., {}")
    broadcast = ", ".join(f"{arg}.shape[:-1]" for arg, _ in arguments)
    lines = [f"def {name}({', '.join(arg for arg, _ in arguments)}):"]
    if doc:
        lines.append(f"    {doc!r}")
    lines += reads + common
    lines.append(f"    out = numpy.zeros(numpy.broadcast_shapes({broadcast}) + {tuple(shape)!r})")
    for key, value in zip(keys, values):
        lines.append(f"    out[..., {', '.join(str(i) for i in key)}] = {value}")
    lines.append("    return out")
    return "\n".join(lines) + "\n"


def generate_in_place(
    name: str, arguments: Sequence[tuple[str, Sequence[sp.Symbol]]], outputs: Sequence[sp.Expr], doc: str = ""
) -> str:
    """Source of ``def name(*arguments, out)`` writing ``out[k] = outputs[k]``."""
    reads, common, values = _body(name, arguments, outputs, "{}")
    lines = [f"def {name}({', '.join(arg for arg, _ in arguments)}, out):"]
    if doc:
        lines.append(f"    {doc!r}")
    lines += reads + common
    lines += [f"    out[{k}] = {value}" for k, value in enumerate(values)]
    return "\n".join(lines) + "\n"


def output_count(source: str) -> int:
    """How many entries an in-place function of :func:`generate_in_place` writes (its
    ``out[k] = ...`` lines)."""
    return len(re.findall(r"^    out\[\d+\] = ", source, re.M))


def in_place_lanes(source: str, lanes: int, parameters_row: int, name: str = "flow_lanes") -> str:
    """An in-place ``f(p, y, out)`` of :func:`generate_in_place` (the state may be
    called ``y`` or ``x``) rewritten as ``name(z)``, which evaluates ``lanes`` points at
    once. One flat buffer ``z`` holds rows of ``lanes`` values (entry r of lane l at
    ``z[r * lanes + l]``): the state in rows [0, size), out in rows [size, 2 size), p
    from ``parameters_row`` on; the body is a loop over the lanes. All offsets are constants, so the compiler sees that the
    rows do not overlap and vectorizes the loop over lanes (numba tells LLVM nothing
    about separate arrays not aliasing)."""
    lines = source.rstrip("\n").split("\n")
    size = output_count(source)
    start = {"y": 0, "x": 0, "out": size, "p": parameters_row}
    row = lambda arg, k: f"z[{(start[arg] + int(k)) * lanes} + l]"  # noqa: E731
    doc = 2 if lines[1].startswith(("    '", '    "')) else 1
    body = [f"def {name}(z):", *lines[1:doc], f"    for l in range({lanes}):"]
    for line in lines[doc:]:
        line = re.sub(r"^    (\w+ = )(p|y|x)\[(\d+)\]", lambda m: f"    {m[1]}{row(m[2], m[3])}", line)
        line = re.sub(r"^    out\[(\d+)\]", lambda m: f"    {row('out', m[1])}", line)
        body.append("    " + line)
    return "\n".join(body) + "\n"


def generate_flow_products(
    arguments: Sequence[tuple[str, Sequence[sp.Symbol]]],
    mean_field: Sequence[sp.Expr],
    drift: Mapping[tuple[int, int], sp.Expr],
    diffusion: Mapping[int, sp.Expr],
    doc: str = "",
) -> str:
    """Source of ``def flow(p, y, out)`` for d/dt [mean fields, packed V] written with
    matrix products instead of one scalar expression per covariance entry: the mean
    field, the nonzero entries of A (``drift``, by (row, column)) and of packed D
    (``diffusion``, by packed index) as CSE'd scalar code, then
    ``covariance_rate(a, d, y, out)`` writes the packed A V + V Aᵀ + D. The generated
    text grows as the nonzeros of A, not as size²·(nonzeros per row), and so do code
    generation and compilation. ``covariance_rate`` here is numpy (for plain Python
    calls); the compiled integrator swaps in a loop over the nonzeros of A."""
    size = len(mean_field)
    keys = list(drift)
    packed = list(diffusion)
    reads, common, values = _body("flow", arguments, list(mean_field) + [drift[k] for k in keys] + [diffusion[k] for k in packed], "{}")
    rows = ", ".join(str(i) for i, _ in keys)
    cols = ", ".join(str(j) for _, j in keys)
    lines = [
        f"SIZE = {size}",
        f"A_ROWS = numpy.array([{rows}], dtype=numpy.int64)",
        f"A_COLS = numpy.array([{cols}], dtype=numpy.int64)",
        "PACKED_ROWS, PACKED_COLS = numpy.triu_indices(SIZE)",
        "",
        "",
        "def covariance_rate(a, d, y, out):",
        '    """Packed A V + V Aᵀ + D into out[SIZE:], A\'s nonzeros a at (A_ROWS, A_COLS)."""',
        "    A = numpy.zeros((SIZE, SIZE))",
        "    A[A_ROWS, A_COLS] = a",
        "    V = numpy.empty((SIZE, SIZE))",
        "    V[PACKED_ROWS, PACKED_COLS] = y[SIZE:]",
        "    V[PACKED_COLS, PACKED_ROWS] = y[SIZE:]",
        "    R = A @ V",
        "    out[SIZE:] = R[PACKED_ROWS, PACKED_COLS] + R[PACKED_COLS, PACKED_ROWS] + d",
        "",
        "",
        "def flow(p, y, out):",
    ]
    if doc:
        lines.append(f"    {doc!r}")
    lines += reads + common
    lines += [f"    out[{k}] = {value}" for k, value in enumerate(values[:size])]
    lines.append(f"    a = numpy.empty({len(keys)})")
    lines += [f"    a[{t}] = {value}" for t, value in enumerate(values[size : size + len(keys)])]
    lines.append(f"    d = numpy.zeros({size * (size + 1) // 2})")
    lines += [f"    d[{k}] = {value}" for k, value in zip(packed, values[size + len(keys) :])]
    lines.append("    covariance_rate(a, d, y, out)")
    return "\n".join(lines) + "\n"


def load(source: str, name: str, filename: str = "<hybridsys-generated>"):
    """Compile ``source`` and return its function ``name`` (namespace: numpy only)."""
    namespace: dict = {"numpy": np}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace[name]
