"""GitHub Actions workflow commands: findings appear inline on pull requests.

One line per finding, ``::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::M``
(``error``, ``warning`` or ``notice`` by severity). Values are escaped as the Actions
runner expects: ``%``, CR and LF in messages; additionally ``:`` and ``,`` in properties.
Files that could not be checked become ``::error`` lines too. Nothing else is printed, so
the output can go straight to the log.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from factlint.reporters import ReportOptions

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.finding import Finding

CI_SAFE = "escaped"  # see factlint.reporters._neutralised

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    """The workflow command for one finding.

    GitHub's columns are inclusive and apply only to single-line annotations, while
    factlint's end column points just past the span; both are converted here.
    """
    last_line = finding.end_line
    if last_line > finding.line and finding.end_column == 1:
        last_line -= 1  # the span stops at the start of a line it does not cover
    props = [("file", finding.path.replace(os.sep, "/")), ("line", str(finding.line))]
    if last_line == finding.line:
        end_col = max(finding.column, finding.end_column - 1)
        props += [("col", str(finding.column)), ("endLine", str(last_line)),
                  ("endColumn", str(end_col))]
    else:
        props.append(("endLine", str(last_line)))
    props.append(("title", f"{finding.rule} {finding.name}"))
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{_LEVEL[finding.severity.value]} {head}::{escape_data(finding.message)}"


def render(result: RunResult, options: ReportOptions) -> str:
    lines = [command(f) for f in result.findings]
    lines += [f"::error title=factlint::{escape_data(err)}" for err in result.errors]
    return "\n".join(lines) + ("\n" if lines else "")
