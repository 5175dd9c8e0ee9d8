"""``hybridsys reproduce``: compute the spec's figures and write, for each, a PNG, its
data (NPZ) and a JSON of every parameter used, the notes and the hybridsys version."""

from __future__ import annotations

import json
import time
from pathlib import Path

import attrs
import numpy as np

from . import report
from .errors import HybridsysError, ParameterError
from .figures import FIGURES, FigureData, Resolution, Session
from .modelfile import load_model
from .progress import progress


def _json_ready(value):
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def write(figure: FigureData, spec, out: Path) -> list[Path]:
    """Write ``figure`` as PNG, NPZ and JSON into ``out``; return the paths."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    out.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=spec.size, layout="constrained")
    spec.plot(figure, fig)
    fig.suptitle(f"Fig. {figure.name}: {spec.summary}", fontsize=8)
    paths = [out / f"{figure.name}.png", out / f"{figure.name}.npz", out / f"{figure.name}.json"]
    fig.savefig(paths[0], dpi=150)
    np.savez_compressed(paths[1], **figure.data)
    record = {"figure": figure.name, "summary": spec.summary, "notes": list(figure.notes), "parameters": figure.parameters}
    paths[2].write_text(json.dumps(_json_ready(record), indent=2, ensure_ascii=False))
    return paths


def reproduce(names: list[str], out: Path, resolution: Resolution, quiet: bool = False) -> list[dict]:
    """Compute and write the named figures (``"all"`` for every one) and the claims
    report on them; return one summary per figure (name, seconds, files, notes), the
    report's last (with the report itself under ``"report"``)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise HybridsysError("hybridsys reproduce draws with matplotlib: pip install 'hybridsys[plot]'") from None
    names = list(FIGURES) if not names or names == ["all"] else names
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        raise ParameterError(f"unknown figure(s) {unknown}; the figures are {list(FIGURES)}")
    session = Session(load_model("nonreciprocal_sync"), resolution, lambda total, label: progress(total, label, not quiet, leave=False))
    summaries, figures = [], {}
    for name in names:
        start = time.perf_counter()
        session.failures.clear()
        figure = FIGURES[name].compute(session)
        figures[name] = figure = attrs.evolve(figure, notes=figure.notes + tuple(session.failures))
        paths = write(figure, FIGURES[name], out)
        summaries.append({"figure": name, "seconds": time.perf_counter() - start, "files": [str(p) for p in paths],
                          "notes": list(figure.notes)})
    start = time.perf_counter()
    claims_report = report.build(session, figures)
    paths = report.write(claims_report, out)
    summaries.append({"figure": "report", "seconds": time.perf_counter() - start, "files": [str(p) for p in paths],
                      "notes": [], "report": claims_report})
    return summaries


def figure_help() -> str:
    """One line per figure, for ``--help``."""
    return "figures:\n" + "\n".join(f"  {spec.name:5s} {spec.summary}" for spec in FIGURES.values())
