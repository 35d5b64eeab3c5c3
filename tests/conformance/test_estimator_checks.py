"""refimpl.SMOTE passes the estimator checks imbalanced-learn's own SMOTE passes, with the same skips.

imbalanced-learn tests its samplers with four suites (imblearn/tests/test_common.py): its
sampler checks (``parametrize_with_checks``), scikit-learn's checks (through sklearn_compat),
``check_param_validation`` and ``check_dataframe_column_names_consistency``. We run the same
four on ``SMOTE(random_state=42)``, with imbalanced-learn's expected failures for its SMOTE
(none, in 0.14), and check that the two samplers get the same list of checks.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

imblearn = pytest.importorskip("imblearn", reason="the checks compare with imbalanced-learn's own SMOTE")
from imblearn.over_sampling import SMOTE as ImbSMOTE  # noqa: E402
from imblearn.pipeline import make_pipeline  # noqa: E402
from imblearn.utils._test_common.instance_generator import _get_expected_failed_checks  # noqa: E402
from imblearn.utils.estimator_checks import (  # noqa: E402
    check_dataframe_column_names_consistency,
    check_param_validation,
    estimator_checks_generator,
    parametrize_with_checks,
)
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402
from sklearn.utils import estimator_checks as sklearn_checks  # noqa: E402
from sklearn_compat.utils.estimator_checks import (  # noqa: E402
    parametrize_with_checks as parametrize_with_checks_sklearn,
)

from refimpl import SMOTE  # noqa: E402
from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch  # noqa: E402

OURS = SMOTE(random_state=42)
THEIRS = ImbSMOTE(random_state=42)


def expected_failed(_: object) -> dict[str, str]:
    """imbalanced-learn's expected failures for *its* SMOTE: ours may fail no more."""
    return _get_expected_failed_checks(THEIRS)


@parametrize_with_checks([OURS], expected_failed_checks=expected_failed)
def test_imblearn_sampler_checks(estimator, check) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (FutureWarning, UserWarning))
        check(estimator)


