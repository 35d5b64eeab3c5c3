"""Figures that teach what the paper claims, drawn with matplotlib (Agg) and written as PNG.

    python bench/plots.py [--out docs/assets/figures] [--gif [DIR]]

Everything is computed, with fixed seeds, from the public API: the toy is
:func:`refimpl.datasets.gaussian_toy` (seed 0: 500 majority, 20 minority points in 2-D),
oversampled by :class:`refimpl.SMOTE` (k = 5) with its provenance, and attacked by
``refimpl.attacks.distin_smote`` and ``recon_smote``.

* ``toy-segments.png``: real and synthetic minority points and the segment between the two
  real parents of 60 of the synthetic points (SMOTE's provenance). Every synthetic point sits
  on such a segment: that is the whole leak.
* ``toy-distin.png``: DistinSMOTE on the toy augmented to 1:1 (20 real + 480 synthetic
  minority rows). Every verdict; for every ``synthetic`` verdict its certificate, the witness
  segment between rows ``witnesses[i].a`` and ``.b`` of the augmented data (:func:`draw_distin`);
  wrong verdicts ringed and counted; the parents' segments faintly behind as ground truth
  the attack never sees; a zoom with three certificates picked out; and a census of how the
  witness pairs relate to the true parents (:func:`refimpl.attacks.scoring.certificate_census`).
* ``toy-recon.png``: ReconSMOTE on the toy's synthetic rows alone at 1:10 (200 rows). Each
  detected line drawn through its two anchors and extended to the reconstructed points it
  supports (:func:`draw_recon`), the reconstructed points with their certified radius, and
  the hidden real records, rebuilt (some point's certified box holds them) or missed.
* ``recall-vs-ratio.png`` (from :func:`recall_vs_ratio`, called by ``paper_tables.py``):
  ReconSMOTE's recall against the synthetic/real ratio, per data set, with the paper's range.
* ``naive-vs-attacks.png`` (:func:`naive_vs_attacks`): the naive metrics next to the attacks.

With ``--gif [DIR]`` (default bench/results, where ``*.gif`` is git-ignored; about 10 s),
three animated GIFs as well:

* ``toy-animation.gif``: SMOTE's steps on the toy one by one, then DistinSMOTE's verdicts;
* ``toy-distin-animation.gif`` (:func:`distin_animation`): the 1:1 toy's minority rows
  unlabelled, then eight of them decided one by one (a synthetic one with its witness
  segment), the rest in batches, and the final verdicts with the error count;
* ``toy-recon-animation.gif`` (:func:`recon_animation`): the 1:10 release, the detected lines
  appearing, the lines meeting at the reconstructed points, then the hidden truth.

The attacks are imported lazily; without them their figures are skipped (listed as such).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl import SMOTE, attacks  # noqa: E402
from refimpl import plot as rplot  # noqa: E402
from refimpl.attacks.scoring import certificate_census, recovered_mask  # noqa: E402, F401
from refimpl.datasets import gaussian_toy  # noqa: E402
from refimpl.plot import VERDICT_STYLE, recon_line_segments  # noqa: E402, F401
from refimpl.plot import one_digit_up as _one_digit_up  # noqa: E402, F401

FIGURES = ROOT / "docs" / "assets" / "figures"
K = 5
#: The paper's ReconSMOTE recall at each synthetic/real ratio (Ganev et al., ICLR 2026): (low, high).
PUBLISHED_RECALL_BY_RATIO: dict[int, tuple[float, float]] = {
    1: (0.0, 0.0),
    2: (0.0, 0.017),
    5: (0.09, 0.20),
    10: (0.68, 0.82),
    20: (0.97, 0.99),
    25: (0.99, 1.0),
    50: (1.0, 1.0),
    75: (1.0, 1.0),
    100: (1.0, 1.0),
}


#: What each figure shows, in words: the captions of docs/reference/paper-tables.md.
CAPTIONS: dict[str, str] = {
    "toy-segments.png": (
        "The 2-D toy (`gaussian_toy(0)`: 500 majority, 20 minority points) oversampled to 1:1 by SMOTE "
        "(k = 5, seed 0). Grey: real majority; blue: real minority; red ×: the first 60 of the 480 "
        "synthetic points; orange: for each of them, the segment between its two real parents, from "
        "SMOTE's provenance. Every synthetic point lies on such a segment."
    ),
    "naive-vs-attacks.png": (
        "Augmented 1:1 release, per data set. Bars: our means of the random forest's distinguishability "
        "AUC, the two classifier-mode MIA AUCs and DistinSMOTE's precision and recall; open dots: the "
        "paper's figures where it has one; dashed line: 0.5."
    ),
    "toy-distin.png": (
        "DistinSMOTE on the same 1:1 toy (500 minority rows: 20 real, 480 synthetic). Left: every verdict "
        "(blue: real, red ×: synthetic, green: ambiguous) and, for every synthetic verdict, its "
        "certificate: the witness segment (purple) between the two rows the kernel certified the point "
        "strictly between (`witnesses[i].a`, `.b`). A wrong verdict would be ringed in black; the legend "
        "counts them. The wide grey lines behind are the parents' segments from SMOTE's provenance: "
        "ground truth, not seen by the attack. The certificates lie on them, but the witness pair is "
        "seldom the point's own parents; the line under the figure counts how often it is, how often it "
        "is two other points of the parents' segment, and how often anything else. Right: a zoom around "
        "the real record on which most certificates end, with three certificates picked out (◇: the "
        "witnesses of the matching ×)."
    ),
    "toy-recon.png": (
        "ReconSMOTE on the toy's synthetic rows alone: the 20 real minority points oversampled to 1:10 "
        "(200 synthetic rows, seed 0); only the red dots go to the attack. Orange: each line it detected "
        "(`res.lines`), drawn through its two anchors and extended to the reconstructed points it "
        "supports (`res.support`); dashed grey: a detected line that supports no reported point. Black +: "
        "the reconstructed points (`res.points`), with the largest certified radius, rounded up, in the "
        "legend. Circles: the hidden real records, blue when some point's certified box holds the record "
        "(compared exactly: rebuilt), dashed grey when none does (missed). The title gives rebuilt / total, as "
        "scored by `refimpl.attacks.scoring.recon_scores`."
    ),
    "recall-vs-ratio.png": (
        "ReconSMOTE recall on the synthetic-only releases against the synthetic/real ratio (log scale): "
        "mean ± std over the SMOTE seeds, one line per data set; grey band: the paper's range at each ratio."
    ),
}


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    _plt().close(fig)
    return path


def toy_smote(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """The toy, SMOTE-augmented 1:1: (X, y, X_resampled, provenance)."""
    ds = gaussian_toy(seed)
    X, y = np.array(ds.X), np.array(ds.y)
    sm = SMOTE(k_neighbors=K, random_state=seed)
    Xr, _ = sm.fit_resample(X, y)
    return X, y, np.asarray(Xr), sm.provenance_


def toy_segments(out: Path, seed: int = 0, n_shown: int = 60) -> Path:
    """Real points, synthetic points and their parent segments on the 2-D toy."""
    plt = _plt()
    X, y, Xr, prov = toy_smote(seed)
    syn = Xr[X.shape[0] :][:n_shown]
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.scatter(*X[y == 0].T, s=8, c="0.8", label="real majority")
    for b, n in zip(prov.base[:n_shown], prov.neighbour[:n_shown]):
        ax.plot(*np.c_[X[b], X[n]], c="tab:orange", lw=0.7, alpha=0.6)
    ax.scatter(*syn.T, s=14, marker="x", c="tab:red", label=f"synthetic ({n_shown} of {len(prov)})")
    ax.scatter(*X[y == 1].T, s=30, c="tab:blue", edgecolor="k", label="real minority")
    ax.plot([], [], c="tab:orange", label="segment between the parents")
    ax.set_title("SMOTE: every synthetic point lies on a segment between two real points")
    ax.legend(loc="upper right", fontsize=8)
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    return _save(fig, out / "toy-segments.png")


def draw_distin(ax: Any, Xr: np.ndarray, res: Any, n_real: int, shown: Any = None,
                *, legend: bool = True) -> list[tuple[int, int, int]]:
    """`refimpl.plot.draw_distin` with the truth of the toy: rows before ``n_real`` are real."""
    is_real = np.arange(Xr.shape[0]) < n_real
    return rplot.draw_distin(ax, Xr, res, is_real=is_real, shown=shown, legend=legend)


def draw_recon(ax: Any, real: np.ndarray, syn: np.ndarray, res: Any, *, lines: Any = None, points: Any = None,
               truth: bool = True, legend: bool = True) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """`refimpl.plot.draw_recon`, with the hidden real records when ``truth``."""
    return rplot.draw_recon(ax, syn, res, real=real if truth else None, lines=lines, points=points, legend=legend)


def toy_distin_run(seed: int = 0) -> tuple[np.ndarray, np.ndarray, Any, Any, int] | None:
    """The 1:1 toy and DistinSMOTE's result on it: (X, Xr, provenance, result, rows of real data), or None."""
    X, y, Xr, prov = toy_smote(seed)
    yr = np.r_[y, np.ones(len(prov), dtype=y.dtype)]
    return X, Xr, prov, attacks.distin_smote(Xr, yr, minority=1, k=K), X.shape[0]


