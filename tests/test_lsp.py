"""The language server, driven over stdio by pygls's client as an editor drives it: one
server for the module, started with ``factlint lsp`` in a small workspace."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

pytest.importorskip("pygls")

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 120.0  # the first check waits for the model to load

REFERENCE = """\
# The reference of the invented show these tests use.
work:
  title: Star Harbor
characters:
  - name: Mara Quell
    aliases: [Mara]
    gender: female
  # the rival
  - name: Tobin Vale
    gender: male
"""


SHARED = ("The harbor festival returns with lantern boats, street musicians, night markets "
          "and a fireworks finale that locals plan their whole summer around every year.")


class Client(LanguageClient):
    """Records what the server publishes; tests wait on it."""

    def __init__(self) -> None:
        super().__init__("factlint-tests", "1")
        self.diagnostics: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.logs: list[str] = []
        self.event = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics.setdefault(params.uri, []).append(params)
            self.event.set()

        self.registrations: list[types.Registration] = []

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def on_register(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            self.logs.append(params.message)

    async def published(self, uri: str, version: int | None = None, after: int = 0,
                        where: Any = None) -> types.PublishDiagnosticsParams:
        """The first diagnostics for ``uri`` (at ``version``, satisfying ``where``)
        published after the ``after``-th publication for it."""
        async def wait() -> types.PublishDiagnosticsParams:
            while True:
                for params in self.diagnostics.get(uri, [])[after:]:
                    if (version is None or params.version == version) and (
                            where is None or where(params)):
                        return params
                self.event.clear()
                await self.event.wait()
        return await asyncio.wait_for(wait(), TIMEOUT)

    def count(self, uri: str) -> int:
        return len(self.diagnostics.get(uri, []))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    (root / ".factlint.yaml").write_text("facts: [ref.facts.yaml]\n", encoding="utf-8")
    (root / "ref.facts.yaml").write_text(REFERENCE, encoding="utf-8")
    (root / "older.md").write_text(f"# Harbor lights\n\n{SHARED}\n", encoding="utf-8")
    broken = root / "broken"
    broken.mkdir()
    (broken / "facts.yaml").write_text("characters:\n  - name: Odd\n    gender: sometimes\n",
                                       encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def lsp(workspace: Path) -> Iterator[tuple[Client, asyncio.AbstractEventLoop]]:
    yield from serve(workspace, root_uri=workspace.as_uri(),
                     initialization_options={"debounce": 50})


def serve(cwd: Path, *args: str, **init: Any) -> Iterator[tuple[Client,
                                                                 asyncio.AbstractEventLoop]]:
    """``factlint lsp`` (with ``args``) started in ``cwd``, initialized with ``init``;
    shut down (exit code 0) when the caller is done."""
    loop = asyncio.new_event_loop()
    client = Client()
    loop.run_until_complete(client.start_io(sys.executable, "-m", "factlint", "lsp", *args,
                                            cwd=str(cwd)))
    caps = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True)))
    result = loop.run_until_complete(client.initialize_async(types.InitializeParams(
        capabilities=caps, **init)))
    assert result.server_info is not None and result.server_info.name == "factlint"
    client.initialized(types.InitializedParams())
    yield client, loop
    loop.run_until_complete(client.shutdown_async(None))
    client.exit(None)
    loop.run_until_complete(asyncio.wait_for(client._server.wait(), 30))  # type: ignore[union-attr]
    err = loop.run_until_complete(client._server.stderr.read())  # type: ignore[union-attr]
    assert client._server.returncode == 0, err  # type: ignore[union-attr]
    loop.run_until_complete(client.stop())
    loop.close()


def run(loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    return loop.run_until_complete(coro)


def open_doc(client: Client, path: Path, text: str, language: str = "markdown") -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1,
                                             text=text)))
    return uri


def change(client: Client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def by_code(params: types.PublishDiagnosticsParams, code: str) -> list[types.Diagnostic]:
    return [d for d in params.diagnostics if d.code == code]


def span(d: types.Diagnostic) -> tuple[int, int, int, int]:
    r = d.range
    return r.start.line, r.start.character, r.end.line, r.end.character


def apply_edit(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` with LSP ``edits`` applied (UTF-16 positions), last first."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return before + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return before + len(line)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                    reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


def edits_of(action: types.CodeAction) -> dict[str, list[types.TextEdit]]:
    assert action.edit is not None and action.edit.document_changes is not None
    out: dict[str, list[types.TextEdit]] = {}
    for change_ in action.edit.document_changes:
        assert isinstance(change_, types.TextDocumentEdit)
        out.setdefault(change_.text_document.uri, []).extend(
            e for e in change_.edits if isinstance(e, types.TextEdit))
    return out


def assert_local_docs_link(href: str, heading: str) -> None:
    """Without ``docsUrl`` a rule links to the line of its heading in the rule reference
    installed with factlint (a file URI with the ``#L<line>`` fragment editors open)."""
    uri, _, fragment = href.partition("#")
    path = Path(url2pathname(urlparse(uri).path))
    assert uri.startswith("file://") and path.name == "rules.md" and path.is_file(), href
    assert fragment.startswith("L"), href
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[int(fragment[1:]) - 1] == f"## {heading}"


def test_first_diagnostics_are_of_the_latest_text(lsp: Any, workspace: Path) -> None:
    # Sent while the model is still loading: version 1 is never checked, the first
    # diagnostics are those of version 2.
    client, loop = lsp
    uri = open_doc(client, workspace / "early.md", "# Early\n\n## A\n\nOne.\n\n## A\n\nTwo.\n")
    change(client, uri, 2, "# Early\n\nNothing repeats here.\n")
    params = run(loop, client.published(uri))
    assert params.version == 2
    assert by_code(params, "FL101") == []


HEADINGS = "# Star Harbor\n\n## 🚀 Plot\n\nThe crew sets out.\n\n## 🚀 Plot\n\nThey land.\n"


def test_diagnostics_on_open_with_exact_utf16_ranges(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    uri = open_doc(client, workspace / "headings.md", HEADINGS)
    params = run(loop, client.published(uri, version=1))
    dup = by_code(params, "FL101")
    assert len(dup) == 1
    d = dup[0]
    # "## 🚀 Plot" on line 7 (0-based 6): the rocket is two UTF-16 code units, so the
    # heading's text "🚀 Plot" runs from character 3 to 3 + 2 + 5 = 10.
    assert span(d) == (6, 3, 6, 10)
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.source == "factlint"
    assert d.code_description is not None
    assert_local_docs_link(d.code_description.href, "FL101 duplicate-heading")
    assert "repeats the heading on line 3" in d.message


def test_change_publishes_latest_version_only(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    uri = open_doc(client, workspace / "edits.md", "# Star Harbor\n\nA calm opening.\n")
    first = run(loop, client.published(uri, version=1))
    assert by_code(first, "FL101") == []
    seen = client.count(uri)
    # Version 2 is superseded by version 3 before its result could be shown: whether or not
    # its check had started, only version 3's diagnostics may be published.
    change(client, uri, 2, "# Star Harbor\n\n## A\n\nx y.\n\n## A\n\nz w.\n")
    change(client, uri, 3, "# Star Harbor\n\nIntro.\n\n## Cast\n\nOne.\n\n## Cast\n\nTwo.\n")
    latest = run(loop, client.published(uri, version=3, after=seen))
    assert [p.version for p in client.diagnostics[uri][seen:]] == [3]
    assert [span(d) for d in by_code(latest, "FL101")] == [(8, 3, 8, 7)]


def test_hover_explains_the_rule(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    uri = open_doc(client, workspace / "hover.md", HEADINGS)
    run(loop, client.published(uri, version=1))
    hover = run(loop, client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=6, character=6))))
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    assert "**FL101 duplicate-heading**" in value
    link = re.search(r"\[FL101 in the rule reference\]\(([^)]+)\)", value)
    assert link is not None, value
    assert_local_docs_link(link[1], "FL101 duplicate-heading")
    nothing = run(loop, client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=4, character=2))))
    assert nothing is None


