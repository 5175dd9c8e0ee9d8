"""Adaptive Dormand–Prince 5(4) integration of a batch of parameter points, each
point with its own step size.

Method and error control are those of scipy's ``RK45``: the error estimate's RMS
norm, scaled by ``atol + rtol·max(|y|, |y_new|)``, must be below 1; the next step
is 0.9·err^(-1/5) times this one, clipped to [0.2, 10] (no growth right after a
rejection); samples between steps come from the 4th-order dense output. The first
step is the simple estimate 0.01·‖y0‖/‖f(y0)‖ (scipy refines it further).

Two engines:

* ``"numba"`` (default when numba is installed): one compiled kernel loops over
  the points, each with its own adaptive step, on parts of the batch run by a pool
  of threads (the kernel releases the GIL). A pool, not numba's ``prange``: the
  parallel compilation cost about 3 s more at every model size, for the same speed.
* ``"scipy"``: the reference, ``scipy.integrate.solve_ivp(method="RK45")`` called
  point by point. Slow, independent of our stepper, and what the tests compare to.

The right-hand side is an in-place function ``flow(p, y, out)`` (see
:func:`hybridsys.compiled.codegen.generate_in_place`).
"""

from __future__ import annotations

import inspect
from concurrent.futures import ThreadPoolExecutor, as_completed
from fractions import Fraction as _F

import attrs
import numpy as np

from ..compiled.compiler import import_generated
from ..errors import ParameterError

try:  # numba is an optional accelerator; the scipy engine needs nothing more
    import numba
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None

# Dormand & Prince (1980) tableau and Shampine's dense output, as exact fractions
# (the nodes C complete the tableau; the flows here are autonomous and do not use them).
C = np.array([0, _F(1, 5), _F(3, 10), _F(4, 5), _F(8, 9), 1], dtype=float)
A = np.array(
    [
        [0, 0, 0, 0, 0],
        [_F(1, 5), 0, 0, 0, 0],
        [_F(3, 40), _F(9, 40), 0, 0, 0],
        [_F(44, 45), _F(-56, 15), _F(32, 9), 0, 0],
        [_F(19372, 6561), _F(-25360, 2187), _F(64448, 6561), _F(-212, 729), 0],
        [_F(9017, 3168), _F(-355, 33), _F(46732, 5247), _F(49, 176), _F(-5103, 18656)],
    ],
    dtype=float,
)
B = np.array([_F(35, 384), 0, _F(500, 1113), _F(125, 192), _F(-2187, 6784), _F(11, 84)], dtype=float)
E = np.array([_F(-71, 57600), 0, _F(71, 16695), _F(-71, 1920), _F(17253, 339200), _F(-22, 525), _F(1, 40)], dtype=float)
P = np.array(
    [
        [1, _F(-8048581381, 2820520608), _F(8663915743, 2820520608), _F(-12715105075, 11282082432)],
        [0, 0, 0, 0],
        [0, _F(131558114200, 32700410799), _F(-68118460800, 10900136933), _F(87487479700, 32700410799)],
        [0, _F(-1754552775, 470086768), _F(14199869525, 1410260304), _F(-10690763975, 1880347072)],
        [0, _F(127303824393, 49829197408), _F(-318862633887, 49829197408), _F(701980252875, 199316789632)],
        [0, _F(-282668133, 205662961), _F(2019193451, 616988883), _F(-1453857185, 822651844)],
        [0, _F(40617522, 29380423), _F(-110615467, 29380423), _F(69997945, 29380423)],
    ],
    dtype=float,
)

#: Why an integration stopped, by status code.
STATUS = ("ok", "diverged", "non-finite right-hand side", "too many steps", "step size underflow")
OK, DIVERGED, NON_FINITE, TOO_MANY_STEPS, UNDERFLOW = range(5)
ENGINES = ("numba", "scipy")


