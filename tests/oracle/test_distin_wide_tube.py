"""Far from the origin relative to their spread, rows sit in each other's rounding tubes: no
real row may then be called synthetic (issue 15; found by bench/adversarial.py).

A cluster at 1e8 with spread 1e-6 has a rounding tube (Lemma 3: u·|s| ≈ 1.1e-8) of about 1% of
the distance between neighbours, so in d = 2 a real row falls in the tube of a segment between
two other rows with a chance of a few per cent. Before the per-row Lemma 6(c) rule, both cases
below called a real row ``synthetic`` with a "certified witness" and stated 0 expected false
positives.
"""

import numpy as np

from refimpl import SMOTE
from refimpl.attacks import distin_smote
from refimpl.attacks.assumptions import FALSE_WITNESS_RATE

# bench/adversarial.py, seed 7, configuration 1330 (family exact): 5 real rows, k = 1
EXACT_CASE = [
    [100000000.00000018, 100000000.0000007],
    [99999999.99999806, 99999999.99999993],
    [100000000.00000143, 99999999.99999727],
    [99999999.99999817, 99999999.99999928],
    [99999999.99999979, 100000000.00000054],
]
# 1e8 + 1e-6·N(0, 1) in d = 2 (default_rng([99, 96])): 5 real rows, k = 4, one synthetic row
FLOAT_CASE = [
    [100000000.00000076, 100000000.00000082],
    [100000000.00000095, 99999999.99999925],
    [99999999.99999887, 99999999.99999881],
    [99999999.99999946, 100000000.00000043],
    [100000000.00000097, 100000000.00000103],
]


def _augmented(rows: list[list[float]], n_syn: int, k: int, seed: int, arithmetic: str) -> np.ndarray:
    X = np.vstack([np.array(rows), np.full((1, 2), 1e15)])
    y = np.r_[np.ones(len(rows), dtype=int), 0]
    sm = SMOTE(
        k_neighbors=k, sampling_strategy={1: len(rows) + n_syn}, random_state=seed, arithmetic=arithmetic
    )  # type: ignore[arg-type]
    Xo, yo = sm.fit_resample(X, y)
    return np.asarray(Xo[np.asarray(yo) == 1])


def _check(Xm: np.ndarray, n_real: int, k: int) -> None:
    res = distin_smote(Xm, np.ones(len(Xm), dtype=int), k=k)
    assert (res.verdicts[:n_real] == "synthetic").sum() == 0, res.reasons[:n_real]
    # the result states the risk: Lemma 6(c) with the rounding tube alone, well above one row
    assert res.expected_false_positives >= 1
    assert any("rounding tube (Lemma 3) is comparable" in n for n in res.notes)
    wide = [r for r in res.reasons if "Lemma 6(c)" in r]
    assert wide and all(f"{FALSE_WITNESS_RATE:g}" in r for r in wide)


def test_exact_smote_far_cluster_calls_no_real_row_synthetic() -> None:
    Xm = _augmented(EXACT_CASE, 7, 1, 1330, "exact")
    assert Xm.dtype == object  # Fractions: the exact input path
    _check(Xm, len(EXACT_CASE), 1)


def test_float_smote_far_cluster_calls_no_real_row_synthetic() -> None:
    Xm = _augmented(FLOAT_CASE, 1, 4, 96, "float64")
    _check(Xm, len(FLOAT_CASE), 4)


def test_ordinary_data_keeps_its_synthetic_verdicts() -> None:
    """The same shape near the origin (spread 1): the per-row bound is negligible, recall stays 1."""
    rng = np.random.default_rng(5)
    rows = rng.normal(size=(8, 2)).tolist()
    Xm = _augmented(rows, 12, 3, 0, "float64")
    res = distin_smote(Xm, np.ones(len(Xm), dtype=int), k=3)
    assert res.verdicts[:8].tolist() == ["real"] * 8
    assert (res.verdicts[8:] == "synthetic").sum() == 12
    assert res.expected_false_positives < 1e-6
