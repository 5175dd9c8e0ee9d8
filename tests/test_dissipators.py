"""Dissipators and correlated baths on the Gaussian routes (issue 23, part 1).

Independent checks: the drift and diffusion a component's Lindblad terms give are
compared with the master equation itself, ⟨r⟩ and ⟨r r⟩ moved by the Lindbladian as
Fock-space matrices; with closed forms written here by hand; with the mode's own damping;
with the adiabatic elimination of an explicit auxiliary mode; with the intracavity
entanglement of a two-mode squeezed input derived below; and truncated Wigner against
the exact covariance.
"""

from __future__ import annotations

import contextlib
import io

import attrs
import numpy as np
import pytest
import sympy as sp

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.errors import HybridsysError, NetworkError, ParameterError
from hybridsys.measures.entanglement import log_negativity
from hybridsys.model import symbols
from hybridsys.model.modelfile import Model, ParameterSet, load_model
from hybridsys.model.network import Network
from hybridsys.numerics.covariance import is_physical, steady_covariance

from .conftest import random_network
from .test_derivation import assert_drift_is_jacobian

P = symbols.parameter_symbol


# -- the master equation as matrices ------------------------------------------------------
CUTOFF = 6  # states hold ≤ 2 quanta a mode; L, K and r r raise by ≤ 3: exact below the cutoff


def _ladders(count):
    """Annihilation operators of ``count`` modes truncated at CUTOFF quanta (Kronecker)."""
    a = np.diag(np.sqrt(np.arange(1, CUTOFF)), 1)
    eye = np.eye(CUTOFF)
    out = []
    for k in range(count):
        factors = [a if j == k else eye for j in range(count)]
        op = factors[0]
        for f in factors[1:]:
            op = np.kron(op, f)
        out.append(op)
    return out


def _operator(poly, names, ladders):
    """A polynomial of degree ≤ 1 in the ladder symbols as a Fock-space matrix."""
    poly = sp.expand(poly)
    total = complex(poly.xreplace({s: 0 for n in names for s in (symbols.lowering(n), symbols.raising(n))})) * np.eye(ladders[0].shape[0])
    for name, a in zip(names, ladders):
        total = total + complex(poly.coeff(symbols.lowering(name))) * a + complex(poly.coeff(symbols.raising(name))) * a.conj().T
    return total


def _lindbladian(terms, rho):
    out = np.zeros_like(rho)
    for w, L, K in terms:
        Kd = K.conj().T
        out += w * (L @ rho @ Kd - 0.5 * (Kd @ L @ rho + rho @ Kd @ L))
    return out


def _low_state(count, rng, top=2):
    """A random density matrix on at most ``top`` quanta per mode (far from the cutoff)."""
    keep = [i for i in range(CUTOFF**count) if all(d <= top for d in np.unravel_index(i, (CUTOFF,) * count))]
    z = rng.normal(size=(len(keep), len(keep))) + 1j * rng.normal(size=(len(keep), len(keep)))
    small = z @ z.conj().T
    rho = np.zeros((CUTOFF**count,) * 2, dtype=complex)
    rho[np.ix_(keep, keep)] = small / np.trace(small)
    return rho


def master_equation_moments(network, values, rng):
    """(A, D) read off the master equation of every Lindblad term in ``network`` (the
    modes' own symmetric damping included, as (2κ(n̄+1), o, o) and (2κn̄, o†, o†)): for
    random low-lying states ρ, d⟨r⟩/dt = A⟨r⟩ and d⟨{r, rᵀ}⟩/2/dt = A S + S Aᵀ + D."""
    names = network.mode_names
    ladders = _ladders(len(names))
    ctx = hs.derive(network).context
    numeric = lambda e: sp.sympify(e).xreplace({P(k): v for k, v in values.items()})  # noqa: E731
    terms = []
    for mode, a in zip(names, ladders):
        m = network.mode(mode)
        kappa, nbar = float(numeric(m.damping)), float(numeric(m.occupation))
        terms += [(2 * kappa * (nbar + 1), a, a), (2 * kappa * nbar, a.conj().T, a.conj().T)]
    for c in network.couplings:
        for w, L, K in c.dissipators(ctx):
            terms.append((complex(numeric(w)), _operator(numeric(L), names, ladders), _operator(numeric(K), names, ladders)))
    r = []
    for a in ladders:
        r += [(a + a.conj().T) / np.sqrt(2), 1j * (a.conj().T - a) / np.sqrt(2)]
    size = len(r)
    rows_first, rows_second, rhs_first, rhs_second = [], [], [], []
    for _ in range(3 * size):
        rho = _low_state(len(names), rng)
        flow = _lindbladian(terms, rho)
        mean = np.array([np.trace(x @ rho) for x in r]).real
        dmean = np.array([np.trace(x @ flow) for x in r]).real
        S = np.array([[np.trace((x @ y + y @ x) @ rho) / 2 for y in r] for x in r]).real
        dS = np.array([[np.trace((x @ y + y @ x) @ flow) / 2 for y in r] for x in r]).real
        rows_first.append(mean)
        rhs_first.append(dmean)
        rows_second.append(S)
        rhs_second.append(dS)
    A = np.linalg.lstsq(np.array(rows_first), np.array(rhs_first), rcond=None)[0].T
    D = np.mean([dS - A @ S - S @ A.T for S, dS in zip(rows_second, rhs_second)], axis=0)
    spread = max(np.abs(dS - A @ S - S @ A.T - D).max() for S, dS in zip(rows_second, rhs_second))
    residual = max(np.abs(dm - A @ m).max() for m, dm in zip(rows_first, rhs_first))
    assert spread < 1e-9 and residual < 1e-9  # the moments close: linear Lindblad terms
    return A, D


