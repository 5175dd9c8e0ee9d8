"""Property-based fuzzing (hypothesis): random networks built from the public
components, random parameter values (extreme, zero, negative, non-finite) and randomly
corrupted model files. Every outcome must be a result or a :class:`HybridsysError` with
a message: never another exception, and never a hang (each example runs under an
alarm).

The default run keeps to a small number of examples (well under a minute); the long
profile runs ten times as many: ``pytest -m slow tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import math
import signal
import string
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.model.modelfile import Model, dumps_toml, load_model
from hybridsys.model.network import COMPONENT_TYPES

ROOT = Path(__file__).resolve().parent.parent
MODEL_FILES = sorted((ROOT / "models").glob("*.toml")) + sorted((ROOT / "hybridsys" / "papers").glob("*/*.toml"))
#: Examples per property: the default run, and the long one (-m slow).
EXAMPLES = {"default": 1, "slow": 10}


#: How each step ended in this session ("steady_states: result", "network: NetworkError", ...).
SEEN: Counter = Counter()


class Hang(Exception):
    """An example ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float):
    def alarm(signum, frame):
        raise Hang(f"no result within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcome(step: str, call, seconds: float = 30.0):
    """``call()``'s result (``step`` names it in hypothesis' statistics), or the HybridsysError it raised (which must say something);
    any other exception, and a call running past ``seconds``, fail the test."""
    with time_limit(seconds):
        try:
            result = call()
        except hs.HybridsysError as exc:
            assert str(exc).strip(), f"{type(exc).__name__} raised without a message"
            SEEN[f"{step}: {type(exc).__name__}"] += 1
            return exc
    SEEN[f"{step}: result"] += 1
    return result


def fuzz(examples: int, profile: str):
    """Hypothesis settings: ``examples`` times the profile's factor, no per-example
    deadline (the alarm in :func:`outcome` catches hangs; compiling a network takes a
    second or two), no database in the work tree. The default profile draws the same
    examples every run (CI stays reproducible); the slow one draws new ones."""
    return settings(max_examples=examples * EXAMPLES[profile], deadline=None, database=None, derandomize=profile == "default",
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


PROFILES = [pytest.param("default"), pytest.param("slow", marks=pytest.mark.slow)]

# -- values --------------------------------------------------------------------------------
EXTREMES = [0.0, -0.0, 5e-324, 1e-300, -1e-300, 1e-8, 1e30, -1e30, 1.0000001e30, 1e200, -1e308, 1e308,
            math.inf, -math.inf, math.nan]
values = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=True, allow_infinity=True),
                   st.floats(-2.0, 2.0), st.integers(-10**400, 10**400))


# -- random networks --------------------------------------------------------------------------
MODE_TYPES = {"cavity": hs.Cavity, "magnon": hs.Magnon, "phonon": hs.Phonon}
#: Each coupling with the fields naming its modes (any mode may be drawn: wrong kinds must be errors).
COUPLINGS = {
    hs.RadiationPressure: ("cavity", "phonon"), hs.Magnetostriction: ("magnon", "phonon"),
    hs.Contact: ("phonon1", "phonon2"), hs.BeamSplitter: ("mode1", "mode2"), hs.Kerr: ("mode",),
    hs.Drive: ("mode",), hs.SagnacDrive: ("cavity",), hs.TwoModeSqueezing: ("mode1", "mode2"), hs.Squeezing: ("mode",),
    hs.CrossKerr: ("mode1", "mode2"), hs.DissipativeCoupling: ("mode1", "mode2"), hs.TwoModeSqueezedBath: ("mode1", "mode2"),
}
#: Generic terms: well-formed (on the modes a, b a network may have), not Hermitian, unknown
#: operators, junk.
TERMS = st.sampled_from(["G*(a_dag*b + a*b_dag)", "G*(a_dag*b_dag + a*b)", "K*a_dag*a_dag*a*a", "G*a_dag*b", "G*c_dag*c",
                         "a_dag*(b + b_dag)", "G*(a**2 + a_dag**2)", "x_dag*", "", "__import__('os')"])
#: Jump operators: linear (on the modes a, b a network may have), not linear, unknown modes, junk.
JUMPS = st.sampled_from(["a", "a + exp(I*theta)*b", "a_dag + 0.5*b", "sqrt(eta)*a - b", "b*b", "c", "a*a_dag", "exp(I*a)*b",
                         "a +", "", "__import__('os')", "2"])
