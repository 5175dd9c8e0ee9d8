"""Physical helpers for the YIG magnon, thermal baths and mass ratios: values written out by hand."""

from __future__ import annotations

import math

import pytest
from scipy.constants import hbar, k as k_B, mu_0

from hybridsys.model.physical import (
    DERIVED_VALUE_FUNCTIONS,
    YIG_ANISOTROPY_CONSTANT,
    YIG_GYROMAGNETIC_RATIO,
    YIG_RADIUS_EXPERIMENT,
    YIG_RADIUS_SIMULATION,
    YIG_SATURATION_MAGNETIZATION,
    mass_scaled_coupling,
    thermal_occupation,
    yig_kerr_coefficient,
    yig_magnon,
)

GAMMA = 2 * math.pi * 28e9  # rad/(s·T), Table I: 2π × 2.8 MHz/Oe
M_S = 0.175 / mu_0  # A/m, Table I: 1750 Oe
R0 = 0.5e-3  # m, Table I simulation column
OMEGA_1 = 2 * math.pi * 10e6  # rad/s


def test_yig_constants_are_table_one_values_in_si():
    assert YIG_GYROMAGNETIC_RATIO == pytest.approx(1.7593e11, rel=1e-4)
    assert YIG_SATURATION_MAGNETIZATION == pytest.approx(1.3926e5, rel=1e-4)
    assert mu_0 * YIG_SATURATION_MAGNETIZATION == pytest.approx(0.175, rel=1e-12)
    assert YIG_ANISOTROPY_CONSTANT == -610.0
    assert (YIG_RADIUS_SIMULATION, YIG_RADIUS_EXPERIMENT) == (R0, 0.2e-3)


def test_yig_magnon_100_matches_s38_s39_written_out():
    k_an, b0 = 610.0, 0.3
    volume = 4 / 3 * math.pi * R0**3
    spins = M_S * volume / (hbar * GAMMA)
    kerr = hbar * GAMMA**2 * k_an / (M_S**2 * volume)
    magnon = yig_magnon("[100]", b0, R0, anisotropy_constant=k_an, saturation_magnetization=M_S, gyromagnetic_ratio=GAMMA)
    assert magnon.spins == pytest.approx(spins, rel=1e-12)
    assert magnon.spins == pytest.approx(3.93e18, rel=1e-3)
    assert magnon.kerr == pytest.approx(kerr, rel=1e-12)
    assert magnon.kerr == pytest.approx(1.96e-10, rel=1e-3)  # rad/s
    assert magnon.frequency == pytest.approx(GAMMA * b0 - 2 * GAMMA * k_an / M_S, rel=1e-12)


def test_yig_magnon_110_matches_s48_s49_written_out():
    k_an, b0 = 610.0, 0.3
    volume = 4 / 3 * math.pi * R0**3
    kerr = -13 / 16 * hbar * GAMMA**2 * k_an / (M_S**2 * volume)
    magnon = yig_magnon("[110]", b0, R0, anisotropy_constant=k_an, saturation_magnetization=M_S, gyromagnetic_ratio=GAMMA)
    assert magnon.kerr == pytest.approx(kerr, rel=1e-12)
    assert magnon.frequency == pytest.approx(GAMMA * b0 + 13 / 8 * GAMMA * k_an / M_S, rel=1e-12)


def test_yig_magnon_defaults_are_the_yig_constants():
    explicit = yig_magnon(
        "[100]", 0.3, R0, anisotropy_constant=-610.0, saturation_magnetization=M_S, gyromagnetic_ratio=GAMMA
    )
    assert yig_magnon("[100]", 0.3, R0) == explicit


