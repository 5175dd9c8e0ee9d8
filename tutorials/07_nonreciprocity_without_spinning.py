# %% [markdown]
# # 7. Nonreciprocity without spinning
#
# Tutorial 02 made synchronization nonreciprocal with a spinning sphere (a Sagnac shift) and a
# bias field (a Kerr sign). Three other ways need neither, and hybridsys declares each as one
# component (`docs/baths.md`, `docs/ports.md`):
#
# 1. **a shared bath** (reservoir engineering; Metelmann & Clerk, PRX 5, 021025 (2015)): two
#    cavities coupled coherently, $J$, and through a bath they share, $\Gamma$, with a phase
#    $\theta$. The two paths interfere: constructively one way, destructively the other.
# 2. **a cascade** (Gardiner; Carmichael, PRL 70 (1993)): one cavity's output drives the other's
#    input, with no way back.
# 3. **a correlated input**: the two outputs of a parametric amplifier, a two-mode squeezed
#    vacuum, feeding two cavities; they inherit its entanglement.
#
# We read the first two off the scattering matrix $S(\omega)$ between ports, batched over
# parameters and frequencies in one call (`hybridsys.measures.port_scattering`), and check the
# shared bath against the system it idealizes: an explicit, strongly damped auxiliary mode.
# Conventions: amplitude rates ($\dot o \ni -\kappa o + \sqrt{2\kappa}\,o_{in}$), outputs
# $o_{out} = \sqrt{2\kappa_e}\,o - o_{in}$, $u(\omega) = \int dt\, e^{i\omega t} u(t)$ with $\omega$
# the probe's offset from the cavities, vacuum variance ½; all rates in units of $\kappa$.
#
# Run: `python tutorials/07_nonreciprocity_without_spinning.py [OUTDIR]` (default
# `out/07_nonreciprocity_without_spinning`). It writes `nonreciprocity.png`, the data
# `nonreciprocity.npz` and `parameters.json`.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import hybridsys as hs
from hybridsys.measures import log_negativity, port_scattering

# OUTDIR from the command line; in a notebook (argv holds the kernel's flags) the default
default = "out/07_nonreciprocity_without_spinning"
out = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else default)
out.mkdir(parents=True, exist_ok=True)
KAPPA, J = 1.0, 1.0     # each cavity's damping, all of it through its port; the exchange


def two_cavities(*couplings):
    """Cavities a (port 'left') and b (port 'right'), resonant, exchange J, plus ``couplings``."""
    return hs.Network([
        hs.Cavity("a", detuning=0, damping=KAPPA, occupation=0),
        hs.Cavity("b", detuning=0, damping=KAPPA, occupation=0),
        hs.Port("a", "left", rate=KAPPA), hs.Port("b", "right", rate=KAPPA),
        hs.BeamSplitter("a", "b", g=J), *couplings,
    ])


def scattering(network, points, omega):
    """S(ω) at every point (a list of value dicts), in one batched call, at the vacuum."""
    compiled = hs.compile(network)
    params = np.array([compiled.parameters(p) for p in points])
    return port_scattering(compiled, params, np.zeros((len(points), compiled.size)), omega)

# %% [markdown]
# ## 1. A shared bath, and the isolation map
#
# `DissipativeCoupling("a", "b", Gamma, phase=theta)` is the jump
# $L = \sqrt{2\Gamma}(a + e^{i\theta}b)$.
# It damps each cavity by $\Gamma$ and adds the hoppings $-\Gamma e^{i\theta}$ ($b \to a$) and
# $-\Gamma e^{-i\theta}$ ($a \to b$) beside the coherent $-iJ$: at $\Gamma = J$, $\theta = -\pi/2$,
# nothing goes from $b$ back to $a$. Beside it, the bath it idealizes: a mode $c$ damped at
# $\kappa_c$ with $H \ni g[c^\dagger(a + e^{i\theta}b) + h.c.]$, $\Gamma = g^2/\kappa_c$, here with
# $\kappa_c = 2\kappa$, a reservoir about as fast as the cavities. The isolation
# $10\log_{10}|S_{right,left}|^2/|S_{left,right}|^2$ over $(\theta, \omega)$: every point of each
# map in one call.

