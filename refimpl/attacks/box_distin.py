"""Box DistinSMOTE: real and synthetic rows of box-SMOTE output (Weka 3.6's filter); Lemma 7, proofs/07_box_geometry.py.

A box-SMOTE row lies in the axis-aligned box of its base x and a neighbour n that is among
x's k nearest *real* rows. So, with R the real rows, a row is synthetic iff it lies in the box
of an edge (a, b) of the k-nearest-neighbour graph of R; the certificate is the edge and the
exact per-coordinate λ_j sets (`refimpl.geometry.box`), and the witness must be *strict*: in every
coordinate where the parents differ, the row is off both endpoints' values (a box-SMOTE row
has a fresh value there; a real row on a lattice does not). A real row p is called synthetic
only if it lies in the box of such an edge, which for data in general position has
probability at most K(K−1)/2 · 2^-d per row (Lemma 7(c)); the result states that assumption
and the bound.

Algorithm notes
---------------
R is not known, so it is found as a fixed point:

1. **bootstrap** (chooses, never decides): peel rows that lie in the box of two of their
   ``candidates`` nearest remaining rows (float pre-test, `BoxGeometry.filter`), until none
   does. At d ≥ 12 this leaves almost exactly the real rows; at lower d it also peels real
   rows (a real row is in the box of two of m neighbours with probability up to
   m(m−1)/2 · 2^-d, Lemma 7(c)), which step 2 repairs;
2. **repair**, in rounds: E = edges (a, b), b among a's K = 2k nearest in R (twice SMOTE's k,
   as rows of R that are not real push true neighbours down the list). Rows of R in the box
   of an edge leave R; rows outside R in no edge's box come back, unless they lie in the box
   of an edge between a returning row and its K nearest rows of R (a child of a row the
   bootstrap peeled by mistake is explained by its parent). Stops when R is stable.
3. **verdicts** from the last E: ``synthetic`` with an exact witness, ``ambiguous`` when the
   witness does not separate p from a copy of an endpoint, ``real`` otherwise.

Where it stops working (bench/box.py): the bootstrap needs m(m−1)/2 · 2^-d ≪ 1 with m about
(1 + ratio)·k·c, i.e. d ≳ 2·log2((1 + ratio)·k); below that it peels most real rows and
the fixed point is not reached from them (d = 4 fails; d = 8 holds at ratio ≤ 2).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.attacks._gc import without_gc
from refimpl.attacks.assumptions import discreteness
from refimpl.attacks.distin import _check
from refimpl.attacks.distin_result import AMBIGUOUS, REAL, SYNTHETIC, DistinResult
from refimpl.errors import InvalidParameter
from refimpl.fpformat import BINARY64
from refimpl.geometry.box import BoxGeometry, BoxWitness
from refimpl.parallel import concat_ranges, map_ranges, ranges, resolve_n_jobs
from refimpl.release import ReleaseModel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: what every box ``synthetic`` verdict assumes (Lemma 7(c))
BOX_ASSUMPTION = (
    "assuming the rows are box-SMOTE output (one gap per attribute, as Weka 3.6 draws) and no real row "
    "lies in the box of two real rows that are k-nearest neighbours (general position)"
)


@dataclass(repr=False)
class BoxDistinResult(DistinResult):
    """Verdicts for the minority rows under the box geometry (Lemma 7, proofs/07_box_geometry.py).

    A `refimpl.attacks.distin.DistinResult` (same fields, display and frames) whose witnesses
    are `BoxWitness` (an edge and one λ_j interval per coordinate; the frame's λ columns give
    their range over the coordinates), with the neighbour count and repair rounds added.
    """

    #: Lemma 7(c): expected real rows in the box of a k-NN edge of the real rows, ≤ n·K(K−1)/2·2^-d
    expected_false_positives: float = 0.0
    assumption: str = BOX_ASSUMPTION
    geometry: str = "box"
    neighbours: int = 0
    rounds: int = 0

    def summary(self) -> dict[str, Any]:
        """The segment result's summary plus the neighbour count and the repair rounds."""
        return {**super().summary(), "neighbours": self.neighbours, "rounds": self.rounds}


def default_candidates(k: int) -> int:
    """Bootstrap candidates per row: 6k, enough to hold both parents at ratios up to about 5 (bench/box.py)."""
    return 6 * k


