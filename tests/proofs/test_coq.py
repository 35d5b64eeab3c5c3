"""Compile the Coq proofs of proofs/coq/ and check what they rest on (issue 16).

* every ``.v`` file of ``proofs/coq/_CoqProject`` compiles with ``coqc``, in that order, in a
  temporary copy (no build products in the tree);
* no project file contains ``Admitted``, ``admit``, ``Axiom``, ``Parameter`` (or their plural
  and ``Conjecture`` forms) outside comments;
* ``Print Assumptions`` of each main theorem lists only the standard axioms of Coq's real
  numbers, `STANDARD_AXIOMS`;
* the constants of the Coq statements (``Constants.v``) equal refimpl's, exactly.

Skipped, with the reason, only where ``coqc`` or Flocq is not installed (``.ci/run`` installs
``coq libcoq-flocq`` on Debian).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from refimpl import release, tube

ROOT = Path(__file__).resolve().parents[2]
COQ_DIR = ROOT / "proofs" / "coq"
LOGICAL = "SmoteProofs"

#: The axioms Coq's standard library of reals (Rdefinitions, built on ClassicalDedekindReals)
#: and Flocq bring in; nothing else may appear under a main theorem.
STANDARD_AXIOMS = frozenset({
    "ClassicalDedekindReals.sig_forall_dec",
    "ClassicalDedekindReals.sig_not_dec",
    "FunctionalExtensionality.functional_extensionality_dep",
    "Classical_Prop.classic",
})

#: file -> the main theorems whose assumptions are checked (one per lemma part).
MAIN_THEOREMS: dict[str, tuple[str, ...]] = {
    "Tube": (
        "tube_b64",
        "tube_difference_real",
        "tube_f32_mixed",
        "tube_mixed_real",
        "tube_b64_attacker",
        "tube_f32_mixed_attacker",
    ),
    "Lemma1": ("lemma1_a", "lemma1_b", "lemma1_c", "lemma1_c_pivot", "lemma1_d", "lemma1_d_opposite", "lemma1_e"),
    "Theorem1": (
        "theorem1",
        "theorem1_disjoint",
        "theorem1_synthetic_flagged",
        "theorem1_real_not_flagged",
        "theorem1_collinear_counterexample",
    ),
    "Lemma2": (
        "lemma2_a_lagrange",
        "lemma2_a_gram_pos",
        "lemma2_a_normal_unique",
        "lemma2_b_line",
        "lemma2_b_parents",
        "lemma2_b_three",
        "lemma2_c",
        "lemma2_c_parallel",
        "lemma2_d_meet",
        "lemma2_d_parallel",
        "lemma2_d_nonzero",
        "lemma2_e_meet",
        "lemma2_e_concurrent",
        "lemma2_e_nonzero",
    ),
    "Convex": ("convex_real", "tube_convex", "convex_abs_gap", "tube_convex_attacker"),
    "Release": ("decimals_real", "release_decimals", "power_of_ten_38_low", "release_float32"),
    "Filter": ("cauchy_schwarz_sq", "lemma5_n1", "lemma5_n2"),
}

FORBIDDEN = re.compile(r"\b(Admitted|admit|Axioms?|Parameters?|Conjectures?)\b")

#: per-file compile limit; each file takes a few seconds
COMPILE_TIMEOUT_S = 120


def coq_files() -> list[str]:
    """The .v files of _CoqProject, in compile order."""
    lines = (COQ_DIR / "_CoqProject").read_text().split()
    return [w for w in lines if w.endswith(".v")]


def strip_comments(text: str) -> str:
    """Coq source without its (nested) comments, so that prose may name what code may not."""
    out, depth, i = [], 0, 0
    while i < len(text):
        two = text[i : i + 2]
        if two == "(*":
            depth, i = depth + 1, i + 2
        elif two == "*)" and depth:
            depth, i = depth - 1, i + 2
        else:
            if depth == 0:
                out.append(text[i])
            i += 1
    return "".join(out)


def forbidden_words(text: str) -> list[str]:
    """The escape hatches (Admitted, admit, Axiom, Parameter, ...) used in Coq source."""
    return FORBIDDEN.findall(strip_comments(text))


def _flocq_installed() -> bool:
    coqc = shutil.which("coqc")
    if coqc is None:
        return False
    where = subprocess.run([coqc, "-where"], capture_output=True, text=True, check=False).stdout.strip()
    return (Path(where) / "user-contrib" / "Flocq").is_dir()


needs_coq = pytest.mark.skipif(
    not _flocq_installed(), reason="coqc or Flocq not installed (apt-get install coq libcoq-flocq)"
)


def _coqc(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["coqc", "-q", "-R", ".", LOGICAL, path.name],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT_S,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float]]:
    """A temporary copy of proofs/coq/ with every file compiled; the compile seconds per file."""
    work = tmp_path_factory.mktemp("coq")
    seconds: dict[str, float] = {}
    for name in coq_files():
        shutil.copy(COQ_DIR / name, work / name)
        t0 = time.perf_counter()
        proc = _coqc(work / name, work)
        seconds[name] = time.perf_counter() - t0
        assert proc.returncode == 0, f"{name} does not compile:\n{proc.stdout}\n{proc.stderr}"
    print("coqc seconds:", {k: round(v, 2) for k, v in seconds.items()})
    return work, seconds


def test_every_v_file_is_in_the_build() -> None:
    on_disk = sorted(p.name for p in COQ_DIR.glob("*.v"))
    assert sorted(coq_files()) == on_disk


@pytest.mark.parametrize("name", coq_files())
def test_no_escape_hatch(name: str) -> None:
    assert forbidden_words((COQ_DIR / name).read_text()) == []


def test_escape_hatch_scan_catches_them() -> None:
    assert forbidden_words("Lemma l : False.\nProof. admit. Admitted.") == ["admit", "Admitted"]
    assert forbidden_words("Axiom ax : False.\nParameter p : nat.") == ["Axiom", "Parameter"]
    assert forbidden_words("(* Admitted is named in (* nested *) prose *) Qed.") == []


@needs_coq
def test_every_file_compiles(built: tuple[Path, dict[str, float]]) -> None:
    _, seconds = built
    assert set(seconds) == set(coq_files())
    for name, s in seconds.items():
        assert s < COMPILE_TIMEOUT_S, name


def parse_assumptions(output: str) -> set[str]:
    """The axiom names in the output of ``Print Assumptions`` (empty if closed)."""
    if "Closed under the global context" in output:
        return set()
    names = set()
    for line in output.splitlines():
        m = re.match(r"^([A-Za-z_][\w.']*) :", line)
        if m:
            names.add(m.group(1))
    return names


def test_parse_assumptions() -> None:
    out = "Axioms:\nClassical_Prop.classic : forall P : Prop, P \\/ ~ P\nfoo\n  : nat\nbar.baz : True\n"
    assert parse_assumptions(out) == {"Classical_Prop.classic", "bar.baz"}
    assert parse_assumptions("Closed under the global context\n") == set()


def split_assumptions(output: str) -> list[set[str]]:
    """One set of axiom names per ``Print Assumptions`` in the output, in order."""
    heads = list(re.finditer(r"^(Axioms:|Closed under the global context)", output, re.M))
    ends = [m.start() for m in heads[1:]] + [len(output)]
    return [parse_assumptions(output[m.start() : end]) for m, end in zip(heads, ends, strict=True)]


def test_split_assumptions() -> None:
    out = "Axioms:\nClassical_Prop.classic : P\nClosed under the global context\nAxioms:\nx.y : Q\n"
    assert split_assumptions(out) == [{"Classical_Prop.classic"}, set(), {"x.y"}]


@pytest.fixture(scope="module")
def assumptions(built: tuple[Path, dict[str, float]]) -> dict[str, set[str]]:
    """theorem -> the axioms ``Print Assumptions`` lists for it (one coqc run for all)."""
    work, _ = built
    theorems = [(m, t) for m in sorted(MAIN_THEOREMS) for t in MAIN_THEOREMS[m]]
    check = work / "Assumptions.v"
    lines = [f"From {LOGICAL} Require {m}." for m in sorted(MAIN_THEOREMS)]
    lines += [f"Print Assumptions {m}.{t}." for m, t in theorems]
    check.write_text("\n".join(lines) + "\n")
    proc = _coqc(check, work)
    assert proc.returncode == 0, proc.stderr
    blocks = split_assumptions(proc.stdout)
    assert len(blocks) == len(theorems), proc.stdout
    return {f"{m}.{t}": used for (m, t), used in zip(theorems, blocks, strict=True)}


@needs_coq
@pytest.mark.parametrize("theorem", [f"{m}.{t}" for m in sorted(MAIN_THEOREMS) for t in MAIN_THEOREMS[m]])
def test_assumptions_are_standard(assumptions: dict[str, set[str]], theorem: str) -> None:
    used = assumptions[theorem]
    assert used <= STANDARD_AXIOMS, used - STANDARD_AXIOMS


# --- the constants: Constants.v against refimpl -----------------------------------------

CONSTANT_BLOCK = re.compile(r"\(\* BEGIN CONSTANTS \*\)(.*?)\(\* END CONSTANTS \*\)", re.S)
DEFINITION = re.compile(r"Definition\s+(\w+)\s*(?:\(\s*(\w+)\s*:\s*nat\s*\))?\s*:\s*R\s*:=\s*(.*?)\.\s*(?=Definition|\Z)", re.S)


def _evaluate(expr: str, env: dict[str, object]) -> Fraction:
    """A Coq real expression of Constants.v's grammar, as an exact Fraction."""
    py = re.sub(r"bpow\s+radix2\s*\(\s*(-?\d+)\s*\)", r"(Fraction(2) ** (\1))", expr)
    py = py.replace("^", "**")
    try:
        tree = ast.parse(py, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"not in Constants.v's grammar: {expr!r}") from exc

    def ev(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return Fraction(node.value)
        if isinstance(node, ast.Name):
            if node.id not in env:
                raise ValueError(f"{node.id} is not defined before its use in Constants.v")
            value = env[node.id]
            assert isinstance(value, Fraction), node.id
            return value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "Fraction":
                return Fraction(*(int(ev(a)) for a in node.args))
            if node.func.id not in env:
                raise ValueError(f"{node.func.id} is not defined before its use in Constants.v")
            fn = env[node.func.id]
            assert callable(fn)
            result = fn(*(ev(a) for a in node.args))
            assert isinstance(result, Fraction)
            return result
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Div):
                return a / b
            if isinstance(node.op, ast.Pow) and b.denominator == 1:
                return a ** int(b)
        raise ValueError(f"not in Constants.v's grammar: {ast.dump(node)}")

    return ev(tree)


