"""Time to build, derive and compile the spec model and load its trajectory kernel:
without the cache (an empty cache folder), from the disk cache (new process), and from
memory (same process). Each in a fresh subprocess.

    python bench/build.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

STEP = r"""
import time
t0 = time.perf_counter()
import hybridsys as hs
model = hs.load_model("nonreciprocal_sync")
t1 = time.perf_counter()
compiled = hs.compile(model)
t2 = time.perf_counter()
again = hs.compile(model)
t3 = time.perf_counter()
hs.simulate(compiled, compiled.parameters(model.values()), periods=1)
t4 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.6f} {t4 - t3:.3f}")
"""


def run(cache: str) -> list[float]:
    env = dict(os.environ, HYBRIDSYS_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", STEP], env=env, capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        cold = run(cache)
        warm = run(cache)
    print(f"import + load model file:                       {cold[0]:.3f} s")
    print(f"derive + compile, without the cache (cold):      {cold[1]:.3f} s")
    print(f"derive + compile, from the disk cache (new process): {warm[1]:.3f} s")
    print(f"compile again in the same process (memory):     {warm[2] * 1e6:.1f} µs")
    print(f"trajectory kernel: numba compile (cold) {cold[3]:.2f} s, from numba's cache {warm[3]:.2f} s")
    print(f"ratio = {(cold[1] + cold[3]) / (warm[1] + warm[3]):.1f}  (derive + compile + kernel: without the cache / with it)")


if __name__ == "__main__":
    main()
