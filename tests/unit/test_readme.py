"""The README's Python examples run, so that the front page cannot drift from the code."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_blocks_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README must show a runnable API example"
    for code in blocks:
        exec(compile(code, str(README), "exec"), {"__name__": "readme_example"})
