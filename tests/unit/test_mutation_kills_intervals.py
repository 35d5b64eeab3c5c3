"""Kill tests for the meeting boxes (refimpl.kernels.intervals): Lemma 2 on Lemma 3's tube boxes.

Two lines through a known point P, with anchors beyond P on both (the configuration a
ReconSMOTE meet certifies: P is a parent, an end of every segment). On small integers every
interval end is computed exactly, so the exact box with radius 0 must be the point P itself,
a radius widens it to a box that still holds P, and the outward-rounded float boxes hold the
exact box. Configurations that the exact test rejects by a wide margin (P strictly inside a
segment, or two lines that miss each other in 3-D) must be rejected by both forms.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.kernels.base import Line
from refimpl.kernels.intervals import enclose_meets, tube_meet

F = Fraction
coord = st.integers(-4, 4)
vec3 = st.tuples(coord, coord, coord)


def _rows(
    P: tuple[int, ...], u: tuple[int, ...], v: tuple[int, ...], a: int, b: int, c: int, e: int
) -> np.ndarray:
    p, uu, vv = (np.array(t, dtype=np.float64) for t in (P, u, v))
    return np.array([p + a * uu, p + b * uu, p + c * vv, p + e * vv])


def _box(X: np.ndarray, r: Fraction):  # type: ignore[no-untyped-def]
    def box(i: int) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
        return tuple(F(x) - r for x in X[i].tolist()), tuple(F(x) + r for x in X[i].tolist())

    return box


LINES = [Line((0, 1), (0, 1)), Line((2, 3), (2, 3))]
PI, PJ = np.array([0]), np.array([1])


def _independent(u: tuple[int, ...], v: tuple[int, ...]) -> bool:
    cross = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
    return any(cross)


@given(
    P=vec3,
    u=vec3,
    v=vec3,
    a=st.integers(1, 3),
    gap1=st.integers(1, 3),
    c=st.integers(1, 3),
    gap2=st.integers(1, 3),
    side=st.sampled_from([1, -1]),
)
@example(P=(0, 0, 0), u=(1, 0, 0), v=(0, 1, 0), a=1, gap1=1, c=1, gap2=1, side=1)
@example(P=(0, 0, 0), u=(0, 0, 1), v=(0, 1, 2), a=1, gap1=1, c=1, gap2=1, side=1)  # 1/8 was too wide here
@example(P=(2, -3, 1), u=(1, 2, 0), v=(-1, 1, 3), a=2, gap1=3, c=1, gap2=2, side=-1)
@example(P=(1, 1, 1), u=(0, 0, 1), v=(1, 1, 0), a=3, gap1=1, c=2, gap2=1, side=1)
def test_meet_of_two_lines_beyond_their_anchors(
    P: tuple[int, int, int],
    u: tuple[int, int, int],
    v: tuple[int, int, int],
    a: int,
    gap1: int,
    c: int,
    gap2: int,
    side: int,
) -> None:
    """The exact box is P at radius 0, holds P at radius 1/128, and the float box holds the exact one (Lemma 2).

    The radius is small enough that the determinant interval excludes 0: the chosen minor is at
    least gap1·gap2 ≥ 1 on these integers, and the anchors' boxes move it by at most
    2r·(4 · 12) + 8r² < 1 (a radius of 1/8 can make it contain 0: u = (0, 0, 1), v = (0, 1, 2)).
    """
    if not _independent(u, v):
        return
    X = _rows(P, u, v, side * a, side * (a + gap1), c, c + gap2)
    exact = tube_meet(_box(X, F(0)), LINES[0], LINES[1], (0, 1))
    assert exact is not None
    assert exact.lo == exact.hi == tuple(F(p) for p in P)
    assert exact.lines == (0, 1)
    wide = tube_meet(_box(X, F(1, 128)), LINES[0], LINES[1], (0, 1))
    assert wide is not None
    assert all(lo <= p <= hi for lo, p, hi in zip(wide.lo, P, wide.hi, strict=True))
    assert all(lo <= e <= hi for lo, e, hi in zip(wide.lo, exact.lo, wide.hi, strict=True))
    assert any(lo < hi for lo, hi in zip(wide.lo, wide.hi, strict=True))
    for r in (0.0, 1 / 128):
        enc = enclose_meets(
            X, lambda rows, r=r: np.full((len(rows), X.shape[1]), r), LINES, PI, PJ, reject_parallel=True
        )
        ex = exact if r == 0 else wide
        assert enc.keep.tolist() == [True]
        assert np.all(np.isfinite(enc.lo)) and np.all(np.isfinite(enc.hi))
        assert all(
            F(float(lo)) <= e_lo and e_hi <= F(float(hi))
            for lo, hi, e_lo, e_hi in zip(enc.lo[0], enc.hi[0], ex.lo, ex.hi, strict=True)
        )


@given(
    P=vec3,
    u=vec3,
    v=vec3,
    a=st.integers(1, 3),
    b=st.integers(1, 3),
    c=st.integers(1, 3),
    gap2=st.integers(1, 3),
)
@example(P=(0, 0, 0), u=(1, 0, 0), v=(0, 1, 0), a=1, b=1, c=1, gap2=1)
@example(P=(3, -1, 2), u=(2, 1, -1), v=(0, 1, 1), a=2, b=3, c=2, gap2=1)
def test_meet_strictly_inside_a_segment_is_rejected(
    P: tuple[int, int, int],
    u: tuple[int, int, int],
    v: tuple[int, int, int],
    a: int,
    b: int,
    c: int,
    gap2: int,
) -> None:
    """P strictly between line 1's anchors is no parent: both forms reject the pair (Lemma 2)."""
    if not _independent(u, v):
        return
    X = _rows(P, u, v, -a, b, c, c + gap2)
    assert tube_meet(_box(X, F(0)), LINES[0], LINES[1], (0, 1)) is None
    enc = enclose_meets(X, lambda rows: np.zeros((len(rows), 3)), LINES, PI, PJ, reject_parallel=True)
    assert enc.keep.tolist() == [False]


