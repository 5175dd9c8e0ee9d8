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