def _numeric_matrix(matrix, values):
    return np.array(matrix.xreplace({P(k): v for k, v in values.items()}).evalf(), dtype=float)


def _damped_pair(**fields):
    return [hs.Cavity("a", detuning=0, **fields), hs.Cavity("b", detuning=0, **fields)]


CASES = {
    "dissipator mixing o and o† with a thermal bath": (
        _damped_pair() + [hs.Dissipator(jump="a + 0.3*exp(I*phi)*b_dag - 0.2*b", rate="Gamma", occupation="n", label="bath")],
        {"kappa": 0.4, "Gamma": 0.7, "n": 0.6, "phi": 0.9},
    ),
    "dissipative coupling": (
        _damped_pair() + [hs.DissipativeCoupling("a", "b", Gamma="Gamma", phase="theta", occupation="n")],
        {"kappa": 0.3, "Gamma": 0.5, "theta": -1.1, "n": 0.25},
    ),
    "two-mode squeezed bath": (
        [hs.Cavity("a", detuning=0, damping="ka"), hs.Cavity("b", detuning=0, damping="kb"),
         hs.TwoModeSqueezedBath("a", "b", r="r", phase="theta", occupation="n")],
        {"ka": 0.3, "kb": 0.8, "r": 0.4, "theta": 0.7, "n": 0.3},
    ),
    "general Gaussian bath": (
        [hs.Cavity("a", detuning=0, damping="ka"), hs.Cavity("b", detuning=0, damping="kb"),
         hs.GaussianBath(["a", "b"], N=[[0.3, "0.1 + 0.05*I"], ["0.1 - 0.05*I", 0.2]], M=[["0.1*I", 0.2], [0.2, -0.05]])],
        {"ka": 0.5, "kb": 0.2},
    ),
}


def _with_damping(components, damping="kappa"):
    return [attrs.evolve(c, damping=damping) if isinstance(c, hs.Cavity) and c.is_default("damping") else c for c in components]


@pytest.mark.parametrize("case", sorted(CASES))
def test_drift_and_diffusion_equal_those_of_the_master_equation(case):
    """A and D derived from the Lindblad terms equal the moments the Lindbladian moves."""
    components, values = CASES[case]
    network = Network(_with_damping(components))
    values = {k: v for k, v in values.items() if k in network.parameter_names}
    A_master, D_master = master_equation_moments(network, values, np.random.default_rng(7))
    derivation = hs.derive(network)
    A = _numeric_matrix(derivation.drift.matrix, values)
    D = _numeric_matrix(derivation.diffusion.matrix, values)
    np.testing.assert_allclose(A, A_master, atol=1e-9)
    np.testing.assert_allclose(D, D_master, atol=1e-9)


