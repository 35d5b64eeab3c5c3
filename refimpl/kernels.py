"""Geometry kernels: one small protocol, four ways to decide it.

The attacks (`refimpl.attacks`) are written once against `GeometryKernel`; the
kernel decides what "strictly between", "collinear" and "the lines meet" mean.

| kernel | decides |
|---|---|
| `ExactKernel` | exactly, on the rational values of the points (Lemmas 1 and 2) |
| `TubeKernel` | exactly, "within the rounding tube" of every point (Lemma 3) |
| `FastKernel` | the same as `TubeKernel`: a float filter with a proven error bound (Lemmas 5 and 5b) rejects, the exact tube test confirms |
| `EpsilonKernel` | the published numerics: cosine, projection and lstsq with a fixed `eps`; approximate, kept so that its failures can be shown |

Algorithm notes
---------------
*The tube around a point whose parents are unknown.* A float SMOTE row ŝ is within
ρ_j = a·|ŝ_j| + b(1 + u_d)·R_j + c of its true value in coordinate j, where R_j bounds
|n_j − x_j| (Lemma 3(d), proofs/03_rounding_tube.py, `refimpl.tube.attacker_radius`).
The attacker does not know which rows are real, so every row gets this radius: real rows
have no error at all, so the radius only makes the test more permissive for them. The
column range R_j is the data's own range unless the caller passes a public bound; the data's
range is valid for *augmented* data (it contains the real rows), and for synthetic-only
data it is an assumption, stated in the attack's result.

*Between within the tube.* If the true points satisfy p* = a* + λ(b* − a*) with 0 < λ < 1,
then with r = p − a and d = b − a, |r_j − λ d_j| ≤ ρ_p,j + (1 − λ)ρ_a,j + λρ_b,j for every j.
The right side is affine in λ, so the λ satisfying all 2d inequalities form an interval,
computed exactly. The test is sound (the true witness is always accepted) and, because the
radii are of order 2^-52 times the data's scale, almost never accepts a point that is not on
the segment (Lemma 2, proofs/02_lines.py, and Lemma 3).

*Exactness.* ``ExactKernel`` and ``TubeKernel`` decide with `fractions.Fraction`
only. Floats are used to *choose* which pairs to test (candidate search with a KD-tree),
never to decide. ``FastKernel`` uses floats to reject, and only with the bound of Lemma 5
(proofs/05_fast_filter.py), so it makes the same decisions as ``TubeKernel``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.exact.rational import to_rational
from refimpl.fpformat import ARITHMETIC_MODELS, BINARY64, DIFFERENCE_MODELS, float_up
from refimpl.lambda_interval import NEG_INF, POS_INF, IntEnd, affine_interval, affine_interval_int
from refimpl.release import ReleaseModel, parse_release, resolve
from refimpl.tube import attacker_radius

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
RVec = tuple[Fraction, ...]

KERNELS: tuple[str, ...] = ("exact", "tube", "fast", "epsilon")


# ---------------------------------------------------------------------------------------
# Results shared by every kernel
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Witness:
    """p lies strictly between rows ``a`` and ``b``: p = a + λ(b − a) for some λ in [lam_lo, lam_hi] ⊂ [0, 1].

    For ``ExactKernel`` the interval is the single exact λ. For ``TubeKernel`` and
    ``FastKernel`` it is the exact set of λ consistent with the tube (Lemma 3), and
    ``touches_endpoint`` says that it reaches 0 or 1: then p is within rounding of a copy of
    an endpoint, a weaker certificate. ``EpsilonKernel`` reports its float λ̂ as both ends.
    """

    a: int
    b: int
    lam_lo: Fraction
    lam_hi: Fraction
    touches_endpoint: bool = False


@dataclass(frozen=True)
class Line:
    """A line through ≥ 2 rows: ``anchors`` are its two most distant members, ``members`` all rows on it."""

    anchors: tuple[int, int]
    members: tuple[int, ...]


@dataclass(frozen=True)
class Meet:
    """Where two lines meet: an exact point (``lo == hi``) or a certified box [lo, hi] per coordinate.

    ``lines`` are the indices of the two lines (into the caller's list).
    """

    lo: RVec
    hi: RVec
    lines: tuple[int, int]

    @property
    def exact(self) -> bool:
        """True when the meeting point is known exactly (a box of zero width)."""
        return self.lo == self.hi

    def center(self) -> RVec:
        """The box's centre, exact."""
        return tuple((a + b) / 2 for a, b in zip(self.lo, self.hi, strict=True))

    def radius(self) -> Fraction:
        """Half the box's widest side: the certified ∞-norm error of `center`."""
        return max(((b - a) / 2 for a, b in zip(self.lo, self.hi, strict=True)), default=Fraction(0))


# ---------------------------------------------------------------------------------------
# The protocol
# ---------------------------------------------------------------------------------------


@runtime_checkable
class GeometryKernel(Protocol):
    """What the attacks need from geometry (Lemmas 1–3; proofs/01_interior.py, 02_lines.py, 03_rounding_tube.py)."""

    name: ClassVar[str]
    #: True when every decision is certified under the kernel's stated model
    certified: ClassVar[bool]
    #: float64 coordinates, used only to *choose* candidates
    points: FloatArray

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """A witness that row p is strictly between rows a and b, or None."""
        ...

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """For each i, the first witness for P[i] among pairs of C[i] (pairs in row-major a < b order)."""
        ...

    def on_line(self, p: int, a: int, b: int) -> bool:
        """True iff row p is on the line through rows a and b (any λ), within the kernel's model."""
        ...

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """Where the two lines meet, outside both members' spans, or None."""
        ...


# ---------------------------------------------------------------------------------------
# Shared machinery
# ---------------------------------------------------------------------------------------


def _float_points(X: object) -> FloatArray:
    """The float64 image of X, for candidate search only; refuses NaN/inf and ragged input."""
    try:
        arr = np.asarray(X, dtype=object if _has_fractions(X) else np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"points must be a 2-D numeric array: {exc}") from exc
    if arr.ndim != 2:
        raise ShapeMismatch(f"points must be a 2-D array (rows × columns), got shape {arr.shape}")
    out = np.array([[float(v) for v in row] for row in arr], dtype=np.float64) if arr.dtype == object else arr
    if not np.all(np.isfinite(out)):
        bad = np.argwhere(~np.isfinite(out))[0]
        raise InvalidInput(
            "NaN or inf coordinate; drop or impute such rows first", row=int(bad[0]), column=int(bad[1])
        )
    return np.ascontiguousarray(out, dtype=np.float64)


def _has_fractions(X: object) -> bool:
    if isinstance(X, np.ndarray):
        return bool(X.dtype == object)
    if isinstance(X, (list, tuple)) and X and isinstance(X[0], (list, tuple)) and X[0]:
        return isinstance(X[0][0], Fraction)
    return False


def _pairs(m: int) -> tuple[IntArray, IntArray]:
    """All pairs i < j of range(m), row-major: the order every kernel scans candidates in."""
    ia, ib = np.triu_indices(m, k=1)
    return ia.astype(np.intp), ib.astype(np.intp)


def _affine_interval(
    r: Sequence[Fraction],
    d: Sequence[Fraction],
    beta0: Sequence[Fraction],
    beta1: Sequence[Fraction],
    lo: Fraction,
    hi: Fraction,
) -> tuple[Fraction, Fraction] | None:
    """The λ in [lo, hi] with |r_j − λ d_j| ≤ beta0_j + beta1_j·λ for all j, exactly; or None (`refimpl.lambda_interval`)."""
    iv = affine_interval(r, d, beta0, beta1, lo, hi)
    if iv is None:
        return None
    return (lo if iv[0] is None else iv[0]), (hi if iv[1] is None else iv[1])


# Exact arithmetic on dyadic rationals as Python ints. Every float is m·2^e, so the three
# rows of a test and their (float, rounded-up) radii become integers at one common scale
# 2^K: one K for the whole data set when the rows' own scales are within 64 bits of each
# other (`_common_scale_ints`, built once), else the smallest K for the three rows. The
# λ-interval algebra is then integer cross-multiplication, with no gcd per operation, and
# homogeneous in the scale. It is the same exact computation as _affine_interval (a
# property test checks that they agree).


Bound = tuple[int, int] | None  # num/den with den > 0, or None for ±infinity


def _interval_int(
    r: Sequence[int], d: Sequence[int], beta0: Sequence[int], beta1: Sequence[int], lo: Bound, hi: Bound
) -> tuple[IntEnd, IntEnd] | None:
    """`refimpl.lambda_interval.affine_interval_int` with None for an infinite end; exact."""
    return affine_interval_int(r, d, beta0, beta1, NEG_INF if lo is None else lo, POS_INF if hi is None else hi)


def _common_scale_ints(points: FloatArray, rho_up: FloatArray) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]] | None:
    """All rows and radii as integers at the one scale 2^K that makes every one of them an integer; exact.

    Each float is M·2^-q with an integer mantissa M (`numpy.frexp`); a row needs
    K_i = max(q − trailing zeros of M, 0), as `TubeKernel._int_row`. With K = max K_i the same
    integers (times 2^(K − K_i)) serve every triple without shifting. Returns None when the
    rows' own scales differ by more than 64 bits (mixed magnitudes), where per-row scales keep
    the integers small.
    """
    V = np.concatenate([points, rho_up], axis=1)
    if V.size == 0 or not np.all(np.isfinite(V)):
        return None
    mant, ex = np.frexp(V)
    M = (mant * 2.0**53).astype(np.int64)  # exact: |mant| < 1 has at most 53 significant bits
    q = 53 - ex.astype(np.int64)  # V = M / 2^q
    nz = M != 0
    low = np.where(nz, M & -M, 1)  # lowest set bit of |M|
    tz = np.round(np.log2(low.astype(np.float64))).astype(np.int64)  # exact for powers of two
    need = np.where(nz, np.maximum(q - tz, 0), 0)
    k_row = need.max(axis=1)
    K = int(k_row.max())
    if K - int(k_row.min()) > 64:
        return None
    shift = np.where(nz, K - q, 0)
    # a negative shift drops only trailing zeros (K ≥ q − tz): do it in int64, exactly
    M = np.where(shift < 0, M >> np.maximum(-shift, 0), M)
    ints = M.astype(object) << np.maximum(shift, 0).astype(object)
    d = points.shape[1]
    rows = [tuple(r) for r in ints.tolist()]
    return [r[:d] for r in rows], [r[d:] for r in rows]


