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
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("verify_fuzz", ROOT / "bench" / "verify_fuzz.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rng = np.random.default_rng(14)
    pinned = {"k": 5, "n_min": 8, "n_maj": 40, "d": 2, "offset": 1e12, "spread": 1e-3, "grid": False,
              "dups": True, "float32": False, "csv": "repr", "seed": 3}  # far, duplicated, CSV round trip
    failures = [(c, why) for c in [pinned] + [mod.config(rng) for _ in range(40)] for ok, why in [mod.run_one(c)] if not ok]
    assert failures == []
