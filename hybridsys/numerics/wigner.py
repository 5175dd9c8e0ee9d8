"""Truncated-Wigner simulation: the full nonlinear Langevin equations sampled with
classical stochastic fields, a second route beside the linearization (S5)-(S17).

Each trajectory starts from a sample of the Wigner function of the declared initial
state (a Gaussian: the given mean fields and covariance; empty modes with vacuum or
thermal fluctuations) and follows dx = f(x) dt + B dW, f the truncated-Wigner drift
of :mod:`hybridsys.symbolic.weyl` and B Bᵀ = D the diffusion matrix (S20), with the
stochastic Heun kernel of :mod:`hybridsys.numerics.sde` at a fixed step.

Sample moments of the quadratures are symmetrized moments: the sample mean is ⟨x⟩ and
the sample covariance (denominator M − 1) is V of (S16), so every measure of
:mod:`hybridsys.measures` applies to them unchanged (number operators need the Wigner
½: ⟨o†o⟩ = ⟨|α|²⟩ − ½, which (V_XX + V_YY − 1)/2 already contains).

**Errors.** The M trajectories are split into ``batches`` groups; a measure's
standard error is the jackknife over the groups (each group left out in turn,
error² = (G−1)/G Σ_g (f_{−g} − f̄)²), which also holds for nonlinear measures such
as S_Q = 1/(…) and for the max over a window. It falls as 1/√M.
"""

from __future__ import annotations

import secrets

import attrs
import numpy as np

from ..errors import HybridsysError, ParameterError
from ..measures import (
    asymptotic,
    classify,
    complete_synchronization,
    linearization_validity,
    log_negativity,
    mode_index,
    quantum_synchronization,
    window,
)
from . import memory
from .covariance import unpack
from .resolution import require, trajectory_samples, unresolved
from .sde import integrate

TAU = 2 * np.pi

#: Standard errors of the sample mean that a fixed point's mean quadratures may wander
#: over the window (the extremes of a few hundred samples of noise lie within ±4).
NOISE_ERRORS = 8.0


@attrs.frozen
class Estimate:
    """A measure from the samples (``value``) and its standard error (``error``),
    both arrays of the same shape."""

    value: np.ndarray
    error: np.ndarray


