"""Naive privacy metrics for synthetic data: distance to closest record, distinguishability, linkability.

These are the metrics that make SMOTE *look* safe (Ganev et al., ICLR 2026, "SMOTE and
Mirrors"): every synthetic row lies strictly between two real rows, so it is rarely a copy of
one and a classifier finds it hard to tell apart from the real rows. Neither metric sees the
*geometry* that the attacks in `refimpl.attacks` exploit; see each module's
"What it can and cannot show" section. `refimpl.metrics.linkability` (anonymeter's risk, the
paper's linkability column) needs the optional ``anonymeter`` extra and is imported on use.
"""

from __future__ import annotations

from refimpl.metrics.dcr import DCRResult, dcr
from refimpl.metrics.distinguishability import DistinguishabilityResult, distinguishability_auc

__all__ = ["DCRResult", "DistinguishabilityResult", "dcr", "distinguishability_auc"]
