"""Exact geometric predicates on rational points.

Each predicate decides with exact rational (or integer) arithmetic only; no float, no
tolerance. Inputs are exact vectors (see [`refimpl.exact.rational`][refimpl.exact.rational]); anything else is
converted exactly first, so passing float coordinates is safe and means "the float's value".

Algorithm notes
---------------
* Collinearity of a, b, c: u = b − a and v = c − a are linearly dependent iff every 2×2
  minor u_i v_j − u_j v_i vanishes. If u ≠ 0 with pivot u_i ≠ 0, the minors against the
  pivot suffice: v = (v_i / u_i) u follows, which makes every other minor zero too. So the
  test costs O(d) instead of O(d²). (Lemma 1, proofs/01_interior.py.)
* The λ-witness of p on the line a + λ(b − a) is unique when a ≠ b and is read off the
  pivot coordinate, then verified on every coordinate. (Lemma 1, proofs/01_interior.py.)
* Two lines p1 + s·u and p2 + t·v with u ∦ v meet iff the 2×2 normal equations have a
  solution that satisfies the full d-dimensional equation; the Gram determinant
  |u|²|v|² − ⟨u,v⟩² is non-zero exactly when u ∦ v (Cauchy–Schwarz equality case).
  (Lemma 2, proofs/02_lines.py.)

Machine-checked in Coq: the pivot test is ``proofs/coq/Lemma1.v``, theorem ``lemma1_b``; the
unique witness ``lemma1_c`` / ``lemma1_c_pivot``; strict betweenness ``lemma1_d``; the Gram
determinant is Lagrange's identity, ``proofs/coq/Lemma2.v``, theorems ``lemma2_a_lagrange``
and ``lemma2_a_gram_pos``, and the normal equations' unique solution ``lemma2_a_normal_unique``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from refimpl.errors import DegenerateInput
from refimpl.exact.rational import (
    Backend,
    Rational,
    RVector,
    as_fraction,
    get_backend,
    to_vector,
    vadd,
    vdot,
    vscale,
    vsub,
)

#: each backend's own number type, by backend name (building a zero to ask costs a constructor call)
_NATIVE: dict[str, type] = {}


def _vec(p: object, backend: Backend) -> RVector:
    # Already-exact tuples of the backend's own number type pass through unchanged: the
    # conversion costs more than the predicate itself (bench/predicates.py).
    if isinstance(p, tuple) and p:
        native = _NATIVE.get(backend.name)
        if native is None:
            native = _NATIVE[backend.name] = backend.make(0, 1).__class__
        if all(type(v) is native for v in p):
            return p
    return to_vector(p, backend=backend)  # type: ignore[arg-type]


def _pivot(u: RVector) -> int | None:
    for i, v in enumerate(u):
        if v != 0:
            return i
    return None


def squared_distance(a: object, b: object, *, backend: str | Backend | None = None) -> Fraction:
    """‖a − b‖², exact."""
    be = get_backend(backend)
    d = vsub(_vec(a, be), _vec(b, be))
    return as_fraction(vdot(d, d))


def parallel(u: object, v: object, *, backend: str | Backend | None = None) -> bool:
    """True iff vectors u and v are linearly dependent (a zero vector is parallel to all); Lemma 1, proofs/01_interior.py."""
    be = get_backend(backend)
    uu, vv = _vec(u, be), _vec(v, be)
    i = _pivot(uu)
    if i is None:
        return True
    ui, vi = uu[i], vv[i]
    return all(ui * vj == uj * vi for uj, vj in zip(uu, vv))


def collinear(a: object, b: object, c: object, *, backend: str | Backend | None = None) -> bool:
    """True iff a, b, c lie on one line (coincident points count as collinear); Lemma 1, proofs/01_interior.py."""
    be = get_backend(backend)
    aa = _vec(a, be)
    return parallel(vsub(_vec(b, be), aa), vsub(_vec(c, be), aa), backend=be)


def segment_parameter(
    p: object, a: object, b: object, *, backend: str | Backend | None = None
) -> Fraction | None:
    """The unique λ with p = a + λ(b − a), or None if there is none or a = b; Lemma 1, proofs/01_interior.py."""
    be = get_backend(backend)
    aa, bb, pp = _vec(a, be), _vec(b, be), _vec(p, be)
    u = vsub(bb, aa)
    i = _pivot(u)
    if i is None:
        return None  # a == b: no unique witness (every λ works if p == a, none otherwise)
    w = vsub(pp, aa)
    lam = w[i] / u[i]
    if all(wj == lam * uj for wj, uj in zip(w, u)):
        return as_fraction(lam)
    return None


def strictly_between(p: object, a: object, b: object, *, backend: str | Backend | None = None) -> bool:
    """True iff p = a + λ(b − a) with 0 < λ < 1 and a ≠ b (endpoints excluded); Lemma 1, proofs/01_interior.py."""
    lam = segment_parameter(p, a, b, backend=backend)
    return lam is not None and 0 < lam < 1


@dataclass(frozen=True)
class LineIntersection:
    """The answer of [`line_intersection`][refimpl.exact.predicates.line_intersection].

    ``kind`` is ``"point"`` (the lines meet in exactly ``point``), ``"none"`` (parallel and
    distinct, or skew) or ``"same_line"``. ``s`` and ``t`` are the parameters of ``point``
    along the first and second line (p + s(q − p)).
    """

    kind: Literal["point", "none", "same_line"]
    point: tuple[Fraction, ...] | None = None
    s: Fraction | None = None
    t: Fraction | None = None


def line_intersection(
    p1: object, q1: object, p2: object, q2: object, *, backend: str | Backend | None = None
) -> LineIntersection:
    """Where line p1q1 meets line p2q2: a point, none, or the same line; Lemma 2, proofs/02_lines.py."""
    be = get_backend(backend)
    a1, b1, a2, b2 = (_vec(v, be) for v in (p1, q1, p2, q2))
    u, v = vsub(b1, a1), vsub(b2, a2)
    if _pivot(u) is None or _pivot(v) is None:
        raise DegenerateInput(
            "a line needs two distinct points; drop duplicate points before intersecting"
        )
    w = vsub(a2, a1)
    if parallel(u, v, backend=be):
        return LineIntersection("same_line" if parallel(w, u, backend=be) else "none")
    # Normal equations of a1 + s u = a2 + t v:  [uu  -uv; uv  -vv] [s; t] = [wu; wv].
    uu, uv, vv = vdot(u, u), vdot(u, v), vdot(v, v)
    wu, wv = vdot(w, u), vdot(w, v)
    det = uv * uv - uu * vv  # = -(Gram determinant) != 0 because u and v are not parallel
    s = (uv * wv - vv * wu) / det
    t = (uu * wv - uv * wu) / det
    x1 = vadd(a1, vscale(s, u))
    x2 = vadd(a2, vscale(t, v))
    if x1 != x2:
        return LineIntersection("none")  # skew lines: the least-squares points differ
    return LineIntersection(
        "point", tuple(as_fraction(c) for c in x1), as_fraction(s), as_fraction(t)
    )


def orientation_sign(a: object, b: object, c: object, *, backend: str | Backend | None = None) -> int:
    """Sign of the 2-D orientation determinant of a, b, c (+1 left turn, −1 right, 0 collinear)."""
    be = get_backend(backend)
    aa, bb, cc = _vec(a, be), _vec(b, be), _vec(c, be)
    if not (len(aa) == len(bb) == len(cc) == 2):
        raise DegenerateInput("orientation_sign is defined for 2-D points only; use collinear() in d > 2")
    det: Rational = (bb[0] - aa[0]) * (cc[1] - aa[1]) - (bb[1] - aa[1]) * (cc[0] - aa[0])
    return int(det > 0) - int(det < 0)
