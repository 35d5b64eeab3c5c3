"""Shared pieces of the runners: the output record, timing of the child process, R's exact transfer."""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


class ToolUnavailable(RuntimeError):
    """The external implementation cannot run on this machine (the message says why)."""


@dataclass
class WildOutput:
    """What an external SMOTE produced: rows, labels, its raw output text, and the cost of the run."""

    X: np.ndarray
    y: np.ndarray
    command: list[str]
    wall_seconds: float
    cpu_seconds: float  # CPU time of the child process (user + system)
    raw: str = ""
    notes: dict[str, Any] = field(default_factory=dict)


def run_child(cmd: list[str], *, cwd: Path, timeout: float = 600.0) -> tuple[str, float, float]:
    """Run ``cmd``; (stdout, wall s, child CPU s). A non-zero exit raises ToolUnavailable with stderr's tail."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise ToolUnavailable(f"{cmd[0]} exited {proc.returncode}: {' | '.join(tail)}")
    return proc.stdout, wall, cpu


def tempdir() -> tempfile.TemporaryDirectory[str]:
    """A scratch directory for one run's files."""
    return tempfile.TemporaryDirectory(prefix="smote-wild-")


def r_available(package: str) -> str | None:
    """None when ``Rscript`` loads ``package``; else the reason."""
    if shutil.which("Rscript") is None:
        return "Rscript not found (apt-get install r-base-core)"
    proc = subprocess.run(["Rscript", "-e", f"suppressMessages(library({package}))"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        return f"R cannot load {package}: {tail[0]}"
    return None


def write_hex_csv(path: Path, X: np.ndarray, y: np.ndarray) -> None:
    """Features as C99 hex floats (float.hex: exact), labels as integers 0..; R reads hex with as.numeric."""
    X = np.asarray(X, dtype=np.float64)
    lines = [",".join([f"x{j}" for j in range(X.shape[1])] + ["y"])]
    for row, lab in zip(X.tolist(), np.asarray(y).tolist()):
        lines.append(",".join([float(v).hex() for v in row] + [str(int(lab))]))
    path.write_text("\n".join(lines) + "\n")


#: R code that reads write_hex_csv's file exactly: as.numeric parses C99 hex floats (R_strtod)
R_READ_HEX = """
raw <- read.csv(IN, colClasses = "character")
X <- as.data.frame(lapply(raw[, setdiff(names(raw), "y"), drop = FALSE], as.numeric))
y <- factor(as.integer(raw$y))
"""

#: R code that writes a data frame's numeric columns exactly (sprintf %a is C's printf: exact hex)
R_WRITE_HEX = """
write_hex <- function(X, y, path) {
  cols <- lapply(X, function(v) sprintf("%a", as.numeric(v)))
  out <- as.data.frame(cols, stringsAsFactors = FALSE)
  out$y <- as.character(y)
  write.csv(out, path, row.names = FALSE, quote = FALSE)
}
"""


def read_hex_csv(path: Path, d: int) -> tuple[np.ndarray, np.ndarray]:
    """(X float64, y int) from a file written by R_WRITE_HEX (float.fromhex is exact)."""
    lines = path.read_text().strip().splitlines()
    header = lines[0].split(",")
    feat = [header.index(f"x{j}") for j in range(d)]
    yi = header.index("y")
    rows = [ln.split(",") for ln in lines[1:]]
    X = np.array([[_from_r_hex(r[j]) for j in feat] for r in rows], dtype=np.float64).reshape(len(rows), d)
    y = np.array([int(r[yi]) for r in rows], dtype=np.int64)
    return X, y


def _from_r_hex(text: str) -> float:
    t = text.strip()
    if t in ("NA", "NaN", "Inf", "-Inf"):
        return float({"NA": "nan", "NaN": "nan", "Inf": "inf", "-Inf": "-inf"}[t])
    return float.fromhex(t)
