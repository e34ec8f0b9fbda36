"""Machine-readable output, stable and documented in the README.

``{"version": 1, "files_checked": N, "findings": [...], "errors": [...]}``; each
finding has path, line, column, end_line, end_column, rule, name, severity,
message and excerpt. ``version`` is the format version, bumped only on breaking change.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from factlint.reporters import ReportOptions

if TYPE_CHECKING:
    from factlint.engine import RunResult

FORMAT_VERSION = 1


def render(result: RunResult, options: ReportOptions) -> str:
    payload: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "files_checked": result.files_checked,
        "findings": [f.to_dict() for f in result.findings],
        "errors": list(result.errors),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
