# %% [markdown]
# # 3. Extend to entanglement: logarithmic negativity in the spec's system
#
# The spec studies synchronization; its introduction suggests the same mechanisms give
# nonreciprocal *entanglement*. Everything needed is already in the covariance $V$ of the
# fluctuations (S16), Gaussian in the linearized theory (S8)–(S11). For two modes $i, j$
# take their $4\times4$ block $V_{ij}$; partial transposition flips the sign of $Y_j$
# ($\tilde V = PV_{ij}P$, $P = {\rm diag}(1,1,1,-1)$), and the smaller symplectic
# eigenvalue $\tilde\nu_-$ of $\tilde V$ (the moduli of the eigenvalues of $i\Omega\tilde V$)
# gives the logarithmic negativity
#
# $$E_N = \max(0, -\ln 2\tilde\nu_-), \qquad
# \tilde\nu_-^2 = \tfrac12\left(\tilde\Sigma - \sqrt{\tilde\Sigma^2 - 4\det V_{ij}}\right),\quad
# \tilde\Sigma = \det A + \det B - 2\det C$$
#
# (vacuum variance ½ as in (S10); $A, B$ the single-mode blocks, $C$ the correlations).
# Where the square root cancels ($\tilde\nu_- \approx \tilde\nu_+$, next to the vacuum),
# `hybridsys.measures.log_negativity` takes $\tilde\nu_-$ instead as an eigenvalue of the
# Hermitian matrix $L^T i\Omega L$, $\tilde V = LL^T$, which keeps every digit.
# $E_N > 0$ iff the two modes are entangled. We compute it in both regimes of ERRATA 7:
#
# * **along trajectories** from all modes empty, with $V(t)$ from (S17), at Table I where
#   the mean fields are on a limit cycle;
# * **at stable fixed points**, with $V$ from $AV + VA^T + D = 0$ (the steady state of
#   (S17)), where they exist.
#
# For three pairs: the two phonons $b_1$–$b_2$, the magnon and its phonon $m$–$b_1$, the
# photon and its phonon $a$–$b_2$. Then we ask whether $E_N$ is nonreciprocal (CD vs OD,
# LD vs RD, the directions of tutorial 2) and how it survives thermal phonons $\bar n_j$
# and heavier resonators.
#
# Run: `python tutorials/03_entanglement.py [OUTDIR]` (default `out/03_entanglement`).
# It writes `EN_t.png`, `EN_maps.png`, `EN_robustness.png`, the data `entanglement.npz`
# (with every covariance block and fixed point behind the numbers, so they can be checked)
# and `parameters.json`.

# %% [markdown]
# Imports, the folder the files go to, how long we integrate and the three pairs.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import hybridsys as hs
from hybridsys.measures import asymptotic, log_negativity, mode_index, two_mode_block, window

# OUTDIR from the command line; in a notebook (argv holds the kernel's flags) the default
outdir_given = len(sys.argv) > 1 and not sys.argv[1].startswith("-")
out = Path(sys.argv[1] if outdir_given else "out/03_entanglement")
out.mkdir(parents=True, exist_ok=True)
PERIODS, WINDOW = 200, 20  # integrate 200 τ; summarize the last 20 τ
DOUBTFUL = 0.5  # a fluctuation/mean occupation ratio above this: the linearization is doubtful
PAIRS = [("b1", "b2"), ("m", "b1"), ("a", "b2")]
pair_names = ["-".join(p) for p in PAIRS]

# %% [markdown]
# ## The spec's system, with the masses made explicit
#
# In the model file each phonon has `mass = 1`, in units of the reference mass $m_0$ at
# which $g_a, g_m$ are quoted; a coupling to a phonon's position scales with its
# zero-point motion, $g \to g/\sqrt{m/m_0}$ (ERRATA 11), which the components apply
# themselves. To vary the mass we replace both phonons by ones whose mass is a parameter
# $\rho = m_j/m_0$ (equal masses, as in the spec's simulations); the contact coupling
# $\chi$ and the phonon frequencies stay fixed. The laser's side is part of the network
# (the `RD` scenario flips the sign of the Sagnac term), so `model.network_for(side)`
# gives one network per side. At $\rho = 1$ each has the model's drift matrix.

# %%
model = hs.load_model("nonreciprocal_sync")


def phonon(j):
    return hs.Phonon(
        f"b{j}", frequency=f"omega_{j}", damping=f"gamma_{j}", occupation=f"nbar_{j}", mass="rho"
    )


