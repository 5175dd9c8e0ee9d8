"""Mean fields and covariance integrated together along a trajectory (S7), (S15)-(S17),
and the long-time regime they settle into.

The spec's figures start from all modes empty and the fluctuations in their bath
states, and integrate dV/dt = A(t)V + VA(t)ᵀ + D along the mean-field trajectory
(ERRATA 7): near blue-sideband driving the mean fields self-oscillate, so no fixed
point's algebraic Lyapunov equation describes them. Time is in units of 1/ω_ref,
so one mechanical period of a phonon at ω_ref is τ = 2π.
"""

from __future__ import annotations

from typing import Union

import attrs
import numpy as np

from ..errors import HybridsysError, ParameterError
from ..measures import (
    classify,
    complete_synchronization,
    linearization_validity,
    pair_measures,
    quantum_synchronization,
    window,
)
from . import memory
from .covariance import is_physical, pack, thermal, uncertainty_margin, unpack
from .integrator import OK, STATUS, Accuracy, Integration, integrate
from .resolution import require, trajectory_samples

TAU = 2 * np.pi


@attrs.frozen
class InitialState:
    """Where a trajectory starts: mean fields ``"empty"`` (all modes empty, as in
    the spec) or an array (batch..., 2n); fluctuations ``"vacuum"``, ``"thermal"``
    (each mode in its bath's thermal state, V = (n̄ + ½)I) or a covariance array."""

    mean: Union[str, np.ndarray] = "empty"
    fluctuations: Union[str, np.ndarray] = "thermal"

    def __attrs_post_init__(self) -> None:
        if isinstance(self.mean, str) and self.mean != "empty":
            raise ParameterError(f"initial mean must be 'empty' or an array, got {self.mean!r}")
        if isinstance(self.fluctuations, str) and self.fluctuations not in ("vacuum", "thermal"):
            raise ParameterError(f"initial fluctuations must be 'vacuum', 'thermal' or an array, got {self.fluctuations!r}")

    def describe(self) -> dict:
        text = lambda v: v if isinstance(v, str) else "given"  # noqa: E731
        return {"mean": text(self.mean), "fluctuations": text(self.fluctuations)}

    def vector(self, compiled, params: np.ndarray) -> np.ndarray:
        """y0 = [<state>, packed V] for every point of ``params`` (batch..., P)."""
        batch = params.shape[:-1]
        mean = np.zeros(batch + (compiled.size,)) if isinstance(self.mean, str) else compiled._state(self.mean)
        if isinstance(self.fluctuations, str):
            occupations = compiled.occupations(params)
            covariance = thermal(np.zeros_like(occupations) if self.fluctuations == "vacuum" else occupations)
        else:
            covariance = np.asarray(self.fluctuations, dtype=float)
            if covariance.shape[-2:] != (compiled.size, compiled.size):
                raise ParameterError(f"initial covariance must be (..., {compiled.size}, {compiled.size}), got {covariance.shape}")
            if not np.allclose(covariance, np.swapaxes(covariance, -1, -2)) or not np.all(is_physical(covariance)):
                raise ParameterError("initial covariance must be symmetric and physical (V + iΩ/2 ⪰ 0)")
        try:
            mean = np.broadcast_to(mean, batch + mean.shape[-1:])
            covariance = np.broadcast_to(covariance, batch + covariance.shape[-2:])
        except ValueError:
            raise ParameterError(f"initial mean {mean.shape} or covariance {covariance.shape} does not fit the batch {batch}") from None
        return np.concatenate([mean, pack(covariance)], axis=-1)


