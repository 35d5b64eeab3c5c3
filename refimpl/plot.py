"""Draw the attacks' certificates and the checker's violations with matplotlib (optional extra ``plot``).

``pip install 'smote-refimpl[plot]'`` adds matplotlib. Every function draws on an ``ax`` that
the caller made, and returns what it drew, so that a test can check the picture against the
result object it came from:

* `draw_distin`: DistinSMOTE's verdicts and, for every ``synthetic`` verdict, its certificate,
  the witness segment from row ``a`` to row ``b`` (Lemma 1, proofs/01_interior.py);
* `draw_recon`: ReconSMOTE's lines, extended to the points they meet at, the points with their
  certified boxes, and (when given) the real records (Lemma 2, proofs/02_lines.py);
* `draw_conformance`: a conformance report's violating rows, with the candidate segment each
  one was checked against (Lemma 3, proofs/03_rounding_tube.py).

Rows have d coordinates; the picture shows two. ``project`` maps an (n × d) array to (n × 2)
and defaults to the first two columns. Use a *linear* map (columns, or a PCA basis as
`pca_projection` builds): a linear map sends points of a segment to points of the projected
segment (up to the rounding of the drawing, which no decision depends on), so a
certificate still looks like one. Points that are apart in d dimensions may land on each
other in two.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.attacks.scoring import recovered_mask
from refimpl.errors import BackendUnavailable

FloatArray = npt.NDArray[np.float64]
Projection = Callable[[FloatArray], FloatArray]

#: colour and marker per DistinSMOTE verdict
VERDICT_STYLE: dict[str, tuple[str, str]] = {
    "real": ("tab:blue", "o"),
    "synthetic": ("tab:red", "x"),
    "ambiguous": ("tab:green", "s"),
}


def _require_matplotlib() -> Any:
    try:
        from matplotlib.collections import LineCollection
    except ImportError:
        raise BackendUnavailable("refimpl.plot needs matplotlib: pip install 'smote-refimpl[plot]'") from None
    return LineCollection


def first_two(A: FloatArray) -> FloatArray:
    """The default projection: the first two columns (a 1-column array gets a zero second column)."""
    A = np.asarray(A, dtype=np.float64).reshape(len(A), -1)
    return A[:, :2] if A.shape[1] >= 2 else np.c_[A, np.zeros(len(A))]


def pca_projection(X: Any) -> Projection:
    """An affine map onto the two principal axes of X (centred, by SVD), for drawing only: segments map to segments."""
    A = np.asarray(X, dtype=np.float64)
    mean = A.mean(axis=0)
    if A.shape[1] < 2:
        return first_two
    _, _, vt = np.linalg.svd(A - mean, full_matrices=False)
    basis = vt[:2].T

    def project(B: FloatArray) -> FloatArray:
        return np.asarray((np.asarray(B, dtype=np.float64).reshape(len(B), -1) - mean) @ basis)

    return project


def draw_distin(
    ax: Any,
    X: Any,
    result: Any,
    *,
    is_real: Any = None,
    shown: Any = None,
    project: Projection = first_two,
    legend: bool = True,
) -> list[tuple[int, int, int]]:
    """Draw DistinSMOTE's verdicts and certificates; return them as (row, a, b); Lemma 1, proofs/01_interior.py.

    ``X`` is the attacked data and ``result`` the `refimpl.attacks.distin_smote` result on it.
    ``shown`` selects positions in ``result.index`` (default: all). A ``synthetic`` verdict is
    drawn with its witness segment from row ``a`` to row ``b`` of X (the collection has gid
    ``certificates``). With ``is_real`` (a boolean per row of X), verdicts that contradict it
    get a black ring; ``ambiguous`` is neither right nor wrong.
    """
    LineCollection = _require_matplotlib()
    P = project(np.asarray(X, dtype=np.float64))
    idx = np.asarray(result.index)
    verdicts = np.asarray(result.verdicts)
    pos = np.arange(idx.size) if shown is None else np.asarray(shown, dtype=np.intp)
    drawn: list[tuple[int, int, int]] = []
    for p in pos.tolist():
        w = result.witnesses[p]
        if verdicts[p] == "synthetic" and w is not None:
            drawn.append((int(idx[p]), int(w.a), int(w.b)))
    if drawn:
        segs = np.stack([P[[a for _, a, _ in drawn]], P[[b for _, _, b in drawn]]], axis=1)
        ax.add_collection(LineCollection(segs, colors="tab:purple", linewidths=0.9, alpha=0.8, zorder=2,
                                         gid="certificates", label=f"certificate: witness segment a–b ({len(drawn)})"))
    for verdict, (color, marker) in VERDICT_STYLE.items():
        rows = idx[pos][verdicts[pos] == verdict]
        ax.scatter(*P[rows].reshape(-1, 2).T, s=30 if verdict == "real" else 16, c=color, marker=marker, zorder=3,
                   edgecolors="k" if verdict == "real" else None, linewidths=0.6 if verdict == "real" else None,
                   label=f"said {verdict}: {rows.size}", gid=f"said-{verdict}")
    if is_real is not None:
        real = np.asarray(is_real, dtype=bool)
        truth = np.where(real[idx[pos]], "real", "synthetic")
        bad = idx[pos][(verdicts[pos] != truth) & (verdicts[pos] != "ambiguous")]
        ax.scatter(*P[bad].reshape(-1, 2).T, s=140, facecolors="none", edgecolors="k", linewidths=1.5,
                   zorder=4, label=f"wrong verdict (ringed): {bad.size}", gid="wrong")
    ax.autoscale_view()
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    return drawn


def recon_line_segments(syn: FloatArray, lines: Sequence[Any], pts: FloatArray,
                        support: Sequence[Sequence[int]]) -> list[tuple[int, FloatArray, FloatArray]]:
    """Each line as (line index, start, end): through its anchors, extended to the points it supports.

    ``support[p]`` lists the lines through point ``pts[p]``. A line runs from one extreme to
    the other of its anchors and the points it supports, so that one sees it reach the
    record it points at. Works in any dimension (project the ends afterwards: linear maps
    keep the points on the segment).
    """
    supports: dict[int, list[int]] = {}
    for p, through in enumerate(support):
        for li in through:
            supports.setdefault(int(li), []).append(p)
    out = []
    for li, line in enumerate(lines):
        a, b = syn[line.anchors[0]], syn[line.anchors[1]]
        u = b - a
        ts = [0.0, 1.0] + [float((pts[p] - a) @ u / (u @ u)) for p in supports.get(li, [])]
        out.append((li, a + min(ts) * u, a + max(ts) * u))
    return out


def one_digit_up(x: Any) -> str:
    """``x`` (a Fraction or float ≥ 0) rounded *up* to one significant digit, as text "me": a bound stays a bound."""
    q = Fraction(x)
    if q == 0:
        return "0"
    e = math.floor(math.log10(q))  # may be off by one near a power of 10: fixed below, exactly
    m = math.ceil(q / Fraction(10) ** e)
    while m > 10:
        m, e = -(-m // 10), e + 1  # ceil(m / 10): still ≥ q
    if m == 10:
        m, e = 1, e + 1
    return f"{m}e{e}"


def draw_recon(
    ax: Any,
    syn: Any,
    result: Any,
    *,
    real: Any = None,
    lines: Any = None,
    points: Any = None,
    project: Projection = first_two,
    legend: bool = True,
) -> list[tuple[int, FloatArray, FloatArray]]:
    """Draw ReconSMOTE's lines, its points and (with ``real``) the real records; Lemma 2, proofs/02_lines.py.

    ``syn`` is the attacked synthetic data and ``result`` the `refimpl.attacks.recon_smote`
    result on it. ``lines`` and ``points`` select indices into ``result.lines`` and
    ``result.points`` (default: all). Lines that support a drawn point are extended to it
    (gid ``lines``); the others stay between their anchors, dashed (gid ``lines-alone``).
    Each drawn point gets its certified box, projected (gid ``boxes``). Real records held by
    some box are ringed blue (rebuilt), the others dashed grey (missed). Returns the line
    segments drawn, in the data's own coordinates, as (line index, start, end).
    """
    LineCollection = _require_matplotlib()
    S = np.asarray(syn, dtype=np.float64)
    d = S.shape[1]
    pts = np.asarray(result.points, dtype=np.float64).reshape(-1, d)
    li_shown = list(range(len(result.lines))) if lines is None else [int(i) for i in lines]
    p_shown = list(range(len(pts))) if points is None else [int(i) for i in points]
    # lines extend only to the drawn points: a partial picture must not hint at the rest
    support = [result.support[p] if p in p_shown else [] for p in range(len(pts))]
    segs = [s for s in recon_line_segments(S, result.lines, pts, support) if s[0] in li_shown]
    used = {int(li) for p in p_shown for li in result.support[p]}
    ax.scatter(*project(S).T, s=5, c="tab:red", alpha=0.45, zorder=1, label=f"released synthetic rows ({S.shape[0]})")
    on = [s for s in segs if s[0] in used]
    off = [s for s in segs if s[0] not in used]

    def ends(items: list[tuple[int, FloatArray, FloatArray]]) -> FloatArray:
        starts = project(np.stack([s for _, s, _ in items]))
        stops = project(np.stack([e for _, _, e in items]))
        return np.stack([starts, stops], axis=1)

    if on:
        ax.add_collection(LineCollection(ends(on), colors="tab:orange", linewidths=0.9, zorder=2, gid="lines",
                                         label=f"detected line through a reconstructed point ({len(on)})"))
    if off:
        ax.add_collection(LineCollection(ends(off), colors="0.45", linewidths=0.8, linestyles="dashed", zorder=2,
                                         gid="lines-alone", label=f"detected line, no point shown ({len(off)})"))
    if real is not None:
        R = np.asarray(real, dtype=np.float64).reshape(-1, d)
        hit = recovered_mask(result, R)
        ax.scatter(*project(R[hit]).reshape(-1, 2).T, s=90, facecolors="none", edgecolors="tab:blue", linewidths=1.4,
                   zorder=3, label=f"real record, rebuilt: {int(hit.sum())}", gid="rebuilt")
        ax.scatter(*project(R[~hit]).reshape(-1, 2).T, s=90, facecolors="none", edgecolors="0.5",
                   linestyles="dashed", zorder=3, label=f"real record, missed: {int((~hit).sum())}", gid="missed")
    if p_shown:
        boxes = []
        for p in p_shown:
            lo, hi = (np.array([float(v) for v in b]) for b in result.boxes[p])
            corners = project(np.stack([lo, hi]))
            x0, y0 = corners.min(axis=0)
            x1, y1 = corners.max(axis=0)
            boxes.append(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]))
        ax.add_collection(LineCollection(boxes, colors="k", linewidths=0.6, zorder=4, gid="boxes"))
        radius = one_digit_up(max(result.radius[p] for p in p_shown))
        ax.scatter(*project(pts[p_shown]).T, s=60, c="k", marker="+", linewidths=1.4, zorder=4, gid="points",
                   label=f"reconstructed ({len(p_shown)}), certified radius ≤ {radius}")
    ax.autoscale_view()
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    return segs


def draw_conformance(
    ax: Any,
    X_real: Any,
    X_out: Any,
    report: Any,
    *,
    project: Projection = first_two,
    max_rows: int = 200,
    legend: bool = True,
) -> list[int]:
    """Draw a conformance report's violating rows and their candidate segments; Lemma 3, proofs/03_rounding_tube.py.

    Real rows are grey, conforming synthetic rows small dots; each violating row (at most
    ``max_rows``, in report order) is a marker coloured by its status (gid
    ``violation-<status>``), joined by a dashed line to the base and neighbour it was
    checked against when the report names them (gid ``candidate-segments``). Returns the
    output rows drawn as violations.
    """
    LineCollection = _require_matplotlib()
    R = np.asarray(X_real, dtype=np.float64)
    O = np.asarray(X_out, dtype=np.float64)  # noqa: E741
    PR, PO = project(R), project(O)
    ok_rows = [c.row for c in report.certificates if c.ok]
    bad = [c for c in report.certificates if not c.ok][:max_rows]
    ax.scatter(*PR.T, s=6, c="0.75", zorder=0, label=f"real rows ({len(R)})")
    ax.scatter(*PO[ok_rows].reshape(-1, 2).T, s=5, c="tab:blue", alpha=0.5, zorder=1,
               label=f"synthetic, conforms ({len(ok_rows)})")
    segs = [np.stack([PR[c.base], PO[c.row], PR[c.neighbour]]) for c in bad if c.base is not None and c.neighbour is not None]
    if segs:
        ax.add_collection(LineCollection(segs, colors="0.3", linewidths=0.7, linestyles="dashed", zorder=2,
                                         gid="candidate-segments", label="base → row → neighbour checked"))
    statuses = sorted({c.status for c in bad})
    for i, status in enumerate(statuses):
        rows = [c.row for c in bad if c.status == status]
        ax.scatter(*PO[rows].reshape(-1, 2).T, s=28, marker="x", c=f"C{(i + 3) % 10}", zorder=3,
                   label=f"{status} ({len(rows)})", gid=f"violation-{status}")
    ax.autoscale_view()
    if legend:
        ax.legend(fontsize=7, loc="upper left")
    return [c.row for c in bad]


__all__ = [
    "VERDICT_STYLE",
    "draw_conformance",
    "draw_distin",
    "draw_recon",
    "first_two",
    "one_digit_up",
    "pca_projection",
    "recon_line_segments",
]
