"""The server's one worker thread: loads the model, then checks the latest text of each
document that changed, and after that compares it with the workspace's other articles.

A multi-root workspace has one :class:`Project` per folder (its configuration and facts,
as the CLI run in that folder finds them); the thread works in a project's folder while
it runs that project's checks, so relative paths mean what they mean to the CLI there.

The editor's thread only hands over snapshots (uri, version, text) and never waits. A
newer snapshot of a document replaces the one waiting, so a check always starts on the
latest text; a change waits ``debounce`` seconds of quiet before it is checked. The
first checks after start wait for the model, and then see only the latest texts.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from factlint.finding import Finding
from factlint.lsp.convert import Lines
from factlint.lsp.project import Outcome, Problem, Project
from factlint.results import Source


@dataclass(frozen=True)
class Snapshot:
    """One version of an open document, as the editor last sent it."""

    uri: str
    version: int | None
    path: str  # as factlint reports it (relative to its workspace folder when inside it)
    text: str
    due: float = 0.0  # monotonic time before which it is not checked (debounce)
    root: str = ""  # its workspace folder (the project it is checked with)


@dataclass
class Hint:
    """What the editor's thread needs about one finding: the reference entries it rests
    on (for hovers) and, for FL406/FL407, where a new alias or character would go."""

    entries: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, text)
    name: str = ""  # the name the finding is about
    alias_of: tuple[str, int, str] | None = None  # (file, entry line, entry name)
    characters_file: str | None = None  # the reference file a new character goes in


@dataclass
class Checked:
    """A snapshot's findings, ready to publish."""

    snapshot: Snapshot
    outcome: Outcome
    cross: list[Finding] = field(default_factory=list)
    hints: dict[int, Hint] = field(default_factory=dict)  # by index in findings()

    def findings(self) -> list[Finding]:
        return sorted([*self.outcome.findings, *self.cross], key=Finding.sort_key)


