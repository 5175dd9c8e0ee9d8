"""What every component (mode or coupling) shares: parameters and a Hamiltonian.

A component is a small frozen attrs class. Its parameter fields are declared with
:func:`parameter`, which records the meaning and the kind of quantity (see
:mod:`hybridsys.model.units`). A field left out gets a symbol with a clear default name
(``kappa_a``, ``g_m``, ...); a number stays a number; a string is parsed safely
into a sympy expression. Each component contributes its own Hamiltonian terms
through :meth:`Component.hamiltonian`; the derivation sums them and knows nothing
about particular components (the lcapy pattern).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs
import sympy as sp

from ..errors import ParameterError
from .display import component_latex
from .symbols import as_expression, depends_on_time, expression_to_data
from .units import check_value

if TYPE_CHECKING:
    from .modes import Mode
    from .operators import LadderContext


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


#: Quantities that set the baths (the diffusion matrix) and the zero-point scale: never
#: functions of time.
STATIC_QUANTITIES = ("rate", "occupation", "mass", "squeezing")


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
    _defaulted: frozenset = attrs.field(init=False, default=frozenset(), eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        names = {f.name: getattr(self, f.name) for f in self.declared_fields() if not f.metadata.get("parameter")}
        defaulted = set()
        for f in self.parameter_fields():
            value = getattr(self, f.name)
            if value is None:
                default = f.metadata["default"]
                value = default.format(**names) if isinstance(default, str) else default
                defaulted.add(f.name)
            where = f"{self.label}.{f.name}"
            quantity = f.metadata["quantity"]
            expr = as_expression(value, where, positive=quantity == "mass")
            if quantity in STATIC_QUANTITIES and depends_on_time(expr):
                raise ParameterError(
                    f"{where}: a {quantity} cannot depend on time t (got {expr}); time may enter drives, "
                    "detunings, frequencies, couplings and Kerr strengths, not the baths"
                )
            if expr.is_number:
                if not (expr.is_real and expr.is_finite):
                    raise ParameterError(f"{where}: {expr} is not a finite real number")
                check_value(where, quantity, int(expr) if expr.is_Integer else float(expr))
            elif quantity != "amplitude" and expr.has(sp.I) and sp.im(expr) != 0:
                raise ParameterError(f"{where}: a {quantity} must be real, got {expr}")
            object.__setattr__(self, f.name, expr)
        object.__setattr__(self, "_defaulted", frozenset(defaulted))

    @classmethod
    def declared_fields(cls) -> list[attrs.Attribute]:
        """The fields a user declares (everything but internal bookkeeping)."""
        return [f for f in attrs.fields(cls) if f.init]

    @classmethod
    def parameter_fields(cls) -> list[attrs.Attribute]:
        return [f for f in attrs.fields(cls) if f.metadata.get("parameter")]

    def is_default(self, field: str) -> bool:
        """Whether ``field`` was left out and took its default name or value."""
        return field in self._defaulted

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

    def time_dependence(self) -> tuple[str, ...]:
        """The fields whose expressions depend on time t (empty for a static component)."""
        return tuple(info.field for info in self.parameters() if depends_on_time(info.expression))

    def settings(self) -> dict[str, str]:
        """Fields listings show beside the parameters (a generic term's Hamiltonian text)."""
        return {}

    def hamiltonian(self, ctx: LadderContext) -> sp.Expr:
        """This component's normally ordered Hamiltonian terms, in ``ctx``'s ladder symbols."""
        raise NotImplementedError

    def dissipators(self, ctx: LadderContext) -> tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]:
        """Lindblad terms (w, L, K) this component adds to the master equation, each
        w·(L ρ K† − ½{K† L, ρ}) with L, K normally ordered polynomials in ``ctx``'s
        ladder symbols; (w, L, L) is w·D[L]. None by default."""
        return ()

    def port_channels(self, ctx: LadderContext) -> tuple:
        """The external ports this component declares, each a
        :class:`~hybridsys.model.ports.PortChannel` (the bath channel a probe enters by
        and the one its output leaves by). None by default."""
        return ()

    def stand_in_modes(self) -> dict[str, "Mode"]:
        """Modes to write this component's terms with outside a network (its own
        mode, for a mode; default modes of the kinds its roles require, for a coupling)."""
        raise NotImplementedError

    def _repr_latex_(self) -> str:
        """Its Hamiltonian terms, for Jupyter (modes it couples stand in with their
        default fields: in a network the terms use that network's modes)."""
        return component_latex(self)

    def to_data(self) -> dict:
        """A plain dict (model-file form): ``type`` and every field, numbers as numbers."""
        data: dict = {"type": self.type_name}
        for f in self.declared_fields():
            value = getattr(self, f.name)
            data[f.name] = expression_to_data(value, f"{self.label}.{f.name}") if f.metadata.get("parameter") else value
        return data
