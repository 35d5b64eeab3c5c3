"""DistinSMOTE on SMOTENC, SMOTEN and BorderlineSMOTE-2 output (issue 15): ``categorical_features``
(Lemma C, refimpl/attacks/categorical.py) and ``parents="all"`` (Lemma 1 over all rows, Lemma 3's
tube for Borderline-2's two-product step)."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTEN, SMOTENC, BorderlineSMOTE

from refimpl import SMOTE
from refimpl.attacks import distin_smote
from refimpl.attacks.assumptions import GENERAL_POSITION
from refimpl.attacks.categorical import resolve_categorical, smotenc_scale_ok, unique_value_columns
from refimpl.attacks.scoring import distin_scores
from refimpl.errors import InvalidParameter, NonNumericColumn
from refimpl.kernels import TubeKernel


def gaussian(seed: int, n: int, d: int, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n, d)) + 1.0, rng.normal(size=(4 * n, d))]) * scale
    return X, np.r_[np.ones(n, dtype=np.intp), np.zeros(4 * n, dtype=np.intp)]


def truth(X: np.ndarray, y: np.ndarray, Xr: np.ndarray, yr: np.ndarray) -> np.ndarray:
    """Real-row mask over the output's minority rows: equal, value by value, to a real minority row."""
    real = {tuple(r) for r in np.asarray(X, dtype=object)[y == 1].tolist()}
    return np.array([tuple(r) in real for r in np.asarray(Xr, dtype=object)[yr == 1].tolist()])


def with_categories(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    X, y = gaussian(seed, n, d)
    rng = np.random.default_rng(seed + 1)
    return np.c_[X, rng.integers(0, 3, size=(len(X), 2)).astype(np.float64)], y


# -- SMOTENC --------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["indices", "negative", "mask"])
def test_smotenc_numeric_attack_is_perfect(form: str) -> None:
    X, y = with_categories(0, 40, 5)
    Xr, yr = SMOTENC(categorical_features=[5, 6], random_state=0).fit_resample(X, y)
    spec = {"indices": [5, 6], "negative": [-2, -1], "mask": [False] * 5 + [True, True]}[form]
    res = distin_smote(Xr, yr, minority=1, categorical_features=spec)
    sc = distin_scores(res, truth(X, y, Xr, yr))
    assert (sc.real_precision, sc.real_recall) == (1.0, 1.0)
    assert any("categorical columns 5, 6" in n for n in res.notes)
    # on every column the categorical values break collinearity: synthetic rows look real
    plain = distin_scores(distin_smote(Xr, yr, minority=1), truth(X, y, Xr, yr))
    assert plain.real_precision < 0.9


def test_smotenc_string_categories_by_name() -> None:
    X, y = gaussian(3, 30, 4)
    rng = np.random.default_rng(4)
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(4)])
    frame["colour"] = rng.choice(["red", "green", "blue"], size=len(frame))
    frame["size"] = rng.choice(["S", "M"], size=len(frame))
    Xr, yr = SMOTENC(categorical_features=["colour", "size"], random_state=0).fit_resample(frame, y)
    is_real = truth(frame.to_numpy(dtype=object), y, Xr.to_numpy(dtype=object), yr)
    for spec in (["colour", "size"], "auto", [4, 5]):
        res = distin_smote(Xr, yr, minority=1, categorical_features=spec)
        sc = distin_scores(res, is_real)
        assert (sc.real_precision, sc.real_recall) == (1.0, 1.0), spec
    assert list(resolve_categorical(frame, ["size", "colour"])) == [4, 5]


