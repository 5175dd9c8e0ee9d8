"""Purity, von Neumann entropy and mutual information of Gaussian states, and the
two-mode Gaussian discord (Adesso & Datta, PRL 105, 030501 (2010); Giorda & Paris,
PRL 105, 020503 (2010)). Entropies are in nats.

Conventions as in :mod:`hybridsys.measures` (vacuum variance ½, V ordered
[X_o1, Y_o1, X_o2, ...]). Modes are indices; a party may be a sequence of them. All functions take
arrays with the batch axes first and give NaN where the reduced state they use is
unphysical (:func:`~hybridsys.measures.gaussian.physical`).
"""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy

from ..errors import ParameterError
from .gaussian import block, group, physical, symplectic_eigenvalues


def purity(covariance: np.ndarray, modes=None) -> np.ndarray:
    """Tr ρ² = 1 / √det(2V) of the modes modes (default: all): 1 for pure states,
    1/(2n̄ + 1) for a thermal mode."""
    reduced = _reduced(covariance, modes)
    with np.errstate(invalid="ignore"):
        value = 1.0 / np.sqrt(np.linalg.det(2 * reduced))
    return np.where(physical(reduced), value, np.nan)


def von_neumann_entropy(covariance: np.ndarray, modes=None) -> np.ndarray:
    """S = Σ_k g(ν_k) over the symplectic eigenvalues of the modes modes (default:
    all), g(ν) = (ν + ½) ln(ν + ½) − (ν − ½) ln(ν − ½): 0 for pure states."""
    reduced = _reduced(covariance, modes)
    nu = symplectic_eigenvalues(reduced)
    return np.where(physical(reduced, nu), np.sum(_entropy(nu), axis=-1), np.nan)


def mutual_information(covariance: np.ndarray, a, b) -> np.ndarray:
    """I(a:b) = S(a) + S(b) − S(a ∪ b): all correlations, classical and quantum."""
    first, second = _parties(a, b)
    return (von_neumann_entropy(covariance, first) + von_neumann_entropy(covariance, second)
            - von_neumann_entropy(covariance, first + second))


def gaussian_discord(covariance: np.ndarray, a: int, b: int) -> np.ndarray:
    """Two-mode Gaussian quantum discord with Gaussian measurements on mode a:
    D = g(√B/2) − g(ν₋) − g(ν₊) + g(√E_min/2), the closed form of Adesso & Datta
    (2010), Eq. (7), in their units (vacuum 1, σ = 2V) with A, B, C, D the determinants
    of σ_b, σ_a (the measured mode), the off-diagonal block and σ, and E_min their
    minimal conditional determinant. Zero on product states; the entanglement entropy
    S(a) on pure states, where E_min = 1 comes out of a square root of a vanishing
    difference and keeps only about 7 digits. Not symmetric: swap a and b to measure b."""
    first, second = _parties(a, b)
    if len(first) != 1 or len(second) != 1:
        raise ParameterError("gaussian_discord: the closed form is for two single modes")
    reduced = 2 * block(covariance, second + first)  # σ in vacuum-1 units, measured mode second
    ok = physical(reduced / 2)
    det = np.linalg.det
    A, B, C, D = det(reduced[..., :2, :2]), det(reduced[..., 2:, 2:]), det(reduced[..., :2, 2:]), det(reduced)
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = symplectic_eigenvalues(reduced / 2)
        root = np.sqrt(np.maximum(C**2 + (B - 1) * (D - A), 0.0))
        first_branch = (2 * C**2 + (B - 1) * (D - A) + 2 * np.abs(C) * root) / (B - 1) ** 2
        second_branch = (A * B - C**2 + D - np.sqrt(np.maximum(C**4 + (D - A * B) ** 2 - 2 * C**2 * (A * B + D), 0.0))) / (2 * B)
        use_first = ((D - A * B) ** 2 <= (1 + B) * C**2 * (A + D) * (1 + 1e-9)) & (B - 1 > 1e-12)  # equal branches at the edge
        e_min = np.where(use_first, first_branch, second_branch)
        value = (_entropy(np.sqrt(B) / 2) - np.sum(_entropy(nu), axis=-1) + _entropy(np.sqrt(e_min) / 2))
    return np.where(ok, value, np.nan)


def _entropy(nu: np.ndarray) -> np.ndarray:
    """g(ν) = (ν + ½) ln(ν + ½) − (ν − ½) ln(ν − ½), with ν below ½ by rounding taken as ½."""
    nu = np.maximum(nu, 0.5)
    return xlogy(nu + 0.5, nu + 0.5) - xlogy(nu - 0.5, nu - 0.5)


def _reduced(covariance: np.ndarray, modes) -> np.ndarray:
    covariance = np.asarray(covariance, dtype=float)
    return covariance if modes is None else block(covariance, modes)


def _parties(a, b) -> tuple[tuple[int, ...], tuple[int, ...]]:
    first, second = group(a), group(b)
    if set(first) & set(second):
        raise ParameterError(f"the parties {list(first)} and {list(second)} share modes")
    return first, second
