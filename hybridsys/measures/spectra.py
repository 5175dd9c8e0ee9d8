"""Noise spectra of the fluctuations at a stable fixed point, the output-field
spectrum, and the response to a weak probe (optomechanically / magnomechanically
induced transparency), from the drift A and diffusion D of the linearized quantum
Langevin equations u̇ = A u + ξ, ½⟨ξ(t)ξ(t')ᵀ + ξ(t')ξ(t)ᵀ⟩ = D δ(t − t') (S15)-(S20).

Conventions:

* Fourier: u(ω) = ∫ dt e^{iωt} u(t), so a component e^{−iωt} sits at +ω. ω is measured
  from the frame the drift is written in (the drive's rotating frame for a driven mode;
  for a probe, ω = ω_probe − ω_drive), in units of ω_ref like every frequency here.
* Spectral matrix: ½⟨u(ω)u(ω')ᵀ + u(ω')u(ω)ᵀ⟩ = 2π δ(ω + ω') S(ω) gives
  S(ω) = (A + iω)⁻¹ D (Aᵀ − iω)⁻¹ (symmetrized; ∫ S(ω) dω/2π = V, the steady covariance).
  The spectrum of a quadrature c·u is cᵀS(ω)c, real, non-negative and even in ω.
* Quadratures: ``quadrature`` is an angle θ (X_θ = X cos θ + Y sin θ; 0 is X, π/2 is Y)
  or ``"number"``: ½(S_XX + S_YY), whose integral ∫ dω/2π is ⟨δo†δo⟩ + ½.
* Input–output: ȯ = … − κ o + √(2κ) o_in and o_out = √(2κ) o − o_in, κ an amplitude
  decay rate (linewidth 2κ) as everywhere in hybridsys (docs/physics.md).

Arrays: A and D (batch..., 2n, 2n), ω (F,) or (batch..., F); results (batch..., F).
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError


def _directions(size: int, mode: int, quadrature) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors c (k, 2n) whose spectra cᵀSc are averaged with the given weights."""
    if not 0 <= mode < size // 2:
        raise ParameterError(f"spectrum: mode {mode} is not one of the {size // 2} modes")
    c = np.zeros((2, size))
    if isinstance(quadrature, str):
        if quadrature != "number":
            raise ParameterError(f"spectrum: quadrature must be an angle or 'number', got {quadrature!r}")
        c[0, 2 * mode], c[1, 2 * mode + 1] = 1.0, 1.0
        return c, np.array([0.5, 0.5])
    theta = float(quadrature)
    c[0, 2 * mode], c[0, 2 * mode + 1] = np.cos(theta), np.sin(theta)
    return c[:1], np.array([1.0])


def _resolvent_rows(drift: np.ndarray, omega: np.ndarray, c: np.ndarray) -> np.ndarray:
    """y = cᵀ (A + iω)⁻¹ for every point, frequency and row of c: (batch..., F, k, 2n)."""
    drift = np.asarray(drift, dtype=float)
    omega = np.asarray(omega, dtype=float)
    size = drift.shape[-1]
    shifted = np.swapaxes(drift, -1, -2)[..., None, :, :] + 1j * omega[..., None, None] * np.eye(size)
    rhs = np.broadcast_to(c.T.astype(complex), shifted.shape[:-2] + c.T.shape)
    return np.swapaxes(np.linalg.solve(shifted, rhs), -1, -2)  # (Aᵀ + iω) y = c


def noise_spectrum(drift: np.ndarray, diffusion: np.ndarray, omega: np.ndarray, mode: int,
                   quadrature: float | str = 0.0) -> np.ndarray:
    """S(ω) of a quadrature of ``mode`` (see the module's conventions): cᵀ(A + iω)⁻¹ D
    (Aᵀ − iω)⁻¹c, (batch..., F). A must be stable (Hurwitz) for this to be the
    spectrum of a steady state; its integral ∫ S dω/2π is then the variance V_cc."""
    drift, diffusion = np.asarray(drift, dtype=float), np.asarray(diffusion, dtype=float)
    c, weights = _directions(drift.shape[-1], mode, quadrature)
    y = _resolvent_rows(drift, omega, c)
    values = np.einsum("...ki,...ij,...kj->...k", y, diffusion[..., None, :, :], y.conj()).real
    return values @ weights


