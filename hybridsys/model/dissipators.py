"""Dissipative components: jump operators and correlated baths (the SLH "L" of a network).

Each component here stamps Lindblad terms (w, L, K), meaning w·(L ρ K† − ½{K† L, ρ}),
through :meth:`Component.dissipators`, as a coupling stamps Hamiltonian terms. The
Gaussian routes (Langevin, drift A, diffusion D, truncated Wigner) read them through
:mod:`hybridsys.symbolic.dissipation`; they need L and K linear in the ladder operators.

**Amplitude convention** (as a mode's own damping, (S3)). A bath channel with jump J,
rate Γ and occupation n̄ has the Lindblad operator L = √(2Γ)·J and stamps

    (n̄ + 1)·D[L] + n̄·D[L†],   D[L]ρ = L ρ L† − ½{L†L, ρ},

so ``Dissipator(jump="a", rate=kappa)`` is exactly mode a's symmetric damping: ȧ ∋
−κ a + √(2κ) a_in. For a linear jump J = Σ_k (λ_k o_k + μ_k o_k†) it gives

    ȯ_j ∋ −Γ (λ_j* J − μ_j J†) + √(2Γ) (λ_j* J_in − μ_j J_in†),   ⟨J_in† J_in⟩ = n̄,

with one input operator J_in per component (shown as ``<label>_in``).

**Correlated inputs.** :class:`GaussianBath` and :class:`TwoModeSqueezedBath` do not add
channels: they set the statistics of the listed modes' OWN damping inputs o_in
(ȯ ∋ −κ o + √(2κ) o_in), N_jk = ⟨o_j,in† o_k,in⟩ and M_jk = ⟨o_j,in o_k,in⟩. Such a mode
must be left at a vacuum bath of its own (occupation 0, squeezing 0, symmetric damping):
its bath is then wholly the one the component declares, and a mode's inputs are set by
one such component at most. With c_j = √(2κ_j) o_j the component stamps the excess over
the vacuum (the mode stamps D[c_j] itself):

    Σ_jk [ N_kj (c_j ρ c_k† − ½{c_k† c_j, ρ}) + N_jk (c_j† ρ c_k − ½{c_k c_j†, ρ})
           − M_jk (c_j† ρ c_k† − ½{c_k† c_j†, ρ}) − M_jk* (c_j ρ c_k − ½{c_k c_j, ρ}) ],

which leaves the drift alone and adds to D the block B (C_in − ½I) Bᵀ, B = ⊕ √(2κ_j) I₂,
C_in the symmetrized input-quadrature correlations ((S20), :mod:`hybridsys.model.baths`).
"""

from __future__ import annotations

from typing import Mapping

import attrs
import numpy as np
import sympy as sp

from ..errors import NetworkError, ParameterError
from . import symbols
from .components import ParameterInfo, parameter
from .couplings import Coupling, ModeList, _label, check_written_modes
from .modes import Cavity, Mode
from .normal_order import dagger, read_jump
from .symbols import as_expression, expression_to_data


@attrs.frozen
class Dissipative(Coupling):
    """A component that stamps Lindblad terms and no Hamiltonian. Its terms set the
    diffusion matrix, so, like a mode's bath, it cannot depend on time t."""

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.time_dependence():
            raise ParameterError(
                f"{self.label}.{self.time_dependence()[0]}: a bath channel cannot depend on time t; time may enter "
                "drives, detunings, frequencies, couplings and Kerr strengths"
            )

    def hamiltonian(self, ctx) -> sp.Expr:
        return sp.Integer(0)


