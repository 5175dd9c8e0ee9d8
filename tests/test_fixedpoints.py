"""Every fixed point: exact reduction against closed forms and brute force."""

from __future__ import annotations

import numpy as np

import hybridsys as hs


def brute_force(compiled, params, seeds=3000, scale=60.0, seed=0):
    """Distinct fixed points found by plain Newton iterations from many random starts
    (written here, independent of the library's polishing), accepted where the
    absolute residual is tiny and the state stays bounded."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(seeds, compiled.size)) * scale
    p = np.repeat(params[None], seeds, 0)
    with np.errstate(all="ignore"):
        for _ in range(60):
            good = np.all(np.isfinite(x), axis=1) & (np.abs(np.linalg.det(compiled.drift(p, np.nan_to_num(x)))) > 0)
            x[~good] = np.nan
            x[good] -= np.linalg.solve(compiled.drift(p[good], x[good]), compiled.mean_field(p[good], x[good])[..., None])[..., 0]
        good = np.all(np.isfinite(x), axis=1) & np.all(np.abs(x) < 1e4, axis=1)
        good[good] = np.max(np.abs(compiled.mean_field(p[good], x[good])), axis=1) < 1e-8
    found = []
    for s in x[good]:
        if not any(np.max(np.abs(s - u)) < 1e-6 * (1 + np.abs(u).max()) for u in found):
            found.append(s)
    return np.array(sorted(found, key=lambda s: np.sum(s**2)))


def kerr_cavity():
    return hs.compile(hs.Network([hs.Cavity("a"), hs.Kerr("a"), hs.Drive("a")]))


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
    compiled = hs.compile(network)
    assert "reduction" not in compiled.meta
    rng = np.random.default_rng(1)
    values = {n: rng.uniform(0.1, 1.0) for n in compiled.parameter_names}
    params = compiled.parameters(values)
    points = hs.fixed_points(compiled, params)
    assert not np.any(points.complete) and points.method == "Newton search"
    assert points.count >= 1
    residual = compiled.mean_field(params, points.states[: points.count])
    assert np.max(np.abs(residual)) < 1e-9


def test_search_rejects_runaway_iterates_and_finds_the_bounded_fixed_point():
    """Kerr on the magnon of a cavity-magnon-phonon network (no reduction): Newton
    iterates that run off to |x| ~ 1e19 look converged in relative terms; they must
    not be reported, and the true fixed point (|x| ≈ 77) must be."""
    network = hs.Network(
        [hs.Cavity("a"), hs.Magnon("m"), hs.Phonon("b"), hs.BeamSplitter("a", "m"), hs.Magnetostriction("m", "b"),
         hs.Drive("m"), hs.Kerr("m")]
    )
    compiled = hs.compile(network)
    values = dict(Delta_a=-0.8956, kappa_a=0.1753, Delta_m=0.8812, kappa_m=0.0545, omega_b=0.650, gamma_b=0.588,
                  nbar_b=0, g_a_m=0.415, g_m=0.2006, K_m=0.0312, xi_m=13.25)
    params = compiled.parameters(values)
    points = hs.fixed_points(compiled, params)
    reference = brute_force(compiled, params, scale=100.0)
    assert points.count == len(reference) >= 1
    assert np.allclose(points.states[: points.count], reference, rtol=1e-8, atol=1e-8)
    assert np.abs(points.states[: points.count]).max() < 1e3


def test_edge_networks_without_drives_phonons_or_restoring_force():
    cases = [
        (hs.Network([hs.Cavity("a")]), {"Delta_a": 1.0, "kappa_a": 0.1}, 1),
        (hs.Network([hs.Phonon("b1"), hs.Phonon("b2"), hs.Contact("b1", "b2")]),
         {"omega_b1": 1, "gamma_b1": 0.1, "nbar_b1": 0, "omega_b2": 1, "gamma_b2": 0.1, "nbar_b2": 0, "chi_b1_b2": 0.1}, 1),
        # an undriven lossless mode next to a driven Kerr magnon stays empty
        (hs.Network([hs.Cavity("a"), hs.Magnon("m"), hs.Kerr("m"), hs.Drive("m")]),
         {"Delta_a": 0, "kappa_a": 0, "Delta_m": 1, "kappa_m": 0.2, "K_m": -0.01, "xi_m": 2}, 3),
    ]
    for network, values, count in cases:
        compiled = hs.compile(network)
        points = hs.fixed_points(compiled, compiled.parameters(values))
        assert points.count == count and points.complete
        assert np.all(points.states[:count, :2] == 0) if network.modes[0].name == "a" else True


def test_a_phonon_without_restoring_force_fails_only_its_own_point():
    network = hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.RadiationPressure("a", "b"), hs.Drive("a")])
    compiled = hs.compile(network)
    values = {"Delta_a": 1, "kappa_a": 0.2, "omega_b": np.array([1.0, 0.0]), "gamma_b": np.array([0.1, 0.0]),
              "nbar_b": 0, "g_a": 0.01, "xi_a": 2}
    points = hs.fixed_points(compiled, compiled.parameters(values))
    assert list(points.count) == [1, 0] and list(points.complete) == [True, False]


def test_generic_singularity_is_decided_exactly_at_random_rational_points():
    import sympy as sp

    from hybridsys.symbolic.reduction import _generically_singular

    w, x, y = sp.symbols("w x y", positive=True)
    assert _generically_singular(sp.Matrix([[w, x], [2 * w, 2 * x]]))  # rank 1 for every value
    assert not _generically_singular(sp.Matrix([[w, x], [x, y]]))  # singular only where w y = x²
    assert _generically_singular(sp.zeros(3, 3)) and not _generically_singular(sp.eye(3))


def test_a_network_with_numbers_only_has_one_point_of_zero_parameters():
    """Every field a number: ``parameters({})`` is one point with no parameters, and the
    fixed point (checked against the mean-field equations), the steady state and a
    trajectory take it like any other point (this was a ValueError)."""
    network = hs.Network([hs.Cavity("a", detuning=1.0, damping=0.5), hs.Drive("a", amplitude=1.0),
                          hs.Phonon("b", frequency=1.0, damping=0.01, occupation=1.0), hs.RadiationPressure("a", "b", g=0.01)])
    compiled = hs.compile(network)
    params = compiled.parameters({})
    assert compiled.parameter_names == () and params.shape == (0,)
    found = hs.fixed_points(compiled, params)
    assert found.count == 1 and found.stable[0] and found.complete
    assert np.max(np.abs(compiled.mean_field(params, found.states[0]))) < 1e-12
    steady = hs.steady_states(compiled, params)
    assert steady.covariance.shape == (1, 4, 4) and np.all(np.isfinite(steady.covariance))
    assert np.all(np.isfinite(hs.simulate(compiled, params, periods=2).covariance))


def test_a_huge_drive_gives_a_huge_fixed_point_not_none():
    """|x| ~ 1e12: the closed form a = ξ / (κ + iΔ) of a damped driven mode, X + iY = √2 a
    (fixed points past |x| = 1e10 used to be dropped as runaway iterates)."""
    compiled = hs.compile(hs.Network([hs.Cavity("a", detuning="Delta", damping="kappa"), hs.Drive("a", amplitude="xi")]))
    found = hs.fixed_points(compiled, compiled.parameters({"Delta": 1.0, "kappa": 0.5, "xi": 1e12}))
    amplitude = 1e12 / (0.5 + 1j)
    assert found.count == 1 and found.complete
    assert np.allclose(found.states[0], np.sqrt(2) * np.array([amplitude.real, amplitude.imag]), rtol=1e-12, atol=0)


def test_the_resultant_generated_ahead_of_time_is_sympys():
    """hybridsys/numerics/intensity_resultant.py (checked in, so that no run pays for
    sympy's resultant) equals the sympy derivation it was generated from, and both equal
    Res_J1(P1, P2) evaluated exactly at rational points."""
    import sympy as sp

    from hybridsys.compiled import codegen
    from hybridsys.numerics import fixedpoints, intensity_resultant

    rng = np.random.default_rng(2)
    c = rng.uniform(-3, 3, (200, 6))
    derived = codegen.load(fixedpoints.resultant_source(), "resultant")(c)
    stored = intensity_resultant.resultant(c)
    np.testing.assert_allclose(stored, derived, rtol=1e-12, atol=1e-12 * np.max(np.abs(derived)))
    J1, J2 = sp.symbols("J1 J2")
    for row in rng.integers(-9, 10, (3, 6)):
        e1, a11, a12, e2, a21, a22 = (sp.Rational(int(v), 4) for v in row)
        P1 = J1 * (1 + (e1 + a11 * J1 + a12 * J2) ** 2) - 1
        P2 = J2 * (1 + (e2 + a21 * J1 + a22 * J2) ** 2) - 1
        exact = np.array([float(v) for v in sp.Poly(sp.resultant(P1, P2, J1), J2).all_coeffs()])
        ours = intensity_resultant.resultant(row[None, :] / 4.0)[0][-len(exact):]
        np.testing.assert_allclose(ours, exact, rtol=1e-12, atol=1e-12 * np.max(np.abs(exact)))
