"""End to end: the real ``pre-commit`` installs the hook from this checkout and gates commits.

pre-commit builds its own virtualenv with factlint (and spaCy and the model) from the
checkout: about 40 seconds with a warm pip cache. ``try-repo`` always builds in a
throwaway store, and the installed hook builds once more (then reuses it for both
commits), so the test costs two installs. The checkout's working tree, uncommitted
changes included, is first copied into a snapshot repository, because pre-commit
installs from a commit.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_checkout, run_cmd, write

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

BAD = """# Starfall Academy season 2

## Release date

Season 2 premieres in July 2025.

## Cast

Mira Sol returns as the lead.

## Release date

The studio announced the date at a festival.
"""

GOOD = BAD.replace("## Release date\n\nThe studio", "## Announcement\n\nThe studio")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({
        "PRE_COMMIT_HOME": str(home), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    })
    return env


def _snapshot(target: Path, env: dict[str, str]) -> str:
    """Commit the checkout's working tree (tracked and new, non-ignored files) in ``target``."""
    copy_checkout(target, env)
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"],
                ["git", "commit", "-q", "--no-verify", "-m", "snapshot"]):
        proc = run_cmd(cmd, target, env)
        assert proc.returncode == 0, proc.stderr
    return run_cmd(["git", "rev-parse", "HEAD"], target, env).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hook_blocks_bad_article_and_passes_good_one(tmp_path: Path) -> None:
    env = _env(tmp_path / "pre-commit-home")
    snap = tmp_path / "factlint-snapshot"
    snap.mkdir()
    rev = _snapshot(snap, env)

    site = tmp_path / "site"
    site.mkdir()
    assert run_cmd(["git", "init", "-q"], site, env).returncode == 0
    write(site / "posts" / "season-2.md", BAD)
    write(site / "notes.py", "x = 1\n")  # not Markdown or text: the hook never sees it
    run_cmd(["git", "add", "-A"], site, env)

    # 1. pre-commit try-repo against the checkout: fails and shows the finding.
    tried = run_cmd([str(PRE_COMMIT), "try-repo", str(snap), "factlint", "--ref", rev], site, env)
    assert tried.returncode == 1, tried.stdout + tried.stderr
    finding = ("posts/season-2.md:11:4: warning FL101 heading repeats the heading on line 3; "
               "merge the two sections or give this one a heading that says what it covers "
               "[duplicate-heading]")
    assert finding in tried.stdout
    assert "notes.py" not in tried.stdout

    # 2. The hook installed for real: the commit of the bad article is refused.
    write(site / ".pre-commit-config.yaml",
          f"repos:\n  - repo: {snap}\n    rev: {rev}\n    hooks:\n      - id: factlint\n")
    assert run_cmd([str(PRE_COMMIT), "install"], site, env).returncode == 0
    run_cmd(["git", "add", "-A"], site, env)
    refused = run_cmd(["git", "commit", "-m", "add season 2 article"], site, env)
    assert refused.returncode != 0
    assert finding in refused.stdout + refused.stderr
    assert run_cmd(["git", "rev-parse", "--verify", "HEAD"], site, env).returncode != 0

    # 3. The fixed article commits.
    write(site / "posts" / "season-2.md", GOOD)
    run_cmd(["git", "add", "-A"], site, env)
    accepted = run_cmd(["git", "commit", "-m", "add season 2 article"], site, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert re.search(r"^factlint\.+Passed$", accepted.stdout + accepted.stderr, re.MULTILINE)
    assert run_cmd(["git", "rev-parse", "--verify", "HEAD"], site, env).returncode == 0
