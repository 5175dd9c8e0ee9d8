"""Lindblad terms on the Gaussian routes: what linear jump operators add to the
Langevin equations, the mean field, the drift A and the diffusion D.

A component stamps Lindblad terms (w, L, K), each w·(L ρ K† − ½{K† L, ρ})
(:meth:`hybridsys.model.components.Component.dissipators`). The couplings' terms are
read here; a mode's own bath is stamped by the mode through its damping model
(:mod:`hybridsys.model.baths`), which also covers non-Lindblad (Brownian) damping.

**Heisenberg picture.** For an operator O the adjoint of a term is
dO/dt ∋ w(K† O L − ½{K† L, O}) = (w/2)(K† [O, L] + [K†, O] L). For a ladder operator
and a normally ordered P, [o_j, P] = ∂P/∂o_j†, so

    ȯ_j ∋ Σ_t (w_t/2) (K_t† ∂L_t/∂o_j† − (∂K_t†/∂o_j†) L_t),

exact and linear in the ladder operators when L, K are (affine-)linear. One-mode check:
(2κ, o, o) gives −κ o, and (2κn̄, o†, o†) beside (2κ(n̄+1), o, o) gives −κ o again.
This drift goes into the Langevin equations (and so the mean field (S7) and the
truncated-Wigner drift) and, with o → δo, into the fluctuation equations (S8) and A.

**Quadratures.** With r = [X_1, Y_1, ...], [r_a, r_b] = iΩ_ab, Ω = ⊕[[0, 1], [−1, 0]],
write L = ℓ·r and K = k·r (o_j = (X_j + iY_j)/√2: ℓ_Xj = (λ_j + μ_j)/√2,
ℓ_Yj = i(λ_j − μ_j)/√2 for L = Σ λ_j o_j + μ_j o_j†), and G = Σ_t w_t k_t* ℓ_tᵀ (so that
Σ w K†L = rᵀ G r). The terms preserve Hermiticity exactly when G is Hermitian (they
come in pairs (w, L, K), (w*, K, L)), which is checked. Then, from the Heisenberg
equations of r and of r r (the second moment picks up w (Ωk*)_a (Ωℓ)_b per term),

    d⟨r⟩/dt ∋ Ω Im(G) ⟨r⟩,   dV/dt ∋ (Ω Im G) V + V (Ω Im G)ᵀ + Ω Re(G) Ωᵀ,

so A ∋ Ω Im G and D ∋ Ω Re(G) Ωᵀ (Re G = (G + Gᵀ)/2 for Hermitian G). One-mode check:
L = √(2κ) o gives ℓ = √κ (1, i), G = κ[[1, i], [−i, 1]], A ∋ −κ I, D ∋ κ I; with n̄,
D ∋ κ(2n̄ + 1) I as (S20). The drift from Ω Im G equals the one from the ladder
formula above (tests/test_dissipators.py checks both against closed forms).

A jump that is not linear has no Gaussian form: these routes refuse it, naming the
component (the master-equation route takes it).
"""

from __future__ import annotations

import random
from typing import Iterable, Mapping

import attrs
import sympy as sp

from ..errors import NetworkError
from ..model import symbols
from ..model.normal_order import dagger
from ..model.operators import LadderContext, text


def _root_symbols(expr: sp.Expr) -> set:
    """Parameter symbols under a fractional power (rates in √(2κ)): nonnegative by
    their constraints, so that a conjugate or real part may treat them as positive."""
    return {s for p in expr.atoms(sp.Pow) if not p.exp.is_Integer for s in p.base.free_symbols}


def _with_positive_roots(expr: sp.Expr, operation) -> sp.Expr:
    """``operation(expr)`` with the symbols under fractional powers taken positive."""
    roots = _root_symbols(expr)
    if not roots:
        return operation(expr)
    positive = {s: sp.Dummy(s.name, positive=True) for s in roots}
    return operation(expr.xreplace(positive)).xreplace({d: s for s, d in positive.items()})


def real_part(expr: sp.Expr) -> sp.Expr:
    """Re of an expression in real parameters (rates under roots taken nonnegative)."""
    return _with_positive_roots(sp.expand(expr), lambda e: sp.expand(e.as_real_imag()[0]))


def _clean(expr: sp.Expr) -> sp.Expr:
    """``expr`` expanded, with conjugates of roots of rates resolved."""
    return _with_positive_roots(sp.expand(expr), sp.expand)


