"""The real ``smote-refimpl verify`` CLI: exit 0 conforms, 1 does not, 2 bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from refimpl.smote import SMOTE

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "refimpl.cli", *args], capture_output=True, text=True, env=env)


def _tables(tmp_path: Path, *, sign: float = 1.0) -> tuple[Path, Path]:
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(60, 3)), rng.normal(1, 1, size=(15, 3))])
    y = np.r_[np.zeros(60, int), np.ones(15, int)]
    sm = SMOTE(random_state=0)
    Xo, yo = sm.fit_resample(X, y)
    if sign < 0:  # a sign error: x − λ(n − x)
        p = sm.provenance_
        Xo[p.row] = X[p.base] - p.lam_float[:, None] * (X[p.neighbour] - X[p.base])
    real, out = tmp_path / "real.csv", tmp_path / "out.csv"
    pd.DataFrame(X, columns=["a", "b", "c"]).assign(label=y).to_csv(real, index=False)
    pd.DataFrame(Xo, columns=["a", "b", "c"]).assign(label=yo).to_csv(out, index=False)
    return real, out


def test_cli_conforming_output_exits_0_and_writes_json(tmp_path: Path) -> None:
    real, out = _tables(tmp_path)
    report = tmp_path / "r.json"
    res = _cli("verify", str(real), str(out), "--target", "label", "--sampling-strategy", "auto", "-o", str(report))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "CONFORMS" in res.stdout and "ok" in res.stdout
    data = json.loads(report.read_text())
    assert data["ok"] and data["n_synthetic"] == 45
    assert res.stderr == ""  # no progress bar when stderr is not a terminal


def test_cli_broken_output_exits_1(tmp_path: Path) -> None:
    real, out = _tables(tmp_path, sign=-1.0)
    res = _cli("verify", str(real), str(out), "--target", "label")
    assert res.returncode == 1
    assert "DOES NOT CONFORM" in res.stdout and "lambda_" in res.stdout


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    real, out = _tables(tmp_path)
    res = _cli("verify", str(real), str(out), "--target", "nope")
    assert res.returncode == 2 and "target column 'nope'" in res.stderr
    res = _cli("verify", str(tmp_path / "missing.csv"), str(out), "--target", "label")
    assert res.returncode == 2 and "does not exist" in res.stderr
    res = _cli("verify", str(real), str(out), "--target", "label", "--model", "float16")
    assert res.returncode == 2


def test_cli_exact_model_reads_rational_strings(tmp_path: Path) -> None:
    real, _ = _tables(tmp_path)
    out = tmp_path / "exact.csv"
    res = _cli("resample", str(real), "--target", "label", "--seed", "0", "--arithmetic", "exact", "-o", str(out))
    assert res.returncode == 0, res.stderr
    res = _cli("verify", str(real), str(out), "--target", "label", "--model", "exact")
    assert res.returncode == 0, res.stdout + res.stderr


def _xstrtod(text: str) -> float:
    """pandas' pre-3.1 fast parser (``xstrtod``): digits accumulated in a double, then scaled by 10^e."""
    t = text.strip()
    neg = t.startswith("-")
    t = t.lstrip("+-")
    mant, _, exp = t.lower().partition("e")
    whole, _, frac = mant.partition(".")
    number = 0.0
    for ch in whole + frac:
        number = number * 10.0 + float(ord(ch) - 48)
    e = (int(exp) if exp else 0) - len(frac)
    p10, n = 10.0, abs(e)
    while n:
        if n & 1:
            number = number / p10 if e < 0 else number * p10
        n >>= 1
        p10 *= p10
    return -number if neg else number


def test_own_resample_output_conforms_read_back(tmp_path: Path) -> None:
    """Pinned (issue 14): `resample` output read back by `verify` conforms, whatever pandas' own parser does."""
    from refimpl import datasets
    from refimpl.commands._io import read_table
    from refimpl.validate import verify_smote

    frame = datasets.to_frame(datasets.load("ecoli"))
    target = frame.columns[-1]
    real, out = tmp_path / "real.csv", tmp_path / "aug.csv"
    frame.to_csv(real, index=False)
    res = _cli("resample", str(real), "--target", target, "--seed", "0", "-o", str(out))
    assert res.returncode == 0, res.stderr
    res = _cli("verify", str(real), str(out), "--target", target, "--sampling-strategy", "auto")
    assert res.returncode == 0, res.stdout + res.stderr
    # every cell read is float() of its text: the property that makes the verdict version-independent
    cells = pd.read_csv(out, dtype=str).drop(columns=[target])
    got = read_table(out).drop(columns=[target]).to_numpy()
    want = np.vectorize(float)(cells.to_numpy())
    assert np.array_equal(got.view(np.int64), want.astype(np.float64).view(np.int64))
    # and the test has teeth: a parser that is not correctly rounded (pandas < 3.1's xstrtod) fails it
    sloppy = np.vectorize(_xstrtod)(cells.to_numpy()).astype(np.float64)
    Xr = read_table(real).drop(columns=[target]).to_numpy()
    sloppy_real = np.vectorize(_xstrtod)(pd.read_csv(real, dtype=str).drop(columns=[target]).to_numpy()).astype(np.float64)
    y_out = read_table(out)[target].to_numpy()
    assert np.count_nonzero(sloppy != got) > 0
    rep = verify_smote(sloppy_real, read_table(real)[target], sloppy, y_out)
    assert not rep.ok and any(c.status == "outside_tube" for c in rep.certificates)
    assert verify_smote(Xr, read_table(real)[target], got, y_out).ok


def test_cli_release_option(tmp_path: Path) -> None:
    """Output written with 6 decimals: rejected as is, conforms with --release decimals:6; bad values exit 2."""
    real, out = _tables(tmp_path)
    frame = pd.read_csv(out)
    out6 = tmp_path / "out6.csv"
    frame.to_csv(out6, index=False, float_format="%.6f")
    assert _cli("verify", str(real), str(out6), "--target", "label").returncode == 1
    res = _cli("verify", str(real), str(out6), "--target", "label", "--release", "decimals:6")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "released as decimals:6" in res.stdout
    for bad in ("decimal:6", "significant:x", "gaussian:1e-3"):
        res = _cli("verify", str(real), str(out6), "--target", "label", "--release", bad)
        assert res.returncode == 2 and "--release" in res.stderr, bad
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
