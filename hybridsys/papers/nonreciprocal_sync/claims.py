"""The spec's claims, each judged from the data of the figure it comes from.

A :class:`Claim` quotes (or closely paraphrases) one statement of the spec and names
the figure whose data decide it; its ``judge`` reads that figure's arrays and
returns a :class:`Finding`: our number(s) and a verdict. Nothing here is typed in
from the spec's plots: the stated numbers are the spec's words, ours come from
:mod:`hybridsys.papers.nonreciprocal_sync.figures`. The rules behind the verdicts, applied in this order:

* **Zero.** "S_Q = 0" means S_Q < :data:`~hybridsys.papers.nonreciprocal_sync.figures.SYNCHRONIZED` (0.01);
  "S_C = 0" means S_C < :data:`CLASSICAL_ZERO`.
* **Stated numbers** (≈ x, a threshold, an onset) are *reproduced* within
  :data:`CLOSE` (10 %) relative deviation, *partly* within :data:`ROUGH` (50 %), and
  *not reproduced* beyond. A threshold of a sweep is where S_Q crosses 0.01, located
  by linear interpolation between the two grid points around the crossing.
* **Optima** are the largest S_Q of a sweep; one at the sweep's first or last point is
  at most *partly* (the sweep does not show that it is a maximum).
* **Statements over a sweep or a range** ("S_Q = 0 for K > 0") are *reproduced*
  where they hold at every point, *partly* at some, *not reproduced* at none.
* **Failed points** (NaN: integration diverged) are left out; the verdict is at most
  *partly*, and says so, where failed points could decide the claim: in a statement
  over a sweep, between the two grid points around a threshold, next to an optimum.
  (Reciprocity: a point that fails from both sides counts as the same outcome.)
* **Linearization.** S_Q comes from linearized fluctuations; where the largest
  fluctuation-to-mean occupation ratio of a number that decides a claim exceeds
  :data:`LINEARIZATION_LIMIT`, the verdict is at most *partly*.
* Two curves are "the same" (reciprocity) within :data:`AGREE`; mean values are
  "completely synchronized", and couplings "symmetric", when they differ by at most
  :data:`CLOSE` of their size.
"""

from __future__ import annotations

from typing import Callable

import attrs
import numpy as np

from ...model.physical import YIG_RADIUS_SIMULATION, yig_kerr_coefficient
from .figures import SYNCHRONIZED, FigureData

REPRODUCED, PARTLY, NOT_REPRODUCED = "reproduced", "partly", "not reproduced"
VERDICTS = (REPRODUCED, PARTLY, NOT_REPRODUCED)
#: Relative deviation from a stated number that counts as reproduced, and as partly.
CLOSE, ROUGH = 0.1, 0.5
#: S_C below this is "no classical synchronization" (about a tenth of the spec's CD value 0.015).
CLASSICAL_ZERO = 1e-3
#: Largest |difference| of two S_Q curves that counts as the same curve.
AGREE = 1e-4
#: Largest fluctuation-to-mean occupation ratio at which an S_Q may decide a claim.
LINEARIZATION_LIMIT = 0.5
#: The range of Δa/ω1 where Fig. S1(b) shows one-way synchronization.
ONE_WAY_BAND = (-1.2, -0.8)


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

    def at_most(self, verdict: str, why: str) -> "Finding":
        """This finding with its verdict capped at ``verdict``, giving ``why``."""
        if VERDICTS.index(self.verdict) >= VERDICTS.index(verdict):
            return self
        return attrs.evolve(self, verdict=verdict, why="; ".join(filter(None, (self.why, why))))


@attrs.frozen
class Claim:
    """One statement of the spec, where it is (``source``), the figure whose data
    judge it, and the unstated choice(s) it depends on (see the report's sensitivity
    section). ``kind``: "figure" (judged from a figure's data), "formula" (a printed
    formula against our derivation, :mod:`.formulas`) or "table" (Table I's values)."""

    key: str
    source: str
    statement: str
    figure: str
    judge: Callable[[dict], Finding]
    depends_on: str = ""
    kind: str = "figure"


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


