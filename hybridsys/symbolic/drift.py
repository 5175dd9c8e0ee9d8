"""Drift matrix A (S11)-(S14) and diffusion matrix D (S20) in the quadrature basis,
kept as a sum of per-component contributions so that every entry has a provenance.

Basis: u = [X_o1, Y_o1, X_o2, Y_o2, ...] with X = (δo + δo†)/√2 and
Y = i(δo† - δo)/√2 (S10), so the vacuum variance is 1/2.
"""

from __future__ import annotations

from typing import Iterator, Sequence

import attrs
import sympy as sp

from ..model import symbols
from ..model.modes import Mode
from ..model.operators import latex, text
from .dissipation import LindbladTerms
from .langevin import FluctuationEquations, quadrature_parts


def quadrature_basis(modes: Sequence[str]) -> tuple[str, ...]:
    """Names of the quadratures in the order of (S12): X_a, Y_a, X_m, ..."""
    return tuple(f"{q}_{m}" for m in modes for q in "XY")


@attrs.frozen
class ContributedMatrix:
    """A matrix written as Σ_c M_c over components c, in the quadrature basis."""

    symbol: str
    basis: tuple[str, ...]
    contributions: tuple[tuple[str, sp.Matrix], ...]

    @property
    def matrix(self) -> sp.Matrix:
        """The whole matrix (sum of the contributions)."""
        total = sp.zeros(len(self.basis), len(self.basis))
        for _, part in self.contributions:
            total += part
        return total.applyfunc(sp.expand)

    def index(self, name: str) -> int:
        try:
            return self.basis.index(name)
        except ValueError:
            raise KeyError(f"{name!r} is not a quadrature of this basis {list(self.basis)}") from None

    def provenance(self, row: str | int, col: str | int) -> list[tuple[str, sp.Expr]]:
        """Which components produce entry (row, col), and what each contributes."""
        i = row if isinstance(row, int) else self.index(row)
        j = col if isinstance(col, int) else self.index(col)
        return [(label, part[i, j]) for label, part in self.contributions if part[i, j] != 0]

    def entries(self) -> Iterator[tuple[str, str, sp.Expr, list[tuple[str, sp.Expr]]]]:
        """(row, col, value, provenance) for every nonzero entry, row by row."""
        total = self.matrix
        for i, row in enumerate(self.basis):
            for j, col in enumerate(self.basis):
                if total[i, j] != 0:
                    yield row, col, total[i, j], self.provenance(i, j)

    def in_amplitudes(self) -> sp.Matrix:
        """The matrix with mean quadratures written as √2 Re<o>, √2 Im<o>, as the spec prints it."""
        return self.matrix.applyfunc(lambda value: amplitude_form(value, self.basis))

    def table(self) -> str:
        """Plain-text table: entry, value, and the component(s) it comes from."""
        lines = [f"{'entry':<18} {'value':<40} from"]
        for row, col, value, parts in self.entries():
            sources = "; ".join(
                f"{label}: {text(amplitude_form(expr, self.basis))}" if len(parts) > 1 else label for label, expr in parts
            )
            lines.append(f"{self.symbol}[{row},{col}]".ljust(18) + f" {text(amplitude_form(value, self.basis)):<40} {sources}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return format_matrix(self.symbol, self.basis, self.in_amplitudes())

    def _repr_latex_(self) -> str:
        return f"${self.symbol} = {latex(self.in_amplitudes())}$"


def amplitude_form(value: sp.Expr, basis: Sequence[str]) -> sp.Expr:
    """``value`` with <X_o> → √2 Re<o> and <Y_o> → √2 Im<o> (the spec's notation)."""
    modes = [name.split("_", 1)[1] for name in basis[::2]]
    back = {}
    for name in modes:
        amp = symbols.amplitude(name)
        back[symbols.quadrature_mean(name, "X")] = sp.sqrt(2) * sp.re(amp)
        back[symbols.quadrature_mean(name, "Y")] = sp.sqrt(2) * sp.im(amp)
    return sp.expand(value.xreplace(back))


def format_matrix(symbol: str, basis: Sequence[str], matrix: sp.Matrix) -> str:
    """A matrix as aligned plain text with its basis labels on rows and columns."""
    cells = [[text(matrix[i, j]) for j in range(matrix.cols)] for i in range(matrix.rows)]
    widths = [max(len(basis[j]), *(len(row[j]) for row in cells)) for j in range(len(basis))]
    head = " " * 8 + "  ".join(b.rjust(w) for b, w in zip(basis, widths))
    rows = [f"{b:>7} " + " " + "  ".join(c.rjust(w) for c, w in zip(row, widths)) for b, row in zip(basis, cells)]
    return f"{symbol} (basis {', '.join(basis)}):\n" + "\n".join([head] + rows)


def drift_block(m_coeff: sp.Expr, n_coeff: sp.Expr, modes) -> sp.Matrix:
    """2×2 block of A from δȯ ∋ M δp + N δp†, with (S10):
    [[Re(M+N*), -Im(M+N*)], [Im(M-N*), Re(M-N*)]]."""
    plus_re, plus_im = quadrature_parts(m_coeff + sp.conjugate(n_coeff), modes)
    minus_re, minus_im = quadrature_parts(m_coeff - sp.conjugate(n_coeff), modes)
    return sp.Matrix([[plus_re, -plus_im], [minus_im, minus_re]])


def drift_matrix(fluctuations: FluctuationEquations) -> ContributedMatrix:
    """A of u̇ = A u + N (S11), one contribution per component."""
    modes = fluctuations.modes
    size = 2 * len(modes)
    contributions = []
    for label, rows in fluctuations.terms.items():
        part = sp.zeros(size, size)
        for i, mode in enumerate(modes):
            if mode not in rows:
                continue
            for j, other in enumerate(modes):
                m_coeff, n_coeff = fluctuations.coefficients(label, mode, other)
                if m_coeff != 0 or n_coeff != 0:
                    part[2 * i : 2 * i + 2, 2 * j : 2 * j + 2] = drift_block(m_coeff, n_coeff, modes)
        if any(x != 0 for x in part):
            contributions.append((label, part))
    return ContributedMatrix("A", quadrature_basis(modes), tuple(contributions))


def diffusion_matrix(modes: Sequence[Mode], lindblad: LindbladTerms | None = None) -> ContributedMatrix:
    """D of the input noise (S18)-(S20): each mode stamps its own 2×2 block
    (:meth:`Mode.diffusion_block`), κ(2n̄+1) I for a thermal bath and the symmetric
    damping of (S3); each mode's n̄ is its own parameter (ERRATA item 4). Each
    dissipative coupling adds its block Ω Re(G) Ωᵀ (:mod:`hybridsys.symbolic.dissipation`),
    correlated across the modes its jumps mix."""
    size = 2 * len(modes)
    contributions = []
    for i, mode in enumerate(modes):
        part = sp.zeros(size, size)
        part[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = mode.diffusion_block()
        contributions.append((mode.label, part))
    for label, _ in lindblad.terms if lindblad else ():
        part = lindblad.diffusion(label)
        if any(x != 0 for x in part):
            contributions.append((label, part))
    return ContributedMatrix("D", quadrature_basis([m.name for m in modes]), tuple(contributions))
