"""n_jobs = 1 against n_jobs = 2 on DistinSMOTE, ReconSMOTE and verify_smote: CPU, wall, ratio, same answers.

    python bench/jobs.py [--quick] [--jobs 2] [--workloads distin recon verify] [--out DIR]

Workloads (Gaussian data, this package's float64 SMOTE, k = 5, seeded):

* ``distin``: 10^5 synthetic rows and 10^4 real minority rows (1:10), d = 10, augmented data;
* ``recon``: 500 real minority rows, 10,000 synthetic rows (1:20), d = 20, synthetic rows only;
* ``verify``: 10^5 synthetic rows, d = 20, against their real data.

``--quick`` shrinks them (5,000 / 100 / 5,000 rows, d = 10 / 5 / 8) for CI. Each workload runs
once per job count in this process, after the data is made. Reported per run:

* ``cpu_s``: CPU seconds of this process plus its reaped children (the forked workers), from
  ``getrusage``; ``parent_cpu_s`` and ``children_cpu_s`` split it, and ``main_thread_cpu_s``
  is the calling thread's share of the parent's (``time.thread_time``; the rest is scipy's
  KD-tree query threads);
* ``wall_s``: ``perf_counter`` seconds of the call;
* ``speedup``: wall(1 job) / wall(n jobs), and ``idle_estimate``: CPU(1 job) / (main-thread CPU
  + (other threads' CPU + children CPU) / n), the wall ratio an otherwise idle machine would
  allow if the threads' and children's work were shared evenly and the main thread's were not
  shared at all (where scipy's calling thread answers queries too, that share counts as
  serial here, so the estimate errs low);
* ``phases``: the call's own seconds per phase (``result.seconds``), where the attack has them;
* ``same``: whether the answers (verdicts, witnesses, reasons; points, boxes, lines;
  certificates) are identical to the one-job run;
* ``load``: ``os.getloadavg()`` before the run. The machine may be shared: a load above the
  core count means the wall ratio measures the neighbours as much as this code.

Results go to DIR/jobs.csv and DIR/jobs.md (default bench/results/).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl.parallel import available_cores  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORKLOADS = ("distin", "recon", "verify")
K = 5

#: (rows, d) per workload: the full sizes of the brief, and the CI sizes
FULL = {"distin": (100_000, 10), "recon": (500, 20), "verify": (100_000, 20)}
QUICK = {"distin": (5_000, 10), "recon": (100, 5), "verify": (5_000, 8)}


def _smote(X: np.ndarray, y: np.ndarray, total: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from refimpl import SMOTE

    strategy: Any = "auto" if total is None else {1: total}
    Xr, yr = SMOTE(k_neighbors=K, sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    return np.asarray(Xr), np.asarray(yr)


def make_workload(name: str, rows: int, d: int, seed: int = 0) -> Callable[[int], Any]:
    """A function n_jobs -> result for one workload, its data made now (outside the timing)."""
    rng = np.random.default_rng(seed)
    if name == "distin":
        from refimpl.attacks import distin_smote

        n_real = rows // 10
        X = np.vstack([rng.normal(size=(n_real, d)), rng.normal(loc=5.0, size=(K + 1, d))])
        y = np.r_[np.ones(n_real, int), np.zeros(K + 1, int)]
        Xa, ya = _smote(X, y, n_real + rows, seed)
        return lambda jobs: distin_smote(Xa, ya, minority=1, k=K, n_jobs=jobs)
    if name == "recon":
        from refimpl.attacks import recon_smote

        X = np.vstack([rng.normal(size=(rows, d)), rng.normal(loc=5.0, size=(K + 1, d))])
        y = np.r_[np.ones(rows, int), np.zeros(K + 1, int)]
        Xa, _ = _smote(X, y, 21 * rows, seed)
        syn = Xa[len(X) :]
        return lambda jobs: recon_smote(syn, k=K, n_jobs=jobs)
    if name == "verify":
        from refimpl.validate import verify_smote

        n_min = max(50, rows // 10)
        n_maj = n_min + rows
        X = np.vstack([rng.normal(size=(n_maj, d)), rng.normal(0.5, 1.0, size=(n_min, d))])
        y = np.r_[np.zeros(n_maj, int), np.ones(n_min, int)]
        Xo, yo = _smote(X, y, None, seed)
        return lambda jobs: verify_smote(X, y, Xo, yo, k=K, sampling_strategy="auto", n_jobs=jobs)
    raise ValueError(f"unknown workload {name!r}; choose from {', '.join(WORKLOADS)}")


def answer(name: str, res: Any) -> Any:
    """What must not depend on n_jobs, as comparable Python values."""
    if name == "distin":
        return (res.index.tolist(), res.verdicts.tolist(), res.witnesses, res.reasons, res.notes)
    if name == "recon":
        return (
            res.points.tolist(),
            res.exact_points,
            res.radius,
            res.boxes,
            res.support,
            res.lines,
            res.notes,
        )
    return (res.certificates, res.checks, res.ok)


def _cpu() -> tuple[float, float]:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime


def measure(fn: Callable[[int], Any], jobs: int) -> tuple[Any, dict[str, Any]]:
    """(result, {cpu_s, parent_cpu_s, main_thread_cpu_s, children_cpu_s, wall_s, load, phases}) of one call."""
    load = os.getloadavg()[0]
    p0, c0 = _cpu()
    m0 = time.thread_time()
    t0 = time.perf_counter()
    res = fn(jobs)
    wall = time.perf_counter() - t0
    m1 = time.thread_time()
    p1, c1 = _cpu()
    phases = getattr(res, "seconds", None)
    return res, {
        "cpu_s": (p1 - p0) + (c1 - c0),
        "parent_cpu_s": p1 - p0,
        "main_thread_cpu_s": m1 - m0,
        "children_cpu_s": c1 - c0,
        "wall_s": wall,
        "load": load,
        "phases": " ".join(f"{k}={v:.2f}" for k, v in phases.items()) if isinstance(phases, dict) else "",
    }


def run(workloads: Sequence[str], quick: bool, jobs: int, scale: float = 1.0) -> list[dict[str, Any]]:
    """One row per (workload, job count): sizes, CPU and wall seconds, ratios, identity, load."""
    sizes = QUICK if quick else FULL
    rows: list[dict[str, Any]] = []
    for name in workloads:
        n, d = sizes[name]
        n = max(20, round(n * scale))
        fn = make_workload(name, n, d)
        base, m1 = measure(fn, 1)
        rows.append(
            {
                "workload": name,
                "rows": n,
                "d": d,
                "n_jobs": 1,
                **m1,
                "speedup": 1.0,
                "idle_estimate": 1.0,
                "same": True,
            }
        )
        res, mj = measure(fn, jobs)
        shared = (mj["parent_cpu_s"] - mj["main_thread_cpu_s"]) + mj["children_cpu_s"]
        est = m1["cpu_s"] / (mj["main_thread_cpu_s"] + shared / jobs) if mj["cpu_s"] > 0 else float("nan")
        rows.append(
            {
                "workload": name,
                "rows": n,
                "d": d,
                "n_jobs": jobs,
                **mj,
                "speedup": m1["wall_s"] / mj["wall_s"],
                "idle_estimate": est,
                "same": answer(name, res) == answer(name, base),
            }
        )
    return rows


def format_markdown(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table, with the machine's core count."""
    lines = [
        "| workload | rows | d | n_jobs | CPU s (main thread + other threads + workers) | wall s | wall ratio "
        "| idle estimate | same answers | load (1 min) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workload']} | {r['rows']:,} | {r['d']} | {r['n_jobs']} | {r['cpu_s']:.2f} "
            f"({r['main_thread_cpu_s']:.2f} + {r['parent_cpu_s'] - r['main_thread_cpu_s']:.2f} + "
            f"{r['children_cpu_s']:.2f}) | {r['wall_s']:.2f} | {r['speedup']:.2f}× | "
            f"{r['idle_estimate']:.2f}× | {'yes' if r['same'] else 'NO'} | {r['load']:.2f} |"
        )
    lines += ["", f"Measured with `python bench/jobs.py` on {available_cores()} core(s)."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for CI")
    ap.add_argument("--jobs", type=int, default=2, help="the job count compared with 1 (default 2)")
    ap.add_argument("--workloads", nargs="+", choices=WORKLOADS, default=list(WORKLOADS))
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every workload's rows (default 1)")
    ap.add_argument("--out", default=str(RESULTS), help="directory for jobs.csv and jobs.md")
    args = ap.parse_args(argv)
    rows = run(args.workloads, args.quick, args.jobs, args.scale)
    text = format_markdown(rows)
    print(text)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    import pandas as pd

    pd.DataFrame(rows).to_csv(out / "jobs.csv", index=False)
    (out / "jobs.md").write_text(text + "\n", encoding="utf-8")
    if not all(r["same"] for r in rows):
        print("n_jobs changed an answer", file=sys.stderr)
    return rows


if __name__ == "__main__":
    main()
