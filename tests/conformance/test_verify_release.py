"""verify under a release model: output written with fewer digits (originals included) conforms
under the right model and is rejected without it (Lemma 6, proofs/06_noisy_tubes.py; Lemma 9,
proofs/09_significant_release.py)."""

from __future__ import annotations

import numpy as np
import pytest

from refimpl.errors import InvalidParameter
from refimpl.validate import verify_smote
from refimpl.validate.release import parse_verify_release, significant_coefficients


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(60, 3)), rng.normal(1.0, 1.0, size=(15, 3)) * 1e3])
    return X, np.r_[np.zeros(60, int), np.ones(15, int)]


def _written(X: np.ndarray, fmt: str) -> np.ndarray:
    """Every value printed with ``fmt`` and read back with float(): what a CSV/ARFF writer does."""
    return np.array([[float(fmt % v) for v in row] for row in X])


def _imblearn(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from imblearn.over_sampling import SMOTE

    out: tuple[np.ndarray, np.ndarray] = SMOTE(random_state=0).fit_resample(X, y)
    return out


@pytest.mark.parametrize(("fmt", "release"), [("%.15g", "significant:15"), ("%.6f", "decimals:6"), ("%.4g", "significant:4")])
def test_imblearn_output_written_with_fewer_digits_conforms_under_its_release(fmt: str, release: str) -> None:
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    X, y = _data()
    Xo, yo = _imblearn(X, y)
    Xw = _written(Xo, fmt)
    assert not verify_smote(X, y, Xw, yo).ok  # the released rows are off the float tube
    rep = verify_smote(X, y, Xw, yo, release=release)
    assert rep.ok, rep.summary()
    assert rep.release == release


def test_release_does_not_excuse_a_wrong_sampler() -> None:
    """A row moved by more than the release radius is still rejected, and so is a changed original."""
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    X, y = _data()
    Xo, yo = _imblearn(X, y)
    Xw = _written(Xo, "%.6f")
    Xw[-1, 0] += 2e-6  # beyond ½·10^-6 plus the tube
    rep = verify_smote(X, y, Xw, yo, release="decimals:6")
    assert [c.status for c in rep.certificates if not c.ok] == ["outside_tube"]
    Xw = _written(Xo, "%.6f")
    Xw[0, 1] += 1e-5
    rep = verify_smote(X, y, Xw, yo, release="decimals:6")
    assert not next(c for c in rep.checks if c.name == "originals_first").ok


def test_r_themis_written_with_15_significant_digits() -> None:
    """R themis output, written as R's write.csv does (15 significant digits)."""
    from bench.wild import themis

    reason = themis.available()
    if reason:
        pytest.skip(f"R themis not installed ({reason}); .ci/run installs r-cran-themis")
    X, y = _data(1)
    out = themis.run_themis_smote(X, y, k=5, seed=1)
    Xw = _written(out.X, "%.15g")
    assert verify_smote(X, y, out.X, out.y).ok
    assert not verify_smote(X, y, Xw, out.y).ok
    assert verify_smote(X, y, Xw, out.y, release="significant:15").ok


@pytest.mark.parametrize("digits", [1, 4, 15, 17])
def test_significant_bound_holds_on_printed_values(digits: int) -> None:
    """Lemma 9 on random magnitudes, subnormals and halfway-looking values."""
    from fractions import Fraction

    rng = np.random.default_rng(digits)
    vals = np.r_[rng.normal(size=200) * 10.0 ** rng.integers(-300, 300, 200), 5e-324, 2.5, 0.125, -1e308, 0.0]
    alpha, beta = significant_coefficients(digits)
    for v in vals.tolist():
        r = float(f"%.{digits}g" % v)
        assert abs(Fraction(r) - Fraction(v)) <= alpha * abs(Fraction(r)) + beta


@pytest.mark.parametrize("spec", ["decimal:6", "significant:x", "significant:0", "gaussian:1e-3", "decimals:-1", "float32:3"])
def test_bad_release_values_raise_a_named_error(spec: str) -> None:
    with pytest.raises(InvalidParameter, match="--release"):
        parse_verify_release(spec)
