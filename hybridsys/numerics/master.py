"""The master-equation route: the exact dynamics and steady state of a network in a
truncated Fock space (QuTiP's ``steadystate`` and ``mesolve``), for the few-quanta
regime where the linearization and truncated Wigner fail.

The operators come from :func:`hybridsys.compiled.qutip.to_qutip`. Results are given
in the conventions of every other route: mean quadratures and the symmetrized
covariance V of X = (o + o†)/√2, Y = i(o† − o)/√2 (vacuum variance ½, ordered
[X_o1, Y_o1, X_o2, ...]), so that every Gaussian measure of :mod:`hybridsys.measures`
applies unchanged (S_Q, S_C, E_N from the moments, squeezing, steering, ...). They are
built from normally ordered moments ⟨o⟩, ⟨o_i† o_j⟩, ⟨o_i o_j⟩, which the truncation
leaves exact for the state it holds. Beyond the moments: g²(0) = ⟨o†²o²⟩/⟨o†o⟩² per
mode, a mode's Wigner function and its negative volume, and the exact logarithmic
negativity ln‖ρ^{T_b}‖₁ of two modes.

**Cutoffs are checked.** Every result reports the population of each mode's top Fock
level and, per mode, the largest change of its results (mean quadratures, V,
occupations, g²) when that mode's cutoff grows by :data:`CUTOFF_STEP`, relative to
max(|value|, 1). A result is ``converged`` only when every change is within
``tolerance``; otherwise it is marked not converged, and printed so.
"""

from __future__ import annotations

import contextlib
from typing import Mapping

import attrs
import numpy as np

from ..compiled.qutip import QutipModel, build, check_cutoffs, check_memory, conversion, import_qutip, to_qutip
from ..errors import HybridsysError, ParameterError
from ..measures import log_negativity, mode_index, pair_measures
from .accuracy import TOLERANCE
from .resolution import require, trajectory_samples

TAU = 2 * np.pi
#: How much each mode's cutoff grows to check convergence.
CUTOFF_STEP = 2


# -- moments of a state --------------------------------------------------------------------
def moment_operators(model: QutipModel) -> list:
    """The operators whose expectations give every result: ⟨o_i⟩, ⟨o_i† o_j⟩ (i <= j),
    ⟨o_i o_j⟩ (i <= j), ⟨o_i†² o_i²⟩ and the top-level projector of each mode."""
    qutip = import_qutip()
    a = [model.lowering(m) for m in model.modes]
    n = len(a)
    pairs = [(i, j) for i in range(n) for j in range(i, n)]
    top = []
    for k, dim in enumerate(model.dims):
        factors = [qutip.qeye(d) for d in model.dims]
        factors[k] = qutip.fock_dm(dim, dim - 1)
        top.append(qutip.tensor(*factors))
    return (a + [a[i].dag() * a[j] for i, j in pairs] + [a[i] * a[j] for i, j in pairs]
            + [a[i].dag() * a[i].dag() * a[i] * a[i] for i in range(n)] + top)


@attrs.frozen
class Moments:
    """Results of states along a leading axis T: mean quadratures (T, 2n), covariance
    (T, 2n, 2n), occupations ⟨o†o⟩ (T, n), g²(0) (T, n; NaN where ⟨o†o⟩ < 1e-12),
    top-level populations (T, n)."""

    mean: np.ndarray
    covariance: np.ndarray
    occupations: np.ndarray
    g2: np.ndarray
    top: np.ndarray

    def vector(self) -> np.ndarray:
        """Every result of each state, flat (T, ...), for the cutoff check."""
        T = self.mean.shape[0]
        return np.concatenate([self.mean, self.covariance.reshape(T, -1), self.occupations, np.nan_to_num(self.g2)], axis=1)


