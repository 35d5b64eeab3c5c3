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
# # Lemma 4: the sensitivity of SMOTE-DP, done right
#
# Differential privacy (DP) calibrates noise to a *worst-case* quantity: how much one
# person's record can move the thing that is released. SMOTE-DP runs SMOTE first and a DP
# mechanism on SMOTE's output afterwards. Its premise, as we can read it, is that SMOTE's
# output is "contracting" and therefore less sensitive. This notebook derives the
# worst-case sensitivity of SMOTE output from first principles, shows where the contraction
# intuition holds (on average, for exchangeable pairs) and where it fails (an exact
# counterexample, and a hub that moves the expected mean 20× more than the raw mean), and
# states the privacy accounting that is actually sound.
#
# ## What SMOTE-DP claims
#
# We could not read the SMOTE-DP paper (arXiv 2506.01907) or its theorem. The
# text we have is a secondary summary of its abstract, which says that the method
# "leverages SMOTE's ability to generate contracting data patterns, which reduces the
# sensitivity of the data and allows for higher privacy budgets in differential privacy
# mechanisms without significant utility loss", and that the synthetic data "exhibits
# smaller covariances than the original data, effectively reducing the sensitivity of the
# dataset". We therefore do not assess the paper's own theorem, whose assumptions we do not
# know; we assess the claim as stated, and keep the derivation self-contained.

# %%
import itertools
import math
import time
from fractions import Fraction

import numpy as np
import sympy as sp

