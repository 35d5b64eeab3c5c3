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
# # Lemma 14: exact nearest lists from matrix products
#
# In 20 dimensions a KD-tree's exact search is close to brute force. Brute force by matrix
# products, $\lVert x\rVert^2 - 2x\cdot y + \lVert y\rVert^2$ for a block of queries at once,
# is about 3× faster (`refimpl.knn_products`), but its values are not the direct float
# distances $\hat D(x, y) = \sum_j \mathrm{fl}(x_j - y_j)^2$ by which a tree ranks. This lemma
# bounds the gap, so the products only *select* rows, and the selected rows are ranked by
# $\hat D$ and id: the lists are exactly those of a brute-force ranking by $(\hat D, \text{id})$.
#
# ## Statement
#
# Binary64, round to nearest, $u = 2^{-53}$, $\eta = 2^{-1074}$, $\gamma_k = ku/(1 - ku)$,
# $u' = u/(1-u)$. Rows $x_1, \dots, x_n \in \mathbb{F}^d$, any $c \in \mathbb{F}^d$ (the
# computed column means), and, computed in float64:
# $x'_i = \mathrm{fl}(x_i - c)$ per coordinate; $q_i$ any evaluation of $\sum_j x'^2_{ij}$;
# $N_i = \mathrm{fl}(\sqrt{q_i})$; $B = \max_i N_i$; $G_{ij}$ any evaluation of
# $q_i + q_j - 2\,x'_i \cdot x'_j$ (the dot product in any order, with or without FMA, as a
# BLAS routine computes it; the three terms in any order); $\hat D_{ij}$ any evaluation of
# $\sum_k \mathrm{fl}(x_{ik} - x_{jk})^2$. With
#
# $$K_0 = 2\gamma_{d+2} + u'(2 + u') + \gamma_{d+2}(1 + u')^2,\quad
# K = \frac{K_0 (1 + u)}{(1 - u)^7 (1 - \gamma_d)},\quad
# c = \frac{6d\eta + K_0\, 2d\eta\,(1 + 1/u)/(1 - \gamma_d)}{1 - u} + \eta,$$
#
# $K$ and $c$ rounded up to floats, $S_i = \mathrm{fl}(N_i + B)$ and
# $\sigma_i = \mathrm{fl}(\mathrm{fl}(K \cdot \mathrm{fl}(S_i S_i)) + c)$:
#
# **(a)** $|G_{ij} - \hat D_{ij}| \le \sigma_i$ for every $j$, if no value overflows.
#
# **(b)** Let $g_i$ be the $m$-th smallest of $G_{ij}$ over $j \ne i$. Every $j \ne i$ whose
# $\hat D_{ij}$ is at most the $m$-th smallest $\hat D_{i\cdot}$ satisfies
# $G_{ij} \le \mathrm{fl}(g_i + 2\sigma_i)^{+}$ (one step up). So ranking the rows selected
# by that cut by $(\hat D_{ij}, j)$ and keeping the first $m$ gives the brute-force list.
#
# ## Proof
#
# Standard model with underflow (Lemma 8's): $\mathrm{fl}(a \pm b) = (a \pm b)(1 + \delta)$,
# $\mathrm{fl}(ab) = ab(1+\delta) + \epsilon$, $|\delta| \le u$, $|\epsilon| \le \eta/2$.
# Fix $i, j$, write $x = x_i$, $y = x_j$, $x', y'$ the centred rows,
# $s = \lVert x'\rVert + \lVert y'\rVert$, $D = \lVert x - y\rVert^2$ and
# $D' = \lVert x' - y'\rVert^2$ exactly.
#
# 1. *Products.* Lemma 8(a) on $x', y'$: $|G - D'| \le 2\gamma_{d+2}(\lVert x'\rVert^2 +
#    \lVert y'\rVert^2) + 5d\eta \le 2\gamma_{d+2}s^2 + 5d\eta$.
#    (The code multiplies $x'$ by $-2y'$, which is exact: each product is then
#    $-2x'_ky'_k(1+\delta) + \epsilon$, an evaluation in Lemma 8(a)'s model.)
# 2. *Centring.* $x'_k = (x_k - c_k)(1 + \delta_k)$ (a subtraction), so
#    $|x_k - c_k| \le |x'_k|/(1-u)$ and $(x'_k - y'_k) - (x_k - y_k) = \delta_k(x_k - c_k) -
#    \delta'_k(y_k - c_k)$; by the triangle inequality
#    $\bigl|\lVert x' - y'\rVert - \lVert x - y\rVert\bigr| \le u's =: \delta$, hence
#    $|D - D'| \le \delta(2\lVert x'-y'\rVert + \delta) \le u'(2 + u')s^2$.
# 3. *Direct distance.* Lemma 8(b): $|\hat D - D| \le \gamma_{d+2}D + d\eta$, and
#    $D \le (\lVert x'-y'\rVert + \delta)^2 \le (1 + u')^2 s^2$.
#
#    Adding 1–3: $|G - \hat D| \le K_0 s^2 + 6d\eta$.
# 4. *From $s$ to $S_i$.* The $d$ products of $q_i$ lose at most $d\eta/2$ and the sum a
#    factor $1 - \gamma_d$: $\lVert x'\rVert^2 \le (q_i + d\eta/2)/(1 - \gamma_d)$, so
#    $\lVert x'\rVert \le \sqrt{q_i}/\sqrt{1-\gamma_d} + t$ with $t^2 = d\eta/(2(1-\gamma_d))$;
#    $\sqrt{q_i} \le N_i/(1-u)$; and $N_i + N_j \le N_i + B \le S_i/(1-u)$. So
#    $s \le \beta S_i + 2t$, $\beta^2 = 1/((1-u)^4(1-\gamma_d))$, and by
#    $2ab \le u a^2 + b^2/u$: $s^2 \le (1 + u)\beta^2 S_i^2 + 4t^2(1 + 1/u)$.
#    Hence $|G - \hat D| \le K_1 S_i^2 + c_1$ with $K_1 = K_0(1+u)\beta^2$ and
#    $c_1 = 6d\eta + K_0\,4t^2(1 + 1/u)$.
# 5. *Evaluating $\sigma_i$.* $\mathrm{fl}(S_i S_i) \ge S_i^2(1-u) - \eta/2$, then
#    $\mathrm{fl}(K v) \ge Kv(1-u) - \eta/2$ and ($K < 1$) the sum with $c$ loses a factor
#    $1 - u$: $\sigma_i \ge (K S_i^2 (1-u)^2 - \eta + c)(1 - u) \ge K_1 S_i^2 + c_1$, because
#    $K(1-u)^3 \ge K_1$ and $(c - \eta)(1 - u) \ge c_1$ by the definitions. This is (a).
# 6. *Selection.* Let $e = \max_j |G_{ij} - \hat D_{ij}| \le \sigma_i$. The $m$ rows with the
#    smallest $G$ have $\hat D \le g_i + e$, so the $m$-th smallest $\hat D$ is at most
#    $g_i + e$; a row $j$ with $\hat D_{ij}$ at most that has $G_{ij} \le \hat D_{ij} + e \le
#    g_i + 2\sigma_i$. Doubling is exact, and one step up from the rounded sum is at least the
#    exact sum (round to nearest is within half a step). This is (b). ∎
#
# **(c)** *Many rows: a bound first, then square tiles.* Let $\beta_i$ be the largest
# $\hat D_{ij}$ over any $m$ distinct rows $j \ne i$ (the code takes them among every
# eighth row). Then $\beta_i$ is at least the $m$-th smallest $\hat D_{i\cdot}$, and every
# $j$ with $\hat D_{ij} \le \beta_i$ has $G_{ij} \le \mathrm{fl}(\beta_i + \sigma_i)^{+}$ by (a)
# and the rounding argument of step 6. So at least $m$ rows pass that cut, hence the $m$
# rows of smallest $G$ (and every row tying the $m$-th) pass it, and $g_i$ taken among the
# rows that pass equals $g_i$ taken over all rows: (b)'s cut applied to them selects the same
# rows as (b) applied to all, and the lists are the same. ∎
#
# The tests below check the constants against the formulas exactly, (a) with exact rational
# differences on adversarial rows (offsets up to $10^{12}$, subnormal spreads, $d = 1$,
# duplicates, lattices), and (b) as list equality with a full brute-force sort.