def _share(holds: np.ndarray, among: np.ndarray, what: str, failed: int) -> Finding:
    """A statement that should hold at every point ``among`` a sweep's: ``holds``
    where it does; ``failed`` points of the sweep could not be judged."""
    holds, among = np.asarray(holds, bool), np.asarray(among, bool)
    if not among.any():
        return Finding("no point to judge", NOT_REPRODUCED, f"no point where {what} can be judged ({failed} failed)")
    share = float(np.mean(holds[among]))
    verdict = REPRODUCED if share == 1 else PARTLY if share > 0 else NOT_REPRODUCED
    finding = Finding(f"{what} at {share:.0%} of {int(among.sum())} points", verdict,
                      "" if verdict == REPRODUCED else f"{what} at {share:.0%} of the points")
    return _failed(finding, failed, among.size)


def _finite_share(holds: np.ndarray, *values: np.ndarray, what: str) -> Finding:
    """:func:`_share` among the points where every one of ``values`` is finite."""
    finite = np.logical_and.reduce([np.isfinite(v) for v in values])
    return _share(holds, finite, what, int(np.sum(~finite)))


def _failed(finding: Finding, failed: int, total: int) -> Finding:
    """Cap ``finding`` at partly when ``failed`` of the ``total`` points behind it failed."""
    if not failed:
        return finding
    return attrs.evolve(finding, ours=f"{finding.ours} ({failed} of {total} failed)").at_most(
        PARTLY, f"{failed} of {total} points failed to integrate")


def _synchronized(sq) -> np.ndarray:
    """S_Q > SYNCHRONIZED (False at failed points: combine with np.isfinite)."""
    return np.asarray(sq, dtype=float) > SYNCHRONIZED


def _unsynchronized(sq) -> np.ndarray:
    """S_Q = 0 in the report's sense (False at failed points)."""
    return np.asarray(sq, dtype=float) <= SYNCHRONIZED


def _crossing(x: np.ndarray, sq: np.ndarray, last: bool) -> tuple[float, slice]:
    """Where S_Q crosses SYNCHRONIZED after the last synchronized point (``last``) or
    before the first, interpolated linearly between the finite grid points around it,
    and the slice of the grid between those two points; NaN (and an empty slice) when
    S_Q does not cross there inside the sweep."""
    finite = np.flatnonzero(np.isfinite(sq))
    above = finite[np.asarray(sq)[finite] > SYNCHRONIZED]
    if not above.size:
        return np.nan, slice(0, 0)
    k = np.searchsorted(finite, above[-1] if last else above[0])
    if not 0 <= k + (1 if last else -1) < finite.size:
        return np.nan, slice(0, 0)
    i, j = (finite[k], finite[k + 1]) if last else (finite[k - 1], finite[k])
    x, sq = np.asarray(x), np.asarray(sq)
    return float(x[i] + (sq[i] - SYNCHRONIZED) / (sq[i] - sq[j]) * (x[j] - x[i])), slice(i, j + 1)


def _threshold(x, sq, stated: float, last: bool, what: str) -> Finding:
    """A stated threshold against the crossing, at most partly where points between
    the two grid points around the crossing failed."""
    crossing, bracket = _crossing(x, sq, last)
    finding = _approximately(crossing, stated, what)
    return _failed(finding, int(np.sum(~np.isfinite(np.asarray(sq)[bracket]))), bracket.stop - bracket.start)


def _optimum(x: np.ndarray, y: np.ndarray, stated: float | None, what: str) -> tuple[float, Finding]:
    """The x of the largest finite y, judged against ``stated`` (or just located); at
    most partly at the sweep's edge or next to a failed point."""
    y = np.asarray(y)
    finite = np.flatnonzero(np.isfinite(y))
    if not finite.size:
        return np.nan, Finding(f"{what}: none", NOT_REPRODUCED, "every point failed")
    best = finite[np.argmax(y[finite])]
    x_best = float(x[best])
    finding = _approximately(x_best, stated, what) if stated is not None else Finding(f"{what} = {x_best:.3g}", REPRODUCED)
    if best in (0, y.size - 1):
        finding = finding.at_most(PARTLY, f"the largest value is at the edge of the sweep ({what} = {x_best:.3g})")
    neighbours = y[max(best - 1, 0): best + 2]
    return x_best, _failed(finding, int(np.sum(~np.isfinite(neighbours))), neighbours.size)