def _examples(Xr: np.ndarray, drawn: Sequence[tuple[int, int, int]], centre: np.ndarray, half: float,
              n: int = 3) -> list[tuple[int, int, int]]:
    """Up to ``n`` certificates inside the square around ``centre``, nearest first, in clearly
    different directions and with no endpoint in common (so each is seen on its own)."""
    inside = [c for c in drawn if all(np.max(np.abs(Xr[i] - centre)) < half for i in c)]
    inside.sort(key=lambda c: float(np.linalg.norm(Xr[c[0]] - centre)))

    def unit(c: tuple[int, int, int]) -> np.ndarray:
        u = Xr[c[2]] - Xr[c[1]]
        return np.asarray(u / np.linalg.norm(u))

    picked: list[tuple[int, int, int]] = []
    for c in inside:
        if all(abs(float(unit(c) @ unit(p))) < np.cos(np.radians(25)) and not {c[1], c[2]} & {p[1], p[2]} for p in picked):
            picked.append(c)
        if len(picked) == n:
            break
    return picked


def toy_distin(out: Path, seed: int = 0) -> Path | None:
    """DistinSMOTE's verdicts and witness segments on the augmented toy, or None without the attack.

    Left: every verdict, every certificate, and the parents' segments (SMOTE's provenance)
    faintly behind as ground truth the attack never sees. Right: a zoom around the real
    record on which most certificates end, with three certificates picked out.
    """
    run = toy_distin_run(seed)
    if run is None:
        return None
    from matplotlib.collections import LineCollection

    X, Xr, prov, res, n_real = run
    plt = _plt()
    fig, (ax, zoom) = plt.subplots(1, 2, figsize=(12, 6), gridspec_kw={"width_ratios": [1.15, 1]})
    truth = [np.c_[X[b], X[n]].T for b, n in zip(prov.base, prov.neighbour)]
    ax.add_collection(LineCollection(truth, colors="0.8", linewidths=2.5, zorder=0,
                                     label="ground truth: parents' segments (not seen by the attack)"))
    drawn = draw_distin(ax, Xr, res, n_real, legend=False)
    census = certificate_census(drawn, prov)
    ax.autoscale_view()
    ax.set_title("DistinSMOTE: a point strictly between two others is synthetic", fontsize=10)
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    fig.text(0.5, -0.12, f"Witness pair checked against the truth: the point's own parents {census['parents']}, "
             f"two other points on its parents' segment {census['same segment']}, anything else {census['other']}.",
             ha="center", fontsize=9)
    idx = np.asarray(res.index)
    ends = np.bincount(np.asarray([c[i] for c in drawn for i in (1, 2)], dtype=np.intp), minlength=Xr.shape[0])
    real_rows = idx[idx < n_real]
    if drawn and real_rows.size:
        centre = Xr[real_rows[np.argmax(ends[real_rows])]]
        half = 0.08 * float(np.ptp(Xr[idx], axis=0).max())
        zoom.add_collection(LineCollection(truth, colors="0.8", linewidths=2.5, zorder=0))
        draw_distin(zoom, Xr, res, n_real, legend=False)
        handles = []
        for i, (r, a, b) in enumerate(_examples(Xr, drawn, centre, half)):
            color = f"C{i + 4}"
            zoom.plot(*Xr[[a, b]].T, c=color, lw=3, alpha=0.8, zorder=5, solid_capstyle="round")
            zoom.scatter(*Xr[[a, b]].T, s=70, marker="D", facecolors="none", edgecolors=color, linewidths=2, zorder=6)
            handles.append(zoom.scatter(*Xr[r], s=90, marker="x", c=color, linewidths=2.5, zorder=6,
                                        label=f"row {r} strictly between rows {a} and {b} (◇: its witnesses)"))
        zoom.set_xlim(centre[0] - half, centre[0] + half)
        zoom.set_ylim(centre[1] - half, centre[1] + half)
        zoom.set_title("zoom: certificates lie on the parents' segments", fontsize=10)
        zoom.legend(handles=handles, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.04))
        zoom.set_xticks([])
        zoom.set_yticks([])
        ax.indicate_inset_zoom(zoom, edgecolor="0.3")
    return _save(fig, out / "toy-distin.png")


