"""Rows whose squared distances overflow binary64: the checker's exact kNN still answers (every row a
candidate, decided exactly), and verify_smote refuses such data with a named error instead of a
traceback from a KD-tree."""

import numpy as np
import pytest

from refimpl import SMOTE
from refimpl.errors import InvalidInput
from refimpl.exact import exact_knn, exact_knn_ties, to_matrix
from refimpl.validate import verify_smote
from refimpl.validate.knn import class_neighbours


@pytest.mark.parametrize("scale", [1e160, 1e200, 1e300])
def test_exact_neighbours_of_rows_beyond_the_float_range_of_squared_distances(scale: float) -> None:
    X = np.random.default_rng(0).normal(size=(25, 4)) * scale
    got = class_neighbours(X, 5)
    rows = to_matrix(X)
    assert got.knn == exact_knn(rows, 5)
    assert got.ties == exact_knn_ties(rows, 5)


def test_verify_refuses_data_whose_squared_distances_overflow() -> None:
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(size=(40, 3)) * 1e200 + 5e200, rng.normal(size=(20, 3)) * 1e200])
    y = np.r_[np.zeros(40, int), np.ones(20, int)]
    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)
    with pytest.raises(InvalidInput, match="overflow float64"):
        verify_smote(X, y, Xo, yo)


def test_verify_refuses_an_output_row_whose_distance_to_the_real_rows_overflows() -> None:
    rng = np.random.default_rng(2)
    X = np.vstack([rng.normal(size=(60, 3)), rng.normal(2.0, 1.0, size=(30, 3))])
    y = np.r_[np.zeros(60, int), np.ones(30, int)]
    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)
    Xo = Xo.copy()
    Xo[-1] = [1e300, -1e300, 1e300]  # not SMOTE output, and too far to compare with anything
    with pytest.raises(InvalidInput, match="X_out has rows that lie so far"):
        verify_smote(X, y, Xo, yo)
