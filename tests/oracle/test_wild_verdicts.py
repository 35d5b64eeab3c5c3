"""Issue 15's four confident wrong verdicts, pinned: each case once made DistinSMOTE call real rows
"synthetic" with a certificate; now it says what it cannot know (Lemma 1, proofs/01_interior.py)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.attacks import distin_smote
from refimpl.attacks.assumptions import GENERAL_POSITION, simple_fraction_in
from refimpl.attacks.scoring import distin_scores
from refimpl.box_smote import augmented_box
from refimpl.errors import ImplausibleEstimate


def _real_verdicts(seed: int, n_real: int, n_syn: int, d: int, kernel: str = "fast") -> list[str]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3 * n_real, d))
    y = np.r_[np.ones(n_real, int), np.zeros(2 * n_real, int)]
    Xr, yr = SMOTE(k_neighbors=5, random_state=seed, sampling_strategy={1: n_real + n_syn}).fit_resample(X, y)
    real = np.arange(len(yr)) < len(y)
    res = distin_smote(Xr, yr, minority=1, k=5, kernel=kernel)
    return [str(v) for v in res.verdicts[real[res.index]]]


@pytest.mark.parametrize("kernel", ["fast", "exact"])
def test_d1_no_real_row_is_called_synthetic(kernel: str) -> None:
    """Issue 15 case 1: 20 real and 40 synthetic rows on a line; 18 real rows were 'synthetic'."""
    v = _real_verdicts(0, 20, 40, 1, kernel)
    assert "synthetic" not in v
    assert v.count("real") == 2  # the two extremes: SMOTE never leaves its parents' segment


@given(seed=st.integers(0, 2**16), n_real=st.integers(6, 15))
@example(seed=0, n_real=6)
def test_minority_on_a_line_in_the_plane_is_ambiguous_between_extremes(seed: int, n_real: int) -> None:
    """The same on a line embedded in d = 3: no off-line evidence can exist, so no 'synthetic'."""
    rng = np.random.default_rng(seed)
    t = rng.normal(size=(n_real, 1))
    X = np.vstack([t * np.array([[1.0, 2.0, -0.5]]) + np.array([[3.0, 0.0, 1.0]]), rng.normal(size=(2 * n_real, 3))])
    y = np.r_[np.ones(n_real, int), np.zeros(2 * n_real, int)]
    Xr, yr = SMOTE(k_neighbors=3, random_state=seed).fit_resample(X, y)
    real = np.arange(len(yr)) < len(y)
    res = distin_smote(Xr, yr, minority=1, k=3)
    assert not ((res.verdicts == "synthetic") & real[res.index]).any()


def test_exact_input_lattice_rule_uses_exact_values() -> None:
    """Issue 15 case 2: exact SMOTE at 1e8 ± 1e-6; float images collided and faked a lattice (recall 69/80)."""
    rng = np.random.default_rng(1)
    X = 1e8 + 1e-6 * rng.normal(size=(240, 3))
    y = np.r_[np.ones(80, int), np.zeros(160, int)]
    Xr, yr = SMOTE(k_neighbors=5, random_state=0, arithmetic="exact").fit_resample(X, y)
    real = np.arange(len(yr)) < len(y)
    res = distin_smote(Xr, yr, minority=1, k=5, kernel="exact")
    sc = distin_scores(res, real[res.index])
    assert sc.true_positive == 80 and sc.false_positive == 0 and sc.recall == 1.0


def _midpoint_case(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    Xm = rng.normal(size=(12, 3))
    Xm[2] = (Xm[0] + Xm[1]) / 2  # a real row at the midpoint of two real rows
    X = np.vstack([Xm, rng.normal(size=(24, 3))])
    y = np.r_[np.ones(12, int), np.zeros(24, int)]
    return SMOTE(k_neighbors=3, random_state=0, sampling_strategy={1: 15}).fit_resample(X, y)  # type: ignore[no-any-return]


@pytest.mark.parametrize("kernel", ["fast", "tube"])
def test_real_midpoint_is_not_a_confident_synthetic(kernel: str) -> None:
    """Issue 15 case 3: a real row at the midpoint of two real rows was 'synthetic' with a certified witness."""
    Xr, yr = _midpoint_case(3)
    res = distin_smote(Xr, yr, minority=1, k=3, kernel=kernel)
    assert res.verdicts[2] == "ambiguous" and "λ = 1/2" in res.reasons[2]
    # every remaining synthetic verdict states what it assumes, and the result quantifies it
    syn = [r for v, r in zip(res.verdicts, res.reasons, strict=True) if v == "synthetic"]
    assert syn and all(GENERAL_POSITION in r for r in syn)
    assert res.assumption == GENERAL_POSITION and res.discreteness == 0.0
    assert any("general position" in n and "recur" in n for n in res.notes)


def test_midpoint_at_a_non_simple_lambda_states_the_assumption() -> None:
    """A real row at λ = 0.3711… of two real rows cannot be told apart: the verdict says what it assumes."""
    rng = np.random.default_rng(3)
    Xm = rng.normal(size=(12, 3))
    Xm[2] = Xm[0] + 0.37113 * (Xm[1] - Xm[0])
    X = np.vstack([Xm, rng.normal(size=(24, 3))])
    y = np.r_[np.ones(12, int), np.zeros(24, int)]
    Xr, yr = SMOTE(k_neighbors=3, random_state=0, sampling_strategy={1: 15}).fit_resample(X, y)
    res = distin_smote(Xr, yr, minority=1, k=3)
    assert res.verdicts[2] == "synthetic" and GENERAL_POSITION in res.reasons[2]


@given(num=st.integers(-5, 40), den=st.integers(1, 40), width=st.integers(0, 3))
@example(num=1, den=2, width=0)
@example(num=7, den=16, width=0)
def test_simple_fraction_in_matches_brute_force(num: int, den: int, width: int) -> None:
    lo = Fraction(num, den)
    hi = lo + Fraction(width, 97)
    want = [Fraction(p, q) for q in range(2, 9) for p in range(1, q) if lo <= Fraction(p, q) <= hi]
    got = simple_fraction_in(lo, hi)
    if not want:
        assert got is None
    else:
        assert got is not None and got in want and got.denominator == min(w.denominator for w in want)


def test_unknown_release_declines_on_box_output() -> None:
    """Issue 15 case 4: release='unknown' on box-SMOTE output estimated ~0.3 and called real rows synthetic."""
    rng = np.random.default_rng(4)
    X, y, _ = augmented_box(rng.uniform(-1, 1, size=(30, 8)), 2.0, k=5, seed=0)
    with pytest.raises(ImplausibleEstimate, match="geometry 'box'"):
        distin_smote(X, y, minority=1, k=5, release="unknown")
