"""ReconSMOTE: reconstruct real minority records from synthetic-only SMOTE output.

Every synthetic point lies on the segment between its two real parents, so the synthetic
points of one segment are collinear, and the lines of the segments that share a real parent
meet exactly at that parent (Lemma 2, proofs/02_lines.py). Lines are found from collinear
triples, intersected pairwise, and the intersection points supported by ≥ ``min_lines``
distinct lines are reported.

Algorithm notes
---------------
No quadratic step. For fixed k and d every phase is O(N log N) or O(N):

1. *Collinear triples.* Each point looks for a witness pair among its ``m`` nearest
   neighbours (KD-tree, all points at once) with `between_any`; the point and its two
   witnesses are joined in a union-find. The first witness is enough: in general position each
   synthetic point is on exactly one segment line. Points left alone are searched again with a
   wider reach. A point that is only ever a witness endpoint, for points on two different
   lines, is a copy of a real record (duplicated real rows make them): it is kept out of the
   union so that it does not merge the lines through that record.
2. *Lines.* Groups of ≥ 3 points become `refimpl.kernels.Line` objects
   (`refimpl.kernels.lines_from_groups` verifies every member; anchors are the
   extremes). A line is then grown by the points next to it that are beyond an anchor: a point
   p joins when an anchor is certified strictly between p and the other anchor (batched through
   `between_any`, so the fast kernel's float filter applies).
3. *Candidate pairs.* A real parent lies just beyond an extreme of each of its segments, so
   lines meeting at a parent have anchors close to each other: a KD-tree on the anchors gives
   the ``m`` nearest anchors of each anchor. For the certified kernels a float *interval*
   version of the kernel's own meeting test, with outward rounding, rejects the pairs that the
   exact test would reject too (a proven enclosure, not a tolerance). Its float boxes also
   enclose the kernel's boxes, so pairs whose boxes overlap no other box of enough lines are
   dropped without exact work; in the rest each line is met with one hub line (a star).
   ``FastKernel`` keeps the float boxes themselves: they are certified enclosures of the
   tube kernel's boxes, a few ulps wider, so its points are the tube kernel's points.
4. *Clusters.* Meets with the same exact point are one cluster (a dict keyed by the point).
   Certified boxes are merged when they overlap: the true point lies in every box of its
   lines, so a cluster's point lies in the intersection of its boxes, and a merge that would
   make that intersection empty is refused (float boxes are merged in floats: max, min and
   comparisons are exact). Support is the number of distinct lines (lines on one geometric
   line count once); clusters with support ≥ ``min_lines`` are reported.

Cost: the exact confirmations of the kernel (one ``between`` per interior synthetic point,
one ``on_line`` per line member in `refimpl.kernels.lines_from_groups`) dominate;
everything else is vectorised float work with proven bounds.

Assumptions (stated in ``ReconResult.notes``): general position of the real records (no three
collinear, no three segment lines concurrent away from a record); for the tube kernels the
column range bounds |n_j − x_j| of the real parents. By default it is the synthetic data's
own range, which can be *smaller* than the real one: pass a public bound as
``column_range`` when one is known.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.attacks._gc import without_gc
from refimpl.errors import InvalidInput, InvalidParameter, NonNumericColumn, ShapeMismatch, TooFewSamples
from refimpl.fpformat import ARITHMETIC_MODELS, BINARY64, float_up, next_down, next_up
from refimpl.kernels import (
    EpsilonKernel,
    ExactKernel,
    FastKernel,
    GeometryKernel,
    Line,
    Meet,
    TubeKernel,
    lines_from_groups,
    make_kernel,
)
from refimpl.release import ReleaseModel
from refimpl.validation import as_feature_array

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
RVec = tuple[Fraction, ...]


@dataclass
class ReconResult:
    """Reconstructed real records with their supporting lines (Lemma 2, proofs/02_lines.py).

    ``points[i]`` is the float64 image of ``exact_points[i]``: the exact meeting point under
    ``ExactKernel``, the centre of the certified box ``boxes[i] = (lo, hi)`` otherwise.
    ``radius[i]`` bounds the ∞-norm distance from ``exact_points[i]`` to the true record (0
    when exact). ``support[i]`` lists indices into ``lines``; line members and anchors are row
    indices of the input ``X_syn``.
    """

    points: FloatArray
    exact_points: list[RVec]
    radius: list[Fraction]
    boxes: list[tuple[RVec, RVec]]
    support: list[list[int]]
    lines: list[Line]
    kernel: str
    certified: bool
    k: int
    candidates: int
    min_lines: int
    rows: int
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: the release error model the kernel assumed (``none``, ``decimals:6`` …; Lemma 6)
    release: str = "none"
    #: ``certified`` (exact given the models), ``statistical`` (Gaussian or estimated release)
    #: or ``uncertified`` (the epsilon kernel)
    guarantee: str = "certified"
    #: the geometry assumed (``segment``); ``box`` output is not reconstructible to points (Lemma 7(d))
    geometry: str = "segment"
    #: why this geometry (``requested``, or what ``geometry="auto"`` found)
    geometry_reason: str = "requested"

    def __len__(self) -> int:
        return len(self.exact_points)

    def to_frame(self, columns: Sequence[str] | None = None) -> Any:
        """A pandas DataFrame: the point's coordinates, ``radius`` (float, rounded up) and ``support`` (line count)."""
        import pandas as pd

        d = self.points.shape[1] if self.points.ndim == 2 else 0
        names = list(columns) if columns is not None else [f"x{j}" for j in range(d)]
        frame = pd.DataFrame(self.points.reshape(len(self), d), columns=names)
        frame["radius"] = [float_up(r) for r in self.radius]
        frame["support"] = [len(s) for s in self.support]
        return frame

    def summary(self) -> dict[str, Any]:
        """Counts, kernel and seconds per phase, JSON-ready."""
        return {
            "attack": "recon",
            "geometry": self.geometry,
            "geometry_reason": self.geometry_reason,
            "kernel": self.kernel,
            "certified": self.certified,
            "k": self.k,
            "candidates": self.candidates,
            "min_lines": self.min_lines,
            "release": self.release,
            "guarantee": self.guarantee,
            "rows": self.rows,
            "lines": len(self.lines),
            "points": len(self),
            "max_radius": float_up(max(self.radius, default=Fraction(0))),
            "seconds": {k: round(v, 4) for k, v in self.seconds.items()},
        }


