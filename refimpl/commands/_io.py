"""Reading and writing tables for the CLI (CSV and ARFF always, Parquet with the ``parquet`` extra).

CSV and ARFF numbers are parsed by ``refimpl.readers`` with Python's ``float()`` (correctly
rounded), never by pandas' own float parser, whose rounding depends on its version.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from refimpl.errors import InvalidInput, InvalidParameter

T = TypeVar("T")


def _is_parquet(path: str | Path) -> bool:
    return str(path).lower().endswith((".parquet", ".pq"))


def _is_arff(path: str | Path) -> bool:
    return str(path).lower().endswith(".arff")


def read_table(path: str | Path) -> Any:
    """A pandas DataFrame from CSV, ARFF or Parquet, floats exact; a missing file or parser failure is an InvalidInput."""
    import pandas as pd

    from refimpl.readers import read_arff, read_csv_exact

    p = Path(path)
    if not p.exists():
        raise InvalidInput(f"input file {str(p)!r} does not exist; check the path")
    try:
        if _is_parquet(p):
            try:
                import pyarrow  # noqa: F401
            except ImportError as exc:
                raise InvalidParameter(
                    "reading Parquet needs pyarrow: pip install 'smote-refimpl[parquet]', or pass a CSV file"
                ) from exc
            return pd.read_parquet(p)  # binary64 stored bit for bit: no parsing
        if _is_arff(p):
            return read_arff(p)
        return read_csv_exact(p)
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        if isinstance(exc, InvalidParameter):
            raise
        raise InvalidInput(f"cannot read {str(p)!r}: {exc}") from exc


def write_table(frame: Any, path: str | Path) -> None:
    """Write a DataFrame as CSV or Parquet (by extension); floats keep every bit (repr round-trip)."""
    if _is_parquet(path):
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise InvalidParameter("writing Parquet needs pyarrow: pip install 'smote-refimpl[parquet]', or use .csv") from exc
        frame.to_parquet(path, index=False)
    else:
        # pandas writes floats with repr(), the shortest string that round-trips exactly.
        frame.to_csv(path, index=False)


def split_target(frame: Any, target: str) -> tuple[Any, Any]:
    """(features, labels) of a DataFrame; a missing target column is an InvalidInput."""
    if target not in frame.columns:
        raise InvalidInput(
            f"target column {target!r} is not in the file; columns are {list(frame.columns)}"
        )
    return frame.drop(columns=[target]), frame[target]


def progress(items: Iterable[T], *, total: int | None = None, label: str = "") -> Iterator[T]:
    """Yield items, drawing a progress bar on stderr only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    width = 30
    for i, item in enumerate(items, 1):
        if total:
            done = int(width * i / total)
            sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (width - done)}] {i}/{total}")
            sys.stderr.flush()
        yield item
    sys.stderr.write("\n")
