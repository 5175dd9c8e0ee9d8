"""*Magnon-photon-phonon entanglement in cavity magnomechanics*, J. Li, S.-Y. Zhu,
G. S. Agarwal, PRL 121, 203601 (2018): a microwave cavity a, the Kittel magnon m of a
YIG sphere (beam splitter) and its Brownian phonon b (magnetostriction), the magnon
driven. The model is the ready-made ``cavity_magnomechanics`` (its file states the
paper's operating point, Δ̃_m = 0.9 ω_b and |G_mb| = 0.32 ω_b); one steady-state figure
(E_N of the three pairs versus Δ̃_m) and the paper's claim that all three are entangled.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

import attrs
import numpy as np

from ...compiled.compiler import compile
from ...measures import log_negativity
from ...model.modelfile import Model, load_model
from ...numerics.steady import steady_states
from .. import Paper
from ..claims_table import claims_report, claims_summary, write_claims_table
from ..figures import FigureData, FigureSpec, Resolution

PAIRS = {"a-m": (0, 1), "m-b": (1, 2), "a-b": (0, 2)}


class Session:
    """The model, compiled, and E_N of the three pairs at any effective magnon detuning."""

    def __init__(self, model: Model, resolution: Resolution = Resolution(), progress: Callable | None = None):
        self.model, self.resolution, self.failures = model, resolution, []
        self.compiled = compile(model)

    def entanglement(self, detunings: np.ndarray) -> dict[str, np.ndarray]:
        """E_N of each pair at the fixed point of effective detuning Δ̃_m (|G_mb| as the
        set states); NaN, with a note, where that fixed point is unstable."""
        point = self.model.parameter_set().operating_point
        values = [dict(self.model.values(), **attrs.evolve(point, effective_detuning=float(d)).solve(self.model.network, self.model.values()))
                  for d in detunings]
        params = np.array([self.compiled.parameters(v) for v in values])
        steady = steady_states(self.compiled, params)
        result = {pair: np.full(len(detunings), np.nan) for pair in PAIRS}
        m = self.compiled.state_names.index("X_m")
        for k, target in enumerate(detunings):
            count = int(steady.fixed_points.count[k])
            drift = self.compiled.drift(params[k], steady.states[k, :count])
            match = np.flatnonzero(np.isclose(drift[:, m, m + 1], target, rtol=1e-8, atol=1e-10))
            if match.size == 1 and steady.stable[k, match[0]]:
                for pair, (i, j) in PAIRS.items():
                    result[pair][k] = log_negativity(steady.covariance[k, match[0]], i, j)
            else:
                self.failures.append(f"at Δ̃_m = {target:.3g} ω_b the operating point is unstable; E_N left out")
        return result


def compute_detuning(session: Session) -> FigureData:
    detuning = np.linspace(0.5, 1.5, max(session.resolution.points, 5))
    data = {"effective_magnon_detuning": detuning, **{f"E_N_{p}": v for p, v in session.entanglement(detuning).items()}}
    pset = session.model.parameter_set()
    return FigureData("detuning", data, {"model": session.model.name, "parameter_set": pset.name,
                                          "reference_hz": pset.reference_hz, "values": session.model.values(),
                                          "operating_point": pset.operating_point.to_data()})


def plot_detuning(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    for pair in PAIRS:
        ax.plot(figure.data["effective_magnon_detuning"], figure.data[f"E_N_{pair}"], label=f"$E_{{{pair}}}$")
    ax.set(xlabel=r"effective magnon detuning $\tilde\Delta_m/\omega_b$", ylabel=r"$E_N$", ylim=(0, None))
    ax.legend(frameon=False)


FIGURES = {"detuning": FigureSpec("detuning", "E_N of the three pairs versus Δ̃_m, Δ_a = −ω_b, |G_mb| = 0.32 ω_b, T = 10 mK",
                                  compute_detuning, plot_detuning)}


def build(session: Session, figures: dict) -> dict:
    at = session.entanglement(np.array([0.9]))
    alive = all(at[p][0] > 0 for p in PAIRS)
    claims = [{"key": "tripartite_entanglement", "claim": "at Δ_a = −ω_b, Δ̃_m = 0.9 ω_b all three pairs are entangled",
               "verdict": "reproduced" if alive else "not reproduced",
               "ours": ", ".join(f"E_{p} = {at[p][0]:.3f}" for p in PAIRS), "why": ""}]
    return claims_report("li2018", claims)


PAPER = Paper(
    name="li2018",
    title="Magnon-photon-phonon entanglement in cavity magnomechanics (Li, Zhu, Agarwal 2018)",
    figures=FIGURES,
    session=lambda resolution, progress: Session(load_model("cavity_magnomechanics"), resolution, progress),
    report=build,
    write_report=partial(write_claims_table, 'Li, Zhu, Agarwal 2018'),
    summary=claims_summary,
)
