"""Kill tests for `refimpl.kernels.fast_kernel` (issue 20): two candidates, row 0 as a pair's
second end, a filter that cannot be used (a release tube far wider than the data), a single
query point, the first query's own witness, the exact-test counter, and Lemma 13's claims
refused off the segment when no filter stands in front of them."""

from __future__ import annotations

import numpy as np

from refimpl.kernels import FastKernel, TubeKernel
from refimpl.kernels.accept import projection_lambda, tube_accept

# rows: 0 and 1 the ends of a segment, 2 its midpoint-ish interior point, 3 on the line
# beyond 1, 4 off the line near the segment, 5 far away
X = np.array([[0.0, 0.0], [4.0, 2.0], [1.0, 0.5], [6.0, 3.0], [2.0, 1.5], [-9.0, 7.0]])


def _pairs(ws: list) -> list[tuple[int, int] | None]:  # type: ignore[type-arg]
    return [None if w is None else (w.a, w.b) for w in ws]


def test_two_candidates_are_enough_for_a_witness() -> None:
    fast, tube = FastKernel(X), TubeKernel(X)
    P, C = np.array([2], dtype=np.intp), np.array([[0, 1]], dtype=np.intp)
    assert _pairs(fast.between_any(P, C)) == _pairs(tube.between_any(P, C)) == [(0, 1)]
    assert fast.witness_pairs(P, C).tolist() == [[0, 1]]


def test_row_zero_as_the_second_end_of_a_pair() -> None:
    fast = FastKernel(X)
    P, C = np.array([2], dtype=np.intp), np.array([[1, 0]], dtype=np.intp)
    assert fast.pair_filter(P, C).tolist() == [[True]]
    assert list(fast.first_per_point(P, C)) == [2]


def test_an_unusable_filter_keeps_every_valid_pair_and_decides_nothing() -> None:
    # a release radius of 1e70 on unit data: β̂² is beyond the range guard, so Lemma 5b is off
    fast, tube = FastKernel(X, release="uniform:1e70"), TubeKernel(X, release="uniform:1e70")
    assert fast.filter_state[-1] is False
    P = np.array([2, 3, 4], dtype=np.intp)
    C = np.array([[0, 1, 2], [0, 1, 3], [0, 1, 5]], dtype=np.intp)  # row 3 lists itself: invalid pairs
    mask = fast.pair_filter(P, C)
    assert mask.dtype == bool and mask.shape == (3, 3)
    assert mask.tolist() == [[True, False, False], [True, False, False], [True, True, True]]
    assert _pairs(fast.between_any(P, C)) == _pairs(tube.between_any(P, C))


def test_a_single_query_and_the_first_querys_own_witness() -> None:
    fast = FastKernel(X)
    P = np.array([2], dtype=np.intp)
    C = np.array([[0, 1]], dtype=np.intp)
    assert list(fast.first_per_point(P, C)) == [2]
    # the first row is the only one with a witness: a scan starting at the second misses it
    P2 = np.array([2, 5], dtype=np.intp)
    C2 = np.array([[0, 1], [0, 4]], dtype=np.intp)
    got = fast.first_per_point(P2, C2)
    assert list(got) == [2] and (got[2].a, got[2].b) == (0, 1)


def test_the_exact_test_counter_counts_each_exact_test_once() -> None:
    fast = FastKernel(X)
    P, C = np.array([2, 4], dtype=np.intp), np.array([[0, 1, 5], [0, 1, 5]], dtype=np.intp)
    fast.exact_checks = 0
    ws = fast.between_any(P, C)
    # the filter passes (0, 1) for row 2 (its witness: one exact test) and rejects row 4's pairs
    passed = fast.pair_filter(P, C)
    assert _pairs(ws) == [(0, 1), None] and passed[0, 0] and not passed[1].any()
    assert fast.exact_checks == 1
    fast2 = FastKernel(X)
    Pq, A, B = np.array([2, 3, 4, 5]), np.array([0, 0, 0, 0]), np.array([1, 1, 1, 1])
    sure = tube_accept(X, fast2.rho_up, Pq, A, B, projection_lambda(X, Pq, A, B))
    fast2.exact_checks = 0
    got = fast2.on_line_many(Pq, A, B)
    assert got.tolist() == [True, True, False, False]
    assert fast2.exact_checks == int((~sure).sum()) == 2


def test_lemma_13_claims_only_points_strictly_inside_the_segment() -> None:
    # rows scaled by 2^-505 next to one unit row: the Gram diagonals of the small rows fall
    # below the range guard, so Lemma 5b rejects nothing and every pair reaches Lemma 13's
    # certificate. On the line beyond the segment (λ = 1.5) and off the line near it, no
    # witness may be claimed; the interior point keeps its own.
    s = 2.0**-505
    Y = np.array([[0.0, 0.0], [4 * s, 2 * s], [6 * s, 3 * s], [2 * s, 1.5 * s], [s, 0.5 * s], [1.0, 1.0]])
    # a public column range of 1e-150 (the small rows' differences are ~1e-152): its b·R term
    # makes the tube wide enough for the certificate's margin, and still far narrower than
    # the off-line point's distance from the line
    rng = [1e-150, 1e-150]
    fast, tube = FastKernel(Y, column_range=rng), TubeKernel(Y, column_range=rng)
    P = np.array([2, 3, 4], dtype=np.intp)
    C = np.array([[0, 1], [0, 1], [0, 1]], dtype=np.intp)
    assert fast.pair_filter(P, C).all()  # nothing rejected in floats
    want = [[-1, -1], [-1, -1], [0, 1]]
    assert fast.witness_pairs(P, C).tolist() == want
    assert [[-1, -1] if w is None else [w.a, w.b] for w in tube.between_any(P, C)] == want
    lam = projection_lambda(Y, P, np.array([0, 0, 0]), np.array([1, 1, 1]))
    assert lam.tolist()[0] == 1.5 and 0 < lam[1] < 1  # the certificate is asked at these λ
    sure = tube_accept(Y, fast.rho_up, P, np.array([0, 0, 0]), np.array([1, 1, 1]), lam)
    assert sure.tolist() == [True, False, True]  # on the line beyond b: certified on the line, not between


def test_radii_beyond_the_float_range_turn_the_filter_off_quietly() -> None:
    import warnings

    # a subnormal row next to rows near 1e300: no power of two rescales them exactly, and the
    # filter's β² exceeds every float; the filter is then unusable (not an OverflowError)
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(30, 3)) * 1e300
    Z[0] = [5e-324, 0.0, 0.0]
    Z[5] = Z[3] + 0.5 * (Z[4] - Z[3])
    C = np.array([[j for j in range(30) if j != i][:6] for i in range(30)], dtype=np.intp)
    C[5] = [3, 4, 0, 1, 2, 6]
    P = np.arange(30, dtype=np.intp)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no RuntimeWarning from inside the filter
        fast = FastKernel(Z)
        assert fast.filter_state[-1] is False
        got = _pairs(fast.between_any(P, C))
    assert got == _pairs(TubeKernel(Z).between_any(P, C)) and got[5] == (3, 4)
