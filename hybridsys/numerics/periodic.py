"""Periodic (Floquet) steady states of a periodically modulated model.

With the drift A(t) and mean field f(x, t) periodic with period T, the long-time state
is periodic too: the mean fields follow a periodic orbit x(t + T) = x(t), and the
covariance a periodic V(t + T) = V(t). Everything comes from one period:

* the **period map** integrates, in the phase s = t/T from 0 to 1,
  y = [x, Φ, V] from [x₀, I, 0] (:func:`hybridsys.compiled.compiler.period_flow_source`):
  x(T) is the period map of x₀, Φ = Φ(T, 0) the monodromy (dΦ/dt = A(t) Φ) and
  Q = V(T) the noise accumulated over one period (dV/dt = A V + V Aᵀ + D from 0),
  integrated with DOP853 (8th order; the route's own method: far fewer evaluations than
  Dormand–Prince 5(4) at its tight tolerance) unless ``accuracy.method`` says otherwise;
* the **orbit** x₀ = x(T) is found by Newton on the period map (Jacobian Φ − I) from
  each start in turn, batched over the parameter points still unconverged; every step
  samples the period, so the step whose residual passes the tolerance is the orbit's
  period (no integration after Newton). The first start is the orbit by harmonic balance
  (:func:`harmonic_balance`), usually accurate enough that the first period passes;
* its **Floquet multipliers** μ are the eigenvalues of Φ: the orbit is stable iff
  every |μ| < 1;
* the **periodic covariance** at phase 0 solves V₀ = Φ V₀ Φᵀ + Q (a discrete Lyapunov
  equation), and V(t) = Φ(t, 0) V₀ Φ(t, 0)ᵀ + Q(t) at the sampled phases of that same
  integration (:mod:`hybridsys.numerics.floquet_covariance`).

Time t = 0 is the time at which the model's expressions are written: phase s means
t = s·T (for a drive E₀ + E₁ cos Ωt, s = 0 is the maximum of the modulation).

The period T is found from the model (:mod:`hybridsys.symbolic.modulation`): the common
period 2π/Ω of its modulation frequencies ω_k, Ω the largest frequency of which every
ω_k is an integer multiple (ratios are matched as fractions with denominators up to
:data:`MAX_DENOMINATOR`, to a relative 1e-9), or given explicitly. A static model
(or a point where every ω is 0) is periodic with any period: τ = 2π is used.
"""

from __future__ import annotations

import attrs
import numpy as np

from ..compiled.kernels import thread_pool, worth_compiling
from ..errors import HybridsysError, ParameterError
from ..measures import fluctuation_occupation, mean_occupation, mode_index, pair_measures
from .covariance import is_physical
from . import periodic_start
from .floquet_covariance import periodic_covariance
from .integrator import OK, Accuracy, integrate
from .resolution import period_samples, require

TAU = 2 * np.pi

#: The largest denominator with which two modulation frequencies count as commensurate.
MAX_DENOMINATOR = 1000

#: How close ω_k / ω_1 must come to a fraction p/q (relative) to be that fraction.
RATIO_TOLERANCE = 1e-9

#: Why a point has no periodic state, by status.
STATUSES = ("ok", "unstable", "no periodic orbit", "integration failed", "no period")

#: Phases per period at which harmonic balance samples the orbit (odd: harmonics up to
#: 6, no Nyquist term): on the Mari–Eisert system (E₁ up to 1.5× the paper's) 9 phases
#: leave x(0) off by 5e-9 (relative), 11 by 2e-11, 13 and 17 by 4e-13 (the accuracy of
#: the Newton orbit they were compared with). The least: a modulation at harmonic h of
#: the period takes 4h + 1 (:func:`harmonic_phases`), so that neither it nor its products
#: with itself alias.
HARMONIC_PHASES = 13


