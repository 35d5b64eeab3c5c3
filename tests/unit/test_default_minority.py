"""distin_smote's default minority: the least frequent class; a tie is an error, never a guess."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from refimpl import SMOTE
from refimpl.attacks import distin_smote
from refimpl.errors import AmbiguousMinority, EmptyClass
from refimpl.sampling_strategy import default_minority


def _strings(n_maj: int = 40, n_min: int = 12) -> tuple[np.ndarray, np.ndarray]:
    X = np.random.default_rng(0).normal(size=(n_maj + n_min, 2))
    y = np.array(["common"] * n_maj + ["rare"] * n_min)
    return X, y


def test_string_labels_default_to_the_least_frequent_class() -> None:
    X, y = _strings()
    res = distin_smote(X, y)
    assert res.index.tolist() == list(range(40, 52))
    assert not any("minority not given" in n for n in res.notes)


def test_a_tie_raises_and_says_to_pass_minority() -> None:
    X, y = _strings()
    Xo, yo = SMOTE(random_state=0).fit_resample(X, y)  # 1:1, as a SMOTE release is
    # the smallest label would be 'common', the real majority: a wrong guess, so no guess
    with pytest.raises(AmbiguousMinority, match=r"tie at 40 rows.*pass minority=") as info:
        distin_smote(Xo, yo)
    assert "--minority" not in str(info.value)
    named = distin_smote(Xo, yo, minority="rare")  # explicit: the oversampled class
    assert named.counts()["synthetic"] > 0


def test_a_missing_label_names_the_keyword_not_a_cli_flag() -> None:
    X, y = _strings()
    with pytest.raises(EmptyClass, match="pass minority= one of these") as info:
        distin_smote(X, y, minority="absent")
    assert "--minority" not in str(info.value)


@given(st.lists(st.sampled_from("abcd"), min_size=1, max_size=30))
@example(["b", "a", "a", "b"])
@example(["d", "c", "c"])
def test_default_minority_is_the_least_frequent_then_smallest(labels: list[str]) -> None:
    label, note = default_minority(labels)
    counts = {c: labels.count(c) for c in set(labels)}
    least = min(counts.values())
    tied = sorted(c for c, v in counts.items() if v == least)
    assert label == tied[0]
    assert (note is None) == (len(tied) == 1)
