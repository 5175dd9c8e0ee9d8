"""A network's master equation as QuTiP operators on a truncated Fock space.

The same declaration that gives the Langevin equations gives the master equation
(ħ = 1, the frame of the drives, amplitude rates):

    dρ/dt = −i[H, ρ] + Σ_terms w (L ρ K† − ½{K†L, ρ}),

H the derivation's normally ordered polynomial ``derive(network).hamiltonian.expr`` and
(w, L, K) every component's :meth:`~hybridsys.model.components.Component.dissipators`
(a mode damped at κ with occupation n̄ gives 2κ(n̄+1) D[o] + 2κn̄ D[o†],
:mod:`hybridsys.model.baths`). A normally ordered monomial o†ˡ oᵏ of the commuting
ladder symbols becomes create^l destroy^k on modes truncated to Fock states
0 … N_o − 1: exact for every matrix element between states below N_o − max(k, l).

**Collapse operators.** Constant parts of L or K are Hamiltonian terms
(w(L'ρ k₀* + l₀ ρK'† …) = −i[(iw/2)(k₀* L' − l₀ K'†), ρ]); the rest is a matrix
W_mn of weights over the distinct monomials F_m = o†ˡoᵏ (L = Σ l_m F_m, K = Σ k_n F_n
add w l_m k_n* to W_mn, so that terms of several components on the same operator add
up, negative weights included), which must be Hermitian and positive semidefinite (the
generator is then of Lindblad form); its eigenvectors give the collapse operators
c = √λ Σ_m u_m F_m.

**Memory.** Before anything is built, :func:`memory_estimate` bounds the Liouvillian's
nonzeros: every product of ladder powers has at most d = Π N_o nonzeros, so with T_H
monomials in H and T_c in collapse operator c, nnz ≤ d² (2 T_H + 3 Σ_c T_c²). The
estimate is 24 bytes a nonzero times :data:`SOLVER_OVERHEAD` (copies while building,
the solvers' factorization or work vectors), and a conversion that would not fit in
the memory available (``MemAvailable`` of /proc/meminfo) is refused naming the cutoffs.

QuTiP is an optional dependency (``pip install "hybridsys[quantum]"``), imported only here.
"""

from __future__ import annotations

from functools import lru_cache
from math import prod
from typing import Mapping

import attrs
import numpy as np
import sympy as sp

from ..errors import HybridsysError, ParameterError
from ..model import symbols
from ..model.baths import NotLindblad
from ..model.conventions import BROWNIAN
from ..model.symbols import TIME
from ..model.modelfile import Model
from ..model.network import Network
from ..symbolic.derivation import Derivation, derive

INSTALL = 'pip install "hybridsys[quantum]"'
#: How many times the Liouvillian's own size a build and a solve take at most (copies
#: while summing terms, the sparse LU of the steady state, the integrator's vectors).
SOLVER_OVERHEAD = 12
#: Bytes a nonzero of a complex CSR matrix takes (value and column index, 64-bit).
BYTES_PER_NONZERO = 24


class QutipMissing(HybridsysError, ImportError):
    """QuTiP, needed by the master-equation route, is not installed."""


class CutoffError(ParameterError):
    """Fock-space cutoffs that are missing, invalid, or too large for memory."""


def import_qutip():
    """The qutip module, or a :class:`QutipMissing` saying how to install it."""
    try:
        import qutip
    except ImportError:
        raise QutipMissing(f"the master-equation route needs QuTiP 5, which is not installed: {INSTALL}") from None
    return qutip


# -- the symbolic part: once per derivation ---------------------------------------------
@attrs.frozen
class Polynomial:
    """A normally ordered polynomial: coefficients (indices into the conversion's
    coefficient vector) and monomials, exponents (k_1, l_1, k_2, l_2, ...) of
    (o_1, o_1†, o_2, o_2†, ...)."""

    expr: sp.Expr
    slots: tuple[int, ...]
    monomials: tuple[tuple[int, ...], ...]


