"""The kernel protocol: result types, and a base class whose defaults the kernels override.

The attacks call only what is defined here (mpmath style: a context overrides a method, the
generic code never asks which context it has). Every default is the plain, unfiltered answer;
a kernel that decides differently (a tube, a float filter, a tolerance) overrides the method.
"""

from __future__ import annotations

import copy
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidInput, ShapeMismatch
from refimpl.exact.rational import to_rational
from refimpl.fpformat import float_up
from refimpl.parallel import concat_ranges, map_ranges, ranges

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
RVec = tuple[Fraction, ...]


@dataclass(frozen=True)
class Witness:
    """p lies strictly between rows ``a`` and ``b``: p = a + λ(b − a) for some λ in [lam_lo, lam_hi] ⊂ [0, 1].

    For ``ExactKernel`` the interval is the single exact λ. For ``TubeKernel`` and
    ``FastKernel`` it is the exact set of λ consistent with the tube (Lemma 3), and
    ``touches_endpoint`` says that it reaches 0 or 1: then p is within rounding of a copy of
    an endpoint, a weaker certificate. ``EpsilonKernel`` reports its float λ̂ as both ends.
    """

    a: int
    b: int
    lam_lo: Fraction
    lam_hi: Fraction
    touches_endpoint: bool = False


@dataclass(frozen=True)
class Line:
    """A line through ≥ 2 rows: ``anchors`` are its two most distant members, ``members`` all rows on it."""

    anchors: tuple[int, int]
    members: tuple[int, ...]


@dataclass(frozen=True)
class Meet:
    """Where two lines meet: an exact point (``lo == hi``) or a certified box [lo, hi] per coordinate.

    ``lines`` are the indices of the two lines (into the caller's list).
    """

    lo: RVec
    hi: RVec
    lines: tuple[int, int]

    @property
    def exact(self) -> bool:
        """True when the meeting point is known exactly (a box of zero width)."""
        return self.lo == self.hi

    def center(self) -> RVec:
        """The box's centre, exact."""
        return tuple((a + b) / 2 for a, b in zip(self.lo, self.hi, strict=True))

    def radius(self) -> Fraction:
        """Half the box's widest side: the certified ∞-norm error of `center`."""
        return max(((b - a) / 2 for a, b in zip(self.lo, self.hi, strict=True)), default=Fraction(0))


@dataclass(frozen=True)
class MeetEnclosures:
    """Float boxes around the meets of line pairs (PI[t], PJ[t]); Lemma 2 with Lemma 3.

    ``keep[t]`` is False only when the kernel provably rejects the pair; ``[lo[t], hi[t]]``
    (−inf/inf where nothing is enclosed) contains the box the kernel's ``meet`` would return.
    """

    keep: BoolArray
    lo: FloatArray
    hi: FloatArray


@dataclass(frozen=True)
class FloatBoxes:
    """Certified float boxes kept as meets (``FastKernel``): box t is the meet of lines PI[t], PJ[t].

    ``pairs`` lists the overlapping box pairs (i < j, lexicographic).
    """

    lo: FloatArray
    hi: FloatArray
    PI: IntArray
    PJ: IntArray
    pairs: IntArray

    @classmethod
    def empty(cls, d: int) -> FloatBoxes:
        """No boxes, in dimension d."""
        z = np.zeros(0, dtype=np.intp)
        return cls(np.zeros((0, d)), np.zeros((0, d)), z, z.copy(), np.zeros((0, 2), dtype=np.intp))


@dataclass(frozen=True)
class MeetComponents:
    """Line pairs whose float enclosures are finite, grouped by overlap (the input of `GeometryKernel.component_meets`).

    ``sel`` indexes the enclosed pairs in (PI, PJ, lo, hi); ``pairs`` are overlapping pairs of
    positions in ``sel``; ``lab`` and ``comps`` are the connected components of that graph;
    ``roots[i]`` names the geometric line of line i (lines on one line share a root).
    """

    PI: IntArray
    PJ: IntArray
    lo: FloatArray
    hi: FloatArray
    sel: IntArray
    pairs: IntArray
    lab: IntArray
    comps: list[IntArray]
    roots: npt.NDArray[np.int64]


