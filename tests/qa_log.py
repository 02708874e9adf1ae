"""Run the checks of docs/quality.md and record each run in its log.

    .venv/bin/python tests/qa_log.py [CHECK ...]      # every check when none is named

The checks' test files run in one pytest session (two workers at most); each check adds
one row to the table under "## Log" in docs/quality.md: the day, the commit, what was
checked, its test files and the counts pytest reported for them. The log is written by
this script only; a run on a tree with changes not committed is refused, since its commit
would not say what ran.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "quality.md"
HEADER = "| date | commit | what was checked | tests run | result |"


@dataclass(frozen=True)
class Check:
    """One check of the log: what it assures and the test files that assure it."""

    what: str
    tests: tuple[str, ...]


CHECKS: dict[str, Check] = {
    "corpus": Check("Bad-input corpus: every file of tests/data/bad/ through `labmetrics "
                    "validate`, its outcome asserted line by line", ("tests/test_bad_inputs.py",)),
    "properties": Check("Property tests (hypothesis): generated tables through reading, "
                        "validation and every public writer",
                        ("tests/test_properties.py", "tests/test_publish.py")),
    "personal-data": Check("Personal data: public build, shared quarantine, reports and the "
                           "index searched for every contact", ("tests/test_personal_data.py",)),
    "injection": Check("Injection: display helpers, CSVs, notebook parameters, `--lang` and "
                       "`--period`", ("tests/test_injection.py",)),
    "failures": Check("Failures: error, timeout and dead kernel in a report; a build stopped "
                      "while writing", ("tests/test_report_engine.py", "tests/test_failures.py")),
    "determinism": Check("Determinism: two builds and two renders compared byte for byte",
                         ("tests/test_determinism.py", "tests/test_store.py")),
    "suite": Check("The whole suite (browser and end-to-end tests included)", ("tests",)),
}


@dataclass(frozen=True)
class Run:
    """What pytest reported for one check on one commit."""

    day: str
    commit: str
    check: Check
    passed: int
    failed: int
    errors: int
    skipped: int

    def row(self) -> str:
        """The run as a row of the log's table."""
        result = (f"{self.passed} passed, {self.failed} failed, {self.errors} errors, "
                  f"{self.skipped} skipped")
        return (f"| {self.day} | `{self.commit}` | {self.check.what} | "
                f"{', '.join(f'`{t}`' for t in self.check.tests)} | {result} |")


def clean_commit(root: Path) -> str:
    """The commit checked out in ``root``; refused when the tree has changes."""
    changes = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                             cwd=root, capture_output=True, text=True, check=True).stdout
    if changes.strip():
        raise SystemExit("the tree has changes not committed: commit them first, so that "
                         "the log's commit says what ran.")
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                          text=True, check=True).stdout.strip()


def _covers(check: Check, classname: str) -> bool:
    """Whether a test of JUnit ``classname`` (``tests.test_x`` or ``tests.test_x.Class``)
    is one of the check's."""
    return any(classname == module or classname.startswith(f"{module}.")
               for module in (t.removesuffix(".py").replace("/", ".") for t in check.tests))


def counts(junit_xml: str, check: Check) -> tuple[int, int, int, int]:
    """Passed, failed, errors and skipped among the check's tests, from pytest's JUnit XML
    report."""
    found = {"passed": 0, "failure": 0, "error": 0, "skipped": 0}
    for case in ET.fromstring(junit_xml).iter("testcase"):
        if not _covers(check, case.get("classname", "")):
            continue
        outcome = next((child.tag for child in case
                        if child.tag in ("failure", "error", "skipped")), "passed")
        found[outcome] += 1
    return found["passed"], found["failure"], found["error"], found["skipped"]


def run(checks: list[Check], commit: str) -> list[Run]:
    """Run the checks' tests in one pytest session; what it reported, check by check."""
    paths = sorted({t for c in checks for t in c.tests})
    if "tests" in paths:
        paths = ["tests"]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q",
                        "-p", "no:cacheprovider", f"--junitxml={report}", *paths],
                       cwd=ROOT, check=False)
        xml = report.read_text(encoding="utf-8")
    day = datetime.now(UTC).date().isoformat()
    return [Run(day, commit, c, *counts(xml, c)) for c in checks]


def add_row(doc: str, row: str) -> str:
    """``doc`` with ``row`` added at the end of the table under ``## Log``."""
    match = re.search(r"^## Log\n.*?^" + re.escape(HEADER) + r"\n\|[-| ]+\|\n(?:\|[^\n]*\n)*",
                      doc, re.M | re.S)
    if match is None:
        raise SystemExit(f"docs/quality.md has no table '{HEADER}' under '## Log'.")
    return doc[:match.end()] + row + "\n" + doc[match.end():]


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise SystemExit(f"no check named {', '.join(unknown)}: use {', '.join(CHECKS)}.")
    commit = clean_commit(ROOT)
    runs = run([CHECKS[name] for name in names or CHECKS], commit)
    doc = DOC.read_text(encoding="utf-8")
    for done in runs:
        doc = add_row(doc, done.row())
    DOC.write_text(doc, encoding="utf-8")
    return 0 if all(r.failed == r.errors == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
