"""``distinguish --categorical-features`` and ``--parents`` in process (the subprocess runs are
in test_cli_*.py): SMOTENC output with string categories, Borderline-2 output, bad columns."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTENC, BorderlineSMOTE

from refimpl.cli import main


def _data(seed: int, n: int = 30, d: int = 4) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n, d)) + 1.0, rng.normal(size=(4 * n, d))])
    return pd.DataFrame(X, columns=[f"x{j}" for j in range(d)]), np.r_[
        np.ones(n, dtype=np.intp), np.zeros(4 * n, dtype=np.intp)
    ]


def _verdicts(path: Path, n_real: int) -> tuple[pd.Series, pd.Series]:
    out = pd.read_csv(path, keep_default_na=False)
    mino = out[out["label"] == 1]
    return mino["verdict"].iloc[:n_real], mino["verdict"].iloc[n_real:]


def test_categorical_features_by_name_and_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame, y = _data(0)
    rng = np.random.default_rng(1)
    frame["colour"] = rng.choice(["red", "green", "blue"], size=len(frame))
    Xr, yr = SMOTENC(categorical_features=["colour"], random_state=0).fit_resample(frame, y)
    Xr["label"] = yr
    Xr.to_csv(tmp_path / "aug.csv", index=False)
    for spec in ("colour", "4"):
        assert (
            main(
                [
                    "distinguish",
                    str(tmp_path / "aug.csv"),
                    "--target",
                    "label",
                    "--minority",
                    "1",
                    "--categorical-features",
                    spec,
                    "-o",
                    str(tmp_path / "v.csv"),
                ]
            )
            == 0
        )
        real, syn = _verdicts(tmp_path / "v.csv", 30)
        assert (real == "real").all() and (syn == "synthetic").all(), spec
    # without the option the string column is refused with one line, exit 2
    bad = [
        "distinguish",
        str(tmp_path / "aug.csv"),
        "--target",
        "label",
        "--minority",
        "1",
        "-o",
        str(tmp_path / "w.csv"),
    ]
    assert main(bad) == 2
    assert "colour" in capsys.readouterr().err
    assert main([*bad, "--categorical-features", "shade"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "'shade' is neither a feature column" in err[-1]


def test_parents_all_on_borderline2(tmp_path: Path) -> None:
    frame, y = _data(2)
    Xr, yr = BorderlineSMOTE(kind="borderline-2", random_state=0).fit_resample(frame, y)
    Xr["label"] = yr
    Xr.to_csv(tmp_path / "aug.csv", index=False)
    args = [
        "distinguish",
        str(tmp_path / "aug.csv"),
        "--target",
        "label",
        "--minority",
        "1",
        "-o",
        str(tmp_path / "v.csv"),
    ]
    assert main(args) == 0
    _, syn = _verdicts(tmp_path / "v.csv", 30)
    assert (syn == "real").any()  # children of majority rows look real with minority parents
    assert main([*args, "--parents", "all"]) == 0
    real, syn = _verdicts(tmp_path / "v.csv", 30)
    assert (real == "real").all() and (syn == "synthetic").all()


def test_reconstruct_drops_categorical_columns(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(400, 4)), columns=[f"x{j}" for j in range(4)])
    frame["colour"] = rng.choice(["red", "green"], size=400)
    y = np.r_[np.ones(10, dtype=np.intp), np.zeros(390, dtype=np.intp)]  # 38 synthetic rows per real one
    Xr, _ = SMOTENC(categorical_features=["colour"], random_state=0).fit_resample(frame, y)
    Xr.iloc[len(frame) :].to_csv(tmp_path / "syn.csv", index=False)  # synthetic-only
    args = ["reconstruct", str(tmp_path / "syn.csv"), "-o", str(tmp_path / "rec.csv")]
    assert main(args) == 2  # the string column is refused
    assert main([*args, "--categorical-features", "colour"]) == 0
    out = pd.read_csv(tmp_path / "rec.csv")
    assert "colour" not in out.columns and {"x0", "x1", "x2", "x3"} <= set(out.columns)
    assert len(out) >= 5  # SMOTENC's numeric part is plain SMOTE: records are rebuilt