@dataclass
class KernelReport:
    """What a kernel adds to an attack's result: release label, guarantee, expected false positives, notes (Lemma 6)."""

    release: str = "none"
    guarantee: str = "certified"
    expected_false_positives: float = 0.0
    notes: list[str] = field(default_factory=list)


def float_points(X: object) -> FloatArray:
    """The float64 image of X, for candidate search only; refuses NaN/inf and ragged input."""
    try:
        arr = np.asarray(X, dtype=object if has_fractions(X) else np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"points must be a 2-D numeric array: {exc}") from exc
    if arr.ndim != 2:
        raise ShapeMismatch(f"points must be a 2-D array (rows × columns), got shape {arr.shape}")
    out = np.array([[float(v) for v in row] for row in arr], dtype=np.float64) if arr.dtype == object else arr
    if not np.all(np.isfinite(out)):
        bad = np.argwhere(~np.isfinite(out))[0]
        raise InvalidInput(
            "NaN or inf coordinate; drop or impute such rows first", row=int(bad[0]), column=int(bad[1])
        )
    return np.ascontiguousarray(out, dtype=np.float64)


#: the largest finite binary64 value, exactly
_FLOAT_MAX = Fraction(sys.float_info.max)


def float_up_or_inf(q: Fraction) -> float:
    """The least float ≥ q (`refimpl.fpformat.float_up`), or ∞ when q is beyond the float range (a bound that no float holds)."""
    return float_up(q) if q <= _FLOAT_MAX else math.inf


def float_image_slack(X: FloatArray) -> FloatArray:
    """A float ≥ |q − float(q)| per coordinate when ``X`` holds the float images of exact rows q.

    float(q) is q rounded to nearest, so |q − float(q)| ≤ ulp/2 < spacing(|float(q)|).
    """
    return np.asarray(np.spacing(np.abs(X)), dtype=np.float64)


def has_fractions(X: object) -> bool:
    """True for rational input: an object array, or nested lists whose first value is a Fraction."""
    if isinstance(X, np.ndarray):
        return bool(X.dtype == object)
    if isinstance(X, (list, tuple)) and X and isinstance(X[0], (list, tuple)) and X[0]:
        return isinstance(X[0][0], Fraction)
    return False


