"""Reproduced publications, one package each (plug-ins beside the core).

A paper package ``hybridsys/papers/<name>/`` holds everything specific to one
publication: its model file(s) (found by name like ``models/``), its figures, its
claims and its report, and exposes one :class:`Paper` as ``PAPER``. The core never
imports this package; the command line finds papers by folder
(``hybridsys reproduce [PAPER] [FIGURE ...]``), so adding a paper adds one folder.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Callable, Mapping

import attrs

from ..errors import ParameterError
from .figures import FigureData, FigureSpec, Resolution

#: The paper ``hybridsys reproduce`` works on when none is named.
DEFAULT = "nonreciprocal_sync"


@attrs.frozen
class Paper:
    """The protocol every paper package follows.

    ``session(resolution, progress)`` starts what the figures share (a model, its
    compiled form, cached sweeps; a ``failures`` list of points that failed, which
    each figure's notes take over); each of ``figures`` computes from it and draws;
    ``report(session, figures)`` judges the paper's claims on the computed figures
    (JSON-ready), ``write_report(report, out)`` writes it and ``summary(report)`` is
    the short table the command line prints.
    """

    name: str
    title: str
    figures: Mapping[str, FigureSpec]
    session: Callable[[Resolution, Callable], object]
    report: Callable[[object, dict[str, FigureData]], dict]
    write_report: Callable[[dict, Path], list[Path]]
    summary: Callable[[dict], str]


def available_papers() -> list[str]:
    """Names of the paper packages."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg)


def load_paper(name: str = DEFAULT) -> Paper:
    """The :class:`Paper` of package ``name``."""
    if name not in available_papers():
        raise ParameterError(f"unknown paper {name!r}; the papers are {available_papers()}")
    return importlib.import_module(f"{__name__}.{name}").PAPER
