"""Plain text (scraped articles) to document model.

Scraped articles have no markup: headings are short standalone lines. A line is a
heading when it is short, does not end like a sentence, reads like a title, and a
run of such lines is eventually followed by body text. The first heading line of
the file, if it is the first line, is the title (level 1); the others are level 2.

An info box of ``Key: value`` lines ("Country of Origin: USA", "Time: 41:21") is
neither headings nor prose: each of its lines becomes a table cell of its own. Page
debris (lines FL204's patterns match: "Related Story", "remind me tomorrow") is never
a heading, nor is the headline of a "Related Story" link, and debris before the title
does not stop it being the title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from factlint import directives
from factlint.document import Block, BlockKind, Document
from factlint.parse.structure import URL_RE, attach_sections
from factlint.positions import SourceMap

if TYPE_CHECKING:
    from factlint.packs import Entry

MAX_HEADING_WORDS = 14
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "nor",
    "of", "on", "or", "the", "to", "vs", "via", "with", "&",
}  # fmt: skip
# Sentence-case question headings ("Where did the first season end?") are common in SEO copy.
_QUESTION_HEADING = re.compile(
    r"^(what|when|where|who|whom|whose|why|how|which|will|is|are|was|were|does|do|did|can|"
    r"could|should|would|has|have)\b[^.!?]*\?$",
    re.IGNORECASE,
)
# "Streams: Crunchyroll on Saturdays", "Rating: 4 (of 5)": a one-word label and its value.
_LABEL_LINE = re.compile(r"^[^\W\d_][\w’'-]*:\s+\S")
# "Country of Origin: USA", "Time: 41:21", "Track List:": a short capitalised label of up
# to four words, a colon, and a short value or none (the value may follow on the next line).
_KEY_VALUE = re.compile(
    r"^(?P<key>[^\W\d_][\w’'&/().+-]*(?: [\w’'&/().+-]+){0,3}):(?:\s+(?P<value>\S.*))?$"
)
MAX_VALUE_WORDS = 12
# A sentence end inside a line; the full stop of "No. 8", "Dr. Stone", "Vol. 2" is not one.
_TWO_SENTENCES = re.compile(r"(?:[!?]|(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})\.)\s+\S")
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
_PARA_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def is_directive_line(line: str) -> bool:
    """A suppression directive (or a misspelt one) standing on a line of its own."""
    return directives.plain_line(line) is not None


@cache
def builtin_debris() -> tuple[Entry, ...]:
    """The entries of the built-in FL204 (page debris) packs."""
    from factlint.packs import PackSet

    return tuple(PackSet.load().entries_for("FL204"))


def debris_lines(lines: list[str], content: list[int], entries: Sequence[Entry]
                 ) -> tuple[set[int], set[int]]:
    """Content lines that are page debris, and the link titles after lead-in lines.

    A line an entry labelled ``lead-in`` matches in full ("Related Story") introduces a
    link to another post on the next line; that headline is part of the widget too (never
    a heading), though no entry names it, so the prose rules still read it.
    """
    junk: set[int] = set()
    follows: set[int] = set()
    lead_in = False
    for i in content:
        text = lines[i].strip()
        found = [(e, m) for e in entries if e.regex is not None
                 for m in [e.regex.search(text)] if m is not None]
        if found:
            junk.add(i)
        elif lead_in:
            follows.add(i)
        lead_in = any(e.label == "lead-in" and m.end() == len(text) for e, m in found)
    return junk, follows


def key_value_line(line: str) -> bool:
    """Whether ``line`` is one ``Key: value`` line of an info box."""
    m = _KEY_VALUE.match(line.strip())
    if m is None or not m.group("key")[0].isupper():
        return False
    value = m.group("value")
    if value is None:
        return True
    words = len(value.split())
    # "Director: It felt much bigger to us." is a line of dialogue, not a value.
    return words <= MAX_VALUE_WORDS and not (words >= 3 and _PARA_END.search(value))


def info_box_lines(lines: list[str], content: list[int]) -> set[int]:
    """Lines of info boxes: runs of two or more ``Key: value`` lines with nothing between.

    A label with no value ("Track List:") takes the next line as its value when that
    line does not read as prose; a title-like line directly above the box (not the
    file's first line) is its caption.
    """
    boxes: set[int] = set()
    n = 0
    while n < len(content):
        run: list[int] = []
        keys = 0
        m = n
        while m < len(content) and (not run or content[m] == run[-1] + 1):
            line = lines[content[m]]
            if key_value_line(line):
                keys += 1
            elif not (run and lines[run[-1]].rstrip().endswith(":")
                      and not _PARA_END.search(line.rstrip()) and not _LIST_MARK.match(line)):
                break
            run.append(content[m])
            m += 1
        if keys >= 2:
            boxes.update(run)
            above = run[0] - 1
            if (n >= 2 and content[n - 1] == above and content[n - 2] != above - 1
                    and heading_like(lines[above], first=False)):
                boxes.add(above)
        n = max(m, n + 1)
    return boxes


def heading_like(line: str, *, first: bool) -> bool:
    """Whether a standalone line reads like a heading rather than a sentence."""
    text = line.strip()
    if not text or len(text) > 120 or _LIST_MARK.match(text):
        return False
    words = text.split()
    if len(words) > MAX_HEADING_WORDS or not (text[0].isupper() or text[0].isdigit()):
        return False
    if _TWO_SENTENCES.search(text) and not first:
        return False  # two sentences on one line
    if _LABEL_LINE.match(text) and not first:
        return False  # a metadata line of a review box, not a heading
    if len(words) <= 3 and sum(c.isdigit() for c in text) >= sum(c.isalpha() for c in text):
        return False  # "Issue 2017-004", "March 3, 2024": an issue number or dateline
    if text.endswith("?"):
        if len(words) <= 12 and _QUESTION_HEADING.match(text):
            return True
    elif text.endswith("!"):
        if not first:
            return False
    elif _SENTENCE_END.search(text):
        return False
    significant = [w for w in words if w.lower().strip("&,:") not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[:1].isupper() or w[:1].isdigit())
    if len(words) <= 5:
        return True
    return capitalised / len(significant) >= 0.6


def parse_plaintext(
    path: str, source: str, *, debris: Sequence[Entry] | None = None
) -> Document:
    """Parse plain text ``source`` (newlines already normalised) into a Document.

    ``debris``: the FL204 entries that find page-debris lines (default: the built-in ones).
    """
    doc = Document(path=path, source=source, format="text")
    lines = source.split("\n")
    offsets: list[int] = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1

    content = []
    for i, line in enumerate(lines):
        if is_directive_line(line):
            doc.ignored_ranges.append((offsets[i], offsets[i] + len(line)))
            lines[i] = ""  # reads as a blank line: a directive never changes the structure
            continue
        tail = directives.plain_tail(line)
        if tail is not None:  # "... text factlint: disable-line=FL3": the text is kept
            doc.ignored_ranges.append((offsets[i] + tail.start, offsets[i] + len(line)))
            lines[i] = line = line[: tail.start].rstrip()
        if line.strip():
            content.append(i)
    boxes = info_box_lines(lines, content)
    debris_only, link_titles = debris_lines(lines, content,
                                            builtin_debris() if debris is None else debris)
    junk = debris_only | link_titles
    # The title is the first line that is not page debris ("remind me tomorrow" widgets).
    first_line = next((i for i in content if i not in junk), -1)

    def standalone(i: int) -> bool:
        """Not part of wrapped prose: the text around it does not run on into it."""
        prev = lines[i - 1].rstrip() if i > 0 else ""
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        prev_ok = not prev.strip() or bool(_PARA_END.search(prev)) or heading_like(prev,
                                                                                  first=False)
        next_ok = not nxt or nxt[0].isupper() or nxt[0].isdigit() or not nxt[0].isalpha()
        return prev_ok and next_ok

    candidates = {
        i for i in content
        if i not in boxes and i not in junk and heading_like(lines[i], first=(i == first_line))
        and standalone(i)
    }
    # A run of heading-like lines counts only if body text follows it somewhere; debris
    # between them is not body text.
    headings: set[int] = set()
    pending: list[int] = []
    for i in content:
        if i in candidates:
            pending.append(i)
        elif i not in junk:
            headings.update(pending)
            pending = []

    def add_block(kind: BlockKind, line_numbers: list[int], level: int = 0,
                  debris: bool = False) -> None:
        smap = SourceMap()
        parts: list[str] = []
        length = 0
        for n, i in enumerate(line_numbers):
            line = lines[i]
            lead = len(line) - len(line.lstrip())
            body = line.strip()
            if n:
                smap.add(length, offsets[i] - 1, 1)  # the line break reads as a space
                parts.append(" ")
                length += 1
            last = 0
            for m in URL_RE.finditer(body):
                seg = body[last : m.start()]
                smap.add(length, offsets[i] + lead + last, len(seg))
                parts.append(seg)
                length += len(seg)
                last = m.end()
            seg = body[last:]
            smap.add(length, offsets[i] + lead + last, len(seg))
            parts.append(seg)
            length += len(seg)
        doc.blocks.append(
            Block(
                kind=kind,
                text="".join(parts),
                source_map=smap,
                line=line_numbers[0] + 1,
                end_line=line_numbers[-1] + 1,
                level=level,
                debris=debris,
            )
        )

    paragraph: list[int] = []

    def flush() -> None:
        if paragraph:
            kind = BlockKind.LIST_ITEM if _LIST_MARK.match(lines[paragraph[0]]) else (
                BlockKind.PARAGRAPH
            )
            add_block(kind, list(paragraph))
            paragraph.clear()

    previous = -2
    for i in content:
        line = lines[i]
        if i in headings:
            flush()
            add_block(BlockKind.HEADING, [i], 1 if i == first_line else 2)
        elif i in boxes:
            flush()
            add_block(BlockKind.TABLE_CELL, [i])
        elif i in debris_only:  # a debris line is a block of its own no prose rule reads
            flush()
            add_block(BlockKind.PARAGRAPH, [i], debris=True)
        else:
            if paragraph and (
                i != previous + 1
                or _PARA_END.search(lines[previous].rstrip())
                or _LIST_MARK.match(line)
            ):
                flush()
            paragraph.append(i)
        previous = i
    flush()

    attach_sections(doc)
    title = next((b for b in doc.blocks if b.is_heading), None)
    if title is not None and title.level == 1:
        doc.title_block = title
        doc.title = title.text.strip()
    return doc
