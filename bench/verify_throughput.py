"""Throughput of verify_smote (rows per second) at 10k and 100k synthetic rows.

    python bench/verify_throughput.py [--sizes 10000 100000] [--d 8] [--markdown PAGE]

Data: a Gaussian majority and minority in d dimensions; output made by this package's float64
SMOTE (bit-identical to imbalanced-learn). Prints rows/second per size; the check must pass.
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
    """(seconds, rows per second, ok) for one run with n_synthetic synthetic rows."""
    rng = np.random.default_rng(seed)
    n_min = max(50, n_synthetic // 10)
    n_maj = n_min + n_synthetic
    X = np.vstack([rng.normal(size=(n_maj, d)), rng.normal(0.5, 1.0, size=(n_min, d))])
    y = np.r_[np.zeros(n_maj, int), np.ones(n_min, int)]
    Xo, yo = SMOTE(random_state=seed).fit_resample(X, y)
    t0 = time.perf_counter()
    rep = verify_smote(X, y, Xo, yo, sampling_strategy="auto")
    dt = time.perf_counter() - t0
    return dt, rep.n_synthetic / dt, rep.ok


def format_markdown(results: list[tuple[int, int, float, float, bool]]) -> str:
    """(synthetic rows, d, seconds, rows/s, ok) per run as a Markdown table."""
    from bench._markdown import machine

    lines = [
        "| synthetic rows | d | seconds | rows / second | conforms |",
        "|---:|---:|---:|---:|---|",
    ]
    for n, d, dt, rate, ok in results:
        lines.append(f"| {n:,} | {d} | {dt:.2f} | {rate:,.0f} | {'yes' if ok else 'NO'} |")
    lines += ["", f"Measured with `python bench/verify_throughput.py`: {machine()}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--d", type=int, default=8)
    ap.add_argument("--markdown", metavar="PAGE", default=None,
                    help="also write the table into PAGE's bench/verify_throughput.py section")
    args = ap.parse_args(argv)
    print(f"{'synthetic rows':>15} {'d':>3} {'seconds':>9} {'rows/s':>9}  ok")
    results = []
    for n in args.sizes:
        dt, rate, ok = measure(n, args.d)
        results.append((n, args.d, dt, rate, ok))
        print(f"{n:>15} {args.d:>3} {dt:>9.2f} {rate:>9.0f}  {ok}")
    if args.markdown:
        from bench._markdown import replace_section

        replace_section(args.markdown, "bench/verify_throughput.py", format_markdown(results))
        print(f"table written to {args.markdown}")
    return 0 if all(r[4] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
