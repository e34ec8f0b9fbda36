"""Content lemmas read as arrays (factlint.duplication.span_lemmas) are those of the tokens."""

from __future__ import annotations

from typing import Any

import pytest

from factlint.duplication import _content_lemma, _memo, span_lemmas
from factlint.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp(("tagger", "lemmatizer", "parser")).nlp


TEXT = ("The studio announced a second season of Harbor Lights! It's well-known, "
        "and the fans' studios were announcing more.")


def test_a_doc_and_its_spans_give_the_lemmas_of_their_tokens(nlp: Any) -> None:
    doc = nlp(TEXT)
    by_token = {x for x in (_content_lemma(t) for t in doc) if x is not None}
    assert {"studio", "announce", "season"} <= by_token and "the" not in by_token
    assert span_lemmas([doc]) == by_token
    for sent in doc.sents:
        assert span_lemmas([sent]) == {
            x for x in (_content_lemma(t) for t in sent) if x is not None}
    assert span_lemmas([doc[1:3]]) == {"studio", "announce"}


def test_ignore_and_canon_apply_after_the_memo(nlp: Any) -> None:
    doc = nlp(TEXT)
    plain = span_lemmas([doc])
    assert span_lemmas([doc], frozenset({"studio"})) == plain - {"studio"}
    canon = span_lemmas([doc], canon={"announce": "confirm"})
    assert "confirm" in canon and "announce" not in canon
    assert span_lemmas([doc]) == plain  # the memo holds the plain lemma


def test_another_vocabulary_gets_its_own_memo(nlp: Any) -> None:
    span_lemmas([nlp(TEXT)])
    memo = _memo(nlp.vocab)
    assert memo
    import spacy

    other = spacy.blank("en")
    assert _memo(other.vocab) == {} and _memo(other.vocab) is not memo
