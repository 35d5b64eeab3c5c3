"""Tests that kill the mutants the first mutation run of the kernels' integer path left alive (issue 20).

Random float data never gives an integer tie (lo = hi), α = 0, rows of very different
magnitude, or a point at an end of the tube; small integers and hand-placed points give all
of them. The references are the Fraction rule `refimpl.lambda_interval.affine_interval`
(the definition the integer path is property-tested against) and exact Fraction checks of
the inequalities themselves.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.kernels import FastKernel, Line, TubeKernel
from refimpl.kernels.base import KernelReport
from refimpl.kernels.dyadic import (
    common_scale_ints,
    in_tube_at_projection,
    on_line_int,
    row_ints,
    triple_at_one_scale,
)
from refimpl.lambda_interval import affine_interval, int_end_to_fraction, tube_interval_int
from refimpl.tube import attacker_radius

small = st.integers(-4, 4)
nonneg = st.integers(0, 3)


def vec(d: int, elems: st.SearchStrategy[int]) -> st.SearchStrategy[list[int]]:
    return st.lists(elems, min_size=d, max_size=d)


def _fr(iv: tuple[tuple[int, int], tuple[int, int]] | None) -> tuple[Fraction | None, Fraction | None] | None:
    return None if iv is None else (int_end_to_fraction(iv[0]), int_end_to_fraction(iv[1]))


# -- tube_interval_int: ties and α = 0 on small integers ------------------------------------


@st.composite
def triples(draw: st.DrawFn) -> tuple[list[int], ...]:
    d = draw(st.integers(1, 3))
    return tuple(draw(vec(d, small if i % 2 == 0 else nonneg)) for i in range(6))


@given(t=triples())
@example(t=([1], [0], [0], [0], [2], [0]))  # a tie: λ = 1/2 exactly, lo = hi
@example(t=([1], [1], [0], [0], [1], [1]))  # α = 0 in both constraints (d = β1 = ... )
@example(t=([0], [0], [0], [1], [2], [0]))  # ρ_b − ρ_a < 0: the tube narrows towards b
@example(t=([3], [0], [0], [0], [2], [0]))  # beyond b: empty
@example(t=([2, 0], [0, 0], [0, 0], [0, 0], [2, 1], [0, 0]))  # λ = 1 pinned by coordinate 0, empty by 1
@example(t=([1, 5], [0, 0], [0, 0], [0, 0], [2, 0], [0, 0]))  # α = 0 with β < 0 in coordinate 1
def test_tube_interval_int_is_the_fraction_rule_on_small_integers(t: tuple[list[int], ...]) -> None:
    """tube_interval_int on [0, 1] == affine_interval with r = P − A, d = B − A, β0 = ρ_p + ρ_a, β1 = ρ_b − ρ_a (Lemma 3)."""
    P, rp, A, ra, B, rb = t
    got = _fr(tube_interval_int(P, rp, A, ra, B, rb))
    ref = affine_interval(
        [Fraction(p - a) for p, a in zip(P, A)],
        [Fraction(b - a) for b, a in zip(B, A)],
        [Fraction(x + y) for x, y in zip(rp, ra)],
        [Fraction(y - x) for x, y in zip(ra, rb)],
        Fraction(0),
        Fraction(1),
    )
    assert got == ref


@given(t=triples(), lo=st.integers(-3, 3), width=st.integers(0, 6))
@example(t=([1], [0], [0], [0], [2], [0]), lo=-3, width=6)
@example(t=([0], [0], [0], [0], [0], [0]), lo=2, width=0)
@example(t=([1], [0], [0], [0], [2], [0]), lo=1, width=0)  # [1/2, 1/2]: the tie at the given ends
def test_tube_interval_int_with_other_ends(t: tuple[list[int], ...], lo: int, width: int) -> None:
    """Given ends lo ≤ hi other than [0, 1] are honoured exactly (Lemma 3)."""
    P, rp, A, ra, B, rb = t
    hi = lo + width
    lo_end, hi_end = (lo, 2), (hi, 2)
    got = _fr(tube_interval_int(P, rp, A, ra, B, rb, lo_end, hi_end))
    ref = affine_interval(
        [Fraction(p - a) for p, a in zip(P, A)],
        [Fraction(b - a) for b, a in zip(B, A)],
        [Fraction(x + y) for x, y in zip(rp, ra)],
        [Fraction(y - x) for x, y in zip(ra, rb)],
        Fraction(lo, 2),
        Fraction(hi, 2),
    )
    if ref is not None:
        ref = (Fraction(lo, 2) if ref[0] is None else ref[0], Fraction(hi, 2) if ref[1] is None else ref[1])
    assert got == ref


# -- on_line_int and in_tube_at_projection -------------------------------------------------


def _on_line_reference(r: list[int], d: list[int], rp: list[int], ra: list[int], rb: list[int]) -> bool:
    big = Fraction(2) ** 64
    pieces = (
        (-big, Fraction(0), [x + y for x, y in zip(rp, ra)], [-(x + y) for x, y in zip(ra, rb)]),
        (Fraction(0), Fraction(1), [x + y for x, y in zip(rp, ra)], [y - x for x, y in zip(ra, rb)]),
        (Fraction(1), big, [x - y for x, y in zip(rp, ra)], [x + y for x, y in zip(ra, rb)]),
    )
    fr = [Fraction(v) for v in r], [Fraction(v) for v in d]
    return any(
        affine_interval(*fr, [Fraction(v) for v in b0], [Fraction(v) for v in b1], lo, hi) is not None
        for lo, hi, b0, b1 in pieces
    )


def _in_tube(lam: Fraction, r: list[int], d: list[int], rp: list[int], ra: list[int], rb: list[int]) -> bool:
    return all(
        abs(rj - lam * dj) <= pj + abs(1 - lam) * aj + abs(lam) * bj
        for rj, dj, pj, aj, bj in zip(r, d, rp, ra, rb)
    )


@st.composite
def lines(draw: st.DrawFn) -> tuple[list[int], ...]:
    dim = draw(st.integers(1, 3))
    r = draw(vec(dim, st.integers(-12, 12)))
    d = draw(vec(dim, st.integers(-4, 4)).filter(any))
    return r, d, draw(vec(dim, nonneg)), draw(vec(dim, nonneg)), draw(vec(dim, nonneg))


@given(t=lines())
# the middle piece at the tube's boundary: p at 1.25× the radius off the line at λ = 1/2,
# where the tube radius ρ_p + ρ_a/2 + ρ_b/2 is exactly 4 (in) or the offset 5 exceeds it (out)
@example(t=([4, 4], [8, 0], [2, 0], [0, 4], [0, 4]))  # offset 4 = radius: on the line
@example(t=([4, 5], [8, 0], [2, 0], [0, 4], [0, 4]))  # offset 5 = 1.25 × radius: off
@example(t=([4, 5], [8, 0], [0, 0], [0, 8], [0, 2]))  # radius 5 only with ρ_a weighted (1 − λ)
@example(t=([-4, 1], [4, 0], [0, 0], [0, 1], [0, 9]))  # λ = −1: the left piece, |1 − λ|·ρ_a = 2
@example(t=([8, 2], [4, 0], [0, 0], [0, 9], [0, 1]))  # λ = 2: the right piece, |λ|·ρ_b = 2
@example(t=([0, 1], [1, 0], [1, 1], [0, 0], [0, 0]))
@example(t=([6, 2], [8, 0], [0, 1], [0, 4], [0, 0]))  # λ = 3/4 only: the middle piece up to 1
def test_on_line_int_is_the_three_piece_rule(t: tuple[list[int], ...]) -> None:
    """on_line_int == the Fraction rule on λ ≤ 0, [0, 1], λ ≥ 1 (Lemma 3); the projection shortcut only ever says True soundly."""
    r, d, rp, ra, rb = t
    expected = _on_line_reference(r, d, rp, ra, rb)
    assert on_line_int(r, d, rp, ra, rb) is expected
    if in_tube_at_projection(r, d, rp, ra, rb):
        dd = sum(x * x for x in d)
        lam = Fraction((sum(x * y for x, y in zip(r, d)) << 64) // dd, 1 << 64)
        assert _in_tube(lam, r, d, rp, ra, rb)
        assert expected


def test_projection_shortcut_pins() -> None:
    """in_tube_at_projection: True exactly at the projected λ, False just outside the tube (Lemma 3)."""
    # λ̂ = 1/2, off the line by exactly the radius ρ_p + ρ_a/2 + ρ_b/2 = 1 + 1 + 2 = 4
    assert in_tube_at_projection([4, 4], [8, 0], [0, 1], [0, 2], [0, 4])
    assert not in_tube_at_projection([4, 5], [8, 0], [0, 1], [0, 2], [0, 4])  # 1.25 × the radius
    # λ̂ = 3/2 (right of b): |1 − λ̂| = 1/2 and |λ̂| = 3/2 weight ρ_a and ρ_b
    assert in_tube_at_projection([3, 7], [2, 0], [0, 1], [0, 6], [0, 2])  # 1 + 3 + 3 = 7
    assert not in_tube_at_projection([3, 8], [2, 0], [0, 1], [0, 6], [0, 2])
    # λ̂ = −1/2 (left of a): |1 − λ̂| = 3/2, |λ̂| = 1/2
    assert in_tube_at_projection([-1, 7], [2, 0], [0, 1], [0, 2], [0, 6])  # 1 + 3 + 3 = 7
    assert not in_tube_at_projection([-1, 8], [2, 0], [0, 1], [0, 2], [0, 6])
    # λ̂ = 1: only ρ_p and ρ_b count
    assert in_tube_at_projection([2, 3], [2, 0], [0, 1], [0, 100], [0, 2])
    assert not in_tube_at_projection([2, 4], [2, 0], [0, 1], [0, 100], [0, 2])


# -- exact scaling of floats to integers ---------------------------------------------------

floats = st.sampled_from([0.0, 1.0, -1.5, 0.1, 3.0e-300, -2.5e-310, 1e300, 2.0**-60, 7.0])


@given(row=st.lists(floats, min_size=1, max_size=4), rad=st.lists(floats, min_size=1, max_size=4))
@example(row=[1e-300, 1.0], rad=[0.0, 0.1])
@example(row=[0.0], rad=[0.0])
@example(row=[3.0, 1.0], rad=[0.5, 1e300])
def test_row_ints_is_exact_and_minimal(row: list[float], rad: list[float]) -> None:
    """row_ints: v = int / 2^K for every value, and K is the least such K ≥ 0."""
    n = min(len(row), len(rad))
    row, rad = row[:n], rad[:n]
    k, q, rho = row_ints(row, rad)
    assert k >= 0
    assert [Fraction(v, 1 << k) for v in (*q, *rho)] == [Fraction(v) for v in (*row, *rad)]
    if k > 0:
        assert any(v % 2 for v in (*q, *rho))  # K − 1 would leave a half-integer


@given(rows=st.lists(st.tuples(floats, floats), min_size=3, max_size=3))
@example(rows=[(1e-300, 1.0), (1.0, 0.5), (7.0, 0.1)])
@example(rows=[(1.0, 1.0), (1.0, 1.0), (1.0, 1.0)])
def test_triple_at_one_scale_is_exact(rows: list[tuple[float, float]]) -> None:
    """triple_at_one_scale: every row and radius at the largest K of the three, exactly."""
    scaled = [row_ints([x], [r]) for x, r in rows]
    k = max(s[0] for s in scaled)
    out = triple_at_one_scale(scaled)
    assert len(out) == 6
    for i, (x, r) in enumerate(rows):
        assert out[2 * i] == (int(Fraction(x) * (1 << k)),)
        assert out[2 * i + 1] == (int(Fraction(r) * (1 << k)),)


@given(
    pts=st.lists(st.tuples(floats, floats), min_size=1, max_size=4),
    rad=st.sampled_from([0.0, 0.5, 2.0**-52, 1e-200]),
)
@example(pts=[(1.0, 2.0), (0.1, -1.5)], rad=2.0**-52)
@example(pts=[(1e-300, 1.0), (1.0, 1.0)], rad=0.5)  # mixed magnitudes: no common scale
@example(pts=[(0.0, 0.0)], rad=0.0)
@example(pts=[(1e300, 7.0), (0.0, 2.0**-60)], rad=0.0)  # large values: negative shift
def test_common_scale_ints_is_exact_at_one_scale(pts: list[tuple[float, float]], rad: float) -> None:
    """common_scale_ints: one K for every value, exactly; None only when the rows' own scales are > 64 bits apart."""
    P = np.array(pts, dtype=np.float64)
    R = np.full_like(P, rad)
    got = common_scale_ints(P, R)
    ks = [row_ints(P[i], R[i])[0] for i in range(len(P))]
    if max(ks) - min(ks) > 64:
        assert got is None
        return
    assert got is not None
    k = max(ks)
    zq, zr = got
    assert [list(r) for r in zq] == [[int(Fraction(float(v)) * (1 << k)) for v in row] for row in P]
    assert [list(r) for r in zr] == [[int(Fraction(float(v)) * (1 << k)) for v in row] for row in R]
    assert all(type(v) is int for r in (*zq, *zr) for v in r)


