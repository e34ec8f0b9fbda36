"""factlint's positions and findings in LSP terms.

factlint counts 1-based lines and columns in code points; LSP counts 0-based lines and
columns in the code units of the negotiated encoding (UTF-16 unless the client asked for
another). Every conversion reads the text the finding was made on, never the editor's
current one, so a position is only ever computed against the text it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types

from factlint.finding import Finding, Severity

Units = Callable[[str], int]  # code units of a string in the client's encoding

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
SOURCE = "factlint"


class Lines:
    """One text's lines (any line break counts once, as factlint counts them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = re.split(r"\r\n|\r|\n", text)
        starts = [0]
        for m in re.finditer(r"\r\n|\r|\n", text):
            starts.append(m.end())
        self.starts = starts

    def line(self, index: int) -> str:
        """0-based line ``index`` ("" past the end)."""
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def position(self, line: int, column: int, units: Units) -> types.Position:
        """LSP position of factlint's 1-based ``line`` and code-point ``column``."""
        index = max(line - 1, 0)
        if index >= len(self.lines):  # past the end: the end of the text
            index = len(self.lines) - 1
            column = len(self.lines[index]) + 1
        text = self.lines[index]
        return types.Position(line=index, character=units(text[: max(column - 1, 0)]))

    def offset(self, position: types.Position, units: Units) -> int:
        """Code-point offset in the text of an LSP ``position``."""
        index = min(max(position.line, 0), len(self.lines) - 1)
        text = self.lines[index]
        count = 0
        for i, char in enumerate(text):
            if count >= position.character:
                return self.starts[index] + i
            count += units(char)
        return self.starts[index] + len(text)

    def span_text(self, finding: Finding) -> str:
        """The source text a finding covers."""
        start = self.starts[min(finding.line, len(self.starts)) - 1] + finding.column - 1
        end = self.starts[min(finding.end_line, len(self.starts)) - 1] + finding.end_column - 1
        return self.text[start:end]


def finding_range(finding: Finding, lines: Lines, units: Units) -> types.Range:
    return types.Range(start=lines.position(finding.line, finding.column, units),
                       end=lines.position(finding.end_line, finding.end_column, units))


def diagnostic(finding: Finding, lines: Lines, units: Units,
               docs: Callable[[str, str], str | None]) -> types.Diagnostic:
    """The LSP diagnostic of ``finding``; ``docs(code, slug)`` gives its rule's page."""
    href = docs(finding.rule, finding.name)
    return types.Diagnostic(
        range=finding_range(finding, lines, units),
        message=finding.message,
        severity=SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data={"rule": finding.rule, "name": finding.name},
    )


def line_range(path: str, line: int, units: Units) -> types.Range:
    """The whole of 1-based ``line`` of the file at ``path`` (for a problem in a file)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    lines = Lines(text)
    index = max(line - 1, 0)
    return types.Range(start=types.Position(line=index, character=0),
                       end=types.Position(line=index, character=units(lines.line(index))))


def contains(rng: types.Range, pos: types.Position) -> bool:
    """Whether ``pos`` is within ``rng`` (its end included: a cursor just after a word)."""
    start = (rng.start.line, rng.start.character)
    end = (rng.end.line, rng.end.character)
    return start <= (pos.line, pos.character) <= end


def overlaps(a: types.Range, b: types.Range) -> bool:
    a0, a1 = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b0, b1 = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a0 <= b1 and b0 <= a1
