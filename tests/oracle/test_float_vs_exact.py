"""Float SMOTE vs the oracle: every coordinate lies within the derived tube (Lemma 3, proofs/03_rounding_tube.py)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE, replay
from refimpl.exact import to_rational
from refimpl.tube import certify, coefficients, error_ratio

LAMBDA = st.integers(0, 2**53 - 1).map(lambda m: m / 2**53)  # exactly imbalanced-learn's λ grid


def magnitudes(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats whose magnitude spans [lo, hi] log-uniformly, with either sign, plus zero."""
    expo = st.floats(np.log10(lo), np.log10(hi))
    mant = st.floats(1.0, 9.999)
    sign = st.sampled_from([-1.0, 1.0])
    return st.one_of(st.just(0.0), st.builds(lambda s, m, e: s * m * 10.0**e, sign, mant, expo))


def float_step(x: np.ndarray, n: np.ndarray, lam: float) -> np.ndarray:
    """imbalanced-learn's step, X[row] + steps * diffs, in the input dtype."""
    steps = np.array([[lam]])
    return (x[np.newaxis, :] + steps * (n - x)[np.newaxis, :]).astype(x.dtype)[0]


def cancellation_pairs(lo: float, hi: float) -> st.SearchStrategy[tuple[float, float]]:
    """(x, n) with n ≈ x·(1 + tiny) or n ≈ −x: the cases where ulp-counting bounds fail."""
    return st.builds(lambda a, t: (a, a * (1 + t)), magnitudes(lo, hi), st.floats(-1e-5, 1e-5))


@given(
    st.lists(st.one_of(st.tuples(magnitudes(1e-300, 1e300), magnitudes(1e-300, 1e300)), cancellation_pairs(1e-300, 1e300)), min_size=1, max_size=6),
    LAMBDA,
)
@example([(6.0, 1.00001)], 1.0)  # the bounding-box escape: the float result leaves [x, n] (λ = 1 in the formula)
@example([(5e-324, -5e-324), (1e300, -1e300)], 0.5)
@example([(1e-300, 1e-300 * (1 + 1e-12))], 0.7)
@example([(0.0, 0.0)], 0.0)
def test_float64_step_within_tube(pairs: list[tuple[float, float]], lam: float) -> None:
    x = np.array([p[0] for p in pairs])
    n = np.array([p[1] for p in pairs])
    s_hat = float_step(x, n, lam)
    assert error_ratio(s_hat, x, n, lam, "float64") <= 1
    interval = certify(s_hat, x, n, "float64")
    assert interval is not None and Fraction(lam) in interval


@given(
    st.lists(st.one_of(st.tuples(magnitudes(1e-44, 1e37), magnitudes(1e-44, 1e37)), cancellation_pairs(1e-44, 1e37)), min_size=1, max_size=6),
    LAMBDA,
)
@example([(6.0, 1.00001)], 1 - 2**-53)
@example([(1.4e-45, -1.4e-45)], 0.5)  # float32 subnormals
def test_float32_mixed_step_within_tube(pairs: list[tuple[float, float]], lam: float) -> None:
    x = np.array([p[0] for p in pairs], dtype=np.float32)
    n = np.array([p[1] for p in pairs], dtype=np.float32)
    s_hat = float_step(x, n, lam)
    assert s_hat.dtype == np.float32
    assert error_ratio(s_hat, x, n, lam, "float32-mixed") <= 1
    interval = certify(s_hat, x, n, "float32-mixed")
    assert interval is not None and Fraction(lam) in interval


@pytest.mark.parametrize("dtype, model", [(np.float64, "float64"), (np.float32, "float32-mixed")])
@given(seed=st.integers(0, 2**31 - 1), scale_exp=st.integers(-30, 30))
@example(seed=0, scale_exp=-30)
@example(seed=1, scale_exp=30)
def test_smote_runs_within_tube(dtype: type, model: str, seed: int, scale_exp: int) -> None:
    rng = np.random.default_rng(seed)
    X = (rng.normal(size=(24, 3)) * 10.0**scale_exp + rng.normal(size=3) * 10.0**scale_exp * 5).astype(dtype)
    y = np.array([1] * 8 + [0] * 16)
    sm = SMOTE(k_neighbors=3, random_state=seed)
    X_out, _ = sm.fit_resample(X, y)
    exact = replay(sm.provenance_, X, arithmetic="exact")
    prov = sm.provenance_
    for r in range(len(prov)):
        assert error_ratio(X_out[prov.row[r]], X[prov.base[r]], X[prov.neighbour[r]], prov.lam_exact(r), model) <= 1
        # error_ratio agrees with the exact replay: the same exact point
        xb, xn = X[prov.base[r]], X[prov.neighbour[r]]
        lam = prov.lam_exact(r)
        assert all(exact[r, j] == to_rational(xb[j]) + lam * (to_rational(xn[j]) - to_rational(xb[j])) for j in range(X.shape[1]))


def test_a_few_ulps_is_not_enough_under_cancellation() -> None:
    # x = 6, n = 1.00001, λ = 1 (the float formula, not an imbalanced-learn draw, which
    # never reaches 1): the result lands outside the segment's bounding box, yet the
    # tube, which holds for 0 <= λ <= 1, still covers it.
    x, n = np.array([6.0]), np.array([1.00001])
    lam = 1.0
    s_hat = float_step(x, n, lam)
    exact = Fraction(6.0) + Fraction(lam) * (Fraction(1.00001) - Fraction(6.0))
    err = abs(Fraction(s_hat[0]) - exact)
    ulp = Fraction(float(np.spacing(s_hat[0])))
    assert s_hat[0] < 1.00001  # outside [n, x]
    assert err > 0
    co = coefficients("float64")
    # the |d̂| term is what makes the bound cover it
    assert err <= co.a * abs(Fraction(s_hat[0])) + co.b * abs(Fraction(float(n[0] - x[0]))) + co.c
    assert err / ulp < 10  # here a few ulps; the proof shows cases with hundreds


def test_tube_rejects_a_wrong_lambda() -> None:
    # mutation check: a point made with a different λ is not certified for the claimed one
    x, n = np.array([0.0, 0.0]), np.array([1.0, 2.0])
    s_hat = float_step(x, n, 0.25)
    interval = certify(s_hat, x, n)
    assert interval is not None
    assert Fraction(0.25) in interval and Fraction(0.2500001) not in interval
    assert certify(s_hat + np.array([0.0, 1e-9]), x, n) is None  # off the line
