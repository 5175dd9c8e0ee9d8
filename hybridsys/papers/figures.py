"""What every reproduced paper's figures share: how finely they are computed, one
figure's data and parameters, how it is declared (computed and drawn), and how it is
written (PNG, NPZ, JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import attrs
import numpy as np


@attrs.frozen
class Resolution:
    """How finely figures are computed: ``points`` per swept axis, ``periods`` of
    integration, ``window`` periods summarized at the end, samples a period, and the
    ``trajectories`` of a truncated-Wigner check."""

    points: int = 41
    periods: float = 200
    window: float = 20
    samples_per_period: int = 20
    trajectories: int = 2000

    @classmethod
    def fast(cls) -> "Resolution":
        return cls(points=9, trajectories=400)


@attrs.frozen
class FigureData:
    """One figure's numbers (arrays by name), every parameter behind them, and notes."""

    name: str
    data: dict
    parameters: dict
    notes: tuple[str, ...] = ()


@attrs.frozen
class FigureSpec:
    name: str
    summary: str
    compute: Callable[..., FigureData]  # (the paper's session) -> data
    plot: Callable
    size: tuple[float, float] = (6.4, 3.8)



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


def write_figure(figure: FigureData, spec: FigureSpec, out: Path) -> list[Path]:
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