@given(shift=st.integers(1, 4), P=vec3)
@example(shift=1, P=(0, 0, 0))
@example(shift=3, P=(-2, 1, 4))
def test_lines_that_miss_each_other_are_rejected(shift: int, P: tuple[int, int, int]) -> None:
    """Two skew lines (one lifted by `shift` in z) have no meet: both forms reject (Lemma 2)."""
    X = _rows(P, (1, 0, 0), (0, 1, 0), 1, 2, 1, 2)
    X[2:, 2] += shift
    assert tube_meet(_box(X, F(0)), LINES[0], LINES[1], (0, 1)) is None
    enc = enclose_meets(X, lambda rows: np.zeros((len(rows), 3)), LINES, PI, PJ, reject_parallel=True)
    assert enc.keep.tolist() == [False]


def test_parallel_lines() -> None:
    """Parallel lines have no single meet: the exact test returns None, the float filter drops them only when asked (Lemma 2)."""
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 2.0]])
    assert tube_meet(_box(X, F(0)), LINES[0], LINES[1], (0, 1)) is None
    drop = enclose_meets(X, lambda rows: np.zeros((len(rows), 2)), LINES, PI, PJ, reject_parallel=True)
    keep = enclose_meets(X, lambda rows: np.zeros((len(rows), 2)), LINES, PI, PJ, reject_parallel=False)
    assert drop.keep.tolist() == [False]
    assert keep.keep.tolist() == [True]
    assert np.all(np.isinf(keep.lo)) and np.all(np.isinf(keep.hi))


def test_no_pairs_and_one_dimension() -> None:
    """No pairs, or d = 1 (no coordinate pair for Cramer's rule): every box is unbounded and nothing is dropped."""
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    enc = enclose_meets(X, lambda rows: np.zeros((len(rows), 1)), LINES, PI, PJ, reject_parallel=True)
    assert enc.keep.tolist() == [True] and enc.lo.tolist() == [[-np.inf]] and enc.hi.tolist() == [[np.inf]]
    X2 = np.zeros((4, 2))
    none = enclose_meets(
        X2,
        lambda rows: np.zeros((len(rows), 2)),
        LINES,
        np.array([], dtype=np.intp),
        np.array([], dtype=np.intp),
        reject_parallel=True,
    )
    assert none.keep.shape == (0,) and none.lo.shape == (0, 2)
