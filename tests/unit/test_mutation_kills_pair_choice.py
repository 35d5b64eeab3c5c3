"""Kill tests for the meet's coordinate pair and for per-pair enclosures (refimpl.kernels.intervals; Lemma 2).

`_first_largest_det` is the one rule both meeting tests use to pick the coordinate pair: its
contract is numpy's ``argmax`` over the (rows × pairs) matrix of |det|, the first largest, and
the first NaN where there is one. `enclose_meets` answers each pair on its own: a pair that
overflows (a meet beyond the largest float) gets the unbounded box (−inf, inf) in every
coordinate, and the other pairs keep their finite boxes.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.kernels.base import Line
from refimpl.kernels.intervals import _first_largest_det, enclose_meets

small = st.sampled_from([0.0, 1.0, -1.0, 2.0, 0.5, float("nan")])


@given(rows=st.lists(st.lists(small, min_size=8, max_size=8), min_size=1, max_size=5))
@example(rows=[[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]])  # every pair ties
@example(rows=[[1.0, float("nan"), 2.0, 1.0, 1.0, float("nan"), 0.0, 1.0]])  # NaN, then larger values
@example(rows=[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]])  # parallel: the first pair, value 0
def test_the_pair_is_numpys_argmax_of_the_determinants(rows: list[list[float]]) -> None:
    """Same choice and value as argmax over the full matrix: first of equal maxima, first NaN wins."""
    a = np.array(rows)
    um, vm = a[:, :4], a[:, 4:]
    pi, pj = np.triu_indices(4, k=1)
    with np.errstate(all="ignore"):
        mat = np.abs(um[:, pi] * vm[:, pj] - um[:, pj] * vm[:, pi])
        best, top = _first_largest_det(um, vm, pi, pj)
    want = np.argmax(mat, axis=1)
    assert best.tolist() == want.tolist()
    assert np.array_equal(top, mat[np.arange(len(a)), want], equal_nan=True)


def test_a_nan_keeps_its_pair_against_later_nans_and_larger_values() -> None:
    um = np.array([[np.nan, 1.0, 0.0, 3.0]])
    vm = np.array([[1.0, 0.0, 1.0, 5.0]])
    pi, pj = np.triu_indices(4, k=1)
    with np.errstate(all="ignore"):
        best, top = _first_largest_det(um, vm, pi, pj)
    assert best.tolist() == [0] and np.isnan(top[0])


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_an_overflowing_pair_is_unbounded_and_spoils_no_other_pair(order: tuple[int, int]) -> None:
    """Lines meeting beyond 1.8e308 get (−inf, inf) in every coordinate; the other pair's box stays finite."""
    X = np.array([[0.0, 0.0], [1e10, 0.0], [0.0, 1.0], [1.7e308, 1.1], [0, 0], [1, 0], [0, 1], [1, 2]])
    lines = [Line((0, 1), (0, 1)), Line((2, 3), (2, 3)), Line((4, 5), (4, 5)), Line((6, 7), (6, 7))]
    pairs = [(0, 1), (2, 3)]
    PI = np.array([pairs[i][0] for i in order])
    PJ = np.array([pairs[i][1] for i in order])
    with np.errstate(all="ignore"):
        enc = enclose_meets(X, lambda r: np.zeros((len(r), 2)), lines, PI, PJ, reject_parallel=True)
    far, near = order.index(0), order.index(1)
    assert enc.lo[far].tolist() == [-np.inf, -np.inf] and enc.hi[far].tolist() == [np.inf, np.inf]
    assert np.all(np.isfinite(enc.lo[near])) and np.all(np.isfinite(enc.hi[near]))
    assert np.all(enc.lo[near] <= [-1, 0]) and np.all(enc.hi[near] >= [-1, 0])  # the meet (−1, 0)
    assert enc.keep.tolist() == [True, True]
