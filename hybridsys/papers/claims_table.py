"""A small paper's claims report: one row per claim (claim, verdict, what we find),
written as ``report.md`` and ``report.json`` and summarized for the terminal."""

from __future__ import annotations

import json
from pathlib import Path


def claims_report(paper: str, claims: list[dict]) -> dict:
    """The report of ``paper``: its claims and how many were reproduced and not."""
    return {"paper": paper, "claims": claims,
            "counts": {v: sum(c["verdict"] == v for c in claims) for v in ("reproduced", "not reproduced")}}


def write_claims_table(title: str, report: dict, out: Path) -> list[Path]:
    """``report.md`` (a table under ``title``) and ``report.json`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.md", out / "report.json"]
    rows = [f"| {c['claim']} | {c['verdict']} | {c['ours']} |" for c in report["claims"]]
    table = "| claim | verdict | we find |\n|---|---|---|\n" + "\n".join(rows)
    paths[0].write_text(f"# {title}: claims\n\n{table}\n", encoding="utf-8")
    paths[1].write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return paths


def claims_summary(report: dict) -> str:
    """One line per claim: key, verdict, what we find."""
    width = max(len(c["key"]) for c in report["claims"])
    return "\n".join(f"{c['key']:{width}s}  {c['verdict']:14s}  {c['ours']}" for c in report["claims"])
