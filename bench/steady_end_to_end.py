"""Steady-state sweep end to end over the spec's (Δa, Δm) plane, against a per-point
Python loop, and the Lyapunov part alone against the careful baseline.

    python bench/steady_end_to_end.py [SIDE]     (default 100: a 100 × 100 grid, 10⁴ points)

Grid: Δa, Δm in [-1.5, 1.5] (the plane of the spec's Fig. S2), the model's other values.

* ours: ``hs.sweep(..., regime="steady", measure=("S_Q", "E_N"))``: every fixed point,
  its stability, the covariance and S_Q, E_N at the lowest-occupation stable one.
* the baseline, as a user writes it, per point: ``scipy.optimize.root`` (hybr, tol
  1e-12 so that its root is as accurate as ours) from the empty state with the compiled
  Jacobian, the eigenvalues of A for stability, at a
  stable point ``solve_continuous_lyapunov`` and S_Q, E_N.

Results are compared where the baseline's root is our lowest stable fixed point (the
baseline finds one fixed point, not all). Then the Lyapunov part alone: ours
(A, D batched, :func:`steady_covariance`) against A, D batched and a loop over the
scipy solves (the careful baseline), at the same stable points. Our sweep, the steps
of the breakdown and both sides of the Lyapunov part are timed three times and the
best kept (on a shared 2-core machine a parallel call now and then waits a whole time
slice); the per-point baseline loop, 30 s long, once. Load average and thread count
are printed beside each figure; the end-to-end ratio is printed last.
"""

from __future__ import annotations

import sys

import numpy as np
import scipy.linalg
import scipy.optimize

import hybridsys as hs
from hybridsys.measures import log_negativity, quantum_synchronization
from hybridsys.numerics.covariance import steady_covariance
from timing import context, timed




def baseline(compiled, params, i, j):
    """Per point: root from the empty state, eigenvalue stability, Lyapunov, S_Q, E_N."""
    n = len(params)
    out = np.full((n, 2), np.nan)
    states = np.full((n, compiled.size), np.nan)
    zero = np.zeros(compiled.size)
    for k in range(n):
        p = params[k]
        solution = scipy.optimize.root(lambda x: compiled.mean_field(p, x), zero, jac=lambda x: compiled.drift(p, x), tol=1e-12)
        if not np.max(np.abs(compiled.mean_field(p, solution.x))) < 1e-9 * (1 + np.max(np.abs(solution.x))):
            continue  # no root found (hybr may stop at tol 1e-12 without 'success' once at rounding: the residual decides)
        drift = compiled.drift(p, solution.x)
        if np.linalg.eigvals(drift).real.max() >= 0:
            continue
        V = scipy.linalg.solve_continuous_lyapunov(drift, -compiled.diffusion(p))
        states[k] = solution.x
        out[k] = quantum_synchronization(V, i, j), log_negativity(V, i, j)
    return out, states


def breakdown(compiled, params, i, j) -> str:
    """Seconds in each step of a steady sweep, in words."""
    found, t_fixed = timed(hs.fixed_points, compiled, params, spectrum=False, repeat=3)
    stable = found.stable.any(axis=-1)
    state = found.states[np.flatnonzero(stable), np.argmax(found.stable[stable], axis=-1)]
    (drift, diffusion), t_matrices = timed(lambda: (compiled.drift(params[stable], state), compiled.diffusion(params[stable])), repeat=3)
    V, t_covariance = timed(steady_covariance, drift, diffusion, repeat=3)
    _, t_measures = timed(lambda: (quantum_synchronization(V, i, j), log_negativity(V, i, j)), repeat=3)
    return (f"all fixed points with their stability {t_fixed:.3f} s, A and D at the stable ones {t_matrices * 1e3:.1f} ms, "
            f"covariance {t_covariance * 1e3:.1f} ms, S_Q and E_N {t_measures * 1e3:.1f} ms")




def main(side: int = 100) -> None:
    model = hs.load_model("nonreciprocal_sync")
    compiled = hs.compile(model)
    axis = np.linspace(-1.5, 1.5, side)
    over = {"Delta_a": axis, "Delta_m": axis}
    i, j = (compiled.modes.index(m) for m in model.synchronize)
    coarse = axis[:: max(1, side // 10)]  # load the compiled kernels first (a grid with stable points, so all of them)
    hs.sweep(model, over={"Delta_a": coarse, "Delta_m": coarse}, regime="steady", measure=("S_Q", "E_N"), progress=False)
    result, t_ours = timed(hs.sweep, model, over=over, regime="steady", measure=("S_Q", "E_N"), progress=False, repeat=3)
    n = result.status.size
    print(f"{n} points; ours (hs.sweep, regime steady, S_Q and E_N): {t_ours:.3f} s, {t_ours / n * 1e6:.1f} µs a point "
          f"{context()}; statuses {result.summary()}")

    grid = np.meshgrid(axis, axis, indexing="ij")
    params = compiled.parameters(model.values(Delta_a=grid[0].ravel(), Delta_m=grid[1].ravel()))
    print("where ours spends it (the same steps called directly): " + breakdown(compiled, params, i, j))
    (reference, base_states), t_base = timed(baseline, compiled, params, i, j)
    print(f"baseline (per point: root, eigenvalues, solve_continuous_lyapunov, S_Q, E_N): {t_base:.2f} s, "
          f"{t_base / n * 1e6:.0f} µs a point {context()}")

    # compare where the baseline landed on our lowest stable fixed point
    points = hs.fixed_points(compiled, params)
    pick = np.argmax(points.stable, axis=-1)
    ours_state = points.states[np.arange(n), pick]
    same = np.all(np.abs(ours_state - base_states) <= 1e-6 * (1 + np.abs(ours_state)), axis=-1) & points.stable.any(axis=-1)
    ours_values = np.stack([result["S_Q"].ravel(), result["E_N"].ravel()], axis=-1)[same]
    scale = np.maximum(np.abs(reference[same]), 1e-300)
    difference = np.where(reference[same] == 0, np.abs(ours_values), np.abs(ours_values - reference[same]) / scale)
    worst = float(np.max(difference)) if difference.size else np.nan
    print(f"compared at {np.count_nonzero(same)} points where the baseline's root is our lowest stable fixed point: "
          f"largest relative difference of S_Q, E_N {worst:.1e} ({'ok' if worst < 1e-8 else 'FAILED: > 1e-8'})")

    # the Lyapunov part alone, at the stable points
    stable = np.flatnonzero(points.stable.any(axis=-1))
    p, x = params[stable], ours_state[stable]
    drift, diffusion = compiled.drift(p, x), compiled.diffusion(p)
    steady_covariance(drift[:4], diffusion[:4])
    V, t_lyap = timed(steady_covariance, drift, diffusion, repeat=3)
    careful, t_careful = timed(lambda: np.array([scipy.linalg.solve_continuous_lyapunov(drift[k], -diffusion[k]) for k in range(len(p))]),
                               repeat=3)
    lyap_diff = np.max(np.abs(V - careful)) / np.max(np.abs(careful))
    print(f"Lyapunov part at {len(p)} stable points: ours {t_lyap * 1e3:.1f} ms ({t_lyap / len(p) * 1e6:.2f} µs a point), "
          f"careful baseline (A, D batched, scipy per point) {t_careful * 1e3:.0f} ms; difference {lyap_diff:.1e}; "
          f"ratio {t_careful / t_lyap:.1f} {context()}")
    print(f"ratio = {t_base / t_ours:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
