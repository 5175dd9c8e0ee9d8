"""200τ S_Q trajectories of the spec model over a batch of points, against a Python
loop calling scipy.integrate.solve_ivp (RK45, rtol 1e-6, atol 1e-9) per point on
the same right-hand side.

    python bench/trajectories.py [N] [SAMPLE]     (default 400 points, baseline on 8)

Points: Table I's simulation column with K in ±4e-5 and γ_j in [0.002, 0.01]. The
baseline is too slow to run on every point: it runs on SAMPLE random points and its
time is scaled per point (said in the output). Agreement: the largest |ΔS_Q| over the
last 20 periods on the sampled points.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import hybridsys as hs
from hybridsys.measures import window


def main(n: int = 400, sample: int = 8) -> None:
    model = hs.load_model("nonreciprocal_sync")
    compiled = hs.compile(model)
    rng = np.random.default_rng(0)
    gamma = rng.uniform(0.002, 0.01, n)
    params = compiled.parameters(model.values(K=rng.uniform(-4e-5, 4e-5, n), gamma_1=gamma, gamma_2=gamma))
    hs.simulate(compiled, params[:1], periods=1)  # compile (or load) the kernel first
    t = time.perf_counter()
    hs.simulate(compiled, params[:1], periods=200)
    t_one = time.perf_counter() - t
    t = time.perf_counter()
    batch = hs.simulate(compiled, params, periods=200)
    t_ours = time.perf_counter() - t
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
    print(f"one trajectory: {t_one:.3f} s; batch of {n}: {t_ours:.2f} s ({t_ours / n * 1e3:.1f} ms a point), "
          f"{steps[:, 0].mean():.0f} steps a point on average; {np.count_nonzero(~batch.ok)} failed")
    print(f"regimes: {dict(zip(*np.unique(batch.regime, return_counts=True)))}")
    print(f"baseline (loop over solve_ivp RK45): {t_base / n:.2f} s a point, timed on {len(picked)} random points and scaled to {n}: {t_base:.0f} s")
    print(f"largest |ΔS_Q| over the last 20 periods: {worst:.1e} ({'ok' if worst < 1e-3 else 'FAILED: > 1e-3'})")
    print(f"ratio = {t_base / t_ours:.0f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
