"""What the XML formats (junit, checkstyle) share: escaping any text into XML 1.0.

Text and attribute values are escaped with the standard library's ``xml.sax.saxutils``;
line breaks and tabs in attributes, and carriage returns anywhere, become character
references so a parser gives back exactly the article's text. Characters XML 1.0 cannot
carry at all (control characters, lone surrogates, U+FFFE/U+FFFF) are written as a
visible ``\\xNN``/``\\uNNNN``, as the text output writes them.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT = {"\r": "&#13;"}
_ATTRIBUTE = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value: str) -> str:
    """``value`` as element content."""
    return escape(_NOT_XML.sub(_visible, value), _TEXT)


def attribute(value: str | int) -> str:
    """``value`` as a double-quoted attribute value (quotes included)."""
    return '"' + escape(_NOT_XML.sub(_visible, str(value)), _ATTRIBUTE) + '"'


def attributes(pairs: list[tuple[str, str | int]]) -> str:
    """`` name="value"`` for each pair, in the given order (output is deterministic)."""
    return "".join(f" {name}={attribute(value)}" for name, value in pairs)
