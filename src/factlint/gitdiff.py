"""Lines changed against a git revision, for ``--diff`` / ``--changed-since REV``.

An archive adopts factlint gradually by gating only what a change touches: findings
whose lines were not added or modified since ``REV`` are dropped. Changes are read
from ``git diff -U0 --merge-base REV`` (the working tree, staged or not, against the
point where the current branch left ``REV``); files git does not track yet count as
changed everywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factlint.errors import UsageError
from factlint.finding import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass
class ChangedLines:
    """Changed line numbers per file (paths relative to the repository root, with /)."""

    root: Path
    lines: dict[str, set[int]] = field(default_factory=dict)
    whole_files: set[str] = field(default_factory=set)  # untracked: every line is new

    def key(self, path: str) -> str | None:
        """The repository-relative name of ``path``, or None when it is outside the repo."""
        try:
            rel = Path(os.path.realpath(path)).relative_to(self.root)
        except ValueError:
            return None
        return rel.as_posix()

    def touches(self, finding: Finding) -> bool:
        key = self.key(finding.path)
        if key is None:
            return True  # not in the repository (stdin, another tree): nothing to compare
        if key in self.whole_files:
            return True
        changed = self.lines.get(key)
        if not changed:
            return False
        last = finding.end_line
        if last > finding.line and finding.end_column == 1:
            last -= 1  # the span ends at the start of a line it does not cover
        return any(n in changed for n in range(finding.line, last + 1))

    def touches_file(self, path: str) -> bool:
        """True when some line of ``path`` changed (or it is outside the repository)."""
        key = self.key(path)
        return key is None or key in self.whole_files or bool(self.lines.get(key))

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if self.touches(f)]


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual file names ("a\\"b.md", octal bytes)."""
    if not (len(name) >= 2 and name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "surrogateescape")


def _git(args: list[str], cwd: Path | None = None) -> str:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
            text=True, encoding="utf-8", errors="surrogateescape", check=False,
        )
    except OSError as exc:
        raise UsageError(f"--changed-since needs git, which could not be run: {exc}") from None
    if proc.returncode != 0:
        detail = (proc.stderr.strip().splitlines() or ["git failed"])[-1]
        raise UsageError(f"git {args[0]} failed: {detail}")
    return proc.stdout


def changed_lines(rev: str) -> ChangedLines:
    """Lines added or changed in the working tree since ``rev`` (see the module doc)."""
    if rev.startswith("-"):
        raise UsageError(f"--changed-since: '{rev}' is not a git revision")
    try:
        root_text = _git(["rev-parse", "--show-toplevel"])
    except UsageError:
        raise UsageError("--diff/--changed-since need a git repository; run factlint inside "
                         "one or drop the option") from None
    root = Path(os.path.realpath(root_text.strip()))
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=root)
    except UsageError:
        raise UsageError(f"--changed-since: unknown git revision '{rev}'") from None
    out = _git(["diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames",
                "--merge-base", rev, "--"], cwd=root)
    result = ChangedLines(root)
    current: set[int] | None = None
    for line in out.splitlines():
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))  # git appends a tab to names with spaces
            if name == "/dev/null":
                current = None
                continue
            name = name[2:] if name.startswith("b/") else name
            current = result.lines.setdefault(name, set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or "1")
                current.update(range(start, start + count))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], cwd=root)
    result.whole_files = {name for name in untracked.split("\0") if name}
    return result
