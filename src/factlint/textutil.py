"""Small text helpers shared by rules (normalisation for comparisons)."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-"})
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_BREAK = re.compile(r"\r\n|\r|\n")


def normalise(text: str) -> str:
    """Case-, punctuation-, quote- and whitespace-insensitive form of ``text``."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def first_line(text: str, limit: int = 120) -> str:
    """The first line of ``text``, shortened to ``limit`` characters for display."""
    line = _BREAK.split(text, 1)[0]
    return line if len(line) <= limit else line[: limit - 1] + "…"
