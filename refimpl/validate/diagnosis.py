"""The diagnosis of rows the checker could not certify: the nearest same-class candidate pair and the reason.

`refimpl.validate.checker.verify_smote`'s pass C: for a row with no certificate, the pair
(x, n) of its class that comes closest under the chosen model, and a reason when one
explains the row ("lies in the box of base and neighbour but not on the segment", "looks
rounded to 6 decimals", the neighbour's class, λ outside [0, 1]). It never changes a
verdict: every row it sees has already failed certification (Lemma 3).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from refimpl.tube import LambdaInterval
from refimpl.validate.models import certify_box, lambda_range, prefilter
from refimpl.validate.release import Release
from refimpl.validate.report import RowCertificate

if TYPE_CHECKING:
    from refimpl.validate.checker import _ClassData, _Verifier

#: how many prefilter survivors per row are certified exactly before giving up
MAX_EXACT_TRIES = 8


def _fmt(q: Fraction | None) -> str | None:
    return None if q is None else f"{q.numerator}/{q.denominator}"


def pieces_text(pieces: list[LambdaInterval]) -> tuple[str | None, str | None]:
    """The λ range of a row's pieces as exact "p/q" strings (None for an unbounded end)."""
    los = [p.lo for p in pieces]
    his = [p.hi for p in pieces]
    lo = None if any(v is None for v in los) else min(v for v in los if v is not None)
    hi = None if any(v is None for v in his) else max(v for v in his if v is not None)
    return _fmt(lo), _fmt(hi)


def _box_parent(
    ver: _Verifier, r: int, bi: np.ndarray, ni: np.ndarray, ratio: np.ndarray, release: Release | None
) -> tuple[float, int, int] | None:
    """(ratio, base, neighbour): a same-class pair whose axis-aligned box holds row r (exactly, under the box model), or None."""
    if len(bi) == 0:
        return None
    S = np.broadcast_to(ver.S_f[r], (len(bi), ver.S_f.shape[1]))
    Xb, Xn = ver.Xr_f[bi], ver.Xr_f[ni]
    rho = None if release is None else np.broadcast_to(release.radius_up(ver.S_f[r : r + 1])[0], S.shape)
    # the float prefilter of the box model proposes (Lemma 3 per coordinate); the exact test decides
    ok, _, _ = prefilter(S, Xb, Xn, "box", 0.0, 1.0, rho)
    for c in np.flatnonzero(ok)[:MAX_EXACT_TRIES]:
        b, n = int(bi[c]), int(ni[c])
        box = certify_box(ver.S_f[r].tolist(), ver.Xr[b].tolist(), ver.Xr[n].tolist(), release)
        if box and lambda_range("box").meets(box[0]):
            return float(ratio[c]), b, n
    return None


