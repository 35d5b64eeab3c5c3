"""DistinSMOTE: tell the real minority rows of an augmented dataset from the synthetic ones.

Decision rule (Lemma 1, proofs/01_interior.py): with λ in (0, 1) and no three collinear real
minority points, a minority point is real iff it lies strictly between no two other points.
A synthetic verdict therefore comes with a certificate: the witness pair (a, b) and the
λ-interval the kernel certified.

Algorithm notes
---------------
No convex hull. Every point looks for a witness pair among its ``m`` nearest neighbours (a
KD-tree query for all points at once; (1 + eps)-approximate in high dimension, where an exact
KD-tree search degenerates to brute force, see `search_eps`); the kernel tests the
m(m−1)/2 pairs (the fast kernel rejects almost all of them with one batched Gram matrix,
Lemma 5). The cost is O(N·m²·d) for fixed m, not quadratic in N. A synthetic point's nearest
points on its own segment, on either side, are a valid witness pair (they are exactly
collinear with it in exact arithmetic, and within the tube in float), so the search rarely
needs the far parents. Points left without a witness (the real points and the few missed
synthetic ones, whose parents are real) are searched again among themselves only, in rounds:
first among each one's nearest witness-less points, then along the segments between
witness-less points (`_segment_pass`, reach 2k, 4k, then 8k neighbours), until a round at
the widest reach finds nothing new. Witnesses may be any rows, including rows already called
synthetic: the published code prunes them, which costs it precision.

Where general position fails the result says so instead of guessing:

* **duplicates** (identical rows, as imbalanced-learn makes when a row is its own neighbour,
  or λ·(n − x) rounds away): a real row and its copy cannot be told apart: ``ambiguous``;
* **lattice points**: a point with a witness whose every coordinate value also occurs in
  another row. Integer, one-hot and grid data put real points between real points. A
  synthetic point has a fresh value in every coordinate where its parents differ, except with
  probability O(N·2^-52) over λ = m/2^53 (the draws of imbalanced-learn): ``ambiguous``;
* **endpoint evidence**: a point with a witness that is also the endpoint of another
  certified segment off its own line behaves like a real point (three collinear real points):
  ``ambiguous``;
* a witness whose λ-interval touches 0 or 1 (the point is within rounding of a copy of an
  endpoint): ``ambiguous``;
* **a wide tube**: a point whose own Lemma 6(c) bound on a false witness (the chance that it,
  were it real, falls in the tube of a segment between two others) exceeds
  `FALSE_WITNESS_RATE`: rows far from the origin relative to their spread (a cluster at 1e8
  with spread 1e-6 has a rounding tube of about 1% of the spacing), or a coarse release:
  ``ambiguous``;
* **disagreeing certificates**: p's witness row e is itself certified between p and a row o
  off p's witness line (`_disagreeing_certificate`: in exact geometry they would be on one
  line; within a tube this happens when e is a child of a real p at a small λ): ``ambiguous``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, ParamSpec

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.attacks._gc import without_gc
from refimpl.attacks.assumptions import (
    FALSE_WITNESS_RATE,
    GENERAL_POSITION,
    discreteness,
    lattice_rows,
    simple_positions,
    spans_a_line,
)
from refimpl.attacks.distin_result import AMBIGUOUS, REAL, SYNTHETIC, DistinResult
from refimpl.attacks.family import Family, family_verdicts, parse_family
from refimpl.errors import (
    EmptyClass,
    InvalidInput,
    InvalidParameter,
    NonNumericColumn,
    ShapeMismatch,
    TooFewSamples,
)
from refimpl.exact.rational import to_rational
from refimpl.fpformat import model_of
from refimpl.input_checks import as_feature_array
from refimpl.kernels import GeometryKernel, Witness, between_any_jobs, first_per_point_jobs, make_kernel
from refimpl.knn_cells import cells_apply, nearest_by_cells
from refimpl.knn_eps import exact_by_products, search_eps
from refimpl.knn_products import nearest_by_products, products_apply
from refimpl.parallel import concat_ranges, resolve_n_jobs
from refimpl.release import ReleaseModel
from refimpl.results import (
    keeps_input_labels,
)
from refimpl.sampling_strategy import require_minority

_P = ParamSpec("_P")
def default_candidates(k: int) -> int:
    """Neighbours searched per point: 4(k + 1), enough for the segment neighbours on both sides.

    A synthetic point needs one point on its own segment on each side; with k neighbours per
    base and a few synthetic rows per segment, those are among the nearest few·k points. The
    second pass (among witness-less points only) catches the rest; bench/attacks.py measures
    recall with this default.
    """
    return 4 * (k + 1)


def _is_exact(X: Any) -> bool:
    """True for rational input (an object array or nested lists of Fractions, e.g. exact SMOTE output)."""
    arr = np.asarray(X, dtype=object) if isinstance(X, (list, tuple, np.ndarray)) else None
    return arr is not None and arr.ndim == 2 and arr.size > 0 and isinstance(arr.flat[0], Fraction)


def _check(X: Any, y: Any, minority: Any, k: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameter(f"k must be a positive integer, got {k!r}")
    raw = np.asarray(X, dtype=object) if _is_exact(X) else None
    try:
        Xa = as_feature_array(X) if raw is None else np.array([[float(v) for v in r] for r in raw], dtype=np.float64)
    except NonNumericColumn as exc:
        # one-hot encoding SMOTENC/SMOTEN output breaks its geometry (issue 15): name the columns instead
        raise NonNumericColumn(
            f"{exc.detail}; if SMOTENC or SMOTEN filled this column, pass categorical_features= naming it",
            row=exc.row,
            column=exc.column,
        ) from None
    if raw is not None and raw.ndim != 2:
        raise ShapeMismatch(f"X must be 2-D (rows × features), got shape {raw.shape}")
    ya = np.asarray(y)
    if ya.ndim != 1:
        raise ShapeMismatch(f"y must be 1-D with one label per row, got shape {ya.shape}")
    if len(ya) != len(Xa):
        raise ShapeMismatch(f"X has {len(Xa)} rows but y has {len(ya)} labels; pass one label per row")
    rows = np.flatnonzero(ya == minority).astype(np.intp)
    if len(rows) == 0:
        labels = sorted({str(v) for v in ya.tolist()})[:10]
        raise EmptyClass(
            f"no row has label {minority!r} (labels seen: {', '.join(labels)}); pass minority= one of "
            "these, or leave it out for the least frequent class"
        )
    if len(rows) < 3:
        raise TooFewSamples(f"{len(rows)} minority row(s); a point between two others needs at least 3")
    return np.asarray(Xa, dtype=np.float64), rows


def _neighbours(
    points: npt.NDArray[np.float64], subset: npt.NDArray[np.intp], m: int, *, approx: bool = False, jobs: int = 1
) -> npt.NDArray[np.intp]:
    """The m nearest rows of ``subset`` to each row of ``subset`` (self excluded by index), as row ids.

    With ``approx`` (the first pass over all points, and the first step of each re-search
    round), (1 + eps)-approximate where an exact KD-tree search would be close to brute force
    (`search_eps`); exact otherwise. The candidates only *choose* which pairs the kernel tests,
    so an approximate list costs no correctness; points it leaves without a witness are searched
    again (bench/attacks.py measures the recall). `_segment_pass` searches exactly, as its
    argument needs the true distance order. ``jobs``
    threads share the queries (each query is answered alone, so the lists do not depend on it).
    """
    eps = search_eps(len(subset), points.shape[1]) if approx else 0.0
    return np.asarray(subset[_nearest_of(points[subset], np.arange(len(subset), dtype=np.intp), m, eps, jobs)], dtype=np.intp)


def _nearest_of(
    points: npt.NDArray[np.float64], rows: npt.NDArray[np.intp], m: int, eps: float = 0.0, jobs: int = 1
) -> npt.NDArray[np.intp]:
    """The m nearest of all ``points`` to each of ``rows`` (self excluded by index), nearest first; (1 + eps)-approximate KD-tree search, Lemma 14's products for an exact search where the tree degenerates, or `refimpl.knn_cells` for an approximate one over many rows.

    ``jobs`` threads share the queries (each query is answered alone, so the lists do not depend on it).
    """
    m = min(m, len(points) - 1)
    if eps == 0.0 and m >= 1 and exact_by_products(*points.shape) and products_apply(points):
        return nearest_by_products(points, rows, m, jobs)  # the tree would be close to brute force (Lemma 14)
    if eps > 0.0 and m >= 1 and cells_apply(*points.shape):
        return nearest_by_cells(points, rows, m, jobs)  # even the (1 + eps) tree search visits most leaves
    _, idx = cKDTree(points).query(points[rows], k=m + 1, eps=eps, workers=jobs)
    idx = np.asarray(idx, dtype=np.intp).reshape(len(rows), m + 1)
    keep = idx != rows[:, None]  # self excluded by index, not by distance (duplicates are distinct rows)
    keep[keep.all(axis=1), -1] = False  # self not returned (ties): drop the farthest instead
    return np.asarray(idx[keep].reshape(len(rows), m), dtype=np.intp)


def nearest_ids(
    tree: cKDTree,
    queries: npt.NDArray[np.float64],
    ids: npt.NDArray[np.intp],
    own: npt.NDArray[np.intp],
    m: int,
    *,
    eps: float = 0.0,
    workers: int = 1,
) -> npt.NDArray[np.intp]:
    """Each query's m nearest tree rows other than itself, ordered by (distance, id); Lemma H, refimpl/distributed.py.

    ``tree`` holds the rows with ids ``ids``; query i is the tree's row ``own[i]`` (excluded
    by index, so an identical row is still a neighbour) or −1. The distance is cKDTree's
    float distance, a function of the pair alone; ties, the boundary one included, go to the
    smaller id, so the list depends only on the rows and their ids, never on which tree holds
    them: a block's tree holding every row within the m-th distance returns the same list as
    the tree over all rows (Lemma H). A query whose next row ties the m-th is asked again with
    twice the neighbours until the tie is inside the answer. Needs m ≤ tree rows − 1.
    ``workers`` threads share the queries (each is answered alone: the lists do not depend on it).
    """
    return nearest_with_radius(tree, queries, ids, own, m, eps=eps, workers=workers)[0]


def nearest_with_radius(
    tree: cKDTree,
    queries: npt.NDArray[np.float64],
    ids: npt.NDArray[np.intp],
    own: npt.NDArray[np.intp],
    m: int,
    *,
    eps: float = 0.0,
    workers: int = 1,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """`nearest_ids`'s lists, each list's m-th distance (cKDTree's float), and which lists are tie-free; Lemma H, refimpl/distributed.py.

    A list is tie-free when the query itself was returned first and the distances of its
    m + 1 nearest other rows are distinct and positive: then every tie rule (cKDTree's own,
    `_nearest_of`'s, by id) gives it the same rows in the same order.
    """
    n = tree.n
    out = np.empty((len(queries), m), dtype=np.intp)
    kth = np.zeros(len(queries), dtype=np.float64)
    free = np.zeros(len(queries), dtype=bool)
    if m <= 0:
        return out, kth, free
    todo = np.arange(len(queries), dtype=np.intp)
    kq = m + 2  # itself, m neighbours, and one more to see a tie at the boundary
    while len(todo):
        kk = min(kq, n)
        dist, idx = tree.query(queries[todo], k=kk, eps=eps, workers=workers)
        dist = np.asarray(dist, dtype=np.float64).reshape(len(todo), kk)
        idx = np.asarray(idx, dtype=np.intp).reshape(len(todo), kk)
        keep = idx != own[todo][:, None]
        # rows whose own row was not returned (ties at distance 0) keep kk entries; drop the
        # farthest so that every row has kk − 1 candidates, sorted below by (distance, id)
        lost = keep.all(axis=1)  # own row not returned: another row at distance 0 ties it
        keep[lost, -1] = False
        cd = dist[keep].reshape(len(todo), kk - 1)
        ci = ids[idx[keep].reshape(len(todo), kk - 1)]
        order = np.lexsort((ci, cd), axis=1)
        cd = np.take_along_axis(cd, order, axis=1)
        ci = np.take_along_axis(ci, order, axis=1)
        # complete: every row not returned is at least as far as the last one returned, so the
        # first m are fixed unless the (m+1)-th ties the m-th (or the tree was exhausted)
        done = np.ones(len(todo), dtype=bool) if kk >= n else cd[:, m] > cd[:, m - 1]
        out[todo[done]] = ci[done, :m]
        kth[todo[done]] = cd[done, m - 1]
        head = cd[done, : m + 1]  # sorted by distance: a tie is two equal neighbours here
        free[todo[done]] = ~lost[done] & (head[:, 0] > 0) & np.all(np.diff(head, axis=1) > 0, axis=1)
        todo = todo[~done]
        kq *= 2
    return out, kth, free


def _resolve_minority(fn: Callable[_P, DistinResult]) -> Callable[_P, DistinResult]:
    """``minority=None`` becomes the least frequent class (`require_minority`); a tie raises AmbiguousMinority."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> DistinResult:
        y = args[1] if len(args) >= 2 else kwargs.get("y")
        if kwargs.get("minority") is None and y is not None:
            kwargs["minority"] = require_minority(y)
        return fn(*args, **kwargs)

    return wrapper


@_resolve_minority
@without_gc
@keeps_input_labels(rows="X")
def distin_smote(
    X: Any,
    y: Any,
    *,
    minority: Any = None,
    k: int = 5,
    kernel: str | GeometryKernel = "fast",
    candidates: int | None = None,
    column_range: Sequence[object] | None = None,
    max_rounds: int = 8,
    release: ReleaseModel | str | None = None,
    geometry: str = "segment",
    n_jobs: int | None = None,
    categorical_features: Any = None,
    parents: str = "minority",
    family: str | Family = "smote",
) -> Any:
    """Verdict real / synthetic / ambiguous for every minority row of an augmented dataset; Lemma 1, proofs/01_interior.py.

    Parameters
    ----------
    X, y
        The augmented data (real rows and SMOTE rows, any order) and its labels.
    minority
        The label of the oversampled class; default the least frequent class of y (it raises
        `refimpl.errors.AmbiguousMinority` when classes tie, as on 1:1 SMOTE output).
    k
        SMOTE's neighbour count; sets the default candidate count.
    kernel
        ``fast`` (default), ``tube``, ``exact`` or ``epsilon``, or a kernel instance. A named
        tube kernel assumes the arithmetic of X's dtype (`refimpl.fpformat.model_of`): float32
        rows get imbalanced-learn's ``float32-mixed`` tube.
    candidates
        Neighbours searched per point (default `default_candidates`).
    column_range
        Public bound on |n_j − x_j| per column for the tube kernels (default: the data's range).
    max_rounds
        Cap on the witness-less re-search rounds (each round only looks at points still
        without a witness; it stops as soon as a round at the widest reach finds nothing new).
    release
        How the rows were perturbed before release (`refimpl.release`: ``decimals:6``,
        ``float32``, ``uniform:1e-5``, ``gaussian:1e-4``, ``unknown``); the tube kernels widen
        their tube by it (Lemma 6, proofs/06_noisy_tubes.py). The result's ``guarantee`` and
        ``expected_false_positives`` say what the verdicts are then worth.
    geometry
        ``segment`` (default: one λ per row, imbalanced-learn), ``box`` (one λ per attribute,
        Weka 3.6: `refimpl.attacks.box_distin`, Lemma 7) or ``auto`` (the narrower geometry that
        explains the rows, `refimpl.attacks.geometry_choice`); box and auto return a
        `refimpl.attacks.box_distin.BoxDistinResult` or a `DistinResult` whose
        ``geometry_reason`` says which and why.
    categorical_features
        Columns that SMOTENC or SMOTEN filled with a neighbour's category (as imbalanced-learn
        takes them: positions, a boolean mask, column names of a DataFrame, or ``"auto"``);
        their values may be strings. The attack runs on the other columns, and the categorical
        ones only add Lemma C (`refimpl.attacks.categorical`): a row holding a value that no
        other minority row holds is real. With every column categorical (SMOTEN) only those
        rows are known; the others are ``ambiguous``.
    parents
        ``minority`` (default: both ends of a witness segment are minority rows, as in SMOTE) or
        ``all``: a witness may end at a row of any class, with at least one minority end (the
        base), as BorderlineSMOTE-2 interpolates from a minority row towards rows of every class
        (Lemma 1 over all rows; see `_all_rows`).
    n_jobs
        Cores to use (scikit-learn's convention, `refimpl.parallel.resolve_n_jobs`: None or 1 one
        core, -1 every core). The verdicts, witnesses and their order do not depend on it.
    family
        What the sampler did beyond SMOTE (`refimpl.attacks.family`, Lemma 10,
        proofs/10_family_limits.py): ``smote`` (default, Lemma 1 alone), ``removal`` (rows
        removed after SMOTE: SMOTETomek, SMOTEENN) or ``extrapolating`` (λ outside [0, 1):
        SVMSMOTE); a sampler name is accepted too. Rows the family's output cannot tell
        apart become ``ambiguous``; segment geometry only.
    """
    jobs = resolve_n_jobs(n_jobs)
    fam = parse_family(family)
    if geometry != "segment" and not fam.plain:
        raise InvalidParameter(f"family {fam.name!r} is defined for the segment geometry only; pass geometry='segment'")
    if not fam.plain and (parents != "minority" or categorical_features is not None):
        raise InvalidParameter(
            f"family {fam.name!r} takes the minority rows only: pass parents='minority' and no categorical_features"
        )
    if categorical_features is not None:
        return _with_categorical(
            X, y, categorical_features, minority=minority, k=k, kernel=kernel, candidates=candidates,
            column_range=column_range, max_rounds=max_rounds, release=release, geometry=geometry, parents=parents,
            n_jobs=n_jobs,
        )
    if parents not in PARENTS:
        raise InvalidParameter(f"parents must be one of {', '.join(PARENTS)}, got {parents!r}")
    if geometry != "segment":
        if parents != "minority" and geometry == "box":
            raise InvalidParameter(f"parents={parents!r} needs geometry 'segment' or 'auto' (the box geometry has minority parents only)")
        res = _other_geometry(X, y, minority, k, geometry, release, column_range, kernel, jobs)
        if parents == "minority" or res.geometry == "box":
            return res
        # auto chose the segment geometry: its verdicts again, with the requested parents
        seg = distin_smote(X, y, minority=minority, k=k, kernel=kernel, candidates=candidates, column_range=column_range,
                           max_rounds=max_rounds, release=release, parents=parents, n_jobs=n_jobs)
        seg.geometry, seg.geometry_reason = res.geometry, res.geometry_reason
        seg.notes.append(res.geometry_reason)
        return seg
    return segment_distin(
        X, y, minority, k, kernel, candidates, column_range, max_rounds, release, local_first_pass,
        jobs=jobs, parents=parents, family=fam,
    )


#: DistinSMOTE's first pass: (kernel, distinct points, m, targets nt, jobs) -> (candidates C and
#: first witness of each of the first nt points; candidates are searched among all points,
#: nearest first, by a search at most (1 + search_eps)-approximate: the Lemma 6(c) rates read
#: each row's reach from its last candidate)
FirstPass = Callable[
    [GeometryKernel, npt.NDArray[np.float64], int, int, int], tuple[npt.NDArray[np.intp], list["Witness | None"]]
]


def local_first_pass(
    kern: GeometryKernel, uniq: npt.NDArray[np.float64], m: int, targets: int, jobs: int = 1
) -> tuple[npt.NDArray[np.intp], list[Witness | None]]:
    """The first ``targets`` points' m candidates among all points (`_neighbours`, approximate where `search_eps` says) and first witnesses among them, on ``jobs`` cores; Lemma 1."""
    allp = np.arange(len(uniq), dtype=np.intp)
    C = _neighbours(uniq, allp, m, approx=True, jobs=jobs)[:targets]
    return C, between_any_jobs(kern, allp[:targets], C, jobs)


def segment_distin(
    X: Any,
    y: Any,
    minority: Any,
    k: int,
    kernel: str | GeometryKernel,
    candidates: int | None,
    column_range: Sequence[object] | None,
    max_rounds: int,
    release: ReleaseModel | str | None,
    first_pass: FirstPass,
    *,
    jobs: int = 1,
    parents: str = "minority",
    family: Family | None = None,
) -> DistinResult:
    """`distin_smote` (segment geometry, arguments checked) with its per-point first pass supplied; Lemma 1, proofs/01_interior.py.

    Everything but the first pass (distinct rows, ``parents="all"``'s other-class rows, the
    kernel, the re-search rounds, `_untouch`, the Lemma 6(c) rates, the verdicts, the
    ``family``'s Lemma 10 revisions and the notes) runs here, once, whatever computed the
    first pass: `refimpl.distributed` supplies one that runs on a Dask cluster (Lemma H).
    ``jobs`` cores share the work done here (`refimpl.parallel`).
    """
    fam = parse_family("smote") if family is None else family
    t0 = time.perf_counter()
    Xa, rows = _check(X, y, minority, k)
    m = default_candidates(k) if candidates is None else int(candidates)
    if m < 2:
        raise InvalidParameter(f"candidates must be ≥ 2, got {candidates!r}")
    dm = _distinct(X, Xa, rows)
    nt = len(dm.uniq)  # the points that get verdicts come first
    if parents == "all":
        dm = _all_rows(X, Xa, rows, dm)
    # float32 rows come from imbalanced-learn's float32 arithmetic, whose tube is the
    # float32-mixed one (the float64 tube would miss almost every synthetic row)
    model = "float64" if dm.exact_input else model_of(X)
    kern = make_kernel(kernel, dm.src, column_range=column_range, release=release, model=model)
    if not kern.is_bound_to(dm.uniq):
        what = "minority rows" if parents == "minority" else "rows, the minority's first (see _all_rows),"
        raise InvalidInput(
            f"a kernel instance must be built on the distinct {what} in order of first occurrence "
            "(not np.unique, which sorts them); or pass the kernel's name, e.g. kernel='fast'"
        )
    seconds: dict[str, float] = {"prepare": time.perf_counter() - t0}
    witness, C = _search(kern, dm.uniq, m, k, max_rounds, seconds, first_pass, jobs, targets=nt)
    dropped = _drop_foreign_witnesses(witness, nt)
    t = time.perf_counter()
    # Rates at most FALSE_WITNESS_RATE / n may stay upper bounds (no exact neighbour search for
    # them): the `rates[p] > FALSE_WITNESS_RATE` decisions are the exact ones, and the reported
    # sum exceeds the exact one by at most FALSE_WITNESS_RATE.
    # The first pass's candidate lists give each row's approximate m-th-neighbour distance.
    hint = _reach_hint(dm.uniq, C) if len(C) == len(dm.uniq) else None
    rates = kern.false_witness_rates(
        dm.uniq, m, screen=FALSE_WITNESS_RATE / max(len(dm.uniq), 1), reach_hint=hint, jobs=jobs
    )
    verdict, reason = _verdicts(kern, dm.uniq, witness, dm.src if dm.exact_input else None, rates, jobs, fam, m)
    seconds["verdicts"] = time.perf_counter() - t
    out_v, out_w, out_r = _to_rows(dm, witness[:nt], verdict[:nt], reason[:nt])
    notes = [] if fam.plain else [f"family {fam.name}: verdicts revised by Lemma 10 (proofs/10_family_limits.py)"]
    if (dm.counts > 1).any():
        notes.append(f"{int((dm.counts > 1).sum())} group(s) of identical rows: their rows are ambiguous")
    if parents == "all":
        notes.append(
            f"parents='all': witness segments may end at any of {len(dm.uniq)} distinct rows of every class "
            f"({len(dm.uniq) - nt} outside the minority), with at least one minority end"
            + (f"; {dropped} witness(es) with no minority end dropped" if dropped else "")
        )
    report = kern.witness_report(dm.uniq, m, rates)
    notes += report.notes
    disc = discreteness(dm.src) if len(dm.uniq) else 0.0
    n_syn = int((out_v == SYNTHETIC).sum())
    if n_syn:
        notes.append(
            f"{n_syn} synthetic verdict(s) {GENERAL_POSITION}; {disc:.1%} of the coordinate values recur in "
            "another row (0% for continuous data, where a real row on such a segment has probability 0)"
        )
    seconds["total"] = time.perf_counter() - t0
    return DistinResult(
        index=rows,
        verdicts=np.asarray(out_v, dtype=str),
        witnesses=out_w,
        reasons=out_r,
        kernel=kern.name,
        certified=kern.certified,
        k=int(k),
        candidates=m,
        seconds=seconds,
        notes=notes,
        release=report.release,
        guarantee=report.guarantee,
        expected_false_positives=report.expected_false_positives,
        discreteness=disc,
    )


@dataclass(frozen=True)
class DistinctMinority:
    """The distinct minority points: ``inverse[i]`` is row i's point, ``counts[u]`` its multiplicity,
    ``rep[u]`` the original row standing for point u, ``uniq`` their float images (used only to
    choose candidates) and ``src`` what the kernel is built on (exact rows for rational input)."""

    inverse: npt.NDArray[np.intp]
    counts: npt.NDArray[np.intp]
    rep: npt.NDArray[np.intp]
    uniq: npt.NDArray[np.float64]
    src: Any
    exact_input: bool


def _distinct(X: Any, Xa: npt.NDArray[np.float64], rows: npt.NDArray[np.intp]) -> DistinctMinority:
    """Identical rows, one representative each, compared by their exact values (floats are exact rationals already)."""
    exact_input = _is_exact(X)
    if exact_input:
        raw = np.asarray(X, dtype=object)
        exact_rows: list[tuple[Any, ...]] = [
            tuple(to_rational(v, row=int(r), column=j) for j, v in enumerate(raw[r])) for r in rows.tolist()
        ]
    else:
        exact_rows = [tuple(r) for r in Xa[rows].tolist()]
    seen: dict[tuple[Any, ...], int] = {}
    inverse = np.array([seen.setdefault(t, len(seen)) for t in exact_rows], dtype=np.intp)
    counts = np.bincount(inverse)
    first = np.full(len(seen), -1, dtype=np.intp)
    for i, u in enumerate(inverse.tolist()):
        if first[u] < 0:
            first[u] = i
    rep = rows[first]  # the original row standing for each distinct point
    uniq = Xa[rep]
    src: Any = [exact_rows[i] for i in first.tolist()] if exact_input else uniq
    return DistinctMinority(inverse, counts, rep, uniq, src, exact_input)


def _search(
    kern: GeometryKernel,
    uniq: npt.NDArray[np.float64],
    m: int,
    k: int,
    max_rounds: int,
    seconds: dict[str, float],
    first_pass: FirstPass,
    jobs: int = 1,
    targets: int | None = None,
) -> tuple[list[Witness | None], npt.NDArray[np.intp]]:
    """The first witness of every point (of the first ``targets`` points; the others are only ends), and the first pass's candidates: the candidate pass, the re-search rounds, then `_untouch`; Lemma 1."""
    n = len(uniq)
    nt = n if targets is None else targets
    witness: list[Witness | None] = [None] * n
    if n < 3:
        return witness, np.zeros((0, 0), dtype=np.intp)
    t = time.perf_counter()
    C, witness[:nt] = first_pass(kern, uniq, m, nt, jobs)
    seconds["first pass"] = time.perf_counter() - t
    t = time.perf_counter()
    _re_search(kern, uniq, witness, m, k, max_rounds, jobs, nt)
    seconds["re-search"] = time.perf_counter() - t
    t = time.perf_counter()
    _untouch(kern, C, witness)
    seconds["untouch"] = time.perf_counter() - t
    return witness, C


def _reach_hint(uniq: npt.NDArray[np.float64], C: npt.NDArray[np.intp]) -> npt.NDArray[np.float64] | None:
    """Each row's distance to its last (farthest) first-pass candidate: the m-th-neighbour distance of a search at most (1 + search_eps)-approximate; Lemma 6(c)."""
    if C.ndim != 2 or C.shape[1] == 0 or (C < 0).any():
        return None
    return np.asarray(np.linalg.norm(uniq[C[:, -1]] - uniq, axis=1), dtype=np.float64)


#: The near step of a re-search round is repeated while it gives a witness to at least this
#: share of the points still without one: each repeat searches among fewer points, so a
#: missed point's real parents move into its list (a cost choice, not a decision: measured at
#: 10^5 rows, d = 20, eps = 10, the first near step found 7,209 of 40,289).
NEAR_REPEAT_GAIN = 0.01


def _re_search(
    kern: GeometryKernel,
    uniq: npt.NDArray[np.float64],
    witness: list[Witness | None],
    m: int,
    k: int,
    max_rounds: int,
    jobs: int = 1,
    targets: int | None = None,
) -> None:
    """Rounds among the witness-less points only, until a round at the widest reach finds nothing new.

    Only the first ``targets`` points are given witnesses; the others (rows of other classes
    under ``parents="all"``) stay witness-less, so they serve as segment ends in every round.
    """
    nt = len(witness) if targets is None else targets
    kk = 2 * k
    lists = _ExactLists(uniq, 8 * k)
    for _ in range(max_rounds):
        left = _witnessless(witness)
        if len(left) < 3:
            break
        # (a) candidates among the witness-less points only: a missed point's parents
        # (real, so witness-less) are near it there; cheap, as left is small
        found_near = 0
        while len(left) >= 3:
            near = _neighbours(uniq, left, m, approx=True, jobs=jobs)
            mine = left < nt
            gain = 0
            for i, w in zip(left[mine].tolist(), between_any_jobs(kern, left[mine], near[mine], jobs), strict=True):
                if w is not None and witness[i] is None:
                    witness[i] = w
                    gain += 1
            found_near += gain
            left = _witnessless(witness) if gain else left
            if gain < NEAR_REPEAT_GAIN * len(left) or gain == 0:
                break
        if len(left) < 3:
            break
        # (b) along the segments between witness-less points, reach kk
        found_seg = 0
        for i, w in _segment_pass(kern, uniq, left, kk, jobs, nt, lists):
            if witness[i] is None:
                witness[i] = w
                found_seg += 1
        if found_near + found_seg == 0 and kk >= 8 * k:
            break  # nothing new at the widest reach
        kk = 8 * k if found_near + found_seg == 0 else min(2 * kk, 8 * k)


class _ExactLists:
    """Exact nearest lists among the witness-less points, searched once at the widest reach and narrowed as points get witnesses; Lemma 14.

    A point's kk nearest within a subset L′ of L are the first kk members of L′ in its list
    within L, as long as that list holds kk of them: every other member of L′ is at least as
    far as the list's last point, and the ties go by id in both (Lemma 14's order). So only
    lists that run short are searched again. Used where `refimpl.knn_eps.exact_by_products`
    holds for L (the order is then exactly (distance, id)); elsewhere each call searches.
    """

    def __init__(self, pts: npt.NDArray[np.float64], reach: int) -> None:
        self.pts, self.reach = pts, reach
        self.left: npt.NDArray[np.intp] | None = None
        self.lists: npt.NDArray[np.intp] | None = None
        self.tested: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] | None = None  # (rows, lists) last tested

    def untested(self, left: npt.NDArray[np.intp], N: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
        """Which rows of ``left`` (sorted) have a list the last segment pass did not test; remembers these lists.

        A row whose list is unchanged gives the same triples, and the kernel's answers do not
        change: a point still without a witness failed every one of them before (else it
        would have one). So only the other rows need testing; the witnesses found are the same.
        """
        fresh = np.ones(len(left), dtype=bool)
        if self.tested is not None and len(self.tested[0]) and self.tested[1].shape[1] == N.shape[1]:
            rows, lists = self.tested
            pos = np.minimum(np.searchsorted(rows, left), len(rows) - 1)
            seen = rows[pos] == left
            fresh[seen] = (lists[pos[seen]] != N[seen]).any(axis=1)
        self.tested = (left, N)
        return fresh

    def _search_all(self, left: npt.NDArray[np.intp], jobs: int) -> None:
        self.left = left
        self.lists = _neighbours(self.pts, left, min(self.reach, len(left) - 1), jobs=jobs)

    def nearest(self, left: npt.NDArray[np.intp], kk: int, jobs: int) -> npt.NDArray[np.intp]:
        """Each point of ``left``'s kk nearest in ``left`` (row ids, nearest first); as `_neighbours`."""
        d = self.pts.shape[1]
        if not exact_by_products(len(left), d) or kk > self.reach:
            return _neighbours(self.pts, left, kk, jobs=jobs)
        inside = np.zeros(len(self.pts), dtype=bool)
        inside[left] = True

        def narrowed() -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
            assert self.left is not None and self.lists is not None
            cand = self.lists[np.searchsorted(self.left, left)]
            keep = inside[cand]
            return cand, keep, keep.sum(axis=1) >= kk

        if self.left is None or self.lists is None or not np.isin(left, self.left).all():
            self._search_all(left, jobs)
        cand, keep, full = narrowed()
        if 2 * int((~full).sum()) > len(left):
            # most lists run short (the set shrank a lot): one search of all costs less than
            # searching half of them against all
            self._search_all(left, jobs)
            cand, keep, full = narrowed()
        out = np.empty((len(left), kk), dtype=np.intp)
        first = np.argsort(~keep[full], axis=1, kind="stable")[:, :kk]  # members of left, in list order
        out[full] = np.take_along_axis(cand[full], first, axis=1)
        short = np.flatnonzero(~full)
        if len(short):
            out[short] = left[_nearest_of(self.pts[left], short.astype(np.intp), kk, 0.0, jobs)]
        return out


def _to_rows(
    dm: DistinctMinority, witness: list[Witness | None], verdict: list[str], reason: list[str]
) -> tuple[npt.NDArray[np.object_], list[Witness | None], list[str]]:
    """Verdicts, witnesses (as original rows) and reasons back on the original rows; duplicates are ambiguous."""
    out_v = np.empty(len(dm.inverse), dtype=object)
    out_w: list[Witness | None] = []
    out_r: list[str] = []
    rep = dm.rep
    for i, u in enumerate(dm.inverse.tolist()):
        if dm.counts[u] > 1:
            out_v[i] = AMBIGUOUS
            out_r.append(f"exact duplicate of {dm.counts[u] - 1} other row(s): a real row and its copy cannot be told apart")
            out_w.append(None)
            continue
        out_v[i] = verdict[u]
        out_r.append(reason[u])
        wu = witness[u]
        # witnesses name distinct points; report one original row for each
        out_w.append(
            None
            if wu is None or verdict[u] == REAL
            else Witness(int(rep[wu.a]), int(rep[wu.b]), wu.lam_lo, wu.lam_hi, wu.touches_endpoint)
        )
    return out_v, out_w, out_r


#: the ``parents`` choices of `distin_smote`
PARENTS: tuple[str, ...] = ("minority", "all")


def _all_rows(X: Any, Xa: npt.NDArray[np.float64], rows: npt.NDArray[np.intp], dm: DistinctMinority) -> DistinctMinority:
    """``dm`` with the distinct rows of the other classes appended (points ≥ len(dm.uniq)); Lemma 1 over all rows.

    BorderlineSMOTE-2 (imblearn/over_sampling/_smote/filter.py and base.py,
    ``_generate_samples``) makes s = x + λ·g·(n − x) from a minority base x towards any row n,
    with g ∈ [0, 0.5) drawn when n is not a minority row (g = 1 otherwise). Its child is on the
    segment xn at λ' = λg ∈ [0, 1/2), so Lemma 1 holds with witnesses ending at any row.
    Lemma 3's tube (proofs/03_rounding_tube.py) still holds for the float step ŝ = fl(x + f),
    f = fl(λ·fl(g·d̂)), d̂ = fl(n − x): with |d̂ − d| ≤ u|d̂| and two relative errors δ₁, δ₂ ≤ u
    in the products, |f − λ'd| ≤ λ'(u + 2u + u²)|d̂| < (2u + u²)|d̂| because λ' < 1/2, which is
    Lemma 3's term for one product at λ < 1; |ŝ − (x + f)| ≤ u|ŝ| as there; and the two
    products' underflow errors (≤ η/2 each, the first scaled by λ < 1) stay below η.
    ``test_borderline2_step_stays_in_the_tube`` checks it on imbalanced-learn's own operations.
    A row of another class equal to
    a minority row is that minority point (it adds no new end). ``counts`` and ``inverse`` stay
    the minority's: only minority rows get verdicts.
    """
    others = np.setdiff1d(np.arange(len(Xa), dtype=np.intp), rows).astype(np.intp)
    if len(others) == 0:
        return dm
    do = _distinct(X, Xa, others)
    mine = {tuple(r) for r in (dm.src if dm.exact_input else dm.uniq.tolist())}
    theirs = do.src if do.exact_input else do.uniq.tolist()
    keep = np.asarray([u for u, r in enumerate(theirs) if tuple(r) not in mine], dtype=np.intp)
    uniq = np.vstack([dm.uniq, do.uniq[keep]]) if len(keep) else dm.uniq
    src: Any = list(dm.src) + [do.src[u] for u in keep.tolist()] if dm.exact_input else uniq
    return replace(dm, rep=np.concatenate([dm.rep, do.rep[keep]]).astype(np.intp), uniq=uniq, src=src)


def _drop_foreign_witnesses(witness: list[Witness | None], targets: int) -> int:
    """Drop witnesses of the first ``targets`` points with no end among them (no minority base can make such a row); returns how many."""
    dropped = 0
    for p in range(targets):
        w = witness[p]
        if w is not None and w.a >= targets and w.b >= targets:
            witness[p] = None
            dropped += 1
    return dropped


def _with_categorical(X: Any, y: Any, categorical_features: Any, **kw: Any) -> DistinResult:
    """`distin_smote` on the numeric columns, then Lemma C on the categorical ones (`refimpl.attacks.categorical`)."""
    from refimpl.attacks.categorical import (
        resolve_categorical,
        smotenc_scale_ok,
        split_columns,
        unique_value_columns,
    )

    cat = resolve_categorical(X, categorical_features)
    if len(cat) == 0:
        return distin_smote(X, y, **kw)
    X_num, values = split_columns(X, cat)
    if X_num.shape[1] == 0:
        res = _smoten_result(X, y, kw["minority"], kw["k"])
        smoten = True
    else:
        res = distin_smote(X_num, y, **kw)
        smoten = False
    vals = values[res.index]
    if not smoten and not smotenc_scale_ok(np.asarray(as_feature_array(X_num), dtype=np.float64)[res.index]):
        res.notes.append(
            "categorical columns not used: the numeric scale is too small to certify that SMOTENC copies a "
            "neighbour's category (np.isclose's atol 1e-8 in its tie test; Lemma C, refimpl.attacks.categorical)"
        )
        return res
    flipped = 0
    for i, cols in enumerate(unique_value_columns(vals)):
        if not cols:
            continue
        if res.verdicts[i] != REAL:
            flipped += res.verdicts[i] == SYNTHETIC
            res.verdicts[i] = REAL
            res.witnesses[i] = None
        c = int(cat[cols[0]])
        res.reasons[i] = (
            f"holds a value in categorical column {c} ({vals[i, cols[0]]!r}) that no other minority row holds: "
            "SMOTENC/SMOTEN copy a value of a real neighbour (Lemma C), so it is real"
        )
    res.notes.append(
        f"categorical columns {', '.join(str(int(c)) for c in cat)}: "
        + ("every column categorical (SMOTEN): a synthetic row copies per column a neighbour's value and may equal a real "
           "row; only rows holding a value no other minority row holds are known (real)" if smoten else
           "the attack ran on the numeric columns (SMOTENC's numeric part is plain SMOTE)")
        + (f"; {flipped} synthetic verdict(s) became real by Lemma C" if flipped else "")
    )
    return res


def _smoten_result(X: Any, y: Any, minority: Any, k: int) -> DistinResult:
    """Every minority row ``ambiguous`` (SMOTEN: no geometry), for Lemma C to mark the rows it proves real."""
    _, rows = _check(np.zeros((len(np.asarray(y)), 1)), y, minority, k)  # the label checks only: X is all categorical
    reason = "every column categorical (SMOTEN): a synthetic row copies its base's neighbours' values and may equal a real row"
    return DistinResult(
        index=rows,
        verdicts=np.asarray([AMBIGUOUS] * len(rows), dtype=str),
        witnesses=[None] * len(rows),
        reasons=[reason] * len(rows),
        kernel="none",
        certified=True,
        k=int(k),
        candidates=0,
        assumption="SMOTEN: every categorical value of a synthetic row is held by a real neighbour (Lemma C)",
    )


def _other_geometry(
    X: Any, y: Any, minority: Any, k: int, geometry: str, release: Any, column_range: Any, kernel: Any, jobs: int = 1
) -> Any:
    """`distin_smote` for ``geometry`` box or auto (`refimpl.attacks.box_distin`, Lemma 7)."""
    from refimpl.attacks.box_distin import box_distin_smote
    from refimpl.attacks.geometry_choice import GEOMETRIES, choose_geometry

    if geometry not in GEOMETRIES:
        raise InvalidParameter(f"geometry must be one of {', '.join(GEOMETRIES)}, got {geometry!r}")
    if geometry == "box":
        res: Any = box_distin_smote(X, y, minority=minority, k=k, release=release, column_range=column_range, n_jobs=jobs)
    else:
        chosen, reason, seg, box = choose_geometry(
            X, y, minority=minority, k=k, release=release, column_range=column_range, n_jobs=jobs
        )
        res = box if chosen == "box" else seg
        res.geometry, res.geometry_reason = chosen, reason
        res.notes.append(reason)
    if res.geometry == "box" and kernel != "fast":
        res.notes.append(f"kernel {kernel!r} not used: the box geometry decides exactly in its own predicate (Lemma 7)")
    return res


def _untouch(kern: GeometryKernel, C: npt.NDArray[np.intp], witness: list[Witness | None]) -> None:
    """Replace witnesses whose λ-interval touches 0 or 1 by the first one among the candidates that does not.

    The first witness in scan order is often the nearest pair, and when a witness row is very
    close to p (dense data, or a wide release tube) its interval reaches λ = 0 although p is
    strictly inside another certified segment. Only candidate pairs are re-tested; through
    ``FastKernel`` the Lemma 5 filter runs first.
    """
    touch = np.asarray([i for i, w in enumerate(witness) if w is not None and w.touches_endpoint], dtype=np.intp)
    if len(touch) == 0 or C.shape[1] < 2:
        return
    ia, ib = np.triu_indices(C.shape[1], k=1)
    Ct = C[touch]
    mask = kern.pair_filter(touch, Ct)
    rho = kern.tube_radius()
    if rho is not None:
        # An interior witness needs p outside the tube of each endpoint in some coordinate
        # (else λ = 0 or 1 fits). Tested in floats: it only chooses which pairs to try, the
        # kernel decides, and a pair wrongly skipped leaves p ambiguous (never wrong).
        X = kern.points
        far = np.any(np.abs(X[Ct] - X[touch][:, None, :]) > rho[Ct] + rho[touch][:, None, :], axis=2)
        mask &= far[:, ia] & far[:, ib]
    # at most one candidate list's worth of exact tests per point: a cost cap, not a decision
    tries = C.shape[1]
    for r, p in enumerate(touch.tolist()):
        for c in np.flatnonzero(mask[r])[:tries].tolist():
            a, b = int(Ct[r, ia[c]]), int(Ct[r, ib[c]])
            if a == p or b == p or a < 0 or b < 0:
                continue
            w = kern.between(p, a, b)
            if w is not None and not w.touches_endpoint:
                witness[p] = w
                break


def _witnessless(witness: list[Witness | None]) -> npt.NDArray[np.intp]:
    return np.flatnonzero(np.fromiter((w is None for w in witness), dtype=bool, count=len(witness))).astype(np.intp)


#: Triples `_segment_pass` builds at once (2^23: 200 MB of row ids).
SEGMENT_TRIPLES = 1 << 23

def _segment_pass(
    kern: GeometryKernel, pts: npt.NDArray[np.float64], left: npt.NDArray[np.intp], kk: int, jobs: int = 1,
    targets: int | None = None, lists: _ExactLists | None = None,
) -> list[tuple[int, Witness]]:
    """Witnesses found by walking segments between witness-less points.

    Every real point is witness-less, so a missed synthetic point's parents x and n are in
    ``left``, and n is among x's nearest neighbours there (it was among x's k nearest real
    neighbours). Every point strictly inside the segment xn is closer to x than n is (it is in
    the ball with diameter xn), so it comes *before* n in x's list of nearest points in
    ``left``. Hence for each x, with its ``kk`` nearest points in ``left`` in order of
    distance, each point p of the list is tested against (x, n) for every n after p. No ball
    query is needed (in high dimension those cost more than the tests), and every point of
    ``left`` in the ball of such a pair is tested. It only chooses what to test; the kernel
    decides.
    """
    kk = min(kk, len(left) - 1)
    if kk < 2:
        return []
    N = (lists or _ExactLists(pts, kk)).nearest(left, kk, jobs)  # row ids, nearest first, exact
    if lists is not None:  # rows whose list the last pass tested give the same answers
        fresh = lists.untested(left, N)
        left, N = left[fresh], N[fresh]
    i, j = np.triu_indices(kk, k=1)  # p = N[:, i] is nearer to x than n = N[:, j]
    found: dict[int, Witness] = {}
    has = np.zeros(len(pts), dtype=bool)
    # the triples of a block of rows at a time (at 1.2·10^5 rows and kk = 40 all of them took
    # 2.2 GB): a point's first witness in a later block counts only if no earlier block gave
    # it one, and points with one are not asked again, so the witnesses are the same
    per = max(1, SEGMENT_TRIPLES // len(i))
    for lo in range(0, len(left), per):
        Nb = N[lo : lo + per]
        P = Nb[:, i].ravel()
        C = np.stack([np.repeat(left[lo : lo + per], len(i)), Nb[:, j].ravel()], axis=1).astype(np.intp)
        ask = ~has[P]
        if targets is not None:  # only the points that get verdicts are tested (ends may be any row)
            ask &= P < targets
        for p, w in first_per_point_jobs(kern, P[ask], C[ask], jobs).items():
            found[p] = w
            has[p] = True
    return list(found.items())


OnLine = Callable[[int, int, int], bool]


def _on_line_table(kern: GeometryKernel, asks: list[tuple[int, int, int]]) -> OnLine:
    """``kern.on_line`` with the given triples answered in one batch (`GeometryKernel.on_line_many`); others asked one by one."""
    if not asks:
        return kern.on_line
    uniq = list(dict.fromkeys(asks))
    T = np.asarray(uniq, dtype=np.intp).reshape(len(uniq), 3)
    known = dict(zip(uniq, kern.on_line_many(T[:, 0], T[:, 1], T[:, 2]).tolist(), strict=True))

    def on_line(p: int, a: int, b: int) -> bool:
        got = known.get((p, a, b))
        return kern.on_line(p, a, b) if got is None else bool(got)

    return on_line


def _verdict_asks(witness: list[Witness | None], endpoint_of: dict[int, list[int]]) -> list[tuple[int, int, int]]:
    """The on_line triples `_disagreeing_certificate` and `_off_line_evidence` ask first for every point with a witness."""
    asks: list[tuple[int, int, int]] = []
    for p, w in enumerate(witness):
        if w is None or w.touches_endpoint:
            continue
        for e in (w.a, w.b):
            we = witness[e]
            if we is not None and p in (we.a, we.b):
                asks.append((we.b if we.a == p else we.a, w.a, w.b))
        asks.extend((c, w.a, w.b) for c in endpoint_of.get(p, []))
    return asks


def _off_line_evidence(on_line: OnLine, p: int, w: Witness, ends: list[int], directions: int) -> int | None:
    """An endpoint partner of p off p's witness line, if p is an endpoint in ``directions`` distinct directions off it."""
    offs: list[int] = []
    for c in dict.fromkeys(ends):
        if on_line(c, w.a, w.b):
            continue
        if directions == 1:
            return c
        # a new direction: not on the line through p and an off-line partner already seen
        if all(not on_line(c, p, o) for o in offs):
            offs.append(c)
            if len(offs) >= directions:
                return offs[0]
    return None


def _disagreeing_certificate(
    on_line: OnLine, p: int, w: Witness, witness: list[Witness | None]
) -> tuple[int, int] | None:
    """(e, o): p's witness row e whose own witness is (p, o) with o off p's witness line, if any; Lemma 1.

    In exact geometry p strictly between e and f, and e strictly between p and o, put o on
    the line through e and f: a synthetic p and its sibling e on one segment always agree.
    Within a tube they can disagree only when e is so near p that the direction from e to p
    is lost in the tube: a real row's child at a small λ is such an e (bench/adversarial.py,
    seed 0, configuration 6308), and Lemma 6(c), which spreads rows at the m-th-neighbour
    scale, does not count it. The kernel decides ``on_line``.
    """
    for e in (w.a, w.b):
        we = witness[e]
        if we is None or p not in (we.a, we.b):
            continue
        o = we.b if we.a == p else we.a
        if not on_line(o, w.a, w.b):
            return e, o
    return None


def _verdicts(
    kern: GeometryKernel,
    pts: npt.NDArray[np.float64],
    witness: list[Witness | None],
    values: Any = None,
    rates: npt.NDArray[np.float64] | None = None,
    jobs: int = 1,
    family: Family | None = None,
    family_reach: int = 0,
) -> tuple[list[str], list[str]]:
    n = len(pts)
    # Endpoint evidence. Without a release one off-line segment is enough to doubt a witness
    # (the tube is ulps wide: a spurious witness elsewhere is as unlikely as a false one,
    # Lemma 6(c) with w ~ 2^-52). Under a release the tube is wider and a neighbour's first
    # witness may be spurious (Lemma 6(c) again, now with w of the release's size), which would
    # make one off-line segment through a synthetic point; a real point between real points
    # is the parent of segments in many directions, so two distinct directions are asked for.
    directions = 2 if kern.tube_widened else 1
    # a coordinate value is "on the lattice" when another distinct point shares it, compared
    # on the exact values (float images of rational input collide after rounding)
    lattice = lattice_rows(pts if values is None else values)
    # on a line every row between the extremes is between two others: nothing to tell apart
    line = n >= 3 and any(w is not None for w in witness) and spans_a_line(kern, pts)
    # designed positions (midpoints …) at a simple λ: ambiguous, not synthetic
    asked = [p for p, w in enumerate(witness) if w is not None and not w.touches_endpoint and not lattice[p]]
    simple_at = simple_positions(kern, pts, witness, asked) if kern.certified and not line else {}
    endpoint_of: dict[int, list[int]] = {}
    for w in witness:
        if w is not None:
            endpoint_of.setdefault(w.a, []).append(w.b)
            endpoint_of.setdefault(w.b, []).append(w.a)

    # the first on_line question of the two endpoint rules, for every point, in one batch
    on_line = _on_line_table(kern, _verdict_asks(witness, endpoint_of))

    def one(p: int) -> tuple[str, str]:
        w = witness[p]
        if w is None:
            return REAL, "strictly between no two points found among its candidates"
        simple = simple_at.get(p)
        if w.touches_endpoint:
            return AMBIGUOUS, "within rounding of a copy of an endpoint (λ-interval reaches 0 or 1)"
        if line:
            return AMBIGUOUS, (
                "the minority lies on one line (d = 1 or every row collinear): every row between the two "
                "extremes is between two others, real or synthetic; only the extremes are known (real)"
            )
        if lattice[p]:
            return AMBIGUOUS, "on the data lattice (every coordinate value occurs in another row): it may be a real point between two real points"
        if rates is not None and rates[p] > FALSE_WITNESS_RATE:
            return AMBIGUOUS, (
                f"between two points, but the tube is wide against the distance to its neighbours: a real row "
                f"here gets a false witness with probability up to {rates[p]:.2g} (Lemma 6(c)), above the "
                f"{FALSE_WITNESS_RATE:g} a synthetic verdict allows"
            )
        if (bad := _disagreeing_certificate(on_line, p, w, witness)) is not None:
            return AMBIGUOUS, (
                f"between two points, but its witness row {bad[0]} is itself certified between it and row "
                f"{bad[1]}, off that line: the two certificates disagree, as when a real row's child lies "
                "within the tube of it"
            )
        if simple is not None:
            return AMBIGUOUS, (
                f"between two points at λ = {simple} (a simple fraction): where a real row placed by design "
                "(a midpoint, a grid point) sits; SMOTE's λ = m/2^53 lands there with probability ≤ 21·(λ-interval width + 2^-53)"
            )
        # an extrapolating family counts the lines through p itself (Lemma 10)
        extrapolates = family is not None and family.extrapolates
        off = None if extrapolates else _off_line_evidence(on_line, p, w, endpoint_of.get(p, []), directions)
        if off is not None:
            return AMBIGUOUS, (
                f"between two points and also an endpoint of a segment off that line (towards point {off}"
                f"{' and another direction' if directions > 1 else ''}): collinear real points?"
            )
        if kern.certified:
            return SYNTHETIC, f"strictly between two points (certified witness), {GENERAL_POSITION}"
        return SYNTHETIC, f"between two points (uncertified float test), {GENERAL_POSITION}"

    # each point's verdict depends on its own witness and the shared tables above only
    both = concat_ranges(lambda a, b: [one(p) for p in range(a, b)], n, jobs)
    verdict, reason = [v for v, _ in both], [r for _, r in both]
    if family is not None and not family.plain:
        # the lines through a row need its nearest rows in distance order (exact search)
        family_verdicts(kern, witness, verdict, reason, family, directions - 1, functools.partial(_nearest_of, pts), family_reach)
    return verdict, reason


__all__ = [
    "default_candidates",
    "distin_smote",
    "nearest_ids",
    "nearest_with_radius",
    "search_eps",
]
