"""refimpl.lambda_interval: the scaled-integer fast path equals the Fraction reference, end for end."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.lambda_interval import (
    NEG_INF,
    POS_INF,
    affine_interval,
    affine_interval_int,
    affine_intervals_per_coordinate,
    int_end_to_fraction,
    linear_interval,
)

# dyadic values across magnitudes, as float SMOTE data gives them (1e-300 next to O(1))
floats = st.one_of(
    st.floats(-4.0, 4.0, allow_nan=False, allow_infinity=False),
    st.floats(-1e-300, 1e-300, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 0.5, 1.0, -1.0, 5e-324]),
)
rows = st.integers(1, 5).flatmap(lambda d: st.tuples(*[st.lists(floats, min_size=d, max_size=d)] * 4))
ends = st.sampled_from([(None, None), (Fraction(0), Fraction(1)), (None, Fraction(0)), (Fraction(1), None)])

SCALE = 2**1200  # every float above is an integer multiple of 2^-1074 (and the sums of two of them)


def _ints(v: list[float]) -> list[int]:
    return [int(Fraction(x) * SCALE) for x in v]


def _to_int_end(q: Fraction | None, default: tuple[int, int]) -> tuple[int, int]:
    return default if q is None else (q.numerator, q.denominator)


def _check(r: list[float], d: list[float], b0: list[float], b1: list[float], lo: Fraction | None, hi: Fraction | None) -> None:
    b0 = [abs(x) for x in b0]  # a tube radius is ≥ 0 at λ = 0
    ref = affine_interval([Fraction(x) for x in r], [Fraction(x) for x in d], [Fraction(x) for x in b0],
                          [Fraction(x) for x in b1], lo, hi)
    fast = affine_interval_int(_ints(r), _ints(d), _ints(b0), _ints(b1), _to_int_end(lo, NEG_INF), _to_int_end(hi, POS_INF))
    if ref is None:
        assert fast is None
    else:
        assert fast is not None
        assert (int_end_to_fraction(fast[0]), int_end_to_fraction(fast[1])) == ref


@given(v=rows, e=ends)
@example(v=([1.0], [2.0], [0.0], [0.0]), e=(None, None))  # a single point λ = 1/2 (lo = hi, a tie)
@example(v=([0.0], [0.0], [0.0], [0.0]), e=(None, None))  # α = 0 and β = 0: every λ
@example(v=([1.0], [0.0], [0.5], [0.0]), e=(None, None))  # α = 0 and β < 0: empty
@example(v=([1e-300, 1.0], [1.0, 1.0], [1e-300, 0.0], [0.0, 0.0]), e=(Fraction(0), Fraction(1)))  # mixed magnitudes
@example(v=([1.0], [1.0], [0.0], [0.0]), e=(Fraction(0), Fraction(1)))  # λ = 1 exactly, the end of [0, 1]
@example(v=([1.0, 1.0], [1.0, 1.0], [0.25, 0.25], [0.5, -0.5]), e=(Fraction(1), None))  # β1 ≠ 0, λ = 1 end
def test_fast_path_equals_reference(v: tuple[list[float], ...], e: tuple[Fraction | None, Fraction | None]) -> None:
    _check(*v, *e)


def test_linear_interval_intersects_half_lines() -> None:
    assert linear_interval([(Fraction(1), Fraction(3)), (Fraction(-2), Fraction(-2))]) == (Fraction(1), Fraction(3))
    assert linear_interval([(Fraction(1), Fraction(0)), (Fraction(-1), Fraction(-1))]) is None
    assert linear_interval([], Fraction(0), None) == (Fraction(0), None)


def test_per_coordinate_is_the_rule_with_d_1() -> None:
    r, d = [Fraction(1), Fraction(3)], [Fraction(2), Fraction(4)]
    z = [Fraction(0)] * 2
    assert affine_intervals_per_coordinate(r, d, z, z) == [(Fraction(1, 2),) * 2, (Fraction(3, 4),) * 2]
    assert affine_interval(r, d, z, z) is None  # one λ for both coordinates: none fits


# the six integer rows of a tube test: P, ρ_p, A, ρ_a, B, ρ_b (radii ≥ 0)
triples = st.integers(1, 5).flatmap(
    lambda d: st.tuples(*[st.lists(st.integers(-(2**70), 2**70), min_size=d, max_size=d), st.lists(st.integers(0, 2**40), min_size=d, max_size=d)] * 3)
)


@given(t=triples)
@example(t=([1], [0], [0], [0], [2], [0]))  # exactly the midpoint: λ = 1/2
@example(t=([0], [1], [0], [1], [2], [1]))  # p = a within the tube: the interval reaches λ = 0
@example(t=([5], [0], [0], [0], [2], [0]))  # beyond b: empty
@example(t=([1, 7], [0, 0], [0, 0], [0, 0], [2, 2], [0, 0]))  # on the segment in x, off it in y: empty
def test_fused_segment_interval_equals_fast_path_and_reference(t: tuple[list[int], ...]) -> None:
    """tube_interval_int (the tube kernels' call) is affine_interval_int on [0, 1] with its four differences fused in."""
    from refimpl.lambda_interval import tube_interval_int as between_interval_int

    P, rp, A, ra, B, rb = t
    r = [p - a for p, a in zip(P, A)]
    d = [b - a for b, a in zip(B, A)]
    b0 = [x + y for x, y in zip(rp, ra)]
    b1 = [y - x for x, y in zip(ra, rb)]
    got = between_interval_int(P, rp, A, ra, B, rb)
    assert got == affine_interval_int(r, d, b0, b1, (0, 1), (1, 1))
    ref = affine_interval([Fraction(x) for x in r], [Fraction(x) for x in d], [Fraction(x) for x in b0], [Fraction(x) for x in b1], Fraction(0), Fraction(1))
    assert (None if got is None else (Fraction(*got[0]), Fraction(*got[1]))) == ref
