"""Exact predicates: lemma checks, a sympy cross-check, and identical answers on every backend."""

from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, example, given
from hypothesis import strategies as st

from refimpl.errors import DegenerateInput, ShapeMismatch
from refimpl.exact import (
    available_backends,
    collinear,
    interpolate,
    line_intersection,
    orientation_sign,
    segment_parameter,
    squared_distance,
    strictly_between,
    to_vector,
)

coords = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
small_ints = st.integers(min_value=-5, max_value=5)


def points(d: int, elements: st.SearchStrategy = coords) -> st.SearchStrategy:
    return st.lists(elements, min_size=d, max_size=d)


def lambdas() -> st.SearchStrategy:
    return st.fractions(min_value=-2, max_value=3, max_denominator=2**20)


def sympy_rank(rows: list[tuple[Fraction, ...]]) -> int:
    m = sympy.Matrix([[sympy.Rational(q.numerator, q.denominator) for q in r] for r in rows])
    return int(m.rank())


@given(st.integers(1, 6).flatmap(lambda d: st.tuples(points(d), points(d), points(d))))
@example(([0.0, 0.0], [1.0, 0.0], [2.0, 1e-13]))  # sympy.geometry calls this collinear; it is not
@example(([0.0, 0.0], [0.0, 0.0], [1.0, 1.0]))  # coincident points are collinear
@example(([1e-300, 0.0], [2e-300, 0.0], [3e-300, 5e-324]))
def test_collinear_matches_exact_rank(abc: tuple[list[float], list[float], list[float]]) -> None:
    a, b, c = (to_vector(p) for p in abc)
    diffs = [tuple(x - y for x, y in zip(b, a, strict=True)), tuple(x - y for x, y in zip(c, a, strict=True))]
    assert collinear(a, b, c) == (sympy_rank(diffs) <= 1)


def test_sympy_geometry_trap_is_not_ours() -> None:
    assert not collinear((0.0, 0.0), (1.0, 0.0), (2.0, 1e-13))


@given(st.integers(1, 5).flatmap(lambda d: st.tuples(points(d), points(d))), lambdas())
@example(([0.0, 0.0], [1.0, 1.0]), Fraction(0))
@example(([0.0, 0.0], [1.0, 1.0]), Fraction(1))
@example(([1e-300, -1e-300], [5e-324, 0.0]), Fraction(1, 3))
def test_interpolant_is_collinear_and_its_witness_is_lambda(xn: tuple[list[float], list[float]], lam: Fraction) -> None:
    x, n = to_vector(xn[0]), to_vector(xn[1])
    s = interpolate(x, n, lam)
    assert collinear(x, n, s)
    if x == n:
        assert segment_parameter(s, x, n) is None  # no unique witness
        assert not strictly_between(s, x, n)
    else:
        assert segment_parameter(s, x, n) == lam  # unique witness (Lemma 1)
        assert strictly_between(s, x, n) == (0 < lam < 1)


@given(points(3, small_ints), points(3, small_ints), points(3, small_ints))
@example([0, 0, 0], [2, 2, 2], [1, 1, 1])
@example([0, 0, 0], [2, 2, 2], [1, 1, 2])
def test_segment_parameter_is_verified_on_every_coordinate(p: list[int], a: list[int], b: list[int]) -> None:
    lam = segment_parameter(p, a, b)
    if lam is not None:
        assert [Fraction(ai) + lam * (bi - ai) for ai, bi in zip(a, b, strict=True)] == [Fraction(v) for v in p]
    elif a != b:
        # no λ: p is off the line, i.e. a, b, p not collinear
        assert not collinear(a, b, p)


def test_strictly_between_excludes_endpoints_and_duplicates() -> None:
    a, b = (0.0, 0.0), (2.0, 4.0)
    assert strictly_between((1.0, 2.0), a, b)
    assert not strictly_between(a, a, b)
    assert not strictly_between(b, a, b)
    assert not strictly_between((3.0, 6.0), a, b)  # on the line, outside the segment
    assert not strictly_between(a, a, a)  # a duplicate is not a midpoint


