"""Kill tests for the kernel protocol of the tube and fast kernels (tube_kernel.py, fast_kernel.py).

The protocol property (tests/oracle/test_kernel_protocol.py) checks FastKernel == TubeKernel
on random data, but one of its runs costs seconds, too slow for a mutation run of a thousand
mutants. These pinned cases check the same contracts on a few small SMOTE outputs, plus what
the property does not see:
- the Lemma 5b filter must *reject*: a filter that passes every pair gives the same answers,
  only slower, so the number of exact checks is pinned below the unfiltered scan's;
- batches (``chunk``) must not change the answer;
- the component meets keep exactly the components with ≥ ``min_lines`` lines, and their
  overlap pairs are the component graph's, renumbered;
- the float meet boxes hold the exact boxes, reject parallel lines, and widen on exact input;
- the reports' text is the documented text (users read it).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from refimpl import SMOTE
from refimpl.attacks.boxes import overlap_pairs
from refimpl.attacks.unionfind import components
from refimpl.kernels import FastKernel, Line, MeetComponents, TubeKernel
from refimpl.kernels.base import pairs
from refimpl.release import apply_release, parse_release

CASES = [(0, 5, 3, 1.0, None), (1, 6, 2, 1.0, "decimals:6"), (2, 6, 4, 3e5, None), (3, 5, 3, 1.0, "float32")]


def _rows(seed: int, n: int, d: int, scale: float, release: str | None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n + 3, d)) * scale
    y = np.r_[np.ones(n, int), np.zeros(3, int)]
    Xr, yr = SMOTE(k_neighbors=3, random_state=seed, sampling_strategy={1: 4 * n}).fit_resample(X, y)
    S = np.unique(Xr[yr == 1], axis=0)
    return S if release is None else np.unique(apply_release(S, release, seed=seed), axis=0)


def _unfiltered_checks(tube: TubeKernel, P: np.ndarray, C: np.ndarray) -> int:
    """How many exact tests the row-major scan makes with no filter: every valid pair up to the first witness."""
    n = 0
    ia, ib = pairs(C.shape[1])
    for p, row in zip(P.tolist(), C.tolist(), strict=True):
        for i, j in zip(ia.tolist(), ib.tolist(), strict=True):
            a, b = row[i], row[j]
            if a < 0 or b < 0 or a == p or b == p:
                continue
            n += 1
            if tube.between(p, a, b) is not None:
                break
    return n


@pytest.mark.parametrize("case", CASES)
def test_fast_witnesses_equal_tube_witnesses_in_small_batches_with_fewer_exact_checks(case: tuple) -> None:  # type: ignore[type-arg]
    X = _rows(*case)
    release = case[-1]
    N = len(X)
    fast, tube = FastKernel(X, release=release), TubeKernel(X, release=release)
    P = np.arange(N, dtype=np.intp)
    C = np.tile(P, (N, 1))
    want = tube.between_any(P, C)
    assert any(w is not None for w in want) and any(w is None for w in want)
    fast.chunk = 3  # several batches, the last one short
    assert fast.between_any(P, C) == want
    checks = fast.exact_checks
    assert sum(w is not None for w in want) <= checks < _unfiltered_checks(tube, P, C)
    # a padding index (−1) is never a candidate, whatever its position
    Cpad = C.copy()
    Cpad[:, 0] = -1
    assert fast.between_any(P, Cpad) == tube.between_any(P, Cpad)
    # one point, no pairs: no witness
    assert fast.between_any(P[:1], C[:1, :1]) == [None]


@pytest.mark.parametrize("case", CASES)
def test_fast_first_per_point_equals_tube_and_the_filter_rejects(case: tuple) -> None:  # type: ignore[type-arg]
    X = _rows(*case)
    release = case[-1]
    N = len(X)
    fast, tube = FastKernel(X, release=release), TubeKernel(X, release=release)
    rng = np.random.default_rng(7)
    # random rows, and each witnessed point's own witness pair, all shuffled together
    P = np.arange(N, dtype=np.intp)
    wit = [(p, w.a, w.b) for p, w in zip(P.tolist(), tube.between_any(P, np.tile(P, (N, 1))), strict=True) if w]
    rand = rng.integers(0, N, size=(200, 3))
    T = rng.permutation(np.concatenate([rand, np.array(wit, dtype=np.int64).reshape(-1, 3)]))
    Pq, Cq = T[:, 0].astype(np.intp), T[:, 1:].astype(np.intp)
    want = tube.first_per_point(Pq, Cq)
    assert want and fast.first_per_point(Pq, Cq) == want
    assert len(want) <= fast.exact_checks < len(Pq)
    assert fast.first_per_point(Pq[:0], Cq[:0]) == {}
    # the mask: every pair the exact test accepts is kept, padding and the point itself are not,
    # and some pair is rejected (the filter does its job)
    P = np.arange(N, dtype=np.intp)
    C = np.tile(P, (N, 1))
    C[:, -1] = -1
    keep = fast.pair_filter(P, C)
    ia, ib = pairs(N)
    assert keep.shape == (N, len(ia)) and tube.pair_filter(P, C).shape == keep.shape
    accepted = 0
    for p in range(N):
        for c, (i, j) in enumerate(zip(ia.tolist(), ib.tolist(), strict=True)):
            a, b = int(C[p, i]), int(C[p, j])
            if a < 0 or b < 0 or a == p or b == p:
                assert not keep[p, c]
            elif tube.between(p, a, b) is not None:
                accepted += 1
                assert keep[p, c]
    assert accepted > 0 and keep.sum() < N * len(ia) - N * (N - 1)


def _component_input(tube: TubeKernel, lines: list[Line]) -> MeetComponents:
    PI, PJ = (v.astype(np.intp) for v in np.triu_indices(len(lines), k=1))
    et = tube.meet_enclosures(lines, PI, PJ)
    sel = np.flatnonzero(et.keep & np.all(np.isfinite(et.lo), axis=1)).astype(np.intp)
    opairs = overlap_pairs(et.lo[sel], et.hi[sel])
    lab, comps = components(len(sel), opairs)
    return MeetComponents(
        PI, PJ, et.lo, et.hi, sel, opairs, lab, comps, np.arange(len(lines), dtype=np.int64)
    )


def _star_lines() -> tuple[np.ndarray, list[Line]]:
    """Five lines through the origin (a parent): anchors at 1 and 2 along each direction, and a far pair."""
    dirs = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1]], dtype=np.float64)
    X = np.concatenate([dirs, 2 * dirs, [[10, 10, 10], [11, 13, 10]]])
    lines = [Line((i, i + 5), (i, i + 5)) for i in range(5)] + [Line((10, 11), (10, 11))]
    return X, lines


@pytest.mark.parametrize("min_lines", [2, 3, 5, 6])
def test_component_meets_keep_components_with_enough_lines_and_their_graph(min_lines: int) -> None:
    X, lines = _star_lines()
    fast, tube = FastKernel(X), TubeKernel(X)
    comp = _component_input(tube, lines)
    exact_meets, none = tube.component_meets(lines, comp, min_lines)
    no_meets, boxes = fast.component_meets(lines, comp, min_lines)
    assert no_meets == [] and len(none.lo) == 0
    got = {
        (int(a), int(b)): (lo, hi)
        for a, b, lo, hi in zip(boxes.PI, boxes.PJ, boxes.lo, boxes.hi, strict=True)
    }
    assert {mt.lines for mt in exact_meets} <= set(got)
    assert bool(exact_meets) == (min_lines <= 5)
    # the star's ten pairwise meets all sit at the origin, one component of five lines
    assert len(got) == (10 if min_lines <= 5 else 0)
    for mt in exact_meets:
        lo, hi = got[mt.lines]
        assert all(Fraction(float(x)) <= y for x, y in zip(lo, mt.lo, strict=True))
        assert all(Fraction(float(x)) >= y for x, y in zip(hi, mt.hi, strict=True))
        assert all(lo_j <= 0 <= hi_j for lo_j, hi_j in zip(lo, hi, strict=True))
    # overlap pairs: the component graph's pairs among the kept boxes, renumbered, i < j, sorted
    index = {(int(comp.PI[t]), int(comp.PJ[t])): k for k, t in enumerate(comp.sel.tolist())}
    pos = {index[key]: n for n, key in enumerate(zip(boxes.PI.tolist(), boxes.PJ.tolist(), strict=True))}
    want = sorted(
        {(min(pos[a], pos[b]), max(pos[a], pos[b])) for a, b in comp.pairs.tolist() if a in pos and b in pos}
    )
    assert [tuple(p) for p in boxes.pairs.tolist()] == want
    assert boxes.pairs.dtype == np.intp  # row indices: a float array equals them in value but cannot index
    assert (len(want) > 0) == (min_lines <= 5)


def test_tube_meet_enclosures_hold_the_exact_boxes_reject_parallel_lines_and_widen_on_exact_input() -> None:
    X, lines = _star_lines()
    X = np.concatenate([X, [[0, 3, 5], [1, 3, 5]]])  # a line parallel to the x axis line (0, 5)
    lines = [*lines, Line((12, 13), (12, 13))]
    tube = TubeKernel(X)
    PI, PJ = (v.astype(np.intp) for v in np.triu_indices(len(lines), k=1))
    enc = tube.meet_enclosures(lines, PI, PJ)
    wide = tube.meet_enclosures(lines, PI, PJ, exact_input=True)
    kept = 0
    for t in range(len(PI)):
        i, j = int(PI[t]), int(PJ[t])
        mt = tube.meet(lines[i], lines[j], (i, j))
        if (i, j) == (0, 6):
            assert not enc.keep[t]  # parallel: no single meeting point
        if mt is None:
            continue
        kept += 1
        assert enc.keep[t] and wide.keep[t]
        assert all(Fraction(float(x)) <= y for x, y in zip(enc.lo[t], mt.lo, strict=True))
        assert all(Fraction(float(x)) >= y for x, y in zip(enc.hi[t], mt.hi, strict=True))
        assert np.all(wide.lo[t] <= enc.lo[t]) and np.all(wide.hi[t] >= enc.hi[t])
        assert np.any(wide.lo[t] < enc.lo[t]) or np.any(wide.hi[t] > enc.hi[t])
    assert kept == 10
    # the radius the boxes use is the one the witnesses use
    rows = np.arange(len(X), dtype=np.intp)
    assert np.array_equal(tube.decision_radius(rows, False), tube.rho_up)
    slack = tube.decision_radius(rows, True) - tube.rho_up
    assert np.all(slack >= np.spacing(np.abs(X)))


def test_tube_lambda_interval_on_a_duplicate_segment_is_the_given_range() -> None:
    """a == b: every α is 0, so λ is bounded only by the range passed in, if p is in a's tube at all."""
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    k = TubeKernel(X)
    assert k.lambda_interval(0, 1, 1, Fraction(1, 4), Fraction(3, 4)) == (Fraction(1, 4), Fraction(3, 4))
    assert k.lambda_interval(3, 1, 1, Fraction(0), Fraction(1)) is None
    assert k.lambda_interval(2, 0, 3, Fraction(0), Fraction(1)) is None  # (1, 0) is far off y = x


