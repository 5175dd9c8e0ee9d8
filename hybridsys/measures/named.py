"""The measures of a pair of modes (a, b) by name, as sweeps, trajectories and the
command line report them: one call computes the requested ones from mean fields and
covariances (batch axes first) and names every result.

A directed measure is reported both ways (``steering_a_to_b``: b steered by
measurements on a; ``discord_a_to_b``: Gaussian discord with a measured), a one-mode
measure for each mode (``squeezing_a`` in dB below vacuum, ``purity_a``, ``entropy_a``
in nats).
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from .entanglement import log_negativity
from .entropy import gaussian_discord, mutual_information, purity, von_neumann_entropy
from .linearization import linearization_validity
from .squeezing import squeezing
from .steering import steering
from .synchronization import (
    complete_synchronization,
    phase_synchronization,
    quantum_synchronization,
)

#: Each measure's name and the names of what it reports.
PAIR_MEASURES = {
    "S_Q": ("S_Q",),
    "S_C": ("S_C",),
    "E_N": ("E_N",),
    "linearization": ("linearization",),
    "steering": ("steering_a_to_b", "steering_b_to_a"),
    "discord": ("discord_a_to_b", "discord_b_to_a"),
    "squeezing": ("squeezing_a", "squeezing_b"),
    "purity": ("purity_a", "purity_b"),
    "entropy": ("entropy_a", "entropy_b"),
    "mutual_information": ("mutual_information",),
    "S_p": ("S_p",),
}


def pair_measures(names, mean: np.ndarray, covariance: np.ndarray, a: int, b: int) -> dict[str, np.ndarray]:
    """The measures ``names`` (keys of :data:`PAIR_MEASURES`) of modes a and b, each
    result under its reported name; ``linearization`` is the largest ratio of any mode."""
    compute = {
        "S_Q": lambda: (quantum_synchronization(covariance, a, b),),
        "S_C": lambda: (complete_synchronization(mean, covariance, a, b),),
        "E_N": lambda: (log_negativity(covariance, a, b),),
        "linearization": lambda: (np.max(linearization_validity(mean, covariance), axis=-1),),
        "steering": lambda: (steering(covariance, a, b), steering(covariance, b, a)),
        "discord": lambda: (gaussian_discord(covariance, a, b), gaussian_discord(covariance, b, a)),
        "squeezing": lambda: (squeezing(covariance, a)[0], squeezing(covariance, b)[0]),
        "purity": lambda: (purity(covariance, a), purity(covariance, b)),
        "entropy": lambda: (von_neumann_entropy(covariance, a), von_neumann_entropy(covariance, b)),
        "mutual_information": lambda: (mutual_information(covariance, a, b),),
        "S_p": lambda: (phase_synchronization(mean, covariance, a, b),),
    }
    unknown = [name for name in names if name not in compute]
    if unknown:
        raise ParameterError(f"unknown measure(s) {unknown}; choose from {list(PAIR_MEASURES)}")
    out = {}
    for name in names:
        out.update(zip(PAIR_MEASURES[name], compute[name]()))
    return out
