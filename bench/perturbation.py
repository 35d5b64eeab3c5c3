"""Do rounding, a float32 cast or a little noise protect SMOTE output? The protection curve (issue 9).

    python bench/perturbation.py            # every bundled dataset, every perturbation
    python bench/perturbation.py --quick    # ecoli, a handful of perturbations (CI-sized)

For each bundled dataset (scaled to [−1, 1], k = 5) and each release perturbation —
decimals 12, 10, 8, 6, 4, 3, 2; float32; uniform and Gaussian noise from 1e-10 to 1e-1 —
it reports:

* DistinSMOTE on the 1:1 augmented data, every row released through the perturbation:
  precision and recall of the noise-aware attack (``fast`` kernel with ``release=`` the
  true model, `refimpl.release`) and of ``EpsilonKernel`` (the published numerics);
* ReconSMOTE on the synthetic rows only at 1:20, perturbed the same way: precision and
  recall, both attacks (a reconstructed point matches a real record when the record lies in
  its certified box, `refimpl.attacks.scoring.recon_scores`);
* utility: ROC-AUC of a logistic regression trained on the perturbed augmented training
  split, tested on held-out real rows (unperturbed);
* seconds of the noise-aware attacks, and their ratio to the unperturbed run.

Then, per dataset and family, the *protection threshold*: the smallest perturbation at which
the noise-aware attack's F1 falls below 0.5, next to the utility lost there.

Writes bench/results/perturbation.csv, perturbation_thresholds.csv, the tables in
docs/reference/perturbation.md and docs/assets/figures/perturbation.png.
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
from refimpl import datasets  # noqa: E402
from refimpl.attacks import distin_smote, recon_smote  # noqa: E402
from refimpl.attacks.scoring import distin_scores, f1, recon_scores  # noqa: E402
from refimpl.release import apply_release, parse_release  # noqa: E402
from refimpl.smote import SMOTE  # noqa: E402

PAPER = ("ecoli", "yeast_me2", "solar_flare_m0", "abalone", "abalone_19", "car_eval_34", "car_eval_4")
NOISE = tuple(10.0**-e for e in range(10, 0, -1))
#: every perturbation, weakest first within each family
PERTURBATIONS: tuple[str, ...] = (
    "none",
    *(f"decimals:{p}" for p in (12, 10, 8, 6, 4, 3, 2)),
    "float32",
    *(f"uniform:{e:g}" for e in NOISE),
    *(f"gaussian:{e:g}" for e in NOISE),
)
QUICK: tuple[str, ...] = ("none", "decimals:6", "decimals:2", "float32", "uniform:1e-05", "uniform:0.1", "gaussian:1e-05")
RATIO = 20
K = 5
RESULTS = ROOT / "bench" / "results"
PAGE = ROOT / "docs" / "reference" / "perturbation.md"
FIGURE = ROOT / "docs" / "assets" / "figures" / "perturbation.png"


@dataclass
class Row:
    dataset: str
    release: str
    family: str
    level: float
    distin_p: float
    distin_r: float
    distin_eps_p: float
    distin_eps_r: float
    recon_p: float
    recon_r: float
    recon_eps_p: float
    recon_eps_r: float
    recon_max_radius: float
    utility_auc: float
    distin_s: float
    recon_s: float
    distin_efp: float


def family_level(spec: str) -> tuple[str, float]:
    """('decimals', 10^-p) etc.: a common axis where larger means more perturbation."""
    m = parse_release(spec)
    if m.kind == "decimals":
        return "decimals", 10.0 ** -int(m.scale)
    if m.kind == "float32":
        return "float32", 2.0**-24
    if m.kind == "none":
        return "none", 0.0
    return m.kind, float(m.scale)


def _utility(X: np.ndarray, y: np.ndarray, spec: str, seed: int) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
    Xa, ya = SMOTE(k_neighbors=K, random_state=seed).fit_resample(Xtr, ytr)
    Xp = apply_release(Xa, spec, seed=seed + 1)
    clf = LogisticRegression(max_iter=2000).fit(Xp, ya)
    return float(roc_auc_score(yte, clf.predict_proba(Xte)[:, 1]))


def _distin(Xp: np.ndarray, y: np.ndarray, real: np.ndarray, spec: str) -> tuple[float, float, float, float, float, float]:
    t = time.perf_counter()
    res = distin_smote(Xp, y, minority=1, k=K, kernel="fast", release=spec)
    secs = time.perf_counter() - t
    sc = distin_scores(res, real[res.index])
    eps = distin_smote(Xp, y, minority=1, k=K, kernel="epsilon")
    se = distin_scores(eps, real[eps.index])
    return sc.precision, sc.recall, se.precision, se.recall, secs, res.expected_false_positives


def _recon(syn: np.ndarray, real_min: np.ndarray, spec: str) -> tuple[float, float, float, float, float, float]:
    t = time.perf_counter()
    res = recon_smote(syn, k=K, kernel="fast", release=spec)
    secs = time.perf_counter() - t
    sc = recon_scores(res, real_min)
    rad = max((float(r) for r in res.radius), default=0.0)
    eps = recon_smote(syn, k=K, kernel="epsilon")
    se = recon_scores(eps, real_min)
    return sc.precision, sc.recall, se.precision, se.recall, secs, rad


def evaluate(names: tuple[str, ...], specs: tuple[str, ...], seed: int = 0, log: Any = print) -> list[Row]:
    rows: list[Row] = []
    for name in names:
        ds = datasets.load(name)
        X, y = np.asarray(ds.X, dtype=np.float64), np.asarray(ds.y)
        Xa, ya = SMOTE(k_neighbors=K, random_state=seed).fit_resample(X, y)
        real = np.arange(len(ya)) < len(y)
        real_min = X[y == 1]
        sm = SMOTE(k_neighbors=K, sampling_strategy={1: (RATIO + 1) * len(real_min)}, random_state=seed)
        Xs, _ = sm.fit_resample(X, y)
        syn = np.asarray(Xs)[len(X):]
        for spec in specs:
            fam, level = family_level(spec)
            Xp = apply_release(Xa, spec, seed=seed + 1)
            sp_ = apply_release(syn, spec, seed=seed + 2)
            dp, dr, dep, der, ds_, efp = _distin(Xp, ya, real, spec)
            rp, rr, rep, rer, rs, rad = _recon(sp_, real_min, spec)
            util = _utility(X, y, spec, seed)
            row = Row(name, spec, fam, level, dp, dr, dep, der, rp, rr, rep, rer, rad, util, ds_, rs, efp)
            rows.append(row)
            log(f"{name:15s} {spec:14s} distin {dp:.3f}/{dr:.3f} (eps {dep:.3f}/{der:.3f})  "
                f"recon {rp:.3f}/{rr:.3f} (eps {rep:.3f}/{rer:.3f})  auc {util:.3f}  {ds_:.2f}s/{rs:.2f}s")
    return rows


UNKNOWN_AT: tuple[str, ...] = ("decimals:6", "uniform:1e-05")


def unknown_scale(names: tuple[str, ...], seed: int = 0, log: Any = print) -> list[dict[str, Any]]:
    """DistinSMOTE with ``release="unknown"`` on the target releases: the estimated half-width and the scores."""
    out: list[dict[str, Any]] = []
    for name in names:
        ds = datasets.load(name)
        X, y = np.asarray(ds.X, dtype=np.float64), np.asarray(ds.y)
        Xa, ya = SMOTE(k_neighbors=K, random_state=seed).fit_resample(X, y)
        real = np.arange(len(ya)) < len(y)
        for spec in UNKNOWN_AT:
            res = distin_smote(apply_release(Xa, spec, seed=seed + 1), ya, minority=1, k=K, release="unknown")
            sc = distin_scores(res, real[res.index])
            half = float(res.release.split("uniform:")[1].rstrip(")")) if "uniform:" in res.release else float("nan")
            out.append({"dataset": name, "true_release": spec, "estimated_half_width": half,
                        "distin_p": sc.precision, "distin_r": sc.recall, "guarantee": res.guarantee})
            log(f"{name:15s} {spec:14s} unknown -> half-width {half:.3g}: distin {sc.precision:.3f}/{sc.recall:.3f}")
    return out


def thresholds(rows: list[Row]) -> list[dict[str, Any]]:
    """Per dataset, family and attack: the weakest perturbation at which our F1 < 0.5, and the utility lost there."""
    out: list[dict[str, Any]] = []
    by: dict[str, list[Row]] = {}
    for r in rows:
        by.setdefault(r.dataset, []).append(r)
    for name, part in by.items():
        base = next((r for r in part if r.release == "none"), None)
        for fam in ("decimals", "float32", "uniform", "gaussian"):
            seq = sorted((r for r in part if r.family == fam), key=lambda r: r.level)
            if not seq:
                continue
            for attack in ("distin", "recon"):
                hit = next((r for r in seq if f1(getattr(r, f"{attack}_p"), getattr(r, f"{attack}_r")) < 0.5), None)
                out.append({
                    "dataset": name,
                    "family": fam,
                    "attack": attack,
                    "threshold": hit.release if hit else "none reached",
                    "utility_auc": hit.utility_auc if hit else float("nan"),
                    "utility_loss": (base.utility_auc - hit.utility_auc) if (hit and base) else float("nan"),
                })
    return out


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _fmt(v: float) -> str:
    return "n/a" if isinstance(v, float) and np.isnan(v) else f"{v:.3f}"


def markdown(rows: list[Row], th: list[dict[str, Any]], seconds: float, quick: bool, unknown: list[dict[str, Any]] | None = None) -> str:
    base = {r.dataset: r for r in rows if r.release == "none"}
    head = [
        f"Generated by `python bench/perturbation.py{' --quick' if quick else ''}` in {seconds:.0f} s. {machine()}",
        "",
        "| dataset | release | DistinSMOTE P / R (ours) | (published numerics) | ReconSMOTE 1:20 P / R (ours) | (published numerics) | max box radius | utility AUC | time vs unperturbed |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    body = []
    for r in rows:
        b = base.get(r.dataset)
        ratio = "—" if b is None or r.release == "none" else f"{(r.distin_s + r.recon_s) / max(b.distin_s + b.recon_s, 1e-9):.1f}×"
        body.append(
            f"| {r.dataset} | {r.release} | {_fmt(r.distin_p)} / {_fmt(r.distin_r)} | {_fmt(r.distin_eps_p)} / {_fmt(r.distin_eps_r)} "
            f"| {_fmt(r.recon_p)} / {_fmt(r.recon_r)} | {_fmt(r.recon_eps_p)} / {_fmt(r.recon_eps_r)} | {r.recon_max_radius:.2g} "
            f"| {_fmt(r.utility_auc)} | {ratio} |"
        )
    tail = ["", "**Protection thresholds** (the weakest perturbation at which our attack's F1 falls below 0.5):", "",
            "| dataset | family | attack | threshold | utility AUC there | utility lost |", "|---|---|---|---|---|---|"]
    for t in th:
        tail.append(f"| {t['dataset']} | {t['family']} | {t['attack']} | {t['threshold']} | {_fmt(t['utility_auc'])} | {_fmt(t['utility_loss'])} |")
    if unknown:
        tail += ["", "**Scale not stated** (`release=\"unknown\"`: the half-width is estimated from the data, `refimpl.release.estimate_scale`):", "",
                 "| dataset | true release | estimated half-width | DistinSMOTE P / R | guarantee |", "|---|---|---|---|---|"]
        for u in unknown:
            tail.append(f"| {u['dataset']} | {u['true_release']} | {float(u['estimated_half_width']):.3g} "
                        f"| {_fmt(float(u['distin_p']))} / {_fmt(float(u['distin_r']))} | {u['guarantee']} |")
    return "\n".join(head + body + tail)


def plot(rows: list[Row], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fams = ("decimals", "uniform", "gaussian")
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), sharey=True)
    names = sorted({r.dataset for r in rows}, key=lambda n: PAPER.index(n) if n in PAPER else 99)
    for ax, fam in zip(axes, fams, strict=True):
        for i, name in enumerate(names):
            seq = sorted((r for r in rows if r.dataset == name and r.family == fam), key=lambda r: r.level)
            if not seq:
                continue
            x = [r.level for r in seq]
            ax.plot(x, [f1(r.distin_p, r.distin_r) for r in seq], "-o", ms=3, c=f"C{i}", label=f"{name}: DistinSMOTE (ours)")
            ax.plot(x, [f1(r.recon_p, r.recon_r) for r in seq], "-s", ms=3, c=f"C{i}", alpha=0.5)
            ax.plot(x, [f1(r.distin_eps_p, r.distin_eps_r) for r in seq], ":x", ms=3, c=f"C{i}", alpha=0.7)
            ax.plot(x, [r.utility_auc for r in seq], "--", lw=0.8, c=f"C{i}", alpha=0.6)
        ax.set_xscale("log")
        ax.axhline(0.5, c="k", lw=0.6)
        ax.set_title(f"{fam}: " + ("rounding unit 10^-p" if fam == "decimals" else "noise scale"), fontsize=10)
        ax.set_xlabel("perturbation (log)")
    axes[0].set_ylabel("F1 of the attack  /  utility AUC")
    axes[0].set_ylim(-0.03, 1.05)
    handles = [
        plt.Line2D([], [], c="k", marker="o", label="DistinSMOTE, noise-aware (F1)"),
        plt.Line2D([], [], c="k", marker="s", alpha=0.5, label="ReconSMOTE 1:20, noise-aware (F1)"),
        plt.Line2D([], [], c="k", ls=":", marker="x", label="DistinSMOTE, published numerics (F1)"),
        plt.Line2D([], [], c="k", ls="--", label="utility: ROC-AUC"),
    ]
    axes[2].legend(handles=handles, fontsize=7, loc="lower left")
    axes[0].legend(handles=[plt.Line2D([], [], c=f"C{i}", lw=3, label=n) for i, n in enumerate(names)], fontsize=7, loc="lower left")
    fig.suptitle("Does rounding or noise protect SMOTE output? (colours: datasets)", fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> list[Row]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="ecoli and a handful of perturbations (CI-sized)")
    p.add_argument("--datasets", nargs="*", default=None, help="subset of the bundled datasets")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=RESULTS, help="directory for the CSV files")
    p.add_argument("--page", type=Path, default=PAGE, help="docs page whose section receives the tables")
    p.add_argument("--figure", type=Path, default=FIGURE)
    p.add_argument("--replot", action="store_true", help="redraw the figure and tables from the CSV, without running")
    args = p.parse_args(argv)
    if args.replot:
        return replot(args.out / "perturbation.csv", args.page, args.figure)
    names = tuple(args.datasets) if args.datasets else (("ecoli",) if args.quick else PAPER)
    specs = QUICK if args.quick else PERTURBATIONS
    t0 = time.perf_counter()
    rows = evaluate(names, specs, seed=args.seed)
    unknown = unknown_scale(names, seed=args.seed)
    seconds = time.perf_counter() - t0
    th = thresholds(rows)
    stem = "perturbation_quick" if args.quick else "perturbation"
    write_csv([asdict(r) for r in rows], args.out / f"{stem}.csv")
    write_csv(th, args.out / f"{stem}_thresholds.csv")
    write_csv(unknown, args.out / f"{stem}_unknown.csv")
    md = markdown(rows, th, seconds, args.quick, unknown)
    (args.out / f"{stem}.md").write_text(md + "\n", encoding="utf-8")
    if not args.quick or args.page != PAGE:
        replace_section(args.page, "bench/perturbation.py", md)
    plot(rows, args.figure if not args.quick or args.figure != FIGURE else args.out / "perturbation_quick.png")
    print(f"done in {seconds:.0f} s")
    return rows


def replot(csv_path: Path, page: Path, figure: Path) -> list[Row]:
    """The figure and the page's tables again, from a finished run's CSV."""
    with csv_path.open() as fh:
        rows = [
            Row(**{k: (v if k in ("dataset", "release", "family") else float(v)) for k, v in rec.items()})  # type: ignore[arg-type]
            for rec in csv.DictReader(fh)
        ]
    text = page.read_text(encoding="utf-8")
    import re

    found = re.search(r"Generated by `python bench/perturbation.py` in (\d+) s", text)
    seconds = float(found.group(1)) if found else 0.0
    unknown_csv = csv_path.with_name(csv_path.stem + "_unknown.csv")
    unknown = list(csv.DictReader(unknown_csv.open())) if unknown_csv.exists() else None
    replace_section(page, "bench/perturbation.py", markdown(rows, thresholds(rows), seconds, False, unknown))
    plot(rows, figure)
    return rows


if __name__ == "__main__":
    main()
