"""``verify_smote``: certify that third-party output has SMOTE's geometry, row by row.

Contract (Lemma 1, proofs/01_interior.py; Lemma 3, proofs/03_rounding_tube.py): synthetic
row s of class c conforms iff there are real rows x (base) and n of class c with
n ∈ kNN_k(x) (exact distances; a neighbour tied at the k-th distance is reported as
``ok_tie``, one a float kNN could have picked as ``ok_within_knn_float_error``, Lemma 8) and a λ the sampler can draw such that s lies in the model's rounding tube
around x + λ(n − x). The decision is exact; floats only propose candidates.

Algorithm notes
---------------
* Exact kNN per class: ``refimpl.validate.knn`` (KD-tree proposes, integers decide).
* Candidate pairs for s: if s is within the tube of x + λ(n − x) with λ ∈ [λ₀, λ₁], then
  ‖s − m‖ ≤ max(|λ₀ − ½|, |λ₁ − ½|)·‖n − x‖ + τ with m the midpoint and τ the tube's
  Euclidean radius. Pairs are bucketed by half-length h (powers of two, so a bucket's ball is
  at most twice too wide) and a KD-tree on their midpoints answers one ball query per bucket.
* A vectorised float prefilter (``refimpl.validate.models.prefilter``) with a derived
  slack drops candidates that cannot certify; survivors are certified exactly.
* Pass A: kNN/tie pairs, λ ∈ [0, 1]. Pass A' (rows left, float models only): pairs whose
  neighbour a float kNN could have ranked in (Lemma 8, proofs/08_knn_float_error.py: the
  error of scikit-learn's brute |x|² − 2x·y + |y|² and tree distances), status
  ``ok_within_knn_float_error``; the certificate says it assumes that arithmetic. Pass B (rows left): λ ∈ [−1, 2], to name extrapolation.
  Pass C (rows left, at most ``max_diagnose``): pairs (x, n) with x of class c among the rows
  nearest to s and n any real row, to name a neighbour outside the kNN or of another class.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from refimpl import parallel
from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.exact.rational import to_rational
from refimpl.fpformat import BINARY32, BINARY64
from refimpl.input_checks import as_feature_array, as_target_array
from refimpl.knn_eps import exact_by_products
from refimpl.knn_products import direct_sqdist, pairs_within, products_apply
from refimpl.parallel import map_ranges, ranges, resolve_n_jobs
from refimpl.results import keeps_input_labels
from refimpl.sampling_strategy import class_counts, resolve_sampling_strategy
from refimpl.tube import COEFFICIENTS, LambdaInterval
from refimpl.validate.diagnosis import MAX_EXACT_TRIES, diagnose, pieces_text
from refimpl.validate.knn import (
    ClassNeighbours,
    class_neighbours,
    class_neighbours_range_scaled,
    float_knn_extra,
    zero_range_columns,
)
from refimpl.validate.models import (
    GAMMA4,
    PREFILTER_SLACK,
    certify_pieces,
    check_model,
    lambda_range,
    prefilter,
)
from refimpl.validate.release import Release, parse_verify_release
from refimpl.validate.report import Check, ConformanceReport, RowCertificate

#: integers above 2^53 are not exactly representable in binary64, which the KD-trees use
MAX_EXACT_INT = 2**53
#: triples per vectorised prefilter batch (memory: batch · d · 8 bytes per temporary)
BATCH_TRIPLES = 200_000

#: output layouts: the originals first (imbalanced-learn, themis, Weka), or rows in any order
LAYOUTS: tuple[str, ...] = ("originals-first", "any")
#: neighbour metrics: plain Euclidean, or per-column range-scaled (DMwR / R unbalanced)
METRICS: tuple[str, ...] = ("euclidean", "range-scaled")

#: what a certificate of status ``ok_within_knn_float_error`` rests on
FLOAT_KNN_DETAIL = (
    "neighbour outside the exact kNN, but within the float error of scikit-learn's distances "
    "(brute |x|² − 2x·y + |y|² or tree differences; Lemma 8, proofs/08_knn_float_error.py)"
)

Progress = Callable[[Iterable[Any], int, str], Iterator[Any]]


def _no_progress(items: Iterable[Any], total: int, label: str) -> Iterator[Any]:
    yield from items


def _rational_rows(X: Any) -> tuple[list[tuple[Fraction, ...]], np.ndarray]:
    """Exact rows (Fractions; "p/q" strings accepted) and their float64 roundings."""
    arr = np.asarray(X.to_numpy() if hasattr(X, "to_numpy") else X, dtype=object)
    if arr.ndim != 2:
        raise InvalidInput(f"X_out must be 2-D, got {arr.ndim} dimension(s)")
    rows: list[tuple[Fraction, ...]] = []
    for i, r in enumerate(arr):
        vals = []
        for j, v in enumerate(r):
            if isinstance(v, str):
                try:
                    q = Fraction(v)
                except ValueError:
                    raise InvalidInput(f"{v!r} is not a rational 'p/q'", row=i, column=j) from None
            else:
                q = to_rational(v, row=i, column=j)
            vals.append(q)
        rows.append(tuple(vals))
    flt = np.array([[float(v) for v in r] for r in rows], dtype=np.float64).reshape(arr.shape)
    return rows, flt


def _match_layout(
    report: ConformanceReport, Xr: np.ndarray, yr: np.ndarray, Xo: np.ndarray, yo: np.ndarray,
    rel: Release, S_exact_all: list[tuple[Any, ...]] | None, jobs: int = 1,
) -> np.ndarray:
    """Layout ``any``: output rows equal to a real row of the same label (bitwise, or within the release radius) are copies; returns the rest's indices."""
    from scipy.spatial import cKDTree

    n_real = len(Xr)
    Xr_f = Xr.astype(np.float64)
    Xo_f = np.asarray(Xo, dtype=np.float64) if S_exact_all is None else np.array(
        [[float(v) for v in r] for r in S_exact_all], dtype=np.float64).reshape(len(Xo), Xr.shape[1])
    match = np.full(len(Xo), -1, dtype=np.int64)
    if rel.kind == "none":
        index: dict[tuple[bytes, Any], int] = {}
        for i in range(n_real):
            index.setdefault((Xr_f[i].tobytes(), yr[i].item()), i)
        for t in range(len(Xo)):
            match[t] = index.get((Xo_f[t].tobytes(), yo[t].item()), -1)
    else:
        alpha, beta = rel.coefficients(Xr.shape[1])
        _, near = cKDTree(Xr_f).query(Xo_f, k=min(4, n_real), workers=jobs)
        near = np.asarray(near).reshape(len(Xo), -1)
        for t in range(len(Xo)):
            for i in near[t].tolist():
                if yr[i] == yo[t] and all(
                    abs(Fraction(o) - Fraction(x)) <= alpha * abs(Fraction(o)) + beta
                    for o, x in zip(Xo_f[t].tolist(), Xr_f[i].tolist())
                ):
                    match[t] = i
                    break
    copies = match[match >= 0]
    used = np.bincount(copies, minlength=n_real) if len(copies) else np.zeros(n_real, np.int64)
    absent = int(np.sum(used == 0))
    repeated = int(np.sum(used > 1))
    by_class = {c: int(np.sum(used[yr == c] == 0)) for c in np.unique(yr).tolist()}
    report.checks.append(Check(
        "layout", True,
        f"layout any: {len(copies)} output row(s) equal a real row ({n_real - absent} distinct real rows, "
        f"{repeated} repeated: resampled); {absent} real row(s) absent (undersampled; per class {by_class}); "
        f"{int(np.sum(match < 0))} synthetic row(s)",
    ))
    return np.flatnonzero(match < 0)


