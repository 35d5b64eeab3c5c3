"""The exact DP samplers (Canonne–Kamath–Steinke 2020): exact probabilities and χ² fits.

Exact checks enumerate the sampler's whole probability tree: a scripted random source
answers every ``below(b)`` call with each of 0..b−1 in turn and every ``bernoulli(a, b)``
coin with both outcomes, a path's probability is the product of its answers', and paths are cut when their probability drops under a cut-off. The mass reaching
each outcome is then a lower bound on its probability, and that mass plus the cut mass
an upper bound; both are exact Fractions, compared with the true pmf by sympy (exact
decisions on transcendental numbers).
"""

from __future__ import annotations

import math
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.stats import chisquare

from refimpl.dp.samplers import (
    RandomSource,
    _dgauss_round,
    bernoulli_exp,
    discrete_gaussian,
    discrete_gaussian_scalar,
    discrete_laplace,
    discrete_laplace_scalar,
    grid_sensitivity,
    laplace_on_grid,
)
from refimpl.errors import InvalidInput, InvalidParameter, OutOfBounds, SeededRandomnessWarning


class _Branch(Exception):
    def __init__(self, options: list[tuple[int, Fraction]]) -> None:
        self.options = options  # (answer, probability)


class _Tape(RandomSource):
    """Replays a fixed prefix of choices, then asks the enumerator to branch."""

    def __init__(self, prefix: tuple[int, ...]) -> None:  # no super(): no OS, no seed
        self.prefix = prefix
        self.pos = 0

    def _next(self, options: list[tuple[int, Fraction]]) -> int:
        if self.pos < len(self.prefix):
            value = self.prefix[self.pos]
            self.pos += 1
            return value
        raise _Branch(options)

    def below(self, bound: int) -> int:
        return self._next([(v, Fraction(1, bound)) for v in range(bound)])

    def bernoulli(self, num: int, den: int) -> bool:
        # one branch per outcome (not per integer below den): the tree stays small
        opts = [(1, Fraction(num, den)), (0, 1 - Fraction(num, den))]
        return self._next([o for o in opts if o[1] > 0]) == 1


def enumerate_tree(run: Callable[[RandomSource], object], cutoff: Fraction) -> tuple[dict[object, Fraction], Fraction]:
    """(mass reaching each outcome, mass cut off), exactly."""
    reached: dict[object, Fraction] = defaultdict(Fraction)
    cut = Fraction(0)
    stack: list[tuple[tuple[int, ...], Fraction]] = [((), Fraction(1))]
    while stack:
        prefix, p = stack.pop()
        try:
            reached[run(_Tape(prefix))] += p
        except _Branch as br:
            for value, q in br.options:
                if p * q < cutoff:
                    cut += p * q
                else:
                    stack.append(((*prefix, value), p * q))
    return dict(reached), cut


def _within(lower: Fraction, upper: Fraction, exact: sp.Expr) -> bool:
    return bool(sp.Rational(lower.numerator, lower.denominator) <= exact) and bool(
        exact <= sp.Rational(upper.numerator, upper.denominator)
    )


def _seeded(seed: int) -> RandomSource:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeededRandomnessWarning)
        return RandomSource(seed)


# --- exact probabilities ---------------------------------------------------------------------------


@given(a=st.integers(0, 12), b=st.integers(1, 6))
@example(a=1, b=3).via("γ = 1/3, the Bernoulli building block")
@example(a=3, b=3).via("γ = 1: the exp(−1) coin of the geometric loop")
@example(a=5, b=2).via("γ > 1: ⌊γ⌋ exp(−1) coins then the fractional part")
@example(a=0, b=1).via("γ = 0: always True")
def test_bernoulli_exp_probability_is_exactly_exp_minus_gamma(a: int, b: int) -> None:
    gamma = Fraction(a, b)
    reached, cut = enumerate_tree(lambda r: bernoulli_exp(gamma, r), Fraction(1, 10**5))
    assert cut < Fraction(1, 10**3)
    truth = sp.exp(-sp.Rational(a, b))
    p_true = reached.get(True, Fraction(0))
    assert _within(p_true, p_true + cut, truth)
    assert _within(reached.get(False, Fraction(0)), reached.get(False, Fraction(0)) + cut, 1 - truth)