def coq_constants() -> dict[str, object]:
    """Every constant of Constants.v's block: a Fraction, or a function of a natural p."""
    text = (COQ_DIR / "Constants.v").read_text()
    block = CONSTANT_BLOCK.search(text)
    assert block is not None, "Constants.v lost its BEGIN/END CONSTANTS markers"
    env: dict[str, object] = {}
    for name, param, expr in DEFINITION.findall(block.group(1)):
        if param:
            def fn(p: Fraction, expr: str = expr, param: str = param) -> Fraction:
                return _evaluate(expr, {**env, param: p})

            env[name] = fn
        else:
            env[name] = _evaluate(expr, env)
    assert len(env) == block.group(1).count("Definition"), "a Definition escaped the parser"
    return env


def test_constants_parser() -> None:
    env: dict[str, object] = {"u": Fraction(1, 4)}
    assert _evaluate("bpow radix2 (-3) + 2 * u / (1 - u)", env) == Fraction(1, 8) + Fraction(2, 3)
    assert _evaluate("1 / (2 * 10 ^ 3)", env) == Fraction(1, 2000)
    for bad in ("sqrt 2", "sqrt(2)", "1.5", "v + 1"):
        with pytest.raises(ValueError):
            _evaluate(bad, env)


def test_constants_match_refimpl() -> None:
    c = coq_constants()
    co64, co32, cv = tube.COEFFICIENTS["float64"], tube.COEFFICIENTS["float32-mixed"], tube.CONVEX_COEFFICIENTS
    f32 = release.parse_release("float32").coefficients()
    expected: dict[str, Fraction] = {
        "u64": tube.U64, "eta64": tube.ETA64, "u32": tube.U32, "eta32": tube.ETA32,
        "gamma4": tube.gamma(4),
        "tube_b64_a": co64.a, "tube_b64_b": co64.b, "tube_b64_c": co64.c,
        "tube_f32_a": co32.a, "tube_f32_b": co32.b, "tube_f32_c": co32.c,
        "convex_g": cv.g, "convex_c": cv.c,
        "release_g": 2 * release.U + release.U * release.U,
        "release_decimals_alpha": release.decimals_coefficients(0)[0],
        "release_float32_alpha": f32[0], "release_float32_beta": f32[1],
    }
    functions: dict[str, Callable[[int], Fraction]] = {
        "release_decimals_beta": lambda p: release.decimals_coefficients(p)[1],
    }
    assert set(c) == set(expected) | set(functions)
    for name, value in expected.items():
        assert c[name] == value, name
    for name, ref in functions.items():
        fn = c[name]
        assert callable(fn)
        for p in range(release.MAX_DECIMALS + 1):
            assert fn(Fraction(p)) == ref(p), (name, p)
            assert release.decimals_coefficients(p)[0] == c["release_decimals_alpha"]


