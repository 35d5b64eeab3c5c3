"""ReconSMOTE's search option: approximate candidates only where an exact KD-tree search degenerates, and said so."""

from __future__ import annotations

import numpy as np
import pytest

from refimpl import SMOTE
from refimpl.attacks import recon_smote
from refimpl.attacks.scoring import recon_scores
from refimpl.errors import InvalidParameter


def synthetic(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n, d)), rng.normal(loc=5.0, size=(6, d))])
    y = np.r_[np.ones(n, int), np.zeros(6, int)]
    Xr, _ = SMOTE(k_neighbors=5, sampling_strategy={1: 21 * n}, random_state=seed).fit_resample(X, y)
    return X[:n], np.asarray(Xr)[len(X) :]


def test_auto_is_approximate_in_high_dimension_and_says_so() -> None:
    real, syn = synthetic(60, 16)  # 1,200 rows < 2^16: an exact search would visit most leaves
    auto = recon_smote(syn)
    exact = recon_smote(syn, search="exact")
    assert auto.search == "approximate (eps = 2)" and auto.summary()["search"] == auto.search
    assert any("approximate" in n and "search='exact'" in n for n in auto.notes)
    assert exact.search == "exact" and not any("approximate" in n for n in exact.notes)
    a, e = recon_scores(auto, real), recon_scores(exact, real)
    assert a.precision == e.precision == 1.0  # candidates only: never a wrong point
    assert a.recall == e.recall > 0.5  # pinned on this data: nothing lost


def test_auto_is_exact_in_low_dimension() -> None:
    _, syn = synthetic(60, 3)
    auto, exact = recon_smote(syn), recon_smote(syn, search="exact")
    assert auto.search == "exact"
    assert auto.boxes == exact.boxes and auto.lines == exact.lines


def test_unknown_search_is_refused() -> None:
    _, syn = synthetic(20, 3)
    with pytest.raises(InvalidParameter, match="search"):
        recon_smote(syn, search="fast")
