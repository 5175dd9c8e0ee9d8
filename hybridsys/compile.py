"""Compile a derivation into batched numpy functions, cached in memory and on disk.

A :class:`CompiledModel` holds generated source code (text) and the functions made
from it. Every function takes arrays with the batch axis (or axes) first:

* ``params``: shape (..., P), parameters in the order of :attr:`parameter_names`
  (build it with :meth:`CompiledModel.parameters`);
* ``state``: shape (..., 2n), mean quadratures [<X_o1>, <Y_o1>, ...].

The disk cache (``$HYBRIDSYS_CACHE``, else ``$XDG_CACHE_HOME/hybridsys`` or
``~/.cache/hybridsys``) holds the source per network declaration, so a second
process compiles without any sympy work. Pickling a compiled model ships its
source text, so it can go to worker processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Mapping

import numpy as np
import sympy as sp

from . import __version__, codegen
from .errors import ParameterError
from .hurwitz import coefficient_symbols, entry_symbol
from .units import check_value

#: Bumped whenever generated code changes meaning, to invalidate disk caches.
CODEGEN_VERSION = 2

_MEMORY: dict[str, "CompiledModel"] = {}

FUNCTIONS = ("mean_field", "drift", "diffusion")
HURWITZ_FUNCTIONS = ("coefficients", "coefficient_bounds", "determinants", "determinant_bounds")


def cache_dir() -> Path:
    """Where compiled sources are kept between processes."""
    if "HYBRIDSYS_CACHE" in os.environ:
        return Path(os.environ["HYBRIDSYS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hybridsys"


def cache_key(derivation) -> str:
    """A hash of everything the generated code depends on."""
    declaration = {
        "network": derivation.network.to_data(),
        "convention": derivation.convention,
        "codegen": CODEGEN_VERSION,
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(declaration, sort_keys=True).encode()).hexdigest()[:32]


def _absolute(poly: sp.Expr) -> sp.Expr:
    """``poly`` with every coefficient replaced by its absolute value: evaluated at
    |x| it bounds every term, hence the rounding error of evaluating ``poly``."""
    return sp.Add(*(abs(c) * m for m, c in sp.expand(poly).as_coefficients_dict().items()))


def hurwitz_sources(hurwitz) -> dict:
    """Sources of a_k(A entries), Δ_k(a) and their term-size bounds (S53)-(S54)."""
    size = hurwitz.size
    entries = [entry_symbol(i, j) for i in range(size) for j in range(size)]
    a_symbols = list(coefficient_symbols(size))
    coeffs = {(k,): c for k, c in enumerate(hurwitz.coefficients)}
    dets = {(k,): d for k, d in enumerate(hurwitz.determinants)}
    bounds = lambda polys: {k: _absolute(p) for k, p in polys.items()}  # noqa: E731
    return {
        "coefficients": codegen.generate("coefficients", [("e", entries)], coeffs, (size,), "a_1..a_n from A (S53)"),
        "coefficient_bounds": codegen.generate("coefficient_bounds", [("e", entries)], bounds(coeffs), (size,)),
        "determinants": codegen.generate("determinants", [("a", a_symbols)], dets, (size,), "Hurwitz Δ_1..Δ_n (S54)"),
        "determinant_bounds": codegen.generate("determinant_bounds", [("a", a_symbols)], bounds(dets), (size,)),
    }


def _terms(polys) -> int:
    return max((len(sp.Add.make_args(sp.expand(p))) for p in polys), default=1)


def generate_sources(derivation) -> dict:
    """Generate every function's source for ``derivation`` (the symbolic work)."""
    params = [p.symbol for p in derivation.network.parameters]
    state = list(derivation.state)
    size = len(state)
    drift = derivation.drift.matrix
    vector = {(k,): derivation.mean_field.vector_field[k] for k in range(size)}
    nonzero = lambda m: {(i, j): m[i, j] for i in range(size) for j in range(size) if m[i, j] != 0}  # noqa: E731
    sources = {
        "mean_field": codegen.generate("mean_field", [("p", params), ("x", state)], vector, (size,), "d<state>/dt (S7)"),
        "drift": codegen.generate("drift", [("p", params), ("x", state)], nonzero(drift), (size, size), "A (S14)"),
        "diffusion": codegen.generate("diffusion", [("p", params)], nonzero(derivation.diffusion.matrix), (size, size), "D (S20)"),
    }
    hurwitz = derivation.hurwitz
    hurwitz_terms = None
    if hurwitz.tractable:
        sources.update(hurwitz_sources(hurwitz))
        hurwitz_terms = [_terms(hurwitz.coefficients) + size, _terms(hurwitz.determinants) + size]
    return {
        "sources": sources,
        "hurwitz_terms": hurwitz_terms,
        "parameter_names": [p.name for p in derivation.network.parameters],
        "parameter_quantities": [p.quantity for p in derivation.network.parameters],
        "state_names": [f"{q}_{m}" for m in derivation.network.mode_names for q in "XY"],
        "convention": derivation.convention,
    }