@attrs.frozen
class Term:
    """One dissipator term (w, L, K) of component ``label``: w's slot and L, K."""

    label: str
    weight: int
    L: Polynomial
    K: Polynomial


@attrs.frozen
class Conversion:
    """Everything symbolic about a network's master equation, evaluated by
    :meth:`coefficients` at a parameter point (one lambdified function)."""

    modes: tuple[str, ...]
    parameters: tuple[sp.Symbol, ...]
    hamiltonian: Polynomial
    terms: tuple[Term, ...]
    evaluate: object
    approximated: tuple[str, ...]
    #: (slot, f(parameters..., t)) of every Hamiltonian coefficient that depends on time t
    modulation: tuple[tuple[int, object], ...] = ()

    @property
    def time_dependent(self) -> bool:
        return bool(self.modulation)

    def modulated(self, values: Mapping[str, object]) -> tuple[tuple[int, object], ...]:
        """(slot, c(t)) of every time-dependent Hamiltonian coefficient at ``values``: the
        coefficient as a function of time alone, in QuTiP's ``f(t)`` form."""
        numbers = self._numbers(values)
        return tuple((slot, lambda t, f=f: complex(f(*numbers, t))) for slot, f in self.modulation)

    def coefficients(self, values: Mapping[str, object]) -> np.ndarray:
        """Every coefficient at ``values`` (time-dependent ones at t = 0)."""
        return np.asarray(self.evaluate(*self._numbers(values), 0.0), dtype=complex).reshape(-1)

    def _numbers(self, values: Mapping[str, object]) -> list:
        names = [p.name for p in self.parameters]
        unknown = sorted(set(values) - set(names))
        missing = [n for n in names if n not in values]
        if unknown or missing:
            raise ParameterError(f"to_qutip: missing value(s) for {missing} and unknown parameter(s) {unknown}; "
                                 f"the network's parameters are {names}")
        numbers = []
        for name in names:
            value = complex(np.asarray(values[name]).reshape(()))
            if not np.isfinite(value):
                raise ParameterError(f"to_qutip: parameter {name!r} is {value}, not a finite number")
            numbers.append(value.real if value.imag == 0 else value)
        return numbers


def _polynomial(expr: sp.Expr, modes: tuple[str, ...], coefficients: list) -> Polynomial:
    gens = [g for m in modes for g in (symbols.lowering(m), symbols.raising(m))]
    expr = sp.expand(sp.sympify(expr))
    slots, monomials = [], []
    for monomial, coefficient in sp.Poly(expr, *gens).terms() if expr != 0 else ():
        slots.append(len(coefficients))
        coefficients.append(coefficient)
        monomials.append(tuple(int(e) for e in monomial))
    return Polynomial(expr, tuple(slots), tuple(monomials))


def _dissipators(component, context, brownian: str) -> tuple[tuple, bool]:
    """The component's (w, L, K) terms, and whether they are an approximation."""
    try:
        return tuple(component.dissipators(context)), False
    except NotLindblad as exc:
        if brownian != "lindblad":
            raise
        return tuple(exc.approximation), True


@lru_cache(maxsize=64)
def conversion(derivation: Derivation, brownian: str = "refuse") -> Conversion:
    """The symbolic conversion of ``derivation`` (cached): every component's
    dissipators read alike; ``brownian="lindblad"`` takes the standard Lindblad
    approximation of a damping that has no Lindblad form (:class:`NotLindblad`)."""
    if brownian not in BROWNIAN:
        raise ParameterError(f"brownian must be one of {BROWNIAN}, got {brownian!r}")
    modes = tuple(m.name for m in derivation.network.modes)
    coefficients: list = []
    hamiltonian = _polynomial(derivation.hamiltonian.expr, modes, coefficients)
    terms, approximated = [], []
    for component in derivation.network.components:
        found, approximate = _dissipators(component, derivation.context, brownian)
        if approximate:
            approximated.append(component.label)
        for w, L, K in found:
            slot = len(coefficients)
            coefficients.append(sp.sympify(w))
            terms.append(Term(component.label, slot, _polynomial(L, modes, coefficients), _polynomial(K, modes, coefficients)))
    parameters = tuple(p.symbol for p in derivation.network.parameters)
    evaluate = sp.lambdify(parameters + (TIME,), coefficients, modules="numpy")
    modulation = tuple((slot, sp.lambdify(parameters + (TIME,), coefficients[slot], modules="numpy"))
                       for slot in hamiltonian.slots if symbols.depends_on_time(coefficients[slot]))
    return Conversion(modes, parameters, hamiltonian, tuple(terms), evaluate, tuple(approximated), modulation)