# -- closed forms ---------------------------------------------------------------------------
def test_one_mode_dissipator_is_the_modes_own_symmetric_damping():
    """Dissipator(jump="a", rate=κ, occupation=n̄) on an undamped cavity gives the same
    Langevin drift, mean field, A, D and steady state as the cavity's own damping κ, n̄."""
    own = Network([hs.Cavity("a", damping="kappa", occupation="n"), hs.Kerr("a"), hs.Drive("a")])
    jump = Network([hs.Cavity("a", damping=0), hs.Kerr("a"), hs.Drive("a"),
                    hs.Dissipator(jump="a", rate="kappa", occupation="n")])
    first, second = hs.derive(own), hs.derive(jump)
    assert sp.expand(first.mean_field.vector_field - second.mean_field.vector_field) == sp.zeros(2, 1)
    assert sp.expand(first.drift.matrix - second.drift.matrix) == sp.zeros(2, 2)
    assert sp.expand(first.diffusion.matrix - second.diffusion.matrix) == sp.zeros(2, 2)
    kappa, nbar = P("kappa"), P("n")
    assert second.diffusion.provenance("X_a", "X_a") == [("Dissipator(a)", sp.expand(kappa * (2 * nbar + 1)))]
    assert second.drift.provenance("Y_a", "Y_a")[-1] == ("Dissipator(a)", -kappa)
    noise = symbols.noise("Dissipator(a)")
    assert sp.expand(second.langevin.rhs["a"] - second.langevin.coherent("a") - sp.sqrt(2 * kappa) * noise) == 0
    values = {"Delta_a": 0.4, "kappa": 0.5, "n": 0.7, "K_a": 0.02, "xi_a": 1.3}
    states = [hs.steady_states(hs.compile(net), hs.compile(net).parameters(values)) for net in (own, jump)]
    np.testing.assert_allclose(states[0].states, states[1].states, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(states[0].covariance, states[1].covariance, rtol=1e-10, atol=1e-12)


def test_shared_bath_closed_forms_of_langevin_drift_and_diffusion():
    """Dissipator(jump="a + exp(I*theta)*m", Γ, n̄), written out by hand: ȧ ∋ −Γ(a + e^{iθ} m)
    + √(2Γ) L_in, ṁ ∋ −Γ e^{−iθ}(a + e^{iθ} m) + √(2Γ) e^{−iθ} L_in; D = Γ(2n̄+1)[[I, R], [Rᵀ, I]],
    R = [[cos θ, −sin θ], [sin θ, cos θ]]."""
    network = Network([hs.Cavity("a", damping=0, detuning=0), hs.Magnon("m", damping=0, detuning=0),
                       hs.Dissipator(jump="a + exp(I*theta)*m", rate="Gamma", occupation="n", label="bath")])
    d = hs.derive(network)
    G, th, n = P("Gamma"), P("theta"), P("n")
    a, m, L = symbols.lowering("a"), symbols.lowering("m"), symbols.noise("bath")
    assert sp.expand(d.langevin.rhs["a"] - (-G * (a + sp.exp(sp.I * th) * m) + sp.sqrt(2 * G) * L)) == 0
    assert sp.expand(d.langevin.rhs["m"] - (-G * (sp.exp(-sp.I * th) * a + m) + sp.sqrt(2 * G) * sp.exp(-sp.I * th) * L)) == 0
    c, s = sp.cos(th), sp.sin(th)
    R = sp.Matrix([[c, -s], [s, c]])
    D = G * (2 * n + 1) * sp.Matrix(sp.BlockMatrix([[sp.eye(2), R], [R.T, sp.eye(2)]]))
    assert sp.simplify(d.diffusion.matrix - D) == sp.zeros(4, 4)
    A = -G * sp.Matrix(sp.BlockMatrix([[sp.eye(2), R], [R.T, sp.eye(2)]]))
    assert sp.simplify(d.drift.matrix - A) == sp.zeros(4, 4)
    assert [label for label, _ in d.drift.provenance("X_a", "X_m")] == ["bath"]
    assert "bath_in" in str(d.langevin)


def test_dissipative_coupling_beside_a_beam_splitter_gives_the_metelmann_clerk_hoppings():
    """ȧ ∋ (−ig − Γe^{iθ}) b and ḃ ∋ (−ig − Γe^{−iθ}) a; at Γ = g, θ = π/2 the a → b hopping vanishes."""
    network = Network([hs.Cavity("a"), hs.Cavity("b"), hs.BeamSplitter("a", "b", g="g"),
                       hs.DissipativeCoupling("a", "b", Gamma="Gamma", phase="theta")])
    amplitudes = hs.derive(network).mean_field.amplitudes
    g, G, th = P("g"), P("Gamma"), P("theta")
    a, b = symbols.amplitude("a"), symbols.amplitude("b")
    assert sp.expand(amplitudes["a"].coeff(b) - (-sp.I * g - G * sp.exp(sp.I * th))) == 0
    assert sp.expand(amplitudes["b"].coeff(a) - (-sp.I * g - G * sp.exp(-sp.I * th))) == 0
    assert amplitudes["b"].coeff(a).subs({G: g, th: sp.pi / 2}) == 0
    assert sp.expand(amplitudes["a"].coeff(a) - (-sp.I * P("Delta_a") - P("kappa_a") - G)) == 0


# -- the shared bath as an eliminated mode ----------------------------------------------------
def _auxiliary_network():
    """Two driven cavities a, b coupled through a damped, detuned, thermal auxiliary
    cavity c: H ∋ g[c†(a + e^{iθ} b) + h.c.], written with real parameters."""
    coupling = hs.Term(hamiltonian="g*(c_dag*a + a_dag*c) + g*cos(theta)*(c_dag*b + b_dag*c) "
                                   "+ I*g*sin(theta)*(c_dag*b - b_dag*c)", label="to c")
    return Network([hs.Cavity("a", detuning="Da", damping="ka"), hs.Cavity("b", detuning="Db", damping="kb"),
                    hs.Cavity("c", detuning="Dc", damping="kc", occupation="n"), coupling, hs.Drive("a", amplitude="xi"),
                    hs.BeamSplitter("a", "b", g="J")])


def test_shared_bath_equals_the_adiabatic_elimination_of_an_auxiliary_mode_at_rate_one_over_kappa_c():
    """With Γ = g²/κ_c fixed, the auxiliary network's steady mean fields and covariance of
    (a, b) converge to the DissipativeCoupling's (occupation n̄_c) as κ_c → ∞, the error
    falling as 1/κ_c (c's response g²/(κ_c + iΔ_c − iω) = Γ(1 + O(Δ_c, ω)/κ_c))."""
    shared = Network([hs.Cavity("a", detuning="Da", damping="ka"), hs.Cavity("b", detuning="Db", damping="kb"),
                      hs.DissipativeCoupling("a", "b", Gamma="Gamma", phase="theta", occupation="n"),
                      hs.Drive("a", amplitude="xi"), hs.BeamSplitter("a", "b", g="J")])
    base = {"Da": 0.3, "Db": -0.2, "ka": 0.2, "kb": 0.35, "theta": 1.2, "xi": 0.8, "J": 0.25, "n": 0.7}
    Gamma = 0.3
    compiled = hs.compile(shared)
    limit = hs.steady_states(compiled, compiled.parameters({**base, "Gamma": Gamma}))
    V_limit, x_limit = limit.covariance[0], limit.states[0]
    auxiliary = hs.compile(_auxiliary_network())
    kc = np.array([40.0, 80.0, 160.0, 320.0])
    run = hs.steady_states(auxiliary, auxiliary.parameters({**base, "kc": kc, "g": np.sqrt(Gamma * kc), "Dc": 0.5}))
    assert np.all(run.stable[:, 0]) and np.all(run.physical[:, 0])
    V = run.covariance[:, 0, :4, :4]
    errors = np.abs(V - V_limit).max(axis=(-1, -2))
    mean_errors = np.abs(run.states[:, 0, :4] - x_limit).max(axis=-1)
    assert errors[-1] < 5e-3 and mean_errors[-1] < 5e-3
    np.testing.assert_allclose(errors[:-1] / errors[1:], 2.0, rtol=0.1)  # first order in 1/κ_c
    np.testing.assert_allclose(mean_errors[:-1] / mean_errors[1:], 2.0, rtol=0.1)
    assert np.all(limit.physical)


# -- a two-mode squeezed input --------------------------------------------------------------
def test_two_mode_squeezed_input_on_resonant_cavities_gives_EN_2r_and_less_with_detuning():
    """Closed form (derived in docs/baths.md): for cavities of equal κ driven by a two-mode
    squeezed vacuum (N = sinh² r, M = −e^{iθ} sinh r cosh r), the steady ⟨a†a⟩ = ⟨b†b⟩ = N
    and ⟨ab⟩ = 2κM/(2κ + i(Δ_a + Δ_b)), so E_N = −ln(2N + 1 − 2|⟨ab⟩|)
    = −ln(cosh 2r − sinh 2r · 2κ/|2κ + i(Δ_a + Δ_b)|): 2r on resonance (and for Δ_b = −Δ_a),
    less with a common detuning."""
    network = Network([hs.Cavity("a", damping="kappa", detuning="Da"), hs.Cavity("b", damping="kappa", detuning="Db"),
                       hs.TwoModeSqueezedBath("a", "b", r="r", phase="theta")])
    compiled = hs.compile(network)
    r = np.array([0.2, 0.6, 1.0])[:, None]
    Da = np.array([0.0, 0.3, 0.3, 0.7])
    Db = np.array([0.0, 0.3, -0.3, 0.1])
    kappa = 0.5
    params = compiled.parameters({"kappa": kappa, "r": r, "theta": 0.4, "Da": Da, "Db": Db})
    V = steady_covariance(compiled.drift(params, np.zeros(params.shape[:-1] + (4,))), compiled.diffusion(params))
    expected = -np.log(np.cosh(2 * r) - np.sinh(2 * r) * 2 * kappa / np.abs(2 * kappa + 1j * (Da + Db)))
    np.testing.assert_allclose(log_negativity(V, 0, 1), expected, rtol=1e-10)
    np.testing.assert_allclose(log_negativity(V, 0, 1)[:, 0], 2 * r[:, 0], rtol=1e-10)
    np.testing.assert_allclose(log_negativity(V, 0, 1)[:, 2], 2 * r[:, 0], rtol=1e-10)
    assert np.all(log_negativity(V, 0, 1)[:, 1] < 2 * r[:, 0])
    assert np.all(is_physical(V))


def test_two_mode_squeezed_bath_diffusion_closed_form():
    """D = B (C_in − ½) Bᵀ + the modes' vacuum κ_j I, with B = ⊕√(2κ_j) and, for θ = 0,
    ⟨X_a X_b⟩_in = −(n̄+½) sinh 2r = −⟨Y_a Y_b⟩_in."""
    network = Network([hs.Cavity("a", damping="ka"), hs.Cavity("b", damping="kb"),
                       hs.TwoModeSqueezedBath("a", "b", r="r", occupation="n")])
    D = hs.derive(network).diffusion.matrix
    ka, kb, r, n = P("ka"), P("kb"), P("r"), P("n")
    cross = (2 * n + 1) * sp.sqrt(ka) * sp.sqrt(kb) * sp.sinh(2 * r)
    expected = sp.Matrix([
        [ka * (2 * n + 1) * sp.cosh(2 * r), 0, -cross, 0],
        [0, ka * (2 * n + 1) * sp.cosh(2 * r), 0, cross],
        [-cross, 0, kb * (2 * n + 1) * sp.cosh(2 * r), 0],
        [0, cross, 0, kb * (2 * n + 1) * sp.cosh(2 * r)],
    ])
    assert sp.simplify(D - expected) == sp.zeros(4, 4)


def test_gaussian_bath_on_one_mode_equals_the_modes_squeezed_bath():
    """GaussianBath(N = n̄ cosh 2r + sinh² r, M = −(n̄+½) e^{iθ} sinh 2r) = Cavity(squeezing=r, ...)."""
    r, theta, nbar = 0.45, 0.8, 0.3
    N = nbar * np.cosh(2 * r) + np.sinh(r) ** 2
    M = complex(-(nbar + 0.5) * np.exp(1j * theta) * np.sinh(2 * r))
    own = Network([hs.Cavity("a", damping="kappa", occupation=nbar, squeezing=r, squeezing_phase=theta)])
    bath = Network([hs.Cavity("a", damping="kappa"), hs.GaussianBath(["a"], N=[[float(N)]], M=[[f"{M.real!r} + {M.imag!r}*I"]])])
    values = {"kappa": 0.6, "Delta_a": 0.2}
    for first, second in [(hs.derive(own).diffusion.matrix, hs.derive(bath).diffusion.matrix),
                          (hs.derive(own).drift.matrix, hs.derive(bath).drift.matrix)]:
        np.testing.assert_allclose(_numeric_matrix(first, values), _numeric_matrix(second, values), atol=1e-12)


# -- every route ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(4))
def test_drift_equals_jacobian_of_mean_field_in_random_networks_with_dissipators(seed):
    rng = np.random.default_rng(300 + seed)
    network = random_network(rng, n_modes=2 + seed % 2)
    names = network.mode_names
    extra = [hs.DissipativeCoupling(names[0], names[1], Gamma="G01", phase="th01"),
             hs.Dissipator(jump=f"{names[0]} + exp(I*phi)*{names[-1]}_dag", rate="Gd", occupation="nd")]
    assert_drift_is_jacobian(hs.compile(network + extra), rng, points=20)


def test_steady_states_trajectories_and_sweeps_see_the_dissipators():
    """The linearized trajectory relaxes to the steady state's mean and covariance, which is
    physical (V + iΩ/2 ⪰ 0) and satisfies the Lyapunov equation."""
    network = Network([hs.Cavity("a"), hs.Magnon("m"), hs.Drive("a"), hs.Kerr("a"), hs.BeamSplitter("a", "m"),
                       hs.DissipativeCoupling("a", "m", Gamma="Gamma", phase="theta", occupation="n"),
                       hs.TwoModeSqueezedBath("a", "m", r="r")])
    compiled = hs.compile(network)
    values = {"Delta_a": 0.5, "kappa_a": 0.3, "Delta_m": -0.2, "kappa_m": 0.25, "xi_a": 0.6, "K_a": 0.01,
              "g_a_m": 0.3, "Gamma": 0.2, "theta": 0.9, "n": 0.4, "r": 0.5}
    params = compiled.parameters(values)
    steady = hs.steady_states(compiled, params)
    (k,) = np.flatnonzero(steady.stable)
    assert steady.physical[k] and steady.residual[k] < 1e-12
    run = hs.simulate(compiled, params, periods=12, samples_per_period=4, initial=hs.InitialState(fluctuations="vacuum"))
    np.testing.assert_allclose(run.mean[-1], steady.states[k], atol=1e-6)
    np.testing.assert_allclose(run.covariance[-1], steady.covariance[k], atol=1e-6)


def test_model_file_sweep_and_show_of_a_two_mode_squeezed_input(tmp_path):
    """A model file with a two-mode squeezed bath: it loads, ``hybridsys show`` lists the
    bath and its D block, and a steady sweep of E_N over r gives 2r (resonant cavities)."""
    network = Network([hs.Cavity("a", detuning=0, damping="kappa"), hs.Cavity("b", detuning=0, damping="kappa"),
                       hs.TwoModeSqueezedBath("a", "b", r="r"), hs.DissipativeCoupling("a", "b", Gamma="Gamma", phase=0.3)])
    model = Model("tms", network, {"p": ParameterSet("p", {"kappa": 0.5, "r": 0.3, "Gamma": 0.0}, 1e6)}, "p",
                  synchronize=("a", "b"))
    path = tmp_path / "tms.toml"
    path.write_text(model.to_toml())
    loaded = load_model(path)
    assert loaded.network == network
    result = hs.sweep(loaded, over={"r": np.array([0.2, 0.5, 0.9])}, measure="E_N", regime="steady", progress=False)
    np.testing.assert_allclose(result["E_N"], 2 * np.array([0.2, 0.5, 0.9]), rtol=1e-9)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["show", str(path), "--langevin", "--diffusion"])
    text = out.getvalue()
    assert code == 0
    assert "TwoModeSqueezedBath(a, b): kappa*cosh(2*r) - kappa" in text and "DissipativeCoupling(a, b)_in" in text


