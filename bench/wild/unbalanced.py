"""R ``unbalanced::ubSMOTE`` (DMwR's SMOTE) run by ``Rscript``, exact hex-float transfer both ways.

Known behaviour (read from its R source, `print(unbalanced:::ubSmoteExs)`): kNN on data scaled by the *minority's* per-column range (a
constant minority column gives NaN distances, and ``order()`` then keeps input order), one gap per
synthetic row for numeric columns (``T[i, ] + runif(1) * difs`` in ``ubSmoteExs``: segment geometry;
verify --as unbalanced certifies it), shuffled output, the majority undersampled with replacement, ``perc.over``
floored to a multiple of 100. The minority must be labelled 1 and the majority 0.
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
    """None when Rscript loads unbalanced; else the reason."""
    return r_available("unbalanced")


def run_ubsmote(
    X: Any, y: Any, *, k: int = 5, perc_over: int = 200, perc_under: int = 200, seed: int = 0
) -> WildOutput:
    """``set.seed(seed); ubSMOTE(X, factor(y), perc.over, k, perc.under)``; y must be 0 (majority) / 1 (minority)."""
    reason = available()
    if reason:
        raise ToolUnavailable(reason)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).astype(np.int64)
    if set(np.unique(y).tolist()) != {0, 1}:
        raise ValueError("ubSMOTE needs labels 0 (majority) and 1 (minority)")
    with tempdir() as tmp:
        d = Path(tmp)
        write_hex_csv(d / "in.csv", X, y)
        script = (
            'IN <- "in.csv"\n' + R_READ_HEX + R_WRITE_HEX
            + "suppressMessages(library(unbalanced))\n"
            + f"set.seed({int(seed)})\n"
            + f"res <- ubSMOTE(X, y, perc.over = {int(perc_over)}, k = {int(k)}, "
            + f"perc.under = {int(perc_under)}, verbose = FALSE)\n"
            + 'write_hex(res$X[, names(X), drop = FALSE], res$Y, "out.csv")\n'
        )
        (d / "run.R").write_text(script)
        cmd = ["Rscript", "--vanilla", "run.R"]
        _, wall, cpu = run_child(cmd, cwd=d)
        raw = (d / "out.csv").read_text()
        Xo, yo = read_hex_csv(d / "out.csv", X.shape[1])
    return WildOutput(Xo, yo, cmd, wall, cpu, raw=raw, notes={"tool": "unbalanced", "script": script})