# -- cutoffs and memory ------------------------------------------------------------------
def check_cutoffs(modes: tuple[str, ...], cutoffs: Mapping[str, object]) -> tuple[int, ...]:
    """The cutoff N_o (Fock states 0 … N_o − 1) of every mode, in mode order; a
    :class:`CutoffError` naming the mode where one is missing, unknown or not an integer >= 2."""
    if not isinstance(cutoffs, Mapping):
        raise CutoffError(f"cutoffs must be a mapping mode -> number of Fock states, e.g. {{{modes[0]!r}: 10}}, got {cutoffs!r}")
    unknown = sorted(set(cutoffs) - set(modes))
    if unknown:
        raise CutoffError(f"cutoffs given for {unknown}, which are not modes of the network; the modes are {list(modes)}")
    out = []
    for mode in modes:
        if mode not in cutoffs:
            raise CutoffError(f"mode {mode!r} has no cutoff: give cutoffs={{{mode!r}: N, ...}} (N Fock states 0 … N−1) for every mode {list(modes)}")
        value = cutoffs[mode]
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
            raise CutoffError(f"mode {mode!r}: the cutoff must be a whole number of Fock states >= 2, got {value!r}")
        out.append(int(value))
    return tuple(out)


def available_memory() -> int:
    """Bytes of memory available now (``MemAvailable`` of /proc/meminfo; 8 GiB where unreadable)."""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 8 << 30


def memory_estimate(conv: Conversion, dims: tuple[int, ...]) -> int:
    """Bytes a Liouvillian of this conversion on Fock spaces ``dims`` may take to build and
    solve: the bound of the module docstring times :data:`SOLVER_OVERHEAD`."""
    d = prod(dims)
    collapse = sum(len(t.L.monomials) * len(t.K.monomials) for t in conv.terms)
    nonzeros = d * d * (2 * len(conv.hamiltonian.monomials) + 3 * collapse + 1)
    return BYTES_PER_NONZERO * SOLVER_OVERHEAD * nonzeros


def check_memory(conv: Conversion, dims: tuple[int, ...]) -> None:
    need, have = memory_estimate(conv, dims), available_memory()
    if need > have:
        cut = ", ".join(f"{m}: {n}" for m, n in zip(conv.modes, dims))
        raise CutoffError(
            f"the master equation with cutoffs {{{cut}}} (Hilbert space d = {prod(dims)}, Liouvillian d² × d² = "
            f"{prod(dims) ** 2} × {prod(dims) ** 2}) may need {need / 2**30:.3g} GiB, more than the {have / 2**30:.3g} GiB "
            "available: lower the cutoffs (a mode's cutoff needs only cover the Fock states it populates)"
        )


# -- the numeric part ------------------------------------------------------------------------
@attrs.frozen
class QutipModel:
    """A network's master equation at one parameter point: ``H`` and ``c_ops`` (QuTiP
    ``Qobj`` on the truncated space of ``dims``), the modes, and which components
    entered through an approximation (``approximated``)."""

    modes: tuple[str, ...]
    dims: tuple[int, ...]
    H: object
    c_ops: tuple
    approximated: tuple[str, ...]
    conversion: Conversion = attrs.field(repr=False)

    @property
    def cutoffs(self) -> dict[str, int]:
        return dict(zip(self.modes, self.dims))

    def liouvillian(self):
        """The superoperator L with dρ/dt = L ρ."""
        return import_qutip().liouvillian(self.H, list(self.c_ops))

    def operator(self, polynomial: sp.Expr):
        """A normally ordered polynomial in the ladder symbols (numbers for
        coefficients) as an operator on the truncated space."""
        coefficients: list = []
        poly = _polynomial(polynomial, self.modes, coefficients)
        return _operator(poly, np.asarray([complex(c) for c in coefficients]), self.dims)

    def lowering(self, mode: str):
        """The annihilation operator of ``mode``."""
        return self.operator(symbols.lowering(mode))


