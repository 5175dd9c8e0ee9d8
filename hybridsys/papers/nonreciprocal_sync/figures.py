"""The spec's figures, computed from the ready-made model: data, the parameters that
produced them, and a paper-style plot.

Every figure integrates mean fields and covariance from all modes empty with the
fluctuations in their baths' states (ERRATA 7) over ``periods`` mechanical periods
τ = 2π/ω1; where a figure plots one number per parameter point, it is the max (or
mean) over the last ``window`` periods. Figures that share a computation (the K sweep
behind S5(b), S10(b) and S11) share it within one :class:`Session`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from typing import Callable

import attrs
import numpy as np

from ..._version import __version__
from ...compiled.compiler import compile
from ...measures import asymptotic, revival_factor, window
from ...model.modelfile import Model
from ...numerics.fixedpoints import fixed_points
from ...numerics.integrator import Accuracy
from ...numerics.stability import (
    hurwitz_matrices,
    leverrier_coefficients,
    verdict_from_drift,
)
from ...numerics.trajectory import InitialState, Trajectory, simulate
from ...numerics.wigner import WignerTrajectory
from ...sweeps.progress import progress as progress_bar
from ..figures import FigureData, FigureSpec, Resolution

#: Magnon Kerr coefficients of the figures, K/ω1 (the model's scenarios).
KERR_SCENARIOS = ("CD", "kerr_off", "OD")
#: Sides the laser can drive the silica sphere from (the model's scenarios, (S52)).
DIRECTIONS = ("LD", "RD")
DIRECTION_LABELS = {"LD": r"LD, $\sigma_a=+\Omega\Lambda$", "RD": r"RD, $\sigma_a=-\Omega\Lambda$"}
#: S_Q above which the notes and the report call two phonons quantum-synchronized.
SYNCHRONIZED = 0.01
#: Standard errors by which a truncated-Wigner S_Q must lie on the other side of
#: SYNCHRONIZED to overturn a linearized verdict (closer, the verdict is at most partly).
DECISIVE_ERRORS = 2
#: Seed of the truncated-Wigner runs of the figures and the report (fixed: reproducible).
WIGNER_SEED = 20261206
LABELS = {"CD": "CD, $K/\\omega_1=-2\\times10^{-5}$", "kerr_off": "Kerr off, $K=0$", "OD": "OD, $K/\\omega_1=+2\\times10^{-5}$"}


class Session:
    """One model, one resolution, and the computations figures share."""

    def __init__(self, model: Model, resolution: Resolution = Resolution(), progress: Callable | None = None,
                 accuracy: Accuracy = Accuracy()):
        self.model = model
        self.resolution = resolution
        self.accuracy = accuracy
        self.progress = progress or (lambda total, label: progress_bar(total, label, False))
        self.compiled = compile(model)
        self._sweeps: dict = {}
        self.failures: list[str] = []  # points a sweep could not integrate, and why

    def base(self, *scenarios: str, **overrides) -> dict:
        """The simulation column with ``scenarios`` and ``overrides`` applied."""
        return self.model.values("simulation", *scenarios, **overrides)

    def trajectories(self, values: dict, label: str, record_periods: float | None = None, scenarios: tuple[str, ...] = (),
                     initial: InitialState = InitialState(), periods: float | None = None) -> Trajectory:
        """Trajectories for every point of ``values`` (arrays broadcast), with progress,
        on the network of ``scenarios`` (their drive directions), from ``initial`` over
        ``periods`` (default: the resolution's)."""
        compiled = compile(self.model, self.compiled.convention, scenarios)
        params = compiled.parameters(values)
        with self.progress(int(np.prod(params.shape[:-1])), label) as bar:
            return simulate(compiled, params, periods=periods or self.resolution.periods,
                            samples_per_period=self.resolution.samples_per_period, record_periods=record_periods,
                            initial=initial, accuracy=self.accuracy, classify_periods=self.resolution.window,
                            progress=bar.update)

    def synchronization(self, label: str, *scenarios: str, **values) -> dict:
        """Max and mean S_Q(b1, b2) over the last window, and the regime, for every point
        of the broadcast ``values`` on top of the simulation column and ``scenarios``."""
        trajectory = self.trajectories(self.base(*scenarios, **values), label, self.resolution.window, scenarios)
        summary = asymptotic(trajectory.times, trajectory.quantum_synchronization("b1", "b2"), self.resolution.window)
        failed = [reason for reason in trajectory.reasons if reason]
        if failed:
            self.failures.append(f"{label}: {len(failed)} of {trajectory.regime.size} points failed (NaN in the data), e.g. {failed[0]}")
        why = [reason.split(" at t")[0] for reason in trajectory.reasons]  # the kind of failure, without its time
        return {"max": summary["max"], "mean": summary["mean"], "regime": trajectory.regime,
                "reasons": np.asarray(why, dtype=str).reshape(trajectory.regime.shape)}

    def axis(self, low: float, high: float) -> np.ndarray:
        """``resolution.points`` values from low to high."""
        return np.linspace(low, high, self.resolution.points)

    def setup(self, **varied) -> dict:
        """What every figure's parameters JSON records besides its own values."""
        return {
            "hybridsys": __version__,
            "model": self.model.name,
            "parameter_set": "simulation",
            "convention": self.compiled.convention,
            "initial_state": InitialState().describe(),
            "accuracy": self.accuracy.to_data(),
            "resolution": attrs.asdict(self.resolution),
            "varied": varied,
        }

    @cached_property
    def kerr_trajectories(self) -> Trajectory:
        """Full 0..200τ trajectories for CD, Kerr off and OD (S3, S9, S10a)."""
        K = np.array([self.base(s)["K"] for s in KERR_SCENARIOS])
        return self.trajectories(self.base(K=K), "CD / Kerr off / OD trajectories")

    @cached_property
    def kerr_wigner(self) -> WignerTrajectory:
        """Truncated-Wigner moments for CD, Kerr off and OD over the whole 0..200τ, from
        the same initial state as :attr:`kerr_trajectories` (S3 draws them beside the
        linearized curves; the report's recheck reads their last window)."""
        res = self.resolution
        K = np.array([self.base(s)["K"] for s in KERR_SCENARIOS])
        with self.progress(len(K), f"CD / Kerr off / OD truncated Wigner ({res.trajectories} trajectories)") as bar:
            run = simulate(self.compiled, self.compiled.parameters(self.base(K=K)), periods=res.periods,
                           samples_per_period=res.samples_per_period, classify_periods=res.window, method="wigner",
                           trajectories=res.trajectories, seed=WIGNER_SEED)
            bar.update(len(K))
        return run

    def kerr_sweep(self, **fixed) -> tuple[np.ndarray, Trajectory]:
        """Trajectories over K/ω1 in [-5e-5, 5e-5] (Table I's range) with ``fixed``
        values, keeping the last window only; computed once per session."""
        key = tuple(sorted(fixed.items()))
        if key not in self._sweeps:
            K = np.linspace(-5e-5, 5e-5, 2 * (self.resolution.points // 2) + 1)
            label = "K sweep" + "".join(f", {k} = {v:g}" for k, v in key)
            self._sweeps[key] = K, self.trajectories(self.base(K=K, **fixed), label, record_periods=self.resolution.window)
        return self._sweeps[key]


# -- the figures ----------------------------------------------------------------------
def s1(session: Session) -> FigureData:
    """S_Q versus Δa for LD and RD, (a) still and (b) spinning (K = 0, Δm = -ω1), and
    (c) at Table I's Δa versus the spin Ω, which the spec does not state."""
    detuning = session.axis(-1.4, -0.6)
    spins = session.axis(0.0, 1e-4)
    data = {"Delta_a": detuning, "Omega": spins, "Omega_hz": spins * session.model.parameter_set().reference_hz,
            "Lambda": session.base()["Lambda"]}
    for side in DIRECTIONS:
        for state in ("still", "spinning"):
            data[f"S_Q_{state}_{side}"] = session.synchronization(f"S1 Δa, {state}, {side}", "kerr_off", state, side, Delta_a=detuning)["max"]
        data[f"S_Q_vs_Omega_{side}"] = session.synchronization(f"S1 Ω, {side}", "kerr_off", side, Omega=spins)["max"]
    spin = session.base("spinning")["Omega"]
    notes = (
        f"still: max |S_Q(LD) - S_Q(RD)| = {np.nanmax(np.abs(data['S_Q_still_LD'] - data['S_Q_still_RD'])):.3g}",
        f"spinning at Ω/2π = {spin * session.model.parameter_set().reference_hz:g} Hz: σ_a = ±ΩΛ = ±{spin * data['Lambda']:.3g} ω1",
    )
    panels = {"a": {"scenarios": ["kerr_off", "still", "LD | RD"]}, "b": {"scenarios": ["kerr_off", "spinning", "LD | RD"], "Omega": spin},
              "c": {"scenarios": ["kerr_off", "LD | RD"], "Delta_a": session.base()["Delta_a"]}}
    return FigureData("S1", data, {**session.setup(Delta_a=detuning.tolist(), Omega=spins.tolist()), "values": session.base("kerr_off"),
                                   "panels": panels}, notes)


def plot_s1(figure: FigureData, fig) -> None:
    left, middle, right = fig.subplots(1, 3)
    d = figure.data
    for ax, state, title in ((left, "still", r"(a) still, $\Omega=0$"), (middle, "spinning", r"(b) spinning, $\Omega\neq0$")):
        _curves(ax, d["Delta_a"], {DIRECTION_LABELS[side]: d[f"S_Q_{state}_{side}"] for side in DIRECTIONS}, r"$\Delta_a/\omega_1$")
        ax.set_title(title, fontsize=8)
    _curves(right, d["Omega_hz"], {DIRECTION_LABELS[side]: d[f"S_Q_vs_Omega_{side}"] for side in DIRECTIONS}, r"$\Omega/2\pi$ (Hz)")
    right.set_title(rf"(c) $\Delta_a/\omega_1={figure.parameters['panels']['c']['Delta_a']:g}$ versus spin", fontsize=8)


def survives_wigner(linearized_max: np.ndarray, wigner_max: np.ndarray, wigner_error: np.ndarray) -> np.ndarray:
    """Per curve: whether the linearized verdict on synchronization (max S_Q above
    :data:`SYNCHRONIZED`) stands beyond the linearization; it falls where the
    truncated-Wigner max lies :data:`DECISIVE_ERRORS` standard errors or more on the
    other side of the threshold (the rule of the report's recheck)."""
    linearized, wigner = np.asarray(linearized_max) > SYNCHRONIZED, np.asarray(wigner_max) > SYNCHRONIZED
    decisive = np.abs(np.asarray(wigner_max) - SYNCHRONIZED) >= DECISIVE_ERRORS * np.asarray(wigner_error)
    return ~((linearized != wigner) & decisive)


def s3(session: Session) -> FigureData:
    with ThreadPoolExecutor(1) as aside:  # the Wigner kernel releases the GIL: the linearized run (and its compiling) goes on beside it
        running = aside.submit(lambda: session.kerr_wigner)
        trajectory = session.kerr_trajectories
        wigner = running.result()
    sq = trajectory.quantum_synchronization("b1", "b2")
    summary = asymptotic(trajectory.times, sq, session.resolution.window)
    sq_wigner = wigner.quantum_synchronization("b1", "b2")
    wigner_max = wigner.synchronization_summary("b1", "b2")["S_Q"]["max"]
    survives = survives_wigner(summary["max"], wigner_max.value, wigner_max.error)
    return FigureData(
        "S3",
        {"t_over_tau": trajectory.times / (2 * np.pi), "S_Q": sq, "K": trajectory.params[:, session.compiled.parameter_names.index("K")],
         "S_Q_max": summary["max"], "S_Q_mean": summary["mean"], "regime": trajectory.regime.astype(str),
         "linearization": trajectory.linearization_validity().max(axis=-1), "reference_hz": session.model.parameter_set().reference_hz,
         "S_Q_wigner": sq_wigner.value, "S_Q_wigner_error": sq_wigner.error, "S_Q_wigner_max": wigner_max.value,
         "S_Q_wigner_max_error": wigner_max.error, "survives_wigner": survives, "wigner_trajectories": wigner.trajectories},
        {**session.setup(K=list(KERR_SCENARIOS)), "values": session.base(),
         "wigner": {"trajectories": wigner.trajectories, "seed": wigner.seed, "step": wigner.step, "groups": int(wigner.counts.shape[-1])}},
        tuple(f"{s}: regime {r}, S_Q max {m:.4g}, mean {a:.4g} over the last {session.resolution.window:g} periods; "
              f"truncated Wigner max {w:.3g} ± {e:.2g}" + ("" if ok else ": the linearized curve does not survive")
              for s, r, m, a, w, e, ok in zip(KERR_SCENARIOS, trajectory.regime, summary["max"], summary["mean"],
                                               wigner_max.value, wigner_max.error, survives)),
    )


def plot_s3(figure: FigureData, fig) -> None:
    """(a) The linearized S_Q(t) of each case, as the spec draws it; where the
    truncated-Wigner recheck overturns a case's verdict, that curve is dashed, faded and
    marked, and the Wigner mean is drawn beside it with its band of ± one standard
    error. (b) The same on a log scale, where S_Q ≈ 10⁻⁴ and 0.2 are told apart."""
    linear, log = fig.subplots(1, 2, width_ratios=(3, 2))
    d = figure.data
    t = d["t_over_tau"]
    for k, label in enumerate(KERR_SCENARIOS):
        for ax in (linear, log):
            if d["survives_wigner"][k]:
                ax.plot(t, d["S_Q"][k], lw=0.8, color=f"C{k}", label=LABELS[label])
                continue
            ax.plot(t, d["S_Q"][k], lw=0.6, ls="--", alpha=0.5, color=f"C{k}",
                    label=f"{LABELS[label]} (linearized; does not survive truncated Wigner)")
            value, error = d["S_Q_wigner"][k], d["S_Q_wigner_error"][k]
            ax.fill_between(t, np.clip(value - error, 1e-12, None), value + error, color=f"C{k}", alpha=0.3, lw=0)
            ax.plot(t, value, lw=1.6, color=f"C{k}",
                    label=f"{LABELS[label]}, truncated Wigner (M = {int(d['wigner_trajectories'])}, ± 1 s.e.): "
                          f"max {d['S_Q_wigner_max'][k]:.1e}")
    linear.set(xlabel=r"$t/\tau$", ylabel=r"$S_Q$", xlim=(0, t[-1]), ylim=(0, None))
    log.set(xlabel=r"$t/\tau$", ylabel=r"$S_Q$ (log scale)", xlim=(0, t[-1]), yscale="log", ylim=(1e-6, 2))
    linear.legend(frameon=False, fontsize=6.5, loc="upper right")
    _letter(linear, "a")
    _letter(log, "b")


def s9(session: Session) -> FigureData:
    trajectory = session.kerr_trajectories
    names = session.compiled.state_names
    pick = [0, 2]  # CD and OD
    mean = trajectory.mean[pick]
    data = {"t_over_tau": trajectory.times / (2 * np.pi), "regime": trajectory.regime[pick].astype(str), "period": trajectory.period[pick]}
    for q in ("X_b1", "Y_b1", "X_b2", "Y_b2"):
        data[q] = mean[..., names.index(q)]
    last = window(trajectory.times, session.resolution.window)
    data["relative_mismatch"] = np.max([np.max(np.abs(data[f"{q}_b1"][:, last] - data[f"{q}_b2"][:, last]), axis=-1)
                                        / np.max(np.abs(data[f"{q}_b1"][:, last]), axis=-1) for q in "XY"], axis=0)
    return FigureData(
        "S9", data, {**session.setup(K=["CD", "OD"]), "values": session.base()},
        tuple(f"{s}: regime {trajectory.regime[k]}, period {trajectory.period[k]:.6g}/ω1; over the last window "
              f"max|<Q_b1> - <Q_b2>| / max|<Q_b1>| over Q = X, Y: {m:.3g}"
              for s, k, m in zip(("CD", "OD"), pick, data["relative_mismatch"])),
    )


def plot_s9(figure: FigureData, fig) -> None:
    axes = fig.subplots(2, 3)
    t = figure.data["t_over_tau"]
    for row, (k, label) in enumerate(((1, "OD"), (0, "CD"))):  # data: CD first; the spec: OD (a, b, c) above CD (d, e, f)
        for col, q in enumerate("XY"):
            ax = axes[row, col]
            ax.plot(t, figure.data[f"{q}_b1"][k], lw=0.6, label=r"$b_1$")
            ax.plot(t, figure.data[f"{q}_b2"][k], lw=0.6, ls="--", label=r"$b_2$")
            ax.set(xlabel=r"$t/\tau$", ylabel=f"$\\langle {q}_{{b_j}}\\rangle$", title=LABELS[label], xlim=(0, t[-1]))
        ax = axes[row, 2]
        for j, style in (("b1", "-"), ("b2", "--")):
            ax.plot(figure.data[f"X_{j}"][k], figure.data[f"Y_{j}"][k], lw=0.4, ls=style, label=j)
        ax.set(xlabel=r"$\langle X_{b_j}\rangle$", ylabel=r"$\langle Y_{b_j}\rangle$", title="limit cycles")
        for col in range(3):
            _letter(axes[row, col], "abcdef"[3 * row + col])
    axes[0, 0].legend(frameon=False)


def s10(session: Session) -> FigureData:
    trajectory = session.kerr_trajectories
    K, sweep = session.kerr_sweep()
    sc_t = trajectory.complete_synchronization("b1", "b2")
    sc_k = asymptotic(sweep.times, sweep.complete_synchronization("b1", "b2"), session.resolution.window)
    last = asymptotic(trajectory.times, sc_t, session.resolution.window)["max"]
    return FigureData(
        "S10",
        {"t_over_tau": trajectory.times / (2 * np.pi), "S_C": sc_t, "S_Q": trajectory.quantum_synchronization("b1", "b2"),
         "S_C_window_max": last, "K": K, "S_C_max": sc_k["max"],
         "S_C_mean": sc_k["mean"]},
        {**session.setup(K=K.tolist()), "values": session.base()},
        tuple(f"{s}: S_C max {m:.4g} over the last {session.resolution.window:g} periods" for s, m in zip(KERR_SCENARIOS, last)),
    )


def plot_s10(figure: FigureData, fig) -> None:
    left, right = fig.subplots(1, 2)
    for label, series in zip(KERR_SCENARIOS, figure.data["S_C"]):
        if label != "kerr_off":
            left.plot(figure.data["t_over_tau"], series, lw=0.8, label=LABELS[label])
    left.set(xlabel=r"$t/\tau$", ylabel=r"$S_C$", xlim=(0, figure.data["t_over_tau"][-1]), ylim=(0, None))
    left.legend(frameon=False)
    right.plot(figure.data["K"] * 1e5, figure.data["S_C_max"], "o-", ms=3, label="max")
    right.set(xlabel=r"$K/\omega_1\ (\times 10^{-5})$", ylabel=r"$S_C$ (last window)")
    right.legend(frameon=False)
    _letter(left, "a")
    _letter(right, "b")


def s5a(session: Session) -> FigureData:
    chi = session.axis(0.0, 0.05)
    data = {"chi": chi}
    for scenario in KERR_SCENARIOS:
        data[f"S_Q_{scenario}"] = session.synchronization(f"S5a χ, {scenario}", scenario, chi=chi, Delta_a=-1.0)["max"]
    notes = tuple(f"{s}: S_Q max {np.nanmax(data[f'S_Q_{s}']):.4g} at χ/ω1 = {chi[np.nanargmax(data[f'S_Q_{s}'])]:.3g}" for s in KERR_SCENARIOS)
    return FigureData("S5a", data, {**session.setup(chi=chi.tolist(), K=list(KERR_SCENARIOS)), "values": session.base(Delta_a=-1.0)}, notes)


def plot_s5a(figure: FigureData, fig) -> None:
    ax = fig.subplots()
    _curves(ax, figure.data["chi"], {LABELS[s]: figure.data[f"S_Q_{s}"] for s in KERR_SCENARIOS}, r"$\chi/\omega_1$")
    _letter(ax, "a")


def s2(session: Session) -> FigureData:
    """(a) The second Hurwitz determinant at the lowest fixed point over (Δa, Δm):
    standard Δ2 = a1a2 - a3 and the spec's printed a1a2 (ERRATA 12); (b) the CD limit cycles."""
    delta_a, delta_m = session.axis(-1.5, 1.5), session.axis(-1.5, 1.5)
    params = session.compiled.parameters(session.base(Delta_a=delta_a[:, None], Delta_m=delta_m[None, :]))
    points = fixed_points(session.compiled, params)
    state = points.states[..., 0, :]
    drift = session.compiled.drift(params, np.nan_to_num(state))
    a = leverrier_coefficients(drift.reshape(-1, 8, 8))[0].reshape(drift.shape[:2] + (9,))
    trajectory = session.kerr_trajectories
    names = session.compiled.state_names
    data = {
        "Delta_a": delta_a, "Delta_m": delta_m, "theta2_standard": a[..., 1] * a[..., 2] - a[..., 3],
        "theta2_printed": a[..., 1] * a[..., 2], "stable": verdict_from_drift(drift).stable & (points.count > 0),
        "fixed_points": points.count,
        **{f"{q}_CD": trajectory.mean[0][:, names.index(q)] for q in ("X_b1", "Y_b1", "X_b2", "Y_b2")},
    }
    table = fixed_points(session.compiled, session.compiled.parameters(session.base()))
    hurwitz = hurwitz_matrices(a)
    determinants = np.stack([np.linalg.det(hurwitz[..., :k, :k]) for k in range(1, 9)], axis=-1)
    found = points.count > 0
    data["hurwitz_nonpositive"] = np.mean(determinants[found] <= 0, axis=0)  # share of the grid with Δ_k <= 0, k = 1..8
    data["table_stable"] = table.stable[: table.count]
    data["table_max_real_eigenvalue"] = table.max_real_eigenvalue[: table.count]
    verdicts = ", ".join("stable" if s else f"unstable (max Re λ = {r:.3g})" for s, r in zip(table.stable[: table.count], table.max_real_eigenvalue))
    notes = (
        f"lowest fixed point stable at {np.mean(data['stable']):.0%} of the grid; Δ2 = a1a2 - a3 < 0 at "
        f"{np.mean(data['theta2_standard'] < 0):.0%}, printed a1a2 < 0 at {np.mean(data['theta2_printed'] < 0):.0%}",
        f"at Table I (Δa, Δm) = (-1.005, -1), CD: fixed point(s) {verdicts}; from empty modes the motion is a {trajectory.regime[0]}",
    )
    return FigureData("S2", data, {**session.setup(Delta_a=delta_a.tolist(), Delta_m=delta_m.tolist()), "values": session.base()}, notes)


def plot_s2(figure: FigureData, fig) -> None:
    left, middle, right = fig.subplots(1, 3)
    d = figure.data
    for ax, key, title in ((left, "theta2_standard", r"$\Delta_2=a_1a_2-a_3$"), (middle, "theta2_printed", r"printed $\theta_2=a_1a_2$")):
        z = np.sign(d[key]) * np.log10(1 + np.abs(d[key]))
        mesh = ax.pcolormesh(d["Delta_a"], d["Delta_m"], z.T, shading="auto", cmap="RdBu")
        fig.colorbar(mesh, ax=ax, label=r"sign$\cdot\log_{10}(1+|\cdot|)$")
        ax.contour(d["Delta_a"], d["Delta_m"], d["stable"].T.astype(float), levels=[0.5], colors="k", linewidths=0.8)
        ax.set(xlabel=r"$\Delta_a/\omega_1$", ylabel=r"$\Delta_m/\omega_1$", title=title)
        _letter(ax, "a")
    for j, style in (("b1", "-"), ("b2", "--")):
        right.plot(d[f"X_{j}_CD"], d[f"Y_{j}_CD"], lw=0.4, ls=style, label=j)
    right.set(xlabel=r"$\langle X_{b_j}\rangle$", ylabel=r"$\langle Y_{b_j}\rangle$", title="limit cycles (CD)")
    right.legend(frameon=False)
    _letter(right, "b")


def s5b(session: Session) -> FigureData:
    K, sweep = session.kerr_sweep(Delta_a=-1.0)  # S5: Δa = Δm = -ω1
    sq = asymptotic(sweep.times, sweep.quantum_synchronization("b1", "b2"), session.resolution.window)
    return FigureData(
        "S5b", {"K": K, "S_Q_max": sq["max"], "S_Q_mean": sq["mean"], "regime": sweep.regime.astype(str)},
        {**session.setup(K=K.tolist()), "values": session.base(Delta_a=-1.0)},
        ("regimes: " + ", ".join(f"{name} {count}" for name, count in zip(*np.unique(sweep.regime, return_counts=True))),),
    )


def plot_s5b(figure: FigureData, fig) -> None:
    ax = fig.subplots()
    ax.plot(figure.data["K"] * 1e5, figure.data["S_Q_max"], "o-", ms=3, label="max")
    ax.plot(figure.data["K"] * 1e5, figure.data["S_Q_mean"], "s--", ms=2, label="mean")
    ax.set(xlabel=r"$K/\omega_1\ (\times 10^{-5})$", ylabel=r"$S_Q$ (last window)", ylim=(0, None))
    ax.legend(frameon=False)
    _letter(ax, "b")


def s11(session: Session) -> FigureData:
    """G_a and G_m (averaged over the last window) over the K sweep, and at exactly the
    CD, Kerr-off and OD values of K."""
    K, sweep = session.kerr_sweep()
    data = {"K": K, **_couplings(session, sweep)}
    scenarios = _couplings(session, session.kerr_trajectories)
    data.update({"K_scenarios": session.kerr_trajectories.params[:, session.compiled.parameter_names.index("K")],
                 "G_a_scenarios": scenarios["G_a"], "G_m_scenarios": scenarios["G_m"]})
    return FigureData(
        "S11", data, {**session.setup(K=K.tolist()), "values": session.base()},
        ("G = g|<o>| averaged over the last window",) + tuple(
            f"{s}: G_m = {gm:.4g}, G_a = {ga:.4g}" for s, gm, ga in zip(KERR_SCENARIOS, scenarios["G_m"], scenarios["G_a"])),
    )


def _couplings(session: Session, trajectory: Trajectory) -> dict:
    """G_a (photon-b2) and G_m (magnon-b1) of each point, averaged over the last window."""
    labels = session.compiled.coupling_labels
    last = window(trajectory.times, session.resolution.window)
    G = session.compiled.effective_couplings(trajectory.params[:, None, :], trajectory.mean[:, last])  # (points, T, couplings)
    return {"G_a": G[..., labels.index("RadiationPressure(a, b2)")].mean(axis=1),
            "G_m": G[..., labels.index("Magnetostriction(m, b1)")].mean(axis=1)}


def plot_s11(figure: FigureData, fig) -> None:
    ax = fig.subplots()
    ax.plot(figure.data["K"] * 1e5, figure.data["G_m"], "o-", ms=3, label=r"$G_m$ (magnon–$b_1$)")
    ax.plot(figure.data["K"] * 1e5, figure.data["G_a"], "s--", ms=3, label=r"$G_a$ (photon–$b_2$)")
    ax.set(xlabel=r"$K/\omega_1\ (\times 10^{-5})$", ylabel=r"$G/\omega_1$")
    ax.legend(frameon=False)


def _curves(ax, x, curves: dict, xlabel: str, ylabel: str = r"$S_Q$") -> None:
    for (label, y), style in zip(curves.items(), ("o-", "s--", "^:", "d-.")):
        ax.plot(x, y, style, ms=3, lw=1, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, ylim=(0, None))
    ax.legend(frameon=False, fontsize=7)


def _edges(v: np.ndarray) -> np.ndarray:
    """Cell edges around grid values ``v`` (midpoints, extended at both ends)."""
    v = np.asarray(v, dtype=float)
    if v.size == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    middle = (v[1:] + v[:-1]) / 2
    return np.concatenate([[2 * v[0] - middle[0]], middle, [2 * v[-1] - middle[-1]]])


HATCHES = ("////", "\\\\", "xxxx", "....")


def _map(fig, ax, x, y, z, xlabel: str, ylabel: str, title: str, reasons: np.ndarray | None = None) -> None:
    """S_Q over (x, y); failed points (NaN) grey and hatched, one legend entry "failed: <reason>" per reason."""
    from matplotlib.patches import Patch, Rectangle

    mesh = ax.pcolormesh(x, y, z.T, shading="auto", vmin=0)
    fig.colorbar(mesh, ax=ax, label=r"$S_Q$")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    failed = ~np.isfinite(z)
    if not failed.any():
        return
    why = np.where(failed, reasons if reasons is not None else "", "")
    why = np.where(failed & (why == ""), "no value", why)
    xe, ye = _edges(x), _edges(y)
    handles = []
    for reason, hatch in zip(sorted(set(why[failed])), HATCHES * 4):
        for i, j in zip(*np.nonzero(why == reason)):
            ax.add_patch(Rectangle((xe[i], ye[j]), xe[i + 1] - xe[i], ye[j + 1] - ye[j], facecolor="0.6", edgecolor="0.3",
                                   hatch=hatch, linewidth=0))
        handles.append(Patch(facecolor="0.6", edgecolor="0.3", hatch=hatch, label=f"failed: {reason} ({np.sum(why == reason)})"))
    ax.legend(handles=handles, loc="upper right", fontsize=6, framealpha=0.8)


def _letter(ax, letter: str) -> None:
    """The spec's panel letter, top left inside the axes."""
    ax.text(0.02, 0.97, f"({letter})", transform=ax.transAxes, ha="left", va="top", fontsize=9, fontweight="bold")


def s4(session: Session) -> FigureData:
    detuning = session.axis(-1.3, -0.7)
    data = {"detuning": detuning}
    for scenario in KERR_SCENARIOS:
        data[f"S_Q_vs_Delta_m_{scenario}"] = session.synchronization(f"S4 Δm, {scenario}", scenario, Delta_m=detuning)["max"]
        data[f"S_Q_vs_Delta_a_{scenario}"] = session.synchronization(f"S4 Δa, {scenario}", scenario, Delta_a=detuning)["max"]
    notes = tuple(
        f"{axis}: S_Q max over the sweep: " + ", ".join(f"{s} {np.max(data[f'S_Q_vs_{axis}_{s}']):.4g}" for s in KERR_SCENARIOS)
        for axis in ("Delta_m", "Delta_a")
    )
    return FigureData("S4", data, {**session.setup(Delta=detuning.tolist(), K=list(KERR_SCENARIOS)), "values": session.base()}, notes)


def plot_s4(figure: FigureData, fig) -> None:
    axes = fig.subplots(2, 2)
    x = figure.data["detuning"]
    for col, (axis, symbol) in enumerate((("Delta_m", r"$\Delta_m/\omega_1$"), ("Delta_a", r"$\Delta_a/\omega_1$"))):
        _curves(axes[0, col], x, {"Kerr off (CD = OD)": figure.data[f"S_Q_vs_{axis}_kerr_off"]}, symbol)
        _curves(axes[1, col], x, {LABELS[s]: figure.data[f"S_Q_vs_{axis}_{s}"] for s in ("CD", "OD")}, symbol)
        _letter(axes[0, col], "ab"[col])
        _letter(axes[1, col], "cd"[col])


def s8(session: Session) -> FigureData:
    """S_Q versus Δm under thermal noise, Kerr off and CD; and the revival factor (S64)
    at the CD value of K and, for "up to", its largest value over K <= 0 (n̄_j = 10)."""
    detuning = session.axis(-1.3, -0.7)
    kerr = session.axis(-5e-5, 0.0)[:-1]  # K != 0 (S64)
    data = {"Delta_m": detuning, "K": kerr}
    for n in (0, 1, 10):
        data[f"S_Q_nbar{n}_kerr_off"] = session.synchronization(f"S8 n̄ = {n}, Kerr off", "kerr_off", Delta_m=detuning, nbar_1=n, nbar_2=n)["max"]
    data["S_Q_nbar10_CD"] = session.synchronization("S8 n̄ = 10, CD", "CD", Delta_m=detuning, nbar_1=10, nbar_2=10)["max"]
    revival = revival_factor(data["S_Q_nbar10_CD"], data["S_Q_nbar0_kerr_off"])
    data["revival_factor"] = np.array(revival)
    noisy = session.synchronization("S8 n̄ = 10, Δm × K", Delta_m=detuning[:, None], K=kerr[None, :], nbar_1=10, nbar_2=10)["max"]
    data["revival_vs_K"] = np.array([revival_factor(column, data["S_Q_nbar0_kerr_off"]) if np.any(np.isfinite(column)) else np.nan
                                     for column in noisy.T])
    largest = f"{np.nanmax(data['revival_vs_K']):.4g} at K/ω1 = {kerr[np.nanargmax(data['revival_vs_K'])]:.3g}" \
        if np.any(np.isfinite(data["revival_vs_K"])) else "none (every point failed)"
    return FigureData(
        "S8", data,
        {**session.setup(Delta_m=detuning.tolist(), nbar=[0, 1, 10], K=kerr.tolist()), "values": session.base(),
         "panels": {"a": {"scenarios": ["kerr_off"], "nbar_j": [0, 1, 10]}, "b": {"scenarios": ["CD | kerr_off"], "nbar_j": 10},
                    "c": {"nbar_j": 10, "K": kerr.tolist()}}},
        (f"revival factor Λ (S64) = max S_Q(n̄ = 10, CD) / max S_Q(n̄ = 0, Kerr off) over the Δm sweep = {revival:.4g}",
         f"largest Λ over K/ω1 in [{kerr[0]:g}, {kerr[-1]:.3g}]: {largest}"),
    )


def plot_s8(figure: FigureData, fig) -> None:
    left, middle, right = fig.subplots(1, 3)
    x, d = figure.data["Delta_m"], figure.data
    _curves(left, x, {rf"$\bar n_j={n}$": d[f"S_Q_nbar{n}_kerr_off"] for n in (0, 1, 10)}, r"$\Delta_m/\omega_1$")
    left.set_title("Kerr off", fontsize=8)
    _curves(middle, x, {LABELS["CD"]: d["S_Q_nbar10_CD"], LABELS["kerr_off"]: d["S_Q_nbar10_kerr_off"]}, r"$\Delta_m/\omega_1$")
    middle.set_title(rf"$\bar n_j=10$; revival factor $\Lambda$ = {float(d['revival_factor']):.3g}", fontsize=8)
    _letter(left, "a")
    _letter(middle, "b")  # the right panel (Λ versus K) is ours, not the spec's
    _curves(right, d["K"] * 1e5, {r"$\bar n_j=10$": d["revival_vs_K"]}, r"$K/\omega_1\ (\times10^{-5})$", r"revival factor $\Lambda$ (S64)")


def s6(session: Session) -> FigureData:
    gamma, kappa = session.axis(0.001, 0.012), session.axis(0.05, 0.5)
    data = {"gamma": gamma, "kappa_m": kappa}
    for scenario in ("kerr_off", "CD"):
        result = session.synchronization(f"S6 map, {scenario}", scenario, gamma_1=gamma[:, None], gamma_2=gamma[:, None], kappa_m=kappa[None, :])
        data[f"map_{scenario}"], data[f"failed_map_{scenario}"] = result["max"], result["reasons"]
        data[f"vs_gamma_{scenario}"] = session.synchronization(f"S6 γ, {scenario}", scenario, gamma_1=gamma, gamma_2=gamma)["max"]
        data[f"vs_kappa_m_{scenario}"] = session.synchronization(f"S6 κm, {scenario}", scenario, kappa_m=kappa)["max"]
    notes = tuple(f"{s}: S_Q > {SYNCHRONIZED} at {np.mean(data[f'map_{s}'] > SYNCHRONIZED):.0%} of the (γ_j, κ_m) map" for s in ("kerr_off", "CD"))
    return FigureData("S6", data, {**session.setup(gamma_j=gamma.tolist(), kappa_m=kappa.tolist()), "values": session.base()}, notes)


def plot_s6(figure: FigureData, fig) -> None:
    axes = fig.subplots(2, 3)
    d = figure.data
    for row, scenario in enumerate(("kerr_off", "CD")):
        _map(fig, axes[row, 0], d["gamma"], d["kappa_m"], d[f"map_{scenario}"], r"$\gamma_j/\omega_1$", r"$\kappa_m/\omega_1$", LABELS[scenario],
             d.get(f"failed_map_{scenario}"))
        _curves(axes[row, 1], d["gamma"], {LABELS[scenario]: d[f"vs_gamma_{scenario}"]}, r"$\gamma_j/\omega_1$")
        _curves(axes[row, 2], d["kappa_m"], {LABELS[scenario]: d[f"vs_kappa_m_{scenario}"]}, r"$\kappa_m/\omega_1$")
        for col in range(3):
            _letter(axes[row, col], "abcdef"[3 * row + col])


def s7(session: Session) -> FigureData:
    K = session.axis(-5e-5, 5e-5)
    rates = {"gamma": session.axis(0.001, 0.012), "kappa_m": session.axis(0.05, 0.5), "kappa_a": session.axis(0.05, 0.4)}
    data = {"K": K, **rates}
    for name, values in rates.items():
        grid = {"gamma_1": values[:, None], "gamma_2": values[:, None]} if name == "gamma" else {name: values[:, None]}
        result = session.synchronization(f"S7 map {name}, K", **grid, K=K[None, :])
        data[f"map_{name}"], data[f"failed_map_{name}"] = result["max"], result["reasons"]
        line = {"gamma_1": values, "gamma_2": values} if name == "gamma" else {name: values}
        for scenario in KERR_SCENARIOS:
            data[f"vs_{name}_{scenario}"] = session.synchronization(f"S7 {name}, {scenario}", scenario, **line)["max"]
    return FigureData("S7", data, {**session.setup(K=K.tolist(), **{k: v.tolist() for k, v in rates.items()}), "values": session.base()})


def plot_s7(figure: FigureData, fig) -> None:
    axes = fig.subplots(2, 3)
    d = figure.data
    for col, (name, symbol) in enumerate((("gamma", r"$\gamma_j/\omega_1$"), ("kappa_m", r"$\kappa_m/\omega_1$"), ("kappa_a", r"$\kappa_a/\omega_1$"))):
        _map(fig, axes[0, col], d[name], d["K"] * 1e5, d[f"map_{name}"], symbol, r"$K/\omega_1\ (\times10^{-5})$", "", d.get(f"failed_map_{name}"))
        _curves(axes[1, col], d[name], {LABELS[s]: d[f"vs_{name}_{s}"] for s in KERR_SCENARIOS}, symbol)
        _letter(axes[0, col], "ace"[col])  # the spec: (a, c, e) maps, (b, d, f) curves
        _letter(axes[1, col], "bdf"[col])


FIGURES = {
    spec.name: spec
    for spec in (
        FigureSpec("S1", "S_Q versus Δa for the laser from the left (LD) and right (RD), still and spinning sphere (Sagnac)", s1, plot_s1, (12.0, 3.8)),
        FigureSpec("S2", "Hurwitz determinant Δ2 over (Δa, Δm), standard and as printed; the phonon limit cycles", s2, plot_s2, (12.0, 3.8)),
        FigureSpec("S3", "S_Q(t) over 200τ for the bias field from the CD (K<0), Kerr off and the OD (K>0); "
                   "truncated Wigner where it overturns the linearization", s3, plot_s3, (11.0, 4.2)),
        FigureSpec("S4", "S_Q versus Δm and Δa: Kerr off (reciprocal) and CD versus OD", s4, plot_s4, (8.0, 6.0)),
        FigureSpec("S5a", "asymptotic S_Q versus the phonon-phonon contact coupling χ, CD and OD", s5a, plot_s5a),
        FigureSpec("S5b", "asymptotic S_Q versus the magnon Kerr coefficient K", s5b, plot_s5b),
        FigureSpec("S6", "S_Q versus the mechanical damping γ_j and the magnon decay κ_m, Kerr off and CD", s6, plot_s6, (11.0, 6.5)),
        FigureSpec("S7", "S_Q versus γ_j, κ_m, κ_a and the Kerr coefficient K", s7, plot_s7, (11.0, 6.5)),
        FigureSpec("S8", "S_Q versus Δm under thermal noise n̄_j = 0, 1, 10, and the Kerr revival factor Λ (S64) versus K", s8, plot_s8, (12.0, 3.8)),
        FigureSpec("S9", "mean phonon quadratures and their limit cycles, CD versus OD", s9, plot_s9, (10.0, 6.0)),
        FigureSpec("S10", "S_C(t) for CD and OD, and asymptotic S_C versus K", s10, plot_s10, (10.0, 3.8)),
        FigureSpec("S11", "effective couplings G_m and G_a versus K", s11, plot_s11),
    )
}
