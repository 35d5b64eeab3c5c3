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
# # Lemma 10: what positions tell for extrapolating SMOTE and for SMOTE followed by row removal
#
# Lemma 1 decides real from synthetic for imbalanced-learn's SMOTE: every synthetic row lies
# strictly between its two parents, and both parents are in the data. Two kinds of sampler
# break one of the two premises:
#
# * **extrapolation** (imbalanced-learn's `SVMSMOTE`: a *safe* support vector x steps away
#   from its neighbour n, $s = x + \lambda(n - x)$ with $\lambda = -tU$, $U \in [0, 1)$, $t$ = `out_step`,
#   default 0.5; the *danger* ones interpolate as SMOTE does);
# * **removal after SMOTE** (`SMOTETomek`, `SMOTEENN`: Tomek links or edited nearest
#   neighbours delete rows of the oversampled data, real or synthetic, so a parent may be
#   missing).
#
# This notebook states what a decision made from the released positions alone can and cannot
# conclude, and checks each part exactly (`fractions.Fraction`).
#
# ## Setting
#
# $R \subset \mathbb{Q}^d$ is the real minority, $S$ the synthetic rows, each $s = x + \lambda(n - x)$ with *parents*
# x ≠ n in R, and O = (R ∪ S) \ D the released minority rows, D the removed ones (D = ∅
# without removal). $\lambda \in (0, 1)$ for interpolation; $\lambda \in (-t, 0)$ for extrapolation, $0 < t \le 1$.
# A *line of p* is a line through p and at least two other rows of O. Assume, as Lemma 1 does,
# **general position** (no three real rows collinear), and
#
# **(G)** every synthetic row lies on exactly one line through two other rows of R ∪ S,
# namely its parents' line (which its siblings, the other children of the same pair, share).
#
# ## Statement
#
# **(a) An endpoint of one line is undecidable under removal, and under extrapolation when it
# is near its line.** Let p ∈ O be strictly between no two rows of O but lie on a line ℓ with
# two others; q_1 is the row of O ∩ ℓ nearest p and r the farthest. Under removal, and under
# extrapolation with step bound t when |p − q_1| < t·|r − q_1|, there are two samplings with
# the same O, p real in one and synthetic in the other. (Under extrapolation without removal,
# an endpoint with |p − q_1| ≥ t·|r − q_1| is real: no base on ℓ is close enough to have
# made it. `family="extrapolating"` does not assume t, so it leaves these ambiguous too.)
#
# **(b) Under extrapolation a row between two rows is undecidable.** If p ∈ O is strictly
# between a and b, then {a, p, b} is produced both with p real (a base, a the row extrapolated
# from it away from its neighbour b) and with p synthetic (an interpolant of a and b).
#
# **(c) Two lines make a row real.** Under (G), a row of O on two distinct lines is real,
# whatever was removed and whatever the sign of λ. (G) fails only where a synthetic row falls
# on a second line: for fixed rows u, v off its parents' line, line(u, v) meets line(x, n) in
# at most one point, so at most one λ puts s there (probability 0 for a continuous λ, at most
# 2^-53 per pair u, v for imbalanced-learn's λ = m/2^53; within a tube of width w, of order
# w/|n − x|, Lemma 6(c)).
#
# **(d) Under removal a row on no line is undecidable.** If a synthetic row's parent was
# removed and it has no sibling left, it lies on no line of O, exactly like a real row that is
# no row's parent.
#
# **(e) Under removal, betweenness still certifies.** Without extrapolation, under general
# position and (G), a row of O strictly between two rows of O is synthetic.
#
# So the verdicts that positions permit are: *real* for a row on two distinct lines (c), and,
# without removal, for a row on no line (every synthetic row then has both parents on its
# line); *synthetic* for a row between two rows, without extrapolation (e); every other row is
# *ambiguous* (a, b, d), except, when the extrapolation bound t is known, the far endpoints of
# (a)'s parenthesis. `distin_smote(..., family="removal" | "extrapolating")`
# (`refimpl.attacks.family`) gives exactly these verdicts, with the lines read off the
# kernel's certified witnesses; a line it does not find costs recall, except for a row on no
# line without removal, which it searches for at widening reach.
#
# ## Proof
#
# **(a)** Let p lie on line ℓ with rows q, r of O, p strictly between none. Then p is an
# extreme point of O ∩ ℓ; let r be the other extreme and q_1, …, q_k the rows strictly
# between (k ≥ 1). *Removal:* in the first sampling R = {x, r} with x = p + ε(p − r) beyond
# p, S = {p, q_1, …, q_k} (children of x and r, at λ ∈ (0, 1)) and D = {x}; in the second R′ =
# {p, r}, S′ = {q_1, …, q_k} (children of p and r), D′ = ∅. Both have O ∩ ℓ = {p, q_i, r}.
# *Extrapolation:* in the first, p is a row extrapolated from the base q_1 away from r, at
# λ = −|p − q_1|/|r − q_1| ∈ (−t, 0) by the hypothesis, and q_1, r are real (the other rows
# of ℓ their interpolants); in the second p and r are real and every q_i their interpolant.
# In each pair of samplings p's status differs. For the converse in parentheses: if p were
# synthetic, it would be extrapolated from a real base b ∈ ℓ towards a real c ∈ ℓ on the far
# side (it is an extreme, so no interpolant), with |p − b| < t·|c − b| ≤ t·|r − b|; the
# nearest choice b = q_1 is the most favourable, and the hypothesis excludes it.
#
# **(b)** p = a + μ(b − a), 0 < μ < 1. As an interpolant of a and b, p is synthetic. As a base
# with neighbour b, the row a = p + λ(b − p) with λ = −μ/(1 − μ) is extrapolated from p; it is
# a valid SVMSMOTE step when μ/(1 − μ) < t, i.e. μ < t/(1 + t) (and symmetrically μ > 1/(1 + t)
# with the roles of a and b exchanged). For μ in between, {a, p, b} alone is not enough to
# exclude p being real either: p can be a real base with an extrapolant a and a further row b
# on its line that is an *interpolant* of p and its neighbour r (b between p and r, at any
# distance from p), so μ takes any value in (0, 1). The exact check below builds both cases.
#
# **(c)** A synthetic row lies on one line by (G); p lies on two, so p is real.
#
# **(d)** The first sampling: R = {x, n}, S = {s} (s = x + λ(n − x)), D = {x}: O ∩ line(x, n)
# = {s, n}. The second: R′ = {s, n}, S′ = ∅: the same rows.
#
# **(e)** Let p ∈ O be strictly between a, b ∈ O and suppose p real. Some row of {a, b} is
# synthetic, else three real rows are collinear. Say a ∈ S: by (G) a's parents' line is
# line(a, b) ∋ p, so p is one of a's parents (general position allows no third real row on
# it), say a = p + λ(r − p), λ ∈ (0, 1), r real. Then a lies on r's side of p, and b, on the
# other side, is on the same line, hence (G, general position) a child of p and r as well,
# strictly between them: on r's side too. A contradiction; the case b ∈ S is symmetric. □

