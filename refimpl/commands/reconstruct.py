"""``smote-refimpl reconstruct``: ReconSMOTE on synthetic-only rows; the reconstructed records."""

from __future__ import annotations

import argparse
import json

from refimpl.commands._attack_io import (
    CATEGORICAL_HELP,
    add_attack_arguments,
    categorical_columns,
    choose_minority,
    features,
    looks_like_label,
    minority_mask,
    warn,
)
from refimpl.commands._io import (
    STDIO,
    Phases,
    check_output,
    read_table,
    split_target,
    summary_stream,
    write_table,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``reconstruct`` subcommand."""
    p = sub.add_parser(
        "reconstruct",
        help="reconstruct real records from synthetic-only SMOTE rows (ReconSMOTE, certified radius)",
        description="Find the lines of ≥ 3 collinear synthetic rows, intersect them, and write the points "
        "where ≥ --min-lines lines meet, with their certified ∞-norm radius and support.",
    )
    p.add_argument("input", help="CSV, ARFF or Parquet of synthetic rows ('-': stdin; exact p/q strings are read exactly)")
    p.add_argument("--target", default=None,
                   help="class-label column; if given, only minority rows are used (without it every column is a feature)")
    add_attack_arguments(p)
    p.add_argument(
        "--geometry",
        choices=["segment", "box", "auto"],
        default="segment",
        help="segment (default), box (declined with the reason: records are not identifiable) or auto",
    )
    p.add_argument(
        "--categorical-features",
        default=None,
        metavar="COLS",
        help=CATEGORICAL_HELP + " (the reconstructed records have no categorical values)",
    )
    p.add_argument("--min-lines", type=int, default=3, help="lines needed to report a point (default 3)")
    p.add_argument("--search", choices=["auto", "exact"], default="auto",
                   help="first neighbour search: auto (approximate below 16·2^d rows; default) or exact")
    p.add_argument("-o", "--output", required=True, help="where to write the points, radius and support ('-': stdout)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``reconstruct``; returns the exit code."""
    from refimpl.attacks.recon import recon_smote  # imported here: keeps `smote-refimpl --version` fast
    from refimpl.release import parse_release

    check_output(args.output)
    release = parse_release(args.release)
    note = None
    label = None
    with Phases("reconstruct", ["read", "ReconSMOTE", "write"]) as ph:
        frame = read_table(args.input)
        if args.target is not None:
            X, y = split_target(frame, args.target)
            label, note = choose_minority(y, args.minority, single_ok=True)
            X = X[minority_mask(y, label)]
        else:
            X = frame
            suspects = [str(c) for c in frame.columns if looks_like_label(frame[c])]
            if suspects:
                warn(f"column {suspects[0]!r} looks like a class label (few distinct values) but is used as a "
                     f"feature; pass --target {suspects[0]} if it is the label")
        cat = categorical_columns(X, args.categorical_features)
        X = X.drop(columns=[X.columns[j] for j in cat])  # SMOTENC's numeric part is plain SMOTE (Lemma C)
        X_num = features(X)
        ph.next("ReconSMOTE")
        res = recon_smote(X_num, k=args.k, kernel=args.kernel, min_lines=args.min_lines, release=release,
                          geometry=args.geometry, n_jobs=args.jobs, search=args.search)
        ph.next("write")
        write_table(res.to_frame(columns=[str(c) for c in X.columns]), args.output)
    summary = res.summary()
    if label is not None:
        summary["minority"] = str(label)
        summary["minority_note"] = note
    stream = summary_stream(args.output)
    if args.json:
        print(json.dumps(summary), file=stream)
    else:
        where = "standard output" if args.output == STDIO else args.output
        if note:
            print(note, file=stream)
        print(f"{len(res)} point(s) from {len(res.lines)} line(s); wrote {where}", file=stream)
        if args.geometry != "segment":
            print(res.geometry_reason, file=stream)
        if res.release != "none":
            print(f"release {res.release}: boxes {res.guarantee} given the model", file=stream)
    return 0
