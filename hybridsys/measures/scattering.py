"""The scattering matrix S(ω) between the ports of a linear (linearized) network.

The fluctuations obey u̇ = A u + noise (:mod:`hybridsys.measures.spectra`), A the drift in
quadratures [X_1, Y_1, X_2, ...]. Port p sits on mode m(p) with rate κ_p (amplitude
convention, :mod:`hybridsys.model.ports`): ȯ_m ∋ √(2κ_p) o_in,p, and

    o_out,p = √(2κ_p) o_m(p) − o_in,p                       (the convention of spectra.py).

Fourier convention u(ω) = ∫ dt e^{iωt} u(t), ω measured from the frame of the drift (the
drive's rotating frame), as in :mod:`hybridsys.measures.spectra`. A phase-sensitive network
(squeezing, two-mode squeezing, a linearized optomechanical coupling) mixes a signal at ω
with its idler at −ω, so the full scattering matrix acts on ladder vectors

    ℓ(ω) = [o_1(ω), …, o_P(ω), o_1†(−ω), …, o_P†(−ω)],  o†(−ω) ≡ [o(−ω)]† = ∫ dt e^{iωt} o†(t),

ℓ_out(ω) = S(ω) ℓ_in(ω), a 2P × 2P matrix. With the drift in ladder form A_l = U A U⁻¹
(per mode [o, o†] = T [X, Y], T = [[1, i], [1, −i]]/√2) and K the 2n × 2P matrix with
√(2κ_p) at (o_m(p), p) and (o_m(p)†, P + p):

    S(ω) = −I − Kᵀ (A_l + iω)⁻¹ K.

Its upper-left P × P block S_pq(ω) = ⟨o_out,p(ω)⟩/⟨o_in,q(ω)⟩ is what a network analyser reads:
transmission q → p (|S_pq|²), reflection (|S_pp|²). Its lower-right block is S_pq(−ω)*; the
off-diagonal blocks, the signal-idler conversion, vanish for a phase-insensitive network.
A single damped detuned mode with one port: S = 2κ_e/(κ + i(Δ − ω)) − 1; the bosonic
commutators make S unitary (phase-insensitive) or symplectic, S σ_z S† = σ_z with σ_z =
diag(I_P, −I_P), for a lossless ports-only network.

**Ports on bath channels** (SLH: every channel is a port, b_out = b_in + L; ours
o_out = L − o_in). A port whose probe enters by a channel with Lindblad operator
L_in = Σ_j (λ_j o_j + μ_j o_j†) and whose output leaves by a channel L_out (a waveguide's
end: in by the wave moving away from it, out by the one arriving, :mod:`hybridsys.model.waveguide`)
has K's columns from L_in (ȯ_j ∋ λ_j* o_in − μ_j o_in†, :func:`input_matrix`), C's rows from
L_out (:func:`output_matrix`), and a direct term Π_pq = 1 where p's output channel is q's
input channel:

    S(ω) = −Π − C (A_l + iω)⁻¹ K      (:func:`channel_scattering`; C = Kᵀ, Π = I for ports on modes).

Where A is not stable (an eigenvalue with Re λ ≥ 0) there is no steady response: S is NaN.

Arrays: A (batch..., 2n, 2n), rates (batch..., P), ω (F,) or (batch..., F); S (batch..., F, ·, ·).
"""

from __future__ import annotations

from typing import Sequence

import attrs
import numpy as np

from ..errors import ParameterError

#: [o, o†] = T [X, Y] with X = (o + o†)/√2, Y = i(o† − o)/√2; T⁻¹ = T†.
LADDER = np.array([[1.0, 1.0j], [1.0, -1.0j]]) / np.sqrt(2)

#: Largest number of complex entries an intermediate array of one chunk may hold (64 MiB).
CHUNK_ENTRIES = 2**22

#: Points whose eigenvectors are worse conditioned than this are solved directly: the
#: eigen-expansion's error grows as machine epsilon times this condition number.
EIGEN_CONDITION = 1e7


def ladder_drift(drift: np.ndarray) -> np.ndarray:
    """A_l = U A U⁻¹: the drift acting on [o_1, o_1†, o_2, o_2†, ...] (batch..., 2n, 2n)."""
    n = drift.shape[-1] // 2
    blocks = drift.reshape(drift.shape[:-2] + (n, 2, n, 2))
    return np.einsum("ab,...ibjc,dc->...iajd", LADDER, blocks, LADDER.conj()).reshape(drift.shape)


