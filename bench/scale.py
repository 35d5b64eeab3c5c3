"""How cost grows: DCR (and the geometric attacks, when importable) at 10^3 … 10^6 synthetic rows.

    python bench/scale.py [--max-rows 1000000] [--d 10] [--budget 300] [--jobs 2] [--no-tracemalloc]

Data: a Gaussian real minority of n/10 rows in d = 10 dimensions (seeded), and n synthetic
rows made from it by :class:`refimpl.SMOTE` (k = 5), so the synthetic/real ratio is 10 at every
size. The data of each size is made once, saved, and every method is measured on it in a fresh
subprocess (so that neither the data generation's memory nor another run's hides this one's;
the timeout covers the method alone):

* ``dcr``: :func:`refimpl.metrics.dcr` of the n synthetic rows against the n/10 real rows;
* ``distin``: DistinSMOTE on the augmented minority (n/10 real + n synthetic rows);
* ``recon``: ReconSMOTE on the n synthetic rows.

Reported: wall time of the call alone (data generation excluded; the fastest of up to 7
calls for sub-second ones), the peak of Python-tracked
allocations (``tracemalloc``, which sees numpy's buffers) and the growth of the process's
peak resident set (``ru_maxrss``, which also sees C/C++ allocations such as the KD-tree's;
0 when the call stays below the peak the process had already reached loading the data),
the CPU seconds of the timed call (the process's and its reaped workers'), precision and
recall (DistinSMOTE's synthetic verdicts; ReconSMOTE's records, `refimpl.attacks.scoring`),
and per method the growth exponent: the least-squares slope of log(time) against log(n).
A method whose run at one size takes longer than budget / 10 is not run at the next size.
Results go to bench/results/scale.csv and bench/results/scale.md (a Markdown table that the
paper-tables page includes).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

K = 5
RATIO = 10
METHODS = ("dcr", "distin", "recon")
RESULTS = ROOT / "bench" / "results"
#: Repeat a call until the calls take this many seconds in total (or MAX_REPEATS calls).
MIN_TIMING = 0.5
MAX_REPEATS = 7


def make_data(n_syn: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(real minority, synthetic rows): n_syn // RATIO Gaussian rows (at least k + 1) and n_syn SMOTE rows."""
    from refimpl import SMOTE

    rng = np.random.default_rng(seed)
    n_real = max(K + 1, n_syn // RATIO)
    real = rng.normal(size=(n_real, d))
    majority = rng.normal(loc=5.0, size=(K + 1, d))  # SMOTE needs a second class; it is not used
    X = np.vstack([majority, real])
    y = np.r_[np.zeros(K + 1, dtype=np.int64), np.ones(n_real, dtype=np.int64)]
    # imbalanced-learn's dict strategy is the class's count *after* resampling
    Xr, _ = SMOTE(k_neighbors=K, sampling_strategy={1: n_real + n_syn}, random_state=seed).fit_resample(X, y)
    return real, np.asarray(Xr)[X.shape[0] :]


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kilobytes


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its reaped children (the attacks' forked workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _scores(method: str, result: Any, real: np.ndarray) -> dict[str, float]:
    """Precision and recall: of the synthetic verdicts (distin, rows real first) or of the records rebuilt (recon)."""
    from refimpl.attacks.scoring import distin_scores, recon_scores

    if method == "distin":
        n = len(result.verdicts)
        s = distin_scores(result, np.arange(n) < real.shape[0])
        return {"precision": s.precision, "recall": s.recall}
    if method == "recon":
        r = recon_scores(result, real)
        return {"precision": r.precision, "recall": r.recall}
    return {}


def measure_one(method: str, data: Path, jobs: int = 1, trace: bool = True) -> dict[str, Any]:
    """Run one method on the saved data in this process; time, CPU and memory of the call only, and its P / R."""
    # Plain .npy files are read straight into their arrays (an .npz would pass through a
    # temporary copy, whose peak would hide the method's own in ru_maxrss).
    real, syn = np.load(data / "real.npy"), np.load(data / "syn.npy")
    n_syn, d = syn.shape
    if method == "dcr":
        from refimpl.metrics import dcr

        def call() -> Any:
            return dcr(real, syn)
    else:
        from refimpl import attacks

        if method == "distin":
            Xa = np.vstack([real, syn])
            ya = np.ones(Xa.shape[0], dtype=np.int64)
            Xa = np.vstack([Xa, np.full((K + 1, d), 50.0)])  # a second class for the API
            ya = np.r_[ya, np.zeros(K + 1, dtype=np.int64)]

            def call() -> Any:
                return attacks.distin_smote(Xa, ya, minority=1, k=K, n_jobs=jobs)
        else:

            def call() -> Any:
                return attacks.recon_smote(syn, k=K, n_jobs=jobs)
    rss_before = _maxrss_mb()
    # Time without tracemalloc (it slows allocation-heavy Python code): the fastest of several
    # calls while they take under MIN_TIMING seconds in total, so that millisecond calls are
    # not just noise. Then one more call under tracemalloc for the allocation peak.
    times: list[float] = []
    cpus: list[float] = []
    result = None
    while not times or (sum(times) < MIN_TIMING and len(times) < MAX_REPEATS):
        start, cpu0 = time.perf_counter(), _cpu_seconds()
        result = call()
        times.append(time.perf_counter() - start)
        cpus.append(_cpu_seconds() - cpu0)
    seconds = min(times)
    rss_growth = max(0.0, _maxrss_mb() - rss_before)
    peak = math.nan
    if trace:
        tracemalloc.start()
        call()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {
        "method": method, "n_synthetic": n_syn, "n_real": real.shape[0], "d": d, "jobs": jobs, "status": "ok",
        "seconds": seconds, "cpu_seconds": cpus[times.index(seconds)], "tracemalloc_peak_mb": peak,
        "maxrss_growth_mb": rss_growth, "maxrss_mb": _maxrss_mb(), **_scores(method, result, real),
    }


def sizes(min_rows: int, max_rows: int) -> list[int]:
    """Half-decades from min_rows to max_rows: 1e3, 3e3 (3162), 1e4, …"""
    out = []
    e = math.log10(min_rows)
    while round(10**e) <= max_rows:
        out.append(round(10**e))
        e += 0.5
    return out


def exponent(ns: Sequence[int], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(seconds) against log(n); NaN with fewer than two points."""
    if len(ns) < 2:
        return math.nan
    slope, _ = np.polyfit(np.log(np.asarray(ns, float)), np.log(np.asarray(seconds, float)), 1)
    return float(slope)


def run(
    methods: Sequence[str], ns: Sequence[int], d: int, budget: float, jobs: int = 1, trace: bool = True
) -> list[dict[str, Any]]:
    """Every method at every size (until one exceeds budget / 10); data made once per size here."""
    rows = []
    stopped: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for n in ns:
            todo = [m for m in methods if m not in stopped]
            if not todo:
                break
            data = Path(tmp) / str(n)
            data.mkdir()
            real, syn = make_data(n, d)
            np.save(data / "real.npy", real)
            np.save(data / "syn.npy", syn)
            del real, syn
            for method in todo:
                row = _measure_in_child(method, n, data, budget, jobs, trace)
                rows.append(row)
                print(json.dumps(row), flush=True)
                if row.get("status") != "ok" or row["seconds"] > budget / 10:
                    stopped.add(method)  # the next size (3× or more) would not fit the budget
            shutil.rmtree(data)
    return sorted(rows, key=lambda r: (methods.index(r["method"]), r["n_synthetic"]))


def _measure_in_child(method: str, n: int, data: Path, budget: float, jobs: int, trace: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", method, str(data), "--jobs", str(jobs)]
    cmd += [] if trace else ["--no-tracemalloc"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=budget, check=True)
        row: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        row = {"method": method, "n_synthetic": n, "status": f"timeout > {budget:.0f} s"}
    except subprocess.CalledProcessError as exc:
        row = {"method": method, "n_synthetic": n, "status": f"failed: {exc.stderr.strip().splitlines()[-1:]}"}
    return row


def markdown(rows: list[dict[str, Any]], d: int) -> str:
    lines = [
        f"Synthetic rows n, real minority n/{RATIO}, d = {d}, k = {K}; one fresh process per cell "
        "(`python bench/scale.py`).",
        "",
        "| method | n synthetic | n_jobs | wall s | CPU s | P / R | tracemalloc peak (MB) | max RSS growth (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.get("status") == "ok":
            pr = f"{r['precision']:.3f} / {r['recall']:.3f}" if "precision" in r else ""
            lines.append(f"| {r['method']} | {r['n_synthetic']:,} | {r.get('jobs', 1)} | {r['seconds']:.3g} | "
                         f"{r.get('cpu_seconds', math.nan):.3g} | {pr} | "
                         f"{r['tracemalloc_peak_mb']:.3g} | {r['maxrss_growth_mb']:.3g} |")
        else:
            lines.append(f"| {r['method']} | {r['n_synthetic']:,} | {r.get('jobs', 1)} | {r['status']} | | | | |")
    lines += ["", "| method | growth exponent (slope of log time vs log n) | sizes fitted |", "|---|---|---|"]
    for method in dict.fromkeys(r["method"] for r in rows):
        ok = [r for r in rows if r["method"] == method and r.get("status") == "ok"]
        slope = exponent([r["n_synthetic"] for r in ok], [r["seconds"] for r in ok])
        text = "n/a" if math.isnan(slope) else f"{slope:.2f}"
        span = f"{ok[0]['n_synthetic']:,} – {ok[-1]['n_synthetic']:,}" if ok else "none"
        lines.append(f"| {method} | {text} | {span} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-rows", type=int, default=1_000_000)
    parser.add_argument("--min-rows", type=int, default=1_000)
    parser.add_argument("--d", type=int, default=10)
    parser.add_argument("--budget", type=float, default=300.0, help="seconds per cell (timeout)")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--jobs", type=int, default=1, help="n_jobs of the attacks (default 1)")
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the second call under tracemalloc (long calls)"
    )
    parser.add_argument("--one", nargs=2, metavar=("METHOD", "DATA"), help=argparse.SUPPRESS)
    a = parser.parse_args(argv)
    if a.one:
        row = measure_one(a.one[0], Path(a.one[1]), a.jobs, not a.no_tracemalloc)
        print(json.dumps(row))
        return [row]
    methods = [m for m in a.methods.split(",") if m]
    unknown = set(methods) - set(METHODS)
    if unknown:
        parser.error(f"unknown methods {sorted(unknown)}; choose from {', '.join(METHODS)}")
    rows = run(methods, sizes(a.min_rows, a.max_rows), a.d, a.budget, a.jobs, not a.no_tracemalloc)
    a.out.mkdir(parents=True, exist_ok=True)
    import pandas as pd

    pd.DataFrame(rows).to_csv(a.out / "scale.csv", index=False)
    text = markdown(rows, a.d)
    (a.out / "scale.md").write_text(text, encoding="utf-8")
    print(text)
    return rows


if __name__ == "__main__":
    main()
