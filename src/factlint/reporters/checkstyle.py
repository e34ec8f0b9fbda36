"""Checkstyle XML, read by Jenkins (warnings-ng), reviewdog, SonarQube and many editors.

``<checkstyle version="4.3">`` holds one ``<file name="...">`` per checked file, in path
order (files without findings too, as checkstyle lists them), and in each an ``<error>``
per finding with ``line``, ``column``, ``severity`` (``error``, ``warning`` or ``info``),
``message`` and ``source`` (``factlint.FL101``). Files that could not be checked are not
in the report: they are printed on stderr and make the exit code 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factlint.reporters import ReportOptions
from factlint.reporters._xml import DECLARATION, attributes

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.finding import Finding

CI_SAFE = "xml"  # see factlint.reporters._neutralised

VERSION = "4.3"  # the checkstyle report version other tools emit and read


def render(result: RunResult, options: ReportOptions) -> str:
    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    lines = [DECLARATION.rstrip("\n"), f"<checkstyle{attributes([('version', VERSION)])}>"]
    for path in sorted({*result.paths, *by_path}):
        found = by_path.get(path, [])
        if not found:
            lines.append(f"  <file{attributes([('name', path)])}/>")
            continue
        lines.append(f"  <file{attributes([('name', path)])}>")
        for f in found:
            message = f"{f.message} [{f.name}]"
            lines.append("    <error" + attributes([
                ("line", f.line), ("column", f.column), ("severity", f.severity.value),
                ("message", message), ("source", f"factlint.{f.rule}")]) + "/>")
        lines.append("  </file>")
    lines.append("</checkstyle>")
    return "\n".join(lines) + "\n"