# ---------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------


def _check_int(name: str, v: Any, least: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < least:
        raise InvalidParameter(f"{name} must be an integer ≥ {least}, got {v!r}")
    return int(v)


def _rows(X: Any) -> tuple[Any, FloatArray, IntArray, IntArray]:
    """(distinct rows as given to the kernel, their float64 image, first original row, counts).

    Fractions (exact SMOTE output) are kept exact; anything else goes through
    `refimpl.validation.as_feature_array` (refuses NaN, inf, non-numeric).
    """
    arr = X if isinstance(X, np.ndarray) else None
    if arr is not None and arr.dtype == object:
        if arr.ndim != 2:
            raise ShapeMismatch(f"X_syn must be 2-D (rows × features), got shape {arr.shape}")
        keys: dict[RVec, int] = {}
        first: list[int] = []
        counts: list[int] = []
        uniq: list[RVec] = []
        for i, row in enumerate(arr):
            try:
                q = tuple(Fraction(v) for v in row)
            except (TypeError, ValueError) as exc:
                raise NonNumericColumn(f"value is not a number: {exc}", row=i) from None
            if any(isinstance(v, float) and not np.isfinite(v) for v in row):
                raise InvalidInput("NaN or inf coordinate; drop or impute such rows first", row=i)
            j = keys.get(q)
            if j is None:
                keys[q] = len(uniq)
                uniq.append(q)
                first.append(i)
                counts.append(1)
            else:
                counts[j] += 1
        Q = np.empty((len(uniq), arr.shape[1]), dtype=object)
        for i, q in enumerate(uniq):
            Q[i, :] = q
        F = np.array([[float(v) for v in q] for q in uniq], dtype=np.float64).reshape(len(uniq), arr.shape[1])
        return Q, F, np.asarray(first, dtype=np.intp), np.asarray(counts, dtype=np.intp)
    Xa = np.asarray(as_feature_array(X, name="X_syn"), dtype=np.float64)
    if len(Xa) == 0:
        return Xa, Xa, np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    uniq_f, first_i, counts_i = np.unique(Xa, axis=0, return_index=True, return_counts=True)
    order = np.argsort(first_i)  # keep the input order of first occurrences
    U = np.ascontiguousarray(uniq_f[order], dtype=np.float64)
    return U, U, first_i[order].astype(np.intp), counts_i[order].astype(np.intp)


# ---------------------------------------------------------------------------------------
# Union-find
# ---------------------------------------------------------------------------------------


class _DSU:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        p = self.parent
        root = i
        while p[root] != root:
            root = p[root]
        while p[i] != root:
            p[i], i = root, p[i]
        return root

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _knn(points: FloatArray, query: IntArray, m: int) -> IntArray:
    """The m nearest rows (of all rows) to each row in ``query``, itself excluded by index; −1 pads."""
    n = len(points)
    m = max(0, min(m, n - 1))
    out = np.full((len(query), m), -1, dtype=np.intp)
    if m == 0 or len(query) == 0:
        return out
    _, idx = cKDTree(points).query(points[query], k=m + 1)
    idx = np.asarray(idx, dtype=np.intp).reshape(len(query), m + 1)
    keep = idx != query[:, None]  # itself excluded by index (a row appears at most once)
    keep[keep.all(axis=1), -1] = False  # itself not returned (ties): the first m are kept
    return np.asarray(idx[keep].reshape(len(query), m), dtype=np.intp)


# ---------------------------------------------------------------------------------------
# The float interval filter for meets (a proven enclosure of the kernel's own test)
# ---------------------------------------------------------------------------------------


Iv = tuple[FloatArray, FloatArray]


def _fsub(x: Iv, y: Iv) -> Iv:
    return next_down(x[0] - y[1]), next_up(x[1] - y[0])


def _fadd(x: Iv, y: Iv) -> Iv:
    return next_down(x[0] + y[0]), next_up(x[1] + y[1])


def _fneg(x: Iv) -> Iv:
    return -x[1], -x[0]


def _fmul(x: Iv, y: Iv) -> Iv:
    c = np.stack([x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1]])
    return next_down(c.min(0)), next_up(c.max(0))


def _row_radius(kern: GeometryKernel, rows: IntArray, exact_input: bool) -> FloatArray:
    """Per-row, per-coordinate float ≥ the distance from ``kern.points`` to the value the kernel decides on."""
    X = kern.points[rows]
    if isinstance(kern, TubeKernel) and kern.release.kind != "none":
        # with a release model the decision radius is rho_up itself (≥ the exact ρ; Lemma 6)
        return np.asarray(kern.rho_up[rows], dtype=np.float64).reshape(X.shape)
    if isinstance(kern, TubeKernel) and kern.model != "float64":
        # other models read ŝ in their own precision: use the kernel's exact radius
        return np.array([[float_up(r) for r in kern.rho(int(i))] for i in rows.tolist()], dtype=np.float64).reshape(X.shape)
    if isinstance(kern, TubeKernel):
        # Lemma 3(d): ρ_j = a·|ŝ_j| + b(1 + u_d)·R_j + c (refimpl.tube.attacker_radius), each
        # coefficient and every float operation rounded up, so the float is ≥ the exact ρ_j
        co = ARITHMETIC_MODELS[kern.model]
        unit_d = BINARY64.u
        a = float_up(co.a)
        bR = np.array([float_up(co.b * (1 + unit_d) * Fraction(r)) for r in kern.column_range], dtype=np.float64)
        c = float_up(co.c)
        return next_up(next_up(next_up(a * np.abs(X)) + bR) + c)
    if exact_input:
        # float(q) is q rounded to nearest: |q − float(q)| ≤ ulp/2 < spacing(|float(q)|)
        return np.asarray(np.spacing(np.abs(X)), dtype=np.float64)
    return np.zeros_like(X)


