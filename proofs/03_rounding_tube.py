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
# # Lemma 3: the floating-point tube of a SMOTE step
#
# A SMOTE point is $t = x + \lambda(n - x)$: a base record $x$, a neighbour $n$ and a
# step $\lambda \in [0, 1]$. Exact predicates (Lemmas 1 and 2) can tell whether a point
# lies on a segment, but a released dataset contains the *float* result $\hat s$, and
# $\hat s \ne t$ almost always. This notebook derives how far apart they can be, for the
# three arithmetics found in the wild, and checks the bound on well over $10^5$ cases in
# exact arithmetic.
#
# ## Statement
#
# Write $u = 2^{-53}$ and $\eta = 2^{-1074}$ (binary64), $u_{32} = 2^{-24}$ and
# $\eta_{32} = 2^{-149}$ (binary32), $\gamma_k = ku/(1-ku)$, and
# $d_j = n_j - x_j$, $\hat d_j = \mathrm{fl}(n_j - x_j)$. Assume no overflow. For every
# coordinate $j$ and every $0 \le \lambda \le 1$:
#
# **(a) imbalanced-learn, float64.** $\hat s = \mathrm{fl}(x + \mathrm{fl}(\lambda\,\mathrm{fl}(n - x)))$ satisfies
# $$|\hat s_j - t_j| \le u\,|\hat s_j| + (2u + u^2)\,|\hat d_j| + \eta .$$
#
# **(b) imbalanced-learn, float32** (difference in float32, product and sum in float64, then
# cast to float32):
# $$|\hat s_j - t_j| \le \bigl(u_{32} + u(1 + u_{32})\bigr)|\hat s_j| + (u_{32} + u)\,|\hat d_j| + \eta_{32}(1 + u) + \eta .$$
#
# **(c) smote-variants** (weights $w = W/\mathrm{fl}(W_0 + W_1)$ from two uniform draws, then
# $\hat s = \mathrm{fl}(\mathrm{fl}(w_0 x) + \mathrm{fl}(w_1 n))$, so $\lambda = W_1/(W_0+W_1)$ exactly):
# $$|\hat s_j - t_j| \le \gamma_4\bigl((1-\lambda)|x_j| + \lambda |n_j|\bigr) + (1 + u)\,\eta .$$
#
# **(d) the attacker's tube.** If the parents are unknown but $|n_j - x_j| \le R_j$ is known,
# then $t_j$ lies within
# $$r_j = a\,|\hat s_j| + b\,(1 + u_d)\,R_j + c \quad\text{(a), (b)}, \qquad
#   r_j = \frac{\gamma_4\,(|\hat s_j| + R_j/2) + (1+u)\eta}{1 - \gamma_4} \quad\text{(c)}$$
# of $\hat s_j$, where $(a, b, c)$ are the coefficients of (a) or (b) and $u_d$ is the unit
# roundoff of the format in which $\hat d$ is computed.
#
# The term in $|\hat d_j|$ is essential: under cancellation $|\hat s_j| \ll |\hat d_j|$ and
# the error is hundreds of units in the last place of $\hat s_j$, or far more.

# %% [markdown]
# **Machine-checked.** Parts (a)–(d) are machine-checked at IEEE level (Flocq's `BinarySingleNaN`, round to nearest even, no FMA), for every input with a finite result. The convex form assumes smote-variants' weights lie on `random_sample`'s grid (`grid_weight`: 0 or at least 2^-53, at most 1).
#
# Proved in Coq: `proofs/coq/Tube.v`, theorem `tube_b64`:
#
# ```coq
# Theorem tube_b64 : forall x n lam : binary64,
#   0 <= B2R lam <= 1 ->
#   is_finite (smote_b64 x n lam) = true ->
#   Rabs (B2R (smote_b64 x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
#     <= tube_b64_a * Rabs (B2R (smote_b64 x n lam))
#        + tube_b64_b * Rabs (B2R (Bminus mode_NE n x)) + tube_b64_c.
# ```
#
# Proved in Coq: `proofs/coq/Tube.v`, theorem `tube_f32_mixed`:
#
# ```coq
# Theorem tube_f32_mixed : forall (x n : binary32) (lam : binary64),
#   0 <= B2R lam <= 1 ->
#   is_finite (smote_f32_mixed x n lam) = true ->
#   Rabs (B2R (smote_f32_mixed x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
#     <= tube_f32_a * Rabs (B2R (smote_f32_mixed x n lam))
#        + tube_f32_b * Rabs (B2R (Bminus mode_NE n x)) + tube_f32_c.
# ```
#
# Proved in Coq: `proofs/coq/Tube.v`, theorem `tube_b64_attacker`:
#
# ```coq
# Theorem tube_b64_attacker : forall (x n lam : binary64) (R : R),
#   0 <= B2R lam <= 1 ->
#   is_finite (smote_b64 x n lam) = true ->
#   Rabs (B2R n - B2R x) <= R ->
#   Rabs (B2R (smote_b64 x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
#     <= tube_b64_a * Rabs (B2R (smote_b64 x n lam)) + tube_b64_b * (1 + u64) * R + tube_b64_c.
# ```
#
# Proved in Coq: `proofs/coq/Tube.v`, theorem `tube_f32_mixed_attacker`:
#
# ```coq
# Theorem tube_f32_mixed_attacker : forall (x n : binary32) (lam : binary64) (R : R),
#   0 <= B2R lam <= 1 ->
#   is_finite (smote_f32_mixed x n lam) = true ->
#   Rabs (B2R n - B2R x) <= R ->
#   Rabs (B2R (smote_f32_mixed x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
#     <= tube_f32_a * Rabs (B2R (smote_f32_mixed x n lam)) + tube_f32_b * (1 + u32) * R
#        + tube_f32_c.
# ```
#
# Proved in Coq: `proofs/coq/Convex.v`, theorem `tube_convex`:
#
# ```coq
# Theorem tube_convex : forall W0 W1 x n : binary64,
#   is_finite W0 = true -> is_finite W1 = true ->
#   grid_weight (B2R W0) -> grid_weight (B2R W1) -> 0 < B2R W0 + B2R W1 ->
#   is_finite (convex_b64 W0 W1 x n) = true ->
#   let lam := B2R W1 / (B2R W0 + B2R W1) in
#   Rabs (B2R (convex_b64 W0 W1 x n) - ((1 - lam) * B2R x + lam * B2R n))
#     <= convex_g * ((1 - lam) * Rabs (B2R x) + lam * Rabs (B2R n)) + convex_c.
# ```
#
# Proved in Coq: `proofs/coq/Convex.v`, theorem `tube_convex_attacker`:
#
# ```coq
# Theorem tube_convex_attacker : forall (W0 W1 x n : binary64) (R : R),
#   is_finite W0 = true -> is_finite W1 = true ->
#   grid_weight (B2R W0) -> grid_weight (B2R W1) -> 0 < B2R W0 + B2R W1 ->
#   is_finite (convex_b64 W0 W1 x n) = true ->
#   Rabs (B2R n - B2R x) <= R ->
#   let lam := B2R W1 / (B2R W0 + B2R W1) in
#   Rabs (B2R (convex_b64 W0 W1 x n) - ((1 - lam) * B2R x + lam * B2R n))
#     <= (convex_g * (Rabs (B2R (convex_b64 W0 W1 x n)) + R / 2) + convex_c) / (1 - convex_g).
# ```