def assemble(expectations: list, modes: int) -> Moments:
    """:class:`Moments` from the expectations of :func:`moment_operators` (each (T,))."""
    values = [np.atleast_1d(np.asarray(e, dtype=complex)) for e in expectations]
    n = modes
    pairs = [(i, j) for i in range(n) for j in range(i, n)]
    first = np.stack(values[:n], axis=-1)  # (T, n)
    T = first.shape[0]
    normal = np.zeros((T, n, n), dtype=complex)  # ⟨o_i† o_j⟩
    anomalous = np.zeros((T, n, n), dtype=complex)  # ⟨o_i o_j⟩
    for k, (i, j) in enumerate(pairs):
        normal[:, i, j], normal[:, j, i] = values[n + k], np.conj(values[n + k])
        anomalous[:, i, j] = anomalous[:, j, i] = values[n + len(pairs) + k]
    quartic = np.stack(values[n + 2 * len(pairs): n + 2 * len(pairs) + n], axis=-1).real
    top = np.stack(values[2 * n + 2 * len(pairs):], axis=-1).real
    # symmetrized moments S of b = (o_1, o_1†, ...): normal order plus ½ on (o_i, o_i†)
    S = np.zeros((T, 2 * n, 2 * n), dtype=complex)
    S[:, 0::2, 0::2] = anomalous
    S[:, 1::2, 1::2] = np.conj(anomalous)
    S[:, 1::2, 0::2] = normal  # o_i† o_j
    S[:, 0::2, 1::2] = np.swapaxes(normal, -1, -2)  # :o_i o_j†: = o_j† o_i
    S[:, 0::2, 1::2] += 0.5 * np.eye(n)
    S[:, 1::2, 0::2] += 0.5 * np.eye(n)
    C = np.zeros((2 * n, 2 * n), dtype=complex)  # quadratures = C b
    for i in range(n):
        C[2 * i, 2 * i: 2 * i + 2] = np.array([1, 1]) / np.sqrt(2)
        C[2 * i + 1, 2 * i: 2 * i + 2] = np.array([-1j, 1j]) / np.sqrt(2)
    b = np.zeros((T, 2 * n), dtype=complex)
    b[:, 0::2], b[:, 1::2] = first, np.conj(first)
    mean = (b @ C.T).real
    V = (C @ S @ C.T).real - mean[:, :, None] * mean[:, None, :]
    occupations = np.real(np.diagonal(normal, axis1=-2, axis2=-1))
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = np.where(occupations > 1e-12, quartic / occupations**2, np.nan)
    return Moments(mean, V, occupations, g2, top)


def state_moments(model: QutipModel, rho) -> Moments:
    qutip = import_qutip()
    return assemble([qutip.expect(op, rho) for op in moment_operators(model)], len(model.modes))


# -- results ----------------------------------------------------------------------------------
@attrs.frozen
class CutoffCheck:
    """The cutoff check: per mode, the population of its top Fock level (the largest
    over time, for dynamics) and the largest relative change of the results when its
    cutoff grows by ``step``; ``converged`` when every change is within ``tolerance``."""

    cutoffs: dict
    top: dict
    change: dict
    tolerance: float
    step: int = CUTOFF_STEP

    @property
    def converged(self) -> bool:
        return all(np.isfinite(c) and c <= self.tolerance for c in self.change.values())

    def to_data(self) -> dict:
        return {"cutoffs": self.cutoffs, "top_population": self.top, "change_when_cutoff_grows": self.change,
                "cutoff_step": self.step, "tolerance": self.tolerance, "converged": self.converged}

    def describe(self) -> str:
        per = ", ".join(f"{m}: N={self.cutoffs[m]}, top {self.top[m]:.2g}, change {self.change[m]:.2g}" for m in self.cutoffs)
        verdict = "converged" if self.converged else "NOT CONVERGED"
        return f"cutoffs {verdict} to {self.tolerance:g} ({per}; change = results' change when the cutoff grows by {self.step})"


def _change(base: Moments, grown: Moments) -> float:
    x, y = base.vector(), grown.vector()
    return float(np.max(np.abs(y - x) / np.maximum(np.abs(x), 1.0)))


