"""Every ```python block in docs/**/*.md runs, and its assertions hold.

The blocks of one page run top to bottom in one namespace, from a temporary directory, so
a page reads like a script and nothing it writes lands in the repository. The extraction
rule lives in docs/hooks/codeblocks.py, which the docs build also uses to draw figures.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MAX_LINE = 80  # wider code blocks scroll sideways on a 1280-pixel screen


def _load_codeblocks():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("codeblocks", DOCS / "hooks" / "codeblocks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("codeblocks", module)
    spec.loader.exec_module(module)
    return module


codeblocks = _load_codeblocks()


def _pages() -> list[Path]:
    skip = {DOCS / "proofs", DOCS / "hooks"}  # the proofs run in the docs build; hooks are code
    return sorted(p for p in DOCS.rglob("*.md") if not any(s in p.parents for s in skip))


PAGES = _pages()
PAGES_WITH_CODE = [p for p in PAGES if codeblocks.python_blocks(p)]


def _id(page: Path) -> str:
    return str(page.relative_to(DOCS))


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=_id)
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = codeblocks.python_blocks(page)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    try:
        codeblocks.run_blocks(blocks)
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_page_code_fits_the_column(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    too_wide = []
    for m in codeblocks._FENCE.finditer(text):
        first = text.count("\n", 0, m.start("body")) + 1
        for i, line in enumerate(m.group("body").splitlines()):
            if len(line) > MAX_LINE:
                too_wide.append(f"{_id(page)}:{first + i}: {len(line)} characters")
    listing = "\n".join(too_wide)
    assert not too_wide, f"code lines longer than {MAX_LINE} characters:\n{listing}"


def test_pages_with_examples_exist() -> None:
    # Guards the glob: if the docs move, this test must not silently pass on nothing.
    assert {_id(p) for p in PAGES_WITH_CODE} >= {
        "index.md",
        "tutorials/smote-in-one-picture.md",
        "how-to/check-against-exact-oracle.md",
        "explanation/why-exact.md",
        "explanation/kernel-architecture.md",
        "tutorials/property-test-your-smote.md",
        "how-to/verify-third-party-smote.md",
        "how-to/replay-test-vectors.md",
        "reference/datasets.md",
    }


def test_extraction_rule(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n"
        "```python\n"
        "x = 1\n"
        "```\n"
        "```bash\n"
        "echo not python\n"
        "```\n"
        "!!! note\n"
        "    ```py title=\"indented\"\n"
        "    y = x + 1\n"
        "    ```\n"
        "~~~{.python}\n"
        "assert y == 2\n"
        "~~~\n",
        encoding="utf-8",
    )
    blocks = codeblocks.python_blocks(page)
    assert [b.code for b in blocks] == ["x = 1\n", "y = x + 1\n", "assert y == 2\n"]
    assert [b.line for b in blocks] == [3, 10, 13]
    ns = codeblocks.run_blocks(blocks)
    assert ns["y"] == 2


def test_failures_point_at_the_page_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("text\n\n```python\nok = True\nassert not ok, 'claim'\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="claim") as info:
        codeblocks.run_blocks(codeblocks.python_blocks(page))
    assert info.traceback[-1].lineno + 1 == 5  # pytest's lineno is 0-based
    assert str(info.traceback[-1].path) == str(page)
