"""The real console script: resample, then distinguish and reconstruct, with clean failures."""

import json
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".venv" / "bin" / "smote-refimpl"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def write_input(path: Path, n_min: int = 12, n_maj: int = 150) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(n_min + n_maj, 3)), columns=["a", "b", "c"])
    frame["label"] = [1] * n_min + [0] * n_maj
    frame.to_csv(path, index=False)
    return frame


def test_distinguish_end_to_end(tmp_path: Path) -> None:
    frame = write_input(tmp_path / "in.csv", n_min=12, n_maj=30)
    assert cli("resample", "in.csv", "--target", "label", "--seed", "1", "-o", "aug.csv", cwd=tmp_path).returncode == 0
    res = cli("distinguish", "aug.csv", "--target", "label", "--minority", "1", "-o", "verdicts.csv", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["attack"] == "distin" and summary["rows"] == 30 and "total" in summary["seconds"]
    assert res.stderr == ""  # no progress when stderr is not a terminal
    out = pd.read_csv(tmp_path / "verdicts.csv", keep_default_na=False)
    assert list(out.columns) == ["a", "b", "c", "label", "verdict", "witness_a", "witness_b", "lambda_lo", "lambda_hi", "reason"]
    minority = out["label"] == 1
    assert set(out.loc[~minority, "verdict"]) == {""}
    assert (out.loc[minority, "verdict"].iloc[:12] == "real").all()  # the originals
    syn = out[minority & (out["verdict"] == "synthetic")]
    assert len(syn) == summary["synthetic"] > 0
    for _, row in syn.iterrows():  # each certificate names two rows and a λ-interval in (0, 1)
        assert 0 <= Fraction(row["lambda_lo"]) <= Fraction(row["lambda_hi"]) <= 1
        assert out.loc[int(row["witness_a"]), "label"] == 1
    assert len(frame) == 42


def test_reconstruct_end_to_end(tmp_path: Path) -> None:
    frame = write_input(tmp_path / "in.csv", n_min=12, n_maj=150)
    assert cli("resample", "in.csv", "--target", "label", "--seed", "2", "-o", "aug.csv", cwd=tmp_path).returncode == 0
    aug = pd.read_csv(tmp_path / "aug.csv")
    aug.iloc[len(frame):].to_csv(tmp_path / "syn.csv", index=False)
    res = cli("reconstruct", "syn.csv", "--target", "label", "--k", "5", "-o", "recon.csv", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["attack"] == "recon" and summary["rows"] == 138 and summary["points"] > 0
    out = pd.read_csv(tmp_path / "recon.csv")
    assert list(out.columns) == ["a", "b", "c", "radius", "support"]
    real = frame[frame["label"] == 1][["a", "b", "c"]].to_numpy()
    for _, row in out.iterrows():  # every point is within its certified radius of a real record
        dist = np.max(np.abs(real - row[["a", "b", "c"]].to_numpy(dtype=float)), axis=1)
        assert dist.min() <= row["radius"] + 1e-300 and row["support"] >= 3
    # features only, no target: the same points
    aug.iloc[len(frame):].drop(columns=["label"]).to_csv(tmp_path / "syn2.csv", index=False)
    res2 = cli("reconstruct", "syn2.csv", "-o", "recon2.csv", cwd=tmp_path)
    assert res2.returncode == 0 and pd.read_csv(tmp_path / "recon2.csv").equals(out)


def test_reconstruct_reads_exact_rationals(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", n_min=10, n_maj=120)
    assert cli("resample", "in.csv", "--target", "label", "--seed", "3", "--arithmetic", "exact", "-o", "aug.csv", cwd=tmp_path).returncode == 0
    aug = pd.read_csv(tmp_path / "aug.csv", dtype=str)
    aug.iloc[130:].to_csv(tmp_path / "syn.csv", index=False)
    res = cli("reconstruct", "syn.csv", "--target", "label", "--kernel", "exact", "-o", "recon.csv", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["kernel"] == "exact" and summary["max_radius"] == 0.0 and summary["points"] > 0


def test_attack_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv")
    for args, needle in [
        (("distinguish", "in.csv", "--target", "nope", "-o", "v.csv"), "target column 'nope'"),
        (("distinguish", "in.csv", "--target", "label", "--minority", "7", "-o", "v.csv"), "no row has label"),
        (("distinguish", "in.csv", "--target", "label", "--k", "0", "-o", "v.csv"), "k must be"),
        (("reconstruct", "in.csv", "--target", "label", "--min-lines", "1", "-o", "r.csv"), "min_lines"),
    ]:
        res = cli(*args, cwd=tmp_path)
        assert res.returncode == 2, (args, res.stderr)
        assert "Traceback" not in res.stderr and res.stderr.strip().count("\n") == 0 and needle in res.stderr
    pd.DataFrame({"a": ["x", "1", "2"], "b": [1.0, 2.0, 3.0]}).to_csv(tmp_path / "bad.csv", index=False)
    res = cli("reconstruct", "bad.csv", "-o", "r.csv", cwd=tmp_path)
    assert res.returncode == 2 and "neither a number" in res.stderr
    pd.DataFrame({"a": [1.0, float("nan"), 2.0, 3.0], "b": [1.0, 2.0, 3.0, 4.0]}).to_csv(tmp_path / "nan.csv", index=False)
    res = cli("reconstruct", "nan.csv", "-o", "r.csv", cwd=tmp_path)
    assert res.returncode == 2 and res.stderr.strip().count("\n") == 0


def test_exact_cells_keep_float_values_exact() -> None:
    """A float cell next to "p/q" cells is the float's exact value, not its decimal text."""
    from fractions import Fraction

    import pandas as pd

    from refimpl.commands._attack_io import features

    frame = pd.DataFrame({"a": ["1/3", "2/3"], "b": [0.1, 0.25], "c": ["0.1", "7/2"]})
    out = features(frame)
    assert out[0, 0] == Fraction(1, 3)
    assert out[0, 1] == Fraction(0.1) != Fraction("0.1")
    assert out[0, 2] == Fraction(0.1)
    assert out[1, 2] == Fraction(7, 2)


def test_distinguish_and_reconstruct_with_a_release_model(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", n_min=12, n_maj=150)
    assert cli("resample", "in.csv", "--target", "label", "--seed", "3", "-o", "aug.csv", cwd=tmp_path).returncode == 0
    aug = pd.read_csv(tmp_path / "aug.csv")
    feats = ["a", "b", "c"]
    aug[feats] = aug[feats].round(6)  # the release: six decimals
    aug.to_csv(tmp_path / "rounded.csv", index=False)
    res = cli("distinguish", "rounded.csv", "--target", "label", "--minority", "1", "--release", "decimals:6", "-o", "v.csv", "--json",
              cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["release"] == "decimals:6" and summary["guarantee"] == "certified"
    assert summary["synthetic"] > 0 and summary["expected_false_positives"] < 1e-3
    out = pd.read_csv(tmp_path / "v.csv", keep_default_na=False)
    assert (out.loc[out["label"] == 1, "verdict"].iloc[:12] == "real").all()  # the originals
    # without the model the same rounded data gives far fewer certified verdicts
    plain = json.loads(cli("distinguish", "rounded.csv", "--target", "label", "--minority", "1", "-o", "p.csv", "--json",
                           cwd=tmp_path).stdout)
    assert plain["synthetic"] < summary["synthetic"]
    syn = aug[aug["label"] == 1].iloc[12:]
    syn.to_csv(tmp_path / "syn.csv", index=False)
    res = cli("reconstruct", "syn.csv", "--target", "label", "--release", "decimals:6", "-o", "r.csv", "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["release"] == "decimals:6"


def test_bad_release_exits_2_with_one_line(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv")
    for args in (("distinguish", "in.csv", "--target", "label"), ("reconstruct", "in.csv")):
        for bad in ("decimals:x", "noise:1", "uniform:-1"):
            res = cli(*args, "--release", bad, "-o", "o.csv", cwd=tmp_path)
            assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
            assert res.stderr.strip().count("\n") == 0 and "release" in res.stderr
    res = cli("distinguish", "in.csv", "--target", "label", "--kernel", "exact", "--release", "float32", "-o", "o.csv", cwd=tmp_path)
    assert res.returncode == 2 and "no tube" in res.stderr


def test_demo_tells_the_whole_story(tmp_path: Path) -> None:
    res = cli("demo", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    flat = " ".join(out.split())  # the demo wraps its paragraphs
    assert "35 real, 266 synthetic, 0 undecided" in flat and "precision 1.0000 (share of 'synthetic' verdicts" in flat
    assert "recall 1.0000 (share of the synthetic rows found)" in flat
    assert "only synthetic rows are released: 700 of them" in flat and "precision 1.0000 (share of rebuilt records" in flat
    # the release story: the published numerics lose recall on 6 decimals, the release-aware attack does not
    step7 = " ".join(out.split("7. Does rounding")[1].split("What this means")[0].split())
    assert "Rounding looks like a defence" in step7
    assert "certified attack widens its tube by the rounding: precision 1.0000, recall 1.0000" in step7
    # plain words: the jargon is explained, no raw dicts, and it ends with what to do next
    for term in ("rounding tube", "Certified:", "published numerics"):
        assert term in flat, term
    assert "{" not in out and "}" not in out
    lines = out.splitlines()
    last = next(i for i, line in enumerate(lines) if line.startswith("Now try your own CSV: smote-refimpl verify "))
    assert lines.index("What this means") < last and last >= len(lines) - 6
    assert "DESIGN" not in out
