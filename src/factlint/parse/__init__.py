"""Reading article files and turning them into :class:`~factlint.document.Document` objects."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factlint.document import Document
from factlint.errors import InputError, reading
from factlint.positions import normalise_newlines

if TYPE_CHECKING:
    from factlint.packs import Entry
    from factlint.parse.roles import Cues

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
LINTABLE_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES

# Markdown structure that plain prose practically never has.
_MARKDOWN_HINT = re.compile(
    r"^(#{1,6}\s+\S|```|~~~|>\s|[-*+]\s+\S|\d+[.)]\s+\S|---\s*$)|\[[^\]\n]+\]\([^)\s]+\)",
    re.MULTILINE,
)


def decode(data: bytes, path: str) -> str:
    """Decode article bytes as UTF-8 (a BOM is allowed) or raise a one-line InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("file is UTF-16, not UTF-8; re-save it as UTF-8", path=path)
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not a text article", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        page = _declared_charset(data) if Path(path).suffix.lower() in HTML_SUFFIXES else None
        if page is not None:
            return page
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8",
            path=path,
            line=line,
        ) from None


_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """A web page that is not UTF-8, decoded as its ``<meta charset>`` says (old pages are
    often windows-1252 or ISO-8859-1), or None when it declares nothing usable."""
    import codecs

    m = _CHARSET.search(data[:4096])
    if m is None:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    if codec.name in ("utf-8", "utf-8-sig"):
        return None  # declared UTF-8 but is not: the error says so
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError:
        return None


def read_article(path: str | os.PathLike[str], max_bytes: int | None = None) -> str:
    """Read and decode one article file; every failure is an InputError.

    Only regular files are read (a FIFO or device is refused without blocking), and at
    most ``max_bytes`` of them (default: :data:`factlint.safeio.DEFAULT_MAX_FILE_SIZE`).
    """
    from factlint import safeio

    shown = str(path)
    limit = safeio.DEFAULT_MAX_FILE_SIZE if max_bytes is None else max_bytes
    with reading(shown, InputError, "an article", name_broken_links=True):
        data = safeio.read_regular(path, limit)
    return decode(data, shown)


def detect_format(path: str, text: str) -> str:
    """``markdown``, ``text`` or ``html``: by suffix, else by whether the text has Markdown
    structure."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return "markdown" if _MARKDOWN_HINT.search(text) else "text"


def parse_document(
    path: str, text: str, fmt: str | None = None, *,
    debris: Sequence[Entry] | None = None, cues: Cues | None = None,
) -> Document:
    """Build the document model for ``text`` (already decoded) shown as ``path``.

    ``debris``: the FL204 entries that find page-debris lines in plain text (default:
    the built-in ones; a run can pass its configured FL204 entries); ``cues``: the
    patterns of credit, byline and label lines (the FL204 packs' ``furniture`` data).
    """
    # Imported here: markdown-it is only needed when an article is parsed, not when
    # every result comes from the cache.
    from factlint.parse.markdown import parse_markdown
    from factlint.parse.plaintext import parse_plaintext
    from factlint.parse.roles import assign_markdown_roles

    source = normalise_newlines(text)
    fmt = fmt or detect_format(path, source)
    if fmt == "html":
        from factlint.parse.html import parse_html

        doc = parse_html(path, source, debris=debris, cues=cues)
    elif fmt == "markdown":
        doc = parse_markdown(path, source)
        assign_markdown_roles(doc, cues)
    else:
        doc = parse_plaintext(path, source, debris=debris, cues=cues)
    if source is not text:  # CR or CRLF breaks: findings quote the file as it is
        doc.original = text
    return doc
