"""Findings: what a rule reports, with exact positions, and severities."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(**{**data, "severity": Severity(data["severity"])})
