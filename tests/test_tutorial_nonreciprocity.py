"""Tutorial 07 (nonreciprocity without spinning) runs end to end; its numbers are checked
against the equations of motion and closed forms written out here, independently of
hybridsys (amplitude rates, o_out = √(2κ_e) o − o_in, S = 2√(κ_p κ_q) M(ω)⁻¹ − I with
M o(ω) = Σ √(2κ_p) o_in,p)."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import numpy as np

TUTORIALS = Path(__file__).resolve().parent.parent / "tutorials"


def test_nonreciprocity_tutorial_maps_convergence_cascade_and_squeezing_follow_from_hand(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["07_nonreciprocity_without_spinning.py", str(tmp_path)])
    runpy.run_path(str(TUTORIALS / "07_nonreciprocity_without_spinning.py"), run_name="__main__")
    assert "log-log slope" in capsys.readouterr().out
    assert (tmp_path / "nonreciprocity.png").stat().st_size > 10_000
    data = np.load(tmp_path / "nonreciprocity.npz")
    meta = json.loads((tmp_path / "parameters.json").read_text(encoding="utf-8"))
    kappa, J, gamma, kappa_c, r = meta["kappa"], meta["J"], meta["Gamma"], meta["kappa_c_map"], meta["r"]
    theta, omega = data["theta"], data["omega"]

    # the shared bath: S21/S12 = (iJ + Γe^{−iθ})/(iJ + Γe^{iθ}) at every ω (two modes, same determinant)
    ratio = np.abs(1j * J + gamma * np.exp(-1j * theta)) ** 2 / np.abs(1j * J + gamma * np.exp(1j * theta)) ** 2
    finite = np.abs(np.abs(theta) - np.pi / 2) > 1e-3
    expected = np.broadcast_to(10 * np.log10(ratio)[:, None], data["isolation_shared"].shape)
    np.testing.assert_allclose(data["isolation_shared"][finite], expected[finite], atol=1e-8)
    # Γ = J, θ = ∓π/2: S12 (S21) = 0 to rounding, the isolation ±300 dB or more
    edges = data["isolation_shared"][~finite] * -np.sign(theta[~finite])[:, None]
    assert edges.size and edges.min() > 200

    # the auxiliary mode c (κ_c, g = √(Jκ_c), H ∋ g[c†(a + e^{iθ}b) + h.c.]): its 3 × 3 M(ω) by hand
    g = np.sqrt(J * kappa_c)
    for i in range(0, theta.size, 7):
        for f in range(0, omega.size, 9):
            w, t = omega[f], theta[i]
            M = np.array([[kappa - 1j * w, 1j * J, 1j * g],
                          [1j * J, kappa - 1j * w, 1j * g * np.exp(-1j * t)],
                          [1j * g, 1j * g * np.exp(1j * t), kappa_c - 1j * w]])
            S = 2 * kappa * np.linalg.inv(M)[:2, :2]
            hand = 10 * np.log10(abs(S[1, 0]) ** 2 / abs(S[0, 1]) ** 2)
            assert abs(data["isolation_auxiliary"][i, f] - hand) < 1e-6 * max(1.0, abs(hand))

    # convergence to the shared bath at the rate 1/κ_c, for S and for the steady covariance
    for error in (data["error_S"], data["error_V"]):
        slopes = np.diff(np.log(error)) / np.diff(np.log(data["kappa_c"]))
        assert np.all(np.diff(error) < 0) and abs(slopes[-1] + 1) < 0.05

    # the cascade (ports κ/2 each, η = 1, φ = 0): the product of the single-cavity responses; nothing back
    for k, delta_b in enumerate(meta["cascade"]["Delta_b"]):
        product = (kappa / (kappa - 1j * omega)) * (kappa / (kappa + 1j * (delta_b - omega)))
        np.testing.assert_allclose(data["cascade_forward_amplitude"][k], product, atol=1e-12)
    assert data["cascade_backward"].max() < 1e-20

    # two-mode squeezed input: ⟨a†a⟩ = sinh² r, ⟨ab⟩ = 2κM/(2κ + 2iΔ), M = −sinh r cosh r;
    # E_N = max(0, −ln 2ν), ν = sinh² r + ½ − |⟨ab⟩| (the partial transpose's symplectic eigenvalue)
    pair = 2 * kappa * np.sinh(r) * np.cosh(r) / np.abs(2 * kappa + 2j * data["detuning"])
    nu = np.sinh(r) ** 2 + 0.5 - pair
    np.testing.assert_allclose(data["E_N"], np.maximum(0, -np.log(2 * nu)), atol=1e-10)
    assert abs(data["E_N"][data["detuning"].size // 2] - 2 * r) < 1e-10
