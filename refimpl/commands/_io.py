"""Reading and writing tables for the CLI (CSV and ARFF always, Parquet with the ``parquet`` extra).

CSV and ARFF numbers are parsed by ``refimpl.readers`` with Python's ``float()`` (correctly
rounded), never by pandas' own float parser, whose rounding depends on its version.

Conventions shared by every subcommand:

- ``-`` as an input path is standard input (CSV, or ARFF when the text starts with ``@`` or
  ``%``), read through the same exact parsers; ``-o -`` writes CSV to standard output, and the
  command's summary then goes to standard error so that the table stays clean.
- Output paths are checked before any work starts (:func:`check_output`).
- Row numbers in error messages are file rows, 1-based and counting the header line as
  row 1, as a spreadsheet or ``sed -n Np`` shows them (ARFF: "data row N", counted from
  ``@data``); columns are named.
"""

from __future__ import annotations

import io
import math
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from refimpl.errors import InvalidInput, InvalidParameter, NonNumericColumn

T = TypeVar("T")

#: the path that means standard input (for inputs) or standard output (for ``-o``)
STDIO = "-"

#: a progress bar redraws at most this often (seconds): a few hundred bytes per second of stderr
PROGRESS_MININTERVAL = 0.5


def _is_parquet(path: str | Path) -> bool:
    return str(path).lower().endswith((".parquet", ".pq"))


def _is_arff(path: str | Path) -> bool:
    return str(path).lower().endswith(".arff")


def file_row(data_row: int) -> int:
    """The file row (1-based, the header is row 1) of a 0-based data row of a CSV table."""
    return data_row + 2


def _with_file_row(exc: InvalidInput, name: str, *, arff: bool = False) -> InvalidInput:
    """The same error, naming the file, its 0-based data row restated as the file row.

    ARFF has a header of many lines, so there the row is counted from the first ``@data`` row
    ("data row 1"); the ARFF reader's own messages already give file line numbers.
    """
    detail = getattr(exc, "detail", None)
    if exc.row is None or detail is None:
        return type(exc)(f"{name}: {exc}")
    where = f"{name}, data row {int(exc.row) + 1}" if arff else f"{name}, row {file_row(int(exc.row))}"
    if exc.column is not None:
        where += f", column {exc.column!r}" if isinstance(exc.column, str) else f", column {exc.column}"
    out = type(exc)(f"{where}: {detail}")
    out.row, out.column = file_row(int(exc.row)), exc.column
    return out


def read_table(path: str | Path, *, stdin_ok: bool = True) -> Any:
    """A pandas DataFrame from CSV, ARFF or Parquet (or ``-``: standard input), floats exact.

    A missing file, a parser failure, a header with no data rows, or a non-finite number is an
    InvalidInput that names the file row and the column.
    """
    import pandas as pd

    from refimpl.readers import read_arff, read_csv_exact

    name = "standard input" if str(path) == STDIO else repr(str(path))
    arff = False
    try:
        if str(path) == STDIO:
            if not stdin_ok:
                raise InvalidParameter("only one input can be '-' (standard input); save the other to a file")
            text = sys.stdin.read()
            if not text.strip():
                raise InvalidInput("standard input is empty; pipe a CSV table with a header line")
            src = io.StringIO(text)
            arff = text.lstrip()[:1] in ("@", "%")
            frame = read_arff(src) if arff else read_csv_exact(src)
        else:
            p = Path(path)
            if not p.exists():
                raise InvalidInput(f"input file {str(p)!r} does not exist; check the path")
            if p.is_dir():
                raise InvalidInput(f"input {str(p)!r} is a directory; pass a CSV, ARFF or Parquet file")
            if _is_parquet(p):
                try:
                    import pyarrow  # noqa: F401
                except ImportError as exc:
                    raise InvalidParameter(
                        "reading Parquet needs pyarrow: pip install 'smote-refimpl[parquet]', or pass a CSV file"
                    ) from exc
                frame = pd.read_parquet(p)  # binary64 stored bit for bit: no parsing
            elif _is_arff(p):
                arff = True
                frame = read_arff(p)
            else:
                if p.stat().st_size == 0:
                    raise InvalidInput(f"input file {str(p)!r} is empty; it needs a header line and data rows")
                frame = read_csv_exact(p)
    except InvalidInput as exc:
        raise _with_file_row(exc, name, arff=arff) from None
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        if isinstance(exc, (InvalidParameter, InvalidInput)):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidInput(f"cannot read {name}: {first}") from None
    if len(frame.columns) == 0:
        raise InvalidInput(f"{name} has no columns; it needs a header line and data rows")
    if len(frame) == 0:
        raise InvalidInput(f"{name} has a header but no data rows")
    _check_finite(frame, name)
    return frame


def _check_finite(frame: Any, name: str) -> None:
    """Refuse NaN/inf in numeric columns (Parquet stores them; the text readers refuse them already)."""
    import numpy as np

    for c in frame.columns:
        col = frame[c]
        if col.dtype.kind == "f":
            bad = np.flatnonzero(~np.isfinite(col.to_numpy()))
            if len(bad):
                i = int(bad[0])
                raise InvalidInput(
                    f"{name}, row {file_row(i)}, column {str(c)!r}: value '{float(col.iloc[i])!r}' is not finite; "
                    "SMOTE data must be finite"
                )


