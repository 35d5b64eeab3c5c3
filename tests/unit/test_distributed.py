"""refimpl.distributed: Lemma H's pieces on their own, then DistinSMOTE on a 2-worker LocalCluster against distin_smote."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from refimpl.attacks.distin import _nearest_of, distin_smote, nearest_ids
from refimpl.distributed import (
    block_first_pass,
    distance_bound_factors,
    distin_smote_dask,
    halo,
    sample_radii,
    spatial_blocks,
)
from refimpl.errors import InvalidParameter
from refimpl.kernels import make_kernel
from refimpl.smote import SMOTE

distributed = pytest.importorskip(
    "distributed", reason="refimpl.distributed needs the 'distributed' extra (dask[distributed])"
)


def _lattice(seed: int, n: int, d: int) -> np.ndarray:
    """Distinct integer points: many equal distances, so ties at every rank, the m-th included."""
    rng = np.random.default_rng(seed)
    return np.unique(rng.integers(0, 4, size=(n, d)).astype(np.float64), axis=0)


def _smote_data(seed: int, n_min: int, d: int, *, lattice: bool = False) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    Xmin = rng.integers(0, 6, size=(n_min, d)).astype(float) if lattice else rng.normal(size=(n_min, d))
    Xmaj = rng.normal(size=(4 * n_min, d))
    X = np.vstack([Xmaj, Xmin])
    y = np.r_[np.zeros(len(Xmaj), int), np.ones(n_min, int)]
    return SMOTE(k_neighbors=5, random_state=seed).fit_resample(X, y)


# -- Lemma H(e): one order, whichever tree holds the rows -----------------------------------


@given(seed=st.integers(0, 2**16), n=st.integers(3, 80), d=st.integers(1, 4), m=st.integers(1, 12))
@example(seed=0, n=60, d=2, m=4)  # a small grid: ties at the m-th distance
@example(seed=1, n=3, d=1, m=12)  # m ≥ rows − 1: every other row
@example(seed=2, n=80, d=1, m=1)  # on a line: two neighbours at one distance
def test_nearest_ids_on_a_superset_of_the_answer_equals_the_full_tree(
    seed: int, n: int, d: int, m: int
) -> None:
    X = _lattice(seed, n, d)
    n = len(X)
    if n < 2:
        return
    m = min(m, n - 1)
    every = np.arange(n, dtype=np.intp)
    full = nearest_ids(cKDTree(X), X, every, every, m)
    # the order is (distance, id): ids nondecreasing within each run of equal distances
    dist = np.sqrt(((X[full] - X[:, None, :]) ** 2).sum(-1))
    assert np.all(np.diff(dist, axis=1) >= 0)
    ties = np.diff(dist, axis=1) == 0
    assert np.all(np.diff(full, axis=1)[ties] > 0)
    # a tree on any superset of a query's answer (here: the answer, the query, a few others)
    rng = np.random.default_rng(seed)
    for q in rng.choice(n, size=min(n, 5), replace=False).tolist():
        rows = np.unique(np.r_[full[q], q, rng.choice(n, size=min(n, 3), replace=False)]).astype(np.intp)
        pos = int(np.searchsorted(rows, q))
        got = nearest_ids(cKDTree(X[rows]), X[[q]], np.arange(len(rows), dtype=np.intp), np.array([pos]), m)
        assert rows[got[0]].tolist() == full[q].tolist()


# -- Lemma H(c): the float distance bounds the exact one -------------------------------------


@given(seed=st.integers(0, 2**16), d=st.integers(1, 12), scale=st.sampled_from([1.0, 1e-160, 1e-310, 1e150]))
@example(seed=0, d=3, scale=1e-310)  # subnormal differences and squares that underflow
@example(seed=1, d=12, scale=1.0)
@example(seed=2, d=1, scale=1e150)
def test_distance_bound_covers_the_exact_distance(seed: int, d: int, scale: float) -> None:
    rng = np.random.default_rng(seed)
    P = rng.normal(size=(20, d)) * scale
    F, A = distance_bound_factors(d)
    assert F > 1 and A > 0
    dist, idx = cKDTree(P).query(P, k=min(5, len(P)))
    for i in range(len(P)):
        for dh, j in zip(np.atleast_1d(dist[i]).tolist(), np.atleast_1d(idx[i]).tolist(), strict=True):
            exact2 = sum((Fraction(a) - Fraction(b)) ** 2 for a, b in zip(P[i], P[j], strict=True))
            bound = Fraction(F) * Fraction(dh) + Fraction(A)
            assert exact2 <= bound * bound


# -- Lemma H(d): settled queries get the full tree's list from their block ------------------


@pytest.mark.parametrize(("lattice", "quantile"), [(False, 0.99), (False, 0.5), (True, 0.9)])
def test_a_block_gives_its_settled_rows_the_full_trees_lists(lattice: bool, quantile: float) -> None:
    rng = np.random.default_rng(3)
    X = _lattice(3, 900, 3) if lattice else rng.normal(size=(900, 3))
    m = 6
    every = np.arange(len(X), dtype=np.intp)
    full = nearest_ids(cKDTree(X), X, every, every, m)
    own = _nearest_of(X, every, m)
    kern = make_kernel("fast", X)
    settled = 0
    parts = spatial_blocks(X, 4)
    assert sorted(np.concatenate(parts).tolist()) == every.tolist()  # a partition
    for q in parts:
        hb = halo(X, q, sample_radii(X[q], m), quantile)
        assert set(hb.rows[hb.queries].tolist()) == set(q.tolist())
        ids, C, ws, rest = block_first_pass(kern.restrict(hb.rows), hb.rows, hb.queries, hb.L, hb.U, m)
        assert set(ids.tolist()) | set(rest.tolist()) == set(q.tolist())
        assert np.array_equal(C, full[ids])
        assert np.array_equal(C, own[ids])  # and distin_smote's own lists (Lemma H(f))
        assert ws == kern.between_any(ids, full[ids])
        settled += len(ids)
    # a lattice ties every row's distances: all its rows go to the client (Lemma H(f))
    assert settled == 0 if lattice else settled > len(X) // 2


def test_restrict_keeps_the_global_parameters() -> None:
    X = np.random.default_rng(4).normal(size=(40, 3))
    kern = make_kernel("fast", X, release="decimals:6")
    rows = np.array([1, 5, 7, 30], dtype=np.intp)
    sub = kern.restrict(rows)
    assert np.array_equal(sub.points, X[rows])
    assert np.array_equal(sub.tube_radius(), kern.tube_radius()[rows])  # type: ignore[index]
    assert sub.column_range == kern.column_range  # type: ignore[attr-defined]
    for p, a, b in [(0, 1, 2), (1, 0, 3), (2, 3, 0)]:
        w, v = sub.between(p, a, b), kern.between(int(rows[p]), int(rows[a]), int(rows[b]))
        assert (w is None) == (v is None)
        if w is not None and v is not None:
            assert (w.lam_lo, w.lam_hi) == (v.lam_lo, v.lam_hi)


def test_spatial_blocks_refuse_a_bad_count() -> None:
    with pytest.raises(InvalidParameter, match="blocks"):
        spatial_blocks(np.zeros((3, 2)), 0)
    assert len(spatial_blocks(np.zeros((3, 2)), 8)) <= 3  # never an empty block


# -- the whole attack on a 2-worker LocalCluster ---------------------------------------------


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert a.verdicts.tolist() == b.verdicts.tolist()
    assert a.witnesses == b.witnesses  # rows and exact λ-intervals
    assert a.reasons == b.reasons
    assert a.notes == b.notes
    assert a.index.tolist() == b.index.tolist()


@pytest.mark.parametrize(
    ("seed", "n_min", "d", "lattice", "release", "blocks"),
    [
        (0, 300, 4, False, None, 4),  # continuous: n ≥ 2^d, exact search in both
        (1, 200, 3, True, None, 3),  # integer parents: ties, lattice and collinear real rows
        (2, 250, 3, False, "decimals:6", 5),  # a release model: the kernel's widened global parameters
    ],
)
def test_dask_equals_single_process(
    client, seed: int, n_min: int, d: int, lattice: bool, release, blocks: int
) -> None:  # type: ignore[no-untyped-def]
    X, y = _smote_data(seed, n_min, d, lattice=lattice)
    one = distin_smote(X, y, minority=1, release=release)
    many = distin_smote_dask(X, y, client, minority=1, release=release, blocks=blocks)
    _same(one, many)
    st_ = many.blocks
    assert len(st_.block_rows) == blocks and sum(st_.block_rows) == len(np.unique(X[y == 1], axis=0))
    assert "halos of" in st_.summary()
    assert (one.verdicts == "synthetic").sum() > 0


def test_dask_refuses_a_bad_quantile_and_notes_forced_exact_search(client) -> None:  # type: ignore[no-untyped-def]
    X, y = _smote_data(5, 40, 8)  # 2^8 > rows: distin_smote searches approximately
    with pytest.raises(InvalidParameter, match="halo_quantile"):
        distin_smote_dask(X, y, client, minority=1, halo_quantile=0)
    res = distin_smote_dask(X, y, client, minority=1, blocks=2)
    assert any("searched candidates exactly" in n for n in res.notes)


# -- the CLI: distinguish --scheduler ----------------------------------------------------------


def test_cli_scheduler_gives_the_same_verdict_file(client, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from refimpl.cli import main

    X, y = _smote_data(6, 120, 3)
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).assign(label=y)
    frame.to_csv(tmp_path / "aug.csv", index=False)
    base = ["distinguish", str(tmp_path / "aug.csv"), "--target", "label", "--minority", "1"]
    assert main([*base, "-o", str(tmp_path / "one.csv")]) == 0
    assert main([*base, "--scheduler", client.scheduler.address, "-o", str(tmp_path / "dask.csv")]) == 0
    assert (tmp_path / "one.csv").read_text() == (tmp_path / "dask.csv").read_text()
    capsys.readouterr()
    assert (
        main(
            [
                *base,
                "--scheduler",
                client.scheduler.address,
                "--geometry",
                "box",
                "-o",
                str(tmp_path / "b.csv"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "segment geometry only" in err and len(err.strip().splitlines()) == 1
    for extra in (["--family", "removal"], ["--parents", "all"], ["--categorical-features", "c"]):
        assert (
            main([*base, "--scheduler", client.scheduler.address, *extra, "-o", str(tmp_path / "x.csv")]) == 2
        )
        err = capsys.readouterr().err
        assert "minority-parent SMOTE attack only" in err and len(err.strip().splitlines()) == 1


def test_dask_equals_single_process_on_float32_far_rows_and_with_jobs(client) -> None:  # type: ignore[no-untyped-def]
    # main's adversarial fixes run on the client for both first passes: float32 arithmetic
    # (model_of), far-from-origin rows (Lemma 6(c) rates, distances that collide: ties), n_jobs
    X, y = _smote_data(8, 150, 3)
    X32 = X.astype(np.float32)
    _same(distin_smote(X32, y, minority=1), distin_smote_dask(X32, y, client, minority=1, blocks=3))
    far = X * 1e-6 + 1e8
    one = distin_smote(far, y, minority=1)
    many = distin_smote_dask(far, y, client, minority=1, blocks=3, n_jobs=2)
    _same(one, many)
    assert many.blocks.client_queries > 0  # tied float distances: searched on the client
    assert (one.verdicts == "synthetic").sum() == 0 and (one.verdicts == "real").sum() > 0


def test_connect_names_what_to_do_when_no_scheduler_answers() -> None:
    from refimpl.distributed import connect

    with pytest.raises(InvalidParameter, match="dask scheduler"):
        connect("tcp://127.0.0.1:9", timeout=1)


@pytest.mark.parametrize("kernel", ["exact", "tube"])
def test_dask_equals_single_process_with_other_kernels_and_exact_rows(client, kernel: str) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    X = np.vstack([rng.normal(size=(200, 2)), rng.normal(size=(40, 2)) + 1])
    y = np.r_[np.zeros(200, dtype=int), np.ones(40, dtype=int)]
    arithmetic = "exact" if kernel == "exact" else "float64"
    Xr, yr = SMOTE(k_neighbors=3, random_state=7, arithmetic=arithmetic).fit_resample(X, y)
    one = distin_smote(Xr, yr, minority=1, k=3, kernel=kernel)
    many = distin_smote_dask(Xr, yr, client, minority=1, k=3, kernel=kernel, blocks=3)
    _same(one, many)
    assert (one.verdicts == "synthetic").sum() > 0
