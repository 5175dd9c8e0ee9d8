"""Measures of a Gaussian state: functions of mean fields and covariance matrices
(batch axes first), importing no other stage, so that numerics, sweeps and papers
all call the same ones.

Conventions (those of the spec): quadratures X = (o + o†)/√2, Y = i(o† − o)/√2 with
[X, Y] = i (S22), so the vacuum variance is ½; states are ordered
[X_o1, Y_o1, X_o2, ...] and V is the symmetrized covariance of the fluctuations (S16).
Modes are indices; where a measure takes parties, a party may be a sequence of them.
All functions take arrays with the batch axes first.
"""

from .entanglement import log_negativity, residual_contangle
from .entropy import gaussian_discord, mutual_information, purity, von_neumann_entropy
from .gaussian import (
    block,
    mode_index,
    partial_transpose,
    physical,
    symplectic_eigenvalues,
    symplectic_form,
    two_mode_block,
)
from .linearization import (
    fluctuation_occupation,
    linearization_validity,
    mean_occupation,
)
from .named import PAIR_MEASURES, pair_measures
from .regimes import classify
from .response import mechanical_response
from .scattering import Scattering, channel_scattering, port_scattering, scattering_matrix
from .spectra import noise_spectrum, output_spectrum, probe_response, probe_transmission
from .squeezing import squeezing
from .steering import steering
from .synchronization import (
    complete_synchronization,
    phase_synchronization,
    quantum_synchronization,
    revival_factor,
)
from .windows import asymptotic, window

__all__ = [
    "PAIR_MEASURES",
    "asymptotic",
    "block",
    "complete_synchronization",
    "fluctuation_occupation",
    "gaussian_discord",
    "linearization_validity",
    "log_negativity",
    "mean_occupation",
    "mechanical_response",
    "mode_index",
    "mutual_information",
    "noise_spectrum",
    "pair_measures",
    "output_spectrum",
    "partial_transpose",
    "phase_synchronization",
    "physical",
    "probe_response",
    "probe_transmission",
    "purity",
    "quantum_synchronization",
    "residual_contangle",
    "Scattering",
    "scattering_matrix",
    "channel_scattering",
    "port_scattering",
    "revival_factor",
    "squeezing",
    "steering",
    "symplectic_eigenvalues",
    "symplectic_form",
    "two_mode_block",
    "von_neumann_entropy",
    "window",
]
