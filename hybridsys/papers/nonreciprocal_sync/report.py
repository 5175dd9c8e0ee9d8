"""The claims report (``DIR/report.md`` and ``report.json``): every claim of the spec
beside our number and a verdict computed from the figures' data, the values the spec
leaves unstated and what we chose, and how the headline numbers move with each choice.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import attrs
import numpy as np

from ..._version import __version__
from ...measures import asymptotic
from ...numerics.fixedpoints import fixed_points
from ...numerics.trajectory import InitialState
from . import beyond_linear
from .claims import CLOSE, ROUGH, VERDICTS, judge
from .claims_catalog import CATALOGUE, CONTRADICTIONS, UNCHECKABLE, catalogue_figures
from .figures import KERR_SCENARIOS, SYNCHRONIZED, FigureData, Session

COLUMNS = ("CD", "Kerr off", "OD")


@attrs.frozen
class Study:
    """How S_Q (or another headline number) moves with one unstated choice."""

    choice: str
    ours: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def _kerr_sq(session: Session, label: str, initial: InitialState = InitialState(), periods: float | None = None,
             **values) -> dict[str, np.ndarray]:
    """S_Q(b1, b2) over the last window (max and mean) for CD, Kerr off and OD (last
    axis), with ``values`` (arrays of shape (n, 1) broadcast against the three K), and
    the largest fluctuation-to-mean occupation ratio over the modes ("ratio")."""
    K = np.array([session.base(s)["K"] for s in KERR_SCENARIOS])
    trajectory = session.trajectories(session.base(K=K, **values), label, session.resolution.window, initial=initial, periods=periods)
    sq = asymptotic(trajectory.times, trajectory.quantum_synchronization("b1", "b2"), session.resolution.window)
    return {"max": sq["max"], "mean": sq["mean"], "ratio": trajectory.linearization_validity().max(axis=-1)}


def _row(label: str, result: dict, statistic: str = "max") -> tuple[str, tuple[str, ...]]:
    """One table row: S_Q (linearization ratio) per column."""
    return label, tuple("failed" if not np.isfinite(sq) else f"{sq:.3g} ({ratio:.2g})" for sq, ratio in zip(result[statistic], result["ratio"]))


def sensitivity(session: Session, figures: dict[str, FigureData]) -> list[Study]:
    """S_Q for CD, Kerr off and OD at Table I as g, the initial state and the window
    change; and, when S1 was computed, the spins Ω that make synchronization one-way."""
    res, base = session.resolution, session.base()
    g = np.array([0.8, 1.0, 1.2]) * base["g_a"]
    by_g = _kerr_sq(session, "sensitivity to g", g_a=g[:, None], g_m=g[:, None])
    ours = _kerr_sq(session, "sensitivity: initial state")
    params = session.compiled.parameters(session.base(K=np.array([session.base(s)["K"] for s in KERR_SCENARIOS])))
    lowest = fixed_points(session.compiled, params).states[:, 0, :]
    near = {f: _kerr_sq(session, f"sensitivity: start at {f} × the fixed point", initial=InitialState(mean=f * lowest)) for f in (0.5, 1.01)}
    hot = {f: _kerr_sq(session, f"sensitivity: n̄ = 10, {f}", initial=InitialState(fluctuations=f), nbar_1=10.0, nbar_2=10.0)
           for f in ("thermal", "vacuum")}
    longer = _kerr_sq(session, "sensitivity: longer", periods=2 * res.periods)
    studies = [
        Study("single-excitation couplings g_a = g_m (ERRATA 8)", f"{base['g_a']:g}", COLUMNS,
              tuple(_row(f"g = {x:.3g}" + (" (ours)" if x == base["g_a"] else ""), {k: v[i] for k, v in by_g.items()}) for i, x in enumerate(g))),
        Study("initial state", "all modes empty, fluctuations in their baths' thermal states", COLUMNS, (
            _row("empty, thermal (ours)", ours),
            *(_row(f"mean fields at {f:g} × the lowest fixed point", v) for f, v in near.items()),
            _row("n̄_j = 10: empty, thermal (ours)", hot["thermal"]),
            _row("n̄_j = 10: empty, vacuum", hot["vacuum"]),
        )),
        Study("the 'max' of S_Q", f"max over the last {res.window:g}τ of {res.periods:g}τ", COLUMNS, (
            _row(f"max, last {res.window:g}τ of {res.periods:g}τ (ours)", ours),
            _row(f"mean, last {res.window:g}τ of {res.periods:g}τ", ours, "mean"),
            _row(f"max, last {res.window:g}τ of {2 * res.periods:g}τ", longer),
        )),
    ]
    if "S1" in figures:
        studies.append(_spin_study(session, figures["S1"].data))
    return studies


def _spin_study(session: Session, d: dict) -> Study:
    """Spins at Table I's Δa where exactly one input direction synchronizes (Fig. S1(c))."""
    ld, rd = d["S_Q_vs_Omega_LD"] > SYNCHRONIZED, d["S_Q_vs_Omega_RD"] > SYNCHRONIZED
    hz = d["Omega_hz"]

    def spans(mask) -> str:
        return f"{hz[mask].min():.0f}-{hz[mask].max():.0f} Hz ({mask.sum()} of {mask.size} grid points)" if mask.any() else "none"

    spinning = session.base("spinning")["Omega"] * session.model.parameter_set().reference_hz
    return Study("spin Ω of the silica sphere (Fig. S1(b))", f"Ω/2π = {spinning:g} Hz, σ_a = ±{session.base('spinning')['Omega'] * d['Lambda']:.3g} ω1",
                 ("Ω/2π where only this side synchronizes, Δa/ω1 = -1.005",),
                 (("RD synchronized, LD not", (spans(rd & ~ld),)), ("LD synchronized, RD not", (spans(ld & ~rd),))))


