"""Exact k nearest neighbours of one class, fast: a KD-tree proposes, exact integers decide.

The answer is the same as ``refimpl.exact.exact_knn`` / ``refimpl.exact.exact_knn_ties``
(key (exact squared distance, index), self excluded by index) but costs O(n log n) tree
work plus O(n·(k + ties)·d) exact integer operations instead of O(n² d).

Algorithm notes
---------------
1. ``cKDTree.query(2k + 2)`` proposes 2k + 2 rows per point. The exact k-th smallest squared
   distance among the first k + 1 of them (rows j ≠ i), U_i, is an upper bound of the true
   k-th distance r_k(i).
2. A ball query of radius √U_i, inflated by ``kd_radius_inflation``, returns every row
   whose exact squared distance is ≤ U_i. The inflation covers the tree's own floating-point
   evaluation of Σ(a_j − b_j)², which (any summation order, d terms, round to nearest) has
   relative error at most γ_{d+2} plus d·η for underflow (Higham 2002, Lemma 3.1 and §3.1),
   and the float rounding of the radius itself (named constants below; no magic tolerance).
   When the last proposal is farther than the radius widened once more by the same factor
   (which covers the rounding of the returned square root), the proposals already hold the
   whole ball, and the ball query is skipped for that point (at d = 20 it cost 1.7× the
   proposal query itself, and the extra k + 1 proposals almost nothing).
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
from refimpl.fpformat import BINARY32, BINARY64, gamma

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


def class_neighbours(X_class: np.ndarray, k: int, *, workers: int = 1) -> ClassNeighbours:
    """Exact kNN and tie sets (key (d², j), self excluded by index); same as refimpl.exact.exact_knn_ties.

    ``workers`` threads share the KD-tree queries (each query is answered alone: same answer).
    """
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
    # 2k + 2 proposals cost about what k + 1 do, and usually make the ball query of note 2 needless
    q = min(n, 2 * k + 2)
    dist, prop = tree.query(Xf, k=q, workers=workers)
    dist = np.asarray(dist).reshape(n, q)
    prop = np.asarray(prop).reshape(n, q)
    if not np.all(np.isfinite(dist)):
        # squared distances beyond the float range (|x| near 1e154 and up): the tree cannot order
        # them (it returns the index n for a neighbour at infinite distance), so every row is a
        # candidate and the exact step below alone decides; O(n²·d), for such data only
        return _exact_neighbours(k, [list(range(n))] * n, lattice, scale)
    bound_sq: list[int] = []
    for i in range(n):
        ds = sorted(_sqdist(lattice[i], lattice[int(j)]) for j in prop[i, : k + 1] if int(j) != i)
        bound_sq.append(ds[k - 1])
    s2 = scale * scale
    infl = kd_radius_inflation(d)
    # √(U / scale²) rounded up, then widened; plus the underflow term √(d·η)
    radii = np.array(
        [math.sqrt(float(np.nextafter(b / s2, np.inf))) * infl + math.sqrt(d * _ETA_F) for b in bound_sq]
    )
    # every row of the ball has tree distance ≤ radius (note 2); a row the query left out is at
    # least as far as its q-th proposal. So when that proposal lies beyond radius·(1 + γ_{d+6})
    # (covering the rounding of the returned square root), the proposals hold the whole ball.
    # Only the other rows need the ball query; the exact step below reads the same rows either way.
    covered = np.full(n, True) if q == n else dist[:, q - 1] > radii * infl
    balls: list[list[int]] = [prop[i].tolist() for i in range(n)]
    missing = np.flatnonzero(~covered)
    if len(missing):
        for i, ball in zip(missing.tolist(), tree.query_ball_point(Xf[missing], radii[missing], workers=workers)):
            balls[i] = ball
    return _exact_neighbours(k, balls, lattice, scale)


def _exact_neighbours(k: int, balls: list[list[int]], lattice: list[tuple[int, ...]], scale: int) -> ClassNeighbours:
    """Note 3: each row's candidates sorted by (exact squared distance, index); the first k, and every one tied with the k-th."""
    knn: list[list[int]] = []
    ties: list[list[int]] = []
    kth: list[Fraction] = []
    s2 = scale * scale
    for i, ball in enumerate(balls):
        li = lattice[i]
        cand = sorted((_sqdist(li, lattice[j]), j) for j in ball if j != i)
        r = cand[k - 1][0]
        knn.append([j for _, j in cand[:k]])
        ties.append([j for dj, j in cand if dj <= r])
        kth.append(Fraction(r, s2))
    return ClassNeighbours(k, knn, ties, kth, lattice, scale)


# --- neighbours a float kNN could have picked ------------------------------------------------


def float_knn_error_coefficients(d: int, u: Fraction = BINARY64.u) -> tuple[Fraction, Fraction]:
    """(g, c) of E(x, y) = g·(‖x‖² + ‖y‖²) + c, the float error of scikit-learn's squared distances; Lemma 8, proofs/08_knn_float_error.py.

    g = 2γ_{d+2} covers brute force |x|² − 2x·y + |y|² (any order, with or without FMA, with
    or without the |x|² term) and, a fortiori, the KD/ball trees' Σ(x_j − y_j)²; c = 5dη is
    the underflow term. ``u`` is the unit roundoff of the arithmetic the distances use.
    """
    eta = BINARY64.eta if u == BINARY64.u else BINARY32.eta
    return 2 * gamma(d + 2, u), 5 * d * eta


