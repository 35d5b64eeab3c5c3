"""The float filter of the λ-interval rule never discards a row the exact rule accepts (Lemma 3)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl.lambda_interval import affine_interval, affine_interval_float
from refimpl.validate.models import PREFILTER_SLACK

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
rows = st.lists(st.tuples(finite, finite, st.floats(0, 1e3)), min_size=1, max_size=5)


@given(rows)
@example([(0.5, 1.0, 0.0)])  # exactly on the segment at λ = 1/2, zero width
@example([(1.0, 0.0, 1.0)])  # d = 0, |r| = B: the boundary of the zero-direction case
@example([(0.1, 0.3, 0.0), (0.2, 0.6, 0.0)])  # inexact decimals: λ = 1/3 only if the floats agree
@settings(max_examples=300, deadline=None)
def test_filter_keeps_every_exact_answer(coords: list[tuple[float, float, float]]) -> None:
    R = np.array([[c[0] for c in coords]])
    D = np.array([[c[1] for c in coords]])
    B = np.array([[c[2] for c in coords]])
    exact = affine_interval(
        [Fraction(v) for v in R[0]], [Fraction(v) for v in D[0]], [Fraction(v) for v in B[0]],
        [Fraction(0)] * len(coords), Fraction(-1), Fraction(2),
    )
    kept = bool(affine_interval_float(R, D, B, -1.0, 2.0, PREFILTER_SLACK)[0])
    if exact is not None:
        assert kept
