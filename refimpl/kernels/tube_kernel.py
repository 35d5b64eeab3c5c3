"""``TubeKernel``: exact decisions "within the rounding tube" of float SMOTE rows (Lemma 3).

Every row gets the attacker's radius ρ of Lemma 3(d) (proofs/03_rounding_tube.py), rounded
up to a float (``rho_up``); the tests then run on the rows and radii as integers at one
scale (`refimpl.kernels.dyadic`), through the one λ-interval rule of
`refimpl.lambda_interval`. A release model (Lemma 6, proofs/06_noisy_tubes.py) widens the
radius.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import ClassVar

import numpy as np

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.exact.rational import to_rational
from refimpl.fpformat import ARITHMETIC_MODELS, DIFFERENCE_MODELS, float_up, next_up
from refimpl.kernels.base import (
    ExactRows,
    FloatArray,
    GeometryKernel,
    IntArray,
    KernelReport,
    Line,
    Meet,
    MeetEnclosures,
    RVec,
    Witness,
    float_image_slack,
    float_points,
    float_up_or_inf,
)
from refimpl.kernels.dyadic import (
    ScaledRow,
    ScaledRows,
    common_scale_ints,
    in_tube_at_projection,
    on_line_int,
    row_ints,
    triple_at_one_scale,
)
from refimpl.kernels.intervals import enclose_meets, tube_meet
from refimpl.lambda_interval import affine_interval, tube_interval_int
from refimpl.release import (
    ReleaseModel,
    expected_false_witnesses,
    false_witness_rates,
    parse_release,
    resolve,
)
from refimpl.tube import attacker_radius


def column_ranges(points: FloatArray) -> list[Fraction]:
    """max − min of each column, exactly: the default R_j of the attacker's tube (Lemma 3(d))."""
    if len(points) == 0:
        return [Fraction(0)] * points.shape[1]
    return [to_rational(float(hi)) - to_rational(float(lo)) for lo, hi in zip(points.min(0), points.max(0), strict=True)]


