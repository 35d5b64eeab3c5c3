"""Differential privacy around SMOTE: exact samplers, sensitivities (Lemma 4), pipelines and an audit.

The names load on first use (PEP 562), so that importing one submodule, or the CLI's ``dp``
options, does not import SMOTE and scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
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

#: public name -> the submodule that defines it
_LAZY: dict[str, str] = {
    "AuditResult": "refimpl.dp.audit",
    "DPRelease": "refimpl.dp.statement",
    "NeighbouringPair": "refimpl.dp.audit",
    "PrivacyStatement": "refimpl.dp.statement",
    "RandomSource": "refimpl.dp.samplers",
    "audit_mechanism": "refimpl.dp.audit",
    "audit_samples": "refimpl.dp.audit",
    "base_load_tail": "refimpl.dp.sensitivity",
    "bernoulli_exp": "refimpl.dp.samplers",
    "clopper_pearson": "refimpl.dp.audit",
    "covariance_sensitivity": "refimpl.dp.sensitivity",
    "diameters": "refimpl.dp.sensitivity",
    "discrete_gaussian": "refimpl.dp.samplers",
    "discrete_laplace": "refimpl.dp.samplers",
    "dp_smote": "refimpl.dp.pipelines",
    "dp_then_smote": "refimpl.dp.pipelines",
    "epsilon_lower_bound": "refimpl.dp.audit",
    "fanout_bound": "refimpl.dp.sensitivity",
    "group_privacy": "refimpl.dp.sensitivity",
    "hub_pair": "refimpl.dp.audit",
    "in_degree_bound": "refimpl.dp.sensitivity",
    "laplace_on_grid": "refimpl.dp.samplers",
    "mean_sensitivity": "refimpl.dp.sensitivity",
    "realised_fanout": "refimpl.dp.sensitivity",
    "records_sensitivity": "refimpl.dp.sensitivity",
    "smote_then_dp": "refimpl.dp.pipelines",
    "stone_constant": "refimpl.dp.sensitivity",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'refimpl.dp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
