"""``--format junit`` and ``--format checkstyle``: valid against their schemas
(tests/data/junit.xsd, tests/data/checkstyle.xsd), every value escaped, deterministic."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from factlint.finding import Finding, Severity
from factlint.reporters import ReportOptions, get
from factlint.results import RunResult
from tests.conftest import REPO, write
from tests.conftest import make_finding as _finding

CORE = "fixtures/core"
DATA = REPO / "tests" / "data"
SCHEMAS = {name: etree.XMLSchema(etree.parse(str(DATA / f"{name}.xsd")))
           for name in ("junit", "checkstyle")}


def _valid(fmt: str, report: str) -> Any:
    """The parsed report, asserting it is well-formed and valid against its schema."""
    root = etree.fromstring(report.encode("utf-8"))
    schema = SCHEMAS[fmt]
    assert schema.validate(root), schema.error_log
    return root


def _render(fmt: str, findings: list[Finding], paths: list[str] | None = None,
            errors: list[str] | None = None) -> str:
    result = RunResult(files_checked=len(paths or []), findings=findings,
                       errors=errors or [], paths=paths or [])
    return get(fmt)(result, ReportOptions())


@pytest.mark.parametrize("fmt", ["junit", "checkstyle"])
def test_cli_output_is_valid_against_the_schema(run_cli, in_repo, fmt: str) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--no-cache", "--format", fmt, CORE, "fixtures/examples",
                "missing.md")
    assert r.code == 2  # missing.md
    root = _valid(fmt, r.out)
    again = run_cli("check", "--isolated", "--no-cache", "--format", fmt, CORE,
                    "fixtures/examples", "missing.md")
    assert again.out == r.out  # deterministic: no times, no timestamps, no machine paths
    json_report = run_cli("check", "--isolated", "--no-cache", "--format", "json", CORE,
                          "fixtures/examples", "missing.md")
    import json

    findings = json.loads(json_report.out)["findings"]
    assert findings  # the fixtures have findings: the report is not trivially valid
    if fmt == "junit":
        failures = root.findall(".//failure")
        assert [(f.get("type"), f.get("message")) for f in failures] == [
            (x["rule"], x["message"]) for x in findings]
        assert int(root.get("failures")) == len(findings)
        assert int(root.get("errors")) == 1 and root.find(".//error").get("message") == (
            "missing.md: no such file or directory")
        assert int(root.get("tests")) == sum(int(s.get("tests"))
                                             for s in root.findall("testsuite"))
        assert len(root.findall(".//testcase")) == int(root.get("tests"))
    else:
        errors = root.findall(".//error")
        assert [(e.getparent().get("name"), int(e.get("line")), int(e.get("column")),
                 e.get("severity"), e.get("source")) for e in errors] == [
            (x["path"], x["line"], x["column"], x["severity"], f"factlint.{x['rule']}")
            for x in findings]


def test_clean_files_are_passing_test_cases_and_empty_checkstyle_files() -> None:
    paths = ["posts/clean.md", "posts/dirty.md"]
    found = [_finding(path="posts/dirty.md", severity=Severity.INFO)]
    root = _valid("junit", _render("junit", found, paths))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == paths
    clean = suites["posts/clean.md"].findall("testcase")
    assert len(clean) == 1 and list(clean[0]) == [] and clean[0].get("classname") == paths[0]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    root = _valid("checkstyle", _render("checkstyle", found, paths))
    files = root.findall("file")
    assert [(f.get("name"), len(f)) for f in files] == [("posts/clean.md", 0),
                                                       ("posts/dirty.md", 1)]
    assert files[1][0].get("severity") == "info"
    # Nothing checked is still a valid (empty) report.
    _valid("junit", _render("junit", []))
    _valid("checkstyle", _render("checkstyle", []))


HOSTILE = ('quote " apostrophe \' <tag> & ampersand ]]> cdata end\r\nCRLF\rlone CR\n'
           '::error::at line start\n  ::warning:: indented\n##[group]x '
           "nul\x00 esc\x1b vt\x0b ff\x0c del\x7f \ufffe surrogate\udcff é 漢字 🎬\ttab")


@pytest.mark.parametrize("fmt", ["junit", "checkstyle"])
def test_every_value_is_escaped(fmt: str) -> None:
    f = _finding(path="posts/<a & \"b\">.md", message=HOSTILE, excerpt=HOSTILE,
                 name="x\"y", rule="FL101")
    report = _render(fmt, [f], [f.path], errors=[f"{f.path}: {HOSTILE}"])
    root = _valid(fmt, report)
    # Nothing a CI runner would read as a workflow command reaches its log.
    assert "##[" not in report
    assert not any(line.lstrip().startswith("::") for line in report.splitlines())
    # A parser gets the text back: XML 1.0 cannot carry NUL, ESC, VT, FF, U+FFFE or a lone
    # surrogate, which are written as visible escapes; everything else is exact.
    shown = (HOSTILE.replace("\x00", "\\x00").replace("\x1b", "\\x1b").replace("\x0b", "\\x0b")
             .replace("\x0c", "\\x0c").replace("\ufffe", "\\ufffe")
             .replace("\udcff", "\\xff"))
    if fmt == "junit":
        failure = root.find(".//failure")
        assert failure.get("message") == shown
        assert failure.text.endswith("\n    " + shown)
        assert root.find("testsuite").get("name") == f.path
        assert root.find(".//error").get("message") == f"{f.path}: {shown}"
    else:
        error = root.find(".//error")
        assert error.get("message") == f"{shown} [x\"y]"
        assert root.find("file").get("name") == f.path


text_values = st.text(st.characters(blacklist_categories=()), max_size=40)


@settings(max_examples=150, deadline=None)
@given(path=text_values.filter(bool), message=text_values, excerpt=text_values,
       fmt=st.sampled_from(["junit", "checkstyle"]))
def test_any_text_gives_a_valid_report(path: str, message: str, excerpt: str, fmt: str) -> None:
    f = _finding(path=path, message=message, excerpt=excerpt)
    report = _render(fmt, [f], [path, path + "x"], errors=[message])
    _valid(fmt, report)
    assert "##[" not in report
    assert _render(fmt, [f], [path, path + "x"], errors=[message]) == report


def test_formats_are_listed_and_documented(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", "# Title\n\nBody text of the article.\n")
    r = run_cli("check", "--isolated", "--no-cache", "--format", "nope", str(tmp_path / "a.md"))
    assert r.code == 2 and "checkstyle" in r.err and "junit" in r.err
    usage = (REPO / "docs" / "usage.md").read_text("utf-8")
    ci = (REPO / "docs" / "ci.md").read_text("utf-8")
    for fmt in ("junit", "checkstyle"):
        assert f"`--format {fmt}`" in ci
        assert fmt in usage
