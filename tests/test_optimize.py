"""Optimum search (:func:`hybridsys.optimize`) against optima known independently:

* a two-mode squeezer iG(a†b† − ab) on two cavities (damping κ, detunings Δ_a, Δ_b)
  below threshold: with Δ_b = −Δ_a the frame rotating at Δ_a on a and −Δ_a on b removes
  both detunings and leaves a†b† unchanged, so E_N is that of the resonant squeezer,
  ln(1 + G/κ) (X_a − X_b and Y_a + Y_b decay at κ + G: variances ½κ/(κ + G)); any other
  Δ_b detunes the pair and entangles less. Over G at Δ_b = −Δ_a, E_N grows up to the
  threshold G = κ where the steady state ceases to exist: an optimum on the stability
  boundary, with value ln 2;
* Vitali et al. 2007: the maximum of E_N over the detuning, found here with scipy on
  the paper's equations written by hand (tests/test_vitali2007.py) over the effective
  detuning Δ and mapped to the bare detuning Δ_0 = Δ + G_0²|α_s|²/ω_m of the model file.
"""

import json
import math

import numpy as np
import pytest
import scipy.optimize

import hybridsys as hs
from hybridsys.cli import main
from hybridsys.model.modelfile import Model, ParameterSet
from hybridsys.sweeps.sweep import Settings
from tests.test_periodic import modulated_amplifier
from tests.test_vitali2007 import paper_covariance, paper_log_negativity, paper_quantities

DELTA_A, G = 0.3137, 0.55


def squeezer() -> Model:
    network = hs.Network([
        hs.Cavity("a", detuning="Delta_a", damping="kappa"), hs.Cavity("b", detuning="Delta_b", damping="kappa"),
        hs.TwoModeSqueezing("a", "b", G="G"),
    ])
    values = {"Delta_a": DELTA_A, "Delta_b": 0.0, "kappa": 1.0, "G": G}
    return Model("squeezer", network, {"p": ParameterSet("p", values, 1e6)}, "p", synchronize=("a", "b"))


def test_squeezer_detuning_optimum_is_the_resonance_with_the_closed_form_value():
    optimum = hs.optimize(squeezer(), "E_N", {"Delta_b": (-1.0, 1.0)})
    assert optimum.location["Delta_b"] == pytest.approx(-DELTA_A, abs=1e-4)
    assert optimum.value == pytest.approx(math.log(1 + G), abs=1e-9)
    assert not optimum.on_boundary and optimum.at_edge == ()
    assert optimum.boundary_distance == math.inf  # stable everywhere below threshold


def test_squeezer_gain_optimum_sits_on_the_stability_boundary_at_threshold():
    optimum = hs.optimize(squeezer(), "E_N", {"G": (0.0, 1.5)}, values={"Delta_b": -DELTA_A})
    assert optimum.location["G"] == pytest.approx(1.0, abs=1e-4)
    assert optimum.value == pytest.approx(math.log(1 + optimum.location["G"]), abs=1e-9)
    assert optimum.value == pytest.approx(math.log(2), abs=1e-4)
    assert optimum.on_boundary and optimum.boundary_direction == "G+"
    assert optimum.boundary_distance <= 2 * optimum.resolution["G"]
    assert optimum.boundary_status.startswith("unstable")
    assert "on the stability boundary" in str(optimum)


def test_a_minimum_at_the_edge_of_the_box_is_reported_as_such():
    optimum = hs.optimize(squeezer(), "E_N", {"G": (0.1, 0.9)}, maximize=False, values={"Delta_b": -DELTA_A})
    assert optimum.location["G"] == pytest.approx(0.1)
    assert optimum.value == pytest.approx(math.log(1.1), abs=1e-9)
    assert optimum.at_edge == ("G",)


def test_two_parameters_at_once():
    optimum = hs.optimize(squeezer(), "E_N", {"G": (0.2, 0.7), "Delta_b": (-1.0, 1.0)}, grid=11)
    assert optimum.location["Delta_b"] == pytest.approx(-DELTA_A, abs=1e-4)
    assert optimum.location["G"] == pytest.approx(0.7) and optimum.at_edge == ("G",)
    assert optimum.value == pytest.approx(math.log(1.7), abs=1e-9)


