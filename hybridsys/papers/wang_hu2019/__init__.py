"""*Nonreciprocity and unidirectional invisibility in cavity magnonics*, Y.-P. Wang, J. W. Rao,
Y. Yang, P.-C. Xu, Y. S. Gui, B. M. Yao, J. Q. You and C.-M. Hu, PRL 123, 127202 (2019):
a cavity mode a and a magnon m that both couple to one microwave line whose two ends are
the ports, and to each other coherently. The line's traveling waves give a dissipative
coupling with the phase Φ the wave accumulates between the two coupling points; with a
phase θ on the coherent coupling (a flux through the loop a → m → line → a) the two
directions differ.

Our model (docs/papers/wang_hu2019.md; the paper's text could not be retrieved, so its
equations are derived here in our conventions, not quoted): amplitude rates, the line
adds κ_a to a and κ_m to m, half each way (:class:`~hybridsys.model.waveguide.Waveguide`),
internal losses κ_ai, κ_mi, H ∋ J(e^{iθ} a†m + e^{−iθ} m†a). With x_o = κ_oi + i(Δ_o − ω) and
Γ = √(κ_a κ_m):

    S21 = −det M_21/det M,   S12 = −det M_12/det M,
    det M    = (x_a + κ_a)(x_m + κ_m) + J² − 2iJΓ cos θ e^{iΦ} − Γ² e^{2iΦ},
    det M_21 = x_a x_m + J² + 2JΓ sin Φ e^{−iθ},    det M_12 = x_a x_m + J² + 2JΓ sin Φ e^{+iθ}.

Both directions share the poles (the hybrid modes' frequencies and dampings, det M = 0);
their zeros, the dips each direction sees, differ where JΓ sin Φ sin θ ≠ 0. A zero of S21
on the real axis (the zero-damping condition) blocks 1 → 2 completely at that frequency
while 2 → 1 passes.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ...model.couplings import Term
from ...model.modes import Cavity, Magnon
from ...model.network import Network
from ...model.waveguide import Waveguide
from .. import Paper
from ..claims_table import claims_report, claims_summary, write_claims_table
from ..figures import FigureData, FigureSpec
from ..port_session import PortSession

#: Parameters we chose (the paper's could not be retrieved): rates in units of the cavity's
#: line rate κ_a, frequencies ω from the common resonance (Δ_a = Δ_m = 0).
VALUES = {"Delta_a": 0.0, "Delta_m": 0.0, "kappa_a": 1.0, "kappa_m": 0.2, "kappa_ai": 0.02, "kappa_mi": 0.01,
          "J": 0.1, "theta": np.pi / 2, "Phi": -0.05}


def network() -> Network:
    """The cavity and the magnon on the line (ports p1 at the left end, p2 at the right)."""
    return Network([
        Cavity("a", detuning="Delta_a", damping="kappa_ai", occupation=0),
        Magnon("m", detuning="Delta_m", damping="kappa_mi", occupation=0),
        Term("J*(exp(I*theta)*a_dag*m + exp(-I*theta)*m_dag*a)", label="coherent"),
        Waveguide(["a", "m"], right=["kappa_a/2", "kappa_m/2"], phases=[0, "Phi"], ends=("p1", "p2"), label="line"),
    ])


def determinants(values: dict, omega: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(det M, det M_21, det M_12) of the module docstring at frequencies ω."""
    v = values
    xa = v["kappa_ai"] + 1j * (v["Delta_a"] - omega)
    xm = v["kappa_mi"] + 1j * (v["Delta_m"] - omega)
    J, theta, Phi = v["J"], v["theta"], v["Phi"]
    gamma = np.sqrt(v["kappa_a"] * v["kappa_m"])
    full = (xa + v["kappa_a"]) * (xm + v["kappa_m"]) + J**2 - 2j * J * gamma * np.cos(theta) * np.exp(1j * Phi) \
        - gamma**2 * np.exp(2j * Phi)
    cross = 2 * J * gamma * np.sin(Phi)
    return full, xa * xm + J**2 + cross * np.exp(-1j * theta), xa * xm + J**2 + cross * np.exp(1j * theta)