# %% [markdown]
# ## Intuition
#
# Each floating-point operation commits a *relative* error of at most $u$ in its own
# result. The final sum $x + p$ commits an error relative to $\hat s$: harmless. But the
# product $p = \lambda \hat d$ was computed earlier, with an error relative to $|\hat d|$,
# not to $|\hat s|$. When $x$ and $\lambda \hat d$ nearly cancel, $\hat s$ is small and
# that earlier error, of size $u|\hat d|$, is huge *compared with* $\hat s$. Counting ulps
# of the result therefore cannot work; the bound must remember the size of the
# intermediate $\hat d$.

# %%
import math
import time
from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st

from refimpl import SMOTE, replay
from refimpl.exact import collinear, strictly_between, to_rational
from refimpl.tube import (
    COEFFICIENTS,
    CONVEX_COEFFICIENTS,
    ETA64,
    U32,
    U64,
    attacker_radius,
    certify,
    error_ratio,
    gamma,
)

T_START = time.perf_counter()
RNG = np.random.default_rng(20260403)

# %% [markdown]
# ## The standard model, and a machine check of it
#
# For IEEE round-to-nearest, with $\mathrm{fl}(z)$ the float nearest to the real $z$:
#
# * **(M1)** if $\mathrm{fl}(z)$ is normal, $|\mathrm{fl}(z) - z| \le u|z|$ *and* $|\mathrm{fl}(z) - z| \le u|\mathrm{fl}(z)|$;
# * **(M2)** in the subnormal range, $|\mathrm{fl}(z) - z| \le \eta/2$ (half the subnormal spacing);
# * **(M3)** if $x \pm y$ is subnormal for floats $x, y$, then $\mathrm{fl}(x \pm y) = x \pm y$ exactly;
# * **(M4)** rounding is monotone: $z \le z' \Rightarrow \mathrm{fl}(z) \le \mathrm{fl}(z')$.
#
# These are textbook facts (Higham, *Accuracy and Stability of Numerical Algorithms*, §2.2;
# Hauser 1996 for M3). We still check them on the operations SMOTE uses, exactly: a float
# is the rational `Fraction(x)`, never `Fraction(str(x))`.

# %%
def fl_error_ok(z_exact, z_float, u, eta):
    """(M1) or (M2) for one rounding, decided exactly."""
    q = Fraction(float(z_float))
    err = abs(q - z_exact)
    if abs(q) >= Fraction(2) ** (-1022 if u == U64 else -126):
        return err <= u * abs(z_exact) and err <= u * abs(q)
    return err <= eta / 2


checked = 0
for _ in range(3000):
    a, b = (float(v) for v in RNG.normal(size=2) * 10.0 ** RNG.integers(-200, 150, size=2))
    assert fl_error_ok(Fraction(a) * Fraction(b), np.float64(a) * np.float64(b), U64, ETA64)
    if math.isfinite(a + b):
        assert fl_error_ok(Fraction(a) + Fraction(b), np.float64(a) + np.float64(b), U64, ETA64)
    sa, sb = (int(v) * 2.0**-1074 for v in RNG.integers(-2**40, 2**40, size=2))
    if abs(sa - sb) < 2.0**-1022:  # (M3): a subnormal difference is exact
        assert Fraction(sa - sb) == Fraction(sa) - Fraction(sb)
    checked += 1
print(f"standard model holds on {checked} random products, sums and subnormal differences")

# %% [markdown]
# ## Proof of (a): imbalanced-learn in float64
#
# Name the three roundings. With $d = n - x$:
#
# 1. $\hat d = \mathrm{fl}(d)$, so $|\hat d - d| \le u|\hat d|$ by (M1), or $\hat d = d$ by (M3);
# 2. $p = \mathrm{fl}(\lambda \hat d)$, so $|p - \lambda\hat d| \le u\lambda|\hat d| + \eta/2$ by (M1), (M2);
# 3. $\hat s = \mathrm{fl}(x + p)$, so $|\hat s - (x + p)| \le u|\hat s|$ by (M1), or it is exact by (M3).
#
# Let $\varepsilon_1 = \hat d - d$, $\varepsilon_2 = p - \lambda\hat d$ and $\varepsilon_3 = \hat s - (x + p)$.
# Then $\hat s - t$ is an exact linear combination of the three local errors; sympy checks
# the identity.

# %%
x, n, lam, e1, e2, e3 = sp.symbols("x n lambda epsilon_1 epsilon_2 epsilon_3", real=True)
d = n - x
d_hat = d + e1
p = lam * d_hat + e2
s_hat = x + p + e3
t = x + lam * d
identity = sp.expand(s_hat - t - (e3 + e2 + lam * e1))
assert identity == 0
print("ŝ − t =", e3 + e2 + lam * e1)

# %% [markdown]
# The triangle inequality and $0 \le \lambda \le 1$ give
# $$|\hat s - t| \le u|\hat s| + u\lambda|\hat d| + u\lambda|\hat d| + \eta/2 \le u|\hat s| + 2u|\hat d| + \eta/2 .$$
# `refimpl.tube` uses $b = 2u + u^2$ and $c = \eta$. Both are at least as large, so its bound
# is implied; the $u^2$ is what one gets when step 1 uses the other form of (M1),
# $|\hat d - d| \le u|d| \le u(1 + u)|\hat d|$. The slack is a factor $1 + u/2$: harmless, and
# we keep the coefficient. $\square$