def network_with_masses(side):
    return model.network_for(side).replace(phonon(1)).replace(phonon(2))


compiled = {side: hs.compile(network_with_masses(side)) for side in ("LD", "RD")}
c = compiled["LD"]
modes = c.modes


def values(*scenarios, rho=1.0, **overrides):
    """Table I (simulation column), then the model's scenarios and overrides, and ρ."""
    return {**model.values(None, *scenarios, **overrides), "rho": rho}


# %% [markdown]
# A check: at $\rho = 1$, on the spinning sphere, both networks give the ready-made model's
# drift matrix at a random state.

# %%
state = np.random.default_rng(7).normal(scale=30, size=8)
for side in ("LD", "RD"):
    ready = hs.compile(model, scenarios=[side])
    spinning = ("spinning", side)
    ours = compiled[side].drift(compiled[side].parameters(values(*spinning)), state)
    theirs = ready.drift(ready.parameters(model.values(None, *spinning)), state)
    same = np.allclose(ours, theirs, rtol=1e-13, atol=1e-13)
    print(f"{side}: ρ = 1 drift equals the model's: {same}")
    assert same

# %% [markdown]
# The effective couplings at the same state with four times heavier phonons, over those at
# $\rho = 1$: the position couplings are halved ($1/\sqrt\rho$), the contact $\chi$ is not.

# %%
heavy = c.effective_couplings(c.parameters(values(rho=4.0)), state)
reference = c.effective_couplings(c.parameters(values()), state)
ratio = heavy / reference
print("G(ρ = 4)/G(ρ = 1):", dict(zip(c.coupling_labels, np.round(ratio, 12))))

# %% [markdown]
# Three helpers: $E_N$ and the $4\times4$ covariance blocks of every pair, and the lowest
# stable fixed point with its $E_N$ at every point of a batch (checked physical,
# $V + i\Omega/2 \succeq 0$).

# %%
def pair_indices(pair):
    return [mode_index(modes, x) for x in pair]


def entanglement(covariance):
    """E_N of every pair in PAIRS, stacked on a new axis before the batch: (pairs, batch...)."""
    with np.errstate(invalid="ignore"):
        return np.stack([log_negativity(covariance, *pair_indices(pair)) for pair in PAIRS])


def blocks(covariance):
    """The 4×4 covariance blocks of every pair: (pairs, batch..., 4, 4)."""
    return np.stack([two_mode_block(covariance, *pair_indices(pair)) for pair in PAIRS])


def lowest_stable(compiled, params):
    """At every point: is any fixed point stable, the lowest stable one, and E_N of every
    pair there (NaN if none)."""
    steady = hs.steady_states(compiled, params)
    has, pick = np.any(steady.stable, axis=-1), np.argmax(steady.stable, axis=-1)
    state = np.take_along_axis(steady.states, pick[..., None, None], axis=-2)[..., 0, :]
    covariance = np.take_along_axis(steady.covariance, pick[..., None, None, None], axis=-3)
    covariance = covariance[..., 0, :, :]
    physical = np.take_along_axis(steady.physical, pick[..., None], -1)[..., 0]
    assert np.all(physical[has])  # V + iΩ/2 ⪰ 0
    en = np.where(has, entanglement(covariance), np.nan)
    return {"params": params, "stable": has, "state": state, "E_N": en}

# %% [markdown]
# ## 1. Along trajectories at Table I
#
# The five situations of tutorial 2 at Table I's detunings ($\Delta_a = -1.005\,\omega_1$,
# $\Delta_m = -\omega_1$): the bias field from CD, Kerr off, from OD (still sphere), and a
# spinning sphere ($\Omega = 2\pi\times300$ Hz, Kerr off) driven from LD or RD. From all
# modes empty, over 200 τ; we report $E_N$ over the last 20 τ and the largest value at any
# time, together with the linearization check (largest fluctuation-to-mean occupation
# ratio of any mode over the window).

# %%
labels = ["CD", "kerr_off", "OD", "LD spinning", "RD spinning"]
runs = {
    "LD": [("still", "CD"), ("still", "kerr_off"), ("still", "OD"), ("kerr_off", "spinning")],
    "RD": [("kerr_off", "spinning")],
}
trajectories = {}
for side, scenario_list in runs.items():
    batch = {k: np.array([values(*s)[k] for s in scenario_list]) for k in values()}
    params = compiled[side].parameters(batch)
    trajectories[side] = hs.simulate(compiled[side], params, periods=PERIODS)
    trajectories[side].raise_failures()
