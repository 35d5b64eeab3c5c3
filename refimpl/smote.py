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
from typing import Any, Literal

import numpy as np

from refimpl.errors import InvalidParameter, TooFewSamples
from refimpl.exact.knn import exact_knn
from refimpl.exact.rational import interpolate, to_matrix
from refimpl.provenance import Provenance, lambda_numerators
from refimpl.sampling_strategy import SamplingStrategy, class_counts, resolve_sampling_strategy
from refimpl.validation import as_feature_array, as_target_array

Arithmetic = Literal["float64", "exact"]
ARITHMETICS: tuple[str, ...] = ("float64", "exact")


class IntegerTruncationWarning(UserWarning):
    """Integer features: synthetic rows are truncated to integers (imbalanced-learn's behaviour)."""


def _neighbour_count(k_neighbors: Any) -> int:
    if hasattr(k_neighbors, "kneighbors") and hasattr(k_neighbors, "n_neighbors"):
        return int(k_neighbors.n_neighbors) - 1
    if isinstance(k_neighbors, bool) or not isinstance(k_neighbors, (int, np.integer)):
        raise InvalidParameter(
            f"k_neighbors must be a positive int or a NearestNeighbors object, got {k_neighbors!r}"
        )
    if k_neighbors < 1:
        raise InvalidParameter(f"k_neighbors must be at least 1, got {k_neighbors}")
    return int(k_neighbors)


def _float_neighbours(k_neighbors: Any, X_class: np.ndarray) -> np.ndarray:
    """imbalanced-learn's neighbour table: NearestNeighbors(k + 1), first column dropped."""
    from sklearn.base import clone
    from sklearn.neighbors import NearestNeighbors

    if hasattr(k_neighbors, "kneighbors"):
        nn = clone(k_neighbors)
    else:
        nn = NearestNeighbors(n_neighbors=int(k_neighbors) + 1)
    nn.fit(X_class)
    return np.asarray(nn.kneighbors(X_class, return_distance=False)[:, 1:])


def _draws(random_state: Any, n_class: int, k: int, n_samples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, steps): imbalanced-learn's draw order, one generator per class."""
    from sklearn.utils import check_random_state

    rs = check_random_state(random_state)
    idx = rs.randint(low=0, high=n_class * k, size=n_samples)
    steps = rs.uniform(size=n_samples)
    return np.floor_divide(idx, k), np.mod(idx, k), steps


class SMOTE:
    """SMOTE over-sampler with provenance; float64 = imbalanced-learn bit for bit, exact = oracle (Lemma 1, proofs/01_interior.py).

    Parameters
    ----------
    k_neighbors
        Number of nearest same-class neighbours (or a scikit-learn ``NearestNeighbors``
        object with ``n_neighbors = k + 1``, as imbalanced-learn accepts).
    sampling_strategy
        imbalanced-learn's forms: ``"auto"``, ``"minority"``, ``"not minority"``,
        ``"not majority"``, ``"all"``, a float in (0, 1], a dict or a callable.
    random_state
        ``None``, an int (re-seeded in every class) or a ``numpy.random.RandomState``.
    arithmetic
        ``"float64"`` (the input's float arithmetic, as imbalanced-learn) or ``"exact"``.

    Attributes
    ----------
    provenance_ : Provenance
        Set by ``fit_resample``: the [`Provenance`][refimpl.provenance.Provenance] of the
        synthetic rows.
    sampling_strategy_ : dict
        Set by ``fit_resample``: class → number of synthetic rows made.
    neighbours_ : dict
        Set by ``fit_resample``: class → (class row indices, neighbour table in class-local
        indices).
    """

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

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters (scikit-learn convention)."""
        return {
            "k_neighbors": self.k_neighbors,
            "sampling_strategy": self.sampling_strategy,
            "random_state": self.random_state,
            "arithmetic": self.arithmetic,
        }

    def set_params(self, **params: Any) -> SMOTE:
        """Set constructor parameters (scikit-learn convention)."""
        for key, value in params.items():
            if key not in self.get_params():
                raise InvalidParameter(f"SMOTE has no parameter {key!r}")
            setattr(self, key, value)
        return self

    def fit_resample(self, X: Any, y: Any) -> tuple[Any, Any]:
        """The originals first, then the synthetic rows class by class (sorted labels); Lemma 1, proofs/01_interior.py."""
        if self.arithmetic not in ARITHMETICS:
            raise InvalidParameter(
                f"arithmetic={self.arithmetic!r}; choose one of {', '.join(ARITHMETICS)}"
            )
        k = _neighbour_count(self.k_neighbors)
        Xa = as_feature_array(X)
        ya = as_target_array(y, Xa.shape[0])
        strategy = resolve_sampling_strategy(self.sampling_strategy, ya)
        counts = class_counts(ya)
        for klass, n_new in strategy.items():
            if n_new > 0 and counts[klass] <= k:
                raise TooFewSamples(
                    f"class {klass!r} has {counts[klass]} samples; k_neighbors={k} needs at "
                    f"least {k + 1} (lower k_neighbors or drop the class from sampling_strategy)"
                )
        if self.arithmetic == "float64" and Xa.dtype.kind in "iu" and any(strategy.values()):
            warnings.warn(
                "integer features: synthetic rows are truncated to integers, as imbalanced-learn "
                "does; cast X to float to keep the interpolated values",
                IntegerTruncationWarning,
                stacklevel=2,
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
                table = _float_neighbours(self.k_neighbors, Xa[members])
            else:
                assert Xq is not None
                table = np.asarray(exact_knn([Xq[i] for i in members], k), dtype=np.int64)
            self.neighbours_[klass] = (members, table)
            rows, cols, steps = _draws(self.random_state, members.size, k, n_new)
            base = members[rows]
            nbr = members[table[rows, cols]]
            if self.arithmetic == "float64":
                Xc = Xa[members]
                diffs = Xc[table[rows, cols]] - Xc[rows]
                blocks_X.append((Xc[rows] + steps[:, np.newaxis] * diffs).astype(Xa.dtype))
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
        self.sampling_strategy_ = strategy
        self.provenance_ = Provenance.concatenate(parts)

        y_out = np.concatenate([ya, *blocks_y]) if blocks_y else ya.copy()
        if self.arithmetic == "float64":
            X_out: Any = np.vstack([Xa, *blocks_X]) if blocks_X else Xa.copy()
        else:
            assert Xq is not None
            rows_q: list[Sequence[Fraction]] = list(Xq)
            for block in blocks_X:
                rows_q.extend(block)
            X_out = np.empty((len(rows_q), Xa.shape[1]), dtype=object)
            for i, r in enumerate(rows_q):
                X_out[i, :] = r
        return _restore_container(X, y, X_out, y_out, exact=self.arithmetic == "exact")


def _restore_container(X_in: Any, y_in: Any, X_out: Any, y_out: np.ndarray, *, exact: bool) -> tuple[Any, Any]:
    """Give back the input's container types: DataFrame/Series, list, or ndarray."""
    if hasattr(X_in, "columns"):
        import pandas as pd

        frame = pd.DataFrame(X_out, columns=X_in.columns)
        if not exact:
            frame = frame.astype(X_in.dtypes.to_dict())
        X_res: Any = frame
    elif isinstance(X_in, list):
        X_res = X_out.tolist()
    else:
        X_res = X_out
    if hasattr(y_in, "to_numpy") and getattr(y_in, "ndim", 1) == 1:
        import pandas as pd

        y_res: Any = pd.Series(y_out, name=getattr(y_in, "name", None), dtype=y_in.dtype)
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
