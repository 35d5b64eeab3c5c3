"""Lemma 14 (proofs/14_product_knn.py): exact m-nearest lists by blocked matrix products."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from refimpl.attacks.distin import _nearest_of
from refimpl.knn_eps import exact_by_products
from refimpl.knn_products import (
    direct_sqdist,
    nearest_by_products,
    pairs_within,
    products_apply,
    selection_coefficients,
)


def brute(X: np.ndarray, rows: np.ndarray, m: int) -> np.ndarray:
    """Every row ranked by (direct float distance, id), self excluded: the lists Lemma 14(b) promises."""
    out = []
    for i in rows.tolist():
        order = [j for j in np.lexsort((np.arange(len(X)), direct_sqdist(X, X[i]))).tolist() if j != i]
        out.append(order[:m])
    return np.asarray(out, dtype=np.intp)


def make_rows(seed: int, n: int, d: int, offset: float, scale: float, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "lattice":  # exact ties everywhere: the id tie-break decides
        return offset + scale * rng.integers(0, 3, size=(n, d)).astype(float)
    if kind == "duplicates":
        half = rng.normal(size=((n + 1) // 2, d))
        return offset + scale * np.vstack([half, half])[:n]
    return offset + scale * rng.normal(size=(n, d))


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(2, 70),
    d=st.integers(1, 24),
    offset=st.sampled_from([0.0, 1e8, 1e10, 1e12, -7e11]),
    scale=st.sampled_from([1.0, 1e-4, 1e-300, 1e100]),
    kind=st.sampled_from(["normal", "lattice", "duplicates"]),
    m=st.integers(1, 69),
)
@example(
    seed=0, n=40, d=1, offset=1e12, scale=1e-4, kind="normal", m=5
)  # d = 1, spread below the offset's ulp scale
@example(seed=1, n=30, d=5, offset=0.0, scale=1.0, kind="lattice", m=29)  # ties everywhere, the whole list
@example(seed=2, n=31, d=6, offset=1e8, scale=1.0, kind="duplicates", m=3)  # every row twice
@example(seed=3, n=25, d=4, offset=0.0, scale=1e-300, kind="normal", m=4)  # subnormal differences
def test_lists_equal_a_brute_force_sort(
    seed: int, n: int, d: int, offset: float, scale: float, kind: str, m: int
) -> None:
    X = make_rows(seed, n, d, offset, scale, kind)
    m = min(m, n - 1)
    rows = np.arange(n, dtype=np.intp)[:: 1 + seed % 3]
    assert products_apply(X)
    assert (nearest_by_products(X, rows, m) == brute(X, rows, m)).all()


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(8, 90),
    d=st.integers(1, 24),
    offset=st.sampled_from([0.0, 1e8, 1e12, -7e11]),
    scale=st.sampled_from([1.0, 1e-4, 1e-300, 1e100]),
    kind=st.sampled_from(["normal", "lattice", "duplicates"]),
    m=st.integers(1, 20),
    every=st.sampled_from([2, 3, 8]),
    side=st.sampled_from([1, 7, 256]),
)
@example(seed=0, n=40, d=1, offset=1e12, scale=1e-4, kind="normal", m=5, every=2, side=7)  # d = 1
@example(seed=1, n=60, d=5, offset=0.0, scale=1.0, kind="lattice", m=19, every=3, side=7)  # ties everywhere
@example(seed=2, n=31, d=6, offset=1e8, scale=1.0, kind="duplicates", m=3, every=2, side=1)  # every row twice
@example(seed=3, n=25, d=4, offset=0.0, scale=1e-300, kind="normal", m=4, every=2, side=256)  # subnormal
def test_square_tiles_under_a_sampled_bound_give_the_same_lists(
    seed: int, n: int, d: int, offset: float, scale: float, kind: str, m: int, every: int, side: int
) -> None:
    """Lemma 14(c): `_nearest_tiled` (forced here at any size) returns the brute-force lists."""
    import refimpl.knn_products as kp

    X = make_rows(seed, n, d, offset, scale, kind)
    m = min(m, n // every - 1)
    if m < 1:
        return
    rows = np.arange(n, dtype=np.intp)[:: 1 + seed % 3]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kp, "TALL_BLOCK", 1 << 40)  # every size takes the tiles
        mp.setattr(kp, "SAMPLE_EVERY", every)
        mp.setattr(kp, "TILE_SIDE", side)
        assert (kp.nearest_by_products(X, rows, m) == brute(X, rows, m)).all()


def test_the_tiles_without_the_slack_lose_a_tied_neighbour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation check of the tiled path: σ = 0 loses rows that tie the m-th direct distance."""
    import refimpl.knn_products as kp

    X = make_rows(0, 90, 3, 0.0, 1.0, "lattice")
    rows = np.arange(90, dtype=np.intp)
    ref = brute(X, rows, 5)
    monkeypatch.setattr(kp, "TALL_BLOCK", 1 << 40)
    monkeypatch.setattr(kp, "SAMPLE_EVERY", 3)
    monkeypatch.setattr(kp, "TILE_SIDE", 16)
    assert (kp.nearest_by_products(X, rows, 5) == ref).all()
    monkeypatch.setattr(kp, "selection_coefficients", lambda d: (0.0, 0.0))
    assert (kp.nearest_by_products(X, rows, 5) != ref).any()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), d=st.integers(1, 24), offset=st.sampled_from([0.0, 1e9, 1e12]))
