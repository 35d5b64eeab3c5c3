"""Run every proof notebook (``proofs/*.py``, jupytext percent format) as a test.

Each proof checks its claims with plain ``assert``; a proof passes iff it runs to the end.
Proofs run in a fresh interpreter (``subprocess``), from the repository root, with
matplotlib's non-interactive Agg backend and a timeout, so one proof cannot leak state into
another or hang the suite. New proofs are picked up by the glob automatically.

The runner is itself tested: a deliberately false proof must make it raise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROOFS_DIR = ROOT / "proofs"
PROOF_FILES = sorted(PROOFS_DIR.glob("*.py"))
#: Generous per-proof limit: proofs aim at < 20 s, but the suite may share a busy machine.
TIMEOUT_S = float(os.environ.get("REFIMPL_PROOF_TIMEOUT", "300"))


class ProofFailed(AssertionError):
    """A proof notebook raised (a failed assert, an error) or timed out."""


def run_proof(
    path: Path, *, timeout: float = TIMEOUT_S, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Execute one proof file in a fresh interpreter; raise ProofFailed unless it exits cleanly."""
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONHASHSEED", "0")
    try:
        proc = subprocess.run(
            [sys.executable, str(path)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProofFailed(f"{path.name} did not finish within {timeout:.0f} s") from exc
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-25:])
        raise ProofFailed(f"{path.name} failed (exit code {proc.returncode}):\n{tail}")
    return proc


def test_there_are_proofs() -> None:
    assert PROOF_FILES, f"no proof notebooks found in {PROOFS_DIR}"


@pytest.mark.slow
@pytest.mark.parametrize("path", PROOF_FILES, ids=[p.name for p in PROOF_FILES])
def test_proof_runs(path: Path) -> None:
    run_proof(path)


@pytest.mark.parametrize("path", PROOF_FILES, ids=[p.name for p in PROOF_FILES])
def test_proof_has_jupytext_percent_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines and lines[0] == "# ---", f"{path.name} must start with a jupytext header ('# ---')"
    header = lines[: lines.index("# ---", 1) + 1] if "# ---" in lines[1:] else []
    assert header, f"{path.name}: the jupytext header is not closed by a second '# ---'"
    joined = "\n".join(header)
    assert "format_name: percent" in joined, f"{path.name}: the header must declare format_name: percent"
    assert "# %%" in text, f"{path.name} has no percent-format cells"
    jupytext = pytest.importorskip("jupytext", reason="the proof runner executes the jupytext notebooks (test extra)")
    notebook = jupytext.read(path)
    fmt = notebook.metadata["jupytext"]["text_representation"]["format_name"]
    assert fmt == "percent"
    kinds = {cell.cell_type for cell in notebook.cells}
    assert kinds == {"markdown", "code"}, f"{path.name} should interleave prose and code, got {kinds}"


def test_no_ipynb_is_tracked() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "--", "*.ipynb"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert listed == [], f"notebooks are kept as jupytext .py files only; remove {listed}"


# --- the runner can fail -------------------------------------------------------------------

HEADER = """# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---
"""


def test_runner_raises_on_a_false_proof(tmp_path: Path) -> None:
    bad = tmp_path / "99_false.py"
    bad.write_text(
        HEADER + "\n# %%\nfrom fractions import Fraction\n\n# %%\nassert Fraction(1, 3) * 3 == 2\n"
    )
    with pytest.raises(ProofFailed, match="99_false.py failed"):
        run_proof(bad)


def test_runner_raises_on_an_error_and_on_a_timeout(tmp_path: Path) -> None:
    broken = tmp_path / "98_broken.py"
    broken.write_text(HEADER + "\n# %%\nimport refimpl\nrefimpl.no_such_function()\n")
    with pytest.raises(ProofFailed, match="AttributeError"):
        run_proof(broken)
    slow = tmp_path / "97_slow.py"
    slow.write_text(HEADER + "\n# %%\nimport time\ntime.sleep(30)\n")
    with pytest.raises(ProofFailed, match="did not finish"):
        run_proof(slow, timeout=1)


def test_runner_passes_a_true_proof_headless(tmp_path: Path) -> None:
    """A correct proof passes, sees the repository's package, and can plot without a display."""
    pytest.importorskip("matplotlib", reason="the proofs draw figures (test extra)")
    good = tmp_path / "96_true.py"
    good.write_text(
        HEADER
        + "\n# %%\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
        + "from refimpl.exact import strictly_between\n\n# %%\n"
        + "assert matplotlib.get_backend().lower() == 'agg'\n"
        + "fig, ax = plt.subplots()\nax.plot([0, 1], [0, 1])\nplt.show()\n"
        + "assert strictly_between((1, 1), (0, 0), (2, 2))\n"
    )
    proc = run_proof(good)
    assert proc.returncode == 0
