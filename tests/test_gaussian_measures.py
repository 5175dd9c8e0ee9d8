"""The Gaussian toolbox (hybridsys.measures): closed forms, a second library
(thewalrus) as referee on random physical states, batched = point by point, and NaN
on unphysical covariance matrices. Vacuum variance ½ (V = I/2), ordering xpxp."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

from hybridsys import measures

thewalrus = pytest.importorskip("thewalrus")
from thewalrus.decompositions import (
    symplectic_eigenvals as walrus_symplectic_eigenvalues,  # noqa: E402
)
from thewalrus.quantum import log_negativity as walrus_log_negativity  # noqa: E402
from thewalrus.quantum import vonneumann_entropy as walrus_entropy  # noqa: E402
from thewalrus.symplectic import xpxp_to_xxpp  # noqa: E402


def two_mode_squeezed_vacuum(r: float) -> np.ndarray:
    """V of S₂(r)|0,0⟩ written by hand: cosh 2r/2 on the diagonal, ±sinh 2r/2 between."""
    c, s = np.cosh(2 * r) / 2, np.sinh(2 * r) / 2
    return np.array([[c, 0, s, 0], [0, c, 0, -s], [s, 0, c, 0], [0, -s, 0, c]])


def random_state(rng, modes: int) -> tuple[np.ndarray, np.ndarray]:
    """V = S diag(ν) Sᵀ with a random symplectic S = exp(ΩH) (H symmetric) and random
    thermal symplectic eigenvalues ν = n̄ + ½ (some pure), and the ν."""
    omega = measures.symplectic_form(modes)
    h = rng.normal(size=(2 * modes, 2 * modes)) * 0.4
    symplectic = expm(omega @ (h + h.T))
    nu = 0.5 + np.where(rng.random(modes) < 0.3, 0.0, rng.exponential(1.0, modes))
    return symplectic @ np.diag(np.repeat(nu, 2)) @ symplectic.T, np.sort(nu)


def to_walrus(covariance: np.ndarray) -> np.ndarray:
    """thewalrus's convention: ħ = 2 (vacuum = I) and xxpp ordering."""
    return xpxp_to_xxpp(2 * covariance)


# -- closed forms ----------------------------------------------------------------------------
@pytest.mark.parametrize("r", [0.1, 0.5, 1.2])
def test_two_mode_squeezed_vacuum_closed_forms(r):
    V = two_mode_squeezed_vacuum(r)
    assert measures.log_negativity(V, 0, 1) == pytest.approx(2 * r, rel=1e-12)
    assert measures.log_negativity(V, [0], [1]) == pytest.approx(2 * r, rel=1e-12)
    for a, b in ((0, 1), (1, 0)):
        assert measures.steering(V, a, b) == pytest.approx(np.log(np.cosh(2 * r)), rel=1e-12)
    assert measures.purity(V) == pytest.approx(1.0, abs=1e-12)
    assert measures.von_neumann_entropy(V) == pytest.approx(0.0, abs=1e-6)
    one_mode = measures.von_neumann_entropy(V, 0)
    n = np.sinh(r) ** 2  # each reduced mode is thermal with n̄ = sinh² r
    assert one_mode == pytest.approx((n + 1) * np.log(n + 1) - n * np.log(n), rel=1e-12)
    assert measures.mutual_information(V, 0, 1) == pytest.approx(2 * one_mode, rel=1e-6)
    # the discord of a pure state is its entanglement entropy; E_min = 1 comes out of a
    # vanishing square root there, which leaves about 7 digits (see gaussian_discord)
    assert measures.gaussian_discord(V, 0, 1) == pytest.approx(one_mode, abs=1e-6)


@pytest.mark.parametrize("n", [0.0, 0.3, 4.0])
def test_thermal_mode_purity_entropy_and_no_squeezing(n):
    V = np.eye(2) * (n + 0.5)
    assert measures.purity(V) == pytest.approx(1 / (2 * n + 1), rel=1e-14)
    assert measures.von_neumann_entropy(V) == pytest.approx((n + 1) * np.log(n + 1) - (n * np.log(n) if n else 0.0), abs=1e-14)
    decibels, _ = measures.squeezing(V, 0)
    assert decibels == pytest.approx(-10 * np.log10(2 * n + 1), abs=1e-12)