# %%
shared = two_cavities(hs.DissipativeCoupling("a", "b", Gamma="Gamma", phase="theta"))
auxiliary = two_cavities(
    hs.Cavity("c", detuning=0, damping="kappa_c", occupation=0),
    hs.BeamSplitter("c", "a", g="g"),
    hs.Term("g*(exp(I*theta)*c_dag*b + exp(-I*theta)*b_dag*c)", label="reservoir-b"))
theta = np.linspace(-np.pi, np.pi, 61)
omega = np.linspace(-3, 3, 101)
KAPPA_C = 2.0
ideal = scattering(shared, [{"Gamma": J, "theta": t} for t in theta], omega)
finite = scattering(auxiliary, [{"kappa_c": KAPPA_C, "g": np.sqrt(J * KAPPA_C), "theta": t}
                                for t in theta], omega)
maps = {"shared bath": ideal.isolation_db("right", "left"),
        f"mode c, κ_c = {KAPPA_C:g}κ": finite.isolation_db("right", "left")}
at = int(np.argmin(np.abs(theta + np.pi / 2)))
passing = ideal.transmission("right", "left")[at, 50]
print(f"θ = {theta[at]:.3f}: shared bath, isolation {maps['shared bath'][at].min():.0f} dB or "
      f"more at every ω; |S_right,left|² on resonance {passing:.6f}")
print(f"with mode c: {maps[f'mode c, κ_c = {KAPPA_C:g}κ'][at, 50]:.0f} dB at ω = 0, "
      f"{maps[f'mode c, κ_c = {KAPPA_C:g}κ'][at, -1]:.1f} dB at ω = 3κ")

# %% [markdown]
# The shared bath's map has horizontal bands: for two modes $S_{21}/S_{12} =
# (iJ + \Gamma e^{-i\theta})/(iJ + \Gamma e^{i\theta})$, whatever $\omega$, so it isolates at every
# frequency at once (infinitely, to rounding, at $\theta = -\pi/2$; the other way at $+\pi/2$). A
# real reservoir has a bandwidth: with mode $c$ the cancellation holds at $\omega = 0$ only, and
# at $\theta = -\pi/2$ the isolation falls as $(4\kappa_c^2 + \omega^2)/\omega^2$ (derived in
# `docs/papers/metelmann_clerk2015.md`). Off resonance the best phase drifts (the tilted band):
# the eliminated reservoir acts as $\Gamma(\omega) = g^2/(\kappa_c - i\omega)$, which has a phase.
#
# ## 2. The auxiliary mode converges to the shared bath
#
# At fixed $\Gamma = g^2/\kappa_c$, the larger $\kappa_c$ the better $c$ follows $a + e^{i\theta}b$
# adiabatically. We compare, for $\kappa_c$ from $3\kappa$ to $3000\kappa$ (one call each), the
# whole $S(\omega)$ and, with a thermal reservoir ($\bar n = 0.5$ in $c$'s bath and in the shared
# bath), the steady covariance of $a, b$.

# %%
kappa_c = np.logspace(0.5, 3.5, 7)
NBAR, ISOLATING = 0.5, -np.pi / 2
reference = scattering(shared, [{"Gamma": J, "theta": ISOLATING}], omega).ladder[0]
explicit = scattering(auxiliary, [{"kappa_c": k, "g": np.sqrt(J * k), "theta": ISOLATING}
                                  for k in kappa_c], omega).ladder
error_s = np.abs(explicit - reference).max(axis=(1, 2, 3))
warm_shared = two_cavities(hs.DissipativeCoupling("a", "b", Gamma=J, phase="theta",
                                                  occupation=NBAR))
warm_auxiliary = hs.Network([*(c for c in auxiliary.components if getattr(c, "name", "") != "c"),
                             hs.Cavity("c", detuning=0, damping="kappa_c", occupation=NBAR)])


