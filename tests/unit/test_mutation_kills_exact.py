"""Tests that kill the mutants the first mutation run of refimpl.exact left alive (issue 20).

Each test pins a case the older tests never reached: a ≠ origin in orientation_sign, the
pivot on a later coordinate, backends checked by *type* (equal values hide a wrong backend),
mixed native/float tuples, rows with different denominators. The references are written
independently of the code under test: a determinant by the textbook formula, a λ
recovered by brute force over the small-integer grid.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.errors import (
    BackendUnavailable,
    DegenerateInput,
    InvalidInput,
    InvalidParameter,
    NonNumericColumn,
    ShapeMismatch,
)
from refimpl.exact import (
    BACKENDS,
    collinear,
    get_backend,
    line_intersection,
    orientation_sign,
    parallel,
    segment_parameter,
    squared_distance,
    strictly_between,
    to_matrix,
    to_rational,
    to_vector,
    vadd,
    vdot,
    vscale,
    vsub,
)
from refimpl.exact.rational import as_fraction, interpolate, is_zero, to_integer_lattice

gmpy2 = pytest.importorskip("gmpy2", reason="the test extra installs gmpy2; backend types are checked against it")
flint = pytest.importorskip("flint", reason="the test extra installs python-flint; backend types are checked against it")

small = st.integers(-4, 4)
pt2 = st.tuples(small, small)


def _sign(v: int) -> int:
    return (v > 0) - (v < 0)


# --- orientation_sign: the textbook determinant, with a anywhere --------------------------


@given(pt2, pt2, pt2)
@example((1, 2), (3, 5), (0, 7))  # a is not the origin: every coordinate of a matters
@example((2, -1), (2, 3), (5, -1))  # a right turn away from the origin
@example((-3, -3), (-1, -1), (4, 4))  # collinear, off the origin
@example((1, 1), (1, 1), (2, 3))  # a = b: degenerate, sign 0
def test_orientation_sign_is_the_sign_of_the_determinant(a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]) -> None:
    det = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    assert orientation_sign(a, b, c) == _sign(det)
    # cyclic symmetry and the swap: properties of the determinant, not of the code
    assert orientation_sign(b, c, a) == _sign(det)
    assert orientation_sign(b, a, c) == -_sign(det)


def test_orientation_sign_refuses_each_non_2d_argument() -> None:
    for args in [((0, 0, 0), (1, 0), (0, 1)), ((0, 0), (1, 0, 0), (0, 1)), ((0, 0), (1, 0), (0, 1, 0))]:
        with pytest.raises(DegenerateInput, match="2-D points only"):
            orientation_sign(*args)


# --- parallel / collinear / segment_parameter: the pivot on a later coordinate ------------


def test_parallel_with_zero_vectors_and_later_pivots() -> None:
    assert parallel((0, 0), (1, 2))  # a zero vector is parallel to every vector
    assert parallel((1, 2), (0, 0))
    assert parallel((0, 1), (0, 5))  # pivot on coordinate 1
    assert not parallel((0, 1), (1, 5))  # the check against the pivot fails on coordinate 0
    assert not parallel((0, 0, 3), (0, 1, 6))
    assert parallel((0, 0, 3), (0, 0, -6))
    assert not parallel((1, 2), (2, 5))
    assert parallel((Fraction(1, 3), Fraction(2, 3)), (1, 2))


def _brute_lambda(p: tuple[int, ...], a: tuple[int, ...], b: tuple[int, ...]) -> Fraction | None:
    # every λ that could map a small-integer a onto p has a denominator |b_i − a_i| ≤ 8:
    # search a grid that contains them all and return the unique hit
    if a == b:
        return None
    hits = {
        Fraction(k, den)
        for den in range(1, 9)
        for k in range(-9 * den, 9 * den + 1)
        if all(Fraction(ai) + Fraction(k, den) * (bi - ai) == pi for pi, ai, bi in zip(p, a, b, strict=True))
    }
    assert len(hits) <= 1
    return hits.pop() if hits else None


@given(st.integers(1, 3).flatmap(lambda d: st.tuples(*[st.tuples(*[small] * d)] * 3)))
@example(((1, 3), (1, 1), (1, 5)))  # pivot on coordinate 1, λ = 1/2
@example(((2, 3), (1, 1), (1, 5)))  # off the line only in coordinate 0, before the pivot
@example(((0, 0, 4), (0, 0, 1), (0, 0, 4)))  # λ = 1 on a later pivot
@example(((3, 3), (1, 1), (1, 1)))  # a = b
@example(((-1, -1), (1, 1), (3, 3)))  # λ = −1
def test_segment_parameter_matches_brute_force(pab: tuple[tuple[int, ...], ...]) -> None:
    p, a, b = pab
    lam = segment_parameter(p, a, b)
    assert lam == _brute_lambda(p, a, b)
    assert lam is None or type(lam) is Fraction
    assert strictly_between(p, a, b) == (lam is not None and 0 < lam < 1)


def test_strictly_between_pins_both_ends() -> None:
    a, b = (0, 0), (4, 8)
    assert not strictly_between((0, 0), a, b)  # λ = 0
    assert not strictly_between((4, 8), a, b)  # λ = 1
    assert strictly_between((1, 2), a, b)  # λ = 1/4
    assert strictly_between((3, 6), a, b)  # λ = 3/4
    assert not strictly_between((-1, -2), a, b)  # λ = −1/4


# --- line_intersection: exact answers with nothing at the origin ---------------------------


def test_line_intersection_exact_point_and_parameters() -> None:
    res = line_intersection((1, 0), (1, 4), (0, 1), (4, 3))  # x = 1 meets y = 1 + x/2
    assert res.kind == "point"
    assert res.point == (Fraction(1), Fraction(3, 2))
    assert (res.s, res.t) == (Fraction(3, 8), Fraction(1, 4))
    assert all(type(c) is Fraction for c in res.point) and type(res.s) is Fraction and type(res.t) is Fraction
    # the same in 3-D, off the origin, on the gmpy2 backend: answers are Fractions again
    res3 = line_intersection((1, 0, 2), (1, 4, 2), (0, 1, 2), (4, 3, 2), backend="gmpy2")
    assert res3.point == (1, Fraction(3, 2), 2) and type(res3.s) is Fraction


def test_line_intersection_parallel_same_and_skew() -> None:
    assert line_intersection((1, 1), (2, 2), (3, 3), (5, 5)).kind == "same_line"
    assert line_intersection((1, 1), (2, 2), (1, 2), (2, 3)).kind == "none"  # parallel, distinct
    assert line_intersection((1, 0, 0), (2, 0, 0), (0, 1, 1), (0, 2, 1)).kind == "none"  # skew
    assert line_intersection((0, 0, 0), (2, 0, 0), (1, -1, 0), (1, 1, 0)).kind == "point"
    with pytest.raises(DegenerateInput, match="two distinct points"):
        line_intersection((1, 0), (0, 1), (2, 2), (2, 2))  # the second line is degenerate


# --- backends checked by type ---------------------------------------------------------------


def test_named_backends_are_the_named_libraries() -> None:
    assert get_backend("fraction").name == "fraction" and get_backend("fraction").make is Fraction
    assert get_backend("gmpy2").name == "gmpy2" and get_backend("gmpy2").make is gmpy2.mpq
    assert get_backend("flint").name == "flint" and get_backend("flint").make is flint.fmpq
    be = get_backend("gmpy2")
    assert get_backend(be) is be
    assert BACKENDS == ("fraction", "gmpy2", "flint")
    with pytest.raises(InvalidParameter, match="unknown exact backend 'mpfr'"):
        get_backend("mpfr")


def test_empty_environment_variable_means_fraction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFIMPL_EXACT_BACKEND", "")
    assert get_backend().name == "fraction"
    monkeypatch.delenv("REFIMPL_EXACT_BACKEND")
    assert get_backend(None).name == "fraction"
    monkeypatch.setenv("REFIMPL_EXACT_BACKEND", "flint")
    assert get_backend().name == "flint"


@pytest.mark.parametrize(
    ("name", "kind"), [("fraction", Fraction), ("gmpy2", type(gmpy2.mpq(1, 2))), ("flint", type(flint.fmpq(1, 2)))]
)
def test_to_rational_returns_the_backends_type(name: str, kind: type) -> None:
    for value in [0.1, 7, np.int32(-3), np.float32(0.1), Fraction(1, 3), gmpy2.mpq(2, 7), flint.fmpq(-5, 9)]:
        q = to_rational(value, backend=name)
        assert type(q) is kind
        assert as_fraction(q) == as_fraction(to_rational(value))
    assert to_rational(0.1, backend=name) == get_backend(name).from_fraction(Fraction(0.1))
    vec = to_vector([0.5, -2], backend=name)
    assert [type(v) for v in vec] == [kind, kind]


def test_as_fraction_of_every_kind() -> None:
    for q in [Fraction(-5, 9), gmpy2.mpq(-5, 9), flint.fmpq(-5, 9)]:
        f = as_fraction(q)
        assert type(f) is Fraction and f == Fraction(-5, 9)
    assert type(as_fraction(4)) is Fraction and as_fraction(4) == 4
    assert to_rational(flint.fmpq(1, 3)) == Fraction(1, 3)  # not a numbers.Rational: the duck-typed branch
    assert to_rational(gmpy2.mpq(1, 3)) == Fraction(1, 3)


def test_squared_distance_is_a_fraction_on_every_backend() -> None:
    for name in BACKENDS:
        d2 = squared_distance((1, 0.5), (4, -1.5), backend=name)
        assert type(d2) is Fraction and d2 == 9 + 4


# --- mixed tuples: the pass-through is for all-native tuples only -----------------------------


def test_mixed_native_and_float_tuple_is_converted_exactly() -> None:
    # a tuple holding a Fraction and a float must not pass through unconverted
    assert squared_distance((Fraction(0), 0.1), (Fraction(0), 0.0)) == Fraction(0.1) ** 2
    assert squared_distance((0.1, Fraction(0)), (0.0, Fraction(0))) == Fraction(0.1) ** 2
    native = (Fraction(1), Fraction(2))
    assert squared_distance(native, (0, 0)) == 5
    assert squared_distance((), ()) == 0


# --- refusals name the row and the column ------------------------------------------------------


def test_refusals_name_row_and_column() -> None:
    with pytest.raises(InvalidInput, match=r"row 4, column 1: boolean"):
        to_rational(True, row=4, column=1)
    with pytest.raises(NonNumericColumn, match=r"row 2, column 'c': string"):
        to_rational("x", row=2, column="c")
    with pytest.raises(InvalidInput, match=r"row 0, column 3: value None of type NoneType"):
        to_rational(None, row=0, column=3)
    with pytest.raises(InvalidInput, match=r"row 1, column 2"):
        to_vector([0.0, 1.0, math.nan], row=1)
    with pytest.raises(InvalidInput, match=r"row 1, column 'b'"):
        pd = pytest.importorskip("pandas", reason="pandas is a core dependency")
        to_matrix(pd.DataFrame({"a": [1.0, 2.0], "b": [0.0, math.inf]}))


def test_to_matrix_shapes_and_values() -> None:
    rows = to_matrix([[0.5, 1], [Fraction(1, 3), -2]])
    assert rows == [(Fraction(1, 2), Fraction(1)), (Fraction(1, 3), Fraction(-2))]
    assert all(type(v) is Fraction for r in rows for v in r)
    assert to_matrix(np.array([[1.0], [2.0]]), backend="gmpy2")[1][0] == 2
    assert type(to_matrix(np.array([[1.0]]), backend="gmpy2")[0][0]) is type(gmpy2.mpq(1))
    with pytest.raises(InvalidInput, match="expected a 2-D array of points, got 1 dimension"):
        to_matrix([1.0, 2.0])
    pd = pytest.importorskip("pandas", reason="pandas is a core dependency")
    frame = pd.DataFrame({"a": [1, 2], "b": [0.25, 0.5]})
    assert to_matrix(frame) == [(1, Fraction(1, 4)), (2, Fraction(1, 2))]


# --- vector arithmetic and is_zero ---------------------------------------------------------------


def test_vector_arithmetic_is_exact_and_checks_lengths() -> None:
    a, b = (Fraction(1, 3), Fraction(-2)), (Fraction(1, 6), Fraction(5))
    assert vsub(a, b) == (Fraction(1, 6), Fraction(-7))
    assert vadd(a, b) == (Fraction(1, 2), Fraction(3))
    assert vscale(Fraction(3), a) == (Fraction(1), Fraction(-6))
    assert vdot(a, b) == Fraction(1, 18) - 10
    assert interpolate(a, b, Fraction(1, 2)) == (Fraction(1, 4), Fraction(3, 2))
    for op in (vsub, vadd, vdot, interpolate):
        with pytest.raises(ShapeMismatch, match="2 and 3 coordinates"):
            op(a, (1, 2, 3)) if op is not interpolate else op(a, (1, 2, 3), Fraction(1))


def test_is_zero() -> None:
    assert is_zero((0, Fraction(0), 0.0))
    assert is_zero(())
    assert not is_zero((0, Fraction(1, 2**1074)))
    assert not is_zero((Fraction(-1), 0))
    assert not is_zero((gmpy2.mpq(0), gmpy2.mpq(1, 3)))


# --- the integer lattice: one least common denominator -------------------------------------------


@given(st.lists(st.lists(st.fractions(max_denominator=12), min_size=2, max_size=2), min_size=1, max_size=4))
@example([[Fraction(1, 2), Fraction(0)], [Fraction(1, 3), Fraction(-5, 4)]])  # D = 12 = lcm(2, 3, 4)
@example([[Fraction(3), Fraction(-7)]])  # integers: D = 1
@example([[Fraction(1, 6), Fraction(1, 4)], [Fraction(1, 10), Fraction(0)]])  # gcds > 1 between steps
def test_integer_lattice_uses_the_least_common_denominator(rows: list[list[Fraction]]) -> None:
    vecs = [tuple(r) for r in rows]
    ints, den = to_integer_lattice(vecs)
    assert den == math.lcm(*(q.denominator for r in vecs for q in r))
    assert ints == [tuple(int(q * den) for q in r) for r in vecs]
    assert all(Fraction(i, den) == q for ri, r in zip(ints, vecs, strict=True) for i, q in zip(ri, r, strict=True))


# --- backends that cannot load, and the messages that say what to do ---------------------------


def test_an_unloadable_backend_is_refused_and_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import refimpl.exact.rational as rational

    # a fresh cache (private: the module caches loaded backends) and an import that fails
    monkeypatch.setattr(rational, "_CACHE", {})
    monkeypatch.setitem(__import__("sys").modules, "gmpy2", None)
    assert get_backend("flint").make is flint.fmpq and get_backend("flint").name == "flint"
    assert get_backend("fraction").make is Fraction and get_backend("fraction").name == "fraction"
    with pytest.raises(BackendUnavailable, match=r"^backend 'gmpy2' needs the gmpy2 package: pip install 'smote-refimpl\[fast\]' or choose backend='fraction'$"):
        get_backend("gmpy2")
    assert rational.available_backends() == ["fraction", "flint"]
    monkeypatch.setitem(__import__("sys").modules, "flint", None)
    monkeypatch.setattr(rational, "_CACHE", {})
    with pytest.raises(BackendUnavailable, match=r"^backend 'flint' needs the python-flint package: pip install 'smote-refimpl\[fast\]' or choose backend='fraction'$"):
        get_backend("flint")
    assert rational.available_backends() == ["fraction"]


def test_loading_each_backend_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    import refimpl.exact.rational as rational

    monkeypatch.setattr(rational, "_CACHE", {})
    for name, make in [("fraction", Fraction), ("gmpy2", gmpy2.mpq), ("flint", flint.fmpq)]:
        be = get_backend(name)
        assert (be.name, be.make) == (name, make)
        assert get_backend(name) is be  # cached
    assert rational.available_backends() == ["fraction", "gmpy2", "flint"]


def test_error_messages_say_what_to_do() -> None:
    with pytest.raises(DegenerateInput, match=r"^orientation_sign is defined for 2-D points only; use collinear\(\) in d > 2$"):
        orientation_sign((0, 0, 0), (1, 0, 0), (0, 1, 0))
    with pytest.raises(DegenerateInput, match=r"^a line needs two distinct points; drop duplicate points before intersecting$"):
        line_intersection((0, 0), (0, 0), (1, 0), (0, 1))
    with pytest.raises(InvalidParameter, match=r"^unknown exact backend 'nope'; choose one of fraction, gmpy2, flint$"):
        get_backend("nope")
    with pytest.raises(ShapeMismatch, match=r"^points have 2 and 3 coordinates; pass points of the same dimension$"):
        vsub((1, 2), (1, 2, 3))
    with pytest.raises(InvalidInput, match=r"^boolean value True is not a number here; cast the column to int or float first$"):
        to_rational(True)
    with pytest.raises(InvalidInput, match=r"^non-finite value nan; drop or impute NaN/inf rows before calling$"):
        to_rational(math.nan)
    with pytest.raises(NonNumericColumn, match=r"^string value 'x'; encode categorical columns as numbers before calling$"):
        to_rational("x")
    with pytest.raises(InvalidInput, match=r"^value None of type NoneType is not an exact or binary number$"):
        to_rational(None)
    with pytest.raises(InvalidInput, match=r"^expected a 2-D array of points, got 1 dimension\(s\)$"):
        to_matrix([1.0, 2.0])
    pd = pytest.importorskip("pandas", reason="pandas is a core dependency")
    with pytest.raises(NonNumericColumn, match=r"^column 'b': has dtype \w+; SMOTE interpolates, so encode it as numbers first$"):
        to_matrix(pd.DataFrame({"a": [1.0], "b": ["x"]}))


def test_to_matrix_keeps_big_integers_exact() -> None:
    # a list is read as objects, not as float64: 2^53 + 1 next to a float stays exact
    assert to_matrix([[2**53 + 1, 0.5]]) == [(Fraction(2**53 + 1), Fraction(1, 2))]
    assert to_matrix(np.array([[0.1]], dtype=np.float32)) == [(Fraction(float(np.float32(0.1))),)]


def test_predicates_take_numpy_rows() -> None:
    # an ndarray row is converted like any sequence (its truth value is never asked)
    assert squared_distance(np.array([1.0, 2.0]), np.array([0.0, 0.0])) == 5
    assert collinear(np.array([0.0, 0.0]), np.array([1.0, 1.0]), np.array([0.25, 0.25]))


class _OnlyNumerator:
    numerator = 1  # no denominator: not a rational of any backend


def test_half_a_rational_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^value .* of type _OnlyNumerator is not an exact or binary number$"):
        to_rational(_OnlyNumerator())
    with pytest.raises(InvalidInput, match=r"^value \(1\+2j\) of type complex is not an exact or binary number$"):
        to_rational(1 + 2j)