@pytest.mark.parametrize("theta", [-1.2, 0.0, 0.4, np.pi / 2])
def test_squeezed_vacuum_squeezing_in_decibels_and_angle(theta):
    r = 0.6
    rotation = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    V = rotation @ np.diag([np.exp(-2 * r), np.exp(2 * r)]) / 2 @ rotation.T  # X_θ squeezed
    decibels, angle = measures.squeezing(V, 0)
    assert decibels == pytest.approx(20 * r / np.log(10), rel=1e-12)  # −10 log₁₀ e^{−2r}
    assert np.cos(angle - theta) ** 2 == pytest.approx(1.0, abs=1e-12)
    assert -np.pi / 2 < angle <= np.pi / 2


def test_discord_steering_and_negativity_vanish_on_product_states():
    rng = np.random.default_rng(1)
    first, _ = random_state(rng, 1)
    second, _ = random_state(rng, 1)
    V = np.zeros((4, 4))
    V[:2, :2], V[2:, 2:] = first, second
    assert measures.gaussian_discord(V, 0, 1) == pytest.approx(0.0, abs=1e-10)
    assert measures.gaussian_discord(V, 1, 0) == pytest.approx(0.0, abs=1e-10)
    assert measures.mutual_information(V, 0, 1) == pytest.approx(0.0, abs=1e-10)
    assert measures.log_negativity(V, 0, 1) == 0.0 and measures.steering(V, 0, 1) == 0.0


def test_discord_is_positive_and_asymmetric_on_a_mixed_correlated_state():
    V = two_mode_squeezed_vacuum(0.5)
    V[:2, :2] += 0.8 * np.eye(2)  # thermal noise on mode 0 only
    forward, backward = measures.gaussian_discord(V, 0, 1), measures.gaussian_discord(V, 1, 0)
    assert forward > 0 and backward > 0 and abs(forward - backward) > 1e-3
    assert max(forward, backward) <= measures.mutual_information(V, 0, 1)


def test_one_way_steering_when_noise_sits_on_one_side():
    """Thermal noise x added to mode 0 of a TMSV (r = 0.4, c = cosh 0.8/2, s = sinh 0.8/2):
    by the closed form, 1 → 0 dies for x ≥ (c/2 + s² − c²)/c ≈ 0.126 while 0 → 1 lives
    up to x = s²/(c − ½) − c ≈ 0.500: the noisy party steers but cannot be steered."""
    V = two_mode_squeezed_vacuum(0.4)
    V[:2, :2] += 0.3 * np.eye(2)
    to_one, to_zero = measures.steering(V, 0, 1), measures.steering(V, 1, 0)
    det = np.linalg.det
    assert to_one == pytest.approx(max(0, 0.5 * np.log(det(V[:2, :2]) / (4 * det(V)))), rel=1e-12)
    assert to_zero == pytest.approx(max(0, 0.5 * np.log(det(V[2:, 2:]) / (4 * det(V)))), abs=1e-15)
    assert to_one > 0 and to_zero == 0.0


def test_steering_of_a_group_is_the_kogias_sum_over_the_schur_complement():
    """Steering of two modes by one: Σ max(0, −ln 2ν̄) over the Schur complement."""
    rng = np.random.default_rng(5)
    V, _ = random_state(rng, 3)
    a, b = [0], [1, 2]
    index = lambda modes: np.array([q for m in modes for q in (2 * m, 2 * m + 1)])  # noqa: E731
    va, vb, vab = V[np.ix_(index(a), index(a))], V[np.ix_(index(b), index(b))], V[np.ix_(index(a), index(b))]
    schur = vb - vab.T @ np.linalg.inv(va) @ vab
    nu = np.sort(np.abs(np.linalg.eigvals(1j * measures.symplectic_form(2) @ schur)))[::2]
    assert measures.steering(V, a, b) == pytest.approx(np.sum(np.maximum(0, -np.log(2 * nu))), abs=1e-10)