# %%
U = sp.Rational(1, 2**53)
ETA = sp.Rational(1, 2**1074)
co64 = COEFFICIENTS["float64"]
derived_a, derived_b, derived_c = U, 2 * U, ETA / 2


def as_frac(q):
    """A sympy Rational as a Fraction, exactly (numerator and denominator are integers)."""
    q = sp.Rational(q)
    return Fraction(int(q.p), int(q.q))


assert co64.a == as_frac(derived_a)
assert co64.b >= as_frac(derived_b) and co64.b == as_frac(2 * U + U**2)
assert co64.c >= as_frac(derived_c) and co64.c == ETA64

# %% [markdown]
# ## Proof of (b): imbalanced-learn in float32 (mixed precision)
#
# imbalanced-learn computes `X[row] + steps * (X[nn] - X[row])` with `X` in float32 and
# `steps` in float64. numpy therefore takes the difference in float32, promotes it, forms the
# product and the sum in float64 and finally casts the result back with `.astype(float32)`.
# Four roundings:
#
# 1. $\hat d = \mathrm{fl}_{32}(d)$: $|\hat d - d| \le u_{32}|\hat d|$ (or exact, M3);
# 2. $p = \mathrm{fl}_{64}(\lambda\hat d)$: $|p - \lambda\hat d| \le u\lambda|\hat d|$ (a nonzero
#    $|\lambda\hat d| \ge 2^{-53}\cdot 2^{-149}$ is far above float64's underflow threshold);
# 3. $\hat t = \mathrm{fl}_{64}(x + p)$: $|\hat t - (x + p)| \le u|\hat t|$ (or exact);
# 4. $\hat s = \mathrm{fl}_{32}(\hat t)$: $|\hat s - \hat t| \le u_{32}|\hat s| + \eta_{32}/2$.
#
# Step 3's error is relative to $\hat t$, which we do not keep; but
# $|\hat t| \le |\hat s| + |\hat s - \hat t| \le (1 + u_{32})|\hat s| + \eta_{32}/2$.

# %%
u32, u64, eta32, eta64, S, Dh = sp.symbols("u_32 u eta_32 eta S Dhat", positive=True)
e4 = sp.Symbol("epsilon_4", real=True)
# identity: ŝ − t = ε4 + ε3 + ε2 + λ ε1 with the float32 cast error ε4 = ŝ − t̂
t_hat = x + p + e3
s32 = t_hat + e4
assert sp.expand(s32 - t - (e4 + e3 + e2 + lam * e1)) == 0
# bound each term (λ ≤ 1, |t̂| ≤ (1 + u32) S + eta32/2 with S = |ŝ|, Dh = |d̂|)
bound_b = (u32 * S + eta32 / 2) + u64 * ((1 + u32) * S + eta32 / 2) + u64 * Dh + u32 * Dh
bound_b = sp.expand(bound_b)
coef_S = bound_b.coeff(S)
coef_D = bound_b.coeff(Dh)
const = sp.expand(bound_b - coef_S * S - coef_D * Dh)
print("a =", sp.factor(coef_S), "  b =", coef_D, "  c =", const)
co32 = COEFFICIENTS["float32-mixed"]
subs = {u32: sp.Rational(1, 2**24), u64: U, eta32: sp.Rational(1, 2**149), eta64: ETA}
assert co32.a == as_frac(coef_S.subs(subs))
assert co32.b == as_frac(coef_D.subs(subs))
assert co32.c >= as_frac(const.subs(subs))  # the library keeps η₃₂(1+u) + η, twice this
print("float32-mixed coefficients of refimpl.tube match the derivation")

# %% [markdown]
# So (b) holds, with $a$ and $b$ exactly as in `refimpl.tube` and the library's constant
# term $\eta_{32}(1+u) + \eta$ twice the derived $\eta_{32}(1+u)/2$. $\square$
#
# ## Proof of (c): smote-variants' convex combination
#
# We read the installed package rather than guess. `smote_variants.SMOTE` calls
# `random_samples_from_simplices`, which for a 2-vertex simplex (base, neighbour) does
#
# ```python
# weights = random_state.random_sample(simplices.shape)        # W0, W1 in [0, 1)
# weights = weights / np.sum(weights, axis=1)[:, None]         # w_i = fl(W_i / fl(W0 + W1))
# samples = np.sum(X[simplices] * weights[:, :, None], axis=1) # fl(fl(w0*x) + fl(w1*n))
# ```
#
# in float64 (float32 input is promoted exactly). There is no difference $n - x$ at all, and
# the ideal point is $t = (1-\lambda)x + \lambda n$ with $\lambda = W_1/(W_0 + W_1)$ *exactly*
# (not uniform: it is a ratio of two uniforms). Let the six roundings be
# $\hat\sigma = (W_0 + W_1)(1+\delta_1)$, $\hat w_0 = (W_0/\hat\sigma)(1+\delta_2)$,
# $\hat w_1 = (W_1/\hat\sigma)(1+\delta_3)$, $p_0 = \hat w_0 x(1+\delta_4) + e_4$,
# $p_1 = \hat w_1 n(1+\delta_5) + e_5$, $\hat s = (p_0 + p_1)(1+\delta_6)$, all $|\delta_i| \le u$
# and $|e_i| \le \eta/2$ (the weights are at least $2^{-54}$ when nonzero, so they never
# underflow; a subnormal sum is exact).

# %%
d1, d2, d3, d4, d5, d6 = sp.symbols("delta_1:7", real=True)
W0, W1 = sp.symbols("W_0 W_1", positive=True)
e5 = sp.Symbol("epsilon_5", real=True)
sigma = (W0 + W1) * (1 + d1)
w0h = W0 / sigma * (1 + d2)
w1h = W1 / sigma * (1 + d3)
p0 = w0h * x * (1 + d4) + e4
p1 = w1h * n * (1 + d5) + e5
s_cv = (p0 + p1) * (1 + d6)
lam_cv = W1 / (W0 + W1)
t_cv = (1 - lam_cv) * x + lam_cv * n
theta_a = (1 + d2) * (1 + d4) * (1 + d6) / (1 + d1) - 1
theta_b = (1 + d3) * (1 + d5) * (1 + d6) / (1 + d1) - 1
residual = sp.simplify(s_cv - t_cv - ((1 - lam_cv) * x * theta_a + lam_cv * n * theta_b + (e4 + e5) * (1 + d6)))
assert residual == 0
print("ŝ − t = (1−λ)·x·θ_a + λ·n·θ_b + (e4 + e5)(1 + δ6)")

