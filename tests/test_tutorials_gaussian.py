"""Tutorials 05 (steering versus synchronization) and 06 (spectra in cavity
magnomechanics) run end to end; their numbers are checked against formulas written
out here independently of hybridsys."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.linalg import solve_continuous_lyapunov

TUTORIALS = Path(__file__).resolve().parent.parent / "tutorials"


def run_tutorial(name: str, outdir: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", [name, str(outdir)])
    runpy.run_path(str(TUTORIALS / name), run_name="__main__")


def steering_by_determinants(blocks: np.ndarray, steered_second: bool) -> np.ndarray:
    """G^{a→b} = max(0, ½ ln(det V_a / (4 det V_ab))) for two-mode blocks [a, b] (vacuum ½)."""
    measured = blocks[..., :2, :2] if steered_second else blocks[..., 2:, 2:]
    return np.maximum(0.0, 0.5 * np.log(np.linalg.det(measured) / (4 * np.linalg.det(blocks))))


def test_steering_tutorial_answers_table_III_with_checked_numbers(tmp_path, monkeypatch, capsys):
    run_tutorial("05_steering_vs_synchronization.py", tmp_path, monkeypatch)
    assert "| Nonreciprocity, bias field (Kerr) |" in capsys.readouterr().out
    assert (tmp_path / "steering_t.png").stat().st_size > 10_000
    assert "nonreciprocal steering" in (tmp_path / "table_III.md").read_text(encoding="utf-8")
    data = np.load(tmp_path / "steering.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text(encoding="utf-8"))
    # every steering value of the m-b1 pair over the window, from its covariance block, a second way
    blocks, values = data["m_b1_blocks_window"], data["m_b1_steering_window"]
    assert blocks.shape[:2] == (5, values.shape[-1]) and values.shape[:2] == (5, 2)
    np.testing.assert_allclose(values[:, 0], steering_by_determinants(blocks, True), atol=1e-10)
    np.testing.assert_allclose(values[:, 1], steering_by_determinants(blocks, False), atol=1e-10)
    for label in meta["situations"]:
        tag = label.replace(" ", "_")
        stable = data[f"map_{tag}_stable"]
        steady = steering_by_determinants(data[f"map_{tag}_m_b1_blocks"][stable], False)
        np.testing.assert_allclose(data[f"map_{tag}_m_b1_steering_b_to_a"][stable], steady, atol=1e-10)
        assert np.all(data[f"map_{tag}_b1_b2_steering_a_to_b"][stable] == 0)
    # the tutorial's answers: phonons never steerable; b1 steers m one way; opposite nonreciprocities
    s = meta["summary"]
    assert all(p["b1-b2"]["steering_a_to_b"] == p["b1-b2"]["steering_b_to_a"] == 0 for p in s.values())
    assert all(p["m-b1"]["steering_a_to_b"] == 0 for p in s.values())
    assert s["CD"]["b1-b2"]["S_Q"] > 10 * s["OD"]["b1-b2"]["S_Q"]
    assert s["CD"]["m-b1"]["steering_b_to_a"] == 0 < s["OD"]["m-b1"]["steering_b_to_a"]
    assert s["LD spinning"]["b1-b2"]["S_Q"] > 10 * s["RD spinning"]["b1-b2"]["S_Q"]
    assert 0 < s["LD spinning"]["m-b1"]["steering_b_to_a"] < s["RD spinning"]["m-b1"]["steering_b_to_a"]
    assert values[:, 0].max() == 0 and values[2, 1].max() > 0


def test_spectra_tutorial_curves_follow_from_their_drift_and_diffusion(tmp_path, monkeypatch, capsys):
    run_tutorial("06_spectra_cavity_magnomechanics.py", tmp_path, monkeypatch)
    assert "∫S_b dω/2π" in capsys.readouterr().out
    assert (tmp_path / "spectra.png").stat().st_size > 10_000
    data = np.load(tmp_path / "spectra.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text(encoding="utf-8"))
    b = list(data["modes"]).index("b")
    # the steady V solves the Lyapunov equation, and the spectrum integrates to it
    A, D = data["paper_A"], data["paper_D"]
    np.testing.assert_allclose(data["paper_V"], solve_continuous_lyapunov(A, -D), rtol=1e-9, atol=1e-12)
    assert float(data["integral_b"]) == pytest.approx(float(data["variance_b"]), rel=1e-6)
    # the curve, point by point from S = (A + iω)⁻¹ D (Aᵀ − iω)⁻¹ with explicit inverses
    for k in range(0, data["omega"].size, 97):
        w = data["omega"][k]
        S = np.linalg.inv(A + 1j * w * np.eye(6)) @ D @ np.linalg.inv(A.T - 1j * w * np.eye(6))
        expected = (S[2 * b, 2 * b] + S[2 * b + 1, 2 * b + 1]).real / 2
        assert data["spectrum_b"][k] == pytest.approx(expected, rel=1e-10)
    # without the phonon: the probe's reflection is that of the magnon-cavity pair, by hand
    v = meta["mmit"]
    w, kappa_in = data["detuning"], float(data["kappa_in"])
    cavity = v["kappa_a"] + 1j * (v["Delta_a"] - w)
    chi = cavity / ((v["kappa_m"] + 1j * (v["Delta_m"] - w)) * cavity + v["g_ma"] ** 2)
    np.testing.assert_allclose(data["mmit_bare_power"], np.abs(1 - 2 * kappa_in * chi) ** 2, rtol=1e-10)
    # the transparency window at ω = ω_b opens only with the phonon
    centre = np.argmin(np.abs(w - 1.0))
    assert data["mmit_power"][centre] > 0.9 and data["mmit_bare_power"][centre] < 0.1
