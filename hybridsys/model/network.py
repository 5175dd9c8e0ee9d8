"""A hybrid system as a network: modes are nodes, couplings are edges.

The graph (a :class:`networkx.MultiGraph`) is the backbone: validation, listing,
composition and drawing all use it. Terms acting on one mode (Kerr, drives) are
self-loops.
"""

from __future__ import annotations

from functools import cached_property
from typing import Sequence

import attrs
import networkx as nx
import sympy as sp

from ..errors import HybridsysError, NetworkError
from .components import Component
from .cascade import Cascade, check_cascades
from .couplings import COMPONENT_TYPES as COUPLING_TYPES, Coupling
from .display import describe_network, draw_network, network_png
from .dissipators import Dissipator, DissipativeCoupling, GaussianBath, TwoModeSqueezedBath
from .modes import Mode
from .ports import Port, check_ports
from .waveguide import Waveguide
from .symbols import TIME

#: Every component type by its model-file name (modes and couplings, the bath channels,
#: the ports and the cascades).
COMPONENT_TYPES: dict[str, type[Component]] = {
    **COUPLING_TYPES,
    **{cls.type_name: cls for cls in (Dissipator, DissipativeCoupling, GaussianBath, TwoModeSqueezedBath, Port, Cascade, Waveguide)},
}


@attrs.frozen
class Parameter:
    """A free parameter of a network: its symbol and what it is used for."""

    name: str
    symbol: sp.Symbol
    quantity: str
    meaning: str
    used_by: tuple[str, ...]


