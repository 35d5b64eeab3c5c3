"""sorted_unique is np.unique on 1-D integer arrays (the pair keys of ReconSMOTE's meets)."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.kernels import sorted_unique


@given(st.lists(st.integers(-(2**62), 2**62), max_size=200))
@example([])
@example([3, 3, 3])
@example([5, -1, 5, 0, -1])
def test_equals_np_unique(values: list[int]) -> None:
    x = np.asarray(values, dtype=np.int64)
    got = sorted_unique(x)
    assert got.dtype == np.int64
    assert got.tolist() == np.unique(x).tolist()