# %%
from fractions import Fraction

import numpy as np

from refimpl.fpformat import BINARY64, gamma
from refimpl.knn_products import direct_sqdist, nearest_by_products, products_apply, selection_coefficients

u, eta = BINARY64.u, BINARY64.eta
for d in (1, 2, 5, 20, 100, 1000):
    K, c = selection_coefficients(d)
    g, gd, up = gamma(d + 2), gamma(d), u / (1 - u)
    k0 = 2 * g + up * (2 + up) + g * (1 + up) ** 2
    K1 = k0 * (1 + u) / ((1 - u) ** 4 * (1 - gd))
    c1 = 6 * d * eta + k0 * 4 * (d * eta / (2 * (1 - gd))) * (1 + 1 / u)
    # the two inequalities step 5 uses, exactly
    assert Fraction(K) * (1 - u) ** 3 >= K1
    assert (Fraction(c) - eta) * (1 - u) >= c1
    assert Fraction(K) < 1
print("constants: K(1-u)^3 >= K1 and (c - eta)(1 - u) >= c1 for d in 1..1000")


# %%
def bound_check(X: np.ndarray) -> int:
    """(a) on every pair of X's rows, computed as nearest_by_products computes it; returns the pairs checked."""
    n, d = X.shape
    K, c = selection_coefficients(d)
    Y = X - X.mean(axis=0)
    sq = np.einsum("ij,ij->i", Y, Y)
    N = np.sqrt(sq)
    G = Y @ Y.T
    G *= -2.0
    G += sq[:, None]
    G += sq[None, :]
    S = N + N.max()
    sigma = K * (S * S) + c
    for i in range(n):
        Dh = direct_sqdist(X, X[i])
        s_i = Fraction(float(sigma[i]))
        for j in range(n):
            assert abs(Fraction(float(G[i, j])) - Fraction(float(Dh[j]))) <= s_i, (i, j)
    return n * n


