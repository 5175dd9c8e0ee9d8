"""Stochastic Heun integration of dx = f(x) dt + B dW for many trajectories at once,
keeping running sums of x and x xᵀ at the sample times instead of trajectories.

Scheme (Kloeden & Platen, the stochastic trapezoidal/Heun rule; weak order 2 for
additive noise, strong order 1): with ΔW = √h z, z ~ N(0, 1) per component,

    x̃ = x + f(x) h + B ΔW,    x ← x + ½ (f(x) + f(x̃)) h + B ΔW.

Fixed step h. A pool of threads runs the (point, batch) tasks, each a call of one
numba kernel that releases the GIL (a pool, not numba's ``prange``: the parallel form
took about 3 s more to compile, on every first run of a model); each batch runs its
trajectories one after another and adds them into its own sums, so no two threads
write the same memory. Trajectory j draws its normals (initial sample and
noise) from its own generator (:mod:`hybridsys.numerics.normals`) seeded with
``seeds[j]`` at its start: results depend on the seeds and on nothing else (not on the
number of threads). The same seeds serve
every parameter point (common random numbers: differences between points carry less
noise than the points themselves).

The drift ``f`` is the model's generated ``wigner_drift(p, x, out)``
(:mod:`hybridsys.symbolic.weyl`), rewritten to evaluate :data:`LANES` trajectories at
once and compiled together with this kernel. A time-dependent drift f(x, t) reads t as
the last entry of ``p``: the predictor's drift is taken at t_n = n h, the corrector's
at t_n + h (the Heun rule for a non-autonomous drift); trajectories start at t = 0.
"""

from __future__ import annotations

import inspect
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..compiled.codegen import in_place_lanes, output_count
from ..compiled.compiler import import_generated
from ..compiled.kernels import compile_notice
from ..errors import ParameterError


#: Trajectories integrated together in the SIMD lanes of one kernel call.
LANES = 4


def _run_task(p, B, mean0, chol0, seeds, h, steps_per_sample, samples, first, bound, sums, products):
    """Trajectories ``seeds`` of one batch at parameter point ``p``: add x and x xᵀ
    at samples ``first``, ..., ``samples - 1`` into ``sums`` (T, n) and ``products``
    (T, n, n, upper triangle). Returns the number of trajectories that diverged
    (|x| > ``bound`` or not finite; they stop where they did and are counted).

    Template: ``wigner_lanes`` (the model's drift for LANES trajectories at once, see
    :func:`hybridsys.compiled.codegen.in_place_lanes`), ``LANES`` and ``TIMED`` are
    globals of the kernel module this source is copied into (:func:`kernel_source`); a
    ``TIMED`` drift reads t from the last row of ``p``'s part of the buffer, which the
    kernel sets before every evaluation (a static drift's kernel never does). The trajectories
    go LANES at a time, entry i of lane l at i * LANES + l of each vector, so that the
    drift and the Heun update vectorize; each lane draws its own normals, in the order a
    trajectory alone would, and the lanes are summed in the order of their seeds: the
    sums are those of one trajectory after another, bit for bit."""
    n = mean0.shape[0]
    width = n * LANES
    z = np.zeros(2 * width + p.shape[0] * LANES)  # wigner_lanes's buffer: x, its drift, p
    clock = 2 * width + (p.shape[0] - 1) * LANES  # a timed drift's t, lane by lane
    for r in range(p.shape[0]):
        for l in range(LANES):
            z[2 * width + r * LANES + l] = p[r]
    x = np.empty(width)
    f0 = np.empty(width)
    kick = np.empty(width)
    noise = np.empty(n)
    draws = np.empty((n, LANES))
    states = np.zeros((4, LANES), dtype=np.uint64)  # one generator a lane (idle lanes draw too, unused)
    active = np.zeros(LANES, dtype=np.bool_)
    root = np.sqrt(h)
    diverged = 0
    entries = 0  # the nonzero entries of B (diagonal for independent baths)
    rows = np.empty(n * n, dtype=np.int64)
    cols = np.empty(n * n, dtype=np.int64)
    values = np.empty(n * n)
    for i in range(n):
        for k in range(n):
            if B[i, k] != 0.0:
                rows[entries], cols[entries], values[entries] = i, k, B[i, k]
                entries += 1
    for start in range(0, seeds.shape[0], LANES):
        for l in range(LANES):
            active[l] = start + l < seeds.shape[0]
            if active[l]:
                seed_normals(states, l, seeds[start + l])
                for i in range(n):
                    noise[i] = standard_normal(states, l)
            for i in range(n):
                acc = mean0[i]
                if active[l]:  # an idle lane follows the mean field from the initial mean
                    for k in range(i + 1):
                        acc += chol0[i, k] * noise[k]
                x[i * LANES + l] = acc
        for s in range(samples):
            if s > 0:
                for q in range(steps_per_sample):
                    now = ((s - 1) * steps_per_sample + q) * h
                    if TIMED:
                        for l in range(LANES):
                            z[clock + l] = now
                    for r in range(width):
                        z[r] = x[r]
                    wigner_lanes(z)
                    for r in range(width):
                        f0[r] = z[width + r]
                        kick[r] = 0.0
                    fill_lanes(states, draws)
                    for l in range(LANES):
                        if active[l]:
                            for e in range(entries):
                                kick[rows[e] * LANES + l] += values[e] * (root * draws[cols[e], l])
                    for r in range(width):
                        z[r] = x[r] + h * f0[r] + kick[r]
                    if TIMED:
                        for l in range(LANES):
                            z[clock + l] = now + h
                    wigner_lanes(z)
                    for r in range(width):
                        x[r] += 0.5 * h * (f0[r] + z[width + r]) + kick[r]
            running = False
            for l in range(LANES):
                if not active[l]:
                    continue
                biggest = 0.0
                for i in range(n):
                    biggest = max(biggest, abs(x[i * LANES + l]))
                if not biggest <= bound:
                    diverged += 1
                    active[l] = False
                    continue
                running = True
                if s >= first:
                    row = s - first
                    for i in range(n):
                        sums[row, i] += x[i * LANES + l]
                        for k in range(i, n):
                            products[row, i, k] += x[i * LANES + l] * x[k * LANES + l]
            if not running:
                break
    return diverged


