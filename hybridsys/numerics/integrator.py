"""Adaptive embedded Runge–Kutta integration of a batch of parameter points, each
point with its own step size: Dormand–Prince 5(4) (``"RK45"``, the default) or
Hairer's DOP853 (``"DOP853"``, 8th order; ``Accuracy(method=...)``).

Method and error control are those of scipy's ``RK45`` and ``DOP853``: the error
estimate's RMS norm, scaled by ``atol + rtol·max(|y|, |y_new|)``, must be below 1
(DOP853 combines its 5th- and 3rd-order estimates as Hairer's code and scipy do:
‖e₅‖² |h| / √((‖e₅‖² + 0.01‖e₃‖²) N)); the next step is 0.9·err^(−1/(q+1)) times this
one (q = 4 and 7, the orders of the error estimates), clipped to [0.2, 10] (no growth
right after a rejection); samples between steps come from the dense output (RK45:
Shampine's 4th order; DOP853: the 7th-order one, whose 3 extra stages are evaluated
only in a step that holds a sample). The first step is the simple estimate
0.01·‖y0‖/‖f(y0)‖ (scipy refines it further). Each method is a :class:`Tableau`; the
kernel is generated from it (:func:`kernel_source`), one template for both.

Two engines:

* ``"numba"`` (default when numba is installed): one compiled kernel integrates
  ``LANES`` points at once, each with its own adaptive step, in the SIMD lanes of
  the CPU (a generated lane form of the right-hand side); groups of points are run
  by a pool of threads (the kernel releases the GIL). A pool, not numba's
  ``prange``: the parallel compilation cost about 3 s more at every model size. A
  batch of one or two points runs a one-lane kernel instead (:func:`lanes_for`).
  The stage and error sums are written out from the tableau (:func:`_tableau_source`)
  and, like the flow, run over one buffer at constant offsets, so that LLVM
  vectorizes them; a step of four lanes of the spec model is then about half the
  generated flow's six evaluations and half the sums (bench/RESULTS.md).
* ``"scipy"``: the reference, ``scipy.integrate.solve_ivp`` with the same method,
  called point by point. Slow, independent of our stepper, and what the tests compare to.

The right-hand side is an in-place function ``flow(p, y, out)`` (see
:func:`hybridsys.compiled.codegen.generate_in_place`). A time-dependent flow
(``flow.timed``) reads time t as the last entry of ``p``: both engines write there the
time of every evaluation (t + c_s h for stage s, the tableau's nodes); for a static
flow nothing is written and the kernel runs the same operations as without time.
"""

from __future__ import annotations

import inspect
import re
from concurrent.futures import as_completed
from fractions import Fraction as _F

import attrs
import numpy as np

from ..compiled.codegen import in_place_lanes, output_count
from ..compiled.compiler import import_generated
from ..compiled.kernels import compile_notice, thread_pool
from ..errors import ParameterError
from .accuracy import ENGINES, METHODS, Accuracy, default_engine  # noqa: F401 - the integrator's options, re-exported

try:  # numba is an optional accelerator; the scipy engine needs nothing more
    import numba
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None

# Dormand & Prince (1980) tableau and Shampine's dense output, as exact fractions
# (the nodes C give the time of each stage of a time-dependent flow).
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

#: Points integrated together in the SIMD lanes of one kernel call (scalar-form flows;
#: the products form of large networks runs one point at a time). Measured on the spec
#: model, one thread: 225-340 ns a point-step in 4 lanes, 528 ns in one, 265 ns in 8 (no
#: gain over 4, and a group of 8 waits longer for its slowest point).
LANES = 4


