"""What a paper about port-to-port transmission needs: a linear, undriven model with
ports, compiled once, and its scattering matrix S(ω) at many parameter points and
frequencies in one batched call (:func:`hybridsys.measures.port_scattering`).

An undriven linear network rests at the vacuum, so its fluctuations are linearized
there: the mean fields are zero and the drift is the same at every state. Points where
the drift is unstable have no steady response; S is NaN there, and the session notes
them (``failures``), as every paper session does.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np

from ..compiled.compiler import compile
from ..measures import Scattering, port_scattering
from ..model.modelfile import Model
from .figures import Resolution


class PortSession:
    """A model with ports, compiled, and S(ω) at any list of parameter points."""

    def __init__(self, model: Model | object, resolution: Resolution = Resolution(), progress: Callable | None = None,
                 values: Mapping[str, float] | None = None):
        self.model, self.resolution, self.failures = model, resolution, []
        self.compiled = compile(model)
        self.base = dict(model.values() if values is None else values)

    def values(self, **overrides: float) -> dict[str, float]:
        """The parameter set's values with ``overrides``."""
        return {**self.base, **overrides}

    def scattering(self, points: Sequence[Mapping[str, float]], omega: np.ndarray) -> Scattering:
        """S(ω) at each point (batch axis first, (points, F, P, P)), linearized at the vacuum."""
        params = np.array([self.compiled.parameters(dict(p)) for p in points])
        state = np.zeros(params.shape[:-1] + (self.compiled.size,))
        result = port_scattering(self.compiled, params, state, np.asarray(omega, dtype=float))
        unstable = np.flatnonzero(np.isnan(result.matrix).any(axis=(-3, -2, -1)))
        self.failures += [f"point {k} ({dict(points[k])}) is unstable: S left out (NaN)" for k in unstable]
        return result
