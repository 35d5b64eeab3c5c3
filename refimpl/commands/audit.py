"""``smote-refimpl audit``: what a SMOTE release exposes of the real records, as one offline HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from refimpl.commands._io import read_table, split_target
from refimpl.errors import InvalidInput, InvalidParameter


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``audit`` subcommand."""
    p = sub.add_parser(
        "audit",
        help="before publishing SMOTE output: which real records it exposes, as an offline HTML report",
        description="Run DistinSMOTE and ReconSMOTE on RELEASE as an attacker would, score them against REAL, "
        "compare with the naive metrics (DCR, distinguishability, linkability when anonymeter is installed), "
        "and find the release perturbation that would stop both attacks. Writes one self-contained HTML page.",
    )
    p.add_argument("real", help="CSV/Parquet of the real data (features + target)")
    p.add_argument("release", help="CSV/Parquet of what is to be released: same columns (real + SMOTE rows, or SMOTE rows)")
    p.add_argument("--target", required=True, help="name of the class-label column (in both files)")
    p.add_argument("--minority", default=None, help="the oversampled class (default: the least frequent class of REAL)")
    p.add_argument("--k", type=int, default=5, help="SMOTE's nearest neighbours (default 5)")
    p.add_argument("--no-ladder", action="store_true", help="skip the perturbation ladder (faster)")
    p.add_argument("-o", "--output", default=None, help="where to write the HTML report")
    p.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    p.set_defaults(func=run)


def _check_output(path: str) -> None:
    """Fail before any work when the report cannot be written there."""
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise InvalidParameter(f"cannot write {path!r}: directory {str(parent)!r} does not exist")


def _label(values: Any, requested: str) -> Any:
    """The label of the target equal to ``requested`` as text (so "1" matches 1 and 1.0 from CSV)."""
    for v in sorted(set(values.tolist()), key=str):
        if str(v) == requested:
            return v
    for v in set(values.tolist()):
        try:
            if float(v) == float(requested):
                return v
        except (TypeError, ValueError):
            continue
    shown = sorted({str(v) for v in values.tolist()})[:10]
    raise InvalidInput(f"--minority {requested!r} is not a class of REAL; classes are {', '.join(shown)}")


def run(args: argparse.Namespace) -> int:
    """Run ``audit``; returns the exit code."""
    if args.output is None and not args.json:
        raise InvalidParameter("pass -o REPORT.html (the HTML report) or --json (the report on stdout)")
    if args.output is not None:
        _check_output(args.output)
    from refimpl.audit_report import audit_release  # imported here: keeps `smote-refimpl --help` fast

    real = read_table(args.real)
    release = read_table(args.release)
    Xr, yr = split_target(real, args.target)
    Xs, ys = split_target(release, args.target)
    if list(Xr.columns) != list(Xs.columns):
        raise InvalidInput(f"REAL has columns {list(Xr.columns)} and RELEASE {list(Xs.columns)}; they must match")
    minority = None if args.minority is None else _label(yr, args.minority)
    if minority is None and sys.stderr.isatty():
        sys.stderr.write("audit: minority = the least frequent class of REAL\n")
    report = audit_release(Xr, yr.to_numpy(), Xs, ys.to_numpy(), minority=minority, k=args.k,
                           perturbations=[] if args.no_ladder else None)
    if args.output is not None:
        Path(args.output).write_text(report.to_html(), encoding="utf-8")
    if args.json:
        print(report.to_json())
    else:
        for line in report.summary_lines:
            print(line)
        print(f"wrote {args.output}")
    return 0
