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
# # Lemma 5: a float filter that never rejects a certified witness
#
# `TubeKernel` decides "is $p$ strictly between $a$ and $b$, within the rounding tube?"
# exactly (Lemma 3). That costs tens of microseconds per triple, and DistinSMOTE asks the
# question for every pair of candidates around every point. `FastKernel` first computes, in
# float64 and in one batched Gram matrix, two *necessary* conditions; it rejects a pair only
# when a rigorous error bound proves a condition false. Survivors go to the exact test. So
# `FastKernel` makes exactly `TubeKernel`'s decisions, which is what this notebook proves and
# checks.
#
# ## Statement
#
# Let $v_a = a - p$, $v_b = b - p$, $d = b - a$, $G_{xy} = \langle v_x, v_y\rangle$ (exact),
# and let $B_j \ge \rho_{p,j} + \max(\rho_{a,j}, \rho_{b,j})$ bound the tube (Lemma 3(d)),
# $\beta = \lVert B \rVert_2$. If $p$ is in the tube of $a + \lambda(b - a)$ for some
# $\lambda \in [0, 1]$, then
#
# $$\text{(N1)}\quad G_{aa}G_{bb} - G_{ab}^2 \le \lVert d\rVert^2 \beta^2,
# \qquad \text{(N2)}\quad G_{ab} \le \lVert d\rVert\,\beta + \beta^2,$$
#
# with $\lVert d\rVert^2 = G_{aa} + G_{bb} - 2G_{ab}$.
#
# **Float evaluation.** With $\hat v = \mathrm{fl}(a - p)$ per coordinate and $\hat G$ any
# floating-point evaluation of the $d$-term dot products (any order, with or without FMA),
# $$|\hat G_{xy} - G_{xy}| \le \frac{\gamma_{d+3}}{1 - \gamma_d}\sqrt{(\hat G_{xx} + d\eta)(\hat G_{yy} + d\eta)} + d\eta .$$
# Evaluating (N1) and (N2) in interval arithmetic from these enclosures, with every
# operation rounded outward (one `nextafter` after each round-to-nearest operation), gives
# a lower bound of each left side and an upper bound of each right side. Rejecting when the
# lower bound exceeds the upper bound is therefore sound.

# %% [markdown]
# **Machine-checked.** The exact-real conditions (N1) and (N2) are machine-checked, in any dimension, with v_a = −λd − e and v_b = (1 − λ)d − e (`Filter.v`; Cauchy–Schwarz comes from Lagrange's identity, `lemma2_a_lagrange`). The float error of the Gram matrix in any summation order, the outward rounding and Lemma 5b's relative margins rest on the derivation on this page: Flocq has no dot-product error bound for an arbitrary summation order.
#
# Proved in Coq: `proofs/coq/Filter.v`, theorem `lemma5_n1`:
#
# ```coq
# Theorem lemma5_n1 : dot n va va * dot n vb vb - dot n va vb ^ 2 <= dot n dv dv * dot n e e.
# ```
#
# Proved in Coq: `proofs/coq/Filter.v`, theorem `lemma5_n2`:
#
# ```coq
# Theorem lemma5_n2 : forall beta, 0 <= lam <= 1 -> 0 <= beta -> dot n e e <= beta ^ 2 ->
#   dot n va vb <= sqrt (dot n dv dv) * beta + beta ^ 2.
# ```