@attrs.define(frozen=True, slots=False)
class Network:
    """An immutable, validated set of modes and couplings.

    >>> from hybridsys import Cavity, Phonon, RadiationPressure, Drive
    >>> net = Network([Cavity("a"), Phonon("b"), RadiationPressure("a", "b"), Drive("a")])
    >>> [m.name for m in net.modes]
    ['a', 'b']
    """

    components: tuple[Component, ...] = attrs.field(converter=tuple)

    def __attrs_post_init__(self) -> None:
        self._validate()

    # -- validation -----------------------------------------------------------------
    def _validate(self) -> None:
        labels: set[str] = set()
        for component in self.components:
            if not isinstance(component, Component):
                raise NetworkError(f"{component!r} is not a hybridsys component (mode or coupling)")
            if component.label in labels:
                what = "mode name" if isinstance(component, Mode) else "component"
                raise NetworkError(f"duplicate {what} {component.label!r} in the network")
            labels.add(component.label)
        modes = {m.name: m for m in self.modes}
        if not modes:
            raise NetworkError("a network needs at least one mode")
        check_ports(modes, self.couplings)
        check_cascades(self.couplings)
        for coupling in self.couplings:
            coupling.check_modes(modes)
        setters: dict[str, str] = {}
        for coupling in self.couplings:
            for name in coupling.sets_inputs_of():
                if name in setters:
                    raise NetworkError(
                        f"{coupling.label} and {setters[name]} both set the input noise of mode {name!r}; a mode's input "
                        "has one state: declare one bath with the correlations of all the modes it feeds (GaussianBath)"
                    )
                setters[name] = coupling.label
        self._check_parameter_names()

    def _check_parameter_names(self) -> None:
        """One symbol per name, and no default name silently shared by two fields."""
        uses: dict[str, list[tuple[str, bool, sp.Symbol]]] = {}
        for sym, component, info in self._parameter_uses():
            where = f"{component.label}.{info.field}"
            uses.setdefault(sym.name, []).append((where, component.is_default(info.field), sym))
        for name, entries in uses.items():
            places = [where for where, _, _ in entries]
            if len({sym for _, _, sym in entries}) > 1:
                raise NetworkError(f"parameter {name!r} is used as a mass (positive) and as another quantity in {places}; give them different names")
            if len(entries) > 1 and any(default for _, default, _ in entries):
                raise NetworkError(
                    f"parameter {name!r} is used by {places}, where at least one took it as a default name; "
                    "name the parameters explicitly (the same name twice if they are meant to be shared)"
                )

    # -- structure ------------------------------------------------------------------
    @property
    def modes(self) -> tuple[Mode, ...]:
        return tuple(c for c in self.components if isinstance(c, Mode))

    @property
    def couplings(self) -> tuple[Coupling, ...]:
        return tuple(c for c in self.components if isinstance(c, Coupling))

    @property
    def mode_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modes)

    def mode(self, name: str) -> Mode:
        for m in self.modes:
            if m.name == name:
                return m
        raise NetworkError(f"unknown mode {name!r}; the modes are {list(self.mode_names)}")

    def component(self, label: str) -> Component:
        for c in self.components:
            if c.label == label:
                return c
        raise NetworkError(f"unknown component {label!r}; the components are {[c.label for c in self.components]}")

    @cached_property
    def graph(self) -> nx.MultiGraph:
        """Modes as nodes (attribute ``mode``), couplings as edges (attribute ``coupling``)."""
        graph = nx.MultiGraph()
        for m in self.modes:
            graph.add_node(m.name, mode=m, kind=m.type_name)
        for c in self.couplings:
            names = c.mode_names()
            first, second = names[0], names[-1]
            graph.add_edge(first, second, key=c.label, coupling=c, kind=c.type_name)
        return graph

    def _parameter_uses(self):
        """(symbol, component, field info) for every parameter symbol of every parameter
        field (time t is not a parameter)."""
        for component in self.components:
            for info in component.parameters():
                for sym in sorted(info.expression.free_symbols - {TIME}, key=lambda s: s.name):
                    yield sym, component, info

    @cached_property
    def time_dependence(self) -> tuple[str, ...]:
        """Where time t enters, as ``label.field`` (empty for a static network)."""
        return tuple(f"{c.label}.{field}" for c in self.components for field in c.time_dependence())

    @property
    def time_dependent(self) -> bool:
        """Whether any expression of the network depends on time t."""
        return bool(self.time_dependence)

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        """The free parameters, in order of first use, with meaning and quantity.

        A parameter's quantity and meaning come from the first field that it fills
        whole (``damping="gamma"``); one used only inside expressions is "expression".
        """
        found: dict[str, dict] = {}
        for sym, component, info in self._parameter_uses():
            entry = found.setdefault(sym.name, {"symbol": sym, "quantity": "expression", "meaning": "", "used_by": []})
            if entry["quantity"] == "expression" and isinstance(info.expression, sp.Symbol):
                entry.update(quantity=info.quantity, meaning=f"{info.meaning} of {component.label}")
            entry["used_by"].append(f"{component.label}.{info.field}")
        return tuple(
            Parameter(name, e["symbol"], e["quantity"], e["meaning"] or f"enters {', '.join(e['used_by'])}", tuple(e["used_by"]))
            for name, e in found.items()
        )

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    # -- composition ----------------------------------------------------------------
    def __add__(self, other: "Network | Component | Sequence[Component]") -> "Network":
        """Compose: the union of both networks' components (names must not clash)."""
        extra = other.components if isinstance(other, Network) else (other,) if isinstance(other, Component) else tuple(other)
        return Network(self.components + tuple(extra))

    def without(self, *labels: str) -> "Network":
        """The network with the named components (and couplings to removed modes) taken out."""
        removed_modes = {label for label in labels if isinstance(self.component(label), Mode)}
        kept = [
            c
            for c in self.components
            if c.label not in labels and not (isinstance(c, Coupling) and set(c.mode_names()) & removed_modes)
        ]
        return Network(kept)

    def replace(self, component: Component) -> "Network":
        """The network with the component of the same label replaced by ``component``."""
        self.component(component.label)
        return Network([component if c.label == component.label else c for c in self.components])

    # -- listing, drawing, files -----------------------------------------------------
    def describe(self) -> str:
        """A readable listing of modes, couplings and parameters."""
        return describe_network(self)

    def __str__(self) -> str:
        return self.describe()

    def draw(self, ax=None, **kwargs):
        """Draw the network with matplotlib (modes as nodes, couplings as labelled edges)."""
        return draw_network(self, ax=ax, **kwargs)

    def _repr_png_(self) -> bytes | None:
        """The network drawn (Jupyter shows it; needs matplotlib)."""
        return network_png(self)

    def to_data(self) -> dict:
        """Plain data (lists of dicts) for model files: ``{"modes": [...], "couplings": [...]}``."""
        return {
            "modes": [m.to_data() for m in self.modes],
            "couplings": [c.to_data() for c in self.couplings],
        }

    @classmethod
    def from_data(cls, data: dict, where: str = "network") -> "Network":
        """Build a network from :meth:`to_data`'s form (no code is ever evaluated)."""
        components = []
        for section in ("modes", "couplings"):
            items = data.get(section, [])
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise NetworkError(f"{where}: {section} must be a list of tables ([[{section}]] in TOML), got {items!r}")
            for index, item in enumerate(items):
                item = dict(item)
                kind = item.pop("type", None)
                if kind not in COMPONENT_TYPES:
                    raise NetworkError(f"{where}: {section}[{index}] has unknown type {kind!r}; known: {sorted(COMPONENT_TYPES)}")
                cls_ = COMPONENT_TYPES[kind]
                label = f"{where}: {section}[{index}] ({kind}{', ' + repr(item['name']) if 'name' in item else ''})"
                allowed = sorted(f.alias for f in attrs.fields(cls_) if f.init)
                unknown = sorted(set(item) - set(allowed))
                if unknown:
                    raise NetworkError(f"{label}: unknown key(s) {unknown}; a {kind} takes {['type'] + allowed}")
                try:
                    components.append(cls_(**item))
                except TypeError as exc:
                    raise NetworkError(f"{label}: {exc}; a {kind} takes {['type'] + allowed}") from None
                except HybridsysError as exc:
                    raise NetworkError(f"{label}: {exc}") from None
        try:
            return cls(components)
        except HybridsysError as exc:
            raise NetworkError(f"{where}: {exc}") from None