# %% [markdown]
# Each $1 + \theta$ is a product of three factors $(1 + \delta)$ and one $(1 + \delta)^{-1}$. It
# is monotone in each $\delta$, so its extremes over $|\delta_i| \le u$ are
# $(1+u)^3/(1-u)$ and $(1-u)^3/(1+u)$. Both lie within $\gamma_4$ of 1 for $0 < u < 1/4$
# (Higham's Lemma 3.1); sympy confirms it by factoring the differences.

# %%
uu = sp.Symbol("u", positive=True)
g4 = 4 * uu / (1 - 4 * uu)
gap_hi = sp.factor(sp.together(g4 - ((1 + uu) ** 3 / (1 - uu) - 1)))
gap_lo = sp.factor(sp.together(g4 - (1 - (1 - uu) ** 3 / (1 + uu))))
print("γ4 − (max − 1) =", gap_hi)
print("γ4 − (1 − min) =", gap_lo)
for gap in (gap_hi, gap_lo):
    num, den = sp.fraction(gap)
    # no root of the numerator in (0, 1/4), and positive at one point: positive throughout
    roots = sp.solveset(sp.expand(num), uu, sp.Interval.open(0, sp.Rational(1, 4)))
    assert roots == sp.EmptySet or all(r == 0 for r in roots)
    assert sp.sign(den.subs(uu, sp.Rational(1, 8))) != 0
    assert gap.subs(uu, sp.Rational(1, 8)) > 0 and gap.subs(uu, U) > 0
    assert sp.solveset(den, uu, sp.Interval.open(0, sp.Rational(1, 4))) == sp.EmptySet
assert CONVEX_COEFFICIENTS.g == gamma(4) == as_frac(g4.subs(uu, U))
assert CONVEX_COEFFICIENTS.c == as_frac((1 + U) * ETA)

# %% [markdown]
# Hence $|\hat s - t| \le \gamma_4\bigl((1-\lambda)|x| + \lambda|n|\bigr) + (1+u)\eta$. $\square$
#
# Note what (c) does *not* contain: there is no $|\hat d|$, because no difference is formed.
# It has its own cancellation, though: when $x$ and $n$ have opposite signs and
# $t \approx 0$, the right-hand side is dominated by $|x|$ and $|n|$, not by $|\hat s|$.

# %% [markdown]
# ## Machine check on $1.6\times10^5$ cases, exactly
#
# The float side is vectorised with numpy and performs *exactly* the libraries' operations
# (for (c) we call smote-variants' own `random_samples_from_simplices` when it is installed).
# The exact side uses
# integers: every float64 and float32 value is an integer multiple of $2^{-1074}$, $\lambda$ (or
# $W_0, W_1$) an integer multiple of $2^{-53}$, and every coefficient is rational. Multiplying
# the inequality by a common power of two (and by $W_0 + W_1$ and the denominator of
# $\gamma_4$ for (c)) turns it into an inequality between Python integers, which is decided
# exactly. The error/bound ratios are then formed by exact integer division.

# %%
SCALE = 1126  # every float64 value times 2**1126 is an integer (frexp exponent >= -1073)


def scaled(values):
    """values · 2**SCALE as exact Python integers, in a numpy object array."""
    frac, expo = np.frexp(np.asarray(values, dtype=np.float64))
    mant = (frac * 2.0**53).astype(np.int64).tolist()  # exact: 53 significant bits
    shifts = (expo.astype(np.int64) - 53 + SCALE).tolist()
    assert min(shifts, default=0) >= 0
    return np.array([m << s for m, s in zip(mant, shifts)], dtype=object)


def grid_ints(values):
    """Numbers on numpy's uniform() grid, as integers m with value = m / 2**53 (exact)."""
    m = np.asarray(values, dtype=np.float64) * 2.0**53
    assert np.all(m == np.floor(m))
    return np.array([int(v) for v in m.tolist()], dtype=object)


def decide(lhs, terms):
    """lhs ≤ Σ coef·T elementwise, exactly. lhs, T: object arrays of ints; coef: Fractions.

    Returns (all_hold, ratios) with ratios = lhs / rhs as floats (exact integer division).
    """
    den = 1
    for coef, _ in terms:
        den = math.lcm(den, Fraction(coef).denominator)
    rhs = sum(int(Fraction(coef) * den) * T for coef, T in terms)
    lhs = lhs * den
    holds = bool(np.all(lhs <= rhs))
    ratios = np.array([a / b for a, b in zip(lhs.tolist(), rhs.tolist())], dtype=np.float64)
    return holds, ratios


def log_uniform(size, lo_exp, hi_exp, rng=RNG):
    """Random signs and magnitudes 10**U(lo_exp, hi_exp)."""
    return rng.choice([-1.0, 1.0], size) * 10.0 ** rng.uniform(lo_exp, hi_exp, size)


def LAM_GRID(size):
    """Steps on numpy's uniform() grid m / 2**53, as imbalanced-learn draws them."""
    return RNG.integers(0, 2**53, size) / 2.0**53

# %% [markdown]
# ### Cases for (a): ten families, $10^5$ cases
#
# Random magnitudes over the whole exponent range; same-scale pairs; **cancellation**
# ($n \approx x(1 - 1/\lambda)$ so that $t \approx 0$); nearly equal parents; the family of the
# DESIGN example $x = 6$, $n = 1.00001$, $\lambda \to 1$ (including $\lambda = 1$, which the formula
# allows though the sampler never draws it); subnormals; magnitudes near $10^{300}$–$10^{307}$;
# random bit patterns; and the extreme steps $\lambda \in \{0, 2^{-53}, 1 - 2^{-53}\}$.

