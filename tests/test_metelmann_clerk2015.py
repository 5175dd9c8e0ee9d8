"""Metelmann & Clerk, PRX 5, 021025 (2015), as a paper package and a ready-made model:
the framework's S(ω) against the two cavities' Langevin and input-output equations
written here by hand, the isolation condition, the impedance-matched isolator, its
bandwidth in closed form, and the reservoir as an explicit auxiliary mode.

By hand (amplitude rates, o_out = √(2κ_e) o − o_in; the paper's energy rates are
Γ_MC = 2Γ and κ_MC = 2κ): in the frame of the cavities, with u(ω) = ∫dt e^{iωt} u(t),

    (κ + Γ + i(Δ − ω)) a1 + (iJ + Γ e^{iθ}) a2 = √(2κ_e) a1_in,
    (iJ + Γ e^{−iθ}) a1 + (κ + Γ + i(Δ − ω)) a2 = √(2κ_e) a2_in,

i.e. the paper's non-Hermitian hopping J − i(Γ_MC/2) e^{iθ} (a2 → a1) and its mirror, so
S = 2κ_e M(ω)⁻¹ − I with M the matrix above.
"""

from __future__ import annotations

import numpy as np
import pytest

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.measures import port_scattering
from hybridsys.papers.metelmann_clerk2015 import BANDWIDTH, Session, auxiliary_network, forward_bandwidth

OMEGA = np.linspace(-4.0, 4.0, 161)


def by_hand(kappa, kappa_e, delta, J, Gamma, theta, omega):
    """S(ω) (F, 2, 2) of the two cavities, from the module docstring's equations."""
    out = []
    for w in omega:
        diagonal = kappa + Gamma + 1j * (delta - w)
        M = np.array([[diagonal, 1j * J + Gamma * np.exp(1j * theta)],
                      [1j * J + Gamma * np.exp(-1j * theta), diagonal]])
        out.append(2 * kappa_e * np.linalg.inv(M) - np.eye(2))
    return np.array(out)


@pytest.fixture(scope="module")
def session():
    return Session(hs.load_model("metelmann_clerk_isolator"))


def test_the_models_scattering_matrix_equals_the_langevin_equations_by_hand(session):
    rng = np.random.default_rng(2015)
    points = []
    for _ in range(6):
        kappa = rng.uniform(0.3, 2.0)
        points.append({"kappa": kappa, "kappa_e": kappa * rng.uniform(0.2, 1.0), "Delta": rng.uniform(-1, 1),
                       "J": rng.uniform(0, 2), "Gamma": rng.uniform(0, 2), "theta": rng.uniform(-np.pi, np.pi)})
    s = session.scattering([session.values(**p) for p in points], OMEGA)  # one batched call
    for k, p in enumerate(points):
        expected = by_hand(p["kappa"], p["kappa_e"], p["Delta"], p["J"], p["Gamma"], p["theta"], OMEGA)
        np.testing.assert_allclose(s.ladder[k], expected, atol=1e-12)
        # and in closed form: S21 = −2κ_e(iJ + Γe^{−iθ})/D, S12 = −2κ_e(iJ + Γe^{iθ})/D,
        # D = (κ + Γ + i(Δ − ω))² − (iJ + Γe^{iθ})(iJ + Γe^{−iθ})
        up, down = 1j * p["J"] + p["Gamma"] * np.exp(1j * p["theta"]), 1j * p["J"] + p["Gamma"] * np.exp(-1j * p["theta"])
        D = (p["kappa"] + p["Gamma"] + 1j * (p["Delta"] - OMEGA)) ** 2 - up * down
        np.testing.assert_allclose(s.amplitude("p2", "p1")[k], -2 * p["kappa_e"] * down / D, atol=1e-12)
        np.testing.assert_allclose(s.amplitude("p1", "p2")[k], -2 * p["kappa_e"] * up / D, atol=1e-12)