@pytest.mark.parametrize("k_an", [610.0, -610.0, 1.0])
def test_kerr_sign_per_axis_follows_the_anisotropy_constant_and_the_axis_ratio_is_minus_13_over_16(k_an):
    k100 = yig_magnon("[100]", 0.3, R0, anisotropy_constant=k_an).kerr
    k110 = yig_magnon("[110]", 0.3, R0, anisotropy_constant=k_an).kerr
    assert math.copysign(1, k100) == math.copysign(1, k_an)  # (S39): K > 0 for K_an > 0
    assert math.copysign(1, k110) == -math.copysign(1, k_an)  # (S49): K < 0 for K_an > 0
    assert k110 / k100 == pytest.approx(-13 / 16, rel=1e-15)


def test_magnon_frequency_shift_is_minus_two_k_s_and_does_not_depend_on_volume():
    for axis in ("[100]", "[110]"):
        small = yig_magnon(axis, 0.3, 0.2e-3, anisotropy_constant=610.0)
        large = yig_magnon(axis, 0.3, 0.5e-3, anisotropy_constant=610.0)
        assert small.frequency == pytest.approx(GAMMA * 0.3 - 2 * small.kerr * small.spins, rel=1e-14)
        assert small.frequency == pytest.approx(large.frequency, rel=1e-14)
        assert small.kerr / large.kerr == pytest.approx((0.5 / 0.2) ** 3, rel=1e-12)


def test_yig_kerr_coefficient_is_k_over_the_reference_angular_frequency():
    kerr = hbar * GAMMA**2 * 610.0 / (M_S**2 * 4 / 3 * math.pi * R0**3)
    for axis, factor in (("[100]", 1.0), ("[110]", -13 / 16)):
        value = yig_kerr_coefficient(axis, R0, 10e6, anisotropy_constant=610.0)
        assert value == pytest.approx(factor * kerr / OMEGA_1, rel=1e-12)
    assert yig_kerr_coefficient("[100]", R0, 10e6) == pytest.approx(-kerr / OMEGA_1, rel=1e-12)  # K1 = -610 J/m³


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"radius": -1e-3}, "radius"),
        ({"radius": 0.0}, "radius"),
        ({"field_tesla": 0.0}, "field_tesla"),
        ({"field_tesla": math.nan}, "field_tesla"),
        ({"anisotropy_constant": math.inf}, "anisotropy_constant"),
        ({"saturation_magnetization": -1.0}, "saturation_magnetization"),
        ({"gyromagnetic_ratio": 0.0}, "gyromagnetic_ratio"),
        ({"radius": "0.5e-3"}, "radius"),
        ({"radius": True}, "radius"),
    ],
)
def test_yig_magnon_rejects_bad_input_naming_the_argument(kwargs, name):
    arguments = {"axis": "[100]", "field_tesla": 0.3, "radius": R0, **kwargs}
    with pytest.raises(ValueError, match=f"yig_magnon: {name}"):
        yig_magnon(**arguments)


@pytest.mark.parametrize("axis", ["[111]", "100", "[001]", ""])
def test_yig_helpers_reject_unknown_axes(axis):
    with pytest.raises(ValueError, match=r"axis must be one of \['\[100\]', '\[110\]'\]"):
        yig_magnon(axis, 0.3, R0)
    with pytest.raises(ValueError, match="yig_kerr_coefficient: axis"):
        yig_kerr_coefficient(axis, R0, 10e6)


def test_yig_kerr_coefficient_rejects_bad_reference_frequency():
    with pytest.raises(ValueError, match="reference_hz"):
        yig_kerr_coefficient("[100]", R0, 0.0)


def test_thermal_occupation_matches_bose_einstein_written_out():
    f, temperature = 10e6, 0.01  # 10 MHz at 10 mK
    x = hbar * 2 * math.pi * f / (k_B * temperature)
    assert thermal_occupation(f, temperature) == pytest.approx(1 / (math.exp(x) - 1), rel=1e-12)
    # ħω = k_B T ln 2 gives exactly one quantum
    t_one = hbar * 2 * math.pi * f / (k_B * math.log(2))
    assert thermal_occupation(f, t_one) == pytest.approx(1.0, rel=1e-12)