from refimpl import SMOTE
from refimpl.dp import (
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
from refimpl.exact import exact_knn, interpolate

T_START = time.perf_counter()
RNG = np.random.default_rng(20260404)

# %% [markdown]
# ## Setting
#
# * **Domain.** The minority records lie in a public box $B = \prod_j [lo_j, hi_j]$ with side
#   lengths $w_j$; $D_2 = \|w\|_2$ and $D_1 = \|w\|_1$ are its diameters. Every SMOTE point
#   is a convex combination of two records, so it lies in $B$ too, and any two points of $B$
#   are at most $D_2$ apart in L2 and $D_1$ in L1.
# * **Neighbouring datasets.** *Replace-one*: $X, X' \in B^n$ differ in one record.
#   *Add/remove-one*: $X' = X \cup \{x^*\}$ or the reverse.
# * **SMOTE as a function of data and draws.** With draws $\omega = (b_r, c_r, \lambda_r)_{r \le m}$
#   (base, neighbour column, step) that do not depend on the data, SMOTE outputs
#   $s_r = x_{b_r} + \lambda_r (x_{\nu_r} - x_{b_r})$, where $\nu_r$ is the $c_r$-th of the $k$ nearest
#   neighbours of $x_{b_r}$. Round-robin SMOTE (Chawla et al.) uses every record as base
#   exactly $r$ times, $m = rn$; imbalanced-learn draws the bases uniformly, so the largest
#   number of rows sharing a base, the *load* $r$, is random.
# * **Sensitivity of a randomised map.** If for every neighbouring pair there is a
#   measure-preserving bijection $\pi$ of the draws with
#   $\|f(X, \omega) - f(X', \pi\omega)\| \le \Delta$ for all $\omega$, then any mechanism that is
#   $\varepsilon$-DP for sensitivity $\Delta$, applied to $f(X, \omega)$, is $\varepsilon$-DP: for each
#   event $E$, $P[M(f(X,\omega)) \in E] = \mathbb{E}_\omega P[\cdot] \le e^\varepsilon\, \mathbb{E}_\omega P[M(f(X', \pi\omega)) \in E]$,
#   and $\pi\omega$ has the same law as $\omega$. We call such a $\pi$ a *coupling*.
#
# The **fan-out** $C$ of a coupling is the number of synthetic rows that differ between
# $f(X, \omega)$ and $f(X', \pi\omega)$, maximised over $\omega$ and neighbouring pairs.
#
# ## Statement (Lemma 4)
#
# Let $\gamma_d$ be the least number of cones of half-angle $\pi/6$ with apex 0 that cover
# $\mathbb{R}^d$. Then $\gamma_1 = 2$, $\gamma_2 = 6$ and
# $\gamma_d \le (1+\sqrt2+\sqrt6)^d - (\sqrt2+\sqrt6-1)^d$.
#
# 1. **(Stone's lemma.)** If the distances from $x$ to the other records are distinct and
#    nonzero, $x$ is among the $k$ nearest neighbours of at most $k\gamma_d$ records.
# 2. **(Fan-out.)** With load $r$, replacing one record changes at most
#    $C = \min\bigl(m,\; r(1 + 2k\gamma_d)\bigr)$ synthetic rows; the rows that contain a given
#    record as base or neighbour number at most $r(1 + k\gamma_d)$. In add/remove-one with
#    round-robin SMOTE, $r$ rows are added and at most $rk\gamma_d$ change: $r(1 + 2k\gamma_d)$ synthetic
#    add/remove steps again (a change is one removal and one addition). Without general
#    position (ties, duplicates), $k\gamma_d$ must be replaced by $n - 1$.
# 3. **(Sensitivities, replace-one.)** With $c = \min(C, m)$:
#    $$\Delta_2(S) \le \sqrt{c}\,D_2,\quad \Delta_1(S) \le c\,D_1,\qquad
#      \Delta_p(\bar s) \le \frac{c}{m} D_p,$$
#    $$\Delta_F(\mathrm{Cov}_S) \le \min\Bigl(\frac{c(2m-c-1)}{\sqrt2\, m^2} D_2^2,\ \frac{\sqrt2}{4} D_2^2\Bigr),\quad
#      \Delta_1(\mathrm{Cov}_S) \le \min\Bigl(\frac{c(2m-c-1)}{2m^2}(2D_1^2 - D_2^2),\ \frac{D_1^2}{2}\Bigr).$$
#    The raw data's are the case $C = 1$, $m = n$; in particular $\Delta_2(\bar x) = D_2/n$.
# 4. **(Accounting.)** A mechanism that is $(\varepsilon, \delta)$-DP with respect to one synthetic
#    record is, with respect to one real record, $(C\varepsilon,\ C e^{(C-1)\varepsilon}\delta)$-DP.
# 5. **(Contraction holds on average only.)** If the pair (base, neighbour) is exchangeable and
#    $\lambda$ is independent of it, $\mathrm{Cov}_S = \Sigma - \mathbb{E}[\lambda(1-\lambda)]\,G = \Sigma - G/6$ for
#    $\lambda \sim U(0,1)$, where $G = \mathbb{E}[(x_a - x_b)(x_a - x_b)^\top]$. Without exchangeability
#    $\operatorname{tr}\mathrm{Cov}_S$ can exceed $\operatorname{tr}\Sigma$; and the worst case grows: one hub record
#    can move even the *expected* synthetic mean $(2d+1)/2$ times as far as the raw mean.

# %% [markdown]
# ## 1. Stone's lemma
#
# **The cone inequality.** Let $y, z$ lie in one cone with apex $x$, so the angle $\varphi$
# between $y - x$ and $z - x$ is at most $\pi/3$, and let $0 < a = \|y - x\| < b = \|z - x\|$.
# Then $\|y - z\|^2 = a^2 + b^2 - 2ab\cos\varphi \le a^2 + b^2 - ab = b^2 - a(b - a) < b^2$:
# $y$ is strictly closer to $z$ than $x$ is.
#
# **The lemma.** Cover $\mathbb{R}^d$ by $\gamma_d$ cones with apex $x$ and assign each other record to
# one cone containing it. Order the records of one cone by their (distinct) distance to $x$. Each one
# after the $k$-th has $k$ records strictly closer to it than $x$, so $x$ is not among its $k$
# nearest neighbours. At most $k$ per cone, $\gamma_d$ cones: at most $k\gamma_d$. $\square$

# %%
a, b, phi = sp.symbols("a b varphi", positive=True)
sq = a**2 + b**2 - 2 * a * b * sp.cos(phi)
at_limit = sq.subs(sp.cos(phi), sp.Rational(1, 2))
assert sp.expand(b**2 - at_limit - a * (b - a)) == 0  # b² − (a² + b² − ab) = a(b − a) > 0 for a < b
# ‖y − z‖² grows with φ on [0, π] (derivative 2ab·sin φ ≥ 0), so φ = π/3 is the worst case
assert sp.simplify(sp.diff(sq, phi) - 2 * a * b * sp.sin(phi)) == 0

# %% [markdown]
# **The constant.** In one dimension two rays cover the line: $\gamma_1 = 2$. In the plane a
# cone of half-angle $\pi/6$ is a $60°$ sector and six of them are needed and suffice:
# $\gamma_2 = 6$. In general take a maximal set of unit vectors with pairwise angles
# $> \pi/6$; by maximality every direction is within $\pi/6$ of one of them, so their cones
# cover. Their chords exceed $2\rho$ with $\rho = \sin(\pi/12)$, so the balls of radius $\rho$
# around them are disjoint and lie in the shell $1-\rho \le \|z\| \le 1+\rho$; comparing
# volumes, $N\rho^d \le (1+\rho)^d - (1-\rho)^d$. And $1/\sin(\pi/12) = \sqrt6 + \sqrt2$.

# %%
rho = sp.sin(sp.pi / 12)
assert sp.simplify(1 / rho - (sp.sqrt(6) + sp.sqrt(2))) == 0
dd = sp.Symbol("d", positive=True, integer=True)
packing = ((1 + rho) / rho) ** dd - ((1 - rho) / rho) ** dd
closed = (1 + sp.sqrt(2) + sp.sqrt(6)) ** dd - (sp.sqrt(2) + sp.sqrt(6) - 1) ** dd
for dim in range(1, 9):
    assert sp.simplify(packing.subs(dd, dim) - closed.subs(dd, dim)) == 0
    if dim >= 3:
        assert stone_constant(dim) == int(sp.floor(closed.subs(dd, dim)))
assert stone_constant(1) == 2 and stone_constant(2) == 6
assert sp.floor(closed.subs(dd, 1)) == 2  # the packing bound is exact in one dimension
print("γ_d ≤", {dim: stone_constant(dim) for dim in range(1, 9)})

# %% [markdown]
# **Machine check.** Each check below says what it would catch.
#
# * *Extremal, $d = 1$:* $x = 0$ with $k$ records on each side. A record on the right has
#   at most $k - 1$ records closer than $x$ (the other right records; every left record is
#   farther than $x$), so $x$ is among its $k$ nearest: the in-degree is exactly
#   $2k = k\gamma_1$. Catches any bound below $k\gamma_1$ in one dimension (say $\gamma_1 = 1$).
# * *The plane, $k = 1$:* a pentagon around a hub attains 5. Stone's 6 is **not** attained
#   with distinct distances: two records whose *strict* nearest neighbour is $x$ make an angle
#   $> \pi/3$ at $x$ (by the cone inequality), so at most 5 fit. Catches a bound below 5.
# * *$d = 3$, $k = 1$:* twelve perturbed icosahedron vertices around a hub attain 12. The
#   bound $\gamma_3 \le 91$ is far above anything we can build, and a random check with
#   $n = 25$ would be vacuous ($91k > n - 1$); this one catches a bound below 12.
# * *Random sets in $d \le 2$*, where $k\gamma_d < n - 1$: catches an in-degree above the
#   bound on typical data (e.g. a k-NN with a wrong tie-break).
# * *Ties* break the lemma: with $n$ copies of one point and ties broken by index, the first
#   copy is the nearest neighbour of all the others.

# %%
def sub(u, v):
    return [p - q for p, q in zip(u, v)]


def l2sq(vec):
    return sum(t * t for t in vec)


def l1(vec):
    return sum(abs(t) for t in vec)


def R(q):
    """A Fraction as a sympy Rational, exactly."""
    return sp.Rational(q.numerator, q.denominator)


def in_degrees(points, k):
    nbrs = exact_knn(points, k)
    deg = [0] * len(points)
    for lst in nbrs:
        for j in lst:
            deg[j] += 1
    return deg, nbrs


def general_position(points, i):
    """Distances from point i to the others are distinct and nonzero (exact)."""
    d2 = [sum((p - q) ** 2 for p, q in zip(points[i], other)) for j, other in enumerate(points) if j != i]
    return 0 not in d2 and len(set(d2)) == len(d2)


def random_points(n, d, scale=2**16):
    return [tuple(Fraction(int(v), scale) for v in RNG.integers(0, scale, d)) for _ in range(n)]


for k in range(1, 5):  # extremal, d = 1: in-degree exactly 2k
    line = [(Fraction(0),)] + [(1 + j + Fraction(1, 2 ** (j + 1)),) for j in range(k)]
    line += [(-(1 + j + Fraction(1, 3 ** (j + 1))),) for j in range(k)]
    assert all(general_position(line, i) for i in range(len(line)))
    deg1, _ = in_degrees(line, k)
    assert deg1[0] == 2 * k == in_degree_bound(k, 1), (k, deg1[0])
print("d = 1: in-degree exactly 2k = kγ_1 attained for k = 1..4")

worst_seen = {}
for dim, k in [(1, 1), (1, 3), (2, 1), (2, 2)]:
    for _ in range(40):
        pts = random_points(25, dim)
        deg, _ = in_degrees(pts, k)
        for i in range(len(pts)):
            if general_position(pts, i):
                assert deg[i] <= in_degree_bound(k, dim) == k * stone_constant(dim)
                worst_seen[(dim, k)] = max(worst_seen.get((dim, k), 0), deg[i])
print("largest in-degree seen (d, k) -> value:", worst_seen)

pentagon = [(Fraction(0), Fraction(0))] + [
    (Fraction(round(1000 * math.cos(2 * math.pi * t / 5))), Fraction(round(1000 * math.sin(2 * math.pi * t / 5)))) for t in range(5)
]
pentagon = [(p[0] / 1000, p[1] / 1000) for p in pentagon]
deg, _ = in_degrees(pentagon, 1)
for vtx in range(1, 6):  # every vertex is strictly closer to the hub than to anything else
    d_hub = l2sq(sub(pentagon[vtx], pentagon[0]))
    assert all(l2sq(sub(pentagon[vtx], pentagon[o])) > d_hub for o in range(1, 6) if o != vtx)
assert deg[0] == 5 <= in_degree_bound(1, 2)
phi = Fraction(1618034, 1000000)  # a rational golden ratio: the vertices stay > 1.97 apart
ico = [(Fraction(0),) * 3]
for t, (u, v) in enumerate(itertools.product((1, -1), (phi, -phi))):
    for cyc in range(3):
        vert = [Fraction(0), Fraction(u), v]
        vert = vert[cyc:] + vert[:cyc]
        ico.append(tuple(c * (1 + Fraction(3 * t + cyc, 1000)) for c in vert))  # distinct radii
assert len(ico) == 13 and general_position(ico, 0)
deg3, nb3 = in_degrees(ico, 1)
assert all(nb3[v] == [0] for v in range(1, 13))  # every vertex's nearest neighbour is the hub
assert deg3[0] == 12 <= in_degree_bound(1, 3)
copies = [(Fraction(1), Fraction(1))] * 9
deg, _ = in_degrees(copies, 1)
assert deg[0] == 8 > in_degree_bound(1, 2)  # ties: in-degree n − 1, the lemma's hypothesis fails
assert in_degree_bound(1, 2, n=9, general_position=False) == 8
print("pentagon hub in-degree 5 (bound 6, not attainable); icosahedron hub 12 (bound 91); "
      "9 duplicates: in-degree 8 (no dimension-only bound)")

# %% [markdown]
# The pentagon's hub has (nearly) equal distances to its vertices, so the lemma's hypothesis
# is borderline there; the count is nonetheless 5, below 6, because every vertex's nearest
# neighbour is the hub *strictly* (checked above). With exact duplicates the count is
# unbounded in the dimension: 8 for nine copies of one point in the plane.
#
# ## 2. The fan-out of one record
#
# Replace record $i$ by $x_i'$. Couple the draws by the identity (same bases, columns and
# steps). A row with base $j \ne i$ can change only if the neighbour list of $j$ changes. The
# pool of candidates for $j$ differs only in record $i$, and distances to the others are
# unchanged, so the list changes only if $i \in N_k(j)$ in $X$ or $i \in N_k(j)$ in $X'$. By Stone's
# lemma there are at most $k\gamma_d$ such $j$ of each kind. Each has at most $r$ rows, and the
# $r$ rows with base $i$ may all change:
# $$C \le r + r\,k\gamma_d + r\,k\gamma_d = r(1 + 2k\gamma_d).$$
# The rows *containing* record $i$ (as base or as neighbour) are at most $r(1 + k\gamma_d)$: this
# is what `realised_fanout` counts on a run's provenance. For add-one with round-robin
# SMOTE, the $r$ rows of $x^*$ are new, and only lists that $x^*$ enters change. $\square$
#
# **Machine check.** Exact SMOTE (Fractions, exact k-NN, round-robin bases with $r$
# copies, random columns, dyadic steps) before and after replacing a record, and after
# adding one. We count changed rows and compare with `fanout_bound`.
#
# * *Extremal:* in one dimension with $k = 1$, a record with in-degree 2 moves to a place
#   where it gets in-degree 2 again, so $r(1 + 2k\gamma_1) = 5r$ rows change: exactly the bound,
#   below $m$. Catches a bound that forgets the records whose lists the *new* value enters
#   (the direct count $r(1 + k\gamma_d) = 3r$ would be exceeded).
# * *Random replacements:* the changed rows are at most $r(1 + |A|)$, with $A$ the records
#   whose list contains the old or the new value. Catches a miscount of which rows change.
#   (They are far from the worst case, so they do not test the sensitivities of part 3: the
#   extremal cases of part 3 do.)

# %%
def exact_smote(points, k, bases, cols, lams):
    nbrs = exact_knn(points, k)
    return [interpolate(points[bb], points[nbrs[bb][cc]], ll) for bb, cc, ll in zip(bases, cols, lams)], nbrs


def mean_of(rows):
    m = len(rows)
    return [sum(r[j] for r in rows) / m for j in range(len(rows[0]))]


def cov_of(rows):
    """Population covariance (1/m), exact."""
    mu = mean_of(rows)
    m, dim = len(rows), len(rows[0])
    return [[sum((r[p] - mu[p]) * (r[q] - mu[q]) for r in rows) / m for q in range(dim)] for p in range(dim)]


def flat(matrix):
    return [t for row in matrix for t in row]


def replace_trial(n_real, dim, k, r):
    """One replace-one trial; None if the replaced record is not in general position."""
    X = random_points(n_real, dim)
    i = int(RNG.integers(n_real))
    Xp = list(X)
    Xp[i] = random_points(1, dim)[0]
    if not (general_position(X, i) and general_position(Xp, i)):
        return None
    m = r * n_real
    bases = [b_ for b_ in range(n_real) for _ in range(r)]
    cols = [int(c) for c in RNG.integers(0, k, m)]
    lams = [Fraction(int(v), 2**53) for v in RNG.integers(0, 2**53, m)]
    S, nb = exact_smote(X, k, bases, cols, lams)
    Sp, nbp = exact_smote(Xp, k, bases, cols, lams)
    A = {j for j in range(n_real) if j != i and (i in nb[j] or i in nbp[j])}
    return S, Sp, A, i


def sensitivity_checks(S, Sp, C, D2, D1):
    """(observed, bound) pairs of part 3 for the given fan-out C, exact."""
    m = len(S)
    dS = [t for u, v in zip(S, Sp) for t in sub(u, v)]
    dmu = sub(mean_of(S), mean_of(Sp))
    dcov = sub(flat(cov_of(S)), flat(cov_of(Sp)))
    return {
        "records L2²": (R(l2sq(dS)), records_sensitivity(C, D2) ** 2),
        "records L1": (R(l1(dS)), records_sensitivity(C, D1, norm=1)),
        "mean L2²": (R(l2sq(dmu)), mean_sensitivity(m, C, D2) ** 2),
        "mean L1": (R(l1(dmu)), mean_sensitivity(m, C, D1)),
        "cov F²": (R(l2sq(dcov)), covariance_sensitivity(m, C, D2) ** 2),
        "cov L1": (R(l1(dcov)), covariance_sensitivity(m, C, D2, D1, norm=1)),
    }


# extremal: 0 has in-degree 2 (1 and −11/10 point at it); its new value 10 gets 9 and 56/5
X5 = [(Fraction(v),) for v in (0, 1, Fraction(-11, 10), 9, Fraction(56, 5), 30, Fraction(333, 10), Fraction(377, 10))]
X5p = [(Fraction(10),)] + X5[1:]
assert general_position(X5, 0) and general_position(X5p, 0)
r5, n5 = 2, len(X5)
bases5 = [b_ for b_ in range(n5) for _ in range(r5)]
lams5 = [Fraction(int(v), 2**53) for v in RNG.integers(1, 2**53, r5 * n5)]  # λ > 0: a new neighbour moves the row
S5, nb5 = exact_smote(X5, 1, bases5, [0] * len(bases5), lams5)
S5p, nb5p = exact_smote(X5p, 1, bases5, [0] * len(bases5), lams5)
changed5 = sum(1 for u, v in zip(S5, S5p) if u != v)
assert changed5 == fanout_bound(1, 1, r5, m=r5 * n5) == r5 * (1 + 2 * 1 * 2) < r5 * n5
assert changed5 > fanout_bound(1, 1, r5, kind="direct")  # the direct count is not enough on replacement
print(f"extremal replacement, d = 1, k = 1, r = {r5}: {changed5} rows change = r(1 + 2kγ_1), m = {r5 * n5}")

t0 = time.perf_counter()
for n_real, dim, k, r in [(12, 1, 1, 2), (20, 2, 1, 2)]:
    m = r * n_real
    C = fanout_bound(k, dim, r, m=m)
    assert C < m  # the bound is informative here
    trials = worst_changed = 0
    while trials < 60:
        out = replace_trial(n_real, dim, k, r)
        if out is None:
            continue
        S, Sp, A, i = out
        changed = sum(1 for u, v in zip(S, Sp) if u != v)
        assert changed <= r * (1 + len(A)) <= C
        worst_changed = max(worst_changed, changed)
        trials += 1
    print(f"d={dim}, k={k}, r={r}, n={n_real}, m={m}: {trials} replacements changed at most {worst_changed} rows "
          f"(bound C = {C})")
print(f"[{time.perf_counter() - t0:.1f} s]")

# add-one with round-robin SMOTE: r rows added, rows of records whose lists x* enters change
n_real, dim, k, r = 12, 2, 2, 2
for _ in range(60):
    X = random_points(n_real, dim)
    Xa = X + random_points(1, dim)
    if not general_position(Xa, n_real):
        continue
    cols = [int(c) for c in RNG.integers(0, k, r * (n_real + 1))]
    lams = [Fraction(int(v), 2**53) for v in RNG.integers(0, 2**53, r * (n_real + 1))]
    bases = [b_ for b_ in range(n_real) for _ in range(r)]
    S, _ = exact_smote(X, k, bases, cols[: r * n_real], lams[: r * n_real])
    Sa, nba = exact_smote(Xa, k, bases + [n_real] * r, cols, lams)
    changed = sum(1 for u, v in zip(S, Sa[: r * n_real]) if u != v)
    entered = sum(1 for j in range(n_real) if n_real in nba[j])
    assert changed <= r * entered <= r * in_degree_bound(k, dim)
print("add-one: at most r·k·γ_d existing rows change, r rows are added")

# %% [markdown]
# ### The fan-out of a real run
#
# `realised_fanout(provenance, n_real)` counts, for every real record, the synthetic rows
# that contain it as base or neighbour. On imbalanced-learn-identical SMOTE output it never
# exceeds $r_{\max}(1 + \text{in-degree})$, with $r_{\max}$ the realised largest load. With
# uniform base draws, the load is random; $P[\text{load} > r]$ is bounded exactly by
# `base_load_tail`, and an adversary who conditions on nothing faces the worst case $r = m$
# (all rows with one base), i.e. $C = m$ and a mean sensitivity of the full $D$.

# %%
rng = np.random.default_rng(1)
Xmin = rng.uniform(0, 1, size=(40, 3))
Xall = np.vstack([Xmin, rng.uniform(0, 1, size=(400, 3))])
yall = np.array([1] * 40 + [0] * 400)
sm = SMOTE(k_neighbors=5, random_state=0)
sm.fit_resample(Xall, yall)
prov = sm.provenance_
fan = realised_fanout(prov, len(Xall))
load = np.bincount(prov.base, minlength=len(Xall))
members, table = sm.neighbours_[1]
indeg = np.bincount(members[table.ravel()], minlength=len(Xall))
r_max = int(load.max())
assert np.all(fan <= r_max * (1 + indeg))
assert np.all(fan[40:] == 0)
m_run = len(prov)
print(f"imbalanced-learn-style run: m = {m_run}, largest load r = {r_max}, largest in-degree {indeg.max()}, "
      f"largest realised fan-out {fan.max()}  (bound r(1+kγ_3) = {fanout_bound(5, 3, r_max, kind='direct')})")
tail = base_load_tail(m_run, 40, r_max)
print(f"P[some load > {r_max}] ≤ {float(tail):.3g}; P[some load > {2 * r_max}] ≤ {float(base_load_tail(m_run, 40, 2 * r_max)):.3g}")
assert 0 <= tail <= 1 and base_load_tail(m_run, 40, m_run) == 0

# %% [markdown]
# ## 3. The sensitivities, derived symbolically
#
# *Records.* At most $c$ rows change, each between two points of $B$:
# $\|S - S'\|_F^2 \le c D_2^2$ and $\|S - S'\|_1 \le c D_1$.
#
# *Mean.* $\bar s - \bar s' = \frac1m \sum_r (s_r - s_r')$ has at most $c$ nonzero terms, each of norm
# at most $D_p$.
#
# *Covariance.* The population covariance is a sum over ordered pairs,
# $\mathrm{Cov}_S = \frac{1}{2m^2}\sum_{a,b}(s_a - s_b)(s_a - s_b)^\top$ (sympy checks it below). Changing $c$
# rows touches $m(m-1) - (m-c)(m-c-1) = c(2m - c - 1)$ ordered pairs. For one pair,
# $\|vv^\top - ww^\top\|_F^2 = \|v\|^4 + \|w\|^4 - 2(v\cdot w)^2 \le 2D_2^4$, and entrywise
# $|v_pv_q - w_pw_q| \le 2w_pw_q$ off the diagonal and $\le w_p^2$ on it, so
# $\|vv^\top - ww^\top\|_1 \le 2D_1^2 - D_2^2$. Independently of $c$, both covariances are positive
# semidefinite with trace at most $D_2^2/4$ (Popoviciu: a variable in an interval of width $w$
# has variance at most $w^2/4$), so $\|P - Q\|_F^2 \le \|P\|_F^2 + \|Q\|_F^2 \le 2(D_2^2/4)^2$; and
# $\sum_{pq}|\mathrm{Cov}_{pq}| \le (\sum_p \sigma_p)^2 \le D_1^2/4$. $\square$

# %%
mm, CC, D, Dl1 = sp.symbols("m C D D_1", positive=True)
c_ = sp.Min(CC, mm)
# the pair identity, for m = 3 rows in 2-D with symbolic coordinates
rows3 = [sp.Matrix(sp.symbols(f"s{i}_0 s{i}_1", real=True)) for i in range(3)]
mu3 = sum(rows3, sp.zeros(2, 1)) / 3
cov3 = sum(((s - mu3) * (s - mu3).T for s in rows3), sp.zeros(2, 2)) / 3
pairs3 = sum(((sa - sb) * (sa - sb).T for sa in rows3 for sb in rows3), sp.zeros(2, 2)) / (2 * 3**2)
assert sp.simplify(cov3 - pairs3) == sp.zeros(2, 2)
# the count of touched pairs
assert sp.expand(mm * (mm - 1) - (mm - CC) * (mm - CC - 1) - CC * (2 * mm - CC - 1)) == 0
# the rank-one Frobenius identity, in 3-D
v = sp.Matrix(sp.symbols("v0:3", real=True))
w = sp.Matrix(sp.symbols("w0:3", real=True))
M = v * v.T - w * w.T
assert sp.expand(sum(t**2 for t in M) - ((v.T * v)[0] ** 2 + (w.T * w)[0] ** 2 - 2 * (v.T * w)[0] ** 2)) == 0

derived = {
    "records L2": sp.sqrt(CC) * D,
    "records L1": CC * D,
    "mean": c_ * D / mm,
    "cov F": sp.Min(c_ * (2 * mm - c_ - 1) * D**2 / (sp.sqrt(2) * mm**2), sp.sqrt(2) * D**2 / 4),
    "cov L1": sp.Min(c_ * (2 * mm - c_ - 1) * (2 * Dl1**2 - D**2) / (2 * mm**2), Dl1**2 / 2),
}
library = {
    "records L2": records_sensitivity(CC, D),
    "records L1": records_sensitivity(CC, D, norm=1),
    "mean": mean_sensitivity(mm, CC, D),
    "cov F": covariance_sensitivity(mm, CC, D),
    "cov L1": covariance_sensitivity(mm, CC, D, Dl1, norm=1),
}
for key in derived:
    assert sp.simplify(library[key] - derived[key]) == 0, key
    print(f"{key:>10}: {library[key]}")

# extremal pairs: c rows moved corner to corner in the unit box, the other m − c rows at the
# first corner. Records and mean attain their bounds exactly, and so does the covariance's
# entrywise L1 bound in d = 1 with c = 1, so a bound too small (or too large) by any factor fails.
for dim, m_x, c_x in [(1, 6, 1), (2, 8, 3), (3, 5, 5)]:
    lo_c, hi_c = (Fraction(0),) * dim, (Fraction(1),) * dim
    Sx = [lo_c] * m_x
    Sy = [hi_c] * c_x + [lo_c] * (m_x - c_x)
    D2x, D1x = diameters([0] * dim, [1] * dim)
    checks = sensitivity_checks(Sx, Sy, c_x, D2x, D1x)
    for name in ("records L2²", "records L1", "mean L2²", "mean L1"):
        value, bound = checks[name]
        assert sp.simplify(value - bound) == 0, (name, value, bound)
    if dim == 1 and c_x == 1:
        value, bound = checks["cov L1"]
        assert sp.simplify(value - bound) == 0, ("cov L1", value, bound)
print("extremal pairs: records and mean sensitivities attained exactly; cov L1 attained in d = 1, c = 1")

# %% [markdown]
# With the fan-out of part 2 and round-robin SMOTE ($m = rn$, $C = r(1 + 2k\gamma_d)$):

# %%
nn_, rr, kk, gg = sp.symbols("n r k gamma_d", positive=True)
C_sym = rr * (1 + 2 * kk * gg)
mean_ratio = sp.simplify((C_sym * D / (rr * nn_)) / (D / nn_))
print("synthetic mean / raw mean sensitivity BOUND (general position):", mean_ratio)
for (kval, dval) in [(5, 2), (5, 3), (5, 10)]:
    cval = fanout_bound(kval, dval, 1)
    print(f"  k={kval}, d={dval}: C/r ≤ {cval} by this bound  (raw: 1)")

# %% [markdown]
# These are ratios of *upper bounds*: in the plane with $k = 5$ the synthetic mean can move
# *up to* 61 times as far per record as the raw mean, by this bound; we have not built an
# instance that attains it, and for $k = 1$ it is not attained (the planar in-degree is at most
# 5, not 6, with distinct distances). In ten dimensions the dimension-only bound is
# astronomically large, and with ties there is none below $C = m$ at all. What *is* attained
# is the hub of part 6 ($C = m$ in a real run).
#
# ## 4. The privacy accounting
#
# **Group privacy.** If $M$ is $(\varepsilon, \delta)$-DP for datasets differing in one synthetic
# record, then for datasets differing in $C$ records it is $(C\varepsilon, \delta\sum_{i<C} e^{i\varepsilon})$-DP
# (chain $C$ single steps: $P_0 \le e^\varepsilon P_1 + \delta \le e^{2\varepsilon}P_2 + e^\varepsilon\delta + \delta \le \cdots$), and
# $\sum_{i<C}e^{i\varepsilon} \le Ce^{(C-1)\varepsilon}$. Under the coupling of part 2, one real record is
# $C$ synthetic records, so **SMOTE-then-DP at level $\varepsilon$ per synthetic record is
# $(C\varepsilon,\ Ce^{(C-1)\varepsilon}\delta)$-DP per real record**. Equivalently, calibrate the noise to
# the real-record sensitivities of part 3 (which already contain $C$) to get $\varepsilon$ directly.
# With uniform base draws, add $\delta_{\text{load}}$ = `base_load_tail(m, n, r)` for the event that
# the load exceeds the $r$ used in $C$.
#
# This holds for pure-DP (Laplace) noise, where a per-row calibration under-counts ε by the
# factor $C$. For Gaussian noise the L2 sensitivity of $C$ changed rows is $\sqrt{C}\,D_2$, so a
# per-row calibration under-counts the sensitivity by $\sqrt C$: calibrated directly that is
# $C\rho$ in zCDP, while group privacy for $\rho$-zCDP gives the weaker $C^2\rho$. And none of
# this applies to a noise scale computed from the data (the "claimed" calibration): that is not
# a mechanism with a sensitivity, and no finite ε holds (docs/explanation/smote-dp.md).
#
# **Check.** Group privacy's $C\varepsilon$ is attained: discrete Laplace noise of scale $1/\varepsilon$ on $C$
# counts, each shifted by 1, has likelihood ratio exactly $e^{C\varepsilon}$ at the origin. Catches a
# group-privacy ε below $C\varepsilon$ (say $\sqrt C\varepsilon$).

# %%
eps, delta = sp.symbols("epsilon delta", positive=True)
yv = sp.Symbol("y", integer=True)
for Cg in range(1, 12):
    dens0 = sp.Mul(*[sp.exp(-sp.Abs(yv) * eps) for _ in range(Cg)])
    dens1 = sp.Mul(*[sp.exp(-sp.Abs(yv - 1) * eps) for _ in range(Cg)])
    ratio = sp.simplify((dens0 / dens1).subs(yv, 0))  # normalisers cancel: same scale
    assert sp.simplify(ratio - sp.exp(group_privacy(eps, delta, Cg)[0])) == 0, Cg
print("group privacy: Cε attained by discrete Laplace on C shifted counts (C = 1..11)")

# %% [markdown]
# **Two sound alternatives.**
#
# * *DP first, then SMOTE.* Release a DP synthetic minority (or DP statistics) and run SMOTE
#   on that. SMOTE is then post-processing of a DP output and costs no privacy at all.
# * *DP-SMOTE* (Rosenblatt et al. 2024, arXiv 2411.05733): build a noisy histogram on a grid,
#   then interpolate between points drawn from it. The noise is calibrated to the histogram,
#   whose sensitivity does not depend on neighbour graphs.
#
# ## 5. Where contraction holds: exchangeable pairs
#
# Let $(x_a, x_b)$ be the (base, neighbour) pair, exchangeable, each with mean $\mu$ and
# covariance $\Sigma$, and $\lambda$ independent of the pair. With $y = x - \mu$,
# $s - \mu = y_a + \lambda(y_b - y_a)$, and $\mathbb{E}[y_a(y_b - y_a)^\top] + \text{transpose} = -G$.
# Hence $\mathrm{Cov}_S = \Sigma - (\mathbb{E}\lambda - \mathbb{E}\lambda^2)\,G$. For $\lambda \sim U(0,1)$ that is
# $\Sigma - G/6$; for imbalanced-learn's grid $\lambda \in \{j/N\}$, $N = 2^{53}$, it is
# $\Sigma - \frac{N^2-1}{6N^2}G$.

# %%
lam = sp.Symbol("lambda", positive=True)
E1 = sp.integrate(lam, (lam, 0, 1))
E2 = sp.integrate(lam**2, (lam, 0, 1))
assert (E1, E2) == (sp.Rational(1, 2), sp.Rational(1, 3))
# 2×2 symbolic check: Σ and the cross moment K = E[y_a y_b^T] (symmetric by exchangeability)
s11, s12, s22, k11, k12, k22 = sp.symbols("Sigma11 Sigma12 Sigma22 K11 K12 K22", real=True)
Sig = sp.Matrix([[s11, s12], [s12, s22]])
K = sp.Matrix([[k11, k12], [k12, k22]])
# E[(y_a + λ(y_b − y_a))(...)^T] expanded with E[y_a y_a^T] = E[y_b y_b^T] = Σ, E[y_a y_b^T] = K
cov_S = (1 - 2 * E1 + E2) * Sig + E2 * Sig + (E1 - E2) * (K + K.T)
G = 2 * Sig - K - K.T
assert sp.simplify(cov_S - (Sig - G / 6)) == sp.zeros(2, 2)
Nn = sp.Symbol("N", positive=True, integer=True)
j = sp.Symbol("j", integer=True, nonnegative=True)
E1g = sp.summation(j / Nn, (j, 0, Nn - 1)) / Nn
E2g = sp.summation((j / Nn) ** 2, (j, 0, Nn - 1)) / Nn
assert sp.simplify(E1g - E2g - (Nn**2 - 1) / (6 * Nn**2)) == 0
print("Cov_S = Σ − G/6 (continuous λ);  Σ − (N²−1)/(6N²)·G (imbalanced-learn's grid)")

# %% [markdown]
# **Exact check.** With $k = n - 1$ every record is every other record's neighbour, so the
# pair is uniform over ordered pairs of distinct records: exchangeable. The expectation over
# base, neighbour and $\lambda$ is a finite sum of exact moments, so we compute it in rationals.

# %%
def synthetic_cov_exact(points, nbrs, e1=Fraction(1, 2), e2=Fraction(1, 3)):
    """Exact Cov of one SMOTE draw: base uniform, neighbour uniform in its list, E λ = e1, E λ² = e2."""
    dim = len(points[0])
    n = len(points)
    Es = [Fraction(0)] * dim
    Ess = [[Fraction(0)] * dim for _ in range(dim)]
    for i, lst in enumerate(nbrs):
        for jj in lst:
            wgt = Fraction(1, n * len(lst))
            x, vv = points[i], [q - p for p, q in zip(points[i], points[jj])]
            for p in range(dim):
                Es[p] += wgt * (x[p] + e1 * vv[p])
                for q in range(dim):
                    Ess[p][q] += wgt * (x[p] * x[q] + e1 * (x[p] * vv[q] + vv[p] * x[q]) + e2 * vv[p] * vv[q])
    return [[Ess[p][q] - Es[p] * Es[q] for q in range(dim)] for p in range(dim)]


def data_cov(points):
    return cov_of(points)


P = random_points(7, 3, scale=97)
full = [[jj for jj in range(7) if jj != i] for i in range(7)]
assert [sorted(lst) for lst in exact_knn(P, 6)] == full
Sigma = data_cov(P)
Gm = [[sum((P[i][p] - P[jj][p]) * (P[i][q] - P[jj][q]) for i in range(7) for jj in range(7) if jj != i) / 42
       for q in range(3)] for p in range(3)]
CovS = synthetic_cov_exact(P, full)
assert all(CovS[p][q] == Sigma[p][q] - Gm[p][q] / 6 for p in range(3) for q in range(3))
trS, trSig = sum(CovS[p][p] for p in range(3)), sum(Sigma[p][p] for p in range(3))
print(f"exchangeable (k = n−1): Cov_S = Σ − G/6 exactly; tr Cov_S / tr Σ = {float(trS / trSig):.4f}")
assert trS < trSig

# %% [markdown]
# **Simulation.** imbalanced-learn-identical SMOTE with $k = n - 1$ and many synthetic rows:
# the empirical covariance approaches $\Sigma - G/6$.

# %%
Xm = np.array([[float(t) for t in p] for p in P])
Xs = np.vstack([Xm, np.zeros((1, 3))])
ys = np.array([1] * 7 + [0])
sim = SMOTE(k_neighbors=6, sampling_strategy={1: 60_007}, random_state=3)
Xres, _ = sim.fit_resample(Xs, ys)
synth = Xres[8:]
emp = np.cov(synth.T, bias=True)
target = np.array([[float(Sigma[p][q] - Gm[p][q] / 6) for q in range(3)] for p in range(3)])
rel = np.linalg.norm(emp - target) / np.linalg.norm(target)
print(f"simulation, 60,000 rows: ‖Ĉov − (Σ − G/6)‖_F / ‖Σ − G/6‖_F = {rel:.4f}")
assert rel < 0.03

# %% [markdown]
# ## 5'. Where contraction fails: an exact counterexample
#
# SMOTE's pairs are *not* exchangeable: bases are uniform, neighbours are weighted by
# in-degree, and a k-NN graph is not symmetric. Take two tight pairs at the extremes and two
# inner points whose nearest neighbour lies *outward* ($k = 1$, point-symmetric, no ties):
#
# $$P = \{(-4,-4), (-3,-5), (-1,-3), (4,4), (3,5), (1,3)\}.$$
#
# The tight pairs produce synthetic points near the extremes; the inner points, which pull
# the data's variance down, produce segments reaching out to the extremes. The exact
# expected covariance of one synthetic draw has a larger trace than the data's.

# %%
P6 = [tuple(Fraction(t) for t in p) for p in [(-4, -4), (-3, -5), (-1, -3), (4, 4), (3, 5), (1, 3)]]
nb6 = exact_knn(P6, 1)
assert all(general_position(P6, i) for i in range(6))
assert nb6 == [[1], [0], [1], [4], [3], [4]]
cov6 = synthetic_cov_exact(P6, nb6)
sig6 = data_cov(P6)
ratio6 = (cov6[0][0] + cov6[1][1]) / (sig6[0][0] + sig6[1][1])
print(f"tr Cov_S / tr Σ = {ratio6} ≈ {float(ratio6):.4f}  (> 1: SMOTE *expands* this data)")
assert ratio6 == Fraction(43, 38) and ratio6 > 1
# the same with imbalanced-learn's exact λ distribution (uniform on j/2^53)
N53 = 2**53
e1g, e2g = Fraction(N53 - 1, 2 * N53), Fraction((N53 - 1) * (2 * N53 - 1), 6 * N53**2)
cov6g = synthetic_cov_exact(P6, nb6, e1g, e2g)
assert (cov6g[0][0] + cov6g[1][1]) > (sig6[0][0] + sig6[1][1])
# and the whole covariance is not dominated: Σ − Cov_S has a negative eigenvalue
diff6 = sp.Matrix([[sp.Rational(sig6[p][q] - cov6[p][q]) for q in range(2)] for p in range(2)])
assert min(diff6.eigenvals()) < 0

# %% [markdown]
# ## 6. Worst case: a hub
#
# Put a hub at the origin of $\mathbb{R}^d$ and $2d$ spokes at $\pm\ell_p e_p$ with distinct lengths
# $\ell_p \in (1, 1.1)$. Each spoke's nearest neighbour is the hub (other spokes are at least
# $\sqrt2$ away), so the hub's in-degree is $2d$ for $k = 1$. With bases uniform, the expected
# synthetic mean is $\mathbb{E}\bar s = \sum_i \frac{1 + \deg(i)/k}{2n}\, x_i$: the hub carries weight
# $\frac{1 + 2d}{2(2d+1)} = \frac12$, against $\frac{1}{2d+1}$ in the raw mean. Moving the hub a little
# (the graph does not change) moves the expected synthetic mean $(2d+1)/2$ times as far as
# the raw mean; we compute it exactly for $d = 20$, and also for a large move that does
# change the graph.

# %%
def expected_mean(points, nbrs, e1=Fraction(1, 2)):
    n, dim = len(points), len(points[0])
    out = [Fraction(0)] * dim
    for i, lst in enumerate(nbrs):
        for jj in lst:
            for p in range(dim):
                out[p] += Fraction(1, n * len(lst)) * ((1 - e1) * points[i][p] + e1 * points[jj][p])
    return out


d_hub = 20
spokes = []
for p in range(d_hub):
    for sign in (1, -1):
        length = 1 + Fraction(2 * p + (sign < 0), 20 * d_hub)
        spokes.append(tuple(sign * length if q == p else Fraction(0) for q in range(d_hub)))
hub = tuple(Fraction(0) for _ in range(d_hub))
H = [hub] + spokes
nbH = exact_knn(H, 1)
assert sum(1 for lst in nbH[1:] if lst == [0]) == 2 * d_hub  # every spoke points at the hub
n_hub = len(H)


def mean_shift_ratio(moved_hub):
    H2 = [moved_hub] + spokes
    nb2 = exact_knn(H2, 1)
    ds = sub(expected_mean(H, nbH), expected_mean(H2, nb2))
    dx = sub(mean_of(H), mean_of(H2))
    return sp.sqrt(sp.Rational(l2sq(ds)) / sp.Rational(l2sq(dx))), nb2


small = tuple(Fraction(1, 1000) if q == 0 else Fraction(0) for q in range(d_hub))
ratio_small, nb_small = mean_shift_ratio(small)
assert nb_small == nbH and ratio_small == sp.Rational(2 * d_hub + 1, 2)
corner = tuple(Fraction(1) for _ in range(d_hub))
ratio_large, nb_large = mean_shift_ratio(corner)
print(f"hub in d = {d_hub} (n = {n_hub}, k = 1): the expected SMOTE mean moves {float(ratio_small):.1f}× as far "
      f"as the raw mean for a small move, {float(ratio_large):.2f}× for a move to the corner (1, …, 1)")
assert ratio_small > 20 and ratio_large > 1

# %% [markdown]
# In an actual run the hub influences *every* synthetic row: it is the base of its own rows
# and the only neighbour of every spoke. Its realised fan-out is $m$, the worst case of part 2,
# so the synthetic mean's worst-case sensitivity is the full diameter, against $D/n$ for the raw
# mean.

# %%
Hf = np.array([[float(t) for t in p] for p in H])
Xh = np.vstack([Hf, np.full((200, d_hub), 5.0) + np.arange(200)[:, None]])
yh = np.array([1] * n_hub + [0] * 200)
smh = SMOTE(k_neighbors=1, random_state=2)
smh.fit_resample(Xh, yh)
fan_h = realised_fanout(smh.provenance_, len(Xh))
m_h = len(smh.provenance_)
assert fan_h[0] == m_h
assert mean_sensitivity(m_h, fan_h[0], 1) == 1  # = D: the full diameter
print(f"hub run: m = {m_h} synthetic rows, hub fan-out = {fan_h[0]} (all of them); "
      f"worst-case mean sensitivity D vs raw D/{n_hub}")

# %% [markdown]
# ## Consequences for the code
#
# * `refimpl.dp.sensitivity` implements parts 1–4 as exact sympy expressions, so that a DP
#   stage can be calibrated to *real-record* sensitivity: `fanout_bound`, then `records_sensitivity`,
#   `mean_sensitivity`, `covariance_sensitivity`, or `group_privacy` to convert a
#   per-synthetic-record guarantee.
# * `in_degree_bound(..., general_position=False)` and the duplicate example are a reminder:
#   Stone's lemma needs distinct distances; real data with duplicated rows gets no
#   dimension-only bound, and the safe fan-out is $m$.
# * A DP audit of SMOTE-then-DP should attack the hub configuration of part 6: that is where
#   the per-synthetic-record calibration under-counts the most. `refimpl.dp.audit.hub_pair`
#   builds it (a hub and its replacement, in $[-1, 1]^d$), and `refimpl.dp.audit.audit_mechanism` turns
#   runs on it into a Clopper–Pearson lower bound on ε.
# * `refimpl.dp.pipelines.smote_then_dp(calibration="sound")` calibrates its noise to
#   $\Delta_1(S) \le C D_1$ with $C = m$ (or the Stone bound of part 2 under general position,
#   spending `base_load_tail` as δ, with the exact k-NN); `calibration="claimed"` calibrates to
#   the output's own range and states that no finite ε per real record holds.
# * `realised_fanout` is a diagnostic of one run, computed from the data: calibrating to it is
#   not DP, and releasing it leaks (it is kept in `PrivateDiagnostics`, not in the statement).
#
# ## Functions that rely on this lemma
#
# `refimpl.dp.sensitivity`: `stone_constant`, `in_degree_bound`, `fanout_bound`,
# `realised_fanout`, `diameters`, `records_sensitivity`, `mean_sensitivity`,
# `covariance_sensitivity`, `group_privacy`, `base_load_tail`; `refimpl.dp.pipelines`:
# `smote_then_dp`; `refimpl.dp.audit`: `audit_mechanism`, `hub_pair`. Each cites
# "Lemma 4, proofs/04_smote_dp_sensitivity.py" (checked below).

# %%
import refimpl.dp.audit as dp_audit  # noqa: E402
import refimpl.dp.pipelines as dp_pipelines  # noqa: E402
import refimpl.dp.sensitivity as sens  # noqa: E402

for fname in ("stone_constant", "in_degree_bound", "fanout_bound", "realised_fanout", "diameters",
              "records_sensitivity", "mean_sensitivity", "covariance_sensitivity", "group_privacy", "base_load_tail"):
    assert "Lemma 4, proofs/04_smote_dp_sensitivity.py" in (getattr(sens, fname).__doc__ or ""), fname
for fn in (dp_pipelines.smote_then_dp, dp_audit.audit_mechanism, dp_audit.hub_pair):
    assert "Lemma 4, proofs/04_smote_dp_sensitivity.py" in (fn.__doc__ or ""), fn.__name__
print(f"Lemma 4 checked in {time.perf_counter() - T_START:.1f} s")
