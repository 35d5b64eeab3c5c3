"""Side by side with the published attack code: same SMOTE output, same scorer, one process.

    python bench/attacks.py --published PATH          # the issue-18 workloads (minutes: the published code is slow)
    python bench/attacks.py --published PATH --quick  # one small workload of each attack

PATH is a local checkout of sascommunities/smote-mirrors (the paper's code) that the user
already has: this bench never downloads anything. Its two attack modules are loaded from
``PATH/code/attacks`` (without that package's ``__init__``, which needs notebook-only
packages), run on exactly the rows ours gets, and both outputs are scored with the published
``calculate_scores`` (exact match for DistinSMOTE, ``atol=1e-12``, the published ``line_eps``, for ReconSMOTE, as the
paper's notebooks call it). The table gives CPU seconds and wall seconds of each, measured in
this process, and the CPU ratio.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from refimpl import datasets  # noqa: E402
from refimpl.attacks import distin_smote, recon_smote  # noqa: E402
from refimpl.kernels.epsilon_kernel import PUBLISHED_LINE_EPS  # noqa: E402
from refimpl.smote import SMOTE  # noqa: E402

#: the published notebook's per-dataset arguments for DistinSMOTE (nb_12_aug_distin.ipynb)
PUBLISHED_DISTIN_KWARGS: dict[str, dict[str, Any]] = {
    "solar_flare_m0": {"nbs_multiplte": 5},
    "abalone": {"nbs_multiplte": 10},
    "abalone_19": {"nbs_multiplte": 3},
}


class PublishedCodeMissing(SystemExit):
    """The path holds no published attack code (exit 2 with what to pass)."""


@dataclass(frozen=True)
class Published:
    """The published attack functions and scorer, loaded from a local checkout."""

    detect: Callable[..., Any]
    reconstruct: Callable[..., Any]
    score: Callable[..., Any]


def load_published(path: Path) -> Published:
    """Load ``code/attacks/{utils,smote_detection_attack,smote_reconstruction_attack}.py`` from ``path``."""
    base = Path(path) / "code" / "attacks"
    files = {n: base / f"{n}.py" for n in ("utils", "smote_detection_attack", "smote_reconstruction_attack")}
    missing = [str(f) for f in files.values() if not f.is_file()]
    if missing:
        print(
            f"error: {path} is not a checkout of sascommunities/smote-mirrors (missing {', '.join(missing)}); "
            "pass --published DIR with DIR the repository's top folder",
            file=sys.stderr,
        )
        raise PublishedCodeMissing(2)
    # the modules import `from attacks import ...`: a stand-in package holding utils' names
    pkg = types.ModuleType("attacks")
    pkg.__path__ = []  # a package, so `attacks.utils` is importable by name
    saved = sys.modules.get("attacks")
    sys.modules["attacks"] = pkg
    try:
        mods = {}
        for name, f in files.items():
            spec = importlib.util.spec_from_file_location(f"attacks.{name}", f)
            assert spec is not None and spec.loader is not None
            mod = importlib.util.module_from_spec(spec)
            sys.modules[f"attacks.{name}"] = mod
            spec.loader.exec_module(mod)
            mods[name] = mod
            if name == "utils":
                for k, v in vars(mod).items():
                    if not k.startswith("_"):
                        setattr(pkg, k, v)
    finally:
        for name in files:
            sys.modules.pop(f"attacks.{name}", None)
        if saved is None:
            sys.modules.pop("attacks", None)
        else:
            sys.modules["attacks"] = saved
    return Published(
        mods["smote_detection_attack"].smote_detection_attack,
        mods["smote_reconstruction_attack"].smote_reconstruction_attack,
        mods["utils"].calculate_scores,
    )


def _timed(f: Callable[[], Any]) -> tuple[Any, float, float]:
    c, t = time.process_time(), time.perf_counter()
    out = f()
    return out, time.process_time() - c, time.perf_counter() - t


@dataclass(frozen=True)
class Row:
    """One workload: what ran, both scores, both timings."""

    attack: str
    data: str
    rows: int
    pub_pr: tuple[float, float]
    our_pr: tuple[float, float]
    pub_cpu: float
    pub_wall: float
    our_cpu: float
    our_wall: float

    @property
    def ratio(self) -> float:
        return self.pub_cpu / self.our_cpu if self.our_cpu > 0 else float("inf")


def distin_workload(pub: Published, name: str) -> Row:
    """DistinSMOTE on a bundled paper dataset at 1:1 (k = 5), the published notebook's arguments."""
    ds = datasets.load(name)
    X, y = ds.X, ds.y
    Xr, yr = SMOTE(k_neighbors=5, random_state=0).fit_resample(X, y)
    r = float((yr == 1).sum() / (y == 1).sum())
    kw = PUBLISHED_DISTIN_KWARGS.get(name, {})
    found, pc, pw = _timed(lambda: pub.detect(Xr, yr, k=5, r=r, **kw))
    res, oc, ow = _timed(lambda: distin_smote(Xr, yr, minority=1, k=5, kernel="fast"))
    X_min = Xr[yr == 1]
    ours = Xr[res.index[res.verdicts == "real"]]  # result.index: the verdicts' rows of the attacked X
    ps = pub.score(X, y, np.asarray(found), exact_match=True)
    os_ = pub.score(X, y, ours, exact_match=True)
    return Row("DistinSMOTE", name, len(X_min), (ps[0], ps[1]), (os_[0], os_[1]), pc, pw, oc, ow)