def test_thermal_occupation_limits():
    assert thermal_occupation(10e6, 0) == 0.0
    assert thermal_occupation(10e6, 0.0) == 0.0
    assert thermal_occupation(10e9, 1e-3) < 1e-200  # ħω ≫ k_B T: no overflow, vanishes
    f, temperature = 10e6, 300.0  # ħω ≪ k_B T: n̄ ≈ k_B T/(ħω) − 1/2
    classical = k_B * temperature / (hbar * 2 * math.pi * f)
    assert classical == pytest.approx(6.25e5, rel=1e-2)
    assert thermal_occupation(f, temperature) == pytest.approx(classical - 0.5, rel=1e-12)


@pytest.mark.parametrize(
    "args, name",
    [
        ((0.0, 1.0), "frequency_hz"),
        ((-1e6, 1.0), "frequency_hz"),
        ((1e6, -1.0), "temperature_kelvin"),
        ((1e6, math.nan), "temperature_kelvin"),
        ((math.inf, 1.0), "frequency_hz"),
    ],
)
def test_thermal_occupation_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=f"thermal_occupation: {name}"):
        thermal_occupation(*args)


def test_mass_scaled_coupling_follows_zero_point_motion():
    # g ∝ x_zpf = √(ħ/(2mω)): the ratio of zero-point motions at 50 ng and 100 ng
    omega = OMEGA_1
    x_zpf = lambda m: math.sqrt(hbar / (2 * m * omega))  # noqa: E731
    assert mass_scaled_coupling(0.005, 50e-12, 100e-12) == pytest.approx(0.005 * x_zpf(50e-12) / x_zpf(100e-12), rel=1e-12)
    assert mass_scaled_coupling(0.005, 50e-12, 100e-12) == pytest.approx(0.005 * math.sqrt(2), rel=1e-12)
    assert mass_scaled_coupling(-0.01, 400.0, 100.0) == pytest.approx(-0.005, rel=1e-12)
    assert mass_scaled_coupling(0.005, 100e-12, 100e-12) == 0.005


@pytest.mark.parametrize(
    "args, name",
    [((0.005, 0.0, 1.0), "mass"), ((0.005, 1.0, -1.0), "reference_mass"), ((math.nan, 1.0, 1.0), "g")],
)
def test_mass_scaled_coupling_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=f"mass_scaled_coupling: {name} "):
        mass_scaled_coupling(*args)


def test_float_helpers_are_registered_for_model_files():
    for name in ("sagnac_coefficient", "yig_kerr_coefficient", "thermal_occupation", "mass_scaled_coupling"):
        assert name in DERIVED_VALUE_FUNCTIONS
    assert "yig_magnon" not in DERIVED_VALUE_FUNCTIONS  # returns three numbers, not one


def test_model_file_can_derive_kerr_occupation_and_coupling():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    from hybridsys import ModelFileError
    from hybridsys.model.modelfile import Model, load_model

    data = tomllib.loads(load_model("nonreciprocal_sync").to_toml())
    simulation = data["parameters"]["simulation"]
    for name in ("K", "nbar_1", "g_a"):
        del simulation["values"][name]
    simulation["derived"].update(
        K={"function": "yig_kerr_coefficient", "axis": "[110]", "radius": 0.5e-3, "reference_hz": 10e6},
        nbar_1={"function": "thermal_occupation", "frequency_hz": 10e6, "temperature_kelvin": 0},
        g_a={"function": "mass_scaled_coupling", "g": 0.005, "mass": 50, "reference_mass": 100},
    )
    values = Model.from_data(data).values("simulation")
    assert values["K"] == pytest.approx(yig_kerr_coefficient("[110]", 0.5e-3, 10e6), rel=1e-15)
    assert values["nbar_1"] == 0.0
    assert values["g_a"] == pytest.approx(0.005 * math.sqrt(2), rel=1e-15)
    simulation["derived"]["K"]["axis"] = "[111]"
    with pytest.raises(ModelFileError, match=r"derived value 'K'.*axis must be one of"):
        Model.from_data(data)
