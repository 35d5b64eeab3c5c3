"""The exact box predicate (Lemma 7(a), proofs/07_box_geometry.py) and its float filter (Lemma 7(b))."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl.box_smote import box_smote
from refimpl.geometry.box import BoxGeometry, box_intervals, box_witness

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
radius = st.floats(0, 1, allow_nan=False, allow_infinity=False)


def _fits(p: Fraction, a: Fraction, b: Fraction, rp: Fraction, ra: Fraction, rb: Fraction, lam: Fraction) -> bool:
    return abs(p - a - lam * (b - a)) <= rp + (1 - lam) * ra + lam * rb


@given(v=st.tuples(finite, finite, finite), r=st.tuples(radius, radius, radius))
@example(v=(0.5, 0.0, 1.0), r=(0.0, 0.0, 0.0))  # interior: λ = 1/2 exactly
@example(v=(2.0, 0.0, 1.0), r=(0.0, 0.0, 0.0))  # outside, no tube: empty
@example(v=(1.0, 1.0, 1.0), r=(0.0, 0.0, 0.0))  # a = b = p: every λ
@example(v=(1.25, 0.0, 1.0), r=(0.125, 0.0, 0.125))  # outside by exactly the tube: λ = 1 only
def test_interval_is_the_definition(v: tuple[float, float, float], r: tuple[float, float, float]) -> None:
    p, a, b = (Fraction(x) for x in v)
    rp, ra, rb = (Fraction(x) for x in r)
    iv = box_intervals((p,), (a,), (b,), (rp,), (ra,), (rb,))
    grid = [Fraction(i, 32) for i in range(33)]
    if iv is None:
        assert not any(_fits(p, a, b, rp, ra, rb, g) for g in grid)
        return
    ((lo, hi),) = iv
    assert 0 <= lo <= hi <= 1
    assert _fits(p, a, b, rp, ra, rb, lo) and _fits(p, a, b, rp, ra, rb, hi)
    # the set is convex and nothing outside [lo, hi] fits
    assert all(_fits(p, a, b, rp, ra, rb, g) == (lo <= g <= hi) for g in grid)


def test_witness_needs_every_coordinate_and_flags_endpoint_copies() -> None:
    z = (Fraction(0),) * 2
    assert box_intervals((Fraction(1, 2), Fraction(3)), z, (Fraction(1), Fraction(1)), z, z, z) is None
    iv = box_intervals((Fraction(1, 4), Fraction(3, 4)), z, (Fraction(1), Fraction(1)), z, z, z)
    assert iv == [(Fraction(1, 4), Fraction(1, 4)), (Fraction(3, 4), Fraction(3, 4))]
    assert not box_witness(0, 1, iv).touches_endpoint
    assert box_witness(0, 1, iv).strict
    # on an endpoint's value in one coordinate (a lattice row), inside in the other: not strict
    assert not box_witness(0, 1, [(Fraction(0), Fraction(0)), (Fraction(1, 2), Fraction(1, 2))]).strict
    # a coordinate where a, b and p agree says nothing: still strict
    assert box_witness(0, 1, [(Fraction(0), Fraction(1)), (Fraction(1, 2), Fraction(1, 2))]).strict
    # a copy of a: λ = 0 fits every coordinate
    assert box_witness(0, 1, [(Fraction(0), Fraction(0)), (Fraction(0), Fraction(1, 8))]).touches_endpoint


@settings(max_examples=25)
@given(seed=st.integers(0, 2**16), d=st.integers(1, 6), decimals=st.sampled_from([None, 2, 6]))
@example(seed=0, d=1, decimals=6)
@example(seed=1, d=6, decimals=None)
def test_true_parents_always_witness_and_filter_keeps_them(seed: int, d: int, decimals: int | None) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, d)) * 10.0 ** rng.integers(-3, 4)
    s = box_smote(X, 24, k=3, seed=seed)
    pts = np.vstack([X, s.synthetic])
    if decimals is not None:
        pts = np.round(pts, decimals)  # Weka: every value rounded after SMOTE
    geo = BoxGeometry(pts, release=None if decimals is None else f"decimals:{decimals}")
    p = np.arange(12, 36)
    assert geo.filter(p, s.base, s.neighbour).all()
    for t in range(24):
        assert geo.witness(12 + t, int(s.base[t]), int(s.neighbour[t])) is not None


@settings(max_examples=20)
@given(seed=st.integers(0, 2**16))
@example(seed=0)
def test_filter_never_drops_an_exact_acceptance(seed: int) -> None:
    rng = np.random.default_rng(seed)
    geo = BoxGeometry(np.round(rng.normal(size=(40, 2)), 2), release="decimals:2")
    P, A, B = (rng.integers(0, 40, 400) for _ in range(3))
    keep, keep_strict = geo.filter(P, A, B), geo.filter(P, A, B, strict=True)
    for t in range(400):
        w = geo.witness(int(P[t]), int(A[t]), int(B[t]))
        if w is not None:
            assert keep[t]
            assert keep_strict[t] or not w.strict
