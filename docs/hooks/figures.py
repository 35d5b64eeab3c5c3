"""mkdocs hook: draw the documentation's figures at build time, from the pages' own code.

A page that shows a figure also shows the code that draws it. This hook runs that page's
```python blocks (the same blocks tests/docs/test_examples.py runs), takes the matplotlib
figure the page leaves in a variable, and adds it to the site as an SVG next to the page.
So the picture can never drift from the code beside it, and no image is committed.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from pathlib import Path
from typing import Any

from codeblocks import python_blocks, run_blocks  # docs/hooks/ is on sys.path while hooks load
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.figures")

#: page (relative to docs/) -> [(variable holding the figure, output path relative to docs/)]
FIGURES: dict[str, list[tuple[str, str]]] = {
    "tutorials/smote-in-one-picture.md": [("fig", "tutorials/smote-in-one-picture.svg")],
}


def _render(page: Path, figures: list[tuple[str, str]]) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "smote-refimpl"  # stable ids: same code, same bytes
    cwd = os.getcwd()
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the page's prints belong to the page
            ns = run_blocks(python_blocks(page))
    finally:
        os.chdir(cwd)
    out = {}
    for var, dest in figures:
        fig = ns.get(var)
        if fig is None or not hasattr(fig, "savefig"):
            raise RuntimeError(f"{page}: its code defines no matplotlib figure called {var!r}")
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
        out[dest] = buf.getvalue()
    return out


def on_files(files: Files, config: Any) -> Files:
    docs_dir = Path(config["docs_dir"])
    for page, figures in FIGURES.items():
        for dest, content in _render(docs_dir / page, figures).items():
            log.info("figure %s drawn from %s (%d bytes)", dest, page, len(content))
            files.append(File.generated(config, dest, content=content))
    return files
