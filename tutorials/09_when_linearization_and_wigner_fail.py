# %% [markdown]
# # 9. When the linearization and the Wigner route fail: a driven Kerr cavity
#
# A cavity $a$ with a Kerr term, driven in the frame of its drive (docs/master.md):
#
# $$H = \Delta a^\dagger a + K (a^\dagger a)^2 + i\xi(a^\dagger - a), \qquad
# \dot a \ni -\kappa a + \sqrt{2\kappa}\,a_{\rm in}$$
#
# (κ the amplitude rate, linewidth 2κ; units of κ here). Three routes give its steady
# state from the same declaration:
#
# * the **linearization**: every stable fixed point of the mean field and its Lyapunov
#   covariance $AV + VA^T + D = 0$;
# * **truncated Wigner**: trajectories of the full nonlinear equations from the vacuum,
#   averaged over the end of the run (± jackknife errors);
# * the **master equation** in a truncated Fock space (QuTiP), with its cutoff check.
#
# We sweep the drive ξ in three regimes: **few quanta** (K = 2κ, Δ = −K: one photon is
# resonant, two are not: photon blockade, g²(0) < 1, where only the master equation is
# right), **bistability** (K = 0.05κ, Δ = −3κ: for 5.3κ ≲ ξ ≲ 7κ the mean field has two
# stable branches; the master equation's steady state mixes them, and truncated Wigner from
# the vacuum stays on the lower one over a short run), and **many quanta** (K = 0.002κ,
# Δ = 0: all three routes agree). g²(0) = ⟨a†²a²⟩/⟨a†a⟩² of the Gaussian routes is Wick's
# theorem on their moments; the master equation's is exact.
#
# Run: `python tutorials/09_when_linearization_and_wigner_fail.py [OUTDIR]`
# (default `out/09_when_linearization_and_wigner_fail`). It writes `routes.png`,
# `wigner_blockade.png`, the data `routes.npz` and `parameters.json`. It needs QuTiP:
# `pip install ".[quantum]"`.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import hybridsys as hs

default = "out/09_when_linearization_and_wigner_fail"
out = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else default)
out.mkdir(parents=True, exist_ok=True)

network = hs.Network([hs.Cavity("a", detuning="Delta", damping="kappa"), hs.Kerr("a", K="K"),
                      hs.Drive("a", amplitude="xi")])
compiled = hs.compile(network)
REGIMES = {  # name: (K, Delta, drives, cutoff)
    "few quanta": (2.0, -2.0, np.linspace(0.1, 1.5, 8), 12),
    "bistability": (0.05, -3.0, np.linspace(3.0, 8.5, 8), 80),
    "many quanta": (0.002, 0.0, np.linspace(0.5, 3.0, 6), 40),
}
TRAJECTORIES, PERIODS, WINDOW = 600, 3.0, 1.5


# %% [markdown]
# Occupation and g²(0) from a Gaussian state's moments (mean quadratures and V, vacuum ½):
# with α = ⟨a⟩, N = ⟨δa†δa⟩, M = ⟨δa δa⟩, Wick's theorem gives
# ⟨a†²a²⟩ = |α|⁴ + 4|α|²N + 2 Re(α*² M) + 2N² + |M|².

# %%
def gaussian_n_g2(mean, V):
    alpha = (mean[..., 0] + 1j * mean[..., 1]) / np.sqrt(2)
    N = (V[..., 0, 0] + V[..., 1, 1] - 1) / 2
    M = (V[..., 0, 0] - V[..., 1, 1] + 2j * V[..., 0, 1]) / 2
    n = np.abs(alpha) ** 2 + N
    a2 = np.abs(alpha) ** 2
    quartic = a2**2 + 4 * a2 * N + 2 * np.real(np.conj(alpha) ** 2 * M) + 2 * N**2 + np.abs(M) ** 2
    return n, quartic / n**2


# %% [markdown]
# Each regime: the linearization at every drive at once (fixed points by batch), truncated
# Wigner at every drive at once (one batched run), and the master equation one drive at a
# time (one QuTiP solve each, plus one per grown cutoff for the check).