def _actions(client: Client, loop: Any, uri: str, line: int, char: int) -> list[Any]:
    pos = types.Position(line=line, character=char)
    return list(run(loop, client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=pos, end=pos),
        context=types.CodeActionContext(diagnostics=[])))) or [])


def test_suppress_actions_write_markdown_directives(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    uri = open_doc(client, workspace / "suppress.md", HEADINGS)
    run(loop, client.published(uri, version=1))
    actions = {a.title: a for a in _actions(client, loop, uri, 6, 5)}
    line = actions["Suppress FL101 on this line"]
    new = apply_edit(HEADINGS, edits_of(line)[uri])
    assert new.split("\n")[6] == "## 🚀 Plot <!-- factlint-disable-line FL101 -->"
    whole = apply_edit(HEADINGS, edits_of(actions["Suppress FL101 in this file"])[uri])
    assert whole.startswith("<!-- factlint-disable-file FL101 -->\n# Star Harbor\n")
    # Applied, the edit silences the finding.
    change(client, uri, 2, new)
    after = run(loop, client.published(uri, version=2))
    assert by_code(after, "FL101") == []


def test_suppress_action_in_plain_text(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    text = "Star Harbor returns\n\nThe crew is back!!!!!! It is a good day.\n"
    uri = open_doc(client, workspace / "notes.txt", text, language="plaintext")
    params = run(loop, client.published(uri, version=1))
    marks = by_code(params, "FL504")
    assert marks, params.diagnostics
    d = marks[0]
    actions = {a.title: a for a in _actions(client, loop, uri, d.range.start.line,
                                            d.range.start.character)}
    new = apply_edit(text, edits_of(actions["Suppress FL504 on this line"])[uri])
    assert new.split("\n")[2].endswith("good day. factlint: disable-line=FL504")


def test_unknown_character_can_be_added_to_the_reference(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    text = "# Star Harbor\n\nMara Quel meets the captain. She smiles.\n"
    uri = open_doc(client, workspace / "names.md", text)
    params = run(loop, client.published(uri, version=1))
    near = by_code(params, "FL407")
    assert [span(d) for d in near] == [(2, 0, 2, 9)], params.diagnostics
    hover = run(loop, client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=2, character=2))))
    assert "ref.facts.yaml:5" in hover.contents.value
    assert "- name: Mara Quell" in hover.contents.value
    actions = {a.title: a for a in _actions(client, loop, uri, 2, 2)}
    ref_uri = (workspace / "ref.facts.yaml").as_uri()
    alias = edits_of(actions["Add 'Mara Quel' to the reference as an alias of Mara Quell"])
    assert apply_edit(REFERENCE, alias[ref_uri]) == REFERENCE.replace(
        "aliases: [Mara]", "aliases: [Mara, Mara Quel]")
    character = edits_of(actions["Add 'Mara Quel' to the reference as a character"])
    assert apply_edit(REFERENCE, character[ref_uri]) == REFERENCE + "  - name: Mara Quel\n"
    [spelling] = [a for a in actions.values() if a.is_preferred]
    assert apply_edit(text, edits_of(spelling)[uri]) == text.replace("Mara Quel ", "Mara Quell ")


