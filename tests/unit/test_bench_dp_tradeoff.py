"""Smoke test of bench/dp_tradeoff.py --quick, so that the trade-off benchmark does not rot."""

import csv
import time
from pathlib import Path

from bench import dp_tradeoff


def test_quick_tradeoff_writes_csv_markdown_and_png(tmp_path: Path) -> None:
    t0 = time.process_time()
    out = tmp_path / "figures" / "t.png"
    rows = dp_tradeoff.main(["--quick", "--csv", str(tmp_path / "t.csv"), "--md", str(tmp_path / "t.md"), "--png", str(out)])
    assert time.process_time() - t0 < 60  # CPU seconds, so that a loaded machine does not fail it
    with (tmp_path / "t.csv").open() as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == len(rows) == 2 + 4 * 2  # two references, four pipelines × two ε
    assert tuple(table[0]) == dp_tradeoff.COLUMNS
    claimed = [r for r in table if r["pipeline"] == "smote-then-dp (claimed)"]
    assert claimed and all(r["is_dp"] == "NO" for r in claimed)
    assert all(r["is_dp"] == "yes" for r in table if r["pipeline"] in ("dp-then-smote", "dp-smote"))
    assert all(0 <= float(r["roc_auc"]) <= 1 and 0 <= float(r["mia_auc"]) <= 1 for r in table)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (tmp_path / "t.md").read_text()
    assert "| dataset | pipeline |" in md and "../assets/figures/t.png" in md
