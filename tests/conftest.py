"""Hypothesis settings profiles and the two cost tiers of the suite.

Profiles, chosen with HYPOTHESIS_PROFILE (dev is the default):

* dev: quick local runs.
* ci: derandomized (reproducible in CI), no deadline (the exact oracle is slow by design).
* debug: verbose, for chasing a failure.

Tiers: every test is in the fast tier unless it is marked ``slow`` or lives in one of the
``THOROUGH`` places below (whole-program runs: the docs site in Chromium, Coq, the proofs,
the benches' quick modes, subprocess CLI runs, the >= 200-case bit-identity run).
``make test`` runs both tiers; ``make test-quick`` only the fast one.
"""

import os

import pytest
from hypothesis import HealthCheck, Verbosity, settings

#: node-id prefixes of the thorough tier (kept here, not as marks in the files, so that one
#: list says what the quick target leaves out)
THOROUGH = (
    "tests/docs/",
    "tests/proofs/",
    "tests/bench/",
    "tests/conformance/test_imblearn_bitwise.py",
    "tests/conformance/test_estimator_checks.py",
    "tests/conformance/test_verify_cli.py",
    "tests/unit/test_cli_",
    "tests/unit/test_dp_audit.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(THOROUGH):
            item.add_marker(pytest.mark.slow)

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("debug", max_examples=20, deadline=None, verbosity=Verbosity.verbose)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
