"""The Hamiltonian (S2) of a network, term by term, as a normally ordered polynomial.

Ladder operators are represented by commuting symbols o and o†. For a normally
ordered polynomial H this is exact: [o, H] = ∂H/∂o†, so no operator algebra engine
is needed. For display, terms are turned back into ordered operator products.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping

import attrs
import sympy as sp

from . import symbols
from .errors import NetworkError

if TYPE_CHECKING:
    from .components import Component
    from .modes import Mode

CONVENTIONS = ("exact", "spec")


@attrs.frozen
class LadderContext:
    """What a component needs to write its terms: ladder symbols and the modes.

    ``convention`` is ``"exact"`` (default: every normal-ordering term kept) or
    ``"spec"`` (the spec's equations, which drop the Kerr term's -iKo, ERRATA 3).
    """

    modes: Mapping[str, Mode]
    convention: str = attrs.field(default="exact")

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


@attrs.frozen
class Hamiltonian:
    """H = Σ_c H_c, one normally ordered term per component (S2)."""

    terms: tuple[tuple[str, sp.Expr], ...]
    context: LadderContext

    @classmethod
    def of(cls, components: Iterable[Component], context: LadderContext) -> "Hamiltonian":
        return cls(tuple((c.label, sp.expand(c.hamiltonian(context))) for c in components), context)

    @property
    def expr(self) -> sp.Expr:
        """The whole Hamiltonian in commuting (normally ordered) ladder symbols."""
        return sp.Add(*(term for _, term in self.terms))

    def term(self, label: str) -> sp.Expr:
        """The terms contributed by the component called ``label``."""
        for name, term in self.terms:
            if name == label:
                return term
        raise KeyError(f"no component {label!r} in this Hamiltonian; components: {[n for n, _ in self.terms]}")

    def __str__(self) -> str:
        return "H = " + text(self.expr)

    def _repr_latex_(self) -> str:
        return f"$H = {latex(self.expr)}$"
