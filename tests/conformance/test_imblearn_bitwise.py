"""refimpl.SMOTE(arithmetic="float64") is imbalanced-learn's SMOTE bit for bit.

Covers binary and multi-class targets, float64/float32/int features, pandas in and out, sparse CSR,
exact duplicates, tiny classes (k = class size − 1), every sampling_strategy form, int and
RandomState seeds, and k_neighbors given as a NearestNeighbors object. The last test
asserts how many generated cases really ran (at least 200 per CI run).
"""

import warnings
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy import sparse

imblearn = pytest.importorskip("imblearn", reason="imbalanced-learn is the reference this file compares against")
from imblearn.over_sampling import SMOTE as ImbSMOTE  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

from refimpl import SMOTE  # noqa: E402
from refimpl.errors import RefimplError  # noqa: E402

CASES: Counter[str] = Counter()



@st.composite
def cases(draw: st.DrawFn) -> dict:
    n_classes = draw(st.integers(2, 4))
    k = draw(st.integers(1, 5))
    counts = [draw(st.integers(k + 1, k + 12)) for _ in range(n_classes)]
    d = draw(st.integers(1, 5))
    dtype = draw(st.sampled_from(["float64", "float32", "int64"]))
    n = sum(counts)
    if dtype == "int64":
        X = np.array(draw(st.lists(st.lists(st.integers(-50, 50), min_size=d, max_size=d), min_size=n, max_size=n)), dtype=np.int64)
    else:
        scale = draw(st.sampled_from([1e-8, 1.0, 1e6]))
        X = (np.array(draw(st.lists(st.lists(st.floats(-1, 1), min_size=d, max_size=d), min_size=n, max_size=n))) * scale).astype(dtype)
    if draw(st.booleans()):  # exact duplicates inside a class
        i = draw(st.integers(0, counts[0] - 2))
        X[i + 1] = X[i]
    labels = draw(st.sampled_from([[0, 1, 2, 3], ["a", "b", "c", "d"], [10, -1, 7, 3]]))[:n_classes]
    y = np.concatenate([np.full(c, lab) for c, lab in zip(counts, labels, strict=True)])
    perm = np.array(draw(st.permutations(range(n))))
    X, y = X[perm], y[perm]
    stats = dict(zip(*np.unique(y, return_counts=True), strict=True))
    forms = ["auto", "minority", "not minority", "not majority", "all", "dict", "callable"]
    if n_classes == 2:
        forms.append("float")
    form = draw(st.sampled_from(forms))
    n_major = max(stats.values())
    if form == "dict":
        strategy: object = {c: int(v) + draw(st.integers(0, 10)) for c, v in stats.items() if draw(st.booleans())} or {labels[0]: int(stats[labels[0]]) + 3}
    elif form == "callable":
        def strategy(yy: np.ndarray) -> dict:
            return {c: int(n_major) for c in stats}
    elif form == "float":
        n_minor = min(stats.values())
        lo = (n_minor + 1) / n_major
        strategy = draw(st.floats(min(lo, 1.0), 1.0)) if lo <= 1 else 1.0
    else:
        strategy = form
    seed_kind = draw(st.sampled_from(["int", "randomstate"]))
    seed = draw(st.integers(0, 2**31 - 1))
    pandas = draw(st.booleans())
    return {"X": X, "y": y, "k": k, "strategy": strategy, "form": form, "dtype": dtype,
            "seed": seed, "seed_kind": seed_kind, "pandas": pandas,
            "sparse": dtype != "int64" and not pandas and draw(st.booleans()),
            "nn_object": draw(st.booleans()) and n_classes == 2, "d": d}


def run_both(case: dict) -> tuple[tuple, tuple] | None:
    X, y = case["X"], case["y"]
    if case["pandas"]:
        X = pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])])
        y = pd.Series(y, name="target")
    if case.get("sparse"):
        X = sparse.csr_matrix(np.where(np.abs(X) < 0.3 * np.abs(X).max(initial=0), 0, X))  # some stored zeros gone

    def seed() -> object:
        return np.random.RandomState(case["seed"]) if case["seed_kind"] == "randomstate" else case["seed"]

    k = NearestNeighbors(n_neighbors=case["k"] + 1) if case["nn_object"] else case["k"]
    try:
        theirs = ImbSMOTE(k_neighbors=k, sampling_strategy=case["strategy"], random_state=seed()).fit_resample(X, y)
    except ValueError:
        # where imbalanced-learn refuses, we must refuse too, with a named error
        with pytest.raises(RefimplError), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            SMOTE(k_neighbors=k, sampling_strategy=case["strategy"], random_state=seed()).fit_resample(X, y)
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = SMOTE(k_neighbors=k, sampling_strategy=case["strategy"], random_state=seed()).fit_resample(X, y)
    return theirs, ours


def assert_identical(theirs: tuple, ours: tuple) -> None:
    (Xt, yt), (Xo, yo) = theirs, ours
    assert type(Xt) is type(Xo) and type(yt) is type(yo)
    if sparse.issparse(Xt):
        assert Xt.format == Xo.format and Xt.dtype == Xo.dtype
        Xt, Xo = Xt.tocsr(), Xo.tocsr()
        Xt.sort_indices()
        Xo.sort_indices()
        # the same stored entries (explicit zeros included), bit for bit
        assert np.array_equal(Xt.indptr, Xo.indptr) and np.array_equal(Xt.indices, Xo.indices)
        assert Xt.data.tobytes() == Xo.data.tobytes()
        Xt, Xo = Xt.toarray(), Xo.toarray()
    if isinstance(Xt, pd.DataFrame):
        pd.testing.assert_frame_equal(Xt, Xo, check_exact=True)
        pd.testing.assert_series_equal(yt, yo, check_exact=True)
        Xt, Xo, yt, yo = Xt.to_numpy(), Xo.to_numpy(), yt.to_numpy(), yo.to_numpy()
    assert Xt.dtype == Xo.dtype and Xt.shape == Xo.shape
    assert Xt.tobytes() == Xo.tobytes()  # bit for bit, including -0.0 and NaN payloads
    assert yt.dtype == yo.dtype and np.array_equal(yt, yo)


