"""Lemma 6(c)'s per-row rates (`refimpl.release.false_witness_rates`), screened by an approximate
neighbour search: every value is ≥ the exact-reach rate, equal to it above the screen, so the
decisions DistinSMOTE takes on them (rate > FALSE_WITNESS_RATE ≥ screen) are the exact ones."""

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl.attacks.assumptions import FALSE_WITNESS_RATE
from refimpl.knn_eps import kth_distance_lower, search_eps
from refimpl.release import false_witness_rates


def _cloud(seed: int, n: int, d: int, offset: float, spread: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return offset + spread * rng.normal(size=(n, d))


@settings(deadline=None)
@given(
    seed=st.integers(0, 2**16),
    n=st.integers(20, 120),
    d=st.integers(8, 12),
    offset=st.sampled_from([0.0, 1e4, 1e8, 1e12]),
    width=st.sampled_from([0.0, 1e-16, 1e-6, 1e-3, 0.3]),
    screen=st.sampled_from([0.0, 1e-12, FALSE_WITNESS_RATE / 100, FALSE_WITNESS_RATE]),
)
@example(seed=0, n=60, d=10, offset=1e8, width=1e-3, screen=FALSE_WITNESS_RATE / 60)  # many rows near the cut
@example(seed=1, n=30, d=8, offset=0.0, width=0.3, screen=0.0)  # wide tube: every rate 1
@example(seed=2, n=40, d=9, offset=0.0, width=0.0, screen=FALSE_WITNESS_RATE)  # no tube: every rate 0
def test_screened_rates_bound_the_exact_ones_and_keep_every_decision(
    seed: int, n: int, d: int, offset: float, width: float, screen: float
) -> None:
    X = _cloud(seed, n, d, offset, 1e-2)
    assert search_eps(n, d) > 0  # the screen is in play: 2^d > n
    rho = np.full((n, d), width)
    exact = false_witness_rates(X, rho, 8)
    screened = false_witness_rates(X, rho, 8, screen=screen)
    assert np.all(screened >= exact)
    above = screened > screen
    assert np.array_equal(screened[above], exact[above])
    for t in (screen, FALSE_WITNESS_RATE, 0.5):
        if t >= screen:
            assert np.array_equal(screened > t, exact > t)


def test_a_row_with_a_duplicate_m_th_neighbour_gets_rate_one_under_the_screen() -> None:
    # 9 copies of one row: its 8th nearest row is at distance 0 (reach 0 -> rate 1, Lemma 6(c)'s cap)
    X = np.vstack([np.zeros((9, 10)), _cloud(3, 40, 10, 5.0, 1.0)])
    rho = np.full(X.shape, 1e-16)
    r = false_witness_rates(X, rho, 8, screen=FALSE_WITNESS_RATE)
    assert np.all(r[:9] == 1.0)
    assert np.all(r[9:] < FALSE_WITNESS_RATE)


def test_the_lower_reach_is_below_the_exact_reach_and_zero_stays_zero() -> None:
    from scipy.spatial import cKDTree

    X = _cloud(4, 500, 16, 0.0, 1.0)
    tree = cKDTree(X)
    eps = search_eps(len(X), X.shape[1])
    approx = tree.query(X, k=9, eps=eps)[0][:, -1]
    exact = tree.query(X, k=9)[0][:, -1]
    lower = kth_distance_lower(approx, eps)
    assert np.all(lower <= exact) and np.all(lower > 0)
    assert kth_distance_lower(np.zeros(3), eps).tolist() == [0.0, 0.0, 0.0]
    assert kth_distance_lower(exact, 0.0) is exact  # an exact search's distance is kept


@settings(deadline=None)
@given(
    seed=st.integers(0, 2**16),
    offset=st.sampled_from([0.0, 1e8, 1e12]),
    width=st.sampled_from([1e-16, 1e-6, 1e-3]),
)
@example(seed=5, offset=1e8, width=1e-3)  # rates near the cut: the hint's rows go to the exact search
@example(seed=6, offset=0.0, width=1e-16)  # every rate far below the screen
def test_a_reach_hint_from_any_search_keeps_every_decision(seed: int, offset: float, width: float) -> None:
    from scipy.spatial import cKDTree

    X = _cloud(seed, 80, 10, offset, 1e-2)
    rho = np.full(X.shape, width)
    exact = false_witness_rates(X, rho, 8)
    tree = cKDTree(X)
    for eps in (0.0, search_eps(len(X), X.shape[1])):  # an exact and an approximate search's 8th neighbour
        hint = tree.query(X, k=9, eps=eps)[0][:, -1]
        hinted = false_witness_rates(X, rho, 8, screen=FALSE_WITNESS_RATE / len(X), reach_hint=hint)
        assert np.all(hinted >= exact)
        assert np.array_equal(hinted > FALSE_WITNESS_RATE, exact > FALSE_WITNESS_RATE)


@settings(deadline=None)
@given(seed=st.integers(0, 2**16), offset=st.sampled_from([0.0, 1e8]), width=st.sampled_from([1e-6, 1e-3]))
@example(seed=7, offset=1e8, width=1e-3)  # rates near the cut
@example(seed=8, offset=0.0, width=1e-6)
def test_an_exact_searchs_hint_is_the_reach_itself(seed: int, offset: float, width: float) -> None:
    """Where the search is exact (search_eps = 0), the hint is R: no second search, the same rates."""
    from scipy.spatial import cKDTree

    X = _cloud(seed, 300, 3, offset, 1e-2)
    assert search_eps(len(X), X.shape[1]) == 0.0
    rho = np.full(X.shape, width)
    hint = cKDTree(X).query(X, k=9)[0][:, -1]  # the 8th other row of an exact search
    exact = false_witness_rates(X, rho, 8)
    assert np.array_equal(false_witness_rates(X, rho, 8, reach_hint=hint), exact)


def test_an_exact_searchs_hint_is_read() -> None:
    """Mutation check: a smaller exact hint gives larger rates (none is capped at 1 here)."""
    from scipy.spatial import cKDTree

    X = _cloud(9, 300, 3, 0.0, 1e-2)
    rho = np.full(X.shape, 1e-6)
    hint = cKDTree(X).query(X, k=9)[0][:, -1]
    exact = false_witness_rates(X, rho, 8, reach_hint=hint)
    smaller = false_witness_rates(X, rho, 8, reach_hint=hint / 2)
    assert np.all(exact < 1) and np.all(smaller > exact)
