"""One unit convention for every number hybridsys reads or prints.

* Every frequency, detuning, coupling, drive amplitude and rate is an **angular
  frequency in units of a reference frequency** ω_ref (the spec uses ω_ref = ω1).
  A value of 1.0 means ω_ref; time is measured in 1/ω_ref, so one period of the
  reference oscillator is τ = 2π.
* Rates are **amplitude decay rates** as in (S3): ȯ = -κ o, so a mode's energy decays
  at 2κ and its full linewidth (FWHM) in angular frequency is 2κ.
* Occupations are numbers of quanta; masses are in units of the reference mass m_0
  at which the single-excitation couplings are quoted (ERRATA item 11).

:class:`Units` converts from laboratory values (Hz, rad/s, linewidths, seconds) so
that no factor 2π or 2 can slip in unseen.
"""

from __future__ import annotations

import math
from typing import Sequence

import attrs
import numpy as np

from ..errors import ParameterError

#: The kinds of quantity a parameter can be: unit string and sign constraint.
QUANTITIES: dict[str, tuple[str, str]] = {
    "frequency": ("ω_ref", "any"),
    "rate": ("ω_ref", "nonnegative"),
    "coupling": ("ω_ref", "any"),
    "amplitude": ("ω_ref", "any"),
    "occupation": ("quanta", "nonnegative"),
    "mass": ("m_0", "positive"),
    "dimensionless": ("1", "any"),
    "squeezing": ("1", "nonnegative"),
    "weight": ("1", "nonnegative"),
    "efficiency": ("1", "nonnegative"),
    "expression": ("ω_ref", "any"),
}


def _scaled(value, factor: float):
    """``value * factor``, a float for a scalar and an array for an array."""
    result = np.asarray(value, dtype=float) * factor
    return float(result) if result.ndim == 0 else result


def unit_of(quantity: str) -> str:
    """The unit in which values of ``quantity`` are given (e.g. ``'ω_ref'``)."""
    return QUANTITIES[quantity][0]


#: The largest magnitude a parameter may have, in its unit (ω_ref, quanta, m_0): 1e30 is
#: ~10^20 times any laboratory rate in units of a MHz-GHz reference; the computations
#: square amplitude ratios (intensities) and take powers of the drift matrix, which
#: overflow double precision (1.8e308) long before values like 1e308.
LARGEST = 1e30


def check_value(name: str, quantity: str, value: object) -> np.ndarray:
    """Return ``value`` as a float array after checking it is finite, at most
    :data:`LARGEST` in magnitude, and has the sign its quantity allows; raise
    :class:`ParameterError` naming ``name`` if not."""
    if isinstance(value, (bool, str, bytes)) or (isinstance(value, np.ndarray) and value.dtype.kind not in "iuf"):
        raise ParameterError(f"parameter {name!r}: {value!r} is not a number")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"parameter {name!r}: {value!r} is not a number") from None
    except OverflowError:  # an integer past the float range, e.g. 10**400 in a model file
        raise ParameterError(f"parameter {name!r}: value {str(value)[:8]}... ({len(str(value))} digits) is beyond ±{LARGEST:g} {QUANTITIES[quantity][0]}") from None
    if not np.all(np.isfinite(array)):
        raise ParameterError(f"parameter {name!r}: value {value!r} is not finite")
    if np.any(np.abs(array) > LARGEST):
        raise ParameterError(f"parameter {name!r}: value {value!r} is beyond ±{LARGEST:g} {QUANTITIES[quantity][0]}, "
                             f"too large to compute with in double precision")
    constraint = QUANTITIES[quantity][1]
    if constraint == "nonnegative" and np.any(array < 0):
        raise ParameterError(f"parameter {name!r} is a {quantity} and must be >= 0, got {value!r}")
    if constraint == "positive" and np.any(array <= 0):
        raise ParameterError(f"parameter {name!r} is a {quantity} and must be > 0, got {value!r}")
    return array


class ColumnChecks:
    """:func:`check_value` for every column of an array (last axis: one parameter per
    name), vectorized: a few whole-array comparisons where every value is fine (the
    hot path of compiled functions), the per-column checks and their message otherwise."""

    def __init__(self, names: Sequence[str], quantities: Sequence[str]):
        self.names, self.quantities = tuple(names), tuple(quantities)
        constraint = np.array([QUANTITIES[q][1] for q in quantities], dtype=object)
        self.lower = np.where((constraint == "nonnegative") | (constraint == "positive"), 0.0, -np.inf)
        self.positive = constraint == "positive"

    def fine(self, array: np.ndarray) -> bool:
        """Whether every value passes (NaN fails every comparison here)."""
        with np.errstate(invalid="ignore"):
            return bool(np.all((np.abs(array) <= LARGEST) & (array >= self.lower) & ~(self.positive & (array == 0))))

    def __call__(self, array: np.ndarray) -> None:
        if not self.fine(array):
            for k, (name, quantity) in enumerate(zip(self.names, self.quantities)):
                check_value(name, quantity, array[..., k])


@attrs.frozen
class Units:
    """The frame's reference frequency ω_ref = 2π·``reference_hz`` and conversions to it.

    >>> units = Units(reference_hz=10e6)          # ω_ref = 2π × 10 MHz, as in Table I
    >>> units.from_hz(10.05e6)                    # ω2 / ω_ref
    1.005
    >>> units.rate_from_linewidth_hz(3e6)         # κ for a 3 MHz FWHM linewidth
    0.15
    """

    reference_hz: float = attrs.field()

    @reference_hz.validator
    def _positive(self, attribute, value):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ParameterError(f"reference frequency must be a positive number of Hz, got {value!r}")

    @property
    def reference_angular(self) -> float:
        """ω_ref in rad/s."""
        return 2 * math.pi * self.reference_hz

    def from_hz(self, f_hz):
        """An ordinary frequency f (Hz) as the angular frequency 2πf in units of ω_ref."""
        return _scaled(f_hz, 1 / self.reference_hz)

    def from_angular(self, omega_rad_s):
        """An angular frequency ω (rad/s, i.e. 2π·Hz) in units of ω_ref."""
        return _scaled(omega_rad_s, 1 / self.reference_angular)

    def rate_from_linewidth_hz(self, fwhm_hz):
        """The amplitude decay rate κ (units of ω_ref) of a mode whose energy
        linewidth (FWHM) is ``fwhm_hz`` in Hz: 2κ = 2π·FWHM."""
        return _scaled(fwhm_hz, 1 / (2 * self.reference_hz))

    def rate_from_energy_decay(self, rate_per_s):
        """κ (units of ω_ref) from an energy decay rate (1/s), which is 2κ."""
        return _scaled(rate_per_s, 1 / (2 * self.reference_angular))

    def to_hz(self, value):
        """A frequency in units of ω_ref back to an ordinary frequency in Hz."""
        return _scaled(value, self.reference_hz)

    def time_from_seconds(self, t_s):
        """A time in seconds in units of 1/ω_ref."""
        return _scaled(t_s, self.reference_angular)

    @staticmethod
    def periods(n):
        """``n`` periods τ = 2π/ω_ref, as a time in units of 1/ω_ref."""
        return _scaled(n, 2 * math.pi)
