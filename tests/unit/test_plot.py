"""refimpl.plot on the Agg backend: the artists drawn are the result objects' own certificates."""

from __future__ import annotations

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib", reason="refimpl.plot needs the 'plot' extra (matplotlib)")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from refimpl import SMOTE, datasets  # noqa: E402
from refimpl.attacks import distin_smote, recon_smote  # noqa: E402
from refimpl.attacks.scoring import recovered_mask  # noqa: E402
from refimpl.plot import (  # noqa: E402
    draw_conformance,
    draw_distin,
    draw_recon,
    pca_projection,
)
from refimpl.validate import verify_smote  # noqa: E402


def _gid(ax, gid: str):  # type: ignore[no-untyped-def]
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, [c.get_gid() for c in ax.collections]
    return found[0]


@pytest.fixture(scope="module")
def toy():  # type: ignore[no-untyped-def]
    ds = datasets.gaussian_toy(0)
    X, y = np.asarray(ds.X), np.asarray(ds.y)
    Xr, yr = SMOTE(random_state=0).fit_resample(X, y)
    return X, y, Xr, yr


def test_distin_certificates_are_the_witness_segments(toy) -> None:  # type: ignore[no-untyped-def]
    X, _, Xr, yr = toy
    res = distin_smote(Xr, yr, minority=1)
    fig, ax = plt.subplots()
    drawn = draw_distin(ax, Xr, res, is_real=np.arange(len(yr)) < len(X))
    segs = np.asarray(_gid(ax, "certificates").get_segments())
    assert len(drawn) == res.counts()["synthetic"] == len(segs) > 0
    assert np.array_equal(segs[:, 0], Xr[[a for _, a, _ in drawn]])
    assert np.array_equal(segs[:, 1], Xr[[b for _, _, b in drawn]])
    assert len(_gid(ax, "wrong").get_offsets()) == 0  # the toy is in general position: no wrong verdict
    assert ax.get_legend() is not None
    plt.close(fig)


def test_recon_lines_boxes_and_records(toy) -> None:  # type: ignore[no-untyped-def]
    X, y, _, _ = toy
    real = X[y == 1]
    Xr, _ = SMOTE(sampling_strategy={1: 11 * len(real)}, random_state=0).fit_resample(X, y)
    syn = Xr[len(X):]
    res = recon_smote(syn)
    fig, ax = plt.subplots()
    segs = draw_recon(ax, syn, res, real=real)
    assert len(segs) == len(res.lines) > 0
    assert len(_gid(ax, "boxes").get_segments()) == len(res) > 0
    assert len(_gid(ax, "points").get_offsets()) == len(res)
    assert len(_gid(ax, "rebuilt").get_offsets()) == int(recovered_mask(res, real).sum()) > 0
    plt.close(fig)


def test_conformance_violations_are_drawn_by_status() -> None:
    ds = datasets.load("ecoli")
    Xo, yo = SMOTE(random_state=0).fit_resample(ds.X, ds.y)
    broken = Xo.copy()
    broken[len(ds.y):len(ds.y) + 5] += 1e-3  # five rows pushed off their segments
    rep = verify_smote(ds.X, ds.y, broken, yo)
    assert not rep.ok
    fig, ax = plt.subplots()
    rows = draw_conformance(ax, ds.X, broken, rep, project=pca_projection(ds.X))
    assert sorted(rows) == list(range(len(ds.y), len(ds.y) + 5))
    gids = {c.get_gid() for c in ax.collections}
    assert {f"violation-{c.status}" for c in rep.certificates if not c.ok} <= gids
    plt.close(fig)