times = trajectories["LD"].times
last = window(times, WINDOW)
covariance_t = np.concatenate([trajectories[s].covariance for s in runs])  # (runs, T, 8, 8)
en_t = entanglement(covariance_t)  # (pairs, runs, T)
en_t_last = asymptotic(times, en_t, WINDOW)
lin_t = np.concatenate([trajectories[s].linearization_validity() for s in runs]).max(axis=-1)
regime_t = np.concatenate([trajectories[s].regime for s in runs])

# %% [markdown]
# One row per situation: for each pair, the largest $E_N$ over the last 20 τ / at any time;
# then the regime of the mean fields and the linearization check.

# %%
pair_columns = "".join(f"{p + ' last/any':>20s}" for p in pair_names)
print(f"{'':12s}" + pair_columns + f"{'regime':>13s}{'lin.':>8s}")
for r, label in enumerate(labels):
    cells = "".join(
        f"{en_t_last['max'][q, r]:11.4f}/{en_t[q, r].max():.4f}" for q in range(len(PAIRS))
    )
    flag = "  doubtful" if lin_t[r] > DOUBTFUL else ""
    print(f"{label:12s}{cells}{regime_t[r]:>13s}{lin_t[r]:8.3f}" + flag)

# %% [markdown]
# On the limit cycle the phonons are **not** entangled with each other ($E_N = 0$ at
# every sample, transient included), although they are synchronized (tutorial 2). Each
# phonon is entangled with the mode that drives it, $m$–$b_1$ and $a$–$b_2$, during part of
# each cycle (blue-sideband driving is two-mode squeezing, $\delta o\,\delta b + {\rm h.c.}$);
# the largest values come in the first periods, as the drives ring the modes up from
# vacuum. On the limit cycle the photon–phonon entanglement is nonreciprocal: reversing
# the laser's side on the spinning sphere (LD → RD) switches it off, and so does
# reversing the bias field (CD → OD), although there the OD number rests on a doubtful
# linearization. Where the last column says *doubtful*, the fluctuations are not small
# next to the mean fields and the linearized numbers are not to be trusted.
#
# ## 2. At stable fixed points
#
# At Table I the fixed point is unstable, so there is no steady state; asking for one
# raises an error naming the point:

# %%
table = c.parameters(values("CD"))
try:
    hs.covariance_at(c, table, hs.fixed_points(c, table).states[0])
except hs.HybridsysError as error:
    print(str(error)[:160], "...")

# %% [markdown]
# Where do stable fixed points exist? Over the detunings $(\Delta_a, \Delta_m) \in
# [-1.5, 1.5]^2\,\omega_1$ at Table I's drives ($\xi = 35\,\omega_1$), for the five
# situations above, we take at each point the lowest stable fixed point (the Kerr term
# makes the system multistable; `steady_states` lists them all) and its steady covariance.

# %%
detunings = np.round(np.linspace(-1.5, 1.5, 31), 12)
situations = [  # label, laser side, scenarios
    ("CD", "LD", ("still", "CD")),
    ("kerr_off", "LD", ("still", "kerr_off")),
    ("OD", "LD", ("still", "OD")),
    ("LD spinning", "LD", ("kerr_off", "spinning")),
    ("RD spinning", "RD", ("kerr_off", "spinning")),
]
maps = {}
for label, side, scenarios in situations:
    grid_values = values(*scenarios, Delta_a=detunings[:, None], Delta_m=detunings[None, :])
    params = compiled[side].parameters(grid_values)
    maps[label] = {"side": side, **lowest_stable(compiled[side], params)}

# %% [markdown]
# For each situation: where on the grid a stable fixed point exists, and the largest $E_N$
# of each pair there.

# %%
for label, m in maps.items():
    best = [f"{name} {np.nanmax(m['E_N'][q]):.4f}" for q, name in enumerate(pair_names)]
    share = f"{label:12s} stable at {m['stable'].mean():5.1%} of the grid"
    print(share + "; largest E_N: " + ", ".join(best))

# %% [markdown]
# Two directions compared point by point: where both are stable, the largest difference of
# each pair's $E_N$ and where it lies.

