"""Weka 3.6's SMOTE filter (``weka.filters.supervised.instance.SMOTE``), run with ``java -cp weka.jar``.

Known behaviour (read with ``javap -c`` from Debian's jar): plain Euclidean kNN,
one ``Random.nextDouble()`` gap per attribute (box geometry), ``(int)`` truncation of the number
of synthetic rows, and ARFF output through ``Utils.doubleToString(v, 6)`` (six decimals,
originals included). The rows returned are parsed from Weka's ARFF with ``float()``, unchanged.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from bench.wild._common import ToolUnavailable, WildOutput, run_child, tempdir
from refimpl.readers.arff import read_arff, write_arff

#: where Debian's ``weka`` package puts the jar; override with $WEKA_JAR
DEFAULT_JAR = "/usr/share/java/weka.jar"
FILTER = "weka.filters.supervised.instance.SMOTE"


def jar() -> str:
    """The Weka jar in use ($WEKA_JAR, else Debian's)."""
    return os.environ.get("WEKA_JAR", DEFAULT_JAR)


def available() -> str | None:
    """None when java and the Weka jar are present; else the reason."""
    if shutil.which("java") is None:
        return "java not found (apt-get install default-jre-headless weka)"
    if not Path(jar()).exists():
        return f"{jar()} not found (apt-get install weka, or set WEKA_JAR)"
    return None


def run_weka_smote(
    X: Any, y: Any, *, k: int = 5, percent: float = 100.0, seed: int = 1, class_value: int = 0
) -> WildOutput:
    """Weka's SMOTE on (X, y): ``-K k -P percent -S seed -C class_value`` (0 = the minority, Weka's default).

    Labels are written as the nominal values ``c<label>`` and mapped back; the output is Weka's
    own ARFF, read exactly, originals first (Weka keeps the input rows, then appends).
    """
    reason = available()
    if reason:
        raise ToolUnavailable(reason)
    import pandas as pd

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    labels = sorted(set(y.tolist()))
    names = {lab: f"c{lab}" for lab in labels}
    back = {v: k_ for k_, v in names.items()}
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    frame["class"] = [names[v] for v in y.tolist()]
    with tempdir() as tmp:
        d = Path(tmp)
        write_arff(frame, d / "in.arff", relation="smote-refimpl", nominal=("class",))
        cmd = ["java", "-Djava.awt.headless=true", "-cp", jar(), FILTER,
               "-C", str(class_value), "-K", str(k), "-P", repr(float(percent)), "-S", str(seed),
               "-c", "last", "-i", "in.arff", "-o", "out.arff"]
        _, wall, cpu = run_child(cmd, cwd=d)
        raw = (d / "out.arff").read_text()
        out = read_arff(d / "out.arff")
    Xo = out[[f"x{j}" for j in range(X.shape[1])]].to_numpy(dtype=np.float64)
    yo = np.array([back[v] for v in out["class"].tolist()])
    return WildOutput(Xo, yo, cmd, wall, cpu, raw=raw, notes={"tool": "weka", "jar": jar()})
