"""Hypothesis strategies and a pytest helper, so other projects can property-test their SMOTE.

Example (a few lines in your own test suite):

```python
from hypothesis import given
from refimpl.testing import assert_conforms, imbalanced_datasets

@given(imbalanced_datasets())
def test_my_smote(data):
    X, y = data
    X_out, y_out = MySMOTE(k_neighbors=3).fit_resample(X, y)
    assert_conforms((X_out, y_out), (X, y), k=3)
```

``hypothesis`` is a test dependency: importing this module without it raises ImportError.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from refimpl.fpformat import model_of
from refimpl.validate import verify_smote

#: coordinates are drawn from a grid of binary fractions, so every value is exact in float32
#: and float64 and distances tie often enough to exercise the tie sets
_GRID = 2**10


@st.composite
def general_position_points(
    draw: st.DrawFn, n: int | None = None, d: int | None = None, *, min_n: int = 3, max_n: int = 30,
    min_d: int = 1, max_d: int = 4,
) -> np.ndarray:
    """An (n, d) float64 array of distinct points, no three collinear (checked exactly); Lemma 1, proofs/01_interior.py."""
    from refimpl.exact.predicates import collinear

    n_ = n if n is not None else draw(st.integers(min_n, max_n))
    d_ = d if d is not None else draw(st.integers(max(min_d, 2), max(max_d, 2)))
    coords = draw(
        st.lists(st.integers(-_GRID, _GRID), min_size=n_ * d_, max_size=n_ * d_)
    )
    X = np.array(coords, dtype=np.float64).reshape(n_, d_) / 8.0
    rows = [tuple(r) for r in X.tolist()]
    assume(len(set(rows)) == n_)
    if n_ <= 12:  # exact collinearity check is O(n³); larger sets are in general position w.h.p.
        for i in range(n_):
            for j in range(i + 1, n_):
                for k in range(j + 1, n_):
                    assume(not collinear(rows[i], rows[j], rows[k]))
    return X


@st.composite
def imbalanced_datasets(
    draw: st.DrawFn, *, min_minority: int = 6, max_minority: int = 20, max_majority: int = 60,
    max_d: int = 4, n_classes: int = 2, duplicates: bool = False, dtype: Any = np.float64,
) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) with class 0 the majority and classes 1.. strictly smaller; optional exact duplicate rows."""
    d = draw(st.integers(1, max_d))
    sizes = [draw(st.integers(min_minority, max_minority)) for _ in range(n_classes - 1)]
    n_major = draw(st.integers(max(sizes) + 1, max(max_majority, max(sizes) + 1)))
    blocks, labels = [], []
    for c, size in enumerate([n_major, *sizes]):
        vals = draw(st.lists(st.integers(-_GRID, _GRID), min_size=size * d, max_size=size * d))
        block = np.array(vals, dtype=np.float64).reshape(size, d) / 8.0
        if duplicates and size > 2:
            i, j = draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))
            block[i] = block[j]
        blocks.append(block)
        labels.append(np.full(size, c))
    return np.vstack(blocks).astype(dtype), np.concatenate(labels)


@st.composite
def smote_runs(
    draw: st.DrawFn, /, *, max_k: int = 5, arithmetic: str = "float64", **dataset_kwargs: Any
) -> dict[str, Any]:
    """A dataset, parameters and this package's SMOTE output: keys X, y, k, seed, X_out, y_out, provenance."""
    from refimpl.smote import SMOTE

    X, y = draw(imbalanced_datasets(**dataset_kwargs))
    smallest = int(np.min(np.unique(y, return_counts=True)[1]))
    k = draw(st.integers(1, min(max_k, smallest - 1)))
    seed = draw(st.integers(0, 2**31 - 1))
    sm = SMOTE(k_neighbors=k, random_state=seed, arithmetic=arithmetic)  # type: ignore[arg-type]
    X_out, y_out = sm.fit_resample(X, y)
    return {"X": X, "y": y, "k": k, "seed": seed, "X_out": X_out, "y_out": y_out, "provenance": sm.provenance_}


def assert_conforms(
    output: tuple[Any, Any], real: tuple[Any, Any], k: int = 5, model: str | None = None,
    sampling_strategy: Any = None,
) -> None:
    """Raise AssertionError (with the report summary) unless output has SMOTE's geometry over real; Lemma 3, proofs/03_rounding_tube.py.

    ``model`` defaults to the data's arithmetic: "float32-mixed" for float32 input, else "float64".
    """
    X_out, y_out = output
    X, y = real
    if model is None:
        model = model_of(np.asarray(X))
    report = verify_smote(X, y, X_out, y_out, k=k, model=model, sampling_strategy=sampling_strategy)
    if not report.ok:
        raise AssertionError("output does not conform to SMOTE's geometry\n" + report.summary())