class Worker(threading.Thread):
    """Checks snapshots in the background and calls ``publish`` (from this thread; the
    server moves it onto the editor's thread) with each result."""

    def __init__(
        self, projects: list[Project], *, publish: Callable[[Checked], None],
        problems: Callable[[dict[str, list[Problem]]], None],
        others: Callable[[str], list[Source]], log: Callable[[str], None],
        hints: Callable[[Project, Snapshot, list[Finding]], dict[int, Hint]],
    ) -> None:
        super().__init__(name="factlint-worker", daemon=True)
        self.projects = {p.root: p for p in projects}  # replaced whole, never changed
        self._roots: list[str] | None = None  # folders asked for, loaded on the next reload
        self._publish = publish
        self._problems = problems
        self._others = others
        self._log = log
        self._hints = hints
        self._cond = threading.Condition()
        self._pending: dict[str, Snapshot] = {}
        self._cross: dict[str, Checked] = {}
        self._shown_cross: dict[str, Checked] = {}  # uri -> last shown with cross findings
        self._reload = False
        self._forget_articles = False
        self._stopped = False
        self.ready = threading.Event()
        self._facts_problems: dict[str, Problem | None] = {}
        self._shown: dict[str, list[Problem]] = {}

    # -- the editor's thread ------------------------------------------------------------
    def submit(self, snapshot: Snapshot) -> None:
        with self._cond:
            self._pending[snapshot.uri] = snapshot
            self._cross.pop(snapshot.uri, None)
            self._cond.notify()

    def project(self, root: str) -> Project:
        """The project of workspace folder ``root`` (the first folder's for any other)."""
        projects = self.projects
        return projects.get(root) or next(iter(projects.values()))

    @property
    def roots(self) -> list[str]:
        return list(self.projects)

    def forget(self, uri: str) -> None:
        with self._cond:
            self._pending.pop(uri, None)
            self._cross.pop(uri, None)
            self._shown_cross.pop(uri, None)
            self._facts_problems.pop(uri, None)

    def set_roots(self, roots: list[str]) -> None:
        """The workspace's folders changed: their projects are (re)loaded on this thread."""
        with self._cond:
            self._roots = list(roots)
            self._reload = True
            self._cond.notify()

    def reload(self) -> None:
        with self._cond:
            self._reload = True
            self._cond.notify()

    def forget_articles(self) -> None:
        with self._cond:
            self._forget_articles = True

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()

    # -- this thread ----------------------------------------------------------------------
    def run(self) -> None:
        self._guard(self._load)
        self.ready.set()
        while True:
            job = self._next()
            if job is None:
                return
            if isinstance(job, Snapshot):
                self._guard(functools.partial(self._check, job))
            else:
                self._guard(functools.partial(self._compare, job))

    def _next(self) -> Snapshot | Checked | None:
        """The next job: a reload, the snapshot due first, else a cross-file comparison."""
        with self._cond:
            while True:
                if self._stopped:
                    return None
                if self._reload:
                    self._reload = False
                    self._cond.release()
                    try:
                        self._guard(self._load)
                    finally:
                        self._cond.acquire()
                    continue
                now = time.monotonic()
                if self._pending:
                    first = min(self._pending.values(), key=lambda s: s.due)
                    if first.due <= now:
                        del self._pending[first.uri]
                        return first
                    self._cond.wait(first.due - now)
                    continue
                if self._cross:
                    uri = next(iter(self._cross))
                    return self._cross.pop(uri)
                self._cond.wait()

    def _load(self) -> None:
        with self._cond:
            roots, self._roots = self._roots, None
        projects = dict(self.projects)
        if roots is not None:  # the folders changed: keep the projects of those that stay
            projects = {r: projects.get(r) or Project(r) for r in roots}
        for project in projects.values():
            self._enter(project)
            project.load()
            for warning in project.warnings():
                self._log(warning)
        self.projects = projects  # once loaded: the editor's thread reads their rules
        self._report_problems()

    def _enter(self, project: Project) -> Project:
        """Work in ``project``'s folder, as the CLI run there would."""
        if os.getcwd() != project.root:
            os.chdir(project.root)
        return project

    def _check(self, snapshot: Snapshot) -> None:
        project = self._enter(self.project(snapshot.root))
        outcome = project.check(snapshot.path, snapshot.text)
        for error in outcome.errors:
            self._log(error)
        self._facts_problems[snapshot.uri] = outcome.facts_problem
        self._report_problems()
        # The cross-file findings shown before stay, moved with their paragraphs, until
        # the comparison of this text returns; those on edited paragraphs go now.
        codes = set(project.cross_rules())
        before = self._shown_cross.get(snapshot.uri)
        kept = [] if before is None else carry(
            [f for f in before.cross if f.rule in codes], before.snapshot.text,
            snapshot.text)
        checked = Checked(snapshot, outcome, kept)
        checked.hints = self._hints(project, snapshot, checked.findings())
        self._remember(checked)
        self._publish(checked)
        if codes:
            with self._cond:
                if snapshot.uri not in self._pending:
                    self._cross[snapshot.uri] = checked

    def _compare(self, checked: Checked) -> None:
        snap = checked.snapshot
        project = self._enter(self.project(snap.root))
        with self._cond:
            forget, self._forget_articles = self._forget_articles, False
        if forget:
            for each in self.projects.values():
                each.forget_articles()
        others = self._others(snap.uri)
        cross = (project.cross_file(snap.path, snap.text, others)
                 if others or project.config.archive else [])
        if not cross and not checked.cross:
            return  # nothing shown before, nothing now
        done = Checked(snap, checked.outcome, cross)
        done.hints = self._hints(project, snap, done.findings())
        self._remember(done)
        self._publish(done)

    def _remember(self, checked: Checked) -> None:
        """Keep what is shown of a document's cross-file findings (for :func:`carry`)."""
        with self._cond:
            if checked.cross:
                self._shown_cross[checked.snapshot.uri] = checked
            else:
                self._shown_cross.pop(checked.snapshot.uri, None)

    def _report_problems(self) -> None:
        """Publish the files' problems that changed (a fixed file gets an empty list)."""
        now: dict[str, list[Problem]] = {}
        found = [*(p.config_problem for p in self.projects.values()),
                 *self._facts_problems.values()]
        for problem in found:
            if problem is not None and problem not in now.get(problem.path, []):
                now.setdefault(problem.path, []).append(problem)
        changed = {p: now.get(p, []) for p in {*now, *self._shown}
                   if now.get(p, []) != self._shown.get(p, [])}
        self._shown = now
        if changed:
            self._problems(changed)

    def _guard(self, step: Callable[[], Any]) -> None:
        """Run ``step``; a bug is logged to the editor, and the server goes on."""
        try:
            step()
        except Exception as exc:
            self._log(f"internal error: {type(exc).__name__}: {exc}\n{traceback.format_exc()}")


def carry(findings: list[Finding], old: str, new: str) -> list[Finding]:
    """``findings`` made on text ``old``, moved onto text ``new``: each whose span (a
    paragraph) is still there unchanged, with the same text before it on its line and a
    line break or the end after it, goes to the occurrence nearest its old place; the
    others are dropped."""
    if not findings:
        return []
    before, after = Lines(old), Lines(new)
    out = []
    for f in findings:
        start = before.starts[f.line - 1] + f.column - 1
        end = before.starts[f.end_line - 1] + f.end_column - 1
        span = old[start:end]
        lead = old[before.starts[f.line - 1]:start]
        best: int | None = None
        at = new.find(span)
        while span and at >= 0:
            line = _line_of(after, at)
            ends = at + len(span) == len(new) or new[at + len(span)] in "\r\n"
            if ends and new[after.starts[line]:at] == lead and (
                    best is None or abs(at - start) < abs(best - start)):
                best = at
            at = new.find(span, at + 1)
        if best is None:
            continue
        line = _line_of(after, best)
        last = _line_of(after, best + len(span))
        out.append(dataclasses.replace(
            f, line=line + 1, column=best - after.starts[line] + 1, end_line=last + 1,
            end_column=best + len(span) - after.starts[last] + 1))
    return out


def _line_of(lines: Lines, offset: int) -> int:
    """The 0-based line of a code-point offset."""
    return bisect.bisect_right(lines.starts, offset) - 1
