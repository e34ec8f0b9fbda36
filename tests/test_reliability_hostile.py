"""Hostile input (issue 20): nothing hangs, overwrites an article, injects commands or grows
without bound.

Each test mixes the hostile input with a normal article (``good.md``, one FL101 finding)
wherever a run goes on after it: the normal article must still be reported. Anything that
could hang runs under a deadline, so a regression fails instead of blocking the suite.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write

DUP = "# Title\n\n## Same\n\nFirst part.\n\n## Same\n\nSecond part.\n"
GOOD = ("good.md", "FL101", 7, 4)


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging forever) when the block takes longer than ``seconds``."""

    def expired(*_: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s: factlint hangs on this input")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def found(out: str) -> list[tuple[str, str, int, int]]:
    return [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(out)["findings"]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "good.md", DUP)
    write(tmp_path / ".factlint.yaml", "select: [FL0, FL101]\n")
    return tmp_path


# -- 1. FIFOs and other non-regular files ---------------------------------------------------
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_a_fifo_article_is_refused_and_the_others_checked(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(project / "x.md")
    with deadline(20):
        r = run_cli("check", "--format", "json", "x.md", "good.md", cwd=project)
    assert r.err == ("factlint: error: x.md: is a named pipe (FIFO), not a regular file; "
                     "only regular files are read\n")
    assert found(r.out) == [GOOD] and r.code == 2


@needs_fifo
def test_a_fifo_found_by_a_folder_walk_is_refused(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "posts" / "real.md", DUP)
    os.mkfifo(project / "posts" / "pipe.md")
    with deadline(20):
        r = run_cli("check", "--format", "json", "posts", "good.md", cwd=project)
    assert r.err == ("factlint: error: posts/pipe.md: is a named pipe (FIFO), not a regular "
                     "file; only regular files are read\n")
    assert found(r.out) == [GOOD, ("posts/real.md", "FL101", 7, 4)] and r.code == 2


@needs_fifo
@pytest.mark.parametrize("option", ["--config", "--facts", "pack", "--baseline"])
def test_a_fifo_as_config_facts_pack_or_baseline_is_one_error(run_cli, project: Path,  # type: ignore[no-untyped-def]
                                                              option: str) -> None:
    os.mkfifo(project / "pipe.yaml")
    args = [option, "pipe.yaml"]
    if option == "pack":
        write(project / "cfg.yaml", "packs: [pipe.yaml]\n")
        args = ["--config", "cfg.yaml"]
    with deadline(20):
        r = run_cli("check", *args, "good.md", cwd=project)
    assert r.code == 2 and "Traceback" not in r.err
    assert r.err.splitlines() == [
        "factlint: error: pipe.yaml: is a named pipe (FIFO), not a regular file; only regular "
        "files are read"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_link_to_a_device_is_refused(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    (project / "zero.md").symlink_to("/dev/zero")
    with deadline(20):
        r = run_cli("check", "--format", "json", "--follow-symlinks", "zero.md", "good.md",
                    cwd=project)
    assert r.err == ("factlint: error: zero.md: is a character device, not a regular file; "
                     "only regular files are read\n")
    assert found(r.out) == [GOOD] and r.code == 2


# -- 2. size limits ---------------------------------------------------------------------------
class Endless(io.RawIOBase):
    """``yes |``: a stream that never ends."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = len(buffer)
        buffer[:n] = b"y\n" * (n // 2) + b"y" * (n % 2)
        return n


def test_endless_stdin_stops_at_the_size_limit(run_cli, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    with deadline(20):
        r = run_cli("check", "--format", "json", "--max-file-size", "1MB", "-", "good.md",
                    cwd=project)
    assert r.err == ("factlint: error: <stdin>: file is too large (more than 1000000 bytes; "
                     "the limit is 1000000, see max-file-size)\n")
    assert found(r.out) == [GOOD] and r.code == 2


def test_an_article_over_the_configured_limit_is_one_error(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / ".factlint.yaml", "select: [FL0, FL101]\nmax-file-size: 2 KiB\n")
    write(project / "big.md", DUP + "x" * 3000 + "\n")
    r = run_cli("check", "--format", "json", "big.md", "good.md", cwd=project)
    size = len(DUP) + 3001
    assert r.err == (f"factlint: error: big.md: file is too large ({size} bytes; the limit is "
                     "2048, see max-file-size)\n")
    assert found(r.out) == [GOOD] and r.code == 2
    # The command line wins over the file.
    r = run_cli("check", "--format", "json", "--max-file-size", "4096", "big.md", cwd=project)
    assert r.code == 1 and r.err == ""


def test_the_default_limit_is_20_mib(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    from factlint.config import Config
    from factlint.safeio import DEFAULT_MAX_FILE_SIZE

    assert Config().max_file_size == DEFAULT_MAX_FILE_SIZE == 20 * 1024 * 1024
    with (project / "big.md").open("wb") as handle:  # sparse: refused before it is read
        handle.write(DUP.encode())
        handle.truncate(DEFAULT_MAX_FILE_SIZE + 1)
    r = run_cli("check", "--format", "json", "big.md", "good.md", cwd=project)
    assert r.err == (f"factlint: error: big.md: file is too large ({DEFAULT_MAX_FILE_SIZE + 1} "
                     f"bytes; the limit is {DEFAULT_MAX_FILE_SIZE}, see max-file-size)\n")
    assert found(r.out) == [GOOD] and r.code == 2


@pytest.mark.parametrize(("value", "message"), [
    ("-5", "must be a positive size"),
    ("0", "must be a positive size"),
    ("nan", "must be a size in bytes"),
    ("12 parsecs", "must be a size in bytes"),
])
def test_bad_size_limits_are_usage_errors(run_cli, project: Path, value: str,  # type: ignore[no-untyped-def]
                                          message: str) -> None:
    r = run_cli("check", "--max-file-size", value, "good.md", cwd=project)
    assert r.code == 2 and message in r.err and len(r.err.splitlines()) == 1
