"""Mutation-test the stable core with mutmut and record every mutant's fate (`make mutation`).

A bench, not a test: it takes minutes. It stages a copy of ``refimpl/`` and of the fast
tests that cover the mutated modules in ``build/mutation/`` (so mutmut's ``mutants/`` tree
never lands in the work tree), merges ``bench/mutation/config.toml`` into the copy's
``pyproject.toml``, runs ``mutmut run`` under ``nice -n 10`` with the derandomized
hypothesis profile, and writes ``bench/mutation/results.json``: per module the status of
every mutant, and the diff of every one that was not killed. ``bench/mutation/report.py``
turns that file (plus the reviewed equivalents) into docs/reference/mutation.md.

    python bench/mutation/run.py                     # every mutant -> results.json, then the report
    python bench/mutation/run.py --sample            # bench/mutation/sample.txt -> results-sample.json
    python bench/mutation/run.py --sample --baseline # the sample without tests/unit/test_mutation_kills_*.py
"""

from __future__ import annotations

import argparse
import fnmatch
import glob
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.toml"
RESULTS = HERE / "results.json"
RESULTS_SAMPLE = HERE / "results-sample.json"
BASELINE = HERE / "baseline.json"
SAMPLE = HERE / "sample.txt"
STAGE = ROOT / "build" / "mutation"
#: appended to the staged tests/conftest.py: the ci profile without shrinking (a failing example
#: kills the mutant at once; shrinking it would only burn the time limit) and without the example
#: database (each mutant sees the same examples), so runs are reproducible and fast
PROFILE = """

from hypothesis import Phase as _Phase

settings.register_profile(
    "mutation",
    parent=settings.get_profile("ci"),
    max_examples=50,
    database=None,
    phases=[_Phase.explicit, _Phase.reuse, _Phase.generate],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
"""
KILL_TESTS = "tests/unit/test_mutation_kills_*.py"

_RESULT_LINE = re.compile(r"^\s+(?P<name>\S+): (?P<status>.+)$")


def set_stage(path: Path) -> None:
    """Use ``path`` as the scratch directory (two runs at once need two)."""
    global STAGE
    STAGE = path.resolve()


def module_of(mutant: str) -> str:
    """refimpl.tube.x_certify__mutmut_3 -> refimpl/tube.py (mutmut names functions x_NAME, methods xǁClassǁNAME)."""
    head = re.split(r"\.x_|\.xǁ", mutant, maxsplit=1)[0]
    return head.replace(".", "/") + ".py"


def _toml_value(v: object) -> str:
    return json.dumps(v, ensure_ascii=False)  # a JSON string/list/number/bool is valid TOML here