def steady_covariance(network, points):
    compiled = hs.compile(network)
    steady = hs.steady_states(compiled, np.array([compiled.parameters(p) for p in points]))
    assert steady.stable[:, 0].all()
    return steady.covariance[:, 0, :4, :4]     # the a, b block (a and b come first)


V_shared = steady_covariance(warm_shared, [{"theta": ISOLATING}])[0]
V_explicit = steady_covariance(warm_auxiliary, [{"kappa_c": k, "g": np.sqrt(J * k),
                                                 "theta": ISOLATING} for k in kappa_c])
error_v = np.abs(V_explicit - V_shared).max(axis=(1, 2))
slopes = np.diff(np.log(error_s)) / np.diff(np.log(kappa_c))
print("κ_c/κ        " + "  ".join(f"{k:8.1f}" for k in kappa_c))
print("max|ΔS|      " + "  ".join(f"{e:8.1e}" for e in error_s))
print("max|ΔV|      " + "  ".join(f"{e:8.1e}" for e in error_v))
print(f"log-log slope of max|ΔS| at large κ_c: {slopes[-1]:.3f} (1/κ_c: −1)")

# %% [markdown]
# Both differences fall as $1/\kappa_c$: the `DissipativeCoupling` is the limit of the explicit
# mode, and at finite $\kappa_c$ the error is of order $\omega/\kappa_c$ and $\kappa/\kappa_c$.
#
# ## 3. A cascade: one way by construction
#
# `Cascade("a.out", "b.in")` feeds the output of $a$'s port `out` into $b$'s port `in`, with
# no back-action. Each cavity has two ports of rate $\kappa/2$. End to end, a probe entering
# `a.in` leaves `b.out` with the product of the two single-cavity responses; nothing comes back.

# %%
cascade = hs.Network([
    hs.Cavity("a", detuning=0, damping=KAPPA, occupation=0),
    hs.Cavity("b", detuning="Delta_b", damping=KAPPA, occupation=0),
    hs.Port("a", "in_a", rate=KAPPA / 2), hs.Port("a", "out", rate=KAPPA / 2),
    hs.Port("b", "in", rate=KAPPA / 2), hs.Port("b", "out_b", rate=KAPPA / 2),
    hs.Cascade("a.out", "b.in", efficiency=1, phase=0),
])
chain = scattering(cascade, [{"Delta_b": 0.0}, {"Delta_b": 1.0}], omega)
forward = chain.transmission("out_b", "in_a")
backward = chain.transmission("in_a", "out_b")
print(f"cascade: |S(out_b ← in_a)|² on resonance {forward[0, 50]:.6f}, "
      f"largest backward |S|² {backward.max():.1e}")

# %% [markdown]
# ## 4. A two-mode squeezed input
#
# `TwoModeSqueezedBath("a", "b", r)` makes the two cavities' own inputs the outputs of a
# parametric amplifier: $\langle a_{in} b_{in}\rangle = -\sinh r\cosh r$. Two uncoupled
# cavities at detunings $\Delta_a = \Delta_b = \Delta$ keep
# $E_N = \max(0, -\ln(\cosh 2r - \sinh 2r\, 2\kappa/|2\kappa + 2i\Delta|))$ (`docs/baths.md`):
# the input's $2r$ on resonance, less off it,
# none beyond $|\Delta| = \kappa/\sinh r$.

# %%
R = 0.5
squeezed = hs.Network([
    hs.Cavity("a", detuning="Delta", damping=KAPPA, occupation=0),
    hs.Cavity("b", detuning="Delta", damping=KAPPA, occupation=0),
    hs.TwoModeSqueezedBath("a", "b", r=R),
])
detuning = np.linspace(-3, 3, 61)
V = steady_covariance(squeezed, [{"Delta": d} for d in detuning])
entanglement = np.array([log_negativity(v, 0, 1) for v in V])
closed = np.maximum(0, -np.log(np.cosh(2 * R) - np.sinh(2 * R) * 2 * KAPPA
                               / np.abs(2 * KAPPA + 2j * detuning)))
