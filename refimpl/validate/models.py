"""Error models of the checker: exact λ-certification per model, and its float prefilter.

* ``float64`` and ``float32-mixed``: the rounding tube of imbalanced-learn's step
  fl(x + fl(λ·fl(n − x))), certified by [`refimpl.tube.certify`][refimpl.tube.certify] (Lemma 3,
  proofs/03_rounding_tube.py). λ is drawn from [0, 1).
* ``convex``: smote-variants' convex combination fl(fl(w0·x) + fl(w1·n)) with
  w0 = fl(r0 / fl(r0 + r1)), w1 = fl(r1 / fl(r0 + r1)). With λ = r1 / (r0 + r1) exactly,
  each weight is (1 − λ)(1 + θ₂) resp. λ(1 + θ₂), each product and the sum add one rounding,
  so |ŝ_j − ((1 − λ)x_j + λ n_j)| ≤ γ₄(|1 − λ|·|x_j| + |λ|·|n_j|) + 2η, where 2η ≥ η(1 + u)
  covers underflow in the two products (each ≤ η/2) carried through the final sum. λ lies in
  [0, 1] (λ = 1 when r0 = 0). This is the convex-combination case of Lemma 3,
  proofs/03_rounding_tube.py; **merge note**: it belongs in refimpl.tube as model "convex".
* ``exact``: rational input and output, s = x + λ(n − x) with equality and λ exact.
* ``box``: Weka 3.6 and R unbalanced (DMwR) draw one gap g_j ∈ [0, 1) per coordinate,
  ŝ_j = fl(x_j + fl(g_j·fl(n_j − x_j))): the float64 bound of Lemma 3 holds coordinate by
  coordinate with its own λ_j = g_j (Lemma 3 is a per-coordinate statement), so each
  coordinate gets its own exact λ-interval (`refimpl.lambda_interval.affine_intervals_per_coordinate`),
  and the row is explained iff every coordinate's interval meets the gap range. The reported
  λ bounds are the hull of the per-coordinate intervals. Released (Weka's 6-decimal ARFF), the
  bound is B_j = a(|r_j| + ρ_j) + b|d̂_j| + c + ρ_j with ρ_j the ``decimals`` radius, which
  covers Weka's own ``doubleToString``: Lemma 11, proofs/11_box_error.py.

Every certificate is a list of exact λ-intervals (one per linear piece of the bound); the
float prefilter only discards candidates that provably cannot certify.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from refimpl.errors import InvalidParameter
from refimpl.exact.predicates import segment_parameter
from refimpl.exact.rational import to_rational
from refimpl.fpformat import BINARY32, BINARY64, MODEL_NAMES
from refimpl.lambda_interval import (
    affine_interval,
    affine_interval_float,
    affine_interval_int,
    affine_intervals_per_coordinate,
    int_end_to_fraction,
)
from refimpl.tube import COEFFICIENTS, CONVEX_COEFFICIENTS, LambdaInterval, certify, float_difference
from refimpl.validate.release import Release

#: the checker's models: the tube models of `refimpl.fpformat`, ``exact`` (rational data) and
#: ``box`` (one gap per coordinate in float64, Weka's and DMwR's SMOTE; Lemma 3 per coordinate)
MODELS: tuple[str, ...] = (*MODEL_NAMES, "exact", "box")

#: the arithmetic of each coordinate of the box model: Weka computes x + gap·(n − x) in double
BOX_ARITHMETIC = "float64"

#: γ₄ = 4u / (1 − 4u) and the underflow term of the convex combination, from the one
#: derivation in refimpl.tube (Lemma 3(c), proofs/03_rounding_tube.py). The pieces below
#: extend the same bound to λ outside [0, 1] with |1 − λ| and |λ| as the weights'
#: magnitudes, so that extrapolating samplers can be diagnosed rather than just rejected.
GAMMA4 = CONVEX_COEFFICIENTS.g
CONVEX_ETA = CONVEX_COEFFICIENTS.c


@dataclass(frozen=True)
class LambdaRange:
    """The λ values a sampler can draw: [lo, hi) or [lo, hi] (``hi_closed``)."""

    lo: Fraction
    hi: Fraction
    hi_closed: bool

    def meets(self, iv: LambdaInterval) -> bool:
        """True iff the exact interval ``iv`` contains a λ the sampler can draw."""
        if iv.hi is not None and iv.hi < self.lo:
            return False
        if iv.lo is None:
            return True
        return iv.lo <= self.hi if self.hi_closed else iv.lo < self.hi


def lambda_range(model: str) -> LambdaRange:
    """imbalanced-learn draws λ = m/2^53 in [0, 1); smote-variants' weight ratio lies in [0, 1]."""
    check_model(model)
    return LambdaRange(Fraction(0), Fraction(1), hi_closed=model == "convex")


