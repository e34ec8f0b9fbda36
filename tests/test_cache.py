"""The result cache, parallel runs and lazy imports.

Whether NLP ran is observed by counting the documents that go through
``factlint.checker.annotate_windows`` (the only way into the model).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from factlint.config import Config
from factlint.document import Document
from factlint.engine import Engine, Source
from factlint.finding import Finding
from factlint.registry import CorpusRule
from tests.conftest import REPO, write

DUP = "# {title}\n\n## Cast\n\nMira Sol returns.\n\n## Cast\n\nKai Ren joins.\n"
CLEAN = "# {title}\n\n## Plot\n\nThe second season picks up after the festival.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write(tmp_path / "posts" / "a.md", DUP.format(title="A"))
    write(tmp_path / "posts" / "b.md", CLEAN.format(title="B"))
    write(tmp_path / "posts" / "c.txt", "Guide\n\nIntro text.\n\nTips\n\nOne.\n\nTips\n\nTwo.\n")
    return tmp_path


# Only the core rules: the rule families pin their own findings in their fixtures.
ARGS = ("check", "--isolated", "--select", "FL0,FL101", "--format", "json", "--cache-dir", "cache",
        "posts")


def test_rerun_hits_the_cache_and_gives_the_same_output(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    first = run_cli(*ARGS, cwd=site)
    assert parsed == ["posts/a.md", "posts/b.md", "posts/c.txt"]
    assert first.code == 1
    parsed.clear()
    second = run_cli(*ARGS, cwd=site)
    assert parsed == []
    assert (second.out, second.err, second.code) == (first.out, first.err, first.code)
    # The folder marks itself so it is never committed; no temporary files are left.
    assert (site / "cache" / ".gitignore").read_text("utf-8").endswith("*\n")
    assert (site / "cache" / "CACHEDIR.TAG").read_text("utf-8").startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    entries = list((site / "cache").rglob("*.json"))
    assert len(entries) == 3 and not list((site / "cache").rglob(".tmp-*"))


def test_content_change_invalidates_only_that_file(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    run_cli(*ARGS, cwd=site)
    parsed.clear()
    write(site / "posts" / "b.md", DUP.format(title="B"))
    r = run_cli(*ARGS, cwd=site)
    assert parsed == ["posts/b.md"]
    assert [f["path"] for f in json.loads(r.out)["findings"]] == [
        "posts/a.md", "posts/b.md", "posts/c.txt"]


def test_config_change_invalidates(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    base = ("check", "--format", "json", "--cache-dir", "cache", "posts")
    write(site / ".factlint.yaml", "select: [FL101]\n")
    run_cli(*base, cwd=site)
    parsed.clear()
    write(site / ".factlint.yaml", "select: [FL101]\nseverity: {FL101: error}\n")
    r = run_cli(*base, cwd=site)
    assert len(parsed) == 3
    assert {f["severity"] for f in json.loads(r.out)["findings"]} == {"error"}
    parsed.clear()
    run_cli(*base, "--ignore", "FL101", cwd=site)  # another rule set: another key
    assert len(parsed) == 3
    parsed.clear()
    run_cli(*base, cwd=site)  # back to the second config: cached
    assert parsed == []


def test_pack_change_invalidates(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    pack = ("rule: HOUSE1\ndefine:\n  name: house-word\n  summary: A word the house bans.\n"
            "entries:\n  - phrase: {word}\n    reason: the style guide bans it\n")
    write(site / "house.yaml", pack.format(word="returns"))
    write(site / ".factlint.yaml", "packs: [house.yaml]\nselect: [HOUSE1]\n")
    base = ("check", "--format", "json", "--cache-dir", "cache", "posts")
    first = json.loads(run_cli(*base, cwd=site).out)["findings"]
    assert [f["excerpt"] for f in first] == ["returns"]
    parsed.clear()
    write(site / "house.yaml", pack.format(word="joins"))
    second = json.loads(run_cli(*base, cwd=site).out)["findings"]
    assert len(parsed) == 3
    assert [f["excerpt"] for f in second] == ["joins"]


def test_facts_change_invalidates(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    write(site / "show.facts.yaml", "characters:\n  - name: Mira Sol\n")
    args = (*ARGS, "--facts", "show.facts.yaml")
    run_cli(*args, cwd=site)
    parsed.clear()
    run_cli(*args, cwd=site)
    assert parsed == []
    write(site / "show.facts.yaml", "characters:\n  - name: Mira Sol\n    gender: female\n")
    run_cli(*args, cwd=site)
    assert len(parsed) == 3


def test_corrupt_and_foreign_entries_are_ignored(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    expected = run_cli(*ARGS, cwd=site).out
    entries = sorted((site / "cache").rglob("*.json"))
    by_path = {json.loads(p.read_text("utf-8"))["path"]: p for p in entries}
    # a.md's entry now holds b.md's (clean) result, c.txt's is cut short, b.md's is not JSON.
    a_entry = json.loads(by_path["posts/b.md"].read_text("utf-8"))
    a_entry["key"] = json.loads(by_path["posts/a.md"].read_text("utf-8"))["key"]
    by_path["posts/a.md"].write_text(json.dumps(a_entry), "utf-8")
    text = by_path["posts/c.txt"].read_text("utf-8")
    by_path["posts/c.txt"].write_text(text[: len(text) // 2], "utf-8")
    by_path["posts/b.md"].write_bytes(b"\x00\xff not json")
    parsed.clear()
    r = run_cli(*ARGS, cwd=site)
    assert sorted(parsed) == ["posts/a.md", "posts/b.md", "posts/c.txt"]
    assert r.out == expected
    parsed.clear()
    assert run_cli(*ARGS, cwd=site).out == expected and parsed == []  # repaired


def test_tampered_payload_is_a_miss(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    expected = run_cli(*ARGS, cwd=site).out
    for entry in (site / "cache").rglob("*.json"):
        data = json.loads(entry.read_text("utf-8"))
        data["result"]["collected"] = {"__t": "dc", "c": "os:system", "v": {}}
        entry.write_text(json.dumps(data), "utf-8")
    parsed.clear()
    assert run_cli(*ARGS, cwd=site).out == expected
    assert len(parsed) == 3


def test_no_cache_writes_nothing(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    run_cli("check", "--isolated", "--no-cache", "posts", cwd=site)
    run_cli("check", "--isolated", "--no-cache", "posts", cwd=site)
    assert len(parsed) == 6
    assert not (site / ".factlint_cache").exists()
    run_cli("check", "--isolated", "posts", cwd=site)  # default folder: here
    assert (site / ".factlint_cache" / "v2").is_dir()


class SharedHeadings(CorpusRule):
    """Test-only cross-file rule: a heading used by more than one article."""

    code = "TEST900"
    name = "shared-heading"
    summary = "A heading appears in several articles."

    def collect(self, doc: Document, facts: Any) -> list[Any]:
        out = []
        for block in (b for b in doc.blocks if b.is_heading):
            start, end = block.source_span(0, len(block.text))
            f = self.finding_at(doc, start, end, "x")
            out.append((block.text, f.line, f.column, f.end_line, f.end_column))
        return out

    def finish(
        self, items: Sequence[tuple[str, Any]], archive: Sequence[tuple[str, Any]] = ()
    ) -> Iterable[Finding]:
        first: dict[str, str] = {}
        for path, headings in items:
            for text, line, col, end_line, end_col in headings:
                if text in first and first[text] != path:
                    yield Finding(path, line, col, end_line, end_col, self.code, self.name,
                                  self.severity, f"also a heading in {first[text]}", text)
                first.setdefault(text, path)


def _engine(cache: Path | None, jobs: int | None = 1) -> Engine:
    engine = Engine(Config(select=["FL101"]), jobs=jobs)
    engine.rules.append(SharedHeadings())
    engine.by_code["TEST900"] = SharedHeadings
    if cache is not None:
        engine.use_cache(str(cache))
    return engine


def _corpus(folder: Path, count: int) -> list[Source]:
    for i in range(count):
        heading = "Cast" if i % 3 == 0 else f"Topic {i}"
        text = (f"# Article {i}\n\n## {heading}\n\nSentence one about episode {i}. Another "
                f"sentence follows.\n\n## Plot\n\nMore text.\n")
        if i % 4 == 0:
            text += "\n## Plot\n\nRepeated section heading.\n"
        write(folder / f"{i:03d}.md", text)
    return [Source(str(p)) for p in sorted(folder.glob("*.md"))]


def _render(findings: list[Finding]) -> list[str]:
    return [json.dumps(f.to_dict(), sort_keys=True) for f in findings]


def test_cross_file_rules_stay_correct_on_cached_runs(tmp_path: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    sources = _corpus(tmp_path / "posts", 7)
    fresh = _render(_engine(None).run(sources).findings)
    # "Cast" again in 003 and 006; "Plot" again in 001-006 (twice in 004): 9 findings.
    assert sum('"TEST900"' in f for f in fresh) == 9
    assert _render(_engine(tmp_path / "cache").run(sources).findings) == fresh
    parsed.clear()
    assert _render(_engine(tmp_path / "cache").run(sources).findings) == fresh
    assert parsed == []
    # One file changes: only it is parsed, and cross-file findings follow the change.
    write(tmp_path / "posts" / "003.md", "# Article 3\n\n## Other\n\nText.\n")
    parsed.clear()
    cached = _render(_engine(tmp_path / "cache").run(sources).findings)
    assert parsed == [str(tmp_path / "posts" / "003.md")]
    assert cached == _render(_engine(None).run(sources).findings)


def test_jobs_give_byte_identical_results(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from factlint import parallel

    used: list[int] = []
    real = parallel.check_parallel

    def spy(engine: Engine, items: Any, jobs: int) -> Any:
        used.append(jobs)
        return real(engine, items, jobs)

    monkeypatch.setattr(parallel, "check_parallel", spy)
    sources = _corpus(tmp_path / "posts", 9)
    one = _engine(None, jobs=1).run(sources)
    assert used == []
    two = _engine(None, jobs=2).run(sources)
    assert used == [2]
    assert _render(two.findings) == _render(one.findings)
    assert (two.files_checked, two.errors) == (one.files_checked, one.errors) == (9, [])


def test_jobs_cli_output_is_byte_identical(run_cli, in_repo) -> None:  # type: ignore[no-untyped-def]
    args = ("check", "--isolated", "--no-cache", "--format", "json", "fixtures/core",
            "fixtures/examples", "fixtures/cases", "missing.md")
    one = run_cli(*args, "--jobs", "1")
    two = run_cli(*args, "--jobs", "2")
    assert (two.out, two.err, two.code) == (one.out, one.err, one.code)
    from factlint.sources import collect

    expected = len(collect(["fixtures/core", "fixtures/examples", "fixtures/cases"]).files)
    assert json.loads(one.out)["files_checked"] == expected > 40 and one.code == 2


def _imports(*args: str, cwd: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "factlint", *args],
                          cwd=cwd, capture_output=True, text=True, check=False)
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
               if line.startswith("import time:")}
    return modules, proc


def _uses_spacy(modules: set[str]) -> bool:
    return any(m == "spacy" or m.startswith("spacy.") for m in modules)


def test_version_rules_and_cached_check_do_not_import_spacy(site: Path) -> None:
    modules, proc = _imports("--version", cwd=site)
    assert proc.returncode == 0 and "factlint.cli" in modules and not _uses_spacy(modules)
    modules, proc = _imports("rules", cwd=site)
    assert proc.returncode == 0 and "FL101" in proc.stdout and not _uses_spacy(modules)
    # The first check parses (and so imports spaCy); the re-run is served from the cache.
    modules, first = _imports("check", "--isolated", "posts", cwd=site)
    assert first.returncode == 1 and _uses_spacy(modules)
    modules, again = _imports("check", "--isolated", "posts", cwd=site)
    assert again.stdout == first.stdout and again.returncode == 1
    assert "factlint.engine" in modules and not _uses_spacy(modules)


def test_python_dash_m_runs_without_installed_script() -> None:
    proc = subprocess.run([sys.executable, "-m", "factlint", "check", "--isolated",
                           "--no-cache", "--select", "FL101", "fixtures/core/clean-review.md"],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout) == (0, "1 file checked: 0 errors, 0 warnings, 0 info\n")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_with_many_files(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from factlint.progress import MIN_FILES, Progress, wanted

    assert wanted(_Tty(), MIN_FILES, quiet=False)
    assert not wanted(_Tty(), MIN_FILES - 1, quiet=False)
    assert not wanted(_Tty(), 500, quiet=True)
    assert not wanted(io.StringIO(), 500, quiet=False)
    stream = _Tty()
    bar = Progress(stream, width=10)
    bar(5, 10)
    bar(6, 10)  # within a tenth of a second: not redrawn
    bar(10, 10)  # the last one always is
    bar.close()
    assert stream.getvalue() == ("\rfactlint: checked 5/10 files [#####-----]"
                                 "\rfactlint: checked 10/10 files [##########]\r\x1b[K")
    # Captured (non-terminal) stderr gets no bar, even for many files.
    for i in range(MIN_FILES):
        write(tmp_path / f"{i:02d}.md", CLEAN.format(title=str(i)))
    r = run_cli("check", "--isolated", "--no-cache", ".", cwd=tmp_path)
    assert r.err == "" and "\r" not in r.out and r.code == 0


def test_document_views_survive_the_cache(tmp_path: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    sources = _corpus(tmp_path / "posts", 3)

    def run(keep: bool) -> Any:
        engine = Engine(Config(select=["FL101"]), keep_documents=keep, jobs=1)
        engine.use_cache(str(tmp_path / "cache"))
        return engine.run(sources)

    run(keep=False)  # entries without views cannot serve a run that needs them
    parsed.clear()
    fresh = run(keep=True)
    assert len(parsed) == 3 and len(fresh.documents) == 3
    parsed.clear()
    cached = run(keep=True)
    assert parsed == []
    assert cached.documents == fresh.documents
    view = next(iter(cached.documents.values()))
    assert view.stats is not None and view.stats.words > 0 and view.blocks[0].kind == "heading"


def test_cached_cross_file_result_is_reused_without_running_the_rule(  # type: ignore[no-untyped-def]
    tmp_path: Path, parsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _corpus(tmp_path / "posts", 5)
    first = _render(_engine(tmp_path / "cache").run(sources).findings)
    finished: list[int] = []
    real_finish = SharedHeadings.finish

    def counting(self: SharedHeadings, items: Sequence[tuple[str, Any]],
                 archive: Sequence[tuple[str, Any]] = ()) -> Iterable[Finding]:
        finished.append(len(items))
        return real_finish(self, items, archive)

    monkeypatch.setattr(SharedHeadings, "finish", counting)
    parsed.clear()
    assert _render(_engine(tmp_path / "cache").run(sources).findings) == first
    assert parsed == [] and finished == []  # files and the cross-file result all cached
    # A new file changes the run's set of files: the cross-file rule runs again over all.
    sources = _corpus(tmp_path / "posts", 6)
    again = _render(_engine(tmp_path / "cache").run(sources).findings)
    assert finished == [6] and parsed == [str(tmp_path / "posts" / "005.md")]
    assert again == _render(_engine(None).run(sources).findings)


# -- issue 20: an entry is replayed only when this cache wrote it --------------------------
def _entries(site: Path, folder: str = "cache") -> dict[str, Path]:
    return {json.loads(p.read_text("utf-8"))["path"]: p for p in (site / folder).rglob("*.json")}


@pytest.mark.parametrize("edit", ["drop-findings", "huge-line", "bool-column", "bad-severity"])
def test_an_edited_entry_with_a_valid_key_is_not_replayed(run_cli, site: Path, parsed,  # type: ignore[no-untyped-def]
                                                         edit: str) -> None:
    expected = run_cli(*ARGS, cwd=site).out
    path = _entries(site)["posts/a.md"]
    data = json.loads(path.read_text("utf-8"))
    findings = data["result"]["findings"]
    assert findings
    if edit == "drop-findings":
        data["result"]["findings"] = []
    elif edit == "huge-line":
        findings[0]["line"] = 1e308
    elif edit == "bool-column":
        findings[0]["column"] = True
    else:
        findings[0]["severity"] = "catastrophic"
    path.write_text(json.dumps(data), "utf-8")
    parsed.clear()
    r = run_cli(*ARGS, cwd=site)
    assert parsed == ["posts/a.md"] and r.out == expected


def test_entries_from_another_cache_are_not_replayed(run_cli, site: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    import shutil

    expected = run_cli(*ARGS, cwd=site).out
    other = [*ARGS[:-2], "other", "posts"]
    run_cli(*other, cwd=site)  # a cache of its own, with its own secret
    for name, path in _entries(site).items():  # restored from another branch, say
        shutil.copy(path, _entries(site, "other")[name])
    parsed.clear()
    assert run_cli(*other, cwd=site).out == expected
    assert sorted(parsed) == ["posts/a.md", "posts/b.md", "posts/c.txt"]


def test_a_shared_cache_key_from_the_environment_is_honoured(run_cli, site: Path, parsed,  # type: ignore[no-untyped-def]
                                                             monkeypatch) -> None:
    import shutil

    monkeypatch.setenv("FACTLINT_CACHE_KEY", "a CI secret that forks cannot read")
    expected = run_cli(*ARGS, cwd=site).out
    shutil.copytree(site / "cache", site / "restored")
    for secret in (site / "restored").rglob("secret.key"):
        secret.unlink()
    parsed.clear()
    assert run_cli(*ARGS[:-2], "restored", "posts", cwd=site).out == expected and parsed == []


def test_every_field_of_an_authentic_entry_is_still_checked(tmp_path: Path) -> None:
    from factlint.cache import Cache

    cache = Cache(tmp_path, "run")
    good = {"path": "a.md", "line": 3, "column": 1, "end_line": 3, "end_column": 5,
            "rule": "FL101", "name": "duplicate-heading", "severity": "warning",
            "message": "m", "excerpt": "Cast"}
    cache.store("k" * 64, "a.md", {"findings": [good]})
    assert cache.load("k" * 64, "a.md") == {"findings": [good]}
    bad_values: list[tuple[str, Any]] = [
        ("line", 1e308), ("line", 0), ("line", 2**40), ("column", True), ("end_line", 2),
        ("severity", "loud"), ("rule", "rm -rf"), ("message", 7), ("path", None),
        ("extra", 1)]
    for i, (field, value) in enumerate(bad_values):
        key = f"{i:02d}" + "b" * 62
        cache.store(key, "a.md", {"findings": [{**good, field: value}]})
        assert cache.load(key, "a.md") is None, (field, value)
