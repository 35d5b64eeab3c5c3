"""The CLI reference page is generated from the parser and matches the installed command.

docs/hooks/cli_reference.py replaces a marker in docs/reference/cli.md with every
subcommand's ``--help`` text. These tests check that every subcommand registered in
``refimpl.commands.COMMANDS`` is on the page, that each text equals what
``smote-refimpl SUBCOMMAND --help`` prints (at the hook's fixed width), and that the built
site shows the same text.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from refimpl.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reference" / "cli.md"


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "docs" / "hooks" / "cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


def _command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m refimpl.cli``."""
    script = Path(sys.executable).with_name("smote-refimpl")
    if script.is_file():
        return [str(script)]
    found = shutil.which("smote-refimpl")
    return [found] if found else [sys.executable, "-m", "refimpl.cli"]


def _cli_help(*args: str) -> str:
    env = {**os.environ, "COLUMNS": str(hook.WIDTH), "NO_COLOR": "1"}
    proc = subprocess.run([*_command(), *args, "--help"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _fences(markdown: str) -> list[str]:
    return re.findall(r"^```text\n(.*?)\n```$", markdown, re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def generated() -> str:
    page = PAGE.read_text(encoding="utf-8")
    assert hook.MARKER in page, f"{PAGE} lost the marker {hook.MARKER}"
    mkdocs_page = SimpleNamespace(file=SimpleNamespace(src_uri="reference/cli.md"))
    return str(hook.on_page_markdown(page, mkdocs_page, None, None))


def test_every_subcommand_is_on_the_page(generated: str) -> None:
    assert hook.MARKER not in generated
    for name in COMMANDS:
        assert f"## `smote-refimpl {name}`" in generated, f"subcommand {name!r} is missing"
        assert f"(#smote-refimpl-{name})" in generated, f"subcommand {name!r} is missing from the table"


@pytest.mark.parametrize("name", COMMANDS)
def test_page_matches_the_installed_command(generated: str, name: str) -> None:
    fences = _fences(generated)
    expected = _cli_help(name).rstrip("\n")
    assert expected.startswith(f"usage: smote-refimpl {name} ")
    assert expected in fences, f"the page's text for {name!r} differs from `smote-refimpl {name} --help`"


def test_top_level_help_matches(generated: str) -> None:
    assert _cli_help().rstrip("\n") in _fences(generated)


def test_generation_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    wide = hook.cli_markdown()
    monkeypatch.setenv("COLUMNS", "40")
    assert hook.cli_markdown() == wide
    assert os.environ["COLUMNS"] == "40"  # the hook restores the environment


def test_built_page_shows_every_subcommand(site: Path) -> None:
    page = site / "reference" / "cli.html"
    assert page.is_file(), "reference/cli.html is missing from the built site"
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    assert hook.MARKER not in text
    for name in COMMANDS:
        assert _cli_help(name).rstrip("\n") in text, f"built page lacks `smote-refimpl {name} --help`"