_PROJ_BITS = 64


def _in_tube_at_projection(
    r: Sequence[int], d: Sequence[int], rp: Sequence[int], ra: Sequence[int], rb: Sequence[int]
) -> bool:
    """True if λ̂ ≈ ⟨r, d⟩/⟨d, d⟩ (a dyadic q/2^64) satisfies |r_j − λ̂d_j| ≤ ρ_p,j + |1 − λ̂|ρ_a,j + |λ̂|ρ_b,j for all j, exactly.

    A sufficient condition for ``on_line`` (one exact witness λ), checked on integers: the
    least-squares λ̂ of a point on the line almost always lies in its exact λ-set. False
    says nothing; the full test then decides. d ≠ 0.
    """
    dd = sum(map(operator.mul, d, d))
    q = (sum(map(operator.mul, r, d)) << _PROJ_BITS) // dd
    one = 1 << _PROJ_BITS
    wa, wb = abs(one - q), abs(q)
    for rj, dj, pj, aj, bj in zip(r, d, rp, ra, rb, strict=True):
        if abs((rj << _PROJ_BITS) - q * dj) > (pj << _PROJ_BITS) + wa * aj + wb * bj:
            return False
    return True


def _between_interval(
    P: Sequence[int], rp: Sequence[int], A: Sequence[int], ra: Sequence[int], B: Sequence[int], rb: Sequence[int]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """`_interval_int` on [0, 1] with r = P − A, d = B − A, β0 = ρ_p + ρ_a, β1 = ρ_b − ρ_a, fused (exact).

    The same constraints, α·λ ≤ β for (α, β) = (−d − β1, β0 − r) and (d − β1, β0 + r) per
    coordinate, without building the four lists; ends as (numerator, denominator > 0).
    """
    lo_n, lo_d, hi_n, hi_d = 0, 1, 1, 1
    for pj, qp, aj, qa, bj, qb in zip(P, rp, A, ra, B, rb, strict=True):
        r = pj - aj
        d = bj - aj
        b0 = qp + qa
        b1 = qb - qa
        alpha, beta = -d - b1, b0 - r
        if alpha > 0:
            if beta * hi_d < hi_n * alpha:
                hi_n, hi_d = beta, alpha
        elif alpha < 0:
            if beta * lo_d < lo_n * alpha:  # −β/−α > lo, as −β·lo_d > lo_n·(−α)
                lo_n, lo_d = -beta, -alpha
        elif beta < 0:
            return None
        alpha, beta = d - b1, b0 + r
        if alpha > 0:
            if beta * hi_d < hi_n * alpha:
                hi_n, hi_d = beta, alpha
        elif alpha < 0:
            if beta * lo_d < lo_n * alpha:
                lo_n, lo_d = -beta, -alpha
        elif beta < 0:
            return None
        if lo_n * hi_d > hi_n * lo_d:
            return None
    return (lo_n, lo_d), (hi_n, hi_d)


class _ExactRows:
    """Exact rational rows, converted on first use (Fraction(float) is exact)."""

    def __init__(self, X: object, points: FloatArray) -> None:
        self._src: Any = X if _has_fractions(X) else points
        self._cache: dict[int, RVec] = {}

    def __getitem__(self, i: int) -> RVec:
        row = self._cache.get(i)
        if row is None:
            row = tuple(to_rational(v, row=i, column=j) for j, v in enumerate(self._src[i]))
            self._cache[i] = row
        return row


# ---------------------------------------------------------------------------------------
# ExactKernel
# ---------------------------------------------------------------------------------------


class ExactKernel:
    """Exact rationals, no tolerance: the ground truth on exact-SMOTE data (Lemmas 1 and 2)."""

    name: ClassVar[str] = "exact"
    certified: ClassVar[bool] = True

    def __init__(self, X: object) -> None:
        self.points = _float_points(X)
        self._q = _ExactRows(X, self.points)

    def row(self, i: int) -> RVec:
        """Row i as exact rationals."""
        return self._q[i]

    def _lambda(self, p: int, a: int, b: int) -> Fraction | None:
        """The unique λ with p = a + λ(b − a), if a ≠ b and one exists (Lemma 1, proofs/01_interior.py)."""
        P, A, B = self._q[p], self._q[a], self._q[b]
        d = [y - x for x, y in zip(A, B, strict=True)]
        piv = next((j for j, v in enumerate(d) if v != 0), None)
        if piv is None:
            return None
        lam = (P[piv] - A[piv]) / d[piv]
        for pj, aj, dj in zip(P, A, d, strict=True):
            if pj - aj != lam * dj:
                return None
        return lam

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """p = a + λ(b − a) with 0 < λ < 1, exactly; Lemma 1, proofs/01_interior.py."""
        lam = self._lambda(p, a, b)
        if lam is None or not 0 < lam < 1:
            return None
        return Witness(a, b, lam, lam)

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """First exact witness per row; Lemma 1, proofs/01_interior.py."""
        return _scan_pairs(self, P, C)

    def on_line(self, p: int, a: int, b: int) -> bool:
        """p on line ab, exactly (a ≠ b); Lemma 1, proofs/01_interior.py."""
        return self._lambda(p, a, b) is not None

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """The exact intersection point of two lines, outside both spans; Lemma 2, proofs/02_lines.py."""
        a1, b1 = (self._q[i] for i in l1.anchors)
        a2, b2 = (self._q[i] for i in l2.anchors)
        u = [y - x for x, y in zip(a1, b1, strict=True)]
        v = [y - x for x, y in zip(a2, b2, strict=True)]
        w = [y - x for x, y in zip(a1, a2, strict=True)]
        uu = sum((x * x for x in u), Fraction(0))
        vv = sum((x * x for x in v), Fraction(0))
        uv = sum((x * y for x, y in zip(u, v, strict=True)), Fraction(0))
        det = uv * uv - uu * vv
        if det == 0:  # parallel (or the same line): no single meeting point
            return None
        wu = sum((x * y for x, y in zip(w, u, strict=True)), Fraction(0))
        wv = sum((x * y for x, y in zip(w, v, strict=True)), Fraction(0))
        s = (uv * wv - vv * wu) / det
        t = (uu * wv - uv * wu) / det
        x1 = tuple(x + s * y for x, y in zip(a1, u, strict=True))
        if x1 != tuple(x + t * y for x, y in zip(a2, v, strict=True)):
            return None  # skew
        # A parent is an endpoint: it is never strictly inside the span of its own line.
        if 0 < s < 1 or 0 < t < 1:
            return None
        return Meet(x1, x1, ids)


def _scan_pairs(kernel: Any, P: IntArray, C: IntArray) -> list[Witness | None]:
    """Reference scan: every pair of candidates in row-major order, first witness wins."""
    out: list[Witness | None] = []
    if C.size == 0:
        return [None] * len(P)
    ia, ib = _pairs(C.shape[1])
    for p, cand in zip(P.tolist(), C.tolist(), strict=True):
        found = None
        for i, j in zip(ia.tolist(), ib.tolist(), strict=True):
            a, b = cand[i], cand[j]
            if a < 0 or b < 0 or a == p or b == p:
                continue
            found = kernel.between(p, a, b)
            if found is not None:
                break
        out.append(found)
    return out


# ---------------------------------------------------------------------------------------
# TubeKernel
# ---------------------------------------------------------------------------------------


def column_ranges(points: FloatArray) -> list[Fraction]:
    """max − min of each column, exactly: the default R_j of the attacker's tube (Lemma 3(d))."""
    if len(points) == 0:
        return [Fraction(0)] * points.shape[1]
    return [to_rational(float(hi)) - to_rational(float(lo)) for lo, hi in zip(points.min(0), points.max(0), strict=True)]


class TubeKernel:
    """Exact decisions "within the rounding tube" of float SMOTE rows (Lemma 3, proofs/03_rounding_tube.py).

    ``column_range`` bounds |n_j − x_j| per column; by default the data's own range, which is
    valid when the real rows are in the data (augmented release) and an assumption otherwise.
    ``model`` is the SMOTE arithmetic: ``float64`` (imbalanced-learn) or ``float32-mixed``.
    """

    name: ClassVar[str] = "tube"
    certified: ClassVar[bool] = True

    def __init__(
        self,
        X: object,
        *,
        column_range: Sequence[object] | None = None,
        model: str = "float64",
        release: ReleaseModel | str | None = None,
    ) -> None:
        if model not in DIFFERENCE_MODELS:
            raise InvalidParameter(f"TubeKernel supports models {', '.join(DIFFERENCE_MODELS)}, not {model!r}")
        self.points = _float_points(X)
        self.model = model
        d = self.points.shape[1]
        if column_range is None:
            self.column_range = column_ranges(self.points)
        else:
            if len(column_range) != d:
                raise ShapeMismatch(f"column_range has {len(column_range)} entries for {d} columns")
            self.column_range = [to_rational(v, column=j) for j, v in enumerate(column_range)]
            if any(r < 0 for r in self.column_range):
                raise InvalidInput("column_range entries must be ≥ 0 (max − min of each column)")
        rel, self.release_estimate = resolve(parse_release(release), self.points)
        self.release: ReleaseModel = rel
        self._q = _ExactRows(X, self.points)
        self._rho: dict[int, RVec] = {}
        co = ARITHMETIC_MODELS[model]
        unit = co.unit
        self._zi: dict[int, tuple[int, tuple[int, ...], tuple[int, ...]]] = {}
        # Release error (Lemma 6, proofs/06_noisy_tubes.py): a released r is within ε_r of
        # SMOTE's ŝ, so the SMOTE term a·|ŝ| is at most a·(|r| + ε_r), and the real rows'
        # released range can be 2·max ε_r smaller than their true range R.
        self._rel_up: FloatArray = rel.radius_up(self.points)
        if rel.kind != "none":
            widen = [2 * Fraction(float(v)) for v in self._rel_up.max(axis=0)] if len(self.points) else [Fraction(0)] * d
            self.column_range = [r + w for r, w in zip(self.column_range, widen, strict=True)]
        # The decision radius: Lemma 3(d)'s ρ rounded *up* to a float, per coordinate, for all
        # rows at once. A larger tube keeps every true witness (soundness); it is a few ulps of
        # ρ wider, and it makes every quantity a float, so exact tests run on small integers.
        a_up, b_up, c_up = (float_up(v) for v in (co.a, co.b * (1 + unit), co.c))
        r_up = np.array([float_up(r) for r in self.column_range], dtype=np.float64)
        with np.errstate(over="ignore"):
            mag = np.abs(self.points) if rel.kind == "none" else np.nextafter(np.abs(self.points) + self._rel_up, np.inf)
            rho = np.nextafter(mag * a_up, np.inf)
            rho = np.nextafter(rho + np.nextafter(r_up * b_up, np.inf), np.inf)
            rho = np.nextafter(rho + c_up, np.inf)
            if rel.kind != "none":
                rho = np.nextafter(rho + self._rel_up, np.inf)
        if not np.all(np.isfinite(rho)):
            raise InvalidInput("coordinates too large for a finite rounding tube (|x| near the float64 maximum)")
        self.rho_up: FloatArray = rho

    @property
    def guarantee(self) -> str:
        """``certified`` (no true witness is ever rejected under the stated models) or ``statistical``."""
        return self.release.guarantee

    def _int_row(self, i: int) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
        """(K, row·2^K, ρ_up·2^K): row i and its decision radius as exact integers at the row's own scale."""
        got = self._zi.get(i)
        if got is None:
            vals = [float(v) for v in self.points[i]] + [float(v) for v in self.rho_up[i]]
            ratios = [v.as_integer_ratio() for v in vals]
            k = max(den.bit_length() - 1 for _, den in ratios)
            ints = [num << (k - (den.bit_length() - 1)) for num, den in ratios]
            d = len(ints) // 2
            got = (k, tuple(ints[:d]), tuple(ints[d:]))
            self._zi[i] = got
        return got

    #: every row and radius as integers at one scale 2^K (`_common_scale_ints`), or None
    _zall: tuple[list[tuple[int, ...]], list[tuple[int, ...]]] | None = None
    _zall_tried: bool = False

    def _int_triple(self, p: int, a: int, b: int) -> tuple[tuple[int, ...], ...]:
        """Rows p, a, b and their radii as integers at one common scale (exact)."""
        if not self._zall_tried:
            self._zall = _common_scale_ints(self.points, self.rho_up)
            self._zall_tried = True
        if self._zall is not None:
            zq, zr = self._zall
            return zq[p], zr[p], zq[a], zr[a], zq[b], zr[b]
        rows = [self._int_row(i) for i in (p, a, b)]
        k = max(r[0] for r in rows)
        out: list[tuple[int, ...]] = []
        for kk, q, rho in rows:
            sh = k - kk
            if sh:
                out.append(tuple(v << sh for v in q))
                out.append(tuple(v << sh for v in rho))
            else:  # the common case: nothing to shift
                out.append(q)
                out.append(rho)
        return tuple(out)

    def row(self, i: int) -> RVec:
        """Row i as exact rationals (the float's value)."""
        return self._q[i]

    def rho(self, i: int) -> RVec:
        """Per-coordinate radius of row i's tube: Lemma 3(d), proofs/03_rounding_tube.py."""
        r = self._rho.get(i)
        if r is None:
            if self.release.kind == "none":
                r = tuple(attacker_radius(self.points[i], self.column_range, self.model))
            else:
                # Lemma 6(b): ρ = a·(|r| + ε_r) + b(1 + u)·R + c + ε_r, with ε_r the release
                # radius; rho_up is that bound rounded up per operation, and it is the radius
                # every decision uses, so the boxes use its exact value too (cheap, and ≥ ρ)
                r = tuple(Fraction(v) for v in self.rho_up[i].tolist())
            self._rho[i] = r
        return r

    def lambda_interval(self, p: int, a: int, b: int, lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction] | None:
        """The exact λ in [lo, hi] ⊂ [0, 1] with p in the tube of a + λ(b − a); Lemma 3, proofs/03_rounding_tube.py."""
        P, A, B = self._q[p], self._q[a], self._q[b]
        rp, ra, rb = self.rho(p), self.rho(a), self.rho(b)
        r = [x - y for x, y in zip(P, A, strict=True)]
        d = [x - y for x, y in zip(B, A, strict=True)]
        beta0 = [x + y for x, y in zip(rp, ra, strict=True)]
        beta1 = [y - x for x, y in zip(ra, rb, strict=True)]
        return _affine_interval(r, d, beta0, beta1, lo, hi)

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """Some λ in (0, 1) puts p in the tube of a + λ(b − a), decided exactly; Lemma 3, proofs/03_rounding_tube.py."""
        if p == a or p == b or a == b:
            return None
        P, rp, A, ra, B, rb = self._int_triple(p, a, b)
        if P == A or P == B or A == B:
            return None  # duplicates are never "between": the attacks handle them apart
        iv = _between_interval(P, rp, A, ra, B, rb)
        if iv is None:
            return None
        lo, hi = Fraction(*iv[0]), Fraction(*iv[1])
        if hi == 0 or lo == 1:
            return None  # only λ = 0 or λ = 1: p is a copy of an endpoint, not between
        return Witness(a, b, lo, hi, touches_endpoint=(lo == 0 or hi == 1))

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """First tube witness per row, every pair tested exactly; Lemma 3, proofs/03_rounding_tube.py."""
        return _scan_pairs(self, P, C)

    def on_line(self, p: int, a: int, b: int) -> bool:
        """p within the tube of the line through a and b, any λ, exactly; Lemma 3, proofs/03_rounding_tube.py."""
        P, rp, A, ra, B, rb = self._int_triple(p, a, b)
        if A == B:
            return False
        r = [x - y for x, y in zip(P, A, strict=True)]
        d = [x - y for x, y in zip(B, A, strict=True)]
        if _in_tube_at_projection(r, d, rp, ra, rb):
            return True  # an exact witness λ (the usual case for a point on the line)
        # radius ρ_p + |1 − λ|ρ_a + |λ|ρ_b is affine on each of λ ≤ 0, 0 ≤ λ ≤ 1, λ ≥ 1
        pa = [x + y for x, y in zip(rp, ra, strict=True)]
        pieces: tuple[tuple[Bound, Bound, list[int], list[int]], ...] = (
            (None, (0, 1), pa, [-(x + y) for x, y in zip(ra, rb, strict=True)]),
            ((0, 1), (1, 1), pa, [y - x for x, y in zip(ra, rb, strict=True)]),
            ((1, 1), None, [x - y for x, y in zip(rp, ra, strict=True)], [x + y for x, y in zip(ra, rb, strict=True)]),
        )
        return any(_interval_int(r, d, b0, b1, lo, hi) is not None for lo, hi, b0, b1 in pieces)

    def _box(self, i: int) -> tuple[RVec, RVec]:
        q, rho = self._q[i], self.rho(i)
        return tuple(x - y for x, y in zip(q, rho, strict=True)), tuple(x + y for x, y in zip(q, rho, strict=True))

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """A certified box containing the meeting point of the two true lines, or None; Lemma 2 and 3."""
        return _tube_meet(self, l1, l2, ids)


# Exact interval arithmetic on (lo, hi) pairs, for the certified meeting box.
Interval = tuple[Fraction, Fraction]


def _isub(x: Interval, y: Interval) -> Interval:
    return x[0] - y[1], x[1] - y[0]


def _iadd(x: Interval, y: Interval) -> Interval:
    return x[0] + y[0], x[1] + y[1]


def _imul(x: Interval, y: Interval) -> Interval:
    c = (x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1])
    return min(c), max(c)


