"""pyphen's hyphenation dictionary, parsed only where the words being counted need it.

textstat counts syllables with pyphen, and ``pyphen.HyphDict`` parses every one of the
11,000 patterns of ``hyph_en_US.dic`` when it is built: about 0.1 CPU-s, a twentieth of a
one-file check, for the few hundred patterns an article's words ever look up. A pattern
is found by its letters (the pattern with its digits removed), and ``HyphDict.positions``
only asks for substrings of the word being hyphenated, so :class:`LazyHyphDict` indexes
the file's lines by their letters (cheap) and, the first time a word is hyphenated, has
pyphen's own ``HyphDict`` parse just the lines of that word's substrings. The patterns
found, ``maxlen`` and so every position are those of the stock dictionary
(``tests/test_style.py`` compares the two on many words).

:func:`install` puts one in pyphen's own cache of parsed dictionaries (``hdcache``), where
``pyphen.Pyphen`` (and so textstat) takes it from. A dictionary this module does not
read the stock way (nonstandard hyphenation ``/``, ``^^`` escapes) is left to pyphen.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

_DIGIT = re.compile(r"\d")  # pyphen's patterns interleave digits (\d) and letters (\D)
_NONZERO = re.compile(r"[1-9]")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a digit \d takes that is not 0-9


class _Lines:
    """A stand-in for a dictionary file holding some of its lines, for ``HyphDict``."""

    def __init__(self, header: bytes, encoding: str, lines: list[str]) -> None:
        self.header, self.encoding, self.lines = header, encoding, lines

    def open(self, mode: str = "rb") -> io.BytesIO:
        return io.BytesIO(self.header)

    def read_text(self, encoding: str) -> str:
        return "\n".join([self.header.decode(self.encoding).rstrip("\r\n"), *self.lines])


def lazy_dict(path: Path) -> Any:
    """A :class:`LazyHyphDict` for ``path``, or None when the file needs pyphen's parse."""
    import pyphen

    raw = path.read_bytes()
    header = raw.split(b"\n", 1)[0] + b"\n"
    encoding = header.decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    text = raw.decode(encoding)
    if "/" in text or "^^" in text or _OTHER_DIGIT.search(text):
        return None
    ignored = tuple(getattr(pyphen, "ignored", ("%", "#")))
    lines = [line.strip() for line in text.split("\n")[1:]]
    keys = _DIGIT.sub("", "\n".join(lines)).split("\n")  # one pass over the file
    index: dict[str, list[str]] = {}
    for line, key in zip(lines, keys, strict=True):
        # A pattern of zeros only is dropped by HyphDict too; every kept one has a digit.
        if line and not line.startswith(ignored) and _NONZERO.search(line):
            index.setdefault(key, []).append(line)
    if not index:
        return None
    return LazyHyphDict(pyphen.HyphDict, header, encoding, index)


class LazyHyphDict:
    """``pyphen.HyphDict``'s interface (``patterns``, ``maxlen``, ``cache``, ``positions``),
    its patterns parsed word by word."""

    def __init__(self, stock: Any, header: bytes, encoding: str,
                 index: dict[str, list[str]]) -> None:
        self._stock = stock
        self._header, self._encoding = header, encoding
        self._unparsed = index  # letters -> the file's lines with them, in file order
        self.patterns: dict[str, Any] = {}
        self.cache: dict[str, Any] = {}
        self.maxlen = max(len(key) for key in index)

    def positions(self, word: str) -> Any:
        lower = word.lower()
        if lower not in self.cache:
            self._parse_for(f".{lower}.")
        return self._stock.positions(self, word)

    def _parse_for(self, pointed: str) -> None:
        """Parse the lines of every substring ``positions`` will look up in ``pointed``."""
        unparsed = self._unparsed
        lines: list[str] = []
        size = len(pointed)
        for i in range(size - 1):
            for j in range(i + 1, min(i + self.maxlen, size) + 1):
                found = unparsed.pop(pointed[i:j], None)
                if found is not None:
                    lines += found
        if lines:
            parsed = self._stock(_Lines(self._header, self._encoding, lines))
            self.patterns.update(parsed.patterns)


def install(lang: str) -> None:
    """Give pyphen a :class:`LazyHyphDict` for ``lang`` unless it has parsed that one."""
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    if path in pyphen.hdcache:
        return
    lazy = lazy_dict(path)
    if lazy is not None:
        pyphen.hdcache[path] = lazy
