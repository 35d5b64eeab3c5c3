"""The built documentation site, shared by the tests that inspect it.

The site is ``site/`` when it is newer than every docs source (``make test`` builds it just
before pytest); otherwise it is built once per test session into a temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _newest_source() -> float:
    paths = [ROOT / "mkdocs.yml"]
    for top in (ROOT / "docs", ROOT / "refimpl", ROOT / "proofs"):
        if top.is_dir():
            paths.extend(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return max(p.stat().st_mtime for p in paths)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = ROOT / "site"
    index = built / "index.html"
    if index.is_file() and index.stat().st_mtime >= _newest_source():
        return built
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env["NO_MKDOCS_2_WARNING"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}"
    return out