@pytest.mark.parametrize("scale", [Fraction(1), Fraction(1, 2), Fraction(2)])
def test_discrete_laplace_pmf_exact_on_small_support(scale: Fraction) -> None:
    reached, cut = enumerate_tree(lambda r: discrete_laplace_scalar(scale, 1, rng=r)[0], Fraction(1, 4 * 10**4))
    assert cut < Fraction(1, 20)  # the bounds below are exact whatever the cut; this keeps them tight
    p = sp.exp(-1 / sp.Rational(scale.numerator, scale.denominator))
    for y in range(-3, 4):
        pmf = (1 - p) / (1 + p) * p ** abs(y)
        got = reached.get(y, Fraction(0))
        assert _within(got, got + cut, pmf), (scale, y, float(got), float(pmf))


def test_discrete_gaussian_pmf_exact_on_small_support() -> None:
    # one round of the rejection loop; the output law is the law of y given acceptance
    reached, cut = enumerate_tree(lambda r: _dgauss_round(Fraction(1), 2, r), Fraction(1, 10**5))
    assert cut < Fraction(1, 15)  # the bounds hold whatever the cut; it only sets their width
    accepted = sum((p for y, p in reached.items() if y is not None), Fraction(0))
    # normaliser Σ_z exp(−z²/2): the terms with |z| ≤ 12 plus a tail < 2·Σ_{z>12} e^{−6z} < e^{−70}
    head = sum(sp.exp(-sp.Rational(z * z, 2)) for z in range(-12, 13))
    tail = sp.exp(-70)
    for y in range(-2, 3):
        got = reached.get(y, Fraction(0))
        lo_pmf = sp.exp(-sp.Rational(y * y, 2)) / (head + tail)
        hi_pmf = sp.exp(-sp.Rational(y * y, 2)) / head
        lower, upper = got / (accepted + cut), (got + cut) / accepted  # P[y | accepted] lies in between
        assert bool(sp.Rational(lower.numerator, lower.denominator) <= hi_pmf)
        assert bool(lo_pmf <= sp.Rational(upper.numerator, upper.denominator))


def test_enumeration_detects_a_wrong_pmf() -> None:
    """The exact check can fail: scale 3/2 draws do not match the scale-2 pmf."""
    reached, cut = enumerate_tree(lambda r: discrete_laplace_scalar(Fraction(3, 2), 1, rng=r)[0], Fraction(1, 4 * 10**4))
    p = sp.exp(-sp.Rational(1, 2))
    pmf0 = (1 - p) / (1 + p)
    assert not _within(reached[0], reached[0] + cut, pmf0)


# --- χ² goodness of fit on 10^5 draws --------------------------------------------------------------


def _laplace_pmf(scale: float, support: range) -> np.ndarray:
    p = math.exp(-1 / scale)
    return np.array([(1 - p) / (1 + p) * p ** abs(y) for y in support])


def _gauss_pmf(sigma2: float, support: range) -> np.ndarray:
    w = np.array([math.exp(-(y * y) / (2 * sigma2)) for y in range(-60, 61)])
    return np.array([math.exp(-(y * y) / (2 * sigma2)) for y in support]) / w.sum()


def _chi2_pvalue(draws: np.ndarray, pmf: Callable[[range], np.ndarray], lim: int) -> float:
    support = range(-lim, lim + 1)
    probs = pmf(support)
    obs = np.array([np.count_nonzero(draws == y) for y in support] + [np.count_nonzero(np.abs(draws) > lim)])
    exp = np.append(probs, 1 - probs.sum()) * draws.size
    return float(chisquare(obs, exp).pvalue)


N_DRAWS = 100_000


