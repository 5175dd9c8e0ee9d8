"""A waveguide with modes coupled at points along it, its ends as ports
(hybridsys/model/waveguide.py), against input-output theory written here by hand.

By hand, the textbook local picture (SLH sign b_out = b_in + L; ours is o = −b for the
inputs, o_out = b_out, so S_ours = −b_out/b_in): each coupling point k is a scatterer
for the right-moving envelope b_R and the left-moving one b_L (both referred to the first
coupling point, so that the bare line adds no phase; φ_k is the right-moving wave's phase
at point k):

    b_R(after k) = b_R(before k) + √(2κ_k^R) e^{−iφ_k} o_k,     (the wave meets 1, 2, …, N)
    b_L(after k) = b_L(before k) + √(2κ_k^L) e^{+iφ_k} o_k,     (the wave meets N, …, 2, 1)
    ȯ_k = −(κ_k,i + iΔ_k) o_k − i Σ_j g_kj o_j − κ_k^R o_k − √(2κ_k^R) e^{iφ_k} b_R(before k)
                                                 − κ_k^L o_k − √(2κ_k^L) e^{−iφ_k} b_L(before k).

No series product and no Hamiltonian of the line enter here: only field continuity at the
points. Solved in frequency (u(ω) = ∫dt e^{iωt} u(t)) for a probe at one end.
"""

from __future__ import annotations

import numpy as np
import pytest

import hybridsys as hs
from hybridsys.errors import HybridsysError, NetworkError, ParameterError
from hybridsys.measures import port_scattering
from hybridsys.numerics.covariance import steady_covariance

OMEGA = np.linspace(-3.0, 3.0, 121)


def by_hand(detunings, losses, right, left, phases, hopping, omega):
    """S (F, 2, 2) between the ends [left, right] from the module docstring's equations:
    unknowns o_k; b_R(before k) = b_R,in + Σ_{j<k} √(2κ_j^R) e^{−iφ_j} o_j, and
    b_L(before k) = b_L,in + Σ_{j>k} √(2κ_j^L) e^{iφ_j} o_j."""
    n = len(detunings)
    cr = np.sqrt(2 * np.asarray(right)) * np.exp(-1j * np.asarray(phases))   # o_j's share of b_R
    cl = np.sqrt(2 * np.asarray(left)) * np.exp(1j * np.asarray(phases))     # o_j's share of b_L
    out = []
    for w in omega:
        M = np.diag(np.asarray(losses) + np.asarray(right) + np.asarray(left) + 1j * (np.asarray(detunings) - w)) + 1j * hopping
        for k in range(n):
            for j in range(n):
                if j < k:
                    M[k, j] += cr[k].conjugate() * cr[j]
                if j > k:
                    M[k, j] += cl[k].conjugate() * cl[j]
        S = np.zeros((2, 2), dtype=complex)
        for column, (b_R, b_L) in enumerate(((1.0, 0.0), (0.0, 1.0))):   # probe at the left end, then the right
            o = np.linalg.solve(M, -(cr.conjugate() * b_R + cl.conjugate() * b_L))
            out_left, out_right = b_L + cl @ o, b_R + cr @ o
            # S_ours = o_out/o_in with o_in = −b_in: a probe at the left end is b_R,in = 1
            S[:, column] = -np.array([out_left, out_right])
        out.append(S)
    return np.array(out)


def scattering(network, values, omega=OMEGA):
    compiled = hs.compile(network)
    params = compiled.parameters(values)
    return port_scattering(compiled, params, np.zeros(compiled.size), omega)


