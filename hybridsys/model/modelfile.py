"""Models: a network with named parameter sets, read from and written to TOML.

A model file is declarative: components are tables whose fields are numbers,
mode names or parameter expressions (parsed safely, never evaluated), and each
parameter set lists a value for every parameter. A set may also compute a value
with a named helper of :mod:`hybridsys.model.physical` (``[parameters.NAME.derived]``),
and may be declared at a published operating point (``[parameters.NAME.operating_point]``:
effective detuning and coupling, solved for the bare detuning and drive by
:mod:`hybridsys.model.operating_point`).
Ready-made models ship inside the package and load by name.
"""

from __future__ import annotations

import json
import math
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Mapping

import attrs

from ..errors import HybridsysError, ModelFileError, NetworkError
from .couplings import SagnacDrive
from .network import Network
from .symbols import TIME_NAME
from .operating_point import OperatingPoint
from .physical import DERIVED_VALUE_FUNCTIONS
from .units import Units, check_value

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


TOP_LEVEL_KEYS = {"name", "description", "default_parameters", "synchronize", "modes", "couplings", "parameters", "scenarios"}
SET_KEYS = {"description", "reference_hz", "values", "derived", "operating_point"}
SCENARIO_KEYS = {"description", "values", "directions"}


def _check_keys(data: Mapping, allowed: set, where: str) -> None:
    if not isinstance(data, Mapping):
        raise ModelFileError(f"{where}: expected a table, got {data!r}")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ModelFileError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


@attrs.frozen
class ParameterSet:
    """Values for every parameter of a model, in units of the reference frequency.

    ``derived`` records values computed by helpers: name → {"function": ..., kwargs};
    ``operating_point`` the targets the bare detuning and drive were solved from.
    """

    name: str
    values: Mapping[str, float]
    reference_hz: float
    description: str = ""
    derived: Mapping[str, Mapping] = attrs.field(factory=dict)
    operating_point: OperatingPoint | None = None
    #: the parameters solved from ``operating_point`` (bare detuning, drive amplitude)
    solved: tuple[str, ...] = ()

    @property
    def units(self) -> Units:
        return Units(self.reference_hz)


def _derived_value(name: str, spec: Mapping, where: str) -> float:
    spec = dict(spec)
    function = spec.pop("function", None)
    if function not in DERIVED_VALUE_FUNCTIONS:
        raise ModelFileError(f"{where}: derived value {name!r} names unknown function {function!r}; known: {sorted(DERIVED_VALUE_FUNCTIONS)}")
    try:
        return float(DERIVED_VALUE_FUNCTIONS[function](**spec))
    except (TypeError, ValueError) as exc:
        raise ModelFileError(f"{where}: derived value {name!r}: {exc}") from None


def _numbers(values: Mapping, where: str) -> dict[str, float]:
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ModelFileError(f"{where}: value of {key!r} must be a number, got {value!r}")
    return dict(values)


def _scenario(name: str, raw: Mapping, where: str) -> "Scenario":
    _check_keys(raw, SCENARIO_KEYS, where)
    directions = raw.get("directions", {})
    if not isinstance(directions, Mapping) or not all(isinstance(v, str) for v in directions.values()):
        raise ModelFileError(f"{where}: directions must be a table of cavity = \"LD\" or \"RD\", got {directions!r}")
    return Scenario(name, _numbers(raw.get("values", {}), where), raw.get("description", ""), dict(directions))


