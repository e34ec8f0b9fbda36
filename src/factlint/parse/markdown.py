"""Markdown to document model, with markdown-it-py's line maps refined to exact columns."""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from factlint.document import Block, BlockKind, Document, Link
from factlint.errors import InputError
from factlint.parse.structure import URL_RE, attach_sections, first_title
from factlint.positions import LineIndex, SourceMap

_PARSER: MarkdownIt | None = None
# markdown-it drops the content of containers nested deeper than this (quotes in lists in
# quotes...). Deeper is not safe: its block and link parsers recurse. Content below the limit
# is recovered line by line (see _recover_truncated).
MAX_NESTING = 100
# Container markers in front of text that markdown-it gave up on: quotes, bullets, numbers.
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        _PARSER = (
            MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
            .use(front_matter_plugin)
            .use(footnote_plugin)
            .enable("table")
            .enable("strikethrough")
        )
    return _PARSER


class _Builder:
    """Accumulates prose text for one inline token and aligns it with the source."""

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source = source
        self.cursor = start
        self.end = end
        self.parts: list[str] = []
        self.length = 0
        self.map = SourceMap()
        self.links: list[Link] = []

    def _emit(self, text: str, source_pos: int | None) -> None:
        if not text:
            return
        if source_pos is not None:
            self.map.add(self.length, source_pos, len(text))
        self.parts.append(text)
        self.length += len(text)

    def text(self, text: str) -> None:
        """Append literal text, locating each stretch of it in the source after the cursor."""
        src = self.source
        if src.startswith(text, self.cursor):
            self._emit(text, self.cursor)
            self.cursor += len(text)
            return
        found = src.find(text, self.cursor, self.end)
        if found != -1 and found - self.cursor <= 16:
            self._emit(text, found)
            self.cursor = found + len(text)
            return
        # Escapes or entities changed the text: align character by character.
        for ch in text:
            pos = src.find(ch, self.cursor, self.end)
            if pos == -1:
                pos = min(self.cursor, max(self.end - 1, 0))
                self._emit(ch, pos)
            else:
                self._emit(ch, pos)
                self.cursor = pos + 1

    def prose(self, text: str) -> None:
        """Append text, leaving bare URLs out of the prose."""
        last = 0
        for m in URL_RE.finditer(text):
            self.text(text[last : m.start()])
            self.skip(m.group(0))
            last = m.end()
        self.text(text[last:])

    def skip(self, literal: str) -> None:
        """Move the cursor past ``literal`` in the source without emitting it."""
        if not literal:
            return
        pos = self.source.find(literal, self.cursor, self.end)
        if pos != -1:
            self.cursor = pos + len(literal)

    def soft_break(self) -> None:
        pos = self.source.find("\n", self.cursor, self.end)
        if self.length == 0 and pos != -1:
            self.cursor = pos + 1  # nothing before it but markup (a picture): no space
            return
        if pos == -1:
            self._emit(" ", None)
        else:
            self._emit(" ", pos)
            self.cursor = pos + 1

    def value(self) -> str:
        return "".join(self.parts)


