"""The API reference renders docstrings as Markdown (mkdocstrings, numpy style), so
Sphinx/reST markup in a docstring shows up literally on the site: ``:func:`load``` becomes
the text ":func:" followed by ``load``. Cross-reference with mkdocstrings' form instead,
``[`load`][refimpl.datasets.load]``, or plain backticks.

Two checks: the docstrings of the modules the reference renders (fast, no build), and the
text of the built site outside code blocks (what a reader sees; the site comes from
tests/docs/conftest.py).
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: a reST role such as :func:`x`, :class:`~a.B`, :py:meth:`c`
ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|data|attr|exc|obj|const|ref|doc|term):`")
#: the same once rendered: the role's name is left as text in front of the code span
RENDERED_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|data|attr|exc|obj|const|ref|doc|term):")
#: a reST literal-block marker ("Example::") at the end of a docstring line
LITERAL_BLOCK = re.compile(r"\S::$", re.MULTILINE)


def _docstrings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                found.append((getattr(node, "lineno", 1), doc))
    return found


def _rendered_sources() -> list[Path]:
    """The source files of the modules that a ``::: module`` directive in docs/ renders."""
    names = set()
    for page in (ROOT / "docs").rglob("*.md"):
        names.update(re.findall(r"^::: *([\w.]+)", page.read_text(encoding="utf-8"), re.MULTILINE))
    paths = set()
    for name in names:
        base = ROOT.joinpath(*name.split("."))
        if base.with_suffix(".py").is_file():
            paths.add(base.with_suffix(".py"))
        elif base.is_dir():  # a package: everything it may re-export
            paths.update(base.rglob("*.py"))
    return sorted(paths)


def test_docstrings_have_no_sphinx_markup() -> None:
    """Checked in the modules the reference renders (tests/docs/test_api_coverage.py makes
    sure every public module is rendered), so the message points at the source line."""
    problems = []
    sources = _rendered_sources()
    assert ROOT / "refimpl" / "smote.py" in sources  # the directive scan found the pages
    for path in sources:
        for line, doc in _docstrings(path):
            for pattern, what in ((ROLE, "reST role"), (LITERAL_BLOCK, "reST '::' literal block")):
                for m in pattern.finditer(doc):
                    snippet = doc[max(0, m.start() - 20) : m.end() + 30].replace("\n", " ")
                    problems.append(f"{path.relative_to(ROOT)}:{line}: {what}: ...{snippet}...")
    assert not problems, "docstrings use Sphinx markup that renders literally:\n" + "\n".join(problems)


def _visible_text(page: str) -> str:
    """The article's text without code blocks (source listings, examples, help texts)."""
    start, end = page.find("<article"), page.rfind("</article>")
    body = page[start:end] if start >= 0 and end > start else page
    body = re.sub(r"<pre\b.*?</pre>", " ", body, flags=re.DOTALL)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_site_shows_no_sphinx_markup_or_broken_references(site: Path) -> None:
    problems = []
    for page in sorted(site.rglob("*.html")):
        text = _visible_text(page.read_text(encoding="utf-8"))
        for m in RENDERED_ROLE.finditer(text):
            problems.append(f"{page.relative_to(site)}: literal {m.group()!r} near {text[m.start():m.end() + 40]!r}")
        # an mkdocstrings cross-reference that did not resolve stays as [`x`][target]
        for m in re.finditer(r"\]\[refimpl\.[\w.]*\]", text):
            problems.append(f"{page.relative_to(site)}: unresolved cross-reference {m.group()!r}")
    assert not problems, "\n".join(problems)


def test_the_site_checks_can_fail(tmp_path: Path) -> None:
    page = "<article><p>See <span>:func:</span><code>load</code> and [`x`][refimpl.y]</p></article>"
    text = _visible_text(page)
    assert RENDERED_ROLE.search(text)
    assert re.search(r"\]\[refimpl\.[\w.]*\]", text)
    assert not RENDERED_ROLE.search(_visible_text("<article><pre>:func:`x`</pre></article>"))
    bad = tmp_path / "bad.py"
    bad.write_text('"""Uses :func:`x`.\n\nExample::\n\n    x()\n"""\n', encoding="utf-8")
    ((_line, doc),) = _docstrings(bad)
    assert ROLE.search(doc) and LITERAL_BLOCK.search(doc)