def test_reference_error_is_a_diagnostic_on_its_file(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    facts = workspace / "broken" / "facts.yaml"
    uri = open_doc(client, workspace / "broken" / "post.md",
                   "# Star Harbor\n\n## Cast\n\nOne.\n\n## Cast\n\nTwo.\n")
    params = run(loop, client.published(uri, version=1))
    assert len(by_code(params, "FL101")) == 1  # the other rules still run
    assert any("reference facts not loaded" in d.message for d in params.diagnostics)
    problem = run(loop, client.published(facts.as_uri()))
    [d] = problem.diagnostics
    assert d.range.start.line == 2  # "gender: sometimes", line 3
    assert "gender" in d.message
    seen = client.count(facts.as_uri())
    facts.write_text("characters:\n  - name: Odd\n    gender: female\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=facts.as_uri(), type=types.FileChangeType.Changed)]))
    cleared = run(loop, client.published(facts.as_uri(), after=seen))
    assert not cleared.diagnostics


def test_cross_file_duplicates_in_the_background(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    text = f"# Festival guide\n\nSomething new to start.\n\n{SHARED}\n"
    uri = open_doc(client, workspace / "guide.md", text)
    first = run(loop, client.published(uri, version=1))
    assert by_code(first, "FL206") == []  # published before the comparison ran
    later = run(loop, client.published(uri, version=1,
                                       where=lambda p: bool(by_code(p, "FL206"))))
    assert by_code(later, "FL101") == by_code(first, "FL101")
    [dup] = by_code(later, "FL206")
    assert dup.range.start.line == 4
    assert "older.md" in dup.message


def test_cross_file_findings_stay_while_typing(lsp: Any, workspace: Path) -> None:
    # FL206's findings come from the background comparison. A change publishes the
    # article's own findings first: FL206's previous ones stay on the paragraphs that did
    # not change, moved with them, until the new comparison returns; an edited
    # paragraph loses its old one at once.
    client, loop = lsp
    text = f"# Festival notes\n\nA first line of our own.\n\n{SHARED}\n"
    uri = open_doc(client, workspace / "typing.md", text)
    found = run(loop, client.published(uri, version=1,
                                       where=lambda p: bool(by_code(p, "FL206"))))
    [before] = by_code(found, "FL206")
    assert span(before)[0] == 4
    seen = client.count(uri)
    moved = f"# Festival notes\n\nA first line of our own.\n\nA new paragraph.\n\n{SHARED}\n"
    change(client, uri, 2, moved)
    first = run(loop, client.published(uri, version=2, after=seen))
    [kept] = by_code(first, "FL206")  # before the comparison: the old finding, moved
    assert span(kept) == (6, 0, 6, span(before)[3])
    assert kept.message == before.message
    later = run(loop, client.published(uri, version=2, after=client.count(uri) - 1,
                                       where=lambda p: p is not first))
    assert [span(d) for d in by_code(later, "FL206")] == [span(kept)]
    seen = client.count(uri)
    edited = moved.replace(SHARED, SHARED.replace("lantern boats", "paper lanterns"))
    change(client, uri, 3, edited)
    third = run(loop, client.published(uri, version=3, after=seen))
    assert by_code(third, "FL206") == []  # the paragraph changed: its old finding went


def test_the_rule_reference_is_not_checked(lsp: Any, workspace: Path) -> None:
    # Following a diagnostic's link opens the rule reference in the editor: it is
    # factlint's own page, not an article.
    client, loop = lsp
    params = run(loop, client.published(open_doc(client, workspace / "linked.md", HEADINGS),
                                        version=1))
    href = by_code(params, "FL101")[0].code_description.href
    reference = Path(url2pathname(urlparse(href).path))
    ref_uri = open_doc(client, reference, reference.read_text(encoding="utf-8"))
    after = open_doc(client, workspace / "after-reference.md", HEADINGS)
    run(loop, client.published(after, version=1))
    assert client.count(ref_uri) == 0
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=ref_uri)))


