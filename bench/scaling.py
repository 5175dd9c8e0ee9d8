"""Cost with the size of the network: a chain of N phonons cooled by one driven cavity
(2N + 2 quadratures; models/resonator_chain.toml is N = 5), each step against what a
careful user would write with scipy, per point.

    python bench/scaling.py [N ...] [--quick] [--points P] [--no-trajectories]
        (default N = 2 4 8 16 24 48, P = 200; --quick: N = 2 4 8)

For each N, from a cold cache (a fresh HYBRIDSYS_CACHE, so numba compiles too):
derive (the symbolic derivation), generate (code generation of every compiled
function), compile (loading the functions and the first call of the trajectory
kernel, numba), then per point, at P points with Δa ∈ [0.9, 1.1]:

* steady covariance: ours (A, D batched, :func:`steady_covariance`) against a loop over
  ``scipy.linalg.solve_continuous_lyapunov`` on the same A, D; largest relative difference;
* fixed points: ours (:func:`hs.fixed_points`, all of them with stability) against
  ``scipy.optimize.root`` from the empty state with the compiled Jacobian, per point;
* a 50-period trajectory: ours (numba kernel, batch) against ``solve_ivp`` (RK45, same
  rtol, atol) per point on the same right-hand side, timed on a few points and scaled.

Per-point figures of fixed points and steady covariance are the best of 3 runs on each
side (a 2-core machine shared with other work stalls a parallel call for a whole time
slice now and then). Every figure is printed with the load average and the thread count
beside it.
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ["HYBRIDSYS_CACHE"] = tempfile.mkdtemp(prefix="hybridsys-scaling-")  # cold: nothing cached

import numpy as np  # noqa: E402
import scipy.linalg  # noqa: E402
import scipy.optimize  # noqa: E402

import hybridsys as hs  # noqa: E402
from hybridsys.compiled.compiler import CompiledModel, cache_key, generate_sources  # noqa: E402
from hybridsys.numerics import elimination  # noqa: E402
from hybridsys.numerics.covariance import ELIMINATION_LIMIT, SPARSE_LIMIT, steady_covariance  # noqa: E402
from timing import context, timed  # noqa: E402




def chain(n: int) -> hs.Network:
    return hs.Network(
        [hs.Cavity("a", detuning="Delta_a", damping="kappa_a")]
        + [hs.Phonon(f"b{j}", frequency="omega_m", damping="gamma_m", occupation="nbar_m") for j in range(1, n + 1)]
        + [hs.RadiationPressure("a", "b1", g="g_a"), hs.Drive("a", amplitude="xi_a")]
        + [hs.Contact(f"b{j}", f"b{j + 1}", chi="J") for j in range(1, n)]
    )




def main(sizes, points: int, trajectories: bool = True) -> None:
    values = hs.load_model("resonator_chain").values()
    rng = np.random.default_rng(0)
    for n in sizes:
        network = chain(n)
        derivation, t_derive = timed(lambda: (lambda d: [getattr(d, s) for s in ("hamiltonian", "langevin", "mean_field", "fluctuations", "drift", "diffusion")] and d)(hs.Derivation(network)))
        meta, t_generate = timed(generate_sources, derivation)
        compiled, t_load = timed(CompiledModel, cache_key(derivation), meta)
        params = compiled.parameters({**{k: values[k] for k in compiled.parameter_names}, "Delta_a": rng.uniform(0.9, 1.1, points)})
        _, t_kernel = timed(hs.simulate, compiled, params[:1], periods=1)
        build = t_derive + t_generate + t_load + t_kernel
        print(f"N = {n} ({2 * n + 2} quadratures): cold build {build:.1f} s = derive {t_derive:.2f} + generate {t_generate:.2f} "
              f"+ load {t_load:.2f} + trajectory kernel compile {t_kernel:.1f} s {context()}")

        hs.fixed_points(compiled, params[:2])  # the first call compiles
        found, t_fixed = timed(hs.fixed_points, compiled, params, repeat=3)
        zero = np.zeros(compiled.size)
        sample = params[: max(4, points // 10)]
        _, t_root = timed(lambda: [scipy.optimize.root(lambda x: compiled.mean_field(p, x), zero, jac=lambda x: compiled.drift(p, x)).x
                                   for p in sample], repeat=3)
        t_root /= len(sample)
        print(f"  fixed points: ours {t_fixed / points * 1e6:.0f} µs a point (all of them, method {found.method!r}, "
              f"{found.count.max()} at most) ; scipy root {t_root * 1e6:.0f} µs a point; "
              f"ratio {t_root / (t_fixed / points):.1f} {context()}")

        state = found.states[:, 0]
        drift, diffusion = compiled.drift(params, state), compiled.diffusion(params)
        steady_covariance(drift[:2], diffusion[:2])
        V, t_ours = timed(steady_covariance, drift, diffusion, repeat=3)
        reference, t_scipy = timed(lambda: np.array([scipy.linalg.solve_continuous_lyapunov(drift[k], -diffusion[k]) for k in range(points)]),
                                   repeat=3)
        difference = np.max(np.abs(V - reference)) / np.max(np.abs(reference))
        plan = elimination.pattern_plan(drift) if 2 * n + 2 <= SPARSE_LIMIT else None
        engine = f"elimination, {plan.updates:,} multiply-adds a point" if plan and plan.updates <= ELIMINATION_LIMIT else "Schur"
        print(f"  steady covariance ({engine}): ours {t_ours / points * 1e6:.1f} µs a point, scipy {t_scipy / points * 1e6:.1f} µs "
              f"a point, difference {difference:.1e}; ratio {t_scipy / t_ours:.1f} {context()}")

        if not trajectories:
            continue
        few = max(1, min(points, 16))
        batch, t_traj = timed(hs.simulate, compiled, params[:few], periods=50)
        t_traj /= few
        scipy_points = 1 if n > 8 else 2
        reference, t_ivp = timed(hs.simulate, compiled, params[:scipy_points], periods=50, engine="scipy")
        t_ivp /= scipy_points
        last = np.max(np.abs(batch.covariance[:scipy_points, -1] - reference.covariance[:, -1])) / np.max(np.abs(reference.covariance[:, -1]))
        print(f"  50-period trajectory: ours {t_traj * 1e3:.1f} ms a point ({few} points), solve_ivp {t_ivp * 1e3:.0f} ms a point "
              f"({scipy_points} timed); final V relative difference {last:.1e}; ratio {t_ivp / t_traj:.1f} {context()}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    quick = "--quick" in arguments
    count = 200
    if "--points" in arguments:
        count = int(arguments[arguments.index("--points") + 1])
        arguments = [a for k, a in enumerate(arguments) if a != "--points" and (k == 0 or arguments[k - 1] != "--points")]
    sizes = [int(a) for a in arguments if not a.startswith("--")] or ([2, 4, 8] if quick else [2, 4, 8, 16, 24, 48])
    main(sizes, count, trajectories="--no-trajectories" not in arguments)