rng = np.random.default_rng(14)
pairs = 0
cases = []
for off in (0.0, 1e8, 1e10, 1e12, -3e11):
    for d in (1, 3, 20):
        cases.append(off + rng.normal(size=(30, d)))
cases.append(rng.normal(size=(30, 4)) * 1e-310)  # subnormal rows
cases.append(1e12 + rng.normal(size=(30, 2)) * 1e-4)  # spread far below the offset's ulp scale
lat = rng.integers(0, 3, size=(30, 5)).astype(float)  # a lattice: many exact ties
cases.append(lat)
dup = rng.normal(size=(15, 6))
cases.append(np.vstack([dup, dup]))  # every row twice
for X in cases:
    assert products_apply(X)
    pairs += bound_check(X)
print(f"(a) holds exactly on {pairs} pairs of {len(cases)} adversarial sets")


# %%
def brute(X: np.ndarray, m: int) -> np.ndarray:
    """The reference: every row ranked by (direct float distance, id), self excluded."""
    out = []
    for i in range(len(X)):
        Dh = direct_sqdist(X, X[i])
        order = [j for j in np.lexsort((np.arange(len(X)), Dh)).tolist() if j != i]
        out.append(order[:m])
    return np.asarray(out)


for X in cases:
    for m in (1, 4, len(X) - 1):
        got = nearest_by_products(X, np.arange(len(X)), m)
        assert (got == brute(X, m)).all()
print("(b) lists equal a full brute-force sort by (direct distance, id) on every set, m = 1, 4, n - 1")

# %%
import refimpl.knn_products as kp

# (c): force the tiled path (a bound from every third row, 7-row tiles) at these sizes
saved = kp.TALL_BLOCK, kp.SAMPLE_EVERY, kp.TILE_SIDE
kp.TALL_BLOCK, kp.SAMPLE_EVERY, kp.TILE_SIDE = 1 << 40, 3, 7
try:
    for X in cases:
        for m in (1, 4, len(X) // 3 - 1):
            assert (nearest_by_products(X, np.arange(len(X)), m) == brute(X, m)).all()
finally:
    kp.TALL_BLOCK, kp.SAMPLE_EVERY, kp.TILE_SIDE = saved
print("(c) the tiled lists equal the brute-force sort on every set, m = 1, 4, n/3 - 1")