def check_model(model: str) -> None:
    """Raise InvalidParameter unless ``model`` is one of [`MODELS`][refimpl.validate.models.MODELS]."""
    if model not in MODELS:
        raise InvalidParameter(f"unknown error model {model!r}; choose one of {', '.join(MODELS)}")


def _q(v: object) -> Fraction:
    q = to_rational(v)
    assert isinstance(q, Fraction)
    return q


def certify_convex(s: Sequence[object], x: Sequence[object], n: Sequence[object]) -> list[LambdaInterval]:
    """Exact λ-pieces with |s_j − x_j − λ(n_j − x_j)| ≤ γ₄(|1−λ||x_j| + |λ||n_j|) + 2η ∀j; Lemma 3, proofs/03_rounding_tube.py."""
    sq = [_q(v) for v in s]
    xq = [_q(v) for v in x]
    nq = [_q(v) for v in n]
    pieces: list[LambdaInterval] = []
    # the bound is linear on each of (−∞, 0], [0, 1], [1, ∞): |1−λ| = σ₀(1−λ), |λ| = σ₁λ
    for plo, phi, s0, s1 in ((None, Fraction(0), 1, -1), (Fraction(0), Fraction(1), 1, 1), (Fraction(1), None, -1, 1)):
        # bound = g·σ₀(1−λ)|x| + g·σ₁λ|n| + c = A + B·λ, per coordinate: the one λ-interval rule
        A = [GAMMA4 * s0 * abs(xj) + CONVEX_ETA for xj in xq]
        B = [GAMMA4 * (s1 * abs(nj) - s0 * abs(xj)) for xj, nj in zip(xq, nq)]
        iv = affine_interval([sj - xj for sj, xj in zip(sq, xq)], [nj - xj for xj, nj in zip(xq, nq)], A, B, plo, phi)
        if iv is not None:
            pieces.append(LambdaInterval(*iv))
    return pieces


def certify_exact(s: Sequence[object], x: Sequence[object], n: Sequence[object]) -> list[LambdaInterval]:
    """[λ, λ] when s = x + λ(n − x) exactly, the whole line when x = n = s, else []; Lemma 1, proofs/01_interior.py."""
    sq = tuple(_q(v) for v in s)
    xq = tuple(_q(v) for v in x)
    nq = tuple(_q(v) for v in n)
    if xq == nq:
        # no unique witness: every λ explains s = x, none explains any other point
        return [LambdaInterval(None, None)] if sq == xq else []
    lam = segment_parameter(sq, xq, nq)
    return [] if lam is None else [LambdaInterval(lam, lam)]