#: Gaussian-bath matrices on one or two modes: physical, unphysical, the wrong shape, junk.
BATH_MATRICES = st.sampled_from([[[0.1, 0], [0, 0.1]], [[0, 0.2], [0.2, 0]], [[0, "0.5*I"], ["0.5*I", 0]], [[0.3]], [[-1]],
                                 [[0, "x"], [0, 0]], [[float("nan")]], "junk", [[0, 1], [2, 0]]])
expressions = st.one_of(
    st.none(), values,
    st.sampled_from(["2*x", "x + y", "sqrt(x)", "x**2", "-x", "x/y", "exp(x)", "x**100", "1/0", "I*x", "pi", "x y", "", "import os"]),
)


#: The kind of mode each coupling field takes (None: any kind).
FIELD_KINDS = {"cavity": "cavity", "phonon": "phonon", "magnon": "magnon", "phonon1": "phonon", "phonon2": "phonon"}


@st.composite
def networks(draw):
    """Modes with random names (duplicates too) and fields (numbers, expressions, junk),
    then couplings: mostly between modes of the right kinds, sometimes any."""
    names = draw(st.lists(st.sampled_from(["a", "b", "c", "m", "x"]), min_size=1, max_size=3))
    components, kinds = [], {}
    for name in names:
        kind = draw(st.sampled_from(sorted(MODE_TYPES)))
        kinds.setdefault(kind, []).append(name)
        own = ["frequency", "mass"] if kind == "phonon" else ["detuning"]
        fields = {f: draw(expressions) for f in draw(st.sets(st.sampled_from(own + ["damping", "occupation", "squeezing", "squeezing_phase"]), max_size=2))}
        if kind == "phonon" and draw(st.integers(0, 2)) == 0:
            fields["damping_model"] = draw(st.sampled_from(["brownian", "symmetric", "ohmic"]))
        components.append((MODE_TYPES[kind], {"name": name, **fields}))
    for _ in range(draw(st.integers(0, 4))):
        cls = draw(st.sampled_from(list(COUPLINGS)))
        right = draw(st.integers(0, 4)) > 0
        fields = {f: draw(st.sampled_from(kinds.get(FIELD_KINDS.get(f), names) if right else names)) for f in COUPLINGS[cls]}
        if cls is hs.SagnacDrive:
            fields["direction"] = draw(st.sampled_from(["LD", "RD", "up"]))
        components.append((cls, fields))
    if draw(st.integers(0, 3)) == 0:
        components.append((hs.Term, {"hamiltonian": draw(TERMS)}))
    if draw(st.integers(0, 3)) == 0:
        components.append((hs.Dissipator, {"jump": draw(JUMPS), "rate": draw(expressions), "occupation": draw(expressions)}))
    if draw(st.integers(0, 5)) == 0:
        modes = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2))
        components.append((hs.GaussianBath, {"modes": modes, "N": draw(BATH_MATRICES), "M": draw(BATH_MATRICES)}))
    if draw(st.integers(0, 5)) == 0:
        modes = draw(st.lists(st.sampled_from(names), min_size=0, max_size=3))
        rates = draw(st.lists(expressions, min_size=len(modes), max_size=len(modes) + 1))
        phases = draw(st.lists(expressions, min_size=len(modes), max_size=len(modes)))
        components.append((hs.Waveguide, {"modes": modes, "right": rates, "phases": phases,
                                          "ends": draw(st.sampled_from([("left", "right"), ("p", "p"), ("in", "out")]))}))
    return components


def build(components):
    return hs.Network([cls(**fields) for cls, fields in components])


def exercise(compiled, params):
    """Everything a user computes at a parameter point: fixed points, stability,
    steady states and a short trajectory (the scipy engine: no JIT per network)."""
    outcome("steady_states", lambda: hs.steady_states(compiled, params))
    outcome("simulate", lambda: hs.simulate(compiled, params, periods=1, samples_per_period=8, engine="scipy",
                                            accuracy=hs.Accuracy(max_steps=2000)))


#: A driven optomechanical cavity with Kerr: every step gives a result (so no test here is vacuous).
OPTOMECHANICS = [(hs.Cavity, {"name": "a"}), (hs.Phonon, {"name": "b"}), (hs.RadiationPressure, {"cavity": "a", "phonon": "b"}),
                 (hs.Kerr, {"mode": "a"}), (hs.Drive, {"mode": "a"})]


