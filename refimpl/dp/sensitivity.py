"""Worst-case sensitivity of SMOTE output, and the privacy accounting it implies.

Everything here is Lemma 4, proofs/04_smote_dp_sensitivity.py. Notation:

* the minority data X has n records in a public box B = Π_j [lo_j, hi_j] with side lengths
  w_j; D₂ = ‖w‖₂ and D₁ = ‖w‖₁ are its L2 and L1 diameters ([`diameters`][refimpl.dp.sensitivity.diameters]);
* SMOTE releases m synthetic rows s_r = x_{b_r} + λ_r (x_{ν_r} − x_{b_r}); ``copies`` (r) is the
  largest number of rows that share one base record (m/n for round-robin SMOTE; a random
  load for imbalanced-learn, which draws bases uniformly, see [`base_load_tail`][refimpl.dp.sensitivity.base_load_tail]);
* neighbouring datasets differ in one record (replace-one); the *fan-out* C is the number of
  synthetic rows that can change when one real record is replaced ([`fanout_bound`][refimpl.dp.sensitivity.fanout_bound]).

Algorithm notes
---------------
*Stone's lemma* (Stone 1977; Devroye, Györfi and Lugosi 1996, ch. 5): if the distances from a
point x to the other points are distinct and nonzero, x is among the k nearest neighbours of
at most k·γ_d of them, where γ_d is the least number of cones of half-angle π/6 with apex 0
covering R^d. γ_1 = 2, γ_2 = 6, and a packing argument gives
γ_d ≤ (1 + √2 + √6)^d − (√2 + √6 − 1)^d ([`stone_constant`][refimpl.dp.sensitivity.stone_constant]). With ties (duplicates)
the in-degree can reach n − 1, and then no dimension-only bound exists.

Quantities are returned as exact sympy expressions (they contain square roots); call
``float()`` for a number. Inputs may be ints, Fractions, floats (converted exactly) or sympy
symbols, so the proof notebook can compare these functions with its symbolic derivation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import sympy as sp

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.exact.rational import to_rational

#: an exact sympy expression (sympy ships no type stubs)
SymExpr = Any

FanoutKind = Literal["direct", "replace"]


def _sym(value: object) -> SymExpr:
    """An exact sympy number or expression; floats and Fractions are converted exactly."""
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, bool):
        raise InvalidInput(f"boolean {value!r} is not a number here")
    if isinstance(value, (int, np.integer)):
        return sp.Integer(int(value))
    q = to_rational(value)
    return sp.Rational(q.numerator, q.denominator)


def _check_norm(norm: int) -> None:
    if norm not in (1, 2):
        raise InvalidParameter(f"norm={norm!r}; choose 1 (L1) or 2 (L2, Frobenius for matrices)")


def _floor_alpha_beta_power(d: int) -> int:
    """⌊(1 + √2 + √6)^d − (√2 + √6 − 1)^d⌋ for d ≥ 2, by exact integer interval arithmetic."""
    bits = 64
    while True:
        one = 1 << bits
        s2 = math.isqrt(2 << (2 * bits))  # ⌊√2·2^bits⌋
        s6 = math.isqrt(6 << (2 * bits))  # ⌊√6·2^bits⌋
        a_lo, a_hi = one + s2 + s6, one + s2 + s6 + 2
        b_lo, b_hi = s2 + s6 - one, s2 + s6 - one + 2
        scale = one**d
        lower = int((a_lo**d - b_hi**d) // scale)
        upper = int((a_hi**d - b_lo**d) // scale)
        if lower == upper or bits > 4096:
            return upper  # an integer ≥ ⌊true value⌋, hence still a valid bound on γ_d
        bits *= 2


def stone_constant(d: int) -> int:
    """An integer ≥ γ_d (equal for d ≤ 2): 2, 6, then ⌊(1+√2+√6)^d − (√2+√6−1)^d⌋; Lemma 4, proofs/04_smote_dp_sensitivity.py."""
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise InvalidParameter(f"dimension d must be a positive integer, got {d!r}")
    d = int(d)
    if d == 1:
        return 2
    if d == 2:
        return 6
    return _floor_alpha_beta_power(d)


def in_degree_bound(k: int, d: int, *, n: int | None = None, general_position: bool = True) -> int:
    """Max number of records having one record among their k-NN: k·γ_d (≤ n − 1); Lemma 4, proofs/04_smote_dp_sensitivity.py.

    ``general_position=False`` (ties or duplicates possible) gives the trivial n − 1.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameter(f"k must be a positive integer, got {k!r}")
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1):
        raise InvalidParameter(f"n must be a positive integer, got {n!r}")
    if not general_position:
        if n is None:
            raise InvalidParameter(
                "without general position the in-degree is only bounded by n − 1: pass n"
            )
        return int(n) - 1
    bound = int(k) * stone_constant(d)
    return bound if n is None else min(bound, int(n) - 1)


def fanout_bound(
    k: int,
    d: int,
    copies: int = 1,
    *,
    kind: FanoutKind = "replace",
    m: int | None = None,
    n: int | None = None,
    general_position: bool = True,
) -> int:
    """Synthetic rows one real record can affect: r(1 + 2kγ_d) on replacement, r(1 + kγ_d) directly; Lemma 4, proofs/04_smote_dp_sensitivity.py.

    ``kind="direct"``: rows having the record as base or neighbour (what
    [`realised_fanout`][refimpl.dp.sensitivity.realised_fanout] counts). ``kind="replace"``: rows that change when the record is
    replaced, which adds the rows of records whose neighbour lists the new value enters. The
    result is capped at ``m`` when given.
    """
    if isinstance(copies, bool) or not isinstance(copies, (int, np.integer)) or copies < 0:
        raise InvalidParameter(f"copies must be a non-negative integer, got {copies!r}")
    if kind not in ("direct", "replace"):
        raise InvalidParameter(f"kind={kind!r}; choose 'direct' or 'replace'")
    indeg = in_degree_bound(k, d, n=n, general_position=general_position)
    c = int(copies) * (1 + indeg) if kind == "direct" else int(copies) * (1 + 2 * indeg)
    return c if m is None else min(c, int(m))


