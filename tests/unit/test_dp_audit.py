"""The empirical privacy audit: claimed SMOTE-then-DP calibration is refuted on the hub pair,
the sound pipelines are not, and the audit itself is valid and has power (Lemma 4)."""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.dp import realised_fanout
from refimpl.dp.audit import (
    audit_mechanism,
    audit_samples,
    clopper_pearson,
    epsilon_lower_bound,
    hub_pair,
    mean_of_sum,
)
from refimpl.dp.pipelines import dp_smote, dp_then_smote, smote_minority, smote_then_dp
from refimpl.dp.samplers import RandomSource, discrete_laplace, laplace_on_grid
from refimpl.errors import InvalidParameter

pytestmark = pytest.mark.filterwarnings("ignore::refimpl.errors.SeededRandomnessWarning")

PAIR = hub_pair(1)
M = 300  # synthetic rows per release
EPS = 1
RUNS = 300  # per dataset; half choose the event, half bound it


def _claimed(X: Any, seed: int | None) -> Any:
    return smote_then_dp(X, epsilon=EPS, bounds=PAIR.bounds, n_synthetic=M, calibration="claimed", k=1, seed=seed)


SOUND = {
    "smote-then-dp sound": lambda X, s: smote_then_dp(X, epsilon=EPS, bounds=PAIR.bounds, n_synthetic=M, k=1, seed=s),
    "dp-then-smote": lambda X, s: dp_then_smote(X, epsilon=EPS, bounds=PAIR.bounds, n_synthetic=M, k=1, bins=16, seed=s),
    "dp-smote": lambda X, s: dp_smote(X, epsilon=EPS, bounds=PAIR.bounds, n_synthetic=M, k=1, bins=16, seed=s),
}


def test_hub_pair_is_the_worst_case_of_lemma_4() -> None:
    assert PAIR.X0.shape == PAIR.X1.shape == (3, 1)
    assert np.count_nonzero(np.any(PAIR.X0 != PAIR.X1, axis=1)) == 1  # replace-one neighbours
    _, prov = smote_minority(PAIR.X0, M, 1, 0)
    assert realised_fanout(prov, 3)[0] == M  # the hub touches every synthetic row
    X2 = hub_pair(3).X0
    _, prov2 = smote_minority(X2, 50, 1, 0)
    assert realised_fanout(prov2, 7)[0] == 50


def test_claimed_calibration_violates_its_stated_epsilon_on_the_hub_pair() -> None:
    t0 = time.process_time()
    stated = _claimed(PAIR.X0, 0).statement
    res = audit_mechanism(_claimed, PAIR.X0, PAIR.X1, statistic=mean_of_sum, n_runs=RUNS, seed=11)
    assert res.epsilon_lower > float(stated.epsilon), res  # refuted with 95% confidence
    assert res.epsilon_lower > 2 * float(stated.epsilon)
    assert time.process_time() - t0 < 30  # CPU seconds: a loaded shared machine does not make it flaky


def _per_row_public_range(X: Any, seed: int | None) -> Any:
    """Per-synthetic-row calibration to the PUBLIC box (no data-dependent range): fan-out is its only flaw."""
    rng = RandomSource(seed)
    S, _ = smote_minority(np.asarray(X, dtype=np.float64), M, 1, rng.numpy_seed())
    return laplace_on_grid(S, sensitivity=2, epsilon=EPS, bound=1, changed=1, rng=rng)  # one row, L1 diameter 2


def test_fanout_alone_breaks_per_row_calibration() -> None:
    res = audit_mechanism(_per_row_public_range, PAIR.X0, PAIR.X1, statistic=mean_of_sum, n_runs=RUNS, seed=13)
    assert res.epsilon_lower > EPS, res


@pytest.mark.parametrize("name", list(SOUND))
def test_sound_pipelines_are_not_refuted_on_the_hub_pair(name: str) -> None:
    mech = SOUND[name]
    stated = mech(PAIR.X0, 0).statement
    assert stated.is_dp_guarantee
    res = audit_mechanism(mech, PAIR.X0, PAIR.X1, statistic=mean_of_sum, n_runs=RUNS, seed=12)
    assert res.epsilon_lower <= float(stated.epsilon), res


def _count(X: Any, seed: int | None, scale: Fraction = Fraction(1, 2)) -> int:
    # a counting query (sensitivity 1) with discrete Laplace noise: ε = 1/scale
    return int(np.sum(np.asarray(X))) + int(discrete_laplace(scale, rng=RandomSource(seed)))


def test_audit_is_valid_and_has_power_on_an_exact_mechanism() -> None:
    """ε = 2 exactly: the audit gets close to 2 but not above it."""
    res = audit_mechanism(_count, np.zeros(1), np.ones(1), statistic=float, n_runs=4000, seed=3)
    assert 1.0 < res.epsilon_lower <= 2.0, res


def test_audit_catches_a_mechanism_with_half_the_noise() -> None:
    """The same audit fails a mechanism that claims ε = 1 with the noise of ε = 4."""
    res = audit_mechanism(lambda X, s: _count(X, s, Fraction(1, 4)), np.zeros(1), np.ones(1), statistic=float, n_runs=4000, seed=3)
    assert res.epsilon_lower > 1.0, res


@given(k=st.integers(0, 50), n=st.integers(1, 50))
@example(k=0, n=10).via("no successes: the lower bound is 0")
@example(k=10, n=10).via("all successes: the upper bound is 1")
def test_clopper_pearson_brackets_the_estimate(k: int, n: int) -> None:
    if k > n:
        with pytest.raises(InvalidParameter):
            clopper_pearson(k, n, 0.05)
        return
    lo, hi = clopper_pearson(k, n, 0.05)
    assert 0 <= lo <= k / n <= hi <= 1
    assert (lo == 0) == (k == 0) and (hi == 1) == (k == n)