@attrs.frozen
class Channel(Dissipative):
    """One bath channel: jump J at rate Γ (L = √(2Γ) J) and occupation n̄ (module docstring)."""

    def jump(self, ctx) -> sp.Expr:
        """The jump operator J, a normally ordered polynomial in ``ctx``'s ladder symbols."""
        raise NotImplementedError

    @property
    def channel_rate(self) -> sp.Expr:
        raise NotImplementedError

    def dissipators(self, ctx) -> tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]:
        """(n̄+1)·D[√(2Γ) J] + n̄·D[√(2Γ) J†] (the second left out where n̄ = 0), written
        (2Γ(n̄+1), J, J) and (2Γn̄, J†, J†): the rate in the weight, no square root of it."""
        jump = self.jump(ctx)
        terms = [(2 * self.channel_rate * (self.occupation + 1), jump, jump)]
        if self.occupation != 0:
            raised = dagger(jump, self.mode_names())
            terms.append((2 * self.channel_rate * self.occupation, raised, raised))
        return tuple((sp.expand(w), L, K) for w, L, K in terms)

    def langevin_noise(self, ctx) -> dict[str, sp.Expr]:
        """√(2Γ)([o_j, J†] J_in − [o_j, J] J_in†) in ȯ_j, [o, P] = ∂P/∂o† for normally ordered P."""
        jump = self.jump(ctx)
        raised = dagger(jump, self.mode_names())
        noise, noise_dagger = symbols.noise(self.label), symbols.noise(self.label, dagger=True)
        gain = sp.sqrt(2 * self.channel_rate)
        out = {}
        for name in self.mode_names():
            up = ctx.raising(name)
            term = sp.expand(gain * (sp.diff(raised, up) * noise - sp.diff(jump, up) * noise_dagger))
            if term != 0:
                out[name] = term
        return out


@attrs.frozen
class Dissipator(Channel):
    """A generic bath channel whose jump operator is written as text:
    ``Dissipator(jump="a + exp(I*theta)*m", rate="Gamma", occupation=0, label="bath")``.

    In the jump every name outside a function is a mode's ladder operator (``a``
    annihilates mode a, ``a_dag`` creates); names inside sqrt, exp, sin, cos are real
    parameters (:func:`hybridsys.model.normal_order.read_jump`). L = √(2Γ)·jump, stamped as
    (n̄+1)·D[L] + n̄·D[L†]: ``jump="a"`` at rate κ is mode a's symmetric damping (S3). A
    jump that is not linear (``"b*b"``) is kept for the master-equation route and refused,
    naming this component, by the Gaussian and Wigner routes. ``label`` defaults to
    ``Dissipator(a, m)``; ``rate`` to ``Gamma_jump_a_m``.
    """

    type_name = "dissipator"
    jump_text: str = attrs.field(alias="jump")
    rate: sp.Expr = parameter("amplitude rate Γ of the channel, L = √(2Γ)·jump", "rate", None)
    occupation: sp.Expr = parameter("bath occupation n̄ of the channel", "occupation", 0)
    label: str = attrs.field(default=None, kw_only=True, validator=_label)
    _read = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        where = f"{self.label}.jump" if self.label else f"Dissipator(jump={self.jump_text!r})"
        read = read_jump(self.jump_text, where)
        object.__setattr__(self, "_read", read)
        if self.label is None:
            object.__setattr__(self, "label", f"Dissipator({', '.join(read.modes)})")
        defaulted_rate = self.rate is None
        if defaulted_rate:
            object.__setattr__(self, "rate", f"Gamma_jump_{'_'.join(read.modes)}")
        super().__attrs_post_init__()
        if defaulted_rate:
            object.__setattr__(self, "_defaulted", self._defaulted | {"rate"})

    @property
    def channel_rate(self) -> sp.Expr:
        return self.rate

    def mode_names(self) -> tuple[str, ...]:
        return self._read.modes

    def stand_in_modes(self) -> dict[str, Mode]:
        return {name: Cavity(name) for name in self.mode_names()}

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        """Every mode of the jump is a mode of the network, and no parameter of the
        jump is named like a mode."""
        check_written_modes(self.label, f"its jump {self.jump_text!r}", self._read, modes,
                            lambda name: "stands inside a function, where names are parameters; rename the parameter")

    def parameters(self) -> tuple[ParameterInfo, ...]:
        """The fields, then the jump's parameters: a weight (>= 0) where it stands under a
        square root (its conjugate is then itself), a real phase otherwise."""
        rooted = {s for p in self._read.polynomial.atoms(sp.Pow) if not p.exp.is_Integer for s in p.base.free_symbols}
        return super().parameters() + tuple(
            ParameterInfo(s.name, s, "weight in the jump (under a square root, >= 0)", "weight") if s in rooted
            else ParameterInfo(s.name, s, "phase or coefficient in the jump (inside exp, sin or cos)", "dimensionless")
            for s in self._read.parameters
        )

    def time_dependence(self) -> tuple[str, ...]:
        return super().time_dependence() + (("jump",) if symbols.depends_on_time(self._read.polynomial) else ())

    def settings(self) -> dict[str, str]:
        return {"jump": self.jump_text}

    def jump(self, ctx) -> sp.Expr:
        for name in self.mode_names():
            ctx.mode(name)
        return self._read.polynomial

    def to_data(self) -> dict:
        data = super().to_data()
        data["jump"] = data.pop("jump_text")
        return data


