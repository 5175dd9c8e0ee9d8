"""Bosonic modes: optical cavity, magnon (Kittel mode), phonon.

Each mode has a frequency in the rotating frame (a detuning Δ = ω - ω_d for a
driven mode, (S2)), a damping rate and a bath: occupation n̄ (S3)-(S4) and, optionally,
squeezing r at phase θ. Its Hamiltonian term is ω o†o. Each mode stamps its own
damping (the linear dissipative terms of ȯ) and its own block of the diffusion
matrix D, through its damping model (:mod:`hybridsys.model.baths`): -κ o + √(2κ) o_in
(S3) for every mode by default; a phonon may instead be a quantum Brownian oscillator.
"""

from __future__ import annotations

import attrs
import sympy as sp

from ..errors import NetworkError, ParameterError
from .baths import DampingModel, Symmetric, bath_covariance, bath_moments, damping_model
from .components import Component, parameter
from . import symbols
from .symbols import IDENTIFIER


def _mode_name(instance, attribute, value):
    if not isinstance(value, str) or not IDENTIFIER.match(value):
        raise NetworkError(f"{type(instance).__name__}: mode name {value!r} must be an identifier like 'a' or 'b1'")
    if value in symbols.RESERVED:
        raise NetworkError(
            f"{type(instance).__name__}: mode name {value!r} is a reserved word of the expression language "
            f"({', '.join(sorted(symbols.RESERVED))}): terms would read it as that, not as the mode; choose another name"
        )


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

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if symbols.depends_on_time(getattr(self, "squeezing_phase", sp.Integer(0))):
            raise ParameterError(f"{self.label}.squeezing_phase: a bath cannot depend on time t (got {self.squeezing_phase})")

    # -- the bath (each mode stamps its own damping and noise) ------------------------
    @property
    def damping_rule(self) -> DampingModel:
        """How this mode is damped (:mod:`hybridsys.model.baths`); symmetric (S3) unless chosen."""
        return Symmetric()

    def dissipation(self, lowering: sp.Expr, raising: sp.Expr) -> sp.Expr:
        """The linear dissipative part of ȯ, written in ``lowering`` and ``raising``
        (the operators, their mean fields or their fluctuations)."""
        return self.damping_rule.drift(self.damping, lowering, raising)

    def input_noise(self) -> sp.Expr:
        """The input-noise part of ȯ, in o_in and o_in† (S3)."""
        return self.damping_rule.noise(self.damping, symbols.noise(self.name), symbols.noise(self.name, dagger=True))

    def dissipators(self, ctx) -> tuple:
        """The master equation of this mode's damping (:mod:`hybridsys.model.baths`):
        2κ(N+1) D[o] + 2κN D[o†] and, in a squeezed bath, −2κM (o†, o), −2κM* (o, o†);
        Brownian damping raises :class:`~hybridsys.model.baths.NotLindblad`."""
        N, M = bath_moments(self.occupation, self.squeezing, self.squeezing_phase)
        return self.damping_rule.dissipators(self.damping, ctx.lowering(self.name), ctx.raising(self.name), N, M, self.label)

    def diffusion_block(self) -> sp.Matrix:
        """This mode's 2×2 block of D: B C Bᵀ, B the damping model's noise gain and
        C the bath's input correlations (thermal: κ(2n̄+1) I, (S20))."""
        gain = self.damping_rule.gain(self.damping)
        bath = bath_covariance(self.occupation, self.squeezing, self.squeezing_phase)
        return (gain * bath * gain.T).applyfunc(sp.expand)


@attrs.frozen
class DetunedMode(Mode):
    """A mode written in the rotating frame of its drive: frequency = detuning Δ."""

    detuning: sp.Expr = parameter("detuning from its drive, Δ = ω - ω_drive", "frequency", "Delta_{name}")
    damping: sp.Expr = parameter("amplitude decay rate κ (linewidth FWHM = 2κ)", "rate", "kappa_{name}")
    occupation: sp.Expr = parameter("bath occupation n̄ (default 0, ERRATA 4)", "occupation", 0)
    squeezing: sp.Expr = parameter("bath squeezing r >= 0 (default 0: thermal bath)", "squeezing", 0)
    squeezing_phase: sp.Expr = parameter("bath squeezing phase θ (0 squeezes X)", "dimensionless", 0)

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

    ``damping_model`` is ``"symmetric"`` (default, (S3): ḃ ∋ −γ b + √(2γ) b_in, γ the
    amplitude decay rate, FWHM 2γ) or ``"brownian"`` (quantum Brownian motion:
    ṗ ∋ −γ p + ξ, γ the energy decay rate ω/Q = FWHM). See :mod:`hybridsys.model.baths`.
    A squeezed bath needs the symmetric model.
    """

    type_name = "phonon"
    frequency: sp.Expr = parameter("mechanical frequency ω", "frequency", "omega_{name}")
    damping: sp.Expr = parameter(
        "damping rate γ: amplitude decay (symmetric, FWHM 2γ) or energy decay ω/Q (brownian, FWHM γ)", "rate", "gamma_{name}"
    )
    occupation: sp.Expr = parameter("thermal bath occupation n̄ (S4)", "occupation", "nbar_{name}")
    mass: sp.Expr = parameter("effective mass in units of the reference mass m_0", "mass", 1)
    squeezing: sp.Expr = parameter("bath squeezing r >= 0 (default 0: thermal bath)", "squeezing", 0)
    squeezing_phase: sp.Expr = parameter("bath squeezing phase θ (0 squeezes X)", "dimensionless", 0)
    damping_model: str = attrs.field(default="symmetric", kw_only=True)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        rule = damping_model(self.damping_model, f"{self.label}.damping_model")
        if rule.name != "symmetric" and self.squeezing != 0:
            raise ParameterError(
                f"{self.label}: a squeezed bath (squeezing = {self.squeezing}) needs damping_model = 'symmetric'; "
                f"{rule.name} noise enters the momentum only, where a squeezed bath can drive the phonon below the vacuum"
            )

    @property
    def damping_rule(self) -> DampingModel:
        return damping_model(self.damping_model, f"{self.label}.damping_model")

    @property
    def frame_frequency(self) -> sp.Expr:
        return self.frequency

    @property
    def zero_point_scale(self) -> sp.Expr:
        return 1 / sp.sqrt(self.mass)
