"""Geometry kernels: one small protocol, four ways to decide it.

The attacks (`refimpl.attacks`) are written once against `GeometryKernel`; the
kernel decides what "strictly between", "collinear" and "the lines meet" mean.

| kernel | decides |
|---|---|
| `ExactKernel` | exactly, on the rational values of the points (Lemmas 1 and 2) |
| `TubeKernel` | exactly, "within the rounding tube" of every point (Lemma 3) |
| `FastKernel` | the same as `TubeKernel`: a float filter with a proven error bound (Lemmas 5 and 5b) rejects, the exact tube test confirms |
| `EpsilonKernel` | the published numerics: cosine, projection and lstsq with a fixed `eps`; approximate, kept so that its failures can be shown |

Algorithm notes
---------------
*The tube around a point whose parents are unknown.* A float SMOTE row ŝ is within
ρ_j = a·|ŝ_j| + b(1 + u_d)·R_j + c of its true value in coordinate j, where R_j bounds
|n_j − x_j| (Lemma 3(d), proofs/03_rounding_tube.py, `refimpl.tube.attacker_radius`).
The attacker does not know which rows are real, so every row gets this radius: real rows
have no error at all, so the radius only makes the test more permissive for them. The
column range R_j is the data's own range unless the caller passes a public bound; the data's
range is valid for *augmented* data (it contains the real rows), and for synthetic-only
data it is an assumption, stated in the attack's result.

*Between within the tube.* If the true points satisfy p* = a* + λ(b* − a*) with 0 < λ < 1,
then with r = p − a and d = b − a, |r_j − λ d_j| ≤ ρ_p,j + (1 − λ)ρ_a,j + λρ_b,j for every j.
The right side is affine in λ, so the λ satisfying all 2d inequalities form an interval,
computed exactly. The test is sound (the true witness is always accepted) and, because the
radii are of order 2^-52 times the data's scale, almost never accepts a point that is not on
the segment (Lemma 2, proofs/02_lines.py, and Lemma 3).

*Exactness.* ``ExactKernel`` and ``TubeKernel`` decide with `fractions.Fraction`
only. Floats are used to *choose* which pairs to test (candidate search with a KD-tree),
never to decide. ``FastKernel`` uses floats to reject, and only with the bound of Lemma 5
(proofs/05_fast_filter.py), so it makes the same decisions as ``TubeKernel``.

Package layout (imports point one way, down this list):

* `refimpl.kernels.base`: the result types and `GeometryKernel`, the protocol with defaults;
* `refimpl.kernels.dyadic`: rows and radii as integers at one scale, the tube tests on them;
* `refimpl.kernels.intervals`: exact and outward-rounded float interval arithmetic (meets);
* `refimpl.kernels.lemma5b`: the Gram filter's constants and float evaluation;
* `refimpl.kernels.exact_kernel`, `tube_kernel`, `fast_kernel`, `epsilon_kernel`: one kernel each.
"""

from __future__ import annotations

from collections.abc import Sequence

from refimpl.errors import InvalidParameter
from refimpl.kernels.base import (
    FloatBoxes,
    GeometryKernel,
    KernelReport,
    Line,
    Meet,
    MeetComponents,
    MeetEnclosures,
    Witness,
    between_any_jobs,
    first_per_point_jobs,
    lines_from_groups,
    lines_from_groups_jobs,
    meet_enclosures_jobs,
    sorted_unique,
    witness_pairs_jobs,
)
from refimpl.kernels.epsilon_kernel import PUBLISHED_LINE_EPS, EpsilonKernel
from refimpl.kernels.exact_kernel import ExactKernel
from refimpl.kernels.fast_kernel import FastKernel
from refimpl.kernels.lemma5b import gram_filter_constants, radius_norm_bound
from refimpl.kernels.tube_kernel import TubeKernel, column_ranges
from refimpl.release import ReleaseModel, parse_release

KERNELS: tuple[str, ...] = ("exact", "tube", "fast", "epsilon")


def make_kernel(
    kernel: str | GeometryKernel,
    X: object,
    *,
    column_range: Sequence[object] | None = None,
    model: str = "float64",
    eps: float = PUBLISHED_LINE_EPS,
    release: ReleaseModel | str | None = None,
) -> GeometryKernel:
    """A kernel bound to the rows X, by name (``exact``, ``tube``, ``fast``, ``epsilon``) or passed through.

    ``release`` (Lemma 6, proofs/06_noisy_tubes.py) widens the tube kernels by a release
    error model; the exact kernel has no tube and refuses one, and the epsilon kernel keeps
    the published numerics whatever the release.
    """
    if not isinstance(kernel, str):
        return kernel  # an instance passes through: the caller checks it fits the rows
    rel = parse_release(release)
    if kernel == "exact":
        if rel.kind != "none":
            raise InvalidParameter(
                f"the exact kernel decides exact collinearity and has no tube for release {rel.label()!r}; "
                "use kernel 'fast' or 'tube' with a release model"
            )
        return ExactKernel(X)
    if kernel == "tube":
        return TubeKernel(X, column_range=column_range, model=model, release=rel)
    if kernel == "fast":
        return FastKernel(X, column_range=column_range, model=model, release=rel)
    if kernel == "epsilon":
        return EpsilonKernel(X, eps=eps)
    raise InvalidParameter(f"unknown kernel {kernel!r}; choose one of {', '.join(KERNELS)}")


__all__ = [
    "KERNELS",
    "EpsilonKernel",
    "ExactKernel",
    "FastKernel",
    "FloatBoxes",
    "GeometryKernel",
    "KernelReport",
    "Line",
    "Meet",
    "MeetComponents",
    "MeetEnclosures",
    "TubeKernel",
    "Witness",
    "between_any_jobs",
    "column_ranges",
    "first_per_point_jobs",
    "gram_filter_constants",
    "lines_from_groups",
    "lines_from_groups_jobs",
    "make_kernel",
    "meet_enclosures_jobs",
    "radius_norm_bound",
    "sorted_unique",
    "witness_pairs_jobs",
]