def harmonic_phases(compiled, params: np.ndarray, period: np.ndarray, least: int = HARMONIC_PHASES) -> int:
    """Phases for the batch: ``least``, or 4h + 1 where the fastest modulation is harmonic
    h = |ω|T/2π of the period (a cos 17t in a 2π period would otherwise alias to a
    constant)."""
    with np.errstate(invalid="ignore"):
        harmonic = np.nanmax(np.abs(compiled.frequencies(params)).max(axis=-1, initial=0.0) * period / (2 * np.pi), initial=0.0)
    return max(least, 4 * int(np.ceil(harmonic - 1e-9)) + 1)

#: Harmonic balance stops when an iteration moves the orbit by at most this (relative;
#: the periodic route asks for a tenth of its Newton tolerance instead, see
#: :func:`_starts`), or after HARMONIC_ITERATIONS iterations (each contracts by about 5 on
#: Mari–Eisert).
HARMONIC_TOLERANCE = 1e-12
HARMONIC_ITERATIONS = 30


def common_period(frequencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(T, commensurate) per point from modulation frequencies (batch..., K): T = 2π/Ω with
    Ω the largest frequency of which every |ω_k| ≠ 0 is an integer multiple; NaN and False
    where the frequencies are incommensurate (no denominator up to :data:`MAX_DENOMINATOR`);
    2π where no frequency is nonzero. The denominators are searched once per distinct
    set of ratios ω_k / max ω (a sweep that keeps the ratios has one)."""
    w = np.abs(np.asarray(frequencies, dtype=float))
    present = w > 0
    reference = np.max(w, axis=-1, initial=0.0)
    safe = np.where(reference > 0, reference, 1.0)[..., None]
    ratios = np.where(present, w / safe, 0.0)  # in (0, 1]
    flat = ratios.reshape(reference.size, ratios.shape[-1])
    distinct, which = np.unique(flat, axis=0, return_inverse=True) if flat.shape[-1] else (flat[:1], np.zeros(len(flat), int))
    q = np.arange(1, MAX_DENOMINATOR + 1)
    scaled = distinct[..., None] * q  # (distinct, K, Q)
    integral = np.all(np.abs(scaled - np.round(scaled)) <= RATIO_TOLERANCE * q, axis=-2)
    found = np.any(integral, axis=-1)[which.reshape(-1)].reshape(reference.shape)
    denominator = q[np.argmax(integral, axis=-1)][which.reshape(-1)].reshape(reference.shape)
    numerators = np.round(ratios * denominator[..., None]).astype(np.int64)
    divisor = np.maximum(np.gcd.reduce(numerators, axis=-1), 1)
    fundamental = reference * divisor / denominator
    period = np.where(reference > 0, TAU / np.where(fundamental > 0, fundamental, 1.0), TAU)
    return np.where(found | (reference == 0), period, np.nan), found | (reference == 0)


@attrs.frozen
class PeriodicStates:
    """The periodic state of every parameter point (batch...): the orbit's mean fields
    ``mean`` (batch..., S, 2n) and covariance ``covariance`` (batch..., S, 2n, 2n) at the
    ``phases`` s ∈ [0, 1) of the period (t = s·T), the ``period`` T, the Floquet
    ``multipliers`` (batch..., 2n), ``status`` (see :data:`STATUSES`) and ``reasons``
    (flat batch order). Mean and covariance are NaN where the status is not ``ok``
    (the mean is kept at unstable orbits)."""

    params: np.ndarray
    parameter_names: tuple[str, ...]
    modes: tuple[str, ...]
    phases: np.ndarray
    period: np.ndarray
    mean: np.ndarray
    covariance: np.ndarray
    multipliers: np.ndarray
    status: np.ndarray
    reasons: tuple[str, ...]
    iterations: np.ndarray
    accuracy: Accuracy
    starts: str

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.params.shape[:-1]

    @property
    def times(self) -> np.ndarray:
        """Times of the samples, (batch..., S): phase × period."""
        return self.period[..., None] * self.phases

    @property
    def ok(self) -> np.ndarray:
        return self.status == "ok"

    @property
    def stable(self) -> np.ndarray:
        """Every Floquet multiplier inside the unit circle."""
        with np.errstate(invalid="ignore"):
            return np.max(np.abs(self.multipliers), axis=-1) < 1

    def physical(self) -> np.ndarray:
        """Per point: V(t) + iΩ/2 ⪰ 0 at every sampled phase (False where not ok)."""
        return np.where(self.ok, np.all(is_physical(np.nan_to_num(self.covariance)), axis=-1), False)

    def measures(self, first: str, second: str, names=("E_N",)) -> dict[str, np.ndarray]:
        """Measures of two modes at every sampled phase, (batch..., S) each (names as
        :data:`hybridsys.measures.PAIR_MEASURES`)."""
        i, j = mode_index(self.modes, first), mode_index(self.modes, second)
        return pair_measures(names, self.mean, self.covariance, i, j)

    def occupations(self) -> dict[str, np.ndarray]:
        """⟨δo†δo⟩ (fluctuations) and |⟨o⟩|² (mean field) of every mode, (batch..., S, modes)."""
        return {"fluctuations": fluctuation_occupation(self.covariance), "mean_field": mean_occupation(self.mean)}

    def summary(self, first: str, second: str, names=("E_N",)) -> dict[str, dict[str, np.ndarray]]:
        """Max, min and mean over the period of each measure, and the phase of its max
        and min: {reported name: {"max", "min", "mean", "phase_of_max", "phase_of_min"}}.
        The samples are equally spaced over one period, so their average is the
        period average (the trapezoidal rule, spectrally accurate for periodic data)."""
        out = {}
        for name, series in self.measures(first, second, names).items():
            out[name] = summarize(series, self.phases)
        return out

    def raise_failures(self) -> None:
        """Raise a :class:`HybridsysError` at the first point whose status is not ok."""
        bad = np.flatnonzero(~self.ok.reshape(-1))
        if bad.size:
            b = bad[0]
            point = dict(zip(self.parameter_names, self.params.reshape(-1, len(self.parameter_names))[b].tolist()))
            raise HybridsysError(f"no periodic steady state at parameter point #{b} ({self.reasons[b]}): {point}")


def summarize(series: np.ndarray, phases: np.ndarray) -> dict[str, np.ndarray]:
    """Max, min, mean over the sampled period (last axis) and the phases of max and min."""
    finite = np.all(np.isfinite(series), axis=-1)
    safe = np.where(finite[..., None], series, 0.0)
    nan = lambda a: np.where(finite, a, np.nan)  # noqa: E731
    return {"max": nan(safe.max(axis=-1)), "min": nan(safe.min(axis=-1)), "mean": nan(safe.mean(axis=-1)),
            "phase_of_max": nan(phases[np.argmax(safe, axis=-1)]), "phase_of_min": nan(phases[np.argmin(safe, axis=-1)])}


def modulation_periods(compiled, params: np.ndarray, period=None, batch: tuple[int, ...] | None = None) -> tuple[np.ndarray, list[str]]:
    """T per point of ``params`` (B, P) and the reason where there is none ('' where
    there is); a given ``period`` broadcasts against ``batch`` (the points' shape before
    flattening, default (B,)). A model in which t enters other than periodically is
    refused here, naming the terms."""
    if compiled.aperiodic:
        raise ParameterError(
            f"the time dependence is not periodic: t enters the mean-field equations as {', '.join(compiled.aperiodic)} "
            f"(from {', '.join(compiled.time_dependence)}); the periodic route needs t only inside cos(ωt + φ), "
            "sin(ωt + φ) or exp(i(ωt + φ)); integrate a trajectory (hs.simulate) instead"
        )
    if period is not None:
        batch = params.shape[:-1] if batch is None else batch
        try:
            T = np.broadcast_to(np.asarray(period, dtype=float), batch).reshape(-1)
        except (TypeError, ValueError):
            raise ParameterError(f"period must be a number or an array broadcasting against the batch {batch}, "
                                 f"got shape {np.shape(period)}") from None
        if not np.all(np.isfinite(T) & (T > 0)):
            raise ParameterError(f"period must be positive and finite, got {period!r}")
        return T, [""] * len(T)
    frequencies = compiled.frequencies(params)
    T, commensurate = common_period(frequencies)
    reasons = ["" if c else (f"incommensurate modulation frequencies {np.round(w, 12).tolist()}: no common period "
                             f"(ratios are not fractions with denominators up to {MAX_DENOMINATOR}); give period= explicitly")
               for c, w in zip(commensurate, frequencies)]
    return T, reasons


def averaged_fixed_point(compiled, params: np.ndarray, period: np.ndarray, iterations: int = 60) -> np.ndarray:
    """A fixed point of the period-averaged mean field f̄(x) = ⟨f(x, t)⟩ over one period
    (Newton from the empty state, Jacobian ⟨A⟩), per point; NaN where Newton fails. The
    average is over 4h + 1 phases (at least 5), exact for the harmonics up to 4h of the
    period that a modulation at harmonic h and its products of up to four factors make."""
    K = harmonic_phases(compiled, params, period, least=5)
    p = compiled.with_time(params[:, None, :], period[:, None] * np.arange(K) / K)  # (B, K, ...)
    x = np.zeros((len(params), compiled.size))
    done = np.zeros(len(params), dtype=bool)
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            f = compiled._mean_field(p, x[:, None, :]).mean(axis=1)
            drift = compiled._drift(p, x[:, None, :]).mean(axis=1)
            scale = np.abs(drift).max(axis=(-2, -1)) * (1 + np.abs(x).max(axis=-1))
            done = np.abs(f).max(axis=-1) <= 1e-12 * np.where(scale > 0, scale, 1.0)
            if np.all(done | ~np.isfinite(x).all(axis=-1)):
                break
            try:
                x = x - np.linalg.solve(drift, f[..., None])[..., 0]
            except np.linalg.LinAlgError:
                x = x - np.einsum("bij,bj->bi", np.linalg.pinv(drift), f)
    return np.where((done & np.isfinite(x).all(axis=-1))[:, None], x, np.nan)


def harmonic_balance(compiled, params: np.ndarray, period: np.ndarray, average: np.ndarray,
                     iterations: int = HARMONIC_ITERATIONS, tolerance: float = HARMONIC_TOLERANCE) -> np.ndarray:
    """x(0) of the periodic orbit by harmonic balance, per point: the orbit sampled at
    :func:`harmonic_phases` K phases, X(t_j), solves dX/dt = f(X, t) with the derivative
    taken in the Fourier domain (harmonics k up to (K − 1)/2). Solved by
    chord iterations from the averaged fixed point x̄, with Ā = ⟨A(x̄, t)⟩ in place of
    A(t): X̂_k ← X̂_k − (ikΩ − Ā)⁻¹ [ikΩ X̂_k − f̂_k(X)] (Ω = 2π/T; the first iteration
    is the linear periodic response of x̄; the resolvent applied in the eigenbasis of Ā),
    until an iteration moves X by at most ``tolerance`` (relative to x̄). Only a
    start: the period map checks it. NaN where x̄ is, where Ā has no eigenbasis (an
    exceptional point), or where the iterations did not contract (the last moved X more
    than the first)."""
    K, n = harmonic_phases(compiled, params, period), compiled.size
    x0 = np.full(average.shape, np.nan)
    p = compiled.with_time(params, period * np.arange(K)[:, None] / K)
    p = np.broadcast_to(p, (K,) + p.shape[-2:])  # (K, B, columns): phases first
    X = np.repeat(np.nan_to_num(average)[None], K, axis=0)  # (K, B, n)
    forward, backward = _real_dft(K)
    w = 2j * np.pi * np.arange(K // 2 + 1)[:, None] / period  # ikΩ, (H, B)
    with np.errstate(all="ignore"):
        drift = np.broadcast_to(compiled._drift(p, X), (K, len(params), n, n)).mean(axis=0)
        live = np.flatnonzero(np.isfinite(drift).all(axis=(-2, -1)) & np.isfinite(average).all(axis=-1))
        eigenvalues, basis = np.linalg.eig(drift[live])
        usable = np.linalg.cond(basis) < 1e12  # Ā at an exceptional point has no eigenbasis: no start there
        live, eigenvalues, basis = live[usable], eigenvalues[usable], basis[usable]
        inverse = np.linalg.inv(basis)
        p, X, w, scale = p[:, live], X[:, live], w[:, live], 1 + np.abs(average[live]).max(axis=-1)
        resolvent = 1 / (w.T[:, None, :] - eigenvalues[:, :, None])  # (B, n, H), in the eigenbasis
        first = None
        for iteration in range(int(iterations)):
            B = len(live)
            samples = np.concatenate([X, np.broadcast_to(compiled._mean_field(p, X), X.shape)], axis=-1).reshape(K, -1)
            hat = (forward.real @ samples + 1j * (forward.imag @ samples)).reshape(-1, B, 2, n)  # (H, B, 2, n)
            residual = (w[..., None] * hat[:, :, 0] - hat[:, :, 1]).transpose(1, 2, 0)  # (B, n, H)
            step_hat = (basis @ (resolvent * (inverse @ residual))).transpose(2, 0, 1).reshape(-1, B * n)
            step = (backward.real @ step_hat.real - backward.imag @ step_hat.imag).reshape(K, B, n)
            size = np.abs(step.reshape(K, -1)).max(axis=0).reshape(B, n).max(axis=1) / scale  # 10x faster than axis=(0, 2)
            X = X - step
            first = size if first is None else first
            done = ~(size > tolerance) | (iteration == int(iterations) - 1)  # NaN: done too
            if 4 * np.count_nonzero(done) >= B:  # set the finished points aside (compacting costs about an iteration)
                x0[live[done & (size <= first)]] = X[0, done & (size <= first)]
                keep = ~done
                live, p, X, w, scale, first = live[keep], p[:, keep], X[:, keep], w[:, keep], scale[keep], first[keep]
                basis, inverse, resolvent = basis[keep], inverse[keep], resolvent[keep]
                if not live.size:
                    break
    return x0


def _real_dft(K: int) -> tuple[np.ndarray, np.ndarray]:
    """For an odd number K of samples: the matrices of the Fourier coefficients of
    harmonics 0..(K−1)/2 of real samples (H, K), and of the samples from them (K, H;
    the real part of the product)."""
    h, k = np.arange(K // 2 + 1), np.arange(K)
    forward = np.exp(-2j * np.pi * np.outer(h, k) / K)
    return forward, np.where(h > 0, 2.0, 1.0) * forward.conj().T / K


def _starts(compiled, params: np.ndarray, period: np.ndarray, starts, tolerance: float) -> tuple[np.ndarray, str]:
    """Starts (B, K, 2n) and their description. Harmonic balance stops at a tenth of the
    Newton ``tolerance``: its iterations contract by about 5, so the start is then within
    about tolerance/40 of the orbit and passes the period map's check on the first period
    (1e-12 took 19 iterations on Mari–Eisert, a tenth of 1e-9 takes 16)."""
    n = compiled.size
    if starts is None:
        if periodic_start.available() and worth_compiling(len(params)):
            orbit, average = periodic_start.compiled_starts(
                compiled, params, period, harmonic_phases(compiled, params, period, least=5),
                harmonic_phases(compiled, params, period), tolerance / 10, HARMONIC_ITERATIONS)
        else:
            average = averaged_fixed_point(compiled, params, period)
            orbit = harmonic_balance(compiled, params, period, average, tolerance=tolerance / 10)
        return np.stack([orbit, average, np.zeros((len(params), n))], axis=1), \
            ("the orbit by harmonic balance from the period-averaged fixed point, "
             "the period-averaged fixed point, then the empty state")
    starts = np.asarray(starts, dtype=float)
    if starts.shape[-1:] != (n,) or starts.ndim not in (1, 2, 3):
        raise ParameterError(f"starts must be (2n,), (K, 2n) or (points, K, 2n) mean fields with 2n = {n}, got {starts.shape}")
    if starts.ndim < 3:
        starts = np.broadcast_to(starts.reshape(-1, n), (len(params),) + starts.reshape(-1, n).shape)
    elif len(starts) != len(params):
        raise ParameterError(f"starts (points, K, 2n) must have one row per point ({len(params)}), got {starts.shape}")
    return np.asarray(starts), "given"


def period_map(compiled, columns: np.ndarray, x0: np.ndarray, phases: np.ndarray, accuracy: Accuracy, engine=None):
    """Integrate one period from x₀ (B, 2n), Φ = I, Q = 0 for parameter columns
    [params, T] (B, P + 1): the rows y = [x, Φ row by row, Q packed] (B, S, L) at the
    phases (:mod:`hybridsys.numerics.floquet_covariance`), and the integration (its status
    per point)."""
    n = compiled.size
    y0 = np.concatenate([x0, np.broadcast_to(np.eye(n).ravel(), (len(x0), n * n)), np.zeros((len(x0), n * (n + 1) // 2))], axis=1)
    run = integrate(compiled.period_flow, columns, y0, phases, accuracy, engine)
    return run.y, run


def periodic_states(source, params, period=None, starts=None, samples: int = 64,
                    accuracy: Accuracy = Accuracy(rtol=1e-10, atol=1e-13), engine: str | None = None,
                    tolerance: float = 1e-9, iterations: int = 30) -> PeriodicStates:
    """The periodic steady state of every parameter point.

    ``source``: a compiled model, a network, a model file or a derivation; ``params``: a
    parameter array (batch..., P) or a mapping name → value(s); ``period``: T (a number or
    per point), else found from the modulation frequencies; ``starts``: mean fields from
    which Newton on the period map starts ((2n,), (K, 2n) or (points, K, 2n)), else the
    orbit by harmonic balance, the period-averaged fixed point, then the empty state; ``samples``: phases per period at which mean and
    covariance are reported (at least 4 per period of the fastest modulation, see
    :mod:`hybridsys.numerics.resolution`); ``tolerance``: Newton stops when
    max|x(T) − x₀| ≤ tolerance·(1 + max|x₀|); ``accuracy`` and ``engine``: the
    integrator's (:mod:`hybridsys.numerics.integrator`; DOP853 unless ``accuracy.method``
    says otherwise). Points whose state is not found are marked (``status``, ``reasons``),
    not raised (call :meth:`PeriodicStates.raise_failures`); bad input (a period or samples
    that cannot resolve the modulation, a non-periodic model) raises a ParameterError."""
    from ..compiled.compiler import CompiledModel, compile

    compiled = source if isinstance(source, CompiledModel) else compile(source)
    params = compiled.parameters(params) if isinstance(params, dict) else compiled._params(params)
    accuracy = accuracy.with_method("DOP853")
    if int(samples) < 2:
        raise ParameterError(f"samples must be at least 2, got {samples}")
    batch = params.shape[:-1]
    flat = params.reshape(int(np.prod(batch)), params.shape[-1])  # also without parameters
    B, n = len(flat), compiled.size
    T, reasons = modulation_periods(compiled, flat, period, batch)
    require(period_samples(compiled, flat, T, int(samples)), compiled, flat)
    status = np.where([bool(r) for r in reasons], "no period", "no periodic orbit").astype(object)
    has_period = status != "no period"
    start_points, described = _starts(compiled, flat, np.where(has_period, T, TAU), starts, float(tolerance))
    columns = np.concatenate([flat, np.where(has_period, T, TAU)[:, None]], axis=1)
    phases = np.linspace(0.0, 1.0, int(samples) + 1)
    orbit = np.full((B, n), np.nan)
    converged_periods = []  # (points, their mean, Φ(t, 0) and Q(t) at the phases) of each pass
    used = np.zeros(B, dtype=np.int64)
    failure = [""] * B
    for k in range(start_points.shape[1]):
        active = np.flatnonzero(has_period & ~np.isfinite(orbit).all(axis=-1) & np.isfinite(start_points[:, k]).all(axis=-1))
        x = start_points[active, k].copy()
        for _ in range(int(iterations)):
            if not active.size:
                break
            # every Newton step samples the phases: the step that converges is the orbit's period
            y, run = period_map(compiled, columns[active], x, phases, accuracy, engine)
            used[active] += 1
            residual = y[:, -1, :n] - x
            for r in np.flatnonzero(run.status != OK):
                failure[active[r]] = f"integration failed over one period ({run.reason(r)})"
            with np.errstate(all="ignore"):
                converged = run.ok & (np.abs(residual).max(axis=-1) <= tolerance * (1 + np.abs(x).max(axis=-1)))
                orbit[active[converged]] = x[converged]
                if np.any(converged):
                    converged_periods.append((active[converged], y if np.all(converged) else y[converged]))
                keep = run.ok & ~converged
                monodromy = y[keep, -1, n:n + n * n].reshape(-1, n, n)
                x = x[keep] - _solve(monodromy - np.eye(n), residual[keep])
            active = active[keep]
            finite = np.isfinite(x).all(axis=-1)
            active, x = active[finite], x[finite]
    found = np.isfinite(orbit).all(axis=-1)
    for b in np.flatnonzero(has_period & ~found):
        failure[b] = failure[b] or (f"Newton on the period map did not converge to {tolerance:g} in {iterations} "
                                    f"iterations from the starts tried ({described})")
    mean = np.empty((B, int(samples), n))
    covariance = np.empty((B, int(samples), n, n))
    multipliers = np.full((B, n), np.nan, dtype=complex)
    written = np.zeros(B, dtype=bool)
    if converged_periods:
        rows, y = (parts[0] if len(converged_periods) == 1 else np.concatenate(parts) for parts in zip(*converged_periods))
        # the multipliers beside the covariance pass, which runs on every orbit (unstable ones get NaN from it)
        pending = thread_pool(1).submit(np.linalg.eigvals, y[:, -1, n:n + n * n].reshape(-1, n, n))
        converged = periodic_covariance(y, n, rows, mean, covariance)
        multipliers[rows] = pending.result()
        size = np.abs(multipliers[rows]).max(axis=-1)
        stable = size < 1
        written[rows] = True
        covariance[rows[~stable]] = np.nan  # also where a multiplier at 1 let the sum converge
        status[rows[stable]] = "ok"
        for r in np.flatnonzero(~stable):
            status[rows[r]] = "unstable"
            failure[rows[r]] = f"unstable periodic orbit: largest Floquet multiplier |μ| = {size[r]:.6g} >= 1"
        for r in rows[stable & ~converged]:  # Φ(t), Q(t) are finite where the run is ok
            status[r] = "unstable"
            failure[r] = "the periodic covariance does not converge (a multiplier at |μ| ≈ 1)"
    mean[~written] = np.nan
    covariance[~written] = np.nan
    for b in np.flatnonzero(has_period & ~found):
        if failure[b].startswith("integration failed"):
            status[b] = "integration failed"
    for b in np.flatnonzero(~has_period):
        failure[b] = reasons[b]
    reported = tuple("" if s == "ok" else f for s, f in zip(status, failure))
    return PeriodicStates(
        params, compiled.parameter_names, compiled.modes, phases[:-1], T.reshape(batch),
        mean.reshape(batch + mean.shape[1:]), covariance.reshape(batch + covariance.shape[1:]),
        multipliers.reshape(batch + (n,)), status.astype(str).reshape(batch), reported, used.reshape(batch), accuracy, described,
    )


def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Batched solve, NaN rows where a matrix is singular (Newton then stops there)."""
    out = np.full(rhs.shape, np.nan)
    for_each = np.isfinite(matrix).all(axis=(-2, -1))
    with np.errstate(all="ignore"):
        cond = np.where(for_each, np.linalg.cond(np.where(for_each[:, None, None], matrix, np.eye(matrix.shape[-1]))), np.inf)
    fine = cond < 1e14
    if np.any(fine):
        out[fine] = np.linalg.solve(matrix[fine], rhs[fine][..., None])[..., 0]
    return out
