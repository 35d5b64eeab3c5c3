"""The kernels agree: FastKernel == TubeKernel on float data (Lemma 5), the integer tube path ==
the Fraction path, and the certified kernels accept every true SMOTE witness (Lemma 3)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.errors import InvalidParameter
from refimpl.kernels import (
    EpsilonKernel,
    ExactKernel,
    FastKernel,
    GeometryKernel,
    TubeKernel,
    make_kernel,
)
from refimpl.lambda_interval import affine_interval


def smote_rows(seed: int, n: int, d: int, scale: float, m: int):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n + 3, d)) * scale
    y = np.r_[np.ones(n, int), np.zeros(3, int)]
    sm = SMOTE(k_neighbors=min(3, n - 1), random_state=seed, sampling_strategy={1: n + m})
    Xr, yr = sm.fit_resample(X, y)
    return Xr[yr == 1], sm.provenance_


@given(
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(4, 8),
    d=st.integers(1, 6),
    scale=st.sampled_from([1.0, 1e-300, 1e150, 1e-8, 3e5]),
)
@example(seed=0, n=4, d=1, scale=1.0)
@example(seed=1, n=5, d=3, scale=1e-300)  # subnormal coordinates
@example(seed=2, n=5, d=3, scale=1e150)  # Gram entries overflow: the filter must not reject
def test_fast_equals_tube_on_every_triple(seed: int, n: int, d: int, scale: float) -> None:
    X, _ = smote_rows(seed, n, d, scale, 3 * n)
    fast, tube = FastKernel(X), TubeKernel(X)
    P = np.arange(len(X), dtype=np.intp)
    C = np.tile(np.arange(len(X), dtype=np.intp), (len(X), 1))
    assert fast.between_any(P, C) == tube.between_any(P, C)
    # and the filter never drops a pair the exact test accepts
    keep = fast.pair_filter(P, C)
    ia, ib = np.triu_indices(len(X), 1)
    for p in range(len(X)):
        for c, (i, j) in enumerate(zip(ia.tolist(), ib.tolist(), strict=True)):
            if i != p and j != p and tube.between(p, i, j) is not None:
                assert keep[p, c]


@given(seed=st.integers(0, 2**31 - 1), n=st.integers(3, 7), d=st.integers(1, 5))
@example(seed=3, n=3, d=2)
def test_true_parents_are_always_certified(seed: int, n: int, d: int) -> None:
    """Lemma 3: the tube kernels accept (base, neighbour) for every synthetic row with λ > 0."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n + 2, d))
    y = np.r_[np.ones(n, int), np.zeros(2, int)]
    sm = SMOTE(k_neighbors=min(2, n - 1), random_state=seed, sampling_strategy={1: 4 * n})
    Xr, _ = sm.fit_resample(X, y)
    kern = TubeKernel(Xr)
    prov = sm.provenance_
    for r in range(len(prov)):
        row, b, nb = int(prov.row[r]), int(prov.base[r]), int(prov.neighbour[r])
        if np.array_equal(Xr[row], Xr[b]) or np.array_equal(Xr[row], Xr[nb]):
            continue  # a rounded copy of a parent: not "between" by definition
        w = kern.between(row, b, nb)
        assert w is not None and w.lam_lo <= prov.lam_exact(r) <= w.lam_hi


