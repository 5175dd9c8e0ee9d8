"""Physical parameters from laboratory quantities, in SI units.

Each helper states its units; results that are frequencies are returned in units
of a reference frequency ω_ref = 2π·``reference_hz`` (see :class:`~hybridsys.model.units.Units`)
only when the helper takes one.
"""

from __future__ import annotations

import math
from numbers import Real

import attrs
from scipy import constants

from .units import Units

SPEED_OF_LIGHT = 299_792_458.0  # m/s

#: Gyromagnetic ratio γ of YIG in rad/(s·T). Table I: γ = 2π × 2.8 MHz/Oe; a field
#: H of 1 Oe in vacuum is B = 10⁻⁴ T, so γ = 2π × 28 GHz/T.
YIG_GYROMAGNETIC_RATIO = 2 * math.pi * 28e9
#: Saturation magnetization M_s of YIG in A/m. Table I: 1750 Oe (4πM_s = 1750 G),
#: i.e. μ0 M_s = 0.175 T and M_s ≈ 1.39 × 10⁵ A/m.
YIG_SATURATION_MAGNETIZATION = 0.175 / constants.mu_0
#: First-order cubic anisotropy constant K1 of YIG in J/m³ (−6.1 × 10³ erg/cm³), the
#: room-temperature value commonly quoted in the literature; not given in the spec.
#: It is negative, so the signs the spec states after (S39) and (S49) (K > 0 for
#: [100], K < 0 for [110]), which hold for K_an > 0, are reversed with K_an = K1.
YIG_ANISOTROPY_CONSTANT = -610.0
#: YIG sphere radius r_0 of Table I in m: simulation column and experimental column.
YIG_RADIUS_SIMULATION = 0.5e-3
YIG_RADIUS_EXPERIMENT = 0.2e-3

#: Crystal axes of a YIG sphere that can be aligned with the bias field, and the
#: Kerr coefficient of each in units of ħγ²K_an/(M_s²V_m): (S39) and (S49).
_KERR_FACTORS = {"[100]": 1.0, "[110]": -13 / 16}


