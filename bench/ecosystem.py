"""The ecosystem conformance table: run SMOTE implementations, let ``verify --model auto`` explain each.

    python bench/ecosystem.py [--quick] [--out docs/explanation/smote-implementations.md]

Rows: imbalanced-learn's SMOTE family (Python), smote-variants (when installed: the
``conformance`` extra), R themis, R unbalanced and Weka 3.6 through ``bench/wild``'s runners
(skipped, with the reason, where Rscript or the jar is missing; ``.ci/run`` installs them).
``--quick`` runs the Python rows on two small data sets (the CI test). Every verdict is
measured: `refimpl.validate.auto.verify_auto` on the implementation's own output. The quirks
name their evidence: a source line, or a property measured on the output.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl.validate.auto import verify_auto  # noqa: E402

K = 5
Runner = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass
class Dataset:
    name: str
    X: np.ndarray
    y: np.ndarray
    note: str


def datasets(quick: bool) -> Iterator[Dataset]:
    """Gaussians, duplicates, a tiny class, a constant minority column, float32."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(120, 4)), rng.normal(1.0, 1.0, size=(30, 4))])
    y = np.r_[np.zeros(120, int), np.ones(30, int)]
    yield Dataset("gaussian", X, y, "120 vs 30 rows, d=4")
    Xd = np.vstack([X[:120], np.repeat(X[120:135], 2, axis=0)])
    yield Dataset("duplicates", Xd, y, "15 minority rows, each twice")
    if quick:
        return
    yield Dataset("tiny", X[:126], y[:126], "6 minority rows, k=5")
    Xc = X.copy()
    Xc[120:, 2] = 3.0
    yield Dataset("constant column", Xc, y, "minority column 2 constant")
    yield Dataset("float32", X.astype(np.float32), y, "the gaussian set as float32")


