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
# # Lemma 6: tubes under release perturbation, and how often they lie
#
# A data holder who publishes SMOTE output rarely publishes the raw float64 rows. Rounding to
# a few decimals, a float32 cast, or a little noise all move every coordinate. The published
# attack code uses a fixed tolerance and collapses under such changes (measured here: 6-decimal
# rounding drops DistinSMOTE's precision to 0.135). The question is whether that is a defence
# or only a weakness of that code. This notebook gives the tool to answer it.
#
# **Lemma 6.** Let a release map SMOTE's float row $\hat s$ to $r$.
#
# * **(a) Release radii.** Coordinate by coordinate, $|r_j - \hat s_j| \le \alpha|r_j| + \beta$ with
#   * `decimals:p` ($r$ = `numpy.round`$(\hat s, p)$, or $\hat s$ printed with $p$ decimals and parsed):
#     $\alpha = g/(1-g)$ and $\beta = \bigl(\tfrac12 10^{-p}\tfrac{1+u}{1-u} + \eta\bigr)/(1-g)$, with $g = 2u + u^2$;
#   * `float32` (a cast): $\alpha = u_{32} = 2^{-24}$, $\beta = \eta_{32} = 2^{-149}$;
#   * `uniform:ε` ($r = \mathrm{fl}(\hat s + e)$, $|e| \le \varepsilon$): $\alpha = u$, $\beta = \varepsilon + \eta$;
#   * `gaussian:σ` ($e \sim N(0, \sigma^2)$): $\alpha = u$, $\beta = z\sigma + \eta$, which holds for all
#     $3d$ coordinates of a triple except with probability $\le$ `false_rejection`, for
#     $z = \sqrt2\,\mathrm{erfc}^{-1}(\text{false\_rejection}/3d)$ (union bound).
# * **(b) Composed tube.** With $\varepsilon_j$ the release radius of $r_j$, the true SMOTE point is within
#   $\rho_j = a(|r_j| + \varepsilon_j) + b(1+u)R'_j + c + \varepsilon_j$ of $r_j$, where $a, b, c$ are
#   Lemma 3's coefficients and $R'_j = R_j + 2\max_i \varepsilon_{i,j}$ widens the released column
#   range to cover the true one. So the tube test of Lemma 3 with this $\rho$ accepts the true
#   parents of every synthetic row, whatever the perturbation inside the model.
# * **(c) False witnesses.** A real point $p$ with $m$ candidates within distance $R$, spread like
#   a Poisson process around it, lies in the tube (per-coordinate half-width $w$) of an expected
#   $$E \le \frac{m^2}{2}\Bigl[\bigl(\tfrac{2r}{R}\bigr)^d + 2^d\,\frac{V_{d-1}}{V_d}\bigl(\tfrac{2r}{\sqrt3 R}\bigr)^{d-1}\Bigr], \quad r = \sqrt d\, w$$
#   candidate segments, and gets a false witness with probability $\le \min(1, E)$.
# * **(d) Unknown scale.** Synthetic rows lie within the perturbation of a segment between
#   two of their neighbours, real rows within the neighbour spacing: the least triple
#   residuals separate, and the lower group's largest residual estimates twice the
#   half-width (a statistical estimate, checked below).

# %% [markdown]
# **Machine-checked.** Part (a) is machine-checked for `decimals:p` (numpy's `np.round`, operation by operation, for every p ≤ 300) and `float32`; the noise models and parts (b)–(d) rest on this page. numpy's `power_of_ten(p)` is not the correctly rounded 10^p for p > 22 (it is below (1 − u)·10^p for 11 values of p, `power_of_ten_38_low`); the Coq proof bounds each rounding relative to its result and needs only P ≥ (1 − u)(1 − g)·10^p, which it checks for every p ≤ 300.
#
# Proved in Coq: `proofs/coq/Release.v`, theorem `release_decimals`:
#
# ```coq
# Theorem release_decimals : forall (p : nat) (s : binary64), (p <= 300)%nat ->
#   is_finite (np_round p s) = true ->
#   Rabs (B2R (np_round p s) - B2R s)
#     <= release_decimals_alpha * Rabs (B2R (np_round p s)) + release_decimals_beta p.
# ```
#
# Proved in Coq: `proofs/coq/Release.v`, theorem `release_float32`:
#
# ```coq
# Theorem release_float32 : forall s : binary64, is_finite (f64_to_f32 s) = true ->
#   Rabs (B2R (f64_to_f32 s) - B2R s)
#     <= release_float32_alpha * Rabs (B2R (f64_to_f32 s)) + release_float32_beta.
# ```
#
# Proved in Coq: `proofs/coq/Release.v`, theorem `power_of_ten_38_low`:
#
# ```coq
# Theorem power_of_ten_38_low : B2R (np_power_of_ten 38) < 10 ^ 38 * (1 - u64).
# ```

