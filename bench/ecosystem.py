"""The ecosystem conformance table: run SMOTE implementations, let ``verify --model auto`` explain each.

    python bench/ecosystem.py [--quick] [--out docs/explanation/smote-implementations.md]

Rows: imbalanced-learn's SMOTE family (Python), smote-variants (in this process when the
``conformance`` extra is installed, else in the TensorFlow-free bench venv that ``make sv-venv``
builds under build/: bench/wild/sv_venv.py), R themis, R unbalanced and Weka 3.6 through ``bench/wild``'s runners
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
    """smote-variants in this process when installed (conformance extra), else in its bench venv (bench/wild/sv_venv.py)."""
    def run(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if importlib.util.find_spec("smote_variants") is not None:
            import smote_variants as sv

            logging.getLogger("smote_variants").setLevel(logging.ERROR)
            return getattr(sv, name)(random_state=0).sample(X, y)  # type: ignore[no-any-return]
        from bench.wild import sv_venv

        out = sv_venv.run_variants(SV_NAMES, X, y)[name]
        if isinstance(out, str):
            raise RuntimeError(out)  # the variant refused the data in the bench venv
        return out

    return run


def _sv_reason() -> str | None:
    """None when smote-variants can run (here or in its bench venv); else why not."""
    if importlib.util.find_spec("smote_variants") is not None:
        return None
    from bench.wild import sv_venv

    return sv_venv.available()


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


@dataclass(frozen=True)
class Impl:
    """One implementation: how to run it, whether it is Python, and its quirk (the evidence is in EXPECTED)."""

    runner: Runner
    python: bool
    quirk: str = ""


#: each implementation's expected reason and its evidence (the one place that holds them)
EXPECTED = ROOT / "bench" / "wild" / "expected.toml"


def expectations() -> dict[str, Any]:
    """bench/wild/expected.toml's ``implementations`` table."""
    import tomllib

    return tomllib.loads(EXPECTED.read_text())["implementations"]  # type: ignore[no-any-return]


def expected_for(name: str, dataset: str, table: dict[str, Any] | None = None) -> dict[str, Any]:
    """The expectation of one row: reason, evidence, optional verdict_contains (a data set's override first)."""
    entry = (table if table is not None else expectations())[name]
    return {**{k: v for k, v in entry.items() if k != "datasets"}, **entry.get("datasets", {}).get(dataset, {})}


IMPLEMENTATIONS: dict[str, Impl] = {
    "imblearn SMOTE": Impl(_imblearn("SMOTE", k_neighbors=K), True,
                           "brute-force kNN far from the origin ranks by |x|²−2x·y+|y|² (Lemma 8); duplicates give copies "
                           "(`[:, 1:]` drops the first neighbour, assumed to be the row itself)"),
    "imblearn BorderlineSMOTE-1": Impl(_imblearn("BorderlineSMOTE", kind="borderline-1", k_neighbors=K), True,
                                       "only the choice of base differs (danger set), invisible to geometry"),
    "imblearn BorderlineSMOTE-2": Impl(_imblearn("BorderlineSMOTE", kind="borderline-2", k_neighbors=K), True,
                                       "neighbours from all classes; towards another class the step is shrunk into [0, 0.5)"),
    "imblearn SVMSMOTE": Impl(_imblearn("SVMSMOTE", k_neighbors=K), True,
                              "extrapolates away from the neighbour (λ < 0) for support vectors far from the majority"),
    "imblearn ADASYN": Impl(_imblearn("ADASYN", n_neighbors=K), True, "density-weighted bases; same-class kNN"),
    "imblearn KMeansSMOTE": Impl(_imblearn("KMeansSMOTE", k_neighbors=K, cluster_balance_threshold=0.0), True,
                                 "kNN within a k-means cluster, not the class"),
    "imblearn SMOTENC (numeric columns)": Impl(_smotenc, True,
                                               "neighbours under a metric with the categorical columns (median std penalty)"),
    **{f"smote-variants {n}": Impl(_sv(n), True) for n in SV_NAMES},
    "R themis 1.0 smote": Impl(_wild("themis"), False, "exact kNN (RANN::nn2), `x + u·(nn − x)`; write.csv keeps 15 digits"),
    "R unbalanced 2.0 ubSMOTE": Impl(_wild("unbalanced"), False,
                                     "kNN on minority-range-scaled columns; one gap per row (segment); shuffled; majority "
                                     "resampled"),
    "Weka 3.6 SMOTE filter": Impl(_wild("weka"), False,
                                  "one gap per attribute (box); ARFF with 6 decimals, originals included"),
}


def reason_of(found: Any) -> str:
    """The short reason of a verdict: ``conforms:<model>/<layout>/<metric>[/<release>]``, else the commonest failing status.

    A run whose rows all certify but whose checks fail (layout, copies) gives ``check:<name>``;
    an output with no synthetic row gives ``no_synthetic_rows`` (its "conforms" is vacuous).
    """
    if found.report.n_synthetic == 0:
        return "no_synthetic_rows"
    if found.report.ok:
        rel = "" if found.release == "none" else f"/{found.release}"
        return f"conforms:{found.model}/{found.layout}/{found.metric}{rel}"
    bad = [s for s, _ in found.report.status_counts().items() if s != "ok"]
    if bad:
        return bad[0]
    return "check:" + next(c.name for c in found.report.checks if not c.ok)


