"""The token-pattern prefilter (factlint.matchfilter): a piece it skips is one where the
Matcher finds nothing, on hand-made cases and on every built-in pack over the fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factlint.matchfilter import PatternFilter, pattern_needs
from factlint.nlp import load_nlp
from factlint.packs import EntryMatcher, PackSet
from factlint.parse import parse_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEEDS = ("tagger", "lemmatizer", "parser")

GARNER = [{"LEMMA": {"IN": ["garner", "earn"]}}, {"POS": "DET", "OP": "?"},
          {"LOWER": {"IN": ["following", "fanbase"]}}]


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp(NEEDS).nlp


def _matches(nlp: Any, pattern: list[dict[str, Any]], text: str) -> list[Any]:
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab, validate=True)
    matcher.add("p", [pattern])
    return list(matcher(nlp(text)))


def test_a_piece_without_the_words_is_skipped_and_the_matcher_agrees(nlp: Any) -> None:
    only = PatternFilter([GARNER])
    text = "The second season aired in spring and the finale drew a crowd."
    assert not only.may_match(nlp(text))
    assert _matches(nlp, GARNER, text) == []


def test_a_piece_with_the_words_goes_to_the_matcher(nlp: Any) -> None:
    only = PatternFilter([GARNER])
    hit = "The show earned a following in its first week."
    assert only.may_match(nlp(hit)) and _matches(nlp, GARNER, hit)
    # Both words present but not in the pattern's order: the Matcher decides (no match).
    scattered = "Its following grew, and the studio earned praise."
    assert only.may_match(nlp(scattered))
    assert _matches(nlp, GARNER, scattered) == []


def test_optional_and_negated_tokens_are_no_requirement(nlp: Any) -> None:
    best = [{"LOWER": "one", "OP": "?"}, {"LOWER": "of", "op": "?"}, {"LOWER": "the"},
            {"LOWER": "best"}, {"LOWER": "anime", "OP": "{0,2}"}, {"LOWER": "ever", "OP": "!"}]
    assert pattern_needs(best) == pattern_needs([{"LOWER": "the"}, {"LOWER": "best"}])
    text = "It is the best show of the year."
    assert PatternFilter([best]).may_match(nlp(text)) and _matches(nlp, best, text)
    counted = [{"LOWER": "very", "OP": "{2,}"}, {"LOWER": "good"}]
    assert len(pattern_needs(counted)) == 2


def test_a_pattern_without_word_requirements_lets_every_piece_through(nlp: Any) -> None:
    loose = PatternFilter([GARNER, [{"POS": "PROPN"}, {"TAG": "VBD"}]])
    assert loose.possible(nlp("Nothing here.")) == (1,)
    assert loose.may_match(nlp("Nothing here."))
    assert loose.possible(nlp("The show earned a following.")) == (0, 1)


def _fixture_pieces() -> list[Any]:
    from factlint.nlp import annotate

    pipeline = load_nlp(NEEDS)
    docs = [parse_document(str(p), p.read_text(encoding="utf-8"))
            for p in sorted(FIXTURES.glob("cases/**/*.md"))[:60]]
    return [piece.doc for d in annotate(docs, pipeline) for b in d.blocks for piece in b.pieces]


def test_every_builtin_pack_skips_only_pieces_without_a_match(nlp: Any) -> None:
    pieces = _fixture_pieces()
    assert len(pieces) > 300
    checked = skipped = subset = 0
    for pack in PackSet.load().packs:
        patterns = [e for e in pack.entries if e.kind == "pattern"]
        if not patterns:
            continue
        entries = EntryMatcher(patterns)
        matcher = entries._token_matcher(nlp.vocab)
        for i, entry in enumerate(patterns):  # each pattern alone, and the pack's whole set
            alone = PatternFilter([entry.value])
            for doc in pieces:
                if not alone.may_match(doc):
                    skipped += 1
                    assert not [m for m in matcher(doc) if int(nlp.vocab.strings[m[0]]) == i]
        for doc in pieces:
            checked += 1
            possible = entries._filter.possible(doc)
            if not possible:
                assert matcher(doc) == []
            else:  # the patterns that may match, alone: the same matches, in order
                subset += len(possible) < len(patterns)
                assert entries._matcher_of(possible)(doc) == matcher(doc)
    assert checked and skipped and subset
