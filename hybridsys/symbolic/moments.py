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
    V = covariance_symbols(drift.shape[0])
    rate = drift * V + V * drift.T + diffusion
    rows, cols = np.triu_indices(drift.shape[0])
    return [sp.expand(rate[i, j]) for i, j in zip(rows, cols)]
