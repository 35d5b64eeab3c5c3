"""Hypothesis settings profiles, chosen with HYPOTHESIS_PROFILE (dev is the default).

* dev: quick local runs.
* ci: derandomized (reproducible in CI), no deadline (the exact oracle is slow by design).
* debug: verbose, for chasing a failure.
"""

import os

from hypothesis import HealthCheck, Verbosity, settings

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
