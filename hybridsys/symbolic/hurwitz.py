"""Routh-Hurwitz stability (S53)-(S54), symbolic and numeric.

The characteristic polynomial det(λ - A) = λⁿ + a_1 λⁿ⁻¹ + ... + a_n is derived for
the *sparsity pattern* of A: the a_k are polynomials in symbols e_ij standing for
the structurally nonzero entries of A. The Hurwitz determinants Δ_k are polynomials
in the a_k. Neither is ever expanded in the physical parameters, which keeps the
spec's 8×8 case small (at most 328 terms per a_k, 76 per Δ_k) and exact. Both are
computed on first access, for inspection; numeric verdicts use the same objects
evaluated by stable numeric algorithms (:mod:`hybridsys.numerics.stability`).

The expansions grow about sevenfold per added mode (a chain of resonators: 10⁴ terms
in the a_k at 10×10, 7×10⁴ at 12×12, 5×10⁵ at 14×14; Δ_12 in the a_k takes hours), so
past :data:`EXPANDED_SIZE` the display gives the exact definitions instead: a_k as the
coefficients of det(λ − A) and Δ_k as the leading minors of the Hurwitz matrix θ_n.

The Hurwitz matrix is the standard one, with entries a_{2i-j} (a_0 = 1, a_j = 0 for
j < 0 or j > n); ERRATA item 12 explains why the printed rule (zero when 2i-j > k)
differs; it is available as ``variant="printed"``, labelled as such.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import attrs
import sympy as sp
from sympy.polys.matrices import DomainMatrix

from ..model.operators import aligned

VARIANTS = ("standard", "printed")
EXPANDED_SIZE = 10  # the largest A whose a_k and Δ_k are displayed expanded (seconds, ≤ 10⁴ terms)


def coefficient_symbols(degree: int) -> tuple[sp.Symbol, ...]:
    """a_1 ... a_n."""
    return tuple(sp.Symbol(f"a_{k}", real=True) for k in range(1, degree + 1))


def hurwitz_matrix(degree: int, size: int, variant: str = "standard") -> sp.Matrix:
    """The k×k leading Hurwitz matrix θ_k of a monic degree-n polynomial (S54).

    Entry (i, j) (1-based) is a_{2i-j}, with a_0 = 1 and zero outside 0..n; the
    ``"printed"`` variant also zeroes entries with 2i - j > k, as (S54) prints it.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    a = (sp.Integer(1),) + coefficient_symbols(degree)
    limit = size if variant == "printed" else degree

    def entry(i: int, j: int) -> sp.Expr:
        k = 2 * (i + 1) - (j + 1)
        return a[k] if 0 <= k <= limit else sp.Integer(0)

    return sp.Matrix(size, size, entry)


@lru_cache(maxsize=None)
def hurwitz_determinants(degree: int, variant: str = "standard") -> tuple[sp.Expr, ...]:
    """Δ_1 ... Δ_n as expanded polynomials in a_1 ... a_n (computed once per degree).

    Fraction-free determinants over ZZ[a_1..a_n]: degree 8 takes ~0.05 s and gives at
    most 76 terms; degree 10 ~3 s and 549 terms; beyond that the expansion grows
    quickly, which is why numeric verdicts evaluate Δ_k by LU (:mod:`hybridsys.numerics.stability`).
    """
    a = coefficient_symbols(degree)
    ring = sp.ZZ[a] if a else sp.ZZ
    dets = []
    for k in range(1, degree + 1):
        matrix = DomainMatrix.from_Matrix(hurwitz_matrix(degree, k, variant)).convert_to(ring)
        dets.append(sp.expand(ring.to_sympy(matrix.det())))
    return tuple(dets)


def entry_symbol(i: int, j: int) -> sp.Symbol:
    """Symbol e_i_j standing for the entry A[i, j]."""
    return sp.Symbol(f"e_{i}_{j}", real=True)