def test_clopper_pearson_matches_a_closed_form() -> None:
    # k = n: the lower bound solves p^n = alpha
    lo, _ = clopper_pearson(20, 20, 0.05)
    assert abs(lo - 0.05 ** (1 / 20)) < 1e-12
    assert epsilon_lower_bound(20, 20, 0, 20, alpha=0.1) == pytest.approx(np.log(0.05 ** (1 / 20) / (1 - 0.05 ** (1 / 20))))
    assert epsilon_lower_bound(5, 10, 5, 10) == 0.0
    assert epsilon_lower_bound(10, 10, 0, 10, delta=0.99) == 0.0


# --- power and validity at 10^5 runs on a genuinely ε = 1 mechanism --------------------------

POWER_RUNS = 100_000  # per dataset: half choose the event, half bound it


def _opendp_laplace_runs(value: float, n: int) -> tuple[np.ndarray, float]:
    """n independent runs of OpenDP's Laplace mechanism (scale 1, sensitivity 1) on the scalar
    ``value``, drawn in one vectorised call, and the ε its privacy map states for d_in = 1.

    The vector mechanism adds independent noise of scale 1 to each coordinate, so its n
    coordinates are n independent releases of the scalar mechanism (whose map is also ε = 1).
    """
    dp = pytest.importorskip("opendp.prelude", reason="opendp is in the test extra")
    dp.enable_features("contrib")
    scalar = (dp.atom_domain(T=float, nan=False), dp.absolute_distance(T=float)) >> dp.m.then_laplace(scale=1.0)
    vector = (dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float)) >> dp.m.then_laplace(scale=1.0)
    return np.asarray(vector([value] * n), dtype=np.float64), float(scalar.map(1.0))


def test_audit_reaches_0_8_on_opendp_laplace_at_epsilon_1() -> None:
    """Power: 10^5 runs per neighbour (X₀ = 0, X₁ = 1) of OpenDP's ε = 1 Laplace give ε ≥ 0.8.

    Validity: the bound stays at or below the stated ε. OpenDP's sampler cannot be seeded, so
    this run is random; at α = 0.05 the selected event's bound sits about 2.5 standard errors
    below its estimate, and exceeding ε = 1 has probability far below α.
    """
    s0, eps0 = _opendp_laplace_runs(0.0, POWER_RUNS)
    s1, _ = _opendp_laplace_runs(1.0, POWER_RUNS)
    assert eps0 == 1.0
    res = audit_samples(s0, s1)
    assert 0.8 <= res.epsilon_lower <= eps0, res
    assert res.n_runs == POWER_RUNS and res.counts[1] == res.counts[3] == POWER_RUNS // 2


def test_selection_gets_close_to_the_best_fixed_event() -> None:
    """A fixed event chosen with knowledge of the mechanism (X ≤ 0, where the ratio is exactly
    e) reaches about 0.95 on the evaluation half; the data-driven selection gets within 0.1 of
    it (the former plug-in selection reported 0.0–0.05 at 2·10^4 runs)."""
    rng = np.random.default_rng(5)
    s0, s1 = rng.laplace(0.0, 1.0, POWER_RUNS), rng.laplace(1.0, 1.0, POWER_RUNS)
    h = POWER_RUNS // 2
    fixed = epsilon_lower_bound(int(np.count_nonzero(s0[h:] <= 0)), h, int(np.count_nonzero(s1[h:] <= 0)), h)
    res = audit_samples(s0, s1)
    assert fixed > 0.9
    assert res.epsilon_lower >= fixed - 0.1, (res, fixed)


@pytest.mark.parametrize("seed", range(6))
def test_audit_never_exceeds_the_true_epsilon(seed: int) -> None:
    """Validity over seeds: seeded Laplace(scale 1) pairs at sensitivity 1 (true ε = 1) and at
    sensitivity 1/2 (true ε = 1/2); the bound stays below the true ε in every seed."""
    rng = np.random.default_rng(100 + seed)
    for shift, true_eps in ((1.0, 1.0), (0.5, 0.5)):
        s0, s1 = rng.laplace(0.0, 1.0, POWER_RUNS), rng.laplace(shift, 1.0, POWER_RUNS)
        res = audit_samples(s0, s1)
        assert res.epsilon_lower <= true_eps, (seed, shift, res)
        assert res.epsilon_lower >= 0.8 * true_eps, (seed, shift, res)  # and it has power at both ε


def test_identical_mechanisms_show_nothing() -> None:
    """X₀ and X₁ give the same distribution (ε = 0): the bound is 0 in nearly every run."""
    rng = np.random.default_rng(9)
    res = audit_samples(rng.laplace(0.0, 1.0, 20_000), rng.laplace(0.0, 1.0, 20_000))
    assert res.epsilon_lower < 0.05, res


@pytest.mark.parametrize(
    ("s0", "s1", "kwargs"),
    [
        (np.zeros(3), np.zeros(10), {}),
        (np.r_[np.zeros(9), np.nan], np.zeros(10), {}),
        (np.zeros(10), np.zeros(10), {"alpha": 1.0}),
        (np.zeros(10), np.zeros(10), {"delta": -0.1}),
    ],
)
def test_audit_samples_refuses_bad_input(s0: np.ndarray, s1: np.ndarray, kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidParameter):
        audit_samples(s0, s1, **kwargs)
