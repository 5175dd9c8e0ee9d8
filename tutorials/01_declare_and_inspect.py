# %% [markdown]
# # 1. Declare and inspect: the spec's system from components
#
# The system of the spec (supplement, (S1)–(S2)): a spinning silica microsphere with an
# optical mode $a$ and a breathing phonon $b_2$, touching a YIG sphere with a Kerr magnon
# $m$ and a phonon $b_1$; the two phonons are coupled by contact. In the frames of the
# two drives,
#
# $$H = \Delta_a a^\dagger a + \Delta_m m^\dagger m + \sum_j \omega_j b_j^\dagger b_j
#   - g_m m^\dagger m (b_1 + b_1^\dagger) - g_a a^\dagger a (b_2 + b_2^\dagger)
#   - \chi (b_1^\dagger b_2 + b_2^\dagger b_1) + K (m^\dagger m)^2
#   + i(\xi_a a^\dagger - \xi_a^* a) + i(\xi_m m^\dagger - \xi_m^* m) \qquad \text{(S2)}$$
#
# plus the Sagnac–Fizeau shift $\sigma_a a^\dagger a$, $\sigma_a = \pm\Omega\Lambda$, of the
# spinning sphere (S52). This tutorial declares that system in Python, one component per
# term, checks that it is the ready-made model `nonreciprocal_sync`, and walks the
# derivation: $H$ (S2), the quantum Langevin equations (S3), the mean-field (S7) and
# fluctuation (S8) equations, the drift matrix (S14) with the component behind every
# entry, and the Routh–Hurwitz determinants (S53)–(S54). Everything here is symbolic and
# exact; no number is computed until the last cell.
#
# Run: `python tutorials/01_declare_and_inspect.py [OUTDIR]` (default
# `out/01_declare_and_inspect`). It writes `network.png` (the graph), `equations.tex`
# (every derived object as LaTeX), `drift_provenance.json` (each entry of A and the
# components that produce it) and `parameters.json` (every parameter, with its Table I
# value, unit and meaning).

# %% [markdown]
# Imports, and the folder the files go to.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import sympy as sp

import hybridsys as hs
from hybridsys.model.display import network_data
from hybridsys.symbolic import display
from hybridsys.symbolic.drift import amplitude_form
from hybridsys.model.operators import text
from hybridsys.numerics.stability import stability

# OUTDIR from the command line; in a notebook (argv holds the kernel's flags) the default
outdir_given = len(sys.argv) > 1 and not sys.argv[1].startswith("-")
out = Path(sys.argv[1] if outdir_given else "out/01_declare_and_inspect")
out.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Components
#
# Modes bring their own frequency (a detuning $\Delta$ in the drive's frame), amplitude
# damping rate and bath occupation $\bar n$ (S3)–(S4); couplings bring their terms of (S2).
# Parameters are named by strings; each becomes a real sympy symbol (masses: positive).

# %%
network = hs.Network([
    hs.Cavity("a", detuning="Delta_a", damping="kappa_a"),
    hs.Magnon("m", detuning="Delta_m", damping="kappa_m"),
    hs.Phonon("b1", frequency="omega_1", damping="gamma_1", occupation="nbar_1"),
    hs.Phonon("b2", frequency="omega_2", damping="gamma_2", occupation="nbar_2"),
    hs.RadiationPressure("a", "b2", g="g_a"),      # -g_a a†a (b2 + b2†)
    hs.Magnetostriction("m", "b1", g="g_m"),       # -g_m m†m (b1 + b1†)
    hs.Contact("b1", "b2", chi="chi"),             # -chi (b1† b2 + b2† b1)
    hs.Kerr("m", K="K"),                           # K (m†m)²
    hs.Drive("m", amplitude="xi_m"),               # i xi_m (m† - m)
    hs.SagnacDrive(                                # σ_a a†a + i xi_a (a† - a)
        "a", direction="LD", amplitude="xi_a", spin="Omega", sagnac="Lambda"
    ),
])

# %% [markdown]
# Printed, the network lists its components with their parameters:

# %%
print(network)