def test_lemma_c_turns_a_real_row_between_two_others_real() -> None:
    """A real row on a segment between two real rows (general position broken) is 'synthetic' on
    the numbers; a category no other minority row holds proves it real (Lemma C)."""
    rng = np.random.default_rng(7)
    real = rng.normal(size=(30, 4))
    real[0] = real[1] + 0.3 * (real[2] - real[1])  # within the tube of the segment 1–2, at a non-simple λ
    # SMOTE-like children of rows 3 … 29 only: no segment starts at row 0 (no endpoint evidence)
    a, b = rng.integers(3, 30, size=(2, 60))
    keep = a != b
    lam = rng.uniform(size=(int(keep.sum()), 1))
    Xr = np.vstack([real, real[a[keep]] + lam * (real[b[keep]] - real[a[keep]])])
    yr = np.ones(len(Xr), dtype=np.intp)
    cat = np.where(np.arange(len(Xr)) == 0, 9.0, 1.0)  # row 0 alone holds category 9
    Xc = np.c_[Xr, cat]
    numeric = distin_smote(Xr, yr, minority=1)
    assert numeric.verdicts[0] == "synthetic"  # the case of issue 15 (3): no geometric test can tell
    res = distin_smote(Xc, yr, minority=1, categorical_features=[4])
    assert res.verdicts[0] == "real" and res.witnesses[0] is None
    assert "Lemma C" in res.reasons[0]
    assert any("1 synthetic verdict(s) became real" in n for n in res.notes)
    # the other verdicts are the numeric attack's
    assert (res.verdicts[1:] == numeric.verdicts[1:]).all()


def test_string_column_without_categorical_features_says_what_to_pass() -> None:
    X, y = gaussian(0, 10, 3)
    Xs = np.c_[X.astype(object), np.array(["a", "b"] * 25, dtype=object)]
    with pytest.raises(NonNumericColumn, match="pass categorical_features= naming it"):
        distin_smote(Xs, y, minority=1)


def test_unique_value_columns_compares_nan_as_one_category() -> None:
    vals = np.array([[1, "a"], [1, float("nan")], [2, float("nan")], [2, "b"]], dtype=object)
    assert unique_value_columns(vals) == [[1], [], [], [1]]


@given(exponent=st.integers(-12, 2), seed=st.integers(0, 2**16))
@example(exponent=0, seed=0)
@example(exponent=-9, seed=0)  # below the precondition: SMOTENC draws categories at random
@example(exponent=-7, seed=0)
def test_scale_precondition_is_sound_on_smotenc(exponent: int, seed: int) -> None:
    """Whenever `smotenc_scale_ok` holds on the released minority, every categorical value of a
    synthetic row is held by a real minority row (Lemma C)."""
    n = 30
    rng = np.random.default_rng(seed)
    X = np.c_[rng.normal(size=(5 * n, 3)) * 10.0**exponent, rng.integers(0, 6, size=(5 * n, 1))]
    X[:n, 3] = rng.integers(0, 2, size=n)  # the minority holds two of the six categories
    y = np.r_[np.ones(n, dtype=np.intp), np.zeros(4 * n, dtype=np.intp)]
    Xr, yr = SMOTENC(categorical_features=[3], random_state=seed).fit_resample(X, y)
    ok = smotenc_scale_ok(Xr[yr == 1][:, :3])
    held = set(X[:n, 3].tolist())
    foreign = sum(v not in held for v in Xr[len(y) :, 3].tolist())
    if ok:
        assert foreign == 0
    if exponent >= -7:
        assert ok  # the bound is not vacuous on ordinary scales
    if exponent <= -9:
        assert not ok and foreign > 0  # the precondition is needed: imbalanced-learn leaves the neighbours


def test_small_scale_skips_lemma_c_with_a_note() -> None:
    X, y = gaussian(2, 30, 3, scale=1e-10)
    Xr, yr = SMOTE(random_state=0).fit_resample(X, y)
    Xc = np.c_[Xr, np.arange(len(Xr), dtype=np.float64)]  # every value unique
    res = distin_smote(Xc, yr, minority=1, categorical_features=[3])
    assert any("categorical columns not used" in n for n in res.notes)
    assert res.counts()["synthetic"] > 0


