"""Which geometry explains an augmented dataset: segment (one λ per row) or box (one λ per attribute); Lemmas 1 and 7.

A segment-SMOTE row is in the box of its parents too (the segment lies in the box), so the
box test explains both kinds of output and the segment test only one. The choice is
therefore: ``segment`` when the segment attack certifies at least half as many synthetic rows
as the box attack (the data is explained by the narrower model), ``box`` when the box attack
certifies rows that the segment attack cannot, and ``segment`` (with that reason) when
neither finds any (no SMOTE structure: nothing to prefer).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from refimpl.attacks.box_distin import BoxDistinResult, box_distin_smote
from refimpl.attacks.distin import distin_smote
from refimpl.attacks.distin_result import DistinResult
from refimpl.release import ReleaseModel

GEOMETRIES: tuple[str, ...] = ("segment", "box", "auto")


def choose_geometry(
    X: Any,
    y: Any,
    *,
    minority: Any = 1,
    k: int = 5,
    release: ReleaseModel | str | None = None,
    column_range: Sequence[object] | None = None,
    n_jobs: int | None = None,
) -> tuple[str, str, DistinResult, BoxDistinResult]:
    """(geometry, reason, segment result, box result): the narrower geometry that explains the rows; Lemmas 1 and 7.

    Both attacks run once; the caller keeps the chosen result. The reason quotes both counts.
    """
    seg = distin_smote(X, y, minority=minority, k=k, release=release, column_range=column_range, n_jobs=n_jobs)
    box = box_distin_smote(X, y, minority=minority, k=k, release=release, column_range=column_range, n_jobs=n_jobs)
    return (*decide(seg, box), seg, box)


def decide(seg: DistinResult, box: BoxDistinResult) -> tuple[str, str]:
    """(geometry, reason) from the two results on the same rows: the rule of this module's notes."""
    ns, nb = seg.counts()["synthetic"], box.counts()["synthetic"]
    counts = f"segment test: {ns} synthetic row(s) certified, box test: {nb}"
    if ns == 0 and nb == 0:
        return "segment", f"auto: no SMOTE structure found ({counts}); reporting the segment verdicts"
    if 2 * ns >= nb:
        return "segment", f"auto: the segment geometry explains the rows ({counts})"
    return "box", f"auto: rows lie in boxes of neighbours, not on their segments ({counts})"


__all__ = ["GEOMETRIES", "choose_geometry", "decide"]
