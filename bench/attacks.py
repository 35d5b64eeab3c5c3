"""DistinSMOTE and ReconSMOTE: accuracy and speed against the published figures (issue 3 targets).

    python bench/attacks.py            # the full table (a few minutes on 2 cores)
    python bench/attacks.py --quick    # small sizes only
    python bench/attacks.py --published PATH [--quick]  # side by side with the published code (bench/published.py)

Rows:
* DistinSMOTE on each bundled paper dataset, k = 5, 1:1 balance, scaled to [−1, 1]:
  precision, recall, seconds with the ``fast`` kernel, and the ``tube`` (all-exact) kernel's
  seconds as a ratio to ``fast`` (same decisions, Lemma 5). Published code: ~14 s on
  yeast_me2, ~170 s on abalone.
* ReconSMOTE on 1,000 Gaussian minority points, d = 5, synthetic-only at 1:20 (published
  ~150 s), and on each dataset at 1:5, 1:20, 1:50 (published recall ~0.1–0.2, ~0.97–0.99, 1.0).
* DistinSMOTE at scale: 100,000 synthetic minority rows at d = 20 (target: under a minute).
Every ratio is measured in this process; the published seconds are quoted (the published attack code, timed earlier on a 2-core machine), not re-measured here.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl import datasets  # noqa: E402
from refimpl.attacks import distin_smote, recon_smote  # noqa: E402
from refimpl.attacks.scoring import distin_scores, recon_scores  # noqa: E402
from refimpl.smote import SMOTE  # noqa: E402

PUBLISHED_DISTIN_S = {"yeast_me2": 14.0, "abalone": 170.0}
PAPER = ("ecoli", "yeast_me2", "solar_flare_m0", "abalone", "abalone_19", "car_eval_34", "car_eval_4")


def distin_row(name: str, exact_ratio: bool) -> list[str]:
    ds = datasets.load(name)
    Xr, yr = SMOTE(k_neighbors=5, random_state=0).fit_resample(ds.X, ds.y)
    real = np.arange(len(yr)) < len(ds.y)
    t = time.perf_counter()
    res = distin_smote(Xr, yr, minority=1, k=5, kernel="fast")
    fast_s = time.perf_counter() - t
    sc = distin_scores(res, real[res.index])
    ratio = "—"
    if exact_ratio:
        t = time.perf_counter()
        tube = distin_smote(Xr, yr, minority=1, k=5, kernel="tube")
        ratio = f"{(time.perf_counter() - t) / fast_s:.1f}×"
        assert (tube.verdicts == res.verdicts).all(), "tube and fast disagree"
    pub = PUBLISHED_DISTIN_S.get(name)
    speedup = f"{pub / fast_s:.0f}×" if pub else "—"
    c = res.counts()
    return [name, str(int(res.index.size)), f"{sc.precision:.4f}", f"{sc.recall:.4f}", str(c["ambiguous"]),
            f"{fast_s:.2f}", ratio, speedup]


def recon_row(name: str, ratio: int) -> list[str]:
    if name == "gauss":
        rng = np.random.default_rng(0)
        X_min = rng.normal(-0.5, np.sqrt(0.2), size=(1000, 5))
        X = np.vstack([X_min, rng.normal(0.5, np.sqrt(0.2), size=(1001, 5))])
        y = np.r_[np.ones(1000, int), np.zeros(1001, int)]
    else:
        ds = datasets.load(name)
        X, y = ds.X, ds.y
        X_min = X[y == 1]
    sm = SMOTE(k_neighbors=5, random_state=0, sampling_strategy={1: len(X_min) * (ratio + 1)})
    Xr, _ = sm.fit_resample(X, y)
    X_syn = Xr[len(y):]
    t = time.perf_counter()
    res = recon_smote(X_syn, k=5, kernel="fast", column_range=np.ptp(X, axis=0))
    s = time.perf_counter() - t
    sc = recon_scores(res, X_min)
    pub = "150 s" if name == "gauss" else "—"
    return [name, f"1:{ratio}", str(len(X_syn)), f"{sc.precision:.4f}", f"{sc.recall:.4f}", f"{s:.2f}", pub,
            f"{150 / s:.0f}×" if name == "gauss" else "—"]


def scale_row(n_syn: int, d: int) -> list[str]:
    rng = np.random.default_rng(1)
    n_real = n_syn // 20
    X = rng.normal(size=(2 * n_real + 1, d))
    y = np.r_[np.ones(n_real, int), np.zeros(n_real + 1, int)]
    Xr, yr = SMOTE(k_neighbors=5, random_state=0, sampling_strategy={1: n_real + n_syn}).fit_resample(X, y)
    real = np.arange(len(yr)) < len(y)
    t = time.perf_counter()
    res = distin_smote(Xr, yr, minority=1, k=5, kernel="fast")
    s = time.perf_counter() - t
    sc = distin_scores(res, real[res.index])
    return [f"{n_syn:,} synthetic + {n_real:,} real, d={d}", f"{sc.precision:.4f}", f"{sc.recall:.4f}", f"{s:.1f}"]


def table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument(
        "--published",
        type=Path,
        metavar="PATH",
        help="a local checkout of sascommunities/smote-mirrors: run its attack code side by side with ours "
        "(bench/published.py; never downloads)",
    )
    ap.add_argument(
        "--markdown",
        type=Path,
        metavar="PAGE",
        help="with --published: also write the table into PAGE's bench/published.py section",
    )
    args = ap.parse_args()
    if args.published is not None:
        from bench._markdown import machine, replace_section
        from bench.published import run
        from bench.published import table as pub_table

        load = f"Load average at start (1, 5, 15 min): {', '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs"
        print(load + "\n")
        print("## Side by side with the published attack code (same SMOTE output, the published scorer)\n")
        text = pub_table(run(args.published, args.quick))
        print(text)
        if args.markdown is not None:
            replace_section(args.markdown, "bench/published.py", f"{text}\n\n{machine()}. {load}.")
        return
    names = ("ecoli", "yeast_me2") if args.quick else PAPER
    print(f"Load average at start (1, 5, 15 min): {', '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs\n")
    print("## DistinSMOTE, k = 5, 1:1 balance\n")
    print(table(["dataset", "minority rows", "precision", "recall", "ambiguous", "fast s", "tube/fast", "vs published"],
                [distin_row(n, exact_ratio=n in ("ecoli", "yeast_me2")) for n in names]))
    print("\n## ReconSMOTE, synthetic only, k = 5\n")
    rr = [recon_row("gauss", 20)] if not args.quick else []
    rr += [recon_row(n, r) for n in names[:3] for r in (5, 20, 50)]
    print(table(["data", "ratio", "synthetic rows", "precision", "recall", "fast s", "published", "speed-up"], rr))
    print("\n## DistinSMOTE at scale\n")
    sizes = [(10_000, 20)] if args.quick else [(10_000, 20), (100_000, 20)]
    print(table(["data", "precision", "recall", "fast s"], [scale_row(n, d) for n, d in sizes]))


if __name__ == "__main__":
    main()
