"""Finding suppression directives in an article's text, well-formed or not.

Markdown directives are HTML comments (markdownlint's forms)::

    <!-- factlint-disable FL101 FL3 -->  ...  <!-- factlint-enable -->
    <!-- factlint-disable-line FL101 -->        (this line: put it at the line's end)
    <!-- factlint-disable-next-line FL101 -->
    <!-- factlint-disable-file FL5 -->

Plain text has no comments: a directive is a line of its own (``factlint: disable=FL3``)
or the end of the line it silences (``... text factlint: disable-line=FL3``).

Anything that is meant as a directive but is not one (``factlint-disabel``,
``factlint-disable-lin``, ``<!-- factlint disable -->``, ``factlnt-disable``) is
found too, with the problem to report: it never silences anything, and FL001 says so.
The plain-text parser uses this module to keep directives out of the prose.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

ACTIONS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")
NAME = "factlint"

_NOTHING = ", which silences nothing"
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_WORD = re.compile(r"[A-Za-z]+")
# A plain-text directive: "factlint:" (or a near miss of the name) and what follows it.
_PLAIN_LINE = re.compile(r"^[ \t]*([A-Za-z]{5,12})([ \t]*:|-)(.*)$")
_PLAIN_TAIL = re.compile(r"(?<=\S)[ \t]+(factlint[ \t]*:.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A directive as written: its action (None when not understood) and rule ids."""

    action: str | None
    selectors: list[str] | None  # None: every rule
    start: int  # offsets of the directive text in the source
    end: int
    problem: str | None = None  # why it is not a directive factlint understands


def _near_name(word: str) -> bool:
    """``word`` is factlint's name or a slip of the keyboard away from it."""
    word = word.lower()
    if word == NAME:
        return True
    if not 6 <= len(word) <= 10:
        return False
    return difflib.SequenceMatcher(None, word, NAME).ratio() >= 0.8


def _action_problem(action: str, form: str) -> str | None:
    """Why ``action`` is not a known action (None when it is); ``form`` shows the syntax."""
    if action in ACTIONS:
        return None
    close = difflib.get_close_matches(action, ACTIONS, n=1, cutoff=0.6)
    hint = f"did you mean '{form.format(close[0])}'?" if close else (
        "use one of " + ", ".join(form.format(a) for a in ACTIONS))
    return f"unknown suppression directive '{form.format(action)}'{_NOTHING}; {hint}"


def _ids(text: str) -> list[str] | None:
    words = [w for w in re.split(r"[\s,]+", text.strip()) if w]
    return words or None


def in_markdown(source: str) -> Iterator[Found]:
    """Every HTML comment that is, or is meant as, a factlint directive."""
    for m in _COMMENT.finditer(source):
        if m.start() > 0 and source[m.start() - 1] == "`":
            continue  # shown in inline code (code blocks are left out by the caller)
        body = m.group(1).strip()
        head, rest = [*body.split(None, 1), ""][:2] if body else ("", "")
        lowered = head.lower()
        if lowered.startswith(NAME + "-"):
            action = lowered[len(NAME) + 1:]
            problem = _action_problem(action, "factlint-{}")
            yield Found(None if problem else action, _ids(rest), m.start(), m.end(), problem)
            continue
        word = _WORD.match(head)
        if word is None or not _near_name(word.group()):
            continue  # an ordinary comment
        tail = head[word.end():]
        if word.group().lower() == NAME:
            problem = (f"'{head}' is not a factlint directive{_NOTHING}; Markdown directives "
                       "are written <!-- factlint-disable RULES --> (also -enable, -disable-line, "
                       "-disable-next-line, -disable-file)")
        else:
            action = tail.lstrip("-:").lower() or "disable"
            problem = (f"'{head}' is not a factlint directive{_NOTHING}; did you mean "
                       f"'factlint-{action if action in ACTIONS else 'disable'}'?")
        yield Found(None, None, m.start(), m.end(), problem)


def plain_line(line: str) -> Found | None:
    """The directive that makes up ``line`` of a plain-text article (offsets within it)."""
    m = _PLAIN_LINE.match(line)
    if m is None:
        return None
    word, sep, rest = m.group(1), m.group(2).strip(), m.group(3)
    if not _near_name(word):
        return None
    start = len(line) - len(line.lstrip())
    end = len(line.rstrip())
    action_m = re.match(r"[ \t]*([A-Za-z-]+)", rest)
    action = action_m.group(1).lower() if action_m else ""
    if sep == "-":  # the Markdown form written in plain text
        if word.lower() != NAME:
            return None
        action = (word + "-" + rest).split()[0].lower()[len(NAME) + 1:]
        if _action_problem(action, "{}") is not None:
            action = "disable"
        return Found(None, None, start, end,
                     f"'factlint-{action}' is not a plain-text directive{_NOTHING}; plain "
                     f"text uses 'factlint: {action}=RULES'")
    if word.lower() != NAME:
        if not difflib.get_close_matches(action, ACTIONS, n=1, cutoff=0.6):
            return None  # "Factline: something": prose, not a slip
        return Found(None, None, start, end, f"'{word}:' is not a factlint directive"
                     f"{_NOTHING}; did you mean 'factlint:'?")
    problem = _action_problem(action, "factlint: {}")
    ids = rest[action_m.end():] if action_m else rest
    selectors = _ids(ids.lstrip(" \t").removeprefix("="))
    return Found(None if problem else action, selectors, start, end, problem)


def plain_tail(line: str) -> Found | None:
    """A directive at the end of a line of plain text (``... factlint: disable-line``)."""
    m = _PLAIN_TAIL.search(line)
    if m is None:
        return None
    found = plain_line(m.group(1))
    if found is None:
        return None
    return Found(found.action, found.selectors, m.start(1) + found.start,
                 m.start(1) + found.end, found.problem)


def in_plaintext(source: str) -> Iterator[Found]:
    """Every directive of a plain-text article, line by line (offsets in ``source``)."""
    offset = 0
    for line in source.split("\n"):
        found = plain_line(line) or plain_tail(line)
        if found is not None:
            yield Found(found.action, found.selectors, offset + found.start,
                        offset + found.end, found.problem)
        offset += len(line) + 1
