"""Readable listings (text and JSON-ready dicts) of derivations.

Used by the command line (`hybridsys show`); the JSON keys produced here are
documented in the README and kept stable. Networks list themselves
(:mod:`hybridsys.model.display`).
"""

from __future__ import annotations


import sympy as sp

from .._version import __version__
from ..model.operators import latex, text
from .drift import ContributedMatrix, amplitude_form


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
    if derivation.time_dependent:
        titles["drift"] = "Drift matrix A(t) (S14), time dependent"
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
