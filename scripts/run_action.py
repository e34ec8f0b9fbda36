"""Run the composite action in ``action.yml`` locally, step by step, as GitHub's runner would.

    python scripts/run_action.py --workspace REPO [--input name=value ...] [--base SHA]

Each ``run:`` step is run with ``bash --noprofile --norc -eo pipefail`` (the runner's bash)
after its ``${{ … }}`` expressions are evaluated, in the workspace, with the runner's
variables emulated: GITHUB_WORKSPACE, GITHUB_ACTION_PATH (and ``github.action_path``, the
folder holding action.yml), RUNNER_TEMP, a fresh GITHUB_OUTPUT file per step (read back
into ``steps.<id>.outputs``) and GITHUB_STEP_SUMMARY (collected into the job summary).
A step's ``if:`` is evaluated too; a failed step skips the later ones unless their
condition says otherwise, as on GitHub. ``uses:`` steps cannot run here: the one this
action uses, ``github/codeql-action/upload-sarif``, is recorded with its inputs (and its
SARIF file checked to exist and be SARIF 2.1.0); any other ``uses:`` is an error.

The expression evaluator knows what action.yml needs and nothing more: context paths
(``inputs.x``, ``steps.id.outputs.y``, ``github.…``), string literals, ``==``, ``!=``,
``&&``, ``||``, ``!``, parentheses and ``success()``/``failure()``/``always()``/
``cancelled()``; anything else stops the run, so the emulation cannot silently diverge.

Prints the steps' output and, at the end, a JSON line ``{"steps": […], "summary": …,
"outputs": {…}, "failed": bool}``; exits 1 when a step failed (the job would fail).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ACTION = Path(__file__).resolve().parent.parent / "action.yml"
_EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))"
                    r"|(?P<name>[A-Za-z_][\w.-]*(?:\(\))?))")


class Unsupported(Exception):
    """An expression or step this emulation does not know: the run stops."""


class Evaluator:
    """GitHub expressions over nested dicts; falsy values are '', None, false, 0."""

    def __init__(self, contexts: dict[str, Any], status: str) -> None:
        self.contexts = contexts
        self.status = status  # "success" or "failure" so far

    def tokens(self, text: str) -> list[tuple[str, str]]:
        out, pos = [], 0
        text = text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise Unsupported(f"cannot read expression {text!r} at {pos}")
            kind = m.lastgroup
            assert kind is not None
            out.append((kind, m.group(kind)))
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
        return out

    def evaluate(self, text: str) -> Any:
        self._toks = self.tokens(text)
        self._at = 0
        value = self._or()
        if self._at != len(self._toks):
            raise Unsupported(f"trailing tokens in {text!r}")
        return value

    def _peek(self) -> tuple[str, str] | None:
        return self._toks[self._at] if self._at < len(self._toks) else None

    def _take(self) -> tuple[str, str]:
        tok = self._peek()
        if tok is None:
            raise Unsupported("expression ends early")
        self._at += 1
        return tok

    def _or(self) -> Any:
        value = self._and()
        while self._peek() == ("op", "||"):
            self._take()
            right = self._and()
            value = value if _truthy(value) else right
        return value

    def _and(self) -> Any:
        value = self._compare()
        while self._peek() == ("op", "&&"):
            self._take()
            right = self._compare()
            value = right if _truthy(value) else value
        return value

    def _compare(self) -> Any:
        value = self._unary()
        tok = self._peek()
        if tok in (("op", "=="), ("op", "!=")):
            self._take()
            right = self._unary()
            same = _loose(value) == _loose(right)
            return same if tok[1] == "==" else not same
        return value

    def _unary(self) -> Any:
        if self._peek() == ("op", "!"):
            self._take()
            return not _truthy(self._unary())
        if self._peek() == ("op", "("):
            self._take()
            value = self._or()
            if self._take() != ("op", ")"):
                raise Unsupported("unbalanced parentheses")
            return value
        kind, text = self._take()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind != "name":
            raise Unsupported(f"unexpected {text!r}")
        if text.endswith("()"):
            return {"success()": self.status == "success", "failure()": self.status == "failure",
                    "always()": True, "cancelled()": False}[text] if text in (
                "success()", "failure()", "always()", "cancelled()") else _fail(text)
        if text in ("true", "false"):
            return text == "true"
        value: Any = self.contexts
        for part in text.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


def _fail(text: str) -> Any:
    raise Unsupported(f"function {text} is not emulated")


def _truthy(value: Any) -> bool:
    return value not in (None, "", False, 0)


def _loose(value: Any) -> Any:
    """GitHub compares strings case-insensitively; null equals ''... close enough here."""
    if value is None:
        return ""
    return value.lower() if isinstance(value, str) else value


def _uses_status(condition: str) -> bool:
    return bool(re.search(r"\b(success|failure|always|cancelled)\(\)", condition))


def substitute(text: str, ev: Evaluator) -> str:
    def one(m: re.Match[str]) -> str:
        value = ev.evaluate(m.group(1))
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return _EXPR.sub(one, text)


def read_outputs(path: Path) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIMITER`` blocks, as the runner reads them."""
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            body = []
            i += 1
            while i < len(lines) and lines[i] != delim:
                body.append(lines[i])
                i += 1
            out[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        elif line.strip():
            raise Unsupported(f"bad GITHUB_OUTPUT line {line!r}")
        i += 1
    return out


def _check_sarif(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("version") != "2.1.0" or not isinstance(data.get("runs"), list):
        raise Unsupported(f"{path} is not SARIF 2.1.0")


def run_action(workspace: Path, inputs: dict[str, str], event: dict[str, Any],
               env: dict[str, str] | None = None, action: Path = ACTION) -> dict[str, Any]:
    """Run every step of ``action`` in ``workspace``; what happened, as a dict."""
    spec = yaml.safe_load(action.read_text(encoding="utf-8"))
    if spec.get("runs", {}).get("using") != "composite":
        raise Unsupported("not a composite action")
    action_path = str(action.parent)
    temp = Path(tempfile.mkdtemp(prefix="runner-temp-"))
    summary_parts: list[str] = []
    base_env = dict(os.environ if env is None else env)
    base_env.update({"GITHUB_WORKSPACE": str(workspace), "GITHUB_ACTION_PATH": action_path,
                     "RUNNER_TEMP": str(temp), "GITHUB_ACTIONS": "true", "CI": "true",
                     "GITHUB_EVENT_NAME": "pull_request" if "pull_request" in event
                     else "push"})
    given = {name: str(value) for name, value in inputs.items()}
    unknown = set(given) - set(spec.get("inputs", {}))
    if unknown:
        raise Unsupported(f"inputs the action does not declare: {sorted(unknown)}")
    contexts: dict[str, Any] = {"github": {"action_path": action_path,
                                           "workspace": str(workspace), "event": event},
                                "runner": {"temp": str(temp)}, "steps": {}, "inputs": {}}
    status = "success"
    for name, decl in spec.get("inputs", {}).items():
        default = str((decl or {}).get("default", ""))
        contexts["inputs"][name] = given.get(name, substitute(default, Evaluator(contexts,
                                                                                 status)))
    steps_done: list[dict[str, Any]] = []
    for n, step in enumerate(spec["runs"]["steps"]):
        ev = Evaluator(contexts, status)
        condition = str(step.get("if", ""))
        cond_text = _EXPR.sub(lambda m: m.group(1), condition)
        if condition and not _uses_status(condition):
            run_it = status == "success" and _truthy(ev.evaluate(cond_text))
        elif condition:
            run_it = _truthy(ev.evaluate(cond_text))
        else:
            run_it = status == "success"
        record: dict[str, Any] = {"name": step.get("name", f"step {n}"), "id": step.get("id"),
                                  "ran": run_it}
        steps_done.append(record)
        if not run_it:
            continue
        if "uses" in step:
            uses = str(step["uses"])
            with_ = {k: substitute(str(v), ev) for k, v in (step.get("with") or {}).items()}
            if not uses.startswith("github/codeql-action/upload-sarif@"):
                raise Unsupported(f"cannot run uses: {uses}")
            _check_sarif(with_["sarif_file"])
            record.update({"uses": uses, "with": with_, "exit": 0})
            continue
        if step.get("shell") != "bash":
            raise Unsupported("only bash steps are emulated")
        script = substitute(str(step["run"]), ev)
        step_env = dict(base_env)
        step_env.update({k: substitute(str(v), ev) for k, v in (step.get("env") or {}).items()})
        out_file = temp / f"output-{n}"
        summary_file = temp / f"summary-{n}"
        out_file.write_text("", encoding="utf-8")
        summary_file.write_text("", encoding="utf-8")
        step_env.update({"GITHUB_OUTPUT": str(out_file), "GITHUB_STEP_SUMMARY": str(summary_file)})
        script_file = temp / f"step-{n}.sh"
        script_file.write_text(script, encoding="utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                               str(script_file)], cwd=workspace, env=step_env,
                              capture_output=True, text=True, check=False)
        outputs = read_outputs(out_file)
        if step.get("id"):
            contexts["steps"][step["id"]] = {"outputs": outputs,
                                             "outcome": "success" if proc.returncode == 0
                                             else "failure"}
        summary_parts.append(summary_file.read_text(encoding="utf-8"))
        record.update({"exit": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr,
                       "outputs": outputs})
        if proc.returncode != 0:
            status = "failure"
    ev = Evaluator(contexts, status)
    action_outputs = {name: substitute(str(decl.get("value", "")), ev)
                      for name, decl in (spec.get("outputs") or {}).items()}
    return {"steps": steps_done, "summary": "".join(summary_parts), "outputs": action_outputs,
            "failed": status != "success"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", required=True, type=Path)
    ap.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--base", default="", help="the pull request's base commit")
    args = ap.parse_args()
    inputs = dict(item.split("=", 1) for item in args.input)
    event = {"pull_request": {"base": {"sha": args.base}}} if args.base else {}
    result = run_action(args.workspace.resolve(), inputs, event)
    for step in result["steps"]:
        print(f"--- {step['name']}: " + ("skipped" if not step["ran"]
                                          else f"exit {step['exit']}"))
        sys.stdout.write(step.get("stdout", ""))
        sys.stderr.write(step.get("stderr", ""))
    print(json.dumps({k: result[k] for k in ("summary", "outputs", "failed")}))
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
