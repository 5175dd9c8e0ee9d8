# %% [markdown]
# # 6. Noise spectra and magnomechanically induced transparency
#
# In cavity magnomechanics (microwave cavity $a$, Kittel magnon $m$, phonon $b$ of the YIG
# sphere; `models/cavity_magnomechanics.toml`, Li, Zhu & Agarwal, PRL 121, 203601 (2018))
# the fluctuations obey $\dot u = Au + \xi$ at a stable fixed point, and their spectra follow
# from $A$ and $D$ alone (`hybridsys.measures.spectra`):
#
# $$S(\omega) = (A + i\omega)^{-1} D (A^T - i\omega)^{-1},\qquad
# \int S(\omega)\,\frac{d\omega}{2\pi} = V,$$
#
# with $u(\omega) = \int dt\, e^{i\omega t} u(t)$, $\omega$ measured from the drive's frequency
# (the rotating frame of the drift), vacuum variance ½. Two questions:
#
# 1. **The phonon's noise spectrum** at the paper's operating point: how does the
#    magnetostrictive coupling reshape and cool the phonon $b$, whose bath holds
#    $\bar n_b = 20$ quanta?
# 2. **A weak probe** sent to the magnon at $\omega = \omega_p - \omega_d$: with the magnon
#    driven on its red sideband, the phonon opens a transparency window in the magnon's
#    absorption (magnomechanically induced transparency, MMIT; Zhang et al., Sci. Adv. 2,
#    e1501286 (2016)).
#
# Run: `python tutorials/06_spectra_cavity_magnomechanics.py [OUTDIR]` (default
# `out/06_spectra_cavity_magnomechanics`). It writes `spectra.png`, the data `spectra.npz`
# (with A and D behind every curve) and `parameters.json`.

# %%
import json
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import hybridsys as hs
from hybridsys.measures import mechanical_response, noise_spectrum, probe_transmission

# OUTDIR from the command line; in a notebook (argv holds the kernel's flags) the default
default = "out/06_spectra_cavity_magnomechanics"
out = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else default)
out.mkdir(parents=True, exist_ok=True)
model = hs.load_model("cavity_magnomechanics")
compiled = hs.compile(model)
a, m, b = (compiled.modes.index(name) for name in ("a", "m", "b"))


def operating_point(**overrides):
    """Parameters, the stable fixed point, A and D (the li2018 set with ``overrides``)."""
    values = model.values(None, **overrides)
    params = compiled.parameters(values)
    steady = hs.steady_states(compiled, params)
    assert steady.stable.any(), "no stable fixed point"
    state = steady.states[int(np.argmax(steady.stable))]
    covariance = steady.covariance[int(np.argmax(steady.stable))]
    return {"values": values, "state": state, "V": covariance,
            "A": compiled.drift(params, state), "D": compiled.diffusion(params)}

# %% [markdown]
# ## 1. The phonon's noise spectrum at the paper's point
#
# At the li2018 set ($|G_{mb}| = 0.32\,\omega_b$, effective magnon detuning $0.9\,\omega_b$)
# and with the magnetostriction switched off ($g_{mb} = 0$: the bare phonon, a thermal
# Lorentzian $10^{-5}\,\omega_b$ wide, 100 Hz, around $\pm\omega_b$). We plot the
# number-like spectrum $\tfrac12(S_{XX} + S_{YY})$ of $b$, whose integral is
# $\langle\delta b^\dagger\delta b\rangle + \tfrac12$, and check that integral against the
# steady covariance (the integral runs over $\omega = \tan u$ by the midpoint rule).

# %%
paper, bare = operating_point(), operating_point(g_mb=0.0)
omega = np.linspace(-2, 2, 2001)
spectrum_b = noise_spectrum(paper["A"], paper["D"], omega, b, "number")
steps = 20000
u = -np.pi / 2 + (np.arange(steps) + 0.5) * np.pi / steps
integral = np.sum(noise_spectrum(paper["A"], paper["D"], np.tan(u), b, "number") / np.cos(u) ** 2)
integral *= (np.pi / steps) / (2 * np.pi)
variance = (paper["V"][2 * b, 2 * b] + paper["V"][2 * b + 1, 2 * b + 1]) / 2
frequency, damping = mechanical_response(paper["A"], b, [a, m])
nbar_b = paper["values"]["nbar_b"]
print(f"∫S_b dω/2π = {integral:.8f}, (V_XX + V_YY)/2 = {variance:.8f}")
print(f"phonon occupation: {variance - 0.5:.4f} quanta (bath: {nbar_b:.2f});"
      f" bare phonon {(bare['V'][2 * b, 2 * b] + bare['V'][2 * b + 1, 2 * b + 1]) / 2 - 0.5:.2f}")
print(f"dressed phonon: frequency {frequency:.4f} ω_b, damping {damping:.4f} ω_b"
      f" (bare: 1, {bare['values']['gamma_b']:g})")