def test_reports_are_the_documented_text() -> None:
    X = _rows(0, 6, 3, 1.0, None)
    d = X.shape[1]
    assert TubeKernel(X).witness_report(X, 8) == TubeKernel(X).witness_report(X, 8)
    none = TubeKernel(X)
    assert none.witness_report(X, 8).release == "none" and none.witness_report(X, 8).guarantee == "certified"
    assert none.box_report().guarantee == "certified" and none.box_report().notes == []
    dec = TubeKernel(X, release="decimals:6")
    rep = dec.witness_report(X, 8)
    assert rep.release == "decimals:6" and rep.guarantee == "certified"
    assert rep.notes == [
        f"release decimals:6: expected real rows with a false witness ≤ {rep.expected_false_positives:.3g} "
        "(Lemma 6(c), locally continuous data in general position)"
    ]
    assert 0 <= rep.expected_false_positives < 1
    box = dec.box_report()
    assert (
        box.release == "decimals:6" and box.guarantee == "certified" and box.expected_false_positives == 0.0
    )
    assert box.notes == [
        "release decimals:6: every row's box is widened by the release radius (Lemma 6, "
        "proofs/06_noisy_tubes.py); guarantee certified"
    ]
    gauss = TubeKernel(X, release="gaussian:1e-6")
    rel = parse_release("gaussian:1e-6")
    g = gauss.witness_report(X, 8)
    assert g.guarantee == "statistical"
    assert g.notes[0] == (
        f"Gaussian release: the tube is z·σ wide with z = {rel.z(d):.3f}; a true witness "
        f"triple is rejected with probability ≤ {rel.false_rejection:g}"
    )
    gb = gauss.box_report()
    assert gb.guarantee == "statistical" and gb.expected_false_positives == 0.0
    assert (
        gb.notes[1]
        == f"Gaussian release: a true row leaves its box with probability ≤ {rel.false_rejection:g} per triple"
    )
    # a tube as wide as the data: the warning note
    wide = TubeKernel(X, release="uniform:10").witness_report(X, 8)
    assert wide.expected_false_positives >= 1
    assert wide.notes[-1].startswith("the release tube is comparable to the distance between neighbours")
    assert "unreliable at this perturbation" in wide.notes[-1]
    assert not any("comparable" in n for n in rep.notes)
    # an estimated release names its estimate and whether the residuals separated
    est = TubeKernel(X, release="unknown")
    er = est.witness_report(X, 8)
    assert er.notes[0].startswith("release scale estimated from the data: half-width ")
    sep = est.release_estimate
    assert sep is not None
    tail = "two separated groups)" if sep.separated else "no clear separation: every residual taken as noise)"
    assert er.notes[0].endswith(tail)
    assert none.assumption_notes(True) == []
    assert none.assumption_notes(False) == [
        "column_range defaults to the synthetic data's own range; for synthetic-only data this "
        "is an assumption (the real range can be wider): pass a public bound to make the "
        "boxes unconditional"
    ]
