"""Cost of one exact predicate per exact backend at d = 10, next to float tests. A benchmark, not a test.

Run from the repository root (about 20-40 s; ``--quick`` for a smoke run)::

    PYTHONPATH=. python bench/predicates.py [--quick] [--d 10] [--seed 0]

What is timed, per call, in microseconds (best of several repeats, ``timeit``):

* ``pre-converted``: the public predicate from :mod:`refimpl.exact` on inputs already made
  exact with ``to_vector(..., backend=...)``. This is what a caller that converts once pays.
* ``core``: the same call with the predicates' input normalisation (``_vec``) replaced by the
  identity, i.e. the exact arithmetic alone. It differs from ``pre-converted`` wherever the
  public API re-converts inputs that are already exact (measured here: for gmpy2 and flint it
  does, through ``Fraction``), so the gap between the two columns is overhead that a fix of
  ``_vec`` would remove.
* ``from float64``: the public predicate on raw numpy float64 rows, conversion included.
* Float rows (collinearity only): a batched numpy float64 cosine test over many triples,
  divided by their number, and Shewchuk's exact ``orient2d`` on the raw floats (d − 1 calls on
  the coordinate planes through a pivot coordinate), if the ``shewchuk`` package is installed.

Inputs: coordinates k / 2^40 with random |k| < 2^40, and c = a + (3/8)(b − a), which float64
computes exactly (every intermediate numerator fits in 53 bits), so (a, b, c) is *exactly*
collinear. That is the expensive case: every coordinate must be checked, no early exit. The
second line for ``line_intersection`` goes through c and a random point e, so the lines meet
in exactly one point. Before timing, every backend's answer is checked against Fraction's.

Ratios (``×``) are relative to the Fraction backend's figure in the same column and process.
Absolute figures depend on the machine and its load; the ratios are the point.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import numpy as np

import refimpl.exact.predicates as predicates_module
from refimpl.exact import (
    available_backends,
    collinear,
    line_intersection,
    segment_parameter,
    squared_distance,
    to_vector,
)

PREDICATES = ("collinear", "segment_parameter", "line_intersection", "squared_distance")

#: The published attack's cosine test, reproduced only to time it: | |cos θ| − 1 | < 1e-12.
#: Nothing in refimpl decides with it (it is an angular tolerance of about 1.4e-6 rad).
PUBLISHED_COS_TOL = 1e-12

#: The float rows' labels.
FLOAT_BATCHED = "float64 cosine, batched"
SHEWCHUK = "shewchuk orient2d x(d-1)"


@dataclass(frozen=True)
class Row:
    """One line of the table: µs per call in each column (None where the column does not apply)."""

    predicate: str
    backend: str
    pre_converted_us: float | None
    core_us: float | None
    from_float_us: float | None


@dataclass(frozen=True)
class Settings:
    """How hard to measure: repeats, target seconds per repeat, batch size of the float test."""

    repeat: int
    target_s: float
    batch: int


FULL = Settings(repeat=5, target_s=0.1, batch=100_000)
QUICK = Settings(repeat=1, target_s=0.0, batch=1_000)


def best_us(fn: Callable[[], object], settings: Settings, per_call: int = 1) -> float:
    """Best-of-``repeat`` time of ``fn`` in µs, divided by ``per_call`` (items done per call)."""
    number = 1
    timer = timeit.Timer(fn)
    # Grow the loop count until one repeat lasts target_s, so that timer resolution and
    # call overhead do not dominate short predicates (the same idea as timeit.autorange).
    while settings.target_s > 0:
        if timer.timeit(number) >= settings.target_s or number >= 1 << 20:
            break
        number *= 2
    times = timer.repeat(repeat=settings.repeat, number=number)
    return min(times) / number / per_call * 1e6


# --- inputs --------------------------------------------------------------------------------


def make_points(d: int, seed: int) -> dict[str, np.ndarray]:
    """a, b, c = a + (3/8)(b − a) exactly in float64, and a free point e; all k / 2^40."""
    rng = np.random.default_rng(seed)
    k = rng.integers(-(1 << 40), 1 << 40, size=(3, d))
    a, b, e = (k[i] / float(1 << 40) for i in range(3))
    c = a + 0.375 * (b - a)  # exact: numerators stay below 2^45
    return {"a": a, "b": b, "c": c, "e": e}


def make_batch(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n exactly collinear triples as three (n, d) float64 arrays (same construction)."""
    rng = np.random.default_rng(seed + 1)
    k = rng.integers(-(1 << 40), 1 << 40, size=(2, n, d))
    A, B = k[0] / float(1 << 40), k[1] / float(1 << 40)
    return A, B, A + 0.375 * (B - A)


