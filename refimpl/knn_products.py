"""Exact m-nearest lists by blocked matrix products, for dimensions where a KD-tree degenerates; Lemma 14, proofs/14_product_knn.py.

At d = 20 a KD-tree over 10^4 rows cannot split every coordinate, and its exact search visits
nearly every leaf: 2.3 CPU s for 10^4 rows and 41 neighbours, 21 s for 3·10^4 (measured on
this package's bench machine). A matrix product computes every squared distance of a block
of queries at once, ‖x‖² − 2x·y + ‖y‖², about 3× faster there, but its values are not the
float distances a tree ranks by. Lemma 14 bounds the gap, so the product only *selects*: a
row whose product value is within twice the bound of the m-th smallest is kept, and the kept
rows are ranked by the direct float distance Σ fl(x_j − y_j)² and then by id. The answer is
the list a brute-force ranking by the direct distances gives, tie-break by id included.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from refimpl.fpformat import BINARY64, float_up, gamma
from refimpl.parallel import one_blas_thread

_T = TypeVar("_T")

#: Most product values held at once (a block of queries × all rows): 2^18 float64 values,
#: 2 MiB, so a block stays in cache through its passes (measured at d = 20, 13,897 rows:
#: 1.2 CPU s per search against 2.9 s with 128 MiB blocks) and memory does not grow.
BLOCK_VALUES = 1 << 18

#: Fewer queries per block than this (over BLOCK_VALUES / 8 = 32,768 rows) make each block
#: nearly a matrix-vector product; there `_nearest_tiled` bounds each query's m-th distance
#: from a sample first and then uses square tiles. Measured at d = 20, 40 neighbours: 14.2
#: against 23.2 CPU s at 6·10^4 rows, 2.8 against 1.6 s at 2·10^4 (where blocks stay).
TALL_BLOCK = 8
#: `_sample_bound` takes every SAMPLE_EVERY-th row: the bound is then about the
#: (SAMPLE_EVERY·m)-th nearest distance, so a tile keeps about that many rows per query.
SAMPLE_EVERY = 8
#: `_nearest_tiled`'s tiles are TILE_SIDE × TILE_SIDE (128 to 512 measured within 10%).
TILE_SIDE = 256


def selection_coefficients(d: int) -> tuple[float, float]:
    """(K, c) with fl(fl(K·fl(S·S)) + c) ≥ max |product value − direct float distance| over pairs with S = fl(N_x + N_y); Lemma 14, proofs/14_product_knn.py.

    N_x = fl(√fl(‖x′‖²)) for the centred row x′. K = K₀(1 + u)/((1 − u)⁷(1 − γ_d)) with
    K₀ = 2γ_{d+2} + u′(2 + u′) + γ_{d+2}(1 + u′)², u′ = u/(1 − u); c = (6dη + K₀·2dη(1 + 1/u)
    /(1 − γ_d))/(1 − u) + η; both rounded up.
    """
    u, eta = BINARY64.u, BINARY64.eta
    g, gd = gamma(d + 2), gamma(d)
    up = u / (1 - u)
    k0 = 2 * g + up * (2 + up) + g * (1 + up) ** 2
    K = k0 * (1 + u) / ((1 - u) ** 7 * (1 - gd))
    c = (6 * d * eta + k0 * 2 * d * eta * (1 + 1 / u) / (1 - gd)) / (1 - u) + eta
    return float_up(K), float_up(c)


def _centred(
    X: npt.NDArray[np.float64], centre: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(x′ = fl(x − centre), q = Σ x′², N = fl(√q)) per row: Lemma 14's centred rows; centring keeps the products' cancellation small."""
    Y = X - centre
    sq = np.einsum("ij,ij->i", Y, Y)
    return Y, sq, np.sqrt(sq)


def _slack(norm: npt.NDArray[np.float64], top: float, d: int) -> npt.NDArray[np.float64]:
    """σ per query row, ≥ |product value − direct distance| against every row of norm ≤ ``top``; Lemma 14(a)."""
    K, c = selection_coefficients(d)
    S = norm + top  # ≥ fl(N_x + N_y) for every row y
    return np.asarray(K * (S * S) + c, dtype=np.float64)


