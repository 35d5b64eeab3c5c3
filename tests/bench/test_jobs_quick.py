"""bench/jobs.py --quick: every workload runs with 1 and 2 jobs, the answers agree, the files are written (no timing asserts)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bench import jobs


def test_quick_run_agrees_and_writes_its_table(tmp_path: Path) -> None:
    rows = jobs.main(["--quick", "--out", str(tmp_path)])
    assert [(r["workload"], r["n_jobs"]) for r in rows] == [(w, j) for w in jobs.WORKLOADS for j in (1, 2)]
    assert all(r["same"] for r in rows)
    assert all(r["cpu_s"] > 0 and r["wall_s"] > 0 for r in rows)
    assert all(r["children_cpu_s"] >= 0 and r["load"] >= 0 for r in rows)
    frame = pd.read_csv(tmp_path / "jobs.csv")
    assert len(frame) == 6 and set(frame["same"]) == {True}
    text = (tmp_path / "jobs.md").read_text(encoding="utf-8")
    assert "| distin | 5,000 | 10 | 2 |" in text and "load (1 min)" in text
