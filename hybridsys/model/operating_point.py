"""Published operating points: a model declared at the effective detuning Δ̃ and the
effective coupling |G| that papers quote, solved in closed form for the bare detuning Δ
and the drive amplitude ξ.

Papers fix Δ̃_o = Δ_o − Σ_p 2 g_p s_p Re<b_p> (the static radiation-pressure or
magnetostrictive shift included) and |G_op| = 2 g_p s_p |<o>| (the entry of the drift
matrix, (S14); s_p = 1/√mass the zero-point scale) of a driven mode o. Where o's
steady state is set by its own drive through linear modes (beam splitters) and its
static shift by phonons it alone pushes (position couplings), the fixed point is
explicit (the solution is unique):

* |<o>| = |G| / (2 |g s|) (or, where the drive ξ is given instead of |G|, as papers at
  fixed laser power do, |<o>| = ξ |(M⁻¹)_oo| from the last step, and only Δ_o is solved);
* each phonon p feels the static force g_p s_p |<o>|²; its mean obeys its own damping
  model (:mod:`hybridsys.model.baths`), so Re<b_p> = g_p s_p |<o>|² χ_p with
  χ_p = ω/(ω² + γ²) (symmetric) or 1/ω (Brownian), solved from the phonon's own terms;
* Δ_o = Δ̃_o + Σ_p 2 g_p s_p Re<b_p>;
* at Δ̃_o the non-phonon modes are linear: M <a> = ξ e_o with M_jj = κ_j + iΔ_j,
  M_jk = i g_jk (beam splitters), so ξ = |<o>| / |(M⁻¹)_oo| (ξ real and positive: the
  drive's phase is a choice no measure depends on).

A closed form keeps this in the model stage (no compiled fixed points). Networks
outside that structure are refused with an error naming the component. Whether the
fixed point is *stable* is a property of the dynamics, checked where steady states
are computed (an unstable one has no steady state, and says so).
"""

from __future__ import annotations

from typing import Mapping

import attrs
import numpy as np
import sympy as sp

from ..errors import ParameterError
from .couplings import BeamSplitter, Drive, PositionCoupling
from .modes import DetunedMode, Phonon

KEYS = {"mode", "effective_detuning", "phonon", "effective_coupling"}
REQUIRED = {"mode", "effective_detuning"}


