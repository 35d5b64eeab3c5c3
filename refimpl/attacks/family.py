"""Which SMOTE variant made the rows: what the verdicts may then conclude (Lemma 10, proofs/10_family_limits.py).

DistinSMOTE's rule (Lemma 1) assumes imbalanced-learn's SMOTE: every synthetic row strictly
between its two parents, and both parents in the data. Two families of samplers break it:

* ``removal`` (SMOTETomek, SMOTEENN): rows are removed *after* SMOTE, so a parent may be
  missing. The synthetic row nearest to a removed parent is then between no two rows, yet it
  is collinear with its siblings and its other parent: an endpoint of one line, exactly like
  a real parent (Lemma 10(a)); with no sibling left it lies on no line, like a real row that
  is no row's parent (Lemma 10(d)). A row between two rows is still synthetic (Lemma 10(e)).
* ``extrapolating`` (SVMSMOTE, whose safe support vectors step *away* from the neighbour,
  λ in (−out_step, 0]): the extrapolated row is an endpoint of one line (Lemma 10(a)), and
  its real base lies strictly between it and the neighbour (Lemma 10(b)), so betweenness
  certifies nothing. No row is removed, so a row on no line is real.

The verdicts (`family_verdicts`): a row on two distinct lines through two other rows each is
``real`` (Lemma 10(c): a synthetic row lies on one, its parents' line, which its siblings
share, except with probability of order tube width / spread per pair); without removal so is
a row on no line; under ``removal`` a row between two rows stays ``synthetic``; every other
row Lemma 1 called real (or, extrapolating, synthetic) becomes ``ambiguous``. Under a release
model the tube is wider and a spurious line likelier, so one more line is asked for, as for
the endpoint evidence of the default rule.

Algorithm notes
---------------
The lines through a row are read off certified witnesses (the kernel's `between` decides
each within the release tube): a witness (a, b) of a row q puts a, q and b on one line. The
first witnesses of Lemma 1's search are used, and `search_lines` adds every witness among a
row's nearest rows in which the row is the middle or an end. Lines through p are told apart
with the kernel's `on_line` only (a partner c on the line through p and o is o's line
again), so "collinear within the tube" is the kernel's decision and the λ-interval engine's,
never a second rule here. A real verdict that rests on lines found can only lose recall when
a line is missed; a real verdict on no line (without removal) would be wrong if a line were
missed, so those rows are searched at widening reach (`NO_LINE_REACHES`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from refimpl.attacks.distin_result import AMBIGUOUS, REAL, SYNTHETIC
from refimpl.kernels import GeometryKernel, Witness
from refimpl.sampler_family import FAMILIES, SAMPLER_FAMILIES, Family, parse_family


@dataclass
class LineEvidence:
    """What the certified witnesses say about the lines through each row (Lemma 10)."""

    #: rows p that end a witnessed segment (some q strictly between p and another row)
    ends: set[int]
    #: per row, rows standing for lines through it that hold a third row strictly inside (interior witnesses)
    reps: dict[int, list[int]]
    #: rows found strictly between two rows (by Lemma 1's search or by `search_lines`), with their witness pair
    middles: dict[int, tuple[int, int]]

    def add(self, p: int, w: Witness, rep: int) -> None:
        """Row ``rep`` stands for a line through p shown by witness w; a witness touching λ = 0 or 1 stands
        for none (a near copy of an endpoint determines no line well enough to count as a second one)."""
        if not w.touches_endpoint:
            self.reps.setdefault(p, []).append(rep)

    def add_middle(self, q: int, w: Witness) -> None:
        """Row q is strictly between w.a and w.b."""
        self.middles.setdefault(q, (w.a, w.b))
        self.add(q, w, w.a)


def witness_lines(witness: list[Witness | None]) -> LineEvidence:
    """The lines the first witnesses of the search already show (each puts a, q and b on one line)."""
    ev = LineEvidence(set(), {}, {})
    for q, w in enumerate(witness):
        if w is not None:
            ev.add_middle(q, w)
            ev.ends.update((w.a, w.b))
            ev.add(w.a, w, w.b)
            ev.add(w.b, w, w.a)
    return ev


def search_lines(
    kern: GeometryKernel, ev: LineEvidence, rows: npt.NDArray[np.intp], near: npt.NDArray[np.intp]
) -> None:
    """Add to ``ev`` every witness among each row's nearest rows that puts the row on a line with two others; kernel decisions only.

    ``near[i]`` lists row ``rows[i]``'s nearest rows, nearest first. For p = rows[i] and
    each pair a before b in that list, two roles are tested with `GeometryKernel.between`: p
    strictly between a and b, and a strictly between p and b (a row strictly inside the
    segment pb is nearer to p than b, so it comes first: the order argument of
    `_segment_pass`). The kernel's `pair_filter` rejects most pairs first, so the cost is
    that of a batched Gram test.
    """
    m = near.shape[1]
    if len(rows) == 0 or m < 2:
        return
    ia, ib = np.triu_indices(m, k=1)
    # p strictly between a and b
    mask = kern.pair_filter(rows, near)
    for r, t in zip(*np.nonzero(mask), strict=True):
        p, a, b = int(rows[r]), int(near[r, ia[t]]), int(near[r, ib[t]])
        w = kern.between(p, a, b)
        if w is not None:
            ev.add_middle(p, w)
    # a strictly between p and b (a nearer to p than b)
    A = near[:, ia].ravel()
    E = np.stack([np.repeat(rows, len(ia)), near[:, ib].ravel()], axis=1).astype(np.intp)
    keep = np.flatnonzero(kern.pair_filter(A, E)[:, 0])
    for t in keep.tolist():
        a, p, b = int(A[t]), int(E[t, 0]), int(E[t, 1])
        w = kern.between(a, p, b)
        if w is not None:
            ev.ends.add(p)
            ev.add(p, w, b)


def distinct_lines(kern: GeometryKernel, p: int, reps: list[int], need: int) -> list[int]:
    """Rows standing for distinct lines through row p (one row per line), at most ``need``; decided by `GeometryKernel.on_line`.

    ``reps`` are rows each known to share a line with p and a third row; c is on the line of
    an earlier kept o iff the kernel says c is on the line through p and o (Lemma 10(c)).
    """
    out: list[int] = []
    for c in dict.fromkeys(reps):
        if c == p:
            continue
        if all(not kern.on_line(c, p, o) for o in out):
            out.append(c)
            if len(out) >= need:
                break
    return out


#: the reaches (multiples of the candidate count) at which rows on fewer lines than asked are
#: searched again: SVMSMOTE crowds its rows around a few support vectors, so a parent can rank
#: far down a row's list. A missed line costs recall only where a real verdict needs lines found.
REACHES: tuple[int, ...] = (1, 2)
#: without removal a row on no line stays real, so a missed line would be a synthetic row called
#: real: those rows are searched on, up to this many candidate counts
NO_LINE_REACHES: tuple[int, ...] = (4, 8)


def family_verdicts(
    kern: GeometryKernel,
    witness: list[Witness | None],
    verdict: list[str],
    reason: list[str],
    family: Family,
    extra_lines: int,
    nearest: Callable[[npt.NDArray[np.intp], int], npt.NDArray[np.intp]],
    reach: int,
) -> None:
    """Revise Lemma 1's verdicts, in place, for a sampler that removes rows or extrapolates; Lemma 10, proofs/10_family_limits.py.

    A row stays (or, extrapolating, becomes) ``real`` only on ``2 + extra_lines`` distinct
    lines through two other rows each (Lemma 10(c); ``extra_lines`` is 1 under a release
    model, whose wider tube makes a spurious line likelier); the other rows Lemma 1 called
    real (and, extrapolating, synthetic) become ``ambiguous`` (Lemma 10(a, b, d)). Rows
    between two rows stay synthetic under ``removal`` (Lemma 10(e)). ``nearest(rows, m)``
    gives each row's m nearest rows, nearest first; ``reach`` is the candidate count.
    Ambiguous verdicts of the default rules (duplicates, lattice, simple λ …) stay.
    """
    if family.plain:
        return
    need = 2 + extra_lines
    n = len(verdict)
    ev = witness_lines(witness)
    asked = [p for p, v in enumerate(verdict) if v == REAL or (family.extrapolates and v == SYNTHETIC)]
    for mult in REACHES:
        todo = np.asarray(
            [p for p in asked if len(distinct_lines(kern, p, ev.reps.get(p, []), need)) < need], dtype=np.intp
        )
        if len(todo) == 0:
            break
        search_lines(kern, ev, todo, nearest(todo, min(reach * mult, n - 1)))
        if reach * mult >= n - 1:
            break  # every row was in reach
    if not family.removes:
        for mult in NO_LINE_REACHES:
            todo = np.asarray(
                [p for p in asked if verdict[p] == REAL and p not in ev.ends and p not in ev.middles],
                dtype=np.intp,
            )
            if len(todo) == 0:
                break
            search_lines(kern, ev, todo, nearest(todo, min(reach * mult, n - 1)))
            if reach * mult >= n - 1:
                break
    for p in asked:
        lines = distinct_lines(kern, p, ev.reps.get(p, []), need)
        if len(lines) >= need:
            if verdict[p] == REAL:
                reason[p] += (
                    f"; on {len(lines)} distinct lines through two other rows, and a synthetic row lies on one (Lemma 10(c))"
                )
            else:
                verdict[p] = REAL
                reason[p] = (
                    f"between two rows, but on {len(lines)} distinct lines: a synthetic row lies on one, and an "
                    "extrapolating sampler puts a real base between its child and its neighbour (Lemma 10(b, c))"
                )
            continue
        if verdict[p] == SYNTHETIC or (family.extrapolates and p in ev.middles):
            reason[p] = (
                "between two rows on one line (Lemma 10(b)): an interpolated row, or a real base between "
                "the row extrapolated from it and its neighbour"
            )
        elif p in ev.middles:
            reason[p] = (
                "strictly between two rows, found by the wider line search after Lemma 1's search missed it: "
                "not certified here"
            )
        elif p in ev.ends:
            reason[p] = (
                "between no two rows, but collinear with two others on one line (Lemma 10(a)): "
                + (
                    "a row extrapolated from its base"
                    if family.extrapolates
                    else "a synthetic row whose parent was removed"
                )
                + " sits where a real parent does"
            )
        elif family.removes:
            reason[p] = (
                "on no line through two other rows found (Lemma 10(d)): a real row, or a synthetic row whose "
                "parent was removed and which has no sibling left"
            )
        else:
            reason[p] += "; on no line through two other rows (Lemma 10(c))"
            continue
        verdict[p] = AMBIGUOUS


__all__ = [
    "FAMILIES",
    "NO_LINE_REACHES",
    "REACHES",
    "SAMPLER_FAMILIES",
    "Family",
    "LineEvidence",
    "distinct_lines",
    "family_verdicts",
    "parse_family",
    "search_lines",
    "witness_lines",
]