def kernel_source(drift_source: str, timed: bool = False) -> str:
    """Source of one model's stochastic kernel: its generated drift in lane form and the
    function above (numba caches the whole module on disk); ``timed``: the drift
    reads time t as its last parameter."""
    return "\n".join(
        [
            '"""Generated by hybridsys: one model\'s truncated-Wigner kernel (do not edit)."""',
            "import numpy",
            "import numpy as np",
            "import numba",
            "from hybridsys.numerics.normals import fill_lanes, seed as seed_normals, standard_normal",
            "",
            f"LANES, TIMED = {LANES}, {bool(timed)}",
            "",
            in_place_lanes(drift_source, LANES, 2 * output_count(drift_source), name="wigner_lanes"),
            "wigner_lanes = numba.njit(cache=True)(wigner_lanes)",
            "",
            inspect.getsource(_run_task),
            "_run_task = numba.njit(cache=True, nogil=True)(_run_task)",
            "",
        ]
    )


_KERNELS: dict = {}


def kernel(compiled):
    """The stochastic kernel of a compiled model, compiled by numba on first use."""
    if compiled.key not in _KERNELS:
        try:
            import numba  # noqa: F401
        except ImportError:  # pragma: no cover - exercised only without numba
            raise ParameterError("the truncated-Wigner kernel needs numba: pip install 'hybridsys[fast]'") from None
        source = compiled.meta["sources"]["wigner_drift"]
        _KERNELS[compiled.key] = import_generated(f"hybridsys_wigner_{compiled.key}", kernel_source(source, compiled.time_dependent))
    return _KERNELS[compiled.key]


def integrate(compiled, params: np.ndarray, noise: np.ndarray, mean0: np.ndarray, chol0: np.ndarray, seeds: np.ndarray,
              batches: int, step: float, steps_per_sample: int, samples: int, first: int, bound: float):
    """Run the kernel: per point (P rows of ``params``) and batch, the sums of x and
    x xᵀ (symmetrized) at samples ``first``..``samples - 1``, and the diverged counts."""
    P, n = params.shape[0], mean0.shape[-1]
    if compiled.time_dependent:  # the column the kernel writes each evaluation's time into
        params = np.concatenate([params, np.zeros((P, 1))], axis=1)
    sums = np.zeros((P, batches, samples - first, n))
    products = np.zeros((P, batches, samples - first, n, n))
    diverged = np.zeros((P, batches), dtype=np.int64)
    import numba

    task = kernel(compiled)._run_task
    params = np.ascontiguousarray(params, dtype=float)
    noise, mean0, chol0 = (np.ascontiguousarray(a) for a in (noise, mean0, chol0))
    seeds = np.ascontiguousarray(seeds, dtype=np.int64)
    per = len(seeds) // batches

    def run(k: int) -> None:
        point, batch = divmod(k, batches)
        stop = len(seeds) if batch == batches - 1 else (batch + 1) * per
        diverged[point, batch] = task(params[point], noise[point], mean0[point], chol0[point], seeds[batch * per : stop], float(step),
                                      int(steps_per_sample), int(samples), int(first), float(bound), sums[point, batch], products[point, batch])

    with compile_notice(not task.signatures), ThreadPoolExecutor(numba.get_num_threads()) as pool:  # the kernel releases the GIL
        for done in [pool.submit(run, k) for k in range(P * batches)]:
            done.result()
    products += np.swapaxes(products, -1, -2)  # the kernel fills the upper triangle only
    diagonal = np.arange(n)
    products[..., diagonal, diagonal] *= 0.5
    return sums, products, diverged