@attrs.frozen(eq=False)
class Tableau:
    """An embedded explicit Runge–Kutta pair with dense output, in the form the kernel
    runs it. Row s of ``stages`` is the argument y + h Σ_j stages[s, j] k_j of
    evaluation s of a step, made at t + nodes[s] h, whose flow is k_s: rows 1 to
    ``new`` − 1 are the stages, row ``new`` is y_new (its flow, k_new, is the next
    step's k_0), rows after it the dense output's extra stages (evaluated only in a
    step that holds a sample). ``errors``: the weights over k_0..k_new of one error
    estimate, or of two (DOP853: 5th and 3rd order, combined as in the module
    docstring); ``exponent``: of the step factor, −1/(q + 1); ``dense``: the dense
    output y(t + θh) = y + hθ Σ_j k_j Σ_m dense[j, m] θ^m (rows over every k)."""

    name: str
    stages: np.ndarray
    nodes: np.ndarray
    new: int
    errors: tuple
    exponent: float
    dense: np.ndarray

    @property
    def rows(self) -> int:
        """Evaluations a step can hold: the stages, y_new and the extra stages."""
        return len(self.stages)

    def layout(self) -> dict[str, int]:
        """Rows of the kernel's buffer before the parameters, each ``LENGTH * LANES``
        long: the stage, its flow, k[0..rows − 1], y, each entry's step size h, the
        scaled squares of each error estimate, the lane sums (:func:`_lane_sums_source`,
        (errors + 1) LANES entries: LENGTH >= 3), a sample of the dense output and, with
        extra stages, y_new kept while they run. ``BLOCKS``: their count."""
        rows = {"STAGE": 0, "RATE": 1, "K": 2}
        rows["Y"] = rows["K"] + self.rows
        rows["STEP"] = rows["Y"] + 1
        rows["SQUARES"] = rows["STEP"] + 1
        rows["NORMS"] = rows["SQUARES"] + len(self.errors)
        rows["SAMPLE"] = rows["NORMS"] + 1
        rows["KEPT"] = rows["SAMPLE"] + 1
        rows["BLOCKS"] = rows["KEPT"] + (self.rows > self.new + 1)
        return rows


#: Dormand & Prince (1980) 5(4): the tableau's rows for the seven evaluations of a
#: step (A, then B: y_new) and Shampine's dense output, as scipy's RK45.
RK45 = Tableau("RK45", np.pad(np.vstack([np.pad(A, ((0, 0), (0, 1))), B]), ((0, 0), (0, 1))), np.append(C, 1.0), 6, (E,),
               -1 / 5, P)