def test_common_scale_ints_refuses_empty_and_non_finite() -> None:
    assert common_scale_ints(np.zeros((0, 2)), np.zeros((0, 2))) is None
    assert common_scale_ints(np.array([[np.inf, 1.0]]), np.zeros((1, 2))) is None


# -- the tube kernel: per-row scale fallback, endpoints at λ = 1 ---------------------------


def _fraction_between(
    k: TubeKernel, p: int, a: int, b: int
) -> tuple[Fraction | None, Fraction | None] | None:
    P, A, B = (k.row(i) for i in (p, a, b))
    rp, ra, rb = (tuple(Fraction(float(v)) for v in k.rho_up[i]) for i in (p, a, b))
    return affine_interval(
        [x - y for x, y in zip(P, A)],
        [x - y for x, y in zip(B, A)],
        [x + y for x, y in zip(rp, ra)],
        [y - x for x, y in zip(ra, rb)],
        Fraction(0),
        Fraction(1),
    )


def _check_between(k: TubeKernel, p: int, a: int, b: int) -> None:
    iv = _fraction_between(k, p, a, b)
    w = k.between(p, a, b)
    dup = k.row(p) in (k.row(a), k.row(b)) or k.row(a) == k.row(b)
    if p in (a, b) or a == b or dup or iv is None or iv[1] == 0 or iv[0] == 1:
        assert w is None
    else:
        assert w is not None and (w.a, w.b, w.lam_lo, w.lam_hi) == (a, b, iv[0], iv[1])
        assert w.touches_endpoint is (iv[0] == 0 or iv[1] == 1)


