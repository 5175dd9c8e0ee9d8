"""The derivation pipeline of a network, one inspectable object per step.

    network ─► Hamiltonian (S2) ─► Langevin (S3) ─► mean field (S7)
                                 └► fluctuations (S8) ─► drift A (S14), diffusion D (S20)
                                                          └► Routh-Hurwitz (S53-S54)

Each step is computed once, on first access, and kept.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Sequence

import attrs

from ..errors import NetworkError
from ..model.modelfile import Model
from ..model.network import Network
from ..model.operators import LadderContext
from ..model.ports import ports_of
from .drift import ContributedMatrix, diffusion_matrix, drift_matrix
from .dissipation import LindbladTerms
from .hamiltonian import Hamiltonian
from .hurwitz import RouthHurwitz
from .langevin import FluctuationEquations, LangevinEquations, MeanFieldEquations
from .weyl import WignerEquations


@attrs.define(frozen=True, slots=False)
class Derivation:
    """Everything derived symbolically from ``network`` under ``convention``
    (``"exact"``, or ``"spec"`` to drop the Kerr normal-ordering term, ERRATA 3)."""

    network: Network
    convention: str = "exact"

    @cached_property
    def context(self) -> LadderContext:
        ports = {p.name: p for p in ports_of(self.network.components)}
        return LadderContext({m.name: m for m in self.network.modes}, self.convention, ports=ports)

    @cached_property
    def hamiltonian(self) -> Hamiltonian:
        """H of (S2), term by component."""
        return Hamiltonian.of(self.network.components, self.context)

    @cached_property
    def lindblad(self) -> LindbladTerms:
        """The couplings' Lindblad terms, checked linear (:mod:`hybridsys.symbolic.dissipation`)."""
        return LindbladTerms.of(self.network.couplings, self.context)

    @cached_property
    def langevin(self) -> LangevinEquations:
        """Quantum Langevin equations (S3), with the dissipative couplings' terms."""
        return LangevinEquations.of(self.hamiltonian, self.network.modes, self.lindblad)

    @cached_property
    def mean_field(self) -> MeanFieldEquations:
        """Mean-field equations (S7), complex and in real quadratures."""
        return MeanFieldEquations.of(self.langevin)

    @cached_property
    def fluctuations(self) -> FluctuationEquations:
        """Linearized fluctuation equations (S8), per component."""
        return FluctuationEquations.of(self.hamiltonian, self.network.modes, self.lindblad)

    @cached_property
    def drift(self) -> ContributedMatrix:
        """Drift matrix A (S11)-(S14) with provenance."""
        return drift_matrix(self.fluctuations)

    @cached_property
    def diffusion(self) -> ContributedMatrix:
        """Diffusion matrix D (S20) with provenance."""
        return diffusion_matrix(self.network.modes, self.lindblad)

    @cached_property
    def hurwitz(self) -> RouthHurwitz:
        """Characteristic coefficients and Hurwitz determinants (S53)-(S54) (static models only)."""
        self.require_static("the Routh-Hurwitz criterion")
        return RouthHurwitz.of(self.drift.matrix, self.drift.basis)

    @property
    def time_dependent(self) -> bool:
        """Whether the network depends on time t (its drift is then A(t))."""
        return self.network.time_dependent

    def require_static(self, what: str) -> None:
        """Raise a :class:`NetworkError` naming where t enters if the model is time dependent."""
        require_static(what, self.network.time_dependence)

    @cached_property
    def wigner(self) -> WignerEquations:
        """Truncated-Wigner drift from the Weyl symbol of H (:mod:`hybridsys.symbolic.weyl`)."""
        return WignerEquations.of(self)

    @property
    def state(self):
        """Mean quadrature symbols [<X_o1>, <Y_o1>, ...], the order of every state vector."""
        return self.mean_field.state


def require_static(what: str, time_dependence: Sequence[str]) -> None:
    """Raise a :class:`NetworkError` for ``what``, a static route, if ``time_dependence``
    (where t enters, as ``label.field``) is not empty, pointing to the periodic route."""
    if time_dependence:
        raise NetworkError(
            f"{what} needs a static model, but this one depends on time t in {', '.join(time_dependence)}: "
            "its drift is A(t), and a periodically modulated model's steady state and stability come from "
            "its periodic orbit and Floquet multipliers (the periodic route: hs.periodic_states, "
            "regime='periodic' in sweeps, 'hybridsys steady' on the command line), not from a constant A"
        )


def derive(source: Network | Model, convention: str = "exact", scenarios: Sequence[str] = ()) -> Derivation:
    """The (cached) derivation of a network, or of a model file's network with the
    drive directions of ``scenarios`` applied (:meth:`Model.network_for`)."""
    network = source.network_for(*scenarios) if isinstance(source, Model) else source
    if not isinstance(network, Network):
        raise NetworkError(f"derive() takes a Network or a Model, not {type(source).__name__}")
    return _derivation(network, convention)


@lru_cache(maxsize=64)
def _derivation(network: Network, convention: str) -> Derivation:
    return Derivation(network, convention)


def clear_cache() -> None:
    """Forget the derivations held in this process."""
    _derivation.cache_clear()
