"""JUnit XML, the test report every CI server reads (Jenkins, GitLab, Azure DevOps, CircleCI).

The shape of Ant's and Jenkins' ``junit.xsd``: ``<testsuites name="factlint">`` holds one
``<testsuite>`` per checked file (named by its path, in path order). A file without
findings is one passing ``<testcase>``; otherwise each finding is a ``<testcase>`` (class
name the path, name the rule and position) with a ``<failure>`` whose ``type`` is the rule
code and whose ``message`` is the finding's message; its text is the finding as the text
format prints it, excerpt included. Files that could not be checked are ``<error>`` test
cases of a last suite named ``factlint``. Every finding is a failure, whatever its
severity: choose what is reported with ``--select`` and ``severity:``, and what fails the
build with ``--fail-on``. Times are 0 and there are no timestamps, so the same input
gives the same file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factlint.reporters import ReportOptions
from factlint.reporters._xml import DECLARATION, attributes, text

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.finding import Finding

CI_SAFE = "xml"  # see factlint.reporters._neutralised


def _case(f: Finding) -> list[str]:
    name = f"{f.rule} {f.name} at line {f.line}, column {f.column}"
    body = (f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.rule} {f.message} "
            f"[{f.name}]\n    {f.excerpt}")
    return [
        f"    <testcase{attributes([('name', name), ('classname', f.path), ('time', '0')])}>",
        f"      <failure{attributes([('type', f.rule), ('message', f.message)])}>"
        f"{text(body)}</failure>",
        "    </testcase>",
    ]


def render(result: RunResult, options: ReportOptions) -> str:
    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    suites: list[list[str]] = []
    counts = {"tests": 0, "failures": 0, "errors": 0}
    for path in sorted({*result.paths, *by_path}):
        found = by_path.get(path, [])
        passing = attributes([("name", "factlint"), ("classname", path), ("time", "0")])
        cases = [line for f in found for line in _case(f)] or [f"    <testcase{passing}/>"]
        tests = max(1, len(found))
        counts["tests"] += tests
        counts["failures"] += len(found)
        head = attributes([("name", path), ("tests", tests), ("failures", len(found)),
                           ("errors", 0), ("skipped", 0), ("time", "0")])
        suites.append([f"  <testsuite{head}>", *cases, "  </testsuite>"])
    if result.errors:
        n = len(result.errors)
        counts["tests"] += n
        counts["errors"] += n
        head = attributes([("name", "factlint"), ("tests", n), ("failures", 0), ("errors", n),
                           ("skipped", 0), ("time", "0")])
        cases = []
        for err in result.errors:
            case = attributes([("name", err), ("classname", "factlint"), ("time", "0")])
            cases += [
                f"    <testcase{case}>",
                f"      <error{attributes([('type', 'error'), ('message', err)])}/>",
                "    </testcase>",
            ]
        suites.append([f"  <testsuite{head}>", *cases, "  </testsuite>"])
    top = attributes([("name", "factlint"), ("tests", counts["tests"]),
                      ("failures", counts["failures"]), ("errors", counts["errors"]),
                      ("time", "0")])
    lines = [DECLARATION.rstrip("\n"), f"<testsuites{top}>"]
    for suite in suites:
        lines += suite
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"
