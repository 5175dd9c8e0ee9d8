"""Couplings between modes and terms acting on a single mode.

Each coupling names the modes it acts on by role (``cavity``, ``phonon``, ...);
``roles`` says which kind of mode each role requires, and the network checks it.
Every Hamiltonian below is normally ordered, which the derivation relies on.
"""

from __future__ import annotations

from typing import ClassVar, Mapping

import attrs
import sympy as sp

from ..errors import NetworkError
from . import symbols
from .components import Component, ParameterInfo, parameter
from .modes import Cavity, Magnon, Mode, Phonon
from .normal_order import read_hamiltonian


@attrs.frozen
class Coupling(Component):
    """Base of couplings: a component that acts on modes named by role fields."""

    #: role field -> kind of mode that role requires
    roles: ClassVar[dict[str, type[Mode]]] = {}

    @property
    def label(self) -> str:
        return f"{type(self).__name__}({', '.join(self.mode_names())})"

    def mode_names(self) -> tuple[str, ...]:
        return tuple(getattr(self, role) for role in self.roles)

    def stand_in_modes(self) -> dict[str, Mode]:
        """A default mode of the required kind per role (a cavity where any mode will do)."""
        return {getattr(self, role): (Cavity if kind is Mode else kind)(getattr(self, role)) for role, kind in self.roles.items()}

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        """Raise a :class:`NetworkError` unless every role names a mode of ``modes`` of
        the kind it requires (distinct modes for a two-mode coupling)."""
        for role, kind in self.roles.items():
            target = getattr(self, role)
            if target not in modes:
                raise NetworkError(f"{self.label}: {role} {target!r} is not a mode of the network; the modes are {list(modes)}")
            if not isinstance(modes[target], kind):
                raise NetworkError(
                    f"{self.label} couples {role} {target!r}, which is a {type(modes[target]).__name__}, not a {kind.__name__}"
                )
        if len(self.roles) > 1 and len(set(self.mode_names())) < len(self.roles):
            raise NetworkError(f"{self.label} must couple distinct modes")

    def effective_coupling(self, ctx) -> sp.Expr | None:
        """The linearized coupling strength G this component gives between two
        modes, in mean quadratures; None for single-mode terms."""
        return None

    def langevin_noise(self, ctx) -> dict[str, sp.Expr]:
        """Input-noise operators this component adds to ȯ, by mode (for the Langevin
        listing; their statistics are in its block of D). None by default."""
        return {}

    def positivity_conditions(self) -> tuple[tuple[str, sp.Matrix], ...]:
        """(where, Hermitian matrix of parameters) that must be positive semidefinite at
        every parameter point (e.g. a bath's input correlations, where they are not
        numbers); checked wherever parameter values are. None by default."""
        return ()

    def sets_inputs_of(self) -> tuple[str, ...]:
        """Modes whose own input-noise statistics this component sets (a correlated
        bath); a mode's may be set by one component at most. None by default."""
        return ()


class ModeList:
    """For a coupling whose modes are a list field ``modes`` (of any kinds): those are its
    modes, cavities stand in for them outside a network, and each must be a mode of the
    network (then the coupling's own checks run)."""

    __slots__ = ()

    def mode_names(self) -> tuple[str, ...]:
        return tuple(self.modes)

    def stand_in_modes(self) -> dict[str, Mode]:
        return {name: Cavity(name) for name in self.modes}

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        for name in self.modes:
            if name not in modes:
                raise NetworkError(f"{self.label}: mode {name!r} is not a mode of the network; the modes are {list(modes)}")
        super().check_modes(modes)


def _exchange(ctx, first: str, second: str, strength: sp.Expr) -> sp.Expr:
    """strength · (o1† o2 + o2† o1), a beam splitter."""
    return strength * (ctx.raising(first) * ctx.lowering(second) + ctx.raising(second) * ctx.lowering(first))


