"""Shared helpers of the attack subcommands (``distinguish``, ``reconstruct``)."""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Any

import numpy as np

from refimpl.errors import EmptyClass, InvalidInput, NonNumericColumn
from refimpl.exact.rational import as_fraction, to_rational


def add_attack_arguments(p: Any) -> None:
    """The options both attack subcommands take."""
    p.add_argument("--minority", default="1", help="label of the oversampled class (default 1)")
    p.add_argument("--k", type=int, default=5, help="SMOTE's nearest neighbours (default 5)")
    from refimpl.kernels import KERNELS

    p.add_argument("--kernel", choices=list(KERNELS), default="fast", help="geometry kernel (default fast)")
    p.add_argument(
        "--release",
        default="none",
        help="how the rows were perturbed before release: none (default), decimals:P, float32, "
        "uniform:EPS, gaussian:SIGMA[:RATE] or unknown (estimated); widens the tube kernels' tube",
    )
    p.add_argument("--json", action="store_true", help="print a one-line JSON summary (counts, seconds per phase)")


def features(frame: Any) -> Any:
    """The feature columns as floats, or as exact Fractions when a column holds "p/q" strings.

    ``smote-refimpl resample --arithmetic exact`` writes rationals as strings; they are read
    back exactly, so that the exact kernel decides on the true values. A "p/q" string is that
    rational; a number, or a decimal string, is the float it denotes, converted exactly (never
    through its decimal text, which is a different number: ``Fraction("0.1") != 0.1``).
    """
    if all(dt.kind in "iuf" for dt in frame.dtypes):
        return frame.to_numpy(dtype=np.float64)
    out = np.empty(frame.shape, dtype=object)
    for j, col in enumerate(frame.columns):
        for i, v in enumerate(frame[col].tolist()):
            try:
                out[i, j] = _exact_cell(v)
            except (ValueError, ZeroDivisionError, InvalidInput):
                raise NonNumericColumn(
                    f"value {v!r} is neither a number nor a fraction p/q; encode it first", row=i, column=str(col)
                ) from None
    return out


def _exact_cell(v: Any) -> Fraction:
    """One CSV cell as an exact rational: "p/q" as written, anything else as the float it denotes."""
    if isinstance(v, str):
        text = v.strip()
        if "/" in text:
            return Fraction(text)  # a rational written out by --arithmetic exact
        v = float(text)
    return as_fraction(to_rational(v))


def minority_mask(labels: Any, minority: str) -> Any:
    """Rows whose label equals ``minority`` (compared as text, so 1, "1" and 1.0 from CSV agree)."""
    text = np.asarray([str(v) for v in labels.tolist()])
    mask = text == str(minority)
    if not mask.any():
        try:
            mask = np.asarray([float(v) == float(minority) for v in labels.tolist()])
        except ValueError:
            pass
    if not mask.any():
        seen = sorted(set(text.tolist()))[:10]
        raise EmptyClass(f"no row has label {minority!r} (labels seen: {', '.join(seen)}); pass --minority")
    return mask


def status(message: str) -> None:
    """A progress line on stderr, only when stderr is a terminal."""
    if sys.stderr.isatty():
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
