"""Lemma 1 on the oracle: DistinSMOTE is perfect on exact SMOTE data in general position, and
certified on float data; where general position fails it says "ambiguous", never a wrong "synthetic"."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.attacks import distin_smote
from refimpl.attacks.scoring import distin_scores
from refimpl.datasets import grid
from refimpl.errors import EmptyClass, InvalidInput, InvalidParameter, ShapeMismatch, TooFewSamples


def augmented(seed: int, n_min: int, d: int, arithmetic: str):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3 * n_min, d))
    y = np.r_[np.ones(n_min, int), np.zeros(2 * n_min, int)]
    Xr, yr = SMOTE(k_neighbors=min(5, n_min - 1), random_state=seed, arithmetic=arithmetic).fit_resample(X, y)
    return Xr, yr, np.arange(len(yr)) < len(y)


@given(seed=st.integers(0, 2**31 - 1), n_min=st.integers(4, 12), d=st.integers(2, 4))
@example(seed=0, n_min=4, d=2)
def test_exact_kernel_is_perfect_on_exact_data(seed: int, n_min: int, d: int) -> None:
    Xr, yr, real = augmented(seed, n_min, d, "exact")
    res = distin_smote(Xr, yr, minority=1, k=min(5, n_min - 1), kernel="exact")
    sc = distin_scores(res, real[res.index])
    assert sc.precision == 1.0 and sc.recall == 1.0
    assert res.counts()["ambiguous"] == 0


@given(seed=st.integers(0, 2**31 - 1), n_min=st.integers(4, 12), d=st.integers(2, 6))
@example(seed=1, n_min=4, d=2)
def test_fast_kernel_on_float_data(seed: int, n_min: int, d: int) -> None:
    Xr, yr, real = augmented(seed, n_min, d, "float64")
    res = distin_smote(Xr, yr, minority=1, k=min(5, n_min - 1), kernel="fast")
    sc = distin_scores(res, real[res.index])
    assert sc.precision == 1.0 and sc.recall == 1.0
    tube = distin_smote(Xr, yr, minority=1, k=min(5, n_min - 1), kernel="tube")
    assert (tube.verdicts == res.verdicts).all()  # Lemma 5: same decisions


@pytest.mark.parametrize("kernel", ["fast", "exact"])
def test_grid_no_real_point_called_synthetic(kernel: str) -> None:
    """Integer grid: real points lie exactly between real points; they must not be 'synthetic'."""
    ds = grid(6, d=2, minority_fraction=0.5, seed=0)
    Xr, yr = SMOTE(k_neighbors=4, random_state=0).fit_resample(ds.X, ds.y)
    real = np.arange(len(yr)) < len(ds.y)
    res = distin_smote(Xr, yr, minority=1, k=4, kernel=kernel)
    called_syn = res.verdicts == "synthetic"
    assert not (called_syn & real[res.index]).any()
    assert (res.verdicts[real[res.index]] != "synthetic").all()


def test_duplicates_are_ambiguous() -> None:
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 3))
    X[1] = X[0]  # a duplicated real record: imbalanced-learn then makes exact copies
    y = np.r_[np.ones(10, int), np.zeros(20, int)]
    Xr, yr = SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    res = distin_smote(Xr, yr, minority=1, k=3)
    rows = {int(r): v for r, v in zip(res.index, res.verdicts)}
    assert rows[0] == rows[1] == "ambiguous"
    sc = distin_scores(res, (np.arange(len(yr)) < len(y))[res.index])
    assert sc.precision == 1.0


def test_epsilon_kernel_calls_a_near_collinear_real_point_synthetic() -> None:
    """The published cosine tolerance (~1.4e-6 rad) takes a real point 1e-8 off a segment for synthetic."""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 1e-8], [0.2, 0.9], [0.8, -0.7]])
    y = np.ones(5, int)
    eps = distin_smote(X, y, minority=1, k=2, kernel="epsilon")
    fast = distin_smote(X, y, minority=1, k=2, kernel="fast")
    assert eps.verdicts[2] == "synthetic"
    assert fast.verdicts[2] == "real"


def test_bad_input_errors() -> None:
    X = np.random.default_rng(0).normal(size=(6, 2))
    y = np.ones(6, int)
    with pytest.raises(EmptyClass, match="pass minority="):
        distin_smote(X, y, minority=7)
    with pytest.raises(TooFewSamples):
        distin_smote(X[:2], y[:2], minority=1)
    with pytest.raises(ShapeMismatch):
        distin_smote(X, y[:5], minority=1)
    with pytest.raises(InvalidParameter):
        distin_smote(X, y, minority=1, k=0)
    Xn = X.copy()
    Xn[2, 1] = np.nan
    with pytest.raises(InvalidInput):
        distin_smote(Xn, y, minority=1)


def test_high_dimension_approximate_candidates_keep_recall() -> None:
    """d = 20: the first pass uses an approximate neighbour search (2^d > n); the re-search
    rounds among witness-less points must still find every synthetic row."""
    from refimpl.attacks.distin import search_eps

    rng = np.random.default_rng(7)
    n_real, d = 60, 20
    X = rng.normal(size=(2 * n_real, d))
    y = np.r_[np.ones(n_real, int), np.zeros(n_real, int)]
    Xr, yr = SMOTE(k_neighbors=5, random_state=0, sampling_strategy={1: 21 * n_real}).fit_resample(X, y)
    assert search_eps(int((yr == 1).sum()), d) > 0
    res = distin_smote(Xr, yr, minority=1, k=5)
    sc = distin_scores(res, (np.arange(len(yr)) < len(y))[res.index])
    assert sc.precision == 1.0 and sc.recall == 1.0