@pytest.mark.parametrize(
    ("name", "draw", "pmf", "lim"),
    [
        ("vectorised, scale 2", lambda r: discrete_laplace(2, N_DRAWS, rng=r), lambda s: _laplace_pmf(2, s), 8),
        ("vectorised, scale 1/3", lambda r: discrete_laplace(Fraction(1, 3), N_DRAWS, rng=r), lambda s: _laplace_pmf(1 / 3, s), 3),
        ("scalar, scale 5/2", lambda r: np.array(discrete_laplace_scalar(Fraction(5, 2), N_DRAWS, rng=r)), lambda s: _laplace_pmf(2.5, s), 9),
        ("vectorised from secrets", lambda r: discrete_laplace(3, N_DRAWS), lambda s: _laplace_pmf(3, s), 10),
        ("gaussian, sigma² = 9/4", lambda r: discrete_gaussian(Fraction(9, 4), N_DRAWS, rng=r), lambda s: _gauss_pmf(2.25, s), 5),
        ("gaussian, sigma² = 1/3", lambda r: discrete_gaussian(Fraction(1, 3), N_DRAWS, rng=r), lambda s: _gauss_pmf(1 / 3, s), 2),
    ],
)
def test_chi_square_fit(name: str, draw: Callable[[RandomSource], np.ndarray], pmf: Callable[[range], np.ndarray], lim: int) -> None:
    t0 = time.process_time()
    draws = np.asarray(draw(_seeded(20260404)))
    assert draws.size == N_DRAWS
    # the secrets row is not seeded; its false-alarm rate at this level is 1e-6
    assert _chi2_pvalue(draws, pmf, lim) > 1e-6, name
    assert time.process_time() - t0 < 20


def test_scalar_gaussian_path_fits() -> None:
    draws = np.array(discrete_gaussian_scalar(Fraction(5, 2), 20_000, rng=_seeded(8)))
    assert _chi2_pvalue(draws, lambda s: _gauss_pmf(2.5, s), 5) > 1e-6
    # a σ² whose denominator is beyond the 64-bit path goes through the scalar path
    big = Fraction(2**50 + 3, 2**49)  # ≈ 2
    assert _chi2_pvalue(discrete_gaussian(big, 5_000, rng=_seeded(9)), lambda s: _gauss_pmf(float(big), s), 4) > 1e-6


def test_chi_square_detects_a_wrong_scale() -> None:
    """The χ² test can fail: scale-2.2 draws against the scale-2 pmf."""
    draws = discrete_laplace(Fraction(11, 5), N_DRAWS, rng=_seeded(1))
    assert _chi2_pvalue(draws, lambda s: _laplace_pmf(2, s), 8) < 1e-6


def test_sampler_speed_is_seconds_for_1e5_draws() -> None:
    t0 = time.process_time()
    discrete_laplace(Fraction(7, 3), N_DRAWS, rng=_seeded(0))
    assert time.process_time() - t0 < 5  # CPU seconds (about 0.1 s on an idle machine)


def test_vectorised_and_scalar_paths_agree_in_distribution_for_large_denominators() -> None:
    # a float scale has a 2^52-ish denominator; 2^-30 scale numerators force the scalar path
    scale = Fraction(2**49 + 1, 2**48)  # ≈ 2, numerator beyond the 64-bit path
    draws = discrete_laplace(scale, 20_000, rng=_seeded(3))
    assert _chi2_pvalue(draws, lambda s: _laplace_pmf(float(scale), s), 8) > 1e-6


# --- randomness source and warnings -----------------------------------------------------------------


def test_seed_warns_and_reproduces() -> None:
    with pytest.warns(SeededRandomnessWarning, match="testing only"):
        a = discrete_laplace(3, 50, rng=RandomSource(7))
    with pytest.warns(SeededRandomnessWarning):
        b = discrete_laplace(3, 50, rng=RandomSource(7))
    assert np.array_equal(a, b)


def test_default_source_is_secrets_and_silent() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        src = RandomSource()
        assert not src.seeded
        discrete_laplace(1, 10, rng=src)
        discrete_laplace(1, 10)


@given(bound=st.integers(1, 2**63 - 1), seed=st.integers(0, 2**32))
@example(bound=1, seed=0).via("bound 1 always gives 0")
@example(bound=2**63 - 1, seed=1).via("the largest 64-bit-path bound")
@example(bound=3, seed=2).via("2^64 mod 3 = 1: rejection matters")
def test_below_array_is_in_range(bound: int, seed: int) -> None:
    out = _seeded(seed).below_array(np.full(64, bound, dtype=np.uint64))
    assert out.dtype == np.uint64 and bool(np.all(out < np.uint64(bound)))


# --- the grid Laplace ---------------------------------------------------------------------------------


@given(x=st.floats(-1e6, 1e6, allow_nan=False), k=st.integers(0, 30))
@example(x=0.1, k=20).via("0.1 is not a dyadic rational: it is rounded to the grid first")
@example(x=-0.0, k=0).via("grid of integers")
def test_grid_laplace_outputs_lie_on_the_grid(x: float, k: int) -> None:
    out = laplace_on_grid([x, x], sensitivity=1, epsilon=1, bound=1e6, grid_bits=k, rng=_seeded(0))
    for v in out.tolist():
        q = Fraction(v) * 2**k
        assert q.denominator == 1  # exactly a multiple of 2^-k: no data-dependent low bits


