"""Categorical columns (SMOTENC, SMOTEN): which columns they are, and the one fact they certify.

Lemma C (imbalanced-learn 0.14, ``SMOTENC._generate_samples`` and ``SMOTEN._make_samples`` in
imblearn/over_sampling/_smote/base.py). SMOTENC makes the numeric part of a synthetic row by
plain SMOTE on the numeric columns (on a sparse matrix, but each entry takes the same three
float operations fl(x + fl(λ·fl(n − x))), so Lemma 3's tube holds), and gives it, in every categorical column, a most frequent
value among the k nearest neighbours of its base (neighbours found in the numeric columns plus
a scaled one-hot code; ties broken at random). SMOTEN copies, per column, the most frequent value
among the base's neighbours. The neighbours are real minority rows. So **every categorical value
of a synthetic row is held by a real minority row other than itself**, and the over-samplers
keep every real row in their output; contrapositively:
a minority row that holds, in some categorical column, a value no other minority row holds is
real. That is the only categorical evidence used here, and it can only turn a verdict into
``real``, never into ``synthetic``.

Why nothing stronger is sound: the value is a mode over the base's k neighbours, which are not
known; it need not be held by either row of a numeric witness pair (k = 5, the neighbour n of
category 1 and four others of category 2 give the child category 2 whatever its base holds).

*Precondition for SMOTENC* (not for SMOTEN, whose modes are taken on the values themselves).
SMOTENC picks among the categories whose neighbour sum M_c satisfies
``np.isclose(M_c, max_c M_c)`` (atol = 1e-8, rtol = 1e-5), where a held category adds
v = s/√2 per neighbour, s being the median of the real minority's numeric standard deviations
(s = 0 falls back to counts of 1). A category no neighbour holds has M_c = 0, and it is picked
only if max M ≤ atol/(1 − rtol); since max M ≥ v (a sum of non-negative floats is at least its
largest term), Lemma C holds when v > atol/(1 − rtol). `smotenc_scale_ok` checks a lower bound
of v from the released rows only: for n values of range r the population variance is at least
r²/(2n) (the two extremes alone contribute (r/2)² each around any mean), n ≤ N (the minority
rows of the output), and the real range is at least the output's range less twice Lemma 3's
radius u·|ŝ| + (2u + u²)(1 + u)·r + η (proofs/03_rounding_tube.py; the real rows are in the
output, so r bounds |n − x|). The float variance, square root, median and division by √2 of
imbalanced-learn lose at most a factor 1 − (N + 8)u (the two-pass variance's (N + 3)u relative
error, Higham 2002 §1.9, plus one rounding each for the square root, the median's average and
the two steps of s/√2, rounded up). Data scaled below about 1e-8 fails it: then categories are
drawn at random, and the rule is not applied (the result says so).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidParameter

#: np.isclose's defaults, as SMOTENC calls it (imblearn/over_sampling/_smote/base.py)
ISCLOSE_ATOL = Fraction(1e-8)
ISCLOSE_RTOL = Fraction(1e-5)
#: binary64 unit roundoff and smallest subnormal (Lemma 3)
_U = Fraction(1, 2**53)
_ETA = Fraction(1, 2**1074)


def resolve_categorical(X: Any, categorical_features: Any) -> npt.NDArray[np.intp]:
    """Sorted column positions named by ``categorical_features``, in the forms SMOTENC accepts; Lemma C.

    Integer positions (negative ones count from the end), a boolean mask of one flag per
    column, column names when X is a DataFrame, or ``"auto"`` for a DataFrame's non-numeric
    columns. Anything else raises `refimpl.errors.InvalidParameter` saying what to pass.
    """
    columns = getattr(X, "columns", None)
    d = len(columns) if columns is not None else _width(X)
    if isinstance(categorical_features, str) and categorical_features == "auto":
        if columns is None:
            raise InvalidParameter(
                "categorical_features='auto' needs a DataFrame (it reads the column dtypes); pass positions"
            )
        return np.asarray([j for j, dt in enumerate(X.dtypes) if dt.kind not in "iuf"], dtype=np.intp)
    spec = (
        np.asarray(categorical_features, dtype=object).ravel().tolist()
        if not isinstance(categorical_features, str)
        else [categorical_features]
    )
    if spec and all(isinstance(v, (bool, np.bool_)) for v in spec):
        if len(spec) != d:
            raise InvalidParameter(
                f"a boolean categorical_features mask needs one flag per column: got {len(spec)}, X has {d}"
            )
        return np.flatnonzero(np.asarray(spec, dtype=bool)).astype(np.intp)
    out: list[int] = []
    for v in spec:
        if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
            j = int(v)
            if not -d <= j < d:
                raise InvalidParameter(f"categorical column {j} is out of range: X has {d} column(s)")
            out.append(j % d)
        elif columns is not None and v in list(columns):
            out.append(list(columns).index(v))
        else:
            what = (
                "a column name of X" if columns is not None else "an integer position (X has no column names)"
            )
            raise InvalidParameter(f"categorical_features entry {v!r} is not {what}")
    if len(set(out)) != len(out):
        raise InvalidParameter(f"categorical_features names a column twice: {categorical_features!r}")
    return np.asarray(sorted(out), dtype=np.intp)


def _width(X: Any) -> int:
    arr = np.asarray(X, dtype=object)
    if arr.ndim != 2:
        raise InvalidParameter(
            f"X must be 2-D (rows × features) to name categorical columns, got {arr.ndim} dimension(s)"
        )
    return int(arr.shape[1])


def split_columns(X: Any, cat: npt.NDArray[np.intp]) -> tuple[Any, npt.NDArray[np.object_]]:
    """(numeric part of X, categorical values as an object array); a DataFrame's numeric part stays a DataFrame."""
    if hasattr(X, "iloc"):
        num = [j for j in range(X.shape[1]) if j not in set(cat.tolist())]
        return X.iloc[:, num], X.iloc[:, cat].to_numpy(dtype=object)
    arr = X if isinstance(X, np.ndarray) else np.asarray(X, dtype=object)
    num_mask = np.ones(arr.shape[1], dtype=bool)
    num_mask[cat] = False
    return arr[:, num_mask], np.asarray(arr[:, cat], dtype=object)