@lru_cache(maxsize=256)
def _ladder_power(n: int, create: int, destroy: int):
    """create^l destroy^k on one mode of n Fock states (scipy CSR)."""
    import scipy.sparse as sps

    a = sps.diags(np.sqrt(np.arange(1, n)), 1, shape=(n, n), format="csr", dtype=complex)
    out = sps.identity(n, dtype=complex, format="csr")
    for _ in range(create):
        out = out @ a.T.tocsr()
    for _ in range(destroy):
        out = out @ a
    return out.tocsr()


def _operator(poly: Polynomial, coefficients: np.ndarray, dims: tuple[int, ...]):
    import scipy.sparse as sps

    qutip = import_qutip()
    d = prod(dims)
    total = sps.csr_matrix((d, d), dtype=complex)
    for slot, monomial in zip(poly.slots, poly.monomials):
        factor = sps.identity(1, dtype=complex, format="csr")
        for k, n in enumerate(dims):
            factor = sps.kron(factor, _ladder_power(n, monomial[2 * k + 1], monomial[2 * k]), format="csr")
        total = total + coefficients[slot] * factor
    return qutip.Qobj(total, dims=[list(dims), list(dims)])


def _constant(poly: Polynomial, coefficients: np.ndarray) -> complex:
    zero = tuple(0 for _ in poly.monomials[0]) if poly.monomials else None
    return sum((coefficients[s] for s, m in zip(poly.slots, poly.monomials) if m == zero), 0j)


def _without_constant(poly: Polynomial) -> Polynomial:
    keep = [(s, m) for s, m in zip(poly.slots, poly.monomials) if any(m)]
    return Polynomial(poly.expr, tuple(s for s, _ in keep), tuple(m for _, m in keep))


def _lindblad_form(conv: Conversion, coefficients: np.ndarray, dims: tuple[int, ...]):
    """(H correction, collapse operators) of the dissipator terms (module docstring). The
    weight matrix is over the distinct monomials F_m (o†ˡoᵏ): a term (w, L, K) with
    L = Σ l_m F_m, K = Σ k_n F_n adds w l_m k_n* to W_mn, so that the same operator written
    with different factors (√(2κ)·o in one component, o in another) adds up."""
    qutip = import_qutip()
    monomials: dict = {}
    weights: dict = {}
    correction = qutip.qzero(list(dims))
    for term in conv.terms:
        w = coefficients[term.weight]
        L, K = _without_constant(term.L), _without_constant(term.K)
        l0, k0 = _constant(term.L, coefficients), _constant(term.K, coefficients)
        if L.monomials and k0 != 0:
            correction = correction + (0.5j * w * np.conj(k0)) * _operator(L, coefficients, dims)
        if K.monomials and l0 != 0:
            correction = correction - (0.5j * w * l0) * _operator(K, coefficients, dims).dag()
        for ls, lm in zip(L.slots, L.monomials):
            for ks, km in zip(K.slots, K.monomials):
                key = (monomials.setdefault(lm, len(monomials)), monomials.setdefault(km, len(monomials)))
                weights[key] = weights.get(key, 0) + w * coefficients[ls] * np.conj(coefficients[ks])
    W = np.zeros((len(monomials), len(monomials)), dtype=complex)
    for (j, k), w in weights.items():
        W[j, k] += w
    scale = max(np.abs(W).max(initial=0.0), 1e-300)
    if np.abs(W - W.conj().T).max(initial=0.0) > 1e-10 * scale:
        raise ParameterError(f"the dissipators of {sorted({t.label for t in conv.terms})} do not form a Hermitian "
                             f"weight matrix (w of (L, K) must be the conjugate of w of (K, L)): not a master equation")
    values, vectors = np.linalg.eigh(W) if len(W) else (np.zeros(0), np.zeros((0, 0)))
    if values.size and values.min() < -1e-10 * scale:
        raise ParameterError(f"the dissipators of {sorted({t.label for t in conv.terms})} are not completely positive "
                             f"(weight matrix eigenvalue {values.min():.3g} < 0): not a Lindblad master equation")
    unit = np.ones(1, dtype=complex)
    basis = [_operator(Polynomial(sp.Integer(0), (0,), (m,)), unit, dims) for m in monomials]
    c_ops = []
    for lam, u in zip(values, vectors.T):
        if lam > 1e-14 * scale:
            c_ops.append(np.sqrt(lam) * sum((u[j] * basis[j] for j in range(len(basis)) if u[j] != 0), 0 * basis[0]))
    return correction, tuple(c_ops)