def looks_released(S: np.ndarray) -> str:
    """"; looks rounded to p decimals (…)" when every value survives np.round(v, p) for some p ≤ 8, or the
    significant-digit analogue for N ≤ 15; "" otherwise. A float SMOTE step needs 16–17 digits, so this is evidence of a release."""
    A = np.asarray(S, dtype=np.float64)
    A = A[np.isfinite(A)]
    if A.size == 0:
        return ""
    for p in range(0, 9):
        if np.array_equal(np.round(A, p), A):
            return f"; looks rounded to {p} decimals (try --release decimals:{p})"
    sample = A.ravel()[:2000].tolist()
    for digits in range(1, 16):
        if all(float(f"%.{digits}g" % v) == v for v in sample):
            return f"; looks written with {digits} significant digits (try --release significant:{digits})"
    return ""


def _released_originals_differ(head: np.ndarray, Xr: np.ndarray, rel: Release) -> list[int]:
    """Rows i where some |head_ij − X_ij| exceeds the release radius of head_ij, decided exactly (Lemma 6(a))."""
    alpha, beta = rel.coefficients(Xr.shape[1])
    bad = []
    for i, (h, x) in enumerate(zip(head.tolist(), Xr.tolist())):
        for hv, xv in zip(h, x):
            hq, xq = Fraction(hv), Fraction(xv)
            if abs(hq - xq) > alpha * abs(hq) + beta:
                bad.append(i)
                break
    return bad


