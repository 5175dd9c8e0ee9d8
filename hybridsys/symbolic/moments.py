"""The covariance's equation of motion (S17), symbolically: what the trajectory
kernel integrates beside the mean fields. V is packed as its upper triangle, row
by row (``numpy.triu_indices`` order, as :mod:`hybridsys.numerics.covariance`)."""

from __future__ import annotations

import numpy as np
import sympy as sp


def covariance_symbols(size: int) -> sp.Matrix:
    """Symmetric matrix of real symbols V_i_j (i <= j) for the symbolic flow."""
    return sp.Matrix(size, size, lambda i, j: sp.Symbol(f"V_{min(i, j)}_{max(i, j)}", real=True))


def moment_flow(drift: sp.Matrix, diffusion: sp.Matrix) -> list[sp.Expr]:
    """dV/dt = A V + V Aᵀ + D (S17), packed: the equations integrated along a trajectory."""
    size = drift.shape[0]
    V = covariance_symbols(size)
    # (A V + V Aᵀ)_ij = Σ_k A_ik V_kj + Σ_k A_jk V_ik over the nonzero A_ik only: the
    # dense symbolic product would cost size³ sympy operations, most of them on zeros
    # each A_ik expanded once, its terms multiplied by V_kj one by one: the expanded
    # sum without expanding size² products
    terms = [[(k, sp.Add.make_args(sp.expand(drift[i, k]))) for k in range(size) if drift[i, k] != 0] for i in range(size)]
    rows, cols = np.triu_indices(size)

    def entry(i: int, j: int) -> sp.Expr:
        products = [t * V[k, j] for k, ts in terms[i] for t in ts] + [t * V[i, k] for k, ts in terms[j] for t in ts]
        return sp.Add(*products, *sp.Add.make_args(sp.expand(diffusion[i, j])))

    return [entry(i, j) for i, j in zip(rows, cols)]
