"""Mapping between character offsets and 1-based line/column positions.

Documents keep their text with line breaks normalised to ``\\n`` (CRLF and lone CR
each count as one break), so line numbers and columns computed on the normalised
text are exactly those of the original file. Columns count Unicode code points.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_NEWLINE = re.compile("\n")
_WHITESPACE = re.compile(r"\s+")


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF without changing line or column numbers."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LineIndex:
    """Offset <-> (line, column) conversion for one text."""

    def __init__(self, text: str) -> None:
        starts = [0]
        starts.extend(m.end() for m in _NEWLINE.finditer(text))
        self._starts = starts
        self._length = len(text)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of ``offset``."""
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the last character of 1-based ``line`` (before its newline)."""
        if line < len(self._starts):
            return self._starts[line] - 1
        return self._length


@dataclass
class SourceMap:
    """Maps offsets in a derived text (prose with markup removed) to source offsets.

    Stored as sorted runs ``(text_start, source_start, length)``; every run is a
    stretch copied verbatim from the source. Characters that were synthesised (a
    space standing for a soft line break) map to the source character they replace.
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)

    def add(self, text_start: int, source_start: int, length: int) -> None:
        if length <= 0:
            return
        if self.runs:
            t, s, n = self.runs[-1]
            if t + n == text_start and s + n == source_start:
                self.runs[-1] = (t, s, n + length)
                return
        self.runs.append((text_start, source_start, length))

    def to_source(self, offset: int) -> int:
        """Source offset of the derived-text character at ``offset``."""
        if not self.runs:
            return 0
        i = bisect.bisect_right(self.runs, (offset, float("inf"), 0)) - 1
        if i < 0:
            return self.runs[0][1]
        t, s, n = self.runs[i]
        if offset < t + n:
            return s + (offset - t)
        return s + n - 1 + (offset - (t + n - 1))

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source ``[start, end)`` covering derived-text ``[start, end)``."""
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1


class CharMap(SourceMap):
    """A source map that holds each derived character's own source span.

    For text decoded from HTML: one character may stand for an entity (``&amp;`` is
    five source characters), and the characters of one block may come from separate
    text nodes. ``starts[i]``/``ends[i]`` are the source span of character ``i``.
    Offsets past the text are clamped, so no position lies past the block's last
    character.
    """

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        super().__init__()
        self.starts = starts
        self.ends = ends

    def to_source(self, offset: int) -> int:
        if not self.starts:
            return 0
        if offset >= len(self.starts):
            return self.ends[-1]
        return self.starts[max(offset, 0)]

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        if not self.starts:
            return 0, 0
        s = self.to_source(start)
        if end <= start:
            return s, s
        last = min(end, len(self.ends)) - 1
        return s, max(s, self.ends[max(last, 0)])


@dataclass
class DecodedText:
    """The text a browser shows of a markup source, with each character's source offset.

    ``text[i]`` is a decoded character (entities resolved, whitespace as one space)
    whose markup starts at source offset ``offsets[i]``; findings quote
    :meth:`between` instead of the raw markup.
    """

    text: str = ""
    offsets: list[int] = field(default_factory=list)

    def between(self, start: int, end: int) -> str:
        """The decoded text of source ``[start, end)``, whitespace collapsed and trimmed."""
        return self.shown(start, end).strip()

    def shown(self, start: int, end: int) -> str:
        """The decoded text of source ``[start, end)``, each run of whitespace one space."""
        lo = bisect.bisect_left(self.offsets, start)
        hi = bisect.bisect_left(self.offsets, end)
        return _WHITESPACE.sub(" ", self.text[lo:hi])
