"""Tests that kill the mutants the first mutation run of refimpl.tube left alive (issue 20).

The older tests check that the true λ is certified; a mutant that widens or shifts the
interval passes them. These tests pin the interval's *ends* to the values derived from the
lemma (Lemma 3, proofs/03_rounding_tube.py), put points at the radius and at 1.25× it, use
an odd column range for the convex widening (R/2 ≠ R//2), and check every shape refusal.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.fpformat import ARITHMETIC_MODELS, BINARY32, BINARY64
from refimpl.tube import (
    COEFFICIENTS,
    CONVEX_COEFFICIENTS,
    TUBE_MODELS,
    LambdaInterval,
    TubeCoefficients,
    attacker_radius,
    certify,
    coefficients,
    coordinate_bounds,
    error_ratio,
    float_difference,
    radius,
)

F = Fraction
G, C = CONVEX_COEFFICIENTS.g, CONVEX_COEFFICIENTS.c


def _rho(model: str, s: float, d: float) -> Fraction:
    """The derived difference-model radius a|ŝ| + b|d̂| + c, from the model record (Lemma 3)."""
    m = ARITHMETIC_MODELS[model]
    return m.a * abs(F(s)) + m.b * abs(F(d)) + m.c


# --- the interval's ends are the derived ones ----------------------------------------------------


@pytest.mark.parametrize("model", ["float64", "float32-mixed"])
def test_difference_model_interval_ends_are_the_radius(model: str) -> None:
    # 1-D, x = 0, n = 1, ŝ = 0.5: |0.5 − λ| ≤ ρ with ρ = a/2 + b + c, so [1/2 − ρ, 1/2 + ρ] exactly
    rho = _rho(model, 0.5, 1.0)
    iv = certify([0.5], [0.0], [1.0], model)
    assert iv == LambdaInterval(F(1, 2) - rho, F(1, 2) + rho)
    assert not iv.degenerate
    # at the radius the error ratio is exactly 1 (inside, closed), at 1.25× it is 5/4 (outside)
    assert error_ratio([0.5], [0.0], [1.0], F(1, 2) + rho, model) == 1
    assert error_ratio([0.5], [0.0], [1.0], F(1, 2) - rho, model) == 1
    assert error_ratio([0.5], [0.0], [1.0], F(1, 2) + F(5, 4) * rho, model) == F(5, 4)
    assert F(1, 2) + rho in iv and F(1, 2) - rho in iv
    assert F(1, 2) + F(5, 4) * rho not in iv and F(1, 2) - F(5, 4) * rho not in iv


@pytest.mark.parametrize("model", ["float64", "float32-mixed"])
def test_difference_model_with_x_off_the_origin_and_negative_d(model: str) -> None:
    # x = 3, n = 1 (d = −2), ŝ = 2.5: r = −0.5, so λ = 1/4 ± ρ/2 with ρ = a·2.5 + b·2 + c
    rho = _rho(model, 2.5, -2.0)
    iv = certify([2.5], [3.0], [1.0], model)
    assert iv == LambdaInterval(F(1, 4) - rho / 2, F(1, 4) + rho / 2)
    assert radius([2.5], [3.0], [1.0], F(1, 4), model) == [rho]


def test_two_coordinates_intersect_and_a_point_at_five_quarters_of_the_radius_is_refused() -> None:
    # coordinate 0 pins λ to 1/2 ± ρ0; coordinate 1 has d = 0, so it accepts iff |r1| ≤ ρ1
    rho0 = _rho("float64", 0.5, 1.0)
    ok = certify([0.5, 1.0], [0.0, 1.0], [1.0, 1.0], "float64")
    assert ok == LambdaInterval(F(1, 2) - rho0, F(1, 2) + rho0)
    # ŝ1 one ulp above 1: |r1| = 2^-52 while ρ1 = u·|ŝ1| + η ≈ 2^-53: refused
    assert certify([0.5, float(np.nextafter(1.0, 2.0))], [0.0, 1.0], [1.0, 1.0], "float64") is None


def test_difference_models_are_not_clipped_to_the_unit_interval() -> None:
    rho = _rho("float64", -0.5, 1.0)
    iv = certify([-0.5], [0.0], [1.0], "float64")
    assert iv == LambdaInterval(F(-1, 2) - rho, F(-1, 2) + rho)  # extrapolation, kept
    rho = _rho("float64", 1.5, 1.0)
    assert certify([1.5], [0.0], [1.0], "float64") == LambdaInterval(F(3, 2) - rho, F(3, 2) + rho)


def test_convex_interval_ends_and_clipping() -> None:
    # x = 0, n = 1: |ŝ − λ| ≤ c + gλ, so λ ∈ [(ŝ − c)/(1 + g), (ŝ + c)/(1 − g)], then ∩ [0, 1]
    iv = certify([0.5], [0.0], [1.0], "convex")
    assert iv == LambdaInterval((F(1, 2) - C) / (1 + G), (F(1, 2) + C) / (1 - G))
    lo_clip = certify([0.0], [0.0], [1.0], "convex")
    assert lo_clip == LambdaInterval(F(0), C / (1 - G))  # the lower end −c/(1 + g) < 0 is clipped
    hi_clip = certify([1.0], [0.0], [1.0], "convex")
    assert hi_clip == LambdaInterval((1 - C) / (1 + G), F(1))  # (1 + c)/(1 − g) > 1 is clipped
    # wholly outside [0, 1]: empty after clipping, in either direction
    assert certify([-0.5], [0.0], [1.0], "convex") is None
    assert certify([1.5], [0.0], [1.0], "convex") is None
    # x = 2, n = −2 (|n| = |x|, so g(|n| − |x|) = 0): λ ∈ [(2 − ŝ − ρ)/4, (2 − ŝ + ρ)/4], ρ = 2g + c
    rho = 2 * G + C
    assert certify([1.0], [2.0], [-2.0], "convex") == LambdaInterval((1 - rho) / 4, (1 + rho) / 4)


def test_convex_radius_with_x_off_the_origin() -> None:
    lam = F(1, 4)
    assert radius([0.0], [-2.0], [3.0], lam, "convex") == [G * ((1 - lam) * 2 + lam * 3) + C]
    assert radius([0.0], [-2.0], [3.0], F(0), "convex") == [G * 2 + C]
    assert radius([0.0], [-2.0], [3.0], F(1), "convex") == [G * 3 + C]


def test_error_ratio_is_the_worst_coordinate() -> None:
    rho = _rho("float64", 0.5, 1.0)
    # coordinate 1 has d = 0 and r = 0: its ratio is 0; the worst is coordinate 0
    lam = F(1, 2) + 2 * rho
    assert error_ratio([0.5, 1.0], [0.0, 1.0], [1.0, 1.0], lam, "float64") == 2
    assert error_ratio([0.5], [0.0], [1.0], F(1, 2), "float64") == 0


# --- LambdaInterval ---------------------------------------------------------------------------------


def test_lambda_interval_contains_and_intersects_closed_ends() -> None:
    iv = LambdaInterval(F(0), F(1))
    assert F(0) in iv and F(1) in iv and 0.5 in iv
    assert F(-1, 10**9) not in iv and F(1) + F(1, 10**9) not in iv
    assert iv.intersects(F(1), F(2))  # touching at 1: closed intervals meet
    assert iv.intersects(F(-1), F(0))  # touching at 0
    assert iv.intersects(F(1, 4), F(1, 2))
    assert iv.intersects(F(-5), F(5))
    assert not iv.intersects(F(1) + F(1, 10**9), F(2))
    assert not iv.intersects(F(-2), F(-1, 10**9))
    assert not iv.degenerate


def test_lambda_interval_half_lines_and_the_degenerate_one() -> None:
    everything = LambdaInterval(None, None)
    assert everything.degenerate and F(10**9) in everything and everything.intersects(F(-3), F(-2))
    up = LambdaInterval(F(1), None)
    assert not up.degenerate
    assert F(10**9) in up and F(1) in up and F(0) not in up
    assert up.intersects(F(0), F(1)) and not up.intersects(F(0), F(1, 2))
    down = LambdaInterval(None, F(0))
    assert not down.degenerate
    assert F(-(10**9)) in down and F(0) in down and F(1, 10**9) not in down
    assert down.intersects(F(0), F(1)) and not down.intersects(F(1, 2), F(1))


# --- the attacker widening: exact formulas, odd ranges --------------------------------------------


@given(s=st.integers(-9, 9), r=st.integers(0, 9))
@example(s=2, r=5)  # odd R: R/2 = 5/2, R//2 = 2
@example(s=-3, r=1)
@example(s=0, r=0)
def test_convex_attacker_radius_is_the_formula_for_every_range(s: int, r: int) -> None:
    assert attacker_radius([float(s)], [r], "convex") == [(G * (abs(s) + F(r, 2)) + C) / (1 - G)]


@pytest.mark.parametrize("model", ["float64", "float32-mixed"])
def test_difference_attacker_radius_is_the_formula(model: str) -> None:
    m = ARITHMETIC_MODELS[model]
    got = attacker_radius([-3.0, 0.5], [F(5), 0], model)
    assert got == [m.a * 3 + m.b * (1 + m.unit) * 5 + m.c, m.a * F(1, 2) + m.c]
    assert m.unit == (BINARY32.u if model == "float32-mixed" else BINARY64.u)


def test_attacker_radius_refusals() -> None:
    with pytest.raises(ShapeMismatch, match="one range per coordinate"):
        attacker_radius([[1.0, 2.0]], [1.0, 1.0])  # a 2-D ŝ
    with pytest.raises(ShapeMismatch):
        attacker_radius([1.0], [1.0, 2.0])
    with pytest.raises(InvalidInput, match=r"column 1: column range -0\.5 is negative"):
        attacker_radius([1.0, 1.0], [1.0, -0.5])
    with pytest.raises(InvalidInput, match="NaN or inf"):
        attacker_radius([0.0, float("nan")], [1.0, 1.0], "convex")
    with pytest.raises(InvalidParameter):
        attacker_radius([0.0], [1.0], "float16")


# --- float_difference, coordinate_bounds, coefficients ---------------------------------------------


def test_float_difference_dtype_shape_and_overflow() -> None:
    d32 = float_difference([0.1, 3.0], [0.2, 1.0], "float32-mixed")
    assert d32.dtype == np.float32
    assert np.array_equal(d32, np.array([0.2, 1.0], dtype=np.float32) - np.array([0.1, 3.0], dtype=np.float32))
    d64 = float_difference([0.1, 3.0], [0.2, 1.0])
    assert d64.dtype == np.float64 and d64.tolist() == [0.2 - 0.1, 1.0 - 3.0]
    with pytest.raises(ShapeMismatch, match=r"x has shape \(2,\) and n has shape \(1,\)"):
        float_difference([0.0, 1.0], [0.0])
    with pytest.raises(InvalidInput, match="overflows"):
        float_difference([-1.5e308], [1.5e308])
    with pytest.raises(InvalidInput, match="overflows"):
        float_difference([-3e38], [3e38], "float32-mixed")


@pytest.mark.parametrize("model", ["float64", "float32-mixed"])
def test_coordinate_bounds_values_and_shape(model: str) -> None:
    assert coordinate_bounds([-0.5, 2.0], [1.0, -4.0], model) == [_rho(model, -0.5, 1.0), _rho(model, 2.0, -4.0)]
    with pytest.raises(ShapeMismatch, match="ŝ has 1 coordinates and d̂ has 2"):
        coordinate_bounds([0.0], [0.0, 1.0], model)
    with pytest.raises(InvalidParameter, match="convex_coefficients"):
        coordinate_bounds([0.0], [0.0], "convex")


def test_coefficients_are_the_model_records() -> None:
    for name in ("float64", "float32-mixed"):
        m = ARITHMETIC_MODELS[name]
        assert coefficients(name) == TubeCoefficients(m.a, m.b, m.c) == COEFFICIENTS[name]
    assert TUBE_MODELS == ("float64", "float32-mixed", "convex")
    with pytest.raises(InvalidParameter, match="choose one of"):
        coefficients("nope")


def test_certify_refusals() -> None:
    with pytest.raises(ShapeMismatch):
        certify([0.0], [0.0], [1.0, 2.0], "float64")  # x and n differ
    with pytest.raises(ShapeMismatch):
        certify([0.0, 0.0], [0.0, 1.0], [1.0], "float64")
    with pytest.raises(InvalidInput, match="NaN or inf"):
        certify([float("nan")], [0.0], [1.0], "float64")
    with pytest.raises(InvalidInput, match="NaN or inf"):
        radius([0.0, float("inf")], [0.0, 0.0], [1.0, 1.0], F(1, 2), "float64")


def test_degenerate_difference_model() -> None:
    # x = n: every λ explains a point in the tube, none explains one outside
    assert certify([1.0], [1.0], [1.0], "float64") == LambdaInterval(None, None)
    assert certify([float(np.nextafter(1.0, 2.0))], [1.0], [1.0], "float64") is None


# --- defaults, float32 reading, and the messages that say what to do -------------------------------


def test_float64_is_the_default_model() -> None:
    rho = _rho("float64", 0.5, 1.0)
    assert certify([0.5], [0.0], [1.0]) == LambdaInterval(F(1, 2) - rho, F(1, 2) + rho)
    assert radius([0.5], [0.0], [1.0], F(1, 2)) == [rho]
    assert error_ratio([0.5], [0.0], [1.0], F(1, 2) + rho) == 1
    assert attacker_radius([0.5], [1]) == [ARITHMETIC_MODELS["float64"].a / 2 + ARITHMETIC_MODELS["float64"].b * (1 + BINARY64.u) + ARITHMETIC_MODELS["float64"].c]
    assert coordinate_bounds([0.5], [1.0]) == [rho]
    assert float_difference([0.1], [0.3]).dtype == np.float64


def test_float32_models_read_the_point_in_float32() -> None:
    # 0.1 is not a float32: the model reads ŝ as float32(0.1), whose |ŝ| enters the radius
    s32 = F(float(np.float32(0.1)))
    m = ARITHMETIC_MODELS["float32-mixed"]
    assert attacker_radius([0.1], [1], "float32-mixed") == [m.a * s32 + m.b * (1 + m.unit) * 1 + m.c]
    d32 = F(float(np.float32(1.0) - np.float32(0.1)))
    assert radius([0.1], [0.1], [1.0], F(0), "float32-mixed") == [m.a * s32 + m.b * d32 + m.c]


def test_tube_messages_say_what_to_do() -> None:
    with pytest.raises(ShapeMismatch, match=r"^ŝ has shape \(1,\) and column_range has 2 entries; pass one range per coordinate$"):
        attacker_radius([1.0], [1.0, 2.0])
    with pytest.raises(InvalidInput, match=r"^the synthetic point has NaN or inf coordinates$"):
        attacker_radius([float("inf")], [1.0])
    with pytest.raises(InvalidInput, match=r"^the synthetic point has NaN or inf coordinates; it cannot be certified$"):
        certify([float("nan")], [0.0], [1.0])
    with pytest.raises(ShapeMismatch, match=r"^ŝ, x and n have shapes \(1,\), \(1,\) and \(2,\); they must match$"):
        certify([0.0], [0.0], [1.0, 2.0])
    with pytest.raises(ShapeMismatch, match=r"^x has shape \(2,\) and n has shape \(1,\); they must match$"):
        float_difference([0.0, 1.0], [0.0])
    with pytest.raises(InvalidInput, match=r"^n − x overflows; the tube bound assumes no overflow, rescale the data$"):
        float_difference([-1.5e308], [1.5e308])
    with pytest.raises(ShapeMismatch, match=r"^ŝ has 1 coordinates and d̂ has 2; they must match$"):
        coordinate_bounds([0.0], [0.0, 1.0])
    with pytest.raises(InvalidParameter, match=r"^model 'convex' has a λ-dependent bound, not a·\|ŝ\| \+ b·\|d̂\| \+ c; use convex_coefficients\(\) or radius\(s_hat, x, n, lam, model\)$"):
        coefficients("convex")
    with pytest.raises(InvalidInput, match=r"^column 0: column range -1 is negative; pass max − min ≥ 0$"):
        attacker_radius([1.0], [-1])
    with pytest.raises(InvalidInput, match=r"column 1: string value 'wide'"):
        attacker_radius([1.0, 1.0], [1.0, "wide"])


def test_float32_models_read_the_parents_in_float32() -> None:
    # x and n are float32 data: 0.1 means float32(0.1), so the step from it is exact here
    s = [float(np.float32(0.1))]
    assert error_ratio(s, [0.1], [1.0], F(0), "float32-mixed") == 0  # ŝ = x
    assert error_ratio(s, [0.0], [0.1], F(1), "float32-mixed") == 0  # ŝ = n
    assert F(0) in certify(s, [0.1], [1.0], "float32-mixed")  # type: ignore[operator]


def test_coordinate_bounds_names_the_bad_column() -> None:
    with pytest.raises(InvalidInput, match=r"^column 1: non-finite value nan"):
        coordinate_bounds([0.0, float("nan")], [0.0, 0.0])
    with pytest.raises(InvalidInput, match=r"^column 1: non-finite value inf"):
        coordinate_bounds([0.0, 0.0], [0.0, float("inf")])


def test_certify_names_the_bad_parent_column() -> None:
    with pytest.raises(InvalidInput, match=r"^column 1: non-finite value \S*nan"):
        certify([0.0, 0.0], [0.0, float("nan")], [1.0, 1.0])
    with pytest.raises(InvalidInput, match=r"^column 1: non-finite value \S*inf"):
        certify([0.0, 0.0], [0.0, 0.0], [1.0, float("inf")], "convex")
