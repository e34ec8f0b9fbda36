"""CLI conventions users of ruff, Vale and markdownlint-cli2 expect (issue 17): flag errors
that name the flag, --exit-zero, --statistics, --min-severity, rules --format json, init,
--show-settings, the cache for html and stats, globs, relative reference paths."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from factlint import checker as checker_mod
from factlint.cli_init import TEMPLATE
from factlint.config import load_config
from tests.conftest import REPO, write

# FL101 (warning) twice and FL105 (warning, an almost empty section) on the same article.
DUP = "# Title\n\n## Cast\n\nMira Sol returns to the stage this spring.\n\n## Cast\n\nSoon.\n"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths handed to the parser (``parse_document``), in order."""
    seen: list[str] = []
    real = checker_mod.parse_document

    def counting(path: str, text: str, **kw: Any) -> Any:
        seen.append(path)
        return real(path, text, **kw)

    monkeypatch.setattr(checker_mod, "parse_document", counting)
    return seen


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    write(tmp_path / "posts" / "a.md", DUP)
    write(tmp_path / "posts" / "2024" / "b.md", DUP)
    write(tmp_path / "posts" / "2024" / "notes.txt", "Notes\n\nNothing repeats in here.\n")
    monkeypatch.delenv("FACTLINT_CACHE_DIR", raising=False)
    yield tmp_path


def _codes(out: str) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+: \w+ (FL\d+)", out, re.MULTILINE)


