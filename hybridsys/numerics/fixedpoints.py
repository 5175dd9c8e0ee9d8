"""Every mean-field fixed point (steady state of (S7)), with its stability.

**Intensity reduction** (exact, where the network allows it; derived once in
:mod:`hybridsys.symbolic.reduction`). When every
non-phonon mode o sees other modes only through phonon positions and its own
number (drives, detunings, Kerr, radiation pressure, magnetostriction: the spec's
system), its steady state is o = ξ_o / (κ_o + iΔ_o), where the effective detuning
Δ_o is affine in the intensities I = |o|² once the linear phonon equations are
solved: Δ_o = d_o + Σ c_oo' I_o'. With J_o = I_o κ_o²/|ξ_o|² ∈ (0, 1] this is

    J_o (1 + (e_o + Σ a_oo' J_o')²) = 1,     e_o = d_o/κ_o, a_oo' = c_oo'|ξ_o'|²/(κ_o κ_o'²),

one cubic per driven mode (the Kerr bistability). For one driven mode its roots
are all fixed points; for two, the resultant in J_1 gives a polynomial of degree
≤ 9 in J_2 whose roots in (0, 1] are all candidates. Every candidate is polished
by Newton's method on the full equations (the drift matrix is their Jacobian).

**Search** (any other network): Newton's method from many starting points. It
finds fixed points but cannot promise it found all; results say so
(``complete`` is False for such points).
"""

from __future__ import annotations

import attrs
import numpy as np

from ..compiled import codegen
from ..compiled.kernels import worth_compiling
from . import intensity_resultant, intensity_roots, lapack
from .linalg import batched_solve
from .stability import verdict_from_drift


# -- numerics ---------------------------------------------------------------------
def polynomial_roots(coefficients: np.ndarray) -> np.ndarray:
    """Complex roots of a batch of polynomials (batch, degree+1), highest power first,
    as eigenvalues of companion matrices. A vanishing leading coefficient is
    replaced by a tiny one: its spurious roots are huge and get discarded. Rows with
    non-finite coefficients give NaN roots."""
    finite = np.all(np.isfinite(coefficients), axis=-1) & np.any(coefficients != 0, axis=-1)
    c = np.where(finite[..., None], coefficients, 1.0)
    c = c / np.max(np.abs(c), axis=-1, keepdims=True)
    lead = c[..., 0]
    lead = np.where(np.abs(lead) < 1e-14, np.where(lead < 0, -1e-14, 1e-14), lead)
    degree = c.shape[-1] - 1
    companion = np.zeros(c.shape[:-1] + (degree, degree))
    companion[..., 0, :] = -c[..., 1:] / lead[..., None]
    companion[..., np.arange(1, degree), np.arange(degree - 1)] = 1.0
    return np.where(finite[..., None], np.linalg.eigvals(companion), np.nan)


def resultant_source() -> str:
    """Source of ``resultant(c)``: the coefficients (highest first) in J2 of
    Res_J1(P1, P2) for the scaled two-mode system, c = (e1, a11, a12, e2, a21, a22),
    derived with sympy. It is model-independent: :mod:`hybridsys.numerics.intensity_resultant`
    holds it generated ahead of time (sympy's resultant took about 1.7 s of every run
    with two driven modes); tests/test_fixedpoints.py checks the two agree."""
    import sympy as sp

    J1, J2, *names = sp.symbols("J1 J2 e1 a11 a12 e2 a21 a22", real=True)
    e1, a11, a12, e2, a21, a22 = names
    P1 = J1 * (1 + (e1 + a11 * J1 + a12 * J2) ** 2) - 1
    P2 = J2 * (1 + (e2 + a21 * J1 + a22 * J2) ** 2) - 1
    coefficients = sp.Poly(sp.resultant(sp.expand(P1), sp.expand(P2), J1), J2).all_coeffs()
    return codegen.generate("resultant", [("c", names)], {(k,): v for k, v in enumerate(coefficients)}, (len(coefficients),))


