"""The ``smote-refimpl`` command line: subcommands live in ``refimpl.commands``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from refimpl import __version__
from refimpl.commands import COMMANDS
from refimpl.errors import RefimplError


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="smote-refimpl",
        description="Exact reference implementation of SMOTE's geometry, its attacks and SMOTE-DP.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"refimpl.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one subcommand; bad input exits 2 with a one-line message, no traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except RefimplError as exc:
        print(f"smote-refimpl: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("smote-refimpl: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
