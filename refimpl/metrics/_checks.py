"""Input checks shared by the metrics: two numeric, finite, non-empty tables with the same columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidInput, ShapeMismatch
from refimpl.input_checks import as_feature_array

FloatArray = npt.NDArray[np.float64]


def feature_table(X: Any, name: str) -> FloatArray:
    """X as a finite 2-D float64 array with at least one row and one column (named errors otherwise)."""
    arr = as_feature_array(X, name=name)  # 2-D, numeric, finite, at least one row
    if arr.shape[1] == 0:
        raise InvalidInput(f"{name} has no columns; pass at least one feature")
    return np.asarray(arr, dtype=np.float64)


def paired_tables(X_real: Any, X_syn: Any) -> tuple[FloatArray, FloatArray]:
    """The real and synthetic tables, checked, with the same number of columns."""
    real = feature_table(X_real, "X_real")
    syn = feature_table(X_syn, "X_syn")
    if real.shape[1] != syn.shape[1]:
        raise ShapeMismatch(
            f"X_real has {real.shape[1]} columns but X_syn has {syn.shape[1]}; both tables must "
            "describe the same features, in the same order"
        )
    return real, syn