def test_residual_contangle_of_a_pure_symmetric_three_mode_state_is_positive():
    """Three modes entangled by two two-mode squeezers and a beam splitter (pure,
    genuinely tripartite); a TMSV beside a vacuum has none (min over focus is 0)."""
    omega = measures.symplectic_form(3)
    def generator(i, j, kind, strength):
        h = np.zeros((6, 6))
        if kind == "squeeze":  # H = r (X_i X_j − Y_i Y_j)
            h[2 * i, 2 * j] = h[2 * j, 2 * i] = strength
            h[2 * i + 1, 2 * j + 1] = h[2 * j + 1, 2 * i + 1] = -strength
        else:  # beam splitter H = θ (X_i X_j + Y_i Y_j)
            h[2 * i, 2 * j] = h[2 * j, 2 * i] = strength
            h[2 * i + 1, 2 * j + 1] = h[2 * j + 1, 2 * i + 1] = strength
        return expm(omega @ h)
    S = generator(1, 2, "split", np.pi / 4) @ generator(0, 1, "squeeze", 0.6)
    V = S @ S.T / 2
    assert measures.purity(V) == pytest.approx(1.0, abs=1e-10)
    assert measures.residual_contangle(V, 0, 1, 2) > 0.05
    separable = np.eye(6) / 2
    separable[:4, :4] = two_mode_squeezed_vacuum(0.6)
    assert measures.residual_contangle(separable, 0, 1, 2) == pytest.approx(0.0, abs=1e-12)


def test_phase_synchronization_of_two_vacua_is_one_and_rotates_with_the_mean_fields():
    V = np.eye(4) / 2
    for phases in ((0.0, 0.0), (0.3, -2.0)):
        mean = np.array([np.cos(phases[0]), np.sin(phases[0]), 2 * np.cos(phases[1]), 2 * np.sin(phases[1])])
        assert measures.phase_synchronization(mean, V, 0, 1) == pytest.approx(1.0, rel=1e-14)
    # amplitude noise on X of mode 0 is invisible at phase 0 and fully visible at phase π/2
    V = np.diag([3.0, 0.5, 0.5, 0.5])
    at_zero = measures.phase_synchronization(np.array([1.0, 0, 1, 0]), V, 0, 1)
    at_quarter = measures.phase_synchronization(np.array([0, 1.0, 1, 0]), V, 0, 1)
    assert at_zero == pytest.approx(1.0) and at_quarter == pytest.approx(0.5 / ((3.0 + 0.5) / 2))
    assert np.isnan(measures.phase_synchronization(np.zeros(4), V, 0, 1))  # no mean field, no phase


