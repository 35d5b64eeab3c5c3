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
# # Lemma 13: a float certificate that a point is in a tube
#
# Lemma 5 lets `FastKernel` *reject* triples in float64. ReconSMOTE's exact confirmations
# are mostly *acceptances*: the filter passes a triple, and the exact tube test (Lemma 3)
# then says yes. This lemma proves acceptances in float64 at one chosen $\lambda$, so the
# exact test is only run where the float evaluation is not conclusive
# (`refimpl.kernels.accept.tube_accept`).
#
# ## Statement
#
# Let $p, a, b \in \mathbb{F}^d$ and $\rho_p, \rho_a, \rho_b \in \mathbb{F}_{\ge 0}^d$ (binary64,
# round to nearest, unit roundoff $u = 2^{-53}$, smallest subnormal $\eta = 2^{-1074}$),
# $\lambda \in \mathbb{F}$, and per coordinate $j$ (dropping $j$), evaluated left to right
# in float64:
#
# $$\hat r = \mathrm{fl}(p - a),\quad \hat d = \mathrm{fl}(b - a),\quad
# E = |\mathrm{fl}(\hat r - \mathrm{fl}(\lambda \hat d))|,$$
# $$\hat S = \mathrm{fl}\bigl(\mathrm{fl}(\rho_p + \mathrm{fl}(|\mathrm{fl}(1 - \lambda)|\,\rho_a)) + \mathrm{fl}(|\lambda|\,\rho_b)\bigr),\quad
# \hat M = \mathrm{fl}\bigl(\mathrm{fl}(E + |\hat r|) + \mathrm{fl}(|\lambda|\,|\hat d|)\bigr),$$
# $$\hat L = \mathrm{fl}\bigl(\mathrm{fl}(E + \mathrm{fl}(K \cdot \mathrm{fl}(\hat M + \hat S))) + 8\eta\bigr), \qquad K = 2^{-50} = 8u .$$
#
# If every value is finite and $\hat L \le \hat S$, then exactly
#
# $$|(p - a) - \lambda (b - a)| \;\le\; \rho_p + |1 - \lambda|\,\rho_a + |\lambda|\,\rho_b .$$
#
# So if this holds for every $j$: `TubeKernel.on_line(p, a, b)` is true ($a \ne b$), and for
# $0 < \lambda < 1$ `TubeKernel.between(p, a, b)` returns a witness (rows distinct): its
# exact $\lambda$-set contains $\lambda$, so it is not empty and not only $\{0\}$ or $\{1\}$.
#
# ## Proof
#
# Standard model: $\mathrm{fl}(x \pm y) = (x \pm y)(1 + \delta)$ (a subnormal sum is exact),
# $\mathrm{fl}(xy) = xy(1 + \delta) + \epsilon$, $|\delta| \le u$, $|\epsilon| \le \eta/2$; no
# overflow, since every value is finite. Write $r = p - a$, $d = b - a$, $e = r - \lambda d$,
# $S = \rho_p + |1-\lambda|\rho_a + |\lambda|\rho_b$ and $M = E + |\hat r| + |\lambda||\hat d|$
# (exact), $\gamma_k = ku/(1-ku)$.
#
# *Upper bound on $|e|$.* $\hat r = r(1+\delta_1)$, $\hat d = d(1+\delta_2)$,
# $\hat q = \lambda\hat d(1+\delta_3) + \epsilon_3$, $\pm E = (\hat r - \hat q)(1+\delta_4)$. Then
# $\hat r - \hat q - e = r\delta_1 - \lambda d(\delta_2 + \delta_3 + \delta_2\delta_3) - \epsilon_3$, and with
# $|r| \le |\hat r|/(1-u)$, $|d| \le |\hat d|/(1-u)$:
#
# $$|e| \le \frac{E}{1-u} + \frac{u}{1-u}|\hat r| + \frac{\gamma_2}{1-u}|\lambda||\hat d| + \frac\eta2
# \le E + \gamma_3 M + \frac\eta2 .$$
#
# *Lower bound on $S$.* Every term of $\hat S$ is $\ge 0$; each of the two products has one
# rounding and one underflow error, $|1 - \lambda|$ one rounding, the two sums one each, so
# $\hat S \le (1+u)^4 S + (1+u)^2\eta \le (1+\gamma_4) S + 2\eta$, i.e.
# $S \ge (\hat S - 2\eta)/(1+\gamma_4)$.
#
# *Lower bound on $\hat L$.* Sums of non-negative floats lose at most a factor $1-u$, a
# product at most $1-u$ and $\eta/2$, and the product by the power of two $K$ at most
# $\eta/2$. So $\hat M \ge (1-u)^2 M - \eta/2$ and
#
# $$\hat L \ge (1-u)^2 E + K(1-u)^5 M + K(1-u)^3 \hat S + 6\eta .$$
#
# *Conclusion.* With $K_3 = K(1-u)^3$, $K_5 = K(1-u)^5$, $\hat L \le \hat S$ gives
# $\hat S \ge \bigl((1-u)^2 E + K_5 M + 6\eta\bigr)/(1 - K_3)$. That is at least
# $(1+\gamma_4)(E + \gamma_3 M + \eta/2) + 2\eta$, and so $S \ge E + \gamma_3 M + \eta/2 \ge |e|$, as soon as
#
# $$\frac{(1-u)^2}{1-K_3} \ge 1+\gamma_4,\qquad \frac{K_5}{1-K_3} \ge (1+\gamma_4)\gamma_3,\qquad
# \frac{6}{1-K_3} \ge \frac{1+\gamma_4}{2} + 2 ,$$
#
# which hold for $K = 8u$ (checked exactly below: the first needs $K \gtrsim 6u$, the second
# $K \gtrsim 3u$). $\blacksquare$

