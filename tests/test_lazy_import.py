"""``import hybridsys`` and ``hybridsys --help`` load no heavy dependency (issue 26,
item 2): every public name is imported on first use (PEP 562)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import hybridsys as hs

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numba", "matplotlib", "sympy", "scipy", "networkx")
#: The public names of hybridsys before they became lazy: each must still resolve.
PUBLIC = ("Accuracy", "BeamSplitter", "Cavity", "CompiledModel", "Contact", "CrossKerr", "Derivation", "Drive",
          "HybridsysError", "InitialState", "Kerr", "Magnetostriction", "Magnon", "Model", "ModelFileError", "Network",
          "NetworkError", "OperatingPoint", "ParameterError", "Phonon", "RadiationPressure", "SagnacDrive", "Settings",
          "Squeezing", "SweepResult", "Term", "TwoModeSqueezing", "Units", "__version__", "compile", "covariance_at",
          "derive", "fixed_points", "load_model", "measures", "simulate", "steady_states", "sweep")


def modules_after(code: str) -> set[str]:
    """The top-level modules loaded after running ``code`` in a fresh interpreter."""
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_hybridsys_loads_no_heavy_dependency():
    assert not modules_after("import hybridsys") & set(HEAVY)


def test_the_command_line_help_loads_no_heavy_dependency():
    loaded = modules_after("from hybridsys.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not loaded & set(HEAVY)


def test_every_public_name_resolves_and_is_listed():
    assert set(PUBLIC) <= set(hs.__all__) and set(hs.__all__) <= set(dir(hs))
    for name in hs.__all__:
        assert getattr(hs, name) is not None, name
    assert hs.Cavity.__module__ == "hybridsys.model.modes" and hs.measures.log_negativity.__name__ == "log_negativity"


def test_an_unknown_name_is_an_attribute_error():
    try:
        hs.no_such_name
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("hs.no_such_name did not raise")
