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
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from factlint import directives
from factlint.document import Block, BlockKind, BlockRole, Document
from factlint.packs import line_words
from factlint.parse.roles import BYLINE_MAX_WORDS, Cues, builtin_cues, embed_lines
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
_LIST_MARK = re.compile(r"^\s*(?:[-*•●▪◦‣]|\d+[.)])\s+")


def is_directive_line(line: str) -> bool:
    """A suppression directive (or a misspelt one) standing on a line of its own."""
    return directives.plain_line(line) is not None


@cache
def builtin_debris() -> tuple[Entry, ...]:
    """The entries of the built-in FL204 (page debris) packs."""
    from factlint.packs import PackSet

    return tuple(PackSet.load().entries_for("FL204"))


# A line of more words than this, most of which no debris entry covers, is running
# prose with a widget phrase pasted into it, not a debris line.
DEBRIS_PROSE_WORDS = 40


def _prose_around(text: str, found: Sequence[tuple[Entry, tuple[int, int]]]) -> bool:
    """Whether a line the debris entries matched is mostly article text around them."""
    if len(text.split()) <= DEBRIS_PROSE_WORDS:
        return False
    covered = max(end for _, (_, end) in found) - min(start for _, (start, _) in found)
    return covered * 2 < len(text)


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
        words = line_words(text)
        found = [(e, at) for e in entries if e.kind != "pattern"
                 for at in [e.match_words(words) if e.kind == "line" else e.search(text)]
                 if at is not None]
        if found and _prose_around(text, found):
            found = []  # a widget phrase inside running prose: FL204 reports the phrase
        if found:
            junk.add(i)
        elif lead_in:
            follows.add(i)
        lead_in = any(e.label == "lead-in" and at[1] == len(text) for e, at in found)
    return junk, follows


def key_value_line(line: str) -> bool:
    """Whether ``line`` is one ``Key: value`` line of an info box."""
    m = _KEY_VALUE.match(_LIST_MARK.sub("", line, count=1).strip())
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
        while m < len(content) and (not run or content[m] - run[-1] <= 2):
            line = lines[content[m]]
            if run and content[m] != run[-1] + 1 and not (
                lines[run[-1]].rstrip().endswith(":") or _LIST_MARK.match(line)
            ):
                break  # across a blank line only from a label to its value, or by bullets
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


def _opening(text: str) -> str:
    """The first character of ``text`` after opening quotes and brackets: a headline may
    start with a quoted title ("‘Sense and Sensibility’ returns")."""
    return text.lstrip(_OPENERS)[:1]


_OPENERS = "\"'‘“«([¿¡"


