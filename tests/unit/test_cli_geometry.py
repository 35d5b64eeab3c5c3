"""``distinguish --geometry segment|box|auto`` on box-SMOTE output (Lemma 7, proofs/07_box_geometry.py)."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from refimpl.box_smote import augmented_box

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".venv" / "bin" / "smote-refimpl"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _write(path: Path) -> None:
    rng = np.random.default_rng(0)
    X, _, _ = augmented_box(rng.normal(size=(50, 12)), 2, k=5, seed=1)
    maj = np.round(rng.normal(size=(40, 12)) + 3, 6)
    frame = pd.DataFrame(np.vstack([X, maj]), columns=[f"x{j}" for j in range(12)])
    frame["label"] = [1] * len(X) + [0] * len(maj)
    frame.to_csv(path, index=False, float_format="%.6f")


@pytest.mark.slow
def test_box_and_auto_find_the_box_rows(tmp_path: Path) -> None:
    _write(tmp_path / "aug.csv")
    seen = {}
    for geometry in ("segment", "box", "auto"):
        res = _cli("distinguish", "aug.csv", "--target", "label", "--minority", "1", "--release", "decimals:6", "--geometry", geometry,
                   "-o", "v.csv", "--json", cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        summary = json.loads(res.stdout)
        seen[geometry] = (summary["geometry"], summary["synthetic"], summary["real"])
        out = pd.read_csv(tmp_path / "v.csv", keep_default_na=False)
        assert (out.loc[out["label"] == 1, "verdict"].iloc[:50] != "synthetic").all()  # the originals
    assert seen["segment"] == ("segment", 0, seen["segment"][2])  # the segment test finds nothing here
    assert seen["box"] == ("box", 100, 50)
    assert seen["auto"] == seen["box"]


def test_unknown_geometry_exits_2(tmp_path: Path) -> None:
    _write(tmp_path / "aug.csv")
    res = _cli("distinguish", "aug.csv", "--target", "label", "--geometry", "sphere", "-o", "v.csv", cwd=tmp_path)
    assert res.returncode == 2 and "--geometry" in res.stderr and "Traceback" not in res.stderr
