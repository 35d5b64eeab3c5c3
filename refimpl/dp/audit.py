"""Empirical privacy audit: a statistically valid *lower* bound on the ε a mechanism achieves.

If a mechanism M is (ε, δ)-DP, then for neighbouring datasets X₀, X₁ and every event E,
P[M(X₀) ∈ E] ≤ e^ε · P[M(X₁) ∈ E] + δ. Run M many times on each dataset, estimate both
probabilities for one event E, and bound them with Clopper–Pearson intervals: with
confidence 1 − α, ε ≥ ln((p̂₀⁻ − δ) / p̂₁⁺), where p̂₀⁻ is the lower and p̂₁⁺ the upper bound.
A lower bound above the stated ε refutes the statement (with confidence 1 − α); a lower
bound below it says nothing either way.

The event is E = {statistic(output) > threshold} (or ≤, or with X₀ and X₁ swapped). The
threshold and direction are chosen on a first half of the runs and the bound is computed on
the second half, so that the selection does not bias the confidence level.

`hub_pair` builds the worst case of Lemma 4 (proofs/04_smote_dp_sensitivity.py): a hub
that is the nearest neighbour of every other record, so that it influences every synthetic
row, and a neighbouring dataset in which the hub is replaced.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.dp.pipelines import one_thread
from refimpl.errors import InvalidParameter, SeededRandomnessWarning
from refimpl.results import ResultDisplay

FloatArray = npt.NDArray[np.float64]
#: a mechanism under audit: (dataset, seed or None) -> released array
Mechanism = Callable[[FloatArray, "int | None"], Any]
#: a distinguishing statistic of one release
Statistic = Callable[[Any], float]


def clopper_pearson(successes: int, trials: int, alpha: float) -> tuple[float, float]:
    """One-sided Clopper–Pearson bounds (lower, upper), each holding with probability ≥ 1 − alpha.

    Parameters
    ----------
    successes, trials:
        The observed count k out of n.
    alpha:
        The error probability of each one-sided bound.
    """
    from scipy.stats import beta

    if not 0 <= successes <= trials or trials < 1:
        raise InvalidParameter(f"need 0 ≤ successes ≤ trials and trials ≥ 1, got {successes}/{trials}")
    if not 0 < alpha < 1:
        raise InvalidParameter(f"alpha must be in (0, 1), got {alpha!r}")
    lo = 0.0 if successes == 0 else float(beta.ppf(alpha, successes, trials - successes + 1))
    hi = 1.0 if successes == trials else float(beta.ppf(1 - alpha, successes + 1, trials - successes))
    return lo, hi


def epsilon_lower_bound(k0: int, n0: int, k1: int, n1: int, *, delta: float = 0.0, alpha: float = 0.05) -> float:
    """ε ≥ ln((p₀⁻ − δ)/p₁⁺) with confidence 1 − alpha (α/2 per Clopper–Pearson bound); 0 if nothing is shown.

    Parameters
    ----------
    k0, n0:
        How often the event occurred in n0 runs on X₀.
    k1, n1:
        How often it occurred in n1 runs on X₁.
    delta:
        The δ of the statement under audit.
    alpha:
        The overall error probability (union bound over the two intervals).
    """
    p0_lo, _ = clopper_pearson(k0, n0, alpha / 2)
    _, p1_hi = clopper_pearson(k1, n1, alpha / 2)
    if p0_lo - delta <= 0 or p1_hi <= 0:
        return 0.0
    return max(0.0, math.log((p0_lo - delta) / p1_hi))


@dataclass(frozen=True, repr=False)
class AuditResult(ResultDisplay):
    """The outcome of `audit_mechanism`.

    Attributes
    ----------
    epsilon_lower:
        The lower bound on ε, valid with confidence ``1 − alpha``.
    alpha:
        The error probability of the bound.
    threshold, event:
        The event E chosen on the first half: ``"X0: stat > t"`` style description.
    counts:
        (k0, n0, k1, n1) on the evaluation half, for the event as oriented.
    n_runs:
        Runs per dataset (both halves).
    """

    epsilon_lower: float
    alpha: float
    threshold: float
    event: str
    counts: tuple[int, int, int, int]
    n_runs: int


def _best_event(s0: FloatArray, s1: FloatArray) -> tuple[float, bool, bool]:
    """(threshold, greater, swap) maximising the smoothed plug-in ln(P₀(E)/P₁(E)) on a selection half."""
    cands = np.unique(np.concatenate([s0, s1]))
    if cands.size > 256:
        cands = np.unique(np.quantile(np.concatenate([s0, s1]), np.linspace(0, 1, 257)))
    best = (-math.inf, float(cands[0]), True, False)
    n0, n1 = s0.size, s1.size
    for t in cands.tolist():
        for greater in (True, False):
            a = np.count_nonzero(s0 > t) if greater else np.count_nonzero(s0 <= t)
            b = np.count_nonzero(s1 > t) if greater else np.count_nonzero(s1 <= t)
            for swap, (x, nx, y, ny) in ((False, (a, n0, b, n1)), (True, (b, n1, a, n0))):
                score = math.log((x + 0.5) / (nx + 1)) - math.log((y + 0.5) / (ny + 1))
                if score > best[0]:
                    best = (score, float(t), greater, swap)
    return best[1], best[2], best[3]


def audit_mechanism(
    mechanism: Mechanism,
    X0: Any,
    X1: Any,
    *,
    statistic: Statistic,
    n_runs: int = 1000,
    delta: float = 0.0,
    alpha: float = 0.05,
    seed: int | None = 0,
) -> AuditResult:
    """A (1 − alpha)-confidence lower bound on the ε of ``mechanism`` from the pair (X₀, X₁); Lemma 4, proofs/04_smote_dp_sensitivity.py (for the hub pair).

    Parameters
    ----------
    mechanism:
        ``mechanism(X, seed)`` returns one release; it is called ``n_runs`` times per dataset
        with distinct seeds derived from ``seed`` (or with ``None``, i.e. OS randomness, if
        ``seed`` is None). Seeded-randomness warnings are silenced inside the audit: an audit
        is a test.
    X0, X1:
        Neighbouring datasets.
    statistic:
        Maps a release to a number; the event is a threshold on it.
    n_runs:
        Runs per dataset; half choose the event, half bound it.
    delta:
        The δ of the statement under audit.
    alpha:
        The error probability of the returned bound.
    seed:
        Seeds the runs (reproducible audit) or None.
    """
    if isinstance(n_runs, bool) or not isinstance(n_runs, int) or n_runs < 4:
        raise InvalidParameter(f"n_runs must be an int ≥ 4, got {n_runs!r}")
    seeds: list[int | None]
    if seed is None:
        seeds = [None] * (2 * n_runs)
    else:
        seeds = [int(v) for v in np.random.default_rng(seed).integers(0, 2**31, size=2 * n_runs)]
    with warnings.catch_warnings(), one_thread():
        warnings.simplefilter("ignore", SeededRandomnessWarning)
        s0 = np.array([float(statistic(mechanism(X0, seeds[i]))) for i in range(n_runs)])
        s1 = np.array([float(statistic(mechanism(X1, seeds[n_runs + i]))) for i in range(n_runs)])
    half = n_runs // 2
    t, greater, swap = _best_event(s0[:half], s1[:half])
    e0, e1 = s0[half:], s1[half:]
    k0 = int(np.count_nonzero(e0 > t if greater else e0 <= t))
    k1 = int(np.count_nonzero(e1 > t if greater else e1 <= t))
    if swap:
        k0, k1 = k1, k0
    n_eval0, n_eval1 = e0.size, e1.size
    lb = epsilon_lower_bound(k0, n_eval0, k1, n_eval1, delta=delta, alpha=alpha)
    first, second = ("X1", "X0") if swap else ("X0", "X1")
    event = f"statistic {'>' if greater else '≤'} {t:.6g}, more likely under {first} than {second}"
    return AuditResult(lb, alpha, t, event, (k0, n_eval0, k1, n_eval1), n_runs)


@dataclass(frozen=True, repr=False)
class NeighbouringPair(ResultDisplay):
    """Two datasets differing in one record, the public bounds, and what differs."""

    X0: FloatArray
    X1: FloatArray
    bounds: tuple[tuple[float, float], ...]
    description: str


def hub_pair(d: int = 1) -> NeighbouringPair:
    """The hub of Lemma 4 in [−1, 1]^d: every spoke's nearest neighbour is the hub (fan-out m for k = 1); X₁ moves the hub to the corner; Lemma 4, proofs/04_smote_dp_sensitivity.py.

    X₀ is the hub at the origin plus 2d spokes ±ℓ_p·e_p with distinct lengths
    ℓ_p ∈ [1/2, 3/5) (spokes are ≥ √2/2 apart, so each one's nearest neighbour is the hub).
    X₁ replaces the hub by the corner (1, …, 1). With k = 1 every synthetic row of X₀ has
    the hub as base or neighbour.
    """
    if isinstance(d, bool) or not isinstance(d, int) or d < 1:
        raise InvalidParameter(f"d must be a positive int, got {d!r}")
    rows: list[list[float]] = [[0.0] * d]
    for p in range(d):
        for sign, off in ((1, 0), (-1, 1)):
            length = Fraction(1, 2) + Fraction(2 * p + off, 20 * (2 * d))
            row = [0.0] * d
            row[p] = float(sign * length)
            rows.append(row)
    X0 = np.array(rows, dtype=np.float64)
    X1 = X0.copy()
    X1[0] = 1.0
    return NeighbouringPair(
        X0,
        X1,
        tuple((-1.0, 1.0) for _ in range(d)),
        f"hub at the origin with {2 * d} spokes (X0) vs the hub replaced by the corner (1, …, 1) (X1), in [-1, 1]^{d}",
    )


def mean_of_sum(release: Any) -> float:
    """A distinguishing statistic: the mean over released rows of the sum of their coordinates."""
    arr = np.asarray(release.X if hasattr(release, "X") else release, dtype=np.float64)
    return float(arr.sum(axis=-1).mean()) if arr.ndim == 2 else float(arr.mean())
