"""Inline suppressions in Markdown comments and plain-text directive lines."""

from __future__ import annotations


def test_markdown_suppressions(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL101,FL001",
                "fixtures/core/suppressed.md")
    found = [line.split(" ")[0] + " " + line.split(" ")[2] for line in r.out.splitlines()
             if line.startswith("fixtures/")]
    assert found == [
        "fixtures/core/suppressed.md:18:4: FL101",
        "fixtures/core/suppressed.md:22:1: FL001",
    ]
    assert "suppression names unknown rule 'FL999'" in r.out


def test_plain_text_suppressions(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--select", "FL101", "fixtures/core/suppressed.txt")
    lines = [x for x in r.out.splitlines() if x.startswith("fixtures/")]
    assert lines == [
        "fixtures/core/suppressed.txt:12:1: warning FL101 heading repeats the heading on line 3; "
        "merge the two sections or give this one a heading that says what it covers "
        "[duplicate-heading]"
    ]


def test_disable_file_and_directive_not_prose(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import write

    write(tmp_path / "a.md", "<!-- factlint-disable-file -->\n# T\n\n## S\n\nx\n\n## S\n\ny\n")
    assert run_cli("check", "--isolated", "a.md", cwd=tmp_path).code == 0
    write(tmp_path / "b.txt", "factlint: disable-file=FL101\nGuide Title\n\nSame Thing\n\n"
          "The first body text.\n\nSame Thing\n\nThe second body text.\n")
    r = run_cli("check", "--isolated", "b.txt", cwd=tmp_path)
    assert r.code == 0, r.out