def _relative_coefficient(model: str) -> float:
    """A float upper bound of the tube's relative coefficients (for the candidate ball radius)."""
    if model in COEFFICIENTS or model == "box":
        co = COEFFICIENTS[model if model in COEFFICIENTS else "float64"]
        return float(max(co.a, co.b)) * 2.0
    if model == "convex":
        return float(GAMMA4) * 4.0
    return 2.0**-52


class _ClassData:
    """Everything about one class that the passes need."""

    def __init__(self, Xr_f: np.ndarray, members: np.ndarray, cn: ClassNeighbours | None):
        self.members = members
        self.Xc = Xr_f[members]
        self.cn = cn
        pb: list[int] = []
        pn: list[int] = []
        tie: list[bool] = []
        if cn is not None:
            for b in range(len(members)):
                knn = set(cn.knn[b])
                for j in cn.ties[b]:
                    pb.append(b)
                    pn.append(j)
                    tie.append(j not in knn)
        self.pb = np.asarray(pb, dtype=np.int64)
        self.pn = np.asarray(pn, dtype=np.int64)
        self.tie = np.asarray(tie, dtype=bool)
        self.float_extra: list[list[int]] | None = None  # filled lazily: Lemma 8 pairs

    def float_pairs(self, Xr: np.ndarray, u: Fraction, workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """(base, neighbour) class-local pairs a float kNN could have picked outside the ties (Lemma 8)."""
        if self.cn is None:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        if self.float_extra is None:
            self.float_extra = float_knn_extra(Xr[self.members], self.cn, u, workers=workers)
        pb = [b for b, extra in enumerate(self.float_extra) for _ in extra]
        pn = [j for extra in self.float_extra for j in extra]
        return np.asarray(pb, dtype=np.int64), np.asarray(pn, dtype=np.int64)


def _segment_candidates(
    S: np.ndarray, P0: np.ndarray, P1: np.ndarray, factor: float, model: str, rho_max: float = 0.0, jobs: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """(s index, pair index), sorted, for every pair whose λ ∈ [½ − factor, ½ + factor] segment could hold s.

    ‖s − m‖ ≤ |λ − ½|·‖n − x‖ + τ ≤ factor·2h + τ, with h the half-length. Pairs are bucketed
    by the binary exponent of h, and each bucket gets the radius of its longest pair. Where a
    KD-tree degenerates (`refimpl.knn_eps.exact_by_products`) matrix products find the rows
    (`_by_products`, on ``jobs`` threads), else one KD-tree pair search per bucket. The couples
    do not depend on ``jobs``.
    """
    from scipy.spatial import cKDTree

    if len(S) == 0 or len(P0) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    d = S.shape[1]
    mid = (P0 + P1) * 0.5
    h = np.sqrt(np.einsum("ij,ij->i", P1 - P0, P1 - P0)) * 0.5
    g = BINARY64.gamma_up(2 * d + 10)
    rel = _relative_coefficient(model)
    s_max = float(np.max(np.abs(S)))
    s_norm = float(np.max(np.sqrt(np.einsum("ij,ij->i", S, S))))
    _, expo = np.frexp(h)
    expo = np.where(h > 0, expo, np.iinfo(np.int32).min)
    radius = np.empty(len(h))
    for e in np.unique(expo):
        idx = np.flatnonzero(expo == e)
        hb = float(h[idx].max())
        p_max = float(max(np.max(np.abs(P0[idx])), np.max(np.abs(P1[idx]))))
        m_norm = float(np.max(np.sqrt(np.einsum("ij,ij->i", mid[idx], mid[idx]))))
        # the release radius ρ widens the tube and enters it through |ŝ| ≤ |s| + ρ (Lemma 6)
        tube = np.sqrt(d) * (rel * (s_max + rho_max + 2 * p_max) + rho_max + 2.0**-1070) * (1 + PREFILTER_SLACK)
        radius[idx] = factor * 2.0 * hb * (1 + g) + tube + g * (s_norm + m_norm) + 2.0**-1070
    if exact_by_products(len(S), d) and products_apply(np.vstack([S, mid])):
        si, pi = _by_products(S, mid, radius, expo, jobs)
    else:
        tree_s = cKDTree(S)
        out_s: list[np.ndarray] = []
        out_p: list[np.ndarray] = []
        for e in np.unique(expo):
            idx = np.flatnonzero(expo == e)
            sdm = tree_s.sparse_distance_matrix(cKDTree(mid[idx]), float(radius[idx[0]]), output_type="ndarray")
            out_s.append(sdm["i"].astype(np.int64))
            out_p.append(idx[sdm["j"].astype(np.int64)])
        si, pi = np.concatenate(out_s), np.concatenate(out_p)
    order = np.lexsort((pi, si))  # a fixed order, whichever search found them
    return si[order].astype(np.int64), pi[order].astype(np.int64)


def _by_products(
    S: np.ndarray, mid: np.ndarray, radius: np.ndarray, expo: np.ndarray, jobs: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """The (s, pair) couples with direct float distance ‖s − mid‖² ≤ radius², bucket by bucket; Lemma 14(a), proofs/14_product_knn.py.

    `pairs_within` keeps every such couple and a few within its slack; the kept couples'
    direct distances decide.
    """
    out_s: list[np.ndarray] = []
    out_p: list[np.ndarray] = []
    for e in np.unique(expo):
        idx = np.flatnonzero(expo == e)
        r2 = radius[idx] * radius[idx]
        pj, si = pairs_within(mid[idx], S, r2, jobs)
        keep = direct_sqdist(S[si], mid[idx[pj]]) <= r2[pj]
        out_s.append(si[keep])
        out_p.append(idx[pj[keep]])
    return np.concatenate(out_s), np.concatenate(out_p)


def _row_ranges(rows: np.ndarray, jobs: int) -> list[tuple[int, int]]:
    """`refimpl.parallel.ranges` over a sorted row column, each cut moved forward to where the row changes."""
    # a row's exact certification costs about a millisecond (1,000–2,000 rows per CPU second at
    # d = 20), 30× a witness test: ranges an eighth of the default length still pay for their fork
    bounds = ranges(len(rows), jobs, max(1, parallel.MIN_RANGE // 8))
    if len(bounds) <= 1:
        return [(0, len(rows))]
    cuts = [0]
    for _, stop in bounds[:-1]:
        # the first position at or after ``stop`` that starts a new row
        c = int(np.searchsorted(rows, rows[stop - 1], side="right"))
        if cuts[-1] < c < len(rows):
            cuts.append(c)
    cuts.append(len(rows))
    return list(itertools.pairwise(cuts))


def _batches(n: int, d: int) -> Iterator[slice]:
    step = max(1, BATCH_TRIPLES // max(1, d // 4))
    for start in range(0, n, step):
        yield slice(start, min(n, start + step))


class _Verifier:
    def __init__(
        self,
        Xr: np.ndarray,
        yr: np.ndarray,
        S_exact: list[tuple[Any, ...]] | None,
        S_f: np.ndarray,
        model: str,
        progress: Progress,
        release: Release,
        jobs: int = 1,
    ) -> None:
        self.Xr = Xr
        #: cores for the per-row exact certification and the neighbour queries (`refimpl.parallel`)
        self.jobs = jobs
        self.release: Release | None = release if release.kind != "none" else None
        self._looks_released: str | None = None if self.release is None else ""
        #: per synthetic row, the float release radius rounded up (None: no release)
        self.rho: np.ndarray | None = (
            None if self.release is None else self.release.radius_up(np.asarray(S_f, dtype=np.float64))
        )
        self.Xr_f = Xr.astype(np.float64)
        self.yr = yr
        self.S_exact = S_exact
        self.S_f = S_f
        self.model = model
        self.range = lambda_range(model)
        self.progress = progress
        self.native = Xr.dtype if model != "exact" else np.dtype(np.float64)
        # the unit roundoff of the sampler's distance arithmetic (Lemma 8): float32 data may be ranked in float32
        self.knn_u = BINARY32.u if Xr.dtype == np.float32 else BINARY64.u

    @property
    def looks_released(self) -> str:
        """A hint appended to unexplained rows when the output looks written with few digits (computed once, lazily)."""
        if self._looks_released is None:
            self._looks_released = looks_released(self.S_f) if self.S_exact is None else ""
        return self._looks_released

    def release_hint(self) -> tuple[str, Release | None]:
        """(hint text, the release it suggests) when the output looks written with few digits."""
        text = self.looks_released
        if not text:
            return "", None
        spec = text.split("--release ")[1].rstrip(")")
        return text, parse_verify_release(spec)

    def certify_under(self, r: int, b: int, n: int, release: Release, model: str | None = None) -> bool:
        """True iff the pair (b, n) explains synthetic row r under ``release`` (and ``model``, default the checker's)."""
        m = model or self.model
        pieces = certify_pieces(self.S_f[r].tolist(), self.Xr[b], self.Xr[n], m, release)
        return any(lambda_range(m).meets(p) for p in pieces)

    # exact certification of synthetic row r against real rows (global indices) b, n
    def certify(self, r: int, S_native: np.ndarray | None, b: int, n: int) -> list[LambdaInterval]:
        s: Any = self.S_exact[r] if self.S_exact is not None else S_native
        return certify_pieces(s, self.Xr[b], self.Xr[n], self.model, self.release)

    def classify(self, pieces: list[LambdaInterval]) -> str:
        if any(self.range.meets(p) for p in pieces):
            return "ok"
        his = [p.hi for p in pieces]
        if all(h is not None and h < self.range.lo for h in his):
            return "lambda_below_0"
        return "lambda_above_1" if self.range.hi_closed else "lambda_at_least_1"


@keeps_input_labels(rows="X_out", parents="X_real")
def verify_smote(
    X_real: Any,
    y_real: Any,
    X_out: Any,
    y_out: Any,
    *,
    k: int = 5,
    model: str = "float64",
    sampling_strategy: Any = None,
    max_diagnose: int = 2000,
    progress: Progress | None = None,
    release: str | Release | None = None,
    layout: str = "originals-first",
    metric: str = "euclidean",
    n_jobs: int | None = None,
) -> ConformanceReport:
    """Certify every synthetic row of X_out as SMOTE output of (X_real, y_real); Lemma 3, proofs/03_rounding_tube.py.

    The first ``len(X_real)`` output rows must be the originals (checked bitwise); the rest
    are synthetic. ``sampling_strategy`` (imbalanced-learn's forms) enables the class-count
    check; ``None`` skips it. ``model``: "float64", "float32-mixed", "convex", "exact" or "box" (one gap
    per coordinate: Weka, R unbalanced). ``n_jobs``: cores (`refimpl.parallel.resolve_n_jobs`;
    the certificates and their order do not depend on it).
    """
    jobs = resolve_n_jobs(n_jobs)
    t0 = time.perf_counter()
    check_model(model)
    if layout not in LAYOUTS:
        raise InvalidParameter(f"unknown layout {layout!r}; use --layout {'|'.join(LAYOUTS)}")
    if metric not in METRICS:
        raise InvalidParameter(f"unknown neighbour metric {metric!r}; use --metric {'|'.join(METRICS)}")
    rel = parse_verify_release(release)
    data = _inputs(X_real, y_real, X_out, y_out, model)
    report = ConformanceReport(model=model, k=k, n_real=len(data.Xr), n_out=len(data.Xo), release=rel.label())
    if layout == "any":
        syn = _match_layout(report, data.Xr, data.yr, data.Xo, data.yo, rel, data.S_exact, jobs)
    else:
        found = _originals_first(report, data, model, rel)
        if found is None:
            report.seconds = time.perf_counter() - t0
            return report
        syn = found
    _class_counts(report, data, syn, sampling_strategy, layout)
    report.certificates = _certify_rows(
        report, data, syn, k, model, rel, metric, progress or _no_progress, max_diagnose, jobs
    )
    report.seconds = time.perf_counter() - t0
    return report


def _check_distances_finite(Xr: np.ndarray, Xo: np.ndarray) -> None:
    """A named error when a squared distance among the real and output rows overflows binary64 (the searches order rows by it)."""
    for name, rows in (("X_real", Xr), ("X_out", np.vstack([Xr, Xo]) if len(Xo) else Xr)):
        if len(rows) == 0 or rows.dtype.kind not in "iuf":
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            span = np.ptp(np.asarray(rows, dtype=np.float64), axis=0)
            total = float(np.sum(span * span))
        if not np.isfinite(total):
            where = "X_real spans" if name == "X_real" else "X_out has rows that lie"
            raise InvalidInput(
                f"{where} so far (coordinates near 1e154 or beyond) that squared distances overflow "
                "float64: neither SMOTE's neighbour search nor this check can order the rows; rescale the "
                "data before resampling (SMOTE's output must then be checked on the rescaled data)"
            )


@dataclass(frozen=True)
class _Inputs:
    """verify_smote's checked inputs: real features and labels, output rows (float images), their labels,
    the output's exact rows (model "exact" only), the output's dtype and the column names (or None)."""

    Xr: np.ndarray
    yr: np.ndarray
    Xo: np.ndarray
    yo: np.ndarray
    S_exact: list[tuple[Any, ...]] | None
    out_dtype: Any
    names: list[str] | None


def _inputs(X_real: Any, y_real: Any, X_out: Any, y_out: Any, model: str) -> _Inputs:
    """Shapes, dtypes and labels checked; the output read exactly for the exact model (named errors)."""
    names = [str(c) for c in X_real.columns] if hasattr(X_real, "columns") else None
    Xr = as_feature_array(X_real, name="X_real")
    if Xr.dtype.kind in "iu" and np.abs(Xr).max() > MAX_EXACT_INT:
        raise InvalidInput("X_real has integers above 2^53; cast them to float or rescale first")
    n_real, d = Xr.shape
    yr = as_target_array(y_real, n_real)
    S_exact_all: list[tuple[Any, ...]] | None = None
    if model == "exact":
        S_exact_all, Xo_f = _rational_rows(X_out)
        Xo: np.ndarray = Xo_f
        out_dtype: Any = np.dtype(object)
    else:
        Xo = np.asarray(X_out.to_numpy() if hasattr(X_out, "to_numpy") else X_out)
        if Xo.ndim != 2:
            raise InvalidInput(f"X_out must be 2-D, got {Xo.ndim} dimension(s)")
        if Xo.dtype.kind not in "iuf":
            raise InvalidInput(f"X_out has dtype {Xo.dtype}; numeric output expected (or use model='exact')")
        out_dtype = Xo.dtype
    if Xo.shape[1] != d:
        raise ShapeMismatch(f"X_real has {d} features but X_out has {Xo.shape[1]}; they must match")
    _check_distances_finite(Xr, np.asarray(Xo, dtype=np.float64))
    yo = np.asarray(y_out.to_numpy() if hasattr(y_out, "to_numpy") else y_out)
    if yo.ndim != 1 or yo.shape[0] != Xo.shape[0]:
        raise ShapeMismatch(f"y_out has shape {yo.shape}; expected one label per output row ({Xo.shape[0]})")
    return _Inputs(Xr, yr, Xo, yo, S_exact_all, out_dtype, names)


def _originals_first(report: ConformanceReport, data: _Inputs, model: str, rel: Release) -> np.ndarray | None:
    """The layout check "originals first" (bitwise, or within the release radius) and the dtype checks; the synthetic rows, or None when the output is too short."""
    Xr, yr, Xo, yo = data.Xr, data.yr, data.Xo, data.yo
    n_real, n_out = len(Xr), len(Xo)
    released = rel.kind != "none"
    if n_out < n_real:
        report.checks.append(Check("originals_first", False, f"output has {n_out} rows, fewer than the {n_real} originals"))
        return None
    if model == "exact":
        assert data.S_exact is not None
        same = [tuple(data.S_exact[i]) == tuple(to_rational(v) for v in Xr[i]) for i in range(n_real)]
        bad_rows = [i for i, s in enumerate(same) if not s]
    elif released:
        bad_rows = _released_originals_differ(Xo[:n_real], Xr, rel)
    else:
        head = Xo[:n_real]
        if head.dtype == Xr.dtype:
            hb = np.ascontiguousarray(head).view(np.uint8).reshape(n_real, -1)
            eq = np.all(hb == np.ascontiguousarray(Xr).view(np.uint8).reshape(n_real, -1), axis=1)
        else:
            eq = np.all(head == Xr, axis=1)
        bad_rows = np.flatnonzero(~eq).tolist()
    y_bad = np.flatnonzero(yo[:n_real] != yr).tolist()
    report.checks.append(
        Check(
            "originals_first",
            not bad_rows and not y_bad,
            f"the first rows are the originals, within the {rel.label()} release radius"
            if released and not bad_rows and not y_bad
            else "the first rows are the originals, bitwise"
            if not bad_rows and not y_bad
            else f"{len(bad_rows)} feature row(s) and {len(y_bad)} label(s) differ from the input "
            f"(first at row {(bad_rows + y_bad)[0]})",
        )
    )
    if model != "exact" and not released:
        report.checks.append(Check("dtype", data.out_dtype == Xr.dtype, f"input {Xr.dtype}, output {data.out_dtype}"))
        want = {"float64": "f8", "float32-mixed": "f4", "convex": "f8", "box": "f8"}[model]
        if Xr.dtype.kind == "f" and Xr.dtype.str[1:] != want:
            report.checks.append(
                Check("model_dtype", False, f"model {model!r} expects {np.dtype(want)} data, got {Xr.dtype}; "
                      "choose the model that matches the sampler's arithmetic")
            )
    return np.arange(n_real, n_out)


def _class_counts(report: ConformanceReport, data: _Inputs, syn: np.ndarray, sampling_strategy: Any, layout: str) -> None:
    """The class-count check against imbalanced-learn's strategy (skipped without one, or under layout 'any')."""
    got = class_counts(data.yo[syn]) if len(syn) else {}
    if sampling_strategy is not None and layout == "any":
        report.checks.append(Check("class_counts", True, f"synthetic rows per class {got} (not checked under layout 'any')"))
    elif sampling_strategy is not None:
        want_counts = {c: v for c, v in resolve_sampling_strategy(sampling_strategy, data.yr).items() if v}
        report.checks.append(Check("class_counts", dict(want_counts) == got, f"expected {dict(want_counts)}, got {got}"))
    else:
        report.checks.append(Check("class_counts", True, f"synthetic rows per class {got} (not checked: no sampling_strategy)"))


def _certify_rows(
    report: ConformanceReport, data: _Inputs, syn: np.ndarray, k: int, model: str, rel: Release, metric: str,
    prog: Progress, max_diagnose: int, jobs: int = 1,
) -> list[RowCertificate]:
    """One certificate per synthetic row, class by class (Lemma 3): the tube test against the exact kNN of its class."""
    Xr, yr, Xo, yo = data.Xr, data.yr, data.Xo, data.yo
    syn_y = np.array(yo[syn].tolist(), dtype=object)  # plain Python labels in certificates
    S_f = Xo[syn].astype(np.float64) if model != "exact" else Xo[syn]
    S_native = Xo[syn]
    S_exact = [data.S_exact[i] for i in syn.tolist()] if data.S_exact is not None else None
    certs: list[RowCertificate | None] = [None] * len(syn)
    finite = np.all(np.isfinite(S_f), axis=1) if len(syn) else np.ones(0, bool)
    for r in np.flatnonzero(~finite):
        certs[r] = RowCertificate(int(syn[r]), syn_y[r], "non_finite")
    ver = _Verifier(Xr, yr, S_exact, S_f, model, prog, rel, jobs)
    real_counts = class_counts(yr)
    for klass in (np.unique(yo[syn]).tolist() if syn_y.size else []):
        rows = np.flatnonzero((syn_y == klass) & finite)
        if klass not in real_counts:
            for r in rows:
                certs[r] = RowCertificate(int(syn[r]), klass, "unknown_class")
            continue
        members = np.flatnonzero(yr == klass)
        k_eff = min(k, len(members) - 1)
        if k_eff < k:
            report.checks.append(
                Check(f"k_for_class_{klass}", False,
                      f"class {klass!r} has {len(members)} real rows: fewer than k + 1 = {k + 1}; "
                      f"checked with k = {k_eff} (imbalanced-learn would refuse)")
            )
        cn = _class_neighbours(report, Xr[members], klass, k_eff, metric, data.names, jobs)
        if isinstance(cn, str):
            for r in rows:
                certs[r] = RowCertificate(int(syn[r]), klass, "knn_undefined", detail=cn)
            continue
        cd = _ClassData(ver.Xr_f, members, cn)
        _certify_class(ver, cd, rows, syn, syn_y, S_native, certs, max_diagnose, float_knn=metric == "euclidean")
    return [c for c in certs if c is not None]


def _class_neighbours(report: ConformanceReport, Xm: np.ndarray, klass: Any, k_eff: int, metric: str,
                      names: list[str] | None, jobs: int = 1) -> Any:
    """The class's exact kNN under the metric, or (range-scaled with a constant column) the reason it is undefined."""
    if metric == "range-scaled":
        zero = zero_range_columns(Xm)
        if zero:
            cols = ", ".join(repr(names[j]) if names else str(j) for j in zero)
            msg = (f"this implementation's kNN is undefined here: column {cols} is constant in class {klass!r} "
                   "(range 0, so every range-scaled distance is 0/0)")
            report.checks.append(Check(f"knn_defined_class_{klass}", False, msg))
            return msg
        return class_neighbours_range_scaled(Xm, k_eff) if k_eff >= 1 else None
    return class_neighbours(Xm, k_eff, workers=jobs) if k_eff >= 1 else None


def _certify_class(
    ver: _Verifier,
    cd: _ClassData,
    rows: np.ndarray,
    syn: np.ndarray,
    syn_y: np.ndarray,
    S_native: np.ndarray,
    certs: list[RowCertificate | None],
    max_diagnose: int,
    float_knn: bool = True,
) -> None:
    members = cd.members
    best_ratio: dict[int, tuple[float, int, int]] = {}

    def run_pass(
        todo: np.ndarray, factor: float, lam_lo: float, lam_hi: float, final: bool,
        pairs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None, float_knn: bool = False,
    ) -> np.ndarray:
        """Certify rows ``todo`` (indices into syn) against kNN pairs (or ``pairs``: base, neighbour, tie); returns rows still unexplained."""
        pb, pn, ptie = pairs if pairs is not None else (cd.pb, cd.pn, cd.tie)
        jobs = ver.jobs
        if len(todo) == 0 or len(pb) == 0:
            return todo
        S = ver.S_f[todo]
        P0, P1 = cd.Xc[pb], cd.Xc[pn]
        rho = None if ver.rho is None else ver.rho[todo]
        si, pi = _segment_candidates(S, P0, P1, factor, ver.model, 0.0 if rho is None else float(rho.max()), jobs)
        keep = np.zeros(len(si), dtype=bool)
        ratio = np.full(len(si), np.inf)
        for sl in ver.progress(list(_batches(len(si), S.shape[1])), len(si) // BATCH_TRIPLES + 1, "prefilter"):
            ok, _, rt = prefilter(S[si[sl]], P0[pi[sl]], P1[pi[sl]], ver.model, lam_lo, lam_hi,
                                  None if rho is None else rho[si[sl]])
            keep[sl] = ok
            ratio[sl] = rt
        for s_loc, p_loc, rt in zip(si, pi, ratio):
            r = int(todo[s_loc])
            if r not in best_ratio or rt < best_ratio[r][0]:
                best_ratio[r] = (float(rt), int(members[pb[p_loc]]), int(members[pn[p_loc]]))
        si, pi, ratio = si[keep], pi[keep], ratio[keep]
        # order: per row, strict kNN before tie-only pairs, then by float ratio
        order = np.lexsort((pi, ratio, ptie[pi], si))
        left = set(todo.tolist())
        bounds = _row_ranges(si[order], jobs)

        def certify_range(lo: int, hi: int) -> tuple[list[tuple[int, RowCertificate]], dict[int, tuple[str, int, int, list[LambdaInterval]]]]:
            """Certify the rows of order[lo:hi] (whole rows only: a row's pairs are never split)."""
            tries: dict[int, int] = {}
            done: dict[int, RowCertificate] = {}
            out: dict[int, tuple[str, int, int, list[LambdaInterval]]] = {}
            items = order[lo:hi] if len(bounds) > 1 else ver.progress(order, len(order), "certify")
            for o in items:
                r = int(todo[si[o]])
                if r in done or tries.get(r, 0) >= MAX_EXACT_TRIES:
                    continue
                tries[r] = tries.get(r, 0) + 1
                p = int(pi[o])
                b, n = int(members[pb[p]]), int(members[pn[p]])
                pieces = ver.certify(r, S_native[r], b, n)
                if not pieces:
                    continue
                status = ver.classify(pieces)
                if status == "ok":
                    lo_, hi_ = pieces_text(pieces)
                    # box: the hull's λ = 0 says nothing about a copy (each coordinate has its own gap)
                    copy = b == n or (ver.model != "box" and any(p_.degenerate or (p_.lo is not None and p_.lo <= 0 <= (p_.hi or 0)) for p_ in pieces))
                    if float_knn:
                        status, detail = "ok_within_knn_float_error", FLOAT_KNN_DETAIL
                    elif ptie[p]:
                        status, detail = "ok_tie", "neighbour tied at the k-th distance"
                    else:
                        status, detail = "ok", ""
                    done[r] = RowCertificate(int(syn[r]), syn_y[r], status, b, n, lo_, hi_, copy=copy, detail=detail)
                elif r not in out:
                    out[r] = (status, b, n, pieces)
            return list(done.items()), out

        found_out: dict[int, tuple[str, int, int, list[LambdaInterval]]] = {}
        for done, out in map_ranges(certify_range, bounds, jobs):
            for r, cert in done:
                certs[r] = cert
                left.discard(r)
            found_out.update(out)
        if final:
            for r, (status, b, n, pieces) in found_out.items():
                if r in left:
                    lo, hi = pieces_text(pieces)
                    certs[r] = RowCertificate(int(syn[r]), syn_y[r], status, b, n, lo, hi)
                    left.discard(r)
        return np.array(sorted(left), dtype=np.int64)

    todo = run_pass(rows, 0.5, 0.0, 1.0, final=False)
    if len(todo) and ver.model != "exact" and float_knn:
        # pass A': neighbours outside the exact kNN that a float kNN could have ranked in (Lemma 8)
        fb, fn = cd.float_pairs(ver.Xr, ver.knn_u, ver.jobs)
        todo = run_pass(todo, 0.5, 0.0, 1.0, final=False, pairs=(fb, fn, np.zeros(len(fb), bool)), float_knn=True)
    todo = run_pass(todo, 1.5, -1.0, 2.0, final=True)
    diagnose(ver, cd, todo[:max_diagnose], syn, syn_y, S_native, certs, best_ratio)
    for r in todo[max_diagnose:]:
        r = int(r)
        br = best_ratio.get(r)
        certs[r] = RowCertificate(
            int(syn[r]), syn_y[r], "undiagnosed",
            br[1] if br else None, br[2] if br else None, tube_ratio=br[0] if br else None,
            detail=f"more than max_diagnose={max_diagnose} unexplained rows",
        )