def gaussian(n_min: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The issue's Gaussian workload: minority N(−0.5, 0.2), majority N(0.5, 0.2), one more majority row."""
    rng = np.random.default_rng(seed)
    X_min = rng.normal(-0.5, np.sqrt(0.2), size=(n_min, d))
    X = np.vstack([X_min, rng.normal(0.5, np.sqrt(0.2), size=(n_min + 1, d))])
    return X, np.r_[np.ones(n_min, int), np.zeros(n_min + 1, int)]


def recon_workload(pub: Published, n_min: int, d: int, ratio: int) -> Row:
    """ReconSMOTE on synthetic-only output at 1:ratio of a Gaussian minority (k = 5)."""
    X, y = gaussian(n_min, d)
    Xr, _ = SMOTE(k_neighbors=5, random_state=0, sampling_strategy={1: n_min * (ratio + 1)}).fit_resample(
        X, y
    )
    X_syn = Xr[len(y) :]
    y_syn = np.ones(len(X_syn), int)
    rebuilt, pc, pw = _timed(lambda: pub.reconstruct(X_syn, y_syn, k=5, r=float(ratio)))
    res, oc, ow = _timed(lambda: recon_smote(X_syn, k=5, kernel="fast", column_range=np.ptp(X, axis=0)))
    ps = pub.score(X, y, np.asarray(rebuilt), exact_match=False, line_eps=PUBLISHED_LINE_EPS)
    os_ = pub.score(X, y, np.asarray(res.points), exact_match=False, line_eps=PUBLISHED_LINE_EPS)
    data = f"Gaussian, {n_min:,} minority, d = {d}, 1:{ratio}"
    return Row("ReconSMOTE", data, len(X_syn), (ps[0], ps[1]), (os_[0], os_[1]), pc, pw, oc, ow)


FULL = [
    ("distin", "yeast_me2"),
    ("distin", "car_eval_4"),
    ("distin", "abalone"),
    ("recon", (1000, 5, 20)),
    ("recon", (500, 20, 20)),
]
QUICK = [("distin", "yeast_me2"), ("recon", (200, 5, 5))]


def run(path: Path, quick: bool) -> list[Row]:
    pub = load_published(path)
    out = []
    for kind, arg in QUICK if quick else FULL:
        row = distin_workload(pub, arg) if kind == "distin" else recon_workload(pub, *arg)  # type: ignore[arg-type,misc]
        out.append(row)
        print(
            f"  {row.attack} {row.data}: published {row.pub_cpu:.1f} CPU s, ours {row.our_cpu:.2f} CPU s",
            flush=True,
        )
    return out


def table(rows: list[Row]) -> str:
    head = [
        "attack",
        "data",
        "rows",
        "published P / R",
        "ours P / R",
        "published CPU s (wall)",
        "ours CPU s (wall)",
        "CPU ratio",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append(
            f"| {r.attack} | {r.data} | {r.rows:,} | {r.pub_pr[0]:.3f} / {r.pub_pr[1]:.3f} | {r.our_pr[0]:.3f} / {r.our_pr[1]:.3f} "
            f"| {r.pub_cpu:.1f} ({r.pub_wall:.1f}) | {r.our_cpu:.2f} ({r.our_wall:.2f}) | {r.ratio:.0f}× |"
        )
    return "\n".join(lines)
