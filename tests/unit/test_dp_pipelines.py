"""The three SMOTE + DP pipelines: shapes, bounds, statements, calibration (Lemma 4)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.dp.pipelines import (
    PIPELINES,
    PrivacyStatement,
    cell_centres,
    cell_index,
    check_bounds,
    default_bins,
    dp_smote,
    dp_then_smote,
    smote_then_dp,
)
from refimpl.errors import (
    InvalidParameter,
    OutOfBounds,
    SeededRandomnessWarning,
    ShapeMismatch,
    TooFewSamples,
)

RNG = np.random.default_rng(5)
X_MIN = RNG.uniform(-0.9, 0.9, size=(20, 3))
BOUNDS = [(-1, 1)] * 3


pytestmark = pytest.mark.filterwarnings("ignore::refimpl.errors.SeededRandomnessWarning")


ALL = [
    ("smote-then-dp claimed", lambda X, **kw: smote_then_dp(X, calibration="claimed", **kw)),
    ("smote-then-dp sound", lambda X, **kw: smote_then_dp(X, calibration="sound", **kw)),
    ("dp-then-smote", dp_then_smote),
    ("dp-smote", dp_smote),
]


@pytest.mark.parametrize(("name", "run"), ALL, ids=[a for a, _ in ALL])
def test_release_shape_box_and_statement(name: str, run: object) -> None:
    rel = run(X_MIN, epsilon=1, bounds=BOUNDS, n_synthetic=37, seed=3)  # type: ignore[operator]
    assert rel.X.shape == (37, 3) and rel.X.dtype == np.float64
    assert np.all(rel.X >= -1) and np.all(rel.X <= 1)
    st_ = rel.statement
    assert isinstance(st_, PrivacyStatement)
    assert st_.epsilon == 1 and st_.bounds == ((-1.0, 1.0),) * 3
    text = str(st_)
    assert "epsilon = 1" in text and "[-1, 1]" in text
    if name.endswith("claimed"):
        assert not st_.is_dp_guarantee
        assert "NOT a DP guarantee" in st_.explanation and "fan-out" in st_.explanation
        assert "NOT a differential-privacy guarantee" in text
        assert st_.epsilon_per_real_record == 37 * st_.epsilon  # worst-case C = m, group privacy
    else:
        assert st_.is_dp_guarantee and st_.delta == 0
        assert "replace-one minority record" in st_.neighbouring


def test_seed_reproduces_and_warns() -> None:
    with pytest.warns(SeededRandomnessWarning):
        a = dp_smote(X_MIN, epsilon=2, bounds=BOUNDS, n_synthetic=10, seed=9)
    with pytest.warns(SeededRandomnessWarning):
        b = dp_smote(X_MIN, epsilon=2, bounds=BOUNDS, n_synthetic=10, seed=9)
    assert np.array_equal(a.X, b.X)


def test_sound_calibration_accounts_for_fanout_m() -> None:
    rel = smote_then_dp(X_MIN, epsilon=Fraction(1, 2), bounds=BOUNDS, n_synthetic=40, calibration="sound", seed=1)
    assert rel.statement.fanout == 40  # C = m: no assumption
    assert "C·D₁ = 240" in rel.statement.explanation  # 40 rows × L1 diameter 6
    assert rel.statement.realised_fanout is not None and 1 <= rel.statement.realised_fanout <= 40


def test_stone_fanout_needs_delta_and_spends_it() -> None:
    X = RNG.uniform(-1, 1, size=(60, 1))
    with pytest.raises(InvalidParameter, match="delta > 0"):
        smote_then_dp(X, epsilon=1, bounds=[(-1, 1)], n_synthetic=60, fanout="stone", k=1, seed=0)
    rel = smote_then_dp(X, epsilon=1, bounds=[(-1, 1)], n_synthetic=60, fanout="stone", delta=1e-6, k=1, seed=0)
    s = rel.statement
    assert 0 < s.delta <= Fraction(1e-6)
    # d = 1, k = 1: γ_1 = 2, C = r(1 + 2·1·2) = 5r < m
    assert s.fanout % 5 == 0 and s.fanout < 60


def test_claimed_is_much_less_noisy_than_sound() -> None:
    X = np.repeat(X_MIN, 5, axis=0) * 0.5
    cl = smote_then_dp(X, epsilon=8, bounds=BOUNDS, n_synthetic=200, calibration="claimed", seed=2)
    so = smote_then_dp(X, epsilon=8, bounds=BOUNDS, n_synthetic=200, calibration="sound", seed=2)
    # sound: noise of scale 200·6/8 per coordinate, so nearly every value is clipped to ±1;
    # claimed: scale ≈ (output range)/8, so few are
    assert np.mean(np.abs(so.X) == 1) > 0.95
    assert np.mean(np.abs(cl.X) == 1) < 0.25


@given(row=st.integers(0, 19), col=st.integers(0, 2), bump=st.sampled_from([2.0**-52, 0.5, 1e300]))
@example(row=0, col=0, bump=2.0**-52).via("the next float above the bound: refused, not clipped")
def test_out_of_bounds_record_is_refused_never_clipped(row: int, col: int, bump: float) -> None:
    X = X_MIN.copy()
    X[row, col] = 1 + bump
    for name in PIPELINES:
        run = {"smote-then-dp": smote_then_dp, "dp-then-smote": dp_then_smote, "dp-smote": dp_smote}[name]
        with pytest.raises(OutOfBounds, match=rf"row {row}, column {col}: .*outside the public bounds.*nothing is clipped"):
            run(X, epsilon=1, bounds=BOUNDS, n_synthetic=5, seed=0)


def test_bounds_errors_say_what_to_do() -> None:
    with pytest.raises(ShapeMismatch, match="one \\(lo, hi\\) pair per feature"):
        check_bounds(X_MIN, [(-1, 1)] * 2)
    with pytest.raises(InvalidParameter, match="must be <"):
        check_bounds(X_MIN, [(1, -1)] * 3)
    with pytest.raises(InvalidParameter, match="sequence of \\(lo, hi\\) pairs"):
        check_bounds(X_MIN, 5)
    with pytest.raises(InvalidParameter, match="epsilon must be positive"):
        dp_smote(X_MIN, epsilon=0, bounds=BOUNDS, n_synthetic=5)
    with pytest.raises(InvalidParameter, match="calibration"):
        smote_then_dp(X_MIN, epsilon=1, bounds=BOUNDS, n_synthetic=5, calibration="paper")  # type: ignore[arg-type]
    with pytest.raises(TooFewSamples, match="k=5 needs at least 6"):
        smote_then_dp(X_MIN[:4], epsilon=1, bounds=BOUNDS, n_synthetic=5, seed=0)


def test_grid_cells_are_exact_at_edges() -> None:
    lo, hi = [Fraction(-1)], [Fraction(1)]
    X = np.array([[-1.0], [np.nextafter(0.0, -1)], [0.0], [1.0]])
    assert cell_index(X, lo, hi, 2).tolist() == [0, 0, 1, 1]  # the top edge goes into the last cell
    assert cell_centres(lo, hi, 2, np.array([0, 1])).ravel().tolist() == [-0.5, 0.5]
    assert default_bins(1) == 4096 and default_bins(7) == 3 and default_bins(8) == 2 and default_bins(20) == 2


def test_histogram_pipelines_find_a_dense_cluster_at_high_epsilon() -> None:
    X = np.full((40, 2), 0.6) + RNG.uniform(-0.05, 0.05, size=(40, 2))
    for run in (dp_then_smote, dp_smote):
        rel = run(X, epsilon=8, bounds=[(-1, 1)] * 2, n_synthetic=200, bins=8, seed=4)
        # cell [0.5, 0.75)² holds every record; at ε = 8 nearly all mass stays near it
        assert np.mean(np.all(np.abs(rel.X - 0.625) <= 0.25, axis=1)) > 0.8
