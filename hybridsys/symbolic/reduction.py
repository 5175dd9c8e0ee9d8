"""The intensity reduction of a network's mean field (S7), derived once.

Where every non-phonon mode sees the others only through phonon positions and
intensities (the spec's system), the steady state reduces to one cubic per driven
mode; :mod:`hybridsys.numerics.fixedpoints` solves it at every point. This module
finds that structure symbolically and returns its pieces (or None).
"""

from __future__ import annotations

import random

import attrs
import sympy as sp
from sympy.polys.matrices import DomainMatrix

from ..model import symbols
from .langevin import amplitude_substitution

MAX_DRIVEN = 2  # driven nonlinear modes the exact reduction handles


@attrs.frozen
class Reduction:
    """The intensity reduction of a network, as small symbolic pieces that the
    numerics combine (see the module docstring). Non-phonon modes o, phonon
    quadratures q:

    * steady o = ξ_o / (κ_o + iΔ_o) with Δ_o = δ_o + Σ W_ok q_k + Σ N_oo' I_o';
    * steady phonons: M q + F I = 0, so q = -M⁻¹F I and Δ is affine in I.

    ``pieces`` maps "damping", "drive_re", "drive_im", "offset" (vectors over
    ``modes``), "W", "N", "M", "F" (matrices) to sympy matrices.
    """

    modes: tuple[str, ...]
    quadratures: tuple[str, ...]
    driven: tuple[str, ...]
    pieces: dict


def _intensity(mode: str) -> sp.Symbol:
    return sp.Symbol(f"I_{mode}", nonnegative=True)


def _number_form(expr: sp.Expr, modes) -> sp.Expr | None:
    """``expr`` with every |o|² written I_o; None if a mode enters otherwise."""
    expr = sp.expand(expr)
    for name in modes:
        amp = symbols.amplitude(name)
        expr = sp.expand(expr.xreplace({sp.conjugate(amp): _intensity(name) / amp}))
        if expr.has(amp):
            return None
    return expr


def reduce_network(derivation) -> Reduction | None:
    """The intensity reduction of ``derivation``'s mean field, or None where the
    network does not have that structure."""
    network = derivation.network
    phonons = [m.name for m in network.modes if m.type_name == "phonon"]
    others = tuple(m.name for m in network.modes if m.type_name != "phonon")
    amplitudes = derivation.mean_field.amplitudes
    zero = {symbols.amplitude(n): 0 for n in network.mode_names}
    to_quadratures = amplitude_substitution(phonons)
    q = [symbols.quadrature_mean(n, x) for n in phonons for x in "XY"]
    intensities = [_intensity(n) for n in others]

    def affine(expr, variables):
        """Coefficients and offset of an expression affine in ``variables``, or None."""
        expr = sp.expand(expr)
        slopes = [expr.coeff(v) for v in variables]
        offset = sp.expand(expr - sum(s * v for s, v in zip(slopes, variables)))
        if any(s.free_symbols & set(variables) for s in slopes) or offset.free_symbols & set(variables):
            return None
        return slopes, offset

    rows = {key: [] for key in ("damping", "drive_re", "drive_im", "offset", "W", "N")}
    for name in others:
        f = sp.expand(amplitudes[name])
        drive = f.xreplace(zero)
        dressing = _number_form(sp.expand((f - drive) / symbols.amplitude(name)), others)
        if dressing is None:
            return None
        minus_damping, minus_detuning = sp.expand(dressing.xreplace(to_quadratures)).as_real_imag()
        parts = affine(-minus_detuning, q + intensities)
        if parts is None or (-minus_damping).free_symbols & set(q + intensities):
            return None
        slopes, offset = parts
        for key, value in zip(("damping", "drive_re", "drive_im", "offset"), (-minus_damping, *drive.as_real_imag(), offset)):
            rows[key].append([value])
        rows["W"].append(slopes[: len(q)])
        rows["N"].append(slopes[len(q):])
    M, F = [], []
    for name in phonons:
        equation = _number_form(amplitudes[name], others)
        if equation is None:
            return None
        for part in sp.expand(equation.xreplace(to_quadratures)).as_real_imag():
            parts = affine(part, q + intensities)
            if parts is None or parts[1] != 0:
                return None
            M.append(parts[0][: len(q)])
            F.append(parts[0][len(q):])
    driven = tuple(n for n, re, im in zip(others, rows["drive_re"], rows["drive_im"]) if re[0] != 0 or im[0] != 0)
    if len(driven) > MAX_DRIVEN or (q and _generically_singular(sp.Matrix(M))):
        return None
    widths = {"damping": 1, "drive_re": 1, "drive_im": 1, "offset": 1, "W": len(q), "N": len(others)}
    pieces = {key: sp.Matrix(value) if value else sp.zeros(0, widths[key]) for key, value in rows.items()}
    pieces["M"] = sp.Matrix(M) if M else sp.zeros(0, 0)
    pieces["F"] = sp.Matrix(F) if F else sp.zeros(0, len(others))
    return Reduction(others, tuple(str(x) for x in q), driven, pieces)


def _generically_singular(matrix: sp.Matrix) -> bool:
    """Whether det(matrix) vanishes identically in its symbols, tested exactly at two
    pseudo-random rational points (a nonzero polynomial vanishes at both with
    probability zero): full rank there, computed in the entries' number field (e.g.
    QQ(√2)) by sympy's DomainMatrix, means not singular. The symbolic determinant grows
    too fast with the phonons, and the exact determinant at a point too (Bareiss on 96
    rows: 19 s; the rank: well under a second)."""
    rng = random.Random(len(matrix))
    for _ in range(2):
        values = {s: sp.Rational(rng.randint(1, 10**6), rng.randint(1, 10**6)) for s in matrix.free_symbols}
        if DomainMatrix.from_Matrix(matrix.xreplace(values), extension=True).rank() == matrix.rows:
            return False
    return True
