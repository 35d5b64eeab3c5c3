"""Exact conversion of numbers to rationals, exact vector arithmetic, and backend choice.

Algorithm notes
---------------
Every finite binary float is a dyadic rational m / 2^e, and ``fractions.Fraction(x)``
(via ``float.as_integer_ratio``) returns exactly that rational. Nothing here ever parses a
decimal string or rounds: ``Fraction(str(x))`` would give the *decimal* 0.1, which is not the
float 0.1 = 3602879701896397 / 2^55. Conversions back to float happen once, at the boundary,
outside this package.

Backends
--------
``fraction`` (the reference, always available), ``gmpy2`` (``mpq``) and ``flint``
(``fmpq``). All three are exact, so they must give identical answers; they differ only in
speed. Choose one with the ``backend=`` keyword or the ``REFIMPL_EXACT_BACKEND`` environment
variable. Predicates are written once over ``+ - * / == <`` and therefore run on any of them.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from refimpl.errors import BackendUnavailable, InvalidInput, InvalidParameter, NonNumericColumn

#: An exact rational of whichever backend is active (Fraction, gmpy2.mpq or flint.fmpq).
Rational = Any
#: An exact vector: a tuple of rationals.
RVector = tuple[Any, ...]

ENV_VAR = "REFIMPL_EXACT_BACKEND"


@dataclass(frozen=True)
class Backend:
    """An exact rational number type: how to build one from a ratio and how to read it back."""

    name: str
    make: Callable[[int, int], Rational]

    def from_fraction(self, q: Fraction) -> Rational:
        """The backend's rational equal to ``q`` (exact)."""
        return self.make(q.numerator, q.denominator)


def _fraction_backend() -> Backend:
    return Backend("fraction", Fraction)


def _gmpy2_backend() -> Backend:
    try:
        import gmpy2
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise BackendUnavailable(
            "backend 'gmpy2' needs the gmpy2 package: pip install 'smote-refimpl[fast]' "
            "or choose backend='fraction'"
        ) from exc
    return Backend("gmpy2", gmpy2.mpq)


def _flint_backend() -> Backend:
    try:
        import flint
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise BackendUnavailable(
            "backend 'flint' needs the python-flint package: pip install 'smote-refimpl[fast]' "
            "or choose backend='fraction'"
        ) from exc
    return Backend("flint", flint.fmpq)


_FACTORIES: dict[str, Callable[[], Backend]] = {
    "fraction": _fraction_backend,
    "gmpy2": _gmpy2_backend,
    "flint": _flint_backend,
}
_CACHE: dict[str, Backend] = {}

BACKENDS: tuple[str, ...] = tuple(_FACTORIES)


def get_backend(name: str | Backend | None = None) -> Backend:
    """The exact backend called ``name``; ``None`` reads ``$REFIMPL_EXACT_BACKEND`` (default ``fraction``)."""
    if isinstance(name, Backend):
        return name
    if name is None:
        name = os.environ.get(ENV_VAR, "fraction") or "fraction"
    if name not in _FACTORIES:
        raise InvalidParameter(
            f"unknown exact backend {name!r}; choose one of {', '.join(BACKENDS)}"
        )
    if name not in _CACHE:
        _CACHE[name] = _FACTORIES[name]()
    return _CACHE[name]


def available_backends() -> list[str]:
    """The names of the exact backends that can be loaded on this machine."""
    names = []
    for name in BACKENDS:
        try:
            get_backend(name)
        except BackendUnavailable:
            continue
        names.append(name)
    return names


def as_fraction(q: Rational) -> Fraction:
    """Any backend rational (or int) as a ``Fraction``, exactly."""
    if isinstance(q, Fraction):
        return q
    if isinstance(q, int):
        return Fraction(q)
    # gmpy2.mpq and flint.fmpq both expose integer numerator / denominator (as attribute or
    # method, depending on the library); int() of those is exact.
    num = q.numerator() if callable(q.numerator) else q.numerator
    den = q.denominator() if callable(q.denominator) else q.denominator
    return Fraction(int(num), int(den))


