"""Named exceptions. Every message says what went wrong *and what to do about it*.

All of them derive from [`RefimplError`][refimpl.errors.RefimplError]; the input errors also derive from
``ValueError`` so that code written against scikit-learn's conventions keeps working.
"""

from __future__ import annotations


class RefimplError(Exception):
    """Base class of every error raised on purpose by smote-refimpl."""


class InvalidInput(RefimplError, ValueError):
    """A value in the data cannot be used (NaN, inf, bool, str, ...)."""

    def __init__(self, message: str, *, row: int | None = None, column: int | str | None = None):
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}" if isinstance(column, str) else f"column {column}")
        prefix = f"{', '.join(where)}: " if where else ""
        super().__init__(prefix + message)
        self.detail = message  # the message without its location, so that a caller can restate the row
        self.row = row
        self.column = column


class NonNumericColumn(InvalidInput, TypeError):
    """A feature column is not numeric; SMOTE interpolates, so every feature must be a number.

    Also a ``TypeError``, as numpy's and scikit-learn's conversions raise for such values.
    """


class UnsupportedInputType(InvalidInput, TypeError):
    """X or y has a type that cannot be read as given: a ``numpy.matrix``, column names or class labels of mixed types.

    Also a ``TypeError``, as scikit-learn raises for the first two.
    """


class ShapeMismatch(InvalidInput):
    """Arrays that must line up (X and y, two points, real and output) do not."""


class EmptyClass(InvalidInput):
    """A class that the operation needs has no samples."""


class SingleClass(InvalidInput):
    """The target has one class only; there is nothing to rebalance."""


class TooFewSamples(InvalidInput):
    """A class has too few samples for the requested number of neighbours."""


class ImplausibleEstimate(InvalidInput):
    """A quantity the attack must estimate from the data (a release's noise scale) is not identifiable there; the attack declines."""


class InvalidParameter(RefimplError, ValueError):
    """A keyword argument has a value the function cannot honour."""


class DegenerateInput(RefimplError, ValueError):
    """A geometric object is degenerate (for example a line through two equal points)."""


class DatasetUnavailable(InvalidParameter):
    """A data set is known by name but cannot be loaded offline on this machine."""


class BackendUnavailable(RefimplError, ImportError):
    """An optional exact-arithmetic backend was requested but is not installed."""


class OutOfBounds(InvalidInput):
    """A record lies outside the public domain bounds a DP mechanism was given; nothing is clipped."""


class SeededRandomnessWarning(UserWarning):
    """A DP sampler was seeded: its output is reproducible, hence for testing only, never for release."""


class AmbiguousMinority(InvalidParameter):
    """No minority label was given and the least frequent class is tied: nothing says which class was oversampled."""
