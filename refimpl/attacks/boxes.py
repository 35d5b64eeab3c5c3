"""Boxes and their clusters for ReconSMOTE: overlap search, float and exact merging (Lemma 2).

The true record lies in every certified box of its lines, so a cluster's point lies in the
intersection of its boxes; a merge that would make that intersection empty is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from refimpl.attacks.unionfind import UnionFind, components
from refimpl.fpformat import next_down, next_up
from refimpl.kernels import FloatBoxes

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
RVec = tuple[Fraction, ...]


#: exact ends of a box: Fractions, or floats (each float is an exact dyadic rational, and
#: Python compares and hashes floats and Fractions by their exact values)
ExactVec = tuple[Fraction | float, ...]


@dataclass
class Cluster:
    """A box [lo, hi] (exact ends: Fractions or floats, `ExactVec`) and the lines whose meets it holds."""

    lo: ExactVec
    hi: ExactVec
    lines: set[int]


def overlap_pairs(lo: FloatArray, hi: FloatArray) -> IntArray:
    """All pairs (i < j) of float boxes that overlap in every coordinate (float comparisons are exact), lexicographic.

    A sweep along one coordinate: with the boxes sorted by their lower end there, a later box
    p overlaps box i in that coordinate iff lo_p ≤ hi_i (hi_i ≥ lo_i is not needed: the pairs
    proposed are a superset of the overlapping ones either way), so the candidates of i are a
    contiguous run found by one binary search, and every pair that overlaps there is proposed
    once, from its earlier box (the other inequality, hi_p ≥ lo_i, is checked with the rest).
    All coordinates are then compared. The coordinate with the fewest proposals is chosen (it
    changes the cost only, never the pairs). The boxes of ReconSMOTE are ulps to a few
    units wide and scattered, so the runs are short in any coordinate.
    """
    n = len(lo)
    if n < 2:
        return np.zeros((0, 2), dtype=np.intp)
    order = np.argsort(lo, axis=0, kind="stable")
    ls = np.take_along_axis(lo, order, axis=0)
    hs = np.take_along_axis(hi, order, axis=0)
    pos = np.arange(n)
    # per coordinate, how many later boxes (in its order) start at or before box i's upper end
    cnt = np.stack(
        [np.maximum(np.searchsorted(ls[:, j], hs[:, j], side="right") - pos - 1, 0) for j in range(lo.shape[1])],
        axis=1,
    )
    j = int(np.argmin(cnt.sum(axis=0)))
    cj, oj = cnt[:, j], order[:, j]
    # the boxes' ends in coordinate j's order, one contiguous row per coordinate: box i's
    # candidates are the run of positions after i, so its own ends are repeated and the
    # run's ends read in sequence (2× faster than gathering both ends by box number)
    loS, hiS = np.ascontiguousarray(lo[oj].T), np.ascontiguousarray(hi[oj].T)
    keys: list[npt.NDArray[np.int64]] = []
    # in slices of at most ~2^22 proposals, to bound memory whatever the widths
    ends = np.cumsum(cj)
    start = 0
    while start < n:
        stop = int(np.searchsorted(ends, (ends[start - 1] if start else 0) + (1 << 22), side="right"))
        stop = min(n, max(stop, start + 1))
        c = cj[start:stop]
        first = np.repeat(pos[start:stop], c)
        second = first + 1 + np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)  # positions in coordinate j's order
        ok = np.ones(len(first), dtype=bool)
        for t in range(lo.shape[1]):
            ok &= (np.repeat(loS[t, start:stop], c) <= hiS[t][second]) & (np.repeat(hiS[t, start:stop], c) >= loS[t][second])
        a, b = oj[first], oj[second]
        a, b = a[ok], b[ok]
        keys.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
        start = stop
    k = np.sort(np.concatenate(keys))  # unique already: each unordered pair is proposed once
    return np.stack([k // n, k % n], axis=1).astype(np.intp)


def float_clusters(boxes: FloatBoxes) -> list[Cluster]:
    """Greedy merging of float boxes while their common part is non-empty, all in floats.

    max, min and comparisons of floats are exact, so this is the exact merge of
    `merge_boxes` on boxes whose ends are floats; the clusters keep float ends (exact values,
    `ExactVec`), converted to Fractions only for what is reported.
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
        out.append(Cluster(tuple(clo[r].tolist()), tuple(chi[r].tolist()), ls))
    return out


def merge_boxes(items: list[Cluster]) -> list[Cluster]:
    """Group boxes: equal boxes by key, then overlapping boxes while their common part is non-empty (exact).

    Ends may mix Fractions and floats: equality, hashing, max, min and comparisons are those
    of the exact values, so the groups are the same as with every end a Fraction.
    """
    by_key: dict[tuple[ExactVec, ExactVec], set[int]] = {}
    for it in items:
        by_key.setdefault((it.lo, it.hi), set()).update(it.lines)
    keys = list(by_key)
    blo: list[ExactVec] = [k[0] for k in keys]
    bhi: list[ExactVec] = [k[1] for k in keys]
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
