# %% [markdown]
# # 2. Nonreciprocal quantum synchronization: the Kerr shift and the Sagnac shift
#
# The two phonons $b_1$ (YIG sphere) and $b_2$ (silica sphere) are quantum-synchronized
# when the fluctuations of their relative quadratures
# $\delta O_- = (\delta O_{b_1} - \delta O_{b_2})/\sqrt2$ are small:
#
# $$\mathcal S_Q(t) = \left\langle \delta X_-(t)^2 + \delta Y_-(t)^2 \right\rangle^{-1} \le 1
#   \qquad \text{(S27), (S25)}$$
#
# computed from the covariance $V(t)$ of the fluctuations (S16). Near blue-sideband
# driving ($\Delta_a \approx \Delta_m \approx -\omega_1$) the fixed point of the mean fields
# is unstable and they settle on a limit cycle (ERRATA 7), so, as in the spec, we
# integrate the mean fields (S7) and $\dot V = AV + VA^T + D$ (S17) together from all
# modes empty.
#
# The spec makes the synchronization **nonreciprocal** in two ways, each a shift of a
# detuning whose sign follows a direction:
#
# * **Magnon Kerr shift** (S50)–(S51): the Kerr term $K(m^\dagger m)^2$ shifts the magnon's
#   frequency by $4KN_m$, so the magnon's effective detuning is
#   $\Delta_m' = \Delta_m - 2g_m{\rm Re}\,\beta_1 + 4K|\mu|^2$. The sign of $K$ is set by
#   the bias field's direction relative to the crystal axes: $K<0$ along [110], the
#   *chosen direction* CD (S49), $K>0$ along [100], the *other direction* OD (S39).
# * **Sagnac–Fizeau shift** (S52): a spinning sphere shifts the optical resonance by
#   $\sigma_a = \pm\Omega\Lambda$, $+$ when the laser enters from the left (LD),
#   $-$ from the right (RD), for a clockwise spin, so
#   $\Delta_a' = \Delta_a + \sigma_a - 2g_a{\rm Re}\,\beta_2$.
#
# Reversing the direction (field or laser) does not mirror the system: it moves a
# resonance the other way with respect to the drive, while the phonons' frequencies and
# the drive stay put. Everything here uses the model's scenarios (`CD`, `OD`,
# `kerr_off`, `LD`, `RD`, `spinning`, `still`) on Table I's simulation column.
#
# Run: `python tutorials/02_nonreciprocal_synchronization.py [OUTDIR]` (default
# `out/02_nonreciprocal_synchronization`). It writes `sq_t.png` (S_Q(t)),
# `sq_delta_a.png` (S_Q against Δa for LD and RD), the data `synchronization.npz` and
# `parameters.json` (every value used, the initial state and the accuracy).

# %% [markdown]
# Imports, the folder the files go to, and how long we integrate.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import hybridsys as hs
from hybridsys.measures import asymptotic, mechanical_response, mode_index, window

# OUTDIR from the command line; in a notebook (argv holds the kernel's flags) the default
outdir_given = len(sys.argv) > 1 and not sys.argv[1].startswith("-")
out = Path(sys.argv[1] if outdir_given else "out/02_nonreciprocal_synchronization")
out.mkdir(parents=True, exist_ok=True)
PERIODS, WINDOW = 200, 20  # integrate 200 τ; summarize the last 20 τ (τ = 2π/ω1)

# %% [markdown]
# The spec's model, compiled once (drive from the left, LD).

# %%
model = hs.load_model("nonreciprocal_sync")
compiled = hs.compile(model)

# %% [markdown]
# The scenarios it names, each a set of parameter values (or, for `RD`, a change of the
# network):

# %%
for name in ("CD", "OD", "kerr_off", "LD", "RD", "spinning", "still"):
    print(f"{name:9s}", model.scenario(name).description)

