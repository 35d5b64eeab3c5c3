"""Throughput of verify_smote (rows per second) at 10k and 100k synthetic rows.

    python bench/verify_throughput.py [--sizes 10000 100000] [--d 20 8] [--markdown PAGE]

Data: a Gaussian majority and minority in d dimensions; output made by this package's float64
SMOTE (bit-identical to imbalanced-learn). Prints wall and CPU (``time.process_time``) seconds
and rows per wall and per CPU second for each size; the check must pass. The machine is shared,
so rows per CPU second is the figure to compare between runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl.smote import SMOTE  # noqa: E402
from refimpl.validate import verify_smote  # noqa: E402


def measure(n_synthetic: int, d: int, seed: int = 0) -> tuple[float, float, bool]:
    """(wall seconds, CPU seconds, ok) for one run with n_synthetic synthetic rows."""
    rng = np.random.default_rng(seed)
    n_min = max(50, n_synthetic // 10)
    n_maj = n_min + n_synthetic
    X = np.vstack([rng.normal(size=(n_maj, d)), rng.normal(0.5, 1.0, size=(n_min, d))])
    y = np.r_[np.zeros(n_maj, int), np.ones(n_min, int)]
    Xo, yo = SMOTE(random_state=seed).fit_resample(X, y)
    t0, c0 = time.perf_counter(), time.process_time()
    rep = verify_smote(X, y, Xo, yo, sampling_strategy="auto")
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert rep.n_synthetic == n_synthetic
    return wall, cpu, rep.ok


def _rate(n: int, seconds: float) -> str:
    """Rows per second, printed with thousands separators ("—" when the clock read 0)."""
    return f"{n / seconds:,.0f}" if seconds > 0 else "—"


def format_markdown(results: list[tuple[int, int, float, float, bool]]) -> str:
    """(synthetic rows, d, wall s, CPU s, ok) per run as a Markdown table."""
    from bench._markdown import machine

    lines = [
        "| synthetic rows | d | wall s | CPU s | rows / wall s | rows / CPU s | conforms |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n, d, wall, cpu, ok in results:
        lines.append(
            f"| {n:,} | {d} | {wall:.2f} | {cpu:.2f} | {_rate(n, wall)} | {_rate(n, cpu)} "
            f"| {'yes' if ok else 'NO'} |"
        )
    lines += ["", f"Measured with `python bench/verify_throughput.py`: {machine()}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--d", type=int, nargs="+", default=[20, 8], help="dimensions (each size runs at each d)")
    ap.add_argument("--markdown", metavar="PAGE", default=None,
                    help="also write the table into PAGE's bench/verify_throughput.py section")
    args = ap.parse_args(argv)
    print(f"{'synthetic rows':>15} {'d':>3} {'wall s':>9} {'CPU s':>9} {'rows/wall s':>12} {'rows/CPU s':>11}  ok")
    results = []
    for d in args.d:
        for n in args.sizes:
            wall, cpu, ok = measure(n, d)
            results.append((n, d, wall, cpu, ok))
            print(f"{n:>15} {d:>3} {wall:>9.2f} {cpu:>9.2f} {_rate(n, wall):>12} {_rate(n, cpu):>11}  {ok}", flush=True)
    if args.markdown:
        from bench._markdown import replace_section

        replace_section(args.markdown, "bench/verify_throughput.py", format_markdown(results))
        print(f"table written to {args.markdown}")
    return 0 if all(r[4] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
