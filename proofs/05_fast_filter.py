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
# ## Consequence for the code
#
# `refimpl.kernels.FastKernel.survivors` implements exactly this evaluation, and
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
    keep = kern.survivors(P, C)[:, 0]
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
share = fk.survivors(P, nn[:, 1:].astype(np.intp)).mean()
print(f"share of candidate pairs passed to the exact test: {share:.4%}")
assert share < 0.05
assert Fraction(fk.bn) > 0
