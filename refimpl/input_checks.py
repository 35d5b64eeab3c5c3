"""Input checks shared by the samplers, attacks and CLI: every failure is a named error."""

from __future__ import annotations

from typing import Any

import numpy as np

from refimpl.errors import InvalidInput, NonNumericColumn, ShapeMismatch, SingleClass, UnsupportedInputType


def as_feature_array(X: Any, *, name: str = "X") -> np.ndarray:
    """X as a 2-D numeric ndarray (float or int dtype kept), refusing non-numeric, NaN and inf."""
    if hasattr(X, "tocsr"):  # scipy sparse: np.asarray would give a 0-d object array
        raise InvalidInput(f"{name} is a scipy sparse matrix; this function needs dense rows: pass {name}.toarray()")
    columns = getattr(X, "columns", None)
    if columns is not None:
        for col, dtype in zip(columns, X.dtypes):
            if dtype.kind not in "iuf":
                raise NonNumericColumn(
                    f"has dtype {dtype}; SMOTE interpolates, so encode it as numbers "
                    "(for example one-hot) before resampling",
                    column=str(col),
                )
        arr = X.to_numpy()
    else:
        arr = np.asarray(X)
    if arr.ndim != 2:
        raise InvalidInput(
            f"{name} must be 2-D (rows × features), got {arr.ndim} dimension(s); "
            "reshape a single feature with X.reshape(-1, 1)"
        )
    if arr.dtype.kind == "b":
        raise NonNumericColumn(f"{name} is boolean; cast it to int or float before resampling")
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            for i, r in enumerate(arr):
                for j, v in enumerate(r):
                    try:
                        if isinstance(v, (bool, np.bool_)) or v is None:
                            raise TypeError(f"{type(v).__name__} is not a number")
                        float(v)
                    except (TypeError, ValueError) as exc:
                        raise NonNumericColumn(
                            f"value {v!r} is not a number ({exc}); encode categorical columns first",
                            row=i,
                            column=j,
                        ) from None
            raise NonNumericColumn(f"{name} holds values that are not numbers") from None
    if arr.dtype.kind == "c":
        raise NonNumericColumn(
            f"{name} has dtype {arr.dtype} (Complex data not supported); pass real-valued features"
        )
    if arr.dtype.kind not in "iuf":
        raise NonNumericColumn(f"{name} has dtype {arr.dtype}; pass numeric features only")
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        if bad.any():
            i, j = (int(v) for v in np.argwhere(bad)[0])
            where: int | str = str(columns[j]) if columns is not None else j
            raise InvalidInput(
                f"value {float(arr[i, j])!r} is not finite ({int(bad.sum())} such value(s) in {name}); "
                "drop or impute NaN/inf before resampling",
                row=i,
                column=where,
            )
    if arr.shape[0] == 0:
        raise InvalidInput(f"{name} has no rows; pass at least one sample per class")
    return np.asarray(arr)


def check_sparse_features(X: Any, *, name: str = "X") -> None:
    """A scipy sparse X: numeric, 2-D, with rows, and finite stored values (named errors)."""
    if X.ndim != 2 or X.shape[0] == 0:
        raise InvalidInput(f"{name} has no rows; pass at least one sample per class")
    if X.dtype.kind not in "iuf":
        raise NonNumericColumn(f"{name} has dtype {X.dtype}; pass numeric features only")
    data = X.data
    if data.dtype.kind == "f" and not np.all(np.isfinite(data)):
        raise InvalidInput(
            f"{name} stores {int((~np.isfinite(data)).sum())} non-finite value(s); "
            "drop or impute NaN/inf before resampling"
        )


def as_target_labels(y: Any) -> tuple[Any, bool]:
    """(y, False), or (column of the 1 in each row, True) when y is a one-hot matrix (imbalanced-learn accepts it)."""
    if y is None:
        raise ShapeMismatch("SMOTE requires y to be passed, but the target y is None: pass one class label per row")
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] > 1:
        if arr.dtype.kind in "iuf" and np.isin(arr, (0, 1)).all() and (arr.sum(axis=1) == 1).all():
            return arr.argmax(axis=1), True
        raise ShapeMismatch(
            f"y has shape {arr.shape}: pass one label per row, or a one-hot matrix with exactly one 1 "
            "per row (multilabel and multioutput targets are not supported)"
        )
    return y, False


def as_target_array(y: Any, n_rows: int) -> np.ndarray:
    """y as a 1-D array of class labels with n_rows entries and at least two classes."""
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ShapeMismatch(f"y must be 1-D with one label per row, got shape {arr.shape}")
    if arr.shape[0] != n_rows:
        raise ShapeMismatch(
            f"X has {n_rows} rows but y has {arr.shape[0]} labels; pass one label per row"
        )
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)):
            raise InvalidInput("y contains NaN or inf; drop unlabelled rows first")
        if not np.all(arr == np.round(arr)):
            raise InvalidInput(
                "y looks continuous (non-integer floats); SMOTE needs class labels"
            )
    if arr.dtype.kind == "O" and any(v is None for v in arr):
        raise InvalidInput("y contains None; drop unlabelled rows first")
    try:
        classes = np.unique(arr)
    except TypeError:  # labels that do not sort together (int and str): no class order exists
        kinds = sorted({type(v).__name__ for v in arr.ravel()})
        raise UnsupportedInputType(
            f"y mixes label types ({', '.join(kinds)}); pass labels of one type, e.g. y.astype(str)"
        ) from None
    if classes.size < 2:
        raise SingleClass(f"y has one class only ({classes.tolist()}); there is nothing to rebalance")
    return arr
