"""The archive's combined cache entry (factlint.archive): an unchanged archive is neither
read nor decoded file by file; anything changed, racy, damaged or foreign is read again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from factlint import archive as archive_mod
from factlint import engine as engine_mod
from factlint.cache import Cache
from factlint.rules.fl206_duplicate_across_files import _hash, _Paragraph
from tests.conftest import write
from tests.test_archive import CHECK, COPIED, OWN, article, findings

OLD = time.time() - 3600  # an hour ago: far outside the racy window


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write(tmp_path / "posts" / "moonlit-garden.md", article("Moonlit Garden", OWN[0], COPIED))
    write(tmp_path / "posts" / "racing.md", article("Anniversary update", OWN[1]))
    write(tmp_path / "posts" / "soundtrack.md", article("Soundtrack notes", OWN[2]))
    write(tmp_path / "drafts" / "new.md", article("Season two preview", OWN[3], COPIED))
    for path in (tmp_path / "posts").iterdir():
        os.utime(path, (OLD, OLD))
    return tmp_path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose text the engine reads, in order."""
    seen: list[str] = []
    real = engine_mod.read_article

    def reading(path: str, limit: int) -> str:
        seen.append(path)
        return real(path, limit)

    monkeypatch.setattr(engine_mod, "read_article", reading)
    return seen


def entries(site: Path) -> list[Path]:
    return sorted((site / "cache").glob("v*/archive/*.bin"))


def test_an_unchanged_archive_is_not_read(run_cli, site: Path, reads: list[str]) -> None:  # type: ignore[no-untyped-def]
    first = findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out)
    assert [(p, line) for p, line, _, _ in first] == [("drafts/new.md", 5)]
    assert sorted(reads) == ["drafts/new.md", "posts/moonlit-garden.md", "posts/racing.md",
                             "posts/soundtrack.md"]
    assert len(entries(site)) == 1
    reads.clear()
    write(site / "drafts" / "new.md", article("Season two preview", COPIED, OWN[2]))
    got = findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out)
    assert reads == ["drafts/new.md"]
    assert [(p, line, m.split(" (")[0]) for p, line, _, m in got] == [
        ("drafts/new.md", 3, "paragraph also appears in posts/moonlit-garden.md line 5"),
        ("drafts/new.md", 5, "paragraph also appears in posts/soundtrack.md line 3")]


def test_a_changed_archive_file_is_read_the_entry_rewritten(run_cli, site, reads) -> None:  # type: ignore[no-untyped-def]
    write(site / "drafts" / "new.md", article("Season two preview", OWN[3]))
    assert findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out) == []
    reads.clear()
    target = site / "posts" / "racing.md"
    write(target, article("Anniversary update", OWN[1], OWN[3]))
    os.utime(target, (OLD + 60, OLD + 60))
    got = findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out)
    assert sorted(reads) == ["drafts/new.md", "posts/racing.md"]
    assert [(p, line) for p, line, _, _ in got] == [("drafts/new.md", 3)]
    assert "posts/racing.md line 5" in got[0][3]
    reads.clear()
    run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert reads == ["drafts/new.md"]  # the rewritten entry knows the new stat
    # A file added to the archive and one removed from it.
    target.unlink()
    write(site / "posts" / "added.md", article("Added", OWN[3]))
    reads.clear()
    got = findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out)
    assert sorted(reads) == ["drafts/new.md", "posts/added.md"]
    assert [m.split(" line")[0] for _, _, _, m in got] == [
        "paragraph also appears in posts/added.md"]


def test_a_file_modified_just_before_its_stat_is_not_trusted(run_cli, site, reads) -> None:  # type: ignore[no-untyped-def]
    """Git's racy-clean rule: a same-size edit in the clock tick of the stat could not be
    told apart by size and mtime, so a file that recent is read (not parsed) again."""
    fresh = site / "posts" / "soundtrack.md"
    os.utime(fresh, None)  # now
    run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    reads.clear()
    run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert reads == ["drafts/new.md", "posts/soundtrack.md"]