def heading_like(line: str, *, first: bool) -> bool:
    """Whether a standalone line reads like a heading rather than a sentence."""
    text = line.strip()
    if not text or len(text) > 120 or _LIST_MARK.match(text):
        return False
    words = text.split()
    lead = _opening(text)
    if len(words) > MAX_HEADING_WORDS or not (lead.isupper() or lead.isdigit()):
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
        # "Show Season 2: Is there a release date?": a topic, a colon and a question.
        topic, colon, question = text.partition(": ")
        if (colon and len(words) <= MAX_HEADING_WORDS and _QUESTION_HEADING.match(question)
                and heading_like(topic, first=first)):
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
    path: str, source: str, *, debris: Sequence[Entry] | None = None,
    cues: Cues | None = None,
) -> Document:
    """Parse plain text ``source`` (newlines already normalised) into a Document.

    ``debris``: the FL204 entries that find page-debris lines (default: the built-in ones);
    ``cues``: the patterns of credit, byline and label lines (default: the built-in ones).
    """
    doc = Document(path=path, source=source, format="text")
    cues = builtin_cues() if cues is None else cues
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
    roles = read_roles(lines, content, boxes, junk, cues)
    furniture = set(roles)
    # The title is the first line that is neither page debris ("remind me tomorrow"
    # widgets) nor furniture (a menu, a dateline, a rubric above the headline).
    first_line = next((i for i in content if i not in junk and i not in furniture), -1)
    # A rubric over the headline ("Review", "Album reviews"): a line of at most three
    # words directly over a longer headline-like line that the page header (a byline, a
    # score, an info box), not prose, follows.
    below = next((i for i in content if i > first_line and i not in junk
                  and i not in furniture), -1)
    header = next((i for i in content if i > below and i not in junk), -1)
    if (first_line >= 0 and below >= 0 and below - first_line <= 2 and below not in boxes
            and len(lines[first_line].split()) <= LABEL_MAX_WORDS
            and not lines[first_line].rstrip().endswith((":", "?"))
            and len(lines[below].split()) > len(lines[first_line].split())
            and heading_like(lines[below], first=False)
            and (header in furniture or header in boxes)):
        roles[first_line] = BlockRole.LABEL
        furniture.add(first_line)
        first_line = below

    def standalone(i: int) -> bool:
        """Not part of wrapped prose: the text around it does not run on into it."""
        prev = lines[i - 1].rstrip() if i > 0 else ""
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        prev_ok = (not prev.strip() or bool(_PARA_END.search(prev)) or (i - 1) in furniture
                   or heading_like(prev, first=False))
        next_ok = not nxt or nxt[0].isupper() or nxt[0].isdigit() or not nxt[0].isalpha()
        return prev_ok and next_ok

    candidates = {
        i for i in content
        if i not in boxes and i not in junk and i not in furniture
        and (heading_like(lines[i], first=(i == first_line))
             or (i == first_line and title_like(lines, i)))
        and standalone(i)
    }
    stack_roles(lines, content, candidates, junk | furniture, first_line, roles)
    candidates -= set(roles)
    # A run of heading-like lines counts only if body text follows it somewhere; debris
    # and furniture between them is not body text.
    headings: set[int] = set()
    pending: list[int] = []
    for i in content:
        if i in candidates:
            pending.append(i)
        elif i not in junk and i not in roles:
            headings.update(pending)
            pending = []
    header_roles(lines, content, headings, boxes, junk, first_line, roles)
    headings -= set(roles)

    def add_block(kind: BlockKind, line_numbers: list[int], level: int = 0,
                  debris: bool = False, role: BlockRole | None = None) -> None:
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
                role=role,
            )
        )

    paragraph: list[int] = []
    group: list[int] = []  # the lines of one menu or embedded post: a block of their own

    def flush() -> None:
        if paragraph:
            kind = BlockKind.LIST_ITEM if _LIST_MARK.match(lines[paragraph[0]]) else (
                BlockKind.PARAGRAPH
            )
            add_block(kind, list(paragraph))
            paragraph.clear()

    def flush_group() -> None:
        if group:
            role = roles[group[0]]
            add_block(BlockKind.PARAGRAPH, list(group), role=role,
                      debris=role is BlockRole.MENU)
            group.clear()

    previous = -2
    for i in content:
        line = lines[i]
        role = roles.get(i)
        if group and (role is not roles[group[0]] or role not in _GROUPED):
            flush_group()
        if role in _GROUPED:
            flush()
            group.append(i)
        elif i in headings:
            flush()
            add_block(BlockKind.HEADING, [i], 1 if i == first_line else 2,
                      role=BlockRole.TITLE if i == first_line else None)
        elif i in boxes:
            flush()
            add_block(BlockKind.TABLE_CELL, [i], role=BlockRole.INFO_BOX)
        elif i in debris_only:  # a debris line is a block of its own no prose rule reads
            flush()
            add_block(BlockKind.PARAGRAPH, [i], debris=True)
        elif role is not None:
            flush()
            add_block(BlockKind.PARAGRAPH, [i], role=role)
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
    flush_group()

    attach_sections(doc)
    title = next((b for b in doc.blocks if b.page_role is BlockRole.TITLE), None)
    if title is not None:
        doc.title_block = title
        doc.title = title.text.strip()
    return doc


# Roles whose consecutive lines make one block (a menu is one finding, a post one block).
_GROUPED = frozenset({BlockRole.MENU, BlockRole.EMBED})
MENU_MIN_LINES = 8  # a stack of this many heading-like lines is a menu or index
LABEL_MAX_WORDS = 3
TITLE_MAX_WORDS = 25


def title_like(lines: list[str], i: int) -> bool:
    """A first line that reads as a headline though not in title case: one line, not too
    long, no full stop at its end ("Show Season 2: Everything we know - cast, plot").

    A blank line usually follows it; on a page with one paragraph per line and no blank
    lines, the line under it may start at once, if that line starts a sentence and is far
    longer (the first line of wrapped prose is as long as the lines under it)."""
    text = lines[i].strip()
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if nxt and not (len(text) < TITLE_SHORTER * len(nxt) and _opening(nxt)[:1].isupper()
                    and text.split()[-1].lower() not in _SMALL_WORDS):
        return False
    return (len(text.split()) <= TITLE_MAX_WORDS and _opening(text).isupper()
            and not text.endswith((".", ",", ";", "-", "–", "—")) and not _LIST_MARK.match(text))


# A headline directly over a paragraph line is at most this share of that line's length.
TITLE_SHORTER = 0.6


def read_roles(lines: list[str], content: list[int], boxes: set[int], junk: set[int],
               cues: Cues) -> dict[int, BlockRole]:
    """Roles that a line's own shape gives it: credits and the captions above them,
    embedded posts, bylines and datelines, score badges."""
    roles: dict[int, BlockRole] = {}
    for i in embed_lines(lines, content, boxes | junk):
        roles[i] = BlockRole.EMBED
    menu_roles(lines, content, boxes | junk | set(roles), roles)
    for n, i in enumerate(content):
        if i in junk or i in boxes or i in roles:
            continue
        text = lines[i].strip()
        if cues.is_credit(text):
            roles[i] = BlockRole.CREDIT
            above = content[n - 1] if n else -1
            # The label over a picture ("Show Name Season 2" / "Source: ..."): the line
            # directly above a credit that does not end a sentence.
            if (above == i - 1 and above not in junk and above not in boxes
                    and roles.get(above) is None
                    and len(lines[above].split()) <= MAX_HEADING_WORDS
                    and not _PARA_END.search(lines[above].rstrip())):
                roles[above] = BlockRole.CAPTION
        elif len(text.split()) <= BYLINE_MAX_WORDS and cues.is_byline(text):
            roles[i] = BlockRole.BYLINE
        elif cues.is_label(text):
            roles[i] = BlockRole.LABEL
    return roles


