"""Display plumbing shared by every result object: a short repr, an HTML table, labelled frames.

Every result object also has ``summary()``, a JSON-ready dict (the attacks' and the
checker's own summaries take precedence). A result of this package can hold hundreds of thousands of certificates, each with exact
rational λ bounds of several hundred digits. Printed in a notebook, the generated dataclass
repr of such an object ran to 381,497 characters on ecoli. `ResultDisplay` replaces it by a
one-line headline (at most `MAX_REPR` characters) built from the object's scalar fields and
the sizes of its containers, and adds an HTML table (the headline, then the first rows of
``to_frame()``) for Jupyter.

The attacks and the checker receive arrays or DataFrames and work with row positions. The
public entry points are wrapped by `keeps_input_labels`, which records the DataFrame's index
labels and column names (no copy: the pandas Index objects themselves) on the result, so that
``to_frame()`` can show them.

The λ bounds stay exact "p/q" strings; `add_float_lambdas` puts a float column beside each,
rounded *outward* (the lower bound toward −∞, the upper toward +∞, `refimpl.fpformat`), so
the float interval always contains the exact one.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import inspect
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, ParamSpec, TypeVar

import numpy as np

from refimpl.fpformat import float_down, float_up

#: the longest repr a result may print (characters)
MAX_REPR = 300
#: rows of ``to_frame()`` shown by ``_repr_html_``
HTML_ROWS = 10
#: the attribute that holds the recorded input labels (not a dataclass field: equality and
#: ``dataclasses.replace`` ignore it)
_LABELS_ATTR = "_input_labels"

P = ParamSpec("P")
R = TypeVar("R")


@dataclasses.dataclass(frozen=True)
class InputLabels:
    """The index labels and column names of one input table (None for a plain array)."""

    index: Any = None
    columns: tuple[Any, ...] | None = None

    def row_labels(self, positions: Sequence[int] | np.ndarray) -> Any:
        """The index labels of the given row positions, or None when the input had none."""
        if self.index is None:
            return None
        return self.index[np.asarray(positions, dtype=np.intp)]

    @property
    def index_name(self) -> Any:
        """The name of the input's index (None when unnamed or absent)."""
        return getattr(self.index, "name", None)


def input_labels(X: Any) -> InputLabels:
    """The index labels and column names of X when it is a DataFrame, else empty labels."""
    index = getattr(X, "index", None)
    columns = getattr(X, "columns", None)
    if index is None or columns is None:
        return InputLabels()
    return InputLabels(index=index, columns=tuple(columns))


