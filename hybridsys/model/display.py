"""How a network and its components show themselves: plain-text and JSON-ready
listings (``Network.describe``, ``hybridsys show``), LaTeX of a component's terms
and a drawing of the graph (Jupyter). The JSON keys are documented in the README.
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp

from .operators import LadderContext, latex
from .units import unit_of


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _fields(component) -> str:
    settings = [f"{key}: {value}" for key, value in component.settings().items()]
    return ", ".join(settings + [f"{info.field}={sp.sstr(info.expression)}" for info in component.parameters()])


def describe_network(network, values: Mapping[str, float] | None = None) -> str:
    """Modes, couplings and parameters as three plain-text tables."""
    modes = _table(["mode", "type", "parameters"], [[m.name, m.type_name, _fields(m)] for m in network.modes])
    couplings = _table(
        ["coupling", "type", "parameters"], [[c.label, c.type_name, _fields(c)] for c in network.couplings]
    )
    params = _table(
        ["parameter", "value", "unit", "meaning"],
        [
            [p.name, "" if values is None else f"{values[p.name]:.6g}", unit_of(p.quantity), p.meaning]
            for p in network.parameters
        ],
    )
    listing = f"Modes\n{modes}\n\nCouplings\n{couplings}\n\nParameters\n{params}"
    if network.time_dependent:
        listing += f"\n\nTime dependent (t in units of 1/ω_ref): {', '.join(network.time_dependence)}; the drift is A(t)"
    return listing


def network_data(network, values: Mapping[str, float] | None = None) -> dict:
    """JSON-ready listing of modes, couplings and parameters, and where time t enters."""
    return {
        "time_dependence": list(network.time_dependence),
        "modes": [
            {"name": m.name, "type": m.type_name, "parameters": {i.field: sp.sstr(i.expression) for i in m.parameters()}}
            for m in network.modes
        ],
        "couplings": [
            {
                "label": c.label,
                "type": c.type_name,
                "modes": list(c.mode_names()),
                "parameters": {i.field: sp.sstr(i.expression) for i in c.parameters()},
                **({"direction": c.direction} if hasattr(c, "direction") else {}),
                **c.settings(),
            }
            for c in network.couplings
        ],
        "parameters": [
            {
                "name": p.name,
                "value": None if values is None else float(values[p.name]),
                "unit": unit_of(p.quantity),
                "quantity": p.quantity,
                "meaning": p.meaning,
                "used_by": list(p.used_by),
            }
            for p in network.parameters
        ],
    }


def component_latex(component) -> str:
    """``$H_{label} = ...$``: one component's normally ordered terms, written with
    the stand-in modes its roles require (:meth:`Component.stand_in_modes`)."""
    label = component.label.replace("_", "\\_")
    context = LadderContext(component.stand_in_modes())
    return f"$H_{{\\mathrm{{{label}}}}} = {latex(component.hamiltonian(context))}$"


def network_png(network) -> bytes | None:
    """The network drawn as PNG bytes (None without matplotlib), for Jupyter."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None
    import io

    figure = Figure(figsize=(5, 3.5))
    FigureCanvasAgg(figure)
    draw_network(network, ax=figure.subplots())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def draw_network(network, ax=None, **kwargs):
    """Draw modes as nodes (coloured by kind) and couplings as labelled edges."""
    import matplotlib.pyplot as plt
    import networkx as nx

    graph = network.graph
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    colours = {"cavity": "tab:red", "magnon": "tab:blue", "phonon": "tab:green"}
    pos = kwargs.pop("pos", None) or nx.spring_layout(graph, seed=1)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=[colours[graph.nodes[n]["kind"]] for n in graph], **kwargs)
    nx.draw_networkx_labels(graph, pos, ax=ax, font_color="white")
    simple = nx.Graph(graph.edges())
    nx.draw_networkx_edges(simple, pos, ax=ax)
    labels: dict = {}
    for u, v, data in graph.edges(data=True):
        labels.setdefault((u, v), []).append(data["kind"])
    nx.draw_networkx_edge_labels(simple, pos, {k: "\n".join(v) for k, v in labels.items()}, ax=ax, font_size=7)
    ax.set_axis_off()
    return ax
