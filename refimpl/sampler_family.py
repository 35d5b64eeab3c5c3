"""The SMOTE variant a release came from, as DistinSMOTE needs to know it (Lemma 10, proofs/10_family_limits.py).

Kept apart from `refimpl.attacks.family` (the rule itself) and free of numpy, so that the
CLI can list the families without importing the attacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from refimpl.errors import InvalidParameter

#: the families `distin_smote` knows (``family=``)
FAMILIES: tuple[str, ...] = ("smote", "removal", "extrapolating")

#: sampler names accepted for a family (lower case), so that callers can name what they ran
SAMPLER_FAMILIES: dict[str, str] = {
    "smote": "smote",
    "borderlinesmote-1": "smote",
    "adasyn": "smote",
    "kmeanssmote": "smote",
    "smotetomek": "removal",
    "smoteenn": "removal",
    "svmsmote": "extrapolating",
}


@dataclass(frozen=True)
class Family:
    """What the sampler may have done beyond Lemma 1's SMOTE: removed rows afterwards, or extrapolated."""

    name: str
    #: rows may be missing after SMOTE (so may a synthetic row's parent)
    removes: bool
    #: λ may lie outside [0, 1): a real base can lie between its child and its neighbour
    extrapolates: bool

    @property
    def plain(self) -> bool:
        """True for imbalanced-learn's SMOTE, where Lemma 1 alone decides."""
        return not (self.removes or self.extrapolates)


def parse_family(family: str | Family | None) -> Family:
    """The `Family` named by ``family`` (a family of `FAMILIES` or a sampler of `SAMPLER_FAMILIES`); Lemma 10."""
    if isinstance(family, Family):
        return family
    name = "smote" if family is None else str(family).strip().lower()
    name = SAMPLER_FAMILIES.get(name, name)
    if name not in FAMILIES:
        raise InvalidParameter(
            f"unknown family {family!r}; choose one of {', '.join(FAMILIES)} "
            f"(or a sampler name: {', '.join(sorted(SAMPLER_FAMILIES))})"
        )
    return Family(name, removes=name == "removal", extrapolates=name == "extrapolating")


__all__ = ["FAMILIES", "SAMPLER_FAMILIES", "Family", "parse_family"]