def keeps_input_labels(**roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a public entry point: record ``input_labels`` of the named arguments on its result.

    ``@keeps_input_labels(rows="X")`` stores the labels of argument ``X`` under the role
    ``rows``; the result reads them back with `labels_of`. The function body is untouched.
    """

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        sig = inspect.signature(func)

        @functools.wraps(func)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            result = func(*args, **kwargs)
            bound = sig.bind_partial(*args, **kwargs)
            labels = {role: input_labels(bound.arguments.get(arg)) for role, arg in roles.items()}
            object.__setattr__(result, _LABELS_ATTR, labels)  # frozen dataclasses too
            return result

        return inner

    return wrap


def labels_of(result: Any, role: str = "rows") -> InputLabels:
    """The labels recorded for ``role`` by `keeps_input_labels` (empty labels when none were)."""
    labels: Mapping[str, InputLabels] = getattr(result, _LABELS_ATTR, None) or {}
    return labels.get(role, InputLabels())


def label_rows(frame: Any, result: Any, positions: Sequence[int] | np.ndarray, role: str = "rows") -> Any:
    """Set ``frame``'s index to the input's labels of ``positions`` (kept as is without labels)."""
    labels = labels_of(result, role)
    values = labels.row_labels(positions)
    if values is not None:
        frame.index = values
        frame.index.name = labels.index_name
    return frame


def add_label_columns(frame: Any, result: Any, columns: Sequence[str], role: str = "rows") -> Any:
    """Beside each position column (``-1``/None: none), a ``<col>_label`` column with the input's label of that row.

    Only when the input of ``role`` had index labels; the position columns stay as they are.
    """
    index = labels_of(result, role).index
    if index is None:
        return frame
    for col in columns:
        if col not in frame.columns:
            continue
        vals = [index[int(v)] if v is not None and v == v and int(v) >= 0 else None for v in frame[col].tolist()]
        # object dtype whatever the labels: a frame's dtypes must not depend on which rows it holds
        import pandas as pd

        labels = pd.Series(vals, index=frame.index, dtype=object)
        frame.insert(list(frame.columns).index(col) + 1, f"{col}_label", labels)
    return frame


def add_float_lambdas(frame: Any, lo: str = "lambda_lo", hi: str = "lambda_hi") -> Any:
    """Insert ``lambda_lo_float`` / ``lambda_hi_float`` after the exact "p/q" columns, rounded outward.

    The lower bound is rounded toward −∞ and the upper toward +∞ (`refimpl.fpformat.float_down`
    / `float_up`, exact comparisons), so [lo_float, hi_float] contains the exact interval. A row
    with neither bound has no interval (NaN, NaN); a row with one bound only is unbounded on
    the other side (−∞ or +∞).
    """
    if lo not in frame.columns or hi not in frame.columns:
        return frame

    def bound(v: Any) -> Fraction | None:
        return Fraction(v) if isinstance(v, str) and v else None

    los, his = [], []
    for a, b in zip(frame[lo].tolist(), frame[hi].tolist(), strict=True):
        qa, qb = bound(a), bound(b)
        if qa is None and qb is None:
            los.append(float("nan"))
            his.append(float("nan"))
            continue
        los.append(-np.inf if qa is None else float_down(qa))
        his.append(np.inf if qb is None else float_up(qb))
    frame.insert(list(frame.columns).index(lo) + 1, f"{lo}_float", np.asarray(los, dtype=np.float64))
    frame.insert(list(frame.columns).index(hi) + 1, f"{hi}_float", np.asarray(his, dtype=np.float64))
    return frame


def round_seconds(seconds: Mapping[str, float]) -> dict[str, float]:
    """Seconds per phase rounded to 0.1 ms, as every summary reports them."""
    return {k: round(v, 4) for k, v in seconds.items()}


# ---------------------------------------------------------------------------------------
# The headline: scalar fields and container sizes
# ---------------------------------------------------------------------------------------


def _fields(obj: Any) -> list[tuple[str, Any]]:
    if dataclasses.is_dataclass(obj):
        return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr]
    if hasattr(obj, "_asdict"):  # NamedTuple
        return list(obj._asdict().items())
    return []


def _short(value: Any) -> str | None:
    """A few characters for one field value (None: leave the field out)."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return repr(bool(value)) if value is not None else "None"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    if isinstance(value, Fraction):
        text = str(value)
        return text if len(text) <= 24 else f"{float(value):.6g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "…")
    if isinstance(value, np.ndarray):
        return f"<array {'×'.join(map(str, value.shape))}>"
    if isinstance(value, Mapping):
        return f"<{len(value)} entries>"
    if isinstance(value, (list, tuple)):
        return f"<{len(value)} items>"
    if hasattr(value, "shape"):
        return f"<{type(value).__name__} {'×'.join(map(str, value.shape))}>"
    return f"<{type(value).__name__}>"


def headline(obj: Any) -> dict[str, str]:
    """Field name → short text, in field order: the content of the repr and of the HTML header."""
    extra = getattr(obj, "_headline_extra", None)
    out: dict[str, str] = {}
    if callable(extra):
        out.update({k: _short(v) or "" for k, v in extra().items()})
    for name, value in _fields(obj):
        if name.startswith("_") or name in out:
            continue
        text = _short(value)
        if text is not None:
            out[name] = text
    return out


def result_repr(obj: Any) -> str:
    """``Name(field=value, …)``: scalars in full, containers by size, cut to `MAX_REPR` characters."""
    name = type(obj).__name__
    parts: list[str] = []
    used = len(name) + 2
    items = list(headline(obj).items())
    for k, v in items:
        part = f"{k}={v}"
        if used + len(part) + 2 > MAX_REPR - 3:
            parts.append("…")
            break
        parts.append(part)
        used += len(part) + 2
    return f"{name}({', '.join(parts)})"


def _frame_or_none(obj: Any) -> Any:
    preview = getattr(obj, "_preview_frame", None)
    if callable(preview):  # a large result builds only the rows shown
        return preview(HTML_ROWS)
    to_frame = getattr(obj, "to_frame", None)
    if not callable(to_frame):
        return None
    try:
        return to_frame()
    except TypeError:  # to_frame needs arguments: no table
        return None


def _cell(v: Any) -> Any:
    """A table cell for the preview: long text (exact "p/q" bounds) cut; ``to_frame()`` has it whole."""
    return v[:29] + "…" if isinstance(v, str) and len(v) > 30 else v


def result_html(obj: Any) -> str:
    """An HTML table: the headline, then the first `HTML_ROWS` rows of ``to_frame()`` if any."""
    name = html.escape(type(obj).__name__)
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>{html.escape(v)}</td></tr>"
        for k, v in headline(obj).items()
    )
    out = f"<div><strong>{name}</strong><table>{rows}</table>"
    frame = _frame_or_none(obj)
    if frame is not None:
        n = getattr(frame, "attrs", {}).get("total_rows", len(frame))
        head = frame.head(HTML_ROWS).map(_cell)
        out += head.to_html(max_cols=12)
        if n > HTML_ROWS:
            out += f"<p>first {HTML_ROWS} of {n} rows; <code>.to_frame()</code> has them all</p>"
    return out + "</div>"