@pytest.mark.parametrize("profile", PROFILES)
def test_random_networks_at_random_values_give_results_or_clear_errors(profile):
    before = SEEN["simulate: result"]

    @fuzz(6, profile)
    @example(components=OPTOMECHANICS, data=None)
    @given(components=networks(), data=st.data())
    def check(components, data):
        network = outcome("network", lambda: build(components))
        if isinstance(network, hs.HybridsysError):
            return
        compiled = outcome("compile", lambda: hs.compile(network), seconds=60)
        draw = (lambda strategy, label: data.draw(strategy, label=label)) if data else (lambda strategy, label: 0.3)
        point = {name: draw(st.one_of(st.floats(0.01, 2.0), values), name) for name in compiled.parameter_names}
        params = outcome("parameters", lambda: compiled.parameters(point))
        if not isinstance(params, hs.HybridsysError):
            exercise(compiled, params)

    check()
    assert SEEN["simulate: result"] > before


@pytest.mark.parametrize("profile", PROFILES)
def test_the_spec_model_at_extreme_values_gives_results_or_clear_errors(profile, spec_model, spec_compiled, capsys):
    names = list(spec_compiled.parameter_names)
    before = SEEN["steady_states: result"], SEEN["sweep: result"]

    @fuzz(10, profile)
    @example(changes={"K": 1e-30})
    @given(changes=st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=3))
    def check(changes):
        point = {**spec_model.values(), **changes}
        params = outcome("parameters", lambda: spec_compiled.parameters(point))
        if not isinstance(params, hs.HybridsysError):
            exercise(spec_compiled, params)
        # the same through the command line (exit code 0 or 2, never a traceback) and a sweep
        argv = ["steady", "nonreciprocal_sync", "--json"] + [f"--set={n}={v!r}" for n, v in changes.items()]
        assert outcome("cli steady", lambda: main(argv)) in (0, 2)
        capsys.readouterr()
        outcome("sweep", lambda: hs.sweep(spec_model, points={n: [v] for n, v in changes.items()}, regime="steady", progress=False))

    check()
    assert SEEN["steady_states: result"] > before[0] and SEEN["sweep: result"] > before[1]


# -- corrupted model files ---------------------------------------------------------------------
@st.composite
def corrupted(draw):
    data = bytearray(draw(st.sampled_from(MODEL_FILES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "delete-line"]))
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif how == "truncate":
            del data[position:]
        elif how == "insert":
            data[position:position] = draw(st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(
                [b"\n[[modes]]\n", b' = "', b"1e999", b"nan", b"\x00", b"[parameters.x]\n", b"\xff"])))
        else:
            lines = bytes(data).split(b"\n")
            if lines:
                del lines[position % len(lines)]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


scalars = st.one_of(st.booleans(), values, st.text(string.printable, max_size=8), st.sampled_from(sorted(COMPONENT_TYPES)))
tables = st.recursive(scalars | st.lists(scalars, max_size=3),
                      lambda inner: st.dictionaries(st.sampled_from(["name", "type", "values", "mode", "g", "x"]), inner, max_size=4),
                      max_leaves=12)


@st.composite
def random_models(draw):
    """Random TOML in the shape of a model file: the known top-level keys (and others),
    tables and lists of tables with random keys and values."""
    keys = st.sampled_from(["name", "description", "default_parameters", "synchronize", "modes", "couplings",
                            "parameters", "scenarios", "other"])
    data = draw(st.dictionaries(keys, tables, max_size=6))
    for section in ("modes", "couplings"):
        if draw(st.booleans()):
            data[section] = draw(st.lists(st.dictionaries(st.sampled_from(["type", "name", "mode", "cavity", "phonon", "damping", "foo"]),
                                                          scalars, max_size=4), min_size=1, max_size=3))
    try:
        return dumps_toml(data).encode()
    except hs.HybridsysError:  # our writer refuses non-finite numbers: write them by hand
        return str(data).encode()


def load_and_use(path: Path):
    model = load_model(path)
    values = model.values()
    Model.from_toml(model.to_toml(), str(path))  # what it writes, it reads back
    return values


@pytest.mark.parametrize("profile", PROFILES)
def test_corrupted_and_random_model_files_load_or_give_clear_errors(profile, tmp_path):
    before = SEEN["model file: result"], SEEN["model file: ModelFileError"]

    @fuzz(40, profile)
    @example(content=MODEL_FILES[0].read_bytes())
    @example(content=MODEL_FILES[0].read_bytes()[:-200])
    @given(content=st.one_of(corrupted(), random_models()))
    def check(content):
        path = tmp_path / "model.toml"
        path.write_bytes(content)
        outcome("model file", lambda: load_and_use(path))

    check()

    assert SEEN["model file: result"] > before[0] and SEEN["model file: ModelFileError"] > before[1]
