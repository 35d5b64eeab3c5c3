"""Box-SMOTE: one random gap per attribute, as Weka 3.6's SMOTE filter and some smote-variants variants draw.

A synthetic row is s_j = x_j + g_j(n_j − x_j) with an independent gap g_j in [0, 1) for each
column j, so it lies in the axis-aligned box of its parents x and n, not on their segment
(Weka 3.6's filter calls ``Random.nextDouble()`` once per attribute, as its bytecode shows). This module is a
small sampler for benchmarks and tests, with provenance; it is not bit-compatible with Weka
(Weka's own output comes from ``bench/wild``'s runner).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.errors import InvalidParameter, TooFewSamples
from refimpl.results import ResultDisplay

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, repr=False)
class BoxSample(ResultDisplay):
    """Box-SMOTE output: the synthetic rows and, for each, its base and neighbour (rows of the class)."""

    synthetic: FloatArray
    base: IntArray
    neighbour: IntArray
    gaps: FloatArray


def box_smote(
    X_min: npt.ArrayLike, n_synthetic: int, *, k: int = 5, seed: int = 0, decimals: int | None = None
) -> BoxSample:
    """n_synthetic rows s = x + g ⊙ (n − x), g uniform in [0, 1)^d, n among x's k nearest; s in box(x, n) (proofs/07_box_geometry.py).

    Bases cycle through the class in order (as Weka does: every row ⌊P/100⌋ times); with
    ``decimals``, the rows are rounded as Weka's ARFF writer rounds them (apply the same
    rounding to the real rows: Weka rounds every value).
    """
    X = np.asarray(X_min, dtype=np.float64)
    if X.ndim != 2:
        raise InvalidParameter(f"X_min must be 2-D (rows × features), got shape {X.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameter(f"k must be a positive integer, got {k!r}")
    if n_synthetic < 0:
        raise InvalidParameter(f"n_synthetic must be ≥ 0, got {n_synthetic!r}")
    if len(X) <= k:
        raise TooFewSamples(f"{len(X)} row(s) for k = {k} neighbours; pass a smaller k")
    rng = np.random.default_rng(seed)
    _, nn = cKDTree(X).query(X, k=k + 1)
    nn = np.asarray(nn, dtype=np.intp)[:, 1:]
    base = np.arange(n_synthetic, dtype=np.intp) % len(X)
    neighbour = nn[base, rng.integers(0, k, size=n_synthetic)]
    gaps = rng.uniform(size=(n_synthetic, X.shape[1]))
    S = X[base] + gaps * (X[neighbour] - X[base])
    if decimals is not None:
        S = np.round(S, decimals)
    return BoxSample(np.asarray(S, dtype=np.float64), base, np.asarray(neighbour, dtype=np.intp), gaps)


def augmented_box(
    X_min: npt.ArrayLike, ratio: float, *, k: int = 5, seed: int = 0, decimals: int | None = 6
) -> tuple[FloatArray, IntArray, npt.NDArray[np.bool_]]:
    """(X, y, is_real): the class's rows (rounded like the release) followed by round(ratio·n) box-SMOTE rows, all labelled 1."""
    X = np.asarray(X_min, dtype=np.float64)
    real = X if decimals is None else np.round(X, decimals)
    s = box_smote(real, round(ratio * len(X)), k=k, seed=seed, decimals=decimals)
    Xa = np.vstack([real, s.synthetic])
    is_real = np.r_[np.ones(len(X), bool), np.zeros(len(s.synthetic), bool)]
    return Xa, np.ones(len(Xa), dtype=np.intp), is_real


__all__ = ["BoxSample", "augmented_box", "box_smote"]
