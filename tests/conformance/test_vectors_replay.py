"""Replay every committed test vector (tests/vectors/<suite>/<case>.json) against the implementation."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from refimpl.attacks import distin_smote, recon_smote
from refimpl.exact.predicates import collinear, line_intersection, segment_parameter, strictly_between
from refimpl.smote import SMOTE
from refimpl.validate import verify_smote
from refimpl.validate.vectors import READY, SUITES, write

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
FILES = sorted(VECTORS.glob("*/*.json"))


def _pt(v: list[str]) -> tuple[Fraction, ...]:
    return tuple(Fraction(s) for s in v)


def test_vectors_are_committed_and_small() -> None:
    assert {p.parent.name for p in FILES} == set(READY)
    assert sum(p.stat().st_size for p in FILES) < 500_000


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_replay(path: Path) -> None:
    case = json.loads(path.read_text())
    if case["suite"] == "smote":
        X = np.array([[float.fromhex(v) for v in r] for r in case["input"]["X"]])
        y = np.array(case["input"]["y"])
        k, seed = case["parameters"]["k_neighbors"], case["parameters"]["random_state"]
        sm = SMOTE(k_neighbors=k, random_state=seed)
        Xf, yf = sm.fit_resample(X, y)
        n = X.shape[0]
        want = [[float.fromhex(v) for v in r] for r in case["output"]["synthetic_float64"]]
        assert Xf[n:].tolist() == want  # bitwise (float equality of hex-parsed values)
        assert yf.tolist() == case["output"]["y"]
        assert [p["lambda"] for p in case["provenance_float64"]] == [
            f"{q.numerator}/{q.denominator}" for q in sm.provenance_.lambdas_exact()
        ]
        ex = SMOTE(k_neighbors=k, random_state=seed, arithmetic="exact")
        Xe, _ = ex.fit_resample(X, y)
        assert [list(r) for r in Xe[n:]] == [list(_pt(r)) for r in case["output"]["synthetic_exact"]]
        assert ex.provenance_.base.tolist() == [p["base"] for p in case["provenance_exact"]]
        assert ex.provenance_.neighbour.tolist() == [p["neighbour"] for p in case["provenance_exact"]]
        assert verify_smote(X, y, Xf, yf, k=k, sampling_strategy="auto").ok
        assert verify_smote(X, y, Xe, yf, k=k, model="exact").ok
    elif case.get("predicate") == "collinear":
        for c in case["cases"]:
            assert collinear(_pt(c["a"]), _pt(c["b"]), _pt(c["c"])) is c["answer"]
    elif case.get("predicate") == "strictly_between":
        for c in case["cases"]:
            p, a, b = _pt(c["p"]), _pt(c["a"]), _pt(c["b"])
            assert strictly_between(p, a, b) is c["answer"]
            lam = segment_parameter(p, a, b)
            assert (None if lam is None else f"{lam.numerator}/{lam.denominator}") == c["lambda"]
    elif case.get("predicate") == "line_intersection":
        for c in case["cases"]:
            li = line_intersection(_pt(c["p1"]), _pt(c["q1"]), _pt(c["p2"]), _pt(c["q2"]))
            assert li.kind == c["kind"]
            assert (None if li.point is None else list(li.point)) == (None if c["point"] is None else list(_pt(c["point"])))
    elif case["suite"] == "distin":
        X = np.array([list(_pt(r)) for r in case["input"]["X"]], dtype=object)
        res = distin_smote(X, np.ones(len(X), int), k=case["parameters"]["k"], kernel="exact")
        assert res.verdicts.tolist() == case["expected"]["verdicts"]
        for v, t in zip(case["expected"]["verdicts"], case["truth"]):
            assert v != "synthetic" or t == "synthetic"  # Lemma 1: no real row is called synthetic
    elif case["suite"] == "recon":
        X = np.array([list(_pt(r)) for r in case["input"]["X_syn"]], dtype=object)
        res = recon_smote(X, k=case["parameters"]["k"], kernel="exact")
        got = sorted(tuple(p) for p in res.exact_points)
        assert got == [_pt(p) for p in case["expected"]["points"]]
        real = {_pt(r) for r in case["truth"]["X_real"]}
        assert set(got) <= real  # Lemma 2: every rebuilt point is a real record, exactly
    else:  # pragma: no cover
        pytest.fail(f"unknown vector suite in {path}")


def test_regeneration_is_deterministic(tmp_path: Path) -> None:
    for p in write(tmp_path):
        committed = VECTORS / p.parent.name / p.name
        assert committed.read_text() == p.read_text(), f"{committed} is stale: run make vectors"


def test_every_suite_is_committed() -> None:
    assert set(SUITES) == set(READY) == {p.parent.name for p in FILES}