def quadrature_vector(operator: sp.Expr, modes: tuple[str, ...]) -> sp.Matrix:
    """ℓ with (linear part of) operator = ℓ·r, r = [X_1, Y_1, ...] (module docstring)."""
    entries = []
    for name in modes:
        lam, mu = sp.diff(operator, symbols.lowering(name)), sp.diff(operator, symbols.raising(name))
        entries += [(lam + mu) / sp.sqrt(2), sp.I * (lam - mu) / sp.sqrt(2)]
    return sp.Matrix(entries)


def symplectic_form(size: int) -> sp.Matrix:
    """Ω = ⊕ [[0, 1], [−1, 0]]: [r_a, r_b] = iΩ_ab for r = [X_1, Y_1, ...]."""
    return sp.diag(*([sp.Matrix([[0, 1], [-1, 0]])] * (size // 2)))


def _ladder(modes) -> list[sp.Symbol]:
    return [s for m in modes for s in (symbols.lowering(m), symbols.raising(m))]


@attrs.frozen
class LindbladTerms:
    """The couplings' Lindblad terms, by component, checked linear and
    Hermiticity-preserving; their drift, noise and diffusion (module docstring)."""

    modes: tuple[str, ...]
    terms: tuple[tuple[str, tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]], ...]
    noise: Mapping[str, Mapping[str, sp.Expr]]

    @classmethod
    def of(cls, components: Iterable, ctx: LadderContext) -> "LindbladTerms":
        modes = tuple(ctx.modes)
        ladder = _ladder(modes)
        found, noise = [], {}
        for component in components:
            terms = tuple(component.dissipators(ctx))
            if not terms:
                continue
            for _, L, K in terms:
                for operator in (L, K):
                    if sp.Poly(operator, *ladder).total_degree() > 1:
                        raise NetworkError(
                            f"{component.label}: its Lindblad operator {text(operator)} is not linear in the ladder "
                            "operators; the Gaussian routes (Langevin equations, drift, diffusion, steady states, "
                            "trajectories) and truncated Wigner need linear jumps (the master-equation route takes it)"
                        )
            found.append((component.label, terms))
            noise[component.label] = component.langevin_noise(ctx)
        made = cls(modes, tuple(found), noise)
        for label, _ in found:
            made._check_hermitian(label)
        return made

    def __bool__(self) -> bool:
        return bool(self.terms)

    def component_terms(self, label: str) -> tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]:
        return dict(self.terms)[label]

    def heisenberg(self, label: str, mode: str) -> sp.Expr:
        """Component ``label``'s drift of ȯ for ``mode``: Σ (w/2)(K† ∂L/∂o† − (∂K†/∂o†) L)."""
        up = symbols.raising(mode)
        total = sp.Integer(0)
        for w, L, K in self.component_terms(label):
            raised = dagger(K, self.modes)
            total += w / 2 * (raised * sp.diff(L, up) - sp.diff(raised, up) * L)
        return _clean(total)

    def correlation(self, label: str) -> sp.Matrix:
        """G = Σ w k* ℓᵀ of component ``label``, in the quadrature basis."""
        size = 2 * len(self.modes)
        G = sp.zeros(size, size)
        for w, L, K in self.component_terms(label):
            G += w * quadrature_vector(K, self.modes).conjugate() * quadrature_vector(L, self.modes).T
        return G.applyfunc(_clean)

    def diffusion(self, label: str) -> sp.Matrix:
        """Component ``label``'s block of D: Ω Re(G) Ωᵀ, Re G = (G + Gᵀ)/2."""
        G = self.correlation(label)
        omega = symplectic_form(G.rows)
        return (omega * ((G + G.T) / 2).applyfunc(real_part) * omega.T).applyfunc(sp.expand)

    def _check_hermitian(self, label: str) -> None:
        """G = G† (terms in Hermitian pairs), tested at two pseudo-random points with
        nonnegative values (an identity that holds there holds with probability one)."""
        G = self.correlation(label)
        defect = G - G.H
        free = sorted(G.free_symbols, key=lambda s: s.name)
        rng = random.Random(len(free))
        for _ in range(2):
            point = {s: sp.Float(rng.uniform(0.3, 1.7)) for s in free}
            values = [complex(sp.N(entry.xreplace(point))) for entry in defect]
            scale = max([abs(complex(sp.N(entry.xreplace(point)))) for entry in G] + [1.0])
            if any(abs(v) > 1e-9 * scale for v in values):
                raise NetworkError(
                    f"{label}: its Lindblad terms do not preserve Hermiticity (Σ w K†L is not Hermitian: each term "
                    "(w, L, K) with K ≠ L needs its partner (w*, K, L))"
                )
