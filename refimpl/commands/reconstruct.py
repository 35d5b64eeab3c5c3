"""``smote-refimpl reconstruct``: ReconSMOTE on synthetic-only rows; the reconstructed records."""

from __future__ import annotations

import argparse
import json

from refimpl.commands._attack_io import add_attack_arguments, features, minority_mask, status
from refimpl.commands._io import read_table, split_target, write_table


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``reconstruct`` subcommand."""
    p = sub.add_parser(
        "reconstruct",
        help="reconstruct real records from synthetic-only SMOTE rows (ReconSMOTE, certified radius)",
        description="Find the lines of ≥ 3 collinear synthetic rows, intersect them, and write the points "
        "where ≥ --min-lines lines meet, with their certified ∞-norm radius and support.",
    )
    p.add_argument("input", help="CSV (or Parquet) of synthetic rows (exact p/q strings are read exactly)")
    p.add_argument("--target", default=None, help="class-label column; if given, only minority rows are used")
    add_attack_arguments(p)
    p.add_argument(
        "--geometry",
        choices=["segment", "box", "auto"],
        default="segment",
        help="segment (default), box (declined with the reason: records are not identifiable) or auto",
    )
    p.add_argument("--min-lines", type=int, default=3, help="lines needed to report a point (default 3)")
    p.add_argument("-o", "--output", required=True, help="where to write the points, radius and support")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``reconstruct``; returns the exit code."""
    from refimpl.attacks.recon import recon_smote  # imported here: keeps `smote-refimpl --help` fast
    from refimpl.release import parse_release

    frame = read_table(args.input)
    if args.target is not None:
        X, y = split_target(frame, args.target)
        X = X[minority_mask(y, args.minority)]
    else:
        X = frame
    status(f"reconstruct: {len(X)} synthetic rows, kernel {args.kernel}, release {args.release}")
    release = parse_release(args.release)
    res = recon_smote(
        features(X), k=args.k, kernel=args.kernel, min_lines=args.min_lines, release=release, geometry=args.geometry
    )
    write_table(res.to_frame(columns=[str(c) for c in X.columns]), args.output)
    summary = res.summary()
    status(f"reconstruct: done in {summary['seconds'].get('total', 0)} s")
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{len(res)} point(s) from {len(res.lines)} line(s); wrote {args.output}")
        if args.geometry != "segment":
            print(res.geometry_reason)
        if res.release != "none":
            print(f"release {res.release}: boxes {res.guarantee} given the model")
    return 0