# %% [markdown]
# ## Effective detunings, read off the drift matrix
#
# In the quadrature basis the $2\times2$ block of a mode $o$ in $A$ (S14) is
# $\begin{pmatrix}\cdot & \Delta_o' + s\\ -\Delta_o' + s & \cdot\end{pmatrix}$ (ERRATA 1;
# $s = -2K({\rm Re}^2\mu - {\rm Im}^2\mu)$ for the magnon, 0 for the cavity), so
# $\Delta_o' = (A_{X_oY_o} - A_{Y_oX_o})/2$. We read it off the compiled drift matrix at
# each point of a trajectory, and check it against (S51) written out by hand (the exact
# convention adds $K$, ERRATA 3).

# %%
def effective_detuning(compiled, params, mean, mode):
    """Δ'_o = (A[X_o, Y_o] - A[Y_o, X_o]) / 2 at mean fields ``mean`` (batch..., 2n)."""
    i = 2 * mode_index(compiled.modes, mode)
    drift = compiled.drift(params, mean)
    return (drift[..., i, i + 1] - drift[..., i + 1, i]) / 2


def quadratures(mean, mode):
    i = 2 * mode_index(compiled.modes, mode)
    return mean[..., i], mean[..., i + 1]

# %% [markdown]
# ## 1. Bias field from the chosen or the other direction (Kerr shift)
#
# Three points, still sphere: CD ($K/\omega_1 = -2\times10^{-5}$), Kerr off, OD
# ($+2\times10^{-5}$), 200 mechanical periods each, integrated as one batch; S_Q of the
# phonons and the magnon's effective detuning along the trajectories.

# %%
kerr_names = ["CD", "kerr_off", "OD"]
kerr_points = [model.values(None, "still", s) for s in kerr_names]
kerr_values = {key: np.array([point[key] for point in kerr_points]) for key in model.values()}
kerr_params = compiled.parameters(kerr_values)
kerr = hs.simulate(compiled, kerr_params, periods=PERIODS)
kerr.raise_failures()
last = window(kerr.times, WINDOW)
sq_kerr = kerr.quantum_synchronization("b1", "b2")
dm_kerr = effective_detuning(compiled, kerr_params[:, None, :], kerr.mean, "m")

# %% [markdown]
# The same detuning written out by hand from the mean quadratures, (S51) with the exact
# convention's $+K$:

# %%
x_m, y_m = quadratures(kerr.mean, "m")
x_b1, _ = quadratures(kerr.mean, "b1")
K, g_m, Delta_m = (kerr_values[k][:, None] for k in ("K", "g_m", "Delta_m"))
N_m = (x_m**2 + y_m**2) / 2                                               # |μ|², <X> = √2 Re μ
dm_s51 = Delta_m - 2 * g_m * x_b1 / np.sqrt(2) + 4 * K * N_m + K          # (S51) + K (ERRATA 3)

# %% [markdown]
# The two agree to rounding:

# %%
print("largest |Δm'(drift) - Δm'(S51)| along the trajectories:", np.max(np.abs(dm_kerr - dm_s51)))

# %% [markdown]
# At the (unstable) fixed point, the Kerr shift $4KN_m$ has the sign of $K$: the field's
# direction moves the magnon's resonance down (CD) or up (OD). The phonon $b_1$, dressed
# by the magnon, then has a different frequency (the magnonic spring; lowest-order
# elimination of the magnon, `measures.mechanical_response`), while $b_2$, dressed by
# the unchanged optical mode, does not. Along the limit cycle the detunings swing widely
# (the phonons' displacements are large), so we report their mean over the last 20 τ,
# together with S_Q on the limit cycle.

# %%
points = hs.fixed_points(compiled, kerr_params)
assert np.all(points.count == 1)  # one fixed point each here
state = points.states[:, 0]
fp_drift = compiled.drift(kerr_params, state)
index = {mode: mode_index(compiled.modes, mode) for mode in ("a", "m", "b1", "b2")}
fp = {
    "count": points.count,
    "stable": points.stable[:, 0],
    "Delta_m_eff": effective_detuning(compiled, kerr_params, state, "m"),
    "kerr_shift": 4 * kerr_values["K"] * sum(q**2 for q in quadratures(state, "m")) / 2,
    "omega_b1_eff": mechanical_response(fp_drift, index["b1"], [index["m"]])[0],
    "omega_b2_eff": mechanical_response(fp_drift, index["b2"], [index["a"]])[0],
}
sq_kerr_last = asymptotic(kerr.times, sq_kerr, WINDOW)
linearization = kerr.linearization_validity()
lin_m = linearization[:, index["m"]]