@attrs.frozen
class DissipativeCoupling(Channel):
    """A shared bath of two modes: jump J = o1 + e^{iθ} o2 at rate Γ, occupation n̄.

    ȯ1 ∋ −Γ o1 − Γ e^{iθ} o2, ȯ2 ∋ −Γ o2 − Γ e^{−iθ} o1 (each mode also gets damping Γ
    from it), plus the shared noise √(2Γ) J_in in ȯ1 and √(2Γ) e^{−iθ} J_in in ȯ2.
    Beside a beam splitter g (H ∋ g(o1†o2 + o2†o1)) the effective hoppings are
    −ig − Γe^{iθ} (o2 → o1) and −ig − Γe^{−iθ} (o1 → o2): nonreciprocal where they
    differ in magnitude (Metelmann & Clerk, PRX 5, 021025 (2015): |g| = Γ, θ = ±π/2
    isolates). It is the adiabatic elimination of a mode c damped at κ_c → ∞ with
    H ∋ g[c†(o1 + e^{iθ} o2) + h.c.], Γ = g²/κ_c fixed (tests/test_dissipators.py).
    """

    type_name = "dissipative_coupling"
    roles = {"mode1": Mode, "mode2": Mode}
    mode1: str
    mode2: str
    Gamma: sp.Expr = parameter("amplitude rate Γ of the shared bath, L = √(2Γ)(o1 + e^{iθ} o2)", "rate", "Gamma_{mode1}_{mode2}")
    phase: sp.Expr = parameter("phase θ of the shared bath (radians)", "dimensionless", 0)
    occupation: sp.Expr = parameter("occupation n̄ of the shared bath", "occupation", 0)

    @property
    def channel_rate(self) -> sp.Expr:
        return self.Gamma

    def jump(self, ctx) -> sp.Expr:
        return ctx.lowering(self.mode1) + sp.exp(sp.I * self.phase) * ctx.lowering(self.mode2)


@attrs.frozen
class CorrelatedInputs(Dissipative):
    """Sets the statistics N, M of the listed modes' own damping inputs (module docstring)."""

    def correlations(self) -> tuple[sp.Matrix, sp.Matrix]:
        """(N, M) over :meth:`mode_names`: N_jk = ⟨o_j,in† o_k,in⟩, M_jk = ⟨o_j,in o_k,in⟩."""
        raise NotImplementedError

    def sets_inputs_of(self) -> tuple[str, ...]:
        return self.mode_names()

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        """Each mode exists, is damped symmetrically and has a vacuum bath of its own."""
        super().check_modes(modes)
        for name in self.mode_names():
            mode = modes[name]
            if mode.damping_rule.name != "symmetric" or mode.occupation != 0 or mode.squeezing != 0:
                raise NetworkError(
                    f"{self.label} sets the input noise of mode {name!r}, so that mode's own bath must be the vacuum with "
                    f"symmetric damping (occupation = 0, squeezing = 0, damping_model = 'symmetric'); it has occupation = "
                    f"{mode.occupation}, squeezing = {mode.squeezing}, damping model {mode.damping_rule.name!r}"
                )

    def dissipators(self, ctx) -> tuple[tuple[sp.Expr, sp.Expr, sp.Expr], ...]:
        """The excess over the vacuum, with c_j = √(2κ_j) o_j (module docstring)."""
        names = self.mode_names()
        N, M = self.correlations()
        rates = [ctx.mode(n).damping for n in names]
        down, up = [ctx.lowering(n) for n in names], [ctx.raising(n) for n in names]
        terms = []
        for j in range(len(names)):
            for k in range(len(names)):
                scale = 2 * (rates[j] if j == k else sp.sqrt(rates[j] * rates[k]))
                candidates = (
                    (N[k, j], down[j], down[k]),
                    (N[j, k], up[j], up[k]),
                    (-M[j, k], up[j], down[k]),
                    (-sp.conjugate(M[j, k]), down[j], up[k]),
                )
                terms += [(sp.expand(scale * w), L, K) for w, L, K in candidates if w != 0]
        return tuple(terms)