MIXED = np.array(
    [
        [1e-300, 1.0],  # a tiny coordinate next to an O(1) one: a scale 2^~1000 for this row
        [0.5, 0.5],
        [1.0, 0.0],
        [0.0, 1.0],
        [0.25, 0.75],
        [2e-300, 3e-300],
    ]
)


@given(p=st.integers(0, 5), a=st.integers(0, 5), b=st.integers(0, 5))
@example(p=1, a=2, b=3)  # (0.5, 0.5) exactly between (1, 0) and (0, 1): a tie, lo = hi = 1/2
@example(p=4, a=2, b=3)
@example(p=0, a=5, b=3)  # the tiny rows on the line x = 0 up to 1e-300
@example(p=1, a=1, b=3)
def test_tube_kernel_on_rows_of_mixed_magnitude(p: int, a: int, b: int) -> None:
    """Rows 1e-300 next to O(1) (per-row scales, no common one): between and on_line are the Fraction rule."""
    k = TubeKernel(MIXED)
    assert common_scale_ints(k.points, k.rho_up) is None  # the fallback path is the one run
    _check_between(k, p, a, b)
    P, A, B = (k.row(i) for i in (p, a, b))
    rp, ra, rb = (tuple(Fraction(float(v)) for v in k.rho_up[i]) for i in (p, a, b))
    r = [x - y for x, y in zip(P, A)]
    d = [x - y for x, y in zip(B, A)]
    big = Fraction(2) ** 2100
    pieces = (
        (-big, Fraction(0), [x + y for x, y in zip(rp, ra)], [-(x + y) for x, y in zip(ra, rb)]),
        (Fraction(0), Fraction(1), [x + y for x, y in zip(rp, ra)], [y - x for x, y in zip(ra, rb)]),
        (Fraction(1), big, [x - y for x, y in zip(rp, ra)], [x + y for x, y in zip(ra, rb)]),
    )
    expected = A != B and any(affine_interval(r, d, b0, b1, lo, hi) is not None for lo, hi, b0, b1 in pieces)
    assert k.on_line(p, a, b) is expected