# %%
from fractions import Fraction as F

from refimpl.exact.predicates import collinear, segment_parameter, strictly_between


def interp(x, n, lam):
    """x + λ(n − x), exactly."""
    return tuple(xi + lam * (ni - xi) for xi, ni in zip(x, n, strict=True))


# (a), removal: x removed, its children p (the extreme one) and q survive with r.
x, r = (F(0), F(0), F(0)), (F(4), F(2), F(-2))
p, q = interp(x, r, F(1, 8)), interp(x, r, F(5, 8))
O_first = {p, q, r}  # R = {x, r}, S = {p, q}, D = {x}
mu = segment_parameter(q, p, r)  # second sampling: R' = {p, r}, S' = {q} = p + μ(r − p)
assert mu is not None and 0 < mu < 1 and interp(p, r, mu) == q
O_second = {p, r, interp(p, r, mu)}
assert O_first == O_second
assert not strictly_between(p, q, r) and collinear(p, q, r)  # p: an endpoint of one line

# (a), extrapolation: p extrapolated from the base q away from r (λ = −1/4, SVMSMOTE's
# range for out_step t = 1/2), or p real with q the interpolant of p and r.
t = F(1, 2)
q, r = (F(1), F(1), F(0)), (F(5), F(-1), F(2))
p = interp(q, r, F(-1, 4))
assert -t < F(-1, 4) < 0
mu = segment_parameter(q, p, r)
assert mu is not None and 0 < mu < 1 and interp(p, r, mu) == q  # the same three rows

# %% [markdown]
# (b): a real base p between the row a extrapolated from it and an interpolant b of p and its
# neighbour r, at every position μ of p on the segment ab, including the middle third that
# the extrapolation step alone (μ < t/(1 + t)) would exclude.

# %%
p, r = (F(2), F(3), F(-1)), (F(6), F(1), F(3))
mus = []
for lam_a, lam_b in [(F(-1, 4), F(1, 100)), (F(-1, 10), F(1, 10)), (F(-2, 5), F(9, 10)), (F(-1, 3), F(1, 3))]:
    a = interp(p, r, lam_a)  # extrapolated from p, away from r: λ in (−t, 0)
    b = interp(p, r, lam_b)  # interpolant of p and r
    assert -t < lam_a < 0 < lam_b < 1
    mu = segment_parameter(p, a, b)
    assert mu is not None and 0 < mu < 1 and strictly_between(p, a, b)
    # the same rows from the other sampling: a and b real, p their interpolant at μ
    assert interp(a, b, mu) == p
    mus.append(mu)
assert any(t / (1 + t) <= mu <= 1 / (1 + t) for mu in mus)  # the middle third is reached
assert any(mu < t / (1 + t) for mu in mus) and any(mu > 1 / (1 + t) for mu in mus)

