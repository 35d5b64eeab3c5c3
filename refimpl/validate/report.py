"""The conformance report: global checks, one certificate per synthetic row, and the violations."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from refimpl.results import ResultDisplay, add_float_lambdas, add_label_columns, label_rows

#: row statuses that conform to SMOTE's geometry
OK_STATUSES: tuple[str, ...] = ("ok", "ok_tie", "ok_within_knn_float_error")

#: what each status means (used in summaries and the generated docs)
STATUS_MEANING: dict[str, str] = {
    "ok": "on segment base→neighbour within the tube, neighbour in the exact kNN, λ in range",
    "ok_tie": "as ok, but the neighbour is only in the tie set at the k-th distance",
    "ok_within_knn_float_error": "as ok, but the neighbour is in the base's kNN only under the float error of "
    "scikit-learn's distance computation (Lemma 8); the certificate assumes that arithmetic",
    "lambda_below_0": "on the line of a kNN pair but only for λ < 0 (extrapolation beyond the base)",
    "lambda_at_least_1": "on the line of a kNN pair but only for λ ≥ 1 (impossible for λ drawn from [0, 1))",
    "lambda_above_1": "on the line of a kNN pair but only for λ > 1 (extrapolation beyond the neighbour)",
    "neighbour_not_in_knn": "on a segment between two same-class rows, but the neighbour is not in the base's exact kNN",
    "neighbour_other_class": "on a segment from a same-class base to a row of another class",
    "outside_tube": "not within the rounding tube of any candidate segment (nearest candidate reported)",
    "undiagnosed": "not explained by a kNN pair; detailed diagnosis skipped (max_diagnose reached)",
    "knn_undefined": "the class has a constant column: range-scaled distances (DMwR/unbalanced) are 0/0 there",
    "unknown_class": "labelled with a class that has no real rows",
    "non_finite": "has NaN or inf coordinates",
}


@dataclass(frozen=True, repr=False)
class Check(ResultDisplay):
    """A global check (originals first, dtype, class counts, ...): name, passed, detail."""

    name: str
    ok: bool
    detail: str


@dataclass(repr=False)
class RowCertificate(ResultDisplay):
    """Why synthetic row ``row`` conforms (or not): parents as indices into X_real, exact λ bounds."""

    row: int
    klass: Any
    status: str
    base: int | None = None
    neighbour: int | None = None
    lambda_lo: str | None = None  # exact rational "p/q"; None = unbounded
    lambda_hi: str | None = None
    copy: bool = False  # λ = 0 fits (or base = neighbour): indistinguishable from a copy of a real row
    tube_ratio: float | None = None  # float diagnostic: tube widths from the best candidate
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True iff the row conforms."""
        return self.status in OK_STATUSES


