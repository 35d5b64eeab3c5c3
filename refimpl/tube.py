"""The rounding tube of a floating-point SMOTE step, and exact certification against it.

Bound (Lemma 3, proofs/03_rounding_tube.py). In the standard model of IEEE round-to-nearest
(|fl(z) − z| ≤ u|fl(z)| and ≤ u|z| for normal results, absolute error ≤ η in the subnormal
range, exact sums and differences when the result is subnormal, no overflow), a float SMOTE
step with 0 ≤ λ ≤ 1 satisfies, coordinate by coordinate:

* ``float64`` (imbalanced-learn on float64: ŝ = fl(x + fl(λ · fl(n − x)))), u = 2^-53,
  η = 2^-1074, with d̂_j = fl(n_j − x_j):

  ```text
  |ŝ_j − (x_j + λ(n_j − x_j))| ≤ u·|ŝ_j| + (2u + u²)·|d̂_j| + η
  ```

* ``float32-mixed`` (imbalanced-learn on float32: difference in float32, product and sum in
  float64, result cast to float32), u₃₂ = 2^-24, η₃₂ = 2^-149:

  ```text
  |ŝ_j − (x_j + λ d_j)| ≤ (u₃₂ + u(1 + u₃₂))·|ŝ_j| + (u₃₂ + u)·|d̂_j| + η₃₂(1 + u) + η
  ```

* ``convex`` (smote-variants: weights w = W / fl(W₀ + W₁), ŝ = fl(fl(w₀·x) + fl(w₁·n)) in
  float64, so λ = W₁/(W₀ + W₁) exactly), with γ₄ = 4u/(1 − 4u):

  ```text
  |ŝ_j − ((1 − λ)x_j + λ n_j)| ≤ γ₄·((1 − λ)|x_j| + λ|n_j|) + (1 + u)η
  ```

The |d̂_j| (or |x_j|, |n_j|) term is not optional: under cancellation (|ŝ_j| ≪ |d̂_j|) the
error is hundreds of ulp(ŝ_j) and more, so "a few ulps" is unsound (proofs/03_rounding_tube.py
shows an example).

An attacker who only sees synthetic points does not know d̂_j. If every |n_j − x_j| is at most
a known R_j (the real data's range in column j, or a public domain width), the true point lies
within [`attacker_radius`][refimpl.tube.attacker_radius] of ŝ_j (Lemma 3, part (d)).

Everything here is evaluated in exact rational arithmetic: the bound is a rational number and
the certificate is a rational λ-interval.

Machine-checked (Coq with Flocq, at IEEE level, for every input with a finite result): part
(a) is ``proofs/coq/Tube.v``, theorem ``tube_b64``; (b) ``tube_f32_mixed``; (c)
``proofs/coq/Convex.v``, theorem ``tube_convex`` (weights on ``random_sample``'s grid); (d)
``tube_b64_attacker``, ``tube_f32_mixed_attacker`` and ``tube_convex_attacker``. The
constants of those statements are tested equal to this module's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.exact.rational import to_rational
from refimpl.fpformat import (
    ARITHMETIC_MODELS,
    BINARY32,
    BINARY64,
    DIFFERENCE_MODELS,
    MODEL_NAMES,
    arithmetic_model,
)
from refimpl.fpformat import gamma as gamma
from refimpl.lambda_interval import affine_interval  # re-exported: refimpl.tube.gamma is public

Model = Literal["float64", "float32-mixed", "convex"]
#: the models this module bounds (the checker adds ``exact``: `refimpl.validate.models.MODELS`)
TUBE_MODELS: tuple[str, ...] = MODEL_NAMES

#: unit roundoff and underflow terms of binary64 and binary32, exact (from `refimpl.fpformat`)
U64, ETA64 = BINARY64.u, BINARY64.eta
U32, ETA32 = BINARY32.u, BINARY32.eta


@dataclass(frozen=True)
class TubeCoefficients:
    """Bound = a·|ŝ_j| + b·|d̂_j| + c, per coordinate (Lemma 3, proofs/03_rounding_tube.py)."""

    a: Fraction
    b: Fraction
    c: Fraction


@dataclass(frozen=True)
class ConvexCoefficients:
    """Bound = g·((1 − λ)|x_j| + λ|n_j|) + c for 0 ≤ λ ≤ 1 (Lemma 3, proofs/03_rounding_tube.py, part (c))."""

    g: Fraction
    c: Fraction


#: (a, b, c) per difference model, read from the one record per model in `refimpl.fpformat`
COEFFICIENTS: dict[str, TubeCoefficients] = {
    name: TubeCoefficients(ARITHMETIC_MODELS[name].a, ARITHMETIC_MODELS[name].b, ARITHMETIC_MODELS[name].c)
    for name in DIFFERENCE_MODELS
}

CONVEX_COEFFICIENTS = ConvexCoefficients(ARITHMETIC_MODELS["convex"].a, ARITHMETIC_MODELS["convex"].c)


def _check_model(model: str) -> None:
    arithmetic_model(model)


def coefficients(model: str) -> TubeCoefficients:
    """The (a, b, c) of the tube bound for a difference model; Lemma 3, proofs/03_rounding_tube.py."""
    _check_model(model)
    if model not in COEFFICIENTS:
        raise InvalidParameter(
            f"model {model!r} has a λ-dependent bound, not a·|ŝ| + b·|d̂| + c; use "
            "convex_coefficients() or radius(s_hat, x, n, lam, model)"
        )
    return COEFFICIENTS[model]


def convex_coefficients() -> ConvexCoefficients:
    """The (g, c) of the convex-combination bound (smote-variants); Lemma 3, proofs/03_rounding_tube.py (part (c)).

    Machine-checked: ``proofs/coq/Convex.v``, theorem ``tube_convex``.
    """
    return CONVEX_COEFFICIENTS


def _dtype(model: str) -> type[np.floating[Any]]:
    return ARITHMETIC_MODELS[model].dtype


def float_difference(x: npt.ArrayLike, n: npt.ArrayLike, model: str = "float64") -> np.ndarray:
    """d̂ = fl(n − x) as the model's arithmetic computes it (float32 for ``float32-mixed``)."""
    dt = _dtype(model)
    xa = np.asarray(x, dtype=dt)
    na = np.asarray(n, dtype=dt)
    if xa.shape != na.shape:
        raise ShapeMismatch(f"x has shape {xa.shape} and n has shape {na.shape}; they must match")
    with np.errstate(over="raise"):
        try:
            diff: np.ndarray = np.subtract(na, xa)
            return diff
        except FloatingPointError as exc:
            raise InvalidInput(
                "n − x overflows; the tube bound assumes no overflow, rescale the data"
            ) from exc


