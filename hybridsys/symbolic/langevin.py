"""Quantum Langevin equations (S3), mean-field equations (S7) and the linearized
fluctuation equations (S8), derived from a normally ordered Hamiltonian.

For a normally ordered polynomial H in commuting symbols o, o†, the Heisenberg
equation is exact: ȯ = -i[o, H] = -i ∂H/∂o†. Each mode adds its own damping and
input noise (:meth:`Mode.dissipation`, :meth:`Mode.input_noise`): -κ o + √(2κ) o_in
as in (S3) by default (:mod:`hybridsys.model.baths`). Dissipative couplings add their
Lindblad terms' drift and noise (:mod:`hybridsys.symbolic.dissipation`).
"""

from __future__ import annotations

from typing import Mapping

import attrs
import sympy as sp

from ..model import symbols
from ..model.modes import Mode
from ..model.operators import LadderContext, aligned, latex, text
from .dissipation import LindbladTerms
from .hamiltonian import Hamiltonian


def damping_and_noise(mode: Mode) -> sp.Expr:
    """The mode's coupling to its bath, e.g. -κ o + √(2κ) o_in (S3): stamped by the mode."""
    return mode.dissipation(symbols.lowering(mode.name), symbols.raising(mode.name)) + mode.input_noise()


def heisenberg(term: sp.Expr, mode: str) -> sp.Expr:
    """-i[o, term] = -i ∂term/∂o† for a normally ordered term."""
    return sp.expand(-sp.I * sp.diff(term, symbols.raising(mode)))


@attrs.frozen
class LangevinEquations:
    """ȯ = -i ∂H/∂o† + (the mode's damping and noise, -κ o + √(2κ) o_in in (S3)) for every mode o."""

    hamiltonian: Hamiltonian
    rhs: Mapping[str, sp.Expr]

    @classmethod
    def of(cls, hamiltonian: Hamiltonian, modes: tuple[Mode, ...], lindblad: LindbladTerms | None = None) -> "LangevinEquations":
        """Each mode's equation; ``lindblad`` adds the couplings' dissipative drift and
        noise (:mod:`hybridsys.symbolic.dissipation`)."""
        rhs = {m.name: heisenberg(hamiltonian.expr, m.name) + damping_and_noise(m) for m in modes}
        for label, _ in lindblad.terms if lindblad else ():
            for name in rhs:
                rhs[name] += lindblad.heisenberg(label, name) + lindblad.noise[label].get(name, 0)
        return cls(hamiltonian, rhs)

    @property
    def context(self) -> LadderContext:
        return self.hamiltonian.context

    def coherent(self, mode: str) -> sp.Expr:
        """The right-hand side without the input noise (the mode's own and any dissipator's)."""
        rhs = self.rhs[mode]
        noises = {symbols.noise(mode): 0, symbols.noise(mode, dagger=True): 0}
        noises.update({s: 0 for s in rhs.free_symbols if isinstance(s, symbols.Noise)})
        return rhs.subs(noises)

    def __str__(self) -> str:
        return "\n".join(f"d{name}/dt = {text(rhs)}" for name, rhs in self.rhs.items())

    def _repr_latex_(self) -> str:
        rows = [f"\\dot{{{sp.latex(sp.Symbol(n))}}} &= {latex(r)}" for n, r in self.rhs.items()]
        return aligned(rows)


def to_amplitudes(expr: sp.Expr, modes) -> sp.Expr:
    """Replace o → <o>, o† → <o>* (mean-field substitution, (S5)-(S7))."""
    subs = {}
    for name in modes:
        amp = symbols.amplitude(name)
        subs[symbols.lowering(name)] = amp
        subs[symbols.raising(name)] = sp.conjugate(amp)
    return expr.xreplace(subs)


def amplitude_substitution(modes) -> dict:
    """<o> = (<X_o> + i<Y_o>)/√2, the quadrature convention of (S10) for mean fields."""
    return {
        symbols.amplitude(n): (symbols.quadrature_mean(n, "X") + sp.I * symbols.quadrature_mean(n, "Y")) / sp.sqrt(2)
        for n in modes
    }


def quadrature_parts(expr: sp.Expr, modes) -> tuple[sp.Expr, sp.Expr]:
    """Real and imaginary part of ``expr`` written in real mean quadratures."""
    real, imag = sp.expand(expr.xreplace(amplitude_substitution(modes))).as_real_imag()
    return sp.expand(real), sp.expand(imag)


