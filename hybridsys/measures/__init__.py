"""Measures of a Gaussian state: functions of mean fields and covariance matrices
(batch axes first), importing no other stage, so that numerics, sweeps and papers
all call the same ones.

Conventions (those of the spec): quadratures X = (o + o†)/√2, Y = i(o† − o)/√2 with
[X, Y] = i (S22), so the vacuum variance is ½; states are ordered
[X_o1, Y_o1, X_o2, ...] and V is the symmetrized covariance of the fluctuations (S16).
"""

from .entanglement import log_negativity
from .gaussian import mode_index, symplectic_form, two_mode_block
from .linearization import (
    fluctuation_occupation,
    linearization_validity,
    mean_occupation,
)
from .response import mechanical_response
from .synchronization import (
    complete_synchronization,
    quantum_synchronization,
    revival_factor,
)
from .windows import asymptotic, window

__all__ = [
    "asymptotic",
    "complete_synchronization",
    "fluctuation_occupation",
    "linearization_validity",
    "log_negativity",
    "mean_occupation",
    "mechanical_response",
    "mode_index",
    "quantum_synchronization",
    "revival_factor",
    "symplectic_form",
    "two_mode_block",
    "window",
]