# %%
import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from refimpl import SMOTE
from refimpl.kernels import TubeKernel
from refimpl.release import (
    ReleaseModel,
    apply_release,
    decimals_coefficients,
    estimate_scale,
    false_positive_bound,
    parse_release,
)

RNG = np.random.default_rng(6)
U = Fraction(1, 2**53)

# %% [markdown]
# ## (a) The decimals bound, derived
#
# numpy's `round(x, p)` computes $y = \mathrm{fl}(\hat s P)$, $z = \mathrm{rint}(y) = y + \theta/2$
# with $|\theta| \le 1$, then $r = \mathrm{fl}(z/P)$. Here $P$ is numpy's `power_of_ten(p)`, which is
# **not** $\mathrm{fl}(10^p)$ in general: it reads $10^0 \dots 10^8$ from a table and otherwise starts
# at $10^9$ and multiplies by 10 once per further decimal, rounding each time. So the derivation
# must not assume $P = 10^p(1+\delta_0)$ with $|\delta_0| \le u$ (that fails for most $p > 22$).
# Write each rounding relative to its *result*: $\hat s P = y(1+\delta_1)$ and $z/P = r(1+\delta_2)$
# with $|\delta_i| \le u$ (the standard model in the form $|x - \mathrm{fl}(x)| \le u|\mathrm{fl}(x)|$).
# Sympy expands $r - \hat s$:

# %%
s, d1, d2, th, P10, u = sp.symbols("s delta1 delta2 theta P u", real=True)
r_ = sp.Symbol("r", real=True)
z = r_ * P10 * (1 + d2)
y = z - th / 2
s_hat = y * (1 + d1) / P10
err = sp.simplify(sp.expand(r_ - s_hat))
expected = -r_ * (d1 + d2 + d1 * d2) + th * (1 + d1) / (2 * P10)
assert sp.simplify(err - expected) == 0
print("r - s =", expected)

# %% [markdown]
# So $|r - \hat s| \le g|r| + \frac{1+u}{2P}$ with $g = 2u + u^2$ (plus $\eta$ for a subnormal
# product). The code's coefficients, $\alpha = g/(1-g) \ge g$ and
# $\beta = \bigl(\tfrac12 10^{-p}\tfrac{1+u}{1-u} + \eta\bigr)/(1-g)$, cover this as soon as
# $P \ge (1-u)(1-g)\,10^p$. That is a fact about numpy's $P$ for each $p$, so it is decided
# exactly: the cell below rebuilds `power_of_ten` operation by operation, checks the rebuild
# against `numpy.round` itself, and checks the condition for every $p \le 300$ in `Fraction`.
# It also lists the $p$ where $P < (1-u)\,10^p$: there the old assumption
# $|\delta_0| \le u$ on $P$ would have been false *in the direction that matters*.
# (An overflowing $\hat s P$ gives inf, which the attacks refuse, so the model assumes
# $|\hat s|\,10^p < 2^{1023}$.) A parsed $p$-decimal string has
# $|r - \hat s| \le \tfrac12 10^{-p} + u|r|$, inside the same bound.


# %%
def numpy_power_of_ten(p: int) -> float:
    """numpy's power_of_ten (numpy/core/src/multiarray/calculation.c): a table to 1e8, then ×10 per decimal."""
    if p < 9:
        return float(10**p)
    ret = 1e9
    for _ in range(p - 9):
        ret *= 10.0
    return ret


for p in range(0, 40):
    P = numpy_power_of_ten(p)
    xs = RNG.uniform(-1, 1, 200) * 10.0 ** RNG.integers(-5, 5, 200)
    xs = xs[np.abs(xs) * P < 2.0**1000]
    rebuilt = np.array([float(np.rint(x * P) / P) for x in xs.tolist()])
    assert np.array_equal(rebuilt, np.round(xs, p), equal_nan=True), p  # the rebuild is numpy's algorithm

