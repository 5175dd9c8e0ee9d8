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
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import sympy as sp

from .._version import __version__
from ..errors import HybridsysError, ParameterError
from ..model.cascade import cascade_constraints, linked_ports
from ..model.ports import port_channels_of, port_constraints, ports_of
from ..model import symbols
from ..model.symbols import TIME, TIME_NAME
from ..model.units import ColumnChecks, check_value
from ..symbolic import derivation as derivations
from ..symbolic.derivation import Derivation, derive, require_static
from ..symbolic.dissipation import real_part
from ..symbolic.modulation import modulation
from ..symbolic.moments import covariance_symbols, moment_flow
from ..symbolic.reduction import Reduction, reduce_network
from . import codegen
from .kernels import compile_notice

_MEMORY: dict[str, "CompiledModel"] = {}

#: Largest number of quadratures for which the flow is one scalar expression per
#: covariance entry (CSE'd); past it, A and D are generated and V is updated by matrix
#: products (:func:`codegen.generate_flow_products`): the scalar form's code generation
#: and compilation grow about as size³ (measured in bench/scaling.py).
FLOW_SCALAR_LIMIT = 18

FUNCTIONS = ("mean_field", "drift", "diffusion", "constraints", "couplings", "occupations", "port_rates", "port_channels")


def cache_dir() -> Path:
    """Where compiled sources are kept between processes."""
    if "HYBRIDSYS_CACHE" in os.environ:
        return Path(os.environ["HYBRIDSYS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hybridsys"


def _fingerprint(stages: tuple[str, ...], versions: str) -> str:
    """Hash of ``versions`` and of the source files of the package's ``stages``."""
    digest = hashlib.sha256(versions.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for stage in stages for p in (package / stage).glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Hash of the source of the stages that generate code (model, symbolic, compiled)
    and of the sympy version: a change to either may change generated code, so it
    must not be served from an old cache."""
    return _fingerprint(("model", "symbolic", "compiled"), f"{__version__} {sp.__version__}")


@lru_cache(maxsize=1)
def _kernel_fingerprint() -> str:
    """Hash of what a generated kernel module imports or copies (the numerics and
    compiled stages: integrators, normal numbers, tableaux) and of numba's version.
    numba's disk cache checks only the kernel file itself, so this hash is written into
    the file: a changed dependency changes the file and numba compiles it again."""
    try:
        from numba import __version__ as numba_version
    except ImportError:  # pragma: no cover - kernels are imported without numba only in tests of that case
        numba_version = "none"
    return _fingerprint(("numerics", "compiled"), f"{__version__} {numba_version}")


def cache_key(derivation) -> str:
    """A hash of the declaration (exact sympy trees, not printed text), the
    convention and the code that generates from them."""
    exact = lambda value: sp.srepr(value) if isinstance(value, sp.Basic) else value  # noqa: E731
    declaration = [
        (type(c).__name__, [(f.name, exact(getattr(c, f.name))) for f in c.declared_fields()])
        for c in derivation.network.components
    ]
    text = json.dumps([declaration, derivation.convention, _code_fingerprint()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _constrained_fields(network) -> list[tuple[str, str, sp.Expr]]:
    """(where, quantity, expression) of every rate, occupation, mass or squeezing that is not a
    plain number, and every mode's damping less its ports' rates where those are not
    numbers: their values are checked for every parameter point."""
    return [
        (f"{c.label}.{info.field}", info.quantity, info.expression)
        for c in network.components
        for info in c.parameters()
        if info.quantity in ("rate", "occupation", "mass", "squeezing", "efficiency") and not info.expression.is_number
    ] + port_constraints(network) + cascade_constraints(network)


def _port_channel_entries(ports, modes) -> dict[tuple[int, ...], sp.Expr]:
    """Re and Im of the coefficients of o_k and o_k† in each port's output and input L."""
    entries = {}
    for k, port in enumerate(ports):
        for side, jump in enumerate((port.output_jump, port.input_jump)):
            for j, mode in enumerate(modes):
                for c, operator in enumerate((symbols.lowering(mode.name), symbols.raising(mode.name))):
                    coefficient = sp.expand(sp.diff(jump, operator))
                    for part, value in enumerate((real_part(coefficient), real_part(-sp.I * coefficient))):
                        if value != 0:
                            entries[(side, part, k, 2 * j + c)] = value
    return entries


def generate_sources(derivation) -> dict:
    """Generate every function's source for ``derivation`` (the symbolic work).

    A time-dependent model's functions of the state (mean field, drift, effective
    couplings, the flow, the truncated-Wigner drift) read time t as one more column
    after the parameters (``columns``); a static model's sources are those without it,
    unchanged. The baths (diffusion, occupations, constraints) never depend on t, and
    the intensity reduction serves only the static fixed points."""
    params = [p.symbol for p in derivation.network.parameters]
    columns = params + [TIME] if derivation.time_dependent else params
    state = list(derivation.state)
    size = len(state)
    drift = derivation.drift.matrix
    vector = {(k,): derivation.mean_field.vector_field[k] for k in range(size)}
    nonzero = lambda m: {(i, j): m[i, j] for i in range(size) for j in range(size) if m[i, j] != 0}  # noqa: E731
    constrained = _constrained_fields(derivation.network)
    covariance = covariance_symbols(size)  # built once: it is a matrix of size² symbols
    packed = [covariance[i, j] for i, j in zip(*np.triu_indices(size))]
    sources = {
        "mean_field": codegen.generate("mean_field", [("p", columns), ("x", state)], vector, (size,), "d<state>/dt (S7)"),
        "drift": codegen.generate("drift", [("p", columns), ("x", state)], nonzero(drift), (size, size), "A (S14)"),
        "diffusion": codegen.generate("diffusion", [("p", params)], nonzero(derivation.diffusion.matrix), (size, size), "D (S20)"),
        "constraints": codegen.generate(
            "constraints", [("p", params)], {(k,): e for k, (_, _, e) in enumerate(constrained)}, (len(constrained),)
        ),
    }
    couplings = [(c.label, c.effective_coupling(derivation.context)) for c in derivation.network.couplings]
    couplings = [(label, G) for label, G in couplings if G is not None]
    sources["couplings"] = codegen.generate(
        "couplings", [("p", columns), ("x", state)], {(k,): G for k, (_, G) in enumerate(couplings)}, (len(couplings),),
        "effective couplings G (Table I)",
    )
    sources["occupations"] = codegen.generate(
        "occupations", [("p", params)], {(k,): m.occupation for k, m in enumerate(derivation.network.modes)},
        (len(derivation.network.modes),), "bath occupations n̄ (S4)",
    )
    linked = linked_ports(derivation.network.components)  # a cascade's ends are internal links
    ports = tuple(p for p in port_channels_of(derivation.network.components, derivation.context) if p.name not in linked)
    rates = {port.name: port.rate for port in ports_of(derivation.network.components)}
    sources["port_rates"] = codegen.generate(
        "port_rates", [("p", params)], {(k,): rates.get(port.name, sp.nan) for k, port in enumerate(ports)}, (len(ports),),
        "port rates κ_p (hybridsys.model.ports; NaN for a port that is not one mode's share)",
    )
    sources["port_channels"] = codegen.generate(
        "port_channels", [("p", params)], _port_channel_entries(ports, derivation.network.modes),
        (2, 2, len(ports), 2 * len(derivation.network.modes)),
        "ladder coefficients of the ports' output and input channels' L: [output/input, Re/Im, port, o_1, o_1†, ...]",
    )
    links = [[int(p.output == q.input) for q in ports] for p in ports]
    meta = {"coupling_labels": [label for label, _ in couplings], "ports": [[port.name, port.mode] for port in ports],
            "port_links": links,
            "time_dependence": list(derivation.network.time_dependence)}
    positivity = [(where, matrix) for c in derivation.network.couplings for where, matrix in c.positivity_conditions()]
    if positivity:
        sources["positivity"], meta["positivity"] = positivity_source(positivity, params)
    if derivation.time_dependent:
        found = modulation(derivation.mean_field.vector_field)
        sources["frequencies"] = codegen.generate(
            "frequencies", [("p", params)], {(k,): w for k, w in enumerate(found.frequencies)}, (len(found.frequencies),),
            "modulation frequencies ω of cos(ωt + φ), sin(ωt + φ), exp(i(ωt + φ))",
        )
        meta["aperiodic"] = list(found.aperiodic)
    reduction = None if derivation.time_dependent else reduce_network(derivation)
    if reduction is not None:
        sources["reduction"], layout = reduction_source(reduction, params)
        meta["reduction"] = {
            "modes": list(reduction.modes), "quadratures": list(reduction.quadratures),
            "driven": list(reduction.driven), "layout": layout,
        }
    if size > FLOW_SCALAR_LIMIT:
        triu = {(i, j): k for k, (i, j) in enumerate(zip(*np.triu_indices(size)))}
        sources["flow"] = codegen.generate_flow_products(
            [("p", columns), ("y", state)], list(derivation.mean_field.vector_field), nonzero(drift),
            {triu[key]: value for key, value in nonzero(derivation.diffusion.matrix).items() if key in triu},
            "d/dt of [<state>, packed V] (S7), (S17): A and D generated, V by products",
        )
    else:
        flow = list(derivation.mean_field.vector_field) + moment_flow(drift, derivation.diffusion.matrix)
        sources["flow"] = codegen.generate_in_place(
            "flow", [("p", columns), ("y", state + packed)], flow, "d/dt of [<state>, packed V] (S7), (S17)"
        )
    sources["wigner_drift"] = codegen.generate_in_place(
        "wigner_drift", [("p", columns), ("x", state)], list(derivation.wigner.vector_field),
        "truncated-Wigner drift of the quadratures (hybridsys.symbolic.weyl)",
    )
    return {
        "sources": sources,
        "constraints": [[where, quantity] for where, quantity, _ in constrained],
        "parameter_names": [p.name for p in derivation.network.parameters],
        "parameter_quantities": [p.quantity for p in derivation.network.parameters],
        "state_names": list(derivation.drift.basis),
        "convention": derivation.convention,
        **meta,
    }


def positivity_source(conditions, parameters) -> tuple[str, list]:
    """Generated numpy source of the real and imaginary parts of every Hermitian matrix
    that must be ⪰ 0 at every point (:meth:`Coupling.positivity_conditions`), and their
    layout [where, start, size]."""
    outputs, layout, start = {}, [], 0
    for where, matrix in conditions:
        layout.append([where, start, matrix.rows])
        for k, value in enumerate(matrix):
            real, imag = sp.expand(value).as_real_imag()
            outputs[(start + k,)], outputs[(start + matrix.rows**2 + k,)] = real, imag
        start += 2 * matrix.rows**2
    source = codegen.generate("positivity", [("p", parameters)], {k: v for k, v in outputs.items() if v != 0}, (start,))
    return source, layout


def _check_positivity(values: np.ndarray, layout) -> None:
    """Raise a ParameterError naming the condition and the first point where one of the
    matrices laid out in ``values`` (batch..., entries) has a negative eigenvalue."""
    for where, start, size in layout:
        entries = values[..., start : start + 2 * size * size]
        matrix = (entries[..., : size * size] + 1j * entries[..., size * size :]).reshape(values.shape[:-1] + (size, size))
        lowest = np.linalg.eigvalsh(matrix)[..., 0]
        scale = np.maximum(np.abs(matrix).max(axis=(-1, -2)), 1.0)
        bad = ~(lowest >= -1e-12 * scale)
        if np.any(bad):
            point = tuple(np.argwhere(bad)[0].tolist())
            raise ParameterError(f"{where} is not positive semidefinite at point {point} (lowest eigenvalue "
                                 f"{lowest[point]:.3g}): the bath is not physical there")


#: The period map's own columns after the parameters: the period T and the phase s = t/T
#: (the integrator's time), so that every point integrates s from 0 to 1 with its own T.
PERIOD, PHASE = sp.Symbol("period_T", positive=True), sp.Symbol("phase_s", real=True)


def period_flow_source(derivation) -> str:
    """Source of ``flow(p, y, out)`` for the period map, in the phase s = t/T:
    y = [<state>, Φ (row by row), packed V] and d/ds = T·[f(x, Ts), A(x, Ts) Φ,
    A V + V Aᵀ + D] (S7), (S17), with p = [parameters, T, s]. From y(0) = [x₀, I, 0],
    y(1) holds the period map x(T), the monodromy Φ and the noise Q of one period."""
    params = [p.symbol for p in derivation.network.parameters]
    state = list(derivation.state)
    size = len(state)
    at = {TIME: PERIOD * PHASE}
    drift = derivation.drift.matrix.xreplace(at)
    transport = sp.Matrix(size, size, lambda i, j: sp.Symbol(f"F_{i}_{j}", real=True))
    rows = [[(k, drift[i, k]) for k in range(size) if drift[i, k] != 0] for i in range(size)]
    moved = [sp.Add(*(a * transport[k, j] for k, a in rows[i])) for i in range(size) for j in range(size)]
    packed = [covariance_symbols(size)[i, j] for i, j in zip(*np.triu_indices(size))]
    rates = list(derivation.mean_field.vector_field.xreplace(at)) + moved + moment_flow(drift, derivation.diffusion.matrix)
    return codegen.generate_in_place(
        "flow", [("p", params + [PERIOD, PHASE]), ("y", state + list(transport) + packed)], [PERIOD * r for r in rates],
        "d/ds of [<state>, Φ, packed V] over one period, s = t/T",
    )


def start_source(derivation) -> str:
    """Source of the periodic route's compiled start (:mod:`hybridsys.numerics.periodic_start`),
    in the period flow's phase s = t/T and columns p = [parameters, T, s]:
    ``mean_field(p, x, out)`` writes T·f(x, Ts) (S7) and ``drift(p, x, out)`` T·A(x, Ts),
    row by row."""
    at = {TIME: PERIOD * PHASE}
    arguments = [("p", [p.symbol for p in derivation.network.parameters] + [PERIOD, PHASE]), ("x", list(derivation.state))]
    rates = derivation.mean_field.vector_field.xreplace(at)
    drift = derivation.drift.matrix.xreplace(at)
    return "\n\n".join([codegen.generate_in_place("mean_field", arguments, [PERIOD * r for r in rates], "T·f(x, Ts) (S7)"),
                         codegen.generate_in_place("drift", arguments, [PERIOD * a for a in drift], "T·A(x, Ts), row by row")])


def reduction_source(reduction: Reduction, parameters) -> tuple[str, dict]:
    """Generated numpy source evaluating the reduction's pieces, and their layout."""
    layout, outputs, start = {}, {}, 0
    for key, matrix in reduction.pieces.items():
        layout[key] = [start, matrix.shape[0], matrix.shape[1]]
        for k, value in enumerate(matrix):
            outputs[(start + k,)] = value
        start += matrix.shape[0] * matrix.shape[1]
    source = codegen.generate("reduction", [("p", parameters)], {k: v for k, v in outputs.items() if v != 0}, (start,))
    return source, layout



class CompiledModel:
    """Batched numeric functions of one derivation. Cheap to pickle (source text)."""

    def __init__(self, key: str, meta: Mapping):
        self.key = key
        self.meta = dict(meta)
        self.parameter_names: tuple[str, ...] = tuple(meta["parameter_names"])
        self.parameter_quantities: tuple[str, ...] = tuple(meta["parameter_quantities"])
        self.state_names: tuple[str, ...] = tuple(meta["state_names"])
        self.convention: str = meta["convention"]
        self._parameter_checks = ColumnChecks(self.parameter_names, self.parameter_quantities)
        self._constraint_checks = ColumnChecks(*zip(*meta["constraints"])) if meta["constraints"] else lambda values: None
        for name in FUNCTIONS:
            setattr(self, f"_{name}", codegen.load(meta["sources"][name], name, f"<hybridsys {key[:8]} {name}>"))
        self.flow = Flow(meta["sources"]["flow"], key, self.time_dependent)
        if "frequencies" in meta["sources"]:
            self._frequencies = codegen.load(meta["sources"]["frequencies"], "frequencies", f"<hybridsys {key[:8]} frequencies>")
        self.derivation = None  # set where compiled in this process: the period map (generated on first use), the master equation
        self._period_flow = None
        if "reduction" in meta:
            self._reduction = codegen.load(meta["sources"]["reduction"], "reduction", f"<hybridsys {key[:8]} reduction>")
        if "positivity" in meta:
            self._positivity = codegen.load(meta["sources"]["positivity"], "positivity", f"<hybridsys {key[:8]} positivity>")

    def __reduce__(self):
        return (CompiledModel, (self.key, self.meta))

    def __repr__(self) -> str:
        return f"<CompiledModel {self.key[:8]}: {len(self.parameter_names)} parameters, {len(self.state_names)} quadratures>"

    @property
    def time_dependence(self) -> tuple[str, ...]:
        """Where time t enters the model, as ``label.field`` (empty for a static model)."""
        return tuple(self.meta["time_dependence"])

    @property
    def time_dependent(self) -> bool:
        """Whether the model depends on time t: its functions of the state then take t."""
        return bool(self.meta["time_dependence"])

    def require_static(self, what: str) -> None:
        """Raise a :class:`~hybridsys.errors.NetworkError` for ``what``, a static route,
        if the model depends on time, pointing to the periodic route."""
        require_static(what, self.time_dependence)

    @property
    def size(self) -> int:
        """Number of quadratures, 2 × number of modes."""
        return len(self.state_names)

    @property
    def modes(self) -> tuple[str, ...]:
        """Mode names, in state order (from "X_a", "Y_a", ...)."""
        return tuple(name[2:] for name in self.state_names[::2])

    # -- inputs ----------------------------------------------------------------------
    def parameters(self, values: Mapping[str, object]) -> np.ndarray:
        """Parameter array (batch..., P) from a mapping name → number or array.

        Arrays broadcast against each other; every parameter must be given, no
        unknown name is accepted, and rates, occupations and masses are checked.
        """
        if TIME_NAME in values:
            raise ParameterError(f"{TIME_NAME!r} is time (in units of 1/ω_ref), not a parameter: it cannot be given a value")
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
        params = np.stack(arrays, axis=-1) if arrays else np.zeros((0,))
        self._check_constraints(params)
        return params

    def _check_constraints(self, params: np.ndarray) -> None:
        """Rates and occupations must be >= 0 and masses > 0, also where the field is
        an expression of parameters (e.g. ``damping="2*gamma"``)."""
        values = self._constraints(params)
        self._constraint_checks(values)
        if "positivity" in self.meta:
            _check_positivity(self._positivity(params), self.meta["positivity"])

    def _params(self, params) -> np.ndarray:
        try:
            params = np.asarray(params, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError(f"params must be an array of numbers (build it with CompiledModel.parameters), got {params!r}") from None
        if params.shape[-1:] != (len(self.parameter_names),):
            raise ParameterError(
                f"params must have last axis {len(self.parameter_names)} ({', '.join(self.parameter_names)}), "
                f"got shape {params.shape}; build it with CompiledModel.parameters"
            )
        if not self._parameter_checks.fine(params):  # name the value and the point
            bad = ~np.isfinite(params)
            if np.any(bad):
                point, column = np.argwhere(bad)[0][:-1], np.argwhere(bad)[0][-1]
                raise ParameterError(f"parameter {self.parameter_names[column]!r} is {params[tuple(point) + (column,)]} "
                                     f"at point {tuple(point.tolist())}: every value must be finite")
            self._parameter_checks(params)  # sign and size, as CompiledModel.parameters checks them
        self._check_constraints(params)
        return params

    def _state(self, state) -> np.ndarray:
        try:
            state = np.asarray(state, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError(f"state must be an array of real mean fields ({', '.join(self.state_names)}), got {state!r}") from None
        if state.shape[-1:] != (self.size,):
            raise ParameterError(f"state must have last axis {self.size} ({', '.join(self.state_names)}), got shape {state.shape}")
        if not np.all(np.isfinite(state)):
            raise ParameterError("state contains NaN or infinite mean fields")
        return state

    def _batch(self, params, state) -> tuple[np.ndarray, np.ndarray]:
        params, state = self._params(params), self._state(state)
        try:
            np.broadcast_shapes(params.shape[:-1], state.shape[:-1])
        except ValueError:
            raise ParameterError(f"batch shapes of params {params.shape[:-1]} and state {state.shape[:-1]} do not broadcast") from None
        return params, state

    @property
    def aperiodic(self) -> tuple[str, ...]:
        """Terms of the mean field in which t enters other than periodically (see
        :mod:`hybridsys.symbolic.modulation`)."""
        return tuple(self.meta.get("aperiodic", ()))

    def frequencies(self, params) -> np.ndarray:
        """The modulation frequencies ω (batch..., K) at every point (K = 0 for a static model)."""
        params = self._params(params)
        if not hasattr(self, "_frequencies"):
            return np.zeros(params.shape[:-1] + (0,))
        return self._frequencies(params)

    @property
    def period_flow(self) -> "Flow":
        """The period map's flow (:func:`period_flow_source`), generated on first use and
        kept with the compiled model on disk. It is generated in scalar form (one CSE'd
        expression per entry of [x, Φ, V]): about 0.6 s for 8 quadratures, 9 s for 24,
        growing as size³ (no products form yet, unlike the trajectory flow)."""
        if self._period_flow is None:
            self._period_flow = Flow(self.generated("period_flow", period_flow_source), f"{self.key}_period", timed=True)
        return self._period_flow

    def generated(self, name: str, source) -> str:
        """The source ``name`` that only some routes need (the period flow, the periodic
        start), made by ``source(derivation)`` on first use and kept with the compiled
        model on disk."""
        if name not in self.meta["sources"]:
            derivation = self.derivation
            if derivation is None:
                raise HybridsysError(f"the {name.replace('_', ' ')} of this compiled model is not generated yet: compile it "
                                     "with hs.compile in this process (the derivation is needed once)")
            self.meta["sources"][name] = source(derivation)
            _write(cache_dir() / f"{self.key}.json", self.meta)
        return self.meta["sources"][name]

    def with_time(self, params: np.ndarray, t) -> np.ndarray:
        """The columns the generated functions of the state read: for a time-dependent
        model ``params`` with time t (a number or an array broadcasting against the
        batch) appended as the last column; for a static model ``params`` itself (t,
        if given, changes nothing)."""
        if not self.time_dependent:
            return params
        if t is None:
            raise ParameterError(
                f"this model depends on time t (in {', '.join(self.time_dependence)}): give t (in units of 1/ω_ref)"
            )
        t = np.asarray(t, dtype=float)
        if not np.all(np.isfinite(t)):
            raise ParameterError("time t must be finite")
        try:
            shape = np.broadcast_shapes(params.shape[:-1], t.shape)
        except ValueError:
            raise ParameterError(f"time t of shape {t.shape} does not broadcast against the batch {params.shape[:-1]}") from None
        return np.concatenate([np.broadcast_to(params, shape + params.shape[-1:]), np.broadcast_to(t, shape)[..., None]], axis=-1)

    # -- symbolic objects, evaluated ---------------------------------------------------
    def mean_field(self, params, state, t=None) -> np.ndarray:
        """d<state>/dt of the mean-field equations (S7) at time ``t`` (needed only by
        a time-dependent model), shape (batch..., 2n)."""
        params, state = self._batch(params, state)
        return self._mean_field(self.with_time(params, t), state)

    def drift(self, params, state, t=None) -> np.ndarray:
        """Drift matrix A (S14) at the given mean fields and time ``t`` (needed only by
        a time-dependent model), shape (batch..., 2n, 2n)."""
        params, state = self._batch(params, state)
        return self._drift(self.with_time(params, t), state)

    def diffusion(self, params) -> np.ndarray:
        """Diffusion matrix D (S20), shape (batch..., 2n, 2n)."""
        return self._diffusion(self._params(params))

    def occupations(self, params) -> np.ndarray:
        """Bath occupation n̄ of every mode, (batch..., modes)."""
        return self._occupations(self._params(params))

    @property
    def coupling_labels(self) -> tuple[str, ...]:
        """Labels of the couplings that :meth:`effective_couplings` returns, in order."""
        return tuple(self.meta["coupling_labels"])

    def effective_couplings(self, params, state, t=None) -> np.ndarray:
        """Effective coupling G of every two-mode coupling at the given mean fields (and
        time ``t`` for a time-dependent model): g|⟨o⟩| for radiation pressure and
        magnetostriction, χ or g for exchange."""
        params, state = self._batch(params, state)
        return self._couplings(self.with_time(params, t), state)

    # -- ports (hybridsys.model.ports) ------------------------------------------------
    @property
    def ports(self) -> tuple[str, ...]:
        """Port names, in the order of :meth:`port_rates` and of S(ω)'s rows and columns:
        every port but those a cascade joins (internal links)."""
        return tuple(name for name, _ in self.meta["ports"])

    @property
    def port_modes(self) -> tuple[int | None, ...]:
        """Index (into :attr:`modes`) of each port's mode; None for a port that is not one
        mode's share (a waveguide's end)."""
        return tuple(None if mode is None else self.modes.index(mode) for _, mode in self.meta["ports"])

    def port_rates(self, params) -> np.ndarray:
        """Rate κ_p of every port on one mode (amplitude convention), NaN for a waveguide's
        end, (batch..., ports)."""
        return self._port_rates(self._params(params))

    def port_channels(self, params) -> tuple[np.ndarray, np.ndarray]:
        """(outputs, inputs): the Lindblad operators of each port's output and input channel
        as ladder coefficients on [o_1, o_1†, o_2, ...], complex (batch..., ports, 2n), the
        form :func:`hybridsys.measures.channel_scattering` takes."""
        values = self._port_channels(self._params(params))
        complex_values = values[..., 0, :, :] + 1j * values[..., 1, :, :]
        return complex_values[..., 0, :, :], complex_values[..., 1, :, :]

    @property
    def port_links(self) -> np.ndarray:
        """Π (ports, ports): 1 where port p's output channel is port q's input channel."""
        return np.array(self.meta["port_links"], dtype=float).reshape(len(self.ports), len(self.ports))

    def port(self, name: str, params) -> tuple[int, np.ndarray]:
        """(mode index, rate κ_p (batch...)) of the port called ``name``: the ``mode`` and
        ``kappa`` arguments of :func:`hybridsys.measures.output_spectrum` and
        :func:`hybridsys.measures.probe_transmission`."""
        if name not in self.ports:
            raise ParameterError(f"unknown port {name!r}; this model's ports are {list(self.ports)} "
                                 "(ports that a cascade joins are internal links, not among them)")
        k = self.ports.index(name)
        if self.port_modes[k] is None:
            raise ParameterError(f"port {name!r} is not one mode's share (a waveguide's end): it has no single mode and "
                                 "rate; use hybridsys.measures.port_scattering for its S(ω)")
        return self.port_modes[k], self.port_rates(params)[..., k]


class Flow:
    """d/dt of y = [<state>, packed V]: the mean-field equations (S7) and the
    covariance equation (S17), as one in-place function ``flow(p, y, out)``.

    ``numpy``: plain Python/numpy (1-d arrays for one point, or arrays of shape
    (k, batch) for a batch). ``source`` is what :mod:`hybridsys.numerics.integrator`
    compiles, with numba, into its integration kernel. ``timed``: the flow depends on
    time t, which it reads as the last entry of ``p`` (after the parameters).
    """

    def __init__(self, source: str, key: str, timed: bool = False):
        self.source = source
        self.key = key
        self.timed = timed
        self.numpy = codegen.load(source, "flow", f"<hybridsys {key[:8]} flow>")


def compile(source, convention: str = "exact", scenarios: Sequence[str] = ()) -> CompiledModel:
    """The compiled model of a derivation, a network or a model file (the latter two
    derived first, see :func:`hybridsys.derive`): compiled once, then kept."""
    derivation = source if isinstance(source, Derivation) else derive(source, convention, scenarios)
    return compile_derivation(derivation)


def compile_derivation(derivation) -> CompiledModel:
    """The compiled model of ``derivation``: from memory, else disk, else generated."""
    key = cache_key(derivation)
    if key in _MEMORY:
        return _MEMORY[key]
    path = cache_dir() / f"{key}.json"
    meta = _read(path)
    if meta is None:
        with compile_notice(True):
            meta = generate_sources(derivation)
        _write(path, meta)
    compiled = CompiledModel(key, meta)
    compiled.derivation = derivation  # kept in this process (not pickled): the period map, the master equation
    _MEMORY[key] = compiled
    return compiled


def import_generated(name: str, source: str):
    """Import generated ``source`` as module ``name`` from a file in the cache
    directory (numba caches compiled code only for functions defined in files);
    where the cache cannot be written, from a temporary directory. The file's first line
    is :func:`_kernel_fingerprint`, so that an upgrade of what the kernel imports is not
    served from numba's cache of the old one."""
    import importlib.util

    source = f"# hybridsys kernel code {_kernel_fingerprint()}\n{source}"
    for folder in (cache_dir() / "kernels", Path(tempfile.gettempdir()) / f"hybridsys-kernels-{os.getuid()}"):
        path = folder / f"{name}.py"
        try:
            if not path.exists() or path.read_text() != source:
                folder.mkdir(parents=True, exist_ok=True)
                _write_text(path, source)
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module  # numba's cache looks the module up by name
            spec.loader.exec_module(module)
            return module
        except OSError:
            continue
    raise OSError(f"cannot write the generated module {name}.py to the cache or a temporary directory")


def _read(path: Path):
    try:
        meta = json.loads(path.read_text())
        complete = set(FUNCTIONS) | {"flow", "wigner_drift"} <= set(meta.get("sources", {})) and "time_dependence" in meta
        return meta if complete else None
    except (OSError, ValueError):
        return None


def _write_text(path: Path, text: str) -> None:
    """Write atomically (a concurrent reader sees the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, path)


def _write(path: Path, meta: Mapping) -> None:
    try:
        _write_text(path, json.dumps(meta))
    except OSError:
        pass  # a read-only cache only costs time


def clear_memory_cache() -> None:
    """Forget derivations and compiled models held in this process (the disk cache stays)."""
    derivations.clear_cache()
    _MEMORY.clear()