@parametrize_with_checks_sklearn([OURS], expected_failed_checks=expected_failed)
def test_sklearn_checks(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


def test_param_validation() -> None:
    check_param_validation("SMOTE", OURS)


def test_dataframe_column_names_consistency() -> None:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        check_dataframe_column_names_consistency("SMOTE", OURS)
    assert not [w for w in record if "was fitted without feature names" in str(w.message)]


def _names(checks: object) -> list[str]:
    out = []
    for _, check in checks:  # type: ignore[attr-defined]
        f = check
        while hasattr(f, "func"):
            f = f.func
        out.append(f.__name__)
    return out


def test_the_same_checks_are_run_as_for_imbalanced_learns_smote() -> None:
    for gen in (estimator_checks_generator, sklearn_checks.estimator_checks_generator):
        ours = _names(gen(OURS, legacy=True, mark=None))
        theirs = _names(gen(THEIRS, legacy=True, mark=None))
        assert ours == theirs and len(ours) >= 15
    assert expected_failed(OURS) == {}  # imbalanced-learn 0.14 expects its SMOTE to pass everything


def _outcomes(estimator: object) -> list[tuple[str, str]]:
    """(check, status) for scikit-learn's check_estimator, then imbalanced-learn's sampler checks, in order."""
    from sklearn.utils._testing import SkipTest

    out = [
        ("sklearn:" + r["check_name"], r["status"])
        for r in sklearn_checks.check_estimator(estimator, on_fail=None, on_skip=None)
    ]
    for est, check in estimator_checks_generator(estimator, legacy=True, mark=None):
        name = _names([(est, check)])[0]
        try:
            check(est)
            status = "passed"
        except SkipTest:
            status = "skipped"
        except Exception as exc:  # recorded, not raised: the comparison below names every difference
            status = f"failed ({type(exc).__name__})"
        out.append(("imblearn:" + name, status))
    return out


@pytest.mark.slow
def test_every_check_has_the_same_outcome_as_for_imbalanced_learns_smote() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = _outcomes(SMOTE(random_state=42)), _outcomes(ImbSMOTE(random_state=42))
    assert ours == theirs
    statuses = [status for _, status in ours]
    # scikit-learn 1.9 / imbalanced-learn 0.14: 41 + 15 checks, one skip (array API without SCIPY_ARRAY_API)
    assert len(ours) >= 50 and statuses.count("passed") >= len(ours) - 2
    assert not [s for s in statuses if s not in ("passed", "skipped")]


@pytest.mark.slow
def test_exact_arithmetic_fails_only_the_float_and_sparse_output_checks_its_docstring_names() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcomes = _outcomes(SMOTE(random_state=42, arithmetic="exact"))
    failed = {name for name, status in outcomes if status.startswith("failed")}
    named = ("pandas", "pandas_sparse", "list", "multiclass_ova", "preserve_dtype")
    assert failed == {f"imblearn:check_samplers_{n}" for n in named}
    assert all(n in (SMOTE.__doc__ or "") for n in named)


# --- the behaviours the issue measured, one by one ------------------------------------------------

X = np.random.RandomState(0).normal(size=(40, 3))
Y = np.array([0] * 30 + [1] * 10)


def test_sparse_csr_and_csc_are_bit_identical_and_keep_their_format() -> None:
    Xs = np.where(np.abs(X) < 0.5, 0.0, X)
    for fmt in ("csr", "csc"):
        Xsp = sparse.csr_matrix(Xs) if fmt == "csr" else sparse.csc_matrix(Xs)
        Xt, yt = ImbSMOTE(random_state=1).fit_resample(Xsp, Y)
        Xo, yo = SMOTE(random_state=1).fit_resample(Xsp, Y)
        assert Xo.format == Xt.format == fmt
        assert Xo.toarray().tobytes() == Xt.toarray().tobytes() and np.array_equal(yo, yt)


def test_sparse_input_is_refused_by_exact_arithmetic_with_a_named_error() -> None:
    with pytest.raises(InvalidInput, match=r"toarray\(\)"):
        SMOTE(arithmetic="exact").fit_resample(sparse.csr_matrix(X), Y)
    with pytest.raises(InvalidInput, match="sparse matrix"):
        from refimpl.input_checks import as_feature_array

        as_feature_array(sparse.csr_matrix(X))


def test_one_column_dataframe_y_comes_back_as_a_dataframe() -> None:
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    y = pd.DataFrame({"label": Y})
    Xt, yt = ImbSMOTE(random_state=0).fit_resample(frame, y)
    Xo, yo = SMOTE(random_state=0).fit_resample(frame, y)
    assert isinstance(yo, pd.DataFrame) and list(yo.columns) == ["label"]
    pd.testing.assert_frame_equal(yo, yt)
    pd.testing.assert_frame_equal(Xo, Xt, check_exact=True)


def test_one_hot_y_comes_back_one_hot() -> None:
    y3 = np.array([0] * 20 + [1] * 12 + [2] * 8)
    onehot = np.eye(3, dtype=np.int64)[y3]
    Xt, yt = ImbSMOTE(random_state=0).fit_resample(X, onehot)
    Xo, yo = SMOTE(random_state=0).fit_resample(X, onehot)
    assert yo.shape == yt.shape and np.array_equal(yo, yt) and Xo.tobytes() == Xt.tobytes()
    with pytest.raises(ShapeMismatch, match="exactly one 1 per row"):
        SMOTE().fit_resample(X, np.ones((40, 2), dtype=np.int64))


def test_nested_parameters_reach_the_neighbour_object() -> None:
    sm = SMOTE(k_neighbors=NearestNeighbors(n_neighbors=4), random_state=0)
    sm.set_params(k_neighbors__n_neighbors=3)
    assert sm.get_params()["k_neighbors__n_neighbors"] == 3
    imb = ImbSMOTE(k_neighbors=NearestNeighbors(n_neighbors=3), random_state=0)
    assert sm.fit_resample(X, Y)[0].tobytes() == imb.fit_resample(X, Y)[0].tobytes()
    with pytest.raises(ValueError, match="Invalid parameter"):
        SMOTE().set_params(neighbours=3)


def test_feature_names_and_counts_are_recorded() -> None:
    sm = SMOTE(random_state=0)
    sm.fit_resample(pd.DataFrame(X, columns=["a", "b", "c"]), Y)
    assert sm.n_features_in_ == 3 and list(sm.feature_names_in_) == ["a", "b", "c"]
    sm.fit_resample(X, Y)
    assert sm.n_features_in_ == 3 and not hasattr(sm, "feature_names_in_")
    assert list(sm.get_feature_names_out()) == ["x0", "x1", "x2"]
    # fit alone sets them too, as imbalanced-learn's fit does
    frame = pd.DataFrame(X[:, :2], columns=["p", "q"])
    ours, theirs = SMOTE().fit(frame, Y), ImbSMOTE().fit(frame, Y)
    assert ours.n_features_in_ == theirs.n_features_in_ == 2
    assert list(ours.feature_names_in_) == list(theirs.feature_names_in_) == ["p", "q"]
    assert dict(ours.sampling_strategy_) == dict(theirs.sampling_strategy_) == {1: 20}


def test_repr_and_html_repr_are_scikit_learns() -> None:
    sm = SMOTE(k_neighbors=3, arithmetic="exact")
    assert repr(sm) == "SMOTE(arithmetic='exact', k_neighbors=3)"
    html = sm._repr_html_()
    assert "SMOTE" in html and "<style" in html
    for params in ({"k_neighbors": 3}, {"k_neighbors": NearestNeighbors(n_neighbors=4), "random_state": 0}, {}):
        assert repr(SMOTE(**params)) == repr(ImbSMOTE(**params))  # type: ignore[arg-type]
    fitted = SMOTE(random_state=0)
    fitted.fit_resample(X, Y)
    assert "SMOTE" in fitted._repr_html_() and set(fitted._repr_mimebundle_()) == {"text/plain", "text/html"}


def test_integer_like_float_counts_and_generators_are_refused() -> None:
    with pytest.raises(InvalidParameter, match="not an integer"):
        SMOTE(sampling_strategy={1: 25.5}).fit_resample(X, Y)
    with pytest.raises(InvalidParameter, match=r"numpy\.random\.Generator"):
        SMOTE(random_state=np.random.default_rng(0)).fit_resample(X, Y)
    # imbalanced-learn refuses both too, with raw errors
    with pytest.raises((TypeError, ValueError)):
        ImbSMOTE(sampling_strategy={1: 25.5}).fit_resample(X, Y)
    with pytest.raises(ValueError):
        ImbSMOTE(random_state=np.random.default_rng(0)).fit_resample(X, Y)


def test_works_in_an_imbalanced_learn_pipeline_and_keeps_provenance() -> None:
    pipe = make_pipeline(SMOTE(random_state=0), LogisticRegression())
    pipe.fit(X, Y)
    sm = pipe.steps[0][1]
    assert len(sm.provenance_) == 20 and pipe.predict(X).shape == (40,)
