"""``factlint lsp``: the language server (pygls, over stdio).

Diagnostics for Markdown and plain-text documents on open, change (debounced) and save;
hovers that explain a finding's rule (and, for fact rules, the reference entry it rests
on); code actions that suppress a finding on its line or in its file, and that add a
name to the reference file (FL406/FL407). The checks run on one worker thread
(:mod:`factlint.lsp.worker`); a result is published only while its document is still
at the version it was computed for, so an edit in flight never shows stale positions.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from factlint import __version__
from factlint.finding import Finding, Fix
from factlint.lsp import convert, reference_edit, suppress
from factlint.lsp.project import Problem, Project
from factlint.lsp.worker import Checked, Hint, Snapshot, Worker
from factlint.parse import MARKDOWN_SUFFIXES, TEXT_SUFFIXES, detect_format
from factlint.results import Source

LANGUAGES = {"markdown", "plaintext", "text"}
DEBOUNCE = 0.3  # seconds of quiet after a change before it is checked
# Files whose change reloads the configuration or the reference facts.
WATCHED = ("**/.factlint.yaml", "**/.factlint.yml", "**/pyproject.toml", "**/*.yaml",
           "**/*.yml", *(f"**/*{s}" for s in sorted(MARKDOWN_SUFFIXES | TEXT_SUFFIXES)))
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.factlint"
_REFERENCE = re.compile(r"\(([^()\s]+?\.ya?ml):(\d+)[):]")


class FactlintServer(LanguageServer):
    """The server and what it knows of the editor's documents."""

    def __init__(self) -> None:
        super().__init__("factlint", __version__)
        self.root = os.getcwd()  # the first workspace folder
        self.roots: list[str] = [self.root]  # every workspace folder, absolute
        self.debounce = DEBOUNCE
        self.docs_url: str | None = None
        self.local_docs: tuple[str, dict[str, int]] | None = local_reference()
        self.worker: Worker | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.published: dict[str, Checked] = {}  # uri -> what its diagnostics show
        self.uses_document_changes = False
        self.shut_down = False

    # -- paths and documents ------------------------------------------------------------
    def root_of(self, uri: str) -> str:
        """The workspace folder ``uri`` is in (the innermost), else the first folder."""
        fs = os.path.abspath(to_fs_path(uri) or self.root)
        inside = [r for r in self.roots if fs == r or fs.startswith(r.rstrip(os.sep) + os.sep)]
        return max(inside, key=len) if inside else self.root

    def path_of(self, uri: str) -> str:
        """The path factlint reports for ``uri``: relative to its workspace folder when
        inside it (as ``factlint check`` run in that folder reports it)."""
        fs = to_fs_path(uri) or unquote(uri.rpartition("/")[2]) or "untitled"
        try:
            rel = os.path.relpath(fs, self.root_of(uri))
        except ValueError:
            return fs
        return fs if rel.startswith("..") else rel

    def is_article(self, uri: str, language: str | None) -> bool:
        path = to_fs_path(uri) or uri
        if self.local_docs is not None and uri_path(self.local_docs[0]) == path:
            return False  # the rule reference, opened from a diagnostic's link
        suffix = Path(path).suffix.lower()
        if suffix in MARKDOWN_SUFFIXES or suffix in TEXT_SUFFIXES:
            return True
        return language in LANGUAGES and suffix not in (".yaml", ".yml", ".toml")

    def snapshot(self, uri: str, delay: float) -> Snapshot | None:
        doc = self.workspace.text_documents.get(unquote(uri))
        if doc is None or not self.is_article(uri, doc.language_id):
            return None
        return Snapshot(uri, doc.version, self.path_of(uri), doc.source,
                        time.monotonic() + delay, self.root_of(uri))

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        snap = self.snapshot(uri, delay)
        if snap is not None and self.worker is not None:
            self.worker.submit(snap)

    def units(self, text: str) -> int:
        return int(self.workspace.position_codec.client_num_units(text))

    def docs_link(self, code: str, slug: str) -> str | None:
        """The rule's section of the rule reference: ``docsUrl#fl101-duplicate-heading``
        under ``docsUrl`` (an initialization option), else the line of its heading in
        the reference installed with factlint (``file:///.../rules.md#L120``, the
        fragment editors open a file at)."""
        if self.docs_url:
            return f"{self.docs_url}#{code.lower()}-{slug}"
        if self.local_docs is None:
            return None
        uri, lines = self.local_docs
        line = lines.get(code)
        return f"{uri}#L{line}" if line is not None else uri

    # -- results from the worker (moved onto the event loop's thread) -------------------
    def from_worker(self, callback: Any, *args: Any) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(callback, *args)

    def publish(self, checked: Checked) -> None:
        """Publish ``checked`` unless its document changed since (or was closed)."""
        snap = checked.snapshot
        doc = self.workspace.text_documents.get(unquote(snap.uri))
        if doc is None or doc.version != snap.version:
            return  # stale: a newer version is on its way, or the document is gone
        lines = convert.Lines(snap.text)
        diagnostics = [convert.diagnostic(f, lines, self.units, self.docs_link)
                       for f in checked.findings()]
        notes = []
        config_problem, facts_problem = (checked.outcome.config_problem,
                                         checked.outcome.facts_problem)
        if config_problem is not None:
            notes.append(f"configuration not loaded ({shown(config_problem, snap.root)}); "
                         "this article is checked with the default settings until it is fixed")
        if facts_problem is not None:
            notes.append(f"reference facts not loaded ({shown(facts_problem, snap.root)}); "
                         "fact checks are off for this article until the reference file is "
                         "fixed")
        start = types.Position(line=0, character=0)
        diagnostics += [types.Diagnostic(range=types.Range(start=start, end=start),
                                         message=note, source=convert.SOURCE,
                                         severity=types.DiagnosticSeverity.Information)
                        for note in notes]
        self.published[snap.uri] = checked
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=snap.uri, diagnostics=diagnostics, version=snap.version))

    def publish_problems(self, changed: dict[str, list[Problem]]) -> None:
        """Diagnostics on configuration and reference files (an empty list clears them)."""
        for path, problems in changed.items():
            diagnostics = [types.Diagnostic(
                range=convert.line_range(p.path, p.line, self.units),
                message=f"{p.what}: {p.message}",
                severity=types.DiagnosticSeverity.Error, source=convert.SOURCE)
                for p in problems]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=from_fs_path(path) or path, diagnostics=diagnostics))

    def log(self, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                       message=f"factlint: {message}"))

    # -- what the worker asks of the editor's documents ---------------------------------
    def others(self, uri: str) -> list[Source]:
        """The other articles of ``uri``'s workspace folder, with the editor's text of
        those that are open (called on the worker, in that folder)."""
        assert self.worker is not None
        open_docs = {os.path.realpath(to_fs_path(d.uri) or d.uri): d
                     for d in list(self.workspace.text_documents.values())}
        me = os.path.realpath(to_fs_path(uri) or uri)
        out = []
        for path in self.worker.project(self.root_of(uri)).articles():
            real = os.path.realpath(path)
            if real == me:
                continue
            doc = open_docs.get(real)
            out.append(Source(path, doc.source if doc is not None else None))
        return out


