"""CI gate formats: GitHub workflow commands, SARIF 2.1.0 (schema-validated), GitLab JSON,
and the exact bytes of the JSON report."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.finding import Finding, Severity
from factlint.reporters.github import command, escape_data, escape_property
from tests.conftest import REPO, write
from tests.conftest import make_finding as _finding

CORE = "fixtures/core"
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def test_github_escaping() -> None:
    assert escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert escape_property("dir,x/a:b%.md\n") == "dir%2Cx/a%3Ab%25.md%0A"


def test_github_command_for_single_and_multi_line_findings() -> None:
    single = _finding(path="posts/odd,name:1.md", message="50% off: say why,\nthen fix")
    assert command(single) == (
        "::warning file=posts/odd%2Cname%3A1.md,line=3,col=5,endLine=3,endColumn=8,"
        "title=FL101 duplicate-heading::50%25 off: say why,%0Athen fix")
    # Columns apply to one line only; a span ending at column 1 does not cover that line.
    multi = _finding(line=2, end_line=5, end_column=1, severity=Severity.ERROR)
    assert command(multi) == (
        "::error file=posts/a.md,line=2,endLine=4,title=FL101 duplicate-heading::m")
    empty = _finding(column=1, end_column=1, severity=Severity.INFO)
    assert command(empty).startswith("::notice file=posts/a.md,line=3,col=1,endLine=3,"
                                     "endColumn=1,")


def test_github_format_output(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--format", "github", "--select", "FL101,FL002",
                f"{CORE}/repeated-heading.md", f"{CORE}/whitespace.txt", "missing.md")
    msg = ("heading repeats the heading on line {}; merge the two sections or give this one a "
           "heading that says what it covers")
    assert r.out.splitlines() == [
        f"::warning file={CORE}/repeated-heading.md,line=11,col=4,endLine=11,endColumn=15,"
        f"title=FL101 duplicate-heading::{msg.format(3)}",
        f"::warning file={CORE}/repeated-heading.md,line=15,col=4,endLine=15,endColumn=9,"
        f"title=FL101 duplicate-heading::{msg.format(7)}",
        f"::warning file={CORE}/whitespace.txt,line=1,endLine=3,title=FL002 empty-document::"
        "the article is empty; add its text or remove the file",
        "::error title=factlint::missing.md: no such file or directory",
    ]
    assert r.code == 2


def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def test_sarif_validates_against_the_official_schema(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--format", "sarif", CORE, "fixtures/examples",
                "missing.md")
    assert r.code == 2
    log = json.loads(r.out)
    validator = _validator()
    errors = [e.message for e in validator.iter_errors(log)]
    assert errors == []
    # The validator is not vacuous: a wrong level and a missing message are rejected.
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "warn"
    del broken["runs"][0]["results"][1]["message"]
    assert len(list(validator.iter_errors(broken))) == 2

    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [d["id"] for d in rules] == sorted(d["id"] for d in rules)
    fl101 = next(d for d in rules if d["id"] == "FL101")
    assert "A repeated heading is a copy-paste slip" in fl101["help"]["text"]
    assert "```text\n## Release Date" in fl101["help"]["markdown"]
    assert fl101["defaultConfiguration"] == {"level": "warning"}
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] == (
        "missing.md: no such file or directory")


def test_sarif_results_match_findings_exactly(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    args = ("check", "--isolated", "--select", "FL1,FL0", CORE)
    findings = json.loads(run_cli(*args, "--format", "json").out)["findings"]
    sarif = run_cli(*args, "--format", "sarif").out
    assert sarif == run_cli(*args, "--format", "sarif").out  # deterministic
    run = json.loads(sarif)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    got = []
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        got.append((loc["artifactLocation"]["uri"], region["startLine"], region["startColumn"],
                    region["endLine"], region["endColumn"], res["ruleId"], res["level"],
                    res["message"]["text"], region.get("snippet", {}).get("text", "")))
    assert got == [(f["path"], f["line"], f["column"], f["end_line"], f["end_column"],
                    f["rule"], f["severity"], f["message"], f["excerpt"]) for f in findings]


def test_sarif_uri_is_percent_encoded(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "my posts" / "a#1.md", "# T\n\n## Same\n\nx.\n\n## Same\n\ny.\n")
    r = run_cli("check", "--isolated", "--select", "FL101", "--format", "sarif", "my posts",
                cwd=tmp_path)
    log = json.loads(r.out)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "my%20posts/a%231.md", "uriBaseId": "%SRCROOT%"}
    assert list(_validator().iter_errors(log)) == []


def test_gitlab_code_quality(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL101", "--format", "gitlab", CORE)
    issues = json.loads(r.out)
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"])
            for i in issues] == [
        (f"{CORE}/repeated-heading.md", 11, "minor"),
        (f"{CORE}/repeated-heading.md", 15, "minor"),
        (f"{CORE}/repeated-heading.txt", 11, "minor"),
        (f"{CORE}/suppressed.md", 18, "minor"),
        (f"{CORE}/suppressed.txt", 12, "minor"),
    ]
    assert issues[0]["check_name"] == "FL101 duplicate-heading"
    assert issues[0]["description"].startswith("FL101 heading repeats the heading on line 3")
    assert len({i["fingerprint"] for i in issues}) == len(issues)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(), st.text(), st.text(), st.integers(1, 10**6)), max_size=4),
       st.lists(st.text(), max_size=3))
def test_json_report_is_exactly_what_json_dumps_writes(
    values: list[tuple[str, str, str, int]], errors: list[str]
) -> None:
    """The JSON reporter writes findings by hand for speed; the bytes must not change."""
    from factlint.engine import RunResult
    from factlint.reporters import ReportOptions
    from factlint.reporters.json import render

    findings = [Finding(path, n, n + 1, n + 2, n + 3, "FL101", "duplicate-heading",
                        Severity.WARNING, message, excerpt)
                for path, message, excerpt, n in values]
    result = RunResult(files_checked=len(values), findings=findings, errors=errors)
    expected = json.dumps({"version": 1, "files_checked": len(values),
                           "findings": [f.to_dict() for f in findings], "errors": errors},
                          indent=2, ensure_ascii=False) + "\n"
    assert render(result, ReportOptions()) == expected
