"""The exported hypothesis strategies, used the way another project would: on imbalanced-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl.exact.predicates import collinear
from refimpl.testing import assert_conforms, general_position_points, imbalanced_datasets, smote_runs

imblearn = pytest.importorskip("imblearn", reason="imbalanced-learn is the sampler under test")


@settings(max_examples=25, deadline=None)
@given(data=imbalanced_datasets(duplicates=True), k=st.integers(1, 5), seed=st.integers(0, 2**16))
@example(data=(np.array([[0.0], [1], [2], [3], [0], [0], [0.5]]), np.array([0, 0, 0, 0, 1, 1, 1])), k=2, seed=0)
def test_imblearn_smote_conforms(data: tuple[np.ndarray, np.ndarray], k: int, seed: int) -> None:
    X, y = data
    k = min(k, int(np.bincount(y).min()) - 1)
    out = imblearn.over_sampling.SMOTE(k_neighbors=k, random_state=seed).fit_resample(X, y)
    assert_conforms(out, (X, y), k=k, sampling_strategy="auto")


@settings(max_examples=15, deadline=None)
@given(data=imbalanced_datasets(dtype=np.float32, n_classes=3), seed=st.integers(0, 2**16))
@example(
    data=(np.array([[0.1, 0.2], [0.3, 0.7], [1e4, 0.1], [0.5, 0.5], [2.0, 3.0], [2.5, 2.9], [3.1, 2.2], [2.2, 3.3],
                    [-1.0, -1.0], [-1.3, -0.7], [-0.9, -1.6], [-1.1, -1.2]], dtype=np.float32),
          np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])),
    seed=0,
).via("k + 1 = class size in every class; 0.1 and 1e4 beside it are not float32-dyadic at one scale")
def test_imblearn_smote_conforms_float32_multiclass(data: tuple[np.ndarray, np.ndarray], seed: int) -> None:
    X, y = data
    out = imblearn.over_sampling.SMOTE(k_neighbors=3, random_state=seed).fit_resample(X, y)
    assert_conforms(out, (X, y), k=3)


@settings(max_examples=15, deadline=None)
def _pinned_run() -> dict:
    # two minority rows equal: duplicates give zero-length segments, which must conform
    from refimpl.smote import SMOTE

    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [5.0, 7.0], [9.0, 9.0],
                  [7.0, 7.0], [8.0, 6.0]])
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    sm = SMOTE(k_neighbors=2, random_state=3)
    X_out, y_out = sm.fit_resample(X, y)
    return {"X": X, "y": y, "k": 2, "seed": 3, "X_out": X_out, "y_out": y_out, "provenance": sm.provenance_}


@given(run=smote_runs())
@example(run=_pinned_run()).via("a duplicated minority row: zero-length segments conform")
def test_refimpl_smote_runs_conform(run: dict) -> None:
    assert_conforms((run["X_out"], run["y_out"]), (run["X"], run["y"]), k=run["k"])


@settings(max_examples=10, deadline=None)
@given(X=general_position_points(max_n=8))
@example(X=np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])).via("the smallest set in general position")
def test_general_position_points_are_in_general_position(X: np.ndarray) -> None:
    rows = [tuple(r) for r in X.tolist()]
    assert len(set(rows)) == len(rows)
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            for m in range(j + 1, len(rows)):
                assert not collinear(rows[i], rows[j], rows[m])


def test_assert_conforms_raises_with_the_summary() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    X_out, y_out = imblearn.over_sampling.SMOTE(random_state=0).fit_resample(X, y)
    X_out[-1] = X_out[-1] + 1.0
    with pytest.raises(AssertionError, match="DOES NOT CONFORM"):
        assert_conforms((X_out, y_out), (X, y))
