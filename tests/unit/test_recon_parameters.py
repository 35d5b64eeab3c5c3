"""ReconSMOTE refuses a support threshold below two lines (a record is where lines meet), from the
API with a named error and from the CLI with exit status 2."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from refimpl.attacks import recon_smote
from refimpl.errors import InvalidParameter


@pytest.mark.parametrize("bad", [1, 0, -3, 2.5, True, "3"])
def test_min_lines_below_two_or_not_an_integer_is_refused(bad: object) -> None:
    X = np.random.default_rng(0).normal(size=(40, 3))
    with pytest.raises(InvalidParameter, match="min_lines must be an integer"):
        recon_smote(X, min_lines=bad)  # type: ignore[arg-type]


def test_two_lines_is_accepted() -> None:
    X = np.random.default_rng(1).normal(size=(40, 3))
    assert recon_smote(X, min_lines=2).min_lines == 2


def test_the_cli_exits_2_on_min_lines_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "syn.csv"
    np.savetxt(f, np.random.default_rng(2).normal(size=(30, 3)), delimiter=",", header="a,b,c", comments="")
    script = Path(sys.executable).with_name("smote-refimpl")
    out = subprocess.run(
        [str(script), "reconstruct", str(f), "--min-lines", "1", "-o", str(tmp_path / "out.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 2, out.stderr
    assert "min_lines must be an integer" in out.stderr and "Traceback" not in out.stderr