# %% [markdown]
# One row per direction: at the fixed point (left of the bar), then means and S_Q over the
# last 20 τ, the regime of the mean fields and the magnon's linearization check.

# %%
print(f"{'':9s} {'K':>9s} {'fp stable':>9s} {'Δm_eff fp':>9s} {'4K N_m':>8s}"
      f" {'ω_b1,eff':>8s} {'ω_b2,eff':>8s}"
      f" | {'<Δm_eff>':>9s} {'<N_m>':>7s}  {'S_Q max':>8s} {'regime':>11s} {'lin. m':>6s}")
for k, name in enumerate(kerr_names):
    at_fixed_point = (
        f"{kerr_values['K'][k]:9.1e} {str(fp['stable'][k]):>9s}"
        f" {fp['Delta_m_eff'][k]:9.4f} {fp['kerr_shift'][k]:8.4f}"
        f" {fp['omega_b1_eff'][k]:8.4f} {fp['omega_b2_eff'][k]:8.4f}"
    )
    on_limit_cycle = (
        f"{dm_kerr[k, last].mean():9.4f} {N_m[k, last].mean():7.0f}"
        f"  {sq_kerr_last['max'][k]:8.4f} {kerr.regime[k]:>11s} {lin_m[k]:6.3f}"
    )
    print(f"{name:9s} {at_fixed_point} | {on_limit_cycle}")

# %% [markdown]
# With the field from the chosen direction the phonons are synchronized on the limit
# cycle; from the other direction, S_Q is over two orders of magnitude smaller. Reversing
# the field flips the Kerr shift, and with it the magnonic spring of $b_1$: CD pulls
# $b_1$'s dressed frequency toward $b_2$'s, OD pushes it away. The last column,
# $\max\langle\delta m^\dagger\delta m\rangle/|\mu|^2$ over the window, is how much the
# linearization (S5)–(S8) can be trusted: small for CD, of order 1 with the Kerr effect
# off and for OD, so the latter two numbers rest on a stretched linearization.
#
# ## 2. Laser from the left or the right of the fibre (Sagnac shift)
#
# With the Kerr effect off (as in Fig. S1), a still sphere ($\Omega = 0$) cannot tell
# LD from RD; a spinning one ($\Omega = 2\pi\times300$ Hz, the model's `spinning`
# scenario, our choice: the spec does not state it) shifts the cavity by
# $\sigma_a = \pm\Omega\Lambda$. The drive direction is part of the network (it changes
# the sign of a term), so `RD` compiles its own model. A handful of optical detunings
# around Table I's $\Delta_a = -1.005\,\omega_1$. For each side: the trajectories, S_Q,
# the Sagnac shift $\sigma_a$ and the effective optical detuning, along the trajectories
# and at the fixed point.

# %%
delta_a = np.union1d(np.linspace(-1.2, -0.8, 9), [-1.005])             # Table I's Δa among them
spins = ["still", "spinning"]
sagnac = {}
for side in ("LD", "RD"):
    network_side = hs.compile(model, scenarios=[side])
    grid = [[model.values(None, "kerr_off", spin, side, Delta_a=d) for d in delta_a]
            for spin in spins]
    values = {key: np.array([[point[key] for point in row] for row in grid])
              for key in model.values()}
    params = network_side.parameters(values)                              # (spin, Δa, P)
    run = hs.simulate(network_side, params, periods=PERIODS)  # failed points: NaN, with a reason
    sigma = values["Omega"] * values["Lambda"] * (1 if side == "LD" else -1)
    fixed_state = hs.fixed_points(network_side, params).states[..., 0, :]
    sagnac[side] = {
        "compiled": network_side,
        "params": params,
        "run": run,
        "values": values,
        "sigma_a": sigma,
        "S_Q": run.quantum_synchronization("b1", "b2"),
        "Delta_a_eff": effective_detuning(network_side, params[..., None, :], run.mean, "a"),
        "Delta_a_eff_fp": effective_detuning(network_side, params, fixed_state, "a"),
    }
    sagnac[side]["S_Q_max"] = asymptotic(run.times, sagnac[side]["S_Q"], WINDOW)["max"]

