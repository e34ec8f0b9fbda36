"""Web pages (``.html``, ``.htm``) to document model.

trafilatura finds the article in the page (with its precision settings, so menus, share
bars, sidebars, comments and ads are left out) and gives its headings, paragraphs, list
items, quotes, tables and links as text. It gives no source offsets, so the page is also
read here as a reader sees it: a stream of decoded characters (entities resolved, scripts
and styles left out), each with its span in the HTML source. Each extracted block is
found in that stream in document order, ignoring whitespace (which extraction
collapses); so every finding's line and column are those of the HTML file the user has,
and its excerpt is the text shown there. A block that cannot be found maps every
character to where the previous block ended (never past the end of the file).

What extraction leaves out is not in the document, so FL204 reports only the debris
that survives it. Figure captions (``<figcaption>``, which extraction drops) inside the
article are blocks of role ``caption``. The headline, byline, site and publication date
come from the page's JSON-LD (``NewsArticle``, ``TVSeason``, ``Movie``, ``VideoGame``,
also inside ``@graph``), its meta tags and trafilatura's metadata; a ``datePublished`` is
the document's ``published`` date.
"""

from __future__ import annotations

import bisect
import copy
import datetime
import difflib
import html
import json
import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from factlint.document import Block, BlockKind, BlockRole, Document, Link
from factlint.errors import InputError
from factlint.parse.structure import attach_sections
from factlint.positions import CharMap, DecodedText

if TYPE_CHECKING:
    from lxml.etree import _Element

    from factlint.packs import Entry
    from factlint.parse.roles import Cues

INSTALL_HINT = "reading HTML needs trafilatura: pip install 'factlint[html]'"

# Elements whose text a reader never sees.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object",
                     "textarea", "select", "math"})
# Elements that break the text flow: their text never runs on into a neighbour's.
_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "td", "th", "title", "tr", "ul", "head", "html", "caption",
})
# Characters extraction may drop or keep at will: left out on both sides of an alignment.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\xad")
# JSON-LD types whose headline and datePublished describe the page itself.
_ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "Review", "CriticReview", "WebPage",
    "Report", "BackgroundNewsArticle",
})
# JSON-LD types of the work a page is about: its name (and date) if no article says more.
_WORK_TYPES = frozenset({"TVSeason", "TVSeries", "TVEpisode", "Movie", "VideoGame",
                         "MusicAlbum", "Book", "CreativeWorkSeason"})
_META_DATES = ("article:published_time", "og:article:published_time", "datepublished",
               "pubdate", "publishdate", "date", "dc.date.issued", "sailthru.date")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACE = re.compile(r"\s+")
MAX_FUZZY_CHARS = 50_000  # longer unmatched blocks are not aligned character by character
_CHUNK, _SLACK = 32, 48  # fuzzy alignment: chunk size, and how far past it to look


@dataclass
class _Stream:
    """The page's visible characters (whitespace left out) with their source spans."""

    chars: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    # Whether a tag that breaks the text flow stands just before character ``i``.
    breaks: set[int] = field(default_factory=set)
    body: int = 0  # index of the first character inside <body>
    shown: DecodedText = field(default_factory=DecodedText)  # with whitespace: excerpts
    shown_chars: list[str] = field(default_factory=list)  # its text while being read
    json_ld: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    captions: list[tuple[int, int]] = field(default_factory=list)  # char ranges
    text: str = ""