def test_isolation_condition_cuts_one_direction_at_every_frequency_and_the_phase_picks_which(session):
    """iJ + Γe^{iθ} = 0 ⇔ |J| = Γ (the paper's |J| = Γ_MC/2) and θ = −π/2 for J > 0: a2
    no longer drives a1, S12 ≡ 0; θ = +π/2 cuts a1 → a2 instead. Away from it both pass."""
    J = 0.7
    s = session.scattering([session.values(J=J, Gamma=J, theta=-np.pi / 2, kappa_e=0.6),
                            session.values(J=J, Gamma=J, theta=np.pi / 2, kappa_e=0.6),
                            session.values(J=J, Gamma=0.5 * J, theta=-np.pi / 2, kappa_e=0.6)], OMEGA)
    assert np.abs(s.amplitude("p1", "p2")[0]).max() < 1e-14 < s.transmission("p2", "p1")[0].min()
    assert np.abs(s.amplitude("p2", "p1")[1]).max() < 1e-14 < s.transmission("p1", "p2")[1].min()
    assert s.transmission("p1", "p2")[2].min() > 1e-4  # (its tails at |ω| = 4 are ~6e-4)
    # the closed form of the pass direction: S21 = −2√(κ_e κ_e)·2iJ/(κ + Γ + i(Δ − ω))²
    expected = -4j * J * 0.6 / (1 + J + 1j * (0 - OMEGA)) ** 2
    np.testing.assert_allclose(s.amplitude("p2", "p1")[0], expected, atol=1e-12)


def test_impedance_matched_isolator_transmits_fully_and_reflects_nothing_on_resonance(session):
    """Γ = κ = κ_e (the paper's Γ_MC = κ_MC) and J = Γ: S21(Δ) = −4iκ²/(2κ)² = −i, S11 = S22 = 0."""
    s = session.scattering([session.values()], np.array([0.0]))
    assert s.amplitude("p2", "p1")[0, 0] == pytest.approx(-1j, abs=1e-12)
    assert abs(s.amplitude("p1", "p1")[0, 0]) < 1e-12 and abs(s.amplitude("p2", "p2")[0, 0]) < 1e-12
    assert abs(s.amplitude("p1", "p2")[0, 0]) < 1e-14


def test_forward_bandwidth_is_the_closed_form(session):
    """|S21|² = 16κ⁴/((2κ)² + ω²)² at J = Γ = κ = κ_e falls to ½ at ω² = 4κ²(√2 − 1): full
    width 4κ√(√2 − 1) (= 2κ_MC√(√2 − 1) in the paper's rates)."""
    kappa = 1.0
    assert BANDWIDTH == pytest.approx(4 * kappa * np.sqrt(np.sqrt(2) - 1), rel=1e-15)
    edge = BANDWIDTH / 2
    assert 16 * kappa**4 / ((2 * kappa) ** 2 + edge**2) ** 2 == pytest.approx(0.5, rel=1e-12)
    assert forward_bandwidth(session) == pytest.approx(BANDWIDTH, rel=1e-6)
    s = session.scattering([session.values()], np.array([edge]))
    assert s.transmission("p2", "p1")[0, 0] == pytest.approx(0.5, rel=1e-12)


def test_the_reservoir_as_an_auxiliary_mode_isolates_as_the_closed_form_and_converges():
    """c damped at κ_c, H ∋ g[c†(a1 + e^{iθ}a2) + h.c.]: by hand the 3 × 3 M(ω) of a1, a2, c;
    eliminating c gives Γ(ω) = g²/(κ_c − iω), so at g²/κ_c = J, θ = −π/2 the hoppings are
    −(iJ − iΓ(ω)) = −Jω/(κ_c − iω) and −iJ(2κ_c − iω)/(κ_c − iω), and |S21/S12|² = (4κ_c² + ω²)/ω²."""
    network = auxiliary_network()
    compiled = hs.compile(network)
    kappa, J, theta, omega = 1.0, 1.0, -np.pi / 2, np.linspace(0.05, 3, 60)
    values = [{"Delta": 0.0, "kappa": kappa, "kappa_e": kappa, "J": J, "theta": theta, "kappa_c": k, "g": np.sqrt(J * k)}
              for k in (2.0, 20.0, 200.0)]
    params = np.array([compiled.parameters(v) for v in values])
    s = port_scattering(compiled, params, np.zeros((3, compiled.size)), omega)
    for k, v in enumerate(values):
        g, kc = v["g"], v["kappa_c"]
        for f, w in enumerate(omega):
            M = np.array([[kappa - 1j * w, 1j * J, 1j * g],
                          [1j * J, kappa - 1j * w, 1j * g * np.exp(-1j * theta)],
                          [1j * g, 1j * g * np.exp(1j * theta), kc - 1j * w]])
            expected = 2 * kappa * np.linalg.inv(M)[:2, :2] - np.eye(2)
            np.testing.assert_allclose(s.ladder[k, f], expected, atol=1e-12)
        ratio = (4 * kc**2 + omega**2) / omega**2
        np.testing.assert_allclose(s.transmission("p2", "p1")[k] / s.transmission("p1", "p2")[k], ratio, rtol=1e-8)
    # towards the shared bath: S converges to the ideal one at the rate 1/κ_c
    ideal = by_hand(kappa, kappa, 0.0, J, J, theta, omega)
    errors = [np.abs(s.ladder[k] - ideal).max() for k in range(3)]
    assert errors[0] > errors[1] > errors[2] and 5 < errors[1] / errors[2] < 20


