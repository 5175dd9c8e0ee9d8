# %% [markdown]
# # 5. Steering versus synchronization: is the one-way quantum correlation where S_Q is?
#
# The spec's §III.A.5 and Table III contrast *nonreciprocal quantum synchronization*
# (a dynamical locking of the phonons, S_Q (S27)) with *nonreciprocal quantum steering*
# (a one-way quantum correlation: measurements on Alice's mode can steer Bob's, not the
# reverse), but give no number for steering. Here we compute it in the same system.
#
# Gaussian EPR steering of mode $b$ by Gaussian measurements on mode $a$ (Kogias, Lee,
# Ragy & Adesso, PRL 114, 060403 (2015)), in hybridsys's convention (vacuum variance ½):
#
# $$\mathcal G^{a\to b} = \max\left(0, \tfrac12 \ln \frac{\det V_a}{4 \det V_{ab}}\right)$$
#
# with $V_a$ the $2\times2$ block of $a$ and $V_{ab}$ the $4\times4$ block of the pair. It is
# zero for every separable state, at most $E_N$-like in size, and **not symmetric**:
# $\mathcal G^{a\to b} > 0 = \mathcal G^{b\to a}$ is one-way steering.
# `hybridsys.measures.steering(V, a, b)` computes it (for groups of modes too), and
# `Trajectory.measures(first, second, ["steering"])` along time.
#
# We ask, for the phonon pair $b_1$–$b_2$, the magnon–phonon pair $m$–$b_1$ and the
# photon–phonon pair $a$–$b_2$: is the steering one-way, and does it change with the
# bias field's direction (CD/OD, the Kerr shift) or the laser's side (LD/RD, the Sagnac
# shift) where S_Q does?
#
# Run: `python tutorials/05_steering_vs_synchronization.py [OUTDIR]` (default
# `out/05_steering_vs_synchronization`). It writes `steering_t.png`, `table_III.md`, the
# data `steering.npz` (with the covariance blocks behind every number) and
# `parameters.json`.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import hybridsys as hs
from hybridsys.measures import asymptotic, block, pair_measures, window

# OUTDIR from the command line; in a notebook (argv holds the kernel's flags) the default
default = "out/05_steering_vs_synchronization"
out = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else default)
out.mkdir(parents=True, exist_ok=True)
PERIODS, WINDOW = 200, 20                     # 200 τ from empty modes; the last 20 τ summarized
PAIRS = [("b1", "b2"), ("m", "b1"), ("a", "b2")]
NAMES = ["-".join(p) for p in PAIRS]
model = hs.load_model("nonreciprocal_sync")
compiled = {side: hs.compile(model, scenarios=[side]) for side in ("LD", "RD")}
modes = compiled["LD"].modes
SITUATIONS = {"CD": ("LD", ("still", "CD")), "kerr_off": ("LD", ("still", "kerr_off")),
              "OD": ("LD", ("still", "OD")), "LD spinning": ("LD", ("kerr_off", "spinning")),
              "RD spinning": ("RD", ("kerr_off", "spinning"))}


def values(side, scenarios, **overrides):
    """Table I (simulation column) with the laser's side and the scenarios."""
    return model.values(None, side, *scenarios, **overrides)


def measured(mean, covariance):
    """S_Q, E_N and steering both ways for every pair: {pair name: {measure: array}}."""
    with np.errstate(invalid="ignore"):
        return {name: pair_measures(["S_Q", "E_N", "steering"], mean, covariance,
                                    modes.index(p[0]), modes.index(p[1]))
                for name, p in zip(NAMES, PAIRS)}

# %% [markdown]
# ## 1. Along trajectories at Table I
#
# The five situations of tutorials 2 and 3, on their limit cycles. For each pair: the
# largest value over the last 20 τ of S_Q, E_N, and the steering in both directions
# (`a_to_b`: the second mode of the pair steered by measurements on the first).

# %%
trajectories, series = {}, {}
for label, (side, scenarios) in SITUATIONS.items():
    c = compiled[side]
    run = hs.simulate(c, c.parameters(values(side, scenarios)), periods=PERIODS)
    run.raise_failures()
    trajectories[label], series[label] = run, measured(run.mean, run.covariance)
times = trajectories["CD"].times
last = window(times, WINDOW)
summary = {label: {name: {k: float(asymptotic(times, v, WINDOW)["max"]) for k, v in pair.items()}
                   for name, pair in s.items()}
           for label, s in series.items()}
print(f"{'':12s}" + "".join(f"{n + ': S_Q  E_N  G→  G←':>34s}" for n in NAMES))
for label, pairs in summary.items():
    cells = "".join(f"{p['S_Q']:9.4f}{p['E_N']:7.4f}{p['steering_a_to_b']:7.4f}"
                    f"{p['steering_b_to_a']:7.4f}" for p in pairs.values())
    print(f"{label:12s}{cells}   ({trajectories[label].regime})")

