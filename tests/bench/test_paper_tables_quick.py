"""The quick path of bench/paper_tables.py runs and writes its tables, page and figures (CI-sized)."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from bench import paper_tables


def test_quick_run_writes_the_tables(tmp_path: Path) -> None:
    page = tmp_path / "page" / "paper-tables.md"
    start = time.perf_counter()
    frames = paper_tables.main([
        "--quick", "--datasets", "ecoli", "--out", str(tmp_path / "csv"),
        "--page", str(page), "--figures", str(tmp_path / "fig"),
    ])
    assert time.perf_counter() - start < 90
    for name in ("augmented", "augmented_mia", "synthetic", "synthetic_mia", "summary_augmented", "summary_synthetic"):
        frame = pd.read_csv(tmp_path / "csv" / f"{name}.csv")
        assert not frame.empty, name
    aug = frames["augmented"]
    assert list(aug["seed"]) == [0, 1] and set(aug["dataset"]) == {"ecoli"}
    assert aug["dist_auc"].between(0, 1).all() and aug["dcr_share_closer"].between(0, 1).all()
    syn = frames["synthetic"]
    assert sorted(set(syn["ratio"])) == list(paper_tables.QUICK_RATIOS)
    # n_synthetic is the measured row count of the release: ratio × the real minority kept
    assert (syn["n_synthetic"] == syn["ratio"] * syn["n_real_minority"]).all()
    mia = frames["augmented_mia"]
    assert set(mia["mode"]) == {"classifier", "augmented", "synthetic"} and mia["auc"].between(0, 1).all()
    text = page.read_text(encoding="utf-8")
    assert "| ecoli | 1:5 |" in text and "DistinSMOTE P (paper)" in text
    for figure in ("toy-segments.png", "naive-vs-attacks.png"):
        assert (tmp_path / "fig" / figure).stat().st_size > 0
        assert f"../fig/{figure}" in text
    # the attacks' cells are numbers once the attacks exist, "n/a" before
    attacks = paper_tables.plots.attacks_module()
    assert (attacks is None) == ("| n/a (1) |" in text)
    # --replot rebuilds the same page from the CSVs alone
    page.unlink()
    paper_tables.main([
        "--quick", "--replot", "--out", str(tmp_path / "csv"),
        "--page", str(page), "--figures", str(tmp_path / "fig"),
    ])
    assert page.read_text(encoding="utf-8") == text


def test_minority_size_follows_the_stated_rule() -> None:
    assert paper_tables.minority_size(301, 35, 5) == 35  # round(301/6) = 50, capped at 35
    assert paper_tables.minority_size(1663, 65, 50) == 33  # round(1663/51)
    assert paper_tables.minority_size(301, 35, 100) == paper_tables.K + 2  # floor at k + 2
