"""Fuzz verify_smote with genuine imbalanced-learn output: count false rejections (target 0).

    python bench/verify_fuzz.py [--n 10000] [--quick] [--seed 0]

Each configuration draws: minority size (k + 1 … 40), majority size, d (1 … 6), offset
(0, 1e4, 1e8, 1e12), spread (1, 1e-3), data on an integer grid (ties) or Gaussian,
duplicated minority rows, float32, k (1 … 5), and a CSV round trip of the output
(repr, or "%.17g", read back with float(); both lossless). imbalanced-learn's SMOTE output
must always conform; every rejection is printed with its configuration. ``--quick`` runs 200.

Measured here (2 shared cores, imbalanced-learn 0.14.2, scikit-learn 1.9.1): 10,000
configurations, 0 false rejections, 142.6 s CPU (1,174 s wall under load); ``--quick``:
200 configurations, 0 false rejections, 3.5 s CPU.

``--old-pandas`` writes every output with the oldest pandas pyproject allows (pandas 2.1.0 on
numpy 1.26.0, in a second venv built once under ``build/old-pandas-venv`` with refimpl installed
there by ``pip install --no-deps -e``), using its ``DataFrame.to_csv`` defaults, and reads it back
with refimpl's ``read_csv_exact`` inside that venv (bench/old_pandas_roundtrip.py). The control
column reads the same text with that pandas' default ``read_csv``. Measured here (load ≈ 15 on
2 cores): 10,000 configurations, 4,548,868 values: the exact reader gives 0 differing values and
0 false rejections; the default parser misreads 1,238,755 values in 7,970 tables, and verify
would reject all 7,970. 496 s CPU here + 91 s CPU in the old venv (3,311 s wall). ``--quick``
(200): 92,248 values, 0 differ, 0 false rejections (control: 155 tables rejected); venv built
once in 22 s.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl.validate import verify_smote  # noqa: E402


def config(rng: np.random.Generator) -> dict[str, Any]:
    k = int(rng.integers(1, 6))
    return {
        "k": k,
        "n_min": int(rng.integers(k + 1, 41)),
        "n_maj": int(rng.integers(41, 90)),
        "d": int(rng.integers(1, 7)),
        "offset": float(rng.choice([0.0, 1e4, 1e8, 1e12])),
        "spread": float(rng.choice([1.0, 1e-3])),
        "grid": bool(rng.random() < 0.25),
        "dups": bool(rng.random() < 0.25),
        "float32": bool(rng.random() < 0.2),
        "csv": str(rng.choice(["none", "repr", "%.17g"])),
        "seed": int(rng.integers(0, 2**31)),
    }


def genuine(c: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X, y, X_out, y_out): the configuration's data and imbalanced-learn's SMOTE output on it."""
    from imblearn.over_sampling import SMOTE

    rng = np.random.default_rng(c["seed"])
    mino = rng.normal(size=(c["n_min"], c["d"]))
    if c["grid"]:
        mino = np.round(mino * 2)  # ties in the kNN
    if c["dups"]:
        mino[: c["n_min"] // 2] = mino[c["n_min"] - c["n_min"] // 2:][: c["n_min"] // 2]
    X = np.vstack([rng.normal(size=(c["n_maj"], c["d"])), c["offset"] + c["spread"] * mino])
    y = np.r_[np.zeros(c["n_maj"], int), np.ones(c["n_min"], int)]
    if c["float32"]:
        X = X.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Xo, yo = SMOTE(k_neighbors=c["k"], random_state=c["seed"] % 1000).fit_resample(X, y)
    return X, y, np.asarray(Xo), np.asarray(yo)


def check(c: dict[str, Any], X: np.ndarray, y: np.ndarray, Xo: np.ndarray, yo: np.ndarray) -> tuple[bool, str]:
    """(conforms, why not): verify_smote on the output as read back, under the configuration's model."""
    rep = verify_smote(X, y, Xo, yo, k=c["k"], model="float32-mixed" if c["float32"] else "float64")
    if rep.ok:
        return True, ""
    bad = [x for x in rep.certificates if not x.ok][:1]
    checks = [x.name for x in rep.checks if not x.ok]
    return False, f"{dict(Counter(x.status for x in rep.certificates))} checks {checks} {bad[0].detail if bad else ''}"


def run_one(c: dict[str, Any]) -> tuple[bool, str]:
    X, y, Xo, yo = genuine(c)
    if c["csv"] != "none":
        fmt = repr if c["csv"] == "repr" else (lambda v: f"{v:.17g}")
        Xo = np.array([[float(fmt(float(v))) for v in row] for row in Xo], dtype=X.dtype)
    return check(c, X, y, Xo, yo)


# --- the oldest supported pandas (--old-pandas) ------------------------------------------------

#: the cached second venv; ``make clean`` removes build/
OLD_VENV = ROOT / "build" / "old-pandas-venv"


def oldest_pins(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """``pkg==floor`` for pandas and numpy: the lowest versions pyproject's ``>=`` floors allow.

    numpy is pinned too: a pandas of 2023 is built against numpy 1.x, and the newest numpy (2.x)
    would be an ABI pip does not stop; the floor is what a user on the oldest stack has.
    """
    import re
    import tomllib

    deps = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    pins = []
    for name in ("pandas", "numpy"):
        spec = next(d for d in deps if re.match(rf"{name}\s*>=", d))
        floor = spec.split(">=", 1)[1].split(",")[0].strip()
        pins.append(f"{name}=={floor}.0" if floor.count(".") == 1 else f"{name}=={floor}")
    return pins


def old_pandas_python() -> tuple[Path, float]:
    """The old venv's python (created once: the pins, then refimpl ``pip install -e --no-deps``); (path, s spent)."""
    import subprocess

    py = OLD_VENV / "bin" / "python"
    stamp = OLD_VENV / ".installed"
    want = " ".join([*oldest_pins(), f"-e {ROOT}"])
    if py.exists() and stamp.exists() and stamp.read_text() == want:
        return py, 0.0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(OLD_VENV)], check=True)
    pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-warn-conflicts"]
    subprocess.run([*pip, *oldest_pins()], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)  # the reader needs numpy and pandas only
    stamp.write_text(want)
    return py, time.perf_counter() - t0


