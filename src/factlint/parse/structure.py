"""Shared helpers for parsers: section tree building and prose cleanup."""

from __future__ import annotations

import re

from factlint.document import Block, Document, Section

# Bare URLs are never linted as prose.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)


def attach_sections(doc: Document) -> None:
    """Index blocks and place each one in the section tree under its heading."""
    stack: list[Section] = [doc.root]
    for i, block in enumerate(doc.blocks):
        block.index = i
        if block.is_heading:
            while stack[-1].level >= block.level and len(stack) > 1:
                stack.pop()
            section = Section(heading=block, level=block.level, parent=stack[-1])
            stack[-1].children.append(section)
            stack.append(section)
            block.section = section
        else:
            stack[-1].blocks.append(block)
            block.section = stack[-1]


def first_title(doc: Document) -> Block | None:
    """The block that serves as the article's title, if any."""
    for block in doc.blocks:
        if block.is_heading:
            return block if block.level == 1 else None
        if block.text.strip():
            return None
    return None


def is_blank(text: str) -> bool:
    return not text.strip()
