"""Ports and the scattering matrix S(ω) (hybridsys.model.ports, hybridsys.measures.scattering).

Every expected S below is written by hand from the ladder equations of motion
ȯ_j = −(κ_j + iΔ_j) o_j − i Σ_k H_jk o_k + Σ_p √(2κ_p) o_in,p and o_out,p = √(2κ_p) o − o_in,p,
i.e. M o(ω) = Σ √(2κ_p) o_in,p with M = (κ + iΔ − iω) + iH, never from hybridsys's drift.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.errors import HybridsysError, NetworkError, ParameterError
from hybridsys.measures import output_spectrum, port_scattering, probe_transmission, scattering_matrix
from hybridsys.measures import scattering as scattering_module
from hybridsys.model.network import COMPONENT_TYPES

OMEGA = np.linspace(-3.0, 3.0, 41)


def scatter(network, values=None, omega=OMEGA, **kwargs):
    compiled = hs.compile(network)
    params = compiled.parameters(values or {})
    state = np.zeros(params.shape[:-1] + (compiled.size,))
    return port_scattering(compiled, params, state, omega, **kwargs)


def by_hand(kappa, delta, hopping, ports, omega):
    """S_pq(ω) = 2√(κ_p κ_q) [M⁻¹]_{m(p) m(q)} − δ_pq, M = diag(κ + iΔ − iω) + iH (phase-insensitive)."""
    kappa, delta, hopping = np.asarray(kappa, float), np.asarray(delta, float), np.asarray(hopping, complex)
    modes = np.array([m for m, _ in ports])
    rates = np.array([r for _, r in ports])
    out = []
    for w in omega:
        inverse = np.linalg.inv(np.diag(kappa + 1j * (delta - w)) + 1j * hopping)
        out.append(2 * np.sqrt(np.outer(rates, rates)) * inverse[np.ix_(modes, modes)] - np.eye(len(ports)))
    return np.array(out)


# -- closed forms ---------------------------------------------------------------------------
def test_one_port_on_a_detuned_cavity_reflects_as_written_by_hand():
    kappa, kappa_e, delta = 0.7, 0.4, 0.3
    s = scatter(hs.Network([hs.Cavity("a", detuning=delta, damping=kappa), hs.Port("a", "p", rate=kappa_e)]))
    # o_out = √(2κ_e) o − o_in: S = 2κ_e/(κ + i(Δ − ω)) − 1 (the probe convention t = 1 − 2κ_e χ is −S)
    assert np.allclose(s.amplitude("p", "p"), 2 * kappa_e / (kappa + 1j * (delta - OMEGA)) - 1, atol=1e-12)
    on_resonance = np.argmin(np.abs(OMEGA - delta))
    assert s.reflection("p")[on_resonance] == pytest.approx((1 - 2 * kappa_e / kappa) ** 2, abs=1e-12)


def test_two_ports_on_one_cavity_transmit_as_written_by_hand():
    kappa, k1, k2, delta = 1.0, 0.3, 0.5, -0.4
    s = scatter(hs.Network([hs.Cavity("a", detuning=delta, damping=kappa), hs.Port("a", "one", rate=k1),
                            hs.Port("a", "two", rate="k2")]), {"k2": k2})
    chi = 1 / (kappa + 1j * (delta - OMEGA))
    assert np.allclose(s.amplitude("two", "one"), 2 * np.sqrt(k1 * k2) * chi, atol=1e-12)
    assert np.allclose(s.amplitude("one", "two"), 2 * np.sqrt(k1 * k2) * chi, atol=1e-12)
    assert np.allclose(s.amplitude("one", "one"), 2 * k1 * chi - 1, atol=1e-12)
    assert np.allclose(s.isolation_db("two", "one"), 0.0, atol=1e-9)


def test_a_squeezed_mode_mixes_signal_and_idler_as_written_by_hand():
    """ȧ = −(κ + iΔ)a + G e^{iθ} a† + √(2κ) a_in: on [a(ω), a†(−ω)] M = [[κ + iΔ − iω, −G e^{iθ}],
    [−G e^{−iθ}, κ − iΔ − iω]] and S = 2κ M⁻¹ − I."""
    kappa, delta, gain, theta = 1.0, 0.4, 0.6, 0.7
    s = scatter(hs.Network([hs.Cavity("a", detuning=delta, damping=kappa), hs.Squeezing("a", G=gain, phase=theta),
                            hs.Port("a", "p", rate=kappa)]), full=True)
    for k, w in enumerate(OMEGA):
        m = np.array([[kappa + 1j * (delta - w), -gain * np.exp(1j * theta)],
                      [-gain * np.exp(-1j * theta), kappa - 1j * (delta + w)]])
        assert np.allclose(s.matrix[k], 2 * kappa * np.linalg.inv(m) - np.eye(2), atol=1e-12)


# -- unitarity, symplecticity and reciprocity --------------------------------------------------------
def random_exchange_network(rng, modes=4, lossless=False, flux=False):
    """Cavities with random detunings and damping, real beam splitters on a random connected graph,
    1-2 ports per mode; (network, κ, Δ, H, ports by hand)."""
    names = [f"c{k}" for k in range(modes)]
    kappa, delta = rng.uniform(0.2, 1.5, modes), rng.uniform(-1, 1, modes)
    hopping = np.zeros((modes, modes))
    components: list = [hs.Cavity(n, detuning=d, damping=k) for n, d, k in zip(names, delta, kappa)]
    edges = [(k, int(rng.integers(k))) for k in range(1, modes)] + [(0, modes - 1)] * (modes > 2)
    for i, j in edges:
        if hopping[i, j] == 0:
            g = rng.uniform(-1, 1)
            hopping[i, j] = hopping[j, i] = g
            components.append(hs.BeamSplitter(names[i], names[j], g=g))
    ports = []
    for m in range(modes):
        shares = rng.dirichlet(np.ones(3))[: int(rng.integers(1, 3))]
        shares = shares / shares.sum() if lossless else shares
        for s, share in enumerate(shares):
            ports.append((m, kappa[m] * share))
            components.append(hs.Port(names[m], f"p{m}_{s}", rate=kappa[m] * share))
    return hs.Network(components), kappa, delta, hopping, ports


def test_random_networks_match_the_equations_written_by_hand():
    rng = np.random.default_rng(3)
    for _ in range(4):
        network, kappa, delta, hopping, ports = random_exchange_network(rng, modes=int(rng.integers(2, 5)))
        assert np.allclose(scatter(network).ladder, by_hand(kappa, delta, hopping, ports, OMEGA), atol=1e-10)


def test_real_exchange_couplings_are_reciprocal():
    rng = np.random.default_rng(7)
    for _ in range(5):
        network, *_ = random_exchange_network(rng, modes=int(rng.integers(2, 6)))
        s = scatter(network).ladder
        assert np.allclose(np.abs(s), np.abs(np.swapaxes(s, -1, -2)), atol=1e-12)


def test_a_lossless_phase_insensitive_network_has_a_unitary_s():
    rng = np.random.default_rng(11)
    for _ in range(4):
        network, *_ = random_exchange_network(rng, modes=int(rng.integers(1, 5)), lossless=True)
        s = scatter(network, full=True)
        count = len(s.ports)
        ladder = s.ladder
        assert np.allclose(ladder @ np.conj(np.swapaxes(ladder, -1, -2)), np.eye(count), atol=1e-10)
        assert np.allclose(s.matrix[..., :count, count:], 0, atol=1e-12)  # no signal-idler mixing
        assert np.allclose(s.matrix[..., count:, count:], np.conj(scatter(network, omega=-OMEGA).ladder), atol=1e-12)


def test_a_lossless_network_with_squeezing_has_a_symplectic_s():
    net = hs.Network([
        hs.Cavity("a", detuning=0.3, damping=1.0), hs.Cavity("b", detuning=-0.5, damping=0.8),
        hs.BeamSplitter("a", "b", g=0.4), hs.TwoModeSqueezing("a", "b", G=0.3), hs.Squeezing("a", G=0.2, phase=1.1),
        hs.Port("a", "a1", rate=0.6), hs.Port("a", "a2", rate=0.4), hs.Port("b", "b1", rate=0.8),
    ])
    s = scatter(net, full=True).matrix
    sigma = np.diag([1, 1, 1, -1, -1, -1])
    assert np.allclose(s @ sigma @ np.conj(np.swapaxes(s, -1, -2)), sigma, atol=1e-10)
    assert np.abs(s[..., :3, 3:]).max() > 0.1  # the idler is there
    ladder = s[..., :3, :3]
    assert not np.allclose(ladder @ np.conj(np.swapaxes(ladder, -1, -2)), np.eye(3), atol=1e-3)


RING = ("J*(exp(I*phi)*a_dag*b + exp(-I*phi)*b_dag*a) + J*(exp(I*phi)*b_dag*c + exp(-I*phi)*c_dag*b)"
        " + J*(exp(I*phi)*c_dag*a + exp(-I*phi)*a_dag*c)")


def ring(loss=0.0):
    modes = [hs.Cavity(n, detuning="Delta", damping="kappa") for n in "abc"]
    ports = [hs.Port(n, f"p{n}", rate=f"kappa - {loss}" if loss else "kappa") for n in "abc"]
    return hs.Network(modes + [hs.Term(RING, label="ring")] + ports)


def test_a_ring_with_synthetic_flux_is_nonreciprocal_as_written_by_hand():
    """Three lossy modes, hoppings J e^{±iφ} around the ring (flux Φ = 3φ): H_ba = H_cb = H_ac = J e^{−iφ}."""
    values = {"J": 0.6, "phi": 0.4, "Delta": 0.2, "kappa": 1.0}
    s = scatter(ring(loss=0.3), values)
    hop = 0.6 * np.exp(-0.4j)
    hopping = np.array([[0, np.conj(hop), hop], [hop, 0, np.conj(hop)], [np.conj(hop), hop, 0]])
    expected = by_hand([1.0] * 3, [0.2] * 3, hopping, [(m, 0.7) for m in range(3)], OMEGA)
    assert np.allclose(s.ladder, expected, atol=1e-10)
    assert np.abs(s.isolation_db("pb", "pa")).max() > 3  # no dissipator, yet nonreciprocal
    reciprocal = scatter(ring(loss=0.3), {**values, "phi": 0.0})
    assert np.allclose(reciprocal.isolation_db("pb", "pa"), 0, atol=1e-9)


def test_the_ring_circulates_perfectly_at_flux_pi_over_2_and_j_equal_kappa():
    """Koch et al., PRA 82, 043811 (2010). At ω = Δ, with the ports taking all the damping, S = z P for
    the cyclic permutation P (a → b → c → a) needs κ + iH = κ(I − zP + z²P²) and z³ = 1 (M's diagonal
    is κ): |H_jk| = J = κ and H_ba = iκz, i.e. φ = −π/2 − arg z, the flux 3φ = π/2 (mod 2π)."""
    omega = np.array([0.2])
    for phi in (-np.pi / 2, -np.pi / 2 + 2 * np.pi / 3, -np.pi / 2 - 2 * np.pi / 3):
        s = scatter(ring(), {"J": 1.0, "phi": phi, "Delta": 0.2, "kappa": 1.0}, omega=omega)
        power = np.abs(s.ladder[0]) ** 2
        assert np.allclose(power, [[0, 0, 1], [1, 0, 0], [0, 1, 0]], atol=1e-12)  # rows: to a, b, c
        assert s.isolation_db("pb", "pa")[0] > 200
    backwards = scatter(ring(), {"J": 1.0, "phi": np.pi / 2, "Delta": 0.2, "kappa": 1.0}, omega=omega)
    assert np.allclose(np.abs(backwards.ladder[0]) ** 2, [[0, 1, 0], [0, 0, 1], [1, 0, 0]], atol=1e-12)


def test_an_exceptional_point_is_solved_directly_and_matches_the_closed_form():
    """Two modes with κ1 − κ2 = 2g (equal detunings) have a defective drift; S by hand:
    M = [[κ1 − iω, ig], [ig, κ2 − iω]], S21 = 2√(κ1κ2) ig·(−1)/det M."""
    k1, k2, g = 1.0, 0.2, 0.4
    net = hs.Network([hs.Cavity("a", detuning=0, damping=k1), hs.Cavity("b", detuning=0, damping=k2),
                      hs.BeamSplitter("a", "b", g=g), hs.Port("a", "in", rate=k1), hs.Port("b", "out", rate=k2)])
    s = scatter(net)
    det = (k1 - 1j * OMEGA) * (k2 - 1j * OMEGA) + g**2
    assert np.allclose(s.amplitude("out", "in"), -2j * g * np.sqrt(k1 * k2) / det, atol=1e-12)
    assert np.allclose(s.amplitude("in", "in"), 2 * k1 * (k2 - 1j * OMEGA) / det - 1, atol=1e-12)


def test_eigen_expansion_and_direct_solves_agree(monkeypatch):
    rng = np.random.default_rng(5)
    network, *_ = random_exchange_network(rng, modes=4)
    expanded = scatter(network, full=True).matrix
    monkeypatch.setattr(scattering_module, "EIGEN_CONDITION", 0.0)
    assert np.allclose(scatter(network, full=True).matrix, expanded, atol=1e-12)


# -- batches and chunks -----------------------------------------------------------------------
def test_batched_equals_point_by_point_in_small_chunks(monkeypatch):
    net = hs.Network([hs.Cavity("a", detuning="Da", damping=1.0), hs.Cavity("b", detuning=0.1, damping="kb"),
                      hs.BeamSplitter("a", "b", g="g"), hs.TwoModeSqueezing("a", "b", G=0.2),
                      hs.Port("a", "x", rate=0.5), hs.Port("b", "y", rate="ky")])
    rng = np.random.default_rng(2)
    values = {"Da": rng.uniform(-1, 1, (3, 1)), "kb": rng.uniform(0.8, 1.2, (1, 4)), "g": 0.3, "ky": 0.6}
    compiled = hs.compile(net)
    params = compiled.parameters(values)
    state = np.zeros((3, 4, compiled.size))
    monkeypatch.setattr(scattering_module, "CHUNK_ENTRIES", 50)  # many chunks of points and of frequencies
    batched = port_scattering(compiled, params, state, OMEGA, full=True).matrix
    assert batched.shape == (3, 4, len(OMEGA), 4, 4)
    for i in range(3):
        for j in range(4):
            single = port_scattering(compiled, params[i, j], state[i, j], OMEGA, full=True).matrix
            assert np.allclose(batched[i, j], single, atol=1e-13)


def test_an_unstable_point_gives_nan_not_a_number_that_looks_right():
    net = hs.Network([hs.Cavity("a", detuning=0, damping=0.5), hs.Squeezing("a", G="G"), hs.Port("a", "p", rate=0.5)])
    s = scatter(net, {"G": np.array([0.2, 0.9])})
    assert np.all(np.isfinite(s.ladder[0])) and np.all(np.isnan(s.ladder[1]))


# -- the same ports in the probe transmission and the output spectrum ---------------------------------------
def test_probe_transmission_and_output_spectrum_take_a_models_ports():
    net = hs.Network([hs.Cavity("a", detuning=0.3, damping=1.0, occupation=2.0), hs.Port("a", "in", rate=0.3),
                      hs.Port("a", "out", rate=0.5)])
    compiled = hs.compile(net)
    params, state = compiled.parameters({}), np.zeros(2)
    drift, diffusion = compiled.drift(params, state), compiled.diffusion(params)
    s = port_scattering(compiled, params, state, OMEGA)
    mode, kappa_in = compiled.port("in", params)
    _, kappa_out = compiled.port("out", params)
    power, phase = probe_transmission(drift, OMEGA, mode, kappa_in, kappa_out)
    assert np.allclose(power, s.transmission("out", "in"), atol=1e-12)
    assert np.allclose(np.exp(1j * phase), -s.amplitude("out", "in") / np.abs(s.amplitude("out", "in")))  # t = −S
    reflected, _ = probe_transmission(drift, OMEGA, mode, kappa_in)
    assert np.allclose(reflected, s.reflection("in"), atol=1e-12)
    # every input (both ports, internal loss) is thermal at n̄ = 2: the output is too, at every ω
    spectrum = output_spectrum(drift, diffusion, OMEGA, *compiled.port("out", params), occupation=2.0)
    assert np.allclose(spectrum, 2.5, atol=1e-12)


# -- model files, listings ----------------------------------------------------------------------
def test_ports_in_a_model_file_are_listed_by_show(tmp_path):
    path = tmp_path / "ported.toml"
    path.write_text('name = "ported"\ndefault_parameters = "ours"\n[[modes]]\ntype = "cavity"\nname = "a"\n'
                    '[[couplings]]\ntype = "port"\nmode = "a"\nname = "left"\nrate = "kappa_L"\n'
                    '[parameters.ours]\nreference_hz = 1e6\n'
                    '[parameters.ours.values]\nDelta_a = 0.0\nkappa_a = 1.0\nkappa_L = 0.4\n')
    model = hs.load_model(path)
    assert [c.label for c in model.network.couplings] == ["Port(a, left)"]
    assert hs.Network.from_data(model.network.to_data()) == model.network
    assert "port" in COMPONENT_TYPES
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["show", str(path)]) == 0
    assert "Port(a, left)" in out.getvalue() and "kappa_L" in out.getvalue()
    assert ("a", "a") in model.network.graph.edges()  # a self-loop, like a drive


# -- bad input ----------------------------------------------------------------------------------
def test_a_port_on_an_unknown_mode_is_refused():
    with pytest.raises(NetworkError, match=r"Port\(z, p\).*'z' is not a mode"):
        hs.Network([hs.Cavity("a"), hs.Port("z", "p")])


def test_port_rates_exceeding_the_damping_are_refused_naming_mode_and_ports():
    with pytest.raises(NetworkError, match=r"mode 'a'.*Port\(a, l\).*Port\(a, r\).*exceed its damping 1"):
        hs.Network([hs.Cavity("a", damping=1.0), hs.Port("a", "l", rate=0.6), hs.Port("a", "r", rate=0.6)])
    compiled = hs.compile(hs.Network([hs.Cavity("a", detuning=0, damping="kappa"), hs.Port("a", "l", rate="kl"),
                                      hs.Port("a", "r", rate=0.2)]))
    compiled.parameters({"kappa": 1.0, "kl": np.array([0.1, 0.8])})
    with pytest.raises(ParameterError, match=r"mode 'a'.*Port\(a, l\), Port\(a, r\).*may not exceed"):
        compiled.parameters({"kappa": 1.0, "kl": np.array([0.1, 0.9])})
    with pytest.raises(ParameterError, match=r"mode 'a'"):
        compiled.port_rates(np.array([0.5, 0.4]))  # params built by hand are checked too


def test_duplicate_port_names_are_refused():
    with pytest.raises(NetworkError, match=r"duplicate port name 'p': Port\(a, p\) and Port\(b, p\)"):
        hs.Network([hs.Cavity("a"), hs.Cavity("b"), hs.Port("a", "p"), hs.Port("b", "p")])


@pytest.mark.parametrize("make, match", [
    (lambda: hs.Port("a", "not a name"), "port name"),
    (lambda: hs.Port("a", "p", rate=-0.1), "must be >= 0"),
    (lambda: hs.Network([hs.Phonon("b", damping_model="brownian"), hs.Port("b", "p")]), "symmetric"),
])
def test_malformed_ports_are_refused(make, match):
    with pytest.raises(HybridsysError, match=match):
        make()


def test_bad_frequencies_and_unknown_ports_are_refused():
    net = hs.Network([hs.Cavity("a", detuning=0, damping=1.0), hs.Port("a", "p", rate=0.5)])
    with pytest.raises(ParameterError, match="finite"):
        scatter(net, omega=np.array([0.0, np.nan]))
    with pytest.raises(ParameterError, match="finite"):
        scatter(net, omega=np.array([np.inf]))
    with pytest.raises(ParameterError, match=r"unknown port\(s\) \['q'\]"):
        scatter(net, ports=["q"])
    with pytest.raises(ParameterError, match="unknown port 'q'"):
        scatter(net).transmission("q", "p")
    with pytest.raises(ParameterError, match="no ports"):
        scatter(hs.Network([hs.Cavity("a", detuning=0, damping=1.0)]))
    with pytest.raises(ParameterError, match="port modes"):
        scattering_matrix(np.eye(2) * -1, OMEGA, [1], [0.5])


@pytest.mark.slow
def test_ten_thousand_frequencies_at_a_thousand_points_run_batched():
    """The issue's size: 10⁴ ω × 10³ points of the circulator ring, S between two ports; a few
    points checked against the ring's equations written by hand."""
    omega = np.linspace(-5, 5, 10**4)
    phi = np.linspace(-np.pi, np.pi, 1000)
    compiled = hs.compile(ring(loss=0.1))
    params = compiled.parameters({"J": 0.8, "phi": phi, "Delta": 0.3, "kappa": 1.0})
    s = port_scattering(compiled, params, np.zeros((1000, compiled.size)), omega, ports=["pa", "pb"])
    assert s.matrix.shape == (1000, 10**4, 2, 2)
    for point in (0, 333, 999):
        hop = 0.8 * np.exp(-1j * phi[point])
        hopping = np.array([[0, np.conj(hop), hop], [hop, 0, np.conj(hop)], [np.conj(hop), hop, 0]])
        hand = by_hand([1.0] * 3, [0.3] * 3, hopping, [(0, 0.9), (1, 0.9)], omega[::997])
        assert np.allclose(s.matrix[point, ::997], hand, atol=1e-10)