def choices(session: Session) -> list[str]:
    """What the spec leaves unstated and the values every figure used."""
    base, res, pset = session.base(), session.resolution, session.model.parameter_set()
    spin = session.base("spinning")["Omega"]
    sphere = pset.derived.get("Lambda", {})
    return [
        f"single-excitation couplings g_a = g_m = {base['g_a']:g} ω1 (ERRATA 8)",
        f"spin for Fig. S1(b): Ω = {spin:g} ω1 = 2π × {spin * pset.reference_hz:g} Hz (Table I: 0 to 10 kHz), σ_a = ±ΩΛ = "
        f"±{spin * base['Lambda']:.3g} ω1 with Λ = {base['Lambda']:.6g} ({', '.join(f'{k} {v:g}' for k, v in sphere.items() if k != 'function')}, SI); "
        "which input side synchronizes at a given Δa depends on Ω (see the spin study below)",
        "initial state: all modes empty, fluctuations in their baths' thermal states (vacuum at n̄ = 0); the Kerr term makes "
        "the system multistable, so results can depend on it (ERRATA 7)",
        f"every 'S_Q' of a sweep is the max over the last {res.window:g} periods τ = 2π/ω1 of {res.periods:g}τ, "
        f"{res.samples_per_period} samples a period; accuracy rtol {session.accuracy.rtol:g}, atol {session.accuracy.atol:g}",
        f"magnon Kerr coefficient where not swept: K/ω1 = {base['K']:g} (CD); each figure's JSON lists its values",
        f"'S_Q = 0' means S_Q < {SYNCHRONIZED}; a stated number is reproduced within {CLOSE:.0%} and partly within {ROUGH:.0%} "
        "(every rule: hybridsys/papers/nonreciprocal_sync/claims.py)",
        f"bath occupations: cavity and magnon 0 (ERRATA 4), phonons n̄_j = {base['nbar_1']:g} unless swept; "
        f"convention: {session.compiled.convention} (ERRATA 3)",
    ]