# %%
def float64_cases(per_family=10_000):
    fams = {}
    k = per_family
    fams["random magnitudes"] = (log_uniform(k, -300, 300), log_uniform(k, -300, 300), LAM_GRID(k))
    e = RNG.integers(-30, 30, k)
    fams["same scale"] = (RNG.normal(size=k) * 10.0**e, RNG.normal(size=k) * 10.0**e, LAM_GRID(k))
    xs = log_uniform(k, -20, 20)
    ls = RNG.integers(1, 2**53, k) / 2.0**53
    fams["cancellation"] = (xs, xs * (1 - 1 / ls) * (1 + log_uniform(k, -16, -3)), ls)
    xs = log_uniform(k, -200, 200)
    fams["nearly equal"] = (xs, xs * (1 + log_uniform(k, -16, -1)), LAM_GRID(k))
    lam_near_one = 1 - RNG.integers(0, 2**20, k) / 2.0**53
    fams["6 and 1.00001"] = (6.0 * (1 + log_uniform(k, -16, -6)), 1.00001 * (1 + log_uniform(k, -16, -6)), lam_near_one)
    fams["subnormal"] = (RNG.integers(-2**30, 2**30, k) * 2.0**-1074, RNG.integers(-2**30, 2**30, k) * 2.0**-1074, LAM_GRID(k))
    fams["huge"] = (log_uniform(k, 300, 307.9), log_uniform(k, 300, 307.9), LAM_GRID(k))
    bits = RNG.integers(0, 2**63, (2, 3 * k), dtype=np.int64).view(np.float64)
    ok = np.all(np.isfinite(bits) & (np.abs(bits) < 2.0**1022), axis=0)
    bits = bits[:, ok][:, :k]
    fams["bit patterns"] = (bits[0] * RNG.choice([-1, 1], bits.shape[1]), bits[1], LAM_GRID(bits.shape[1]))
    fams["extreme steps"] = (log_uniform(k, -300, 300), log_uniform(k, -300, 300),
                             RNG.choice([0.0, 2.0**-53, 1 - 2.0**-53, 0.5], k))
    fams["mixed scales"] = (log_uniform(k, -310, -290), log_uniform(k, -5, 5), LAM_GRID(k))
    return fams


def check_difference_model(fams, model):
    """Exact check of (a) or (b), and of the attacker radius (d) with R_j = |n_j − x_j|."""
    co = COEFFICIENTS[model]
    dt = np.float32 if model == "float32-mixed" else np.float64
    u_d = U32 if model == "float32-mixed" else U64
    results = {}
    for name, (xs, ns, ls) in fams.items():
        xs, ns = np.asarray(xs, dtype=dt), np.asarray(ns, dtype=dt)
        with np.errstate(over="ignore", invalid="ignore"):
            d_hat = ns - xs
            s_hat = (xs + ls * d_hat).astype(dt)  # imbalanced-learn's expression, no FMA
        keep = np.isfinite(d_hat) & np.isfinite(s_hat)
        xs, ns, ls, d_hat, s_hat = xs[keep], ns[keep], ls[keep], d_hat[keep], s_hat[keep]
        X, N, Sh, Dh, M = scaled(xs), scaled(ns), scaled(s_hat), scaled(d_hat), grid_ints(ls)
        # err · 2**(SCALE+53) = 2**53 (ŝ − x) − m (n − x), exactly
        err = abs((Sh - X) * 2**53 - M * (N - X))
        absS, absD = abs(Sh) * 2**53, abs(Dh) * 2**53
        ones = np.full(len(X), 2 ** (SCALE + 53), dtype=object)
        holds, ratios = decide(err, [(co.a, absS), (co.b, absD), (co.c, ones)])
        R = abs(N - X) * 2**53  # the smallest admissible column range: R_j = |n_j − x_j|
        holds_d, ratios_d = decide(err, [(co.a, absS), (co.b * (1 + u_d), R), (co.c, ones)])
        results[name] = (len(X), holds, ratios, holds_d, ratios_d, (xs, ns, ls, s_hat))
    return results


t0 = time.perf_counter()
res64 = check_difference_model(float64_cases(), "float64")
n64 = sum(r[0] for r in res64.values())
worst64 = max(r[2].max() for r in res64.values())
for name, (count, holds, ratios, holds_d, ratios_d, _) in res64.items():
    print(f"{name:>18}: {count:6d} cases, worst error/bound {ratios.max():.4f}, attacker tube {ratios_d.max():.4f}")
    assert holds and holds_d
print(f"(a) float64: {n64} cases, worst ratio {worst64:.4f}  [{time.perf_counter() - t0:.1f} s]")
assert n64 >= 100_000 and worst64 <= 1

# %% [markdown]
# The integer decision is the proof-grade check; as a cross-check, the library's own exact
# `error_ratio` (Fractions, one case at a time) agrees with it on a sample, to the last bit.

# %%
for name, (count, holds, ratios, _, _, (xs, ns, ls, s_hat)) in res64.items():
    for i in RNG.choice(count, 20, replace=False):
        lib = error_ratio([s_hat[i]], [xs[i]], [ns[i]], Fraction(float(ls[i])), "float64")
        assert float(lib) == ratios[i], (name, i)
print("notebook integer check == refimpl.tube.error_ratio on 200 sampled cases")

# %% [markdown]
# ### Cases for (b): float32 with float64 arithmetic in the middle

# %%
def float32_cases(per_family=4_000):
    k = per_family
    fams = {}
    fams["random magnitudes"] = (log_uniform(k, -44, 37), log_uniform(k, -44, 37), LAM_GRID(k))
    xs = log_uniform(k, -10, 10).astype(np.float32)
    ls = RNG.integers(1, 2**53, k) / 2.0**53
    fams["cancellation"] = (xs, xs * (1 - 1 / ls) * (1 + log_uniform(k, -7, -2)), ls)
    xs = log_uniform(k, -30, 30)
    fams["nearly equal"] = (xs, xs * (1 + log_uniform(k, -7, -1)), LAM_GRID(k))
    fams["6 and 1.00001"] = (np.full(k, 6.0), np.full(k, 1.00001), 1 - RNG.integers(0, 2**40, k) / 2.0**53)
    fams["subnormal"] = (RNG.integers(-2**20, 2**20, k) * 2.0**-149, RNG.integers(-2**20, 2**20, k) * 2.0**-149, LAM_GRID(k))
    fams["huge"] = (log_uniform(k, 35, 38.2), log_uniform(k, 35, 38.2), LAM_GRID(k))
    bits = RNG.integers(0, 2**31, (2, 3 * k), dtype=np.int32).view(np.float32)
    ok = np.all(np.isfinite(bits) & (np.abs(bits) < 2.0**126), axis=0)
    bits = bits[:, ok][:, :k]
    fams["bit patterns"] = (bits[0], -bits[1], LAM_GRID(bits.shape[1]))
    fams["extreme steps"] = (log_uniform(k, -40, 37), log_uniform(k, -40, 37), RNG.choice([0.0, 2.0**-53, 1 - 2.0**-53], k))
    return fams


