"""The cascade (hybridsys.model.cascade): its Hamiltonian and Lindblad terms give the
Gardiner–Carmichael cascaded Langevin equations, written by hand below, and those have no
back-action and multiply the single-cavity responses.

These tests turn the cascade's terms into Langevin form with the textbook adjoint master
equation (written here, independent of hybridsys's derivation) and add them to the
compiled drift and diffusion of the network without it; then the derivation of the
network with the cascade must give exactly that.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.linalg import solve_continuous_lyapunov

import hybridsys as hs
from hybridsys.errors import NetworkError, ParameterError
from hybridsys.measures import scattering_matrix
from hybridsys.model import symbols
from hybridsys.model.cascade import Cascade, cascade_constraints
from hybridsys.model.network import COMPONENT_TYPES
from hybridsys.model.operators import LadderContext


def langevin_of(hamiltonian, terms, modes):
    """(M, N): ȯ_j ∋ Σ_k M_jk o_k and the symmetrized noise N_jk = ½⟨{ξ_j, ξ_k†}⟩ of
    H + Σ w D[L] with L = Σ_k c_k o_k (emission) or L = Σ_k c_k* o_k† (absorption):
    ȯ_j ∋ −i ∂H/∂o_j† ∓ ½ w c_j* Σ_k c_k o_k and N_jk += ½ w c_j* c_k (adjoint master
    equation; phase-insensitive terms only)."""
    low = [symbols.lowering(m) for m in modes]
    high = [symbols.raising(m) for m in modes]
    size = len(modes)
    drift = sp.zeros(size, size)
    noise = sp.zeros(size, size)
    for j in range(size):
        rhs = sp.expand(-sp.I * sp.diff(hamiltonian, high[j]))
        for k in range(size):
            drift[j, k] += rhs.coeff(low[k])
    for w, L, K in terms:
        assert L == K
        jump = sp.expand(L)
        emission = not any(jump.has(h) for h in high)
        assert emission or not any(jump.has(o) for o in low)
        c = [jump.coeff(o) for o in low] if emission else [sp.conjugate(jump.coeff(h)) for h in high]
        for j in range(size):
            for k in range(size):
                drift[j, k] += (-1 if emission else 1) * w / 2 * sp.conjugate(c[j]) * c[k]
                noise[j, k] += w / 2 * sp.conjugate(c[j]) * c[k]
    return drift, noise


def quadratures(ladder):
    """A phase-insensitive ladder matrix M as the quadrature matrix [[Re M, −Im M], [Im M, Re M]] per block."""
    ladder = np.asarray(ladder, dtype=complex)
    out = np.zeros((2 * len(ladder), 2 * len(ladder)))
    out[0::2, 0::2] = out[1::2, 1::2] = ladder.real
    out[0::2, 1::2], out[1::2, 0::2] = -ladder.imag, ladder.imag
    return out


def test_hamiltonian_and_lindblad_terms_give_the_cascaded_langevin_equations():
    """Langevin picture, o_in,2 = √η e^{iφ}(√(2κ1) o1 − o_in,1) + √(1−η) v: ȯ2 ∋ 2√(ηκ1κ2) e^{iφ} o1,
    nothing back on o1; N_21 = −2√(ηκ1κ2) e^{iφ}(n̄1 + ½), N_22 gains 2κ2η(n̄1 − n̄2)."""
    k1, k2, n1, n2, eta, phi = sp.symbols("k1 k2 n1 n2 eta phi", real=True)
    modes = {"a": hs.Cavity("a", occupation=n1), "b": hs.Cavity("b", occupation=n2)}
    ports = {"out": hs.Port("a", "out", rate=k1), "in": hs.Port("b", "in", rate=k2)}
    cascade = Cascade("a.out", "b.in", efficiency=eta, phase=phi)
    ctx = LadderContext(modes, ports=ports)
    drift, noise = langevin_of(cascade.hamiltonian(ctx), cascade.dissipators(ctx), ["a", "b"])
    # the components hold real parameter symbols; rates, occupations and η are >= 0
    signs = {s: {"phi": phi}.get(s.name, sp.Symbol(s.name, positive=True)) for s in drift.free_symbols | noise.free_symbols}
    drift, noise = drift.xreplace(signs), noise.xreplace(signs)
    k1, k2, n1, n2, eta = (sp.Symbol(n, positive=True) for n in ("k1", "k2", "n1", "n2", "eta"))
    link = 2 * sp.sqrt(eta * k1 * k2) * sp.exp(sp.I * phi)
    expected_drift = sp.Matrix([[0, 0], [link, 0]])
    expected_noise = sp.Matrix([[0, -sp.conjugate(link) * (n1 + sp.Rational(1, 2))],
                                [-link * (n1 + sp.Rational(1, 2)), 2 * k2 * eta * (n1 - n2)]])
    assert sp.simplify(drift - expected_drift) == sp.zeros(2, 2)
    assert sp.simplify(noise - expected_noise) == sp.zeros(2, 2)


def test_the_hamiltonian_is_hermitian_and_the_terms_leave_a_physical_channel():
    ports = {"out": hs.Port("a", "out", rate=0.3), "in": hs.Port("b", "in", rate=0.5)}
    ctx = LadderContext({"a": hs.Cavity("a"), "b": hs.Cavity("b")}, ports=ports)
    h = Cascade("a.out", "b.in", efficiency=0.7, phase=0.4).hamiltonian(ctx)
    ladder = [symbols.lowering("a"), symbols.raising("a"), symbols.lowering("b"), symbols.raising("b")]
    dagger = sum(sp.conjugate(c) * sp.Mul(*(ladder[k ^ 1] ** e for k, e in enumerate(powers)))
                 for powers, c in sp.Poly(h, *ladder).terms())
    assert sp.expand(dagger - h) == 0 and h != 0
    terms = Cascade("a.out", "b.in", efficiency=0.7, phase=0.4).dissipators(ctx)
    assert len(terms) == 3 and all(L == K for _, L, K in terms)  # zero occupations: only the emission terms


def bare_network(*extra):
    """Source a (ports in, out) and target b (ports inb, outb), a driven by a squeezing term."""
    return hs.Network([
        hs.Cavity("a", detuning="Da", damping="ka", occupation="na"), hs.Cavity("b", detuning="Db", damping="kb", occupation="nb"),
        hs.Squeezing("a", G="G"),
        hs.Port("a", "in", rate="kai"), hs.Port("a", "out", rate="kao"), hs.Port("b", "inb", rate="kbi"),
        hs.Port("b", "outb", rate="kbo"), *extra,
    ])


def two_cavities(**values):
    """The bare network compiled, and its (A, D) without and with the hand-written cascade terms."""
    net = bare_network()
    compiled = hs.compile(net)
    params = compiled.parameters({k: v for k, v in values.items() if k in compiled.parameter_names})
    state = np.zeros(compiled.size)
    ctx = LadderContext({m.name: m for m in net.modes}, ports={p: net.component(f"Port({m}, {p})") for m, p in
                                                              [("a", "in"), ("a", "out"), ("b", "inb"), ("b", "outb")]})
    cascade = Cascade("a.out", "b.inb", efficiency="eta", phase="phi")
    drift, noise = langevin_of(cascade.hamiltonian(ctx), cascade.dissipators(ctx), ["a", "b"])
    numbers = {sp.Symbol(k): v for k, v in values.items()}
    numbers.update({s: values[s.name] for s in (drift.free_symbols | noise.free_symbols) if s.name in values})
    as_array = lambda m: np.array(m.xreplace(numbers).evalf(), dtype=complex)  # noqa: E731
    a, d = compiled.drift(params, state), compiled.diffusion(params)
    return compiled, params, (a, d), (a + quadratures(as_array(drift)), d + quadratures(as_array(noise)))


VALUES = {"Da": 0.3, "Db": -0.2, "ka": 1.0, "kb": 0.8, "na": 0.5, "nb": 0.2, "G": 0.0, "kai": 0.3, "kao": 0.6,
          "kbi": 0.5, "kbo": 0.2, "eta": 0.7, "phi": 0.9}


def test_end_to_end_transmission_is_the_product_of_the_single_cavity_responses():
    omega = np.linspace(-3, 3, 61)
    compiled, params, _, (drift, _) = two_cavities(**VALUES)
    s = scattering_matrix(drift, omega, compiled.port_modes, compiled.port_rates(params))
    v = VALUES
    chi_a, chi_b = 1 / (v["ka"] + 1j * (v["Da"] - omega)), 1 / (v["kb"] + 1j * (v["Db"] - omega))
    hand = (2 * np.sqrt(v["kai"] * v["kao"]) * chi_a) * np.sqrt(v["eta"]) * np.exp(1j * v["phi"]) * (
        2 * np.sqrt(v["kbi"] * v["kbo"]) * chi_b)
    ports = list(compiled.ports)
    assert np.allclose(s[:, ports.index("outb"), ports.index("in")], hand, atol=1e-12)
    assert np.allclose(s[:, ports.index("in"), ports.index("outb")], 0, atol=1e-12)  # nothing comes back
    assert np.allclose(s[:, ports.index("in"), ports.index("in")], 2 * v["kai"] * chi_a - 1, atol=1e-12)


def test_the_ports_a_cascade_joins_are_internal_and_the_external_ones_scatter_as_by_hand():
    """a.out and b.inb are the cascade's internal link: the model's ports are the other two,
    and S between them is the hand-written chain (S_outb,in the product of the single-cavity
    responses, nothing coming back, a's own reflection at its input)."""
    from hybridsys.measures import port_scattering

    compiled = hs.compile(bare_network(Cascade("a.out", "b.inb", efficiency="eta", phase="phi")))
    assert compiled.ports == ("in", "outb")
    with pytest.raises(ParameterError, match="internal links"):
        compiled.port("out", compiled.parameters({k: v for k, v in VALUES.items() if k in compiled.parameter_names}))
    v, omega = VALUES, np.linspace(-3, 3, 61)
    params = compiled.parameters({k: x for k, x in v.items() if k in compiled.parameter_names})
    s = port_scattering(compiled, params, np.zeros(compiled.size), omega)
    chi_a, chi_b = 1 / (v["ka"] + 1j * (v["Da"] - omega)), 1 / (v["kb"] + 1j * (v["Db"] - omega))
    chain = 2 * np.sqrt(v["kai"] * v["kao"]) * chi_a * np.sqrt(v["eta"]) * np.exp(1j * v["phi"]) * 2 * np.sqrt(v["kbi"] * v["kbo"]) * chi_b
    assert np.allclose(s.amplitude("outb", "in"), chain, atol=1e-12)
    assert np.allclose(s.amplitude("in", "outb"), 0, atol=1e-12)
    assert np.allclose(s.amplitude("in", "in"), 2 * v["kai"] * chi_a - 1, atol=1e-12)
    assert np.all(s.transmission("outb", "in") + s.reflection("in") <= 1 + 1e-12)  # passive


@pytest.mark.parametrize("target", [{"Db": -1.5, "kb": 0.8}, {"Db": 0.4, "kb": 2.0, "nb": 3.0}])
def test_the_source_does_not_feel_the_target(target):
    """The source's steady covariance is that of the source alone, whatever the target; the
    target's does depend on the source."""
    values = {**VALUES, "G": 0.5}
    _, _, (bare_a, bare_d), (a, d) = two_cavities(**values)
    _, _, _, (a2, d2) = two_cavities(**{**values, **target})
    alone = solve_continuous_lyapunov(bare_a[:2, :2], -bare_d[:2, :2])
    for drift, diffusion in ((a, d), (a2, d2)):
        v = solve_continuous_lyapunov(drift, -diffusion)
        assert np.allclose(v[:2, :2], alone, atol=1e-12)
        assert np.all(np.linalg.eigvalsh(v + 0.5j * np.kron(np.eye(2), [[0, 1], [-1, 0]])) > -1e-12)
    v_uncoupled = solve_continuous_lyapunov(bare_a, -bare_d)
    assert not np.allclose(solve_continuous_lyapunov(a, -d)[2:, 2:], v_uncoupled[2:, 2:], atol=1e-3)


# -- bad input ----------------------------------------------------------------------------------
def network(*cascades, extra=()):
    return hs.Network([hs.Cavity("a"), hs.Cavity("b"), hs.Cavity("c"), hs.Port("a", "ao"), hs.Port("b", "bi"),
                       hs.Port("b", "bo"), hs.Port("c", "ci"), hs.Port("c", "co"), hs.Port("a", "ai"), *extra, *cascades])


def test_the_derivation_of_a_network_with_a_cascade_gives_the_cascaded_equations():
    """The compiled drift and diffusion of the network holding the cascade equal those of
    the network without it plus the hand-written cascaded Langevin terms."""
    values = {**VALUES, "G": 0.5}
    compiled, params, _, (drift, diffusion) = two_cavities(**values)
    full = hs.compile(bare_network(Cascade("a.out", "b.inb", efficiency="eta", phase="phi")))
    p = full.parameters({k: v for k, v in values.items() if k in full.parameter_names})
    state = np.zeros(full.size)
    assert np.allclose(full.drift(p, state), drift, atol=1e-13)
    assert np.allclose(full.diffusion(p), diffusion, atol=1e-13)


def test_the_listed_langevin_equations_carry_the_source_noise_into_the_target():
    """The listing (Langevin and linearized) is the module docstring's cascaded equation,
    written here: ḃ = −(iΔ_b + κ_b) b + 2√(η κ_a κ_b) e^{iφ} a + √(2κ_b) b_in − √(2κ_b η) e^{iφ} a_in,
    and ȧ has no term from b (no back-action)."""
    ka, kb, Da, Db, eta, phi = sp.symbols("ka kb Da Db eta phi", positive=True)
    network = hs.Network([hs.Cavity("a", detuning="Da", damping="ka"), hs.Cavity("b", detuning="Db", damping="kb"),
                          hs.Port("a", "out", rate="ka"), hs.Port("b", "in", rate="kb"),
                          Cascade("a.out", "b.in", efficiency="eta", phase="phi")])
    derivation = hs.derive(network)
    a, b = symbols.lowering("a"), symbols.lowering("b")
    a_in, b_in = symbols.noise("a"), symbols.noise("b")
    by_hand = {"a": -(sp.I * Da + ka) * a + sp.sqrt(2 * ka) * a_in,
               "b": -(sp.I * Db + kb) * b + 2 * sp.sqrt(eta * ka * kb) * sp.exp(sp.I * phi) * a + sp.sqrt(2 * kb) * b_in
               - sp.sqrt(2 * kb * eta) * sp.exp(sp.I * phi) * a_in}
    ours = {s.name: s for rhs in derivation.langevin.rhs.values() for s in rhs.free_symbols}
    mine = {ours[s.name]: s for s in (ka, kb, Da, Db, eta, phi)}  # the derivation's parameters -> these
    for mode in ("a", "b"):
        assert sp.simplify(derivation.langevin.rhs[mode].xreplace(mine) - by_hand[mode]) == 0
        noise = derivation.fluctuations.noise[mode].xreplace(mine)
        assert sp.simplify(noise - by_hand[mode].xreplace({a: 0, b: 0})) == 0


@pytest.mark.parametrize("cascades, match", [
    ([Cascade("a.ao", "b.bi"), Cascade("b.bo", "a.ai")], r"Cascade\(a.ao -> b.bi\).*Cascade\(b.bo -> a.ai\).*form a cycle"),
    ([Cascade("a.ao", "b.bi"), Cascade("b.bo", "c.ci"), Cascade("c.co", "a.ai")], r"form a cycle \(a -> b -> c -> a\)"),
    ([Cascade("a.ao", "b.zz")], r"target b.zz is not a port of the network"),
    ([Cascade("a.ao", "c.bi")], r"port 'bi' is on mode 'b'"),
    ([Cascade("a.ao", "b.bi"), Cascade("a.ao", "c.ci")], r"both use port 'ao' as source"),
])
def test_bad_cascades_are_refused_naming_them(cascades, match):
    with pytest.raises(NetworkError, match=match):
        network(*cascades)


@pytest.mark.parametrize("make, error, match", [
    (lambda: Cascade("a.out", "a.in"), NetworkError, r"two different modes, not mode 'a' to itself"),
    (lambda: Cascade("a", "b.in"), NetworkError, r"source must name a port as 'mode.port'"),
    (lambda: Cascade("a.out", "b.in", efficiency=1.5), ParameterError, r"efficiency.*at most 1"),
    (lambda: Cascade("a.out", "b.in", efficiency=-0.1), ParameterError, r"must be >= 0"),
    (lambda: Cascade("a.out", "b.in", phase=float("nan")), ParameterError, r"finite"),
])
def test_malformed_cascades_are_refused(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_a_symbolic_efficiency_is_bounded_at_every_point_and_the_type_is_registered():
    class Holder:
        components = (Cascade("a.out", "b.in", efficiency="eta"),)
    [(where, quantity, expression)] = cascade_constraints(Holder)
    assert "Cascade(a.out -> b.in)" in where and quantity == "efficiency" and str(expression) == "1 - eta"
    assert COMPONENT_TYPES["cascade"] is Cascade


def test_an_efficiency_above_one_at_a_parameter_point_is_refused_naming_the_cascade():
    compiled = hs.compile(bare_network(Cascade("a.out", "b.inb", efficiency="eta", phase="phi")))
    values = {k: v for k, v in {**VALUES, "eta": 1.5}.items() if k in compiled.parameter_names}
    with pytest.raises(ParameterError, match=r"Cascade\(a.out -> b.inb\).*η may not exceed 1"):
        compiled.parameters(values)
