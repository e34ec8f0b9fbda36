"""Adopting factlint gradually: --diff / --changed-since and --baseline."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write

ARTICLE = """# Starfall Academy season 2

## Release date

Season 2 premieres in July 2025.

## Cast

Mira Sol returns as the lead.

## Release date

The studio announced the date at a festival.
"""


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True)
    return proc.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path / "posts" / "old.md", ARTICLE)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "archive")
    return tmp_path


def codes(out: str) -> list[str]:
    return [f"{f['path']}:{f['line']}" for f in json.loads(out)["findings"]]


def test_diff_reports_only_changed_lines(run_cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("check", "--isolated", "--no-cache", "--select", "FL101", "--format", "json")
    assert codes(run_cli(*args, "posts", cwd=repo).out) == ["posts/old.md:11"]
    # Nothing changed since HEAD: the old finding is not this change's business.
    r = run_cli(*args, "--diff", "posts", cwd=repo)
    assert codes(r.out) == [] and r.code == 0
    # Add a section whose heading repeats "Cast" at the end, and touch nothing else.
    write(repo / "posts" / "old.md", ARTICLE + "\n## Cast\n\nMore cast news.\n")
    r = run_cli(*args, "--diff", "posts", cwd=repo)
    assert codes(r.out) == ["posts/old.md:15"] and r.code == 1
    # A file git does not track yet is new everywhere.
    write(repo / "posts" / "new.md", ARTICLE)
    assert codes(run_cli(*args, "--diff", "posts", cwd=repo).out) == [
        "posts/new.md:11", "posts/old.md:15"]


def test_changed_since_a_revision_and_from_a_subfolder(run_cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    first = git(repo, "rev-parse", "HEAD")
    more = ARTICLE.replace("## Cast\n", "## Cast\n\n## Plot\n\nA.\n\n## Plot\n")
    write(repo / "posts" / "old.md", more)
    git(repo, "commit", "-qam", "more sections")
    args = ("check", "--isolated", "--no-cache", "--select", "FL101", "--format", "json")
    # HEAD itself: clean working tree, nothing to report.
    assert codes(run_cli(*args, "--changed-since", "HEAD", "old.md", cwd=repo / "posts").out) \
        == []
    # Against the first commit: only the new repeated "Plot" heading (line 13); the repeated
    # "Release date" below moved from line 11 to 17 but was not changed.
    r = run_cli(*args, "--changed-since", first, "old.md", cwd=repo / "posts")
    assert codes(r.out) == ["old.md:13"]


def test_diff_errors_are_one_line(run_cli, repo: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--isolated", "--changed-since", "no-such-branch", "posts", cwd=repo)
    assert r.code == 2
    assert r.err == "factlint: error: --changed-since: unknown git revision 'no-such-branch'\n"
    outside = tmp_path_factory.mktemp("plain")
    write(outside / "a.md", ARTICLE)
    r = run_cli("check", "--isolated", "--diff", "a.md", cwd=outside)
    assert r.code == 2 and r.err.startswith("factlint: error: --diff/--changed-since need a git")
    r = run_cli("check", "--isolated", "--diff", "--changed-since", "HEAD", "posts", cwd=repo)
    assert r.code == 2 and "not both" in r.err


def test_baseline_hides_known_findings_across_line_shifts(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "posts" / "a.md", ARTICLE)
    write(tmp_path / "posts" / "b.txt",
          "Guide\n\nIntro text here.\n\nTips\n\nOne.\n\nTips\n\nTwo.\n")
    args = ("check", "--isolated", "--no-cache", "--select", "FL101", "--format", "json")
    r = run_cli(*args, "--baseline", "factlint-baseline.json", "--write-baseline", "posts",
                cwd=tmp_path)
    assert r.code == 0 and r.out == ""
    assert r.err == "factlint: recorded 2 findings in factlint-baseline.json\n"
    recorded = json.loads((tmp_path / "factlint-baseline.json").read_text("utf-8"))
    assert recorded["findings"] == [
        {"rule": "FL101", "path": "posts/a.md", "excerpt": "Release date", "count": 1},
        {"rule": "FL101", "path": "posts/b.txt", "excerpt": "Tips", "count": 1},
    ]
    r = run_cli(*args, "--baseline", "factlint-baseline.json", "posts", cwd=tmp_path)
    assert codes(r.out) == [] and r.code == 0

    # Text inserted above moves the known finding down; it stays known. A third
    # "Release date" heading is new: exactly one finding is reported, at its line.
    shifted = ARTICLE.replace("# Starfall Academy season 2\n",
                              "# Starfall Academy season 2\n\nAn intro.\n\nMore intro.\n")
    write(tmp_path / "posts" / "a.md", shifted + "\n## Release date\n\nAgain.\n")
    r = run_cli(*args, "--baseline", "factlint-baseline.json", "posts", cwd=tmp_path)
    assert codes(r.out) == ["posts/a.md:19"] and r.code == 1
    # Paths are relative to the baseline file, so another working folder gives the same.
    r = run_cli(*args, "--baseline", "../factlint-baseline.json", ".", cwd=tmp_path / "posts")
    assert codes(r.out) == ["a.md:19"]


def test_baseline_errors(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "a.md", ARTICLE)
    r = run_cli("check", "--isolated", "--baseline", "none.json", "a.md", cwd=tmp_path)
    assert r.code == 2
    assert r.err == ("factlint: error: baseline none.json does not exist; create it with "
                     "--baseline none.json --write-baseline\n")
    write(tmp_path / "bad.json", '{"version": 1, "findings": [{"rule": 3}]}')
    r = run_cli("check", "--isolated", "--baseline", "bad.json", "a.md", cwd=tmp_path)
    assert r.code == 2 and r.err == (
        "factlint: error: bad.json: baseline entry 1 is malformed; rewrite the baseline with "
        "--write-baseline\n")
    r = run_cli("check", "--isolated", "--write-baseline", "a.md", cwd=tmp_path)
    assert r.code == 2 and "--write-baseline needs --baseline FILE" in r.err


def test_diff_handles_names_git_quotes(run_cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    names = ["my post.md", "café “2”.md", 'say "hi".md']  # spaces, non-ASCII, quoted
    for name in names:
        write(repo / "posts" / name, ARTICLE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "two more")
    for name in names:
        write(repo / "posts" / name, ARTICLE + "\n## Cast\n\nMore.\n")
    r = run_cli("check", "--isolated", "--no-cache", "--select", "FL101", "--format", "json",
                "--diff", "posts", cwd=repo)
    assert codes(r.out) == [f"posts/{names[1]}:15", f"posts/{names[0]}:15",
                            f"posts/{names[2]}:15"]
