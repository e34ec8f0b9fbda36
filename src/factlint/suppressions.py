"""Inline suppressions.

Markdown::

    <!-- factlint-disable FL101 FL3 -->   ... <!-- factlint-enable -->
    ## A heading <!-- factlint-disable-line FL101 -->
    <!-- factlint-disable-next-line duplicate-heading -->
    <!-- factlint-disable-file FL5 -->

Plain text uses a line of its own: ``factlint: disable=FL101,FL3``,
``factlint: enable``, ``factlint: disable-next-line=FL3``, ``factlint: disable-file``,
or the end of the line it silences: ``... text factlint: disable-line=FL3``.
Without rule ids a directive covers every rule. Rule ids may be codes, code prefixes
or slugs. Unknown rule ids and directives that are misspelt or malformed
(:mod:`factlint.directives` finds them) are reported (FL001); a directive factlint does
not understand silences nothing.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from factlint import directives
from factlint.document import Document
from factlint.finding import Finding
from factlint.registry import Rule, matches_selector


@dataclass
class Directive:
    action: str | None  # None: not a directive factlint understands (see ``problem``)
    selectors: list[str] | None  # None: every rule
    start: int  # source offsets of the directive text
    end: int
    line: int
    end_line: int = 0  # the directive's last line (a comment may span lines)
    problem: str | None = None


@dataclass
class Suppressions:
    """Line ranges in which some or all rules are silenced."""

    ranges: list[tuple[int, int, list[str] | None]] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)

    def covers(self, finding: Finding, rules: Mapping[str, type[Rule]]) -> bool:
        cls = rules.get(finding.rule)
        for first, last, selectors in self.ranges:
            if first <= finding.line <= last:
                if selectors is None:
                    return True
                if cls is not None and any(matches_selector(cls, s) for s in selectors):
                    return True
                if any(s.upper() == finding.rule for s in selectors):
                    return True
        return False


def parse_directives(doc: Document) -> list[Directive]:
    """Every directive of ``doc``, including those it cannot understand."""
    found = (directives.in_markdown(doc.source) if doc.format in ("markdown", "html")
             else directives.in_plaintext(doc.source))
    out: list[Directive] = []
    for d in found:
        if any(start <= d.start < end for start, end in doc.code_ranges):
            continue  # an example in a code block, not a directive
        line, _ = doc.position(d.start)
        end_line, _ = doc.position(max(d.start, d.end - 1))
        out.append(Directive(d.action, d.selectors, d.start, d.end, line, end_line, d.problem))
    return out


def of(doc: Document) -> Suppressions:
    """The suppressions of ``doc``'s article, built once and shared (FL001 reads them too)."""
    memo = doc.article.memo
    if "suppressions" not in memo:
        memo["suppressions"] = build(doc.article)
    found: Suppressions = memo["suppressions"]
    return found


def build(doc: Document) -> Suppressions:
    """Turn a document's directives into suppressed line ranges."""
    sup = Suppressions(directives=parse_directives(doc))
    last_line = doc.lines.line_count
    open_ranges: list[tuple[int, list[str] | None]] = []
    for d in sup.directives:
        if d.action == "disable-file":
            sup.ranges.append((1, last_line, d.selectors))
        elif d.action == "disable-line":
            sup.ranges.append((d.line, d.end_line, d.selectors))
        elif d.action == "disable-next-line":
            target = _next_content_line(doc, d.end_line)
            sup.ranges.append((d.line, target, d.selectors))
        elif d.action == "disable":
            open_ranges.append((d.line, d.selectors))
        elif d.action == "enable":
            keep: list[tuple[int, list[str] | None]] = []
            for start, sels in open_ranges:
                closes = d.selectors is None or (
                    sels is not None and all(s in d.selectors for s in sels)
                )
                if closes:
                    sup.ranges.append((start, d.line, sels))
                else:
                    keep.append((start, sels))
            open_ranges = keep
    for start, sels in open_ranges:
        sup.ranges.append((start, last_line, sels))
    return sup


def _next_content_line(doc: Document, line: int) -> int:
    for n in range(line + 1, doc.lines.line_count + 1):
        s, e = doc.lines.line_start(n), doc.lines.line_end(n)
        if doc.source[s:e].strip():
            return n
    return line


def unknown_selectors(
    sup: Suppressions, rules: Sequence[type[Rule]]
) -> list[tuple[Directive, str]]:
    """Directive rule ids that name no known rule."""
    bad: list[tuple[Directive, str]] = []
    for d in sup.directives:
        if d.action is None:
            continue  # reported for what it is; its ids do nothing
        for sel in d.selectors or []:
            if not any(matches_selector(cls, sel) for cls in rules):
                bad.append((d, sel))
    return bad


def apply(
    findings: Iterable[Finding], sup: Suppressions | None, rules: Mapping[str, type[Rule]],
    per_path_ignores: Mapping[str, Sequence[str]],
) -> list[Finding]:
    """``findings`` minus those silenced by ``sup`` (FL001's never are) or by a
    ``per-path-ignores`` glob of the configuration; ``rules``: every rule by code."""
    out = []
    for f in findings:
        if sup is not None and f.rule != "FL001" and sup.covers(f, rules):
            continue
        cls = rules.get(f.rule)
        ignored = False
        for pattern, sels in per_path_ignores.items():
            if fnmatch.fnmatch(f.path.replace("\\", "/"), pattern) and cls is not None and any(
                matches_selector(cls, s) for s in sels
            ):
                ignored = True
        if not ignored:
            out.append(f)
    return out