def uri_path(uri: str) -> str:
    return to_fs_path(uri) or uri


def local_reference(package: Path | None = None) -> tuple[str, dict[str, int]] | None:
    """The rule reference shipped with factlint (the wheel carries docs/rules.md as
    ``factlint/_docs/rules.md``; a checkout has its docs folder): its file URI and the
    1-based line of each rule's heading. ``package``: factlint's package folder."""
    package = package or Path(__file__).resolve().parents[1]
    for path in (package / "_docs" / "rules.md", package.parents[1] / "docs" / "rules.md"):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        heading = re.compile(r"^## (FL\d+) \S+$")
        lines = {m[1]: i for i, line in enumerate(text.split("\n"), 1)
                 if (m := heading.match(line))}
        return path.as_uri(), lines
    return None


def shown(problem: Problem, root: str) -> str:
    return f"{os.path.relpath(problem.path, root)}:{problem.line}: {problem.message}"


def hints(project: Project, snap: Snapshot, findings: list[Finding]) -> dict[int, Hint]:
    """The reference entries of the fact rules' findings (worked out on the worker)."""
    from factlint.facts.fuzzy import closest

    out: dict[int, Hint] = {}
    facts = None
    lines = convert.Lines(snap.text)
    for i, f in enumerate(findings):
        if not f.rule.startswith("FL4"):
            continue
        if facts is None:
            facts = project.facts_for(snap.path)
            if facts is None:
                return out
        hint = Hint(name=lines.span_text(f).strip())
        for path, line in dict.fromkeys(_REFERENCE.findall(f.message)):
            path = os.path.abspath(path)  # the worker runs in the article's folder
            hint.entries.append((path, int(line), _entry_text(path, int(line))))
        if f.rule in ("FL406", "FL407"):
            near = closest(facts, hint.name) if hint.name else None
            char = facts.character(near.full_name) if near is not None else None
            if char is not None and char.source:
                path, _, line = char.source.rpartition(":")
                path = os.path.abspath(path)
                hint.alias_of = (path, int(line), char.name)
                if not hint.entries:
                    hint.entries.append((path, int(line), _entry_text(path, int(line))))
            found = _characters_file(facts.paths)
            hint.characters_file = os.path.abspath(found) if found else None
        out[i] = hint
    return out


