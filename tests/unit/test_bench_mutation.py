"""bench/mutation: mutant names map to their modules, and the report scores out only reviewed equivalents."""

from __future__ import annotations

from bench.mutation.report import render, tally
from bench.mutation.run import module_of


def test_module_of_functions_and_methods() -> None:
    assert module_of("refimpl.tube.x_certify__mutmut_3") == "refimpl/tube.py"
    assert module_of("refimpl.exact.rational.x__gmpy2_backend__mutmut_1") == "refimpl/exact/rational.py"
    assert module_of("refimpl.tube.xǁLambdaIntervalǁintersects__mutmut_7") == "refimpl/tube.py"


def test_tally_counts_timeouts_as_killed_and_scores_out_equivalents() -> None:
    mutants = {
        "m.x_f__mutmut_1": {"status": "killed"},
        "m.x_f__mutmut_2": {"status": "timeout"},
        "m.x_f__mutmut_3": {"status": "survived", "diff": "-a\n+b"},
        "m.x_f__mutmut_4": {"status": "survived", "diff": "-c\n+d"},
        "m.x_f__mutmut_5": {"status": "no tests", "diff": "-e\n+f"},
    }
    t = tally(mutants, {"m.x_f__mutmut_4": "same value"})
    assert (t["total"], t["killed"], t["equivalent"], t["surviving"]) == (5, 2, ["m.x_f__mutmut_4"], ["m.x_f__mutmut_3", "m.x_f__mutmut_5"])
    assert t["score"] == 2 / 4
    results = {"tool": "mutmut 3", "tests": ["t.py"], "hypothesis_profile": "ci", "wall_s": 1.0, "cpu_s": 2.0,
               "modules": {"m.py": mutants}}
    page = render(results, None, {"m.x_f__mutmut_4": "same value"})
    assert "| `m.py` | 5 | 2 | 1 | 2 | 50.0% (below 95%) |" in page
    base = {"modules": {"m.py": {n: {"status": "survived"} for n in mutants}}}
    both = render(results, base, {"m.x_f__mutmut_4": "same value"}, sample=results)
    assert "| `m.py` | 5 | 0/5 | 0.0% | 2/5 | 50.0% |" in both
    assert "- `m.x_f__mutmut_4`: same value" in page
    assert "- `m.x_f__mutmut_3` (survived)" in page and "- `m.x_f__mutmut_5` (no tests)" in page
