"""The rounding tube (Lemma 3, proofs/03_rounding_tube.py): three error models and the attacker widening."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.exact import to_rational
from refimpl.tube import (
    CONVEX_COEFFICIENTS,
    TUBE_MODELS,
    U64,
    LambdaInterval,
    attacker_radius,
    certify,
    coefficients,
    convex_coefficients,
    error_ratio,
    gamma,
    radius,
)

UNIT = st.integers(0, 2**53 - 1).map(lambda m: m / 2**53)  # numpy's uniform()/random_sample() grid


def magnitudes(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats whose magnitude spans [lo, hi] log-uniformly, either sign, plus zero."""
    expo = st.floats(np.log10(lo), np.log10(hi))
    mant = st.floats(1.0, 9.999)
    sign = st.sampled_from([-1.0, 1.0])
    return st.one_of(st.just(0.0), st.builds(lambda s, m, e: s * m * 10.0**e, sign, mant, expo))


def pairs(lo: float, hi: float) -> st.SearchStrategy[list[tuple[float, float]]]:
    """Lists of (x_j, n_j), mixing independent magnitudes with cancellation pairs n ≈ x(1 + t)."""
    cancel = st.builds(lambda a, t: (a, a * (1 + t)), magnitudes(lo, hi), st.floats(-1e-5, 1e-5))
    subn = st.tuples(st.integers(-50, 50), st.integers(-50, 50)).map(lambda p: (p[0] * 5e-324, p[1] * 5e-324))
    indep = st.tuples(magnitudes(lo, hi), magnitudes(lo, hi))
    return st.lists(st.one_of(indep, cancel, subn), min_size=1, max_size=5)


def imblearn_step(x: np.ndarray, n: np.ndarray, lam: float) -> np.ndarray:
    """imbalanced-learn's X[row] + steps * (X[nn] − X[row]), cast back to the input dtype."""
    return (x[np.newaxis, :] + np.array([[lam]]) * (n - x)[np.newaxis, :]).astype(x.dtype)[0]


def smote_variants_step(x: np.ndarray, n: np.ndarray, w_raw: tuple[float, float]) -> np.ndarray:
    """smote-variants' random_samples_from_simplices for one 2-vertex simplex, in float64."""
    weights = np.array([w_raw], dtype=np.float64)
    weights = weights / np.sum(weights, axis=1)[:, None]
    simplex = np.stack([x, n]).astype(np.float64)[np.newaxis, :, :]
    return np.asarray(np.sum(simplex * weights[:, :, None], axis=1)[0])


def exact_lambda(w_raw: tuple[float, float]) -> Fraction:
    return Fraction(w_raw[1]) / (Fraction(w_raw[0]) + Fraction(w_raw[1]))


def exact_point(x: np.ndarray, n: np.ndarray, lam: Fraction) -> list[Fraction]:
    return [to_rational(a) + lam * (to_rational(b) - to_rational(a)) for a, b in zip(x, n, strict=True)]


# --- the three models: error ≤ bound, and the true λ is certified -----------------------


@given(pairs(1e-300, 1e300), UNIT)
@example([(6.0, 1.00001)], 1 - 2**-53)  # cancellation: the result leaves the bounding box
@example([(6.0, 1.00001)], 1.0)  # the formula at λ = 1 (the sampler never draws it)
@example([(5e-324, -5e-324), (2.5e-323, 1e-320)], 0.5)  # subnormals
@example([(1e300, -1e300), (-3e300, 2e300)], 0.75)  # huge magnitudes, no overflow
@example([(1.0, 1.0 + 2**-52)], 0.3)
@example([(0.0, 0.0)], 0.0)
def test_float64_tube(ps: list[tuple[float, float]], lam: float) -> None:
    x = np.array([p[0] for p in ps])
    n = np.array([p[1] for p in ps])
    s_hat = imblearn_step(x, n, lam)
    assume(np.all(np.isfinite(s_hat)))
    assert error_ratio(s_hat, x, n, lam, "float64") <= 1
    iv = certify(s_hat, x, n, "float64")
    assert iv is not None and Fraction(lam) in iv


