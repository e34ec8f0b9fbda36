"""Structure and duplication rules (FL102-FL105, FL201-FL206): seed article, cross-file
duplicates, and the exactness of the near-duplicate index."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from factlint.config import Config
from factlint.duplication import best_matches
from factlint.engine import Engine, Source
from factlint.rules.fl206_duplicate_across_files import DuplicateAcrossFiles
from tests.conftest import REPO

SEED_CANDIDATES = [REPO.parent / "shared" / "seed" / "000_46427bea75a92707.txt",
                   REPO.parents[1] / "shared" / "seed" / "000_46427bea75a92707.txt"]
SEED = next((p for p in SEED_CANDIDATES if p.is_file()), None)
STRUCTURE = ["FL101", "FL102", "FL103", "FL104", "FL105", "FL201", "FL202", "FL203", "FL204",
             "FL205"]

# What an editor should be told about the seed: the repeated and empty heading, the keyword
# stuffing, the "Trailer" section about fans, the two reworded repetitions, the two headings
# that announce the same content as earlier ones, the promotion and the comment-form debris.
SEED_FINDINGS = [
    "FL103 1:1",  # on the title, which counts among the headings
    "FL205 3:288",
    "FL105 5:1",
    "FL101 7:1",
    "FL104 21:1",
    "FL202 27:182",
    "FL202 29:1",
    "FL102 31:1",
    "FL102 37:1",
    "FL204 48:1",
    "FL204 50:1",
    "FL204 52:1",
]


@pytest.mark.skipif(SEED is None, reason="seed article not available")
def test_seed_exact_findings() -> None:
    assert SEED is not None
    engine = Engine(Config(select=STRUCTURE))
    result = engine.run([Source(str(SEED))])
    assert not result.errors
    assert [f"{f.rule} {f.line}:{f.column}" for f in result.findings] == SEED_FINDINGS
    by_line = {(f.rule, f.line): f for f in result.findings}
    assert "line 9" in by_line[("FL202", 27)].message
    assert "line 13" in by_line[("FL202", 29)].message
    assert "Follow our website" in by_line[("FL205", 3)].excerpt


PARA_A = ("The lighthouse keeper's daughter, Wren, spends the first half of the season repairing "
          "the lamp her father abandoned, while the harbour council argues about selling the "
          "island to a hotel group from the mainland.")
PARA_B = ("While the harbour council argues about selling the island to a mainland hotel group, "
          "Wren, daughter of the lighthouse keeper, spends the season's first half repairing the "
          "lamp that her father abandoned.")
OTHER = ("A different article entirely: the racing game's new tracks, its revised handling model "
         "and the two cars added for the anniversary update keep the community busy all winter.")


def _write(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(f"Title of {name}\n\n{body}\n", encoding="utf-8")
    return str(path)


def test_fl206_reports_later_file_once(tmp_path: Path) -> None:
    paths = [_write(tmp_path, "a.txt", PARA_A), _write(tmp_path, "b.txt", OTHER),
             _write(tmp_path, "c.txt", PARA_B)]
    engine = Engine(Config(select=["FL206"]))
    result = engine.run([Source(p) for p in reversed(paths)])  # input order must not matter
    assert [(Path(f.path).name, f.line, f.column) for f in result.findings] == [("c.txt", 3, 1)]
    assert f"{paths[0]} line 3" in result.findings[0].message


def test_fl206_is_independent_of_how_documents_are_split(tmp_path: Path) -> None:
    """``finish`` sees the same items whatever worker collected them, in any order."""
    paths = [_write(tmp_path, f"{n}.txt", text)
             for n, text in enumerate([PARA_A, OTHER, PARA_B, PARA_A])]
    engine = Engine(Config(select=["FL206"]))
    rule = engine.rules[0]
    assert isinstance(rule, DuplicateAcrossFiles)
    from factlint.nlp import annotate
    from factlint.parse import parse_document, read_article

    docs = list(annotate((parse_document(p, read_article(p)) for p in paths), engine.nlp()))
    items = [(d.path, rule.collect(d, None)) for d in docs]
    expected = [(Path(f.path).name, f.line) for f in rule.finish(sorted(items))]
    assert expected == [("2.txt", 3), ("3.txt", 3)]
    shuffled = items[:]
    random.Random(3).shuffle(shuffled)
    assert [(Path(f.path).name, f.line) for f in rule.finish(shuffled)] == expected


def _brute(sets: list[frozenset[str]], t: float, m: int, r: float) -> dict[int, tuple[int, float]]:
    """Every later set's best earlier partner (ties: the earliest), comparing all pairs."""
    out: dict[int, tuple[int, float]] = {}
    for j in range(len(sets)):
        for i in range(j):
            a, b = sets[i], sets[j]
            small, large = sorted((len(a), len(b)))
            if small < m or large > small * r:
                continue
            score = len(a & b) / small
            if score >= t and (j not in out or score > out[j][1]):
                out[j] = (i, score)
    return out