# %%
def compare(first, second):
    """Largest |E_N(first) - E_N(second)| where both are stable, per pair, and where only
    one is."""
    stable_first, stable_second = maps[first]["stable"], maps[second]["stable"]
    both = stable_first & stable_second
    print(f"{first} vs {second}: stable in both at {both.sum()} points, "
          f"in {first} only at {(stable_first & ~both).sum()}, "
          f"in {second} only at {(stable_second & ~both).sum()}")
    for q, name in enumerate(pair_names):
        en_first, en_second = maps[first]["E_N"][q], maps[second]["E_N"][q]
        gap = np.where(both, en_first - en_second, 0.0)
        i, j = np.unravel_index(np.argmax(np.abs(gap)), gap.shape)
        if gap[i, j] == 0:
            print(f"   {name}: no difference")
            continue
        where = f"(Δa, Δm) = ({detunings[i]:.1f}, {detunings[j]:.1f})"
        print(f"   {name}: largest gap {gap[i, j]:+.4f} at {where}:"
              f" {en_first[i, j]:.4f} vs {en_second[i, j]:.4f}")


# %% [markdown]
# The bias field's two directions (CD vs OD), then the laser's two sides on the spinning
# sphere (LD vs RD):

# %%
compare("CD", "OD")
compare("LD spinning", "RD spinning")

# %% [markdown]
# At this power, stable fixed points exist mostly where both drives are red-detuned; there,
# $m$–$b_1$ and $a$–$b_2$ are entangled and $b_1$–$b_2$ are not. Both directions matter:
# the Kerr shift $4KN_m$ moves the magnon's resonance (CD vs OD) and changes the
# magnon–phonon entanglement; the Sagnac shift $\pm\Omega\Lambda$ moves the cavity's
# (LD vs RD) and changes the photon–phonon entanglement. A direction can also make the
# fixed point unstable: then one side has a steady entangled state and the other none.
#
# Is the phonon–phonon $E_N$ zero only at Table I's drive and contact coupling? A wider
# scan at stable fixed points (Kerr off, still sphere): drives $\xi$ from 3 to 35,
# contact couplings $\chi$ from 0.02 to 0.4 ω1, detunings over $[-1.5, 1.5]^2$.

# %%
scan = {"xi": np.array([3.0, 10.0, 35.0]), "chi": np.array([0.02, 0.1, 0.4])}
grid = np.linspace(-1.5, 1.5, 21)
scan_values = values(  # axes: ξ, χ, Δa, Δm
    "still",
    "kerr_off",
    xi_a=scan["xi"][:, None, None, None],
    xi_m=scan["xi"][:, None, None, None],
    chi=scan["chi"][None, :, None, None],
    Delta_a=grid[:, None],
    Delta_m=grid[None, :],
)
scan_params = c.parameters(scan_values)
scan_steady = hs.steady_states(c, scan_params)
# E_N at every stable fixed point, 0 elsewhere: (pairs, ξ, χ, Δa, Δm, fixed points)
scan_en = np.where(scan_steady.stable, entanglement(scan_steady.covariance), 0.0)

# %% [markdown]
# How many points have a stable fixed point, and the largest $E_N$ of each pair there:

# %%
has_stable = scan_steady.stable.any(-1)
largest = ", ".join(f"{n} {scan_en[q].max():.4f}" for q, n in enumerate(pair_names))
print(f"{has_stable.sum()} of {has_stable.size} points have a stable fixed point;"
      f" largest E_N there: " + largest)

# %% [markdown]
# ## 3. Robustness: thermal phonons and heavier resonators
#
# Along the CD limit cycle at Table I, and at the stable fixed point where the CD map's
# magnon–phonon entanglement is largest, we raise the bath occupations
# $\bar n_1 = \bar n_2$ (S4) and the mass ratio $\rho = m_j/m_0$ ($g \to g/\sqrt\rho$).

