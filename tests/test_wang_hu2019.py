"""Wang & Hu et al., PRL 123, 127202 (2019), as a paper package: a cavity a and a magnon m
on one line (ports p1 at its left end, p2 at its right), coupled coherently, against the
input-output equations of the two coupling points written here by hand.

By hand (SLH sign b_out = b_in + L; ours o_in = −b_in, o_out = b_out), the right-moving
envelope b_R and the left-moving b_L referred to a's coupling point, m's point a phase Φ
further right; each mode couples to each direction at rate κ_o/2 (amplitude), so at a
point √(2·κ_o/2) = √κ_o:

    b_R(between) = b_R,in + √κ_a a,              b_R,out = b_R(between) + √κ_m e^{−iΦ} m,
    b_L(between) = b_L,in + √κ_m e^{iΦ} m,        b_L,out = b_L(between) + √κ_a a,
    ȧ = −(κ_ai + κ_a + iΔ_a) a − iJe^{iθ} m − √κ_a (b_R,in + b_L(between)),
    ṁ = −(κ_mi + κ_m + iΔ_m) m − iJe^{−iθ} a − √κ_m (e^{iΦ} b_R(between) + e^{−iΦ} b_L,in).

S21 = o_out at p2 / o_in at p1 = −b_R,out/b_R,in with b_L,in = 0; S12 the other way.
"""

from __future__ import annotations

import numpy as np
import pytest

from hybridsys.cli import main
from hybridsys.papers.port_session import PortSession
from hybridsys.papers.wang_hu2019 import VALUES, determinants, network, zero_damping

OMEGA = np.linspace(-1.0, 1.0, 201)


def by_hand(v, omega):
    """(S21, S12) (F,) from the module docstring's equations, one 2 × 2 solve per ω."""
    ka, km, J, th, Phi = v["kappa_a"], v["kappa_m"], v["J"], v["theta"], v["Phi"]
    s21, s12 = [], []
    for w in omega:
        # unknowns (a, m); with b_R(between) and b_L(between) substituted:
        M = np.array([[v["kappa_ai"] + ka + 1j * (v["Delta_a"] - w), 1j * J * np.exp(1j * th) + np.sqrt(ka * km) * np.exp(1j * Phi)],
                      [1j * J * np.exp(-1j * th) + np.sqrt(ka * km) * np.exp(1j * Phi), v["kappa_mi"] + km + 1j * (v["Delta_m"] - w)]])
        a, m = np.linalg.solve(M, [-np.sqrt(ka), -np.sqrt(km) * np.exp(1j * Phi)])          # b_R,in = 1
        s21.append(-(1 + np.sqrt(ka) * a + np.sqrt(km) * np.exp(-1j * Phi) * m))
        a, m = np.linalg.solve(M, [-np.sqrt(ka), -np.sqrt(km) * np.exp(-1j * Phi)])         # b_L,in = 1
        s12.append(-(1 + np.sqrt(km) * np.exp(1j * Phi) * m + np.sqrt(ka) * a))
    return np.array(s21), np.array(s12)


@pytest.fixture(scope="module")
def session():
    return PortSession(network(), values=VALUES)


def test_the_model_equals_the_two_coupling_points_by_hand_and_the_closed_form(session):
    rng = np.random.default_rng(2019)
    points = [dict(VALUES, Delta_a=rng.uniform(-0.5, 0.5), Delta_m=rng.uniform(-0.5, 0.5), kappa_a=rng.uniform(0.2, 1),
                   kappa_m=rng.uniform(0.05, 1), kappa_ai=rng.uniform(0, 0.2), kappa_mi=rng.uniform(0, 0.2),
                   J=rng.uniform(-0.5, 0.5), theta=rng.uniform(-np.pi, np.pi), Phi=rng.uniform(-np.pi, np.pi)) for _ in range(6)]
    s = session.scattering(points, OMEGA)          # one batched call
    for k, p in enumerate(points):
        s21, s12 = by_hand(p, OMEGA)
        np.testing.assert_allclose(s.amplitude("p2", "p1")[k], s21, atol=1e-12)
        np.testing.assert_allclose(s.amplitude("p1", "p2")[k], s12, atol=1e-12)
        full, forward, backward = determinants(p, OMEGA)
        np.testing.assert_allclose(s21, -forward / full, atol=1e-12)
        np.testing.assert_allclose(s12, -backward / full, atol=1e-12)
        # the two directions differ by det M_12 − det M_21 = 4iJΓ sin Φ sin θ only
        gamma = np.sqrt(p["kappa_a"] * p["kappa_m"])
        np.testing.assert_allclose(backward - forward, 4j * p["J"] * gamma * np.sin(p["Phi"]) * np.sin(p["theta"]), atol=1e-12)


