"""Presets of known SMOTE implementations, and ``model="auto"``: which model explains an output, and how well.

Each preset is a (model, release, layout, metric) the implementation's source and measured
output justify (docs: "Which SMOTE implementations are SMOTE?"):

| preset | model | release | layout | metric | why |
|---|---|---|---|---|---|
| ``imblearn`` | float64 | none | originals-first | euclidean | x + λ(n − x), λ = m/2^53, one per row |
| ``themis`` | float64 | significant:15 | originals-first | euclidean | same arithmetic; R's ``write.csv`` keeps 15 digits |
| ``unbalanced`` | float64 | significant:15 | any | range-scaled | ``runif(1) * difs`` on the minority-range-scaled kNN; shuffled, majority resampled |
| ``weka`` | box | decimals:6 | originals-first | euclidean | one ``nextDouble()`` per attribute; ARFF through ``doubleToString(v, 6)`` |
| ``smote-variants`` | convex | none | originals-first | euclidean | w0·x + w1·n |

`verify_auto` tries these configurations (with the release the output's digits suggest, when
it looks rounded) and returns the first that certifies every row; otherwise the report under
the most specific model (segment, originals first), whose diagnosis names each failing row,
and the explanation adds which configuration explains the most rows. A certificate under a preset is
exactly as strong as ``verify_smote`` under the same options.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from refimpl.errors import InvalidParameter
from refimpl.validate.checker import looks_released, verify_smote
from refimpl.validate.report import ConformanceReport


@dataclass(frozen=True)
class Preset:
    """The options of `verify_smote` that model one implementation, and its name in words."""

    model: str
    release: str
    layout: str
    metric: str
    words: str


PRESETS: dict[str, Preset] = {
    "imblearn": Preset("float64", "none", "originals-first", "euclidean", "imbalanced-learn-style segment SMOTE"),
    "themis": Preset("float64", "significant:15", "originals-first", "euclidean", "R themis-style segment SMOTE"),
    "unbalanced": Preset("float64", "significant:15", "any", "range-scaled",
                         "R unbalanced (DMwR)-style SMOTE on range-scaled neighbours, rows in any order"),
    "weka": Preset("box", "decimals:6", "originals-first", "euclidean", "Weka-style box SMOTE"),
    "smote-variants": Preset("convex", "none", "originals-first", "euclidean", "smote-variants-style convex SMOTE"),
}

#: the configurations ``auto`` tries, in order: (model, layout, metric, words)
AUTO_SHAPES: tuple[tuple[str, str, str, str], ...] = (
    ("float64", "originals-first", "euclidean", "segment SMOTE (imbalanced-learn, themis)"),
    ("convex", "originals-first", "euclidean", "convex-combination SMOTE (smote-variants)"),
    ("box", "originals-first", "euclidean", "box SMOTE, one gap per coordinate (Weka)"),
    ("float64", "any", "range-scaled", "segment SMOTE on range-scaled neighbours, rows in any order (R unbalanced)"),
    ("float64", "any", "euclidean", "segment SMOTE, rows in any order"),
    ("box", "any", "range-scaled", "box SMOTE on range-scaled neighbours, rows in any order"),
)


def preset(name: str) -> Preset:
    """The preset called ``name``; InvalidParameter with the list otherwise."""
    if name not in PRESETS:
        raise InvalidParameter(f"unknown implementation {name!r}; use --as {'|'.join(PRESETS)}")
    return PRESETS[name]


@dataclass
class AutoResult:
    """What ``auto`` found: the report of the chosen configuration, its options and the sentence."""

    report: ConformanceReport
    model: str
    release: str
    layout: str
    metric: str
    explanation: str
    tried: list[tuple[str, int, int]]  # (configuration, rows explained, rows)


def _float32(X: Any) -> bool:
    return bool(np.asarray(X.to_numpy() if hasattr(X, "to_numpy") else X).dtype == np.float32)


def verify_auto(X_real: Any, y_real: Any, X_out: Any, y_out: Any, *, k: int = 5, **kwargs: Any) -> AutoResult:
    """Try the known models; the first that certifies every row, else the best; Lemma 3, proofs/03_rounding_tube.py (via `verify_smote`)."""
    Xo = np.asarray(X_out.to_numpy() if hasattr(X_out, "to_numpy") else X_out, dtype=np.float64)
    hint = looks_released(Xo)
    release = hint.split("--release ")[1].rstrip(")") if hint else "none"
    tried: list[tuple[str, int, int]] = []
    first: AutoResult | None = None
    best: tuple[float, str] | None = None
    undefined: list[str] = []  # a range-scaled kNN that cannot exist says more than any row count
    for model, layout, metric, words in AUTO_SHAPES:
        if model == "float64" and _float32(X_real):
            model = "float32-mixed"
        rep = verify_smote(X_real, y_real, X_out, y_out, k=k, model=model, release=release, layout=layout,
                           metric=metric, **kwargs)
        good = sum(c.ok for c in rep.certificates)
        undefined += [c.detail for c in rep.checks if c.name.startswith("knn_defined") and c.detail not in undefined]
        label = f"{model}, {layout}, {metric}, release {release}"
        tried.append((label, good, rep.n_synthetic))
        released = "" if release == "none" else f", released as {release}"
        if rep.ok and rep.n_synthetic == 0:
            # every model passes an output without synthetic rows: none is explained by it
            return AutoResult(rep, model, release, layout, metric,
                              "conforms vacuously: the output has no synthetic rows, so no model was tested", tried)
        if rep.ok:
            return AutoResult(rep, model, release, layout, metric, f"conforms as {words}{released}", tried)
        if first is None:  # the most specific model's report carries the diagnosis
            first = AutoResult(rep, model, release, layout, metric, "", tried)
        score = good / max(1, rep.n_synthetic) + 0.5 * all(c.ok for c in rep.checks)
        if best is None or score > best[0]:
            best = (score, f"{words}{released}: {good} of {rep.n_synthetic}")
    assert first is not None and best is not None
    n_ok = sum(c.ok for c in first.report.certificates)
    first.explanation = (
        f"does not conform under any known model; as {AUTO_SHAPES[0][3]}: {n_ok} of "
        f"{first.report.n_synthetic} synthetic rows explained (most under {best[1]})"
        + "".join(f"; under range-scaled neighbours, {t}" for t in undefined)
    )
    return first