# --- float tests ---------------------------------------------------------------------------


def float_cosine_collinear(A: np.ndarray, B: np.ndarray, C: np.ndarray) -> np.ndarray:
    """The published float test on each row triple: | |cos(b − a, c − a)| − 1 | < 1e-12."""
    U, V = B - A, C - A
    uv = np.einsum("ij,ij->i", U, V)
    uu = np.einsum("ij,ij->i", U, U)
    vv = np.einsum("ij,ij->i", V, V)
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = uv / np.sqrt(uu * vv)
    verdict: np.ndarray = np.abs(np.abs(cos) - 1.0) < PUBLISHED_COS_TOL
    return verdict


def shewchuk_collinear(orientation: Callable[..., int], a: Sequence[float], b: Sequence[float],
                       c: Sequence[float]) -> bool:
    """Exact collinearity of raw floats with d − 1 exact orient2d calls.

    With a pivot p where a_p ≠ b_p, the minors u_p v_j − u_j v_p (u = b − a, v = c − a) are
    the 2-D orientations of the projections on the planes (p, j); all of them vanish iff
    v = (v_p / u_p) u, i.e. iff a, b, c are collinear (the Lemma 1 argument of
    refimpl.exact.predicates). orient2d evaluates each sign exactly from the raw floats.
    """
    p = next((i for i in range(len(a)) if a[i] != b[i]), None)
    if p is None:
        return True  # a == b: every c is on a "line" through a and b
    ap, bp, cp = a[p], b[p], c[p]
    return all(
        orientation(ap, a[j], bp, b[j], cp, c[j]) == 0 for j in range(len(a)) if j != p
    )


def _load_shewchuk() -> Callable[..., int] | None:
    try:
        import shewchuk
    except ImportError:
        return None
    fn: Callable[..., int] = shewchuk.orientation
    return fn


# --- the measurements ----------------------------------------------------------------------


def _calls(pts: dict[str, Any], backend: str) -> dict[str, Callable[[], object]]:
    a, b, c, e = pts["a"], pts["b"], pts["c"], pts["e"]
    return {
        "collinear": lambda: collinear(a, b, c, backend=backend),
        "segment_parameter": lambda: segment_parameter(c, a, b, backend=backend),
        "line_intersection": lambda: line_intersection(a, b, c, e, backend=backend),
        "squared_distance": lambda: squared_distance(a, b, backend=backend),
    }


def _answers(calls: dict[str, Callable[[], object]]) -> dict[str, object]:
    return {name: call() for name, call in calls.items()}


def _core_patch() -> AbstractContextManager[object] | None:
    # The "core" column bypasses the predicates' input normalisation. If that private helper
    # is renamed, the column is left out (None) rather than timing something else.
    if not hasattr(predicates_module, "_vec"):
        return None
    return mock.patch.object(predicates_module, "_vec", lambda p, backend: p)


def measure(d: int = 10, seed: int = 0, settings: Settings = FULL) -> list[Row]:
    """Every row of the table, measured in this process; checks all answers agree first."""
    raw = make_points(d, seed)
    reference = _answers(_calls(raw, "fraction"))
    assert reference["collinear"] is True, "benchmark input is not exactly collinear"
    assert getattr(reference["line_intersection"], "kind", None) == "point"

    rows: list[Row] = []
    for backend in available_backends():
        exact = {name: to_vector(v, backend=backend) for name, v in raw.items()}
        api_calls = _calls(exact, backend)
        float_calls = _calls(raw, backend)
        if _answers(api_calls) != reference or _answers(float_calls) != reference:
            raise AssertionError(f"backend {backend!r} disagrees with fraction on the inputs")
        patch = _core_patch()
        core: dict[str, float | None] = dict.fromkeys(PREDICATES)
        if patch is not None:
            with patch:
                if _answers(api_calls) != reference:
                    raise AssertionError(f"backend {backend!r} core path disagrees with fraction")
                core = {name: best_us(api_calls[name], settings) for name in PREDICATES}
        for name in PREDICATES:
            rows.append(
                Row(
                    name,
                    backend,
                    best_us(api_calls[name], settings),
                    core[name],
                    best_us(float_calls[name], settings),
                )
            )

    A, B, C = make_batch(settings.batch, d, seed)
    if not float_cosine_collinear(A, B, C).all():
        raise AssertionError("float cosine test rejected exactly collinear triples")
    rows.append(Row("collinear", FLOAT_BATCHED, None, None,
                    best_us(lambda: float_cosine_collinear(A, B, C), settings, settings.batch)))

    orientation = _load_shewchuk()
    if orientation is not None:
        a, b, c, e = (raw[k].tolist() for k in ("a", "b", "c", "e"))
        if not shewchuk_collinear(orientation, a, b, c) or shewchuk_collinear(orientation, a, b, e):
            raise AssertionError("shewchuk orient2d disagrees with the exact oracle")
        rows.append(Row("collinear", SHEWCHUK, None, None,
                        best_us(lambda: shewchuk_collinear(orientation, a, b, c), settings)))
    # Group by predicate (stable: backends keep their order, float rows end the collinear group).
    return sorted(rows, key=lambda r: PREDICATES.index(r.predicate))


