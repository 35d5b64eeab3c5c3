"""Kill tests for `refimpl.kernels.tube_kernel` (the mutation run of issue 20): the meeting
boxes when some rows anchor no line, so the decision radius is asked for a subset of rows
(Lemmas 2 and 3)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from refimpl.kernels import TubeKernel
from refimpl.kernels.base import Line


def test_meet_enclosures_ask_the_radius_of_the_anchor_rows_only() -> None:
    # two lines meeting at (0, 0), outside both anchor spans (a parent is a segment's end), on
    # rows 0-1 and 2-3; rows 4-6 anchor nothing, and row 4 sits
    # far out so that its radius (and a radius array over every row) differs from the anchors'
    X = np.array([[1.0, 1.0], [2.0, 2.0], [1.0, -1.0], [2.0, -2.0], [1e6, 3.0], [2.0, 7.0], [5.0, 5.0]])
    tube = TubeKernel(X)
    lines = [Line((0, 1), (0, 1)), Line((2, 3), (2, 3))]
    PI, PJ = np.array([0], dtype=np.intp), np.array([1], dtype=np.intp)
    enc = tube.meet_enclosures(lines, PI, PJ)
    mt = tube.meet(lines[0], lines[1], (0, 1))
    assert mt is not None and bool(enc.keep[0])
    assert all(Fraction(float(x)) <= y for x, y in zip(enc.lo[0], mt.lo, strict=True))
    assert all(Fraction(float(x)) >= y for x, y in zip(enc.hi[0], mt.hi, strict=True))
    assert np.all(enc.lo[0] < 0) and np.all(enc.hi[0] > 0)  # the meet (0, 0) inside, finite
    assert np.all(np.isfinite(enc.lo[0])) and np.all(np.isfinite(enc.hi[0]))


def _segments(seed: int) -> np.ndarray:
    """Real rows and rows on the segments between them, so that `between` finds witnesses."""
    rng = np.random.default_rng(seed)
    real = rng.normal(size=(5, 3))
    syn = [
        real[i] + lam * (real[j] - real[i])
        for i, j, lam in [(0, 1, 0.3), (0, 1, 0.7), (2, 3, 0.5), (1, 4, 0.25)]
    ]
    return np.vstack([real, np.array(syn)])


def _same_decisions(tube: TubeKernel, sub: TubeKernel, rows: np.ndarray) -> int:
    found = 0
    n = len(rows)
    for i in range(n):
        assert sub.row(i) == tube.row(int(rows[i]))
        assert sub.rho(i) == tube.rho(int(rows[i]))
        for j in range(n):
            for k in range(j + 1, n):
                P, A, B = (int(rows[t]) for t in (i, j, k))
                w, ws = tube.between(P, A, B), sub.between(i, j, k)
                assert (w is None) == (ws is None)
                if w is not None and ws is not None:
                    found += 1
                    assert (ws.lam_lo, ws.lam_hi, ws.touches_endpoint) == (
                        w.lam_lo,
                        w.lam_hi,
                        w.touches_endpoint,
                    )
                assert sub.on_line(i, j, k) == tube.on_line(P, A, B)
    return found


def test_a_restricted_tube_kernel_decides_every_triple_of_its_rows_as_the_whole_one() -> None:
    X = _segments(0)
    for release in (None, "uniform:1e-3"):
        tube = TubeKernel(X, release=release)
        everything = np.arange(len(X), dtype=np.intp)
        _same_decisions(tube, tube, everything)  # fills every per-row cache of the whole kernel
        rows = np.array([6, 1, 0, 5, 2, 3], dtype=np.intp)  # reordered: a stale cache answers wrongly
        sub = tube.restrict(rows)
        assert isinstance(sub, TubeKernel)
        assert np.array_equal(sub.rho_up, tube.rho_up[rows]) and np.array_equal(sub.points, X[rows])
        assert np.array_equal(
            sub.decision_radius(np.arange(len(rows)), True), tube.decision_radius(rows, True)
        )
        assert sub.column_range == tube.column_range and sub.release == tube.release
        assert _same_decisions(tube, sub, rows) >= 2  # (0, 1)'s two rows, (2, 3)'s one
        # the tube's release radius is per row too: it must follow the rows
        assert np.array_equal(sub._rel_up, tube._rel_up[rows])


def test_mixed_magnitudes_restrict_to_per_row_scales() -> None:
    # a row at 1e-300 next to O(1) rows: no common integer scale (per-row scales, Lemma 3 exact)
    X = np.vstack([_segments(1), [[1e-300, 2e-300, 3e-300]]])
    tube = TubeKernel(X)
    _same_decisions(tube, tube, np.arange(len(X), dtype=np.intp))
    rows = np.array([9, 6, 0, 1, 5], dtype=np.intp)
    sub = tube.restrict(rows)
    assert _same_decisions(tube, sub, rows) >= 1


def test_the_kernel_passes_m_screen_and_hint_to_the_rates() -> None:
    from refimpl.attacks.assumptions import FALSE_WITNESS_RATE
    from refimpl.release import false_witness_rates

    rng = np.random.default_rng(7)
    X = 1e8 + 1e-2 * rng.normal(size=(60, 10))  # far out: rates near the cut, so each argument matters
    tube = TubeKernel(X, release="uniform:1e-4")
    hint = np.full(len(X), 0.05)
    for m, screen, h in [
        (4, 0.0, None),
        (7, FALSE_WITNESS_RATE / 60, None),
        (7, FALSE_WITNESS_RATE / 60, hint),
    ]:
        got = tube.false_witness_rates(X, m, screen=screen, reach_hint=h)
        assert np.array_equal(got, false_witness_rates(X, tube.rho_up, m, screen=screen, reach_hint=h))
    a = tube.false_witness_rates(X, 4)
    b = tube.false_witness_rates(X, 7)
    c = tube.false_witness_rates(X, 7, screen=FALSE_WITNESS_RATE / 60, reach_hint=hint)
    assert not np.array_equal(a, b) and not np.array_equal(b, c)  # m and the hint change the values
    rep = tube.witness_report(X, 7, rates=c)
    assert rep.expected_false_positives == float(c.sum())  # the caller's rates, not recomputed
    assert tube.witness_report(X, 7).expected_false_positives == float(b.sum())


def test_a_restricted_fast_kernel_keeps_the_global_filter_constants_and_the_same_witnesses() -> None:
    from refimpl.kernels import FastKernel

    X = np.vstack([_segments(2), 40.0 + _segments(3)])  # two groups far apart: the scale σ is global
    fast = FastKernel(X)
    everything = np.arange(len(X), dtype=np.intp)
    # each row's candidates: the other eight rows of its group
    C = np.array(
        [[q for q in range(9 * (p // 9), 9 * (p // 9) + 9) if q != p] for p in everything], dtype=np.intp
    )
    whole = fast.between_any(everything, C)
    xs, b2, k0, k1, k2, usable = fast.filter_state
    bn = fast.bn
    fast.exact_checks = 5
    rows = np.array([8, 7, 5, 0, 1, 2, 3, 4, 6], dtype=np.intp)  # one group, reordered
    sub = fast.restrict(rows)
    assert isinstance(sub, FastKernel) and sub.exact_checks == 0
    sxs, sb2, sk0, sk1, sk2, susable = sub.filter_state
    assert np.array_equal(sxs, xs[rows]) and (sb2, sk0, sk1, sk2, susable) == (b2, k0, k1, k2, usable)
    assert sub.bn == bn
    pos = {int(r): i for i, r in enumerate(rows.tolist())}
    for p in range(len(rows)):
        others = [pos[int(c)] for c in C[rows[p]] if int(c) in pos]
        if len(others) < 2:
            continue
        w = sub.between_any(np.array([p], dtype=np.intp), np.array([others], dtype=np.intp))[0]
        want = fast.between_any(np.array([rows[p]], dtype=np.intp), rows[np.array([others])])[0]
        assert (w is None) == (want is None)
        if w is not None and want is not None:
            assert (int(rows[w.a]), int(rows[w.b]), w.lam_lo, w.lam_hi) == (
                want.a,
                want.b,
                want.lam_lo,
                want.lam_hi,
            )
    assert sum(w is not None for w in whole) >= 4  # the segments' rows have witnesses


def test_a_restricted_kernel_on_rational_rows_keeps_their_exact_values() -> None:
    # rows given as Fractions (exact input): the kernel's exact rows are those, not float images
    X = [tuple(Fraction(int(v * 8), 8) + Fraction(1, 3) for v in row) for row in _segments(4).tolist()]
    tube = TubeKernel(X)
    rows = np.array([7, 2, 0, 4], dtype=np.intp)
    sub = tube.restrict(rows)
    assert [sub.row(i) for i in range(len(rows))] == [X[r] for r in rows.tolist()]
    assert all(v.denominator % 3 == 0 for v in sub.row(0))  # thirds: not float images


def test_rows_equal_in_value_are_never_between_whatever_their_index() -> None:
    # row 3 repeats row 1's values, row 4 repeats row 0's: "between" needs three distinct points
    X = np.array([[0.0, 0.0], [2.0, 2.0], [1.0, 1.0], [2.0, 2.0], [0.0, 0.0]])
    for kern in (TubeKernel(X), TubeKernel(X, release="uniform:1e-3")):
        assert kern.between(2, 0, 1) is not None  # the midpoint: a witness
        assert kern.between(3, 0, 1) is None  # p equal to b in value
        assert kern.between(4, 0, 1) is None  # p equal to a in value
        assert kern.between(2, 1, 3) is None  # a equal to b in value
        assert kern.between(0, 0, 1) is None and kern.between(1, 0, 1) is None  # p is an end by index


def test_the_common_integer_scale_holds_rows_with_exact_zeros() -> None:
    from refimpl.kernels.dyadic import common_scale_ints, row_ints

    X = np.array([[0.0, 1.5, -0.25], [2.0, 0.0, 0.0], [0.125, -3.0, 0.0]])
    R = np.full(X.shape, 2.0**-40)
    got = common_scale_ints(X, R)
    assert got is not None
    rows, radii = got
    scale = max(row_ints(X[i], R[i])[0] for i in range(len(X)))
    for i in range(len(X)):
        assert [Fraction(v, 1 << scale) for v in rows[i]] == [Fraction(x) for x in X[i].tolist()]
        assert [Fraction(v, 1 << scale) for v in radii[i]] == [Fraction(r) for r in R[i].tolist()]
