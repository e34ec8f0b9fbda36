"""``--archive`` / ``archive:``: checked files are compared for FL206 with every article of an
archive, whose paragraph summaries come from the result cache when unchanged."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from factlint import neardup
from factlint.rules.fl206_duplicate_across_files import DuplicateAcrossFiles, _hash, _Paragraph
from tests.conftest import write

COPIED = ("Moonlit Garden follows Mia, a stagehand at a failing theatre who dreams of singing "
          "on the stage she sweeps every night, while the director hides the company's debts "
          "from the actors and the landlord.")
REWORDED = ("Moonlit Garden follows Mia, a young stagehand at a failing theatre dreaming of "
            "singing on the stage she sweeps every night, while the director hides the "
            "company's debts from the cast and the landlord.")
OWN = [
    "The racing game's anniversary update adds four tracks along a coastal highway, a revised "
    "handling model for rear-wheel cars and a photo mode that the community asked for.",
    "Composer Ren Aoki recorded the soundtrack with a string quartet in a converted chapel, "
    "and the vinyl edition adds three demos that were cut from the final release.",
    "Critics praised the pilot's long single take through the night market, though several "
    "reviewers found the middle episodes slow and the villain's motives thin.",
    "The studio's colour team painted every background by hand for the winter arc, then "
    "scanned the sheets at high resolution so the grain of the paper survives on screen.",
]
SHARED_BOILERPLATE = ("Our newsletter collects every premiere date, casting announcement, "
                      "trailer breakdown and festival report from the week in one tidy email "
                      "that arrives each Friday morning.")


def article(title: str, *paragraphs: str) -> str:
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A project whose archive ``posts/`` holds three articles; two share boilerplate."""
    write(tmp_path / "posts" / "moonlit-garden.md",
          article("Moonlit Garden review", OWN[0], COPIED, SHARED_BOILERPLATE))
    write(tmp_path / "posts" / "racing.md", article("Anniversary update", OWN[1],
                                                    SHARED_BOILERPLATE))
    write(tmp_path / "posts" / "soundtrack.md", article("Soundtrack notes", OWN[2]))
    write(tmp_path / "drafts" / "new.md", article("Season two preview", OWN[3], COPIED))
    return tmp_path


def findings(out: str) -> list[tuple[str, int, str, str]]:
    return [(f["path"], f["line"], f["rule"], f["message"]) for f in json.loads(out)["findings"]]


CHECK = ("check", "--isolated", "--select", "FL206", "--format", "json", "--cache-dir",
         "cache")


