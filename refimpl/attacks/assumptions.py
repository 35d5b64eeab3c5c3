"""What a "synthetic" verdict assumes, and where the data at hand breaks it (Lemma 1, proofs/01_interior.py).

Lemma 1 says: with λ in (0, 1) and *no real row on a segment between two others* (general
position), a row is synthetic iff it lies strictly between two rows. No geometric test can tell
a real row that sits on such a segment from a synthetic one, so DistinSMOTE states the
assumption on every ``synthetic`` verdict and checks, for the data at hand, the ways it is
known to fail:

* **the minority spans a line** (d = 1, or every row collinear): every row but the two extremes
  lies between two others, so endpoint evidence off the line cannot exist; only the extremes
  are known (they are real, as SMOTE never leaves the segment of its parents);
* **lattice values**, decided on the *exact* values of the rows (rational input stays rational:
  float64 images of rationals collide after rounding and would fake a lattice);
* **a simple λ**: a real row placed by design (a midpoint, a grid point, an average of two
  records) sits at λ = p/q with a small q. SMOTE's λ is m/2^53 (imbalanced-learn's draw), so a
  witness whose λ-interval [lo, hi] contains a fraction of denominator ≤ `SIMPLE_DENOMINATOR`
  arises from SMOTE with probability at most F·(hi − lo) + F·2^-53, where F = 21 is the number
  of such fractions in (0, 1) (Σ_{q=2}^{8} φ(q)); those verdicts become ``ambiguous``.

What remains is a real row at a non-simple position on a segment between two rows, off any
lattice: a probability-zero event for continuous data, and an assumption for the rest, which
`discreteness` quantifies (the share of coordinate values that recur in another row).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

#: the largest denominator q of a "designed" position p/q on a segment (midpoints, thirds, …, eighths)
SIMPLE_DENOMINATOR = 8
#: Σ_{q=2}^{8} φ(q): how many fractions p/q in (0, 1) have q ≤ SIMPLE_DENOMINATOR
SIMPLE_FRACTIONS = 21

#: the largest chance, per row, that a real row gets a false witness (Lemma 6(c), per row:
#: `refimpl.release.false_witness_rates`) for which a witness still yields ``synthetic``: a
#: chosen error rate, not a numeric tolerance. Above it the tube (rounding far from the
#: origin, or a coarse release) is too wide against the distance between neighbours for a
#: witness to tell a synthetic row from a real one, and the verdict is ``ambiguous``.
FALSE_WITNESS_RATE = 1e-3

#: the assumption every ``synthetic`` verdict rests on (stated in its reason)
GENERAL_POSITION = "assuming no real row lies on a segment between two others (general position)"


def shared_values(values: npt.NDArray[np.float64] | Sequence[Sequence[Any]]) -> npt.NDArray[np.bool_]:
    """(n, d) mask: the value of row i in column j occurs in another row, compared exactly; Lemma 1, proofs/01_interior.py.

    ``values`` are the rows' exact values: a float array (a float is its own exact value) or
    rows of Fractions (exact input; their float images are never compared).
    """
    if isinstance(values, np.ndarray) and values.dtype != object:
        pts = np.asarray(values, dtype=np.float64)
        shared = np.ones(pts.shape, dtype=bool)
        for j in range(pts.shape[1]):
            _, inv, cnt = np.unique(pts[:, j], return_inverse=True, return_counts=True)
            shared[:, j] = cnt[inv.ravel()] > 1
        return shared
    rows = [tuple(r) for r in values]
    d = len(rows[0]) if rows else 0
    out = np.ones((len(rows), d), dtype=bool)
    for j in range(d):
        seen = Counter(r[j] for r in rows)
        out[:, j] = [seen[r[j]] > 1 for r in rows]
    return out


def lattice_rows(values: npt.NDArray[np.float64] | Sequence[Sequence[Any]]) -> list[bool]:
    """Rows whose every coordinate value occurs in another row (exact comparison); Lemma 1, proofs/01_interior.py."""
    return [bool(v) for v in np.all(shared_values(values), axis=1).tolist()]


def discreteness(values: npt.NDArray[np.float64] | Sequence[Sequence[Any]]) -> float:
    """Share of coordinate values that recur in another row: 0 for continuous data, 1 on a full lattice; Lemma 1, proofs/01_interior.py."""
    s = shared_values(values)
    return float(s.mean()) if s.size else 0.0


def spans_a_line(kern: Any, pts: npt.NDArray[np.float64]) -> bool:
    """Every distinct row is on one line, in the kernel's sense (d = 1 included); Lemma 1, proofs/01_interior.py.

    The anchors are row 0 and the row farthest from it (floats only choose them); the kernel's
    ``on_line`` decides, and the scan stops at the first row off the line (one test on
    ordinary data).
    """
    n = len(pts)
    if n < 3:
        return True
    if pts.shape[1] == 1:
        return True
    far = int(np.argmax(np.abs(pts - pts[0]).sum(axis=1)))
    if far == 0:
        return True
    return all(bool(kern.on_line(i, 0, far)) for i in range(1, n) if i != far)


def simple_fraction_in(lo: Fraction, hi: Fraction, q_max: int = SIMPLE_DENOMINATOR) -> Fraction | None:
    """The fraction p/q in (0, 1) ∩ [lo, hi] with the least q ≤ q_max, if any (exact integer arithmetic); Lemma 1, proofs/01_interior.py."""
    ln, ld = lo.numerator, lo.denominator
    hn, hd = hi.numerator, hi.denominator
    for q in range(2, q_max + 1):
        p = max(1, -((-ln * q) // ld))  # ceil(lo·q), at least 1
        if p < q and p * hd <= hn * q:
            return Fraction(p, q)
    return None


def outer_pair(
    kern: Any, pts: npt.NDArray[np.float64], p: int, witness: Sequence[Any]
) -> tuple[int, int] | None:
    """The witness-less rows at the two ends of p's witness chain, if p is between them in the kernel's sense; Lemma 1, proofs/01_interior.py.

    p's first witness (a, b) may be a synthetic row on the same segment; a synthetic a has a
    witness of its own on that line, and the end of it farther from p extends the pair. The
    walk stops at witness-less rows (the candidates for real endpoints), so a designed
    position such as a midpoint is seen against the rows it was placed between. Floats only
    choose the farther end; the kernel decides the final ``between``.
    """
    if witness[p] is None:
        return None
    a, b = (int(v) for v in _chain_ends(pts, np.array([p], dtype=np.intp), witness)[0])
    return (a, b) if a >= 0 and kern.between(p, a, b) is not None else None


#: the simple fractions p/q in (0, 1) with q ≤ SIMPLE_DENOMINATOR, as floats (for the filter only)
_SIMPLE = np.array(sorted({p / q for q in range(2, SIMPLE_DENOMINATOR + 1) for p in range(1, q)}))
assert len(_SIMPLE) == SIMPLE_FRACTIONS


def _near_simple(
    lo: npt.NDArray[np.float64], hi: npt.NDArray[np.float64], delta: npt.NDArray[np.float64]
) -> npt.NDArray[np.bool_]:
    """[lo − δ, hi + δ] holds a simple fraction (float filter: it chooses where the exact test runs)."""
    i = np.searchsorted(_SIMPLE, lo - delta, side="left")
    ok = i < len(_SIMPLE)
    nxt = _SIMPLE[np.minimum(i, len(_SIMPLE) - 1)]
    return np.asarray(ok & (nxt <= hi + delta), dtype=bool)


def simple_positions(
    kern: Any, pts: npt.NDArray[np.float64], witness: Sequence[Any], rows: Sequence[int]
) -> dict[int, Fraction]:
    """For each row of ``rows`` (rows with a witness), a simple λ = p/q (q ≤ 8) on its witness segment or between the ends of its witness chain (`outer_pair`); Lemma 1, proofs/01_interior.py.

    The kernel decides (an exact λ-interval holding p/q, `simple_fraction_in`); floats only
    choose where to ask. The own witness's interval is converted with float(), correctly
    rounded, so |error| ≤ 2^-53 on [0, 1] and δ = 2^-52 keeps every hit. The chain's λ̂ is a
    float projection ((p − A)·(B − A))/‖B − A‖²; for p between A and B its rounding error is
    at most γ_{2d+4} ≤ 4(d + 2)u (Higham's dot-product bound, |p − A| ≤ ‖B − A‖ + tube), and the
    tube moves the true λ by at most (‖ρ_p‖ + ‖ρ_A‖ + ‖ρ_B‖)/‖B − A‖; δ is twice their sum. A
    miss of the filter leaves the verdict ``synthetic`` with its stated assumption, never a
    new wrong verdict.
    """
    out: dict[int, Fraction] = {}
    rows = [int(r) for r in rows]
    if not rows:
        return out
    lo = np.array([float(witness[p].lam_lo) for p in rows])
    hi = np.array([float(witness[p].lam_hi) for p in rows])
    hit = _near_simple(lo, hi, np.full(len(rows), 2.0**-52))
    rest: list[int] = []
    for p, h in zip(rows, hit.tolist(), strict=True):
        s = simple_fraction_in(witness[p].lam_lo, witness[p].lam_hi) if h else None
        if s is not None:
            out[p] = s
        else:
            rest.append(p)
    if not rest:
        return out
    P = np.array(rest, dtype=np.intp)
    ends = _chain_ends(pts, P, witness)
    keep = ends[:, 0] >= 0
    P, A, B = P[keep], ends[keep, 0], ends[keep, 1]
    if len(P) == 0:
        return out
    D = pts[B] - pts[A]
    dd = np.einsum("nd,nd->n", D, D)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.einsum("nd,nd->n", pts[P] - pts[A], D) / dd
        rho = kern.tube_radius()
        tube = (
            0.0
            if rho is None
            else (
                np.linalg.norm(rho[P], axis=1)
                + np.linalg.norm(rho[A], axis=1)
                + np.linalg.norm(rho[B], axis=1)
            )
            / np.sqrt(dd)
        )
        delta = 2 * (4 * (pts.shape[1] + 2) * 2.0**-53 + tube)
    near = _near_simple(lam, lam, np.broadcast_to(np.asarray(delta, dtype=np.float64), lam.shape)) & (dd > 0)
    for t in np.flatnonzero(near).tolist():
        p, a, b = int(P[t]), int(A[t]), int(B[t])
        w2 = kern.between(p, a, b)
        s = None if w2 is None else simple_fraction_in(w2.lam_lo, w2.lam_hi)
        if s is not None:
            out[p] = s
    return out


#: steps of a witness chain walked before giving up (a cost cap: a chain not ended by then
#: leaves the verdict ``synthetic`` with its stated assumption)
_CHAIN_STEPS = 32


def _chain_ends(
    pts: npt.NDArray[np.float64], P: npt.NDArray[np.intp], witness: Sequence[Any]
) -> npt.NDArray[np.intp]:
    """(len(P), 2): the witness-less rows at the two ends of each p's witness chain (`outer_pair`), −1 where none.

    All chains are walked at once: at each step a row with a witness moves to the end of
    that witness farther from p (floats choose; nothing is decided here).
    """
    WA = np.array([-1 if w is None else w.a for w in witness], dtype=np.intp)
    WB = np.array([-1 if w is None else w.b for w in witness], dtype=np.intp)
    out = np.full((len(P), 2), -1, dtype=np.intp)
    for side, (start, other) in enumerate(((WA[P], WB[P]), (WB[P], WA[P]))):
        cur = start.copy()
        ok = cur >= 0
        for _ in range(_CHAIN_STEPS):
            act = ok & (WA[np.maximum(cur, 0)] >= 0)
            if not act.any():
                break
            c = cur[act]
            na, nb, pp = WA[c], WB[c], P[act]
            da = np.sum((pts[na] - pts[pp]) ** 2, axis=1)
            db = np.sum((pts[nb] - pts[pp]) ** 2, axis=1)
            nxt = np.where(da >= db, na, nb)
            bad = (nxt == pp) | (nxt == other[act]) | (nxt == c)
            idx = np.flatnonzero(act)
            ok[idx[bad]] = False
            cur[idx] = nxt
        else:
            ok &= WA[np.maximum(cur, 0)] < 0
        out[ok, side] = cur[ok]
    same = (out[:, 0] == out[:, 1]) | (out[:, 0] == P) | (out[:, 1] == P)
    mine = (out[:, 0] == WA[P]) & (out[:, 1] == WB[P])
    out[same | mine] = -1
    return out


__all__ = [
    "FALSE_WITNESS_RATE",
    "GENERAL_POSITION",
    "SIMPLE_DENOMINATOR",
    "SIMPLE_FRACTIONS",
    "discreteness",
    "lattice_rows",
    "outer_pair",
    "shared_values",
    "simple_fraction_in",
    "simple_positions",
    "spans_a_line",
]
