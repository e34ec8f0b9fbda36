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

from tests.conftest import FIXTURES, write

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


# -- 3. never write onto an input; write atomically ----------------------------------------
def _refused(r: Any, target: str, what: str) -> None:
    assert r.code == 2
    assert r.err == (f"factlint: error: refusing to write {what} to {target}: it is an input "
                     "of this run; choose another file\n")


@pytest.mark.parametrize("how", ["same", "symlink", "folder", "hardlink"])
def test_the_report_never_overwrites_an_article(run_cli, project: Path, how: str) -> None:  # type: ignore[no-untyped-def]
    write(project / "posts" / "a.md", DUP)
    target, args = "posts/a.md", ["posts/a.md", "good.md"]
    if how == "symlink":
        (project / "out.txt").symlink_to("posts/a.md")
        target = "out.txt"
    elif how == "folder":
        args = ["posts", "good.md"]
    elif how == "hardlink":
        os.link(project / "posts" / "a.md", project / "out.txt")
        target = "out.txt"
    r = run_cli("check", "-o", target, *args, cwd=project)
    _refused(r, target, "the report")
    assert (project / "posts" / "a.md").read_text(encoding="utf-8") == DUP


@pytest.mark.parametrize("which", ["config", "facts", "pack"])
def test_the_report_never_overwrites_a_data_file_of_the_run(run_cli, project: Path,  # type: ignore[no-untyped-def]
                                                            which: str) -> None:
    write(project / "house.yaml", "rule: FL204\nentries:\n  - phrase: must-watch\n")
    write(project / "show.facts.yaml", "work: {title: Show}\n")
    write(project / ".factlint.yaml", "select: [FL0, FL101]\npacks: [house.yaml]\n"
          "facts: [show.facts.yaml]\n")
    target = {"config": ".factlint.yaml", "facts": "show.facts.yaml", "pack": "house.yaml"}[which]
    before = (project / target).read_bytes()
    r = run_cli("check", "-o", target, "good.md", cwd=project)
    _refused(r, target, "the report")
    assert (project / target).read_bytes() == before


def test_write_baseline_never_overwrites_an_article(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "a.md", DUP)
    r = run_cli("check", "--baseline", "a.md", "--write-baseline", "a.md", "good.md",
                cwd=project)
    _refused(r, "a.md", "the baseline")
    assert (project / "a.md").read_text(encoding="utf-8") == DUP