# %%
from fractions import Fraction

import numpy as np

from refimpl.kernels import TubeKernel
from refimpl.kernels.accept import ACCEPT_ETA8, ACCEPT_K, projection_lambda, tube_accept

u = Fraction(1, 2**53)
K = Fraction(ACCEPT_K)
assert K == 8 * u and Fraction(ACCEPT_ETA8) == 8 * Fraction(1, 2**1074)


def gamma(k: int) -> Fraction:
    return k * u / (1 - k * u)


K3, K5 = K * (1 - u) ** 3, K * (1 - u) ** 5
assert (1 - u) ** 2 / (1 - K3) >= 1 + gamma(4)
assert K5 / (1 - K3) >= (1 + gamma(4)) * gamma(3)
assert 6 / (1 - K3) >= (1 + gamma(4)) / 2 + 2
print("the three conditions on K = 8u hold exactly")

# %% [markdown]
# ## Machine check
#
# Float SMOTE steps $\hat s = \mathrm{fl}(a + \mathrm{fl}(\lambda\,\mathrm{fl}(b - a)))$ at several scales
# (including subnormal and near-overflow magnitudes), with `TubeKernel`'s radii; the same
# points nudged by a few ulps; and adversarial radii set to the exact slack of one coordinate
# rounded *down* (so the exact inequality fails there) or up. Wherever the certificate
# accepts, the inequality is checked in `Fraction`s, and the tube kernel's own `between` /
# `on_line` must agree.


# %%
def exact_ok(p, a, b, rp, ra, rb, lam) -> bool:  # type: ignore[no-untyped-def]
    L = Fraction(float(lam))
    for j in range(len(p)):
        r = Fraction(p[j]) - Fraction(a[j])
        d = Fraction(b[j]) - Fraction(a[j])
        if abs(r - L * d) > Fraction(rp[j]) + abs(1 - L) * Fraction(ra[j]) + abs(L) * Fraction(rb[j]):
            return False
    return True


rng = np.random.default_rng(13)
accepted = refused = checked = 0
for scale in (1.0, 1e-300, 1e-310, 1e150, 1e300):
    for d in (2, 5, 20):
        n = 60
        A_ = rng.normal(size=(n, d)) * scale
        B_ = A_ + rng.normal(size=(n, d)) * scale
        with np.errstate(all="ignore"):
            lam_true = rng.uniform(size=(n, 1))
            S_ = A_ + lam_true * (B_ - A_)
            nudged = S_ + rng.integers(-3, 4, size=S_.shape) * np.spacing(S_)
        for pts in (S_, nudged):
            X = np.vstack([A_, B_, pts])
            if not np.all(np.isfinite(X)):
                continue
            kern = TubeKernel(X)
            P, A, B = np.arange(2 * n, 3 * n), np.arange(n), np.arange(n, 2 * n)
            lam = projection_lambda(X, P, A, B)
            for R in (kern.rho_up, kern.rho_up * 0.5, kern.rho_up * 1e-3):
                ok = tube_accept(X, R, P, A, B, lam)
                for t in range(n):
                    checked += 1
                    if ok[t]:
                        accepted += 1
                        assert exact_ok(X[P[t]], X[A[t]], X[B[t]], R[P[t]], R[A[t]], R[B[t]], lam[t])
                        if R is kern.rho_up:
                            assert kern.on_line(int(P[t]), int(A[t]), int(B[t]))
                            if 0 < lam[t] < 1:
                                assert kern.between(int(P[t]), int(A[t]), int(B[t])) is not None
                    else:
                        refused += 1
print(f"{checked} triples: {accepted} certified (each true exactly), {refused} left to the exact test")
assert accepted > 0 and refused > 0

# %%
# adversarial radii: ρ_p of one coordinate is the exact slack of that coordinate, rounded
# down (the exact inequality fails) or up (it holds, with no room): the certificate may
# accept only the second, and never a failing one
tight = fails = 0
for _ in range(3000):
    d = int(rng.integers(1, 6))
    sc = float(10.0 ** rng.integers(-300, 300))
    a, b = rng.normal(size=d) * sc, rng.normal(size=d) * sc
    lam = float(rng.uniform(-0.5, 1.5))
    with np.errstate(all="ignore"):
        p = a + lam * (b - a) + rng.normal(size=d) * sc * 1e-12
        if not np.all(np.isfinite(np.r_[a, b, p])):
            continue
    ra, rb = np.abs(rng.normal(size=d)) * sc * 1e-13, np.abs(rng.normal(size=d)) * sc * 1e-13
    L = Fraction(lam)
    slack = [
        abs(Fraction(p[j]) - Fraction(a[j]) - L * (Fraction(b[j]) - Fraction(a[j])))
        - abs(1 - L) * Fraction(ra[j])
        - abs(L) * Fraction(rb[j])
        for j in range(d)
    ]
    rp = np.array([max(float(s), 0.0) for s in slack])
    j = int(rng.integers(0, d))
    for step in (-1, 1):
        rq = rp.copy()
        rq[j] = max(float(np.nextafter(rp[j], step * np.inf)), 0.0)
        X = np.vstack([p, a, b])
        R = np.vstack([rq, ra, rb])
        ok = bool(tube_accept(X, R, np.array([0]), np.array([1]), np.array([2]), np.array([lam]))[0])
        truth = exact_ok(p, a, b, rq, ra, rb, lam)
        assert truth or not ok, (p, a, b, rq, ra, rb, lam)
        tight += 1
        fails += not truth
print(f"{tight} tight cases ({fails} failing exactly): none certified wrongly")
assert fails > 0
