"""Three ways to combine SMOTE with differential privacy, each with an honest privacy statement.

Every pipeline takes the *minority* records only (the records SMOTE interpolates and the
records whose privacy is at stake), public domain bounds, a privacy budget ε and the
number of synthetic rows to release, and returns a `DPRelease`: the synthetic rows
and a `PrivacyStatement`.

* `smote_then_dp` — SMOTE first, then noise on the synthetic rows: the SMOTE-DP
  pipeline as its abstract describes it. ``calibration="claimed"`` calibrates the noise to one
  synthetic record in the SMOTE output's own range and is **not** differentially private for
  the real records at any ε (its noise scale depends on the data; and fan-out, Lemma 4).
  ``calibration="sound"`` calibrates it to the fan-out C.
* `dp_then_smote` — a noisy histogram over a public grid (ε-DP), points drawn from it,
  then SMOTE as post-processing.
* `dp_smote` — DP-SMOTE after Rosenblatt et al. 2024 (arXiv 2411.05733): a noisy grid
  histogram, then interpolation between the centres of neighbouring occupied cells.

The neighbouring relation throughout is *replace-one minority record*; the number n of
minority records, the bounds, the grid and the number of synthetic rows are public. Domain
bounds are never inferred from the data, and a record outside them raises
`refimpl.errors.OutOfBounds`: clipping it silently would change the data a guarantee
talks about. Outputs *are* clipped to the public box, which is post-processing and costs no
privacy.

What may be published is ``DPRelease.X`` and ``DPRelease.statement``; the statement depends
on the public parameters only. ``DPRelease.private_diagnostics`` carries facts about the run
computed from the records without noise (the realised fan-out, the provenance) and must not
be published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from refimpl.dp.samplers import RandomSource, discrete_laplace, laplace_on_grid
from refimpl.dp.sensitivity import base_load_tail, fanout_bound, realised_fanout
from refimpl.dp.statement import DPRelease, PrivacyStatement, PrivateDiagnostics
from refimpl.errors import InvalidParameter, OutOfBounds, ShapeMismatch, TooFewSamples
from refimpl.exact.rational import to_rational
from refimpl.input_checks import as_feature_array
from refimpl.parallel import one_thread
from refimpl.results import ResultDisplay
from refimpl.smote import SMOTE

FloatArray = npt.NDArray[np.float64]
Calibration = Literal["sound", "claimed"]
Fanout = Literal["worst", "stone"]

NEIGHBOURING = "replace-one minority record (n, the bounds, the grid and the number of synthetic rows are public)"
#: the neighbouring relation of fanout="stone": Stone's lemma needs both datasets in general position
NEIGHBOURING_GP = (
    "replace-one minority record, between datasets in general position (from every record, the distances "
    "to the other records are distinct and nonzero: no duplicates, no ties; an assumption, since it cannot "
    "be checked for the hypothetical neighbour X′) (n, the bounds and the number of synthetic rows are public)"
)


# --- input checks --------------------------------------------------------------------------------


def check_bounds(X: Any, bounds: Any) -> tuple[list[Fraction], list[Fraction]]:
    """Exact (lo, hi) per column; raises OutOfBounds for any record outside them, never clips.

    Parameters
    ----------
    X:
        The records (n × d).
    bounds:
        d pairs (lo, hi) with lo < hi, finite.

    Returns
    -------
    (lo, hi)
        Two lists of exact Fractions.
    """
    arr = as_feature_array(X)
    if arr.ndim != 2:
        raise ShapeMismatch(f"X must be 2-D (records × features), got shape {arr.shape}")
    try:
        pairs = [tuple(p) for p in bounds]
    except TypeError as exc:
        raise InvalidParameter("bounds must be a sequence of (lo, hi) pairs, one per feature") from exc
    if len(pairs) != arr.shape[1] or any(len(p) != 2 for p in pairs):
        raise ShapeMismatch(
            f"bounds has {len(pairs)} entries for {arr.shape[1]} features; pass one (lo, hi) pair per feature"
        )
    lo: list[Fraction] = []
    hi: list[Fraction] = []
    for j, (a, b) in enumerate(pairs):
        qa, qb = to_rational(a), to_rational(b)
        qa, qb = Fraction(qa.numerator, qa.denominator), Fraction(qb.numerator, qb.denominator)
        if not qa < qb:
            raise InvalidParameter(f"bounds for column {j}: lo={a!r} must be < hi={b!r}")
        lo.append(qa)
        hi.append(qb)
    for j in range(arr.shape[1]):
        col = arr[:, j]
        for i, x in enumerate(col.tolist()):
            q = Fraction(x)  # exact: a float (or int) converts without rounding
            if q < lo[j] or q > hi[j]:
                raise OutOfBounds(
                    f"value {x!r} lies outside the public bounds [{float(lo[j]):g}, {float(hi[j]):g}]; "
                    "widen the bounds (choose them without looking at the data) or remove the record "
                    "(nothing is clipped silently)",
                    row=i,
                    column=j,
                )
    return lo, hi


def _check_common(X_min: Any, epsilon: object, n_synthetic: object, k: object) -> tuple[FloatArray, Fraction, int, int]:
    arr = np.asarray(as_feature_array(X_min), dtype=np.float64)
    if isinstance(epsilon, bool):
        raise InvalidParameter("epsilon must be a positive number")
    q = to_rational(epsilon)
    eps = Fraction(q.numerator, q.denominator)
    if eps <= 0:
        raise InvalidParameter(f"epsilon must be positive, got {epsilon!r}")
    if isinstance(n_synthetic, bool) or not isinstance(n_synthetic, (int, np.integer)) or n_synthetic < 1:
        raise InvalidParameter(f"n_synthetic must be a positive int, got {n_synthetic!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameter(f"k must be a positive int, got {k!r}")
    return arr, eps, int(n_synthetic), int(k)


def _bounds_tuple(lo: Sequence[Fraction], hi: Sequence[Fraction]) -> tuple[tuple[float, float], ...]:
    return tuple((float(a), float(b)) for a, b in zip(lo, hi))


def _clip(X: FloatArray, lo: Sequence[Fraction], hi: Sequence[Fraction]) -> FloatArray:
    """Post-processing: clip released values to the public box (floats; costs no privacy)."""
    return np.clip(X, [float(a) for a in lo], [float(b) for b in hi])


def smote_minority(
    X_min: FloatArray, n_synthetic: int, k: int, seed: int, *, exact_knn: bool = False
) -> tuple[FloatArray, Any]:
    """SMOTE on the minority records alone: (m synthetic rows, provenance indexing X_min); Lemma 1, proofs/01_interior.py.

    ``exact_knn=False``: imbalanced-learn conformant (scikit-learn's float k-NN, float
    interpolation). ``exact_knn=True``: the same draws with the exact k-NN of
    `refimpl.exact.knn` (ties by index) and exact interpolation rounded once to float64:
    what Stone's lemma talks about (Lemma 4, proofs/04_smote_dp_sensitivity.py), since a
    float k-NN can give a record in general position an in-degree above kγ_d.
    The fan-out of the run is ``realised_fanout(provenance, len(X_min))``.
    """
    n = X_min.shape[0]
    if n <= k:
        raise TooFewSamples(f"{n} minority records; k={k} needs at least {k + 1} (lower k)")
    # a placeholder second class so that SMOTE's class bookkeeping applies; it is never sampled
    X = np.vstack([X_min, np.zeros((1, X_min.shape[1]))])
    y = np.array([1] * n + [0])
    arithmetic: Literal["float64", "exact"] = "exact" if exact_knn else "float64"
    sm = SMOTE(k_neighbors=k, sampling_strategy={1: n + n_synthetic}, random_state=seed, arithmetic=arithmetic)
    with one_thread():
        Xr, _ = sm.fit_resample(X, y)
    rows = np.asarray(Xr[n + 1 :])
    if exact_knn:  # exact rationals, each rounded once to the nearest float64
        rows = np.array([[float(q) for q in row] for row in rows.tolist()], dtype=np.float64).reshape(-1, X_min.shape[1])
    return np.asarray(rows, dtype=np.float64), sm.provenance_


# --- SMOTE, then DP ------------------------------------------------------------------------------


def smote_then_dp(
    X_min: Any,
    *,
    epsilon: object,
    bounds: Any,
    n_synthetic: int,
    calibration: Calibration = "sound",
    k: int = 5,
    fanout: Fanout = "worst",
    delta: object = 0,
    grid_bits: int = 20,
    seed: int | None = None,
) -> DPRelease:
    """SMOTE, then Laplace noise on every synthetic coordinate; sound only with ``calibration="sound"``; Lemma 4, proofs/04_smote_dp_sensitivity.py.

    Parameters
    ----------
    X_min:
        The minority records (n × d), inside ``bounds``.
    epsilon:
        The privacy budget ε.
    bounds:
        Public domain bounds, one (lo, hi) pair per feature.
    n_synthetic:
        m, the number of synthetic rows (public).
    calibration:
        ``"claimed"``: noise for L1 sensitivity Σ_j range_j of the SMOTE output itself, i.e.
        one synthetic record changing within the output's own (contracted) range. The
        statement says why this is not DP and states no ε per real record
        (``epsilon_per_real_record=None``, "unbounded"): the noise scale is a function of the
        data, so no sensitivity, hence no group-privacy bound C·ε, applies.
        ``"sound"``: noise for L1 sensitivity C·D₁ (``records_sensitivity``), with D₁ the
        public box's L1 diameter, so the guarantee per real record is ε.
    k:
        SMOTE's number of neighbours.
    fanout:
        For ``"sound"``: ``"worst"`` uses C = m, which needs no assumption. ``"stone"``
        uses C = min(m, r(1 + 2kγ_d)) (``fanout_bound``), which assumes general position
        (distinct, nonzero distances, no duplicates) of both neighbouring datasets, and
        builds SMOTE's neighbour table with the exact k-NN (`refimpl.exact.knn`, ties by
        index; a float k-NN breaks Stone's lemma near ties). General position is an
        assumption of the guarantee, written into its neighbouring relation, not a check: it
        cannot be checked for the hypothetical X′. r is the least base load with
        ``base_load_tail(m, n, r) ≤ delta``, so ``delta`` must be positive.
    delta:
        Only with ``fanout="stone"``: the failure probability spent on the base load.
    grid_bits:
        The output grid is 2^−k·ℤ (`refimpl.dp.samplers.laplace_on_grid`).
    seed:
        For tests only (warns); default: randomness from ``secrets``.

    Returns
    -------
    DPRelease
        The noisy synthetic rows (clipped to the box as post-processing), the statement, and
        `PrivateDiagnostics` for the operator (never to be released).
    """
    arr, eps, m, kk = _check_common(X_min, epsilon, n_synthetic, k)
    dl, stone = _check_calibration(calibration, fanout, delta)
    lo, hi = check_bounds(arr, bounds)
    rng = RandomSource(seed)
    n, d = arr.shape
    S, prov = smote_minority(arr, m, kk, rng.numpy_seed(), exact_knn=stone)
    # float interpolation can land an ulp outside the box (docs/explanation/why-exact.md); clipping
    # keeps every row in the box, so each changed row moves at most D₁ and unchanged rows stay put
    S = _clip(S, lo, hi)
    search = "exact (refimpl.exact.knn, ties by index)" if stone else "float (scikit-learn NearestNeighbors, as imbalanced-learn)"
    c_run = int(realised_fanout(prov, n).max())
    d1 = sum((b - a for a, b in zip(lo, hi)), Fraction(0))
    magnitude = max(max(abs(a), abs(b)) for a, b in zip(lo, hi))

    if calibration == "claimed":
        return _claimed_release(S, eps, m, lo, hi, magnitude, grid_bits, rng, PrivateDiagnostics(c_run, search, prov))
    C, dl_used, neighbouring, why = _sound_fanout(fanout, m, n, kk, d, dl)
    sens = C * d1
    noisy = laplace_on_grid(S, sensitivity=sens, epsilon=eps, bound=magnitude, grid_bits=grid_bits, changed=C * d, rng=rng)
    statement = PrivacyStatement(
        pipeline="smote-then-dp",
        epsilon=eps,
        delta=dl_used,
        neighbouring=neighbouring,
        bounds=_bounds_tuple(lo, hi),
        fanout=C,
        is_dp_guarantee=True,
        explanation=(
            f"DP per real record: the noise is calibrated to L1 sensitivity C·D₁ = {float(sens):.4g} of the "
            f"m × d synthetic matrix, {why}; D₁ = {float(d1):g} is the public box's L1 diameter "
            "(Lemma 4, proofs/04_smote_dp_sensitivity.py). SMOTE's draws do not depend on the data, "
            "so the guarantee holds for every draw and hence for the mixture. Expect heavy noise: "
            "this is the price of fan-out."
        ),
        epsilon_per_real_record=eps,
    )
    return DPRelease(_clip(noisy, lo, hi), statement, PrivateDiagnostics(c_run, search, prov))


def _check_calibration(calibration: object, fanout: object, delta: object) -> tuple[Fraction, bool]:
    """delta as a Fraction in [0, 1), and whether the sound calibration uses Stone's fan-out (which needs delta > 0)."""
    if calibration not in ("sound", "claimed"):
        raise InvalidParameter(f"calibration={calibration!r}; choose 'sound' or 'claimed'")
    if fanout not in ("worst", "stone"):
        raise InvalidParameter(f"fanout={fanout!r}; choose 'worst' (C = m) or 'stone' (assumes general position)")
    q_delta = to_rational(delta)
    dl = Fraction(q_delta.numerator, q_delta.denominator)
    if not 0 <= dl < 1:
        raise InvalidParameter(f"delta must be in [0, 1), got {delta!r}")
    stone = calibration == "sound" and fanout == "stone"
    if stone and dl == 0:
        raise InvalidParameter(
            "fanout='stone' needs delta > 0 for the chance that a record is the base of too many "
            "rows; pass e.g. delta=1e-6, or use fanout='worst'"
        )
    return dl, stone