def to_qutip(source, values: Mapping[str, object] | None = None, cutoffs: Mapping[str, int] | None = None,
             brownian: str = "refuse", convention: str = "exact") -> QutipModel:
    """The master equation of ``source`` (a network, a model file's model or a
    derivation) at the parameter ``values`` (name → number; a model's default set
    if None), on Fock spaces cut at ``cutoffs`` (mode → number of Fock states, one per
    mode). ``brownian="lindblad"`` takes the standard Lindblad approximation of
    Brownian damping (:mod:`hybridsys.model.baths`), which is refused otherwise."""
    import_qutip()
    derivation = _derivation(source, convention)
    if values is None:
        if not isinstance(source, Model):
            raise ParameterError("to_qutip: give the parameter values (name -> number)")
        values = source.values()
    conv = conversion(derivation, brownian)
    dims = check_cutoffs(conv.modes, cutoffs if cutoffs is not None else {})
    check_memory(conv, dims)
    return build(conv, conv.coefficients(values), dims, conv.modulated(values))


def build(conv: Conversion, coefficients: np.ndarray, dims: tuple[int, ...], modulated=()) -> QutipModel:
    """The operators of ``conv`` at evaluated ``coefficients`` on Fock spaces ``dims``;
    with ``modulated`` (:meth:`Conversion.modulated`) H is QuTiP's time-dependent
    ``QobjEvo``: the static monomials, then [monomial, c(t)] for each modulated one."""
    moving = dict(modulated)
    keep = [(s, m) for s, m in zip(conv.hamiltonian.slots, conv.hamiltonian.monomials) if s not in moving]
    static = Polynomial(conv.hamiltonian.expr, tuple(s for s, _ in keep), tuple(m for _, m in keep))
    H = _operator(static, coefficients, dims)
    correction, c_ops = _lindblad_form(conv, coefficients, dims)
    H = H + correction
    checked = [H]
    if moving:
        qutip = import_qutip()
        unit = np.ones(1, dtype=complex)
        parts = [[_operator(Polynomial(sp.Integer(0), (0,), (m,)), unit, dims), moving[s]]
                 for s, m in zip(conv.hamiltonian.slots, conv.hamiltonian.monomials) if s in moving]
        H = qutip.QobjEvo([H, *parts])
        checked = [H(t) for t in (0.0, 0.37, 1.91)]
    for at in checked:
        if (at - at.dag()).norm("max") > 1e-9 * max(at.norm("max"), 1.0):
            raise ParameterError("the Hamiltonian is not Hermitian at these values (a complex parameter where a real one belongs?)")
    return QutipModel(conv.modes, dims, H, c_ops, conv.approximated, conv)


def _derivation(source, convention: str) -> Derivation:
    if isinstance(source, Derivation):
        return source
    if isinstance(source, (Network, Model)):
        return derive(source, convention)
    raise ParameterError(f"to_qutip takes a Network, a Model or a Derivation, not {type(source).__name__}")