def _dop853() -> Tableau:
    """Hairer's DOP853 (Hairer, Nørsett & Wanner, *Solving ODEs I*, 2nd ed., II.10; the
    Fortran code DOP853), with scipy's coefficients (``dop853_coefficients``, imported
    here only: scipy.integrate takes 0.3 s to import). Its dense output, as scipy's
    ``Dop853DenseOutput`` (Hairer's CONTD8): y(t + θh) = y + Σ_k b_k(θ) F_k with
    b_k = θ^⌈(k+1)/2⌉ (1 − θ)^⌊(k+1)/2⌋ ... i.e. θ, θ(1−θ), θ²(1−θ), θ²(1−θ)², ...,
    F_0 = Δy, F_1 = h k_0 − Δy, F_2 = 2Δy − h (k_0 + k_new), F_3..6 = h D k (over the 16
    k including the 3 extra stages), Δy = h Σ B_j k_j; written here as weights of each
    k in powers of θ (the same polynomial, summed in another order; its coefficients,
    at most 545, are of the size of D's own, 528, so rounding is of scipy's size)."""
    from numpy.polynomial import polynomial
    from scipy.integrate._ivp import dop853_coefficients as c

    rows, new = c.N_STAGES_EXTENDED, c.N_STAGES
    F = np.zeros((c.INTERPOLATOR_POWER, rows))  # each F_k's weights over h k_j
    F[0, :new] = c.B
    F[1] = -F[0]
    F[1, 0] += 1.0
    F[2] = 2 * F[0]
    F[2, 0] -= 1.0
    F[2, new] -= 1.0
    F[3:] = c.D
    basis = np.zeros((c.INTERPOLATOR_POWER, c.INTERPOLATOR_POWER))  # b_k(θ)/θ in powers of θ
    for k in range(c.INTERPOLATOR_POWER):
        b = polynomial.polymul(polynomial.polypow([0.0, 1.0], (k + 2) // 2), polynomial.polypow([1.0, -1.0], (k + 1) // 2))
        basis[k, : len(b) - 1] = b[1:]
    return Tableau("DOP853", np.array(c.A[:rows, :rows]), np.array(c.C[:rows]), new, (np.array(c.E5), np.array(c.E3)),
                   -1 / 8, F.T @ basis)


_TABLEAUS: dict = {"RK45": RK45}


def tableau(method: str) -> Tableau:
    """The :class:`Tableau` of ``method`` (one of :data:`METHODS`)."""
    if method not in METHODS:
        raise ParameterError(f"unknown integration method {method!r}; choose one of {METHODS}")
    if method not in _TABLEAUS:
        _TABLEAUS[method] = _dop853()
    return _TABLEAUS[method]


#: Why an integration stopped, by status code.
STATUS = ("ok", "diverged", "non-finite right-hand side", "too many steps", "step size underflow")
OK, DIVERGED, NON_FINITE, TOO_MANY_STEPS, UNDERFLOW = range(5)


def _integrate_lanes(params, y0, t0, times, rtol, atol, max_steps, bound, out, status, reached, steps):
    """Integrate up to LANES points (rows of ``params``, ``y0``) from t0, writing y at
    ``times`` into ``out`` and each point's status, time reached and (accepted,
    rejected) steps. Samples not reached are left as they were (NaN).

    Template: ``flow_lanes`` (the model's right-hand side for LANES points at once, see
    :func:`hybridsys.compiled.codegen.in_place_lanes`), ``stage_sums``,
    ``error_squares``, ``lane_sums``, ``error_norm`` and ``dense_sums`` (written out from the tableau,
    :func:`_tableau_source`), the tableau's ``NODES``, ``DENSE``, ``NEW``, ``ROWS``,
    ``EXPONENT`` and buffer rows (:meth:`Tableau.layout`), ``LANES``, ``LENGTH``
    (len(y)), ``WIDTH`` (LENGTH * LANES) and ``TIMED`` are globals of the kernel module
    this source is copied into (:func:`kernel_source`). A ``TIMED`` flow reads t from its
    last parameter row, which holds each lane's time of the evaluation (the last column
    of ``params`` is a placeholder for it); a static flow's kernel never touches it.

    The points go in lockstep by step count, not by time: each lane has its own t, step
    size, accept/reject and samples, exactly as if it ran alone (the same operations in
    the same order); a lane that has finished, or has no point, idles with h = 0. Every
    vector of the step lives in one buffer ``z`` at constant offsets (rows of
    ``BLOCKS``) and keeps entry i of lane l at i * LANES + l; the sums run over all
    entries at once, so that LLVM sees that the rows do not overlap and vectorizes them.
    Extra stages of the dense output (rows after ``NEW``) run, for every lane at once,
    only in a step in which some lane that takes its step has a sample; the samples are
    summed for every lane at once too (``dense_sums``), one sample a lane a round.
    """
    n = LENGTH
    points = y0.shape[0]
    z = np.zeros(BLOCKS * WIDTH + params.shape[1] * LANES)  # flow_lanes's buffer: stage, its flow, ..., p
    clock = BLOCKS * WIDTH + (params.shape[1] - 1) * LANES  # a timed flow's t, lane by lane
    h = np.zeros(LANES)
    t = np.full(LANES, t0)
    t_next = np.zeros(LANES)  # where an accepted step ends
    norms = np.zeros(LANES)  # an accepted step's error norm
    weights = np.zeros(ROWS * LANES)  # dense output: each k's weight at one sample, lane by lane
    sample = np.zeros(LANES, dtype=np.int64)
    accepted = np.zeros(LANES, dtype=np.int64)
    rejected = np.zeros(LANES, dtype=np.int64)
    code = np.full(LANES, OK)
    running = np.zeros(LANES, dtype=np.bool_)
    just_rejected = np.zeros(LANES, dtype=np.bool_)
    took = np.zeros(LANES, dtype=np.bool_)  # the lane's step was accepted
    last_nonfinite = np.zeros(LANES, dtype=np.bool_)
    for l in range(LANES):
        b = min(l, points - 1)  # lanes without a point repeat the last one, idle
        running[l] = l < points
        for r in range(params.shape[1]):
            z[BLOCKS * WIDTH + r * LANES + l] = params[b, r]
        for i in range(n):
            z[Y * WIDTH + i * LANES + l] = z[STAGE * WIDTH + i * LANES + l] = y0[b, i]
        if TIMED:
            z[clock + l] = t0
    flow_lanes(z)
    for r in range(WIDTH):
        z[K * WIDTH + r] = z[RATE * WIDTH + r]
    t_end = times[-1]
    for l in range(LANES):
        d0 = d1 = 0.0
        for i in range(n):
            scale = atol + rtol * abs(z[Y * WIDTH + i * LANES + l])
            d0 += (z[Y * WIDTH + i * LANES + l] / scale) ** 2
            d1 += (z[K * WIDTH + i * LANES + l] / scale) ** 2
        d0, d1 = np.sqrt(d0 / n), np.sqrt(d1 / n)
        h[l] = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
        while running[l] and sample[l] < times.shape[0] and times[sample[l]] <= t[l]:
            for i in range(n):
                out[l, sample[l], i] = z[Y * WIDTH + i * LANES + l]
            sample[l] += 1
    while True:
        busy = False
        for l in range(LANES):
            if running[l] and sample[l] == times.shape[0]:
                running[l] = False
            elif running[l] and accepted[l] + rejected[l] >= max_steps:
                code[l], running[l] = TOO_MANY_STEPS, False
            elif running[l] and h[l] < 10.0 * 2.220446049250313e-16 * max(abs(t[l]), 1.0):
                code[l], running[l] = (NON_FINITE if last_nonfinite[l] else UNDERFLOW), False
            h[l] = min(h[l], t_end - t[l]) if running[l] else 0.0
            busy = busy or running[l]
        if not busy:
            break
        for i in range(n):
            for l in range(LANES):
                z[STEP * WIDTH + i * LANES + l] = h[l]
        for s in range(1, NEW + 1):  # the last stage is y_new, its flow the next k[0]
            stage_sums(z, s)
            if TIMED:
                for l in range(LANES):
                    z[clock + l] = t[l] + NODES[s] * h[l]
            flow_lanes(z)
        error_squares(z, atol, rtol)
        lane_sums(z)
        dense = False  # some lane takes its step and has a sample in it
        for l in range(LANES):
            took[l] = False
            if not running[l]:
                continue
            norm = error_norm(z, l)
            last_nonfinite[l] = not np.isfinite(norm)
            if last_nonfinite[l]:
                for i in range(n):
                    if not np.isfinite(z[K * WIDTH + i * LANES + l]):
                        code[l], running[l] = NON_FINITE, False
                if running[l]:
                    h[l] *= 0.2
                    rejected[l] += 1
                    just_rejected[l] = True
                continue
            if norm >= 1.0:
                h[l] *= max(0.2, 0.9 * norm**EXPONENT)
                rejected[l] += 1
                just_rejected[l] = True
                continue
            t_new = t[l] + h[l]
            if t_end - t_new <= 1e-12 * max(abs(t_end), 1.0):
                t_new = t_end  # the last step lands on the end despite rounding in t + h
            took[l], t_next[l], norms[l] = True, t_new, norm
            dense = dense or (sample[l] < times.shape[0] and times[sample[l]] <= t_new)
        if ROWS > NEW + 1 and dense:  # the dense output's extra stages (y_new kept aside meanwhile)
            for s in range(NEW + 1, ROWS):
                stage_sums(z, s)
                if TIMED:
                    for l in range(LANES):
                        z[clock + l] = t[l] + NODES[s] * h[l]
                flow_lanes(z)
            stage_sums(z, ROWS)
        while dense:  # the samples in the step, one a lane a round, every lane's at once (dense_sums)
            pending = False
            for l in range(LANES):
                due = took[l] and sample[l] < times.shape[0] and times[sample[l]] <= t_next[l]
                if not due:  # no sample in this lane's step: it adds nothing
                    for j in range(ROWS):
                        weights[j * LANES + l] = 0.0
                    continue
                theta = (times[sample[l]] - t[l]) / h[l]
                for j in range(ROWS):
                    acc = DENSE[j, DENSE.shape[1] - 1]
                    for m in range(DENSE.shape[1] - 2, -1, -1):
                        acc = DENSE[j, m] + theta * acc
                    weights[j * LANES + l] = h[l] * theta * acc
                pending = True
            if not pending:
                break
            dense_sums(z, weights)
            for l in range(LANES):
                if took[l] and sample[l] < times.shape[0] and times[sample[l]] <= t_next[l]:
                    for i in range(n):
                        out[l, sample[l], i] = z[SAMPLE * WIDTH + i * LANES + l]
                    sample[l] += 1
        for l in range(LANES):
            if not took[l]:
                continue
            t[l] = t_next[l]
            accepted[l] += 1
            if z[NORMS * WIDTH + LANES + l] > bound:
                code[l], running[l] = DIVERGED, False
            factor = 10.0 if norms[l] == 0.0 else min(10.0, 0.9 * norms[l]**EXPONENT)
            h[l] *= min(factor, 1.0) if just_rejected[l] else factor
            just_rejected[l] = False
        every = True  # every lane that stepped took its step: y and k[0] move on in one pass
        for l in range(LANES):
            every = every and (took[l] or z[STEP * WIDTH + l] == 0.0)
        if every:  # the idle lanes' stage is their y (or NaN, never read again)
            for r in range(WIDTH):
                z[Y * WIDTH + r] = z[STAGE * WIDTH + r]
                z[K * WIDTH + r] = z[(K + NEW) * WIDTH + r]
        else:
            for l in range(LANES):
                for i in range(n):
                    if took[l]:
                        z[Y * WIDTH + i * LANES + l] = z[STAGE * WIDTH + i * LANES + l]
                        z[K * WIDTH + i * LANES + l] = z[(K + NEW) * WIDTH + i * LANES + l]
    for l in range(points):
        status[l], reached[l], steps[l, 0], steps[l, 1] = code[l], t[l], accepted[l], rejected[l]


def _integrate_part(params, y0, t0, times, rtol, atol, max_steps, bound, out, status, reached, steps, first, last):
    """Points first..last − 1, LANES at a time (:func:`_integrate_lanes`): one call into
    compiled code a part of the batch, not one a group (a call costs microseconds of
    argument checks, holding the GIL: a tenth of a one-period map's group)."""
    for g in range(first, last, LANES):
        e = min(g + LANES, last)
        _integrate_lanes(params[g:e], y0[g:e], t0, times, rtol, atol, max_steps, bound, out[g:e], status[g:e],
                         reached[g:e], steps[g:e])


def _sum_source(weights, last: int, k: int) -> str:
    """``w_0 * k_0 + w_1 * k_1 + ...`` over the nonzero weights, in the kernel's buffer
    (k_j at row k + j), the flow just evaluated (k_last; none if -1) read from ``rate``."""
    terms = [f"{w!r} * {'rate' if j == last else f'z[{k + j} * WIDTH + r]'}" for j, w in enumerate(map(float, weights)) if w]
    return " + ".join(terms)


def _tableau_source(method: Tableau) -> str:
    """Source of the kernel's sums over the stages, written out from the tableau (zero
    terms left out) so that each is one pass over the buffer that LLVM vectorizes:

    * ``stage_sums(z, s)`` keeps the flow just evaluated as k[s-1] and forms the
      argument of evaluation s, y + h Σ_j stages[s, j] k_j (s = new: y_new); past new,
      the extra stages of the dense output, the first of which puts y_new aside (its
      k[new] is already kept) and s = rows, which keeps the last k and puts y_new back;
    * ``error_squares(z, atol, rtol)`` keeps k[new] and writes each entry's
      (h Σ_j e_j k_j / (atol + rtol max(|y|, |y_new|)))², one row per error estimate;
    * ``dense_sums(z, w)``: a sample of the dense output of every lane,
      y + Σ_j w[j, lane] k_j (the k of zero weight left out), w the lanes' weights;
    * ``error_norm(z, l)``: lane l's error norm from its sums of those squares
      (:func:`_lane_sums_source`): their RMS, or DOP853's combination of two."""
    rows = method.layout()
    STAGE, RATE, K, Y, STEP, KEPT = (rows[name] for name in ("STAGE", "RATE", "K", "Y", "STEP", "KEPT"))
    lines = ["def stage_sums(z, s):"]
    for s in range(1, (method.rows if method.rows > method.new + 1 else method.new) + 1):
        keep = [f"            rate = z[{RATE} * WIDTH + r]", f"            z[{K + s - 1} * WIDTH + r] = rate"] \
            if s > 1 and s != method.new + 1 else []  # k[0] is already in place (the last step's k[new], or f(y0))
        aside = [f"            z[{KEPT} * WIDTH + r] = z[{STAGE} * WIDTH + r]"] if s == method.new + 1 else []
        if s < method.rows:
            formed = [f"            z[{STAGE} * WIDTH + r] = z[{Y} * WIDTH + r] + z[{STEP} * WIDTH + r] * "
                      f"({_sum_source(method.stages[s, :s], s - 1 if keep else -1, K)})"]
        else:
            formed = [f"            z[{STAGE} * WIDTH + r] = z[{KEPT} * WIDTH + r]"]
        lines += [f"    {'if' if s == 1 else 'elif'} s == {s}:", "        for r in range(WIDTH):", *keep, *aside, *formed]
    lines += [
        "",
        "",
        "def error_squares(z, atol, rtol):",
        "    for r in range(WIDTH):",
        f"        rate = z[{RATE} * WIDTH + r]",
        f"        z[{K + method.new} * WIDTH + r] = rate",
        f"        scale = atol + rtol * max(abs(z[{Y} * WIDTH + r]), abs(z[{STAGE} * WIDTH + r]))",
    ]
    for e, weights in enumerate(method.errors):
        lines += [f"        error = z[{STEP} * WIDTH + r] * ({_sum_source(weights, method.new, K)})",
                  f"        z[{rows['SQUARES'] + e} * WIDTH + r] = (error / scale) ** 2"]
    terms = " + ".join(f"w[{j} * LANES + l] * z[{K + j} * WIDTH + r]" for j in range(method.rows) if np.any(method.dense[j]))
    lines += ["", "", "def dense_sums(z, w):", "    for i in range(LENGTH):", "        for l in range(LANES):",
              "            r = i * LANES + l", f"            z[{rows['SAMPLE']} * WIDTH + r] = z[{Y} * WIDTH + r] + {terms}"]
    norms = rows["NORMS"]
    lines += ["", "", "def error_norm(z, l):"]
    if len(method.errors) == 1:
        lines.append(f"    return np.sqrt(z[{norms} * WIDTH + l] / LENGTH)")
    else:  # Hairer's DOP853: ‖e₅‖² |h| / √((‖e₅‖² + 0.01‖e₃‖²) N), h in both squares
        lines += [f"    high, low = z[{norms} * WIDTH + l], z[{norms} * WIDTH + 2 * LANES + l]",
                  "    if high == 0.0 and low == 0.0:",
                  "        return 0.0",
                  "    return high / np.sqrt((high + 0.01 * low) * LENGTH)"]
    return "\n".join(lines) + "\n"


def _lane_sums_source(lanes: int, method: Tableau) -> str:
    """Source of ``lane_sums(z)``: each lane's sum of the first error estimate's scaled
    squares, its largest |y_new| (for the divergence test) and the second estimate's sum
    (if any) into the first (errors + 1) ``lanes`` entries of row NORMS, summed entry by
    entry in order; one accumulator per lane, so that the reduction runs in registers."""
    rows = method.layout()
    squares = [rows["SQUARES"] + e for e in range(len(method.errors))]
    sums = [f"s{e}_{l}" for e in range(len(squares)) for l in range(lanes)]
    lines = ["def lane_sums(z):"]
    lines += [f"    {name} = 0.0" for name in sums] + [f"    m{l} = 0.0" for l in range(lanes)]
    lines.append("    for i in range(LENGTH):")
    for l in range(lanes):
        lines += [f"        s{e}_{l} += z[{row} * WIDTH + i * LANES + {l}]" for e, row in enumerate(squares)]
        lines.append(f"        m{l} = max(m{l}, abs(z[{rows['STAGE']} * WIDTH + i * LANES + {l}]))")
    for l in range(lanes):
        lines.append(f"    z[{rows['NORMS']} * WIDTH + {l}] = s0_{l}")
        lines.append(f"    z[{rows['NORMS']} * WIDTH + LANES + {l}] = m{l}")
        lines += [f"    z[{rows['NORMS']} * WIDTH + {e + 1} * LANES + {l}] = s{e}_{l}" for e in range(1, len(squares))]
    return "\n".join(lines) + "\n"


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


def kernel_source(flow_source: str, timed: bool = False, lanes: int = LANES, method: str = "RK45") -> str:
    """Source of a module holding one model's compiled integrator for ``lanes`` points
    a call and one method (:func:`tableau`): the generated ``flow``, its lane form
    ``flow_lanes``, the tableau's sums and constants (:func:`_tableau_source`, written
    into the module, so that numba's cache of it follows the coefficients) and
    :func:`_integrate_lanes`, which calls them as globals so that numba can cache the
    whole kernel on disk (``cache=True``). The products form (large networks) always
    gets one lane, whose ``flow_lanes`` calls ``flow`` on the parts of the buffer.
    ``timed``: the flow reads time t as its last parameter (a compile-time constant of
    the kernel)."""
    steps = tableau(method)
    rows = steps.layout()
    products = _products_form(flow_source)
    length = _flow_length(flow_source)
    if length < len(steps.errors) + 1:
        raise ParameterError(f"the integration kernel needs at least {len(steps.errors) + 1} unknowns, got {length}")
    blocks = rows["BLOCKS"]
    if products:
        lanes, lane_flow = 1, f"def flow_lanes(z):\n    flow(z[{blocks * length}:], z[:{length}], z[{length}:{2 * length}])\n"
    else:
        lane_flow = in_place_lanes(flow_source, lanes, blocks * length)
    array = lambda values: f"np.array({np.asarray(values, dtype=float).tolist()!r})"  # noqa: E731 - exact: repr round-trips
    return "\n".join(
        [
            '"""Generated by hybridsys: one model\'s integration kernel (do not edit)."""',
            "import numpy",
            "import numpy as np",
            "import numba",
            "from hybridsys.numerics.integrator import OK, DIVERGED, NON_FINITE, TOO_MANY_STEPS, UNDERFLOW",
            "",
            flow_source,
            *([inspect.getsource(_covariance_rate_loops), "covariance_rate = numba.njit(cache=True)(_covariance_rate_loops)"]
              if products else []),
            "flow = numba.njit(cache=True)(flow)",
            "",
            f"LANES, LENGTH, TIMED = {lanes}, {length}, {bool(timed)}",
            "WIDTH = LENGTH * LANES",
            f"# {steps.name}: its buffer rows (Tableau.layout), evaluations and dense output",
            *(f"{name} = {row}" for name, row in rows.items()),
            f"NEW, ROWS, EXPONENT = {steps.new}, {steps.rows}, {steps.exponent!r}",
            f"NODES = {array(steps.nodes)}",
            f"DENSE = {array(steps.dense)}",
            "",
            lane_flow,
            "flow_lanes = numba.njit(cache=True)(flow_lanes)",
            "",
            _tableau_source(steps),
            'stage_sums = numba.njit(cache=True, error_model="numpy")(stage_sums)',
            'error_squares = numba.njit(cache=True, error_model="numpy")(error_squares)',
            'error_norm = numba.njit(cache=True, error_model="numpy")(error_norm)',
            'dense_sums = numba.njit(cache=True, error_model="numpy")(dense_sums)',
            _lane_sums_source(lanes, steps),
            "lane_sums = numba.njit(cache=True)(lane_sums)",
            "",
            inspect.getsource(_integrate_lanes),
            '_integrate_lanes = numba.njit(cache=True, nogil=True, error_model="numpy")(_integrate_lanes)',
            "",
            inspect.getsource(_integrate_part),
            '_integrate_part = numba.njit(cache=True, nogil=True, error_model="numpy")(_integrate_part)',
            "",
        ]
    )


def _products_form(flow_source: str) -> bool:
    """Whether a generated flow is the products form (large networks: one lane)."""
    return "def covariance_rate(" in flow_source


def _flow_length(flow_source: str) -> int:
    """len(y) of a generated flow: its outputs (scalar form) or SIZE + packed V (products form)."""
    quadratures = re.search(r"^SIZE = (\d+)$", flow_source, re.M)
    if quadratures:
        m = int(quadratures[1])
        return m + m * (m + 1) // 2
    return output_count(flow_source)


_KERNELS: dict = {}


def kernel(flow, lanes: int = LANES, method: str = "RK45"):
    """One model's integration kernel for ``lanes`` points a call and ``method``
    (:func:`kernel_source` of ``flow``), compiled by numba on first use and kept on disk
    beside the compiled model, so that numba's own cache serves later processes."""
    lanes = 1 if _products_form(flow.source) else lanes
    key = (flow.key, lanes, method)
    if key not in _KERNELS:
        name = f"hybridsys_kernel_{flow.key}" + ("" if lanes == LANES else f"_{lanes}_lanes") + \
            ("" if method == "RK45" else f"_{method.lower()}")
        _KERNELS[key] = import_generated(name, kernel_source(flow.source, flow.timed, lanes, method))
    return _KERNELS[key]


def lanes_for(points: int) -> int:
    """Lanes of the kernel that a batch of ``points`` runs: :data:`LANES`, or one lane
    when the batch would fill at most half of them (one or two points: a lone point in a
    LANES-lane call paid for the idle lanes, 1.5x the time of the one-lane kernel, and
    two points run one a thread). Every lane computes the same numbers in either
    kernel, bit for bit (no fast-math: the operations and their order are the same)."""
    return 1 if points <= LANES // 2 else LANES


@attrs.frozen
class Integration:
    """Raw result: ``y`` (batch, times, N) with NaN after a failure; ``status``
    codes (see :data:`STATUS`), the time each point reached, and its accepted and
    rejected step counts (the scipy engine reports only its evaluations over those of a step, extra stages included)."""

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


def integrate(flow, params: np.ndarray, y0: np.ndarray, times: np.ndarray, accuracy: Accuracy = Accuracy(),
              engine: str | None = None, t0: float = 0.0, progress=None, chunk: int = 64) -> Integration:
    """Integrate dy/dt = flow(p, y) (flow(p, y, t) for a time-dependent flow) for every
    row of ``params`` (B, P) from ``y0`` (B, N) at t0, sampling at ``times`` (increasing, >= t0).

    ``flow`` is a :class:`hybridsys.compiled.compiler.Flow` (its ``numba`` and ``numpy`` forms);
    ``accuracy.method`` picks the Runge–Kutta pair (RK45 where None; the result's
    ``accuracy`` names it).
    The batch is run in parts of at most ``chunk`` points, spread over numba's threads
    (``numba.get_num_threads()``) by the numba engine; ``progress``, if given, is called
    with the number of points of each part as it finishes.
    """
    engine = engine or default_engine()
    accuracy = accuracy.with_method("RK45")
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
    if flow.timed:  # the column the engines write each evaluation's time into
        params = np.ascontiguousarray(np.concatenate([params, np.full((len(params), 1), float(t0))], axis=1))
    batch = params.shape[0]
    out = np.full((batch, times.size, y0.shape[1]), np.nan)
    status = np.zeros(batch, dtype=np.int64)
    reached = np.full(batch, t0)
    steps = np.zeros((batch, 2), dtype=np.int64)

    compiled = kernel(flow, lanes_for(batch), accuracy.method) if engine == "numba" else None

    def run(part: slice) -> int:
        if compiled is not None:
            compiled._integrate_part(params, y0, float(t0), times, accuracy.rtol, accuracy.atol, int(accuracy.max_steps),
                                     accuracy.divergence, out, status, reached, steps, part.start, part.stop)
        else:
            for b in range(part.start, part.stop):
                status[b], reached[b], steps[b] = _scipy_point(flow.numpy, params[b].copy(), y0[b], t0, times, accuracy, out[b],
                                                               flow.timed)
        return part.stop - part.start

    threads = numba.get_num_threads() if compiled is not None else 1
    lanes = compiled.LANES if compiled is not None else 1
    size = lanes * max(1, min(chunk, -(-batch // (16 * threads))) // lanes)  # small parts: points differ in cost
    first = compiled is not None and not compiled._integrate_part.signatures
    with compile_notice(first):  # the compiled kernel releases the GIL: its parts run on the kept pool of threads
        pool = thread_pool(threads)
        parts = [pool.submit(run, slice(start, min(start + size, batch))) for start in range(0, batch, size)]
        for done in as_completed(parts):
            finished = done.result()
            if progress is not None:
                progress(finished)
    return Integration(times, out, status, reached, steps, accuracy, engine)


class _StepLimit(Exception):
    """Raised inside scipy's right-hand side when a point used up ``max_steps``."""


def _scipy_point(flow, p, y0, t0, times, accuracy: Accuracy, out, timed: bool = False):
    """The reference: scipy's solve_ivp with the same method on the same right-hand
    side, stopped like ours after ``max_steps`` steps (their evaluations, dense output's
    included), which solve_ivp itself never does: a stiff point (a huge rate) would
    otherwise run for hours. A ``timed`` flow gets t in the last entry of ``p``."""
    from scipy.integrate import solve_ivp

    calls, last = [0], [t0]
    evaluations = tableau(accuracy.method).rows - 1  # a step's, with the dense output's extra stages

    def rhs(t, y):
        calls[0] += 1
        if calls[0] > evaluations * int(accuracy.max_steps) + 2:
            raise _StepLimit
        last[0] = max(last[0], t)
        if timed:
            p[-1] = t
        dy = np.empty_like(y)
        flow(p, y, dy)
        return dy

    def diverged(t, y):
        return accuracy.divergence - np.max(np.abs(y))

    diverged.terminal = True
    with np.errstate(all="ignore"):
        try:
            sol = solve_ivp(rhs, (t0, times[-1]), y0, method=accuracy.method, t_eval=times, rtol=accuracy.rtol,
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
    return code, sol.t[-1] if len(sol.t) else t0, (sol.nfev // evaluations, 0)
