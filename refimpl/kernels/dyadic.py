"""Exact arithmetic on dyadic rationals as Python ints, for the tube kernels' tests.

Every float is m·2^e, so the three rows of a test and their (float, rounded-up) radii
become integers at one common scale 2^K: one K for the whole data set when the rows' own
scales are within 64 bits of each other (`common_scale_ints`, built once), else the
smallest K for the three rows (`row_ints`, `triple_at_one_scale`). The λ-interval rule is
then `refimpl.lambda_interval.affine_interval_int` (integer cross-multiplication, no gcd
per operation, homogeneous in the scale), the fast path property-tested against the
Fraction reference `refimpl.lambda_interval.affine_interval`.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

from refimpl.kernels.base import FloatArray
from refimpl.lambda_interval import IntEnd, affine_interval_int

IntRow = tuple[int, ...]
#: (K, row·2^K, ρ_up·2^K): a row and its decision radius as integers at the row's own scale
ScaledRow = tuple[int, IntRow, IntRow]


class ScaledRows(Sequence[IntRow]):
    """Rows as integers m·2^s at one common scale, each made on first access and kept.

    The exact tests of a call touch most rows, but converting all at once ran in the calling
    process before its workers forked (27 of 671 CPU s of a DistinSMOTE call on 1.1·10^6
    rows, d = 20); made on access, each worker converts the rows it meets.
    """

    def __init__(self, mant: npt.NDArray[np.int64], shift: npt.NDArray[np.int64]) -> None:
        self._mant, self._shift = mant, shift
        self._made: dict[int, IntRow] = {}

    def __len__(self) -> int:
        return len(self._mant)

    @overload
    def __getitem__(self, i: int) -> IntRow: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[IntRow]: ...
    def __getitem__(self, i: int | slice) -> IntRow | Sequence[IntRow]:
        try:
            return self._made[i]  # type: ignore[index]
        except KeyError:
            pass
        except TypeError:  # a slice (unhashable before Python 3.12)
            assert isinstance(i, slice)
            return [self[j] for j in range(*i.indices(len(self)))]
        assert not isinstance(i, slice)
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        got = tuple(map(operator.lshift, self._mant[i].tolist(), self._shift[i].tolist()))
        self._made[i] = got
        return got


def common_scale_ints(points: FloatArray, rho_up: FloatArray) -> tuple[ScaledRows, ScaledRows] | None:
    """All rows and radii as integers at the one scale 2^K that makes every one of them an integer; exact.

    Each float is M·2^-q with an integer mantissa M (`numpy.frexp`); a row needs
    K_i = max(q − trailing zeros of M, 0), as `row_ints`. With K = max K_i the same
    integers (times 2^(K − K_i)) serve every triple without shifting. Returns None when the
    rows' own scales differ by more than 64 bits (mixed magnitudes), where per-row scales keep
    the integers small. The integers of a row are made when it is first read (`ScaledRows`).
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
    up = np.maximum(shift, 0)
    d = points.shape[1]
    return ScaledRows(M[:, :d], up[:, :d]), ScaledRows(M[:, d:], up[:, d:])


_PROJ_BITS = 64


def in_tube_at_projection(
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


def row_ints(point: Sequence[float], radius: Sequence[float]) -> ScaledRow:
    """(K, row·2^K, ρ_up·2^K) with the smallest K ≥ 0 that makes every value an integer; exact."""
    vals = [float(v) for v in point] + [float(v) for v in radius]
    ratios = [v.as_integer_ratio() for v in vals]
    k = max(den.bit_length() - 1 for _, den in ratios)
    ints = [num << (k - (den.bit_length() - 1)) for num, den in ratios]
    d = len(ints) // 2
    return k, tuple(ints[:d]), tuple(ints[d:])


def triple_at_one_scale(rows: Sequence[ScaledRow]) -> tuple[IntRow, ...]:
    """(row, radius) of each scaled row, shifted to the largest K among them (exact)."""
    k = max(r[0] for r in rows)
    out: list[IntRow] = []
    for kk, q, rho in rows:
        sh = k - kk
        if sh:
            out.append(tuple(v << sh for v in q))
            out.append(tuple(v << sh for v in rho))
        else:  # the common case: nothing to shift
            out.append(q)
            out.append(rho)
    return tuple(out)


def on_line_int(r: Sequence[int], d: Sequence[int], rp: Sequence[int], ra: Sequence[int], rb: Sequence[int]) -> bool:
    """Some λ (any real) with |r_j − λd_j| ≤ ρ_p,j + |1 − λ|ρ_a,j + |λ|ρ_b,j for all j; Lemma 3, exact.

    The radius is affine on each of λ ≤ 0, 0 ≤ λ ≤ 1, λ ≥ 1: one λ-interval test per piece.
    """
    pa = [x + y for x, y in zip(rp, ra, strict=True)]
    pieces: tuple[tuple[IntEnd, IntEnd, list[int], list[int]], ...] = (
        ((-1, 0), (0, 1), pa, [-(x + y) for x, y in zip(ra, rb, strict=True)]),
        ((0, 1), (1, 1), pa, [y - x for x, y in zip(ra, rb, strict=True)]),
        ((1, 1), (1, 0), [x - y for x, y in zip(rp, ra, strict=True)], [x + y for x, y in zip(ra, rb, strict=True)]),
    )
    return any(affine_interval_int(r, d, b0, b1, lo, hi) is not None for lo, hi, b0, b1 in pieces)