t0 = time.perf_counter()
res32 = check_difference_model(float32_cases(), "float32-mixed")
n32 = sum(r[0] for r in res32.values())
worst32 = max(r[2].max() for r in res32.values())
for name, (count, holds, ratios, holds_d, ratios_d, _) in res32.items():
    print(f"{name:>18}: {count:6d} cases, worst error/bound {ratios.max():.4f}, attacker tube {ratios_d.max():.4f}")
    assert holds and holds_d
print(f"(b) float32-mixed: {n32} cases, worst ratio {worst32:.4f}  [{time.perf_counter() - t0:.1f} s]")
assert worst32 <= 1

# %% [markdown]
# ### Cases for (c): smote-variants' own code
#
# We build, for each case, the two-row dataset $(x, n)$ and call smote-variants'
# `random_samples_from_simplices`, handing it the weights $W_0, W_1$ through a stand-in for
# `RandomState`, so that we know the exact $\lambda = W_1/(W_0+W_1)$. smote-variants depends on
# tensorflow and is not a test dependency; without it a three-line replica is used, which
# `tests/unit/test_tube.py` pins to the real function bit for bit wherever it is installed.

# %%
try:
    from smote_variants.base._simplexsampling import random_samples_from_simplices
    SV_SOURCE = "smote-variants' own random_samples_from_simplices"
except ImportError:  # smote-variants pulls in tensorflow; it is not a test dependency

    def random_samples_from_simplices(X, simplices, X_vertices=None, vertex_weights=None, random_state=None):
        """The lines of smote-variants 1.0.1 that matter here (no vertex weights, no X_vertices).

        tests/unit/test_tube.py pins this replica to the real function bit for bit when
        smote-variants is installed.
        """
        weights = random_state.random_sample(simplices.shape)
        weights = weights / np.sum(weights, axis=1)[:, None]
        return np.sum(X[simplices] * weights[:, :, None], axis=1)

    SV_SOURCE = "a replica of smote-variants' arithmetic (the package is not installed)"
print("convex model checked through", SV_SOURCE)


class FixedDraws:
    """A stand-in for numpy's RandomState that hands smote-variants chosen weights W."""

    def __init__(self, W):
        self.W = W

    def random_sample(self, shape):
        assert tuple(shape) == self.W.shape
        return self.W.copy()


def convex_cases(per_family=4_000):
    k = per_family
    fams = {}
    fams["random magnitudes"] = (log_uniform(k, -300, 300), log_uniform(k, -300, 300))
    xs = log_uniform(k, -20, 20)
    fams["opposite signs (cancellation)"] = (xs, -xs * (1 + log_uniform(k, -16, -1)))
    xs = log_uniform(k, -200, 200)
    fams["nearly equal"] = (xs, xs * (1 + log_uniform(k, -16, -1)))
    fams["6 and 1.00001"] = (np.full(k, 6.0), np.full(k, 1.00001))
    fams["subnormal"] = (RNG.integers(-2**30, 2**30, k) * 2.0**-1074, log_uniform(k, -320, -300))
    fams["huge"] = (log_uniform(k, 300, 307.9), log_uniform(k, 300, 307.9))
    bits = RNG.integers(0, 2**63, (2, 3 * k), dtype=np.int64).view(np.float64)
    ok = np.all(np.isfinite(bits) & (np.abs(bits) < 2.0**1020), axis=0)
    bits = bits[:, ok][:, :k]
    fams["bit patterns"] = (bits[0], -bits[1])
    return fams