def _entry_text(path: str, line: int, most: int = 12) -> str:
    """The reference entry that 1-based ``line`` belongs to: the list item around it (a
    character, a season) with the lines indented under it, else the line alone."""
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return ""
    if not 0 < line <= len(lines):
        return ""

    def indent(text: str) -> int:
        return len(text) - len(text.lstrip(" "))

    first = line - 1
    limit = indent(lines[first]) + (1 if lines[first].lstrip().startswith("- ") else 0)
    for i in range(first, -1, -1):  # outwards through the parent keys to a list item
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if text.lstrip().startswith("- ") and indent(text) < limit:
            first = i
            break
        if indent(text) < limit:
            if indent(text) == 0:
                break  # a top-level key: the line is not in a list item
            limit = indent(text)
    dash = indent(lines[first])
    out = [lines[first]]
    for text in lines[first + 1:]:
        if len(out) >= most:
            out.append(" " * (dash + 2) + "...")
            break
        if text.strip() and indent(text) <= dash:
            break
        out.append(text)
    return "\n".join(out).rstrip()


def _characters_file(paths: list[str]) -> str | None:
    """The reference file a new character goes in: the first with a ``characters`` list."""
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if re.search(r"^characters:", text, re.M):
            return path
    return paths[-1] if paths else None


server = FactlintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: FactlintServer, params: types.InitializeParams) -> None:
    roots: list[str | None] = []
    if params.workspace_folders:
        roots = [to_fs_path(f.uri) for f in params.workspace_folders]
    elif params.root_uri:
        roots = [to_fs_path(params.root_uri)]
    elif params.root_path:
        roots = [params.root_path]
    folders = [os.path.abspath(r) for r in roots if r and os.path.isdir(r)]
    if folders:
        # The CLI finds the configuration and reference files from the folder it runs in,
        # and reports paths relative to it: each folder's articles are checked in it.
        os.chdir(folders[0])
    ls.root = os.getcwd()
    ls.roots = list(dict.fromkeys(folders)) or [ls.root]
    options = params.initialization_options
    if isinstance(options, dict):
        if isinstance(options.get("debounce"), int | float):
            ls.debounce = max(0.0, float(options["debounce"]) / 1000)
        if isinstance(options.get("docsUrl"), str):
            ls.docs_url = options["docsUrl"]
    ws = params.capabilities.workspace
    edit = ws.workspace_edit if ws is not None else None
    ls.uses_document_changes = bool(edit is not None and edit.document_changes)