def input_gram(N: sp.Matrix, M: sp.Matrix) -> sp.Matrix:
    """⟨v v†⟩ for v = (o_1,in, ..., o_1,in†, ...): [[1 + Nᵀ, M], [M*, N]]. It is ⪰ 0
    exactly when the input correlations are physical (C + iΩ/2 ⪰ 0 in quadratures)."""
    n = N.rows
    return sp.Matrix(sp.BlockMatrix([[sp.eye(n) + N.T, M], [M.conjugate(), N]]))


def _matrix(value, where: str, size: int) -> sp.ImmutableMatrix:
    """A size × size matrix of numbers or parameter expressions from nested lists (a
    model file's form)."""
    if isinstance(value, sp.MatrixBase):
        value = value.tolist()
    if (not isinstance(value, (list, tuple)) or len(value) != size
            or not all(isinstance(row, (list, tuple)) and len(row) == size for row in value)):
        raise ParameterError(f"{where}: expected a {size}×{size} matrix (a list of {size} rows of {size} entries), got {value!r}")
    return sp.ImmutableMatrix([[as_expression(v, f"{where}[{i}][{j}]") for j, v in enumerate(row)] for i, row in enumerate(value)])


def _is_zero(matrix: sp.Matrix) -> bool:
    return all(sp.expand(entry) == 0 or sp.simplify(entry) == 0 for entry in matrix)


