"""Document figures editors ask for: words, sentences, reading ease and grade level.

Measured on running prose only: headings, list items, block quotes, tables, footnotes
and code are left out, as they distort readability formulas.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from factlint.document import Block, Document


@dataclass(frozen=True)
class DocStats:
    words: int
    sentences: int
    reading_ease: float | None  # Flesch reading ease (higher is easier); None for no prose
    grade: float | None  # Flesch-Kincaid grade level

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def measured_blocks(doc: Document) -> list[Block]:
    """The blocks readability is measured on: prose paragraphs outside quotes (not debris,
    captions, credits or other page furniture)."""
    from factlint.registry import PARAGRAPHS

    return doc.in_scope(PARAGRAPHS)


_TEXTSTAT: Any = None
_LANG = "en-US"  # English formulas, pyphen's en_US syllables (see _textstat)


def _textstat() -> Any:
    """A textstat instance that counts syllables with pyphen's English dictionary.

    For a language whose root is "en", textstat first loads the whole CMU pronouncing
    dictionary, which costs about 1.7 s in every process (more than spaCy's model). With
    the tag "en-US" textstat keeps its English formula constants but counts syllables with
    pyphen's en_US hyphenation patterns, the method textstat itself used up to 0.7.3:
    a slightly coarser estimate at a fraction of the cost. pyphen's dictionary is parsed
    only where the counted words need it (:mod:`factlint.hyphenation`).
    """
    global _TEXTSTAT
    if _TEXTSTAT is None:
        from textstat.textstat import textstatistics

        from factlint.hyphenation import install

        install(_LANG)
        _TEXTSTAT = textstatistics()
        _TEXTSTAT.set_lang(_LANG)
    return _TEXTSTAT


def block_stats(text: str) -> tuple[float | None, float | None]:
    """(reading ease, grade) of one piece of prose."""
    if not text.strip() or not any(ch.isalpha() for ch in text):
        return None, None
    ts = _textstat()
    return (round(float(ts.flesch_reading_ease(text)), 1),
            round(float(ts.flesch_kincaid_grade(text)), 1))


def document_stats(doc: Document) -> DocStats:
    """Figures for a whole document (sentences need the NLP stage to have run)."""
    blocks = measured_blocks(doc)
    text = "\n\n".join(b.text for b in blocks)
    words = sum(len(b.text.split()) for b in blocks)
    sentences = sum(len(b.sentence_bounds) for b in blocks)
    ease, grade = block_stats(text)
    return DocStats(words=words, sentences=sentences, reading_ease=ease, grade=grade)


@dataclass(frozen=True)
class ParagraphStats:
    """Figures for one measured paragraph, so a report can name the hardest ones."""

    line: int
    words: int
    reading_ease: float | None
    grade: float | None


def paragraph_stats(doc: Document) -> list[ParagraphStats]:
    """Per-paragraph figures over the same blocks :func:`document_stats` measures."""
    out = []
    for block in measured_blocks(doc):
        ease, grade = block_stats(block.text)
        out.append(ParagraphStats(block.line, len(block.text.split()), ease, grade))
    return out


def hardest_paragraphs(
    doc: Document, count: int = 3, min_words: int = 25
) -> list[ParagraphStats]:
    """The ``count`` paragraphs with the lowest reading ease (ties: earlier first).

    Paragraphs under ``min_words`` words are skipped: one long title-like line
    scores wildly and tells an editor nothing about the prose.
    """
    scored = [p for p in paragraph_stats(doc)
              if p.reading_ease is not None and p.words >= min_words]
    scored.sort(key=lambda p: (p.reading_ease or 0.0, p.line))
    return scored[:count]
