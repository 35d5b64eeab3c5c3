"""``--jobs N`` on distinguish, reconstruct and verify (in process): same files as one core, and a bad N exits 2 in one line."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest

from refimpl import SMOTE, parallel
from refimpl.cli import main


def write_data(tmp: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = np.r_[np.ones(20, int), np.zeros(40, int)]
    real = pd.DataFrame(X, columns=["a", "b", "c"]).assign(label=y)
    real.to_csv(tmp / "real.csv", index=False)
    Xr, yr = SMOTE(k_neighbors=5, random_state=0).fit_resample(X, y)
    aug = pd.DataFrame(np.asarray(Xr), columns=["a", "b", "c"]).assign(label=np.asarray(yr))
    aug.to_csv(tmp / "aug.csv", index=False)
    # ReconSMOTE needs many synthetic rows per real one (1:20)
    Xs, _ = SMOTE(k_neighbors=5, sampling_strategy={1: 21 * 20}, random_state=0).fit_resample(X, y)
    pd.DataFrame(np.asarray(Xs)[len(X) :], columns=["a", "b", "c"]).to_csv(tmp / "syn.csv", index=False)


COMMANDS = {
    "distinguish": ["distinguish", "aug.csv", "--target", "label", "--minority", "1", "-o", "{out}"],
    "reconstruct": ["reconstruct", "syn.csv", "-o", "{out}"],
    "verify": ["verify", "real.csv", "aug.csv", "--target", "label", "-o", "{out}"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_jobs_two_writes_what_one_writes(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parallel, "MIN_RANGE", 1)  # small data, many ranges: the workers really run
    texts = []
    for jobs in ("1", "2"):
        out = f"out{jobs}.txt"
        code = main([a.format(out=out) for a in COMMANDS[command]] + ["--jobs", jobs])
        assert code == 0
        texts.append((tmp_path / out).read_text(encoding="utf-8"))
    if command == "verify":  # the JSON report holds the run's seconds: compare without them
        import json

        rep = [json.loads(t) for t in texts]
        for r in rep:
            r.pop("seconds", None)
        assert rep[0] == rep[1] and rep[0]["certificates"]
    else:
        assert texts[0] == texts[1] and len(texts[0].splitlines()) > 1


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("bad", ["0", "two", "1.5"])
def test_bad_jobs_exits_2_in_one_line(
    command: str,
    bad: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    with mock.patch("sys.stdin"):
        code = main([a.format(out="o.txt") for a in COMMANDS[command]] + ["--jobs", bad])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "--jobs" in err
    assert "Traceback" not in err
