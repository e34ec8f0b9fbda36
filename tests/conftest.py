"""Shared test helpers: run the CLI in-process, and paths of the repository."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factlint.cli import main
from factlint.finding import Finding, Severity

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SEED = REPO.parent / "shared" / "seed" / "000_46427bea75a92707.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run slow tests (long fuzzing)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow; run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run ``factlint ARGS`` in-process (the model stays loaded between calls)."""

    def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> Run:
        capsys.readouterr()
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run with the repository root as the current directory and no NO_COLOR surprises."""
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield REPO


def make_finding(**changes: Any) -> Finding:
    """A FL101 finding on posts/a.md line 3, with ``changes`` applied: reporter tests' input."""
    base: dict[str, Any] = dict(
        path="posts/a.md", line=3, column=5, end_line=3, end_column=9, rule="FL101",
        name="duplicate-heading", severity=Severity.WARNING, message="m", excerpt="Cast")
    base.update(changes)
    return Finding(**base)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


os.environ.setdefault("FACTLINT_TESTING", "1")


def run_cmd(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command (git, pre-commit) for a test, its output captured as text."""
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=900)


def copy_checkout(target: Path, env: dict[str, str]) -> None:
    """The checkout's tracked and new (non-ignored) files, as a clone would have them."""
    listed = run_cmd(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                     REPO, env)
    assert listed.returncode == 0, listed.stderr
    for name in filter(None, listed.stdout.split("\0")):
        src = REPO / name
        if src.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of the documents the NLP stage annotates, in order (a cached file is not)."""
    from factlint import checker as checker_mod

    seen: list[str] = []
    real = checker_mod.annotate_windows

    def counting(documents: Iterable[Any], nlp: Any, **kw: Any) -> Iterator[Any]:
        def tap() -> Iterator[Any]:
            for doc in documents:
                seen.append(doc.path)
                yield doc

        return real(tap(), nlp, **kw)

    monkeypatch.setattr(checker_mod, "annotate_windows", counting)
    return seen