def test_mixed_magnitudes_agree_with_a_common_scale() -> None:
    """The same triple decided on per-row scales (with a 1e-300 row) and on the common scale (without)."""
    X = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0], [0.25, 0.75]])
    k_common = TubeKernel(X)
    k_mixed = TubeKernel(np.vstack([X, [[1e-300, 1.0]]]), column_range=k_common.column_range)
    assert common_scale_ints(k_common.points, k_common.rho_up) is not None
    assert common_scale_ints(k_mixed.points, k_mixed.rho_up) is None
    for p, a, b in [(0, 1, 2), (3, 1, 2), (0, 2, 1), (1, 0, 2)]:
        assert k_mixed.between(p, a, b) == k_common.between(p, a, b)
        assert k_mixed.on_line(p, a, b) is k_common.on_line(p, a, b)
    w = k_mixed.between(0, 1, 2)
    assert w is not None and w.lam_lo <= Fraction(1, 2) <= w.lam_hi


@given(eps_ulps=st.integers(1, 3), kern=st.sampled_from([TubeKernel, FastKernel]))
@example(eps_ulps=1, kern=TubeKernel)
@example(eps_ulps=2, kern=FastKernel)
def test_touches_endpoint_pinned_at_lambda_one(eps_ulps: int, kern: type[TubeKernel]) -> None:
    """p a few ulps off b: its λ-set reaches 1, so the witness touches the endpoint; a point inside does not."""
    b = np.array([1.0, 1.0])
    p = b.copy()
    for _ in range(eps_ulps):
        p[0] = np.nextafter(p[0], np.inf)
    X = np.array([[0.0, 0.0], b, p, [0.5, 0.5], [0.0, 1.0], [1.0, 0.0]])
    k = kern(X)
    w = k.between(2, 0, 1)
    assert w is not None
    assert w.lam_hi == 1 and w.lam_lo < 1
    assert w.touches_endpoint is True
    _check_between(k, 2, 0, 1)
    mid = k.between(3, 0, 1)  # (0.5, 0.5): λ = 1/2 inside, away from both ends
    assert mid is not None and 0 < mid.lam_lo <= Fraction(1, 2) <= mid.lam_hi < 1
    assert mid.touches_endpoint is False
    # near a instead of b: the set reaches 0
    k0 = kern(np.array([[0.0, 0.0], b, [np.nextafter(0.0, 1.0), 0.0]]))
    w0 = k0.between(2, 0, 1)
    assert w0 is not None and w0.lam_lo == 0 and w0.touches_endpoint is True
    assert k.between(1, 0, 1) is None and k.between(0, 0, 1) is None and k.between(2, 1, 1) is None
    # (1, 0) and (0, 1) are the other diagonal's ends: nothing between (0, 0) and (1, 1) there
    assert k.between(4, 0, 1) is None and k.between(5, 0, 1) is None


