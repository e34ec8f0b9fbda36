"""What a run produces: per-file results (the unit of caching and of parallel work) and
the run's combined result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factlint.finding import Finding, Severity
from factlint.summary import DocumentView


@dataclass
class Source:
    """An article to check: a path on disk, or text given directly (stdin)."""

    path: str
    text: str | None = None


@dataclass
class RunResult:
    files_checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one-line messages, "path: message"
    warnings: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the files checked, in source order
    # Filled only when the engine was asked to keep them (reporters that show the article).
    documents: dict[str, DocumentView] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
        for f in self.findings:
            out[f.severity.value] += 1
        return out


@dataclass
class FileResult:
    """Everything the checker learned from one file: the unit of caching and of parallel
    work.

    ``findings`` are already filtered by the file's suppressions and per-path ignores;
    ``collected`` holds the summaries of cross-file rules and ``suppressed`` the
    suppressed line ranges, so cross-file findings can be made and filtered later.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    collected: dict[str, Any] = field(default_factory=dict)  # CorpusRule code -> summary
    suppressed: list[tuple[int, int, list[str] | None]] = field(default_factory=list)
    document: DocumentView | None = None
    checked: bool = True  # False when the file could not be read or parsed
    key: str | None = None  # the file's cache key (not stored): names its summaries too
