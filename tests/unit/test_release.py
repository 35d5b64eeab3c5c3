"""Release error models (Lemma 6(a), proofs/06_noisy_tubes.py): every radius holds exactly on
the floats a release produces, the parser refuses what it cannot read, and the helpers
(`apply_release`, `estimate_scale`, `false_positive_bound`) do what they say."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.errors import InvalidInput, InvalidParameter
from refimpl.kernels import make_kernel
from refimpl.release import (
    ReleaseModel,
    apply_release,
    decimals_coefficients,
    estimate_scale,
    false_positive_bound,
    parse_release,
    printed_decimals_coefficients,
    weka_decimals_coefficients,
    weka_double_to_string,
)

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30)


@given(x=finite, p=st.integers(0, 20))
@example(x=0.5, p=0)  # a tie: rounds to even, the error is exactly ½·10^-p
@example(x=2.5, p=0)
@example(x=5e-324, p=6)  # subnormal input
@example(x=-1.0000005, p=6)
@example(x=1e30, p=20)  # |x|·10^p large but finite
@example(x=0.1 + 0.2, p=1)
def test_decimals_radius_holds_exactly(x: float, p: int) -> None:
    model = parse_release(f"decimals:{p}")
    for r in (float(np.round(x, p)), float(f"{x:.{p}f}")):
        if not np.isfinite(r):
            continue  # numpy.round overflowed: inf, which the attacks refuse
        assert abs(Fraction(r) - Fraction(x)) <= model.radius(r)


@given(x=st.floats(allow_nan=False, allow_infinity=False, min_value=-3e38, max_value=3e38))
@example(x=1e-45)  # float32 subnormal
@example(x=1.0 + 2.0**-30)
@example(x=-3.3e38)
def test_float32_radius_holds_exactly(x: float) -> None:
    r = float(np.float32(x))
    assert abs(Fraction(r) - Fraction(x)) <= parse_release("float32").radius(r)


@given(x=st.floats(-1, 1), e=st.floats(-1, 1), eps=st.sampled_from([1e-10, 1e-5, 1e-1]))
@example(x=1.0, e=1.0, eps=1e-1)
@example(x=-1.0, e=-1.0, eps=1e-10)
def test_uniform_radius_holds_exactly(x: float, e: float, eps: float) -> None:
    r = x + e * eps  # the release: one float addition of noise within [−ε, ε]
    assert abs(Fraction(r) - Fraction(x)) <= parse_release(f"uniform:{eps}").radius(r)


def test_radius_up_is_at_least_the_exact_radius() -> None:
    X = np.array([[0.0, 1.0, -3.5e10], [5e-324, -1e-300, 0.25]])
    for spec in ("decimals:6", "float32", "uniform:1e-5", "gaussian:1e-4"):
        m = parse_release(spec)
        up = m.radius_up(X)
        for i in range(2):
            for j in range(3):
                assert Fraction(float(up[i, j])) >= m.radius(float(X[i, j]), d=3)


@pytest.mark.parametrize(
    "spec, kind, guarantee",
    [
        ("none", "none", "certified"),
        ("decimals:6", "decimals", "certified"),
        ("float32", "float32", "certified"),
        ("uniform:1e-5", "uniform", "certified"),
        ("gaussian:1e-4", "gaussian", "statistical"),
        ("gaussian:1e-4:1e-6", "gaussian", "statistical"),
        ("unknown", "unknown", "statistical"),
        (" Decimals:3 ", "decimals", "certified"),
    ],
)
def test_parse_release(spec: str, kind: str, guarantee: str) -> None:
    m = parse_release(spec)
    assert m.kind == kind and m.guarantee == guarantee
    assert parse_release(m) is m


@pytest.mark.parametrize(
    "spec",
    ["decimal:6", "decimals", "decimals:x", "decimals:1.5", "decimals:-1", "decimals:400", "float32:2",
     "uniform:-1", "uniform:nan", "gaussian:1e-4:2", "gaussian:1:2:3", "unknown:1", "noise"],
)
def test_parse_release_refuses_with_a_named_error(spec: str) -> None:
    with pytest.raises(InvalidParameter):
        parse_release(spec)


def test_unknown_needs_an_estimate_before_any_radius() -> None:
    with pytest.raises(InvalidParameter, match="estimate"):
        parse_release("unknown").radius(1.0)


def test_gaussian_z_grows_as_the_rate_falls() -> None:
    loose, strict = ReleaseModel("gaussian", 1.0, false_rejection=1e-2), ReleaseModel("gaussian", 1.0, false_rejection=1e-9)
    assert 2 < loose.z(5) < strict.z(5) < 8


def test_exact_kernel_refuses_a_release() -> None:
    X = np.random.default_rng(0).normal(size=(6, 2))
    with pytest.raises(InvalidParameter, match="no tube"):
        make_kernel("exact", X, release="decimals:6")
    assert make_kernel("fast", X, release="decimals:6").release.kind == "decimals"  # type: ignore[attr-defined]


def test_apply_release_models() -> None:
    X = np.random.default_rng(1).uniform(-1, 1, size=(50, 3))
    assert (apply_release(X, "decimals:2") == np.round(X, 2)).all()
    assert (apply_release(X, "float32") == X.astype(np.float32)).all()
    U = apply_release(X, "uniform:1e-3", seed=4)
    assert 0 < np.abs(U - X).max() <= 1e-3 * (1 + 1e-12)
    assert (apply_release(X, "none") == X).all()


def test_estimate_scale_refuses_data_with_no_collinear_rows() -> None:
    with pytest.raises(InvalidInput):
        estimate_scale(np.array([[0.0, 1.0], [2.0, 3.0]]))  # two rows: no segment to lie on


def test_false_positive_bound_shape() -> None:
    # grows with the width like w^(d−1) once the cone term dominates, vanishes at w = 0
    assert false_positive_bound(0.0, 5, 24, 0.1) == 0.0
    a, b = false_positive_bound(1e-6, 5, 24, 0.1), false_positive_bound(1e-5, 5, 24, 0.1)
    assert 0 < a < b and abs(np.log10(b / a) - 4) < 0.01
    assert false_positive_bound(1e-3, 1, 24, 0.1) == 24 * 24 / 2  # on a line there is no protection


def test_expected_false_witnesses_is_the_sum_of_the_per_row_bounds() -> None:
    from scipy.spatial import cKDTree

    from refimpl.release import expected_false_witnesses

    X = np.random.default_rng(7).uniform(-1, 1, size=(60, 3))
    rho = np.full_like(X, 2e-3)
    rho[::7] = 8e-3  # wider tubes on some rows: the crowded rows reach the cap of 1
    m = 10
    dist, _ = cKDTree(X).query(X, k=m + 1)
    width = rho.max(axis=1) + rho.max()
    raw = [false_positive_bound(w, 3, m, r) for w, r in zip(width, dist[:, -1], strict=True)]
    assert min(raw) < 1 < max(raw)  # both the capped and the uncapped rows are exercised
    expected = sum(min(1.0, b) for b in raw)
    assert expected_false_witnesses(X, rho, m) == pytest.approx(expected, rel=1e-12)


@given(x=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20), p=st.integers(0, 22))
@example(x=4527936169.694983, p=6)  # Weka's two roundings: outside numpy's decimals:6 bound, inside Lemma 11(a)
@example(x=4.9999995e-7, p=6)  # prints 0: the gap is almost exactly ½·10^-6
@example(x=(2**52 + 1) / 1e6, p=6)  # |x|·10^6 past 2^52: fl(|y| + ½) moves a whole unit
@example(x=-2.0000005, p=6)  # a negative halfway case
@example(x=1e13, p=6)  # |x|·10^6 ≥ 2^63: Double.toString, read back exactly
@example(x=5e-324, p=6)
def test_weka_writer_radius_holds_exactly(x: float, p: int) -> None:
    """Weka's doubleToString then a correct read stays within Lemma 11(a), and so within decimals:p (proofs/11_box_error.py)."""
    r = float(weka_double_to_string(x, p))
    alpha, beta = weka_decimals_coefficients(p)
    gap = abs(Fraction(r) - Fraction(x))
    assert gap <= alpha * abs(Fraction(r)) + beta
    assert gap <= parse_release(f"decimals:{p}").radius(r)


def test_decimals_radius_is_the_union_of_numpy_and_weka() -> None:
    """decimals:6 takes the larger α and β; numpy's α alone misses the pinned Weka value (Lemma 11(a))."""
    (an, bn), (aw, bw) = decimals_coefficients(6), weka_decimals_coefficients(6)
    assert printed_decimals_coefficients(6) == (max(an, aw), max(bn, bw)) == parse_release("decimals:6").coefficients()
    assert aw > an
    assert printed_decimals_coefficients(40) == decimals_coefficients(40)  # beyond Weka's exact 10^p
    x = 4527936169.694983
    r = float(weka_double_to_string(x))
    assert abs(Fraction(r) - Fraction(x)) > an * abs(Fraction(r)) + bn
    assert weka_double_to_string(-0.0000015) == "-0.000002" and weka_double_to_string(1.5) == "1.5"
    assert weka_double_to_string(2.0) == "2" and weka_double_to_string(1e-7) == "0"
    with pytest.raises(InvalidParameter):
        weka_decimals_coefficients(23)
