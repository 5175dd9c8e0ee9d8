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

from ._version import __version__
from .errors import HybridsysError, ModelFileError, NetworkError, ParameterError, ResourceError

#: Every other public name and the module it lives in, imported on first use (PEP 562),
#: so that ``import hybridsys`` and ``hybridsys --help`` do not load sympy, scipy, numba
#: and matplotlib before a computation needs them.
_LAZY = {
    "Accuracy": "numerics.accuracy",
    "BeamSplitter": "model.couplings",
    "Cascade": "model.cascade",
    "Cavity": "model.modes",
    "CompiledModel": "compiled.compiler",
    "Contact": "model.couplings",
    "CrossKerr": "model.couplings",
    "Derivation": "symbolic.derivation",
    "DissipativeCoupling": "model.dissipators",
    "Dissipator": "model.dissipators",
    "Drive": "model.couplings",
    "GaussianBath": "model.dissipators",
    "InitialState": "numerics.trajectory",
    "Kerr": "model.couplings",
    "Magnetostriction": "model.couplings",
    "Magnon": "model.modes",
    "Model": "model.modelfile",
    "Network": "model.network",
    "OperatingPoint": "model.operating_point",
    "PeriodicStates": "numerics.periodic",
    "Optimum": "sweeps.optimize",
    "Phonon": "model.modes",
    "Port": "model.ports",
    "RadiationPressure": "model.couplings",
    "SagnacDrive": "model.couplings",
    "Settings": "sweeps.sweep",
    "Squeezing": "model.couplings",
    "SweepResult": "sweeps.result",
    "Term": "model.couplings",
    "TwoModeSqueezedBath": "model.dissipators",
    "TwoModeSqueezing": "model.couplings",
    "Units": "model.units",
    "Waveguide": "model.waveguide",
    "compare": "numerics.routes",
    "compile": "compiled.compiler",
    "covariance_at": "numerics.steady",
    "derive": "symbolic.derivation",
    "fixed_points": "numerics.fixedpoints",
    "load_model": "model.modelfile",
    "master_steady_state": "numerics.master",
    "optimize": "sweeps.optimize",
    "periodic_states": "numerics.periodic",
    "simulate": "numerics.trajectory",
    "steady_states": "numerics.steady",
    "sweep": "sweeps.sweep",
    "to_qutip": "compiled.qutip",
}
#: Subpackages reachable as attributes (``hs.measures.log_negativity``).
_SUBPACKAGES = ("measures",)

__all__ = sorted(["HybridsysError", "ModelFileError", "NetworkError", "ParameterError", "ResourceError", "__version__",
                  *_LAZY, *_SUBPACKAGES])


def __getattr__(name: str):
    """Import a public name's module on first use and keep the name here."""
    import importlib

    if name in _SUBPACKAGES:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