def _linearization(finding: Finding, ratios, names) -> Finding:
    """Cap ``finding`` where a deciding S_Q has a fluctuation/mean ratio above the limit."""
    doubtful = [f"{name} {ratio:.2g}" for name, ratio in zip(names, ratios) if not ratio <= LINEARIZATION_LIMIT]
    if not doubtful:
        return finding
    return finding.at_most(PARTLY, f"the linearization is doubtful where it decides (fluctuation/mean occupation "
                                   f"{', '.join(doubtful)} > {LINEARIZATION_LIMIT})")


def _nearest(x: np.ndarray, value: float) -> int:
    return int(np.argmin(np.abs(np.asarray(x) - value)))


# -- judges, one per claim ---------------------------------------------------------------
def _s1_still(d) -> Finding:
    left, right = d["S_Q_still_LD"], d["S_Q_still_RD"]
    both_failed = np.isnan(left) & np.isnan(right)  # the same outcome from either side
    if both_failed.all():
        return Finding("no data", NOT_REPRODUCED, "every point failed")
    gap = np.where(both_failed, 0.0, np.abs(left - right))  # NaN where only one side failed
    worst = float(np.max(np.nan_to_num(gap, nan=np.inf)))
    ok = worst <= AGREE
    return Finding(f"max |S_Q(LD) - S_Q(RD)| = {worst:.2g} ({int(both_failed.sum())} points failed from both sides)",
                   REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "the two directions differ without spin")


def _s1_spinning(d) -> Finding:
    band = (d["Delta_a"] > ONE_WAY_BAND[0]) & (d["Delta_a"] < ONE_WAY_BAND[1])
    ld, rd = d["S_Q_spinning_LD"][band], d["S_Q_spinning_RD"][band]
    decided = np.isfinite(ld) & np.isfinite(rd)
    rd_only = int(np.sum(decided & _synchronized(rd) & _unsynchronized(ld)))
    ld_only = int(np.sum(decided & _synchronized(ld) & _unsynchronized(rd)))
    ours = f"in {ONE_WAY_BAND[0]} < Δa/ω1 < {ONE_WAY_BAND[1]}: RD only at {rd_only}, LD only at {ld_only} of {int(decided.sum())} points"
    if rd_only and ld_only:
        finding = Finding(ours, REPRODUCED)
    elif rd_only:
        finding = Finding(ours, PARTLY, "one-way from RD only: no Δa in the range where LD synchronizes and RD does not")
    else:
        finding = Finding(ours, NOT_REPRODUCED, "no Δa in the range where RD synchronizes and LD does not")
    return _failed(finding, int(band.sum() - decided.sum()), int(band.sum()))


def _s2_theta(d) -> Finding:
    finding = _finite_share(d["theta2_standard"] > 0, d["theta2_standard"], what="Δ2 = a1a2 - a3 > 0")
    return attrs.evolve(finding, ours=f"{finding.ours}; printed θ2 = a1a2 > 0 at {np.mean(d['theta2_printed'] > 0):.0%}")


def _s2_stable(d) -> Finding:
    max_re = np.asarray(d["table_max_real_eigenvalue"], dtype=float)
    ours = (f"Table I point: {max_re.size} fixed point(s), max Re λ = {', '.join(f'{x:.3g}' for x in max_re)}; "
            f"lowest fixed point stable at {np.mean(d['stable']):.0%} of the (Δa, Δm) grid")
    if np.any(d["table_stable"]):
        return Finding(ours, REPRODUCED)
    return Finding(ours, NOT_REPRODUCED, "no fixed point at Table I's parameters is stable, and θ2 > 0 does not imply "
                   "stability (all Hurwitz determinants must be positive); the mean fields self-oscillate (ERRATA 7)")


def _s2_cycle(d) -> Finding:
    regime, period = str(d["regime"][0]), float(d["period"][0])
    ok = regime == "limit cycle"
    return Finding(f"CD: {regime}" + (f", period {period:.4g}/ω1" if ok else ""), REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else f"the CD trajectory is classified {regime!r}")


def _s3_split(d) -> Finding:
    cd, off, od = (float(x) for x in d["S_Q_max"])
    ratios = d["linearization"]
    ok = cd > SYNCHRONIZED and off > SYNCHRONIZED and od <= SYNCHRONIZED
    finding = Finding(f"max S_Q, last window: CD {cd:.3g}, Kerr off {off:.3g}, OD {od:.2g} "
                      f"(fluctuation/mean occupation {', '.join(f'{r:.2g}' for r in ratios)})",
                      REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "the CD / Kerr-off / OD pattern differs")
    return _linearization(finding, ratios, ("CD", "Kerr off", "OD"))