def old_pandas_roundtrip(py: Path, tables: list[tuple[np.ndarray, np.ndarray]]) -> tuple[str, list[np.ndarray], list[np.ndarray], float, float]:
    """(pandas version, exact reads, naive reads, child CPU s, child wall s) of one batch, in the old venv."""
    import resource
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fuzz-old-pandas-") as tmp:
        src, dst = Path(tmp) / "in.npz", Path(tmp) / "out.npz"
        np.savez(src, **{f"X{i}": X for i, (X, _) in enumerate(tables)},
                 **{f"y{i}": y for i, (_, y) in enumerate(tables)})
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run([str(py), str(ROOT / "bench" / "old_pandas_roundtrip.py"), str(src), str(dst)], check=True)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        with np.load(dst) as out:
            exact = [out[f"exact{i}"] for i in range(len(tables))]
            naive = [out[f"naive{i}"] for i in range(len(tables))]
            version = str(out["pandas"])
    return version, exact, naive, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), wall


def run_old_pandas(n: int, rng: np.random.Generator, batch: int = 250) -> int:
    """Genuine output, written by the oldest pandas' to_csv and read back: false rejections of the exact reader.

    The naive column is the control: the same text read by that pandas' default parser, whose
    rounding is not correct, must show mismatches (else the run proves nothing about the reader).
    """
    py, setup = old_pandas_python()
    print(f"old-pandas venv {OLD_VENV} ({f'created in {setup:.1f} s' if setup else 'cached'})")
    c0, w0 = time.process_time(), time.perf_counter()
    child_cpu = child_wall = 0.0
    rejected = naive_rejected = exact_bad = naive_bad = values = naive_tables = 0
    version = "?"
    done = 0
    while done < n:
        confs = [config(rng) for _ in range(min(batch, n - done))]
        runs = [genuine(c) for c in confs]
        version, exact, naive, cpu, wall = old_pandas_roundtrip(py, [(Xo, yo) for _, _, Xo, yo in runs])
        child_cpu, child_wall = child_cpu + cpu, child_wall + wall
        for i, (c, (X, y, Xo, yo), ex, nv) in enumerate(zip(confs, runs, exact, naive)):
            ex, nv = ex.astype(X.dtype), nv.astype(X.dtype)  # as verify --float32 reads float32 output
            values += Xo.size
            exact_bad += int((ex != Xo).sum())
            naive_bad += int((nv != Xo).sum())
            ok, why = check(c, X, y, ex, yo)
            if not ok:
                rejected += 1
                print(f"FALSE REJECTION {done + i}: {c} -> {why}")
            if (nv != Xo).any():
                naive_tables += 1
                naive_rejected += not check(c, X, y, nv, yo)[0]
        done += len(confs)
    print(f"pandas {version} to_csv: {n} configurations, {values} values; "
          f"refimpl's reader: {exact_bad} values differ, {rejected} false rejections; "
          f"pandas {version} default read_csv (control): {naive_bad} values differ in {naive_tables} tables, "
          f"{naive_rejected} would be rejected; "
          f"{time.process_time() - c0:.1f} s CPU here + {child_cpu:.1f} s CPU in the old venv, "
          f"{time.perf_counter() - w0:.1f} s wall ({child_wall:.1f} s of it in the old venv)")
    return 1 if rejected else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--quick", action="store_true", help="200 configurations")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--old-pandas", action="store_true",
                    help="round-trip every output through the oldest supported pandas' to_csv, in a second venv "
                         "(built once under build/; needs the package index the first time)")
    args = ap.parse_args(argv)
    n = 200 if args.quick else args.n
    rng = np.random.default_rng(args.seed)
    if args.old_pandas:
        return run_old_pandas(n, rng)
    c0, w0 = time.process_time(), time.perf_counter()
    rejected = 0
    for i in range(n):
        c = config(rng)
        ok, why = run_one(c)
        if not ok:
            rejected += 1
            print(f"FALSE REJECTION {i}: {c} -> {why}")
    print(f"{n} configurations, {rejected} false rejections; "
          f"{time.process_time() - c0:.1f} s CPU, {time.perf_counter() - w0:.1f} s wall")
    return 1 if rejected else 0


if __name__ == "__main__":
    raise SystemExit(main())