def certify_box(
    s: Sequence[object], x: Sequence[object], n: Sequence[object], release: Release | None = None
) -> list[LambdaInterval]:
    """Per-coordinate gaps: every |s_j − x_j − λ_j d_j| ≤ B_j has a λ_j; one hull piece or []; Lemma 11(b), proofs/11_box_error.py.

    B_j = a(|s_j| + ρ_j) + b|d̂_j| + c + ρ_j: Lemma 3's one-coordinate tube (a, b, c of float64,
    Weka's ``x + gap·(n − x)`` in double) at |ŝ_j| ≤ |s_j| + ρ_j, plus the release radius ρ_j
    (0 unreleased; for ``decimals:6`` it covers Weka's ``Utils.doubleToString``, Lemma 11(a)).

    The piece is the hull of the per-coordinate intervals when each of them meets [0, 1);
    otherwise the first coordinate interval that misses the range (so the caller names
    λ < 0 or λ ≥ 1), or [] when some coordinate has no λ_j at all.
    """
    co = COEFFICIENTS[BOX_ARITHMETIC]
    sq = [_q(v) for v in s]
    xq = [_q(v) for v in x]
    nq = [_q(v) for v in n]
    rho = release_radii(s, release) if release is not None and release.kind != "none" else [Fraction(0)] * len(sq)
    d_hat = float_difference(np.asarray(x, dtype=np.float64), np.asarray(n, dtype=np.float64), BOX_ARITHMETIC).tolist()
    beta0 = [co.a * (abs(sj) + rj) + co.b * abs(Fraction(dh)) + co.c + rj for sj, rj, dh in zip(sq, rho, d_hat)]
    ivs = affine_intervals_per_coordinate(
        [sj - xj for sj, xj in zip(sq, xq)], [nj - xj for xj, nj in zip(xq, nq)], beta0, [Fraction(0)] * len(sq)
    )
    rng = lambda_range("box")
    pieces = [LambdaInterval(*iv) if iv is not None else None for iv in ivs]
    if any(p is None for p in pieces):
        return []
    constrained = [p for p in pieces if p is not None and not p.degenerate]
    for p in constrained:
        if not rng.meets(p):
            return [p]
    if not constrained:
        return [LambdaInterval(None, None)]
    los = [max(p.lo, rng.lo) if p.lo is not None else rng.lo for p in constrained]
    his = [min(p.hi, rng.hi) if p.hi is not None else rng.hi for p in constrained]
    return [LambdaInterval(min(los), max(his))]


def certify_pieces(
    s: Sequence[object], x: Sequence[object], n: Sequence[object], model: str, release: Release | None = None
) -> list[LambdaInterval]:
    """The exact λ-intervals that explain s from the pair (x, n) under ``model`` (and ``release``) ([] = none); Lemma 3, proofs/03_rounding_tube.py."""
    if model == "box":
        return certify_box(s, x, n, release)
    if release is not None and release.kind != "none":
        return certify_released(s, x, n, model, release)
    if model == "convex":
        return certify_convex(s, x, n)
    if model == "exact":
        return certify_exact(s, x, n)
    check_model(model)
    iv = certify_tube_fast(s, x, n, model)
    return [] if iv is None else [iv]


def release_radii(s: Sequence[object], release: Release) -> list[Fraction]:
    """ρ_j with |s_j − ŝ_j| ≤ ρ_j for a released coordinate s_j of SMOTE's ŝ_j, exact; Lemma 6(a), proofs/06_noisy_tubes.py."""
    alpha, beta = release.coefficients(len(s))
    return [alpha * abs(_q(v)) + beta for v in s]


