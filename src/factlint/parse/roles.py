"""Block roles: how a reader takes each block of a page (shared by both parsers).

A scraped page mixes the article with its furniture: picture captions and credits,
embedded posts, menus, bylines, rubrics and badges. The parsers give every block a
:class:`~factlint.document.BlockRole` from its shape and its neighbours, so that only
real headings open sections and only running prose reaches the prose rules. The cue
patterns (what a credit or a byline line starts with) are data: the ``furniture``
table of the FL204 pack (rules/structure/boilerplate.yaml), extendable by users.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from factlint.document import BlockKind, BlockRole, Document
from factlint.packs import Regex, data_regex

if TYPE_CHECKING:
    from factlint.summary import DocumentView

# A line is part of an embedded social-media post when it carries an emoji, a hashtag,
# an @handle or a post link; a run of short lines with two such marks is the post.
_HASHTAG = re.compile(r"(?<![\w&#])#[^\W\d_]\w*|(?<![\w.])@\w{2,}|pic\.twitter\.com|\bt\.co/")
EMBED_MAX_WORDS = 15
EMBED_MIN_MARKS = 2
EMBED_MAX_GAP = 3  # line numbers between two lines of one post (two blank lines)
# A byline or date stamp is short: "By Jane Roe and John Doe | Updated March 3, 2025 9:14 am
# EST" is 15 words; a longer line that starts like one is prose.
BYLINE_MAX_WORDS = 16
# A label with a score ("Take it for what it is: 5/5") is short.
SCORE_LABEL_MAX_WORDS = 12
# A dateline: "Monday, December 23, 2024", "May 19, 2024", "19 May 2024 10:32 BST".
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATELINE = re.compile(
    rf"^\W*(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+"
    rf"{_MONTHS},?\s+\d{{4}})(?:\s*[,|•-]?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?"
    rf"(?:\s+[A-Z]{{2,4}})?){{0,2}}\W*$",  # a theme may print the time twice
    re.IGNORECASE,
)
# A line with no word of three letters: a score ("8.4", "4/5"), a star rating, a counter.
_NO_WORDS = re.compile(r"^[^A-Za-z]*(?:[A-Za-z]{1,2}[^A-Za-z]+)*[A-Za-z]{0,2}[^A-Za-z]*$")


def has_post_mark(line: str) -> bool:
    """Whether ``line`` carries an emoji, a hashtag, an @handle or a post link."""
    if _HASHTAG.search(line):
        return True
    return any(_is_emoji(ch) for ch in line)


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    if code < 0x2190:
        return False
    return unicodedata.category(ch) == "So" and (
        0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF)


def is_dateline(line: str) -> bool:
    return bool(_DATELINE.match(line.strip()))


def is_badge(line: str) -> bool:
    """A line with no real word: a score, a rating, a counter ("8.4", "4/5 ★★★★", "A+").

    It must hold a digit or a symbol: a line of a short word and punctuation ("x.",
    "Ok.") is text, however short.
    """
    text = line.strip()
    return (bool(text) and len(text) <= 24 and bool(_NO_WORDS.match(text))
            and any(ch.isdigit() or unicodedata.category(ch).startswith("S") for ch in text))


# A picture credit is at most this many words ("Image used with permission by
# copyright holder", "Photo: Netflix / courtesy of the studio").
CREDIT_MAX_WORDS = 25


@dataclass(frozen=True)
class Cues:
    """Patterns that name a line's role outright (from the FL204 pack's ``furniture``)."""

    credit: tuple[Regex, ...] = ()
    byline: tuple[Regex, ...] = ()
    label: tuple[Regex, ...] = ()

    def is_credit(self, line: str) -> bool:
        """A short line a ``credit`` cue finds; a longer one is prose that a credit was
        glued to when the page was copied ("Photo Credit: Jo Roe Long-running band ...")."""
        text = line.strip()
        return len(text.split()) <= CREDIT_MAX_WORDS and any(
            rx.search(text) for rx in self.credit)

    def is_byline(self, line: str) -> bool:
        text = line.strip()
        return is_dateline(text) or any(rx.search(text) for rx in self.byline)

    def is_label(self, line: str) -> bool:
        """A score badge ("8.4", "4/5") or a short line a ``label`` cue finds ("Verdict:
        4/5", "Graphics - 9/10")."""
        text = line.strip()
        return is_badge(text) or (len(text.split()) <= SCORE_LABEL_MAX_WORDS
                                  and any(rx.search(text) for rx in self.label))


def cues_from(tables: Iterable[Any]) -> Cues:
    """The cues of the ``furniture`` tables of FL204 packs (several packs add up)."""
    credit: list[Regex] = []
    byline: list[Regex] = []
    label: list[Regex] = []
    for table in tables:
        if not isinstance(table, dict):
            continue
        furniture = table.get("furniture") or {}
        if not isinstance(furniture, dict):
            continue
        credit += [data_regex(p, re.IGNORECASE) for p in furniture.get("credit", [])]
        byline += [data_regex(p, re.IGNORECASE) for p in furniture.get("byline", [])]
        label += [data_regex(p, re.IGNORECASE) for p in furniture.get("label", [])]
    return Cues(tuple(credit), tuple(byline), tuple(label))


@cache
def builtin_cues() -> Cues:
    from factlint.packs import PackSet

    return cues_from(PackSet.load().data_for("FL204"))


def embed_lines(lines: Sequence[str], content: Sequence[int], skip: set[int]) -> set[int]:
    """Lines of embedded posts: runs of short lines, close together, with two post marks.

    A run is broken by a line of running prose (long, or ending a sentence with a full
    stop), by a line in ``skip`` (debris, info boxes) and by a gap of more than two
    blank lines.
    """
    found: set[int] = set()
    run: list[int] = []
    marks = 0

    def close() -> None:
        nonlocal marks
        # After the post's last mark only the lines directly under it are the post's
        # (its date line); past a blank line the page goes on.
        while len(run) > 1 and not has_post_mark(lines[run[-1]]) and run[-1] != run[-2] + 1:
            run.pop()
        if marks >= EMBED_MIN_MARKS:
            found.update(run)
        run.clear()
        marks = 0

    for i in content:
        text = lines[i].strip()
        words = len(text.split())
        short = words <= EMBED_MAX_WORDS and not (words >= 6 and text.endswith("."))
        if i in skip or not short or (run and i - run[-1] > EMBED_MAX_GAP):
            close()
            if i in skip or not short:
                continue
        run.append(i)
        marks += has_post_mark(text)
    close()
    return found


# A Markdown line that is only a picture: ![alt](src "title"), or a linked picture.
_IMAGE_LINE = re.compile(r"^\s*\[?!\[[^\]]*\]\([^)]*\)(?:\]\([^)]*\))?\s*$")
# A whole paragraph in emphasis: "*The lighthouse at dawn*", "_Photo: ..._".
_EMPHASISED = re.compile(r"^\s*([*_]{1,2})(?=\S)[^*_].*?(?<=\S)\1\s*$", re.DOTALL)
CAPTION_MAX_WORDS = 40


def _markdown_caption(doc: Document, line: int, end_line: int, words: int) -> bool:
    """A short paragraph that captions the picture above it: on the picture's own
    paragraph (the line after the image), or the next paragraph, set in emphasis."""
    if words > CAPTION_MAX_WORDS or line < 2:
        return False
    if end_line > line and _IMAGE_LINE.match(doc.line_text(line)):
        return True  # the picture's own paragraph: the image line, then its caption
    above = line - 1  # the line above the paragraph's first line
    while above >= 1 and not doc.line_text(above).strip():
        above -= 1
    source = "\n".join(doc.line_text(n) for n in range(line, end_line + 1))
    return (1 <= above < line - 1 and bool(_IMAGE_LINE.match(doc.line_text(above)))
            and bool(_EMPHASISED.match(source)))


def assign_markdown_roles(doc: Document, cues: Cues | None = None) -> None:
    """Roles for a Markdown article: its markup says what is a heading; captions,
    credits, bylines and embedded posts among its paragraphs are read from their shape."""
    cues = builtin_cues() if cues is None else cues
    paragraphs = [b for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]
    texts = [b.text for b in paragraphs]
    embedded = embed_lines(texts, [n for n, b in enumerate(paragraphs)
                                   if b.end_line == b.line], set())
    for n, block in enumerate(paragraphs):
        text = block.text.strip()
        if not block.in_quote and _markdown_caption(doc, block.line, block.end_line,
                                                    len(text.split())):
            block.role = BlockRole.CAPTION
        elif cues.is_credit(text):
            block.role = BlockRole.CREDIT
        elif n in embedded or (block.in_quote and has_post_mark(text)
                               and len(text.split()) <= 60):
            block.role = BlockRole.EMBED
        elif len(text.split()) <= BYLINE_MAX_WORDS and cues.is_byline(text):
            block.role = BlockRole.BYLINE
        elif cues.is_label(text):
            block.role = BlockRole.LABEL
    if doc.title_block is not None:
        doc.title_block.role = BlockRole.TITLE


def describe_blocks(view: DocumentView) -> list[dict[str, Any]]:
    """One record per block of a checked article: its lines, its role and its text's start."""
    out = []
    for block in view.blocks:
        text = " ".join(view.text(block.start, block.end).split())
        out.append({"line": block.line, "end_line": block.end_line, "role": block.role,
                    "text": text if len(text) <= 60 else text[:57] + "..."})
    return out

