"""A kernel instance passed to an attack must be bound to the attack's rows in the attack's order.

Found by bench/adversarial.py's review: the old check compared only the number of rows, and
its message advised np.unique, which sorts the rows; the attack then read every answer for
the wrong row and called real rows synthetic with a "certified witness".
"""

import numpy as np
import pytest

from refimpl import SMOTE
from refimpl.attacks import distin_smote
from refimpl.attacks.recon import recon_smote
from refimpl.errors import InvalidInput
from refimpl.kernels import FastKernel


def _augmented() -> np.ndarray:
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(size=(10, 3)), np.full((1, 3), 50.0)])
    y = np.r_[np.ones(10, dtype=int), 0]
    Xo, yo = SMOTE(k_neighbors=3, sampling_strategy={1: 25}, random_state=0).fit_resample(X, y)
    return np.asarray(Xo[yo == 1])


def test_distin_refuses_a_kernel_on_the_rows_in_another_order() -> None:
    Xm = _augmented()
    ones = np.ones(len(Xm), dtype=int)
    assert not np.array_equal(np.unique(Xm, axis=0), Xm)  # the sorted order differs here
    with pytest.raises(InvalidInput, match="order of first occurrence"):
        distin_smote(Xm, ones, k=3, kernel=FastKernel(np.unique(Xm, axis=0)))


def test_distin_with_a_bound_instance_equals_the_named_kernel() -> None:
    Xm = _augmented()
    ones = np.ones(len(Xm), dtype=int)
    named = distin_smote(Xm, ones, k=3)
    bound = distin_smote(Xm, ones, k=3, kernel=FastKernel(Xm))
    assert bound.verdicts.tolist() == named.verdicts.tolist()
    assert named.verdicts[:10].tolist() == ["real"] * 10  # the 10 real rows come first


def test_recon_refuses_a_kernel_on_the_rows_in_another_order() -> None:
    S = _augmented()[10:]
    with pytest.raises(InvalidInput, match="order of first occurrence"):
        recon_smote(S, k=3, kernel=FastKernel(np.unique(S, axis=0)))


def test_is_bound_to_compares_rows_and_order() -> None:
    X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    k = FastKernel(X)
    assert k.is_bound_to(X.copy())
    assert not k.is_bound_to(X[::-1])
    assert not k.is_bound_to(X[:2])