# %%
results = {}
for name, (K, Delta, drives, cutoff) in REGIMES.items():
    values = {"Delta": Delta, "kappa": 1.0, "K": K, "xi": drives}
    params = compiled.parameters(values)
    steady = hs.steady_states(compiled, params)
    lin_n, lin_g2 = gaussian_n_g2(steady.states, steady.covariance)
    lin_n, lin_g2 = np.where(steady.stable, lin_n, np.nan), np.where(steady.stable, lin_g2, np.nan)
    run = hs.simulate(compiled, params, periods=PERIODS, method="wigner",
                      trajectories=TRAJECTORIES, seed=9, classify_periods=WINDOW,
                      initial=hs.InitialState(fluctuations="vacuum"))
    last = run.times >= run.times[-1] - WINDOW * 2 * np.pi * (1 - 1e-9)
    wigner = run.estimate(lambda m, V: np.stack(
        [np.mean(x, axis=-1) for x in gaussian_n_g2(m[..., last, :], V[..., last, :, :])], axis=-1))
    master = [hs.master_steady_state(network, {**values, "xi": float(xi)}, {"a": cutoff})
              for xi in drives]
    results[name] = {
        "xi": drives, "linearized_n": lin_n, "linearized_g2": lin_g2,
        "wigner_n": wigner.value[:, 0], "wigner_n_error": wigner.error[:, 0],
        "wigner_g2": wigner.value[:, 1], "wigner_g2_error": wigner.error[:, 1],
        "master_n": np.array([s.occupations["a"] for s in master]),
        "master_g2": np.array([s.g2["a"] for s in master]),
        "master_converged": np.array([s.converged for s in master]),
        "master_top": np.array([s.check.top["a"] for s in master]),
    }
    print(f"{name}: master converged at {int(np.sum(results[name]['master_converged']))} of "
          f"{drives.size} drives (cutoff {cutoff}); Wigner diverged: {int(run.diverged.sum())}")

# %% [markdown]
# The figure: ⟨a†a⟩ (top) and g²(0) (bottom) against the drive, per regime. Several
# linearized points at one drive are the stable branches of the bistable mean field.

# %%
fig, axes = plt.subplots(2, 3, figsize=(13, 7), sharex="col")
for col, (name, r) in enumerate(results.items()):
    for row, key in enumerate(("n", "g2")):
        ax = axes[row, col]
        for branch in range(r[f"linearized_{key}"].shape[-1]):
            ax.plot(r["xi"], r[f"linearized_{key}"][:, branch], "s", color="C0", mfc="none",
                    label="linearized" if branch == 0 else None)
        ax.errorbar(r["xi"], r[f"wigner_{key}"], yerr=r[f"wigner_{key}_error"], fmt="o", color="C1",
                    ms=4, label="truncated Wigner")
        ax.plot(r["xi"], r[f"master_{key}"], "-", color="C2", label="master equation")
        ax.set_ylabel("⟨a†a⟩" if key == "n" else "g²(0)")
        if key == "g2":  # Wigner's g²(0) at a tiny ⟨a†a⟩ is a ratio of noisy small numbers
            ax.set_ylim(0, max(2.0, 1.3 * np.nanmax(r["master_g2"])))
        if row == 1:
            ax.set_xlabel("drive ξ (units of κ)")
    axes[0, col].set_title(f"{name}: K = {REGIMES[name][0]:g}κ, Δ = {REGIMES[name][1]:g}κ")
axes[0, 0].legend()
fig.tight_layout()
fig.savefig(out / "routes.png", dpi=120)

# %% [markdown]
# In the blockade regime the state is far from Gaussian at the strongest drive: its
# Wigner function, and the negative volume ∫(|W| − W)/2 dX dY.

# %%
K, Delta, drives, cutoff = REGIMES["few quanta"]
strongest = {"Delta": Delta, "kappa": 1.0, "K": K, "xi": float(drives[-1])}
blockade = hs.master_steady_state(network, strongest, {"a": cutoff})
ax = blockade.plot_wigner("a")
ax.set_title(f"few quanta, ξ = {drives[-1]:g}κ: g²(0) = {blockade.g2['a']:.3f}, "
             f"negative volume {blockade.wigner_negativity('a'):.2g}")
ax.figure.savefig(out / "wigner_blockade.png", dpi=120)
print(f"blockade at ξ = {drives[-1]:g}: {blockade.check.describe()}")

# %%
np.savez(out / "routes.npz", **{f"{name.replace(' ', '_')}__{k}": v for name, r in results.items()
                                for k, v in r.items()})
(out / "parameters.json").write_text(json.dumps({
    "hamiltonian": "Delta a†a + K (a†a)^2 + i xi (a† - a); kappa amplitude rate = 1",
    "regimes": {name: {"K": K, "Delta": D, "xi": list(map(float, xi)), "cutoff": N}
                for name, (K, D, xi, N) in REGIMES.items()},
    "wigner": {"trajectories": TRAJECTORIES, "periods": PERIODS, "window": WINDOW, "seed": 9,
               "initial": "vacuum"},
}, indent=2))
