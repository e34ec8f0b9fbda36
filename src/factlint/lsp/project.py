"""The language server's view of a workspace: its configuration, rules and reference facts,
found and loaded as the CLI finds them (run from the workspace root), and the checks.

Everything here runs on the server's one worker thread: a spaCy pipeline is not shared
between threads, and one thread keeps the checks in order.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factlint.checker import Checker
from factlint.config import Config
from factlint.engine import Engine
from factlint.errors import FactlintError
from factlint.finding import Finding
from factlint.registry import CorpusRule, Rule
from factlint.results import Source

# "path:line: message" as FactlintError formats a problem in a file (some errors carry the
# place only in their text, e.g. those raised with Config.where()).
_WHERE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """A configuration, pack or reference file the server could not use, and why."""

    path: str  # absolute
    line: int  # 1-based
    message: str
    what: str  # "configuration" | "reference facts"


def problem_of(exc: FactlintError, what: str, fallback: str | None) -> Problem | None:
    """Where in which file ``exc`` is (its own path and line, else those its message
    starts with, else ``fallback``'s first line); None when it names no file."""
    path, line, message = exc.path, exc.line, exc.detail
    if path is None:
        m = _WHERE.match(str(exc))
        if m is not None:
            path, line, message = m["path"], int(m["line"]), m["message"]
        elif fallback is not None:
            path, line, message = fallback, 1, str(exc)
    if path is None:
        return None
    return Problem(os.path.abspath(path), line or 1, message, what)


@dataclass
class Outcome:
    """What checking one text gave: its findings, and the files that got in the way."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    facts_problem: Problem | None = None
    config_problem: Problem | None = None  # the defaults were used instead


class Project:
    """The rules, configuration and facts of one workspace (the server's working folder)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.engine: Engine | None = None
        self.config = Config()
        self.config_problem: Problem | None = None
        self.config_files: set[str] = set()  # absolute paths whose change means a reload
        self._no_facts: Checker | None = None  # for articles whose reference is broken
        self._cross: Engine | None = None
        self._articles: list[str] | None = None

    # -- loading ------------------------------------------------------------------------
    def load(self) -> None:
        """(Re)read the configuration and build the run's rules; the model is loaded too
        (once per process: a reload reuses it). A broken configuration becomes a problem
        on its file, and the defaults are used until it is fixed."""
        from factlint.cli_common import load_run_config
        from factlint.config import discover

        found = discover(Path(self.root))
        self.config_problem = None
        self.config_files = {os.path.abspath(found)} if found else set()
        self._no_facts = self._cross = None
        self._articles = None
        try:
            config = load_run_config(None, False)
            engine = Engine(config)
        except FactlintError as exc:
            self.config_problem = problem_of(exc, "configuration",
                                             str(found) if found else None)
            config = Config()
            engine = Engine(config)
        self.config, self.engine = config, engine
        self.config_files |= {os.path.abspath(p) for p in [*config.facts, *config.packs]}
        engine.nlp()  # the model, loaded now rather than on the first keystroke

    def warnings(self) -> list[str]:
        """What the CLI would warn of for this set-up (a model lacking a component)."""
        return list(dict.fromkeys(self.engine.warnings)) if self.engine is not None else []

    @property
    def rules(self) -> dict[str, type[Rule]]:
        assert self.engine is not None
        return self.engine.by_code

    def facts_for(self, path: str) -> Any:
        """The reference facts of ``path`` (None without any, or when they are broken)."""
        assert self.engine is not None
        try:
            return self.engine.checker.facts_for(path)
        except FactlintError:
            return None

    # -- checking -----------------------------------------------------------------------
    def check(self, path: str, text: str) -> Outcome:
        """Every rule but the cross-file ones on ``text``, as ``factlint check`` would
        report it at ``path`` (relative to the workspace root)."""
        assert self.engine is not None
        out = Outcome(config_problem=self.config_problem)
        checker = self.engine.checker
        try:
            checker.facts_for(path)
        except FactlintError as exc:
            out.facts_problem = problem_of(exc, "reference facts", None)
            checker = self._checker_without_facts()
        for _, result in checker.check_texts([(0, path, text)]):
            out.findings = self._shown(result.findings)
            out.errors = result.errors
        return out

    def cross_rules(self) -> list[str]:
        assert self.engine is not None
        return [r.code for r in self.engine.rules if isinstance(r, CorpusRule)]

    def cross_file(self, path: str, text: str, others: Iterable[Source]) -> list[Finding]:
        """The cross-file rules' findings on ``text`` compared with ``others`` (the
        workspace's articles) and the configured archive, through the CLI's archive run
        (its cache keeps the other articles' summaries between checks)."""
        assert self.engine is not None
        codes = self.cross_rules()
        if not codes:
            return []
        if self._cross is None:
            config = dataclasses.replace(self.config, select=codes)
            self._cross = Engine(config)
            from factlint.cli_common import default_cache_dir

            self._cross.use_cache(default_cache_dir(config))
        try:
            result = self._cross.run([Source(path, text)], archive=list(others))
        except FactlintError:
            return []
        return self._shown([f for f in result.findings if f.path == path])

    def articles(self) -> list[str]:
        """The workspace's articles, as ``factlint check .`` would find them (listed once,
        until a reload or :meth:`forget_articles`)."""
        assert self.engine is not None
        if self._articles is None:
            sources, _ = self.engine.expand(["."])
            self._articles = [s.path for s in sources]
        return self._articles

    def forget_articles(self) -> None:
        """An article was added or removed: list them again when next needed."""
        self._articles = None

    def _checker_without_facts(self) -> Checker:
        assert self.engine is not None
        if self._no_facts is None:
            config = dataclasses.replace(self.config, facts=[])
            self._no_facts = Checker(config, reference_facts=False,
                                     packs=self.engine.checker.packs)
        return self._no_facts

    def _shown(self, findings: list[Finding]) -> list[Finding]:
        """Findings at or above the configured ``min-severity``, as the CLI shows them."""
        from factlint.finding import Severity

        floor = Severity.parse(self.config.min_severity).rank
        return sorted((f for f in findings if f.severity.rank >= floor), key=Finding.sort_key)
