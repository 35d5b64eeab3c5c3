"""Union-find and connected components for the attacks' clustering steps."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.intp]


class UnionFind:
    """Union-find over 0..n−1 whose root is always the smallest index of its set.

    The smallest-index root is part of the output contract: clusters are reported in the
    order of their roots, and a box cluster keeps its box at the root. (scipy's
    ``DisjointSet`` chooses roots by size, which would reorder the clusters, so it does not
    fit here.)
    """

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The root of i's set (path compression)."""
        p = self.parent
        root = i
        while p[root] != root:
            root = p[root]
        while p[i] != root:
            p[i], i = root, p[i]
        return root

    def union(self, i: int, j: int) -> None:
        """Join the sets of i and j; the smaller root stays the root."""
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def components(n: int, pairs: IntArray) -> tuple[IntArray, list[IntArray]]:
    """Component label of each of n nodes and the components (increasing node order), for the edges ``pairs``."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    k, lab = connected_components(g, directed=False)
    order = np.argsort(lab, kind="stable")
    bounds = np.searchsorted(lab[order], np.arange(k + 1))
    return lab.astype(np.intp), [order[bounds[i] : bounds[i + 1]].astype(np.intp) for i in range(k)]
