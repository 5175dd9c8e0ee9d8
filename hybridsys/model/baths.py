"""How a mode meets its bath: the damping model and the input noise's statistics.

Quadratures X = (o + o†)/√2, Y = i(o† − o)/√2 (vacuum variance ½, (S10)).

**Damping models** (the linear dissipative part of ȯ and the noise that comes with it):

* ``"symmetric"`` (S3): ȯ ∋ −γ o + √(2γ) o_in. γ is the *amplitude* decay rate: both
  quadratures decay at γ (drift entries −γ, −γ, (S14)), the energy at 2γ, and the
  full linewidth (FWHM) is 2γ. Noise enters both quadratures: D block = 2γ C.
* ``"brownian"`` (quantum Brownian motion, high-Q white-noise limit):
  q̇ = ω p, ṗ = −ω q − γ p + ξ with ⟨{ξ(t), ξ(t')}⟩/2 = γ(2n̄+1) δ(t − t').
  γ is the *energy* decay rate ω/Q, i.e. the full linewidth (FWHM). In ladder form
  ȯ ∋ −(γ/2)(o − o†) + √(γ/2)(o_in − o_in†): drift entries 0 (X) and −γ (Y), noise
  on the momentum only, D block = diag(0, 2γ C_YY) = diag(0, γ(2n̄+1)).

The same oscillator (same Q, same linewidth) is ``symmetric`` with γ_s = ω/(2Q) or
``brownian`` with γ_b = ω/Q: same trace of the drift, same injected noise power. They
then differ by the counter-rotating half of the Brownian damping, (γ_b/2) o† in ȯ, and
by where the noise enters (momentum only, a traceless part ∝ γ(2n̄+1) diag(−1, 1) that
rotates at 2ω). Both average out to relative order Γ/ω, with Γ the phonon's *whole*
linewidth, its own γ plus what the couplings add (optical or magnetostrictive damping
≈ G²/κ): at weak coupling they agree to O(γ/ω); at strong coupling (Γ ≫ γ) they differ
at O(Γ/ω), far above γ/ω; and quantities that are small differences of large numbers
at high n̄ (E_N near its death temperature) magnify the difference.

**Baths** (the input noise's statistics). The symmetrized correlations per unit time
of the input quadratures, C_jk δ(t − t') = ⟨{X_in,j(t), X_in,k(t')}⟩/2, of a squeezed
thermal bath with occupation n̄, squeezing r ≥ 0 and phase θ (the bath state is
S(r e^{iθ}) ρ_th(n̄) S†, S(ζ) = exp((ζ* o² − ζ o†²)/2))::

    ⟨o_in† o_in⟩ = N = n̄ cosh 2r + sinh² r,   ⟨o_in o_in⟩ = M = −(n̄ + ½) e^{iθ} sinh 2r,
    C = [[N + ½ + Re M, Im M], [Im M, N + ½ − Re M]]
      = (n̄ + ½) [[cosh 2r − cos θ sinh 2r, −sin θ sinh 2r], [−sin θ sinh 2r, cosh 2r + cos θ sinh 2r]],

so θ = 0 squeezes X (variance (n̄ + ½) e^{−2r}). det C = (n̄ + ½)² ≥ ¼: every
n̄ ≥ 0, r, θ gives a physical bath (C + iΩ/2 ⪰ 0). r = 0 is the thermal bath, C =
(n̄ + ½) I, and D = κ(2n̄ + 1) I of (S20).

**Master equation** (:meth:`DampingModel.dissipators`, terms (w, L, K) meaning
w·(L ρ K† − ½{K†L, ρ})). Symmetric damping at amplitude rate κ in a squeezed bath is

    2κ(N + 1) D[o] + 2κN D[o†] − 2κM (o†, o) − 2κM* (o, o†),

i.e. −κM(2o†ρo† − {o†², ρ}) − κM*(2oρo − {o², ρ}) beside the thermal part: its
adjoint gives d⟨o⟩/dt ∋ −κ⟨o⟩, d⟨o†o⟩/dt ∋ −2κ⟨o†o⟩ + 2κN, d⟨o²⟩/dt ∋ −2κ⟨o²⟩ + 2κM,
the Langevin equation above with D block 2κC (tests/test_master.py checks it term by
term). Brownian damping has no Lindblad form (its noise enters one quadrature only, and
its drift has the counter-rotating o† part); :class:`NotLindblad` says so and carries
the standard Lindblad approximation (Caldeira–Leggett made Lindblad, Diósi 1993;
Gardiner & Zoller, Quantum Noise, §3.6): one jump J = μX + iνY with
μ = √(γ(2n̄ + 1)), ν = γ/(2μ), and H' = (γ/4)(XY + YX) = (iγ/4)(o†² − o²) (written as
the pair (−i, H', 1), (i, 1, H'), which is −i[H', ρ]). Its drift is exactly Brownian
(Ẏ ∋ −γY); its diffusion is D = diag(ν², μ²) = diag(γ/[4(2n̄ + 1)], γ(2n̄ + 1)): the
momentum diffusion is exact and the position diffusion γ/[4(2n̄ + 1)] is the error,
the least any Lindblad form must add. Relative to the momentum diffusion it is
1/[4(2n̄ + 1)²]: negligible at high temperature (1.5·10⁻⁴ at n̄ = 20), but 25 % at n̄ = 0,
where the white-noise Brownian model itself does not hold.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import sympy as sp

from ..errors import ParameterError


@attrs.frozen
class DampingModel:
    """A way for a mode to be damped: its dissipative drift and its noise gain."""

    name: ClassVar[str] = ""

    def drift(self, rate: sp.Expr, lowering: sp.Expr, raising: sp.Expr) -> sp.Expr:
        """The linear dissipative part of ȯ, written in ``lowering`` o and ``raising`` o†."""
        raise NotImplementedError

    def noise(self, rate: sp.Expr, noise: sp.Expr, noise_dagger: sp.Expr) -> sp.Expr:
        """The input-noise part of ȯ, in o_in and o_in† (for display)."""
        raise NotImplementedError

    def gain(self, rate: sp.Expr) -> sp.Matrix:
        """B: the noise added to (Ẋ, Ẏ) is B (X_in, Y_in)ᵀ, so D block = B C Bᵀ."""
        raise NotImplementedError

    def dissipators(self, rate: sp.Expr, lowering: sp.Expr, raising: sp.Expr, N: sp.Expr, M: sp.Expr, where: str) -> tuple:
        """Master-equation terms (w, L, K) of this damping in a bath with moments N, M
        (:func:`bath_moments`); ``where`` names the mode in errors."""
        raise NotImplementedError


@attrs.frozen
class Symmetric(DampingModel):
    """−γ o + √(2γ) o_in (S3); γ the amplitude decay rate (FWHM 2γ)."""

    name: ClassVar[str] = "symmetric"

    def drift(self, rate, lowering, raising):
        return -rate * lowering

    def noise(self, rate, noise, noise_dagger):
        return sp.sqrt(2 * rate) * noise

    def gain(self, rate):
        return sp.sqrt(2 * rate) * sp.eye(2)

    def dissipators(self, rate, lowering, raising, N, M, where):
        terms = [(2 * rate * (N + 1), lowering, lowering), (2 * rate * N, raising, raising)]
        if M != 0:
            terms += [(-2 * rate * M, raising, lowering), (-2 * rate * sp.conjugate(M), lowering, raising)]
        return tuple((w, L, K) for w, L, K in terms if w != 0)


@attrs.frozen
class Brownian(DampingModel):
    """−(γ/2)(o − o†) + √(γ/2)(o_in − o_in†): ṗ ∋ −γ p + ξ; γ the energy decay rate (FWHM γ)."""

    name: ClassVar[str] = "brownian"

    def drift(self, rate, lowering, raising):
        return -rate / 2 * (lowering - raising)

    def noise(self, rate, noise, noise_dagger):
        return sp.sqrt(rate / 2) * (noise - noise_dagger)

    def gain(self, rate):
        return sp.Matrix([[0, 0], [0, sp.sqrt(2 * rate)]])

    def dissipators(self, rate, lowering, raising, N, M, where):
        mu = sp.sqrt(rate * (2 * N + 1))
        nu = rate / (2 * mu)
        jump = sp.expand(((mu + nu) * lowering + (mu - nu) * raising) / sp.sqrt(2))
        correction = sp.I * rate / 4 * (raising**2 - lowering**2)
        approximation = ((sp.Integer(1), jump, jump), (-sp.I, correction, sp.Integer(1)), (sp.I, sp.Integer(1), correction))
        raise NotLindblad(
            f"{where}: Brownian damping (damping_model = 'brownian') has no Lindblad form: its noise enters the momentum "
            "only and its drift has a counter-rotating part, so no master equation reproduces it exactly. Ask for the "
            "standard Lindblad approximation explicitly (to_qutip(..., brownian='lindblad'), or --brownian lindblad): exact "
            "drift and momentum diffusion, plus a position diffusion γ/[4(2n̄+1)] (relative error 1/[4(2n̄+1)²], small only "
            "at high temperature); or declare the phonon with damping_model = 'symmetric'",
            approximation,
        )


class NotLindblad(ParameterError):
    """A component's damping has no Lindblad form. ``approximation`` holds the terms
    (w, L, K) of its standard Lindblad approximation, used only when asked for."""

    def __init__(self, message: str, approximation: tuple):
        super().__init__(message)
        self.approximation = approximation


DAMPING_MODELS: dict[str, DampingModel] = {m.name: m for m in (Symmetric(), Brownian())}


def damping_model(name: object, where: str) -> DampingModel:
    """The damping model called ``name``; a ParameterError naming ``where`` if none is."""
    try:
        return DAMPING_MODELS[name]
    except (KeyError, TypeError):
        raise ParameterError(
            f"{where}: unknown damping model {name!r}; the damping models are {sorted(DAMPING_MODELS)}"
        ) from None


def bath_covariance(occupation: sp.Expr, squeezing: sp.Expr, phase: sp.Expr) -> sp.Matrix:
    """C of the module docstring: symmetrized input-quadrature correlations per unit time."""
    c, s = sp.cosh(2 * squeezing), sp.sinh(2 * squeezing)
    if squeezing == 0:
        c, s = sp.Integer(1), sp.Integer(0)
    half = occupation + sp.Rational(1, 2)
    return half * sp.Matrix([[c - sp.cos(phase) * s, -sp.sin(phase) * s], [-sp.sin(phase) * s, c + sp.cos(phase) * s]])


def bath_moments(occupation: sp.Expr, squeezing: sp.Expr, phase: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(N, M) = (⟨o_in† o_in⟩, ⟨o_in o_in⟩) of the module docstring's squeezed thermal bath."""
    if squeezing == 0:
        return occupation, sp.Integer(0)
    N = occupation * sp.cosh(2 * squeezing) + sp.sinh(squeezing) ** 2
    M = -(occupation + sp.Rational(1, 2)) * sp.exp(sp.I * phase) * sp.sinh(2 * squeezing)
    return N, M
