"""Distance to closest record (DCR): how far each synthetic row is from the nearest real row.

What it can show
----------------
* **Copies.** A synthetic row at distance 0 is a real record released verbatim (SMOTE makes
  one whenever λ = 0 is drawn, or when the real data holds duplicates: imbalanced-learn drops the first
  neighbour column assuming it is the point itself).
* **Unusual closeness.** `DCRResult.share_closer` is the share of synthetic rows that lie
  closer to their nearest real record than that record's own nearest *real* neighbour does: a
  generator that stays as far from the records as the records are from one another scores
  low; a generator that hugs individual records scores high.

What it cannot show
-------------------
DCR looks at *one* real record at a time, and only at distances. The usual reading, "no
synthetic row is a real record and the 5th percentile is above 0, so the release is safe",
holds for SMOTE output with no duplicates: its rows are interpolants, not copies. But DCR
cannot tell an interpolant from an independent draw at the same distance. SMOTE rows lie
*on segments* between two real records, and that structure is what leaks: DistinSMOTE
(`refimpl.attacks`) tells real from synthetic rows with precision and recall about 1.0, and
ReconSMOTE rebuilds the real records from the synthetic rows alone by intersecting the lines
they lie on (Ganev et al., ICLR 2026). A release with exactly the same DCR distribution but
with every row moved off its segment would defeat both attacks; DCR would not see the
difference. So a reassuring DCR is no evidence of privacy against an attacker who knows how
the data was made; DCR can only ever give evidence of *leakage* (copies, hugging). On SMOTE
output the share closer is typically high (about 0.9 on the bundled data sets): an
interpolant lies within half a neighbour distance of a parent, closer than the parent's own
nearest neighbour. That is a warning sign, but a vague one: it does not say which records
are exposed, nor how.

Distances are Euclidean and computed in float64 with a KD-tree (`scipy.spatial.cKDTree`),
all rows at once. A distance of exactly 0 is reported as a copy only when the two rows are
equal entry by entry (`DCRResult.n_copies`): the float distance of two rows that
differ by less than about 1e-154 per coordinate underflows to 0 too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from refimpl.errors import InvalidParameter, TooFewSamples
from refimpl.metrics._checks import paired_tables
from refimpl.results import ResultDisplay

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, repr=False)
class DCRResult(ResultDisplay):
    """The DCR distribution of a synthetic table against a real one, and its summaries.

    Attributes
    ----------
    distances
        Per synthetic row, the Euclidean distance to the closest real row.
    nearest_real
        Per synthetic row, the index of one closest real row (the KD-tree's choice among ties).
    real_nn
        Per real row, the distance to its nearest *other* real row (0 for a duplicated row).
    share_closer
        Share of synthetic rows ``s`` with ``distances[s] < real_nn[nearest_real[s]]``: closer
        to their nearest real record than that record's nearest real neighbour is. Strict, so
        a record with a duplicate (``real_nn == 0``) never counts.
    percentile
        The percentile reported in `p_low` (5 by default).
    p_low
        That percentile of `distances` (numpy's linear interpolation).
    real_p_low
        The same percentile of `real_nn`: the real data's own spacing, for comparison.
    n_copies
        Synthetic rows equal, entry by entry, to a real row.
    """

    distances: FloatArray
    nearest_real: IntArray
    real_nn: FloatArray
    share_closer: float
    percentile: float
    p_low: float
    real_p_low: float
    n_copies: int

    @property
    def share_copies(self) -> float:
        """The share of synthetic rows that are exact copies of a real row."""
        return float(self.n_copies / self.distances.shape[0])


def real_nearest_neighbour_distances(X_real: FloatArray, *, workers: int = 1) -> FloatArray:
    """Per real row, the distance to its nearest other real row.

    The two smallest distances from a row are itself (0) and its nearest other row, whichever
    index the tree returns first among zero-distance ties, so column 1 is the answer.
    """
    if X_real.shape[0] < 2:
        raise TooFewSamples(
            f"X_real has {X_real.shape[0]} row; the real-to-real nearest-neighbour distance "
            "needs at least 2 real rows"
        )
    dist, _ = cKDTree(X_real).query(X_real, k=2, workers=workers)
    return np.asarray(dist[:, 1], dtype=np.float64)


def _count_copies(real: FloatArray, candidates: FloatArray) -> int:
    """How many candidate rows equal some real row entry by entry (−0.0 == 0.0).

    Only rows at float distance 0 are candidates, but the KD-tree's nearest row need not be the
    equal one: rows differing by ~1e-199 are at float distance 0 as well (underflow), so the
    test is against every real row, by exact bytes after mapping −0.0 to 0.0.
    """
    if candidates.shape[0] == 0:
        return 0
    keys = {row.tobytes() for row in real + 0.0}  # x + 0.0 turns -0.0 into 0.0, nothing else
    return sum(row.tobytes() in keys for row in candidates + 0.0)


def dcr(X_real: Any, X_syn: Any, *, percentile: float = 5.0, workers: int = 1) -> DCRResult:
    """Distance to closest record of every synthetic row, with the usual summaries.

    Parameters
    ----------
    X_real
        The real records, shape (n_real, d), n_real >= 2; finite numbers.
    X_syn
        The synthetic (released) rows, shape (n_syn, d), n_syn >= 1; finite numbers.
    percentile
        The low percentile reported as `DCRResult.p_low`, in [0, 100].
    workers
        Threads for the KD-tree queries (``-1``: all cores).

    Returns
    -------
    DCRResult
        The distribution and its summaries.

    Raises
    ------
    refimpl.errors.InvalidInput
        NaN or inf, a table that is not 2-D, has no rows or no columns.
    refimpl.errors.ShapeMismatch
        The tables have different numbers of columns.
    refimpl.errors.TooFewSamples
        Fewer than 2 real rows (the real-to-real spacing is undefined).
    refimpl.errors.InvalidParameter
        ``percentile`` outside [0, 100].

    Notes
    -----
    What DCR can and cannot show is in the module notes: a DCR that looks safe is no evidence
    against the geometric attacks.

    Examples
    --------
    >>> import numpy as np
    >>> r = dcr(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[0.5, 0.0], [1.0, 0.0]]))
    >>> r.distances.tolist(), r.n_copies, r.share_closer
    ([0.5, 0.0], 1, 1.0)
    """
    if isinstance(percentile, bool) or not isinstance(percentile, (int, float, np.integer, np.floating)):
        raise InvalidParameter(f"percentile must be a number in [0, 100], got {percentile!r}")
    if not 0 <= percentile <= 100:
        raise InvalidParameter(f"percentile must lie in [0, 100], got {percentile!r}")
    real, syn = paired_tables(X_real, X_syn)
    real_nn = real_nearest_neighbour_distances(real, workers=workers)
    dist, idx = cKDTree(real).query(syn, k=1, workers=workers)
    distances = np.asarray(dist, dtype=np.float64)
    nearest = np.asarray(idx, dtype=np.int64)
    closer = distances < real_nn[nearest]
    copies = _count_copies(real, syn[distances == 0])
    return DCRResult(
        distances=distances,
        nearest_real=nearest,
        real_nn=real_nn,
        share_closer=float(np.mean(closer)),
        percentile=float(percentile),
        p_low=float(np.percentile(distances, percentile)),
        real_p_low=float(np.percentile(real_nn, percentile)),
        n_copies=copies,
    )