def meet_filter(
    kern: GeometryKernel, lines: Sequence[Line], PI: IntArray, PJ: IntArray, *, exact_input: bool = False
) -> tuple[npt.NDArray[np.bool_], FloatArray, FloatArray]:
    """Line pairs (PI[t], PJ[t]) that ``kern.meet`` might accept, and a float box around each meet.

    Returns ``(keep, lo, hi)``: ``keep[t]`` is False only when the kernel provably rejects the
    pair; ``[lo[t], hi[t]]`` (per coordinate, −inf/inf when the filter cannot enclose it)
    contains the box ``kern.meet`` would return, hence the meeting point of the true lines.

    Replays the interval Cramer test of the tube kernel's ``meet`` (Lemma 2, proofs/02_lines.py,
    with the tube of Lemma 3, proofs/03_rounding_tube.py) in float64 with every operation
    rounded outward (``nextafter``), on the same coordinate pair. Each float interval contains
    the kernel's exact one, so "disjoint", "s strictly inside (0, 1)" and "parallel" in floats
    imply the same in the exact test. For ``ExactKernel`` the anchors' exact values lie in the
    float boxes, so an exact meeting point lies in every enclosure, whatever the pair.
    Kernels without a proof (``epsilon``) are not filtered.
    """
    keep = np.ones(len(PI), dtype=bool)
    X = kern.points
    d = X.shape[1]
    box_lo = np.full((len(PI), d), -np.inf)
    box_hi = np.full((len(PI), d), np.inf)
    if len(PI) == 0 or d < 2 or not isinstance(kern, (TubeKernel, ExactKernel)):
        return keep, box_lo, box_hi
    anc = np.asarray([ln.anchors for ln in lines], dtype=np.intp)
    used = np.unique(anc.ravel())
    R = np.zeros_like(X)
    R[used] = _row_radius(kern, used, exact_input)
    a1, b1, a2, b2 = anc[PI, 0], anc[PI, 1], anc[PJ, 0], anc[PJ, 1]

    def box(r: IntArray) -> Iv:
        return next_down(X[r] - R[r]), next_up(X[r] + R[r])

    A1, B1, A2, B2 = box(a1), box(b1), box(a2), box(b2)
    u, v, w = _fsub(B1, A1), _fsub(B2, A2), _fsub(A2, A1)
    # the coordinate pair the tube kernel chooses: the first largest |det| of b − a in floats
    um, vm = X[b1] - X[a1], X[b2] - X[a2]
    pi, pj = np.triu_indices(d, k=1)
    fdet = np.abs(um[:, pi] * vm[:, pj] - um[:, pj] * vm[:, pi])
    best = np.argmax(fdet, axis=1)
    rows = np.arange(len(PI))
    bi, bj = pi[best], pj[best]
    if isinstance(kern, TubeKernel):
        keep &= fdet[rows, best] > 0  # the tube kernel returns None: parallel within floats

    def col(x: Iv, c: IntArray) -> Iv:
        return x[0][rows, c], x[1][rows, c]

    ui, uj, vi, vj, wi, wj = col(u, bi), col(u, bj), col(v, bi), col(v, bj), col(w, bi), col(w, bj)
    with np.errstate(all="ignore"):
        det = _fsub(_fmul(ui, _fneg(vj)), _fmul(uj, _fneg(vi)))
        s_num = _fsub(_fmul(wi, _fneg(vj)), _fmul(wj, _fneg(vi)))
        t_num = _fsub(_fmul(ui, wj), _fmul(uj, wi))
        ok = (det[0] > 0) | (det[1] < 0)  # det excludes 0: s and t are enclosed
        inv = (next_down(1 / det[1]), next_up(1 / det[0]))
        s = _fmul(s_num, inv)
        t = _fmul(t_num, inv)
        inside = ((s[0] > 0) & (s[1] < 1)) | ((t[0] > 0) & (t[1] < 1))
        disjoint = np.zeros(len(PI), dtype=bool)
        for j in range(d):
            x1 = _fadd(col(A1, np.full(len(PI), j)), _fmul(s, col(u, np.full(len(PI), j))))
            x2 = _fadd(col(A2, np.full(len(PI), j)), _fmul(t, col(v, np.full(len(PI), j))))
            box_lo[:, j] = np.maximum(x1[0], x2[0])
            box_hi[:, j] = np.minimum(x1[1], x2[1])
            disjoint |= box_lo[:, j] > box_hi[:, j]
        finite = np.isfinite(s[0]) & np.isfinite(s[1]) & np.isfinite(t[0]) & np.isfinite(t[1])
        reject = ok & finite & (inside | disjoint)
        enclosed = ok & finite & np.all(np.isfinite(box_lo) & np.isfinite(box_hi), axis=1)
    box_lo[~enclosed] = -np.inf
    box_hi[~enclosed] = np.inf
    return np.asarray(keep & ~reject, dtype=bool), box_lo, box_hi


# ---------------------------------------------------------------------------------------
# The attack
# ---------------------------------------------------------------------------------------


def default_candidates(k: int) -> int:
    """Neighbours searched per point and anchors per anchor: 4(k + 1), as DistinSMOTE."""
    return 4 * (k + 1)


