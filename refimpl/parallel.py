"""``n_jobs``: how many cores an attack or the checker may use, and the one way work is split over them.

Semantics are scikit-learn's (joblib's): ``None`` and ``1`` mean one core, ``-1`` every core
this process may run on, ``-2`` all but one, and so on (never fewer than one); ``0``, a bool,
a float or a string is refused with `refimpl.errors.InvalidParameter`. `resolve_n_jobs` is the
only place that reads an ``n_jobs`` value; everything else receives its resolved count.

Two kinds of parallel work, and why each runs where it does:

* neighbour searches pass the count to ``cKDTree.query(workers=…)``: scipy runs the queries
  in C++ threads, each query independently, so the answer does not depend on the count;
* the per-point exact checks (Fractions and Python integers, which hold the GIL) run in forked
  worker processes by `map_ranges`: the work is cut into contiguous index ranges, each range is
  handed to a child that inherited the caller's objects at fork time (nothing is pickled on the
  way in), and the results come back in range order. A computation whose answer for index i
  depends only on i's own inputs therefore returns exactly what one process returns; that is
  the only kind of work given to `map_ranges`.

Where the ``fork`` start method is unavailable (Windows), or inside a worker (no nested pools),
the ranges run one after another in the calling process: same answer, one core.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from refimpl.errors import InvalidParameter

_T = TypeVar("_T")

#: Fewest indices per range worth a worker process: below it the fork and the pickling of the
#: results cost more than the work (a tuning choice, not a tolerance; tests lower it to 1).
MIN_RANGE = 2048

#: Ranges per worker: more, smaller ranges even out their unequal costs (points with and
#: without a witness differ by m²/2 pair tests).
RANGES_PER_JOB = 4

_TASK: Callable[[int, int], Any] | None = None  # what a forked worker runs (set before the fork)
_IN_WORKER = False
_FORK_LOCK = threading.Lock()  # two threads of the caller must not fork with each other's task


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS reports it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def resolve_n_jobs(n_jobs: object) -> int:
    """The number of cores ``n_jobs`` asks for, scikit-learn's convention; InvalidParameter for a bad value."""
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or (not isinstance(n_jobs, int) and not _is_numpy_int(n_jobs)):
        raise InvalidParameter(
            f"n_jobs (--jobs) must be an integer (1 = one core, -1 = every core, -2 = all but one) or None, got {n_jobs!r}"
        )
    n: int = int(n_jobs)  # type: ignore[call-overload]
    if n == 0:
        raise InvalidParameter("n_jobs (--jobs) 0 asks for no core; use 1 for one core or -1 for every core")
    if n > 0:
        return n
    return max(1, available_cores() + 1 + n)  # -1 → all, -2 → all but one


def _is_numpy_int(v: object) -> bool:
    import numpy as np

    return isinstance(v, np.integer)


def ranges(n: int, jobs: int, min_range: int | None = None) -> list[tuple[int, int]]:
    """[start, stop) ranges covering range(n): one when ``jobs`` is 1 or n is small, else up to RANGES_PER_JOB·jobs."""
    least = MIN_RANGE if min_range is None else min_range
    parts = 1 if jobs <= 1 else max(1, min(jobs * RANGES_PER_JOB, n // max(1, least)))
    if n == 0:
        return []
    step, extra = divmod(n, parts)
    out, start = [], 0
    for i in range(parts):
        stop = start + step + (1 if i < extra else 0)
        out.append((start, stop))
        start = stop
    return out


def _run(bounds: tuple[int, int]) -> Any:
    assert _TASK is not None  # set by map_ranges before the pool forks this worker
    return _TASK(*bounds)


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


def map_ranges(task: Callable[[int, int], _T], bounds: Sequence[tuple[int, int]], jobs: int) -> list[_T]:
    """``[task(a, b) for a, b in bounds]``, run in up to ``jobs`` forked processes when there are several ranges.

    ``task`` may be any closure: the workers inherit it by fork, so only its results are
    pickled. It must not rely on side effects in the caller's objects (a worker's changes stay
    in the worker). Results are in the order of ``bounds``.
    """
    global _TASK
    if jobs <= 1 or len(bounds) <= 1 or _IN_WORKER or "fork" not in multiprocessing.get_all_start_methods():
        return [task(a, b) for a, b in bounds]
    ctx = multiprocessing.get_context("fork")
    with _FORK_LOCK:  # the workers copy _TASK when they fork, inside the Pool constructor
        _TASK = task
        try:
            pool = ctx.Pool(min(jobs, len(bounds)), initializer=_mark_worker)
        finally:
            _TASK = None
    with pool:
        return pool.map(_run, list(bounds), chunksize=1)


def concat_ranges(task: Callable[[int, int], list[_T]], n: int, jobs: int) -> list[_T]:
    """``task(0, n)`` computed as the concatenation of ``task`` over contiguous ranges (`ranges`), in parallel."""
    out: list[_T] = []
    for part in map_ranges(task, ranges(n, jobs), jobs):
        out.extend(part)
    return out




@cache
def _controller() -> Any:
    """One threadpoolctl controller per process (finding the thread pools costs milliseconds).

    scikit-learn's k-NN is imported first, so that its OpenMP runtime is loaded and found.
    """
    try:
        import sklearn.neighbors  # noqa: F401
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        return None
    return ThreadpoolController()


@contextmanager
def one_thread() -> Iterator[None]:
    """Limit BLAS/OpenMP pools to one thread while inside: tiny k-NN fits run faster serially (and do not spin on a shared machine)."""
    ctl = _controller()
    if ctl is None:  # pragma: no cover
        yield
        return
    with ctl.limit(limits=1):
        yield


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit the BLAS pools alone to one thread while inside: `refimpl.knn_products`' small blocks run faster serially.

    Unlike `one_thread` it imports no scikit-learn (0.9 s): it looks up the BLAS libraries
    already loaded, about 0.2 ms per use.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn depends on threadpoolctl
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


__all__ = ["MIN_RANGE", "available_cores", "concat_ranges", "map_ranges", "one_blas_thread", "one_thread", "ranges", "resolve_n_jobs"]