@server.feature(types.INITIALIZED)
async def initialized(ls: FactlintServer, params: types.InitializedParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.worker = Worker(
        [Project(root) for root in ls.roots],
        publish=lambda checked: ls.from_worker(ls.publish, checked),
        problems=lambda changed: ls.from_worker(ls.publish_problems, changed),
        others=ls.others,
        log=lambda message: ls.from_worker(ls.log, message),
        hints=hints,
    )
    ls.worker.start()  # loads the model in the background
    for uri in list(ls.workspace.text_documents):
        ls.schedule(uri)
    ws = ls.client_capabilities.workspace
    watched = ws.did_change_watched_files if ws is not None else None
    if watched is not None and watched.dynamic_registration:
        # Changes on disk (a reference file edited elsewhere, a new article) reach the
        # server only through the editor's file watcher; without it, saves still do.
        try:
            await ls.client_register_capability_async(types.RegistrationParams(
                registrations=[types.Registration(
                    id="factlint-watched-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]),
                )]))
        except Exception as exc:  # the editor refused: saves still reload
            ls.log(f"could not watch the configuration and reference files: {exc}")


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FactlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FactlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FactlintServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if _is_settings_file(ls, uri):
        reload(ls)
    else:
        if ls.worker is not None:  # perhaps a new article, which the others compare with
            ls.worker.forget_articles()
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FactlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if ls.worker is not None:
        ls.worker.forget(uri)
    if ls.published.pop(uri, None) is not None:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri,
                                                                             diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_folders(ls: FactlintServer,
                       params: types.DidChangeWorkspaceFoldersParams) -> None:
    """A folder added to or removed from the workspace gets or loses its project."""
    removed = {os.path.abspath(to_fs_path(f.uri) or f.uri) for f in params.event.removed}
    added = [os.path.abspath(p) for f in params.event.added
             if (p := to_fs_path(f.uri)) and os.path.isdir(p)]
    roots = [r for r in ls.roots if r not in removed] + added
    ls.roots = list(dict.fromkeys(roots)) or [ls.root]
    ls.root = ls.roots[0]
    if ls.worker is not None:
        ls.worker.set_roots(ls.roots)
        for uri in list(ls.workspace.text_documents):
            ls.schedule(uri)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched(ls: FactlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(_is_settings_file(ls, change.uri) for change in params.changes):
        reload(ls)
    elif ls.worker is not None and any(
            change.type != types.FileChangeType.Changed and ls.is_article(change.uri, None)
            for change in params.changes):
        ls.worker.forget_articles()


def _is_settings_file(ls: FactlintServer, uri: str) -> bool:
    """Whether ``uri`` is a configuration, pack or reference file (one that applies or a
    new one that might): a change to it reloads the project."""
    path = to_fs_path(uri) or ""
    name = os.path.basename(path)
    if name in (".factlint.yaml", ".factlint.yml", "pyproject.toml", "facts.yaml"):
        return True
    if name.endswith(".facts.yaml"):
        return True
    projects = ls.worker.projects.values() if ls.worker is not None else ()
    return any(os.path.abspath(path) in p.config_files for p in projects)


def reload(ls: FactlintServer) -> None:
    """Reload the configuration and reference facts, then check every open article again."""
    if ls.worker is None:
        return
    ls.worker.reload()
    for uri in list(ls.workspace.text_documents):
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: FactlintServer, params: types.HoverParams) -> types.Hover | None:
    found = _at(ls, params.text_document.uri, params.position)
    if not found:
        return None
    parts = []
    root = ls.root_of(params.text_document.uri)
    rules = ls.worker.project(root).rules if ls.worker is not None else {}
    for finding, _rng, hint in found:
        cls = rules.get(finding.rule)
        text = [f"**{finding.rule} {finding.name}** ({finding.severity.value})", "",
                finding.message]
        if cls is not None:
            text += ["", cls.summary]
            if cls.explanation:
                text += ["", " ".join(cls.explanation.split())]
        for path, line, entry in hint.entries if hint is not None else []:
            text += ["", f"Reference entry, `{os.path.relpath(path, root)}:{line}`:"]
            if entry:
                text += ["```yaml", entry, "```"]
        link = ls.docs_link(finding.rule, finding.name)
        if link:
            text += ["", f"[{finding.rule} in the rule reference]({link})"]
        parts.append("\n".join(text))
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)),
                       range=found[0][1])


