"""smote-refimpl: an exact-arithmetic reference for SMOTE's geometry, its attacks and SMOTE-DP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["SMOTE", "Provenance", "__version__", "replay"]

if TYPE_CHECKING:  # pragma: no cover
    from refimpl.provenance import Provenance
    from refimpl.smote import SMOTE, replay

#: public name -> module that defines it; imported on first use (PEP 562), so that importing
#: ``refimpl`` (and ``smote-refimpl --version``) does not load numpy and scikit-learn
_LAZY = {"SMOTE": "refimpl.smote", "replay": "refimpl.smote", "Provenance": "refimpl.provenance"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in ("smote", "provenance"):  # submodules that an eager import used to make attributes
        import importlib

        return importlib.import_module(f"refimpl.{name}")
    raise AttributeError(f"module 'refimpl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
