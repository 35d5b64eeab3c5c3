"""Exact k nearest neighbours.

Tie-break rule (the documented contract): the neighbours of row i are the rows j ≠ i sorted
by the key (exact squared distance ‖x_j − x_i‖², j) ascending, and the first k are kept.
Self is excluded *by index*, never by distance: an exact duplicate of row i is another row
at distance 0 and therefore comes first. (scikit-learn's ``NearestNeighbors`` as used by
imbalanced-learn drops the first returned column instead, which with duplicates may drop
the duplicate and keep row i itself; see docs/explanation/why-exact.md.)

Algorithm notes
---------------
All rows are scaled by one common denominator (a power of two for float data), which
turns every squared distance into an integer with the same ordering; Python integers are
exact and much faster than Fractions. Cost is O(n² d) integer operations: this is the
oracle, not the fast path.
"""

from __future__ import annotations

from collections.abc import Sequence

from refimpl.errors import InvalidParameter, TooFewSamples
from refimpl.exact.rational import RVector, to_integer_lattice


def _squared_int_distances(lattice: Sequence[tuple[int, ...]], i: int) -> list[int]:
    xi = lattice[i]
    out = []
    for row in lattice:
        s = 0
        for a, b in zip(row, xi):
            t = a - b
            s += t * t
        out.append(s)
    return out


def _check_k(k: object, n: int) -> None:
    """Both kNN functions accept 1 <= k <= n - 1 only (self is never its own neighbour)."""
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise InvalidParameter(f"k must be a positive integer, got {k!r}")
    if k >= n:
        raise TooFewSamples(
            f"{n} samples cannot have k={k} neighbours each; k must be at most {n - 1}"
            " (use fewer neighbours or more samples)"
        )


def exact_knn(rows: Sequence[RVector], k: int) -> list[list[int]]:
    """For each row, the indices of its k exact nearest other rows, ties broken by index (key (d², j))."""
    n = len(rows)
    _check_k(k, n)
    lattice, _ = to_integer_lattice(rows)
    result = []
    for i in range(n):
        d2 = _squared_int_distances(lattice, i)
        order = sorted((d2[j], j) for j in range(n) if j != i)
        result.append([j for _, j in order[:k]])
    return result


def exact_knn_ties(rows: Sequence[RVector], k: int) -> list[list[int]]:
    """For each row, every j ≠ i whose exact distance is ≤ that of its k-th neighbour (the tie set)."""
    _check_k(k, len(rows))
    n = len(rows)
    lattice, _ = to_integer_lattice(rows)
    result = []
    for i in range(n):
        d2 = _squared_int_distances(lattice, i)
        others = sorted((d2[j], j) for j in range(n) if j != i)
        kth = others[k - 1][0]
        result.append([j for dj, j in others if dj <= kth])
    return result