G = 2 * U + U * U
low_p = []
for p in range(0, 301):
    P = Fraction(numpy_power_of_ten(p))
    assert P >= (1 - U) * (1 - G) * 10**p, p  # what the bound needs, for every p <= 300
    if P < (1 - U) * 10**p:
        low_p.append(p)
assert low_p == [25, 26, 27, 30, 31, 32, 37, 38, 39, 40, 41], low_p  # also Coq's power_of_ten_38_low
print("p with P < (1 - u)·10^p:", low_p)

# %%
for p in (0, 3, 6, 17, 300):
    alpha, beta = decimals_coefficients(p)
    g = 2 * U + U * U
    assert alpha == g / (1 - g)
    assert beta == (Fraction(1, 2 * 10**p) * (1 + U) / (1 - U) + Fraction(1, 2**1074)) / (1 - g)


# %% [markdown]
# Now every bound against the floats themselves, in exact arithmetic: values across
# magnitudes (subnormal, tiny, unit, huge), every release model, exact `Fraction` of each
# float (never through a string).


# %%
def check(model: ReleaseModel, values: np.ndarray, released: np.ndarray) -> float:
    """Assert |r − ŝ| ≤ radius(r) exactly for every value; return the worst used share of the bound."""
    worst = 0.0
    for sv, rv in zip(values.tolist(), released.tolist(), strict=True):
        gap = abs(Fraction(rv) - Fraction(sv))
        bound = model.radius(rv)
        assert gap <= bound, (model.label(), sv, rv, gap, bound)
        if bound > 0:
            worst = max(worst, float(gap / bound))
    return worst


mags = np.concatenate([
    RNG.uniform(-1, 1, 4000),
    RNG.normal(size=1000) * 10.0 ** RNG.integers(-300, 300, 1000),
    np.array([5e-324, -5e-324, 2.2250738585072014e-308, 0.5, 1.5, 2.5, -0.5, 1e300, 3.4e38, 1e-40]),
])
for p in (0, 1, 2, 3, 4, 6, 8, 10, 12, 15, 22, 23, 40):
    m = parse_release(f"decimals:{p}")
    # no overflow: numpy.round(x, p) turns |x|·10^p beyond the float range into inf (the
    # attacks refuse inf), so the model covers |x|·10^p < 2^1023
    safe = mags[np.abs(mags) < 2.0**1023 / 10.0**p]
    w1 = check(m, safe, np.round(safe, p))
    parsed = np.array([float(f"{v:.{p}f}") for v in safe[:800]])
    w2 = check(m, safe[:800], parsed)
    print(f"decimals:{p:<3d} worst share of the bound: numpy.round {w1:.3f}, printed {w2:.3f}")

f32 = mags[np.abs(mags) < 3.4e38]
print(f"float32: worst share {check(parse_release('float32'), f32, f32.astype(np.float32).astype(np.float64)):.3f}")
for eps in (1e-10, 1e-5, 1e-1):
    unit = RNG.uniform(-1, 1, 4000)
    noisy = unit + RNG.uniform(-eps, eps, unit.shape)
    print(f"uniform:{eps:g}: worst share {check(parse_release(f'uniform:{eps}'), unit, noisy):.3f}")

# %% [markdown]
# The Gaussian tube is a tail bound. At a deliberately large false-rejection rate the share of
# triples with some coordinate outside $z\sigma$ must stay below the stated rate:

# %%
g = ReleaseModel("gaussian", 1e-3, false_rejection=0.05)
dim = 5
zz = g.z(dim)
noise = RNG.normal(0, 1e-3, size=(200_000, 3 * dim))
outside = float((np.abs(noise) > zz * 1e-3).any(axis=1).mean())
print(f"z = {zz:.4f}; triples with a coordinate outside z·σ: {outside:.4f} (stated ≤ 0.05)")
assert outside <= 0.05
# the same z from mpmath at 30 digits: erfc⁻¹(x) = erf⁻¹(1 − x)
mpmath.mp.dps = 30
z_mp = mpmath.sqrt(2) * mpmath.erfinv(1 - mpmath.mpf(5) / 100 / (3 * dim))
assert zz >= float(z_mp) and zz - float(z_mp) < 1e-9