class CompiledModel:
    """Batched numeric functions of one derivation. Cheap to pickle (source text)."""

    def __init__(self, key: str, meta: Mapping):
        self.key = key
        self.meta = dict(meta)
        self.parameter_names: tuple[str, ...] = tuple(meta["parameter_names"])
        self.parameter_quantities: tuple[str, ...] = tuple(meta["parameter_quantities"])
        self.state_names: tuple[str, ...] = tuple(meta["state_names"])
        self.convention: str = meta["convention"]
        self.hurwitz_terms = meta["hurwitz_terms"]
        for name in FUNCTIONS + (HURWITZ_FUNCTIONS if self.has_symbolic_hurwitz else ()):
            setattr(self, f"_{name}", codegen.load(meta["sources"][name], name, f"<hybridsys {key[:8]} {name}>"))

    def __reduce__(self):
        return (CompiledModel, (self.key, self.meta))

    def __repr__(self) -> str:
        return f"<CompiledModel {self.key[:8]}: {len(self.parameter_names)} parameters, {len(self.state_names)} quadratures>"

    @property
    def has_symbolic_hurwitz(self) -> bool:
        """Whether a_k and Δ_k were compiled from their symbolic forms (tractable pattern)."""
        return self.hurwitz_terms is not None

    @property
    def size(self) -> int:
        """Number of quadratures, 2 × number of modes."""
        return len(self.state_names)

    # -- inputs ----------------------------------------------------------------------
    def parameters(self, values: Mapping[str, object]) -> np.ndarray:
        """Parameter array (batch..., P) from a mapping name → number or array.

        Arrays broadcast against each other; every parameter must be given, no
        unknown name is accepted, and rates, occupations and masses are checked.
        """
        unknown = set(values) - set(self.parameter_names)
        if unknown:
            raise ParameterError(f"unknown parameter(s) {sorted(unknown)}; this model has {list(self.parameter_names)}")
        missing = [n for n in self.parameter_names if n not in values]
        if missing:
            raise ParameterError(f"missing value(s) for parameter(s) {missing}")
        arrays = [check_value(n, q, values[n]) for n, q in zip(self.parameter_names, self.parameter_quantities)]
        try:
            arrays = np.broadcast_arrays(*arrays)
        except ValueError:
            shapes = {n: np.shape(a) for n, a in zip(self.parameter_names, arrays)}
            raise ParameterError(f"parameter arrays do not broadcast together: {shapes}") from None
        return np.stack(arrays, axis=-1) if arrays else np.zeros((0,))

    def _state(self, state) -> np.ndarray:
        state = np.asarray(state, dtype=float)
        if state.shape[-1:] != (self.size,):
            raise ParameterError(f"state must have last axis {self.size} ({', '.join(self.state_names)}), got shape {state.shape}")
        return state

    # -- symbolic objects, evaluated ---------------------------------------------------
    def mean_field(self, params, state) -> np.ndarray:
        """d<state>/dt of the mean-field equations (S7), shape (batch..., 2n)."""
        return self._mean_field(np.asarray(params, dtype=float), self._state(state))

    def drift(self, params, state) -> np.ndarray:
        """Drift matrix A (S14) at the given mean fields, shape (batch..., 2n, 2n)."""
        return self._drift(np.asarray(params, dtype=float), self._state(state))

    def diffusion(self, params) -> np.ndarray:
        """Diffusion matrix D (S20), shape (batch..., 2n, 2n)."""
        return self._diffusion(np.asarray(params, dtype=float))

    def hurwitz(self, drift: np.ndarray, rounding: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(a_1..a_n, Δ_1..Δ_n, decided) from the compiled symbolic forms (S53)-(S54).

        Running error bounds: a polynomial with T terms of degree d evaluated in
        floating point is off by at most ~(T + d)·eps times the same polynomial with
        absolute-valued coefficients at |x|; errors of the a_k are carried into Δ_k
        through that monotone bound. ``decided`` marks |Δ_k| above its bound.
        """
        eps = rounding * np.finfo(float).eps
        coefficient_terms, determinant_terms = self.hurwitz_terms
        flat = drift.reshape(drift.shape[:-2] + (self.size * self.size,))
        coefficients = self._coefficients(flat)
        magnitude = self._coefficient_bounds(np.abs(flat))
        coefficient_error = coefficient_terms * eps * magnitude
        determinants = self._determinants(coefficients)
        loose = self._determinant_bounds(np.abs(coefficients) + coefficient_error)
        error = determinant_terms * eps * loose + (loose - self._determinant_bounds(np.abs(coefficients)))
        return coefficients, determinants, np.abs(determinants) > error


def compile_derivation(derivation) -> CompiledModel:
    """The compiled model of ``derivation``: from memory, else disk, else generated."""
    key = cache_key(derivation)
    if key in _MEMORY:
        return _MEMORY[key]
    path = cache_dir() / f"{key}.json"
    meta = _read(path)
    if meta is None:
        meta = generate_sources(derivation)
        _write(path, meta)
    compiled = CompiledModel(key, meta)
    _MEMORY[key] = compiled
    return compiled


def _read(path: Path):
    try:
        meta = json.loads(path.read_text())
        return meta if set(FUNCTIONS) <= set(meta.get("sources", {})) and "hurwitz_terms" in meta else None
    except (OSError, ValueError):
        return None


def _write(path: Path, meta: Mapping) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
            json.dump(meta, handle)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only cache only costs time


def clear_memory_cache() -> None:
    """Forget derivations and compiled models held in this process (the disk cache stays)."""
    from .derivation import derive

    derive.cache_clear()
    _MEMORY.clear()
