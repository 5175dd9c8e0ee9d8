"""Measures: effective couplings, mechanical spring and damping, windows, revival factor."""

from __future__ import annotations

import numpy as np
import pytest

import hybridsys as hs
from hybridsys import measures


def optomechanics():
    network = hs.Network([hs.Cavity("a"), hs.Phonon("b", mass=2), hs.RadiationPressure("a", "b"), hs.Drive("a")])
    return hs.compile(network)


def test_effective_coupling_is_g_times_amplitude_scaled_by_mass():
    compiled = optomechanics()
    params = compiled.parameters({"Delta_a": 1.0, "kappa_a": 0.2, "omega_b": 1.0, "gamma_b": 0.01, "nbar_b": 0, "g_a": 0.003, "xi_a": 5.0})
    state = hs.fixed_points(compiled, params).states[0]
    amplitude = np.hypot(state[0], state[1]) / np.sqrt(2)
    assert compiled.coupling_labels == ("RadiationPressure(a, b)",)
    assert compiled.effective_couplings(params, state)[0] == pytest.approx(0.003 * amplitude / np.sqrt(2), rel=1e-14)


@pytest.mark.parametrize("detuning", [1.0, -1.0, 0.4])
def test_mechanical_response_is_the_dressed_eigenvalue_in_weak_coupling(detuning):
    """Lowest-order self-energy vs the exact eigenvalue of A: they differ at O(G^4)."""
    compiled = optomechanics()
    for g, tolerance in ((1e-3, 1e-6), (2e-3, 1.6e-5)):
        values = {"Delta_a": detuning, "kappa_a": 0.2, "omega_b": 1.0, "gamma_b": 0.001, "nbar_b": 0, "g_a": g, "xi_a": 3.0}
        params = compiled.parameters(values)
        state = hs.fixed_points(compiled, params).states[0]
        drift = compiled.drift(params, state)
        frequency, damping = measures.mechanical_response(drift, 1, [0])
        eigenvalues = np.linalg.eigvals(drift)
        exact = eigenvalues[np.argmin(np.abs(eigenvalues - (-0.001 - 1j)))]
        assert frequency == pytest.approx(-exact.imag, abs=tolerance)
        assert damping == pytest.approx(-exact.real, abs=tolerance)
    # blue detuning amplifies (negative damping), red detuning cools
    assert (damping < 0.001) == (detuning < 0)


def test_asymptotic_summary_uses_the_last_periods_only():
    times = np.linspace(0, 10 * 2 * np.pi, 1001)  # 100 samples a period
    assert measures.window(times, 2).sum() == 201  # both ends of the last two periods
    summary = measures.asymptotic(times, times, periods=2)
    assert summary["max"] == times[-1] and summary["mean"] == pytest.approx(np.mean(times[800:]), rel=1e-14)


def test_revival_factor_is_a_ratio_of_maxima():
    assert measures.revival_factor(np.array([0.1, 0.3, 0.2]), np.array([0.5, 0.4])) == pytest.approx(0.6)


def test_linearization_validity_compares_fluctuations_with_mean_fields():
    mean = np.array([2.0, 0.0, 0.0, 0.0])
    V = np.diag([1.5, 1.5, 0.5, 0.5])  # mode 0: one quantum of fluctuation, mode 1: vacuum
    ratio = measures.linearization_validity(mean, V)
    assert ratio[0] == pytest.approx(1 / 2) and ratio[1] == 0.0


def test_unknown_mode_names_are_errors(spec_model, spec_compiled):
    trajectory = hs.simulate(spec_compiled, spec_compiled.parameters(spec_model.values()), periods=20)
    with pytest.raises(hs.ParameterError, match="unknown mode 'b3'"):
        trajectory.quantum_synchronization("b1", "b3")


def test_log_negativity_of_an_unphysical_block_is_nan_not_infinite():
    unphysical = np.array([[1.0, 0, 2, 0], [0, 1, 0, 0], [2, 0, 1, 0], [0, 0, 0, 1]])  # det < 0
    assert np.isnan(measures.log_negativity(unphysical, 0, 1))
    assert measures.log_negativity(np.eye(4) / 2, 0, 1) == 0.0  # two vacua