@without_gc
def recon_smote(
    X_syn: Any,
    *,
    k: int = 5,
    kernel: str | GeometryKernel = "fast",
    min_lines: int = 3,
    candidates: int | None = None,
    column_range: Sequence[object] | None = None,
    grow_rounds: int = 3,
    release: ReleaseModel | str | None = None,
    geometry: str = "segment",
) -> ReconResult:
    """Real records reconstructed as meeting points of ≥ ``min_lines`` synthetic segment lines; Lemma 2, proofs/02_lines.py.

    Parameters
    ----------
    X_syn
        Synthetic-only minority rows: float array, DataFrame, or an object array of
        `fractions.Fraction` (exact SMOTE output, decided exactly by ``ExactKernel``).
    k
        SMOTE's neighbour count; sets the default candidate count.
    kernel
        ``fast`` (default), ``tube``, ``exact`` or ``epsilon``, or a kernel instance built on
        the distinct rows of ``X_syn`` in order of first occurrence.
    min_lines
        Distinct lines needed to report a meeting point (≥ 2).
    candidates
        Neighbours searched per point, and anchors per anchor (default 4(k + 1)).
    column_range
        Public bound on |n_j − x_j| per column for the tube kernels (default: the synthetic
        data's own range, an *assumption* for synthetic-only data; see ``notes``).
    grow_rounds
        Rounds of growing lines by the points beyond their anchors.
    release
        How the rows were perturbed before release (`refimpl.release`: ``decimals:6``,
        ``float32``, ``uniform:1e-5``, ``gaussian:1e-4``, ``unknown``). The tube kernels
        widen every row's box by it (Lemma 6, proofs/06_noisy_tubes.py), so the boxes, and
        the radii, contain the true records given the model.
    geometry
        ``segment`` (default), ``box`` or ``auto``. Box-SMOTE output certifies a record only up
        to the box of its children, and synthetic rows alone do not say which children share a
        record (Lemma 7(d), `refimpl.attacks.box_recon`), so ``box`` raises
        `refimpl.errors.InvalidParameter` saying so; ``auto`` runs the segment attack and, when
        it finds no line, says that the rows do not follow the segment geometry.

    Returns
    -------
    ReconResult
        Points, certified boxes and radii, supporting lines, timings and assumptions.
    """
    if geometry != "segment":
        return _other_geometry(geometry, X_syn, k, kernel, min_lines, candidates, column_range, grow_rounds, release)
    t0 = time.perf_counter()
    k = _check_int("k", k, 1)
    min_lines = _check_int("min_lines", min_lines, 2)
    m = default_candidates(k) if candidates is None else _check_int("candidates", candidates, 2)
    grow_rounds = _check_int("grow_rounds", grow_rounds, 0)
    src, F, first, counts = _rows(X_syn)
    if len(first) == 0 or counts.sum() < 3:
        raise TooFewSamples(f"{int(counts.sum())} synthetic row(s); a line needs at least 3 points")
    exact_input = bool(src.dtype == object)
    if isinstance(kernel, str):
        kern = make_kernel(kernel, src, column_range=column_range, release=release)
    else:
        kern = kernel
        if len(kern.points) != len(F):
            raise InvalidInput("a kernel instance must be built on the distinct rows of X_syn, in order of first occurrence")
    n, d = F.shape
    notes: list[str] = [
        "general position assumed: no three real records collinear and no three segment lines "
        "concurrent away from a real record (Lemma 2, proofs/02_lines.py)",
    ]
    if isinstance(kern, TubeKernel) and column_range is None:
        notes.append(
            "column_range defaults to the synthetic data's own range; for synthetic-only data this "
            "is an assumption (the real range can be wider): pass a public bound to make the "
            "boxes unconditional"
        )
    if not kern.certified:
        notes.append(f"kernel {kern.name!r} is not certified: its points carry no guarantee")
    if (counts > 1).any():
        notes.append(f"{int((counts > 1).sum())} group(s) of identical synthetic rows were merged before the search")
    rel_label, guarantee = "none", ("certified" if kern.certified else "uncertified")
    if isinstance(kern, TubeKernel) and kern.release.kind != "none":
        rel_label, guarantee = kern.release.label(), kern.guarantee
        notes.append(
            f"release {rel_label}: every row's box is widened by the release radius (Lemma 6, "
            f"proofs/06_noisy_tubes.py); guarantee {guarantee}"
        )
        if kern.release.kind == "gaussian":
            notes.append(
                f"Gaussian release: a true row leaves its box with probability ≤ {kern.release.false_rejection:g} per triple"
            )
    seconds: dict[str, float] = {"prepare": time.perf_counter() - t0}

    # (a) collinear triples -----------------------------------------------------------
    t = time.perf_counter()
    allp = np.arange(n, dtype=np.intp)
    C = _knn(F, allp, m)
    seconds["neighbours"] = time.perf_counter() - t
    t = time.perf_counter()
    triples = [(p, wit.a, wit.b) for p, wit in enumerate(kern.between_any(allp, C)) if wit is not None]
    seen = {i for tr in triples for i in tr}
    alone = np.asarray([i for i in range(n) if i not in seen], dtype=np.intp)
    if len(alone):
        found = kern.between_any(alone, _knn(F, alone, 2 * m))
        triples += [(p, wit.a, wit.b) for p, wit in zip(alone.tolist(), found, strict=True) if wit is not None]
    dsu = _DSU(n)
    hubs = _hubs(kern, triples, dsu)
    for p, a, b in triples:
        for c in (a, b):
            if c not in hubs:
                dsu.union(p, c)
    if hubs:
        notes.append(
            f"{len(hubs)} synthetic row(s) are endpoints of several non-collinear triples (copies of a "
            "real record, e.g. from duplicated real rows); they were kept out of the line groups"
        )
    seconds["triples"] = time.perf_counter() - t

    # (b) lines, grown by the points beyond their anchors --------------------------------
    t = time.perf_counter()
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(dsu.find(i), []).append(i)
    lines = lines_from_groups(kern, [g for g in groups.values() if len(g) >= 3])
    for _ in range(grow_rounds):
        lines, grown = _grow(kern, lines, C)
        if not grown:
            break
    seconds["lines"] = time.perf_counter() - t

    # (c) candidate pairs and meets ----------------------------------------------------
    t = time.perf_counter()
    meets, fboxes, same = _meets(kern, lines, m, exact_input, min_lines)
    seconds["meets"] = time.perf_counter() - t

    # (d) clusters -----------------------------------------------------------------------
    t = time.perf_counter()
    items = _meet_items(meets, kern.eps if isinstance(kern, EpsilonKernel) else None)
    clusters = _merge(items + _float_clusters(fboxes))
    out_pts: list[RVec] = []
    out_boxes: list[tuple[RVec, RVec]] = []
    out_rad: list[Fraction] = []
    out_sup: list[list[int]] = []
    for lo, hi, lset in clusters:
        distinct = {same.find(i) for i in lset}
        if len(distinct) < min_lines:
            continue
        centre = tuple((a + b) / 2 for a, b in zip(lo, hi, strict=True))
        out_pts.append(centre)
        out_boxes.append((lo, hi))
        out_rad.append(max(((b - a) / 2 for a, b in zip(lo, hi, strict=True)), default=Fraction(0)))
        out_sup.append(sorted(lset))
    seconds["clusters"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - t0
    # line members and anchors back to input rows
    rep = first
    lines_out = [Line((int(rep[ln.anchors[0]]), int(rep[ln.anchors[1]])), tuple(int(rep[i]) for i in ln.members)) for ln in lines]
    pts = np.array([[float(v) for v in q] for q in out_pts], dtype=np.float64).reshape(len(out_pts), d)
    return ReconResult(
        points=pts,
        exact_points=out_pts,
        radius=out_rad,
        boxes=out_boxes,
        support=out_sup,
        lines=lines_out,
        kernel=kern.name,
        certified=kern.certified,
        k=k,
        candidates=m,
        min_lines=min_lines,
        rows=int(counts.sum()),
        seconds=seconds,
        notes=notes,
        release=rel_label,
        guarantee=guarantee,
    )


def _other_geometry(geometry: str, X_syn: Any, k: int, kernel: Any, min_lines: int, candidates: Any,
                    column_range: Any, grow_rounds: int, release: Any) -> ReconResult:
    """`recon_smote` for ``geometry`` box (declined: Lemma 7(d)) or auto (segment, with what it found)."""
    if geometry == "box":
        raise InvalidParameter(
            "geometry='box': box-SMOTE pins a record only to the box of its children, and synthetic rows alone do not "
            "say which children share a record (Lemma 7(d)); attack augmented data with distinguish --geometry box"
        )
    if geometry != "auto":
        raise InvalidParameter(f"geometry must be segment, box or auto, got {geometry!r}")
    res = recon_smote(X_syn, k=k, kernel=kernel, min_lines=min_lines, candidates=candidates,
                      column_range=column_range, grow_rounds=grow_rounds, release=release)
    if res.lines:
        res.geometry_reason = f"auto: {len(res.lines)} segment line(s) found: the segment geometry explains the rows"
    else:
        res.geometry_reason = (
            "auto: no three rows on a segment line: not segment-SMOTE output; if it is box-SMOTE (one gap per "
            "attribute), no record can be certified to a point (Lemma 7(d))"
        )
    res.notes.append(res.geometry_reason)
    return res


def _hubs(kern: GeometryKernel, triples: list[tuple[int, int, int]], dsu: _DSU) -> set[int]:
    """Witness endpoints that lie on two different lines: copies of a real record.

    In general position a synthetic point is strictly inside one segment only, so every point
    with a witness of its own is on one line. A point that is only ever an endpoint of
    witness pairs (a segment's extreme, or a copy of a real record, which imbalanced-learn
    makes from duplicated rows or λ = 0) may sit where several lines meet; joining through it
    would merge those lines. It is a hub when the kernel says that two of the points it
    witnesses are not on one line with it.

    The points with a witness of their own are joined first (``dsu`` is filled with those
    links); only an endpoint whose users fall into different groups is tested.
    """
    inner = {p for p, _, _ in triples}
    uses: dict[int, list[int]] = {}
    for p, a, b in triples:
        for c in (a, b):
            if c in inner:
                dsu.union(p, c)
            else:
                uses.setdefault(c, []).append(p)
    hubs: set[int] = set()
    for c, ps in uses.items():
        roots = {dsu.find(q) for q in ps}
        if len(roots) < 2:
            continue
        first = {dsu.find(q): q for q in reversed(ps)}
        reps = [first[r] for r in roots]
        if any(not kern.on_line(q, c, reps[0]) for q in reps[1:]):
            hubs.add(c)
    return hubs


def _grow(kern: GeometryKernel, lines: list[Line], C: IntArray) -> tuple[list[Line], bool]:
    """Add to each line the candidate neighbours of its members that lie beyond an anchor (or between).

    A point p on the line beyond anchor a has a strictly between p and b (Lemma 1,
    proofs/01_interior.py); a point inside the span is strictly between a and b. Both are
    tested with `between_any`, one pair per test, so the fast kernel's filter applies.
    The grown line's anchors are its new extremes (as in
    `refimpl.kernels.lines_from_groups`); members are not re-verified.
    """
    owner: dict[int, int] = {}
    for li, ln in enumerate(lines):
        for i in ln.members:
            owner[i] = li
    cand: set[tuple[int, int]] = set()
    for li, ln in enumerate(lines):
        for i in ln.anchors:
            for p in C[i].tolist():
                if p >= 0 and p not in owner:
                    cand.add((p, li))
    if not cand:
        return lines, False
    pairs = sorted(cand)
    P = np.asarray([p for p, _ in pairs], dtype=np.intp)
    A = np.asarray([lines[li].anchors[0] for _, li in pairs], dtype=np.intp)
    B = np.asarray([lines[li].anchors[1] for _, li in pairs], dtype=np.intp)
    hit = [False] * len(pairs)
    for Pq, Cq in ((A, np.stack([P, B], 1)), (B, np.stack([P, A], 1)), (P, np.stack([A, B], 1))):
        for t, wit in enumerate(kern.between_any(Pq, Cq)):
            if wit is not None:
                hit[t] = True
    add: dict[int, set[int]] = {}
    taken: set[int] = set()
    for (p, li), h in zip(pairs, hit, strict=True):
        if h and p not in taken:  # a point joins one line only
            taken.add(p)
            add.setdefault(li, set()).add(p)
    if not add:
        return lines, False
    out = [ln for li, ln in enumerate(lines) if li not in add]
    X = kern.points
    for li, ps in add.items():
        # the new members are certified by their witness against the previous anchors, the
        # old ones were verified before: no re-verification, only new extremes as anchors
        idx = np.asarray(sorted(set(lines[li].members) | ps), dtype=np.intp)
        pts = X[idx] - X[idx].mean(0)
        _, _, vt = np.linalg.svd(pts, full_matrices=False)
        proj = pts @ vt[0]
        a, b = int(idx[int(np.argmin(proj))]), int(idx[int(np.argmax(proj))])
        out.append(Line((a, b) if a != b else lines[li].anchors, tuple(int(i) for i in idx)))
    return out, True


FloatBoxes = tuple[FloatArray, FloatArray, IntArray, IntArray, IntArray]  # lo, hi, PI, PJ, overlap pairs


def _meets(
    kern: GeometryKernel, lines: list[Line], m: int, exact_input: bool, min_lines: int
) -> tuple[list[Meet], FloatBoxes, _DSU]:
    """Meets of line pairs whose anchors are near each other; also which lines are one geometric line.

    Pairs go through `meet_filter`. The float boxes of the survivors enclose the
    kernel's boxes, so the kernel's clusters refine the connected components of overlapping
    float boxes: components with fewer than ``min_lines`` lines are dropped without exact
    work, and in the others each line is first met with the component's most frequent line
    (a star, s − 1 exact meets instead of s(s − 1)/2); only lines the star misses are met
    with every partner. ``FastKernel`` keeps the float boxes themselves: each is a proven
    enclosure of the tube kernel's box for the same pair (outward rounding), so it is
    certified too, only wider by a few ulps.
    """
    same = _DSU(len(lines))
    d = kern.points.shape[1]
    none: FloatBoxes = (
        np.zeros((0, d)), np.zeros((0, d)), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros((0, 2), dtype=np.intp)
    )
    if len(lines) < 2:
        return [], none, same
    X = kern.points
    anc = np.asarray([ln.anchors for ln in lines], dtype=np.intp).ravel()
    owner = np.repeat(np.arange(len(lines), dtype=np.intp), 2)
    q = min(m + 1, len(anc))
    _, nb = cKDTree(X[anc]).query(X[anc], k=q)
    nb = np.asarray(nb, dtype=np.intp).reshape(len(anc), q)
    li = np.repeat(owner, q)
    lj = owner[nb.ravel()]
    lo, hi = np.minimum(li, lj), np.maximum(li, lj)
    keys = np.unique(lo[lo != hi].astype(np.int64) * len(lines) + hi[lo != hi])
    PI = (keys // len(lines)).astype(np.intp)
    PJ = (keys % len(lines)).astype(np.intp)
    keep, blo, bhi = meet_filter(kern, lines, PI, PJ, exact_input=exact_input)
    enclosed = keep & np.all(np.isfinite(blo), axis=1)
    out: list[Meet] = []
    # pairs the filter cannot enclose (near-parallel, or an uncertified kernel): the kernel
    # decides each; near-parallel ones may be one line split in two groups
    um = X[anc[2 * PI + 1]] - X[anc[2 * PI]]
    vm = X[anc[2 * PJ + 1]] - X[anc[2 * PJ]]
    with np.errstate(all="ignore"):
        cos = np.abs(np.einsum("nd,nd->n", um, vm)) / (np.linalg.norm(um, axis=1) * np.linalg.norm(vm, axis=1))
    parallelish = cos > 0.5  # only chooses which pairs to test with on_line; the kernel decides
    # one true line split in two groups has a determinant interval containing 0, which the
    # filter reports as an unbounded box, never as a rejection
    undecided = ~np.isfinite(blo[:, 0]) if len(blo) else np.zeros(0, dtype=bool)
    parallelish &= undecided
    for t in np.flatnonzero((keep & ~enclosed) | parallelish).tolist():
        i, j = int(PI[t]), int(PJ[t])
        mt = kern.meet(lines[i], lines[j], (i, j)) if keep[t] else None
        if mt is not None:
            out.append(mt)
        elif parallelish[t]:
            l1, l2 = lines[i], lines[j]
            if kern.on_line(l2.anchors[0], *l1.anchors) and kern.on_line(l2.anchors[1], *l1.anchors):
                same.union(i, j)
    sel = np.flatnonzero(enclosed)
    if len(sel) == 0:
        return out, none, same
    pairs = _overlap_pairs(blo[sel], bhi[sel])  # positions in sel
    lab, comps = _components(len(sel), pairs)
    if isinstance(kern, FastKernel):
        return (out, _fast_boxes(lines, same, min_lines, blo, bhi, PI, PJ, sel, pairs, lab, comps), same)
    for comp in comps:
        tt = sel[comp]
        ls = np.concatenate([PI[tt], PJ[tt]])
        if len({same.find(int(x)) for x in np.unique(ls).tolist()}) < min_lines:
            continue
        ids, cnt = np.unique(ls, return_counts=True)
        hub = int(ids[np.argmax(cnt)])
        met: set[int] = {hub}
        for x in ids.tolist():
            if x == hub:
                continue
            i, j = min(hub, x), max(hub, x)
            mt = kern.meet(lines[i], lines[j], (i, j))
            if mt is not None:
                out.append(mt)
                met.add(x)
        for t in tt.tolist():  # lines the star missed: every pair of theirs in the component
            i, j = int(PI[t]), int(PJ[t])
            if (i not in met or j not in met) and hub not in (i, j):
                mt = kern.meet(lines[i], lines[j], (i, j))
                if mt is not None:
                    out.append(mt)
    return out, none, same


def _fast_boxes(
    lines: list[Line],
    same: _DSU,
    min_lines: int,
    blo: FloatArray,
    bhi: FloatArray,
    PI: IntArray,
    PJ: IntArray,
    sel: IntArray,
    pairs: IntArray,
    lab: IntArray,
    comps: list[IntArray],
) -> FloatBoxes:
    """``FastKernel``: the float boxes of the components with ≥ ``min_lines`` distinct lines, and their overlap pairs.

    The outward-rounded float box is itself a proven enclosure (it contains the tube kernel's
    box for the pair), so no exact re-computation. The overlap pairs among the kept boxes are
    those of the components' graph, renumbered and sorted as `_overlap_pairs` would give them.
    """
    nl = len(lines)
    root = np.fromiter((same.find(i) for i in range(nl)), dtype=np.int64, count=nl)
    key = np.unique(np.r_[lab, lab].astype(np.int64) * nl + np.r_[root[PI[sel]], root[PJ[sel]]])
    kept = np.flatnonzero(np.bincount(key // nl, minlength=len(comps)) >= min_lines)
    f_pos = np.concatenate([comps[c] for c in kept.tolist()]) if len(kept) else np.zeros(0, dtype=np.intp)
    where = np.full(len(sel), -1, dtype=np.int64)
    where[f_pos] = np.arange(len(f_pos))
    a, b = where[pairs[:, 0]], where[pairs[:, 1]]
    ok = (a >= 0) & (b >= 0)
    nf = max(len(f_pos), 1)
    k2 = np.unique(np.minimum(a[ok], b[ok]) * nf + np.maximum(a[ok], b[ok]))
    fpairs = np.stack([k2 // nf, k2 % nf], axis=1).astype(np.intp)
    f = sel[f_pos]
    return blo[f], bhi[f], PI[f], PJ[f], fpairs


def _overlap_pairs(lo: FloatArray, hi: FloatArray) -> IntArray:
    """All pairs (i < j) of float boxes that overlap in every coordinate (float comparisons are exact).

    Candidates come from a KD-tree on the centres with reach twice the 99th percentile of the
    half-widths (widened for the rounding of the centres); each wider box b gets the boxes
    whose centres are within r_b plus that percentile (same widening), and the wider boxes are
    compared with each other directly, so no overlapping pair is missed.
    """
    n = len(lo)
    if n < 2:
        return np.zeros((0, 2), dtype=np.intp)
    c = (lo + hi) / 2
    r = np.max(hi - lo, axis=1) / 2
    thr = float(np.quantile(r, 0.99))
    small = np.flatnonzero(r <= thr)
    big = np.flatnonzero(r > thr)
    scale = float(np.max(np.abs(c)))
    # two overlapping boxes have centres within r1 + r2 (∞-norm); widened for float rounding
    reach = float(np.nextafter(2 * thr + 8 * float(np.spacing(scale)), np.inf)) * (1 + 2.0**-20)
    keys: list[npt.NDArray[np.int64]] = []

    def key(a: IntArray, b: IntArray) -> npt.NDArray[np.int64]:
        return np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)

    if len(small) > 1:
        tree = cKDTree(c[small])
        pr = tree.query_pairs(reach, p=np.inf, output_type="ndarray")  # each small pair once
        keys.append(key(small[pr[:, 0]], small[pr[:, 1]]))
        if len(big):
            # a small box overlapping big box b has its centre within r_b + thr of b's
            reach_b = np.nextafter(r[big] + thr + 8 * float(np.spacing(scale)), np.inf) * (1 + 2.0**-20)
            near = tree.query_ball_point(c[big], reach_b, p=np.inf)
            sizes = np.fromiter((len(x) for x in near), dtype=np.intp, count=len(big))
            flat = np.fromiter(itertools.chain.from_iterable(near), dtype=np.intp, count=int(sizes.sum()))
            keys.append(key(np.repeat(big, sizes), small[flat]))
    if len(big) > 1:
        bi, bj = np.triu_indices(len(big), k=1)  # big boxes against each other, directly
        keys.append(key(big[bi], big[bj]))
    if len(big) and len(small) <= 1:
        for s in small.tolist():
            keys.append(key(big, np.full(len(big), s)))
    if keys:
        k = np.sort(np.concatenate(keys))  # unique already: each unordered pair comes from one source
        pairs = np.stack([k // n, k % n], axis=1).astype(np.intp)
    else:
        pairs = np.zeros((0, 2), dtype=np.intp)
    if len(pairs):
        ok = np.all((lo[pairs[:, 0]] <= hi[pairs[:, 1]]) & (hi[pairs[:, 0]] >= lo[pairs[:, 1]]), axis=1)
        pairs = pairs[ok]
    return pairs


def _float_clusters(boxes: FloatBoxes) -> list[tuple[RVec, RVec, set[int]]]:
    """Greedy merging of float boxes while their common part is non-empty, all in floats.

    max, min and comparisons of floats are exact, so this is the exact merge of
    `_merge` on boxes whose ends are floats; only the result is converted to Fractions.
    """
    lo, hi, PI, PJ, pairs = boxes  # pairs: `_overlap_pairs(lo, hi)`, computed by `_meets`
    n = len(lo)
    if n == 0:
        return []
    # A connected component of the overlap graph whose boxes have a common point is merged
    # whole by the greedy pass (every union sees a non-empty common part), so only the other
    # components need the pass, on their own pairs in the same order.
    lab, comps = _components(n, pairs)
    starts = np.asarray([c[0] for c in comps], dtype=np.intp)
    flat = np.concatenate(comps)
    bounds = np.cumsum([0] + [len(c) for c in comps])[:-1]
    glo = np.maximum.reduceat(lo[flat], bounds, axis=0)
    ghi = np.minimum.reduceat(hi[flat], bounds, axis=0)
    whole = np.all(glo <= ghi, axis=1)
    clo, chi = lo.copy(), hi.copy()
    dsu = _DSU(n)
    for ci in np.flatnonzero(whole).tolist():
        root = int(starts[ci])  # components list their boxes in increasing order
        for t in comps[ci].tolist():
            dsu.parent[t] = root
        clo[root], chi[root] = glo[ci], ghi[ci]
    rest = pairs[~whole[lab[pairs[:, 0]]]] if len(pairs) else pairs
    for a, b in rest.tolist():
        ra, rb = dsu.find(a), dsu.find(b)
        if ra == rb:
            continue
        nlo, nhi = np.maximum(clo[ra], clo[rb]), np.minimum(chi[ra], chi[rb])
        if (nlo > nhi).any():
            continue  # the common part would be empty: these boxes are not one point
        dsu.union(ra, rb)
        root = dsu.find(ra)
        clo[root], chi[root] = nlo, nhi
    roots = np.fromiter((dsu.find(t) for t in range(n)), dtype=np.intp, count=n)
    order = np.argsort(roots, kind="stable")
    cut = np.flatnonzero(np.r_[True, roots[order][1:] != roots[order][:-1]])
    out: list[tuple[RVec, RVec, set[int]]] = []
    for s, e in zip(cut.tolist(), [*cut[1:].tolist(), n], strict=True):
        members = order[s:e]
        r = int(roots[members[0]])
        ls = set(PI[members].tolist()) | set(PJ[members].tolist())
        out.append((tuple(map(Fraction, clo[r].tolist())), tuple(map(Fraction, chi[r].tolist())), ls))
    return out


def _components(n: int, pairs: IntArray) -> tuple[IntArray, list[IntArray]]:
    """Component label of each of n nodes and the components (increasing node order), for the edges ``pairs``."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    k, lab = connected_components(g, directed=False)
    order = np.argsort(lab, kind="stable")
    bounds = np.searchsorted(lab[order], np.arange(k + 1))
    return lab.astype(np.intp), [order[bounds[i] : bounds[i + 1]].astype(np.intp) for i in range(k)]


def _merge(items: list[tuple[RVec, RVec, set[int]]]) -> list[tuple[RVec, RVec, set[int]]]:
    """Group boxes: equal boxes by key, then overlapping boxes while their common part is non-empty (exact)."""
    by_key: dict[tuple[RVec, RVec], set[int]] = {}
    for lo, hi, ls in items:
        by_key.setdefault((lo, hi), set()).update(ls)
    keys = list(by_key)
    blo: list[RVec] = [k[0] for k in keys]
    bhi: list[RVec] = [k[1] for k in keys]
    bset: list[set[int]] = [set(by_key[k]) for k in keys]
    if len(keys) > 1 and any(k[0] != k[1] for k in keys):
        # float boxes that contain the exact ones choose the pairs to compare exactly
        flo = next_down(np.array([[float(x) for x in k[0]] for k in keys], dtype=np.float64))
        fhi = next_up(np.array([[float(x) for x in k[1]] for k in keys], dtype=np.float64))
        dsu = _DSU(len(keys))
        for a, b in _overlap_pairs(flo, fhi).tolist():
            ra, rb = dsu.find(a), dsu.find(b)
            if ra == rb:
                continue
            lo = tuple(max(x, y) for x, y in zip(blo[ra], blo[rb], strict=True))
            hi = tuple(min(x, y) for x, y in zip(bhi[ra], bhi[rb], strict=True))
            if any(x > y for x, y in zip(lo, hi, strict=True)):
                continue  # the common part would be empty: these boxes are not one point
            dsu.union(ra, rb)
            root = dsu.find(ra)
            other = rb if root == ra else ra
            blo[root], bhi[root] = lo, hi
            bset[root] |= bset[other]
        return [(blo[i], bhi[i], bset[i]) for i in range(len(keys)) if dsu.find(i) == i]
    return [(blo[i], bhi[i], bset[i]) for i in range(len(keys))]


def _meet_items(meets: list[Meet], eps: float | None) -> list[tuple[RVec, RVec, set[int]]]:
    """Meets as (lo, hi, lines); ``eps`` (EpsilonKernel only) widens each point as allclose does."""
    out: list[tuple[RVec, RVec, set[int]]] = []
    for mt in meets:
        lo, hi = mt.lo, mt.hi
        if eps is not None:
            # the published numerics: allclose(atol=eps, rtol=1e-5) around the float point
            tol = [Fraction(eps) + Fraction(1, 10**5) * abs(x) for x in lo]
            lo = tuple(x - e for x, e in zip(lo, tol, strict=True))
            hi = tuple(x + e for x, e in zip(hi, tol, strict=True))
        out.append((lo, hi, set(mt.lines)))
    return out
