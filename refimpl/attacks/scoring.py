"""Scores of the attacks against ground truth: precision, recall and F1, with no free tolerance.

* `distin_scores`: the ``synthetic`` verdicts of DistinSMOTE against the true origin of
  each row. ``ambiguous`` verdicts are neither a hit nor a miss of the positive class; they are
  counted apart and reported, so that a cautious attack is not scored as a confident one.
* `recon_scores`: ReconSMOTE's points against the real records. A point matches a real
  record when the record's exact value lies in the point's certified box (for an exact point
  the box is the point itself: equality of rationals). Every comparison is made with
  `fractions.Fraction`; floats only choose which records to compare. Each real record
  is matched at most once (a maximum bipartite matching), so recall is at most 1; the
  published scorer counts nearby predictions separately and can report recall 2.0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.attacks.distin_result import AMBIGUOUS, REAL, SYNTHETIC, DistinResult
from refimpl.attacks.recon import ReconResult
from refimpl.errors import InvalidInput, ShapeMismatch
from refimpl.exact.rational import to_rational
from refimpl.results import ResultDisplay


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean 2PR/(P + R); 0 when both are 0 or either is NaN (a score that was not measured)."""
    if math.isnan(precision) or math.isnan(recall) or precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True, repr=False)
class DistinScores(ResultDisplay):
    """Scores of the ``synthetic`` verdicts (positive class: synthetic row).

    ``ambiguous_real`` and ``ambiguous_synthetic`` count the ambiguous verdicts by true origin;
    they lower recall (a synthetic row not called synthetic) but never precision.
    ``real_precision`` and ``real_recall`` score the ``real`` verdicts the same way.
    """

    precision: float
    recall: float
    f1: float
    true_positive: int
    false_positive: int
    false_negative: int
    ambiguous_real: int
    ambiguous_synthetic: int
    real_precision: float
    real_recall: float
    rows: int

    def as_dict(self) -> dict[str, Any]:
        """The scores as a plain dict."""
        return asdict(self)


def distin_scores(result: DistinResult, is_real: Any) -> DistinScores:
    """Precision, recall and F1 of DistinSMOTE's ``synthetic`` verdicts against ground truth.

    Parameters
    ----------
    result
        The output of `refimpl.attacks.distin_smote`.
    is_real
        Boolean truth, either one entry per verdict (aligned with ``result.index``) or one per
        row of the attacked X (then indexed by ``result.index``).
    """
    truth = np.asarray(is_real)
    if truth.ndim != 1:
        raise ShapeMismatch(f"is_real must be 1-D, got shape {truth.shape}")
    if truth.dtype.kind not in "biu":
        raise InvalidInput(f"is_real must be boolean (True for a real row), got dtype {truth.dtype}")
    n = len(result.index)
    if len(truth) != n:
        if len(result.index) and len(truth) <= int(np.max(result.index)):
            raise ShapeMismatch(
                f"is_real has {len(truth)} entries; pass one per verdict ({n}) or one per row of X"
            )
        truth = truth[result.index]
    real = truth.astype(bool)
    v = result.verdicts
    syn_v, real_v, amb_v = v == SYNTHETIC, v == REAL, v == AMBIGUOUS
    tp = int(np.sum(syn_v & ~real))
    fp = int(np.sum(syn_v & real))
    fn = int(np.sum(~syn_v & ~real))
    p, r = _ratio(tp, tp + fp), _ratio(tp, int(np.sum(~real)))
    rtp = int(np.sum(real_v & real))
    return DistinScores(
        precision=p,
        recall=r,
        f1=f1(p, r),
        true_positive=tp,
        false_positive=fp,
        false_negative=fn,
        ambiguous_real=int(np.sum(amb_v & real)),
        ambiguous_synthetic=int(np.sum(amb_v & ~real)),
        real_precision=_ratio(rtp, int(np.sum(real_v))),
        real_recall=_ratio(rtp, int(np.sum(real))),
        rows=n,
    )


@dataclass(frozen=True, repr=False)
class ReconScores(ResultDisplay):
    """Scores of ReconSMOTE's points: a match is a real record inside the point's certified box."""

    precision: float
    recall: float
    f1: float
    matched: int
    predicted: int
    real: int
    #: predictions whose box holds more than one real record (each still matched once at most)
    multi: int

    def as_dict(self) -> dict[str, Any]:
        """The scores as a plain dict."""
        return asdict(self)


def _real_rows(X_real: Any) -> tuple[list[tuple[Fraction, ...]], npt.NDArray[np.float64]]:
    arr = np.asarray(X_real.to_numpy() if hasattr(X_real, "to_numpy") else X_real, dtype=object)
    if arr.ndim != 2:
        raise ShapeMismatch(f"X_real must be 2-D (rows × features), got shape {arr.shape}")
    rows = [tuple(v if isinstance(v, Fraction) else to_rational(v, row=i, column=j) for j, v in enumerate(r)) for i, r in enumerate(arr)]
    F = np.array([[float(v) for v in r] for r in rows], dtype=np.float64).reshape(arr.shape)
    return rows, F


