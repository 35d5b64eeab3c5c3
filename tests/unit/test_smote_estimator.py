"""refimpl.SMOTE's estimator edges: neighbour objects, odd containers and label types.

Where imbalanced-learn's SMOTE accepts an input, ours gives the same bytes; where imbalanced-learn
fails with a bare numpy/scikit-learn error (or reads data it should not), ours raises a named error
from refimpl.errors that says what to do.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

from refimpl import SMOTE
from refimpl.errors import InvalidInput, InvalidParameter, UnsupportedInputType

imblearn = pytest.importorskip("imblearn", reason="imbalanced-learn is the reference these edges are compared with")
from imblearn.over_sampling import SMOTE as ImbSMOTE  # noqa: E402

X = np.random.RandomState(0).normal(size=(40, 3))
Y = np.array([0] * 30 + [1] * 10)


class TableOnlyNeighbours(BaseEstimator):  # type: ignore[misc]
    """A neighbours object with no n_neighbors attribute (as approximate-kNN wrappers are): k comes from its table."""

    def __init__(self, width: int = 4, narrow: bool = False) -> None:
        self.width = width
        self.narrow = narrow

    def fit(self, X: np.ndarray) -> "TableOnlyNeighbours":
        self.nn_ = NearestNeighbors(n_neighbors=self.width).fit(X)
        return self

    def kneighbors(self, X: np.ndarray, return_distance: bool = True) -> np.ndarray:
        table = self.nn_.kneighbors(X, return_distance=False)
        return table[:, :1] if self.narrow else table

    def kneighbors_graph(self, X: np.ndarray) -> object:
        return self.nn_.kneighbors_graph(X)


def test_a_neighbours_object_with_one_neighbour_is_refused_up_front() -> None:
    with pytest.raises(ValueError, match="high <= 0"):  # imbalanced-learn: numpy's bare message
        ImbSMOTE(k_neighbors=NearestNeighbors(n_neighbors=1)).fit_resample(X, Y)
    for method in ("fit", "fit_resample"):
        with pytest.raises(InvalidParameter, match=r"n_neighbors counts the row itself.*k \+ 1 >= 2"):
            getattr(SMOTE(k_neighbors=NearestNeighbors(n_neighbors=1)), method)(X, Y)


def test_exact_arithmetic_refuses_a_metric_it_would_ignore() -> None:
    manhattan = NearestNeighbors(n_neighbors=4, metric="manhattan")
    # float64 follows the object's metric, as imbalanced-learn does
    ours = SMOTE(k_neighbors=manhattan, random_state=0).fit_resample(X, Y)[0]
    assert ours.tobytes() == ImbSMOTE(k_neighbors=manhattan, random_state=0).fit_resample(X, Y)[0].tobytes()
    for bad in (manhattan, NearestNeighbors(n_neighbors=4, p=1), NearestNeighbors(n_neighbors=4, metric_params={"w": np.ones(3)})):
        with pytest.raises(InvalidParameter, match=r"exact Euclidean distance.*k_neighbors=k"):
            SMOTE(k_neighbors=bad, arithmetic="exact").fit_resample(X, Y)
    with pytest.raises(InvalidParameter, match="exact Euclidean distance"):
        SMOTE(k_neighbors=TableOnlyNeighbours(), arithmetic="exact").fit_resample(X, Y)


@pytest.mark.parametrize("nn", [NearestNeighbors(n_neighbors=4), NearestNeighbors(n_neighbors=4, metric="euclidean")])
def test_exact_arithmetic_takes_a_euclidean_object_as_its_k(nn: NearestNeighbors) -> None:
    with_object = SMOTE(k_neighbors=nn, arithmetic="exact", random_state=0).fit_resample(X, Y)[0]
    with_int = SMOTE(k_neighbors=3, arithmetic="exact", random_state=0).fit_resample(X, Y)[0]
    assert with_object.shape == (60, 3) and (with_object == with_int).all()


def test_a_classifier_as_neighbours_object_is_a_named_error() -> None:
    with pytest.raises(TypeError, match="missing 1 required positional argument"):
        ImbSMOTE(k_neighbors=KNeighborsClassifier(n_neighbors=4)).fit_resample(X, Y)
    with pytest.raises(InvalidParameter, match=r"failed on the 10 rows of class 1 .*unsupervised neighbours object"):
        SMOTE(k_neighbors=KNeighborsClassifier(n_neighbors=4)).fit_resample(X, Y)


def test_a_neighbours_object_without_n_neighbors_works_as_in_imbalanced_learn() -> None:
    sm = SMOTE(k_neighbors=TableOnlyNeighbours(width=4), random_state=3)
    ours = sm.fit_resample(X, Y)[0]
    theirs = ImbSMOTE(k_neighbors=TableOnlyNeighbours(width=4), random_state=3).fit_resample(X, Y)[0]
    assert ours.tobytes() == theirs.tobytes()
    assert sm.neighbours_[1][1].shape == (10, 3) and len(sm.provenance_) == 20
    with pytest.raises(InvalidParameter, match=r"shape \(10, 1\).*at least 2 columns"):
        SMOTE(k_neighbors=TableOnlyNeighbours(narrow=True)).fit_resample(X, Y)


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # numpy: np.matrix itself is deprecated
def test_numpy_matrix_is_a_named_type_error() -> None:
    with pytest.raises(TypeError, match=r"np\.matrix is not supported"):
        ImbSMOTE().fit_resample(np.asmatrix(X), Y)
    with pytest.raises(UnsupportedInputType, match=r"numpy\.matrix.*np\.asarray\(X\)") as info:
        SMOTE().fit_resample(np.asmatrix(X), Y)
    assert isinstance(info.value, TypeError)
    with pytest.raises(UnsupportedInputType, match=r"np\.asarray\(y\)"):
        SMOTE().fit_resample(X, np.asmatrix(Y))


def test_column_names_of_mixed_types_are_a_named_type_error() -> None:
    frame = pd.DataFrame(X, columns=["a", 1, 2])
    with pytest.raises(TypeError, match="Feature names are only supported if all input features have string names"):
        ImbSMOTE().fit_resample(frame, Y)
    for arithmetic in ("float64", "exact"):
        with pytest.raises(UnsupportedInputType, match=r"string names.*X\.columns\.astype\(str\)") as info:
            SMOTE(arithmetic=arithmetic).fit_resample(frame, Y)  # type: ignore[arg-type]
        assert isinstance(info.value, TypeError)


def test_labels_of_mixed_types_are_a_named_error() -> None:
    y = np.array([0] * 30 + ["a"] * 10, dtype=object)
    with pytest.raises(ValueError, match="Unknown label type"):
        ImbSMOTE().fit_resample(X, y)
    with pytest.raises(UnsupportedInputType, match=r"y mixes label types \(int, str\).*astype\(str\)"):
        SMOTE().fit_resample(X, y)


def test_masked_values_are_refused_not_interpolated() -> None:
    masked = np.ma.masked_greater(X, 2.0)
    assert masked.mask.sum() == 2
    # imbalanced-learn reads the values under the mask as data
    assert ImbSMOTE(random_state=0).fit_resample(masked, Y)[0][:40].max() > 2.0
    with pytest.raises(InvalidInput, match=r"masked array with 2 masked value\(s\).*drop or impute"):
        SMOTE(random_state=0).fit_resample(masked, Y)
    nothing_masked = np.ma.masked_greater(X, 10.0)
    ours = SMOTE(random_state=0).fit_resample(nothing_masked, Y)[0]
    assert ours.tobytes() == ImbSMOTE(random_state=0).fit_resample(nothing_masked, Y)[0].tobytes()


def test_a_target_count_numpy_cannot_index_is_refused() -> None:
    with pytest.raises(InvalidParameter, match="more than numpy can index"):
        SMOTE(sampling_strategy={1: 10**20}).fit_resample(X, Y)
