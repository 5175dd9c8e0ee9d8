"""*Nonreciprocal quantum synchronization* (Lai, Miranowicz, Nori), supplementary
material (``shared/spec/``): a spinning silica microsphere (optical mode a, phonon
b2, Sagnac shift) touching a YIG sphere (Kerr magnon m, phonon b1).

Its model file (``nonreciprocal_sync.toml``), figures S1-S11, the claims they decide
and the claims report.
"""

from __future__ import annotations

from ...model.modelfile import load_model
from .. import Paper
from . import report
from .figures import FIGURES, Session


def _session(resolution, progress) -> Session:
    return Session(load_model("nonreciprocal_sync"), resolution, progress)


PAPER = Paper(
    name="nonreciprocal_sync",
    title="Nonreciprocal quantum synchronization (supplementary material)",
    figures=FIGURES,
    session=_session,
    report=report.build,
    write_report=report.write,
    summary=report.summary_table,
)
