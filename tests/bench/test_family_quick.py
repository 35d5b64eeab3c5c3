"""The quick path of bench/family.py runs every sampler and writes its CSV and table; plain
SMOTE stays at P = R = 1 for the real rows."""

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import family  # noqa: E402  (a broken bench must fail here, not skip)


@pytest.mark.slow
def test_quick_run_covers_the_family(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# t\n<!-- begin bench/family.py -->\n<!-- end bench/family.py -->\n")
    rows = family.main(["--quick", "--out", str(tmp_path), "--page", str(page)])
    assert [r.sampler for r in rows] == list(family.SAMPLERS)
    by = {r.sampler: r for r in rows}
    assert (by["SMOTE"].segment_p, by["SMOTE"].segment_r) == (1.0, 1.0)
    # SMOTENC's numeric part is plain SMOTE: attacked on those columns, the real rows are all found
    assert (by["SMOTENC-numeric"].segment_p, by["SMOTENC-numeric"].segment_r) == (1.0, 1.0)
    # categorical_features (Lemma C) and parents="all" (Borderline-2's other-class parents)
    assert (by["SMOTENC"].segment_p, by["SMOTENC"].segment_r) == (1.0, 1.0)
    assert (by["BorderlineSMOTE-2"].segment_p, by["BorderlineSMOTE-2"].segment_r) == (1.0, 1.0)
    assert by["BorderlineSMOTE-2"].options == "parents='all'"
    assert all(r.error == "" for r in rows), [r.error for r in rows]
    # Lemma 10: with the sampler's family no synthetic row is called real (the P ≥ 0.99)
    for name, fam in (("SVMSMOTE", "extrapolating"), ("SMOTETomek", "removal"), ("SMOTEENN", "removal")):
        assert by[name].family == fam and by[name].family_fp == 0 and by[name].family_p >= 0.99, by[name]
    assert by["SMOTE"].family == "smote" and (by["SMOTE"].family_p, by["SMOTE"].family_r) == (1.0, 1.0)
    with (tmp_path / "family_quick.csv").open() as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)
    assert "| SVMSMOTE | gaussian | 8 |" in page.read_text()


def test_quick_run_reports_reconsmote_on_the_synthetic_rows(tmp_path: Path) -> None:
    """Both attacks per sampler: every record ReconSMOTE rebuilds from plain SMOTE's rows is a real one."""
    page = tmp_path / "page.md"
    page.write_text("# t\n<!-- begin bench/family.py -->\n<!-- end bench/family.py -->\n")
    rows = family.main(["--quick", "--out", str(tmp_path), "--page", str(page)])
    for r in rows:
        assert 0.0 <= r.recon_p <= 1.0 and 0.0 <= r.recon_r <= 1.0 and r.recon_found >= 0
        if r.sampler in ("SMOTE", "BorderlineSMOTE-1", "ADASYN") and r.recon_found:
            assert r.recon_p == 1.0  # segment SMOTE: a certified meet is a real parent
    assert "recon found | recon P / R" in page.read_text()
