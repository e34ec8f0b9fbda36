"""Rule packs: word lists and patterns kept as YAML data in ``rules/``, extendable by users.

A pack feeds one rule::

    rule: FL204                 # the rule the entries belong to
    define:                     # optional: declare a new (custom) rule for these entries
      name: house-banned-phrase
      severity: warning
      summary: Phrases the house style bans.
      message: "'{match}': {reason}"
      scope: [paragraphs, list_items, headings]   # optional: the blocks it reads
    entries:
      - phrase: leave a reply   # case-insensitive, whole words, flexible spacing/apostrophes
        reason: comment-form debris pasted from the page
      - regex: '\\bback to top\\b'
        reason: navigation debris
      - pattern: [{LEMMA: garner}, {LOWER: a}, {OP: "?"}, {LOWER: following}]
        reason: reception claim with nothing behind it     # spaCy Matcher token pattern
      - line: article continues after advertisement        # the whole line or block,
        reason: advertising label   # punctuation, case and a small misspelling ignored
    data: {...}                 # optional free-form table a rule interprets itself

Every pack is validated when loaded; a mistake is reported as ``file:line: message``.
"""

from __future__ import annotations

import re
import signal
import string
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factlint.errors import ConfigError
from factlint.finding import CODE_RE, Severity
from factlint.safeio import quoted
from factlint.yamlio import LineDict, line_of, load_yaml_file

if TYPE_CHECKING:
    from factlint.document import Block

_PACK_KEYS = {"rule", "define", "entries", "data", "description"}
_DEFINE_KEYS = {"name", "severity", "summary", "message", "explanation", "scope"}
_ENTRY_KEYS = {"phrase", "regex", "pattern", "line", "reason", "severity", "label", "case"}
_KINDS = ("phrase", "regex", "pattern", "line")
_WORD = re.compile(r"[^\W_]+")
_SLUG_RE = re.compile(r"^[a-z][a-z0-9-]*$")


def line_words(text: str) -> tuple[str, int, int] | None:
    """``text``'s words, lower-cased, one space apart, with where the first starts and
    the last ends (None: no word): what a ``line`` entry is compared with."""
    words = list(_WORD.finditer(text))
    if not words:
        return None
    return " ".join(m.group().lower() for m in words), words[0].start(), words[-1].end()


def builtin_pack_dir() -> Path:
    """The folder of packs shipped with factlint (installed copy or the source checkout)."""
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    if installed.is_dir():
        return installed
    return here.parents[1] / "rules"


# A user pack's regex (or token pattern with REGEX) may run this long on one block before
# the run stops with an error naming the entry: a pattern such as (a+)+$ backtracks for
# minutes on a line of 30 a's. Linear patterns take milliseconds even on megabytes.
REGEX_BUDGET_SECONDS = 2.0
MAX_REGEX_LENGTH = 2000  # characters of one regex entry


class _Expired(Exception):
    """Raised by the SIGALRM handler inside a guarded match."""


@contextmanager
def time_budget(seconds: float, what: str) -> Iterator[None]:
    """Run the block for at most ``seconds``, else raise ConfigError("{what} ran for ...").

    Uses SIGALRM (Python's regex engine checks for signals while it backtracks), so it
    guards only the main thread on platforms that have it; elsewhere the block runs
    unguarded. An alarm already set by the caller keeps running and still fires.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not (
            threading.main_thread()):
        yield
        return
    active = True

    def expired(signum: int, frame: Any) -> None:
        if active:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expired)
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    except _Expired:
        raise ConfigError(
            f"{what} ran for more than {seconds:g} s on one block and was stopped; it "
            "backtracks catastrophically (nested repeats such as (a+)+ do); simplify it"
        ) from None
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:  # the caller's alarm goes on, minus the time spent here
            signal.setitimer(signal.ITIMER_REAL,
                             max(outer - (time.monotonic() - started), 0.001), interval)


class GuardedPattern:
    """A user pack's compiled regex whose every match runs under :func:`time_budget`."""

    def __init__(self, rx: re.Pattern[str], source: str, kind: str = "regex entry") -> None:
        self.rx = rx
        self.source = source
        self.kind = kind

    def _what(self) -> str:
        return f"{self.source}: {self.kind}"

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        with time_budget(REGEX_BUDGET_SECONDS, self._what()):
            return self.rx.search(text, *args)

    def match(self, text: str, *args: Any) -> re.Match[str] | None:
        with time_budget(REGEX_BUDGET_SECONDS, self._what()):
            return self.rx.match(text, *args)

    def finditer(self, text: str, *args: Any) -> Iterator[re.Match[str]]:
        with time_budget(REGEX_BUDGET_SECONDS, self._what()):
            found = list(self.rx.finditer(text, *args))
        return iter(found)

    @property
    def pattern(self) -> str:
        return self.rx.pattern


