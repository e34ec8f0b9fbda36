"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDEs).

One run: ``tool.driver.rules`` lists every known rule with its summary, explanation
and examples as help text; each result has the rule, level, message, a region with
start and end line and column (Unicode code points, end exclusive, as in factlint's
own output) and the excerpt as snippet. Paths are relative URIs under ``%SRCROOT%``.
No timestamps or machine paths are written, so the same input gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from factlint import __version__
from factlint.reporters import ReportOptions

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.finding import Finding
    from factlint.registry import Rule

CI_SAFE = "json"  # see factlint.reporters._neutralised

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/factlint/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _help_markdown(cls: type[Rule]) -> str:
    parts = [f"**{cls.summary}**"]
    if cls.explanation:
        parts.append(" ".join(cls.explanation.split()))
    if cls.bad_example:
        parts.append("Bad:\n\n```text\n" + cls.bad_example.strip("\n") + "\n```")
    if cls.good_example:
        parts.append("Good:\n\n```text\n" + cls.good_example.strip("\n") + "\n```")
    return "\n\n".join(parts)


def rule_descriptor(cls: type[Rule]) -> dict[str, Any]:
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": cls.summary},
        "fullDescription": {"text": " ".join((cls.explanation or cls.summary).split())},
        "help": {"text": cls.describe(), "markdown": _help_markdown(cls)},
        "defaultConfiguration": {"level": _LEVEL[cls.severity.value]},
        "properties": {"tags": [cls.family]},
    }


def artifact_uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(path.replace(os.sep, "/"), safe="/")


def fingerprint(finding: Finding) -> str:
    """A line-independent identity, so code scanning tracks a finding across edits."""
    text = "\0".join([finding.rule, finding.path, " ".join(finding.excerpt.split())])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    location = {"physicalLocation": {
        "artifactLocation": {"uri": artifact_uri(finding.path), "uriBaseId": "%SRCROOT%"},
        "region": region,
    }}
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    result.update({
        "level": _LEVEL[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"factlintFinding/v1": fingerprint(finding)},
    })
    return result


def render(result: RunResult, options: ReportOptions) -> str:
    rules = [options.rules[code] for code in sorted(options.rules)]
    index = {cls.code: i for i, cls in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "factlint",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [rule_descriptor(cls) for cls in rules],
        }},
        "invocations": [{
            "executionSuccessful": not result.errors,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": err}} for err in result.errors
            ],
        }],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index) for f in result.findings],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
