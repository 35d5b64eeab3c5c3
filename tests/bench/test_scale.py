"""bench/scale.py at toy sizes: one row per size, timings and memory positive, the fitted slope."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from bench import scale


def test_exponent_recovers_a_power_law() -> None:
    ns = [1_000, 10_000, 100_000]
    assert scale.exponent(ns, [2e-9 * n**1.5 for n in ns]) == pytest.approx(1.5)
    assert math.isnan(scale.exponent([1_000], [1.0]))


def test_sizes_are_half_decades() -> None:
    assert scale.sizes(1_000, 1_000_000) == [1_000, 3_162, 10_000, 31_623, 100_000, 316_228, 1_000_000]


def test_make_data_has_the_stated_shape() -> None:
    real, syn = scale.make_data(2_000, 10)
    assert real.shape == (200, 10) and syn.shape == (2_000, 10)


def test_small_run_writes_csv_and_markdown(tmp_path: Path) -> None:
    rows = scale.main(["--max-rows", "3200", "--methods", "dcr", "--out", str(tmp_path), "--budget", "60"])
    ok = [r for r in rows if r["status"] == "ok"]
    assert [r["n_synthetic"] for r in ok] == [1_000, 3_162]
    assert all(r["seconds"] > 0 and r["tracemalloc_peak_mb"] > 0 for r in ok)
    frame = pd.read_csv(tmp_path / "scale.csv")
    assert list(frame["method"]) == ["dcr", "dcr"]
    text = (tmp_path / "scale.md").read_text(encoding="utf-8")
    assert "| dcr | 3,162 |" in text and "growth exponent" in text


def test_attacks_report_cpu_and_precision_recall(tmp_path: Path) -> None:
    rows = scale.main(
        ["--max-rows", "1000", "--methods", "distin,recon", "--out", str(tmp_path), "--budget", "120", "--no-tracemalloc"]
    )
    by = {r["method"]: r for r in rows}
    assert by["distin"]["status"] == "ok" and by["recon"]["status"] == "ok"
    assert by["distin"]["precision"] == 1.0 and by["distin"]["recall"] > 0.95  # 1:10, k = 5, d = 10
    assert by["recon"]["precision"] == 1.0  # every record it rebuilds is a real one
    assert all(r["cpu_seconds"] > 0 and r["jobs"] == 1 and math.isnan(r["tracemalloc_peak_mb"]) for r in rows)
    text = (tmp_path / "scale.md").read_text(encoding="utf-8")
    assert "| distin | 1,000 | 1 |" in text and "P / R" in text
