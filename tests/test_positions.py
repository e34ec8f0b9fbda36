"""Every block, sentence and token maps back to the exact line and column of the file."""

from __future__ import annotations

import re

import pytest

from factlint.document import Document
from factlint.nlp import annotate, load_nlp, split_text
from factlint.parse import decode, parse_document
from factlint.positions import LineIndex, SourceMap, normalise_newlines


def test_line_index_positions() -> None:
    idx = LineIndex("ab\ncd\n\nxyz")
    assert idx.position(0) == (1, 1)
    assert idx.position(3) == (2, 1)
    assert idx.position(4) == (2, 2)
    assert idx.position(7) == (4, 1)
    assert idx.position(9) == (4, 3)
    assert idx.line_count == 4
    assert idx.line_start(4) == 7 and idx.line_end(2) == 5


def test_newline_normalisation_keeps_lines_and_columns() -> None:
    original = "one\r\ntwo\rthree\nfour"
    norm = normalise_newlines(original)
    assert norm == "one\ntwo\nthree\nfour"
    # "four" is on line 4, column 1, in every editor's view of the original.
    assert LineIndex(norm).position(norm.index("four")) == (4, 1)


def test_source_map_runs_and_gaps() -> None:
    m = SourceMap()
    m.add(0, 10, 5)  # text[0:5] <- source[10:15]
    m.add(5, 16, 3)  # text[5:8] <- source[16:19] (a skipped char between)
    assert m.to_source(0) == 10 and m.to_source(4) == 14
    assert m.to_source(5) == 16 and m.to_source(7) == 18
    assert m.span_to_source(3, 7) == (13, 18)
    assert len(m.runs) == 2
    m.add(8, 19, 2)  # contiguous: merged into the previous run
    assert len(m.runs) == 2


def _check_words(doc: Document) -> int:
    """Every word of every block's text is found at its mapped source position."""
    checked = 0
    for block in doc.blocks:
        for m in re.finditer(r"[^\W_]+(?:['’][^\W_]+)?", block.text):
            s, e = block.source_span(m.start(), m.end())
            assert doc.source[s:e] == m.group(0), (block.text, m.group(0), doc.source[s:e])
            checked += 1
    return checked


TRICKY_MARKDOWN = (
    "---\r\ntitle: “Oshi no Ko” 推しの子\r\ntags: [anime]\r\n---\r\n"
    "# 【推しの子】 Season 2 — “Review”\r\n\r\n"
    "Aqua’s *twin* sister **Ruby** wants to be an [idol](https://example.com/a \"t\").\r\n"
    "She\tsaid \\*this\\* &amp; `code here` that, at https://example.com/x today.\r\n\r\n"
    "> A quoted line with *emphasis*\r\n> over two lines.\r\n\r\n"
    "- first item with [a link][ref]\r\n  continued line\r\n"
    "  1. nested ordered item\r\n\r\n"
    "| col | other |\r\n|---|---|\r\n| Akane | Kurokawa |\r\n\r\n"
    "Text with a footnote[^1].\r\n\r\n"
    "```\r\ncode block never prose\r\n```\r\n\r\n"
    "[ref]: https://example.com/ref\r\n"
    "[^1]: The footnote text.\r\n"
)


def test_markdown_positions_on_tricky_input() -> None:
    doc = parse_document("t.md", decode(TRICKY_MARKDOWN.encode("utf-8"), "t.md"))
    assert doc.title == "“Oshi no Ko” 推しの子"
    assert _check_words(doc) > 40
    texts = [b.text for b in doc.blocks]
    assert not any("code block" in t for t in texts)
    assert not any("code here" in t for t in texts)
    assert not any("https" in t for t in texts)
    heading = doc.blocks[0]
    assert heading.is_heading and heading.line == 5
    # "Ruby" sits on line 7; columns count characters (’ is one), not bytes.
    para = doc.blocks[1]
    i = para.text.index("Ruby")
    s, _ = para.source_span(i, i + 4)
    assert doc.position(s) == (7, 24)
    # The tab: "said" is column 5 on line 8.
    i = para.text.index("said")
    assert doc.position(para.source_span(i, i + 4)[0]) == (8, 5)
    assert [link.url for link in para.links] == ["https://example.com/a"]
    quote = next(b for b in doc.blocks if b.in_quote)
    assert quote.text == "A quoted line with emphasis over two lines."
    cell = next(b for b in doc.blocks if b.text == "Akane")
    assert cell.line == 19


def test_bom_and_lone_cr_in_plain_text() -> None:
    raw = "\ufeffA Title Line Here\rFirst para\u00e9 text.\r\rSecond — para “here”.".encode()
    doc = parse_document("t.txt", decode(raw, "t.txt"))
    assert doc.title == "A Title Line Here"
    assert _check_words(doc) >= 6
    second = doc.blocks[-1]
    assert second.line == 4