@example(seed=0, d=20, offset=1e12)
@example(seed=1, d=1, offset=0.0)
def test_the_bound_holds_exactly(seed: int, d: int, offset: float) -> None:
    """Lemma 14(a) with exact rational differences: |G − D̂| ≤ σ for every pair."""
    X = make_rows(seed, 12, d, offset, 1.0, "normal")
    K, c = selection_coefficients(d)
    Y = X - X.mean(axis=0)
    sq = np.einsum("ij,ij->i", Y, Y)
    G = Y @ (-2.0 * Y.T) + sq[:, None] + sq[None, :]
    N = np.sqrt(sq)
    S = N + N.max()
    sigma = K * (S * S) + c
    worst = Fraction(0)
    for i in range(len(X)):
        Dh = direct_sqdist(X, X[i])
        for j in range(len(X)):
            gap = abs(Fraction(float(G[i, j])) - Fraction(float(Dh[j])))
            assert gap <= Fraction(float(sigma[i]))
            worst = max(worst, gap / Fraction(float(sigma[i])))
    assert worst < 1


def test_without_the_slack_a_tied_neighbour_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation check: σ = 0 (cutting at the m-th product value) loses rows that tie the m-th direct distance."""
    import refimpl.knn_products as kp

    X = make_rows(0, 60, 3, 0.0, 1.0, "lattice")
    rows = np.arange(60, dtype=np.intp)
    ref = brute(X, rows, 5)
    assert (nearest_by_products(X, rows, 5) == ref).all()
    monkeypatch.setattr(kp, "selection_coefficients", lambda d: (0.0, 0.0))
    assert (kp.nearest_by_products(X, rows, 5) != ref).any()


def test_overflowing_rows_go_to_the_tree() -> None:
    X = np.array([[1e300, 0.0], [-1e300, 1.0], [0.0, 0.0], [5.0, 5.0]])
    assert not products_apply(X)
    assert products_apply(X / 1e290)


@pytest.mark.parametrize("n, d", [(300, 20), (500, 12)])
def test_distin_search_uses_products_where_the_tree_degenerates(n: int, d: int) -> None:
    """`_nearest_of`'s exact search: the same lists as cKDTree on tie-free data, by Lemma 14's products."""
    assert exact_by_products(n, d)
    X = np.random.default_rng(n).normal(size=(n, d))
    rows = np.arange(n, dtype=np.intp)
    _, idx = cKDTree(X).query(X, k=9)
    assert (_nearest_of(X, rows, 8) == idx[:, 1:]).all()
    assert (_nearest_of(X, rows, 8) == brute(X, rows, 8)).all()


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    d=st.integers(1, 22),
    offset=st.sampled_from([0.0, 1e8, 1e12]),
    kind=st.sampled_from(["normal", "lattice", "duplicates"]),
    quantile=st.floats(0.0, 1.0),
)
@example(seed=0, d=20, offset=1e12, kind="normal", quantile=0.05)  # far from the origin
@example(seed=1, d=3, offset=0.0, kind="lattice", quantile=0.5)  # bounds equal to many distances
@example(seed=2, d=5, offset=1e8, kind="duplicates", quantile=0.0)  # bound 0: the copies only
def test_pairs_within_keeps_every_pair_within_the_bound(
    seed: int, d: int, offset: float, kind: str, quantile: float
) -> None:
    """Lemma 14(a) as a superset: every pair whose direct distance is ≤ its row's bound is returned, sorted."""
    Q = make_rows(seed, 23, d, offset, 1.0, kind)
    P = make_rows(seed + 1, 31, d, offset, 1.0, kind)
    D = np.stack([direct_sqdist(P, q) for q in Q])
    bound = np.quantile(D, quantile, axis=1)
    i, j = pairs_within(Q, P, bound)
    got = set(zip(i.tolist(), j.tolist(), strict=True))
    want = {(a, b) for a, b in zip(*np.nonzero(D <= bound[:, None]), strict=True)}
    assert want <= got
    assert (np.lexsort((j, i)) == np.arange(len(i))).all()


