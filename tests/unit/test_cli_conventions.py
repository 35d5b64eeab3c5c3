"""The CLI's conventions: stdin/stdout, --json everywhere, one --minority rule, warnings, progress.

Most calls run in-process through ``refimpl.cli.main``; the few that need a real process
(a closed pipe, the import footprint of ``--version``) use subprocess.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from refimpl.cli import build_parser, main
from refimpl.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def _frame(n_min: int = 8, n_maj: int = 22, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(n_min + n_maj, 3)), columns=["a", "b", "c"])
    frame["label"] = [1] * n_min + [0] * n_maj
    return frame


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_every_subcommand_has_json() -> None:
    subs = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert subs is not None
    for name in COMMANDS:
        assert "--json" in subs[name]._option_string_actions, name


def test_resample_reads_stdin_and_writes_stdout(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _frame()
    monkeypatch.setattr("sys.stdin", io.StringIO(frame.to_csv(index=False)))
    code, out, err = _run(["resample", "-", "--target", "label", "--seed", "3", "-o", "-", "--json"], capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))  # stdout holds the table only: the summary went to stderr
    assert len(table) == 44 and list(table.columns) == ["a", "b", "c", "label"]
    assert json.loads(err)["synthetic"] == 14
    # the originals survive stdin and stdout bit for bit
    assert table.iloc[:30].to_numpy().tobytes() == frame.to_numpy().tobytes()


@pytest.mark.parametrize(
    ("strategy", "synthetic"),
    [("minority", {"1": 14}), ("not majority", {"1": 14}), ("0.5", {"1": 3}), ("1:20", {"1": 12}), ("all", {"1": 14})],
)
def test_resample_sampling_strategy_forms(strategy: str, synthetic: dict[str, int], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _frame().to_csv("in.csv", index=False)
    code, out, err = _run(["resample", "in.csv", "--target", "label", "--seed", "0", "-o", "o.csv",
                           "--sampling-strategy", strategy, "--json"], capsys)
    assert code == 0, err
    assert {k: v for k, v in json.loads(out)["sampling_strategy"].items() if v} == synthetic


def test_string_labels_in_a_strategy_dict(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    frame = _frame()
    frame["label"] = np.where(frame["label"] == 1, "yes", "no")
    frame.to_csv("in.csv", index=False)
    code, out, err = _run(["resample", "in.csv", "--target", "label", "-o", "o.csv",
                           "--sampling-strategy", "yes:10", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["sampling_strategy"] == {"yes": 2}


def test_minority_default_is_the_least_frequent_class_and_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    frame = _frame(n_min=22, n_maj=8)  # the label 1 is now the majority
    frame.to_csv("in.csv", index=False)
    code, out, err = _run(["distinguish", "in.csv", "--target", "label", "-o", "v.csv"], capsys)
    assert code == 0, err
    assert out.splitlines()[0] == "minority class '0' (the least frequent, 8 rows)"
    code, out, err = _run(["distinguish", "in.csv", "--target", "label", "-o", "v.csv", "--json"], capsys)
    assert json.loads(out)["minority"] == "0" and json.loads(out)["rows"] == 8


def test_minority_tie_exits_2_and_asks_for_the_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Balanced 1:1 augmented data is a tie: no class is guessed; --minority names it."""
    monkeypatch.chdir(tmp_path)
    _frame().to_csv("in.csv", index=False)
    assert _run(["resample", "in.csv", "--target", "label", "--seed", "1", "-o", "aug.csv"], capsys)[0] == 0
    code, out, err = _run(["distinguish", "aug.csv", "--target", "label", "-o", "v.csv", "--json"], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "tie at 22 rows each" in err and "pass --minority LABEL" in err and "Traceback" not in err
    assert not Path("v.csv").exists()
    code, out, err = _run(["distinguish", "aug.csv", "--target", "label", "--minority", "1", "-o", "v.csv", "--json"],
                          capsys)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["minority"] == "1" and summary["rows"] == 22 and "from --minority" in summary["minority_note"]


def test_dp_uses_the_same_minority_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _frame(n_min=10, n_maj=10).to_csv("in.csv", index=False)
    Path("b.json").write_text("[[-9, 9], [-9, 9], [-9, 9]]")
    code, out, err = _run(["dp", "in.csv", "--target", "label", "--epsilon", "1", "--bounds", "b.json",
                           "--pipeline", "dp-smote", "-o", "o.csv", "--json", "--n-synthetic", "5"], capsys)
    assert code == 2 and "tie at 10 rows each" in err and "pass --minority LABEL" in err
    code, out, err = _run(["dp", "in.csv", "--target", "label", "--epsilon", "1", "--bounds", "b.json", "--minority", "1",
                           "--pipeline", "dp-smote", "-o", "o.csv", "--json", "--n-synthetic", "5"], capsys)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["minority"] == "1" and "from --minority" in summary["minority_note"]


def test_reconstruct_warns_about_a_label_looking_column(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _frame().to_csv("in.csv", index=False)
    code, _, err = _run(["reconstruct", "in.csv", "-o", "r.csv"], capsys)
    assert code == 0
    assert err.count("\n") == 1 and "column 'label' looks like a class label" in err and "--target label" in err
    code, _, err = _run(["reconstruct", "in.csv", "--target", "label", "-o", "r.csv"], capsys)
    assert code == 0 and err == ""
    _frame().drop(columns=["label"]).to_csv("features.csv", index=False)
    code, _, err = _run(["reconstruct", "features.csv", "-o", "r.csv"], capsys)
    assert code == 0 and err == ""  # continuous columns never warn


def test_distinguish_on_rounded_data_hints_at_release(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _frame(n_min=12, n_maj=150).to_csv("in.csv", index=False)
    assert _run(["resample", "in.csv", "--target", "label", "--seed", "3", "-o", "aug.csv"], capsys)[0] == 0
    aug = pd.read_csv("aug.csv")
    aug[["a", "b", "c"]] = aug[["a", "b", "c"]].round(2)
    aug.to_csv("rounded.csv", index=False)
    code, out, err = _run(["distinguish", "rounded.csv", "--target", "label", "--minority", "1", "-o", "v.csv",
                           "--json"], capsys)
    assert code == 0
    assert json.loads(out)["synthetic"] == 0
    assert err.count("\n") == 1 and "0 synthetic rows found" in err and "pass --release decimals:2" in err
    code, out, err = _run(["distinguish", "rounded.csv", "--target", "label", "--minority", "1", "-o", "v.csv",
                           "--json", "--release", "decimals:2"], capsys)
    assert code == 0 and "warning" not in err


def test_verify_json_and_report_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _frame().to_csv("in.csv", index=False)
    assert _run(["resample", "in.csv", "--target", "label", "--seed", "1", "-o", "aug.csv"], capsys)[0] == 0
    code, out, err = _run(["verify", "in.csv", "aug.csv", "--target", "label", "--json"], capsys)
    assert code == 0, err
    summary = json.loads(out)
    assert summary["ok"] is True and summary["n_synthetic"] == 14 and "certificates" not in summary
    code, out, err = _run(["verify", "in.csv", "aug.csv", "--target", "label", "-o", "-"], capsys)
    assert code == 0 and len(json.loads(out)["certificates"]) == 14  # the full report, alone on stdout
    assert "CONFORMS" in err


def test_progress_is_throttled_with_rate_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from refimpl.commands import _io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr("sys.stderr", fake)
    assert sum(_io.progress(range(36_000), total=36_000, label="certify")) == sum(range(36_000))
    text = fake.getvalue()
    assert "certify" in text and "it/s" in text
    assert len(text) < 2_000  # a redraw per 0.5 s, not one per item
    monkeypatch.setattr("sys.stderr", io.StringIO())  # not a terminal: nothing at all
    assert list(_io.progress(range(3), total=3)) == [0, 1, 2]


def test_print_completion_bash(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("shtab", reason="the 'completion' extra (shtab) is not installed")
    code, out, _ = _run(["--print-completion", "bash"], capsys)
    assert code == 0 and "smote-refimpl" in out and "resample" in out and "--sampling-strategy" in out


def test_version_imports_no_numeric_library() -> None:
    """`--version` is answered by refimpl.cli without numpy, pandas or scikit-learn (speed: see bench)."""
    code = ("import sys; from refimpl.cli import main; main(['--version']); "
            "print(sorted(m for m in ('numpy', 'pandas', 'sklearn', 'tqdm') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["smote-refimpl 0.1.0", "[]"]


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    """`smote-refimpl resample ... -o - | head -1`: no BrokenPipeError traceback."""
    _frame(n_min=300, n_maj=3000).to_csv(tmp_path / "in.csv", index=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "refimpl.cli", "resample", "in.csv", "--target", "label", "-o", "-"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"a,b,c,label")
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
