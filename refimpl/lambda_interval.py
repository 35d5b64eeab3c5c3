"""The λ-interval rule, once: {λ : α_j·λ ≤ β_j for every j}, intersected, exactly.

Every tube test in the package (Lemma 3, proofs/03_rounding_tube.py; Lemma 6,
proofs/06_noisy_tubes.py) has the form |r_j − λ·d_j| ≤ β0_j + β1_j·λ per coordinate, i.e.
two linear constraints α·λ ≤ β with (α, β) = (−d_j − β1_j, β0_j − r_j) and
(d_j − β1_j, β0_j + r_j). Their solution set is an interval (possibly empty or unbounded).

* `linear_interval` / `affine_interval` are the reference, in `fractions.Fraction`;
* `affine_interval_float` is the vectorised float *filter* of the same rule (it only discards
  rows that provably have no λ; the exact forms decide);
* `affine_interval_int` is the fast path on integers at one common scale (every float is a
  dyadic rational, so a common power of two makes all inputs integers); its ends are
  (numerator, denominator ≥ 0) pairs compared by cross-multiplication, with denominator 0
  meaning ±∞. It is property-tested against the reference (tests/unit/test_lambda_interval.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np

#: an interval end of the fast path: (numerator, denominator ≥ 0); (−1, 0) is −∞, (1, 0) is +∞
IntEnd = tuple[int, int]
NEG_INF: IntEnd = (-1, 0)
POS_INF: IntEnd = (1, 0)


def linear_interval(
    constraints: Iterable[tuple[Fraction, Fraction]], lo: Fraction | None = None, hi: Fraction | None = None
) -> tuple[Fraction | None, Fraction | None] | None:
    """The λ in [lo, hi] (None = unbounded) with α·λ ≤ β for every (α, β), exactly; or None if empty (Lemma 3)."""
    if lo is not None and hi is not None and lo > hi:
        # an inverted [lo, hi] is empty even when no constraint bounds λ (all α = 0)
        return None
    for alpha, beta in constraints:
        if alpha == 0:
            if beta < 0:
                return None
            continue
        bound = beta / alpha
        if alpha > 0:
            hi = bound if hi is None else min(hi, bound)
        else:
            lo = bound if lo is None else max(lo, bound)
        if lo is not None and hi is not None and lo > hi:
            return None
    return lo, hi


def tube_constraints(
    r: Iterable[Fraction], d: Iterable[Fraction], beta0: Iterable[Fraction], beta1: Iterable[Fraction]
) -> Iterable[tuple[Fraction, Fraction]]:
    """The two constraints α·λ ≤ β of |r_j − λ·d_j| ≤ β0_j + β1_j·λ, for every coordinate j (Lemma 3)."""
    for rj, dj, b0, b1 in zip(r, d, beta0, beta1, strict=True):
        yield -dj - b1, b0 - rj
        yield dj - b1, b0 + rj


def affine_interval(
    r: Iterable[Fraction],
    d: Iterable[Fraction],
    beta0: Iterable[Fraction],
    beta1: Iterable[Fraction],
    lo: Fraction | None = None,
    hi: Fraction | None = None,
) -> tuple[Fraction | None, Fraction | None] | None:
    """The reference: λ in [lo, hi] with |r_j − λ·d_j| ≤ β0_j + β1_j·λ for all j, exactly; or None (Lemma 3)."""
    return linear_interval(tube_constraints(r, d, beta0, beta1), lo, hi)


def affine_intervals_per_coordinate(
    r: Iterable[Fraction],
    d: Iterable[Fraction],
    beta0: Iterable[Fraction],
    beta1: Iterable[Fraction],
    lo: Fraction | None = None,
    hi: Fraction | None = None,
) -> list[tuple[Fraction | None, Fraction | None] | None]:
    """The same rule with one λ_j per coordinate (d = 1 each): the per-coordinate "box" model (Lemma 3)."""
    return [
        affine_interval([rj], [dj], [b0], [b1], lo, hi) for rj, dj, b0, b1 in zip(r, d, beta0, beta1, strict=True)
    ]


def affine_interval_int(
    r: Iterable[int],
    d: Iterable[int],
    beta0: Iterable[int],
    beta1: Iterable[int],
    lo: IntEnd = NEG_INF,
    hi: IntEnd = POS_INF,
) -> tuple[IntEnd, IntEnd] | None:
    """The fast path: `affine_interval` on integers at one common scale, ends as (num, den ≥ 0); exact (Lemma 3).

    The rule is homogeneous in the scale, so scaling r, d, β0 and β1 by one power of two
    leaves the λ set unchanged. It is `tube_interval_int` with the base row and its radius
    at zero (so its differences are r, d, β0 and β1 themselves).
    """
    rr = tuple(r)
    zeros = (0,) * len(rr)
    return tube_interval_int(rr, tuple(beta0), zeros, zeros, tuple(d), tuple(beta1), lo, hi)


def tube_interval_int(
    P: Sequence[int],
    rp: Sequence[int],
    A: Sequence[int],
    ra: Sequence[int],
    B: Sequence[int],
    rb: Sequence[int],
    lo: IntEnd = (0, 1),
    hi: IntEnd = (1, 1),
) -> tuple[IntEnd, IntEnd] | None:
    """The one loop of the fast path: λ in [lo, hi] with |(P − A)_j − λ(B − A)_j| ≤ (ρ_p + ρ_a)_j + (ρ_b − ρ_a)_j·λ ∀j; exact (Lemma 3).

    This is `affine_interval` with r = P − A, d = B − A, β0 = ρ_p + ρ_a, β1 = ρ_b − ρ_a
    computed inside the loop: the tube kernels call it on a triple's scaled rows directly
    (building the four sequences first cost 20% of a tube-kernel DistinSMOTE run,
    bench/attacks.py). Per coordinate the two constraints α·λ ≤ β are (−d − β1, β0 − r) and
    (d − β1, β0 + r). Ends are (numerator, denominator ≥ 0) compared by cross-multiplication;
    with den = 0 for ±∞ a finite end β/α always beats an infinite one of the same side.
    """
    lo_n, lo_d = lo
    hi_n, hi_d = hi
    if lo_n * hi_d > hi_n * lo_d:
        # an inverted [lo, hi] is empty, as in `linear_interval`, with or without coordinates
        return None
    for pj, qp, aj, qa, bj, qb in zip(P, rp, A, ra, B, rb, strict=True):
        r = pj - aj
        d = bj - aj
        b0 = qp + qa
        b1 = qb - qa
        alpha, beta = -d - b1, b0 - r
        if alpha > 0:
            if beta * hi_d < hi_n * alpha:  # β/α < hi
                hi_n, hi_d = beta, alpha
        elif alpha < 0:
            if beta * lo_d < lo_n * alpha:  # −β/−α > lo
                lo_n, lo_d = -beta, -alpha
        elif beta < 0:
            return None
        alpha, beta = d - b1, b0 + r
        if alpha > 0:
            if beta * hi_d < hi_n * alpha:
                hi_n, hi_d = beta, alpha
        elif alpha < 0:
            if beta * lo_d < lo_n * alpha:
                lo_n, lo_d = -beta, -alpha
        elif beta < 0:
            return None
        if lo_n * hi_d > hi_n * lo_d:
            return None
    return (lo_n, lo_d), (hi_n, hi_d)


def affine_interval_float(
    R: np.ndarray, D: np.ndarray, B: np.ndarray, lo: float, hi: float, slack: float
) -> np.ndarray:
    """Row-wise float filter of the rule |R_ij − λ·D_ij| ≤ B_ij ∀j, λ in [lo, hi]: False ⇒ the exact set is empty (Lemma 3).

    Each end (R ± B)/D is widened by ``slack``·(|R| + B)/|D|, where ``slack`` bounds the
    relative error of the float inputs and of the end's own evaluation (the caller derives
    it); a row is kept when the widened float interval meets [lo, hi]. It never decides
    membership, it only discards rows for which the exact rule provably finds nothing.
    """
    absD = np.abs(D)
    nz = absD > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        den = np.where(nz, D, 1.0)
        e1 = np.where(nz, (R - np.sign(D) * B) / den, -np.inf)
        e2 = np.where(nz, (R + np.sign(D) * B) / den, np.inf)
        widen = np.where(nz, slack * (np.abs(R) + B) / np.where(nz, absD, 1.0), 0.0)
    zero_ok = np.all(nz | (np.abs(R) <= B), axis=1)
    LO = np.maximum((e1 - widen).max(axis=1), lo)
    HI = np.minimum((e2 + widen).min(axis=1), hi)
    out: np.ndarray = zero_ok & (LO <= HI)
    return out


def int_end_to_fraction(end: IntEnd) -> Fraction | None:
    """A fast-path end as a Fraction, None for ±∞."""
    return None if end[1] == 0 else Fraction(end[0], end[1])


__all__ = [
    "NEG_INF",
    "POS_INF",
    "IntEnd",
    "affine_interval",
    "affine_interval_float",
    "affine_interval_int",
    "affine_intervals_per_coordinate",
    "int_end_to_fraction",
    "linear_interval",
    "tube_constraints",
    "tube_interval_int",
]
