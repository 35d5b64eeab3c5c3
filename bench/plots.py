"""Figures that teach what the paper claims, drawn with matplotlib (Agg) and written as PNG.

    python bench/plots.py [--out docs/assets/figures] [--gif [DIR]]

* ``toy-segments.png``: the 2-D toy, real and synthetic minority points, and the segment
  between the two real parents of every synthetic point (from :class:`refimpl.SMOTE`'s
  provenance). Every synthetic point sits on one of these segments: that is the whole leak.
* ``toy-distin.png``: DistinSMOTE's verdicts on the toy (when the attacks are importable).
* ``toy-recon.png``: ReconSMOTE's reconstructed points over the truth, from synthetic rows
  only (when the attacks are importable).
* ``recall-vs-ratio.png`` (from :func:`recall_vs_ratio`, called by ``paper_tables.py``):
  ReconSMOTE's recall against the synthetic/real ratio, per data set, with the paper's range.
* ``naive-vs-attacks.png`` (:func:`naive_vs_attacks`): the naive metrics next to the attacks.
* ``toy-animation.gif`` (``--gif``, not committed): SMOTE's steps on the toy one by one, then
  DistinSMOTE's verdicts when the attack is importable.

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

from refimpl import SMOTE  # noqa: E402
from refimpl.datasets import gaussian_toy  # noqa: E402

FIGURES = ROOT / "docs" / "assets" / "figures"
K = 5
#: The paper's ReconSMOTE recall at each synthetic/real ratio (DESIGN.md §2): (low, high).
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


def attacks_module() -> Any | None:
    """``refimpl.attacks`` with ``distin_smote`` and ``recon_smote``, or None before they exist."""
    try:
        import refimpl.attacks as attacks

        if not hasattr(attacks, "distin_smote"):
            from refimpl.attacks.distin import distin_smote

            attacks.distin_smote = distin_smote  # type: ignore[attr-defined]
        if not hasattr(attacks, "recon_smote"):
            from refimpl.attacks.recon import recon_smote

            attacks.recon_smote = recon_smote  # type: ignore[attr-defined]
        from refimpl.attacks import scoring  # noqa: F401
    except ImportError:
        return None
    return attacks


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


def toy_distin(out: Path, seed: int = 0) -> Path | None:
    """DistinSMOTE's verdicts on the augmented toy, or None without the attack."""
    attacks = attacks_module()
    if attacks is None:
        return None
    plt = _plt()
    X, y, Xr, prov = toy_smote(seed)
    yr = np.r_[y, np.ones(len(prov), dtype=y.dtype)]
    res = attacks.distin_smote(Xr, yr, minority=1, k=K)
    idx = np.asarray(res.minority_index)
    verdicts = np.asarray(res.verdicts)
    fig, ax = plt.subplots(figsize=(6, 5))
    for b, n in zip(prov.base, prov.neighbour):
        ax.plot(*np.c_[X[b], X[n]], c="0.85", lw=0.5, zorder=0)
    styles = {"real": ("tab:blue", "o"), "synthetic": ("tab:red", "x"), "ambiguous": ("tab:green", "s")}
    for verdict, (color, marker) in styles.items():
        rows = idx[verdicts == verdict]
        truth = np.where(rows < X.shape[0], "real", "synthetic")
        wrong = int(np.count_nonzero(truth != verdict)) if verdict != "ambiguous" else 0
        ax.scatter(*Xr[rows].T, s=22, c=color, marker=marker, label=f"said {verdict}: {rows.size} ({wrong} wrong)")
    ax.set_title("DistinSMOTE: a point strictly between two others is synthetic")
    ax.legend(fontsize=8)
    return _save(fig, out / "toy-distin.png")


def toy_recon(out: Path, seed: int = 0, ratio: int = 10) -> Path | None:
    """ReconSMOTE from the synthetic rows only (ratio × the real minority), or None without it."""
    attacks = attacks_module()
    if attacks is None:
        return None
    plt = _plt()
    ds = gaussian_toy(seed)
    X, y = np.array(ds.X), np.array(ds.y)
    real = X[y == 1]
    sm = SMOTE(k_neighbors=K, sampling_strategy={1: (ratio + 1) * real.shape[0]}, random_state=seed)
    Xr, _ = sm.fit_resample(X, y)
    syn = np.asarray(Xr)[X.shape[0] :]
    res = attacks.recon_smote(syn, k=K)
    pts = np.asarray(res.points, dtype=np.float64).reshape(-1, 2)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.scatter(*syn.T, s=6, c="tab:red", alpha=0.5, label=f"released synthetic rows ({syn.shape[0]})")
    ax.scatter(*real.T, s=60, facecolors="none", edgecolors="tab:blue", label=f"real minority, hidden ({real.shape[0]})")
    ax.scatter(*pts.T, s=18, c="k", marker="+", label=f"reconstructed ({pts.shape[0]})")
    ax.set_title(f"ReconSMOTE at 1:{ratio}: real records from synthetic rows alone")
    ax.legend(fontsize=8)
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
    attacks = attacks_module()
    if attacks is not None:
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


def main(argv: Sequence[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=FIGURES)
    parser.add_argument("--gif", type=Path, nargs="?", const=ROOT / "bench" / "results",
                        help="also write toy-animation.gif to this directory (default bench/results)")
    args = parser.parse_args(argv)
    written = [toy_segments(args.out)]
    if args.gif is not None:
        written.append(toy_animation(args.gif))
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