def zero_damping(values: dict) -> dict:
    """The zero-damping condition for the dips of S21 at Δ_a = Δ_m = 0: det M_21 = 0 at a
    real ω_z. Its imaginary part fixes ω_z = −2JΓ sin Φ sin θ/(κ_ai + κ_mi), its real part
    κ_ai κ_mi + J² + 2JΓ sin Φ cos θ = ω_z²; solved here for sin Φ (the root with the sign of
    ``values["Phi"]``, |sin Φ| ≤ 1 needed). Returns the values with that Φ and ω_z."""
    v = dict(values)
    J, theta, gamma = v["J"], v["theta"], np.sqrt(v["kappa_a"] * v["kappa_m"])
    total = v["kappa_ai"] + v["kappa_mi"]
    # ω_z² = (2JΓ sin θ/total)² s² = κ_ai κ_mi + J² + 2JΓ cos θ s: a quadratic in s = sin Φ
    a, b, c = (2 * J * gamma * np.sin(theta) / total) ** 2, -2 * J * gamma * np.cos(theta), -(v["kappa_ai"] * v["kappa_mi"] + J**2)
    roots = np.roots([a, b, c]).real
    s = roots[np.argmin(roots)] if v["Phi"] < 0 else roots[np.argmax(roots)]
    v["Phi"] = float(np.arcsin(s))
    v["omega_z"] = float(-2 * J * gamma * s * np.sin(theta) / total)
    return v


def _parameters(session: PortSession, **extra) -> dict:
    return {"values": session.values(), "conventions": "amplitude rates; the line adds κ_a, κ_m (half each way); "
            "o_out = L − o_in; ω from the common resonance; S21 = S[p2, p1]; chosen values, not the paper's", **extra}


def compute_transmission(session: PortSession) -> FigureData:
    omega = np.linspace(-1, 1, 200 * max(session.resolution.points, 5) + 1)
    s = session.scattering([session.values()], omega)
    data = {"omega": omega, "S21": s.transmission("p2", "p1")[0], "S12": s.transmission("p1", "p2")[0]}
    return FigureData("transmission", data, _parameters(session))


