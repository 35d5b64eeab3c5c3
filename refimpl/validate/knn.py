"""Exact k nearest neighbours of one class, fast: a KD-tree proposes, exact integers decide.

The answer is the same as ``refimpl.exact.exact_knn`` / ``refimpl.exact.exact_knn_ties``
(key (exact squared distance, index), self excluded by index) but costs O(n log n) tree
work plus O(n·(k + ties)·d) exact integer operations instead of O(n² d).

Algorithm notes
---------------
1. ``cKDTree.query(k + 1)`` proposes k + 1 rows per point. Their exact k-th smallest squared
   distance among rows j ≠ i, U_i, is an upper bound of the true k-th distance r_k(i).
2. A ball query of radius √U_i, inflated by ``kd_radius_inflation``, returns every row
   whose exact squared distance is ≤ U_i. The inflation covers the tree's own floating-point
   evaluation of Σ(a_j − b_j)², which (any summation order, d terms, round to nearest) has
   relative error at most γ_{d+2} plus d·η for underflow (Higham 2002, Lemma 3.1 and §3.1),
   and the float rounding of the radius itself (named constants below; no magic tolerance).
3. Exact squared distances of the proposed rows on a common integer lattice (every float is
   m·2^e) are sorted by (distance, index); the first k are the neighbours, and every row at
   distance ≤ the k-th one is the tie set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from refimpl.errors import InvalidParameter, TooFewSamples
from refimpl.exact.rational import to_integer_lattice, to_matrix
from refimpl.fpformat import BINARY64

#: the smallest positive binary64 subnormal, as a float (exact: a power of two)
_ETA_F = float(BINARY64.eta)


def kd_radius_inflation(d: int) -> float:
    """Relative widening of a ball radius so that a KD-tree in binary64 misses no point (note 2).

    The squared distance has relative error ≤ γ_{d+2}; squaring the radius, converting the
    exact bound to float and taking a square root add three more roundings: γ_{d+6} covers all.
    """
    return 1.0 + BINARY64.gamma_up(d + 6)


@dataclass(frozen=True)
class ClassNeighbours:
    """Exact kNN of one class (class-local indices): ``knn[i]`` (k rows) and ``ties[i]`` ⊇ knn[i].

    ``kth[i]`` is the exact k-th smallest squared distance (a Fraction); ``ties[i]`` is every
    j ≠ i with ‖x_j − x_i‖² ≤ kth[i]. ``lattice``/``scale`` give exact integer coordinates.
    """

    k: int
    knn: list[list[int]]
    ties: list[list[int]]
    kth: list[Fraction]
    lattice: list[tuple[int, ...]]
    scale: int


def _sqdist(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    s = 0
    for u, v in zip(a, b):
        t = u - v
        s += t * t
    return s


def class_neighbours(X_class: np.ndarray, k: int) -> ClassNeighbours:
    """Exact kNN and tie sets (key (d², j), self excluded by index); same as refimpl.exact.exact_knn_ties."""
    from scipy.spatial import cKDTree

    n, d = X_class.shape
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InvalidParameter(f"k must be a positive integer, got {k!r}")
    if k >= n:
        raise TooFewSamples(
            f"a class with {n} rows cannot have k={k} neighbours per row; k must be at most {n - 1}"
        )
    lattice, scale = to_integer_lattice(to_matrix(X_class))
    Xf = np.asarray(X_class, dtype=np.float64)
    tree = cKDTree(Xf)
    q = min(n, k + 1)
    _, prop = tree.query(Xf, k=q)
    prop = np.asarray(prop).reshape(n, q)
    bound_sq: list[int] = []
    for i in range(n):
        ds = sorted(_sqdist(lattice[i], lattice[int(j)]) for j in prop[i] if int(j) != i)
        bound_sq.append(ds[k - 1])
    s2 = scale * scale
    infl = kd_radius_inflation(d)
    # √(U / scale²) rounded up, then widened; plus the underflow term √(d·η)
    radii = np.array(
        [math.sqrt(float(np.nextafter(b / s2, np.inf))) * infl + math.sqrt(d * _ETA_F) for b in bound_sq]
    )
    balls = tree.query_ball_point(Xf, radii)
    knn: list[list[int]] = []
    ties: list[list[int]] = []
    kth: list[Fraction] = []
    for i in range(n):
        li = lattice[i]
        cand = sorted((_sqdist(li, lattice[j]), j) for j in balls[i] if j != i)
        r = cand[k - 1][0]
        knn.append([j for _, j in cand[:k]])
        ties.append([j for dj, j in cand if dj <= r])
        kth.append(Fraction(r, s2))
    return ClassNeighbours(k, knn, ties, kth, lattice, scale)
