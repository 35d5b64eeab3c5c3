"""The real console entry point: resample a CSV, with provenance, and clean failures."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refimpl.cli", *args],
        cwd=cwd, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def write_input(path: Path) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(30, 3)), columns=["a", "b", "c"])
    frame["label"] = [1] * 8 + [0] * 22
    frame.to_csv(path, index=False)
    return frame


def test_resample_float_with_provenance(tmp_path: Path) -> None:
    frame = write_input(tmp_path / "in.csv")
    res = cli("resample", "in.csv", "--target", "label", "--seed", "3", "-o", "out.csv",
              "--provenance", "prov.csv", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["synthetic"] == 14 and summary["rows_out"] == 44
    out = pd.read_csv(tmp_path / "out.csv")
    # the originals come first and survive the CSV round trip bit for bit
    assert out.iloc[:30].to_numpy().tobytes() == frame.to_numpy().tobytes()
    prov = pd.read_csv(tmp_path / "prov.csv", dtype={"lambda_numerator": str})
    assert len(prov) == 14
    for _, row in prov.iterrows():
        assert Fraction(int(row["lambda_numerator"]), 2**53) == Fraction(row["lambda_exact"])
        x, n = frame.iloc[row["base"], :3].to_numpy(), frame.iloc[row["neighbour"], :3].to_numpy()
        s = out.iloc[row["row"], :3].to_numpy()
        assert np.array_equal(s, x + row["lambda"] * (n - x))


def test_resample_exact_writes_rationals(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv")
    res = cli("resample", "in.csv", "--target", "label", "--seed", "3", "--arithmetic", "exact", "-o", "out.csv", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert all(Fraction(v) is not None for v in out["a"])
    assert any("/" in v for v in out["a"][30:])


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv")
    res = cli("resample", "in.csv", "--target", "nope", "-o", "out.csv", cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert res.stderr.strip().count("\n") == 0 and "target column 'nope'" in res.stderr
    res = cli("resample", "missing.csv", "--target", "label", "-o", "out.csv", cwd=tmp_path)
    assert res.returncode == 2 and "does not exist" in res.stderr
    res = cli("resample", "in.csv", "--target", "label", "--k", "8", "-o", "out.csv", cwd=tmp_path)
    assert res.returncode == 2 and "needs at least 9" in res.stderr