# %% [markdown]
# ## (b) The composed tube keeps every true witness
#
# SMOTE with provenance, a release of *all* rows (real rows are published through the same
# channel), then the tube kernel with the release model: the true parents must witness every
# synthetic row that is not a copy of a parent.

# %%
X = RNG.uniform(-1, 1, size=(60, 4))
yy = np.r_[np.ones(30, int), np.zeros(30, int)]
sm = SMOTE(k_neighbors=5, sampling_strategy={1: 150}, random_state=3)
Xr, yr = sm.fit_resample(X, yy)
prov = sm.provenance_
minority = np.flatnonzero(yr == 1)
pos = {int(r): i for i, r in enumerate(minority)}
checked = 0
for spec in ("decimals:6", "decimals:3", "float32", "uniform:1e-5", "uniform:1e-2", "gaussian:1e-4"):
    Xp = apply_release(Xr, spec, seed=11)
    kern = TubeKernel(Xp[minority], release=spec)
    for t in range(len(prov)):
        row = int(prov.row[t])
        b, n = int(prov.base[t]), int(prov.neighbour[t])
        if prov.lam_numerator[t] == 0 or (Xp[row] == Xp[b]).all() or (Xp[row] == Xp[n]).all():
            continue
        w = kern.between(pos[row], pos[b], pos[n])
        assert w is not None, (spec, t)
        checked += 1
print(f"{checked} true witnesses, every one accepted under its release model")

# %% [markdown]
# ## (c) How often a real point is falsely between two others
#
# **Derivation.** Fix the real point $p$ and a candidate $a$ at distance $\rho$. The tube of the
# segment $ab$ contains $p$ only if the segment passes within $r = \sqrt d\,w$ of $p$ (a box of
# half-width $w$ lies in the ball of radius $\sqrt d\,w$). For $\rho \ge 2r$ that puts $b$ in the
# cone with apex $a$, axis through $p$ and half-angle $\theta$, $\sin\theta = r/\rho$, so
# $\tan\theta \le 2r/(\sqrt3\rho)$. Inside the ball $B(p, R)$ the cone's height is at most
# $\rho + R \le 2R$, so its volume is at most $V_{d-1}\tan^{d-1}\theta\,(2R)^d/d$. For
# $\rho < 2r$ take the whole ball. With the points a Poisson process of intensity
# $\lambda = m/(V_d R^d)$ (so that $m$ are expected within $R$), the expected number of ordered
# pairs is $\lambda^2\int_{B(p,R)}\mathrm{vol}(S_a)\,da$; in polar coordinates the
# $\rho^{d-1}$ of the volume element cancels the cone's $\rho^{-(d-1)}$. Halving for unordered pairs
# gives (c). Sympy checks the algebra:

# %%
dd, rr, RR, mm, rho, Vd, Vd1 = sp.symbols("d r R m rho V_d V_dm1", positive=True)
lam_ = mm / (Vd * RR**dd)
cone = Vd1 * (2 * rr / (sp.sqrt(3) * rho)) ** (dd - 1) * (2 * RR) ** dd / dd
shell = dd * Vd * rho ** (dd - 1)  # surface of the sphere of radius rho
integrand = sp.simplify(shell * cone)
assert sp.simplify(sp.diff(integrand, rho)) == 0  # the ρ-dependence cancels
far = integrand * RR  # ∫ from 2r to R ≤ integrand · R
near = Vd * (2 * rr) ** dd * Vd * RR**dd
E = sp.simplify(lam_**2 * (near + far) / 2)
target = mm**2 / 2 * ((2 * rr / RR) ** dd + 2**dd * Vd1 / Vd * (2 * rr / (sp.sqrt(3) * RR)) ** (dd - 1))
assert sp.simplify(E - target) == 0
print("E ≤", target)

# %% [markdown]
# **Simulation.** Uniform points in a cube around a real point at the centre; its $m = 24$
# nearest points are the candidates; every pair is tested with the box tube of half-width
# $w$ (the float projection test is enough here: we count, we do not certify). The measured
# mean count stays below the bound, and falls like $w^{d-1}$.


