"""Kill tests for the edges of the meeting boxes (refimpl.kernels.intervals; Lemma 2 on Lemma 3's boxes).

`tube_meet` encloses the meet of *every* realisation of the anchors inside their boxes. Moving
both lines by one vector δ with |δ|∞ ≤ r keeps every anchor in its box of radius r and moves
the meet P to P + δ, so the certified box must hold the whole cube [P − r, P + r], not only
P: a box that is a little too narrow on one side fails this. The outward-rounded float box
of `enclose_meets` must hold the exact box. The meet may sit *at* an anchor (s = 0 or s = 1):
a parent is an end of its segment, so the exact and the float test keep the pair, and only a
meet strictly inside a line's span, on either line, is rejected.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.kernels.base import Line
from refimpl.kernels.intervals import _idiv, enclose_meets, tube_meet

F = Fraction
LINES = [Line((0, 1), (0, 1)), Line((2, 3), (2, 3))]
PI, PJ = np.array([0]), np.array([1])


def _box(X: np.ndarray, r: Fraction):  # type: ignore[no-untyped-def]
    def box(i: int) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
        return tuple(F(x) - r for x in X[i].tolist()), tuple(F(x) + r for x in X[i].tolist())

    return box


def _rows(
    P: tuple[int, ...], u: tuple[int, ...], v: tuple[int, ...], s: tuple[int, int], t: tuple[int, int]
) -> np.ndarray:
    """Anchors P + s0·u, P + s1·u (line 1) and P + t0·v, P + t1·v (line 2)."""
    p, uu, vv = (np.array(x, dtype=np.float64) for x in (P, u, v))
    return np.array([p + s[0] * uu, p + s[1] * uu, p + t[0] * vv, p + t[1] * vv])


def _float_box(X: np.ndarray, r: float, pi: np.ndarray = PI, pj: np.ndarray = PJ, lines: list[Line] = LINES):  # type: ignore[no-untyped-def]
    return enclose_meets(
        X, lambda rows: np.full((len(rows), X.shape[1]), r), lines, pi, pj, reject_parallel=True
    )


# where P sits on each line: at its first anchor (s = 0), at its second (s = 1), or beyond both
SPANS = [(0, 2), (-2, 0), (1, 3), (-3, -1), (0, -2), (2, 0)]


@pytest.mark.parametrize("s", SPANS)
@pytest.mark.parametrize("t", SPANS)
@pytest.mark.parametrize("r", [F(0), F(1, 8)])
def test_the_box_holds_every_translate_of_the_meet(
    s: tuple[int, int], t: tuple[int, int], r: Fraction
) -> None:
    """Exact box ⊇ [P − r, P + r] (at r = 0: exactly P), float box ⊇ exact box; meets at an anchor are kept."""
    P, u, v = (1, -2, 3), (1, 2, 0), (0, 1, -1)
    X = _rows(P, u, v, s, t)
    exact = tube_meet(_box(X, r), LINES[0], LINES[1], (0, 1))
    assert exact is not None
    assert exact.lines == (0, 1)
    for lo, hi, p in zip(exact.lo, exact.hi, P, strict=True):
        assert lo <= p - r and p + r <= hi
        if r == 0:
            assert lo == hi == p
    enc = _float_box(X, float(r))
    assert enc.keep.tolist() == [True]
    for flo, fhi, lo, hi in zip(enc.lo[0], enc.hi[0], exact.lo, exact.hi, strict=True):
        assert F(float(flo)) <= lo and hi <= F(float(fhi))


@pytest.mark.parametrize(
    ("s", "t"), [((1, 3), (-1, 2)), ((-2, 0), (-3, 1)), ((-1, 2), (0, 2)), ((-1, 1), (2, 3))]
)
def test_a_meet_strictly_inside_either_line_is_rejected_by_both_forms(
    s: tuple[int, int], t: tuple[int, int]
) -> None:
    """P strictly inside line 2's span only (or line 1's only) is no parent: both forms reject (Lemma 2)."""
    X = _rows((1, -2, 3), (1, 2, 0), (0, 1, -1), s, t)
    assert tube_meet(_box(X, F(1, 16)), LINES[0], LINES[1], (0, 1)) is None
    assert _float_box(X, 1 / 16).keep.tolist() == [False]


def test_a_pair_the_filter_cannot_enclose_does_not_spoil_the_others() -> None:
    """Per pair: an enclosable meet keeps its finite box next to a parallel pair, whose box is (−inf, inf)."""
    X = np.vstack([_rows((1, -2, 3), (1, 2, 0), (0, 1, -1), (1, 3), (2, 4)), [[0.0, 0, 0], [1, 2, 0]]])
    lines = [*LINES, Line((4, 5), (4, 5))]
    enc = _float_box(X, 0.0, np.array([0, 0]), np.array([1, 2]), lines)
    assert enc.keep.tolist() == [True, False]  # line 0 and line 2 are parallel: no single meet
    assert np.all(np.isfinite(enc.lo[0])) and np.all(np.isfinite(enc.hi[0]))
    assert np.all(enc.lo[0] <= [1, -2, 3]) and np.all(enc.hi[0] >= [1, -2, 3])
    assert enc.lo[1].tolist() == [-np.inf] * 3 and enc.hi[1].tolist() == [np.inf] * 3


def test_lines_parallel_within_floats_have_no_certified_meet() -> None:
    """Directions whose every float 2×2 minor underflows to 0 are parallel within floats: None, not a box.

    The exact minor on coordinates (0, 1) is 1e-400 (not 0): an exact solve there would certify a
    meet at the origin, which the rule declines, as the float test does.
    """
    tiny = 1e-200  # the minors are 1e-400: 0 in float64, non-zero in exact arithmetic
    X = np.array([[0.0, 0.0, 0.0], [tiny, 0.0, 0.0], [0.0, -tiny, 0.0], [0.0, -2 * tiny, 0.0]])
    assert tube_meet(_box(X, F(0)), LINES[0], LINES[1], (0, 1)) is None
    assert _float_box(X, 0.0).keep.tolist() == [False]


def _meet_2d(
    a1: tuple[Fraction, ...], b1: tuple[Fraction, ...], a2: tuple[Fraction, ...], b2: tuple[Fraction, ...]
):  # type: ignore[no-untyped-def]
    """The exact meet of two lines in the plane, or None when parallel."""
    u = (b1[0] - a1[0], b1[1] - a1[1])
    v = (b2[0] - a2[0], b2[1] - a2[1])
    w = (a2[0] - a1[0], a2[1] - a1[1])
    det = u[1] * v[0] - u[0] * v[1]
    if det == 0:
        return None
    s = (w[1] * v[0] - w[0] * v[1]) / det
    return (a1[0] + s * u[0], a1[1] + s * u[1])


@pytest.mark.parametrize("s", [(0, 2), (1, 3), (-2, 0), (-3, -1)])
@pytest.mark.parametrize("t", [(0, 2), (4, 6), (-1, 0)])
def test_in_the_plane_every_realisation_meets_inside_the_box(s: tuple[int, int], t: tuple[int, int]) -> None:
    """Lemma 2 in full for d = 2: anchors moved to any corner of their boxes meet inside the certified box.

    In the plane two non-parallel lines always meet, so each of the 4^4 corner realisations has a
    meet, and the box (exact and float) must hold every one, not only the translates.
    """
    X = _rows((1, -2), (2, 1), (-1, 3), s, t)
    r = F(1, 16)
    exact = tube_meet(_box(X, r), LINES[0], LINES[1], (0, 1))
    assert exact is not None
    enc = _float_box(X, float(r))
    corners = [(F(dx) * r, F(dy) * r) for dx in (-1, 1) for dy in (-1, 1)]
    base = [tuple(F(x) for x in row) for row in X.tolist()]
    for moves in itertools.product(corners, repeat=4):
        a1, b1, a2, b2 = (
            tuple(c + m for c, m in zip(pt, mv, strict=True)) for pt, mv in zip(base, moves, strict=True)
        )
        p = _meet_2d(a1, b1, a2, b2)
        assert p is not None
        for j in range(2):
            assert exact.lo[j] <= p[j] <= exact.hi[j]
            assert F(float(enc.lo[0][j])) <= p[j] <= F(float(enc.hi[0][j]))


@pytest.mark.parametrize(
    ("y", "out"),
    [
        ((F(0), F(1)), None),
        ((F(-1), F(0)), None),
        ((F(-1), F(2)), None),
        ((F(0), F(0)), None),
        ((F(2), F(4)), (F(1, 8), F(1, 2))),
        ((F(-4), F(-2)), (F(-1, 2), F(-1, 8))),
    ],
)
def test_interval_division_needs_a_divisor_that_excludes_zero(
    y: tuple[Fraction, Fraction], out: tuple[Fraction, Fraction] | None
) -> None:
    """x / y for x = [1/2, 1] is None when y touches or contains 0 (no enclosure), else exact."""
    assert _idiv((F(1, 2), F(1)), y) == out


ints = st.integers(-3, 3)


@given(u=st.tuples(ints, ints, ints, ints), v=st.tuples(ints, ints, ints, ints), s=st.sampled_from(SPANS))
@example(u=(1, 1, 1, 1), v=(1, -1, 2, 0), s=(1, 3))  # |det| ties on several coordinate pairs
@example(u=(2, 0, 1, 1), v=(0, 2, 1, -1), s=(0, 2))
@example(u=(1, 2, 2, 1), v=(2, 1, 1, 2), s=(-2, 0))
@example(u=(2, -3, -2, -1), v=(2, -2, 1, -3), s=(1, 3))  # u/3 in floats would pick another pair
@example(u=(-1, 2, 1, 3), v=(2, 3, 1, 1), s=(1, 3))
@example(u=(0, 0, 0, 1), v=(0, 0, 1, -1), s=(0, 2))  # a determinant interval that touches 0
def test_float_and_exact_tests_choose_the_same_coordinates(
    u: tuple[int, ...], v: tuple[int, ...], s: tuple[int, int]
) -> None:
    """The float box holds the exact box also when several coordinate pairs tie for the largest |det|.

    Both forms solve on the first pair (i < j, in order) with the largest |det| of the float
    anchor differences; on another pair the boxes differ in shape and containment fails.
    """
    du = [u[i] * v[j] - u[j] * v[i] for i in range(4) for j in range(i + 1, 4)]
    if not any(du):
        return
    X = _rows((1, -1, 2, 0), u, v, s, (1, 2))
    r = F(1, 4)
    exact = tube_meet(_box(X, r), LINES[0], LINES[1], (0, 1))
    enc = _float_box(X, float(r))
    if exact is None:
        return
    assert enc.keep.tolist() == [True]
    assert np.all(np.isfinite(enc.lo[0])) and np.all(np.isfinite(enc.hi[0]))  # an exact box is enclosed
    for flo, fhi, lo, hi in zip(enc.lo[0], enc.hi[0], exact.lo, exact.hi, strict=True):
        assert F(float(flo)) <= lo and hi <= F(float(fhi))