def _coherent_drive(ctx, mode: str, xi: sp.Expr) -> sp.Expr:
    """i(ξ o† - ξ* o): a coherent drive in the drive's frame, (S2)."""
    return sp.I * (xi * ctx.raising(mode) - sp.conjugate(xi) * ctx.lowering(mode))


@attrs.frozen
class PositionCoupling(Coupling):
    """-g o†o (b + b†): a mode's number couples to a phonon's position (S2); g is
    quoted at the reference mass and scaled by the phonon's zero-point motion."""

    def hamiltonian(self, ctx) -> sp.Expr:
        excited, phonon = self.mode_names()
        g_eff = self.g * ctx.mode(phonon).zero_point_scale
        number = ctx.raising(excited) * ctx.lowering(excited)
        return -g_eff * number * (ctx.lowering(phonon) + ctx.raising(phonon))

    def effective_coupling(self, ctx) -> sp.Expr:
        """G = g √N = g |⟨o⟩| (Table I), with g scaled to the phonon's mass."""
        excited, phonon = self.mode_names()
        x, y = (symbols.quadrature_mean(excited, q) for q in "XY")
        return self.g * ctx.mode(phonon).zero_point_scale * sp.sqrt((x**2 + y**2) / 2)


@attrs.frozen
class RadiationPressure(PositionCoupling):
    """Optomechanical coupling -g a†a (b + b†), (S2)."""

    type_name = "radiation_pressure"
    roles = {"cavity": Cavity, "phonon": Phonon}
    cavity: str
    phonon: str
    g: sp.Expr = parameter("single-photon optomechanical coupling at mass m_0", "coupling", "g_{cavity}")


@attrs.frozen
class Magnetostriction(PositionCoupling):
    """Magnomechanical coupling -g m†m (b + b†), (S2)."""

    type_name = "magnetostriction"
    roles = {"magnon": Magnon, "phonon": Phonon}
    magnon: str
    phonon: str
    g: sp.Expr = parameter("single-magnon magnomechanical coupling at mass m_0", "coupling", "g_{magnon}")


@attrs.frozen
class Contact(Coupling):
    """Phonon-phonon coupling by physical contact, -χ (b1† b2 + b2† b1), (S2)."""

    type_name = "contact"
    roles = {"phonon1": Phonon, "phonon2": Phonon}
    phonon1: str
    phonon2: str
    chi: sp.Expr = parameter("phonon-phonon contact coupling χ", "coupling", "chi_{phonon1}_{phonon2}")

    def hamiltonian(self, ctx) -> sp.Expr:
        return _exchange(ctx, self.phonon1, self.phonon2, -self.chi)

    def effective_coupling(self, ctx) -> sp.Expr:
        return self.chi


@attrs.frozen
class BeamSplitter(Coupling):
    """Exchange between any two modes, +g (o1† o2 + o2† o1) (e.g. cavity-magnon in
    cavity magnomechanics)."""

    type_name = "beam_splitter"
    roles = {"mode1": Mode, "mode2": Mode}
    mode1: str
    mode2: str
    g: sp.Expr = parameter("exchange coupling", "coupling", "g_{mode1}_{mode2}")

    def hamiltonian(self, ctx) -> sp.Expr:
        return _exchange(ctx, self.mode1, self.mode2, self.g)

    def effective_coupling(self, ctx) -> sp.Expr:
        return self.g


@attrs.frozen
class Kerr(Coupling):
    """Self-Kerr term K (o†o)² on any mode, (S2).

    Normally ordered, (o†o)² = o†² o² + o†o, so the exact Heisenberg equation gets
    -i(2K o†o + K) o (ERRATA item 3). The spec's (S3b) drops the -iKo part; the
    derivation's ``convention="spec"`` drops it too, for like-for-like comparison.
    """

    type_name = "kerr"
    roles = {"mode": Mode}
    mode: str
    K: sp.Expr = parameter("self-Kerr coefficient K", "frequency", "K_{mode}")

    def hamiltonian(self, ctx) -> sp.Expr:
        raising, lowering = ctx.raising(self.mode), ctx.lowering(self.mode)
        quartic = self.K * raising**2 * lowering**2
        return quartic if ctx.convention == "spec" else quartic + self.K * raising * lowering


