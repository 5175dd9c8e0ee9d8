"""hybridsys: hybrid quantum systems (photons, magnons, phonons) as composable
components, with exact symbolic Langevin equations, drift matrices and stability."""

__version__ = "0.1.0"

from .couplings import BeamSplitter, Contact, Drive, Kerr, Magnetostriction, RadiationPressure, SagnacDrive  # noqa: E402
from .derivation import Derivation, derive  # noqa: E402
from .errors import HybridsysError, ModelFileError, NetworkError, ParameterError  # noqa: E402
from .modes import Cavity, Magnon, Phonon  # noqa: E402
from .network import Network  # noqa: E402
from .units import Units  # noqa: E402

__all__ = [
    "BeamSplitter",
    "Cavity",
    "Contact",
    "Derivation",
    "Drive",
    "HybridsysError",
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
    "Units",
    "derive",
]