@attrs.frozen
class MasterState:
    """The master equation's steady state ``rho`` (a QuTiP ``Qobj``) of ``model``, its
    moments in our conventions and the cutoff check (``check``)."""

    model: QutipModel
    rho: object
    moments: Moments
    check: CutoffCheck

    @property
    def modes(self) -> tuple[str, ...]:
        return self.model.modes

    @property
    def mean(self) -> np.ndarray:
        """Mean quadratures [<X_o1>, <Y_o1>, ...] (2n,)."""
        return self.moments.mean[0]

    @property
    def covariance(self) -> np.ndarray:
        """Symmetrized covariance V (2n, 2n), vacuum variance ½."""
        return self.moments.covariance[0]

    @property
    def occupations(self) -> dict[str, float]:
        return dict(zip(self.modes, self.moments.occupations[0].tolist()))

    @property
    def g2(self) -> dict[str, float]:
        """g²(0) = ⟨o†²o²⟩/⟨o†o⟩² per mode (NaN where ⟨o†o⟩ < 1e-12)."""
        return dict(zip(self.modes, self.moments.g2[0].tolist()))

    @property
    def converged(self) -> bool:
        return self.check.converged

    def measures(self, first: str, second: str, names=("S_Q", "S_C", "E_N", "steering", "squeezing")) -> dict:
        """Gaussian measures of two modes from the moments, the functions every route uses."""
        i, j = mode_index(self.modes, first), mode_index(self.modes, second)
        return {k: float(v) for k, v in pair_measures(names, self.mean, self.covariance, i, j).items()}

    def log_negativity(self, first: str, second: str) -> float:
        """Exact E_N = ln‖ρ_ab^{T_b}‖₁ of the two modes' reduced state (natural log, as the Gaussian E_N)."""
        return exact_log_negativity(self.rho, mode_index(self.modes, first), mode_index(self.modes, second))

    def gaussian_log_negativity(self, first: str, second: str) -> float:
        """E_N of the Gaussian state with the same moments (:func:`hybridsys.measures.log_negativity`)."""
        return float(log_negativity(self.covariance, mode_index(self.modes, first), mode_index(self.modes, second)))

    def wigner(self, mode: str, points: int = 161, extent: float | None = None):
        """(x, y, W) of ``mode``'s reduced state on a square grid of quadratures X, Y
        (our convention; W[k, j] at Y = y[k], X = x[j]; ∫W dx dy = 1); ``extent``
        defaults to covering the Fock space."""
        return wigner(self.rho, mode_index(self.modes, mode), self.model.dims, points, extent)

    def wigner_negativity(self, mode: str, points: int = 161) -> float:
        """Negative volume of ``mode``'s Wigner function, ∫(|W| − W)/2 dx dy (0 for Gaussian states)."""
        x, y, W = self.wigner(mode, points)
        return negative_volume(x, y, W)

    def plot_wigner(self, mode: str, ax=None, points: int = 161):
        """A filled contour plot of ``mode``'s Wigner function (needs matplotlib)."""
        return plot_wigner(*self.wigner(mode, points), mode, ax)


def exact_log_negativity(rho, i: int, j: int) -> float:
    qutip = import_qutip()
    pair = rho.ptrace(sorted([i, j]))
    transposed = qutip.partial_transpose(pair, [0, 1])
    return float(np.log(np.sum(np.abs(np.linalg.eigvalsh(transposed.full())))))


def wigner(rho, index: int, dims, points: int = 161, extent: float | None = None):
    qutip = import_qutip()
    reduced = rho.ptrace(index) if len(dims) > 1 else rho
    L = extent if extent is not None else np.sqrt(2 * dims[index] + 1) + 2
    x = np.linspace(-L, L, points)
    return x, x, qutip.wigner(reduced, x, x, g=np.sqrt(2))


def negative_volume(x, y, W) -> float:
    area = (x[1] - x[0]) * (y[1] - y[0])
    return float(np.sum(np.abs(W) - W) / 2 * area)


