# %% [markdown]
# # Kerr on, off and reversed: S_Q(t) over 200 mechanical periods
#
# Table I's simulation column (ξ = 35 ω1, Δm = −ω1, Δa = −1.005 ω1; g_a = g_m =
# 0.005 ω1, which Table I does not give, is our choice, ERRATA 8) with the magnon Kerr
# coefficient K/ω1 = −2×10⁻⁵ (field from the chosen direction, CD), 0 (Kerr off) and
# +2×10⁻⁵ (other direction, OD).
# As in the spec, all modes start empty and the fluctuations in their baths'
# states; mean fields and covariance are integrated together (S7), (S17).
#
# Run: `python tutorials/kerr_scenarios.py [OUTDIR]` (default `out/kerr_scenarios`).
# It writes `sq.png`, the data `sq.npz` and `parameters.json` (every value used).

# %% [markdown]
# Imports, and the folder the files go to.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import hybridsys as hs
from hybridsys.measures import asymptotic

# OUTDIR from the command line; in a notebook (argv holds the kernel's flags) the default
outdir_given = len(sys.argv) > 1 and not sys.argv[1].startswith("-")
out = Path(sys.argv[1] if outdir_given else "out/kerr_scenarios")
out.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# The three values of K as one batch, integrated together over 200 periods from empty
# modes; S_Q and S_C of the two phonons along the way.

# %%
model = hs.load_model("nonreciprocal_sync")
compiled = hs.compile(model)
scenarios = {"CD, K/ω1 = −2×10⁻⁵": -2e-5, "Kerr off": 0.0, "OD, K/ω1 = +2×10⁻⁵": 2e-5}
K = np.array(list(scenarios.values()))
values = model.values(K=K)
trajectory = hs.simulate(compiled, compiled.parameters(values), periods=200)
trajectory.raise_failures()
sq = trajectory.quantum_synchronization("b1", "b2")
sc = trajectory.complete_synchronization("b1", "b2")
tau = trajectory.times / (2 * np.pi)

# %% [markdown]
# The asymptotic values (last 20 periods) and what the result rests on: the regime of the
# mean fields, the integrator's uncertainty margin and how far the linearization holds.

# %%
sq_last = asymptotic(trajectory.times, sq)
sc_last = asymptotic(trajectory.times, sc)
margin = trajectory.uncertainty_margin()
validity = trajectory.linearization_validity()
summary = {
    label: {
        "K": float(k),
        "regime": str(trajectory.regime[i]),
        "period": float(trajectory.period[i]),
        "S_Q": {key: float(v[i]) for key, v in sq_last.items() if key != "periods"},
        "S_C": {key: float(v[i]) for key, v in sc_last.items() if key != "periods"},
        "uncertainty_margin": float(margin[i]),
        "linearization": dict(zip(compiled.modes, validity[i].tolist())),
    }
    for i, (label, k) in enumerate(scenarios.items())
}

# %% [markdown]
# One line per scenario:

# %%
for label, s in summary.items():
    print(f"{label:22s} {s['regime']:12s} S_Q max {s['S_Q']['max']:.4f} "
          f"mean {s['S_Q']['mean']:.4f}   S_C max {s['S_C']['max']:.4f}   "
          f"magnon linearization {s['linearization']['m']:.3f}")

# %% [markdown]
# S_Q(t) of the three scenarios, saved as `sq.png`:

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6), constrained_layout=True)
for i, label in enumerate(scenarios):
    ax.plot(tau, sq[i], lw=0.8, label=label)
ax.set_xlabel(r"$t/\tau$ ($\tau = 2\pi/\omega_1$)")
ax.set_ylabel(r"$S_Q(t)$")
ax.set_xlim(0, tau[-1])
ax.set_ylim(0, None)
ax.legend(frameon=False)
ax.set_title("Table I simulation column, from empty modes", fontsize=9)
fig.savefig(out / "sq.png", dpi=150)

# %% [markdown]
# The data and every value used:

# %%
np.savez_compressed(out / "sq.npz", t_over_tau=tau, K=K, S_Q=sq, S_C=sc)
record = {
    "hybridsys": hs.__version__,
    "model": model.name,
    "parameter_set": "simulation",
    "convention": compiled.convention,
    "parameters": {k: (np.asarray(v).tolist()) for k, v in values.items()},
    "initial_state": trajectory.initial,
    "accuracy": trajectory.integration.accuracy.to_data(),
    "engine": trajectory.integration.engine,
    "summary": summary,
}
(out / "parameters.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
print(f"wrote {out}/sq.png, sq.npz, parameters.json")