# --- the proof pages show the Coq statements, verbatim -----------------------------------

BOX = re.compile(r"^# Proved in Coq: `proofs/coq/(\w+)\.v`, theorem `(\w+)`:\n#\n# ```coq\n(.*?)^# ```$", re.S | re.M)


def coq_statement(file: str, name: str) -> str:
    """The text of ``Theorem name ...`` up to its ``Proof.`` in proofs/coq/file.v."""
    text = (COQ_DIR / f"{file}.v").read_text()
    m = re.search(rf"^(?:Theorem|Lemma) {name}\b.*?(?=^Proof\.)", text, re.S | re.M)
    assert m is not None, f"{file}.v has no theorem {name}"
    return m.group(0).rstrip()


def page_boxes(text: str) -> list[tuple[str, str, str]]:
    """(file, theorem, statement) for every Coq statement box of a proof page."""
    out = []
    for file, name, body in BOX.findall(text):
        lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in body.splitlines()]
        out.append((file, name, "\n".join(lines).rstrip()))
    return out


def test_page_boxes_parser() -> None:
    page = "# Proved in Coq: `proofs/coq/T.v`, theorem `t`:\n#\n# ```coq\n# Theorem t :\n#   True.\n# ```\n"
    assert page_boxes(page) == [("T", "t", "Theorem t :\n  True.")]


@pytest.mark.parametrize(
    "page", ["01_interior.py", "02_lines.py", "03_rounding_tube.py", "05_fast_filter.py", "06_noisy_tubes.py"]
)
def test_proof_page_shows_coq_statements(page: str) -> None:
    boxes = page_boxes((ROOT / "proofs" / page).read_text())
    assert boxes, f"{page} shows no Coq statement"
    for file, name, shown in boxes:
        assert name in MAIN_THEOREMS[file], f"{name} is not a checked main theorem of {file}.v"
        assert shown == coq_statement(file, name), f"{page}: the box of {name} differs from {file}.v"
