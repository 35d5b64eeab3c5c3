"""Worst-case sensitivity of SMOTE output (Lemma 4, proofs/04_smote_dp_sensitivity.py)."""

import itertools
from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.dp import (
    base_load_tail,
    covariance_sensitivity,
    diameters,
    fanout_bound,
    group_privacy,
    in_degree_bound,
    mean_sensitivity,
    realised_fanout,
    records_sensitivity,
    stone_constant,
)
from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.exact import exact_knn, interpolate

# --- Stone's constant and the fan-out -------------------------------------------------------


def test_stone_constant_values() -> None:
    assert [stone_constant(d) for d in (1, 2)] == [2, 6]
    alpha, beta = 1 + sp.sqrt(2) + sp.sqrt(6), sp.sqrt(2) + sp.sqrt(6) - 1
    for d in range(3, 12):
        assert stone_constant(d) == int(sp.floor(sp.expand(alpha**d - beta**d)))
    assert stone_constant(3) == 91  # = ⌊50 + 24√3⌋
    for bad in (0, -1, 2.0, True):
        with pytest.raises(InvalidParameter):
            stone_constant(bad)  # type: ignore[arg-type]


def test_in_degree_and_fanout_bounds() -> None:
    assert in_degree_bound(5, 2) == 30
    assert in_degree_bound(5, 2, n=10) == 9
    assert in_degree_bound(1, 2, n=9, general_position=False) == 8
    with pytest.raises(InvalidParameter, match="pass n"):
        in_degree_bound(1, 2, general_position=False)
    assert fanout_bound(5, 2, 1) == 61
    assert fanout_bound(5, 2, 3, kind="direct") == 3 * 31
    assert fanout_bound(5, 2, 3, m=50) == 50
    assert fanout_bound(1, 2, 2, n=5, general_position=False) == 2 * (1 + 2 * 4)
    with pytest.raises(InvalidParameter):
        fanout_bound(5, 2, 1, kind="sideways")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter):
        fanout_bound(0, 2, 1)
    with pytest.raises(InvalidParameter):
        fanout_bound(1, 2, -1)


def test_ties_break_the_in_degree_bound() -> None:
    copies = [(Fraction(1), Fraction(1))] * 9
    lists = exact_knn(copies, 1)
    assert sum(lst == [0] for lst in lists[1:]) == 8 > in_degree_bound(1, 2)


# --- realised fan-out --------------------------------------------------------------------


def test_realised_fanout_matches_a_brute_force_count() -> None:
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(12, 3)), rng.normal(size=(60, 3)) + 4])
    y = np.array([1] * 12 + [0] * 60)
    sm = SMOTE(k_neighbors=3, random_state=4)
    sm.fit_resample(X, y)
    prov = sm.provenance_
    fan = realised_fanout(prov, len(X))
    brute = [sum(1 for b, n in zip(prov.base, prov.neighbour, strict=True) if i in (b, n)) for i in range(len(X))]
    assert fan.tolist() == brute
    assert fan[12:].sum() == 0 and fan.sum() >= len(prov)
    load = np.bincount(prov.base, minlength=len(X))
    members, table = sm.neighbours_[1]
    indeg = np.bincount(members[table.ravel()], minlength=len(X))
    assert np.all(fan <= load.max() * (1 + indeg))


def test_realised_fanout_counts_a_self_neighbour_once_and_checks_indices() -> None:
    prov = SimpleNamespace(base=np.array([0, 0, 1]), neighbour=np.array([0, 1, 2]))
    assert realised_fanout(prov, 3).tolist() == [2, 2, 1]
    with pytest.raises(InvalidInput):
        realised_fanout(prov, 2)
    with pytest.raises(ShapeMismatch):
        realised_fanout(SimpleNamespace(base=np.array([0]), neighbour=np.array([0, 1])), 3)


# --- the sensitivity formulas --------------------------------------------------------------


def test_formulas_symbolic_and_numeric() -> None:
    m, C, D, D1 = sp.symbols("m C D D_1", positive=True)
    c = sp.Min(C, m)
    assert sp.simplify(records_sensitivity(C, D) - sp.sqrt(C) * D) == 0
    assert sp.simplify(records_sensitivity(C, D1, norm=1) - C * D1) == 0
    assert sp.simplify(mean_sensitivity(m, C, D) - c * D / m) == 0
    frob = sp.Min(c * (2 * m - c - 1) * D**2 / (sp.sqrt(2) * m**2), sp.sqrt(2) * D**2 / 4)
    assert sp.simplify(covariance_sensitivity(m, C, D) - frob) == 0
    assert mean_sensitivity(100, 13, 2) == sp.Rational(13, 50)
    assert mean_sensitivity(10, 50, 2) == 2  # capped at the diameter
    assert covariance_sensitivity(10, 50, 2) == sp.sqrt(2)  # capped: √2·D²/4
    assert covariance_sensitivity(100, 13, 2, 3, norm=1) == sp.Rational(8463, 5000)
    assert records_sensitivity(Fraction(9, 4), 0.5) == sp.Rational(3, 4)
    with pytest.raises(InvalidParameter):
        records_sensitivity(1, 1, norm=3)
    with pytest.raises(InvalidParameter, match="D1"):
        covariance_sensitivity(10, 1, 1, norm=1)


