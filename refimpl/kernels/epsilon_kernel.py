"""``EpsilonKernel``: the published attack's float numerics with a fixed ``eps`` (not certified).

Kept so that its failures can be shown next to the certified kernels.
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import numpy as np

from refimpl.errors import InvalidParameter
from refimpl.kernels.base import GeometryKernel, IntArray, Line, Meet, RVec, Witness, float_points, pairs

#: The published attack's threshold, not a tolerance of this project: ``line_eps=1e-12`` is the
#: default of both attacks in the paper's code (sascommunities/smote-mirrors,
#: code/attacks/smote_detection_attack.py and smote_reconstruction_attack.py). No bound in
#: proofs/ supports it; the certified kernels replace it with Lemma 3's tube.
PUBLISHED_LINE_EPS = 1e-12


class EpsilonKernel(GeometryKernel):
    """The published attack's float tests with a fixed ``eps`` (not certified; kept for comparison).

    * collinear: ``| |cos θ| − 1 | < eps`` for θ the angle between a − p and b − p; this is an
      angular tolerance of about √(2·eps) (1.41e-6 rad for the published ``PUBLISHED_LINE_EPS`` = 1e-12);
    * between: the projection λ̂ = (p − a)·(b − a)/|b − a|² in [0, 1], endpoints included;
    * intersection: ``numpy.linalg.lstsq`` and ``numpy.allclose(atol=eps)`` (default rtol 1e-5).
    """

    name: ClassVar[str] = "epsilon"
    certified: ClassVar[bool] = False

    def __init__(self, X: object, *, eps: float = PUBLISHED_LINE_EPS) -> None:
        if not eps > 0:
            raise InvalidParameter(f"eps must be > 0, got {eps!r}")
        self.points = float_points(X)
        self.eps = float(eps)

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """The published cosine and projection tests (approximate; no lemma holds)."""
        return self.between_any(np.asarray([p], dtype=np.intp), np.asarray([[a, b]], dtype=np.intp))[0]

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """First pair passing the published tests, in row-major pair order (batched in numpy).

        The scalar `between` runs through here too, so both make the same float decisions.
        """
        out: list[Witness | None] = [None] * len(P)
        if C.size == 0 or C.shape[1] < 2:
            return out
        X = self.points
        ia, ib = pairs(C.shape[1])
        for start in range(0, len(P), 1024):
            stop = min(start + 1024, len(P))
            Pc, Cc = P[start:stop], C[start:stop]
            A, B = Cc[:, ia], Cc[:, ib]
            xp = X[Pc][:, None, :]
            va, vb = X[A] - xp, X[B] - xp
            with np.errstate(divide="ignore", invalid="ignore"):
                na = np.sqrt(np.einsum("npd,npd->np", va, va))
                nb = np.sqrt(np.einsum("npd,npd->np", vb, vb))
                cos = np.einsum("npd,npd->np", va, vb) / (na * nb)
                dv = X[B] - X[A]
                dd = np.einsum("npd,npd->np", dv, dv)
                lam = np.einsum("npd,npd->np", -va, dv) / dd
                ok = (na > 0) & (nb > 0) & (np.abs(np.abs(cos) - 1) < self.eps) & ~(cos > 0)
                ok &= (dd > 0) & (lam >= 0) & (lam <= 1)
            ok &= (A >= 0) & (B >= 0)
            rows, cols = np.nonzero(ok)
            last = -1
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                if r == last:
                    continue
                last = r
                q = Fraction(float(lam[r, c]))
                out[start + r] = Witness(int(A[r, c]), int(B[r, c]), q, q)
        return out

    def on_line(self, p: int, a: int, b: int) -> bool:
        """The published cosine test on (p − a, b − a)."""
        X = self.points
        u, v = X[p] - X[a], X[b] - X[a]
        nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
        if nu == 0 or nv == 0:
            return nv != 0
        return abs(abs(float(u @ v) / (nu * nv)) - 1) < self.eps

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """lstsq intersection accepted by ``allclose(atol=eps)``, as published."""
        X = self.points
        a1, b1 = X[l1.anchors[0]], X[l1.anchors[1]]
        a2, b2 = X[l2.anchors[0]], X[l2.anchors[1]]
        M = np.stack([b1 - a1, -(b2 - a2)], axis=1)
        sol, *_ = np.linalg.lstsq(M, a2 - a1, rcond=None)
        s, t = float(sol[0]), float(sol[1])
        x1, x2 = a1 + s * (b1 - a1), a2 + t * (b2 - a2)
        if not np.allclose(x1, x2, atol=self.eps) or 0 < s < 1 or 0 < t < 1:
            return None
        pt = tuple(Fraction(float(v)) for v in (x1 + x2) / 2)
        return Meet(pt, pt, ids)

    def meet_box(self, mt: Meet) -> tuple[RVec, RVec]:
        """The published numerics: the float point widened as ``allclose(atol=eps, rtol=1e-5)`` widens it."""
        tol = [Fraction(self.eps) + Fraction(1, 10**5) * abs(x) for x in mt.lo]
        return (
            tuple(x - e for x, e in zip(mt.lo, tol, strict=True)),
            tuple(x + e for x, e in zip(mt.hi, tol, strict=True)),
        )

