"""`bench/attacks.py --published PATH` loads the published attack code from a local checkout and
runs it side by side with ours; a path without that code exits 2 with what to pass.

The published code itself is not in this repository (it is never downloaded), so the test
builds a stand-in checkout with the same layout and the same import style (``from attacks
import ...``): the stand-in detection returns every minority row, the reconstruction returns
the minority's mean, and the scorer counts matches (exact, or within ``line_eps``). What is checked is the plumbing:
loading without the package's ``__init__``, the same rows to both, and the table.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import published  # noqa: E402  (a broken bench must fail here, not skip)

UTILS = """
import numpy as np

def calculate_scores(X, y, predictions, exact_match=True, line_eps=1e-12):
    real = X[y == 1]
    got = np.asarray(predictions, dtype=float).reshape(len(predictions), -1)
    atol = 0.0 if exact_match else line_eps
    tp = sum(bool((np.abs(real - r).max(axis=1) <= atol).any()) for r in got)
    p = tp / len(got) if len(got) else 0.0
    return p, tp / len(real), 0.0

def check_collinear(a, b, c, eps):
    return False
"""
DETECT = """
from attacks import check_collinear

def smote_detection_attack(X_augmented, y_augmented, k=5, r=5, **kw):
    assert not check_collinear(None, None, None, 0)
    return X_augmented[y_augmented == 1]
"""
RECON = """
from attacks import check_collinear

def smote_reconstruction_attack(X_synthetic, y_synthetic, k=5, r=5, **kw):
    return X_synthetic[y_synthetic == 1].mean(axis=0, keepdims=True)
"""
# the real package's __init__ imports notebook-only packages: the loader must not run it
INIT = "raise ImportError('the loader must not import the package __init__')\n"


def _checkout(tmp: Path) -> Path:
    base = tmp / "smote-mirrors" / "code" / "attacks"
    base.mkdir(parents=True)
    for name, text in [
        ("utils", UTILS),
        ("smote_detection_attack", DETECT),
        ("smote_reconstruction_attack", RECON),
        ("__init__", INIT),
    ]:
        (base / f"{name}.py").write_text(text)
    return tmp / "smote-mirrors"


def test_quick_side_by_side_runs_both_on_the_same_rows(tmp_path: Path) -> None:
    rows = published.run(_checkout(tmp_path), quick=True)
    assert [r.attack for r in rows] == ["DistinSMOTE", "ReconSMOTE"]
    distin, recon = rows
    # the stand-in calls every minority row real: precision = real share of the 1:1 output
    assert distin.pub_pr[1] == 1.0 and 0.0 < distin.pub_pr[0] < 1.0
    assert distin.our_pr == (1.0, 1.0)  # ours, scored by the same (stand-in) scorer
    assert recon.pub_pr == (0.0, 0.0) and recon.our_pr[0] == 1.0
    assert all(r.pub_cpu >= 0 and r.our_cpu > 0 and r.ratio >= 0 for r in rows)
    text = published.table(rows)
    assert text.count("\n") == 3 and "| DistinSMOTE | yeast_me2 | " in text
    assert "attacks" not in sys.modules  # the stand-in package is removed again


def test_a_path_without_the_code_exits_2_with_what_to_pass(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "attacks.py"), "--published", str(tmp_path), "--quick"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 2
    assert "not a checkout of sascommunities/smote-mirrors" in out.stderr and "--published DIR" in out.stderr
    assert "Traceback" not in out.stderr


def test_markdown_writes_the_table_into_its_page_section(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# p\n<!-- begin bench/published.py -->\nold\n<!-- end bench/published.py -->\ntail\n")
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "attacks.py"),
            "--published",
            str(_checkout(tmp_path)),
            "--quick",
            "--markdown",
            str(page),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    text = page.read_text()
    assert "old" not in text and text.endswith("tail\n")
    assert "| DistinSMOTE | yeast_me2 | " in text and "Load average at start" in text