def _at(ls: FactlintServer, uri: str,
        where: types.Position | types.Range) -> list[tuple[Finding, types.Range, Hint | None]]:
    """The published findings at a position (or overlapping a range) of ``uri``, while the
    document is still at the version they were published for."""
    checked = ls.published.get(uri)
    doc = ls.workspace.text_documents.get(unquote(uri))
    if checked is None or doc is None or doc.version != checked.snapshot.version:
        return []
    lines = convert.Lines(checked.snapshot.text)
    out = []
    for i, finding in enumerate(checked.findings()):
        rng = convert.finding_range(finding, lines, ls.units)
        hit = (convert.contains(rng, where) if isinstance(where, types.Position)
               else convert.overlaps(rng, where))
        if hit:
            out.append((finding, rng, checked.hints.get(i)))
    return out


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
def code_action(ls: FactlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    only = params.context.only
    wanted = None if only is None else [str(kind) for kind in only]
    found = _at(ls, uri, params.range)
    actions: list[types.CodeAction] = []
    if wanted is None or any(k.startswith("quickfix") for k in wanted):
        actions += _quick_fixes(ls, uri, found)
    if wanted is None or any(FIX_ALL.startswith(k) for k in wanted):
        fix_all = _fix_all(ls, uri)
        if fix_all is not None:
            actions.append(fix_all)
    return actions


def _quick_fixes(ls: FactlintServer, uri: str,
                 found: list[tuple[Finding, types.Range, Hint | None]]) -> list[types.CodeAction]:
    if not found:
        return []
    checked = ls.published[uri]
    snap = checked.snapshot
    fmt = detect_format(snap.path, snap.text)
    lines = convert.Lines(snap.text)
    actions: list[types.CodeAction] = []
    seen_rules: set[str] = set()
    for finding, _rng, hint in found:
        diag = convert.diagnostic(finding, lines, ls.units, ls.docs_link)
        if finding.fix is not None:
            actions.append(_fix_action(ls, finding.fix, uri, snap.version, lines, diag))
        if hint is not None and hint.name:
            actions += _reference_actions(ls, finding, hint, diag)
        if finding.rule in seen_rules:
            continue
        seen_rules.add(finding.rule)
        line = finding.line - 1
        at_line = suppress.line_directive(fmt, lines.line(line), line, finding.rule)
        if at_line.text or at_line.end is not None:
            actions.append(_action(ls, f"Suppress {finding.rule} on this line", uri,
                                   snap.version, lines, [at_line], diag))
        in_file = suppress.file_directive(fmt, snap.text, finding.rule)
        if in_file.text or in_file.end is not None:
            actions.append(_action(ls, f"Suppress {finding.rule} in this file", uri,
                                   snap.version, lines, [in_file], diag))
    return actions


def _action(ls: FactlintServer, title: str, uri: str, version: int | None,
            lines: convert.Lines, inserts: list[suppress.Insert],
            diag: types.Diagnostic) -> types.CodeAction:
    edits = []
    for ins in inserts:
        text = lines.line(ins.line)
        start = types.Position(line=ins.line, character=ls.units(text[: ins.column]))
        end = start if ins.end is None else types.Position(
            line=ins.line, character=ls.units(text[: ins.end]))
        edits.append(types.TextEdit(range=types.Range(start=start, end=end),
                                    new_text=ins.text))
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag], edit=_workspace_edit(ls, uri, version, edits))