# %% [markdown]
# The magnon, driven on the red side of its resonance, cools the phonon from 20 quanta
# to a small fraction of one: its spectrum is no longer the bare phonon's needle at
# $\pm\omega_b$ but a broad, split feature (the strong coupling $|G_{mb}| > \kappa_m$ hybridizes
# phonon and magnon), with the dressed frequency and damping printed above. The area
# under the curve is the steady variance, to the accuracy of the quadrature.
#
# ## 2. A weak probe: magnomechanically induced transparency
#
# For a clean transparency window we drive the magnon on its red sideband
# ($\Delta_m = \omega_b$), ten times more weakly than in the paper (a linearized coupling
# $|G_{mb}| \approx 0.03\,\omega_b < \kappa_m$), and move the cavity far away
# ($\Delta_a = 5\,\omega_b$). The probe enters through a port of the magnon with half its
# damping ($\kappa_{in} = \kappa_m/2$, critical coupling: our choice) and is read at the
# same port, $t = 1 - 2\kappa_{in}\chi(\omega)$ (`probe_transmission` without
# `kappa_out`). Without the phonon ($g_{mb} = 0$) this is the magnon's Lorentzian dip.

# %%
mmit = {"Delta_a": 5.0, "Delta_m": 1.0, "xi_m": model.values()["xi_m"] / 10}
probe = {"with phonon": operating_point(**mmit), "g_mb = 0": operating_point(**mmit, g_mb=0.0)}
detuning = np.linspace(0.9, 1.1, 801)
kappa_in = model.values()["kappa_m"] / 2
response = {k: probe_transmission(p["A"], detuning, m, kappa_in) for k, p in probe.items()}
coupling = 2 * compiled.effective_couplings(compiled.parameters(probe["with phonon"]["values"]),
                                            probe["with phonon"]["state"])[1]
print(f"|G_mb| = {coupling:.4f} ω_b at the MMIT point")
for k, (power, phase) in response.items():
    centre = np.argmin(np.abs(detuning - 1.0))
    print(f"{k:12s} |t|² at ω = ω_b: {power[centre]:.4f}; smallest |t|²: {power.min():.4f}")

# %% [markdown]
# Without the phonon the probe is absorbed on the magnon's resonance (the dip, slightly
# shifted by the far cavity). With it, a narrow window opens at $\omega = \omega_b$: the
# probe and the drive beat at the phonon's frequency, the phonon responds, and its
# sideband interferes destructively with the probe's excitation of the magnon. The phase
# of $t$ turns steeply across the window (slow light: group delay $-d\arg t/d\omega$).
#
# ## Figure

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), constrained_layout=True)
axes[0].semilogy(omega, spectrum_b, lw=0.8, label=r"li2018: $|G_{mb}| = 0.32\,\omega_b$")
axes[0].set(xlabel=r"$\omega/\omega_b$", ylabel=r"$(S_{XX} + S_{YY})/2$ of $b$",
            title="phonon noise spectrum")
axes[0].legend(frameon=False, fontsize=7)
for k, (power, phase) in response.items():
    axes[1].plot(detuning, power, lw=0.9, label=k)
    axes[2].plot(detuning, np.unwrap(phase), lw=0.9, label=k)
probe_axis = r"$(\omega_p - \omega_d)/\omega_b$"
axes[1].set(xlabel=probe_axis, ylabel=r"$|t|^2$", title="probe at the magnon")
axes[2].set(xlabel=probe_axis, ylabel=r"$\arg t$", title="its phase")
axes[1].legend(frameon=False, fontsize=7)
fig.suptitle(r"cavity magnomechanics, $\omega_{ref} = \omega_b = 2\pi\times10$ MHz;"
             rf" $\kappa_a = \kappa_m = 0.1$, $\bar n_b = {nbar_b:.1f}$,"
             r" $\kappa_{in} = \kappa_m/2$",
             fontsize=9)
fig.savefig(out / "spectra.png", dpi=150)

# %% [markdown]
# ## Files
#
# `spectra.npz` holds $A$, $D$ and the steady $V$ of each operating point beside the curves,
# so that every curve can be recomputed from its formula.

# %%
data = {"omega": omega, "spectrum_b": spectrum_b, "integral_b": integral, "variance_b": variance,
        "detuning": detuning, "kappa_in": kappa_in, "modes": np.array(compiled.modes)}
for key, point in {"paper": paper, "bare": bare, "mmit": probe["with phonon"],
                   "mmit_bare": probe["g_mb = 0"]}.items():
    data.update({f"{key}_{name}": point[name] for name in ("A", "D", "V", "state")})
for key, (power, phase) in zip(("mmit", "mmit_bare"), response.values()):
    data.update({f"{key}_power": power, f"{key}_phase": phase})
np.savez_compressed(out / "spectra.npz", **data)
(out / "parameters.json").write_text(json.dumps({
    "hybridsys": hs.__version__, "model": model.name, "parameter_set": model.default_set,
    "paper": paper["values"], "mmit": probe["with phonon"]["values"], "kappa_in": kappa_in,
    "conventions": "u(ω) = ∫dt e^{iωt} u(t); ω from the drive; S symmetrized; vacuum ½; "
                   "t = 1 − 2κ_in χ at the probe's own port",
}, indent=2, ensure_ascii=False), encoding="utf-8")
print(f"wrote {out}/spectra.png, spectra.npz, parameters.json")
