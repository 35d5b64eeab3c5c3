"""Tests that kill the mutants the first mutation run of refimpl.lambda_interval and refimpl.fpformat left alive (issue 20).

Random float data never produces an integer tie (lo = hi) or α = 0; small integers produce
both all the time. The reference here is the *definition* of the λ set, not a second copy of
the rule: a λ is in the answer iff it satisfies every constraint, which is checked at every
breakpoint β/α, between breakpoints and beyond them.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.errors import InvalidParameter
from refimpl.fpformat import (
    ARITHMETIC_MODELS,
    BINARY32,
    BINARY64,
    MODEL_NAMES,
    arithmetic_model,
    float_down,
    float_up,
    gamma,
)
from refimpl.lambda_interval import (
    NEG_INF,
    POS_INF,
    affine_interval,
    affine_interval_float,
    affine_interval_int,
    affine_intervals_per_coordinate,
    int_end_to_fraction,
    linear_interval,
    tube_constraints,
)

F = Fraction
small = st.integers(-3, 3)
Ends = tuple[Fraction | None, Fraction | None]
ends = st.sampled_from([(None, None), (F(0), F(1)), (None, F(0)), (F(1), None), (F(1, 2), F(1, 2)), (F(-1), F(2))])


def _candidates(constraints: list[tuple[Fraction, Fraction]], lo: Fraction | None, hi: Fraction | None) -> list[Fraction]:
    """Every breakpoint, every midpoint between neighbours and a point beyond each side."""
    pts = {b / a for a, b in constraints if a != 0} | {e for e in (lo, hi) if e is not None} | {F(0)}
    srt = sorted(pts)
    out = set(srt) | {(x + y) / 2 for x, y in itertools.pairwise(srt)} | {srt[0] - 1, srt[-1] + 1}
    return sorted(out)


def _satisfies(lam: Fraction, constraints: list[tuple[Fraction, Fraction]], lo: Fraction | None, hi: Fraction | None) -> bool:
    return (lo is None or lo <= lam) and (hi is None or lam <= hi) and all(a * lam <= b for a, b in constraints)


def _check_against_definition(constraints: list[tuple[Fraction, Fraction]], lo: Fraction | None, hi: Fraction | None,
                              got: Ends | None) -> None:
    inside = [q for q in _candidates(constraints, lo, hi) if _satisfies(q, constraints, lo, hi)]
    if got is None:
        assert inside == []
        return
    glo, ghi = got
    # the answer's ends are feasible points (or unbounded), and exactly the candidates inside it satisfy
    for q in _candidates(constraints, lo, hi):
        in_answer = (glo is None or glo <= q) and (ghi is None or q <= ghi)
        assert in_answer == _satisfies(q, constraints, lo, hi), q
    assert glo is None or _satisfies(glo, constraints, lo, hi)
    assert ghi is None or _satisfies(ghi, constraints, lo, hi)


@given(st.lists(st.tuples(small, small), max_size=5), ends)
@example([(1, 1), (-1, -1)], (None, None))  # λ ≤ 1 and λ ≥ 1: the tie lo = hi = 1
@example([(0, 0)], (None, None))  # α = 0, β = 0: no constraint
@example([(0, -1)], (None, None))  # α = 0, β < 0: empty
@example([(0, -1)], (F(0), F(1)))
@example([(2, 1), (-2, -1)], (F(1, 2), F(1, 2)))  # the given ends are the tie
@example([(1, 0)], (F(1), None))  # λ ≤ 0 against λ ≥ 1: empty
@example([(-1, 0)], (None, F(-1)))  # λ ≥ 0 against λ ≤ −1: empty
@example([(1, 3), (1, 2), (-1, 1), (-1, 0)], (None, None))  # the tighter of two ends on each side wins
def test_linear_interval_is_the_definition(cs: list[tuple[int, int]], e: Ends) -> None:
    constraints = [(F(a), F(b)) for a, b in cs]
    got = linear_interval(constraints, *e)
    _check_against_definition(constraints, *e, got)
    if got is not None and got[0] is not None and got[1] is not None:
        assert got[0] <= got[1]


coords = st.lists(st.tuples(small, small, st.integers(0, 3), small), min_size=1, max_size=4)


@given(coords, ends)
@example([(1, 2, 0, 0)], (None, None))  # λ = 1/2 exactly: a tie
@example([(0, 0, 0, 0)], (None, None))  # α = 0 and β = 0 in both constraints
@example([(1, 0, 0, 0)], (None, None))  # d = 0, r ≠ 0, no radius: empty
@example([(1, 1, 0, 0)], (F(0), F(1)))  # λ = 1, the end of [0, 1]
@example([(0, 1, 0, 0)], (F(0), F(1)))  # λ = 0, the other end
@example([(1, 1, 1, 1)], (None, None))  # β1 = d: one constraint has α = 0
@example([(2, 1, 0, -1)], (None, None))  # β1 = −d: the other one has α = 0
@example([(3, 2, 1, 0), (1, 2, 0, 0)], (None, None))  # two coordinates, disjoint: empty
@example([(1, 1, 1, 0), (-1, -1, 1, 0)], (F(0), F(1)))
def test_affine_interval_and_its_fast_path_are_the_definition(cs: list[tuple[int, int, int, int]], e: Ends) -> None:
    r, d, b0, b1 = ([F(c[k]) for c in cs] for k in range(4))
    constraints = list(tube_constraints(r, d, b0, b1))
    assert constraints == [c for j in range(len(cs)) for c in ((-d[j] - b1[j], b0[j] - r[j]), (d[j] - b1[j], b0[j] + r[j]))]
    ref = affine_interval(r, d, b0, b1, *e)
    _check_against_definition(constraints, *e, ref)
    # the same λ set on the integers themselves and scaled by 2^3, with the given ends as (num, den) pairs
    lo, hi = e
    for scale in (1, 8):
        fast = affine_interval_int(
            [scale * c[0] for c in cs], [scale * c[1] for c in cs], [scale * c[2] for c in cs], [scale * c[3] for c in cs],
            NEG_INF if lo is None else (lo.numerator, lo.denominator),
            POS_INF if hi is None else (hi.numerator, hi.denominator),
        )
        if ref is None:
            assert fast is None
        else:
            assert fast is not None
            assert (int_end_to_fraction(fast[0]), int_end_to_fraction(fast[1])) == ref
            assert fast[0][1] >= 0 and fast[1][1] >= 0  # denominators stay ≥ 0


def test_fast_path_ends_are_exact_pairs() -> None:
    # |1 − 2λ| ≤ 0: λ = 1/2 from both sides, as (1, 2)
    assert affine_interval_int([1], [2], [0], [0]) == ((1, 2), (1, 2))
    assert affine_interval_int([0], [0], [0], [0]) == (NEG_INF, POS_INF)
    assert affine_interval_int([0], [0], [0], [0], (0, 1), (1, 1)) == ((0, 1), (1, 1))
    assert affine_interval_int([1], [0], [0], [0]) is None
    # α = ±1 exactly (unscaled): |0 − λ·(±1)| ≤ 0 gives λ = 0 from both sides
    assert affine_interval_int([0], [1], [0], [0]) == ((0, 1), (0, 1))
    assert affine_interval_int([0], [-1], [0], [0]) == ((0, 1), (0, 1))
    # λ ∈ [1, 2] ∩ [0, 1]: the lower end is β/α = (3 − 1)/2, kept unreduced as (2, 2)
    assert affine_interval_int([3], [2], [1], [0], (0, 1), (1, 1)) == ((2, 2), (1, 1))


def test_int_end_to_fraction() -> None:
    assert int_end_to_fraction(NEG_INF) is None and int_end_to_fraction(POS_INF) is None
    assert int_end_to_fraction((3, 0)) is None
    assert int_end_to_fraction((-3, 6)) == F(-1, 2)
    assert NEG_INF == (-1, 0) and POS_INF == (1, 0)


def test_per_coordinate_passes_the_given_ends() -> None:
    r, d, z = [F(1), F(3)], [F(2), F(4)], [F(0)] * 2
    assert affine_intervals_per_coordinate(r, d, z, z, F(0), F(1, 2)) == [(F(1, 2), F(1, 2)), None]
    assert affine_intervals_per_coordinate(r, d, z, z, F(0), None) == [(F(1, 2), F(1, 2)), (F(3, 4), F(3, 4))]
    assert affine_intervals_per_coordinate(r, d, z, z, F(3, 5), None) == [None, (F(3, 4), F(3, 4))]
    one = [F(1)]
    assert affine_intervals_per_coordinate([F(0)], [F(0)], one, [F(0)], None, F(-1)) == [(None, F(-1))]


# --- fpformat -----------------------------------------------------------------------------------


@given(st.fractions(min_value=-4, max_value=4, max_denominator=2**60))
@example(F(1, 3))  # float(1/3) rounds down: float_up must step up
@example(F(1, 10))  # float(1/10) rounds up: float_up keeps it, float_down steps down
@example(F(-1, 3))
@example(F(1, 2))  # a float itself: both return it
@example(F(2**53 + 1, 2**53))  # a tie between 1 and 1 + 2^-52
def test_float_up_is_the_least_float_above(q: Fraction) -> None:
    up, dn = float_up(q), float_down(q)
    below_up = float(np.nextafter(up, -np.inf))
    above_dn = float(np.nextafter(dn, np.inf))
    assert F(up) >= q > F(below_up)
    assert F(dn) <= q < F(above_dn)
    assert (up == dn) == (F(up) == q)


def test_float_up_pins_both_rounding_directions() -> None:
    assert F(float(F(1, 3))) < F(1, 3) and float_up(F(1, 3)) == float(np.nextafter(float(F(1, 3)), 1.0))
    assert float_down(F(1, 3)) == float(F(1, 3))
    assert F(float(F(1, 10))) > F(1, 10) and float_up(F(1, 10)) == 0.1
    assert float_down(F(1, 10)) == float(np.nextafter(0.1, 0.0))
    assert float_up(F(1, 2)) == float_down(F(1, 2)) == 0.5


@pytest.mark.parametrize("fmt", [BINARY64, BINARY32])
@pytest.mark.parametrize("k", [1, 2, 4, 7])
def test_gamma_per_format(fmt: object, k: int) -> None:
    u = fmt.u  # type: ignore[attr-defined]
    assert fmt.gamma(k) == k * u / (1 - k * u) == gamma(k, u)  # type: ignore[attr-defined]
    up = fmt.gamma_up(k)  # type: ignore[attr-defined]
    assert F(up) >= fmt.gamma(k)  # type: ignore[attr-defined]
    assert up == float(np.nextafter(float(fmt.gamma(k)), np.inf))  # type: ignore[attr-defined]


def test_gamma_domain() -> None:
    assert gamma(0) == 0
    assert gamma(2**53 - 1) == (2**53 - 1)  # k·u = 1 − u < 1: allowed, γ = (1 − u)/u
    with pytest.raises(InvalidParameter, match=r"gamma\(-1\) needs 0 <= k"):
        gamma(-1)
    with pytest.raises(InvalidParameter):
        gamma(2**24, BINARY32.u)  # k·u = 1
    assert gamma(2**24 - 1, BINARY32.u) == 2**24 - 1


def test_arithmetic_model_lookup() -> None:
    for name in MODEL_NAMES:
        assert arithmetic_model(name) is ARITHMETIC_MODELS[name]
    for bad in ["float16", None, ["float64"]]:  # a list is unhashable: TypeError is refused too
        with pytest.raises(InvalidParameter, match="unknown error model"):
            arithmetic_model(bad)  # type: ignore[arg-type]


def test_float32_mixed_c_is_equal_to_its_derived_value() -> None:
    u, eta, eta32 = BINARY64.u, BINARY64.eta, BINARY32.eta
    assert ARITHMETIC_MODELS["float32-mixed"].c == eta32 * (1 + u) + eta
    assert ARITHMETIC_MODELS["float32-mixed"].eta == eta32 and ARITHMETIC_MODELS["float64"].eta == eta


def test_unequal_lengths_are_refused_not_truncated() -> None:
    one, two = [F(0)], [F(0), F(1)]
    with pytest.raises(ValueError, match="zip"):
        list(tube_constraints(one, two, two, two))
    with pytest.raises(ValueError, match="zip"):
        affine_interval(two, two, two, one)
    with pytest.raises(ValueError, match="zip"):
        affine_intervals_per_coordinate(two, one, two, two)
    with pytest.raises(ValueError, match="zip"):
        affine_interval_int([0, 1], [0, 1], [0, 1], [0])


def test_fpformat_messages_say_what_to_do() -> None:
    with pytest.raises(InvalidParameter, match=r"^gamma\(-1\) needs 0 <= k and k·u < 1$"):
        gamma(-1)
    with pytest.raises(InvalidParameter, match=r"^unknown error model 'float16'; choose one of float64, float32-mixed, convex$"):
        arithmetic_model("float16")


# --- affine_interval_float: the filter computes exactly its documented widened interval -----
# On dyadic inputs (small integers, D a signed power of two, slack a power of two) every float
# operation of the filter is exact, so its answer must equal the documented rule evaluated in
# Fractions: keep a row iff max_j(e1_j − w_j) ∨ lo ≤ min_j(e2_j + w_j) ∧ hi and every D_j = 0
# coordinate has |R_j| ≤ B_j, with e = (R ∓ sign(D)·B)/D and w = slack·(|R| + B)/|D|.

_dyadic_d = st.sampled_from([0.0, 0.25, -0.25, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 4.0, -4.0])


def _filter_reference(R: np.ndarray, D: np.ndarray, B: np.ndarray, lo: float, hi: float, slack: float) -> list[bool]:
    out = []
    for r_row, d_row, b_row in zip(R.tolist(), D.tolist(), B.tolist(), strict=True):
        LO, HI, ok = F(lo), F(hi), True
        for r, d, b in zip(r_row, d_row, b_row, strict=True):
            r, d, b = F(r), F(d), F(b)
            if d == 0:
                ok = ok and abs(r) <= b
                continue
            s = 1 if d > 0 else -1
            w = F(slack) * (abs(r) + b) / abs(d)
            LO = max(LO, (r - s * b) / d - w)
            HI = min(HI, (r + s * b) / d + w)
        out.append(ok and LO <= HI)
    return out


@given(
    rows=st.lists(
        st.lists(st.tuples(st.integers(-6, 6), _dyadic_d, st.integers(0, 3)), min_size=2, max_size=2),
        min_size=1,
        max_size=4,
    ),
    lo=st.sampled_from([-1.0, 0.0, 0.25]),
    hi=st.sampled_from([0.5, 1.0, 2.0]),
    slack=st.sampled_from([0.0, 0.125, 0.5]),
)
# a D = 0 coordinate violated in row 0 only (axis of zero_ok), row 1 fine
@example(rows=[[(3, 0.0, 1), (0, 1.0, 1)], [(0, 0.0, 1), (0, 1.0, 1)]], lo=0.0, hi=1.0, slack=0.0)
# the widening is what keeps this row: exact ends [2, 2.5] miss [0, 1], widened by 3·0.5
@example(rows=[[(4, 2.0, 0), (5, 2.0, 0)]], lo=0.0, hi=1.0, slack=0.5)
# widening divided by |D| = 4, not multiplied; rows with different maxima (axis of LO and HI)
@example(rows=[[(8, 4.0, 0), (1, 1.0, 1)], [(-3, 1.0, 0), (0, 0.5, 0)]], lo=0.0, hi=1.0, slack=0.125)
def test_float_filter_is_its_documented_widened_rule(
    rows: list[list[tuple[int, float, int]]], lo: float, hi: float, slack: float
) -> None:
    """affine_interval_float equals the widened rule of its docstring on inputs where floats are exact (Lemma 3)."""
    R = np.array([[float(r) for r, _, _ in row] for row in rows])
    D = np.array([[d for _, d, _ in row] for row in rows])
    B = np.array([[float(b) for _, _, b in row] for row in rows])
    got = affine_interval_float(R, D, B, lo, hi, slack)
    assert got.shape == (len(rows),)
    assert got.tolist() == _filter_reference(R, D, B, lo, hi, slack)
    # and the filter is sound: a dropped row has no exact λ (slack only widens)
    for i, kept in enumerate(got.tolist()):
        if not kept:
            exact = affine_interval([F(v) for v in R[i]], [F(v) for v in D[i]], [F(v) for v in B[i]],
                                    [F(0)] * R.shape[1], F(lo), F(hi))
            assert exact is None


@pytest.mark.parametrize("n_coords", [0, 1, 2])
def test_inverted_interval_is_empty_in_both_forms(n_coords: int) -> None:
    """lo > hi is empty for the reference and the integer path alike, even with every α = 0 (Lemma 3)."""
    zeros = [F(0)] * n_coords
    ones = [F(1)] * n_coords
    assert affine_interval(zeros, zeros, ones, zeros, F(1), F(0)) is None
    assert linear_interval([], F(1), F(0)) is None
    z, o = (0,) * n_coords, (1,) * n_coords
    assert affine_interval_int(z, z, o, z, (1, 1), (0, 1)) is None
    # a degenerate but valid [lo, lo] stays non-empty in both
    assert affine_interval(zeros, zeros, ones, zeros, F(1, 2), F(1, 2)) == (F(1, 2), F(1, 2))
    assert affine_interval_int(z, z, o, z, (1, 2), (1, 2)) == ((1, 2), (1, 2))