def test_a_failed_report_write_keeps_the_old_file(run_cli, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    write(project / "report.txt", "yesterday's report\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    r = run_cli("check", "--no-cache", "-o", "report.txt", "good.md", cwd=project)
    assert r.code == 2
    assert r.err == "factlint: error: cannot write report.txt: No space left on device\n"
    assert (project / "report.txt").read_text(encoding="utf-8") == "yesterday's report\n"
    assert sorted(p.name for p in project.iterdir()) == [".factlint.yaml", "good.md",
                                                          "report.txt"]
    write(project / "base.json", "{}\n")
    r = run_cli("check", "--no-cache", "--baseline", "base.json", "--write-baseline", "good.md",
                cwd=project)
    assert r.code == 2 and "cannot write baseline base.json: No space left on device" in r.err
    assert (project / "base.json").read_text(encoding="utf-8") == "{}\n"


def test_reports_are_written_whole_through_a_rename(run_cli, project: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch) -> None:
    renamed: list[tuple[str, str]] = []
    real = os.replace

    def spy(src: Any, dst: Any) -> None:
        renamed.append((Path(src).name, Path(dst).name))
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    r = run_cli("check", "--no-cache", "-o", "report.txt", "good.md", cwd=project)
    assert r.code == 1 and [dst for _, dst in renamed] == ["report.txt"]
    assert renamed[0][0].startswith(".factlint-")
    assert (project / "report.txt").read_text(encoding="utf-8").startswith("good.md:7:4:")


# -- 4. rules stay near-linear: FL102's comparisons, FL503's look-behind -------------------
def _stub_heading(i: int, words: tuple[str, ...]) -> Any:
    from types import SimpleNamespace

    from factlint.rules.fl102_similar_heading import _Heading

    return _Heading(SimpleNamespace(line=i + 1), " ".join(words), words, words)  # type: ignore[arg-type]


def _fl102_work(heads: list[Any], monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[Any]]:

    from factlint.rules import fl102_similar_heading as fl102

    calls = 0
    real = fl102._why_similar

    def counting(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(fl102, "_why_similar", counting)
    rule = fl102.SimilarHeading()
    monkeypatch.setattr(rule, "block_finding", lambda doc, block, message: (block.line, message))
    rule.threshold, rule.synonyms = 90.0, fl102._synonyms([])  # what prepare() would set
    out = list(rule.conclude(None, [heads], None))  # type: ignore[arg-type]
    return calls, out


def test_fl102_compares_each_heading_with_a_bounded_number_of_others(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(20)
    vocab = ["".join(rng.choices("abcdefghij", k=6)) for _ in range(400)]
    n = 2000  # all without numbers and of similar length: the worst case for buckets
    heads = [_stub_heading(i, tuple(rng.sample(vocab, 3))) for i in range(n)]
    calls, _ = _fl102_work(heads, monkeypatch)
    assert calls <= 80 * n, f"{calls} comparisons for {n} headings: quadratic"


def test_fl102_finds_the_same_pairs_as_comparing_every_pair(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from rapidfuzz import fuzz

    from factlint.rules import fl102_similar_heading as fl102

    words = [("season", "trailer"), ("season", "teaser"), ("cast", "and", "characters"),
             ("characters", "and", "cast"), ("the", "final", "verdict"),
             ("the", "finel", "verdict"), ("plot",), ("storyline",), ("release", "date"),
             ("the", "final", "verdicts"), ("music",), ("opening", "theme", "song"),
             ("opening", "themes", "song"), ("release", "dates")]
    heads = [_stub_heading(i, w) for i, w in enumerate(words * 3)]
    synonyms = {"trailer": 1, "teaser": 1, "plot": 2, "storyline": 2}
    monkeypatch.setattr(fl102, "_synonyms", lambda tables: synonyms)
    expected = []
    for j, later in enumerate(heads):
        for earlier in heads[:j]:
            if earlier.key == later.key or earlier.numbers != later.numbers:
                continue
            why = fl102._why_similar(earlier, later, synonyms, 90, fuzz.ratio)
            if why:
                expected.append(later.block.line)
                break
    _, out = _fl102_work(heads, monkeypatch)
    assert [line for line, _ in out] == expected and len(expected) > 10


def test_fl503_looks_back_a_bounded_stretch_before_each_sentence(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from factlint.rules import fl503_sentence_fragment as fl503

    seen: list[int] = []

    class Recording:
        def __init__(self, rx: Any) -> None:
            self.rx = rx

        def search(self, text: str, *args: Any) -> Any:
            seen.append(len(text))
            return self.rx.search(text, *args)

    for name in ("_TERMINAL", "_INITIALS", "_SINGLE_END"):
        monkeypatch.setattr(fl503, name, Recording(getattr(fl503, name)))
    text = "The studio kept the staff. " * 40_000 + "Short one."
    start = len(text) - len("Short one.")
    sent = SimpleNamespace(text="Short one.", start=start, end=len(text), span=[])
    prev = SimpleNamespace(text="The studio kept the staff.")
    block = SimpleNamespace(text=text)
    rule = fl503.SentenceFragment()
    assert rule._judge(block, sent, prev, 3, False, 5, [], None,  # type: ignore[arg-type]
                       frozenset()) is None
    assert seen and max(seen) <= 1000, f"searched {max(seen)} characters for one sentence"


# -- 5. catastrophic regexes in packs --------------------------------------------------------
EVIL_REGEX_PACK = (
    "rule: HOUSE9\ndefine:\n  name: house-evil\n  summary: An entry that backtracks.\n"
    "entries:\n  - phrase: must-watch\n  - regex: '(a+)+$'\n    reason: backtracks\n"
)
EVIL_DEBRIS_PACK = (  # FL204 entries also find debris lines while plain text is parsed
    "rule: FL204\nentries:\n  - regex: '(a+)+$'\n    reason: backtracks\n"
)
EVIL_TOKEN_PACK = (
    "rule: HOUSE9\ndefine:\n  name: house-evil\n  summary: An entry that backtracks.\n"
    "entries:\n  - pattern: [{TEXT: {REGEX: '(a+)+$'}}]\n    reason: backtracks\n"
)


@pytest.mark.parametrize(("pack", "line"), [(EVIL_REGEX_PACK, 7), (EVIL_TOKEN_PACK, 6),
                                            (EVIL_DEBRIS_PACK, 3)])
@pytest.mark.parametrize("name", ["evil.md", "evil.txt"])
def test_a_backtracking_pack_regex_is_stopped_with_its_entry_named(run_cli, project: Path,  # type: ignore[no-untyped-def]
                                                                    monkeypatch, pack: str,
                                                                    line: int, name: str) -> None:
    from factlint import packs

    monkeypatch.setattr(packs, "REGEX_BUDGET_SECONDS", 0.5)
    write(project / "house.yaml", pack)
    rule = "FL204" if pack is EVIL_DEBRIS_PACK else "HOUSE9"
    write(project / ".factlint.yaml", f"select: [FL0, FL101, {rule}]\npacks: [house.yaml]\n")
    write(project / name, "# Title\n\nThe word " + "a" * 5000 + "b is long.\n")
    with deadline(20):
        r = run_cli("check", "--no-cache", name, "good.md", cwd=project)
    assert r.code == 2 and "Traceback" not in r.err
    assert f"house.yaml:{line}: " in r.err and "ran for more than 0.5 s" in r.err, r.err
    assert len(r.err.splitlines()) == 1 and "internal error" not in r.err


# Regexes in pack ``data:`` tables (FL204's furniture cues, FL505's promises, FL406's
# bylines) are a user's too: the same budget applies.
EVIL_DATA_PACKS = {
    "FL204": "rule: FL204\ndata:\n  furniture:\n    credit: ['(a+)+$']\n",
    "FL505": "rule: FL505\ndata:\n  promises:\n    - regex: '(a+)+$'\n      what: a date\n",
    "FL406": "rule: FL406\ndata:\n  byline: ['(a+)+$']\n",
}


@pytest.mark.parametrize("rule", sorted(EVIL_DATA_PACKS))
def test_a_backtracking_data_table_regex_is_stopped(run_cli, project: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                    rule: str) -> None:
    from factlint import packs

    monkeypatch.setattr(packs, "REGEX_BUDGET_SECONDS", 0.5)
    write(project / "house.yaml", EVIL_DATA_PACKS[rule])
    write(project / ".factlint.yaml", f"select: [FL0, FL101, {rule}]\npacks: [house.yaml]\n")
    write(project / "evil.txt", "A" * 30 + " title\n\n" + "a" * 5000 + "b\n\nBy " + "a" * 5000
          + "b\n")
    facts = ["--facts", str(FIXTURES / "oshi-no-ko.facts.yaml")] if rule == "FL406" else []
    with deadline(20):
        r = run_cli("check", "--no-cache", *facts, "evil.txt", "good.md", cwd=project)
    assert r.code == 2 and "Traceback" not in r.err
    assert "house.yaml: data regex ran for more than 0.5 s" in r.err, r.err
    assert len(r.err.splitlines()) == 1


def test_shipped_data_regexes_are_not_guarded() -> None:
    from factlint.packs import GuardedPattern, PackSet, UserText, data_regex

    shipped = PackSet.load([])
    tables = [t for p in shipped.packs for t in [p.data] if t is not None]
    assert tables and not any(isinstance(v, UserText) for t in tables
                              for v in _strings(t))  # factlint's own: no budget, no cost
    assert isinstance(data_regex(UserText("a+", "x.yaml")), GuardedPattern)
    assert not isinstance(data_regex("a+"), GuardedPattern)


def _strings(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    else:
        yield value


def test_a_timed_out_regex_leaves_an_outer_alarm_running(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    from factlint.errors import ConfigError
    from factlint.packs import time_budget

    fired: list[bool] = []
    old = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with time_budget(0.05, "x.yaml:1: entry"):
            pass
        with pytest.raises(ConfigError, match=r"^x\.yaml:1: entry ran for more than"), \
                time_budget(0.05, "x.yaml:1: entry"):
            time.sleep(1)
        time.sleep(0.5)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- 6. GitHub workflow-command injection -----------------------------------------------------
def runner_commands(stream: str) -> list[str]:
    """The workflow commands the GitHub Actions runner would execute from ``stream``.

    Its rules: the output is split into lines at CR, LF or CRLF; a line whose text after
    leading whitespace starts with ``::`` and has a second ``::`` is a command (``::name
    props::data``); otherwise ``##[`` anywhere in a line, followed later by ``]``, starts
    an old-style command (``##[name props]data``).
    """
    found = []
    for line in stream.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        text = line.lstrip()
        if text.startswith("::") and "::" in text[2:]:
            found.append(text)
            continue
        at = line.find("##[")
        if at >= 0 and "]" in line[at:]:
            found.append(line[at:])
    return found


HOSTILE_NAMES = ["evil\n::error file=x.md::owned.md", "##[error]owned.md", "::warning::x.md",
                 "plain\r::error::cr.md"]
HOSTILE_TEXT = ("# Title\n\n## ##[error]owned\n\nFirst part.\n\n## ##[error]owned\n\nSecond.\n\n"
                "## ::error::owned\n\nThird part.\n\n## ::error::owned\n\nFourth.\n")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "gitlab", "html"])
def test_no_workflow_command_reaches_either_stream(run_cli, project: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    posts = project / "posts"
    for name in HOSTILE_NAMES:
        write(posts / name, HOSTILE_TEXT)
    write(posts / "bad\n::error::utf16.md", b"\xff\xfe#\x00")  # an error line on stderr
    r = run_cli("check", "--no-cache", "--format", fmt, "posts", "good.md", "no\n::error::such",
                cwd=project)
    assert r.code == 2 and "Traceback" not in r.err
    assert runner_commands(r.err) == []
    commands = runner_commands(r.out)
    if fmt != "github":
        assert commands == [], commands
        return
    # Only factlint's own annotations: one per line of output, each with escaped values.
    lines = r.out.splitlines()
    assert commands == lines and all(c.startswith(("::warning file=", "::error title=factlint::"))
                                     for c in commands)
    files = [c.split("file=", 1)[1].split(",", 1)[0] for c in commands if "file=" in c]
    assert "posts/evil%0A%3A%3Aerror file=x.md%3A%3Aowned.md" in files


def test_click_usage_errors_cannot_inject_either(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("check", "--format", "github", "--no-such\n::error::owned", cwd=project)
    assert r.code == 2 and runner_commands(r.err) == [] and runner_commands(r.out) == []
    r = run_cli("check", "--select", "FL1\n::error::owned", "good.md", cwd=project)
    assert r.code == 2 and runner_commands(r.err) == [] and r.err.count("\n") == 1


# -- 7. non-UTF-8 file names --------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="byte file names are a POSIX thing")
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "gitlab", "html"])
def test_non_utf8_file_names_are_escaped_and_the_run_goes_on(run_cli, project: Path,  # type: ignore[no-untyped-def]
                                                             fmt: str) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(project)], check=True)
    posts = os.fsencode(project / "posts")
    os.makedirs(posts)
    with open(os.path.join(posts, b"caf\xe9.md"), "wb") as handle:
        handle.write(DUP.encode())
    with open(os.path.join(posts, b"bad\xff.md"), "wb") as handle:
        handle.write(b"\xff\xfe#\x00")
    r = run_cli("check", "--no-cache", "--format", fmt, "posts", "good.md", cwd=project)
    assert "Traceback" not in r.err and r.code == 2
    r.out.encode("utf-8")  # every report is valid UTF-8 (no lone surrogates)
    assert r.err == ("factlint: error: posts/bad\\xff.md: file is UTF-16, not UTF-8; re-save "
                     "it as UTF-8\n")
    assert "caf\\xe9.md" in r.out.replace("\\\\", "\\") or "caf%5Cxe9.md" in r.out, r.out
    if fmt == "json":
        assert found(r.out) == [GOOD, ("posts/caf\\xe9.md", "FL101", 7, 4)]


# -- 8. nothing outside the checked tree leaks ----------------------------------------------
SECRET = "root:$y$j9T$s3cr3thash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = write(tmp_path / "etc" / "shadow", SECRET)
    return secret


@pytest.mark.parametrize("how", ["walk", "explicit", "linked-folder-file"])
def test_symlinks_out_of_the_checked_tree_are_not_followed(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           outside: Path, how: str) -> None:
    project = tmp_path / "repo"
    write(project / "good.md", DUP)
    write(project / ".factlint.yaml", "select: [FL0, FL101]\n")
    write(project / "posts" / "real.md", DUP)
    (project / "posts" / "leak.md").symlink_to(outside)
    (project / "posts" / "inside.md").symlink_to("real.md")  # inside the tree: followed
    (project / "etc").symlink_to(outside.parent)
    arg = {"walk": "posts", "explicit": "posts/leak.md", "linked-folder-file": "etc/shadow"}[how]
    shown = "etc/shadow" if how == "linked-folder-file" else "posts/leak.md"
    r = run_cli("check", "--no-cache", "--format", "html", arg, "good.md", cwd=project)
    assert r.code == 2 and "s3cr3t" not in r.out + r.err
    assert r.err == (f"factlint: error: {shown}: symbolic link leads outside the checked tree; "
                     "pass --follow-symlinks to check it\n")
    if how == "walk":
        r = run_cli("check", "--format", "json", arg, "good.md", cwd=project)
        assert ("posts/inside.md", "FL101", 7, 4) in found(r.out)
    r = run_cli("check", "--no-cache", "--format", "html", "--follow-symlinks", arg, "good.md",
                cwd=project)
    assert "s3cr3t" in r.out and r.err == ""


@pytest.mark.parametrize("where", ["packs", "facts", "config"])
def test_data_file_errors_never_quote_its_content(run_cli, project: Path, outside: Path,  # type: ignore[no-untyped-def]
                                                  where: str) -> None:
    if where == "config":
        args = ["--config", str(outside)]
    else:
        write(project / "cfg.yaml", f"{where}: [{outside}]\n")
        args = ["--config", "cfg.yaml"]
    r = run_cli("check", *args, "good.md", cwd=project)
    assert r.code == 2 and len(r.err.splitlines()) == 1
    assert "s3cr3t" not in r.err and "unknown key" in r.err, r.err
    assert "(not a name: 40 characters, not shown)" in r.err


def test_a_plain_unknown_key_is_still_named(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "cfg.yaml", "selct: [FL1]\n")
    r = run_cli("check", "--config", "cfg.yaml", "good.md", cwd=project)
    assert r.code == 2 and "unknown key 'selct'" in r.err


# -- 9. pack message templates ----------------------------------------------------------------
def _template_pack(message: str) -> str:
    return ("rule: HOUSE7\ndefine:\n  name: house-template\n  summary: A message template.\n"
            f"  message: {json.dumps(message)}\nentries:\n  - regex: 'must-[a-z]+'\n"
            "    reason: say why\n")


@pytest.mark.parametrize(("message", "problem"), [
    ("{0}", "'{0}' is not a placeholder of pack messages (use {match}, {reason}, {label})"),
    ("{}", "'{}' is not a placeholder of pack messages (use {match}, {reason}, {label})"),
    ("{unknown}", "'{unknown}' is not a placeholder"),
    ("{match.__class__}", "'{match.__class__}' is not a placeholder"),
    ("{match[0]}", "'{match[0]}' is not a placeholder"),
    ("{", "message template is malformed: Single '{' encountered in format string"),
    ("}", "message template is malformed: Single '}' encountered in format string"),
    ("{reason:>50000000}", "placeholders take no format spec or conversion ('{reason:>50000000}')"),
    ("{match!a}", "placeholders take no format spec or conversion ('{match!a}')"),
    ("x" * 2001, "message template is longer than 2000 characters"),
])
def test_bad_message_templates_are_load_errors(run_cli, project: Path, message: str,  # type: ignore[no-untyped-def]
                                               problem: str) -> None:
    write(project / "house.yaml", _template_pack(message))
    write(project / ".factlint.yaml", "select: [FL0, FL101, HOUSE7]\npacks: [house.yaml]\n")
    r = run_cli("check", "good.md", cwd=project)
    assert r.code == 2
    assert r.err.startswith("factlint: error: ") and f"house.yaml:5: {problem}" in r.err
    assert len(r.err.splitlines()) == 1


def test_a_message_quotes_a_long_match_shortened(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / "house.yaml", _template_pack("'{match}' ({label}): {reason}{{literal}}"))
    write(project / ".factlint.yaml", "select: [FL0, FL101, HOUSE7]\npacks: [house.yaml]\n")
    write(project / "a.md", "# T\n\nThis is must-" + "x" * 100_000 + " indeed.\n")
    r = run_cli("check", "--no-cache", "--format", "json", "a.md", cwd=project)
    (finding,) = json.loads(r.out)["findings"]
    assert finding["message"] == "'must-" + "x" * 74 + "…' (): say why{literal}"


# -- 11. Ctrl-C ---------------------------------------------------------------------------------
def test_ctrl_c_exits_130(run_cli, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from factlint.engine import Engine

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Engine, "run", interrupted)
    r = run_cli("check", "good.md", cwd=project)
    assert (r.code, r.err.strip().splitlines()) == (130, ["factlint: error: interrupted"])


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")
def test_ctrl_c_during_a_parallel_run_prints_no_worker_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    para = ("The studio kept the same staff for the second season, and the director said "
            "the pacing of the manga would be kept. ") * 40
    for i in range(40):
        write(tmp_path / f"a{i:02d}.md", f"# Post {i}\n\n" + f"## Part\n\n{para}\n\n" * 20)
    proc = subprocess.Popen(
        [sys.executable, "-m", "factlint", "check", "--isolated", "--no-cache", "-j", "2", "."],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    give_up = time.monotonic() + 240
    while time.monotonic() < give_up and proc.poll() is None:
        if len(children.read_text().split()) >= 2:  # both workers are running
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: every process
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert proc.returncode == 130 and text.strip().splitlines()[-1] == (
        "factlint: error: interrupted"), text


# -- 12. smaller ones ---------------------------------------------------------------------------
def test_an_unreadable_sub_folder_is_reported(run_cli, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Tests run as root, where chmod 0 does not stop reads: simulate the OS refusing.
    write(project / "posts" / "open.md", DUP)
    write(project / "posts" / "private" / "hidden.md", DUP)
    real = os.scandir

    def refuse(path: Any = ".") -> Any:
        if Path(os.fsdecode(path)).name == "private":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    r = run_cli("check", "--format", "json", "posts", "good.md", cwd=project)
    assert r.err == "factlint: error: posts/private: cannot read folder: permission denied\n"
    assert found(r.out) == [GOOD, ("posts/open.md", "FL101", 7, 4)] and r.code == 2


def test_deeply_nested_toml_is_one_error(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    (project / ".factlint.yaml").unlink()
    write(project / "pyproject.toml", "[tool.factlint]\nselect = " + "[" * 5000 + "]" * 5000
          + "\n")
    r = run_cli("check", "good.md", cwd=project)
    assert r.code == 2
    assert r.err.endswith("pyproject.toml:1: TOML nesting is too deep\n"), r.err


@pytest.mark.parametrize(("rule", "value"), [
    ("FL102", "-5"), ("FL206", "-0.5"), ("FL206", ".nan"), ("FL206", ".inf"), ("FL206", "-.inf")])
def test_numeric_options_reject_negative_and_nan(run_cli, project: Path, rule: str,  # type: ignore[no-untyped-def]
                                                 value: str) -> None:
    write(project / ".factlint.yaml", f"select: [FL0, FL101]\nrules:\n  {rule}:\n    "
          f"threshold: {value}\n")
    r = run_cli("check", "good.md", cwd=project)
    assert r.code == 2 and len(r.err.splitlines()) == 1
    assert f"option 'threshold' of {rule} must be a finite number of 0 or more" in r.err, r.err


def test_a_signed_score_may_still_be_negative(run_cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    write(project / ".factlint.yaml", "select: [FL0, FL101]\nrules:\n  FL501:\n"
          "    min_reading_ease: -10\n")
    r = run_cli("check", "good.md", cwd=project)
    assert r.code == 1 and r.err == ""


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_excerpts_keep_the_files_own_line_breaks(run_cli, project: Path, newline: str) -> None:  # type: ignore[no-untyped-def]
    para = "The studio kept the same staff for the second season\nand the director stayed."
    text = f"# Title\n\n{para}\n\n## Next\n\n{para}\n".replace("\n", newline)
    write(project / "a.md", text.encode())
    write(project / ".factlint.yaml", "select: [FL201]\n")
    r = run_cli("check", "--no-cache", "--format", "json", "a.md", cwd=project)
    (finding,) = json.loads(r.out)["findings"]
    assert finding["excerpt"] == para.replace("\n", newline)
    assert (finding["line"], finding["end_line"]) == (8, 9)
    r = run_cli("check", "--no-cache", "a.md", cwd=project)
    assert r.out.splitlines()[1] == "    The studio kept the same staff for the second season"