@attrs.frozen
class Drive(Coupling):
    """Coherent drive i(ξ o† - ξ* o) in the drive's rotating frame, (S2)."""

    type_name = "drive"
    roles = {"mode": Mode}
    mode: str
    amplitude: sp.Expr = parameter("drive amplitude ξ", "amplitude", "xi_{mode}")

    def hamiltonian(self, ctx) -> sp.Expr:
        return _coherent_drive(ctx, self.mode, self.amplitude)


SAGNAC_SIGNS = {"LD": 1, "RD": -1}


def _direction(instance, attribute, value):
    if value not in SAGNAC_SIGNS:
        raise NetworkError(f"{type(instance).__name__}: direction must be 'LD' or 'RD', got {value!r}")


@attrs.frozen
class SagnacDrive(Coupling):
    """A coherent drive on a spinning resonator, with its Sagnac-Fizeau shift (S52).

    Driving from the left (``"LD"``) or the right (``"RD"``) of the fibre shifts the
    cavity frequency by σ = ±ΩΛ (clockwise spin Ω; LD: σ > 0, RD: σ < 0, ERRATA 10),
    so the term is σ a†a + i(ξ a† - ξ* a). ``sagnac`` is the dimensionless Λ; compute
    it from the sphere's geometry with :func:`hybridsys.model.physical.sagnac_coefficient`.
    """

    type_name = "sagnac_drive"
    roles = {"cavity": Cavity}
    cavity: str
    direction: str = attrs.field(default="LD", validator=_direction)
    amplitude: sp.Expr = parameter("drive amplitude ξ", "amplitude", "xi_{cavity}")
    spin: sp.Expr = parameter("spin angular velocity Ω of the resonator", "frequency", "Omega_{cavity}")
    sagnac: sp.Expr = parameter("Sagnac-Fizeau coefficient Λ, σ = ±ΩΛ (S52)", "dimensionless", "Lambda_{cavity}")

    @classmethod
    def from_geometry(
        cls, cavity: str, radius: float, refractive_index: float, wavelength: float, dispersion: float = 0.0, **fields
    ) -> "SagnacDrive":
        """A Sagnac drive whose Λ is computed from the sphere (SI units, see
        :func:`hybridsys.model.physical.sagnac_coefficient`)."""
        from .physical import sagnac_coefficient

        return cls(cavity, sagnac=sagnac_coefficient(radius, refractive_index, wavelength, dispersion), **fields)

    @property
    def shift(self) -> sp.Expr:
        """The Sagnac-Fizeau shift σ of the cavity frequency."""
        return SAGNAC_SIGNS[self.direction] * self.spin * self.sagnac

    def hamiltonian(self, ctx) -> sp.Expr:
        number = ctx.raising(self.cavity) * ctx.lowering(self.cavity)
        return self.shift * number + _coherent_drive(ctx, self.cavity, self.amplitude)


def _mean_magnitude(mode: str) -> sp.Expr:
    """|⟨o⟩| = √((⟨X⟩² + ⟨Y⟩²)/2) in mean quadratures."""
    x, y = (symbols.quadrature_mean(mode, q) for q in "XY")
    return sp.sqrt((x**2 + y**2) / 2)


@attrs.frozen
class TwoModeSqueezing(Coupling):
    """Two-mode squeezing (nondegenerate parametric amplification) between any two
    modes, iG(o1† o2† − o1 o2).

    It gives ȯ1 = G o2† + ..., ȯ2 = G o1† + ...: for G > 0, X1 − X2 and Y1 + Y2 are
    squeezed. Two cavities with equal κ and no detuning stay stable for |G| < κ.
    """

    type_name = "two_mode_squeezing"
    roles = {"mode1": Mode, "mode2": Mode}
    mode1: str
    mode2: str
    G: sp.Expr = parameter("two-mode squeezing rate G", "coupling", "G_{mode1}_{mode2}")

    def hamiltonian(self, ctx) -> sp.Expr:
        first, second = self.mode1, self.mode2
        return sp.I * self.G * (ctx.raising(first) * ctx.raising(second) - ctx.lowering(first) * ctx.lowering(second))

    def effective_coupling(self, ctx) -> sp.Expr:
        return self.G