def test_reproduce_metelmann_clerk2015_writes_its_figures_and_reproduces_every_claim(tmp_path, capsys):
    assert main(["reproduce", "metelmann_clerk2015", "--fast", "--quiet", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    for figure in ("transmission", "isolation_map", "auxiliary"):
        assert (tmp_path / f"{figure}.png").stat().st_size > 10_000
    data = np.load(tmp_path / "transmission.npz")
    centre = int(np.argmin(np.abs(data["omega"])))
    assert data["S21"][centre] == pytest.approx(1.0, abs=1e-12) and data["S12"].max() < 1e-20
    for key in ("isolation_condition", "perfect_isolator", "bandwidth", "finite_reservoir"):
        assert key in printed
    assert "not reproduced" not in printed


def test_the_ready_made_isolator_shows_its_ports_and_rests_at_the_stable_vacuum(capsys):
    assert main(["show", "metelmann_clerk_isolator"]) == 0
    printed = capsys.readouterr().out
    assert "Port(a1, p1)" in printed and "Port(a2, p2)" in printed and "dissipative_coupling" in printed
    # undriven: one fixed point, the vacuum; M's eigenvalues κ + Γ ± √((iJ + Γe^{iθ})(iJ + Γe^{−iθ}))
    # are both κ + Γ = 2 at the isolation point (the product is 0), so max Re λ of the drift is −2
    assert main(["steady", "metelmann_clerk_isolator"]) == 0
    printed = capsys.readouterr().out
    assert "1 fixed point(s)" in printed and "stable (max Re λ = -2)" in printed


def test_steady_prints_and_writes_the_ports_scattering_at_the_asked_frequency(capsys):
    """`steady` on a model with ports: S(ω) of every pair as the hand-written equations
    give it, at --omega, in the text and under `scattering` in --json."""
    import json

    assert main(["steady", "metelmann_clerk_isolator", "--json", "--omega", "0.5"]) == 0
    scattering = json.loads(capsys.readouterr().out)["fixed_points"][0]["steady"]["scattering"]
    model = hs.load_model("metelmann_clerk_isolator")
    v = model.values()
    S = by_hand(v["kappa"], v["kappa_e"], v["Delta"], v["J"], v["Gamma"], v["theta"], [0.5])[0]
    assert scattering["omega"] == 0.5 and scattering["ports"] == ["p1", "p2"]
    for (to, source), (r, c) in {("p1", "p1"): (0, 0), ("p1", "p2"): (0, 1), ("p2", "p1"): (1, 0), ("p2", "p2"): (1, 1)}.items():
        assert np.allclose(scattering["S"][f"{to}<-{source}"], [S[r, c].real, S[r, c].imag], atol=1e-12)
        assert scattering["transmission"][f"{to}<-{source}"] == pytest.approx(abs(S[r, c]) ** 2, abs=1e-12)
    assert scattering["isolation_db"]["p2<-p1"] > 300 and scattering["isolation_db"]["p1<-p2"] < -300
    assert main(["steady", "metelmann_clerk_isolator"]) == 0
    printed = capsys.readouterr().out
    assert "ports at ω = 0: |S|² p1<-p1" in printed and "isolation (dB, pass direction): p2<-p1 " in printed
    assert main(["steady", "metelmann_clerk_isolator", "--omega", "nan"]) == 2
    assert "--omega must be a finite frequency" in capsys.readouterr().err