def certify_released(
    s: Sequence[object], x: Sequence[object], n: Sequence[object], model: str, release: Release
) -> list[LambdaInterval]:
    """Exact λ-pieces for a *released* row s: the model's tube around x + λ(n − x), widened by the release radius ρ; Lemma 6, proofs/06_noisy_tubes.py.

    SMOTE computed ŝ; the file holds s with |s_j − ŝ_j| ≤ ρ_j. So |s_j − x_j − λd_j| ≤
    tube_j(ŝ) + ρ_j, and tube_j is evaluated with |ŝ_j| ≤ |s_j| + ρ_j (its coefficient of
    |ŝ_j| is non-negative). Decided in Fractions by the one λ-interval rule.
    """
    rho = release_radii(s, release)
    sq = [_q(v) for v in s]
    xq = [_q(v) for v in x]
    nq = [_q(v) for v in n]
    r = [sj - xj for sj, xj in zip(sq, xq)]
    d = [nj - xj for xj, nj in zip(xq, nq)]
    if model == "convex":
        pieces: list[LambdaInterval] = []
        for plo, phi, s0, s1 in ((None, Fraction(0), 1, -1), (Fraction(0), Fraction(1), 1, 1), (Fraction(1), None, -1, 1)):
            A = [GAMMA4 * s0 * abs(xj) + CONVEX_ETA + rj for xj, rj in zip(xq, rho)]
            B = [GAMMA4 * (s1 * abs(nj) - s0 * abs(xj)) for xj, nj in zip(xq, nq)]
            iv = affine_interval(r, d, A, B, plo, phi)
            if iv is not None:
                pieces.append(LambdaInterval(*iv))
        return pieces
    if model == "exact":
        beta0 = rho
    else:
        co = COEFFICIENTS[model]
        d_hat = float_difference(np.asarray(x, dtype=np.float64), np.asarray(n, dtype=np.float64), model).tolist()
        beta0 = [co.a * (abs(sj) + rj) + co.b * abs(Fraction(dh)) + co.c + rj for sj, rj, dh in zip(sq, rho, d_hat)]
    iv = affine_interval(r, d, beta0, [Fraction(0)] * len(r))
    return [] if iv is None else [LambdaInterval(*iv)]


def _power_of_two(q: int) -> bool:
    return q > 0 and q & (q - 1) == 0


def _log2(q: int) -> int:
    """k with q = 2^k, for a power of two q (shifts replace divisions by it)."""
    return q.bit_length() - 1


# the scale below is a power of two only because every coefficient denominator is one
assert all(_power_of_two(f.denominator) for co in COEFFICIENTS.values() for f in (co.a, co.b, co.c))


