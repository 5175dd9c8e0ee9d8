"""Unit conventions and physical helpers: closed-form values, no hidden 2π or 2."""

from __future__ import annotations

import math

import pytest

from hybridsys import Units
from hybridsys.model.physical import sagnac_coefficient


def test_units_convert_hz_angular_and_linewidths_to_reference_frequency():
    units = Units(reference_hz=10e6)
    assert units.from_hz(10.05e6) == pytest.approx(1.005)
    assert units.from_angular(2 * math.pi * 10e6) == pytest.approx(1.0)
    assert units.rate_from_linewidth_hz(3e6) == pytest.approx(0.15)  # 2κ = 2π·FWHM
    assert units.rate_from_energy_decay(2 * math.pi * 3e6) == pytest.approx(0.15)
    assert units.to_hz(1.005) == pytest.approx(10.05e6)
    assert units.periods(1) == pytest.approx(2 * math.pi)
    assert units.time_from_seconds(1e-7) == pytest.approx(2 * math.pi)
    with pytest.raises(ValueError, match="positive"):
        Units(reference_hz=-1)


def test_sagnac_coefficient_matches_hand_computed_value_for_table_one_sphere():
    # Λ = 2π ζ r/λ (1 - 1/ζ²) for r = 1.1 mm, ζ = 1.486, λ = 1550 nm, no dispersion
    expected = 2 * math.pi * 1.486 * 1.1e-3 / 1550e-9 * (1 - 1 / 1.486**2)
    assert sagnac_coefficient(1.1e-3, 1.486, 1550e-9) == pytest.approx(expected, rel=1e-14)
    assert expected == pytest.approx(3625.43, rel=1e-5)
    with pytest.raises(ValueError, match="radius"):
        sagnac_coefficient(-1.0, 1.486, 1550e-9)


def test_sagnac_drive_from_geometry_shifts_the_cavity_by_plus_or_minus_omega_lambda():
    from hybridsys import SagnacDrive
    import sympy as sp

    left = SagnacDrive.from_geometry("a", 1.1e-3, 1.486, 1550e-9, direction="LD", spin="Omega")
    right = SagnacDrive.from_geometry("a", 1.1e-3, 1.486, 1550e-9, direction="RD", spin="Omega")
    Omega = sp.Symbol("Omega", real=True)
    assert float(left.shift / Omega) == pytest.approx(sagnac_coefficient(1.1e-3, 1.486, 1550e-9))
    assert sp.simplify(left.shift + right.shift) == 0