class _Reader(HTMLParser):
    """Builds a :class:`_Stream` from the source in one pass."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.out = _Stream()
        self.hidden: list[str] = []  # open hidden elements
        self.json_ld: list[str] | None = None  # the open JSON-LD script's text
        self.caption_from: list[int] = []  # open <figcaption>s: first char index

    def here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def add(self, text: str, start: int, end: int | None = None) -> None:
        """Decoded ``text`` from source ``start`` (``end`` given: one entity's span)."""
        if end is None and not text.isascii():
            self._add_composed(text, start)
            return
        out = self.out
        shown, offsets = out.shown_chars, out.shown.offsets
        for i, ch in enumerate(text):
            s = start + i if end is None else start
            e = s + 1 if end is None else end
            if ch in _INVISIBLE:
                continue
            offsets.append(s)
            if ch.isspace():
                shown.append(" ")
                continue
            shown.append(ch)
            out.chars.append(ch)
            out.starts.append(s)
            out.ends.append(e)

    def _add_composed(self, text: str, start: int) -> None:
        """Raw text with its letters composed (NFC, as extraction gives them): a letter
        written as base and combining marks is one character spanning all of them."""
        i, n = 0, len(text)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(text[j]):
                j += 1
            composed = unicodedata.normalize("NFC", text[i:j]) if j - i > 1 else text[i]
            if len(composed) == 1:
                self.add(composed, start + i, start + j)
            else:
                for k in range(i, j):
                    self.add(text[k], start + k, start + k + 1)
            i = j

    def boundary(self, tag: str) -> None:
        if tag in _BREAKS:
            self.out.breaks.add(len(self.out.chars))
            self.out.shown_chars.append(" ")
            self.out.shown.offsets.append(self.here())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.append(tag)
            return
        if tag == "script" and any(k == "type" and (v or "").strip().lower()
                                   == "application/ld+json" for k, v in attrs):
            self.json_ld = []
        if tag in _HIDDEN:
            self.hidden.append(tag)
            return
        if tag == "meta":
            values = dict(attrs)
            key = (values.get("property") or values.get("name") or values.get("itemprop")
                   or "").strip().lower()
            if key and values.get("content"):
                self.out.meta.setdefault(key, values["content"] or "")
        if tag == "body":
            self.out.body = len(self.out.chars)
        if tag == "figcaption":
            self.caption_from.append(len(self.out.chars))
        self.boundary(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.hidden:
            if tag == "meta":
                self.handle_starttag(tag, attrs)
            else:
                self.boundary(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
                if not self.hidden and self.json_ld is not None:
                    self.out.json_ld.append("".join(self.json_ld))
                    self.json_ld = None
            return
        if tag == "figcaption" and self.caption_from:
            self.out.captions.append((self.caption_from.pop(), len(self.out.chars)))
        self.boundary(tag)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            if self.json_ld is not None:
                self.json_ld.append(data)
            return
        self.add(data, self.here())

    def _ref(self, raw_head: str, name: str) -> None:
        start = self.here()
        end = start + len(raw_head) + len(name)
        if self.source.startswith(";", end):
            end += 1
        decoded = html.unescape(self.source[start:end])
        if self.hidden:
            if self.json_ld is not None:
                self.json_ld.append(decoded)
            return
        self.add(decoded, start, end)

    def handle_entityref(self, name: str) -> None:
        self._ref("&", name)

    def handle_charref(self, name: str) -> None:
        self._ref("&#", name)


def read_stream(source: str) -> _Stream:
    """The visible characters of ``source`` with their source spans."""
    reader = _Reader(source)
    try:
        reader.feed(source)
        reader.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    out = reader.out
    out.text = "".join(out.chars)
    out.shown.text = "".join(out.shown_chars)
    out.shown_chars = []
    return out


# -- alignment ----------------------------------------------------------------------------

def _squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace and invisible characters, and where each kept one was."""
    kept: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if not ch.isspace() and ch not in _INVISIBLE:
            kept.append(ch)
            where.append(i)
    return "".join(kept), where


class _Aligner:
    """Finds extracted blocks in the page's stream, in document order."""

    def __init__(self, stream: _Stream) -> None:
        self.stream = stream
        self.cursor = stream.body
        self.last_end = stream.starts[stream.body] if stream.body < len(stream.starts) else 0

    def _find(self, needle: str, start: int) -> int:
        """The first occurrence of ``needle`` from ``start`` that sits between two breaks
        of the text flow (a whole element), else the first occurrence at all."""
        text, breaks = self.stream.text, self.stream.breaks
        first = -1
        at = text.find(needle, start)
        tries = 0
        while at >= 0 and tries < 64:
            if first < 0:
                first = at
            end = at + len(needle)
            if at in breaks and (end in breaks or end == len(text)):
                return at
            at = text.find(needle, at + 1)
            tries += 1
        return first

    def locate(self, needle: str, *, in_order: bool = True) -> list[int] | None:
        """Stream index of each character of ``needle`` (-1: not found), or None."""
        if not needle:
            return None
        at = self._find(needle, self.cursor)
        if at < 0 and in_order:
            at = self._find(needle, 0)
        if at >= 0:
            return list(range(at, at + len(needle)))
        return self._fuzzy(needle)

    def _fuzzy(self, needle: str) -> list[int] | None:
        """Character-level alignment near an anchor (extraction changed some text).

        The needle is walked in chunks: each is looked for just after the last one found,
        and one that is not there verbatim is aligned with difflib inside that small
        window only, so the cost grows with the block, not with its square.
        """
        if len(needle) > MAX_FUZZY_CHARS:
            return None
        text = self.stream.text
        anchor = -1
        size = min(16, len(needle))
        for offset in range(0, max(1, len(needle) - size + 1), max(1, size)):
            found = text.find(needle[offset : offset + size], self.cursor)
            if found < 0:
                found = text.find(needle[offset : offset + size])
            if found >= 0:
                anchor = max(0, found - offset)
                break
        if anchor < 0:
            return None
        found_at = [-1] * len(needle)
        matched = 0
        pos = anchor
        for lo in range(0, len(needle), _CHUNK):
            chunk = needle[lo : lo + _CHUNK]
            window = text[pos : pos + 2 * len(chunk) + _SLACK]
            at = window.find(chunk)
            if at >= 0:
                for k in range(len(chunk)):
                    found_at[lo + k] = pos + at + k
                matched += len(chunk)
                pos += at + len(chunk)
                continue
            matcher = difflib.SequenceMatcher(None, chunk, window, autojunk=False)
            for a, b, n in matcher.get_matching_blocks():
                if n < 3:
                    continue  # stray single letters are not an alignment
                for k in range(n):
                    found_at[lo + a + k] = pos + b + k
                matched += n
            placed = [i for i in found_at[lo : lo + len(chunk)] if i >= 0]
            pos = (max(placed) + 1) if placed else pos + len(chunk)
        if matched < 0.6 * len(needle):
            return None
        return found_at

    def map_block(self, text: str, *, in_order: bool = True) -> tuple[CharMap, bool]:
        """A source map for ``text`` (whitespace already collapsed) and whether it aligned."""
        squeezed, where = _squeeze(text)
        found = self.locate(squeezed, in_order=in_order)
        stream = self.stream
        starts = [0] * len(text)
        ends = [0] * len(text)
        if found is None or all(i < 0 for i in found):
            # Not on the page as extracted: every character at where the last block ended.
            return CharMap([self.last_end] * len(text), [self.last_end] * len(text)), False
        pos_of: dict[int, int] = {}
        for k, i in zip(where, found, strict=True):
            if i >= 0:
                pos_of[k] = i
        prev_end = stream.starts[min(i for i in found if i >= 0)]
        for k in range(len(text)):
            i = pos_of.get(k, -1)
            if i >= 0:
                starts[k], ends[k] = stream.starts[i], stream.ends[i]
                prev_end = ends[k]
            else:  # a space, or a character not found: between its neighbours
                starts[k] = ends[k] = prev_end
        if in_order:
            last = max(i for i in found if i >= 0)
            self.cursor = last + 1
            self.last_end = stream.ends[last]
        return CharMap(starts, ends), True


# -- extraction ---------------------------------------------------------------------------

@dataclass
class _Part:
    """One block as extraction gave it, before alignment."""

    kind: BlockKind
    text: str
    level: int = 0
    in_quote: bool = False
    role: BlockRole | None = None
    links: list[tuple[str, int, int]] = field(default_factory=list)


def _text_and_links(element: _Element, skip: frozenset[str] = frozenset()) -> tuple[
        str, list[tuple[str, int, int]]]:
    """The element's text, whitespace collapsed, and its links' spans in that text."""
    pieces: list[str] = []
    links: list[tuple[str, int, int, int]] = []  # url, piece index of start and end

    def walk(el: _Element) -> None:
        if el.text:
            pieces.append(el.text)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in skip:
                pass
            elif tag == "lb":
                pieces.append(" ")
            elif tag == "ref":
                first = len(pieces)
                walk(child)
                links.append((child.get("target") or "", first, len(pieces), 0))
            else:
                walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    pieces = [unicodedata.normalize("NFC", p) for p in pieces]  # as the page stream has it
    # Collapse whitespace across pieces, keeping where each piece starts.
    out: list[str] = []
    starts: list[int] = []
    length = 0
    space = True  # at the start: leading whitespace dropped
    for piece in pieces:
        starts.append(length)
        for ch in piece:
            if ch.isspace():
                if not space:
                    out.append(" ")
                    length += 1
                    space = True
            else:
                out.append(ch)
                length += 1
                space = False
    starts.append(length)
    text = "".join(out)
    trimmed = text.rstrip()
    spans = []
    for url, a, b, _ in links:
        s, e = starts[a], min(starts[b], len(trimmed))
        while s < e and trimmed[s] == " ":
            s += 1
        while e > s and trimmed[e - 1] == " ":
            e -= 1
        if url and e > s:
            spans.append((url, s, e))
    return trimmed, spans


def _parts(main: _Element) -> Iterator[_Part]:
    """The blocks of trafilatura's XML ``<main>``, in order."""

    def walk(el: _Element | list[_Element], in_quote: bool) -> Iterator[_Part]:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "head":
                text, links = _text_and_links(child)
                rend = child.get("rend") or "h2"
                level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
                yield _Part(BlockKind.HEADING, text, max(level, 1), in_quote, links=links)
            elif tag == "p":
                text, links = _text_and_links(child, frozenset({"graphic"}))
                yield _Part(BlockKind.PARAGRAPH, text, 0, in_quote, links=links)
            elif tag == "list":
                for item in child:
                    if item.tag != "item":
                        continue
                    text, links = _text_and_links(item, frozenset({"list"}))
                    yield _Part(BlockKind.LIST_ITEM, text, 0, in_quote, links=links)
                    yield from walk(item, in_quote)  # nested lists
            elif tag == "quote":
                if len(child) == 0 or all(c.tag in ("lb", "ref", "hi") for c in child):
                    text, links = _text_and_links(child)
                    yield _Part(BlockKind.PARAGRAPH, text, 0, True, links=links)
                else:
                    yield from walk(child, True)
            elif tag == "table":
                for row in child:
                    for cell in (c for c in row if row.tag == "row" and c.tag == "cell"):
                        # A table or list inside a cell is blocks of its own: the
                        # cell's words before, between and after them are one block each.
                        for piece in _split_cell(cell):
                            if piece.tag != "cell":
                                yield from walk([piece], in_quote)
                                continue
                            text, links = _text_and_links(piece)
                            if text:
                                yield _Part(BlockKind.TABLE_CELL, text, 0, in_quote,
                                            links=links)
            elif tag in ("div", "section"):
                yield from walk(child, in_quote)
            # graphic (no text), code (never prose) and the rest are left out

    parts = list(walk(main, False))
    for i, part in enumerate(parts[:-1]):
        if _caps_subhead(part) and parts[i + 1].kind is BlockKind.PARAGRAPH:
            part.kind, part.level = BlockKind.HEADING, 2
    yield from parts


def _split_cell(cell: _Element) -> Iterator[_Element]:
    """The cell's own content as ``cell`` elements, cut at each nested table or list
    (which come out between them as they are)."""
    nested = ("table", "list")
    if not any(c.tag in nested for c in cell):
        yield cell
        return
    piece = cell.makeelement("cell", {})
    piece.text = cell.text
    for child in cell:
        if child.tag in nested:
            yield piece
            yield child
            piece = cell.makeelement("cell", {})
            piece.text = child.tail
        else:
            piece.append(copy.deepcopy(child))  # with its tail
    yield piece


# Wire copy marks its subheads as a paragraph in capitals ("DISAPPOINTING NIGHT FOR ...").
CAPS_HEADING_MAX_WORDS = 10


def _caps_subhead(part: _Part) -> bool:
    """A short paragraph all in capitals, not ending a sentence: a subhead in wire style."""
    text = part.text
    letters = [ch for ch in text if ch.isalpha()]
    return (part.kind is BlockKind.PARAGRAPH and not part.in_quote and len(letters) >= 4
            and len(text.split()) <= CAPS_HEADING_MAX_WORDS
            and all(ch.isupper() for ch in letters) and not text.rstrip().endswith((".", "!",
                                                                                   "?", ":")))


@dataclass
class PageMeta:
    """What a page says about itself."""

    headline: str | None = None
    author: str | None = None
    sitename: str | None = None
    published: datetime.date | None = None
    date_source: str | None = None  # where the date came from: json-ld, meta, htmldate
    types: list[str] = field(default_factory=list)  # JSON-LD types seen
    work: str | None = None  # the name of the TVSeason/Movie/VideoGame described

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("headline", "author", "sitename", "date_source", "work"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.published is not None:
            out["published"] = self.published.isoformat()
        if self.types:
            out["json_ld_types"] = list(self.types)
        return out


def parse_date(value: object) -> datetime.date | None:
    """The calendar date an ISO-like date string starts with (``2023-03-02T09:30Z``)."""
    if not isinstance(value, str):
        return None
    m = _DATE.search(value)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object with a ``@type``, including those inside ``@graph`` and lists."""
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"])
        for key in ("mainEntity", "mainEntityOfPage", "itemReviewed", "partOfSeries"):
            if isinstance(data.get(key), dict | list):
                yield from _ld_items(data[key])


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)]


def _name(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(html.unescape(value).split())
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def read_meta(stream: _Stream, extracted: dict[str, str]) -> PageMeta:
    """The page's metadata: JSON-LD first, then meta tags, then trafilatura's guesses."""
    meta = PageMeta()
    for script in stream.json_ld:
        try:
            data = json.loads(script)
        except ValueError:
            continue  # a page's broken JSON-LD is the page's problem, not the article's
        for item in _ld_items(data):
            kinds = _types(item)
            meta.types.extend(k for k in kinds if k not in meta.types)
            if any(k in _ARTICLE_TYPES for k in kinds):
                meta.headline = meta.headline or _name(item.get("headline"))
                if meta.published is None:
                    meta.published = parse_date(item.get("datePublished"))
                    meta.date_source = "json-ld" if meta.published else None
                meta.author = meta.author or _name(item.get("author"))
            elif any(k in _WORK_TYPES for k in kinds):
                meta.work = meta.work or _name(item.get("name"))
    if meta.published is None:
        for key in _META_DATES:
            found = parse_date(stream.meta.get(key))
            if found is not None:
                meta.published, meta.date_source = found, "meta"
                break
    if meta.published is None and extracted.get("date"):
        meta.published = parse_date(extracted["date"])
        meta.date_source = "htmldate" if meta.published else None
    meta.headline = meta.headline or extracted.get("title") or meta.work
    meta.author = meta.author or extracted.get("author") or stream.meta.get("author")
    meta.sitename = extracted.get("sitename") or stream.meta.get("og:site_name")
    return meta


def extract(source: str, path: str) -> _Element | None:
    """trafilatura's XML of the article in ``source`` (None: it found no article)."""
    try:
        import trafilatura
        from lxml import etree
    except ImportError:
        raise InputError(INSTALL_HINT, path=path) from None
    _quiet_libraries()
    result = trafilatura.extract(
        source, output_format="xml", favor_precision=True, include_comments=False,
        include_links=True, include_images=True, include_tables=True,
        include_formatting=False, with_metadata=True, deduplicate=False,
        # A date found only in the page's text (a copyright line) is no publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not result:
        return None
    root: _Element = etree.fromstring(result.encode("utf-8"))
    return root


def _quiet_libraries() -> None:
    """The extraction libraries log what they make of odd pages; a linter's output is
    its findings, so their records go nowhere (not to Python's last-resort stderr)."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def parse_html(path: str, source: str, *, debris: Sequence[Entry] | None = None,
               cues: Cues | None = None) -> Document:
    """Parse the web page ``source`` (newlines already normalised) into a Document.

    ``debris``: the FL204 entries whose whole-block matches are page debris that survived
    extraction (a newsletter box, "Editors' picks"): blocks no prose rule reads, never
    headings (default: the built-in ones); ``cues``: credit and byline patterns.
    """
    from factlint.parse.plaintext import builtin_debris, debris_lines
    from factlint.parse.roles import assign_markdown_roles

    root = extract(source, path)
    stream = read_stream(source)
    doc = Document(path=path, source=source, format="html")
    doc.decoded = stream.shown
    attributes = {k: v for k, v in (root.attrib.items() if root is not None else [])}
    meta = read_meta(stream, {k: str(v) for k, v in attributes.items()})
    doc.metadata = meta.as_dict()
    doc.published = meta.published
    main = root.find("main") if root is not None else None
    parts = list(_parts(main)) if main is not None else []
    aligner = _Aligner(stream)

    headline = " ".join((meta.headline or "").split())
    if parts and parts[0].kind is BlockKind.HEADING and (
            not headline or _same(parts[0].text, headline) or parts[0].level == 1):
        parts[0].level, parts[0].role = 1, BlockRole.TITLE
    elif headline:
        smap, ok = aligner.map_block(headline, in_order=False)
        if ok:  # a headline only in the metadata is no block of the article's text
            doc.blocks.append(_block(_Part(BlockKind.HEADING, headline, 1,
                                           role=BlockRole.TITLE), smap, doc))
    for part in parts:
        if not part.text:
            continue
        smap, _ = aligner.map_block(part.text)
        doc.blocks.append(_block(part, smap, doc))
    _add_captions(doc, stream)
    _emptied_sections(doc, stream)
    candidates = [i for i, b in enumerate(doc.blocks) if b.role is None]
    junk, _ = debris_lines([b.text for b in doc.blocks], candidates,
                           builtin_debris() if debris is None else debris)
    for i in junk:  # debris is a block of its own that no prose rule reads
        doc.blocks[i].debris = True
        if doc.blocks[i].is_heading:
            doc.blocks[i].kind, doc.blocks[i].level = BlockKind.PARAGRAPH, 0
    for block in doc.blocks:  # a level-1 heading past the headline reads as a section
        if block.is_heading and block.level == 1 and block.role is not BlockRole.TITLE:
            block.level = 2
    attach_sections(doc)
    title = next((b for b in doc.blocks if b.role is BlockRole.TITLE), None)
    if title is not None:
        doc.title_block = title
        doc.title = title.text
    elif headline:
        doc.title = headline
    assign_markdown_roles(doc, cues)
    return doc


def _same(a: str, b: str) -> bool:
    return _squeeze(a.casefold())[0] == _squeeze(b.casefold())[0]


def _block(part: _Part, smap: CharMap, doc: Document) -> Block:
    start, end = smap.span_to_source(0, len(part.text))
    block = Block(
        kind=part.kind, text=part.text, source_map=smap,
        line=doc.position(start)[0], end_line=doc.position(max(start, end - 1))[0],
        level=part.level, in_quote=part.in_quote, role=part.role,
    )
    block.links = [Link(url, text=part.text[s:e], start=s, end=e) for url, s, e in part.links]
    return block


def _add_captions(doc: Document, stream: _Stream) -> None:
    """Blocks for the figure captions inside the article (between its first and last
    body block), which extraction drops: role ``caption``, in source order."""
    body = [b for b in doc.blocks if b.role is not BlockRole.TITLE]
    if not body or not stream.captions:
        return
    first = body[0].source_span(0, 1)[0]
    last = body[-1].source_span(0, len(body[-1].text))[1]
    added = False
    for lo, hi in stream.captions:
        if lo >= hi or not first <= stream.starts[lo] < last:
            continue
        start, end = stream.starts[lo], stream.ends[hi - 1]
        if any(_overlaps(b, start, end) for b in doc.blocks):
            continue  # extraction kept it as a paragraph: it is one already
        text = " ".join(stream.shown.between(start, end).split())
        starts: list[int] = []
        ends: list[int] = []
        k = lo
        for ch in text:  # the caption's own characters: its stream, spaces between
            if ch == " " or k >= hi:
                prev = ends[-1] if ends else start
                starts.append(prev)
                ends.append(prev)
                continue
            starts.append(stream.starts[k])
            ends.append(stream.ends[k])
            k += 1
        block = Block(kind=BlockKind.PARAGRAPH, text=text, source_map=CharMap(starts, ends),
                      line=doc.position(start)[0], end_line=doc.position(end - 1)[0],
                      role=BlockRole.CAPTION)
        doc.blocks.append(block)
        added = True
    if added:
        doc.blocks.sort(key=lambda b: (b.role is not BlockRole.TITLE,
                                       b.source_span(0, 1)[0]))


# Visible characters between two headings that make the first one's section not empty on
# the page, whatever extraction kept of it.
EMPTIED_MIN_CHARS = 20


def _emptied_sections(doc: Document, stream: _Stream) -> None:
    """A heading whose section body extraction left out (a table, a widget, a paragraph it
    judged boilerplate) is a label, not a heading: on the page the section has text, so
    it is no empty section (FL105), and it does not split the text around it."""
    blocks = doc.blocks
    for block, nxt in pairwise(blocks):
        if not (block.is_heading and nxt.is_heading and block.role is not BlockRole.TITLE
                and nxt.level <= block.level):
            continue
        end = block.source_span(0, len(block.text))[1]
        start = nxt.source_span(0, 1)[0]
        between = bisect.bisect_left(stream.starts, start) - bisect.bisect_left(
            stream.starts, end)
        if between >= EMPTIED_MIN_CHARS:
            block.kind, block.level, block.role = BlockKind.PARAGRAPH, 0, BlockRole.LABEL


def _overlaps(block: Block, start: int, end: int) -> bool:
    s, e = block.source_span(0, len(block.text))
    return s < end and start < e
