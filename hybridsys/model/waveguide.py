"""A waveguide (a transmission line) to which several modes couple at points along it.

SLH (Gough & James): a line carries a right-moving and a left-moving wave, two bath
channels. The modes k = 1 … N are listed in the order of their positions x_1 < … < x_N;
φ_k = k_wave (x_k − x_1) is the phase the right-moving wave accumulates from the first
coupling point to mode k (φ_1 = 0 is a choice of reference plane). Mode k gets amplitude
damping κ_k^R from the right-moving channel and κ_k^L from the left-moving one (equal for a
line that couples both ways alike, κ_k^R = κ_k^L = κ_e/2 for a total external rate κ_e;
unequal for a chiral coupling). In the Markov limit (delays neglected, phases kept) each
direction is the series product of the coupling points in the order the wave meets them:

    L_R = Σ_k √(2κ_k^R) e^{−iφ_k} o_k,    H_R = (1/2i) Σ_{j<k} (L_R,k† L_R,j − L_R,j† L_R,k),
    L_L = Σ_k √(2κ_k^L) e^{+iφ_k} o_k,    H_L = (1/2i) Σ_{j<k} (L_L,j† L_L,k − L_L,k† L_L,j),

L_R,k the k-th term of L_R. The component stamps D[L_R] + D[L_L] (a vacuum line) and
H_R + H_L. For modes j < k the equations of motion get

    ȯ_j ∋ −(κ_j^R + κ_j^L) o_j − 2√(κ_j^L κ_k^L) e^{i(φ_k − φ_j)} o_k,
    ȯ_k ∋ −(κ_k^R + κ_k^L) o_k − 2√(κ_j^R κ_k^R) e^{i(φ_k − φ_j)} o_j,

(the downstream mode of each direction is driven, the upstream one feels no back-action),
so that a line coupling both ways alike gives the familiar symmetric (reciprocal) exchange
−2√(κ_j^R κ_k^R) e^{i|φ_k − φ_j|}: a coherent part ∝ sin φ and a dissipative part ∝ cos φ.

**Ends as ports.** The two ends are ports (:class:`~hybridsys.model.ports.PortChannel`):
a probe at the left end enters the right-moving channel, and the left end's output is the
left-moving channel's, o_out = L − o_in (the sign of :mod:`hybridsys.model.ports`); the
right end the other way. So S_{right,left} = o_out,R/o_in,R, with the direct path −1 (an
empty line transmits S = −1 in our sign; the SLH b_out = b_in + L, b = −o), and
S_{left,left} is the reflection. One mode: S_{right,left} = −1 + 2κ^R/(κ + i(Δ − ω)), κ its
total damping (tests/test_waveguide.py).
"""

from __future__ import annotations

from typing import Mapping

import attrs
import sympy as sp

from ..errors import NetworkError, ParameterError
from .components import ParameterInfo
from .couplings import Coupling, ModeList, _label
from .modes import Mode
from .ports import PortChannel
from . import symbols
from .symbols import IDENTIFIER, as_expression, depends_on_time, expression_to_data