def test_checker_candidates_are_the_tree_search_s(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_segment_candidates` by products returns the KD-tree pair search's couples (d = 20, no boundary cases)."""
    import refimpl.validate.checker as checker

    rng = np.random.default_rng(3)
    base, nbr = rng.normal(size=(400, 20)), rng.normal(size=(400, 20))
    S = base + rng.random((400, 1)) * (nbr - base)
    S = np.vstack([S, rng.normal(size=(600, 20))])
    by_products = checker._segment_candidates(S, base, nbr, 0.5, "float64")
    monkeypatch.setattr(checker, "exact_by_products", lambda n, d: False)
    by_tree = checker._segment_candidates(S, base, nbr, 0.5, "float64")
    assert len(by_products[0]) >= 400  # every row on a segment finds it
    assert all((a == b).all() for a, b in zip(by_products, by_tree, strict=True))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    d=st.integers(12, 22),
    keep=st.lists(st.floats(0.05, 1.0), min_size=1, max_size=4),
    kind=st.sampled_from(["normal", "lattice", "duplicates"]),
)
@example(seed=0, d=20, keep=[0.9, 0.5, 0.1], kind="normal")  # shrinking until every list runs short
@example(seed=1, d=12, keep=[1.0, 0.95], kind="lattice")  # ties: the id order must survive narrowing
def test_narrowed_lists_equal_a_fresh_search(seed: int, d: int, keep: list[float], kind: str) -> None:
    """`_ExactLists`: the re-search's lists narrowed from one search equal a fresh exact search of each subset."""
    from refimpl.attacks.distin import _ExactLists, _neighbours

    rng = np.random.default_rng(seed)
    pts = make_rows(seed, 400, d, 0.0, 1.0, kind)
    lists = _ExactLists(pts, 40)
    left = np.arange(400, dtype=np.intp)
    for share, kk in zip(keep, (10, 20, 40, 40), strict=False):
        left = np.sort(rng.choice(left, size=max(3, int(share * len(left))), replace=False)).astype(np.intp)
        kk = min(kk, len(left) - 1)
        assert (lists.nearest(left, kk, 1) == _neighbours(pts, left, kk)).all()


@pytest.mark.parametrize("jobs", [2, 3])
def test_threads_change_no_list_and_no_pair(jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """``jobs`` threads share the blocks: the same lists and pairs as one thread, many blocks."""
    import refimpl.knn_products as kp

    monkeypatch.setattr(kp, "BLOCK_VALUES", 1 << 12)  # many small blocks and tiles
    X = make_rows(9, 700, 20, 1e8, 1.0, "normal")
    rows = np.arange(0, 700, 3, dtype=np.intp)
    assert (kp.nearest_by_products(X, rows, 7, jobs) == kp.nearest_by_products(X, rows, 7)).all()
    bound = np.full(len(rows), np.quantile(direct_sqdist(X, X[0]), 0.05))
    one, many = kp.pairs_within(X[rows], X, bound), kp.pairs_within(X[rows], X, bound, jobs)
    assert len(one[0]) > len(rows) and all((a == b).all() for a, b in zip(one, many, strict=True))


def test_only_rows_with_a_new_list_are_tested_again() -> None:
    """`_ExactLists.untested`: a row whose list the last segment pass tested is skipped, any change re-tests it."""
    from refimpl.attacks.distin import _ExactLists

    lists = _ExactLists(make_rows(4, 50, 20, 0.0, 1.0, "normal"), 8)
    left = np.arange(10, dtype=np.intp)
    N = np.arange(30, dtype=np.intp).reshape(10, 3)
    assert lists.untested(left, N).all()  # nothing tested yet
    assert not lists.untested(left, N).any()  # the same lists: nothing to test
    N2 = N.copy()
    N2[3, 2] = 49
    assert lists.untested(left, N2).tolist() == [i == 3 for i in range(10)]
    assert lists.untested(left[:5], N2[:5, :2]).all()  # a narrower reach is a new list


@pytest.mark.parametrize("per_block", [7, 1000, 1 << 23])
def test_segment_pass_in_blocks_finds_the_same_witnesses(per_block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """`_segment_pass` builds its triples a block of rows at a time: the same first witness per point."""
    import refimpl.attacks.distin as distin
    from refimpl.kernels import make_kernel

    rng = np.random.default_rng(11)
    real = rng.normal(size=(60, 12))
    base = rng.integers(0, 60, size=300)
    near = brute(real, np.arange(60, dtype=np.intp), 3)  # SMOTE's parents: a row and one of its 3 nearest
    nbr = near[base, rng.integers(0, 3, size=300)]
    S = real[base] + rng.random((300, 1)) * (real[nbr] - real[base])
    pts = np.vstack([real, S])
    kern = make_kernel("fast", pts)
    left = np.arange(len(pts), dtype=np.intp)
    ref = dict(distin._segment_pass(kern, pts, left, 20, targets=len(pts)))
    assert len(ref) > 100  # the synthetic rows between their parents are found
    monkeypatch.setattr(distin, "SEGMENT_TRIPLES", per_block)
    got = dict(distin._segment_pass(kern, pts, left, 20, targets=len(pts)))
    assert got.keys() == ref.keys()
    assert all(got[p] == ref[p] for p in ref)
