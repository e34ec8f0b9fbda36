"""The GitHub Action (action.yml): its steps run locally by scripts/run_action.py on a
fixture repository with a pull request's changes, and the module it runs
(factlint.github_action) on its own.

The end-to-end test installs a copy of this checkout with the action's own install step
into a fresh virtualenv (as ``actions/setup-python`` would provide) and runs every step as
the runner would: annotations within GitHub's limits, the job summary, the outputs, the
SARIF upload step and the exit code. About a minute (one pip install).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from factlint.finding import Finding, Severity
from factlint.github_action import (
    ActionError,
    Inputs,
    check_command,
    exit_code_for,
    main,
    read_report,
    summary,
    workflow_commands,
)
from tests.conftest import REPO, copy_checkout, run_cmd, write

_spec = importlib.util.spec_from_file_location("run_action", REPO / "scripts" / "run_action.py")
assert _spec is not None and _spec.loader is not None
run_action_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_action_mod)

PARAGRAPHS = [
    "Moonlit Garden follows Mia, a stagehand at a failing theatre who dreams of singing on "
    "the stage she sweeps every night, while the director hides the company's debts from the "
    "actors and the landlord.",
    "The racing game's anniversary update adds four tracks along a coastal highway, a revised "
    "handling model for rear-wheel cars and a photo mode that players had requested.",
    "Composer Ren Aoki recorded the soundtrack with a string quartet in a converted chapel, "
    "and the vinyl edition adds three demos that were cut from the final release.",
]


def repeated_headings(title: str) -> str:
    """Three repeats of one heading (three FL101, errors in the fixture's config)."""
    return (f"# {title}\n\n" + "".join(f"## Cast\n\nCast note {n}.\n\n" for n in range(4))
            + "## Story\n\n" + "\n\n".join(PARAGRAPHS) + "\n")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    proc = run_cmd(["git", *args], repo, env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A repository whose base commit holds a published article and an old article with
    findings of its own, and whose pull request adds four articles, each repeating a
    heading three times and copying the published article's three paragraphs."""
    repo = tmp_path_factory.mktemp("site")
    git(repo, "init", "-q", "-b", "main")
    write(repo / ".factlint.yaml", "severity:\n  FL101: error\n")
    write(repo / ".gitignore", ".factlint_cache/\n")
    write(repo / "posts" / "published.md", "# Published\n\n" + "\n\n".join(PARAGRAPHS) + "\n")
    write(repo / "posts" / "old.md", "# Old\n\n## Cast\n\nOne.\n\n## Cast\n\nTwo.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "published")
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "pr")
    for k in range(4):
        write(repo / "posts" / f"new-{k}.md", repeated_headings(f"New article {k}"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "four new articles")
    return repo, base


@pytest.fixture(scope="module")
def action_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of this checkout (the action's source) and an environment whose ``python``
    is a fresh virtualenv's, without factlint: the action's install step installs it."""
    root = tmp_path_factory.mktemp("action")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "VIRTUAL_ENV", "PYTHON", "GITHUB_", "INPUT_"))}
    copy_checkout(root / "factlint", env)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    here = str(Path(sys.executable).parent)
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != here]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    return root / "factlint" / "action.yml", env


def run(action_env: tuple[Path, dict[str, str]], workspace: Path, inputs: dict[str, str],
        base: str) -> dict[str, Any]:
    action, env = action_env
    event = {"pull_request": {"base": {"sha": base}}}
    return run_action_mod.run_action(workspace, inputs, event, env=env, action=action)


def step(result: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [s for s in result["steps"] if s["name"] == name]
    return found


def commands(stdout: str, level: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"::{level} ")]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_action_annotates_summarises_uploads_and_fails(action_env, pull_request) -> None:  # type: ignore[no-untyped-def]
    repo, base = pull_request
    result = run(action_env, repo, {"paths": "posts", "sarif": "true",
                                    "args": "--select FL101,FL206"}, base)
    install, lint = step(result, "Install factlint"), step(result, "factlint")
    assert install["exit"] == 0, install["stderr"]
    assert lint["exit"] == 0, lint["stderr"]
    errors, warnings = commands(lint["stdout"], "error"), commands(lint["stdout"], "warning")
    # 12 errors and 12 warnings: GitHub shows 10 of each, so exactly 10 of each are printed,
    # errors in path and line order; posts/old.md did not change and is not reported.
    assert len(errors) == 10 and len(warnings) == 10
    assert errors[0] == ("::error file=posts/new-0.md,line=7,col=4,endLine=7,endColumn=7,"
                         "title=FL101 duplicate-heading::heading repeats the heading on line 3; "
                         "merge the two sections or give this one a heading that says what "
                         "it covers")
    assert [e.split(",")[0] for e in errors] == ["::error file=posts/new-0.md"] * 3 + [
        "::error file=posts/new-1.md"] * 3 + ["::error file=posts/new-2.md"] * 3 + [
        "::error file=posts/new-3.md"]
    assert all("title=FL206 duplicate-across-files" in w for w in warnings)
    assert "old.md" not in lint["stdout"]
    assert lint["outputs"]["findings"] == "24" and lint["outputs"]["exit-code"] == "1"
    assert lint["outputs"]["annotated"] == "20"
    # The summary: the verdict, counts per rule and per file, the four not annotated.
    text = result["summary"]
    assert text.startswith("## factlint\n\n**failed** (lines changed since " + base)
    assert "24 findings in 4 of 4 files checked — 12 errors, 12 warnings, 0 info." in text
    assert "| FL101 | duplicate\\-heading | error | 12 |" in text
    assert "| FL206 | duplicate\\-across\\-files | warning | 12 |" in text
    assert "| posts/new\\-0\\.md | 3 | 3 | 0 |" in text
    rest = text.split("### Not annotated")[1].strip().splitlines()[2:]
    assert [row.split(" | ")[0:3] for row in rest] == [
        ["| posts/new\\-3\\.md", "11:4", "FL101"], ["| posts/new\\-3\\.md", "15:4", "FL101"],
        ["| posts/new\\-3\\.md", "23:1", "FL206"], ["| posts/new\\-3\\.md", "25:1", "FL206"]]
    # SARIF was written and handed to the upload step; the last step fails the job.
    upload = step(result, "Upload SARIF")
    assert upload["ran"] and upload["with"]["category"] == "factlint"
    sarif = json.loads(Path(upload["with"]["sarif_file"]).read_text("utf-8"))
    assert len(sarif["runs"][0]["results"]) == 24
    gate = step(result, "Fail per fail-on")
    assert gate["ran"] and gate["exit"] == 1
    assert result["failed"] is True
    assert result["outputs"]["findings"] == "24" and result["outputs"]["exit-code"] == "1"

    # Every article, nothing fails the job: old.md's finding appears, SARIF is not uploaded.
    result = run(action_env, repo, {"paths": "posts", "changed-only": "false",
                                    "fail-on": "never", "args": "--select FL101"}, base)
    lint = step(result, "factlint")
    assert lint["exit"] == 0, lint["stderr"]
    assert "::error file=posts/new-0.md,line=7" in lint["stdout"]
    assert lint["outputs"]["findings"] == "13" and lint["outputs"]["exit-code"] == "0"
    assert "| posts/old\\.md | 1 | 0 | 0 |" in result["summary"]
    assert not step(result, "Upload SARIF")["ran"]
    assert step(result, "Fail per fail-on")["exit"] == 0 and result["failed"] is False



def test_the_action_declares_what_the_docs_and_runner_use() -> None:
    spec = yaml.safe_load((REPO / "action.yml").read_text("utf-8"))
    assert spec["runs"]["using"] == "composite"
    assert set(spec["inputs"]) == {"paths", "changed-only", "base", "facts", "archive",
                                   "fail-on", "sarif", "args"}
    install = spec["runs"]["steps"][0]["run"]
    assert '"${{ github.action_path }}"' in install  # the action's own (tagged) source
    lint = spec["runs"]["steps"][1]
    assert set(lint["env"]) == {f"INPUT_{name.upper().replace('-', '_')}"
                                for name in spec["inputs"]}


# -- the module, in process ---------------------------------------------------------------
def finding(path: str, line: int, severity: str, rule: str = "FL101") -> Finding:
    return Finding(path=path, line=line, column=1, end_line=line, end_column=5, rule=rule,
                   name="duplicate-heading", severity=Severity(severity),
                   message="heading repeats | a *heading*", excerpt="Cast")


def test_commands_keep_to_ten_per_level_most_severe_first() -> None:
    found = [finding(f"p/{k % 3}.md", k + 1, sev) for k in range(30)
             for sev in ("info", "warning", "error")]
    lines, rest = workflow_commands(found, ["p/x.md: cannot read"])
    levels = [line.split(" ")[0] for line in lines]
    assert levels == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * 10
    assert lines[0] == "::error title=factlint::p/x.md: cannot read"
    errs = [line for line in lines if line.startswith("::error file=")]
    assert [e.split(",")[0:2] for e in errs[:3]] == [
        ["::error file=p/0.md", "line=1"], ["::error file=p/0.md", "line=4"],
        ["::error file=p/0.md", "line=7"]]
    assert len(rest) == 90 - 29
    assert [f.severity.value for f in rest[:21]] == ["error"] * 21


def test_summary_escapes_markup_and_keeps_under_its_limit() -> None:
    found = [finding("posts/[a](x).md", k + 1, "warning") for k in range(400)]
    _, rest = workflow_commands(found, [])
    text = summary(found, [], rest, 1, "every article", "warning", 1, limit=20_000)
    assert len(text.encode("utf-8")) <= 20_000
    assert "posts/\\[a\\]\\(x\\)\\.md" in text and "[a](x)" not in text
    assert "heading repeats \\| a \\*heading\\*" in text
    assert "more (the job summary is limited to 1 MiB" in text
    assert "10 are annotated on the pull request" in text


def test_a_bad_input_is_one_error_line(capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INPUT_FAIL_ON", "sometimes")
    assert main([]) == 2
    assert capsys.readouterr().out == (
        "::error title=factlint::fail-on must be one of error, warning, info, never, "
        "not 'sometimes'\n")


def test_inputs_and_exit_codes() -> None:
    inputs = Inputs.from_env({"INPUT_PATHS": "posts\n'news desk'", "INPUT_FAIL_ON": "error",
                              "INPUT_ARGS": "--select FL1 --jobs 1", "GITHUB_BASE_REF": "main"})
    assert inputs.paths == ["posts", "news desk"] and inputs.base == "origin/main"
    cmd = check_command(inputs, "json", "out.json", None)
    assert cmd[-7:] == ["--select", "FL1", "--jobs", "1", "--", "posts", "news desk"]
    assert cmd[cmd.index("--changed-since"):][:2] == ["--changed-since", "origin/main"]
    files = check_command(Inputs(changed_only="files", base="b"), "json", "o", ["a.md"])
    assert files[-4:] == ["--archive", ".", "--", "a.md"]
    for bad in ({"INPUT_CHANGED_ONLY": "maybe"}, {"INPUT_SARIF": "yes"},
                {"INPUT_ARGS": "'unclosed"}):
        with pytest.raises(ActionError):
            Inputs.from_env(bad)
    warn = [finding("a.md", 1, "warning")]
    assert exit_code_for(warn, [], "warning") == 1
    assert exit_code_for(warn, [], "error") == 0
    assert exit_code_for(warn, [], "never") == 0
    assert exit_code_for([], ["a.md: unreadable"], "never") == 2


def test_the_runner_evaluates_what_it_knows_and_refuses_the_rest() -> None:
    ev = run_action_mod.Evaluator({"inputs": {"sarif": "true"},
                                   "steps": {"f": {"outputs": {"sarif-file": ""}}}}, "success")
    assert ev.evaluate("inputs.sarif == 'true' && steps.f.outputs.sarif-file != ''") is False
    assert ev.evaluate("inputs.sarif == 'TRUE' || failure()") is True
    assert ev.evaluate("!(inputs.missing)") is True
    with pytest.raises(run_action_mod.Unsupported):
        ev.evaluate("contains(inputs.sarif, 't')")
    with pytest.raises(run_action_mod.Unsupported):
        ev.evaluate("inputs.sarif ==")


def test_a_report_with_fixes_is_read() -> None:
    data = {"files_checked": 1, "errors": ["b.md: unreadable"], "findings": [{
        "path": "a.md", "line": 2, "column": 3, "end_line": 2, "end_column": 7,
        "rule": "FL506", "name": "repeated-word", "severity": "warning",
        "message": "word repeated", "excerpt": "the the",
        "fix": {"applicability": "safe", "message": "Delete it", "edits": [
            {"content": "", "location": {"row": 2, "column": 3},
             "end_location": {"row": 2, "column": 7}}]}}]}
    findings, errors = read_report(data)
    assert [(f.path, f.line, f.rule, f.severity) for f in findings] == [
        ("a.md", 2, "FL506", Severity.WARNING)]
    assert errors == ["b.md: unreadable"]
