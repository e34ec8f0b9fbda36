"""The GitHub Action's work (``action.yml`` at the repository root runs ``python -m
factlint.github_action``): check the articles a pull request changed, annotate it within
GitHub's limits, summarise everything in the job summary, and say how the job should end.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; more are
dropped silently. So the findings are ordered by severity (errors first), then path, line
and column, the first 10 of each level become workflow commands (``::error file=…``), and
the step summary ($GITHUB_STEP_SUMMARY) has every finding: counts per rule and per file and
a table of those not annotated. The inputs come as ``INPUT_*`` environment variables (the
action maps its inputs to them); the step's outputs go to $GITHUB_OUTPUT: ``findings``,
``errors``, ``warnings``, ``infos``, ``annotated``, ``exit-code`` (what ``--fail-on`` says:
0, 1 findings, 2 files that could not be checked or bad input), ``report`` (the JSON
report) and ``sarif-file`` (when SARIF was asked for). The step itself exits 0 once the
report is written, so the action can upload SARIF before its last step fails the job.

factlint itself runs as ``python -m factlint check --format json`` in a subprocess, exactly
as a user would run it (the same options, config and cache), so nothing here decides what
is wrong: this module only selects, orders and formats.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factlint.cli_common import exit_code as exit_code_for
from factlint.finding import Finding
from factlint.reporters.github import command, escape_data

__all__ = ["ANNOTATION_LIMIT", "Inputs", "main", "summary", "workflow_commands"]

ANNOTATION_LIMIT = 10  # per level and step: GitHub's own limit
SUMMARY_LIMIT = 1_000_000  # bytes; GitHub refuses a step summary above 1 MiB
_FAIL_ON = ("error", "warning", "info", "never")
_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


class ActionError(Exception):
    """A bad input: one line on the log, exit code 2."""


@dataclass
class Inputs:
    """The action's inputs, from ``INPUT_*`` variables as the runner sets them."""

    paths: list[str] = field(default_factory=lambda: ["."])
    changed_only: str = "true"  # true: changed lines; files: changed files whole; false: all
    base: str = ""
    facts: list[str] = field(default_factory=list)
    archive: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    sarif: bool = False
    args: list[str] = field(default_factory=list)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        def get(name: str) -> str:
            # action.yml passes INPUT_CHANGED_ONLY; a JavaScript-style runner would pass
            # the name upper-cased with its dash kept.
            key = f"INPUT_{name.upper()}"
            return env.get(key.replace("-", "_"), env.get(key, "")).strip()

        changed = get("changed-only").lower() or "true"
        if changed not in ("true", "false", "files"):
            raise ActionError(f"changed-only must be true, files or false, not {changed!r}")
        fail_on = get("fail-on").lower() or "warning"
        if fail_on not in _FAIL_ON:
            raise ActionError(f"fail-on must be one of {', '.join(_FAIL_ON)}, not {fail_on!r}")
        sarif = get("sarif").lower() or "false"
        if sarif not in ("true", "false"):
            raise ActionError(f"sarif must be true or false, not {sarif!r}")
        try:
            args = shlex.split(get("args"))
        except ValueError as exc:
            raise ActionError(f"args: {exc}") from None
        base = get("base") or (f"origin/{env['GITHUB_BASE_REF']}"
                               if env.get("GITHUB_BASE_REF") else "")
        return cls(paths=_words(get("paths")) or ["."], changed_only=changed, base=base,
                   facts=_words(get("facts")), archive=_words(get("archive")),
                   fail_on=fail_on, sarif=sarif == "true", args=args)


def _words(value: str) -> list[str]:
    """A list input: one item a line (or separated by spaces, quoted as in a shell)."""
    try:
        return [w for line in value.splitlines() for w in shlex.split(line)]
    except ValueError as exc:
        raise ActionError(f"cannot read {value!r}: {exc}") from None


def check_command(inputs: Inputs, fmt: str, output: str,
                  changed_files: Sequence[str] | None) -> list[str]:
    """The ``factlint check`` command line for one report format."""
    cmd = [sys.executable, "-m", "factlint", "check", "--format", fmt, "--output", output,
           "--fail-on", "never"]
    for f in inputs.facts:
        cmd += ["--facts", f]
    for a in inputs.archive:
        cmd += ["--archive", a]
    paths = list(inputs.paths)
    if inputs.changed_only == "true" and inputs.base:
        cmd += ["--changed-since", inputs.base]
    elif inputs.changed_only == "files" and changed_files is not None:
        # The other articles of the paths are still compared with, for FL206.
        if not inputs.archive:
            for p in inputs.paths:
                cmd += ["--archive", p]
        paths = list(changed_files)
    return [*cmd, *inputs.args, "--", *paths]


