"""Every public module and every name a package exports appears in the API reference.

The reference pages (docs/reference/*.md) render modules with mkdocstrings directives,
``::: refimpl.module`` plus optional ``options: members: [...]``. This test walks the
package and fails when a public module has no directive, or when a name in a package's
``__all__`` lives in a module whose directive leaves it out. To fix a failure, add a
directive to a reference page (and the page to the nav in mkdocs.yml), or, for a module
that is an implementation detail, add it to ``INTERNAL`` below with the reason.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import refimpl

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

#: modules that are not part of the documented API, and why
INTERNAL: dict[str, str] = {
    "refimpl.cli": "documented as a command: docs/reference/cli.md is generated from its parser",
    "refimpl.commands": "the CLI's subcommands: docs/reference/cli.md",
    "refimpl.sampling_strategy": "imbalanced-learn's sampling_strategy rules, used by SMOTE and verify_smote",
    "refimpl.input_checks": "input checks shared by the public functions",
    "refimpl.validate.knn": "the checker's exact kNN (same answers as refimpl.exact.exact_knn)",
}

_DIRECTIVE = re.compile(r"^::: *(?P<name>[\w.]+)[ \t]*\n(?P<options>(?:[ \t]+.*\n?)*)", re.MULTILINE)


def _directives() -> dict[str, list[str] | None]:
    """Documented module -> the members its directive lists (None: all public members)."""
    found: dict[str, list[str] | None] = {}
    for page in DOCS.rglob("*.md"):
        for m in _DIRECTIVE.finditer(page.read_text(encoding="utf-8")):
            options = m.group("options")
            members = None
            block = re.search(r"^\s+members:\s*\n((?:\s+- .*\n?)+)", options, re.MULTILINE)
            if block:
                members = re.findall(r"-\s*(\S+)", block.group(1))
            previous = found.get(m.group("name"), [])
            found[m.group("name")] = None if members is None or previous is None else [*previous, *members]
    return found


def _internal(name: str) -> bool:
    return any(name == i or name.startswith(i + ".") for i in INTERNAL)


def _public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(refimpl.__path__, prefix="refimpl."):
        if any(part.startswith("_") for part in info.name.split(".")) or _internal(info.name):
            continue
        if info.ispkg:
            continue  # a package's __init__ re-exports; its names are checked below
        names.append(info.name)
    return sorted(names)


def _packages() -> list[str]:
    pkgs = ["refimpl"]
    for info in pkgutil.walk_packages(refimpl.__path__, prefix="refimpl."):
        if info.ispkg and not _internal(info.name):
            pkgs.append(info.name)
    return pkgs


def test_every_public_module_has_a_reference_page() -> None:
    documented = _directives()
    missing = [name for name in _public_modules() if name not in documented]
    assert not missing, (
        "public modules without an API reference (add '::: MODULE' to a page in docs/reference/, "
        "or list the module in INTERNAL with a reason):\n" + "\n".join(missing)
    )


def test_every_exported_name_is_rendered() -> None:
    documented = _directives()
    problems = []
    for pkg_name in _packages():
        pkg = importlib.import_module(pkg_name)
        for name in getattr(pkg, "__all__", []):
            if name.startswith("__"):
                continue
            obj = getattr(pkg, name)
            home = getattr(obj, "__module__", None)
            if home is None or not home.startswith("refimpl"):
                # constants: look for the module that defines the name
                candidates = sorted(documented, key=lambda m: not m.startswith(pkg_name + "."))
                home = next(
                    (m for m in candidates if name in vars(importlib.import_module(m))), None
                )
            if home not in documented:
                problems.append(f"{pkg_name}.{name}: defined in {home}, which no reference page renders")
            elif documented[home] is not None and name not in documented[home]:  # type: ignore[operator]
                problems.append(f"{pkg_name}.{name}: the directive for {home} lists members without it")
    assert not problems, "\n".join(problems)


def test_internal_modules_exist() -> None:
    for name in INTERNAL:
        importlib.import_module(name)  # a renamed module must leave the list too