@attrs.frozen
class Squeezing(Coupling):
    """Degenerate parametric drive (single-mode squeezing) of any mode,
    i(G/2)(e^{iθ} o†² − e^{−iθ} o²), in the frame rotating at half the pump frequency.

    It gives ȯ = G e^{iθ} o† + ...; for θ = 0 and G > 0, Y is squeezed and X
    amplified (the quadrature at angle θ/2 is amplified). A mode with damping κ and no
    detuning stays stable for |G| < κ.
    """

    type_name = "squeezing"
    roles = {"mode": Mode}
    mode: str
    G: sp.Expr = parameter("parametric gain G (squeezing rate)", "coupling", "G_{mode}")
    phase: sp.Expr = parameter("pump phase θ (radians)", "dimensionless", 0)

    def hamiltonian(self, ctx) -> sp.Expr:
        raising, lowering = ctx.raising(self.mode), ctx.lowering(self.mode)
        pump = sp.exp(sp.I * self.phase)
        return sp.I * self.G / 2 * (pump * raising**2 - sp.conjugate(pump) * lowering**2)


@attrs.frozen
class CrossKerr(Coupling):
    """Cross-Kerr coupling K o1†o1 o2†o2 between any two modes: each mode's number
    shifts the other's frequency by K per quantum."""

    type_name = "cross_kerr"
    roles = {"mode1": Mode, "mode2": Mode}
    mode1: str
    mode2: str
    K: sp.Expr = parameter("cross-Kerr coefficient K", "frequency", "K_{mode1}_{mode2}")

    def hamiltonian(self, ctx) -> sp.Expr:
        first, second = self.mode1, self.mode2
        return self.K * ctx.raising(first) * ctx.lowering(first) * ctx.raising(second) * ctx.lowering(second)

    def effective_coupling(self, ctx) -> sp.Expr:
        """G = K |⟨o1⟩||⟨o2⟩|: the linearized term is 2G X1' X2' (rotated quadratures),
        as radiation pressure's is −2G X' X_b with G = g|⟨o⟩|."""
        return self.K * _mean_magnitude(self.mode1) * _mean_magnitude(self.mode2)


def check_written_modes(label: str, text: str, read, modes: Mapping[str, Mode], as_parameter) -> None:
    """For a component written as text (``read`` from :mod:`hybridsys.model.normal_order`):
    every mode the text uses is a mode of the network, and no parameter of the text is
    named like one (``as_parameter(name)`` says why that name reads as a parameter)."""
    for name in read.modes:
        if name not in modes:
            raise NetworkError(f"{label}: {text} uses mode {name!r} ({name}, {name}_dag), which is not a mode of the "
                               f"network; the modes are {list(modes)}")
    for symbol in read.parameters:
        if symbol.name in modes:
            raise NetworkError(f"{label}: in {text}, {symbol.name!r} is a mode of the network but {as_parameter(symbol.name)}")


def _label(instance, attribute, value):
    if value is not None and not (isinstance(value, str) and value.strip()):
        raise NetworkError(f"Term: label must be a non-empty text, got {value!r}")