@attrs.frozen
class WignerTrajectory:
    """Moments of the truncated-Wigner samples along time, for a batch of parameter
    points: per point and group of trajectories, the sums of x (``sums``, (batch...,
    G, T, 2n)) and of x xᵀ (``products``, (batch..., G, T, 2n, 2n)) at ``times``,
    the trajectories per group (``counts``) and how many of them diverged."""

    times: np.ndarray
    params: np.ndarray
    parameter_names: tuple[str, ...]
    modes: tuple[str, ...]
    sums: np.ndarray
    products: np.ndarray
    counts: np.ndarray
    diverged: np.ndarray
    seed: int
    step: float
    initial: dict
    classify_periods: float
    method: str = "wigner"

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.params.shape[:-1]

    @property
    def trajectories(self) -> int:
        """Trajectories per parameter point (every point runs the same seeds)."""
        return int(self.counts.reshape(-1, self.counts.shape[-1])[0].sum())

    @property
    def ok(self) -> np.ndarray:
        """Per point: no trajectory diverged (else every measure there is NaN)."""
        return self.diverged.sum(axis=-1) == 0

    @staticmethod
    def _moments(sums, products, count):
        """(mean, covariance with denominator M − 1) from sums over ``count`` trajectories
        (``count`` shaped like the leading axes of ``sums`` before (T, 2n))."""
        count = np.asarray(count, dtype=float)[..., None, None]
        mean = sums / count
        second = products / count[..., None]
        return mean, (second - mean[..., :, None] * mean[..., None, :]) * (count / (count - 1))[..., None]

    def _totals(self, samples: slice = slice(None)):
        """(mean, covariance) from all trajectories at ``samples`` (a slice of the time
        axis); NaN where trajectories diverged."""
        mean, cov = self._moments(self.sums[..., samples, :].sum(axis=-3), self.products[..., samples, :, :].sum(axis=-4),
                                  self.counts.sum(axis=-1))
        out = (~self.ok)[..., None, None]
        return np.where(out, np.nan, mean), np.where(out[..., None], np.nan, cov)

    def _estimates(self, samples: slice = slice(None)):
        """(mean, covariance) from all trajectories, and the G leave-one-group-out
        replicates (group axis after the batch axes), at ``samples``."""
        mean, cov = self._totals(samples)
        total = self.counts.sum(axis=-1)
        sums, products = self.sums[..., samples, :], self.products[..., samples, :, :]
        loo_mean, loo_cov = self._moments(sums.sum(axis=-3)[..., None, :, :] - sums,
                                          products.sum(axis=-4)[..., None, :, :, :] - products, total[..., None] - self.counts)
        return mean, cov, loo_mean, loo_cov

    @property
    def mean(self) -> np.ndarray:
        """Mean quadratures (batch..., T, 2n)."""
        return self._totals()[0]

    @property
    def covariance(self) -> np.ndarray:
        """Symmetrized covariance (batch..., T, 2n, 2n) from the samples (S16)."""
        return self._totals()[1]

    def estimate(self, measure, samples: slice = slice(None)) -> Estimate:
        """``measure(mean, covariance)`` (arrays with batch axes first) with its
        jackknife standard error over the groups of trajectories, from the samples
        ``samples`` (a slice of the time axis; default all)."""
        mean, cov, loo_mean, loo_cov = self._estimates(samples)
        value = np.asarray(measure(mean, cov), dtype=float)
        replicates = np.asarray(measure(loo_mean, loo_cov), dtype=float)  # (batch..., G, ...)
        groups = self.counts.shape[-1]
        axis = len(self.batch_shape)
        spread = replicates - replicates.mean(axis=axis, keepdims=True)
        error = np.sqrt((groups - 1) / groups * np.sum(spread**2, axis=axis))
        return Estimate(value, np.where(np.isfinite(value), error, np.nan))

    def _pair(self, first: str, second: str) -> tuple[int, int]:
        return mode_index(self.modes, first), mode_index(self.modes, second)

    def quantum_synchronization(self, first: str, second: str) -> Estimate:
        """S_Q(t) (S27) with its standard error, (batch..., T)."""
        i, j = self._pair(first, second)
        return self.estimate(lambda m, V: quantum_synchronization(V, i, j))

    def complete_synchronization(self, first: str, second: str) -> Estimate:
        """S_C(t) (S23) with its standard error, (batch..., T)."""
        i, j = self._pair(first, second)
        return self.estimate(lambda m, V: complete_synchronization(m, V, i, j))

    def log_negativity(self, first: str, second: str) -> Estimate:
        """E_N(t) of two modes with its standard error, (batch..., T)."""
        i, j = self._pair(first, second)
        return self.estimate(lambda m, V: log_negativity(V, i, j))

    def summary(self, series, periods: float | None = None) -> dict[str, Estimate]:
        """Max and mean over the last ``periods`` (default: ``classify_periods``) of a
        measure ``series(mean, covariance)`` along time, each with its error."""
        periods = self.classify_periods if periods is None else periods
        keys = ("max", "mean")
        last = slice(int(np.argmax(window(self.times, periods))), None)  # the window is the tail: moments there only
        both = self.estimate(lambda m, V: np.stack([asymptotic(self.times[last], series(m, V), periods)[k] for k in keys], axis=-1),
                             last)
        return {k: Estimate(both.value[..., n], both.error[..., n]) for n, k in enumerate(keys)}

    def synchronization_summary(self, first: str, second: str) -> dict:
        """{"S_Q": {"max": Estimate, "mean": Estimate}, "S_C": {...}} over the window."""
        i, j = self._pair(first, second)
        return {"S_Q": self.summary(lambda m, V: quantum_synchronization(V, i, j)),
                "S_C": self.summary(lambda m, V: complete_synchronization(m, V, i, j))}

    def classification(self) -> tuple[np.ndarray, np.ndarray]:
        """Regime and period of the mean quadratures over the last ``classify_periods``
        (:func:`~hybridsys.measures.regimes.classify`), per point. The mean of M
        samples wanders by its standard error √(V_kk/M): a fixed point may vary by
        :data:`NOISE_ERRORS` of the largest of them (and 1e-4 relative, as an integration)."""
        last = window(self.times, self.classify_periods)
        mean, cov = self._totals()
        flat = lambda a: a.reshape((-1,) + a.shape[len(self.batch_shape):])  # noqa: E731
        error = np.sqrt(np.max(np.diagonal(cov[..., last, :, :], axis1=-2, axis2=-1), axis=(-2, -1)) / self.trajectories)
        regime, period = classify(self.times, flat(mean), flat(self.ok), self.classify_periods, noise=NOISE_ERRORS * flat(error))
        return regime.reshape(self.batch_shape), period.reshape(self.batch_shape)

    def linearization_validity(self) -> np.ndarray:
        """Largest ⟨δo†δo⟩/|⟨o⟩|² over the last ``classify_periods``, per point and mode
        (from the Wigner moments: how nonlinear the state actually is)."""
        last = window(self.times, self.classify_periods)
        mean, cov = self._totals()
        return np.nanmax(linearization_validity(mean[..., last, :], cov[..., last, :, :]), axis=-2)

    def raise_failures(self) -> None:
        """Raise a :class:`HybridsysError` at the first point where trajectories diverged."""
        bad = np.flatnonzero(~self.ok.reshape(-1))
        if bad.size:
            b = bad[0]
            point = dict(zip(self.parameter_names, self.params.reshape(-1, len(self.parameter_names))[b].tolist()))
            count = int(self.diverged.reshape(-1, self.diverged.shape[-1])[b].sum())
            raise HybridsysError(f"truncated Wigner: {count} trajectories diverged at parameter point #{b}: {point}")


