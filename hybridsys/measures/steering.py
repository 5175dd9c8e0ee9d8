"""Gaussian EPR steering (Kogias, Lee, Ragy & Adesso, PRL 114, 060403 (2015)).

Conventions as in :mod:`hybridsys.measures` (vacuum variance ½, V ordered
[X_o1, Y_o1, X_o2, ...]). Modes are indices; a party may be a sequence of them. All functions take
arrays with the batch axes first and give NaN where the reduced state they use is
unphysical (:func:`~hybridsys.measures.gaussian.physical`).
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from .gaussian import block, group, physical, symplectic_eigenvalues


def steering(covariance: np.ndarray, a, b) -> np.ndarray:
    """Gaussian steerability of party b by Gaussian measurements on party a,
    G^{a→b} = Σ_k max(0, −ln 2ν̄_k) over the symplectic eigenvalues ν̄_k of the Schur
    complement M = V_b − V_baV_a⁻¹V_ab (the state of b conditioned on a's outcomes).
    For one mode in b this is max(0, ½ ln(det V_a / (4^{n_b} det V_ab))) (vacuum ½).
    Zero: b cannot be steered by a; G^{a→b} > 0 = G^{b→a}: one-way steering."""
    first, second = group(a), group(b)
    if set(first) & set(second):
        raise ParameterError(f"steering: the parties {list(first)} and {list(second)} share modes")
    reduced = block(covariance, first + second)
    n = 2 * len(first)
    va, vab, vb = reduced[..., :n, :n], reduced[..., :n, n:], reduced[..., n:, n:]
    ok = physical(reduced)
    va = np.where(ok[..., None, None], va, np.eye(n))  # keep the solve defined where NaN is returned
    schur = vb - np.swapaxes(vab, -1, -2) @ np.linalg.solve(va, vab)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.sum(np.maximum(0.0, -np.log(2 * symplectic_eigenvalues(schur))), axis=-1)
    return np.where(ok, value, np.nan)
