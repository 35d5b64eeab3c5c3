"""Shared helpers of the attack subcommands (``distinguish``, ``reconstruct``)."""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Any

import numpy as np

from refimpl.commands._io import file_row
from refimpl.commands._options import add_jobs_argument
from refimpl.errors import AmbiguousMinority, EmptyClass, InvalidInput, InvalidParameter, NonNumericColumn
from refimpl.exact.rational import as_fraction, to_rational

#: the one --minority rule of every subcommand (distinguish, reconstruct, dp)
MINORITY_HELP = (
    "label of the oversampled class (default: the least frequent class, printed; when classes "
    "tie, as on 1:1 SMOTE output, there is no default: pass it)"
)


#: the help of ``--categorical-features`` (both attack subcommands)
CATEGORICAL_HELP = (
    "comma-separated feature columns (names, or 0-based positions among the features) that SMOTENC/SMOTEN "
    "filled with a neighbour's category; they may hold strings. The attack runs on the other columns"
)


def categorical_columns(X: Any, spec: str | None) -> list[int]:
    """Positions among the feature columns named by ``--categorical-features`` (names first, then 0-based positions)."""
    if spec is None:
        return []
    names = [str(c) for c in X.columns]
    out: list[int] = []
    for tok in (t.strip() for t in spec.split(",")):
        if tok in names:
            out.append(names.index(tok))
        elif tok.lstrip("-").isdigit() and -len(names) <= int(tok) < len(names):
            out.append(int(tok) % len(names))
        else:
            raise InvalidParameter(
                f"--categorical-features: {tok!r} is neither a feature column ({', '.join(names[:8])}"
                f"{' …' if len(names) > 8 else ''}) nor a position 0 … {len(names) - 1}"
            )
    if len(set(out)) != len(out):
        raise InvalidParameter(f"--categorical-features names a column twice: {spec!r}")
    return sorted(out)


def add_attack_arguments(p: Any) -> None:
    """The options both attack subcommands take."""
    p.add_argument("--minority", default=None, help=MINORITY_HELP)
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
    add_jobs_argument(p)


def features(frame: Any) -> Any:
    """The feature columns as floats, or as exact Fractions when a column holds "p/q" strings.

    ``smote-refimpl resample --arithmetic exact`` writes rationals as strings; they are read
    back exactly, so that the exact kernel decides on the true values. A "p/q" string is that
    rational; a number, or a decimal string, is the float it denotes, converted exactly (never
    through its decimal text, which is a different number: ``Fraction("0.1") != 0.1``).
    """
    if all(dt.kind in "iuf" for dt in frame.dtypes):
        return frame.to_numpy(dtype=np.float64)
    # the frame may be a subset of the file (the minority rows): report the file's own row
    positions = frame.index.to_numpy() if frame.index.dtype.kind in "iu" else np.arange(len(frame))
    out = np.empty(frame.shape, dtype=object)
    for j, col in enumerate(frame.columns):
        for i, v in enumerate(frame[col].tolist()):
            try:
                out[i, j] = _exact_cell(v)
            except (ValueError, ZeroDivisionError, InvalidInput):
                raise NonNumericColumn(
                    f"value {str(v)!r} is neither a number nor a fraction p/q; encode it first, or name its "
                    "column in --categorical-features if SMOTENC or SMOTEN filled it",
                    row=file_row(int(positions[i])), column=str(col),
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


def choose_minority(labels: Any, requested: str | None, *, single_ok: bool = False) -> tuple[Any, str]:
    """(label, note): the requested class, or by default the least frequent one; a tie raises AmbiguousMinority.

    A tie is the usual case on augmented data balanced 1:1, where counts cannot tell which
    class was oversampled; any rule (smallest, largest label) would be a guess that is wrong
    on some data, so the caller must name the class. The library's `require_minority` is the
    same rule.

    ``requested`` is compared as text, then as a number (so 1, "1" and 1.0 from CSV agree). The
    note says which rule chose the class; the caller prints it. With ``single_ok`` (synthetic-only
    rows) a target with one class names that class.
    """
    values, counts = np.unique(np.asarray(labels.tolist(), dtype=object).astype(str), return_counts=True)
    raw = labels.tolist()
    if len(values) < 2 and requested is None:
        if not single_ok:
            raise InvalidInput(f"the target has one class only ({str(values[0])!r}); there is no minority class")
        return raw[0], f"class {str(values[0])!r} (the only class)"
    if requested is not None:
        mask = np.asarray([str(v) for v in raw]) == str(requested)
        if not mask.any():
            try:
                mask = np.asarray([float(v) == float(requested) for v in raw])
            except ValueError:
                pass
        if not mask.any():
            seen = ", ".join(values.tolist()[:10])
            raise EmptyClass(f"no row has label {requested!r} (labels seen: {seen}); pass --minority LABEL")
        label = raw[int(np.flatnonzero(mask)[0])]
        return label, f"minority class {str(label)!r} ({int(mask.sum())} rows, from --minority)"
    least = int(counts.min())
    tied = sorted((t for t, c in zip(values.tolist(), counts.tolist()) if c == least), key=_label_key)
    if len(tied) > 1:
        shown = ", ".join(repr(t) for t in tied[:5]) + (", …" if len(tied) > 5 else "")
        raise AmbiguousMinority(
            f"classes {shown} tie at {least} rows each (as SMOTE's 1:1 output does), so the least "
            "frequent class does not say which was oversampled; pass --minority LABEL"
        )
    label = next(v for v in raw if str(v) == tied[0])
    return label, f"minority class {tied[0]!r} (the least frequent, {least} rows)"


def _label_key(text: str) -> tuple[int, float, str]:
    """Labels order numerically when they are numbers (2 before 10), else as text; numbers first."""
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)


def minority_mask(labels: Any, label: Any) -> Any:
    """Rows whose label equals ``label`` (a value of ``labels``, as chosen by :func:`choose_minority`)."""
    text = np.asarray([str(v) for v in labels.tolist()])
    mask = text == str(label)
    if not mask.any():
        raise InvalidParameter(f"no row has label {label!r}; pass --minority LABEL")
    return mask


LABEL_MAX_CLASSES = 20
"""A column with at most this many distinct integer or text values looks like a class label."""


def looks_like_label(column: Any) -> bool:
    """True when a column holds integers or text with few distinct values (at most LABEL_MAX_CLASSES, and fewer than half the rows)."""
    kind = column.dtype.kind
    if kind not in "iuOSUb":
        return False
    distinct = column.nunique()
    return bool(2 <= distinct <= LABEL_MAX_CLASSES and distinct * 2 <= len(column))


def decimals_of(values: Any) -> int | None:
    """The fewest decimals P <= 8 such that every finite float equals its own rounding to P decimals, else None."""
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.size == 0:
        return None
    for p in range(0, 9):
        if np.array_equal(np.round(arr, p), arr):
            return p
    return None


def warn(message: str) -> None:
    """A one-line warning on stderr (always, TTY or not): a result that would look plausible and be wrong."""
    sys.stderr.write(f"smote-refimpl: warning: {message}\n")
    sys.stderr.flush()