def toy_recon_run(seed: int = 0, ratio: int = 10) -> tuple[np.ndarray, np.ndarray, Any, Any] | None:
    """The toy's synthetic rows at 1:``ratio`` and ReconSMOTE's result: (real minority, synthetic, result, scores)."""
    ds = gaussian_toy(seed)
    X, y = np.array(ds.X), np.array(ds.y)
    real = X[y == 1]
    # imbalanced-learn's dict strategy is the class's count after resampling: real + synthetic
    sm = SMOTE(k_neighbors=K, sampling_strategy={1: (ratio + 1) * real.shape[0]}, random_state=seed)
    Xr, _ = sm.fit_resample(X, y)
    syn = np.asarray(Xr)[X.shape[0] :]
    res = attacks.recon_smote(syn, k=K)
    return real, syn, res, attacks.scoring.recon_scores(res, real)


def toy_recon(out: Path, seed: int = 0, ratio: int = 10) -> Path | None:
    """ReconSMOTE from the synthetic rows only (ratio × the real minority), or None without it."""
    run = toy_recon_run(seed, ratio)
    if run is None:
        return None
    real, syn, res, scores = run
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 6))
    draw_recon(ax, real, syn, res, legend=False)
    ax.autoscale_view()
    ax.set_title(f"ReconSMOTE at 1:{ratio}: {scores.matched} of {scores.real} real records rebuilt "
                 f"from {syn.shape[0]} synthetic rows alone", fontsize=10)
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    fig.text(0.5, -0.1, f"{len(res.lines)} lines found; a point is reported where ≥ {res.min_lines} of them meet. "
             f"Reconstructed points matching no real record: {scores.predicted - scores.matched}.",
             ha="center", fontsize=8)
    return _save(fig, out / "toy-recon.png")


