"""How accurately trajectories are integrated, and by which engine: the options of
:mod:`hybridsys.numerics.integrator`, kept apart from its kernels so that reading them
(the command line's ``--help``) loads neither numba nor the compiled code."""

from __future__ import annotations

from importlib.util import find_spec

import attrs
import numpy as np

from ..errors import ParameterError

ENGINES = ("numba", "scipy")

#: Integration methods (scipy's names): Dormand–Prince 5(4) and Hairer's DOP853 (order 8).
METHODS = ("RK45", "DOP853")

#: Master-equation route (:mod:`hybridsys.numerics.master`): the largest change of its
#: results allowed when a cutoff grows by 2, and the Fock states a mode gets by default.
TOLERANCE = 1e-3
DEFAULT_CUTOFF = 10


@attrs.frozen
class Accuracy:
    """Accuracy controls of an integration, reported with every result.

    ``rtol``/``atol``: per-step error tolerances (scipy's meaning);
    ``max_steps``: steps allowed per point; ``divergence``: a point whose |y|
    exceeds this is stopped and marked diverged; ``method``: the Runge–Kutta pair (one
    of :data:`METHODS`), or None for the route's own: RK45 for trajectories, DOP853 for
    the periodic route's period map (fewer evaluations at its tight tolerance).
    Results report the method used.
    """

    rtol: float = 1e-6
    atol: float = 1e-9
    max_steps: int = 2_000_000
    divergence: float = 1e8
    method: str | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("rtol", "atol", "divergence"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                raise ParameterError(f"Accuracy.{name} must be a positive number, got {value!r}")
        if self.rtol < 100 * np.finfo(float).eps:
            raise ParameterError(f"Accuracy.rtol={self.rtol} is below what double precision can deliver")
        if int(self.max_steps) < 1:
            raise ParameterError(f"Accuracy.max_steps must be >= 1, got {self.max_steps}")
        if self.method is not None and self.method not in METHODS:
            raise ParameterError(f"Accuracy.method must be one of {METHODS} (or None: the route's own), got {self.method!r}")

    def with_method(self, method: str) -> "Accuracy":
        """These controls with ``method`` where none is chosen."""
        return self if self.method is not None else attrs.evolve(self, method=method)

    def to_data(self) -> dict:
        return attrs.asdict(self)


def default_engine() -> str:
    """``"numba"`` when numba is installed (found without importing it), else ``"scipy"``."""
    return "numba" if find_spec("numba") is not None else "scipy"