def test_a_copied_archive_paragraph_is_reported_on_the_new_file(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert r.code == 1, r.err
    got = findings(r.out)
    assert [(path, line, rule) for path, line, rule, _ in got] == [("drafts/new.md", 5, "FL206")]
    assert "posts/moonlit-garden.md line 5 (word for word)" in got[0][3]
    # Without the archive the same file has nothing to be compared with.
    r = run_cli(*CHECK, "drafts/new.md", cwd=site)
    assert r.code == 0 and findings(r.out) == []


def test_archive_files_own_duplicates_are_not_reported(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    """posts/racing.md repeats posts/moonlit-garden.md's boilerplate: not this check's news."""
    write(site / "drafts" / "new.md", article("Season two preview", OWN[3]))
    r = run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert r.code == 0 and findings(r.out) == []
    # Checked together (no archive), the same pair is reported on the later file.
    r = run_cli(*CHECK, "posts", cwd=site)
    assert [(p, line) for p, line, _, _ in findings(r.out)] == [("posts/racing.md", 5)]


def test_a_reworded_copy_is_reported_with_its_share(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    write(site / "drafts" / "new.md", article("Season two preview", OWN[3], REWORDED))
    got = findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out)
    assert len(got) == 1 and got[0][:2] == ("drafts/new.md", 5)
    assert "posts/moonlit-garden.md line 5 (reworded, " in got[0][3]


def test_a_checked_file_inside_the_archive_is_compared_once(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    """The hook checks a staged article that is also part of the archive folder: it is not
    its own duplicate, it is parsed once, and its copy of another archive file is found."""
    write(site / "posts" / "new.md", article("Season two preview", OWN[3], COPIED))
    r = run_cli(*CHECK, "--archive", "posts", "posts/new.md", cwd=site)
    got = findings(r.out)
    assert [(p, line) for p, line, _, _ in got] == [("posts/new.md", 5)]
    assert "posts/moonlit-garden.md line 5" in got[0][3]
    assert sorted(parsed) == ["posts/moonlit-garden.md", "posts/new.md", "posts/racing.md",
                              "posts/soundtrack.md"]
    # An earlier path that copies a later one is still the checked file's finding.
    (site / "posts" / "new.md").unlink()
    write(site / "posts" / "a-first.md", article("Early", OWN[3], COPIED))
    got = findings(run_cli(*CHECK, "--archive", "posts", "posts/a-first.md", cwd=site).out)
    assert [(p, line) for p, line, _, _ in got] == [("posts/a-first.md", 5)]
    assert "posts/moonlit-garden.md line 5" in got[0][3]


def test_stdin_named_after_an_archive_file_is_not_its_own_duplicate(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    """An editor integration sends the buffer of posts/soundtrack.md on stdin."""
    text = (site / "posts" / "soundtrack.md").read_bytes()
    r = run_cli(*CHECK, "--archive", "posts", "--stdin-filename", "posts/soundtrack.md",
                "-", cwd=site, stdin=text)
    assert r.code == 0 and findings(r.out) == []
    # The buffer of posts/racing.md shares the newsletter paragraph with another article.
    text = (site / "posts" / "racing.md").read_bytes()
    r = run_cli(*CHECK, "--archive", "posts", "--stdin-filename", "posts/racing.md",
                "-", cwd=site, stdin=text)
    got = findings(r.out)
    assert [(p, line) for p, line, _, _ in got] == [("posts/racing.md", 5)]
    assert "posts/moonlit-garden.md line 7" in got[0][3]


def test_an_unchanged_archive_is_read_from_the_cache(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    r = run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    first = findings(r.out)
    assert sorted(parsed) == ["drafts/new.md", "posts/moonlit-garden.md", "posts/racing.md",
                              "posts/soundtrack.md"]
    parsed.clear()
    # The next commit's article is new; the archive did not change: only the article is read.
    write(site / "drafts" / "new.md", article("Season two preview", OWN[3], COPIED, OWN[2]))
    r = run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert parsed == ["drafts/new.md"]
    got = findings(r.out)
    assert got[0] == first[0]
    assert [(p, line) for p, line, _, _ in got] == [("drafts/new.md", 5), ("drafts/new.md", 7)]
    assert "posts/soundtrack.md line 3" in got[1][3]
    parsed.clear()
    assert findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out) == got
    assert parsed == []


def test_a_changed_archive_file_is_read_again(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    write(site / "drafts" / "new.md", article("Season two preview", OWN[3]))
    assert findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out) == []
    parsed.clear()
    # An archived article gains the paragraph the new one has: the copy is now found.
    write(site / "posts" / "soundtrack.md", article("Soundtrack notes", OWN[2], OWN[3]))
    r = run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert parsed == ["posts/soundtrack.md"]
    got = findings(r.out)
    assert [(p, line) for p, line, _, _ in got] == [("drafts/new.md", 3)]
    assert "posts/soundtrack.md line 5" in got[0][3]
    # An archive file removed is no longer compared with.
    (site / "posts" / "soundtrack.md").unlink()
    parsed.clear()
    assert findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out) == []
    assert parsed == []


def test_archive_summaries_are_shared_by_runs_with_other_rules(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    """The archive's entries depend on the cross-file rules only: a run with other rules
    selected (or another format) reuses them."""
    run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    parsed.clear()
    r = run_cli("check", "--isolated", "--select", "FL206,FL101", "--cache-dir", "cache",
                "--archive", "posts", "drafts/new.md", cwd=site)
    assert r.code == 1 and "posts/moonlit-garden.md line 5" in r.out
    assert parsed == ["drafts/new.md"]  # a new rule set for the checked file, not the archive


def test_archive_from_the_config_is_relative_to_it(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    write(site / ".factlint.yaml", "archive: posts\nselect: [FL206]\n")
    r = run_cli("check", "--no-cache", "--format", "json", "new.md", cwd=site / "drafts")
    assert r.code == 1, r.err
    assert [(p, line) for p, line, _, _ in findings(r.out)] == [("new.md", 5)]
    # --no-archive turns it off for one run; --archive DIR replaces it.
    r = run_cli("check", "--no-cache", "--format", "json", "--no-archive", "new.md",
                cwd=site / "drafts")
    assert r.code == 0 and findings(r.out) == []
    write(site / "empty" / "note.md", article("Unrelated", OWN[1]))
    r = run_cli("check", "--no-cache", "--format", "json", "--archive", "../empty", "new.md",
                cwd=site / "drafts")
    assert r.code == 0 and findings(r.out) == []


@pytest.mark.parametrize(("value", "message"), [
    ("3", ".factlint.yaml:2: 'archive' must be a list of strings"),
    ("[posts, {a: 1}]", ".factlint.yaml:2: 'archive' must be a list of strings"),
])
def test_a_bad_archive_key_is_one_error(run_cli, site: Path, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    write(site / ".factlint.yaml", f"select: [FL206]\narchive: {value}\n")
    r = run_cli("check", "--no-cache", "drafts/new.md", cwd=site)
    assert r.code == 2
    # The discovered config is named relative to where factlint runs.
    assert r.err.strip().splitlines() == [f"factlint: error: {message}"]


def test_a_missing_archive_is_one_error(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli(*CHECK, "--archive", "nowhere", "drafts/new.md", cwd=site)
    assert r.code == 2 and r.out == ""
    assert r.err.strip().splitlines() == ["factlint: error: archive nowhere does not exist"]
    r = run_cli(*CHECK, "--archive", "posts", "--no-archive", "drafts/new.md", cwd=site)
    assert r.code == 2 and "not both" in r.err


def test_an_unreadable_archive_file_is_a_warning_not_a_failure(run_cli, site: Path) -> None:  # type: ignore[no-untyped-def]
    write(site / "posts" / "broken.md", b"\xff\xfe\x00bad\x00")
    r = run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert r.code == 1  # the copy is still found; the broken file is left out
    assert [(p, line) for p, line, _, _ in findings(r.out)] == [("drafts/new.md", 5)]
    assert "factlint: warning: archive: posts/broken.md:" in r.err
    assert "it is not compared" in r.err


# -- the archive comparison itself --------------------------------------------------------
def _paragraph(line: int, words: Iterable[str]) -> _Paragraph:
    return _Paragraph(line, 1, line, 10, "excerpt",
                      b"".join(sorted(_hash(w) for w in set(words))))


def _random_archive(seed: int) -> tuple[list[tuple[str, list[_Paragraph]]],
                                        list[tuple[str, list[_Paragraph]]]]:
    rng = random.Random(seed)
    vocab = [f"w{n}" for n in range(60)]
    pool: list[list[str]] = []
    archive: list[tuple[str, list[_Paragraph]]] = []
    for f in range(30):
        paragraphs = []
        for k in range(rng.randint(0, 4)):
            words = rng.sample(vocab, rng.randint(12, 30))
            pool.append(words)
            paragraphs.append(_paragraph(2 * k + 1, words))
        archive.append((f"posts/{f:02}.md", paragraphs))
    checked: list[tuple[str, list[_Paragraph]]] = []
    for f in range(3):
        paragraphs = []
        for k in range(6):
            words = list(rng.choice(pool)) if rng.random() < 0.6 else rng.sample(vocab, 15)
            for _ in range(rng.randint(0, 6)):  # reworded: words swapped for others
                words[rng.randrange(len(words))] = rng.choice(vocab)
            paragraphs.append(_paragraph(2 * k + 1, words))
        checked.append((f"new/{f}.md", paragraphs))
    return checked, archive


def _brute_archive(checked: list[tuple[str, list[_Paragraph]]],
                   archive: list[tuple[str, list[_Paragraph]]],
                   threshold: float) -> dict[int, tuple[float, str, int]]:
    out: dict[int, tuple[float, str, int]] = {}
    mine = [p for _, ps in sorted(checked) for p in ps]
    for n, para in enumerate(mine):
        a = para.hash_set()
        for path, ps in archive:
            for other in ps:
                b = other.hash_set()
                score = len(a & b) / len(a | b)
                if score >= threshold and (n not in out or (-score, path, other.line) < out[n]):
                    out[n] = (-score, path, other.line)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_archive_matches_are_exactly_the_brute_force_ones(seed: int) -> None:
    """The vectorised filter drops only pairs that cannot reach the threshold."""
    checked, archive = _random_archive(seed)
    sets = [p.hash_set() for _, ps in sorted(checked) for p in ps]
    for threshold in (0.3, 0.5, 0.6, 0.9, 1.0):
        flat = [(path, p.line, p.hashes) for path, ps in sorted(archive) for p in ps]
        assert neardup.archive_matches(sets, flat, threshold) == _brute_archive(
            checked, archive, threshold)


def test_finish_reports_checked_files_only_and_prefers_the_closest_copy() -> None:
    rule = DuplicateAcrossFiles(DuplicateAcrossFiles.severity)
    rule.threshold, rule.min_words = 0.6, 12
    rule.page_min_sentences = 0  # the paragraph comparison only (pages: test_synonyms.py)
    words = [f"w{n}" for n in range(20)]
    archive = [("posts/a.md", [_paragraph(3, words)]),
               ("posts/b.md", [_paragraph(7, words), _paragraph(9, words[:14] + ["x"] * 6)])]
    close = [*words[:18], "y1", "y2"]
    checked = [("new.md", [_paragraph(5, close)]), ("other.md", [_paragraph(1, ["z"] * 3)])]
    found = list(rule.finish(checked, archive))
    assert [(f.path, f.line) for f in found] == [("new.md", 5)]
    assert "posts/a.md line 3 (reworded, 82% shared words)" in found[0].message
    # A closer checked file (a word-for-word copy, earlier in the run) wins over the archive.
    twin = [("early.md", [_paragraph(2, close)]), ("new.md", [_paragraph(5, close)])]
    found = list(rule.finish(twin, archive))
    assert [(f.path, f.line) for f in found] == [("early.md", 2), ("new.md", 5)]
    assert "posts/a.md line 3" in found[0].message
    assert "early.md line 2 (word for word)" in found[1].message
    assert list(rule.finish([], archive)) == []


# -- the CI recipe: --changed-since compares changed files with the unchanged ones ---------
def _git(cwd: Path, *args: str) -> None:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_changed_since_reports_a_copy_on_the_changed_file(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    """A new article whose path sorts before the one it copies: checked together, the copy
    used to be reported on the old file, where --changed-since dropped it."""
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", "posts")
    _git(site, "commit", "-q", "-m", "archive")
    _git(site, "checkout", "-q", "-b", "feature")
    write(site / "posts" / "a-new.md", article("Season two preview", OWN[3], COPIED))
    _git(site, "add", "posts")
    _git(site, "commit", "-q", "-m", "new article")
    parsed.clear()
    r = run_cli(*CHECK, "--changed-since", "main", "posts", cwd=site)
    assert r.code == 1, r.err
    got = findings(r.out)
    assert [(p, line) for p, line, _, _ in got] == [("posts/a-new.md", 5)]
    assert "posts/moonlit-garden.md line 5" in got[0][3]
    # The unchanged files were summarised for FL206 only (the files checked: the new one).
    assert json.loads(r.out)["files_checked"] == 1
    assert sorted(parsed) == ["posts/a-new.md", "posts/moonlit-garden.md", "posts/racing.md",
                              "posts/soundtrack.md"]
    # Without --changed-since every file is checked and the pair lands on the later path.
    r = run_cli(*CHECK, "posts", cwd=site)
    assert ("posts/moonlit-garden.md", 5) in [(p, line) for p, line, _, _ in findings(r.out)]
