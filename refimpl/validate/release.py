"""Release models of the checker: `refimpl.release`'s ``none``, ``decimals:N``, ``float32``, plus ``significant:N``.

A sampler's output is often written with fewer digits than float64 holds: Weka's ARFF writer
keeps 6 decimals (``decimals:6``), R's ``write.csv`` 15 significant digits
(``significant:15``). The checker widens the rounding tube of every released row by the
release radius ρ, |r − ŝ| ≤ α·|r| + β, and compares the released originals with the real rows
within the same radius.

``significant:N`` (Lemma 9, proofs/09_significant_release.py): printing ŝ with N significant
digits moves it by at most h·|ŝ| with h = ½·10^(1−N) (the last kept digit has weight
10^(e−N+1) ≤ 10^(1−N)·|ŝ| when 10^e ≤ |ŝ|), and reading the decimal back correctly rounded
adds u·|r| (or η/2 when subnormal). With |ŝ| ≤ |r| + |r − ŝ|:
|r − ŝ| ≤ ((h + u)·|r| + η/2) / (1 − h), so α = (h + u)/(1 − h) and β = η ≥ η/(2(1 − h)).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from refimpl.errors import InvalidInput, InvalidParameter
from refimpl.fpformat import BINARY64, float_up, next_up
from refimpl.release import MAX_DECIMALS, ReleaseModel, parse_release

#: the release models ``verify`` accepts (the attacks' noise models are not SMOTE writers)
VERIFY_RELEASES: tuple[str, ...] = ("none", "decimals:N", "significant:N", "float32")


def significant_coefficients(digits: int) -> tuple[Fraction, Fraction]:
    """(α, β) with |r − ŝ| ≤ α·|r| + β for ŝ printed with ``digits`` significant digits and read back; Lemma 9, proofs/09_significant_release.py."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= MAX_DECIMALS:
        raise InvalidParameter(f"significant digits must be an integer in [1, {MAX_DECIMALS}], got {digits!r}")
    h = Fraction(1, 2 * 10 ** (digits - 1))
    return (h + BINARY64.u) / (1 - h), BINARY64.eta


@dataclass(frozen=True)
class SignificantRelease:
    """Values written with N significant digits (R's ``write.csv``: N = 15); Lemma 9, proofs/09_significant_release.py."""

    digits: int
    kind: str = "significant"

    def __post_init__(self) -> None:
        significant_coefficients(self.digits)

    @property
    def guarantee(self) -> str:
        """Always ``certified``: the bound holds for every value."""
        return "certified"

    def label(self) -> str:
        """The model as the CLI spells it."""
        return f"significant:{self.digits}"

    def coefficients(self, d: int = 1) -> tuple[Fraction, Fraction]:
        """(α, β) of |r − ŝ| ≤ α|r| + β; Lemma 9, proofs/09_significant_release.py."""
        return significant_coefficients(self.digits)

    def radius_up(self, points: np.ndarray) -> np.ndarray:
        """α|r| + β per coordinate as floats rounded up (each ≥ the exact bound)."""
        alpha, beta = self.coefficients()
        X = np.asarray(points, dtype=np.float64)
        out = next_up(next_up(np.abs(X) * float_up(alpha)) + float_up(beta))
        if not np.all(np.isfinite(out)):
            raise InvalidInput("coordinates too large for a finite release radius")
        return np.asarray(out, dtype=np.float64)


Release = ReleaseModel | SignificantRelease


def parse_verify_release(spec: str | Release | None) -> Release:
    """``none``, ``decimals:N``, ``significant:N`` or ``float32`` as a release model; InvalidParameter otherwise."""
    if spec is None:
        return ReleaseModel()
    if isinstance(spec, (ReleaseModel, SignificantRelease)):
        return spec
    text = str(spec).strip().lower()
    kind, _, rest = text.partition(":")
    hint = f"use --release {'|'.join(VERIFY_RELEASES)} (e.g. decimals:6 for Weka, significant:15 for R's write.csv)"
    if kind == "significant":
        try:
            return SignificantRelease(int(rest))
        except ValueError:
            raise InvalidParameter(f"cannot read the digits of release {spec!r}; {hint}") from None
    if kind not in ("none", "decimals", "float32"):
        raise InvalidParameter(f"unknown release model {spec!r}; {hint}")
    try:
        return parse_release(text)
    except InvalidParameter as exc:
        raise InvalidParameter(f"{exc}; {hint}") from None
