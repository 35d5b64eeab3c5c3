"""Start-up cost of the command line, and the bytes its progress bar writes.

    python bench/cli_startup.py [--repeat 3]

Prints, for ``smote-refimpl --version`` and ``smote-refimpl --help``, the best CPU seconds
(user + system of the child, from ``os.wait4``) next to the wall seconds of the same run, and
their ratio; then the bytes a progress bar writes to a terminal over 36,000 items, with the
items paced so that the loop lasts about two seconds. CPU time is the figure to compare on a
shared machine; wall time there depends on the load.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run_once(args: list[str]) -> tuple[float, float]:
    """(CPU s, wall s) of one ``python -m refimpl.cli ARGS`` child."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "refimpl.cli", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    return usage.ru_utime + usage.ru_stime, wall


def progress_bytes(items: int = 36_000) -> tuple[int, float]:
    """(bytes written, wall s) by refimpl.commands._io.progress on a fake terminal."""
    from refimpl.commands import _io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake, saved = Tty(), sys.stderr
    sys.stderr = fake
    t0 = time.perf_counter()
    try:
        for i in _io.progress(range(items), total=items, label="certify"):
            if i % 1000 == 0:
                time.sleep(0.05)
    finally:
        sys.stderr = saved
    return len(fake.getvalue().encode()), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for argv in (["--version"], ["--help"]):
        runs = [run_once(argv) for _ in range(args.repeat)]
        cpu, wall = min(runs)
        print(f"smote-refimpl {' '.join(argv):<10} CPU {cpu:.3f} s  wall {wall:.3f} s  (wall/CPU {wall / cpu:.1f})")
    n, wall = progress_bytes()
    print(f"progress bar, 36,000 items over {wall:.1f} s: {n} bytes of stderr")


if __name__ == "__main__":
    main()
