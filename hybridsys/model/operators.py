"""Ladder operators as a component sees them, and how their polynomials print.

Ladder operators are represented by commuting symbols o and o†; for a normally
ordered polynomial this is exact (see :mod:`hybridsys.symbolic.hamiltonian`). A
component writes its terms in the symbols a :class:`LadderContext` hands out;
:func:`latex` and :func:`text` turn such polynomials back into ordered operator
products for display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

import attrs
import sympy as sp

from ..errors import NetworkError
from . import symbols
from .conventions import CONVENTIONS

if TYPE_CHECKING:
    from .modes import Mode
    from .ports import Port


@attrs.frozen
class LadderContext:
    """What a component needs to write its terms: ladder symbols, the modes and the
    ports by name (:mod:`hybridsys.model.ports`; a cascade reads their rates).

    ``convention`` is ``"exact"`` (default: every normal-ordering term kept) or
    ``"spec"`` (the spec's equations, which drop the Kerr term's -iKo, ERRATA 3).
    """

    modes: Mapping[str, Mode]
    convention: str = attrs.field(default="exact")
    ports: Mapping[str, Port] = attrs.field(factory=dict, kw_only=True)

    @convention.validator
    def _known(self, attribute, value):
        if value not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {value!r}")

    def mode(self, name: str) -> Mode:
        try:
            return self.modes[name]
        except KeyError:
            raise NetworkError(f"unknown mode {name!r}; the modes are {list(self.modes)}") from None

    def lowering(self, name: str) -> sp.Symbol:
        return symbols.lowering(self.mode(name).name)

    def raising(self, name: str) -> sp.Symbol:
        return symbols.raising(self.mode(name).name)


def operator_form(expr: sp.Expr) -> sp.Expr:
    """Rewrite a polynomial in commuting ladder/fluctuation symbols as a sum of
    normally ordered operator products (noncommutative symbols) for display."""
    expr = sp.expand(expr)
    display = {}
    for sym in expr.free_symbols:
        if isinstance(sym, (symbols.Lowering, symbols.Raising, symbols.Fluctuation, symbols.Noise)):
            display[sym] = sp.Symbol(symbols.display_name(sym), commutative=False)
    if not display:
        return expr
    # creation operators (names ending in †) first: normal order
    order = {sym: (not sym.name.endswith("†"), sym.name) for sym in display.values()}
    terms = []
    for term in sp.Add.make_args(expr):
        coeff, factors = sp.Integer(1), []
        for factor in sp.Mul.make_args(term):
            base, exp = factor.as_base_exp()
            if base in display:
                factors.extend([base] * int(exp))
            else:
                coeff *= factor
        ordered = sorted((display[f] for f in factors), key=order.__getitem__)
        terms.append(coeff * sp.Mul(*ordered))
    return sp.Add(*terms)


def latex(expr: sp.Expr) -> str:
    """LaTeX of a derivation expression, with operators shown as a, a^\\dagger, δa, ..."""
    names = {sp.Symbol(symbols.display_name(s), commutative=False): s._latex(None) for s in _named(expr)}
    return sp.latex(operator_form(expr), symbol_names=names)


def text(expr: sp.Expr) -> str:
    """Plain text of a derivation expression (a†, <a>, δa, ...)."""
    out = operator_form(expr)
    names = {s: sp.Symbol(symbols.display_name(s)) for s in out.free_symbols if isinstance(s, symbols._Named)}
    return sp.sstr(out.xreplace(names))


def aligned(rows: list[str]) -> str:
    """LaTeX ``aligned`` block of equation rows (``lhs &= rhs``), in $...$."""
    return "$\\begin{aligned}" + r" \\ ".join(rows) + "\\end{aligned}$"


def _named(expr: sp.Expr) -> set:
    return {s for s in sp.sympify(expr).free_symbols if isinstance(s, symbols._Named)}
