"""The box predicate: "p lies in the axis-aligned box of a and b, within the release tube", exactly (Lemma 7).

A box-SMOTE row (Weka 3.6's filter; `refimpl.box_smote`) is s_j = x_j + λ_j(n_j − x_j) with one
gap λ_j in [0, 1) per coordinate. Coordinate by coordinate this is Lemma 3's rounding tube
with d = 1, so the released row p is in the box of the released parents a and b iff, for
every j, some λ_j in [0, 1] satisfies

    |p_j − a_j − λ_j(b_j − a_j)| ≤ ρ_p,j + (1 − λ_j)·ρ_a,j + λ_j·ρ_b,j

with ρ the per-coordinate tube radius of `refimpl.kernels.TubeKernel` (Lemma 3(d), widened by
the release model, Lemma 6(b)). The λ_j sets come from the one λ-interval engine,
`refimpl.lambda_interval.affine_intervals_per_coordinate`, in exact rationals
(proofs/07_box_geometry.py, Lemma 7(a)). `BoxGeometry.filter` is a float pre-test that
only chooses which triples to decide: it keeps every triple the exact test accepts (Lemma 7(b)).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidInput
from refimpl.lambda_interval import affine_intervals_per_coordinate
from refimpl.release import ReleaseModel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
RVec = tuple[Fraction, ...]
Interval = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class BoxWitness:
    """p lies in the box of rows ``a`` and ``b``: p_j = a_j + λ_j(b_j − a_j) with λ_j in ``intervals[j]`` ⊂ [0, 1].

    ``touches_endpoint`` says that λ = 0 fits every coordinate (p is within the tube of a copy
    of a) or λ = 1 does (of b): then p is not known to differ from an endpoint. ``strict`` says
    that in every coordinate p is either strictly inside (λ_j = 0 and λ_j = 1 both excluded) or
    the coordinate says nothing (λ_j free in [0, 1]): a box-SMOTE row has a fresh value in every
    coordinate where its parents differ, a real row on a lattice (one-hot, integer columns)
    sits on an endpoint's value (Lemma 7(a)).
    """

    a: int
    b: int
    intervals: tuple[Interval, ...]
    touches_endpoint: bool = False
    strict: bool = True

    @property
    def lam_lo(self) -> Fraction:
        """The smallest λ_j over the coordinates (for tables shared with the segment geometry)."""
        return min((lo for lo, _ in self.intervals), default=Fraction(0))

    @property
    def lam_hi(self) -> Fraction:
        """The largest λ_j over the coordinates."""
        return max((hi for _, hi in self.intervals), default=Fraction(1))


def box_intervals(p: RVec, a: RVec, b: RVec, rp: RVec, ra: RVec, rb: RVec) -> list[Interval] | None:
    """The exact λ_j set in [0, 1] of every coordinate with p_j in the tube of a_j + λ_j(b_j − a_j), or None; Lemma 7(a), proofs/07_box_geometry.py."""
    r = [x - y for x, y in zip(p, a, strict=True)]
    d = [x - y for x, y in zip(b, a, strict=True)]
    beta0 = [x + y for x, y in zip(rp, ra, strict=True)]
    beta1 = [y - x for x, y in zip(ra, rb, strict=True)]
    out: list[Interval] = []
    for iv in affine_intervals_per_coordinate(r, d, beta0, beta1, Fraction(0), Fraction(1)):
        if iv is None:
            return None
        lo, hi = iv
        # both ends are finite: the search was bounded to [0, 1]
        out.append((Fraction(0) if lo is None else lo, Fraction(1) if hi is None else hi))
    return out


def box_witness(a: int, b: int, intervals: Sequence[Interval]) -> BoxWitness:
    """The certificate of a box membership, with the endpoint-copy flag; Lemma 7(a), proofs/07_box_geometry.py."""
    at_a = all(lo == 0 for lo, _ in intervals)
    at_b = all(hi == 1 for _, hi in intervals)
    strict = all((lo == 0 and hi == 1) or (lo > 0 and hi < 1) for lo, hi in intervals)
    return BoxWitness(a, b, tuple(intervals), touches_endpoint=at_a or at_b, strict=strict)


class BoxGeometry:
    """Exact box decisions on released rows, with the tube radii of `refimpl.kernels.TubeKernel`; Lemma 7, proofs/07_box_geometry.py.

    ``points`` are the distinct rows (floats, or rows of Fractions for exact input);
    ``release`` and ``column_range`` mean what they mean for the tube kernel (Lemma 6).
    """

    name = "box"

    def __init__(
        self,
        points: object,
        *,
        release: ReleaseModel | str | None = None,
        column_range: Sequence[object] | None = None,
    ) -> None:
        from refimpl.kernels import TubeKernel

        self._tube = TubeKernel(points, release=release, column_range=column_range)
        self.points: FloatArray = self._tube.points
        self.rho_up: FloatArray = self._tube.rho_up
        self.release = self._tube.release
        self.release_estimate = self._tube.release_estimate
        self.exact_checks = 0
        if len(self.points) and not np.all(np.isfinite(self.points)):
            raise InvalidInput("rows must be finite for the box geometry")

    @property
    def guarantee(self) -> str:
        """``certified`` under bounded release models, ``statistical`` otherwise (Lemma 6)."""
        return self._tube.guarantee

    def witness(self, p: int, a: int, b: int) -> BoxWitness | None:
        """p in the box of a and b within the tube, decided exactly; None otherwise (also for p = a or p = b); Lemma 7(a)."""
        if p == a or p == b or a == b:
            return None
        self.exact_checks += 1
        t = self._tube
        iv = box_intervals(t.row(p), t.row(a), t.row(b), t.rho(p), t.rho(a), t.rho(b))
        return None if iv is None else box_witness(a, b, iv)

    def filter(self, p: IntArray, a: IntArray, b: IntArray, *, strict: bool = False) -> npt.NDArray[np.bool_]:
        """Float pre-test on aligned index arrays: False only where the exact test must fail; Lemma 7(b).

        Coordinate j can pass only if p_j is within ρ_p,j + max(ρ_a,j, ρ_b,j) of the interval
        between a_j and b_j. The float distance is within a factor (1 + u) of the true one, so
        comparing it with twice the radius sum keeps every accepted triple. With ``strict``,
        also False where the witness could not be strict: a strict coordinate has p_j outside
        both endpoint tubes (|p_j − a_j| > ρ_p,j + ρ_a,j, same for b) or inside both; the
        float test uses half and twice those radii.
        """
        X, rho = self.points, self.rho_up
        P, A, B = X[p], X[a], X[b]
        lo, hi = np.minimum(A, B), np.maximum(A, B)
        gap = np.maximum(np.maximum(lo - P, P - hi), 0.0)
        rp, ra, rb = rho[p], rho[a], rho[b]
        ok = gap <= 2.0 * (rp + ra + rb)
        if strict:
            da, db = np.abs(P - A), np.abs(P - B)
            outside = (da > 0.5 * (rp + ra)) & (db > 0.5 * (rp + rb))
            inside = (da <= 2.0 * (rp + ra)) & (db <= 2.0 * (rp + rb))
            ok &= outside | inside
        return np.asarray(np.all(ok, axis=-1), dtype=bool)


__all__ = ["BoxGeometry", "BoxWitness", "box_intervals", "box_witness"]