# %% [markdown]
# ## The same system as the ready-made model
#
# `models/nonreciprocal_sync.toml` declares the same components in a file (no code is
# evaluated when it is read). Networks are immutable values, so `==` compares them
# component by component; the graphs (modes as nodes, couplings as edges, single-mode
# terms as self-loops) are compared too, with their attributes.

# %%
model = hs.load_model("nonreciprocal_sync")
same_graph = nx.utils.graphs_equal(network.graph, model.network.graph)
graph_edges = network.graph.edges(keys=True, data="kind")
graph_summary = {
    "nodes": {n: network.graph.nodes[n]["kind"] for n in network.graph},
    "edges": [[u, v, key, kind] for u, v, key, kind in graph_edges],
}

# %% [markdown]
# The check, and the graph's edges (two-mode couplings, then the single-mode terms):

# %%
print("network == model.network:", network == model.network, "| same graph:", same_graph)
assert network == model.network and same_graph
for u, v, key, kind in graph_summary["edges"]:
    print(f"  {u} — {v}: {key} ({kind})")

# %% [markdown]
# ## The derivation, as LaTeX
#
# `hs.derive(network)` computes each object once, on first access. The Hamiltonian is kept
# normally ordered, so $[o, H] = \partial H/\partial o^\dagger$ exactly: the Kerr term
# $K(m^\dagger m)^2 = K m^{\dagger 2} m^2 + K m^\dagger m$ therefore adds $-iKm$ to (S3b),
# which the spec drops (ERRATA 3; `derive("spec")` drops it too). The Langevin equations
# carry the input noises $\sqrt{2\kappa}\,o_{\rm in}$ (S3); the mean-field equations (S7)
# replace operators by their means; the fluctuation equations (S8) keep what is linear in
# $\delta o$, with the shifted detunings $\Delta_a'$, $\Delta_m'$ of (S9).
# `hybridsys.symbolic.display.derivation_text` is what `hybridsys show --latex` prints;
# in Jupyter, each object also renders itself (`derivation.drift` in a cell shows the
# matrix).

# %%
derivation = hs.derive(network)
sections = [
    "hamiltonian", "langevin", "mean_field", "fluctuations", "drift", "diffusion", "hurwitz",
]
latex = {s: display.derivation_text(derivation, [s], as_latex=True) for s in sections}

# %% [markdown]
# Three of them here ($H$, the Langevin equations, $A$); all seven go to `equations.tex`.

# %%
for s in ("hamiltonian", "langevin", "drift"):
    print(latex[s], end="\n\n")

# %% [markdown]
# The drift matrix above is (S14) as ERRATA 1 writes it out (the printed (S14) is
# garbled), with mean quadratures shown as $\sqrt2\,{\rm Re}\langle o\rangle$,
# $\sqrt2\,{\rm Im}\langle o\rangle$ as the spec does. The exact and the spec's
# conventions differ only by the Kerr normal-ordering term, $\pm K$ in the magnon block:

# %%
spec_drift = hs.derive(network, "spec").drift
difference = (derivation.drift.matrix - spec_drift.matrix).applyfunc(lambda x: x.expand())
basis = derivation.drift.basis
changed = {
    f"A[{basis[i]},{basis[j]}]": str(difference[i, j])
    for i in range(8)
    for j in range(8)
    if difference[i, j] != 0
}

# %% [markdown]
# The entries that differ, and by how much:

# %%
print("exact − spec:", changed)

# %% [markdown]
# ## Where each entry of A comes from
#
# The linearized equations are derived component by component, so $A = \sum_c A_c$ over
# components $c$ and every entry knows its sources. The magnon's effective detuning, for
# instance, collects the bare $\Delta_m$ (the mode), the phonon's mean displacement
# $-2g_m{\rm Re}\beta_1$ (magnetostriction) and the Kerr shift (S51); the optical one
# collects $\Delta_a$, $-2g_a{\rm Re}\beta_2$ and the Sagnac shift $\Lambda\Omega$ (S52).

# %%
drift = derivation.drift
provenance = display.matrix_data(drift)  # every entry with its sources, for drift_provenance.json

# %% [markdown]
# Three entries, each as the sum of its components' contributions: the magnon's and the
# cavity's effective detunings and one entry of the contact coupling.