def plot_transmission(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    floor = 1e-8
    for key, label in (("S21", r"$|S_{21}|^2$ (p1 → p2)"), ("S12", r"$|S_{12}|^2$ (p2 → p1)")):
        ax.plot(figure.data["omega"], 10 * np.log10(np.maximum(figure.data[key], floor)), label=label)
    ax.set(xlabel=r"$\omega/\kappa_a$", ylabel="dB (floor −80 dB)")
    ax.legend(frameon=False)


def compute_isolation_map(session: PortSession) -> FigureData:
    """10 log10 |S21/S12|² over (Φ, ω), all points in one call."""
    n = max(session.resolution.points, 5)
    phi, omega = np.linspace(-0.3, 0.3, 8 * n + 1), np.linspace(-0.3, 0.3, 40 * n + 1)
    s = session.scattering([session.values(Phi=p) for p in phi], omega)
    return FigureData("isolation_map", {"Phi": phi, "omega": omega, "isolation_db": s.isolation_db("p2", "p1")}, _parameters(session))


def plot_isolation_map(figure: FigureData, fig) -> None:
    ax = fig.add_subplot()
    image = ax.pcolormesh(figure.data["omega"], figure.data["Phi"], np.clip(figure.data["isolation_db"], -30, 30), cmap="RdBu_r",
                          vmin=-30, vmax=30, shading="nearest")
    fig.colorbar(image, ax=ax, label=r"$10\log_{10}|S_{21}/S_{12}|^2$ (dB, clipped at ±30)")
    ax.set(xlabel=r"$\omega/\kappa_a$", ylabel=r"line phase $\Phi$")


def compute_zero_damping(session: PortSession) -> FigureData:
    tuned = zero_damping(session.values())
    omega = tuned["omega_z"] + np.linspace(-0.2, 0.2, 100 * max(session.resolution.points, 5) + 1)
    point = {k: v for k, v in tuned.items() if k != "omega_z"}
    s = session.scattering([point], omega)
    data = {"omega": omega, "S21": s.transmission("p2", "p1")[0], "S12": s.transmission("p1", "p2")[0],
            "omega_z": np.array(tuned["omega_z"]), "Phi": np.array(tuned["Phi"])}
    return FigureData("zero_damping", data, _parameters(session, Phi=tuned["Phi"]))


def plot_zero_damping(figure: FigureData, fig) -> None:
    plot_transmission(figure, fig)
    fig.axes[0].axvline(float(figure.data["omega_z"]), color="0.6", lw=0.8, ls=":")


FIGURES = {
    "transmission": FigureSpec("transmission", "|S21|², |S12|² (dB) of the cavity and the magnon on the line", compute_transmission,
                               plot_transmission),
    "isolation_map": FigureSpec("isolation_map", "isolation |S21/S12|² (dB) over the line phase Φ and ω", compute_isolation_map,
                                plot_isolation_map),
    "zero_damping": FigureSpec("zero_damping", "at the zero-damping condition: S21 vanishes at ω_z, S12 does not",
                               compute_zero_damping, plot_zero_damping),
}


def _claim(key: str, claim: str, ok: bool, ours: str, why: str = "") -> dict:
    return {"key": key, "claim": claim, "verdict": "reproduced" if ok else "not reproduced", "ours": ours, "why": why}


def build(session: PortSession, figures: dict) -> dict:
    omega = np.linspace(-1, 1, 4001)
    base = session.values()
    points = [base, session.values(theta=0.0), session.values(Phi=0.0)]
    s = session.scattering(points, omega)
    s21, s12 = s.amplitude("p2", "p1"), s.amplitude("p1", "p2")
    full, forward, backward = determinants(base, omega)
    closed = max(np.abs(s21[0] + forward / full).max(), np.abs(s12[0] + backward / full).max())
    tuned = zero_damping(base)
    z = session.scattering([{k: v for k, v in tuned.items() if k != "omega_z"}], np.array([tuned["omega_z"]]))
    blocked, passed = z.transmission("p2", "p1")[0, 0], z.transmission("p1", "p2")[0, 0]
    isolation = s.isolation_db("p2", "p1")[0]
    claims = [
        _claim("closed_form", "S21 = −det M_21/det M and S12 = −det M_12/det M (derived here)", closed < 1e-12,
               f"largest deviation {closed:.1e} over |ω| ≤ κ_a"),
        _claim("interference", "nonreciprocity needs both the coherent and the dissipative coupling and a phase: reciprocal for "
               "θ = 0 or Φ = 0", bool(np.allclose(np.abs(s21[1:]), np.abs(s12[1:]), atol=1e-13)) and np.abs(isolation).max() > 10,
               f"max |isolation| {np.abs(isolation).max():.1f} dB at θ = π/2, Φ = {base['Phi']}; "
               f"{np.abs(np.abs(s21[1:]) - np.abs(s12[1:])).max():.1e} at θ = 0 or Φ = 0"),
        _claim("zero_damping", "at the zero-damping condition the transmission one way vanishes at ω_z while the other passes",
               blocked < 1e-20 and passed > 1e-4,
               f"Φ = {tuned['Phi']:.5f}, ω_z = {tuned['omega_z']:.5f} κ_a: |S21|² = {blocked:.1e}, |S12|² = {passed:.2e}",
               "our reading of the paper's unidirectional invisibility; see docs/papers/wang_hu2019.md"),
    ]
    return claims_report("wang_hu2019", claims)


PAPER = Paper(
    name="wang_hu2019",
    title="Nonreciprocity and unidirectional invisibility in cavity magnonics (Wang, Hu et al. 2019)",
    figures=FIGURES,
    session=lambda resolution, progress: PortSession(network(), resolution, progress, values=VALUES),
    report=build,
    write_report=partial(write_claims_table, "Wang & Hu 2019"),
    summary=claims_summary,
)
