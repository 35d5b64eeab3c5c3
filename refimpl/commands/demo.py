"""``smote-refimpl demo``: the main job on bundled data, end to end, in a few seconds."""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

import numpy as np

from refimpl.smote import SMOTE, replay
from refimpl.tube import coordinate_bounds, float_difference


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``demo`` subcommand."""
    p = sub.add_parser(
        "demo",
        help="run the whole story on a bundled dataset",
        description="SMOTE a bundled dataset in float64 and exactly, compare the neighbour choices, "
        "check every float coordinate against the derived rounding bound, then attack the output: "
        "DistinSMOTE on the augmented data and ReconSMOTE on synthetic-only data at 1:20 "
        "(exit 0 when within the bound and both attacks have precision 1, else 1).",
    )
    p.add_argument("--dataset", default="ecoli", help="bundled dataset name (default ecoli)")
    p.add_argument("--k", type=int, default=5, help="nearest neighbours (default 5)")
    p.add_argument("--seed", type=int, default=0, help="random_state (default 0)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (dataset, k, seed, ok, and the story's lines) instead of the text")
    p.set_defaults(func=run_cli)


def run_cli(args: argparse.Namespace) -> int:
    """``demo`` as text, or with ``--json`` the same story collected into one JSON object."""
    if not args.json:
        return run(args)
    import contextlib
    import io
    import json

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = run(args)
    lines = [line for line in buf.getvalue().splitlines() if line.strip()]
    print(json.dumps({"dataset": args.dataset, "k": args.k, "seed": args.seed, "ok": code == 0, "lines": lines}))
    return code


def float_vs_exact(X: np.ndarray, X_float: np.ndarray, sampler: SMOTE) -> tuple[Fraction, Fraction, int]:
    """(max |float − exact|, max error/bound ratio, coordinates checked) over the synthetic rows.

    The exact point is the exact replay of the float run's own provenance, so both use the
    same parents and λ; the bound is the float64 tube of refimpl.tube (Lemma 3).
    """
    prov = sampler.provenance_
    exact = replay(prov, X, arithmetic="exact")
    worst_err, worst_ratio, count = Fraction(0), Fraction(0), 0
    for r in range(len(prov)):
        s_hat = X_float[prov.row[r]]
        d_hat = float_difference(X[prov.base[r]], X[prov.neighbour[r]])
        bounds = coordinate_bounds(s_hat.tolist(), d_hat.tolist())
        for j, b in enumerate(bounds):
            err = abs(Fraction(float(s_hat[j])) - exact[r, j])
            worst_err = max(worst_err, err)
            worst_ratio = max(worst_ratio, err / b)
            count += 1
    return worst_err, worst_ratio, count


def run(args: argparse.Namespace) -> int:
    """Run ``demo``; returns the exit code."""
    import refimpl.datasets as datasets

    ds = datasets.load(args.dataset)
    X, y = ds.X, ds.y
    print(f"dataset {ds.name}: {X.shape[0]} rows x {X.shape[1]} features, "
          f"classes {np.unique(y, return_counts=True)[1].tolist()} (scaled to [-1, 1])")

    t0 = time.perf_counter()
    fl = SMOTE(k_neighbors=args.k, random_state=args.seed)
    X_f, _ = fl.fit_resample(X, y)
    t_float = time.perf_counter() - t0
    t0 = time.perf_counter()
    ex = SMOTE(k_neighbors=args.k, random_state=args.seed, arithmetic="exact")
    ex.fit_resample(X, y)
    t_exact = time.perf_counter() - t0
    print(f"SMOTE k={args.k} seed={args.seed}: {len(fl.provenance_)} synthetic rows, "
          f"{X_f.shape[0]} rows out (float64 {t_float * 1e3:.1f} ms, exact {t_exact * 1e3:.1f} ms)")

    same = int(np.sum(fl.provenance_.neighbour == ex.provenance_.neighbour))
    print(f"neighbour choice: scikit-learn kNN and exact kNN agree on {same}/{len(fl.provenance_)} rows")

    err, ratio, count = float_vs_exact(X, X_f, fl)
    print(f"float64 vs exact (same parents and λ): max |float - exact| = {float(err):.3e}, "
          f"max error/tube-bound = {float(ratio):.3f} over {count} coordinates "
          f"({'within' if ratio <= 1 else 'OUTSIDE'} the derived bound)")

    print("first provenance rows (λ exact = m / 2^53):")
    frame = fl.provenance_.to_frame()[["row", "class", "base", "neighbour", "lambda", "lambda_exact"]]
    print(frame.head(5).to_string(index=False))

    attacks_ok = attack_story(X, y, X_f, args)
    return 0 if ratio <= 1 and attacks_ok else 1


def attack_story(X: np.ndarray, y: np.ndarray, X_aug: np.ndarray, args: argparse.Namespace) -> bool:
    """DistinSMOTE on the 1:1 augmented data, ReconSMOTE on synthetic-only data at 1:20; True iff precision is 1."""
    from refimpl.attacks import distin_smote, recon_smote
    from refimpl.attacks.scoring import distin_scores, recon_scores

    n_real = X.shape[0]
    y_aug = np.r_[y, np.ones(X_aug.shape[0] - n_real, dtype=y.dtype)]
    t0 = time.perf_counter()
    dres = distin_smote(X_aug, y_aug, minority=1, k=args.k, kernel="fast")
    ds = distin_scores(dres, np.arange(X_aug.shape[0])[dres.index] < n_real)
    print(f"DistinSMOTE (fast kernel, certified): {dres.counts()} in {time.perf_counter() - t0:.2f} s; "
          f"precision {ds.precision:.4f}, recall {ds.recall:.4f}")

    X_min = X[y == 1]
    ratio = 20
    sm = SMOTE(k_neighbors=args.k, random_state=args.seed, sampling_strategy={1: len(X_min) * (ratio + 1)})
    X_r, _ = sm.fit_resample(X, y)
    X_syn = X_r[n_real:]
    t0 = time.perf_counter()
    rres = recon_smote(X_syn, k=args.k, kernel="fast", column_range=np.ptp(X, axis=0))
    rs = recon_scores(rres, X_min)
    radius = max((float(r) for r in rres.radius), default=0.0)
    print(f"ReconSMOTE on {len(X_syn)} synthetic-only rows (1:{ratio}): {len(rres.points)} records rebuilt "
          f"in {time.perf_counter() - t0:.2f} s; precision {rs.precision:.4f}, recall {rs.recall:.4f} "
          f"of {len(X_min)} real minority records (largest certified radius {radius:.2e})")

    # The same augmented data released rounded to 6 decimals: the published numerics collapse
    # (DESIGN notes §2), the attack told the release model does not (Lemma 6, proofs/06_noisy_tubes.py).
    from refimpl.release import apply_release

    rounded = apply_release(X_aug, "decimals:6")
    real_rows = np.arange(X_aug.shape[0]) < n_real
    eps = distin_scores(r := distin_smote(rounded, y_aug, minority=1, k=args.k, kernel="epsilon"), real_rows[r.index])
    rres6 = distin_smote(rounded, y_aug, minority=1, k=args.k, kernel="fast", release="decimals:6")
    ours = distin_scores(rres6, real_rows[rres6.index])
    print(f"released rounded to 6 decimals: DistinSMOTE with the published numerics precision {eps.precision:.4f}, "
          f"recall {eps.recall:.4f}; with release='decimals:6' ({rres6.guarantee}) precision {ours.precision:.4f}, "
          f"recall {ours.recall:.4f}")
    return ds.precision == 1.0 and rs.precision == 1.0 and ours.precision == 1.0