def float_knn_extra(
    X_class: np.ndarray, cn: ClassNeighbours, u: Fraction = BINARY64.u, *, workers: int = 1
) -> list[list[int]]:
    """Per row x, the rows outside its exact tie set that a float kNN could still have picked; Lemma 8, proofs/08_knn_float_error.py.

    n qualifies iff D(x, n) − E(x, n) ≤ max over m ∈ kNN(x) ∪ {x} of D(x, m) + E(x, m), with
    D the exact squared distance and E the bound of
    [`float_knn_error_coefficients`][refimpl.validate.knn.float_knn_error_coefficients]:
    a float ranking that put n among the k + 1 nearest must have left out one of those m,
    so D̂(x, n) ≤ D̂(x, m). Decided exactly on the integer lattice; a KD-tree ball query with
    a derived radius only proposes.
    """
    from scipy.spatial import cKDTree

    n, d = X_class.shape
    g, c = float_knn_error_coefficients(d, u)
    s2 = cn.scale * cn.scale
    L = cn.lattice
    norms = [sum(v * v for v in row) for row in L]  # ‖x‖²·scale², exact
    c_s = c * s2
    max_norm = max(norms)

    def err(i: int, j: int) -> Fraction:  # E(x_i, x_j)·scale²
        return g * (norms[i] + norms[j]) + c_s

    # D(x, n) ≤ top + E(x, n) ≤ top + g(‖x‖² + max‖y‖²) + c: the proposal ball's radius²
    tops: list[Fraction] = []
    radii: list[float] = []
    for i in range(n):
        top = max(_sqdist(L[i], L[m]) + err(i, m) for m in [i, *cn.knn[i]])
        tops.append(top)
        r2 = (top + g * (norms[i] + max_norm) + c_s) / s2
        radii.append(math.sqrt(float(np.nextafter(float(r2), np.inf))) * kd_radius_inflation(d) + math.sqrt(d * _ETA_F))
    tree = cKDTree(np.asarray(X_class, dtype=np.float64))
    balls = tree.query_ball_point(np.asarray(X_class, dtype=np.float64), np.asarray(radii), workers=workers)
    out: list[list[int]] = []
    for i in range(n):
        tie = set(cn.ties[i])
        out.append(sorted(
            j for j in balls[i] if j != i and j not in tie and _sqdist(L[i], L[j]) - err(i, j) <= tops[i]
        ))
    return out


# --- range-scaled neighbours (R unbalanced / DMwR) -------------------------------------------


def zero_range_columns(X_class: np.ndarray) -> list[int]:
    """Columns whose range (max − min) in the class is 0: there range-scaled distances are 0/0."""
    X = np.asarray(X_class)
    return [int(j) for j in np.flatnonzero(X.max(axis=0) == X.min(axis=0))]


def class_neighbours_range_scaled(X_class: np.ndarray, k: int) -> ClassNeighbours:
    """Exact kNN under Σ_j ((a_j − b_j)/R_j)², R_j the class's range in column j (DMwR/unbalanced), key (distance, index).

    Decided on integers: with lattice ranges ρ_j (the scale cancels in (a_j − b_j)/R_j), the
    weights W_j = lcm(ρ²)/ρ_j² make lcm·distance an integer, so the order is exact. Brute force, O(n²·d): the classes this models are small minorities. Raises
    InvalidParameter when a column has range 0 (`zero_range_columns` names them).
    """
    n, d = X_class.shape
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InvalidParameter(f"k must be a positive integer, got {k!r}")
    if k >= n:
        raise TooFewSamples(f"a class with {n} rows cannot have k={k} neighbours per row; k must be at most {n - 1}")
    zero = zero_range_columns(X_class)
    if zero:
        raise InvalidParameter(f"column(s) {zero} have range 0 in this class: range-scaled distances are undefined")
    lattice, scale = to_integer_lattice(to_matrix(X_class))
    rho = [max(r[j] for r in lattice) - min(r[j] for r in lattice) for j in range(d)]
    lcm = 1
    for p in rho:
        lcm = lcm * p * p // math.gcd(lcm, p * p)
    W = [lcm // (p * p) for p in rho]

    def dist(a: tuple[int, ...], b: tuple[int, ...]) -> int:
        return sum(w * (u - v) * (u - v) for w, u, v in zip(W, a, b))

    knn: list[list[int]] = []
    ties: list[list[int]] = []
    kth: list[Fraction] = []
    for i in range(n):
        cand = sorted((dist(lattice[i], lattice[j]), j) for j in range(n) if j != i)
        r = cand[k - 1][0]
        knn.append([j for _, j in cand[:k]])
        ties.append([j for dj, j in cand if dj <= r])
        kth.append(Fraction(r, lcm))
    return ClassNeighbours(k, knn, ties, kth, lattice, scale)