# %% [markdown]
# (c): on exact SMOTE output (λ drawn on imbalanced-learn's grid m/2^53, extrapolating and
# interpolating steps mixed, some rows then removed), every synthetic row lies on exactly one
# line of O and every row on two distinct lines is real. Brute force over all triples,
# exactly.

# %%
import itertools

import numpy as np

rng = np.random.default_rng(10)
real = [tuple(F(int(v)) / 97 for v in rng.integers(-500, 500, size=3)) for _ in range(9)]
rows: list[tuple[F, ...]] = list(real)
is_real = [True] * len(real)
for i in range(len(real)):
    for j in rng.choice([j for j in range(len(real)) if j != i], size=2, replace=False).tolist():
        m = int(rng.integers(1, 2**53))
        lam = F(m, 2**53) if rng.random() < 0.5 else -t * F(m, 2**53)  # interpolate or extrapolate
        rows.append(interp(real[i], real[j], lam))
        is_real.append(False)
removed = {1, 4}  # two real parents removed after SMOTE
keep = [i for i in range(len(rows)) if i not in removed]
N = len(keep)


def lines_of(p: int) -> list[frozenset[int]]:
    """The distinct lines through kept row p and two other kept rows, as sets of kept rows."""
    found: list[frozenset[int]] = []
    for a, b in itertools.combinations([i for i in keep if i != p], 2):
        if collinear(rows[p], rows[a], rows[b]):
            line = frozenset(c for c in keep if collinear(rows[c], rows[p], rows[a]))
            if line not in found:
                found.append(line)
    return found


counts = {i: len(lines_of(i)) for i in keep}
assert all(counts[i] <= 1 for i in keep if not is_real[i]), "(G) fails on this draw"
assert all(is_real[i] for i in keep if counts[i] >= 2)
on_two = sum(counts[i] >= 2 for i in keep if is_real[i])
print(f"{N} rows kept; real rows on ≥ 2 lines: {on_two} of {sum(is_real[i] for i in keep)}; synthetic rows on > 1 line: 0")

# %% [markdown]
# (d): the lone child of a removed parent and a real row that is no row's parent occupy the
# same kind of position: on no line of O. (e): without extrapolation, a row between two kept
# rows is synthetic on the same kind of data.

# %%
x, n = (F(1), F(2), F(3)), (F(-3), F(5), F(0))
s = interp(x, n, F(3, 7))
assert {s, n} == {interp(x, n, F(3, 7)), n}  # first sampling, D = {x}; second: R' = {s, n}
interp_rows = list(real)
interp_real = [True] * len(real)
for i in range(len(real)):
    for j in rng.choice([j for j in range(len(real)) if j != i], size=3, replace=False).tolist():
        interp_rows.append(interp(real[i], real[j], F(int(rng.integers(1, 2**53)), 2**53)))
        interp_real.append(False)
kept = [i for i in range(len(interp_rows)) if i not in {0, 5, 12}]
for p_ in kept:
    between = any(
        strictly_between(interp_rows[p_], interp_rows[a], interp_rows[b])
        for a, b in itertools.combinations([i for i in kept if i != p_], 2)
    )
    assert not (between and interp_real[p_])

# %% [markdown]
# **The tube covers the extrapolating step.** Lemma 3's float bound was derived for
# 0 ≤ λ ≤ 1, but its proof uses |λ| ≤ 1 only (the product's error is u·|λ d̂| ≤ u·|d̂|), so
# SVMSMOTE's λ ∈ (−t, 0] with t ≤ 1 is inside the same tube and the tube kernels decide its
# collinearity soundly. Checked exactly on float64 steps with negative λ:

# %%
from refimpl.tube import coordinate_bounds

xs = rng.normal(size=(2000, 4)) * 10.0 ** rng.integers(-3, 4, size=(2000, 1))
ns = xs + rng.normal(size=(2000, 4)) * 10.0 ** rng.integers(-8, 2, size=(2000, 1))
lams = -0.5 * rng.uniform(size=2000)  # SVMSMOTE: step_size = -out_step, times a uniform draw
worst = F(0)
for xv, nv, lv in zip(xs, ns, lams, strict=True):
    d_hat = nv - xv
    s_hat = xv + lv * d_hat  # imbalanced-learn's formula, in float64
    bounds = coordinate_bounds(s_hat.tolist(), d_hat.tolist())
    for j in range(4):
        exact = F(xv[j]) + F(lv) * (F(nv[j]) - F(xv[j]))
        err = abs(F(s_hat[j]) - exact)
        assert err <= bounds[j]
        worst = max(worst, err / bounds[j])
print(f"2000 extrapolating steps × 4 coordinates: largest error / bound = {float(worst):.3f}")

# %% [markdown]
# **What this costs, measured** (`python bench/family.py`, the table in the box-geometry
# reference page): with `family="removal"` on SMOTETomek and SMOTEENN output and
# `family="extrapolating"` on SVMSMOTE output, no synthetic row is called real on the
# Gaussian data at d = 4 … 20; the recall of the real rows is the share of real rows the
# geometry leaves decidable, on two lines (or, without removal, on none).
