"""smote-refimpl: an exact-arithmetic reference for SMOTE's geometry, its attacks and SMOTE-DP."""

from refimpl.provenance import Provenance
from refimpl.smote import SMOTE, replay

__version__ = "0.1.0"

__all__ = ["SMOTE", "Provenance", "__version__", "replay"]
