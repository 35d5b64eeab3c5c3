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
# # Lemma H: halos wide enough for every candidate
#
# `refimpl.distributed` runs DistinSMOTE's first pass (each row's m nearest candidates, then
# its first witness among their pairs) in spatial blocks. A block's task sees only its rows Q
# and a halo H around them; this lemma says when that is enough for the candidate list to be
# the one the tree over all rows gives.
#
# ## Statement
#
# Let S be the distinct rows, $\hat d(q, p)$ cKDTree's float distance (a function of the pair
# alone), and $N_m(q, T)$ the m rows of $T \setminus \{q\}$ smallest in the strict order
# $(\hat d(q, \cdot), \text{id})$ (`refimpl.attacks.distin.nearest_ids`). For a block
# $Q \subseteq S$ let $[L, U]$ be any box containing Q and T the rows of S in it. For
# $q \in Q$ let $r_q$ be the m-th smallest $\hat d(q, \cdot)$ over $T \setminus \{q\}$, and
# $R_q \ge F r_q + A$ with $F = 1/((1-u)(1-\gamma_{d+2}))$, $A = F d\, 2^{-537}$. If
# $[q_j - R_q, q_j + R_q] \subseteq [L_j, U_j]$ for every j, then
#
# $$N_m(q, T) = N_m(q, S).$$
#
# ## Proof
#
# (a) $T \subseteq S$, so the m-th smallest $\hat d(q,\cdot)$ over $S \setminus \{q\}$ is at
# most $r_q$; every $p \in N_m(q, S)$ has $\hat d(q, p) \le r_q$.
# (b) By Lemma 8(b), the float sum of squares $\hat s$ satisfies
# $|\hat s - D| \le \gamma_{d+2} D + d\eta$, $D = \lVert q - p\rVert^2$, and
# $\hat d = \mathrm{fl}(\sqrt{\hat s}) \ge (1-u)\sqrt{\hat s}$; so
# $\lVert q - p\rVert_2 \le F(\hat d + \sqrt{d\eta}) \le F\hat d + A$.
# (c) Then $|p_j - q_j| \le R_q$ for every j, so $p \in [L, U]$: $N_m(q, S) \subseteq T$.
# (d) For $N_m(q, S) \subseteq T \subseteq S$: an element of T before an element of
# $N_m(q, S)$ in the strict order is an element of S before it, hence in $N_m(q, S)$; so
# $N_m(q, T) = N_m(q, S)$.
#
# (e) If in addition q's list is tie-free (q alone at distance 0, and its m + 1 nearest rows
# of $T \setminus \{q\}$ at distinct distances), no other row of S is within $r_q$ (every
# row of S within $r_q$ is in T by (b), (c), and T's (m + 1)-th is farther), so the m rows
# nearest q in S are the same under
# every tie rule and in the one order of their distances; so the block's list is also the
# one `distin_smote` computes (cKDTree's order on the tree over all of S). A list with a tie
# is searched on the client with `distin_smote`'s own rule. □
#
# The one assumption is cKDTree's contract (eps = 0): a row it does not return is at least
# as far, in $\hat d$, as the last row it returns. `nearest_ids` asks again with more
# neighbours while the next row ties the m-th, so ties come out by id in both trees.
#
# The cells below check (b) exactly (Fractions) and the conclusion on Gaussian and lattice
# data, against the tree over all rows.

# %%
from fractions import Fraction

import numpy as np
from scipy.spatial import cKDTree

from refimpl.attacks.distin import _nearest_of, nearest_ids, nearest_with_radius
from refimpl.distributed import distance_bound_factors, halo, sample_radii, settled, spatial_blocks

rng = np.random.default_rng(10)
for d, scale in [(1, 1.0), (5, 1e-310), (10, 1.0), (20, 1e150)]:
    P = rng.normal(size=(60, d)) * scale
    F, A = distance_bound_factors(d)
    dist, idx = cKDTree(P).query(P, k=6)
    for i in range(len(P)):
        for dh, j in zip(dist[i].tolist(), idx[i].tolist()):
            D = sum((Fraction(a) - Fraction(b)) ** 2 for a, b in zip(P[i], P[j]))
            assert D <= (Fraction(F) * Fraction(dh) + Fraction(A)) ** 2
print("(b): the float distance bounds the exact one on", 4 * 60 * 6, "pairs")

# %%
m = 8
for name, X in [
    ("gaussian d=4", rng.normal(size=(3000, 4))),
    ("lattice d=3", np.unique(rng.integers(0, 8, size=(3000, 3)), axis=0).astype(float)),
]:
    every = np.arange(len(X))
    full = nearest_ids(cKDTree(X), X, every, every, m)
    done = 0
    for q in spatial_blocks(X, 8):
        hb = halo(X, q, sample_radii(X[q], m), 0.9)
        sub = X[hb.rows]
        got, kth, free = nearest_with_radius(cKDTree(sub), sub[hb.queries], every[: len(hb.rows)], hb.queries, m)
        ok = settled(sub[hb.queries], kth, hb.L, hb.U)
        assert np.array_equal(hb.rows[got[ok]], full[hb.rows[hb.queries[ok]]])
        # (e): a tie-free settled list is distin_smote's own (cKDTree's order over all rows)
        both = ok & free
        assert np.array_equal(hb.rows[got[both]], _nearest_of(X, hb.rows[hb.queries[both]], m))
        done += int(ok.sum())
    print(f"{name}: {done} of {len(X)} rows settled in their blocks, lists identical")
    assert done > 0.8 * len(X)