# %%
i, j = np.unravel_index(np.nanargmax(maps["CD"]["E_N"][1]), maps["CD"]["E_N"][1].shape)
operating = {"Delta_a": detunings[i], "Delta_m": detunings[j]}
nbar = np.array([0.0, 0.1, 1.0, 10.0, 100.0])
rho = np.array([0.25, 0.5, 1.0, 2.0, 4.0, 8.0])
robust = {}
for name, over in (("nbar", {"nbar_1": nbar, "nbar_2": nbar}), ("rho", {"rho": rho})):
    run = hs.simulate(c, c.parameters(values("still", "CD", **over)), periods=PERIODS)
    run.raise_failures()
    fixed = lowest_stable(c, c.parameters(values("still", "CD", **operating, **over)))
    en_run = entanglement(run.covariance)
    sq_run = run.quantum_synchronization("b1", "b2")
    robust[name] = {
        "x": next(iter(over.values())),
        "trajectory": asymptotic(run.times, en_run, WINDOW)["max"],
        "S_Q": asymptotic(run.times, sq_run, WINDOW)["max"],
        "lin": run.linearization_validity().max(axis=-1),
        "regime": run.regime,
        "params": fixed["params"],
        "stable": fixed["stable"],
        "state": fixed["state"],
        "steady": fixed["E_N"],
    }

# %% [markdown]
# The operating point, then one table per parameter: $E_N$ of each pair (max over the last
# 20 τ), S_Q and the linearization check along the CD limit cycle; $E_N$ at the stable
# fixed point.

# %%
print("stable operating point (CD):", {k: float(v) for k, v in operating.items()})
names = " ".join(pair_names)
for name, r in robust.items():
    print(f"{name:>6s} | trajectory (CD, Table I): {names}  S_Q  lin. | fixed point {names}")
    for k, x in enumerate(r["x"]):
        traj = " ".join(f"{r['trajectory'][q, k]:.4f}" for q in range(len(PAIRS)))
        if r["stable"][k]:
            at_fixed_point = " ".join(f"{r['steady'][q, k]:.4f}" for q in range(len(PAIRS)))
        else:
            at_fixed_point = "unstable"
        flag = " doubtful" if r["lin"][k] > DOUBTFUL else ""
        print(f"{x:6g} | {traj}  {r['S_Q'][k]:.4f} {r['lin'][k]:.3g}{flag} | {at_fixed_point}")

# %% [markdown]
# Entanglement is more fragile than synchronization: a single thermal quantum already
# reduces it markedly and ten remove it entirely, on the limit cycle and at the stable
# fixed point alike, while S_Q is still nonzero there. Heavier resonators weaken every
# position coupling as $1/\sqrt\rho$: at the stable fixed point the entanglement
# decreases smoothly with $\rho$; along the CD limit cycle it (and S_Q with it) collapses
# once $\rho \ge 2$. Lighter resonators strengthen the couplings until the fixed point
# loses its stability and, along the limit cycle, the linearization fails (*doubtful*).
#
# ## Figures
#
# $E_N(t)$ of $m$–$b_1$ and $a$–$b_2$ for the five situations, over all 200 τ (top) and
# the last 5 τ (bottom), saved as `EN_t.png`:

# %%
tau = times / (2 * np.pi)
fig, axes = plt.subplots(2, 2, figsize=(9, 5.6), sharey="row", constrained_layout=True)
for column, q in enumerate((1, 2)):
    for row, start in enumerate((0, PERIODS - 5)):  # all of it, then the last 5 τ
        ax = axes[row, column]
        for r, label in enumerate(labels):
            ax.plot(tau, en_t[q, r], lw=0.6 if row == 0 else 1.0, label=label)
        ax.set(xlabel=r"$t/\tau$", xlim=(start, PERIODS))
    axes[0, column].set_title(f"$E_N$({pair_names[q]}), Table I")
for row in range(2):
    axes[row, 0].set_ylabel(r"$E_N(t)$")
axes[1, 1].legend(frameon=False, fontsize=7)
fig.savefig(out / "EN_t.png", dpi=150)

# %% [markdown]
# The maps of $E_N$ at the lowest stable fixed point over $(\Delta_a, \Delta_m)$: $m$–$b_1$
# for CD and OD, $a$–$b_2$ for LD and RD on the spinning sphere, saved as `EN_maps.png`:

# %%
fig, axes = plt.subplots(2, 2, figsize=(8, 6.4), sharex=True, sharey=True, constrained_layout=True)
top = max(np.nanmax(maps[k]["E_N"][1:]) for k in maps)
panels = [("CD", 1), ("OD", 1), ("LD spinning", 2), ("RD spinning", 2)]  # situation, pair
for ax, (label, q) in zip(axes.ravel(), panels):
    ax.set_facecolor("0.85")  # grey: no stable fixed point
    mesh = ax.pcolormesh(
        detunings,
        detunings,
        maps[label]["E_N"][q].T,
        shading="auto",
        vmin=0,
        vmax=top,
        cmap="viridis",
    )
    ax.set(
        title=f"{label}: $E_N$({pair_names[q]})",
        xlabel=r"$\Delta_a/\omega_1$",
        ylabel=r"$\Delta_m/\omega_1$",
    )