def test_one_mode_side_coupled_to_a_line_is_the_textbook_notch():
    """κ_e/2 each way (κ^R = κ^L = κ_e/2), total damping κ = κ_i + κ_e: by hand
    (one point, b_L,in = 0) o = −√κ_e b_in/(κ + i(Δ − ω)) and b_out = b_in + √κ_e o, so
    S_{right,left} = −(1 − κ_e/(κ + i(Δ − ω))) (the notch t = 1 − κ_e/(κ + i(Δ − ω)), in our
    sign −t) and the reflection S_{left,left} = κ_e/(κ + i(Δ − ω))."""
    net = hs.Network([hs.Cavity("a", detuning="Delta", damping="kappa_i", occupation=0),
                      hs.Waveguide(["a"], right=["kappa_e/2"])])
    values = {"Delta": 0.4, "kappa_i": 0.3, "kappa_e": 1.1}
    s = scattering(net, values)
    denominator = 0.3 + 1.1 + 1j * (0.4 - OMEGA)
    np.testing.assert_allclose(s.amplitude("right", "left"), -(1 - 1.1 / denominator), atol=1e-13)
    np.testing.assert_allclose(s.amplitude("left", "right"), -(1 - 1.1 / denominator), atol=1e-13)
    np.testing.assert_allclose(s.amplitude("left", "left"), 1.1 / denominator, atol=1e-13)
    np.testing.assert_allclose(s.amplitude("right", "right"), 1.1 / denominator, atol=1e-13)
    # with no internal loss the notch is perfect: S21(Δ) = 0, everything reflected
    lossless = scattering(net, {**values, "kappa_i": 0.0}, np.array([0.4]))
    assert abs(lossless.amplitude("right", "left")[0]) < 1e-14
    assert abs(lossless.amplitude("left", "left")[0] - 1) < 1e-14


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_modes_on_a_line_with_phases_and_hoppings_equal_the_local_input_output_theory(seed):
    rng = np.random.default_rng(seed)
    n = 3
    detunings, losses = rng.uniform(-1, 1, n), rng.uniform(0, 0.5, n)
    right, left = rng.uniform(0.1, 1, n), rng.uniform(0.1, 1, n)           # chiral: κ^R ≠ κ^L
    phases = np.concatenate([[0.0], rng.uniform(-np.pi, np.pi, n - 1)])
    g, phi = rng.uniform(-1, 1), rng.uniform(-np.pi, np.pi)
    hopping = np.zeros((n, n), dtype=complex)
    hopping[0, 1] = hopping[1, 0] = g                                   # H ∋ g(o1†o2 + o2†o1)
    hopping[1, 2], hopping[2, 1] = 0.5 * np.exp(1j * phi), 0.5 * np.exp(-1j * phi)
    names = ["a", "b", "c"]
    net = hs.Network([
        *[hs.Cavity(m, detuning=f"D_{m}", damping=f"k_{m}", occupation=0) for m in names],
        hs.BeamSplitter("a", "b", g="g"),
        hs.Term("0.5*(exp(I*phi)*b_dag*c + exp(-I*phi)*c_dag*b)", label="bc"),
        hs.Waveguide(names, right=[f"r_{m}" for m in names], left=[f"l_{m}" for m in names],
                     phases=[0, "phi_b", "phi_c"], ends=("p1", "p2")),
    ])
    values = {"g": g, "phi": phi, "phi_b": phases[1], "phi_c": phases[2],
              **{f"D_{m}": detunings[k] for k, m in enumerate(names)}, **{f"k_{m}": losses[k] for k, m in enumerate(names)},
              **{f"r_{m}": right[k] for k, m in enumerate(names)}, **{f"l_{m}": left[k] for k, m in enumerate(names)}}
    s = scattering(net, values)
    np.testing.assert_allclose(s.ladder, by_hand(detunings, losses, right, left, phases, hopping, OMEGA), atol=1e-12)


def test_two_modes_on_a_symmetric_line_with_real_couplings_are_reciprocal():
    """κ^R = κ^L: the line's exchange −2√(κ_1κ_2)e^{i|φ|} is symmetric, and with a real
    beam splitter the whole M is symmetric, so S_{right,left} = S_{left,right} exactly
    (Lorentz reciprocity), whatever the detunings, losses and phase."""
    rng = np.random.default_rng(7)
    net = hs.Network([hs.Cavity("a", detuning="Da", damping="ka", occupation=0),
                      hs.Magnon("m", detuning="Dm", damping="km", occupation=0),
                      hs.BeamSplitter("a", "m", g="g"),
                      hs.Waveguide(["a", "m"], right=["ra", "rm"], phases=[0, "Phi"])])
    points = [dict(Da=rng.uniform(-1, 1), Dm=rng.uniform(-1, 1), ka=rng.uniform(0, 1), km=rng.uniform(0, 1), g=rng.uniform(-1, 1),
                   ra=rng.uniform(0.1, 1), rm=rng.uniform(0.1, 1), Phi=rng.uniform(-np.pi, np.pi)) for _ in range(5)]
    compiled = hs.compile(net)
    params = np.array([compiled.parameters(p) for p in points])
    s = port_scattering(compiled, params, np.zeros((5, compiled.size)), OMEGA)
    np.testing.assert_allclose(s.amplitude("right", "left"), s.amplitude("left", "right"), atol=1e-13)
    assert np.abs(s.amplitude("right", "left") + 1).max() > 0.1        # the modes do scatter
    # and the drift holds the symmetric exchange: ȧ ∋ −2√(r_a r_m) e^{iΦ} m, ṁ ∋ the same with a
    p = points[0]
    A = compiled.drift(compiled.parameters(p), np.zeros(compiled.size))
    expected = -2 * np.sqrt(p["ra"] * p["rm"]) * np.exp(1j * p["Phi"]) - 1j * p["g"]
    # ladder block (a ← m): for ȧ = c m, the quadrature block is [[Re c, −Im c], [Im c, Re c]]
    np.testing.assert_allclose(A[0:2, 2:4], [[expected.real, -expected.imag], [expected.imag, expected.real]], atol=1e-13)
    np.testing.assert_allclose(A[2:4, 0:2], A[0:2, 2:4], atol=1e-13)