class UserText(str):
    """A string from a user's pack ``data:`` table (not one shipped with factlint): a regex
    made of it runs under the time budget (see :func:`data_regex`)."""

    __slots__ = ("source",)
    source: str

    def __new__(cls, value: str, source: str) -> UserText:
        text = super().__new__(cls, value)
        text.source = source
        return text


def _mark_user(value: Any, source: str) -> Any:
    """``value`` (a pack's ``data:``) with every string marked as the user's, in place for
    mappings and lists so their recorded line numbers stay."""
    if isinstance(value, str):
        return UserText(value, source)
    if isinstance(value, dict):
        for key in list(value):
            value[key] = _mark_user(value[key], source)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = _mark_user(item, source)
    return value


Regex = re.Pattern[str] | GuardedPattern  # what data_regex() gives


def data_regex(pattern: Any, flags: int = 0) -> Regex:
    """A regex from a pack's ``data:`` table: as is when factlint shipped it, under the time
    budget when a user's pack gave it (a user's table may hold (a+)+$ as well as an entry)."""
    rx = re.compile(str(pattern), flags)
    if isinstance(pattern, UserText):
        return GuardedPattern(rx, pattern.source, "data regex")
    return rx


@dataclass(frozen=True)
class Entry:
    """One phrase, regex or token pattern of a pack, with why it matters."""

    kind: str  # phrase | regex | pattern | line
    value: Any
    reason: str
    severity: Severity | None
    label: str | None
    source: str  # file:line, for messages and debugging
    case_sensitive: bool = False
    trusted: bool = False  # shipped with factlint: its regexes run without a time budget

    @cached_property
    def regex(self) -> re.Pattern[str] | GuardedPattern | None:
        if self.kind == "phrase":
            return phrase_regex(str(self.value), case_sensitive=self.case_sensitive)
        if self.kind == "regex":
            flags = 0 if self.case_sensitive else re.IGNORECASE
            rx = re.compile(str(self.value), flags)
            return rx if self.trusted else GuardedPattern(rx, self.source)
        return None

    @cached_property
    def line_words(self) -> str:
        """A ``line`` entry's words, lower-cased, one space apart."""
        return " ".join(w.lower() for w in _WORD.findall(str(self.value)))

    def match_line(self, text: str) -> tuple[int, int] | None:
        """Where a ``line`` entry matches ``text``: the whole of it, whatever its
        punctuation, case and spacing, with one slip of spelling allowed from eight
        letters on and two from twenty-four (None: no match)."""
        return self.match_words(line_words(text))

    def match_words(self, said: tuple[str, int, int] | None) -> tuple[int, int] | None:
        """:meth:`match_line` on a text's :func:`line_words`, worked out once for all
        the entries compared with it."""
        if said is None:
            return None
        want = self.line_words
        if said[0] != want:
            allowed = 2 if len(want) >= 24 else 1 if len(want) >= 8 else 0
            if not allowed or abs(len(said[0]) - len(want)) > allowed:
                return None
            from rapidfuzz.distance import Levenshtein

            if Levenshtein.distance(said[0], want, score_cutoff=allowed) > allowed:
                return None
        return said[1], said[2]

    def search(self, text: str) -> tuple[int, int] | None:
        """The first match of a phrase, regex or line entry in ``text`` (None: none)."""
        if self.kind == "line":
            return self.match_line(text)
        rx = self.regex
        m = rx.search(text) if rx is not None else None
        return (m.start(), m.end()) if m is not None else None


@dataclass
class Pack:
    path: str
    rule: str
    entries: list[Entry] = field(default_factory=list)
    data: Any = None
    define: dict[str, Any] | None = None
    define_line: int = 0