def test_diameters() -> None:
    assert diameters([0, 0], [1, 2]) == (sp.sqrt(5), 3)
    D2, D1 = diameters([-0.5], [Fraction(1, 4)])
    assert (D2, D1) == (sp.Rational(3, 4), sp.Rational(3, 4))
    with pytest.raises(InvalidInput):
        diameters([1], [0])
    with pytest.raises(ShapeMismatch):
        diameters([0, 0], [1])


def test_group_privacy_and_load_tail() -> None:
    eps, delta = sp.symbols("epsilon delta", positive=True)
    assert group_privacy(eps, delta, 1) == (eps, delta)
    assert group_privacy(eps, delta, 3) == (3 * eps, 3 * sp.exp(2 * eps) * delta)
    assert base_load_tail(2, 2, 1) == Fraction(1, 2)  # both draws on one record: 1/2, union bound exact here
    assert base_load_tail(10, 3, 10) == 0
    tails = [base_load_tail(200, 20, r) for r in range(5, 40)]
    assert all(a >= b for a, b in itertools.pairwise(tails)) and tails[-1] < Fraction(1, 10**9)
    with pytest.raises(InvalidParameter):
        base_load_tail(10, 0, 1)


# --- the bounds on exact SMOTE, with one record replaced -----------------------------------


def _exact_rows(points: list[tuple[Fraction, ...]], k: int, cols: list[int], lams: list[Fraction], r: int) -> tuple[list[tuple[Fraction, ...]], list[list[int]]]:
    nbrs = exact_knn(points, k)
    bases = [b for b in range(len(points)) for _ in range(r)]
    return [interpolate(points[b], points[nbrs[b][c]], q) for b, c, q in zip(bases, cols, lams, strict=True)], nbrs


def _distinct_from(points: list[tuple[Fraction, ...]], i: int) -> bool:
    d2 = [sum((a - b) ** 2 for a, b in zip(points[i], p, strict=True)) for j, p in enumerate(points) if j != i]
    return 0 not in d2 and len(set(d2)) == len(d2)


coords = st.integers(0, 2**12).map(lambda v: Fraction(v, 2**12))


@given(
    data=st.lists(st.tuples(coords, coords), min_size=8, max_size=8),
    new=st.tuples(coords, coords),
    i=st.integers(0, 7),
    seed=st.integers(0, 2**16),
)
@example(  # a hub: seven points around (1/2, 1/2) all point at it; replace the hub
    data=[(Fraction(1, 2), Fraction(1, 2))]
    + [(Fraction(1, 2) + dx, Fraction(1, 2) + dy) for dx, dy in [(Fraction(1, 8), 0), (0, Fraction(1, 9)), (Fraction(-1, 10), 0),
                                                                   (0, Fraction(-1, 11)), (Fraction(3, 8), Fraction(1, 3)),
                                                                   (Fraction(-3, 8), Fraction(2, 7)), (Fraction(2, 7), Fraction(-2, 5))]],
    new=(Fraction(1, 16), Fraction(1, 32)),
    i=0,
    seed=0,
)
def test_replace_one_changes_at_most_fanout_rows(
    data: list[tuple[Fraction, Fraction]], new: tuple[Fraction, Fraction], i: int, seed: int
) -> None:
    if len(set(data)) < len(data):
        return
    k, r, d = 1, 2, 2
    Xp = list(data)
    Xp[i] = new
    if not (_distinct_from(data, i) and _distinct_from(Xp, i)):
        return  # Stone's lemma needs general position at the replaced record
    rng = np.random.default_rng(seed)
    m = r * len(data)
    cols = [int(c) for c in rng.integers(0, k, m)]
    lams = [Fraction(int(v), 2**53) for v in rng.integers(0, 2**53, m)]
    S, _ = _exact_rows(data, k, cols, lams, r)
    Sp, _ = _exact_rows(Xp, k, cols, lams, r)
    changed = sum(1 for a, b in zip(S, Sp, strict=True) if a != b)
    C = fanout_bound(k, d, r, m=m)
    assert changed <= C
    D2, D1 = diameters([0, 0], [1, 1])
    dmean = [sum(a[j] - b[j] for a, b in zip(S, Sp, strict=True)) / m for j in range(d)]
    assert sp.Rational(sum(v * v for v in dmean)) <= mean_sensitivity(m, C, D2) ** 2
    assert sp.Rational(sum(abs(v) for v in dmean)) <= mean_sensitivity(m, C, D1)
    drows = [a[j] - b[j] for a, b in zip(S, Sp, strict=True) for j in range(d)]
    assert sp.Rational(sum(v * v for v in drows)) <= records_sensitivity(C, D2) ** 2
