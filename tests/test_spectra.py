"""Noise spectra, output spectra and probe transmission (hybridsys.measures.spectra):
Lorentzian closed forms of a damped cavity, ∫S dω/2π = the steady variance, QuTiP's
`spectrum` as referee in a truncated Fock space, and batched = point by point."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import solve_continuous_lyapunov

from hybridsys import measures


def cavity(kappa: float, detuning: float) -> np.ndarray:
    """A of ȯ = −(κ + iΔ)o in quadratures X, Y (written by hand)."""
    return np.array([[-kappa, detuning], [-detuning, -kappa]])


def beam_splitter_pair(ka, kb, da, db, j):
    """A of ȧ = −(κa + iΔa)a − iJ b, ḃ = −(κb + iΔb)b − iJ a (by hand)."""
    return np.array([[-ka, da, 0, j], [-da, -ka, -j, 0], [0, j, -kb, db], [-j, 0, -db, -kb]])


def integral_over_frequency(spectrum) -> float:
    """∫ S(ω) dω/2π through ω = tan u (S ~ 1/ω² makes S(tan u) sec² u smooth up to
    u = ±π/2), by the midpoint rule."""
    steps = 20000
    u = -np.pi / 2 + (np.arange(steps) + 0.5) * np.pi / steps
    return np.sum(spectrum(np.tan(u)) / np.cos(u) ** 2) * (np.pi / steps) / (2 * np.pi)


@pytest.mark.parametrize("kappa, detuning, n", [(0.2, 0.0, 0.0), (0.1, 1.3, 2.5), (0.5, -0.7, 0.3)])
def test_damped_cavity_spectrum_is_the_lorentzian_pair_and_integrates_to_the_variance(kappa, detuning, n):
    A, D = cavity(kappa, detuning), kappa * (2 * n + 1) * np.eye(2)
    omega = np.linspace(-3, 3, 301)
    expected = (n + 0.5) * kappa * (1 / (kappa**2 + (omega - detuning) ** 2) + 1 / (kappa**2 + (omega + detuning) ** 2))
    for theta in (0.0, 0.7, np.pi / 2):  # a thermal mode: every quadrature alike
        assert measures.noise_spectrum(A, D, omega, 0, theta) == pytest.approx(expected, rel=1e-12)
    assert measures.noise_spectrum(A, D, omega, 0, "number") == pytest.approx(expected, rel=1e-12)
    V = solve_continuous_lyapunov(A, -D)
    assert integral_over_frequency(lambda w: measures.noise_spectrum(A, D, w, 0, 0.0)) == pytest.approx(V[0, 0], rel=1e-6)
    assert V[0, 0] == pytest.approx(n + 0.5, rel=1e-12)


def test_spectrum_of_a_coupled_pair_integrates_to_each_quadratures_steady_variance():
    A = beam_splitter_pair(0.3, 0.05, 0.4, -0.2, 0.25)
    D = np.diag([0.3 * 3, 0.3 * 3, 0.05 * 1, 0.05 * 1])  # n̄_a = 1, n̄_b = 0
    V = solve_continuous_lyapunov(A, -D)
    for mode, theta in ((0, 0.0), (1, np.pi / 2), (1, 0.9)):
        c = np.zeros(4)
        c[2 * mode], c[2 * mode + 1] = np.cos(theta), np.sin(theta)
        integral = integral_over_frequency(lambda w: measures.noise_spectrum(A, D, w, mode, theta))
        assert integral == pytest.approx(c @ V @ c, rel=1e-6)
    number = integral_over_frequency(lambda w: measures.noise_spectrum(A, D, w, 1, "number"))
    assert number == pytest.approx((V[2, 2] + V[3, 3]) / 2, rel=1e-6)


def test_noise_spectrum_agrees_with_qutip_for_a_beam_splitter_pair_in_fock_space():
    """QuTiP's spectrum of ⟨X_b(τ)X_b(0)⟩ from the master equation (dissipators 2κ(n̄+1)D[o]
    and 2κn̄ D[o†], i.e. amplitude decay κ) in 4 × 4 Fock states; its sign convention
    cancels in the symmetrized ½(S(ω) + S(−ω)), which our S(ω) is. Nearly cold baths keep
    the truncation small: measured 3e-6 relative at N = 4 (1.6e-4 at N = 3)."""
    qutip = pytest.importorskip("qutip")
    ka, kb, da, db, j, na, nb = 0.3, 0.1, 0.5, -0.3, 0.2, 0.01, 0.0
    N = 4
    a = qutip.tensor(qutip.destroy(N), qutip.qeye(N))
    b = qutip.tensor(qutip.qeye(N), qutip.destroy(N))
    H = da * a.dag() * a + db * b.dag() * b + j * (a.dag() * b + b.dag() * a)
    c_ops = [np.sqrt(2 * ka * (na + 1)) * a, np.sqrt(2 * ka * na) * a.dag(),
             np.sqrt(2 * kb * (nb + 1)) * b, np.sqrt(2 * kb * nb) * b.dag()]
    x_b = (b + b.dag()) / np.sqrt(2)
    omega = np.array([-1.0, -0.3, 0.0, 0.4, 1.2])
    both = qutip.spectrum(H, np.concatenate([omega, -omega]), c_ops, x_b, x_b, solver="pi")
    symmetrized = (both[: omega.size] + both[omega.size :]) / 2
    A = beam_splitter_pair(ka, kb, da, db, j)
    D = np.diag([ka * (2 * na + 1)] * 2 + [kb * (2 * nb + 1)] * 2)
    assert measures.noise_spectrum(A, D, omega, 1, 0.0) == pytest.approx(symmetrized, rel=1e-5)


@pytest.mark.parametrize("n", [0.0, 1.7])
def test_output_of_a_cavity_in_equilibrium_with_its_only_port_is_that_ports_noise(n):
    """A cavity damped only through one port with thermal input n̄ is in equilibrium with
    it: the output is the input's white noise n̄ + ½ (shot noise ½ for the vacuum)."""
    kappa, detuning = 0.2, 0.8
    A, D = cavity(kappa, detuning), kappa * (2 * n + 1) * np.eye(2)
    omega = np.linspace(-3, 3, 101)
    for quadrature in (0.0, 1.1, "number"):
        out = measures.output_spectrum(A, D, omega, 0, kappa, quadrature, occupation=n)
        assert out == pytest.approx(np.full(omega.size, n + 0.5), rel=1e-12)


