"""The real console script: ``smote-refimpl dp`` for the three pipelines, and clean failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "smote-refimpl"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if not SCRIPT.exists():  # pragma: no cover - the package is installed in the venv by make
        pytest.skip(f"console script {SCRIPT} is not installed (run make .venv/.installed-test)")
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")},
    )


def write_input(tmp: Path) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.uniform(-1, 1, size=(40, 2)), columns=["a", "b"])
    frame["label"] = ["pos"] * 10 + ["neg"] * 30
    frame.to_csv(tmp / "in.csv", index=False)
    (tmp / "bounds.json").write_text(json.dumps({"columns": {"a": [-1, 1], "b": [-1, 1]}}))
    (tmp / "bounds_list.json").write_text(json.dumps([[-1, 1], [-1, 1]]))
    return frame


@pytest.mark.parametrize(
    ("pipeline", "extra", "is_dp"),
    [
        ("dp-then-smote", [], True),
        ("dp-smote", ["--bins", "8"], True),
        ("smote-then-dp", [], True),
        ("smote-then-dp", ["--calibration", "claimed"], False),
    ],
)
def test_dp_pipelines_from_the_cli(tmp_path: Path, pipeline: str, extra: list[str], is_dp: bool) -> None:
    frame = write_input(tmp_path)
    res = cli("dp", "in.csv", "--target", "label", "--epsilon", "2", "--bounds", "bounds.json",
              "--pipeline", pipeline, "--seed", "1", "-o", "out.csv", *extra, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert f"pipeline: {pipeline}" in res.stdout and "stated epsilon = 2" in res.stdout
    assert ("DP guarantee per real record: YES" in res.stdout) == is_dp
    # the printed statement is released with the data: no un-noised statistic of the run in it
    assert "realised fan-out" not in res.stdout and "PRIVATE" not in res.stdout
    assert ("epsilon per real record: unbounded (noise scale depends on the data)" in res.stdout) == (not is_dp)
    assert "for testing only" in res.stderr  # --seed warns
    out = pd.read_csv(tmp_path / "out.csv")
    assert list(out.columns) == ["a", "b", "label"]
    # the majority is copied, the 10 real minority rows are replaced by 20 synthetic ones
    assert (out["label"] == "neg").sum() == 30 and (out["label"] == "pos").sum() == 20
    real_pos = frame[frame["label"] == "pos"][["a", "b"]].to_numpy()
    syn = out[out["label"] == "pos"][["a", "b"]].to_numpy()
    assert not any((syn == r).all(axis=1).any() for r in real_pos)
    assert np.all(np.abs(syn) <= 1)


def test_list_bounds_and_synthetic_only(tmp_path: Path) -> None:
    write_input(tmp_path)
    res = cli("dp", "in.csv", "--target", "label", "--epsilon", "1", "--bounds", "bounds_list.json",
              "--pipeline", "dp-smote", "--n-synthetic", "7", "--synthetic-only", "-o", "out.csv", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""  # no seed, no warning
    out = pd.read_csv(tmp_path / "out.csv")
    assert len(out) == 7 and set(out["label"]) == {"pos"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--epsilon", "1", "--pipeline", "dp-smote"], "--bounds BOUNDS.json is required"),
        (["--epsilon", "1", "--bounds", "nope.json", "--pipeline", "dp-smote"], "bounds file 'nope.json' does not exist"),
        (["--bounds", "bounds.json", "--pipeline", "dp-smote"], "--epsilon E is required"),
        (["--epsilon", "1", "--bounds", "narrow.json", "--pipeline", "dp-smote"], "outside the public bounds"),
        (["--epsilon", "1", "--bounds", "partial.json", "--pipeline", "dp-smote"], "no bounds for column(s) ['b']"),
        (["--epsilon", "1", "--bounds", "bounds.json", "--pipeline", "dp-smote", "--calibration", "sound"],
         "--calibration applies to --pipeline smote-then-dp only"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    write_input(tmp_path)
    (tmp_path / "narrow.json").write_text(json.dumps({"columns": {"a": [-0.5, 0.5], "b": [-1, 1]}}))
    (tmp_path / "partial.json").write_text(json.dumps({"columns": {"a": [-1, 1]}}))
    res = cli("dp", "in.csv", "--target", "label", "-o", "out.csv", *args, cwd=tmp_path)
    assert res.returncode == 2, res.stdout
    assert "Traceback" not in res.stderr
    assert res.stderr.strip().count("\n") == 0 and message in res.stderr, res.stderr
    assert not (tmp_path / "out.csv").exists()


def test_read_bounds_messages(tmp_path: Path) -> None:
    from refimpl.commands.dp import read_bounds
    from refimpl.errors import InvalidParameter

    cols = ["a", "b"]
    cases = {
        "[[-1, 1]]": "lists 1 pairs for 2 feature columns",
        "{not json": "is not valid JSON",
        '{"columns": {"a": [-1, 1], "b": [-1, 1], "c": [0, 1]}}': "names column(s) ['c']",
        '{"columns": {"a": [-1, 1], "b": [-1, "x"]}}': "bounds for column 'b' must be [lo, hi] numbers",
        '{"cols": {}}': 'expected {"columns"',
        "3": "expected a JSON object or list",
    }
    for text, message in cases.items():
        path = tmp_path / "b.json"
        path.write_text(text)
        with pytest.raises(InvalidParameter) as info:
            read_bounds(str(path), cols)
        assert message in str(info.value), (text, str(info.value))
    path.write_text('{"columns": {"b": [0, 2], "a": [-1, 1]}}')
    assert read_bounds(str(path), cols) == [(-1, 1), (0, 2)]  # by name, in column order
