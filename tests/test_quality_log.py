"""docs/quality.md says only what was run or what the code holds.

Its log's rows are written by tests/qa_log.py from pytest's report on a committed tree; its
numbers (the corpus, the property tests) and the cases it names are those of the tests.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import qa_log
import test_properties

from labmetrics import config

DOC = config.DOCS_DIR / "quality.md"
ROW = re.compile(r"^\| (\d{4}-\d{2}-\d{2}) \| `([0-9a-f]{40})` \| (.+) \| (.+) \| "
                 r"(\d+) passed, (\d+) failed, (\d+) errors, (\d+) skipped \|$")


def _log_rows(doc: str) -> list[str]:
    log = doc.split("\n## Log\n", 1)[1]
    table = [line for line in log.splitlines() if line.startswith("|")]
    assert table[0] == qa_log.HEADER
    return table[2:]


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=config.ROOT, capture_output=True, text=True,
                          check=False)


def test_every_row_of_the_log_is_a_run_of_the_script_on_a_commit_of_the_project() -> None:
    rows = _log_rows(DOC.read_text(encoding="utf-8"))
    checks = {(c.what, ", ".join(f"`{t}`" for t in c.tests)) for c in qa_log.CHECKS.values()}
    for row in rows:
        match = ROW.match(row)
        assert match, f"not a row tests/qa_log.py writes: {row}"
        day, commit, what, tests = match.group(1, 2, 3, 4)
        assert (what, tests) in checks, f"not a check of tests/qa_log.py: {row}"
        assert _git("merge-base", "--is-ancestor", commit, "HEAD").returncode == 0, \
            f"{commit} is not in the history of this checkout"
        committed = _git("show", "-s", "--format=%cs", commit).stdout.strip()
        assert committed <= day, f"{commit} was committed after the run of {day}"


def test_the_script_writes_a_row_the_log_accepts() -> None:
    check = qa_log.CHECKS["corpus"]
    run = qa_log.Run("2026-12-02", "a" * 40, check, 61, 1, 0, 0)
    assert ROW.match(run.row())
    doc = ("# Q\n\n## Log\n\nWritten by the script.\n\n" + qa_log.HEADER
           + "\n|---|---|---|---|---|\n| old |\n\n## After\n")
    added = qa_log.add_row(doc, run.row())
    assert added.splitlines()[8:10] == ["| old |", run.row()]
    assert added.endswith("\n\n## After\n")
    with pytest.raises(SystemExit, match="no table"):
        qa_log.add_row("# Q\n\n## Log\n\nnothing yet\n", run.row())


def test_the_script_counts_each_checks_tests_in_pytests_report() -> None:
    xml = """<testsuites><testsuite tests="5">
      <testcase classname="tests.test_bad_inputs" name="a"/>
      <testcase classname="tests.test_bad_inputs" name="b"><failure message="x"/></testcase>
      <testcase classname="tests.test_bad_inputs_more" name="c"/>
      <testcase classname="tests.test_store.TestSwap" name="d"><skipped/></testcase>
      <testcase classname="tests.test_determinism" name="e"><error message="y"/></testcase>
    </testsuite></testsuites>"""
    assert qa_log.counts(xml, qa_log.CHECKS["corpus"]) == (1, 1, 0, 0)
    assert qa_log.counts(xml, qa_log.CHECKS["determinism"]) == (0, 0, 1, 1)
    assert qa_log.counts(xml, qa_log.CHECKS["suite"]) == (2, 1, 1, 1)


def test_the_script_refuses_a_tree_with_changes(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    git("add", "a.txt")
    git("commit", "-q", "-m", "a")
    assert re.fullmatch(r"[0-9a-f]{40}", qa_log.clean_commit(tmp_path))
    (tmp_path / "a.txt").write_text("b", encoding="utf-8")
    with pytest.raises(SystemExit, match="not committed"):
        qa_log.clean_commit(tmp_path)


def test_every_check_names_test_files_that_exist() -> None:
    for check in qa_log.CHECKS.values():
        assert all((config.ROOT / t).exists() for t in check.tests), check


def test_the_numbers_of_the_page_are_those_of_the_tests() -> None:
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    corpus = sorted(p.name for p in (config.ROOT / "tests/data/bad").glob("*__*.*"))
    assert f"holds {len(corpus)} hostile or broken files" in doc
    slowest = min(s.max_examples for s in _property_settings())
    assert (f"tried on {test_properties.SETTINGS.max_examples} generated tables "
            f"({slowest} for the slowest)") in doc


def _property_settings() -> list:
    """The hypothesis settings of every property of tests/test_properties.py."""
    found = []
    for name in dir(test_properties):
        test = getattr(test_properties, name)
        inner = getattr(getattr(test, "hypothesis", None), "inner_test", None)
        if name.startswith("test_") and inner is not None:
            found.append(test._hypothesis_internal_use_settings)
    assert found
    return found


def test_every_file_and_case_the_page_names_exists() -> None:
    doc = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:tests|labmetrics|docs)/[\w./-]+)`", doc))
    assert named
    assert [n for n in sorted(named) if not (config.ROOT / n).exists()] == []
