"""hybridsys: hybrid quantum systems (photons, magnons, phonons) as composable
components, with exact symbolic Langevin equations, drift matrices and stability."""

__version__ = "0.1.0"

from .couplings import BeamSplitter, Contact, Drive, Kerr, Magnetostriction, RadiationPressure, SagnacDrive  # noqa: E402
from .derivation import Derivation, derive  # noqa: E402
from .errors import HybridsysError, ModelFileError, NetworkError, ParameterError  # noqa: E402
from .fixedpoints import fixed_points  # noqa: E402
from .integrator import Accuracy  # noqa: E402
from .modelfile import load_model  # noqa: E402
from .modes import Cavity, Magnon, Phonon  # noqa: E402
from .network import Network  # noqa: E402
from .steady import covariance_at, steady_states  # noqa: E402
from .sweep import Settings, sweep  # noqa: E402
from .sweep_result import SweepResult  # noqa: E402
from .trajectory import InitialState, simulate  # noqa: E402
from .units import Units  # noqa: E402

__all__ = [
    "Accuracy",
    "BeamSplitter",
    "Cavity",
    "Contact",
    "Derivation",
    "Drive",
    "HybridsysError",
    "InitialState",
    "Kerr",
    "Magnetostriction",
    "Magnon",
    "ModelFileError",
    "Network",
    "NetworkError",
    "ParameterError",
    "Phonon",
    "RadiationPressure",
    "SagnacDrive",
    "Settings",
    "SweepResult",
    "Units",
    "covariance_at",
    "derive",
    "fixed_points",
    "load_model",
    "simulate",
    "steady_states",
    "sweep",
]
