"""A cascade: one port's output drives another port's input, with no back-action.

Gardiner, PRL 70, 2269 (1993); Carmichael, PRL 70, 2273 (1993); the SLH series product
(Gough & James). Port 1 (rate κ_1) on mode o_1 is the source, port 2 (rate κ_2) on mode
o_2 the target; a fraction η of the source's output reaches the target, with a
propagation phase φ. In the Langevin picture the target port's input becomes

    o_in,2 = √η e^{iφ} o_out,1 + √(1 − η) v,      o_out,1 = √(2κ_1) o_1 − o_in,1,

v the rest of the target port's input (its bath's state), so that

    ȯ_2 ∋ 2√(η κ_1 κ_2) e^{iφ} o_1 − √(2κ_2 η) e^{iφ} o_in,1 + √(2κ_2(1 − η)) v,    ȯ_1 unchanged.

In quadratures (R(φ) the rotation [[cos φ, −sin φ], [sin φ, cos φ]], thermal baths n̄_1, n̄_2):
A_21 += 2√(η κ_1 κ_2) R(φ); D_21 = D_12ᵀ += −2√(η κ_1 κ_2) (n̄_1 + ½) R(φ);
D_22 += 2κ_2 η (n̄_1 − n̄_2) I.

As a master equation (our output convention o_out = √(2κ) o − o_in is the SLH one,
b_out = b_in + L, with b_in = −o_in: the SLH link phase is φ + π), with L_1 = √(2κ_1) o_1,
L_2 = √(2κ_2) o_2 and L_c = L_2 − √η e^{iφ} L_1:

    H_c = (i/2)(√η e^{iφ} L_2† L_1 − √η e^{−iφ} L_1† L_2) = i√(η κ_1 κ_2)(e^{iφ} o_2† o_1 − e^{−iφ} o_1† o_2),
    (n̄_1 + 1) D[L_c] + n̄_1 D[L_c†]
    − η ((n̄_1 + 1) D[L_1] + n̄_1 D[L_1†]) − ((n̄_2 + 1) D[L_2] + n̄_2 D[L_2†])
    + (1 − η)(n̄_2 − n̄_1)(D[L_2] + D[L_2†]).

The subtracted terms are what the modes' own damping already holds (the ports' shares of
it), so that the two ports' channels become the cascaded one. :meth:`Cascade.hamiltonian`
stamps H_c; :meth:`Cascade.dissipators` returns the Lindblad terms, from which the
derivation (:mod:`hybridsys.symbolic.dissipation`) takes the one-way drift and the cross
terms of D like any other component's.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import attrs
import networkx as nx
import sympy as sp

from ..errors import NetworkError, ParameterError
from . import symbols
from .components import Component, parameter
from .couplings import Coupling
from .modes import Cavity, Mode
from .normal_order import dagger
from .ports import Port, ports_of

_PORT_REFERENCE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$")


def _port_reference(instance, attribute, value):
    if not isinstance(value, str) or not _PORT_REFERENCE.match(value):
        raise NetworkError(f"Cascade: {attribute.name} must name a port as 'mode.port' (e.g. 'a.out'), got {value!r}")


def _thermal_channel(jump: sp.Expr, emission: sp.Expr, absorption: sp.Expr, modes) -> tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]:
    """``emission``·D[jump] + ``absorption``·D[jump†] as Lindblad terms (w, L, K) of
    :meth:`~hybridsys.model.components.Component.dissipators` (zero weights left out);
    negative weights remove what the modes' own damping already stamps."""
    raised = dagger(jump, modes)
    return tuple((sp.expand(w), L, L) for w, L in ((emission, jump), (absorption, raised)) if sp.expand(w) != 0)