# %% [markdown]
# ## Proof
#
# **(N1), (N2).** Write $p = a + \lambda d + e$ with $|e_j| \le B_j$, so $\lVert e\rVert \le \beta$.
# Then $v_a = -\lambda d - e$ and $v_b = (1 - \lambda)d - e$. The wedge product is bilinear and
# alternating, so $v_a \wedge v_b = \lambda\, d\wedge e + (1-\lambda)\, d \wedge e = d \wedge e$,
# and by Lagrange's identity $G_{aa}G_{bb} - G_{ab}^2 = \lVert v_a \wedge v_b\rVert^2 =
# \lVert d\wedge e\rVert^2 \le \lVert d\rVert^2\lVert e\rVert^2$: that is (N1). Expanding,
# $G_{ab} = -\lambda(1-\lambda)\lVert d\rVert^2 + (2\lambda - 1)\langle d, e\rangle + \lVert e\rVert^2$;
# the first term is $\le 0$ and $|2\lambda - 1| \le 1$, so (N2) follows by Cauchy–Schwarz.
# The cell below checks both identities symbolically.
#
# **Float error.** $\hat v_j = v_j(1 + \delta_j)$ with $|\delta_j| \le u$ (a difference of two
# floats is exact when it is subnormal, so no $\eta$ here). Each product $\hat v_{x,j}\hat v_{y,j}$
# and the $d - 1$ additions commit relative errors bounded by $\gamma_d$ in total (Higham,
# *Accuracy and Stability*, §3.1; FMA only removes roundings), plus at most $\eta$ per product
# for underflow. Against the exact $G_{xy}$ the two $\delta$ factors add $\gamma_2$, hence a
# total of $\gamma_{d+3}\sum_j |\hat v_{x,j}\hat v_{y,j}| + d\eta$ (one spare factor absorbs the
# cross terms). Cauchy–Schwarz bounds the sum by $\lVert \hat v_x\rVert\lVert \hat v_y\rVert$, and
# $\lVert \hat v_x\rVert^2 \le (\hat G_{xx} + d\eta)/(1 - \gamma_d)$. The final factor is written
# with $1/(1-\gamma_d)$ instead of its square root, which only makes it larger.
#
# **Outward rounding.** Round-to-nearest returns a float within half an ulp of the exact
# result; `nextafter` towards $\pm\infty$ moves one full ulp, so the rounded-outward value is a
# bound in the right direction (also for subnormals, whose spacing is $\eta$). Overflow gives
# $\infty$ or NaN; a comparison with NaN is false, so such pairs are never rejected. $\square$
#
# (This interval evaluation was the first implementation. The code now uses Lemma 5b below,
# which keeps the Gram error bound of this proof and replaces the outward rounding.)
#
# ## Lemma 5b: one relative margin instead of outward rounding
#
# Rounding every operation outward costs a `nextafter` per operation and per pair, which was
# about 40% of the filter's time. The same two conditions can be decided with plain
# round-to-nearest arithmetic and *one* margin per condition, proved once.
#
# **Notation.** $g_a = \hat G_{aa}$, $g_b = \hat G_{bb}$, $g = \hat G_{ab}$ are the computed Gram
# entries (floats), $\hat\beta^2$ is a float $\ge \beta^2$, $S = g_a + g_b$, $m = \sqrt{g_a g_b}$,
# $M = g_a + g_b + \hat\beta^2$ (real numbers, functions of floats). $u = 2^{-53}$,
# $\eta = 2^{-1074}$, $\gamma_n = nu/(1 - nu)$.
#
# **Range guard.** A pair is considered for rejection only if
# $\tau = 2^{-500} \le g_a, g_b \le \Omega = 2^{400}$ and $\hat\beta^2 \le \Omega$.
# The code first scales the points by $2^\sigma$ so that the largest $|x|$ lies in $[1/2, 1)$,
# when scaling back reproduces the points exactly (then the scaled differences are the
# scaled rounded differences, and (N1), (N2) are homogeneous of degree 4 and 2 in the scale, with
# $\hat\beta$ scaled alike); otherwise $\sigma = 0$. Pairs outside the guard are kept.
#
# **Step 1 (Gram error, relative).** Under the guard, $d\eta \le \theta\tau$ with
# $\theta = d\eta/\tau$, so Lemma 5's bound gives
# $|G_{xy} - \hat G_{xy}| \le s'\sqrt{\hat G_{xx}\hat G_{yy}}$ with
# $s' = \frac{\gamma_{d+3}}{1 - \gamma_d}(1 + \theta) + \theta$. Hence
# $|G_{aa} - g_a| \le s' g_a$, $|G_{bb} - g_b| \le s' g_b$, $|G_{ab} - g| \le s'm$, and by
# Cauchy–Schwarz on the exact entries $|g| \le (1 + 2s')m \le (1 + 2s')S/2$.
#
# **Step 2 (N1).** Let $f_1 = G_{aa}G_{bb} - G_{ab}^2 - D_2\hat\beta^2$ with
# $D_2 = \lVert d\rVert^2 = G_{aa} + G_{bb} - 2G_{ab} \ge 0$. If $f_1 > 0$ then (N1) fails, since
# $\hat\beta^2 \ge \beta^2$. The code computes, in this order,
# $p_1 = \mathrm{fl}(g_a g_b)$, $r = \mathrm{fl}(\mathrm{fl}(\mathrm{fl}(g_a + g_b) - 2g)\,\hat\beta^2)$ and
# $\hat F_1 = \mathrm{fl}(\mathrm{fl}(p_1 - \mathrm{fl}(g\cdot g)) - r)$. Against
# $F_1 = g_a g_b - g^2 - (g_a + g_b - 2g)\hat\beta^2$, each term passes through at most 3
# (products) or 4 (the $\hat\beta^2$ term) roundings, and each of the three products may
# underflow by $\le \eta/2$, so
# $|\hat F_1 - F_1| \le \gamma_3(g_a g_b + g^2) + \gamma_4(g_a + g_b + 2|g|)\hat\beta^2 + 2\eta$.
# From Step 1, $|G_{aa}G_{bb} - g_a g_b| \le (2s' + s'^2)m^2$,
# $|G_{ab}^2 - g^2| \le s'm(|G_{ab}| + |g|) \le (2s' + 3s'^2)m^2$ and
# $|D_2 - (g_a + g_b - 2g)| \le s'(g_a + g_b + 2m) \le 2s'S$, so with $m^2 = g_a g_b$,
# $g^2 \le (1 + 2s')^2 g_a g_b$ and $2|g| \le (1 + 2s')S$:
# $$|\hat F_1 - f_1| \le K_1\,(g_a g_b + S\hat\beta^2) + 2\eta,\qquad
#   K_1 = \max\bigl(4s' + 4s'^2 + \gamma_3(1 + (1 + 2s')^2),\; 2s' + \gamma_4(2 + 2s')\bigr).$$
#
# **Step 3 (N2).** If $G_{ab} - \hat\beta^2 > 0$ and $f_2 = (G_{ab} - \hat\beta^2)^2 - D_2\hat\beta^2 > 0$, then
# $G_{ab} - \beta^2 \ge G_{ab} - \hat\beta^2 > \sqrt{D_2}\,\hat\beta \ge \lVert d\rVert\beta$: (N2) fails.
# With $t = \mathrm{fl}(g - \hat\beta^2)$: $|(G_{ab} - \hat\beta^2) - t| \le s'm + u(|g| + \hat\beta^2) \le K_0 M$,
# $K_0 = \max(s'/2 + u(1 + 2s')/2,\ u)$, and $|t| \le (1 + u)M$. The code computes
# $\hat F_2 = \mathrm{fl}(\mathrm{fl}(t\cdot t) - r)$ with the same $r$. Then
# $|x^2 - t^2| \le K_0 M(2|t| + K_0M)$ for $x = G_{ab} - \hat\beta^2$;
# $|D_2 - \hat D| \le 2s'S + \gamma_2(S + 2|g|) \le (2s' + \gamma_2(2 + 2s'))S$ for
# $\hat D = \mathrm{fl}(\mathrm{fl}(g_a + g_b) - 2g)$, $|\hat D| \le (1 + \gamma_2)(2 + 2s')S$; and
# $S\hat\beta^2 \le M^2/4$. Adding the roundings of $t\cdot t$, $\hat D\hat\beta^2$ and the subtraction,
# $$|\hat F_2 - f_2| \le K_2 M^2 + 2\eta,\quad
#   K_2 = K_0(2(1 + u) + K_0) + u(1 + u)^2 + \tfrac{2s' + (\gamma_2 + u(1 + \gamma_2))(2 + 2s')}{4}
#   + u\bigl((1 + u)^3 + (1 + u)(1 + \gamma_2)\tfrac{2 + 2s'}{4}\bigr).$$
#
# **Step 4 (the margins in float).** The code rejects when
# $\hat F_1 > \mathrm{fl}(K_1'\,\mathrm{fl}(p_1 + \mathrm{fl}(\mathrm{fl}(g_a + g_b)\hat\beta^2)))$, or when
# $t > \mathrm{fl}(K_0'\hat M)$ and $\hat F_2 > \mathrm{fl}(K_2'\,\mathrm{fl}(\hat M\hat M))$, with
# $\hat M = \mathrm{fl}(\mathrm{fl}(g_a + g_b) + \hat\beta^2)$ and $K' = K(1 + 2^{-10})/(1 - u)^6$ rounded up.
# All operands of a margin are $\ge 0$, so each rounding loses at most a factor $(1 - u)$ (at
# most 5 of them, one more for $K'$ itself) plus $\eta/2$ per product. Under the guard
# $g_a g_b \ge \tau^2 = 2^{-1000}$ and $M \ge \tau$, so each margin is at least
# $u\cdot 2^{-1000} \ge 2^{-1053}$, and $2^{-10}$ of it ($\ge 2^{-1063}$) exceeds every $\eta$ term
# ($\le 4\eta = 2^{-1072}$). So each computed margin is at least the bound of Step 2 or 3, and
# a rejection implies $f_1 > 0$, or $x > 0$ and $f_2 > 0$.
#
# **No overflow.** Under the guard every intermediate is at most $2^{804}$, and a NaN or
# infinite Gram entry fails the guard. $\square$
#
# `refimpl.kernels.gram_filter_constants` computes $K_0, K_1, K_2$ exactly from these formulas
# (as `Fraction`s) and rounds them up; for $d = 20$ they are about $1.3\cdot 10^{-15}$,
# $1.1\cdot 10^{-14}$ and $4.4\cdot 10^{-15}$. The price is sharpness only near the boundary,
# where the exact test decides anyway. When it replaced the interval evaluation, the two kept
# exactly the same candidate pairs on yeast_me2 and abalone (13,519 and 13,265 pairs), in a
# third to a quarter of the time; the last cell below checks the sharpness that matters.
#
# ## Consequence for the code
#
# `refimpl.kernels.FastKernel.pair_filter` implements Lemma 5b's evaluation (Lemma 5 supplies
# the Gram error bound), and
# `FastKernel.between_any` sends every survivor, in `TubeKernel`'s own scan order, to the exact
# test. The first witness found is therefore the same, and so is every verdict of DistinSMOTE.
# `tests/oracle/test_kernels.py` checks the agreement on generated data; the cells below
# check the lemma on adversarial triples.

