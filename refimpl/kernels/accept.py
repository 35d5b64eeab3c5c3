"""A float64 certificate that a point is in a segment's rounding tube: Lemma 13, proofs/13_float_accept.py.

The Lemma 5b filter (`refimpl.kernels.lemma5b`) proves *rejections* in floats; this is the
other side. For one chosen λ (any float: the certificate does not depend on how it was
found) it evaluates, per coordinate, |(p − a) − λ(b − a)| and ρ_p + |1 − λ|ρ_a + |λ|ρ_b in
round-to-nearest float64 and accepts only when the first plus the margin of Lemma 13
(`ACCEPT_K` times the magnitudes, plus `ACCEPT_ETA8` for underflow) is at most the second.
Then λ itself satisfies the exact tube inequality of Lemma 3 in every coordinate, so the
exact test (`TubeKernel.between` for 0 < λ < 1, `TubeKernel.on_line` for any λ) accepts
too. Anything else (a larger error, an overflow, a NaN) is left to the exact test.
"""

from __future__ import annotations

import numpy as np

from refimpl.kernels.base import BoolArray, FloatArray, IntArray

#: K of Lemma 13 (proofs/13_float_accept.py): 8u, u = 2^-53 the unit roundoff of float64
ACCEPT_K = 2.0**-50
#: 8η of Lemma 13, η = 2^-1074 the smallest positive subnormal (products may underflow)
ACCEPT_ETA8 = 2.0**-1071


def tube_accept(
    X: FloatArray, R: FloatArray, P: IntArray, A: IntArray, B: IntArray, lam: FloatArray
) -> BoolArray:
    """True where λ = lam[t] puts row P[t] in the tube of A[t] + λ(B[t] − A[t]) in every coordinate, proved in float64; Lemma 13.

    ``X`` are the rows and ``R`` their tube radii (floats ≥ 0, the exact values the kernel
    decides on). True means |r_j − λd_j| ≤ ρ_p,j + |1 − λ|ρ_a,j + |λ|ρ_b,j holds exactly
    for every j (r = p − a, d = b − a); False says nothing.
    """
    lam = np.asarray(lam, dtype=np.float64)
    if len(P) == 0:
        return np.zeros(0, dtype=bool)
    lc = lam[:, None]
    with np.errstate(all="ignore"):
        r = X[P] - X[A]
        d = X[B] - X[A]
        e = np.abs(r - lc * d)
        s = (R[P] + np.abs(1.0 - lc) * R[A]) + np.abs(lc) * R[B]
        m = (e + np.abs(r)) + np.abs(lc) * np.abs(d)
        lhs = (e + ACCEPT_K * (m + s)) + ACCEPT_ETA8
        ok = np.isfinite(lhs) & np.isfinite(s) & (lhs <= s)
    return np.asarray(np.all(ok, axis=1) & np.isfinite(lam), dtype=bool)


def projection_lambda(X: FloatArray, P: IntArray, A: IntArray, B: IntArray) -> FloatArray:
    """⟨p − a, b − a⟩ / ⟨b − a, b − a⟩ in floats: the λ `tube_accept` is tried at (NaN or ±inf where b = a)."""
    with np.errstate(all="ignore"):
        r = X[P] - X[A]
        d = X[B] - X[A]
        return np.asarray(np.einsum("nd,nd->n", r, d) / np.einsum("nd,nd->n", d, d), dtype=np.float64)
