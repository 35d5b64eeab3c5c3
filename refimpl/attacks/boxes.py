"""Boxes and their clusters for ReconSMOTE: overlap search, float and exact merging (Lemma 2).

The true record lies in every certified box of its lines, so a cluster's point lies in the
intersection of its boxes; a merge that would make that intersection empty is refused.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.attacks.unionfind import UnionFind, components
from refimpl.fpformat import next_down, next_up
from refimpl.kernels import FloatBoxes

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
RVec = tuple[Fraction, ...]


@dataclass
class Cluster:
    """A box [lo, hi] (exact ends) and the lines whose meets it holds."""

    lo: RVec
    hi: RVec
    lines: set[int]


def overlap_pairs(lo: FloatArray, hi: FloatArray) -> IntArray:
    """All pairs (i < j) of float boxes that overlap in every coordinate (float comparisons are exact).

    Candidates come from a KD-tree on the centres with reach twice the 99th percentile of the
    half-widths (widened for the rounding of the centres); each wider box b gets the boxes
    whose centres are within r_b plus that percentile (same widening), and the wider boxes are
    compared with each other directly, so no overlapping pair is missed.
    """
    n = len(lo)
    if n < 2:
        return np.zeros((0, 2), dtype=np.intp)
    c = (lo + hi) / 2
    r = np.max(hi - lo, axis=1) / 2
    thr = float(np.quantile(r, 0.99))
    small = np.flatnonzero(r <= thr)
    big = np.flatnonzero(r > thr)
    scale = float(np.max(np.abs(c)))
    # two overlapping boxes have centres within r1 + r2 (∞-norm); widened for float rounding
    reach = float(np.nextafter(2 * thr + 8 * float(np.spacing(scale)), np.inf)) * (1 + 2.0**-20)
    keys: list[npt.NDArray[np.int64]] = []

    def key(a: IntArray, b: IntArray) -> npt.NDArray[np.int64]:
        return np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)

    if len(small) > 1:
        tree = cKDTree(c[small])
        pr = tree.query_pairs(reach, p=np.inf, output_type="ndarray")  # each small pair once
        keys.append(key(small[pr[:, 0]], small[pr[:, 1]]))
        if len(big):
            # a small box overlapping big box b has its centre within r_b + thr of b's
            reach_b = np.nextafter(r[big] + thr + 8 * float(np.spacing(scale)), np.inf) * (1 + 2.0**-20)
            near = tree.query_ball_point(c[big], reach_b, p=np.inf)
            sizes = np.fromiter((len(x) for x in near), dtype=np.intp, count=len(big))
            flat = np.fromiter(itertools.chain.from_iterable(near), dtype=np.intp, count=int(sizes.sum()))
            keys.append(key(np.repeat(big, sizes), small[flat]))
    if len(big) > 1:
        bi, bj = np.triu_indices(len(big), k=1)  # big boxes against each other, directly
        keys.append(key(big[bi], big[bj]))
    if len(big) and len(small) <= 1:
        for s in small.tolist():
            keys.append(key(big, np.full(len(big), s)))
    if keys:
        k = np.sort(np.concatenate(keys))  # unique already: each unordered pair comes from one source
        pairs = np.stack([k // n, k % n], axis=1).astype(np.intp)
    else:
        pairs = np.zeros((0, 2), dtype=np.intp)
    if len(pairs):
        ok = np.all((lo[pairs[:, 0]] <= hi[pairs[:, 1]]) & (hi[pairs[:, 0]] >= lo[pairs[:, 1]]), axis=1)
        pairs = pairs[ok]
    return pairs


def float_clusters(boxes: FloatBoxes) -> list[Cluster]:
    """Greedy merging of float boxes while their common part is non-empty, all in floats.

    max, min and comparisons of floats are exact, so this is the exact merge of
    `merge_boxes` on boxes whose ends are floats; only the result is converted to Fractions.
    """
    lo, hi, PI, PJ, pairs = boxes.lo, boxes.hi, boxes.PI, boxes.PJ, boxes.pairs  # pairs: overlapping boxes
    n = len(lo)
    if n == 0:
        return []
    # A connected component of the overlap graph whose boxes have a common point is merged
    # whole by the greedy pass (every union sees a non-empty common part), so only the other
    # components need the pass, on their own pairs in the same order.
    lab, comps = components(n, pairs)
    starts = np.asarray([c[0] for c in comps], dtype=np.intp)
    flat = np.concatenate(comps)
    bounds = np.cumsum([0] + [len(c) for c in comps])[:-1]
    glo = np.maximum.reduceat(lo[flat], bounds, axis=0)
    ghi = np.minimum.reduceat(hi[flat], bounds, axis=0)
    whole = np.all(glo <= ghi, axis=1)
    clo, chi = lo.copy(), hi.copy()
    dsu = UnionFind(n)
    for ci in np.flatnonzero(whole).tolist():
        root = int(starts[ci])  # components list their boxes in increasing order
        for t in comps[ci].tolist():
            dsu.parent[t] = root
        clo[root], chi[root] = glo[ci], ghi[ci]
    rest = pairs[~whole[lab[pairs[:, 0]]]] if len(pairs) else pairs
    for a, b in rest.tolist():
        ra, rb = dsu.find(a), dsu.find(b)
        if ra == rb:
            continue
        nlo, nhi = np.maximum(clo[ra], clo[rb]), np.minimum(chi[ra], chi[rb])
        if (nlo > nhi).any():
            continue  # the common part would be empty: these boxes are not one point
        dsu.union(ra, rb)
        root = dsu.find(ra)
        clo[root], chi[root] = nlo, nhi
    roots = np.fromiter((dsu.find(t) for t in range(n)), dtype=np.intp, count=n)
    order = np.argsort(roots, kind="stable")
    cut = np.flatnonzero(np.r_[True, roots[order][1:] != roots[order][:-1]])
    out: list[Cluster] = []
    for s, e in zip(cut.tolist(), [*cut[1:].tolist(), n], strict=True):
        members = order[s:e]
        r = int(roots[members[0]])
        ls = set(PI[members].tolist()) | set(PJ[members].tolist())
        out.append(Cluster(tuple(map(Fraction, clo[r].tolist())), tuple(map(Fraction, chi[r].tolist())), ls))
    return out


def merge_boxes(items: list[Cluster]) -> list[Cluster]:
    """Group boxes: equal boxes by key, then overlapping boxes while their common part is non-empty (exact)."""
    by_key: dict[tuple[RVec, RVec], set[int]] = {}
    for it in items:
        by_key.setdefault((it.lo, it.hi), set()).update(it.lines)
    keys = list(by_key)
    blo: list[RVec] = [k[0] for k in keys]
    bhi: list[RVec] = [k[1] for k in keys]
    bset: list[set[int]] = [set(by_key[k]) for k in keys]
    if len(keys) > 1 and any(k[0] != k[1] for k in keys):
        # float boxes that contain the exact ones choose the pairs to compare exactly
        flo = next_down(np.array([[float(x) for x in k[0]] for k in keys], dtype=np.float64))
        fhi = next_up(np.array([[float(x) for x in k[1]] for k in keys], dtype=np.float64))
        dsu = UnionFind(len(keys))
        for a, b in overlap_pairs(flo, fhi).tolist():
            ra, rb = dsu.find(a), dsu.find(b)
            if ra == rb:
                continue
            lo = tuple(max(x, y) for x, y in zip(blo[ra], blo[rb], strict=True))
            hi = tuple(min(x, y) for x, y in zip(bhi[ra], bhi[rb], strict=True))
            if any(x > y for x, y in zip(lo, hi, strict=True)):
                continue  # the common part would be empty: these boxes are not one point
            dsu.union(ra, rb)
            root = dsu.find(ra)
            other = rb if root == ra else ra
            blo[root], bhi[root] = lo, hi
            bset[root] |= bset[other]
        return [Cluster(blo[i], bhi[i], bset[i]) for i in range(len(keys)) if dsu.find(i) == i]
    return [Cluster(blo[i], bhi[i], bset[i]) for i in range(len(keys))]
