"""The document model: an article as headings, sections and prose blocks with source positions.

Parsers (``factlint.parse``) build it from Markdown or plain text; the NLP stage
(``factlint.nlp``) attaches spaCy docs to each prose block; rules read it and
never touch files. Every character of a block's ``text`` maps back to the exact
line and column of the original file.
"""

from __future__ import annotations

import bisect
import copy
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from factlint.positions import DecodedText, LineIndex, SourceMap

_CRLF = re.compile("\r\n")

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class BlockKind(StrEnum):
    """What a block is in the article's structure."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    FOOTNOTE = "footnote"


class BlockRole(StrEnum):
    """What a block does on the page, read from its shape and its neighbours.

    ``kind`` says how the source marks a block up; ``role`` says how a reader takes it.
    Only ``heading`` (and ``title``) blocks open sections, only ``prose`` and ``list``
    blocks are read by the prose rules; the page furniture between them (captions,
    credits, embedded posts, menus, info boxes, bylines, rubrics, debris) is neither.
    """

    TITLE = "title"  # the article's headline
    DEK = "dek"  # the standfirst under the headline, or the headline said again
    HEADING = "heading"
    PROSE = "prose"
    LIST = "list"
    CAPTION = "caption"  # the text under a picture
    CREDIT = "credit"  # "Image source, PA", "Photo: Netflix", "Image courtesy of ..."
    EMBED = "embed"  # an embedded social-media post: short lines, emoji, hashtags
    MENU = "menu"  # a menu or index of many short lines
    INFO_BOX = "info_box"  # "Key: value" lines of a review or fact box
    BYLINE = "byline"  # byline or dateline
    LABEL = "label"  # a rubric, badge or kicker ("Album reviews", "Best New Music")
    DEBRIS = "debris"  # page furniture FL204 reports (navigation, widgets, ads)
    TABLE = "table"  # a Markdown table cell
    FOOTNOTE = "footnote"


# Roles whose text is running prose that the prose rules read.
PROSE_ROLES = frozenset({BlockRole.PROSE, BlockRole.LIST})


@dataclass
class Link:
    """A hyperlink or footnote reference inside a block (evidence for claim rules)."""

    url: str
    text: str
    start: int  # offsets in the block's text
    end: int


# A piece's Doc keeps its tokens as one list under this ``user_data`` key (see tokens_of).
TOKENS = "factlint.tokens"


def tokens_of(doclike: Doc | Span) -> list[Token]:
    """The tokens of a piece's Doc, or of a Span of it, from one list made once per Doc.

    Iterating or indexing a spaCy Doc makes a new Token object every time, and the rules
    and shared analyses walk the same sentences many times over: they read tokens through
    this instead. The list is shared: never change it. It refers to its Doc, so
    :meth:`Block.release` drops it with the parse."""
    doc = doclike.doc
    found: list[Token] | None = doc.user_data.get(TOKENS)
    if found is None:
        found = doc.user_data[TOKENS] = list(doc)
    if doclike is doc:
        return found
    span = cast("Span", doclike)
    return found[span.start : span.end]


@dataclass
class Piece:
    """A paragraph-sized slice of a block's text that went through the NLP model."""

    start: int  # offset of the slice within the block text
    doc: Doc

    @property
    def tokens(self) -> list[Token]:
        """The piece's tokens (:func:`tokens_of`: made once, never to be changed)."""
        return tokens_of(self.doc)


@dataclass(eq=False)
class PieceSpan:
    """A span of one parsed piece of a block, with its offsets in the block's text."""

    block: Block
    piece: Piece
    span: Span

    @property
    def start(self) -> int:
        """Offset of the span within its block's text."""
        return self.piece.start + int(self.span.start_char)

    @property
    def end(self) -> int:
        return self.piece.start + int(self.span.end_char)

    @property
    def text(self) -> str:
        """The span's text as the article has it (the model may read ’ as ')."""
        return self.block.text[self.start : self.end]

    @property
    def tokens(self) -> list[Token]:
        """The span's tokens (:func:`tokens_of`: taken from its piece's one list)."""
        return tokens_of(self.span)


