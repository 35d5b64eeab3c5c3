"""Floating-point formats, rounding helpers and SMOTE's arithmetic models: every constant of every bound, once.

Formats (IEEE 754, round to nearest, no overflow):

| format | u (unit roundoff) | η (smallest subnormal) |
|---|---|---|
| ``binary64`` | 2^-53 | 2^-1074 |
| ``binary32`` | 2^-24 | 2^-149 |

In the standard model |fl(z) − z| ≤ u·|fl(z)| and ≤ u·|z| for a normal result, and ≤ η/2 ≤ η
in the subnormal range (Higham 2002, §2.2). γ_k = k·u / (1 − k·u) bounds |θ_k| for k rounding
factors (Higham 2002, Lemma 3.1). Every constant is an exact `fractions.Fraction`; the float
versions are rounded *up* (`float_up`), so a float bound built from them is never too small.

The arithmetic models (`ARITHMETIC_MODELS`, one `ArithmeticModel` record each) are the three
ways a SMOTE step is computed in the wild, with the coefficients of their rounding tube
(Lemma 3, proofs/03_rounding_tube.py):

* ``float64`` (imbalanced-learn on float64): |ŝ_j − (x_j + λd_j)| ≤ a|ŝ_j| + b|d̂_j| + c;
* ``float32-mixed`` (imbalanced-learn on float32): the same form, d̂ computed in binary32;
* ``convex`` (smote-variants): |ŝ_j − ((1 − λ)x_j + λn_j)| ≤ a·((1 − λ)|x_j| + λ|n_j|) + c.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.errors import InvalidParameter

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FloatFormat:
    """One IEEE binary format: its unit roundoff ``u`` and underflow term ``eta``, exact (Higham 2002, §2.2)."""

    name: str
    dtype: type[np.floating[Any]]
    u: Fraction
    eta: Fraction

    def gamma(self, k: int) -> Fraction:
        """γ_k = k·u / (1 − k·u), exact; Higham 2002, Lemma 3.1 (needs 0 ≤ k and k·u < 1)."""
        return gamma(k, self.u)

    def gamma_up(self, k: int) -> float:
        """A float ≥ γ_k: γ_k rounded to nearest, then one step up (within 2 ulps of γ_k); Higham 2002, Lemma 3.1.

        This is fl(k·u / (1 − k·u)) followed by one ``nextafter``: k·u and 1 − k·u are exact
        floats for k < 2^p, so the quotient is correctly rounded and the step makes it ≥ γ_k.
        """
        return float(np.nextafter(float(self.gamma(k)), np.inf))


BINARY64 = FloatFormat("binary64", np.float64, Fraction(1, 2**53), Fraction(1, 2**1074))
BINARY32 = FloatFormat("binary32", np.float32, Fraction(1, 2**24), Fraction(1, 2**149))


def gamma(k: int, u: Fraction = BINARY64.u) -> Fraction:
    """γ_k = k·u / (1 − k·u), Higham's bound on |θ_k| for k rounding factors; Higham 2002, Lemma 3.1 (needs k·u < 1)."""
    if k < 0 or k * u >= 1:
        raise InvalidParameter(f"gamma({k}) needs 0 <= k and k·u < 1")
    return k * u / (1 - k * u)


# ---------------------------------------------------------------------------------------
# Directed rounding
# ---------------------------------------------------------------------------------------


def float_up(q: Fraction) -> float:
    """The least float ≥ q (round toward +∞); exact comparison, so never below q."""
    f = float(q)
    return f if Fraction(f) >= q else float(np.nextafter(f, np.inf))


def float_down(q: Fraction) -> float:
    """The greatest float ≤ q (round toward −∞); exact comparison, so never above q."""
    f = float(q)
    return f if Fraction(f) <= q else float(np.nextafter(f, -np.inf))


def next_up(x: FloatArray) -> FloatArray:
    """Every element one float up: an upper bound of a value that round-to-nearest computed as ``x``."""
    return np.nextafter(x, np.inf)


