"""Scoring: exact matching inside certified boxes, each real record matched once, ambiguous apart."""

from fractions import Fraction

import numpy as np
import pytest

from refimpl.attacks.distin_result import DistinResult
from refimpl.attacks.recon import ReconResult
from refimpl.attacks.scoring import distin_scores, recon_scores
from refimpl.errors import ShapeMismatch


def recon_result(boxes: list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]) -> ReconResult:
    centres = [tuple((a + b) / 2 for a, b in zip(lo, hi, strict=True)) for lo, hi in boxes]
    radius = [max((b - a) / 2 for a, b in zip(lo, hi, strict=True)) for lo, hi in boxes]
    pts = np.array([[float(v) for v in c] for c in centres], dtype=np.float64).reshape(len(boxes), 2)
    return ReconResult(pts, centres, radius, boxes, [[0, 1, 2]] * len(boxes), [], "fast", True, 5, 24, 3, 100)


def box(centre: tuple[float, float], r: Fraction) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    c = tuple(Fraction(v) for v in centre)
    return tuple(v - r for v in c), tuple(v + r for v in c)


def test_two_predictions_around_one_record_give_recall_at_most_one() -> None:
    # the published scorer reports recall 2.0 here (two predictions 1.6e-5 apart, one record)
    real = np.array([[0.25, -0.5], [3.0, 3.0]])
    r = Fraction(1, 10**4)
    res = recon_result([box((0.25, -0.5 + 8e-6), r), box((0.25, -0.5 - 8e-6), r)])
    sc = recon_scores(res, real)
    assert sc.matched == 1 and sc.precision == 0.5 and sc.recall == 0.5 and sc.recall <= 1


def test_box_boundary_is_exact_with_no_tolerance() -> None:
    x = 0.1
    lo = (Fraction(x), Fraction(0))
    hi = (Fraction(x) + Fraction(1, 2**60), Fraction(0))
    res = recon_result([(lo, hi)])
    assert recon_scores(res, np.array([[x, 0.0]])).matched == 1  # on the boundary: inside
    below = float(np.nextafter(x, -np.inf))
    assert recon_scores(res, np.array([[below, 0.0]])).matched == 0  # one ulp outside: no match


def test_exact_points_match_by_equality() -> None:
    p = (Fraction(1, 3), Fraction(2, 7))
    res = recon_result([(p, p)])
    real = np.empty((2, 2), dtype=object)
    real[0] = [Fraction(1, 3), Fraction(2, 7)]
    real[1] = [Fraction(1, 3), Fraction(2, 7) + Fraction(1, 10**30)]
    sc = recon_scores(res, real)
    assert sc.matched == 1 and sc.precision == 1.0 and sc.recall == 0.5
    assert recon_scores(res, real[1:]).matched == 0


def test_empty_and_shape_errors() -> None:
    sc = recon_scores(recon_result([]), np.zeros((3, 2)))
    assert sc.precision == 0 and sc.recall == 0 and sc.predicted == 0
    with pytest.raises(ShapeMismatch):
        recon_scores(recon_result([box((0.0, 0.0), Fraction(1))]), np.zeros((3, 5)))


def distin_result(verdicts: list[str], index: list[int]) -> DistinResult:
    return DistinResult(np.asarray(index, dtype=np.intp), np.asarray(verdicts), [None] * len(verdicts), [""] * len(verdicts), "fast", True, 5, 24)


def test_distin_scores_count_ambiguous_apart() -> None:
    v = ["real", "real", "synthetic", "synthetic", "ambiguous", "ambiguous", "synthetic"]
    truth = np.array([True, False, False, True, True, False, False])
    sc = distin_scores(distin_result(v, list(range(7))), truth)
    assert (sc.true_positive, sc.false_positive, sc.false_negative) == (2, 1, 2)
    assert sc.precision == 2 / 3 and sc.recall == 2 / 4
    assert (sc.ambiguous_real, sc.ambiguous_synthetic) == (1, 1)
    assert sc.real_precision == 0.5 and sc.real_recall == 1 / 3
    assert abs(sc.f1 - 2 * (2 / 3) * 0.5 / (2 / 3 + 0.5)) < 1e-15


def test_distin_scores_accept_truth_per_row_of_x() -> None:
    res = distin_result(["real", "synthetic"], [3, 5])
    truth = np.array([False, False, False, True, False, False])
    sc = distin_scores(res, truth)
    assert sc.precision == 1.0 and sc.recall == 1.0 and sc.real_recall == 1.0
    with pytest.raises(ShapeMismatch):
        distin_scores(res, truth[:4])
