"""E_N over one period of a modulated optomechanical system (Mari & Eisert 2009, drive
E₀ + 2E₁ cos 2ω_m t) at many parameter points, to 1e-6, three ways:

* the Floquet route, ``hs.periodic_states`` (Newton on the period map, the monodromy and
  the noise of one period, a discrete Lyapunov equation; rtol 1e-10; its period map is
  integrated by DOP853, the route's own method);
* our own trajectory kernel integrating from empty modes to periodicity
  (``hs.simulate``, rtol 1e-10, 40 τ = 80 modulation periods, the last one kept; RK45,
  the trajectories' own method);
* a careful scipy user: ``solve_ivp`` (DOP853, rtol 1e-10) of the mean field and the
  Lyapunov equation (the compiled model's numpy functions as the right-hand side), period
  by period until one period changes the state by less than 1e-9, then one period sampled.

    python bench/periodic.py [N] [SAMPLE]     (default 400 points, the scipy user on 4)

Points: the paper's values with the sideband amplitude E₁ in [0, 1.5] × the paper's and
the bare detuning Δ₀ in [0.9, 1.1] ω_m. The scipy user is too slow for every point: it
runs on SAMPLE random points and its time is scaled per point (said in the output).
Agreement: the largest |ΔE_N| over the 64 phases of the period. Times: the shortest of
10 runs for the Floquet route, of 3 for the trajectory kernel. ``NUMBA_NUM_THREADS=1``
gives each route one thread (the cost a core).
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

import hybridsys as hs
from hybridsys.measures import log_negativity

PHASES = 64
#: The Floquet call takes ~15 ms, within the scheduling noise of a shared 2-core machine;
#: the shortest of 10 runs is its cost (the 0.6 s kernel runs average that noise out in 3).
FLOQUET_REPEATS = 10
ACCURACY = hs.Accuracy(rtol=1e-10, atol=1e-12)


def scipy_user(compiled, params: np.ndarray, period: float) -> np.ndarray:
    """E_N at PHASES phases of the periodic state of one point, by a careful scipy user."""
    n = compiled.size
    D = compiled.diffusion(params)
    occupations = compiled.occupations(params)

    def flow(t, y):
        x, V = y[:n], y[n:].reshape(n, n)
        A = compiled.drift(params, x, t)
        return np.concatenate([compiled.mean_field(params, x, t), (A @ V + V @ A.T + D).ravel()])

    y = np.concatenate([np.zeros(n), np.diag(np.repeat(occupations + 0.5, 2)).ravel()])
    for _ in range(1000):
        end = solve_ivp(flow, (0, period), y, method="DOP853", rtol=1e-10, atol=1e-12).y[:, -1]
        change, y = np.abs(end - y).max() / np.abs(end).max(), end
        if change < 1e-9:
            break
    times = np.arange(PHASES) / PHASES * period
    run = solve_ivp(flow, (0, period), y, method="DOP853", rtol=1e-10, atol=1e-12, t_eval=times)
    return log_negativity(run.y[n:].T.reshape(-1, n, n), 0, 1)


def best_of(repeats: int, compute):
    """(the shortest wall time of ``repeats`` runs, the last result)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = compute()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(points: int = 400, sample: int = 4) -> None:
    model = hs.load_model("mari2009")
    compiled = hs.compile(model)
    rng = np.random.default_rng(0)
    values = model.values()
    values["E1"] = values["E1"] * rng.uniform(0.0, 1.5, points)
    values["Delta_a"] = rng.uniform(0.9, 1.1, points)
    params = compiled.parameters(values)
    load_at_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    hs.periodic_states(compiled, params[:2], samples=PHASES, accuracy=ACCURACY)  # compile (or load) the kernels first
    hs.simulate(compiled, params[:1], periods=1, accuracy=ACCURACY)

    t_floquet, floquet = best_of(FLOQUET_REPEATS, lambda: hs.periodic_states(compiled, params, samples=PHASES, accuracy=ACCURACY))
    E_N = log_negativity(floquet.covariance, 0, 1)
    t_trajectory, run = best_of(3, lambda: hs.simulate(compiled, params, periods=40, samples_per_period=2 * PHASES,
                                                       record_periods=1, accuracy=ACCURACY,
                                                       initial=hs.InitialState(fluctuations="thermal")))
    trajectory = log_negativity(run.covariance, 0, 1)
    last, before = trajectory[:, PHASES:2 * PHASES], trajectory[:, :PHASES]  # the last two modulation periods

    picked = rng.choice(points, size=min(sample, points), replace=False)
    start = time.perf_counter()
    user = np.array([scipy_user(compiled, params[b], float(floquet.period[b])) for b in picked])
    t_user = (time.perf_counter() - start) / len(picked) * points

    ok = floquet.ok
    print(f"{points} points of mari2009 (E1 in [0, 1.5] x the paper's, Delta_0 in [0.9, 1.1]), E_N at {PHASES} phases "
          f"of one period; rtol 1e-10 everywhere; {np.count_nonzero(~ok)} points without a stable periodic state")
    print(f"Floquet route (best of {FLOQUET_REPEATS}, {floquet.accuracy.method}): {t_floquet:.3f} s ({t_floquet / points * 1e3:.3f} ms a point), "
          f"{floquet.iterations.mean():.1f} period integrations a point on average")
    print(f"trajectory kernel to periodicity (40 τ = 80 periods, best of 3, {run.integration.accuracy.method}): "
          f"{t_trajectory:.2f} s ({t_trajectory / points * 1e3:.1f} ms a point); "
          f"last two periods differ by {np.nanmax(np.abs(last - before)[ok]):.1e}")
    print(f"careful scipy user (DOP853 period by period to 1e-9): {t_user / points:.2f} s a point, timed on {len(picked)} "
          f"random points and scaled to {points}: {t_user:.0f} s")
    worst_trajectory = np.nanmax(np.abs(last - E_N)[ok])
    worst_user = np.nanmax(np.abs(user - E_N[picked])[ok[picked]])
    print(f"largest |ΔE_N|: Floquet vs trajectory {worst_trajectory:.1e}, Floquet vs scipy user {worst_user:.1e} "
          f"({'ok' if max(worst_trajectory, worst_user) < 1e-6 else 'FAILED: > 1e-6'})")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"ratio = {t_trajectory / t_floquet:.0f} (trajectory kernel / Floquet), {t_user / t_floquet:.0f} (scipy user / Floquet); "
          f"load average {load_at_start} at the start, {load} at the end")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
