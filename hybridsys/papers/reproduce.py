"""``hybridsys reproduce``: compute a paper's figures and write, for each, a PNG, its
data (NPZ) and a JSON of every parameter used, the notes and the hybridsys version;
then the paper's claims report on them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import attrs

from ..errors import HybridsysError, ParameterError
from ..sweeps.progress import progress
from . import Paper
from .figures import Resolution, write_figure


def reproduce(paper: Paper, names: list[str], out: Path, resolution: Resolution, quiet: bool = False) -> list[dict]:
    """Compute and write ``paper``'s named figures (``"all"`` for every one) and the claims
    report on them; return one summary per figure (name, seconds, files, notes), the
    report's last (with the report itself under ``"report"``)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise HybridsysError("hybridsys reproduce draws with matplotlib: pip install 'hybridsys[plot]'") from None
    names = list(paper.figures) if not names or names == ["all"] else names
    unknown = [n for n in names if n not in paper.figures]
    if unknown:
        raise ParameterError(f"unknown figure(s) {unknown}; the figures are {list(paper.figures)}")
    _output_folder(out)
    session = paper.session(resolution, lambda total, label: progress(total, label, not quiet, leave=False))
    summaries, figures = [], {}
    for name in names:
        start = time.perf_counter()
        session.failures.clear()
        figure = paper.figures[name].compute(session)
        figures[name] = figure = attrs.evolve(figure, notes=figure.notes + tuple(session.failures))
        paths = write_figure(figure, paper.figures[name], out)
        summaries.append({"figure": name, "seconds": time.perf_counter() - start, "files": [str(p) for p in paths],
                          "notes": list(figure.notes)})
    start = time.perf_counter()
    claims_report = paper.report(session, figures)
    paths = paper.write_report(claims_report, out)
    summaries.append({"figure": "report", "seconds": time.perf_counter() - start, "files": [str(p) for p in paths],
                      "notes": [], "report": claims_report})
    return summaries


def _output_folder(out: Path) -> None:
    """Create ``out`` (and its parents) before any figure is computed, so that a folder
    that cannot be written fails at once with its name, not after minutes of work."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HybridsysError(f"cannot create the output folder {str(out)!r} (--out): {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise HybridsysError(f"cannot write into the output folder {str(out)!r} (--out): permission denied")


def figure_help(paper: Paper) -> str:
    """One line per figure, for ``--help``."""
    return f"figures of {paper.name}:\n" + "\n".join(f"  {spec.name:5s} {spec.summary}" for spec in paper.figures.values())
