"""Test vectors in the style of ethereum/consensus-specs: ``python -m refimpl.validate.vectors``.

Writes ``tests/vectors/<suite>/<case>.json`` from fixed seeds; ``docs/vectors.md`` documents
each format. Numbers are never written as decimal floats: exact values are rational strings
"p/q" and float64 values are ``float.hex`` strings, so every implementation reads back the very
same number. Suites ``distin/`` and ``recon/`` hold exact attack inputs and answers (see [`SUITES`][refimpl.validate.vectors.SUITES]).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from refimpl.exact.predicates import collinear, line_intersection, segment_parameter, strictly_between
from refimpl.smote import SMOTE

FORMAT_VERSION = 1


def q(v: Any) -> str:
    """An exact rational as "p/q" (integers as "p/1")."""
    f = Fraction(v) if not isinstance(v, (float, np.floating)) else Fraction(float(v))
    return f"{f.numerator}/{f.denominator}"


def unq(s: str) -> Fraction:
    """Inverse of [`q`][refimpl.validate.vectors.q]."""
    return Fraction(s)


def hexf(v: Any) -> str:
    """A float64 as ``float.hex`` (exact, round-trips)."""
    return float(v).hex()


def _prov(p: Any) -> list[dict[str, Any]]:
    return [
        {"row": int(r), "class": int(c), "base": int(b), "neighbour": int(n), "lambda": q(Fraction(int(m), 2**53))}
        for r, c, b, n, m in zip(p.row, p.klass, p.base, p.neighbour, p.lam_numerator)
    ]


def _smote_case(name: str, X: np.ndarray, y: np.ndarray, k: int, seed: int, note: str) -> tuple[str, dict[str, Any]]:
    fl = SMOTE(k_neighbors=k, random_state=seed)
    Xf, yf = fl.fit_resample(X, y)
    ex = SMOTE(k_neighbors=k, random_state=seed, arithmetic="exact")
    Xe, _ = ex.fit_resample(X, y)
    n = X.shape[0]
    return name, {
        "format": FORMAT_VERSION,
        "suite": "smote",
        "note": note,
        "input": {"X": [[hexf(v) for v in r] for r in X], "y": [int(v) for v in y]},
        "parameters": {"k_neighbors": k, "random_state": seed, "sampling_strategy": "auto"},
        "output": {
            "y": [int(v) for v in yf],
            "synthetic_float64": [[hexf(v) for v in r] for r in Xf[n:]],
            "synthetic_exact": [[q(v) for v in r] for r in Xe[n:]],
        },
        "provenance_float64": _prov(fl.provenance_),
        "provenance_exact": _prov(ex.provenance_),
    }


def smote_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """The smote/ suite: small inputs with fixed seeds."""
    rng = np.random.default_rng(20240601)
    X = np.vstack([rng.normal(size=(12, 2)), rng.normal(1.0, 0.5, size=(6, 2))])
    y = np.r_[np.zeros(12, int), np.ones(6, int)]
    yield _smote_case("gaussian_2d_k3", X, y, 3, 0, "two Gaussian blobs, 12 vs 6 rows")
    Xd = np.array([[0.0, 0.0], [1, 0], [0, 1], [1, 1], [2, 2], [3, 1], [0.5, 0.5], [0.5, 0.5], [0.25, 0.75], [0.5, 0.5]])
    yd = np.r_[np.zeros(6, int), np.ones(4, int)]
    yield _smote_case("duplicates_k2", Xd, yd, 2, 7, "a minority row appears three times (distance-0 neighbours)")
    Xt = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9], [1e-300, 1.0, -1.0], [0.3, 0.1, 0.2],
                   [-0.1, 0.2, 1e16], [5e-324, 0.0, 1.0]])
    yield _smote_case("awkward_floats_k1", Xt, np.array([0, 0, 0, 0, 1, 1, 1]), 1, 3,
                      "decimal-looking floats, a subnormal, a huge coordinate; k=1")
    Xm = np.vstack([rng.integers(-4, 5, size=(10, 3)), rng.integers(-4, 5, size=(5, 3)), rng.integers(-4, 5, size=(4, 3))]).astype(float)
    ym = np.r_[np.zeros(10, int), np.ones(5, int), np.full(4, 2)]
    yield _smote_case("multiclass_grid_k2", Xm, ym, 2, 11, "three classes on an integer grid (ties at the k-th distance)")


#: a data value, not a tolerance: a y-offset small enough that sympy's collinearity test (which
#: simplifies with its own numeric tolerance) calls the triple collinear; the exact answer is "not collinear"
SYMPY_MISJUDGED_OFFSET = 1e-13


def predicate_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """The predicates/ suite: collinear, between, intersection, with exact answers."""
    triples = [
        ((0, 0), (1, 1), (2, 2)),
        ((0.1, 0.2), (0.2, 0.4), (0.3, 0.6)),  # not collinear as floats: 0.3 != 3·0.1
        ((0, 0), (1, 0), (2, SYMPY_MISJUDGED_OFFSET)),  # sympy calls this collinear
        ((1, 2, 3), (2, 4, 6), (-1, -2, -3)),
        ((0, 0, 0), (0, 0, 0), (5, 1, 2)),
    ]
    yield "collinear", {
        "format": FORMAT_VERSION, "suite": "predicates", "predicate": "collinear",
        "cases": [{"a": [q(v) for v in a], "b": [q(v) for v in b], "c": [q(v) for v in c],
                   "answer": collinear(a, b, c)} for a, b, c in triples],
    }
    betw = [
        ((0.5, 0.5), (0, 0), (1, 1)),
        ((0, 0), (0, 0), (1, 1)),  # endpoint: not strictly between
        ((0.3, 0.3), (0.1, 0.1), (0.7, 0.7)),
        ((6.0 + (1.00001 - 6.0) * 1.0,), (6.0,), (1.00001,)),  # the float step leaves the segment
        ((2, 2), (0, 0), (1, 1)),
    ]
    cases = []
    for p, a, b in betw:
        lam = segment_parameter(p, a, b)
        cases.append({"p": [q(v) for v in p], "a": [q(v) for v in a], "b": [q(v) for v in b],
                      "answer": strictly_between(p, a, b), "lambda": None if lam is None else q(lam)})
    yield "between", {"format": FORMAT_VERSION, "suite": "predicates", "predicate": "strictly_between", "cases": cases}
    lines = [
        ((0, 0), (1, 1), (0, 1), (1, 0)),
        ((0, 0, 0), (1, 0, 0), (0, 1, 1), (0, 2, 1)),  # skew
        ((0, 0), (1, 1), (2, 2), (3, 3)),  # same line
        ((0, 0), (1, 1), (0, 1), (1, 2)),  # parallel
        ((0.1, 0.2), (0.3, 0.1), (0.0, 0.0), (1.0, 0.5)),
    ]
    cases = []
    for p1, q1, p2, q2 in lines:
        li = line_intersection(p1, q1, p2, q2)
        cases.append({
            "p1": [q(v) for v in p1], "q1": [q(v) for v in q1], "p2": [q(v) for v in p2], "q2": [q(v) for v in q2],
            "kind": li.kind, "point": None if li.point is None else [q(v) for v in li.point],
            "s": None if li.s is None else q(li.s), "t": None if li.t is None else q(li.t),
        })
    yield "intersection", {"format": FORMAT_VERSION, "suite": "predicates", "predicate": "line_intersection", "cases": cases}


def _augmented(seed: int, n_min: int, d: int, ratio: int, k: int, *, grid: bool = False) -> tuple[np.ndarray, np.ndarray, int]:
    """Exact SMOTE on a small fixed-seed minority (Gaussian, or an integer grid), with provenance."""
    rng = np.random.default_rng(seed)
    if grid:
        Xm = rng.integers(0, 4, size=(n_min, d)).astype(np.float64)
        Xm = np.unique(Xm, axis=0)
        n_min = len(Xm)
    else:
        Xm = rng.normal(size=(n_min, d))
    X = np.vstack([Xm, rng.normal(size=(n_min * (ratio + 1), d)) + 5])
    y = np.r_[np.ones(n_min, int), np.zeros(len(X) - n_min, int)]
    sm = SMOTE(k_neighbors=k, random_state=seed, arithmetic="exact")
    Xe, ye = sm.fit_resample(X, y)
    return Xe, ye, n_min


def distin_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """The distin/ suite: exact augmented minority rows, the true origin and the exact verdicts (Lemma 1)."""
    from refimpl.attacks import distin_smote

    for name, seed, n_min, d, k, grid in (
        ("gaussian_2d_k3", 11, 6, 2, 3, False),
        ("gaussian_3d_k4", 12, 8, 3, 4, False),
        ("grid_2d_k3", 13, 9, 2, 3, True),
    ):
        Xe, ye, n_real = _augmented(seed, n_min, d, 1, k, grid=grid)
        rows = np.flatnonzero(ye == 1)
        res = distin_smote(Xe, ye, minority=1, k=k, kernel="exact")
        real_rows = set(rows[:n_real].tolist())  # the originals come first
        yield name, {
            "format": FORMAT_VERSION,
            "suite": "distin",
            "parameters": {"k": k, "minority": 1, "kernel": "exact"},
            "input": {"X": [[q(v) for v in Xe[r]] for r in rows.tolist()]},
            "truth": ["real" if int(r) in real_rows else "synthetic" for r in rows.tolist()],
            "expected": {
                "verdicts": res.verdicts.tolist(),
                "witnesses": [
                    None
                    if w is None
                    else {"a": int(np.flatnonzero(rows == w.a)[0]), "b": int(np.flatnonzero(rows == w.b)[0]), "lambda": q(w.lam_lo)}
                    for w in res.witnesses
                ],
            },
        }


def recon_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """The recon/ suite: exact synthetic-only rows and the exact reconstructed records (Lemma 2)."""
    from refimpl.attacks import recon_smote

    for name, seed, n_min, d, ratio, k in (("gaussian_2d_r20_k3", 21, 6, 2, 20, 3), ("gaussian_3d_r30_k4", 22, 7, 3, 30, 4)):
        rng = np.random.default_rng(seed)
        Xm = rng.normal(size=(n_min, d))
        X = np.vstack([Xm, rng.normal(size=(n_min * (ratio + 1), d)) + 5])
        y = np.r_[np.ones(n_min, int), np.zeros(len(X) - n_min, int)]
        sm = SMOTE(k_neighbors=k, random_state=seed, arithmetic="exact", sampling_strategy={1: n_min * (ratio + 1)})
        Xe, _ = sm.fit_resample(X, y)
        syn = Xe[len(X):]
        res = recon_smote(syn, k=k, kernel="exact")
        pts = sorted(tuple(p) for p in res.exact_points)
        yield name, {
            "format": FORMAT_VERSION,
            "suite": "recon",
            "parameters": {"k": k, "min_lines": 3, "kernel": "exact"},
            "input": {"X_syn": [[q(v) for v in r] for r in syn]},
            "truth": {"X_real": [[q(Fraction(float(v))) for v in r] for r in Xm]},
            "expected": {"points": [[q(v) for v in p] for p in pts]},
        }


#: suite name → case generator.
SUITES: dict[str, Callable[[], Iterator[tuple[str, dict[str, Any]]]]] = {
    "smote": smote_cases,
    "predicates": predicate_cases,
    "distin": distin_cases,
    "recon": recon_cases,
}
#: the suites written by ``make vectors``
READY = ("smote", "predicates", "distin", "recon")


def write(out_dir: Path, suites: tuple[str, ...] = READY) -> list[Path]:
    """Write every case of ``suites`` under ``out_dir/<suite>/<case>.json``; returns the paths."""
    paths = []
    for suite in suites:
        d = out_dir / suite
        d.mkdir(parents=True, exist_ok=True)
        for name, case in SUITES[suite]():
            p = d / f"{name}.json"
            p.write_text(json.dumps(case, indent=1) + "\n")
            paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m refimpl.validate.vectors [--out tests/vectors] [--suite smote ...]``."""
    ap = argparse.ArgumentParser(description="write the test vectors")
    ap.add_argument("--out", default="tests/vectors")
    ap.add_argument("--suite", action="append", choices=list(SUITES))
    args = ap.parse_args(argv)
    paths = write(Path(args.out), tuple(args.suite) if args.suite else READY)
    print(f"wrote {len(paths)} vector files under {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