def _idiv(x: Interval, y: Interval) -> Interval | None:
    if y[0] <= 0 <= y[1]:
        return None
    return _imul(x, (1 / y[1], 1 / y[0]))


def _tube_meet(k: TubeKernel, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
    """Interval Cramer's rule on the best-conditioned pair of coordinates (Lemma 2, proofs/02_lines.py).

    Each anchor's true value lies in its tube box (Lemma 3). Every realisation of the anchors
    gives lines A1 + s(B1 − A1) and A2 + t(B2 − A2); on coordinates (i, j) with a determinant
    interval that excludes 0, s and t are enclosed by Cramer's rule evaluated in exact interval
    arithmetic, and so is the meeting point in every coordinate, once from each line. The two
    enclosures must overlap in every coordinate (else the true lines cannot meet), and their
    intersection is the certified box.
    """
    A1, B1 = (k._box(i) for i in l1.anchors)
    A2, B2 = (k._box(i) for i in l2.anchors)
    d = len(A1[0])
    a1 = [(A1[0][j], A1[1][j]) for j in range(d)]
    b1 = [(B1[0][j], B1[1][j]) for j in range(d)]
    a2 = [(A2[0][j], A2[1][j]) for j in range(d)]
    b2 = [(B2[0][j], B2[1][j]) for j in range(d)]
    u = [_isub(y, x) for x, y in zip(a1, b1, strict=True)]
    v = [_isub(y, x) for x, y in zip(a2, b2, strict=True)]
    w = [_isub(y, x) for x, y in zip(a1, a2, strict=True)]
    # choose the coordinate pair with the largest |det| of the midpoint directions
    um = [float((x[0] + x[1]) / 2) for x in u]
    vm = [float((x[0] + x[1]) / 2) for x in v]
    best, bi, bj = 0.0, -1, -1
    for i in range(d):
        for j in range(i + 1, d):
            fdet = abs(um[i] * vm[j] - um[j] * vm[i])
            if fdet > best:
                best, bi, bj = fdet, i, j
    if bi < 0:
        return None  # parallel within floats: no single meeting point to certify
    # a1 + s u = a2 + t v  on (bi, bj):  s u_i − t v_i = w_i,  s u_j − t v_j = w_j
    det = _isub(_imul(u[bi], (-v[bj][1], -v[bj][0])), _imul(u[bj], (-v[bi][1], -v[bi][0])))
    s_num = _isub(_imul(w[bi], (-v[bj][1], -v[bj][0])), _imul(w[bj], (-v[bi][1], -v[bi][0])))
    t_num = _isub(_imul(u[bi], w[bj]), _imul(u[bj], w[bi]))
    s = _idiv(s_num, det)
    t = _idiv(t_num, det)
    if s is None or t is None:
        return None
    # A parent is an endpoint of its segment: the meeting point is not strictly inside the
    # span of either line's anchors, so some admissible s must be ≤ 0 or ≥ 1 (same for t).
    if (s[0] > 0 and s[1] < 1) or (t[0] > 0 and t[1] < 1):
        return None
    lo: list[Fraction] = []
    hi: list[Fraction] = []
    for j in range(d):
        x1 = _iadd(a1[j], _imul(s, u[j]))
        x2 = _iadd(a2[j], _imul(t, v[j]))
        low, high = max(x1[0], x2[0]), min(x1[1], x2[1])
        if low > high:
            return None  # the enclosures are disjoint: the true lines do not meet
        lo.append(low)
        hi.append(high)
    return Meet(tuple(lo), tuple(hi), ids)


# ---------------------------------------------------------------------------------------
# FastKernel: float filter (Lemma 5) + exact TubeKernel confirmation
# ---------------------------------------------------------------------------------------


def radius_norm_bound(rho_up: FloatArray) -> float:
    """A float ≥ ‖ρ_p + max(ρ_a, ρ_b)‖₂ for any three rows, from the decision radii themselves; Lemma 5, proofs/05_fast_filter.py.

    Every per-coordinate bound B_j = ρ_p,j + max(ρ_a,j, ρ_b,j) is at most 2·max ρ, so the norm
    is at most 2√d·max ρ: computed exactly from the float radii, then rounded up.
    """
    d = rho_up.shape[1] if rho_up.ndim == 2 else 0
    top = Fraction(float(rho_up.max())) if rho_up.size else Fraction(0)
    sq = 4 * top * top * d
    if sq == 0:
        return 0.0
    s_bits = 1300
    root = Fraction(math.isqrt((sq.numerator << (2 * s_bits)) // sq.denominator) + 1, 1 << s_bits)
    return float_up(root)


# ---------------------------------------------------------------------------------------
# Lemma 5b: the same two conditions with one proven relative margin per pair
# ---------------------------------------------------------------------------------------

#: Lemma 5b's range guard: a pair is tested only when both Ĝ_aa, Ĝ_bb (and β̂²) lie in
#: [2^-500, 2^400]; then no operation overflows and every underflow is negligible.
_TAU = 2.0**-500
_OMEGA = 2.0**400


def gram_filter_constants(d: int) -> tuple[float, float, float]:
    """(K0, K1, K2) of Lemma 5b for dimension d, exact, inflated and rounded up; proofs/05_fast_filter.py.

    With s' = γ_{d+3}/(1 − γ_d)·(1 + θ) + θ, θ = d·η/τ (the Gram error of Lemma 5 under the
    range guard, relative to √(Ĝ_xx Ĝ_yy)):

    * K0 = max(s'/2 + u(1 + 2s')/2, u): |(G_ab − β̂²) − fl(Ĝ_ab − β̂²)| ≤ K0·M;
    * K1 = max(4s' + 4s'² + γ_3(1 + (1 + 2s')²), 2s' + γ_4(2 + 2s')):
      |f1 − F̂1| ≤ K1·(Ĝ_aa Ĝ_bb + (Ĝ_aa + Ĝ_bb)β̂²) + 2η;
    * K2 = K0(2(1 + u) + K0) + u(1 + u)² + [2s' + (γ_2 + u(1 + γ_2))(2 + 2s')]/4
      + u[(1 + u)³ + (1 + u)(1 + γ_2)(2 + 2s')/4]: |f2 − F̂2| ≤ K2·M² + 2η,

    where M = Ĝ_aa + Ĝ_bb + β̂². Each is multiplied by (1 + 2^-10)/(1 − u)^6, which covers the
    float evaluation of the margin itself and every η term (the guard makes each margin ≥
    2^-1063), then rounded up to a float.
    """
    u = BINARY64.u
    g2, g3, g4 = (BINARY64.gamma(n) for n in (2, 3, 4))
    gd, gd3 = BINARY64.gamma(d), BINARY64.gamma(d + 3)
    theta = Fraction(d) * BINARY64.eta / Fraction(_TAU)
    s = gd3 / (1 - gd) * (1 + theta) + theta
    k0 = max(s / 2 + u * (1 + 2 * s) / 2, u)
    k1 = max(4 * s + 4 * s * s + g3 * (1 + (1 + 2 * s) ** 2), 2 * s + g4 * (2 + 2 * s))
    k2 = (
        k0 * (2 * (1 + u) + k0)
        + u * (1 + u) ** 2
        + (2 * s + (g2 + u * (1 + g2)) * (2 + 2 * s)) / 4
        + u * ((1 + u) ** 3 + (1 + u) * (1 + g2) * (2 + 2 * s) / 4)
    )
    inflate = (1 + Fraction(1, 2**10)) / (1 - u) ** 6
    return float_up(k0 * inflate), float_up(k1 * inflate), float_up(k2 * inflate)


def _lemma5b_values(
    ga: FloatArray, gb: FloatArray, g: FloatArray, b2: float, k0: float, k1: float, k2: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """(F̂1, margin1, t, margin0, F̂2, margin2) of Lemma 5b, in exactly the proof's operation order.

    (N1) fails when F̂1 > margin1; (N2) fails when t > margin0 and F̂2 > margin2 (inside the
    range guard); proofs/05_fast_filter.py.
    """
    S = ga + gb
    p1 = ga * gb
    r = (S - 2.0 * g) * b2
    f1 = (p1 - g * g) - r
    c1 = k1 * (p1 + S * b2)
    t = g - b2
    M = S + b2
    return f1, c1, t, k0 * M, t * t - r, k2 * (M * M)


def _gram_filter_state(points: FloatArray, rho_up: FloatArray) -> tuple[FloatArray, float, float, float, float, bool]:
    """(points·2^σ, β̂²·2^2σ rounded up, K0, K1, K2, usable) for Lemma 5b; proofs/05_fast_filter.py.

    σ brings the largest |coordinate| into [1/2, 1) when that scaling is exact (checked by
    scaling back); N1 and N2 are homogeneous, so the scaled problem has the same answers and
    the range guard rarely bites. β̂² bounds ‖B‖² with B_j = 2·max_i ρ_up[i, j] ≥ ρ_p,j +
    max(ρ_a,j, ρ_b,j) for the radii ``rho_up`` that the exact test uses (whatever their
    formula), computed exactly and rounded up.
    """
    d = points.shape[1]
    k0, k1, k2 = gram_filter_constants(d)
    sigma = 0
    xs = points
    amax = float(np.max(np.abs(points))) if points.size else 0.0
    if amax > 0:
        sigma = -math.frexp(amax)[1]
        with np.errstate(over="ignore", under="ignore"):
            cand = np.ldexp(points, sigma)
            if np.array_equal(np.ldexp(cand, -sigma), points):
                xs = np.ascontiguousarray(cand)
            else:
                sigma = 0
    col = rho_up.max(axis=0) if len(rho_up) else np.zeros(d)
    beta2 = sum((4 * Fraction(float(v)) ** 2 for v in col.tolist()), Fraction(0))
    beta2 *= Fraction(2) ** (2 * sigma)
    b2 = float_up(beta2)
    return xs, b2, k0, k1, k2, bool(b2 <= _OMEGA)


class FastKernel(TubeKernel):
    """Batched float64 Gram filter with a proven bound, then the exact tube test (Lemmas 5 and 5b, proofs/05_fast_filter.py).

    The filter only *rejects*, and only when Lemma 5b (the Gram error of Lemma 5, then one
    proven relative margin per condition) proves the exact tube test would reject too;
    everything else goes to `TubeKernel.between`. So the decisions, and the first witness
    found, are exactly ``TubeKernel``'s.
    """

    name: ClassVar[str] = "fast"
    certified: ClassVar[bool] = True
    #: rows per batch of the Gram filter: bounds memory at chunk·m·(m + d) floats
    chunk: int = 2048
    #: Lemma 5b's state (`_gram_filter_state`), made on first use
    _lemma5b: tuple[FloatArray, float, float, float, float, bool] | None = None

    def __init__(
        self,
        X: object,
        *,
        column_range: Sequence[object] | None = None,
        model: str = "float64",
        release: ReleaseModel | str | None = None,
    ) -> None:
        super().__init__(X, column_range=column_range, model=model, release=release)
        #: a float ≥ ‖ρ_p + max(ρ_a, ρ_b)‖₂ for any three rows, from the radii the decisions use
        self.bn = radius_norm_bound(self.rho_up)
        #: how many triples the filter passed to the exact test (for the benchmark)
        self.exact_checks = 0

    def survivors(self, P: IntArray, C: IntArray) -> npt.NDArray[np.bool_]:
        """Mask (len(P), npairs): pairs the float filter cannot reject; Lemma 5b, proofs/05_fast_filter.py.

        (N1) and (N2) of Lemma 5 are evaluated once in round-to-nearest float64, and a pair is
        rejected only when a value exceeds its margin K·(magnitude) of Lemma 5b (constants from
        `gram_filter_constants`), and only inside the range guard.
        """
        if self._lemma5b is None:
            self._lemma5b = _gram_filter_state(self.points, self.rho_up)
        X, b2, k0, k1, k2, usable = self._lemma5b
        ia, ib = _pairs(C.shape[1])
        # pairs with a padding index (−1) or the point itself are never candidates
        ca, cb = C[:, ia], C[:, ib]
        pc = P[:, None]
        good = (ca >= 0) & (cb >= 0) & (ca != pc) & (cb != pc)
        if not usable:
            return np.asarray(good, dtype=bool)
        V = X[C] - X[P][:, None, :]  # v_a = a − p, rounded once per coordinate
        G = np.matmul(V, V.transpose(0, 2, 1))
        diag = np.einsum("naa->na", G)
        with np.errstate(all="ignore"):
            inr = (diag >= _TAU) & (diag <= _OMEGA)
            f1, c1, t, c0, f2, c2 = _lemma5b_values(diag[:, ia], diag[:, ib], G[:, ia, ib], b2, k0, k1, k2)
            reject = (f1 > c1) | ((t > c0) & (f2 > c2))
            reject &= inr[:, ia] & inr[:, ib]
        return np.asarray(good & ~reject, dtype=bool)

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """``TubeKernel.between_any``'s answer, with the Lemma 5b filter first; proofs/05_fast_filter.py.

        The pairs are scanned in ``TubeKernel``'s row-major order, one row of the pair matrix
        at a time: the pairs (i, j > i) of every point still without a witness are filtered
        (the same test as `survivors`), then the survivors go to the exact test in order. A
        point leaves as soon as it has a witness, which is then the first one in row-major
        order; most points leave after the first row or two, so most pairs are never filtered.
        """
        out: list[Witness | None] = [None] * len(P)
        if C.size == 0 or C.shape[1] < 2:
            return out
        if self._lemma5b is None:
            self._lemma5b = _gram_filter_state(self.points, self.rho_up)
        X, b2, k0, k1, k2, usable = self._lemma5b
        m = C.shape[1]
        for start in range(0, len(P), self.chunk):
            Pc, Cc = P[start : start + self.chunk], C[start : start + self.chunk]
            # pairs with a padding index (−1) or the point itself are never candidates
            valid = (Cc >= 0) & (Cc != Pc[:, None])
            if usable:
                V = X[Cc] - X[Pc][:, None, :]  # v_a = a − p, rounded once per coordinate
                G = np.matmul(V, V.transpose(0, 2, 1))
                diag = np.einsum("naa->na", G)
                inr = (diag >= _TAU) & (diag <= _OMEGA)
            pending = np.arange(len(Pc))
            for i in range(m - 1):
                if len(pending) == 0:
                    break
                keep = valid[pending, i][:, None] & valid[pending, i + 1 :]
                if usable:
                    with np.errstate(all="ignore"):
                        f1, c1, t, c0, f2, c2 = _lemma5b_values(
                            diag[pending, i][:, None], diag[pending, i + 1 :], G[pending, i, i + 1 :], b2, k0, k1, k2
                        )
                        reject = (f1 > c1) | ((t > c0) & (f2 > c2))
                        reject &= inr[pending, i][:, None] & inr[pending, i + 1 :]
                    keep &= ~reject
                rr, jj = np.nonzero(keep)  # row-major: pending order, then j
                rows = pending[rr]
                done: list[int] = []
                last = -1
                for r, row, p, a, b in zip(
                    rr.tolist(), rows.tolist(), Pc[rows].tolist(), Cc[rows, i].tolist(), Cc[rows, i + 1 + jj].tolist(), strict=True
                ):
                    if r == last:
                        continue
                    self.exact_checks += 1
                    w = self.between(p, a, b)
                    if w is not None:
                        out[start + row] = w
                        last = r
                        done.append(r)
                if done:
                    pending = np.delete(pending, done)
        return out


# ---------------------------------------------------------------------------------------
# EpsilonKernel: the published numerics
# ---------------------------------------------------------------------------------------


class EpsilonKernel:
    """The published attack's float tests with a fixed ``eps`` (not certified; kept for comparison).

    * collinear: ``| |cos θ| − 1 | < eps`` for θ the angle between a − p and b − p; this is an
      angular tolerance of about √(2·eps) (1.41e-6 rad for eps = 1e-12);
    * between: the projection λ̂ = (p − a)·(b − a)/|b − a|² in [0, 1], endpoints included;
    * intersection: ``numpy.linalg.lstsq`` and ``numpy.allclose(atol=eps)`` (default rtol 1e-5).
    """

    name: ClassVar[str] = "epsilon"
    certified: ClassVar[bool] = False

    def __init__(self, X: object, *, eps: float = 1e-12) -> None:
        if not eps > 0:
            raise InvalidParameter(f"eps must be > 0, got {eps!r}")
        self.points = _float_points(X)
        self.eps = float(eps)

    def between(self, p: int, a: int, b: int) -> Witness | None:
        """The published cosine and projection tests (approximate; no lemma holds)."""
        return self.between_any(np.asarray([p], dtype=np.intp), np.asarray([[a, b]], dtype=np.intp))[0]

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """First pair passing the published tests, in row-major pair order (batched in numpy).

        The scalar `between` runs through here too, so both make the same float decisions.
        """
        out: list[Witness | None] = [None] * len(P)
        if C.size == 0 or C.shape[1] < 2:
            return out
        X = self.points
        ia, ib = _pairs(C.shape[1])
        for start in range(0, len(P), 1024):
            stop = min(start + 1024, len(P))
            Pc, Cc = P[start:stop], C[start:stop]
            A, B = Cc[:, ia], Cc[:, ib]
            xp = X[Pc][:, None, :]
            va, vb = X[A] - xp, X[B] - xp
            with np.errstate(divide="ignore", invalid="ignore"):
                na = np.sqrt(np.einsum("npd,npd->np", va, va))
                nb = np.sqrt(np.einsum("npd,npd->np", vb, vb))
                cos = np.einsum("npd,npd->np", va, vb) / (na * nb)
                dv = X[B] - X[A]
                dd = np.einsum("npd,npd->np", dv, dv)
                lam = np.einsum("npd,npd->np", -va, dv) / dd
                ok = (na > 0) & (nb > 0) & (np.abs(np.abs(cos) - 1) < self.eps) & ~(cos > 0)
                ok &= (dd > 0) & (lam >= 0) & (lam <= 1)
            ok &= (A >= 0) & (B >= 0)
            rows, cols = np.nonzero(ok)
            last = -1
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                if r == last:
                    continue
                last = r
                q = Fraction(float(lam[r, c]))
                out[start + r] = Witness(int(A[r, c]), int(B[r, c]), q, q)
        return out

    def on_line(self, p: int, a: int, b: int) -> bool:
        """The published cosine test on (p − a, b − a)."""
        X = self.points
        u, v = X[p] - X[a], X[b] - X[a]
        nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
        if nu == 0 or nv == 0:
            return nv != 0
        return abs(abs(float(u @ v) / (nu * nv)) - 1) < self.eps

    def meet(self, l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
        """lstsq intersection accepted by ``allclose(atol=eps)``, as published."""
        X = self.points
        a1, b1 = X[l1.anchors[0]], X[l1.anchors[1]]
        a2, b2 = X[l2.anchors[0]], X[l2.anchors[1]]
        M = np.stack([b1 - a1, -(b2 - a2)], axis=1)
        sol, *_ = np.linalg.lstsq(M, a2 - a1, rcond=None)
        s, t = float(sol[0]), float(sol[1])
        x1, x2 = a1 + s * (b1 - a1), a2 + t * (b2 - a2)
        if not np.allclose(x1, x2, atol=self.eps) or 0 < s < 1 or 0 < t < 1:
            return None
        pt = tuple(Fraction(float(v)) for v in (x1 + x2) / 2)
        return Meet(pt, pt, ids)


# ---------------------------------------------------------------------------------------
# Construction by name
# ---------------------------------------------------------------------------------------


def make_kernel(
    kernel: str | GeometryKernel,
    X: object,
    *,
    column_range: Sequence[object] | None = None,
    model: str = "float64",
    eps: float = 1e-12,
    release: ReleaseModel | str | None = None,
) -> GeometryKernel:
    """A kernel bound to the rows X, by name (``exact``, ``tube``, ``fast``, ``epsilon``) or passed through.

    ``release`` (Lemma 6, proofs/06_noisy_tubes.py) widens the tube kernels by a release
    error model; the exact kernel has no tube and refuses one, and the epsilon kernel keeps
    the published numerics whatever the release.
    """
    if not isinstance(kernel, str):
        return kernel
    rel = parse_release(release)
    if kernel == "exact":
        if rel.kind != "none":
            raise InvalidParameter(
                f"the exact kernel decides exact collinearity and has no tube for release {rel.label()!r}; "
                "use kernel 'fast' or 'tube' with a release model"
            )
        return ExactKernel(X)
    if kernel == "tube":
        return TubeKernel(X, column_range=column_range, model=model, release=rel)
    if kernel == "fast":
        return FastKernel(X, column_range=column_range, model=model, release=rel)
    if kernel == "epsilon":
        return EpsilonKernel(X, eps=eps)
    raise InvalidParameter(f"unknown kernel {kernel!r}; choose one of {', '.join(KERNELS)}")


def lines_from_groups(kernel: GeometryKernel, groups: Iterable[Sequence[int]]) -> list[Line]:
    """Lines through groups of ≥ 3 rows: anchors are the two most distant members, and every
    member must be on the anchors' line in the kernel's sense (members that are not are dropped)."""
    X = kernel.points
    out: list[Line] = []
    for g in groups:
        idx = np.asarray(sorted(set(g)), dtype=np.intp)
        if len(idx) < 3:
            continue
        pts = X[idx]
        # the two extremes along the principal direction are the most distant pair on a line
        c = pts.mean(0)
        _, _, vt = np.linalg.svd(pts - c, full_matrices=False)
        proj = (pts - c) @ vt[0]
        a, b = int(idx[int(np.argmin(proj))]), int(idx[int(np.argmax(proj))])
        if a == b:
            continue
        members = tuple(int(i) for i in idx if i in (a, b) or kernel.on_line(int(i), a, b))
        if len(members) >= 3:
            out.append(Line((a, b), members))
    return out


__all__ = [
    "KERNELS",
    "EpsilonKernel",
    "ExactKernel",
    "FastKernel",
    "GeometryKernel",
    "Line",
    "Meet",
    "TubeKernel",
    "Witness",
    "column_ranges",
    "gram_filter_constants",
    "lines_from_groups",
    "make_kernel",
    "radius_norm_bound",
]