def test_smoten_only_unique_values_are_known() -> None:
    rng = np.random.default_rng(0)
    X = rng.choice(["a", "b", "c", "d"], size=(150, 3)).astype(object)
    y = np.r_[np.ones(30, dtype=np.intp), np.zeros(120, dtype=np.intp)]
    X[0, 0] = "z"  # a value only real row 0 holds
    Xr, yr = SMOTEN(random_state=0).fit_resample(X, y)
    res = distin_smote(Xr, yr, minority=1, categorical_features=[0, 1, 2])
    c = res.counts()
    assert c["synthetic"] == 0 and c["real"] >= 1
    is_real = truth(X, y, Xr, yr)
    assert is_real[res.verdicts == "real"].all()  # every "real" verdict is a real row
    assert res.verdicts[0] == "real"
    assert any("SMOTEN" in n for n in res.notes)


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ([7], "out of range"),
        ([True, False], "one flag per column"),
        (["colour"], "integer position"),
        ([1, 1], "twice"),
        ("auto", "needs a DataFrame"),
    ],
)
def test_bad_categorical_features(spec: object, match: str) -> None:
    X, y = with_categories(0, 10, 3)
    with pytest.raises(InvalidParameter, match=match):
        distin_smote(X, y, minority=1, categorical_features=spec)


# -- BorderlineSMOTE-2 --------------------------------------------------------------------


@pytest.mark.parametrize("d", [3, 8])
def test_borderline2_parents_all(d: int) -> None:
    X, y = gaussian(d, 50, d)
    Xr, yr = BorderlineSMOTE(kind="borderline-2", random_state=0).fit_resample(X, y)
    is_real = truth(X, y, Xr, yr)
    before = distin_scores(distin_smote(Xr, yr, minority=1), is_real)
    assert before.real_precision < 0.9  # children of majority rows look real with minority parents
    res = distin_smote(Xr, yr, minority=1, parents="all")
    sc = distin_scores(res, is_real)
    assert (sc.real_precision, sc.real_recall) == (1.0, 1.0)
    ends = {w.b for w in res.witnesses if w is not None} | {w.a for w in res.witnesses if w is not None}
    assert any(yr[e] != 1 for e in ends)  # witnesses name rows of X, some of them majority rows
    assert any("parents='all'" in n for n in res.notes)


def test_parents_all_keeps_plain_smote_perfect() -> None:
    X, y = gaussian(1, 40, 5)
    Xr, yr = SMOTE(random_state=1).fit_resample(X, y)
    sc = distin_scores(distin_smote(Xr, yr, minority=1, parents="all"), truth(X, y, Xr, yr))
    assert (sc.real_precision, sc.real_recall) == (1.0, 1.0)


def test_parents_all_on_exact_input() -> None:
    X, y = gaussian(5, 12, 3)
    Xr, yr = SMOTE(k_neighbors=4, random_state=0, arithmetic="exact").fit_resample(X, y)
    res = distin_smote(Xr, yr, minority=1, k=4, kernel="exact", parents="all")
    sc = distin_scores(res, (np.arange(len(yr)) < len(y))[res.index])
    assert (sc.precision, sc.recall) == (1.0, 1.0)


def test_bad_parents() -> None:
    X, y = gaussian(0, 10, 3)
    with pytest.raises(InvalidParameter, match="parents must be one of"):
        distin_smote(X, y, minority=1, parents="majority")
    with pytest.raises(InvalidParameter, match="needs geometry 'segment' or 'auto'"):
        distin_smote(X, y, minority=1, parents="all", geometry="box")


def test_auto_geometry_keeps_parents_all() -> None:
    X, y = gaussian(4, 50, 6)
    Xr, yr = BorderlineSMOTE(kind="borderline-2", random_state=0).fit_resample(X, y)
    res = distin_smote(Xr, yr, minority=1, parents="all", geometry="auto")
    assert res.geometry == "segment" and res.geometry_reason != "requested"
    sc = distin_scores(res, truth(X, y, Xr, yr))
    assert (sc.real_precision, sc.real_recall) == (1.0, 1.0)


_finite = st.floats(-1e300, 1e300, allow_nan=False, allow_subnormal=True)


