"""The shared token list of a piece (factlint.document.tokens_of)."""

from __future__ import annotations

from factlint.config import Config
from factlint.document import TOKENS, tokens_of
from factlint.engine import Engine


def test_token_list_equals_iterating_the_doc_and_its_sentences() -> None:
    from factlint.nlp import annotate
    from factlint.parse.markdown import parse_markdown

    text = "# Title\n\nThe studio said so. It airs in April, she said.\n\nA second one.\n"
    [article] = annotate([parse_markdown("a.md", text)], Engine(Config(), jobs=1).nlp())
    sentences = [s for b in article.blocks for s in b.sentences]
    assert len(sentences) == 4
    for block in article.blocks:
        for piece in block.pieces:
            assert [(t.i, t.text) for t in piece.tokens] == [(t.i, t.text) for t in piece.doc]
            assert piece.tokens is tokens_of(piece.doc)  # made once per Doc
    for s in sentences:
        assert [(t.i, t.text) for t in s.tokens] == [(t.i, t.text) for t in s.span]
        assert all(t.doc is s.span.doc for t in s.tokens)
    block = sentences[0].block
    block.release()
    assert all(TOKENS not in s.span.doc.user_data for s in sentences if s.block is block)