# %%
from fractions import Fraction

import numpy as np
import sympy as sp

from refimpl.kernels import FastKernel, TubeKernel

RNG = np.random.default_rng(20261123)

# (N1), (N2): the identities behind them, for symbolic vectors in d = 4
d = 4
lam = sp.Symbol("lam", real=True)
D = sp.Matrix(sp.symbols(f"d0:{d}", real=True))
E = sp.Matrix(sp.symbols(f"e0:{d}", real=True))
va, vb = -lam * D - E, (1 - lam) * D - E


def wedge_sq(x: sp.Matrix, y: sp.Matrix) -> sp.Expr:
    return sum((x[i] * y[j] - x[j] * y[i]) ** 2 for i in range(d) for j in range(i + 1, d))


assert sp.expand(wedge_sq(va, vb) - wedge_sq(D, E)) == 0
assert sp.expand((va.T * va)[0] * (vb.T * vb)[0] - (va.T * vb)[0] ** 2 - wedge_sq(va, vb)) == 0  # Lagrange
gab = (va.T * vb)[0]
assert sp.expand(gab - (-lam * (1 - lam) * (D.T * D)[0] + (2 * lam - 1) * (D.T * E)[0] + (E.T * E)[0])) == 0
print("identities (N1), (N2): verified symbolically for d = 4")

