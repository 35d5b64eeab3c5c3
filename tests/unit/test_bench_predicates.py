"""Smoke test of bench/predicates.py, so that the benchmark does not rot (it is not run in full)."""

from __future__ import annotations

import importlib.util

import numpy as np

from bench import predicates as bench
from refimpl.exact import available_backends, collinear


def test_quick_run_has_one_row_per_backend_and_predicate(capsys):
    rows = bench.main(["--quick"])
    exact = [r for r in rows if r.backend in available_backends()]
    assert {(r.predicate, r.backend) for r in exact} == {
        (p, b) for p in bench.PREDICATES for b in available_backends()
    }
    assert len(exact) == len(bench.PREDICATES) * len(available_backends())
    for r in exact:
        assert r.pre_converted_us is not None and r.pre_converted_us > 0
        assert r.from_float_us is not None and r.from_float_us > 0
        assert r.core_us is None or r.core_us > 0
    floats = {r.backend: r for r in rows if r.backend not in available_backends()}
    expected = {bench.FLOAT_BATCHED}
    if importlib.util.find_spec("shewchuk") is not None:
        expected.add(bench.SHEWCHUK)
    assert set(floats) == expected
    assert all(r.predicate == "collinear" and r.from_float_us and r.from_float_us > 0 for r in floats.values())
    out = capsys.readouterr().out
    assert all(b in out for b in available_backends()) and bench.FLOAT_BATCHED in out


def test_benchmark_inputs_are_exactly_collinear():
    pts = bench.make_points(10, seed=3)
    assert collinear(pts["a"], pts["b"], pts["c"])
    assert not collinear(pts["a"], pts["b"], pts["e"])
    A, B, C = bench.make_batch(50, 10, seed=3)
    assert all(collinear(A[i], B[i], C[i]) for i in range(50))


def test_shewchuk_helper_is_exact_where_the_published_float_test_is_not():
    orientation = bench._load_shewchuk()
    a, b = [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]
    off = [2.0, 2.0, 2.0 + 2e-9]  # about 5e-10 rad off the line: inside the 1.4e-6 rad tolerance
    assert bench.float_cosine_collinear(*(np.array([v]) for v in (a, b, off)))[0]
    assert not collinear(a, b, off)
    if orientation is not None:
        assert bench.shewchuk_collinear(orientation, a, b, [2.0, 2.0, 2.0])
        assert not bench.shewchuk_collinear(orientation, a, b, off)
        assert bench.shewchuk_collinear(orientation, a, a, off)  # a == b: degenerate, collinear