def _cubic(e: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Coefficients of J(1 + (e + aJ)²) - 1 in J, highest first."""
    return np.stack([a * a, 2 * a * e, 1 + e * e, -np.ones_like(e)], axis=-1)


def _real_unit_roots(roots: np.ndarray) -> np.ndarray:
    """Roots that may be real and in [0, 1] (the others NaN). Clustered roots are
    ill-conditioned, so the net is wide; Newton's method decides later."""
    keep = (np.abs(roots.imag) < 1e-2) & (roots.real > -1e-2) & (roots.real < 1 + 1e-2)
    return np.where(keep, roots.real, np.nan)


def _iterate(step, x: np.ndarray, iterations: int, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """x ← x − step(rows, x[rows]) on the rows (of x, shape (M, m)) still moving; a row
    settles when its step is below ``tolerance`` relative to 1 + |x|. Returns x and
    which rows settled."""
    active = np.all(np.isfinite(x), axis=-1)
    settled = np.zeros(len(x), dtype=bool)
    for _ in range(iterations):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            break
        dx = step(rows, x[rows])
        x[rows] -= dx
        small = np.max(np.abs(dx), axis=-1) <= tolerance * (1 + np.max(np.abs(x[rows]), axis=-1))
        settled[rows[small]] = True
        active[rows[small | ~np.all(np.isfinite(x[rows]), axis=-1)]] = False
    return x, settled


def _scaled_newton(J: np.ndarray, e: np.ndarray, a: np.ndarray, iterations: int = 40) -> np.ndarray:
    """Newton's method on J_o(1 + u_o²) = 1, u = e + aJ, for candidates (batch, C, m);
    candidates that do not converge become NaN."""
    if J.shape[-1] == 0:
        return J
    rows, columns = np.nonzero(np.all(np.isfinite(J), axis=-1))
    e, a = e[rows], a[rows]
    eye = np.eye(J.shape[-1])

    def step(k, x):
        u = e[k] + (a[k] @ x[..., None])[..., 0]
        return batched_solve(eye * (1 + u**2)[..., None] + (2 * x * u)[..., None] * a[k], x * (1 + u**2) - 1)

    with np.errstate(all="ignore"):
        x, _ = _iterate(step, J[rows, columns], iterations, 1e-15)
        converged = np.max(np.abs(x * (1 + (e + (a @ x[..., None])[..., 0]) ** 2) - 1), axis=-1) < 1e-9
    out = np.full(J.shape, np.nan)
    out[rows[converged], columns[converged]] = x[converged]
    return out


def _scaled_candidates(e: np.ndarray, a: np.ndarray, compiled_roots: bool = False) -> np.ndarray:
    """Candidate J (batch, candidates, m) of J_o (1 + (e_o + Σ a_oo' J_o')²) = 1, m <= 2.
    ``compiled_roots``: the solutions themselves, from the compiled root isolation and
    Newton polish of :mod:`hybridsys.numerics.intensity_roots`."""
    batch, m = e.shape
    if m == 0:
        return np.zeros((batch, 1, 0))
    if m == 1:
        if compiled_roots:
            return intensity_roots.scaled_solutions(e, a, None, 3)
        return _real_unit_roots(polynomial_roots(_cubic(e[:, 0], a[:, 0, 0])))[:, :, None]
    swap = np.maximum(np.abs(a[:, 0, 0]), np.abs(a[:, 1, 0])) < np.maximum(np.abs(a[:, 1, 1]), np.abs(a[:, 0, 1]))
    order = np.where(swap[:, None], [1, 0], [0, 1])  # eliminate the better-conditioned unknown
    e = np.take_along_axis(e, order, axis=1)
    a = np.take_along_axis(np.take_along_axis(a, order[:, :, None], axis=1), order[:, None, :], axis=2)
    if_flat = np.max(np.abs(a.reshape(batch, -1)), axis=1) < 1e-10
    a[:, 0, 0] = np.where(if_flat, 1e-10, a[:, 0, 0])  # linear system: keep the resultant non-degenerate
    coefficients = intensity_resultant.resultant(np.stack([e[:, 0], a[:, 0, 0], a[:, 0, 1], e[:, 1], a[:, 1, 0], a[:, 1, 1]], axis=-1))
    if compiled_roots:
        return np.take_along_axis(intensity_roots.scaled_solutions(e, a, coefficients, 27), order[:, None, :], axis=2)
    second = _real_unit_roots(polynomial_roots(coefficients))  # (batch, 9)
    shift = e[:, 0, None] + a[:, 0, 1, None] * second
    first = _real_unit_roots(polynomial_roots(_cubic(shift, np.broadcast_to(a[:, 0, 0, None], shift.shape))))
    second = np.broadcast_to(second[:, :, None], first.shape)
    candidates = np.stack([first, second], axis=-1).reshape(batch, -1, 2)
    return np.take_along_axis(candidates, order[:, None, :], axis=2)  # undo the swap


def _reduction_seeds(compiled, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Candidate states (batch, candidates, 2n) from the intensity polynomial, and
    where it applies: a driven mode without damping (κ = 0) has no bound on its
    intensity, so the scaled polynomial does not exist there."""
    info = compiled.meta["reduction"]
    values = compiled._reduction(params)
    piece = {key: values[:, start : start + rows * cols].reshape(len(values), rows, cols) for key, (start, rows, cols) in info["layout"].items()}
    kappa, offset = piece["damping"][..., 0], piece["offset"][..., 0]
    drive = piece["drive_re"][..., 0] + 1j * piece["drive_im"][..., 0]
    M, F, W, N = piece["M"], piece["F"], piece["W"], piece["N"]
    response = -batched_solve(M, F) if M.shape[-1] else np.zeros(F.shape)  # q = response @ I (NaN where M is singular)
    shift = N + W @ response  # Δ = offset + shift @ I
    driven = [info["modes"].index(n) for n in info["driven"]]
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.abs(drive) ** 2 / kappa**2  # I_o <= |ξ_o|²/κ_o²
        d = np.ix_(range(len(params)), driven, driven)
        e = offset[:, driven] / kappa[:, driven]
        a = shift[d] * bound[:, None, driven] / kappa[:, driven, None]
        ok = np.all(np.isfinite(e), axis=1) & np.all(np.isfinite(a), axis=(1, 2)) & np.all(np.isfinite(response), axis=(1, 2))
    scaled = np.full((len(params), 27 if len(driven) == 2 else 3 if driven else 1, len(driven)), np.nan)
    if np.any(ok):
        if intensity_roots.available() and worth_compiling(len(params)):
            scaled[ok] = _scaled_candidates(e[ok], a[ok], compiled_roots=True)
            if driven:  # the compiled solver fills its slots in order: drop the columns left empty
                scaled = scaled[:, : max(1, int(np.isfinite(scaled[..., 0]).sum(axis=1).max(initial=0)))]
        else:
            scaled[ok] = _scaled_newton(_scaled_candidates(e[ok], a[ok]), e[ok], a[ok])
    intensity = np.zeros(scaled.shape[:2] + (len(info["modes"]),))
    intensity[..., driven] = scaled * bound[:, None, driven]
    q = intensity @ np.swapaxes(response, -1, -2)  # (batch, candidates, quadratures)
    detuning = offset[:, None, :] + intensity @ np.swapaxes(shift, -1, -2)
    with np.errstate(divide="ignore", invalid="ignore"):  # an undriven mode stays empty
        amplitude = np.where(drive[:, None, :] == 0, 0, drive[:, None, :] / (kappa[:, None, :] + 1j * detuning))
    state = np.empty(scaled.shape[:2] + (compiled.size,))
    for k, name in enumerate(info["modes"]):
        position = 2 * compiled.modes.index(name)
        state[..., position] = np.sqrt(2) * amplitude[..., k].real
        state[..., position + 1] = np.sqrt(2) * amplitude[..., k].imag
    for k, name in enumerate(info["quadratures"]):
        state[..., compiled.state_names.index(name.replace("mean:", ""))] = q[..., k]
    return state, ok


def _search_seeds(compiled, params: np.ndarray, count: int = 32, seed: int = 0) -> np.ndarray:
    """Starting points for Newton's method where no reduction exists: the origin, one
    Newton step from it, and random points on that step's scale."""
    origin = np.zeros((len(params), compiled.size))
    step = -batched_solve(compiled._drift(params, origin), compiled._mean_field(params, origin))
    scale = np.maximum(1.0, np.max(np.abs(step), axis=-1))
    noise = np.random.default_rng(seed).normal(size=(len(params), count, compiled.size)) * scale[:, None, None]
    return np.concatenate([origin[:, None], step[:, None], noise], axis=1)


def _newton_step(compiled, params: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A⁻¹f, damped where the full step does not reduce |f|: then the fraction 2^-k
    (k = 1..5) of it that reduces |f| most. Where A is singular (e.g. a lossless
    undriven mode), the minimum-norm step."""
    f = compiled._mean_field(params, x)
    drift = compiled._drift(params, x)
    step = batched_solve(drift, f)
    singular = ~np.all(np.isfinite(step), axis=-1) & np.all(np.isfinite(drift), axis=(-2, -1))
    if np.any(singular):
        step[singular] = (np.linalg.pinv(drift[singular]) @ f[singular][..., None])[..., 0]
    size = lambda p, y: np.max(np.abs(compiled._mean_field(p, y)), axis=-1)  # noqa: E731
    worse = np.flatnonzero(~(size(params, x - step) < np.max(np.abs(f), axis=-1)))
    if worse.size:
        fractions = 0.5 ** np.arange(1, 6)
        trial = x[worse][None] - fractions[:, None, None] * step[worse][None]
        sizes = size(np.broadcast_to(params[worse], (5,) + params[worse].shape), trial)
        best = np.argmin(np.where(np.isfinite(sizes), sizes, np.inf), axis=0)
        step[worse] *= fractions[best][:, None]
    return step


def polish(compiled, params: np.ndarray, states: np.ndarray, iterations: int = 60, bound: float = 1e10) -> tuple[np.ndarray, np.ndarray]:
    """Damped Newton's method on the mean-field equations (the drift matrix is their
    exact Jacobian) for states (M, 2n) at params (M, P). Returns the states and whether
    each converged: the step became negligible, the residual is at rounding relative
    to ‖A‖·‖x‖, and |x| stayed below ``bound`` times the scale 1 + |x₀| of its start
    (iterates running off to infinity can look converged in relative terms; a fixed
    point that is huge because the drive is huge starts huge)."""
    with np.errstate(all="ignore"):
        limit = bound * (1 + np.max(np.abs(states), axis=-1))
        x, settled = _iterate(lambda rows, x: _newton_step(compiled, params[rows], x), states.copy(), iterations, 1e-13)
        finite = np.flatnonzero(settled & (np.max(np.abs(x), axis=-1) < limit))
        residual = np.full(len(x), np.inf)
        drift = compiled._drift(params[finite], x[finite])
        scale = np.max(np.abs(drift), axis=(-2, -1)) * (1 + np.max(np.abs(x[finite]), axis=-1))
        residual[finite] = np.max(np.abs(compiled._mean_field(params[finite], x[finite])), axis=-1) / scale
    return x, residual < 1e-10


def _distinct(states: np.ndarray, converged: np.ndarray) -> np.ndarray:
    """Mask of converged candidates (batch, C, 2n) not equal to another converged
    one of the same point: sorted by occupation, duplicates are neighbours."""
    key = np.where(converged, np.sum(np.nan_to_num(states) ** 2, axis=-1), np.inf)
    order = np.argsort(key, axis=1, kind="stable")
    ranked = np.take_along_axis(states, order[..., None], axis=1)
    scale = 1 + np.max(np.abs(np.where(converged[..., None], states, 0.0)), axis=(-2, -1))
    with np.errstate(invalid="ignore"):
        same = np.max(np.abs(np.diff(ranked, axis=1)), axis=-1) <= 1e-7 * scale[:, None]
    keep_ranked = np.take_along_axis(converged, order, axis=1)
    keep_ranked[:, 1:] &= ~same
    keep = np.zeros_like(converged)
    np.put_along_axis(keep, order, keep_ranked, axis=1)
    return keep


@attrs.frozen
class FixedPoints:
    """Every fixed point found for each parameter point, sorted by total mean
    occupation; arrays are padded with NaN (states) or False beyond ``count``.

    ``stable`` comes from the Routh-Hurwitz verdict (S53)-(S54) and
    ``max_real_eigenvalue`` from the eigenvalues of A (NaN if not asked for); ``agree``
    checks one against the other where both exist. ``complete`` (per point) is True where the intensity polynomial was
    used and the count is odd (the indices of the fixed points of a system whose
    intensities are bounded sum to 1, so an even count means one was missed).
    """

    states: np.ndarray
    count: np.ndarray
    stable: np.ndarray
    max_real_eigenvalue: np.ndarray
    method: str
    complete: np.ndarray

    @property
    def agree(self) -> bool:
        present = np.isfinite(self.max_real_eigenvalue)
        return bool(np.all((self.max_real_eigenvalue[present] < 0) == self.stable[present]))


def fixed_points(compiled, params: np.ndarray, spectrum: bool = True) -> FixedPoints:
    """All mean-field fixed points of (S7) at each parameter point (batch..., P).
    ``spectrum=False`` skips the eigenvalues of A (``max_real_eigenvalue`` stays NaN,
    ``stable`` is unaffected): a steady-state sweep does not need them. A time-dependent
    model has no fixed points: it is refused (see :mod:`hybridsys.numerics.periodic`)."""
    compiled.require_static("fixed points (and the intensity reduction)")
    params = compiled._params(params)
    batch = params.shape[:-1]
    flat = params.reshape(int(np.prod(params.shape[:-1])), params.shape[-1])
    if "reduction" in compiled.meta:
        seeds, complete = _reduction_seeds(compiled, flat)
        if not np.all(complete):  # points the reduction cannot handle are searched
            search = np.full((len(flat),) + _search_seeds(compiled, flat[:1]).shape[1:], np.nan)
            search[~complete] = _search_seeds(compiled, flat[~complete])
            seeds = np.concatenate([seeds, search], axis=1)
        method = "intensity polynomial" if np.all(complete) else "intensity polynomial; Newton search where it does not apply"
    else:
        seeds, method, complete = _search_seeds(compiled, flat), "Newton search", np.zeros(len(flat), dtype=bool)
    candidates = np.flatnonzero(np.all(np.isfinite(seeds), axis=-1).ravel())
    rows = candidates // seeds.shape[1]
    states = np.full(seeds.shape, np.nan)
    converged = np.zeros(seeds.shape[:2], dtype=bool)
    polished, ok = polish(compiled, flat[rows], seeds.reshape(-1, seeds.shape[-1])[candidates])
    states.reshape(-1, seeds.shape[-1])[candidates] = polished
    converged.reshape(-1)[candidates] = ok
    keep = _distinct(states, converged)
    occupation = np.where(keep, np.sum(np.nan_to_num(states) ** 2, axis=-1), np.inf)
    order = np.argsort(occupation, axis=1, kind="stable")
    count = keep.sum(axis=1)
    complete = complete & (count % 2 == 1)  # the fixed points' index sum is 1: an even count missed one
    width = max(1, int(count.max(initial=0)))
    order = order[:, :width]
    states = np.take_along_axis(states, order[..., None], axis=1)
    present = np.arange(width)[None, :] < count[:, None]
    states[~present] = np.nan
    drift = compiled._drift(np.broadcast_to(flat[:, None], (len(flat), width, flat.shape[-1]))[present], states[present])
    stable = np.zeros(present.shape, dtype=bool)
    max_real = np.full(present.shape, np.nan)
    if drift.size:
        verdict = verdict_from_drift(drift)
        stable[present] = verdict.stable
        if spectrum:
            finite = np.all(np.isfinite(drift), axis=(-2, -1))  # an overflow at a huge state has no eigenvalues
            spectra = verdict.max_real_eigenvalue.copy()  # where the eigenvalues decided, they are known
            known = np.isfinite(spectra) | ~finite
            if not np.all(known):
                unknown = drift[~known]
                spectra[~known] = lapack.max_real_eigenvalue(unknown) if lapack.available() and worth_compiling(len(unknown)) else np.linalg.eigvals(unknown).real.max(axis=-1)
            max_real[present] = np.where(finite, spectra, np.nan)
    shape = lambda a: a.reshape(batch + a.shape[1:])  # noqa: E731
    return FixedPoints(shape(states), shape(count), shape(stable), shape(max_real), method, shape(complete))


if __name__ == "__main__":  # regenerate numerics/intensity_resultant.py from resultant_source()
    from pathlib import Path

    path = Path(intensity_resultant.__file__)
    text = path.read_text()
    path.write_text(text[: text.index("def resultant(c):")] + resultant_source())
