"""Lemma 1 on the oracle: exact SMOTE points are x + λ(n − x), strictly inside for 0 < λ < 1."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE, replay
from refimpl.exact import exact_knn, exact_knn_ties, squared_distance, strictly_between, to_matrix
from refimpl.provenance import LAMBDA_DENOMINATOR


class ZeroStepRandomState(np.random.RandomState):
    """A RandomState whose uniform() returns 0: forces λ = 0, which imbalanced-learn can draw."""

    def uniform(self, low=0.0, high=1.0, size=None):  # type: ignore[no-untyped-def,override]
        return np.zeros(size)


def datasets(min_minority: int = 3) -> st.SearchStrategy:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int]:
        d = draw(st.integers(1, 4))
        n_min = draw(st.integers(min_minority, 9))
        n_maj = draw(st.integers(n_min + 1, 14))
        k = draw(st.integers(1, n_min - 1))
        vals = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
        X = np.array(draw(st.lists(st.lists(vals, min_size=d, max_size=d), min_size=n_min + n_maj, max_size=n_min + n_maj)))
        y = np.array([1] * n_min + [0] * n_maj)
        return X, y, k

    return build()


@given(datasets(), st.integers(0, 2**31 - 1))
@example((np.array([[0.0], [1.0], [2.0], [0.5], [3.0], [4.0], [5.0], [6.0]]), np.array([1, 1, 1, 0, 0, 0, 0, 0]), 2), 0)
def test_exact_points_are_interpolants(data: tuple[np.ndarray, np.ndarray, int], seed: int) -> None:
    X, y, k = data
    sm = SMOTE(k_neighbors=k, random_state=seed, arithmetic="exact")
    X_out, y_out = sm.fit_resample(X, y)
    Xq = to_matrix(X)
    prov = sm.provenance_
    assert X_out.shape[0] == X.shape[0] + len(prov)
    assert np.array_equal(y_out[: len(y)], y)
    for r in range(len(prov)):
        x, n = Xq[prov.base[r]], Xq[prov.neighbour[r]]
        lam = prov.lam_exact(r)
        assert 0 <= lam < 1 and lam.denominator <= LAMBDA_DENOMINATOR
        s = tuple(X_out[prov.row[r]])
        assert s == tuple(xi + lam * (ni - xi) for xi, ni in zip(x, n, strict=True))
        if 0 < lam < 1 and x != n:
            assert strictly_between(s, x, n)
        # the neighbour really is among the exact k nearest of the base (same class)
        assert y[prov.neighbour[r]] == y[prov.base[r]] == prov.klass[r]


def test_lambda_zero_gives_a_copy_of_the_base() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 3))
    y = np.array([1] * 6 + [0] * 14)
    sm = SMOTE(k_neighbors=3, random_state=ZeroStepRandomState(0), arithmetic="exact")
    X_out, _ = sm.fit_resample(X, y)
    Xq = to_matrix(X)
    for r in range(len(sm.provenance_)):
        assert sm.provenance_.lam_exact(r) == 0
        assert tuple(X_out[sm.provenance_.row[r]]) == Xq[sm.provenance_.base[r]]
        assert not strictly_between(tuple(X_out[sm.provenance_.row[r]]), Xq[sm.provenance_.base[r]], Xq[sm.provenance_.neighbour[r]])


def test_exact_and_float_runs_share_the_draws() -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 2))
    y = np.array([1] * 10 + [0] * 30)
    fl = SMOTE(random_state=7)
    ex = SMOTE(random_state=7, arithmetic="exact")
    fl.fit_resample(X, y)
    ex.fit_resample(X, y)
    assert np.array_equal(fl.provenance_.base, ex.provenance_.base)
    assert np.array_equal(fl.provenance_.lam_numerator, ex.provenance_.lam_numerator)


def test_replay_reproduces_both_arithmetics() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 4))
    y = np.array([1] * 8 + [0] * 22)
    fl = SMOTE(random_state=5)
    X_f, _ = fl.fit_resample(X, y)
    assert replay(fl.provenance_, X).tobytes() == X_f[len(X):].tobytes()
    ex = SMOTE(random_state=5, arithmetic="exact")
    X_e, _ = ex.fit_resample(X, y)
    assert (replay(ex.provenance_, X, arithmetic="exact") == X_e[len(X):]).all()


def test_provenance_frame_round_trips_exactly() -> None:
    rng = np.random.default_rng(4)
    X = rng.normal(size=(30, 2))
    y = np.array([1] * 8 + [0] * 22)
    sm = SMOTE(random_state=1)
    sm.fit_resample(X, y)
    from refimpl.provenance import Provenance

    back = Provenance.from_frame(sm.provenance_.to_frame())
    assert back.lambdas_exact() == sm.provenance_.lambdas_exact()
    assert np.array_equal(back.lam_float, sm.provenance_.lam_float)
    assert all(Fraction(f) == q for f, q in zip(back.lam_float, back.lambdas_exact(), strict=True))


# --- exact kNN ----------------------------------------------------------------------------


@given(st.lists(st.lists(st.integers(-3, 3), min_size=2, max_size=2), min_size=3, max_size=10), st.integers(1, 4))
@example([[0, 0], [0, 0], [1, 0], [0, 1]], 2)  # a duplicate comes first, self never appears
@example([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]], 2)  # a four-way tie broken by index
def test_exact_knn_contract(raw: list[list[int]], k: int) -> None:
    k = min(k, len(raw) - 1)
    rows = to_matrix(np.array(raw, dtype=float))
    nn = exact_knn(rows, k)
    ties = exact_knn_ties(rows, k)
    for i, row in enumerate(nn):
        assert i not in row and len(row) == k
        keys = [(squared_distance(rows[i], rows[j]), j) for j in row]
        assert keys == sorted(keys)  # ascending (d², index)
        others = [j for j in range(len(rows)) if j != i and j not in row]
        # nobody left out is strictly closer, nor equally close with a smaller index
        assert all((squared_distance(rows[i], rows[j]), j) > keys[-1] for j in others)
        assert set(row) <= set(ties[i])
        assert all(squared_distance(rows[i], rows[j]) <= keys[-1][0] for j in ties[i])


def test_exact_knn_too_few_rows_and_bad_k() -> None:
    from refimpl.errors import InvalidParameter, TooFewSamples

    rows = to_matrix(np.zeros((3, 2)))
    for fn in (exact_knn, exact_knn_ties):
        with pytest.raises(TooFewSamples):
            fn(rows, 3)
        with pytest.raises(InvalidParameter):
            fn(rows, 0)  # k = 0 used to return every row from exact_knn_ties