def recon_scores(result: ReconResult, X_real: Any) -> ReconScores:
    """Precision, recall and F1 of ReconSMOTE against the real records, matched inside certified boxes only.

    A prediction i matches real row r iff lo_i ≤ r ≤ hi_i in every coordinate, compared
    exactly (Lemma 3, proofs/03_rounding_tube.py, for why the true record is in the box). A
    maximum bipartite matching pairs predictions and records one to one.
    """
    rows, F = _real_rows(X_real)
    n_pred = len(result.exact_points)
    if n_pred and len(rows) and F.shape[1] != len(result.exact_points[0]):
        raise ShapeMismatch(f"X_real has {F.shape[1]} columns but the points have {len(result.exact_points[0])}")
    if n_pred == 0 or len(rows) == 0:
        return ReconScores(0.0, 0.0, 0.0, 0, n_pred, len(rows), 0)
    tree = cKDTree(F)
    scale = float(np.max(np.abs(F))) if F.size else 0.0
    scale = max(scale, float(np.max(np.abs(result.points))) if result.points.size else 0.0)
    slack = 8 * float(np.spacing(scale))
    src: list[int] = []
    dst: list[int] = []
    multi = 0
    for i, (lo, hi) in enumerate(result.boxes):
        r = float(np.nextafter(float(result.radius[i]), np.inf))
        # candidates only: a record in the box is within radius of the centre (∞-norm); the
        # float centre and records add a few ulps, covered by the slack and the widening
        reach = (r + slack) * (1 + 2.0**-20)
        hits = [j for j in tree.query_ball_point(result.points[i], reach, p=np.inf) if all(a <= x <= b for a, x, b in zip(lo, rows[j], hi, strict=True))]
        multi += len(hits) > 1
        src.extend([i] * len(hits))
        dst.extend(hits)
    matched = 0
    if src:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import maximum_bipartite_matching

        g = csr_matrix((np.ones(len(src)), (src, dst)), shape=(n_pred, len(rows)))
        match = maximum_bipartite_matching(g, perm_type="column")
        matched = int(np.sum(match >= 0))
    p, rc = _ratio(matched, n_pred), _ratio(matched, len(rows))
    return ReconScores(p, rc, f1(p, rc), matched, n_pred, len(rows), int(multi))


def recovered_mask(result: ReconResult, X_real: Any) -> npt.NDArray[np.bool_]:
    """Which real records lie in some reconstructed point's certified box, compared exactly (Lemma 3).

    Unlike `recon_scores` no matching is made: a record inside two boxes is recovered once,
    and a box holding two records recovers both.
    """
    rows, _ = _real_rows(X_real)
    hit = np.zeros(len(rows), dtype=bool)
    for r, q in enumerate(rows):
        hit[r] = any(in_box(box, q) for box in result.boxes)
    return hit


def in_box(box: tuple[Sequence[Any], Sequence[Any]], row: Sequence[Any]) -> bool:
    """lo ≤ row ≤ hi in every coordinate, compared exactly (a float as its exact value; Lemma 3's certified box)."""
    lo, hi = box
    return all(a <= Fraction(v) <= b for a, v, b in zip(lo, row, hi, strict=True))


def certificate_census(witnesses: Sequence[tuple[int, int, int]], provenance: Any) -> dict[str, int]:
    """How DistinSMOTE's certificates (row, a, b) relate to the true parents in ``provenance``; Lemma 1.

    ``parents``: (a, b) are the row's own base and neighbour; ``same segment``: two other
    points of the parents' segment (a real row only as one of its ends, a synthetic row when
    its parents are the same); ``other``: anything else, which general position rules out.
    ``provenance`` has arrays ``row``, ``base`` and ``neighbour`` (`refimpl.provenance`), and
    every certified row must be one of its synthetic rows.
    """
    parents = {int(r): frozenset((int(b), int(n))) for r, b, n in zip(provenance.row, provenance.base, provenance.neighbour, strict=True)}

    def on_segment(c: int, seg: frozenset[int]) -> bool:
        return c in seg if c not in parents else parents[c] == seg

    out = {"parents": 0, "same segment": 0, "other": 0}
    for r, a, b in witnesses:
        seg = parents[r]
        key = "parents" if frozenset((a, b)) == seg else "same segment" if on_segment(a, seg) and on_segment(b, seg) else "other"
        out[key] += 1
    return out


__all__ = [
    "DistinScores",
    "ReconScores",
    "certificate_census",
    "distin_scores",
    "f1",
    "in_box",
    "recon_scores",
    "recovered_mask",
]