def build(session: Session, figures: dict[str, FigureData]) -> dict:
    """The report as data: findings per claim, choices and sensitivity studies."""
    claims = []
    judged = {**figures, **catalogue_figures(session.model)}  # + the transcribed formulas and Table I
    for claim in CATALOGUE:
        finding = judge(claim, judged)
        claims.append({
            "key": claim.key, "source": claim.source, "statement": claim.statement, "figure": claim.figure,
            "depends_on": claim.depends_on, "kind": claim.kind,
            **({"ours": finding.ours, "verdict": finding.verdict, "why": finding.why} if finding else
               {"ours": None, "verdict": "not computed", "why": f"Fig. {claim.figure} was not computed in this run"}),
        })
    counts = {v: sum(c["verdict"] == v for c in claims) for v in (*VERDICTS, "not computed")}
    return {
        "hybridsys": __version__,
        "date": datetime.date.today().isoformat(),
        "model": session.model.name,
        "figures": sorted(figures),
        "resolution": attrs.asdict(session.resolution),
        "counts": counts,
        "table_point": {k: session.base()[k] for k in ("Delta_a", "Delta_m")},
        "claims": claims,
        "counts_by_kind": {kind: {v: sum(c["verdict"] == v for c in claims if c["kind"] == kind) for v in counts}
                           for kind in sorted({c["kind"] for c in claims})},
        "uncheckable": [attrs.asdict(u) for u in UNCHECKABLE],
        "contradictions": [attrs.asdict(c) for c in CONTRADICTIONS],
        "choices": choices(session),
        "sensitivity": [attrs.asdict(s) for s in sensitivity(session, figures)],
        "beyond_linearization": beyond_linear.recompute(session, figures, claims),
    }


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def markdown(report: dict) -> str:
    """``report.md``."""
    counts = ", ".join(f"{n} {v}" for v, n in report["counts"].items() if n)
    lines = [
        f"# The spec's claims, checked by hybridsys {report['hybridsys']}",
        "",
        f"Model `{report['model']}`, Table I simulation column; figures computed: {', '.join(report['figures'])}; "
        f"{report['resolution']['points']} points per swept axis, {report['resolution']['periods']:g}τ per trajectory. "
        f"Generated {report['date']} by `hybridsys reproduce`; every verdict below is computed from the figures' data "
        "(rules in `hybridsys/papers/nonreciprocal_sync/claims.py`).",
        "",
        f"**{counts}.** "
        + "; ".join(f"{kind}: " + ", ".join(f"{n} {v}" for v, n in by.items() if n) for kind, by in report.get("counts_by_kind", {}).items())
        + f"; {len(report.get('uncheckable', []))} statements uncheckable (listed below).",
        "",
        "| claim | spec | the spec says | we find | verdict | depends on | kind |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {c['key']} | {_cell(c['source'])} | {_cell(c['statement'])} | {_cell(c['ours'] or '')} | **{c['verdict']}** | "
              f"{_cell(c['depends_on'])} | {c.get('kind', 'figure')} |" for c in report["claims"]]
    lines += ["", "## Where a claim is not (fully) reproduced", ""]
    lines += [f"- **{c['key']}** ({c['verdict']}): {c['why']}." for c in report["claims"] if c["why"]]
    lines += ["", *beyond_linear.markdown(report.get("beyond_linearization", []))]
    lines += ["", "## Contradictions inside the spec (beyond ERRATA)", "",
              "Places in the text that cannot both hold, found by the computations above or a careful reading.", ""]
    lines += [f"- **{c['key']}** ({'; '.join(c['places'])}): {c['what']}. *Decided by:* {c['evidence']}."
              for c in report.get("contradictions", [])]
    lines += ["", "## Statements we cannot check, and why", "", "| statement | spec | the spec says | why not |", "|---|---|---|---|"]
    lines += [f"| {u['key']} | {_cell(u['source'])} | {_cell(u['statement'])} | {_cell(u['why'])} |" for u in report.get("uncheckable", [])]
    lines += ["", "## Values the spec leaves unstated, and ours", ""]
    lines += [f"- {choice}" for choice in report["choices"]]
    lines += ["", "## How the numbers depend on these choices", "",
              f"S_Q(b1, b2) at Table I's parameters (Δa/ω1 = {report['table_point']['Delta_a']:g}, Δm/ω1 = {report['table_point']['Delta_m']:g}) "
              "for CD, Kerr off and OD unless stated; in "
              "parentheses the largest fluctuation-to-mean occupation ratio <δo†δo>/|<o>|² over the modes and the last window. "
              "The linearization behind S_Q needs it well below 1: where it is not, S_Q says nothing about the physics.", ""]
    for study in report["sensitivity"]:
        lines += [f"### {study['choice']} (ours: {study['ours']})", "", "| | " + " | ".join(study["columns"]) + " |",
                  "|---|" + "---|" * len(study["columns"])]
        lines += [f"| {_cell(label)} | " + " | ".join(_cell(v) for v in values) + " |" for label, values in study["rows"]]
        lines.append("")
    return "\n".join(lines)


def summary_table(report: dict) -> str:
    """The claims as a plain-text table, for the terminal."""
    width = max(len(c["key"]) for c in report["claims"])
    lines = [f"{'claim':{width}}  {'verdict':14}  we find", f"{'-' * width}  {'-' * 14}  {'-' * 40}"]
    lines += [f"{c['key']:{width}}  {c['verdict']:14}  {c['ours'] or c['why']}" for c in report["claims"]]
    lines.append(", ".join(f"{n} {v}" for v, n in report["counts"].items() if n))
    return "\n".join(lines)


def write(report: dict, out: Path) -> list[Path]:
    """``report.md`` and ``report.json`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.md", out / "report.json"]
    paths[0].write_text(markdown(report), encoding="utf-8")
    paths[1].write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return paths