# %%
for row, col in (("X_m", "Y_m"), ("X_a", "Y_a"), ("Y_b1", "X_b2")):
    parts = drift.provenance(row, col)  # [(component label, its contribution)]
    terms = [f"[{label}] {text(amplitude_form(part, drift.basis))}" for label, part in parts]
    print(f"A[{row},{col}] =", " + ".join(terms))
print()

# %% [markdown]
# The whole matrix, entry by entry, with the components behind each:

# %%
print(drift.table())

# %% [markdown]
# ## Routh–Hurwitz (S53)–(S54)
#
# The characteristic polynomial $\det(\lambda - A) = \lambda^8 + a_1\lambda^7 + \dots + a_8$
# has coefficients $a_k$ that are polynomials in the entries of $A$; the fixed point is
# stable iff all Hurwitz determinants $\Delta_k$ are positive. The framework uses the
# standard Hurwitz matrix, so $\Delta_2 = a_1a_2 - a_3$ (ERRATA 12). The first three (the
# full list, up to $\Delta_8$, is in `equations.tex`):

# %%
hurwitz = derivation.hurwitz
for k, det in enumerate(hurwitz.determinants[:3], 1):
    print(f"Delta_{k} = {sp.latex(det)}")
print("a_1 =", sp.sstr(hurwitz.coefficients[0]), "  (e_i_j = A[i, j]: a_1 = -trace A)")

# %% [markdown]
# Numbers enter only now: at the fixed point of Table I's simulation column (bias field
# from the chosen direction, K < 0), the Hurwitz determinants decide that the fixed point
# is **unstable**: the mean fields settle on a limit cycle instead (ERRATA 7), which is why
# tutorial 2 integrates trajectories.

# %%
compiled = hs.compile(model)
values = model.values()
params = compiled.parameters(values)
points = hs.fixed_points(compiled, params)
verdict = stability(compiled, params, points.states[0])

# %% [markdown]
# The verdict, and how it was reached:

# %%
determinants = np.array2string(verdict.determinants, precision=3)
print(f"{points.count} fixed point(s); Hurwitz determinants at the lowest:", determinants)
print("stable:", bool(verdict.stable), "(decided by", verdict.method + ")")

# %% [markdown]
# ## The network as a graph
#
# `network.graph` is a `networkx.MultiGraph`: modes are nodes (attribute `kind`),
# couplings are edges keyed by their label; drives and the Kerr term are self-loops.
# `network.draw` draws it with matplotlib (nodes coloured by kind, edges labelled by
# coupling type); below we place the modes as in the device, YIG sphere on the left.

# %%
layout = {"m": (0.0, 0.0), "b1": (1.0, 0.0), "b2": (2.0, 0.0), "a": (3.0, 0.0)}
fig, ax = plt.subplots(figsize=(6.4, 2.6), constrained_layout=True)
network.draw(ax=ax, pos=layout, node_size=900)
ax.set_ylim(-0.25, 0.35)
ax.set_title("nonreciprocal_sync: a (cavity), m (magnon), b1, b2 (phonons)", fontsize=9)
fig.savefig(out / "network.png", dpi=150)

# %% [markdown]
# ## Files
#
# Every parameter used, with the network, its graph and the verdict at Table I, collected
# for `parameters.json`:

# %%
record = {
    "hybridsys": hs.__version__,
    "model": model.name,
    "parameter_set": model.default_set,
    "convention": "exact",
    "network": network.to_data(),
    "graph": graph_summary,
    "parameters": network_data(network, values)["parameters"],
    "table_I_fixed_point": {
        "count": int(points.count),
        "stable": bool(verdict.stable),
        "hurwitz_determinants": verdict.determinants.tolist(),
    },
}

# %% [markdown]
# The equations, the provenance of every entry of A and the parameters, written out:

# %%
equations = "\n\n".join(f"% {s}\n{latex[s]}" for s in sections) + "\n"
(out / "equations.tex").write_text(equations, encoding="utf-8")
(out / "drift_provenance.json").write_text(
    json.dumps(provenance, indent=2, ensure_ascii=False), encoding="utf-8"
)
(out / "parameters.json").write_text(
    json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8"
)
print(f"wrote {out}/network.png, equations.tex, drift_provenance.json, parameters.json")