@attrs.frozen
class Trajectory:
    """Mean fields and covariance along trajectories of a batch of parameter points.

    ``y`` (batch..., T, N) holds [<state>, packed V] at ``times``; ``mean`` and
    ``covariance`` unpack it. Points that failed (see ``status`` and ``reasons``)
    hold NaN after the failure. ``regime`` and ``period`` classify the last
    ``classify_periods`` periods; ``initial`` states the initial state used.
    """

    times: np.ndarray
    y: np.ndarray
    params: np.ndarray
    parameter_names: tuple[str, ...]
    modes: tuple[str, ...]
    integration: Integration
    regime: np.ndarray
    period: np.ndarray
    initial: dict
    classify_periods: float

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.params.shape[:-1]

    @property
    def size(self) -> int:
        return 2 * len(self.modes)

    @property
    def mean(self) -> np.ndarray:
        """Mean quadratures (batch..., T, 2n)."""
        return self.y[..., : self.size]

    @property
    def covariance(self) -> np.ndarray:
        """Covariance matrices (batch..., T, 2n, 2n) (S16)."""
        return unpack(self.y[..., self.size :], self.size)

    @property
    def status(self) -> np.ndarray:
        return self.integration.status.reshape(self.batch_shape)

    @property
    def ok(self) -> np.ndarray:
        return self.status == OK

    @property
    def reasons(self) -> list[str]:
        """Why each failed point stopped ('' where it finished), in flat batch order."""
        return ["" if s == OK else self.integration.reason(b) for b, s in enumerate(self.integration.status)]

    def _modes(self, first: str, second: str) -> tuple[int, int]:
        from ..measures import mode_index

        return mode_index(self.modes, first), mode_index(self.modes, second)

    def quantum_synchronization(self, first: str, second: str) -> np.ndarray:
        """S_Q(t) (S27) between two modes, (batch..., T)."""
        return quantum_synchronization(self.covariance, *self._modes(first, second))

    def complete_synchronization(self, first: str, second: str) -> np.ndarray:
        """S_C(t) (S23) between two modes, (batch..., T)."""
        return complete_synchronization(self.mean, self.covariance, *self._modes(first, second))

    def measures(self, first: str, second: str, names=("S_Q", "E_N", "steering")) -> dict[str, np.ndarray]:
        """Measures of two modes along time, (batch..., T) each, by name (the keys of
        :data:`hybridsys.measures.PAIR_MEASURES`, reported as it names them, e.g.
        ``steering_a_to_b`` with a = ``first``)."""
        return pair_measures(names, self.mean, self.covariance, *self._modes(first, second))

    def uncertainty_margin(self) -> np.ndarray:
        """Smallest eigenvalue of V(t) + iΩ/2 over the samples, per point (>= 0: physical)."""
        return np.nanmin(uncertainty_margin(self.covariance), axis=-1)

    def physical(self) -> np.ndarray:
        """Per point: V(t) + iΩ/2 ⪰ 0 at every sample, within what the integration can
        resolve (10·(rtol·max V_kk + atol): large covariances carry large absolute errors)."""
        accuracy = self.integration.accuracy
        V = self.covariance
        scale = np.max(np.abs(np.diagonal(V, axis1=-2, axis2=-1)), axis=-1)
        with np.errstate(invalid="ignore"):
            ok = uncertainty_margin(V) >= -10 * (accuracy.rtol * scale + accuracy.atol)
        return np.all(ok | np.isnan(scale), axis=-1)

    def linearization_validity(self) -> np.ndarray:
        """Largest ⟨δo†δo⟩/|⟨o⟩|² over the last ``classify_periods`` periods, per point and mode."""
        last = window(self.times, self.classify_periods)
        return np.nanmax(linearization_validity(self.mean[..., last, :], self.covariance[..., last, :, :]), axis=-2)

    def to_xarray(self):
        """An ``xarray.Dataset`` (needs xarray): the mean quadratures over (point, time,
        quadrature) and the covariance over (point, time, row, column), the batch
        flattened into ``point`` with every parameter as a coordinate along it; regime,
        period, status and reason per point; times in 1/ω_ref."""
        try:
            import xarray
        except ImportError:
            raise HybridsysError("to_xarray needs xarray: pip install 'hybridsys[xarray]'") from None
        names = [f"{q}_{mode}" for mode in self.modes for q in "XY"]
        points = int(np.prod(self.batch_shape))
        flat = lambda a, *tail: np.reshape(a, (points,) + tail)  # noqa: E731
        T, S = self.times.size, self.size
        params = flat(self.params, len(self.parameter_names))
        return xarray.Dataset(
            {"mean": (("point", "time", "quadrature"), flat(self.mean, T, S)),
             "covariance": (("point", "time", "row", "column"), flat(self.covariance, T, S, S)),
             "regime": ("point", flat(self.regime)), "period": ("point", flat(self.period)),
             "status": ("point", [STATUS[s] for s in self.integration.status]), "reason": ("point", self.reasons)},
            coords={"time": self.times, "quadrature": names, "row": names, "column": names,
                    **{n: ("point", params[:, k]) for k, n in enumerate(self.parameter_names)}},
            attrs={"initial": str(self.initial), "accuracy": str(self.integration.accuracy.to_data()),
                   "engine": self.integration.engine, "classify_periods": self.classify_periods},
        )

    def raise_failures(self) -> None:
        """Raise a :class:`HybridsysError` naming the first failed parameter point."""
        failed = np.flatnonzero(self.integration.status != OK)
        if failed.size:
            b = failed[0]
            point = dict(zip(self.parameter_names, self.params.reshape(-1, len(self.parameter_names))[b].tolist()))
            raise HybridsysError(f"integration failed at parameter point #{b} ({self.integration.reason(b)}): {point}")