@given(pairs(1e-44, 1e37), UNIT)
@example([(6.0, 1.00001)], 1 - 2**-53)
@example([(1.4e-45, -1.4e-45), (3e-45, 1e-40)], 0.5)  # float32 subnormals
@example([(3e37, -3e37)], 0.5)
def test_float32_mixed_tube(ps: list[tuple[float, float]], lam: float) -> None:
    x = np.array([p[0] for p in ps], dtype=np.float32)
    n = np.array([p[1] for p in ps], dtype=np.float32)
    assume(np.all(np.isfinite(x)) and np.all(np.isfinite(n)))
    with np.errstate(over="ignore"):
        s_hat = imblearn_step(x, n, lam)
        assume(np.all(np.isfinite(n - x)) and np.all(np.isfinite(s_hat)))
    assert s_hat.dtype == np.float32
    assert error_ratio(s_hat, x, n, lam, "float32-mixed") <= 1
    iv = certify(s_hat, x, n, "float32-mixed")
    assert iv is not None and Fraction(lam) in iv


@given(pairs(1e-300, 1e300), UNIT, UNIT)
@example([(6.0, 1.00001)], 2**-53, 1 - 2**-53)
@example([(5e-324, -5e-324), (1e-310, 3e-320)], 0.25, 0.5)  # subnormal products
@example([(1e300, -1e300), (1.7e308, -1.7e308)], 0.5, 0.5)  # huge: no difference is taken
@example([(1.0, 1.0)], 0.0, 0.7)  # λ = 1 exactly
@example([(-2.0, 3.0)], 0.9, 0.0)  # λ = 0 exactly
def test_convex_tube(ps: list[tuple[float, float]], w0: float, w1: float) -> None:
    assume(w0 + w1 > 0)
    x = np.array([p[0] for p in ps])
    n = np.array([p[1] for p in ps])
    s_hat = smote_variants_step(x, n, (w0, w1))
    assume(np.all(np.isfinite(s_hat)))
    lam = exact_lambda((w0, w1))
    assert error_ratio(s_hat, x, n, lam, "convex") <= 1
    iv = certify(s_hat, x, n, "convex")
    assert iv is not None and lam in iv
    if not np.array_equal(x, n):
        assert iv.lo is not None and iv.hi is not None and 0 <= iv.lo <= iv.hi <= 1


def test_convex_model_is_smote_variants_arithmetic() -> None:
    sv_simplex = pytest.importorskip("smote_variants.base._simplexsampling", reason="smote-variants is the optional conformance extra (it pulls in TensorFlow)")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(12, 4)) * 10.0 ** rng.integers(-3, 3, size=(12, 1))
    simplices = np.array([[i, (i + 5) % 12] for i in range(12)])
    out = sv_simplex.random_samples_from_simplices(X, simplices.copy(), random_state=np.random.RandomState(11))
    w_raw = np.random.RandomState(11).random_sample(simplices.shape)
    for r, (b, nb) in enumerate(simplices):
        mine = smote_variants_step(X[b], X[nb], (float(w_raw[r, 0]), float(w_raw[r, 1])))
        assert np.array_equal(out[r], mine)  # bit for bit
        lam = exact_lambda((float(w_raw[r, 0]), float(w_raw[r, 1])))
        assert error_ratio(out[r], X[b], X[nb], lam, "convex") <= 1


# --- the attacker widening: the parents are unknown, only a range bound -------------------


