"""*Optomechanical entanglement between a movable mirror and a cavity field*, D. Vitali
et al., PRL 98, 030405 (2007): a Fabry-Perot cavity whose end mirror is a Brownian
oscillator. Its model file (``vitali2007.toml``: the paper's parameters and conventions,
the cavity-decay convention worked out there), two steady-state figures (E_N versus
the effective detuning and versus temperature, Brownian beside symmetric damping) and
the paper's headline claim, judged on them.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ...model.modelfile import load_model
from .. import Paper
from ..claims_table import claims_report, claims_summary, write_claims_table
from .figures import FIGURES, Session

#: The headline: entanglement survives to about 20 K; "about" read as 15-30 K.
HEADLINE_RANGE = (15.0, 30.0)


def _session(resolution, progress) -> Session:
    return Session(load_model("vitali2007"), resolution, progress)


def build(session: Session, figures: dict) -> dict:
    """The claims, each with our number and a verdict."""
    claims = []
    if "temperature" in figures:
        death = float(figures["temperature"].data["death_temperature_brownian"])
        verdict = "reproduced" if HEADLINE_RANGE[0] <= death <= HEADLINE_RANGE[1] else "not reproduced"
        claims.append({"key": "entanglement_to_20K", "claim": "mirror-field entanglement survives to about 20 K (Δ = ω_m, P = 50 mW)",
                       "verdict": verdict, "ours": f"E_N(a, b) > 0 up to T = {death:.2f} K", "why": ""})
    if "detuning" in figures:
        data = figures["detuning"].data
        best = int(np.nanargmax(data["E_N_brownian"]))
        claims.append({"key": "entangled_near_red_sideband", "claim": "the steady state is entangled around Δ ≈ ω_m at T = 0.4 K",
                       "verdict": "reproduced" if data["E_N_brownian"][best] > 0 and 0.5 <= data["effective_detuning"][best] <= 1.5 else "not reproduced",
                       "ours": f"max E_N = {data['E_N_brownian'][best]:.3f} at Δ = {data['effective_detuning'][best]:.2f} ω_m", "why": ""})
    return claims_report("vitali2007", claims)


PAPER = Paper(
    name="vitali2007",
    title="Optomechanical entanglement between a movable mirror and a cavity field (Vitali et al. 2007)",
    figures=FIGURES,
    session=_session,
    report=build,
    write_report=partial(write_claims_table, 'Vitali et al. 2007'),
    summary=claims_summary,
)
