"""Privacy attacks on SMOTE output: DistinSMOTE, ReconSMOTE, membership inference, scoring.

The geometric attacks (Ganev et al., ICLR 2026, "SMOTE and Mirrors") are written once against
the geometry-kernel protocol of `refimpl.kernels`; the kernel decides how collinearity,
betweenness and intersections are judged (exactly, within the rounding tube, or with the
published fixed epsilon).
"""

from __future__ import annotations

from refimpl.attacks import scoring as scoring  # the submodule, also as an attribute
from refimpl.attacks.distin import distin_smote
from refimpl.attacks.distin_result import DistinResult
from refimpl.attacks.recon import ReconResult, recon_smote

__all__ = ["DistinResult", "ReconResult", "distin_smote", "recon_smote"]
