"""Batched numba kernels, compiled on first use and only in the form a call needs, and
the notice a first run gives while they compile.

The generic kernels of :mod:`hybridsys.numerics` (intensity roots, the Hurwitz verdict,
eigenvalues, the Lyapunov solvers) loop over the points of a batch with
``numba.prange``. numba compiles a function on its first call and keeps it in its disk
cache; compiling the parallel form costs seconds more than the serial one (the parfor
pass), and one point (``hybridsys steady``, an interactive call) gains nothing from
threads. :class:`BatchKernel` therefore holds both forms of one loop and compiles only
the one a call needs: parallel from :data:`PARALLEL_FROM` points, serial below (a twin
of the same code with a cache entry of its own, compiled with numpy's error model as
numba compiles a prange body). Each point computes the same numbers in either form:
the points do not interact.

Fewer than :data:`COMPILED_FROM` points do not compile at all: the callers
(:func:`worth_compiling`) take numpy's batched route there, the reference route that the
kernels are tested against (and the one an install without numba runs). Compiling the
serial kernels a single point of ``hybridsys steady`` needs (intensity roots, the
Hurwitz verdict, eigenvalues, the steady covariance) took about 9 s of a first run's
11; numpy answers one point in about a millisecond. The two routes agree to rounding
(tests/test_kernels.py), not bit for bit: a point alone and the same point in a large
batch may differ in the last digits.

A first call that is still running after :data:`NOTICE_AFTER` seconds (it is compiling:
later runs load the kernels from numba's cache in a fraction of a second) says so once
on stderr, so that ``--json`` output on stdout stays clean.
"""

from __future__ import annotations

import os
import sys
import threading
import types
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

#: Points from which the callers run a compiled kernel at all (:func:`worth_compiling`).
COMPILED_FROM = 16
#: Points from which a batch runs the parallel form of a kernel (below: the serial twin).
PARALLEL_FROM = 16
#: Seconds a first call may run before it says that kernels are compiling.
NOTICE_AFTER = 2.0
NOTICE = "hybridsys: compiling kernels (first run only)…"

_noticed = threading.Event()
_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def worth_compiling(points: int) -> bool:
    """Whether a batch of ``points`` should run a compiled kernel rather than numpy's
    route: from :data:`COMPILED_FROM` points on (the caller also checks that numba is
    there)."""
    return points >= COMPILED_FROM


def _notice() -> None:
    if not _noticed.is_set():
        _noticed.set()
        print(NOTICE, file=sys.stderr, flush=True)


@contextmanager
def compile_notice(first: bool):
    """Around a call that may compile (``first``: the kernel has no compiled form in
    this process yet): print :data:`NOTICE` on stderr, once a process, if the call is
    still running after :data:`NOTICE_AFTER` seconds."""
    if not first or _noticed.is_set():
        yield
        return
    timer = threading.Timer(NOTICE_AFTER, _notice)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def thread_pool(threads: int) -> ThreadPoolExecutor:
    """A pool of ``threads`` Python threads kept for the process, on which the compiled
    kernels that release the GIL run their parts (the integrator, :func:`in_parts`).
    A pool started for each call cost the periodic route about 2 ms a thread on a busy
    machine: a new thread waits for a core before it runs. A forked child starts its own."""
    with _pools_lock:
        if threads not in _pools:
            _pools[threads] = ThreadPoolExecutor(threads, thread_name_prefix=f"hybridsys-{threads}")
        return _pools[threads]


def _forget_pools() -> None:
    global _pools_lock
    _pools.clear()
    _pools_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_pools)  # the parent's threads do not exist in a child


def in_parts(kernel, points: int, *args) -> None:
    """Run ``kernel(*args, first, last)``, a numba function compiled with ``nogil`` that
    treats points first..last − 1, over a batch of ``points`` split evenly over numba's
    threads by a pool of Python threads (the integrator spreads its kernel the same way).
    Unlike a ``prange`` loop's threads, which keep spinning after the loop, they leave
    the cores to what follows: a period map run after a ``prange`` pass took about 1.5x
    as long."""
    import numba

    threads = numba.get_num_threads()
    parts = max(1, min(threads, points))
    bounds = [points * k // parts for k in range(parts + 1)]
    with compile_notice(not kernel.signatures):
        pool = thread_pool(threads)
        for part in [pool.submit(kernel, *args, first, last) for first, last in zip(bounds[:-1], bounds[1:])]:
            part.result()


def _serial_twin(loop: types.FunctionType) -> types.FunctionType:
    """The same code under its own name (numba's cache files are named after it;
    inside a serial function ``numba.prange`` is ``range``)."""
    twin = types.FunctionType(loop.__code__, loop.__globals__, f"{loop.__name__}_serial", loop.__defaults__, loop.__closure__)
    twin.__qualname__ = f"{loop.__qualname__}_serial"
    twin.__module__ = loop.__module__
    twin.__doc__ = loop.__doc__
    return twin


class BatchKernel:
    """A numba loop over the points of a batch (its outer loop a ``numba.prange``), in a
    parallel and a serial form, each compiled on first use: ``kernel(points, *args)``
    runs the parallel form for ``points`` >= :data:`PARALLEL_FROM`, else the serial one."""

    def __init__(self, loop: types.FunctionType, **options):
        import numba

        self.py_func = loop
        self.parallel = numba.njit(cache=True, parallel=True, **options)(loop)
        # numba compiles a prange body with numpy's error model (x/0 is inf, not an
        # exception); the twin keeps that meaning
        self.serial = numba.njit(cache=True, **{"error_model": "numpy", **options})(_serial_twin(loop))

    def __call__(self, points: int, *args):
        form = self.parallel if points >= PARALLEL_FROM else self.serial
        with compile_notice(not form.signatures):
            return form(*args)
