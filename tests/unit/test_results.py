"""Result objects in a notebook: short repr, HTML table, labelled frames, outward float λ columns."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE, datasets
from refimpl.attacks import distin_smote, recon_smote
from refimpl.attacks.scoring import distin_scores, recon_scores
from refimpl.metrics import dcr, distinguishability_auc
from refimpl.results import MAX_REPR, InputLabels, add_float_lambdas, input_labels, result_repr
from refimpl.validate import verify_smote


@pytest.fixture(scope="module")
def ecoli() -> dict[str, object]:
    """ecoli as labelled DataFrames, resampled 1:1 by refimpl.SMOTE, and every result on it."""
    ds = datasets.load("ecoli")
    labels = pd.Index([f"r{i}" for i in range(len(ds.y))], name="record")
    X = pd.DataFrame(ds.X, columns=list(ds.feature_names), index=labels)
    y = pd.Series(ds.y, index=labels)
    sm = SMOTE(random_state=0)
    Xo, yo = sm.fit_resample(ds.X, ds.y)
    out_labels = pd.Index([f"o{i}" for i in range(len(yo))], name="out")
    Xo_frame = pd.DataFrame(Xo, columns=list(ds.feature_names), index=out_labels)
    syn = Xo[len(ds.y):][yo[len(ds.y):] == 1]
    syn_frame = pd.DataFrame(syn, columns=list(ds.feature_names))
    distin = distin_smote(Xo_frame, yo, minority=1)
    recon = recon_smote(syn_frame)
    results: dict[str, object] = {
        "conformance": verify_smote(X, y, Xo_frame, yo),
        "provenance": sm.provenance_,
        "distin": distin,
        "recon": recon,
        "distin_scores": distin_scores(distin, np.arange(len(yo)) < len(ds.y)),
        "recon_scores": recon_scores(recon, ds.X[ds.y == 1]),
        "dcr": dcr(ds.X[ds.y == 1], syn),
        "distinguishability": distinguishability_auc(ds.X[ds.y == 1], syn, n_estimators=20),
    }
    return results


NAMES = ["conformance", "provenance", "distin", "recon", "distin_scores", "recon_scores", "dcr", "distinguishability"]


@pytest.mark.parametrize("name", NAMES)
def test_repr_is_short_and_html_is_a_table(ecoli: dict[str, object], name: str) -> None:
    obj = ecoli[name]
    text = repr(obj)
    assert len(text) < MAX_REPR, text
    assert text.startswith(type(obj).__name__ + "(")
    page = obj._repr_html_()  # type: ignore[attr-defined]
    assert page.startswith("<div>") and "<table" in page and len(page) < 20_000


@pytest.mark.parametrize("name", ["conformance", "distin"])
def test_html_shows_the_head_without_building_the_whole_frame(
    ecoli: dict[str, object], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    obj = ecoli[name]
    full = obj.to_frame()  # type: ignore[attr-defined]
    expected = full.head(10).map(lambda v: v[:29] + "…" if isinstance(v, str) and len(v) > 30 else v).to_html(max_cols=12)

    def whole_frame_forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML preview built the whole frame")

    monkeypatch.setattr(type(obj), "to_frame", whole_frame_forbidden)
    monkeypatch.setattr(type(obj), "certificates_frame", whole_frame_forbidden, raising=False)
    page = obj._repr_html_()  # type: ignore[attr-defined]
    assert expected in page and f"first 10 of {len(full)} rows" in page


@pytest.mark.parametrize("name", NAMES)
def test_summary_is_json_ready(ecoli: dict[str, object], name: str) -> None:
    import json

    obj = ecoli[name]
    summary = obj.summary()  # type: ignore[attr-defined]
    text = summary if isinstance(summary, str) else json.dumps(summary)  # ConformanceReport's is text
    assert 0 < len(text) < 5000


def test_conformance_repr_was_the_long_one(ecoli: dict[str, object]) -> None:
    rep = ecoli["conformance"]
    assert "ok=True" in repr(rep)
    assert f"n_synthetic={rep.n_synthetic}" in repr(rep)  # type: ignore[attr-defined]


def test_frames_keep_the_input_labels(ecoli: dict[str, object]) -> None:
    distin = ecoli["distin"].to_frame()  # type: ignore[attr-defined]
    assert distin.index.name == "out"
    assert list(distin.index[:2]) == [f"o{r}" for r in distin["row"][:2]]
    syn = distin[distin["verdict"] == "synthetic"].iloc[0]
    assert syn["witness_a_label"] == f"o{syn['witness_a']}" and syn["witness_b_label"] == f"o{syn['witness_b']}"
    cert = ecoli["conformance"].to_frame()  # type: ignore[attr-defined]
    assert cert.index.name == "out" and cert.index[0] == f"o{cert['row'].iloc[0]}"
    first = cert.iloc[0]
    assert first["base_label"] == f"r{first['base']}" and first["neighbour_label"] == f"r{first['neighbour']}"
    recon = ecoli["recon"].to_frame()  # type: ignore[attr-defined]
    assert list(recon.columns[:7]) == list(datasets.load("ecoli").feature_names)


def test_plain_arrays_keep_positions() -> None:
    assert input_labels(np.zeros((2, 2))) == InputLabels()
    X = np.random.default_rng(0).normal(size=(60, 2))
    y = np.r_[np.zeros(40, int), np.ones(20, int)]
    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)
    frame = distin_smote(Xo, yo, minority=1).to_frame()
    assert list(frame.index) == list(range(len(frame)))


def test_float_lambda_columns_enclose_the_exact_bounds(ecoli: dict[str, object]) -> None:
    frame = ecoli["distin"].to_frame()  # type: ignore[attr-defined]
    cols = list(frame.columns)
    assert cols.index("lambda_lo_float") == cols.index("lambda_lo") + 1
    assert cols.index("lambda_hi_float") == cols.index("lambda_hi") + 1
    certified = frame[frame["lambda_lo"] != ""]
    assert len(certified) > 0
    for lo, lof, hi, hif in certified[["lambda_lo", "lambda_lo_float", "lambda_hi", "lambda_hi_float"]].itertuples(index=False):
        assert Fraction(lof) <= Fraction(lo) and Fraction(hi) <= Fraction(hif)
    assert frame.loc[frame["lambda_lo"] == "", "lambda_lo_float"].isna().all()


@given(st.fractions(), st.fractions())
@example(Fraction(1, 3), Fraction(2, 3))
@example(Fraction(1, 2**60 + 1), Fraction(10**30 + 1, 10**30))
def test_add_float_lambdas_rounds_outward(a: Fraction, b: Fraction) -> None:
    lo, hi = min(a, b), max(a, b)
    frame = add_float_lambdas(pd.DataFrame({"lambda_lo": [str(lo), None, ""], "lambda_hi": [str(hi), str(hi), ""]}))
    assert Fraction(frame["lambda_lo_float"][0]) <= lo and hi <= Fraction(frame["lambda_hi_float"][0])
    assert frame["lambda_lo_float"][1] == -np.inf  # one bound only: unbounded below
    assert np.isnan(frame["lambda_lo_float"][2]) and np.isnan(frame["lambda_hi_float"][2])


def test_repr_cuts_long_headlines() -> None:
    from dataclasses import field, make_dataclass

    from refimpl.results import ResultDisplay

    Many = make_dataclass(
        "Many", [(f"f{i}", str, field(default="x" * 100)) for i in range(12)], bases=(ResultDisplay,), repr=False
    )
    text = result_repr(Many())
    assert len(text) < MAX_REPR and text.endswith("…)")
    assert text.startswith("Many(f0='xxx")


def test_dp_results_have_short_reprs() -> None:
    import warnings

    from refimpl.dp.audit import hub_pair
    from refimpl.dp.pipelines import dp_smote, smote_then_dp

    X = np.random.default_rng(0).uniform(-1, 1, size=(40, 3))
    bounds = [(-1, 1)] * 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # seeded DP sampler: fine in a test
        releases = [smote_then_dp(X, epsilon=1, bounds=bounds, n_synthetic=500, seed=0),
                    dp_smote(X, epsilon=1, bounds=bounds, n_synthetic=500, seed=0)]
    objects: list[object] = [hub_pair(3)]
    for rel in releases:
        objects += [rel, rel.statement]
        if rel.private_diagnostics is not None:
            objects.append(rel.private_diagnostics)
    for obj in objects:
        text = repr(obj)
        assert len(text) < MAX_REPR and text.startswith(type(obj).__name__ + "("), text
        assert "<table" in obj._repr_html_()  # type: ignore[attr-defined]
