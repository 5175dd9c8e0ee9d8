"""Our share of a master-equation call against the same problem coded directly in QuTiP.

    python bench/master.py [N]        (default cutoff N = 12 Fock states per mode)

The problem: a driven Kerr cavity a exchanging photons with a second cavity c (beam
splitter), both damped, zero temperature, cutoffs N × N; the steady state and its
⟨a†a⟩, g²(0) of a, the covariance V of (X_a, Y_a, X_c, Y_c) and the exact E_N(a, c).

* by hand: destroy operators by ``qutip.tensor``, H and the collapse operators written
  out, ``qutip.steadystate``, the expectations by ``qutip.expect``;
* ours: ``hs.to_qutip`` (the symbolic conversion is cached: its first, cold call is
  printed apart), the same ``qutip.steadystate``, and the results by
  :func:`hybridsys.numerics.master.state_moments` and the exact E_N.

Both solves run with BLAS held to one thread (as the route does). Each side is timed
three times, best kept. Printed: the parts of ours, our share (everything but the
solve) against the solve, and last the ratio of the two whole calls, with the load.
"""

from __future__ import annotations

import sys

import numpy as np
import qutip

import hybridsys as hs
from hybridsys.compiled.qutip import conversion
from hybridsys.numerics.master import exact_log_negativity, one_blas_thread, state_moments
from timing import timed

VALUES = {"Delta_a": -1.0, "kappa_a": 0.5, "K_a": 0.4, "xi_a": 1.0, "Delta_c": 0.5, "kappa_c": 0.3, "g_a_c": 0.6}
NETWORK = hs.Network([hs.Cavity("a"), hs.Cavity("c"), hs.Kerr("a"), hs.Drive("a"), hs.BeamSplitter("a", "c")])


def by_hand(N: int):
    v = VALUES
    a = qutip.tensor(qutip.destroy(N), qutip.qeye(N))
    c = qutip.tensor(qutip.qeye(N), qutip.destroy(N))
    H = (v["Delta_a"] * a.dag() * a + v["K_a"] * (a.dag() * a) ** 2 + 1j * v["xi_a"] * (a.dag() - a)
         + v["Delta_c"] * c.dag() * c + v["g_a_c"] * (a.dag() * c + c.dag() * a))
    c_ops = [np.sqrt(2 * v["kappa_a"]) * a, np.sqrt(2 * v["kappa_c"]) * c]
    with one_blas_thread():
        rho = qutip.steadystate(H, c_ops)
    n = qutip.expect(a.dag() * a, rho)
    g2 = qutip.expect(a.dag() ** 2 * a**2, rho) / n**2
    R = [(a + a.dag()) / np.sqrt(2), 1j * (a.dag() - a) / np.sqrt(2), (c + c.dag()) / np.sqrt(2), 1j * (c.dag() - c) / np.sqrt(2)]
    mean = np.array([qutip.expect(r, rho) for r in R])
    V = np.array([[qutip.expect((p * q + q * p) / 2, rho) for q in R] for p in R]) - np.outer(mean, mean)
    pair = qutip.partial_transpose(rho, [0, 1])
    EN = np.log(np.sum(np.abs(np.linalg.eigvalsh(pair.full()))))
    return n, g2, V, EN


def ours(N: int, parts: dict):
    model, parts["operators"] = timed(hs.to_qutip, NETWORK, VALUES, {"a": N, "c": N})
    with one_blas_thread():
        rho, parts["solve"] = timed(qutip.steadystate, model.H, list(model.c_ops))
    (moments, EN), parts["results"] = timed(lambda: (state_moments(model, rho), exact_log_negativity(rho, 0, 1)))
    return moments.occupations[0, 0], moments.g2[0, 0], moments.covariance[0], EN


def main(N: int = 12) -> None:
    import os

    derivation = hs.derive(NETWORK)
    _, cold = timed(conversion, derivation)
    hand, t_hand = timed(by_hand, N, repeat=3)
    best = {"total": np.inf}
    for _ in range(3):
        parts: dict = {}
        result, total = timed(ours, N, parts)
        if total < best["total"]:
            best = {**parts, "total": total}
    n, g2, V, EN = result
    assert np.isclose(n, hand[0], rtol=1e-8) and np.isclose(g2, hand[1], rtol=1e-8)
    # by hand the quadrature products are taken on the truncated space: they differ at the top level only
    assert np.allclose(V, hand[2], atol=1e-6) and np.isclose(EN, hand[3], atol=1e-8)
    share = best["total"] - best["solve"]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"driven Kerr cavity + beam splitter, cutoffs {N} x {N} (d = {N * N}): <a†a> {n:.6g}, g2 {g2:.6g}, E_N {EN:.6g}")
    print(f"symbolic conversion, once per network (cached after): {cold:.3f} s")
    print(f"ours: operators {best['operators']:.3f} s, solve {best['solve']:.3f} s, results {best['results']:.3f} s")
    print(f"our share (operators + results) / the solve: {share / best['solve']:.3f}")
    print(f"by hand in QuTiP: {t_hand:.3f} s; ours: {best['total']:.3f} s")
    print(f"ratio ours / by hand: {best['total'] / t_hand:.3f}   [load {load}; {os.cpu_count()} cores]")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