def _plain(value: Any) -> Any:
    """A JSON-ready form of one field: scalars as themselves (Fractions as exact "p/q"), containers by size."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, Mapping) and len(value) <= 16 and all(
        isinstance(v, (bool, int, float, str, np.generic)) for v in value.values()
    ):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "__len__"):
        return len(value)
    return type(value).__name__


def result_summary(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict: derived figures first, then every field (containers by their size)."""
    extra = getattr(obj, "_headline_extra", None)
    out: dict[str, Any] = {k: _plain(v) for k, v in extra().items()} if callable(extra) else {}
    for name, value in _fields(obj):
        if not name.startswith("_") and name not in out:
            out[name] = _plain(value)
    return out


class ResultDisplay:
    """Mixin for result dataclasses: a repr of < `MAX_REPR` characters and ``_repr_html_``.

    Use it with ``@dataclass(repr=False)`` (a generated repr would replace this one). A class
    may define ``_headline_extra()`` returning derived figures (counts, …) shown first (in the
    repr, the HTML table and the default ``summary()``), and
    ``_preview_frame(n)`` returning the first n rows of ``to_frame()`` (with
    ``attrs["total_rows"]``) when building the whole frame would be slow.
    """

    __repr__ = result_repr

    def _repr_html_(self) -> str:
        return result_html(self)

    def summary(self) -> Any:
        """A JSON-ready dict of the result's figures (classes with a summary of their own override it)."""
        return result_summary(self)


__all__ = [
    "HTML_ROWS",
    "MAX_REPR",
    "InputLabels",
    "ResultDisplay",
    "add_float_lambdas",
    "add_label_columns",
    "headline",
    "input_labels",
    "keeps_input_labels",
    "label_rows",
    "labels_of",
    "result_html",
    "result_repr",
    "result_summary",
    "round_seconds",
]
