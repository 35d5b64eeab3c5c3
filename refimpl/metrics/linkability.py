"""Linkability risk (anonymeter), as the SMOTE-and-Mirrors paper measured it: an optional extra.

The attacker holds two halves of a real record's columns, from two different sources, and
wants to know whether they belong to the same person. It looks up each half's nearest
synthetic row; if both halves point at the same synthetic row, it links them. anonymeter's
`LinkabilityEvaluator` (Giomi et al., PoPETs 2023) runs this on ``n_attacks`` records of the
training data and on as many *control* records (real, but never shown to the generator), and
reports the risk (attack rate − control rate) / (1 − control rate) with a 95% confidence
interval.

The paper's protocol (Ganev et al., ICLR 2026, notebook ``nb_20_synth_naive.ipynb`` of the
authors' code): split the data 50/50, stratified; SMOTE the training half to 1:1 with k = 5;
``ori`` = the training minority, ``syn`` = the synthetic rows, ``control`` = the test
minority; for each SMOTE fit, 25 random splits of the columns into two halves
(⌊d/2⌋ and the rest) as ``aux_cols``, each with ``n_attacks = 10`` and ``n_neighbors = 1``;
the number reported is the *lower end* of anonymeter's confidence interval
(``evaluator.risk()[1][0]``), averaged. `linkability_risk` does one SMOTE fit's share of that
(the splits); bench/paper_tables.py does the rest.

What it can and cannot show
---------------------------
A high risk is evidence of leakage: a synthetic row sits close to one real record in *both*
halves of its columns, which SMOTE's interpolants do (they lie within half a neighbour
distance of a parent). A low risk is no evidence of privacy: it attacks 10 records with a
nearest-neighbour heuristic and knows nothing of the segments, so it cannot see what
DistinSMOTE and ReconSMOTE read (`refimpl.attacks`). With 10 attacks the interval is wide,
which is why the paper's lower ends are small numbers.

anonymeter draws its attack targets from numpy's *global* generator; `linkability_risk`
seeds that generator for the call and restores its state afterwards, so a given
``random_state`` gives the same result and the caller's global stream is untouched.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.errors import BackendUnavailable, InvalidParameter, TooFewSamples
from refimpl.metrics._checks import feature_table

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LinkabilityResult:
    """anonymeter's linkability risk over several random column splits.

    Attributes
    ----------
    risk
        Mean over the splits of anonymeter's point estimate of the risk.
    risk_ci_low
        Mean over the splits of the lower end of its 95% interval: the number the paper reports.
    per_split
        One (risk, ci_low, ci_high) row per column split.
    n_attacks, n_splits
        Attacked records per split, and the number of splits.
    n_below_baseline
        Splits in which the attack did no better than random links (anonymeter then warns that
        "analysis results cannot be trusted"; the warning is counted here instead of printed).
    """

    risk: float
    risk_ci_low: float
    per_split: FloatArray
    n_attacks: int
    n_splits: int
    n_below_baseline: int = 0

    def __repr__(self) -> str:
        return (f"LinkabilityResult(risk={self.risk:.3f}, risk_ci_low={self.risk_ci_low:.3f}, "
                f"n_attacks={self.n_attacks}, n_splits={self.n_splits}, n_below_baseline={self.n_below_baseline})")


@contextmanager
def _seeded_global_numpy(seed: int) -> Iterator[None]:
    """Seed numpy's global generator (anonymeter samples from it) and restore its state after."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def linkability_risk(
    X_ori: Any,
    X_syn: Any,
    X_control: Any,
    *,
    n_attacks: int = 10,
    n_neighbors: int = 1,
    n_splits: int = 25,
    random_state: int = 0,
) -> LinkabilityResult:
    """anonymeter's linkability risk of ``X_syn`` for the records ``X_ori``, against the control ``X_control``, over random column halvings (the paper's protocol; see the module notes).

    Parameters
    ----------
    X_ori:
        The real records the generator saw (2-D, numeric).
    X_syn:
        The synthetic rows.
    X_control:
        Real records the generator did not see (same columns).
    n_attacks:
        Records attacked per split (the paper: 10); at most the size of ``X_ori`` and ``X_control``.
    n_neighbors:
        Nearest synthetic rows per half (the paper: 1).
    n_splits:
        Random splits of the columns into ⌊d/2⌋ and the rest (the paper: 25 per SMOTE fit).
    random_state:
        Seeds the column splits and anonymeter's choice of targets.
    """
    try:
        import pandas as pd
        from anonymeter.evaluators import LinkabilityEvaluator
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendUnavailable(
            "linkability needs anonymeter: pip install 'smote-refimpl[anonymeter]'"
        ) from exc
    ori, syn, ctrl = (feature_table(X, name) for X, name in ((X_ori, "X_ori"), (X_syn, "X_syn"), (X_control, "X_control")))
    d = ori.shape[1]
    if syn.shape[1] != d or ctrl.shape[1] != d:
        raise InvalidParameter(f"X_ori, X_syn and X_control need the same columns, got {d}, {syn.shape[1]}, {ctrl.shape[1]}")
    if d < 2:
        raise InvalidParameter("linkability needs at least 2 columns: the attacker links two halves of a record")
    for name, value, low in (("n_attacks", n_attacks, 1), ("n_neighbors", n_neighbors, 1), ("n_splits", n_splits, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise InvalidParameter(f"{name} must be an int >= {low}, got {value!r}")
    if n_attacks > min(ori.shape[0], ctrl.shape[0]):
        raise TooFewSamples(
            f"n_attacks={n_attacks} exceeds the records available ({ori.shape[0]} in X_ori, "
            f"{ctrl.shape[0]} in X_control); lower n_attacks"
        )
    if n_neighbors > syn.shape[0]:
        raise TooFewSamples(f"n_neighbors={n_neighbors} exceeds the {syn.shape[0]} synthetic rows")
    cols = [str(j) for j in range(d)]
    frames = [pd.DataFrame(a, columns=cols) for a in (ori, syn, ctrl)]
    rng = np.random.default_rng(random_state)
    rows, weak = [], 0
    for _ in range(int(n_splits)):
        mixed = [cols[j] for j in rng.permutation(d)]
        aux = (mixed[: d // 2], mixed[d // 2 :])
        with _seeded_global_numpy(int(rng.integers(0, 2**31))), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            ev = LinkabilityEvaluator(ori=frames[0], syn=frames[1], control=frames[2], n_attacks=int(n_attacks),
                                      aux_cols=aux, n_neighbors=int(n_neighbors))
            ev.evaluate(n_jobs=1)  # one process: the pool's start-up costs more than 10 attacks
            r = ev.risk()
        weak += any("baseline" in str(w.message) for w in caught)
        rows.append((float(r.value), float(r.ci[0]), float(r.ci[1])))
    per = np.array(rows, dtype=np.float64)
    return LinkabilityResult(float(per[:, 0].mean()), float(per[:, 1].mean()), per, int(n_attacks), int(n_splits), weak)