def recall_vs_ratio(frame: Any, out: Path) -> Path | None:
    """ReconSMOTE recall (mean ± std over seeds) against the ratio, per data set, with the paper's range."""
    if frame is None or "recon_recall" not in frame or frame["recon_recall"].isna().all():
        return None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ratios = sorted(PUBLISHED_RECALL_BY_RATIO)
    ax.fill_between(ratios, [PUBLISHED_RECALL_BY_RATIO[r][0] for r in ratios],
                    [PUBLISHED_RECALL_BY_RATIO[r][1] for r in ratios], color="0.85", label="paper (range)")
    for name, part in frame.groupby("dataset", sort=False):
        g = part.groupby("ratio")["recon_recall"].agg(["mean", "std"]).reset_index()
        ax.errorbar(g["ratio"], g["mean"], yerr=g["std"].fillna(0), marker="o", ms=4, capsize=2, label=str(name))
    ax.set_xscale("log")
    ax.set_xlabel("synthetic rows per real minority row (log)")
    ax.set_ylabel("ReconSMOTE recall")
    ax.set_ylim(-0.03, 1.05)
    ax.set_title("More synthetic rows, more real records rebuilt")
    ax.legend(fontsize=7, ncol=2)
    return _save(fig, out / "recall-vs-ratio.png")


