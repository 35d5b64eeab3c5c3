"""mkdocs hook: the CLI reference, generated from the argument parser at build time.

docs/reference/cli.md holds the prose and the marker ``<!-- cli-reference -->``. At build
time this hook replaces the marker with ``smote-refimpl --help`` followed by one section per
subcommand of ``refimpl.commands.COMMANDS``, each holding that subcommand's ``--help`` text,
taken from ``refimpl.cli.build_parser()``. A new subcommand therefore appears in the
reference as soon as it is registered, and the text cannot drift from the parser.

The help is formatted at a fixed width (:data:`WIDTH` columns, the ``COLUMNS`` variable that
argparse reads), so the build does not depend on the terminal it runs in.
tests/docs/test_cli_reference.py checks the generated text against the installed command.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

log = logging.getLogger("mkdocs.hooks.cli_reference")

MARKER = "<!-- cli-reference -->"
PROG = "smote-refimpl"
#: argparse wraps help text to $COLUMNS - 2; fixed so that the page is reproducible
WIDTH = 80


@contextlib.contextmanager
def fixed_width(columns: int = WIDTH) -> Iterator[None]:
    """Make argparse format for ``columns`` columns, with no colour, restoring the environment."""
    saved = {key: os.environ.get(key) for key in ("COLUMNS", "NO_COLOR")}
    os.environ["COLUMNS"] = str(columns)
    os.environ["NO_COLOR"] = "1"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def help_texts() -> dict[str, str]:
    """``""`` -> the top-level ``--help``; each subcommand name -> its ``--help``, in COMMANDS order."""
    from refimpl.cli import build_parser
    from refimpl.commands import COMMANDS

    with fixed_width():
        parser = build_parser()
        subs = _subparsers(parser)
        texts = {"": parser.format_help()}
        for name in COMMANDS:
            texts[name] = subs[name].format_help()
    return texts


def _summaries() -> dict[str, str]:
    """Subcommand -> its one-line ``help=`` summary, as in the top-level listing."""
    from refimpl.cli import build_parser

    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def cli_markdown() -> str:
    """The generated Markdown that replaces the marker."""
    texts = help_texts()
    summaries = _summaries()
    out = [
        "## Subcommands",
        "",
        "| subcommand | what it does |",
        "|---|---|",
    ]
    for name in texts:
        if name:
            summary = summaries.get(name, "").replace("|", "\\|")
            out.append(f"| [`{name}`](#{PROG}-{name}) | {summary} |")
    out += ["", f"## `{PROG}` {{#{PROG}}}", "", "```text", texts[""].rstrip("\n"), "```", ""]
    for name, text in texts.items():
        if name:
            out += [f"## `{PROG} {name}` {{#{PROG}-{name}}}", "", "```text", text.rstrip("\n"), "```", ""]
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if MARKER not in markdown:
        return markdown
    log.info("CLI reference generated from refimpl.cli.build_parser() in %s", page.file.src_uri)
    return markdown.replace(MARKER, cli_markdown())
