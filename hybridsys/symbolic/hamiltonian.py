"""The Hamiltonian (S2) of a network, term by term, as a normally ordered polynomial.

Ladder operators are represented by commuting symbols o and o†. For a normally
ordered polynomial H this is exact: [o, H] = ∂H/∂o†, so no operator algebra engine
is needed. For display, terms are turned back into ordered operator products.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import attrs
import sympy as sp

from ..model.operators import LadderContext, latex, text

if TYPE_CHECKING:
    from ..model.components import Component


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