@given(
    st.integers(2, 4).flatmap(lambda d: st.tuples(points(d, small_ints), points(d, small_ints), points(d, small_ints), points(d, small_ints)))
)
@example(([0, 0], [2, 2], [0, 2], [2, 0]))  # cross at (1, 1)
@example(([0, 0, 0], [1, 0, 0], [0, 1, 1], [1, 1, 1]))  # skew in 3-D
@example(([0, 0], [1, 1], [2, 2], [3, 3]))  # same line
@example(([0, 0], [1, 1], [0, 1], [1, 2]))  # parallel
def test_line_intersection_point_lies_on_both_lines(pq: tuple[list[int], ...]) -> None:
    p1, q1, p2, q2 = (to_vector(v) for v in pq)
    assume(p1 != q1 and p2 != q2)
    res = line_intersection(p1, q1, p2, q2)
    if res.kind == "point":
        assert res.point is not None
        assert collinear(p1, q1, res.point) and collinear(p2, q2, res.point)
        assert segment_parameter(res.point, p1, q1) == res.s
        assert segment_parameter(res.point, p2, q2) == res.t
    elif res.kind == "same_line":
        assert collinear(p1, q1, p2) and collinear(p1, q1, q2)
    else:
        # no common point: either parallel-distinct or skew; the stacked system is inconsistent
        rows = [tuple(b - a for a, b in zip(p1, q1, strict=True)), tuple(b - a for a, b in zip(p2, q2, strict=True))]
        aug = [*rows, tuple(b - a for a, b in zip(p1, p2, strict=True))]
        assert sympy_rank(aug) > sympy_rank(rows)


def test_line_intersection_refuses_degenerate_lines() -> None:
    with pytest.raises(DegenerateInput, match="two distinct points"):
        line_intersection((0, 0), (0, 0), (1, 0), (0, 1))


def test_shape_mismatch_is_named() -> None:
    with pytest.raises(ShapeMismatch):
        squared_distance((0, 0), (0, 0, 0))


@given(points(4), points(4))
@example([0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]).via("coincident points: distance 0")
@example([5e-324, 0.0, 0.0, 1e300], [0.0, -0.0, 0.0, -1e300]).via("subnormal and huge terms together: a float sum would lose the subnormal")
def test_squared_distance_is_exact(a: list[float], b: list[float]) -> None:
    assert squared_distance(a, b) == sum((Fraction(x) - Fraction(y)) ** 2 for x, y in zip(a, b, strict=True))


def test_orientation_sign() -> None:
    assert orientation_sign((0, 0), (1, 0), (0, 1)) == 1
    assert orientation_sign((0, 0), (0, 1), (1, 0)) == -1
    assert orientation_sign((0, 0), (1, 1), (2, 2)) == 0
    with pytest.raises(DegenerateInput):
        orientation_sign((0, 0, 0), (1, 0, 0), (0, 1, 0))


@pytest.mark.parametrize("name", [b for b in available_backends() if b != "fraction"])
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(points(d), points(d), points(d), points(d))))
@example(([0.0, 0.0], [2.0, 2.0], [0.0, 2.0], [2.0, 0.0]))
@example(([0.1, 0.2], [0.3, 0.6], [0.2, 0.4], [5e-324, 1.0]))
def test_backends_give_identical_answers(name: str, pts: tuple[list[float], ...]) -> None:
    p, a, b, c = pts
    assert collinear(a, b, c, backend=name) == collinear(a, b, c)
    assert segment_parameter(p, a, b, backend=name) == segment_parameter(p, a, b)
    assert strictly_between(p, a, b, backend=name) == strictly_between(p, a, b)
    assert squared_distance(a, b, backend=name) == squared_distance(a, b)
    if a != b and c != p:
        assert line_intersection(a, b, c, p, backend=name) == line_intersection(a, b, c, p)
    # a collinear configuration, built exactly, must be recognised on every backend
    mid = interpolate(to_vector(a), to_vector(b), Fraction(1, 3))
    assert collinear(a, b, mid, backend=name)