def test_save_checks_again(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    uri = open_doc(client, workspace / "save.md", HEADINGS)
    run(loop, client.published(uri, version=1))
    change(client, uri, 2, HEADINGS + "\n## 🚀 Plot\n\nAgain.\n")
    run(loop, client.published(uri, version=2))
    seen = client.count(uri)
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    again = run(loop, client.published(uri, after=seen))
    assert again.version == 2
    assert len(by_code(again, "FL101")) == 2


def test_config_error_is_a_diagnostic_and_defaults_are_used(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    article = open_doc(client, workspace / "configured.md",
                       "# Star Harbor\n\nIntro.\n\n## Cast\n\nOne.\n\n## Cast\n\nTwo.\n")
    run(loop, client.published(article, version=1))
    config = workspace / ".factlint.yaml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good + "colour: blue\n", encoding="utf-8")
    seen = client.count(config.as_uri())
    article_seen = client.count(article)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    params = run(loop, client.published(config.as_uri(), after=seen))
    [d] = params.diagnostics
    assert d.range.start.line == 1
    assert "unknown key 'colour'" in d.message
    # Open articles are checked again, with the defaults.
    again = run(loop, client.published(article, after=article_seen))
    assert [span(d) for d in by_code(again, "FL101")] == [(8, 3, 8, 7)]
    assert any(d.message.startswith("configuration not loaded (.factlint.yaml:2: unknown key")
               for d in again.diagnostics)
    config.write_text(good, encoding="utf-8")
    seen = client.count(config.as_uri())
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    assert not run(loop, client.published(config.as_uri(), after=seen)).diagnostics


def test_without_pygls_one_line_and_exit_2(tmp_path: Path) -> None:
    import subprocess

    code = ("import sys; sys.modules['pygls'] = None; sys.argv = ['factlint', 'lsp']; "
            "from factlint.cli import entry; entry()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == ("factlint: error: the language server needs pygls, which is not "
                           "installed: pip install 'factlint[lsp]'\n")


def test_suggested_replacements_are_quick_fixes(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    text = "# Star Harbor\n\nThe crew 🚀 sets out to to the harbor at dawn.\n"
    uri = open_doc(client, workspace / "fixes.md", text)
    params = run(loop, client.published(uri, version=1))
    [d] = by_code(params, "FL506")
    assert span(d) == (2, 21, 2, 26)  # "to to": 20 code points in, the rocket two units
    actions = _actions(client, loop, uri, 2, 25)
    [fix] = [a for a in actions if a.title == "Delete the repeated 'to'"]
    assert fix.is_preferred
    fixed = apply_edit(text, edits_of(fix)[uri])
    assert fixed == "# Star Harbor\n\nThe crew 🚀 sets out to the harbor at dawn.\n"
    change(client, uri, 2, fixed)
    assert by_code(run(loop, client.published(uri, version=2)), "FL506") == []


def test_fix_all_applies_every_safe_fix(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    text = "# Star Harbor\n\nThey sail to to the harbor and and rest.\n\nSo good!!!!!!\n"
    uri = open_doc(client, workspace / "fixall.md", text)
    run(loop, client.published(uri, version=1))
    pos = types.Position(line=0, character=0)
    actions = list(run(loop, client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=pos, end=pos),
        context=types.CodeActionContext(diagnostics=[],
                                        only=[types.CodeActionKind.SourceFixAll])))))
    [fix_all] = actions
    assert fix_all.kind == "source.fixAll.factlint"
    fixed = apply_edit(text, edits_of(fix_all)[uri])
    assert fixed == "# Star Harbor\n\nThey sail to the harbor and rest.\n\nSo good!\n"


def test_hover_on_a_fact_finding_shows_the_reference_entry(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    text = "# Star Harbor\n\nTobin Vale boards the ship. She waves at the crowd.\n"
    uri = open_doc(client, workspace / "gender.md", text)
    params = run(loop, client.published(uri, version=1))
    [d] = by_code(params, "FL401")
    hover = run(loop, client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start)))
    value = hover.contents.value
    assert "Reference entry, `ref.facts.yaml:10`:" in value  # its gender line
    assert "```yaml\n  - name: Tobin Vale\n    gender: male\n```" in value