def _names(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _modes_field(instance, attribute, value):
    if not isinstance(value, tuple) or not value or not all(isinstance(v, str) for v in value) or len(set(value)) != len(value):
        raise NetworkError(f"Waveguide: modes must be a non-empty list of distinct mode names (in the order of their "
                           f"positions along the line), got {value!r}")


def _ends_field(instance, attribute, value):
    if (not isinstance(value, tuple) or len(value) != 2 or value[0] == value[1]
            or not all(isinstance(v, str) and IDENTIFIER.match(v) for v in value)):
        raise NetworkError(f"Waveguide: ends must be two different port names like ('left', 'right'), got {value!r}")


@attrs.frozen
class Waveguide(ModeList, Coupling):
    """Modes coupled at points along a two-way line whose ends are ports (module docstring).

    ``Waveguide(["a", "m"], right=["kappa_a", "kappa_m"], phases=[0, "Phi"], ends=("p1", "p2"))``:
    ``right`` (κ_k^R) and ``left`` (κ_k^L, default ``right``) are the amplitude damping rates
    each direction adds to each mode (a mode's own ``damping`` stays its internal loss),
    ``phases`` φ_k the right-moving wave's phase at each coupling point (default all 0).
    """

    type_name = "waveguide"
    modes: tuple[str, ...] = attrs.field(converter=_names, validator=_modes_field)
    right: tuple = attrs.field(converter=_names, kw_only=True)
    left: tuple = attrs.field(default=None, converter=_names, kw_only=True)
    phases: tuple = attrs.field(default=None, converter=_names, kw_only=True)
    ends: tuple[str, str] = attrs.field(default=("left", "right"), converter=_names, validator=_ends_field, kw_only=True)
    label: str = attrs.field(default=None, kw_only=True, validator=_label)

    def __attrs_post_init__(self) -> None:
        if self.label is None:
            object.__setattr__(self, "label", f"Waveguide({', '.join(self.modes)})")
        left = self.right if self.left is None else self.left
        phases = (0,) * len(self.modes) if self.phases is None else self.phases
        for name, values in (("right", self.right), ("left", left), ("phases", phases)):
            if not isinstance(values, tuple) or len(values) != len(self.modes):
                raise ParameterError(f"{self.label}.{name}: expected a list of {len(self.modes)} entries, one per mode "
                                     f"{list(self.modes)}, got {values!r}")
            exprs = tuple(as_expression(v, f"{self.label}.{name}[{k}]") for k, v in enumerate(values))
            for k, expr in enumerate(exprs):
                where = f"{self.label}.{name}[{k}]"
                if depends_on_time(expr):
                    raise ParameterError(f"{where}: a waveguide's rates and phases cannot depend on time t")
                if expr.is_number and not (expr.is_real and expr.is_finite):
                    raise ParameterError(f"{where}: {expr} is not a finite real number")
                if name != "phases" and expr.is_number and expr < 0:
                    raise ParameterError(f"{where}: a rate must be >= 0, got {expr}")
            object.__setattr__(self, name, sp.Tuple(*exprs))
        super().__attrs_post_init__()

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        """Every mode exists and is damped symmetrically (input-output theory)."""
        super().check_modes(modes)
        for name in self.modes:
            if modes[name].damping_rule.name != "symmetric":
                raise NetworkError(f"{self.label}: mode {name!r} has damping_model = {modes[name].damping_rule.name!r}; "
                                   "a waveguide needs the symmetric model (−κ o + √(2κ) o_in)")

    def parameters(self) -> tuple[ParameterInfo, ...]:
        """Each rate (a rate, >= 0 at every point) and each phase."""
        return tuple(
            ParameterInfo(f"{name}[{k}]", expr, meaning, quantity)
            for name, meaning, quantity in (
                ("right", "amplitude rate the right-moving wave adds to the mode", "rate"),
                ("left", "amplitude rate the left-moving wave adds to the mode", "rate"),
                ("phases", "phase of the right-moving wave at the coupling point (radians)", "dimensionless"),
            )
            for k, expr in enumerate(getattr(self, name))
            if not expr.is_number
        )

    def settings(self) -> dict[str, str]:
        return {"modes": ", ".join(self.modes), "ends": ", ".join(self.ends)}

    def _terms(self, ctx, rates, sign) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
        """One direction's L term by term, in the modes' order: (c_k, o_k, o_k†) with
        c_k = √(2κ_k) e^{∓iφ_k} (κ_k ≥ 0 and φ_k real, so c_k* = √(2κ_k) e^{±iφ_k})."""
        return [(sp.sqrt(2 * r) * sp.exp(sign * sp.I * phi), ctx.lowering(name), ctx.raising(name))
                for name, r, phi in zip(self.modes, rates, self.phases)]

    def _jumps(self, ctx) -> tuple[sp.Expr, sp.Expr]:
        """(L_R, L_L)."""
        return tuple(sp.Add(*(c * o for c, o, _ in self._terms(ctx, rates, sign)))
                     for rates, sign in ((self.right, -1), (self.left, 1)))

    def hamiltonian(self, ctx) -> sp.Expr:
        """H_R + H_L, the series products' coherent parts (module docstring): for each pair,
        (1/2i)(L_later† L_first − L_first† L_later) with 'first' the term the wave meets first."""
        total = sp.Integer(0)
        for rates, sign, reverse in ((self.right, -1, False), (self.left, 1, True)):
            terms = self._terms(ctx, rates, sign)
            for k in range(len(terms)):
                for j in range(k):
                    (c1, o1, u1), (c2, o2, u2) = (terms[k], terms[j]) if reverse else (terms[j], terms[k])
                    conj1, conj2 = c1.subs(sp.I, -sp.I), c2.subs(sp.I, -sp.I)
                    total += (conj2 * u2 * c1 * o1 - conj1 * u1 * c2 * o2) / (2 * sp.I)
        return sp.expand(total)

    def dissipators(self, ctx) -> tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]:
        """D[L_R] + D[L_L]: a vacuum line."""
        return tuple((sp.Integer(1), L, L) for L in self._jumps(ctx) if L != 0)

    def langevin_noise(self, ctx) -> dict[str, sp.Expr]:
        """ȯ_k ∋ c_k* R_in + c_k'* L_in, c_k, c_k' the coefficients of o_k in L_R, L_L (the
        inputs of the two ends, shown as ``<label>.right_in`` and ``<label>.left_in``)."""
        out: dict[str, sp.Expr] = {}
        for rates, sign, direction in ((self.right, -1, "right"), (self.left, 1, "left")):
            for (c, _, _), name in zip(self._terms(ctx, rates, sign), self.modes):
                if c != 0:
                    out[name] = out.get(name, 0) + c.subs(sp.I, -sp.I) * symbols.noise(f"{self.label}.{direction}")
        return out

    def port_channels(self, ctx) -> tuple[PortChannel, ...]:
        """The left end takes in the right-moving wave and gives out the left-moving one;
        the right end the other way."""
        right, left = self._jumps(ctx)
        moving_right, moving_left = f"{self.label}:right-moving", f"{self.label}:left-moving"
        return (PortChannel(self.ends[0], moving_right, right, moving_left, left),
                PortChannel(self.ends[1], moving_left, left, moving_right, right))

    def to_data(self) -> dict:
        values = lambda name: [expression_to_data(v, f"{self.label}.{name}") for v in getattr(self, name)]  # noqa: E731
        return {"type": self.type_name, "modes": list(self.modes), "right": values("right"), "left": values("left"),
                "phases": values("phases"), "ends": list(self.ends), "label": self.label}
