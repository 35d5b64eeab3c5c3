"""``FastKernel``: the Lemma 5b float filter inside the tube kernel (proofs/05_fast_filter.py).

As in CGAL's filtered kernels, the filter lives inside the predicates: a batched float64
Gram test rejects the pairs that the exact tube test provably rejects, and every other pair
goes to `TubeKernel.between`. The attacks never see the filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import ClassVar

import numpy as np

from refimpl.kernels.accept import projection_lambda, tube_accept
from refimpl.kernels.base import (
    BoolArray,
    FloatBoxes,
    IntArray,
    Line,
    Meet,
    MeetComponents,
    Witness,
    pairs,
    sorted_unique,
)
from refimpl.kernels.lemma5b import (
    OMEGA,
    TAU,
    FilterState,
    gram_filter_state,
    lemma5b_values,
    radius_norm_bound,
)
from refimpl.kernels.tube_kernel import TubeKernel


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
    #: Lemma 5b's state (`refimpl.kernels.lemma5b.gram_filter_state`), made on first use
    _lemma5b: FilterState | None = None

    #: how many triples the filter passed to the exact test (for the benchmark)
    exact_checks: int = 0

    @cached_property
    def bn(self) -> float:
        """A float ≥ ‖ρ_p + max(ρ_a, ρ_b)‖₂ for any three rows, from the radii the decisions use; Lemma 5."""
        return radius_norm_bound(self.rho_up)

    @property
    def filter_state(self) -> FilterState:
        """Lemma 5b's Gram-filter state for these points (rows, b², K0, K1, K2, usable), built once on first use."""
        if self._lemma5b is None:
            self._lemma5b = gram_filter_state(self.points, self.rho_up)
        return self._lemma5b

    def prepare(self) -> None:
        """The tube kernel's integer rows and Lemma 5b's filter state, made now (`GeometryKernel.prepare`)."""
        super().prepare()
        _ = self.filter_state

    def _restrict_rows(self, rows: IntArray) -> None:
        # Lemma 5b's constants (the scale σ and β̂² over all rows) stay global: made here, then sliced
        xs, b2, k0, k1, k2, usable = self.filter_state
        bn = self.bn
        super()._restrict_rows(rows)
        self._lemma5b = (np.ascontiguousarray(xs[rows]), b2, k0, k1, k2, usable)
        self.__dict__["bn"] = bn
        self.exact_checks = 0

    def pair_filter(self, P: IntArray, C: IntArray) -> BoolArray:
        """Mask (len(P), npairs): pairs the float filter cannot reject; Lemma 5b, proofs/05_fast_filter.py.

        (N1) and (N2) of Lemma 5 are evaluated once in round-to-nearest float64, and a pair is
        rejected only when a value exceeds its margin K·(magnitude) of Lemma 5b (constants from
        `gram_filter_constants`), and only inside the range guard.
        """
        X, b2, k0, k1, k2, usable = self.filter_state
        ia, ib = pairs(C.shape[1])
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
            inr = (diag >= TAU) & (diag <= OMEGA)
            f1, c1, t, c0, f2, c2 = lemma5b_values(diag[:, ia], diag[:, ib], G[:, ia, ib], b2, k0, k1, k2)
            reject = (f1 > c1) | ((t > c0) & (f2 > c2))
            reject &= inr[:, ia] & inr[:, ib]
        return np.asarray(good & ~reject, dtype=bool)

    def between_any(self, P: IntArray, C: IntArray) -> list[Witness | None]:
        """``TubeKernel.between_any``'s answer, with the Lemma 5b filter first; proofs/05_fast_filter.py.

        The pairs are scanned in ``TubeKernel``'s row-major order, one row of the pair matrix
        at a time: the pairs (i, j > i) of every point still without a witness are filtered
        (the same test as `pair_filter`), then the survivors go to the exact test in order. A
        point leaves as soon as it has a witness, which is then the first one in row-major
        order; most points leave after the first row or two, so most pairs are never filtered.
        """
        found = self._scan(P, C, accept=False)
        return [w if isinstance(w, Witness) else None for w in found]

    def witness_pairs(self, P: IntArray, C: IntArray) -> IntArray:
        """(a, b) of `between_any`'s witness per point, or (−1, −1); Lemma 5b rejects and Lemma 13 accepts in floats.

        The scan of `between_any`, in the same order; a surviving pair is first tried with the
        float certificate of Lemma 13 (proofs/13_float_accept.py) at the projection's λ, and
        only uncertified pairs go to the exact test. A certified pair is one the exact test
        accepts, so the first witness pair is `between_any`'s.
        """
        out = np.full((len(P), 2), -1, dtype=np.intp)
        for i, w in enumerate(self._scan(P, C, accept=True)):
            if w is not None:
                out[i] = (w.a, w.b) if isinstance(w, Witness) else w
        return out

    def on_line_many(self, P: IntArray, A: IntArray, B: IntArray) -> BoolArray:
        """``on_line`` per triple; Lemma 13's float certificate at the projection's λ first, the exact test for the rest."""
        X = self.points
        out = tube_accept(X, self.rho_up, P, A, B, projection_lambda(X, P, A, B))
        out &= np.any(X[A] != X[B], axis=1)  # on_line is False for a = b
        for t in np.flatnonzero(~out).tolist():
            self.exact_checks += 1
            out[t] = self.on_line(int(P[t]), int(A[t]), int(B[t]))
        return out

    def _scan(self, P: IntArray, C: IntArray, *, accept: bool) -> list[Witness | tuple[int, int] | None]:
        """`between_any`'s scan; with ``accept``, a pair that Lemma 13 certifies is returned as (a, b) without the exact test."""
        out: list[Witness | tuple[int, int] | None] = [None] * len(P)
        if C.size == 0 or C.shape[1] < 2:
            return out
        X, b2, k0, k1, k2, usable = self.filter_state
        Xf = self.points
        m = C.shape[1]
        for start in range(0, len(P), self.chunk):
            Pc, Cc = P[start : start + self.chunk], C[start : start + self.chunk]
            # pairs with a padding index (−1) or the point itself are never candidates
            valid = (Cc >= 0) & (Cc != Pc[:, None])
            if usable:
                V = X[Cc] - X[Pc][:, None, :]  # v_a = a − p, rounded once per coordinate
                G = np.matmul(V, V.transpose(0, 2, 1))
                diag = np.einsum("naa->na", G)
                inr = (diag >= TAU) & (diag <= OMEGA)
            pending = np.arange(len(Pc))
            for i in range(m - 1):
                if len(pending) == 0:
                    break
                keep = valid[pending, i][:, None] & valid[pending, i + 1 :]
                if usable:
                    with np.errstate(all="ignore"):
                        f1, c1, t, c0, f2, c2 = lemma5b_values(
                            diag[pending, i][:, None], diag[pending, i + 1 :], G[pending, i, i + 1 :], b2, k0, k1, k2
                        )
                        reject = (f1 > c1) | ((t > c0) & (f2 > c2))
                        reject &= inr[pending, i][:, None] & inr[pending, i + 1 :]
                    keep &= ~reject
                rr, jj = np.nonzero(keep)  # row-major: pending order, then j
                rows = pending[rr]
                pp, aa, bb = Pc[rows], Cc[rows, i], Cc[rows, i + 1 + jj]
                if accept:
                    lam = projection_lambda(Xf, pp, aa, bb)
                    sure = tube_accept(Xf, self.rho_up, pp, aa, bb, lam) & (lam > 0) & (lam < 1)
                    # between is None for equal rows: the certificate counts only for three distinct rows
                    sure &= np.any(Xf[pp] != Xf[aa], axis=1) & np.any(Xf[pp] != Xf[bb], axis=1)
                    sure &= np.any(Xf[aa] != Xf[bb], axis=1)
                    sure_l = sure.tolist()
                else:
                    sure_l = [False] * len(rr)
                done: list[int] = []
                last = -1
                for r, row, p, a, b, ok in zip(rr.tolist(), rows.tolist(), pp.tolist(), aa.tolist(), bb.tolist(), sure_l, strict=True):
                    if r == last:
                        continue
                    if ok:
                        out[start + row] = (a, b)
                        last = r
                        done.append(r)
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

    def first_per_point(self, P: IntArray, C: IntArray) -> dict[int, Witness]:
        """`GeometryKernel.first_per_point`'s answer with the Lemma 5b filter first; proofs/05_fast_filter.py.

        The same point appears in many rows; only each point's first surviving row goes to the
        exact test, then its next one if that fails, and so on.
        """
        out: dict[int, Witness] = {}
        if len(P) == 0:
            return out
        step = 1 << 16
        for start in range(0, len(P), step):
            Ps, Cs = P[start : start + step], C[start : start + step]
            keep = np.flatnonzero(self.pair_filter(Ps, Cs)[:, 0])
            for t in keep.tolist():
                p = int(Ps[t])
                if p in out:
                    continue
                self.exact_checks += 1
                w = self.between(p, int(Cs[t, 0]), int(Cs[t, 1]))
                if w is not None:
                    out[p] = w
        return out


    def component_meets(self, lines: Sequence[Line], comp: MeetComponents, min_lines: int) -> tuple[list[Meet], FloatBoxes]:
        """The float boxes themselves, for components with ≥ ``min_lines`` distinct lines; Lemmas 2 and 3.

        The outward-rounded float box is itself a proven enclosure (it contains the tube
        kernel's box for the pair), so no exact re-computation: the points are the tube
        kernel's points, in boxes a few ulps wider. The overlap pairs among the kept boxes are
        those of the components' graph, renumbered and sorted (i < j, lexicographic).
        """
        nl = len(lines)
        sel, lab, comps, PI, PJ = comp.sel, comp.lab, comp.comps, comp.PI, comp.PJ
        root = comp.roots
        key = sorted_unique(np.r_[lab, lab].astype(np.int64) * nl + np.r_[root[PI[sel]], root[PJ[sel]]])
        kept = np.flatnonzero(np.bincount(key // nl, minlength=len(comps)) >= min_lines)
        f_pos = np.concatenate([comps[c] for c in kept.tolist()]) if len(kept) else np.zeros(0, dtype=np.intp)
        where = np.full(len(sel), -1, dtype=np.int64)
        where[f_pos] = np.arange(len(f_pos))
        a, b = where[comp.pairs[:, 0]], where[comp.pairs[:, 1]]
        ok = (a >= 0) & (b >= 0)
        nf = max(len(f_pos), 1)
        k2 = sorted_unique(np.minimum(a[ok], b[ok]) * nf + np.maximum(a[ok], b[ok]))
        fpairs = np.stack([k2 // nf, k2 % nf], axis=1).astype(np.intp)
        f = sel[f_pos]
        return [], FloatBoxes(comp.lo[f], comp.hi[f], PI[f], PJ[f], fpairs)
