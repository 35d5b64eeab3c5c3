"""verify_smote: real SMOTE output conforms, deliberately broken implementations are caught."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from refimpl.errors import InvalidParameter, ShapeMismatch
from refimpl.exact import exact_knn, exact_knn_ties, to_matrix
from refimpl.smote import SMOTE
from refimpl.validate import certify_convex, verify_smote
from refimpl.validate.knn import class_neighbours
from refimpl.validate.models import prefilter


def _data(seed: int = 0, n_maj: int = 120, n_min: int = 30, d: int = 3, dtype: type = np.float64):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n_maj, d)), rng.normal(1.0, 1.0, size=(n_min, d))]).astype(dtype)
    y = np.r_[np.zeros(n_maj, int), np.ones(n_min, int)]
    return X, y


def _broken_smote(X, y, k=5, seed=0, *, lam_shift=0.0, lam_scale=1.0, sign=1.0, knn_k=None,
                  f32_product=False, other_class=False):
    """A hand-written SMOTE with one optional defect; returns (X_out, y_out)."""
    from sklearn.neighbors import NearestNeighbors

    rng = np.random.default_rng(seed)
    minority = np.flatnonzero(y == 1)
    pool = np.arange(len(y)) if other_class else minority
    Xm = X[pool]
    nn = NearestNeighbors(n_neighbors=(knn_k or k) + 1).fit(Xm)
    table = nn.kneighbors(X[minority], return_distance=False)[:, 1:]
    if knn_k is not None:
        table = table[:, k:]  # only neighbours beyond the k-th
    m = int((y == 0).sum() - (y == 1).sum())
    rows = rng.integers(0, len(minority), m)
    cols = rng.integers(0, table.shape[1], m)
    lam = rng.uniform(size=m) * lam_scale + lam_shift
    base = X[minority[rows]]
    nbr = Xm[table[rows, cols]]
    if f32_product:
        new = (base.astype(np.float32) + (lam[:, None] * (nbr - base)).astype(np.float32)).astype(X.dtype)
    else:
        new = base + sign * lam[:, None] * (nbr - base)
    return np.vstack([X, new.astype(X.dtype)]), np.r_[y, np.ones(m, int)]


def test_fast_knn_equals_exact_oracle_with_ties() -> None:
    rng = np.random.default_rng(3)
    X = rng.integers(0, 4, size=(50, 2)).astype(float)  # many duplicates and ties
    cn = class_neighbours(X, 4)
    assert cn.knn == exact_knn(to_matrix(X), 4)
    assert cn.ties == exact_knn_ties(to_matrix(X), 4)


def test_imblearn_smote_conforms_and_parents_match_provenance() -> None:
    X, y = _data()
    sm = SMOTE(random_state=0)
    Xo, yo = sm.fit_resample(X, y)
    rep = verify_smote(X, y, Xo, yo, sampling_strategy="auto")
    assert rep.ok, rep.summary()
    f = rep.certificates_frame()
    prov = sm.provenance_
    # a segment can be certified from either end when the pair is mutual kNN
    for b, n, pb, pn in zip(f.base, f.neighbour, prov.base, prov.neighbour):
        assert {b, n} == {pb, pn}


def test_real_imblearn_float64_and_float32() -> None:
    imblearn = pytest.importorskip("imblearn", reason="imbalanced-learn is the sampler under test")
    for dtype, model in ((np.float64, "float64"), (np.float32, "float32-mixed")):
        X, y = _data(1, dtype=dtype)
        Xo, yo = imblearn.over_sampling.SMOTE(random_state=1).fit_resample(X, y)
        rep = verify_smote(X, y, Xo, yo, model=model, sampling_strategy="auto")
        assert rep.ok, rep.summary()


def test_exact_smote_conforms_under_exact_model_and_rational_strings() -> None:
    X, y = _data(2, n_maj=40, n_min=12)
    Xo, yo = SMOTE(random_state=2, arithmetic="exact").fit_resample(X, y)
    assert verify_smote(X, y, Xo, yo, model="exact").ok
    as_text = np.vectorize(str, otypes=[object])(Xo)
    assert verify_smote(X, y, as_text, yo, model="exact").ok
    # nudging one synthetic coordinate by 2^-80 breaks exact equality
    bad = Xo.copy()
    bad[-1, 0] = bad[-1, 0] + Fraction(1, 2**80)
    rep = verify_smote(X, y, bad, yo, model="exact")
    assert not rep.ok and rep.certificates[-1].status == "outside_tube"


def test_broken_lambda_at_least_one_is_caught() -> None:
    X, y = _data()
    Xo, yo = _broken_smote(X, y, lam_shift=1.0, lam_scale=0.5)  # λ in [1, 1.5)
    rep = verify_smote(X, y, Xo, yo)
    assert not rep.ok
    counts = rep.status_counts()
    # λ ∈ [1, 1.5) from x is λ' = 1 − λ ∈ (−0.5, 0] from n when x ∈ kNN(n): both are extrapolation
    assert counts.get("lambda_at_least_1", 0) > 0.3 * rep.n_synthetic, rep.summary()
    assert set(counts) <= {"lambda_at_least_1", "lambda_below_0"}, rep.summary()


def test_broken_lambda_exactly_one_is_impossible_for_imblearn() -> None:
    X, y = _data()
    Xo, yo = _broken_smote(X, y, lam_shift=1.0, lam_scale=0.0)  # λ = 1: a copy of the neighbour
    rep = verify_smote(X, y, Xo, yo)
    # λ = 1 gives (nearly) the neighbour itself: explained as λ = 0 from the neighbour, or the
    # tube around λ = 1 reaches below 1, where imbalanced-learn can draw 1 − 2^-53: indistinguishable
    counts = rep.status_counts()
    assert set(counts) <= {"ok", "ok_tie", "lambda_at_least_1"}
    for c in rep.certificates:
        if c.ok and not c.copy:
            assert c.lambda_hi is not None and Fraction(c.lambda_hi) >= 1


def test_broken_sign_error_is_caught_as_extrapolation() -> None:
    X, y = _data()
    Xo, yo = _broken_smote(X, y, sign=-1.0)
    rep = verify_smote(X, y, Xo, yo)
    counts = rep.status_counts()
    assert not rep.ok
    # λ < 0 from x is λ > 1 from n when x ∈ kNN(n): either way the row lies off the segment
    assert set(counts) <= {"lambda_below_0", "lambda_at_least_1"}, rep.summary()
    assert counts.get("lambda_below_0", 0) > 0.5 * rep.n_synthetic, rep.summary()


def test_broken_neighbour_outside_knn_is_caught() -> None:
    X, y = _data()
    Xo, yo = _broken_smote(X, y, knn_k=10)  # neighbours ranked 6..10
    rep = verify_smote(X, y, Xo, yo)
    counts = rep.status_counts()
    # a pair (x, n) with n outside kNN(x) but x in kNN(n) is legitimately explained from n
    assert not rep.ok
    assert counts.get("neighbour_not_in_knn", 0) > 0.5 * rep.n_synthetic, rep.summary()
    assert "nearest of the base" in rep.violations["detail"].iloc[0]


def test_broken_neighbour_of_other_class_is_caught() -> None:
    X, y = _data()
    Xo, yo = _broken_smote(X, y, other_class=True)
    rep = verify_smote(X, y, Xo, yo)
    counts = rep.status_counts()
    assert counts.get("neighbour_other_class", 0) > 0, rep.summary()


def test_broken_float32_cast_in_the_wrong_place_is_caught() -> None:
    X, y = _data()
    Xo, yo = _broken_smote(X, y, f32_product=True)
    rep = verify_smote(X, y, Xo, yo)
    assert rep.status_counts().get("outside_tube", 0) > 0.9 * rep.n_synthetic, rep.summary()
    v = rep.violations
    assert (v["tube_ratio"].dropna() > 1).all()


def test_global_checks_catch_changed_originals_dtype_and_counts() -> None:
    X, y = _data()
    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)
    tampered = Xo.copy()
    tampered[3, 1] = np.nextafter(tampered[3, 1], np.inf)
    rep = verify_smote(X, y, tampered, yo)
    assert not rep.ok and not {c.name: c.ok for c in rep.checks}["originals_first"]
    rep = verify_smote(X, y, Xo.astype(np.float32).astype(np.float64)[:, :], yo)
    assert not rep.ok
    rep = verify_smote(X, y, Xo[:-1], yo[:-1], sampling_strategy="auto")
    assert not {c.name: c.ok for c in rep.checks}["class_counts"]
    with pytest.raises(ShapeMismatch):
        verify_smote(X, y, Xo[:, :2], yo)
    with pytest.raises(InvalidParameter, match="unknown error model"):
        verify_smote(X, y, Xo, yo, model="float16")


def test_duplicates_give_copies_but_conform() -> None:
    X, y = _data(4, n_maj=60, n_min=10)
    X = np.vstack([X, X[-10:]])  # every minority row duplicated
    y = np.r_[y, np.ones(10, int)]
    imblearn = pytest.importorskip("imblearn", reason="imbalanced-learn is the sampler under test")
    Xo, yo = imblearn.over_sampling.SMOTE(random_state=0).fit_resample(X, y)
    rep = verify_smote(X, y, Xo, yo)
    assert rep.ok, rep.summary()
    assert any(c.copy for c in rep.certificates)


def test_report_outputs() -> None:
    X, y = _data()
    Xo, yo = _broken_smote(X, y, sign=-1.0)
    rep = verify_smote(X, y, Xo, yo)
    import json

    data = json.loads(rep.to_json())
    assert data["ok"] is False and data["status_counts"]["lambda_below_0"] > 0
    assert "DOES NOT CONFORM" in rep.summary()
    assert list(rep.violations.columns)[:3] == ["row", "class", "kind"]


def test_convex_certificate_contains_the_true_lambda() -> None:
    rng = np.random.default_rng(5)
    for _ in range(200):
        x, n = rng.normal(size=3), rng.normal(size=3) * 10.0 ** rng.integers(-5, 5)
        r = rng.random(2)
        w = r / r.sum()
        s = (x * w[0] + n * w[1])
        lam = Fraction(float(r[1])) / (Fraction(float(r[0])) + Fraction(float(r[1])))
        pieces = certify_convex(s, x, n)
        assert any(p.lo is not None and p.hi is not None and p.lo <= lam <= p.hi for p in pieces)


def test_prefilter_never_rejects_a_certified_candidate() -> None:
    from refimpl.tube import certify

    rng = np.random.default_rng(6)
    x = rng.normal(size=(500, 4)) * 10.0 ** rng.integers(-3, 3, size=(500, 1))
    n = x + rng.normal(size=(500, 4)) * 10.0 ** rng.integers(-8, 1, size=(500, 1))
    lam = rng.uniform(size=500)
    s = x + lam[:, None] * (n - x)
    ok, _, _ = prefilter(s, x, n, "float64", 0.0, 1.0)
    assert ok.all()
    # and the rows it rejects after a nudge are indeed not certifiable
    s2 = s * (1 + 2.0**-30)
    ok2, _, _ = prefilter(s2, x, n, "float64", 0.0, 1.0)
    for i in np.flatnonzero(~ok2)[:50]:
        iv = certify(s2[i], x[i], n[i])
        assert iv is None or iv.hi is None or iv.hi < 0 or iv.lo is None or iv.lo > 1


def test_fast_tube_certificate_equals_refimpl_tube() -> None:
    from refimpl.tube import certify
    from refimpl.validate.models import certify_tube_fast

    rng = np.random.default_rng(7)
    for model, dt in (("float64", np.float64), ("float32-mixed", np.float32)):
        for _ in range(300):
            scale = 10.0 ** rng.integers(-30, 30)
            x = (rng.normal(size=3) * scale).astype(dt)
            n = (x + rng.normal(size=3) * scale * 10.0 ** rng.integers(-6, 1)).astype(dt)
            if rng.random() < 0.2:
                n[0] = x[0]
            lam = rng.uniform()
            s = (x.astype(np.float64) + lam * (n - x)).astype(dt)
            if rng.random() < 0.5:
                s = s * dt(1 + 2.0**-20)
            assert certify_tube_fast(s, x, n, model) == certify(s, x, n, model)


def test_neighbour_in_the_tie_set_is_reported_as_such() -> None:
    # class 1: b=(0,0) has (2,0) [index 1] and (0,2) [index 2] tied at distance 2; the index
    # tie-break keeps (2,0). (0,2)'s own nearest is (0,3), so s=(0,1) is explained only by the tie.
    Xmin = np.array([[0.0, 0.0], [2, 0], [0, 2], [0, 3], [3, 0]])
    Xmaj = np.array([[10.0, 10], [11, 10], [10, 11], [12, 12], [13, 13], [14, 14]])
    X = np.vstack([Xmaj, Xmin])
    y = np.r_[np.zeros(6, int), np.ones(5, int)]
    Xo = np.vstack([X, [[0.0, 1.0]]])
    yo = np.r_[y, 1]
    rep = verify_smote(X, y, Xo, yo, k=1)
    assert rep.ok
    c = rep.certificates[0]
    assert (c.status, c.base, c.neighbour) == ("ok_tie", 6, 8)
    assert c.lambda_lo == c.lambda_hi == "1/2" or Fraction(c.lambda_lo) <= Fraction(1, 2) <= Fraction(c.lambda_hi)
