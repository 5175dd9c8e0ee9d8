"""200τ S_Q trajectories of the spec model over a batch of points, against a Python
loop calling scipy.integrate.solve_ivp (RK45, rtol 1e-6, atol 1e-9) per point on
the same right-hand side.

    python bench/trajectories.py [N] [SAMPLE]     (default 400 points, baseline on 8)

It also times batches of 1, 2 and 3 points (fewer than the kernel's 4 lanes), per
point against a point of the large batch. Our times are the best of REPEATS runs; the
load average is printed at the start and at the end.

Points: Table I's simulation column with K in ±4e-5 and γ_j in [0.002, 0.01]. The
baseline is too slow to run on every point: it runs on SAMPLE random points and its
time is scaled per point (said in the output). Agreement: the largest |ΔS_Q| over the
last 20 periods on the sampled points.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

import hybridsys as hs
from hybridsys.measures import window

#: Runs of our side (each small batch and the large one); the best is reported. The
#: baseline runs once (it takes minutes).
REPEATS = 3


def best(run, repeats: int = REPEATS):
    """The shortest of ``repeats`` wall times of ``run()`` (on a shared machine the
    others are its neighbours' load), and run's result."""
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t)
    return min(times), result


def main(n: int = 400, sample: int = 8) -> None:
    print(f"load average (1, 5, 15 min) at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    model = hs.load_model("nonreciprocal_sync")
    compiled = hs.compile(model)
    rng = np.random.default_rng(0)
    gamma = rng.uniform(0.002, 0.01, n)
    params = compiled.parameters(model.values(K=rng.uniform(-4e-5, 4e-5, n), gamma_1=gamma, gamma_2=gamma))
    small = (1, 2, 3)
    for count in (*small, n):  # compile (or load) the kernel first
        hs.simulate(compiled, params[:count], periods=1)
    t_small = {count: best(lambda: hs.simulate(compiled, params[:count], periods=200))[0] for count in small}
    t_ours, batch = best(lambda: hs.simulate(compiled, params, periods=200))
    picked = rng.choice(n, size=min(sample, n), replace=False)
    t = time.perf_counter()
    reference = hs.simulate(compiled, params[picked], periods=200, engine="scipy")
    t_base = (time.perf_counter() - t) / len(picked) * n
    last = window(batch.times, 20)
    sq = batch.quantum_synchronization("b1", "b2")[picked][:, last]
    sq_ref = reference.quantum_synchronization("b1", "b2")[:, last]
    worst = np.max(np.abs(sq - sq_ref))
    steps = batch.integration.steps
    print(f"{n} points, 200τ, {batch.times.size} samples each; engine {batch.integration.engine}, rtol 1e-6, atol 1e-9")
    print(f"batch of {n}: {t_ours:.2f} s ({t_ours / n * 1e3:.1f} ms a point), "
          f"{steps[:, 0].mean():.0f} steps a point on average; {np.count_nonzero(~batch.ok)} failed")
    for count, seconds in t_small.items():  # small batches pay for no empty lanes: one point <= 1.5x a point of the batch
        print(f"{count} point{'s' if count > 1 else ''}: {seconds * 1e3:.0f} ms ({seconds / count * 1e3:.1f} ms a point, "
              f"{seconds / count / (t_ours / n):.2f}x a point of the batch of {n})")
    print(f"regimes: {dict(zip(*np.unique(batch.regime, return_counts=True)))}")
    print(f"baseline (loop over solve_ivp RK45): {t_base / n:.2f} s a point, timed on {len(picked)} random points and scaled to {n}: {t_base:.0f} s")
    print(f"largest |ΔS_Q| over the last 20 periods: {worst:.1e} ({'ok' if worst < 1e-3 else 'FAILED: > 1e-3'})")
    print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"ratio = {t_base / t_ours:.0f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