# %% [markdown]
# ## Machine check: the filter never rejects what the exact tube test accepts
#
# Triples are built to stress the filter: exact SMOTE-like points $p = \mathrm{fl}(a + \lambda(b-a))$
# (true witnesses, accepted by `TubeKernel`), the same nudged by a few ulps, near-collinear
# points at angles from $10^{-4}$ down to $10^{-15}$, subnormal coordinates, and magnitudes
# near $10^{150}$ (where the Gram entries overflow). For each, if the exact test accepts, the
# filter must keep the pair.

# %%


def triples(n_cases: int, dim: int, kind: int) -> np.ndarray:
    """Triples of one kind; a kernel sees one kind at a time, since the tube depends on the data's range."""
    out = []
    for _ in range(n_cases):
        scale = [1.0, 1e-300, 1e150, 1.0, 3.0][kind]
        a = RNG.normal(size=dim) * scale
        b = a + RNG.normal(size=dim) * scale
        lam_ = RNG.uniform()
        p = a + lam_ * (b - a)
        if kind == 3:  # near-collinear: push p off the segment by an angle 10^-k
            off = RNG.normal(size=dim)
            p = p + off * scale * 10.0 ** (-RNG.integers(4, 16))
        if kind == 4:  # nudge by a few ulps
            p = p + np.spacing(np.abs(p)) * RNG.integers(-3, 4, size=dim)
        out.append(np.stack([p, a, b]))
    return np.asarray(out)


checked = accepted = rejected = 0
for dim, kind in ((dim, kind) for dim in (2, 3, 7, 20) for kind in range(5)):
    T = triples(80, dim, kind)
    pts = T.reshape(-1, dim)
    kern = FastKernel(pts)
    P = np.arange(0, len(pts), 3, dtype=np.intp)
    C = np.stack([P + 1, P + 2], axis=1)
    keep = kern.pair_filter(P, C)[:, 0]
    for i, (p, keep_i) in enumerate(zip(P.tolist(), keep.tolist(), strict=True)):
        ok = TubeKernel.between(kern, p, p + 1, p + 2) is not None
        checked += 1
        accepted += ok
        rejected += not keep_i
        assert keep_i or not ok, f"filter rejected a certified witness (d={dim}, kind {kind}, case {i})"