def noise_matrix(diffusion: np.ndarray) -> np.ndarray:
    """B with B Bᵀ = D (symmetric square root), per point; D must be positive semidefinite."""
    values, vectors = np.linalg.eigh(diffusion)
    scale = np.maximum(np.abs(values).max(axis=-1, keepdims=True), 1e-300)
    if np.any(values < -1e-12 * scale):
        raise ParameterError("the diffusion matrix D is not positive semidefinite: no truncated-Wigner noise for it")
    return (vectors * np.sqrt(np.maximum(values, 0.0))[..., None, :]) @ np.swapaxes(vectors, -1, -2)


def _check_memory(points: int, trajectories: int, batches: int, samples: int, size: int) -> None:
    """Refuse a run that would not fit in memory, naming its larger part: the
    trajectories' seeds, or the moments of every point, group and sample."""
    seeds = memory.wigner_bytes(0, trajectories, batches, samples, size)
    moments = memory.wigner_bytes(points, 0, batches, samples, size)
    what = f"truncated Wigner with {trajectories} trajectories in {batches} groups at {points} points × {samples} samples"
    if seeds >= moments:
        argument, culprit, hint = "trajectories", f"trajectories={trajectories}", "ask for fewer trajectories"
    else:
        argument, culprit, hint = memory.samples_or_points(points, samples)
    memory.require(seeds + moments, argument, culprit, what, hint)
#: Fixed steps the stochastic kernel must take per period of the fastest modulation.
STEPS_PER_MODULATION = 16


def unresolved_wigner(compiled, params: np.ndarray, samples_per_period: int, steps_per_period: int) -> list[str]:
    """Per point: why the fixed step τ/steps_per_period does not resolve the fastest
    modulation (fewer than :data:`STEPS_PER_MODULATION` steps a period 2π/|ω|), or the
    samples do not (:func:`~hybridsys.numerics.resolution.trajectory_samples`), or ''."""
    steps = unresolved(compiled, params, TAU / steps_per_period, STEPS_PER_MODULATION,
                       "fixed steps of the truncated-Wigner kernel (h = τ/steps_per_period", "steps_per_period", steps_per_period)
    return [a or b for a, b in zip(steps, trajectory_samples(compiled, params, samples_per_period))]