@pytest.mark.parametrize("damage", ["flip", "truncate", "secret"])
def test_a_damaged_or_foreign_entry_is_a_miss(run_cli, site, reads, damage: str) -> None:  # type: ignore[no-untyped-def]
    first = findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out)
    (entry,) = entries(site)
    data = bytearray(entry.read_bytes())
    if damage == "flip":
        data[-3] ^= 0x40
        entry.write_bytes(bytes(data))
    elif damage == "truncate":
        entry.write_bytes(bytes(data[: len(data) // 2]))
    else:
        (site / "cache" / "secret.key").write_text("f" * 64 + "\n", encoding="utf-8")
    reads.clear()
    assert findings(run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site).out) == first
    assert "posts/racing.md" in reads  # read again, not trusted
    reads.clear()
    run_cli(*CHECK, "--archive", "posts", "drafts/new.md", cwd=site)
    assert reads == ["drafts/new.md"]  # and the rewritten entry serves the next run


# -- the codec --------------------------------------------------------------------------
def _cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache", "signature")


def _records() -> list[archive_mod.Record]:
    para = [_Paragraph(n + 1, 2, n + 3, 40, f"excerpt {n} \u00e9\U0001f600 \udcff",
                       b"".join(sorted(_hash(f"w{n}{k}") for k in range(n + 1))))
            for n in range(4)]
    odd: list[Any] = [(1, "a"), {"k": frozenset({b"x"})}]  # not flat dataclasses: JSON
    return [
        archive_mod.Record("a.md", 10, 1_000, "k1", {"FL206": para[:3], "FL999": odd}),
        archive_mod.Record("b.md", 20, 2_000, "k2", {"FL206": [], "FL999": []}),
        archive_mod.Record("c/d.md", 30, 3_000, "k3", {"FL206": para[3:]}),
    ]


def test_records_come_back_as_stored(tmp_path: Path) -> None:
    entry = archive_mod.ArchiveEntry(_cache(tmp_path), ["posts"])
    assert entry.load() == {}
    assert entry.store(_records(), stamp=5_000) is None
    again = archive_mod.ArchiveEntry(_cache(tmp_path), ["posts"])
    loaded = again.load()
    assert list(loaded.values()) == _records()
    assert again.stamp == 5_000
    assert isinstance(loaded["a.md"].collected["FL206"][0], _Paragraph)
    # Another archive (or working directory) is another entry.
    assert archive_mod.ArchiveEntry(_cache(tmp_path), ["drafts"]).load() == {}


def test_fresh_needs_the_same_stat_outside_the_racy_window(tmp_path: Path) -> None:
    def stat(size: int, mtime_ns: int) -> Any:
        return SimpleNamespace(st_size=size, st_mtime_ns=mtime_ns)

    entry = archive_mod.ArchiveEntry(_cache(tmp_path), ["posts"])
    entry.stamp = 10 * archive_mod.RACY_NS
    rec = archive_mod.Record("a.md", 10, 5 * archive_mod.RACY_NS, "k", {})
    assert entry.fresh(rec, stat(10, rec.mtime_ns))
    assert not entry.fresh(rec, stat(11, rec.mtime_ns))
    assert not entry.fresh(rec, stat(10, rec.mtime_ns + 1))
    assert not entry.fresh(rec, None)
    racy = archive_mod.Record("a.md", 10, entry.stamp - archive_mod.RACY_NS // 2, "k", {})
    assert not entry.fresh(racy, stat(10, racy.mtime_ns))


@pytest.mark.parametrize("cls_name", ["builtins:object", "os:system",  # not factlint's
                                      "factlint.summary:DocumentView"])  # other fields)
def test_an_authentic_entry_naming_another_class_is_a_miss(tmp_path: Path, cls_name: str) -> None:
    """Classes are rebuilt only when factlint defines them with exactly the stored fields."""
    cache = _cache(tmp_path)
    entry = archive_mod.ArchiveEntry(cache, ["posts"])
    entry.store(_records(), stamp=5_000)
    data = entry.file.read_bytes()
    body = data[len(archive_mod._MAGIC) + 32:]
    size = int.from_bytes(body[:8], "little")
    head = json.loads(body[8:8 + size])
    head["columns"]["FL206"]["class"] = cls_name
    raw = json.dumps(head).encode()
    forged = len(raw).to_bytes(8, "little") + raw + body[8 + size:]
    secret = cache.secret(create=False)
    assert secret is not None
    entry.file.write_bytes(archive_mod._MAGIC + archive_mod._mac(secret, entry.file.name, forged)
                           + forged)
    assert archive_mod.ArchiveEntry(cache, ["posts"]).load() == {}
