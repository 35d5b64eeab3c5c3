"""Exact SMOTE: rational interpolation with provenance, given the draws.

The random draws (which base row, which neighbour column, which λ) are *inputs* here, so
that the exact sampler can replay exactly the draws a float implementation made. λ is an
exact rational: imbalanced-learn's λ is a float m/2^53 and ``Fraction(λ)`` is that value.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from refimpl.exact.rational import RVector, interpolate


def exact_interpolate_all(
    X: Sequence[RVector],
    base: Sequence[int],
    neighbour: Sequence[int],
    lam: Sequence[Fraction],
) -> list[RVector]:
    """Rows X[base] + λ(X[neighbour] − X[base]), exact (Lemma 1, proofs/01_interior.py)."""
    return [interpolate(X[b], X[n], q) for b, n, q in zip(base, neighbour, lam)]