@dataclass(repr=False)
class ConformanceReport(ResultDisplay):
    """Result of [`verify_smote`][refimpl.validate.checker.verify_smote]: ``.ok``, ``.summary()``, ``.to_json()``, ``.violations``."""

    model: str
    k: int
    n_real: int
    n_out: int
    checks: list[Check] = field(default_factory=list)
    certificates: list[RowCertificate] = field(default_factory=list)
    seconds: float = 0.0
    #: the release model the rows were checked under (``none``: SMOTE's own floats)
    release: str = "none"

    @property
    def n_synthetic(self) -> int:
        """Number of synthetic rows checked."""
        return len(self.certificates)

    @property
    def ok(self) -> bool:
        """True iff every global check passed and every synthetic row conforms."""
        return all(c.ok for c in self.checks) and all(c.ok for c in self.certificates)

    def status_counts(self) -> dict[str, int]:
        """Status → number of synthetic rows, most common first."""
        return dict(Counter(c.status for c in self.certificates).most_common())

    def _headline_extra(self) -> dict[str, Any]:
        return {"ok": self.ok, "n_synthetic": self.n_synthetic, "violations": sum(not c.ok for c in self.certificates)}

    def certificates_frame(self) -> Any:
        """All per-row certificates as a pandas DataFrame (exact λ bounds with outward-rounded float columns).

        Indexed by X_out's row labels when X_out was a DataFrame; ``row`` stays the position.
        ``base`` and ``neighbour`` are positions in X_real, each followed by ``_label`` (its
        index label) when X_real was a DataFrame.
        """
        return self._frame_of(self.certificates)

    def _frame_of(self, certificates: list[RowCertificate]) -> Any:
        import pandas as pd

        cols = [f for f in RowCertificate.__dataclass_fields__]
        frame = pd.DataFrame([asdict(c) for c in certificates], columns=cols).rename(columns={"klass": "class"})
        frame = add_label_columns(add_float_lambdas(frame), self, ("base", "neighbour"), role="parents")
        return label_rows(frame, self, frame["row"].to_numpy(dtype=np.intp))

    def _preview_frame(self, n: int) -> Any:
        frame = self._frame_of(self.certificates[:n])
        frame.attrs["total_rows"] = len(self.certificates)
        return frame

    def to_frame(self) -> Any:
        """Same as `certificates_frame`: one line per synthetic row."""
        return self.certificates_frame()

    @property
    def violations(self) -> Any:
        """Failed global checks (row = <NA>) and non-conforming rows, as a pandas DataFrame."""
        import pandas as pd

        rows: list[dict[str, Any]] = [
            {"row": pd.NA, "class": None, "kind": c.name, "detail": c.detail} for c in self.checks if not c.ok
        ]
        for c in self.certificates:
            if not c.ok:
                rows.append(
                    {
                        "row": c.row,
                        "class": c.klass,
                        "kind": c.status,
                        "base": c.base,
                        "neighbour": c.neighbour,
                        "lambda_lo": c.lambda_lo,
                        "lambda_hi": c.lambda_hi,
                        "tube_ratio": c.tube_ratio,
                        "detail": c.detail,
                    }
                )
        cols = ["row", "class", "kind", "base", "neighbour", "lambda_lo", "lambda_hi", "tube_ratio", "detail"]
        frame = pd.DataFrame(rows, columns=cols)
        frame["row"] = frame["row"].astype("Int64")
        return add_float_lambdas(frame)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: header, checks, status counts and every certificate."""
        return {
            "ok": self.ok,
            "model": self.model,
            "release": self.release,
            "k": self.k,
            "n_real": self.n_real,
            "n_out": self.n_out,
            "n_synthetic": self.n_synthetic,
            "seconds": round(self.seconds, 4),
            "checks": [asdict(c) for c in self.checks],
            "status_counts": self.status_counts(),
            "certificates": [
                {**asdict(c), "klass": _jsonable(c.klass)} for c in self.certificates
            ],
        }

    def to_json(self, **kwargs: Any) -> str:
        """The report as JSON text (exact λ bounds as "p/q" strings)."""
        return json.dumps(self.to_dict(), **kwargs)

    def _verdict_words(self) -> str:
        # an output with no synthetic row passes every row check without being tested on any
        if not self.ok:
            return "DOES NOT CONFORM"
        return "CONFORMS" if self.n_synthetic else "CONFORMS (vacuously: no synthetic rows, nothing was tested)"

    def summary(self, max_rows: int = 10) -> str:
        """Readable text: verdict, global checks, status counts, the first violations."""
        lines = [
            f"SMOTE conformance ({self.model} model"
            f"{'' if self.release == 'none' else ', released as ' + self.release}, k={self.k}): "
            f"{self._verdict_words()}",
            f"  {self.n_real} real rows, {self.n_out} output rows, {self.n_synthetic} synthetic rows checked"
            f" in {self.seconds:.2f} s",
            "",
            "checks:",
        ]
        for c in self.checks:
            lines.append(f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
        lines += ["", "synthetic rows:"]
        for status, count in self.status_counts().items():
            lines.append(f"  {status:<22} {count:>8}  {STATUS_MEANING.get(status, '')}")
        copies = sum(c.copy for c in self.certificates)
        if copies:
            lines.append(f"  ({copies} row(s) indistinguishable from a copy of a real row: λ = 0 or base = neighbour)")
        bad = [c for c in self.certificates if not c.ok]
        if bad:
            lines += ["", f"first {min(max_rows, len(bad))} of {len(bad)} violating rows:"]
            for rc in bad[:max_rows]:
                lam = f" λ≈[{_approx(rc.lambda_lo)}, {_approx(rc.lambda_hi)}]" if rc.lambda_lo or rc.lambda_hi else ""
                ratio = f" tube ratio {rc.tube_ratio:.3g}" if rc.tube_ratio is not None else ""
                lines.append(
                    f"  row {rc.row} (class {rc.klass!r}): {rc.status} base={rc.base} neighbour={rc.neighbour}"
                    f"{lam}{ratio} {rc.detail}".rstrip()
                )
        return "\n".join(lines)


def _approx(q: str | None) -> str:
    """A rational "p/q" shown as a float with 6 significant digits (None = unbounded)."""
    if q is None:
        return "±inf"
    from fractions import Fraction

    return f"{float(Fraction(q)):.6g}"


def _jsonable(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    return v