def changed_articles(base: str, paths: Sequence[str], cwd: str) -> list[str]:
    """Files changed since the merge base with ``base`` (added, copied, modified, renamed)
    under ``paths``: what ``changed-only: files`` checks."""
    from factlint.parse import LINTABLE_SUFFIXES

    proc = subprocess.run(["git", "diff", "--name-only", "--relative", "-z",
                           "--diff-filter=ACMR", "--merge-base", base, "--", *paths],
                          cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ActionError(f"git diff against {base} failed: {proc.stderr.strip()}")
    return sorted(p for p in proc.stdout.split("\0")
                  if p and os.path.splitext(p)[1].lower() in LINTABLE_SUFFIXES)


# -- what is shown ------------------------------------------------------------------------
def ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; by path, line and column within each."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.path, f.line, f.column,
                                           f.rule, f.message))


def workflow_commands(findings: Sequence[Finding], errors: Sequence[str],
                limit: int = ANNOTATION_LIMIT) -> tuple[list[str], list[Finding]]:
    """The workflow commands to print (at most ``limit`` per level; files that could not
    be checked count as errors and come first) and the findings left out."""
    lines = [f"::error title=factlint::{escape_data(e)}" for e in errors[:limit]]
    used = Counter({"error": len(lines)})
    rest = []
    for f in ordered(findings):
        level = _LEVEL[f.severity.value]
        if used[level] < limit:
            used[level] += 1
            lines.append(command(f))
        else:
            rest.append(f)
    return lines, rest


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no markup, links, HTML or line breaks."""
    out = []
    for ch in text.replace("\r", " ").replace("\n", " "):
        if ch == "<":
            out.append("&lt;")
        elif ch == "&":
            out.append("&amp;")
        elif ch in "\\`*_{}[]()#+-.!|~>":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def summary(findings: Sequence[Finding], errors: Sequence[str], rest: Sequence[Finding],
            files_checked: int, scope: str, fail_on: str, exit_code: int,
            limit: int = SUMMARY_LIMIT) -> str:
    """The job summary: the verdict, counts per rule and per file, the findings that were
    not annotated (and the files that could not be checked), within ``limit`` bytes."""
    counts = Counter(f.severity.value for f in findings)
    verdict = {0: "passed", 1: "failed", 2: "failed"}[exit_code]
    lines = ["## factlint", ""]
    lines.append(f"**{verdict}** ({scope}; fail-on: {fail_on}): {len(findings)} findings in "
                 f"{len({f.path for f in findings})} of {files_checked} files checked — "
                 f"{counts['error']} errors, {counts['warning']} warnings, "
                 f"{counts['info']} info" + (f"; {len(errors)} files could not be checked"
                                            if errors else "") + ".")
    if rest:
        lines += ["", f"{len(findings) - len(rest)} are annotated on the pull request "
                  f"(GitHub shows at most {ANNOTATION_LIMIT} of each level per step); "
                  f"the other {len(rest)} are listed below."]
    if errors:
        lines += ["", "### Files that could not be checked", ""]
        lines += [f"- {_cell(e)}" for e in errors]
    if findings:
        lines += ["", "### Findings per rule", "", "| rule | name | severity | findings |",
                  "|---|---|---|---:|"]
        per_rule = Counter((f.rule, f.name, f.severity.value) for f in findings)
        for (rule, name, sev), n in sorted(per_rule.items(),
                                           key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"| {rule} | {_cell(name)} | {sev} | {n} |")
        lines += ["", "### Findings per file", "", "| file | errors | warnings | info |",
                  "|---|---:|---:|---:|"]
        per_file: dict[str, Counter[str]] = {}
        for f in findings:
            per_file.setdefault(f.path, Counter())[f.severity.value] += 1
        for path, c in sorted(per_file.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            lines.append(f"| {_cell(path)} | {c['error']} | {c['warning']} | {c['info']} |")
    text = "\n".join(lines) + "\n"
    if not rest:
        return text
    table = ["", "### Not annotated", "", "| file | line | rule | severity | message |",
             "|---|---:|---|---|---|"]
    size = len(text.encode("utf-8")) + sum(len(t) + 1 for t in table) + 200
    shown = 0
    for f in rest:
        row = (f"| {_cell(f.path)} | {f.line}:{f.column} | {f.rule} | {f.severity.value} | "
               f"{_cell(f.message)} |")
        size += len(row.encode("utf-8")) + 1
        if size > limit:
            break
        table.append(row)
        shown += 1
    if shown < len(rest):
        table += ["", f"… and {len(rest) - shown} more (the job summary is limited to 1 MiB: "
                  "see the JSON report for all of them)."]
    return text + "\n".join(table) + "\n"


# -- the step -----------------------------------------------------------------------------
def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)


def _output(path: str | None, values: Mapping[str, Any]) -> None:
    _append(path, "".join(f"{k}={v}\n" for k, v in values.items()))


def run(env: Mapping[str, str]) -> int:
    """Do the step's work; the exit code of the step itself (0 once reported)."""
    inputs = Inputs.from_env(env)
    cwd = env.get("GITHUB_WORKSPACE") or os.getcwd()
    temp = Path(env.get("RUNNER_TEMP") or cwd)
    report = str(temp / "factlint.json")
    changed: list[str] | None = None
    if inputs.changed_only != "false" and not inputs.base:
        print("::notice title=factlint::no pull request base to compare with: every article "
              "is checked", flush=True)
        scope = "every article"
    elif inputs.changed_only == "true":
        scope = f"lines changed since {inputs.base}"
    elif inputs.changed_only == "files":
        changed = changed_articles(inputs.base, inputs.paths, cwd)
        scope = f"{len(changed)} articles changed since {inputs.base}"
    else:
        scope = "every article"
    outputs: dict[str, Any] = {"report": report}
    if changed == []:
        data: dict[str, Any] = {"files_checked": 0, "findings": [], "errors": []}
    else:
        data = _factlint(check_command(inputs, "json", report, changed), cwd, report)
        if inputs.sarif:
            sarif = str(temp / "factlint.sarif")
            _factlint(check_command(inputs, "sarif", sarif, changed), cwd, sarif)
            outputs["sarif-file"] = sarif
    findings, errors = read_report(data)
    code = exit_code_for(findings, errors, inputs.fail_on)
    lines, rest = workflow_commands(findings, errors)
    sys.stdout.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()
    _append(env.get("GITHUB_STEP_SUMMARY"),
            summary(findings, errors, rest, int(data["files_checked"]), scope,
                    inputs.fail_on, code))
    counts = Counter(f.severity.value for f in findings)
    outputs.update({"findings": len(findings), "errors": counts["error"],
                    "warnings": counts["warning"], "infos": counts["info"],
                    "annotated": len(lines), "exit-code": code})
    _output(env.get("GITHUB_OUTPUT"), outputs)
    return 0


def read_report(data: Mapping[str, Any]) -> tuple[list[Finding], list[str]]:
    """The findings and errors of a JSON report (a finding's suggested fix, in ruff's
    shape there, is not shown by the action and is left out)."""
    findings = [Finding.from_dict({k: v for k, v in d.items() if k != "fix"})
                for d in data["findings"]]
    return findings, [str(e) for e in data["errors"]]


def _factlint(cmd: list[str], cwd: str, report: str) -> dict[str, Any]:
    """Run one factlint check (its warnings and errors go to the log) and read its report."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(report)
    proc = subprocess.run(cmd, cwd=cwd, check=False)
    if proc.returncode not in (0, 2) or not os.path.exists(report):
        raise ActionError(f"factlint check exited {proc.returncode} without a report "
                          f"(command: {shlex.join(cmd[1:])})")
    if not report.endswith(".json"):
        return {}
    with open(report, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def main(argv: Sequence[str] | None = None) -> int:
    if argv:
        print("usage: python -m factlint.github_action (inputs come as INPUT_* variables)",
              file=sys.stderr)
        return 2
    try:
        return run(os.environ)
    except ActionError as exc:
        print(f"::error title=factlint::{escape_data(str(exc))}", flush=True)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