@given(scale=st.sampled_from([1.0, 0.1, 1e-3, 1e5]), frac=st.sampled_from([0.5, 0.9, 1.25, 2.0]))
@example(scale=1.0, frac=1.25)
@example(scale=1.0, frac=0.9)
def test_on_line_at_the_tube_boundary(scale: float, frac: float) -> None:
    """A point off the segment's middle by frac × its tube radius: on_line iff the exact rule says so (1.25× is out)."""
    a, b = np.array([0.0, 0.0]) * scale, np.array([2.0, 0.0]) * scale
    k0 = TubeKernel(np.stack([a, b, np.array([1.0, 0.0]) * scale]))
    rad = float(k0.rho_up[2, 1] + (k0.rho_up[0, 1] + k0.rho_up[1, 1]) / 2)
    p = np.array([1.0 * scale, frac * rad])
    k = TubeKernel(np.stack([p, a, b]), column_range=k0.column_range)
    P, A, B = (k.row(i) for i in range(3))
    rp, ra, rb = (tuple(Fraction(float(v)) for v in k.rho_up[i]) for i in range(3))
    r = [x - y for x, y in zip(P, A)]
    d = [x - y for x, y in zip(B, A)]
    expected = (
        affine_interval(
            r, d, [x + y for x, y in zip(rp, ra)], [y - x for x, y in zip(ra, rb)], Fraction(0), Fraction(1)
        )
        is not None
    )
    assert k.on_line(0, 1, 2) is expected
    if frac >= 1.25:
        assert not k.on_line(0, 1, 2)
    if frac <= 0.5:
        assert k.on_line(0, 1, 2)


