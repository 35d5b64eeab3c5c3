"""Conformance checking of third-party SMOTE output, and the test-vector writer."""

from refimpl.validate.checker import verify_smote
from refimpl.validate.models import MODELS, certify_convex, certify_exact, certify_pieces
from refimpl.validate.report import OK_STATUSES, STATUS_MEANING, Check, ConformanceReport, RowCertificate

__all__ = [
    "MODELS",
    "OK_STATUSES",
    "STATUS_MEANING",
    "Check",
    "ConformanceReport",
    "RowCertificate",
    "certify_convex",
    "certify_exact",
    "certify_pieces",
    "verify_smote",
]