def test_wigner_samples_the_exact_covariance_of_a_linear_network_with_correlated_noise():
    """Truncated Wigner on two cavities sharing a thermal bath and a two-mode squeezed
    input (noise correlated across modes): moments within their errors of the exact ones."""
    network = Network([hs.Cavity("a"), hs.Cavity("b"), hs.Drive("a"), hs.BeamSplitter("a", "b"),
                       hs.DissipativeCoupling("a", "b", Gamma="Gamma", phase="theta", occupation="n"),
                       hs.TwoModeSqueezedBath("a", "b", r="r", phase="phi")])
    compiled = hs.compile(network)
    params = compiled.parameters({"Delta_a": 0.6, "kappa_a": 0.3, "Delta_b": -0.4, "kappa_b": 0.4, "xi_a": 0.7,
                                  "g_a_b": 0.2, "Gamma": 0.25, "theta": 0.8, "n": 0.5, "r": 0.6, "phi": 0.3})
    start = hs.InitialState(fluctuations="vacuum")
    exact = hs.simulate(compiled, params, periods=2, samples_per_period=4, initial=start,
                        accuracy=hs.Accuracy(rtol=1e-9, atol=1e-12))
    wigner = hs.simulate(compiled, params, periods=2, samples_per_period=4, initial=start, method="wigner",
                         trajectories=4000, seed=5, steps_per_period=200)
    rows, cols = np.triu_indices(4)
    V = wigner.estimate(lambda m, V: V[..., rows, cols])
    z = (V.value - exact.covariance[..., rows, cols]) / V.error
    assert not np.allclose(exact.covariance[-1], exact.covariance[0])
    assert np.max(np.abs(z[1:])) < 5 and np.mean(np.abs(z[1:]) < 2) > 0.8
    assert abs(exact.covariance[-1][0, 2]) > 0.05  # the noise is correlated across the modes


