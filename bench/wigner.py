"""Truncated-Wigner S_Q of the spec model at Table I (CD), against what a careful user
writes with numpy: the same stochastic Heun scheme, vectorized over the trajectories.

    python bench/wigner.py [M] [PERIODS]     (default 2000 trajectories over 50 periods τ)

* ours: ``hs.simulate(..., method="wigner", trajectories=M)`` (compiled kernel, the
  trajectories over the cores, moments summed on the fly);
* the baseline: the model's generated Wigner drift (its source runs on numpy rows as it
  is) evaluated on all M trajectories at once, numpy's normal numbers, the same fixed
  step τ/400 and initial distribution, and the moments at the same samples.

Both are random: they are compared through S_Q(b1, b2) over the last 10 periods, max
and mean, which must agree within 4 standard errors (ours carries its jackknife error;
the baseline's is taken to be the same size). Ours is timed three times and the best
kept; the baseline, 15 seconds long, once. The ratio is printed last.
"""

from __future__ import annotations

import sys

import numpy as np

import hybridsys as hs
from hybridsys.measures import asymptotic, quantum_synchronization
from hybridsys.numerics.covariance import unpack
from hybridsys.numerics.wigner import noise_matrix
from timing import context, timed

STEPS, SAMPLES, WINDOW = 400, 20, 10


def baseline(compiled, params, initial, trajectories: int, periods: float, seed: int = 1) -> np.ndarray:
    """S_Q(b1, b2)(t) over the window from numpy, vectorized over the trajectories."""
    namespace = {"numpy": np, "np": np}
    exec(compiled.meta["sources"]["wigner_drift"], namespace)  # straight-line code: works on rows
    drift = namespace["wigner_drift"]
    n = compiled.size
    y0 = initial.vector(compiled, params[None])[0]
    mean0, cov0 = y0[:n], unpack(y0[n:], n)
    B = noise_matrix(compiled.diffusion(params))
    rng = np.random.default_rng(seed)
    x = mean0[:, None] + np.linalg.cholesky(cov0) @ rng.standard_normal((n, trajectories))
    h, per_sample = 2 * np.pi / STEPS, STEPS // SAMPLES
    count = int(round(periods * SAMPLES))
    first = count - WINDOW * SAMPLES
    f0, f1 = np.empty_like(x), np.empty_like(x)
    covariances = []
    for s in range(1, count + 1):
        for _ in range(per_sample):
            kick = B @ (np.sqrt(h) * rng.standard_normal((n, trajectories)))
            drift(params, x, f0)
            drift(params, x + h * f0 + kick, f1)
            x += 0.5 * h * (f0 + f1) + kick
        if s >= first:
            covariances.append(np.cov(x))
    return quantum_synchronization(np.array(covariances), 2, 3)


def main(trajectories: int = 2000, periods: float = 50) -> None:
    model = hs.load_model("nonreciprocal_sync")
    compiled = hs.compile(model)
    params = compiled.parameters(model.values(None, "CD"))
    initial = hs.InitialState()
    run = dict(periods=periods, samples_per_period=SAMPLES, record_periods=WINDOW, classify_periods=WINDOW,
               method="wigner", steps_per_period=STEPS, seed=7)
    hs.simulate(compiled, params, **{**run, "periods": 1, "record_periods": 1, "classify_periods": 1}, trajectories=40)
    ours, t_ours = timed(hs.simulate, compiled, params, trajectories=trajectories, repeat=3, **run)
    print(f"ours: {trajectories} trajectories over {periods:g} periods τ (step τ/{STEPS}), {t_ours:.2f} s {context()}")
    reference, t_base = timed(baseline, compiled, params, initial, trajectories, periods)
    print(f"numpy, vectorized over the trajectories: {t_base:.2f} s {context()}")
    summary = ours.synchronization_summary("b1", "b2")["S_Q"]
    times = ours.times
    base = asymptotic(times, reference, WINDOW)
    for key in ("max", "mean"):
        value, error = float(summary[key].value), float(summary[key].error)
        verdict = "ok" if abs(value - base[key]) < 4 * np.sqrt(2) * error else "FAILED: > 4 standard errors"
        print(f"S_Q {key} over the last {WINDOW} periods: ours {value:.4g} ± {error:.2g}, numpy {base[key]:.4g} ({verdict})")
    print(f"ratio = {t_base / t_ours:.1f}")


if __name__ == "__main__":
    arguments = [float(a) for a in sys.argv[1:]]
    main(int(arguments[0]) if arguments else 2000, arguments[1] if len(arguments) > 1 else 50)
