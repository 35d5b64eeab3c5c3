"""The quick path of bench/adversarial.py (issue 15): 200 generated configurations, and no real row
called ``synthetic`` unless the data breaks the verdict's stated assumption (counted apart)."""

import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import adversarial  # noqa: E402  (a broken bench must fail here, not skip)


def test_quick_run_has_no_unexplained_wrong_verdict(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# t\n<!-- begin bench/adversarial.py -->\n<!-- end bench/adversarial.py -->\n")
    outs, table = adversarial.main(["--quick", "--out", str(tmp_path), "--page", str(page)])
    assert len({o.index for o in outs}) == 200
    assert {o.family for o in outs} == set(adversarial.FAMILIES)
    assert [o for o in outs if o.unexplained or o.crash] == []
    total = table[-1]
    assert total["unexplained"] == 0 and total["crash"] == 0
    # the midpoint family breaks general position by construction, and is counted as such
    mid = next(r for r in table if r["family"] == "midpoint" and r["variant"] == "default")
    assert mid["designed"] > 0
    assert total["real_as_synthetic"] == sum(total[k] for k in adversarial.EXPLANATIONS)
    with (tmp_path / "adversarial_quick.csv").open() as fh:
        assert len(list(csv.DictReader(fh))) == len(table)
    with (tmp_path / "adversarial_quick_flagged.csv").open() as fh:
        flagged = list(csv.DictReader(fh))
    assert len(flagged) == sum(1 for o in outs if o.real_as_synthetic or o.declined or o.crash) > 0
    assert "| midpoint | default |" in page.read_text()


def test_generator_is_seeded() -> None:
    a, b = adversarial.generate(7, 3), adversarial.generate(7, 3)
    assert a.family == b.family and np.array_equal(a.X, b.X) and (a.n_syn, a.k) == (b.n_syn, b.k)
    assert not np.array_equal(adversarial.generate(7, 4).X, a.X)


def test_explain_tells_designed_rows_from_unexplained_ones() -> None:
    # rows 0, 1 real and row 2 placed at their midpoint by design; row 3 real, off every segment
    X = np.array([[0.0, 0.0], [2.0, 2.0], [1.0, 1.0], [0.0, 5.0]])
    cfg = adversarial.Config(0, "midpoint", X, 1, 1, designed={2: (0, 1)})
    Xm = np.vstack([X, [[0.5, 0.5]]])
    assert adversarial.explain(cfg, Xm, 2, 0.0) == "designed"
    assert adversarial.explain(cfg, Xm, 3, 0.0) == "unexplained"
    # not designed, yet between two real rows: chance
    plain = adversarial.Config(0, "lattice", X, 1, 1)
    assert adversarial.explain(plain, Xm, 2, 0.0) == "chance"
    # off every segment, in a result that warns (Lemma 6(c) estimate ≥ 1): tube; below, unexplained
    rel = adversarial.Config(0, "release", X, 1, 1, release="decimals:3")
    assert adversarial.explain(rel, Xm, 3, adversarial.WARNED) == "tube"
    assert adversarial.explain(rel, Xm, 3, 0.5) == "unexplained"
    assert adversarial.explain(plain, Xm, 3, 1.5) == "tube"  # the rounding tube alone counts too
