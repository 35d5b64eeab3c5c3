"""overlap_pairs (a sweep along one coordinate) returns exactly the brute-force overlapping pairs, in lexicographic order."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl.attacks.boxes import overlap_pairs


def brute(lo: np.ndarray, hi: np.ndarray) -> list[tuple[int, int]]:
    ov = np.all((lo[:, None, :] <= hi[None, :, :]) & (hi[:, None, :] >= lo[None, :, :]), axis=2)
    i, j = np.nonzero(np.triu(ov, k=1))
    return sorted(zip(i.tolist(), j.tolist(), strict=True))


@given(
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(0, 120),
    d=st.integers(1, 5),
    grid=st.booleans(),
    wide=st.integers(0, 5),
)
@example(seed=0, n=0, d=2, grid=False, wide=0)
@example(seed=0, n=1, d=2, grid=False, wide=0)
@example(seed=1, n=50, d=3, grid=True, wide=0)  # many equal ends and identical boxes
@example(seed=2, n=80, d=1, grid=False, wide=3)
def test_sweep_equals_brute_force(seed: int, n: int, d: int, grid: bool, wide: int) -> None:
    rng = np.random.default_rng(seed)
    c = rng.integers(0, 4, size=(n, d)).astype(float) if grid else rng.normal(size=(n, d)) * 3
    w = np.zeros((n, d)) if grid else rng.exponential(0.1, size=(n, d))
    if n and wide:
        w[rng.choice(n, min(n, wide), replace=False)] *= 100  # a few wide boxes
    lo, hi = c - w, c + w
    if n > 3:
        lo[0], hi[0] = hi[0] + 1, lo[0].copy()  # one inverted box: compared like the others
    got = overlap_pairs(lo, hi)
    assert got.shape[1] == 2 and got.dtype == np.intp
    assert list(map(tuple, got.tolist())) == brute(lo, hi)
