"""docs/ci.md's pre-commit snippets, run exactly as written on a fresh articles repository.

The install snippet makes a virtualenv with ``python3`` from PATH (this test's own
virtualenv is taken off PATH, as on a fresh machine) and pip-installs a copy of this
checkout from ``../factlint``: no network, pip finds spaCy and the model where the
development install found them. Then the real pre-commit, installed by the snippet,
gates commits: a bad article and an article copying a published paragraph are refused,
a good one commits. About a minute (one pip install).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_checkout, run_cmd, write

CI_DOC = REPO / "docs" / "ci.md"
_SNIPPET = re.compile(r"<!-- snippet: ([\w-]+) -->\n```(\w+)\n(.*?)```", re.DOTALL)

PUBLISHED = """# Moonlit Garden review

Moonlit Garden follows Mia, a stagehand at a failing theatre who dreams of singing on the
stage she sweeps every night, while the director hides the company's debts from the actors
and the landlord.
"""
BAD = """# Starfall Academy season 2

## Release date

Season 2 premieres in July 2025.

## Cast

Mira Sol returns as the lead.

## Release date

The studio announced the date at a festival.
"""
GOOD = BAD.replace("## Release date\n\nThe studio", "## Announcement\n\nThe studio")
COPY = GOOD + "\n## Story\n\n" + PUBLISHED.split("\n\n", 1)[1]


def snippets() -> dict[str, tuple[str, str]]:
    """The marked code blocks of docs/ci.md: name -> (language, text)."""
    found = {m.group(1): (m.group(2), m.group(3))
             for m in _SNIPPET.finditer(CI_DOC.read_text("utf-8"))}
    assert set(found) >= {"install", "pre-commit-config", "factlint-config",
                          "pre-commit-remote"}, found
    return found


def test_the_config_snippets_name_their_files() -> None:
    """Each YAML snippet says which file it is, so it can be written as written."""
    for name in ("pre-commit-config", "factlint-config", "pre-commit-remote"):
        language, text = snippets()[name]
        assert language == "yaml" and text.startswith("# .")


def _env(home: Path) -> dict[str, str]:
    here = str(Path(sys.executable).parent)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != here]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV", "PYTHON"))}
    env.update({"PATH": os.pathsep.join(path), "PRE_COMMIT_HOME": str(home),
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})
    return env


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("python3") is None,
                    reason="needs git and python3")
def _committer(site: Path, env: dict[str, str]
               ) -> Callable[[str], subprocess.CompletedProcess[str]]:
    """A function that writes an article into ``site`` and commits it through its hooks."""
    def commit(article: str) -> subprocess.CompletedProcess[str]:
        write(site / "posts" / "season-2.md", article)
        run_cmd(["git", "add", "-A"], site, env)
        return run_cmd(["git", "commit", "-m", "season 2 article"], site, env)
    return commit


def _assert_refused(commit: Callable[[str], subprocess.CompletedProcess[str]]) -> None:
    """The hook refuses the article with the repeated heading, and says why."""
    refused = commit(BAD)
    shown = refused.stdout + refused.stderr
    assert refused.returncode != 0, shown
    assert ("posts/season-2.md:11:4: warning FL101 heading repeats the heading on line 3"
            in shown)


def test_documented_pre_commit_snippets_gate_commits(tmp_path: Path) -> None:
    parts = snippets()
    env = _env(tmp_path / "pre-commit-home")
    copy_checkout(tmp_path / "factlint", env)
    site = tmp_path / "articles"
    site.mkdir()
    assert run_cmd(["git", "init", "-q"], site, env).returncode == 0
    write(site / "posts" / "moonlit-garden.md", PUBLISHED)
    for cmd in (["git", "add", "-A"], ["git", "commit", "-q", "-m", "published"]):
        assert run_cmd(cmd, site, env).returncode == 0

    # The snippets, as written: the shell one run by bash, the YAML ones written to the
    # file each names in its first line.
    language, install = parts["install"]
    assert language == "sh"
    done = run_cmd(["bash", "-euo", "pipefail", "-c", install], site, env)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("pre-commit-config", "factlint-config"):
        text = parts[name][1]
        write(site / text.splitlines()[0].removeprefix("# "), text)

    commit = _committer(site, env)
    _assert_refused(commit)
    copied = commit(COPY)
    shown = copied.stdout + copied.stderr
    assert copied.returncode != 0, shown
    assert re.search(r"posts/season-2\.md:\d+:1: warning FL206 paragraph also appears in "
                     r"posts/moonlit-garden\.md line 3 \(word for word\)", shown), shown
    accepted = commit(GOOD)
    shown = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, shown
    assert re.search(r"^factlint\.+Passed$", shown, re.MULTILINE), shown
    log = run_cmd(["git", "log", "--format=%s"], site, env).stdout.split("\n")
    assert log[:2] == ["season 2 article", "published"]


def _version() -> str:
    with open(REPO / "pyproject.toml", "rb") as fh:
        version: str = tomllib.load(fh)["project"]["version"]
    return version


def test_the_documented_tag_is_this_version() -> None:
    """docs/ci.md's remote form names the release tag of this version, and factlint says
    the same version."""
    text = snippets()["pre-commit-remote"][1]
    assert re.search(r"^\s+rev: (\S+)$", text, re.MULTILINE) is not None
    assert f"rev: v{_version()}\n" in text
    from factlint import __version__

    assert __version__ == _version()
    assert (REPO / ".pre-commit-hooks.yaml").is_file()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_documented_remote_hook_runs_from_the_release_tag(tmp_path: Path) -> None:
    """The remote-repository snippet, with real pre-commit, against a clone of this
    checkout tagged as the snippet's ``rev:``; only its ``repo:`` URL is replaced, by the
    clone's path. pre-commit installs factlint from the tag with .pre-commit-hooks.yaml."""
    env = _env(tmp_path / "pre-commit-home")
    clone = tmp_path / "factlint"
    copy_checkout(clone, env)
    tag = f"v{_version()}"
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"],
                ["git", "commit", "-q", "-m", "release"], ["git", "tag", tag]):
        done = run_cmd(cmd, clone, env)
        assert done.returncode == 0, done.stderr
    site = tmp_path / "articles"
    site.mkdir()
    assert run_cmd(["git", "init", "-q"], site, env).returncode == 0
    text = snippets()["pre-commit-remote"][1]
    config, count = re.subn(r"(?m)^(\s+- repo: )\S+$", lambda m: m.group(1) + str(clone), text)
    assert count == 1
    write(site / text.splitlines()[0].removeprefix("# "), config)
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    assert run_cmd([pre_commit, "install"], site, env).returncode == 0

    commit = _committer(site, env)
    _assert_refused(commit)
    accepted = commit(GOOD)
    shown = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, shown
    assert re.search(r"^factlint\.+Passed$", shown, re.MULTILINE), shown