def phrase_regex(phrase: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """Regex for a phrase: whole words, any whitespace, straight or curly apostrophes."""
    words = phrase.strip().split()
    parts = []
    for word in words:
        parts.append("".join("['’]" if ch in "'’" else re.escape(ch) for ch in word))
    body = r"\s+".join(parts)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w'’]){body}(?![\w])", flags)


def _err(path: str, line: int | None, message: str) -> ConfigError:
    return ConfigError(message, path=path, line=line)


def load_pack(path: str | Path, *, trusted: bool = False) -> Pack:
    """Load and validate one pack file."""
    shown = str(path)
    raw = load_yaml_file(path, trusted=trusted)
    if not isinstance(raw, dict):
        raise _err(shown, 1, "a rule pack must be a YAML mapping with 'rule' and 'entries'")
    for key in raw:
        if key not in _PACK_KEYS:
            raise _err(shown, line_of(raw, key), f"unknown key {quoted(key)} in rule pack "
                       f"(expected one of: {', '.join(sorted(_PACK_KEYS))})")
    code = raw.get("rule")
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise _err(shown, line_of(raw, "rule"), "'rule' must be a rule code such as FL204")
    data = raw.get("data")
    pack = Pack(path=shown, rule=code, data=data if trusted else _mark_user(data, shown))
    define = raw.get("define")
    if define is not None:
        pack.define = _validate_define(shown, define)
        pack.define_line = line_of(raw, "define") or 1
    entries = raw.get("entries", [])
    if not isinstance(entries, list):
        raise _err(shown, line_of(raw, "entries"), "'entries' must be a list")
    for i, item in enumerate(entries):
        entry = _validate_entry(shown, item, line_of(entries, i))
        pack.entries.append(replace(entry, trusted=True) if trusted else entry)
    return pack


def _validate_define(path: str, define: Any) -> dict[str, Any]:
    if not isinstance(define, dict):
        raise _err(path, line_of(define), "'define' must be a mapping")
    for key in define:
        if key not in _DEFINE_KEYS:
            raise _err(path, line_of(define, key), f"unknown key {quoted(key)} in 'define'")
    name = define.get("name")
    if not isinstance(name, str) or not _SLUG_RE.match(name):
        raise _err(path, line_of(define, "name"),
                   "'define.name' must be a lower-case slug such as house-banned-phrase")
    if not isinstance(define.get("summary"), str):
        raise _err(path, line_of(define, "summary"), "'define.summary' must be a string")
    if "scope" in define:
        from factlint.registry import PARTS

        parts = define["scope"]
        if (not isinstance(parts, list) or not parts
                or not all(isinstance(x, str) and x in PARTS for x in parts)):
            raise _err(path, line_of(define, "scope"),
                       f"'define.scope' must be a list of block parts ({', '.join(PARTS)})")
    sev = define.get("severity", "warning")
    try:
        Severity.parse(str(sev))
    except ValueError as exc:
        raise _err(path, line_of(define, "severity"), str(exc)) from None
    if "message" in define:
        problem = template_problem(define["message"])
        if problem:
            raise _err(path, line_of(define, "message"), problem)
    return dict(define)


PLACEHOLDERS = ("match", "reason", "label")
MAX_TEMPLATE_LENGTH = 2000
MAX_QUOTED_MATCH = 80  # characters of the matched text a message quotes


def template_problem(template: Any) -> str | None:
    """Why ``template`` cannot be a pack rule's message, or None.

    Only ``{match}``, ``{reason}`` and ``{label}`` (and ``{{``/``}}`` for braces) are
    allowed, with no format spec or conversion: a message is text, not a program, and
    ``{reason:>50000000}`` or ``{match.__class__}`` would be either a memory bomb or a
    look inside factlint.
    """
    if not isinstance(template, str):
        return "'define.message' must be a string"
    if len(template) > MAX_TEMPLATE_LENGTH:
        return f"message template is longer than {MAX_TEMPLATE_LENGTH} characters"
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"message template is malformed: {exc}"
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (
            f":{spec}" if spec else "") + "}"
        if name not in PLACEHOLDERS:
            return (f"'{shown[:40]}' is not a placeholder of pack messages (use "
                    f"{{match}}, {{reason}}, {{label}})")
        if spec or conversion:
            return f"placeholders take no format spec or conversion ('{shown[:40]}')"
    return None


def _validate_entry(path: str, item: Any, line: int | None) -> Entry:
    if isinstance(item, str):
        return Entry("phrase", item, "", None, None, f"{path}:{line}")
    if not isinstance(item, dict):
        raise _err(path, line, "each entry must be a phrase string or a mapping")
    for key in item:
        if key not in _ENTRY_KEYS:
            raise _err(path, line_of(item, key), f"unknown key {quoted(key)} in entry "
                       f"(expected one of: {', '.join(sorted(_ENTRY_KEYS))})")
    kinds = [k for k in _KINDS if k in item]
    if len(kinds) != 1:
        raise _err(path, line,
                   "an entry needs exactly one of 'phrase', 'regex', 'pattern' or 'line'")
    kind = kinds[0]
    value = item[kind]
    vline = line_of(item, kind)
    if kind in ("phrase", "regex", "line") and (not isinstance(value, str) or not value.strip()):
        raise _err(path, vline, f"'{kind}' must be a non-empty string")
    if kind == "regex":
        if len(value) > MAX_REGEX_LENGTH:
            raise _err(path, vline, f"regex is longer than {MAX_REGEX_LENGTH} characters")
        try:
            re.compile(value)
        except re.error as exc:
            raise _err(path, vline, f"invalid regex: {exc}") from None
    if kind == "pattern":
        _validate_pattern(path, value, vline)
    severity = None
    if "severity" in item:
        try:
            severity = Severity.parse(str(item["severity"]))
        except ValueError as exc:
            raise _err(path, line_of(item, "severity"), str(exc)) from None
    reason = item.get("reason", "")
    if not isinstance(reason, str):
        raise _err(path, line_of(item, "reason"), "'reason' must be a string")
    label = item.get("label")
    return Entry(kind, _plain(value), reason, severity, str(label) if label else None,
                 f"{path}:{line}", case_sensitive=bool(item.get("case", False)))


_TOKEN_ATTRS = {
    "ORTH", "TEXT", "LOWER", "LEMMA", "POS", "TAG", "DEP", "ENT_TYPE", "SHAPE", "LENGTH",
    "IS_ALPHA", "IS_DIGIT", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_TITLE", "IS_UPPER",
    "IS_LOWER", "LIKE_NUM", "IS_SENT_START", "OP", "MORPH", "NORM", "PREFIX", "SUFFIX",
}


def _validate_pattern(path: str, value: Any, line: int | None) -> None:
    if not isinstance(value, list) or not value:
        raise _err(path, line, "'pattern' must be a non-empty list of token specs")
    for i, spec in enumerate(value):
        sline = line_of(value, i) or line
        if not isinstance(spec, dict):
            raise _err(path, sline, "each token spec in 'pattern' must be a mapping")
        for attr in spec:
            if str(attr).upper() not in _TOKEN_ATTRS:
                raise _err(path, line_of(spec, attr) or sline,
                           f"unknown token attribute {quoted(attr)} in pattern")


def _plain(value: Any) -> Any:
    """Strip line-tracking containers so entries are plain, hashable-friendly data."""
    if isinstance(value, dict):
        return {str(k).upper() if _is_attr(k) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _is_attr(key: Any) -> bool:
    return isinstance(key, str) and key.upper() in _TOKEN_ATTRS


@dataclass(frozen=True)
class Match:
    """Where an entry matched in a block's text."""

    start: int
    end: int
    entry: Entry


class PackSet:
    """All packs of a run: the built-in ones plus those a user configured."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.packs = list(packs)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), *, builtin: bool = True) -> PackSet:
        packs: list[Pack] = []
        if builtin:
            base = builtin_pack_dir()
            if base.is_dir():
                from factlint.packcache import load_builtin

                shipped = sorted(p for p in base.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
                packs += load_builtin(shipped, lambda p: load_pack(p, trusted=True),
                                      (Pack, Entry))
        packs += [load_pack(p) for p in extra]
        return cls(packs)

    def entries_for(self, code: str) -> list[Entry]:
        return [e for p in self.packs if p.rule == code for e in p.entries]

    def data_for(self, code: str) -> list[Any]:
        return [p.data for p in self.packs if p.rule == code and p.data is not None]

    def defined(self) -> list[Pack]:
        """Packs that ``define`` a rule of their own (see factlint.packrule)."""
        return [p for p in self.packs if p.define is not None]

    def signature(self) -> str:
        """A stable description of the packs' content, for cache keys."""
        import hashlib

        h = hashlib.sha256()
        for pack in self.packs:
            h.update(pack.path.encode())
            h.update(repr((pack.rule, pack.define, pack.entries, pack.data)).encode())
        return h.hexdigest()


# The most pattern subsets an EntryMatcher keeps a Matcher of (see _matcher_of).
MAX_SUBSETS = 256


class EntryMatcher:
    """A rule's pack entries, ready to match in blocks.

    Built once per run (in a rule's ``prepare``). Phrases and regexes are compiled with
    their entries; token patterns go into one spaCy ``Matcher``, built on first use from
    the vocabulary of the parsed text it is given (every parse of a run shares it).
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.patterns = [e for e in self.entries if e.kind == "pattern"]
        self._has_lines = any(e.kind == "line" for e in self.entries)
        untrusted = [e.source for e in self.patterns if not e.trusted]
        self._untrusted = (
            "" if not untrusted else f"{untrusted[0]}: token pattern" if len(untrusted) == 1
            else f"one of the token patterns {', '.join(untrusted)}")
        self._matcher: Any = None
        self._vocab: Any = None
        self._filter: Any = None  # factlint.matchfilter.PatternFilter, with the matcher
        self._subsets: dict[tuple[int, ...], Any] = {}  # see _matcher_of
        # A token pattern testing ENT_TYPE reads entities: its blocks get NER first (the
        # pipeline leaves it to the pieces that need it, see factlint.nlp.run_entities).
        self._reads_entities = any(
            isinstance(spec, dict) and any(str(k).upper() == "ENT_TYPE" for k in spec)
            for e in self.patterns for spec in (e.value if isinstance(e.value, list) else []))

    def __bool__(self) -> bool:
        return bool(self.entries)

    def find(self, block: Block) -> list[Match]:
        """Non-overlapping matches in ``block`` (longest first at each place)."""
        found: list[Match] = []
        text = block.text
        words = line_words(text) if self._has_lines else None  # once for every line entry
        for entry in self.entries:
            if entry.kind == "line":
                at = entry.match_words(words)
                if at is not None:
                    found.append(Match(at[0], at[1], entry))
                continue
            rx = entry.regex
            if rx is not None:
                for hit in rx.finditer(text):
                    if hit.end() > hit.start():
                        found.append(Match(hit.start(), hit.end(), entry))
        if self.patterns and block.pieces:
            if self._reads_entities:
                from factlint.nlp import run_entities

                run_entities(p.doc for p in block.pieces)
            for piece in block.pieces:
                self._token_matcher(piece.doc.vocab)
                possible = self._filter.possible(piece.doc)
                if not possible:
                    continue  # no pattern can match here (factlint.matchfilter)
                matcher = self._matcher_of(possible)
                strings = piece.doc.vocab.strings
                if self._untrusted:  # a user's pattern with REGEX may backtrack for minutes
                    with time_budget(REGEX_BUDGET_SECONDS, self._untrusted):
                        matched = list(matcher(piece.doc))
                else:
                    matched = matcher(piece.doc)
                for match_id, start, end in matched:
                    entry = self.patterns[int(strings[match_id])]
                    span = piece.doc[start:end]
                    found.append(Match(piece.start + span.start_char,
                                       piece.start + span.end_char, entry))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        result: list[Match] = []
        last_end = -1
        for m in found:
            if m.start >= last_end:
                result.append(m)
                last_end = m.end
        return result

    def _token_matcher(self, vocab: Any) -> Any:
        if self._matcher is None or self._vocab is not vocab:
            from spacy.matcher import Matcher

            matcher = Matcher(vocab, validate=True)
            for i, entry in enumerate(self.patterns):
                try:
                    matcher.add(str(i), [entry.value])
                except ValueError as exc:  # spaCy's MatchPatternError: a multi-line report
                    raise ConfigError(f"{entry.source}: invalid token pattern: "
                                      f"{_pattern_problem(str(exc))}") from None
            from factlint.matchfilter import PatternFilter

            self._filter = PatternFilter([e.value for e in self.patterns])
            self._matcher, self._vocab = matcher, vocab
            self._subsets = {}
        return self._matcher

    def _matcher_of(self, patterns: tuple[int, ...]) -> Any:
        """A Matcher of just these patterns (indexes into ``self.patterns``, validated
        by :meth:`_token_matcher`), under the same match ids: its matches are the whole
        Matcher's less those of patterns that cannot match. Kept per set, up to
        MAX_SUBSETS sets; beyond that the whole Matcher does."""
        if len(patterns) == len(self.patterns):
            return self._matcher
        matcher = self._subsets.get(patterns)
        if matcher is None:
            if len(self._subsets) >= MAX_SUBSETS:
                return self._matcher
            from spacy.matcher import Matcher

            matcher = self._subsets[patterns] = Matcher(self._vocab)
            for i in patterns:
                matcher.add(str(i), [self.patterns[i].value])
        return matcher


def _pattern_problem(report: str) -> str:
    """The first problem of spaCy's pattern validation report, on one line."""
    problems = [line[2:].strip() for line in report.splitlines() if line.startswith("- ")]
    first = problems[0] if problems else " ".join(report.split())
    return first.replace("[pattern -> ", "[token ")


__all__ = ["Entry", "EntryMatcher", "LineDict", "Match", "Pack", "PackSet", "load_pack",
           "phrase_regex"]