@dataclass(eq=False)
class Sentence(PieceSpan):
    """One sentence of a block, as found by the NLP stage."""

    def offset_of(self, token: Token) -> int:
        """Offset of ``token`` within the block text."""
        return self.piece.start + int(token.idx)


@dataclass
class Block:
    """A unit of prose: a heading, a paragraph, a list item or a table cell."""

    kind: BlockKind
    text: str
    source_map: SourceMap
    line: int
    end_line: int
    level: int = 0  # heading level (1-6); 0 for other blocks
    in_quote: bool = False
    debris: bool = False  # page debris ("Related Story", share buttons), not article text
    role: BlockRole | None = None  # None: the default role of ``kind`` (see ``page_role``)
    links: list[Link] = field(default_factory=list)
    index: int = 0  # position in Document.blocks
    section: Section | None = None
    pieces: list[Piece] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    # Offsets of the sentences in ``text``: kept when the parse is released.
    sentence_bounds: list[tuple[int, int]] = field(default_factory=list)

    def release(self) -> None:
        """Drop the parse (spaCy docs) once every rule has seen it; sentence bounds stay."""
        for piece in self.pieces:  # the token list and its Doc refer to each other
            piece.doc.user_data.pop(TOKENS, None)
        self.pieces = []
        self.sentences = []

    @property
    def is_heading(self) -> bool:
        return self.kind is BlockKind.HEADING

    @property
    def page_role(self) -> BlockRole:
        """The block's role on the page: as the parser read it, else what its kind implies."""
        if self.role is not None:
            return self.role
        if self.debris:
            return BlockRole.DEBRIS
        return _KIND_ROLES[self.kind]

    @property
    def is_prose(self) -> bool:
        """True for running text (prose paragraphs and list items outside quotes)."""
        return self.page_role in PROSE_ROLES and not self.in_quote

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``[start, end)`` in this block's text."""
        return self.source_map.span_to_source(start, end)


_KIND_ROLES = {
    BlockKind.HEADING: BlockRole.HEADING,
    BlockKind.PARAGRAPH: BlockRole.PROSE,
    BlockKind.LIST_ITEM: BlockRole.LIST,
    BlockKind.TABLE_CELL: BlockRole.TABLE,
    BlockKind.FOOTNOTE: BlockRole.FOOTNOTE,
}


@dataclass
class Section:
    """A heading and everything under it until the next heading of the same or higher level.

    The implicit section before the first heading has ``heading`` None and level 0.
    """

    heading: Block | None
    level: int
    blocks: list[Block] = field(default_factory=list)  # body before any sub-heading
    children: list[Section] = field(default_factory=list)
    parent: Section | None = None

    def all_blocks(self) -> Iterator[Block]:
        """Body blocks of this section and of all its sub-sections, in order."""
        yield from self.blocks
        for child in self.children:
            if child.heading is not None:
                yield child.heading
            yield from child.all_blocks()

    def body_text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