def direct_sqdist(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Σ_j fl(a_j − b_j)² row by row (the float distance a tree ranks by); Lemma 8(b), proofs/08_knn_float_error.py."""
    diff = a - b
    return np.asarray(np.einsum("...j,...j->...", diff, diff), dtype=np.float64)


def nearest_by_products(
    points: npt.NDArray[np.float64], rows: npt.NDArray[np.intp], m: int, jobs: int = 1
) -> npt.NDArray[np.intp]:
    """The m nearest of all ``points`` to each of ``rows`` (self excluded by index), ordered by (direct float distance, id); Lemma 14, proofs/14_product_knn.py.

    Needs 1 ≤ m ≤ len(points) − 1 and finite points whose centred squared norms do not
    overflow (`products_apply` says when). ``jobs`` threads share the blocks; the lists do not
    depend on it.
    """
    X = np.asarray(points, dtype=np.float64)
    rows = np.asarray(rows, dtype=np.intp)
    out = np.empty((len(rows), m), dtype=np.intp)
    if len(rows) == 0:
        return out
    Y, sq, norm = _centred(X, X.mean(axis=0))
    W = np.ascontiguousarray(-2.0 * Y.T)  # doubling is exact: Y·W evaluates −2x′·y′
    P = _Products(X, Y, sq, W, _slack(norm, float(norm.max()), X.shape[1]))
    sigma = P.sigma
    step = max(1, BLOCK_VALUES // len(X))
    if step < TALL_BLOCK and len(X) // SAMPLE_EVERY > m:
        return _nearest_tiled(P, rows, m, jobs)

    def block(lo: int) -> npt.NDArray[np.intp]:
        q = rows[lo : lo + step]
        G = P.values(q, slice(None))
        G[np.arange(len(q)), q] = np.inf  # self excluded by index: an identical row stays a neighbour
        gm = np.partition(G, m - 1, axis=1)[:, m - 1]
        # every row whose direct distance is at most the m-th smallest has a product value
        # at most gm + 2σ (Lemma 14(b)); one step up covers the rounding of the sum
        cut = np.nextafter(gm + 2.0 * sigma[q], np.inf)
        qi, cols = np.divmod(
            np.flatnonzero(G <= cut[:, None]), G.shape[1]
        )  # flat: 35× faster than 2-D nonzero
        return _ranked(X, q, qi.astype(np.intp), cols.astype(np.intp), m)

    starts = list(range(0, len(rows), step))
    for lo, lists in zip(starts, _blocks(block, starts, jobs), strict=True):
        out[lo : lo + len(lists)] = lists
    return out


class _Products(NamedTuple):
    """The rows ``X``, centred (``Y``, ``sq`` = Σ Y², ``W`` = −2Yᵀ) and each row's slack σ: what Lemma 14's product values need."""

    X: npt.NDArray[np.float64]
    Y: npt.NDArray[np.float64]
    sq: npt.NDArray[np.float64]
    W: npt.NDArray[np.float64]
    sigma: npt.NDArray[np.float64]

    def values(self, q: npt.NDArray[np.intp], cols: npt.NDArray[np.intp] | slice) -> npt.NDArray[np.float64]:
        """G = fl(fl(Y_q·W_cols + ‖y_q‖²) + ‖y_c‖²) for queries ``q`` against rows ``cols``: Lemma 14's G."""
        G = self.Y[q] @ self.W[:, cols]
        G += self.sq[q, None]
        G += self.sq[None, cols]
        return np.asarray(G, dtype=np.float64)


def _sample_bound(P: _Products, rows: npt.NDArray[np.intp], m: int, jobs: int) -> npt.NDArray[np.float64]:
    """Per query, a direct float distance ≥ its m-th smallest one: the largest direct distance of m other rows among every `SAMPLE_EVERY`-th row (those of smallest product value); Lemma 14(c)."""
    S = np.arange(0, len(P.X), SAMPLE_EVERY, dtype=np.intp)
    step = max(1, BLOCK_VALUES // len(S))

    def block(lo: int) -> npt.NDArray[np.float64]:
        q = rows[lo : lo + step]
        G = P.values(q, S)
        G[S[None, :] == q[:, None]] = np.inf  # m rows other than the query itself
        near = S[np.argpartition(G, m - 1, axis=1)[:, :m]]
        return np.asarray(direct_sqdist(P.X[near], P.X[q][:, None, :]).max(axis=1), dtype=np.float64)

    starts = list(range(0, len(rows), step))
    return np.concatenate(_blocks(block, starts, jobs)) if starts else np.zeros(0)


def _nearest_tiled(P: _Products, rows: npt.NDArray[np.intp], m: int, jobs: int) -> npt.NDArray[np.intp]:
    """`nearest_by_products` over many rows, by square tiles under a sampled bound; the same lists (Lemma 14(c)).

    A block of a few queries against every row is a matrix-vector product; square tiles are
    several times faster per value. A tile keeps the rows whose product value is at most
    fl(β + σ) one step up, β from `_sample_bound`: by Lemma 14(a) that keeps every row of
    direct distance ≤ β, so at least m rows, so the m smallest product values, and the
    cut of Lemma 14(b) is then taken among the kept rows alone.
    """
    bound = _sample_bound(P, rows, m, jobs)
    sigma = P.sigma
    cut1 = np.nextafter(bound + sigma[rows], np.inf)
    side = TILE_SIDE
    n = len(P.X)

    def block(lo: int) -> npt.NDArray[np.intp]:
        q = rows[lo : lo + side]
        parts_i: list[npt.NDArray[np.intp]] = []
        parts_j: list[npt.NDArray[np.intp]] = []
        parts_g: list[npt.NDArray[np.float64]] = []
        for po in range(0, n, side):
            G = P.values(q, slice(po, po + side))
            i, j = np.divmod(np.flatnonzero(G <= cut1[lo : lo + side, None]), G.shape[1])
            parts_i.append(i.astype(np.intp))
            parts_j.append((j + po).astype(np.intp))
            parts_g.append(G[i, j])
        qi, cols, g = np.concatenate(parts_i), np.concatenate(parts_j), np.concatenate(parts_g)
        other = cols != q[qi]  # self excluded by index
        qi, cols, g = qi[other], cols[other], g[other]
        order = np.lexsort((g, qi))
        first = np.searchsorted(qi[order], np.arange(len(q)))
        gm = g[order][first + m - 1]  # the m-th smallest product value of every row (all are kept)
        keep = g <= np.nextafter(gm + 2.0 * sigma[q], np.inf)[qi]  # Lemma 14(b)'s cut
        return _ranked(P.X, q, qi[keep], cols[keep], m)

    out = np.empty((len(rows), m), dtype=np.intp)
    starts = list(range(0, len(rows), side))
    for lo, lists in zip(starts, _blocks(block, starts, jobs), strict=True):
        out[lo : lo + len(lists)] = lists
    return out


def _blocks(fn: Callable[[int], _T], starts: list[int], jobs: int) -> list[_T]:
    """``fn`` over the block starts, in order, on ``jobs`` threads, each BLAS call on one thread.

    numpy releases the GIL in the products, the partitions and the comparisons, so the
    threads share the cores; every block's result depends on its own rows alone, so the
    answer does not depend on ``jobs``. Blocks this small run faster on one BLAS thread
    each (measured at d = 20, 13,897 rows: 1.2 CPU s against 4.8 s).
    """
    with one_blas_thread():
        if jobs <= 1 or len(starts) <= 1:
            return [fn(lo) for lo in starts]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(fn, starts))


def _ranked(
    X: npt.NDArray[np.float64],
    q: npt.NDArray[np.intp],
    qi: npt.NDArray[np.intp],
    cols: npt.NDArray[np.intp],
    m: int,
) -> npt.NDArray[np.intp]:
    """Each query's first m selected rows by (direct float distance, id); every query has at least m (Lemma 14(b))."""
    dist = direct_sqdist(X[cols], X[q[qi]])
    order = np.lexsort((cols, dist, qi))
    qi, cols = qi[order], cols[order]
    first = np.searchsorted(qi, np.arange(len(q)))
    return np.asarray(cols[first[:, None] + np.arange(m)[None, :]], dtype=np.intp)


def pairs_within(
    Q: npt.NDArray[np.float64], P: npt.NDArray[np.float64], bound: npt.NDArray[np.float64], jobs: int = 1
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """(i, j) pairs, sorted, including every pair with direct float distance Σ fl(Q_ij − P_jk)² ≤ ``bound[i]`` (and a few more); Lemma 14(a), proofs/14_product_knn.py.

    Q and P are centred together (on P's column means) and a pair is kept when its product
    value is at most fl(bound + σ_i) one step up, σ_i Lemma 14's slack with B = max_j N_j over
    P's rows. The extra pairs are within 2σ of the bound: a caller that needs the exact set
    tests the kept pairs' direct distances. Needs `products_apply` on P's rows stacked on Q's.
    ``jobs`` threads share the tiles; the pairs do not depend on it.
    """
    Q = np.asarray(Q, dtype=np.float64)
    P = np.asarray(P, dtype=np.float64)
    if len(Q) == 0 or len(P) == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    centre = P.mean(axis=0)
    Yq, sq_q, norm_q = _centred(Q, centre)
    Yp, sq_p, norm_p = _centred(P, centre)
    W = np.ascontiguousarray(-2.0 * Yp.T)
    sigma = _slack(norm_q, float(norm_p.max()), Q.shape[1])
    cut = np.nextafter(np.asarray(bound, dtype=np.float64) + sigma, np.inf)
    # square tiles: a tile of a few queries against every row of a long P is a matrix-vector
    # product, several times slower per value than a square one (measured: 2 × 10^5 tiles took
    # 37 s for 5·10^9 values)
    side = max(1, math.isqrt(BLOCK_VALUES))

    def tile(lo: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        out_i: list[npt.NDArray[np.intp]] = []
        out_j: list[npt.NDArray[np.intp]] = []
        for po in range(0, len(P), side):
            G = Yq[lo : lo + side] @ W[:, po : po + side]
            G += sq_q[lo : lo + side, None]
            G += sq_p[None, po : po + side]
            # flat positions: 2-D np.nonzero costs 1.7 ns per value, flatnonzero 0.05
            i, j = np.divmod(np.flatnonzero(G <= cut[lo : lo + side, None]), G.shape[1])
            out_i.append((i + lo).astype(np.intp))
            out_j.append((j + po).astype(np.intp))
        return np.concatenate(out_i), np.concatenate(out_j)

    parts = _blocks(tile, list(range(0, len(Q), side)), jobs)
    i_all = np.concatenate([a for a, _ in parts])
    j_all = np.concatenate([b for _, b in parts])
    order = np.lexsort((j_all, i_all))
    return i_all[order], j_all[order]


def products_apply(points: npt.NDArray[np.float64]) -> bool:
    """True when `nearest_by_products` may run: finite rows whose centred squared norms (and their sums) stay below the float range; Lemma 14."""
    X = np.asarray(points, dtype=np.float64)
    if X.size == 0 or not np.isfinite(X).all():
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        Y = X - X.mean(axis=0)
        top = float(np.einsum("ij,ij->i", Y, Y).max()) if len(Y) else 0.0
    # 4·top bounds every product value and the selection's K·S² (S² ≤ 4·top); a margin of 16
    return math.isfinite(top) and top < float(np.finfo(np.float64).max) / 16


__all__ = [
    "BLOCK_VALUES",
    "direct_sqdist",
    "nearest_by_products",
    "pairs_within",
    "products_apply",
    "selection_coefficients",
]