def test_output_spectrum_of_a_cavity_with_an_internal_loss_shows_the_lorentzian_dip():
    """Port κ_e, internal loss κ_i (vacuum): S_out = ½ for every quadrature at any ω
    (vacuum in, vacuum out), and a hot internal bath n̄_i adds the intracavity noise
    κ_i n̄_i Σ± 1/(κ² + (ω ∓ Δ)²) leaking through the port: S_out = ½ + 2κ_e κ_i n̄_i Σ±."""
    ke, ki, detuning, ni = 0.15, 0.05, 0.6, 3.0
    kappa = ke + ki
    A = cavity(kappa, detuning)
    omega = np.linspace(-2, 2, 81)
    cold = measures.output_spectrum(A, kappa * np.eye(2), omega, 0, ke, 0.0)
    assert cold == pytest.approx(np.full(omega.size, 0.5), rel=1e-12)
    D = (ke + ki * (2 * ni + 1)) * np.eye(2)
    lorentzians = 1 / (kappa**2 + (omega - detuning) ** 2) + 1 / (kappa**2 + (omega + detuning) ** 2)
    hot = measures.output_spectrum(A, D, omega, 0, ke, 0.0)
    assert hot == pytest.approx(0.5 + 2 * ke * ki * ni * lorentzians, rel=1e-12)


@pytest.mark.parametrize("detuning", [0.0, 0.9, -1.4])
def test_probe_on_a_bare_cavity_is_the_lorentzian_transmission(detuning):
    kappa, k_in, k_out = 0.2, 0.07, 0.1
    A = cavity(kappa, detuning)
    omega = np.linspace(-3, 3, 121)
    chi = 1 / (kappa + 1j * (detuning - omega))
    assert measures.probe_response(A, omega, 0) == pytest.approx(chi, rel=1e-12)
    power, phase = measures.probe_transmission(A, omega, 0, k_in, k_out)
    assert power == pytest.approx(4 * k_in * k_out / (kappa**2 + (detuning - omega) ** 2), rel=1e-12)
    assert np.exp(1j * phase) == pytest.approx(-chi / np.abs(chi), rel=1e-12)
    power, phase = measures.probe_transmission(A, omega, 0, k_in)
    t = 1 - 2 * k_in * chi
    assert power == pytest.approx(np.abs(t) ** 2, rel=1e-12) and phase == pytest.approx(np.angle(t), abs=1e-12)


def test_probe_response_of_a_coupled_pair_solves_the_driven_linear_equations():
    """The probe term s e^{−iωt} on ȧ, solved by hand: δa₊ = s (κb + i(Δb − ω)) /
    ((κa + i(Δa − ω))(κb + i(Δb − ω)) + J²) (normal-mode splitting, no conjugate terms)."""
    ka, kb, da, db, j = 0.2, 0.01, 0.3, 0.3, 0.15
    omega = np.linspace(-1, 1.5, 101)
    chi_b = kb + 1j * (db - omega)
    expected = chi_b / ((ka + 1j * (da - omega)) * chi_b + j**2)
    got = measures.probe_response(beam_splitter_pair(ka, kb, da, db, j), omega, 0)
    assert got == pytest.approx(expected, rel=1e-12)


def test_spectra_batched_equal_point_by_point():
    rng = np.random.default_rng(4)
    A = np.array([[beam_splitter_pair(*rng.uniform(0.05, 0.5, 2), *rng.uniform(-1, 1, 2), rng.uniform(0, 0.3))
                   for _ in range(3)] for _ in range(2)])
    D = np.diag([0.4, 0.4, 0.2, 0.2]) * np.ones((2, 3, 1, 1))
    omega = np.linspace(-2, 2, 17)
    calls = {
        "noise": lambda a, d: measures.noise_spectrum(a, d, omega, 1, 0.3),
        "number": lambda a, d: measures.noise_spectrum(a, d, omega, 0, "number"),
        "output": lambda a, d: measures.output_spectrum(a, d, omega, 0, 0.02, "number"),
        "probe": lambda a, d: measures.probe_transmission(a, omega, 0, 0.02)[0],
    }
    for name, call in calls.items():
        batched = call(A, D)
        assert batched.shape == (2, 3, omega.size), name
        single = np.array([[call(A[p, q], D[p, q]) for q in range(3)] for p in range(2)])
        np.testing.assert_allclose(batched, single, rtol=1e-12, err_msg=name)


def test_spectrum_rejects_an_unknown_mode_or_quadrature():
    from hybridsys.errors import ParameterError

    A, D = cavity(0.1, 0.0), np.eye(2)
    with pytest.raises(ParameterError, match="mode 3"):
        measures.noise_spectrum(A, D, [0.0], 3)
    with pytest.raises(ParameterError, match="quadrature"):
        measures.noise_spectrum(A, D, [0.0], 0, "phase")