def _key(v: Any) -> Any:
    # NaN is one category for the one-hot encoder, but NaN != NaN: compare it by a marker
    return ("nan",) if isinstance(v, float) and math.isnan(v) else v


def unique_value_columns(values: npt.NDArray[np.object_]) -> list[list[int]]:
    """For each row, the categorical columns whose value no other row holds (Lemma C: such a row is real)."""
    keys = [[_key(v) for v in r] for r in values.tolist()]
    counts = [Counter(r[j] for r in keys) for j in range(values.shape[1])]
    return [[j for j, v in enumerate(r) if counts[j][v] == 1] for r in keys]


def _median(xs: Sequence[Fraction]) -> Fraction:
    s = sorted(xs)
    h = len(s) // 2
    return s[h] if len(s) % 2 else (s[h - 1] + s[h]) / 2


def smotenc_scale_ok(X_num: npt.NDArray[np.float64]) -> bool:
    """True when SMOTENC's category choice provably keeps to the neighbours' values on data like the minority rows ``X_num``; Lemma C.

    Exact (Fractions throughout): a lower bound of v = s/√2 from the rows (see the module notes)
    is compared with atol/(1 − rtol), squared to avoid the square roots.
    """
    N, d = X_num.shape
    if N == 0 or d == 0:
        return False
    lows: list[Fraction] = []
    for j in range(d):
        col = [Fraction(float(v)) for v in X_num[:, j].tolist()]
        lo, hi = min(col), max(col)
        r = hi - lo
        big = max(abs(lo), abs(hi))
        rho = _U * big + (2 * _U + _U * _U) * (1 + _U) * r + _ETA
        lows.append(max(Fraction(0), r - 2 * rho))
    med = _median(lows)
    if med == 0:
        # s may be 0 (counts of 1, fine) or a rounding residue of a float mean (random
        # categories): nothing certifies which
        return False
    shrink = 1 - (N + 8) * _U
    if shrink <= 0:
        return False
    # v ≥ shrink · s/√2 and s ≥ med/√(2N): v² ≥ shrink² · med² / (4N)
    v2_low = shrink * shrink * med * med / (4 * N)
    bound = ISCLOSE_ATOL / (1 - ISCLOSE_RTOL)
    return bool(v2_low > bound * bound)


__all__ = [
    "ISCLOSE_ATOL",
    "ISCLOSE_RTOL",
    "resolve_categorical",
    "smotenc_scale_ok",
    "split_columns",
    "unique_value_columns",
]
