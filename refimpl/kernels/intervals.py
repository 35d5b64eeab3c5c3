"""Interval arithmetic for the certified meeting boxes: exact (Fractions) and outward-rounded float64.

`tube_meet` decides a meet exactly (Lemma 2, proofs/02_lines.py, on the tube boxes of
Lemma 3, proofs/03_rounding_tube.py); `enclose_meets` is the same computation in float64
with every operation rounded outward, so each float interval contains the exact one and
the float test can reject or enclose on the exact test's behalf.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from refimpl.fpformat import next_down, next_up
from refimpl.kernels.base import FloatArray, IntArray, Line, Meet, MeetEnclosures, RVec

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


def _first_largest_det(
    um: FloatArray, vm: FloatArray, pi: IntArray, pj: IntArray
) -> tuple[IntArray, FloatArray]:
    """(c, value) per row: ``np.argmax`` of |um_pi·vm_pj − um_pj·vm_pi| over the pairs c, and that value.

    The one rule for the coordinate pair of a meet: `tube_meet` (one row) and `enclose_meets`
    (every pair at once) both call it, so the float box is computed on the exact box's pair.

    The same float operations per element as the (rows × d(d−1)/2) matrix, and argmax's
    choice (the first largest; the first NaN, which argmax takes for the largest), kept as a
    running maximum over the coordinate pairs: at d = 20 the matrix costs 10× more.
    """
    n = len(um)
    umT, vmT = np.ascontiguousarray(um.T), np.ascontiguousarray(vm.T)
    top = np.full(n, -1.0)  # below every |det|, so the first pair always takes the row
    best = np.zeros(n, dtype=np.intp)
    locked = np.zeros(n, dtype=bool)  # rows that met a NaN keep its pair
    for c, (i, j) in enumerate(zip(pi.tolist(), pj.tolist(), strict=True)):
        v = np.abs(umT[i] * vmT[j] - umT[j] * vmT[i])
        nan = np.isnan(v)
        take = ((v > top) | nan) & ~locked
        top[take] = v[take]
        best[take] = c
        locked |= nan
    return best, top


def tube_meet(box: Callable[[int], tuple[RVec, RVec]], l1: Line, l2: Line, ids: tuple[int, int]) -> Meet | None:
    """The certified box of the meet of two lines whose anchors lie in the boxes ``box(i)``; Lemma 2, proofs/02_lines.py.

    Interval Cramer's rule on the best-conditioned pair of coordinates.

    Each anchor's true value lies in its tube box (Lemma 3). Every realisation of the anchors
    gives lines A1 + s(B1 − A1) and A2 + t(B2 − A2); on coordinates (i, j) with a determinant
    interval that excludes 0, s and t are enclosed by Cramer's rule evaluated in exact interval
    arithmetic, and so is the meeting point in every coordinate, once from each line. The two
    enclosures must overlap in every coordinate (else the true lines cannot meet), and their
    intersection is the certified box.
    """
    A1, B1 = (box(i) for i in l1.anchors)
    A2, B2 = (box(i) for i in l2.anchors)
    d = len(A1[0])
    a1 = [(A1[0][j], A1[1][j]) for j in range(d)]
    b1 = [(B1[0][j], B1[1][j]) for j in range(d)]
    a2 = [(A2[0][j], A2[1][j]) for j in range(d)]
    b2 = [(B2[0][j], B2[1][j]) for j in range(d)]
    u = [_isub(y, x) for x, y in zip(a1, b1, strict=True)]
    v = [_isub(y, x) for x, y in zip(a2, b2, strict=True)]
    w = [_isub(y, x) for x, y in zip(a1, a2, strict=True)]
    # the coordinate pair with the largest |det| of the midpoint directions, chosen by the
    # rule `enclose_meets` uses (one function), so that its float box encloses this box
    um = np.array([[float((x[0] + x[1]) / 2) for x in u]])
    vm = np.array([[float((x[0] + x[1]) / 2) for x in v]])
    pi, pj = np.triu_indices(d, k=1)
    best, top = _first_largest_det(um, vm, pi, pj)
    if not top[0] > 0:
        return None  # parallel within floats (or d < 2): no single meeting point to certify
    bi, bj = int(pi[best[0]]), int(pj[best[0]])
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


# Outward-rounded float64 intervals, arrays of lower and upper ends.
Iv = tuple[FloatArray, FloatArray]


def _fsub(x: Iv, y: Iv) -> Iv:
    return next_down(x[0] - y[1]), next_up(x[1] - y[0])


def _fadd(x: Iv, y: Iv) -> Iv:
    return next_down(x[0] + y[0]), next_up(x[1] + y[1])


def _fneg(x: Iv) -> Iv:
    return -x[1], -x[0]


def _fmul(x: Iv, y: Iv) -> Iv:
    # min and max of the four products taken one after another, as ``np.stack(...).min(0)``
    # reduces them (the same floats), without the (4, …) copy
    p0, p1, p2, p3 = x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1]
    lo = np.minimum(np.minimum(np.minimum(p0, p1), p2), p3)
    hi = np.maximum(np.maximum(np.maximum(p0, p1), p2), p3)
    return next_down(lo), next_up(hi)


def enclose_meets(
    X: FloatArray,
    radius: Callable[[IntArray], FloatArray],
    lines: Sequence[Line],
    PI: IntArray,
    PJ: IntArray,
    *,
    reject_parallel: bool,
) -> MeetEnclosures:
    """Float boxes enclosing `tube_meet`'s answer for line pairs (PI[t], PJ[t]); Lemma 2 with Lemma 3.

    ``radius(rows)`` is a float ≥ the distance from ``X[rows]`` to the value the kernel
    decides on (its tube, or the rounding of exact input). ``keep[t]`` is False only when the
    exact test provably rejects the pair; ``[lo[t], hi[t]]`` (per coordinate, −inf/inf when
    the filter cannot enclose it) contains the box the exact test would return, hence the
    meeting point of the true lines.

    Replays the interval Cramer test of `tube_meet` (Lemma 2, proofs/02_lines.py, with the
    tube of Lemma 3, proofs/03_rounding_tube.py) in float64 with every operation rounded
    outward (``nextafter``), on the same coordinate pair. Each float interval contains the
    exact one, so "disjoint", "s strictly inside (0, 1)" and "parallel" in floats imply the
    same in the exact test. For the exact kernel the anchors' exact values lie in the float
    boxes, so an exact meeting point lies in every enclosure, whatever the pair; it keeps pairs
    that are parallel within floats (``reject_parallel=False``), which `tube_meet` rejects.
    """
    keep = np.ones(len(PI), dtype=bool)
    d = X.shape[1]
    box_lo = np.full((len(PI), d), -np.inf)
    box_hi = np.full((len(PI), d), np.inf)
    if len(PI) == 0 or d < 2:
        return MeetEnclosures(keep, box_lo, box_hi)
    anc = np.asarray([ln.anchors for ln in lines], dtype=np.intp)
    used = np.unique(anc.ravel())
    R = np.zeros_like(X)
    R[used] = radius(used)
    # Each anchor's box and each line's direction once, then gathered per pair: the same
    # float operations on the same operands as per pair, so the same floats.
    Lo, Hi = np.zeros_like(X), np.zeros_like(X)
    Lo[used], Hi[used] = next_down(X[used] - R[used]), next_up(X[used] + R[used])
    la, lb = anc[:, 0], anc[:, 1]
    Ulo, Uhi = next_down(Lo[lb] - Hi[la]), next_up(Hi[lb] - Lo[la])  # b − a of each line, outward
    a1, a2 = la[PI], la[PJ]
    # the coordinate pair the tube kernel chooses: the first largest |det| of b − a in floats
    UM = X[lb] - X[la]
    um, vm = UM[PI], UM[PJ]
    pi, pj = np.triu_indices(d, k=1)
    best, top = _first_largest_det(um, vm, pi, pj)
    bi, bj = pi[best], pj[best]
    if reject_parallel:
        keep &= top > 0  # the tube kernel returns None: parallel within floats

    def at(lo: FloatArray, hi: FloatArray, r: IntArray, c: IntArray) -> Iv:
        return lo[r, c], hi[r, c]

    ui, uj, vi, vj = at(Ulo, Uhi, PI, bi), at(Ulo, Uhi, PI, bj), at(Ulo, Uhi, PJ, bi), at(Ulo, Uhi, PJ, bj)
    wi = _fsub(at(Lo, Hi, a2, bi), at(Lo, Hi, a1, bi))
    wj = _fsub(at(Lo, Hi, a2, bj), at(Lo, Hi, a1, bj))
    with np.errstate(all="ignore"):
        det = _fsub(_fmul(ui, _fneg(vj)), _fmul(uj, _fneg(vi)))
        s_num = _fsub(_fmul(wi, _fneg(vj)), _fmul(wj, _fneg(vi)))
        t_num = _fsub(_fmul(ui, wj), _fmul(uj, wi))
        ok = (det[0] > 0) | (det[1] < 0)  # det excludes 0: s and t are enclosed
        inv = (next_down(1 / det[1]), next_up(1 / det[0]))
        s = _fmul(s_num, inv)
        t = _fmul(t_num, inv)
        inside = ((s[0] > 0) & (s[1] < 1)) | ((t[0] > 0) & (t[1] < 1))
        # every coordinate at once: s and t broadcast over the columns (the same operations, element by element)
        s2 = (s[0][:, None], s[1][:, None])
        t2 = (t[0][:, None], t[1][:, None])
        x1 = _fadd((Lo[a1], Hi[a1]), _fmul(s2, (Ulo[PI], Uhi[PI])))
        x2 = _fadd((Lo[a2], Hi[a2]), _fmul(t2, (Ulo[PJ], Uhi[PJ])))
        box_lo = np.maximum(x1[0], x2[0])
        box_hi = np.minimum(x1[1], x2[1])
        disjoint = np.any(box_lo > box_hi, axis=1)
        finite = np.isfinite(s[0]) & np.isfinite(s[1]) & np.isfinite(t[0]) & np.isfinite(t[1])
        reject = ok & finite & (inside | disjoint)
        enclosed = ok & finite & np.all(np.isfinite(box_lo) & np.isfinite(box_hi), axis=1)
    box_lo[~enclosed] = -np.inf
    box_hi[~enclosed] = np.inf
    return MeetEnclosures(np.asarray(keep & ~reject, dtype=bool), box_lo, box_hi)
