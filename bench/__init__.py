"""Benchmark scripts. They print measurements; they are not tests (see tests/unit for their smoke tests)."""