def _claimed_release(S: FloatArray, eps: Fraction, m: int, lo: Sequence[Fraction], hi: Sequence[Fraction],
                     magnitude: Fraction, grid_bits: int, rng: RandomSource, base: PrivateDiagnostics) -> DPRelease:
    """The claimed calibration: noise scaled to the output's own range, so no DP statement (Lemma 4 says why)."""
    own = sum((Fraction(float(S[:, j].max())) - Fraction(float(S[:, j].min())) for j in range(S.shape[1])), Fraction(0))
    noisy = laplace_on_grid(S, sensitivity=own, epsilon=eps, bound=magnitude, grid_bits=grid_bits, changed=S.shape[1], rng=rng)
    statement = PrivacyStatement(
        pipeline="smote-then-dp",
        epsilon=eps,
        delta=Fraction(0),
        neighbouring="replace-one SYNTHETIC record (not a real one)",
        bounds=_bounds_tuple(lo, hi),
        fanout=1,
        is_dp_guarantee=False,
        explanation=(
            "NOT a DP guarantee, and no finite epsilon per real record holds: the noise scale is "
            "computed from the SMOTE output's own range, a function of the data. On four copies of 0 "
            "the range is 0 and the noise one grid unit wide; move one copy to 1 and the noise is "
            "huge, so one record changes the output's law by a factor of about e^(ε·2^19) "
            "(tests/unit/test_dp_pipelines.py; docs/explanation/smote-dp.md). Group privacy does not "
            "rescue it: C·ε would need a noise scale that does not depend on the data. Even with a "
            "public range, one real record is the base or the neighbour of many synthetic rows "
            f"(the fan-out C, up to m = {m}; Lemma 4, proofs/04_smote_dp_sensitivity.py). "
            "Use calibration='sound', dp_then_smote or dp_smote."
        ),
        epsilon_per_real_record=None,
    )
    diag = PrivateDiagnostics(base.realised_fanout, base.neighbour_search, base.provenance, output_range_l1=own)
    return DPRelease(_clip(noisy, lo, hi), statement, diag)


