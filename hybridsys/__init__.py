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
from .model.dissipators import Dissipator, DissipativeCoupling, GaussianBath, TwoModeSqueezedBath
from .model.cascade import Cascade
from .model.modelfile import Model, load_model
from .model.modes import Cavity, Magnon, Phonon
from .model.network import Network
from .model.ports import Port
from .model.operating_point import OperatingPoint
from .model.units import Units
from .numerics.fixedpoints import fixed_points
from .numerics.integrator import Accuracy
from .numerics.steady import covariance_at, steady_states
from .numerics.trajectory import InitialState, simulate
from .sweeps.optimize import Optimum, optimize
from .sweeps.result import SweepResult
from .sweeps.sweep import Settings, sweep
from .symbolic.derivation import Derivation, derive

__all__ = [
    "Accuracy",
    "BeamSplitter",
    "Cascade",
    "Cavity",
    "CompiledModel",
    "Contact",
    "CrossKerr",
    "Derivation",
    "DissipativeCoupling",
    "Dissipator",
    "Drive",
    "GaussianBath",
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
    "Optimum",
    "ParameterError",
    "Phonon",
    "Port",
    "RadiationPressure",
    "SagnacDrive",
    "Settings",
    "Squeezing",
    "SweepResult",
    "Term",
    "TwoModeSqueezedBath",
    "TwoModeSqueezing",
    "Units",
    "__version__",
    "compile",
    "covariance_at",
    "derive",
    "fixed_points",
    "optimize",
    "load_model",
    "measures",
    "simulate",
    "steady_states",
    "sweep",
]
