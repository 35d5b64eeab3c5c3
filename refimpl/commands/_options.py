"""Option parsers shared by several subcommands (text on the command line -> library values)."""

from __future__ import annotations

from typing import Any

from refimpl.errors import InvalidParameter

JOBS_HELP = (
    "cores to use: 1 (default) one, -1 every core, -2 all but one (scikit-learn's n_jobs); "
    "the results do not depend on it"
)


def add_jobs_argument(p: Any) -> None:
    """``--jobs N``: the library's ``n_jobs`` (validated there, `refimpl.parallel.resolve_n_jobs`: a bad value exits 2)."""
    p.add_argument("--jobs", type=int, default=None, metavar="N", help=JOBS_HELP)

STRATEGY_HELP = (
    "imbalanced-learn's sampling_strategy: auto (default), minority, 'not minority', 'not majority', "
    "all, a float ratio in (0, 1] (two classes), or final counts per class as LABEL:COUNT,... (e.g. 1:40,2:40)"
)


def parse_sampling_strategy(text: str | None, labels: Any) -> Any:
    """The library value of a ``--sampling-strategy`` text: a string form, a float, or a dict of counts.

    Dict labels are matched against the target's labels as text (so ``1:40`` names the class
    read as the integer 1); counts must be integers. The rules themselves live in
    refimpl.sampling_strategy; this only translates the text.
    """
    if text is None:
        return "auto"
    t = text.strip()
    if ":" in t:
        present = {str(v): v for v in labels.tolist()}
        out: dict[Any, int] = {}
        for part in t.split(","):
            label, sep, count = part.rpartition(":")
            label, count = label.strip(), count.strip()
            if not sep or not label:
                raise InvalidParameter(f"--sampling-strategy: {part!r} is not LABEL:COUNT (e.g. 1:40)")
            if label not in present:
                raise InvalidParameter(
                    f"--sampling-strategy: class {label!r} is not in the target; classes are {sorted(present)}"
                )
            try:
                n = int(count)
            except ValueError:
                raise InvalidParameter(
                    f"--sampling-strategy: count {count!r} for class {label!r} is not an integer row count"
                ) from None
            out[present[label]] = n
        return out
    try:
        return float(t)
    except ValueError:
        return t  # a string form; refimpl.sampling_strategy names the valid ones when it is not
