"""Time per point of the compiled drift matrix and of the Hurwitz verdict over a batch
of 100,000 points of the spec model (Table I values, random mean fields).

    python bench/evaluate.py [N]
"""

from __future__ import annotations

import sys
import time

import numpy as np

import hybridsys as hs

from hybridsys.model.modelfile import load_model
from hybridsys.numerics.stability import hurwitz_signs, leverrier_coefficients, verdict_from_drift


def best(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main(n: int = 100_000) -> None:
    model = load_model("nonreciprocal_sync")
    compiled = hs.compile(model)
    rng = np.random.default_rng(0)
    values = model.values(K=rng.uniform(-5e-5, 5e-5, n), Delta_a=rng.uniform(-1.2, -0.8, n))
    params = compiled.parameters(values)
    state = rng.normal(scale=40.0, size=(n, 8))  # |<a>| ~ xi/kappa ~ 35
    t_drift, drift = best(lambda: compiled.drift(params, state))
    t_coefficients, (a, errors) = best(lambda: leverrier_coefficients(drift))
    t_signs, _ = best(lambda: hurwitz_signs(a, errors))
    t_verdict, verdict = best(lambda: verdict_from_drift(drift))
    t_eig, eig = best(lambda: np.linalg.eigvals(drift).real.max(axis=-1))
    print(f"points: {n}")
    print(f"compiled A:                     {t_drift / n * 1e9:8.1f} ns/point")
    print(f"a_k (Faddeev-LeVerrier):        {t_coefficients / n * 1e9:8.1f} ns/point")
    print(f"Hurwitz determinants + signs:   {t_signs / n * 1e9:8.1f} ns/point")
    print(f"whole verdict:                  {t_verdict / n * 1e9:8.1f} ns/point, {verdict.fallback_count} fallbacks to eigenvalues")
    print(f"numpy eigvals, for comparison:  {t_eig / n * 1e9:8.1f} ns/point")
    agree = np.array_equal(verdict.stable, eig < 0)
    print(f"verdict agrees with eigenvalues: {bool(agree)} ({int(verdict.stable.sum())} of {n} stable)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