def _as_modes(value):
    """A list of mode names as a tuple (a text stays a text, for the validator to refuse)."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _modes_field(instance, attribute, value):
    if not isinstance(value, tuple) or not value or not all(isinstance(v, str) for v in value) or len(set(value)) != len(value):
        raise NetworkError(f"GaussianBath: modes must be a list of distinct mode names, got {value!r}")


@attrs.frozen
class GaussianBath(ModeList, CorrelatedInputs):
    """A general Gaussian input on the listed modes' own damping channels, given by its
    matrices N_jk = ⟨o_j,in† o_k,in⟩ (Hermitian) and M_jk = ⟨o_j,in o_k,in⟩ (symmetric):
    numbers or expressions of real parameters (complex entries as text, ``"0.3*I"``,
    ``"-m*exp(I*theta)"``). It is checked physical, [[1 + Nᵀ, M], [M*, N]] ⪰ 0, i.e.
    C_in + iΩ/2 ⪰ 0: once where the entries are numbers, at every parameter point
    otherwise (:meth:`positivity_conditions`)."""

    type_name = "gaussian_bath"
    modes: tuple[str, ...] = attrs.field(converter=_as_modes, validator=_modes_field)
    N: sp.ImmutableMatrix
    M: sp.ImmutableMatrix
    label: str = attrs.field(default=None, kw_only=True, validator=_label)

    def __attrs_post_init__(self) -> None:
        if self.label is None:
            object.__setattr__(self, "label", f"GaussianBath({', '.join(self.modes)})")
        size = len(self.modes)
        N = _matrix(self.N, f"{self.label}.N", size)
        M = _matrix(self.M, f"{self.label}.M", size)
        if not _is_zero(N - N.H):
            raise ParameterError(f"{self.label}.N = {N.tolist()} is not Hermitian (N_jk = ⟨o_j,in† o_k,in⟩ = N_kj*)")
        if not _is_zero(M - M.T):
            raise ParameterError(f"{self.label}.M = {M.tolist()} is not symmetric (M_jk = ⟨o_j,in o_k,in⟩ = M_kj)")
        gram = input_gram(N, M)
        if not gram.free_symbols:
            values = np.array(gram.evalf(), dtype=complex)
            lowest = np.linalg.eigvalsh(values)[0]
            if lowest < -1e-12 * max(1.0, np.abs(values).max()):
                raise ParameterError(
                    f"{self.label}: the input correlations N = {N.tolist()}, M = {M.tolist()} are not physical: "
                    f"[[1 + Nᵀ, M], [M*, N]] has the eigenvalue {lowest:.3g} < 0 (C_in + iΩ/2 must be ⪰ 0; for one mode: "
                    "|M|² ≤ N(N + 1))"
                )
        object.__setattr__(self, "N", N)
        object.__setattr__(self, "M", M)
        super().__attrs_post_init__()

    def parameters(self) -> tuple[ParameterInfo, ...]:
        """The parameters in N and M (their joint physicality is checked at every point)."""
        found = sorted(self.N.free_symbols | self.M.free_symbols, key=lambda s: s.name)
        return tuple(ParameterInfo(s.name, s, "enters the bath correlations N, M", "dimensionless") for s in found)

    def positivity_conditions(self) -> tuple[tuple[str, sp.Matrix], ...]:
        """[[1 + Nᵀ, M], [M*, N]] ⪰ 0 where N or M hold parameters (numbers are checked
        when the bath is declared)."""
        gram = input_gram(self.N, self.M)
        return ((f"{self.label}: [[1 + Nᵀ, M], [M*, N]] of the input correlations", gram),) if gram.free_symbols else ()

    def correlations(self) -> tuple[sp.Matrix, sp.Matrix]:
        return self.N, self.M

    def settings(self) -> dict[str, str]:
        return {"N": sp.sstr(self.N.tolist()), "M": sp.sstr(self.M.tolist())}

    def to_data(self) -> dict:
        rows = lambda matrix, name: [[expression_to_data(v, f"{self.label}.{name}") for v in row] for row in matrix.tolist()]  # noqa: E731
        return {"type": self.type_name, "modes": list(self.modes), "N": rows(self.N, "N"), "M": rows(self.M, "M"), "label": self.label}


@attrs.frozen
class TwoModeSqueezedBath(CorrelatedInputs):
    """The two outputs of a parametric amplifier (a two-mode squeezed thermal state)
    feeding two modes' own damping inputs: the input state is S₂(ζ)(ρ_th(n̄) ⊗ ρ_th(n̄))S₂†,
    S₂(ζ) = exp(ζ* o1 o2 − ζ o1† o2†), ζ = r e^{iθ}, so

        N_11 = N_22 = (n̄ + ½) cosh 2r − ½,  N_12 = 0,  M_12 = ⟨o1,in o2,in⟩ = −(n̄ + ½) e^{iθ} sinh 2r,

    the single-mode sign convention of :mod:`hybridsys.model.baths`. θ = 0 squeezes the
    inputs' X1 + X2 and Y1 − Y2 (variance (n̄ + ½) e^{−2r} per normalized combination).
    Physical for every r ≥ 0, n̄ ≥ 0. The two modes must have vacuum baths of their own
    (their damping κ_j is kept), and a mode's inputs can be set by one such bath only.
    """

    type_name = "two_mode_squeezed_bath"
    roles = {"mode1": Mode, "mode2": Mode}
    mode1: str
    mode2: str
    r: sp.Expr = parameter("squeezing r >= 0 of the two-mode squeezed input", "squeezing", "r_{mode1}_{mode2}")
    phase: sp.Expr = parameter("squeezing phase θ (radians; 0 squeezes X1 + X2)", "dimensionless", 0)
    occupation: sp.Expr = parameter("thermal occupation n̄ of each input before squeezing", "occupation", 0)

    def correlations(self) -> tuple[sp.Matrix, sp.Matrix]:
        half = self.occupation + sp.Rational(1, 2)
        n = sp.expand(half * sp.cosh(2 * self.r) - sp.Rational(1, 2))
        m = -half * sp.exp(sp.I * self.phase) * sp.sinh(2 * self.r)
        return sp.Matrix([[n, 0], [0, n]]), sp.Matrix([[0, m], [m, 0]])
