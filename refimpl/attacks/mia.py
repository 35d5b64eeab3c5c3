"""Membership inference on a target minority record with shadow models (IN and OUT worlds).

The attacker knows everything except whether the target record was in the training data
(leave-one-out, the strongest black-box setting, as in the paper): the IN world is the data
set, the OUT world is the data set without the target. Each shadow model is one run of the
release pipeline on one world with its own seed, and the attack scores each release: the
higher the score, the more it believes the target was IN.

Modes (what is released, and what the attacker reads from it):

``"classifier"``
    An MLP with two hidden layers of width d (the paper's MLP(d, d)) trained on the *real* data;
    the score is its probability of the target's own class at the target (a model that was
    trained on a record is more confident on it). One number with a known direction needs no
    meta-classifier: a learned one would only be a threshold on it, and the AUC does not
    depend on thresholds (learning it by cross-validation on few releases biases it below 0.5).
``"augmented"``
    The same classifier trained on the *SMOTE-augmented* data (1:1 balance by default).
``"synthetic"``
    The synthetic minority rows themselves. Features: per column the min, 25th percentile,
    mean, median, 75th percentile and max, plus the lower triangle of the covariance matrix
    (diagonal included), fed to a random-forest meta-classifier.

In the synthetic mode the score is the meta-classifier's out-of-fold probability of IN
(stratified k-fold over the 2 × ``n_shadows`` releases). Reported are the ROC-AUC and the TPR
at FPR 0.01 and 0.1 (the
largest TPR on the ROC curve whose FPR does not exceed the level). With fewer than 100 OUT
releases, FPR 0.01 cannot be resolved: the TPR there is the TPR at zero false positives.

Cost is bounded up front: ``2 × n_shadows`` pipeline runs, each with at most ``max_iter``
MLP epochs; a configuration above ``max_fits`` runs is refused. `MIAConfig.full` is the
paper's protocol (100 IN + 100 OUT shadows, MLP(d, d)); `MIAConfig.proxy` is a faster
stand-in with fewer shadows and epochs, for benchmarks and CI. Everything is seeded.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidParameter, TooFewSamples
from refimpl.input_checks import as_feature_array, as_target_array
from refimpl.results import ResultDisplay

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Mode = Literal["classifier", "augmented", "synthetic"]
MODES: tuple[str, ...] = ("classifier", "augmented", "synthetic")
#: The false-positive rates at which the TPR is reported.
FPR_LEVELS: tuple[float, ...] = (0.01, 0.1)
#: The summary statistics per column, in feature order (then the covariance's lower triangle).
SUMMARY_STATISTICS: tuple[str, ...] = ("min", "q25", "mean", "median", "q75", "max")


@dataclass(frozen=True)
class MIAConfig:
    """How many shadows, how big the models; the product is the attack's cost.

    Attributes
    ----------
    n_shadows
        Releases per world (IN and OUT each): 2 × n_shadows pipeline runs per target.
    hidden_layers
        MLP hidden-layer widths; ``None`` means (d, d), the paper's MLP(d, d).
    max_iter
        MLP epochs (the bound on each fit).
    meta_estimators
        Trees of the random-forest meta-classifier (synthetic mode).
    n_splits
        Folds of the meta-classifier's cross-validation (synthetic mode).
    k_neighbors
        SMOTE's k.
    max_fits
        Refuse configurations with more pipeline runs than this per target.
    """

    n_shadows: int = 100
    hidden_layers: tuple[int, ...] | None = None
    max_iter: int = 200
    meta_estimators: int = 100
    n_splits: int = 5
    k_neighbors: int = 5
    max_fits: int = 1000

    @classmethod
    def full(cls) -> MIAConfig:
        """The paper's protocol: 100 IN + 100 OUT shadows, MLP(d, d), 200 epochs."""
        return cls()

    @classmethod
    def proxy(cls) -> MIAConfig:
        """A faster stand-in: 16 IN + 16 OUT shadows, MLP(d, d) for at most 30 epochs, 50 trees.

        About 1/12 of the full protocol's cost; the MLP is usually not converged after 30
        epochs (a weaker model memorises less, so the classifier-mode AUCs are, if anything,
        biased low). The synthetic mode trains no MLP and loses nothing but shadows.
        """
        return cls(n_shadows=16, max_iter=30, meta_estimators=50, n_splits=4)

    def check(self) -> MIAConfig:
        """The configuration itself, after checking every field (named errors)."""
        for name, low in (("n_shadows", 2), ("max_iter", 1), ("meta_estimators", 1), ("n_splits", 2), ("k_neighbors", 1), ("max_fits", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise InvalidParameter(f"MIAConfig.{name} must be an int >= {low}, got {value!r}")
        if self.n_shadows < self.n_splits:
            raise InvalidParameter(
                f"n_shadows={self.n_shadows} is below n_splits={self.n_splits}: every fold of the "
                "meta-classifier needs an IN and an OUT release"
            )
        if 2 * self.n_shadows > self.max_fits:
            raise InvalidParameter(
                f"2 × n_shadows = {2 * self.n_shadows} pipeline runs exceed max_fits={self.max_fits}; "
                "raise max_fits deliberately or use fewer shadows"
            )
        if self.hidden_layers is not None and (
            not self.hidden_layers or any(isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in self.hidden_layers)
        ):
            raise InvalidParameter(f"hidden_layers must be None or positive ints, got {self.hidden_layers!r}")
        return self


@dataclass(frozen=True, repr=False)
class MIAResult(ResultDisplay):
    """The attack's out-of-fold scores on 2 × n_shadows releases, and its summaries.

    Attributes
    ----------
    mode, target
        The mode and the target's row index.
    auc
        ROC-AUC of the IN/OUT scores.
    tpr_at_fpr
        FPR level → the largest TPR whose FPR does not exceed it.
    labels
        1 for an IN release, 0 for OUT (IN first).
    scores
        The attack's score per release (synthetic mode: out-of-fold probability of IN;
        classifier modes: the model's confidence on the target).
    config
        The configuration used.
    """

    mode: str
    target: int
    auc: float
    tpr_at_fpr: dict[float, float]
    labels: IntArray
    scores: FloatArray
    config: MIAConfig = field(repr=False)


def summary_features(X_syn: Any) -> FloatArray:
    """Per column min, q25, mean, median, q75, max, then the covariance's lower triangle.

    The vector has 6·d + d·(d + 1)/2 entries. The covariance is numpy's (ddof = 1); a single
    row has covariance 0 by this definition (not NaN), so any release can be summarised.
    """
    S = as_feature_array(X_syn, name="X_syn").astype(np.float64)
    q25, median, q75 = np.percentile(S, [25, 50, 75], axis=0)
    stats = [S.min(axis=0), q25, S.mean(axis=0), median, q75, S.max(axis=0)]
    d = S.shape[1]
    cov = np.cov(S, rowvar=False).reshape(d, d) if S.shape[0] > 1 else np.zeros((d, d))
    return np.concatenate([*stats, cov[np.tril_indices(d)]]).astype(np.float64)


def select_targets(X: Any, y: Any, n_targets: int, *, minority: Any = 1, k: int = 5) -> IntArray:
    """The ``n_targets`` most isolated minority rows (largest distance to the k-th nearest minority row).

    Outliers are the records membership inference exposes most (Stadler et al. 2022); the paper
    reports its MIA over ten such targets ("top-10"). Ties are broken by row index.
    """
    from scipy.spatial import cKDTree

    Xa = as_feature_array(X).astype(np.float64)
    ya = as_target_array(y, Xa.shape[0])
    rows = np.flatnonzero(ya == minority)
    if isinstance(n_targets, bool) or not isinstance(n_targets, (int, np.integer)) or not 1 <= n_targets <= rows.size:
        raise InvalidParameter(f"n_targets must be an int in [1, {rows.size}] (the minority size), got {n_targets!r}")
    kk = min(k + 1, rows.size)
    dist, _ = cKDTree(Xa[rows]).query(Xa[rows], k=kk)
    isolation = dist[:, -1] if kk > 1 else np.zeros(rows.size)
    order = np.lexsort((rows, -isolation))
    return np.asarray(rows[order[:n_targets]], dtype=np.int64)


def _tpr_at(labels: IntArray, scores: FloatArray, levels: tuple[float, ...]) -> dict[float, float]:
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(labels, scores)
    return {lvl: float(tpr[fpr <= lvl].max()) for lvl in levels}


def _seeds(random_state: int, n: int) -> list[int]:
    state = np.random.SeedSequence(random_state).generate_state(n, dtype=np.uint32)
    return [int(s) for s in state]


class _Pipeline:
    """One release per call: the world's data, a seed → the attacker's feature vector."""

    def __init__(self, mode: str, X: FloatArray, y: npt.NDArray[Any], target: int, minority: Any,
                 config: MIAConfig, n_synthetic: int | None) -> None:
        self.mode, self.X, self.y, self.target, self.minority = mode, X, y, target, minority
        self.config, self.n_synthetic = config, n_synthetic
        self.point = X[target : target + 1]
        self.label = y[target]

    def _smote(self, X: FloatArray, y: npt.NDArray[Any], seed: int) -> tuple[FloatArray, npt.NDArray[Any]]:
        from refimpl.smote import SMOTE

        # imbalanced-learn's dict strategy is the class's count *after* resampling
        n_real = int(np.count_nonzero(y == self.minority))
        strategy: Any = "auto" if self.n_synthetic is None else {self.minority: n_real + self.n_synthetic}
        sm = SMOTE(k_neighbors=self.config.k_neighbors, sampling_strategy=strategy, random_state=seed)
        Xr, yr = sm.fit_resample(X, y)
        return np.asarray(Xr, dtype=np.float64), np.asarray(yr)

    def _classifier_feature(self, X: FloatArray, y: npt.NDArray[Any], seed: int) -> FloatArray:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier

        d = X.shape[1]
        hidden = self.config.hidden_layers or (d, d)
        model = MLPClassifier(hidden_layer_sizes=hidden, max_iter=self.config.max_iter, random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter is the stated bound
            model.fit(X, y)
        column = int(np.flatnonzero(model.classes_ == self.label)[0])
        return np.asarray(model.predict_proba(self.point)[:, column], dtype=np.float64)

    def __call__(self, member: bool, seed: int) -> FloatArray:
        keep = np.ones(self.X.shape[0], dtype=bool)
        if not member:
            keep[self.target] = False
        X, y = self.X[keep], self.y[keep]
        if self.mode == "classifier":
            return self._classifier_feature(X, y, seed)
        Xr, yr = self._smote(X, y, seed)
        if self.mode == "augmented":
            return self._classifier_feature(Xr, yr, seed)
        return summary_features(Xr[X.shape[0] :])


def membership_inference(
    X: Any,
    y: Any,
    target: int,
    *,
    mode: Mode = "synthetic",
    minority: Any = 1,
    config: MIAConfig | None = None,
    n_synthetic: int | None = None,
    random_state: int = 0,
) -> MIAResult:
    """Shadow-model membership inference on row ``target`` of (X, y): IN = (X, y), OUT = without it.

    Parameters
    ----------
    X, y
        The data set (the attacker's knowledge, target included); finite numbers, two classes.
    target
        Row index of the target, a minority row.
    mode
        ``"classifier"``, ``"augmented"`` or ``"synthetic"`` (see the module notes).
    minority
        The label SMOTE oversamples.
    config
        Shadows and model sizes; default `MIAConfig.proxy`. `MIAConfig.full` is the
        paper's protocol.
    n_synthetic
        Synthetic minority rows per release; ``None`` balances the classes 1:1.
    random_state
        Seed of everything (SMOTE, MLP initialisation, folds, forest).

    Returns
    -------
    MIAResult

    Raises
    ------
    refimpl.errors.InvalidParameter
        Unknown mode, target out of range or not a minority row, a bad configuration
        (including more than ``max_fits`` runs).
    refimpl.errors.TooFewSamples
        The minority without the target has at most k rows, so SMOTE cannot run.
    refimpl.errors.InvalidInput
        NaN/inf, shapes that do not match.
    """
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    cfg = (config or MIAConfig.proxy()).check()
    if mode not in MODES:
        raise InvalidParameter(f"mode={mode!r}; choose one of {', '.join(MODES)}")
    Xa = as_feature_array(X).astype(np.float64)
    ya = as_target_array(y, Xa.shape[0])
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)) or not 0 <= target < Xa.shape[0]:
        raise InvalidParameter(f"target must be a row index in [0, {Xa.shape[0]}), got {target!r}")
    if ya[target] != minority:
        raise InvalidParameter(f"target row {target} has label {ya[target]!r}, not the minority label {minority!r}")
    if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)) or random_state < 0:
        raise InvalidParameter(f"random_state must be a non-negative int, got {random_state!r}")
    if n_synthetic is not None and (isinstance(n_synthetic, bool) or not isinstance(n_synthetic, (int, np.integer)) or n_synthetic < 1):
        raise InvalidParameter(f"n_synthetic must be None or a positive int, got {n_synthetic!r}")
    n_min = int(np.count_nonzero(ya == minority))
    if mode != "classifier" and n_min - 1 <= cfg.k_neighbors:
        raise TooFewSamples(
            f"the minority has {n_min} rows, {n_min - 1} without the target; SMOTE with "
            f"k_neighbors={cfg.k_neighbors} needs more than {cfg.k_neighbors} (lower k_neighbors)"
        )
    run = _Pipeline(mode, Xa, ya, int(target), minority, cfg, n_synthetic)
    seeds = _seeds(int(random_state), 2 * cfg.n_shadows + 1)
    feats = [run(True, s) for s in seeds[: cfg.n_shadows]] + [run(False, s) for s in seeds[cfg.n_shadows : -1]]
    F = np.vstack(feats)
    labels = np.r_[np.ones(cfg.n_shadows, dtype=np.int64), np.zeros(cfg.n_shadows, dtype=np.int64)]
    if mode == "synthetic":
        scores = np.empty(F.shape[0], dtype=np.float64)
        meta_seed = seeds[-1]
        folds = StratifiedKFold(n_splits=cfg.n_splits, shuffle=True, random_state=meta_seed)
        for i, (train, test) in enumerate(folds.split(F, labels)):
            meta = RandomForestClassifier(n_estimators=cfg.meta_estimators, random_state=(meta_seed + i) % 2**32)
            meta.fit(F[train], labels[train])
            scores[test] = meta.predict_proba(F[test])[:, 1]
    else:
        scores = np.asarray(F[:, 0], dtype=np.float64)  # confidence on the target: higher = IN
    return MIAResult(
        mode=mode,
        target=int(target),
        auc=float(roc_auc_score(labels, scores)),
        tpr_at_fpr=_tpr_at(labels, scores, FPR_LEVELS),
        labels=labels,
        scores=scores,
        config=cfg,
    )


def with_shadows(config: MIAConfig, n_shadows: int) -> MIAConfig:
    """A copy of ``config`` with another number of shadows per world (checked)."""
    return replace(config, n_shadows=n_shadows).check()
