"""The benchmark scripts' --markdown output: tables written into their page sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import _markdown, verify_throughput
from bench import predicates as bench_predicates

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reference" / "benchmarks.md"


def _page(tmp_path: Path) -> Path:
    page = tmp_path / "page.md"
    page.write_text(
        "# Bench\n\nprose\n\n"
        "<!-- begin bench/predicates.py -->\nold table\n<!-- end bench/predicates.py -->\n\nmore prose\n\n"
        "<!-- begin bench/verify_throughput.py -->\n<!-- end bench/verify_throughput.py -->\n",
        encoding="utf-8",
    )
    return page


def test_replace_section_keeps_the_prose(tmp_path: Path) -> None:
    page = _page(tmp_path)
    _markdown.replace_section(page, "bench/predicates.py", "| a |\n|---|\n| 1 |\n")
    text = page.read_text(encoding="utf-8")
    assert "old table" not in text
    assert "<!-- begin bench/predicates.py -->\n| a |\n|---|\n| 1 |\n<!-- end bench/predicates.py -->" in text
    assert text.startswith("# Bench\n\nprose\n") and "more prose" in text
    _markdown.replace_section(page, "bench/predicates.py", "| a |\n|---|\n| 1 |\n")
    assert page.read_text(encoding="utf-8") == text  # idempotent


def test_replace_section_refuses_a_page_without_markers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="add the two markers"):
        _markdown.replace_section(page, "bench/predicates.py", "x")


def test_the_docs_page_has_both_sections() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for key in ("bench/predicates.py", "bench/verify_throughput.py"):
        begin, end = _markdown.markers(key)
        assert text.index(begin) < text.index(end), f"{PAGE} lacks the section of {key}"


def test_predicates_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path)
    rows = bench_predicates.main(["--quick", "--markdown", str(page)])
    text = page.read_text(encoding="utf-8")
    assert "| predicate | backend | pre-converted | core | from float64 |" in text
    assert text.count("\n| `") == len(rows)
    assert "table written to" in capsys.readouterr().out


def test_verify_throughput_markdown(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert verify_throughput.main(["--sizes", "300", "--d", "3", "--markdown", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "| 300 | 3 |" in text and "| yes |" in text