def test_grid_sensitivity_counts_the_rounding() -> None:
    assert grid_sensitivity(1, 20, 1) == 2**20 + 1
    assert grid_sensitivity(Fraction(1, 3), 2, 4) == 1 + 4
    # rounding two neighbours on either side of a grid midpoint moves them 1 unit apart though
    # |x − x'| is tiny: the +changed term is needed
    a, b = np.rint(np.array([0.5 - 2**-40, 0.5 + 2**-40]))
    assert b - a == 1


def test_grid_laplace_rejects_bad_parameters() -> None:
    with pytest.raises(InvalidParameter, match="epsilon must be positive"):
        laplace_on_grid([0.0], sensitivity=1, epsilon=0, bound=1)
    with pytest.raises(InvalidParameter, match="grid_bits"):
        laplace_on_grid([0.0], sensitivity=1, epsilon=1, bound=1, grid_bits=99)
    with pytest.raises(InvalidInput, match="finite"):
        laplace_on_grid([math.nan], sensitivity=1, epsilon=1, bound=1)
    with pytest.raises(InvalidParameter, match="rescale the public box"):
        laplace_on_grid([0.0], sensitivity=1, epsilon=1, bound=1e300)
    with pytest.raises(OutOfBounds, match="exceeds the public bound"):
        laplace_on_grid([1e300], sensitivity=1, epsilon=1, bound=1)
    with pytest.raises(InvalidParameter, match="scale must be positive"):
        discrete_laplace(-1)
    with pytest.raises(InvalidParameter, match="gamma must be ≥ 0"):
        bernoulli_exp(Fraction(-1, 2))


class _NoValues:
    """An array-like that fails the test if it is read: the public checks must come first."""

    shape = (3,)

    def __array__(self, *args: object, **kwargs: object) -> np.ndarray:
        raise AssertionError("the values were read before a public parameter check")


@given(bits=st.integers(0, 60), bound=st.sampled_from([1.0, 2.0**20, 2.0**32, 2.0**52, 1e300]),
       x=st.floats(-1.0, 1.0))
@example(bits=32, bound=2.0**20, x=1.0).via("2^52 grid units exactly: accepted, whatever the values")
@example(bits=33, bound=2.0**20, x=0.0).via("2^53 grid units: refused before the values are read")
@example(bits=39, bound=2.0**13, x=1.0).via("the old code refused x = 2^13 (2^52 units) but not x = 0")
@example(bits=20, bound=1.0, x=0.5).via("noise of 2^20 units against L = 2^20: the clip to ±L is exercised")
def test_grid_laplace_errors_depend_on_public_parameters_only(bits: int, bound: float, x: float) -> None:
    """Whether laplace_on_grid raises depends on (bound, grid_bits, ε, Δ), never on a value within the bound.

    The old checks (|value| ≥ 2^52 grid units, |noisy| ≥ 2^53) were applied to the data, so
    the mere error told whether some record was large. Catches any check on the values other
    than the caller's promise |v| ≤ B.
    """
    if bound * 2.0**bits > 2.0**52:
        with pytest.raises(InvalidParameter, match="rescale the public box"):
            laplace_on_grid(_NoValues(), sensitivity=1, epsilon=1, bound=bound, grid_bits=bits, changed=1)
        return
    if 2**bits + 1 >= 2**40:  # Δ_g/ε = 2^k + 1 grid units: too wide for int64, also public
        with pytest.raises(InvalidParameter, match="too large for int64"):
            laplace_on_grid(_NoValues(), sensitivity=1, epsilon=1, bound=bound, grid_bits=bits, changed=1)
        return
    for v in (x * bound, bound, -bound, 0.0):  # every value allowed by the bound gives the same outcome
        out = laplace_on_grid([v], sensitivity=1, epsilon=1, bound=bound, grid_bits=bits, changed=1, rng=_seeded(1))
        assert abs(float(out[0])) <= math.ceil(bound * 2.0**bits) / 2.0**bits  # clipped to ±L, exact
        assert (Fraction(float(out[0])) * 2**bits).denominator == 1