def _s3_onset(d) -> Finding:
    findings = []
    for series, name in zip(d["S_Q"][:2], ("CD", "Kerr off")):  # the last stretch above 0.01, to the end
        below = np.flatnonzero(~_synchronized(series))
        onset = np.nan if not below.size or below[-1] + 1 >= series.size else float(d["t_over_tau"][below[-1] + 1])
        findings.append(_approximately(onset, 50.0, f"onset t/τ ({name})"))
    return Finding("; ".join(f.ours for f in findings) + f" (S_Q(0) = {float(np.min(d['S_Q'][:, 0])):.3g}: both phonons start in vacuum)",
                   _worst(*(f.verdict for f in findings)), "; ".join(f.why for f in findings if f.why))


def _s4_one_way(axis: str, low: float, high: float):
    def judge(d) -> Finding:
        band = (d["detuning"] >= low) & (d["detuning"] <= high)
        cd, od = d[f"S_Q_vs_{axis}_CD"][band], d[f"S_Q_vs_{axis}_OD"][band]
        return _finite_share(_synchronized(cd) & _unsynchronized(od), cd, od, what="CD synchronized, OD not")
    return judge


def _s4_optimum(d) -> Finding:
    findings = [_optimum(d["detuning"], d[f"S_Q_vs_{axis}_CD"], -1.0, f"{symbol} of the largest S_Q (CD)")[1]
                for axis, symbol in (("Delta_m", "Δm/ω1"), ("Delta_a", "Δa/ω1"))]
    return Finding("; ".join(f.ours for f in findings), _worst(*(f.verdict for f in findings)), "; ".join(f.why for f in findings if f.why))


def _enhanced(on: np.ndarray, off: np.ndarray) -> Finding:
    """S_Q with the Kerr effect above S_Q without, where either is synchronized."""
    finite = np.isfinite(on) & np.isfinite(off)
    return _share(on > off, finite & (_synchronized(on) | _synchronized(off)), "CD above Kerr off", int(np.sum(~finite)))


def _s5a(d) -> Finding:
    return _enhanced(d["S_Q_CD"], d["S_Q_kerr_off"])


def _s5b_od(d) -> Finding:
    positive = d["K"] > 0
    sq = d["S_Q_max"][positive]
    finding = _finite_share(_unsynchronized(sq), sq, what="S_Q = 0")
    synchronized = d["K"][positive][_synchronized(sq)]
    return attrs.evolve(finding, ours=f"K > 0: {finding.ours}" + (f"; S_Q > 0 up to K/ω1 = {synchronized.max():.2g}" if synchronized.size else ""))


def _s5b_optimum(d) -> Finding:
    best, finding = _optimum(d["K"], d["S_Q_max"], None, "K/ω1 of the largest S_Q")
    if best > 0:
        return attrs.evolve(finding, verdict=NOT_REPRODUCED, why=f"the largest S_Q is at K/ω1 = {best:.2g} > 0 (OD)")
    return finding


def _s6_robust(d) -> Finding:
    sq = d["vs_gamma_CD"]
    return _finite_share(_synchronized(sq), sq, what="CD synchronized")


def _s6_map(d) -> Finding:
    finite = {s: np.isfinite(d[f"map_{s}"]) for s in ("kerr_off", "CD")}
    shares = {s: float(np.mean(_synchronized(d[f"map_{s}"])[finite[s]])) for s in ("kerr_off", "CD")}
    ok = shares["CD"] > shares["kerr_off"]
    finding = Finding(f"synchronized share of the (γ_j, κ_m) map: CD {shares['CD']:.0%}, Kerr off {shares['kerr_off']:.0%}",
                      REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "Kerr off synchronizes as much of the map as CD")
    return _failed(finding, int(sum((~f).sum() for f in finite.values())), sum(f.size for f in finite.values()))


def _s6_kappa_m(d) -> Finding:
    return _threshold(d["kappa_m"], d["vs_kappa_m_kerr_off"], 0.27, True, "κ_m/ω1 where S_Q vanishes (Kerr off)")


def _s62(d) -> Finding:
    findings = [_enhanced(d[f"vs_{x}_CD"], d[f"vs_{x}_kerr_off"]) for x in ("gamma", "kappa_m")]
    return Finding(f"versus γ_j: {findings[0].ours}; versus κ_m: {findings[1].ours}", _worst(*(f.verdict for f in findings)),
                   "; ".join(f"versus {x}: {f.why}" for x, f in zip(("γ_j", "κ_m"), findings) if f.why))


