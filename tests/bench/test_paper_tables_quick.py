"""The quick path of bench/paper_tables.py runs and writes its tables, page and figures (CI-sized)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bench import paper_tables


def test_quick_run_writes_the_tables(tmp_path: Path) -> None:
    page = tmp_path / "page" / "paper-tables.md"
    frames = paper_tables.main([
        "--quick", "--datasets", "ecoli", "--out", str(tmp_path / "csv"),
        "--page", str(page), "--figures", str(tmp_path / "fig"),
    ])
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
    # the paper's linkability column: anonymeter's CI lower end, by its protocol (optional extra)
    try:
        import anonymeter  # noqa: F401
    except ImportError:
        assert aug["link_ci_low"].isna().all()
    else:
        assert aug["link_ci_low"].between(0, 1).all() and (aug["link_ci_low"] <= aug["link_risk"]).all()
    mia = frames["augmented_mia"]
    assert set(mia["mode"]) == {"classifier", "augmented", "synthetic"} and mia["auc"].between(0, 1).all()
    text = page.read_text(encoding="utf-8")
    assert "| ecoli | 1:5 |" in text and "DistinSMOTE P (paper)" in text and "Linkability (paper)" in text
    for figure in ("toy-segments.png", "naive-vs-attacks.png"):
        assert (tmp_path / "fig" / figure).stat().st_size > 0
        assert f"../fig/{figure}" in text
    # the attacks' cells are numbers
    assert "| n/a (1) |" not in text
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


def _stub_attacks():  # type: ignore[no-untyped-def]
    """Stand-ins with the attacks' documented API: say "real" to every minority row, and
    "reconstruct" the first three synthetic rows. They exercise the plumbing only."""
    import types

    import numpy as np

    def distin_smote(X, y, *, minority=1, k=5, kernel="fast"):  # type: ignore[no-untyped-def]
        idx = np.flatnonzero(np.asarray(y) == minority)
        return types.SimpleNamespace(verdicts=np.array(["real"] * idx.size, dtype=object), index=idx,
                                     minority_index=idx, witnesses=[None] * idx.size, reasons=["stand-in"] * idx.size)

    def recon_smote(X_syn, *, k=5, kernel="fast", min_lines=3):  # type: ignore[no-untyped-def]
        from fractions import Fraction

        pts = np.asarray(X_syn, dtype=float)[:3]
        boxes = [(tuple(map(Fraction, p)), tuple(map(Fraction, p))) for p in pts.tolist()]
        return types.SimpleNamespace(points=pts, lines=[], support=[[] for _ in pts], radius=[Fraction(0)] * len(pts),
                                     boxes=boxes, min_lines=min_lines)

    def distin_scores(result, is_real_truth):  # type: ignore[no-untyped-def]
        said = result.verdicts == "real"
        tp = int(np.count_nonzero(said & is_real_truth))
        return {"precision": tp / max(int(said.sum()), 1), "recall": tp / max(int(is_real_truth.sum()), 1), "f1": 0.0}

    def recon_scores(result, X_real_truth):  # type: ignore[no-untyped-def]
        return types.SimpleNamespace(precision=0.0, recall=0.0, f1=0.0, matched=0, predicted=3, real=len(X_real_truth))

    scoring = types.SimpleNamespace(distin_scores=distin_scores, recon_scores=recon_scores)
    return types.SimpleNamespace(distin_smote=distin_smote, recon_smote=recon_smote, scoring=scoring)


def test_quick_run_with_attack_stand_ins(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After the merge the attacks fill their cells and figures: checked here with stand-ins."""
    monkeypatch.setattr(paper_tables, "ATTACKS", _stub_attacks())
    page = tmp_path / "paper-tables.md"
    frames = paper_tables.main([
        "--quick", "--datasets", "ecoli", "--seeds", "1", "--out", str(tmp_path / "csv"),
        "--page", str(page), "--figures", str(tmp_path / "fig"),
    ])
    aug = frames["augmented"]
    # every minority row said "real": precision = real share of the minority, recall = 1
    assert aug["distin_recall"].tolist() == [1.0]
    assert aug["distin_precision"].iloc[0] == 35 / (35 + 266)
    assert frames["synthetic"]["recon_recall"].notna().all()
    text = page.read_text(encoding="utf-8")
    assert "n/a (1)" not in text and "Geometric attacks not available" not in text
    for figure in ("toy-distin.png", "toy-recon.png", "recall-vs-ratio.png"):
        assert (tmp_path / "fig" / figure).stat().st_size > 0


def test_mia_estimate_scales_a_probe(tmp_path: Path) -> None:
    """--estimate-mia runs only 5 + 5-shadow probes and scales them (no tables, no page)."""
    frames = paper_tables.main(["--quick", "--datasets", "ecoli", "--estimate-mia", "--out", str(tmp_path)])
    est = frames["mia_estimate"]
    assert list(est["dataset"]) == ["ecoli"] and (est["total_cpu_s"] > 0).all()
    assert (tmp_path / "mia_estimate.csv").exists() and not (tmp_path / "augmented.csv").exists()
