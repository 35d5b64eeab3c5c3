"""DistinSMOTE on a Dask cluster: spatial blocks with provably wide enough halos (Lemma H).

The first pass of DistinSMOTE (every point's m nearest candidates, then its first witness
among their pairs) is almost all of its cost and is independent per point. Here it runs as
one task per spatial block; everything else (distinct rows, the kernel's global parameters,
the re-search rounds among witness-less points, `_untouch`, the verdicts, lattice rows,
discreteness and notes) runs on the client through `refimpl.attacks.distin.segment_distin`,
the very code `distin_smote` runs. The result is identical to `distin_smote`'s: verdicts,
witnesses, λ-intervals and reasons.

Lemma H (halos)
---------------
Notation. S is the set of distinct minority rows, d̂(q, p) the float distance cKDTree
computes (a function of the pair alone: fl(sqrt(Σ_j fl(fl(q_j − p_j)²))), summed in some
order), and N_m(q, T) the m rows of T ∖ {q} smallest in the strict order (d̂(q, ·), id)
(`refimpl.attacks.distin.nearest_ids`, the blocks' rule; (f) below ties it to
`distin_smote`'s).

Blocks. S is cut into blocks Q (recursive median splits on the widest coordinate, the top
of a KD-tree, `spatial_blocks`). Q's task gets T = every row of S in a box [L, U] ⊇ Q: any
box is sound; it is Q's bounding box grown by h, a quantile (`halo_quantile`) of the
neighbour radii of a sample of Q (`sample_radii`), which only sizes it. For q ∈ Q let r_q
be the m-th smallest d̂(q, ·) over T ∖ {q} (the last distance of q's list N_m(q, T)), and
let R_q = F·r_q + A be rounded up, with F = 1/((1 − u)(1 − γ_{d+2})) and A = F·d·2^-537
(u = 2^-53, γ_k = ku/(1 − ku); Higham 2002, §3.1).

(a) r_q ≥ the m-th smallest d̂(q, ·) over S ∖ {q}: T ∖ {q} ⊆ S ∖ {q}, so the m-th smallest
    over the larger set is no larger.
(b) Every p ∈ N_m(q, S) has d̂(q, p) ≤ r_q, by (a), since N_m takes the m smallest.
(c) d̂(q, p) ≤ r_q implies ‖q − p‖₂ ≤ R_q. Lemma 8(b) (proofs/08_knn_float_error.py) bounds
    the float sum ŝ of squares: |ŝ − D| ≤ γ_{d+2}·D + d·η with D = ‖q − p‖² and
    η = 2^-1074, so D ≤ (ŝ + d·η)/(1 − γ_{d+2}); and d̂ = fl(sqrt(ŝ)) ≥ (1 − u)·sqrt(ŝ).
    Hence ‖q − p‖₂ ≤ (d̂/(1 − u) + sqrt(d·η))/(1 − γ_{d+2}) ≤ F·(d̂ + sqrt(d·η)), and
    sqrt(d·η) ≤ d·2^-537.
(d) If q is *settled*, that is [q_j − R_q, q_j + R_q] ⊆ [L_j, U_j] for every j (checked in
    floats rounded outward, `settled`), then N_m(q, S) ⊆ T. By (b) and (c) each
    p ∈ N_m(q, S) has |p_j − q_j| ≤ ‖p − q‖₂ ≤ R_q, so p ∈ [L, U], and T holds every row
    of S there.
(e) If N_m(q, S) ⊆ T ⊆ S then N_m(q, T) = N_m(q, S). An element of T before some element of
    N_m(q, S) in the strict order is an element of S before it, hence in N_m(q, S).

(f) If moreover q's list is *tie-free* (q itself at distance 0 alone, and its m + 1 nearest
    rows of T ∖ {q} at distinct distances: `nearest_with_radius`), no other row of S is
    within r_q (by (c) and (d) every row of S within r_q is in T, and T's (m + 1)-th is
    farther), and the m rows' distances are distinct; so N_m(q, S) is the one list
    of the m rows nearest q under every tie rule, in the one order of their distinct
    distances: the list `distin_smote`'s own search (`_nearest_of`, cKDTree's order over all
    of S) gives q.

So a settled, tie-free q gets from its block's tree the candidate list, in the same order,
that `distin_smote` gives it; the worker checks (d) and (f) on the list it computed. A list
with a tie (lattice data, far-from-origin rows whose float distances collide) is left to
the client, which orders its ties by `_nearest_of`, as `distin_smote` does. The block's
kernel is the client's kernel restricted to T
(`GeometryKernel.restrict`: column ranges, release model and filter constants computed over
all rows), so it decides each triple as the client's kernel does. `between_any` scans the
pairs of that list in the same order, so the first witness is the same one. A query that is
not settled (near the box's faces, or an outlier with a large r_q) or not tie-free is
searched on the client, over all of S, with `distin_smote`'s rule. The one assumption is cKDTree's contract with eps = 0: every row it does
not return is at least as far, in d̂, as the last row it returns.

`distin_smote` searches (1 + eps)-approximately when n < 16·2^d (`search_eps`). Lemma H needs
the exact order, so the blocks always search exactly; in that case the result carries a
note, and its witnesses can differ from the single-process run's (its verdicts are just as
certified: candidates never decide).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.attacks._gc import without_gc
from refimpl.attacks.distin import (
    _nearest_of,
    _resolve_minority,
    nearest_with_radius,
    search_eps,
    segment_distin,
)
from refimpl.attacks.distin_result import DistinResult
from refimpl.errors import BackendUnavailable, InvalidParameter
from refimpl.fpformat import BINARY64, float_up, gamma
from refimpl.kernels import GeometryKernel, Witness, between_any_jobs
from refimpl.parallel import resolve_n_jobs
from refimpl.release import ReleaseModel
from refimpl.results import keeps_input_labels

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]


def spatial_blocks(points: FloatArray, blocks: int) -> list[IntArray]:
    """``blocks`` disjoint row sets covering all rows: recursive median splits on the widest coordinate (a KD-tree's top levels)."""
    if isinstance(blocks, bool) or not isinstance(blocks, (int, np.integer)) or blocks < 1:
        raise InvalidParameter(f"blocks must be a positive integer, got {blocks!r}")

    def split(idx: IntArray, b: int) -> list[IntArray]:
        if b == 1 or len(idx) < 2:
            return [idx]
        pts = points[idx]
        j = int(np.argmax(pts.max(axis=0) - pts.min(axis=0)))
        order = np.argsort(pts[:, j], kind="stable")
        cut = len(idx) * (b // 2) // b
        return split(idx[order[:cut]], b // 2) + split(idx[order[cut:]], b - b // 2)

    return [q for q in split(np.arange(len(points), dtype=np.intp), int(blocks)) if len(q)]


def distance_bound_factors(d: int) -> tuple[float, float]:
    """(F, A) rounded up, with ‖q − p‖₂ ≤ F·d̂ + A for cKDTree's float distance d̂ in d dimensions; Lemma H(c)."""
    u = BINARY64.u
    F = 1 / ((1 - u) * (1 - gamma(d + 2)))
    return float_up(F), float_up(F * d * Fraction(1, 2**537))


def _radius_up(r: FloatArray, d: int) -> FloatArray:
    """R_q ≥ F·r_q + A (Lemma H(c)), each operation rounded up by one float step."""
    F, A = distance_bound_factors(d)
    with np.errstate(over="ignore"):
        return np.nextafter(np.nextafter(r * F, np.inf) + A, np.inf)


#: rows of a block whose neighbour distance sets the block's halo radius (a sample: the
#: radius only sizes the halo; whether a row is settled is checked row by row, Lemma H(d))
RADIUS_SAMPLE = 512


def sample_radii(points: FloatArray, m: int, seed: int = 0) -> FloatArray:
    """The m-th neighbour d̂ within the block of up to `RADIUS_SAMPLE` of its rows (∞ if the block has ≤ m rows)."""
    if len(points) < m + 1:
        return np.full(1, np.inf)
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(points), size=min(len(points), RADIUS_SAMPLE), replace=False)
    dist, _ = cKDTree(points).query(points[pick], k=m + 1)
    return np.asarray(dist, dtype=np.float64).reshape(len(pick), m + 1)[:, m]


@dataclasses.dataclass(frozen=True)
class Halo:
    """One block's task: ``rows`` (sorted global ids of the rows in the box [L, U]), ``queries`` (positions in rows of the block's own rows) and the box."""

    rows: IntArray
    queries: IntArray
    L: FloatArray
    U: FloatArray


def halo(points: FloatArray, q: IntArray, radii: FloatArray, quantile: float) -> Halo:
    """Block q's box, grown by the ``quantile`` of its sampled radii (Lemma H(c) applied), and the rows in it; Lemma H."""
    R = _radius_up(radii, points.shape[1])
    finite = R[np.isfinite(R)]
    h = float(np.quantile(finite, quantile, method="higher")) if len(finite) == len(R) else np.inf
    pq = points[q]
    with np.errstate(over="ignore", invalid="ignore"):
        L = np.nextafter(pq.min(axis=0) - h, -np.inf)
        U = np.nextafter(pq.max(axis=0) + h, np.inf)
    inside = np.all((points >= L) & (points <= U), axis=1)
    inside[q] = True
    rows = np.flatnonzero(inside).astype(np.intp)  # sorted: local order = global order (Lemma H(e))
    return Halo(rows, np.searchsorted(rows, q).astype(np.intp), L, U)


def settled(points: FloatArray, kth: FloatArray, L: FloatArray, U: FloatArray) -> npt.NDArray[np.bool_]:
    """Rows whose box [p ± R] (R from their m-th distance, Lemma H(c)) lies in [L, U], tested rounded outward; Lemma H(d)."""
    R = _radius_up(kth, points.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        lo = np.nextafter(points - R[:, None], -np.inf)
        hi = np.nextafter(points + R[:, None], np.inf)
    return np.asarray(np.all((lo >= L) & (hi <= U), axis=1), dtype=bool)


def block_first_pass(
    sub: GeometryKernel, rows: IntArray, queries: IntArray, L: FloatArray, U: FloatArray, m: int
) -> tuple[IntArray, IntArray, list[Witness | None], IntArray]:
    """On a worker: settled queries' global ids, candidate lists and first witnesses (global ids), and the unsettled ids; Lemma H.

    ``sub`` is the client's kernel restricted to ``rows`` (sorted global ids, every row of
    the box [L, U]), so local ids order as global ones. A query is kept when the box of its
    list's m-th distance lies in [L, U] and its list is tie-free; then its list is the one
    `distin_smote` computes over all rows (Lemma H(e), (f)).
    """
    tree = cKDTree(sub.points)
    C, kth, free = nearest_with_radius(
        tree, sub.points[queries], np.arange(len(rows), dtype=np.intp), queries, m
    )
    # a list with a tie goes to the client too: there `_nearest_of` orders ties as distin_smote does
    ok = settled(sub.points[queries], kth, L, U) & free
    mine = queries[ok]
    found = sub.between_any(mine, C[ok])
    glob = [None if w is None else dataclasses.replace(w, a=int(rows[w.a]), b=int(rows[w.b])) for w in found]
    return rows[mine], rows[C[ok]], glob, rows[queries[~ok]]


@dataclasses.dataclass
class BlockStats:
    """What the decomposition cost: rows per block, halo rows per block, queries left to the client, seconds."""

    block_rows: list[int] = dataclasses.field(default_factory=list)
    halo_rows: list[int] = dataclasses.field(default_factory=list)
    client_queries: int = 0
    exact_search_forced: bool = False
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)

    def summary(self) -> str:
        """One line: blocks, mean rows and halo rows per block, halo/block ratio, client queries."""
        b, h = np.asarray(self.block_rows), np.asarray(self.halo_rows)
        ratio = float(h.sum() / b.sum()) if b.sum() else 0.0
        return (
            f"{len(b)} blocks of {b.mean():.0f} rows (mean) with halos of {h.mean():.0f} rows "
            f"(halo/block {ratio:.2f}, max {h.max()}); {self.client_queries} queries searched on the client"
        )


class _DaskFirstPass:
    """`refimpl.attacks.distin.FirstPass` on a Dask client (Lemma H); keeps the decomposition's `BlockStats`."""

    def __init__(self, client: Any, blocks: int, halo_quantile: float) -> None:
        self.client, self.blocks, self.quantile = client, blocks, halo_quantile
        self.stats = BlockStats()

    def __call__(
        self, kern: GeometryKernel, uniq: FloatArray, m: int, targets: int, jobs: int = 1
    ) -> tuple[IntArray, list[Witness | None]]:
        """The first ``targets`` points' candidates (among all points) and first witnesses; ``jobs`` cores for the client's share."""
        n, d = uniq.shape
        nt = targets
        m = min(m, n - 1)
        st, client = self.stats, self.client
        st.exact_search_forced = search_eps(n, d) > 0
        t = time.perf_counter()
        parts = spatial_blocks(uniq, self.blocks)
        futures = []
        for q in parts:
            hb = halo(uniq, q, sample_radii(uniq[q], m), self.quantile)
            # every row is a candidate, only the first nt get witnesses (the others are only ends)
            hb = dataclasses.replace(hb, queries=hb.queries[hb.rows[hb.queries] < nt])
            st.block_rows.append(len(q))
            st.halo_rows.append(len(hb.rows) - len(q))
            # scattered first: the block's kernel goes to a worker as data, not inside the task graph
            [sub] = client.scatter([kern.restrict(hb.rows)])
            futures.append(
                client.submit(block_first_pass, sub, hb.rows, hb.queries, hb.L, hb.U, m, pure=False)
            )
        st.seconds["halos"] = time.perf_counter() - t
        t = time.perf_counter()
        done = client.gather(futures)
        C = np.full((nt, m), -1, dtype=np.intp)
        witness: list[Witness | None] = [None] * nt
        rest = np.sort(np.concatenate([r[3] for r in done])) if done else np.zeros(0, dtype=np.intp)
        st.client_queries = len(rest)
        if len(rest):
            # outliers: the same rule on the tree over every row (Lemma H, last paragraph)
            Cr = _nearest_of(uniq, rest, m)
            C[rest] = Cr
            for p, w in zip(rest.tolist(), between_any_jobs(kern, rest, Cr, jobs), strict=True):
                witness[p] = w
        for ids, Cq, ws, _ in done:
            C[ids] = Cq
            for p, w in zip(ids.tolist(), ws, strict=True):
                witness[p] = w
        st.seconds["blocks"] = time.perf_counter() - t
        return C, witness


def connect(address: str, timeout: float = 10.0) -> Any:
    """A ``distributed.Client`` on the scheduler at ``address`` (``tcp://host:8786``), or a named error saying what to do."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise BackendUnavailable(
            "the Dask path needs the 'distributed' extra: pip install 'smote-refimpl[distributed]'"
        ) from exc
    try:
        factory: Any = Client  # typed where dask ships its stubs, untyped elsewhere
        return factory(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InvalidParameter(
            f"no Dask scheduler answered at {address!r} within {timeout:g} s ({type(exc).__name__}); start one with "
            "'dask scheduler' and pass its address, e.g. tcp://host:8786"
        ) from exc


def default_blocks(client: Any) -> int:
    """One block per worker (at least 2): at d = 10 a halo holds most other rows (bench/dask_scale.py), so fewer blocks copy less."""
    return max(2, len(client.scheduler_info().get("workers", {})))


@_resolve_minority
@without_gc
@keeps_input_labels(rows="X")
def distin_smote_dask(
    X: Any,
    y: Any,
    client: Any,
    *,
    blocks: int | None = None,
    halo_quantile: float = 0.99,
    minority: Any = None,
    k: int = 5,
    kernel: str | GeometryKernel = "fast",
    candidates: int | None = None,
    column_range: Sequence[object] | None = None,
    max_rounds: int = 8,
    release: ReleaseModel | str | None = None,
    n_jobs: int | None = None,
) -> DistinResult:
    """`refimpl.attacks.distin_smote` (segment geometry) with its first pass in spatial blocks on a Dask ``client``; Lemma H.

    ``blocks`` (default `default_blocks`) is the number of spatial blocks, one task each;
    ``halo_quantile`` sets each block's halo radius at that quantile of a sample of its
    rows' neighbour radii: a wider halo ships more rows to each task, a narrower one leaves
    more rows unsettled, to be searched on the client; any value in (0, 1] gives the same
    result.
    The other arguments are `distin_smote`'s (``n_jobs``: cores for the client's share). The result equals `distin_smote`'s (Lemma H),
    and ``result.blocks`` (a `BlockStats`) says how large the blocks and halos were.
    """
    if not 0 < halo_quantile <= 1:
        raise InvalidParameter(f"halo_quantile must be in (0, 1], got {halo_quantile!r}")
    fp = _DaskFirstPass(client, default_blocks(client) if blocks is None else blocks, halo_quantile)
    spatial_blocks(np.zeros((1, 1)), fp.blocks)  # checks blocks before any work
    jobs = resolve_n_jobs(n_jobs)
    res = segment_distin(
        X, y, minority, k, kernel, candidates, column_range, max_rounds, release, fp, jobs=jobs
    )
    if fp.stats.exact_search_forced:
        res.notes.append(
            "the blocks searched candidates exactly (Lemma H needs it); distin_smote searches "
            "(1 + eps)-approximately below 16·2^d rows, so its witnesses may differ"
        )
    res.seconds.update({f"dask {key}": v for key, v in fp.stats.seconds.items()})
    object.__setattr__(res, "blocks", fp.stats)
    return res


__all__ = [
    "BlockStats",
    "Halo",
    "block_first_pass",
    "connect",
    "distance_bound_factors",
    "distin_smote_dask",
    "halo",
    "sample_radii",
    "settled",
    "spatial_blocks",
]