def _s7_gamma(d) -> Finding:
    return _threshold(d["gamma"], d["vs_gamma_kerr_off"], 0.007, True, "γ_j/ω1 where S_Q vanishes (Kerr off)")


def _s7_kappa_m(d) -> Finding:
    return _threshold(d["kappa_m"], d["vs_kappa_m_kerr_off"], 0.24, True, "κ_m/ω1 where S_Q vanishes (Kerr off)")


def _s7_kappa_m_best(d) -> Finding:
    return _optimum(d["kappa_m"], d["vs_kappa_m_CD"], 0.25, "κ_m/ω1 of the largest S_Q (CD)")[1]


def _s7_kappa_a(d) -> Finding:
    return _threshold(d["kappa_a"], d["vs_kappa_a_kerr_off"], 0.14, False, "κ_a/ω1 where S_Q appears (Kerr off)")


def _s7_kappa_a_best(d) -> Finding:
    return _optimum(d["kappa_a"], d["vs_kappa_a_CD"], 0.125, "κ_a/ω1 of the largest S_Q (CD)")[1]


def _peak(values) -> float:
    return float(np.nanmax(values)) if np.any(np.isfinite(values)) else np.nan


def _s8_noise(d) -> Finding:
    peaks = [_peak(d[f"S_Q_nbar{n}_kerr_off"]) for n in (0, 1, 10)]
    ok = peaks[0] >= peaks[1] >= peaks[2] and peaks[2] < peaks[0]
    return Finding("max S_Q, Kerr off: " + ", ".join(f"n̄ = {n}: {p:.3g}" for n, p in zip((0, 1, 10), peaks)),
                   REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "S_Q does not fall as n̄_j grows")


def _s8_kerr(d) -> Finding:
    cd, off, ideal = _peak(d["S_Q_nbar10_CD"]), _peak(d["S_Q_nbar10_kerr_off"]), _peak(d["S_Q_nbar0_kerr_off"])
    ours = f"max S_Q: n̄ = 10, CD {cd:.3g}; n̄ = 10, Kerr off {off:.3g}; n̄ = 0, Kerr off {ideal:.3g}"
    if cd > off and cd >= (1 - CLOSE) * ideal:
        return Finding(ours, REPRODUCED)
    if cd > off:
        return Finding(ours, PARTLY, f"the Kerr effect raises S_Q at n̄ = 10, to {cd / ideal:.0%} of the noiseless value")
    return Finding(ours, NOT_REPRODUCED, "the Kerr effect does not raise S_Q at n̄ = 10")


def _s64(d) -> Finding:
    best, _ = _optimum(d["K"], d["revival_vs_K"], None, "K/ω1 of the largest Λ")
    largest = _peak(d["revival_vs_K"])
    judged = _approximately(largest, 0.99, "the largest revival factor Λ over K < 0")
    return attrs.evolve(judged, ours=f"{judged.ours} at K/ω1 = {best:.2g}; Λ = {float(d['revival_factor']):.3g} at the CD value")


def _s9(d) -> Finding:
    cd, od = (float(x) for x in d["relative_mismatch"])
    ok = cd <= CLOSE < od
    return Finding(f"max|<Q_b1> - <Q_b2>| / max|<Q_b1>| (Q = X, Y), last window: CD {cd:.2g}, OD {od:.2g}",
                   REPRODUCED if ok else PARTLY if cd < od else NOT_REPRODUCED,
                   "" if ok else f"the CD mean quadratures differ by {cd:.0%} of their amplitude")


def _s10_cd(d) -> Finding:
    return _approximately(float(d["S_C_window_max"][0]), 0.015, "max S_C over the last window (CD)")


def _s10_od(d) -> Finding:
    od = float(d["S_C_window_max"][2])
    ok = od < CLASSICAL_ZERO
    return Finding(f"max S_C, last window, OD: {od:.2g}", REPRODUCED if ok else NOT_REPRODUCED, "" if ok else "S_C is not zero for OD")


