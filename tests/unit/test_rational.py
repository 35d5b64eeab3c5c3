"""Exact conversion: to_rational(x) == Fraction(x) for every finite float, and refusals."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.errors import InvalidInput, NonNumericColumn
from refimpl.exact import available_backends, get_backend, to_matrix, to_rational, to_vector
from refimpl.exact.rational import as_fraction, to_integer_lattice

SMALLEST_SUBNORMAL = 5e-324


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(0.0)
@example(-0.0)
@example(SMALLEST_SUBNORMAL)
@example(-SMALLEST_SUBNORMAL)
@example(2.2250738585072014e-308)  # smallest normal
@example(1.7976931348623157e308)  # largest finite
@example(0.1)
def test_float_conversion_is_exact_and_round_trips(x: float) -> None:
    q = to_rational(x)
    assert q == Fraction(x)
    num, den = x.as_integer_ratio()
    assert (q.numerator, q.denominator) == (num, den)
    assert float(q) == x
    # the denominator of a binary float is a power of two
    assert q.denominator & (q.denominator - 1) == 0


def test_decimal_string_is_not_the_float() -> None:
    # the trap the oracle avoids: the decimal 1/10 is not the float 0.1
    assert to_rational(0.1) != Fraction(1, 10)
    assert to_rational(0.1) == Fraction(3602879701896397, 2**55)


@given(st.floats(width=32, allow_nan=False, allow_infinity=False))
@example(float(np.finfo(np.float32).smallest_subnormal))
def test_numpy_float32_scalars_are_exact(x: float) -> None:
    v = np.float32(x)
    assert to_rational(v) == Fraction(float(v))


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
@example(-(2**63)).via("int64 minimum: no float detour")
@example(2**63 - 1).via("int64 maximum is not a float64")
def test_numpy_integers(n: int) -> None:
    assert to_rational(np.int64(n)) == n


def test_other_numeric_kinds() -> None:
    assert to_rational(Fraction(1, 3)) == Fraction(1, 3)
    assert to_rational(7) == 7
    assert to_rational(np.float16(0.1)) == Fraction(float(np.float16(0.1)))
    ld = np.longdouble(1) / np.longdouble(3)
    num, den = ld.as_integer_ratio()
    assert to_rational(ld) == Fraction(int(num), int(den))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float32("nan"), np.float64("inf")])
def test_non_finite_refused_with_row_and_column(bad: float) -> None:
    with pytest.raises(InvalidInput, match=r"row 3, column 2: non-finite"):
        to_rational(bad, row=3, column=2)


@pytest.mark.parametrize("bad", [True, False, np.bool_(True)])
def test_bool_refused(bad: object) -> None:
    with pytest.raises(InvalidInput, match="boolean"):
        to_rational(bad)


def test_str_refused_as_non_numeric() -> None:
    with pytest.raises(NonNumericColumn, match=r"column 'colour'"):
        to_rational("red", row=0, column="colour")


def test_other_objects_refused() -> None:
    with pytest.raises(InvalidInput):
        to_rational(None)
    with pytest.raises(InvalidInput):
        to_rational(1 + 2j)


def test_matrix_names_the_bad_cell() -> None:
    with pytest.raises(InvalidInput, match=r"row 1, column 0"):
        to_matrix(np.array([[1.0, 2.0], [math.nan, 0.0]]))


def test_matrix_refuses_non_numeric_dataframe_column() -> None:
    pd = pytest.importorskip("pandas", reason="DataFrame input needs pandas")
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    with pytest.raises(NonNumericColumn, match="'b'"):
        to_matrix(frame)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300), min_size=1, max_size=6))
@example([SMALLEST_SUBNORMAL, 1e300])
def test_integer_lattice_scales_exactly(values: list[float]) -> None:
    rows = [to_vector(values)]
    ints, den = to_integer_lattice(rows)
    assert all(Fraction(i, den) == q for i, q in zip(ints[0], rows[0], strict=True))


@pytest.mark.parametrize("name", available_backends())
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e200, max_value=1e200), min_size=1, max_size=5))
@example([SMALLEST_SUBNORMAL, -0.0, 1e200])
def test_backends_convert_identically(name: str, values: list[float]) -> None:
    be = get_backend(name)
    vec = to_vector(values, backend=be)
    assert [as_fraction(v) for v in vec] == [Fraction(v) for v in values]


def test_optional_backends_are_present_in_the_test_environment() -> None:
    # the test extra installs them, so the cross-backend property tests really run
    assert set(available_backends()) == {"fraction", "gmpy2", "flint"}


def test_backend_chosen_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFIMPL_EXACT_BACKEND", "gmpy2")
    assert get_backend().name == "gmpy2"
    monkeypatch.setenv("REFIMPL_EXACT_BACKEND", "nope")
    from refimpl.errors import InvalidParameter

    with pytest.raises(InvalidParameter, match="unknown exact backend"):
        get_backend()
