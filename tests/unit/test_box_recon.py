"""Box reconstruction: the corner enclosure is certified and tight (Lemma 7(d), proofs/07_box_geometry.py)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl.attacks.box_recon import corner_enclosure, oracle_enclosures
from refimpl.attacks.recon import recon_smote
from refimpl.box_smote import box_smote
from refimpl.errors import InvalidParameter, ShapeMismatch


def test_enclosure_is_the_gap_between_the_sides() -> None:
    e = corner_enclosure([[1.0, -2.0], [3.0, -1.0], [-1.0, -3.0]], [[True, False], [True, False], [False, False]])
    assert e.lo == (Fraction(-1), Fraction(-1)) and e.hi == (Fraction(1), None)
    assert not e.bounded and e.width() is None
    assert e.contains([0.0, 5.0]) and not e.contains([2.0, 0.0])
    with pytest.raises(ShapeMismatch):
        corner_enclosure([[1.0]], [[True, False]])


@settings(max_examples=20)
@given(seed=st.integers(0, 2**16), d=st.integers(1, 5), ratio=st.integers(1, 8))
@example(seed=0, d=1, ratio=1)
def test_every_record_is_in_its_box_and_the_box_is_tight(seed: int, d: int, ratio: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, d))
    s = box_smote(X, 20 * ratio, k=3, seed=seed)
    for i, e in enumerate(oracle_enclosures(X, s)):
        assert e.contains(X[i])
        # tight: each finite side is a child's coordinate (a consistent corner can reach it)
        kids = s.synthetic[(s.base == i) | (s.neighbour == i)]
        for j, (lo, hi) in enumerate(zip(e.lo, e.hi, strict=True)):
            for v in (lo, hi):
                assert v is None or float(v) in kids[:, j].tolist()


def test_width_shrinks_with_the_ratio() -> None:
    X = np.random.default_rng(1).normal(size=(60, 3))
    med = []
    for ratio in (2, 10, 40):
        w = [float(v) for e in oracle_enclosures(X, box_smote(X, 60 * ratio, k=5, seed=2)) if (v := e.width()) is not None]
        med.append(float(np.median(w)))
    assert med[0] > med[1] > med[2]


def test_recon_declines_box_and_auto_says_why() -> None:
    X = np.random.default_rng(0).normal(size=(30, 6))
    s = box_smote(X, 120, k=5, seed=1)
    with pytest.raises(InvalidParameter, match="Lemma 7"):
        recon_smote(s.synthetic, geometry="box")
    res = recon_smote(s.synthetic, geometry="auto")
    assert res.geometry == "segment" and "not segment-SMOTE output" in res.geometry_reason
    assert res.summary()["geometry_reason"] == res.geometry_reason
