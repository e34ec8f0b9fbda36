"""GitLab code-quality report (``artifacts:reports:codequality``).

A JSON array of issues with description, check_name, fingerprint, severity and
location (path and begin line). GitLab shows them in merge requests. Fingerprints do
not depend on line numbers, so a finding keeps its identity when text above it moves;
identical findings in one file are told apart by their order.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from factlint.reporters import ReportOptions

if TYPE_CHECKING:
    from factlint.engine import RunResult

CI_SAFE = "json"  # see factlint.reporters._neutralised

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(result: RunResult, options: ReportOptions) -> str:
    seen: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, Any]] = []
    for f in result.findings:
        identity = (f.rule, f.path, " ".join(f.excerpt.split()))
        seen[identity] += 1
        text = "\0".join([*identity, str(seen[identity])])
        issues.append({
            "description": f"{f.rule} {f.message}",
            "check_name": f"{f.rule} {f.name}",
            "fingerprint": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "severity": _SEVERITY[f.severity.value],
            "location": {"path": f.path.replace(os.sep, "/"),
                         "lines": {"begin": f.line, "end": f.end_line}},
            "categories": ["Style"],
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
