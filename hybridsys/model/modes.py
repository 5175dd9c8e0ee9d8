"""Bosonic modes: optical cavity, magnon (Kittel mode), phonon.

Each mode has a frequency in the rotating frame (a detuning Δ = ω - ω_d for a
driven mode, (S2)), an amplitude damping rate and a bath occupation (S3)-(S4).
Its Hamiltonian term is ω o†o; its damping and input noise enter the Langevin
equation as -κ o + √(2κ) o_in.
"""

from __future__ import annotations

import attrs
import sympy as sp

from ..errors import NetworkError
from .components import Component, parameter
from .symbols import IDENTIFIER


def _mode_name(instance, attribute, value):
    if not isinstance(value, str) or not IDENTIFIER.match(value):
        raise NetworkError(f"{type(instance).__name__}: mode name {value!r} must be an identifier like 'a' or 'b1'")


@attrs.frozen
class Mode(Component):
    """A bosonic mode. Subclasses fix its physical kind and its default names."""

    name: str = attrs.field(validator=_mode_name)

    @property
    def label(self) -> str:
        return self.name

    def stand_in_modes(self) -> dict[str, "Mode"]:
        return {self.name: self}

    def mode_names(self) -> tuple[str, ...]:
        return (self.name,)

    @property
    def frame_frequency(self) -> sp.Expr:
        """The mode's frequency in the frame the equations are written in."""
        raise NotImplementedError

    def hamiltonian(self, ctx) -> sp.Expr:
        return self.frame_frequency * ctx.raising(self.name) * ctx.lowering(self.name)

    @property
    def zero_point_scale(self) -> sp.Expr:
        """Factor multiplying couplings to this mode's position; 1 except for phonons."""
        return sp.Integer(1)


@attrs.frozen
class DetunedMode(Mode):
    """A mode written in the rotating frame of its drive: frequency = detuning Δ."""

    detuning: sp.Expr = parameter("detuning from its drive, Δ = ω - ω_drive", "frequency", "Delta_{name}")
    damping: sp.Expr = parameter("amplitude decay rate κ (linewidth FWHM = 2κ)", "rate", "kappa_{name}")
    occupation: sp.Expr = parameter("bath occupation n̄ (default 0, ERRATA 4)", "occupation", 0)

    @property
    def frame_frequency(self) -> sp.Expr:
        return self.detuning


@attrs.frozen
class Cavity(DetunedMode):
    """An optical (or microwave) cavity mode a, in the frame of its drive."""

    type_name = "cavity"


@attrs.frozen
class Magnon(DetunedMode):
    """The Kittel magnon mode m of a YIG sphere, in the frame of its microwave drive."""

    type_name = "magnon"


@attrs.frozen
class Phonon(Mode):
    """A mechanical mode b with frequency ω, damping γ, thermal occupation n̄ and mass.

    ``mass`` is in units of the reference mass m_0 at which couplings to this
    phonon's position are quoted: such couplings scale with the zero-point motion
    x_zpf ∝ 1/√m, i.e. by ``1/sqrt(mass)`` (ERRATA item 11).
    """

    type_name = "phonon"
    frequency: sp.Expr = parameter("mechanical frequency ω", "frequency", "omega_{name}")
    damping: sp.Expr = parameter("amplitude damping rate γ", "rate", "gamma_{name}")
    occupation: sp.Expr = parameter("thermal bath occupation n̄ (S4)", "occupation", "nbar_{name}")
    mass: sp.Expr = parameter("effective mass in units of the reference mass m_0", "mass", 1)

    @property
    def frame_frequency(self) -> sp.Expr:
        return self.frequency

    @property
    def zero_point_scale(self) -> sp.Expr:
        return 1 / sp.sqrt(self.mass)