# -- non-linear jumps -------------------------------------------------------------------------
def test_a_nonlinear_jump_is_kept_for_the_master_route_and_refused_by_the_gaussian_ones():
    loss = hs.Dissipator(jump="b*b", rate="eta", label="two-phonon loss")
    network = Network([hs.Phonon("b"), loss])
    (term,) = loss.dissipators(hs.derive(network).context)
    assert term[1] == symbols.lowering("b") ** 2
    for route in ("langevin", "drift", "diffusion", "wigner"):
        with pytest.raises(NetworkError, match="two-phonon loss.*not linear"):
            getattr(hs.derive(network), route)
    with pytest.raises(NetworkError, match="two-phonon loss"):
        hs.compile(network)


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize("make, error, message", [
    (lambda: hs.Dissipator(jump="a +* b", label="L"), ParameterError, "L.jump: cannot parse"),
    (lambda: hs.Dissipator(jump="a", rate=-1.0, label="L"), ParameterError, "L.rate"),
    (lambda: hs.Dissipator(jump="a", occupation=-0.5, label="L"), ParameterError, "L.occupation"),
    (lambda: hs.Dissipator(jump="a", rate=float("nan"), label="L"), ParameterError, "L.rate"),
    (lambda: hs.Dissipator(jump="2*theta + sin(theta)", label="L"), ParameterError, "theta"),
    (lambda: hs.Dissipator(jump="1", label="L"), ParameterError, "no ladder operator"),
    (lambda: hs.DissipativeCoupling("a", "b", phase=float("inf")), ParameterError, r"DissipativeCoupling\(a, b\).phase"),
    (lambda: hs.DissipativeCoupling("a", "b", Gamma=-0.1), ParameterError, r"DissipativeCoupling\(a, b\).Gamma"),
    (lambda: hs.TwoModeSqueezedBath("a", "b", r=-0.3), ParameterError, r"TwoModeSqueezedBath\(a, b\).r"),
    (lambda: hs.TwoModeSqueezedBath("a", "b", occupation=-1), ParameterError, r"TwoModeSqueezedBath\(a, b\).occupation"),
    (lambda: hs.GaussianBath(["a", "b"], N=[[0.1, 0], [0, 0.1]], M=[[0, 0.5], [0.5, 0]]), ParameterError, "not physical"),
    (lambda: hs.GaussianBath(["a"], N=[[-0.1]], M=[[0]]), ParameterError, "not physical"),
    (lambda: hs.GaussianBath(["a", "b"], N=[[0.1, 0.2], [0, 0.1]], M=[[0, 0], [0, 0]]), ParameterError, "not Hermitian"),
    (lambda: hs.GaussianBath(["a", "b"], N=[[0, 0], [0, 0]], M=[[0, 0.1], [0.2, 0]]), ParameterError, "not symmetric"),
    (lambda: hs.GaussianBath(["a"], N=[[float("nan")]], M=[[0]]), ParameterError, r"GaussianBath\(a\).N\[0\]\[0\]"),
    (lambda: hs.GaussianBath(["a", "b"], N=[["n", "I*x"], ["I*x", "n"]], M=[[0, 0], [0, 0]]), ParameterError, "not Hermitian"),
    (lambda: hs.GaussianBath(["a"], N=[[0, 1]], M=[[0]]), ParameterError, "1×1 matrix"),
])
def test_bad_components_are_clear_errors_naming_the_component(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("components, message", [
    ([hs.Cavity("a"), hs.Dissipator(jump="a + c", label="L")], "L: its jump 'a \\+ c' uses mode 'c'"),
    ([hs.Cavity("a"), hs.Cavity("b"), hs.Dissipator(jump="exp(I*a)*b", label="L")], "'a' is a mode of the network"),
    ([hs.Cavity("a"), hs.DissipativeCoupling("a", "z")], "mode2 'z' is not a mode"),
    ([hs.Cavity("a"), hs.DissipativeCoupling("a", "a")], "distinct"),
    ([hs.Cavity("a"), hs.Cavity("b"), hs.Cavity("c"), hs.TwoModeSqueezedBath("a", "b"), hs.TwoModeSqueezedBath("b", "c")],
     "both set the input noise of mode 'b'"),
    ([hs.Cavity("a", occupation=0.5), hs.Cavity("b"), hs.TwoModeSqueezedBath("a", "b")], "must be the vacuum"),
    ([hs.Cavity("a"), hs.Phonon("b", occupation=0, damping_model="brownian"), hs.TwoModeSqueezedBath("a", "b")],
     "symmetric damping"),
    ([hs.Cavity("a"), hs.GaussianBath(["a", "q"], N=[[0, 0], [0, 0]], M=[[0, 0], [0, 0]])], "mode 'q' is not a mode"),
])
def test_bad_networks_are_clear_errors_naming_the_component(components, message):
    with pytest.raises(NetworkError, match=message):
        Network(components)


# -- model files and listings ---------------------------------------------------------------
def test_model_file_round_trip_and_listings():
    network = Network([
        hs.Cavity("a"), hs.Cavity("b"), hs.Cavity("c"), hs.Cavity("d"),
        hs.Dissipator(jump="a + exp(I*phi)*b", rate="Gamma", occupation=0.2, label="shared"),
        hs.DissipativeCoupling("b", "c", phase=0.5),
        hs.TwoModeSqueezedBath("a", "b", r=0.3),
        hs.GaussianBath(["c", "d"], N=[[0.1, 0], [0, 0.2]], M=[[0, "0.05*I"], ["0.05*I", 0]], label="jpa"),
    ])
    data = network.to_data()
    assert [c["type"] for c in data["couplings"]] == ["dissipator", "dissipative_coupling", "two_mode_squeezed_bath", "gaussian_bath"]
    again = Network.from_data(data)
    assert again == network
    assert hs.derive(again).diffusion.matrix == hs.derive(network).diffusion.matrix
    listing = network.describe()
    assert "jump: a + exp(I*phi)*b" in listing and "two_mode_squeezed_bath" in listing
    assert set(network.graph.edges()) >= {("a", "b"), ("b", "c"), ("c", "d")}


def test_model_file_with_an_unknown_key_or_bad_jump_is_a_clear_error():
    with pytest.raises(NetworkError, match="dissipator.*unknown key"):
        Network.from_data({"modes": [{"type": "cavity", "name": "a"}],
                           "couplings": [{"type": "dissipator", "jump": "a", "strength": 1}]})
    with pytest.raises(HybridsysError, match="couplings\\[0\\].*cannot parse"):
        Network.from_data({"modes": [{"type": "cavity", "name": "a"}], "couplings": [{"type": "dissipator", "jump": "a+"}]})


def test_rates_occupations_and_squeezing_given_as_expressions_are_checked_at_every_point():
    network = Network([hs.Cavity("a"), hs.Cavity("b"), hs.Dissipator(jump="a - b", rate="x - y", occupation="n - 1", label="L"),
                       hs.TwoModeSqueezedBath("a", "b", r="s - 1")])
    compiled = hs.compile(network)
    good = {"Delta_a": 0.1, "kappa_a": 0.2, "Delta_b": 0.0, "kappa_b": 0.3, "x": 1.0, "y": 0.5, "n": 1.5, "s": 1.2}
    compiled.parameters(good)
    for change, where in [({"y": np.array([0.2, 1.5])}, "L.rate"), ({"n": 0.5}, "L.occupation"),
                          ({"s": 0.5}, r"TwoModeSqueezedBath\(a, b\).r")]:
        with pytest.raises(ParameterError, match=where):
            compiled.parameters({**good, **change})


def test_a_gaussian_bath_of_parameters_is_checked_physical_at_every_point():
    """N = n, M_12 = −m e^{iθ}: a two-mode squeezed vacuum at n = sinh² r, m = sinh r cosh r
    (on the edge of physical: E_N = 2r on resonance), refused, naming the point, where
    m² > n(n + 1)."""
    network = Network([hs.Cavity("a", detuning=0), hs.Cavity("b", detuning=0),
                       hs.GaussianBath(["a", "b"], N=[["n", 0], [0, "n"]], M=[[0, "-m*exp(I*theta)"], ["-m*exp(I*theta)", 0]])])
    compiled = hs.compile(network)
    r = np.array([0.1, 0.5, 1.0])
    values = {"kappa_a": 0.5, "kappa_b": 0.5, "n": np.sinh(r) ** 2, "m": np.sinh(r) * np.cosh(r), "theta": 0.3}
    V = hs.covariance_at(compiled, compiled.parameters(values), np.zeros(4))
    np.testing.assert_allclose(log_negativity(V, 0, 1), 2 * r, rtol=1e-9)
    with pytest.raises(ParameterError, match=r"GaussianBath\(a, b\).*not positive semidefinite at point \(1,\)"):
        compiled.parameters({**values, "m": np.array([0.1, 2.0, 0.1])})
    assert "positivity" not in hs.compile(Network([hs.Cavity("a")])).meta


def test_a_weight_under_a_root_in_a_jump_must_be_nonnegative():
    """sqrt(eta) in a jump: eta is a weight (>= 0), so that the conjugate of sqrt(eta) is itself."""
    network = Network([hs.Cavity("a"), hs.Cavity("b"), hs.Dissipator(jump="a + sqrt(eta)*exp(I*phi)*b", rate="G", label="L")])
    quantities = {p.name: p.quantity for p in network.parameters}
    assert quantities["eta"] == "weight" and quantities["phi"] == "dimensionless"
    A = hs.derive(network).drift.matrix
    assert not A.has(sp.conjugate) and sp.expand(A[2, 2] + P("G") * P("eta") + P("kappa_b")) == 0
    compiled = hs.compile(network)
    with pytest.raises(ParameterError, match="eta"):
        compiled.parameters({"Delta_a": 0, "kappa_a": 1, "Delta_b": 0, "kappa_b": 1, "G": 1, "eta": -0.5, "phi": 0})


def test_the_network_with_dissipators_draws():
    pytest.importorskip("matplotlib")
    network = Network([hs.Cavity("a"), hs.Magnon("m"), hs.DissipativeCoupling("a", "m"), hs.Dissipator(jump="a", label="loss")])
    assert network._repr_png_()[:4] == b"\x89PNG"
