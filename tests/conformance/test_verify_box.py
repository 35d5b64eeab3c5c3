"""The ``box`` model (one gap per coordinate: Weka 3.6, R unbalanced): box-SMOTE output conforms
under it and not under the segment model; Weka's own output conforms as box + decimals:6."""

from __future__ import annotations

import numpy as np
import pytest

from refimpl.box_smote import box_smote
from refimpl.validate import verify_smote
from refimpl.validate.models import certify_box


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(80, 4)), rng.normal(1.0, 1.0, size=(20, 4))])
    return X, np.r_[np.zeros(80, int), np.ones(20, int)]


def test_box_smote_conforms_under_box_only() -> None:
    X, y = _data()
    s = box_smote(X[80:], 40, k=5, seed=1)
    Xo, yo = np.vstack([X, s.synthetic]), np.r_[y, np.ones(40, int)]
    assert verify_smote(X, y, Xo, yo, model="box").ok
    seg = verify_smote(X, y, Xo, yo, model="float64")
    assert not seg.ok and "ok" not in seg.status_counts()


def test_box_rejects_a_row_outside_the_box_and_names_the_gap() -> None:
    x, n = [0.0, 0.0], [1.0, 2.0]
    assert certify_box([0.5, 1.9], x, n)  # inside the box, off the segment
    assert certify_box([0.5, 2.5], x, n)[0].lo > 1  # beyond n in the second coordinate
    assert certify_box([0.5, 2.0], x, n)[0].lo < 1  # s_j = n_j: a gap just below 1, rounded up
    assert certify_box([0.5, 0.0000001], [0.0, 0.0], [1.0, 0.0]) == []  # d_j = 0 but s_j ≠ x_j


def test_weka_output_conforms_as_box_at_six_decimals() -> None:
    from bench.wild import weka

    reason = weka.available()
    if reason:
        pytest.skip(f"Weka not installed ({reason}); .ci/run installs the weka package")
    X, y = _data()
    out = weka.run_weka_smote(X, y)
    assert not verify_smote(X, y, out.X, out.y, model="float64").ok
    rep = verify_smote(X, y, out.X, out.y, model="box", release="decimals:6")
    assert rep.ok, rep.summary()