# -- thewalrus as referee --------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(6))
def test_symplectic_eigenvalues_purity_and_entropy_agree_with_thewalrus(seed):
    rng = np.random.default_rng(seed)
    V, nu = random_state(rng, 3)
    ours = measures.symplectic_eigenvalues(V)
    assert ours == pytest.approx(nu, rel=1e-9)
    walrus = np.sort(walrus_symplectic_eigenvalues(to_walrus(V))) / 2  # ħ = 2: ν_walrus = 2ν
    assert ours == pytest.approx(walrus, rel=1e-9)
    assert measures.purity(V) == pytest.approx(np.prod(1 / walrus_symplectic_eigenvalues(to_walrus(V))), rel=1e-9)
    assert measures.von_neumann_entropy(V) == pytest.approx(walrus_entropy(to_walrus(V), hbar=2), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_log_negativity_of_every_bipartition_agrees_with_thewalrus(seed):
    rng = np.random.default_rng(100 + seed)
    V, _ = random_state(rng, 4)
    for part in ([0], [1], [0, 1], [0, 2], [1, 3], [0, 1, 2]):
        rest = [m for m in range(4) if m not in part]
        expected = walrus_log_negativity(to_walrus(V), modes_A=part, hbar=2)
        assert measures.log_negativity(V, part, rest) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    # a reduced bipartition (two of four modes): the pairwise fast path against thewalrus
    for i, j in ((0, 1), (1, 3), (2, 0)):
        reduced = measures.block(V, [i, j])
        expected = walrus_log_negativity(to_walrus(reduced), modes_A=[0], hbar=2)
        assert measures.log_negativity(V, i, j) == pytest.approx(expected, rel=1e-9, abs=1e-12)
        assert measures.log_negativity(V, [i], [j]) == pytest.approx(expected, rel=1e-9, abs=1e-12)


# -- batches and unphysical states -----------------------------------------------------------
def _every_measure(mean, V):
    return {
        "E_N pair": measures.log_negativity(V, 0, 1),
        "E_N groups": measures.log_negativity(V, [0, 1], [2]),
        "steering": measures.steering(V, 0, [1, 2]),
        "squeezing": measures.squeezing(V, 1)[0],
        "purity": measures.purity(V, [0, 2]),
        "entropy": measures.von_neumann_entropy(V),
        "mutual information": measures.mutual_information(V, 0, 2),
        "discord": measures.gaussian_discord(V, 2, 1),
        "contangle": measures.residual_contangle(V, 0, 1, 2),
        "S_p": measures.phase_synchronization(mean, V, 0, 2),
    }


def test_batched_measures_equal_point_by_point():
    rng = np.random.default_rng(7)
    V = np.array([[random_state(rng, 3)[0] for _ in range(4)] for _ in range(2)])  # (2, 4, 6, 6)
    mean = rng.normal(size=(2, 4, 6))
    batched = _every_measure(mean, V)
    for name, values in batched.items():
        assert values.shape == (2, 4), name
        single = np.array([[_every_measure(mean[p, q], V[p, q])[name] for q in range(4)] for p in range(2)])
        np.testing.assert_allclose(values, single, rtol=1e-12, atol=1e-14, err_msg=name)


def test_every_measure_is_nan_on_an_unphysical_covariance():
    rng = np.random.default_rng(3)
    mean = rng.normal(size=6)
    good, _ = random_state(rng, 3)
    below_vacuum = 0.3 * np.eye(6)  # variances below ½: the uncertainty principle broken
    tmsv_broken = np.eye(6) / 2
    tmsv_broken[:4, :4] = two_mode_squeezed_vacuum(0.5)
    tmsv_broken[0, 2] = tmsv_broken[2, 0] = 0.0  # half the correlation: ν₋ < ½, V still positive definite
    assert np.all(np.linalg.eigvalsh(tmsv_broken) > 0)
    not_positive = good.copy()
    not_positive[0::2, 0::2] *= -1  # every mode's X block flipped: no covariance at all
    for V in (below_vacuum, tmsv_broken, not_positive):
        values = _every_measure(mean, V)
        if V is not not_positive:  # the pairwise E_N keeps its numbers below the bound (sampled V)
            assert np.isfinite(values.pop("E_N pair"))
        broken = {k: v for k, v in values.items() if not np.isnan(v)}
        if V is tmsv_broken:  # only the states that hold both modes 0 and 1 are unphysical
            broken = {k: v for k, v in broken.items() if k in ("E_N groups", "steering", "entropy", "contangle")}
        assert not broken, broken
    assert np.all(np.isfinite(list(_every_measure(mean, good).values())))


def test_discord_closed_form_equals_a_numerical_minimum_over_gaussian_measurements():
    """D(measuring a) = S(a) − S(ab) + min over pure one-mode Gaussian measurements σ_M
    on a of S(b | outcome), with the conditional covariance V_b − V_ba (V_a + σ_M)⁻¹ V_ab,
    minimized here numerically over the squeezing r and angle φ of σ_M."""
    from scipy.optimize import minimize

    def g(nu):
        nu = max(nu, 0.5)
        return (nu + 0.5) * np.log(nu + 0.5) - ((nu - 0.5) * np.log(nu - 0.5) if nu > 0.5 else 0.0)

    def conditional_entropy(x, V):
        r, phi = np.clip(x[0], -9.0, 9.0), x[1]  # |r| = 9: homodyne to e^{-18}
        rotation = np.array([[np.cos(phi), -np.sin(phi)], [np.sin(phi), np.cos(phi)]])
        seed = rotation @ np.diag([np.exp(-2 * r), np.exp(2 * r)]) / 2 @ rotation.T
        va, vb, vab = V[:2, :2], V[2:, 2:], V[:2, 2:]
        conditional = vb - vab.T @ np.linalg.inv(va + seed) @ vab
        return g(np.sqrt(np.linalg.det(conditional)))

    rng = np.random.default_rng(11)
    for _ in range(3):
        V, _ = random_state(rng, 2)
        starts = [(r, phi) for r in (0.0, 4.0) for phi in np.linspace(0, np.pi, 3, endpoint=False)]
        best = min(minimize(conditional_entropy, s, args=(V,), method="Nelder-Mead",
                            options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 2000}).fun for s in starts)
        numerical = measures.von_neumann_entropy(V, 0) - measures.von_neumann_entropy(V) + best
        assert measures.gaussian_discord(V, 0, 1) == pytest.approx(numerical, abs=1e-6)
