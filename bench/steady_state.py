"""Steady-state S_Q of the spec model over 10⁴ parameter points, against a Python loop
calling scipy.linalg.solve_continuous_lyapunov per point.

    python bench/steady_state.py [N]        (default 10,000 points)

Points: Table I's simulation column with Δa, Δm in [0.6, 1.4] (red detuning, where
fixed points are stable), K in ±1e-4, n̄_j in [0, 5]; the lowest-occupation fixed
point of each, kept where it is stable until N points are drawn. The fixed points are
found once, shared and timed separately. Each side is timed three times, the best kept. Both sides then go from (parameters, fixed
point) to S_Q(b1, b2):

* ours: A and D for the batch, :func:`steady_covariance` (the sparse elimination in
  SIMD lanes), S_Q;
* the baseline, as a user writes it: for each point, A and D, then
  ``solve_continuous_lyapunov`` and S_Q;
* and, to be fair to the baseline, a careful variant that evaluates A and D for the
  whole batch first and loops over the scipy solves only.
"""

from __future__ import annotations

import sys

import numpy as np
import scipy.linalg

import hybridsys as hs
from hybridsys.numerics.covariance import lyapunov_residual, steady_covariance
from hybridsys.measures import quantum_synchronization
from timing import context, timed


def ours(compiled, params, states):
    V = steady_covariance(compiled.drift(params, states), compiled.diffusion(params))
    return quantum_synchronization(V, 2, 3), V


def s_q(V):
    return 2 / (V[4, 4] + V[6, 6] - 2 * V[4, 6] + V[5, 5] + V[7, 7] - 2 * V[5, 7])


def baseline(compiled, params, states):
    """For each point: A, D, one scipy Lyapunov solve, S_Q."""
    sq = np.empty(len(params))
    for k in range(len(params)):
        drift, diffusion = compiled.drift(params[k], states[k]), compiled.diffusion(params[k])
        sq[k] = s_q(scipy.linalg.solve_continuous_lyapunov(drift, -diffusion))
    return sq


def careful_baseline(compiled, params, states):
    """A and D evaluated for the batch, then one scipy Lyapunov solve per point."""
    drift, diffusion = compiled.drift(params, states), compiled.diffusion(params)
    return np.array([s_q(scipy.linalg.solve_continuous_lyapunov(drift[k], -diffusion[k])) for k in range(len(params))])






def main(n: int = 10_000) -> None:
    model = hs.load_model("nonreciprocal_sync")
    compiled = hs.compile(model)
    rng = np.random.default_rng(0)
    drawn = 2 * n
    values = model.values(
        Delta_a=rng.uniform(0.6, 1.4, drawn), Delta_m=rng.uniform(0.6, 1.4, drawn), K=rng.uniform(-1e-4, 1e-4, drawn),
        nbar_1=rng.uniform(0, 5, drawn), nbar_2=rng.uniform(0, 5, drawn),
    )
    params = compiled.parameters(values)
    points, t_fixed = timed(hs.fixed_points, compiled, params)
    stable = np.flatnonzero(points.stable[:, 0])[:n]
    params, states = params[stable], points.states[stable, 0]
    print(f"{drawn} points drawn, all their fixed points in {t_fixed:.2f} s ({drawn / t_fixed:,.0f} points/s); "
          f"the first {len(params)} with a stable lowest fixed point are timed")
    ours(compiled, params[:10], states[:10])  # compile (or load) the kernel
    (sq, V), t_ours = timed(ours, compiled, params, states, repeat=3)
    residual = lyapunov_residual(compiled.drift(params, states), V, compiled.diffusion(params))
    careful, t_careful = timed(careful_baseline, compiled, params, states, repeat=3)
    reference, t_base = timed(baseline, compiled, params, states, repeat=3)
    agreement = max(np.max(np.abs(sq - r) / np.abs(r)) for r in (reference, careful))
    m = len(params)
    print(f"each time is the best of 3 runs {context()}")
    print(f"ours (A, D batched; compiled sparse Lyapunov solve): {t_ours:.4f} s, {m / t_ours:,.0f} points/s; "
          f"largest Lyapunov residual {residual.max():.2e}")
    print(f"careful baseline (A, D batched, then a loop over solve_continuous_lyapunov): {t_careful:.3f} s, "
          f"{m / t_careful:,.0f} points/s, ratio {t_careful / t_ours:.1f}")
    print(f"baseline (a loop: A, D, solve_continuous_lyapunov, S_Q per point): {t_base:.3f} s, {m / t_base:,.0f} points/s")
    print(f"largest relative S_Q difference: {agreement:.2e} ({'ok' if agreement < 1e-8 else 'FAILED: > 1e-8'})")
    print(f"ratio = {t_base / t_ours:.1f} (careful: {t_careful / t_ours:.1f}) {context()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
