"""The hypothesis settings of the fuzzers (the API's and the forms'): reproducible, no deadline."""

import hypothesis


def fuzz_settings(cases: int) -> hypothesis.settings:
    return hypothesis.settings(
        max_examples=cases,
        deadline=None,
        derandomize=True,  # the same cases on every run: a failure is reproducible
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