def _s10_vs_k(d) -> Finding:
    negative, positive = d["S_C_max"][d["K"] < 0], d["S_C_max"][d["K"] > 0]
    if not np.any(negative >= CLASSICAL_ZERO):
        return Finding("S_C = 0 for every K < 0", NOT_REPRODUCED, "S_C does not appear for K < 0")
    finding = _finite_share(positive < CLASSICAL_ZERO, positive, what="S_C = 0")
    on = d["K"][d["K"] > 0][positive >= CLASSICAL_ZERO]
    return attrs.evolve(finding, ours=f"max S_C for K < 0: {np.nanmax(negative):.3g}; K > 0: {finding.ours}"
                                      + (f"; S_C > 0 up to K/ω1 = {on.max():.2g}" if on.size else ""))


def _s11(d) -> Finding:
    G_a, G_m = d["G_a_scenarios"], d["G_m_scenarios"]
    asymmetry = np.abs(G_m - G_a) / np.maximum(G_m, G_a)  # CD, Kerr off, OD
    ok = asymmetry[0] <= CLOSE < asymmetry[2]
    return Finding(f"|G_m - G_a| / max(G_m, G_a): CD {asymmetry[0]:.2g}, OD {asymmetry[2]:.2g} (K/ω1 = {d['K_scenarios'][0]:g}, "
                   f"{d['K_scenarios'][2]:g})", REPRODUCED if ok else PARTLY if asymmetry[0] < asymmetry[2] else NOT_REPRODUCED,
                   "" if ok else f"G_m and G_a differ by {asymmetry[0]:.0%} for CD")


def _kerr_signs(d) -> Finding:
    k100, k110 = (yig_kerr_coefficient(axis, YIG_RADIUS_SIMULATION, float(d["reference_hz"])) for axis in ("[100]", "[110]"))
    ok = k100 > 0 > k110
    return Finding(f"K/ω1: [100] {k100:.2g}, [110] {k110:.2g} (K_an = YIG's K1 < 0)", REPRODUCED if ok else NOT_REPRODUCED,
                   "" if ok else "with YIG's negative anisotropy constant (S39) and (S49) give the opposite signs; "
                   "the spec's signs hold for K_an > 0")


def _kerr_size(d) -> Finding:
    k110 = abs(yig_kerr_coefficient("[110]", YIG_RADIUS_SIMULATION, float(d["reference_hz"])))
    figures = abs(float(d["K"][0]))  # the CD value of the figures
    finding = _approximately(k110, figures, f"|K|/ω1 from (S49), [110], r0 = {YIG_RADIUS_SIMULATION * 1e3:g} mm")
    return attrs.evolve(finding, why=finding.why and finding.why + " (ERRATA 13): the figures' K is a chosen parameter")


