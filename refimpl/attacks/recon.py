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
   neighbours (KD-tree, all points at once) with `witness_pairs`; the point and its two
   witnesses are joined in a union-find. The first witness is enough: in general position each
   synthetic point is on exactly one segment line. Points left alone are searched again with a
   wider reach. A point that is only ever a witness endpoint, for points on two different
   lines, is a copy of a real record (duplicated real rows make them): it is kept out of the
   union so that it does not merge the lines through that record.
2. *Lines.* Groups of ≥ 3 points become `refimpl.kernels.Line` objects
   (`refimpl.kernels.lines_from_groups` verifies every member; anchors are the
   extremes). A line is then grown by the points next to it that are beyond an anchor: a point
   p joins when an anchor is certified strictly between p and the other anchor (batched through
   `witness_pairs`, so the fast kernel's float filter and float certificate apply).
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

Cost: one witness per interior synthetic point (`witness_pairs`) and one ``on_line`` per
line member (`refimpl.kernels.lines_from_groups`, batched through ``on_line_many``). Under
``FastKernel`` floats decide nearly all of them both ways (Lemma 5b rejects, Lemma 13
accepts; at d = 20 about 100 of 12,000 reach the exact test), so the KD-tree searches
dominate: the first (approximate) pass, the exact re-search of the points left alone, and
the anchors' search in phase 3, about 40% of the CPU time at d = 20. Everything else is
vectorised float work with proven bounds.

Assumptions (stated in ``ReconResult.notes``): general position of the real records (no three
collinear, no three segment lines concurrent away from a record); for the tube kernels the
column range bounds |n_j − x_j| of the real parents. By default it is the synthetic data's
own range, which can be *smaller* than the real one: pass a public bound as
``column_range`` when one is known.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.attacks._gc import without_gc
from refimpl.attacks.boxes import Cluster, float_clusters, merge_boxes, overlap_pairs
from refimpl.attacks.distin import _nearest_of, search_eps
from refimpl.attacks.unionfind import UnionFind, components
from refimpl.errors import InvalidInput, InvalidParameter, NonNumericColumn, ShapeMismatch, TooFewSamples
from refimpl.fpformat import float_up
from refimpl.input_checks import as_feature_array
from refimpl.kernels import (
    FloatBoxes,
    GeometryKernel,
    Line,
    Meet,
    MeetComponents,
    lines_from_groups_jobs,
    make_kernel,
    meet_enclosures_jobs,
    sorted_unique,
    witness_pairs_jobs,
)
from refimpl.knn_cells import cells_apply, nearest_by_cells
from refimpl.parallel import resolve_n_jobs
from refimpl.release import ReleaseModel
from refimpl.results import ResultDisplay, keeps_input_labels, labels_of, round_seconds

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
RVec = tuple[Fraction, ...]


@dataclass(repr=False)
class ReconResult(ResultDisplay):
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
    #: the first neighbour search: ``exact``, or ``approximate (eps = …)`` (candidates only; see ``notes``)
    search: str = "exact"

    def __len__(self) -> int:
        return len(self.exact_points)

    def _headline_extra(self) -> dict[str, Any]:
        return {"points": len(self), "lines": len(self.lines)}

    def to_frame(self, columns: Sequence[str] | None = None) -> Any:
        """A pandas DataFrame: the point's coordinates, ``radius`` (float, rounded up) and ``support`` (line count).

        Coordinate columns are named ``columns``, else the input DataFrame's column names,
        else ``x0 … x{d-1}``.
        """
        import pandas as pd

        d = self.points.shape[1] if self.points.ndim == 2 else 0
        recorded = labels_of(self).columns
        if columns is not None:
            names = list(columns)
        elif recorded is not None and len(recorded) == d:
            names = list(recorded)
        else:
            names = [f"x{j}" for j in range(d)]
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
            "search": self.search,
            "lines": len(self.lines),
            "points": len(self),
            "max_radius": float_up(max(self.radius, default=Fraction(0))),
            "seconds": round_seconds(self.seconds),
        }


