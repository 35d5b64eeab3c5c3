"""``smote-refimpl resample``: SMOTE a CSV, optionally writing the provenance of every synthetic row."""

from __future__ import annotations

import argparse
import json
import sys
import time

from refimpl.commands._io import read_table, split_target, write_table
from refimpl.smote import SMOTE


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``resample`` subcommand."""
    p = sub.add_parser(
        "resample",
        help="oversample a table with SMOTE (float64 = imbalanced-learn bit for bit, or exact)",
        description="Oversample the table INPUT with SMOTE and write the originals followed by the synthetic rows.",
    )
    p.add_argument("input", help="CSV (or Parquet) file with features and a target column")
    p.add_argument("--target", required=True, help="name of the class-label column")
    p.add_argument("--k", type=int, default=5, help="nearest neighbours (default 5)")
    p.add_argument("--seed", type=int, default=None, help="random_state (re-seeded per class)")
    p.add_argument("--arithmetic", choices=["float64", "exact"], default="float64",
                   help="float64: imbalanced-learn bit for bit (default); exact: rationals, written as 'p/q'")
    p.add_argument("-o", "--output", required=True, help="where to write the resampled table")
    p.add_argument("--provenance", default=None, help="also write base/neighbour/λ per synthetic row")
    p.add_argument("--json", action="store_true", help="print a one-line JSON summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``resample``; returns the exit code."""
    t0 = time.perf_counter()
    frame = read_table(args.input)
    X, y = split_target(frame, args.target)
    sampler = SMOTE(k_neighbors=args.k, random_state=args.seed, arithmetic=args.arithmetic)
    X_res, y_res = sampler.fit_resample(X, y)
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
        "seconds": round(time.perf_counter() - t0, 4),
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"wrote {summary['rows_out']} rows ({summary['synthetic']} synthetic) to {args.output}",
            file=sys.stdout,
        )
    return 0
