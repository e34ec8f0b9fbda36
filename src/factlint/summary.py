"""A small, picklable view of a checked document, for reporters that show the article.

Reporters must not re-read or re-parse files; the engine hands them this view
(source text, block layout and figures) when the output format asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factlint.document import Document
from factlint.positions import DecodedText
from factlint.stats import DocStats, document_stats


@dataclass(frozen=True)
class BlockView:
    kind: str  # BlockKind value
    level: int
    line: int
    end_line: int
    start: int  # source offsets covering the block's text
    end: int
    in_quote: bool
    role: str = ""  # BlockRole value: how the page was read (``factlint stats --blocks``)


@dataclass
class DocumentView:
    path: str
    format: str
    title: str | None
    source: str
    blocks: list[BlockView] = field(default_factory=list)
    stats: DocStats | None = None
    # A web page: the text a reader sees, by source offset (the report shows that, not tags).
    decoded: DecodedText | None = None

    def text(self, start: int, end: int) -> str:
        """What the article shows between source offsets ``start`` and ``end``."""
        if self.decoded is not None:
            return self.decoded.shown(start, end)
        return self.source[start:end]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "format": self.format, "title": self.title,
            "source": self.source,
            "blocks": [vars(b) for b in self.blocks],
            "stats": self.stats.to_dict() if self.stats else None,
        }


def summarise(doc: Document) -> DocumentView:
    blocks = []
    for b in doc.blocks:
        text = b.text
        lead = len(text) - len(text.lstrip())
        tail = len(text.rstrip())
        start, end = b.source_span(lead, max(tail, lead))
        blocks.append(BlockView(b.kind.value, b.level, b.line, b.end_line, start, end,
                                b.in_quote, b.page_role.value))
    return DocumentView(doc.path, doc.format, doc.title, doc.source, blocks, document_stats(doc),
                        doc.decoded)
