"""The SMOTE family of imbalanced-learn against DistinSMOTE (issue 15): P/R for the real rows.

    python bench/family.py            # Gaussian d = 4, 8, 12, 20 and ecoli, yeast_me2
    python bench/family.py --quick    # Gaussian d = 8 only (CI-sized)

Samplers: SMOTE (reference), BorderlineSMOTE-1/2, SVMSMOTE, ADASYN, KMeansSMOTE, SMOTENC
(two integer-coded categorical columns appended; attacked with ``categorical_features`` naming
them, and as ``SMOTENC-numeric`` on the numeric columns only), SMOTETomek and
SMOTEENN (rows removed after SMOTE, so parents may be missing). BorderlineSMOTE-2's segment
attack uses ``parents="all"`` (its segments end at rows of every class); the options an attack
used are in the note column. The ground truth is exact:
a minority row of the output is real iff it equals a real minority row of the input (every
row compared by its exact float values). DistinSMOTE runs with the segment geometry and
``geometry="auto"``, and with the sampler's ``family`` (Lemma 10, proofs/10_family_limits.py:
``extrapolating`` for SVMSMOTE, ``removal`` for SMOTETomek and SMOTEENN; samplers that
``refimpl.sampler_family`` maps to ``smote`` repeat the segment column). A sampler that
refuses the data is reported with its error.

Writes bench/results/family.csv (family_quick.csv) and the table in docs/reference/box.md.
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
from refimpl.attacks.scoring import distin_scores, recon_scores  # noqa: E402
from refimpl.sampler_family import SAMPLER_FAMILIES  # noqa: E402

DIMS = (4, 8, 12, 20)
BUNDLED = ("ecoli", "yeast_me2")
SAMPLERS = ("SMOTE", "BorderlineSMOTE-1", "BorderlineSMOTE-2", "SVMSMOTE", "ADASYN", "KMeansSMOTE", "SMOTENC",
            "SMOTENC-numeric", "SMOTETomek", "SMOTEENN")


@dataclass
class Row:
    """One sampler on one dataset: P/R of the real verdicts, segment and auto."""

    sampler: str
    data: str
    d: int
    real: int
    synthetic: int
    segment_p: float
    segment_r: float
    auto: str
    auto_p: float
    auto_r: float
    cpu_s: float
    family: str = ""
    family_p: float = 0.0
    family_r: float = 0.0
    #: synthetic rows called real, by the segment attack and with the family
    segment_fp: int = 0
    family_fp: int = 0
    family_cpu_s: float = 0.0
    error: str = ""
    #: the attack options used (``categorical_features``, ``parents``)
    options: str = ""
    #: ReconSMOTE on the synthetic minority rows alone (the numeric columns): P / R of its records
    recon_found: int = 0
    recon_p: float = 0.0
    recon_r: float = 0.0
    recon_cpu_s: float = 0.0


def _sampler(name: str, d: int) -> Any:
    from imblearn import combine, over_sampling

    seed = 0
    if name == "SMOTE":
        return over_sampling.SMOTE(random_state=seed)
    if name.startswith("BorderlineSMOTE"):
        return over_sampling.BorderlineSMOTE(kind=f"borderline-{name[-1]}", random_state=seed)
    if name == "SVMSMOTE":
        return over_sampling.SVMSMOTE(random_state=seed)
    if name == "ADASYN":
        return over_sampling.ADASYN(random_state=seed)
    if name == "KMeansSMOTE":
        return over_sampling.KMeansSMOTE(random_state=seed, cluster_balance_threshold=0.0)
    if name.startswith("SMOTENC"):
        return over_sampling.SMOTENC(categorical_features=[d, d + 1], random_state=seed)
    if name == "SMOTETomek":
        return combine.SMOTETomek(random_state=seed)
    return combine.SMOTEENN(random_state=seed)


def _gaussian(n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(d)
    # overlapping classes, so that the borderline and SVM samplers find a border
    X = np.vstack([rng.normal(size=(n, d)) + 1.0, rng.normal(size=(4 * n, d))])
    return X, np.r_[np.ones(n, dtype=np.intp), np.zeros(4 * n, dtype=np.intp)]


def run_one(name: str, data: str, X: np.ndarray, y: np.ndarray) -> Row:
    """Resample (X, y) with sampler ``name``; score DistinSMOTE on the minority of the output."""
    d = X.shape[1]
    if name.startswith("SMOTENC"):
        rng = np.random.default_rng(1)
        X = np.c_[X, rng.integers(0, 3, size=(len(X), 2)).astype(np.float64)]
    real = {tuple(r) for r in X[y == 1].tolist()}
    try:
        Xr, yr = _sampler(name, d).fit_resample(X, y)
    except Exception as exc:  # a sampler that refuses the data is a result, reported as such
        return Row(name, data, X.shape[1], 0, 0, 0.0, 0.0, "", 0.0, 0.0, 0.0, error=f"{type(exc).__name__}: {exc}"[:80])
    Xr, yr = np.asarray(Xr, dtype=np.float64), np.asarray(yr)
    mino = yr == 1
    is_real = np.array([tuple(r) in real for r in Xr[mino].tolist()])
    if name == "SMOTENC-numeric":
        Xr = Xr[:, :d]  # the numeric part is plain SMOTE; the categorical columns copy a neighbour's value
    opts = _attack_options(name, d)
    c0 = time.process_time()
    # the whole output goes in: parents="all" needs the other classes' rows; the default uses the minority only
    seg = distin_smote(Xr, mino.astype(np.intp), minority=1, k=5, **opts)
    auto = distin_smote(Xr, mino.astype(np.intp), minority=1, k=5, geometry="auto", **opts)
    cpu = time.process_time() - c0
    fam = SAMPLER_FAMILIES.get(name.lower(), "smote")
    c1 = time.process_time()
    famres = seg if fam == "smote" else distin_smote(Xr[mino], np.ones(int(mino.sum()), dtype=np.intp), k=5, family=fam)
    fcpu = time.process_time() - c1
    s, a, f = distin_scores(seg, is_real), distin_scores(auto, is_real), distin_scores(famres, is_real)
    rn, rp, rr, rcpu = _recon(Xr[mino][~is_real][:, :d], X[y == 1][:, :d])
    note = ", ".join(f"{key}={v!r}" for key, v in opts.items())
    return Row(name, data, Xr.shape[1], int(is_real.sum()), int((~is_real).sum()), round(s.real_precision, 4),
               round(s.real_recall, 4), auto.geometry, round(a.real_precision, 4), round(a.real_recall, 4), round(cpu, 3),
               fam, round(f.real_precision, 4), round(f.real_recall, 4), int(((seg.verdicts == "real") & ~is_real).sum()),
               int(((famres.verdicts == "real") & ~is_real).sum()), round(fcpu, 3), options=note,
               recon_found=rn, recon_p=rp, recon_r=rr, recon_cpu_s=rcpu)


def _recon(X_syn: np.ndarray, X_real: np.ndarray) -> tuple[int, float, float, float]:
    """ReconSMOTE on the synthetic rows alone (numeric columns): records found, P / R in its certified boxes, CPU s.

    At this bench's 1:3 ratio a segment rarely has the three children a line needs, so few
    records are rebuilt; the column says how sound the ones found are (`bench/attacks.py`
    measures ReconSMOTE at 1:20).
    """
    if len(X_syn) < 3:
        return 0, 0.0, 0.0, 0.0
    c = time.process_time()
    res = recon_smote(np.unique(X_syn, axis=0), k=5, column_range=np.ptp(X_real, axis=0))
    cpu = time.process_time() - c
    sc = recon_scores(res, X_real)
    return sc.predicted, round(sc.precision, 4), round(sc.recall, 4), round(cpu, 3)


def _attack_options(name: str, d: int) -> dict[str, Any]:
    """The DistinSMOTE options that match sampler ``name`` (its categorical columns, its parents' classes)."""
    if name == "SMOTENC":
        return {"categorical_features": [d, d + 1]}
    if name == "BorderlineSMOTE-2":
        return {"parents": "all"}
    return {}


def _table(rows: list[Row]) -> str:
    head = ("| sampler | data | d | real | synthetic | segment P / R | auto | auto P / R | CPU s | family | "
            "family P / R | synthetic called real (segment → family) | family CPU s | recon found | recon P / R | recon CPU s | "
            "note |\n"
            "|" + "---|" * 17 + "\n")
    return head + "".join(
        f"| {r.sampler} | {r.data} | {r.d} | {r.real} | {r.synthetic} | {r.segment_p:.3f} / {r.segment_r:.3f} | "
        f"{r.auto} | {r.auto_p:.3f} / {r.auto_r:.3f} | {r.cpu_s:.2f} | {r.family} | "
        f"{r.family_p:.3f} / {r.family_r:.3f} | {r.segment_fp} → {r.family_fp} | {r.family_cpu_s:.2f} | "
        f"{r.recon_found} | {r.recon_p:.3f} / {r.recon_r:.3f} | {r.recon_cpu_s:.2f} | "
        f"{'; '.join(t for t in (r.options, r.error) if t)} |\n"
        for r in rows
    )


def main(argv: list[str] | None = None) -> list[Row]:
    """Run the benchmark; write the CSV and the docs table; return the rows."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="CI-sized run")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"), help="directory for the CSV")
    ap.add_argument("--page", default=str(ROOT / "docs" / "reference" / "box.md"), help="docs page with the markers")
    args = ap.parse_args(argv)
    cases: list[tuple[str, np.ndarray, np.ndarray]] = []
    for d in (8,) if args.quick else DIMS:
        cases.append(("gaussian", *_gaussian(60 if args.quick else 100, d)))
    if not args.quick:
        for name in BUNDLED:
            ds = datasets.load(name)
            cases.append((name, np.asarray(ds.X, dtype=np.float64), np.asarray(ds.y)))
    rows: list[Row] = []
    c0, w0 = time.process_time(), time.perf_counter()
    for data, X, y in cases:
        for name in SAMPLERS:
            rows.append(run_one(name, data, X, y))
            print(_table(rows[-1:]).splitlines()[-1], flush=True)
    print(f"CPU {time.process_time() - c0:.1f} s, wall {time.perf_counter() - w0:.1f} s", flush=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / ("family_quick.csv" if args.quick else "family.csv")).open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])))
        w.writeheader()
        w.writerows(asdict(r) for r in rows)
    page = Path(args.page)
    if page.exists():
        replace_section(page, "bench/family.py", "P / R of the *real* verdicts, k = 5, no release perturbation; "
                        "the family columns use `distin_smote(..., family=...)` (Lemma 10).\n\n"
                        + _table(rows) + f"\n{machine()}\n")
    return rows


if __name__ == "__main__":
    main()