def port_channels(size: int, port_modes: Sequence[int], rates: np.ndarray) -> np.ndarray:
    """The Lindblad operators of ports on single modes, L_p = √(2κ_p) o_m(p), as ladder
    coefficients (batch..., P, 2n) in the order of :func:`ladder_drift` (the form
    :func:`channel_scattering` takes for a port's input and output channel)."""
    count = len(port_modes)
    channels = np.zeros(rates.shape[:-1] + (count, size), dtype=complex)
    channels[..., np.arange(count), 2 * np.asarray(port_modes, dtype=int)] = np.sqrt(2 * rates)
    return channels


def input_matrix(inputs: np.ndarray) -> np.ndarray:
    """K (batch..., 2n, 2P): how the ports' inputs ℓ_in = [o_in,q…, o_in,q†…] enter
    u̇ = A_l u + K ℓ_in, from the input channels' L_q = Σ_j (λ_j o_j + μ_j o_j†) (ladder
    coefficients, (batch..., P, 2n)): ȯ_j ∋ λ_j* o_in − μ_j o_in†, ȯ_j† ∋ λ_j o_in† − μ_j* o_in
    (:mod:`hybridsys.model.dissipators`)."""
    lam, mu = inputs[..., 0::2], inputs[..., 1::2]
    count, modes = inputs.shape[-2], lam.shape[-1]
    matrix = np.zeros(inputs.shape[:-2] + (modes, 2, 2, count), dtype=complex)
    matrix[..., 0, 0, :] = np.swapaxes(lam.conj(), -1, -2)
    matrix[..., 1, 0, :] = -np.swapaxes(mu.conj(), -1, -2)
    matrix[..., 0, 1, :] = -np.swapaxes(mu, -1, -2)
    matrix[..., 1, 1, :] = np.swapaxes(lam, -1, -2)
    return matrix.reshape(inputs.shape[:-2] + (2 * modes, 2 * count))


def output_matrix(outputs: np.ndarray) -> np.ndarray:
    """C (batch..., 2P, 2n): ℓ_out = C u − Π ℓ_in, rows L_p and L_p† of the output
    channels' Lindblad operators (ladder coefficients, (batch..., P, 2n))."""
    swapped = np.empty_like(outputs)
    swapped[..., 0::2], swapped[..., 1::2] = outputs[..., 1::2].conj(), outputs[..., 0::2].conj()
    return np.concatenate([outputs, swapped], axis=-2)


def _checked_drift(drift) -> np.ndarray:
    drift = np.asarray(drift, dtype=float)
    if drift.ndim < 2 or drift.shape[-1] != drift.shape[-2] or drift.shape[-1] % 2:
        raise ParameterError(f"scattering: the drift must be (batch..., 2n, 2n), got shape {drift.shape}")
    return drift


def _checked(drift, omega, outputs, inputs, links):
    drift = _checked_drift(drift)
    omega = np.asarray(omega, dtype=float)
    if omega.ndim == 0 or not np.all(np.isfinite(omega)):
        raise ParameterError("scattering: ω must be a 1-d array (or batch..., F) of finite frequencies")
    size = drift.shape[-1]
    outputs, inputs = np.asarray(outputs, dtype=complex), np.asarray(inputs, dtype=complex)
    for name, channels in (("outputs", outputs), ("inputs", inputs)):
        if channels.ndim < 2 or channels.shape[-1] != size or not channels.shape[-2] or not np.all(np.isfinite(channels)):
            raise ParameterError(f"scattering: the ports' {name} must be finite ladder coefficients (batch..., P, {size}), "
                                 f"got shape {channels.shape}")
    count = outputs.shape[-2]
    links = np.asarray(links, dtype=float)
    if inputs.shape[-2] != count or links.shape != (count, count):
        raise ParameterError(f"scattering: {count} output channels need as many input channels and a {count}×{count} "
                             f"matrix of links, got {inputs.shape[-2]} and {links.shape}")
    if not np.all(np.isfinite(drift)):
        raise ParameterError("scattering: the drift contains NaN or infinite entries")
    return drift, omega, outputs, inputs, links


