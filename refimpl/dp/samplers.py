"""Exact samplers for differential privacy: discrete Laplace, discrete Gaussian, Laplace on a grid.

Nothing here lets a float decide anything. Every random decision is a comparison of a
uniform *integer* with an integer threshold, following Canonne, Kamath and Steinke, "The
Discrete Gaussian for Differential Privacy" (NeurIPS 2020; CKS below).

Algorithm notes
---------------
*Bernoulli(exp(−γ)), γ = a/b ∈ [0, 1]* (CKS Algorithm 1). Draw A_1, A_2, ... with
A_j ~ Bernoulli(γ/j) until the first A_K = 0 and return [K odd]. Since
P[K > j] = γ^j / j!, P[K odd] = Σ_i (−γ)^i / i! = exp(−γ). Each A_j is decided by
``U < a`` with U uniform on {0, ..., b·j − 1}: an integer comparison. For γ > 1,
exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)) is a product of independent coins.

*Discrete Laplace with scale t/s* (CKS Algorithm 2): P[Y = y] ∝ exp(−|y|·s/t) on ℤ. Draw
U uniform on {0, ..., t − 1} and accept with probability exp(−U/t); draw V, the number of
successes of Bernoulli(exp(−1)) before the first failure; then X = U + t·V is geometric with
P[X = x] ∝ exp(−x/t), Y = ⌊X/s⌋ is geometric with ratio exp(−s/t); a fair sign B gives
(1 − 2B)·Y, rejecting (B = 1, Y = 0) so that 0 is not counted twice. Adding it to an integer
query of L1 sensitivity Δ with scale Δ/ε is ε-DP.

*Discrete Gaussian with variance parameter σ²* (CKS Algorithm 3): P[Y = y] ∝ exp(−y²/(2σ²)).
With t = ⌊σ⌋ + 1, draw Y from the discrete Laplace with scale t and accept with probability
exp(−(|Y| − σ²/t)² / (2σ²)). Adding it to an integer query of L2 sensitivity Δ is
(Δ²/(2σ²))-zCDP.

*Laplace on a 2^−k grid* (`laplace_on_grid`). Textbook float Laplace noise leaks the
data through the pattern of representable floats it can produce (Mironov, CCS 2012). Here
the value is first rounded to the grid 2^−k·ℤ, discrete Laplace noise is added to the
*integer* grid coordinate, and the result is converted back once, exactly (it is a dyadic
rational with a small numerator). The set of possible outputs is the fixed grid whatever the
data, so there are no holes to exploit. Rounding adds at most one grid unit per coordinate
to the L1 sensitivity, which the calibration counts.

Timing
------
These are rejection samplers: how many loop rounds run, hence the running time, depends on
the values drawn (the geometric loop grows with |Y|), so timing a release reveals the noise
and through it the data (Jin, McMurtry, Rubinstein and Ohrimenko, "Are we there yet? Timing
and floating-point attacks on differential privacy systems", IEEE S&P 2022). The reference
claims the exact output distribution only; it does not claim constant time and does not pad.

Randomness
----------
A `RandomSource` draws uniform integers from the operating system (``secrets``)
unless it is given a seed; a seed emits `refimpl.errors.SeededRandomnessWarning`,
because reproducible noise is for tests only. Two code paths implement the same algorithms:
a vectorised one on 64-bit words (used when the scale's numerator and denominator are below 2^48) and a
scalar one on Python integers (any size). Both are exact; the tests check both.
"""

from __future__ import annotations

import math
import random
import secrets
import warnings
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidInput, InvalidParameter, OutOfBounds, SeededRandomnessWarning
from refimpl.exact.rational import to_rational

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: scale numerators/denominators below this use the 64-bit path (headroom for b·j and t·V)
_FAST_LIMIT = 2**48
_U64 = np.uint64