CLAIMS = (
    Claim("S1-still", "Fig. S1(a)", "without spin (Ω = 0) S_Q does not depend on the laser's input direction (reciprocal)", "S1", _s1_still),
    Claim("S1-spinning", "Fig. S1(b)", "spinning, synchronization is one-way in -1.2 < Δa/ω1 < -0.8: from RD and not from LD, "
          "and the reverse elsewhere (peaks shifted symmetrically)", "S1", _s1_spinning, "Ω"),
    Claim("S2-theta", "Fig. S2(a)", "the stability function θ2 is positive over the (Δa, Δm) plane", "S2", _s2_theta),
    Claim("S2-stable", "Fig. S2(a), (S53)-(S54)", "all the used parameters keep the system in a stable zone", "S2", _s2_stable),
    Claim("S2-cycle", "Fig. S2(b), S9(f)", "the phonons settle on a stable limit cycle (CD)", "S9", _s2_cycle, "initial state"),
    Claim("S3-split", "Fig. S3, (S58)-(S61)", "S_Q > 0 for CD and Kerr off, S_Q = 0 for OD", "S3", _s3_split, "g, initial state, window"),
    Claim("S3-onset", "Fig. S3", "S_Q becomes nonzero around t/τ = 50 (CD and Kerr off)", "S3", _s3_onset, "initial state"),
    Claim("S4-Delta-m", "Fig. S4(c), (S55)", "for -1.1 ≲ Δm/ω1 ≲ -0.8, synchronization in CD and not in OD", "S4",
          _s4_one_way("Delta_m", -1.1, -0.8), "window"),
    Claim("S4-Delta-a", "Fig. S4(d), (S56)", "for -1.1 ≲ Δa/ω1 ≲ -0.9, synchronization in CD and not in OD", "S4",
          _s4_one_way("Delta_a", -1.1, -0.9), "window"),
    Claim("S4-optimum", "Fig. S4(c,d), (S57)", "S_Q is largest at the blue sidebands Δm ≈ -ω1 and Δa ≈ -ω1 (CD)", "S4", _s4_optimum),
    Claim("S5a", "Fig. S5(a)", "across χ, S_Q is enhanced with the Kerr effect (CD) over Kerr off", "S5a", _s5a, "window"),
    Claim("S5b-OD", "Fig. S5(b)", "S_Q = 0 for K > 0 (OD)", "S5b", _s5b_od, "g, window"),
    Claim("S5b-optimum", "Fig. S5(b)", "S_Q is largest at a proper value of the Kerr strength (K < 0)", "S5b", _s5b_optimum),
    Claim("S6-robust", "Fig. S6(e)", "with the Kerr effect (CD) the phonons synchronize regardless of γ_j", "S6", _s6_robust),
    Claim("S6-map", "Fig. S6(a,d)", "the Kerr effect widens the synchronized region of (γ_j, κ_m)", "S6", _s6_map),
    Claim("S6-kappa-m", "Fig. S6(a,c)", "S_Q vanishes for κ_m/ω1 > 0.27 (Kerr off)", "S6", _s6_kappa_m, "window"),
    Claim("S62", "Fig. S6(b,c,e,f), (S62)", "S_Q with the Kerr effect (K < 0) exceeds S_Q without, versus γ_j and κ_m", "S6", _s62),
    Claim("S7-gamma", "Fig. S7(a,b)", "without Kerr, S_Q = 0 for γ_j/ω1 > 0.007", "S7", _s7_gamma, "window"),
    Claim("S7-kappa-m", "Fig. S7(c,d)", "without Kerr, S_Q = 0 for κ_m/ω1 > 0.24", "S7", _s7_kappa_m, "window"),
    Claim("S7-kappa-m-optimum", "Fig. S7(d)", "with Kerr (K < 0), S_Q is largest at κ_m/ω1 ≈ 0.25", "S7", _s7_kappa_m_best),
    Claim("S7-kappa-a", "Fig. S7(e,f)", "without Kerr, S_Q = 0 for κ_a/ω1 < 0.14", "S7", _s7_kappa_a, "window"),
    Claim("S7-kappa-a-optimum", "Fig. S7(f)", "with Kerr (K < 0), S_Q is largest at κ_a/ω1 ≈ 0.125", "S7", _s7_kappa_a_best),
    Claim("S8-noise", "Fig. S8(a)", "without Kerr, S_Q falls as n̄_j grows from 0 to 1 to 10", "S8", _s8_noise, "initial state"),
    Claim("S8-kerr", "Fig. S8(b)", "at n̄_j = 10 the Kerr effect (CD) restores S_Q almost to the noiseless value", "S8", _s8_kerr,
          "initial state"),
    Claim("S64-revival", "(S64)", "the revival factor Λ reaches up to 99%", "S8", _s64, "initial state, window"),
    Claim("S9", "Fig. S9", "mean values are completely synchronized for CD (<X_bj>, <Y_bj> identical) and not for OD", "S9", _s9),
    Claim("S10-CD", "Fig. S10(a)", "classical synchronization S_C ≈ 0.015 for CD", "S10", _s10_cd, "g"),
    Claim("S10-OD", "Fig. S10(a)", "S_C = 0 for OD", "S10", _s10_od),
    Claim("S10-K", "Fig. S10(b)", "S_C appears for K < 0 and vanishes for K > 0", "S10", _s10_vs_k),
    Claim("S11", "Fig. S11", "CD gives symmetric couplings G_m ≈ G_a, OD asymmetric ones", "S11", _s11, "g"),
    Claim("S39-S49-signs", "(S39), (S49)", "the [110] axis along the field gives K < 0 (CD), [100] gives K > 0 (OD)", "S3", _kerr_signs),
    Claim("S49-size", "(S49), Table I", "the figures' |K|/ω1 = 2e-5 corresponds to the YIG sphere of Table I", "S3", _kerr_size),
)


def judge(claim: Claim, figures: dict[str, FigureData]) -> Finding | None:
    """The finding for ``claim`` from ``figures`` (name → data); None when its figure
    was not computed."""
    if claim.figure not in figures:
        return None
    return claim.judge(figures[claim.figure].data)
