"""FastKernel == TubeKernel over the whole kernel protocol (Lemma 5b inside the tube kernel).

One property test per protocol, not per attack: every method the attacks call gives the
same answer on both kernels (or, for the float boxes FastKernel keeps as meets, a proven
enclosure of TubeKernel's exact box).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.attacks.boxes import overlap_pairs
from refimpl.attacks.unionfind import components
from refimpl.kernels import FastKernel, Line, MeetComponents, TubeKernel
from refimpl.release import apply_release


def _rows(seed: int, n: int, d: int, scale: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n + 3, d)) * scale
    y = np.r_[np.ones(n, int), np.zeros(3, int)]
    sm = SMOTE(k_neighbors=min(3, n - 1), random_state=seed, sampling_strategy={1: 4 * n})
    Xr, yr = sm.fit_resample(X, y)
    return np.unique(Xr[yr == 1], axis=0)


@settings(max_examples=8, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(4, 5),
    d=st.integers(1, 5),
    scale=st.sampled_from([1.0, 1e-300, 1e150, 3e5]),
    release=st.sampled_from([None, "float32", "decimals:6", "uniform:1e-5"]),
)
@example(seed=0, n=4, d=1, scale=1.0, release=None)
@example(seed=1, n=5, d=3, scale=1e-300, release=None)  # subnormal coordinates
@example(seed=2, n=5, d=3, scale=1e150, release=None)  # Gram entries overflow: the filter must not reject
@example(seed=3, n=6, d=2, scale=1.0, release="decimals:6")  # a release widens both tubes alike
@example(seed=0, n=4, d=2, scale=1e150, release="float32")  # beyond float32's range: no release (it gave inf)
def test_fast_kernel_equals_tube_kernel_over_the_protocol(seed: int, n: int, d: int, scale: float, release: str | None) -> None:
    X = _rows(seed, n, d, scale)
    if release == "float32" and np.abs(X).max() >= np.finfo(np.float32).max:
        release = None  # a float32 release of rows beyond float32's range is no release (the kernels refuse inf)
    if release is not None:
        X = np.unique(apply_release(X, release, seed=seed), axis=0)
    if len(X) < 3:
        return
    fast, tube = FastKernel(X, release=release), TubeKernel(X, release=release)
    N = len(X)
    rng = np.random.default_rng(seed)
    # radii, reports and notes
    assert np.array_equal(fast.tube_radius(), tube.tube_radius())
    rows = np.arange(N, dtype=np.intp)
    assert np.array_equal(fast.decision_radius(rows, False), tube.decision_radius(rows, False))
    assert fast.tube_widened == tube.tube_widened and fast.guarantee == tube.guarantee
    assert fast.witness_report(X, 8) == tube.witness_report(X, 8)
    assert fast.box_report() == tube.box_report()
    assert fast.assumption_notes(False) == tube.assumption_notes(False)
    # batched witnesses: every pair of every row, and first witness per point
    P = rows
    C = np.tile(rows, (N, 1))
    assert fast.between_any(P, C) == tube.between_any(P, C)
    # the witness pairs alone (FastKernel: Lemma 13 accepts in floats) are the witnesses' pairs
    assert np.array_equal(fast.witness_pairs(P, C), tube.witness_pairs(P, C))
    Pq = rng.integers(0, N, size=60).astype(np.intp)
    Cq = rng.integers(0, N, size=(60, 2)).astype(np.intp)
    assert fast.first_per_point(Pq, Cq) == tube.first_per_point(Pq, Cq)
    # the filter never drops a pair the exact test accepts; the tube kernel's keeps every pair
    keep = fast.pair_filter(P, C)
    assert tube.pair_filter(P, C).all()
    ia, ib = np.triu_indices(N, 1)
    for p in range(N):
        for c, (i, j) in enumerate(zip(ia.tolist(), ib.tolist(), strict=True)):
            if i != p and j != p and tube.between(p, i, j) is not None:
                assert keep[p, c]
    # on_line, meet and the meet enclosures
    for p, a, b in rng.integers(0, N, size=(40, 3)).tolist():
        if a != b:
            assert fast.on_line(p, a, b) == tube.on_line(p, a, b)
    T = rng.integers(0, N, size=(60, 3)).astype(np.intp)
    assert np.array_equal(fast.on_line_many(T[:, 0], T[:, 1], T[:, 2]), tube.on_line_many(T[:, 0], T[:, 1], T[:, 2]))
    lines = [Line((a, b), (a, b)) for a in range(N) for b in range(a + 1, N) if rng.random() < 0.4]
    if len(lines) < 2:
        return
    PI, PJ = (v.astype(np.intp) for v in np.triu_indices(len(lines), k=1))
    ef, et = fast.meet_enclosures(lines, PI, PJ), tube.meet_enclosures(lines, PI, PJ)
    assert np.array_equal(ef.keep, et.keep) and np.array_equal(ef.lo, et.lo) and np.array_equal(ef.hi, et.hi)
    for t in range(len(PI)):
        i, j = int(PI[t]), int(PJ[t])
        assert fast.meet(lines[i], lines[j], (i, j)) == tube.meet(lines[i], lines[j], (i, j))
    # component meets: the tube kernel's exact boxes lie inside the fast kernel's float boxes
    sel = np.flatnonzero(et.keep & np.all(np.isfinite(et.lo), axis=1)).astype(np.intp)
    pairs = overlap_pairs(et.lo[sel], et.hi[sel])
    lab, comps = components(len(sel), pairs)
    roots = np.arange(len(lines), dtype=np.int64)
    comp = MeetComponents(PI, PJ, et.lo, et.hi, sel, pairs, lab, comps, roots)
    exact_meets, none = tube.component_meets(lines, comp, 2)
    no_meets, boxes = fast.component_meets(lines, comp, 2)
    assert len(none.lo) == 0 and no_meets == []
    got = {(int(a), int(b)): (lo, hi) for a, b, lo, hi in zip(boxes.PI, boxes.PJ, boxes.lo, boxes.hi, strict=True)}
    for mt in exact_meets:
        lo, hi = got[mt.lines]
        assert all(Fraction(float(x)) <= y for x, y in zip(lo, mt.lo, strict=True))
        assert all(Fraction(float(x)) >= y for x, y in zip(hi, mt.hi, strict=True))
