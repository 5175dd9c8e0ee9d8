"""Mari & Eisert 2009: the cavity–mirror entanglement E_N(t) on the periodic orbit of
the amplitude-modulated drive E₀ + 2E₁ cos(2ω_m t), against the unmodulated drive
(E₁ = 0, a static steady state) and against the best static entanglement over carrier
powers at the same detuning; and E_N over the period against the sideband power.

Every modulated point is a periodic (Floquet) state (:mod:`hybridsys.numerics.periodic`),
every static one a fixed point with its Lyapunov covariance; no trajectory integration.
"""

from __future__ import annotations

from typing import Callable

import attrs
import numpy as np

from ...compiled.compiler import compile
from ...measures import log_negativity
from ...model.couplings import Drive
from ...model.modelfile import Model
from ...numerics.periodic import periodic_states
from ...numerics.steady import steady_states
from ..figures import FigureData, FigureSpec, Resolution

#: The paper's powers (W): the carrier P_0 and each sideband P_1.
CARRIER_POWER, SIDEBAND_POWER = 10e-3, 2e-3
#: Phases of the period at which E_N(t) is sampled.
PHASES = 200


class Session:
    """The modulated model, its static twin (the drive E0 alone), and E_N of both."""

    def __init__(self, model: Model, resolution: Resolution = Resolution(), progress: Callable | None = None):
        self.model = model
        self.resolution = resolution
        self.failures: list[str] = []
        self.compiled = compile(model)
        drive = next(c for c in model.network.couplings if isinstance(c, Drive))
        self.static_network = model.network.replace(attrs.evolve(drive, amplitude="E0"))
        self.static = compile(self.static_network)

    def values(self, sideband_power: float | np.ndarray = SIDEBAND_POWER, carrier_power: float | np.ndarray = CARRIER_POWER) -> dict:
        """The paper's values with the sideband and carrier powers (W) given: E_n ∝ √P_n."""
        values = self.model.values()
        values["E1"] = values["E1"] * np.sqrt(np.asarray(sideband_power) / SIDEBAND_POWER)
        values["E0"] = values["E0"] * np.sqrt(np.asarray(carrier_power) / CARRIER_POWER)
        return values

    def modulated(self, sideband_power) -> tuple[np.ndarray, np.ndarray, object]:
        """(phases, E_N(a, b) at each phase (points, PHASES), the periodic states)."""
        states = periodic_states(self.compiled, self.values(sideband_power), samples=PHASES)
        for b in np.flatnonzero(~np.ravel(states.ok)):
            self.failures.append(f"P_1 = {np.ravel(sideband_power)[b] * 1e3:.3g} mW: {states.reasons[b]}")
        return states.phases, log_negativity(states.covariance, 0, 1), states

    def static_entanglement(self, carrier_power) -> np.ndarray:
        """E_N(a, b) of the unmodulated drive at each carrier power (W); NaN where no fixed
        point is stable (the largest E_N where several are)."""
        values = {k: v for k, v in self.values(0.0, carrier_power).items() if k in self.static.parameter_names}
        steady = steady_states(self.static, self.static.parameters(values))
        with np.errstate(invalid="ignore"):
            E_N = log_negativity(steady.covariance, 0, 1)  # NaN at unstable fixed points
        best = np.max(np.where(steady.stable, E_N, -np.inf), axis=-1, initial=-np.inf)
        return np.where(np.isfinite(best), best, np.nan)

    def static_optimum(self, highest: float = 0.2) -> tuple[float, float, float]:
        """(best static E_N, its carrier power, the largest stable power) over carrier
        powers up to ``highest`` W at the paper's detuning."""
        powers = np.linspace(CARRIER_POWER / 20, highest, max(8 * self.resolution.points, 200))
        E_N = self.static_entanglement(powers)
        stable = np.isfinite(E_N)
        best = int(np.argmax(np.where(stable, E_N, -np.inf)))
        return float(E_N[best]), float(powers[best]), float(powers[stable].max())


def _parameters(session: Session, **extra) -> dict:
    pset = session.model.parameter_set()
    return {"model": session.model.name, "parameter_set": pset.name, "reference_hz": pset.reference_hz,
            "values": session.model.values(), "carrier_power_W": CARRIER_POWER, **extra}


def compute_entanglement(session: Session) -> FigureData:
    phases, E_N, states = session.modulated(np.array([SIDEBAND_POWER]))
    static = float(session.static_entanglement(np.array([CARRIER_POWER]))[0])
    best, at, edge = session.static_optimum()
    data = {"phase": phases, "time": phases * float(np.ravel(states.period)[0]), "E_N_modulated": E_N[0],
            "E_N_static": np.array(static), "E_N_static_optimum": np.array(best), "static_optimum_power_W": np.array(at),
            "static_stability_edge_W": np.array(edge), "period": np.ravel(states.period),
            "floquet_multipliers": np.abs(np.ravel(states.multipliers))}
    notes = (f"modulated (P_1 = {SIDEBAND_POWER * 1e3:g} mW): E_N from {np.nanmin(E_N):.4f} to {np.nanmax(E_N):.4f}, "
             f"mean {np.nanmean(E_N):.4f}; static (P_1 = 0): {static:.4f}",
             f"best static E_N over carrier powers at Δ₀ = ω_m: {best:.4f} at P_0 = {at * 1e3:.3g} mW "
             f"(static drive unstable past {edge * 1e3:.3g} mW)")
    return FigureData("entanglement", data, _parameters(session, sideband_power_W=SIDEBAND_POWER), notes)


def compute_depth(session: Session) -> FigureData:
    powers = np.linspace(0.0, 2 * SIDEBAND_POWER, max(session.resolution.points, 5))
    _, E_N, states = session.modulated(powers)
    data = {"sideband_power_W": powers, "E_N_max": np.nanmax(E_N, axis=-1), "E_N_min": np.nanmin(E_N, axis=-1),
            "E_N_mean": np.nanmean(E_N, axis=-1), "largest_multiplier": np.max(np.abs(states.multipliers), axis=-1)}
    return FigureData("depth", data, _parameters(session))


def _plot_entanglement(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    d = figure.data
    ax.plot(d["phase"], d["E_N_modulated"], label=f"modulated, $P_1$ = {SIDEBAND_POWER * 1e3:g} mW")
    ax.axhline(float(d["E_N_static"]), ls="--", color="k", label="static ($P_1$ = 0)")
    ax.axhline(float(d["E_N_static_optimum"]), ls=":", color="gray", label="best static over $P_0$")
    ax.set(xlabel=r"phase $t/T$ of the modulation, $T = \pi/\omega_m$", ylabel=r"$E_N$(cavity, mirror)", ylim=(0, None))
    ax.legend(frameon=False, fontsize=7)


def _plot_depth(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    d = figure.data
    for key, style in (("E_N_max", "-"), ("E_N_mean", "--"), ("E_N_min", ":")):
        ax.plot(d["sideband_power_W"] * 1e3, d[key], style, label=key.replace("E_N_", "") + " over the period")
    ax.set(xlabel=r"sideband power $P_1$ (mW)", ylabel=r"$E_N$(cavity, mirror)", ylim=(0, None))
    ax.legend(frameon=False, fontsize=7)


FIGURES = {
    "entanglement": FigureSpec("entanglement", "E_N(t) over one period of the modulated drive, against the static drive",
                               compute_entanglement, _plot_entanglement),
    "depth": FigureSpec("depth", "E_N over the period against the sideband power P_1 (P_0 = 10 mW)", compute_depth, _plot_depth),
}
