"""Claims whose verdict the linearization caps, recomputed beyond it (truncated Wigner).

A claim's verdict is capped at *partly* where the linearized S_Q that decides it has a
fluctuation-to-mean occupation ratio above
:data:`~hybridsys.papers.nonreciprocal_sync.claims.LINEARIZATION_LIMIT`. Here each such
claim is judged again, by its own judge and rules, on the numbers of the truncated-Wigner
route (:mod:`hybridsys.numerics.wigner`: the full nonlinear equations, sampled), which
keeps the nonlinearity and so needs no linearization cap. What it needs instead is a
statistical one: where a deciding number lies within two standard errors of the
threshold that decides the claim (S_Q = 0.01), the verdict is at most *partly*.

The report shows both findings, and what changes. A capped claim whose figure has no
recomputation here is listed as not recomputed.
"""

from __future__ import annotations

import numpy as np

from .claims import PARTLY, Finding
from .claims_catalog import CATALOGUE
from .figures import DECISIVE_ERRORS, KERR_SCENARIOS, SYNCHRONIZED

#: What the linearization cap writes into a finding's ``why`` (claims._linearization).
DOUBTFUL = "the linearization is doubtful"
LABELS = {"CD": "CD", "kerr_off": "Kerr off", "OD": "OD"}


def kerr_trio(session) -> dict:
    """Truncated-Wigner S_Q(b1, b2), max and mean over the last window with their
    standard errors, for CD, Kerr off and OD at Table I (as Fig. S3, from the same run
    it draws), the largest fluctuation-to-mean occupation ratio of the samples and the
    regime of their mean."""
    run = session.kerr_wigner
    sq = run.synchronization_summary("b1", "b2")["S_Q"]
    return {"S_Q_max": sq["max"].value, "S_Q_max_error": sq["max"].error, "S_Q_mean": sq["mean"].value,
            "S_Q_mean_error": sq["mean"].error, "ratio": run.linearization_validity().max(axis=-1),
            "diverged": run.diverged.sum(axis=-1), "trajectories": run.trajectories, "seed": run.seed, "step": run.step,
            "regime": run.classification()[0]}


def _s3(session, data: dict) -> tuple[dict, dict]:
    """Fig. S3's data with the Wigner S_Q in place of the linearized one (linearization
    ratios zero: the cap does not apply), and the Wigner numbers."""
    wigner = kerr_trio(session)
    return {**data, "S_Q_max": wigner["S_Q_max"], "S_Q_mean": wigner["S_Q_mean"],
            "linearization": np.zeros_like(wigner["S_Q_max"])}, wigner


#: Figure → how to recompute its data with the Wigner route.
RECOMPUTE = {"S3": _s3}


def _statistical_cap(finding: Finding, wigner: dict) -> Finding:
    """At most partly where a max S_Q is within DECISIVE_ERRORS standard errors of the threshold."""
    close = [f"{LABELS[s]} {v:.3g} ± {e:.2g}" for s, v, e in zip(KERR_SCENARIOS, wigner["S_Q_max"], wigner["S_Q_max_error"])
             if abs(v - SYNCHRONIZED) < DECISIVE_ERRORS * e]
    if not close:
        return finding
    return finding.at_most(PARTLY, f"the Wigner S_Q is within {DECISIVE_ERRORS} standard errors of {SYNCHRONIZED} ({', '.join(close)})")


def _numbers(wigner: dict) -> str:
    cells = (f"{LABELS[s]} {m:.3g} ± {me:.2g} (mean {a:.3g} ± {ae:.2g})" for s, m, me, a, ae in
             zip(KERR_SCENARIOS, wigner["S_Q_max"], wigner["S_Q_max_error"], wigner["S_Q_mean"], wigner["S_Q_mean_error"]))
    return (f"truncated Wigner, max S_Q over the last window: {'; '.join(cells)}; {wigner['trajectories']} trajectories, "
            f"seed {wigner['seed']}, step τ/{round(2 * np.pi / wigner['step'])}; fluctuation/mean occupation of the samples "
            + ", ".join(f"{r:.2g}" for r in wigner["ratio"]) + "; regime of their mean: "
            + ", ".join(f"{LABELS[s]} {r}" for s, r in zip(KERR_SCENARIOS, wigner["regime"])))


def recompute(session, figures: dict, claims: list[dict]) -> list[dict]:
    """For every claim (rows of the report) capped by a doubtful linearization: the
    linearized finding, the Wigner finding and what changes."""
    by_key = {c.key: c for c in CATALOGUE}
    cache: dict = {}
    rows = []
    for row in claims:
        if DOUBTFUL not in (row.get("why") or ""):
            continue
        claim = by_key[row["key"]]
        entry = {"key": claim.key, "linearized": {"ours": row["ours"], "verdict": row["verdict"]}}
        if claim.figure not in RECOMPUTE or claim.figure not in figures:
            rows.append({**entry, "wigner": None, "changes": "not recomputed: no Wigner route for this figure yet"})
            continue
        if claim.figure not in cache:
            cache[claim.figure] = RECOMPUTE[claim.figure](session, figures[claim.figure].data)
        data, wigner = cache[claim.figure]
        finding = _statistical_cap(claim.judge(data), wigner)
        if np.any(wigner["diverged"]):
            finding = finding.at_most(PARTLY, f"Wigner trajectories diverged: {list(map(int, wigner['diverged']))}")
        same = finding.verdict == row["verdict"]
        changes = (f"verdict unchanged ({finding.verdict})" if same else f"verdict {row['verdict']} → {finding.verdict}")
        if finding.why:
            changes += f": {finding.why}"
        rows.append({**entry, "wigner": {"ours": _numbers(wigner), "verdict": finding.verdict, "why": finding.why},
                     "changes": changes})
    return rows


def markdown(rows: list[dict]) -> list[str]:
    """The report's section on these claims."""
    if not rows:
        return []
    lines = ["## Beyond the linearization (truncated Wigner)", "",
             "Claims whose verdict a doubtful linearization caps, judged again by the same rules on the truncated-Wigner "
             "route (full nonlinear equations, sampled; `hybridsys/papers/nonreciprocal_sync/beyond_linear.py`).", "",
             "| claim | linearized | verdict | truncated Wigner | verdict | what changes |", "|---|---|---|---|---|---|"]
    cell = lambda text: str(text).replace("|", "\\|")  # noqa: E731
    for r in rows:
        w = r["wigner"] or {"ours": "—", "verdict": "—"}
        lines.append(f"| {r['key']} | {cell(r['linearized']['ours'])} | {r['linearized']['verdict']} | {cell(w['ours'])} | "
                     f"{w['verdict']} | {cell(r['changes'])} |")
    return lines + [""]
