"""Adversarial run of DistinSMOTE (issue 15): no real row called ``synthetic`` unless the data breaks the stated assumption.

    python bench/adversarial.py            # 10,000 generated configurations (≈ 5 CPU minutes)
    python bench/adversarial.py --quick    # 200 configurations (CI-sized, tests/bench)
    python bench/adversarial.py --configs N --seed S

Every configuration is tiny (2 to 20 real minority rows, d = 1 … 100) and drawn from a seeded
generator (``numpy.random.default_rng([seed, i])``), one family per configuration in turn:

* ``gaussian``: d log-uniform in 1 … 100, few rows;
* ``lattice``: integer rows in {0 … L}^d (duplicates and real rows between real rows occur by chance);
* ``midpoint``: dyadic rows plus 1–3 real rows placed *exactly* at λ = p/q (q = 2 … 16) on the
  segment of two real rows, with few synthetic rows: general position broken by construction;
* ``far``: a cluster at an offset 10^8 … 10^12 with a spread 10^-6 … 1;
* ``tiny``: 2–6 real rows;
* ``duplicates``: 1–3 real rows repeated exactly;
* ``float32``: float32 data, SMOTE in imbalanced-learn's mixed float32 arithmetic;
* ``exact``: ``refimpl.SMOTE(arithmetic="exact")`` (Fractions; Gaussian or a cluster at
  10^8 ± 10^-6), attacked with ``kernel="exact"`` and with the default kernel;
* ``release``: float64 SMOTE output released as ``decimals:N``, ``float32`` or ``uniform:ε``
  (originals included, as Weka and CSV exports do), attacked with that release model.

SMOTE is ``refimpl.SMOTE`` (imbalanced-learn bit for bit in float64), so the truth is exact:
the first n rows of the minority are the real ones. The attack is ``distin_smote`` with its
default options; one configuration in ten of the float families is attacked again with
``kernel="exact"`` (variant ``exact-kernel``).

Every real row called ``synthetic`` is classified, exactly (Fractions, never floats):

* ``designed``: a row the ``midpoint`` family placed on a segment between two real rows: the
  verdict's stated assumption (`refimpl.attacks.assumptions.GENERAL_POSITION`) is false by
  construction;
* ``chance``: strictly between two other real rows by accident (lattice data): the assumption
  is false for this data, which the result's ``discreteness`` quantifies;
* ``tube``: not exactly between two rows, but within the rounding or release tube of its
  witness segment, in a result that warns of it: its ``expected_false_positives`` (Lemma 6(c))
  is ≥ 1 and its notes call the ``synthetic`` verdicts unreliable;
* ``unexplained``: none of these. A bug: the run lists it with its seed.

The precision side (synthetic rows called ``real``) and the ``ambiguous`` verdicts are counted
too. Writes bench/results/adversarial.csv (the summary; adversarial_quick.csv), the attacks
with a real row called synthetic in adversarial_flagged.csv, and the table in
docs/reference/attacks.md.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._markdown import machine, replace_section  # noqa: E402
from refimpl import SMOTE  # noqa: E402
from refimpl.attacks import distin_smote  # noqa: E402
from refimpl.errors import RefimplError  # noqa: E402
from refimpl.exact.predicates import strictly_between  # noqa: E402
from refimpl.release import apply_release  # noqa: E402

FAMILIES = ("gaussian", "lattice", "midpoint", "far", "tiny", "duplicates", "float32", "exact", "release")
#: the ways a real row called ``synthetic`` can be explained (see the module docstring)
EXPLANATIONS = ("designed", "chance", "tube", "unexplained")
#: the Lemma 6(c) estimate from which the attack's result warns that its 'synthetic' verdicts
#: are unreliable (refimpl.kernels.tube_kernel.TubeKernel.witness_report)
WARNED = 1.0


@dataclass
class Config:
    """One generated configuration: the real minority rows and how to oversample and attack them."""

    index: int
    family: str
    X: np.ndarray  # real minority rows (float64, or float32 for the float32 family)
    n_syn: int
    k: int
    arithmetic: str = "float64"
    release: str | None = None
    #: real rows placed on a segment between two real rows by construction: row -> (a, b)
    designed: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Outcome:
    """The verdicts of one attack on one configuration, split by the truth."""

    index: int
    family: str
    variant: str
    d: int
    real: int
    synthetic: int
    real_as_real: int = 0
    real_as_synthetic: int = 0
    real_as_ambiguous: int = 0
    synthetic_as_synthetic: int = 0
    synthetic_as_real: int = 0
    synthetic_as_ambiguous: int = 0
    designed: int = 0
    chance: int = 0
    tube: int = 0
    unexplained: int = 0
    #: the result's own Lemma 6(c) estimate of real rows with a false witness
    expected_false: float = 0.0
    declined: str = ""
    crash: str = ""
    cpu_s: float = 0.0


def _log_uniform_d(rng: np.random.Generator, hi: int = 100) -> int:
    return int(min(hi, max(1, round(math.exp(rng.uniform(0.0, math.log(hi)))))))


def _k(rng: np.random.Generator, n: int) -> int:
    return int(min(int(rng.integers(1, 6)), n - 1))


def _n_syn(rng: np.random.Generator, n: int) -> int:
    return int(rng.integers(max(1, 3 - n), 2 * n + 1))


def _gaussian(i: int, rng: np.random.Generator) -> Config:
    n = int(rng.integers(3, 17))
    X = rng.normal(size=(n, _log_uniform_d(rng)))
    return Config(i, "gaussian", X, _n_syn(rng, n), _k(rng, n))


def _lattice(i: int, rng: np.random.Generator) -> Config:
    n, d, top = int(rng.integers(3, 21)), int(rng.integers(1, 7)), int(rng.integers(1, 13))
    X = rng.integers(0, top + 1, size=(n, d)).astype(np.float64)
    return Config(i, "lattice", X, _n_syn(rng, n), _k(rng, n))


def _dyadic(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    # multiples of 2^-20 of moderate size: a + p·δ below is exact in float64
    return np.asarray(np.round(rng.normal(size=shape) * 2**20) / 2**20, dtype=np.float64)


def _midpoint(i: int, rng: np.random.Generator) -> Config:
    n0, d = int(rng.integers(3, 11)), int(rng.integers(2, 21))
    rows = list(_dyadic(rng, (n0, d)))
    designed: dict[int, tuple[int, int]] = {}
    for _ in range(int(rng.integers(1, 4))):
        a = int(rng.integers(0, len(rows)))
        q = int(rng.integers(2, 17))
        p = int(rng.integers(1, q))
        delta = _dyadic(rng, (d,)) / 4
        b_row, c_row = rows[a] + q * delta, rows[a] + p * delta  # c = a + (p/q)(b − a), exactly
        rows.append(b_row)
        rows.append(c_row)
        designed[len(rows) - 1] = (a, len(rows) - 2)
    X = np.array(rows)
    n = len(X)
    # few synthetic rows, so that often no SMOTE segment starts at a placed row
    return Config(i, "midpoint", X, int(rng.integers(1, n // 2 + 2)), _k(rng, n), designed=designed)


def _far(i: int, rng: np.random.Generator) -> Config:
    # d log-uniform: the low dimensions, where a tube of ~1% of the spacing is hit most often, come up most
    n, d = int(rng.integers(3, 17)), _log_uniform_d(rng, 20)
    offset = 10.0 ** rng.uniform(8, 12) * rng.choice([-1.0, 1.0], size=d)
    X = offset + 10.0 ** -rng.uniform(0, 6) * rng.normal(size=(n, d))
    return Config(i, "far", X, _n_syn(rng, n), _k(rng, n))


def _tiny(i: int, rng: np.random.Generator) -> Config:
    n = int(rng.integers(2, 7))
    X = rng.normal(size=(n, _log_uniform_d(rng, 30)))
    return Config(i, "tiny", X, int(rng.integers(max(1, 3 - n), 13)), _k(rng, n))


def _duplicates(i: int, rng: np.random.Generator) -> Config:
    n, d = int(rng.integers(4, 13)), _log_uniform_d(rng, 20)
    X = rng.normal(size=(n, d))
    extra = [X[int(rng.integers(0, n))] for _ in range(int(rng.integers(1, 4)))]
    X = np.vstack([X, *extra])
    return Config(i, "duplicates", X, _n_syn(rng, len(X)), _k(rng, len(X)))


def _float32(i: int, rng: np.random.Generator) -> Config:
    n = int(rng.integers(3, 17))
    X = rng.normal(size=(n, _log_uniform_d(rng, 50))).astype(np.float32)
    return Config(i, "float32", X, _n_syn(rng, n), _k(rng, n))


def _exact(i: int, rng: np.random.Generator) -> Config:
    n, d = int(rng.integers(3, 11)), int(rng.integers(1, 9))
    X = rng.normal(size=(n, d))
    if rng.random() < 0.5:
        X = 1e8 + 1e-6 * X  # issue 15 case 2: float64 images of the exact rows collide here
    return Config(i, "exact", X, _n_syn(rng, n), _k(rng, n), arithmetic="exact")


def _release(i: int, rng: np.random.Generator) -> Config:
    n = int(rng.integers(3, 17))
    X = rng.normal(size=(n, _log_uniform_d(rng, 30)))
    kind = int(rng.integers(0, 3))
    spec = (f"decimals:{int(rng.integers(2, 9))}", "float32", f"uniform:{10.0 ** -rng.uniform(3, 7):.2g}")[
        kind
    ]
    return Config(i, "release", X, _n_syn(rng, n), _k(rng, n), release=spec)


GENERATORS: dict[str, Callable[[int, np.random.Generator], Config]] = {
    "gaussian": _gaussian,
    "lattice": _lattice,
    "midpoint": _midpoint,
    "far": _far,
    "tiny": _tiny,
    "duplicates": _duplicates,
    "float32": _float32,
    "exact": _exact,
    "release": _release,
}


def generate(i: int, seed: int) -> Config:
    """Configuration i of the run seeded ``seed``: family i mod 9, drawn from default_rng([seed, i])."""
    rng = np.random.default_rng([seed, i])
    return GENERATORS[FAMILIES[i % len(FAMILIES)]](i, rng)


def oversample(cfg: Config) -> tuple[Any, np.ndarray]:
    """The augmented minority (real rows first, then synthetic) and the truth mask (True = real)."""
    n, d = cfg.X.shape
    # one majority row far away: SMOTE needs a second class; only the minority is attacked
    X = np.vstack([cfg.X, np.full((1, d), 1e15, dtype=cfg.X.dtype)])
    y = np.r_[np.ones(n, dtype=np.intp), np.zeros(1, dtype=np.intp)]
    sm = SMOTE(
        k_neighbors=cfg.k,
        sampling_strategy={1: n + cfg.n_syn},
        random_state=cfg.index,
        arithmetic=cfg.arithmetic,
    )  # type: ignore[arg-type]
    Xo, yo = sm.fit_resample(X, y)
    Xm = Xo[np.asarray(yo) == 1]
    if cfg.release is not None:
        Xm = apply_release(Xm, cfg.release, seed=cfg.index)
    return Xm, np.r_[np.ones(n, dtype=bool), np.zeros(cfg.n_syn, dtype=bool)]


def _exact_row(row: Any) -> tuple[Fraction, ...]:
    return tuple(v if isinstance(v, Fraction) else Fraction(float(v)) for v in row)


def explain(cfg: Config, Xm: Any, p: int, expected_false: float) -> str:
    """Why real row p was called synthetic: designed, chance, tube or unexplained (module docstring)."""
    rows = [_exact_row(r) for r in Xm]
    n = cfg.X.shape[0]
    if p in cfg.designed:
        a, b = cfg.designed[p]
        if strictly_between(rows[p], rows[a], rows[b]):
            return "designed"
    # exactly between two other rows (real ones first: the general-position assumption proper)
    for group in (range(n), range(len(rows))):
        others = [i for i in group if rows[i] != rows[p]]
        for x in range(len(others)):
            for z in range(x + 1, len(others)):
                if strictly_between(rows[p], rows[others[x]], rows[others[z]]):
                    return "chance"
    # within a tube (rounding, or rounding and release) whose risk the result states: its
    # Lemma 6(c) estimate is ≥ 1 and it warns that 'synthetic' verdicts are unreliable
    if expected_false >= WARNED:
        return "tube"
    return "unexplained"


def attack(cfg: Config, Xm: Any, truth: np.ndarray, variant: str, kernel: str) -> Outcome:
    """Run distin_smote on the augmented minority and count its verdicts against the truth."""
    out = Outcome(cfg.index, cfg.family, variant, int(cfg.X.shape[1]), int(truth.sum()), int((~truth).sum()))
    c0 = time.process_time()
    try:
        res = distin_smote(
            Xm, np.ones(len(truth), dtype=np.intp), k=cfg.k, kernel=kernel, release=cfg.release
        )
    except RefimplError as exc:  # a named refusal is an answer, counted apart
        out.declined = f"{type(exc).__name__}: {exc}"[:120]
        out.cpu_s = time.process_time() - c0
        return out
    except Exception as exc:  # anything else is a bug of the attack, reported with the seed
        out.crash = f"{type(exc).__name__}: {exc}"[:120]
        out.cpu_s = time.process_time() - c0
        return out
    v = np.asarray(res.verdicts)
    out.expected_false = float(res.expected_false_positives)
    for side, mask in (("real", truth), ("synthetic", ~truth)):
        for verdict in ("real", "synthetic", "ambiguous"):
            setattr(out, f"{side}_as_{verdict}", int(((v == verdict) & mask).sum()))
    for p in np.flatnonzero((v == "synthetic") & truth).tolist():
        why = explain(cfg, Xm, int(p), float(res.expected_false_positives))
        setattr(out, why, getattr(out, why) + 1)
    out.cpu_s = time.process_time() - c0
    return out


def run_config(cfg: Config) -> list[Outcome]:
    """Oversample one configuration and attack it: default options, plus the sampled variants."""
    Xm, truth = oversample(cfg)
    outs = [attack(cfg, Xm, truth, "default", "fast")]
    # one configuration in ten of every family (i mod 90 < 9 picks each family once per 90)
    if cfg.family == "exact" or (cfg.release is None and cfg.index % 90 < len(FAMILIES)):
        outs.append(attack(cfg, Xm, truth, "exact-kernel", "exact"))
    return outs


_SUM = (
    "real",
    "synthetic",
    "real_as_real",
    "real_as_synthetic",
    "real_as_ambiguous",
    "synthetic_as_synthetic",
    "synthetic_as_real",
    "synthetic_as_ambiguous",
    *EXPLANATIONS,
)


def summarise(outs: list[Outcome]) -> list[dict[str, Any]]:
    """One row per (family, variant): configurations and summed counts, declined and crashed runs, CPU seconds."""
    keys = sorted({(o.family, o.variant) for o in outs}, key=lambda t: (FAMILIES.index(t[0]), t[1]))
    table = []
    for fam, var in keys:
        group = [o for o in outs if (o.family, o.variant) == (fam, var)]
        row: dict[str, Any] = {
            "family": fam,
            "variant": var,
            "configs": len(group),
            "d": f"{min(o.d for o in group)}–{max(o.d for o in group)}",
        }
        for key in _SUM:
            row[key] = sum(getattr(o, key) for o in group)
        row["expected_false"] = round(sum(o.expected_false for o in group), 2)
        row["declined"] = sum(1 for o in group if o.declined)
        row["crash"] = sum(1 for o in group if o.crash)
        row["cpu_s"] = round(sum(o.cpu_s for o in group), 2)
        table.append(row)
    total: dict[str, Any] = {
        "family": "**all**",
        "variant": "",
        "configs": len({o.index for o in outs}),
        "d": f"{min(o.d for o in outs)}–{max(o.d for o in outs)}",
    }
    for key in (*_SUM, "expected_false", "declined", "crash", "cpu_s"):
        total[key] = round(sum(r[key] for r in table), 2)
    return [*table, total]


def _markdown(table: list[dict[str, Any]]) -> str:
    head = (
        "| family | variant | configs | d | real | synthetic | real → synthetic | of which designed / chance / "
        "tube / **unexplained** | Σ expected false (Lemma 6(c)) | real → ambiguous | synthetic → real | synthetic → ambiguous | declined | "
        "crash | CPU s |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    return head + "".join(
        f"| {r['family']} | {r['variant']} | {r['configs']} | {r['d']} | {r['real']} | {r['synthetic']} | "
        f"{r['real_as_synthetic']} | {r['designed']} / {r['chance']} / {r['tube']} / **{r['unexplained']}** | "
        f"{r['expected_false']:.2f} | {r['real_as_ambiguous']} | {r['synthetic_as_real']} | {r['synthetic_as_ambiguous']} | {r['declined']} | "
        f"{r['crash']} | {r['cpu_s']:.1f} |\n"
        for r in table
    )


def write_csvs(outs: list[Outcome], table: list[dict[str, Any]], out: Path, stem: str) -> None:
    """``stem``.csv: the summary rows; ``stem``_flagged.csv: every attack with a real row called
    synthetic, a refusal or a crash (index and seed replay it: ``generate(index, seed)``)."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / f"{stem}.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(table[0]))
        w.writeheader()
        w.writerows(table)
    flagged = [asdict(o) for o in outs if o.real_as_synthetic or o.declined or o.crash]
    with (out / f"{stem}_flagged.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(asdict(outs[0])))
        w.writeheader()
        w.writerows(flagged)


def main(argv: list[str] | None = None) -> tuple[list[Outcome], list[dict[str, Any]]]:
    """Run the adversarial configurations; write the CSV and the docs table; return outcomes and the summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="200 configurations (CI-sized)")
    ap.add_argument(
        "--configs",
        type=int,
        default=None,
        help="number of configurations (default 10,000; 200 with --quick)",
    )
    ap.add_argument("--seed", type=int, default=0, help="seed of the generator")
    ap.add_argument(
        "--family",
        choices=FAMILIES,
        default=None,
        help="run only this family's configurations (the same ones as in the whole run)",
    )
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"), help="directory for the CSV")
    ap.add_argument(
        "--page", default=str(ROOT / "docs" / "reference" / "attacks.md"), help="docs page with the markers"
    )
    args = ap.parse_args(argv)
    n_cfg = args.configs if args.configs is not None else (200 if args.quick else 10_000)
    c0, w0 = time.process_time(), time.perf_counter()
    outs: list[Outcome] = []
    for i in range(n_cfg):
        if args.family is not None and FAMILIES[i % len(FAMILIES)] != args.family:
            continue
        cfg = generate(i, args.seed)
        for o in run_config(cfg):
            outs.append(o)
            if o.unexplained or o.crash:
                print(
                    f"BUG: config {i} (seed {args.seed}, family {o.family}, variant {o.variant}): "
                    f"{o.unexplained} unexplained real → synthetic {o.crash}",
                    flush=True,
                )
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    n_cfg = len({o.index for o in outs})  # fewer with --family
    table = summarise(outs)
    print(_markdown(table))
    print(
        f"{n_cfg} configurations, {len(outs)} attacks: {cpu:.1f} CPU s, {wall:.1f} wall s, "
        f"{n_cfg / max(cpu, 1e-9):.1f} configs per CPU s"
    )
    write_csvs(outs, table, Path(args.out), "adversarial_quick" if args.quick else "adversarial")
    page = Path(args.page)
    if page.exists():
        replace_section(
            page,
            "bench/adversarial.py",
            f"{n_cfg} configurations (seed {args.seed}), `distin_smote` with default options (k as the "
            "sampler's) unless the variant says otherwise. Counts are rows, summed over the configurations.\n\n"
            + _markdown(table)
            + f"\n{cpu:.0f} CPU s, {wall:.0f} wall s ({n_cfg / max(cpu, 1e-9):.0f} configurations per CPU s); {machine()}\n",
        )
    return outs, table


if __name__ == "__main__":
    main()
