"""The quick path of bench/box.py runs, writes its CSV and table, and meets issue 15's box target
(P ≥ 0.95, R ≥ 0.9 for the real rows at d ≥ 10), while the segment attack finds no synthetic row."""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import box  # noqa: E402  (a broken bench must fail here, not skip)


def test_quick_run_writes_table_and_meets_the_target(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# t\n<!-- begin bench/box.py -->\n<!-- end bench/box.py -->\n")
    rows = box.main(["--quick", "--out", str(tmp_path), "--page", str(page)])
    assert {r.d for r in rows if r.data == "gaussian"} == set(box.DIMS)
    for r in rows:
        if r.d >= 10:
            assert r.box_p >= 0.95 and r.box_r >= 0.9, r
            assert r.auto == "box", r
        assert r.segment_p <= r.real / (r.real + r.synthetic) + 1e-9  # segment: every row "real"
    with (tmp_path / "box_quick.csv").open() as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)
    assert "| box_smote | gaussian | 12 | 2 |" in page.read_text()
