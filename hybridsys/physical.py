"""Physical parameters from laboratory quantities, in SI units.

Each helper states its units; results that are frequencies are returned in units
of a reference frequency only when a :class:`~hybridsys.units.Units` is given.
"""

from __future__ import annotations

import math

SPEED_OF_LIGHT = 299_792_458.0  # m/s


def sagnac_coefficient(radius: float, refractive_index: float, wavelength: float, dispersion: float = 0.0) -> float:
    """The dimensionless Sagnac-Fizeau coefficient Λ of (S52), σ = ±ΩΛ.

    Λ = ζ r ω_c [1 - 1/ζ² - (λ/ζ) dζ/dλ] / c with ω_c = 2πc/λ, i.e.
    Λ = 2π ζ r/λ · [1 - 1/ζ² - (λ/ζ) dζ/dλ].

    radius r in m, wavelength λ in m, dispersion dζ/dλ in 1/m.
    """
    for name, value in (("radius", radius), ("refractive_index", refractive_index), ("wavelength", wavelength)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"sagnac_coefficient: {name} must be a positive number, got {value!r}")
    zeta = refractive_index
    bracket = 1 - 1 / zeta**2 - (wavelength / zeta) * dispersion
    return 2 * math.pi * zeta * radius / wavelength * bracket


#: Helpers a model file may call by name to compute a parameter value (no eval).
DERIVED_VALUE_FUNCTIONS = {"sagnac_coefficient": sagnac_coefficient}