def _checked(function: str, name: str, value: float, sign: str = "any") -> float:
    """``value`` as a float; a ValueError naming ``function`` and ``name`` unless it is
    a finite real number that is positive (``sign='positive'``) or >= 0 (``'nonnegative'``)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{function}: {name} must be a finite number, got {value!r}")
    if sign == "positive" and not value > 0:
        raise ValueError(f"{function}: {name} must be a positive number, got {value!r}")
    if sign == "nonnegative" and not value >= 0:
        raise ValueError(f"{function}: {name} must be a number >= 0, got {value!r}")
    return float(value)


def sagnac_coefficient(radius: float, refractive_index: float, wavelength: float, dispersion: float = 0.0) -> float:
    """The dimensionless Sagnac-Fizeau coefficient Λ of (S52), σ = ±ΩΛ.

    Λ = ζ r ω_c [1 - 1/ζ² - (λ/ζ) dζ/dλ] / c with ω_c = 2πc/λ, i.e.
    Λ = 2π ζ r/λ · [1 - 1/ζ² - (λ/ζ) dζ/dλ].

    radius r in m, wavelength λ in m, dispersion dζ/dλ in 1/m.
    """
    radius = _checked("sagnac_coefficient", "radius", radius, "positive")
    zeta = _checked("sagnac_coefficient", "refractive_index", refractive_index, "positive")
    wavelength = _checked("sagnac_coefficient", "wavelength", wavelength, "positive")
    dispersion = _checked("sagnac_coefficient", "dispersion", dispersion)
    bracket = 1 - 1 / zeta**2 - (wavelength / zeta) * dispersion
    return 2 * math.pi * zeta * radius / wavelength * bracket


@attrs.frozen
class MagnonParameters:
    """The Kittel mode of a YIG sphere, H_m/ħ = ω_m m†m + K m†m m†m + const. (S37, S47).

    ``frequency`` ω_m and ``kerr`` K in rad/s; ``spins`` the dimensionless total spin S.
    """

    frequency: float
    kerr: float
    spins: float


def _yig_kerr_and_spins(
    function: str, axis: str, radius: float, anisotropy_constant: float, saturation_magnetization: float, gyromagnetic_ratio: float
) -> tuple[float, float]:
    """(K in rad/s, spin number S) of a YIG sphere, arguments checked: see :func:`yig_magnon`."""
    if axis not in _KERR_FACTORS:
        raise ValueError(f"{function}: axis must be one of {sorted(_KERR_FACTORS)}, got {axis!r}")
    radius = _checked(function, "radius", radius, "positive")
    k_an = _checked(function, "anisotropy_constant", anisotropy_constant)
    magnetization = _checked(function, "saturation_magnetization", saturation_magnetization, "positive")
    gamma = _checked(function, "gyromagnetic_ratio", gyromagnetic_ratio, "positive")
    volume = 4 * math.pi * radius**3 / 3
    kerr = _KERR_FACTORS[axis] * constants.hbar * gamma**2 * k_an / (magnetization**2 * volume)
    return kerr, magnetization * volume / (constants.hbar * gamma)


def yig_magnon(
    axis: str,
    field_tesla: float,
    radius: float,
    *,
    anisotropy_constant: float = YIG_ANISOTROPY_CONSTANT,
    saturation_magnetization: float = YIG_SATURATION_MAGNETIZATION,
    gyromagnetic_ratio: float = YIG_GYROMAGNETIC_RATIO,
) -> MagnonParameters:
    """Kittel-mode frequency ω_m and Kerr coefficient K of a YIG sphere, (S31)-(S49).

    ``axis`` is the crystal axis along the bias field, ``"[100]"`` or ``"[110]"``;
    ``field_tesla`` the bias field B0 in T (the sphere is assumed saturated along it,
    Table I: B0 above μ0 M_s); ``radius`` r0 in m; ``anisotropy_constant`` K_an in
    J/m³ (any sign, used as printed); ``saturation_magnetization`` M_s in A/m;
    ``gyromagnetic_ratio`` γ in rad/(s·T). With V_m = 4πr0³/3:

    * S = M_s V_m/(ħγ)                                                   (S35)
    * [100]: K = ħγ²K_an/(M_s²V_m),          ω_m = γB0 − 2KS = γB0 − 2γK_an/M_s        (S38, S39)
    * [110]: K = −(13/16)ħγ²K_an/(M_s²V_m), ω_m = γB0 − 2KS = γB0 + (13/8)γK_an/M_s  (S48, S49)

    The spec prints these with ħ = 1 and μ0 K_an where the SI forms have ħ K_an:
    S = MV_m/γ of (S35) is an angular momentum (J·s), so the dimensionless spin number
    is MV_m/(ħγ), and dividing the energy (S34) by ħ leaves a factor ħ in K. For the
    energy density μ0 M·H_an/2 of (S31) to be in J/m³ with H_an of (S33)/(S40) in A/m,
    the spec's K_an is in A²/m² and μ0 K_an is an energy density: that product is the
    ``anisotropy_constant`` here. No sign is changed: K_an < 0 (YIG's K1, the default)
    gives K < 0 for [100] and K > 0 for [110]. Caveat: the standard cubic energy
    K1(α1²α2² + α2²α3² + α3²α1²) is −K1 α3² + const. to second order near [100],
    the opposite sign of (S34)'s +K_an M_z²/M², so whether K_an is K1 or −K1 is the
    spec's convention, not settled here.
    """
    function = "yig_magnon"
    field = _checked(function, "field_tesla", field_tesla, "positive")
    kerr, spins = _yig_kerr_and_spins(function, axis, radius, anisotropy_constant, saturation_magnetization, gyromagnetic_ratio)
    return MagnonParameters(frequency=gyromagnetic_ratio * field - 2 * kerr * spins, kerr=kerr, spins=spins)


def yig_kerr_coefficient(
    axis: str,
    radius: float,
    reference_hz: float,
    *,
    anisotropy_constant: float = YIG_ANISOTROPY_CONSTANT,
    saturation_magnetization: float = YIG_SATURATION_MAGNETIZATION,
    gyromagnetic_ratio: float = YIG_GYROMAGNETIC_RATIO,
) -> float:
    """The Kerr coefficient K of (S39)/(S49) in units of ω_ref = 2π·``reference_hz``.

    Arguments (SI) and formulas as in :func:`yig_magnon`; K does not depend on B0.
    ``reference_hz`` in Hz.
    """
    function = "yig_kerr_coefficient"
    reference_hz = _checked(function, "reference_hz", reference_hz, "positive")
    kerr, _ = _yig_kerr_and_spins(function, axis, radius, anisotropy_constant, saturation_magnetization, gyromagnetic_ratio)
    return Units(reference_hz).from_angular(kerr)


def thermal_occupation(frequency_hz: float, temperature_kelvin: float) -> float:
    """Mean thermal occupation n̄ = 1/(exp(ħω/(k_B T)) − 1) of a bath mode, (S4).

    ``frequency_hz`` f in Hz (ω = 2πf, f > 0), ``temperature_kelvin`` T in K (T >= 0;
    T = 0 gives exactly 0). Returns a number of quanta.
    """
    frequency = _checked("thermal_occupation", "frequency_hz", frequency_hz, "positive")
    temperature = _checked("thermal_occupation", "temperature_kelvin", temperature_kelvin, "nonnegative")
    if temperature == 0:
        return 0.0
    x = constants.hbar * 2 * math.pi * frequency / (constants.k * temperature)
    return math.exp(-x) / -math.expm1(-x)  # = 1/(e^x − 1) without overflow for large x


def mass_scaled_coupling(g: float, mass: float, reference_mass: float) -> float:
    """A single-excitation coupling g_j(m) = g_j(m_0)·√(m_0/m), ERRATA item 11.

    The coupling scales with the zero-point motion x_zpf = √(ħ/(2mω)). ``g`` is the
    coupling at ``reference_mass`` m_0, in any frequency unit (the result is in the
    same unit, e.g. ω_ref); ``mass`` m and ``reference_mass`` m_0 in kg (only their
    ratio enters, so any common unit works).
    """
    g = _checked("mass_scaled_coupling", "g", g)
    mass = _checked("mass_scaled_coupling", "mass", mass, "positive")
    reference_mass = _checked("mass_scaled_coupling", "reference_mass", reference_mass, "positive")
    return g * math.sqrt(reference_mass / mass)


#: How a Fabry-Perot cavity's decay rate κ (ȧ = −κ a, units of ω_ref) is taken from its
#: finesse F and length L: ``"amplitude"`` κ = πc/(2FL), the amplitude decay rate (half the
#: angular FWHM 2π·c/(2FL)), hybridsys's convention; ``"linewidth"`` κ = πc/(FL), the whole
#: angular FWHM used as the amplitude rate (Vitali et al., PRL 98, 030405 (2007): see
#: hybridsys/papers/vitali2007).
FABRY_PEROT_CONVENTIONS = {"amplitude": 0.5, "linewidth": 1.0}


def fabry_perot_decay_rate(length: float, finesse: float, reference_hz: float, convention: str = "amplitude") -> float:
    """κ of a Fabry-Perot cavity of ``length`` L (m) and ``finesse`` F, in units of
    ω_ref = 2π·``reference_hz``: πc/(2FL) (``convention="amplitude"``) or πc/(FL)
    (``"linewidth"``), see :data:`FABRY_PEROT_CONVENTIONS`."""
    function = "fabry_perot_decay_rate"
    length = _checked(function, "length", length, "positive")
    finesse = _checked(function, "finesse", finesse, "positive")
    reference_hz = _checked(function, "reference_hz", reference_hz, "positive")
    if convention not in FABRY_PEROT_CONVENTIONS:
        raise ValueError(f"{function}: convention must be one of {sorted(FABRY_PEROT_CONVENTIONS)}, got {convention!r}")
    return Units(reference_hz).from_angular(FABRY_PEROT_CONVENTIONS[convention] * 2 * math.pi * SPEED_OF_LIGHT / (2 * finesse * length))


def cavity_drive_amplitude(power: float, wavelength: float, length: float, finesse: float, reference_hz: float,
                           convention: str = "amplitude") -> float:
    """E = √(2Pκ/(ħω_L)) of a laser of ``power`` P (W) and ``wavelength`` λ (m) driving the
    cavity of :func:`fabry_perot_decay_rate` (same ``convention``), in units of ω_ref:
    the drive amplitude ξ of i(ξ a† − ξ* a) with ȧ = −κ a + √(2κ) a_in."""
    function = "cavity_drive_amplitude"
    power = _checked(function, "power", power, "nonnegative")
    wavelength = _checked(function, "wavelength", wavelength, "positive")
    units = Units(_checked(function, "reference_hz", reference_hz, "positive"))
    kappa = fabry_perot_decay_rate(length, finesse, reference_hz, convention) * units.reference_angular
    laser = 2 * math.pi * SPEED_OF_LIGHT / wavelength
    return units.from_angular(math.sqrt(2 * power * kappa / (constants.hbar * laser)))


def optomechanical_coupling(length: float, wavelength: float, mass: float, frequency_hz: float, reference_hz: float) -> float:
    """g of −g a†a (b + b†) for a cavity end mirror: g = (ω_c/L) x_zpf with
    x_zpf = √(ħ/(2mω_m)), in units of ω_ref. ``length`` L and ``wavelength`` λ in m
    (ω_c = 2πc/λ), ``mass`` m in kg, ``frequency_hz`` ω_m/2π. A paper writing
    −G_0 a†a q with q = (b + b†)/√2 has G_0 = √2 g."""
    function = "optomechanical_coupling"
    length = _checked(function, "length", length, "positive")
    cavity = 2 * math.pi * SPEED_OF_LIGHT / _checked(function, "wavelength", wavelength, "positive")
    mass = _checked(function, "mass", mass, "positive")
    mechanical = 2 * math.pi * _checked(function, "frequency_hz", frequency_hz, "positive")
    units = Units(_checked(function, "reference_hz", reference_hz, "positive"))
    return units.from_angular(cavity / length * math.sqrt(constants.hbar / (2 * mass * mechanical)))


#: Helpers a model file may call by name to compute a parameter value (no eval).
DERIVED_VALUE_FUNCTIONS = {
    "sagnac_coefficient": sagnac_coefficient,
    "yig_kerr_coefficient": yig_kerr_coefficient,
    "thermal_occupation": thermal_occupation,
    "mass_scaled_coupling": mass_scaled_coupling,
    "fabry_perot_decay_rate": fabry_perot_decay_rate,
    "cavity_drive_amplitude": cavity_drive_amplitude,
    "optomechanical_coupling": optomechanical_coupling,
}
