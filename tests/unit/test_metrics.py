"""refimpl.metrics: DCR and naive distinguishability; properties, hand-checked values, named errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial import cKDTree

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch, TooFewSamples
from refimpl.metrics import dcr, distinguishability_auc
from refimpl.metrics.distinguishability import null_auc_sd

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


def tables(min_rows: int = 2, max_rows: int = 25) -> st.SearchStrategy[np.ndarray]:
    return st.tuples(st.integers(min_rows, max_rows), st.integers(1, 4)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=finite)
    )


# --- DCR ------------------------------------------------------------------------------------


def test_dcr_hand_checked() -> None:
    real = np.array([[0.0, 0.0], [1.0, 0.0], [4.0, 0.0]])
    syn = np.array([[0.5, 0.0], [1.0, 0.0], [3.0, 0.0], [4.0, 2.5]])
    r = dcr(real, syn, percentile=50)
    assert r.distances.tolist() == [0.5, 0.0, 1.0, 2.5]
    assert r.nearest_real.tolist() == [0, 1, 2, 2]
    assert r.real_nn.tolist() == [1.0, 1.0, 3.0]
    # closer than the nearest record's own spacing: 0.5 < 1, 0 < 1, 1 < 3; 2.5 < 3 too
    assert r.share_closer == 1.0
    assert r.n_copies == 1 and r.share_copies == 0.25
    assert r.p_low == 0.75  # median of 0, 0.5, 1, 2.5
    assert r.real_p_low == 1.0


def test_dcr_share_closer_is_strict() -> None:
    real = np.array([[0.0], [2.0]])
    r = dcr(real, np.array([[2.0 + 2.0], [-1.0]]))
    assert r.distances.tolist() == [2.0, 1.0]
    assert r.share_closer == 0.5  # 2 < 2 is false, 1 < 2 is true


@given(tables(), st.integers(1, 3))
@example(np.array([[0.0], [0.0]]), 1)
@example(np.array([[1.0, -1.0], [5e-324, 0.0], [1.0, -1.0]]), 2)
def test_dcr_of_the_real_data_against_itself_is_zero(X: np.ndarray, copies: int) -> None:
    """Every real row (duplicates included) is its own closest record: distance 0, a copy."""
    X = np.vstack([X, X[:copies]])  # duplicated rows too
    r = dcr(X, X)
    assert np.all(r.distances == 0)
    assert r.n_copies == X.shape[0]
    assert np.all(r.real_nn[: copies] == 0) and np.all(r.real_nn[-copies:] == 0)
    assert r.share_closer < 1.0  # duplicates have real_nn 0: strictly closer is impossible
    assert r.p_low == 0


@given(tables(), tables(min_rows=1), st.randoms(use_true_random=False))
@example(np.array([[0.0], [1.0]]), np.array([[0.25], [3.0]]), None)
def test_dcr_does_not_depend_on_row_order(real: np.ndarray, syn: np.ndarray, rnd: object) -> None:
    syn = np.resize(syn, (syn.shape[0], real.shape[1]))  # same columns as the real table
    seed = 0 if rnd is None else rnd.randrange(2**32)  # type: ignore[attr-defined]
    rng = np.random.default_rng(seed)
    p_real, p_syn = rng.permutation(real.shape[0]), rng.permutation(syn.shape[0])
    a = dcr(real, syn)
    b = dcr(real[p_real], syn[p_syn])
    assert np.array_equal(b.distances, a.distances[p_syn])
    assert np.array_equal(b.real_nn, a.real_nn[p_real])
    assert (a.p_low, a.real_p_low, a.n_copies) == (b.p_low, b.real_p_low, b.n_copies)
    # share_closer reads the spacing of *the* nearest record; with a tie in distance the
    # KD-tree's pick may follow the row order, so compare it only when the nearest is unique.
    if real.shape[0] >= 2:
        two, _ = cKDTree(real).query(syn, k=2)
        if np.all(two[:, 0] < two[:, 1]):
            assert a.share_closer == b.share_closer


integer_valued = st.integers(-1000, 1000).map(float)


@given(
    st.tuples(st.integers(2, 25), st.integers(1, 25), st.integers(1, 4)).flatmap(
        lambda s: st.tuples(
            arrays(np.float64, (s[0], s[2]), elements=integer_valued),
            arrays(np.float64, (s[1], s[2]), elements=integer_valued),
        )
    )
)
@example((np.array([[0.0], [2.0]]), np.array([[1.0]])))  # a tie
def test_dcr_matches_brute_force(pair: tuple[np.ndarray, np.ndarray]) -> None:
    """Integer-valued rows: differences, squares and sums are exact in float64 and sqrt is
    correctly rounded, so the tree's distances must equal the brute force's bit for bit, and
    the chosen record must be one of the closest (ties are frequent here)."""
    real, syn = pair
    r = dcr(real, syn)
    brute = np.sqrt(((syn[:, None, :] - real[None, :, :]) ** 2).sum(axis=2))
    assert np.array_equal(r.distances, brute.min(axis=1))
    assert np.array_equal(brute[np.arange(len(syn)), r.nearest_real], r.distances)
    spacing = np.sqrt(((real[:, None, :] - real[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(spacing, np.inf)  # a row is not its own neighbour (its duplicates are)
    assert np.array_equal(r.real_nn, spacing.min(axis=1))


@pytest.mark.parametrize(
    ("real", "syn", "error"),
    [
        (np.array([[np.nan, 0.0], [1.0, 0.0]]), np.zeros((1, 2)), InvalidInput),
        (np.zeros((3, 2)), np.array([[np.inf, 0.0]]), InvalidInput),
        (np.zeros((3, 2)), np.zeros((2, 3)), ShapeMismatch),
        (np.zeros((0, 2)), np.zeros((2, 2)), InvalidInput),
        (np.zeros((3, 2)), np.zeros((0, 2)), InvalidInput),
        (np.zeros((3, 0)), np.zeros((2, 0)), InvalidInput),
        (np.zeros(3), np.zeros((2, 1)), InvalidInput),
        (np.zeros((1, 2)), np.zeros((2, 2)), TooFewSamples),
    ],
)
def test_dcr_named_errors(real: np.ndarray, syn: np.ndarray, error: type[Exception]) -> None:
    with pytest.raises(error):
        dcr(real, syn)


@pytest.mark.parametrize("percentile", [-1, 100.5, "5", True])
def test_dcr_rejects_bad_percentile(percentile: object) -> None:
    with pytest.raises(InvalidParameter):
        dcr(np.zeros((2, 1)), np.zeros((1, 1)), percentile=percentile)  # type: ignore[arg-type]


# --- distinguishability ---------------------------------------------------------------------


@settings(max_examples=6)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(60, 160), d=st.integers(1, 4))
@example(seed=0, n=100, d=2)
def test_auc_is_near_half_for_one_distribution(seed: int, n: int, d: int) -> None:
    """Two independent samples of one Gaussian: the pooled AUC is within 4 null SDs of 1/2.

    Under the null, the pooled AUC is a Mann–Whitney statistic with SD
    sqrt((n1 + n2 + 1) / (12 n1 n2)); 4 SDs leave a false-alarm rate of about 6e-5 per example.
    """
    rng = np.random.default_rng(seed)
    real, syn = rng.normal(size=(n, d)), rng.normal(size=(n, d))
    r = distinguishability_auc(real, syn, n_estimators=25, random_state=seed % 1000)
    assert r.null_sd == pytest.approx(null_auc_sd(n, n))
    assert abs(r.auc - 0.5) <= 4 * r.null_sd, (r.auc, r.null_sd)


def test_auc_is_near_one_for_separated_tables() -> None:
    rng = np.random.default_rng(1)
    real, syn = rng.normal(size=(80, 3)), rng.normal(loc=4.0, size=(80, 3))
    r = distinguishability_auc(real, syn, n_estimators=25)
    assert r.auc > 0.99 and r.fold_aucs.shape == (5,)


def test_auc_of_copies_is_below_half() -> None:
    """Copies: a row's twin in the training folds carries the *other* label, so the forest is
    systematically wrong (documented in the module notes)."""
    X = np.random.default_rng(2).normal(size=(100, 2))
    r = distinguishability_auc(X, X.copy(), n_estimators=25)
    assert r.auc < 0.5 - 4 * r.null_sd


def test_auc_is_deterministic() -> None:
    rng = np.random.default_rng(3)
    real, syn = rng.normal(size=(40, 2)), rng.normal(size=(30, 2))
    a = distinguishability_auc(real, syn, n_estimators=10, random_state=7)
    b = distinguishability_auc(real, syn, n_estimators=10, random_state=7)
    assert a.auc == b.auc and np.array_equal(a.scores, b.scores)


@pytest.mark.parametrize(
    ("real", "syn", "kwargs", "error"),
    [
        (np.full((10, 2), np.nan), np.zeros((10, 2)), {}, InvalidInput),
        (np.zeros((10, 2)), np.zeros((10, 3)), {}, ShapeMismatch),
        (np.zeros((10, 2)), np.zeros((0, 2)), {}, InvalidInput),
        (np.zeros((10, 2)), np.zeros((4, 2)), {}, TooFewSamples),
        (np.zeros((10, 2)), np.zeros((10, 2)), {"n_splits": 1}, InvalidParameter),
        (np.zeros((10, 2)), np.zeros((10, 2)), {"n_estimators": 0}, InvalidParameter),
        (np.zeros((10, 2)), np.zeros((10, 2)), {"random_state": -1}, InvalidParameter),
    ],
)
def test_auc_named_errors(real: np.ndarray, syn: np.ndarray, kwargs: dict[str, int], error: type[Exception]) -> None:
    with pytest.raises(error):
        distinguishability_auc(real, syn, **kwargs)


def test_f1_real_hand_checked() -> None:
    from refimpl.metrics import DistinguishabilityResult

    r = DistinguishabilityResult(
        auc=0.5, fold_aucs=np.array([0.5]), null_sd=0.1, n_real=2, n_syn=3,
        scores=np.array([0.2, 0.9, 0.5, 0.7, 0.8]),  # real rows: 0.2 (said real), 0.9 (missed)
    )
    # said real: rows 0 and 2 (0.5 ties to real); tp = 1; F1 = 2·1 / (2 + 2)
    assert r.f1_real() == 0.5


def test_f1_real_is_near_zero_when_synthetic_rows_dominate() -> None:
    rng = np.random.default_rng(4)
    r = distinguishability_auc(rng.normal(size=(20, 2)), rng.normal(size=(300, 2)), n_estimators=25)
    assert r.f1_real() < 0.3 and abs(r.auc - 0.5) <= 4 * r.null_sd