def test_plain_text_wrapped_lines_map_each_word() -> None:
    src = "Guide To The Season\n\nThe first line wraps\nonto the second line and\n  ends here.\n"
    doc = parse_document("t.txt", src)
    para = doc.blocks[1]
    assert para.text == "The first line wraps onto the second line and ends here."
    _check_words(doc)
    i = para.text.index("ends")
    assert doc.position(para.source_span(i, i + 4)[0]) == (5, 3)


def test_sentences_and_tokens_map_to_source() -> None:
    src = "# 見出し Title\n\nAqua’s sister is Ruby. She dreams of the stage!\n\n- Ai, the idol.\n"
    doc = parse_document("t.md", src)
    (doc,) = list(annotate([doc], load_nlp(["parser"])))
    sents = list(doc.sentences())
    assert [s.text for s in sents][-3:] == ["Aqua’s sister is Ruby.", "She dreams of the stage!",
                                            "Ai, the idol."]
    for sent in sents:
        s, e = sent.block.source_span(sent.start, sent.end)
        assert doc.source[s:e] == sent.text
        for tok in sent.span:
            ts, te = sent.block.source_span(sent.offset_of(tok), sent.offset_of(tok) + len(tok))
            # The model reads an in-word ’ as ' (same length): positions are unchanged.
            assert doc.source[ts:te].replace("’", "'") == tok.text


def test_typographic_apostrophes_read_like_straight_ones() -> None:
    """WordPress and editors turn ' into ’; the model must tag and lemmatise both alike."""
    nlp = load_nlp(["tagger", "lemmatizer", "parser"])

    def analysis(text: str) -> list[tuple[str, str, str]]:
        (doc,) = list(annotate([parse_document("t.txt", text)], nlp))
        return [(t.lower_, t.pos_, t.lemma_) for s in doc.sentences() for t in s.span]

    curly = analysis("Title\n\nIt’s coming back, and they’ll say it isn’t Aqua’s last show.\n")
    straight = analysis("Title\n\nIt's coming back, and they'll say it isn't Aqua's last show.\n")
    assert curly == straight
    assert ("'s", "AUX", "be") in curly and ("n't", "PART", "not") in curly


def test_long_block_is_split_below_max_length() -> None:
    sentence = "Ruby practises the new routine every night before the show. "
    text = sentence * 2000  # 120,000 characters in one paragraph
    pieces = split_text(text, 4000)
    assert all(len(p) <= 4000 for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    assert all(text[start : start + len(p)] == p for start, p in pieces)


def test_hundred_thousand_character_line_is_annotated() -> None:
    text = "Title Of The Piece\n\n" + ("word " * 20000) + "end.\n"
    doc = parse_document("long.txt", text)
    (doc,) = list(annotate([doc], load_nlp([])))
    block = doc.blocks[1]
    assert len(block.pieces) > 1
    last = block.sentences[-1]
    s, e = block.source_span(last.start, last.end)
    assert doc.source[s:e] == last.text


@pytest.mark.parametrize("raw", [b"\xff\xfeh\x00i\x00", b"abc\x00def", b"ok\n\xe9t\xe9\n"])
def test_undecodable_input_is_an_input_error(raw: bytes) -> None:
    from factlint.errors import InputError

    with pytest.raises(InputError) as info:
        decode(raw, "bad.md")
    assert str(info.value).startswith("bad.md")
    assert "\n" not in str(info.value)


def test_plain_text_question_headings() -> None:
    src = ("Moonlit Garden Season 3 Explained\n\n"
           "The first paragraph sets the scene for readers.\n\n"
           "Where did the second season end?\n\n"
           "It ended at the harbour, with the crew scattered.\n\n"
           "Did you enjoy it? Tell us below.\n\nThanks for reading.\n")
    doc = parse_document("q.txt", src)
    kinds = [(b.line, b.kind.value) for b in doc.blocks]
    assert kinds == [(1, "heading"), (3, "paragraph"), (5, "heading"), (7, "paragraph"),
                     (9, "paragraph"), (11, "paragraph")]


def test_plain_text_label_lines_are_not_headings() -> None:
    src = ("Spring Preview Guide\n\nA round-up of the new season's first episodes.\n\n"
           "Harbor Lights\n\nStreams: Nimbus+ on Fridays\n\nRating: 4 (of 5)\n\n"
           "The premiere spends its time on the harbour and its keepers.\n")
    doc = parse_document("p.txt", src)
    kinds = [(b.line, b.kind.value) for b in doc.blocks]
    assert kinds == [(1, "heading"), (3, "paragraph"), (5, "heading"), (7, "paragraph"),
                     (9, "paragraph"), (11, "paragraph")]
