"""The spec's claims, each judged from the data of the figure it comes from.

A :class:`Claim` quotes (or closely paraphrases) one statement of the spec and names
the figure whose data decide it; its ``judge`` reads that figure's arrays and
returns a :class:`Finding`: our number(s) and a verdict. Nothing here is typed in
from the spec's plots: the stated numbers are the spec's words, our numbers come
from :mod:`hybridsys.figures`. The rules behind the verdicts:

* "S_Q = 0" means S_Q < :data:`~hybridsys.figures.SYNCHRONIZED` (0.01); "S_C = 0"
  means S_C < :data:`CLASSICAL_ZERO`.
* A number the spec states (≈ x, or a threshold) is *reproduced* within
  :data:`CLOSE` (10 %) relative deviation, *partly* within :data:`ROUGH` (50 %),
  and *not reproduced* beyond.
* Two curves "agree" (reciprocity) within :data:`AGREE`, far above the integration
  accuracy (rtol 1e-6) and far below any S_Q that matters.
* Mean values are "completely synchronized" when max|<X_b1> - <X_b2>| over the last
  window is within :data:`CLOSE` of max|<X_b1>|; couplings are "symmetric" when
  |G_m - G_a| is within :data:`CLOSE` of the larger one.
"""

from __future__ import annotations

from typing import Callable

import attrs
import numpy as np

from .figures import SYNCHRONIZED, FigureData
from .physical import YIG_RADIUS_SIMULATION, yig_kerr_coefficient

REPRODUCED, PARTLY, NOT_REPRODUCED = "reproduced", "partly", "not reproduced"
VERDICTS = (REPRODUCED, PARTLY, NOT_REPRODUCED)
#: Relative deviation from a stated number that counts as reproduced, and as partly.
CLOSE, ROUGH = 0.1, 0.5
#: S_C below this is "no classical synchronization" (a tenth of the spec's CD value).
CLASSICAL_ZERO = 1e-3
#: Largest |difference| of two S_Q curves that counts as the same curve.
AGREE = 1e-4
#: The figures' Kerr coefficient |K|/ω1 (CD: -2e-5, OD: +2e-5).
FIGURE_KERR = 2e-5


@attrs.frozen
class Finding:
    """What we computed for a claim (``ours``), the verdict, and why where it is not
    reproduced."""

    ours: str
    verdict: str
    why: str = ""

    def __attrs_post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")


@attrs.frozen
class Claim:
    """One statement of the spec, where it is (``source``), the figure whose data
    judge it (None: judged from the physical helpers), and the unstated choice(s) it
    depends on (see the report's sensitivity section)."""

    key: str
    source: str
    statement: str
    figure: str | None
    judge: Callable[[dict | None], Finding]
    depends_on: str = ""


# -- rules -----------------------------------------------------------------------------
def _worst(*verdicts: str) -> str:
    return max(verdicts, key=VERDICTS.index)


def _approximately(ours: float, stated: float, what: str) -> Finding:
    """A stated number against ours (``what``), judged by its relative deviation."""
    if not np.isfinite(ours):
        return Finding(f"{what}: none", NOT_REPRODUCED, f"there is no such value in our data ({what})")
    deviation = abs(ours - stated) / abs(stated)
    verdict = REPRODUCED if deviation <= CLOSE else PARTLY if deviation <= ROUGH else NOT_REPRODUCED
    why = "" if verdict == REPRODUCED else f"{what} is {ours:.3g}, {deviation:.0%} from the stated {stated:g}"
    return Finding(f"{what} = {ours:.3g}", verdict, why)


def _share(mask: np.ndarray, what: str, all_or_none: bool = True) -> Finding:
    """A statement that holds at every point of a sweep: reproduced where it holds at
    all of them, partly at some, not reproduced at none."""
    share = float(np.mean(mask))
    verdict = REPRODUCED if share == 1 else PARTLY if share > 0 else NOT_REPRODUCED
    return Finding(f"{share:.0%} of the points", verdict, "" if verdict == REPRODUCED else f"{what} at {share:.0%} of the points")


