"""Time to build, derive and compile the spec model: cold (empty cache), from the disk
cache (new process), and from memory (same process). Each in a fresh subprocess.

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
from hybridsys.modelfile import load_model
model = load_model("nonreciprocal_sync")
t1 = time.perf_counter()
compiled = model.compile()
t2 = time.perf_counter()
again = model.compile()
t3 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.6f}")
"""


def run(cache: str) -> list[float]:
    env = dict(os.environ, HYBRIDSYS_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", STEP], env=env, capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        cold = run(cache)
        warm = run(cache)
    print(f"import + load model file:              {cold[0]:.3f} s")
    print(f"derive + compile, cold (empty cache):  {cold[1]:.3f} s")
    print(f"derive + compile, disk cache (new process): {warm[1]:.3f} s")
    print(f"compile again in the same process (memory):  {warm[2] * 1e6:.1f} µs")
    print(f"ratio = {cold[1] / warm[1]:.1f}  (cold / disk cache)")


if __name__ == "__main__":
    main()
