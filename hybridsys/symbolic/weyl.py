"""The truncated-Wigner equations of a network: the Weyl symbol of H and the
stochastic equations for classical fields α_o that sample the Wigner function.

**Weyl symbol of a normally ordered H.** With commuting symbols o → α, o† → α*,
a normally ordered polynomial H_N(α, α*) has the Weyl (symmetric-order) symbol

    H_W = exp(−½ Σ_o ∂²/∂α_o ∂α_o*) H_N,

i.e. o†^m o^n ↦ Σ_k (−½)^k k! C(m,k) C(n,k) α*^(m−k) α^(n−k) (Cahill & Glauber,
Phys. Rev. 177, 1882 (1969): normal order is s = 1, Weyl order s = 0). Examples:
o†o ↦ |α|² − ½; o†²o² ↦ |α|⁴ − 2|α|² + ½; (o†o)² = o†²o² + o†o ↦ |α|⁴ − |α|².

**Truncated Wigner.** The Wigner function obeys ∂_t W = {H_W, W}_Moyal + baths; the
Moyal bracket is the Poisson bracket plus terms with third (and higher) derivatives
of W. Dropping those (justified when every mode's occupation is large against its
fluctuations, the linearization ratio of :mod:`hybridsys.measures.linearization`
being the same indicator) leaves a Fokker–Planck equation, i.e. the Itô equations

    dα_o = [−i ∂H_W/∂α_o* + (the mode's linear damping)] dt + noise,

with the damping taken from the derivation's Langevin equations (their part that
does not come from H, written in amplitudes) and the noise from its diffusion
matrix D (quadrature basis, (S20)): in quadratures x = [X_o1, Y_o1, ...],
X = √2 Re α, Y = √2 Im α, dx = f(x) dt + B dW with B Bᵀ = D. Sample moments of x
are symmetrized (Weyl-ordered) moments, so their covariance is V of (S16).
Without nonlinear terms f is linear and these equations reproduce (S17) exactly.
"""

from __future__ import annotations

from typing import Mapping

import attrs
import sympy as sp

from ..errors import NetworkError
from ..model import symbols
from .langevin import heisenberg, quadrature_parts, to_amplitudes


def weyl_symbol(expr: sp.Expr, modes) -> sp.Expr:
    """The Weyl symbol of a normally ordered polynomial ``expr`` in the ladder
    symbols of ``modes``: exp(−½ Σ_o ∂_o ∂_o†) applied to it (still written in the
    commuting symbols o, o†, which now stand for α, α*)."""
    expr = sp.expand(expr)
    total, term, k = expr, expr, 0
    while True:
        k += 1
        term = sp.expand(sum((sp.diff(term, symbols.lowering(m), symbols.raising(m)) for m in modes), sp.Integer(0)))
        if term == 0:
            return sp.expand(total)
        total += sp.Rational(-1, 2) ** k / sp.factorial(k) * term


@attrs.frozen
class WignerEquations:
    """Truncated-Wigner drift of every mode: ``hamiltonian`` is H_W (commuting o, o†
    standing for α, α*), ``amplitudes[o]`` the drift of α_o (amplitude symbols
    ⟨o⟩ stand for α), ``vector_field[k]`` the drift of quadrature ``state[k]``."""

    hamiltonian: sp.Expr
    amplitudes: Mapping[str, sp.Expr]
    state: tuple[sp.Symbol, ...]
    vector_field: sp.Matrix

    @classmethod
    def of(cls, derivation) -> "WignerEquations":
        modes = [m.name for m in derivation.network.modes]
        normal = derivation.hamiltonian.expr
        symbol = weyl_symbol(normal, modes)
        amplitudes, state, field = {}, [], []
        for name in modes:
            # the part of the Langevin equation that H does not give: the mode's linear damping
            damping = sp.expand(derivation.langevin.coherent(name) - heisenberg(normal, name))
            if damping != 0 and sp.Poly(damping, *_ladder(modes)).total_degree() > 1:
                raise NetworkError(f"mode {name}: truncated Wigner needs a damping linear in the modes, got {damping}")
            amplitudes[name] = to_amplitudes(heisenberg(symbol, name) + damping, modes)
            real, imag = quadrature_parts(amplitudes[name], modes)
            state += [symbols.quadrature_mean(name, "X"), symbols.quadrature_mean(name, "Y")]
            field += [sp.sqrt(2) * real, sp.sqrt(2) * imag]
        return cls(symbol, amplitudes, tuple(state), sp.Matrix(field))


def _ladder(modes) -> list[sp.Symbol]:
    return [s for m in modes for s in (symbols.lowering(m), symbols.raising(m))]