@attrs.frozen
class Term(Coupling):
    """Any Hermitian, normally ordered polynomial in the network's ladder operators,
    written as text: ``Term(hamiltonian="G*(a_dag*b_dag + a*b)", label="amplifier")``.

    ``a`` and ``a_dag`` are mode ``a``'s annihilation and creation operators; ``t`` is
    time; the other names are real parameters, listed with the network's parameters. The rules
    (written order, normal order, Hermiticity) are those of
    :mod:`hybridsys.model.normal_order`. The modes come from the text and are checked
    when the term joins a network. ``label`` defaults to ``Term(a, b)``.
    """

    type_name = "term"
    hamiltonian_text: str = attrs.field(alias="hamiltonian")
    label: str = attrs.field(default=None, kw_only=True, validator=_label)
    _read = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        where = f"{self.label}.hamiltonian" if self.label else f"Term(hamiltonian={self.hamiltonian_text!r})"
        read = read_hamiltonian(self.hamiltonian_text, where)
        object.__setattr__(self, "_read", read)
        if self.label is None:
            object.__setattr__(self, "label", f"Term({', '.join(read.modes)})")

    def mode_names(self) -> tuple[str, ...]:
        return self._read.modes

    def stand_in_modes(self) -> dict[str, Mode]:
        return {name: Cavity(name) for name in self.mode_names()}

    def check_modes(self, modes: Mapping[str, Mode]) -> None:
        """Every mode of the text is a mode of the network, and no parameter of the
        text is named like a mode (``b`` without ``b_dag`` would read as a parameter)."""
        check_written_modes(
            self.label, f"its Hamiltonian {self.hamiltonian_text!r}", self._read, modes,
            lambda name: f"reads as a parameter, since {name}_dag does not occur; write both {name} and {name}_dag "
                         "(a Hermitian H has both), or rename the parameter",
        )

    def parameters(self) -> tuple[ParameterInfo, ...]:
        """One entry per parameter of the text: a coefficient (unit ω_ref) where it
        only multiplies whole terms, a modulation frequency (unit ω_ref) where it only
        enters exp, sin or cos together with time t, dimensionless where it only enters
        them without t (a phase), an expression otherwise."""
        ladder = [op for m in self.mode_names() for op in (symbols.lowering(m), symbols.raising(m))]
        coefficients = sp.Poly(self._read.polynomial, *ladder).coeffs()
        infos = []
        for symbol in self._read.parameters:
            using = [c for c in coefficients if c.has(symbol)]
            if all(not sp.expand(c / symbol).has(symbol) for c in using):
                quantity, meaning = "frequency", "coefficient in the Hamiltonian"
            elif all(not c.xreplace({f: 1 for f in c.atoms(sp.exp, sp.sin, sp.cos)}).has(symbol) for c in using):
                inside = [
                    term for c in using for f in c.atoms(sp.exp, sp.sin, sp.cos)
                    for term in sp.Add.make_args(sp.expand(f.args[0])) if term.has(symbol)
                ]
                if all(symbols.depends_on_time(term) for term in inside):
                    quantity, meaning = "frequency", "modulation frequency (with t inside exp, sin or cos) in the Hamiltonian"
                else:
                    quantity, meaning = "dimensionless", "phase (inside exp, sin or cos) in the Hamiltonian"
            else:
                quantity, meaning = "expression", "enters the Hamiltonian"
            infos.append(ParameterInfo(symbol.name, symbol, meaning, quantity))
        return tuple(infos)

    def time_dependence(self) -> tuple[str, ...]:
        return ("hamiltonian",) if symbols.depends_on_time(self._read.polynomial) else ()

    def settings(self) -> dict[str, str]:
        return {"hamiltonian": self.hamiltonian_text}

    def hamiltonian(self, ctx) -> sp.Expr:
        for name in self.mode_names():
            ctx.mode(name)
        return self._read.polynomial

    def to_data(self) -> dict:
        return {"type": self.type_name, "label": self.label, "hamiltonian": self.hamiltonian_text}


#: Every component type by its model-file name.
COMPONENT_TYPES: dict[str, type[Component]] = {
    cls.type_name: cls
    for cls in (
        Cavity, Magnon, Phonon, RadiationPressure, Magnetostriction, Contact, BeamSplitter, Kerr, Drive, SagnacDrive,
        TwoModeSqueezing, Squeezing, CrossKerr, Term,
    )
}
