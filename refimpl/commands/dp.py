"""``smote-refimpl dp``: release a DP synthetic minority class and print its privacy statement.

BOUNDS.json gives public domain bounds for every feature column, chosen without looking at
the data, in one of two forms::

    {"columns": {"a": [-1, 1], "b": [0, 10]}}
    [[-1, 1], [0, 10]]

The first names the columns (all feature columns, no others); the second lists pairs in
the order of the feature columns (the target column excluded). A record outside its
bounds is an error, never clipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from refimpl.commands._attack_io import MINORITY_HELP, choose_minority
from refimpl.commands._io import (
    STDIO,
    Phases,
    check_output,
    numeric_features,
    read_table,
    split_target,
    summary_stream,
    write_table,
)
from refimpl.dp.statement import PIPELINES, DPRelease
from refimpl.errors import InvalidParameter, SeededRandomnessWarning

BOUNDS_HELP = (
    'public bounds per feature, JSON: {"columns": {"name": [lo, hi], ...}} or a list of [lo, hi] '
    "in feature-column order (required: DP needs bounds chosen without looking at the data)"
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``dp`` subcommand."""
    p = sub.add_parser(
        "dp",
        help="release a differentially private synthetic minority class (three pipelines)",
        description=(
            "Release synthetic minority rows with differential privacy and print the privacy statement. "
            "The output holds the other classes unchanged (they are not protected) and the synthetic "
            "minority rows in place of the real ones."
        ),
    )
    p.add_argument("input", help="CSV, ARFF or Parquet file with features and a target column ('-': stdin)")
    p.add_argument("--target", required=True, help="name of the class-label column")
    p.add_argument("--epsilon", type=float, default=None, help="privacy budget ε > 0 (required)")
    p.add_argument("--bounds", default=None, help=BOUNDS_HELP + "; '-': stdin")
    p.add_argument("--pipeline", choices=PIPELINES, default=None, help="which pipeline (required)")
    p.add_argument(
        "--calibration",
        choices=["sound", "claimed"],
        default=None,
        help="smote-then-dp only: 'sound' (default; fan-out accounted for) or 'claimed' (NOT DP)",
    )
    p.add_argument("--fanout", choices=["worst", "stone"], default="worst", help="smote-then-dp sound: C = m or Stone's bound")
    p.add_argument("--delta", type=float, default=0.0, help="smote-then-dp with --fanout stone: δ for the base load")
    p.add_argument("--minority", default=None, help=MINORITY_HELP)
    p.add_argument("--n-synthetic", type=int, default=None, help="synthetic rows (default: balance the classes)")
    p.add_argument("--k", type=int, default=5, help="nearest neighbours (default 5)")
    p.add_argument("--bins", type=int, default=None, help="histogram pipelines: grid cells per feature")
    p.add_argument("--seed", type=int, default=None, help="TESTING ONLY: reproducible noise (warns)")
    p.add_argument("--synthetic-only", action="store_true", help="write only the synthetic minority rows")
    p.add_argument("-o", "--output", default=None, help="where to write the released table (required; '-': stdout)")
    p.add_argument("--json", action="store_true", help="print a one-line JSON summary (statement, counts, class)")
    p.set_defaults(func=run)


def read_bounds(path: str, columns: list[str]) -> list[tuple[float, float]]:
    """(lo, hi) per feature column from BOUNDS.json; every problem is an InvalidParameter saying what to fix."""
    p = Path(path)
    if path != STDIO and not p.exists():
        example = json.dumps({"columns": {c: [-1, 1] for c in columns[:2]}})
        raise InvalidParameter(
            f"bounds file {path!r} does not exist; write public bounds for every feature, e.g. {example}"
        )
    try:
        spec = json.loads(sys.stdin.read() if path == STDIO else p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidParameter(f"bounds file {path!r} is not valid JSON ({exc}); see --help for the format") from exc
    if isinstance(spec, dict):
        cols = spec.get("columns")
        if not isinstance(cols, dict):
            raise InvalidParameter(f'bounds file {path!r}: expected {{"columns": {{"name": [lo, hi], ...}}}}')
        missing = [c for c in columns if c not in cols]
        extra = [c for c in cols if c not in columns]
        if missing:
            raise InvalidParameter(f"bounds file {path!r} has no bounds for column(s) {missing}; add \"name\": [lo, hi]")
        if extra:
            raise InvalidParameter(f"bounds file {path!r} names column(s) {extra} that are not features of the input")
        pairs = [cols[c] for c in columns]
    elif isinstance(spec, list):
        if len(spec) != len(columns):
            raise InvalidParameter(
                f"bounds file {path!r} lists {len(spec)} pairs for {len(columns)} feature columns {columns}"
            )
        pairs = spec
    else:
        raise InvalidParameter(f"bounds file {path!r}: expected a JSON object or list; see --help for the format")
    out = []
    for name, pair in zip(columns, pairs):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair)
        ):
            raise InvalidParameter(f"bounds for column {name!r} must be [lo, hi] numbers, got {pair!r}")
        out.append((pair[0], pair[1]))
    return out


