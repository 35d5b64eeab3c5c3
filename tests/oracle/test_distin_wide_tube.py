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


# bench/adversarial.py, seed 0, configuration 6308 (family release): rows 6, 0 and 2 are nearly
# collinear (1.8e-3 rad) and row 0 has a child at λ = 0.002 towards row 6, 3e-4 from it
NEAR_CHILD_CASE = [
    [-0.925159359965595, 0.08859171339961036],
    [0.5992652434024578, -0.5845311865926104],
    [-0.18427924764087125, 0.1393095591916698],
    [-0.1327348198789651, -0.9293319315278249],
    [1.8841128268987062, 0.7220221787410861],
    [-1.2127889608082647, 1.0396970549289772],
    [-1.0792437939196202, 0.07776389465219896],
    [0.9690368613116324, 0.013572802729467903],
    [0.6178534612425283, 0.8544527253878994],
    [-0.6182928673704786, -1.2454554117197556],
    [-0.1824802249148754, -0.6014940601405767],
]


def test_a_real_row_next_to_its_child_is_not_called_synthetic_under_a_release() -> None:
    """Before the certificate-agreement rule row 0 was called synthetic, witness (its child, row 2),
    with Lemma 6(c)'s estimate at 0.006: the child's own certificate (row 0, a sibling) is off that line."""
    from refimpl.release import apply_release

    Xm = apply_release(_augmented(NEAR_CHILD_CASE, 18, 1, 6308, "float64"), "decimals:6", seed=6308)
    res = distin_smote(Xm, np.ones(len(Xm), dtype=int), k=1, release="decimals:6")
    assert (res.verdicts[:11] == "synthetic").sum() == 0
    assert "certificates disagree" in res.reasons[0]
    assert (res.verdicts[11:] == "synthetic").sum() >= 16  # of 18: the rule costs little recall
