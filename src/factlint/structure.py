"""Shared analysis of an article's headings for the structure rules (FL102-FL105).

The key idea is the *subject phrase*: the long keyword phrase that most headings of a
keyword-stuffed article repeat ("Show Name Season 2 Release Date", "Show Name Season 2
Trailer"...). FL103 reports it; FL102 and FL104 compare headings without it, so that
two headings are not "similar" merely because both carry the show's name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from factlint.document import Block, Document
from factlint.textutil import normalise

# FL103's options (it reports the phrase), also the analysis' defaults without FL103.
SUBJECT_DEFAULTS: dict[str, Any] = {"share": 0.6, "min_words": 2, "min_headings": 4}


@dataclass(frozen=True)
class SubjectPhrase:
    """A word sequence repeated by most headings, and the headings that contain it."""

    words: tuple[str, ...]
    headings: tuple[Block, ...]  # the title first when it holds the phrase
    total: int  # headings considered, the title included

    @property
    def text(self) -> str:
        return " ".join(self.words)


def body_headings(doc: Document) -> list[Block]:
    """Headings other than the article's title."""
    return [b for b in doc.headings if b is not doc.title_block and normalise(b.text)]


def heading_words(block: Block) -> list[str]:
    return normalise(block.text).split()


def _is_stop(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    return word in STOP_WORDS or not any(ch.isalpha() for ch in word)


def subject_phrase(doc: Document, options: dict[str, Any] | None = None) -> SubjectPhrase | None:
    """The phrase (at least ``min_words`` words, not only stop words) found in at least
    ``share`` of the headings and in at least ``min_headings`` of them; None if there is none.

    Among qualifying phrases the one in the most headings wins, then the longest.
    """
    opts = {**SUBJECT_DEFAULTS, **(options or {})}
    # Several rules ask, on every window of a long article: work it out once per article.
    key = ("subject_phrase", *sorted((k, repr(v)) for k, v in opts.items()))
    memo = doc.article.memo
    if key not in memo:
        memo[key] = _subject_phrase(doc, opts)
    found: SubjectPhrase | None = memo[key]
    return found


def _subject_phrase(doc: Document, opts: dict[str, Any]) -> SubjectPhrase | None:
    min_words = max(1, int(opts["min_words"]))
    # The title counts as a heading: a stuffed page repeats its title's keyword phrase in
    # its headings. When the body headings alone are too few, the title may make up the
    # count, but then the phrase must be longer than a name ("Show Name" under a title
    # about the show is not stuffing; "Show Name Season 2" is).
    title = doc.title_block if doc.title_block is not None and normalise(
        doc.title_block.text) else None
    body = body_headings(doc)
    headings = ([title] if title is not None else []) + body
    min_headings = int(opts["min_headings"])
    if len(headings) < min_headings:
        return None
    counts: Counter[tuple[str, ...]] = Counter()
    first_seen: dict[tuple[str, ...], tuple[int, int]] = {}  # (heading, word) of first use
    words_of = [heading_words(h) for h in headings]
    for i, words in enumerate(words_of):
        grams: dict[tuple[str, ...], int] = {}
        for a in range(len(words)):
            for b in range(a + min_words, len(words) + 1):
                grams.setdefault(tuple(words[a:b]), a)
        for gram, at in grams.items():
            counts[gram] += 1
            first_seen.setdefault(gram, (i, at))
    needed = max(min_headings, _ceil(float(opts["share"]) * len(headings)))
    best: tuple[str, ...] | None = None
    for gram, n in counts.items():
        if n < needed or all(_is_stop(w) for w in gram):
            continue
        in_title = title is not None and first_seen[gram][0] == 0
        if in_title and n - 1 < min_headings and len(gram) <= min_words:
            continue  # the title makes up the count: a longer phrase than a name only
        if best is None or _rank(gram, n, first_seen) > _rank(best, counts[best], first_seen):
            best = gram
    if best is None:
        return None
    holders = tuple(h for h, w in zip(headings, words_of, strict=True) if _contains(w, best))
    return SubjectPhrase(best, holders, len(headings))


def _rank(
    gram: tuple[str, ...], n: int, first_seen: dict[tuple[str, ...], tuple[int, int]]
) -> tuple[int, int, int, int]:
    """Most headings first, then the longest phrase, then the one used earliest."""
    heading, word = first_seen[gram]
    return (n, len(gram), -heading, -word)


def _ceil(x: float) -> int:
    n = int(x)
    return n if n >= x - 1e-9 else n + 1


def _contains(words: list[str], gram: tuple[str, ...]) -> bool:
    n = len(gram)
    return any(tuple(words[i : i + n]) == gram for i in range(len(words) - n + 1))


def strip_phrase(words: list[str], phrase: tuple[str, ...] | None) -> list[str]:
    """``words`` without the first occurrence of ``phrase``."""
    if not phrase:
        return list(words)
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) == phrase:
            return words[:i] + words[i + n :]
    return list(words)


class SubjectPhrases:
    """The shared analysis "subject": each article's heading keyword phrase.

    FL103 reports the phrase and configures how it is found (its options ``share``,
    ``min_words``, ``min_headings``); FL102, FL104 and the repetition analysis read
    headings and passages without it. When FL103 is not enabled the defaults apply.
    """

    def __init__(self) -> None:
        self.options: dict[str, Any] = dict(SUBJECT_DEFAULTS)

    def configure(self, options: dict[str, Any]) -> None:
        self.options = {k: options.get(k, v) for k, v in SUBJECT_DEFAULTS.items()}

    def phrase(self, doc: Document) -> SubjectPhrase | None:
        return subject_phrase(doc, self.options)