def realised_fanout(provenance: Any, n_real: int) -> np.ndarray:
    """For each real row i < n_real: the synthetic rows with i as base or neighbour (counted once); Lemma 4, proofs/04_smote_dp_sensitivity.py.

    ``provenance`` is a [`Provenance`][refimpl.provenance.Provenance] (or anything with integer
    arrays ``base`` and ``neighbour`` indexing the input rows).
    """
    base = np.asarray(provenance.base, dtype=np.int64)
    nbr = np.asarray(provenance.neighbour, dtype=np.int64)
    if base.shape != nbr.shape:
        raise ShapeMismatch(f"base has shape {base.shape} and neighbour {nbr.shape}; they must match")
    if base.size and (min(base.min(), nbr.min()) < 0 or max(base.max(), nbr.max()) >= n_real):
        raise InvalidInput(f"provenance refers to rows outside 0..{n_real - 1}; pass the input's row count")
    counts = np.bincount(base, minlength=n_real) + np.bincount(nbr, minlength=n_real)
    same = base[base == nbr]  # a row whose base is also its neighbour counts once
    counts -= np.bincount(same, minlength=n_real)
    return counts.astype(np.int64)


def diameters(lo: Sequence[object], hi: Sequence[object]) -> tuple[SymExpr, SymExpr]:
    """(D₂, D₁): the L2 and L1 diameters of the box Π[lo_j, hi_j], exact; Lemma 4, proofs/04_smote_dp_sensitivity.py."""
    if len(lo) != len(hi):
        raise ShapeMismatch(f"lo has {len(lo)} entries and hi has {len(hi)}; they must match")
    widths = [_sym(b) - _sym(a) for a, b in zip(lo, hi, strict=True)]
    if any(bool(w < 0) for w in widths):
        raise InvalidInput("a box side has hi < lo; pass lo ≤ hi in every coordinate")
    return sp.sqrt(sum(w**2 for w in widths)), sum(widths, sp.Integer(0))


def records_sensitivity(C: object, D: object, norm: int = 2) -> SymExpr:
    """Sensitivity of the m×d matrix of synthetic rows: √C·D₂ (L2) or C·D₁ (L1); Lemma 4, proofs/04_smote_dp_sensitivity.py."""
    _check_norm(norm)
    c, dd = _sym(C), _sym(D)
    return sp.sqrt(c) * dd if norm == 2 else c * dd


def mean_sensitivity(m: object, C: object, D: object) -> SymExpr:
    """Sensitivity of the synthetic mean: min(C, m)·D/m in the norm of D (≤ D); Lemma 4, proofs/04_smote_dp_sensitivity.py."""
    mm, c, dd = _sym(m), _sym(C), _sym(D)
    return sp.Min(c, mm) * dd / mm


def covariance_sensitivity(m: object, C: object, D2: object, D1: object | None = None, norm: int = 2) -> SymExpr:
    """Sensitivity of the synthetic covariance (1/m), Frobenius or entrywise L1; Lemma 4, proofs/04_smote_dp_sensitivity.py.

    With c = min(C, m) changed rows: L2 = min(c(2m − c − 1)·D₂²/(√2·m²), √2·D₂²/4) and
    L1 = min(c(2m − c − 1)(2D₁² − D₂²)/(2m²), D₁²/2) (``D1`` required for L1).
    """
    _check_norm(norm)
    mm, c, d2 = _sym(m), sp.Min(_sym(C), _sym(m)), _sym(D2)
    touched = c * (2 * mm - c - 1) / (2 * mm**2)  # (ordered pairs touched) / (2m²)
    if norm == 2:
        return sp.Min(touched * sp.sqrt(2) * d2**2, sp.sqrt(2) * d2**2 / 4)
    if D1 is None:
        raise InvalidParameter("the L1 covariance bound needs D1 (and D2): pass both diameters")
    d1 = _sym(D1)
    return sp.Min(touched * (2 * d1**2 - d2**2), d1**2 / 2)


def group_privacy(epsilon: object, delta: object, C: object) -> tuple[SymExpr, SymExpr]:
    """(ε, δ)-DP per synthetic record gives (Cε, C·e^((C−1)ε)·δ) per real record; Lemma 4, proofs/04_smote_dp_sensitivity.py."""
    eps, dl, c = _sym(epsilon), _sym(delta), _sym(C)
    return c * eps, c * sp.exp((c - 1) * eps) * dl


def base_load_tail(m: int, n: int, r: int) -> Fraction:
    """P[some record is the base of more than r of m uniform draws] ≤ n·P[Bin(m, 1/n) > r], exact; Lemma 4, proofs/04_smote_dp_sensitivity.py."""
    for name, v in (("m", m), ("n", n), ("r", r)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
            raise InvalidParameter(f"{name} must be a non-negative integer, got {v!r}")
    m, n, r = int(m), int(n), int(r)
    if n == 0:
        raise InvalidParameter("n must be at least 1")
    if r >= m:
        return Fraction(0)
    # P[Bin > r] = 1 − Σ_{j ≤ r} C(m, j) (n − 1)^(m − j) / n^m
    head = sum(math.comb(m, j) * (n - 1) ** (m - j) for j in range(r + 1))
    tail = Fraction(n**m - head, n**m)
    return min(Fraction(1), n * tail)