def false_positive_bound(n: int, d: int, neighbours: int) -> float:
    """Expected real rows in the box of a K-NN edge of the real rows: n·K(K−1)/2·2^-d; Lemma 7(c), proofs/07_box_geometry.py."""
    return float(n * neighbours * (neighbours - 1) / 2 * 2.0 ** (-d))


def _knn(X: FloatArray, src: IntArray, pool: IntArray, K: int, jobs: int = 1) -> IntArray:
    """Edges (a, b): a in ``src``, b among a's K nearest rows of ``pool`` (b ≠ a); ``jobs`` query threads."""
    if len(src) == 0 or len(pool) < 2:
        return np.empty((0, 2), dtype=np.intp)
    kk = min(K + 1, len(pool))
    _, idx = cKDTree(X[pool]).query(X[src], k=kk, workers=jobs)
    b = pool[np.asarray(idx, dtype=np.intp).reshape(len(src), kk)]
    a = np.repeat(src[:, None], kk, axis=1)
    keep = b != a
    # at most K per row: drop the farthest where a itself was not returned
    if kk == K + 1:
        keep[keep.all(axis=1), -1] = False
    return np.stack([a[keep], b[keep]], axis=1).astype(np.intp)


def _reverse(X: FloatArray, R: IntArray, U: IntArray, K: int, jobs: int = 1) -> IntArray:
    """Edges (a, u): a in R, u in U at most as far from a as a's K-th nearest row of R."""
    if len(R) < 2 or len(U) == 0:
        return np.empty((0, 2), dtype=np.intp)
    dist, _ = cKDTree(X[R]).query(X[R], k=min(K + 1, len(R)), workers=jobs)
    reach = np.asarray(dist, dtype=np.float64).reshape(len(R), -1)[:, -1]
    balls = cKDTree(X[U]).query_ball_point(X[R], reach, workers=jobs)
    out = [(int(R[i]), int(U[j])) for i, ball in enumerate(balls) for j in ball]
    return np.asarray(out, dtype=np.intp).reshape(-1, 2)


def _witnesses(geo: BoxGeometry, E: IntArray, cand: IntArray, jobs: int = 1) -> dict[int, BoxWitness]:
    """For rows of ``cand``: the first exact, strict box witness among the edges E (a non-touching one if any).

    A row in the box of (a, b) is within |b − a| plus the tube of a (per coordinate
    |p_j − a_j| ≤ |b_j − a_j| + ρ), so a ball query around a chooses what to test; the float
    filter and then the exact predicate decide. With ``jobs`` > 1 the edges are cut into
    ranges tested in parallel and the answers merged in edge order by the same rule (first
    non-touching witness, else first witness), so the dict is the one-process dict.
    """
    out: dict[int, BoxWitness] = {}
    if len(E) == 0 or len(cand) == 0:
        return out
    X, rho = geo.points, geo.rho_up
    A, B = X[E[:, 0]], X[E[:, 1]]
    reach = np.linalg.norm(B - A, axis=1) + 2.0 * float(np.linalg.norm(rho.max(axis=0)))
    # float slack, derived: a float64 Euclidean norm in d coordinates has relative error at most
    # γ_{d+2} (differences, squares and sum, square root; Higham 2002, §3.1), the sum of the two
    # norms one rounding more, and the KD-tree's own distance again γ_{d+2}; by Higham's
    # Lemma 3.3, (1 + γ_{d+3})² ≤ 1 + γ_{2(d+3)}. ``tiny`` keeps a zero reach a closed ball.
    reach = reach * (1 + BINARY64.gamma_up(2 * (X.shape[1] + 3))) + np.finfo(np.float64).tiny
    balls = cKDTree(X[cand]).query_ball_point(A, reach, workers=jobs)

    def part(lo: int, hi: int) -> dict[int, BoxWitness]:
        got: dict[int, BoxWitness] = {}
        for e in range(lo, hi):
            ball = balls[e]
            if not ball:
                continue
            ps = cand[np.asarray(ball, dtype=np.intp)]
            a, b = int(E[e, 0]), int(E[e, 1])
            ps = ps[(ps != a) & (ps != b)]
            if len(ps) == 0:
                continue
            ok = geo.filter(ps, np.full(len(ps), a, dtype=np.intp), np.full(len(ps), b, dtype=np.intp), strict=True)
            for p in ps[ok].tolist():
                _keep_first(got, p, geo.witness(p, a, b) if _open(got, p) else None)
        return got

    for got in map_ranges(part, ranges(len(balls), jobs), jobs):
        for p, w in got.items():
            _keep_first(out, p, w)
    return out