@attrs.frozen
class Cascade(Coupling):
    """The output of port ``source`` drives the input of port ``target`` (both written
    'mode.port'), with efficiency η and propagation phase φ: o_in,target = √η e^{iφ}
    o_out,source + √(1 − η) v, and no back-action (module docstring)."""

    type_name = "cascade"
    source: str = attrs.field(validator=_port_reference)
    target: str = attrs.field(validator=_port_reference)
    efficiency: sp.Expr = parameter("efficiency η: the fraction of the source's output power reaching the target",
                                    "efficiency", 1)
    phase: sp.Expr = parameter("propagation phase φ of the link (radians)", "dimensionless", 0)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.efficiency.is_number and self.efficiency > 1:
            raise ParameterError(f"{self.label}.efficiency: η = {self.efficiency} must be at most 1")
        if self.mode_names()[0] == self.mode_names()[1]:
            raise NetworkError(f"{self.label}: a cascade must link two different modes, not mode "
                               f"{self.mode_names()[0]!r} to itself (no back-action would be undefined)")

    @property
    def label(self) -> str:
        return f"Cascade({self.source} -> {self.target})"

    def ends(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """((source mode, source port), (target mode, target port))."""
        return tuple(tuple(_PORT_REFERENCE.match(end).groups()) for end in (self.source, self.target))

    def mode_names(self) -> tuple[str, ...]:
        return tuple(mode for mode, _ in self.ends())

    def stand_in_modes(self) -> dict[str, Mode]:
        return {name: Cavity(name) for name in self.mode_names()}

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        """Both modes exist and are damped symmetrically with unsqueezed baths."""
        for name in self.mode_names():
            if name not in modes:
                raise NetworkError(f"{self.label}: {name!r} is not a mode of the network; the modes are {list(modes)}")
            mode = modes[name]
            if mode.damping_rule.name != "symmetric" or mode.squeezing != 0:
                raise NetworkError(f"{self.label}: mode {name!r} must have symmetric damping and an unsqueezed bath")

    def _rates(self, ctx) -> tuple[sp.Expr, sp.Expr]:
        """κ_1, κ_2: the ports' rates from ``ctx.ports`` (their default symbols outside a network)."""
        ports = getattr(ctx, "ports", {})
        return tuple(ports[name].rate if name in ports else Port(mode, name).rate for mode, name in self.ends())

    def hamiltonian(self, ctx) -> sp.Expr:
        """H_c = i√(η κ_1 κ_2)(e^{iφ} o_2† o_1 − e^{−iφ} o_1† o_2)."""
        (first, _), (second, _) = self.ends()
        k1, k2 = self._rates(ctx)
        strength = sp.sqrt(self.efficiency) * sp.sqrt(k1) * sp.sqrt(k2)  # real: η, κ_1, κ_2 >= 0 at every point
        return sp.I * strength * (sp.exp(sp.I * self.phase) * ctx.raising(second) * ctx.lowering(first)
                                  - sp.exp(-sp.I * self.phase) * ctx.raising(first) * ctx.lowering(second))

    def langevin_noise(self, ctx) -> dict[str, sp.Expr]:
        """ȯ_2 ∋ −√(2κ_2 η) e^{iφ} o_in,1: the source's input, reflected into its output,
        reaches the target (module docstring). In the listing o_in,1 is the source mode's
        input o_in (a mode's baths are not split there), and the target's own input stands
        for the rest of what enters it, √(1 − η) v included; D holds the exact statistics."""
        (first, _), (second, _) = self.ends()
        _, k2 = self._rates(ctx)
        return {second: -sp.sqrt(2 * k2 * self.efficiency) * sp.exp(sp.I * self.phase) * symbols.noise(first)}

    def dissipators(self, ctx) -> tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]:
        """The Lindblad terms of the module docstring, as (w, L, K) (zero weights left out)."""
        (first, _), (second, _) = self.ends()
        k1, k2 = self._rates(ctx)
        n1, n2 = ctx.mode(first).occupation, ctx.mode(second).occupation
        eta = self.efficiency
        l1, l2 = sp.sqrt(2 * k1) * ctx.lowering(first), sp.sqrt(2 * k2) * ctx.lowering(second)
        cascaded = l2 - sp.sqrt(eta) * sp.exp(sp.I * self.phase) * l1
        channels = (
            (cascaded, n1 + 1, n1),
            (l1, -eta * (n1 + 1), -eta * n1),
            (l2, -(n2 + 1), -n2),
            (l2, (1 - eta) * (n2 - n1), (1 - eta) * (n2 - n1)),
        )
        return tuple(term for jump, up, down in channels for term in _thermal_channel(jump, up, down, (first, second)))


def check_cascades(components: Iterable[Component]) -> None:
    """Each cascade links existing ports on the modes it names; a port is the source of at
    most one cascade and the target of at most one; the cascades form no cycle (a chain
    that feeds itself has back-action). NetworkError naming the cascades otherwise."""
    components = tuple(components)
    ports = {p.name: p for p in ports_of(components)}
    cascades = [c for c in components if isinstance(c, Cascade)]
    used: dict[tuple[str, str], Cascade] = {}
    graph = nx.DiGraph()
    for cascade in cascades:
        for role, (mode, name) in zip(("source", "target"), cascade.ends()):
            if name not in ports or ports[name].mode != mode:
                where = f"; port {name!r} is on mode {ports[name].mode!r}" if name in ports else ""
                raise NetworkError(f"{cascade.label}: {role} {mode}.{name} is not a port of the network{where}; "
                                   f"the ports are {[f'{p.mode}.{p.name}' for p in ports.values()]}")
            if (role, name) in used:
                raise NetworkError(f"{cascade.label} and {used[(role, name)].label} both use port {name!r} as {role}; "
                                   "a port feeds at most one cascade and is fed by at most one")
            used[(role, name)] = cascade
        first, second = cascade.mode_names()
        graph.add_edge(first, second, label=cascade.label)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    raise NetworkError(f"the cascades {[graph.edges[u, v]['label'] for u, v in cycle]} form a cycle "
                       f"({' -> '.join([u for u, _ in cycle] + [cycle[0][0]])}); a cascade has no back-action only "
                       "in a chain that does not feed itself")


def linked_ports(components: Iterable[Component]) -> set[str]:
    """Names of the ports that cascades join: internal links, not external ports (their
    channels are replaced by the cascaded one, so S(ω) and output spectra at them would
    describe a channel that is not there)."""
    return {name for c in components if isinstance(c, Cascade) for _, name in c.ends()}


def cascade_constraints(network) -> list[tuple[str, str, sp.Expr]]:
    """(where, "efficiency", 1 − η) of every cascade whose η is not a number: η ≤ 1 at every
    parameter point (η ≥ 0 is its field's own constraint)."""
    return [
        (f"{c.label}: 1 - efficiency (η may not exceed 1)", "efficiency", 1 - c.efficiency)
        for c in network.components
        if isinstance(c, Cascade) and not c.efficiency.is_number
    ]
