"""Applying the rules' suggested fixes to article files (``check --fix``, ``--diff``).

A file is read once; its fixes are applied to the text in memory, the text is checked
again, and the new fixes applied, until none is left (ruff's loop, with a cap of
:data:`MAX_PASSES`): the result is what a second ``--fix`` would leave as it is. Of two
fixes whose edits overlap the first is applied and the other left for the next pass,
where it is found again if it still applies. The file is then written at once
(:func:`factlint.safeio.write_atomic`), with its BOM and its line endings (every edit
lands on the file's own text; a line break an edit inserts is written as the file's
own), and only if it still holds the bytes read at the start: a file saved by someone
else meanwhile is reported and left alone. ``--diff`` prints a unified diff instead,
which ``patch`` applies to the same result.

Which fixes are applied is the caller's choice (``wanted``): ``--fix`` takes the safe
ones, ``--unsafe-fixes`` all of them. The fixer never decides what is wrong; it only
applies what the rules suggested.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factlint.errors import InputError, reading
from factlint.finding import Edit, Finding
from factlint.parse import decode
from factlint.results import Source
from factlint.safeio import DEFAULT_MAX_FILE_SIZE, FileChanged, read_regular, write_atomic

if TYPE_CHECKING:
    from factlint.engine import Engine

MAX_PASSES = 10  # ruff uses 100; a rule's fix that keeps producing new ones is a bug
_BOM = b"\xef\xbb\xbf"
_CRLF = re.compile("\r\n")

# The findings of one text: ``check(path, text)`` (the engine, in the CLI).
Check = Callable[[str, str], Sequence[Finding]]


@dataclass
class FileFix:
    """What fixing one file did (or, with ``--diff``, would do)."""

    path: str
    fixed: int = 0  # fixes applied, over every pass
    before: str = ""  # the decoded text as read (a BOM as U+FEFF)
    after: str = ""  # the same, fixed
    error: str | None = None  # why the file was not fixed
    unsettled: bool = False  # fixes still came after MAX_PASSES passes

    @property
    def changed(self) -> bool:
        return self.error is None and self.after != self.before


@dataclass
class FixRun:
    files: list[FileFix] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(f.fixed for f in self.files if f.changed)

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.files if f.changed]


def apply_edits(text: str, fixes: Iterable[Sequence[Edit]]) -> tuple[str, int]:
    """``text`` (the file's decoded text, with its own line breaks) with each fix's edits
    applied, and how many fixes were applied.

    Edits are positioned in the newline-normalised text (``Document.source``); they are
    moved onto ``text``'s own offsets, where a CRLF is two characters. Fixes are taken in
    order of their first edit; one that overlaps a fix already taken is skipped.
    """
    crlf = [m.start() - i for i, m in enumerate(_CRLF.finditer(text))]
    newline = "\r\n" if crlf else ("\r" if "\r" in text else "\n")

    def at(offset: int) -> int:
        return offset + bisect.bisect_left(crlf, offset)

    taken: list[tuple[int, int, str]] = []
    count = 0
    for edits in sorted(fixes, key=lambda es: min((e.start, e.end) for e in es)):
        spans = sorted((at(e.start), at(e.end), e.text.replace("\n", newline)) for e in edits)
        if any(_overlap(a, b) for a in spans for b in taken) or any(
                _overlap(a, b) for a, b in itertools.pairwise(spans)):
            continue
        taken.extend(spans)
        count += 1
    out: list[str] = []
    pos = 0
    for start, end, new in sorted(taken):
        out += [text[pos:start], new]
        pos = end
    out.append(text[pos:])
    return "".join(out), count


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two edits that cannot both be applied: they share characters, or insert at the
    same place (which comes first would be a guess)."""
    if a[0] == b[0]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def fix_text(path: str, text: str, check: Check,
             wanted: Callable[[Finding], bool]) -> tuple[str, int, bool]:
    """``text`` fixed until no wanted fix is left: (new text, fixes applied, whether the
    cap of passes was reached with fixes still coming)."""
    total = 0
    for _ in range(MAX_PASSES):
        fixes = [f.fix.edits for f in check(path, text) if f.fix is not None and wanted(f)]
        if not fixes:
            return text, total, False
        text, count = apply_edits(text, fixes)
        total += count
        if count == 0:
            return text, total, False
    return text, total, True


def fix_file(path: str, check: Check, wanted: Callable[[Finding], bool], *, write: bool,
             max_bytes: int | None = None) -> FileFix:
    """Fix one article file (``write``) or only work out the fixed text (``--diff``)."""
    result = FileFix(path)
    limit = DEFAULT_MAX_FILE_SIZE if max_bytes is None else max_bytes
    try:
        with reading(path, InputError, "an article", name_broken_links=True):
            data = read_regular(path, limit)
        text = decode(data, path)
    except InputError as exc:
        result.error = str(exc)
        return result
    bom = "\ufeff" if data.startswith(_BOM) else ""
    fixed, result.fixed, result.unsettled = fix_text(path, text, check, wanted)
    result.before, result.after = bom + text, bom + fixed
    if write and result.changed:
        try:
            write_atomic(path, result.after.encode("utf-8"), expect=data)
        except FileChanged as exc:
            result.error = f"{path}: {exc.strerror}"
        except OSError as exc:
            result.error = f"{path}: cannot write the fixes: {exc.strerror or exc}"
    return result


def fix_sources(sources: Sequence[Source], check: Check, wanted: Callable[[Finding], bool],
                *, write: bool, max_bytes: int | None = None) -> FixRun:
    """Fix every file of ``sources`` (stdin is never written: only a diff is made)."""
    run = FixRun()
    for src in sources:
        if src.text is not None:
            fixed, count, unsettled = fix_text(src.path, src.text, check, wanted)
            run.files.append(FileFix(src.path, count, src.text, fixed, unsettled=unsettled))
        else:
            run.files.append(fix_file(src.path, check, wanted, write=write,
                                      max_bytes=max_bytes))
    return run


def unified_diff(fix: FileFix) -> str:
    """The change ``fix`` makes, as a unified diff that ``patch`` applies to the file.

    Lines are split at ``\\n`` only, so a CRLF (or any other character) stays part of its
    line exactly as the file has it, and a last line without a line break is marked as
    diff and patch expect.
    """
    before = _lines(fix.before)
    after = _lines(fix.after)
    out: list[str] = []
    for line in difflib.unified_diff(before, after, fix.path, fix.path):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def fix_run(engine: Engine, sources: Sequence[Source], findings: Iterable[Finding], *,
            unsafe: bool, write: bool, floor: int, max_bytes: int | None) -> FixRun:
    """Fix the files of a run that have a fix to apply among ``findings`` (the run's,
    before any is filtered out): safe fixes, all with ``unsafe``, of findings at or
    above severity rank ``floor``. Each pass checks the text with ``engine`` (through
    its cache, so the first pass costs nothing after the run)."""

    def wanted(f: Finding) -> bool:
        return f.fix is not None and (unsafe or f.fix.safe) and f.severity.rank >= floor

    todo = {f.path for f in findings if wanted(f)}

    def check(path: str, text: str) -> Sequence[Finding]:
        return engine.run([Source(path, text)]).findings

    return fix_sources([s for s in sources if s.path in todo], check, wanted, write=write,
                       max_bytes=max_bytes)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