def test_saving_the_reference_reloads_it(lsp: Any, workspace: Path) -> None:
    client, loop = lsp
    text = "# Star Harbor\n\nTobyn Vale waves at the crowd.\n"
    uri = open_doc(client, workspace / "saved.md", text)
    assert by_code(run(loop, client.published(uri, version=1)), "FL407")
    ref = workspace / "ref.facts.yaml"
    before = ref.read_text(encoding="utf-8")
    ref.write_text(before.replace("  - name: Tobin Vale\n",
                                  "  - name: Tobin Vale\n    aliases: [Tobyn Vale]\n"),
                   encoding="utf-8")
    seen = client.count(uri)
    try:
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=ref.as_uri())))
        after = run(loop, client.published(uri, after=seen))
        assert by_code(after, "FL407") == []
    finally:
        ref.write_text(before, encoding="utf-8")
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=ref.as_uri())))


def test_watches_settings_and_articles(lsp: Any) -> None:
    client, loop = lsp
    run(loop, asyncio.wait_for(_registered(client), TIMEOUT))
    [reg] = client.registrations
    assert reg.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    options = reg.register_options  # as sent: the client does not know its type
    assert isinstance(options, dict)
    globs = {w["globPattern"] for w in options["watchers"]}
    assert {"**/.factlint.yaml", "**/*.yaml", "**/pyproject.toml", "**/*.md"} <= globs


async def _registered(client: Client) -> None:
    while not client.registrations:
        await asyncio.sleep(0.05)


MULTI_ARTICLE = ("# Star Harbor\n\n## Plot\n\nMara Quell packs her bag before the storm.\n\n"
                 "## Plot\n\nThe harbor empties by night.\n")


