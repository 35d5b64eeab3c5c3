"""The audit report as its reader opens it: from disk in headless Chromium, offline, no errors.

Uses the page checker of the docs (tests/docs/browser_check.mjs, through test_browser's
helpers) on a report written by ``smote-refimpl audit`` for ecoli.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refimpl import SMOTE, datasets
from refimpl.audit_report import audit_release
from tests.docs.test_browser import CHROMIUM, _check, node_modules  # noqa: F401  (fixture)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: apt-get install chromium (or set CHROMIUM=/path/to/chromium)",
)


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ds = datasets.load("ecoli")
    Xo, yo = SMOTE(random_state=0).fit_resample(ds.X, ds.y)
    report = audit_release(ds.X, ds.y, Xo, yo, perturbations=["decimals:6", "decimals:2"])
    assert set(report.figures) == {"distin", "recon", "ladder"}
    out = tmp_path_factory.mktemp("audit") / "report.html"
    out.write_text(report.to_html(), encoding="utf-8")
    return out


def test_report_renders_offline_without_errors(report_page: Path, node_modules: Path) -> None:  # noqa: F811
    r = _check(report_page.parent.as_uri() + "/", [report_page.name])[report_page.name]
    for key in ("consoleErrors", "pageErrors", "badRequests", "offsite", "brokenImages"):
        assert not r[key], f"{key}: {r[key]}"
    assert r["images"] == 3  # the three figures, decoded from their base64 data
    assert r["title"] == "SMOTE release audit"


def test_the_page_is_self_contained(report_page: Path) -> None:
    text = report_page.read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert text.count("data:image/png;base64,") == 3
