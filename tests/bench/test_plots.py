"""bench/plots.py: the attack figures draw the attacks' own output, and the GIFs animate it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench import plots
from refimpl.attacks.scoring import certificate_census, recovered_mask


@pytest.fixture(scope="module")
def distin_run():  # type: ignore[no-untyped-def]
    run = plots.toy_distin_run(0)
    assert run is not None
    return run


@pytest.fixture(scope="module")
def recon_run():  # type: ignore[no-untyped-def]
    run = plots.toy_recon_run(0, ratio=10)
    assert run is not None
    return run


def test_certificate_segments_are_the_witnesses(distin_run) -> None:  # type: ignore[no-untyped-def]
    _, Xr, prov, res, n_real = distin_run
    plt = plots._plt()
    fig, ax = plt.subplots()
    drawn = plots.draw_distin(ax, Xr, res, n_real)
    synthetic = [p for p, v in enumerate(res.verdicts) if v == "synthetic"]
    expected = [(int(res.index[p]), res.witnesses[p].a, res.witnesses[p].b) for p in synthetic]
    assert len(synthetic) == 480 and drawn == expected
    # what is on the canvas is those witness pairs' coordinates, not SMOTE's provenance
    (coll,) = [c for c in ax.collections if c.get_gid() == "certificates"]
    segs = np.asarray(coll.get_segments())
    assert np.array_equal(segs[:, 0], Xr[[a for _, a, _ in expected]])
    assert np.array_equal(segs[:, 1], Xr[[b for _, _, b in expected]])
    census = certificate_census(drawn, prov)
    assert sum(census.values()) == len(drawn) and census["other"] == 0
    assert 0 < census["parents"] < len(drawn)  # mostly not the parents: a drawing of provenance would fail here
    plt.close(fig)


def test_distin_subset_draws_only_the_shown_certificates(distin_run) -> None:  # type: ignore[no-untyped-def]
    _, Xr, _, res, n_real = distin_run
    plt = plots._plt()
    fig, ax = plt.subplots()
    shown = [p for p, v in enumerate(res.verdicts) if v == "synthetic"][:5] + [
        p for p, v in enumerate(res.verdicts) if v == "real"][:2]
    drawn = plots.draw_distin(ax, Xr, res, n_real, shown)
    assert [r for r, _, _ in drawn] == [int(res.index[p]) for p in shown[:5]]
    plt.close(fig)


def test_recon_lines_run_through_anchors_to_their_points(recon_run) -> None:  # type: ignore[no-untyped-def]
    real, syn, res, scores = recon_run
    plt = plots._plt()
    fig, ax = plt.subplots()
    segs = plots.draw_recon(ax, real, syn, res)
    assert [li for li, _, _ in segs] == list(range(len(res.lines))) and len(segs) > 0
    pts = np.asarray(res.points)
    for li, start, end in segs:
        line = res.lines[li]
        u = end - start
        through = [syn[i] for i in line.anchors] + [pts[p] for p, s in enumerate(res.support) if li in s]
        for q in through:
            t = float((q - start) @ u / (u @ u))
            assert -1e-9 <= t <= 1 + 1e-9  # within the drawn segment
            assert np.linalg.norm(start + t * u - q) < 1e-9  # on it
    # the drawing's "rebuilt" marks agree with the scorer's count (no box holds two records here)
    assert int(recovered_mask(res, real).sum()) == scores.matched == 16 and scores.real == 20
    plt.close(fig)


def test_one_digit_up_is_an_upper_bound() -> None:
    for q in (Fraction(517, 2**57), Fraction(7, 10**15), Fraction(99, 10), Fraction(1, 3), Fraction(10), Fraction(11)):
        text = plots._one_digit_up(q)
        m, e = text.split("e")
        bound = int(m) * Fraction(10) ** int(e)
        assert bound >= q and bound < 10 * q and 1 <= int(m) <= 9, (q, text)
    assert plots._one_digit_up(Fraction(11)) == "2e1" and plots._one_digit_up(0) == "0"


def test_main_writes_valid_pngs_and_gifs(tmp_path: Path) -> None:
    written = plots.main(["--out", str(tmp_path / "fig"), "--gif", str(tmp_path / "gif")])
    names = {p.name for p in written}
    assert {"toy-segments.png", "toy-distin.png", "toy-recon.png"} <= names
    assert {"toy-animation.gif", "toy-distin-animation.gif", "toy-recon-animation.gif"} <= names
    for p in written:
        with Image.open(p) as im:
            im.verify()  # the whole file parses (verify must come first on a fresh image)
        with Image.open(p) as im:
            assert im.format == ("GIF" if p.suffix == ".gif" else "PNG"), p
            if p.suffix == ".gif":
                assert im.n_frames > 1, p
