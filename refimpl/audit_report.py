"""The data holder's report: what a SMOTE release exposes, before it is published.

`audit_release` takes the real table and the table about to be released (the real rows plus
SMOTE's rows, or SMOTE's rows alone) and runs what an attacker with the release alone can
run, scoring it against the real records that the data holder has and the attacker lacks:

* **DistinSMOTE** (Lemma 1, proofs/01_interior.py) on the release: which rows it *certifies*
  synthetic, with the two rows each one lies strictly between, and which rows it therefore
  singles out as real. Every release row that equals a real record and is called ``real``
  is a real record picked out of the release.
* **ReconSMOTE** (Lemma 2, proofs/02_lines.py) on the release's synthetic rows alone: the
  records it rebuilds where ≥ 3 segment lines meet, each with a certified radius; a rebuilt
  record "hits" a real one when the real record lies in its certified box (exact comparison).
* **Naive metrics**: DCR and distinguishability (`refimpl.metrics`), and anonymeter's
  linkability risk when anonymeter is installed. These are the numbers that make SMOTE look
  safe; the report puts them next to the attacks.
* **The protection ladder**: the release perturbed by rounding and by uniform noise, weakest
  first (`refimpl.release.apply_release`), and the noise-aware attacks (``release=`` the
  perturbation, Lemma 6, proofs/06_noisy_tubes.py) run again. The first rung where both
  attacks' F1 falls below one half is the perturbation that would stop *these* attacks, as
  in the protection curve of the benchmarks. It is no privacy guarantee.

`AuditReport.to_html` writes one self-contained page (inline CSS, figures as base64 PNG, no
script, nothing fetched), readable offline; `AuditReport.to_dict` the same content as JSON.
"""

from __future__ import annotations

import base64
import html
import io
import json
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from refimpl.attacks.scoring import in_box
from refimpl.errors import InvalidInput, InvalidParameter, ShapeMismatch
from refimpl.fpformat import float_down, float_up
from refimpl.results import ResultDisplay
from refimpl.sampling_strategy import require_minority

FloatArray = npt.NDArray[np.float64]

#: F1 below which an attack counts as stopped on a rung of the ladder (as bench/perturbation.py)
STOPPED_F1 = 0.5
#: rounding rungs, weakest first
DECIMALS_LADDER: tuple[int, ...] = (6, 4, 3, 2, 1)
#: uniform noise rungs, as fractions of the largest column half-range, weakest first
NOISE_LADDER: tuple[float, ...] = (1e-5, 1e-4, 1e-3, 1e-2, 1e-1)
#: rows shown per table in the HTML page (the JSON has all)
HTML_TABLE_ROWS = 50


@dataclass(frozen=True)
class Rung:
    """One perturbation of the release and the noise-aware attacks' scores on it."""

    release: str
    distin_precision: float
    distin_recall: float
    recon_precision: float
    recon_recall: float
    stopped: bool
    #: why an attack did not run on this rung (then the rung does not count as stopping it)
    note: str = ""


