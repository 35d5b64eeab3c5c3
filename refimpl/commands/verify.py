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
from refimpl.commands._options import parse_sampling_strategy
from refimpl.errors import InvalidInput
from refimpl.validate import MODELS, verify_smote

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
    p.add_argument("--model", choices=list(MODELS), default="float64", help="error model (default float64)")
    p.add_argument("--sampling-strategy", default=None,
                   help="check class counts against this imbalanced-learn strategy (auto, 0.5, or LABEL:COUNT,...)")
    p.add_argument("--float32", action="store_true", help="read the features as float32 (imbalanced-learn on float32)")
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

    report = verify_smote(
        _features(Xr, "float64" if args.model == "exact" else args.model, args.float32),
        yr.to_numpy(),
        _features(Xo, args.model, args.float32),
        yo.to_numpy(),
        k=args.k,
        model=args.model,
        sampling_strategy=None if args.sampling_strategy is None else parse_sampling_strategy(args.sampling_strategy, yr),
        progress=bar,
    )
    stream = summary_stream(args.output)
    if args.json:
        full = report.to_dict()
        print(json.dumps({key: v for key, v in full.items() if key != "certificates"}), file=stream)
    else:
        print(report.summary(), file=stream)
    if args.output:
        write_text(report.to_json(indent=1), args.output)
        if args.output != STDIO and not args.json:
            print(f"report written to {args.output}")
    return 0 if report.ok else 1