@attrs.frozen
class OperatingPoint:
    """Targets at the fixed point: driven ``mode``'s effective detuning Δ̃ and, optionally,
    its effective coupling |G| = 2 g s |<o>| to ``phonon`` (both in units of ω_ref).
    Without a coupling target the drive amplitude is a given value and only the bare
    detuning is solved."""

    mode: str
    effective_detuning: float
    phonon: str | None = None
    effective_coupling: float | None = None

    @classmethod
    def from_data(cls, data: Mapping, where: str) -> "OperatingPoint":
        if not isinstance(data, Mapping) or not REQUIRED <= set(data) <= KEYS or len({"phonon", "effective_coupling"} & set(data)) == 1:
            raise ParameterError(f"{where}: an operating point is a table with the keys {sorted(REQUIRED)} and, together, "
                                 f"'phonon' and 'effective_coupling'; got {data!r}")
        for key in ("effective_detuning", "effective_coupling"):
            value = data.get(key, 0.0)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
                raise ParameterError(f"{where}: {key} must be a finite number, got {value!r}")
        if data.get("effective_coupling", 0.0) < 0:
            raise ParameterError(f"{where}: effective_coupling is a modulus |G| and must be >= 0, got {data['effective_coupling']!r}")
        coupling = data.get("effective_coupling")
        return cls(str(data["mode"]), float(data["effective_detuning"]), data.get("phonon"), None if coupling is None else float(coupling))

    def to_data(self) -> dict:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    def solved_parameters(self, network) -> tuple[str, ...]:
        """The names of the bare detuning of ``mode`` and (with a coupling target) of its drive amplitude."""
        mode = _driven_mode(network, self.mode)
        drives = [c for c in network.couplings if isinstance(c, Drive)]
        if [d.mode for d in drives] != [mode.name]:
            raise ParameterError(f"operating point of {mode.label}: the network must have one Drive, on {mode.name!r}; "
                                 f"it has drives on {[d.mode for d in drives]}")
        detuning = _symbol_name(mode, "detuning")
        return (detuning,) if self.effective_coupling is None else (detuning, _symbol_name(drives[0], "amplitude"))

    def solve(self, network, values: Mapping[str, float]) -> dict[str, float]:
        """{bare detuning name: Δ, drive amplitude name: ξ} reaching the targets (ξ only with |G|)."""
        solved = self.solved_parameters(network)
        mode = network.mode(self.mode)
        where = f"operating point of {mode.label}"
        missing = [p.name for p in network.parameters if p.name not in values and p.name not in solved]
        if missing:
            raise ParameterError(f"{where}: values needed to solve for {', '.join(solved)} are missing: {missing}")
        known = {p.symbol: sp.Float(values[p.name]) for p in network.parameters if p.name not in solved}

        def number(component, field: str) -> float:
            expr = getattr(component, field).xreplace(known)
            if not expr.is_number:
                raise ParameterError(f"{where}: {component.label}.{field} = {expr} depends on the solved parameters")
            return float(expr)

        pushes = _check_structure(network, mode, where)
        response = self._response(network, mode, number, where)
        if self.effective_coupling is None:
            drive = next(c for c in network.couplings if isinstance(c, Drive))
            amplitude = abs(complex(drive.amplitude.xreplace(known))) * response
        else:
            if self.phonon not in pushes:
                raise ParameterError(f"{where}: no position coupling from {mode.name!r} to a phonon {self.phonon!r}; "
                                     f"it pushes {sorted(pushes)}")
            target = pushes[self.phonon]
            gs = number(target, "g") * float(network.mode(self.phonon).zero_point_scale.xreplace(known))
            if gs == 0:
                raise ParameterError(f"{where}: no fixed point reaches |G| = {self.effective_coupling}: {target.label} has g = 0")
            amplitude = self.effective_coupling / (2 * abs(gs))
        shift = 0.0
        for name, coupling in pushes.items():
            phonon = network.mode(name)
            gs = number(coupling, "g") * float(phonon.zero_point_scale.xreplace(known))
            chi = _static_response(phonon, number(phonon, "frequency"), number(phonon, "damping"), where)
            shift += 2 * gs * gs * amplitude**2 * chi
        result = {solved[0]: float(self.effective_detuning + shift)}
        if self.effective_coupling is not None:
            result[solved[1]] = float(amplitude / response)
        return result

    def _response(self, network, mode, number, where: str) -> float:
        """|(M⁻¹)_oo|: the steady |<o>| per unit drive at Δ̃, through the linear modes."""
        linear = [m for m in network.modes if not isinstance(m, Phonon)]
        index = {m.name: k for k, m in enumerate(linear)}
        matrix = np.zeros((len(linear), len(linear)), dtype=complex)
        for m in linear:
            detuning = self.effective_detuning if m.name == mode.name else number(m, "detuning")
            matrix[index[m.name], index[m.name]] = number(m, "damping") + 1j * detuning
        for c in network.couplings:
            if isinstance(c, BeamSplitter):
                matrix[index[c.mode1], index[c.mode2]] += 1j * number(c, "g")
                matrix[index[c.mode2], index[c.mode1]] += 1j * number(c, "g")
        try:
            response = abs(np.linalg.solve(matrix, np.eye(len(linear))[index[mode.name]])[index[mode.name]])
        except np.linalg.LinAlgError:
            response = 0.0
        if not response > 0:
            raise ParameterError(f"{where}: no fixed point reaches Δ̃ = {self.effective_detuning}: the linear modes "
                                 "have an undamped resonance there (singular response)")
        return response


def _driven_mode(network, name: str) -> DetunedMode:
    mode = network.mode(name)
    if not isinstance(mode, DetunedMode):
        raise ParameterError(f"operating point: {mode.label} is a {type(mode).__name__}; "
                             "the effective detuning is that of a driven cavity or magnon")
    return mode


def _symbol_name(component, field: str) -> str:
    value = getattr(component, field)
    if not isinstance(value, sp.Symbol):
        raise ParameterError(f"operating point: {component.label}.{field} = {value} must be a plain parameter to be solved for")
    return value.name


def _check_structure(network, mode: DetunedMode, where: str) -> dict[str, PositionCoupling]:
    """The position couplings by which ``mode`` pushes phonons (phonon name → coupling);
    an error naming any component outside the closed form's structure."""
    phonons = {m.name for m in network.modes if isinstance(m, Phonon)}
    pushes: dict[str, PositionCoupling] = {}
    for c in network.couplings:
        if isinstance(c, Drive) or (isinstance(c, BeamSplitter) and not {c.mode1, c.mode2} & phonons):
            continue
        if isinstance(c, PositionCoupling) and c.mode_names()[0] == mode.name:
            pushes[c.mode_names()[1]] = c
            continue
        raise ParameterError(f"{where}: {c.label} is outside the closed form (a drive on {mode.name!r}, beam splitters "
                             f"between cavities/magnons, and position couplings from {mode.name!r} to phonons)")
    return pushes


def _static_response(phonon: Phonon, frequency: float, damping: float, where: str) -> float:
    """χ: Re<b> per unit static force F in ḃ = −iω b + (damping model) + iF (S7)."""
    x, y = sp.symbols("x y", real=True)
    b = x + sp.I * y
    rule = phonon.damping_rule
    flow = sp.expand(-sp.I * frequency * b + rule.drift(sp.Float(damping), b, sp.conjugate(b)) + sp.I)
    solution = sp.solve([sp.re(flow), sp.im(flow)], [x, y], dict=True)
    if len(solution) != 1:
        raise ParameterError(f"{where}: no fixed point: {phonon.label} has no static response (ω = {frequency}, γ = {damping})")
    return float(solution[0][x])