def _synchronized(values) -> np.ndarray:
    return np.nan_to_num(np.asarray(values, dtype=float), nan=0.0) > SYNCHRONIZED


def _last_synchronized(x: np.ndarray, sq: np.ndarray) -> float:
    above = np.flatnonzero(_synchronized(sq))
    return float(x[above[-1]]) if above.size else np.nan


def _first_synchronized(x: np.ndarray, sq: np.ndarray) -> float:
    above = np.flatnonzero(_synchronized(sq))
    return float(x[above[0]]) if above.size else np.nan


def _settled(x: np.ndarray, sq: np.ndarray) -> float:
    """The first x from which S_Q stays synchronized to the end (NaN if it does not end so)."""
    below = np.flatnonzero(~_synchronized(sq))
    if not below.size:
        return float(x[0])
    return float(x[below[-1] + 1]) if below[-1] + 1 < x.size else np.nan


def _nearest(x: np.ndarray, value: float) -> int:
    return int(np.argmin(np.abs(np.asarray(x) - value)))


def _argmax(x: np.ndarray, y: np.ndarray) -> float:
    return float(x[np.nanargmax(y)]) if np.any(np.isfinite(y)) else np.nan


# -- judges, one per claim ---------------------------------------------------------------
def _s1_still(d) -> Finding:
    gap = float(np.nanmax(np.abs(d["S_Q_still_LD"] - d["S_Q_still_RD"])))
    ok = gap <= AGREE
    return Finding(f"max |S_Q(LD) - S_Q(RD)| = {gap:.2g}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "the two directions differ without spin")


def _s1_spinning(d) -> Finding:
    band = np.abs(d["Delta_a"] + 1) <= 0.2 + 1e-12
    ld, rd = _synchronized(d["S_Q_spinning_LD"]), _synchronized(d["S_Q_spinning_RD"])
    rd_only, ld_only = int(np.sum(band & rd & ~ld)), int(np.sum(band & ld & ~rd))
    ours = f"in -1.2 <= Δa <= -0.8: RD only at {rd_only}, LD only at {ld_only} of {int(band.sum())} points"
    if rd_only and ld_only:
        return Finding(ours, REPRODUCED)
    if rd_only or ld_only:
        return Finding(ours, PARTLY, "synchronization is one-way for one input direction only")
    return Finding(ours, NOT_REPRODUCED, "no Δa in the range where one direction synchronizes and the other does not")


def _s2_theta(d) -> Finding:
    positive = float(np.mean(d["theta2_standard"] > 0))
    printed = float(np.mean(d["theta2_printed"] > 0))
    verdict = REPRODUCED if positive == 1 else PARTLY if positive > 0 else NOT_REPRODUCED
    return Finding(f"Δ2 = a1a2 - a3 > 0 at {positive:.0%}, printed a1a2 > 0 at {printed:.0%} of the grid", verdict,
                   "" if verdict == REPRODUCED else f"Δ2 > 0 at {positive:.0%} of the grid only")


def _s2_stable(d) -> Finding:
    stable_share = float(np.mean(d["stable"]))
    max_re = np.asarray(d["table_max_real_eigenvalue"], dtype=float)
    ours = (f"Table I point: {max_re.size} fixed point(s), max Re λ = {', '.join(f'{x:.3g}' for x in max_re)}; "
            f"lowest fixed point stable at {stable_share:.0%} of the (Δa, Δm) grid")
    if np.all(d["table_stable"]) and stable_share == 1:
        return Finding(ours, REPRODUCED)
    return Finding(ours, NOT_REPRODUCED, "the fixed point at Table I's parameters is unstable and θ2 > 0 does not imply "
                   "stability (all Hurwitz determinants must be positive); the mean fields self-oscillate (ERRATA 7)")


def _limit_cycle(d) -> Finding:
    regime, period = str(d["regime"][0]), float(d["period"][0])
    ok = regime == "limit cycle"
    return Finding(f"CD: {regime}" + (f", period {period:.4g}/ω1" if ok else ""), REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"the CD trajectory is classified {regime!r}")


def _s3_split(d) -> Finding:
    cd, off, od = (float(x) for x in d["S_Q_max"])
    ok = cd > SYNCHRONIZED and off > SYNCHRONIZED and od <= SYNCHRONIZED
    ratios = ", ".join(f"{r:.2g}" for r in d["linearization"])
    return Finding(f"max S_Q, last window: CD {cd:.3g}, Kerr off {off:.3g}, OD {od:.2g} (fluctuation/mean occupation: {ratios})",
                   REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "the CD / Kerr-off / OD pattern differs")


def _s3_onset(d) -> Finding:
    onsets = [_settled(d["t_over_tau"], series) for series in d["S_Q"][:2]]  # CD, Kerr off
    late = [_approximately(t, 50.0, f"onset t/τ ({name})") for t, name in zip(onsets, ("CD", "Kerr off")) if not t <= 50]
    start = float(np.min(d["S_Q"][:, 0]))
    ours = (f"S_Q > {SYNCHRONIZED} from t/τ = {onsets[0]:.3g} (CD), {onsets[1]:.3g} (Kerr off) to the end; "
            f"S_Q(0) = {start:.3g} (both phonons start in vacuum)")
    return Finding(ours, _worst(REPRODUCED, *(f.verdict for f in late)), "; ".join(f.why for f in late))


def _s4_one_way(d) -> Finding:
    k = _nearest(d["detuning"], -1.0)
    values = {axis: (float(d[f"S_Q_vs_{axis}_CD"][k]), float(d[f"S_Q_vs_{axis}_OD"][k])) for axis in ("Delta_m", "Delta_a")}
    ok = [cd > SYNCHRONIZED >= od for cd, od in values.values()]
    ours = "; ".join(f"{axis} = {d['detuning'][k]:.3g}: CD {cd:.3g}, OD {od:.2g}" for axis, (cd, od) in values.items())
    verdict = REPRODUCED if all(ok) else PARTLY if any(ok) else NOT_REPRODUCED
    return Finding(ours, verdict, "" if all(ok) else "at Δ ≈ -ω1 the OD case is synchronized too (or CD is not)")


def _s5a(d) -> Finding:
    finding = _share(d["S_Q_CD"] > d["S_Q_kerr_off"], "CD above Kerr off")
    return attrs.evolve(finding, ours=f"CD above Kerr off at {finding.ours}")


def _vanishing_from(K: np.ndarray, on: np.ndarray) -> str:
    """Where ``on`` is False from some K > 0 to the sweep's end: "for K/ω1 >= ...", or "nowhere"."""
    beyond = np.flatnonzero((K > 0) & on)
    first = beyond[-1] + 1 if beyond.size else np.flatnonzero(K > 0)[0]
    return f"for K/ω1 >= {K[first]:.3g}" if first < K.size else "nowhere"


def _s5b_od(d) -> Finding:
    on = _synchronized(d["S_Q_max"])
    finding = _share(~on[d["K"] > 0], "S_Q = 0 for K > 0")
    return attrs.evolve(finding, ours=f"S_Q = 0 at {finding.ours} with K > 0; S_Q = 0 {_vanishing_from(d['K'], on)}")


def _s5b_optimum(d) -> Finding:
    best = _argmax(d["K"], d["S_Q_max"])
    ok = best < 0
    return Finding(f"max S_Q {np.nanmax(d['S_Q_max']):.3g} at K/ω1 = {best:.2g}", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "the optimum is not on the CD (K < 0) side")


def _s6_robust(d) -> Finding:
    finding = _share(_synchronized(d["vs_gamma_CD"]), "CD synchronized")
    return attrs.evolve(finding, ours=f"CD synchronized at {finding.ours} of γ_j in [{d['gamma'][0]:.3g}, {d['gamma'][-1]:.3g}]")


def _s6_wider(d) -> Finding:
    shares = {s: float(np.mean(_synchronized(d[f"map_{s}"]))) for s in ("kerr_off", "CD")}
    failed = {s: float(np.mean(~np.isfinite(d[f"map_{s}"]))) for s in ("kerr_off", "CD")}
    ok = shares["CD"] > shares["kerr_off"]
    return Finding(f"synchronized share of the (γ_j, κ_m) map: CD {shares['CD']:.0%}, Kerr off {shares['kerr_off']:.0%} "
                   f"(failed points: {failed['CD']:.0%}, {failed['kerr_off']:.0%})", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "Kerr off synchronizes as much of the map as CD")


def _s7_gamma(d) -> Finding:
    return _approximately(_last_synchronized(d["gamma"], d["vs_gamma_kerr_off"]), 0.007, "largest synchronized γ_j/ω1 (Kerr off)")


def _s7_kappa_m_off(d) -> Finding:
    return _approximately(_last_synchronized(d["kappa_m"], d["vs_kappa_m_kerr_off"]), 0.24, "largest synchronized κ_m/ω1 (Kerr off)")


def _s7_kappa_m_best(d) -> Finding:
    return _approximately(_argmax(d["kappa_m"], d["vs_kappa_m_CD"]), 0.25, "κ_m/ω1 of the largest S_Q (CD)")


def _s7_kappa_a_off(d) -> Finding:
    return _approximately(_first_synchronized(d["kappa_a"], d["vs_kappa_a_kerr_off"]), 0.14, "smallest synchronized κ_a/ω1 (Kerr off)")


def _s7_kappa_a_best(d) -> Finding:
    return _approximately(_argmax(d["kappa_a"], d["vs_kappa_a_CD"]), 0.125, "κ_a/ω1 of the largest S_Q (CD)")


def _s8_noise(d) -> Finding:
    peaks = [float(np.nanmax(d[f"S_Q_nbar{n}_kerr_off"])) for n in (0, 1, 10)]
    ok = peaks[0] >= peaks[1] >= peaks[2] and peaks[2] < peaks[0]
    return Finding("max S_Q, Kerr off: " + ", ".join(f"n̄ = {n}: {p:.3g}" for n, p in zip((0, 1, 10), peaks)),
                   REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "S_Q does not fall as n̄_j grows")


def _s8_kerr_helps(d) -> Finding:
    cd, off = float(np.nanmax(d["S_Q_nbar10_CD"])), float(np.nanmax(d["S_Q_nbar10_kerr_off"]))
    ideal = float(np.nanmax(d["S_Q_nbar0_kerr_off"]))
    ours = f"n̄ = 10: CD {cd:.3g}, Kerr off {off:.3g}; n̄ = 0, Kerr off: {ideal:.3g}"
    if cd > off and cd >= (1 - CLOSE) * ideal:
        return Finding(ours, REPRODUCED)
    if cd > off:
        return Finding(ours, PARTLY, "the Kerr effect raises S_Q at n̄ = 10, but far from the noiseless value")
    return Finding(ours, NOT_REPRODUCED, "the Kerr effect does not raise S_Q at n̄ = 10")


def _s8_revival(d) -> Finding:
    best = int(np.nanargmax(d["revival_vs_K"]))
    finding = _approximately(float(d["revival_vs_K"][best]), 0.99, "the largest revival factor Λ over K <= 0")
    return attrs.evolve(finding, ours=f"{finding.ours} at K/ω1 = {d['K'][best]:.2g}; Λ = {float(d['revival_factor']):.3g} at the CD value")


def _s9(d) -> Finding:
    cd, od = (float(x) for x in d["relative_mismatch"])
    ok = cd <= CLOSE < od
    return Finding(f"max|<X_b1> - <X_b2>| / max|<X_b1>|, last window: CD {cd:.2g}, OD {od:.2g}",
                   REPRODUCED if ok else PARTLY if cd < od else NOT_REPRODUCED,
                   "" if ok else f"the CD mean quadratures differ by {cd:.0%} of their amplitude")


def _s10_cd(d) -> Finding:
    return _approximately(float(d["S_C_window_max"][0]), 0.015, "max S_C over the last window (CD)")


def _s10_od(d) -> Finding:
    od = float(d["S_C_window_max"][2])
    ok = od < CLASSICAL_ZERO
    return Finding(f"max S_C, last window, OD: {od:.2g}", REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "S_C is not zero for OD")


def _s10_vs_k(d) -> Finding:
    on = np.nan_to_num(d["S_C_max"]) >= CLASSICAL_ZERO
    if not np.any(on[d["K"] < 0]):
        return Finding("S_C = 0 for every K < 0", NOT_REPRODUCED, "S_C does not appear for K < 0")
    finding = _share(~on[d["K"] > 0], "S_C = 0 for K > 0")
    return attrs.evolve(finding, ours=f"S_C = 0 at {finding.ours} with K > 0; S_C = 0 {_vanishing_from(d['K'], on)}; "
                                      f"max S_C for K < 0: {np.nanmax(d['S_C_max'][d['K'] < 0]):.3g}")


def _s11(d) -> Finding:
    asymmetry = {}
    for name, k in (("CD", -FIGURE_KERR), ("OD", FIGURE_KERR)):
        i = _nearest(d["K"], k)
        asymmetry[name] = float(abs(d["G_m"][i] - d["G_a"][i]) / max(d["G_m"][i], d["G_a"][i]))
    ok = asymmetry["CD"] <= CLOSE < asymmetry["OD"]
    return Finding(f"|G_m - G_a| / max: CD {asymmetry['CD']:.2g}, OD {asymmetry['OD']:.2g}",
                   REPRODUCED if ok else PARTLY if asymmetry["CD"] < asymmetry["OD"] else NOT_REPRODUCED,
                   "" if ok else f"G_m and G_a differ by {asymmetry['CD']:.0%} for CD")


def _kerr_signs(_) -> Finding:
    k100, k110 = (yig_kerr_coefficient(axis, YIG_RADIUS_SIMULATION, 10e6) for axis in ("[100]", "[110]"))
    ok = k100 > 0 > k110
    return Finding(f"K/ω1: [100] {k100:.2g}, [110] {k110:.2g} (K_an = YIG's K1 < 0)", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "with YIG's negative anisotropy constant (S39) and (S49) give the opposite signs; "
                   "the spec's signs hold for K_an > 0")


def _kerr_size(_) -> Finding:
    k110 = abs(yig_kerr_coefficient("[110]", YIG_RADIUS_SIMULATION, 10e6))
    finding = _approximately(k110, FIGURE_KERR, f"|K|/ω1 from (S49), [110], r0 = {YIG_RADIUS_SIMULATION * 1e3:g} mm")
    return attrs.evolve(finding, why=finding.why and finding.why + " (ERRATA 13): the figures' K is a chosen parameter")


CLAIMS = (
    Claim("S1-still", "Fig. S1(a)", "without spin (Ω = 0) S_Q does not depend on the laser's input direction (reciprocal)", "S1", _s1_still),
    Claim("S1-spinning", "Fig. S1(b)", "spinning, synchronization is one-way in -1.2 < Δa/ω1 < -0.8: it appears from RD and not from LD", "S1",
          _s1_spinning, "Ω"),
    Claim("S2-theta", "Fig. S2(a)", "the stability function θ2 is positive over the (Δa, Δm) plane", "S2", _s2_theta),
    Claim("S2-stable", "Fig. S2(a), (S53)-(S54)", "all the used parameters keep the system in a stable zone", "S2", _s2_stable),
    Claim("S2-cycle", "Fig. S2(b), S9(f)", "the phonons settle on a stable limit cycle (CD)", "S9", _limit_cycle, "initial state"),
    Claim("S3-split", "Fig. S3, (S58)-(S61)", "S_Q > 0 for CD and Kerr off, S_Q = 0 for OD", "S3", _s3_split, "g, initial state, window"),
    Claim("S3-onset", "Fig. S3", "S_Q > 0 for t/τ > 50 (CD and Kerr off)", "S3", _s3_onset, "initial state"),
    Claim("S4-one-way", "Fig. S4(c,d)", "with the Kerr effect synchronization is one-way (CD, not OD) around Δm, Δa ≈ -ω1", "S4", _s4_one_way, "window"),
    Claim("S5a", "Fig. S5(a)", "across χ, S_Q is enhanced with the Kerr effect (CD) over Kerr off", "S5a", _s5a, "window"),
    Claim("S5b-OD", "Fig. S5(b)", "S_Q = 0 for K > 0 (OD)", "S5b", _s5b_od, "g, window"),
    Claim("S5b-optimum", "Fig. S5(b)", "S_Q is largest at a proper value of the Kerr strength (K < 0)", "S5b", _s5b_optimum),
    Claim("S6-robust", "Fig. S6(e)", "with the Kerr effect (CD) the phonons synchronize regardless of γ_j", "S6", _s6_robust),
    Claim("S6-map", "Fig. S6(a,d)", "the Kerr effect widens the synchronized region of (γ_j, κ_m)", "S6", _s6_wider),
    Claim("S7-gamma", "Fig. S7(a,b)", "without Kerr, S_Q = 0 for γ_j/ω1 > 0.007", "S7", _s7_gamma, "window"),
    Claim("S7-kappa-m", "Fig. S7(c,d)", "without Kerr, S_Q = 0 for κ_m/ω1 > 0.24", "S7", _s7_kappa_m_off, "window"),
    Claim("S7-kappa-m-optimum", "Fig. S7(d)", "with Kerr (K < 0), S_Q is largest at κ_m/ω1 ≈ 0.25", "S7", _s7_kappa_m_best),
    Claim("S7-kappa-a", "Fig. S7(e,f)", "without Kerr, S_Q = 0 for κ_a/ω1 < 0.14", "S7", _s7_kappa_a_off, "window"),
    Claim("S7-kappa-a-optimum", "Fig. S7(f)", "with Kerr (K < 0), S_Q is largest at κ_a/ω1 ≈ 0.125", "S7", _s7_kappa_a_best),
    Claim("S8-noise", "Fig. S8(a)", "without Kerr, S_Q falls as n̄_j grows from 0 to 1 to 10", "S8", _s8_noise, "initial state"),
    Claim("S8-kerr", "Fig. S8(b)", "at n̄_j = 10 the Kerr effect (CD) restores S_Q almost to the noiseless value", "S8", _s8_kerr_helps,
          "initial state"),
    Claim("S64-revival", "(S64)", "the revival factor Λ reaches up to 99%", "S8", _s8_revival, "initial state, window"),
    Claim("S9", "Fig. S9", "mean values are completely synchronized for CD (<X_b1> = <X_b2>) and not for OD", "S9", _s9),
    Claim("S10-CD", "Fig. S10(a)", "classical synchronization S_C ≈ 0.015 for CD", "S10", _s10_cd, "g"),
    Claim("S10-OD", "Fig. S10(a)", "S_C = 0 for OD", "S10", _s10_od),
    Claim("S10-K", "Fig. S10(b)", "S_C appears for K < 0 and vanishes for K > 0", "S10", _s10_vs_k),
    Claim("S11", "Fig. S11", "CD gives symmetric couplings G_m ≈ G_a, OD asymmetric ones", "S11", _s11, "g"),
    Claim("S39-S49-signs", "(S39), (S49)", "the [110] axis along the field gives K < 0 (CD), [100] gives K > 0 (OD)", None, _kerr_signs),
    Claim("S49-size", "(S49), Table I", "the figures' |K|/ω1 = 2e-5 corresponds to the YIG sphere of Table I", None, _kerr_size),
)


def judge(claim: Claim, figures: dict[str, FigureData]) -> Finding | None:
    """The finding for ``claim`` from ``figures`` (name → data); None when its figure
    was not computed."""
    if claim.figure is None:
        return claim.judge(None)
    if claim.figure not in figures:
        return None
    return claim.judge(figures[claim.figure].data)