# -- the tube kernel's Fraction path, radii and boxes -----------------------------------------

GRID = np.array([[0.0, 0.0], [1.0, 1.0], [0.5, 0.5], [0.25, 0.75], [1.0, 0.0], [0.0, 1.0], [-3.0, 0.1]])


@given(
    p=st.integers(0, 6),
    a=st.integers(0, 6),
    b=st.integers(0, 6),
    lo=st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(1, 2)]),
    hi=st.sampled_from([Fraction(1, 2), Fraction(3, 4), Fraction(1)]),
)
@example(p=2, a=0, b=1, lo=Fraction(0), hi=Fraction(1))  # the tie λ = 1/2
@example(p=2, a=0, b=1, lo=Fraction(1, 2), hi=Fraction(1, 2))
@example(p=3, a=4, b=5, lo=Fraction(1, 4), hi=Fraction(3, 4))
@example(p=6, a=0, b=1, lo=Fraction(0), hi=Fraction(1))  # far off: None
def test_tube_kernel_lambda_interval_is_the_fraction_rule(
    p: int, a: int, b: int, lo: Fraction, hi: Fraction
) -> None:
    """TubeKernel.lambda_interval == affine_interval on the exact rows and exact radii ρ (Lemma 3), ends filled by lo/hi."""
    k = TubeKernel(GRID)
    P, A, B = (k.row(i) for i in (p, a, b))
    rp, ra, rb = (k.rho(i) for i in (p, a, b))
    ref = affine_interval(
        [x - y for x, y in zip(P, A)],
        [x - y for x, y in zip(B, A)],
        [x + y for x, y in zip(rp, ra)],
        [y - x for x, y in zip(ra, rb)],
        lo,
        hi,
    )
    got = k.lambda_interval(p, a, b, lo, hi)
    if ref is None:
        assert got is None
    else:
        assert got == (lo if ref[0] is None else ref[0], hi if ref[1] is None else ref[1])
        assert got[0] <= got[1] or lo > hi


@given(model=st.sampled_from(["float64", "float32-mixed"]), i=st.integers(0, 6))
@example(model="float64", i=6)
@example(model="float32-mixed", i=0)
def test_tube_kernel_radii_are_lemma_3d_rounded_up(model: str, i: int) -> None:
    """rho(i) is attacker_radius (Lemma 3(d)); rho_up and decision_radius are floats ≥ it, coordinate by coordinate."""
    X = GRID
    k = TubeKernel(X, model=model)
    exact = k.rho(i)
    assert list(exact) == attacker_radius(X[i], k.column_range, model)
    assert all(Fraction(float(u)) >= e for u, e in zip(k.rho_up[i], exact))
    rad = k.decision_radius(np.array([i]), exact_input=False)
    assert rad.shape == (1, 2)
    assert all(Fraction(float(u)) >= e for u, e in zip(rad[0], exact))
    assert k.tube_radius() is k.rho_up
    assert k.tube_widened is False
    assert k.box_report() == KernelReport("none", "certified")
    rep = k.witness_report(k.points, 3)
    # Lemma 6(c) with the rounding tube alone: stated, and far below one row on a unit grid (the cone term, ~u·m², dominates in 2-D)
    assert (rep.release, rep.guarantee, rep.notes) == ("none", "certified", [])
    assert 0 < rep.expected_false_positives < 1e-3


