"""anonymeter's linkability risk, run by the paper's protocol (refimpl.metrics.linkability)."""

from __future__ import annotations

import numpy as np
import pytest

from refimpl.errors import InvalidParameter, TooFewSamples

pytest.importorskip("anonymeter", reason="linkability is the optional 'anonymeter' extra")

from refimpl.metrics.linkability import linkability_risk

RNG = np.random.default_rng(0)
ORI = RNG.uniform(-1, 1, (40, 6))
CONTROL = RNG.uniform(-1, 1, (40, 6))


def test_a_release_of_copies_is_linkable_and_independent_noise_is_not() -> None:
    copies = linkability_risk(ORI, ORI.copy(), CONTROL, n_splits=4)
    fresh = linkability_risk(ORI, RNG.uniform(-1, 1, (40, 6)), CONTROL, n_splits=4)
    # every attacked record finds itself through both halves; control records almost never do
    assert copies.risk > 0.8 and copies.risk_ci_low > 0.4, copies
    assert fresh.risk < 0.3, fresh
    assert copies.per_split.shape == (4, 3)
    assert np.all(copies.per_split[:, 1] <= copies.per_split[:, 0])
    assert np.all(copies.per_split[:, 0] <= copies.per_split[:, 2])


def test_seeded_and_leaves_the_global_generator_alone() -> None:
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    a = linkability_risk(ORI, ORI[::-1] + 0.01, CONTROL, n_splits=3, random_state=7)
    assert np.array_equal(np.random.get_state()[1], before)
    b = linkability_risk(ORI, ORI[::-1] + 0.01, CONTROL, n_splits=3, random_state=7)
    assert np.array_equal(a.per_split, b.per_split)
    assert len(repr(a)) < 300


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n_attacks": 41}, TooFewSamples),
        ({"n_attacks": 0}, InvalidParameter),
        ({"n_splits": True}, InvalidParameter),
    ],
)
def test_bad_parameters_raise_named_errors(kwargs: dict[str, int], error: type[Exception]) -> None:
    with pytest.raises(error):
        linkability_risk(ORI, ORI, CONTROL, **kwargs)


def test_tables_must_share_at_least_two_columns() -> None:
    with pytest.raises(InvalidParameter):
        linkability_risk(ORI, ORI[:, :5], CONTROL)
    with pytest.raises(InvalidParameter):
        linkability_risk(ORI[:, :1], ORI[:, :1], CONTROL[:, :1])
