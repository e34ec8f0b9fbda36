"""The server's one worker thread: loads the model, then checks the latest text of each
document that changed, and after that compares it with the workspace's other articles.

The editor's thread only hands over snapshots (uri, version, text) and never waits. A
newer snapshot of a document replaces the one waiting, so a check always starts on the
latest text; a change waits ``debounce`` seconds of quiet before it is checked. The
first checks after start wait for the model, and then see only the latest texts.
"""

from __future__ import annotations

import functools
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from factlint.finding import Finding
from factlint.lsp.project import Outcome, Problem, Project
from factlint.results import Source


@dataclass(frozen=True)
class Snapshot:
    """One version of an open document, as the editor last sent it."""

    uri: str
    version: int | None
    path: str  # as factlint reports it (relative to the workspace root when inside it)
    text: str
    due: float = 0.0  # monotonic time before which it is not checked (debounce)


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
        self, project: Project, *, publish: Callable[[Checked], None],
        problems: Callable[[dict[str, list[Problem]]], None],
        others: Callable[[str], list[Source]], log: Callable[[str], None],
        hints: Callable[[Project, Snapshot, list[Finding]], dict[int, Hint]],
    ) -> None:
        super().__init__(name="factlint-worker", daemon=True)
        self.project = project
        self._publish = publish
        self._problems = problems
        self._others = others
        self._log = log
        self._hints = hints
        self._cond = threading.Condition()
        self._pending: dict[str, Snapshot] = {}
        self._cross: dict[str, Checked] = {}
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

    def forget(self, uri: str) -> None:
        with self._cond:
            self._pending.pop(uri, None)
            self._cross.pop(uri, None)
            self._facts_problems.pop(uri, None)

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
        self.project.load()
        for warning in self.project.warnings():
            self._log(warning)
        self._report_problems()

    def _check(self, snapshot: Snapshot) -> None:
        outcome = self.project.check(snapshot.path, snapshot.text)
        for error in outcome.errors:
            self._log(error)
        self._facts_problems[snapshot.uri] = outcome.facts_problem
        self._report_problems()
        checked = Checked(snapshot, outcome)
        checked.hints = self._hints(self.project, snapshot, checked.findings())
        self._publish(checked)
        if self.project.cross_rules():
            with self._cond:
                if snapshot.uri not in self._pending:
                    self._cross[snapshot.uri] = checked

    def _compare(self, checked: Checked) -> None:
        snap = checked.snapshot
        with self._cond:
            forget, self._forget_articles = self._forget_articles, False
        if forget:
            self.project.forget_articles()
        others = self._others(snap.uri)
        if not others and not self.project.config.archive:
            return
        cross = self.project.cross_file(snap.path, snap.text, others)
        if not cross:
            return
        done = Checked(snap, checked.outcome, cross)
        done.hints = self._hints(self.project, snap, done.findings())
        self._publish(done)

    def _report_problems(self) -> None:
        """Publish the files' problems that changed (a fixed file gets an empty list)."""
        now: dict[str, list[Problem]] = {}
        found = [self.project.config_problem, *self._facts_problems.values()]
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
