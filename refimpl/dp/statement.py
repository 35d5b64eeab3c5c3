"""What a SMOTE-DP release publishes: the rows with their privacy statement, and what it must not publish.

`PrivacyStatement` depends on public parameters only (the neighbouring-datasets test in
tests/unit/test_dp_pipelines.py checks it for every pipeline); `PrivateDiagnostics` holds the
operator-only figures (the realised fan-out), which depend on the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from refimpl.results import ResultDisplay, result_html, result_repr

FloatArray = npt.NDArray[np.float64]
#: the three SMOTE-DP pipelines, by name (refimpl.dp.pipelines)
PIPELINES = ("smote-then-dp", "dp-then-smote", "dp-smote")
#: what the claimed calibration guarantees per real record
UNBOUNDED = "unbounded (noise scale depends on the data)"


@dataclass(frozen=True, repr=False)
class PrivacyStatement(ResultDisplay):
    """What a release guarantees, per real minority record, and what it assumed.

    Every field is a function of the public parameters only (ε, δ, the bounds, n, m, k, d,
    the pipeline), never of the records: the statement is released with the data, so a
    number computed from the records without noise would leak them. Facts about the run
    itself go to `PrivateDiagnostics`.

    Attributes
    ----------
    pipeline:
        ``"smote-then-dp"``, ``"dp-then-smote"`` or ``"dp-smote"``.
    epsilon, delta:
        The stated privacy parameters (exact rationals). When ``is_dp_guarantee`` is False
        they are what the pipeline *claims*, not what holds.
    neighbouring:
        The neighbouring relation the statement is about, with its assumptions.
    bounds:
        The public domain bounds assumed, one (lo, hi) pair per feature.
    fanout:
        The fan-out C accounted for: how many released rows one real record is assumed to
        affect (1 for a histogram; m in the worst case for SMOTE-then-DP).
    is_dp_guarantee:
        Whether (epsilon, delta)-DP per real record actually holds.
    explanation:
        Plain-language reasons, including why not when ``is_dp_guarantee`` is False.
    epsilon_per_real_record:
        The ε that holds per real record (equal to ``epsilon`` for a DP guarantee), or None
        when no finite ε holds: a noise scale computed from the data (``calibration="claimed"``)
        is not a mechanism with a sensitivity, and group privacy does not apply to it.
    """

    pipeline: str
    epsilon: Fraction
    delta: Fraction
    neighbouring: str
    bounds: tuple[tuple[float, float], ...]
    fanout: int
    is_dp_guarantee: bool
    explanation: str
    epsilon_per_real_record: Fraction | None = None

    def __str__(self) -> str:
        verdict = "YES" if self.is_dp_guarantee else "NO — this is NOT a differential-privacy guarantee"
        per_record = UNBOUNDED if self.epsilon_per_real_record is None else f"{float(self.epsilon_per_real_record):g}"
        lines = [
            f"pipeline: {self.pipeline}",
            f"stated epsilon = {float(self.epsilon):g}, delta = {float(self.delta):g}",
            f"DP guarantee per real record: {verdict}",
            f"epsilon per real record: {per_record}",
            f"neighbouring relation: {self.neighbouring}",
            f"fan-out accounted for: C = {self.fanout}",
        ]
        lines.append("domain bounds assumed: " + ", ".join(f"[{lo:g}, {hi:g}]" for lo, hi in self.bounds))
        lines.append(self.explanation)
        return "\n".join(lines)


@dataclass(frozen=True, repr=False)
class PrivateDiagnostics(ResultDisplay):
    """PRIVATE, for the operator only: facts about one run computed from the records WITHOUT noise.

    Never release them with the data: each is a function of the private records (the largest
    realised fan-out, for instance, tells whether some record is a hub). They exist to debug
    and to teach, which is why they are kept out of `PrivacyStatement`.

    Attributes
    ----------
    realised_fanout:
        The largest number of synthetic rows that one real record is the base or the
        neighbour of in this run (`refimpl.dp.sensitivity.realised_fanout`; the *direct*
        fan-out of Lemma 4, neither the replace-one fan-out nor a bound).
    neighbour_search:
        Which k-NN built SMOTE's neighbour table: ``"exact (refimpl.exact.knn, ties by index)"``
        or ``"float (scikit-learn NearestNeighbors, as imbalanced-learn)"``.
    provenance:
        The SMOTE step's `refimpl.provenance.Provenance` (base and neighbour of every row).
    output_range_l1:
        ``calibration="claimed"`` only: the L1 range of the SMOTE output that the noise was
        calibrated to (a statistic of the data, un-noised).
    """

    realised_fanout: int
    neighbour_search: str
    provenance: Any
    output_range_l1: Fraction | None = None

    def __str__(self) -> str:
        text = (
            "PRIVATE operator diagnostics (computed from the records without noise: do not release): "
            f"realised fan-out {self.realised_fanout}; neighbour search {self.neighbour_search}"
        )
        if self.output_range_l1 is not None:
            text += f"; output range (L1) {float(self.output_range_l1):.6g}"
        return text


class DPRelease(NamedTuple):
    """A release: the synthetic minority rows (float64, m × d) and its privacy statement, plus private diagnostics.

    ``X`` and ``statement`` are what may be published. ``private_diagnostics`` (SMOTE-then-DP
    only, else None) is for the operator and must not be published: see `PrivateDiagnostics`.
    """

    X: FloatArray
    statement: PrivacyStatement
    private_diagnostics: PrivateDiagnostics | None = None

    def __repr__(self) -> str:
        return result_repr(self)

    def _repr_html_(self) -> str:
        return result_html(self)


__all__ = ["PIPELINES", "UNBOUNDED", "DPRelease", "PrivacyStatement", "PrivateDiagnostics"]