# %%
def simulated_count(d: int, w: float, m: int = 24, trials: int = 3000) -> tuple[float, float]:
    """Mean number of candidate pairs whose box tube (half-width w) holds the centre, and mean R."""
    total, reach = 0, 0.0
    ia, ib = np.triu_indices(m, k=1)
    for _ in range(trials):
        pts = RNG.uniform(-1, 1, size=(400, d))
        dist = np.linalg.norm(pts, axis=1)
        order = np.argsort(dist)[:m]
        A, B = pts[order[ia]], pts[order[ib]]
        D = B - A
        lam = np.einsum("nd,nd->n", -A, D) / np.einsum("nd,nd->n", D, D)
        lam = np.clip(lam, 0, 1)
        res = np.abs(-A - lam[:, None] * D).max(axis=1)
        total += int((res <= w).sum())
        reach += float(dist[order[-1]])
    return total / trials, reach / trials


print(" d      w    measured      bound")
for d in (2, 3, 4):
    counts = []
    for w in (1e-3, 3e-3, 1e-2, 3e-2):
        got, R = simulated_count(d, w)
        bound = false_positive_bound(w, d, 24, R)
        counts.append(got)
        print(f"{d:2d} {w:8.0e} {got:10.4f} {bound:10.4f}")
        assert got <= bound, (d, w, got, bound)
    # slope in log-log between the two widest tubes ≈ d − 1 (counts there are large enough)
    slope = math.log(counts[3] / counts[2]) / math.log(3)
    print(f"   slope {slope:.2f} (theory {d - 1})")
    assert abs(slope - (d - 1)) < 0.6

# %% [markdown]
# **What it means for the bundled data.** A release of 6 decimals or noise of $10^{-5}$ on data
# scaled to $[-1, 1]$ gives $w$ of order $10^{-5}$. With $d \ge 7$ columns and neighbour distances
# $R$ of order $0.1$, $E$ is of order $m^2 (10^{-4})^{6}$, far below one false witness in the whole
# dataset. The bound only becomes large, and a tube-based attack only starts to call real
# points synthetic, when $w$ approaches $R\,(1/m^2)^{1/(d-1)}$. That is why rounding and small
# noise do not protect SMOTE output against an attack that knows the release model.

# %%
def width_for(d: int, target: float = 1.0, reach: float = 0.1) -> float:
    """The tube half-width at which the bound reaches ``target`` (bisection in log space)."""
    lo, hi = 1e-12, reach
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if false_positive_bound(mid, d, 24, reach) < target else (lo, mid)
    return hi


for d in (2, 7, 10, 20):
    w_star = width_for(d)
    print(f"d = {d:2d}: E reaches ~1 near w ≈ {w_star:.1e} (R = 0.1); at w = 1e-5, E ≤ {false_positive_bound(1e-5, d, 24, 0.1):.1e}")
assert false_positive_bound(1e-5, 7, 24, 0.1) < 1e-15

# %% [markdown]
# ## (d) Estimating an unknown scale
#
# Uniform noise of half-width ε on SMOTE rows: while the perturbation is well below the
# neighbour spacing, the estimate from the data alone lands just below ε (the bulk's residuals
# are at most 2ε plus rounding). When ε approaches the spacing (here 10^-3 on N(0, 1) data)
# the real rows' residuals reach down into the noise, the classes touch, and the estimate
# drifts upwards: a wider tube, so more false witnesses by (c). That is the limit of an
# unknown release, and the result object says the estimate is statistical.

# %%
Xb = RNG.normal(size=(150, 6))
yb = np.r_[np.ones(75, int), np.zeros(75, int)]
Xs, ys = SMOTE(k_neighbors=5, sampling_strategy={1: 750}, random_state=5).fit_resample(Xb, yb)
Xs = Xs[ys == 1]
for eps in (1e-8, 1e-5, 1e-3):
    est = estimate_scale(apply_release(Xs, f"uniform:{eps}", seed=2))
    print(f"ε = {eps:g}: estimated half-width {est.half_width:.3g} ({est.collinear_rows}/{est.rows} rows, separated={est.separated})")
    if eps <= 1e-5:
        assert est.separated and eps / 10 <= est.half_width <= 1.01 * eps
    else:
        assert eps / 10 <= est.half_width <= 10 * eps

# %% [markdown]
# ## What the code relies on
#
# * `refimpl.release.ReleaseModel.radius` / `radius_up` — part (a);
# * `refimpl.kernels.TubeKernel` (and so `FastKernel`) with `release=` — part (b);
# * `refimpl.release.false_positive_bound`, `expected_false_witnesses` — part (c);
# * `refimpl.release.estimate_scale` — part (d).
