"""Release error models: how far a released coordinate may be from the value SMOTE computed.

A data holder rarely publishes SMOTE's float64 output as it is: it rounds to a few decimals,
casts to float32, or adds a little noise. Each of these moves every released coordinate r
away from SMOTE's own float ŝ by a bounded (or, for Gaussian noise, a probably bounded)
amount. The tube kernels add that amount to the rounding tube of Lemma 3, so their tests keep
every true witness (Lemma 6, proofs/06_noisy_tubes.py).

| model | release | radius ``|r − ŝ| ≤`` | guarantee |
|---|---|---|---|
| ``decimals:p`` | ``numpy.round(ŝ, p)``, ŝ printed with p decimals, or Weka's ``Utils.doubleToString(ŝ, p)``, then parsed | α·|r| + β_p, α ≈ 3u, β_p ≈ ½·10^-p | certified |
| ``float32`` | a cast to binary32 | u₃₂·|r| + η₃₂ | certified |
| ``uniform:ε`` | ŝ + e, e uniform in [−ε, ε], summed in float64 | u·|r| + ε + η | certified |
| ``gaussian:σ`` | ŝ + e, e ~ N(0, σ²), summed in float64 | u·|r| + z·σ + η | statistical: a true witness is rejected with probability ≤ ``false_rejection`` |
| ``unknown`` | any of the above, scale not stated | estimated from the data (`estimate_scale`) | statistical |

"Certified" means *given the stated model*: if the release really did what the model says,
no true witness is ever rejected. Whether a witness proves that a point is synthetic is a
second question (general position, and its probability under a wider tube: Lemma 6(c),
`false_positive_bound`).

The bounds are exact rationals (`ReleaseModel.radius`); `ReleaseModel.radius_up` gives the
same bound as a float rounded upward, which is what the kernels use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from refimpl.errors import ImplausibleEstimate, InvalidInput, InvalidParameter
from refimpl.fpformat import BINARY32, BINARY64, float_up, next_up

FloatArray = npt.NDArray[np.float64]

Kind = Literal["none", "decimals", "float32", "uniform", "gaussian", "unknown"]
KINDS: tuple[str, ...] = ("none", "decimals", "float32", "uniform", "gaussian", "unknown")

U, ETA = BINARY64.u, BINARY64.eta
U32, ETA32 = BINARY32.u, BINARY32.eta
#: default probability that the tube rejects a true witness triple under Gaussian noise: a
#: chosen error rate of the statistical guarantee (``gaussian:σ:rate`` sets another), not a
#: numeric tolerance; Lemma 6(a) (proofs/06_noisy_tubes.py) turns it into the tail multiplier z
DEFAULT_FALSE_REJECTION = 1e-9
#: the largest decimals p accepted: 10^-p stays a normal float64, so the parse bound holds
MAX_DECIMALS = 300


def decimals_coefficients(p: int) -> tuple[Fraction, Fraction]:
    """(α, β) with |r − ŝ| ≤ α·|r| + β for r = numpy.round(ŝ, p) or a p-decimal print; Lemma 6(a), proofs/06_noisy_tubes.py.

    numpy computes y = fl(ŝ·P), z = rint(y), r = fl(z/P), where P is numpy's ``power_of_ten(p)``:
    exact up to 10^22, but built by repeated multiplication by 10 beyond 10^9, so it drifts
    for p > 22 and P < (1 − u)·10^p for 11 values of p (25–27, 30–32, 37–41). Bounding each
    rounding relative to its result, |r − ŝ| ≤ g|r| + (1 + u)/(2P) + (1 + u)η with
    g = 2u + u², which is inside (α, β) whenever P ≥ (1 − u)(1 − g)·10^p; that holds for every
    p ≤ 300. A printed-and-parsed decimal (|r − ŝ| ≤ ½·10^-p + u|r|) is inside the same bound.

    Machine-checked: ``proofs/coq/Release.v``, theorem ``release_decimals`` (IEEE binary64,
    numpy's exact sequence of operations, all p ≤ 300; the drift is ``power_of_ten_38_low``).
    """
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or not 0 <= p <= MAX_DECIMALS:
        raise InvalidParameter(f"decimals must be an integer in [0, {MAX_DECIMALS}], got {p!r}")
    g = 2 * U + U * U
    alpha = g / (1 - g)
    beta = (Fraction(1, 2 * 10 ** int(p)) * (1 + U) / (1 - U) + ETA) / (1 - g)
    return alpha, beta


#: Java's ``Math.pow(10, p)`` is exact while 10^p is a binary64 (its spec: integer arguments,
#: representable result), i.e. for p ≤ 22; Weka's writer is modelled up to there
WEKA_MAX_DECIMALS = 22


def weka_decimals_coefficients(p: int) -> tuple[Fraction, Fraction]:
    """(α, β) with |r − ŝ| ≤ α·|r| + β for r = float(Weka's ``Utils.doubleToString(ŝ, p)``); Lemma 11(a), proofs/11_box_error.py.

    Weka 3.6 (``javap -c weka.core.Utils``) computes y = fl(ŝ·10^p), then P = (long)fl(|y| + ½)
    with y's sign, and prints the integer P with a decimal point p places from the right, so
    the text is Q = P/10^p exactly (|y| ≥ 2^63 prints ``Double.toString(ŝ)``, which reads back
    as ŝ). Two roundings before the print and a correctly rounded read give
    α = u + (2u + u²)(1 + u) and β = (½ + 3u/2 + u² + η/2)·10^-p. This α exceeds numpy's
    (Lemma 6(a)): Weka rounds twice where numpy.round rounds once before dividing.
    """
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or not 0 <= p <= WEKA_MAX_DECIMALS:
        raise InvalidParameter(f"Weka's writer is modelled for decimals in [0, {WEKA_MAX_DECIMALS}], got {p!r}")
    g = 2 * U + U * U
    return U + g * (1 + U), (Fraction(1, 2) + Fraction(3, 2) * U + U * U + ETA / 2) / 10 ** int(p)


def weka_double_to_string(v: float, p: int = 6) -> str:
    """Weka 3.6's ``Utils.doubleToString(v, p)``, operation by operation (its bytecode); the writer of Lemma 11(a), proofs/11_box_error.py.

    Python floats are binary64 with round-to-nearest like Java's ``double``, and ``int()``
    truncates toward zero like ``d2l``; ``repr`` stands in for ``Double.toString`` (both read
    back as ``v``).
    """
    if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p <= WEKA_MAX_DECIMALS:
        raise InvalidParameter(f"Weka's writer is modelled for decimals in [0, {WEKA_MAX_DECIMALS}], got {p!r}")
    temp = v * float(10**p)
    if not abs(temp) < 9.223372036854776e18:  # |y| ≥ 2^63 (or not finite): Double.toString
        return repr(v)
    P = int(temp + 0.5) if temp > 0 else -int(abs(temp) + 0.5)
    if P == 0:
        return "0"
    if p == 0:
        return str(P)
    digits = str(abs(P)).rjust(p + 1, "0")
    ip, fp = digits[:-p], digits[-p:].rstrip("0")
    return ("-" if P < 0 else "") + ip + ("." + fp if fp else "")


def printed_decimals_coefficients(p: int) -> tuple[Fraction, Fraction]:
    """(α, β) covering every p-decimal writer known here: numpy.round and a correct print (Lemma 6(a)), Weka's (Lemma 11(a)).

    The larger α and the larger β of the two bounds, so α|r| + β dominates each of them;
    beyond p = 22 only the numpy/print bound applies (Weka's 10^p is no longer exact).
    """
    alpha, beta = decimals_coefficients(p)
    if int(p) > WEKA_MAX_DECIMALS:
        return alpha, beta
    wa, wb = weka_decimals_coefficients(int(p))
    return max(alpha, wa), max(beta, wb)


@dataclass(frozen=True)
class ReleaseModel:
    """How the released rows differ from SMOTE's float output; Lemma 6, proofs/06_noisy_tubes.py.

    Build one with `parse_release` (``"decimals:6"``, ``"float32"``, ``"uniform:1e-5"``,
    ``"gaussian:1e-4"``, ``"unknown"``) or directly. ``scale`` is p for ``decimals``, ε for
    ``uniform``, σ for ``gaussian``; for ``unknown`` it is filled in by `estimate_scale`
    (as a ``uniform`` half-width) before any decision is made.
    """

    kind: str = "none"
    scale: float = 0.0
    #: Gaussian only: the probability that one true witness triple falls outside the tube
    false_rejection: float = DEFAULT_FALSE_REJECTION
    #: ``unknown`` only: the estimated half-width, once estimated
    estimated: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidParameter(f"unknown release model {self.kind!r}; choose one of {', '.join(KINDS)}")
        if self.kind == "decimals":
            if not float(self.scale).is_integer():
                raise InvalidParameter(f"decimals must be an integer, got {self.scale!r}")
            decimals_coefficients(int(self.scale))
        if self.kind in ("uniform", "gaussian") and not (math.isfinite(self.scale) and self.scale >= 0):
            raise InvalidParameter(f"{self.kind} noise scale must be finite and ≥ 0, got {self.scale!r}")
        if self.kind == "gaussian" and not 0 < self.false_rejection < 1:
            raise InvalidParameter(f"false_rejection must be in (0, 1), got {self.false_rejection!r}")

    @property
    def guarantee(self) -> str:
        """``certified`` (bounded models: no true witness is ever rejected) or ``statistical``."""
        return "statistical" if self.kind in ("gaussian", "unknown") else "certified"

    def label(self) -> str:
        """The model as the CLI spells it (``decimals:6``, ``uniform:1e-05`` …)."""
        if self.kind in ("none", "float32"):
            return self.kind
        if self.kind == "unknown":
            return "unknown" if self.estimated is None else f"unknown(≈uniform:{self.estimated:.3g})"
        if self.kind == "decimals":
            return f"decimals:{int(self.scale)}"
        return f"{self.kind}:{self.scale:g}"

    def z(self, d: int) -> float:
        """Gaussian only: the tail multiplier z with 3d·P(|N(0,1)| > z) ≤ ``false_rejection``, rounded up; Lemma 6(a), proofs/06_noisy_tubes.py.

        A witness triple involves 3 rows × d coordinates; by the union bound each coordinate's
        noise must stay within z·σ except with probability false_rejection/(3d).
        """
        from scipy.special import erfcinv

        per = self.false_rejection / (3 * max(d, 1))
        return float(np.nextafter(math.sqrt(2.0) * float(erfcinv(per)), np.inf))

    def coefficients(self, d: int = 1) -> tuple[Fraction, Fraction]:
        """(α, β): |r_j − ŝ_j| ≤ α·|r_j| + β for every released coordinate; Lemma 6(a), proofs/06_noisy_tubes.py.

        Machine-checked in ``proofs/coq/Release.v``: ``decimals`` (theorem ``release_decimals``,
        numpy's rounding; the model also covers Weka's writer, Lemma 11(a), proofs/11_box_error.py,
        checked in exact arithmetic there) and ``float32`` (theorem ``release_float32``); the
        noise models rest on the Python derivation.
        """
        if self.kind == "none":
            return Fraction(0), Fraction(0)
        if self.kind == "decimals":
            # every p-decimal writer: numpy.round / a correct print (Coq: release_decimals) and Weka's (Lemma 11(a))
            return printed_decimals_coefficients(int(self.scale))
        if self.kind == "float32":
            # round to nearest, relative to the result, plus binary32's underflow spacing
            return U32, ETA32
        if self.kind == "uniform":
            return U, Fraction(self.scale) + ETA
        if self.kind == "gaussian":
            return U, Fraction(self.z(d)) * Fraction(self.scale) + ETA
        # unknown: the estimate is used as a uniform half-width
        if self.estimated is None:
            raise InvalidParameter("release 'unknown' has no estimate yet; call estimate_scale(points) first")
        return U, Fraction(self.estimated) + ETA

    def radius(self, value: float, d: int = 1) -> Fraction:
        """The exact bound on |r − ŝ| for a released coordinate r = ``value``; Lemma 6(a), proofs/06_noisy_tubes.py."""
        alpha, beta = self.coefficients(d)
        return alpha * abs(Fraction(value)) + beta

    def radius_up(self, points: FloatArray) -> FloatArray:
        """`radius` of every coordinate of ``points`` as floats rounded up (each ≥ the exact bound)."""
        X = np.asarray(points, dtype=np.float64)
        alpha, beta = self.coefficients(X.shape[1] if X.ndim == 2 else 1)
        if alpha == 0 and beta == 0:
            return np.zeros_like(X)
        a_up, b_up = float_up(alpha), float_up(beta)
        with np.errstate(over="ignore"):
            out = next_up(next_up(np.abs(X) * a_up) + b_up)
        if not np.all(np.isfinite(out)):
            raise InvalidInput("coordinates too large for a finite release radius")
        return np.asarray(out, dtype=np.float64)


def parse_release(spec: str | ReleaseModel | None) -> ReleaseModel:
    """A `ReleaseModel` from ``none``, ``decimals:P``, ``float32``, ``uniform:EPS``, ``gaussian:SIGMA[:RATE]`` or ``unknown``."""
    if spec is None:
        return ReleaseModel()
    if isinstance(spec, ReleaseModel):
        return spec
    text = str(spec).strip().lower()
    kind, _, rest = text.partition(":")
    if kind not in KINDS:
        raise InvalidParameter(
            f"unknown release model {spec!r}; use none, decimals:P, float32, uniform:EPS, gaussian:SIGMA or unknown"
        )
    if kind in ("none", "float32", "unknown"):
        if rest:
            raise InvalidParameter(f"release model {kind!r} takes no parameter, got {spec!r}")
        return ReleaseModel(kind)
    if not rest:
        raise InvalidParameter(f"release model {kind!r} needs a parameter, e.g. {kind}:{'6' if kind == 'decimals' else '1e-5'}")
    parts = rest.split(":")
    try:
        if kind == "decimals":
            if len(parts) != 1:
                raise ValueError(rest)
            return ReleaseModel(kind, float(int(parts[0])))
        if kind == "uniform":
            if len(parts) != 1:
                raise ValueError(rest)
            return ReleaseModel(kind, float(parts[0]))
        if len(parts) > 2:
            raise ValueError(rest)
        rate = float(parts[1]) if len(parts) == 2 else DEFAULT_FALSE_REJECTION
        return ReleaseModel(kind, float(parts[0]), false_rejection=rate)
    except ValueError as exc:
        raise InvalidParameter(f"cannot read the parameter of release model {spec!r}: {exc}") from exc


# ---------------------------------------------------------------------------------------
# Applying a release (for benchmarks and tests: what a data holder would do)
# ---------------------------------------------------------------------------------------


def apply_release(X: npt.ArrayLike, model: ReleaseModel | str, *, seed: int | None = 0) -> FloatArray:
    """The rows X as the release would publish them (float64), for simulation; Lemma 6(a) bounds the change."""
    m = parse_release(model) if not isinstance(model, ReleaseModel) else model
    A = np.asarray(X, dtype=np.float64)
    if m.kind in ("none", "unknown"):
        return A.copy()
    if m.kind == "decimals":
        return np.asarray(np.round(A, int(m.scale)), dtype=np.float64)
    if m.kind == "float32":
        return A.astype(np.float32).astype(np.float64)
    rng = np.random.default_rng(seed)
    if m.kind == "uniform":
        return np.asarray(A + rng.uniform(-m.scale, m.scale, size=A.shape), dtype=np.float64)
    return np.asarray(A + rng.normal(0.0, m.scale, size=A.shape), dtype=np.float64)


# ---------------------------------------------------------------------------------------
# The scale of an unknown release, from the data
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleEstimate:
    """`estimate_scale`'s answer: the half-width and how it was found."""

    half_width: float
    threshold: float
    collinear_rows: int
    rows: int
    separated: bool


def triple_residuals(points: FloatArray, m: int) -> FloatArray:
    """Per row, the least ∞-norm residual of p from a segment between two of its m nearest rows (float, for estimation only).

    For the pair (a, b) the residual is ‖(p − a) − λ̂(b − a)‖∞ with λ̂ the projection,
    restricted to 0 < λ̂ < 1; rows with no such pair get +inf.
    """
    from scipy.spatial import cKDTree

    X = np.asarray(points, dtype=np.float64)
    n = len(X)
    out = np.full(n, np.inf)
    if n < 3:
        return out
    m = min(m, n - 1)
    _, idx = cKDTree(X).query(X, k=m + 1)
    idx = np.asarray(idx, dtype=np.intp).reshape(n, m + 1)[:, 1:]
    ia, ib = np.triu_indices(m, k=1)
    for start in range(0, n, 1024):
        stop = min(n, start + 1024)
        P = X[start:stop][:, None, :]
        A = X[idx[start:stop, ia]]
        B = X[idx[start:stop, ib]]
        D = B - A
        dd = np.einsum("npd,npd->np", D, D)
        with np.errstate(divide="ignore", invalid="ignore"):
            lam = np.einsum("npd,npd->np", P - A, D) / dd
            res = np.max(np.abs((P - A) - lam[..., None] * D), axis=2)
        res[~((lam > 0) & (lam < 1) & (dd > 0))] = np.inf
        out[start:stop] = res.min(axis=1)
    return out


def estimate_scale(points: FloatArray, m: int = 24, *, separation: float = 1.0, gap: float = 0.5) -> ScaleEstimate:
    """Estimate a release's per-coordinate half-width from the data itself (statistical; Lemma 6(d), proofs/06_noisy_tubes.py).

    Synthetic rows sit on segments: their least triple residual (`triple_residuals`) is of the
    order of the perturbation, while a real row's is of the order of the distance between
    neighbours. The log-residuals are split in two by Otsu's criterion (the split that
    maximises the between-class variance). When the class means are at least ``separation``
    decades apart, the lower class is the perturbation; its bulk runs from its median up to
    the first gap of ``gap`` decades between consecutive residuals (a real row that happens to
    be nearly collinear sits above such a gap), and the half-width is half the bulk's largest
    residual: the tube test accepts a residual up to ρ_p + max(ρ_a, ρ_b), twice the
    half-width, so every bulk row keeps its witness. Without separation every finite residual
    is treated as perturbation. Both constants are choices of this estimator, not bounds: the
    estimate is statistical, and the result says so.
    """
    res = triple_residuals(points, m)
    fin = res[np.isfinite(res)]
    if fin.size == 0:
        raise InvalidInput("no row lies between two of its neighbours: nothing to estimate a release scale from")
    pos = np.sort(fin[fin > 0])
    if pos.size < 2:
        top = float(fin.max())
        return ScaleEstimate(float(np.nextafter(top / 2, np.inf)), top, int(fin.size), len(res), False)
    logs = np.log10(pos)
    # Otsu: the split i maximising i·(n − i)·(mean(logs[:i]) − mean(logs[i:]))², from prefix sums
    n_pos = len(logs)
    i = np.arange(1, n_pos)
    csum = np.cumsum(logs)
    lo_mean = csum[:-1] / i
    hi_mean = (csum[-1] - csum[:-1]) / (n_pos - i)
    cut = int(i[np.argmax(i * (n_pos - i) * (lo_mean - hi_mean) ** 2)])
    separated = bool(logs[cut:].mean() - logs[:cut].mean() >= separation)
    if separated:
        end = cut
        steps = np.diff(logs[:cut])
        start = cut // 2
        big = np.flatnonzero(steps[start:] >= gap)
        if big.size:
            end = start + int(big[0]) + 1
        top = float(pos[end - 1])
    else:
        top = float(pos[-1])
    count = int((fin <= top).sum())
    return ScaleEstimate(float(np.nextafter(top / 2, np.inf)), top, count, len(res), separated)


def resolve(model: ReleaseModel, points: FloatArray, m: int = 24) -> tuple[ReleaseModel, ScaleEstimate | None]:
    """The model with an ``unknown`` scale estimated from ``points`` (others unchanged); Lemma 6(d), proofs/06_noisy_tubes.py.

    Declines (`ImplausibleEstimate`) when the residuals form one group: the estimate rests on
    synthetic rows being much nearer a segment than real rows are, and without that gap the
    "noise" found is the data's own spacing. A tube that wide hands real rows witnesses
    (Lemma 6(c)); box-shaped output (one gap per attribute, Weka) looks like this.
    """
    if model.kind != "unknown" or model.estimated is not None:
        return model, None
    est = estimate_scale(points, m)
    if not est.separated:
        raise ImplausibleEstimate(
            f"release 'unknown': no group of rows lies much nearer a segment than the rest (estimate "
            f"{est.half_width:.3g} is the data's own spacing), so no release scale can be estimated; the "
            "output may not be segment SMOTE (one gap per attribute, as Weka: use geometry 'box') or the "
            "noise is as large as the data's spacing; pass the release model if known (e.g. decimals:6)"
        )
    return ReleaseModel("unknown", model.scale, model.false_rejection, est.half_width), est


# ---------------------------------------------------------------------------------------
# Lemma 6(c): how often a real point falls in the tube of a segment between two others
# ---------------------------------------------------------------------------------------


def _ball_volume(d: int) -> float:
    return float(math.pi ** (d / 2) / math.gamma(d / 2 + 1))


def false_positive_bound(width: float, d: int, m: int, reach: float) -> float:
    """Expected number of candidate pairs whose tube holds a real point; Lemma 6(c), proofs/06_noisy_tubes.py.

    ``width`` w is the tube's per-coordinate half-width (ρ_p + max(ρ_a, ρ_b)), so the tube
    lies within Euclidean distance r = √d·w of the segment; ``d`` is the dimension, ``m`` the
    number of candidates searched and ``reach`` R the distance within which they lie (the
    m-th neighbour's distance). For points spread like a Poisson process of intensity
    m/(V_d R^d) around the real point (locally continuous data in general position):

        E[#pairs] ≤ (m²/2)·[(2r/R)^d + 2^d·(V_{d−1}/V_d)·(2r/(√3·R))^{d−1}]

    By Markov's inequality it also bounds the probability that the point gets a false witness.
    """
    if width <= 0:
        return 0.0
    if d < 2:
        return float(m * m) / 2  # on a line every point is between two others: no protection
    r = math.sqrt(d) * width
    near = (2 * r / reach) ** d
    cone = 2.0**d * _ball_volume(d - 1) / _ball_volume(d) * (2 * r / (math.sqrt(3) * reach)) ** (d - 1)
    return float(m * m / 2 * (near + cone))


def _rates_at_reach(reach: FloatArray, width: FloatArray, d: int, m: int) -> FloatArray:
    """`false_positive_bound` for every row at once, capped at 1 (1 where the reach is 0); nonincreasing in the reach."""
    if d < 2:
        per = np.where(width > 0, m * m / 2, 0.0)
    else:
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            ratio = 2 * math.sqrt(d) * width / reach
            cone = 2.0**d * _ball_volume(d - 1) / _ball_volume(d) * (ratio / math.sqrt(3)) ** (d - 1)
            per = np.where(width > 0, m * m / 2 * (ratio**d + cone), 0.0)
    return np.asarray(np.where(reach > 0, np.minimum(per, 1.0), 1.0), dtype=np.float64)


def false_witness_rates(
    points: FloatArray,
    rho_up: FloatArray,
    m: int,
    *,
    screen: float = 0.0,
    reach_hint: FloatArray | None = None,
    jobs: int = 1,
) -> FloatArray:
    """Per row, `false_positive_bound` capped at 1: how likely that row, were it real, gets a false witness; Lemma 6(c), proofs/06_noisy_tubes.py.

    Per row p: w = max_j ρ_p,j + max ρ (the tube's half-width against any pair), R = the
    distance to its m-th nearest row, and d = the number of columns that are not constant
    (a constant column adds no freedom). By Markov's inequality the bound is also a bound on
    the probability, hence the cap at 1 (a row at distance 0 of its m-th neighbour gets 1).

    Where an exact m-nearest search would be close to brute force (`refimpl.knn_eps.search_eps`:
    at d = 20 it took 2.4 s per call at 10^4 rows, quadratic beyond), R is first bounded
    below from a (1 + eps)-approximate search (`refimpl.knn_eps.kth_distance_lower`). The
    bound is nonincreasing in R, so that gives an upper rate; a row whose upper rate exceeds
    ``screen`` is searched again exactly and gets its exact rate. So every value is ≥ the
    exact-R rate, equal to it above ``screen``, and a decision ``rate > t`` with t ≥ ``screen``
    is the one the exact R gives. ``screen = 0`` (the default) makes every value exact.

    Over as many rows as `refimpl.knn_cells.cells_apply` names (where even the approximate
    tree search is slow), R is bounded below by `refimpl.knn_eps.subset_reach_lower` instead,
    and ``reach_hint`` is not read: the cells' lists carry no (1 + eps) bound.

    ``reach_hint``: per row, the distance to the m-th of its m nearest other rows as found by a
    search at most (1 + `search_eps`)-approximate (DistinSMOTE's first pass has it); no search
    over all rows is made then. Where that eps is positive the screen uses it; where it is 0
    the search was exact and the hint is R itself (a float evaluation of it, as the tree's own
    distance is): at d = 10 this saved the second exact search of every row, 3.6 of 10.7 CPU s
    of a DistinSMOTE call on 34,785 rows. ``jobs`` threads share the searches (each query is
    answered alone: the rates do not depend on it).
    """
    from scipy.spatial import cKDTree

    from refimpl.knn_cells import cells_apply
    from refimpl.knn_eps import kth_distance_lower, search_eps, subset_reach_lower

    X = np.asarray(points, dtype=np.float64)
    n = len(X)
    if n < 3:
        return np.zeros(n, dtype=np.float64)
    d = int((np.ptp(X, axis=0) > 0).sum())
    m = min(m, n - 1)
    top = float(rho_up.max()) if rho_up.size else 0.0
    width = rho_up.max(axis=1) + top
    eps = search_eps(n, X.shape[1])
    if eps == 0.0:  # an exact search's m-th distance: every rate exact
        if reach_hint is None:
            dist, _ = cKDTree(X).query(X, k=m + 1, workers=jobs)
            reach_hint = np.asarray(dist, dtype=np.float64).reshape(n, m + 1)[:, -1]
        return _rates_at_reach(np.asarray(reach_hint, dtype=np.float64), width, d, m)
    if cells_apply(n, X.shape[1]):  # no (1 + eps) search at this size: a coordinate subset bounds R
        lower = subset_reach_lower(X, m, jobs)
    else:
        if reach_hint is None:
            dist, _ = cKDTree(X).query(X, k=m + 1, eps=eps, workers=jobs)
            reach_hint = np.asarray(dist, dtype=np.float64).reshape(n, m + 1)[:, -1]
        lower = kth_distance_lower(np.asarray(reach_hint, dtype=np.float64), eps)
    rates = _rates_at_reach(lower, width, d, m)
    redo = np.flatnonzero(rates > screen)
    if len(redo):
        dist, _ = cKDTree(X).query(X[redo], k=m + 1, workers=jobs)
        exact = np.asarray(dist, dtype=np.float64).reshape(len(redo), m + 1)[:, -1]
        rates[redo] = _rates_at_reach(exact, width[redo], d, m)
    return rates


def expected_false_witnesses(points: FloatArray, rho_up: FloatArray, m: int) -> float:
    """Σ over rows of `false_witness_rates` (every value exact): an upper estimate of how many real rows get a false witness; Lemma 6(c), proofs/06_noisy_tubes.py.

    Summed over all rows, so over the real rows too.
    """
    return float(false_witness_rates(points, rho_up, m).sum())


__all__ = [
    "DEFAULT_FALSE_REJECTION",
    "KINDS",
    "ReleaseModel",
    "ScaleEstimate",
    "apply_release",
    "decimals_coefficients",
    "estimate_scale",
    "expected_false_witnesses",
    "false_positive_bound",
    "false_witness_rates",
    "parse_release",
    "resolve",
    "triple_residuals",
]
