"""When a KD-tree neighbour search is approximate, and what an approximate m-th distance still bounds.

One rule for every caller (DistinSMOTE's first pass, ReconSMOTE's first search and the
Lemma 6(c) rates of `refimpl.release`), so they cannot drift apart.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

#: cKDTree's approximation factor where the tree cannot help (see `search_eps`): the m-th
#: neighbour returned is within (1 + eps) times the true m-th nearest distance.
APPROX_EPS = 2.0

#: How far below the approximate m-th distance / (1 + eps) the lower bound of
#: `kth_distance_lower` is placed. cKDTree's guarantee is stated for exact distances and its
#: pruning compares rounded sums of d squares (relative error ≤ d·2^-53, far below 1 for any
#: d this package handles), so any factor ≥ 1 + d·2^-52 keeps the bound below the float m-th
#: distance an exact search returns. The factor only decides which rows a caller re-checks by
#: an exact search (`refimpl.release.false_witness_rates`), never a result: 2 leaves the
#: screen sharp while swamping the rounding.
SCREEN_MARGIN = 2.0


#: cKDTree's default leaf size: a tree over n points has about log2(n / LEAF_ROWS) levels.
LEAF_ROWS = 16


def search_eps(n: int, d: int) -> float:
    """0 (exact search) unless the KD-tree has fewer levels than coordinates: n < 16·2^d.

    A cKDTree over n points has about log2(n/16) levels; when that is below d, whole
    coordinates are never split, every query visits a large share of the leaves, and the
    exact k-nearest search approaches brute force (measured at d = 20: 292 s for 105,000
    points with 25 neighbours, 8 s with eps = 2; at 1.1·10^6 points the exact first pass did
    not finish in 40 minutes). Callers use an approximate list only where it changes which
    pairs are tested or which rows are re-checked exactly, never a decision.
    """
    return APPROX_EPS if d >= 59 or n < LEAF_ROWS << d else 0.0  # d ≥ 59: 16·2^d beyond int64


def exact_by_products(n: int, d: int) -> bool:
    """True where an exact m-nearest search should use `refimpl.knn_products` (Lemma 14) instead of a KD-tree: 2^d > n, where the tree does not split every coordinate even once.

    There the tree visits nearly every leaf (measured at d = 20: 2.3 CPU s for 10^4 rows and
    41 neighbours against 0.7 s by blocked products, 21 s against 6.7 s at 3·10^4).
    """
    return d >= 63 or (1 << d) > n


def kth_distance_lower(kth: npt.NDArray[np.float64], eps: float) -> npt.NDArray[np.float64]:
    """A lower bound on each row's true m-th nearest distance from a (1 + eps)-approximate one (0 stays 0).

    cKDTree returns an m-th neighbour at most (1 + eps) times farther than the true m-th
    nearest one, so the true distance is ≥ kth / (1 + eps); `SCREEN_MARGIN` covers the
    rounding of that guarantee. With eps = 0 the search was exact and kth is returned as it is.
    """
    if eps == 0.0:
        return kth
    return np.asarray(kth / ((1.0 + eps) * SCREEN_MARGIN), dtype=np.float64)


#: Coordinates `subset_reach_lower` searches among: few enough that an exact KD-tree search
#: over the n ≥ 2^15 rows where it is used is fast. Measured on 1.1·10^6 rows at d = 20, per
#: 10^5 queries: 1.2 CPU s with 3 coordinates, 2.5 s with 4, 10.5 s with 6 (the bound grows
#: with the count, but a row's rate is far below the screen with any of them unless its tube
#: is wide, and such rows get the exact search).
REACH_COORDS = 3


def subset_reach_lower(points: npt.NDArray[np.float64], m: int, jobs: int = 1) -> npt.NDArray[np.float64]:
    """A lower bound on each row's m-th nearest distance (self excluded) from an exact search among `REACH_COORDS` of the coordinates; for lists that carry no (1 + eps) bound (`refimpl.knn_cells`).

    For a coordinate subset S, ‖(x − y)_S‖ ≤ ‖x − y‖. So a row's m nearest other rows, all
    within its m-th distance R, are within R in S too, and with the row itself (at 0) that
    makes m + 1 rows: the (m + 1)-th smallest S-distance, which an exact search returns, is
    ≤ R. `SCREEN_MARGIN` covers the rounding of both distances (relative, as in
    `kth_distance_lower`). S is the `REACH_COORDS` columns of widest range (ties by index),
    which keeps the bound closest to R. Needs 1 ≤ m ≤ len(points) − 1. ``jobs`` query threads
    (each query is answered alone: the bound does not depend on it).
    """
    d = points.shape[1]
    S = np.sort(np.argsort(-np.ptp(points, axis=0), kind="stable")[: min(d, REACH_COORDS)])
    Y = np.ascontiguousarray(points[:, S])
    dist, _ = cKDTree(Y).query(Y, k=m + 1, workers=jobs)
    return np.asarray(np.asarray(dist, dtype=np.float64).reshape(len(Y), m + 1)[:, -1] / SCREEN_MARGIN, dtype=np.float64)