# -- flag errors -------------------------------------------------------------------------
def test_a_bad_select_flag_is_blamed_on_the_flag_not_the_config(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    write(site / ".factlint.yaml", "select: [FL1]\nignore: [FL105]\n")
    r = run_cli("check", "--select", "FL9", "posts", cwd=site)
    assert r.code == 2
    assert r.err == "factlint: error: --select: unknown rule id 'FL9' (see 'factlint rules')\n"
    r = run_cli("check", "--ignore", "FL101,nope", "posts", cwd=site)
    assert r.code == 2 and r.err.startswith("factlint: error: --ignore: unknown rule id 'nope'")
    # The config's own mistakes still point at its line.
    write(site / ".factlint.yaml", "select: [FL1]\nignore: [FL999]\n")
    r = run_cli("check", "--ignore", "FL101", "posts", cwd=site)
    assert r.code == 2 and r.err.startswith("factlint: error: .factlint.yaml:2: unknown rule id")


def test_option_errors_are_one_line_that_names_the_option(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--jobs", "0", "posts", cwd=site)
    assert r.code == 2
    assert r.err == ("factlint: error: Invalid value for '-j' / '--jobs': 0 is not in the range "
                     "x>=1; see 'factlint check --help'\n")
    r = run_cli("check", "--fail-on", "loud\n::error::x", "posts", cwd=site)
    assert r.code == 2 and len(r.err.splitlines()) == 1 and "'--fail-on'" in r.err
    assert "\n::" not in r.err
    r = run_cli("check", "--max-file-size", "lots", "posts", cwd=site)
    assert r.code == 2 and r.err.startswith("factlint: error: --max-file-size must be a size")


# -- exit codes and what is shown -------------------------------------------------------
def test_exit_zero_keeps_the_report_but_exits_0(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    normal = run_cli("check", "--isolated", "--no-cache", "--select", "FL101", "posts/a.md",
                     cwd=site)
    zero = run_cli("check", "--isolated", "--no-cache", "--select", "FL101", "--exit-zero",
                   "posts/a.md", cwd=site)
    assert normal.code == 1 and zero.code == 0 and zero.out == normal.out
    # An error is still an error.
    assert run_cli("check", "--isolated", "--exit-zero", "missing.md", cwd=site).code == 2


def test_statistics_counts_per_rule_instead_of_findings(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--no-cache", "--select", "FL101,FL105", "--statistics",
                "posts", cwd=site)
    assert r.code == 1
    assert r.out == ("2  FL101  warning duplicate-heading\n"
                     "2  FL105  warning empty-section\n"
                     "4 findings in 3 files checked\n")
    j = run_cli("check", "--isolated", "--no-cache", "--select", "FL101,FL105", "--statistics",
                "--format", "json", "posts", cwd=site)
    data = json.loads(j.out)
    assert data["rules"] == [
        {"code": "FL101", "name": "duplicate-heading", "severity": "warning", "count": 2},
        {"code": "FL105", "name": "empty-section", "severity": "warning", "count": 2},
    ]
    assert data["files_checked"] == 3
    bad = run_cli("check", "--isolated", "--statistics", "--format", "sarif", "posts", cwd=site)
    assert bad.code == 2 and "--statistics" in bad.err


def test_min_severity_hides_findings_and_their_exit_code(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    base = ("check", "--isolated", "--no-cache", "--select", "FL101", "posts/a.md")
    shown = run_cli(*base, cwd=site)
    assert _codes(shown.out) == ["FL101"] and shown.code == 1
    hidden = run_cli(*base, "--min-severity", "error", cwd=site)
    assert _codes(hidden.out) == [] and hidden.code == 0
    assert "0 errors, 0 warnings, 0 info" in hidden.out
    # --fail-on is separate: it judges what is left after the filter.
    assert run_cli(*base, "--min-severity", "warning", "--fail-on", "error", cwd=site).code == 0
    assert run_cli(*base, "--min-severity", "warning", cwd=site).code == 1
    # The config file can set it too, and the flag wins.
    write(site / ".factlint.yaml", "min-severity: error\n")
    cfg = ("check", "--no-cache", "--select", "FL101", "posts/a.md")
    assert _codes(run_cli(*cfg, cwd=site).out) == []
    assert _codes(run_cli(*cfg, "--min-severity", "info", cwd=site).out) == ["FL101"]
    write(site / ".factlint.yaml", "min-severity: loud\n")
    r = run_cli(*cfg, cwd=site)
    assert r.code == 2 and r.err.startswith("factlint: error: .factlint.yaml:1: 'min-severity'")


def test_format_help_lists_every_format(run_cli) -> None:  # type: ignore[no-untyped-def]
    from factlint.reporters import available

    r = run_cli("check", "--help")
    help_text = " ".join(r.out.split())
    assert "Output format: " + ", ".join(available()) + "." in help_text
    assert {"text", "json", "html", "sarif", "github", "gitlab"} <= set(available())
    bad = run_cli("check", "--format", "xml", ".")
    assert bad.code == 2 and len(bad.err.splitlines()) == 1
    assert "unknown format 'xml'" in bad.err and "sarif" in bad.err


# -- rules --format json ----------------------------------------------------------------
def test_rules_format_json_lists_every_rule_with_options(run_cli) -> None:  # type: ignore[no-untyped-def]
    from factlint.registry import all_rules

    r = run_cli("rules", "--isolated", "--format", "json")
    assert r.code == 0
    data = json.loads(r.out)
    assert [x["code"] for x in data["rules"]] == [c.code for c in all_rules()]
    fl502 = next(x for x in data["rules"] if x["code"] == "FL502")
    assert fl502["name"] == "long-sentence" and fl502["severity"] == "warning"
    assert fl502["summary"] and fl502["explanation"]
    assert "max_words" in fl502["options"]
    assert isinstance(fl502["options"]["max_words"]["default"], int)
    text = run_cli("rules", "--isolated")
    assert len(text.out.splitlines()) == len(data["rules"])


# -- init -------------------------------------------------------------------------------
def test_init_writes_a_commented_config_that_loads(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("init", cwd=tmp_path)
    assert r.code == 0
    target = tmp_path / ".factlint.yaml"
    assert target.read_text(encoding="utf-8") == TEMPLATE
    assert sum(1 for line in TEMPLATE.splitlines() if line.startswith("#")) > 20
    config = load_config(target)
    assert config.fail_on == "warning" and config.select is None
    # The settings it shows commented out are valid too: uncommented, they still load, and
    # every config key appears in it.
    from factlint.config import _KEYS

    examples = re.sub(r"^# (?=[a-z-]+:|  )", "", TEMPLATE, flags=re.MULTILINE)
    write(tmp_path / "full" / ".factlint.yaml", examples)
    data = yaml.safe_load(examples)
    assert set(data) == _KEYS
    full = load_config(tmp_path / "full" / ".factlint.yaml")
    assert full.min_severity == "info" and full.max_file_size == 20 * 1024 * 1024
    assert full.rule_options["FL502"] == {"max_words": 30}


def test_init_never_overwrites(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / ".factlint.yaml", "fail-on: error\n")
    r = run_cli("init", cwd=tmp_path)
    assert r.code == 2
    assert r.err == ("factlint: error: .factlint.yaml already exists; factlint init never "
                     "overwrites a configuration\n")
    assert (tmp_path / ".factlint.yaml").read_text(encoding="utf-8") == "fail-on: error\n"
    write(tmp_path / "other" / ".factlint.yml", "fail-on: error\n")
    assert run_cli("init", "other", cwd=tmp_path).code == 2
    assert not (tmp_path / "other" / ".factlint.yaml").exists()
    assert run_cli("init", "missing", cwd=tmp_path).code == 2


# -- show-settings ----------------------------------------------------------------------
def test_show_settings_prints_the_resolved_config_without_checking(  # type: ignore[no-untyped-def]
    run_cli, site: Path, parses: list[str]
) -> None:
    write(site / "refs" / "w.facts.yaml", (REPO / "fixtures" / "oshi-no-ko.facts.yaml")
          .read_text(encoding="utf-8"))
    write(site / "posts" / "a.facts.yaml", (REPO / "fixtures" / "oshi-no-ko.facts.yaml")
          .read_text(encoding="utf-8"))
    write(site / ".factlint.yaml", "select: [FL1, FL5]\nignore: [FL105]\n"
          "facts: [refs/w.facts.yaml]\nseverity: {FL101: error}\n"
          "rules: {FL502: {max_words: 30}}\nfail-on: error\n")
    r = run_cli("check", "--show-settings", "--ignore", "FL504", "posts", cwd=site)
    assert r.code == 0 and parses == []
    lines = r.out.splitlines()
    assert lines[0] == "config file: .factlint.yaml"
    assert "  FL101  duplicate-heading             error (default warning)" in lines
    assert not any(line.startswith(("  FL105", "  FL504", "  FL301")) for line in lines)
    assert "  FL502  max_words: 30" in lines
    assert "  refs/w.facts.yaml (every article)" in lines
    assert "  posts/a.facts.yaml (posts/a.md)" in lines
    assert "fail-on: error" in lines and "cache: .factlint_cache" in lines
    j = run_cli("check", "--show-settings", "--format", "json", "--no-cache", "posts", cwd=site)
    data = json.loads(j.out)
    assert data["config_file"] == ".factlint.yaml" and data["cache_dir"] is None
    assert [r["code"] for r in data["rules"]][:2] == ["FL101", "FL102"]
    assert data["options"] == {"FL502": {"max_words": 30}}
    # A bad flag or a missing path is still an error.
    missing = run_cli("check", "--show-settings", "posts", "nowhere.md", cwd=site)
    assert missing.code == 2 and missing.err == (
        "factlint: error: nowhere.md: no such file or directory\n")
    assert run_cli("check", "--show-settings", "--select", "FL9", cwd=site).code == 2


# -- the result cache serves html and stats too -----------------------------------------
@pytest.mark.parametrize("command", [
    ("check", "--isolated", "--format", "html", "posts"),
    ("stats", "--isolated", "--format", "json", "posts"),
])
def test_html_and_stats_reuse_the_cache(  # type: ignore[no-untyped-def]
    run_cli, site: Path, parses: list[str], command: tuple[str, ...]
) -> None:
    first = run_cli(*command, cwd=site)
    assert sorted(parses) == ["posts/2024/b.md", "posts/2024/notes.txt", "posts/a.md"]
    parses.clear()
    second = run_cli(*command, cwd=site)
    assert parses == []
    assert (second.out, second.code) == (first.out, first.code)
    assert "FL101" in first.out
    # Entries a text run wrote lack the document view: an html or stats run parses once
    # more, and its richer entries then serve both kinds of run.
    fresh = ("--cache-dir", "other")
    run_cli("check", "--isolated", *fresh, "posts", cwd=site)
    parses.clear()
    run_cli(*command, *fresh, cwd=site)
    assert len(parses) == 3
    parses.clear()
    run_cli(*command, *fresh, cwd=site)
    run_cli("check", "--isolated", *fresh, "posts", cwd=site)
    assert parses == []


# -- glob arguments ---------------------------------------------------------------------
def _checked(run_cli, site: Path, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--no-cache", "--select", "FL101", "--format", "json",
                *args, cwd=site)
    assert r.code in (0, 1), r.err
    data = json.loads(r.out)
    return [*sorted({f["path"] for f in data["findings"]}), f"files={data['files_checked']}"]


def test_quoted_glob_arguments_are_expanded_like_a_folder_walk(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    write(site / "posts" / "2024" / "deep" / "c.md", DUP)
    write(site / "posts" / ".hidden" / "h.md", DUP)
    write(site / "posts" / "2024" / "data.yaml", "a: 1\n")
    write(site / "drafts" / "d.md", DUP)
    assert _checked(run_cli, site, "posts/**/*.md") == [
        "posts/2024/b.md", "posts/2024/deep/c.md", "posts/a.md", "files=3"]
    assert _checked(run_cli, site, "posts/*.md") == ["posts/a.md", "files=1"]
    # '**' alone names folders too, which are walked; hidden and non-article files are not.
    assert _checked(run_cli, site, "posts/**") == [
        "posts/2024/b.md", "posts/2024/deep/c.md", "posts/a.md", "files=4"]
    # '!pattern' (markdownlint-cli2) and the config's exclude both apply to matches.
    assert _checked(run_cli, site, "**/*.md", "!drafts/**", "!posts/2024/deep/*") == [
        "posts/2024/b.md", "posts/a.md", "files=2"]
    write(site / ".factlint.yaml", "exclude: ['posts/2024/**']\n")
    r = run_cli("check", "--no-cache", "--select", "FL101", "--format", "json", "**/*.md",
                cwd=site)
    assert sorted({f["path"] for f in json.loads(r.out)["findings"]}) == [
        "drafts/d.md", "posts/a.md"]


def test_a_glob_that_matches_nothing_is_an_error(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--no-cache", "nowhere/**/*.md", "posts/a.md", cwd=site)
    assert r.code == 2
    assert ("factlint: error: nowhere/**/*.md: no Markdown or text articles match this "
            "pattern\n") in r.err
    assert "posts/a.md:7:4: warning FL101" in r.out  # the other arguments are still checked


# -- reference files are named as the user gave them -------------------------------------
def test_fact_messages_name_the_reference_file_relative(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    facts = (REPO / "fixtures" / "oshi-no-ko.facts.yaml").read_text(encoding="utf-8")
    write(tmp_path / "refs" / "w.facts.yaml", facts)
    write(tmp_path / "posts" / "a.md", "# Oshi no Ko\n\nAqua Hoshino is her daughter.\n")
    write(tmp_path / ".factlint.yaml", "select: [FL401]\nfacts: [refs/w.facts.yaml]\n")

    def references(cwd: Path, *args: str) -> set[str]:
        r = run_cli("check", "--no-cache", *args, cwd=cwd)
        assert r.code == 1, r.err
        assert str(tmp_path) not in r.out
        return set(re.findall(r"in the reference \(([^)]+):\d+\)", r.out))

    assert references(tmp_path, "posts") == {"refs/w.facts.yaml"}
    # From a sub-folder the config is found above, and the path is relative to here.
    assert references(tmp_path / "posts", "a.md") == {"../refs/w.facts.yaml"}
    # A file passed with --facts is named as it was passed.
    write(tmp_path / ".factlint.yaml", "select: [FL401]\n")
    assert references(tmp_path, "--facts", "./refs/w.facts.yaml", "posts") == {
        "./refs/w.facts.yaml"}
