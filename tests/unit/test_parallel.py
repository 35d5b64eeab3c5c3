"""n_jobs (refimpl.parallel): scikit-learn's convention, validated in one place, and answers that do not depend on it.

The identity tests lower ``MIN_RANGE`` to 1 so that small data is cut into many ranges and
really runs in forked workers (at the default a few hundred rows stay in one process).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl import SMOTE, parallel
from refimpl.attacks import distin_smote, recon_smote
from refimpl.attacks.box_distin import box_distin_smote
from refimpl.box_smote import augmented_box
from refimpl.errors import InvalidParameter
from refimpl.validate import verify_smote

FEW = settings(max_examples=4, deadline=None)


@contextmanager
def many_ranges() -> Iterator[None]:
    with mock.patch.object(parallel, "MIN_RANGE", 1):
        yield


def augmented(seed: int, n_min: int, d: int, dup: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3 * n_min, d))
    if dup:
        X[1] = X[0]  # a duplicated real row: copies and ambiguous verdicts appear
    y = np.r_[np.ones(n_min, int), np.zeros(2 * n_min, int)]
    Xr, yr = SMOTE(k_neighbors=5, random_state=seed).fit_resample(X, y)
    return X, y, (np.asarray(Xr), np.asarray(yr))  # type: ignore[return-value]


# -- resolution -------------------------------------------------------------------------------


def test_resolution_follows_scikit_learn() -> None:
    cores = parallel.available_cores()
    assert parallel.resolve_n_jobs(None) == 1
    assert parallel.resolve_n_jobs(1) == 1
    assert parallel.resolve_n_jobs(3) == 3
    assert parallel.resolve_n_jobs(np.int64(2)) == 2
    assert parallel.resolve_n_jobs(-1) == cores
    assert parallel.resolve_n_jobs(-2) == max(1, cores - 1)
    assert parallel.resolve_n_jobs(-1000) == 1  # never fewer than one core


@pytest.mark.parametrize("bad", [0, True, False, 1.5, "2", 2.0])
def test_bad_n_jobs_is_a_named_error(bad: object) -> None:
    with pytest.raises(InvalidParameter, match="n_jobs"):
        parallel.resolve_n_jobs(bad)


@pytest.mark.parametrize("call", ["distin", "recon", "box", "verify"])
def test_every_entry_point_validates(call: str) -> None:
    X, y, (Xr, yr) = augmented(0, 12, 3)
    with pytest.raises(InvalidParameter, match="n_jobs"):
        if call == "distin":
            distin_smote(Xr, yr, minority=1, n_jobs=0)
        elif call == "recon":
            recon_smote(Xr[len(X) :], n_jobs=0)
        elif call == "box":
            box_distin_smote(Xr, yr, minority=1, n_jobs=0)
        else:
            verify_smote(X, y, Xr, yr, n_jobs=0)


@given(n=st.integers(0, 300), jobs=st.integers(1, 5), least=st.integers(1, 50))
@example(n=0, jobs=2, least=1)
@example(n=7, jobs=2, least=1)
@example(n=100, jobs=1, least=1)
def test_ranges_cover_in_order(n: int, jobs: int, least: int) -> None:
    b = parallel.ranges(n, jobs, least)
    flat = [i for lo, hi in b for i in range(lo, hi)]
    assert flat == list(range(n))
    assert all(hi > lo for lo, hi in b)
    assert len(b) <= max(1, jobs * parallel.RANGES_PER_JOB)
    if jobs == 1 and n:
        assert b == [(0, n)]


def test_map_ranges_runs_in_other_processes_and_keeps_order() -> None:
    import os

    me = os.getpid()
    bounds = [(0, 3), (3, 5), (5, 9), (9, 10)]
    got = parallel.map_ranges(lambda a, b: (list(range(a, b)), os.getpid()), bounds, 2)
    assert [x for part, _ in got for x in part] == list(range(10))
    assert all(pid != me for _, pid in got)
    assert parallel.map_ranges(lambda a, b: os.getpid(), bounds, 1) == [me] * 4


# -- identical answers --------------------------------------------------------------------------


def _distin_view(r):  # type: ignore[no-untyped-def]
    return (list(r.index), list(r.verdicts), r.witnesses, r.reasons, r.notes)


@FEW
@given(seed=st.integers(0, 2**31 - 1), n_min=st.integers(8, 30), d=st.integers(2, 5), dup=st.booleans())
@example(seed=0, n_min=20, d=3, dup=False)
@example(seed=5, n_min=12, d=2, dup=True)
def test_distin_same_with_two_jobs(seed: int, n_min: int, d: int, dup: bool) -> None:
    _, _, (Xr, yr) = augmented(seed, n_min, d, dup)
    one = distin_smote(Xr, yr, minority=1, n_jobs=1)
    with many_ranges():
        two = distin_smote(Xr, yr, minority=1, n_jobs=2)
    assert _distin_view(two) == _distin_view(one)
    assert (one.verdicts == "synthetic").sum() > 0


def _recon_view(r):  # type: ignore[no-untyped-def]
    return (r.points.tolist(), r.exact_points, r.radius, r.boxes, r.support, r.lines, r.notes)


@FEW
@given(seed=st.integers(0, 2**31 - 1), n_min=st.integers(10, 25), d=st.integers(2, 4))
@example(seed=0, n_min=20, d=3)
@example(seed=3, n_min=10, d=2)
def test_recon_same_with_two_jobs(seed: int, n_min: int, d: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_min + 6, d))
    y = np.r_[np.ones(n_min, int), np.zeros(6, int)]
    Xr, _ = SMOTE(k_neighbors=5, sampling_strategy={1: 21 * n_min}, random_state=seed).fit_resample(X, y)
    syn = np.asarray(Xr)[len(X) :]
    one = recon_smote(syn, n_jobs=1)
    with many_ranges():
        two = recon_smote(syn, n_jobs=2)
    assert _recon_view(two) == _recon_view(one)
    assert len(one.lines) > 0


@FEW
@given(seed=st.integers(0, 2**31 - 1), n_min=st.integers(15, 40), ratio=st.integers(1, 4))
@example(seed=0, n_min=30, ratio=2)
def test_box_distin_same_with_two_jobs(seed: int, n_min: int, ratio: int) -> None:
    X, y, _ = augmented_box(np.random.default_rng(seed).normal(size=(n_min, 12)), ratio, k=5, seed=seed)
    one = box_distin_smote(X, y, k=5, release="decimals:6", n_jobs=1)
    with many_ranges():
        two = box_distin_smote(X, y, k=5, release="decimals:6", n_jobs=2)
    assert _distin_view(two) == _distin_view(one)
    assert (one.verdicts == "synthetic").sum() > 0


@FEW
@given(seed=st.integers(0, 2**31 - 1), n_min=st.integers(8, 30), d=st.integers(2, 5), bad=st.booleans())
@example(seed=0, n_min=20, d=3, bad=False)
@example(seed=1, n_min=10, d=2, bad=True)
def test_verify_same_with_two_jobs(seed: int, n_min: int, d: int, bad: bool) -> None:
    X, y, (Xr, yr) = augmented(seed, n_min, d)
    if bad:
        Xr = Xr.copy()
        Xr[len(X) :: 3, 0] += 0.25  # some rows off their segments: diagnosed, in row order
    one = verify_smote(X, y, Xr, yr, n_jobs=1)
    with many_ranges():
        two = verify_smote(X, y, Xr, yr, n_jobs=2)
    assert two.certificates == one.certificates
    assert two.checks == one.checks
    assert one.ok is not bad
