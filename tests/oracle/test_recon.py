"""Lemma 2 on the oracle: ReconSMOTE's points are real records (exactly, or inside their certified box)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.attacks import recon_smote
from refimpl.attacks.scoring import recon_scores
from refimpl.errors import InvalidInput, InvalidParameter, TooFewSamples
from refimpl.exact import to_matrix

VARIANTS = ("plain", "duplicates", "collinear", "real-duplicates")


def smote_data(seed: int, n_min: int, d: int, ratio: int, k: int, variant: str, arithmetic: str):  # type: ignore[no-untyped-def]
    """Gaussian minority rows (general position with probability 1), SMOTE'd to ratio × n_min synthetic rows."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_min + n_min * ratio + 1, d))
    if variant == "collinear":  # three exactly collinear real records: not general position
        X[0], X[1], X[2] = 0.0, 0.5, 1.0
    if variant == "real-duplicates":  # SMOTE then makes exact copies of the duplicated record
        X[1] = X[0]
    y = np.array([1] * n_min + [0] * (len(X) - n_min))
    sm = SMOTE(k_neighbors=k, random_state=seed, sampling_strategy={1: n_min * ratio}, arithmetic=arithmetic)
    X_out, _ = sm.fit_resample(X, y)
    X_syn = X_out[len(X):]
    if variant == "duplicates":
        X_syn = np.concatenate([X_syn, X_syn[: max(1, len(X_syn) // 4)]])
    return X[:n_min], X_syn


params = dict(
    seed=st.integers(0, 2**31 - 1),
    n_min=st.integers(5, 9),
    d=st.integers(2, 3),
    ratio=st.integers(4, 12),
    k=st.integers(2, 4),
    variant=st.sampled_from(VARIANTS),
)


@settings(max_examples=15)
@given(**params)
@example(seed=1, n_min=6, d=2, ratio=10, k=3, variant="duplicates")
@example(seed=2, n_min=7, d=3, ratio=12, k=3, variant="collinear")
@example(seed=3, n_min=8, d=2, ratio=12, k=2, variant="collinear")
@example(seed=4, n_min=8, d=3, ratio=12, k=3, variant="real-duplicates")
def test_exact_kernel_reconstructs_only_real_records(seed: int, n_min: int, d: int, ratio: int, k: int, variant: str) -> None:
    real, X_syn = smote_data(seed, n_min, d, ratio, k, variant, "exact")
    res = recon_smote(X_syn, k=k, kernel="exact")
    truth = set(to_matrix(real))
    for p, r in zip(res.exact_points, res.radius, strict=True):
        assert r == 0
        assert p in truth  # precision 1: every reconstructed point is a real record, exactly
    for s in res.support:
        assert len(s) >= 3
    if variant == "duplicates":
        assert any("identical" in n for n in res.notes)


@settings(max_examples=25)
@given(**params)
@example(seed=4, n_min=9, d=3, ratio=12, k=4, variant="duplicates")
@example(seed=5, n_min=8, d=2, ratio=12, k=3, variant="collinear")
@example(seed=6, n_min=9, d=2, ratio=12, k=3, variant="real-duplicates")
def test_fast_kernel_boxes_hold_real_records(seed: int, n_min: int, d: int, ratio: int, k: int, variant: str) -> None:
    real, X_syn = smote_data(seed, n_min, d, ratio, k, variant, "float64")
    res = recon_smote(X_syn, k=k, kernel="fast")
    sc = recon_scores(res, real)
    if len(res):
        assert sc.precision == 1.0  # every certified box holds a real record
    assert sc.recall <= 1.0
    rq = to_matrix(real)
    for (lo, hi), c, r in zip(res.boxes, res.exact_points, res.radius, strict=True):
        inside = list({q for q in rq if all(a <= x <= b for a, x, b in zip(lo, q, hi, strict=True))})
        assert len(inside) == 1
        assert max(abs(x - y) for x, y in zip(c, inside[0], strict=True)) <= r


def test_recall_is_high_at_large_ratio() -> None:
    real, X_syn = smote_data(7, 30, 3, 40, 5, "plain", "float64")
    res = recon_smote(X_syn, k=5, kernel="fast")
    sc = recon_scores(res, real)
    assert sc.precision == 1.0 and sc.recall >= 0.9
    assert res.seconds["total"] > 0 and set(res.summary()) >= {"points", "lines", "seconds"}
    frame = res.to_frame()
    assert list(frame.columns) == ["x0", "x1", "x2", "radius", "support"] and (frame["support"] >= 3).all()


def test_tube_and_fast_agree_on_the_points() -> None:
    real, X_syn = smote_data(11, 8, 2, 10, 3, "plain", "float64")
    fast = recon_smote(X_syn, k=3, kernel="fast")
    tube = recon_smote(X_syn, k=3, kernel="tube")
    assert recon_scores(tube, real).precision == 1.0
    # the fast boxes enclose the tube boxes, so both find the same records
    def found(res):  # type: ignore[no-untyped-def]
        return {q for q in to_matrix(real) for lo, hi in res.boxes if all(a <= x <= b for a, x, b in zip(lo, q, hi, strict=True))}
    assert found(fast) == found(tube)


def test_bad_input_raises_named_errors() -> None:
    with pytest.raises(TooFewSamples):
        recon_smote(np.zeros((2, 3)))
    with pytest.raises(InvalidParameter):
        recon_smote(np.random.default_rng(0).normal(size=(10, 2)), k=0)
    with pytest.raises(InvalidParameter):
        recon_smote(np.random.default_rng(0).normal(size=(10, 2)), min_lines=1)
    with pytest.raises(InvalidInput):
        recon_smote(np.array([[0.0, np.nan], [1.0, 2.0], [3.0, 4.0]]))
    with pytest.raises(InvalidInput):
        recon_smote(np.zeros(5))
    with pytest.raises(InvalidParameter):
        recon_smote(np.random.default_rng(0).normal(size=(10, 2)), kernel="nope")
    # k ≥ class size is refused by SMOTE itself, before any attack
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(TooFewSamples):
        SMOTE(k_neighbors=4, sampling_strategy={1: 8}).fit_resample(X, np.array([1] * 4 + [0] * 16))


def test_fractions_are_kept_exact() -> None:
    X = np.empty((3, 1), dtype=object)
    X[:, 0] = [Fraction(1, 3), Fraction(2, 3), Fraction(1, 2)]
    res = recon_smote(X, k=1, kernel="exact")
    assert len(res) == 0 and res.rows == 3


@settings(max_examples=10)
@given(seed=st.integers(0, 2**31 - 1), d=st.integers(2, 4), exact=st.booleans())
@example(seed=0, d=2, exact=False)
def test_meet_filter_never_rejects_what_the_kernel_accepts(seed: int, d: int, exact: bool) -> None:
    """The float interval filter is a proven enclosure: rejected ⇒ kern.meet is None; kept ⇒ box ⊇ kernel's box."""
    from refimpl.kernels import ExactKernel, TubeKernel

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, d)) * rng.choice([1e-3, 1.0, 1e3])
    if exact:
        Q = np.empty(X.shape, dtype=object)
        for i, row in enumerate(to_matrix(X)):
            Q[i, :] = [v / 3 for v in row]  # not dyadic: the floats are roundings
        kern: ExactKernel | TubeKernel = ExactKernel(Q)
    else:
        kern = TubeKernel(X)
    from refimpl.kernels import Line

    lines = [Line((a, b), (a, b)) for a in range(12) for b in range(a + 1, 12) if rng.random() < 0.3]
    pi, pj = np.triu_indices(len(lines), k=1)
    enc = kern.meet_enclosures(lines, pi.astype(np.intp), pj.astype(np.intp), exact_input=exact)
    keep, lo, hi = enc.keep, enc.lo, enc.hi
    for t in range(len(pi)):
        m = kern.meet(lines[pi[t]], lines[pj[t]], (int(pi[t]), int(pj[t])))
        if not keep[t]:
            assert m is None
        elif m is not None and np.isfinite(lo[t]).all():
            assert all(Fraction(float(a)) <= b for a, b in zip(lo[t], m.lo, strict=True))
            assert all(Fraction(float(a)) >= b for a, b in zip(hi[t], m.hi, strict=True))


@settings(max_examples=10)
@given(seed=st.integers(0, 2**31 - 1), model=st.sampled_from(["float64", "float32-mixed"]))
@example(seed=0, model="float64")
@example(seed=0, model="float32-mixed").via("the mixed model's larger coefficients")
def test_float_tube_radius_bounds_the_exact_one(seed: int, model: str) -> None:
    """The filter's float ρ (every operation rounded up) is ≥ the kernel's exact ρ (Lemma 3(d))."""
    from refimpl.kernels import TubeKernel

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, 4)) * np.array([1e-3, 1.0, 1e3, 1e-300])
    kern = TubeKernel(X, model=model)
    R = kern.decision_radius(np.arange(20, dtype=np.intp), False)
    for i in range(20):
        assert all(Fraction(float(R[i, j])) >= rho for j, rho in enumerate(kern.rho(i)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_overlap_pairs_is_every_overlapping_pair(seed: int) -> None:
    """The KD-tree candidate search of overlap_pairs misses no pair (brute force, mixed box widths)."""
    from refimpl.attacks.boxes import overlap_pairs

    rng = np.random.default_rng(seed)
    n, d = 400, 3
    c = rng.normal(size=(n, d)) * 3
    w = rng.exponential(0.05, size=(n, d))
    w[rng.choice(n, 12, replace=False)] *= 60  # a few wide boxes
    lo, hi = c - w, c + w
    got = {tuple(p) for p in overlap_pairs(lo, hi).tolist()}
    ov = np.all((lo[:, None, :] <= hi[None, :, :]) & (hi[:, None, :] >= lo[None, :, :]), axis=2)
    i, j = np.nonzero(np.triu(ov, k=1))
    assert got == set(zip(i.tolist(), j.tolist()))
    assert list(map(tuple, overlap_pairs(lo, hi).tolist())) == sorted(got)  # lexicographic order
