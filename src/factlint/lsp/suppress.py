"""Suppression comments written by the server's code actions, in the syntax of the
document's kind (see :mod:`factlint.directives` for the forms factlint reads)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^(---|\.\.\.)[ \t]*(\r?\n|\Z)", re.DOTALL | re.M)
_MD_LINE = re.compile(r"<!--\s*factlint-disable-line\b(?P<ids>[^>]*?)\s*-->\s*$")
_TEXT_LINE = re.compile(r"(?<=\S)[ \t]+factlint:[ \t]*disable-line(?P<ids>=[^\n]*)?$")


@dataclass(frozen=True)
class Insert:
    """Text to insert at a 0-based line and code-point column, or to replace
    ``[column, end)`` of that line with (``end`` None: a pure insertion)."""

    line: int
    column: int
    text: str
    end: int | None = None


def line_directive(fmt: str, line_text: str, line: int, code: str) -> Insert:
    """Silence ``code`` on 0-based ``line`` (whose text is ``line_text``): a
    disable-line directive at its end, or the code added to the one already there."""
    if fmt == "markdown":
        m = _MD_LINE.search(line_text)
        if m is not None:
            ids = m["ids"].strip()
            if not ids:  # already silences every rule
                return Insert(line, len(line_text), "")
            return Insert(line, m.start(), f"<!-- factlint-disable-line {ids} {code} -->",
                          end=len(line_text.rstrip()))
        sep = "" if not line_text or line_text.endswith((" ", "\t")) else " "
        return Insert(line, len(line_text), f"{sep}<!-- factlint-disable-line {code} -->")
    m = _TEXT_LINE.search(line_text)
    if m is not None:
        if not m["ids"]:
            return Insert(line, len(line_text), "")
        return Insert(line, len(line_text.rstrip()), f",{code}")
    return Insert(line, len(line_text), f" factlint: disable-line={code}")


_MD_FILE = re.compile(r"^<!--\s*factlint-disable-file\b(?P<ids>[^>]*?)\s*-->[ \t]*$", re.M)
_TEXT_FILE = re.compile(r"^factlint:[ \t]*disable-file(?P<ids>=[^\n]*)?$", re.M)


def file_directive(fmt: str, text: str, code: str) -> Insert:
    """Silence ``code`` in the whole file: the code added to the file's disable-file
    directive when it has one, else such a directive on a line of its own at the top
    (after the front matter of a Markdown file)."""
    m = (_MD_FILE if fmt == "markdown" else _TEXT_FILE).search(text)
    if m is not None:
        line = text.count("\n", 0, m.start())
        ids = (m["ids"] or "").lstrip("=").strip()
        if not ids:  # already silences every rule
            return Insert(line, m.end() - m.start(), "")
        if fmt == "markdown":
            return Insert(line, 0, f"<!-- factlint-disable-file {ids} {code} -->",
                          end=m.end() - m.start())
        return Insert(line, m.end() - m.start(), f",{code}")
    if fmt == "markdown":
        line = 0
        m = _FRONT_MATTER.match(text)
        if m is not None:
            line = m.group(0).count("\n") + (0 if m.group(0).endswith("\n") else 1)
        return Insert(line, 0, f"<!-- factlint-disable-file {code} -->\n")
    return Insert(0, 0, f"factlint: disable-file={code}\n")
