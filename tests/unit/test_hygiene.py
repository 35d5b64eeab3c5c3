"""The suite's own rules, checked: every property test carries pinned examples, and every skip says why."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _decorators(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in fn.decorator_list]


def _functions(folder: Path) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    out = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                out.append((f"{path.name}:{node.lineno} {node.name}", node))
    return out


def unpinned_property_tests(folder: Path) -> list[str]:
    """Functions decorated with hypothesis' @given and no @example (plain or .via)."""
    return [where for where, fn in _functions(folder)
            if any(n.endswith("given") for n in _decorators(fn)) and not any("example" in n for n in _decorators(fn))]


@pytest.mark.parametrize("folder", ["tests", "proofs", "bench"])
def test_every_given_has_example_pins(folder: str) -> None:
    assert unpinned_property_tests(ROOT / folder) == []


def test_the_pin_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text(
        "from hypothesis import example, given\n"
        "@given(x=1)\ndef test_bare(x):\n    assert x\n"
        "@given(x=1)\n@example(x=2).via('pinned')\ndef test_pinned(x):\n    assert x\n"
    )
    assert unpinned_property_tests(tmp_path) == ["t.py:3 test_bare"]


def test_every_importorskip_gives_a_reason() -> None:
    missing = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("importorskip"):
                if not any(k.arg == "reason" for k in node.keywords):
                    missing.append(f"{path.name}:{node.lineno}")
    assert missing == []


def test_every_skip_mark_gives_a_reason() -> None:
    missing = []
    for where, fn in _functions(ROOT / "tests"):
        for d in fn.decorator_list:
            if isinstance(d, ast.Call) and ast.unparse(d.func).endswith(("mark.skip", "mark.skipif")):
                if not any(k.arg == "reason" for k in d.keywords):
                    missing.append(where)
    assert missing == []


def timing_assertions(folder: Path) -> list[str]:
    """Asserts on elapsed time: speed is measured in bench/, never asserted in a test."""
    hits = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert) and any(
                isinstance(c, ast.Call) and ast.unparse(c.func).endswith(("perf_counter", "time.time", "monotonic"))
                for c in ast.walk(node.test)
            ):
                hits.append(f"{path.name}:{node.lineno}")
    return hits


def test_no_test_asserts_on_elapsed_time(tmp_path: Path) -> None:
    assert timing_assertions(ROOT / "tests") == []
    (tmp_path / "t.py").write_text("import time\ndef test_x():\n    t = time.perf_counter()\n    assert time.perf_counter() - t < 1\n")
    assert timing_assertions(tmp_path) == ["t.py:4"]