def _require(args: argparse.Namespace) -> None:
    if args.epsilon is None:
        raise InvalidParameter("--epsilon E is required (the privacy budget, e.g. --epsilon 1)")
    if args.bounds is None:
        raise InvalidParameter(f"--bounds BOUNDS.json is required: {BOUNDS_HELP}")
    if args.pipeline is None:
        raise InvalidParameter(f"--pipeline is required: one of {', '.join(PIPELINES)}")
    if args.output is None:
        raise InvalidParameter("-o OUT.csv is required: where to write the released table")
    if args.input == STDIO and args.bounds == STDIO:
        raise InvalidParameter("only one of INPUT and --bounds can be '-' (standard input); save the other to a file")
    if args.calibration is not None and args.pipeline != "smote-then-dp":
        raise InvalidParameter("--calibration applies to --pipeline smote-then-dp only")


def run(args: argparse.Namespace) -> int:
    """Run ``dp``; returns the exit code."""
    _require(args)
    check_output(args.output)
    with Phases("dp", ["read", args.pipeline, "write"]) as ph:
        return _release(args, ph)


def _release(args: argparse.Namespace, ph: Phases) -> int:
    frame = read_table(args.input)
    X, y = split_target(frame, args.target)
    columns = [str(c) for c in X.columns]
    bounds = read_bounds(args.bounds, columns)
    label, note = choose_minority(y, args.minority)
    label = label.item() if isinstance(label, np.generic) else label
    is_min = np.asarray([str(v) for v in y.tolist()]) == str(label)
    X_min = numeric_features(X)[is_min]
    ph.next(args.pipeline)
    n_syn = args.n_synthetic
    if n_syn is None:
        n_syn = int(np.max(np.unique(np.asarray(y), return_counts=True)[1])) - int(is_min.sum())
        n_syn = max(n_syn, 1)
    common: dict[str, Any] = {"epsilon": args.epsilon, "bounds": bounds, "n_synthetic": n_syn, "k": args.k, "seed": args.seed}
    # imported here: the options above need only the names, and --help stays fast
    from refimpl.dp.pipelines import dp_smote, dp_then_smote, smote_then_dp

    release: DPRelease
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SeededRandomnessWarning)
        if args.pipeline == "smote-then-dp":
            release = smote_then_dp(
                X_min, calibration=args.calibration or "sound", fanout=args.fanout, delta=args.delta, **common
            )
        elif args.pipeline == "dp-then-smote":
            release = dp_then_smote(X_min, bins=args.bins, **common)
        else:
            release = dp_smote(X_min, bins=args.bins, **common)
    if args.seed is not None:
        print(
            f"smote-refimpl: warning: --seed {args.seed} makes the noise reproducible: for testing only, never release it",
            file=sys.stderr,
        )
    import pandas as pd

    ph.next("write")
    syn = pd.DataFrame(release.X, columns=X.columns)
    syn[args.target] = label
    if args.synthetic_only:
        out = syn
    else:
        rest = frame[~is_min]
        out = pd.concat([rest, syn[frame.columns]], ignore_index=True)
    write_table(out, args.output)
    stream = summary_stream(args.output)
    kept = 0 if args.synthetic_only else int((~is_min).sum())
    if args.json:
        from dataclasses import asdict
        from fractions import Fraction

        fields = {key: str(v) if isinstance(v, Fraction) else v for key, v in asdict(release.statement).items()}
        summary = {"pipeline": args.pipeline, "epsilon": args.epsilon, "minority": str(label), "minority_note": note,
                   "synthetic": len(syn), "unprotected_rows": kept, "statement": str(release.statement),
                   "guarantee": fields}
        print(json.dumps(summary), file=stream)
        return 0
    print(release.statement, file=stream)
    where = "standard output" if args.output == STDIO else args.output
    rest = f"; {kept} rows of the other classes copied unchanged (not protected)" if kept else ""
    print(note, file=stream)
    print(f"wrote {len(syn)} synthetic minority rows to {where}{rest}", file=stream)
    return 0
