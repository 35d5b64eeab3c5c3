"""Runners for real SMOTE implementations outside this package, each called by subprocess on arrays.

Every runner takes (X, y) as numpy arrays and returns a ``WildOutput`` with the rows the
implementation produced, *as it wrote them* (no re-rounding here: whatever the tool's output
format does is part of what ``verify`` must model). ``available()`` in each module returns None
when the tool runs here, or a one-line reason when it cannot.

* ``bench.wild.weka``: Weka 3.6 ``weka.filters.supervised.instance.SMOTE`` (Debian ``weka``).
* ``bench.wild.themis``: R ``themis::smote`` (Debian ``r-cran-themis``).
* ``bench.wild.unbalanced``: R ``unbalanced::ubSMOTE`` (Debian ``r-cran-unbalanced``).
"""

from bench.wild._common import ToolUnavailable, WildOutput

__all__ = ["ToolUnavailable", "WildOutput"]