def plot_wigner(x, y, W, mode: str, ax=None):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4))
    scale = np.max(np.abs(W))
    image = ax.contourf(x, y, W, 60, cmap="RdBu_r", vmin=-scale, vmax=scale)
    ax.figure.colorbar(image, ax=ax, label="W")
    ax.set_xlabel(f"X_{mode}")
    ax.set_ylabel(f"Y_{mode}")
    ax.set_aspect("equal")
    return ax


# -- the steady state ---------------------------------------------------------------------------
def _grown(dims: tuple[int, ...], k: int) -> tuple[int, ...]:
    return tuple(d + CUTOFF_STEP if m == k else d for m, d in enumerate(dims))


def master_steady_state(source, values: Mapping[str, object] | None = None, cutoffs: Mapping[str, int] | None = None,
                        tolerance: float = TOLERANCE, brownian: str = "refuse", convention: str = "exact") -> MasterState:
    """The steady state of ``source``'s master equation (a network, model or derivation)
    at ``values``, on Fock spaces cut at ``cutoffs`` (mode → number of Fock states),
    with the cutoff check: solved again with each mode's cutoff grown by
    :data:`CUTOFF_STEP`. A result beyond ``tolerance`` is marked ``converged=False``."""
    if not tolerance > 0:
        raise ParameterError(f"tolerance must be > 0, got {tolerance}")
    model = to_qutip(source, values, cutoffs, brownian, convention)
    conv = model.conversion
    if conv.time_dependent:
        raise ParameterError("the master equation of a time-dependent model has no steady state: integrate it with "
                             "simulate(..., method='master') (QuTiP's mesolve with a time-dependent H)")
    coefficients = conv.coefficients(values if values is not None else source.values())
    for k in range(len(model.dims)):
        check_memory(conv, _grown(model.dims, k))
    rho = _steady(model)
    base = state_moments(model, rho)
    change = {}
    for k, mode in enumerate(model.modes):
        grown = build(conv, coefficients, _grown(model.dims, k))
        change[mode] = _change(base, state_moments(grown, _steady(grown)))
    check = CutoffCheck(model.cutoffs, dict(zip(model.modes, base.top[0].tolist())), change, float(tolerance))
    return MasterState(model, rho, base, check)