def to_rational(
    value: object,
    *,
    backend: str | Backend | None = None,
    row: int | None = None,
    column: int | str | None = None,
) -> Rational:
    """The exact rational equal to ``value``; refuses NaN, inf, bool and str (Lemma: float = m/2^e).

    ``int``, ``float``, numpy integer and floating scalars (float16/32/64/longdouble) and
    ``Fraction`` are accepted. ``row`` and ``column`` only enrich the error message.
    """
    be = get_backend(backend)
    q: Fraction
    if isinstance(value, (bool, np.bool_)):
        raise InvalidInput(
            f"boolean value {value!r} is not a number here; cast the column to int or float first",
            row=row,
            column=column,
        )
    if isinstance(value, Fraction):
        q = value
    elif isinstance(value, (int, np.integer)):
        q = Fraction(int(value))
    elif isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidInput(
                f"non-finite value {value!r}; drop or impute NaN/inf rows before calling",
                row=row,
                column=column,
            )
        # as_integer_ratio is exact for every binary float format numpy offers.
        num, den = value.as_integer_ratio()
        q = Fraction(int(num), int(den))
    elif isinstance(value, numbers.Rational):
        q = Fraction(int(value.numerator), int(value.denominator))
    elif isinstance(value, str):
        raise NonNumericColumn(
            f"string value {value!r}; encode categorical columns as numbers before calling",
            row=row,
            column=column,
        )
    elif hasattr(value, "numerator") and hasattr(value, "denominator"):
        q = as_fraction(value)  # another exact backend's rational
    else:
        raise InvalidInput(
            f"value {value!r} of type {type(value).__name__} is not an exact or binary number",
            row=row,
            column=column,
        )
    return q if be.name == "fraction" else be.from_fraction(q)


def to_vector(
    values: Iterable[object], *, backend: str | Backend | None = None, row: int | None = None
) -> RVector:
    """A point as an exact vector (tuple of rationals); errors name ``row`` and the column."""
    be = get_backend(backend)
    return tuple(to_rational(v, backend=be, row=row, column=j) for j, v in enumerate(values))


def to_matrix(X: object, *, backend: str | Backend | None = None) -> list[RVector]:
    """A 2-D array-like (ndarray, DataFrame, list of rows) as a list of exact row vectors."""
    be = get_backend(backend)
    columns = getattr(X, "columns", None)
    if columns is not None:  # pandas DataFrame: name columns in errors, reject non-numeric dtypes
        for name, dtype in zip(columns, X.dtypes):  # type: ignore[attr-defined]
            if dtype.kind not in "iuf":
                raise NonNumericColumn(
                    f"has dtype {dtype}; SMOTE interpolates, so encode it as numbers first",
                    column=str(name),
                )
        rows: Any = X.to_numpy()  # type: ignore[attr-defined]
    else:
        rows = X
    arr = np.asarray(rows, dtype=object) if not isinstance(rows, np.ndarray) else rows
    if arr.ndim != 2:
        raise InvalidInput(f"expected a 2-D array of points, got {arr.ndim} dimension(s)")
    out = []
    for i, r in enumerate(arr):
        vec = []
        for j, v in enumerate(r):
            col: int | str = str(columns[j]) if columns is not None else j
            vec.append(to_rational(v, backend=be, row=i, column=col))
        out.append(tuple(vec))
    return out


# --- exact vector arithmetic -------------------------------------------------------------


def _check_same_length(a: Sequence[Any], b: Sequence[Any]) -> None:
    if len(a) != len(b):
        from refimpl.errors import ShapeMismatch

        raise ShapeMismatch(
            f"points have {len(a)} and {len(b)} coordinates; pass points of the same dimension"
        )


def vsub(a: RVector, b: RVector) -> RVector:
    """a − b, coordinatewise and exact."""
    _check_same_length(a, b)
    return tuple(x - y for x, y in zip(a, b))


def vadd(a: RVector, b: RVector) -> RVector:
    """a + b, coordinatewise and exact."""
    _check_same_length(a, b)
    return tuple(x + y for x, y in zip(a, b))


def vscale(lam: Rational, a: RVector) -> RVector:
    """λ·a, exact."""
    return tuple(lam * x for x in a)


def vdot(a: RVector, b: RVector) -> Rational:
    """The exact inner product ⟨a, b⟩."""
    _check_same_length(a, b)
    total: Rational = 0
    for x, y in zip(a, b):
        total += x * y
    return total


def interpolate(x: RVector, n: RVector, lam: Rational) -> RVector:
    """The SMOTE point x + λ(n − x), exactly (Lemma 1, proofs/01_interior.py)."""
    _check_same_length(x, n)
    return tuple(xi + lam * (ni - xi) for xi, ni in zip(x, n))


def is_zero(a: RVector) -> bool:
    """True iff every coordinate is exactly zero."""
    return all(v == 0 for v in a)


def to_integer_lattice(rows: Sequence[RVector]) -> tuple[list[tuple[int, ...]], int]:
    """Rows scaled by one common denominator D into integers: (integer rows, D).

    Scaling every coordinate by the same positive D preserves every distance ordering,
    orientation sign and collinearity, and integer arithmetic is much faster than
    Fraction arithmetic. For float input, D is a power of two.
    """
    den = 1
    for r in rows:
        for v in r:
            q = as_fraction(v)
            den = den * q.denominator // math.gcd(den, q.denominator)
    out = []
    for r in rows:
        out.append(tuple(int(as_fraction(v) * den) for v in r))
    return out, den