@attrs.frozen
class Accuracy:
    """Accuracy controls of an integration, reported with every result.

    ``rtol``/``atol``: per-step error tolerances (scipy's meaning);
    ``max_steps``: steps allowed per point; ``divergence``: a point whose |y|
    exceeds this is stopped and marked diverged.
    """

    rtol: float = 1e-6
    atol: float = 1e-9
    max_steps: int = 2_000_000
    divergence: float = 1e8

    def __attrs_post_init__(self) -> None:
        for name in ("rtol", "atol", "divergence"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                raise ParameterError(f"Accuracy.{name} must be a positive number, got {value!r}")
        if self.rtol < 100 * np.finfo(float).eps:
            raise ParameterError(f"Accuracy.rtol={self.rtol} is below what double precision can deliver")
        if int(self.max_steps) < 1:
            raise ParameterError(f"Accuracy.max_steps must be >= 1, got {self.max_steps}")

    def to_data(self) -> dict:
        return attrs.asdict(self)


def _integrate_point(p, y0, t0, times, rtol, atol, max_steps, bound, out):
    """Integrate one point from (t0, y0), writing y at ``times`` into ``out``.

    Template: ``flow`` is the model's generated right-hand side, a global of the
    kernel module this source is copied into (:func:`kernel_source`).

    Returns (status, time reached, accepted steps, rejected steps). Samples not
    reached are left as they were (NaN).
    """
    n = y0.shape[0]
    k = np.empty((7, n))
    y = y0.copy()
    y_new = np.empty(n)
    stage = np.empty(n)
    flow(p, y, k[0])
    d0 = d1 = 0.0
    for i in range(n):
        scale = atol + rtol * abs(y[i])
        d0 += (y[i] / scale) ** 2
        d1 += (k[0, i] / scale) ** 2
    d0, d1 = np.sqrt(d0 / n), np.sqrt(d1 / n)
    h = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
    t_end = times[-1]
    t = t0
    sample = 0
    while sample < times.shape[0] and times[sample] <= t:
        for i in range(n):
            out[sample, i] = y[i]
        sample += 1
    accepted = rejected = 0
    just_rejected = last_nonfinite = False
    while sample < times.shape[0]:
        if accepted + rejected >= max_steps:
            return TOO_MANY_STEPS, t, accepted, rejected
        if h < 10.0 * 2.220446049250313e-16 * max(abs(t), 1.0):
            return (NON_FINITE if last_nonfinite else UNDERFLOW), t, accepted, rejected
        h = min(h, t_end - t)
        for s in range(1, 6):
            for i in range(n):
                acc = y[i]
                for j in range(s):
                    acc += h * A[s, j] * k[j, i]
                stage[i] = acc
            flow(p, stage, k[s])
        for i in range(n):
            acc = y[i]
            for j in range(6):
                acc += h * B[j] * k[j, i]
            y_new[i] = acc
        flow(p, y_new, k[6])
        norm = 0.0
        for i in range(n):
            error = 0.0
            for j in range(7):
                error += h * E[j] * k[j, i]
            norm += (error / (atol + rtol * max(abs(y[i]), abs(y_new[i])))) ** 2
        norm = np.sqrt(norm / n)
        last_nonfinite = not np.isfinite(norm)
        if last_nonfinite:
            for i in range(n):
                if not np.isfinite(k[0, i]):
                    return NON_FINITE, t, accepted, rejected
            h *= 0.2
            rejected += 1
            just_rejected = True
            continue
        if norm >= 1.0:
            h *= max(0.2, 0.9 * norm**-0.2)
            rejected += 1
            just_rejected = True
            continue
        t_new = t + h
        if t_end - t_new <= 1e-12 * max(abs(t_end), 1.0):
            t_new = t_end  # the last step lands on the end despite rounding in t + h
        while sample < times.shape[0] and times[sample] <= t_new:
            theta = (times[sample] - t) / h
            for i in range(n):
                acc = y[i]
                for j in range(7):
                    acc += h * theta * (P[j, 0] + theta * (P[j, 1] + theta * (P[j, 2] + theta * P[j, 3]))) * k[j, i]
                out[sample, i] = acc
            sample += 1
        t = t_new
        biggest = 0.0
        for i in range(n):
            y[i] = y_new[i]
            k[0, i] = k[6, i]
            biggest = max(biggest, abs(y[i]))
        accepted += 1
        if biggest > bound:
            return DIVERGED, t, accepted, rejected
        factor = 10.0 if norm == 0.0 else min(10.0, 0.9 * norm**-0.2)
        h *= min(factor, 1.0) if just_rejected else factor
        just_rejected = False
    return OK, t, accepted, rejected


def _integrate_batch(params, y0, t0, times, rtol, atol, max_steps, bound, out, status, reached, steps):
    for b in range(params.shape[0]):
        code, t, accepted, rejected = _integrate_point(params[b], y0[b], t0, times, rtol, atol, max_steps, bound, out[b])
        status[b] = code
        reached[b] = t
        steps[b, 0] = accepted
        steps[b, 1] = rejected


def _covariance_rate_loops(a, d, y, out):
    """The products form's packed A V + V Aᵀ + D (see
    :func:`hybridsys.compiled.codegen.generate_flow_products`), compiled: V unpacked
    once, then one pass over the nonzeros of A (nonzeros × size multiply-adds). The
    size is read at run time: as a compile-time constant, LLVM unrolls the loops and
    compiling takes minutes past 30 quadratures."""
    n = y.shape[0] - d.shape[0]
    V = np.empty((n, n))
    c = n
    for i in range(n):
        for j in range(i, n):
            V[i, j] = y[c]
            V[j, i] = y[c]
            c += 1
    R = np.zeros((n, n))
    for t in range(a.shape[0]):
        i, k, value = A_ROWS[t], A_COLS[t], a[t]
        for j in range(n):
            R[i, j] += value * V[k, j]
    c = n
    for i in range(n):
        for j in range(i, n):
            out[c] = R[i, j] + R[j, i] + d[c - n]
            c += 1


def kernel_source(flow_source: str) -> str:
    """Source of a module holding one model's compiled integrator: the generated
    ``flow`` and the two kernel functions above, which call ``flow`` as a global so
    that numba can cache the whole kernel on disk (``cache=True``)."""
    kernels = "\n\n".join(inspect.getsource(f) for f in (_integrate_point, _integrate_batch))
    return "\n".join(
        [
            '"""Generated by hybridsys: one model\'s integration kernel (do not edit)."""',
            "import numpy",
            "import numpy as np",
            "import numba",
            "from hybridsys.numerics.integrator import A, B, E, P, OK, DIVERGED, NON_FINITE, TOO_MANY_STEPS, UNDERFLOW",
            "",
            flow_source,
            *([inspect.getsource(_covariance_rate_loops), "covariance_rate = numba.njit(cache=True)(_covariance_rate_loops)"]
              if "def covariance_rate(" in flow_source else []),
            "flow = numba.njit(cache=True)(flow)",
            "",
            kernels,
            "_integrate_point = numba.njit(cache=True)(_integrate_point)",
            "_integrate_batch = numba.njit(cache=True, nogil=True)(_integrate_batch)",
            "",
        ]
    )


_KERNELS: dict = {}


def kernel(flow):
    """One model's integration kernel (:func:`kernel_source` of ``flow``), compiled
    by numba on first use and kept on disk beside the compiled model, so that
    numba's own cache serves later processes."""
    if flow.key not in _KERNELS:
        _KERNELS[flow.key] = import_generated(f"hybridsys_kernel_{flow.key}", kernel_source(flow.source))
    return _KERNELS[flow.key]


@attrs.frozen
class Integration:
    """Raw result: ``y`` (batch, times, N) with NaN after a failure; ``status``
    codes (see :data:`STATUS`), the time each point reached, and its accepted and
    rejected step counts (the scipy engine reports only evaluations/6 as steps)."""

    times: np.ndarray
    y: np.ndarray
    status: np.ndarray
    reached: np.ndarray
    steps: np.ndarray
    accuracy: Accuracy
    engine: str

    @property
    def ok(self) -> np.ndarray:
        return self.status == OK

    def reason(self, b: int) -> str:
        """Why point ``b`` stopped, in words."""
        return f"{STATUS[self.status[b]]} at t = {self.reached[b]:.6g}"


def default_engine() -> str:
    return "numba" if numba is not None else "scipy"


def integrate(flow, params: np.ndarray, y0: np.ndarray, times: np.ndarray, accuracy: Accuracy = Accuracy(),
              engine: str | None = None, t0: float = 0.0, progress=None, chunk: int = 64) -> Integration:
    """Integrate dy/dt = flow(p, y) for every row of ``params`` (B, P) from ``y0`` (B, N)
    at t0, sampling at ``times`` (increasing, >= t0).

    ``flow`` is a :class:`hybridsys.compiled.compiler.Flow` (its ``numba`` and ``numpy`` forms).
    The batch is run in parts of at most ``chunk`` points, spread over numba's threads
    (``numba.get_num_threads()``) by the numba engine; ``progress``, if given, is called
    with the number of points of each part as it finishes.
    """
    engine = engine or default_engine()
    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}; choose one of {ENGINES}")
    if engine == "numba" and numba is None:
        raise ParameterError("engine 'numba' needs numba: pip install 'hybridsys[fast]'")
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(np.diff(times) <= 0) or times[0] < t0:
        raise ParameterError(f"times must be a non-empty increasing 1-d array starting at or after t0={t0}")
    params = np.ascontiguousarray(params, dtype=float)
    y0 = np.ascontiguousarray(y0, dtype=float)
    if params.ndim != 2 or y0.ndim != 2 or len(params) != len(y0):
        raise ParameterError(f"params (B, P) and y0 (B, N) must have the same number of rows, got {params.shape}, {y0.shape}")
    batch = params.shape[0]
    out = np.full((batch, times.size, y0.shape[1]), np.nan)
    status = np.zeros(batch, dtype=np.int64)
    reached = np.full(batch, t0)
    steps = np.zeros((batch, 2), dtype=np.int64)

    compiled = kernel(flow) if engine == "numba" else None

    def run(part: slice) -> int:
        if compiled is not None:
            compiled._integrate_batch(params[part], y0[part], float(t0), times, accuracy.rtol, accuracy.atol,
                                      int(accuracy.max_steps), accuracy.divergence, out[part], status[part],
                                      reached[part], steps[part])
        else:
            for b in range(part.start, part.stop):
                status[b], reached[b], steps[b] = _scipy_point(flow.numpy, params[b], y0[b], t0, times, accuracy, out[b])
        return part.stop - part.start

    threads = numba.get_num_threads() if compiled is not None else 1
    size = max(1, min(chunk, -(-batch // (16 * threads))))  # small parts: points differ in cost
    with ThreadPoolExecutor(threads) as pool:  # the compiled kernel releases the GIL
        parts = [pool.submit(run, slice(start, min(start + size, batch))) for start in range(0, batch, size)]
        for done in as_completed(parts):
            finished = done.result()
            if progress is not None:
                progress(finished)
    return Integration(times, out, status, reached, steps, accuracy, engine)


class _StepLimit(Exception):
    """Raised inside scipy's right-hand side when a point used up ``max_steps``."""


def _scipy_point(flow, p, y0, t0, times, accuracy: Accuracy, out):
    """The reference: scipy's RK45 on the same right-hand side, stopped like ours after
    ``max_steps`` steps (6 evaluations each), which solve_ivp itself never does: a
    stiff point (a huge rate) would otherwise run for hours."""
    from scipy.integrate import solve_ivp

    calls, last = [0], [t0]

    def rhs(t, y):
        calls[0] += 1
        if calls[0] > 6 * int(accuracy.max_steps) + 2:
            raise _StepLimit
        last[0] = max(last[0], t)
        dy = np.empty_like(y)
        flow(p, y, dy)
        return dy

    def diverged(t, y):
        return accuracy.divergence - np.max(np.abs(y))

    diverged.terminal = True
    with np.errstate(all="ignore"):
        try:
            sol = solve_ivp(rhs, (t0, times[-1]), y0, method="RK45", t_eval=times, rtol=accuracy.rtol,
                            atol=accuracy.atol, events=diverged)
        except _StepLimit:
            return TOO_MANY_STEPS, last[0], (int(accuracy.max_steps), 0)
    ys = np.reshape(sol.y, (y0.size, -1))  # a list, not an array, when it fails before the first sample
    out[: ys.shape[1]] = ys.T
    if sol.status == 1:
        code = DIVERGED
    elif sol.status < 0 or not np.all(np.isfinite(ys)):
        code = NON_FINITE if not np.all(np.isfinite(ys)) else UNDERFLOW
    else:
        code = OK
    return code, sol.t[-1] if len(sol.t) else t0, (sol.nfev // 6, 0)
