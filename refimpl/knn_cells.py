"""Approximate m-nearest lists by inverted cells, for large data in dimensions where a KD-tree degenerates.

A candidate search only chooses which pairs a kernel tests, never a decision (Lemma 1's
witnesses are certified by the kernel whatever chose them). Where `refimpl.knn_eps.search_eps`
already allows an approximate list, a (1 + eps) KD-tree search still visits a large share of
the leaves: at d = 20 it took 20.5 CPU s for 1.1·10^5 rows and was estimated at about 510 s
for 1.1·10^6. This module answers the same question with faiss's inverted-file index: the
rows are split into about n / `CELL_ROWS` cells by k-means, and each query scans only its
`PROBES` nearest cells. Measured on bench/scale.py's data (d = 20, 1:10 real to synthetic,
k = 5, 24 candidates), the points left without a witness after the first pass were 21,829
of 110,000 (an exact search leaves 20,755; KD eps = 2 leaves 22,024) at 3.4 CPU s.

The lists are not (1 + eps)-approximate: no bound on how far a missed neighbour is follows
from the cells. So a caller that needs a lower bound on the m-th distance (the Lemma 6(c)
rates) takes it from `refimpl.knn_eps.subset_reach_lower` instead. Each query is answered
on its own, so the lists do not depend on the thread count; the cells depend on the rows
alone (k-means from a fixed seed on a fixed sample).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.knn_eps import search_eps

#: Mean rows per cell (faiss's nlist = n / CELL_ROWS).
CELL_ROWS = 256
#: Cells each query scans: 8 of about n / 256 (measured above; 16 probes of 128-row cells
#: left 214,852 of 1.1·10^6 rows witness-less at 81 CPU s, 8 of 256-row ones 245,678 at 60 s).
PROBES = 8
#: k-means training rows per cell (faiss's max_points_per_centroid): a sample, so that the
#: training costs 1.4 s at 1.1·10^6 rows.
TRAIN_PER_CELL = 32
#: faiss's k-means seed: the cells, hence the lists, are a function of the rows.
SEED = 1
#: Fewest rows for which the cells are used: below, the KD-tree's (1 + eps) search is cheap
#: (0.7 s for 23,729 rows at d = 20) and its lists carry the (1 + eps) guarantee.
CELL_MIN_ROWS = 1 << 15
#: Coordinates gathered at once when the lists are sorted (2^22 float64 values, 32 MiB).
SORT_VALUES = 1 << 22


@cache
def available() -> bool:
    """True if faiss (the ``scale`` extra, ``pip install smote-refimpl[scale]``) can be imported."""
    return importlib.util.find_spec("faiss") is not None


def cells_apply(n: int, d: int) -> bool:
    """True where an approximate search over n rows in d dimensions uses the cells: faiss present, `search_eps` > 0 and n ≥ `CELL_MIN_ROWS`."""
    return n >= CELL_MIN_ROWS and search_eps(n, d) > 0 and available()


def _faiss() -> Any:
    import faiss

    return faiss


def nearest_by_cells(
    points: npt.NDArray[np.float64], rows: npt.NDArray[np.intp], m: int, jobs: int = 1, probes: int = PROBES
) -> npt.NDArray[np.intp]:
    """Approximate m nearest of all ``points`` to each of ``rows`` (self excluded by index), ordered by (float distance, id); candidates only.

    Needs 1 ≤ m ≤ len(points) − 1. The rows are centred before the float32 conversion faiss
    needs (rows at 1e8 with a spread of 1e-6 keep their relative positions). A query whose
    probed cells hold fewer than m other rows is asked again with twice the probes. ``jobs``
    threads share the queries; the lists do not depend on it. ``probes``: cells scanned per
    query (default `PROBES`).
    """
    faiss = _faiss()
    n, d = points.shape
    X32 = np.ascontiguousarray(points - points.mean(axis=0), dtype=np.float32)
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(max(1, jobs))
    try:
        index = faiss.IndexIVFFlat(faiss.IndexFlatL2(d), d, max(1, n // CELL_ROWS))
        index.cp.seed = SEED
        index.cp.max_points_per_centroid = TRAIN_PER_CELL
        index.train(X32)
        index.add(X32)
        out = np.empty((len(rows), m), dtype=np.intp)
        todo = np.arange(len(rows), dtype=np.intp)
        while len(todo):
            index.nprobe = min(probes, index.nlist)
            _, found = index.search(X32[rows[todo]], m + 1)
            found = np.asarray(found, dtype=np.intp)
            keep = (found >= 0) & (found != rows[todo][:, None])
            full = keep.sum(axis=1) >= m
            if index.nprobe == index.nlist:
                full[:] = True  # every cell scanned: m + 1 ≤ n rows were there to return
            first = np.argsort(~keep[full], axis=1, kind="stable")[:, :m]  # kept entries, in faiss's order
            out[todo[full]] = np.take_along_axis(found[full], first, axis=1)
            todo = todo[~full]
            probes *= 2
    finally:
        faiss.omp_set_num_threads(before)
    # nearest first by the float64 distance, ties by id (faiss ranks by float32 values)
    step = max(1, SORT_VALUES // max(1, m * d))
    for a in range(0, len(rows), step):
        diff = points[out[a : a + step]] - points[rows[a : a + step]][:, None, :]
        order = np.lexsort((out[a : a + step], np.einsum("ijk,ijk->ij", diff, diff)), axis=1)
        out[a : a + step] = np.take_along_axis(out[a : a + step], order, axis=1)
    return out


__all__ = ["CELL_MIN_ROWS", "CELL_ROWS", "PROBES", "available", "cells_apply", "nearest_by_cells"]