# ---------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------


def _check_int(name: str, v: Any, least: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < least:
        raise InvalidParameter(f"{name} must be an integer ≥ {least}, got {v!r}")
    return int(v)


@dataclass(frozen=True)
class DistinctRows:
    """The distinct rows of the input: as given to the kernel (``src``: Fractions kept exact),
    their float64 image ``F``, the first original row of each, and how many rows it stands for."""

    src: Any
    F: FloatArray
    first: IntArray
    counts: IntArray


@dataclass(frozen=True)
class MeetPhase:
    """Phase (c)'s output: exact or kernel meets, the kernel's float boxes, and which lines are one line."""

    meets: list[Meet]
    boxes: FloatBoxes
    same: UnionFind


def _rows(X: Any) -> DistinctRows:
    """The distinct rows of X in order of first occurrence (`DistinctRows`).

    Fractions (exact SMOTE output) are kept exact; anything else goes through
    `refimpl.input_checks.as_feature_array` (refuses NaN, inf, non-numeric).
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
        return DistinctRows(Q, F, np.asarray(first, dtype=np.intp), np.asarray(counts, dtype=np.intp))
    Xa = np.asarray(as_feature_array(X, name="X_syn"), dtype=np.float64)
    if len(Xa) == 0:
        return DistinctRows(Xa, Xa, np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
    uniq_f, first_i, counts_i = np.unique(Xa, axis=0, return_index=True, return_counts=True)
    order = np.argsort(first_i)  # keep the input order of first occurrences
    U = np.ascontiguousarray(uniq_f[order], dtype=np.float64)
    return DistinctRows(U, U, first_i[order].astype(np.intp), counts_i[order].astype(np.intp))


def _knn(points: FloatArray, query: IntArray, m: int, jobs: int = 1, eps: float = 0.0) -> IntArray:
    """The m nearest rows (of all rows) to each row in ``query``, itself excluded by index; −1 pads; ``jobs`` query threads.

    ``eps`` > 0: cKDTree's (1 + eps)-approximate search (the k-th row returned is within
    (1 + eps) times the true k-th distance); it chooses candidates only, never a decision.
    """
    n = len(points)
    m = max(0, min(m, n - 1))
    out = np.full((len(query), m), -1, dtype=np.intp)
    if m == 0 or len(query) == 0:
        return out
    # DistinSMOTE's search: a KD-tree, or Lemma 14's products for an exact search where the tree degenerates
    return _nearest_of(points, query, m, eps, jobs)


# ---------------------------------------------------------------------------------------
# The attack
# ---------------------------------------------------------------------------------------


def default_candidates(k: int) -> int:
    """Neighbours searched per point and anchors per anchor: 4(k + 1), as DistinSMOTE."""
    return 4 * (k + 1)


#: the values of ``recon_smote(search=…)``
SEARCHES: tuple[str, ...] = ("auto", "exact")


def _search_eps(search: str, F: FloatArray) -> float:
    """The first search's eps: `search_eps` (DistinSMOTE's rule) under ``auto``, 0 under ``exact``."""
    return search_eps(len(F), F.shape[1]) if search == "auto" else 0.0


@without_gc
@keeps_input_labels(rows="X_syn")
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
    n_jobs: int | None = None,
    search: str = "auto",
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
    n_jobs
        Cores to use (scikit-learn's convention, `refimpl.parallel.resolve_n_jobs`: None or 1 one
        core, -1 every core). Points, boxes, lines and their order do not depend on it.
    search
        ``auto`` (default): the first neighbour search is (1 + eps)-approximate where an exact
        KD-tree search degenerates to brute force (`refimpl.attacks.distin.search_eps`: fewer
        tree levels than coordinates, n < 16·2^d), exact otherwise; over 2^15 rows or more there
        it uses inverted cells (`refimpl.knn_cells`, the ``scale`` extra), also for the points
        left without a witness; ``exact``: always exact. Only candidates change, and the notes
        say when the search was approximate.

    Returns
    -------
    ReconResult
        Points, certified boxes and radii, supporting lines, timings and assumptions.
    """
    jobs = resolve_n_jobs(n_jobs)
    if search not in SEARCHES:
        raise InvalidParameter(f"search must be one of {', '.join(SEARCHES)}, got {search!r}")
    if isinstance(min_lines, bool) or not isinstance(min_lines, (int, np.integer)) or min_lines < 2:
        # a meeting point needs two lines; fewer would report every line's points as records
        raise InvalidParameter(f"min_lines must be an integer ≥ 2 (lines meeting at a record), got {min_lines!r}")
    if geometry != "segment":
        return _other_geometry(
            geometry, X_syn, k, kernel, min_lines, candidates, column_range, grow_rounds, release, jobs, search
        )
    t0 = time.perf_counter()
    k = _check_int("k", k, 1)
    min_lines = _check_int("min_lines", min_lines, 2)
    m = default_candidates(k) if candidates is None else _check_int("candidates", candidates, 2)
    grow_rounds = _check_int("grow_rounds", grow_rounds, 0)
    rows = _rows(X_syn)
    if len(rows.first) == 0 or rows.counts.sum() < 3:
        raise TooFewSamples(f"{int(rows.counts.sum())} synthetic row(s); a line needs at least 3 points")
    kern = make_kernel(kernel, rows.src, column_range=column_range, release=release)
    if not kern.is_bound_to(rows.F):
        raise InvalidInput(
            "a kernel instance must be built on the distinct rows of X_syn, in order of first occurrence "
            "(not np.unique, which sorts them); or pass the kernel's name, e.g. kernel='fast'"
        )
    notes = _notes(kern, rows.counts, column_range is not None)
    report = kern.box_report()
    notes += report.notes
    seconds: dict[str, float] = {"prepare": time.perf_counter() - t0}
    t = time.perf_counter()
    eps = _search_eps(search, rows.F)
    cells = bool(eps) and cells_apply(*rows.F.shape)
    if cells:
        notes.append(
            f"candidate search by inverted cells (refimpl.knn_cells; d = {rows.F.shape[1]}, {len(rows.F)} rows: "
            "an exact KD-tree search is close to brute force), and for the meets' partner lines where the "
            "anchors are as many: it chooses candidates only, never a decision; a missed candidate can only "
            "lower recall: pass search='exact' to search exactly"
        )
    elif eps:
        notes.append(
            f"candidate search (1 + {eps:g})-approximate (d = {rows.F.shape[1]}, {len(rows.F)} rows: an exact "
            "KD-tree search is close to brute force): it chooses candidates only, never a decision, and "
            "points left without a witness were searched again exactly; a missed candidate can only lower "
            "recall: pass search='exact' to search exactly"
        )
    C = _knn(rows.F, np.arange(len(rows.F), dtype=np.intp), m, jobs, eps)
    seconds["neighbours"] = time.perf_counter() - t
    t = time.perf_counter()
    dsu = _triples(kern, rows.F, C, m, notes, jobs, "cells" if cells else "tree")
    seconds["triples"] = time.perf_counter() - t
    t = time.perf_counter()
    lines = _lines(kern, dsu, C, grow_rounds, jobs)
    seconds["lines"] = time.perf_counter() - t
    t = time.perf_counter()
    met = _meets(kern, lines, m, bool(rows.src.dtype == object), min_lines, jobs, cells_ok=search == "auto")
    seconds["meets"] = time.perf_counter() - t
    t = time.perf_counter()
    clusters = merge_boxes([Cluster(*kern.meet_box(mt), set(mt.lines)) for mt in met.meets] + float_clusters(met.boxes))
    kept = [cl for cl in clusters if len({met.same.find(i) for i in cl.lines}) >= min_lines]
    seconds["clusters"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - t0
    rep = rows.first  # line members and anchors back to input rows
    lines_out = [Line((int(rep[ln.anchors[0]]), int(rep[ln.anchors[1]])), tuple(int(rep[i]) for i in ln.members)) for ln in lines]
    reported = [_reported(cl) for cl in kept]
    return ReconResult(
        points=np.array([r.point for r in reported], dtype=np.float64).reshape(len(reported), rows.F.shape[1]),
        exact_points=[r.centre for r in reported],
        radius=[r.radius for r in reported],
        boxes=[(r.lo, r.hi) for r in reported],
        support=[sorted(cl.lines) for cl in kept],
        lines=lines_out,
        kernel=kern.name,
        certified=kern.certified,
        k=k,
        candidates=m,
        min_lines=min_lines,
        rows=int(rows.counts.sum()),
        seconds=seconds,
        notes=notes,
        release=report.release,
        guarantee=report.guarantee,
        search=f"approximate (eps = {eps:g})" if eps else "exact",
    )


class Reported(NamedTuple):
    """A kept cluster as reported: its box with Fraction ends, the box's centre and radius (exact), and the centre's float64 image."""

    lo: RVec
    hi: RVec
    centre: RVec
    radius: Fraction
    point: list[float]


def _reported(cl: Cluster) -> Reported:
    """The centre (lo + hi)/2 and radius max (hi − lo)/2 of a cluster's box, exactly, on integers.

    The ends are Fractions or floats (exact values); with x = n/d each coordinate is one
    integer numerator over 2·d_lo·d_hi (2·d when both denominators are d), so each Fraction
    is normalised once instead of after every operation. The
    float image n/d of an int pair is correctly rounded, as ``float(Fraction)`` is.
    """
    lo: list[Fraction] = []
    hi: list[Fraction] = []
    centre: list[Fraction] = []
    point: list[float] = []
    best_n, best_d = 0, 0  # the largest half-width so far, as n/d (d = 0: none yet)
    for a, b in zip(cl.lo, cl.hi, strict=True):
        na, da = a.as_integer_ratio()
        nb, db = b.as_integer_ratio()
        if da == db:
            sn, wn, den = na + nb, nb - na, 2 * da
        else:
            sn, wn, den = na * db + nb * da, nb * da - na * db, 2 * da * db
        lo.append(Fraction(na, da))
        hi.append(Fraction(nb, db))
        centre.append(Fraction(sn, den))
        point.append(sn / den)
        if best_d == 0 or wn * best_d > best_n * den:
            best_n, best_d = wn, den
    radius = Fraction(best_n, best_d) if best_d else Fraction(0)
    return Reported(tuple(lo), tuple(hi), tuple(centre), radius, point)


def _other_geometry(geometry: str, X_syn: Any, k: int, kernel: Any, min_lines: int, candidates: Any,
                    column_range: Any, grow_rounds: int, release: Any, jobs: int = 1,
                    search: str = "auto") -> ReconResult:
    """`recon_smote` for ``geometry`` box (declined: Lemma 7(d)) or auto (segment, with what it found)."""
    if geometry == "box":
        raise InvalidParameter(
            "geometry='box': box-SMOTE pins a record only to the box of its children, and synthetic rows alone do not "
            "say which children share a record (Lemma 7(d)); attack augmented data with distinguish --geometry box"
        )
    if geometry != "auto":
        raise InvalidParameter(f"geometry must be segment, box or auto, got {geometry!r}")
    res = recon_smote(X_syn, k=k, kernel=kernel, min_lines=min_lines, candidates=candidates,
                      column_range=column_range, grow_rounds=grow_rounds, release=release, n_jobs=jobs, search=search)
    if res.lines:
        res.geometry_reason = f"auto: {len(res.lines)} segment line(s) found: the segment geometry explains the rows"
    else:
        res.geometry_reason = (
            "auto: no three rows on a segment line: not segment-SMOTE output; if it is box-SMOTE (one gap per "
            "attribute), no record can be certified to a point (Lemma 7(d))"
        )
    res.notes.append(res.geometry_reason)
    return res


def _notes(kern: GeometryKernel, counts: IntArray, column_range_given: bool) -> list[str]:
    """The assumptions a result rests on: general position, the kernel's own, merged duplicates."""
    notes: list[str] = [
        "general position assumed: no three real records collinear and no three segment lines "
        "concurrent away from a real record (Lemma 2, proofs/02_lines.py)",
    ]
    notes += kern.assumption_notes(column_range_given)
    if not kern.certified:
        notes.append(f"kernel {kern.name!r} is not certified: its points carry no guarantee")
    if (counts > 1).any():
        notes.append(f"{int((counts > 1).sum())} group(s) of identical synthetic rows were merged before the search")
    return notes


class Triple(NamedTuple):
    """Row p is certified strictly between rows a and b."""

    p: int
    a: int
    b: int


#: Pairs (points left alone × rows) above which their search is by inverted cells where the
#: first search was (``cells``): the exact one is close to brute force there (measured at
#: d = 20: 32,215 × 10^5 by products in 10.6 s of the triples; at 10^6 rows it had not ended
#: after 8 minutes).
EXACT_ALONE_PAIRS = 1 << 34
#: Cells each alone point scans (`refimpl.knn_cells.PROBES` is 8): at 10^5 rows, d = 20, 8
#: probes rebuilt 5,902 records and 32 the exact search's 6,051.
ALONE_PROBES = 32


def _triples(
    kern: GeometryKernel,
    F: FloatArray,
    C: IntArray,
    m: int,
    notes: list[str],
    jobs: int = 1,
    first: str = "tree",
) -> UnionFind:
    """Phase (a): collinear triples, joined in a union-find except through hubs (`_hubs`); Lemma 1.

    Points left alone after the first pass are searched again with twice the reach: exactly,
    or, where the ``first`` search was by inverted cells and that would compare over
    `EXACT_ALONE_PAIRS` pairs, by inverted cells with `ALONE_PROBES`; after a first search by
    cells a note says which.
    """
    n = len(F)
    allp = np.arange(n, dtype=np.intp)
    triples = _witnessed(kern, allp, C, jobs)
    seen = {i for tr in triples for i in tr}
    alone = np.asarray([i for i in range(n) if i not in seen], dtype=np.intp)
    if len(alone):
        if first == "cells" and len(alone) * n > EXACT_ALONE_PAIRS:
            again = nearest_by_cells(F, alone, min(2 * m, n - 1), jobs, probes=ALONE_PROBES)
            notes.append(
                f"the {len(alone)} points left without a witness were searched again by inverted cells "
                f"({ALONE_PROBES} per point; an exact search would compare {len(alone) * n:.3g} pairs)"
            )
        else:
            again = _knn(F, alone, 2 * m, jobs)
            if first == "cells":
                notes.append(f"the {len(alone)} points left without a witness were searched again exactly")
        triples += _witnessed(kern, alone, again, jobs)
    dsu = UnionFind(n)
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
    return dsu


def _witnessed(kern: GeometryKernel, P: IntArray, C: IntArray, jobs: int) -> list[Triple]:
    """The triples (P[i], a, b) of the first witness pair of each point among its candidates C[i] (`witness_pairs`; Lemma 1)."""
    W = witness_pairs_jobs(kern, P, C, jobs)
    hit = np.flatnonzero(W[:, 0] >= 0)
    return [Triple(p, a, b) for p, a, b in zip(P[hit].tolist(), W[hit, 0].tolist(), W[hit, 1].tolist(), strict=True)]


def _lines(kern: GeometryKernel, dsu: UnionFind, C: IntArray, grow_rounds: int, jobs: int = 1) -> list[Line]:
    """Phase (b): groups of ≥ 3 joined points become verified lines, grown by the points beyond their anchors."""
    groups: dict[int, list[int]] = {}
    for i in range(len(C)):
        groups.setdefault(dsu.find(i), []).append(i)
    lines = lines_from_groups_jobs(kern, [g for g in groups.values() if len(g) >= 3], jobs)
    for _ in range(grow_rounds):
        lines, grown = _grow(kern, lines, C, jobs)
        if not grown:
            break
    return lines


def _hubs(kern: GeometryKernel, triples: list[Triple], dsu: UnionFind) -> set[int]:
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


def _grow(kern: GeometryKernel, lines: list[Line], C: IntArray, jobs: int = 1) -> tuple[list[Line], bool]:
    """Add to each line the candidate neighbours of its members that lie beyond an anchor (or between).

    A point p on the line beyond anchor a has a strictly between p and b (Lemma 1,
    proofs/01_interior.py); a point inside the span is strictly between a and b. Both are
    tested with `witness_pairs`, one pair per test, so the fast kernel's filter and certificate apply.
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
        for t in np.flatnonzero(witness_pairs_jobs(kern, Pq, Cq, jobs)[:, 0] >= 0).tolist():
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


def _meets(
    kern: GeometryKernel,
    lines: list[Line],
    m: int,
    exact_input: bool,
    min_lines: int,
    jobs: int = 1,
    *,
    cells_ok: bool = False,
) -> MeetPhase:
    """Phase (c): meets of line pairs whose anchors are near each other; also which lines are one geometric line.

    A line's partners are the lines of the anchors nearest its own (an exact KD-tree search,
    or, with ``cells_ok``, `refimpl.knn_cells` over as many anchors as it serves: candidates
    only). Pairs go through the kernel's `meet_enclosures`. The float boxes of the survivors enclose the
    kernel's boxes, so the kernel's clusters refine the connected components of overlapping
    float boxes: components with fewer than ``min_lines`` lines are dropped without exact
    work, and in the others each line is first met with the component's most frequent line
    (a star, s − 1 exact meets instead of s(s − 1)/2); only lines the star misses are met
    with every partner (the kernel's `component_meets`; ``FastKernel`` keeps the float
    boxes themselves, proven enclosures of the tube kernel's boxes).
    """
    same = UnionFind(len(lines))
    none = FloatBoxes.empty(kern.points.shape[1])
    if len(lines) < 2:
        return MeetPhase([], none, same)
    X = kern.points
    anc = np.asarray([ln.anchors for ln in lines], dtype=np.intp).ravel()
    owner = np.repeat(np.arange(len(lines), dtype=np.intp), 2)
    q = min(m + 1, len(anc))
    if q > 1 and cells_ok and cells_apply(len(anc), X.shape[1]):
        # many anchors in many dimensions: the exact tree search is close to brute force (at 10^6
        # rows, d = 20, it had not ended after 4 minutes); candidate pairs only, as the first search
        near = nearest_by_cells(X[anc], np.arange(len(anc), dtype=np.intp), q - 1, jobs)
        nb = np.concatenate([np.arange(len(anc), dtype=np.intp)[:, None], near], axis=1)
    else:
        _, nb = cKDTree(X[anc]).query(X[anc], k=q, workers=jobs)
        nb = np.asarray(nb, dtype=np.intp).reshape(len(anc), q)
    li = np.repeat(owner, q)
    lj = owner[nb.ravel()]
    lo, hi = np.minimum(li, lj), np.maximum(li, lj)
    keys = sorted_unique(lo[lo != hi].astype(np.int64) * len(lines) + hi[lo != hi])
    PI = (keys // len(lines)).astype(np.intp)
    PJ = (keys % len(lines)).astype(np.intp)
    enc = meet_enclosures_jobs(kern, lines, PI, PJ, exact_input, jobs)
    keep, blo, bhi = enc.keep, enc.lo, enc.hi
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
        return MeetPhase(out, none, same)
    pairs = overlap_pairs(blo[sel], bhi[sel])  # positions in sel
    lab, comps = components(len(sel), pairs)
    roots = np.fromiter((same.find(i) for i in range(len(lines))), dtype=np.int64, count=len(lines))
    comp = MeetComponents(PI, PJ, blo, bhi, sel, pairs, lab, comps, roots)
    found, fboxes = kern.component_meets(lines, comp, min_lines)
    return MeetPhase(out + found, fboxes, same)