def _imblearn(name: str, **kw: Any) -> Runner:
    def run(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import imblearn.over_sampling as ov

        return getattr(ov, name)(random_state=0, **kw).fit_resample(X, y)  # type: ignore[no-any-return]

    return run


def _smotenc(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """SMOTENC with one categorical column appended; the numeric columns are returned."""
    from imblearn.over_sampling import SMOTENC

    cat = (np.arange(len(y)) % 3).astype(X.dtype)[:, None]
    Xo, yo = SMOTENC(categorical_features=[X.shape[1]], k_neighbors=K, random_state=0).fit_resample(np.hstack([X, cat]), y)
    return np.asarray(Xo[:, : X.shape[1]], dtype=X.dtype), yo


def _sv(name: str) -> Runner:
    def run(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import smote_variants as sv

        logging.getLogger("smote_variants").setLevel(logging.ERROR)
        return getattr(sv, name)(random_state=0).sample(X, y)  # type: ignore[no-any-return]

    return run


def _wild(tool: str) -> Runner:
    def run(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        from bench.wild import themis, unbalanced, weka

        if tool == "themis":
            out = themis.run_themis_smote(X, y, k=K)
        elif tool == "unbalanced":
            out = unbalanced.run_ubsmote(X, y, k=K)
        else:
            out = weka.run_weka_smote(X, y, k=K)
        return out.X, out.y

    return run


def _wild_reason(tool: str) -> str | None:
    from bench.wild import themis, unbalanced, weka

    return {"themis": themis.available, "unbalanced": unbalanced.available, "weka": weka.available}[tool]()


SV_NAMES = ("SMOTE", "Borderline_SMOTE1", "ADASYN", "polynom_fit_SMOTE_star", "SMOTE_TomekLinks", "SMOTE_ENN",
            "Safe_Level_SMOTE", "LLE_SMOTE", "distance_SMOTE", "MWMOTE")

#: implementation → (runner, Python?, quirk with its evidence)
IMPLEMENTATIONS: dict[str, tuple[Runner, bool, str]] = {
    "imblearn SMOTE": (_imblearn("SMOTE", k_neighbors=K), True,
                       "brute-force kNN far from the origin ranks by |x|²−2x·y+|y|² (Lemma 8); duplicates give copies "
                       "(`nns = ...kneighbors(X)[:, 1:]` drops the first column, assumed to be the row itself)"),
    "imblearn BorderlineSMOTE-1": (_imblearn("BorderlineSMOTE", kind="borderline-1", k_neighbors=K), True,
                                   "only the choice of base differs (danger set), invisible to geometry"),
    "imblearn BorderlineSMOTE-2": (_imblearn("BorderlineSMOTE", kind="borderline-2", k_neighbors=K), True,
                                   "neighbours from all classes with λ in [0, 0.5) (`_smote/filter.py`: `nn_k_` fitted on X)"),
    "imblearn SVMSMOTE": (_imblearn("SVMSMOTE", k_neighbors=K), True,
                          "extrapolates away from the neighbour (λ < 0) for support vectors far from the majority"),
    "imblearn ADASYN": (_imblearn("ADASYN", n_neighbors=K), True, "density-weighted bases; same-class kNN"),
    "imblearn KMeansSMOTE": (_imblearn("KMeansSMOTE", k_neighbors=K, cluster_balance_threshold=0.0), True,
                             "kNN within a k-means cluster, not the class"),
    "imblearn SMOTENC (numeric columns)": (_smotenc, True,
                                           "neighbours under a metric with the categorical columns (median std penalty)"),
    **{f"smote-variants {n}": (_sv(n), True, "") for n in SV_NAMES},
    "R themis 1.0 smote": (_wild("themis"), False, "exact kNN (RANN::nn2), `x + u·(nn − x)`; write.csv keeps 15 digits"),
    "R unbalanced 2.0 ubSMOTE": (_wild("unbalanced"), False,
                                 "kNN on minority-range-scaled columns; `T[i, ] + runif(1) * difs` (one gap per row: "
                                 "segment, read with `print(unbalanced:::ubSmoteExs)`); shuffled; majority resampled"),
    "Weka 3.6 SMOTE filter": (_wild("weka"), False,
                              "one `Random.nextDouble()` per attribute (box); ARFF through `Utils.doubleToString(v, 6)`"),
}


@dataclass
class Row:
    implementation: str
    dataset: str
    verdict: str
    statuses: str
    cpu: float
    skipped: str = ""


def run_all(quick: bool) -> list[Row]:
    """Run every implementation on every data set; `verify_auto` explains each output."""
    rows: list[Row] = []
    have_sv = importlib.util.find_spec("smote_variants") is not None
    for ds in datasets(quick):
        for name, (runner, python, _) in IMPLEMENTATIONS.items():
            if quick and not python:
                continue
            if name.startswith("smote-variants") and not have_sv:
                if ds.name == "gaussian":
                    rows.append(Row(name, "-", "not run", "", 0.0, "smote-variants not installed (conformance extra)"))
                continue
            if not python:
                reason = _wild_reason(name.split()[1] if name.startswith("R ") else "weka")
                if reason:
                    if ds.name == "gaussian":
                        rows.append(Row(name, "-", "not run", "", 0.0, f"{reason}; .ci/run installs it"))
                    continue
                if ds.X.dtype == np.float32:
                    continue  # the external tools read and compute in double
            c0 = time.process_time()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    Xo, yo = runner(ds.X, ds.y)
                found = verify_auto(ds.X, ds.y, np.asarray(Xo), np.asarray(yo), k=K)
            except Exception as exc:  # an implementation that refuses the data is a result too
                rows.append(Row(name, ds.name, f"refused: {type(exc).__name__}: {str(exc)[:90]}", "", time.process_time() - c0))
                continue
            counts = ", ".join(f"{s} {n}" for s, n in found.report.status_counts().items())
            failed = [c.name for c in found.report.checks if not c.ok]
            verdict = found.explanation + (f" (failed checks: {', '.join(failed)})" if failed else "")
            rows.append(Row(name, ds.name, verdict, counts, time.process_time() - c0))
    return rows


def table(header: list[str], body: list[list[str]]) -> str:
    """A markdown table; pipes in cells are escaped."""
    def cell(v: str) -> str:
        return v.replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in body]
    return "\n".join(lines)


def render(rows: list[Row], quick: bool, seconds: float) -> str:
    body = [[r.implementation, r.dataset, r.verdict if not r.skipped else f"not run: {r.skipped}", r.statuses,
             f"{r.cpu:.2f}"] for r in rows]
    quirks = [[n, q] for n, (_, _, q) in IMPLEMENTATIONS.items() if q]
    ok = sum(r.verdict.startswith("conforms") for r in rows)
    return "\n".join([
        "# Which SMOTE implementations are SMOTE?",
        "",
        f"<!-- generated by bench/ecosystem.py{' --quick' if quick else ''}; do not edit by hand -->",
        "",
        "Each implementation ran on each data set; `smote-refimpl verify --model auto` then tried the known "
        "models (segment, convex, box; originals first or any layout; Euclidean or range-scaled "
        "neighbours; the release its digits suggest) and reports the first that certifies every synthetic "
        "row, or the best explanation and how many rows it explains. See "
        "[verify's reference](../reference/validate.md) for the models and statuses.",
        "",
        f"**Headline:** {ok} of {len([r for r in rows if not r.skipped])} runs conform under a named model "
        f"({seconds:.0f} s CPU in total).",
        "",
        table(["implementation", "data", "verdict under auto", "row statuses", "CPU s"], body),
        "",
        "## Quirks and their evidence",
        "",
        table(["implementation", "quirk (evidence)"], quirks),
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="Python rows on two small data sets (CI)")
    ap.add_argument("--out", default=None, help="write the markdown page here")
    args = ap.parse_args(argv)
    c0 = time.process_time()
    rows = run_all(args.quick)
    page = render(rows, args.quick, time.process_time() - c0)
    if args.out:
        Path(args.out).write_text(page)
        print(f"wrote {args.out} ({len(rows)} rows)")
    else:
        print(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
