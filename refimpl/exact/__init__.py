"""The exact-arithmetic oracle. No float ever decides anything in this package."""

from refimpl.exact.knn import exact_knn, exact_knn_ties
from refimpl.exact.predicates import (
    LineIntersection,
    collinear,
    line_intersection,
    orientation_sign,
    parallel,
    segment_parameter,
    squared_distance,
    strictly_between,
)
from refimpl.exact.rational import (
    BACKENDS,
    Backend,
    as_fraction,
    available_backends,
    get_backend,
    interpolate,
    to_matrix,
    to_rational,
    to_vector,
    vadd,
    vdot,
    vscale,
    vsub,
)
from refimpl.exact.smote import exact_interpolate_all

__all__ = [
    "BACKENDS",
    "Backend",
    "LineIntersection",
    "as_fraction",
    "available_backends",
    "collinear",
    "exact_interpolate_all",
    "exact_knn",
    "exact_knn_ties",
    "get_backend",
    "interpolate",
    "line_intersection",
    "orientation_sign",
    "parallel",
    "segment_parameter",
    "squared_distance",
    "strictly_between",
    "to_matrix",
    "to_rational",
    "to_vector",
    "vadd",
    "vdot",
    "vscale",
    "vsub",
]