# --- printing ------------------------------------------------------------------------------


def _cell(value: float | None, ref: float | None) -> str:
    if value is None:
        return f"{'-':>9} {'':>7}"
    ratio = f"x{value / ref:.2g}" if ref else ""
    return f"{value:9.2f} {ratio:>7}"


def format_table(rows: Sequence[Row], d: int, settings: Settings) -> str:
    """The rows as a fixed-width text table, ratios relative to the fraction row of each column."""
    by_pred: dict[str, Row] = {r.predicate: r for r in rows if r.backend == "fraction"}
    head = (
        f"{'predicate':<18} {'backend':<25} {'pre-converted':>17} {'core':>17} "
        f"{'from float64':>17}"
    )
    lines = [
        f"exact predicates at d = {d}: µs per call, best of {settings.repeat} "
        "(x = ratio to fraction in the same column)",
        head,
        "-" * len(head),
    ]
    previous = None
    for r in rows:
        ref = by_pred.get(r.predicate)
        if previous is not None and r.predicate != previous:
            lines.append("")
        previous = r.predicate
        lines.append(
            f"{r.predicate:<18} {r.backend:<25} "
            f"{_cell(r.pre_converted_us, ref.pre_converted_us if ref else None)} "
            f"{_cell(r.core_us, ref.core_us if ref else None)} "
            f"{_cell(r.from_float_us, ref.from_float_us if ref else None)}"
        )
    return "\n".join(lines)


def format_markdown(rows: Sequence[Row], d: int, settings: Settings) -> str:
    """The rows as a Markdown table (µs per call, ratio to fraction), for docs/reference/benchmarks.md."""
    from bench._markdown import machine

    by_pred: dict[str, Row] = {r.predicate: r for r in rows if r.backend == "fraction"}

    def cell(value: float | None, ref: float | None) -> str:
        if value is None:
            return "–"
        ratio = f" (×{value / ref:.2g})" if ref else ""
        return f"{value:.2f}{ratio}"

    lines = [
        f"Exact predicates at d = {d}: µs per call, best of {settings.repeat} repeats; "
        "(×r) is the ratio to the `fraction` backend in the same column.",
        "",
        "| predicate | backend | pre-converted | core | from float64 |",
        "|---|---|---:|---:|---:|",
    ]
    for r in rows:
        ref = by_pred.get(r.predicate)
        lines.append(
            f"| `{r.predicate}` | {r.backend} "
            f"| {cell(r.pre_converted_us, ref.pre_converted_us if ref else None)} "
            f"| {cell(r.core_us, ref.core_us if ref else None)} "
            f"| {cell(r.from_float_us, ref.from_float_us if ref else None)} |"
        )
    libraries = _versions().removeprefix(f"python {platform.python_version()}, ")
    lines += ["", f"Measured with `python bench/predicates.py`: {machine()}; {libraries}."]
    return "\n".join(lines)


def _versions() -> str:
    parts = [f"python {platform.python_version()}", f"numpy {np.__version__}"]
    for mod in ("gmpy2", "flint", "shewchuk"):
        try:
            parts.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            parts.append(f"{mod} (not installed)")
    return ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Measure, print the table, and return its rows (the smoke test inspects them)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny repeat counts (smoke test)")
    parser.add_argument("--d", type=int, default=10, help="dimension (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random inputs")
    parser.add_argument("--markdown", metavar="PAGE", default=None,
                        help="also write the table as Markdown into PAGE's bench/predicates.py section "
                        "(docs/reference/benchmarks.md)")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    start = time.perf_counter()
    rows = measure(args.d, args.seed, settings)
    print(format_table(rows, args.d, settings))
    print(f"\n{_versions()}; {time.perf_counter() - start:.1f} s in total")
    if args.markdown:
        from bench._markdown import replace_section

        replace_section(args.markdown, "bench/predicates.py", format_markdown(rows, args.d, settings))
        print(f"table written to {args.markdown}")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