table = int(np.flatnonzero(delta_a == -1.005)[0])
still_gap = np.max(np.abs(sagnac["LD"]["S_Q"][0] - sagnac["RD"]["S_Q"][0]))

# %% [markdown]
# A check: with all mean fields zero, the drift matrix's $A_{X_aY_a}$ is
# $\Delta_a + \sigma_a$, so it carries $\sigma_a$ with the drive's sign.

# %%
for side in ("LD", "RD"):
    at_rest = sagnac[side]["compiled"].drift(sagnac[side]["params"], np.zeros(8))
    drift_sigma = (at_rest[..., 0, 1] - sagnac[side]["values"]["Delta_a"])
    assert np.allclose(drift_sigma, sagnac[side]["sigma_a"], rtol=1e-12, atol=1e-15)

# %% [markdown]
# The shifts, then max S_Q over the last 20 τ for each side and spin against $\Delta_a$,
# with $\Delta_a'$ at the fixed point of the spinning sphere; any failed point with its
# reason; and how far LD and RD differ on the still sphere.

# %%
print("σ_a/ω1: LD", sagnac["LD"]["sigma_a"][1, 0], " RD", sagnac["RD"]["sigma_a"][1, 0])
print("max S_Q over the last 20 τ (Kerr off)")
columns = "".join(f"{f'{s} {sp}':>16s}" for sp in spins for s in ("LD", "RD"))
print(f"{'Δa/ω1':>8s}" + columns + f"{'Δa_eff fp LD':>14s}{'Δa_eff fp RD':>14s}")
for j, d in enumerate(delta_a):
    row = "".join(f"{sagnac[s]['S_Q_max'][k, j]:16.4f}" for k in range(2) for s in ("LD", "RD"))
    fp_ld, fp_rd = sagnac["LD"]["Delta_a_eff_fp"][1, j], sagnac["RD"]["Delta_a_eff_fp"][1, j]
    print(f"{d:8.3f}{row}{fp_ld:14.4f}{fp_rd:14.4f}")
for side in ("LD", "RD"):
    for k, j in zip(*np.nonzero(~sagnac[side]["run"].ok)):
        reason = sagnac[side]["run"].reasons[k * len(delta_a) + j]
        print(f"{side}, {spins[k]}, Δa = {delta_a[j]}: failed ({reason})")
print("still sphere: largest |S_Q(LD) - S_Q(RD)| over all t and Δa:", still_gap)

# %% [markdown]
# On a still sphere LD and RD give the same S_Q(t) (reciprocal); on the spinning one
# the S_Q(Δa) curve is shifted by $\mp\sigma_a$: the optical resonance that matters is
# $\Delta_a + \sigma_a$ (plus the radiation-pressure shift), so at a given laser detuning
# one input side sits where the still sphere synchronizes and the other where it does
# not. At Table I's $\Delta_a$ that is the difference between the two columns for the
# spinning sphere. The last two columns are $\Delta_a'$ at the (unstable) fixed point:
# they differ by $2\sigma_a$ up to the different radiation-pressure shifts.
#
# ## Figures
#
# S_Q(t) for the three field directions (left) and for both laser sides, still and
# spinning, at Table I's $\Delta_a$ (right), saved as `sq_t.png`:

# %%
tau = kerr.times / (2 * np.pi)
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True, constrained_layout=True)
for k, name in enumerate(kerr_names):
    left.plot(tau, sq_kerr[k], lw=0.7, label=f"{name} (K/ω1 = {kerr_values['K'][k]:+.0e})")
for side, style in (("LD", "-"), ("RD", "--")):
    for k, spin in enumerate(spins):
        right.plot(tau, sagnac[side]["S_Q"][k, table], style, lw=0.7, label=f"{side}, {spin}")