def output_spectrum(drift: np.ndarray, diffusion: np.ndarray, omega: np.ndarray, mode: int, kappa,
                    quadrature: float | str = 0.0, occupation=0.0) -> np.ndarray:
    """Symmetrized spectrum of a quadrature of the output field o_out = √(2κ) o − o_in
    of ``mode`` through a port of amplitude decay rate ``kappa`` (part or all of the
    mode's damping) whose input is thermal with ``occupation`` quanta (its noise must be
    in D, as 2κ(n̄ + ½) on the mode). With g = cᵀ(A + iω)⁻¹c and S the intracavity
    spectrum: S_out = (n̄ + ½)(1 + 4κ Re g) + 2κ S. Shot noise, ½, for the vacuum."""
    drift, diffusion = np.asarray(drift, dtype=float), np.asarray(diffusion, dtype=float)
    c, weights = _directions(drift.shape[-1], mode, quadrature)
    y = _resolvent_rows(drift, omega, c)
    inner = np.einsum("...ki,...ij,...kj->...k", y, diffusion[..., None, :, :], y.conj()).real
    g = np.einsum("...ki,ki->...k", y, c).real
    kappa = np.asarray(kappa, dtype=float)[..., None, None]
    noise = np.asarray(occupation, dtype=float)[..., None, None] + 0.5
    return (noise * (1 + 4 * kappa * g) + 2 * kappa * inner) @ weights


def probe_response(drift: np.ndarray, omega: np.ndarray, mode: int) -> np.ndarray:
    """χ(ω) = δo₊/s: the amplitude of ``mode``'s fluctuation at e^{−iωt} driven by a weak
    probe term s e^{−iωt} added to ȯ (linear response of the linearized equations;
    the anti-Stokes sideband δo₋ at e^{+iωt} is left out). For a bare mode
    ȯ = −(κ + iΔ)o: χ = 1/(κ + i(Δ − ω)). (batch..., F), complex."""
    drift = np.asarray(drift, dtype=float)
    c = np.zeros((2, drift.shape[-1]))
    _directions(drift.shape[-1], mode, 0.0)  # checks the mode
    c[0, 2 * mode], c[1, 2 * mode + 1] = 1.0, 1.0
    # quadrature drive F = (1, −i)/√2, δu = −(A + iω)⁻¹F, δo₊ = (δX + iδY)/√2
    y = _resolvent_rows(drift, omega, c)  # rows: eᵀ_X (A + iω)⁻¹ and eᵀ_Y (A + iω)⁻¹
    force = np.zeros(drift.shape[-1], dtype=complex)
    force[2 * mode], force[2 * mode + 1] = 1.0, -1.0j
    response = y @ force  # (batch..., F, 2): [(A+iω)⁻¹F]_X, [(A+iω)⁻¹F]_Y, times √2
    return -(response[..., 0] + 1j * response[..., 1]) / 2


def probe_transmission(drift: np.ndarray, omega: np.ndarray, mode: int, kappa_in,
                       kappa_out=None) -> tuple[np.ndarray, np.ndarray]:
    """(power, phase) = (``|t(ω)|²``, ``arg t(ω)``) of a weak probe at ω = ω_probe − ω_drive sent into ``mode``
    through a port of amplitude decay rate ``kappa_in`` (OMIT / MMIT): with χ from
    :func:`probe_response`,

    * ``kappa_out`` given (a second port, the probe read in transmission):
      t = −2√(κ_in κ_out) χ; a bare mode gives the Lorentzian 4κ_inκ_out/(κ² + (Δ − ω)²);
    * ``kappa_out=None`` (the probe read at its own port, e.g. a side-coupled waveguide):
      t = 1 − 2κ_in χ.

    The phase gives the group delay −d arg t/dω (slow and fast light)."""
    chi = probe_response(drift, omega, mode)
    kappa_in = np.asarray(kappa_in, dtype=float)[..., None]
    if kappa_out is None:
        t = 1 - 2 * kappa_in * chi
    else:
        t = -2 * np.sqrt(kappa_in * np.asarray(kappa_out, dtype=float)[..., None]) * chi
    return np.abs(t) ** 2, np.angle(t)
