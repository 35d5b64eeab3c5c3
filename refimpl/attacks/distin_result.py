"""DistinSMOTE's result: one verdict (real / synthetic / ambiguous) per minority row, with its certificate.

Returned by `refimpl.attacks.distin.distin_smote` (and, as `BoxDistinResult`, by the box
geometry); kept apart from the algorithm so that the attack module holds the algorithm only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.attacks.assumptions import GENERAL_POSITION
from refimpl.results import (
    ResultDisplay,
    add_float_lambdas,
    add_label_columns,
    label_rows,
    round_seconds,
)

REAL, SYNTHETIC, AMBIGUOUS = "real", "synthetic", "ambiguous"
VERDICTS: tuple[str, ...] = (REAL, SYNTHETIC, AMBIGUOUS)


@dataclass(repr=False)
class DistinResult(ResultDisplay):
    """Verdicts for the minority rows of an augmented dataset (Lemma 1, proofs/01_interior.py).

    ``index[i]`` is the row of X the i-th verdict is about; ``witnesses[i]`` certifies a
    synthetic verdict (rows are indices into X); ``reasons[i]`` explains every verdict.
    """

    index: npt.NDArray[np.intp]
    verdicts: npt.NDArray[np.str_]
    #: a `Witness` per certified row (segment geometry), a `refimpl.geometry.box.BoxWitness` in
    #: `BoxDistinResult`; None for rows without a certificate
    witnesses: list[Any]
    reasons: list[str]
    kernel: str
    certified: bool
    k: int
    candidates: int
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: the release error model the kernel assumed (``none``, ``decimals:6`` …; Lemma 6)
    release: str = "none"
    #: ``certified`` (exact given the models), ``statistical`` (Gaussian or estimated release)
    #: or ``uncertified`` (the epsilon kernel)
    guarantee: str = "certified"
    #: Lemma 6(c): upper estimate of the expected number of real rows with a false witness
    expected_false_positives: float = 0.0
    #: what every ``synthetic`` verdict assumes (Lemma 1; `refimpl.attacks.assumptions`)
    assumption: str = GENERAL_POSITION
    #: share of the distinct rows' coordinate values that recur in another row: 0 for
    #: continuous data (a real row on a segment between two others then has probability 0),
    #: towards 1 on lattice data (integer, one-hot, rounded), where the assumption can fail
    discreteness: float = 0.0
    #: the geometry the verdicts assume (``segment``; ``box`` results are `BoxDistinResult`)
    geometry: str = "segment"
    #: why this geometry (``requested``, or what ``geometry="auto"`` measured)
    geometry_reason: str = "requested"

    @property
    def minority_index(self) -> npt.NDArray[np.intp]:
        """Alias of ``index``: the rows of X the verdicts are about."""
        return self.index

    def counts(self) -> dict[str, int]:
        """How many rows got each verdict."""
        c = Counter(self.verdicts.tolist())
        return {v: int(c.get(v, 0)) for v in VERDICTS}

    def is_synthetic(self) -> npt.NDArray[np.bool_]:
        """Boolean mask over ``index``: verdict is ``synthetic``."""
        return np.asarray(self.verdicts == SYNTHETIC)

    def _headline_extra(self) -> dict[str, Any]:
        return {"rows": len(self.index), **self.counts()}

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by the input's row labels (positions for an array).

        Columns: row (position in X), verdict, witness_a, witness_b (positions; each followed by
        ``_label``, its index label, when X was a DataFrame), lambda_lo, lambda_lo_float,
        lambda_hi, lambda_hi_float (exact "p/q", then rounded outward), reason.
        """
        return self._frame(len(self.index))

    def _preview_frame(self, n: int) -> Any:
        frame = self._frame(n)
        frame.attrs["total_rows"] = len(self.index)
        return frame

    def _frame(self, n: int) -> Any:
        import pandas as pd

        ws = self.witnesses[:n]
        frame = pd.DataFrame(
            {
                "row": self.index[:n],
                "verdict": self.verdicts[:n],
                "witness_a": [w.a if w is not None else -1 for w in ws],
                "witness_b": [w.b if w is not None else -1 for w in ws],
                "lambda_lo": [str(w.lam_lo) if w is not None else "" for w in ws],
                "lambda_hi": [str(w.lam_hi) if w is not None else "" for w in ws],
                "reason": self.reasons[:n],
            }
        )
        frame = add_label_columns(add_float_lambdas(frame), self, ("witness_a", "witness_b"))
        return label_rows(frame, self, self.index[:n])

    def summary(self) -> dict[str, Any]:
        """Counts, kernel and seconds per phase, JSON-ready."""
        return {
            "attack": "distin",
            "geometry": self.geometry,
            "geometry_reason": self.geometry_reason,
            "kernel": self.kernel,
            "certified": self.certified,
            "k": self.k,
            "candidates": self.candidates,
            "release": self.release,
            "guarantee": self.guarantee,
            "expected_false_positives": float(f"{self.expected_false_positives:.3g}"),
            "assumption": self.assumption,
            "discreteness": round(self.discreteness, 4),
            "rows": len(self.index),
            **self.counts(),
            "seconds": round_seconds(self.seconds),
        }


__all__ = ["AMBIGUOUS", "REAL", "SYNTHETIC", "VERDICTS", "DistinResult"]
