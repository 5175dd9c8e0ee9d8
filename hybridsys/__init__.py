"""hybridsys: hybrid quantum systems (photons, magnons, phonons) as composable
components, with exact symbolic Langevin equations, drift matrices and stability.

The packages, in the order data flows (each imports only those before it):

    model/     modes, couplings, the network graph, model files, units, physical helpers
    symbolic/  Hamiltonian (S2), Langevin (S3), mean field (S7), drift A and diffusion D
               (S14, S20), Routh-Hurwitz (S53-S54), the derivation object, its listings
    compiled/  code generation and the compiled, batched model (cached on disk)
    measures/  functions of mean fields and covariances: synchronization, entanglement, ...
    numerics/  fixed points, stability, steady covariance, the integrator, trajectories
    sweeps/    parameter sweeps: chunks, checkpoints, workers, labelled results
    papers/    one package per reproduced publication (plug-ins; the core never imports them)
    cli/       the ``hybridsys`` command
"""

from . import measures
from ._version import __version__
from .compiled.compiler import CompiledModel, compile
from .errors import HybridsysError, ModelFileError, NetworkError, ParameterError
from .model.couplings import (
    BeamSplitter,
    Contact,
    CrossKerr,
    Drive,
    Kerr,
    Magnetostriction,
    RadiationPressure,
    SagnacDrive,
    Squeezing,
    Term,
    TwoModeSqueezing,
)
from .model.modelfile import Model, load_model
from .model.modes import Cavity, Magnon, Phonon
from .model.network import Network
from .model.operating_point import OperatingPoint
from .model.units import Units
from .numerics.fixedpoints import fixed_points
from .compiled.qutip import to_qutip
from .numerics.integrator import Accuracy
from .numerics.master import master_steady_state
from .numerics.routes import compare
from .numerics.steady import covariance_at, steady_states
from .numerics.trajectory import InitialState, simulate
from .sweeps.result import SweepResult
from .sweeps.sweep import Settings, sweep
from .symbolic.derivation import Derivation, derive

__all__ = [
    "Accuracy",
    "BeamSplitter",
    "Cavity",
    "CompiledModel",
    "Contact",
    "CrossKerr",
    "Derivation",
    "Drive",
    "HybridsysError",
    "InitialState",
    "Kerr",
    "Magnetostriction",
    "Magnon",
    "Model",
    "ModelFileError",
    "Network",
    "NetworkError",
    "OperatingPoint",
    "ParameterError",
    "Phonon",
    "RadiationPressure",
    "SagnacDrive",
    "Settings",
    "Squeezing",
    "SweepResult",
    "Term",
    "TwoModeSqueezing",
    "Units",
    "__version__",
    "compare",
    "compile",
    "covariance_at",
    "derive",
    "fixed_points",
    "load_model",
    "master_steady_state",
    "measures",
    "simulate",
    "steady_states",
    "sweep",
    "to_qutip",
]
