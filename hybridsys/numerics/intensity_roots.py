"""A compiled solver for the scaled intensity equations of the fixed-point reduction

    J_o (1 + u_o²) = 1,    u_o = e_o + Σ a_oo' J_o',    J_o ∈ (0, 1],

for one or two driven modes (see :mod:`hybridsys.numerics.fixedpoints`), point by
point in a numba loop over the batch instead of numpy over padded candidate arrays.

Every real root in [0, 1] of the cubic (one mode) or of the resultant in J_2 (two
modes; degree ≤ 9) is found by isolating it between the real roots of the
polynomial's derivative, found the same way (the derivative of degree k is monotone
between the roots of the next one), and refined by safeguarded Newton–bisection. A
touching root (even multiplicity) gives no sign change; an extremum where |p| is at
rounding is kept as a candidate too. Each candidate pair is then polished by Newton's
method on the scaled system and kept only if its residual is below 1e-9: the same
contract as the numpy path it replaces (``_scaled_newton(_scaled_candidates(...))``).
It needs the ``fast`` extra; :func:`available` says.
"""

from __future__ import annotations

import numpy as np

from ..compiled.kernels import BatchKernel

try:  # numba is an optional accelerator; fixedpoints.py falls back to numpy
    import numba
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None

LOW, HIGH = -1e-6, 1.0 + 1e-6  # J ∈ (0, 1], with room for rounding at the ends


def available() -> bool:
    return numba is not None


def _horner(c, degree, x):
    """c[0] x^degree + ... + c[degree]."""
    value = c[0]
    for k in range(1, degree + 1):
        value = value * x + c[k]
    return value


def _refine(c, dc, degree, lo, hi, flo):
    """The root of c (degree ``degree``, derivative coefficients ``dc``) in [lo, hi],
    where c changes sign and is monotone: Newton steps kept inside the bracket, else
    bisection, until the bracket or the step is at rounding."""
    x = 0.5 * (lo + hi)
    for _ in range(100):
        fx = _horner(c, degree, x)
        if fx == 0.0:
            return x
        if (fx < 0.0) == (flo < 0.0):
            lo, flo = x, fx
        else:
            hi = x
        slope = _horner(dc, degree - 1, x) if degree > 0 else 0.0
        step = fx / slope if slope != 0.0 else 0.0
        trial = x - step
        if not (lo < trial < hi) or slope == 0.0:
            trial = 0.5 * (lo + hi)
        if abs(trial - x) <= 1e-16 * (1.0 + abs(x)) or hi - lo <= 4e-16 * (1.0 + abs(x)):
            return trial
        x = trial
    return x


def _real_roots(coefficients, lo, hi, work, roots):
    """Real roots of the polynomial ``coefficients`` (highest power first) in [lo, hi]
    into ``roots``; returns how many. ``work`` is (degree + 1, degree + 1) scratch for
    the derivatives. Leading zeros are dropped."""
    first = 0
    n = coefficients.size
    while first < n - 1 and coefficients[first] == 0.0:
        first += 1
    degree = n - 1 - first
    if degree == 0:
        return 0
    scale = 0.0
    for k in range(first, n):
        scale = max(scale, abs(coefficients[k]))
    # work[d, :d+1]: the (degree - d)-th derivative, a polynomial of degree d
    for k in range(degree + 1):
        work[degree, k] = coefficients[first + k] / scale
    for d in range(degree - 1, -1, -1):  # derivative of the degree d+1 polynomial
        for k in range(d + 1):
            work[d, k] = work[d + 1, k] * (d + 1 - k)
    # points[:count] partition [lo, hi] into pieces where the current polynomial is monotone
    points = np.empty(degree + 2)
    count = 2
    points[0], points[1] = lo, hi
    found = 0
    for d in range(1, degree + 1):
        c = work[d, : d + 1]
        dc = work[d - 1, :d]
        tiny = 1e-13 * np.sum(np.abs(c))
        found = 0
        for piece in range(count - 1):
            a, b = points[piece], points[piece + 1]
            fa, fb = _horner(c, d, a), _horner(c, d, b)
            if fa == 0.0:
                root = a
            elif (fa < 0.0) != (fb < 0.0) and fb != 0.0:
                root = _refine(c, dc, d, a, b, fa)
            elif piece > 0 and abs(fa) <= tiny:  # touching root at an extremum
                root = a
            else:
                continue
            if found == 0 or root > roots[found - 1]:
                roots[found] = root
                found += 1
        if abs(_horner(c, d, hi)) <= tiny and (found == 0 or roots[found - 1] < hi):
            roots[found] = hi
            found += 1
        if d < degree:
            count = 0
            points[count] = lo
            count += 1
            for r in range(found):
                if lo < roots[r] < hi:
                    points[count] = roots[r]
                    count += 1
            points[count] = hi
            count += 1
    return found


