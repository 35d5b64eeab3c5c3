"""Every bad input raises a named exception whose message says what to do."""

import numpy as np
import pandas as pd
import pytest

from refimpl import SMOTE
from refimpl.errors import (
    EmptyClass,
    InvalidInput,
    InvalidParameter,
    NonNumericColumn,
    RefimplError,
    ShapeMismatch,
    SingleClass,
    TooFewSamples,
)

X = np.arange(40, dtype=float).reshape(20, 2)
Y = np.array([1] * 6 + [0] * 14)


@pytest.mark.parametrize("arithmetic", ["float64", "exact"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_features(bad: float, arithmetic: str) -> None:
    Xb = X.copy()
    Xb[4, 1] = bad
    with pytest.raises(InvalidInput, match=r"row 4, column 1: .*not finite.*drop or impute"):
        SMOTE(arithmetic=arithmetic).fit_resample(Xb, Y)


def test_too_few_samples_message_says_what_to_do() -> None:
    y = np.array([1] * 3 + [0] * 17)
    with pytest.raises(TooFewSamples, match=r"class 1 has 3 samples; k_neighbors=5 needs at least 6"):
        SMOTE(k_neighbors=5).fit_resample(X, y)


def test_k_equal_to_class_size_is_refused_in_both_arithmetics() -> None:
    for arithmetic in ("float64", "exact"):
        with pytest.raises(TooFewSamples):
            SMOTE(k_neighbors=6, arithmetic=arithmetic).fit_resample(X, Y)  # type: ignore[arg-type]


def test_single_class() -> None:
    with pytest.raises(SingleClass, match="nothing to rebalance"):
        SMOTE().fit_resample(X, np.zeros(20))


def test_empty_class_named_in_strategy() -> None:
    with pytest.raises(EmptyClass, match=r"class\(es\) \[7\] that have no samples"):
        SMOTE(sampling_strategy={7: 30}).fit_resample(X, Y)


def test_shape_mismatch() -> None:
    with pytest.raises(ShapeMismatch, match="20 rows but y has 19 labels"):
        SMOTE().fit_resample(X, Y[:-1])
    with pytest.raises(InvalidInput, match="must be 2-D"):
        SMOTE().fit_resample(X[:, 0], Y)


def test_non_numeric_dataframe_column() -> None:
    frame = pd.DataFrame({"a": X[:, 0], "colour": ["red"] * 20})
    with pytest.raises(NonNumericColumn, match=r"column 'colour'.*encode"):
        SMOTE().fit_resample(frame, Y)


def test_non_numeric_object_array_names_the_cell() -> None:
    Xo = X.astype(object)
    Xo[3, 0] = "abc"
    with pytest.raises(NonNumericColumn, match=r"row 3, column 0"):
        SMOTE().fit_resample(Xo, Y)


def test_boolean_features() -> None:
    with pytest.raises(NonNumericColumn, match="boolean"):
        SMOTE().fit_resample(X > 3, Y)


def test_continuous_target() -> None:
    with pytest.raises(InvalidInput, match="continuous"):
        SMOTE().fit_resample(X, np.linspace(0, 1, 20))


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        # the first five are scikit-learn's parameter validation, re-raised as InvalidParameter
        ({"arithmetic": "float128"}, r"'arithmetic' parameter of SMOTE must be a str among"),
        ({"k_neighbors": 0}, r"must be an int in the range \[1, inf\)"),
        ({"k_neighbors": 2.5}, r"must be an int in the range \[1, inf\)"),
        ({"sampling_strategy": "most"}, r"'sampling_strategy' parameter of SMOTE must be"),
        ({"sampling_strategy": 1.5}, r"in the range \(0\.0, 1\.0\]"),
        ({"sampling_strategy": [1, 2]}, r"'sampling_strategy' parameter of SMOTE must be"),
        ({"sampling_strategy": 0.1}, "would remove minority samples"),
        ({"sampling_strategy": {1: 2}}, "can only add rows"),
        # imbalanced-learn truncates neither: it fails later with a raw TypeError
        ({"sampling_strategy": {1: 25.5}}, r"target count 25\.5 for class 1 is not an integer"),
        ({"sampling_strategy": lambda y: {1: 25.0}}, r"target count 25\.0 for class 1 is not an integer"),
        ({"random_state": np.random.default_rng(0)}, r"numpy\.random\.Generator.*int\(rng\.integers\(2\*\*32\)\)"),
    ],
)
def test_bad_parameters(kwargs: dict, pattern: str) -> None:
    with pytest.raises(InvalidParameter, match=pattern):
        SMOTE(**kwargs).fit_resample(X, Y)


def test_float_strategy_on_multiclass() -> None:
    y = np.array([0] * 10 + [1] * 6 + [2] * 4)
    with pytest.raises(InvalidParameter, match="binary targets only"):
        SMOTE(k_neighbors=2, sampling_strategy=0.9).fit_resample(X, y)


def test_all_errors_are_value_errors_too() -> None:
    # scikit-learn-style callers catch ValueError; ours must still be caught there
    for exc in (InvalidInput, InvalidParameter, TooFewSamples, EmptyClass, SingleClass, ShapeMismatch, NonNumericColumn):
        assert issubclass(exc, RefimplError) and issubclass(exc, ValueError)


def test_failed_call_leaves_input_untouched() -> None:
    Xb = X.copy()
    Xb[0, 0] = np.nan
    before = Xb.copy()
    with pytest.raises(InvalidInput):
        SMOTE().fit_resample(Xb, Y)
    assert np.array_equal(before, Xb, equal_nan=True)