def diagnose(
    ver: _Verifier,
    cd: _ClassData,
    todo: np.ndarray,
    syn: np.ndarray,
    syn_y: np.ndarray,
    S_native: np.ndarray,
    certs: list[RowCertificate | None],
    best_ratio: dict[int, tuple[float, int, int]],
) -> None:
    """Pass C: name the reason of each unexplained row (neighbour outside kNN, other class, off tube)."""
    from scipy.spatial import cKDTree

    if len(todo) == 0:
        return
    members = cd.members
    N, d = ver.Xr_f.shape
    n_c = len(members)
    budget = 2_000_000
    m_bases = int(min(n_c, max(3 * (cd.cn.k if cd.cn else 1) + 10, budget // max(1, N * d))))
    tree = cKDTree(cd.Xc)
    _, near = tree.query(ver.S_f[todo], k=m_bases, workers=ver.jobs)
    near = np.asarray(near).reshape(len(todo), m_bases)
    class_set = set(members.tolist())
    for t, r in enumerate(ver.progress(todo.tolist(), len(todo), "diagnose")):
        bases = members[near[t]]
        bi = np.repeat(bases, N)
        ni = np.tile(np.arange(N), len(bases))
        sel = bi != ni
        bi, ni = bi[sel], ni[sel]
        S = np.broadcast_to(ver.S_f[r], (len(bi), d))
        rho_r = None if ver.rho is None else np.broadcast_to(ver.rho[r], (len(bi), d))
        ok, _, ratio = prefilter(S, ver.Xr_f[bi], ver.Xr_f[ni], ver.model, -1.0, 2.0, rho_r)
        done = False
        # same-class neighbours first, then by ratio
        other = np.array([n not in class_set for n in ni[ok]], dtype=bool)
        cand = np.flatnonzero(ok)[np.lexsort((ratio[ok], other))]
        for c in cand[:MAX_EXACT_TRIES]:
            b, n = int(bi[c]), int(ni[c])
            pieces = ver.certify(r, S_native[r], b, n)
            if not pieces:
                continue
            lo, hi = pieces_text(pieces)
            lam_status = ver.classify(pieces)
            lam_note = "" if lam_status == "ok" else f"; also {lam_status}"
            b_loc0 = int(np.searchsorted(members, b))
            n_loc0 = int(np.searchsorted(members, n))
            if n in class_set and cd.cn is not None and n_loc0 in cd.cn.ties[b_loc0]:
                certs[r] = RowCertificate(int(syn[r]), syn_y[r], lam_status if lam_status != "ok" else "ok", b, n, lo, hi)
            elif n in class_set:
                b_loc = int(np.searchsorted(members, b))
                n_loc = int(np.searchsorted(members, n))
                dist = np.einsum("ij,ij->i", cd.Xc - cd.Xc[b_loc], cd.Xc - cd.Xc[b_loc])
                rank = int(np.sum(dist < dist[n_loc]))  # float rank, informational
                certs[r] = RowCertificate(
                    int(syn[r]), syn_y[r], "neighbour_not_in_knn", b, n, lo, hi,
                    detail=f"neighbour is about the {rank}-th nearest of the base (k={cd.cn.k if cd.cn else 0}){lam_note}",
                )
            else:
                certs[r] = RowCertificate(
                    int(syn[r]), syn_y[r], "neighbour_other_class", b, n, lo, hi,
                    detail=f"neighbour has class {ver.yr[n].item()!r}{lam_note}",
                )
            done = True
            break
        if not done:
            # the nearest candidate is a same-class pair: another class's row is no SMOTE neighbour
            same = np.fromiter((n in class_set for n in ni.tolist()), dtype=bool, count=len(ni))
            j = int(np.flatnonzero(same)[np.argmin(ratio[same])]) if same.any() else -1
            br = best_ratio.get(r)
            if j >= 0 and (br is None or ratio[j] < br[0]):
                br = (float(ratio[j]), int(bi[j]), int(ni[j]))
            reason = ""
            hint, hinted = ver.release_hint()
            if br is not None and hinted is not None and ver.certify_under(r, br[1], br[2], hinted):
                reason = hint  # the release alone explains the row
            elif ver.model != "box" and ver.S_exact is None:
                found = _box_parent(ver, r, bi[same], ni[same], ratio[same], hinted)
                if found is not None:
                    br = found
                    reason = "; lies in the box of base and neighbour but not on the segment (try --model box)" + hint
            dist = _segment_distance(ver.S_f[r], ver.Xr_f[br[1]], ver.Xr_f[br[2]]) if br is not None else ""
            if not reason:
                reason = hint
            certs[r] = RowCertificate(
                int(syn[r]), syn_y[r], "outside_tube",
                br[1] if br else None, br[2] if br else None,
                tube_ratio=br[0] if br else None,
                detail=(f"nearest candidate: {dist}" if dist else "no candidate segment") + reason,
            )


def _segment_distance(s: Any, x: Any, n: Any) -> str:
    """The float distance from row s to the segment [x, n], for the message only (the verdict is already exact)."""
    dv = n - x
    dd = float(dv @ dv)
    lam = float(np.clip(((s - x) @ dv) / dd, 0.0, 1.0)) if dd > 0 else 0.0
    return f"distance {float(np.linalg.norm(s - x - lam * dv)):.3g} to the segment at λ≈{lam:.6g}"


__all__ = ["MAX_EXACT_TRIES", "diagnose", "pieces_text"]
