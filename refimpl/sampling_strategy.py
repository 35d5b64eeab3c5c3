"""How many synthetic rows each class gets: imbalanced-learn's over-sampling rules.

Forms: "auto" (= "not majority"), "minority", "not minority", "not majority", "all", a float
(binary only: target = int(ratio · n_majority)), a dict {class: target count} or a callable
returning such a dict. Classes are visited in sorted label order, and ties for majority or
minority go to the first class in that order, as imbalanced-learn does.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from numbers import Integral
from typing import Any

import numpy as np

from refimpl.errors import AmbiguousMinority, EmptyClass, InvalidParameter

STRING_FORMS = ("auto", "minority", "not minority", "not majority", "all")


def class_counts(y: np.ndarray) -> dict[Any, int]:
    """Class label → count, in sorted label order."""
    labels, counts = np.unique(y, return_counts=True)
    return {lab: int(c) for lab, c in zip(labels.tolist(), counts.tolist())}


def default_minority(y: Any) -> tuple[Any, str | None]:
    """The least frequent class of y, ties to the smallest label (imbalanced-learn's rule), and a note on a tie.

    The note (None without a tie) says which classes tied. A tie is what SMOTE's own 1:1
    output looks like, and then the least frequent class is no evidence of which class was
    oversampled: callers that attack such data raise `refimpl.errors.AmbiguousMinority`
    with the note (see `require_minority`) instead of guessing.
    """
    ya = np.asarray(y)
    if ya.ndim != 1 or len(ya) == 0:
        raise InvalidParameter("y must be a non-empty 1-D array of labels to choose the minority class from")
    stats = class_counts(ya)
    least = min(stats.values())
    tied = [c for c, v in stats.items() if v == least]  # sorted label order: tied[0] is the smallest
    label = tied[0]
    if len(tied) == 1:
        return label, None
    shown = ", ".join(repr(c) for c in tied[:5]) + (", …" if len(tied) > 5 else "")
    return label, (
        f"minority not given: classes {shown} tie at {least} rows each; balanced data (as "
        "SMOTE's 1:1 output is) does not show which class was oversampled, so pass minority= "
        "the oversampled label"
    )


def require_minority(y: Any) -> Any:
    """The least frequent class of y; raises AmbiguousMinority when classes tie (never a guess on 1:1 data)."""
    label, note = default_minority(y)
    if note is not None:
        raise AmbiguousMinority(note)
    return label


def resolve_sampling_strategy(strategy: object, y: np.ndarray) -> OrderedDict[Any, int]:
    """Class → number of synthetic rows to make, sorted by class (imbalanced-learn's rules)."""
    stats = class_counts(y)
    n_major = max(stats.values())
    majority = max(stats, key=stats.__getitem__)
    minority = min(stats, key=stats.__getitem__)
    out: dict[Any, int]
    if isinstance(strategy, str):
        if strategy not in STRING_FORMS:
            raise InvalidParameter(
                f"sampling_strategy={strategy!r} is not one of {', '.join(map(repr, STRING_FORMS))}"
                " (a float, dict or callable also works)"
            )
        if strategy in ("auto", "not majority"):
            out = {c: n_major - v for c, v in stats.items() if c != majority}
        elif strategy == "minority":
            out = {c: n_major - v for c, v in stats.items() if c == minority}
        elif strategy == "not minority":
            out = {c: n_major - v for c, v in stats.items() if c != minority}
        else:  # "all"
            out = {c: n_major - v for c, v in stats.items()}
    elif isinstance(strategy, (float, int)) and not isinstance(strategy, bool):
        if len(stats) != 2:
            raise InvalidParameter(
                "a float sampling_strategy works for binary targets only; use a dict for "
                f"{len(stats)} classes"
            )
        ratio = float(strategy)
        if not (0 < ratio <= 1):
            raise InvalidParameter(f"a float sampling_strategy must lie in (0, 1], got {ratio}")
        out = {c: int(n_major * ratio - v) for c, v in stats.items() if c != majority}
        if any(v <= 0 for v in out.values()):
            raise InvalidParameter(
                f"sampling_strategy={ratio} would remove minority samples; "
                "increase the ratio so that the minority grows"
            )
    elif isinstance(strategy, Mapping) or callable(strategy):
        mapping = strategy(y) if callable(strategy) else strategy
        if not isinstance(mapping, Mapping):
            raise InvalidParameter("a callable sampling_strategy must return a dict {class: count}")
        missing = [c for c in mapping if c not in stats]
        if missing:
            raise EmptyClass(
                f"sampling_strategy names class(es) {missing} that have no samples in y; "
                f"present classes are {list(stats)}"
            )
        out = {}
        for c, target in mapping.items():
            if isinstance(target, bool) or not isinstance(target, Integral):
                shown = repr(float(target)) if isinstance(target, float) else repr(target)  # no np.float64(...)
                raise InvalidParameter(
                    f"sampling_strategy: target count {shown} for class {c!r} is not an integer; "
                    f"give the number of rows the class should end with, e.g. {{{c!r}: 25}}"
                )
            if int(target) > np.iinfo(np.intp).max:  # numpy cannot even index so many rows
                raise InvalidParameter(
                    f"sampling_strategy asks for {int(target)} rows of class {c!r}, more than numpy "
                    f"can index ({np.iinfo(np.intp).max}); give a realistic target count"
                )
            if int(target) < stats[c]:
                raise InvalidParameter(
                    f"class {c!r} has {stats[c]} samples but sampling_strategy asks for {target}; "
                    "over-sampling can only add rows"
                )
            out[c] = int(target) - stats[c]
    else:
        raise InvalidParameter(
            f"sampling_strategy of type {type(strategy).__name__} is not supported; "
            "use a string, float, dict or callable"
        )
    return OrderedDict(sorted(out.items()))


SamplingStrategy = str | float | Mapping[Any, int] | Callable[[np.ndarray], Mapping[Any, int]]
