"""mkdocs hook: the proofs live at top level in proofs/, linked into the site as docs/proofs.

``docs/proofs`` is a committed symlink to ``../proofs``. mkdocs walks ``docs_dir`` with
``followlinks=True``, so the proofs appear as ``proofs/NN_name.py`` pages, and
mkdocs-jupyter (``include: proofs/[0-9][0-9]_*.py``) executes and renders them.

On a checkout that has no ``proofs/`` directory yet the symlink dangles, and mkdocs would
try to copy it as a static file and fail. This hook drops such dangling entries (logging
why) so that the rest of the site still builds; the proof pages appear as soon as the
directory exists and the nav lists them.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.proofs")


def on_files(files: Files, config: Any) -> Files:
    for file in list(files):
        path = file.abs_src_path
        if path is not None and os.path.islink(path) and not os.path.exists(path):
            log.info("docs/%s is a symlink to a missing path (%s); skipped", file.src_uri, os.readlink(path))
            files.remove(file)
    return files
