"""SMOTE with provenance: float arithmetic identical to imbalanced-learn, or exact arithmetic.

``SMOTE(arithmetic="float64")`` reproduces imbalanced-learn 0.14's ``SMOTE.fit_resample``
bit for bit: the same neighbour search (scikit-learn's ``NearestNeighbors(k + 1)`` with the
first column dropped), the same draws (``randint(0, n_class·k, m)`` then ``uniform(size=m)``
from a generator re-created from ``random_state`` for every class), the same arithmetic
``X[base] + λ·(X[nbr] − X[base])`` in the input dtype, cast back to it. For float32 input this
is the mixed-precision step of the ``float32-mixed`` tube model; for integer input the
synthetic rows are truncated to integers exactly as imbalanced-learn does (with a warning).

``SMOTE(arithmetic="exact")`` consumes the same draws but uses the exact k-NN oracle
([`refimpl.exact.exact_knn`][refimpl.exact.knn.exact_knn], ties by index, self excluded by index) and interpolates in
exact rationals: the output is ``Fraction``s. It is the ground truth (Lemma 1,
proofs/01_interior.py).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from fractions import Fraction
from numbers import Integral
from typing import Any, ClassVar, Literal

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from scipy import sparse
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from refimpl.errors import InvalidInput, InvalidParameter, TooFewSamples, UnsupportedInputType
from refimpl.exact.knn import exact_knn
from refimpl.exact.rational import interpolate, to_matrix
from refimpl.input_checks import as_feature_array, as_target_array, as_target_labels, check_sparse_features
from refimpl.provenance import Provenance, lambda_numerators
from refimpl.sampling_strategy import SamplingStrategy, class_counts, resolve_sampling_strategy

Arithmetic = Literal["float64", "exact"]
ARITHMETICS: tuple[str, ...] = ("float64", "exact")


class IntegerTruncationWarning(UserWarning):
    """Integer features: synthetic rows are truncated to integers (imbalanced-learn's behaviour)."""


# metrics whose neighbour ranking is the Euclidean one, the only ranking the exact oracle computes
_EUCLIDEAN_METRICS = frozenset({"euclidean", "l2", "sqeuclidean"})


def _declared_k(k_neighbors: Any) -> int | None:
    """k: the int itself, or n_neighbors − 1 of a neighbours object (imbalanced-learn's convention); None if it has none."""
    if hasattr(k_neighbors, "kneighbors"):
        n = getattr(k_neighbors, "n_neighbors", None)
        if isinstance(n, Integral) and not isinstance(n, bool):
            return int(n) - 1
        # imbalanced-learn takes k from the table the object returns, so such objects work there too
        return None
    return int(k_neighbors)


def _is_euclidean(nn: Any) -> bool:
    """Whether a neighbours object ranks by Euclidean distance (minkowski with p = 2 included), with no metric weights."""
    params = nn.get_params(deep=False) if hasattr(nn, "get_params") else {}
    metric, p = params.get("metric"), params.get("p")
    if params.get("metric_params"):
        return False
    return isinstance(metric, str) and (metric in _EUCLIDEAN_METRICS or (metric == "minkowski" and p == 2))


def _float_neighbours(k_neighbors: Any, X_class: Any, klass: Any) -> np.ndarray:
    """imbalanced-learn's neighbour table: NearestNeighbors(k + 1), first column dropped; a failing object is a named error."""
    from sklearn.base import clone
    from sklearn.neighbors import NearestNeighbors

    if not hasattr(k_neighbors, "kneighbors"):
        nn = NearestNeighbors(n_neighbors=int(k_neighbors) + 1)
        nn.fit(X_class)
        return np.asarray(nn.kneighbors(X_class, return_distance=False)[:, 1:])
    nn = clone(k_neighbors)
    try:
        nn.fit(X_class)
        table = np.asarray(nn.kneighbors(X_class, return_distance=False))
    except (TypeError, ValueError) as exc:  # the user's object refused the class rows (e.g. a classifier wants y)
        raise InvalidParameter(
            f"k_neighbors={k_neighbors!r} failed on the {X_class.shape[0]} rows of class {klass!r} "
            f"({type(exc).__name__}: {exc}); pass an unsupervised neighbours object such as "
            "NearestNeighbors(n_neighbors=k + 1)"
        ) from None
    if table.ndim != 2 or table.shape[0] != X_class.shape[0] or table.shape[1] < 2:
        raise InvalidParameter(
            f"k_neighbors={k_neighbors!r} returned a neighbour table of shape {table.shape} for "
            f"{X_class.shape[0]} rows; it needs one row per sample and at least 2 columns (the row "
            "itself first, then k >= 1 neighbours)"
        )
    return table[:, 1:]


def _draws(random_state: Any, n_class: int, k: int, n_samples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, steps): imbalanced-learn's draw order, one generator per class."""
    from sklearn.utils import check_random_state

    rs = check_random_state(random_state)
    idx = rs.randint(low=0, high=n_class * k, size=n_samples)
    steps = rs.uniform(size=n_samples)
    return np.floor_divide(idx, k), np.mod(idx, k), steps


def _interpolate_float(Xc: Any, rows: np.ndarray, nbrs: np.ndarray, steps: np.ndarray) -> Any:
    """fl(x + fl(λ·fl(n − x))) per coordinate, in the input's dtype and sparse format, as imbalanced-learn does."""
    diffs = Xc[nbrs] - Xc[rows]
    if sparse.issparse(Xc):
        # imbalanced-learn multiplies by a sparse column of steps: only stored entries are touched
        lam = getattr(sparse, type(Xc).__name__)(steps[:, np.newaxis])
        return (Xc[rows] + lam.multiply(diffs)).astype(Xc.dtype)
    return (Xc[rows] + steps[:, np.newaxis] * diffs).astype(Xc.dtype)


class SMOTE(BaseOverSampler):  # type: ignore[misc]
    """SMOTE over-sampler with provenance; float64 = imbalanced-learn bit for bit, exact = oracle (Lemma 1, proofs/01_interior.py).

    An imbalanced-learn sampler; with ``arithmetic="float64"`` it has the same outcome as
    imbalanced-learn's SMOTE on every check of scikit-learn's ``check_estimator`` and
    imbalanced-learn's sampler checks. (``arithmetic="exact"`` returns ``Fraction`` objects and
    refuses sparse X, so the five imbalanced-learn checks that expect float arrays or sparse
    output fail for it: pandas, pandas_sparse, list, multiclass_ova, preserve_dtype.)
    ``fit_resample``, ``get_params``/``set_params`` (nested too,
    e.g. ``k_neighbors__n_neighbors``), the HTML repr in notebooks, ``n_features_in_`` and
    ``feature_names_in_``, sparse CSR/CSC input, and y as a list, ndarray, Series, one-column
    DataFrame or one-hot matrix, each given back in the form it came in. It works inside
    ``imblearn.pipeline.Pipeline``. Where imbalanced-learn fails with a bare numpy or
    scikit-learn error (a ``numpy.matrix``, column names or labels of mixed types, a
    classifier as ``k_neighbors``), this raises a named error from `refimpl.errors`; a masked
    array with masked values is refused, where imbalanced-learn interpolates the values under
    the mask.

    Parameters
    ----------
    k_neighbors
        Number of nearest same-class neighbours (or a scikit-learn ``NearestNeighbors``
        object with ``n_neighbors = k + 1``, as imbalanced-learn accepts; any unsupervised
        object with ``fit``/``kneighbors`` works, and k is then the width of its table minus
        the row itself). ``arithmetic="exact"`` takes an object only when it is Euclidean
        (the exact oracle ranks by exact Euclidean distance, and would otherwise ignore
        its metric): any other is refused with ``InvalidParameter``.
    sampling_strategy
        imbalanced-learn's forms: ``"auto"``, ``"minority"``, ``"not minority"``,
        ``"not majority"``, ``"all"``, a float in (0, 1], a dict of integer target counts or a
        callable returning one.
    random_state
        ``None``, an int (re-seeded in every class) or a ``numpy.random.RandomState``. A
        ``numpy.random.Generator`` is refused (``InvalidParameter``): imbalanced-learn's draws
        are ``RandomState.randint`` then ``RandomState.uniform``, which a Generator does not
        reproduce.
    arithmetic
        ``"float64"`` (the input's float arithmetic, as imbalanced-learn) or ``"exact"``
        (dense input only).

    Attributes
    ----------
    provenance_ : Provenance
        Set by ``fit_resample``: the [`Provenance`][refimpl.provenance.Provenance] of the
        synthetic rows.
    sampling_strategy_ : dict
        Set by ``fit`` and ``fit_resample``: class → number of synthetic rows made.
    neighbours_ : dict
        Set by ``fit_resample``: class → (class row indices, neighbour table in class-local
        indices).
    n_features_in_ : int
        Number of feature columns seen by ``fit``/``fit_resample``.
    feature_names_in_ : ndarray
        Column names, when X was a DataFrame with string column names.
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [
            Interval(Integral, 1, None, closed="left"),
            HasMethods(["kneighbors", "kneighbors_graph"]),
        ],
        "arithmetic": [StrOptions(set(ARITHMETICS))],
    }

    def __init__(
        self,
        k_neighbors: Any = 5,
        sampling_strategy: SamplingStrategy = "auto",
        random_state: Any = None,
        arithmetic: Arithmetic = "float64",
    ) -> None:
        self.k_neighbors = k_neighbors
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.arithmetic = arithmetic

    def __sklearn_tags__(self) -> Any:
        """imbalanced-learn's sampler tags; exact arithmetic takes dense input only."""
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = self.arithmetic != "exact"
        return tags

    def _check_params(self) -> None:
        """scikit-learn's parameter validation, re-raised as InvalidParameter (still a ValueError)."""
        from sklearn.utils._param_validation import InvalidParameterError

        if isinstance(self.random_state, np.random.Generator):
            raise InvalidParameter(
                "random_state is a numpy.random.Generator; imbalanced-learn's draws need a "
                "numpy.random.RandomState or an int: pass random_state=int(rng.integers(2**32))"
            )
        try:
            self._validate_params()
        except InvalidParameterError as exc:
            raise InvalidParameter(str(exc)) from None
        k = _declared_k(self.k_neighbors)
        if k is not None and k < 1:
            # imbalanced-learn fails later with numpy's "high <= 0"
            raise InvalidParameter(
                f"k_neighbors={self.k_neighbors!r} leaves no neighbour: a neighbours object's "
                "n_neighbors counts the row itself (its first column is dropped), so it must be k + 1 >= 2"
            )
        if self.arithmetic == "exact" and hasattr(self.k_neighbors, "kneighbors"):
            # the exact oracle ranks by exact Euclidean distance; another metric would be silently ignored
            if k is None or not _is_euclidean(self.k_neighbors):
                raise InvalidParameter(
                    f"arithmetic='exact' ranks neighbours by exact Euclidean distance, but "
                    f"k_neighbors={self.k_neighbors!r} is not a Euclidean neighbours object with "
                    "n_neighbors: pass k_neighbors=k (an int) or use arithmetic='float64'"
                )

    def _check_X_y(self, X: Any, y: Any, accept_sparse: Any = None) -> tuple[Any, np.ndarray, bool]:
        """(X, y as 1-D labels, whether y came one-hot); every refusal is a named error."""
        from sklearn_compat.utils.validation import validate_data

        for name, value in (("X", X), ("y", y)):
            if isinstance(value, np.matrix):  # scikit-learn raises a bare TypeError for it
                raise UnsupportedInputType(f"{name} is a numpy.matrix, which scikit-learn does not accept: pass np.asarray({name})")
        if isinstance(X, np.ma.MaskedArray) and np.ma.getmaskarray(X).any():
            # imbalanced-learn reads the values under the mask as data: refused rather than silently used
            raise InvalidInput(
                f"X is a masked array with {int(np.ma.getmaskarray(X).sum())} masked value(s); SMOTE "
                "would interpolate the values under the mask: drop or impute them (X.filled(...)) first"
            )
        y_arr, one_hot = as_target_labels(y)
        if sparse.issparse(X):
            if self.arithmetic == "exact":
                raise InvalidInput("arithmetic='exact' needs dense X, sparse input is not supported: pass X.toarray()")
            if X.format not in ("csr", "csc"):
                X = X.tocsr()  # scikit-learn's accept_sparse=["csr", "csc"] converts the same way
            check_sparse_features(X)
            n_rows = X.shape[0]
        else:
            # the named refusals (non-numeric, NaN/inf, not 2-D, no rows); the array is validate_data's
            n_rows = as_feature_array(X).shape[0]
        ya = as_target_array(y_arr, n_rows)
        try:
            Xv, yv = validate_data(self, X=X, y=ya, reset=True, accept_sparse=["csr", "csc"])
        except TypeError as exc:  # column names of mixed types (scikit-learn's feature-name rule)
            raise UnsupportedInputType(str(exc)) from None
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        return Xv, np.asarray(yv), one_hot

    def fit(self, X: Any, y: Any, **params: Any) -> SMOTE:
        """Check X and y and set ``sampling_strategy_`` (scikit-learn convention); use ``fit_resample``."""
        self._check_params()
        _, ya, _ = self._check_X_y(X, y)
        self.sampling_strategy_ = resolve_sampling_strategy(self.sampling_strategy, ya)
        return self

    def fit_resample(self, X: Any, y: Any, **params: Any) -> tuple[Any, Any]:
        """The originals first, then the synthetic rows class by class (sorted labels); Lemma 1, proofs/01_interior.py."""
        self._check_params()
        Xa, ya, one_hot = self._check_X_y(X, y)
        self.sampling_strategy_ = resolve_sampling_strategy(self.sampling_strategy, ya)
        X_out, y_out = self._fit_resample(Xa, ya)
        if one_hot:
            from sklearn.preprocessing import label_binarize

            y_out = label_binarize(y_out, classes=np.unique(ya))
        return _restore_container(X, y, X_out, y_out, exact=self.arithmetic == "exact")

    def _fit_resample(self, Xa: Any, ya: np.ndarray) -> tuple[Any, np.ndarray]:
        declared = _declared_k(self.k_neighbors)
        strategy = self.sampling_strategy_
        counts = class_counts(ya)
        for klass, n_new in strategy.items():
            if declared is not None and n_new > 0 and counts[klass] <= declared:
                raise TooFewSamples(
                    f"class {klass!r} has {counts[klass]} samples; k_neighbors={declared} needs at "
                    f"least {declared + 1} (lower k_neighbors or drop the class from sampling_strategy)"
                )
        if self.arithmetic == "float64" and Xa.dtype.kind in "iu" and any(strategy.values()):
            warnings.warn(
                "integer features: synthetic rows are truncated to integers, as imbalanced-learn "
                "does; cast X to float to keep the interpolated values",
                IntegerTruncationWarning,
                stacklevel=3,
            )
        Xq = to_matrix(Xa) if self.arithmetic == "exact" else None

        blocks_X: list[Any] = []
        blocks_y: list[np.ndarray] = []
        parts: list[Provenance] = []
        self.neighbours_: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
        next_row = Xa.shape[0]
        for klass, n_new in strategy.items():
            if n_new == 0:
                continue
            members = np.flatnonzero(ya == klass)
            if self.arithmetic == "float64":
                table = _float_neighbours(self.k_neighbors, Xa[members], klass)
            else:
                assert Xq is not None and declared is not None  # _check_params: exact needs a declared k
                table = np.asarray(exact_knn([Xq[i] for i in members], declared), dtype=np.int64)
            k = table.shape[1]  # imbalanced-learn's k: the table's width, not the object's attribute
            self.neighbours_[klass] = (members, table)
            rows, cols, steps = _draws(self.random_state, members.size, k, n_new)
            base = members[rows]
            nbr = members[table[rows, cols]]
            if self.arithmetic == "float64":
                blocks_X.append(_interpolate_float(Xa[members], rows, table[rows, cols], steps))
            else:
                assert Xq is not None
                lam = [Fraction(float(s)) for s in steps]
                blocks_X.append([interpolate(Xq[b], Xq[n], q) for b, n, q in zip(base, nbr, lam)])
            blocks_y.append(np.full(n_new, klass, dtype=ya.dtype))
            parts.append(
                Provenance(
                    row=np.arange(next_row, next_row + n_new, dtype=np.int64),
                    klass=np.full(n_new, klass, dtype=ya.dtype),
                    base=base.astype(np.int64),
                    neighbour=nbr.astype(np.int64),
                    lam_numerator=lambda_numerators(steps),
                    lam_float=steps.astype(np.float64),
                )
            )
            next_row += n_new
        self.provenance_ = Provenance.concatenate(parts)

        y_out = np.concatenate([ya, *blocks_y]) if blocks_y else ya.copy()
        if self.arithmetic == "float64":
            if sparse.issparse(Xa):
                X_out: Any = sparse.vstack([Xa, *blocks_X], format=Xa.format)
            else:
                X_out = np.vstack([Xa, *blocks_X]) if blocks_X else Xa.copy()
        else:
            assert Xq is not None
            rows_q: list[Sequence[Fraction]] = list(Xq)
            for block in blocks_X:
                rows_q.extend(block)
            X_out = np.empty((len(rows_q), Xa.shape[1]), dtype=object)
            for i, r in enumerate(rows_q):
                X_out[i, :] = r
        return X_out, y_out


def _restore_container(X_in: Any, y_in: Any, X_out: Any, y_out: Any, *, exact: bool) -> tuple[Any, Any]:
    """Give back the input's container types (DataFrame/Series, list, ndarray, sparse), as imbalanced-learn does."""
    if hasattr(X_in, "columns"):
        import pandas as pd

        if sparse.issparse(X_out):
            frame = pd.DataFrame.sparse.from_spmatrix(X_out, columns=X_in.columns)  # type: ignore[attr-defined]
        else:
            frame = pd.DataFrame(X_out, columns=X_in.columns)
        if not exact:
            frame = frame.astype(X_in.dtypes.to_dict())
        X_res: Any = frame
    elif isinstance(X_in, list):
        X_res = X_out.tolist()
    else:
        X_res = X_out
    if hasattr(y_in, "to_numpy"):
        import pandas as pd

        if getattr(y_in, "ndim", 1) == 1:
            y_res: Any = pd.Series(y_out, name=getattr(y_in, "name", None), dtype=y_in.dtype)
        else:  # a one-column (or one-hot) DataFrame stays a DataFrame
            y_res = pd.DataFrame(np.asarray(y_out).reshape(len(y_out), -1), columns=y_in.columns)
            y_res = y_res.astype(y_in.dtypes.to_dict())
        if hasattr(X_res, "index"):
            y_res.index = X_res.index
    elif isinstance(y_in, list):
        y_res = y_out.tolist()
    else:
        y_res = y_out
    return X_res, y_res


def replay(
    provenance: Provenance,
    X: Any,
    arithmetic: Literal["float64", "exact"] = "float64",
) -> Any:
    """Recompute the synthetic rows from their provenance, in float (bit-identical) or exactly (Lemma 1, proofs/01_interior.py)."""
    Xa = as_feature_array(X)
    if arithmetic == "float64":
        diffs = Xa[provenance.neighbour] - Xa[provenance.base]
        steps = provenance.lam_float[:, np.newaxis]
        return (Xa[provenance.base] + steps * diffs).astype(Xa.dtype)
    if arithmetic == "exact":
        Xq = to_matrix(Xa)
        out = np.empty((len(provenance), Xa.shape[1]), dtype=object)
        for r, (b, n) in enumerate(zip(provenance.base, provenance.neighbour)):
            out[r, :] = interpolate(Xq[int(b)], Xq[int(n)], provenance.lam_exact(r))
        return out
    raise InvalidParameter(f"arithmetic={arithmetic!r}; choose 'float64' or 'exact'")