colorbar_label = r"$E_N$ at the lowest stable fixed point ($\xi = 35\,\omega_1$)"
fig.colorbar(mesh, ax=axes, label=colorbar_label)
fig.savefig(out / "EN_maps.png", dpi=150)

# %% [markdown]
# $E_N$ against the bath occupation and the mass ratio, on the limit cycle and at the
# stable fixed point, saved as `EN_robustness.png`:

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), constrained_layout=True)
panels = ((axes[0], "nbar", r"$\bar n_1 = \bar n_2$"), (axes[1], "rho", r"$\rho = m_j/m_0$"))
for ax, name, xlabel in panels:
    r = robust[name]
    for q, colour in ((1, "tab:blue"), (2, "tab:red")):
        cycle_label = f"{pair_names[q]}, limit cycle (max, last 20τ)"
        fixed_label = f"{pair_names[q]}, stable fixed point"
        ax.plot(r["x"], r["trajectory"][q], "o-", color=colour, ms=3, label=cycle_label)
        ax.plot(r["x"], r["steady"][q], "s--", color=colour, ms=3, label=fixed_label)
    ax.set(xlabel=xlabel, ylabel=r"$E_N$")
axes[0].set_xscale("symlog", linthresh=0.1)
axes[1].set_xscale("log", base=2)
axes[1].legend(frameon=False, fontsize=7)
fig.savefig(out / "EN_robustness.png", dpi=150)

# %% [markdown]
# ## Files
#
# `entanglement.npz` holds every $E_N$ above with what it was computed from: the $4\times4$
# covariance blocks over the last 20 τ of each trajectory, and for every fixed-point result
# the parameters (`parameter_names` order) and the fixed point itself, so that the steady
# covariance can be recomputed independently.

# %%
data = {
    "t_over_tau": tau,
    "pairs": np.array(pair_names),
    "labels": np.array(labels),
    "parameter_names": np.array(c.parameter_names),
    "E_N_t": en_t,
    "E_N_t_window": en_t[..., last],
    "blocks_t_window": blocks(covariance_t[:, last]),
    "detunings": detunings,
    "operating_point": np.array([operating["Delta_a"], operating["Delta_m"]]),
}
for key, m in maps.items():
    tag = key.replace(" ", "_")
    data.update({f"map_{tag}_{k}": m[k] for k in ("params", "stable", "state", "E_N")})
robust_keys = ("x", "trajectory", "S_Q", "lin", "params", "stable", "state", "steady")
for name, r in robust.items():
    data.update({f"robust_{name}_{k}": np.asarray(r[k]) for k in robust_keys})

# %% [markdown]
# Every value used (Table I's five situations, the scan's ranges and its largest $E_N$),
# the regimes, the initial state and the integrator's accuracy, for `parameters.json`:

# %%
scan_largest = scan_en.reshape(len(PAIRS), -1).max(axis=1)
record = {
    "hybridsys": hs.__version__,
    "model": model.name,
    "parameter_set": model.default_set,
    "convention": c.convention,
    "map_sides": {k: m["side"] for k, m in maps.items()},
    "table_I": {label: values(*s) for label, s in zip(labels, runs["LD"] + runs["RD"])},
    "periods": PERIODS,
    "window_periods": WINDOW,
    "regimes": dict(zip(labels, regime_t.tolist())),
    "linearization": dict(zip(labels, lin_t.tolist())),
    "scan_b1_b2": {
        "xi": scan["xi"].tolist(),
        "chi": scan["chi"].tolist(),
        "Delta": grid.tolist(),
        "largest_E_N": dict(zip(pair_names, scan_largest.tolist())),
    },
    "initial_state": trajectories["LD"].initial,
    "accuracy": trajectories["LD"].integration.accuracy.to_data(),
    "engine": trajectories["LD"].integration.engine,
}

# %% [markdown]
# Both written out:

# %%
np.savez_compressed(out / "entanglement.npz", **data)
(out / "parameters.json").write_text(
    json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
)
print(f"wrote {out}/EN_t.png, EN_maps.png, EN_robustness.png, entanglement.npz, parameters.json")
