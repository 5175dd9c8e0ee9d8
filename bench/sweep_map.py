"""A 100 × 100 map of asymptotic S_Q over (γ_j, K) with 200τ trajectories, through
``hybridsys.sweeps.sweep`` (chunks, checkpoints in a temporary folder, progress), against a
loop over scipy.integrate.solve_ivp (RK45, rtol 1e-6) timed on a random sample of
points and scaled per point (said in the output).

    python bench/sweep_map.py [N] [SAMPLE]     (default N = 100 per axis, baseline on 8 points)

Target (issue 4/5): the map in under 15 minutes on 2 cores.
"""

from __future__ import annotations

import sys
import tempfile
import time

import numpy as np

import hybridsys as hs
from hybridsys.measures import asymptotic


def main(n: int = 100, sample: int = 8) -> None:
    gamma, kerr = np.linspace(0.001, 0.012, n), np.linspace(-5e-5, 5e-5, n)
    over = {("gamma_1", "gamma_2"): gamma, "K": kerr}
    model = hs.load_model("nonreciprocal_sync")
    compiled = hs.compile(model)
    hs.simulate(compiled, compiled.parameters(model.values()), periods=1)  # compile (or load) the kernel first
    with tempfile.TemporaryDirectory() as store:
        start = time.perf_counter()
        result = hs.sweep(model, over=over, store=store)
        t_ours = time.perf_counter() - start
    counts = ", ".join(f"{k} {v}" for k, v in result.summary().items())
    print(f"ours: {n}x{n} map in {t_ours:.1f} s ({n * n / t_ours:.0f} points/s; {result.attrs['chunks']['computed']} chunks of "
          f"{result.attrs['chunk']}); points: {counts}; {'within' if t_ours < 900 else 'OVER'} the 15-minute target")
    rng = np.random.default_rng(1)
    picks = [np.unravel_index(k, result.shape) for k in rng.choice(n * n, sample, replace=False)]
    start = time.perf_counter()
    worst = 0.0
    for i, j in picks:
        params = compiled.parameters(model.values(gamma_1=gamma[i], gamma_2=gamma[i], K=kerr[j]))
        reference = hs.simulate(compiled, params, periods=200, record_periods=20, classify_periods=20, engine="scipy")
        sq = asymptotic(reference.times, reference.quantum_synchronization("b1", "b2"), 20)["max"]
        if np.isfinite(sq) and np.isfinite(result["S_Q_max"][i, j]):
            worst = max(worst, abs(float(sq) - float(result["S_Q_max"][i, j])))
    t_base = (time.perf_counter() - start) / sample * n * n
    print(f"baseline (solve_ivp per point): timed on {sample} random points, scaled to {n * n}: {t_base:.0f} s; "
          f"largest |ΔS_Q| (max over the last 20 periods) on those points: {worst:.1e}")
    print(f"ratio = {t_base / t_ours:.0f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
