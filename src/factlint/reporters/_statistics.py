"""``factlint check --statistics``: how many findings each rule reported, as ruff prints it.

Not an output format of its own (the leading underscore keeps it out of ``--format``):
it replaces the findings of the text or JSON report with one count per rule. It only
counts what the run decided to report.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from factlint.safeio import neutralise_commands

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.registry import Rule

STATISTICS_FORMAT_VERSION = 1


def rule_counts(result: RunResult, rules: Mapping[str, type[Rule]]) -> list[dict[str, Any]]:
    """One record per rule that reported something: most findings first, then by code."""
    counts: Counter[str] = Counter(f.rule for f in result.findings)
    names = {f.rule: f.name for f in result.findings}
    severity: dict[str, Any] = {}
    for f in result.findings:  # the most serious severity the rule's findings carry
        if f.rule not in severity or f.severity.rank > severity[f.rule].rank:
            severity[f.rule] = f.severity
    return [
        {"code": code, "name": rules[code].name if code in rules else names[code],
         "severity": severity[code].value, "count": n}
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def render_statistics(
    result: RunResult, rules: Mapping[str, type[Rule]], *, json_format: bool = False
) -> str:
    rows = rule_counts(result, rules)
    if json_format:
        payload = {"version": STATISTICS_FORMAT_VERSION, "files_checked": result.files_checked,
                   "rules": rows, "errors": result.errors}
        return json.dumps(payload, indent=2, ensure_ascii=False).replace("##[", "#\\u0023[") + "\n"
    width = max((len(str(r["count"])) for r in rows), default=1)
    lines = [f"{r['count']:>{width}}  {r['code']:<6} {r['severity']:<7} {r['name']}"
             for r in rows]
    total = sum(r["count"] for r in rows)
    files = "file" if result.files_checked == 1 else "files"
    lines.append(f"{total} findings in {result.files_checked} {files} checked")
    return "".join(neutralise_commands(line) + "\n" for line in lines)