def _open(out: dict[int, BoxWitness], p: int) -> bool:
    """True while p may still get a better witness: none yet, or only one touching an endpoint."""
    old = out.get(p)
    return old is None or old.touches_endpoint


def _keep_first(out: dict[int, BoxWitness], p: int, w: BoxWitness | None) -> None:
    """Record w for p by the scan's rule: the first non-touching strict witness, else the first strict one."""
    # only strict witnesses: a real row on a lattice value of an endpoint is not explained
    if w is None or not w.strict or not _open(out, p):
        return
    if p not in out or not w.touches_endpoint:
        out[p] = w


def _bootstrap(geo: BoxGeometry, m: int, max_rounds: int, jobs: int = 1) -> IntArray:
    """Peel rows in the box of two of their m nearest remaining rows (float pre-test only: it chooses R, never a verdict)."""
    X = geo.points
    R = np.arange(len(X), dtype=np.intp)
    for _ in range(max_rounds):
        mm = min(m, len(R) - 1)
        if mm < 2:
            break
        _, idx = cKDTree(X[R]).query(X[R], k=mm + 1, workers=jobs)
        C = R[np.asarray(idx, dtype=np.intp)[:, 1:]]
        ia, ib = np.triu_indices(mm, k=1)
        step = max(1, 200_000 // max(len(ia), 1))

        def part(lo: int, hi: int, R: IntArray = R, C: IntArray = C, ia: IntArray = ia, ib: IntArray = ib,
                 step: int = step) -> list[bool]:
            out = np.zeros(hi - lo, dtype=bool)
            for s in range(lo, hi, step):
                e = min(s + step, hi)
                P = np.repeat(R[s:e], len(ia))
                Ca, Cb = C[s:e][:, ia].ravel(), C[s:e][:, ib].ravel()
                ok = geo.filter(P, Ca, Cb, strict=True) & (Ca != P) & (Cb != P)
                out[s - lo : e - lo] = ok.reshape(-1, len(ia)).any(axis=1)
            return out.tolist()

        hit = np.asarray(concat_ranges(part, len(R), jobs), dtype=bool)
        if not hit.any():
            break
        R = R[~hit]
    return R


def _repair(geo: BoxGeometry, R: IntArray, K: int, max_rounds: int, jobs: int = 1) -> tuple[IntArray, int]:
    """The fixed point of step 2 (module notes); returns (R, rounds)."""
    X = geo.points
    allr = np.arange(len(X), dtype=np.intp)
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        E = _knn(X, R, R, K, jobs)
        others = np.setdiff1d(allr, R)
        in_r = _witnesses(geo, E, R, jobs)
        in_o = _witnesses(geo, E, others, jobs)
        R1 = np.asarray([r for r in R.tolist() if r not in in_r], dtype=np.intp)
        U = np.asarray([o for o in others.tolist() if o not in in_o], dtype=np.intp)
        if len(U) and len(R1) >= 2:
            E2 = np.vstack([_knn(X, U, R1, K, jobs), _reverse(X, R1, U, K, jobs)])
            back = _witnesses(geo, E2, U, jobs)
            U = np.asarray([u for u in U.tolist() if u not in back], dtype=np.intp)
        new = np.union1d(R1, U).astype(np.intp)
        if np.array_equal(new, R):
            break
        R = new
    return R, rounds


@without_gc
def box_distin_smote(
    X: Any,
    y: Any,
    *,
    minority: Any = 1,
    k: int = 5,
    candidates: int | None = None,
    neighbours: int | None = None,
    column_range: Sequence[object] | None = None,
    max_rounds: int = 10,
    release: ReleaseModel | str | None = None,
    n_jobs: int | None = None,
) -> BoxDistinResult:
    """Verdict real / synthetic / ambiguous per minority row of box-SMOTE output; Lemma 7, proofs/07_box_geometry.py.

    ``k`` is the sampler's neighbour count (Weka's default 5); ``neighbours`` the K of the
    edge graph (default 2k); ``candidates`` the bootstrap's m (default `default_candidates`);
    ``release`` the release model (Weka's ARFF: ``decimals:6``); ``n_jobs`` the cores
    (`refimpl.parallel.resolve_n_jobs`; the result does not depend on it).
    """
    jobs = resolve_n_jobs(n_jobs)
    t0 = time.perf_counter()
    Xa, rows = _check(X, y, minority, k)
    m = default_candidates(k) if candidates is None else int(candidates)
    K = 2 * k if neighbours is None else int(neighbours)
    if m < 2 or K < 1:
        raise InvalidParameter(f"candidates must be ≥ 2 and neighbours ≥ 1, got {candidates!r}, {neighbours!r}")
    # identical rows: one representative each, the copies are ambiguous (as in distin_smote)
    uniq, first, inverse, counts = np.unique(Xa[rows], axis=0, return_index=True, return_inverse=True, return_counts=True)
    inverse = np.asarray(inverse, dtype=np.intp).ravel()
    geo = BoxGeometry(uniq, release=release, column_range=column_range)
    seconds = {"prepare": time.perf_counter() - t0}
    n, d = uniq.shape
    witness: dict[int, BoxWitness] = {}
    rounds = 0
    if n >= 3:
        t = time.perf_counter()
        R = _bootstrap(geo, m, max_rounds, jobs)
        seconds["bootstrap"] = time.perf_counter() - t
        t = time.perf_counter()
        R, rounds = _repair(geo, R, K, max_rounds, jobs)
        seconds["repair"] = time.perf_counter() - t
        t = time.perf_counter()
        witness = _witnesses(geo, _knn(geo.points, R, R, K, jobs), np.arange(n, dtype=np.intp), jobs)
        seconds["verdicts"] = time.perf_counter() - t
    verdict = np.empty(len(rows), dtype=object)
    wit: list[BoxWitness | None] = []
    reasons: list[str] = []
    for i, u in enumerate(inverse.tolist()):
        w = witness.get(u)
        if counts[u] > 1:
            verdict[i], w = AMBIGUOUS, None
            reasons.append(f"exact duplicate of {counts[u] - 1} other row(s): a real row and its copy cannot be told apart")
        elif w is None:
            verdict[i] = REAL
            reasons.append(f"in the box of no edge of the {K}-nearest-neighbour graph of the rows found real")
        elif w.touches_endpoint:
            verdict[i] = AMBIGUOUS
            reasons.append("in the box of an edge but within the tube of a copy of an endpoint")
        else:
            verdict[i] = SYNTHETIC
            reasons.append(f"in the box of rows {int(rows[first[w.a]])} and {int(rows[first[w.b]])} (certified), {BOX_ASSUMPTION}")
        wit.append(
            None if w is None else BoxWitness(int(rows[first[w.a]]), int(rows[first[w.b]]), w.intervals, w.touches_endpoint)
        )
    n_real = int(np.sum(verdict == REAL))
    efp = false_positive_bound(n_real, d, K)
    disc = discreteness(uniq) if n else 0.0
    notes = [
        f"box geometry: {int(np.sum(verdict == SYNTHETIC))} synthetic verdict(s) {BOX_ASSUMPTION}; expected real rows "
        f"in such a box ≤ {efp:.3g} for continuous data (Lemma 7(c)); {disc:.1%} of the coordinate values recur in another row"
    ]
    if (counts > 1).any():
        notes.append(f"{int((counts > 1).sum())} group(s) of identical rows: their rows are ambiguous")
    if n_real and efp >= 0.05 * n_real:
        notes.append("the dimension is too low for the box test: real rows may be called synthetic (Lemma 7(c))")
    seconds["total"] = time.perf_counter() - t0
    return BoxDistinResult(
        index=rows,
        verdicts=np.asarray(verdict, dtype=str),
        witnesses=wit,
        reasons=reasons,
        kernel="box",
        certified=True,
        k=int(k),
        candidates=m,
        neighbours=K,
        seconds=seconds,
        notes=notes,
        release=geo.release.label(),
        guarantee=geo.guarantee,
        expected_false_positives=efp,
        discreteness=disc,
        rounds=rounds,
    )


__all__ = ["BOX_ASSUMPTION", "BoxDistinResult", "box_distin_smote", "default_candidates", "false_positive_bound"]