@dataclass
class Document:
    """One article, parsed, with its positions and (after the NLP stage) its parses.

    A long article is parsed and checked in *windows*: views (:meth:`window`) whose
    ``blocks`` are a run of the article's blocks, with the block before them as
    ``context``. A view shares everything else with the article; ``headings``,
    ``sections``, ``title`` and ``article`` always describe the whole article.
    """

    path: str
    source: str  # the decoded file with newlines normalised to LF
    format: str  # "markdown" | "text" | "html"
    title: str | None = None
    title_block: Block | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    root: Section = field(default_factory=lambda: Section(heading=None, level=0))
    # Source offsets of ranges that are never prose (code, HTML, front matter, directives).
    ignored_ranges: list[tuple[int, int]] = field(default_factory=list)
    # Source offsets of code blocks, where a directive is shown, not meant (Markdown).
    code_ranges: list[tuple[int, int]] = field(default_factory=list)
    nlp_model: str | None = None  # name of the model that annotated the blocks
    # On a window view: the parsed block before ``blocks`` (a pronoun's previous sentence).
    context: list[Block] = field(default_factory=list)
    view_of: Document | None = None  # on a window view: the whole article
    # What rules work out from the article's structure once (shared with its views).
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    # Parse problems the parser recovered from: (line, detail), e.g. broken front matter.
    front_matter_error: tuple[int, str] | None = None
    # The decoded file as read, when its line breaks (CR, CRLF) differ from ``source``.
    original: str | None = field(default=None, repr=False, compare=False)
    # What the page says of itself (HTML: byline, publication date, site, JSON-LD type).
    metadata: dict[str, Any] = field(default_factory=dict)
    # When the article was written, if it says (HTML datePublished): the "now" of its
    # "upcoming" and "will premiere", which FL304/FL305 read instead of guessing.
    published: datetime.date | None = None
    # HTML: the page's text as a reader sees it, for excerpts (no tags, entities decoded).
    decoded: DecodedText | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lines = LineIndex(self.source)
        self._scoped: dict[Any, list[Block]] = {}

    def excerpt(self, start: int, end: int) -> str:
        """The file's own text between source offsets ``start`` and ``end``: with its own
        line breaks (a lone CR stays a CR, CRLF stays CRLF), as a finding quotes it."""
        decoded = self.article.decoded
        if decoded is not None:  # a web page: the text there, not its markup
            return decoded.between(start, end)
        original = self.article.original
        if original is None:
            return self.source[start:end]
        memo = self.article.memo
        if "crlf" not in memo:  # source offsets of the LFs that stand for a CRLF
            memo["crlf"] = [m.start() - i for i, m in enumerate(_CRLF.finditer(original))]
        crlf: list[int] = memo["crlf"]
        return original[start + bisect.bisect_left(crlf, start):
                        end + bisect.bisect_left(crlf, end)]

    @property
    def article(self) -> Document:
        """The whole article (this document, unless it is a window view)."""
        return self.view_of if self.view_of is not None else self

    def window(self, start: int, end: int) -> Document:
        """A view of blocks ``[start, end)`` that shares everything else with the article."""
        view = copy.copy(self)
        view.blocks = self.blocks[start:end]
        view.context = self.blocks[max(0, start - 1) : start]
        view.view_of = self
        view._scoped = {}
        return view

    def in_scope(self, scope: Any) -> list[Block]:
        """The blocks of this document (or window) that ``scope`` (a registry.Scope)
        accepts, worked out once per scope and shared by every rule with that scope."""
        found = self._scoped.get(scope)
        if found is None:
            found = self._scoped[scope] = [b for b in self.blocks if scope.accepts(b)]
        return found

    def holds(self, block: Block) -> bool:
        """Whether ``block`` is one of ``blocks`` (the ones being checked)."""
        blocks = self.blocks
        return bool(blocks) and blocks[0].index <= block.index <= blocks[-1].index

    @property
    def headings(self) -> list[Block]:
        """The article's headings (all of them, on a window view too)."""
        memo = self.article.memo
        if "headings" not in memo:
            memo["headings"] = [b for b in self.article.blocks if b.is_heading]
        found: list[Block] = memo["headings"]
        return found

    @property
    def sections(self) -> list[Section]:
        """Every section with a heading, in document order."""
        out: list[Section] = []

        def walk(section: Section) -> None:
            for child in section.children:
                out.append(child)
                walk(child)

        walk(self.root)
        return out

    def sentences(self) -> Iterator[Sentence]:
        for block in self.blocks:
            yield from block.sentences

    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.article.blocks if not b.is_heading)

    @property
    def is_empty(self) -> bool:
        return not any(b.text.strip() for b in self.article.blocks)

    def position(self, source_offset: int) -> tuple[int, int]:
        return self.lines.position(source_offset)

    def line_text(self, line: int) -> str:
        """The source text of 1-based ``line`` (without its newline)."""
        return self.source[self.lines.line_start(line):self.lines.line_end(line)]