def test_nonreciprocity_needs_the_coherent_coupling_the_line_phase_and_the_loop_phase(session):
    """|S21| = |S12| at every ω when J = 0, Φ = 0 or θ = 0; not otherwise."""
    cases = [dict(VALUES, J=0.0), dict(VALUES, Phi=0.0), dict(VALUES, theta=0.0), dict(VALUES, Phi=np.pi), dict(VALUES)]
    s = session.scattering(cases, OMEGA)
    np.testing.assert_allclose(s.transmission("p2", "p1")[:4], s.transmission("p1", "p2")[:4], atol=1e-14)
    assert np.abs(s.isolation_db("p2", "p1")[4]).max() > 10


def test_zero_damping_condition_blocks_one_direction_at_one_frequency(session):
    """det M_21 = 0 at a real ω_z: with Δ = 0, ω_z = −2JΓ sin Φ sin θ/(κ_ai + κ_mi) and
    κ_ai κ_mi + J² + 2JΓ sin Φ cos θ = ω_z² (the real and imaginary parts). Then S21(ω_z) = 0,
    S12(ω_z) = −4iJΓ sin Φ sin θ/det M ≠ 0; and by ω → −ω (x → x*) S12 vanishes at −ω_z."""
    for theta in (np.pi / 2, 1.0):
        tuned = zero_damping(dict(VALUES, theta=theta))
        gamma = np.sqrt(VALUES["kappa_a"] * VALUES["kappa_m"])
        s_phi = np.sin(tuned["Phi"])
        wz = -2 * VALUES["J"] * gamma * s_phi * np.sin(theta) / (VALUES["kappa_ai"] + VALUES["kappa_mi"])
        assert tuned["omega_z"] == pytest.approx(wz, rel=1e-12)
        assert VALUES["kappa_ai"] * VALUES["kappa_mi"] + VALUES["J"] ** 2 + 2 * VALUES["J"] * gamma * s_phi * np.cos(theta) \
            == pytest.approx(wz**2, rel=1e-10)
        point = {k: v for k, v in tuned.items() if k != "omega_z"}
        s = session.scattering([point], np.array([wz, -wz]))
        s21, s12 = by_hand(point, np.array([wz, -wz]))
        assert abs(s.amplitude("p2", "p1")[0, 0]) < 1e-12 and abs(s21[0]) < 1e-12
        full, _, _ = determinants(point, np.array([wz]))
        expected = -4j * VALUES["J"] * gamma * s_phi * np.sin(theta) / full[0]
        assert s.amplitude("p1", "p2")[0, 0] == pytest.approx(expected, abs=1e-12) and abs(expected) > 1e-2
        assert abs(s.amplitude("p1", "p2")[0, 1]) < 1e-12


def test_no_frequency_makes_the_device_exactly_invisible_one_way_unless_lossless_and_reciprocal():
    """S21 = −1 (the bare line) needs det M = det M_21, i.e. N = κ_a x_m + κ_m x_a −
    2iΓ² sin Φ e^{iΦ} − 2iJΓ cos(θ + Φ) = 0; Re N = κ_a κ_mi + κ_m κ_ai + 2Γ² sin²Φ ≥ 0
    vanishes only with no internal loss and sin Φ = 0, where the device is reciprocal."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        v = dict(VALUES, J=rng.uniform(-1, 1), theta=rng.uniform(-np.pi, np.pi), Phi=rng.uniform(-np.pi, np.pi),
                 Delta_a=rng.uniform(-1, 1), Delta_m=rng.uniform(-1, 1))
        full, forward, _ = determinants(v, OMEGA)
        xa, xm = v["kappa_ai"] + 1j * (v["Delta_a"] - OMEGA), v["kappa_mi"] + 1j * (v["Delta_m"] - OMEGA)
        gamma = np.sqrt(v["kappa_a"] * v["kappa_m"])
        N = v["kappa_a"] * xm + v["kappa_m"] * xa - 2j * gamma**2 * np.sin(v["Phi"]) * np.exp(1j * v["Phi"]) \
            - 2j * v["J"] * gamma * np.cos(v["theta"] + v["Phi"])
        np.testing.assert_allclose(full - forward, N, atol=1e-12)
        assert np.all(N.real >= v["kappa_a"] * v["kappa_mi"] + v["kappa_m"] * v["kappa_ai"] - 1e-12)


def test_reproduce_wang_hu2019_writes_its_figures_and_reproduces_every_claim(tmp_path, capsys):
    assert main(["reproduce", "wang_hu2019", "--fast", "--quiet", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    for figure in ("transmission", "isolation_map", "zero_damping"):
        assert (tmp_path / f"{figure}.png").stat().st_size > 10_000
    data = np.load(tmp_path / "zero_damping.npz")
    assert data["S21"].min() < 1e-8 < data["S12"].min()
    for key in ("closed_form", "interference", "zero_damping"):
        assert key in printed
    assert "not reproduced" not in printed
