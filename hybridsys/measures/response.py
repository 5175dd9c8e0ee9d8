"""The mechanical response of a phonon dressed by the modes it couples to
(optical or magnonic spring and damping; Fig. S11's discussion)."""

from __future__ import annotations

import numpy as np


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
