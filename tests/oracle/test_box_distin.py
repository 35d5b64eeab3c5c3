"""Box DistinSMOTE on box-SMOTE output (refimpl.box_smote) and on Weka 3.6's own (Lemma 7, proofs/07_box_geometry.py)."""

from __future__ import annotations

import numpy as np
import pytest

from bench.wild import weka
from refimpl.attacks.box_distin import BOX_ASSUMPTION, box_distin_smote, false_positive_bound
from refimpl.attacks.scoring import distin_scores
from refimpl.box_smote import augmented_box


@pytest.mark.parametrize(("d", "ratio"), [(12, 1), (12, 5), (20, 2)])
def test_box_smote_output_is_separated_exactly(d: int, ratio: int) -> None:
    X, y, is_real = augmented_box(np.random.default_rng(d).normal(size=(80, d)), ratio, k=5, seed=1)
    res = box_distin_smote(X, y, k=5, release="decimals:6")
    s = distin_scores(res, is_real)
    # pinned: every row right at d ≥ 12 on this data
    assert (s.real_precision, s.real_recall, s.precision, s.recall) == (1.0, 1.0, 1.0, 1.0)
    assert res.geometry == "box" and res.assumption == BOX_ASSUMPTION
    assert res.summary()["geometry"] == "box"
    # every synthetic verdict carries an edge whose box holds the row, coordinate by coordinate
    for w, v in zip(res.witnesses, res.verdicts, strict=True):
        assert (w is not None) == (v == "synthetic")
        if w is not None:
            assert len(w.intervals) == d and all(0 <= lo <= hi <= 1 for lo, hi in w.intervals)


def test_certificates_hold_in_exact_arithmetic() -> None:
    from fractions import Fraction

    X, y, _ = augmented_box(np.random.default_rng(3).normal(size=(60, 12)), 2, k=5, seed=2)
    res = box_distin_smote(X, y, k=5, release="decimals:6")
    for i, w in zip(res.index.tolist(), res.witnesses, strict=True):
        if w is None:
            continue
        for j, (lo, hi) in enumerate(w.intervals):
            p, a, b = (Fraction(float(X[r, j])) for r in (i, w.a, w.b))
            # the released row is within 10^-6 of the point a + λ(b − a) for some λ in the interval
            lam = lo if a == b else min(max((p - a) / (b - a), lo), hi)
            assert abs(p - a - lam * (b - a)) <= Fraction(1, 10**6)


def test_one_hot_lattice_rows_are_not_explained_by_their_endpoints() -> None:
    """car_eval_4 (21 one-hot columns): a real row in the box of two others sits on their values; strictness keeps it real."""
    from refimpl import datasets

    ds = datasets.load("car_eval_4")
    X, y, is_real = augmented_box(np.asarray(ds.X)[np.asarray(ds.y) == 1], 2, k=5, seed=1)
    s = distin_scores(box_distin_smote(X, y, k=5, release="decimals:6"), is_real)
    assert (s.real_precision, s.real_recall) == (1.0, 1.0)


def test_low_dimension_says_the_test_is_weak() -> None:
    X, y, _ = augmented_box(np.random.default_rng(0).normal(size=(80, 3)), 2, k=5, seed=1)
    res = box_distin_smote(X, y, k=5, release="decimals:6")
    assert res.expected_false_positives == false_positive_bound(res.counts()["real"], 3, 10)
    assert any("dimension is too low" in n for n in res.notes)


def test_duplicates_are_ambiguous() -> None:
    X, _, _ = augmented_box(np.random.default_rng(0).normal(size=(40, 12)), 1, k=5, seed=1)
    X = np.vstack([X, X[:1]])
    res = box_distin_smote(X, np.ones(len(X), int), k=5, release="decimals:6")
    assert res.verdicts[0] == "ambiguous" and res.verdicts[-1] == "ambiguous"


@pytest.mark.slow
@pytest.mark.skipif(weka.available() is not None, reason=str(weka.available()))
def test_weka_output_at_d12() -> None:
    """Weka 3.6's SMOTE filter (-P 200 -K 5 -S 1), 6-decimal ARFF: every real and synthetic row right."""
    rng = np.random.default_rng(12)
    X = np.vstack([rng.normal(size=(100, 12)), rng.normal(size=(300, 12)) + 3])
    y = np.r_[np.zeros(100, int), np.ones(300, int)]
    out = weka.run_weka_smote(X, y, k=5, percent=200, seed=1, class_value=0)
    rows = np.flatnonzero(out.y == 0)
    is_real = np.zeros(len(out.y), bool)
    is_real[rows[:100]] = True  # Weka keeps the input rows first, then appends
    res = box_distin_smote(out.X, out.y, minority=0, k=5, release="decimals:6")
    s = distin_scores(res, is_real)
    assert (s.real_precision, s.real_recall) == (1.0, 1.0)
    assert res.counts() == {"real": 100, "synthetic": 200, "ambiguous": 0}