def coordinate_bounds(s_hat: Sequence[float], d_hat: Sequence[float], model: str = "float64") -> list[Fraction]:
    """Per-coordinate bound a|ŝ_j| + b|d̂_j| + c as exact rationals; Lemma 3, proofs/03_rounding_tube.py."""
    co = coefficients(model)
    if len(s_hat) != len(d_hat):
        raise ShapeMismatch(f"ŝ has {len(s_hat)} coordinates and d̂ has {len(d_hat)}; they must match")
    out = []
    for j, (s, d) in enumerate(zip(s_hat, d_hat, strict=True)):
        sq = to_rational(s, column=j)
        dq = to_rational(d, column=j)
        out.append(co.a * abs(sq) + co.b * abs(dq) + co.c)
    return out


@dataclass(frozen=True)
class _Parts:
    """Exact per-coordinate data of one step: r = ŝ − x, d = n − x, bound = beta0 + beta1·λ."""

    r: list[Fraction]
    d: list[Fraction]
    beta0: list[Fraction]
    beta1: list[Fraction]


def _parts(s_hat: npt.ArrayLike, x: npt.ArrayLike, n: npt.ArrayLike, model: str) -> _Parts:
    """The affine-in-λ form of the tube, |r_j − λ d_j| ≤ beta0_j + beta1_j·λ, exactly."""
    _check_model(model)
    dt = _dtype(model)
    s_arr = np.asarray(s_hat, dtype=dt)
    xs = np.asarray(x, dtype=dt)
    ns = np.asarray(n, dtype=dt)
    if s_arr.shape != xs.shape or xs.shape != ns.shape:
        raise ShapeMismatch(
            f"ŝ, x and n have shapes {s_arr.shape}, {xs.shape} and {ns.shape}; they must match"
        )
    if not np.all(np.isfinite(s_arr)):
        raise InvalidInput("the synthetic point has NaN or inf coordinates; it cannot be certified")
    sq = [to_rational(v, column=j) for j, v in enumerate(s_arr)]
    xq = [to_rational(v, column=j) for j, v in enumerate(xs)]
    nq = [to_rational(v, column=j) for j, v in enumerate(ns)]
    r = [s - a for s, a in zip(sq, xq, strict=True)]
    d = [b - a for a, b in zip(xq, nq, strict=True)]
    if model in DIFFERENCE_MODELS:
        d_hat = float_difference(xs, ns, model)
        beta0 = coordinate_bounds(s_arr.tolist(), d_hat.tolist(), model)
        beta1 = [Fraction(0)] * len(beta0)
    else:
        co = CONVEX_COEFFICIENTS
        beta0 = [co.g * abs(a) + co.c for a in xq]
        beta1 = [co.g * (abs(b) - abs(a)) for a, b in zip(xq, nq, strict=True)]
    return _Parts(r, d, beta0, beta1)


def radius(
    s_hat: npt.ArrayLike, x: npt.ArrayLike, n: npt.ArrayLike, lam: object, model: str = "float64"
) -> list[Fraction]:
    """Per-coordinate tube radius at λ (exact), for any model; Lemma 3, proofs/03_rounding_tube.py."""
    p = _parts(s_hat, x, n, model)
    q = to_rational(lam)
    return [b0 + b1 * q for b0, b1 in zip(p.beta0, p.beta1, strict=True)]