def certify_tube_fast(s: Sequence[object], x: Sequence[object], n: Sequence[object], model: str) -> LambdaInterval | None:
    """Same answer as [`refimpl.tube.certify`][refimpl.tube.certify], in integers on a common power-of-two scale; Lemma 3, proofs/03_rounding_tube.py.

    Every float and every tube coefficient is a dyadic rational, so multiplying by a power of
    two 2^K makes r = s − x, d = n − x and the bound a|s| + b|d̂| + c integers. 2^K is the
    smallest power of two that does it for this triple: the largest of the denominators of c,
    of a·s_j, of b·d̂_j, of x_j and of n_j (a fixed 2^2149, enough for every float, made the
    integers twice as long). For data of ordinary magnitude c's 2^1075 sets K while every other
    term is already an integer at a far smaller scale; then `_tube_interval_perturbed` runs the
    rule at that scale with c as a perturbation and rebuilds the ends exactly, and otherwise the
    rule runs at 2^K. The rule is homogeneous in the scale, so the ends (normalised Fractions)
    do not depend on it. The interval is `refimpl.lambda_interval.affine_interval_int` (ends
    compared by cross-multiplication), and only the final endpoints become Fractions.
    """
    co = COEFFICIENTS[model]
    dt: type[np.floating[Any]] = np.float32 if model == "float32-mixed" else np.float64
    sa: np.ndarray = np.asarray(s, dtype=dt)
    xa: np.ndarray = np.asarray(x, dtype=dt)
    na: np.ndarray = np.asarray(n, dtype=dt)
    if not np.all(np.isfinite(sa)):
        return certify(s, x, n, model)  # type: ignore[arg-type]  # raises the named error
    with np.errstate(over="raise"):
        try:
            dh = (na - xa).tolist()
        except FloatingPointError:
            return certify(s, x, n, model)  # type: ignore[arg-type]  # raises the named error
    ca, ka = co.a.numerator, _log2(co.a.denominator)
    cb, kb = co.b.numerator, _log2(co.b.denominator)
    # each float as (numerator, power-of-two denominator)
    sn, sq = zip(*map(float.as_integer_ratio, sa.tolist()))
    xn, xq = zip(*map(float.as_integer_ratio, xa.tolist()))
    nn, nq = zip(*map(float.as_integer_ratio, na.tolist()))
    dn, dq = zip(*map(float.as_integer_ratio, dh))
    # every term but c is an integer at the scale Ds, the largest of the denominators of a·s_j,
    # b·d̂_j, x_j and n_j (powers of two: the largest is a multiple of all the others)
    Ds = max(co.a.denominator * max(sq), co.b.denominator * max(dq), max(xq), max(nq))
    S = [v * (Ds // q) for v, q in zip(sn, sq)]
    X = [v * (Ds // q) for v, q in zip(xn, xq)]
    r = [u - v for u, v in zip(S, X)]
    d = [v * (Ds // q) - w for v, q, w in zip(nn, nq, X)]
    # exact: Ds absorbs the denominators of a·s and b·d̂, so the shifts drop only zero bits
    beta0 = [(ca * abs(u) >> ka) + (cb * abs(v * (Ds // q)) >> kb) for u, v, q in zip(S, dn, dq)]
    # with c the scale is 2^K = max(Ds, c's denominator) = 2^t·Ds
    k_small = _log2(Ds)
    K = max(k_small, _log2(co.c.denominator))
    cc = co.c.numerator << (K - _log2(co.c.denominator))
    t = K - k_small
    m = max(map(abs, d)).bit_length() + 2
    if cc.bit_length() + m <= t:
        return _tube_interval_perturbed(r, d, beta0, m, t, cc)
    # c is not small against the differences (subnormal or mixed magnitudes): the rule at the scale 2^K
    r = [v << t for v in r]
    d = [v << t for v in d]
    beta0 = [(v << t) + cc for v in beta0]
    # |r_j − λ d_j| ≤ beta0_j: the one λ-interval rule, on integers at the common scale D
    iv = affine_interval_int(r, d, beta0, [0] * len(r))
    if iv is None:
        return None
    lo, hi = iv
    return LambdaInterval(int_end_to_fraction(lo), int_end_to_fraction(hi))


def _tube_interval_perturbed(r: list[int], d: list[int], beta0: list[int], m: int, t: int, cc: int) -> LambdaInterval | None:
    """The interval of |r_j − λd_j| ≤ beta0_j + ε, ε = cc/2^t, from the rule run with ε' = 2^-m instead; exact.

    ``certify_tube_fast``'s tube is beta0_j + c with c (the underflow term, about 2^-1075) far
    below every other term, and carrying it at its own scale makes every integer about 2^1075
    long. Every comparison `refimpl.lambda_interval.tube_interval_int` makes is the sign of
    P + εQ with integers P and Q (a product of a bound β_j + ε = (β0_j ∓ r_j) + ε and a
    coefficient α_k = ∓d_k, which holds no ε, minus another; or β_j + ε alone), and |Q| ≤
    2·max|d_j| < 2^(m−1). For every ε with |εQ| < 1 that sign is sign(P) when P ≠ 0 and
    sign(Q) when P = 0, the same for ε = cc/2^t (the caller checks cc·2^m ≤ 2^t) and for
    ε' = 2^-m. So the rule on (r, d, beta0) scaled by 2^m with ε'·2^m = 1 added to the bounds
    takes every branch it takes with ε, and returns the constraints (β, α) that hold the ends;
    each end is then rebuilt with ε in place of ε' (β = s·(2^m·B + 1) with s = ±1, so
    B = (s·β − 1)/2^m, and the true end is s·(2^t·B + cc) over 2^t·α). The rule stays the one
    in `refimpl.lambda_interval`; only the constant changes.
    """
    iv = affine_interval_int([v << m for v in r], [v << m for v in d], [(v << m) + 1 for v in beta0], [0] * len(r))
    if iv is None:
        return None
    mask = (1 << m) - 1

    def end(e: tuple[int, int]) -> Fraction | None:
        num, den = e
        if den == 0:
            return None
        sign = 1 if num & mask == 1 else -1
        B = (sign * num - 1) >> m
        return Fraction(sign * ((B << t) + cc), (den >> m) << t)

    lo, hi = iv
    return LambdaInterval(end(lo), end(hi))


# --- float prefilter -------------------------------------------------------------------------

#: relative slack of the float prefilter: the λ-interval endpoints (r ± B)/d take at most
#: six roundings from the float inputs (difference, bound, sum, quotient, and the inputs'
#: own rounding for the exact model), so γ₈ covers them with room to spare.
PREFILTER_SLACK = float(BINARY64.gamma(8))  # γ₈ rounded to nearest; the factor (1 + slack) below absorbs it


#: float32-mixed: the tube's |d̂| (float32 difference) exceeds the exact |n − x| by at most u₃₂
FLOAT32_DIFF_SLACK = float(BINARY32.u)


def prefilter_bound(S: np.ndarray, Xb: np.ndarray, Xn: np.ndarray, model: str) -> np.ndarray:
    """A float upper bound of the model's tube per coordinate, valid for every λ in [−1, 2]."""
    D = Xn - Xb
    if model == "box":
        model = BOX_ARITHMETIC
    if model in COEFFICIENTS:
        co = COEFFICIENTS[model]
        B = float(co.a) * np.abs(S) + float(co.b) * np.abs(D) + float(co.c)
        if model == "float32-mixed":
            # the tube uses d̂ = fl32(n − x); |d̂| ≤ |n − x|(1 + u₃₂) and D here is the exact difference
            B = B * (1.0 + FLOAT32_DIFF_SLACK)
    elif model == "convex":
        # |1−λ| ≤ 2 and |λ| ≤ 2 on [−1, 2]
        B = float(GAMMA4) * 2.0 * (np.abs(Xb) + np.abs(Xn)) + 2.0**-1073
    else:  # exact: only the float rounding of the rational inputs (u each, η for subnormals)
        B = 2.0**-53 * (np.abs(S) + np.abs(Xb) + np.abs(Xn)) + 2.0**-1073
    return np.asarray(B * (1.0 + PREFILTER_SLACK) + 2.0**-1073)


def prefilter(
    S: np.ndarray, Xb: np.ndarray, Xn: np.ndarray, model: str, lam_lo: float, lam_hi: float,
    rho: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(possible, λ̃, tube ratio) for triples (s, x, n) row-wise; ``possible`` False ⇒ no λ in [lam_lo, lam_hi] certifies.

    λ̃ is the least-squares λ clipped to the range, and the ratio is max_j |s_j − x_j − λ̃ d_j| / B_j
    (a float diagnostic: how many tube widths the row is from the segment).
    """
    D = Xn - Xb
    R = S - Xb
    if rho is None:
        B = prefilter_bound(S, Xb, Xn, model)
    else:
        # released rows (Lemma 6): the tube at |ŝ| ≤ |s| + ρ, plus ρ, rounded up by the slack
        B = (prefilter_bound(np.abs(S) + rho, Xb, Xn, model) + rho) * (1.0 + PREFILTER_SLACK)
    if model == "box":
        # one gap per coordinate: the rule row by row on single coordinates, then all of them
        flat = affine_interval_float(R.reshape(-1, 1), D.reshape(-1, 1), B.reshape(-1, 1), lam_lo, lam_hi, PREFILTER_SLACK)
        possible = np.asarray(flat.reshape(R.shape).all(axis=1)) if R.size else np.ones(R.shape[0], bool)
    else:
        possible = affine_interval_float(R, D, B, lam_lo, lam_hi, PREFILTER_SLACK)
    dd = np.einsum("ij,ij->i", D, D)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(dd > 0, np.einsum("ij,ij->i", R, D) / np.where(dd > 0, dd, 1.0), 0.0)
    lam = np.clip(lam, lam_lo, lam_hi)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a diagnostic: inf is a fine answer
        ratio = np.max(np.abs(R - lam[:, None] * D) / B, axis=1)
    return possible, lam, ratio
