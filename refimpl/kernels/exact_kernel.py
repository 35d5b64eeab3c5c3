"""``ExactKernel``: exact rationals, no tolerance; the ground truth on exact-SMOTE data (Lemmas 1 and 2).

Every decision is a call to `refimpl.exact.predicates` on the rows' exact values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from refimpl.errors import DegenerateInput
from refimpl.exact.predicates import line_intersection, segment_parameter
from refimpl.exact.rational import get_backend
from refimpl.kernels.base import (
    ExactRows,
    FloatArray,
    GeometryKernel,
    IntArray,
    Line,
    Meet,
    MeetEnclosures,
    RVec,
    Witness,
    float_image_slack,
    float_points,
)
from refimpl.kernels.intervals import enclose_meets


class ExactKernel(GeometryKernel):
    """Exact rationals, no tolerance: the ground truth on exact-SMOTE data (Lemmas 1 and 2)."""

    name: ClassVar[str] = "exact"
    certified: ClassVar[bool] = True

    def __init__(self, X: object) -> None:
        self.points = float_points(X)
        self._q = ExactRows(X, self.points)
        #: the exact number type of the predicates (`refimpl.exact.rational.get_backend`), chosen once
        self._be = get_backend()

    def _restrict_rows(self, rows: IntArray) -> None:
        super()._restrict_rows(rows)
        self._q = self._q.restrict(rows, self.points)

    def row(self, i: int) -> RVec:
        """Row i as exact rationals."""
        return self._q[i]

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """p = a + λ(b − a) with 0 < λ < 1, exactly; Lemma 1, proofs/01_interior.py."""
        lam = segment_parameter(self._q[p], self._q[a], self._q[b], backend=self._be)
        if lam is None or not 0 < lam < 1:
            return None
        return Witness(a, b, lam, lam)

    def on_line(self, p: int, a: int, b: int) -> bool:
        """p on line ab, exactly (a ≠ b); Lemma 1, proofs/01_interior.py."""
        return segment_parameter(self._q[p], self._q[a], self._q[b], backend=self._be) is not None

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """The exact intersection point of two lines, outside both spans; Lemma 2, proofs/02_lines.py."""
        try:
            li = line_intersection(*(self._q[i] for i in (*l1.anchors, *l2.anchors)), backend=self._be)
        except DegenerateInput:
            return None  # an anchor pair is one point: no line
        if li.kind != "point" or li.point is None or li.s is None or li.t is None:
            return None  # parallel, the same line, or skew: no single meeting point
        # A parent is an endpoint: it is never strictly inside the span of its own line.
        if 0 < li.s < 1 or 0 < li.t < 1:
            return None
        return Meet(li.point, li.point, ids)

    def decision_radius(self, rows: IntArray, exact_input: bool) -> FloatArray:
        """|exact value − float image| per coordinate, bounded by one spacing of the float (0 for float input)."""
        X = self.points[rows]
        return float_image_slack(X) if exact_input else np.zeros_like(X)

    def meet_enclosures(self, lines: Sequence[Line], PI: IntArray, PJ: IntArray, *, exact_input: bool = False) -> MeetEnclosures:
        """Float boxes around each exact meet, `refimpl.kernels.intervals.enclose_meets`; Lemma 2, proofs/02_lines.py."""
        return enclose_meets(
            self.points, lambda r: self.decision_radius(r, exact_input), lines, PI, PJ, reject_parallel=False
        )
