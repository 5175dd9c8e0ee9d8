"""Steady-state S_Q of the spec model over a batch of parameter points, against a
Python loop calling scipy.linalg.solve_continuous_lyapunov per point.

    python bench/steady_state.py [N]        (default 10,000 points)

Points: Table I's simulation column with Δa, Δm in [0.6, 1.4] (red detuning, where
fixed points are stable), K in ±1e-4, n̄_j in [0, 5]; the lowest-occupation fixed
point of each. Both sides solve A V + V Aᵀ + D = 0 for the same A and D and return
S_Q(b1, b2); the fixed points (found once, shared) are timed separately.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import scipy.linalg

import hybridsys as hs
from hybridsys.covariance import lyapunov_residual, steady_covariance
from hybridsys.measures import quantum_synchronization


def ours(compiled, params, states):
    V = steady_covariance(compiled.drift(params, states), compiled.diffusion(params))
    return quantum_synchronization(V, 2, 3), V


def baseline(compiled, params, states):
    """What a careful user writes: A and D evaluated for the batch, then one scipy
    Lyapunov solve per point."""
    drift, diffusion = compiled.drift(params, states), compiled.diffusion(params)
    sq = np.empty(len(params))
    for k in range(len(params)):
        V = scipy.linalg.solve_continuous_lyapunov(drift[k], -diffusion[k])
        sq[k] = (V[4, 4] + V[6, 6] - 2 * V[4, 6] + V[5, 5] + V[7, 7] - 2 * V[5, 7]) ** -1 * 2
    return sq


def main(n: int = 10_000) -> None:
    model = hs.load_model("nonreciprocal_sync")
    compiled = model.compile()
    rng = np.random.default_rng(0)
    values = model.values(
        Delta_a=rng.uniform(0.6, 1.4, n), Delta_m=rng.uniform(0.6, 1.4, n), K=rng.uniform(-1e-4, 1e-4, n),
        nbar_1=rng.uniform(0, 5, n), nbar_2=rng.uniform(0, 5, n),
    )
    params = compiled.parameters(values)
    t = time.perf_counter()
    points = hs.fixed_points(compiled, params)
    t_fixed = time.perf_counter() - t
    stable = points.stable[:, 0]
    params, states = params[stable], points.states[stable, 0]
    m = len(params)
    print(f"{n} points, {m} with a stable lowest fixed point; all fixed points in {t_fixed:.2f} s ({n / t_fixed:,.0f} points/s)")
    ours(compiled, params[:10], states[:10])  # warm up
    t = time.perf_counter()
    sq, V = ours(compiled, params, states)
    t_ours = time.perf_counter() - t
    residual = lyapunov_residual(compiled.drift(params, states), V, compiled.diffusion(params))
    t = time.perf_counter()
    reference = baseline(compiled, params, states)
    t_base = time.perf_counter() - t
    agreement = np.max(np.abs(sq - reference) / np.abs(reference))
    print(f"ours (batched symmetric Lyapunov solve): {t_ours:.3f} s, {m / t_ours:,.0f} points/s; largest Lyapunov residual {residual.max():.2e}")
    print(f"baseline (loop over scipy.linalg.solve_continuous_lyapunov): {t_base:.3f} s, {m / t_base:,.0f} points/s")
    print(f"largest relative S_Q difference: {agreement:.2e} ({'ok' if agreement < 1e-8 else 'FAILED: > 1e-8'})")
    print(f"ratio = {t_base / t_ours:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
