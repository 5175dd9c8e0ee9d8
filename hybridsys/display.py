"""Readable listings (text and JSON-ready dicts) of networks and derivations.

Used by the command line (`hybridsys show`) and by ``Network.describe``; the JSON
keys produced here are documented in the README and kept stable.
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp

from . import __version__
from .drift import ContributedMatrix, amplitude_form
from .hamiltonian import latex, text
from .units import unit_of


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _fields(component) -> str:
    return ", ".join(f"{info.field}={sp.sstr(info.expression)}" for info in component.parameters())


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
    return f"Modes\n{modes}\n\nCouplings\n{couplings}\n\nParameters\n{params}"


def network_data(network, values: Mapping[str, float] | None = None) -> dict:
    """JSON-ready listing of modes, couplings and parameters."""
    return {
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


def matrix_data(matrix: ContributedMatrix) -> dict:
    """JSON-ready matrix: basis, entries as text, LaTeX, and per-entry provenance."""
    shown = matrix.in_amplitudes()
    return {
        "basis": list(matrix.basis),
        "matrix": [[text(shown[i, j]) for j in range(shown.cols)] for i in range(shown.rows)],
        "latex": latex(shown),
        "entries": [
            {
                "row": row,
                "col": col,
                "value": text(amplitude_form(value, matrix.basis)),
                "sources": [{"component": label, "contribution": text(amplitude_form(part, matrix.basis))} for label, part in parts],
            }
            for row, col, value, parts in matrix.entries()
        ],
    }


def derivation_data(derivation, sections: list[str]) -> dict:
    """JSON-ready derived objects for the requested ``sections``."""
    out: dict = {}
    if "hamiltonian" in sections:
        h = derivation.hamiltonian
        out["hamiltonian"] = {
            "text": text(h.expr),
            "latex": latex(h.expr),
            "terms": [{"component": label, "text": text(term), "latex": latex(term)} for label, term in h.terms],
        }
    if "langevin" in sections:
        out["langevin"] = [
            {"mode": mode, "text": text(rhs), "latex": latex(rhs)} for mode, rhs in derivation.langevin.rhs.items()
        ]
    if "mean_field" in sections:
        out["mean_field"] = [
            {"mode": mode, "text": text(rhs), "latex": latex(rhs)} for mode, rhs in derivation.mean_field.amplitudes.items()
        ]
    if "drift" in sections:
        out["drift"] = matrix_data(derivation.drift)
    if "diffusion" in sections:
        out["diffusion"] = matrix_data(derivation.diffusion)
    if "hurwitz" in sections:
        hw = derivation.hurwitz
        out["hurwitz"] = {
            "variant": hw.variant,
            "entries": {f"e_{i}_{j}": hw.entry_name(i, j) for i, j in hw.entries},
            "matrix": sp.sstr(hw.matrix),
            "expanded": hw.expanded,
            "coefficients": [sp.sstr(c) for c in hw.coefficients] if hw.expanded else None,
            "determinants": [sp.sstr(d) for d in hw.determinants] if hw.expanded else None,
        }
    return out


def derivation_text(derivation, sections: list[str], as_latex: bool = False) -> str:
    """Plain text (or LaTeX) of the requested derived objects."""
    blocks = []
    show = (lambda obj: obj._repr_latex_().strip("$")) if as_latex else str  # noqa: E731
    titles = {
        "hamiltonian": "Hamiltonian (S2)",
        "langevin": "Quantum Langevin equations (S3)",
        "mean_field": "Mean-field equations (S7)",
        "fluctuations": "Linearized fluctuation equations (S8)",
        "drift": "Drift matrix (S14)",
        "diffusion": "Diffusion matrix (S20)",
        "hurwitz": "Routh-Hurwitz (S53)-(S54)",
    }
    for section in sections:
        title, obj = titles[section], getattr(derivation, section)  # derived only when asked for
        body = show(obj)
        if section in ("drift", "diffusion") and not as_latex:
            body += "\n\nWhere each entry comes from:\n" + obj.table()
        blocks.append(f"{title}\n{body}")
    return "\n\n".join(blocks)


def header_data(model, set_name: str | None, convention: str) -> dict:
    pset = model.parameter_set(set_name)
    return {
        "schema": "hybridsys.show/1",
        "hybridsys_version": __version__,
        "model": model.name,
        "description": model.description,
        "parameter_set": pset.name,
        "parameter_set_description": pset.description,
        "reference_hz": pset.reference_hz,
        "convention": convention,
    }


def component_latex(component) -> str:
    """``$H_{label} = ...$``: one component's normally ordered terms, with stand-in modes
    of the kinds its roles require (the component's own mode, for a mode)."""
    from .hamiltonian import LadderContext, latex
    from .modes import Cavity, Mode

    if isinstance(component, Mode):
        modes = {component.name: component}
    else:
        kinds = {getattr(component, role): kind for role, kind in component.roles.items()}
        modes = {name: (kind if kind is not Mode else Cavity)(name) for name, kind in kinds.items()}
    label = component.label.replace("_", "\\_")
    return f"$H_{{\\mathrm{{{label}}}}} = {latex(component.hamiltonian(LadderContext(modes)))}$"


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