@attrs.frozen
class Scenario:
    """A named physical situation: parameter values that override a parameter set
    (e.g. the bias field from the other direction, OD: K > 0), and the side each
    Sagnac-driven cavity is driven from (``directions``: cavity → ``"LD"`` or ``"RD"``,
    e.g. the laser from the right, RD: σ = −ΩΛ, (S52))."""

    name: str
    values: Mapping[str, float]
    description: str = ""
    directions: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Model:
    """A ready-to-use system: network, parameter sets and what it is for."""

    name: str
    network: Network
    parameter_sets: Mapping[str, ParameterSet]
    default_set: str
    description: str = ""
    #: The pair of modes whose synchronization the model is about, if any.
    synchronize: tuple[str, ...] = ()
    scenarios: Mapping[str, Scenario] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if self.default_set not in self.parameter_sets:
            raise ModelFileError(f"model {self.name!r}: default parameter set {self.default_set!r} is not one of {list(self.parameter_sets)}")
        for name in self.synchronize:
            self.network.mode(name)
        quantities = {p.name: p.quantity for p in self.network.parameters}
        for scenario in self.scenarios.values():
            self._check_values(f"model {self.name!r}, scenario {scenario.name!r}", scenario.values, quantities, complete=False)
            self.network_for(scenario.name)
        for pset in self.parameter_sets.values():
            self._check_values(f"model {self.name!r}, parameter set {pset.name!r}", pset.values, quantities, complete=True)

    @staticmethod
    def _check_values(where: str, values: Mapping[str, float], quantities: Mapping[str, str], complete: bool) -> None:
        """Names known (and all given if ``complete``), every value allowed for its quantity."""
        if TIME_NAME in values:
            raise ModelFileError(f"{where}: {TIME_NAME!r} is time (in units of 1/ω_ref), not a parameter: it cannot be given a value")
        missing = [n for n in quantities if n not in values] if complete else []
        unknown = [n for n in values if n not in quantities]
        if missing or unknown:
            raise ModelFileError(f"{where}: missing values for {missing}, unknown parameters {unknown}")
        for name, value in values.items():
            try:
                check_value(name, quantities[name], value)
            except HybridsysError as exc:
                raise ModelFileError(f"{where}: {exc}") from None

    def parameter_set(self, name: str | None = None) -> ParameterSet:
        """The named parameter set (default: the model's default set)."""
        name = name or self.default_set
        try:
            return self.parameter_sets[name]
        except KeyError:
            raise ModelFileError(f"model {self.name!r} has no parameter set {name!r}; it has {list(self.parameter_sets)}") from None

    def scenario(self, name: str) -> Scenario:
        try:
            return self.scenarios[name]
        except KeyError:
            raise ModelFileError(f"model {self.name!r} has no scenario {name!r}; it has {list(self.scenarios)}") from None

    def values(self, set_name: str | None = None, *scenarios: str, **overrides: float) -> dict[str, float]:
        """The values of a parameter set, then of the named ``scenarios`` in order, then
        ``overrides`` (names checked)."""
        values = dict(self.parameter_set(set_name).values)
        for name in scenarios:
            values.update(self.scenario(name).values)
        unknown = set(overrides) - set(values)
        if unknown:
            raise ModelFileError(f"model {self.name!r} has no parameter(s) {sorted(unknown)}; it has {list(values)}")
        values.update(overrides)
        return values

    def network_for(self, *scenarios: str) -> Network:
        """The network with the drive directions of ``scenarios`` applied (in order)."""
        directions: dict[str, str] = {}
        for name in scenarios:
            directions.update(self.scenario(name).directions)
        drives = {c.cavity: c for c in self.network.couplings if isinstance(c, SagnacDrive)}
        unknown = sorted(set(directions) - set(drives))
        if unknown:
            raise ModelFileError(f"model {self.name!r}: scenario(s) {list(scenarios)} set the drive direction of {unknown}, "
                                 f"which have no Sagnac drive; Sagnac-driven cavities: {sorted(drives)}")
        try:
            replaced = {drives[c]: attrs.evolve(drives[c], direction=d) for c, d in directions.items()}
        except HybridsysError as exc:
            raise ModelFileError(f"model {self.name!r}, scenario(s) {list(scenarios)}: {exc}") from None
        return Network([replaced.get(c, c) for c in self.network.components]) if replaced else self.network

    # -- TOML ------------------------------------------------------------------------
    @classmethod
    def from_data(cls, data: Mapping, where: str = "model") -> "Model":
        _check_keys(data, TOP_LEVEL_KEYS, where)
        try:
            network = Network.from_data(data, where)
        except NetworkError as exc:  # it already says where
            raise ModelFileError(str(exc)) from None
        try:
            sets = {}
            for set_name, raw in data.get("parameters", {}).items():
                set_where = f"{where}, parameters.{set_name}"
                _check_keys(raw, SET_KEYS, set_where)
                values = _numbers(raw.get("values", {}), set_where)
                derived = {k: dict(v) for k, v in raw.get("derived", {}).items()}
                for key, spec in derived.items():
                    if key in values:
                        raise ModelFileError(f"{set_where}: {key!r} is both given and derived; keep one")
                    values[key] = _derived_value(key, spec, set_where)
                point, solved = None, ()
                if "operating_point" in raw:
                    point = OperatingPoint.from_data(raw["operating_point"], f"{set_where}.operating_point")
                    solved = point.solved_parameters(network)
                    given = [k for k in solved if k in values]
                    if given:
                        raise ModelFileError(f"{set_where}: {given} are both given and solved from the operating point; keep one")
                    values.update(point.solve(network, values))
                reference = Units(raw["reference_hz"]).reference_hz
                sets[set_name] = ParameterSet(set_name, values, reference, raw.get("description", ""), derived, point, solved)
            return cls(
                name=data["name"],
                network=network,
                parameter_sets=sets,
                default_set=data.get("default_parameters", next(iter(sets), "")),
                description=data.get("description", ""),
                synchronize=tuple(data.get("synchronize", ())),
                scenarios={name: _scenario(name, raw, f"{where}, scenarios.{name}") for name, raw in data.get("scenarios", {}).items()},
            )
        except KeyError as exc:
            raise ModelFileError(f"{where}: missing required key {exc}") from None
        except HybridsysError as exc:
            if isinstance(exc, ModelFileError):
                raise
            raise ModelFileError(f"{where}: {exc}") from None
        except (TypeError, ValueError) as exc:
            raise ModelFileError(f"{where}: {exc}") from None

    def to_data(self) -> dict:
        data: dict = {"name": self.name, "description": self.description, "default_parameters": self.default_set}
        if self.synchronize:
            data["synchronize"] = list(self.synchronize)
        data.update(self.network.to_data())
        data["parameters"] = {
            s.name: {
                "description": s.description,
                "reference_hz": s.reference_hz,
                "values": {k: v for k, v in s.values.items() if k not in s.derived and k not in s.solved},
                **({"derived": {k: dict(v) for k, v in s.derived.items()}} if s.derived else {}),
                **({"operating_point": s.operating_point.to_data()} if s.operating_point else {}),
            }
            for s in self.parameter_sets.values()
        }
        if self.scenarios:
            data["scenarios"] = {
                s.name: {"description": s.description, "values": dict(s.values), **({"directions": dict(s.directions)} if s.directions else {})}
                for s in self.scenarios.values()
            }
        return data

    @classmethod
    def from_toml(cls, text: str, where: str = "model file") -> "Model":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ModelFileError(f"{where}: not valid TOML ({exc})") from None
        return cls.from_data(data, where)

    def to_toml(self) -> str:
        return dumps_toml(self.to_data())


