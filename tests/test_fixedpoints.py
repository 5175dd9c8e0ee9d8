"""Every fixed point: exact reduction against closed forms and brute force."""

from __future__ import annotations

import numpy as np

import hybridsys as hs
from hybridsys.fixedpoints import polish


def brute_force(compiled, params, seeds=3000, scale=60.0, seed=0):
    """Distinct fixed points found by Newton's method from many random starts."""
    rng = np.random.default_rng(seed)
    starts = rng.normal(size=(seeds, compiled.size)) * scale
    x, ok = polish(compiled, np.repeat(params[None], seeds, 0), starts)
    found = []
    for s in x[ok]:
        if not any(np.max(np.abs(s - u)) < 1e-6 * (1 + np.abs(u).max()) for u in found):
            found.append(s)
    return np.array(sorted(found, key=lambda s: np.sum(s**2)))


def kerr_cavity():
    return hs.Network([hs.Cavity("a"), hs.Kerr("a"), hs.Drive("a")]).derive().compile()


def test_driven_kerr_cavity_fixed_points_are_the_roots_of_its_cubic():
    compiled = kerr_cavity()
    for delta, K, xi in ((1.0, -0.01, 2.0), (-1.0, 0.01, 3.0), (0.5, 0.0, 1.0), (2.0, -0.02, 5.0)):
        params = compiled.parameters({"Delta_a": delta, "kappa_a": 0.2, "K_a": K, "xi_a": xi})
        points = hs.fixed_points(compiled, params)
        # exact convention: effective detuning Δ + K + 2K|a|²; I(κ² + (Δ + K + 2KI)²) = ξ²
        shift = delta + K
        roots = np.roots([4 * K**2, 4 * K * shift, 0.04 + shift**2, -(xi**2)]) if K else np.array([xi**2 / (0.04 + shift**2)])
        intensities = np.sort(roots[np.abs(roots.imag) < 1e-9].real)
        found = np.sort((points.states[: points.count, 0] ** 2 + points.states[: points.count, 1] ** 2) / 2)
        assert points.complete and points.count == len(intensities)
        assert np.allclose(found, intensities, rtol=1e-10)


def test_kerr_bistability_has_stable_unstable_stable_branches_and_verdicts_agree():
    compiled = kerr_cavity()
    params = compiled.parameters({"Delta_a": 1.0, "kappa_a": 0.2, "K_a": -0.01, "xi_a": 2.0})
    points = hs.fixed_points(compiled, params)
    assert points.count == 3
    assert list(points.stable) == [True, False, True]
    assert points.agree and np.all((points.max_real_eigenvalue < 0) == points.stable)


def test_spec_model_finds_every_fixed_point_that_brute_force_finds(spec_model, spec_compiled):
    rng = np.random.default_rng(5)
    values = spec_model.values(Delta_a=rng.uniform(0.5, 1.5, 400), Delta_m=rng.uniform(0.5, 1.5, 400), K=rng.uniform(-1e-4, 1e-4, 400))
    params = spec_compiled.parameters(values)
    points = hs.fixed_points(spec_compiled, params)
    assert set(np.unique(points.count)) >= {1, 3, 9}  # the sample covers multistability
    for b in [*np.flatnonzero(points.count == 9)[:2], *np.flatnonzero(points.count == 3)[:2], np.flatnonzero(points.count == 1)[0]]:
        reference = brute_force(spec_compiled, params[b])
        assert len(reference) == points.count[b]
        assert np.allclose(points.states[b, : points.count[b]], reference, rtol=1e-8, atol=1e-8)
    assert points.agree


def test_networks_without_the_reduction_use_a_search_and_say_so():
    network = hs.Network(
        [hs.Cavity("a"), hs.Magnon("m"), hs.Phonon("b"), hs.BeamSplitter("a", "m"), hs.Magnetostriction("m", "b"), hs.Drive("m")]
    )
    compiled = network.derive().compile()
    assert "reduction" not in compiled.meta
    rng = np.random.default_rng(1)
    values = {n: rng.uniform(0.1, 1.0) for n in compiled.parameter_names}
    params = compiled.parameters(values)
    points = hs.fixed_points(compiled, params)
    assert not np.any(points.complete) and points.method == "Newton search"
    assert points.count >= 1
    residual = compiled.mean_field(params, points.states[: points.count])
    assert np.max(np.abs(residual)) < 1e-9
