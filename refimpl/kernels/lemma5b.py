"""Lemma 5b's constants and float evaluation: the Gram filter of ``FastKernel`` (proofs/05_fast_filter.py).

(N1) and (N2) of Lemma 5 are evaluated once in round-to-nearest float64; a pair is rejected
only when a value exceeds its proven margin K·(magnitude) and both Gram diagonals lie in the
range guard [TAU, OMEGA].
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from refimpl.fpformat import BINARY64, float_up
from refimpl.kernels.base import FloatArray, float_up_or_inf

#: (points·2^σ, β̂²·2^2σ rounded up, K0, K1, K2, usable): the filter state of `gram_filter_state`
FilterState = tuple[FloatArray, float, float, float, float, bool]


def radius_norm_bound(rho_up: FloatArray) -> float:
    """A float ≥ ‖ρ_p + max(ρ_a, ρ_b)‖₂ for any three rows, from the decision radii themselves; Lemma 5, proofs/05_fast_filter.py.

    Every per-coordinate bound B_j = ρ_p,j + max(ρ_a,j, ρ_b,j) is at most 2·max ρ, so the norm
    is at most 2√d·max ρ: computed exactly from the float radii, then rounded up.
    """
    d = rho_up.shape[1] if rho_up.ndim == 2 else 0
    top = Fraction(float(rho_up.max())) if rho_up.size else Fraction(0)
    sq = 4 * top * top * d
    if sq == 0:
        return 0.0
    s_bits = 1300
    root = Fraction(math.isqrt((sq.numerator << (2 * s_bits)) // sq.denominator) + 1, 1 << s_bits)
    return float_up(root)


#: Lemma 5b's range guard: a pair is tested only when both Ĝ_aa, Ĝ_bb (and β̂²) lie in
#: [2^-500, 2^400]; then no operation overflows and every underflow is negligible.
TAU = 2.0**-500
OMEGA = 2.0**400



def gram_filter_constants(d: int) -> tuple[float, float, float]:
    """(K0, K1, K2) of Lemma 5b for dimension d, exact, inflated and rounded up; proofs/05_fast_filter.py.

    With s' = γ_{d+3}/(1 − γ_d)·(1 + θ) + θ, θ = d·η/τ (the Gram error of Lemma 5 under the
    range guard, relative to √(Ĝ_xx Ĝ_yy)):

    * K0 = max(s'/2 + u(1 + 2s')/2, u): |(G_ab − β̂²) − fl(Ĝ_ab − β̂²)| ≤ K0·M;
    * K1 = max(4s' + 4s'² + γ_3(1 + (1 + 2s')²), 2s' + γ_4(2 + 2s')):
      |f1 − F̂1| ≤ K1·(Ĝ_aa Ĝ_bb + (Ĝ_aa + Ĝ_bb)β̂²) + 2η;
    * K2 = K0(2(1 + u) + K0) + u(1 + u)² + [2s' + (γ_2 + u(1 + γ_2))(2 + 2s')]/4
      + u[(1 + u)³ + (1 + u)(1 + γ_2)(2 + 2s')/4]: |f2 − F̂2| ≤ K2·M² + 2η,

    where M = Ĝ_aa + Ĝ_bb + β̂². Each is multiplied by (1 + 2^-10)/(1 − u)^6, which covers the
    float evaluation of the margin itself and every η term (the guard makes each margin ≥
    2^-1063), then rounded up to a float.
    """
    u = BINARY64.u
    g2, g3, g4 = (BINARY64.gamma(n) for n in (2, 3, 4))
    gd, gd3 = BINARY64.gamma(d), BINARY64.gamma(d + 3)
    theta = Fraction(d) * BINARY64.eta / Fraction(TAU)
    s = gd3 / (1 - gd) * (1 + theta) + theta
    k0 = max(s / 2 + u * (1 + 2 * s) / 2, u)
    k1 = max(4 * s + 4 * s * s + g3 * (1 + (1 + 2 * s) ** 2), 2 * s + g4 * (2 + 2 * s))
    k2 = (
        k0 * (2 * (1 + u) + k0)
        + u * (1 + u) ** 2
        + (2 * s + (g2 + u * (1 + g2)) * (2 + 2 * s)) / 4
        + u * ((1 + u) ** 3 + (1 + u) * (1 + g2) * (2 + 2 * s) / 4)
    )
    inflate = (1 + Fraction(1, 2**10)) / (1 - u) ** 6
    return float_up(k0 * inflate), float_up(k1 * inflate), float_up(k2 * inflate)


def lemma5b_values(
    ga: FloatArray, gb: FloatArray, g: FloatArray, b2: float, k0: float, k1: float, k2: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """(F̂1, margin1, t, margin0, F̂2, margin2) of Lemma 5b, in exactly the proof's operation order.

    (N1) fails when F̂1 > margin1; (N2) fails when t > margin0 and F̂2 > margin2 (inside the
    range guard); proofs/05_fast_filter.py.
    """
    S = ga + gb
    p1 = ga * gb
    r = (S - 2.0 * g) * b2
    f1 = (p1 - g * g) - r
    c1 = k1 * (p1 + S * b2)
    t = g - b2
    M = S + b2
    return f1, c1, t, k0 * M, t * t - r, k2 * (M * M)


def gram_filter_state(points: FloatArray, rho_up: FloatArray) -> tuple[FloatArray, float, float, float, float, bool]:
    """(points·2^σ, β̂²·2^2σ rounded up, K0, K1, K2, usable) for Lemma 5b; proofs/05_fast_filter.py.

    σ brings the largest |coordinate| into [1/2, 1) when that scaling is exact (checked by
    scaling back); N1 and N2 are homogeneous, so the scaled problem has the same answers and
    the range guard rarely bites. β̂² bounds ‖B‖² with B_j = 2·max_i ρ_up[i, j] ≥ ρ_p,j +
    max(ρ_a,j, ρ_b,j) for the radii ``rho_up`` that the exact test uses (whatever their
    formula), computed exactly and rounded up.
    """
    d = points.shape[1]
    k0, k1, k2 = gram_filter_constants(d)
    sigma = 0
    xs = points
    amax = float(np.max(np.abs(points))) if points.size else 0.0
    if amax > 0:
        sigma = -math.frexp(amax)[1]
        with np.errstate(over="ignore", under="ignore"):
            cand = np.ldexp(points, sigma)
            if np.array_equal(np.ldexp(cand, -sigma), points):
                xs = np.ascontiguousarray(cand)
            else:
                sigma = 0
    col = rho_up.max(axis=0) if len(rho_up) else np.zeros(d)
    beta2 = sum((4 * Fraction(float(v)) ** 2 for v in col.tolist()), Fraction(0))
    beta2 *= Fraction(2) ** (2 * sigma)
    # beyond the float range (radii near 1e154 and up when σ cannot rescale, e.g. a subnormal
    # row next to rows near 1e300) no float bounds β²: the filter is then simply not used
    b2 = float_up_or_inf(beta2)
    return xs, b2, k0, k1, k2, bool(b2 <= OMEGA)