def _newton(e, a, x, m):
    """Newton's method on J_o(1 + u_o²) = 1 (m = 1 or 2) from x, in place; True if the
    residual ends below 1e-9."""
    for _ in range(40):
        u0 = e[0] + a[0, 0] * x[0] + (a[0, 1] * x[1] if m == 2 else 0.0)
        f0 = x[0] * (1.0 + u0 * u0) - 1.0
        if m == 1:
            d = 1.0 + u0 * u0 + 2.0 * x[0] * u0 * a[0, 0]
            dx0, dx1 = f0 / d, 0.0
        else:
            u1 = e[1] + a[1, 0] * x[0] + a[1, 1] * x[1]
            f1 = x[1] * (1.0 + u1 * u1) - 1.0
            j00 = 1.0 + u0 * u0 + 2.0 * x[0] * u0 * a[0, 0]
            j01 = 2.0 * x[0] * u0 * a[0, 1]
            j10 = 2.0 * x[1] * u1 * a[1, 0]
            j11 = 1.0 + u1 * u1 + 2.0 * x[1] * u1 * a[1, 1]
            det = j00 * j11 - j01 * j10
            dx0 = (j11 * f0 - j01 * f1) / det
            dx1 = (j00 * f1 - j10 * f0) / det
        x[0] -= dx0
        x[1] -= dx1
        if not (np.isfinite(x[0]) and np.isfinite(x[1])):
            return False
        if max(abs(dx0), abs(dx1)) <= 1e-15 * (1.0 + max(abs(x[0]), abs(x[1]))):
            break
    u0 = e[0] + a[0, 0] * x[0] + (a[0, 1] * x[1] if m == 2 else 0.0)
    residual = abs(x[0] * (1.0 + u0 * u0) - 1.0)
    if m == 2:
        u1 = e[1] + a[1, 0] * x[0] + a[1, 1] * x[1]
        residual = max(residual, abs(x[1] * (1.0 + u1 * u1) - 1.0))
    return residual < 1e-9


def _solve_point(b, e, a, resultant, out):
    """Candidates of point b into out[b] (C, m), NaN-padded."""
    m = e.shape[1]
    work = np.zeros((10, 10))
    roots = np.empty(10)
    inner = np.empty(4)
    cubic = np.empty(4)
    x = np.zeros(2)
    slot = 0
    if m == 1:
        cubic[0], cubic[1], cubic[2], cubic[3] = a[b, 0, 0] ** 2, 2 * a[b, 0, 0] * e[b, 0], 1 + e[b, 0] ** 2, -1.0
        found = _real_roots(cubic, LOW, HIGH, work, roots)
        for r in range(found):
            x[0], x[1] = roots[r], 0.0
            if _newton(e[b], a[b], x, 1):
                out[b, slot, 0] = x[0]
                slot += 1
        return
    found = _real_roots(resultant[b], LOW, HIGH, work, roots)
    for r in range(found):
        second = roots[r]
        shift = e[b, 0] + a[b, 0, 1] * second
        cubic[0], cubic[1], cubic[2], cubic[3] = a[b, 0, 0] ** 2, 2 * a[b, 0, 0] * shift, 1 + shift**2, -1.0
        count = _real_roots(cubic, LOW, HIGH, work, inner)
        for s in range(count):
            x[0], x[1] = inner[s], second
            if _newton(e[b], a[b], x, 2) and slot < out.shape[1]:
                out[b, slot, 0], out[b, slot, 1] = x[0], x[1]
                slot += 1


def _solve_batch(e, a, resultant, out):
    for b in numba.prange(e.shape[0]):
        if np.all(np.isfinite(e[b])) and np.all(np.isfinite(a[b])) and np.all(np.isfinite(resultant[b])):
            _solve_point(b, e, a, resultant, out)


if numba is not None:
    _horner = numba.njit(cache=True, inline="always")(_horner)
    _refine = numba.njit(cache=True)(_refine)
    _real_roots = numba.njit(cache=True)(_real_roots)
    _newton = numba.njit(cache=True)(_newton)
    _solve_point = numba.njit(cache=True)(_solve_point)
    _solve_batch = BatchKernel(_solve_batch)


def scaled_solutions(e: np.ndarray, a: np.ndarray, resultant: np.ndarray | None, candidates: int) -> np.ndarray:
    """Solutions J (batch, ``candidates``, m) of the scaled system, NaN-padded, for
    e (batch, m), a (batch, m, m) and, for m = 2, the resultant's coefficients in J_2
    (batch, 10), J_1 being eliminated."""
    e = np.ascontiguousarray(e, dtype=float)
    a = np.ascontiguousarray(a, dtype=float)
    resultant = np.zeros((len(e), 1)) if resultant is None else np.ascontiguousarray(resultant, dtype=float)
    out = np.full((len(e), candidates, e.shape[1]), np.nan)
    _solve_batch(len(e), e, a, resultant, out)
    return out
