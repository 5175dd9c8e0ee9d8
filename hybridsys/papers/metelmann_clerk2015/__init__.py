"""*Nonreciprocal photon transmission and amplification via reservoir engineering*,
A. Metelmann and A. A. Clerk, PRX 5, 021025 (2015): its isolator, two
cavities coupled coherently (J) and through a shared bath (Γ, phase θ), each read
through its own port. The model is the ready-made ``metelmann_clerk_isolator``
(``models/metelmann_clerk_isolator.toml``: the equations, and the map from the paper's
energy rates to our amplitude rates, Γ_MC = 2Γ, κ_MC = 2κ).

Figures: the transmission both ways and the reflection at the isolation point; the
isolation over (θ, ω) in one batched call; the reservoir written as an explicit
auxiliary mode of bandwidth κ_c, whose isolation is perfect at resonance only,
|S21/S12|² = (4κ_c² + ω²)/ω² (derived in docs/papers/metelmann_clerk2015.md). Claims:
the isolation condition (J = Γ, θ = ∓π/2), the impedance-matched isolator (Γ = κ: unit
transmission, no reflection), its 3 dB bandwidth 4κ√(√2 − 1) and that isolation bandwidth.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ...model.couplings import BeamSplitter, Term
from ...model.modelfile import load_model
from ...model.modes import Cavity
from ...model.network import Network
from ...model.ports import Port
from .. import Paper
from ..claims_table import claims_report, claims_summary, write_claims_table
from ..figures import FigureData, FigureSpec
from ..port_session import PortSession

#: The forward 3 dB full width of |S21|² at J = Γ = κ = κ_e, in units of κ (amplitude rate).
BANDWIDTH = 4 * np.sqrt(np.sqrt(2) - 1)
#: The auxiliary mode's bandwidths κ_c/κ of the figure "auxiliary".
AUXILIARY_KAPPAS = (2.0, 5.0, 20.0)


def auxiliary_network(kappa_c: str = "kappa_c", g: str = "g") -> Network:
    """The isolator with its reservoir written out: a mode c damped at κ_c, coupled by
    H ∋ g[c†(a1 + e^{iθ} a2) + h.c.]; adiabatically eliminated it is the shared bath
    Γ = g²/κ_c of ``metelmann_clerk_isolator`` (docs/baths.md)."""
    return Network([
        Cavity("a1", detuning="Delta", damping="kappa", occupation=0),
        Cavity("a2", detuning="Delta", damping="kappa", occupation=0),
        Cavity("c", detuning=0, damping=kappa_c, occupation=0),
        Port("a1", "p1", rate="kappa_e"), Port("a2", "p2", rate="kappa_e"),
        BeamSplitter("a1", "a2", g="J"),
        BeamSplitter("c", "a1", g=g),
        Term(f"{g}*(exp(I*theta)*c_dag*a2 + exp(-I*theta)*a2_dag*c)", label="reservoir-a2"),
    ])


class Session(PortSession):
    """The isolator model and, lazily, its auxiliary-mode form."""

    def auxiliary(self) -> PortSession:
        if not hasattr(self, "_auxiliary"):
            values = {k: v for k, v in self.values().items() if k != "Gamma"}
            self._auxiliary = PortSession(auxiliary_network(), self.resolution, values=values)
        return self._auxiliary


def _parameters(session: Session, **extra) -> dict:
    pset = session.model.parameter_set()
    return {"model": session.model.name, "parameter_set": pset.name, "reference_hz": pset.reference_hz,
            "values": session.values(), "conventions": "amplitude rates; o_out = √(2κ_e) o − o_in; ω from the cavities' "
            "frequency (Δ = 0); S_21 = S[p2, p1]", **extra}


def compute_transmission(session: Session) -> FigureData:
    omega = np.linspace(-4, 4, 40 * max(session.resolution.points, 5) + 1)
    s = session.scattering([session.values()], omega)
    data = {"omega": omega, "S21": s.transmission("p2", "p1")[0], "S12": s.transmission("p1", "p2")[0],
            "S11": s.reflection("p1")[0], "S22": s.reflection("p2")[0]}
    return FigureData("transmission", data, _parameters(session))


def plot_transmission(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    floor = 1e-6
    for key, label in (("S21", r"$|S_{21}|^2$ (p1 → p2)"), ("S12", r"$|S_{12}|^2$ (p2 → p1)"), ("S11", r"$|S_{11}|^2$")):
        ax.plot(figure.data["omega"], 10 * np.log10(np.maximum(figure.data[key], floor)), label=label)
    ax.set(xlabel=r"$\omega/\kappa$", ylabel="dB (floor −60 dB)", ylim=(-62, 3))
    ax.legend(frameon=False)


def compute_isolation_map(session: Session) -> FigureData:
    """Isolation on resonance over (θ, Γ/J), all points in one call. For two modes it does
    not depend on ω: S21/S12 = (iJ + Γe^{−iθ})/(iJ + Γe^{iθ}) (docs/papers/metelmann_clerk2015.md)."""
    n = max(session.resolution.points, 5)
    theta, ratio = np.linspace(-np.pi, np.pi, 2 * n + 1), np.linspace(0, 2, 2 * n + 1)
    grid = [session.values(theta=t, Gamma=r * session.values()["J"]) for t in theta for r in ratio]
    s = session.scattering(grid, np.array([0.0]))
    data = {"theta": theta, "Gamma_over_J": ratio, "isolation_db": s.isolation_db("p2", "p1")[:, 0].reshape(theta.size, ratio.size)}
    return FigureData("isolation_map", data, _parameters(session))


def plot_isolation_map(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    image = ax.pcolormesh(figure.data["Gamma_over_J"], figure.data["theta"], np.clip(figure.data["isolation_db"], -40, 40),
                          cmap="RdBu_r", vmin=-40, vmax=40, shading="nearest")
    fig.colorbar(image, ax=ax, label=r"$10\log_{10}|S_{21}/S_{12}|^2$ (dB, clipped at ±40)")
    ax.set(xlabel=r"$\Gamma/J$", ylabel=r"shared-bath phase $\theta$")


def compute_auxiliary(session: Session) -> FigureData:
    omega = np.linspace(0.01, 4, 20 * max(session.resolution.points, 5))
    aux = session.auxiliary()
    gamma = session.values()["Gamma"]
    s = aux.scattering([aux.values(kappa_c=k, g=np.sqrt(gamma * k)) for k in AUXILIARY_KAPPAS], omega)
    data = {"omega": omega, "kappa_c": np.array(AUXILIARY_KAPPAS), "isolation_db": s.isolation_db("p2", "p1")}
    ideal = session.scattering([session.values()], omega)
    data["S21_ideal"] = ideal.transmission("p2", "p1")[0]
    data["S21_auxiliary"] = s.transmission("p2", "p1")
    return FigureData("auxiliary", data, _parameters(session, auxiliary="g = √(Γ κ_c), c resonant (Δ_c = 0)"))


def plot_auxiliary(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    omega = figure.data["omega"]
    for k, kappa_c in enumerate(figure.data["kappa_c"]):
        line, = ax.plot(omega, figure.data["isolation_db"][k], label=rf"$\kappa_c = {kappa_c:g}\,\kappa$")
        ax.plot(omega, 10 * np.log10((4 * kappa_c**2 + omega**2) / omega**2), ":", color=line.get_color())
    ax.set(xlabel=r"$\omega/\kappa$", ylabel="isolation (dB)", yscale="linear")
    ax.legend(frameon=False, title=r"dotted: $(4\kappa_c^2 + \omega^2)/\omega^2$")


FIGURES = {
    "transmission": FigureSpec("transmission", "|S21|², |S12|², |S11|² at J = Γ = κ, θ = −π/2 (the isolator)",
                               compute_transmission, plot_transmission),
    "isolation_map": FigureSpec("isolation_map", "isolation |S21/S12|² (dB) on resonance over the shared bath's phase θ and Γ/J, J = κ",
                                compute_isolation_map, plot_isolation_map),
    "auxiliary": FigureSpec("auxiliary", "isolation with the reservoir as a mode of bandwidth κ_c (g = √(Γκ_c))",
                            compute_auxiliary, plot_auxiliary),
}


def _claim(key: str, claim: str, ok: bool, ours: str, why: str = "") -> dict:
    return {"key": key, "claim": claim, "verdict": "reproduced" if ok else "not reproduced", "ours": ours, "why": why}


def forward_bandwidth(session: Session) -> float:
    """The full width (units of κ) where |S21|² ≥ ½ max, from S on a fine grid (one call)."""
    omega = np.linspace(0, 3, 30001)
    power = session.scattering([session.values()], omega).transmission("p2", "p1")[0]
    above = np.flatnonzero(power >= power.max() / 2)[-1]
    low, high = omega[above], omega[above + 1]
    edge = low + (power[above] - power.max() / 2) / (power[above] - power[above + 1]) * (high - low)
    return 2 * edge


def build(session: Session, figures: dict) -> dict:
    omega = np.linspace(-10, 10, 2001)
    forward = session.scattering([session.values(), session.values(theta=np.pi / 2)], omega)
    s21, s12 = forward.transmission("p2", "p1"), forward.transmission("p1", "p2")
    centre = int(np.argmin(np.abs(omega)))
    width = forward_bandwidth(session)
    kappa_c = 5.0
    aux = session.auxiliary()
    a = aux.scattering([aux.values(kappa_c=kappa_c, g=np.sqrt(session.values()["Gamma"] * kappa_c))], omega)
    measured = a.isolation_db("p2", "p1")[0]
    off = omega != 0
    expected = 10 * np.log10((4 * kappa_c**2 + omega[off] ** 2) / omega[off] ** 2)
    claims = [
        _claim("isolation_condition", "J = Γ, θ = −π/2 cuts p2 → p1 at every frequency; θ = +π/2 cuts p1 → p2",
               s12[0].max() < 1e-20 and s21[1].max() < 1e-20 and s21[0].max() > 0.99,
               f"max |S12|² = {s12[0].max():.1e} (θ = −π/2), max |S21|² = {s21[1].max():.1e} (θ = +π/2) over |ω| ≤ 10κ"),
        _claim("perfect_isolator", "with Γ = κ (impedance matching) the isolator transmits fully and reflects nothing on resonance",
               abs(s21[0, centre] - 1) < 1e-12 and forward.reflection("p1")[0, centre] < 1e-24,
               f"|S21(0)|² = {s21[0, centre]:.12f}, |S11(0)|² = {forward.reflection('p1')[0, centre]:.1e}"),
        _claim("bandwidth", "the forward 3 dB bandwidth is 2κ_MC√(√2 − 1) = 4κ√(√2 − 1) ≈ 2.574κ (amplitude κ)",
               abs(width / BANDWIDTH - 1) < 1e-4, f"{width:.5f} κ (closed form {BANDWIDTH:.5f} κ)"),
        _claim("finite_reservoir", "a reservoir of bandwidth κ_c isolates perfectly at resonance only: |S21/S12|² = "
               "(4κ_c² + ω²)/ω² (derived here; 20 dB over |ω| ≤ 2κ_c/√99)",
               bool(np.allclose(measured[off], expected, atol=1e-6)),
               f"κ_c = {kappa_c:g}κ: largest deviation {np.abs(measured[off] - expected).max():.1e} dB over |ω| ≤ 10κ",
               "closed form derived in docs/papers/metelmann_clerk2015.md, not quoted from the paper"),
    ]
    return claims_report("metelmann_clerk2015", claims)


PAPER = Paper(
    name="metelmann_clerk2015",
    title="Nonreciprocal photon transmission and amplification via reservoir engineering (Metelmann & Clerk 2015)",
    figures=FIGURES,
    session=lambda resolution, progress: Session(load_model("metelmann_clerk_isolator"), resolution, progress),
    report=build,
    write_report=partial(write_claims_table, "Metelmann & Clerk 2015"),
    summary=claims_summary,
)