class RandomSource:
    """Uniform random integers: from ``secrets`` (the OS) by default, from PCG64 if seeded.

    Parameters
    ----------
    seed:
        ``None`` (default) for cryptographic randomness; an int for reproducible draws, which
        warns with `refimpl.errors.SeededRandomnessWarning` (testing only).
    """

    def __init__(self, seed: int | None = None) -> None:
        if seed is None:
            self._gen: np.random.Generator | None = None
            self._py: random.Random = secrets.SystemRandom()
        else:
            if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
                raise InvalidParameter(f"seed must be a non-negative int or None, got {seed!r}")
            warnings.warn(
                f"seed={seed}: DP noise drawn from a seeded generator is reproducible and must "
                "be used for testing only; omit the seed to draw from the operating system",
                SeededRandomnessWarning,
                stacklevel=3,
            )
            self._gen = np.random.Generator(np.random.PCG64(int(seed)))
            self._py = random.Random(int(seed))
        self.seeded = seed is not None

    def below(self, bound: int) -> int:
        """One integer uniform on {0, ..., bound − 1} (any size), exactly."""
        return self._py.randrange(bound)

    def bernoulli(self, num: int, den: int) -> bool:
        """One exact Bernoulli(num/den) coin, 0 ≤ num ≤ den: a uniform integer below den compared with num."""
        return self.below(den) < num

    def words(self, size: int) -> npt.NDArray[np.uint64]:
        """``size`` independent uniform 64-bit words."""
        if self._gen is None:
            return np.frombuffer(secrets.token_bytes(8 * size), dtype=np.uint64).copy()
        return np.asarray(self._gen.bit_generator.random_raw(size), dtype=np.uint64)

    def below_array(self, bounds: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
        """For each bound b (1 ≤ b < 2^63): a uniform integer below b, exactly (rejection on 64-bit words)."""
        b = np.asarray(bounds, dtype=np.uint64)
        # 2^64 mod b, computed in wrapping uint64 arithmetic as (2^64 − b) mod b
        rem = (np.zeros_like(b) - b) % b
        out = np.empty_like(b)
        todo = np.arange(b.size)
        while todo.size:
            u = self.words(todo.size)
            ok = u >= rem[todo]  # [rem, 2^64) has a multiple of b elements
            out[todo[ok]] = u[ok] % b[todo[ok]]
            todo = todo[~ok]
        return out

    def numpy_seed(self) -> int:
        """A 32-bit seed (what ``numpy.random.RandomState`` accepts) for code whose randomness is not DP noise."""
        return self.below(2**32)


def _source(rng: RandomSource | None) -> RandomSource:
    if rng is None:
        return RandomSource()
    if not isinstance(rng, RandomSource):
        raise InvalidParameter(f"rng must be a refimpl.dp.samplers.RandomSource or None, got {type(rng).__name__}")
    return rng


def _positive_rational(value: object, name: str) -> Fraction:
    if isinstance(value, bool):
        raise InvalidParameter(f"{name} must be a number, got {value!r}")
    try:
        q = to_rational(value)
    except InvalidInput as exc:
        raise InvalidParameter(f"{name}: {exc}") from exc
    q = Fraction(q.numerator, q.denominator)
    if q <= 0:
        raise InvalidParameter(f"{name} must be positive, got {value!r}")
    return q


def _size(size: int | None) -> int:
    if size is None:
        return 1
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 0:
        raise InvalidParameter(f"size must be a non-negative int or None, got {size!r}")
    return int(size)


# --- scalar path (Python integers, any size) ------------------------------------------------


def _bern_exp_le1(a: int, b: int, rng: RandomSource) -> bool:
    """Bernoulli(exp(−a/b)) for 0 ≤ a ≤ b (CKS Algorithm 1)."""
    j = 1
    while rng.bernoulli(a, b * j):  # A_j ~ Bernoulli(a / (b j))
        j += 1
    return j % 2 == 1


def bernoulli_exp(gamma: object, rng: RandomSource | None = None) -> bool:
    """One exact Bernoulli(exp(−γ)) coin for rational γ ≥ 0 (CKS 2020, Algorithm 1)."""
    src = _source(rng)
    if isinstance(gamma, bool):
        raise InvalidParameter("gamma must be a number")
    g = to_rational(gamma)
    g = Fraction(g.numerator, g.denominator)
    if g < 0:
        raise InvalidParameter(f"gamma must be ≥ 0, got {gamma!r}")
    for _ in range(int(g)):
        if not _bern_exp_le1(1, 1, src):
            return False
    frac = g - int(g)
    return _bern_exp_le1(frac.numerator, frac.denominator, src)


def _dlap_scalar(s: int, t: int, rng: RandomSource) -> int:
    """Discrete Laplace with scale t/s (CKS Algorithm 2), Python integers."""
    while True:
        u = rng.below(t)
        if not _bern_exp_le1(u, t, rng):
            continue
        v = 0
        while _bern_exp_le1(1, 1, rng):
            v += 1
        y = (u + t * v) // s
        negative = rng.bernoulli(1, 2)
        if negative and y == 0:
            continue
        return -y if negative else y


# --- vectorised path (64-bit words) ------------------------------------------------------------


def _bern_exp_le1_vec(a: npt.NDArray[np.uint64], b: int, rng: RandomSource) -> npt.NDArray[np.bool_]:
    """Bernoulli(exp(−a_i/b)) for each a_i ≤ b < 2^56, vectorised CKS Algorithm 1."""
    j = np.ones(a.size, dtype=np.uint64)
    active = np.arange(a.size)
    while active.size:
        u = rng.below_array(_U64(b) * j[active])
        hit = u < a[active]
        j[active[hit]] += _U64(1)
        active = active[hit]
    odd: npt.NDArray[np.bool_] = (j % _U64(2)) == _U64(1)
    return odd


def _geometric_exp1_vec(n: int, rng: RandomSource) -> npt.NDArray[np.uint64]:
    """For each of n: successes of Bernoulli(exp(−1)) before the first failure."""
    v = np.zeros(n, dtype=np.uint64)
    active = np.arange(n)
    ones = np.ones(n, dtype=np.uint64)
    while active.size:
        hit = _bern_exp_le1_vec(ones[: active.size], 1, rng)
        v[active[hit]] += _U64(1)
        active = active[hit]
    return v


def _dlap_vec(s: int, t: int, n: int, rng: RandomSource) -> IntArray:
    """n draws of the discrete Laplace with scale t/s, vectorised CKS Algorithm 2."""
    out = np.empty(n, dtype=np.int64)
    todo = np.arange(n)
    while todo.size:
        m = todo.size
        u = rng.below_array(np.full(m, t, dtype=np.uint64))
        keep = _bern_exp_le1_vec(u, t, rng)
        u = u[keep]
        idx = todo[keep]
        v = _geometric_exp1_vec(u.size, rng)
        y = (u + _U64(t) * v) // _U64(s)
        negative = rng.below_array(np.full(u.size, 2, dtype=np.uint64)) == _U64(1)
        good = ~(negative & (y == _U64(0)))
        yi = y[good].astype(np.int64)
        out[idx[good]] = np.where(negative[good], -yi, yi)
        done = np.zeros(n, dtype=bool)
        done[idx[good]] = True
        todo = todo[~done[todo]]
    return out


# --- public samplers ---------------------------------------------------------------------------


def discrete_laplace(scale: object, size: int | None = None, *, rng: RandomSource | None = None) -> Any:
    """Exact draws with P[Y = y] ∝ exp(−|y|/scale) on ℤ (CKS 2020, Algorithm 2).

    Parameters
    ----------
    scale:
        A positive rational (int, Fraction, or float converted exactly). Scale Δ/ε makes an
        integer query of L1 sensitivity Δ ε-DP.
    size:
        ``None`` for one Python int, else the length of the returned int64 array.
    rng:
        A `RandomSource`; default: a fresh one drawing from ``secrets``.
    """
    q = _positive_rational(scale, "scale")
    src = _source(rng)
    n = _size(size)
    t, s = q.numerator, q.denominator  # scale = t / s
    if max(t, s) < _FAST_LIMIT and q < 2**40:
        out = _dlap_vec(s, t, n, src)
    else:
        if q >= 2**40:
            raise InvalidParameter(f"scale={float(q):.3g} is too large for int64 output; rescale the query")
        out = np.array([_dlap_scalar(s, t, src) for _ in range(n)], dtype=np.int64)
    return int(out[0]) if size is None else out


def discrete_laplace_scalar(scale: object, size: int, *, rng: RandomSource | None = None) -> list[int]:
    """The discrete Laplace by the scalar Python-integer path only (for tests and huge parameters)."""
    q = _positive_rational(scale, "scale")
    src = _source(rng)
    return [_dlap_scalar(q.denominator, q.numerator, src) for _ in range(_size(size))]


def _dgauss_round(s2: Fraction, t: int, rng: RandomSource) -> int | None:
    """One round of CKS Algorithm 3: a discrete Laplace draw y, kept with exp(−(|y| − σ²/t)²/(2σ²)), else None."""
    y = _dlap_scalar(1, t, rng)
    gamma = (abs(y) - s2 / t) ** 2 / (2 * s2)  # an exact rational exponent
    return y if bernoulli_exp(gamma, rng) else None


def _dgauss_scalar(s2: Fraction, t: int, n: int, rng: RandomSource) -> list[int]:
    out: list[int] = []
    while len(out) < n:
        y = _dgauss_round(s2, t, rng)
        if y is not None:
            out.append(y)
    return out


def _bern_exp_vec(num: npt.NDArray[np.uint64], den: int, rng: RandomSource) -> npt.NDArray[np.bool_]:
    """Bernoulli(exp(−num_i/den)) for any num_i ≥ 0: ⌊γ⌋ exp(−1) coins, then the fractional part."""
    whole = num // _U64(den)
    ok = _bern_exp_le1_vec(num % _U64(den), den, rng)
    ones = np.ones(num.size, dtype=np.uint64)
    left = whole.copy()
    active = np.flatnonzero(ok & (left > 0))
    while active.size:
        coin = _bern_exp_le1_vec(ones[: active.size], 1, rng)
        ok[active[~coin]] = False
        left[active] -= _U64(1)
        active = active[coin & (left[active] > 0)]
    return ok


def _dgauss_vec(s2: Fraction, t: int, n: int, rng: RandomSource) -> IntArray | None:
    """Vectorised CKS Algorithm 3, or None when an integer could exceed the 64-bit path."""
    a, b = s2.numerator, s2.denominator
    # γ = (|y| − a/(bt))² / (2a/b) = (|y|·b·t − a)² / (2·a·b·t²): one common denominator
    den = 2 * a * b * t * t
    if den >= _FAST_LIMIT or t >= _FAST_LIMIT:
        return None
    out = np.empty(n, dtype=np.int64)
    filled = 0
    while filled < n:
        want = n - filled
        y = _dlap_vec(1, t, want, rng)
        dev = np.abs(y).astype(object) * (b * t) - a  # exact Python integers
        num = dev * dev
        if max(num.tolist(), default=0) >= 2**62:
            return None
        keep = _bern_exp_vec(np.array(num.tolist(), dtype=np.uint64), den, rng)
        got = y[keep]
        out[filled : filled + got.size] = got
        filled += got.size
    return out


def discrete_gaussian(sigma2: object, size: int | None = None, *, rng: RandomSource | None = None) -> Any:
    """Exact draws with P[Y = y] ∝ exp(−y²/(2σ²)) on ℤ, σ² rational (CKS 2020, Algorithm 3).

    Parameters
    ----------
    sigma2:
        The variance parameter σ² > 0 (int, Fraction, or float converted exactly).
    size, rng:
        As for `discrete_laplace`.
    """
    s2 = _positive_rational(sigma2, "sigma2")
    src = _source(rng)
    n = _size(size)
    t = math.isqrt(s2.numerator // s2.denominator) + 1  # ⌊σ⌋ + 1
    fast = _dgauss_vec(s2, t, n, src)
    out = fast if fast is not None else np.array(_dgauss_scalar(s2, t, n, src), dtype=np.int64)
    return int(out[0]) if size is None else out


def discrete_gaussian_scalar(sigma2: object, size: int, *, rng: RandomSource | None = None) -> list[int]:
    """The discrete Gaussian by the scalar Python-integer path only (for tests and huge parameters)."""
    s2 = _positive_rational(sigma2, "sigma2")
    t = math.isqrt(s2.numerator // s2.denominator) + 1
    return _dgauss_scalar(s2, t, _size(size), _source(rng))


def grid_sensitivity(sensitivity: object, grid_bits: int, changed: int) -> int:
    """L1 sensitivity in grid units after rounding to 2^−k: ⌊Δ·2^k⌋ + changed (each rounding moves ≤ ½ unit)."""
    d = to_rational(sensitivity)
    d = Fraction(d.numerator, d.denominator)
    if d < 0:
        raise InvalidParameter(f"sensitivity must be ≥ 0, got {sensitivity!r}")
    return int(d * 2**grid_bits) + int(changed)


def laplace_on_grid(
    values: Any,
    *,
    sensitivity: object,
    epsilon: object,
    bound: object,
    grid_bits: int = 20,
    changed: int | None = None,
    rng: RandomSource | None = None,
) -> FloatArray:
    """ε-DP float release of ``values`` (L1 sensitivity Δ) on the grid 2^−k·ℤ, Mironov-safe (CKS 2020 + Mironov 2012).

    Each value is rounded to the nearest multiple of 2^−k (exactly), then discrete Laplace
    noise of scale Δ_g/ε is added to its integer grid coordinate, where
    Δ_g = ⌊Δ·2^k⌋ + ``changed`` (`grid_sensitivity`) also covers the rounding of up to
    ``changed`` coordinates that differ between neighbours (default: all of them). The noisy
    coordinate is clipped to [−L, L], L = ⌈B·2^k⌉ (post-processing, no privacy cost), so it
    always converts back to float64 exactly.

    Every parameter check, including the one that the grid can hold the public bound B,
    happens before the values are read: whether an error is raised never depends on a record,
    only on the public parameters (and on a value breaking the caller's promise |v| ≤ B).

    Parameters
    ----------
    values:
        Array-like of finite floats (converted exactly), each with |v| ≤ ``bound``.
    sensitivity:
        The L1 sensitivity Δ of the whole array under the neighbouring relation.
    epsilon:
        The privacy parameter ε > 0.
    bound:
        A public B > 0 with |v| ≤ B for every value of every possible input (e.g. the largest
        |lo|, |hi| of the public box), chosen without looking at the data.
    grid_bits:
        k: the output grid is 2^−k·ℤ; B·2^k must be at most 2^52.
    changed:
        At most how many coordinates differ between neighbouring inputs.
    rng:
        A `RandomSource`.

    Returns
    -------
    numpy.ndarray
        float64 values, each an exact multiple of 2^−k, of magnitude at most ⌈B·2^k⌉·2^−k.

    Raises
    ------
    InvalidParameter
        For bad public parameters (decided before any value is read).
    OutOfBounds
        When a value exceeds ``bound`` (the caller's promise is broken; nothing is clipped).
    """
    if isinstance(grid_bits, bool) or not isinstance(grid_bits, (int, np.integer)) or not 0 <= grid_bits <= 60:
        raise InvalidParameter(f"grid_bits must be an int in [0, 60], got {grid_bits!r}")
    eps = _positive_rational(epsilon, "epsilon")
    big_b = _positive_rational(bound, "bound")
    unit = 2 ** int(grid_bits)
    limit = -((-big_b.numerator * unit) // big_b.denominator)  # L = ⌈B·2^k⌉
    if limit > 2**52:
        raise InvalidParameter(
            f"bound {float(big_b):g} is about 2^{limit.bit_length()} grid units at grid_bits={grid_bits}; "
            "the grid holds at most 2^52: lower grid_bits or rescale the public box"
        )
    if changed is not None and (isinstance(changed, bool) or not isinstance(changed, (int, np.integer)) or changed < 0):
        raise InvalidParameter(f"changed must be a non-negative int or None, got {changed!r}")
    shape = np.shape(values)
    n_changed = int(np.prod(shape, dtype=np.int64)) if changed is None else int(changed)
    delta_g = grid_sensitivity(sensitivity, int(grid_bits), n_changed)
    if delta_g == 0:
        raise InvalidParameter("the grid sensitivity is 0; nothing to protect (check sensitivity and changed)")
    scale = Fraction(delta_g) / eps
    if scale >= 2**40:  # discrete_laplace's own limit, checked here before the values are read
        raise InvalidParameter(f"noise scale {float(scale):.3g} grid units is too large for int64 output; lower grid_bits")
    src = _source(rng)
    # only now the values: the promise |v| ≤ B is checked exactly
    arr = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise InvalidInput("values must be finite; drop or impute NaN/inf before releasing them")
    if arr.size and Fraction(float(np.abs(arr).max())) > big_b:  # abs and max of floats are exact
        raise OutOfBounds(
            f"a value exceeds the public bound {float(big_b):g}; pass a bound that holds for every possible "
            "input (chosen without looking at the data); nothing is clipped silently"
        )
    # |v| ≤ B and B·2^k ≤ 2^52: multiplying by a power of two only shifts the exponent (exact),
    # and np.rint of a float below 2^52 is an exact integer, so the int64 cast is exact
    coords = np.rint(arr * float(unit)).astype(np.int64)
    noisy = coords + discrete_laplace(scale, arr.size, rng=src).reshape(arr.shape)
    # post-processing: |clipped| ≤ L ≤ 2^52, so int64 → float64 and the division by 2^k are exact
    clipped = np.clip(noisy, -limit, limit)
    result: FloatArray = clipped.astype(np.float64) / float(unit)
    return result
