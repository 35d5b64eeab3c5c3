"""The three SMOTE + DP pipelines: shapes, bounds, statements, calibration (Lemma 4)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.dp.audit import clopper_pearson
from refimpl.dp.pipelines import (
    cell_centres,
    cell_index,
    check_bounds,
    default_bins,
    dp_smote,
    dp_then_smote,
    smote_then_dp,
)
from refimpl.dp.samplers import grid_sensitivity
from refimpl.dp.sensitivity import in_degree_bound
from refimpl.dp.statement import PIPELINES, PrivacyStatement
from refimpl.errors import (
    InvalidParameter,
    OutOfBounds,
    SeededRandomnessWarning,
    ShapeMismatch,
    TooFewSamples,
)
from refimpl.exact import exact_knn

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
        assert st_.epsilon_per_real_record is None  # no finite ε: the noise scale depends on the data
    else:
        assert st_.is_dp_guarantee and st_.delta == 0 and st_.epsilon_per_real_record == st_.epsilon
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
    assert "general position" not in rel.statement.neighbouring  # C = m assumes nothing


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


# --- issue 19: three guarantees that were stated wrongly ------------------------------------------


def test_claimed_calibration_states_no_finite_epsilon_per_real_record() -> None:
    """The counterexample: four copies of 0 against one of them moved to 1 (m = 50, ε = 1, k = 1, box (−1, 1)).

    On X the SMOTE output is constant, its own range is 0 and the noise is one grid unit wide;
    on X′ the range is positive and the noise is huge. The event E = {some |output| ≥ 1/2} then
    has probability ≤ 2m·e^{−ε·2^19} on X (a discrete Laplace of scale 1/ε grid units must reach
    2^19 units) and about 1 on X′, so the privacy loss is at least ε·2^19 − ln(2m): no finite
    ε per real record may be stated. Catches any statement of C·ε (the old m·ε = 50).
    """
    m, eps, runs = 50, 1, 200
    X = np.zeros((4, 1))
    Xp = X.copy()
    Xp[3, 0] = 1.0
    run = lambda A, s: smote_then_dp(A, epsilon=eps, bounds=[(-1, 1)], n_synthetic=m, calibration="claimed", k=1, seed=s)  # noqa: E731
    on_x = [float(np.abs(run(X, s).X).max()) for s in range(runs)]
    on_xp = [float(np.abs(run(Xp, runs + s).X).max()) for s in range(runs)]
    assert max(on_x) < 64 * 2.0**-20  # the noise on X is a few grid units: scale Δ_g/ε = 1 unit
    hits = sum(v >= 0.5 for v in on_xp)
    assert hits == runs  # on X′ every run shows E
    # exact one-unit scale on X: Δ_g = ⌊0·2^20⌋ + d (the rounding term) with d = 1
    assert grid_sensitivity(0, 20, 1) == 1
    p_lo, _ = clopper_pearson(hits, runs, 0.05)
    loss = math.log(p_lo) + eps * 2**19 - math.log(2 * m)
    stmt = run(X, 0).statement
    assert stmt.epsilon_per_real_record is None, f"states {stmt.epsilon_per_real_record} per real record; loss ≥ {loss:.3g}"
    assert "unbounded (noise scale depends on the data)" in str(stmt)
    assert not stmt.is_dp_guarantee


def _neighbours_of(X: np.ndarray, i: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    Xp = X.copy()
    Xp[i] = rng.uniform(-1, 1, size=X.shape[1])
    return Xp


STATEMENT_RUNS = {
    "claimed": lambda X, **kw: smote_then_dp(X, calibration="claimed", **kw),
    "sound worst": lambda X, **kw: smote_then_dp(X, **kw),
    "sound stone": lambda X, **kw: smote_then_dp(X, fanout="stone", delta=1e-6, **kw),
    "dp-then-smote": dp_then_smote,
    "dp-smote": dp_smote,
}


@given(seed=st.integers(0, 2**16), i=st.integers(0, 9), name=st.sampled_from(sorted(STATEMENT_RUNS)))
@example(seed=1, i=0, name="sound worst").via("the realised fan-out differs between X and X′ (was released)")
@example(seed=1, i=0, name="claimed").via("the output's own range differs between X and X′ (was in the text)")
def test_released_statement_depends_on_public_parameters_only(seed: int, i: int, name: str) -> None:
    """The statement is released with the data: it must be the same for neighbouring X, X′ (catches an un-noised statistic in it)."""
    X = np.random.default_rng(seed).uniform(-1, 1, size=(10, 2))
    Xp = _neighbours_of(X, i, seed + 1)
    kw = {"epsilon": 1, "bounds": [(-1, 1)] * 2, "n_synthetic": 40, "k": 2, "seed": 5}
    a, b = STATEMENT_RUNS[name](X, **kw), STATEMENT_RUNS[name](Xp, **kw)
    assert a.statement == b.statement and str(a.statement) == str(b.statement)
    assert "realised fan-out" not in str(a.statement)


def test_realised_fanout_is_an_operator_only_diagnostic_marked_private() -> None:
    rel = smote_then_dp(X_MIN, epsilon=1, bounds=BOUNDS, n_synthetic=40, seed=1)
    assert not hasattr(rel.statement, "realised_fanout")
    diag = rel.private_diagnostics
    assert diag is not None and 1 <= diag.realised_fanout <= 40
    assert str(diag).startswith("PRIVATE")
    assert dp_smote(X_MIN, epsilon=1, bounds=BOUNDS, n_synthetic=5, seed=1).private_diagnostics is None


# x = 0.5 + 2^-53 and y1 = 0.5 are 2^-53 apart: scikit-learn's k-d tree cannot tell them apart
# from y2 = −1 or from 3, so x (index 0) gets a computed 1-NN in-degree of 3 > kγ_1 = 2, though
# every distance is distinct (exact general position)
FLOAT_TRAP = np.array([[0.5 + 2**-53], [0.5], [-1.0], [3.0], [7.5], [-5.25], [12.75]])


def _in_degrees(pairs: set[tuple[int, int]], n: int) -> np.ndarray:
    deg = np.zeros(n, dtype=np.int64)
    for _, nbr in pairs:
        deg[nbr] += 1
    return deg


def test_the_float_trap_is_in_general_position_and_fools_the_float_knn() -> None:
    from sklearn.neighbors import NearestNeighbors

    rows = [[Fraction(v) for v in r] for r in FLOAT_TRAP.tolist()]
    d2 = [[(a[0] - b[0]) ** 2 for b in rows] for a in rows]
    for i in range(len(rows)):
        others = [d2[i][j] for j in range(len(rows)) if j != i]
        assert 0 not in others and len(set(others)) == len(others)  # distinct, nonzero: Stone applies
    exact = exact_knn(rows, 1)
    assert max(np.bincount(np.ravel(exact))) == 2 == in_degree_bound(1, 1)
    computed = NearestNeighbors(n_neighbors=2).fit(FLOAT_TRAP).kneighbors(FLOAT_TRAP, return_distance=False)[:, 1]
    # the witness that the exact k-NN is needed (if scikit-learn ever computes this exactly, drop this line)
    assert np.bincount(computed)[0] == 3


def test_stone_fanout_uses_the_exact_knn() -> None:
    """fanout="stone" rests on Stone's lemma for the EXACT k-NN; the float k-NN breaks it on FLOAT_TRAP."""
    rel = smote_then_dp(FLOAT_TRAP / 16, epsilon=1, bounds=[(-1, 1)], n_synthetic=300, fanout="stone", delta=1e-6, k=1, seed=0)
    diag = rel.private_diagnostics
    assert diag is not None and diag.neighbour_search.startswith("exact")
    exact = exact_knn([[Fraction(v)] for v in (FLOAT_TRAP / 16).ravel().tolist()], 1)
    pairs = set(zip(diag.provenance.base.tolist(), diag.provenance.neighbour.tolist()))
    assert all([nbr] == exact[base] for base, nbr in pairs)
    assert _in_degrees(pairs, len(FLOAT_TRAP)).max() <= in_degree_bound(1, 1)
    assert "general position" in rel.statement.neighbouring and "general position" in rel.statement.explanation

