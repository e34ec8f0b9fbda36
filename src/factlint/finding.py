"""Findings: what a rule reports, with exact positions, and severities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

# A rule code: letters then digits (FL101, HS12).
CODE_RE = re.compile(r"^[A-Z]{1,10}[0-9]{1,4}$")


class Severity(StrEnum):
    """How serious a finding is; ``--fail-on`` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(
                f"unknown severity '{value}' (expected error, warning or info)"
            ) from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Applicability(StrEnum):
    """Whether a fix may be applied without a reader's judgement (ruff's terms).

    ``safe`` fixes are applied by ``--fix``; ``unsafe`` ones (the right pronoun, a
    reworded mark) only with ``--unsafe-fixes``.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace the text between two offsets of the article with ``text``.

    ``start``/``end`` are character offsets into ``Document.source``: the decoded file
    without its BOM, line breaks normalised to ``\n`` (a CRLF counts as one character).
    ``line``/``column``/``end_line``/``end_column`` are the same places as 1-based
    positions (columns in code points), which are the same in the file as it is. An
    insertion has ``start == end``; ``text`` uses ``\n`` for a line break (the fixer
    writes the file's own line ending).
    """

    start: int
    end: int
    text: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "line": self.line,
                "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        return cls(**data)


@dataclass(frozen=True)
class Fix:
    """What would resolve a finding: one or more non-overlapping edits, applied together."""

    description: str  # what the fix does, e.g. "Delete the repeated 'the'"
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "applicability": self.applicability.value,
                "edits": [e.to_dict() for e in self.edits]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fix:
        return cls(description=data["description"],
                   edits=tuple(Edit.from_dict(e) for e in data["edits"]),
                   applicability=Applicability(data["applicability"]))


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one file."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str  # code, e.g. FL101
    name: str  # slug, e.g. duplicate-heading
    severity: Severity
    message: str
    excerpt: str
    # The suggested replacement, when the rule has one; not part of the sort order.
    fix: Fix | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column,
                self.message)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def to_dict(self) -> dict[str, Any]:
        # Built by hand: dataclasses.asdict deep-copies and was a hot spot on big reports.
        return {
            "path": self.path, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column, "rule": self.rule,
            "name": self.name, "severity": self.severity.value, "message": self.message,
            "excerpt": self.excerpt,
            **({"fix": self.fix.to_dict()} if self.fix is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        fix = data.get("fix")
        return cls(**{**data, "severity": Severity(data["severity"]),
                      "fix": Fix.from_dict(fix) if fix is not None else None})
