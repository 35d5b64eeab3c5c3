"""bench/verify_fuzz.py in CI: genuine imbalanced-learn output under random configurations is never rejected."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_fuzz_quick_has_no_false_rejection() -> None:
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    mod = _fuzz()
    rng = np.random.default_rng(14)
    pinned = {"k": 5, "n_min": 8, "n_maj": 40, "d": 2, "offset": 1e12, "spread": 1e-3, "grid": False,
              "dups": True, "float32": False, "csv": "repr", "seed": 3}  # far, duplicated, CSV round trip
    failures = [(c, why) for c in [pinned] + [mod.config(rng) for _ in range(40)] for ok, why in [mod.run_one(c)] if not ok]
    assert failures == []


def _fuzz():  # type: ignore[no-untyped-def]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("verify_fuzz", ROOT / "bench" / "verify_fuzz.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_old_pandas_pins_are_pyproject_floors() -> None:
    """--old-pandas installs the lowest pandas and numpy that pyproject allows (>=2.1, >=1.26)."""
    assert _fuzz().oldest_pins() == ["pandas==2.1.0", "numpy==1.26.0"]


def test_roundtrip_child_reads_exactly_under_this_pandas() -> None:
    """The old venv's child script, run here: to_csv then read_csv_exact gives imbalanced-learn's output bit for bit."""
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    mod = _fuzz()
    spec = importlib.util.spec_from_file_location("old_pandas_roundtrip", ROOT / "bench" / "old_pandas_roundtrip.py")
    assert spec and spec.loader
    child = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(child)
    for c in ({"k": 3, "n_min": 9, "n_maj": 45, "d": 3, "offset": 1e8, "spread": 1.0, "grid": False, "dups": False,
               "float32": False, "csv": "none", "seed": 5},
              {"k": 2, "n_min": 6, "n_maj": 41, "d": 2, "offset": 1e4, "spread": 1e-3, "grid": False, "dups": True,
               "float32": True, "csv": "none", "seed": 8}):
        X, y, Xo, yo = mod.genuine(c)
        exact, _ = child.roundtrip(Xo, yo)
        assert np.array_equal(exact.astype(X.dtype), Xo)
        assert mod.check(c, X, y, exact.astype(X.dtype), yo) == (True, "")


def test_old_pandas_venv_round_trip_when_built() -> None:
    """With the cached venv (bench/verify_fuzz.py --old-pandas builds it), 20 configurations: 0 false rejections."""
    mod = _fuzz()
    py = mod.OLD_VENV / "bin" / "python"
    if not (mod.OLD_VENV / ".installed").exists():
        pytest.skip("no old-pandas venv under build/; `python bench/verify_fuzz.py --old-pandas` builds it (needs the package index)")
    pytest.importorskip("imblearn", reason="imbalanced-learn is in the test extra")
    rng = np.random.default_rng(21)
    confs = [mod.config(rng) for _ in range(20)]
    runs = [mod.genuine(c) for c in confs]
    version, exact, naive, _, _ = mod.old_pandas_roundtrip(py, [(Xo, yo) for _, _, Xo, yo in runs])
    assert version.startswith("2.1.")
    for c, (X, y, Xo, yo), ex in zip(confs, runs, exact):
        assert np.array_equal(ex.astype(X.dtype), Xo)
        assert mod.check(c, X, y, ex.astype(X.dtype), yo) == (True, "")
    assert any((nv.astype(X.dtype) != Xo).any() for (X, _, Xo, _), nv in zip(runs, naive))  # the control can fail