@pytest.mark.parametrize("model", TUBE_MODELS)
@given(ps=pairs(1e-30, 1e30), a=UNIT, b=UNIT, slack=st.sampled_from([1, 2, 10]))
@example(ps=[(6.0, 1.00001)], a=0.5, b=1 - 2**-53, slack=1)
@example(ps=[(5e-324, -5e-324)], a=0.5, b=0.5, slack=1)
@example(ps=[(1e30, -1e30), (-1e-30, 1e-30)], a=0.1, b=0.9, slack=1)
def test_attacker_radius_contains_the_true_point(
    model: str, ps: list[tuple[float, float]], a: float, b: float, slack: int
) -> None:
    dt = np.float32 if model == "float32-mixed" else np.float64
    x = np.array([p[0] for p in ps], dtype=dt)
    n = np.array([p[1] for p in ps], dtype=dt)
    assume(np.all(np.isfinite(x)) and np.all(np.isfinite(n)))
    with np.errstate(over="ignore"):
        if model == "convex":
            assume(a + b > 0)
            s_hat = smote_variants_step(x, n, (a, b))
            lam = exact_lambda((a, b))
        else:
            s_hat = imblearn_step(x, n, b)
            lam = Fraction(b)
        assume(np.all(np.isfinite(s_hat)) and np.all(np.isfinite(n - x)))
    true = exact_point(x, n, lam)
    ranges = [slack * abs(to_rational(q) - to_rational(p)) for p, q in zip(x, n, strict=True)]
    radii = attacker_radius(s_hat, ranges, model)
    for sj, tj, rj in zip(s_hat, true, radii, strict=True):
        assert abs(to_rational(sj) - tj) <= rj
    if model != "convex":  # the widening only ever enlarges the known-parents tube
        tight = radius(s_hat, x, n, lam, model)
        assert all(t <= w for t, w in zip(tight, radii, strict=True))


def test_attacker_radius_formula() -> None:
    co = coefficients("float64")
    assert attacker_radius([-3.0], [Fraction(5)], "float64") == [co.a * 3 + co.b * (1 + U64) * 5 + co.c]
    g, c = CONVEX_COEFFICIENTS.g, CONVEX_COEFFICIENTS.c
    assert attacker_radius([2.0], [4], "convex") == [(g * (2 + 2) + c) / (1 - g)]
    with pytest.raises(InvalidInput):
        attacker_radius([1.0], [-1.0])
    with pytest.raises(ShapeMismatch):
        attacker_radius([1.0, 2.0], [1.0])
    with pytest.raises(InvalidInput):
        attacker_radius([float("nan")], [1.0])


# --- certify: shape of the answer and mutation checks ------------------------------------


def test_convex_certify_degenerate_and_clipped() -> None:
    x = np.array([1.5, -2.0])
    assert certify(x, x, x, "convex") == LambdaInterval(None, None)
    assert certify(x + 1e-9, x, x, "convex") is None
    s_hat = smote_variants_step(np.array([0.0]), np.array([1.0]), (0.0, 0.5))  # λ = 1 exactly
    iv = certify(s_hat, [0.0], [1.0], "convex")
    assert iv is not None and iv.hi == 1 and Fraction(1) in iv and Fraction(1, 2) not in iv


def test_convex_certify_rejects_a_wrong_lambda_and_an_off_line_point() -> None:
    x, n = np.array([0.0, 0.0]), np.array([1.0, 2.0])
    s_hat = smote_variants_step(x, n, (0.75, 0.25))
    iv = certify(s_hat, x, n, "convex")
    assert iv is not None and Fraction(1, 4) in iv and Fraction(0.2500001) not in iv
    assert certify(s_hat + np.array([0.0, 1e-9]), x, n, "convex") is None
    assert error_ratio(s_hat, x, n, Fraction(0.2500001), "convex") > 1


def test_radius_matches_coefficients() -> None:
    s_hat, x, n = [0.5], [0.0], [1.0]
    co = coefficients("float64")
    assert radius(s_hat, x, n, Fraction(1, 2), "float64") == [co.a * Fraction(1, 2) + co.b + co.c]
    cc = convex_coefficients()
    assert radius(s_hat, x, n, Fraction(1, 2), "convex") == [cc.g * Fraction(1, 2) + cc.c]


def test_gamma_and_model_errors() -> None:
    assert gamma(4) == 4 * U64 / (1 - 4 * U64)
    assert CONVEX_COEFFICIENTS.g == gamma(4)
    with pytest.raises(InvalidParameter):
        gamma(2**53)
    with pytest.raises(InvalidParameter, match="convex_coefficients"):
        coefficients("convex")
    with pytest.raises(InvalidParameter, match="choose one of"):
        certify([0.0], [0.0], [1.0], "float16")
    with pytest.raises(ShapeMismatch):
        certify([0.0, 1.0], [0.0], [1.0], "convex")
    with pytest.raises(InvalidInput):
        certify([float("inf")], [0.0], [1.0], "convex")
