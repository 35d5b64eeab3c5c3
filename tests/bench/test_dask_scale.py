"""bench/dask_scale.py --quick: a 2-worker LocalCluster run, identical to one process, with its figures printed."""

from __future__ import annotations

import pytest

pytest.importorskip(
    "distributed", reason="bench/dask_scale.py needs the 'distributed' extra (dask[distributed])"
)

from bench import dask_scale


def test_quick_run_is_identical_and_reports_halos(capsys: pytest.CaptureFixture[str]) -> None:
    assert dask_scale.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "identical True" in out and "halo/block" in out and "CPU" in out


def test_extrapolation_follows_the_fitted_exponent() -> None:
    rows = [
        {"rows": 10, "one_wall": 1.0, "dask_wall": 2.0},
        {"rows": 100, "one_wall": 10.0, "dask_wall": 4.0},
    ]
    line = dask_scale.extrapolate(rows, target=1000)
    assert "one_wall exponent 1.00 -> 100 s" in line and "dask_wall exponent 0.30 -> 8 s" in line
    assert dask_scale.extrapolate(rows[:1]) == "extrapolation needs two sizes"
