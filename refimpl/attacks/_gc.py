"""Run an attack with Python's cyclic garbage collector paused (timing only; no result changes).

The attacks allocate hundreds of thousands of small objects (exact integer rows, witnesses,
Fractions) and create no reference cycles; their garbage is freed by reference counting. Left
on, the collector still runs full collections in the middle of an attack, each of which walks
the caller's whole heap: 0.4 s of a 1.4 s ReconSMOTE run on 1,000 Gaussian points was spent
there. The collector is paused for the call and restored (and never re-enabled if the caller
had disabled it).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def without_gc(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn`` with the cyclic garbage collector paused during the call."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper
