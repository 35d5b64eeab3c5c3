"""ReconSMOTE's whole result pinned on seeded inputs: speed work must not change a record, box, witness line, order or note.

The digests were taken before the issue-18 speed work (commit 4d4677b) and must stay: a
change of any point, radius, box, support list, line, their order, or any note changes the
digest. A deliberate change of results updates them, saying why in the commit.
"""

import hashlib

import numpy as np
import pytest

from refimpl import SMOTE
from refimpl.attacks import recon_smote


def _syn(n_min: int, d: int, ratio: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """bench/published.py's Gaussian workload: synthetic rows only, and the real rows' column ranges."""
    rng = np.random.default_rng(seed)
    X = np.vstack(
        [rng.normal(-0.5, np.sqrt(0.2), size=(n_min, d)), rng.normal(0.5, np.sqrt(0.2), size=(n_min + 1, d))]
    )
    y = np.r_[np.ones(n_min, int), np.zeros(n_min + 1, int)]
    sm = SMOTE(k_neighbors=5, random_state=seed, sampling_strategy={1: n_min * (ratio + 1)})
    Xr, _ = sm.fit_resample(X, y)
    return Xr[len(y) :], np.ptp(X, axis=0)


def _digest(X_syn: np.ndarray, **kw: object) -> tuple[int, int, str]:
    res = recon_smote(X_syn, k=5, **kw)  # type: ignore[arg-type]
    text = repr(
        (
            res.points.tolist(),
            res.exact_points,
            res.radius,
            res.boxes,
            res.support,
            res.lines,
            res.notes,
            res.release,
            res.guarantee,
            res.search,
        )
    )
    return len(res), len(res.lines), hashlib.sha256(text.encode()).hexdigest()[:16]


CASES = {
    # d = 2, default column range (the synthetic data's own): fast and tube kernels
    "d2-fast": (lambda: (_syn(100, 2, 10, 3)[0], {"kernel": "fast"}), (78, 167, "ee0c67c0dc737da5")),
    "d2-tube": (lambda: (_syn(100, 2, 10, 3)[0], {"kernel": "tube"}), (78, 167, "020431b810b43a75")),
    # rounding to 6 decimals, declared as the release model (Lemma 6): widened tubes and boxes
    "d4-decimals": (
        lambda: (np.round(_syn(150, 4, 10, 7)[0], 6), {"kernel": "fast", "release": "decimals:6"}),
        (113, 257, "b8ee8b64bbde2e63"),
    ),
    # d = 20 (the workload, smaller): approximate first search, public column range
    "d20": (
        lambda: (lambda s: (s[0], {"kernel": "fast", "column_range": s[1]}))(_syn(60, 20, 20, 0)),
        (58, 188, "f6147da9328bbb6a"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_recon_result_pinned(name: str) -> None:
    make, want = CASES[name]
    X_syn, kw = make()
    assert _digest(X_syn, **kw) == want