def test_vitali2007_maximum_over_the_detuning_matches_the_papers_equations():
    kappa, G0, E, _ = paper_quantities()
    best = scipy.optimize.minimize_scalar(lambda d: -paper_log_negativity(paper_covariance(d)), bounds=(0.6, 1.6),
                                          method="bounded", options={"xatol": 1e-10})
    bare = best.x + G0**2 * E**2 / (kappa**2 + best.x**2)  # Δ_0 = Δ + G_0²|α_s|²/ω_m
    optimum = hs.optimize("vitali2007", "E_N", {"Delta_a": (2.0, 2.8)})
    assert optimum.location["Delta_a"] == pytest.approx(bare, abs=1e-4)
    assert optimum.value == pytest.approx(-best.fun, abs=1e-8)
    assert not optimum.on_boundary and optimum.boundary_status.startswith("unstable")


def test_trajectory_regime_finds_the_same_resonance():
    settings = Settings(periods=12, window=2, samples_per_period=4, fluctuations="vacuum", rtol=1e-10, atol=1e-12)
    optimum = hs.optimize(squeezer(), "E_N", {"Delta_b": (-1.0, 1.0)}, regime="trajectory", settings=settings,
                          grid=9, starts=1, rtol=1e-4)
    assert optimum.quantity == "E_N_mean"
    assert optimum.location["Delta_b"] == pytest.approx(-DELTA_A, abs=1e-4)
    assert optimum.value == pytest.approx(math.log(1 + G), abs=1e-8)


@pytest.mark.parametrize("over, match", [
    ({"G": (1.0, 0.5)}, "low < high"),
    ({"G": (0.0, float("nan"))}, "finite"),
    ({"G": "wide"}, "two numbers"),
    ({}, "over must map"),
    ({"nope": (0.0, 1.0)}, "nope"),
])
def test_bad_boxes_are_refused(over, match):
    with pytest.raises(hs.HybridsysError, match=match):
        hs.optimize(squeezer(), "E_N", over)


def test_a_box_with_no_stable_point_is_refused():
    with pytest.raises(hs.HybridsysError, match="no point of the 5-point grid.*unstable"):
        hs.optimize(squeezer(), "E_N", {"G": (1.1, 1.5)}, grid=5, values={"Delta_b": -DELTA_A})


def test_command_line_text_and_json(capsys):
    assert main(["optimize", "vitali2007", "--measure", "E_N", "--over", "Delta_a=2.0:2.8", "--grid", "9"]) == 0
    assert "maximum of E_N (steady)" in capsys.readouterr().out
    assert main(["optimize", "vitali2007", "--measure", "E_N", "--over", "Delta_a=2.0:2.8", "--grid", "9", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "hybridsys.optimize/1" and data["goal"] == "max"
    assert set(data["location"]) == {"Delta_a"} and data["on_boundary"] is False
    assert main(["optimize", "vitali2007", "--measure", "E_N", "--over", "Delta_a=2.8"]) == 2
    assert "NAME=LOW:HIGH" in capsys.readouterr().err


def test_periodic_regime_finds_the_resonance_of_a_modulated_squeezer():
    """With a modulated gain G(1 + ε cos Wt) the frame rotating at Δ_a on a and −Δ_a on b
    still removes both detunings when Δ_b = −Δ_a (it leaves a†b† unchanged), so the
    period-averaged E_N is largest there too. The model is tests/test_periodic.py's
    amplifier (its kernels compiled once): its drive E cos Wt on a moves only the mean of
    this linear network, not E_N."""
    network = modulated_amplifier()
    values = {"Delta_a": DELTA_A, "Delta_b": 0.0, "kappa": 1.0, "G": 0.5, "eps": 0.4, "W": 2.0, "E": 1.0}
    model = Model("modulated", network, {"p": ParameterSet("p", values, 1e6)}, "p", synchronize=("a", "b"))
    optimum = hs.optimize(model, "E_N", {"Delta_b": (-1.0, 1.0)}, regime="periodic", grid=9, starts=1, rtol=1e-4)
    assert optimum.quantity == "E_N_mean"
    assert optimum.location["Delta_b"] == pytest.approx(-DELTA_A, abs=2e-4)
    assert 0 < optimum.value < math.log(1 + 0.5 * 1.4)