@attrs.frozen
class MeanFieldEquations:
    """d<o>/dt for every mode (S7), and the same flow in real mean quadratures.

    ``vector_field[k]`` is d(state[k])/dt with state = [<X_o1>, <Y_o1>, <X_o2>, ...],
    <X_o> = √2 Re<o>, <Y_o> = √2 Im<o>.
    """

    amplitudes: Mapping[str, sp.Expr]
    state: tuple[sp.Symbol, ...]
    vector_field: sp.Matrix

    @classmethod
    def of(cls, langevin: LangevinEquations) -> "MeanFieldEquations":
        modes = list(langevin.rhs)
        amplitudes = {n: to_amplitudes(langevin.coherent(n), modes) for n in modes}
        state, field = [], []
        for name in modes:
            real, imag = quadrature_parts(amplitudes[name], modes)
            state += [symbols.quadrature_mean(name, "X"), symbols.quadrature_mean(name, "Y")]
            field += [sp.sqrt(2) * real, sp.sqrt(2) * imag]
        return cls(amplitudes, tuple(state), sp.Matrix(field))

    def __str__(self) -> str:
        return "\n".join(f"d<{n}>/dt = {text(rhs)}" for n, rhs in self.amplitudes.items())

    def _repr_latex_(self) -> str:
        rows = [f"\\frac{{d}}{{dt}}{latex(symbols.amplitude(n))} &= {latex(r)}" for n, r in self.amplitudes.items()]
        return aligned(rows)


def quadratic_part(term: sp.Expr, modes) -> sp.Expr:
    """The part of ``term`` that is quadratic in the fluctuations when every
    o → <o> + δo and o† → <o>* + δo† (S5): it alone drives the linearized dynamics."""
    eps = sp.Dummy("eps")
    subs = {}
    for name in modes:
        amp = symbols.amplitude(name)
        subs[symbols.lowering(name)] = amp + eps * symbols.fluctuation(name)
        subs[symbols.raising(name)] = sp.conjugate(amp) + eps * symbols.fluctuation(name, dagger=True)
    return sp.expand(term.xreplace(subs)).coeff(eps, 2)


def linear_part(expr: sp.Expr, modes) -> sp.Expr:
    """The part of an (affine-)linear ``expr`` in o, o† that is linear, written in δo, δo†."""
    subs = {}
    for name in modes:
        subs[symbols.lowering(name)] = symbols.fluctuation(name)
        subs[symbols.raising(name)] = symbols.fluctuation(name, dagger=True)
    moved = sp.expand(expr.xreplace(subs))
    return sp.expand(moved - moved.xreplace({s: 0 for s in subs.values()}))


@attrs.frozen
class FluctuationEquations:
    """Linearized equations δȯ = Σ_p (M_op δp + N_op δp†) - κ δo + √(2κ) o_in (S8),
    kept per component so that every coefficient knows where it came from; each
    mode stamps its own damping and noise (``-κ δo + √(2κ) o_in`` in (S8)), and bath
    channels (dissipators, cascades) add theirs.

    ``terms[label][o]`` is component ``label``'s contribution to δȯ; ``noise[o]``
    the input noise of δȯ.
    """

    modes: tuple[str, ...]
    terms: Mapping[str, Mapping[str, sp.Expr]]
    noise: Mapping[str, sp.Expr]

    @classmethod
    def of(cls, hamiltonian: Hamiltonian, modes: tuple[Mode, ...], lindblad: LindbladTerms | None = None) -> "FluctuationEquations":
        names = tuple(m.name for m in modes)
        terms: dict[str, dict[str, sp.Expr]] = {}
        for label, term in hamiltonian.terms:
            h2 = quadratic_part(term, names)
            rows = {n: sp.expand(-sp.I * sp.diff(h2, symbols.fluctuation(n, dagger=True))) for n in names}
            terms[label] = {n: r for n, r in rows.items() if r != 0}
        for label, _ in lindblad.terms if lindblad else ():
            own = terms.get(label, {})  # a component may stamp a Hamiltonian too (a cascade)
            rows = {n: sp.expand(own.get(n, 0) + linear_part(lindblad.heisenberg(label, n), names)) for n in names}
            terms[label] = {n: r for n, r in rows.items() if r != 0}
        noise = {m.name: m.input_noise() for m in modes}
        for label, _ in lindblad.terms if lindblad else ():
            for name, term in lindblad.noise[label].items():
                noise[name] += term
        for m in modes:
            terms[m.label] = dict(terms.get(m.label, {}))
            own = terms[m.label].get(m.name, sp.Integer(0))
            damping = m.dissipation(symbols.fluctuation(m.name), symbols.fluctuation(m.name, dagger=True))
            terms[m.label][m.name] = sp.expand(own + damping)
        return cls(names, terms, noise)

    def rhs(self, mode: str) -> sp.Expr:
        """The whole linear right-hand side of δȯ (without the noise)."""
        return sp.Add(*(rows.get(mode, 0) for rows in self.terms.values()))

    def coefficients(self, label: str, mode: str, other: str) -> tuple[sp.Expr, sp.Expr]:
        """(M, N) of component ``label``: its δȯ contains M δp + N δp† for p = ``other``."""
        row = sp.expand(self.terms[label].get(mode, sp.Integer(0)))
        return row.coeff(symbols.fluctuation(other)), row.coeff(symbols.fluctuation(other, dagger=True))

    def __str__(self) -> str:
        return "\n".join(f"dδ{n}/dt = {text(self.rhs(n) + self.noise[n])}" for n in self.modes)

    def _repr_latex_(self) -> str:
        rows = [
            f"\\delta\\dot{{{sp.latex(sp.Symbol(n))}}} &= {latex(self.rhs(n) + self.noise[n])}"
            for n in self.modes
        ]
        return aligned(rows)
