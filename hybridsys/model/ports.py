"""External ports of modes: where a probe enters and an output field leaves.

A port is a share of a mode's damping (docs/physics.md, "Ports and scattering"). A mode
with amplitude damping κ (ȯ ∋ −κ o, linewidth 2κ) may carry ports p with rates κ_p
(same amplitude convention), Σ_p κ_p ≤ κ; the rest, κ − Σ_p κ_p, is internal loss. Each
port brings its own input o_in,p, and the mode's noise splits accordingly:

    ȯ ∋ −κ o + Σ_p √(2κ_p) o_in,p + √(2(κ − Σ_p κ_p)) o_in,loss,
    o_out,p = √(2κ_p) o − o_in,p                                      (input-output)

(the convention of :mod:`hybridsys.measures.spectra`). A port adds no term to the
Hamiltonian nor to the equations of motion: the mode's damping and its bath (one
occupation for the whole damping) already hold the port's share; the port only names it,
so that :mod:`hybridsys.measures.scattering` can compute S(ω) between ports. The ports'
inputs are taken in the state of the mode's bath. A port needs the symmetric damping model
(:mod:`hybridsys.model.baths`), the one input-output theory is written for.

Every component may declare ports (:meth:`Component.port_channels`) as :class:`PortChannel`
records, the bath channel a probe enters by and the one its output leaves by (SLH: each
channel is a port); a :class:`Port` is the case of one mode's share, L = √(2κ_e) o, in and
out, and a waveguide's ends (:mod:`hybridsys.model.waveguide`) take in one traveling wave
and give out the other. Port names are unique across all of them.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import attrs
import sympy as sp

from ..errors import NetworkError
from .components import Component, parameter
from .couplings import Coupling
from .modes import Mode
from .operators import LadderContext
from .symbols import IDENTIFIER


def _port_name(instance, attribute, value):
    if not isinstance(value, str) or not IDENTIFIER.match(value):
        raise NetworkError(f"Port: port name {value!r} must be an identifier like 'in' or 'left'")


@attrs.frozen
class Port(Coupling):
    """A named external port of ``mode`` with rate κ_e, its share of the mode's amplitude
    damping κ (Σ κ_e ≤ κ over the mode's ports). Output convention o_out = √(2κ_e) o − o_in.

    ``Port("a", "left", rate="kappa_L")``; the rate defaults to the symbol ``kappa_{mode}_{name}``.
    It stamps no Hamiltonian term (a self-loop in the network graph, like a drive).
    """

    type_name = "port"
    roles = {"mode": Mode}
    mode: str
    name: str = attrs.field(validator=_port_name)
    rate: sp.Expr = parameter("port rate κ_e, its share of the mode's amplitude damping", "rate", "kappa_{mode}_{name}")

    @property
    def label(self) -> str:
        return f"Port({self.mode}, {self.name})"

    def hamiltonian(self, ctx) -> sp.Expr:
        ctx.mode(self.mode)
        return sp.Integer(0)

    def port_channels(self, ctx) -> tuple[PortChannel, ...]:
        """In and out by the port's share of the mode's damping, L = √(2κ_e) o."""
        jump = sp.sqrt(2 * self.rate) * ctx.lowering(self.mode)
        return (PortChannel(self.name, self.name, jump, self.name, jump, self.mode),)

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        """The mode exists and is damped symmetrically (−κ o + √(2κ) o_in)."""
        super().check_modes(modes)
        rule = modes[self.mode].damping_rule
        if rule.name != "symmetric":
            raise NetworkError(
                f"{self.label}: mode {self.mode!r} has damping_model = {rule.name!r}; a port needs the symmetric "
                "model (−κ o + √(2κ) o_in), for which input-output theory o_out = √(2κ_e) o − o_in holds"
            )


@attrs.frozen
class PortChannel:
    """An external port as SLH sees it (every bath channel is a port, o_out = L − o_in in our
    sign): the probe enters by the channel ``input`` (a key naming it) with Lindblad operator
    ``input_jump``, and the output leaves by the channel ``output`` with ``output_jump``
    (linear in the ladder symbols, the rate's √(2Γ) included). A port on one mode enters
    and leaves by the same channel, L = √(2κ_p) o; a waveguide's end takes in the wave that
    moves away from it and gives out the one that arrives (:mod:`hybridsys.model.waveguide`).
    ``mode`` is the port's mode where it is one mode's share, else None."""

    name: str
    input: str
    input_jump: sp.Expr
    output: str
    output_jump: sp.Expr
    mode: str | None = None


def ports_of(components: Iterable[Component]) -> tuple[Port, ...]:
    """The single-mode ports among ``components``, in order."""
    return tuple(c for c in components if isinstance(c, Port))


def port_channels_of(components: Iterable[Component], ctx) -> tuple[PortChannel, ...]:
    """Every port the components declare (:meth:`Component.port_channels`), in order: the
    order of S(ω)'s rows and columns."""
    return tuple(port for c in components for port in c.port_channels(ctx))


#: Relative rounding allowed in Σ_p κ_p ≤ κ: ports that take the whole damping (a lossless
#: mode) written as floats, 0.8 + 0.2 against 1.0, may sum a few ulps above it.
ROUNDING = 1e-12


def spare_damping(mode: Mode, ports: Sequence[Port]) -> sp.Expr:
    """κ(1 + :data:`ROUNDING`) − Σ_p κ_p: the mode's internal loss rate (up to rounding),
    which must be >= 0."""
    return sp.expand(mode.damping * (1 + sp.Float(ROUNDING)) - sp.Add(*(p.rate for p in ports)))


def _show(expr: sp.Expr) -> str:
    return f"{float(expr):g}" if expr.is_number else sp.sstr(expr)


def _where(mode: Mode, ports: Sequence[Port]) -> str:
    return (f"mode {mode.name!r}: its damping {_show(mode.damping)} less the rates of its ports "
            f"{', '.join(p.label for p in ports)} (the ports' rates may not exceed the mode's damping)")


def check_ports(modes: Mapping[str, Mode], components: Iterable[Component]) -> None:
    """Port names are unique in the network, and where a mode's damping and its ports'
    rates are numbers, the rates sum to at most the damping (else a NetworkError naming
    the mode and its ports); other cases are checked per parameter point
    (:func:`port_constraints`)."""
    components = tuple(components)
    seen: dict[str, Component] = {}
    for component in components:
        for name in component_port_names(component):
            if name in seen:
                raise NetworkError(f"duplicate port name {name!r}: {seen[name].label} and {component.label}; "
                                   "port names must be unique in the network")
            seen[name] = component
    for mode, ports in _by_mode(modes, ports_of(components)):
        spare = spare_damping(mode, ports)
        if spare.is_number and spare < 0:
            rates = " + ".join(f"{_show(p.rate)} ({p.label})" for p in ports)
            raise NetworkError(
                f"mode {mode.name!r}: the rates of its ports, {rates}, exceed its damping {_show(mode.damping)}; "
                "a port's rate is its share of the mode's amplitude damping κ, and the shares sum to at most κ"
            )


def component_port_names(component: Component) -> tuple[str, ...]:
    """The names of the ports ``component`` declares (outside a network: its stand-in modes)."""
    return tuple(port.name for port in component.port_channels(LadderContext(component.stand_in_modes())))


def _by_mode(modes: Mapping[str, Mode], ports: Iterable[Port]):
    grouped: dict[str, list[Port]] = {}
    for port in ports:
        grouped.setdefault(port.mode, []).append(port)
    return [(modes[name], group) for name, group in grouped.items() if name in modes]


def port_constraints(network) -> list[tuple[str, str, sp.Expr]]:
    """(where, "rate", κ − Σ κ_p) for every mode whose ports' rates are not all numbers:
    compiled with the other constraints and checked >= 0 at every parameter point."""
    modes = {m.name: m for m in network.modes}
    return [
        (_where(mode, ports), "rate", spare)
        for mode, ports in _by_mode(modes, ports_of(network.components))
        if not (spare := spare_damping(mode, ports)).is_number
    ]