class TubeKernel(GeometryKernel):
    """Exact decisions "within the rounding tube" of float SMOTE rows (Lemma 3, proofs/03_rounding_tube.py).

    ``column_range`` bounds |n_j − x_j| per column; by default the data's own range, which is
    valid when the real rows are in the data (augmented release) and an assumption otherwise.
    ``model`` is the SMOTE arithmetic: ``float64`` (imbalanced-learn) or ``float32-mixed``.
    """

    name: ClassVar[str] = "tube"
    certified: ClassVar[bool] = True

    def __init__(
        self,
        X: object,
        *,
        column_range: Sequence[object] | None = None,
        model: str = "float64",
        release: ReleaseModel | str | None = None,
    ) -> None:
        if model not in DIFFERENCE_MODELS:
            raise InvalidParameter(f"TubeKernel supports models {', '.join(DIFFERENCE_MODELS)}, not {model!r}")
        self.points = float_points(X)
        self.model = model
        d = self.points.shape[1]
        if column_range is None:
            self.column_range = column_ranges(self.points)
        else:
            if len(column_range) != d:
                raise ShapeMismatch(f"column_range has {len(column_range)} entries for {d} columns")
            self.column_range = [to_rational(v, column=j) for j, v in enumerate(column_range)]
            if any(r < 0 for r in self.column_range):
                raise InvalidInput("column_range entries must be ≥ 0 (max − min of each column)")
        rel, self.release_estimate = resolve(parse_release(release), self.points)
        self.release: ReleaseModel = rel
        self._q = ExactRows(X, self.points)
        self._rho: dict[int, RVec] = {}
        co = ARITHMETIC_MODELS[model]
        unit = co.unit
        self._zi: dict[int, ScaledRow] = {}
        # Release error (Lemma 6, proofs/06_noisy_tubes.py): a released r is within ε_r of
        # SMOTE's ŝ, so the SMOTE term a·|ŝ| is at most a·(|r| + ε_r), and the real rows'
        # released range can be 2·max ε_r smaller than their true range R.
        self._rel_up: FloatArray = rel.radius_up(self.points)
        if rel.kind != "none":
            widen = [2 * Fraction(float(v)) for v in self._rel_up.max(axis=0)] if len(self.points) else [Fraction(0)] * d
            self.column_range = [r + w for r, w in zip(self.column_range, widen, strict=True)]
        # The decision radius: Lemma 3(d)'s ρ rounded *up* to a float, per coordinate, for all
        # rows at once. A larger tube keeps every true witness (soundness); it is a few ulps of
        # ρ wider, and it makes every quantity a float, so exact tests run on small integers.
        a_up, b_up, c_up = (float_up(v) for v in (co.a, co.b * (1 + unit), co.c))
        # a range beyond the float maximum (rows near ±1.7e308) gives an infinite radius, refused below
        r_up = np.array([float_up_or_inf(r) for r in self.column_range], dtype=np.float64)
        with np.errstate(over="ignore"):
            mag = np.abs(self.points)
            if co.dtype is not np.float64:
                # rho() reads ŝ in the model's own precision (refimpl.tube.attacker_radius), and
                # a float64 row need not be representable there: fl32(x) can exceed |x|, so take
                # the larger magnitude and rho_up stays ≥ the exact ρ for either reading
                mag = np.maximum(mag, np.abs(self.points.astype(co.dtype)).astype(np.float64))
            if rel.kind != "none":
                mag = np.nextafter(mag + self._rel_up, np.inf)
            rho = np.nextafter(mag * a_up, np.inf)
            rho = np.nextafter(rho + np.nextafter(r_up * b_up, np.inf), np.inf)
            rho = np.nextafter(rho + c_up, np.inf)
            if rel.kind != "none":
                rho = np.nextafter(rho + self._rel_up, np.inf)
        if not np.all(np.isfinite(rho)):
            raise InvalidInput("coordinates too large for a finite rounding tube (|x| near the float64 maximum)")
        self.rho_up: FloatArray = rho

    def _restrict_rows(self, rows: IntArray) -> None:
        # the column ranges and the resolved release stay global (they were widened over all rows)
        super()._restrict_rows(rows)
        self.rho_up = np.ascontiguousarray(self.rho_up[rows])
        self._rel_up = np.ascontiguousarray(self._rel_up[rows])
        self._q = self._q.restrict(rows, self.points)
        self._rho, self._zi = {}, {}
        # the common integer scale is only a representation (every test is exact at any scale)
        self._zall, self._zall_tried, self._triples_asked = None, False, 0

    @property
    def guarantee(self) -> str:
        """``certified`` (no true witness is ever rejected under the stated models) or ``statistical``."""
        return self.release.guarantee

    def _int_row(self, i: int) -> ScaledRow:
        """(K, row·2^K, ρ_up·2^K): row i and its decision radius as exact integers at the row's own scale."""
        got = self._zi.get(i)
        if got is None:
            got = row_ints(self.points[i], self.rho_up[i])
            self._zi[i] = got
        return got

    #: every row and radius as integers at one scale 2^K (`refimpl.kernels.dyadic.common_scale_ints`), or None
    _zall: tuple[ScaledRows, ScaledRows] | None = None
    _zall_tried: bool = False
    #: exact tests run before the common scale was built (`_int_triple`)
    _triples_asked: int = 0

    def prepare(self) -> None:
        """Every row and radius at one common scale, made now (`GeometryKernel.prepare`)."""
        if not self._zall_tried:
            self._zall = common_scale_ints(self.points, self.rho_up)
            self._zall_tried = True

    def _int_triple(self, p: int, a: int, b: int) -> tuple[tuple[int, ...], ...]:
        """Rows p, a, b and their radii as integers at one common scale (exact).

        The whole data set's common scale is built once the exact tests have asked for
        len(points)/16 triples; before that the rows met are converted one by one, so a
        kernel whose float filters decide almost everything (a ReconSMOTE run: ~100 exact
        tests for 10,000 rows) never converts the rest. Every test is exact at any scale, so
        the answers do not depend on which representation is used.
        """
        if not self._zall_tried:
            self._triples_asked += 1
            if 16 * self._triples_asked >= len(self.points):
                TubeKernel.prepare(self)
        if self._zall is not None:
            zq, zr = self._zall
            return zq[p], zr[p], zq[a], zr[a], zq[b], zr[b]
        return triple_at_one_scale([self._int_row(i) for i in (p, a, b)])

    def row(self, i: int) -> RVec:
        """Row i as exact rationals (the float's value)."""
        return self._q[i]

    def rho(self, i: int) -> RVec:
        """Per-coordinate radius of row i's tube: Lemma 3(d), proofs/03_rounding_tube.py."""
        r = self._rho.get(i)
        if r is None:
            if self.release.kind == "none":
                r = tuple(attacker_radius(self.points[i], self.column_range, self.model))
            else:
                # Lemma 6(b): ρ = a·(|r| + ε_r) + b(1 + u)·R + c + ε_r, with ε_r the release
                # radius; rho_up is that bound rounded up per operation, and it is the radius
                # every decision uses, so the boxes use its exact value too (cheap, and ≥ ρ)
                r = tuple(Fraction(v) for v in self.rho_up[i].tolist())
            self._rho[i] = r
        return r

    def lambda_interval(self, p: int, a: int, b: int, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction] | None:
        """The exact λ in [lo, hi] ⊂ [0, 1] with p in the tube of a + λ(b − a); Lemma 3, proofs/03_rounding_tube.py."""
        P, A, B = self._q[p], self._q[a], self._q[b]
        rp, ra, rb = self.rho(p), self.rho(a), self.rho(b)
        r = [x - y for x, y in zip(P, A, strict=True)]
        d = [x - y for x, y in zip(B, A, strict=True)]
        beta0 = [x + y for x, y in zip(rp, ra, strict=True)]
        beta1 = [y - x for x, y in zip(ra, rb, strict=True)]
        iv = affine_interval(r, d, beta0, beta1, lo, hi)
        if iv is None:
            return None
        return (lo if iv[0] is None else iv[0]), (hi if iv[1] is None else iv[1])

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """Some λ in (0, 1) puts p in the tube of a + λ(b − a), decided exactly; Lemma 3, proofs/03_rounding_tube.py."""
        if p == a or p == b or a == b:
            return None
        P, rp, A, ra, B, rb = self._int_triple(p, a, b)
        if P == A or P == B or A == B:
            return None  # duplicates are never "between": the attacks handle them apart
        iv = tube_interval_int(P, rp, A, ra, B, rb)
        if iv is None:
            return None
        lo, hi = Fraction(*iv[0]), Fraction(*iv[1])
        if hi == 0 or lo == 1:
            return None  # only λ = 0 or λ = 1: p is a copy of an endpoint, not between
        return Witness(a, b, lo, hi, touches_endpoint=(lo == 0 or hi == 1))

    def on_line(self, p: int, a: int, b: int) -> bool:
        """p within the tube of the line through a and b, any λ, exactly; Lemma 3, proofs/03_rounding_tube.py."""
        P, rp, A, ra, B, rb = self._int_triple(p, a, b)
        if A == B:
            return False
        r = [x - y for x, y in zip(P, A, strict=True)]
        d = [x - y for x, y in zip(B, A, strict=True)]
        if in_tube_at_projection(r, d, rp, ra, rb):
            return True  # an exact witness λ (the usual case for a point on the line)
        return on_line_int(r, d, rp, ra, rb)

    def _box(self, i: int) -> tuple[RVec, RVec]:
        q, rho = self._q[i], self.rho(i)
        return tuple(x - y for x, y in zip(q, rho, strict=True)), tuple(x + y for x, y in zip(q, rho, strict=True))

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """A certified box containing the meeting point of the two true lines, or None; Lemma 2 and 3."""
        return tube_meet(self._box, l1, l2, ids)


    # -- protocol overrides: what the tube adds ---------------------------------------------

    def tube_radius(self) -> FloatArray:
        """``rho_up``: the float decision radius of every row (Lemma 3(d), widened by Lemma 6)."""
        return self.rho_up

    @property
    def tube_widened(self) -> bool:
        """True under a release model (Lemma 6, proofs/06_noisy_tubes.py)."""
        return self.release.kind != "none"

    def decision_radius(self, rows: IntArray, exact_input: bool) -> FloatArray:
        """``rho_up`` of the rows, ≥ the exact ρ (Lemma 3(d); Lemma 6 under a release), plus the rows' rounding on exact input.

        This is the radius every witness decision uses (`_int_row`, `_int_triple`), so the
        meet boxes and the witnesses see one tube. On exact input the kernel's points are the
        float images of the exact rows, and `float_image_slack` covers that rounding.
        """
        R = np.asarray(self.rho_up[rows], dtype=np.float64)
        return next_up(R + float_image_slack(self.points[rows])) if exact_input else R

    def meet_enclosures(self, lines: Sequence[Line], PI: IntArray, PJ: IntArray, *, exact_input: bool = False) -> MeetEnclosures:
        """Outward-rounded float boxes around `meet`'s boxes (`refimpl.kernels.intervals.enclose_meets`); Lemmas 2 and 3."""
        return enclose_meets(
            self.points, lambda r: self.decision_radius(r, exact_input), lines, PI, PJ, reject_parallel=True
        )

    def false_witness_rates(
        self,
        points: FloatArray,
        m: int,
        *,
        screen: float = 0.0,
        reach_hint: FloatArray | None = None,
        jobs: int = 1,
    ) -> FloatArray:
        """Lemma 6(c) per row for this kernel's tube (rounding, plus the release if any), exact above ``screen``; proofs/06_noisy_tubes.py."""
        return false_witness_rates(points, self.rho_up, m, screen=screen, reach_hint=reach_hint, jobs=jobs)

    def witness_report(self, points: FloatArray, m: int, rates: FloatArray | None = None) -> KernelReport:
        """Release label, guarantee, Lemma 6(c)'s expected false positives and the release notes; proofs/06_noisy_tubes.py."""
        rel = self.release
        if rel.kind == "none":
            # The rounding tube is a tube too: far from the origin relative to the rows' spread
            # (a cluster at 1e8 with spread 1e-6) it is a few per cent of the distance between
            # neighbours, and a real row falls in the tube of a segment between two others
            # (bench/adversarial.py found such rows called synthetic). Lemma 6(c) holds for
            # any tube width, so the estimate is stated without a release as well.
            efp0 = self._expected(points, m, rates)
            spread = int((np.ptp(points, axis=0) > 0).sum()) if len(points) else 0
            notes0 = (
                [
                    f"the rounding tube (Lemma 3) is comparable to the distance between neighbours (rows far "
                    f"from the origin relative to their spread): expected real rows with a false witness ≤ "
                    f"{efp0:.3g} (Lemma 6(c)); a row whose own bound is not small gets no 'synthetic' verdict "
                    "(refimpl.attacks.assumptions.FALSE_WITNESS_RATE)"
                ]
                if efp0 >= 1 and spread >= 2  # on a line DistinSMOTE decides nothing anyway
                else []
            )
            return KernelReport("none", "certified", efp0, notes0)
        notes: list[str] = []
        efp = self._expected(points, m, rates)
        est = self.release_estimate
        if est is not None:
            notes.append(
                f"release scale estimated from the data: half-width {est.half_width:.3g} "
                f"({est.collinear_rows} of {est.rows} rows within {est.threshold:.3g} of a segment; "
                f"{'two separated groups' if est.separated else 'no clear separation: every residual taken as noise'})"
            )
        if rel.kind == "gaussian":
            notes.append(
                f"Gaussian release: the tube is z·σ wide with z = {rel.z(points.shape[1]):.3f}; a true witness "
                f"triple is rejected with probability ≤ {rel.false_rejection:g}"
            )
        notes.append(
            f"release {rel.label()}: expected real rows with a false witness ≤ {efp:.3g} "
            "(Lemma 6(c), locally continuous data in general position)"
        )
        if efp >= 1:
            notes.append(
                "the release tube is comparable to the distance between neighbours: real rows may be "
                "called synthetic; treat 'synthetic' verdicts as unreliable at this perturbation"
            )
        return KernelReport(rel.label(), self.guarantee, efp, notes)

    def _expected(self, points: FloatArray, m: int, rates: FloatArray | None) -> float:
        """Σ of the rows' rates: the caller's (each at most its screen above exact) or computed exactly; Lemma 6(c)."""
        return expected_false_witnesses(points, self.rho_up, m) if rates is None else float(rates.sum())

    def box_report(self) -> KernelReport:
        """Release label, guarantee and the release notes for certified boxes; Lemma 6, proofs/06_noisy_tubes.py."""
        rel = self.release
        if rel.kind == "none":
            return KernelReport("none", self.guarantee)
        label, guarantee = rel.label(), self.guarantee
        notes = [
            f"release {label}: every row's box is widened by the release radius (Lemma 6, "
            f"proofs/06_noisy_tubes.py); guarantee {guarantee}"
        ]
        if rel.kind == "gaussian":
            notes.append(f"Gaussian release: a true row leaves its box with probability ≤ {rel.false_rejection:g} per triple")
        return KernelReport(label, guarantee, 0.0, notes)

    def assumption_notes(self, column_range_given: bool) -> list[str]:
        """The column-range assumption of Lemma 3(d) when no public bound was given."""
        if column_range_given:
            return []
        return [
            "column_range defaults to the synthetic data's own range; for synthetic-only data this "
            "is an assumption (the real range can be wider): pass a public bound to make the "
            "boxes unconditional"
        ]
