"""Machine-readable output, stable and documented in the README.

``{"version": 1, "files_checked": N, "findings": [...], "errors": [...]}``; each
finding has path, line, column, end_line, end_column, rule, name, severity,
message and excerpt, and, when the rule suggests one, a ``fix`` shaped as ruff's:
``{"applicability": "safe"|"unsafe", "message": ..., "edits": [{"content": ...,
"location": {"row", "column"}, "end_location": {"row", "column"}}]}`` (1-based rows
and columns, as the finding's). ``version`` is the format version, bumped only on
breaking change; an added field is not one.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from factlint.reporters import ReportOptions

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.finding import Finding, Fix

CI_SAFE = "json"  # see factlint.reporters._neutralised

FORMAT_VERSION = 1
_PLACEHOLDER = "\0findings\0"


def render(result: RunResult, options: ReportOptions) -> str:
    """The report, exactly as ``json.dumps(payload, indent=2, ensure_ascii=False)`` writes it.

    The findings are written by :func:`_finding`: with ``indent`` the json module falls
    back to its pure-Python encoder, which took longer than a cached re-run of 1,000
    articles with tens of thousands of findings.
    """
    payload: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "files_checked": result.files_checked,
        "findings": _PLACEHOLDER if result.findings else [],
        "errors": list(result.errors),
    }
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if result.findings:
        body = "[\n" + ",\n".join(_finding(f) for f in result.findings) + "\n  ]"
        text = text.replace(json.dumps(_PLACEHOLDER), body, 1)
    return text


def _finding(f: Finding) -> str:
    s = encode_basestring  # the C string encoder json.dumps itself uses
    return (
        f'    {{\n      "path": {s(f.path)},\n      "line": {int(f.line)},\n'
        f'      "column": {int(f.column)},\n      "end_line": {int(f.end_line)},\n'
        f'      "end_column": {int(f.end_column)},\n      "rule": {s(f.rule)},\n'
        f'      "name": {s(f.name)},\n      "severity": {s(f.severity.value)},\n'
        f'      "message": {s(f.message)},\n      "excerpt": {s(f.excerpt)}'
        f'{_fix(f.fix) if f.fix is not None else ""}\n    }}'
    )


def _fix(fix: Fix) -> str:
    """The finding's ``"fix"`` member, indented as json.dumps writes it at that depth."""
    payload = {
        "applicability": fix.applicability.value,
        "message": fix.description,
        "edits": [{"content": e.text, "location": {"row": e.line, "column": e.column},
                   "end_location": {"row": e.end_line, "column": e.end_column}}
                  for e in fix.edits],
    }
    body = json.dumps(payload, indent=2, ensure_ascii=False).replace("\n", "\n      ")
    return f',\n      "fix": {body}'
