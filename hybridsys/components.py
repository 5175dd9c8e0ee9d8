"""What every component (mode or coupling) shares: parameters and a Hamiltonian.

A component is a small frozen attrs class. Its parameter fields are declared with
:func:`parameter`, which records the meaning and the kind of quantity (see
:mod:`hybridsys.units`). A field left out gets a symbol with a clear default name
(``kappa_a``, ``g_m``, ...); a number stays a number; a string is parsed safely
into a sympy expression. Each component contributes its own Hamiltonian terms
through :meth:`Component.hamiltonian`; the derivation sums them and knows nothing
about particular components (the lcapy pattern).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs
import sympy as sp

from .symbols import as_expression, expression_to_data
from .units import check_value

if TYPE_CHECKING:
    from .hamiltonian import LadderContext


def parameter(meaning: str, quantity: str, default: str | int | float):
    """Declare a parameter field.

    ``default`` is a symbol-name template (``"kappa_{name}"``, formatted with the
    component's mode-name fields) or a number used when the field is left out.
    """
    return attrs.field(
        default=None,
        kw_only=True,
        metadata={"parameter": True, "meaning": meaning, "quantity": quantity, "default": default},
    )


@attrs.define(frozen=True)
class ParameterInfo:
    """A parameter field of a component: what it means and in which unit."""

    field: str
    expression: sp.Expr
    meaning: str
    quantity: str


@attrs.frozen
class Component:
    """Base of modes and couplings."""

    #: Name of the component type in model files (``"cavity"``, ``"kerr"``, ...).
    type_name: ClassVar[str] = ""

    def __attrs_post_init__(self) -> None:
        names = {f.name: getattr(self, f.name) for f in attrs.fields(type(self)) if not f.metadata.get("parameter")}
        for f in self.parameter_fields():
            value = getattr(self, f.name)
            if value is None:
                default = f.metadata["default"]
                value = default.format(**names) if isinstance(default, str) else default
            where = f"{self.label}.{f.name}"
            expr = as_expression(value, where)
            if expr.is_number and expr.is_real:
                check_value(where, f.metadata["quantity"], float(expr))
            object.__setattr__(self, f.name, expr)

    @classmethod
    def parameter_fields(cls) -> list[attrs.Attribute]:
        return [f for f in attrs.fields(cls) if f.metadata.get("parameter")]

    @property
    def label(self) -> str:
        """A unique, readable name: the mode name, or ``Type(mode, ...)`` for couplings."""
        raise NotImplementedError

    def mode_names(self) -> tuple[str, ...]:
        """The names of the modes this component acts on."""
        raise NotImplementedError

    def parameters(self) -> tuple[ParameterInfo, ...]:
        """Every parameter field with its current expression, meaning and quantity."""
        return tuple(
            ParameterInfo(f.name, getattr(self, f.name), f.metadata["meaning"], f.metadata["quantity"])
            for f in self.parameter_fields()
        )

    def hamiltonian(self, ctx: LadderContext) -> sp.Expr:
        """This component's normally ordered Hamiltonian terms, in ``ctx``'s ladder symbols."""
        raise NotImplementedError

    def to_data(self) -> dict:
        """A plain dict (model-file form): ``type`` and every field, numbers as numbers."""
        data: dict = {"type": self.type_name}
        for f in attrs.fields(type(self)):
            value = getattr(self, f.name)
            data[f.name] = expression_to_data(value) if f.metadata.get("parameter") else value
        return data