def next_down(x: FloatArray) -> FloatArray:
    """Every element one float down: a lower bound of a value that round-to-nearest computed as ``x``."""
    return np.nextafter(x, -np.inf)


# ---------------------------------------------------------------------------------------
# SMOTE's arithmetic models (Lemma 3, proofs/03_rounding_tube.py)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArithmeticModel:
    """How one implementation computes a SMOTE step, and the coefficients of its tube; Lemma 3, proofs/03_rounding_tube.py.

    ``dtype`` is the type of ŝ; ``unit`` the unit roundoff in which d̂ = fl(n − x) is computed
    (so |d̂| ≤ (1 + unit)·|n − x|); ``eta`` the underflow term of ŝ's format. For the
    difference models (``convex`` False) the bound is a·|ŝ_j| + b·|d̂_j| + c; for ``convex``
    it is a·((1 − λ)|x_j| + λ|n_j|) + c and ``b`` is 0.
    """

    name: str
    dtype: type[np.floating[Any]]
    unit: Fraction
    eta: Fraction
    a: Fraction
    b: Fraction
    c: Fraction
    convex: bool = False


_U, _ETA = BINARY64.u, BINARY64.eta
_U32, _ETA32 = BINARY32.u, BINARY32.eta

ARITHMETIC_MODELS: dict[str, ArithmeticModel] = {
    # Lemma 3(a): ŝ = fl(x + fl(λ·fl(n − x))) in binary64
    "float64": ArithmeticModel("float64", np.float64, _U, _ETA, _U, 2 * _U + _U * _U, _ETA),
    # Lemma 3(b): d̂ in binary32, product and sum in binary64, result cast to binary32
    "float32-mixed": ArithmeticModel(
        "float32-mixed", np.float32, _U32, _ETA32, _U32 + _U * (1 + _U32), _U32 + _U, _ETA32 * (1 + _U) + _ETA
    ),
    # Lemma 3(c): fl(fl(w0·x) + fl(w1·n)) with w = W / fl(W0 + W1), γ₄ and one η through the sum
    "convex": ArithmeticModel("convex", np.float64, _U, _ETA, gamma(4), Fraction(0), (1 + _U) * _ETA, convex=True),
}

#: the model names, in the order the CLI and the docs list them
MODEL_NAMES: tuple[str, ...] = tuple(ARITHMETIC_MODELS)
#: models whose bound has the form a·|ŝ_j| + b·|d̂_j| + c (imbalanced-learn's x + λ(n − x))
DIFFERENCE_MODELS: tuple[str, ...] = tuple(n for n, m in ARITHMETIC_MODELS.items() if not m.convex)


def arithmetic_model(name: str) -> ArithmeticModel:
    """The record of the named arithmetic model; raises InvalidParameter for an unknown name (Lemma 3)."""
    try:
        return ARITHMETIC_MODELS[name]
    except (KeyError, TypeError):
        raise InvalidParameter(f"unknown error model {name!r}; choose one of {', '.join(MODEL_NAMES)}") from None


def model_of(X: Any) -> str:
    """The SMOTE arithmetic rows of this dtype come from: ``float32-mixed`` for float32 (imbalanced-learn keeps float32 input in float32), else ``float64``; Lemma 3, proofs/03_rounding_tube.py.

    An array's dtype, or a DataFrame's one common column dtype; anything else is float64.
    """
    dt = getattr(X, "dtype", None)
    if dt is None and hasattr(X, "dtypes"):
        kinds = set(X.dtypes)
        dt = kinds.pop() if len(kinds) == 1 else None
    return "float32-mixed" if dt == np.float32 else "float64"


__all__ = [
    "ARITHMETIC_MODELS",
    "BINARY32",
    "BINARY64",
    "DIFFERENCE_MODELS",
    "MODEL_NAMES",
    "ArithmeticModel",
    "FloatFormat",
    "arithmetic_model",
    "float_down",
    "float_up",
    "gamma",
    "model_of",
    "next_down",
    "next_up",
]
