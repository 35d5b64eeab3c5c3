"""``smote-refimpl resample``: SMOTE a CSV, optionally writing the provenance of every synthetic row."""

from __future__ import annotations

import argparse
import json
import time

from refimpl.commands._io import (
    STDIO,
    Phases,
    check_outputs,
    numeric_features,
    read_table,
    split_target,
    summary_stream,
    write_table,
)
from refimpl.commands._options import STRATEGY_HELP, parse_sampling_strategy


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``resample`` subcommand."""
    p = sub.add_parser(
        "resample",
        help="oversample a table with SMOTE (float64 = imbalanced-learn bit for bit, or exact)",
        description="Oversample the table INPUT with SMOTE and write the originals followed by the synthetic rows.",
    )
    p.add_argument("input", help="CSV, ARFF or Parquet file with features and a target column ('-': stdin)")
    p.add_argument("--target", required=True, help="name of the class-label column")
    p.add_argument("--k", type=int, default=5, help="nearest neighbours (default 5)")
    p.add_argument("--seed", type=int, default=None, help="random_state (re-seeded per class)")
    p.add_argument("--sampling-strategy", default=None, help=STRATEGY_HELP)
    p.add_argument("--arithmetic", choices=["float64", "exact"], default="float64",
                   help="float64: imbalanced-learn bit for bit (default); exact: rationals, written as 'p/q'")
    p.add_argument("-o", "--output", required=True, help="where to write the resampled table ('-': stdout)")
    p.add_argument("--provenance", default=None, help="also write base/neighbour/λ per synthetic row ('-': stdout)")
    p.add_argument("--json", action="store_true", help="print a one-line JSON summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``resample``; returns the exit code."""
    from refimpl.smote import SMOTE  # imported here: keeps `smote-refimpl --version` fast

    check_outputs((args.output, "output"), (args.provenance, "provenance"))
    t0 = time.perf_counter()
    with Phases("resample", ["read", "SMOTE", "write"]) as ph:
        frame = read_table(args.input)
        X, y = split_target(frame, args.target)
        numeric_features(X)
        strategy = parse_sampling_strategy(args.sampling_strategy, y)
        ph.next("SMOTE")
        sampler = SMOTE(k_neighbors=args.k, random_state=args.seed, arithmetic=args.arithmetic,
                        sampling_strategy=strategy)
        X_res, y_res = sampler.fit_resample(X, y)
        ph.next("write")
        out = X_res.copy()
        if args.arithmetic == "exact":
            # exact rationals are written as "p/q" strings so that nothing is rounded
            out = out.map(str)
        out[args.target] = y_res.to_numpy()
        write_table(out, args.output)
        if args.provenance:
            write_table(sampler.provenance_.to_frame(), args.provenance)
    summary = {
        "rows_in": len(frame),
        "rows_out": len(out),
        "synthetic": len(sampler.provenance_),
        "arithmetic": args.arithmetic,
        "sampling_strategy": {str(c): int(n) for c, n in sampler.sampling_strategy_.items()},
        "seconds": round(time.perf_counter() - t0, 4),
    }
    stream = summary_stream(args.output, args.provenance)
    if args.json:
        print(json.dumps(summary), file=stream)
    else:
        where = "standard output" if args.output == STDIO else args.output
        print(f"wrote {summary['rows_out']} rows ({summary['synthetic']} synthetic) to {where}", file=stream)
    return 0
