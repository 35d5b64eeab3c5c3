"""The running maximum of enclose_meets picks argmax's coordinate pair (first largest |det|, first NaN) and its value."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.kernels.intervals import _first_largest_det


@given(
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(1, 60),
    d=st.integers(2, 7),
    kind=st.sampled_from(["normal", "ints", "huge"]),
)
@example(seed=0, n=5, d=2, kind="normal")
@example(seed=1, n=20, d=4, kind="ints")  # ties and zeros: the first largest wins
@example(seed=2, n=20, d=5, kind="huge")  # inf − inf = NaN: argmax takes the first NaN
def test_running_max_equals_argmax(seed: int, n: int, d: int, kind: str) -> None:
    rng = np.random.default_rng(seed)
    if kind == "ints":
        um, vm = (
            rng.integers(-1, 2, size=(n, d)).astype(float),
            rng.integers(-1, 2, size=(n, d)).astype(float),
        )
    else:
        um, vm = rng.normal(size=(n, d)), rng.normal(size=(n, d))
        if kind == "huge":
            um[rng.random((n, d)) < 0.3] = 1e300
            vm[rng.random((n, d)) < 0.3] = -1e300
    pi, pj = np.triu_indices(d, k=1)
    with np.errstate(all="ignore"):
        full = np.abs(um[:, pi] * vm[:, pj] - um[:, pj] * vm[:, pi])
        best, top = _first_largest_det(um, vm, pi.astype(np.intp), pj.astype(np.intp))
    want = np.argmax(full, axis=1)
    assert best.tolist() == want.tolist()
    np.testing.assert_array_equal(top, full[np.arange(n), want])
