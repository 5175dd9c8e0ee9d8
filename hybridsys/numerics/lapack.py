"""LAPACK routines called from numba kernels, point by point, without Python in between.

scipy ships LAPACK with C entry points (``scipy.linalg.cython_lapack``); numba calls
them through ctypes function pointers, every argument passed by reference (Fortran
calling convention, column-major arrays: the kernels copy A into Fortran order).
Used for:

* the real Schur form A = U T Uᵀ (``dgees``), the first half of the Bartels–Stewart
  method for A V + V Aᵀ + D = 0 that ``scipy.linalg.solve_continuous_lyapunov`` uses,
  and the triangular Sylvester solve T Y + Y Tᵀ = -Uᵀ D U (``dtrsyl``), the second;
* the eigenvalues of A (``dgeev`` without vectors).

It needs the ``fast`` extra (numba); :func:`available` says.
"""

from __future__ import annotations

import numpy as np

from ..compiled.kernels import BatchKernel

try:  # numba is an optional accelerator
    import numba
    from numba.extending import get_cython_function_address
except ImportError:  # pragma: no cover - exercised only without numba
    numba = None


#: From this size on, points are solved one after the other: the BLAS inside LAPACK
#: runs its own threads there, and threads over points on top of them oversubscribe
#: the cores (measured on the resonator chain at 98 quadratures: 2.5× slower than scipy).
SERIAL_SIZE = 64


def available() -> bool:
    return numba is not None


if numba is not None:
    from llvmlite import binding

    def _external(name: str, arguments: int):
        """The LAPACK routine ``name`` as a function numba links by symbol name (so that
        kernels calling it can be cached on disk)."""
        symbol = f"hybridsys_lapack_{name}"
        binding.add_symbol(symbol, get_cython_function_address("scipy.linalg.cython_lapack", name))
        return numba.types.ExternalFunction(symbol, numba.types.void(*([numba.types.voidptr] * arguments)))

    _dgees, _dtrsyl, _dgeev = _external("dgees", 15), _external("dtrsyl", 13), _external("dgeev", 14)
    _V, _N, _T = ord("V"), ord("N"), ord("T")


def _schur(a, vectors, u, wr, wi):
    """Real Schur form of the Fortran-ordered n × n ``a`` in place (a ← T), Schur
    vectors into ``u`` (Fortran order) if ``vectors``, eigenvalues into wr + i wi.
    Returns LAPACK's info (0: success)."""
    n = a.shape[0]
    chars = np.array([_V if vectors else _N, _N], dtype=np.int8)
    ints = np.array([n, 0, 0, 6 * n], dtype=np.int32)  # n, sdim, info, lwork
    work = np.empty(6 * n)
    bwork = np.empty(n, dtype=np.int32)
    _dgees(chars[0:].ctypes, chars[1:].ctypes, 0, ints[0:].ctypes, a.ctypes, ints[0:].ctypes, ints[1:].ctypes,
           wr.ctypes, wi.ctypes, u.ctypes, ints[0:].ctypes, work.ctypes, ints[3:].ctypes, bwork.ctypes, ints[2:].ctypes)
    return ints[2]


def _lyapunov_point(drift, diffusion, out):
    """V with A V + V Aᵀ + D = 0 for one point (Bartels–Stewart, as scipy), into out;
    NaN where LAPACK fails or the equation is singular."""
    n = drift.shape[0]
    t = drift.T.copy().T  # a copy of A in Fortran order (dgees overwrites it)
    u = np.empty((n, n)).T  # Fortran order
    wr, wi = np.empty(n), np.empty(n)
    if not np.all(np.isfinite(t)) or _schur(t, True, u, wr, wi) != 0:
        out[:, :] = np.nan
        return
    f = np.asfortranarray(-(u.T @ diffusion @ u))
    chars = np.array([_N, _T], dtype=np.int8)
    ints = np.array([1, n, 0], dtype=np.int32)  # isgn, n, info
    scale = np.ones(1)
    _dtrsyl(chars[0:].ctypes, chars[1:].ctypes, ints[0:].ctypes, ints[1:].ctypes, ints[1:].ctypes, t.ctypes, ints[1:].ctypes,
            t.ctypes, ints[1:].ctypes, f.ctypes, ints[1:].ctypes, scale.ctypes, ints[2:].ctypes)
    if ints[2] != 0 or not scale[0] > 0.0:
        out[:, :] = np.nan
        return
    v = u @ (f / scale[0]) @ u.T
    for i in range(n):
        for j in range(n):
            out[i, j] = 0.5 * (v[i, j] + v[j, i])


def _lyapunov_batch(drift, diffusion, out):
    for p in numba.prange(drift.shape[0]):
        _lyapunov_point(drift[p], diffusion[p], out[p])


def _eigenvalues(a, wr, wi):
    """Eigenvalues wr + i wi of the Fortran-ordered ``a`` (overwritten), by ``dgeev``
    without vectors (balancing, Hessenberg QR). Returns LAPACK's info."""
    n = a.shape[0]
    chars = np.array([_N, _N], dtype=np.int8)
    ints = np.array([n, 1, 0, 4 * n], dtype=np.int32)  # n, ldv, info, lwork
    work = np.empty(4 * n)
    vectors = np.empty(1)
    _dgeev(chars[0:].ctypes, chars[1:].ctypes, ints[0:].ctypes, a.ctypes, ints[0:].ctypes, wr.ctypes, wi.ctypes,
           vectors.ctypes, ints[1:].ctypes, vectors.ctypes, ints[1:].ctypes, work.ctypes, ints[3:].ctypes, ints[2:].ctypes)
    return ints[2]


def _max_real_batch(drift, out):
    for p in numba.prange(drift.shape[0]):
        n = drift.shape[1]
        t = drift[p].T.copy().T
        wr, wi = np.empty(n), np.empty(n)
        if not np.all(np.isfinite(t)) or _eigenvalues(t, wr, wi) != 0:
            out[p] = np.nan
        else:
            out[p] = wr.max()


if numba is not None:
    _schur = numba.njit(cache=True)(_schur)
    _lyapunov_point = numba.njit(cache=True)(_lyapunov_point)
    _lyapunov_batch = BatchKernel(_lyapunov_batch)
    _eigenvalues = numba.njit(cache=True)(_eigenvalues)
    _max_real_batch = BatchKernel(_max_real_batch)


def lyapunov(drift: np.ndarray, diffusion: np.ndarray) -> np.ndarray:
    """V solving A V + V Aᵀ + D = 0 for a batch (N, n, n) of both, by Bartels–Stewart
    per point (the method of ``scipy.linalg.solve_continuous_lyapunov``)."""
    drift = np.ascontiguousarray(drift, dtype=float)
    diffusion = np.ascontiguousarray(diffusion, dtype=float)
    out = np.empty(drift.shape)
    _lyapunov_batch(len(drift) if drift.shape[-1] < SERIAL_SIZE else 0, drift, diffusion, out)  # large A: serial
    return out


def max_real_eigenvalue(drift: np.ndarray) -> np.ndarray:
    """Largest real part of the eigenvalues of each A in a batch (N, n, n)."""
    drift = np.ascontiguousarray(drift, dtype=float)
    out = np.empty(len(drift))
    _max_real_batch(len(drift), drift, out)
    return out