def _sound_fanout(fanout: str, m: int, n: int, kk: int, d: int, dl: Fraction) -> tuple[int, Fraction, str, str]:
    """The fan-out bound C of the sound calibration, the delta it spends, its neighbouring relation and why (Lemma 4)."""
    if fanout == "worst":
        C = m
        dl_used = Fraction(0)
        neighbouring = NEIGHBOURING
        why = f"C = m = {m}, the worst case over SMOTE's draws (every row can involve one record, e.g. a hub)"
    else:
        r = -(-m // n)
        while base_load_tail(m, n, r) > dl:
            r += 1
        C = fanout_bound(kk, d, r, kind="replace", m=m, n=n)
        dl_used = base_load_tail(m, n, r)
        neighbouring = NEIGHBOURING_GP
        why = (
            f"C = min(m, r(1 + 2kγ_d)) = {C} with base load r = {r} (exceeded with probability "
            f"≤ {float(dl_used):.3g}, spent as delta). This ASSUMES both neighbouring datasets are in "
            "general position (distinct, nonzero distances from every record: Stone's lemma) and uses "
            "the exact k-NN with ties broken by index (refimpl.exact.knn) to build SMOTE's neighbour table; "
            "with duplicates or ties the in-degree can reach n − 1 and only fanout='worst' holds"
        )
    return C, dl_used, neighbouring, why


# --- noisy histogram ----------------------------------------------------------------------------


def default_bins(d: int, max_cells: int = 4096) -> int:
    """The largest b ≥ 2 with b^d ≤ max_cells (2 if none): a public grid resolution from d alone."""
    b = 2
    while (b + 1) ** d <= max_cells:
        b += 1
    return b


def cell_index(X: FloatArray, lo: Sequence[Fraction], hi: Sequence[Fraction], bins: int) -> npt.NDArray[np.int64]:
    """The flat grid cell of each record, decided exactly: ⌊(x − lo)·bins/(hi − lo)⌋, the top edge in the last cell."""
    n, d = X.shape
    flat = np.zeros(n, dtype=np.int64)
    for j in range(d):
        w = hi[j] - lo[j]
        col = [min(bins - 1, int((Fraction(x) - lo[j]) * bins // w)) for x in X[:, j].tolist()]
        flat = flat * bins + np.array(col, dtype=np.int64)
    return flat


def cell_centres(lo: Sequence[Fraction], hi: Sequence[Fraction], bins: int, cells: npt.NDArray[np.int64]) -> FloatArray:
    """Centres of the given flat cells (float64, correctly rounded from the exact centres)."""
    d = len(lo)
    out = np.empty((cells.size, d))
    rest = cells.copy()
    for j in reversed(range(d)):
        idx = rest % bins
        rest //= bins
        w = hi[j] - lo[j]
        out[:, j] = [float(lo[j] + (2 * int(i) + 1) * w / (2 * bins)) for i in idx.tolist()]
    return out


@dataclass(frozen=True, repr=False)
class NoisyHistogram(ResultDisplay):
    """A noisy histogram over the public grid (``bins`` per feature) and its post-processed form.

    ``noisy`` are the exact integer counts plus discrete Laplace noise of scale 2/ε (ε-DP under
    replace-one: one record moves one unit between two cells, L1 sensitivity 2). ``kept``
    zeroes every count below ``threshold`` (post-processing).
    """

    noisy: npt.NDArray[np.int64]
    kept: npt.NDArray[np.int64]
    threshold: int
    bins: int


def noisy_histogram(
    X: FloatArray, lo: Sequence[Fraction], hi: Sequence[Fraction], bins: int, eps: Fraction, rng: RandomSource
) -> NoisyHistogram:
    """ε-DP counts of the public grid's cells (L1 sensitivity 2 under replace-one), thresholded as post-processing."""
    d = X.shape[1]
    n_cells = bins**d
    counts = np.bincount(cell_index(X, lo, hi, bins), minlength=n_cells).astype(np.int64)
    scale = Fraction(2) / eps
    noisy = counts + discrete_laplace(scale, n_cells, rng=rng)
    # keep a cell when its noisy count is unlikely to be noise alone: P[noise ≥ τ] ≈ e^{−τ/scale}/2,
    # so τ = ⌈scale·ln(cells)⌉ keeps about half a false cell in expectation. Post-processing only.
    threshold = max(1, int(np.ceil(float(scale) * np.log(n_cells))))
    kept = np.where(noisy >= threshold, noisy, 0)
    return NoisyHistogram(noisy, kept, threshold, bins)


def _cell_weights(h: NoisyHistogram) -> npt.NDArray[np.float64]:
    """Sampling weights over cells: the kept counts, else the positive noisy counts, else uniform."""
    for w in (h.kept, np.maximum(h.noisy, 0)):
        if w.sum() > 0:
            return np.asarray(w, dtype=np.float64) / float(w.sum())
    return np.full(h.noisy.size, 1.0 / h.noisy.size)


def _histogram_statement(pipeline: str, eps: Fraction, lo: Sequence[Fraction], hi: Sequence[Fraction], h: NoisyHistogram, after: str) -> PrivacyStatement:
    return PrivacyStatement(
        pipeline=pipeline,
        epsilon=eps,
        delta=Fraction(0),
        neighbouring=NEIGHBOURING,
        bounds=_bounds_tuple(lo, hi),
        fanout=1,
        is_dp_guarantee=True,
        epsilon_per_real_record=eps,
        explanation=(
            f"DP per real record: the only access to the data is a histogram over a public grid of "
            f"{h.bins}^{len(lo)} cells with exact discrete Laplace noise of scale 2/ε (one record moves "
            f"one count between two cells). Everything after it ({after}) is post-processing and costs "
            "no privacy. No fan-out arises: SMOTE never sees a real record."
        ),
    )


def dp_then_smote(
    X_min: Any,
    *,
    epsilon: object,
    bounds: Any,
    n_synthetic: int,
    bins: int | None = None,
    k: int = 5,
    seed: int | None = None,
) -> DPRelease:
    """ε-DP noisy grid histogram → DP points → SMOTE (post-processing); ε-DP per real record, fan-out 1.

    Why a noisy histogram: it is the simplest synthesiser whose guarantee is beyond doubt. The
    grid is public, a replace-one change moves one unit between two cells (L1 sensitivity 2),
    the noise is exact discrete Laplace on integers (no float attack surface), and the
    synthetic points depend on the data only through the noisy counts. SMOTE then runs on
    DP output, which is post-processing: its fan-out is harmless. The cost is resolution: with
    ``bins`` per feature the grid has bins^d cells (`default_bins` keeps it ≤ 4096).

    Parameters
    ----------
    X_min:
        The minority records (n × d), inside ``bounds``.
    epsilon:
        The privacy budget ε.
    bounds:
        Public domain bounds, one (lo, hi) pair per feature.
    n_synthetic:
        The number of synthetic rows SMOTE makes from the DP points.
    bins:
        Grid cells per feature; default `default_bins`.
    k:
        SMOTE's number of neighbours.
    seed:
        For tests only (warns); default: randomness from ``secrets``.
    """
    arr, eps, m, kk = _check_common(X_min, epsilon, n_synthetic, k)
    lo, hi = check_bounds(arr, bounds)
    d = arr.shape[1]
    b = default_bins(d) if bins is None else _check_bins(bins)
    rng = RandomSource(seed)
    h = noisy_histogram(arr, lo, hi, b, eps, rng)
    post = np.random.default_rng(rng.numpy_seed())
    n_points = max(int(h.kept.sum()), kk + 1)
    cells = post.choice(h.noisy.size, size=n_points, p=_cell_weights(h))
    widths = np.array([float((bb - a) / b) for a, bb in zip(lo, hi)])
    corners = cell_centres(lo, hi, b, cells) - widths / 2
    points = corners + post.uniform(size=(n_points, d)) * widths
    S, _ = smote_minority(points, m, kk, int(post.integers(2**31)))
    stmt = _histogram_statement(
        "dp-then-smote", eps, lo, hi, h, f"{n_points} points drawn uniformly inside cells ∝ noisy counts, then SMOTE"
    )
    return DPRelease(_clip(S, lo, hi), stmt)


def _check_bins(bins: object) -> int:
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise InvalidParameter(f"bins must be a positive int, got {bins!r}")
    return int(bins)


def dp_smote(
    X_min: Any,
    *,
    epsilon: object,
    bounds: Any,
    n_synthetic: int,
    bins: int | None = None,
    k: int = 5,
    seed: int | None = None,
) -> DPRelease:
    """DP-SMOTE: ε-DP noisy grid histogram, then interpolation between neighbouring cell centres; ε-DP, fan-out 1.

    Our reading of Rosenblatt et al. 2024 (arXiv 2411.05733), not a port of their code: a base
    cell is drawn in proportion to its (thresholded) noisy count, a neighbour uniformly among
    the k occupied cells whose centres are nearest to it, and the synthetic row is
    c_base + λ(c_nbr − c_base) with λ uniform on [0, 1). It differs from `dp_then_smote`
    in interpolating between cell centres directly, weighted by counts, instead of drawing
    points and running SMOTE on them.

    Parameters
    ----------
    X_min, epsilon, bounds, n_synthetic, bins, k, seed:
        As for `dp_then_smote`.
    """
    arr, eps, m, kk = _check_common(X_min, epsilon, n_synthetic, k)
    lo, hi = check_bounds(arr, bounds)
    b = default_bins(arr.shape[1]) if bins is None else _check_bins(bins)
    rng = RandomSource(seed)
    h = noisy_histogram(arr, lo, hi, b, eps, rng)
    post = np.random.default_rng(rng.numpy_seed())
    weights = _cell_weights(h)
    occupied = np.flatnonzero(weights > 0)
    centres = cell_centres(lo, hi, b, occupied)
    w = weights[occupied] / weights[occupied].sum()
    base = post.choice(occupied.size, size=m, p=w)
    if occupied.size == 1:
        S = np.repeat(centres, m, axis=0)
    else:
        kn = min(kk, occupied.size - 1)
        d2 = ((centres[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        np.fill_diagonal(d2, np.inf)
        nbrs = np.argsort(d2, axis=1, kind="stable")[:, :kn]
        nbr = nbrs[base, post.integers(kn, size=m)]
        lam = post.uniform(size=(m, 1))
        S = centres[base] + lam * (centres[nbr] - centres[base])
    stmt = _histogram_statement(
        "dp-smote", eps, lo, hi, h, "interpolation between centres of occupied cells and their nearest occupied cells"
    )
    return DPRelease(_clip(S, lo, hi), stmt)

