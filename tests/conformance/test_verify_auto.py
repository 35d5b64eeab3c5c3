"""Layout ``any``, the range-scaled metric, presets (``--as``) and ``--model auto``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from refimpl.box_smote import box_smote
from refimpl.errors import InvalidParameter
from refimpl.validate import verify_smote
from refimpl.validate.auto import PRESETS, preset, verify_auto

ROOT = Path(__file__).resolve().parents[2]


def _data(seed: int = 0, stretch: bool = False) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    scale = np.array([100.0, 1.0, 1.0, 0.01]) if stretch else 1.0
    X = np.vstack([rng.normal(size=(80, 4)), rng.normal(1.0, 1.0, size=(20, 4)) * scale])
    return X, np.r_[np.zeros(80, int), np.ones(20, int)]


def _shuffled_imblearn(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from imblearn.over_sampling import SMOTE

    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)
    rng = np.random.default_rng(1)
    keep = np.r_[rng.choice(80, 60, replace=True), np.arange(80, len(yo))]  # majority resampled
    order = rng.permutation(len(keep))
    return Xo[keep][order], yo[keep][order]


def test_layout_any_recognises_copies_and_a_resampled_majority() -> None:
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    X, y = _data()
    Xo, yo = _shuffled_imblearn(X, y)
    assert not verify_smote(X, y, Xo, yo).ok
    rep = verify_smote(X, y, Xo, yo, layout="any")
    assert rep.ok, rep.summary()
    layout = next(c for c in rep.checks if c.name == "layout")
    assert "repeated: resampled" in layout.detail and "absent (undersampled" in layout.detail
    assert rep.n_synthetic == 60  # the minority originals are copies, the 60 synthetic rows are certified


def test_range_scaled_metric_and_zero_range() -> None:
    """Box rows drawn from range-scaled neighbours: Euclidean kNN rejects some, range-scaled explains all;
    a constant minority column is reported as an undefined kNN, column named."""
    from refimpl.validate.knn import class_neighbours_range_scaled

    X, y = _data(stretch=True)
    Xm = X[80:]
    cn = class_neighbours_range_scaled(Xm, 5)
    rng = np.random.default_rng(2)
    base = np.arange(40) % 20
    nbr = np.array([cn.knn[b][rng.integers(0, 5)] for b in base])
    S = Xm[base] + rng.uniform(size=(40, 1)) * (Xm[nbr] - Xm[base])
    Xo, yo = np.vstack([X, S]), np.r_[y, np.ones(40, int)]
    assert not verify_smote(X, y, Xo, yo).ok
    assert verify_smote(X, y, Xo, yo, metric="range-scaled").ok
    Xc = X.copy()
    Xc[80:, 2] = 3.0
    rep = verify_smote(pd.DataFrame(Xc, columns=list("abcd")), y, np.vstack([Xc, Xc[80:81]]), np.r_[y, 1],
                       metric="range-scaled")
    assert [c.status for c in rep.certificates] == ["knn_undefined"]
    assert "this implementation's kNN is undefined here: column 'c'" in rep.certificates[0].detail


def test_auto_names_the_model_that_explains_the_output() -> None:
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    from imblearn.over_sampling import SMOTE

    X, y = _data()
    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)
    found = verify_auto(X, y, Xo, yo)
    assert found.report.ok and found.model == "float64" and found.explanation.startswith("conforms as segment SMOTE")
    s = box_smote(np.round(X[80:], 6), 40, k=5, seed=1, decimals=6)
    Xb, yb = np.vstack([np.round(X, 6), s.synthetic]), np.r_[y, np.ones(40, int)]
    found = verify_auto(X, y, Xb, yb)
    assert found.report.ok and found.model == "box" and found.release == "decimals:6"
    assert found.explanation == "conforms as box SMOTE, one gap per coordinate (Weka), released as decimals:6"
    Xbad = Xo.copy()
    Xbad[-1] += 0.3
    found = verify_auto(X, y, Xbad, yo)
    assert not found.report.ok and "59 of 60 synthetic rows explained" in found.explanation
    assert found.explanation.startswith("does not conform under any known model; as segment SMOTE")


def test_presets_are_named_and_unknown_ones_raise() -> None:
    assert set(PRESETS) == {"imblearn", "themis", "unbalanced", "weka", "smote-variants"}
    assert preset("weka").model == "box" and preset("weka").release == "decimals:6"
    with pytest.raises(InvalidParameter, match="--as imblearn"):
        preset("sklearn")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "refimpl.cli", *args], capture_output=True, text=True, env=env)


def test_cli_as_weka_and_auto_and_bad_values(tmp_path: Path) -> None:
    X, y = _data()
    s = box_smote(np.round(X[80:], 6), 40, k=5, seed=1, decimals=6)
    real, out = tmp_path / "real.csv", tmp_path / "out.csv"
    pd.DataFrame(X, columns=list("abcd")).assign(t=y).to_csv(real, index=False)
    pd.DataFrame(np.vstack([np.round(X, 6), s.synthetic]), columns=list("abcd")).assign(
        t=np.r_[y, np.ones(40, int)]).to_csv(out, index=False, float_format="%.6f")
    res = _cli("verify", str(real), str(out), "--target", "t", "--as", "weka")
    assert res.returncode == 0, res.stdout + res.stderr
    res = _cli("verify", str(real), str(out), "--target", "t", "--model", "auto")
    assert res.returncode == 0 and "auto: conforms as box SMOTE" in res.stdout, res.stdout + res.stderr
    for bad in (["--as", "sklearn"], ["--layout", "shuffled"], ["--metric", "cosine"], ["--model", "float16"],
                ["--model", "auto", "--release", "decimals:6"], ["--release", "decimals:x"]):
        res = _cli("verify", str(real), str(out), "--target", "t", *bad)
        assert res.returncode == 2, bad
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr, (bad, res.stderr)


def test_an_output_without_synthetic_rows_conforms_only_vacuously() -> None:
    """A sampler that returns its input (smote-variants' SMOTE_ENN on every table data set) is not called SMOTE."""
    X, y = _data()
    res = verify_auto(X, y, X, y)
    assert res.report.ok and res.report.n_synthetic == 0
    assert res.explanation.startswith("conforms vacuously")
    assert "CONFORMS (vacuously: no synthetic rows" in verify_smote(X, y, X, y).summary()
    assert "vacuously" not in verify_smote(X, y, *_shuffled_imblearn(X, y), layout="any").summary()
