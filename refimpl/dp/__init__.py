"""Differential privacy around SMOTE: exact samplers, sensitivities (Lemma 4), pipelines and an audit."""

from refimpl.dp.audit import (
    AuditResult,
    NeighbouringPair,
    audit_mechanism,
    audit_samples,
    clopper_pearson,
    epsilon_lower_bound,
    hub_pair,
)
from refimpl.dp.pipelines import (
    dp_smote,
    dp_then_smote,
    smote_then_dp,
)
from refimpl.dp.samplers import (
    RandomSource,
    bernoulli_exp,
    discrete_gaussian,
    discrete_laplace,
    laplace_on_grid,
)
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
from refimpl.dp.statement import DPRelease, PrivacyStatement

__all__ = [
    "AuditResult",
    "DPRelease",
    "NeighbouringPair",
    "PrivacyStatement",
    "RandomSource",
    "audit_mechanism",
    "audit_samples",
    "base_load_tail",
    "bernoulli_exp",
    "clopper_pearson",
    "covariance_sensitivity",
    "diameters",
    "discrete_gaussian",
    "discrete_laplace",
    "dp_smote",
    "dp_then_smote",
    "epsilon_lower_bound",
    "fanout_bound",
    "group_privacy",
    "hub_pair",
    "in_degree_bound",
    "laplace_on_grid",
    "mean_sensitivity",
    "realised_fanout",
    "records_sensitivity",
    "smote_then_dp",
    "stone_constant",
]
