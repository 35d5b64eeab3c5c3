"""The data holder's audit: exposed records scored against the truth, the ladder, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from refimpl import SMOTE, datasets
from refimpl.audit_report import audit_release, ladder_specs
from refimpl.cli import main


@pytest.fixture(scope="module")
def ecoli_release() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    ds = datasets.load("ecoli")
    Xo, yo = SMOTE(random_state=0).fit_resample(ds.X, ds.y)
    return np.asarray(ds.X), np.asarray(ds.y), Xo, yo


def test_augmented_release_exposes_every_real_minority_record(ecoli_release) -> None:  # type: ignore[no-untyped-def]
    X, y, Xo, yo = ecoli_release
    rep = audit_release(X, y, Xo, yo, perturbations=["decimals:6", "decimals:1"], figures=False)
    real_rows = set(np.flatnonzero(y == 1).tolist())
    assert rep.real_copies == 35 and rep.synthetic_rows == 266
    # every identified record is a real minority row, and its release row is a copy of it
    for e in rep.identified_real:
        assert e["real_row"] in real_rows and (Xo[e["release_row"]] == X[e["real_row"]]).all()
    assert len(rep.identified_real) == 35
    assert all(c["truly_synthetic"] for c in rep.certified_synthetic)  # certified: no real row called synthetic
    hits = [e for e in rep.rebuilt if e["hit"]]
    assert len(hits) == rep.recon["matched"] > 0  # type: ignore[index]
    assert [r.stopped for r in rep.ladder] == [False, True] and rep.protection == "decimals:1"
    assert len(repr(rep)) < 300
    frame = rep.to_frame()
    assert set(frame["how"]) == {"identified by DistinSMOTE", "rebuilt by ReconSMOTE"}
    assert json.loads(rep.to_json())["protection_by_family"] == {"decimals": "decimals:1"}


def test_synthetic_only_release_says_distin_does_not_apply(ecoli_release) -> None:  # type: ignore[no-untyped-def]
    X, y, Xo, yo = ecoli_release
    syn = Xo[len(y):]
    rep = audit_release(X, y, syn, yo[len(y):], perturbations=[], figures=False)
    assert rep.real_copies == 0 and rep.identified_real == []
    assert any("holds no copy of a real record" in n for n in rep.notes)
    assert rep.recon is not None and rep.recon["matched"] > 0


def test_ladder_scales_noise_to_the_data() -> None:
    X = np.array([[0.0, 0.0], [10.0, 4.0]])
    specs = ladder_specs(X, decimals=(3,), noise=(1e-3,))
    assert specs == ["decimals:3", "uniform:0.005"]


def _csvs(tmp_path: Path, X, y, Xo, yo) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    cols = [f"f{j}" for j in range(X.shape[1])]
    real, release = tmp_path / "real.csv", tmp_path / "release.csv"
    pd.DataFrame(X, columns=cols).assign(target=y).to_csv(real, index=False)
    pd.DataFrame(Xo, columns=cols).assign(target=yo).to_csv(release, index=False)
    return str(real), str(release)


def test_cli_writes_the_page_and_json(tmp_path: Path, ecoli_release, capsys) -> None:  # type: ignore[no-untyped-def]
    real, release = _csvs(tmp_path, *ecoli_release)
    out = tmp_path / "report.html"
    code = main(["audit", real, release, "--target", "target", "--no-ladder", "-o", str(out), "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["real_copies"] == 35 and data["minority"] == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "What this SMOTE release exposes" in page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "pass -o REPORT.html"),
        (["-o", "/nonexistent-dir/r.html"], "does not exist"),
        (["--json", "--minority", "7"], "is not a class of REAL"),
        (["--json", "--k", "0"], "k must be a positive integer"),
    ],
)
def test_cli_bad_invocations_exit_2_with_one_line(tmp_path: Path, ecoli_release, capsys, extra, message) -> None:  # type: ignore[no-untyped-def]
    real, release = _csvs(tmp_path, *ecoli_release)
    code = main(["audit", real, release, "--target", "target", "--no-ladder", *extra])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err and err.count("\n") == 1
