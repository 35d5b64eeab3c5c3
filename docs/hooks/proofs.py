"""mkdocs hook: the proofs live at top level in proofs/ and are added to the site as proofs/*.py.

The proofs must stay at the top of the repository (the tests run them from there), yet
mkdocs only renders files under ``docs_dir``. A symlink ``docs/proofs -> ../proofs`` would do,
but symlinks do not survive every checkout or archive (one of ours arrived as a nine-byte text
file and broke the build), so this hook adds each ``proofs/NN_name.py`` to the file list
itself, with the repository root as its source directory. mkdocs-jupyter then matches them
(``include: proofs/[0-9][0-9]_*.py``) and executes and renders them; the nav lists them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.proofs")

_PROOF = re.compile(r"^[0-9][0-9]_\w+\.py$")


# Before mkdocs-jupyter's own on_files, which turns matching files into notebook pages.
@event_priority(100)
def on_files(files: Files, config: Any) -> Files:
    root = Path(config["config_file_path"]).resolve().parent
    proofs = root / "proofs"
    if not proofs.is_dir():
        log.warning("no proofs/ directory next to mkdocs.yml; the proof pages are missing")
        return files
    for path in sorted(proofs.iterdir()):
        if _PROOF.match(path.name):
            files.append(
                File(
                    f"proofs/{path.name}",
                    src_dir=str(root),
                    dest_dir=config["site_dir"],
                    use_directory_urls=config["use_directory_urls"],
                )
            )
    return files
