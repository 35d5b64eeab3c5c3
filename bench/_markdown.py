"""Write a benchmark's Markdown table into its section of a documentation page.

A page holds, for each script, a pair of markers::

    <!-- begin bench/predicates.py -->
    ... replaced on every run ...
    <!-- end bench/predicates.py -->

``replace_section`` swaps what lies between them, so one page (docs/reference/benchmarks.md)
can gather the tables of several scripts next to hand-written prose.
"""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path


def markers(key: str) -> tuple[str, str]:
    """The begin and end markers of the section named ``key`` (the script's path)."""
    return f"<!-- begin {key} -->", f"<!-- end {key} -->"


def replace_section(path: str | Path, key: str, body: str) -> None:
    """Replace the text between the markers of ``key`` in the file ``path`` with ``body``."""
    page = Path(path)
    text = page.read_text(encoding="utf-8")
    begin, end = markers(key)
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise SystemExit(f"{page}: no section {begin} ... {end}; add the two markers to the page first")
    start += len(begin)
    page.write_text(text[:start] + "\n" + body.strip("\n") + "\n" + text[stop:], encoding="utf-8")


def machine() -> str:
    """One line naming the machine and the day, printed under every generated table."""
    import os

    cpu = platform.processor() or platform.machine()
    return f"{platform.system()} {cpu}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, {date.today():%Y-%m-%d}"