# -- a small TOML writer for the model-file schema ---------------------------------------
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ModelFileError(f"cannot write non-finite number {value!r} to a model file")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value).replace("\x7f", "\\u007f")  # JSON strings are TOML basic strings
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise ModelFileError(f"cannot write {value!r} to a model file")


def _toml_key(key: str) -> str:
    return key if BARE_KEY.match(key) else json.dumps(key)


def dumps_toml(data: Mapping, prefix: str = "") -> str:
    """TOML text for nested dicts of scalars, lists of scalars and lists of tables."""
    scalars, tables, arrays = [], [], []
    for key, value in data.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Mapping) for v in value):
            arrays.append((key, value))
        else:
            scalars.append(f"{_toml_key(key)} = {_toml_value(value)}")
    out = "\n".join(scalars) + ("\n" if scalars else "")
    for key, items in arrays:
        for item in items:
            out += f"\n[[{prefix}{_toml_key(key)}]]\n" + dumps_toml(item, f"{prefix}{_toml_key(key)}.")
    for key, table in tables:
        out += f"\n[{prefix}{_toml_key(key)}]\n" + dumps_toml(table, f"{prefix}{_toml_key(key)}.")
    return out


# -- finding models ----------------------------------------------------------------------
def _model_dirs() -> list[Path]:
    """Where ready-made model files lie: ``models/`` (packaged as ``hybridsys/_models``,
    or the checkout's) and each paper package's folder (``hybridsys/papers/<paper>/``).
    A file search, not an import: the model stage knows nothing of the papers."""
    package = Path(str(resources.files("hybridsys")))
    dirs = [d for d in (package / "_models", package.parent / "models") if d.is_dir()]
    papers = package / "papers"
    if papers.is_dir():
        dirs.extend(sorted(d for d in papers.iterdir() if d.is_dir() and not d.name.startswith("_")))
    return dirs


def available_models() -> list[str]:
    """Names of the ready-made models."""
    return sorted({p.stem for d in _model_dirs() for p in d.glob("*.toml")})


def _read_text(path: Path) -> str:
    """A model file's text: TOML is UTF-8, so anything else (a binary file, Latin-1) is
    an error naming the file and the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"cannot read model file {str(path)!r}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ModelFileError(f"{str(path)!r} is not a model file: TOML must be UTF-8 text, but byte {exc.start} "
                             f"(line {line}) is {data[exc.start:exc.start + 1]!r}") from None


def load_model(name_or_path: str | Path) -> Model:
    """Load a ready-made model by name (``"nonreciprocal_sync"``) or a model file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ModelFileError(f"no model file at {str(path)!r}")
        return Model.from_toml(_read_text(path), str(path))
    for directory in _model_dirs():
        candidate = directory / f"{name_or_path}.toml"
        if candidate.is_file():
            return Model.from_toml(_read_text(candidate), str(candidate))
    raise ModelFileError(f"unknown model {str(name_or_path)!r}; ready-made models: {available_models()}")
