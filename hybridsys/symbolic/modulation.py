"""How a model depends on time t: the modulation frequencies of its mean-field
equations, and the terms that are not periodic.

A term is periodic when t enters only through cos(ω t + φ), sin(ω t + φ) or
exp(i(ω t + φ)) with ω free of t (a number or an expression of parameters); the
model's period is then the common period of its frequencies (found numerically,
per parameter point, by :mod:`hybridsys.numerics.periodic`). Anything else (``g*t``,
``cos(t**2)``, ``exp(-g*t)``) is not periodic and is listed with the expression.
"""

from __future__ import annotations

import attrs
import sympy as sp

from ..model.symbols import TIME


@attrs.frozen
class Modulation:
    """``frequencies``: the distinct ω of every periodic function of t (sympy
    expressions of parameters); ``aperiodic``: the terms of the mean field in which t
    enters otherwise, as text."""

    frequencies: tuple[sp.Expr, ...]
    aperiodic: tuple[str, ...]


def _frequency(function: sp.Function) -> sp.Expr | None:
    """ω of cos/sin(ω t + φ) or exp(i(ω t + φ)); None if the function is not periodic in t."""
    argument = sp.expand(function.args[0])
    if not argument.is_polynomial(TIME) or sp.degree(argument, TIME) != 1:
        return None
    omega = argument.coeff(TIME, 1)
    if omega.has(TIME):
        return None
    if isinstance(function, sp.exp):
        omega = sp.expand(omega / sp.I)
        if omega.is_real is not True:
            return None
    return omega


def modulation(expressions) -> Modulation:
    """The modulation frequencies and aperiodic terms of ``expressions`` (the mean-field
    vector field: the drift and the flow contain the same functions of t)."""
    frequencies: list[sp.Expr] = []
    aperiodic: list[str] = []
    for expr in expressions:
        expr = sp.expand(expr)
        if not expr.has(TIME):
            continue
        replaced = {}
        for function in expr.atoms(sp.cos, sp.sin, sp.exp):
            if function.has(TIME):
                omega = _frequency(function)
                if omega is not None:
                    replaced[function] = sp.Dummy()
                    if omega != 0 and all(sp.simplify(omega - w) != 0 and sp.simplify(omega + w) != 0 for w in frequencies):
                        frequencies.append(omega)
        rest = expr.xreplace(replaced)
        aperiodic += [str(term.xreplace({v: k for k, v in replaced.items()}))
                      for term in sp.Add.make_args(sp.expand(rest)) if term.has(TIME)]
    return Modulation(tuple(frequencies), tuple(dict.fromkeys(aperiodic)))