def sorted_unique(x: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``np.unique(x)`` for a 1-D integer array (sorted, distinct), by one sort: numpy 2.4's hashing
    ``np.unique`` took 17× longer on the 583,000 pair keys of a ReconSMOTE run at d = 20."""
    s = np.sort(x)
    return s[np.r_[True, s[1:] != s[:-1]]] if len(s) else s


def pairs(m: int) -> tuple[IntArray, IntArray]:
    """All pairs i < j of range(m), row-major: the order every kernel scans candidates in."""
    ia, ib = np.triu_indices(m, k=1)
    return ia.astype(np.intp), ib.astype(np.intp)


class ExactRows:
    """Exact rational rows, converted on first use (Fraction(float) is exact)."""

    def __init__(self, X: object, points: FloatArray) -> None:
        self._src: Any = X if has_fractions(X) else points
        self._cache: dict[int, RVec] = {}

    def restrict(self, rows: IntArray, points: FloatArray | None = None) -> ExactRows:
        """The same rows, renumbered: row i of the result is row ``rows[i]`` here.

        ``points``: the restricted float points, shared as the source when the rows are floats
        (one array instead of two copies, which a block's task would both receive).
        """
        out = copy.copy(self)
        src = self._src
        if isinstance(src, np.ndarray) and src.dtype != object and points is not None:
            out._src = points
        else:
            out._src = src[rows] if isinstance(src, np.ndarray) else [src[i] for i in rows.tolist()]
        out._cache = {}
        return out

    def __getitem__(self, i: int) -> RVec:
        row = self._cache.get(i)
        if row is None:
            row = tuple(to_rational(v, row=i, column=j) for j, v in enumerate(self._src[i]))
            self._cache[i] = row
        return row


class GeometryKernel:
    """What the attacks need from geometry (Lemmas 1–3; proofs/01_interior.py, 02_lines.py, 03_rounding_tube.py).

    A kernel implements `between`, `on_line` and `meet`; every other method has a default
    here, the plain answer without filter or tube, which a kernel overrides when it decides
    differently. The attacks call these methods only, and never ask which kernel they have.
    """

    name: ClassVar[str] = "abstract"
    #: True when every decision is certified under the kernel's stated model
    certified: ClassVar[bool] = False
    #: float64 coordinates, used only to *choose* candidates
    points: FloatArray

    def restrict(self, rows: IntArray) -> GeometryKernel:
        """This kernel on ``rows`` only (row i of the result is row ``rows[i]``), every parameter computed over all rows kept; Lemma H, refimpl/distributed.py.

        A decision on three rows depends on those rows and on the kernel's global parameters
        (column ranges, release model, filter constants), so the restricted kernel decides
        every triple of ``rows`` as this one does. Kernels with per-row state override
        `_restrict_rows`.
        """
        sub = copy.copy(self)
        sub._restrict_rows(np.asarray(rows, dtype=np.intp))
        return sub

    def _restrict_rows(self, rows: IntArray) -> None:
        self.points = np.ascontiguousarray(self.points[rows])

    # -- the three predicates ------------------------------------------------------------

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """A witness that row p is strictly between rows a and b, or None."""
        raise NotImplementedError

    def on_line(self, p: int, a: int, b: int) -> bool:
        """True iff row p is on the line through rows a and b (any λ), within the kernel's model."""
        raise NotImplementedError

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """Where the two lines meet, outside both members' spans, or None."""
        raise NotImplementedError

    def is_bound_to(self, points: FloatArray) -> bool:
        """True iff the kernel's rows are ``points``, same rows in the same order (float images compared exactly).

        An attack indexes the kernel by its own row numbers, so a kernel instance built on the
        same rows in another order (``np.unique`` sorts them) would answer for the wrong rows.
        """
        pts = np.asarray(points, dtype=np.float64)
        return self.points.shape == pts.shape and bool(np.array_equal(self.points, pts))

    # -- before work is shared out ------------------------------------------------------------

    def prepare(self) -> None:
        """Build the state the kernel otherwise makes on first use, so that forked workers inherit it (default: none)."""

    # -- batched witnesses -----------------------------------------------------------------

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """For each i, the first witness for P[i] among pairs of C[i] (pairs in row-major a < b order)."""
        return scan_pairs(self, P, C)

    def witness_pairs(self, P: IntArray, C: IntArray) -> IntArray:
        """(a, b) of `between_any`'s witness for each P[i], or (−1, −1): the same scan, without the λ-interval (Lemma 1)."""
        out = np.full((len(P), 2), -1, dtype=np.intp)
        for i, w in enumerate(self.between_any(P, C)):
            if w is not None:
                out[i] = (w.a, w.b)
        return out

    def on_line_many(self, P: IntArray, A: IntArray, B: IntArray) -> BoolArray:
        """``on_line(P[t], A[t], B[t])`` for every t, as a boolean array."""
        return np.fromiter(
            (self.on_line(p, a, b) for p, a, b in zip(P.tolist(), A.tolist(), B.tolist(), strict=True)),
            dtype=bool,
            count=len(P),
        )

    def pair_filter(self, P: IntArray, C: IntArray) -> BoolArray:
        """Mask (len(P), pairs of C's columns): False only where `between` provably rejects; default keeps every pair."""
        return np.ones((len(P), C.shape[1] * (C.shape[1] - 1) // 2), dtype=bool)

    def first_per_point(self, P: IntArray, C: IntArray) -> dict[int, Witness]:
        """The first witness of each distinct point among its rows (P[t], pair C[t]), in row order (Lemma 1)."""
        out: dict[int, Witness] = {}
        if len(P) == 0:
            return out
        for p, w in zip(P.tolist(), self.between_any(P, C), strict=True):
            if w is not None and p not in out:
                out[p] = w
        return out

    # -- radii ---------------------------------------------------------------------------------

    def tube_radius(self) -> FloatArray | None:
        """Per-row, per-coordinate float radius of the decision tube (Lemma 3), or None without a tube."""
        return None

    @property
    def tube_widened(self) -> bool:
        """True when a release model widens the tube beyond rounding (Lemma 6)."""
        return False

    def decision_radius(self, rows: IntArray, exact_input: bool) -> FloatArray:
        """Per-row, per-coordinate float ≥ the distance from ``points`` to the value the kernel decides on."""
        X = self.points[rows]
        return np.zeros_like(X)

    # -- meets ---------------------------------------------------------------------------------

    def meet_enclosures(self, lines: Sequence[Line], PI: IntArray, PJ: IntArray, *, exact_input: bool = False) -> MeetEnclosures:
        """Float boxes around the meets of line pairs; the default filters nothing and encloses nothing."""
        d = self.points.shape[1]
        return MeetEnclosures(np.ones(len(PI), dtype=bool), np.full((len(PI), d), -np.inf), np.full((len(PI), d), np.inf))

    def meet_box(self, mt: Meet) -> tuple[RVec, RVec]:
        """The box a meet stands for when meets are clustered: the meet's own box by default."""
        return mt.lo, mt.hi

    def component_meets(self, lines: Sequence[Line], comp: MeetComponents, min_lines: int) -> tuple[list[Meet], FloatBoxes]:
        """Meets inside components of overlapping enclosures with ≥ ``min_lines`` distinct lines (Lemma 2).

        Each line is first met with the component's most frequent line (a star, s − 1 exact
        meets instead of s(s − 1)/2); only lines the star misses are met with every partner.
        """
        out: list[Meet] = []
        PI, PJ = comp.PI, comp.PJ
        for c in comp.comps:
            tt = comp.sel[c]
            ls = np.concatenate([PI[tt], PJ[tt]])
            if len({int(comp.roots[int(x)]) for x in np.unique(ls).tolist()}) < min_lines:
                continue
            ids, cnt = np.unique(ls, return_counts=True)
            hub = int(ids[np.argmax(cnt)])
            met: set[int] = {hub}
            for x in ids.tolist():
                if x == hub:
                    continue
                i, j = min(hub, x), max(hub, x)
                mt = self.meet(lines[i], lines[j], (i, j))
                if mt is not None:
                    out.append(mt)
                    met.add(x)
            for t in tt.tolist():  # lines the star missed: every pair of theirs in the component
                i, j = int(PI[t]), int(PJ[t])
                if (i not in met or j not in met) and hub not in (i, j):
                    mt = self.meet(lines[i], lines[j], (i, j))
                    if mt is not None:
                        out.append(mt)
        return out, FloatBoxes.empty(self.points.shape[1])

    # -- what the kernel adds to a result ---------------------------------------------------

    @property
    def guarantee(self) -> str:
        """``certified`` (no true witness is ever rejected under the stated models), ``statistical`` or ``uncertified``."""
        return "certified" if self.certified else "uncertified"

    def witness_report(self, points: FloatArray, m: int, rates: FloatArray | None = None) -> KernelReport:
        """Release label, guarantee and notes for witness verdicts (DistinSMOTE) on ``points`` with m candidates.

        ``rates``: this kernel's `false_witness_rates` of the same call, when the caller has
        them (so they are not computed twice).
        """
        return KernelReport("none", self.guarantee)

    def false_witness_rates(
        self,
        points: FloatArray,
        m: int,
        *,
        screen: float = 0.0,
        reach_hint: FloatArray | None = None,
        jobs: int = 1,
    ) -> FloatArray:
        """Per row, a bound on the chance that the row, were it real, gets a false witness (Lemma 6(c)); default 0.

        Values at most ``screen`` may be upper bounds of the exact rate, and ``reach_hint`` (each
        row's m-th-neighbour distance from an approximate search) spares a search
        (`refimpl.release.false_witness_rates`); ``jobs`` threads share its searches.

        0 for a kernel without a tube: its witnesses are exact, and a real row between two
        others is the general-position assumption, stated on the verdict.
        """
        return np.zeros(len(points), dtype=np.float64)

    def box_report(self) -> KernelReport:
        """Release label, guarantee and notes for reconstructed boxes (ReconSMOTE)."""
        return KernelReport("none", self.guarantee)

    def assumption_notes(self, column_range_given: bool) -> list[str]:
        """Assumptions the kernel's decisions rest on, for synthetic-only data (ReconSMOTE)."""
        return []


def scan_pairs(kernel: GeometryKernel, P: IntArray, C: IntArray) -> list[Witness | None]:
    """Reference scan: every pair of candidates in row-major order, first witness wins."""
    out: list[Witness | None] = []
    if C.size == 0:
        return [None] * len(P)
    ia, ib = pairs(C.shape[1])
    for p, cand in zip(P.tolist(), C.tolist(), strict=True):
        found = None
        for i, j in zip(ia.tolist(), ib.tolist(), strict=True):
            a, b = cand[i], cand[j]
            if a < 0 or b < 0 or a == p or b == p:
                continue
            found = kernel.between(p, a, b)
            if found is not None:
                break
        out.append(found)
    return out


def _principal_directions(mats: Sequence[FloatArray]) -> list[FloatArray]:
    """``np.linalg.svd(M, full_matrices=False)[2][0]`` of each matrix, the matrices of one shape in one batched call.

    numpy's batched SVD runs the same LAPACK routine on each matrix of the stack as on a
    single matrix, so the rows are the same floats; batching saves the per-call overhead
    (1,700 calls for a ReconSMOTE run at d = 20).
    """
    out: list[FloatArray] = [np.zeros(0)] * len(mats)
    by_shape: dict[tuple[int, ...], list[int]] = {}
    for t, M in enumerate(mats):
        by_shape.setdefault(M.shape, []).append(t)
    for ts in by_shape.values():
        _, _, vt = np.linalg.svd(np.stack([mats[t] for t in ts]), full_matrices=False)
        for t, v in zip(ts, vt, strict=True):
            out[t] = v[0]
    return out


def lines_from_groups(kernel: GeometryKernel, groups: Iterable[Sequence[int]]) -> list[Line]:
    """Lines through groups of ≥ 3 rows: anchors are the two most distant members, and every
    member must be on the anchors' line in the kernel's sense (members that are not are dropped)."""
    X = kernel.points
    idxs = [idx for idx in (np.asarray(sorted(set(g)), dtype=np.intp) for g in groups) if len(idx) >= 3]
    centred = [X[idx] - X[idx].mean(0) for idx in idxs]
    # the two extremes along the principal direction are the most distant pair on a line
    top = _principal_directions(centred)
    found: list[tuple[IntArray, int, int]] = []
    for idx, pts, v in zip(idxs, centred, top, strict=True):
        proj = pts @ v
        a, b = int(idx[int(np.argmin(proj))]), int(idx[int(np.argmax(proj))])
        if a != b:
            found.append((idx, a, b))
    if not found:
        return []
    # every member against its anchors in one batch (`on_line_many`: on_line's answers)
    P = np.concatenate([idx for idx, _, _ in found])
    A = np.repeat(np.asarray([a for _, a, _ in found], dtype=np.intp), [len(idx) for idx, _, _ in found])
    B = np.repeat(np.asarray([b for _, _, b in found], dtype=np.intp), [len(idx) for idx, _, _ in found])
    ok = (P == A) | (P == B)
    ask = np.flatnonzero(~ok)
    ok[ask] = kernel.on_line_many(P[ask], A[ask], B[ask])
    out: list[Line] = []
    start = 0
    for idx, a, b in found:
        stop = start + len(idx)
        members = tuple(int(i) for i in idx[ok[start:stop]])
        start = stop
        if len(members) >= 3:
            out.append(Line((a, b), members))
    return out


# -- the same answers on several cores (refimpl.parallel) ------------------------------------


def between_any_jobs(kernel: GeometryKernel, P: IntArray, C: IntArray, jobs: int) -> list[Witness | None]:
    """``kernel.between_any(P, C)`` computed over row ranges in ``jobs`` processes; the same list (Lemma 1).

    Row i's witness depends on P[i] and C[i] only (every kernel scans one point's pairs on
    their own), so cutting the rows into ranges and concatenating changes nothing.
    """
    if len(ranges(len(P), jobs)) > 1:
        kernel.prepare()  # built once here, not once per worker
    return concat_ranges(lambda a, b: kernel.between_any(P[a:b], C[a:b]), len(P), jobs)


def witness_pairs_jobs(kernel: GeometryKernel, P: IntArray, C: IntArray, jobs: int) -> IntArray:
    """``kernel.witness_pairs(P, C)`` over row ranges in ``jobs`` processes; the same array (each row is scanned alone)."""
    if len(ranges(len(P), jobs)) > 1:
        kernel.prepare()
    parts = map_ranges(lambda a, b: kernel.witness_pairs(P[a:b], C[a:b]), ranges(len(P), jobs), jobs)
    return np.concatenate(parts) if parts else np.full((0, 2), -1, dtype=np.intp)


def first_per_point_jobs(kernel: GeometryKernel, P: IntArray, C: IntArray, jobs: int) -> dict[int, Witness]:
    """``kernel.first_per_point(P, C)``'s entries with the distinct points shared out over ``jobs`` processes.

    A point's first witness depends on its own rows only, taken in their order; each process
    gets every row of its points (a mask keeps their order), so each point gets the same
    witness. The dict is keyed by point, sorted by point (the one-process scan inserts in the
    order witnesses are found; no caller depends on that order).
    """
    if jobs <= 1 or len(P) == 0:
        return kernel.first_per_point(P, C)
    pts = np.unique(P)
    bounds = ranges(len(pts), jobs)
    if len(bounds) <= 1:
        return kernel.first_per_point(P, C)
    kernel.prepare()

    def part(a: int, b: int) -> list[tuple[int, Witness]]:
        rows = np.flatnonzero(np.isin(P, pts[a:b]))
        return sorted(kernel.first_per_point(P[rows], C[rows]).items(), key=lambda pw: pw[0])

    return {p: w for chunk in map_ranges(part, bounds, jobs) for p, w in chunk}


def lines_from_groups_jobs(kernel: GeometryKernel, groups: Sequence[Sequence[int]], jobs: int) -> list[Line]:
    """`lines_from_groups` over ranges of the groups in ``jobs`` processes; the same lines in the same order."""
    if len(ranges(len(groups), jobs)) > 1:
        kernel.prepare()
    return concat_ranges(lambda a, b: lines_from_groups(kernel, groups[a:b]), len(groups), jobs)


def meet_enclosures_jobs(
    kernel: GeometryKernel, lines: Sequence[Line], PI: IntArray, PJ: IntArray, exact_input: bool, jobs: int
) -> MeetEnclosures:
    """``kernel.meet_enclosures`` over ranges of the pairs in ``jobs`` processes; the same arrays (each pair is enclosed alone)."""
    bounds = ranges(len(PI), jobs)
    if len(bounds) > 1:
        kernel.prepare()
    parts = map_ranges(
        lambda a, b: kernel.meet_enclosures(lines, PI[a:b], PJ[a:b], exact_input=exact_input), bounds, jobs
    )
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return kernel.meet_enclosures(lines, PI, PJ, exact_input=exact_input)
    return MeetEnclosures(
        np.concatenate([p.keep for p in parts]), np.concatenate([p.lo for p in parts]), np.concatenate([p.hi for p in parts])
    )