@pytest.fixture(scope="module")
def multi_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two workspace folders, each with its own settings as the CLI finds them: ``north``
    has a configuration (FL101 off) naming its reference (Mara is female); ``south`` has
    no configuration and a facts.yaml beside its articles (Mara is male)."""
    top = tmp_path_factory.mktemp("multi")
    north, south = top / "north", top / "south"
    (north / "refs").mkdir(parents=True)
    south.mkdir()
    (north / ".factlint.yaml").write_text("ignore: [FL101]\nfacts: [refs/cast.facts.yaml]\n",
                                          encoding="utf-8")
    (north / "refs" / "cast.facts.yaml").write_text(REFERENCE, encoding="utf-8")
    (south / "facts.yaml").write_text(REFERENCE.replace("gender: female", "gender: male"),
                                      encoding="utf-8")
    (south / "older.md").write_text(f"# Harbor lights\n\n{SHARED}\n", encoding="utf-8")
    return top


@pytest.fixture(scope="module")
def multi(multi_root: Path) -> Iterator[tuple[Client, asyncio.AbstractEventLoop]]:
    # Started elsewhere, with --stdio as vscode-languageclient passes it.
    folders = [types.WorkspaceFolder(uri=(multi_root / name).as_uri(), name=name)
               for name in ("north", "south")]
    yield from serve(multi_root.parent, "--stdio", workspace_folders=folders,
                     initialization_options={"debounce": 50,
                                             "docsUrl": "https://example.org/rules.html"})


def test_multi_root_folders_have_their_own_settings(multi: Any, multi_root: Path) -> None:
    client, loop = multi
    north = run(loop, client.published(open_doc(client, multi_root / "north" / "post.md",
                                                MULTI_ARTICLE), version=1))
    south = run(loop, client.published(open_doc(client, multi_root / "south" / "post.md",
                                                MULTI_ARTICLE), version=1))
    # north's configuration turns FL101 off and its reference agrees with "her".
    assert by_code(north, "FL101") == [] and by_code(north, "FL401") == []
    # south has no configuration, and the facts.yaml beside it says Mara is male.
    assert [span(d) for d in by_code(south, "FL101")] == [(6, 3, 6, 7)]
    [gender] = by_code(south, "FL401")
    assert span(gender) == (4, 17, 4, 20)
    assert "(facts.yaml:7)" in gender.message  # named as the CLI run in south names it
    href = by_code(south, "FL101")[0].code_description.href
    assert href == "https://example.org/rules.html#fl101-duplicate-heading"
    hover = run(loop, client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=(multi_root / "south" / "post.md")
                                                   .as_uri()),
        position=gender.range.start)))
    assert "Reference entry, `facts.yaml:7`:" in hover.contents.value


def test_multi_root_cross_file_within_the_folder(multi: Any, multi_root: Path) -> None:
    # FL206 compares an article with its own folder's articles, as `factlint check .`
    # run in that folder would: south's older.md, never north's files.
    client, loop = multi
    text = f"# Festival\n\nOur own opening line.\n\n{SHARED}\n"
    (multi_root / "north" / "festival.md").write_text(text, encoding="utf-8")
    uri = open_doc(client, multi_root / "south" / "festival.md", text)
    found = run(loop, client.published(uri, version=1,
                                       where=lambda p: bool(by_code(p, "FL206"))))
    [dup] = by_code(found, "FL206")
    assert "older.md line 3" in dup.message and "north" not in dup.message


def test_workspace_folders_added_later(multi: Any, multi_root: Path) -> None:
    client, loop = multi
    east = multi_root / "east"
    east.mkdir()
    (east / ".factlint.yaml").write_text("select: [FL101]\n", encoding="utf-8")
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(
            added=[types.WorkspaceFolder(uri=east.as_uri(), name="east")], removed=[])))
    params = run(loop, client.published(open_doc(client, east / "post.md", MULTI_ARTICLE),
                                        version=1))
    assert {d.code for d in params.diagnostics} == {"FL101"}  # east's own selection


def test_the_wheel_ships_the_rule_reference_the_server_links(tmp_path: Path) -> None:
    # An installed wheel has no docs/ folder: it carries docs/rules.md as package data,
    # where the server looks for it first (the fresh install of scripts/verify_vscode.sh
    # follows such a link in VS Code).
    import tomllib

    from factlint.lsp import server

    top = Path(__file__).resolve().parents[1]
    project = tomllib.loads((top / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["docs/rules.md"] == "factlint/_docs/rules.md"
    local = server.local_reference()
    assert local is not None
    uri, lines = local
    assert uri == (top / "docs" / "rules.md").as_uri()  # a checkout: its own docs folder
    assert len(lines) >= 32 and lines["FL101"] > 1
    # The installed layout: site-packages/factlint/_docs/rules.md, no docs/ above it.
    installed = tmp_path / "site-packages" / "factlint"
    (installed / "_docs").mkdir(parents=True)
    (installed / "_docs" / "rules.md").write_text(
        "# Rule reference\n\n## FL101 duplicate-heading\n\ntext\n", encoding="utf-8")
    assert server.local_reference(installed) == (
        (installed / "_docs" / "rules.md").as_uri(), {"FL101": 3})
    assert server.local_reference(tmp_path / "nowhere" / "factlint") is None
