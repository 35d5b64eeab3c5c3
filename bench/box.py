"""Box-SMOTE (one gap per attribute, Weka 3.6) against the segment and box DistinSMOTE (issue 15).

    python bench/box.py            # Gaussian d = 4, 8, 12, 20 at ratios 1, 2, 5, and the bundled sets
    python bench/box.py --quick    # Gaussian d = 4, 8, 12, 20 at ratio 2, wine; Weka at d = 12 (CI-sized)

For each generator — `refimpl.box_smote` (6-decimal output, like Weka's ARFF) and Weka 3.6's
own SMOTE filter (`bench.wild.weka`, skipped with its reason when java or the jar is
missing) — it runs DistinSMOTE with ``geometry="segment"`` (today's attack), ``"box"``
(`refimpl.attacks.box_distin`, Lemma 7) and ``"auto"``, all with ``release="decimals:6"``,
and reports precision and recall *for the real rows* (`refimpl.attacks.scoring.distin_scores`:
``real_precision``, ``real_recall``), the geometry ``auto`` chose, and the box attack's CPU
and wall seconds. Target at d ≥ 10: P ≥ 0.95 and R ≥ 0.9.

Writes bench/results/box.csv (box_quick.csv) and the table in docs/reference/box.md.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._markdown import machine, replace_section  # noqa: E402
from bench.wild import weka  # noqa: E402
from refimpl import datasets  # noqa: E402
from refimpl.attacks import distin_smote  # noqa: E402
from refimpl.attacks.geometry_choice import decide  # noqa: E402
from refimpl.attacks.scoring import distin_scores  # noqa: E402
from refimpl.box_smote import augmented_box  # noqa: E402

DIMS = (4, 8, 12, 20)
RATIOS = (1, 2, 5)
BUNDLED = ("ecoli", "yeast_me2", "abalone_19", "wine", "car_eval_4", "breast_cancer", "solar_flare_m0")
RELEASE = "decimals:6"
K = 5


@dataclass
class Row:
    """One attacked dataset: generator, data, shape, and P/R of the real rows per attack."""

    generator: str
    data: str
    d: int
    ratio: float
    real: int
    synthetic: int
    box_p: float
    box_r: float
    segment_p: float
    segment_r: float
    auto: str
    box_cpu_s: float
    box_wall_s: float


def _gaussian(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n, d)), rng.normal(size=(2 * n, d)) + 3.0])
    return X, np.r_[np.ones(n, dtype=np.intp), np.zeros(2 * n, dtype=np.intp)]


def _augment(generator: str, X: np.ndarray, y: np.ndarray, ratio: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X_minority_aug, y_all_ones, is_real) of the minority after oversampling by ``ratio``."""
    Xm = X[y == 1]
    if generator == "box_smote":
        Xa, ya, is_real = augmented_box(Xm, ratio, k=K, seed=seed, decimals=6)
        return Xa, ya, is_real
    out = weka.run_weka_smote(X, y, k=K, percent=100.0 * ratio, seed=seed, class_value=0)
    rows = np.flatnonzero(out.y == 1)
    is_real = np.zeros(len(rows), dtype=bool)
    is_real[: int((y == 1).sum())] = True  # Weka keeps the input rows first, then appends
    return out.X[rows], np.ones(len(rows), dtype=np.intp), is_real


def _score(res: Any, is_real: np.ndarray) -> tuple[float, float]:
    s = distin_scores(res, is_real)
    return round(s.real_precision, 4), round(s.real_recall, 4)


def run_one(generator: str, data: str, X: np.ndarray, y: np.ndarray, ratio: float, seed: int = 1) -> Row:
    """Oversample the minority of (X, y) with ``generator``; attack with each geometry."""
    Xa, ya, is_real = _augment(generator, X, y, ratio, seed)
    seg = distin_smote(Xa, ya, k=K, release=RELEASE)
    c0, w0 = time.process_time(), time.perf_counter()
    box = distin_smote(Xa, ya, k=K, release=RELEASE, geometry="box")
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    auto, _ = decide(seg, box)  # what geometry="auto" runs: both attacks, then this rule
    bp, br = _score(box, is_real)
    sp, sr = _score(seg, is_real)
    return Row(generator, data, Xa.shape[1], ratio, int(is_real.sum()), int((~is_real).sum()), bp, br, sp, sr,
               auto, round(cpu, 3), round(wall, 3))


def _table(rows: list[Row]) -> str:
    head = ("| generator | data | d | ratio | real | synthetic | box P / R | segment P / R | auto | box CPU s | box wall s |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|\n")
    body = "".join(
        f"| {r.generator} | {r.data} | {r.d} | {r.ratio:g} | {r.real} | {r.synthetic} | {r.box_p:.3f} / {r.box_r:.3f} "
        f"| {r.segment_p:.3f} / {r.segment_r:.3f} | {r.auto} | {r.box_cpu_s:.2f} | {r.box_wall_s:.2f} |\n"
        for r in rows
    )
    return head + body


def main(argv: list[str] | None = None) -> list[Row]:
    """Run the benchmark; write the CSV and the docs table; return the rows."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="CI-sized run")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"), help="directory for the CSV")
    ap.add_argument("--page", default=str(ROOT / "docs" / "reference" / "box.md"), help="docs page with the markers")
    ap.add_argument("--n", type=int, default=None, help="real minority rows of the Gaussian data (default 100, quick 60)")
    args = ap.parse_args(argv)
    n = args.n or (60 if args.quick else 100)
    ratios = (2,) if args.quick else RATIOS
    bundled = ("wine",) if args.quick else BUNDLED
    why_not = weka.available()
    generators = ["box_smote"] + ([] if why_not else ["weka"])
    rows: list[Row] = []
    for gen in generators:
        for d in DIMS:
            if args.quick and gen == "weka" and d != 12:
                continue
            for ratio in ratios:
                X, y = _gaussian(n, d, seed=d)
                rows.append(run_one(gen, "gaussian", X, y, ratio))
                print(_table(rows[-1:]).splitlines()[-1], flush=True)
        for name in bundled:
            ds = datasets.load(name)
            rows.append(run_one(gen, name, np.asarray(ds.X, dtype=np.float64), np.asarray(ds.y), 2))
            print(_table(rows[-1:]).splitlines()[-1], flush=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / ("box_quick.csv" if args.quick else "box.csv")
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])))
        w.writeheader()
        w.writerows(asdict(r) for r in rows)
    note = "" if not why_not else f"\n\nWeka rows skipped: {why_not}.\n"
    body = (
        f"P / R are precision and recall of the *real* verdicts, release `{RELEASE}`, k = {K}; "
        f"Gaussian data: {n} real minority rows.{note}\n\n" + _table(rows) + f"\n{machine()}\n"
    )
    page = Path(args.page)
    if page.exists():
        replace_section(page, "bench/box.py", body)
    return rows


if __name__ == "__main__":
    main()