def test_float32_mixed_rho_up_covers_rho_on_rows_not_float32_representable() -> None:
    """rho_up ≥ rho on float64 rows that float32 rounds up in magnitude (0.1 → 0.10000000149…); Lemma 3(d)."""
    X = np.array([[-3.0, 0.1], [1.0, 2.0], [0.5, -0.7]])
    k = TubeKernel(X, model="float32-mixed")
    for i in range(len(X)):
        assert all(Fraction(float(u)) >= e for u, e in zip(k.rho_up[i], k.rho(i), strict=True))


def test_tube_kernel_radius_under_a_release_is_rho_up() -> None:
    """Under a release model the exact radius used is rho_up itself (Lemma 6), wider than the plain tube."""
    plain = TubeKernel(GRID)
    k = TubeKernel(GRID, release="uniform:0.01")
    assert k.tube_widened is True
    for i in range(len(GRID)):
        assert k.rho(i) == tuple(Fraction(float(v)) for v in k.rho_up[i])
        assert all(w >= p + Fraction(1, 100) for w, p in zip(k.rho(i), plain.rho(i)))
    rad = k.decision_radius(np.arange(len(GRID)), exact_input=False)
    assert np.array_equal(rad, k.rho_up)
    box, wit = k.box_report(), k.witness_report(k.points, 3)
    assert box.release != "none" and box.notes and box.guarantee == k.guarantee
    assert wit.release == box.release and wit.expected_false_positives > 0 and wit.notes


def test_tube_kernel_meet_box_contains_the_true_meeting_point() -> None:
    """y = x and x + y = 4 meet at (2, 2), outside both anchor spans: the certified box contains it (Lemma 2)."""
    X = np.array([[0.0, 0.0], [1.0, 1.0], [3.0, 1.0], [4.0, 0.0]])
    k = TubeKernel(X)
    m = k.meet(Line((0, 1), (0, 1)), Line((2, 3), (2, 3)), (0, 1))
    assert m is not None and m.lines == (0, 1)
    half = Fraction(2)
    for lo, hi in zip(m.lo, m.hi):
        assert lo <= half <= hi and hi - lo < Fraction(1, 2**30)
    # the segments' own crossing is strictly inside both spans, and parallel lines do not meet
    assert k.meet(Line((0, 2), (0, 2)), Line((1, 3), (1, 3)), (0, 1)) is None
    assert k.meet(Line((0, 1), (0, 1)), Line((0, 1), (0, 1)), (0, 1)) is None
    enc = k.meet_enclosures([Line((0, 1), (0, 1)), Line((2, 3), (2, 3))], np.array([0]), np.array([1]))
    assert bool(enc.keep[0])
    assert all(
        float(enc.lo[0, j]) <= float(m.lo[j]) and float(m.hi[j]) <= float(enc.hi[0, j]) for j in range(2)
    )


def test_scaled_rows_index_like_a_sequence() -> None:
    """`ScaledRows`: negative indices down to −len, slices, IndexError naming the index past either end."""
    P = np.array([[1.5, 0.25], [3.0, -0.125], [0.0, 2.0]])
    got = common_scale_ints(P, np.full_like(P, 2.0**-40))
    assert got is not None
    rows = got[0]
    assert rows[-3] == rows[0] and rows[-1] == rows[2]  # −len is the first row
    assert rows[0:2] == [rows[0], rows[1]] and rows[::2] == [rows[0], rows[2]]
    assert list(rows) == [rows[0], rows[1], rows[2]]
    for bad in (3, -4):
        with pytest.raises(IndexError, match=str(bad)):
            rows[bad]
