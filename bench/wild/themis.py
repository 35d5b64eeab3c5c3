"""R ``themis::smote`` run by ``Rscript``, with an exact (C99 hex float) transfer both ways.

Known behaviour (read from its R source): exact kNN (``RANN::nn2``), one uniform draw per synthetic row,
x + u·(nn − x) in float64, originals first. The runner moves data as hex floats so that it adds
no rounding; a user's own ``write.csv`` (15 significant digits) is a release model for verify.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from bench.wild._common import (
    R_READ_HEX,
    R_WRITE_HEX,
    ToolUnavailable,
    WildOutput,
    r_available,
    read_hex_csv,
    run_child,
    tempdir,
    write_hex_csv,
)


def available() -> str | None:
    """None when Rscript loads themis; else the reason."""
    return r_available("themis")


def run_themis_smote(X: Any, y: Any, *, k: int = 5, over_ratio: float = 1.0, seed: int = 0) -> WildOutput:
    """``set.seed(seed); themis::smote(df, "y", k = k, over_ratio = over_ratio)``; labels are integers."""
    reason = available()
    if reason:
        raise ToolUnavailable(reason)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).astype(np.int64)
    with tempdir() as tmp:
        d = Path(tmp)
        write_hex_csv(d / "in.csv", X, y)
        script = (
            'IN <- "in.csv"\n' + R_READ_HEX + R_WRITE_HEX
            + "suppressMessages(library(themis))\n"
            + f"set.seed({int(seed)})\n"
            + "df <- X; df$y <- y\n"
            + f'res <- themis::smote(df, "y", k = {int(k)}, over_ratio = {float(over_ratio)!r})\n'
            + 'write_hex(res[, names(X), drop = FALSE], res$y, "out.csv")\n'
        )
        (d / "run.R").write_text(script)
        cmd = ["Rscript", "--vanilla", "run.R"]
        _, wall, cpu = run_child(cmd, cwd=d)
        raw = (d / "out.csv").read_text()
        Xo, yo = read_hex_csv(d / "out.csv", X.shape[1])
    return WildOutput(Xo, yo, cmd, wall, cpu, raw=raw, notes={"tool": "themis", "script": script})