def _skip_link_destination(b: _Builder) -> None:
    """After a link's text: move past ``](destination "title")`` or ``][ref]``."""
    src, i = b.source, b.cursor
    close = src.find("]", i, b.end)
    if close == -1:
        return
    j = close + 1
    if j < b.end and src[j] == "(":
        depth, k = 0, j
        while k < b.end:
            if src[k] == "(":
                depth += 1
            elif src[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        b.cursor = k + 1
    elif j < b.end and src[j] == "[":
        k = src.find("]", j, b.end)
        b.cursor = (k + 1) if k != -1 else j
    else:
        b.cursor = j


def _inline(source: str, lines: LineIndex, token: Token) -> _Builder:
    assert token.map is not None
    start = lines.line_start(token.map[0] + 1)
    end = lines.line_end(token.map[1]) if token.map[1] > token.map[0] else start
    b = _Builder(source, start, end)
    children = token.children or []
    link_stack: list[tuple[str, int]] = []
    i = 0
    while i < len(children):
        child = children[i]
        kind = child.type
        if kind == "text":
            if link_stack and link_stack[-1][0] == "\0autolink":
                b.skip(child.content)
            else:
                b.prose(child.content)
        elif kind in ("softbreak", "hardbreak"):
            b.soft_break()
        elif kind == "code_inline":
            b.skip(child.content)
            b.skip(child.markup)
            b._emit(" ", None)
        elif kind == "html_inline":
            b.skip(child.content)
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            if child.markup == "autolink":
                link_stack.append(("\0autolink", b.length))
                b.links.append(Link(url=href, text=href, start=b.length, end=b.length))
            else:
                link_stack.append((href, b.length))
        elif kind == "link_close":
            if link_stack:
                href, begin = link_stack.pop()
                if href != "\0autolink":
                    text = b.value()[begin:]
                    b.links.append(Link(url=href, text=text, start=begin, end=b.length))
                    _skip_link_destination(b)
                else:
                    b.skip(">")
        elif kind == "image":
            alt = "".join(c.content for c in (child.children or []))
            b.skip("![" + alt) if alt else b.skip("![")
            _skip_link_destination(b)
        elif kind == "footnote_ref":
            label = str((child.meta or {}).get("label", ""))
            b.skip(f"[^{label}]")
            b.links.append(Link(url=f"footnote:{label}", text=label, start=b.length, end=b.length))
        i += 1
    return b


def _front_matter(doc: Document, token: Token, lines: LineIndex) -> None:
    from factlint.yamlio import YamlError, load_yaml_text

    assert token.map is not None
    first = token.map[0] + 2  # line after the opening ---
    try:
        data = load_yaml_text(token.content, doc.path, first_line=first)
    except YamlError as exc:
        doc.front_matter_error = (exc.line or first, exc.detail)
        return
    if isinstance(data, dict):
        doc.front_matter = dict(data)
        title = data.get("title")
        if isinstance(title, str) and title.strip():
            doc.title = title.strip()
    elif data is not None:
        doc.front_matter_error = (first, "front matter is not a YAML mapping")


def parse_markdown(path: str, source: str) -> Document:
    """Parse Markdown ``source`` (newlines already normalised) into a Document."""
    doc = Document(path=path, source=source, format="markdown")
    lines = doc.lines
    try:
        tokens = _parser().parse(source)
    except RecursionError:
        raise InputError(
            "Markdown structure is nested too deeply to parse; flatten the nested quotes, "
            "lists or links",
            path=path,
        ) from None
    kind_stack: list[str] = []
    heading_level = 0
    for n, token in enumerate(tokens):
        ttype = token.type
        if _truncated(tokens, n):
            _recover_truncated(doc, token, "blockquote" in kind_stack)
        if ttype == "front_matter" and token.map:
            _front_matter(doc, token, lines)
            doc.ignored_ranges.append(_range(lines, token.map))
        elif ttype in ("fence", "code_block", "html_block") and token.map:
            doc.ignored_ranges.append(_range(lines, token.map))
            if ttype != "html_block":
                doc.code_ranges.append(_range(lines, token.map))
        elif ttype.endswith("_open"):
            kind_stack.append(ttype[:-5])
            if ttype == "heading_open":
                heading_level = int(token.tag[1:])
        elif ttype.endswith("_close"):
            if kind_stack:
                kind_stack.pop()
        elif ttype == "inline" and token.map:
            b = _inline(source, lines, token)
            text = b.value()
            kind = _block_kind(kind_stack)
            if kind is None:
                continue
            block = Block(
                kind=kind,
                text=text,
                source_map=b.map,
                line=token.map[0] + 1,
                end_line=max(token.map[1], token.map[0] + 1),
                level=heading_level if kind is BlockKind.HEADING else 0,
                in_quote="blockquote" in kind_stack,
                links=b.links,
            )
            if not text.strip() and kind is not BlockKind.HEADING:
                continue
            doc.blocks.append(block)
    attach_sections(doc)
    title_block = first_title(doc)
    if title_block is not None:
        doc.title_block = title_block
        if doc.title is None:
            doc.title = title_block.text.strip()
    return doc


def _truncated(tokens: list[Token], n: int) -> bool:
    """Whether ``tokens[n]`` opens a container whose content markdown-it dropped."""
    token = tokens[n]
    return (
        token.nesting == 1
        and token.map is not None
        and token.level >= MAX_NESTING - 1
        and n + 1 < len(tokens)
        and tokens[n + 1].nesting == -1
    )


def _recover_truncated(doc: Document, token: Token, quoted: bool) -> None:
    """Keep the text of a container nested past MAX_NESTING: one plain block per line.

    Without this, deeply nested quotes or lists would silently vanish from the check
    (and an article made only of them would be reported as empty).
    """
    assert token.map is not None
    lines = doc.lines
    for number in range(token.map[0] + 1, min(token.map[1], lines.line_count) + 1):
        start, end = lines.line_start(number), lines.line_end(number)
        line = doc.source[start:end]
        prefix = _CONTAINER_PREFIX.match(line)
        skip = prefix.end() if prefix else 0
        text = line[skip:].rstrip()
        if not text:
            continue
        smap = SourceMap()
        smap.add(0, start + skip, len(text))
        doc.blocks.append(Block(
            kind=BlockKind.LIST_ITEM if token.type.startswith(("list", "bullet", "ordered"))
            else BlockKind.PARAGRAPH,
            text=text,
            source_map=smap,
            line=number,
            end_line=number,
            in_quote=quoted or ">" in line[:skip] or token.type == "blockquote_open",
        ))


def _block_kind(stack: list[str]) -> BlockKind | None:
    if "footnote" in stack:
        return BlockKind.FOOTNOTE
    if "heading" in stack:
        return BlockKind.HEADING
    if "th" in stack or "td" in stack:
        return BlockKind.TABLE_CELL
    if "list_item" in stack:
        return BlockKind.LIST_ITEM
    if "paragraph" in stack:
        return BlockKind.PARAGRAPH
    return None


def _range(lines: LineIndex, line_map: list[int] | Any) -> tuple[int, int]:
    start = lines.line_start(line_map[0] + 1)
    last = max(line_map[1], line_map[0] + 1)
    return start, lines.line_end(min(last, lines.line_count))