def convex_weights(k):
    """W0, W1 on random_sample()'s grid; 1 % of rows with W0 = 0 (λ = 1), 1 % with W1 = 0 (λ = 0)."""
    W = RNG.integers(0, 2**53, (k, 2)) / 2.0**53
    W[: k // 100, 0] = 0.0
    W[k // 100 : k // 50, 1] = 0.0
    W[W.sum(axis=1) == 0] = 0.5
    return W


def check_convex(fams):
    cc = CONVEX_COEFFICIENTS
    one_minus_g = 1 - cc.g
    results = {}
    for name, (xs, ns) in fams.items():
        k = len(xs)
        W = convex_weights(k)
        Xdata = np.concatenate([xs, ns])[:, None]
        simplices = np.stack([np.arange(k), k + np.arange(k)], axis=1)
        with np.errstate(over="ignore", invalid="ignore"):
            s_hat = random_samples_from_simplices(Xdata, simplices.copy(), random_state=FixedDraws(W))[:, 0]
        keep = np.isfinite(s_hat)
        xs, ns, s_hat, W = xs[keep], ns[keep], s_hat[keep], W[keep]
        X, N, Sh = scaled(xs), scaled(ns), scaled(s_hat)
        w0, w1 = grid_ints(W[:, 0]), grid_ints(W[:, 1])
        # err·(W0+W1)·2**(SCALE+53) = ŝ(w0+w1) − w0·x − w1·n, exactly
        err = abs(Sh * (w0 + w1) - w0 * X - w1 * N)
        unit = (w0 + w1) * 2**SCALE  # c·(W0+W1)·2**(SCALE+53) = c·unit
        holds, ratios = decide(err, [(cc.g, w0 * abs(X) + w1 * abs(N)), (cc.c, unit)])
        # (d) with R = |n − x|: (1 − γ4)·err ≤ γ4(|ŝ| + R/2) + c, all times (W0+W1)·2**(SCALE+53);
        # multiply by den(1 − γ4) so that the left side stays an integer
        den = one_minus_g.denominator
        holds_d, ratios_d = decide(
            err * one_minus_g.numerator,
            [(cc.g * den, abs(Sh) * (w0 + w1)), (cc.g * den / 2, abs(N - X) * (w0 + w1)), (cc.c * den, unit)],
        )
        results[name] = (len(X), holds, ratios, holds_d, ratios_d, (xs, ns, W, s_hat))
    return results


t0 = time.perf_counter()
resc = check_convex(convex_cases())
ncv = sum(r[0] for r in resc.values())
worstc = max(r[2].max() for r in resc.values())
for name, (count, holds, ratios, holds_d, ratios_d, _) in resc.items():
    print(f"{name:>30}: {count:6d} cases, worst error/bound {ratios.max():.4f}, attacker tube {ratios_d.max():.4f}")
    assert holds and holds_d
print(f"(c) convex: {ncv} cases, worst ratio {worstc:.4f}  [{time.perf_counter() - t0:.1f} s]")
assert worstc <= 1
for name, (count, _, ratios, _, _, (xs, ns, W, s_hat)) in resc.items():
    for i in RNG.choice(count, 10, replace=False):
        lam_i = Fraction(W[i, 1]) / (Fraction(W[i, 0]) + Fraction(W[i, 1]))
        assert float(error_ratio([s_hat[i]], [xs[i]], [ns[i]], lam_i, "convex")) == ratios[i]
        assert lam_i in certify([s_hat[i]], [xs[i]], [ns[i]], "convex")

# %% [markdown]
# Two per cent of the cases use the extreme weights $\lambda = 0$ and $\lambda = 1$ (one of
# $W_0, W_1$ exactly zero, which `random_sample` can return): then $\hat w = (1, 0)$ or
# $(0, 1)$, the product by 1 is exact, and smote-variants returns a parent unchanged.

# %%
total_cases = n64 + n32 + ncv
worst_all = max(worst64, worst32, worstc)
print(f"TOTAL: {total_cases} cases checked exactly; worst error/bound ratio {worst_all:.4f} (must be ≤ 1)")
assert total_cases >= 100_000 and worst_all <= 1

# %% [markdown]
# ## "A few ulps" is unsound
#
# A common shortcut is to accept $\hat s$ when it is within a few units in the last place
# of the exact point. Hypothesis finds a counterexample at once: we ask it for a float64
# step whose error exceeds 100 ulp($\hat s$), and it shrinks the answer to a simple one.

# %%
def ulps_of_error(xv, nv, lv):
    s = float(np.float64(xv) + np.float64(lv) * (np.float64(nv) - np.float64(xv)))
    if s == 0:
        return Fraction(0)
    err = abs(Fraction(s) - (Fraction(xv) + Fraction(lv) * (Fraction(nv) - Fraction(xv))))
    return err / Fraction(float(np.spacing(abs(s))))


strategy = st.tuples(
    st.floats(-10, 10, allow_subnormal=False),
    st.floats(-10, 10, allow_subnormal=False),
    st.integers(1, 2**53 - 1).map(lambda m: m / 2**53),
)
found = find(
    strategy,
    lambda c: ulps_of_error(*c) > 100,
    settings=settings(database=None, derandomize=True, max_examples=20_000, suppress_health_check=list(HealthCheck)),
)
fx, fn, fl = found
f_ulps = ulps_of_error(fx, fn, fl)
f_shat = float(np.float64(fx) + np.float64(fl) * (np.float64(fn) - np.float64(fx)))
print(f"hypothesis: x = {fx!r}, n = {fn!r}, λ = {fl!r} (= {int(fl * 2**53)}/2^53)")
print(f"  ŝ = {f_shat!r}; |ŝ − t| = {float(f_ulps):.1f} ulp(ŝ)")
assert f_ulps > 100
assert error_ratio([f_shat], [fx], [fn], Fraction(fl), "float64") <= 1  # the tube still holds

# %% [markdown]
# In the sweep above the cancellation family goes much further. The largest error measured
# in ulps of $\hat s$ (exactly):

# %%
xs, ns, ls, s_hat = res64["cancellation"][5]
nonzero = s_hat != 0
err_ulps = []
for i in np.flatnonzero(nonzero)[:3000]:
    err_ulps.append(ulps_of_error(float(xs[i]), float(ns[i]), float(ls[i])))
max_ulps = max(err_ulps)
print(f"cancellation family: worst error {float(max_ulps):.3g} ulp(ŝ) (among 3000 cases), still within the tube")
assert max_ulps > 1000

# %% [markdown]
# And the DESIGN example: $x = 6$, $n = 1.00001$, with the formula at $\lambda = 1$ (a value the
# sampler never draws) and at the sampler's largest step $1 - 2^{-53}$. The float result at
# $\lambda = 1$ even leaves the segment's bounding box $[n, x]$.

# %%
for lv in (1.0, 1 - 2.0**-53):
    sh = float(np.float64(6.0) + np.float64(lv) * (np.float64(1.00001) - np.float64(6.0)))
    print(f"λ = {lv!r}: ŝ = {sh!r}, error {float(ulps_of_error(6.0, 1.00001, lv)):.2f} ulp, "
          f"ratio to tube {float(error_ratio([sh], [6.0], [1.00001], Fraction(lv))):.3f}")
sh1 = float(np.float64(6.0) + np.float64(1.0) * (np.float64(1.00001) - np.float64(6.0)))
assert sh1 == 1.0000099999999996 and sh1 < 1.00001  # outside [n, x]

# %% [markdown]
# ## Proof of (d): the attacker's tube
#
# DistinSMOTE asks whether a point lies strictly between two others; ReconSMOTE asks whether
# three *synthetic* points are collinear. When the points involved are synthetic, their
# parents $x, n$ are unknown, and so is $\hat d$. Suppose only $|n_j - x_j| \le R_j$ is known
# (the real data's range in column $j$, or a public domain's width).
#
# *Difference models (a), (b).* If $\hat d_j$ is computed exactly (M3), $|\hat d_j| = |d_j| \le R_j$.
# Otherwise (M1) gives $|\hat d_j| \le (1 + u_d)|d_j| \le (1 + u_d)R_j$. The bound of (a) or (b)
# is increasing in $|\hat d_j|$, so $|\hat s_j - t_j| \le a|\hat s_j| + b(1+u_d)R_j + c$.
#
# *Convex model (c).* Put $A = (1-\lambda)|x| + \lambda|n|$. If $x$ and $n$ have the same sign,
# $A = |t|$. Otherwise, with $|x| + |n| = |d|$,
# $A - |t| = 2\min\bigl((1-\lambda)|x|, \lambda|n|\bigr) \le 2\lambda(1-\lambda)|d| \le R/2$ (a minimum is
# at most any weighted average). So $A \le |t| + R/2$, and with $e = |\hat s - t|$ and
# $|t| \le |\hat s| + e$: $e \le \gamma_4(|\hat s| + e + R/2) + c$, i.e.
# $e \le \bigl(\gamma_4(|\hat s| + R/2) + c\bigr)/(1 - \gamma_4)$. $\square$
#
# The exact sweeps above already checked (d) with the *smallest* admissible range
# $R_j = |n_j - x_j|$ (the radius only grows with $R_j$). sympy confirms the key inequality
# $2\min(\ldots) \le R/2$ through its maximum $2\lambda(1-\lambda)$:

# %%
lam_s = sp.Symbol("lambda", real=True)
crit = sp.solve(sp.diff(2 * lam_s * (1 - lam_s), lam_s), lam_s)
assert crit == [sp.Rational(1, 2)] and (2 * lam_s * (1 - lam_s)).subs(lam_s, crit[0]) == sp.Rational(1, 2)
# and a direct exact check of A − |t| ≤ |d|/2 on random rationals of opposite signs
for _ in range(2000):
    xa, na = Fraction(int(RNG.integers(-10**6, 0)), 997), Fraction(int(RNG.integers(0, 10**6)), 991)
    la = Fraction(int(RNG.integers(0, 2**20)), 2**20)
    tt = (1 - la) * xa + la * na
    assert (1 - la) * abs(xa) + la * abs(na) - abs(tt) <= abs(na - xa) / 2

# %% [markdown]
# ### The attacker's tube on real SMOTE output
#
# We run imbalanced-learn-identical SMOTE (`refimpl.SMOTE`, float64 and float32) on a
# Gaussian minority class, take $R_j$ = the real minority's range (max − min) in column $j$,
# and check that every synthetic row's true point — recomputed exactly from its provenance —
# is inside the attacker's box around $\hat s$. Then the two attacks' questions:
#
# * three synthetic rows made from the same parents: their float values are **not** exactly
#   collinear, but their true points are, and each true point lies in its box;
# * a synthetic row between two others on the same segment: exactly between, as true
#   points; generally not, as floats.
#
# So a tube-aware test ("is there a collinear / between configuration inside the boxes?")
# can never reject a true configuration because of rounding.

# %%
def attacker_demo(dtype, model):
    rng = np.random.default_rng(5)
    Xmin = (rng.normal(size=(6, 3)) * [1.0, 1e-3, 1e4] + [0.0, 5.0, -2e4]).astype(dtype)
    Xmaj = rng.normal(size=(300, 3)).astype(dtype)
    X = np.vstack([Xmin, Xmaj])
    y = np.array([1] * 6 + [0] * 300)
    sm = SMOTE(k_neighbors=2, random_state=1)
    X_res, _ = sm.fit_resample(X, y)
    prov = sm.provenance_
    exact = replay(prov, X, arithmetic="exact")
    ranges = [max(to_rational(v) for v in Xmin[:, j]) - min(to_rational(v) for v in Xmin[:, j]) for j in range(3)]
    inside = 0
    for r in range(len(prov)):
        s_hat = X_res[prov.row[r]]
        radii = attacker_radius(s_hat, ranges, model)
        assert all(abs(to_rational(s_hat[j]) - exact[r, j]) <= radii[j] for j in range(3))
        inside += 1
    # group rows by parent pair, sorted by λ
    groups = {}
    for r in range(len(prov)):
        groups.setdefault((int(prov.base[r]), int(prov.neighbour[r])), []).append(r)
    triples = [sorted(g, key=lambda r: prov.lam_numerator[r])[:3] for g in groups.values() if len(g) >= 3]
    float_collinear = float_between = 0
    for a, b, c in triples:
        lams = [prov.lam_numerator[i] for i in (a, b, c)]
        if len(set(lams)) < 3 or lams[0] == 0:
            continue
        ta, tb, tc = (tuple(exact[i]) for i in (a, b, c))
        fa, fb, fc = (X_res[prov.row[i]] for i in (a, b, c))
        assert collinear(ta, tb, tc)  # true points: exactly collinear (Lemma 1)
        assert strictly_between(tb, ta, tc)  # the middle step lies strictly between
        float_collinear += collinear(fa, fb, fc)
        float_between += strictly_between(fb, fa, fc)
    return inside, len(triples), float_collinear, float_between


for dtype, model in ((np.float64, "float64"), (np.float32, "float32-mixed")):
    inside, ntri, fcol, fbet = attacker_demo(dtype, model)
    print(f"{model}: {inside} synthetic rows inside the attacker's tube; {ntri} same-parent triples "
          f"are exactly collinear as true points, {fcol} of them as floats ({fbet} 'between' as floats)")
    assert inside > 0 and ntri > 0 and fcol < ntri

# %% [markdown]
# ## Consequences for the code
#
# * `refimpl.tube.certify(s_hat, x, n, model)` turns (a), (b) or (c) into an exact
#   $\lambda$-interval: the radius is affine in $\lambda$ (constant for (a), (b)), so each
#   coordinate contributes two linear inequalities. `model="convex"` clips to $[0, 1]$,
#   the range on which (c) was derived.
# * `error_ratio` is the exact max over coordinates of error/radius; Lemma 3 says it is
#   at most 1 for a correct implementation. A conformance checker can therefore *prove* that
#   a third-party row was not produced by the claimed parents and step (ratio > 1), and
#   accept rows without tolerances picked by hand.
# * `attacker_radius(s_hat, column_range, model)` is what the tube kernels must use when
#   the points' parents are unknown (ReconSMOTE on synthetic points, DistinSMOTE between
#   two synthetic points). `column_range` must bound $|n_j - x_j|$ over the *real* data; the
#   synthetic data's own range can be smaller and is not a valid choice.
# * Nothing here may be replaced by "a few ulps": the sweep exhibits errors of thousands of
#   ulp($\hat s$) and more, all inside the tube.
#
# ## Functions that rely on this lemma
#
# * `refimpl.tube.coefficients`, `refimpl.tube.convex_coefficients`,
#   `refimpl.tube.coordinate_bounds`, `refimpl.tube.radius` — the bound itself;
# * `refimpl.tube.certify`, `refimpl.tube.error_ratio` — certification against it;
# * `refimpl.tube.attacker_radius` — part (d).
#
# Each cites "Lemma 3, proofs/03_rounding_tube.py" in its docstring (checked below).

# %%
import refimpl.tube as tube_module  # noqa: E402

RELYING = ("coefficients", "convex_coefficients", "coordinate_bounds", "radius", "certify", "error_ratio", "attacker_radius")
for fname in RELYING:
    doc = getattr(tube_module, fname).__doc__ or ""
    assert "Lemma 3, proofs/03_rounding_tube.py" in doc, fname
elapsed = time.perf_counter() - T_START
print(f"Lemma 3 checked in {elapsed:.1f} s")