# %% [markdown]
# The two phonons, though synchronized in CD (S_Q ≈ 0.3), are neither entangled nor
# steerable in either direction: synchronization is no quantum correlation between them.
# The magnon–phonon pair is entangled and, in most situations, **one-way steerable**:
# the phonon $b_1$ steers the magnon ($\mathcal G^{b_1\to m} > 0$), never the reverse.
# The noisier party steers: a thermal phonon's large $\det V_{b_1}$ enters the numerator
# of $\mathcal G^{b_1\to m}$. The photon–phonon pair is entangled on the CD limit cycle
# but not steerable there.
#
# Is the steering nonreciprocal where S_Q is? The bias field's direction switches the
# $m$–$b_1$ steering **on in OD and off in CD**, the opposite of S_Q($b_1$, $b_2$), which is
# large in CD and nearly zero in OD. The laser's side changes both, again in opposite
# ways: S_Q is larger in LD, the steering in RD. The two nonreciprocities have different
# origins and need not coincide.
#
# The largest values in the whole run (transient included) are much larger, and both
# directions reach positive values while the drives ring the modes up from vacuum.

# %%
print(f"{'largest at any time':22s}" + "".join(f"{n + ': G→  G←':>22s}" for n in NAMES))
for label, s in series.items():
    print(f"{label:22s}" + "".join(f"{np.max(p['steering_a_to_b']):11.4f}"
                                   f"{np.max(p['steering_b_to_a']):7.4f}" for p in s.values()))

# %% [markdown]
# ## 2. At stable fixed points
#
# Over the detunings $(\Delta_a, \Delta_m) \in [-1.5, 1.5]^2\,\omega_1$ (31 × 31), the lowest
# stable fixed point of each situation and its steady covariance. We count the points
# where a pair is steerable one way only, both ways, or not at all.

# %%
detunings = np.round(np.linspace(-1.5, 1.5, 31), 12)
maps = {}
for label, (side, scenarios) in SITUATIONS.items():
    c = compiled[side]
    grid = values(side, scenarios, Delta_a=detunings[:, None], Delta_m=detunings[None, :])
    steady = hs.steady_states(c, c.parameters(grid))
    has, pick = steady.stable.any(axis=-1), np.argmax(steady.stable, axis=-1)
    state = np.take_along_axis(steady.states, pick[..., None, None], axis=-2)[..., 0, :]
    covariance = np.take_along_axis(steady.covariance, pick[..., None, None, None], axis=-3)
    covariance = covariance[..., 0, :, :]
    maps[label] = {"stable": has, "covariance": covariance,
                   "measures": {n: {k: np.where(has, v, np.nan) for k, v in p.items()}
                                for n, p in measured(state, covariance).items()}}
for label, m in maps.items():
    counts = []
    for name, p in m["measures"].items():
        forward, backward = p["steering_a_to_b"] > 0, p["steering_b_to_a"] > 0
        counts.append(f"{name}: {np.sum(forward & ~backward)}/{np.sum(backward & ~forward)}/"
                      f"{np.sum(forward & backward)} (max ← {np.nanmax(p['steering_b_to_a']):.4f})")
    print(f"{label:12s} {m['stable'].sum():4d} stable; one-way →/one-way ←/both: "
          + "; ".join(counts))

# %% [markdown]
# At the stable fixed points, too, the phonons are never steerable, and every steerable
# point of the other pairs is one-way, from the phonon to the magnon or photon. The
# direction of the field or laser changes where and how much (compare the largest
# values), not the direction of the steering.
#
# ## 3. The spec's Table III, with numbers
#
# Table III states in words how the two nonreciprocities differ. Here is each row with
# what this system gives at Table I (limit cycles, largest value over the last 20 τ).

# %%
s = summary
kerr, sagnac = ("CD", "OD"), ("LD spinning", "RD spinning")
sq = {k: s[k]["b1-b2"]["S_Q"] for k in SITUATIONS}
g_b1_m = {k: s[k]["m-b1"]["steering_b_to_a"] for k in SITUATIONS}      # m steered by b1
g_m_b1 = max(s[k]["m-b1"]["steering_a_to_b"] for k in SITUATIONS)      # b1 steered by m
phonons_g = max(max(p["b1-b2"]["steering_a_to_b"], p["b1-b2"]["steering_b_to_a"])
                for p in s.values())