print(f"{checked} triples: {accepted} accepted by the exact tube test, all kept by the filter; "
      f"the filter rejected {rejected} others")
assert accepted > 0 and rejected > 0  # both branches were exercised

# %% [markdown]
# ## Machine check of Lemma 5b's margins
#
# On the same adversarial triples, the exact $f_1$, $x = G_{ab} - \hat\beta^2$ and $f_2$ are computed
# with `Fraction`s from the exact differences $a - p$, and compared with what the filter
# computes (`refimpl.kernels.lemma5b.lemma5b_values`, the code's own arithmetic). Inside the range
# guard, the error of each computed value must stay below its margin: the largest ratio
# error/margin is printed, and must be below 1. Collinear triples (kind 0) are the hard case
# for (N1): there $f_1$ is tiny and the computed value is mostly rounding error.

# %%
from refimpl.kernels.lemma5b import OMEGA as _OMEGA, TAU as _TAU, lemma5b_values as _lemma5b_values  # noqa: E402

worst = {"N1": 0.0, "x": 0.0, "N2": 0.0}
in_guard = 0
for dim, kind in ((dim, kind) for dim in (2, 3, 7, 20) for kind in range(5)):
    T = triples(40, dim, kind)
    pts = T.reshape(-1, dim)
    kern = FastKernel(pts)
    xs, b2, k0, k1, k2, usable = kern.filter_state
    assert usable
    B2 = Fraction(b2)
    for i in range(0, len(pts), 3):
        V = xs[[i + 1, i + 2]] - xs[i]
        G = V @ V.T
        if not all(_TAU <= G[j, j] <= _OMEGA for j in (0, 1)):
            continue
        in_guard += 1
        f1h, c1, t, c0, f2h, c2 = (float(v[0]) for v in _lemma5b_values(
            np.array([G[0, 0]]), np.array([G[1, 1]]), np.array([G[0, 1]]), b2, k0, k1, k2))
        P_, A_, Bq = ([Fraction(float(v)) for v in xs[j]] for j in (i, i + 1, i + 2))
        va = [x - y for x, y in zip(A_, P_)]
        vb = [x - y for x, y in zip(Bq, P_)]
        Gaa, Gbb, Gab = (sum((x * y for x, y in zip(s, q)), Fraction(0)) for s, q in ((va, va), (vb, vb), (va, vb)))
        D2 = Gaa + Gbb - 2 * Gab
        f1 = Gaa * Gbb - Gab * Gab - D2 * B2
        x = Gab - B2
        f2 = x * x - D2 * B2
        worst["N1"] = max(worst["N1"], float(abs(Fraction(f1h) - f1) / Fraction(c1)))
        worst["x"] = max(worst["x"], float(abs(Fraction(t) - x) / Fraction(c0)))
        worst["N2"] = max(worst["N2"], float(abs(Fraction(f2h) - f2) / Fraction(c2)))
        if f1h > c1:
            assert f1 > 0
        if t > c0 and f2h > c2:
            assert x > 0 and f2 > 0
print(f"{in_guard} triples inside the guard; largest error/margin: " + ", ".join(f"{k} {v:.3f}" for k, v in worst.items()))
assert in_guard > 0 and max(worst.values()) < 1

# %% [markdown]
# ## The filter is sharp enough to matter
#
# Soundness alone is easy (never reject). On generated SMOTE-like data the filter must reject
# nearly every non-witness pair, or the exact test would run on all of them. Below: the share
# of candidate pairs that reach the exact test for 2,000 points in $d = 10$.

# %%
from refimpl import SMOTE  # noqa: E402

X = RNG.normal(size=(200, 10))
y = np.r_[np.ones(100, int), np.zeros(100, int)]
Xr, yr = SMOTE(k_neighbors=5, sampling_strategy={1: 2000}, random_state=0).fit_resample(X, y)
Xm = Xr[yr == 1]
fk = FastKernel(Xm)
from scipy.spatial import cKDTree  # noqa: E402

_, nn = cKDTree(Xm).query(Xm, k=25)
P = np.arange(len(Xm), dtype=np.intp)
share = fk.pair_filter(P, nn[:, 1:].astype(np.intp)).mean()
print(f"share of candidate pairs passed to the exact test: {share:.4%}")
assert share < 0.05
assert Fraction(fk.bn) > 0