print(f"E_N on resonance {entanglement[30]:.6f} (2r = {2 * R}); largest deviation from the "
      f"closed form {np.abs(entanglement - closed).max():.1e}")

# %% [markdown]
# ## Figure

# %%
fig, axes = plt.subplots(2, 3, figsize=(13, 7), constrained_layout=True)
for ax, (label, values) in zip(axes[0, :2], maps.items()):
    image = ax.pcolormesh(omega, theta, np.clip(values, -40, 40), cmap="RdBu_r", vmin=-40,
                          vmax=40, shading="nearest")
    ax.set(xlabel=r"$\omega/\kappa$", ylabel=r"phase $\theta$", title=f"isolation, {label}")
fig.colorbar(image, ax=axes[0, :2], label="isolation (dB, clipped at ±40)")
axes[0, 2].loglog(kappa_c, error_s, "o-", label=r"max $|S - S_{shared}|$")
axes[0, 2].loglog(kappa_c, error_v, "s-", label=r"max $|V_{ab} - V_{shared}|$")
axes[0, 2].loglog(kappa_c, error_s[-1] * kappa_c[-1] / kappa_c, "k:", label=r"$\propto 1/\kappa_c$")
axes[0, 2].set(xlabel=r"$\kappa_c/\kappa$", title="auxiliary mode → shared bath")
axes[0, 2].legend(frameon=False, fontsize=8)
for k, label in enumerate((r"$\Delta_b = 0$", r"$\Delta_b = \kappa$")):
    axes[1, 0].plot(omega, forward[k], label=f"forward, {label}")
axes[1, 0].plot(omega, backward[0], "k--", label="backward")
axes[1, 0].set(xlabel=r"$\omega/\kappa$", ylabel=r"$|S|^2$", title="cascade a → b")
axes[1, 0].legend(frameon=False, fontsize=8)
at_isolator = ideal.transmission("right", "left")[at], ideal.transmission("left", "right")[at]
axes[1, 1].plot(omega, at_isolator[0], label=r"$|S_{right,left}|^2$")
axes[1, 1].plot(omega, at_isolator[1], "--", label=r"$|S_{left,right}|^2$")
axes[1, 1].set(xlabel=r"$\omega/\kappa$", title=r"shared bath at $\theta = -\pi/2$, $\Gamma = J$")
axes[1, 1].legend(frameon=False, fontsize=8)
axes[1, 2].plot(detuning, entanglement, label="hybridsys")
axes[1, 2].plot(detuning, closed, "k:", label="closed form")
axes[1, 2].set(xlabel=r"$\Delta/\kappa$", ylabel=r"$E_N(a, b)$",
               title=f"two-mode squeezed input, r = {R}")
axes[1, 2].legend(frameon=False, fontsize=8)
fig.savefig(out / "nonreciprocity.png", dpi=120)

# %% [markdown]
# ## Files

# %%
np.savez_compressed(
    out / "nonreciprocity.npz", theta=theta, omega=omega, isolation_shared=maps["shared bath"],
    isolation_auxiliary=list(maps.values())[1], kappa_c=kappa_c, error_S=error_s,
    error_V=error_v, cascade_forward=forward, cascade_backward=backward,
    cascade_forward_amplitude=chain.amplitude("out_b", "in_a"), detuning=detuning,
    E_N=entanglement, V_squeezed=V)
(out / "parameters.json").write_text(json.dumps({
    "hybridsys": hs.__version__, "kappa": KAPPA, "J": J, "Gamma": J, "kappa_c_map": KAPPA_C,
    "nbar_convergence": NBAR, "theta_convergence": ISOLATING, "r": R,
    "cascade": {"ports": "κ/2 each", "efficiency": 1, "phase": 0, "Delta_b": [0.0, 1.0]},
    "conventions": "amplitude rates; o_out = √(2κ_e) o − o_in; u(ω) = ∫dt e^{iωt} u(t); "
                   "isolation = 10 log10 |S_right,left|²/|S_left,right|²",
}, indent=2, ensure_ascii=False), encoding="utf-8")
print(f"wrote {out}/nonreciprocity.png, nonreciprocity.npz, parameters.json")
