# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lemma 9: values written with N significant digits
#
# R's `write.csv` keeps 15 significant digits; many writers keep some fixed number N. The
# checker must know how far such a written value r can be from the float ŝ the sampler
# computed.
#
# ## Statement
#
# Let ŝ be a binary64 value, r̃ the decimal with N significant digits nearest to ŝ (any
# tie rule) and r = fl(r̃) its correctly rounded binary64 reading. With h = ½·10^(1−N),
#
# $$|r - \hat s| \le \frac{(h + u)\,|r| + \eta/2}{1 - h} \le \alpha|r| + \beta,
# \qquad \alpha = \frac{h + u}{1 - h},\quad \beta = \eta .$$
#
# ## Proof
#
# If ŝ = 0 then r = 0. Otherwise let 10^e ≤ |ŝ| < 10^(e+1). The N-digit decimals near ŝ are
# spaced 10^(e−N+1) apart (a carry to 10^(e+1) only shortens the step), so
# |r̃ − ŝ| ≤ ½·10^(e−N+1) ≤ h·|ŝ|. Reading back is correctly rounded:
# |r − r̃| ≤ u·|r| for a normal result and ≤ η/2 for a subnormal one; either way
# |r − r̃| ≤ u|r| + η/2. Then |r − ŝ| ≤ h|ŝ| + u|r| + η/2 ≤ h(|r| + |r − ŝ|) + u|r| + η/2,
# and solving for |r − ŝ| gives the statement; η/(2(1 − h)) ≤ η for N ≥ 1. □
#
# The cell below checks the bound on values across the whole exponent range, subnormals and
# numbers that print as ties.

# %%
from fractions import Fraction

import numpy as np

from refimpl.validate.release import significant_coefficients

rng = np.random.default_rng(9)
vals = np.r_[rng.normal(size=2000) * 10.0 ** rng.integers(-320, 300, 2000), 5e-324, 2.5, 0.125, 1.5e-323, 9.999999999999999e22]
worst = Fraction(0)
for digits in (1, 2, 6, 15, 16, 17):
    alpha, beta = significant_coefficients(digits)
    for v in vals.tolist():
        r = float(f"%.{digits}g" % v)
        err = abs(Fraction(r) - Fraction(v))
        bound = alpha * abs(Fraction(r)) + beta
        assert err <= bound, (digits, v, r)
        if digits <= 15 and abs(v) > 1e-300:
            worst = max(worst, err / bound)
print(f"worst error / bound (normal values, N ≤ 15): {float(worst):.3f}")
assert worst > Fraction(1, 20)  # not vacuous: printed errors come close to h·|ŝ|
