"""Truncated Wigner: the Weyl symbols of the built-in terms, the stochastic kernel
against the exact linearized covariance of a linear network, the 1/√M error, the
step size, and the weak-nonlinearity limit.

Every simulation here uses one small network (a driven cavity and a phonon, coupled
by radiation pressure and by exchange, a Kerr term on the cavity), so that the numba
kernel is compiled once. With g = K = 0 it is linear. The slow checks on the spec's
model are marked ``slow``: run them with ``pytest -m slow tests/test_wigner.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from itertools import permutations
from math import comb, factorial

from pathlib import Path

import numba
import numpy as np
import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.model import symbols
from hybridsys.model.modelfile import Model, ParameterSet
from hybridsys.model.operators import LadderContext
from hybridsys.symbolic.weyl import weyl_symbol

LINEAR = {"Delta_a": 0.7, "kappa_a": 0.4, "omega_b": 1.0, "gamma_b": 0.15, "nbar_b": 1.5, "g_a": 0.0, "g_a_b": 0.25,
          "K_a": 0.0, "xi_a": 1.5}


def _context(*modes):
    return LadderContext({m.name: m for m in modes})


def _pair(name):
    return symbols.lowering(name), symbols.raising(name)


# -- Weyl symbols ------------------------------------------------------------------------
@pytest.mark.parametrize("m, n", [(m, n) for m in range(4) for n in range(4)])
def test_weyl_rule_matches_symmetrized_fock_space_operators(m, n):
    """o†^m o^n equals Σ_k c_k Sym(o†^(m−k) o^(n−k)), c_k read off weyl_symbol, with
    Sym the average over all orderings, as matrices in a truncated Fock space (compared
    on the low block, away from the truncation)."""
    size, keep = 14, 6
    a = np.diag(np.sqrt(np.arange(1, size)), 1)
    ad = a.T
    o, od = _pair("a")
    symbol = sp.Poly(weyl_symbol(od**m * o**n, ["a"]), od, o)

    def symmetrized(p, q):
        orders = set(permutations([0] * p + [1] * q))
        total = np.zeros((size, size))
        for order in orders:
            product = np.eye(size)
            for factor in order:
                product = product @ (ad if factor == 0 else a)
            total += product
        return total / len(orders)

    built = sum(float(symbol.coeff_monomial(od**p * o**q)) * symmetrized(p, q) for (p, q) in symbol.monoms())
    normal = np.linalg.matrix_power(ad, m) @ np.linalg.matrix_power(a, n)
    assert np.allclose(built[:keep, :keep], normal[:keep, :keep], atol=1e-9)


def test_weyl_symbol_closed_form_for_normally_ordered_monomials():
    o, od = _pair("a")
    for m in range(4):
        for n in range(4):
            hand = sum(sp.Rational(-1, 2) ** k * factorial(k) * comb(m, k) * comb(n, k) * od ** (m - k) * o ** (n - k)
                       for k in range(min(m, n) + 1))
            assert sp.expand(weyl_symbol(od**m * o**n, ["a"]) - hand) == 0


def test_weyl_symbols_of_the_built_in_terms_equal_the_hand_derived_ones():
    a, ad = _pair("a")
    m, md = _pair("m")
    b, bd = _pair("b")
    b2, b2d = _pair("b2")
    cavity, magnon, phonon, phonon2 = hs.Cavity("a"), hs.Magnon("m"), hs.Phonon("b"), hs.Phonon("b2")
    ctx = _context(cavity, magnon, phonon, phonon2)
    spec_ctx = LadderContext(ctx.modes, "spec")
    n_a, n_m, half = ad * a, md * m, sp.Rational(1, 2)
    drive = lambda c, o, od: sp.I * (c.amplitude * od - sp.conjugate(c.amplitude) * o)  # noqa: E731
    cases = [
        (cavity, ctx, lambda c: c.detuning * (n_a - half)),
        (phonon, ctx, lambda c: c.frequency * (bd * b - half)),
        (hs.RadiationPressure("a", "b"), ctx, lambda c: -c.g * (n_a - half) * (b + bd)),
        (hs.Magnetostriction("m", "b"), ctx, lambda c: -c.g * (n_m - half) * (b + bd)),
        (hs.Contact("b", "b2"), ctx, lambda c: -c.chi * (bd * b2 + b2d * b)),
        (hs.BeamSplitter("a", "m"), ctx, lambda c: c.g * (ad * m + md * a)),
        (hs.Kerr("m"), ctx, lambda c: c.K * (n_m**2 - n_m)),  # (o†o)² ↦ |α|⁴ − |α|²
        (hs.Kerr("m"), spec_ctx, lambda c: c.K * (n_m**2 - 2 * n_m + half)),  # o†²o² ↦ |α|⁴ − 2|α|² + ½
        (hs.Drive("a"), ctx, lambda c: drive(c, a, ad)),
        (hs.SagnacDrive("a"), ctx, lambda c: c.shift * (n_a - half) + drive(c, a, ad)),
    ]
    for component, context, hand in cases:
        ours = weyl_symbol(component.hamiltonian(context), list(context.modes))
        assert sp.expand(ours - hand(component)) == 0, component.label


def test_wigner_drift_differs_from_the_mean_field_by_the_weyl_corrections(spec_model):
    """Spec model: the phonons get −i g/2 (from o†o ↦ |α|² − ½), the Kerr magnon
    +2iK α (exact convention: −iK(2|α|²+1)α becomes −iK(2|α|²−1)α); nothing else."""
    derivation = hs.derive(spec_model)
    mean, tw = derivation.mean_field.amplitudes, derivation.wigner.amplitudes
    g_a, g_m, K = (symbols.parameter_symbol(n) for n in ("g_a", "g_m", "K"))
    expected = {"a": 0, "m": 2 * sp.I * K * symbols.amplitude("m"), "b1": -sp.I * g_m / 2, "b2": -sp.I * g_a / 2}
    for mode, correction in expected.items():
        assert sp.expand(tw[mode] - mean[mode] - correction) == 0, mode


# -- the stochastic kernel ---------------------------------------------------------------
def _small_network():
    return hs.Network([hs.Cavity("a"), hs.Phonon("b"), hs.RadiationPressure("a", "b"), hs.BeamSplitter("a", "b"),
                       hs.Kerr("a"), hs.Drive("a")])


@pytest.fixture(scope="module")
def small():
    return hs.compile(_small_network())


def _linear_run(small, trajectories, seed=3, **options):
    params = small.parameters(LINEAR)
    start = hs.InitialState(fluctuations="vacuum")  # the phonon heats up from the vacuum: V(t) changes
    exact = hs.simulate(small, params, periods=3, samples_per_period=4, initial=start, accuracy=hs.Accuracy(rtol=1e-9, atol=1e-12))
    wigner = hs.simulate(small, params, periods=3, samples_per_period=4, initial=start, method="wigner",
                         trajectories=trajectories, seed=seed, steps_per_period=200, **options)
    return exact, wigner


def test_the_kernel_equals_trajectories_run_one_by_one_in_python(small):
    """The compiled kernel (trajectories in SIMD lanes, 7 of them: a group of 4 and one
    with an idle lane) against the scheme written out in Python, one trajectory at a
    time with the same normal numbers: the same sums and products, and the same
    trajectories stopped as diverged (a bound that about half of them cross)."""
    from hybridsys.numerics import normals, sde
    from hybridsys.numerics.wigner import noise_matrix

    params = small.parameters(dict(LINEAR, g_a=0.3, K_a=0.05))[None]
    n = small.size
    namespace = {"numpy": np}
    exec(small.meta["sources"]["wigner_drift"], namespace)
    drift = namespace["wigner_drift"]
    B = noise_matrix(small.diffusion(params))
    mean0 = np.zeros((1, n))
    chol0 = np.linalg.cholesky(np.eye(n) / 2 + 0.1)[None]
    seeds = np.arange(100, 107)
    h, steps, samples, first, bound = 0.05, 3, 6, 2, 2.5

    expected_sums, expected_products, expected_diverged = np.zeros((samples - first, n)), np.zeros((samples - first, n, n)), 0
    for j in seeds:
        state = np.empty((4, 1), dtype=np.uint64)
        normals.seed(state, 0, j)
        x = mean0[0] + chol0[0] @ np.array([normals.standard_normal(state, 0) for _ in range(n)])
        for s in range(samples):
            for _ in range(steps if s else 0):
                f0, f1 = np.empty(n), np.empty(n)
                drift(params[0], x, f0)
                kick = B[0] @ np.array([np.sqrt(h) * normals.standard_normal(state, 0) for _ in range(n)])
                drift(params[0], x + h * f0 + kick, f1)
                x = x + 0.5 * h * (f0 + f1) + kick
            if not np.max(np.abs(x)) <= bound:
                expected_diverged += 1
                break
            if s >= first:
                expected_sums[s - first] += x
                expected_products[s - first] += np.triu(np.outer(x, x))
    sums, products, diverged = sde.integrate(small, params, B, mean0, chol0, seeds, 1, h, steps, samples, first, bound)
    assert 0 < expected_diverged < len(seeds) and diverged.sum() == expected_diverged
    assert np.allclose(sums[0, 0], expected_sums, rtol=1e-12, atol=1e-12)
    products = np.triu(products[0, 0])  # the kernel returns them symmetrized
    assert np.allclose(products, expected_products, rtol=1e-12, atol=1e-12)


def test_linear_network_reproduces_the_exact_covariance_within_its_error(small):
    exact, wigner = _linear_run(small, 4000)
    rows, cols = np.triu_indices(4)
    V = wigner.estimate(lambda m, V: V[..., rows, cols])
    x = wigner.estimate(lambda m, V: m)
    z_cov = (V.value - exact.covariance[..., rows, cols]) / V.error
    z_mean = (x.value - exact.mean) / x.error
    assert not np.allclose(exact.covariance[-1], exact.covariance[0])  # a changing covariance is tested
    for z in (z_cov[1:], z_mean[1:]):  # sample 0 is the initial sample itself
        assert np.max(np.abs(z)) < 5
        assert np.mean(np.abs(z) < 2) > 0.8
    assert np.all(wigner.ok) and wigner.trajectories == 4000


def test_initial_samples_follow_the_given_mean_and_covariance(small):
    """A squeezed cavity (V = diag(0.3, 1/1.2), det = ¼) and a thermal phonon, displaced:
    the moments of the samples at t = 0 are the declared ones within their errors."""
    mean = np.array([1.0, 2.0, 0.5, -1.0])
    covariance = np.diag([0.3, 1 / 1.2, 2.0, 2.0])
    start = hs.InitialState(mean=mean, fluctuations=covariance)
    run = hs.simulate(small, small.parameters(LINEAR), periods=0.5, samples_per_period=2, initial=start,
                      method="wigner", trajectories=4000, seed=2, steps_per_period=100)
    rows, cols = np.triu_indices(4)
    V = run.estimate(lambda m, V: V[..., 0, rows, cols])
    x = run.estimate(lambda m, V: m[..., 0, :])
    assert np.all(np.abs(V.value - covariance[rows, cols]) < 4 * V.error)
    assert np.all(np.abs(x.value - mean) < 4 * x.error)


def test_statistical_error_falls_as_one_over_root_M(small):
    errors = []
    for M in (500, 4000):
        _, wigner = _linear_run(small, M, seed=11)
        errors.append(np.mean(wigner.quantum_synchronization("a", "b").error[1:]))
    assert 2.0 < errors[0] / errors[1] < 4.0  # √8 ≈ 2.83


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others(small):
    _, one = _linear_run(small, 200, seed=5)
    _, two = _linear_run(small, 200, seed=5)
    _, other = _linear_run(small, 200, seed=6)
    assert np.array_equal(one.sums, two.sums) and np.array_equal(one.products, two.products)
    assert not np.array_equal(one.sums, other.sums)
    assert one.seed == 5
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        _, single = _linear_run(small, 200, seed=5)
    finally:
        numba.set_num_threads(threads)
    assert np.array_equal(one.sums, single.sums)  # independent of the number of threads


def _nonlinear(small, scale, trajectories=3000, steps=200, seed=21):
    """g → g/s, K → K/s², ξ → sξ: the same effective couplings, s² times the photons."""
    values = dict(LINEAR, g_a=0.3 / scale, K_a=0.05 / scale**2, g_a_b=0.0, xi_a=1.0 * scale, nbar_b=0.5)
    params = small.parameters(values)
    run = dict(periods=6, samples_per_period=4, classify_periods=2)
    linear = hs.simulate(small, params, **run)
    wigner = hs.simulate(small, params, method="wigner", trajectories=trajectories, seed=seed, steps_per_period=steps, **run)
    sq = hs.measures.asymptotic(linear.times, linear.quantum_synchronization("a", "b"), 2)["mean"]
    return sq, wigner.synchronization_summary("a", "b")["S_Q"]["mean"]


def test_weak_nonlinearity_limit_wigner_s_q_converges_to_the_linearized_one(small):
    """The scaling keeps the linearized S_Q and multiplies the photon number by s², so the
    linearization's error, O(fluctuation / mean occupation), falls as 1/s²: at s = 1 the
    Wigner-minus-linearized gap shows, at s = 4 it is 1/16 of that within the statistical
    error. (Over six seeds the mean gaps at s = 1, 2, 4 were -0.131, -0.032, -0.0085.)"""
    gaps = []
    for scale in (1.0, 4.0):
        linear, wigner = _nonlinear(small, scale)
        gaps.append((float(wigner.value) - float(linear), float(wigner.error)))
    (far, far_error), (near, near_error) = gaps
    assert abs(far) > 5 * far_error  # at s = 1 the nonlinearity shows
    assert abs(near - far / 16) < 3 * np.hypot(near_error, far_error / 16)  # at s = 4: O(1/s²)
    assert abs(near) < abs(far) / 5


def test_halving_the_step_changes_s_q_by_less_than_its_error(small):
    """Steps τ/100 and τ/200 on the nonlinear point: the same S_Q within the
    statistical error of the difference (3 standard errors, independent noise)."""
    _, coarse = _nonlinear(small, 1.0, trajectories=2000, steps=100)
    _, fine = _nonlinear(small, 1.0, trajectories=2000, steps=200)
    assert abs(float(coarse.value) - float(fine.value)) < 3 * np.hypot(coarse.error, fine.error)


def test_wigner_keywords_need_the_wigner_method(small):
    with pytest.raises(hs.ParameterError):
        hs.simulate(small, small.parameters(LINEAR), periods=1, trajectories=10)
    with pytest.raises(hs.ParameterError):
        hs.simulate(small, small.parameters(LINEAR), periods=1, method="wigner", trajectories=10, batches=20)
    with pytest.raises(hs.ParameterError):
        hs.simulate(small, small.parameters(LINEAR), periods=1, method="monte carlo")


# -- the command line --------------------------------------------------------------------
def _cli(*argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def small_model_file(tmp_path_factory, small):
    model = Model("small", _small_network(), {"p": ParameterSet("p", dict(LINEAR, g_a=0.3, K_a=0.05, g_a_b=0.0), 1e6)},
                  "p", synchronize=("a", "b"))
    path = tmp_path_factory.mktemp("wigner") / "small.toml"
    path.write_text(model.to_toml())
    return str(path)


def test_simulate_wigner_json_has_the_documented_keys_errors_and_is_reproducible(small_model_file):
    argv = ("simulate", small_model_file, "--method", "wigner", "--trajectories", "200", "--periods", "2", "--seed", "9",
            "--steps-per-period", "100", "--json")
    code, out = _cli(*argv)
    data = json.loads(out)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    table = readme.split("With `--method wigner`")[1].split("| key | content |")[1].split("\n\n")[0]
    documented = {k for row in table.splitlines()[2:] for k in re.findall(r"`([a-z_A-Z]+)`", row.split("|")[1])}
    assert code == 0 and set(data) == documented
    assert (data["method"], data["trajectories"], data["seed"]) == ("wigner", 200, 9)
    assert data["step"] == pytest.approx(2 * np.pi / 100)
    sync = data["synchronization"]
    for name in ("S_Q", "S_C", "E_N"):
        assert set(sync[name]) == set(sync[name + "_error"]) == {"max", "mean"}
        assert sync[name + "_error"]["mean"] > 0
    assert _cli(*argv)[1] == out
    code, text = _cli(*argv[:-1])
    assert code == 0 and "S_Q  max" in text and "± " in text and "seed 9" in text


def test_simulate_wigner_bad_settings_are_clear_errors(small_model_file, capsys):
    assert main(["simulate", small_model_file, "--method", "wigner", "--trajectories", "3"]) == 2
    assert "trajectories" in capsys.readouterr().err
    assert main(["simulate", small_model_file, "--method", "wigner", "--steps-per-period", "30"]) == 2
    assert "multiple of samples_per_period" in capsys.readouterr().err


# -- sweeps ------------------------------------------------------------------------------
def test_wigner_sweep_points_equal_one_point_runs_with_the_same_seed(small_model_file):
    model = hs.load_model(small_model_file)
    settings = hs.Settings(periods=2, window=1, samples_per_period=4, trajectories=200, seed=4, steps_per_period=100)
    result = hs.sweep(model, over={"Delta_a": [0.5, 0.9]}, measure=("S_Q", "E_N"), regime="wigner", settings=settings,
                      progress=False)
    assert set(result.data) >= {"S_Q_max", "S_Q_max_error", "S_Q_mean", "S_Q_mean_error", "E_N_max", "E_N_mean_error"}
    assert list(result.status) == ["ok", "ok"]
    compiled = hs.compile(model)
    both = hs.simulate(compiled, compiled.parameters(model.values(Delta_a=np.array([0.5, 0.9]))), periods=1,
                       method="wigner", trajectories=100, seed=1, steps_per_period=100)
    assert both.trajectories == 100 and both.counts.shape == (2, 20)
    compiled = hs.compile(model)
    one = hs.simulate(compiled, compiled.parameters(model.values(Delta_a=0.9)), periods=2, samples_per_period=4,
                      record_periods=1, classify_periods=1, method="wigner", trajectories=200, seed=4, steps_per_period=100)
    alone = one.synchronization_summary("a", "b")["S_Q"]["mean"]
    assert result.data["S_Q_mean"][1] == pytest.approx(float(alone.value), rel=1e-12)
    assert result.data["S_Q_mean_error"][1] == pytest.approx(float(alone.error), rel=1e-12)


# -- the claims report ---------------------------------------------------------------------
def test_the_linearization_cap_says_what_beyond_linear_looks_for():
    from hybridsys.papers.nonreciprocal_sync import beyond_linear, claims

    capped = claims._linearization(claims.Finding("x", claims.REPRODUCED), [0.9], ["CD"])
    assert capped.verdict == claims.PARTLY and beyond_linear.DOUBTFUL in capped.why


def test_capped_claims_are_judged_again_on_the_wigner_numbers(spec_model):
    from hybridsys.papers.figures import Resolution
    from hybridsys.papers.nonreciprocal_sync import beyond_linear, claims, figures

    session = figures.Session(spec_model, Resolution(points=3, periods=40, window=10, trajectories=100))
    data = {"S3": figures.s3(session)}
    rows = [{"key": "S3-split", "ours": "linearized numbers", "verdict": claims.PARTLY,
             "why": f"{beyond_linear.DOUBTFUL} where it decides"},
            {"key": "S3-onset", "ours": "onset", "verdict": claims.REPRODUCED, "why": ""}]
    result = beyond_linear.recompute(session, data, rows)
    assert [r["key"] for r in result] == ["S3-split"]
    wigner = result[0]["wigner"]
    assert wigner["verdict"] in claims.VERDICTS and "±" in wigner["ours"] and "seed" in wigner["ours"]
    assert "regime of their mean: CD " in wigner["ours"]
    assert result[0]["changes"].startswith(("verdict unchanged", "verdict partly →"))
    lines = beyond_linear.markdown(result)
    assert lines[0].startswith("## Beyond the linearization") and any("| S3-split |" in line for line in lines)
    missing = beyond_linear.recompute(session, {}, rows[:1])
    assert missing[0]["wigner"] is None and "not recomputed" in missing[0]["changes"]


# -- the spec (slow: about 1 CPU-minute; run with `pytest -m slow tests/test_wigner.py`) -----
@pytest.mark.slow
def test_spec_kerr_off_linearized_s_q_is_wrong_by_orders_of_magnitude(spec_model, spec_compiled):
    """Table I over 200τ: CD and OD agree with the linearization (ratios 0.04, 0.93 on the
    magnon for OD but S_Q ≈ 0 either way); with the Kerr term off (ratio 0.74) the phonons'
    relative phase diffuses and the Wigner S_Q is thousands of times below the linearized one.
    The regimes say the same: the mean fields' limit cycle survives in the Wigner mean for
    CD and OD, with the linearized period, but not with the Kerr term off."""
    K = np.array([spec_model.values(None, s)["K"] for s in ("CD", "kerr_off", "OD")])
    params = spec_compiled.parameters(spec_model.values(K=K))
    linear = hs.simulate(spec_compiled, params, periods=200, record_periods=20)
    lin = hs.measures.asymptotic(linear.times, linear.quantum_synchronization("b1", "b2"), 20)["max"]
    wigner = hs.simulate(spec_compiled, params, periods=200, record_periods=20, method="wigner", trajectories=400, seed=1)
    sq = wigner.synchronization_summary("b1", "b2")["S_Q"]["max"]
    assert abs(sq.value[0] - lin[0]) < 3 * sq.error[0] + 0.05 * lin[0]
    assert sq.value[1] + 3 * sq.error[1] < min(0.01, lin[1] / 100)
    assert sq.value[2] < 0.01 and lin[2] < 0.01
    regime, period = wigner.classification()
    assert list(linear.regime) == ["limit cycle"] * 3
    assert regime[0] == regime[2] == "limit cycle" and regime[1] != "limit cycle"
    assert np.allclose(period[[0, 2]], linear.period[[0, 2]], rtol=1e-3)
