"""``smote-refimpl verify``: does OUT.csv have SMOTE's geometry over REAL.csv? Exit 0 yes, 1 no, 2 bad input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from refimpl.commands._io import (
    STDIO,
    check_output,
    numeric_features,
    progress,
    read_table,
    split_target,
    summary_stream,
    write_text,
)
from refimpl.commands._options import add_jobs_argument, parse_sampling_strategy
from refimpl.errors import InvalidInput, InvalidParameter
from refimpl.validate import MODELS, verify_smote
from refimpl.validate.auto import PRESETS, preset, verify_auto
from refimpl.validate.checker import LAYOUTS, METRICS
from refimpl.validate.release import parse_verify_release

#: show a progress bar only when there are at least this many synthetic rows (and stderr is a TTY)
PROGRESS_MIN_ROWS = 10_000


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``verify`` subcommand."""
    p = sub.add_parser(
        "verify",
        help="certify that OUT is SMOTE output of REAL (exit 0 conforms, 1 does not, 2 bad input)",
        description="Certify every synthetic row of OUT (rows after the originals) as x + λ(n − x) "
        "with n in the exact kNN of x, within the chosen rounding model.",
    )
    p.add_argument("real", help="CSV/ARFF/Parquet of the real data (features + target; '-': stdin)")
    p.add_argument("out", help="CSV/ARFF/Parquet of the sampler's output: originals first, then synthetic rows ('-': stdin)")
    p.add_argument("--target", required=True, help="name of the class-label column")
    p.add_argument("--k", type=int, default=5, help="nearest neighbours (default 5)")
    p.add_argument("--model", default=None, metavar="|".join((*MODELS, "auto")),
                   help="error model (default float64; auto: try the known models and say which explains OUT)")
    p.add_argument("--as", dest="preset", default=None, metavar="|".join(PRESETS),
                   help="the options that model a known implementation (explicit options override them)")
    p.add_argument("--layout", default=None, metavar="|".join(LAYOUTS),
                   help="originals-first (default) or any (rows matched to the real rows by value)")
    p.add_argument("--metric", default=None, metavar="|".join(METRICS),
                   help="neighbour metric: euclidean (default) or range-scaled (DMwR / R unbalanced)")
    p.add_argument("--sampling-strategy", default=None,
                   help="check class counts against this imbalanced-learn strategy (auto, 0.5, or LABEL:COUNT,...)")
    p.add_argument("--release", default=None, metavar="none|decimals:N|significant:N|float32",
                   help="how OUT rounded the sampler's values, originals included (Weka ARFF: decimals:6; "
                   "R write.csv: significant:15); default none")
    p.add_argument("--float32", action="store_true", help="read the features as float32 (imbalanced-learn on float32)")
    add_jobs_argument(p)
    p.add_argument("-o", "--output", default=None, help="write the full JSON report here ('-': stdout)")
    p.add_argument("--json", action="store_true",
                   help="print a one-line JSON summary (verdict, checks, status counts) instead of the text")
    p.set_defaults(func=run)


def _features(frame: Any, model: str, float32: bool) -> Any:
    if model == "exact":
        return frame.astype(str).to_numpy(dtype=object) if any(k == "O" for k in frame.dtypes.map(lambda t: t.kind)) else frame.to_numpy()
    numeric_features(frame)  # a text cell is reported by file row and column name
    arr = frame.to_numpy()
    if arr.dtype.kind not in "iuf":
        raise InvalidInput(f"feature columns must be numeric (got dtype {arr.dtype}); use --model exact for 'p/q' text")
    return arr.astype(np.float32) if float32 or model == "float32-mixed" else arr


def run(args: argparse.Namespace) -> int:
    """Run ``verify``; returns the exit code."""
    # every option is checked before any file is read: a bad value exits 2 with one line
    base = preset(args.preset) if args.preset else None
    model = args.model or (base.model if base else "float64")
    if model == "float64" and args.float32 and not args.model:
        model = "float32-mixed"  # a preset's segment model on float32 data is imbalanced-learn's mixed arithmetic
    if model != "auto" and model not in MODELS:
        raise InvalidParameter(f"unknown error model {model!r}; use --model {'|'.join((*MODELS, 'auto'))}")
    release = parse_verify_release(args.release or (base.release if base else "none"))
    layout = args.layout or (base.layout if base else "originals-first")
    metric = args.metric or (base.metric if base else "euclidean")
    if layout not in LAYOUTS:
        raise InvalidParameter(f"unknown layout {layout!r}; use --layout {'|'.join(LAYOUTS)}")
    if metric not in METRICS:
        raise InvalidParameter(f"unknown neighbour metric {metric!r}; use --metric {'|'.join(METRICS)}")
    if model == "auto":
        explicit = {o: v for o, v in (("release", args.release), ("layout", args.layout), ("metric", args.metric)) if v}
        if explicit:
            raise InvalidParameter(f"--model auto chooses {', '.join(explicit)} itself; drop those options or name a model")
    check_output(args.output, what="report")
    real = read_table(args.real)
    out = read_table(args.out, stdin_ok=str(args.real) != STDIO)
    Xr, yr = split_target(real, args.target)
    Xo, yo = split_target(out, args.target)
    if list(Xr.columns) != list(Xo.columns):
        raise InvalidInput(f"REAL has columns {list(Xr.columns)} but OUT has {list(Xo.columns)}; they must match")
    n_syn = len(out) - len(real)
    tty = sys.stderr.isatty() and n_syn >= PROGRESS_MIN_ROWS

    def bar(items: Iterable[Any], total: int, label: str) -> Iterator[Any]:
        return progress(items, total=total, label=label) if tty else iter(items)

    feat_model = "float64" if model in ("exact", "auto", "box") else model
    X_real = _features(Xr, "float64" if model == "exact" else feat_model, args.float32)
    X_out = _features(Xo, model if model == "exact" else feat_model, args.float32)
    strategy = None if args.sampling_strategy is None else parse_sampling_strategy(args.sampling_strategy, yr)
    common: dict[str, Any] = {"k": args.k, "sampling_strategy": strategy, "progress": bar, "n_jobs": args.jobs}
    stream = summary_stream(args.output)
    if model == "auto":
        found = verify_auto(X_real, yr.to_numpy(), X_out, yo.to_numpy(), **common)
        report = found.report
        if not args.json:
            print(f"auto: {found.explanation}", file=stream)
    else:
        report = verify_smote(X_real, yr.to_numpy(), X_out, yo.to_numpy(), model=model, release=release,
                              layout=layout, metric=metric, **common)
    if args.json:
        full = report.to_dict()
        summary = {key: v for key, v in full.items() if key != "certificates"}
        if model == "auto":
            summary["auto"] = found.explanation
        print(json.dumps(summary), file=stream)
    else:
        print(report.summary(), file=stream)
    if args.output:
        write_text(report.to_json(indent=1), args.output)
        if args.output != STDIO and not args.json:
            print(f"report written to {args.output}")
    return 0 if report.ok else 1
