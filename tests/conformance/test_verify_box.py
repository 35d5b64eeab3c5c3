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


def test_diagnosis_names_the_box_and_the_rounding() -> None:
    """Under the segment model, a box row is 'in the box of base and neighbour'; a rounded segment row 'looks rounded'."""
    X, y = _data()
    s = box_smote(X[80:], 40, k=5, seed=1)
    rep = verify_smote(X, y, np.vstack([X, s.synthetic]), np.r_[y, np.ones(40, int)])
    details = [c.detail for c in rep.certificates]
    assert all("lies in the box of base and neighbour but not on the segment" in t for t in details)
    assert all(y[c.neighbour] == y[c.base] == 1 for c in rep.certificates)  # same-class nearest candidates
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    from imblearn.over_sampling import SMOTE

    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)
    rep = verify_smote(X, y, np.round(Xo, 6), yo)
    details = [c.detail for c in rep.certificates if not c.ok]
    assert details and all("looks rounded to 6 decimals (try --release decimals:6)" in t for t in details)
    assert not any("box" in t for t in details)  # the release alone explains these rows
