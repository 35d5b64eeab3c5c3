# Every target creates .venv on first use, so a fresh clone needs nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP_BASE := $(VENV)/.installed-base
STAMP_TEST := $(VENV)/.installed-test
STAMP_DOCS := $(VENV)/.installed-docs
STAMP_MUTATION := $(VENV)/.installed-mutation
# Material prints an end-of-life banner on every build; it is not about this project.
export NO_MKDOCS_2_WARNING := 1

# pytest-xdist workers: every core by default (the suite is CPU-bound); JOBS=0 runs in-process.
JOBS ?= auto
PYTEST := HYPOTHESIS_PROFILE=ci $(PY) -m pytest -q -n $(JOBS)

.PHONY: demo test test-quick lint typecheck pytest docs docs-serve bench bench-docs clean vectors conformance mutation ecosystem sv-venv fuzz-old-pandas

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_BASE): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_BASE)

$(STAMP_DOCS): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[docs]'
	touch $@ $(STAMP_BASE)

$(STAMP_MUTATION): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,mutation]'
	touch $@ $(STAMP_BASE) $(STAMP_TEST)

demo: $(STAMP_BASE)
	$(BIN)/smote-refimpl demo

# tests/docs runs every example in docs/ and checks the built site in Chromium: it needs
# the docs extras too.
# Two cost tiers (tests/conftest.py says which tests are thorough), fast first so that a
# broken core fails in minutes.
pytest: $(STAMP_TEST) $(STAMP_DOCS)
	$(PYTEST) -m "not slow"
	$(PYTEST) -m slow

# Local work: the fast tier only, dev hypothesis profile, stop at the first failure.
test-quick: $(STAMP_TEST)
	HYPOTHESIS_PROFILE=dev $(PY) -m pytest -q -x -n $(JOBS) -m "not slow"

lint: $(STAMP_TEST)
	$(BIN)/ruff check refimpl tests bench docs/hooks

typecheck: $(STAMP_TEST)
	$(BIN)/mypy --strict refimpl

# The docs build first: it executes the proofs, and tests/docs/test_browser.py then checks
# the fresh site/ instead of building its own.
test: docs pytest lint typecheck

# The documentation site, strictly (any warning fails), with no network: see mkdocs.yml.
# The build executes proofs/, which import hypothesis (a test extra), so both extras go in.
docs: $(STAMP_TEST) $(STAMP_DOCS)
	$(BIN)/mkdocs build --strict

docs-serve: $(STAMP_TEST) $(STAMP_DOCS)
	$(BIN)/mkdocs serve

bench: $(STAMP_TEST)
	$(PY) bench/predicates.py

# Re-measure and write the tables of docs/reference/benchmarks.md (about 2 minutes).
bench-docs: $(STAMP_TEST)
	PYTHONPATH=. $(PY) bench/predicates.py --markdown docs/reference/benchmarks.md
	$(PY) bench/verify_throughput.py --markdown docs/reference/benchmarks.md

vectors: $(STAMP_BASE)
	$(PY) -m refimpl.validate.vectors --out tests/vectors

# Mutation-test the stable core with mutmut (a bench, not part of `make test`); writes
# bench/mutation/results.json and docs/reference/mutation.md. Every mutant (about 1,200) takes
# over an hour on a shared 2-core machine; MUTATION_ARGS=--sample runs the committed sample
# (bench/mutation/sample.txt, about 300) in minutes.
MUTATION_ARGS ?=
mutation: $(STAMP_MUTATION)
	$(PY) bench/mutation/run.py $(MUTATION_ARGS)

conformance: $(STAMP_TEST)
	$(PY) bench/conformance_table.py --out docs/reference/conformance.md

# the fuzz bench's CSV round trip under the oldest pandas pyproject allows (a second venv under
# build/, built once; about an hour of wall time on a loaded 2-core machine for 10,000 configurations)
fuzz-old-pandas: $(STAMP_TEST)
	$(PY) bench/verify_fuzz.py --old-pandas

# smote-variants without TensorFlow, in its own venv under build/ (not the main one): its runtime
# imports plus `pip install --no-deps smote-variants` (bench/wild/sv_venv.py says why that suffices)
sv-venv: | $(PY)
	$(PY) bench/wild/sv_venv.py --build

# the ecosystem table: imbalanced-learn's family, smote-variants (conformance extra), R themis /
# unbalanced and Weka (Debian packages, see .ci/run), each explained by verify --model auto
ecosystem: $(STAMP_TEST) sv-venv
	$(PY) bench/ecosystem.py --out docs/explanation/smote-implementations.md --csv bench/results/ecosystem.csv

clean:
	rm -rf $(VENV) site build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis tests/docs/node_modules
