"""The ``smote-refimpl`` command line: subcommands live in ``refimpl.commands``.

Only the standard library is imported at module level, so that ``smote-refimpl --version``
answers without loading numpy, pandas or scikit-learn; each subcommand imports what it needs
inside its ``run`` function or its ``register`` function.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from refimpl import __version__ as VERSION  # cheap: refimpl/__init__.py imports its names lazily

PROG = "smote-refimpl"


class UsageError(Exception):
    """A bad command line; its message is the one line printed (exit status 2)."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: the problem, then this (sub)command's usage.

    argparse's own ``error`` prints the usage over several lines and then exits; here the
    subcommand's usage is folded into a single line, so that a script's log keeps one line per
    failure and a bad option of ``resample`` shows the usage of ``resample``.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}; usage: {one_line_usage(self)}")


def one_line_usage(parser: argparse.ArgumentParser) -> str:
    """The parser's usage text as a single line (no 'usage:' prefix, whitespace folded)."""
    text = parser.format_usage().strip()
    return re.sub(r"\s+", " ", text.removeprefix("usage:").strip())


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with every registered subcommand (or just ``only``, when it is known).

    Registering a subcommand imports its module, and some of them (``dp``, ``demo``) import
    scikit-learn through their option lists; a command line that names its subcommand needs
    only that one, so ``smote-refimpl distinguish ...`` does not pay for ``dp``'s imports.
    """
    from refimpl.commands import COMMANDS

    parser = Parser(
        prog=PROG,
        description="Exact reference implementation of SMOTE's geometry, its attacks and SMOTE-DP.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    parser.add_argument(
        "--print-completion", choices=["bash", "zsh", "tcsh"], default=None, metavar="SHELL",
        help="print a shell completion script (bash, zsh or tcsh; needs the 'completion' extra: shtab)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS if only is None else [only]:
        importlib.import_module(f"refimpl.commands.{name}").register(sub)
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The subcommand a command line names (its first word that is not an option), if registered."""
    from refimpl.commands import COMMANDS

    for word in argv:
        if word == "--print-completion":
            return None  # the completion script needs every subcommand
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _completion(parser: argparse.ArgumentParser, shell: str) -> str:
    try:
        import shtab
    except ImportError:
        raise UsageError(
            f"{PROG}: error: --print-completion needs shtab: pip install 'smote-refimpl[completion]'"
        ) from None
    return str(shtab.complete(parser, shell=shell))


def _quiet_broken_pipe() -> int:
    """The reader of our stdout went away (``| head``): stop quietly, as the signal module docs advise.

    Python flushes stdout again at exit; pointing the descriptor at /dev/null stops that second
    BrokenPipeError from printing a traceback.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout replaced by an object without a descriptor
        pass
    return 1


def _run(argv: list[str]) -> int:
    if argv == ["--version"]:  # the fast path: no parser, no subcommand modules
        print(f"{PROG} {VERSION}")
        return 0
    from refimpl.errors import RefimplError

    parser = build_parser(only=_named_command(argv))
    args, extra = parser.parse_known_args(argv)
    if args.print_completion is not None:
        print(_completion(parser, args.print_completion), end="")
        return 0
    if args.command is None:
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        parser.error("a COMMAND is required (one of " + ", ".join(_subparsers(parser)) + ")")
    if extra:
        sub: Any = _subparsers(parser)[args.command]
        sub.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        code: int = args.func(args)
    except RefimplError as exc:
        message = " ".join(str(exc).split())  # one line, whatever the library's message holds
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    sys.stdout.flush()  # inside the try of main: a closed pipe surfaces here, not at exit
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one subcommand; bad input exits 2 with a one-line message, no traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help and --version exit through argparse
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
