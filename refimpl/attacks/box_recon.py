"""Box reconstruction: what the children of a real record certify about it (Lemma 7(d), proofs/07_box_geometry.py).

Under box-SMOTE every child c of a real record x (x was its base or its neighbour, with
partner n) lies in box(x, n), so in coordinate j, c_j ≥ x_j when n_j > x_j and c_j ≤ x_j when
n_j < x_j. Given the children of x and, per coordinate, on which side of x their partner lies,
x_j is confined to [max of the lower children, min of the upper children]: a certified box
(`corner_enclosure`), unbounded on a side with no child. Any point of that box explains the
children equally well as a corner, so x itself is not identifiable (Lemma 7(d)): the box is
the best certified enclosure, and its width shrinks like 1/(children per side + 1), i.e.
like 1/ratio.

From synthetic rows alone the grouping (which children share a record) and the sides are
not given; `oracle_enclosures` takes them from the sampler's provenance, so it measures the
best width any box reconstruction could certify (bench/box.py), not an attack.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from refimpl.box_smote import BoxSample
from refimpl.errors import InvalidInput, ShapeMismatch

FloatArray = npt.NDArray[np.float64]
RVec = tuple[Fraction | None, ...]


@dataclass(frozen=True)
class Enclosure:
    """A certified box [lo, hi] (None = unbounded side) for one real record, from ``children`` synthetic rows."""

    lo: RVec
    hi: RVec
    children: int

    @property
    def bounded(self) -> bool:
        """True when every side has a child (the box is finite)."""
        return all(v is not None for v in (*self.lo, *self.hi))

    def width(self) -> Fraction | None:
        """The widest side, exactly (None when unbounded)."""
        if not self.bounded:
            return None
        return max((h - lo for lo, h in zip(self.lo, self.hi, strict=True) if lo is not None and h is not None), default=Fraction(0))

    def contains(self, x: npt.ArrayLike) -> bool:
        """The record x (floats, compared exactly) is in the box."""
        for v, lo, hi in zip(np.asarray(x, dtype=np.float64).tolist(), self.lo, self.hi, strict=True):
            q = Fraction(v)
            if (lo is not None and q < lo) or (hi is not None and q > hi):
                return False
        return True


def corner_enclosure(children: npt.ArrayLike, partner_above: npt.ArrayLike) -> Enclosure:
    """x_j in [max lower child, min upper child] per coordinate, exactly; Lemma 7(d), proofs/07_box_geometry.py.

    ``partner_above[i, j]`` says that child i's other parent lies above x in coordinate j
    (then c_ij ≥ x_j); a child whose partner ties x in a coordinate gives no bound there, so
    pass the side of the strict inequality only where it holds.
    """
    C = np.asarray(children, dtype=np.float64)
    up = np.asarray(partner_above, dtype=bool)
    if C.ndim != 2 or up.shape != C.shape:
        raise ShapeMismatch(f"children {C.shape} and partner_above {up.shape} must be the same 2-D shape")
    if not np.all(np.isfinite(C)):
        raise InvalidInput("children must be finite")
    lo: list[Fraction | None] = []
    hi: list[Fraction | None] = []
    for j in range(C.shape[1]):
        below, above = C[~up[:, j], j], C[up[:, j], j]
        lo.append(Fraction(float(below.max())) if len(below) else None)
        hi.append(Fraction(float(above.min())) if len(above) else None)
    return Enclosure(tuple(lo), tuple(hi), len(C))


def oracle_enclosures(X_real: npt.ArrayLike, sample: BoxSample) -> list[Enclosure]:
    """`corner_enclosure` of every real record from its children, grouped and sided by the sampler's provenance.

    The sides are read from the true partner (provenance, not an attack); coordinates where
    the partner ties the record are left unbounded by that child. Unrounded output only: a
    rounded child may tie its parent (use the release model's radius around the box then).
    """
    X = np.asarray(X_real, dtype=np.float64)
    out: list[Enclosure] = []
    for i in range(len(X)):
        as_base = np.flatnonzero(sample.base == i)
        as_nb = np.flatnonzero(sample.neighbour == i)
        rows = np.r_[as_base, as_nb]
        partner = np.r_[sample.neighbour[as_base], sample.base[as_nb]]
        if len(rows) == 0:
            out.append(Enclosure((None,) * X.shape[1], (None,) * X.shape[1], 0))
            continue
        diff = X[partner] - X[i]
        C = sample.synthetic[rows]
        # a tie (n_j == x_j) bounds nothing; mark it as "above" with the child's own value,
        # which equals x_j then, so the bound it gives is exact and harmless
        out.append(corner_enclosure(C, diff >= 0))
    return out


__all__ = ["Enclosure", "corner_enclosure", "oracle_enclosures"]
