"""The external runners (bench/wild): each returns what its tool wrote, originals transferred exactly."""

from __future__ import annotations

import numpy as np
import pytest

from bench.wild import themis, unbalanced, weka


def _data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(30, 3)), rng.normal(size=(8, 3)) + 2.0]) * np.array([1.0, 1e-3, 1e5])
    return X, np.array([0] * 30 + [1] * 8)


@pytest.mark.slow
@pytest.mark.skipif(weka.available() is not None, reason=str(weka.available()))
def test_weka_runner_keeps_originals_first_at_six_decimals() -> None:
    X, y = _data()
    out = weka.run_weka_smote(X, y, k=3, percent=200)
    assert out.X.shape == (38 + 16, 3)
    assert out.y[38:].tolist() == [1] * 16
    # Weka rounds what it writes to 6 decimals (Utils.doubleToString(v, 6)): originals included
    assert np.all(np.abs(out.X[:38] - X) <= 5e-7 * (1 + 1e-9))
    assert np.array_equal(out.X[:38], np.round(X, 6)) or np.abs(out.X[:38] - np.round(X, 6)).max() <= 1e-6


@pytest.mark.slow
@pytest.mark.skipif(themis.available() is not None, reason=str(themis.available()))
def test_themis_runner_transfers_exactly() -> None:
    X, y = _data()
    out = themis.run_themis_smote(X, y, k=3, seed=1)
    assert np.array_equal(out.X[:38].view(np.int64), X.view(np.int64))  # hex floats both ways: bitwise
    assert np.bincount(out.y).tolist() == [30, 30]


@pytest.mark.slow
@pytest.mark.skipif(unbalanced.available() is not None, reason=str(unbalanced.available()))
def test_unbalanced_runner_returns_its_shuffled_sample() -> None:
    X, y = _data()
    out = unbalanced.run_ubsmote(X, y, k=3, perc_over=200, perc_under=200, seed=1)
    assert np.bincount(out.y).tolist() == [32, 24]  # 8 + 2·8 minority, 2·16 majority drawn with replacement
    real = {tuple(r) for r in X.tolist()}
    assert all(tuple(r) in real for r in out.X[out.y == 0].tolist())  # majority rows are real rows, exactly


def test_sv_venv_recipe_has_no_tensorflow() -> None:
    """The smote-variants bench venv installs the package without its declared TensorFlow/keras/mkl/statistics."""
    from bench.wild import sv_venv

    assert sv_venv.SV_PACKAGE == "smote-variants==1.0.1"
    assert not {"tensorflow", "keras", "mkl", "statistics"} & set(sv_venv.SV_RUNTIME)
    assert sv_venv.available() is None or "make sv-venv" in str(sv_venv.available())


@pytest.mark.slow
def test_sv_venv_runs_smote_as_convex() -> None:
    """In the bench venv, smote-variants' SMOTE conforms as convex SMOTE and Borderline_SMOTE1 runs."""
    from bench.wild import sv_venv

    if sv_venv.available() is not None:
        pytest.skip(f"{sv_venv.available()}; it needs the package index once")
    from refimpl.validate.auto import verify_auto

    X, y = _data()
    out = sv_venv.run_variants(("SMOTE", "Borderline_SMOTE1"), X, y)
    assert not isinstance(out["SMOTE"], str) and not isinstance(out["Borderline_SMOTE1"], str)
    Xo, yo = out["SMOTE"]
    found = verify_auto(X, y, Xo, yo, k=5)
    assert found.explanation.startswith("conforms as convex-combination SMOTE"), found.explanation