phonons_en = max(p["b1-b2"]["E_N"] for p in s.values())
rows = [
    ("Quantity", "S_Q(b1, b2): from the dynamics of V(t)",
     "G^{b1→m}, G^{m→b1}: from the conditional state (Schur complement of V)"),
    ("Nonreciprocity, bias field (Kerr)", "CD {:.4f} vs OD {:.4f}".format(*(sq[k] for k in kerr)),
     "CD {:.4f} vs OD {:.4f}".format(*(g_b1_m[k] for k in kerr))),
    ("Nonreciprocity, laser side (Sagnac)",
     "LD {:.4f} vs RD {:.4f}".format(*(sq[k] for k in sagnac)),
     "LD {:.4f} vs RD {:.4f}".format(*(g_b1_m[k] for k in sagnac))),
    ("Directionality between the parties", "symmetric in b1 ↔ b2 by definition (S27)",
     f"one-way: G^{{m→b1}} = {g_m_b1:.4f} in every situation"),
    ("Between the phonons b1, b2", f"synchronized (CD: {sq['CD']:.4f})",
     f"not steerable (largest G: {phonons_g:.4f}); E_N = {phonons_en:.4f}"),
]
table = "| | nonreciprocal synchronization | nonreciprocal steering |\n|---|---|---|\n"
table += "".join(f"| {a} | {b} | {c} |\n" for a, b, c in rows)
(out / "table_III.md").write_text(table, encoding="utf-8")
print(table)

# %% [markdown]
# Synchronization is nonreciprocal in the *dynamics*: which direction of the field makes
# the phonons lock. Steering is directional *between the parties*: the phonon steers the
# magnon, never the reverse, in every situation; what the field's direction changes is
# whether it survives on the limit cycle, and it survives where synchronization does not.
#
# ## Figure

# %%
tau = times / (2 * np.pi)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), constrained_layout=True)
for label, colour in (("CD", "tab:blue"), ("OD", "tab:red")):
    pair = series[label]["m-b1"]
    axes[0].plot(tau, pair["steering_b_to_a"], color=colour, lw=0.7,
                 label=label + r": $G^{b_1\to m}$")
    axes[0].plot(tau, pair["steering_a_to_b"], color=colour, lw=0.7, ls=":",
                 label=label + r": $G^{m\to b_1}$")
    axes[1].plot(tau, series[label]["b1-b2"]["S_Q"], color=colour, lw=0.7,
                 label=label + r": $S_Q(b_1, b_2)$")
axes[0].set(xlabel=r"$t/\tau$", ylabel="Gaussian steering", xlim=(PERIODS - 10, PERIODS))
axes[1].set(xlabel=r"$t/\tau$", ylabel=r"$S_Q$", xlim=(PERIODS - 10, PERIODS))
for ax in axes:
    ax.legend(frameon=False, fontsize=7)
fig.suptitle("Table I, still sphere, laser from the left: the last 10 τ", fontsize=9)
fig.savefig(out / "steering_t.png", dpi=150)

# %% [markdown]
# ## Files
#
# `steering.npz` holds the $m$–$b_1$ covariance blocks over the last 20 τ of every
# trajectory and the steering computed from them, so the numbers can be checked with the
# formula above.

# %%
index = [modes.index("m"), modes.index("b1")]
data = {"t_over_tau": tau, "labels": np.array(list(SITUATIONS)), "pairs": np.array(NAMES),
        "m_b1_blocks_window": np.stack([block(trajectories[k].covariance[last], index)
                                        for k in SITUATIONS]),
        "m_b1_steering_window": np.stack([[series[k]["m-b1"][d][last]
                                           for d in ("steering_a_to_b", "steering_b_to_a")]
                                          for k in SITUATIONS]),
        "detunings": detunings}
for label, m in maps.items():
    tag = label.replace(" ", "_")
    data[f"map_{tag}_stable"] = m["stable"]
    data[f"map_{tag}_m_b1_blocks"] = block(m["covariance"], index)
    for name, p in m["measures"].items():
        data.update({f"map_{tag}_{name.replace('-', '_')}_{k}": v for k, v in p.items()})
np.savez_compressed(out / "steering.npz", **data)
(out / "parameters.json").write_text(json.dumps({
    "hybridsys": hs.__version__, "model": model.name, "parameter_set": model.default_set,
    "situations": {k: values(side, sc) for k, (side, sc) in SITUATIONS.items()},
    "periods": PERIODS, "window_periods": WINDOW, "summary": summary,
    "regimes": {k: str(t.regime) for k, t in trajectories.items()},
    "initial_state": trajectories["CD"].initial,
    "accuracy": trajectories["CD"].integration.accuracy.to_data(),
}, indent=2, ensure_ascii=False), encoding="utf-8")
print(f"wrote {out}/steering_t.png, table_III.md, steering.npz, parameters.json")