def naive_vs_attacks(summary: Any, out: Path, published: dict[str, dict[str, float]] | None = None) -> Path:
    """Per data set: distinguishability AUC, MIA AUCs and DistinSMOTE P/R (bars: ours; dots: paper)."""
    plt = _plt()
    columns = [
        ("dist_auc", "naive: RF AUC", None),
        ("mia_classifier_auc", "MIA clf AUC", "mia_clf"),
        ("mia_augmented_auc", "MIA aug+clf AUC", "mia_aug"),
        ("distin_precision", "DistinSMOTE P", "distin_p"),
        ("distin_recall", "DistinSMOTE R", "distin_r"),
    ]
    names = [str(n) for n in summary["dataset"]]
    width = 0.8 / len(columns)
    fig, ax = plt.subplots(figsize=(8.5, 4.5))
    for i, (col, label, key) in enumerate(columns):
        x = np.arange(len(names)) + i * width
        color = f"C{i}"
        if col in summary and not summary[col].isna().all():
            ax.bar(x, summary[col].to_numpy(dtype=float), width, label=label, color=color)
        else:
            ax.bar(x, np.zeros(len(names)), width, label=f"{label} (n/a here)", color=color)
        if published is not None and key is not None:
            paper = [published.get(n, {}).get(key, np.nan) for n in names]
            ax.scatter(x, paper, marker="o", facecolors="white", edgecolors=color, zorder=3, s=28)
    ax.scatter([], [], marker="o", facecolors="white", edgecolors="k", label="paper")
    ax.axhline(0.5, c="k", lw=0.7, ls="--")
    ax.set_xticks(np.arange(len(names)) + width * (len(columns) - 1) / 2, names, rotation=20, fontsize=8)
    ax.set_ylim(0, 1.08)
    ax.set_title("Augmented 1:1: naive metric and MIA (bars: ours) vs the geometric attack (dots: paper)", fontsize=10)
    ax.legend(fontsize=7, ncol=3, loc="lower center", bbox_to_anchor=(0.5, -0.36))
    return _save(fig, out / "naive-vs-attacks.png")


def _frame(fig: Any) -> Any:
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    _plt().close(fig)
    buf.seek(0)
    return Image.open(buf).convert("P", palette=Image.Palette.ADAPTIVE)


def toy_animation(out: Path, seed: int = 0, n_steps: int = 24) -> Path:
    """An animated GIF of the toy: SMOTE's steps one by one, then DistinSMOTE's verdicts (if importable).

    Not committed (it is large); ``python bench/plots.py --gif`` writes it next to the results.
    """
    plt = _plt()
    X, y, Xr, prov = toy_smote(seed)
    real = X[y == 1]
    syn = Xr[X.shape[0] :]
    lo, hi = real.min(axis=0) - 0.2, real.max(axis=0) + 0.2

    def canvas(title: str) -> tuple[Any, Any]:
        fig, ax = plt.subplots(figsize=(5, 4.2))
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.set_title(title, fontsize=10)
        return fig, ax

    frames = []
    for step in range(n_steps + 1):
        fig, ax = canvas(f"SMOTE step {step}: x + λ(n − x) for a random pair" if step else "the real minority")
        ax.scatter(*real.T, s=30, c="tab:blue", edgecolor="k", zorder=3)
        if step:
            ax.scatter(*syn[: step - 1].T, s=14, marker="x", c="tab:red")
            b, n = prov.base[step - 1], prov.neighbour[step - 1]
            ax.plot(*np.c_[X[b], X[n]], c="tab:orange", lw=1.5)
            ax.scatter(*syn[step - 1], s=60, marker="x", c="tab:red", zorder=4)
        frames.append(_frame(fig))
    yr = np.r_[y, np.ones(len(prov), dtype=y.dtype)]
    res = attacks.distin_smote(Xr, yr, minority=1, k=K)
    idx, verdicts = np.asarray(res.minority_index), np.asarray(res.verdicts)
    fig, ax = canvas("DistinSMOTE: strictly between two others → synthetic")
    for verdict, color in (("real", "tab:blue"), ("synthetic", "tab:red"), ("ambiguous", "tab:green")):
        ax.scatter(*Xr[idx[verdicts == verdict]].T, s=14, c=color, label=verdict)
    ax.legend(fontsize=8)
    frames += [_frame(fig)] * 4
    path = out / "toy-animation.gif"
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=400, loop=0)
    return path


