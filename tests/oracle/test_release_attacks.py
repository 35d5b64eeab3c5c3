"""Attacks under release perturbation (Lemma 6, proofs/06_noisy_tubes.py).

* Inside a bounded model the tube kernels accept the true parents of every synthetic row,
  and FastKernel still decides exactly as TubeKernel does.
* On generated data in general position the measured false positives stay below Lemma 6(c)'s
  stated expectation (seeded and bounded), and the test is shown to be able to fail.
"""

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.attacks import distin_smote
from refimpl.kernels import FastKernel, TubeKernel
from refimpl.release import apply_release

BOUNDED = ["decimals:12", "decimals:6", "decimals:3", "decimals:1", "float32", "uniform:1e-9", "uniform:1e-5", "uniform:1e-2"]


def released_smote(seed: int, n: int, d: int, spec: str):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n + 3, d))
    y = np.r_[np.ones(n, int), np.zeros(3, int)]
    sm = SMOTE(k_neighbors=min(3, n - 1), random_state=seed, sampling_strategy={1: 4 * n})
    Xr, yr = sm.fit_resample(X, y)
    minority = np.flatnonzero(yr == 1)
    Xp = apply_release(Xr, spec, seed=seed + 1)
    return Xp, minority, sm.provenance_


@settings(max_examples=40)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(4, 9), d=st.integers(1, 5), spec=st.sampled_from(BOUNDED))
@example(seed=0, n=4, d=1, spec="decimals:1")  # coarse rounding in one dimension
@example(seed=1, n=5, d=3, spec="uniform:1e-2")
@example(seed=2, n=6, d=2, spec="float32")
def test_true_parents_are_accepted_inside_the_model(seed: int, n: int, d: int, spec: str) -> None:
    Xp, minority, prov = released_smote(seed, n, d, spec)
    pos = {int(r): i for i, r in enumerate(minority)}
    kern = TubeKernel(Xp[minority], release=spec)
    for t in range(len(prov)):
        row, b, nb = int(prov.row[t]), int(prov.base[t]), int(prov.neighbour[t])
        if (Xp[row] == Xp[b]).all() or (Xp[row] == Xp[nb]).all() or (Xp[b] == Xp[nb]).all():
            continue  # a copy of a parent after release: duplicates are handled apart
        assert kern.between(pos[row], pos[b], pos[nb]) is not None, (spec, t)


@settings(max_examples=25)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(4, 7), d=st.integers(1, 4), spec=st.sampled_from([*BOUNDED, "gaussian:1e-4"]))
@example(seed=3, n=5, d=2, spec="decimals:3")
def test_fast_equals_tube_with_a_release(seed: int, n: int, d: int, spec: str) -> None:
    Xp, minority, _ = released_smote(seed, n, d, spec)
    X = Xp[minority]
    fast, tube = FastKernel(X, release=spec), TubeKernel(X, release=spec)
    P = np.arange(len(X), dtype=np.intp)
    C = np.tile(np.arange(len(X), dtype=np.intp), (len(X), 1))
    assert fast.between_any(P, C) == tube.between_any(P, C)


def _false_positives(spec: str, seeds: int = 8) -> tuple[int, float, int]:
    """(real rows called synthetic, summed expected_false_positives, real rows with a witness
    declined as ambiguous by the per-row Lemma 6(c) rule) over seeded 3-D datasets."""
    measured, stated, declined = 0, 0.0, 0
    for seed in range(seeds):
        rng = np.random.default_rng(100 + seed)
        X = rng.uniform(-1, 1, size=(240, 3))
        y = np.r_[np.ones(40, int), np.zeros(200, int)]
        Xa, ya = SMOTE(k_neighbors=5, random_state=seed).fit_resample(X, y)
        res = distin_smote(apply_release(Xa, spec, seed=seed), ya, minority=1, release=spec)
        real = res.index < len(y)
        measured += int((res.verdicts[real] == "synthetic").sum())
        stated += res.expected_false_positives
        declined += sum(
            1
            for i in np.flatnonzero(real).tolist()
            if res.verdicts[i] == "ambiguous" and res.witnesses[i] is not None and "Lemma 6(c)" in res.reasons[i]
        )
        assert res.guarantee == "statistical"
    return measured, stated, declined


def test_false_positives_stay_below_the_stated_rate() -> None:
    """Lemma 6(c) in d = 3, statistical (Gaussian) verdicts, seeded: a narrow tube states far
    below one false positive and none occurs; a wide tube states many, and real rows do get
    false witnesses (fewer than stated), but the per-row rule (FALSE_WITNESS_RATE) declines
    them as ambiguous: no real row is called synthetic."""
    measured, stated, _ = _false_positives("gaussian:1e-6")
    assert stated < 0.5 and measured == 0, (measured, stated)
    measured, stated, declined = _false_positives("gaussian:1e-3")
    assert measured == 0 and 0 < declined <= stated, (measured, declined, stated)
