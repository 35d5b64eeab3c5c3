"""DistinSMOTE on a Dask LocalCluster against one process: identical results, wall and CPU seconds, halo sizes.

    python bench/dask_scale.py [--sizes 100000 1000000] [--d 10] [--workers 2] [--blocks B] [--quick]

Data: `bench/scale.py`'s (a Gaussian real minority of n/10 rows, n SMOTE rows, k = 5), for n
synthetic rows at each size. Per size, one process runs `refimpl.attacks.distin_smote` and a
`distributed.LocalCluster` of ``--workers`` worker processes (one thread each) runs
`refimpl.distributed.distin_smote_dask` on the same data. Printed per size: wall seconds,
CPU seconds (the process's `time.process_time`; for Dask the client's plus every worker's,
read with `Client.run`), their ratios, whether verdicts, witnesses and reasons are identical,
the blocks and halos (rows per block, halo rows per block, halo/block ratio: the key figure,
since each block's task searches Q ∪ H), the queries left to the client, and how the Dask
run's seconds split between the client's global steps and the blocks. The last line
extrapolates the largest two sizes to 10^7 rows by their growth exponent (log-log slope).
``--quick`` runs 2,000 rows at d = 4 (the CI smoke test); it exits 1 if results differ.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scale import K, make_data  # noqa: E402


def _augmented(n_syn: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    real, syn = make_data(n_syn, d)
    X = np.vstack([real, syn, np.full((K + 1, d), 50.0)])  # a second class for the API
    y = np.r_[np.ones(len(real) + len(syn), dtype=np.int64), np.zeros(K + 1, dtype=np.int64)]
    return X, y


def _same(a: Any, b: Any) -> bool:
    return bool(
        a.verdicts.tolist() == b.verdicts.tolist()
        and a.witnesses == b.witnesses
        and a.reasons == b.reasons
        and a.index.tolist() == b.index.tolist()
    )


def _workers_cpu(client: Any) -> float:
    return float(sum(client.run(time.process_time).values()))


def run(sizes: list[int], d: int, workers: int, blocks: int | None) -> list[dict[str, Any]]:
    """One row per size: the single-process and the Dask run, measured side by side."""
    from distributed import Client, LocalCluster

    from refimpl.attacks import distin_smote
    from refimpl.distributed import distin_smote_dask

    rows = []
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        for n in sizes:
            X, y = _augmented(n, d)
            c0, w0 = time.process_time(), time.perf_counter()
            one = distin_smote(X, y, minority=1, k=K)
            cpu1, wall1 = time.process_time() - c0, time.perf_counter() - w0
            c0, k0, w0 = time.process_time(), _workers_cpu(client), time.perf_counter()
            many = distin_smote_dask(X, y, client, minority=1, k=K, blocks=blocks)
            wall2 = time.perf_counter() - w0
            cpu_client = time.process_time() - c0
            cpu_workers = _workers_cpu(client) - k0
            st = many.blocks
            b, h = np.asarray(st.block_rows), np.asarray(st.halo_rows)
            sec = many.seconds
            rows.append(
                {
                    "rows": int((y == 1).sum()),
                    "d": d,
                    "one_wall": wall1,
                    "one_cpu": cpu1,
                    "dask_wall": wall2,
                    "dask_cpu": cpu_client + cpu_workers,
                    "dask_cpu_client": cpu_client,
                    "identical": _same(one, many),
                    "blocks": len(b),
                    "block_rows": float(b.mean()),
                    "halo_rows": float(h.mean()),
                    "halo_ratio": float(h.sum() / b.sum()),
                    "client_queries": st.client_queries,
                    "first_pass_dask": sec.get("first pass", 0.0),
                    "first_pass_one": one.seconds.get("first pass", 0.0),
                    "rest_dask": sec["total"] - sec.get("first pass", 0.0),
                    "synthetic": int((many.verdicts == "synthetic").sum()),
                }
            )
            print(_line(rows[-1]), flush=True)
    return rows


def _line(r: dict[str, Any]) -> str:
    return (
        f"{r['rows']:>9} rows d={r['d']}: one process {r['one_wall']:.1f} s wall / {r['one_cpu']:.1f} s CPU; "
        f"dask {r['dask_wall']:.1f} s wall / {r['dask_cpu']:.1f} s CPU (client {r['dask_cpu_client']:.1f}); "
        f"wall ratio {r['one_wall'] / r['dask_wall']:.2f}x; identical {r['identical']}; "
        f"{r['blocks']} blocks of {r['block_rows']:.0f} rows, halos {r['halo_rows']:.0f} rows "
        f"(halo/block {r['halo_ratio']:.2f}), {r['client_queries']} client queries; first pass "
        f"{r['first_pass_one']:.1f} s one / {r['first_pass_dask']:.1f} s dask, the rest {r['rest_dask']:.1f} s"
    )


def extrapolate(rows: list[dict[str, Any]], target: int = 10**7) -> str:
    """10^7 rows from the largest two sizes: wall · (target / n)^slope, the slope fitted on log-log."""
    if len(rows) < 2:
        return "extrapolation needs two sizes"
    a, b = rows[-2], rows[-1]
    out = []
    for key in ("one_wall", "dask_wall"):
        slope = math.log(b[key] / a[key]) / math.log(b["rows"] / a["rows"])
        out.append(
            f"{key} exponent {slope:.2f} -> {b[key] * (target / b['rows']) ** slope:.0f} s at {target:.0e} rows"
        )
    return "; ".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="synthetic rows per run"
    )
    ap.add_argument("--d", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocks", type=int, default=None, help="spatial blocks (default: 2 per worker)")
    ap.add_argument("--quick", action="store_true", help="2,000 rows at d = 4 (CI smoke test)")
    args = ap.parse_args(argv)
    sizes, d = ([2_000], 4) if args.quick else (args.sizes, args.d)
    rows = run(sizes, d, args.workers, args.blocks)
    print(extrapolate(rows))
    return 0 if all(r["identical"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