@dataclass(repr=False)
class AuditReport(ResultDisplay):
    """What `audit_release` found: the exposed records, the naive metrics, the protection ladder, figures."""

    minority: Any
    columns: list[str]
    n_real: int
    n_real_minority: int
    n_release: int
    n_release_minority: int
    real_copies: int
    synthetic_rows: int
    k: int
    distin: dict[str, Any] | None
    identified_real: list[dict[str, Any]]
    certified_synthetic: list[dict[str, Any]]
    recon: dict[str, Any] | None
    rebuilt: list[dict[str, Any]]
    naive: dict[str, Any]
    ladder: list[Rung]
    protection: str | None
    summary_lines: list[str]
    #: per family (``decimals``, ``uniform``): the weakest rung that stops both attacks, or None
    protection_by_family: dict[str, str | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict, repr=False)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Everything but the figures, JSON-ready."""
        return {
            "minority": _jsonable(self.minority),
            "columns": self.columns,
            "n_real": self.n_real,
            "n_real_minority": self.n_real_minority,
            "n_release": self.n_release,
            "n_release_minority": self.n_release_minority,
            "real_copies": self.real_copies,
            "synthetic_rows": self.synthetic_rows,
            "k": self.k,
            "summary": self.summary_lines,
            "distin": self.distin,
            "identified_real": self.identified_real,
            "certified_synthetic": self.certified_synthetic,
            "recon": self.recon,
            "rebuilt": self.rebuilt,
            "naive": self.naive,
            "ladder": [r.__dict__ for r in self.ladder],
            "protection": self.protection,
            "protection_by_family": self.protection_by_family,
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
        }

    def to_json(self, **kwargs: Any) -> str:
        """`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), **kwargs)

    def to_frame(self) -> Any:
        """The real records the release exposes, one line each: how (identified / rebuilt) and by which rows."""
        import pandas as pd

        rows = [{"real_row": e["real_row"], "how": "identified by DistinSMOTE", "release_row": e["release_row"],
                 "radius": 0.0} for e in self.identified_real]
        rows += [{"real_row": e["nearest_real_row"], "how": "rebuilt by ReconSMOTE", "release_row": None,
                  "radius": e["radius"]} for e in self.rebuilt if e["hit"]]
        return pd.DataFrame(rows, columns=["real_row", "how", "release_row", "radius"])

    def to_html(self) -> str:
        """One self-contained HTML page: summary, exposed records, naive metrics, ladder, figures."""
        return _page(self)


# ---------------------------------------------------------------------------------------
# The audit
# ---------------------------------------------------------------------------------------


def _matrix(X: Any, name: str) -> FloatArray:
    from refimpl.input_checks import as_feature_array

    return np.asarray(as_feature_array(X, name=name), dtype=np.float64)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def ladder_specs(X: FloatArray, decimals: tuple[int, ...] = DECIMALS_LADDER,
                 noise: tuple[float, ...] = NOISE_LADDER) -> list[str]:
    """The release perturbations tried, weakest first per family: rounding, then uniform noise scaled to the data.

    Noise is a fraction of the largest column half-range (on data scaled to [−1, 1], as in the
    benchmarks, the fraction itself).
    """
    half = float(np.max(np.ptp(X, axis=0)) / 2) if X.size else 1.0
    half = half if half > 0 else 1.0
    return [f"decimals:{p}" for p in decimals] + [f"uniform:{f * half:.3g}" for f in noise]


def audit_release(
    X_real: Any,
    y_real: Any,
    X_release: Any,
    y_release: Any,
    *,
    minority: Any = None,
    k: int = 5,
    perturbations: list[str] | None = None,
    figures: bool = True,
    seed: int = 0,
) -> AuditReport:
    """What releasing X_release exposes of X_real's minority records; Lemmas 1, 2 and 6 (proofs/01, 02, 06).

    ``minority`` defaults to the least frequent class of y_real (`require_minority`: a tie raises).
    ``perturbations`` are the ladder's release specs (default `ladder_specs`; ``[]`` skips it).
    """
    t0 = time.perf_counter()
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidParameter(f"k must be a positive integer (SMOTE's neighbour count), got {k!r}")
    R = _matrix(X_real, "X_real")
    S = _matrix(X_release, "X_release")
    if R.shape[1] != S.shape[1]:
        raise ShapeMismatch(f"the real table has {R.shape[1]} feature columns and the release {S.shape[1]}; "
                            "pass the same columns in the same order")
    yr, ys = np.asarray(y_real), np.asarray(y_release)
    if len(yr) != len(R) or len(ys) != len(S):
        raise ShapeMismatch("pass one label per row, for the real table and for the release")
    notes: list[str] = []
    if minority is None:
        minority = require_minority(yr)
    real_min_rows = np.flatnonzero(yr == minority)
    rel_min_rows = np.flatnonzero(ys == minority)
    if len(real_min_rows) == 0 or len(rel_min_rows) == 0:
        raise InvalidInput(f"class {minority!r} has no row in the {'real table' if len(real_min_rows) == 0 else 'release'}; "
                           "pass minority= the oversampled class")
    columns = [str(c) for c in getattr(X_real, "columns", [f"x{j}" for j in range(R.shape[1])])]
    real_min = R[real_min_rows]
    # a release row is a real record iff it equals one, coordinate by coordinate (-0.0 == 0.0)
    where_real: dict[tuple[float, ...], int] = {}
    for i in real_min_rows.tolist():
        where_real.setdefault(tuple(R[i].tolist()), i)
    real_of = np.array([where_real.get(tuple(S[i].tolist()), -1) for i in range(len(S))], dtype=np.int64)
    is_real = real_of >= 0
    syn_rows = rel_min_rows[~is_real[rel_min_rows]]
    syn = S[syn_rows]

    distin_part, identified, certified, distin_res = _distin_part(S, ys, minority, k, is_real, real_of, notes)
    recon_part, rebuilt, recon_res = _recon_part(syn, real_min, real_min_rows, k, notes)
    naive = _naive(real_min, syn, columns, seed, notes)
    specs = ladder_specs(S) if perturbations is None else list(perturbations)
    ladder = [_rung(spec, S, ys, minority, syn, real_min, k, is_real, seed) for spec in specs]
    protection = next((r.release for r in ladder if r.stopped), None)
    by_family = {fam: next((r.release for r in ladder if r.stopped and r.release.startswith(fam + ":")), None)
                 for fam in dict.fromkeys(spec.split(":")[0] for spec in specs)}
    report = AuditReport(
        minority=minority, columns=columns, n_real=len(R), n_real_minority=len(real_min_rows),
        n_release=len(S), n_release_minority=len(rel_min_rows), real_copies=int(is_real[rel_min_rows].sum()),
        synthetic_rows=len(syn_rows), k=k, distin=distin_part, identified_real=identified,
        certified_synthetic=certified, recon=recon_part, rebuilt=rebuilt, naive=naive, ladder=ladder,
        protection=protection, summary_lines=[], protection_by_family=by_family, notes=notes,
    )
    report.summary_lines = _plain_summary(report)
    if figures:
        report.figures = _figures(S, ys, minority, is_real, distin_res, syn, real_min, recon_res, ladder, notes)
    report.seconds = time.perf_counter() - t0
    return report


def _distin_part(S: FloatArray, ys: Any, minority: Any, k: int, is_real: Any, real_of: Any,
                 notes: list[str]) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]], Any]:
    from refimpl.attacks import distin_smote
    from refimpl.attacks.scoring import distin_scores
    from refimpl.errors import RefimplError

    try:
        res = distin_smote(S, ys, minority=minority, k=k)
    except RefimplError as exc:
        notes.append(f"DistinSMOTE did not run: {exc}")
        return None, [], [], None
    sc = distin_scores(res, is_real)
    identified = [{"release_row": int(r), "real_row": int(real_of[r])}
                  for r, v in zip(res.index.tolist(), res.verdicts.tolist()) if v == "real" and is_real[r]]
    certified = []
    for r, v, w in zip(res.index.tolist(), res.verdicts.tolist(), res.witnesses):
        if v == "synthetic" and w is not None:
            certified.append({
                "release_row": int(r), "truly_synthetic": bool(not is_real[r]),
                "witness_a": int(w.a), "witness_b": int(w.b),
                "witness_a_real_row": int(real_of[w.a]) if is_real[w.a] else None,
                "witness_b_real_row": int(real_of[w.b]) if is_real[w.b] else None,
                "lambda_lo": float_down(Fraction(w.lam_lo)), "lambda_hi": float_up(Fraction(w.lam_hi)),
            })
    part = {**res.counts(), "precision": sc.precision, "recall": sc.recall,
            "real_precision": sc.real_precision, "real_recall": sc.real_recall,
            "guarantee": res.guarantee, "notes": list(res.notes)}
    if not is_real.any():
        notes.append("the release holds no copy of a real record: DistinSMOTE's question (which rows are real) "
                     "does not arise, and its 'real' verdicts are synthetic rows it could not place")
    return part, identified, certified, res


def _recon_part(syn: FloatArray, real_min: FloatArray, real_min_rows: Any, k: int,
                notes: list[str]) -> tuple[dict[str, Any] | None, list[dict[str, Any]], Any]:
    from scipy.spatial import cKDTree

    from refimpl.attacks import recon_smote
    from refimpl.attacks.scoring import recon_scores
    from refimpl.errors import RefimplError

    if len(syn) < 3:
        notes.append(f"ReconSMOTE needs ≥ 3 synthetic rows; the release has {len(syn)}")
        return None, [], None
    try:
        res = recon_smote(syn, k=k)
    except RefimplError as exc:
        notes.append(f"ReconSMOTE did not run: {exc}")
        return None, [], None
    sc = recon_scores(res, real_min)
    rebuilt = []
    if len(res):
        dist, nearest = cKDTree(real_min).query(res.points, k=1, p=np.inf)
        for i in range(len(res)):
            j = int(nearest[i])
            hit = in_box(res.boxes[i], real_min[j].tolist())  # exact: the box is certified
            rebuilt.append({"point": [float(v) for v in res.points[i]], "radius": float_up(res.radius[i]),
                            "support": len(res.support[i]), "nearest_real_row": int(real_min_rows[j]),
                            "distance_inf": float(dist[i]), "hit": bool(hit)})
    part = {"points": len(res), "lines": len(res.lines), "precision": sc.precision, "recall": sc.recall,
            "matched": sc.matched, "max_radius": float_up(max(res.radius, default=Fraction(0))),
            "guarantee": res.guarantee, "ratio": round(len(syn) / max(1, len(real_min)), 2)}
    return part, rebuilt, res


def _naive(real_min: FloatArray, syn: FloatArray, columns: list[str], seed: int, notes: list[str]) -> dict[str, Any]:
    from refimpl.errors import RefimplError
    from refimpl.metrics import dcr, distinguishability_auc

    out: dict[str, Any] = {}
    if len(syn) == 0 or len(real_min) < 2:
        notes.append("naive metrics skipped: they need ≥ 2 real minority rows and ≥ 1 synthetic row")
        return out
    try:
        d = dcr(real_min, syn)
        out["dcr"] = {"share_closer": d.share_closer, "p5": d.p_low, "real_p5": d.real_p_low, "copies": d.n_copies}
    except RefimplError as exc:
        notes.append(f"DCR not computed: {exc}")
    try:
        a = distinguishability_auc(real_min, syn, random_state=seed)
        out["distinguishability_auc"] = a.auc
    except RefimplError as exc:
        notes.append(f"distinguishability not computed: {exc}")
    out["linkability"] = _linkability(real_min, syn, columns, notes)
    return out


def _linkability(real_min: FloatArray, syn: FloatArray, columns: list[str], notes: list[str]) -> Any:
    """anonymeter's linkability risk (first half of the columns vs the rest), or None without anonymeter."""
    try:
        import pandas as pd
        from anonymeter.evaluators import LinkabilityEvaluator
    except ImportError:
        notes.append("linkability not measured: anonymeter is not installed (pip install anonymeter)")
        return None
    if len(columns) < 2 or len(real_min) < 4:
        return None
    half = len(columns) // 2
    ori = pd.DataFrame(real_min, columns=columns)
    syn_f = pd.DataFrame(syn, columns=columns)
    n_attacks = max(1, min(len(ori), len(syn_f)) // 2)
    try:
        ev = LinkabilityEvaluator(ori=ori, syn=syn_f, n_attacks=n_attacks, aux_cols=(columns[:half], columns[half:]))
        ev.evaluate(n_jobs=1)
        risk = ev.risk()
    except Exception as exc:  # a third-party metric: its failure must not stop the audit
        notes.append(f"linkability not measured: anonymeter failed ({type(exc).__name__}: {exc})")
        return None
    return {"risk": float(risk.value), "ci": [float(v) for v in risk.ci], "n_attacks": n_attacks}


def _rung(spec: str, S: FloatArray, ys: Any, minority: Any, syn: FloatArray, real_min: FloatArray, k: int,
          is_real: Any, seed: int) -> Rung:
    from refimpl.attacks import distin_smote, recon_smote
    from refimpl.attacks.scoring import distin_scores, recon_scores
    from refimpl.errors import RefimplError
    from refimpl.release import apply_release

    dp = dr = rp = rr = 0.0
    failed: list[str] = []
    try:
        res = distin_smote(apply_release(S, spec, seed=seed + 1), ys, minority=minority, k=k, release=spec)
        sc = distin_scores(res, is_real)
        dp, dr = sc.precision, sc.recall
    except RefimplError as exc:
        failed.append(f"DistinSMOTE did not run: {exc}")
    if len(syn) >= 3:
        try:
            rres = recon_smote(apply_release(syn, spec, seed=seed + 2), k=k, release=spec)
            rs = recon_scores(rres, real_min)
            rp, rr = rs.precision, rs.recall
        except RefimplError as exc:
            failed.append(f"ReconSMOTE did not run: {exc}")
    # an attack with nothing to find (no synthetic row) scores F1 = 0; one that failed to run stops nothing
    stopped = not failed and _f1(dp, dr) < STOPPED_F1 and _f1(rp, rr) < STOPPED_F1
    return Rung(spec, dp, dr, rp, rr, stopped, "; ".join(failed))


# ---------------------------------------------------------------------------------------
# Words and pictures
# ---------------------------------------------------------------------------------------


def _plain_summary(r: AuditReport) -> list[str]:
    lines = [f"The release has {r.n_release_minority} rows of class {r.minority!r}: {r.real_copies} are unchanged "
             f"copies of your {r.n_real_minority} real records, {r.synthetic_rows} are synthetic."]
    if r.distin is not None and r.real_copies:
        called_real, found = r.distin["real"], len(r.identified_real)
        line = (
            f"From the release alone, DistinSMOTE proves {r.distin['synthetic']} rows synthetic (each lies strictly "
            f"between two other rows). Of the {called_real} rows it leaves as real, {found} are your real records "
            f"({found} of the {r.real_copies} in the release; {r.distin['real_precision']:.0%} of its 'real' calls)."
        )
        if found and r.distin["real_precision"] >= 0.9:  # the 'real' calls are then nearly all true
            line += " An attacker learns which rows are real people."
        lines.append(line)
    if r.recon is not None:
        hits = sum(e["hit"] for e in r.rebuilt)
        lines.append(
            f"From the synthetic rows alone, ReconSMOTE rebuilds {hits} of your {r.n_real_minority} real records, "
            f"each inside a certified box of radius ≤ {r.recon['max_radius']:.3g} ({r.recon['points']} points reported)."
        )
    dcr = r.naive.get("dcr")
    if dcr is not None:
        auc = r.naive.get("distinguishability_auc")
        auc_text = f"; a classifier tells real from synthetic with AUC {auc:.2f}" if auc is not None else ""
        calm = dcr["copies"] == 0 and (auc is None or auc < 0.6)
        lines.append(
            f"{'The usual metrics look reassuring' if calm else 'The usual metrics'}: {dcr['copies']} synthetic rows "
            f"copy a real record, {dcr['share_closer']:.0%} are closer to a real record than its nearest real "
            f"neighbour is{auc_text}. They do not see the segment geometry the attacks use."
        )
    lines += [n for n in r.notes if "did not run" in n or "needs ≥ 3" in n]  # an attack missing is news
    if r.ladder:
        stops = [f"{spec} ({fam})" for fam, spec in r.protection_by_family.items() if spec is not None]
        if stops:
            lines.append(
                "The weakest perturbations tried that stop both certified attacks here (F1 < "
                f"{STOPPED_F1}): {', '.join(stops)}. That stops these two attacks; it is not a privacy guarantee."
            )
        else:
            lines.append(f"None of the {len(r.ladder)} perturbations tried (up to {r.ladder[-1].release}) stops both "
                         "certified attacks.")
    return lines


def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figures(S: FloatArray, ys: Any, minority: Any, is_real: Any, distin_res: Any, syn: FloatArray,
             real_min: FloatArray, recon_res: Any, ladder: list[Rung], notes: list[str]) -> dict[str, str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        notes.append("no figures: matplotlib is not installed (pip install 'smote-refimpl[plot]')")
        return {}
    from refimpl.plot import draw_distin, draw_recon, pca_projection

    out: dict[str, str] = {}
    minority_rows = S[np.asarray(ys) == minority]
    project = pca_projection(minority_rows) if S.shape[1] > 2 else (lambda A: np.asarray(A)[:, :2])
    axes_note = "first two principal axes of the release's minority rows" if S.shape[1] > 2 else "the two columns"
    if distin_res is not None:
        fig, ax = plt.subplots(figsize=(7, 5.5))
        draw_distin(ax, S, distin_res, is_real=is_real, project=project, legend=False)
        ax.set_title(f"DistinSMOTE: certificates (witness segments), {axes_note}", fontsize=9)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2)
        out["distin"] = _png(fig)
    if recon_res is not None and len(recon_res.lines):
        fig, ax = plt.subplots(figsize=(7, 5.5))
        draw_recon(ax, syn, recon_res, real=real_min, project=project, legend=False)
        ax.set_title(f"ReconSMOTE: lines, rebuilt records and their boxes, {axes_note}", fontsize=9)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2)
        out["recon"] = _png(fig)
    if ladder:
        fig, ax = plt.subplots(figsize=(7, 3.5))
        x = np.arange(len(ladder))
        family = [r.release.split(":")[0] for r in ladder]
        for name, marker, color, f1 in (
            ("DistinSMOTE F1", "o", "C0", [_f1(r.distin_precision, r.distin_recall) for r in ladder]),
            ("ReconSMOTE F1", "s", "C1", [_f1(r.recon_precision, r.recon_recall) for r in ladder]),
        ):
            for i, fam in enumerate(dict.fromkeys(family)):  # one line per family: rungs of different kinds
                idx = [j for j in x.tolist() if family[j] == fam]
                ax.plot(idx, [f1[j] for j in idx], marker=marker, color=color, label=name if i == 0 else None)
        ax.axhline(STOPPED_F1, c="k", lw=0.7, ls="--", label="stopped below")
        ax.set_xticks(x, [r.release for r in ladder], rotation=35, fontsize=7, ha="right")
        ax.set_ylim(-0.03, 1.05)
        ax.set_title("Noise-aware attacks on the perturbed release (weakest perturbation first per family)", fontsize=9)
        ax.legend(fontsize=7)
        out["ladder"] = _png(fig)
    return out


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.summary{background:#fff4e5;border-left:4px solid #e67e22;padding:.6rem 1rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;
text-align:right}th{background:#f3f3f3}img{max-width:100%}.note{color:#555;font-size:.85rem}
"""


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "<p class='note'>none</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows[:HTML_TABLE_ROWS]
    )
    more = (f"<p class='note'>first {HTML_TABLE_ROWS} of {len(rows)}; the JSON report (--json) has all</p>"
            if len(rows) > HTML_TABLE_ROWS else "")
    return f"<table><tr>{head}</tr>{body}</table>{more}"


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list):
        return ", ".join(_fmt(x) for x in v)
    return str(v)


def _img(report: AuditReport, name: str, alt: str) -> str:
    data = report.figures.get(name)
    if data is None:
        return ""
    return f"<p><img alt='{html.escape(alt)}' src='data:image/png;base64,{data}'></p>"


def _page(r: AuditReport) -> str:
    esc = html.escape
    summary = "".join(f"<p>{esc(line)}</p>" for line in r.summary_lines)
    distin = r.distin or {}
    recon = r.recon or {}
    naive_rows = []
    if "dcr" in r.naive:
        d = r.naive["dcr"]
        naive_rows += [{"metric": "DCR: synthetic rows that copy a real record", "value": d["copies"]},
                       {"metric": "DCR: share closer than the real record's nearest real neighbour", "value": d["share_closer"]},
                       {"metric": f"DCR: 5th percentile (real data's own: {d['real_p5']:.4g})", "value": d["p5"]}]
    if "distinguishability_auc" in r.naive:
        naive_rows.append({"metric": "distinguishability AUC (random forest, 0.5 = indistinguishable)",
                           "value": r.naive["distinguishability_auc"]})
    link = r.naive.get("linkability")
    naive_rows.append({"metric": "linkability risk (anonymeter)", "value": link["risk"] if link else "not measured"})
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>SMOTE release audit</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>What this SMOTE release exposes</h1>",
        f"<div class='summary' id='summary'>{summary}</div>",
        "<p class='note'>Row numbers are 0-based data rows of the real file and of the release file. This page "
        "shows rebuilt records, which are your real records' values: keep it as private as the data.</p>",
        "<h2>Real records DistinSMOTE picks out</h2>",
        "<p>DistinSMOTE calls a row synthetic only with a certificate: two other rows it lies strictly between "
        "(within the rounding of SMOTE's arithmetic). The rows left over are the real ones.</p>",
        f"<p>Verdicts: {distin.get('real', 0)} real, {distin.get('synthetic', 0)} synthetic, "
        f"{distin.get('ambiguous', 0)} ambiguous; precision of 'synthetic' {_fmt(distin.get('precision'))}, "
        f"recall {_fmt(distin.get('recall'))}.</p>" if r.distin is not None else "<p class='note'>not run</p>",
        _table(r.identified_real, ["release_row", "real_row"]),
        "<h3>Certified synthetic rows and the rows they point at</h3>",
        _table(r.certified_synthetic, ["release_row", "witness_a", "witness_b", "witness_a_real_row",
                                       "witness_b_real_row", "lambda_lo", "lambda_hi"]),
        _img(r, "distin", "DistinSMOTE certificates"),
        "<h2>Real records ReconSMOTE rebuilds from the synthetic rows alone</h2>",
        "<p>Synthetic rows of one segment are collinear; segment lines meet at the real record they share. "
        "Each rebuilt point comes with a certified box; 'hit' means the nearest real record lies inside it.</p>",
        f"<p>{recon.get('points', 0)} points from {recon.get('lines', 0)} lines; precision {_fmt(recon.get('precision'))}, "
        f"recall {_fmt(recon.get('recall'))}.</p>" if r.recon is not None else "<p class='note'>not run</p>",
        _table(r.rebuilt, ["nearest_real_row", "hit", "radius", "distance_inf", "support", "point"]),
        _img(r, "recon", "ReconSMOTE lines and rebuilt records"),
        "<h2>What the naive metrics would have said</h2>",
        _table(naive_rows, ["metric", "value"]),
        "<h2>The perturbation that would stop these attacks</h2>",
        "<p>The release perturbed, weakest first, and the attacks run again knowing the perturbation. "
        f"A rung stops an attack when its F1 falls below {STOPPED_F1}. This measures these two attacks only; "
        "it is no privacy guarantee, and the utility cost is not measured here.</p>",
        _table([r_.__dict__ for r_ in r.ladder], ["release", "distin_precision", "distin_recall", "recon_precision",
                                                  "recon_recall", "stopped", "note"]),
        "<p><strong>Weakest stopping perturbation per family: "
        + esc(", ".join(f"{fam}: {spec or 'none tried'}" for fam, spec in r.protection_by_family.items()) or "none tried")
        + "</strong></p>",
        _img(r, "ladder", "protection ladder"),
        "<h2>Notes</h2>",
        "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in r.notes) + "</ul>" if r.notes else "<p class='note'>none</p>",
        f"<p class='note'>k = {r.k}; {r.n_real} real rows, {r.n_release} release rows; "
        f"{r.seconds:.1f} s. Made by smote-refimpl's audit.</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _jsonable(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


__all__ = ["DECIMALS_LADDER", "NOISE_LADDER", "STOPPED_F1", "AuditReport", "Rung", "audit_release", "ladder_specs"]
