"""Naive distinguishability: can a random forest tell real rows from synthetic ones?

A random forest is trained to separate the real table (label 0) from the synthetic table
(label 1) and scored, out of fold, by ROC-AUC under stratified k-fold cross-validation. This
is the paper's "naive" attack (there reported as F1; AUC does not depend on a threshold).

What it can show
----------------
* An AUC well above 0.5 means the synthetic rows are distributed *differently* from the real
  ones in a way a forest can learn (a bad generator, or a detectable one).
* An AUC well *below* 0.5 means rows occur in both tables (copies): the forest learns a row's
  label from its twin in the training folds and predicts the opposite class.

What it cannot show
-------------------
An AUC near 0.5 only says that the two *distributions* look alike to a forest; the forest
judges one row at a time. SMOTE rows lie between real rows, so on continuous columns their
distribution is close to the real one and the AUC stays near 0.5; the paper's "naive F1"
(see `DistinguishabilityResult.f1_real`) is 0.000–0.008. Where columns take only a few values
(one-hot encodings) SMOTE writes values between them and the AUC rises (0.6–0.75 on the
bundled one-hot data sets), but even then the forest only learns that *some* rows look odd.
Neither number says whether individual records leak: DistinSMOTE tells every real minority
record from every synthetic one (precision and recall about 1.0) because it tests exact
*collinearity*, a property of triples of rows that no per-row classifier sees.

Under the null hypothesis (labels independent of the rows, the two tables independent
samples of one distribution), the pooled out-of-fold AUC is a Mann–Whitney statistic with
mean 1/2 and standard deviation sqrt((n_real + n_syn + 1) / (12 n_real n_syn)); it is
reported as `DistinguishabilityResult.null_sd` to read the AUC against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidParameter, TooFewSamples
from refimpl.metrics._checks import paired_tables
from refimpl.results import ResultDisplay

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, repr=False)
class DistinguishabilityResult(ResultDisplay):
    """Out-of-fold ROC-AUC of a forest separating real (0) from synthetic (1) rows.

    Attributes
    ----------
    auc
        Pooled out-of-fold ROC-AUC over all rows.
    fold_aucs
        ROC-AUC within each test fold.
    null_sd
        Standard deviation of the pooled AUC under the null (indistinguishable tables):
        sqrt((n_real + n_syn + 1) / (12 n_real n_syn)).
    n_real, n_syn
        The table sizes.
    scores
        Out-of-fold probability of "synthetic" per row, real rows first.
    """

    auc: float
    fold_aucs: FloatArray
    null_sd: float
    n_real: int
    n_syn: int
    scores: FloatArray

    @property
    def auc_std(self) -> float:
        """Standard deviation of the per-fold AUCs."""
        return float(np.std(self.fold_aucs))

    def f1_real(self) -> float:
        """F1 of the forest's out-of-fold *decisions* when "real" is the positive class.

        A row is called real when its probability of synthetic is at most 1/2, which is the
        forest's own ``predict`` (argmax, ties to the first class, real). This is the kind of
        number the paper reports as "naive F1". It depends on the class balance: with many
        more synthetic rows than real ones the forest rarely says "real", so the F1 is near 0
        even when the AUC shows that the tables *can* be told apart in part. 0 when the forest
        never says "real".
        """
        called_real = self.scores <= 0.5
        truly_real = np.arange(self.scores.shape[0]) < self.n_real  # real rows come first
        tp = int(np.count_nonzero(called_real & truly_real))
        denominator = int(np.count_nonzero(called_real)) + self.n_real
        return 2.0 * tp / denominator if denominator else 0.0


def null_auc_sd(n_real: int, n_syn: int) -> float:
    """Mann–Whitney null standard deviation of an AUC between samples of sizes n_real and n_syn."""
    return math.sqrt((n_real + n_syn + 1) / (12.0 * n_real * n_syn))


def _positive_int(value: Any, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise InvalidParameter(f"{name} must be an int >= {low}, got {value!r}")
    return int(value)


def distinguishability_auc(
    X_real: Any,
    X_syn: Any,
    *,
    n_splits: int = 5,
    n_estimators: int = 100,
    random_state: int = 0,
    n_jobs: int | None = None,
) -> DistinguishabilityResult:
    """Cross-validated ROC-AUC of a random forest telling real rows (0) from synthetic rows (1).

    Parameters
    ----------
    X_real, X_syn
        The two tables, same columns, finite numbers; each needs at least ``n_splits`` rows.
    n_splits
        Folds of the stratified cross-validation (shuffled with ``random_state``).
    n_estimators
        Trees in the forest.
    random_state
        Seed of the fold split and of the forest: the result is deterministic.
    n_jobs
        Passed to the forest.

    Returns
    -------
    DistinguishabilityResult

    Raises
    ------
    refimpl.errors.InvalidInput
        NaN or inf, a table that is not 2-D or is empty.
    refimpl.errors.ShapeMismatch
        Different numbers of columns.
    refimpl.errors.TooFewSamples
        A table has fewer rows than folds.
    refimpl.errors.InvalidParameter
        ``n_splits < 2``, ``n_estimators < 1`` or a bad ``random_state``.
    """
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    splits = _positive_int(n_splits, "n_splits", 2)
    trees = _positive_int(n_estimators, "n_estimators", 1)
    seed = _positive_int(random_state, "random_state", 0)
    real, syn = paired_tables(X_real, X_syn)
    for name, table in (("X_real", real), ("X_syn", syn)):
        if table.shape[0] < splits:
            raise TooFewSamples(
                f"{name} has {table.shape[0]} rows; {splits}-fold cross-validation needs at "
                f"least {splits} rows in each table (lower n_splits)"
            )
    X = np.vstack([real, syn])
    y = np.r_[np.zeros(real.shape[0], dtype=np.int64), np.ones(syn.shape[0], dtype=np.int64)]
    scores = np.empty(X.shape[0], dtype=np.float64)
    fold_aucs = []
    folds = StratifiedKFold(n_splits=splits, shuffle=True, random_state=seed)
    for fold, (train, test) in enumerate(folds.split(X, y)):
        forest = RandomForestClassifier(n_estimators=trees, random_state=seed + fold, n_jobs=n_jobs)
        forest.fit(X[train], y[train])
        scores[test] = forest.predict_proba(X[test])[:, 1]
        fold_aucs.append(roc_auc_score(y[test], scores[test]))
    return DistinguishabilityResult(
        auc=float(roc_auc_score(y, scores)),
        fold_aucs=np.asarray(fold_aucs, dtype=np.float64),
        null_sd=null_auc_sd(real.shape[0], syn.shape[0]),
        n_real=int(real.shape[0]),
        n_syn=int(syn.shape[0]),
        scores=scores,
    )