def _fix_all(ls: FactlintServer, uri: str) -> types.CodeAction | None:
    """Every safe fix of the document in one edit (what ``factlint check --fix`` applies);
    a fix that overlaps one before it is left for the next round."""
    checked = ls.published.get(uri)
    doc = ls.workspace.text_documents.get(unquote(uri))
    if checked is None or doc is None or doc.version != checked.snapshot.version:
        return None
    lines = convert.Lines(checked.snapshot.text)
    fixes = sorted((f.fix for f in checked.findings() if f.fix is not None and f.fix.safe),
                   key=lambda fix: min((e.line, e.column) for e in fix.edits))
    edits: list[types.TextEdit] = []
    taken: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for fix in fixes:
        spans = [((e.line, e.column), (e.end_line, e.end_column)) for e in fix.edits]
        if any(a < y and x < b for a, b in spans for x, y in taken):
            continue
        taken += spans
        edits += [types.TextEdit(
            range=types.Range(start=lines.position(e.line, e.column, ls.units),
                              end=lines.position(e.end_line, e.end_column, ls.units)),
            new_text=e.text) for e in fix.edits]
    if not edits:
        return None
    return types.CodeAction(title="Apply every safe factlint fix", kind=FIX_ALL,
                            edit=_workspace_edit(ls, uri, checked.snapshot.version, edits))


def _fix_action(ls: FactlintServer, fix: Fix, uri: str, version: int | None,
                lines: convert.Lines, diag: types.Diagnostic) -> types.CodeAction:
    """The rule's suggested replacement; a safe one is the preferred action (an editor's
    "fix this" picks it), an unsafe one says it needs a look."""
    edits = [types.TextEdit(
        range=types.Range(start=lines.position(e.line, e.column, ls.units),
                          end=lines.position(e.end_line, e.end_column, ls.units)),
        new_text=e.text) for e in fix.edits]
    title = fix.description if fix.safe else f"{fix.description} (check the result)"
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag], is_preferred=fix.safe,
                            edit=_workspace_edit(ls, uri, version, edits))


def _workspace_edit(ls: FactlintServer, uri: str, version: int | None,
                    edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    if ls.uses_document_changes:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri,
                                                                        version=version),
            edits=list(edits))])
    return types.WorkspaceEdit(changes={uri: list(edits)})


def _reference_actions(ls: FactlintServer, finding: Finding, hint: Hint,
                       diag: types.Diagnostic) -> list[types.CodeAction]:
    """"Add as alias" / "add as character" for FL406 and FL407: lines inserted in the
    reference file (the editor's text of it when it is open)."""
    out: list[types.CodeAction] = []
    if finding.rule not in ("FL406", "FL407"):
        return out
    wanted: list[tuple[str, str, Any]] = []
    if hint.alias_of is not None:
        path, line, entry = hint.alias_of
        wanted.append((f"Add '{hint.name}' to the reference as an alias of {entry}", path,
                       lambda text, line=line: reference_edit.add_alias(text, line,
                                                                        hint.name)))
    if hint.characters_file is not None:
        wanted.append((f"Add '{hint.name}' to the reference as a character",
                       hint.characters_file,
                       lambda text: reference_edit.add_character(text, hint.name)))
    for title, path, make in wanted:
        uri = from_fs_path(os.path.abspath(path)) or path
        doc = ls.workspace.text_documents.get(unquote(uri))
        try:
            text = doc.source if doc is not None else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        insert = make(text)
        if insert is None:
            continue
        lines = convert.Lines(text)
        pos = types.Position(line=insert.line,
                             character=ls.units(lines.line(insert.line)[: insert.column]))
        edit = types.TextEdit(range=types.Range(start=pos, end=pos), new_text=insert.text)
        out.append(types.CodeAction(
            title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
            edit=_workspace_edit(ls, uri, doc.version if doc is not None else None, [edit])))
    return out


@server.feature(types.SHUTDOWN)
def shutdown(ls: FactlintServer, params: None) -> None:
    ls.shut_down = True
    if ls.worker is not None:
        ls.worker.stop()


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit; the exit code is 0 after
    a shutdown request and 1 without one, as LSP asks."""
    server.start_io()
    # pygls closed stdout on exit: what the command flushes on its way out goes nowhere.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    if not server.shut_down:
        raise SystemExit(1)