def one_blas_thread():
    """BLAS held to one thread (where threadpoolctl is installed): SuperLU's small
    supernode products run 30 times slower with threads fighting over shared cores."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with the test and dask extras
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def _steady(model: QutipModel):
    qutip = import_qutip()
    try:
        with one_blas_thread():
            return qutip.steadystate(model.H, list(model.c_ops))
    except Exception as exc:  # QuTiP raises plain exceptions for singular Liouvillians
        raise HybridsysError(f"QuTiP's steadystate failed with cutoffs {model.cutoffs}: {exc} "
                             "(a network without damping on some mode has no unique steady state)") from None


# -- dynamics -------------------------------------------------------------------------------------
@attrs.frozen
class MasterTrajectory:
    """Moments of the master equation's ρ(t) for a batch of parameter points:
    ``mean`` (batch..., T, 2n), ``covariance`` (batch..., T, 2n, 2n), ``occupations``
    and ``g2`` (batch..., T, n); ``checks`` the cutoff check of every point (flat
    batch order; the change is the largest over the samples) and ``final`` the last ρ
    of each point."""

    times: np.ndarray
    params: np.ndarray
    parameter_names: tuple[str, ...]
    modes: tuple[str, ...]
    mean: np.ndarray
    covariance: np.ndarray
    occupations: np.ndarray
    g2: np.ndarray
    checks: tuple[CutoffCheck, ...]
    final: tuple
    initial: dict
    classify_periods: float
    method: str = "master"

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.params.shape[:-1]

    @property
    def converged(self) -> np.ndarray:
        return np.reshape([c.converged for c in self.checks], self.batch_shape)

    def measures(self, first: str, second: str, names=("S_Q", "E_N", "steering")) -> dict[str, np.ndarray]:
        """Gaussian measures of two modes along time from the moments, (batch..., T) each."""
        return pair_measures(names, self.mean, self.covariance, mode_index(self.modes, first), mode_index(self.modes, second))


def simulate_master(compiled, params: np.ndarray, initial, periods: float = 20, samples_per_period: int = 20,
                    record_periods: float | None = None, classify_periods: float | None = None,
                    cutoffs: Mapping[str, int] | None = None, tolerance: float = TOLERANCE,
                    brownian: str = "refuse") -> MasterTrajectory:
    """ρ(t) from ``initial`` (modes empty, each in its bath's thermal state or the vacuum)
    by QuTiP's mesolve for every point of ``params`` (batch..., P), one solve per point
    and per grown cutoff. Use it through ``hs.simulate(..., method="master", cutoffs=...)``."""
    qutip = import_qutip()
    derivation = getattr(compiled, "derivation", None)
    if derivation is None:
        raise ParameterError("the master route needs a model compiled in this process (hs.compile(network)), "
                             "not one unpickled in a worker")
    if not isinstance(initial.mean, str) or isinstance(initial.fluctuations, np.ndarray):
        raise ParameterError("the master route starts from empty modes in the vacuum or their baths' thermal states; "
                             "give InitialState(fluctuations='vacuum' or 'thermal')")
    if not (0 < periods < np.inf) or samples_per_period < 2:
        raise ParameterError(f"need finite periods > 0 and samples_per_period >= 2, got {periods}, {samples_per_period}")
    if not tolerance > 0:
        raise ParameterError(f"tolerance must be > 0, got {tolerance}")
    params = compiled._params(params)
    flat = params.reshape(int(np.prod(params.shape[:-1])), params.shape[-1])  # also without parameters
    require(trajectory_samples(compiled, flat, samples_per_period), compiled, flat)
    conv = conversion(derivation, brownian)
    dims = check_cutoffs(conv.modes, cutoffs if cutoffs is not None else {})
    for k in range(-1, len(dims)):
        check_memory(conv, dims if k < 0 else _grown(dims, k))
    record = periods if record_periods is None else min(record_periods, periods)
    classify_periods = min(20, record) if classify_periods is None else classify_periods
    times = np.linspace(0.0, periods * TAU, int(round(periods * samples_per_period)) + 1)
    kept = times >= times[-1] - record * TAU - 1e-9 * TAU
    occupations = compiled.occupations(flat)
    results, checks, final = [], [], []
    for point, nbar in zip(flat, occupations):
        values = dict(zip(compiled.parameter_names, point))
        coefficients, modulated = conv.coefficients(values), conv.modulated(values)
        thermal = nbar if initial.fluctuations == "thermal" else np.zeros_like(nbar)
        model = build(conv, coefficients, dims, modulated)
        base, rho = _evolve(qutip, model, thermal, times)
        change = {}
        for k, mode in enumerate(model.modes):
            grown = build(conv, coefficients, _grown(dims, k), modulated)
            change[mode] = _change(base, _evolve(qutip, grown, thermal, times)[0])
        top = dict(zip(model.modes, base.top.max(axis=0).tolist()))
        checks.append(CutoffCheck(model.cutoffs, top, change, float(tolerance)))
        results.append(base)
        final.append(rho)
    batch = params.shape[:-1]
    stack = lambda name: np.stack([getattr(r, name)[kept] for r in results]).reshape(batch + getattr(results[0], name)[kept].shape)  # noqa: E731
    return MasterTrajectory(times[kept], params, compiled.parameter_names, conv.modes, stack("mean"), stack("covariance"),
                            stack("occupations"), stack("g2"), tuple(checks), tuple(final), initial.describe(), classify_periods)


def _evolve(qutip, model: QutipModel, thermal: np.ndarray, times: np.ndarray):
    rho0 = qutip.tensor(*[qutip.thermal_dm(d, float(n)) for d, n in zip(model.dims, thermal)])
    result = qutip.mesolve(model.H, rho0, times, list(model.c_ops), e_ops=moment_operators(model),
                           options={"store_final_state": True, "atol": 1e-10, "rtol": 1e-8})
    return assemble(result.expect, len(model.modes)), result.final_state
