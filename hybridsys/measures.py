"""Measures of synchronization, entanglement and linearization, from mean fields and
covariance matrices.

Conventions (those of the spec): quadratures X = (o + o†)/√2, Y = i(o† − o)/√2 with
[X, Y] = i (S22), so the vacuum variance is ½; states are ordered
[X_o1, Y_o1, X_o2, ...] and V is the symmetrized covariance of the fluctuations
(S16). All functions take arrays with the batch axes first.
"""

from __future__ import annotations

import numpy as np

from .covariance import symplectic_form
from .errors import ParameterError


def mode_index(modes, name: str) -> int:
    """Position of mode ``name`` in ``modes`` (e.g. ``compiled.modes``), with a clear error."""
    modes = tuple(modes)
    if name not in modes:
        raise ParameterError(f"unknown mode {name!r}; the modes are {list(modes)}")
    return modes.index(name)


def _pair(covariance: np.ndarray, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
    """(⟨δX_−²⟩, ⟨δY_−²⟩) of O_− = (O_i − O_j)/√2 (S21), (S26): (V_XiXi + V_XjXj − 2V_XiXj)/2."""
    x, y = [], []
    for offset, out in ((0, x), (1, y)):
        a, b = 2 * i + offset, 2 * j + offset
        out.append((covariance[..., a, a] + covariance[..., b, b] - 2 * covariance[..., a, b]) / 2)
    return x[0], y[0]


def quantum_synchronization(covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """S_Q = 1 / (⟨δX_−²⟩ + ⟨δY_−²⟩) (S27) between modes i and j, from the
    fluctuations only. Two vacua give exactly 1, the uncertainty bound (S25): S_Q ≤ 1."""
    dx, dy = _pair(covariance, i, j)
    return 1.0 / (dx + dy)


def complete_synchronization(mean: np.ndarray, covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """S_C = 1 / (⟨X_−²⟩ + ⟨Y_−²⟩) (S23): full second moments, i.e. the fluctuations
    plus the squared mean-field differences ⟨O_−⟩² = (⟨O_i⟩ − ⟨O_j⟩)²/2."""
    dx, dy = _pair(covariance, i, j)
    mx = (mean[..., 2 * i] - mean[..., 2 * j]) ** 2 / 2
    my = (mean[..., 2 * i + 1] - mean[..., 2 * j + 1]) ** 2 / 2
    return 1.0 / (dx + mx + dy + my)


_OMEGA2 = symplectic_form(2)
_TRANSPOSE_SIGNS = np.outer([1.0, 1.0, 1.0, -1.0], [1.0, 1.0, 1.0, -1.0])  # partial transposition of mode j


def two_mode_block(covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """The 4×4 covariance of modes i and j, (batch..., 4, 4)."""
    index = np.array([2 * i, 2 * i + 1, 2 * j, 2 * j + 1])
    return covariance[..., index[:, None], index[None, :]]


def log_negativity(covariance: np.ndarray, i: int, j: int) -> np.ndarray:
    """Logarithmic negativity E_N = max(0, −ln 2ν̃₋) of modes i and j (vacuum variance ½),
    where ν̃₋ is the smaller symplectic eigenvalue of the partially transposed two-mode
    covariance Ṽ (Y_j → −Y_j): ν̃₋² = (Σ − √(Σ² − 4 det V))/2 with
    Σ = det A + det B − 2 det C, evaluated as det V / ν̃₊².

    Where ν̃₋ ≈ ν̃₊ (next to two vacua) the root cancels and the closed form would lose
    half the digits; there (Σ² − 4 det V < 10⁻² Σ²) ν̃₋ comes from the Hermitian
    eigenproblem of :func:`_smallest_symplectic_transposed` instead, accurate to rounding.
    A block with det V <= 0, or not positive definite, is no physical state: NaN."""
    block = two_mode_block(np.asarray(covariance, dtype=float), i, j)
    det = np.linalg.det
    sigma = det(block[..., :2, :2]) + det(block[..., 2:, 2:]) - 2 * det(block[..., :2, 2:])
    gap = sigma**2 - 4 * det(block)  # (ν̃₊² − ν̃₋²)²
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = np.array(np.sqrt(np.where(det(block) > 0, det(block), np.nan) / ((sigma + np.sqrt(np.maximum(gap, 0.0))) / 2)))
        degenerate = ~(gap > 1e-2 * sigma**2)  # also where not finite
        nu[degenerate] = _smallest_symplectic_transposed(block[degenerate])
        return np.maximum(0.0, -np.log(2 * nu))


def _smallest_symplectic_transposed(block: np.ndarray) -> np.ndarray:
    """ν̃₋ of two-mode blocks (k, 4, 4): with Ṽ = L Lᵀ the eigenvalues ±ν̃ of iΩṼ are
    those of the Hermitian Lᵀ iΩ L, which ``eigvalsh`` returns to rounding even where
    ν̃₋ = ν̃₊. NaN where Ṽ is not finite or not positive definite."""
    transposed = block * _TRANSPOSE_SIGNS
    finite = np.all(np.isfinite(transposed), axis=(-2, -1))
    nu = np.full(finite.shape, np.nan)
    variances, axes = np.linalg.eigh(transposed[finite])
    root = axes * np.sqrt(np.abs(variances))[..., None, :]  # L, with L Lᵀ = Ṽ where Ṽ > 0
    hermitian = np.swapaxes(root, -1, -2) @ (1j * _OMEGA2) @ root
    nu[finite] = np.where(variances[..., 0] > 0, np.linalg.eigvalsh(hermitian)[..., 2], np.nan)  # -ν̃₊ < -ν̃₋ < ν̃₋ < ν̃₊
    return nu


def revival_factor(sq_noisy_kerr: np.ndarray, sq_ideal: np.ndarray) -> float:
    """Λ = max S_Q(n̄ ≠ 0, K ≠ 0) / max S_Q(n̄ = 0, K = 0) (S64): how much of the
    noiseless, Kerr-free synchronization the Kerr effect restores under thermal noise."""
    return float(np.nanmax(sq_noisy_kerr) / np.nanmax(sq_ideal))


def window(times: np.ndarray, periods: float, period: float = 2 * np.pi) -> np.ndarray:
    """Mask of the samples in the last ``periods`` periods (default τ = 2π/ω_ref)."""
    times = np.asarray(times)
    return times >= times[-1] - periods * period * (1 + 1e-12)


def asymptotic(times: np.ndarray, values: np.ndarray, periods: float = 20, period: float = 2 * np.pi) -> dict:
    """Max and mean of ``values`` (batch..., T) over the last ``periods`` periods."""
    last = values[..., window(times, periods, period)]
    return {"max": np.max(last, axis=-1), "mean": np.mean(last, axis=-1), "periods": periods}


def mean_occupation(mean: np.ndarray) -> np.ndarray:
    """|⟨o⟩|² = (⟨X⟩² + ⟨Y⟩²)/2 per mode, (batch..., modes)."""
    return (mean[..., 0::2] ** 2 + mean[..., 1::2] ** 2) / 2


def fluctuation_occupation(covariance: np.ndarray) -> np.ndarray:
    """⟨δo†δo⟩ = (V_XX + V_YY − 1)/2 per mode, (batch..., modes); 0 in the vacuum."""
    diagonal = np.diagonal(covariance, axis1=-2, axis2=-1)
    return (diagonal[..., 0::2] + diagonal[..., 1::2] - 1) / 2


def linearization_validity(mean: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """⟨δo†δo⟩ / |⟨o⟩|² per mode: the linearization (S5)-(S8) assumes it is small.
    Modes with no mean field give inf unless their fluctuations are vacuum (0)."""
    fluctuations = fluctuation_occupation(covariance)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = fluctuations / mean_occupation(mean)
    return np.where(np.abs(fluctuations) < 1e-12, 0.0, ratio)


def mechanical_response(drift: np.ndarray, phonon: int, environment) -> tuple[np.ndarray, np.ndarray]:
    """Effective frequency and damping of ``phonon`` dressed by the ``environment``
    modes (the optical/magnonic spring and damping; Fig. S11's discussion).

    The environment is eliminated in the Laplace domain at the bare phonon
    frequency ω_b (read off A): M = A_bb + A_bR (s − A_RR)⁻¹ A_Rb with s = −iω_b,
    and the eigenvalue λ of M nearest −iω_b gives ω_eff = −Im λ and γ_eff = −Re λ
    (amplitude damping). Lowest order in the coupling, like the textbook formulas.
    """
    b = [2 * phonon, 2 * phonon + 1]
    r = [k for mode in environment for k in (2 * mode, 2 * mode + 1)]
    block = lambda rows, cols: drift[..., rows, :][..., :, cols].astype(complex)  # noqa: E731
    bare = (drift[..., b[0], b[1]] - drift[..., b[1], b[0]]) / 2
    s = np.asarray(-1j * bare)
    dressed = block(b, b)
    if r:
        resolvent = s[..., None, None] * np.eye(len(r)) - block(r, r)
        dressed = dressed + block(b, r) @ np.linalg.solve(resolvent, block(r, b))
    eigenvalues = np.linalg.eigvals(dressed)
    nearest = np.take_along_axis(eigenvalues, np.argmin(np.abs(eigenvalues - s[..., None]), axis=-1)[..., None], -1)[..., 0]
    return -nearest.imag, -nearest.real
