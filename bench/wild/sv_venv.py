"""smote-variants 1.0.1 in its own bench venv (``build/sv-venv``), without TensorFlow.

    python bench/wild/sv_venv.py --build     # once (make sv-venv); needs the package index

smote-variants declares ``tensorflow``, ``keras``, ``mkl`` and the PyPI ``statistics`` package as
requirements, but imports none of them at import time: TensorFlow is imported inside
``DEAGO`` only, ``statistics`` is the standard library's, and ``mkl`` is never imported. What
``import smote_variants`` does need (read from its modules): numpy, scipy, scikit-learn,
joblib, pandas, ``minisom`` (``oversampling/_somo.py``), ``metric-learn``
(``base/_metrictensor.py``) and ``seaborn`` with matplotlib (``visualization``). So the
recipe is ``pip install --no-deps smote-variants==1.0.1`` plus those. The main venv is left
alone; ``bench/ecosystem.py`` runs the variants here by subprocess on ``.npz`` files (exact
binary64 both ways) and verifies their output in its own process.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SV_VENV = ROOT / "build" / "sv-venv"
#: the package, installed without its declared requirements
SV_PACKAGE = "smote-variants==1.0.1"
#: what ``import smote_variants`` needs at run time (no tensorflow, keras, mkl or PyPI ``statistics``)
SV_RUNTIME = ("numpy", "scipy", "scikit-learn", "joblib", "pandas", "minisom", "metric-learn", "seaborn")

CHILD = r"""
import logging, sys, warnings
import numpy as np
import smote_variants as sv
logging.getLogger("smote_variants").setLevel(logging.ERROR)
warnings.simplefilter("ignore")
src = np.load(sys.argv[1])
names = [str(n) for n in src["names"]]
out = {"version": np.array(sv.__version__)}
for i, name in enumerate(names):
    try:
        Xo, yo = getattr(sv, name)(random_state=0).sample(src["X"], src["y"])
        out[f"X{i}"], out[f"y{i}"] = np.asarray(Xo, dtype=np.float64), np.asarray(yo)
    except Exception as exc:  # a variant that refuses the data is a result too
        out[f"error{i}"] = np.array(f"{type(exc).__name__}: {exc}")
np.savez(sys.argv[2], **out)
"""


def _python() -> Path:
    return SV_VENV / "bin" / "python"


def _stamp() -> str:
    return " ".join([SV_PACKAGE, *SV_RUNTIME])


def available() -> str | None:
    """None when the bench venv is built; else the reason."""
    stamp = SV_VENV / ".installed"
    if not (_python().exists() and stamp.exists() and stamp.read_text() == _stamp()):
        return f"no smote-variants bench venv at {SV_VENV.relative_to(ROOT)} (make sv-venv builds it)"
    return None


def build() -> float:
    """Create the venv (the runtime dependencies, then smote-variants with --no-deps); seconds spent (0 if cached)."""
    import time

    if available() is None:
        return 0.0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(SV_VENV)], check=True)
    pip = [
        str(_python()),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-warn-conflicts",
    ]
    subprocess.run([*pip, *SV_RUNTIME], check=True)
    subprocess.run([*pip, "--no-deps", SV_PACKAGE], check=True)
    probe = "import sys, smote_variants; assert 'tensorflow' not in sys.modules; print(smote_variants.__version__)"
    subprocess.run([str(_python()), "-c", probe], check=True)
    (SV_VENV / ".installed").write_text(_stamp())
    return time.perf_counter() - t0


#: outputs of one batch run per data set: (sha1 of X and y) → name → (X, y) or the error text
_CACHE: dict[str, dict[str, tuple[np.ndarray, np.ndarray] | str]] = {}


def run_variants(names: tuple[str, ...], X: Any, y: Any) -> dict[str, tuple[np.ndarray, np.ndarray] | str]:
    """Every variant in ``names`` on (X, y), in one child process of the bench venv; cached per data set."""
    import tempfile

    reason = available()
    if reason:
        from bench.wild._common import ToolUnavailable

        raise ToolUnavailable(reason)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    key = hashlib.sha1(X.tobytes() + y.tobytes() + "|".join(names).encode()).hexdigest()
    if key not in _CACHE:
        with tempfile.TemporaryDirectory(prefix="smote-sv-") as tmp:
            src, dst = Path(tmp) / "in.npz", Path(tmp) / "out.npz"
            np.savez(src, X=X, y=y, names=np.array(names))
            subprocess.run([str(_python()), "-c", CHILD, str(src), str(dst)], check=True, capture_output=True)
            with np.load(dst) as out:
                res: dict[str, tuple[np.ndarray, np.ndarray] | str] = {}
                for i, name in enumerate(names):
                    res[name] = (
                        str(out[f"error{i}"]) if f"error{i}" in out.files else (out[f"X{i}"], out[f"y{i}"])
                    )
        _CACHE[key] = res
    return _CACHE[key]


if __name__ == "__main__":
    if sys.argv[1:] == ["--build"]:
        spent = build()
        print(f"{SV_VENV}: {f'built in {spent:.0f} s' if spent else 'cached'}")
        raise SystemExit(0)
    print(__doc__.splitlines()[2].strip())
    raise SystemExit(2)
