"""Shared fixtures: the spec's model, random parameter points and random networks."""

from __future__ import annotations

import os
import tempfile

import pytest

# Keep the on-disk compile cache of the test run out of the user's cache.
os.environ.setdefault("HYBRIDSYS_CACHE", tempfile.mkdtemp(prefix="hybridsys-test-cache-"))

import hybridsys as hs  # noqa: E402
from hybridsys.model.modelfile import load_model  # noqa: E402

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def spec_model():
    return load_model("nonreciprocal_sync")


@pytest.fixture(scope="session")
def spec_compiled(spec_model):
    return hs.compile(spec_model)


def random_values(compiled, rng, size, scale=1.0):
    """Random positive parameter values (all quantities in this suite are >= 0)."""
    return {name: scale * rng.uniform(0.05, 1.0, size) for name in compiled.parameter_names}


def random_network(rng, n_modes):
    """A random network of ``n_modes`` modes with every kind of coupling the modes allow."""
    kinds = [hs.Cavity, hs.Magnon, hs.Phonon]
    modes = [kinds[rng.integers(3)](f"o{i}") for i in range(n_modes)]
    by_kind = {k: [m.name for m in modes if isinstance(m, k)] for k in kinds}
    components = list(modes)
    phonons = by_kind[hs.Phonon]
    for name in by_kind[hs.Cavity] + by_kind[hs.Magnon]:
        if phonons and rng.random() < 0.8:
            cls = hs.RadiationPressure if name in by_kind[hs.Cavity] else hs.Magnetostriction
            components.append(cls(name, phonons[rng.integers(len(phonons))]))
        if rng.random() < 0.6:
            components.append(hs.Kerr(name))
        components.append(hs.Drive(name) if rng.random() < 0.7 or name not in by_kind[hs.Cavity] else hs.SagnacDrive(name, direction="RD"))
    for i, first in enumerate(modes):
        for second in modes[i + 1 :]:
            if rng.random() < 0.4:
                if isinstance(first, hs.Phonon) and isinstance(second, hs.Phonon) and rng.random() < 0.5:
                    components.append(hs.Contact(first.name, second.name))
                else:
                    components.append(hs.BeamSplitter(first.name, second.name))
    return hs.Network(components)