def stage(test_files: list[str], modules: list[str] | None = None) -> None:
    """A fresh copy of refimpl/ and the chosen tests, with the mutmut table in pyproject.toml."""
    if STAGE.exists():
        shutil.rmtree(STAGE)
    STAGE.mkdir(parents=True)
    shutil.copytree(ROOT / "refimpl", STAGE / "refimpl", ignore=shutil.ignore_patterns("__pycache__"))
    # each test file's package marker too (tests/unit/, tests/oracle/, ...)
    inits = sorted({str(Path(t).parent / "__init__.py") for t in test_files if (ROOT / Path(t).parent / "__init__.py").exists()})
    for rel in ["tests/__init__.py", "tests/conftest.py", *inits, *test_files]:
        (STAGE / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, STAGE / rel)
    conftest = STAGE / "tests" / "conftest.py"
    text = conftest.read_text(encoding="utf-8")
    load = 'settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))'
    conftest.write_text(text.replace(load, PROFILE) if load in text else text + PROFILE, encoding="utf-8")
    table = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["mutmut"]
    table["pytest_add_cli_args_test_selection"] = test_files
    if modules:
        table["only_mutate"] = modules
    lines = ["", "[tool.mutmut]", *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (STAGE / "pyproject.toml").write_text(pyproject + "\n".join(lines) + "\n", encoding="utf-8")


def test_selection(baseline: bool) -> list[str]:
    table = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["mutmut"]
    files = list(table["pytest_add_cli_args_test_selection"])
    if not baseline:
        files += sorted(str(Path(p).relative_to(ROOT)) for p in glob.glob(str(ROOT / KILL_TESTS)))
    return files


def _mutmut(*args: str, nice: bool = False) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).with_name("mutmut"))
    cmd = (["nice", "-n", "10"] if nice else []) + [exe, *args]
    # mutmut forks each mutant's test run from a process that has imported numpy: a threaded
    # BLAS forked with its worker threads can deadlock in the child's first matmul (the Lemma 5b
    # filter's Gram matrices), which mutmut then reports as a timeout, i.e. "killed", whatever
    # the mutant does. One BLAS thread per process removes the deadlock.
    threads = {v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    env = dict(os.environ, HYPOTHESIS_PROFILE="mutation", PYTHONHASHSEED="0", **threads)
    return subprocess.run(cmd, cwd=STAGE, env=env, capture_output=True, text=True, check=False)


def collect(only: set[str] | None = None) -> dict[str, dict[str, dict[str, str]]]:
    """{module: {mutant: {"status": ..., "diff": ...}}} from the finished run (diffs for the unkilled).

    ``only``: mutant names or fnmatch patterns; other mutants are left out.
    """
    out = _mutmut("results", "--all", "true")
    if out.returncode != 0:
        raise SystemExit(f"mutmut results failed:\n{out.stderr}")
    by_module: dict[str, dict[str, dict[str, str]]] = {}
    for line in out.stdout.splitlines():
        m = _RESULT_LINE.match(line)
        if not m:
            continue
        name, status = m.group("name"), m.group("status").strip()
        if only is not None and name not in only and not any(fnmatch.fnmatchcase(name, p) for p in only):
            continue
        entry = {"status": status}
        if status != "killed":
            shown = _mutmut("show", name)
            entry["diff"] = "\n".join(
                ln for ln in shown.stdout.splitlines() if ln.startswith(("+", "-")) and not ln.startswith(("+++", "---"))
            )
        by_module.setdefault(module_of(name), {})[name] = entry
    return {k: dict(sorted(v.items())) for k, v in sorted(by_module.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", action="store_true", help=f"leave out {KILL_TESTS}; write {BASELINE.name}")
    ap.add_argument("--max-children", type=int, default=2, help="parallel mutant workers (default 2)")
    ap.add_argument("--no-report", action="store_true", help="do not regenerate docs/reference/mutation.md")
    ap.add_argument("--stage", type=Path, default=STAGE, help=f"scratch directory (default {STAGE.relative_to(ROOT)})")
    ap.add_argument(
        "--sample",
        action="store_true",
        help=f"run only the mutants named in {SAMPLE.relative_to(ROOT)} (minutes instead of hours on a shared machine)",
    )
    ap.add_argument(
        "--modules",
        nargs="+",
        metavar="FILE",
        help="mutate only these files of the config's list; their entries replace theirs in the results file",
    )
    ap.add_argument(
        "--mutants",
        nargs="+",
        metavar="PATTERN",
        help="with --modules: run only the mutants matching these fnmatch patterns (e.g. the functions a "
        "change touched); they replace the results file's entries that match them",
    )
    ap.add_argument("--collect-only", action="store_true", help="do not run: read the statuses of the staged run")
    args = ap.parse_args(argv)
    set_stage(args.stage)

    tests = test_selection(args.baseline)
    if args.mutants and not args.modules:
        ap.error("--mutants needs --modules (the files whose entries they replace)")
    names = SAMPLE.read_text(encoding="utf-8").split() if args.sample else list(args.mutants or [])
    wall = cpu = 0.0
    if not args.collect_only:
        stage(tests, args.modules)
        t0, r0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        run = _mutmut("run", "--max-children", str(args.max_children), *names, nice=True)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        (STAGE / "mutmut-run.log").write_text(run.stdout + run.stderr, encoding="utf-8")
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n", file=sys.stderr)
            raise SystemExit(f"mutmut run failed (exit {run.returncode}); log in {STAGE / 'mutmut-run.log'}")
    modules = collect(set(names) if names else None)
    record = {
        "tool": "mutmut " + _mutmut("--version").stdout.strip().split()[-1],
        "sample": f"{len(names)} mutants named in {SAMPLE.relative_to(ROOT)}" if args.sample else "every mutant",
        "tests": tests,
        "hypothesis_profile": "mutation (ci, 50 examples, no shrinking, no database)",
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "modules": modules,
    }
    target = BASELINE if args.baseline else RESULTS_SAMPLE if args.sample else RESULTS
    if args.modules and target.exists():
        # a partial run: keep the other modules' entries (and their run's figures) from the file
        old = json.loads(target.read_text(encoding="utf-8"))
        runs = old.get("runs", [{k: old[k] for k in ("tests", "wall_s", "cpu_s") if k in old}])
        run_entry = {"modules": args.modules, "tests": tests, "wall_s": record["wall_s"], "cpu_s": record["cpu_s"]}
        if args.mutants:
            run_entry["mutants"] = list(args.mutants)
            # the matching mutants are re-run: drop their old entries (a changed function's
            # mutants may be renumbered), keep the module's others
            merged = {m: dict(e) for m, e in old["modules"].items()}
            for mod in args.modules:
                kept = {k: v for k, v in merged.get(mod, {}).items() if not any(fnmatch.fnmatchcase(k, p) for p in args.mutants)}
                merged[mod] = dict(sorted({**kept, **modules.get(mod, {})}.items()))
            record["modules"] = dict(sorted(merged.items()))
        else:
            record["modules"] = dict(sorted({**old["modules"], **modules}.items()))
        record["runs"] = [*runs, run_entry]
    target.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for mod, mutants in modules.items():
        killed = sum(1 for e in mutants.values() if e["status"] == "killed")
        print(f"{mod}: {killed}/{len(mutants)} killed")
    print(f"wall {wall:.0f} s, CPU {cpu:.0f} s (children); wrote {target.relative_to(ROOT)}")
    if not args.no_report:
        sys.path.insert(0, str(ROOT))
        from bench.mutation.report import main as report_main

        report_main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
