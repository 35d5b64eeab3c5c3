"""Kill tests for Lemma 13's float certificate (`refimpl.kernels.accept`): it never accepts a
triple the exact tube inequality rejects (tight radii on all three rows, λ outside [0, 1],
every magnitude, and the subnormal range where only the 8η term separates them), it does
accept genuine SMOTE triples, and it keeps the shapes and the silence it promises."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl.kernels import TubeKernel
from refimpl.kernels.accept import ACCEPT_ETA8, projection_lambda, tube_accept

ETA = 2.0**-1074


def _exact_ok(p, a, b, rp, ra, rb, lam) -> bool:  # type: ignore[no-untyped-def]
    L = Fraction(float(lam))
    for j in range(len(p)):
        r = Fraction(p[j]) - Fraction(a[j])
        d = Fraction(b[j]) - Fraction(a[j])
        if abs(r - L * d) > Fraction(rp[j]) + abs(1 - L) * Fraction(ra[j]) + abs(L) * Fraction(rb[j]):
            return False
    return True


def _one(p, a, b, rp, ra, rb, lam) -> bool:  # type: ignore[no-untyped-def]
    X, R = np.vstack([p, a, b]), np.vstack([rp, ra, rb])
    return bool(tube_accept(X, R, np.array([0]), np.array([1]), np.array([2]), np.array([lam]))[0])


@settings(deadline=None, max_examples=60)
@given(
    seed=st.integers(0, 2**16),
    exponent=st.integers(-300, 300),
    d=st.integers(1, 5),
    lam=st.floats(-0.5, 1.5),
    step=st.sampled_from([-1, 1]),
)
@example(seed=0, exponent=0, d=3, lam=0.3, step=-1)  # ρ_p just below the slack: must be refused
@example(seed=1, exponent=0, d=2, lam=1.4, step=-1)  # beyond b: the ρ_a term has weight λ − 1
@example(seed=2, exponent=-250, d=4, lam=-0.4, step=1)  # before a, tiny rows: weight 1 − λ > 1
def test_tight_radii_on_every_row_are_never_certified_wrongly(
    seed: int, exponent: int, d: int, lam: float, step: int
) -> None:
    rng = np.random.default_rng(seed)
    sc = 10.0**exponent
    a, b = rng.normal(size=d) * sc, rng.normal(size=d) * sc
    with np.errstate(all="ignore"):
        p = a + lam * (b - a) + rng.normal(size=d) * sc * 1e-12
    ra, rb = np.abs(rng.normal(size=d)) * sc * 1e-13, np.abs(rng.normal(size=d)) * sc * 1e-13
    L = Fraction(lam)
    slack = [
        abs(Fraction(p[j]) - Fraction(a[j]) - L * (Fraction(b[j]) - Fraction(a[j])))
        - abs(1 - L) * Fraction(ra[j])
        - abs(L) * Fraction(rb[j])
        for j in range(d)
    ]
    rp = np.array([max(float(s), 0.0) for s in slack])
    j = int(rng.integers(0, d))
    rp[j] = max(float(np.nextafter(rp[j], step * np.inf)), 0.0)
    assert _exact_ok(p, a, b, rp, ra, rb, lam) or not _one(p, a, b, rp, ra, rb, lam)


def test_in_the_subnormal_range_the_eight_eta_term_decides() -> None:
    # d = 3η, λ = 0.3: λ·d = 0.9η rounds to η, so the float residual |η − η| = 0 while the
    # exact one is 0.1η > 0 = every radius. Only the 8η term keeps this from being accepted.
    p, a, b = np.array([ETA]), np.array([0.0]), np.array([3 * ETA])
    zero = np.zeros(1)
    assert not _exact_ok(p, a, b, zero, zero, zero, 0.3)
    assert not _one(p, a, b, zero, zero, zero, 0.3)
    # with a radius of 9η the inequality holds with room for the margin: accepted
    nine = np.array([9 * ETA])
    assert ACCEPT_ETA8 == 8 * ETA and _exact_ok(p, a, b, nine, zero, zero, 0.3)
    assert _one(p, a, b, nine, zero, zero, 0.3)


def _smote_triples(seed: int, n: int, d: int, scale: float) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, d)) * scale + 3 * scale
    B = A + rng.normal(size=(n, d)) * scale
    S = A + rng.uniform(size=(n, 1)) * (B - A)  # float SMOTE steps
    X = np.vstack([A, B, S])
    P, Ai, Bi = np.arange(2 * n, 3 * n), np.arange(n), np.arange(n, 2 * n)
    return X, P, Ai, Bi


def test_genuine_smote_triples_are_accepted_and_off_line_ones_are_not() -> None:
    # (below about 1e-154 ⟨d, d⟩ underflows and projection_lambda is NaN: those go to the exact test)
    for scale, d in ((1.0, 3), (1e-100, 8), (1e100, 20)):
        X, P, A, B = _smote_triples(7, 200, d, scale)
        kern = TubeKernel(X)
        lam = projection_lambda(X, P, A, B)
        ok = tube_accept(X, kern.rho_up, P, A, B, lam)
        assert ok.mean() > 0.85  # the certificate is worth having: almost every SMOTE row passes
        # the same rows moved off their line by a millionth of the scale: none passes, row by row
        X2 = X.copy()
        X2[P[::2]] += scale * 1e-6
        ok2 = tube_accept(X2, kern.rho_up, P, A, B, projection_lambda(X2, P, A, B))
        assert not ok2[::2].any() and ok2[1::2].mean() > 0.85
        for t in np.flatnonzero(ok).tolist():
            assert _exact_ok(
                X[P[t]], X[A[t]], X[B[t]], kern.rho_up[P[t]], kern.rho_up[A[t]], kern.rho_up[B[t]], lam[t]
            )


def test_projection_lambda_away_from_the_origin() -> None:
    X = np.array([[3.5, -1.5], [3.0, -2.0], [5.0, 0.0]])  # p = a + 0.25(b − a), a ≠ 0
    assert projection_lambda(X, np.array([0]), np.array([1]), np.array([2])).tolist() == [0.25]


def test_empty_input_and_overflow_stay_quiet() -> None:
    X = np.array([[1.0, 2.0], [1e308, -1e308], [-1e308, 1e308]])
    R = np.zeros_like(X)
    none = np.zeros(0, dtype=np.intp)
    assert tube_accept(X, R, none, none, none, np.zeros(0)).shape == (0,)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow inside must neither warn nor raise
        lam = projection_lambda(X, np.array([0]), np.array([1]), np.array([2]))
        got = tube_accept(X, R, np.array([0]), np.array([1]), np.array([2]), lam)
    assert got.tolist() == [False] and got.dtype == bool