def test_a_lossless_line_network_has_a_unitary_scattering_matrix():
    net = hs.Network([hs.Cavity("a", detuning="Da", damping=0, occupation=0),
                      hs.Magnon("m", detuning="Dm", damping=0, occupation=0),
                      hs.BeamSplitter("a", "m", g=0.4),
                      hs.Waveguide(["a", "m"], right=[0.3, 0.2], left=[0.5, 0.1], phases=[0, 1.1])])
    s = scattering(net, {"Da": 0.2, "Dm": -0.3})
    product = s.ladder @ np.conj(np.swapaxes(s.ladder, -1, -2))
    np.testing.assert_allclose(product, np.broadcast_to(np.eye(2), product.shape), atol=1e-12)


def test_a_one_way_line_is_a_cascade():
    """κ^L = 0: the left-moving wave does not touch the modes (S_{left,right} = −1, nothing
    reflected), and a → m is the cascade of two all-pass responses."""
    net = hs.Network([hs.Cavity("a", detuning=0.3, damping=0, occupation=0),
                      hs.Cavity("b", detuning=-0.2, damping=0, occupation=0),
                      hs.Waveguide(["a", "b"], right=[0.5, 0.7], left=[0, 0], phases=[0, 0.9])])
    s = scattering(net, {})
    np.testing.assert_allclose(s.amplitude("left", "right"), -1, atol=1e-14)
    np.testing.assert_allclose(s.amplitude("left", "left"), 0, atol=1e-14)
    one = lambda k, d: (k - 1j * (d - OMEGA)) / (k + 1j * (d - OMEGA))  # noqa: E731  (−S of one point: b_out/b_in)
    np.testing.assert_allclose(s.amplitude("right", "left"), -one(0.5, 0.3) * one(0.7, -0.2), atol=1e-13)


def test_a_waveguide_round_trips_through_a_model_file_and_its_noise_is_the_vacuum():
    net = hs.Network([hs.Cavity("a", detuning=0.1, damping=0.2, occupation=0),
                      hs.Magnon("m", detuning=0.0, damping=0.1, occupation=0),
                      hs.Waveguide(["a", "m"], right=["ra", 0.3], phases=[0, "Phi"], ends=("p1", "p2"))])
    again = hs.Network.from_data(net.to_data())
    assert again.to_data() == net.to_data()
    compiled = hs.compile(net)
    params = compiled.parameters({"ra": 0.4, "Phi": 0.7})
    # a vacuum line on vacuum modes: the steady covariance is the vacuum's, ½ I
    listing = str(hs.derive(net).langevin)
    assert "Waveguide(a, m).right_in" in listing and "Waveguide(a, m).left_in" in listing  # the ends' inputs are named
    V = steady_covariance(compiled.drift(params, np.zeros(compiled.size)), compiled.diffusion(params))
    np.testing.assert_allclose(V, 0.5 * np.eye(4), atol=1e-12)


@pytest.mark.parametrize("make, message", [
    (lambda: hs.Network([hs.Cavity("a"), hs.Waveguide(["a", "x"], right=[1, 1])]), "'x' is not a mode of the network"),
    (lambda: hs.Waveguide(["a", "a"], right=[1, 1]), "distinct mode names"),
    (lambda: hs.Waveguide([], right=[]), "non-empty list"),
    (lambda: hs.Waveguide(["a", "b"], right=[1]), "right: expected a list of 2 entries"),
    (lambda: hs.Waveguide(["a", "b"], right=[1, 1], phases=[0]), "phases: expected a list of 2 entries"),
    (lambda: hs.Waveguide(["a"], right=[-0.1]), "rate must be >= 0"),
    (lambda: hs.Waveguide(["a"], right=["k*cos(t)"]), "cannot depend on time"),
    (lambda: hs.Waveguide(["a"], right=[1], phases=[float("inf")]), "Waveguide(a).phases[0]"),
    (lambda: hs.Waveguide(["a"], right=[1], ends=("p", "p")), "two different port names"),
    (lambda: hs.Network([hs.Cavity("a"), hs.Port("a", "left"), hs.Waveguide(["a"], right=[1])]), "duplicate port name 'left'"),
    (lambda: hs.Network([hs.Phonon("b", damping_model="brownian"), hs.Waveguide(["b"], right=[1])]), "symmetric model"),
])
def test_bad_waveguides_are_refused_naming_the_component(make, message):
    with pytest.raises(HybridsysError) as error:
        make()
    assert isinstance(error.value, (NetworkError, ParameterError)) and message in str(error.value)


def test_a_waveguide_end_has_no_single_mode_rate_and_says_so():
    compiled = hs.compile(hs.Network([hs.Cavity("a", detuning=0, damping=0.1, occupation=0), hs.Waveguide(["a"], right=[0.2])]))
    assert compiled.port_modes == (None, None)
    with pytest.raises(ParameterError, match="not one mode's share"):
        compiled.port("left", compiled.parameters({}))
