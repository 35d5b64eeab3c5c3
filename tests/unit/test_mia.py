"""refimpl.attacks.mia: seeded, bounded shadow-model membership inference; features; errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from refimpl.attacks.mia import (
    FPR_LEVELS,
    MIAConfig,
    _tpr_at,
    membership_inference,
    select_targets,
    summary_features,
)
from refimpl.datasets import gaussian_toy
from refimpl.errors import InvalidInput, InvalidParameter, TooFewSamples

TINY = MIAConfig(n_shadows=8, max_iter=20, meta_estimators=25, n_splits=4)


def _toy_with_outlier() -> tuple[np.ndarray, np.ndarray, int]:
    ds = gaussian_toy(seed=1)
    X, y = np.array(ds.X), np.array(ds.y)
    X = np.vstack([X, [[-3.0, -3.0]]])  # a far minority outlier: the textbook MIA victim
    y = np.r_[y, 1]
    return X, y, X.shape[0] - 1


def test_summary_features_hand_checked() -> None:
    S = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 8.0]])
    f = summary_features(S)
    assert f.shape == (6 * 2 + 3,)
    assert f[:12].tolist() == [0.0, 1.0, 1.0, 2.0, 2.0, 4.0, 2.0, 3.0, 3.0, 5.5, 4.0, 8.0]
    cov = np.cov(S, rowvar=False)
    assert f[12:].tolist() == [cov[0, 0], cov[1, 0], cov[1, 1]]
    assert np.array_equal(summary_features(S[:1])[12:], np.zeros(3))  # one row: covariance 0


@given(arrays(np.float64, st.tuples(st.integers(1, 20), st.integers(1, 4)),
              elements=st.integers(-50, 50).map(float)), st.randoms(use_true_random=False))
@example(np.zeros((1, 1)), None)
def test_summary_features_ignore_row_order(S: np.ndarray, rnd: object) -> None:
    """Integer-valued entries keep the sums exact, so the six per-column statistics do not
    depend on the row order bit for bit (the covariance's rounding may, so it is left out)."""
    seed = 0 if rnd is None else rnd.randrange(2**32)  # type: ignore[attr-defined]
    perm = np.random.default_rng(seed).permutation(S.shape[0])
    a, b = summary_features(S), summary_features(S[perm])
    d = S.shape[1]
    assert a.shape == (6 * d + d * (d + 1) // 2,)
    assert np.array_equal(a[: 6 * d], b[: 6 * d])


def test_select_targets_finds_the_outlier() -> None:
    X, y, outlier = _toy_with_outlier()
    t = select_targets(X, y, 3)
    assert t[0] == outlier and len(set(t.tolist())) == 3 and np.all(y[t] == 1)


def test_tpr_at_fpr_hand_checked() -> None:
    labels = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    scores = np.array([0.9, 0.8, 0.4, 0.3, 0.7, 0.2, 0.1, 0.05])
    # threshold above 0.7: 2/4 TPR at FPR 0; admitting the 0.7 negative costs FPR 0.25
    assert _tpr_at(labels, scores, (0.01, 0.1, 0.25)) == {0.01: 0.5, 0.1: 0.5, 0.25: 1.0}


def test_synthetic_mode_exposes_an_outlier_and_is_seeded() -> None:
    X, y, outlier = _toy_with_outlier()
    a = membership_inference(X, y, outlier, mode="synthetic", config=TINY, random_state=3)
    b = membership_inference(X, y, outlier, mode="synthetic", config=TINY, random_state=3)
    assert np.array_equal(a.scores, b.scores) and a.auc == b.auc
    assert a.labels.tolist() == [1] * 8 + [0] * 8
    # IN releases hold synthetic rows on segments to (-3, -3); OUT releases cannot reach there
    assert a.auc >= 0.9
    assert set(a.tpr_at_fpr) == set(FPR_LEVELS)
    assert a.tpr_at_fpr[0.01] <= a.tpr_at_fpr[0.1]


@pytest.mark.parametrize("mode", ["classifier", "augmented"])
def test_classifier_modes_run_bounded(mode: str) -> None:
    X, y, outlier = _toy_with_outlier()
    cfg = MIAConfig(n_shadows=4, max_iter=10, meta_estimators=10, n_splits=2)
    r = membership_inference(X, y, outlier, mode=mode, config=cfg, random_state=0)  # type: ignore[arg-type]
    assert r.scores.shape == (8,) and 0.0 <= r.auc <= 1.0 and r.mode == mode
    # the score is the model's confidence on the target's class: a probability, no meta-model
    assert np.all((r.scores >= 0) & (r.scores <= 1))


def test_full_mode_exists_and_uses_the_papers_protocol() -> None:
    full = MIAConfig.full().check()
    assert (full.n_shadows, full.hidden_layers, full.max_iter) == (100, None, 200)
    proxy = MIAConfig.proxy().check()
    assert proxy.n_shadows < full.n_shadows
    X, y, outlier = _toy_with_outlier()
    r = membership_inference(X, y, outlier, mode="synthetic", config=full, random_state=0)
    assert r.labels.shape == (200,) and r.auc >= 0.9


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"mode": "shadow"}, InvalidParameter),
        ({"target": 0}, InvalidParameter),  # a majority row
        ({"target": 10_000}, InvalidParameter),
        ({"config": MIAConfig(n_shadows=600)}, InvalidParameter),  # 1200 runs > max_fits
        ({"config": MIAConfig(n_shadows=3, n_splits=5)}, InvalidParameter),
        ({"config": MIAConfig(hidden_layers=(0,))}, InvalidParameter),
        ({"random_state": -1}, InvalidParameter),
        ({"n_synthetic": 0}, InvalidParameter),
    ],
)
def test_named_errors(kwargs: dict[str, object], error: type[Exception]) -> None:
    X, y, outlier = _toy_with_outlier()
    args: dict[str, object] = {"target": outlier, "config": TINY} | kwargs
    with pytest.raises(error):
        membership_inference(X, y, **args)  # type: ignore[arg-type]


def test_bad_data_and_small_minority() -> None:
    X, y, outlier = _toy_with_outlier()
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(InvalidInput):
        membership_inference(Xn, y, outlier, config=TINY)
    small = np.r_[np.flatnonzero(y == 0)[:20], np.flatnonzero(y == 1)[:6]]
    with pytest.raises(TooFewSamples):
        membership_inference(X[small], y[small], 25, config=TINY)


def test_synthetic_release_has_n_synthetic_rows_in_both_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    import refimpl.attacks.mia as mia

    sizes: list[int] = []
    real_summary = mia.summary_features

    def recording(S: np.ndarray) -> np.ndarray:
        sizes.append(len(S))
        return real_summary(S)

    monkeypatch.setattr(mia, "summary_features", recording)
    X, y, outlier = _toy_with_outlier()
    cfg = MIAConfig(n_shadows=2, meta_estimators=5, n_splits=2)
    membership_inference(X, y, outlier, mode="synthetic", config=cfg, n_synthetic=37)
    assert sizes == [37] * 4  # 2 IN releases and 2 OUT releases (one real row fewer)
