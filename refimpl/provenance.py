"""Provenance of synthetic rows: which parents and which λ made each one."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from refimpl.results import ResultDisplay

#: imbalanced-learn's λ is numpy's uniform double, m / 2^53 with m in [0, 2^53)
LAMBDA_DENOMINATOR = 2**53


@dataclass(frozen=True, repr=False)
class Provenance(ResultDisplay):
    """For synthetic row r: ``klass[r]``, ``base[r]`` and ``neighbour[r]`` (row indices into
    the *input* X) and λ = ``lam_numerator[r]`` / 2^53, exactly, also as ``lam_float[r]``.

    ``row[r]`` is the position of the synthetic row in the resampled output.
    """

    row: np.ndarray
    klass: np.ndarray
    base: np.ndarray
    neighbour: np.ndarray
    lam_numerator: np.ndarray  # uint64, exact
    lam_float: np.ndarray  # float64, equal to lam_numerator / 2^53 exactly

    def __len__(self) -> int:
        return int(self.row.shape[0])

    def lam_exact(self, r: int) -> Fraction:
        """λ of synthetic row r as the exact dyadic rational m / 2^53."""
        return Fraction(int(self.lam_numerator[r]), LAMBDA_DENOMINATOR)

    def lambdas_exact(self) -> list[Fraction]:
        """Every λ as an exact Fraction."""
        return [Fraction(int(m), LAMBDA_DENOMINATOR) for m in self.lam_numerator]

    def to_frame(self) -> Any:
        """A pandas DataFrame: row, class, base, neighbour, lambda (float), lambda_exact ("m/2^53")."""
        import pandas as pd

        return pd.DataFrame(
            {
                "row": self.row,
                "class": self.klass,
                "base": self.base,
                "neighbour": self.neighbour,
                "lambda": self.lam_float,
                "lambda_numerator": [str(int(m)) for m in self.lam_numerator],
                "lambda_exact": [str(q) for q in self.lambdas_exact()],
            }
        )

    @staticmethod
    def from_frame(frame: Any) -> Provenance:
        """Inverse of [`to_frame`][refimpl.provenance.Provenance.to_frame] (λ is read from ``lambda_numerator``, exactly)."""
        num = np.array([int(v) for v in frame["lambda_numerator"]], dtype=np.uint64)
        return Provenance(
            row=frame["row"].to_numpy(dtype=np.int64),
            klass=frame["class"].to_numpy(),
            base=frame["base"].to_numpy(dtype=np.int64),
            neighbour=frame["neighbour"].to_numpy(dtype=np.int64),
            lam_numerator=num,
            lam_float=num.astype(np.float64) / float(LAMBDA_DENOMINATOR),
        )

    @staticmethod
    def concatenate(parts: list[Provenance]) -> Provenance:
        """The provenance of several class blocks, in order."""
        if not parts:
            empty = np.empty(0, dtype=np.int64)
            return Provenance(
                row=empty,
                klass=empty,
                base=empty,
                neighbour=empty,
                lam_numerator=np.empty(0, dtype=np.uint64),
                lam_float=np.empty(0, dtype=np.float64),
            )
        def cat(field: str) -> np.ndarray:
            return np.concatenate([getattr(p, field) for p in parts])

        return Provenance(
            row=cat("row"),
            klass=cat("klass"),
            base=cat("base"),
            neighbour=cat("neighbour"),
            lam_numerator=cat("lam_numerator"),
            lam_float=cat("lam_float"),
        )


def lambda_numerators(steps: np.ndarray) -> np.ndarray:
    """m = λ·2^53 for λ drawn by numpy's ``uniform()``; exact because λ is a multiple of 2^-53."""
    m = steps.astype(np.float64) * float(LAMBDA_DENOMINATOR)  # a power-of-two scaling: exact
    if not np.all(m == np.floor(m)):
        raise ValueError("λ values are not multiples of 2^-53; they did not come from uniform()")
    return m.astype(np.uint64)
