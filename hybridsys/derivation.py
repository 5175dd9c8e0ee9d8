"""The derivation pipeline of a network, one inspectable object per step.

    network ─► Hamiltonian (S2) ─► Langevin (S3) ─► mean field (S7)
                                 └► fluctuations (S8) ─► drift A (S14), diffusion D (S20)
                                                          └► Routh-Hurwitz (S53-S54)

Each step is computed once, on first access, and kept.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import attrs

from .drift import ContributedMatrix, diffusion_matrix, drift_matrix
from .hamiltonian import Hamiltonian, LadderContext
from .hurwitz import RouthHurwitz
from .langevin import FluctuationEquations, LangevinEquations, MeanFieldEquations
from .network import Network


@attrs.define(frozen=True, slots=False)
class Derivation:
    """Everything derived symbolically from ``network`` under ``convention``
    (``"exact"``, or ``"spec"`` to drop the Kerr normal-ordering term, ERRATA 3)."""

    network: Network
    convention: str = "exact"

    @cached_property
    def context(self) -> LadderContext:
        return LadderContext({m.name: m for m in self.network.modes}, self.convention)

    @cached_property
    def hamiltonian(self) -> Hamiltonian:
        """H of (S2), term by component."""
        return Hamiltonian.of(self.network.components, self.context)

    @cached_property
    def langevin(self) -> LangevinEquations:
        """Quantum Langevin equations (S3)."""
        return LangevinEquations.of(self.hamiltonian, self.network.modes)

    @cached_property
    def mean_field(self) -> MeanFieldEquations:
        """Mean-field equations (S7), complex and in real quadratures."""
        return MeanFieldEquations.of(self.langevin)

    @cached_property
    def fluctuations(self) -> FluctuationEquations:
        """Linearized fluctuation equations (S8), per component."""
        return FluctuationEquations.of(self.hamiltonian, self.network.modes)

    @cached_property
    def drift(self) -> ContributedMatrix:
        """Drift matrix A (S11)-(S14) with provenance."""
        return drift_matrix(self.fluctuations)

    @cached_property
    def diffusion(self) -> ContributedMatrix:
        """Diffusion matrix D (S20) with provenance."""
        return diffusion_matrix(self.network.modes)

    @cached_property
    def hurwitz(self) -> RouthHurwitz:
        """Characteristic coefficients and Hurwitz determinants (S53)-(S54)."""
        return RouthHurwitz.of(self.drift.matrix, self.drift.basis)

    @property
    def state(self):
        """Mean quadrature symbols [<X_o1>, <Y_o1>, ...], the order of every state vector."""
        return self.mean_field.state

    @cached_property
    def compiled(self):
        """The numeric, batched functions of this derivation (see :mod:`hybridsys.compile`)."""
        from .compile import compile_derivation

        return compile_derivation(self)

    def compile(self):
        """Same as :attr:`compiled`: compiled once, then kept."""
        return self.compiled


@lru_cache(maxsize=64)
def derive(network: Network, convention: str = "exact") -> Derivation:
    """The (cached) derivation of ``network``."""
    return Derivation(network, convention)
