"""Couplings between modes and terms acting on a single mode.

Each coupling names the modes it acts on by role (``cavity``, ``phonon``, ...);
``roles`` says which kind of mode each role requires, and the network checks it.
Every Hamiltonian below is normally ordered, which the derivation relies on.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import sympy as sp

from ..errors import NetworkError
from . import symbols
from .components import Component, parameter
from .modes import Cavity, Magnon, Mode, Phonon


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

    def effective_coupling(self, ctx) -> sp.Expr | None:
        """The linearized coupling strength G this component gives between two
        modes, in mean quadratures; None for single-mode terms."""
        return None


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


#: Every component type by its model-file name.
COMPONENT_TYPES: dict[str, type[Component]] = {
    cls.type_name: cls
    for cls in (Cavity, Magnon, Phonon, RadiationPressure, Magnetostriction, Contact, BeamSplitter, Kerr, Drive, SagnacDrive)
}
