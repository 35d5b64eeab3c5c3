"""Lemma 13's float certificate inside FastKernel: `witness_pairs` and `on_line_many` answer as the exact tube tests do."""

from fractions import Fraction

import numpy as np
import pytest
from scipy.spatial import cKDTree

from refimpl import SMOTE
from refimpl.kernels import FastKernel, TubeKernel
from refimpl.kernels.accept import projection_lambda, tube_accept


def _smote_rows(seed: int, d: int, scale: float, decimals: int | None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, d)) * scale
    y = np.r_[np.ones(30, int), np.zeros(30, int)]
    Xr, _ = SMOTE(k_neighbors=5, random_state=seed, sampling_strategy={1: 300}).fit_resample(X, y)
    S = Xr[len(y) :]
    S = np.round(S, decimals) if decimals is not None else S
    S = np.vstack([S, S[:5]])  # repeated rows: never "between", and a = b is never a line
    return np.asarray(S, dtype=np.float64)


CASES = [
    (0, 2, 1.0, None, None),
    (1, 5, 1e-300, None, None),
    (2, 8, 1e150, None, None),
    (3, 20, 1.0, None, None),
    (4, 4, 1.0, 6, "decimals:6"),
]


@pytest.mark.parametrize(("seed", "d", "scale", "decimals", "release"), CASES)
def test_witness_pairs_are_between_any_pairs(
    seed: int, d: int, scale: float, decimals: int | None, release: str | None
) -> None:
    S = _smote_rows(seed, d, scale, decimals)
    fast = FastKernel(S, release=release)
    tube = TubeKernel(S, release=release)
    _, C = cKDTree(S).query(S, k=9)
    P = np.arange(len(S), dtype=np.intp)
    C = np.asarray(C[:, 1:], dtype=np.intp)
    want = np.array(
        [(w.a, w.b) if w is not None else (-1, -1) for w in tube.between_any(P, C)], dtype=np.intp
    )
    got = fast.witness_pairs(P, C)
    assert (want[:, 0] >= 0).sum() > 0
    assert np.array_equal(got, want)
    assert np.array_equal(
        got, np.array([(w.a, w.b) if w is not None else (-1, -1) for w in fast.between_any(P, C)])
    )


@pytest.mark.parametrize(("seed", "d", "scale", "decimals", "release"), CASES)
def test_on_line_many_is_on_line(
    seed: int, d: int, scale: float, decimals: int | None, release: str | None
) -> None:
    S = _smote_rows(seed, d, scale, decimals)
    fast = FastKernel(S, release=release)
    rng = np.random.default_rng(seed)
    P, A, B = (rng.integers(0, len(S), size=400).astype(np.intp) for _ in range(3))
    # and triples that are on a line: each row with its first witness pair
    _, C = cKDTree(S).query(S, k=9)
    W = fast.witness_pairs(np.arange(len(S), dtype=np.intp), np.asarray(C[:, 1:], dtype=np.intp))
    hit = np.flatnonzero(W[:, 0] >= 0)
    P, A, B = np.r_[P, hit], np.r_[A, W[hit, 0]], np.r_[B, W[hit, 1]]
    B[:5] = A[:5]  # a = b: never on a line
    got = fast.on_line_many(P, A, B)
    want = [TubeKernel.on_line(fast, int(p), int(a), int(b)) for p, a, b in zip(P, A, B, strict=True)]
    assert got.tolist() == want
    assert any(want) and not all(want)


def test_tube_accept_never_accepts_a_failing_triple() -> None:
    # p off the line by 1e-12 of the scale; ρ_p of one coordinate set just below (fails) or at its exact slack
    rng = np.random.default_rng(5)
    wrong = 0
    fails = 0
    for _ in range(500):
        d = int(rng.integers(1, 5))
        a, b = rng.normal(size=d), rng.normal(size=d)
        lam = float(rng.uniform(0, 1))
        p = a + lam * (b - a) + rng.normal(size=d) * 1e-12
        L = Fraction(lam)
        slack = [
            abs(Fraction(p[j]) - Fraction(a[j]) - L * (Fraction(b[j]) - Fraction(a[j]))) for j in range(d)
        ]
        for step in (-1.0, 1.0):
            rp = np.array([float(np.nextafter(float(s), step * np.inf)) for s in slack])
            rp = np.maximum(rp, 0.0)
            exact = all(Fraction(rp[j]) >= slack[j] for j in range(d))
            X, R = np.vstack([p, a, b]), np.vstack([rp, np.zeros(d), np.zeros(d)])
            ok = bool(tube_accept(X, R, np.array([0]), np.array([1]), np.array([2]), np.array([lam]))[0])
            wrong += ok and not exact
            fails += not exact
    assert fails > 0
    assert wrong == 0


def test_projection_lambda_of_a_point_on_the_segment() -> None:
    X = np.array([[0.25, 0.25], [0.0, 0.0], [1.0, 1.0]])
    assert projection_lambda(X, np.array([0]), np.array([1]), np.array([2])).tolist() == [0.25]
