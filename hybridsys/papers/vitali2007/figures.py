"""Vitali et al. 2007: the steady logarithmic negativity of mirror and cavity field
versus the effective detuning and versus temperature, under the paper's Brownian
mirror and, beside it, the symmetric damping model at the same linewidth.

Every point is a steady state (fixed point and Lyapunov equation), no integration:
the effective detuning Δ̃ is solved for the bare one at fixed laser power
(:mod:`hybridsys.model.operating_point`), the temperature sets n̄ of the mirror's bath.
"""

from __future__ import annotations

from typing import Callable

import attrs
import numpy as np

from ...compiled.compiler import compile
from ...measures import log_negativity
from ...model.modelfile import Model
from ...model.physical import thermal_occupation
from ...numerics.steady import steady_states
from ..figures import FigureData, FigureSpec, Resolution

#: The damping models compared, and the γ each gets for the same mirror (Q = ω_m/γ_b).
DAMPING = {"brownian": 1.0, "symmetric": 0.5}
MECHANICAL_HZ = 10e6


class Session:
    """The model, compiled once per damping model, and the entanglement of any point."""

    def __init__(self, model: Model, resolution: Resolution = Resolution(), progress: Callable | None = None):
        self.model = model
        self.resolution = resolution
        self.failures: list[str] = []
        phonon = model.network.mode("b")
        self.networks = {name: model.network.replace(attrs.evolve(phonon, damping_model=name)) for name in DAMPING}
        self.compiled = {name: compile(network) for name, network in self.networks.items()}

    def values(self, damping: str = "brownian", detuning: float | None = None, temperature: float | None = None) -> dict:
        """The paper's values, at effective ``detuning`` Δ̃/ω_m and ``temperature`` (K) if given,
        with the bare detuning solved for Δ̃ under ``damping``'s static response."""
        values = self.model.values()
        pset = self.model.parameter_set()
        values["gamma_b"] *= DAMPING[damping]
        if temperature is not None:
            values["nbar_b"] = thermal_occupation(MECHANICAL_HZ, temperature)
        point = pset.operating_point if detuning is None else attrs.evolve(pset.operating_point, effective_detuning=detuning)
        values.update(point.solve(self.networks[damping], values))
        return values

    def entanglement(self, damping: str, points: list[dict], detuning: float | np.ndarray = 1.0) -> np.ndarray:
        """E_N(a, b) at each point's fixed point of effective ``detuning`` Δ̃ (the operating
        point; the bare detuning may have others); NaN, with a note, where it is unstable."""
        compiled = self.compiled[damping]
        params = np.array([compiled.parameters(v) for v in points])
        steady = steady_states(compiled, params)
        targets = np.broadcast_to(detuning, (len(points),))
        result = np.full(len(points), np.nan)
        for k in range(len(points)):
            count = int(steady.fixed_points.count[k])
            drift = compiled.drift(params[k], steady.states[k, :count])
            match = np.flatnonzero(np.isclose(drift[:, 0, 1], targets[k], rtol=1e-8, atol=1e-10))
            if match.size == 1 and steady.stable[k, match[0]]:
                result[k] = log_negativity(steady.covariance[k, match[0]], 0, 1)
            else:
                self.failures.append(f"{damping}: at Δ = {targets[k]:.3g} ω_m the operating point is unstable; E_N left out")
        return result

    def death_temperature(self, damping: str = "brownian", detuning: float = 1.0, low: float = 0.4, high: float = 100.0) -> float:
        """The temperature (K) where E_N(a, b) at Δ̃ reaches 0, by bisection to 1 mK."""
        alive = lambda t: self.entanglement(damping, [self.values(damping, detuning, t)], detuning)[0] > 0  # noqa: E731
        if not alive(low) or alive(high):
            return float("nan")
        while high - low > 1e-3:
            middle = (low + high) / 2
            low, high = (middle, high) if alive(middle) else (low, middle)
        return (low + high) / 2


def _parameters(session: Session, **extra) -> dict:
    pset = session.model.parameter_set()
    return {"model": session.model.name, "parameter_set": pset.name, "reference_hz": pset.reference_hz,
            "values": session.model.values(), "damping_gamma_factor": DAMPING, **extra}


def compute_detuning(session: Session) -> FigureData:
    detuning = np.linspace(0.2, 2.5, max(session.resolution.points, 5))
    data = {"effective_detuning": detuning}
    for damping in DAMPING:
        data[f"E_N_{damping}"] = session.entanglement(damping, [session.values(damping, d) for d in detuning], detuning)
    return FigureData("detuning", data, _parameters(session, temperature_kelvin=0.4))


def compute_temperature(session: Session) -> FigureData:
    temperature = np.linspace(0.4, 30.0, max(session.resolution.points, 5))
    data = {"temperature_kelvin": temperature}
    deaths = {}
    for damping in DAMPING:
        data[f"E_N_{damping}"] = session.entanglement(damping, [session.values(damping, None, t) for t in temperature])
        deaths[damping] = session.death_temperature(damping)
        data[f"death_temperature_{damping}"] = np.array(deaths[damping])
    notes = tuple(f"{d}: E_N(a, b) vanishes at T = {t:.2f} K" for d, t in deaths.items())
    return FigureData("temperature", data, _parameters(session, effective_detuning=1.0), notes)


def _plot(x: str, label: str):
    def plot(figure: FigureData, fig) -> None:
        ax = fig.add_subplot()
        for damping, style in zip(DAMPING, ("-", "--")):
            ax.plot(figure.data[x], figure.data[f"E_N_{damping}"], style, label=f"{damping} mirror")
        ax.set(xlabel=label, ylabel=r"$E_N$(cavity, mirror)", ylim=(0, None))
        ax.legend(frameon=False)
    return plot


FIGURES = {
    "detuning": FigureSpec("detuning", "E_N versus the effective detuning, T = 0.4 K, P = 50 mW", compute_detuning,
                           _plot("effective_detuning", r"effective detuning $\Delta/\omega_m$")),
    "temperature": FigureSpec("temperature", "E_N versus temperature, effective detuning Δ = ω_m, P = 50 mW",
                              compute_temperature, _plot("temperature_kelvin", "temperature T (K)")),
}
