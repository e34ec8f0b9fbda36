"""Human-readable output: ``path:line:col: severity CODE message [slug]`` plus the excerpt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factlint.reporters import ReportOptions
from factlint.safeio import neutralise_commands, printable
from factlint.textutil import first_line

if TYPE_CHECKING:
    from factlint.engine import RunResult

CI_SAFE = "escaped"  # see factlint.reporters._neutralised

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render(result: RunResult, options: ReportOptions) -> str:
    lines: list[str] = []
    for f in result.findings:
        sev = f.severity.value
        # Paths, messages and excerpts come from the article: escaped so that none can
        # start a line, move the cursor, or read as a CI runner's workflow command.
        path, message = printable(f.path), printable(f.message)
        if options.color:
            head = (f"{_BOLD}{path}:{f.line}:{f.column}:{_RESET} {_COLOURS[sev]}{sev}{_RESET} "
                    f"{_BOLD}{f.rule}{_RESET} {message} {_DIM}[{f.name}]{_RESET}")
        else:
            head = f"{path}:{f.line}:{f.column}: {sev} {f.rule} {message} [{f.name}]"
        lines.append(neutralise_commands(head))
        excerpt = printable(first_line(f.excerpt.strip()))
        if excerpt:
            lines.append(neutralise_commands(f"    {excerpt}"))
    if not options.quiet:
        counts = result.counts()
        files = "file" if result.files_checked == 1 else "files"
        summary = (f"{result.files_checked} {files} checked: {counts['error']} errors, "
                   f"{counts['warning']} warnings, {counts['info']} info")
        if result.errors:
            summary += f"; {len(result.errors)} could not be checked"
        lines.append(summary)
    return "\n".join(lines) + ("\n" if lines else "")
