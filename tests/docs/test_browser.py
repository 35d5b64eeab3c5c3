"""The built docs site, as a reader's browser sees it: math rendered, figures loaded,
no console errors, nothing fetched from outside the site.

Serves the site on 127.0.0.1 (a free port) and drives Debian's Chromium with Playwright
(``playwright-core`` from npm, pinned in tests/docs/package.json; installed with ``npm ci``
on first use). The page checks themselves are in tests/docs/browser_check.mjs.

The site comes from the ``site`` fixture in tests/docs/conftest.py: ``site/`` when it is
fresh (``make test`` builds it just before pytest), otherwise a fresh build.
Skipped only when Chromium is not installed (``apt-get install chromium``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CHECKER = HERE / "browser_check.mjs"

#: pages that must contain rendered math (site paths; the offline build has no directory URLs)
MATH_PAGES = [
    "index.html",
    "tutorials/smote-in-one-picture.html",
    "how-to/check-against-exact-oracle.html",
    "explanation/why-exact.html",
    "explanation/kernel-architecture.html",
    "tutorials/property-test-your-smote.html",
    "how-to/verify-third-party-smote.html",
    "how-to/replay-test-vectors.html",
    "reference/benchmarks.html",
]


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: apt-get install chromium (or set CHROMIUM=/path/to/chromium)",
)


def _serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def node_modules() -> Path:
    modules = HERE / "node_modules" / "playwright-core"
    if not modules.is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install playwright-core (apt-get install npm)"
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=HERE, capture_output=True, text=True, timeout=600,
        )
        assert proc.returncode == 0, f"npm ci failed:\n{proc.stdout}\n{proc.stderr}"
    return modules


def _check(base: str, pages: list[str], *options: str) -> dict[str, dict[str, object]]:
    node = shutil.which("node")
    assert node, "Node.js is needed to drive Chromium (apt-get install nodejs)"
    assert CHROMIUM is not None
    proc = subprocess.run(
        [node, str(CHECKER), CHROMIUM, base, *options, *pages],
        cwd=HERE, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, f"browser check failed:\n{proc.stdout}\n{proc.stderr}"
    report: dict[str, dict[str, object]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return report


@pytest.fixture(scope="module")
def report(site: Path, node_modules: Path) -> dict[str, dict[str, object]]:
    pages = sorted(
        str(p.relative_to(site)) for p in site.rglob("*.html") if p.name != "404.html"
    )
    for page in MATH_PAGES:
        assert page in pages, f"{page} is missing from the built site"
    serving = _serve(site)
    base = next(serving)
    try:
        return _check(base, pages)
    finally:
        serving.close()


def test_every_page_loads_cleanly(report: dict[str, dict[str, object]]) -> None:
    problems = []
    for page, r in report.items():
        for key in ("consoleErrors", "pageErrors", "badRequests", "offsite", "brokenImages"):
            if r[key]:
                problems.append(f"{page}: {key}: {r[key]}")
    assert not problems, "\n".join(problems)


def test_math_is_rendered_everywhere(report: dict[str, dict[str, object]]) -> None:
    problems = []
    for page, r in report.items():
        for key in ("rawMath", "unrenderedArithmatex"):
            if r[key]:
                problems.append(f"{page}: {key}: {r[key]}")
        if r["katexErrors"]:
            problems.append(f"{page}: {r['katexErrors']} KaTeX error box(es)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", MATH_PAGES)
def test_math_pages_have_katex(report: dict[str, dict[str, object]], page: str) -> None:
    assert report[page]["katex"], f"{page}: no rendered KaTeX formula"


def test_proof_pages_have_katex(report: dict[str, dict[str, object]]) -> None:
    proofs = [page for page in report if page.startswith("proofs/")]
    for page in proofs:
        assert report[page]["katex"], f"{page}: no rendered KaTeX formula"


def test_tutorial_figure_is_shown(report: dict[str, dict[str, object]]) -> None:
    r = report["tutorials/smote-in-one-picture.html"]
    assert r["images"] == 1 and not r["brokenImages"]


def test_site_works_from_the_file_system(site: Path, node_modules: Path) -> None:
    """The offline plugin's promise: open site/index.html from disk, math and search work."""
    pages = ["index.html", "explanation/why-exact.html"]
    report = _check(site.as_uri() + "/", pages, "--search=collinear")
    for page in pages:
        r = report[page]
        for key in ("consoleErrors", "pageErrors", "badRequests", "offsite", "rawMath"):
            assert not r[key], f"{page} over file://: {key}: {r[key]}"
        assert r["katex"], f"{page} over file://: no rendered KaTeX formula"
        assert r["searchResults"], f"{page} over file://: search for 'collinear' found nothing"


def test_the_checker_sees_problems(tmp_path: Path, node_modules: Path) -> None:
    """The checks above would pass on nothing; make sure each one can fail."""
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html><body><article>"
        "<p>raw $x + 1$ math</p><p class='arithmatex'>\\(y\\)</p>"
        "<img src='missing.png'>"
        "<script>console.error('boom')</script>"
        "</article></body></html>",
        encoding="utf-8",
    )
    serving = _serve(tmp_path)
    base = next(serving)
    try:
        r = _check(base, ["bad.html"])["bad.html"]
    finally:
        serving.close()
    assert r["katex"] == 0
    assert any("$x + 1$" in t for t in r["rawMath"])  # type: ignore[attr-defined]
    assert r["unrenderedArithmatex"] == ["\\(y\\)"]
    assert r["brokenImages"] and r["badRequests"]
    assert any("boom" in t for t in r["consoleErrors"])  # type: ignore[attr-defined]