@given(seed=st.integers(0, 2**31 - 1), d=st.integers(1, 5))
@example(seed=0, d=2)
def test_integer_tube_path_equals_fraction_path(seed: int, d: int) -> None:
    """The integer λ-interval is the Fraction one (same exact computation, same rounded-up radii)."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(3, d))
    base[0] = base[1] + 0.37 * (base[2] - base[1]) + rng.normal(size=d) * 1e-17
    k = TubeKernel(base)
    P, A, B = (k.row(i) for i in range(3))
    rp, ra, rb = (tuple(Fraction(float(v)) for v in k.rho_up[i]) for i in range(3))
    iv = affine_interval(
        [x - y for x, y in zip(P, A)],
        [x - y for x, y in zip(B, A)],
        [x + y for x, y in zip(rp, ra)],
        [y - x for x, y in zip(ra, rb)],
        Fraction(0),
        Fraction(1),
    )
    w = k.between(0, 1, 2)
    if iv is None or iv[1] == 0 or iv[0] == 1:
        assert w is None
    else:
        assert w is not None and (w.lam_lo, w.lam_hi) == iv


def test_exact_kernel_decides_exactly() -> None:
    X = [[Fraction(0), Fraction(0)], [Fraction(1, 3), Fraction(2, 3)], [Fraction(1), Fraction(2)], [Fraction(1), Fraction(1)]]
    k = ExactKernel(X)
    w = k.between(1, 0, 2)
    assert w is not None and w.lam_lo == w.lam_hi == Fraction(1, 3)
    assert k.between(3, 0, 2) is None
    assert k.between(0, 1, 2) is None  # collinear, but outside the segment
    assert k.on_line(0, 1, 2)


def test_epsilon_kernel_is_fooled_where_the_tube_is_not() -> None:
    """A point 1e-7 off the segment (angle ~1e-7 rad, inside the published 1.41e-6 tolerance)."""
    a, b = np.array([0.0, 0.0]), np.array([1.0, 0.0])
    p = np.array([0.5, 1e-7])
    X = np.stack([p, a, b])
    assert EpsilonKernel(X).between(0, 1, 2) is not None
    assert TubeKernel(X).between(0, 1, 2) is None
    assert FastKernel(X).between_any(np.array([0]), np.array([[1, 2]])) == [None]


def test_far_from_origin_the_tube_stays_narrow() -> None:
    """At 1e8 from the origin the tube grows with |x| (Lemma 3) but a point 1e-3 off stays out."""
    off = 1e8
    X = np.array([[off + 0.5, off + 1e-3], [off, off], [off + 1.0, off]])
    assert TubeKernel(X).between(0, 1, 2) is None
    on = np.array([[off + 0.5, off], [off, off], [off + 1.0, off]])
    w = TubeKernel(on).between(0, 1, 2)
    assert w is not None and w.lam_lo <= Fraction(1, 2) <= w.lam_hi


def test_make_kernel_names_and_errors() -> None:
    X = np.eye(3)
    for name in ("exact", "tube", "fast", "epsilon"):
        assert isinstance(make_kernel(name, X), GeometryKernel)
    with pytest.raises(InvalidParameter, match="unknown kernel"):
        make_kernel("cosine", X)
    with pytest.raises(InvalidParameter):
        EpsilonKernel(X, eps=0)


@given(seed=st.integers(0, 2**31 - 1), d=st.integers(1, 5), off=st.sampled_from([0.0, 1e-17, 1e-15, 1e-12, 1e-3]))
@example(seed=0, d=2, off=0.0)
@example(seed=1, d=3, off=1e-15)
def test_on_line_equals_the_three_piece_fraction_test(seed: int, d: int, off: float) -> None:
    """TubeKernel.on_line (with its exact shortcut at the projected λ) is the exact three-piece test."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=d), rng.normal(size=d)
    lam = rng.uniform(-1.5, 2.5)
    p = a + lam * (b - a) + rng.normal(size=d) * off
    k = TubeKernel(np.stack([p, a, b]))
    P, A, B = (k.row(i) for i in range(3))
    rp, ra, rb = (tuple(Fraction(float(v)) for v in k.rho_up[i]) for i in range(3))
    r = [x - y for x, y in zip(P, A)]
    dd = [x - y for x, y in zip(B, A)]
    big = Fraction(2) ** 200
    pieces = (
        (-big, Fraction(0), [x + y for x, y in zip(rp, ra)], [-(x + y) for x, y in zip(ra, rb)]),
        (Fraction(0), Fraction(1), [x + y for x, y in zip(rp, ra)], [y - x for x, y in zip(ra, rb)]),
        (Fraction(1), big, [x - y for x, y in zip(rp, ra)], [x + y for x, y in zip(ra, rb)]),
    )
    expected = any(affine_interval(r, dd, b0, b1, lo, hi) is not None for lo, hi, b0, b1 in pieces)
    assert k.on_line(0, 1, 2) is expected