@dataclass
class Row:
    implementation: str
    dataset: str
    verdict: str
    statuses: str
    cpu: float
    skipped: str = ""
    reason: str = ""


def run_all(quick: bool) -> list[Row]:
    """Run every implementation on every data set; `verify_auto` explains each output."""
    rows: list[Row] = []
    sv_reason = _sv_reason()
    for ds in datasets(quick):
        for name, impl in IMPLEMENTATIONS.items():
            runner, python = impl.runner, impl.python
            if quick and not python:
                continue
            if name.startswith("smote-variants") and sv_reason:
                if ds.name == "gaussian":
                    rows.append(Row(name, "-", "not run", "", 0.0, f"smote-variants not installed (conformance extra); {sv_reason}"))
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
                rows.append(Row(name, ds.name, f"refused: {type(exc).__name__}: {str(exc)[:90]}", "", time.process_time() - c0,
                                reason=f"refused:{type(exc).__name__}"))
                continue
            counts = ", ".join(f"{s} {n}" for s, n in found.report.status_counts().items())
            failed = [c.name for c in found.report.checks if not c.ok]
            verdict = found.explanation + (f" (failed checks: {', '.join(failed)})" if failed else "")
            rows.append(Row(name, ds.name, verdict, counts, time.process_time() - c0, reason=reason_of(found)))
    return rows


def table(header: list[str], body: list[list[str]]) -> str:
    """A markdown table; pipes in cells are escaped."""
    def cell(v: str) -> str:
        return v.replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in body]
    return "\n".join(lines)


def render(rows: list[Row], quick: bool, seconds: float) -> str:
    body = [[r.implementation, r.dataset, r.verdict if not r.skipped else f"not run: {r.skipped}", r.reason,
             r.statuses, f"{r.cpu:.2f}"] for r in rows]
    table_ = expectations()
    quirks = [[n, i.quirk, table_[n]["evidence"] if n in table_ else ""] for n, i in IMPLEMENTATIONS.items() if i.quirk]
    ok = sum(r.verdict.startswith("conforms") and r.reason != "no_synthetic_rows" for r in rows)
    empty = sum(r.reason == "no_synthetic_rows" for r in rows)
    return "\n".join([
        "# Which SMOTE implementations are SMOTE?",
        "",
        f"<!-- generated by bench/ecosystem.py{' --quick' if quick else ''}; do not edit by hand -->",
        "",
        "Each implementation ran on each data set; `smote-refimpl verify --model auto` then tried the known "
        "models (segment, convex, box; originals first or any layout; Euclidean or range-scaled "
        "neighbours; the release its digits suggest) and reports the first that certifies every synthetic "
        "row, or the best explanation and how many rows it explains. See "
        "[verify's reference](../reference/validate.md) for the models and statuses. smote-variants runs "
        "in its own venv without TensorFlow (`make sv-venv`: its runtime imports plus "
        "`pip install --no-deps smote-variants`), never in the project's.",
        "",
        f"**Headline:** {ok} of {len([r for r in rows if not r.skipped])} runs conform under a named model"
        + (f"; {empty} more return no synthetic row (reason `no_synthetic_rows`: nothing to certify)" if empty else "")
        + f" ({seconds:.0f} s CPU in total).",
        "",
        table(["implementation", "data", "verdict under auto", "reason", "row statuses", "CPU s"], body),
        "",
        "## Quirks and their evidence",
        "",
        "Each reason is checked against `bench/wild/expected.toml`, where every implementation's expected "
        "reason carries the evidence its source (or decompiled bytecode) gives (tests/conformance/test_ecosystem.py).",
        "",
        table(["implementation", "quirk", "evidence"], quirks),
        "",
    ])


#: the committed results, one line per (implementation, data set); checked by tests/conformance/test_ecosystem.py
RESULTS = ROOT / "bench" / "results" / "ecosystem.csv"
CSV_FIELDS = ("implementation", "dataset", "verdict", "reason", "statuses", "cpu", "skipped")


def write_csv(rows: list[Row], path: Path) -> None:
    """The rows as CSV (CPU seconds to two decimals)."""
    import csv

    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_FIELDS)
        for r in rows:
            w.writerow([r.implementation, r.dataset, r.verdict, r.reason, r.statuses, f"{r.cpu:.2f}", r.skipped])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="Python rows on two small data sets (CI)")
    ap.add_argument("--out", default=None, help="write the markdown page here")
    ap.add_argument("--csv", default=None, help=f"write the rows as CSV here (make ecosystem: {RESULTS.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    c0 = time.process_time()
    rows = run_all(args.quick)
    if args.csv:
        write_csv(rows, Path(args.csv))
    page = render(rows, args.quick, time.process_time() - c0)
    if args.out:
        Path(args.out).write_text(page)
        print(f"wrote {args.out} ({len(rows)} rows)")
    else:
        print(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