PINNED = {  # sparse float32 with a duplicate row, 3 classes, a dict strategy
    "X": np.array([[0, 1], [0, 1], [2, 0], [0, 3], [1, 1], [5, 0], [6, 0], [5, 5], [0, 7], [7, 7], [8, 0], [0, 9]], dtype=np.float32),
    "y": np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]),
    "k": 2, "strategy": {0: 9, 2: 6}, "form": "dict", "dtype": "float32", "seed": 3, "seed_kind": "int",
    "pandas": False, "sparse": True, "nn_object": False, "d": 2,
}


@pytest.fixture(scope="module")
def case_census() -> Iterator[Counter[str]]:
    """After the property test: the conformance claim is about >= 200 compared cases.

    A teardown, not a separate test, so that it runs in the same process as the property
    test whatever the order or the pytest-xdist worker.
    """
    yield CASES
    assert CASES["total"] >= 200, CASES
    print(dict(CASES))


@settings(max_examples=240, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@example(case=PINNED)
@given(case=cases())
def test_bit_for_bit_against_imbalanced_learn(case_census: Counter[str], case: dict) -> None:
    result = run_both(case)
    if result is None:
        CASES["both refuse"] += 1
        return
    assert_identical(*result)
    CASES["total"] += 1
    CASES[f"form:{case['form']}"] += 1
    CASES[f"dtype:{case['dtype']}"] += 1
    CASES["pandas" if case["pandas"] else "sparse" if case["sparse"] else "ndarray"] += 1
    CASES["multiclass" if len(np.unique(case["y"])) > 2 else "binary"] += 1


FORMS = ["auto", "minority", "not minority", "not majority", "all", "float", "dict", "callable"]


@pytest.mark.parametrize("container", ["ndarray", "pandas", "sparse"])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64"])
@pytest.mark.parametrize("form", FORMS)
def test_every_strategy_form_dtype_and_container(form: str, dtype: str, container: str) -> None:
    # a deterministic sweep, so that every form is covered whatever hypothesis draws
    rng = np.random.default_rng(FORMS.index(form))
    binary = form == "float"
    counts = {0: 30, 1: 9} if binary else {0: 30, 1: 9, 2: 14}
    X = rng.normal(size=(sum(counts.values()), 3)) * 100
    X = X.astype(dtype)
    y = np.concatenate([np.full(c, lab) for lab, c in counts.items()])
    strategy: object = {
        "float": 0.8,
        "dict": {1: 20, 2: 14},
        "callable": lambda yy: {1: 25, 2: 25},
    }.get(form, form)
    case = {"X": X, "y": y, "k": 4, "strategy": strategy, "seed": 11, "seed_kind": "int",
            "pandas": container == "pandas", "sparse": container == "sparse" and dtype != "int64",
            "nn_object": False}
    result = run_both(case)
    assert result is not None
    assert_identical(*result)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_duplicates_let_a_row_be_its_own_neighbour(dtype: type) -> None:
    # imbalanced-learn drops the first kNN column assuming it is the row itself; with exact
    # duplicates the duplicate may come first, so a row can be paired with itself and
    # yield a synthetic copy. We reproduce that, bit for bit, and it shows in provenance.
    X = np.array([[0, 0]] * 4 + [[1, 1], [2, 0], [0, 2]] + [[5, 5]] * 20, dtype=dtype)
    y = np.array([1] * 7 + [0] * 20)
    theirs = ImbSMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    sm = SMOTE(k_neighbors=3, random_state=0)
    ours = sm.fit_resample(X, y)
    assert_identical(theirs, ours)
    prov = sm.provenance_
    assert np.any(prov.base == prov.neighbour)


def test_integer_features_are_truncated_like_imbalanced_learn() -> None:
    X = np.array([[0, 0], [10, 10], [0, 10], [10, 0], [50, 50], [60, 60], [70, 70], [80, 80], [90, 90], [95, 95]])
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    theirs = ImbSMOTE(k_neighbors=2, random_state=0).fit_resample(X, y)
    from refimpl.smote import IntegerTruncationWarning

    with pytest.warns(IntegerTruncationWarning, match="truncated"):
        ours = SMOTE(k_neighbors=2, random_state=0).fit_resample(X, y)
    assert_identical(theirs, ours)


def test_list_input_gives_list_output() -> None:
    X = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [5.0, 5.0], [6.0, 5.0], [5.0, 6.0], [6.0, 6.0], [7.0, 7.0]]
    y = [1, 1, 1, 1, 0, 0, 0, 0, 0]
    theirs = ImbSMOTE(k_neighbors=2, random_state=1).fit_resample(X, y)
    ours = SMOTE(k_neighbors=2, random_state=1).fit_resample(X, y)
    assert type(ours[0]) is type(theirs[0]) is list
    assert ours[0] == theirs[0] and ours[1] == theirs[1]