#: The most time samples one integration lays out (their times alone take 8 bytes each).
MAX_SAMPLES = 10**8


def simulate(
    compiled,
    params: np.ndarray,
    periods: float = 200,
    samples_per_period: int = 20,
    record_periods: float | None = None,
    initial: InitialState = InitialState(),
    accuracy: Accuracy = Accuracy(),
    engine: str | None = None,
    classify_periods: float | None = None,
    progress=None,
    method: str = "linearized",
    **wigner,
) -> Trajectory:
    """Integrate mean fields and covariance for every point of ``params`` (batch..., P)
    from ``initial`` over ``periods`` periods τ, sampling ``samples_per_period`` times
    a period and keeping the last ``record_periods`` (default: all). The regime is
    read off the last ``classify_periods`` (default: 20, or all if fewer). ``progress``
    (optional) is called with the number of points finished, chunk by chunk. Failed points
    are marked (``status``), never raised; call :meth:`Trajectory.raise_failures`
    to turn them into an error.

    ``method="wigner"`` samples the full nonlinear equations instead (truncated
    Wigner; keywords ``trajectories``, ``seed``, ``steps_per_period``, ``batches``)
    and returns a :class:`~hybridsys.numerics.wigner.WignerTrajectory`. ``method="master"``
    solves the master equation in a truncated Fock space (QuTiP; keywords ``cutoffs``,
    ``tolerance``, ``brownian``) and returns a :class:`~hybridsys.numerics.master.MasterTrajectory`."""
    if method == "wigner":
        from .wigner import simulate_wigner

        return simulate_wigner(compiled, params, initial, periods, samples_per_period, record_periods, classify_periods, **wigner)
    if method == "master":
        from .master import simulate_master

        return simulate_master(compiled, params, initial, periods, samples_per_period, record_periods, classify_periods, **wigner)
    if method != "linearized" or wigner:
        raise ParameterError(f"simulate: method must be 'linearized', 'wigner' or 'master' (their keywords only with them), got {method!r}")
    params = compiled._params(params)
    if not (0 < periods < np.inf) or samples_per_period < 2:
        raise ParameterError(f"need finite periods > 0 and samples_per_period >= 2, got {periods}, {samples_per_period}")
    flat = params.reshape(int(np.prod(params.shape[:-1])), params.shape[-1])  # also without parameters
    require(trajectory_samples(compiled, flat, samples_per_period), compiled, flat)
    if periods * samples_per_period > MAX_SAMPLES:
        raise ParameterError(f"periods × samples_per_period = {periods:g} × {samples_per_period} samples is more than "
                             f"{MAX_SAMPLES:g}; take fewer samples per period or fewer periods")
    record = periods if record_periods is None else min(record_periods, periods)
    classify_periods = min(20, record) if classify_periods is None else classify_periods
    if not 0 < classify_periods <= record or classify_periods * samples_per_period < 3:
        raise ParameterError(
            f"classify_periods={classify_periods} must be positive, within record_periods={record}, "
            "and span at least 3 samples"
        )
    steps = int(round(periods * samples_per_period))
    times = np.linspace(0.0, periods * TAU, steps + 1)
    times = times[window(times, record)]
    argument, culprit, hint = memory.samples_or_points(len(flat), times.size)
    memory.require(memory.trajectory_bytes(len(flat), times.size, compiled.size), argument, culprit,
                   f"integrating {len(flat)} parameter points × {times.size} recorded samples", hint)
    y0 = initial.vector(compiled, params).reshape(len(flat), -1)
    run = integrate(compiled.flow, flat, y0, times, accuracy, engine, progress=progress)
    regime, cycle = classify(times, run.y[..., : compiled.size], run.ok, classify_periods, 100 * accuracy.rtol)
    batch = params.shape[:-1]
    return Trajectory(
        times, run.y.reshape(batch + run.y.shape[1:]), params, compiled.parameter_names, compiled.modes, run,
        regime.reshape(batch), cycle.reshape(batch), initial.describe(), classify_periods,
    )