def numeric_features(frame: Any, name: str = "the input") -> Any:
    """The features as float64, or a NonNumericColumn naming the first non-number by file row and column."""
    import numpy as np

    for c in frame.columns:
        if frame[c].dtype.kind not in "iuf":
            for pos, v in enumerate(frame[c].tolist()):
                try:
                    if math.isfinite(float(v)):
                        continue
                except (TypeError, ValueError):
                    pass
                raise NonNumericColumn(
                    f"value {str(v)!r} is not a number; features must be numeric (encode text columns first)",
                    row=file_row(pos), column=str(c),
                )
    return frame.to_numpy(dtype=np.float64)


def check_output(path: str | None, *, what: str = "output") -> None:
    """Before any work: the output path is writable (``-`` is standard output), else InvalidParameter.

    A missing directory, a directory given as the file, or a place without write permission
    is reported at once, in one line, rather than after the computation.
    """
    if path is None or str(path) == STDIO:
        return
    p = Path(path)
    if p.is_dir():
        raise InvalidParameter(f"{what} path {str(p)!r} is a directory; give a file name, e.g. {str(p / 'out.csv')!r}")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise InvalidParameter(f"{what} directory {str(parent)!r} does not exist; create it or choose another path")
    if not parent.is_dir():
        raise InvalidParameter(f"{what} path {str(p)!r}: {str(parent)!r} is not a directory")
    target = p if p.exists() else parent
    if not os.access(target, os.W_OK):
        raise InvalidParameter(f"{what} path {str(p)!r} is not writable; choose another path or fix the permissions")


def check_outputs(*pairs: tuple[str | None, str]) -> None:
    """check_output for each (path, what); at most one of them may be ``-`` (standard output)."""
    dashes = [what for path, what in pairs if path is not None and str(path) == STDIO]
    if len(dashes) > 1:
        raise InvalidParameter(f"only one output can be '-' (standard output), got {' and '.join(dashes)}")
    for path, what in pairs:
        check_output(path, what=what)


def summary_stream(*outputs: str | None) -> Any:
    """Where the human or JSON summary goes: stderr when a table is written to stdout, else stdout."""
    return sys.stderr if any(o is not None and str(o) == STDIO for o in outputs) else sys.stdout


def write_table(frame: Any, path: str | Path) -> None:
    """Write a DataFrame as CSV or Parquet (by extension; ``-``: CSV on stdout); floats keep every bit."""
    if str(path) == STDIO:
        # pandas writes floats with repr(), the shortest string that round-trips exactly.
        frame.to_csv(sys.stdout, index=False)
        return
    if _is_parquet(path):
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise InvalidParameter("writing Parquet needs pyarrow: pip install 'smote-refimpl[parquet]', or use .csv") from exc
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)


def write_text(text: str, path: str | Path) -> None:
    """Write text to a file, or to stdout for ``-``."""
    if str(path) == STDIO:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        Path(path).write_text(text, encoding="utf-8")


def split_target(frame: Any, target: str) -> tuple[Any, Any]:
    """(features, labels) of a DataFrame; a missing target column is an InvalidInput."""
    if target not in frame.columns:
        raise InvalidInput(
            f"target column {target!r} is not in the file; columns are {[str(c) for c in frame.columns]}"
        )
    X = frame.drop(columns=[target])
    if len(X.columns) == 0:
        raise InvalidInput(f"the file has only the target column {target!r}; it needs feature columns too")
    return X, frame[target]


def progress(items: Iterable[T], *, total: int | None = None, label: str = "") -> Iterator[T]:
    """Yield items with a tqdm bar (rate and ETA) on stderr, only when stderr is a terminal.

    The bar redraws at most every :data:`PROGRESS_MININTERVAL` seconds, so a long run writes a
    few hundred bytes a second to the terminal, not a line per item.
    """
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=label or None, mininterval=PROGRESS_MININTERVAL,
                    file=sys.stderr, leave=False, dynamic_ncols=True)


class Phases:
    """A phase-by-phase progress bar on stderr (TTY only), for library calls that take no callback.

    ``with Phases("distinguish", ["read", "attack", "write"]) as ph: ...; ph.next("attack")``
    shows the current phase, the elapsed time and the phases' rate and ETA through tqdm.
    """

    def __init__(self, command: str, phases: list[str]):
        self.command = command
        self.phases = phases
        self.bar: Any = None

    def __enter__(self) -> Phases:
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=len(self.phases), desc=f"{self.command}: {self.phases[0]}", unit="phase",
                            mininterval=PROGRESS_MININTERVAL, file=sys.stderr, leave=False, dynamic_ncols=True)
        return self

    def next(self, phase: str) -> None:
        """Mark the current phase done and show ``phase`` as running."""
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_description(f"{self.command}: {phase}")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
