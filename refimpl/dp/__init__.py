"""Differential privacy around SMOTE: worst-case sensitivities and privacy accounting (Lemma 4)."""

from refimpl.dp.sensitivity import (
    base_load_tail,
    covariance_sensitivity,
    diameters,
    fanout_bound,
    group_privacy,
    in_degree_bound,
    mean_sensitivity,
    realised_fanout,
    records_sensitivity,
    stone_constant,
)

__all__ = [
    "base_load_tail",
    "covariance_sensitivity",
    "diameters",
    "fanout_bound",
    "group_privacy",
    "in_degree_bound",
    "mean_sensitivity",
    "realised_fanout",
    "records_sensitivity",
    "stone_constant",
]
