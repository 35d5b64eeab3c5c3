"""refimpl.fpformat: the constants are the lemma's, and directed rounding is never on the wrong side."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.errors import InvalidParameter
from refimpl.fpformat import (
    ARITHMETIC_MODELS,
    BINARY32,
    BINARY64,
    DIFFERENCE_MODELS,
    arithmetic_model,
    float_down,
    float_up,
    gamma,
    next_down,
    next_up,
)

fractions = st.fractions(min_value=-(10**300), max_value=10**300)


@given(q=fractions)
@example(q=Fraction(1, 3))
@example(q=Fraction(0))
@example(q=Fraction(1, 2**1075))  # half the smallest subnormal: float() rounds it to 0
@example(q=Fraction(-1, 2**1075))
@example(q=Fraction(2**53 + 1))  # a tie between two floats
@example(q=Fraction(1, 10))
def test_float_up_and_down_bracket_q_tightly(q: Fraction) -> None:
    up, dn = float_up(q), float_down(q)
    assert Fraction(dn) <= q <= Fraction(up)
    # tight: the next float inward is on the wrong side (or q is a float and both equal it)
    if Fraction(up) != q:
        assert Fraction(float(np.nextafter(up, -np.inf))) < q
    if Fraction(dn) != q:
        assert Fraction(float(np.nextafter(dn, np.inf))) > q


def test_next_up_down_step_one_float() -> None:
    x = np.array([0.0, 1.0, -1.0, 5e-324])
    assert np.all(next_up(x) > x) and np.all(next_down(x) < x)
    assert next_up(np.array([0.0]))[0] == 5e-324


def test_format_constants() -> None:
    assert BINARY64.u == Fraction(1, 2**53) and BINARY64.eta == Fraction(1, 2**1074)
    assert BINARY32.u == Fraction(1, 2**24) and BINARY32.eta == Fraction(1, 2**149)
    assert Fraction(float(BINARY64.eta)) == BINARY64.eta  # η is a float itself


@pytest.mark.parametrize("k", [0, 1, 2, 4, 8, 26, 1000])
def test_gamma_exact_and_rounded_up(k: int) -> None:
    u = BINARY64.u
    assert gamma(k) == BINARY64.gamma(k) == k * u / (1 - k * u)
    up = BINARY64.gamma_up(k)
    assert Fraction(up) >= gamma(k)
    assert Fraction(float(np.nextafter(np.nextafter(up, 0), 0))) <= gamma(k)  # within 2 ulps
    with pytest.raises(InvalidParameter):
        gamma(2**53)


def test_model_records_are_lemma_3() -> None:
    u, eta, u32, eta32 = BINARY64.u, BINARY64.eta, BINARY32.u, BINARY32.eta
    f64, f32, cvx = (ARITHMETIC_MODELS[m] for m in ("float64", "float32-mixed", "convex"))
    assert (f64.a, f64.b, f64.c, f64.unit) == (u, 2 * u + u * u, eta, u)
    assert (f32.a, f32.b, f32.c, f32.unit) == (u32 + u * (1 + u32), u32 + u, eta32 * (1 + u) + eta, u32)
    assert (cvx.a, cvx.c, cvx.convex) == (gamma(4), (1 + u) * eta, True)
    assert f32.dtype is np.float32 and f64.dtype is np.float64
    assert DIFFERENCE_MODELS == ("float64", "float32-mixed")
    with pytest.raises(InvalidParameter, match="unknown error model"):
        arithmetic_model("float16")