def scattering_matrix(drift, omega, port_modes: Sequence[int], rates, *, ports: Sequence[int] | None = None,
                      full: bool = False) -> np.ndarray:
    """S(ω) of the module docstring for ports on ``port_modes`` (mode indices) with ``rates``
    κ_p: the P × P ladder block S_pq (``full=False``) or the whole 2P × 2P matrix in the basis
    [o(ω)…, o†(−ω)…] (``full=True``), restricted to the ports indexed by ``ports`` (default
    all). (batch..., F, ·, ·), complex; NaN where A is unstable. :func:`channel_scattering`
    with L_p = √(2κ_p) o_m(p) in and out and Π = I."""
    drift = _checked_drift(drift)
    size = drift.shape[-1]
    port_modes = tuple(int(m) for m in port_modes)
    if not port_modes or not all(0 <= m < size // 2 for m in port_modes):
        raise ParameterError(f"scattering: port modes {list(port_modes)} must be indices of the {size // 2} modes")
    rates = np.asarray(rates, dtype=float)
    if rates.shape[-1:] != (len(port_modes),) or not np.all(np.isfinite(rates)) or np.any(rates < 0):
        raise ParameterError(f"scattering: rates must be finite, >= 0, with last axis {len(port_modes)} (one per port), "
                             f"got shape {rates.shape}")
    channels = port_channels(size, port_modes, rates)
    return channel_scattering(drift, omega, channels, channels, np.eye(len(port_modes)), ports=ports, full=full)


def channel_scattering(drift, omega, outputs, inputs, links, *, ports: Sequence[int] | None = None,
                       full: bool = False) -> np.ndarray:
    """S(ω) = −Π − C (A_l + iω)⁻¹ K between ports whose probe enters by one bath channel
    and whose output leaves by another (SLH: every channel is a port, o_out = L − o_in):
    ``inputs`` and ``outputs`` (batch..., P, 2n) hold the channels' Lindblad operators L as
    ladder coefficients, ``links`` Π (P, P) is 1 where port p's output channel is port q's
    input channel (the direct path; I for ports on single modes). K = :func:`input_matrix`,
    C = :func:`output_matrix`. Shapes and chunks as :func:`scattering_matrix`.

    Batched over points and frequencies, in chunks of bounded memory: per point A_l is
    diagonalized once, S = −Π − Σ_k (CV)_k (V⁻¹K)_k / (λ_k + iω); points with
    ill-conditioned eigenvectors (near an exceptional point) are solved directly instead.
    """
    drift, omega, outputs, inputs, links = _checked(drift, omega, outputs, inputs, links)
    count = outputs.shape[-2]
    chosen = list(range(count)) if ports is None else [int(p) for p in ports]
    if not chosen or not all(0 <= p < count for p in chosen):
        raise ParameterError(f"scattering: ports {ports!r} must be indices of the {count} ports")
    columns = chosen + [count + p for p in chosen] if full else chosen
    size = drift.shape[-1]
    batch = np.broadcast_shapes(drift.shape[:-2], outputs.shape[:-2], inputs.shape[:-2], omega.shape[:-1])
    points = int(np.prod(batch))
    width = len(columns)
    ladder = np.broadcast_to(ladder_drift(drift), batch + (size, size)).reshape(points, size, size)
    gains = np.broadcast_to(input_matrix(inputs)[..., columns], batch + (size, width)).reshape(points, size, width)
    reads = np.broadcast_to(output_matrix(outputs)[..., columns, :], batch + (width, size)).reshape(points, width, size)
    direct = np.kron(np.eye(2), links)[np.ix_(columns, columns)]
    frequencies = np.broadcast_to(omega, batch + omega.shape[-1:]).reshape(points, -1)
    result = np.empty((points, frequencies.shape[-1], width, width), dtype=complex)
    eigenvalues, vectors = np.linalg.eig(ladder)
    stable = eigenvalues.real.max(axis=-1) < 0
    result[~stable] = np.nan
    solve = stable & ~(np.linalg.cond(vectors) < EIGEN_CONDITION)
    expanded = np.flatnonzero(stable & ~solve)
    if expanded.size:  # residues W_k = (CV)_{·k} (V⁻¹K)_{k·}: S + Π = −Σ_k W_k/(λ_k + iω), one product per point
        left = reads[expanded] @ vectors[expanded]
        right = np.linalg.solve(vectors[expanded], gains[expanded])
        residues = np.einsum("prk,pkc->pkrc", left, right).reshape(expanded.size, size, width * width)
        poles = eigenvalues[expanded][:, None, :]

        def pole_sum(p, f):
            # a sum over the 2n poles (not a matrix product: threaded BLAS on these thin stacked
            # shapes was up to 30× slower than this, measured on a shared 2-core machine)
            inverse = 1 / (poles[p] + 1j * f[..., None])
            total = np.zeros(f.shape + (width * width,), dtype=complex)
            for k in range(size):
                total -= inverse[..., k, None] * residues[p, None, k, :]
            return total

        _chunked(result, expanded, frequencies, size + 2 * width * width, direct, pole_sum)
    solve = np.flatnonzero(solve)
    if solve.size:
        matrices, inputs_, outputs_ = ladder[solve], gains[solve], reads[solve]
        _chunked(result, solve, frequencies, size * size, direct, lambda p, f: -(outputs_[p, None] @ np.linalg.solve(
            matrices[p, None] + 1j * f[..., None, None] * np.eye(size), inputs_[p, None])).reshape(f.shape + (-1,)))
    return result.reshape(batch + result.shape[1:])


def _chunked(result: np.ndarray, points: np.ndarray, frequencies: np.ndarray, per_pair: int, direct: np.ndarray,
             block) -> None:
    """result[points] = block(slice of ``points``, their ω) − ``direct`` (Π), over chunks of points and
    frequencies whose intermediates hold about :data:`CHUNK_ENTRIES` complex numbers
    (``per_pair`` per point and frequency); ``block`` returns S + Π flattened, (p, f, width²)."""
    count, width = frequencies.shape[-1], result.shape[-1]
    per_pair = max(per_pair, width * width)
    step_f = max(1, min(count, CHUNK_ENTRIES // per_pair))
    step_p = max(1, CHUNK_ENTRIES // (per_pair * step_f))
    direct = direct.reshape(-1)
    for p in range(0, points.size, step_p):
        rows = slice(p, p + step_p)
        for f in range(0, count, step_f):
            values = block(rows, frequencies[points[rows], f : f + step_f])
            values -= direct
            result[points[rows], f : f + step_f] = values.reshape(values.shape[:2] + (width, width))


@attrs.frozen
class Scattering:
    """S(ω) between named ports (:func:`scattering_matrix`), with the measures a network
    analyser reads. ``matrix`` is (batch..., F, P, P), or (batch..., F, 2P, 2P) in the
    basis [o(ω)…, o†(−ω)…] when ``full``; the named measures read the P × P ladder block."""

    ports: tuple[str, ...]
    omega: np.ndarray
    matrix: np.ndarray
    full: bool = False

    @property
    def ladder(self) -> np.ndarray:
        """S_pq(ω) = o_out,p(ω)/o_in,q(ω), (batch..., F, P, P)."""
        count = len(self.ports)
        return self.matrix[..., :count, :count]

    def _index(self, port: str) -> int:
        if port not in self.ports:
            raise ParameterError(f"unknown port {port!r}; the ports are {list(self.ports)}")
        return self.ports.index(port)

    def amplitude(self, to: str, source: str) -> np.ndarray:
        """S_{to,source}(ω), complex (batch..., F)."""
        return self.ladder[..., self._index(to), self._index(source)]

    def transmission(self, to: str, source: str) -> np.ndarray:
        """|S_{to,source}(ω)|²: the power transmitted from port ``source`` to port ``to``."""
        return np.abs(self.amplitude(to, source)) ** 2

    def reflection(self, port: str) -> np.ndarray:
        """|S_pp(ω)|²: the power reflected at ``port``."""
        return self.transmission(port, port)

    def isolation_db(self, to: str, source: str) -> np.ndarray:
        """10 log10(|S_{to,source}|² / |S_{source,to}|²), in dB: > 0 where ``source`` → ``to``
        is the pass direction; 0 for a reciprocal network."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return 10 * np.log10(self.transmission(to, source) / self.transmission(source, to))


def port_scattering(compiled, params, state, omega, *, ports: Sequence[str] | None = None,
                    full: bool = False) -> Scattering:
    """S(ω) between the ports of a compiled model (``compiled.ports``: ``type = "port"`` on
    one mode, or the ends of a ``type = "waveguide"``) at parameter points ``params`` and
    mean fields ``state`` (a stable fixed point; the drift is linearized there):
    ``compiled.drift`` and ``compiled.port_channels`` put into :func:`channel_scattering`.
    ``ports`` restricts S to the named ports."""
    names = tuple(compiled.ports)
    if not names:
        raise ParameterError("port_scattering: the model has no ports (ports that a cascade joins are internal links); "
                             "add Port(mode, name, rate=...) components or a Waveguide")
    chosen = names if ports is None else tuple(ports)
    unknown = [p for p in chosen if p not in names]
    if unknown:
        raise ParameterError(f"port_scattering: unknown port(s) {unknown}; the model's ports are {list(names)} "
                             "(ports that a cascade joins are internal links, not among them)")
    outputs, inputs = compiled.port_channels(params)
    matrix = channel_scattering(compiled.drift(params, state), omega, outputs, inputs, compiled.port_links,
                                ports=[names.index(p) for p in chosen], full=full)
    return Scattering(chosen, np.asarray(omega, dtype=float), matrix, full)