@given(
    x=_finite,
    n=_finite,
    step=st.floats(0, 1, exclude_max=True),
    g=st.floats(0, 0.5, exclude_max=True),
    x2=_finite,
    n2=_finite,
)
@example(x=6.0, n=1.00001, step=0.9999999999999999, g=0.49999999999999994, x2=0.0, n2=1.0)
@example(x=5e-324, n=-5e-324, step=0.5, g=0.25, x2=1e300, n2=-1e300)  # subnormals beside huge values
@example(x=1e16, n=1e16 + 2, step=0.7, g=0.3, x2=-3.0, n2=3.0)  # cancellation in n − x
def test_borderline2_step_stays_in_the_tube(
    x: float, n: float, step: float, g: float, x2: float, n2: float
) -> None:
    """imbalanced-learn's Borderline-2 step towards a majority row, fl(x + fl(λ·fl(g·fl(n − x)))),
    stays in Lemma 3's tube at the true λ' = λg < 1/2 (the argument in distin._all_rows)."""
    base = np.array([[x, x2]])
    other = np.array([[n, n2]])
    diffs = other - base
    diffs *= g  # as imbalanced-learn: diffs[mask] *= uniform(0, 0.5)
    child = base + np.array([[step]]) * diffs
    assume(np.isfinite(child).all() and np.isfinite(diffs).all())
    assume(not (child == base).all() and not (child == other).all() and not (base == other).all())
    kern = TubeKernel(np.vstack([child, base, other]))
    w = kern.between(0, 1, 2)
    lam = Fraction(step) * Fraction(g)
    assume(lam > 0)  # λ' = 0 is a copy of the base (duplicates are handled apart)
    assert w is not None and w.lam_lo <= lam <= w.lam_hi


@given(
    seed=st.integers(0, 2**16),
    d=st.integers(2, 10),
    n=st.integers(8, 40),
    decimals=st.sampled_from([None, 1]),
    sampler=st.sampled_from(["borderline-2", "smotenc"]),
)
@example(seed=0, d=2, n=8, decimals=1, sampler="borderline-2")  # a lattice in the plane, tiny class
@example(seed=4, d=10, n=40, decimals=None, sampler="smotenc")
@example(seed=8, d=2, n=8, decimals=1, sampler="smotenc")
@example(
    seed=1, d=2, n=16, decimals=1, sampler="borderline-2"
)  # a real row between a real and a majority row
@example(seed=0, d=2, n=13, decimals=1, sampler="smotenc")  # a child of a lattice midpoint is missed
def test_no_real_row_called_synthetic(seed: int, d: int, n: int, decimals: int | None, sampler: str) -> None:
    """On imbalanced-learn's output, with the matching option: on continuous data no real row is
    called synthetic and no synthetic row real. On grid data (``decimals``) real rows do lie on
    segments between rows; such a row may be called synthetic only under the general-position
    assumption its reason states, with the data's discreteness > 0 saying it is doubtful."""
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n, d)) + rng.uniform(0, 2), rng.normal(size=(4 * n, d))])
    if decimals is not None:
        X = np.round(X, decimals)  # real rows on a grid
    y = np.r_[np.ones(n, dtype=np.intp), np.zeros(4 * n, dtype=np.intp)]
    k = min(5, n - 1)
    if sampler == "borderline-2":
        Xr, yr = BorderlineSMOTE(kind="borderline-2", k_neighbors=k, random_state=seed).fit_resample(X, y)
        opts: dict[str, object] = {"parents": "all"}
    else:
        X = np.c_[X, rng.integers(0, 3, size=(len(X), 2)).astype(np.float64)]
        Xr, yr = SMOTENC(categorical_features=[d, d + 1], k_neighbors=k, random_state=seed).fit_resample(X, y)
        opts = {"categorical_features": [d, d + 1]}
    is_real = truth(X, y, Xr, yr)
    res = distin_smote(Xr, yr, minority=1, k=k, **opts)
    v = res.verdicts
    wrong = np.flatnonzero((v == "synthetic") & is_real)
    if decimals is None:
        assert len(wrong) == 0
        assert not ((v == "real") & ~is_real).any()
    else:
        assert all(GENERAL_POSITION in res.reasons[i] for i in wrong) and (
            len(wrong) == 0 or res.discreteness > 0
        )