MENU_MAX_WORDS = 6


def _menu_item(line: str) -> bool:
    text = line.strip()
    return (len(text.split()) <= MENU_MAX_WORDS and not text.endswith((".", ",", ";", ":"))
            and not _LIST_MARK.match(text))


def menu_roles(lines: list[str], content: list[int], skip: set[int],
               roles: dict[int, BlockRole]) -> None:
    """Menus and indexes: runs of ``MENU_MIN_LINES`` or more short lines with no prose
    between them (debris lines may sit among them).

    Lines of three words or more one under another with no blank line between them are
    a table (a cast list: actor and character), not a menu; the last line of a menu is
    left out when prose follows it directly, as it may be the headline under the menu.
    """
    runs = _runs(content, lambda i: i not in skip and _menu_item(lines[i]),
                 lambda i: i in skip and roles.get(i) is None)  # debris among the items
    for run in runs:
        if len(run) < MENU_MIN_LINES:
            continue
        adjacent = sum(1 for a, b in pairwise(run) if b == a + 1)
        widths = sorted(len(lines[i].split()) for i in run)
        if adjacent * 2 >= len(run) - 1 and widths[len(widths) // 2] > 2:
            for i in run:
                roles[i] = BlockRole.INFO_BOX
            continue
        after = next((j for j in content if j > run[-1] and j not in skip), -1)
        last_headline = after >= 0 and not _menu_item(lines[after])
        for i in run[:-1] if last_headline else run:
            roles[i] = BlockRole.MENU


def _runs(content: list[int], take: Callable[[int], bool],
          ignore: Callable[[int], bool]) -> list[list[int]]:
    """Maximal runs of ``content`` lines that ``take`` accepts; a line ``ignore`` accepts
    neither joins nor ends a run, any other line ends it."""
    runs: list[list[int]] = []
    run: list[int] = []
    for i in content:
        if take(i):
            run.append(i)
        elif not ignore(i):
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def stack_roles(lines: list[str], content: list[int], candidates: set[int], skip: set[int],
                first_line: int, roles: dict[int, BlockRole]) -> None:
    """Read runs of heading-like lines with nothing between them ("stacks"): a line of
    at most three words over a longer heading-like line, or over itself said again, is
    a rubric or label
    ("Album reviews" over the headline, an artist's name over the album's), not a heading.
    """
    for stack in _runs(content, lambda i: i in candidates, lambda i: i in skip):
        for i, nxt in pairwise(stack):
            text = lines[i].strip()
            words = len(text.split())
            below = lines[nxt].strip()
            if (i != first_line and words <= LABEL_MAX_WORDS and nxt - i <= 2
                    and not text.endswith((":", "?"))
                    and (len(below.split()) > words or below == text)):
                roles[i] = BlockRole.LABEL


def header_roles(lines: list[str], content: list[int], headings: set[int], boxes: set[int],
                 junk: set[int], first_line: int, roles: dict[int, BlockRole]) -> None:
    """Lines between the headline and the first prose paragraph (the page header).

    There, the headline said again is a dek, and so is a one-line standfirst with no
    closing full stop; a heading-like line is a heading only when prose follows it
    directly or another heading does (an empty section), otherwise it is a dek (six
    words or more) or a label ("Best New Music" over a review's info box).
    """
    if first_line < 0:
        return
    title = " ".join(lines[first_line].split()).casefold()
    zone = [i for i in content if i > first_line]
    for n, i in enumerate(zone):
        if i in junk or i in boxes or i in roles:
            continue
        text = lines[i].strip()
        if i in headings:
            if " ".join(text.split()).casefold() == title:
                roles[i] = BlockRole.DEK
                continue
            later = [j for j in zone[n + 1:] if j not in junk]
            follower = later[0] if later else -1
            if follower < 0 or follower in roles or follower in boxes:
                roles[i] = BlockRole.DEK if len(text.split()) >= 6 else BlockRole.LABEL
            continue
        # The first paragraph line: the header ends here, unless it is a standfirst.
        single = (n + 1 >= len(zone) or zone[n + 1] != i + 1)
        if single and not _PARA_END.search(text) and not _LIST_MARK.match(text) and (
            len(text.split()) <= 30
        ):
            roles[i] = BlockRole.DEK
            continue
        return