def _gif(frames: list[Any], durations: list[int], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return path


def _anim_canvas(points: np.ndarray, title: str) -> tuple[Any, Any]:
    """A fixed-size frame whose limits fit ``points``, with room for a legend below."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 6))
    fig.subplots_adjust(bottom=0.24, top=0.92)
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.05 * (hi - lo)
    ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
    ax.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
    ax.set_title(title, fontsize=9)
    return fig, ax


def _legend_below(ax: Any) -> None:
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2)


def distin_animation(out: Path, seed: int = 0, n_single: int = 8, n_batches: int = 4) -> Path | None:
    """An animated GIF of DistinSMOTE on the 1:1 toy, or None without the attack.

    The minority rows start unlabelled; ``n_single`` of them (a fixed random choice, a quarter
    of them with verdict ``real``) get their verdict one by one, a synthetic one with its
    witness segment drawn thick; the others follow in ``n_batches`` steps; the last frame is
    the full picture with the error count.
    """
    run = toy_distin_run(seed)
    if run is None:
        return None
    _, Xr, _, res, n_real = run
    idx, verdicts = np.asarray(res.index), np.asarray(res.verdicts)
    pts = Xr[idx]
    order = np.random.default_rng(seed).permutation(idx.size)
    n_real_single = max(1, n_single // 4)
    reals = [int(p) for p in order if verdicts[p] == "real"][:n_real_single]
    others = [int(p) for p in order if verdicts[p] != "real"][: n_single - len(reals)]
    singles = sorted(reals + others, key=lambda p: int(np.flatnonzero(order == p)[0]))
    rest = [int(p) for p in order if p not in set(singles)]
    frames, durations = [], []

    def frame(shown: list[int], title: str, hold: int, focus: int | None = None) -> None:
        fig, ax = _anim_canvas(pts, title)
        hidden = np.setdiff1d(np.arange(idx.size), shown)
        ax.scatter(*Xr[idx[hidden]].T, s=8, c="0.6", zorder=1, label=f"not yet decided ({hidden.size})")
        draw_distin(ax, Xr, res, n_real, shown, legend=False)
        if focus is not None:
            w = res.witnesses[focus]
            if w is not None and verdicts[focus] == "synthetic":
                ax.plot(*Xr[[w.a, w.b]].T, c="tab:purple", lw=3.5, zorder=5, solid_capstyle="round")
                ax.scatter(*Xr[[w.a, w.b]].T, s=70, marker="D", facecolors="none", edgecolors="tab:purple",
                           linewidths=2, zorder=6, label="its witnesses a, b")
            ax.scatter(*Xr[idx[focus]], s=220, facecolors="none", edgecolors="tab:orange", linewidths=2.5,
                       zorder=6, label="the row being decided")
        _legend_below(ax)
        frames.append(_frame(fig))
        durations.append(hold)

    frame([], f"The attacker sees {idx.size} minority rows; which are real?", 1500)
    for j, p in enumerate(singles):
        w = res.witnesses[p]
        if verdicts[p] == "synthetic" and w is not None:
            title = f"row {idx[p]}: strictly between rows {w.a} and {w.b}, certified → synthetic"
        elif verdicts[p] == "real":
            title = f"row {idx[p]}: between no two of its candidates → real"
        else:
            title = f"row {idx[p]}: {res.reasons[p]} → {verdicts[p]}"
        frame(singles[: j + 1], title, 1400, focus=p)
    for b in range(1, n_batches):  # the last batch is the final frame
        shown = singles + rest[: round(b * len(rest) / n_batches)]
        frame(shown, f"every row in turn: {len(shown)} of {idx.size} decided", 700)
    truth = np.where(idx < n_real, "real", "synthetic")
    wrong = int(np.count_nonzero((verdicts != truth) & (verdicts != "ambiguous")))
    c = res.counts()
    frame(list(range(idx.size)), f"DistinSMOTE: {c['real']} real, {c['synthetic']} synthetic, "
          f"{c['ambiguous']} ambiguous; {wrong} wrong", 3500)
    return _gif(frames, durations, out / "toy-distin-animation.gif")


def recon_animation(out: Path, seed: int = 0, ratio: int = 10, n_line_frames: int = 5,
                    n_meet_frames: int = 6) -> Path | None:
    """An animated GIF of ReconSMOTE on the toy's synthetic rows at 1:``ratio``, or None without it.

    The release alone; the detected lines appearing (their member rows darkened); the lines
    extended to where ≥ ``min_lines`` of them meet, point by point; then the hidden real
    records revealed under the reconstruction.
    """
    run = toy_recon_run(seed, ratio)
    if run is None:
        return None
    real, syn, res, scores = run
    pts = np.asarray(res.points, dtype=np.float64).reshape(-1, syn.shape[1])
    everything = np.concatenate([syn, real, pts])
    frames, durations = [], []

    def frame(title: str, hold: int, lines: list[int], points: list[int] | None, truth: bool = False) -> None:
        fig, ax = _anim_canvas(everything, title)
        draw_recon(ax, real, syn, res, lines=lines, points=points, truth=truth, legend=False)
        members = sorted({m for li in lines for m in res.lines[li].members})
        if members and not truth:
            ax.scatter(*syn[members].T, s=14, c="tab:red", zorder=2, label=f"rows on a shown line ({len(members)})")
        _legend_below(ax)
        frames.append(_frame(fig))
        durations.append(hold)

    n_lines, n_pts = len(res.lines), len(pts)
    frame(f"The release: {syn.shape[0]} synthetic rows; the {real.shape[0]} real records are hidden", 1500, [], [])
    for f in range(1, n_line_frames + 1):
        shown = list(range(round(f * n_lines / n_line_frames)))
        frame(f"collinear triples grow into lines: {len(shown)} of {n_lines}", 900, shown, [])
    every = list(range(n_lines))
    for f in range(1, n_meet_frames + 1):
        shown_p = list(range(round(f * n_pts / n_meet_frames)))
        frame(f"lines meet: {len(shown_p)} of {n_pts} points where ≥ {res.min_lines} lines cross", 900, every, shown_p)
    frame(f"the hidden truth: {scores.matched} of {scores.real} real records rebuilt, "
          f"{scores.predicted - scores.matched} false", 3500, every, None, truth=True)
    return _gif(frames, durations, out / "toy-recon-animation.gif")


def main(argv: Sequence[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=FIGURES)
    parser.add_argument("--gif", type=Path, nargs="?", const=ROOT / "bench" / "results",
                        help="also write the animated GIFs to this directory (default bench/results)")
    args = parser.parse_args(argv)
    written = [toy_segments(args.out)]
    if args.gif is not None:
        written.append(toy_animation(args.gif))
        for animate in (distin_animation, recon_animation):
            gif = animate(args.gif)
            if gif is not None:
                written.append(gif)
    for draw in (toy_distin, toy_recon):
        path = draw(args.out)
        if path is None:
            print(f"skipped {draw.__name__}: the attacks are not importable yet")
        else:
            written.append(path)
    for p in written:
        print(p)
    return written


if __name__ == "__main__":
    main()
