"""Kill tests for `TubeKernel`'s decision radius and its reports (issue 20): ``rho_up`` against
Lemma 3(d) / Lemma 6(b) computed exactly (a sound and tight upper bound, with and without a
release), the named errors with their messages, and the Lemma 6(c) notes at their thresholds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.fpformat import ARITHMETIC_MODELS
from refimpl.kernels import TubeKernel
from refimpl.release import parse_release

U = Fraction(1, 2**53)
#: rho_up is ρ's bound after six upward roundings of non-negative values (a, b·(1+u), c, R and
#: the three sums, each by `nextafter`/`float_up`: relative 2u at most): (1 + 2u)^6 < 1 + 16u
TIGHT = 1 + 16 * U


def _exact_rho(
    X: np.ndarray, column_range: list[Fraction], model: str, release: str | None
) -> list[list[Fraction]]:
    """Lemma 6(b) in Fractions: a·(|x| + ε) + b(1 + u)·(R + 2 max ε) + c + ε per coordinate (ε = 0 without a release)."""
    co = ARITHMETIC_MODELS[model]
    rel = parse_release(release)
    eps = rel.radius_up(X) if rel.kind != "none" else np.zeros_like(X)
    widen = [2 * Fraction(float(v)) for v in eps.max(axis=0)]
    R = [r + w for r, w in zip(column_range, widen, strict=True)]
    return [
        [
            co.a * (abs(Fraction(x)) + Fraction(e)) + co.b * (1 + co.unit) * R[j] + co.c + Fraction(e)
            for j, (x, e) in enumerate(zip(row, erow, strict=True))
        ]
        for row, erow in zip(X.tolist(), eps.tolist(), strict=True)
    ]


@pytest.mark.parametrize("release", [None, "decimals:6", "uniform:1e-5"])
@pytest.mark.parametrize("scale", [1.0, 1e-150, 1e200, 1e-300])
def test_rho_up_is_lemma_6b_rounded_up_by_a_few_ulps(release: str | None, scale: float) -> None:
    X = np.random.default_rng(3).normal(size=(12, 3)) * scale
    tube = TubeKernel(X, release=release)
    rng = [Fraction(float(hi)) - Fraction(float(lo)) for lo, hi in zip(X.min(0), X.max(0), strict=True)]
    exact = _exact_rho(X, rng, "float64", release)
    for i in range(len(X)):
        for j in range(X.shape[1]):
            got = Fraction(float(tube.rho_up[i, j]))
            assert exact[i][j] <= got  # sound
            if scale >= 1e-150:  # products in the normal range: each rounding is relative
                assert got <= exact[i][j] * TIGHT  # and no wider than the roundings


def test_rho_up_under_the_float32_model_and_a_given_column_range() -> None:
    X = np.random.default_rng(4).normal(size=(10, 2)).astype(np.float32).astype(np.float64)
    rng = [Fraction(5), Fraction(7)]
    tube = TubeKernel(X, model="float32-mixed", column_range=[5, 7])
    exact = _exact_rho(X, rng, "float32-mixed", None)
    for i in range(len(X)):
        for j in range(2):
            assert exact[i][j] <= Fraction(float(tube.rho_up[i, j])) <= exact[i][j] * TIGHT


def test_named_errors_say_what_is_wrong() -> None:
    X = np.zeros((4, 2))
    X[1] = 1.0
    with pytest.raises(
        InvalidParameter, match=r"^TubeKernel supports models float64, float32-mixed, not 'bf16'$"
    ):
        TubeKernel(X, model="bf16")
    with pytest.raises(ShapeMismatch, match=r"^column_range has 3 entries for 2 columns$"):
        TubeKernel(X, column_range=[1, 1, 1])
    with pytest.raises(
        InvalidInput, match=r"^column_range entries must be ≥ 0 \(max − min of each column\)$"
    ):
        TubeKernel(X, column_range=[1, -1])
    with pytest.raises(
        InvalidInput,
        match=r"^coordinates too large for a finite rounding tube \(\|x\| near the float64 maximum\)$",
    ):
        TubeKernel(np.array([[1.7e308, 0.0], [-1.7e308, 1.0], [0.0, 0.5]]))
    with pytest.raises(InvalidInput, match="column 1"):
        TubeKernel(X, column_range=[1, float("nan")])  # the bad entry is named by its column


def test_the_rounding_tube_note_appears_at_its_thresholds() -> None:
    rng = np.random.default_rng(5)
    X2 = np.c_[
        rng.uniform(size=(20, 2)) * 0.5, np.zeros(20)
    ]  # two varying columns of spread < 1, one constant
    X1 = np.c_[rng.uniform(size=(20, 1)) * 0.5, np.zeros((20, 2))]  # one varying column
    tube2, tube1 = TubeKernel(X2), TubeKernel(X1)
    one = np.r_[0.5, 0.5, np.zeros(18)]  # rates summing to exactly 1
    rep = tube2.witness_report(X2, 8, rates=one)
    assert rep.expected_false_positives == 1.0 and rep.release == "none" and rep.guarantee == "certified"
    assert len(rep.notes) == 1 and rep.notes[0].endswith(
        " verdict (refimpl.attacks.assumptions.FALSE_WITNESS_RATE)"
    )
    assert "expected real rows with a false witness ≤ 1" in rep.notes[0]
    assert tube1.witness_report(X1, 8, rates=one).notes == []  # on a line: no note
    assert tube2.witness_report(X2, 8, rates=one * 0.999).notes == []  # below 1: no note
    assert tube2.box_report().guarantee == "certified" and tube2.box_report().release == "none"


def test_the_release_notes_appear_at_their_threshold() -> None:
    rng = np.random.default_rng(6)
    X = rng.normal(size=(20, 3))
    tube = TubeKernel(X, release="uniform:1e-3")
    rates = np.r_[0.25, 0.75, np.zeros(18)]
    rep = tube.witness_report(X, 8, rates=rates)
    assert rep.expected_false_positives == 1.0
    assert rep.notes[-1].endswith(
        " called synthetic; treat 'synthetic' verdicts as unreliable at this perturbation"
    )
    assert not any("unreliable" in n for n in tube.witness_report(X, 8, rates=rates * 0.5).notes)


def test_an_estimated_release_scale_is_described() -> None:
    from refimpl import SMOTE

    rng = np.random.default_rng(7)
    X = np.vstack([rng.normal(size=(60, 3)), rng.normal(3.0, 1.0, size=(30, 3))])
    y = np.r_[np.zeros(60, int), np.ones(30, int)]
    Xr, yr = SMOTE(random_state=0).fit_resample(X, y)
    M = np.round(Xr[yr == 1], 4)
    tube = TubeKernel(M, release="unknown")
    rep = tube.witness_report(M, 8)
    est = tube.release_estimate
    assert est is not None
    want = "two separated groups" if est.separated else "no clear separation: every residual taken as noise"
    assert any(want in n and "release scale estimated from the data" in n for n in rep.notes)


def test_an_empty_table_has_zero_ranges_and_a_constant_zero_column_gets_the_underflow_term() -> None:
    from refimpl.fpformat import ARITHMETIC_MODELS
    from refimpl.kernels.tube_kernel import column_ranges

    assert column_ranges(np.zeros((0, 3))) == [Fraction(0)] * 3
    # a column of zeros: |x| = 0 and R = 0, so Lemma 3(d)'s radius there is c alone
    X = np.c_[np.random.default_rng(8).normal(size=(6, 2)), np.zeros(6)]
    tube = TubeKernel(X)
    c = ARITHMETIC_MODELS["float64"].c
    assert c == Fraction(1, 2**1074)  # one subnormal step η
    # relative bounds do not hold among subnormals: each upward rounding of the three sums
    # (a·0, then + b·0, then + c) moves one step up from an exact sum, 0 -> η, η + η -> 3η,
    # 3η + η -> 5η: ρ_up = c + 4η, sound and a fixed few steps wide
    assert all(Fraction(float(v)) == 5 * c for v in tube.rho_up[:, 2])