def characteristic_coefficients(pattern: sp.Matrix) -> tuple[sp.Expr, ...]:
    """a_1 ... a_n of det(λ - E) for a matrix E of entry symbols (S53)."""
    lam = sp.Dummy("lambda")
    coeffs = pattern.charpoly(lam).all_coeffs()  # [1, a_1, ..., a_n]
    return tuple(sp.expand(c) for c in coeffs[1:])


@attrs.define(frozen=True, slots=False)
class RouthHurwitz:
    """Characteristic coefficients of A and its Hurwitz determinants, symbolically.

    ``entries`` maps (i, j) to the expression of A[i, j] for every structurally
    nonzero entry; ``coefficients[k-1]`` is a_k in the entry symbols e_i_j;
    ``determinants[k-1]`` is Δ_k in the a symbols. A is stable iff every Δ_k > 0.
    """

    entries: dict
    size: int
    basis: tuple[str, ...] = ()
    variant: str = "standard"

    @classmethod
    def of(cls, drift: sp.Matrix, basis: tuple[str, ...] = (), variant: str = "standard") -> "RouthHurwitz":
        entries = {(i, j): drift[i, j] for i in range(drift.rows) for j in range(drift.cols) if drift[i, j] != 0}
        return cls(entries, drift.rows, tuple(basis), variant)

    @property
    def expanded(self) -> bool:
        """Whether the display expands a_k and Δ_k (A at most EXPANDED_SIZE square)."""
        return self.size <= EXPANDED_SIZE

    @property
    def matrix(self) -> sp.Matrix:
        """The n×n Hurwitz matrix θ_n (S54); Δ_k is its leading k×k minor."""
        return hurwitz_matrix(self.size, self.size, self.variant)

    @cached_property
    def coefficients(self) -> tuple[sp.Expr, ...]:
        """a_1 ... a_n in the entry symbols e_i_j (expensive past EXPANDED_SIZE)."""
        pattern = sp.Matrix(self.size, self.size, lambda i, j: entry_symbol(i, j) if (i, j) in self.entries else 0)
        return characteristic_coefficients(pattern)

    @property
    def determinants(self) -> tuple[sp.Expr, ...]:
        """Δ_1 ... Δ_n in a_1 ... a_n (expensive past EXPANDED_SIZE)."""
        return hurwitz_determinants(self.size, self.variant)

    def entry_name(self, i: int, j: int) -> str:
        return f"A[{self.basis[i]},{self.basis[j]}]" if self.basis else f"A[{i},{j}]"

    def __str__(self) -> str:
        lines = [f"characteristic polynomial det(λ - A) = λ^{self.size} + a_1 λ^{self.size - 1} + ... + a_{self.size} (S53)"]
        lines.append("A entries: " + ", ".join(f"e_{i}_{j} = {self.entry_name(i, j)}" for i, j in self.entries))
        if not self.expanded:
            lines.append(f"a_k = (-1)^k (sum of the principal k×k minors of A), not expanded for a {self.size}×{self.size} A "
                         f"(expansions are shown up to {EXPANDED_SIZE}×{EXPANDED_SIZE}; numeric verdicts evaluate them directly)")
            lines.append(f"Hurwitz determinants ({self.variant} Hurwitz matrix, (S54) / ERRATA 12): "
                         f"Δ_k = the leading k×k minor of θ_{self.size} =")
            return "\n".join(lines + [sp.pretty(self.matrix)])
        lines += [f"a_{k} = {sp.sstr(c)}" for k, c in enumerate(self.coefficients, 1)]
        lines.append(f"Hurwitz determinants ({self.variant} Hurwitz matrix, (S54) / ERRATA 12):")
        lines += [f"Δ_{k} = {sp.sstr(d)}" for k, d in enumerate(self.determinants, 1)]
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        if not self.expanded:
            return aligned([f"\\Delta_k &= \\det\\left[\\theta_{{{self.size}}}\\right]_{{k\\times k}},"
                            f" \\quad \\theta_{{{self.size}}} = {sp.latex(self.matrix)}"])
        rows = [f"\\Delta_{{{k}}} &= {sp.latex(d)}" for k, d in enumerate(self.determinants, 1)]
        return aligned(rows)
