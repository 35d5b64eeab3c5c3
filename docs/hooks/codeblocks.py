"""The executable code of a documentation page: its fenced ```python blocks, in order.

Shared by tests/docs/test_examples.py (which runs every page's blocks and so checks that
each example still works and that its asserts hold) and by the figures hook (which runs
the tutorial's blocks to draw the figure the tutorial shows). The rule is deliberately
simple: every fenced block whose language is ``python`` or ``py`` runs, top to bottom, in
one namespace per page; show code that must not run with another language tag.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
LANGUAGES = ("python", "py")


@dataclass(frozen=True)
class CodeBlock:
    path: Path
    line: int  # 1-based line of the block's first code line
    code: str


def _language(info: str) -> str:
    first = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return first.strip("{}").lstrip(".").lower()


def python_blocks(path: Path) -> list[CodeBlock]:
    """The page's ```python blocks, dedented, with the line where each one starts."""
    text = path.read_text(encoding="utf-8")
    blocks = []
    for m in _FENCE.finditer(text):
        if _language(m.group("info")) not in LANGUAGES:
            continue
        line = text.count("\n", 0, m.start("body")) + 1
        blocks.append(CodeBlock(path, line, textwrap.dedent(m.group("body"))))
    return blocks


def run_blocks(blocks: list[CodeBlock], namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute the blocks in order in one namespace; tracebacks point at the page's lines."""
    ns: dict[str, Any] = {"__name__": "__docs_example__"} if namespace is None else namespace
    for block in blocks:
        source = "\n" * (block.line - 1) + block.code  # so that line numbers match the page
        exec(compile(source, str(block.path), "exec"), ns)
    return ns
