"""ReconSMOTE on synthetic-only SMOTE output: seconds per phase, precision and recall.

    python bench/recon.py gauss [--kernel fast]
    python bench/recon.py ecoli --ratios 5 20 50 --seeds 3

``gauss``: 1,000 Gaussian minority points (mean −0.5, variance 0.2 per coordinate, d = 5),
synthetic-only at 1:20 (20,000 rows), k = 5, as in the published timing (~150 s).
A bundled data set name: its minority rows (scaled to [−1, 1]), with ratio × minority
synthetic rows per ratio. Scores use :func:`refimpl.attacks.scoring.recon_scores` (a match
is a real record inside the point's certified box; recall ≤ 1).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl import datasets  # noqa: E402
from refimpl.attacks import recon_smote  # noqa: E402
from refimpl.attacks.scoring import recon_scores  # noqa: E402
from refimpl.smote import SMOTE  # noqa: E402


def measure(X_min: np.ndarray, ratio: int, *, k: int = 5, seed: int = 0, kernel: str = "fast") -> dict[str, Any]:
    """One synthetic-only release of ratio × len(X_min) rows, attacked; the scores and timings."""
    n = len(X_min)
    X = np.vstack([X_min, np.zeros((1, X_min.shape[1]))])  # one placeholder majority row
    y = np.append(np.ones(n, dtype=np.int64), 0)
    X_out, _ = SMOTE(k_neighbors=k, random_state=seed, sampling_strategy={1: n + n * ratio}).fit_resample(X, y)
    X_syn = X_out[len(X):]
    t = time.perf_counter()
    res = recon_smote(X_syn, k=k, kernel=kernel)
    seconds = time.perf_counter() - t
    sc = recon_scores(res, X_min)
    return {"rows": len(X_syn), "seconds": seconds, "precision": sc.precision, "recall": sc.recall,
            "points": sc.predicted, "phases": {p: round(v, 2) for p, v in res.seconds.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="gauss, or a bundled data set name (refimpl.datasets.names())")
    ap.add_argument("--ratios", type=int, nargs="+", default=[20])
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--kernel", default="fast")
    args = ap.parse_args()
    if args.data == "gauss":
        X_min = np.random.default_rng(0).normal(loc=-0.5, scale=np.sqrt(0.2), size=(1000, 5))
    else:
        ds = datasets.load(args.data)
        X_min = np.asarray(ds.X[ds.y == 1], dtype=np.float64)
    print(f"{'data':>10} {'ratio':>5} {'seed':>4} {'rows':>7} {'seconds':>8} {'P':>6} {'R':>6}  phases")
    for ratio in args.ratios:
        for seed in range(args.seeds):
            r = measure(X_min, ratio, seed=seed, kernel=args.kernel)
            print(f"{args.data:>10} {ratio:>5} {seed:>4} {r['rows']:>7} {r['seconds']:>8.2f} "
                  f"{r['precision']:>6.3f} {r['recall']:>6.3f}  {r['phases']}")


if __name__ == "__main__":
    main()