@dataclass(frozen=True)
class LambdaInterval:
    """A closed interval [lo, hi] of λ values, exact; ``None`` ends mean unbounded (x = n)."""

    lo: Fraction | None
    hi: Fraction | None

    @property
    def degenerate(self) -> bool:
        """True when x = n, so every λ explains the point (no λ information)."""
        return self.lo is None and self.hi is None

    def __contains__(self, lam: object) -> bool:
        q = to_rational(lam)
        return (self.lo is None or self.lo <= q) and (self.hi is None or q <= self.hi)

    def intersects(self, lo: Fraction, hi: Fraction) -> bool:
        """True iff [self.lo, self.hi] meets the closed interval [lo, hi]."""
        return (self.lo is None or self.lo <= hi) and (self.hi is None or lo <= self.hi)


def certify(
    s_hat: npt.ArrayLike, x: npt.ArrayLike, n: npt.ArrayLike, model: str = "float64"
) -> LambdaInterval | None:
    """The exact set of λ with |ŝ_j − (x_j + λ(n_j − x_j))| ≤ radius_j(λ) for all j, or None; Lemma 3, proofs/03_rounding_tube.py.

    Each coordinate gives two linear inequalities in λ (the radius is affine in λ), so the
    answer is an interval. For the difference models it is not clipped to [0, 1): callers
    decide what a λ outside the sampler's range means (a copy at λ = 0, extrapolation). For
    ``convex`` the bound is only derived for 0 ≤ λ ≤ 1, so the interval is clipped to [0, 1].
    When x = n the result is ``LambdaInterval(None, None)`` (degenerate) if ŝ is in the tube.
    """
    p = _parts(s_hat, x, n, model)
    # r − λd ≤ b0 + b1λ and −(r − λd) ≤ b0 + b1λ per coordinate: the one λ-interval rule
    iv = affine_interval(p.r, p.d, p.beta0, p.beta1)
    if iv is None:
        return None
    lo, hi = iv
    constrained = lo is not None or hi is not None
    if model == "convex" and constrained:
        lo = Fraction(0) if lo is None else max(lo, Fraction(0))
        hi = Fraction(1) if hi is None else min(hi, Fraction(1))
    if lo is not None and hi is not None and lo > hi:
        return None
    return LambdaInterval(lo, hi)


def error_ratio(
    s_hat: npt.ArrayLike, x: npt.ArrayLike, n: npt.ArrayLike, lam: object, model: str = "float64"
) -> Fraction:
    """max_j |ŝ_j − (x_j + λ(n_j − x_j))| / radius_j(λ), exact; ≤ 1 is Lemma 3, proofs/03_rounding_tube.py."""
    p = _parts(s_hat, x, n, model)
    q = to_rational(lam)
    worst = Fraction(0)
    for r, d, b0, b1 in zip(p.r, p.d, p.beta0, p.beta1, strict=True):
        worst = max(worst, abs(r - q * d) / (b0 + b1 * q))
    return worst


def attacker_radius(
    s_hat: npt.ArrayLike, column_range: Sequence[object], model: str = "float64"
) -> list[Fraction]:
    """Per-coordinate radius around a synthetic point whose parents are unknown; Lemma 3, proofs/03_rounding_tube.py (part (d)).

    ``column_range[j]`` must bound |n_j − x_j| for every pair of real records the sampler may
    have used (the real data's max − min in column j, or a public domain's width). The
    synthetic data's own range is *not* a valid choice: it can be smaller than the real one.
    The true point x + λ(n − x) then lies within the returned radius of ŝ in every coordinate:

    * difference models: a·|ŝ_j| + b·(1 + u_d)·R_j + c, with u_d the unit roundoff of d̂;
    * ``convex``: (γ₄·(|ŝ_j| + R_j/2) + c) / (1 − γ₄).

    Machine-checked: ``proofs/coq/Tube.v``, theorems ``tube_b64_attacker`` and
    ``tube_f32_mixed_attacker``; ``proofs/coq/Convex.v``, theorem ``tube_convex_attacker``.
    """
    _check_model(model)
    dt = _dtype(model)
    s_arr = np.asarray(s_hat, dtype=dt)
    if s_arr.ndim != 1 or len(column_range) != s_arr.shape[0]:
        raise ShapeMismatch(
            f"ŝ has shape {s_arr.shape} and column_range has {len(column_range)} entries; "
            "pass one range per coordinate"
        )
    if not np.all(np.isfinite(s_arr)):
        raise InvalidInput("the synthetic point has NaN or inf coordinates")
    out = []
    for j, (s, rng) in enumerate(zip(s_arr, column_range, strict=True)):
        sq = abs(to_rational(s, column=j))
        rq = to_rational(rng, column=j)
        if rq < 0:
            raise InvalidInput(f"column range {rng!r} is negative; pass max − min ≥ 0", column=j)
        if model in DIFFERENCE_MODELS:
            co = COEFFICIENTS[model]
            out.append(co.a * sq + co.b * (1 + ARITHMETIC_MODELS[model].unit) * rq + co.c)
        else:
            cc = CONVEX_COEFFICIENTS
            out.append((cc.g * (sq + rq / 2) + cc.c) / (1 - cc.g))
    return out