def _random_sets(seed: int, vocab_size: int = 40, count: int = 120) -> list[frozenset[str]]:
    rng = random.Random(seed)
    vocab = [f"w{n}" for n in range(vocab_size)]
    sets: list[frozenset[str]] = []
    for _ in range(count):
        if sets and rng.random() < 0.3:  # a reworded copy of an earlier passage
            base = sorted(rng.choice(sets))  # sorted: frozenset order varies by hash seed
            base[rng.randrange(len(base))] = rng.choice(vocab)
            sets.append(frozenset(base))
        else:
            sets.append(frozenset(rng.sample(vocab, rng.randint(3, 12))))
    return sets


@pytest.mark.parametrize("seed", range(5))
def test_best_matches_are_exactly_the_brute_force_ones(seed: int) -> None:
    sets = _random_sets(seed)
    for t, m, r in [(0.8, 6, 2.0), (0.6, 4, 1.5), (1.0, 3, 3.0)]:
        for cap in (None, 400):  # 120 sets never reach the cap: still exact
            got = {j: (p.earlier, p.score)
                   for j, p in best_matches(sets, t, m, r, max_candidates=cap).items()}
            assert got == _brute(sets, t, m, r)


def test_candidate_cap_bounds_the_work_and_keeps_exact_copies() -> None:
    """Text of a dozen common words makes every passage a candidate of every other: the
    cap limits the comparisons, and a word-for-word copy is still matched to its original."""
    sets = _random_sets(7, vocab_size=12, count=3000)
    reads = 0

    class Counting(tuple[str, ...]):
        """A sorted tuple of words (the compact form) that counts how often it is read."""

        def __iter__(self) -> Iterator[str]:
            nonlocal reads
            reads += 1
            return super().__iter__()

    counted = [Counting(sorted(s)) for s in sets]
    copy_of = len(counted) - 10
    counted.append(Counting(counted[copy_of]))
    found = best_matches(counted, 0.8, 3, 2.0, max_candidates=50)
    # Each set is read to count words, to sort them, to make its own set, and once per
    # candidate compared: at most 50 candidates and the earliest identical set.
    assert reads <= (3 + 51) * len(counted)
    match = found[len(counted) - 1]
    # Score 1.0: one of the two contains the other (at best the copy's original itself).
    assert match.score == 1.0
    assert sets[copy_of] <= sets[match.earlier] or sets[match.earlier] <= sets[copy_of]


def test_fl104_topic_index_agrees_with_each_topic() -> None:
    """FL104 finds a block's topics with one lookup per token attribute; the answer must be
    the topics whose own test accepts some token of the block."""
    from factlint.nlp import annotate
    from factlint.parse import parse_document, read_article
    from factlint.rules.fl104_off_topic_section import _Evidence, _topics

    engine = Engine(Config(select=["FL104"]))
    topics = _topics(engine.packs.data_for("FL104"))
    assert len(topics) > 5
    paths = sorted((REPO / "fixtures" / "cases" / "structure").glob("*.txt"))
    docs = list(annotate((parse_document(str(p), read_article(str(p))) for p in paths),
                         engine.nlp()))
    index = _Evidence(topics)
    checked = 0
    for doc in docs:
        for block in doc.blocks:
            tokens = [t for p in block.pieces for t in p.doc]
            expected = frozenset(n for n, t in enumerate(topics)
                                 if any(t.evidenced_by(k) for k in tokens))
            assert index.evidenced(tokens) == expected, block.text
            checked += bool(expected)
    assert checked > 20  # many blocks do give evidence: the comparison means something


def test_fl204_slideshow_teaser_excerpt_is_the_whole_line() -> None:
    """The next-page teaser's excerpt shows the line an editor deletes, not "Next: A"."""
    path = REPO / "fixtures" / "cases" / "structure" / "fl204-toolbar-pager.txt"
    result = Engine(Config(select=["FL204"])).run([Source(str(path))])
    line = "Next: A comedy that nearly did not come back."
    assert [f.excerpt for f in result.findings if f.line == 13] == [line]