def simulate_wigner(compiled, params: np.ndarray, initial, periods: float = 200, samples_per_period: int = 20,
                    record_periods: float | None = None, classify_periods: float | None = None,
                    trajectories: int = 1000, seed: int | None = None, steps_per_period: int = 400,
                    batches: int = 20, divergence: float = 1e8) -> WignerTrajectory:
    """Truncated-Wigner moments for every point of ``params`` (batch..., P) from
    ``initial`` (an :class:`~hybridsys.numerics.trajectory.InitialState`), with
    ``trajectories`` trajectories in ``batches`` groups, ``steps_per_period`` fixed
    steps a period τ (a multiple of ``samples_per_period``), ``seed`` (default: drawn
    and reported). Use it through ``hs.simulate(..., method="wigner")``."""
    params = compiled._params(params)
    if not periods > 0 or samples_per_period < 2:
        raise ParameterError(f"need periods > 0 and samples_per_period >= 2, got {periods}, {samples_per_period}")
    if steps_per_period < samples_per_period or steps_per_period % samples_per_period:
        raise ParameterError(f"steps_per_period ({steps_per_period}) must be a multiple of samples_per_period ({samples_per_period})")
    trajectories, batches = int(trajectories), int(batches)
    if batches < 2 or trajectories < 2 * batches:
        raise ParameterError(f"need at least 2 groups of at least 2 trajectories, got {trajectories} trajectories in {batches} groups")
    record = periods if record_periods is None else min(record_periods, periods)
    classify_periods = min(20, record) if classify_periods is None else classify_periods
    if not 0 < classify_periods <= record:
        raise ParameterError(f"classify_periods={classify_periods} must be positive and within record_periods={record}")
    seed = secrets.randbits(32) if seed is None else int(seed)
    if seed < 0:
        raise ParameterError(f"seed must be a non-negative integer, got {seed}")
    count = int(round(periods * samples_per_period))
    times = np.linspace(0.0, periods * TAU, count + 1)
    first = int(np.argmax(window(times, record)))
    step = TAU / steps_per_period
    flat = params.reshape(int(np.prod(params.shape[:-1])), params.shape[-1])
    _check_memory(len(flat), trajectories, batches, count + 1 - first, compiled.size)
    require(unresolved_wigner(compiled, flat, samples_per_period, steps_per_period), compiled, flat)
    y0 = initial.vector(compiled, params).reshape(len(flat), -1)
    mean0, cov0 = y0[:, : compiled.size], unpack(y0[:, compiled.size :], compiled.size)
    try:
        chol0 = np.linalg.cholesky(cov0)
    except np.linalg.LinAlgError:
        raise ParameterError("the initial covariance must be positive definite to sample its Wigner function") from None
    noise = noise_matrix(compiled.diffusion(flat))
    seeds = np.random.SeedSequence(seed).generate_state(trajectories, dtype=np.uint32).astype(np.int64)
    sums, products, diverged = integrate(compiled, flat, noise, mean0, chol0, seeds, batches, step,
                                         steps_per_period // samples_per_period, count + 1, first, divergence)
    per = trajectories // batches
    counts = np.full(batches, per)
    counts[-1] = trajectories - per * (batches - 1)
    batch = params.shape[:-1]
    return WignerTrajectory(
        times[first:], params, compiled.parameter_names, compiled.modes, sums.reshape(batch + sums.shape[1:]),
        products.reshape(batch + products.shape[1:]), np.broadcast_to(counts, batch + (batches,)).copy(),
        diverged.reshape(batch + (batches,)), seed, step, initial.describe(), classify_periods,
    )
