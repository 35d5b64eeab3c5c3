"""One CSV round trip per table, run inside the old-pandas venv that ``verify_fuzz.py --old-pandas`` builds.

    python bench/old_pandas_roundtrip.py IN.npz OUT.npz

IN holds ``X{i}`` (features, float64 or float32) and ``y{i}`` (labels) for i = 0 … n-1. Each
table is written with that venv's ``DataFrame.to_csv`` (its defaults: the format a user's
pipeline produces), then read back twice: with refimpl's reader (``read_csv_exact``, the one
``verify`` uses) and with that pandas' default ``read_csv`` (the parser whose rounding the
exact reader must not depend on). OUT holds ``exact{i}`` and ``naive{i}`` (float64, as read)
and ``pandas`` (the version string). Only numpy, pandas and ``refimpl.readers`` are imported,
so the venv needs nothing else.
"""

from __future__ import annotations

import io
import sys
from typing import Any

import numpy as np


def roundtrip(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(exact, naive): the features of ``to_csv(X, y)`` read by read_csv_exact and by pandas' default read_csv."""
    import pandas as pd

    from refimpl.readers.csv_exact import read_csv_exact

    cols = [f"x{j}" for j in range(X.shape[1])]
    frame = pd.DataFrame(X, columns=cols)
    frame["y"] = y
    text = frame.to_csv(index=False)
    exact: Any = read_csv_exact(io.StringIO(text))
    naive: Any = pd.read_csv(io.StringIO(text))
    return (
        np.asarray(exact[cols].to_numpy(), dtype=np.float64),
        np.asarray(naive[cols].to_numpy(), dtype=np.float64),
    )


def main(argv: list[str]) -> int:
    import pandas as pd

    src = np.load(argv[0])
    n = sum(1 for key in src.files if key.startswith("X"))
    out: dict[str, Any] = {"pandas": np.array(pd.__version__)}
    for i in range(n):
        out[f"exact{i}"], out[f"naive{i}"] = roundtrip(src[f"X{i}"], src[f"y{i}"])
    np.savez(argv[1], **out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
