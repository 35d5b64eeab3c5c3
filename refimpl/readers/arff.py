"""A small exact ARFF reader and writer (Weka's format), numeric values through ``float()``.

Weka writes dense ARFF: ``@relation``, one ``@attribute NAME TYPE`` per column (``numeric``,
``real``, ``integer`` or a nominal ``{a,b,...}``; ``string`` read as text), then ``@data`` with
one comma-separated row per line, ``%`` comments. Numeric cells are converted with Python's
``float()`` (correctly rounded), so the reader adds no rounding of its own; Weka itself rounds
what it writes (``Utils.doubleToString(v, 6)`` in 3.6: six decimals, read from its bytecode), and that is
a release model for ``verify``, not something a reader should hide. Sparse rows (``{i v,...}``)
and missing values (``?``) are refused with a named error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO, Any

import numpy as np

from refimpl.errors import InvalidInput
from refimpl.readers.csv_exact import parse_float_cell

_NUMERIC = {"numeric", "real", "integer"}


def _split_attribute(line: str, lineno: int) -> tuple[str, str]:
    rest = line[len("@attribute"):].strip()
    if not rest:
        raise InvalidInput(f"line {lineno}: '@attribute' without a name; expected '@attribute NAME TYPE'")
    if rest[0] in "'\"":
        q = rest[0]
        end = rest.find(q, 1)
        if end < 0:
            raise InvalidInput(f"line {lineno}: unterminated quoted attribute name")
        return rest[1:end], rest[end + 1:].strip()
    parts = rest.split(None, 1)
    if len(parts) < 2:
        raise InvalidInput(f"line {lineno}: attribute {parts[0]!r} has no type; expected '@attribute NAME TYPE'")
    return parts[0], parts[1].strip()


def _cells(line: str) -> list[str]:
    return next(csv.reader([line], skipinitialspace=True, quotechar="'", escapechar="\\"))


def read_arff(source: str | Path | IO[str]) -> Any:
    """A DataFrame of a dense ARFF file: numeric attributes as float() of each cell, nominal ones as text."""
    import pandas as pd

    if isinstance(source, (str, Path)):
        p = Path(source)
        if not p.exists():
            raise InvalidInput(f"input file {str(p)!r} does not exist; check the path")
        text = p.read_text()
    else:
        text = source.read()
    names: list[str] = []
    kinds: list[str] = []
    rows: list[list[str]] = []
    in_data = False
    for lineno, raw in enumerate(io.StringIO(text), 1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        low = line.lower()
        if not in_data:
            if low.startswith("@relation"):
                continue
            if low.startswith("@attribute"):
                name, typ = _split_attribute(line, lineno)
                tl = typ.lower()
                names.append(name)
                kinds.append("numeric" if tl in _NUMERIC else "nominal" if typ.startswith("{") else
                             "string" if tl == "string" else "unsupported:" + typ)
                continue
            if low.startswith("@data"):
                in_data = True
                continue
            raise InvalidInput(f"line {lineno}: {line[:40]!r} is not ARFF; expected @relation, @attribute or @data")
        if line.startswith("{"):
            raise InvalidInput(f"line {lineno}: sparse ARFF rows are not supported; save the data as dense ARFF or CSV")
        cells = _cells(line)
        if len(cells) != len(names):
            raise InvalidInput(f"line {lineno}: {len(cells)} values but {len(names)} attributes; fix the row")
        rows.append(cells)
    if not names or not in_data:
        raise InvalidInput("no '@attribute' and '@data' sections; this is not an ARFF file")
    cols: dict[str, Any] = {}
    for j, (name, kind) in enumerate(zip(names, kinds)):
        if kind.startswith("unsupported:"):
            raise InvalidInput(f"attribute type {kind.split(':', 1)[1]!r} is not supported; use numeric or nominal", column=name)
        vals = [r[j] for r in rows]
        for i, v in enumerate(vals):
            if v.strip() == "?":
                raise InvalidInput("missing value '?'; SMOTE input must be complete", row=i, column=name)
        if kind == "numeric":
            cols[name] = np.array([parse_float_cell(v, row=i, column=name) for i, v in enumerate(vals)], dtype=np.float64)
        else:
            cols[name] = np.array(vals, dtype=object)
    return pd.DataFrame(cols, columns=names)


def _quote(v: str) -> str:
    return "'" + v.replace("'", "\\'") + "'" if any(ch in v for ch in ",' {}%") else v


def write_arff(frame: Any, path: str | Path, *, relation: str = "data", nominal: tuple[str, ...] = ()) -> None:
    """Write a DataFrame as dense ARFF; floats with repr() (round-trips: Java's parser is correctly rounded).

    Columns named in ``nominal`` (and every non-numeric column) become nominal attributes.
    """
    lines = [f"@relation {_quote(relation)}", ""]
    kinds: list[bool] = []
    for c in frame.columns:
        col = frame[c]
        is_num = c not in nominal and col.dtype.kind in "iuf"
        kinds.append(is_num)
        if is_num:
            lines.append(f"@attribute {_quote(str(c))} numeric")
        else:
            levels = sorted({str(v) for v in col.tolist()})
            lines.append(f"@attribute {_quote(str(c))} {{{','.join(_quote(v) for v in levels)}}}")
    lines += ["", "@data"]
    cols = [frame[c].tolist() for c in frame.columns]
    for i in range(len(frame)):
        lines.append(",".join(repr(float(col[i])) if num else _quote(str(col[i])) for col, num in zip(cols, kinds)))
    Path(path).write_text("\n".join(lines) + "\n")
