"""Bad invocations of every subcommand: each exits 2 with one line on stderr and no traceback.

The calls run in-process through ``refimpl.cli.main`` (capsys captures the streams), so that
the sixty-odd cases cost milliseconds each; an exception that escaped ``main`` would fail the
test with its traceback. Every case fails before any long computation starts.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from refimpl.cli import main


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("fuzz")
    rng = np.random.default_rng(0)
    good = pd.DataFrame(rng.normal(size=(30, 3)), columns=["a", "b", "c"])
    good["label"] = [1] * 8 + [0] * 22
    good.to_csv(d / "in.csv", index=False)
    good.iloc[:0].to_csv(d / "header.csv", index=False)
    (d / "empty.csv").write_text("")
    (d / "blank.csv").write_text("\n\n")
    for name, bad in (("nan", "nan"), ("inf", "-inf"), ("text", "abc"), ("big", "1e999")):
        f = good.astype(object)
        f.loc[3, "b"] = bad
        f.to_csv(d / f"{name}.csv", index=False)
    (d / "emptycell.csv").write_text("a,b,label\n1,2,0\n1,,1\n3,4,0\n")
    (d / "ragged.csv").write_text("a,b,label\n1,2,0\n1,2,3,4\n")
    (d / "onecol.csv").write_text("label\n0\n1\n")
    one = good.copy()
    one["label"] = 1
    one.to_csv(d / "oneclass.csv", index=False)
    other = good.rename(columns={"c": "z"})
    other.to_csv(d / "other.csv", index=False)
    (d / "bad.arff").write_text("@relation r\n@attribute a numeric\n@data\n{0 1}\n")
    (d / "notarff.arff").write_text("hello\n")
    (d / "missing.arff").write_text("@relation r\n@attribute a numeric\n@attribute c {x,y}\n@data\n1,x\n?,y\n")
    (d / "binary.csv").write_bytes(b"\xff\xfe\x00\x81garbage\x00\x9f")
    (d / "adir").mkdir()
    (d / "bounds.json").write_text(json.dumps({"columns": {"a": [-9, 9], "b": [-9, 9], "c": [-9, 9]}}))
    (d / "badbounds.json").write_text("{not json")
    (d / "shortbounds.json").write_text("[[0, 1]]")
    return d


DP = ["dp", "in.csv", "--target", "label", "--epsilon", "1", "--bounds", "bounds.json", "--pipeline", "dp-smote"]

BAD: list[tuple[list[str], str]] = [
    # top level
    ([], "COMMAND is required"),
    (["nosuch"], "invalid choice"),
    (["--bogus"], "unrecognized"),
    (["--print-completion", "fish"], "invalid choice"),
    # resample
    (["resample"], "required"),
    (["resample", "in.csv"], "required"),
    (["resample", "in.csv", "--target", "label"], "-o/--output"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--bogus"], "usage: smote-refimpl resample"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--k", "x"], "invalid int"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--arithmetic", "float16"], "invalid choice"),
    (["resample", "missing.csv", "--target", "label", "-o", "o.csv"], "does not exist"),
    (["resample", "header.csv", "--target", "label", "-o", "o.csv"], "no data rows"),
    (["resample", "empty.csv", "--target", "label", "-o", "o.csv"], "is empty"),
    (["resample", "blank.csv", "--target", "label", "-o", "o.csv"], "'blank.csv'"),
    (["resample", "nan.csv", "--target", "label", "-o", "o.csv"], "row 5, column 'b'"),
    (["resample", "inf.csv", "--target", "label", "-o", "o.csv"], "row 5, column 'b'"),
    (["resample", "big.csv", "--target", "label", "-o", "o.csv"], "overflows"),
    (["resample", "text.csv", "--target", "label", "-o", "o.csv"], "row 5, column 'b': value 'abc'"),
    (["resample", "emptycell.csv", "--target", "label", "-o", "o.csv"], "row 3, column 'b': empty cell"),
    (["resample", "ragged.csv", "--target", "label", "-o", "o.csv"], "cannot read"),
    (["resample", "binary.csv", "--target", "label", "-o", "o.csv"], "cannot read"),
    (["resample", "adir", "--target", "label", "-o", "o.csv"], "is a directory"),
    (["resample", "bad.arff", "--target", "a", "-o", "o.csv"], "sparse ARFF"),
    (["resample", "notarff.arff", "--target", "a", "-o", "o.csv"], "not ARFF"),
    (["resample", "missing.arff", "--target", "c", "-o", "o.csv"], "data row 2, column 'a': missing value"),
    (["resample", "in.csv", "--target", "nosuch", "-o", "o.csv"], "target column 'nosuch'"),
    (["resample", "onecol.csv", "--target", "label", "-o", "o.csv"], "feature columns"),
    (["resample", "in.csv", "--target", "label", "-o", "nodir/o.csv"], "does not exist"),
    (["resample", "in.csv", "--target", "label", "-o", "adir"], "is a directory"),
    (["resample", "in.csv", "--target", "label", "-o", "in.csv/o.csv"], "not a directory"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--provenance", "nodir/p.csv"], "provenance"),
    (["resample", "in.csv", "--target", "label", "-o", "-", "--provenance", "-"], "only one output"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--sampling-strategy", "1:25.5"], "not an integer"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--sampling-strategy", "9:40"], "class '9'"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--sampling-strategy", ":40"], "LABEL:COUNT"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--sampling-strategy", "bogus"], "sampling_strategy"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--sampling-strategy", "2.0"], "sampling_strategy"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--sampling-strategy", "1:5"], "only add rows"),
    (["resample", "in.csv", "--target", "label", "-o", "o.csv", "--k", "50"], "k_neighbors"),
    (["resample", "oneclass.csv", "--target", "label", "-o", "o.csv"], "class"),
    # verify
    (["verify", "in.csv"], "required"),
    (["verify", "in.csv", "missing.csv", "--target", "label"], "does not exist"),
    (["verify", "in.csv", "in.csv", "--target", "label", "--model", "bogus"], "unknown error model"),
    (["verify", "in.csv", "in.csv", "--target", "label", "-o", "nodir/r.json"], "report directory"),
    (["verify", "in.csv", "other.csv", "--target", "label"], "must match"),
    (["verify", "in.csv", "header.csv", "--target", "label"], "no data rows"),
    (["verify", "in.csv", "in.csv", "--target", "label", "--sampling-strategy", "1:x"], "not an integer"),
    (["verify", "in.csv", "in.csv", "--target", "label", "--wat"], "usage: smote-refimpl verify"),
    # distinguish
    (["distinguish", "in.csv", "-o", "v.csv"], "--target"),
    (["distinguish", "in.csv", "--target", "label", "-o", "v.csv", "--release", "decimals:x"], "release"),
    (["distinguish", "in.csv", "--target", "label", "-o", "v.csv", "--release", "noise:1"], "release"),
    (["distinguish", "in.csv", "--target", "label", "-o", "v.csv", "--minority", "7"], "no row has label '7'"),
    (["distinguish", "in.csv", "--target", "label", "-o", "v.csv", "--kernel", "bogus"], "invalid choice"),
    (["distinguish", "in.csv", "--target", "label", "-o", "nodir/v.csv"], "does not exist"),
    (["distinguish", "text.csv", "--target", "label", "-o", "v.csv"], "row 5, column 'b'"),
    (["distinguish", "header.csv", "--target", "label", "-o", "v.csv"], "no data rows"),
    (["distinguish", "oneclass.csv", "--target", "label", "-o", "v.csv"], "one class only"),
    (["distinguish", "in.csv", "--target", "label", "-o", "v.csv", "--k", "-3"], "k"),
    (["distinguish", "in.csv", "--target", "label", "-o", "v.csv", "--frobnicate", "1"], "usage: smote-refimpl distinguish"),
    # reconstruct
    (["reconstruct", "missing.csv", "-o", "r.csv"], "does not exist"),
    (["reconstruct", "in.csv", "-o", "r.csv", "--release", "uniform:-1"], "release"),
    (["reconstruct", "in.csv", "--target", "label", "--minority", "9", "-o", "r.csv"], "no row has label"),
    (["reconstruct", "in.csv", "-o", "r.csv", "--min-lines", "x"], "invalid int"),
    (["reconstruct", "in.csv", "-o", "adir"], "is a directory"),
    (["reconstruct", "nan.csv", "-o", "r.csv"], "row 5, column 'b'"),
    (["reconstruct", "in.csv"], "-o/--output"),
    # dp
    (["dp", "in.csv", "--target", "label"], "--epsilon"),
    ([*DP[:6], "--bounds", "missing.json", "--pipeline", "dp-smote", "-o", "o.csv"], "does not exist"),
    ([*DP[:6], "--bounds", "badbounds.json", "--pipeline", "dp-smote", "-o", "o.csv"], "not valid JSON"),
    ([*DP[:6], "--bounds", "shortbounds.json", "--pipeline", "dp-smote", "-o", "o.csv"], "pairs"),
    (["dp", "in.csv", "--target", "label", "--epsilon", "1", "--bounds", "bounds.json", "--pipeline", "bogus"], "invalid choice"),
    ([*DP, "-o", "nodir/o.csv"], "does not exist"),
    (["dp", "in.csv", "--target", "label", "--epsilon", "x"], "invalid float"),
    ([*DP, "-o", "o.csv", "--minority", "7"], "no row has label '7'"),
    (["dp", "-", "--target", "label", "--epsilon", "1", "--bounds", "-", "--pipeline", "dp-smote", "-o", "o.csv"],
     "only one of INPUT and --bounds"),
    ([*DP[:6], "--bounds", "-", "--pipeline", "dp-smote", "-o", "o.csv"], "not valid JSON"),
    (["dp", "header.csv", *DP[2:], "-o", "o.csv"], "no data rows"),
    # demo
    (["demo", "--dataset", "nosuch"], "nosuch"),
    (["demo", "--k", "x"], "invalid int"),
    (["demo", "--bogus"], "usage: smote-refimpl demo"),
]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("argv", "needle"), BAD, ids=[" ".join(a)[:60] or "(none)" for a, _ in BAD])
def test_bad_invocation_exits_2_with_one_line(
    argv: list[str], needle: str, files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(files)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = _run(argv, capsys)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "np.float64" not in err and "np.str_" not in err
    assert len(lines) == 1 and lines[0].startswith("smote-refimpl"), err
    assert needle in lines[0], lines[0]
    assert not (files / "o.csv").exists() and not (files / "v.csv").exists()


def test_there_are_at_least_50_cases() -> None:
    assert len(BAD) >= 50


@pytest.mark.parametrize(
    "argv",
    [
        ["resample", "in.csv", "--target", "label", "-o", "o.csv"],
        ["distinguish", "in.csv", "--target", "label", "-o", "o.csv"],
        [*DP, "-o", "o.csv"],
    ],
)
def test_unwritable_output_is_refused_before_work(
    argv: list[str], files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission bits do not stop root, so the permission answer itself is replaced."""
    import refimpl.commands._io as cio

    monkeypatch.chdir(files)
    monkeypatch.setattr(cio.os, "access", lambda *a, **k: False)
    code, _, err = _run(argv, capsys)
    assert code == 2 and err.count("\n") == 1 and "not writable" in err


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [("", "standard input is empty"), ("a,b,label\n", "no data rows"), ("a,label\nx,1\ny,0\n", "value 'x'")],
)
def test_bad_stdin(stdin: str, needle: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                   tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code, _, err = _run(["resample", "-", "--target", "label", "-o", "o.csv"], capsys)
    assert code == 2 and err.count("\n") == 1 and needle in err, err