left.set(
    xlabel=r"$t/\tau$",
    ylabel=r"$S_Q(t)$",
    title="Kerr shift: bias field direction",
    xlim=(0, PERIODS),
)
right.set(
    xlabel=r"$t/\tau$",
    title=r"Sagnac shift: laser side ($K = 0$, $\Delta_a=-1.005\,\omega_1$)",
    xlim=(0, PERIODS),
)
for ax in (left, right):
    ax.legend(frameon=False, fontsize=7)
fig.savefig(out / "sq_t.png", dpi=150)

# %% [markdown]
# Max S_Q over the last 20 τ against $\Delta_a$, saved as `sq_delta_a.png`:

# %%
fig, ax = plt.subplots(figsize=(5, 3.4), constrained_layout=True)
for side, marker in (("LD", "o"), ("RD", "s")):
    for k, (spin, style) in enumerate(zip(spins, (":", "-"))):
        curve = sagnac[side]["S_Q_max"][k]
        ax.plot(delta_a, curve, style, marker=marker, ms=4, label=f"{side}, {spin}")
ax.set(
    xlabel=r"$\Delta_a/\omega_1$",
    ylabel=r"max $S_Q$ (last 20 $\tau$)",
    title="K = 0, Ω = 2π × 300 Hz when spinning",
)
ax.legend(frameon=False, fontsize=7)
fig.savefig(out / "sq_delta_a.png", dpi=150)

# %% [markdown]
# ## Files
#
# The arrays behind the figures and tables, for `synchronization.npz`:

# %%
sagnac_keys = ("S_Q", "S_Q_max", "sigma_a", "Delta_a_eff", "Delta_a_eff_fp")
arrays = {
    "t_over_tau": tau,
    "kerr_scenarios": np.array(kerr_names),
    "K": kerr_values["K"],
    "S_Q_kerr": sq_kerr,
    "mean_kerr": kerr.mean,
    "Delta_m_eff_kerr": dm_kerr,
    "Delta_m_eff_fixed_point": fp["Delta_m_eff"],
    "kerr_shift_fixed_point": fp["kerr_shift"],
    "fixed_point_kerr": state,
    "delta_a": delta_a,
    "spins": np.array(spins),
    **{f"{key}_{side}": sagnac[side][key] for side in ("LD", "RD") for key in sagnac_keys},
}

# %% [markdown]
# Every value used, the initial state and the integrator's accuracy, for `parameters.json`:

# %%
kerr_record = {
    "scenarios": [["still", s] for s in kerr_names],
    "parameters": {k: v.tolist() for k, v in kerr_values.items()},
    "regime": kerr.regime.tolist(),
    "S_Q_max": sq_kerr_last["max"].tolist(),
    "S_Q_mean": sq_kerr_last["mean"].tolist(),
    "fixed_point_stable": fp["stable"].tolist(),
    "linearization": linearization.tolist(),
}
sagnac_record = {
    side: {
        "scenarios": [["kerr_off", spin, side] for spin in spins],
        "Delta_a": delta_a.tolist(),
        "parameters": {k: v.tolist() for k, v in sagnac[side]["values"].items()},
        "regime": sagnac[side]["run"].regime.tolist(),
        "S_Q_max": sagnac[side]["S_Q_max"].tolist(),
    }
    for side in ("LD", "RD")
}
record = {
    "hybridsys": hs.__version__,
    "model": model.name,
    "parameter_set": model.default_set,
    "convention": compiled.convention,
    "periods": PERIODS,
    "window_periods": WINDOW,
    "state_names": list(compiled.state_names),
    "kerr": kerr_record,
    "sagnac": sagnac_record,
    "initial_state": kerr.initial,
    "accuracy": kerr.integration.accuracy.to_data(),
    "engine": kerr.integration.engine,
}

# %% [markdown]
# Both written out:

# %%
np.savez_compressed(out / "synchronization.npz", **arrays)
(out / "parameters.json").write_text(
    json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
)
print(f"wrote {out}/sq_t.png, sq_delta_a.png, synchronization.npz, parameters.json")
